"""The real extent of a sheet, found before python-calamine reads it, and the sheets read without it.

calamine allocates every cell of the rectangle from the sheet's first to its last used cell: one
stray value at XFD1048576 asks for 550 GB and aborts the process (a Rust allocation failure that no
`except` can catch), one at CV1048576 takes minutes. The `<dimension>` element cannot be trusted
(writers leave it stale, or write just A1). So each sheet's XML is scanned first, as bytes:

- .xlsx: cells are written in order, so each piece's last cell address gives its last row; one
  regular-expression search per piece looks for a cell beyond the extent so far (or a cell
  without its address, which calamine would place by counting), and only the pieces where it
  finds one have every address read. The common case costs about a quarter of calamine's time.
- .ods: content.xml spells long runs of empty cells and rows as one element with a repeat count;
  a sheet is suspect when such a run is followed by a cell with content in the same row or sheet,
  or when it is never closed (calamine would never return). (Its merged cells and its hidden rows
  and columns, which calamine does not report, are found in the same bytes.)
- .xls: calamine holds every sheet whole as soon as it opens the file, so every cell record of
  the file gives its row and column first (a sixth to a third of calamine's time); the same pass
  finds the hidden rows and columns, which calamine does not report for an .xls.

A sheet whose rectangle is much larger than the cells it holds is read here instead, cell by cell
(openpyxl's sheet parser for .xlsx, an ElementTree pass for .ods, xlrd for .xls), in time and memory
that grow with its cells, not its rectangle. Cells far away from the rest (a value typed by mistake at the bottom
right) are then left out and reported by address (`Stray`).
"""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from defusedxml import ElementTree as SafeET

from gapcheck.errors import column_letter
from gapcheck.messages import _
from gapcheck.model import Note

# A rectangle of up to this many cells is read by calamine whatever it holds (160 MB at most);
# above it, only when the cells fill at least 1/RATIO of it.
MIN_AREA = 4_000_000
RATIO = 8
# Cells separated from the rest of the sheet by this many empty rows or columns, and few enough to
# be a slip (at most STRAY_MAX, or 1 % of the sheet's cells), are strays.
ROW_GAP = 1_000
COLUMN_GAP = 100
STRAY_MAX = 20
SHOWN = 5  # stray cells named in the warning


def too_big(rows: int, columns: int, cells: int) -> bool:
    """Whether a rectangle of rows × columns is out of proportion to the cells it holds."""
    return rows * columns > max(MIN_AREA, RATIO * cells)


class Scan(NamedTuple):
    """What the scan of one sheet found: whether calamine can read it, and its hidden rows/columns."""

    huge: bool
    hidden_rows: frozenset[int]  # 0-based
    hidden_columns: frozenset[int]


class SparseSheet(NamedTuple):
    """A sheet read cell by cell."""

    cells: dict[int, dict[int, object]]  # 0-based row → column → value, only cells that hold one
    merged: list[tuple[int, int, int, int]]  # 0-based r0, c0, r1, c1
    visible: bool


# --- .xlsx -------------------------------------------------------------------------------------------

_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
CHUNK = 4 << 20


def column_number(letters: str) -> int:
    """Excel column letters → 1-based number (A → 1, XFD → 16384)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _beyond_letters(letters: str) -> str:
    """A regular expression for column letters after `letters` (longer, or as long and later)."""
    size = len(letters)
    options = [f"[A-Z]{{{size + 1},3}}"] if size < 3 else []
    for i, letter in enumerate(letters):
        if letter != "Z":
            options.append(letters[:i] + f"[{chr(ord(letter) + 1)}-Z]" + (f"[A-Z]{{{size - i - 1}}}" if size - i > 1 else ""))
    return "|".join(options) or "(?!)"


def _beyond_number(number: int) -> str:
    """A regular expression for decimal numbers greater than `number` (no leading zeros)."""
    digits = str(number)
    size = len(digits)
    options = [f"[1-9][0-9]{{{size},}}"]
    for i, digit in enumerate(digits):
        if digit != "9":
            rest = f"[0-9]{{{size - i - 1}}}" if size - i > 1 else ""
            options.append(digits[:i] + f"[{int(digit) + 1}-9]" + rest)
    return "|".join(options)


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part in pieces of about CHUNK bytes, each ending before a tag (no tag is cut)."""
    tail = b""
    with archive.open(part) as stream:
        while block := stream.read(CHUNK):
            text = tail + block
            cut = text.rfind(b"<")
            if cut <= 0:
                tail = text
                continue
            yield text[:cut]
            tail = text[cut:]
    if tail:
        yield tail


def scan_xlsx(archive: zipfile.ZipFile, part: str) -> Scan:
    """Measure a sheet's extent from its XML, in one pass over its bytes.

    Cells are written in order, so a piece's last cell address gives its last row; one search per
    piece then looks for a cell beyond the extent so far (a later column, a later row, or a cell
    without its address, which calamine would place by counting), and only a piece where it finds
    one has every address read."""
    rows: set[int] = set()
    columns: set[int] = set()
    prefix = b""
    last_row = last_column = 0
    counted = False  # a cell without its address (as the first attribute) was seen
    for number, chunk in enumerate(_chunks(archive, part)):
        if number == 0:
            root = _ROOT.search(chunk)
            prefix = (root.group(1) or b"") if root else b""
            cell = re.escape(b"<" + prefix + b"c")
            address = re.compile(cell + rb' r="([A-Z]{1,3})([0-9]{1,7})"')
        _hidden(chunk, rows, columns)
        tail = address.search(chunk, max(0, chunk.rfind(b"<" + prefix + b"c r=")))
        claim_row = max(last_row, int(tail.group(2)) if tail else 0)
        letters = _beyond_letters(column_letter(last_column - 1)) if last_column else "[A-Z]{1,3}"
        beyond = re.compile(
            cell + rb'(?:>|\s(?!r=")|\sr="(?:(?:' + letters.encode() + rb')[0-9]|[A-Z]{1,3}(?:'
            + _beyond_number(claim_row).encode() + rb')"))'
        )
        if beyond.search(chunk) is None:
            last_row = claim_row
            continue
        found = address.findall(chunk)
        if found:  # tens of thousands of cells in a piece, a few distinct columns: no Python call per cell
            last_row = max(last_row, max(map(int, map(itemgetter(1), found))))
            last_column = max(last_column, max(map(column_number, map(bytes.decode, set(map(itemgetter(0), found))))))
        counted = counted or len(found) < len(re.findall(cell + rb"[\s>/]", chunk))
    huge = counted or (last_row * last_column > MIN_AREA and too_big(last_row, last_column, _count(archive, part, prefix)))
    return Scan(huge, frozenset(rows), frozenset(columns))


def _count(archive: zipfile.ZipFile, part: str, prefix: bytes) -> int:
    """The cells of a sheet (with a value or only formatted), for a sheet of more than MIN_AREA."""
    opening = b"<" + prefix + b"c "
    return sum(chunk.count(opening) for chunk in _chunks(archive, part))


def _hidden(chunk: bytes, rows: set[int], columns: set[int]) -> None:
    """Hidden rows and columns (calamine does not report them), from their tags' attributes."""
    start = 0
    while (found := chunk.find(b'hidden="', start)) != -1:
        start = found + 8
        tag = chunk[chunk.rfind(b"<", 0, found) : chunk.find(b">", found)]
        attrs = dict(_ATTR.findall(tag))
        if attrs.get(b"hidden") not in (b"1", b"true"):
            continue
        name = tag[1:].split(None, 1)[0].split(b":")[-1]
        if name == b"row" and attrs.get(b"r", b"").isdigit():
            rows.add(int(attrs[b"r"]) - 1)
        elif name == b"col" and attrs.get(b"min", b"").isdigit():
            first = int(attrs[b"min"])
            last = int(attrs[b"max"]) if attrs.get(b"max", b"").isdigit() else first
            columns.update(range(first - 1, min(last, 16384)))


def xlsx_cells(worksheet) -> tuple[dict[int, dict[int, object]], list[tuple[int, int, int, int]]]:
    """Every cell with a value of an openpyxl read-only worksheet, sparse (0-based row → column →
    value), and its merged ranges. openpyxl's own row iteration pads every row to the sheet's width
    and fills every missing row, which is what must not happen here, so its parser is used directly."""
    from openpyxl.worksheet._reader import WorkSheetParser  # the parser behind ReadOnlyWorksheet

    book = worksheet.parent
    cells: dict[int, dict[int, object]] = {}
    with worksheet._get_source() as source:
        parser = WorkSheetParser(source, worksheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for row, found in parser.parse():
            # error values (#N/A) read as blank, as calamine reads them
            values = {cell["column"] - 1: cell["value"] for cell in found
                      if cell["data_type"] != "e" and not _blank(cell["value"])}
            if values:
                cells.setdefault(row - 1, {}).update(values)
        merged = []
        for merge in parser.merged_cells.mergeCell if parser.merged_cells else ():
            bounds = [_coordinate(b) for b in (merge.ref or "").split(":")]
            if len(bounds) == 2 and None not in bounds:  # a malformed range only loses its merge
                (r0, c0), (r1, c1) = bounds
                merged.append((r0, c0, r1, c1))
    return cells, merged


def _coordinate(reference: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})", reference.upper())
    return (int(match.group(2)) - 1, column_number(match.group(1)) - 1) if match else None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- .ods ----------------------------------------------------------------------------------------------

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_REPEAT = re.compile(rb"number-(rows|columns)-repeated=\"([0-9]{4,})\"")


def _prefixes(head: bytes) -> dict[str, bytes]:
    """The prefix content.xml binds to each namespace (table:, office:, text: by convention)."""
    found = {}
    for name, uri in _NS.items():
        match = re.search(rb'xmlns:(\w+)="' + re.escape(uri.encode()) + rb'"', head)
        found[name] = match.group(1) if match else name.encode()
    return found


def ods_suspect(content: bytes) -> bool:
    """Whether in some sheet of content.xml a run of 1,000 or more empty cells or rows is followed by
    content; or a sheet is never closed, which makes calamine loop for ever at the end of the file
    (python-calamine 0.9; the XML parser of the cell-by-cell read then says what is wrong)."""
    p = _prefixes(content[:8192])
    table, office, text = p["table"], p["office"], p["text"]
    opened = len(re.findall(rb"<" + table + rb":table(?:[\s][^>]*[^/>])?>", content))
    if opened != content.count(b"</" + table + b":table>"):
        return True
    contents = (office + b":value-type=", b"<" + text + b":p")
    for match in _REPEAT.finditer(content):
        start = content.rfind(b"<", 0, match.start())
        tag = content[start + 1 : content.find(b">", match.end())]
        name = tag.split(None, 1)[0]
        if name == table + b":table-row":
            end = content.find(b"</" + table + b":table>", match.end())  # content in a later row
        elif name in (table + b":table-cell", table + b":covered-table-cell"):
            # content later in the row; a cell that is not empty repeated a thousand times is suspect itself
            end = content.find(b"</" + table + b":table-row>", match.end()) if tag.endswith(b"/") else len(content)
        else:
            continue  # column definitions (table:table-column) hold no cells
        end = len(content) if end == -1 else end
        if any(content.find(marker, match.end(), end) != -1 for marker in contents):
            return True
    return False


def ods_merges(content: bytes) -> dict[str, list[tuple[int, int, int, int]]]:
    """The merged cells of each sheet of content.xml, found in its bytes: python-calamine reports none
    for an .ods, and parsing the XML (as `ods_sheets` does) takes ten times calamine's read. Only
    the cells that span others are placed: by counting the row tags before them (byte counts
    between two of them) and the cells before them in their row: 0.3 s for a 100,000-row sheet
    (93 MB of content.xml) with 200 merged headings, where calamine reads it in 0.7 s."""
    if b"-spanned=" not in content:
        return {}
    table = _prefixes(content[:8192])["table"]
    sheet_tag = re.compile(b"<" + re.escape(table) + rb":table[\s>]")
    cell_tag = re.compile(b"<" + re.escape(table) + rb":(?:covered-)?table-cell[\s>/]")
    row_prefix, cell_prefix = b"<" + table + b":table-row", b"<" + table + b":table-cell"
    found: dict[str, list[tuple[int, int, int, int]]] = {}
    for sheet in sheet_tag.finditer(content):
        name = html.unescape(_attributes(content, sheet.start()).get(table + b":name", b"").decode("utf-8", "replace"))
        end = content.find(b"</" + table + b":table>", sheet.end())
        end = len(content) if end == -1 else end
        merged: list[tuple[int, int, int, int]] = []
        cursor, lines, row_first = sheet.end(), 0, 0  # the rows (repeats counted) before cursor
        counted, column = -1, 0  # the cells before `counted` in cursor's row: `column` (so a row is read once)
        tag, position = -1, content.find(b"-spanned=", sheet.end(), end)
        while position != -1:
            previous, tag = tag, content.rfind(b"<", sheet.end(), position)
            position = content.find(b"-spanned=", position + 1, end)
            if tag == previous or content[tag + len(cell_prefix) : tag + len(cell_prefix) + 1] not in (b" ", b"\n", b"\t"):
                continue  # the same cell's other span, or not a cell
            if not content.startswith(cell_prefix, tag):
                continue
            row_start = content.rfind(row_prefix, max(counted, sheet.end()), tag)  # a row after the last span's cell
            if row_start != -1:
                lines += _placed(content, table, b"row", cursor, row_start)
                cursor, row_first = row_start, lines
                counted, column = row_start, 0
            elif counted == -1:
                continue  # a cell outside any row: not a sheet LibreOffice or Excel writes
            rows = int(_attributes(content, cursor).get(table + b":number-rows-repeated", b"1"))  # repeats its merges
            for before in cell_tag.finditer(content, counted, tag):
                column += int(_attributes(content, before.start()).get(table + b":number-columns-repeated", b"1"))
            counted = tag
            attributes = _attributes(content, tag)
            across = int(attributes.get(table + b":number-columns-spanned", b"1"))
            down = int(attributes.get(table + b":number-rows-spanned", b"1"))
            repeat = int(attributes.get(table + b":number-columns-repeated", b"1"))
            _guard_repeat(rows * repeat, name)
            merged += [(r, c, r + down - 1, c + across - 1)
                       for r in range(row_first, row_first + rows) for c in range(column, column + repeat)]
        if merged:
            found[name] = sorted(merged)
    return found


_ODS_ATTR = re.compile(rb'([\w:.-]+)="([^"]*)"')
_HIDING = re.compile(rb':visibility="(?:collapse|filter)"')


def ods_hidden(content: bytes) -> dict[str, Scan]:
    """The hidden rows and columns of each sheet of content.xml (a row or column whose visibility
    is collapse, or filter: hidden by a filter), found in its bytes like `ods_merges`: calamine
    reports none for an .ods. Only the hidden ones are placed, by counting the row or column tags
    before them, repeats included."""
    if _HIDING.search(content) is None:
        return {}
    table = _prefixes(content[:8192])["table"]
    sheet_tag = re.compile(b"<" + re.escape(table) + rb":table[\s>]")
    hiding = re.compile(b"<" + re.escape(table) + rb":table-(row|column)[\s][^>]*" + re.escape(table) + _HIDING.pattern)
    found: dict[str, Scan] = {}
    for sheet in sheet_tag.finditer(content):
        name = html.unescape(_attributes(content, sheet.start()).get(table + b":name", b"").decode("utf-8", "replace"))
        end = content.find(b"</" + table + b":table>", sheet.end())
        end = len(content) if end == -1 else end
        hidden: dict[bytes, set[int]] = {b"row": set(), b"column": set()}
        cursor = {b"row": sheet.end(), b"column": sheet.end()}
        before = {b"row": 0, b"column": 0}  # rows / columns (repeats counted) before cursor
        for tag in hiding.finditer(content, sheet.end(), end):
            kind = tag.group(1)
            before[kind] += _placed(content, table, kind, cursor[kind], tag.start())
            count = int(_attributes(content, tag.start()).get(table + b":number-" + kind + b"s-repeated", b"1"))
            _guard_repeat(count, name)
            hidden[kind].update(range(before[kind], before[kind] + count))
            before[kind] += count
            cursor[kind] = content.find(b">", tag.start()) + 1
        if hidden[b"row"] or hidden[b"column"]:
            found[name] = Scan(False, frozenset(hidden[b"row"]), frozenset(hidden[b"column"]))
    return found


@cache
def _repeated(table: bytes, kind: bytes) -> re.Pattern:
    if kind == b"row":  # only rows carry number-rows-repeated
        return re.compile(re.escape(table) + rb':number-rows-repeated="([0-9]+)"')
    # cells carry number-columns-repeated too: only a column's own tag counts
    return re.compile(b"<" + re.escape(table) + rb":table-column[\s/>][^>]*?number-columns-repeated=\"([0-9]+)\"")


def _placed(content: bytes, table: bytes, kind: bytes, start: int, end: int) -> int:
    """How many rows (kind b"row") or columns (b"column") the tags of that kind between start and
    end of content.xml stand for, repeats counted (table-rows, table-row-group, table-columns …
    tags aside)."""
    prefix = b"<" + table + b":table-" + kind
    tags = content.count(prefix, start, end) - content.count(prefix + b"s", start, end) - content.count(prefix + b"-", start, end)
    return tags + sum(int(n) - 1 for n in _repeated(table, kind).findall(content, start, end))


def _attributes(content: bytes, start: int) -> dict[bytes, bytes]:
    """The attributes of the tag starting at `start`."""
    return dict(_ODS_ATTR.findall(content, start, content.find(b">", start)))


def ods_sheets(archive: zipfile.ZipFile) -> dict[str, SparseSheet]:
    """Every sheet of an .ods with its cells that hold a value, its merged cells, and whether it is
    shown. calamine parses every sheet when it opens the file, so a suspect file is read here entirely."""
    t, o, s = f"{{{_NS['table']}}}", f"{{{_NS['office']}}}", f"{{{_NS['style']}}}"
    sheets: dict[str, SparseSheet] = {}
    hidden_styles: set[str] = set()  # table styles with table:display="false" (a hidden sheet)
    cells: dict[int, dict[int, object]] = {}
    merged: list[tuple[int, int, int, int]] = []
    name, style = "", ""
    row = column = 0
    row_cells: dict[int, object] = {}
    row_merges: list[tuple[int, int, int]] = []  # first column, last column, rows spanned
    with archive.open("content.xml") as stream:
        for event, element in SafeET.iterparse(stream, events=("start", "end")):
            tag = element.tag
            if tag == f"{t}table":
                if event == "start":
                    name, style, cells, merged, row = element.get(f"{t}name", ""), element.get(f"{t}style-name", ""), {}, [], 0
                else:
                    sheets[name] = SparseSheet(cells, merged, style not in hidden_styles)
                    element.clear()
            elif event == "start":
                continue
            elif tag == f"{s}style":
                if any(p.tag == f"{s}table-properties" and p.get(f"{t}display") == "false" for p in element):
                    hidden_styles.add(element.get(f"{s}name", ""))
            elif tag in (f"{t}table-cell", f"{t}covered-table-cell"):
                repeat = int(element.get(f"{t}number-columns-repeated", "1"))
                value = _ods_value(element, o)
                if not _blank(value):
                    _guard_repeat(repeat, name)
                    for offset in range(repeat):
                        row_cells[column + offset] = value
                # a merged range is its first cell, spanning the covered cells that follow
                across = int(element.get(f"{t}number-columns-spanned", "1"))
                down = int(element.get(f"{t}number-rows-spanned", "1"))
                if across > 1 or down > 1:
                    _guard_repeat(repeat, name)
                    row_merges.extend((column + offset, column + offset + across - 1, down) for offset in range(repeat))
                column += repeat
                element.clear()
            elif tag == f"{t}table-row":
                repeat = int(element.get(f"{t}number-rows-repeated", "1"))
                if row_cells or row_merges:
                    _guard_repeat(repeat * (len(row_cells) + len(row_merges)), name)
                    for offset in range(repeat):
                        if row_cells:
                            cells[row + offset] = dict(row_cells)
                        merged.extend((row + offset, c0, row + offset + down - 1, c1) for c0, c1, down in row_merges)
                row += repeat
                column = 0
                row_cells = {}
                row_merges = []
                element.clear()
    return sheets


def _guard_repeat(cells: int, sheet: str) -> None:
    if cells > MIN_AREA:
        raise ValueError(_("sheet '{sheet}' repeats one value over {cells:,} cells", sheet=sheet, cells=cells))


def _ods_value(cell, o: str) -> object:
    kind = cell.get(f"{o}value-type")
    if kind in ("float", "percentage", "currency"):
        return float(cell.get(f"{o}value"))
    if kind == "boolean":
        return cell.get(f"{o}boolean-value") == "true"
    if kind == "date":
        value = cell.get(f"{o}date-value")
        return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return "\n".join(_ods_text(p) for p in cell if p.tag == f"{{{_NS['text']}}}p")


def _ods_text(element) -> str:
    """The text of a paragraph: spans and links read through, <text:s c="3"/> as spaces."""
    text_ns = f"{{{_NS['text']}}}"
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{text_ns}s":
            parts.append(" " * int(child.get(f"{text_ns}c", "1")))
        elif child.tag == f"{text_ns}tab":
            parts.append("\t")
        elif child.tag == f"{text_ns}line-break":
            parts.append("\n")
        elif not child.tag.startswith(f"{{{_NS['office']}}}"):  # office:annotation is a comment
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# --- .xls --------------------------------------------------------------------------------------------

# BIFF record types (MS-XLS 2.3); a record is its type and its length (two 16-bit numbers), then its data.
_BOF, _EOF, _FILEPASS = 0x0809, 0x000A, 0x002F
_WORKSHEET = 0x0010  # the BOF record's kind of substream
_BOUNDSHEET, _ROW, _COLINFO = 0x0085, 0x0208, 0x007D  # a sheet's name and place; a row's and columns' format
_ROW_HIDDEN, _COLUMNS_HIDDEN = 0x0020, 0x0001  # in their option flags
# Cell records, whose data starts with the cell's row and column → what they hold: 1 a value (NUMBER,
# LABEL, BOOLERR, FORMULA, RK, LABELSST, RSTRING), 0 none (BLANK: only formatted), and MULRK (values)
# and MULBLANK, which end with their last column.
_VALUE, _BLANK, _MULRK, _MULBLANK = 1, 0, 2, 3
_CELLS = {0x0203: _VALUE, 0x0204: _VALUE, 0x0205: _VALUE, 0x0006: _VALUE, 0x027E: _VALUE, 0x00FD: _VALUE,
          0x00D6: _VALUE, 0x0201: _BLANK, 0x00BD: _MULRK, 0x00BE: _MULBLANK}
_XLS_COLUMNS = 256  # A to IV
_PAIR, _SHORT = struct.Struct("<HH"), struct.Struct("<H")


def xls_scan(data: bytes) -> dict[str, Scan]:
    """Each worksheet of an .xls (by name): whether it spans an area out of proportion to its cells
    (`too_big`), and its hidden rows and columns, which calamine does not report for an .xls.

    calamine reads every sheet when it opens the file, holding each sheet's rectangle whole (65,536
    × 256 cells, about 1 GB, for one value at IV65536), so each worksheet's cells are measured
    first from the file's records: every cell record gives its row and column. (The DIMENSIONS
    record would be quicker, but it is only the writer's word.) Empty for an encrypted file and one
    whose records are cut short: calamine says what is wrong. ValueError for a damaged container
    (calamine trusts its sector tables and aborts the process asking for gigabytes) and for a cell
    beyond column IV, which the format cannot hold (calamine would allocate 65,536 × 65,536 cells)."""
    from xlrd.compdoc import CompDoc, CompDocError

    try:
        document = CompDoc(data, logfile=io.StringIO(), ignore_workbook_corruption=True)
        for name in ("Workbook", "Book"):  # Excel 97-2003; Excel 5.0/95
            stream, position, size = document.locate_named_stream(name)
            if stream is not None:
                break
        else:
            return {}
    except (CompDocError, AssertionError, IndexError, RecursionError, struct.error) as error:  # what xlrd raises on bad bytes
        raise ValueError(_("its compound-document structure (the table of its parts) is damaged")
                         + (f": {error}" if str(error) else "")) from None
    pair, short, cell = _PAIR.unpack_from, _SHORT.unpack_from, _CELLS.get  # about 0.3 µs a record
    start, end = position, position + size
    depth = 0  # substreams nest: a chart inside a worksheet has its own BOF … EOF
    worksheet: str | None = None
    names: dict[int, str] = {}  # a worksheet's BOF offset in the stream → its name (BOUNDSHEET)
    last_row = last_column = -1
    cells = 0
    hidden_rows: set[int] = set()
    hidden_columns: set[int] = set()
    found: dict[str, Scan] = {}
    try:
        while position + 4 <= end:
            kind, length = pair(stream, position)
            holds = cell(kind)
            if holds is not None and worksheet is not None:
                row, column = pair(stream, position + 4)
                if holds >= _MULRK:
                    first, column = column, short(stream, position + 2 + length)[0]
                    cells += column - first + 1 if holds == _MULRK else 0
                else:
                    cells += holds
                if column > last_column:
                    if column >= _XLS_COLUMNS:
                        raise ValueError(_("a cell lies beyond column IV, the last an .xls holds (column {column:,})",
                                           column=column + 1))
                    last_column = column
                if row > last_row:
                    last_row = row
            elif kind == _ROW and worksheet is not None and length >= 16:
                if short(stream, position + 16)[0] & _ROW_HIDDEN:
                    hidden_rows.add(short(stream, position + 4)[0])
            elif kind == _COLINFO and worksheet is not None and length >= 10:
                first, last = pair(stream, position + 4)
                if short(stream, position + 12)[0] & _COLUMNS_HIDDEN:
                    hidden_columns.update(range(first, min(last, _XLS_COLUMNS - 1) + 1))
            elif kind == _BOUNDSHEET:
                names[struct.unpack_from("<I", stream, position + 4)[0]] = _sheet_name(stream[position + 10 : position + 4 + length])
            elif kind == _BOF:
                depth += 1
                if depth == 1 and short(stream, position + 6)[0] == _WORKSHEET:
                    worksheet = names.get(position - start, f"#{position - start}")
                    last_row, last_column, cells = -1, -1, 0
                    hidden_rows, hidden_columns = set(), set()
            elif kind == _EOF:
                depth -= 1
                if depth == 0 and worksheet is not None:
                    found[worksheet] = Scan(too_big(last_row + 1, last_column + 1, cells), frozenset(hidden_rows),
                                            frozenset(hidden_columns))
                    worksheet = None
            elif kind == _FILEPASS:
                return {}
            position += 4 + length
    except struct.error:  # a record cut short: calamine says the file is damaged
        return {}
    return found


def _sheet_name(data: bytes) -> str:
    """A BOUNDSHEET record's name (BIFF8: a length, a flag for two-byte characters, the characters;
    BIFF5: a length and bytes in the file's code page, taken as Latin-1: only for matching, never shown)."""
    count = data[0] if data else 0
    if len(data) >= 2 + count and data[1] in (0, 1):
        return data[2 : 2 + 2 * count].decode("utf-16-le", "replace") if data[1] else data[2 : 2 + count].decode("latin-1")
    return data[1 : 1 + count].decode("latin-1")


def xls_sheets(data: bytes) -> dict[str, SparseSheet]:
    """Every worksheet of an .xls with its cells that hold a value, its merged cells, and whether it is
    shown, read by xlrd, whose rows hold only up to their last cell (ragged_rows); values as calamine
    gives them."""
    import xlrd

    book = xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True, logfile=io.StringIO())
    durations = {key for key, number_format in book.format_map.items() if _DURATION.search(number_format.format_str or "")}
    number, text = xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_TEXT
    sheets = {}
    for sheet in book.sheets():
        cells: dict[int, dict[int, object]] = {}
        for r in range(sheet.nrows):
            found = {}
            for c, (kind, value) in enumerate(zip(sheet.row_types(r), sheet.row_values(r))):
                if kind == number or kind == text and value.strip():
                    found[c] = value
                elif kind == xlrd.XL_CELL_DATE:
                    duration = book.xf_list[sheet.cell_xf_index(r, c)].format_key in durations
                    found[c] = timedelta(days=value) if duration else _xls_date(value, book.datemode)
                elif kind == xlrd.XL_CELL_BOOLEAN:
                    found[c] = bool(value)
                # else empty, blank (only formatted), or an error value (#N/A), which calamine reads as blank
            if found:
                cells[r] = found
        merged = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
        sheets[sheet.name] = SparseSheet(cells, merged, sheet.visibility == 0)
    return sheets


_DURATION = re.compile(r"\[[hms]+\]", re.IGNORECASE)  # [h]:mm counts time past a day, as calamine reads it


def _xls_date(serial: float, datemode: int) -> object:
    """A date cell as calamine gives it: a time below one day, a date for whole days, else a datetime."""
    from xlrd.xldate import xldate_as_datetime

    moment = xldate_as_datetime(serial, datemode)
    if serial < 1:
        return moment.time()
    return moment.date() if serial == int(serial) else moment


# --- cells far from the rest ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Stray:
    """Cells of a sheet that lie far outside the rest and were not read."""

    cells: tuple[tuple[str, object], ...]  # (address, value), the first SHOWN in reading order
    count: int
    kept: str  # the range that was read, e.g. A1:C81

    def note(self) -> Note:
        shown = ", ".join(f"{address} ({_shown(value)})" for address, value in self.cells)
        more = " …" if self.count > len(self.cells) else ""
        if self.count == 1:
            return Note("cell_left_out", {"kept": self.kept, "cells": shown})
        return Note("cells_left_out", {"count": self.count, "kept": self.kept, "cells": shown + more})


def _shown(value: object) -> str:
    text = str(value).replace("\n", " ")
    return repr(text if len(text) <= 30 else text[:29] + "…")


def _clusters(counts: dict[int, int], gap: int, total: int) -> set[int]:
    """The indexes (rows or columns) to keep: runs separated by more than `gap` empty ones are
    left out when they hold few cells, the biggest run always kept."""
    runs: list[tuple[list[int], int]] = []
    for index in sorted(counts):
        if runs and index - runs[-1][0][-1] <= gap:
            runs[-1][0].append(index)
            runs[-1] = (runs[-1][0], runs[-1][1] + counts[index])
        else:
            runs.append(([index], counts[index]))
    small = max(STRAY_MAX, total // 100)
    biggest = max(runs, key=lambda run: run[1])
    return {index for run in runs if run is biggest or run[1] > small for index in run[0]}


class Dense(NamedTuple):
    rows: list[list[object]]
    stray: Stray | None
    too_big: bool  # what was kept is still far larger than its cells


def dense(cells: dict[int, dict[int, object]]) -> Dense:
    """Rows of values from sparse cells, without the cells far from the rest (when the sheet's
    rectangle is out of proportion to its cells)."""
    total = sum(len(row) for row in cells.values())
    last_row = max(cells, default=-1)
    last_column = max((max(row) for row in cells.values()), default=-1)
    stray = None
    if too_big(last_row + 1, last_column + 1, total):
        keep_rows = _clusters({r: len(row) for r, row in cells.items()}, ROW_GAP, total)
        by_column = Counter(chain.from_iterable(cells[r] for r in keep_rows))
        keep_columns = _clusters(by_column, COLUMN_GAP, total)
        far_columns = by_column.keys() - keep_columns
        left_out: list[tuple[int, int, object]] = []
        kept_cells = {}
        for r in sorted(cells):
            row = cells[r]
            if r in keep_rows and far_columns.isdisjoint(row):  # most rows: kept whole, not copied
                kept_cells[r] = row
                continue
            left_out += [(r, c, row[c]) for c in sorted(row) if r not in keep_rows or c not in keep_columns]
            if r in keep_rows and (kept := {c: v for c, v in row.items() if c in keep_columns}):
                kept_cells[r] = kept
        cells = kept_cells
        last_row = max(cells, default=-1)
        last_column = max((max(row) for row in cells.values()), default=-1)
        kept = f"A1:{column_letter(max(last_column, 0))}{last_row + 1}"
        stray = Stray(tuple((f"{column_letter(c)}{r + 1}", v) for r, c, v in left_out[:SHOWN]), len(left_out), kept)
    empty: list[object] = []  # shared by every empty row: rows are read, never changed
    rows = [empty] * (last_row + 1)
    width = 0
    for r, row in cells.items():
        values: list[object] = [""] * (max(row) + 1)
        for c, v in row.items():
            values[c] = v
        rows[r] = values
        width += len(values)
    kept_cells = sum(len(row) for row in cells.values())
    return Dense(rows, stray, width > max(MIN_AREA, RATIO * kept_cells))
