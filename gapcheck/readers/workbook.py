"""Read any tabular file (.xlsx .xlsm .xls .ods .csv) into plain rows of cell values.

python-calamine reads workbooks several times faster than openpyxl and gives the cached values of
formulas; openpyxl is the fallback for workbooks calamine refuses. Files are identified by their
bytes, not their names, and workbooks are checked against decompression bombs before any XML is
parsed. Each sheet's real extent is measured before calamine sees it (`extent`): a sheet whose
used area is far larger than its cells (one stray value at XFD1048576) is read cell by cell, and
the stray cells are reported, not read. Hidden rows and columns are read from the sheet XML
(calamine does not report them). Input that can be read only once (a pipe) is read into memory.

Only errors that mean a bad file become messages for the user; anything else is a bug and is
raised as it is.
"""

from __future__ import annotations

import csv
import io
import json
import os
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

from gapcheck import notes
from gapcheck.errors import InputError, Location, Problem
from gapcheck.inputs import OLE_UNKNOWN, SPREADSHEETS, Input, identify, ole_holds, open_input
from gapcheck.jsonfile import FORMATS, kind_of
from gapcheck.messages import N_, _, language
from gapcheck.model import Note
from gapcheck.readers import extent
from gapcheck.readers.extent import Stray
from gapcheck.text import readable

Cell = object  # str | int | float | bool | date | datetime | None; '' also means blank

# Limits against decompression bombs; a 100,000-row inventory unpacks to well under 200 MB.
MAX_UNPACKED_BYTES = int(os.environ.get("GAPCHECK_MAX_UNPACKED_BYTES", 1 << 30))
MAX_RATIO = 200  # unpacked/packed, for parts bigger than RATIO_FLOOR
RATIO_FLOOR = 16 << 20
# The largest CSV, and the most read into memory from input that is not a regular file (a pipe).
MAX_CSV_BYTES = int(os.environ.get("GAPCHECK_MAX_CSV_BYTES", 512 << 20))
MAX_JSON_SNIFF = 64 << 20  # a JSON file given as a table is parsed (to be named) up to this size

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SUFFIXES = WORKBOOK_SUFFIXES | {".csv", ".txt", ".tsv"}

# A workbook that gapcheck reads back (review.xlsx, gaps.xlsx) carries a very hidden sheet whose
# first cell names its format; given to a command that reads foreign lists, it is named for what it is.
META_SHEET = "_gapcheck"
GAPS_FORMAT = "gapcheck-gaps"
REVIEW_FORMAT = "gapcheck-review"
OWN_WORKBOOKS = {
    GAPS_FORMAT: (N_("a gap spreadsheet written by gapcheck (gaps.xlsx)"),
                  N_("once the vendor filled it in, take the answers over with `gapcheck answers import FILE --into ANSWERS.json`")),
    REVIEW_FORMAT: (N_("a review workbook written by gapcheck (review.xlsx)"),
                    N_("once filled in, take the decisions over with `gapcheck review import FILE --into DECISIONS.json`")),
}


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]  # rows[i] is Excel row i + 1
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based r0, c0, r1, c1
    hidden_rows: frozenset[int] = frozenset()  # 0-based
    hidden_columns: frozenset[int] = frozenset()  # 0-based
    visible: bool = True
    stray: Stray | None = None  # cells far outside the rest, left out

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Workbook:
    path: Path
    format: str  # xlsx | xls | ods | csv
    sheets: list[Sheet]
    encoding: str | None = None  # CSV only

    def sheet(self, name: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise _no_sheet(self.path, name, [s.name for s in self.sheets])

    def refuse_own(self, wanted: str) -> None:
        """InputError when this is one of gapcheck's own workbooks, given where `wanted` (a message
        id) belongs."""
        meta = next((s for s in self.sheets if s.name == META_SHEET and s.rows and s.rows[0]), None)
        own = OWN_WORKBOOKS.get(meta.rows[0][0]) if meta is not None and isinstance(meta.rows[0][0], str) else None
        if own is not None:
            what, hint = own
            raise InputError(self.path, _("this is {what}, not {wanted}", what=_(what), wanted=_(wanted)), _(hint))

    def stray_notes(self) -> list[tuple[str, Note]]:
        """(sheet, note) for each sheet with cells far outside the rest, which were not read."""
        return [(s.name, s.stray.note()) for s in self.sheets if s.stray is not None]

    def strays(self) -> list[Problem]:
        """A warning for each sheet with cells far outside the rest, in the current language."""
        return [Problem(Location(self.path, sheet), notes.text(note, language())) for sheet, note in self.stray_notes()]


def _no_sheet(path: Path, name: str, names: list[str]) -> InputError:
    return InputError(path, _("there is no sheet named '{sheet}'", sheet=name), _("the sheets are: {sheets}", sheets="、".join(names)))


def blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_at(row: list[Cell], index: int | None) -> Cell:
    """The value in column `index` of a row; None where the row is shorter or the column absent."""
    return row[index] if index is not None and index < len(row) else None


_NOT_A_TABLE = N_("give the list as an Excel workbook (.xlsx, .xls, .ods) or a CSV file")
_NOT_WORKBOOK = N_("this is {what}, not a workbook or CSV")


def sniff_format(source: Input) -> str:
    """xlsx | xls | ods | csv, from the file's bytes; InputError for anything else."""
    path = source.path
    head = source.head(8)
    suffix = path.suffix.lower()
    if not head:
        raise InputError(path, _("the file is empty"), _("export the list again from Excel"))
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(source)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if ole_holds(source, "EncryptedPackage"):
            raise InputError(
                path,
                _("the workbook is password-protected (encrypted)"),
                _("open it in Excel, remove the password (ファイル → 情報 → ブックの保護), save, and try again"),
            )
        what = identify(source)
        if what not in SPREADSHEETS and what != OLE_UNKNOWN:  # a .doc or .ppt
            raise InputError(path, _(_NOT_WORKBOOK, what=_(what)), _(_NOT_A_TABLE))
        return "xls"
    what = identify(source)
    if what is not None:
        raise InputError(path, _(_NOT_WORKBOOK, what=_(what)), _(_NOT_A_TABLE))
    _refuse_json(source)
    if suffix in WORKBOOK_SUFFIXES:
        problem = (N_("the name ends in {suffix} but the file is a CSV/text file") if _looks_like_text(source)
                   else N_("the name ends in {suffix} but the file is not a workbook"))
        raise InputError(
            path,
            _(problem, suffix=suffix),
            _("open it in Excel and save it as .xlsx, or rename it to .csv if it is a CSV export"),
        )
    return "csv"


def _refuse_json(source: Input) -> None:
    """A JSON file (gapcheck's own, most likely) is named for what it is, not parsed as a CSV."""
    if not source.head(64).lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")) or source.size > MAX_JSON_SNIFF:
        return
    try:
        document = json.loads(source.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return  # a CSV whose first cell starts with a brace
    kind = kind_of(document)
    what, hint = FORMATS[kind] if kind else (N_("a JSON file"), _NOT_A_TABLE)
    raise InputError(source.path, _(_NOT_WORKBOOK, what=_(what)), _(hint))


_BAD_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError, KeyError)


def _zip_format(source: Input) -> str:
    path = source.path
    try:
        with source.open() as stream, zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            _check_bomb(path, archive)
            if "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
                return "ods"
    except _BAD_ZIP:  # every way a damaged archive fails: bad headers, corrupt deflate data, odd methods
        raise InputError(
            path, _("the workbook is damaged (truncated or not a complete .xlsx)"), _("save it again from Excel")
        ) from None
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    what = identify(source)
    if what == "a zip archive":
        raise InputError(path, _("this is a zip archive, not an Excel workbook"), _("give the .xlsx file itself"))
    raise InputError(path, _(_NOT_WORKBOOK, what=_(what)), _(_NOT_A_TABLE))


def _check_bomb(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse decompression bombs and XML entity tricks before any XML parser sees the parts."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise InputError(
                path,
                _("refused: part {part} unpacks {ratio:.0f}× ({size} MB); this looks like a decompression bomb",
                  part=info.filename, ratio=ratio, size=info.file_size >> 20),
                _("if this is a genuine workbook, save it again from Excel"),
            )
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as stream:
                head = stream.read(2048)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise InputError(
                    path,
                    _("refused: part {part} declares XML entities (Excel never writes these; it is a known attack)",
                      part=info.filename),
                    _("if this is a genuine workbook, save it again from Excel"),
                )
    if total > MAX_UNPACKED_BYTES:
        raise InputError(
            path,
            _("refused: the workbook unpacks to {size} MB (limit {limit} MB)", size=total >> 20, limit=MAX_UNPACKED_BYTES >> 20),
            _("split the workbook, or raise GAPCHECK_MAX_UNPACKED_BYTES if it is genuine"),
        )


def _looks_like_text(source: Input) -> bool:
    sample = source.head(4096)
    if b"\x00" in sample:
        return False
    for encoding in _ENCODINGS:
        try:
            sample.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if error.start >= len(sample) - 3:  # a character cut by the sample's end
                return True
    return False


def read_workbook(path: str | Path, sheet: str | None = None, *, expected: str | None = None) -> Workbook:
    """Every sheet of the file (or just `sheet`), as rows of values. InputError when unusable, and,
    with `expected` (what the caller reads, a message id: "a vendor inventory"), when it is one of
    gapcheck's own."""
    source = open_input(path, MAX_CSV_BYTES)
    fmt = sniff_format(source)
    if fmt == "csv":
        book = _read_csv(source)
    else:
        book = _read_book(source, fmt, sheet)
    if expected is not None:
        book.refuse_own(expected)
    if sheet is not None:
        book.sheets = [book.sheet(sheet)]
    return book


def _damaged(path: Path, error: BaseException, fmt: str) -> InputError:
    return InputError(path, _("the workbook cannot be read ({error})", error=error),
                      _("open it in Excel and save it again as .{format}", format=fmt))


def _read_book(source: Input, fmt: str, only: str | None) -> Workbook:
    import python_calamine as calamine  # here, not at the top: commands that read no workbook start faster

    path = source.path
    scans = _scan_xlsx(source, only) if fmt == "xlsx" else {}
    with _Streamed(source, scans) as streamed:
        if fmt == "ods" and streamed.ods_suspect():
            return streamed.ods_book(only)
        if fmt == "xls" and streamed.xls_huge():  # calamine would hold every sheet whole on opening
            return streamed.xls_book(only)
        try:
            workbook = calamine.CalamineWorkbook.from_object(source.source)
            names = [m.name for m in workbook.sheets_metadata]
            if only is not None and only not in names:
                raise _no_sheet(path, only, names)
            sheets = []
            for meta in workbook.sheets_metadata:
                if only is not None and meta.name not in (only, META_SHEET):
                    sheets.append(Sheet(meta.name, []))
                    continue
                if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                    continue  # chart sheets and macro sheets hold no list
                if fmt == "xlsx" and (meta.name not in scans or scans[meta.name].huge):  # too big, or not measured
                    sheet = streamed.xlsx(meta.name)
                else:
                    sheet = _calamine_sheet(workbook.get_sheet_by_name(meta.name), meta.name)
                    streamed.add_hidden(sheet)
                    streamed.add_ods_merged(sheet)
                sheet.visible = meta.visible == calamine.SheetVisibleEnum.Visible
                sheets.append(sheet)
        except calamine.PasswordError:
            raise InputError(path, _("the workbook is password-protected"), _("remove the password in Excel and save again")) from None
        except calamine.CalamineError as error:  # the errors calamine raises for a damaged file
            if fmt == "ods" and "limit" in str(error).lower():  # a far cell the scan did not foresee
                return streamed.ods_book(only)
            if fmt != "xlsx":
                raise _damaged(path, error, fmt) from None
            return streamed.xlsx_book(only)  # openpyxl reads some files calamine refuses
    return Workbook(path, fmt, sheets)


def _calamine_sheet(data, name: str) -> Sheet:
    merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (data.merged_cell_ranges or [])]
    return Sheet(name, data.to_python(skip_empty_area=False), merged=merged)


def _from_cells(name: str, cells: dict[int, dict[int, Cell]], merged: list[tuple[int, int, int, int]], path: Path) -> Sheet:
    """A sheet from the cells that hold something, without those far from the rest."""
    dense = extent.dense(cells)
    if dense.too_big:
        raise InputError(
            Location(path, name),
            _("the cells of this sheet are spread thinly over a very large area (most of it empty), "
              "which gapcheck does not read"),
            _("copy the list into a new sheet (only the rows and columns that hold it) and save"),
        )
    rows = len(dense.rows)
    return Sheet(name, dense.rows, merged=[m for m in merged if m[0] < rows], stray=dense.stray)


class _Streamed:
    """Sheets read cell by cell, for those whose extent is out of proportion to their cells and for
    the workbooks calamine refuses (openpyxl's sheet parser for .xlsx, ElementTree for .ods, xlrd
    for .xls)."""

    def __init__(self, source: Input, scans: dict[str, extent.Scan]):
        self.source = source
        self.scans = scans
        self._book = None  # openpyxl's read-only workbook, opened on first use
        self._ods_merged: dict[str, list[tuple[int, int, int, int]]] = {}  # calamine reports none for an .ods

    def __enter__(self) -> _Streamed:
        return self

    def __exit__(self, *exc) -> None:
        if self._book is not None:
            self._book.close()  # a read-only workbook keeps its file open

    def add_hidden(self, sheet: Sheet) -> None:
        if sheet.name in self.scans:
            sheet.hidden_rows, sheet.hidden_columns = self.scans[sheet.name].hidden_rows, self.scans[sheet.name].hidden_columns

    def add_ods_merged(self, sheet: Sheet) -> None:
        sheet.merged = self._ods_merged.get(sheet.name, sheet.merged)

    def _openpyxl(self):
        import openpyxl  # only for the sheets calamine must not, or cannot, read

        if self._book is None:
            self._book = openpyxl.load_workbook(self.source.source, read_only=True, data_only=True)
        return self._book

    def xlsx(self, name: str) -> Sheet:
        try:  # read-only mode parses lazily: damaged sheet XML fails while reading it, not on opening
            worksheet = self._openpyxl()[name]
            cells, merged = extent.xlsx_cells(worksheet)
        except Exception as error:
            if not _raised_by_library(error):
                raise
            raise _damaged(self.source.path, error, "xlsx") from None
        sheet = _from_cells(name, cells, merged, self.source.path)
        sheet.visible = worksheet.sheet_state == "visible"
        self.add_hidden(sheet)
        return sheet

    def xlsx_book(self, only: str | None) -> Workbook:
        try:
            titles = self._openpyxl().sheetnames
        except Exception as error:
            if not _raised_by_library(error):
                raise
            raise _damaged(self.source.path, error, "xlsx") from None
        sheets = [self.xlsx(title) for title in titles if only is None or title in (only, META_SHEET)]
        return Workbook(self.source.path, "xlsx", sheets)

    def ods_suspect(self) -> bool:
        """Whether the .ods must be read cell by cell; if not, its merged cells are found for calamine's read."""
        try:  # a ValueError (among _BAD_ZIP): a count that is no number, or a merge repeated over millions of cells
            with self.source.open() as stream, zipfile.ZipFile(stream) as archive:
                content = archive.read("content.xml")
            self.scans = extent.ods_hidden(content)  # for either read
            if extent.ods_suspect(content):
                return True
            self._ods_merged = extent.ods_merges(content)
        except _BAD_ZIP as error:
            raise _damaged(self.source.path, error, "ods") from None
        return False

    def ods_book(self, only: str | None) -> Workbook:
        try:  # a ValueError (among _BAD_ZIP): an attribute that is no number or date
            with self.source.open() as stream, zipfile.ZipFile(stream) as archive:
                found = extent.ods_sheets(archive)
        except (SafeET.ParseError, *_BAD_ZIP) as error:
            raise _damaged(self.source.path, error, "ods") from None
        return self._sparse_book("ods", found, only)

    def xls_huge(self) -> bool:
        """Whether some sheet of the .xls must be read cell by cell; the scan's hidden rows and
        columns are kept for either read."""
        try:
            self.scans = extent.xls_scan(self.source.read())
        except ValueError as error:
            raise _damaged(self.source.path, error, "xls") from None
        return any(scan.huge for scan in self.scans.values())

    def xls_book(self, only: str | None) -> Workbook:
        try:
            found = extent.xls_sheets(self.source.read())
        except Exception as error:
            if not _raised_by_library(error):
                raise
            raise _damaged(self.source.path, error, "xls") from None
        return self._sparse_book("xls", found, only)

    def _sparse_book(self, fmt: str, found: dict[str, extent.SparseSheet], only: str | None) -> Workbook:
        if only is not None and only not in found:
            raise _no_sheet(self.source.path, only, list(found))
        sheets = []
        for name, sparse in found.items():
            wanted = only in (None, name) or name == META_SHEET
            sheet = _from_cells(name, sparse.cells, sparse.merged, self.source.path) if wanted else Sheet(name, [])
            sheet.visible = sparse.visible
            self.add_hidden(sheet)
            sheets.append(sheet)
        return Workbook(self.source.path, fmt, sheets)


_LIBRARIES = ("openpyxl", "zipfile", "xml", "defusedxml", "et_xmlfile", "zlib", "xlrd")


def _raised_by_library(error: BaseException) -> bool:
    """Whether an exception came out of a library parsing the file (a bad file), not out of gapcheck
    calling it wrongly (a bug, which must not be shown as advice about the file)."""
    frames = []
    tb = error.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_globals.get("__name__", ""))
        tb = tb.tb_next
    while frames and frames[-1].startswith("encodings."):  # a codec the library called (or gapcheck did)
        frames.pop()
    return bool(frames) and frames[-1].split(".")[0] in _LIBRARIES


# --- the extent of each sheet, before calamine reads it ---------------------------------------------------

_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the archive, as the workbook's relationships say."""
    workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
    rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for element in workbook.iter():
        if element.tag.endswith("}sheet"):
            target = targets.get(element.get(f"{_REL_NS}id"), "")
            parts[element.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return parts


def _scan_xlsx(source: Input, only: str | None) -> dict[str, extent.Scan]:
    """Each sheet's scan; a sheet missing here is read cell by cell."""
    try:
        with source.open() as stream, zipfile.ZipFile(stream) as archive:
            try:
                parts = _sheet_parts(archive)
            except (KeyError, SafeET.ParseError, ValueError):
                return {}  # openpyxl says what is wrong, or reads it
            names = set(archive.namelist())
            return {
                name: extent.scan_xlsx(archive, part)
                for name, part in parts.items()
                if part in names and (only is None or name in (only, META_SHEET))
            }
    except _BAD_ZIP as error:
        raise _damaged(source.path, error, "xlsx") from None


# --- CSV ------------------------------------------------------------------------------------------


_ENCODINGS = ("utf-8", "cp932", "euc_jp")  # what Japanese offices actually export, most likely first


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode a CSV export: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's «Unicode テキスト»),
    Shift_JIS/CP932, EUC-JP. Anything else is refused with the first undecodable byte: guessing
    an encoding would turn names into mojibake that then matches nothing."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    first_error = None
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            first_error = first_error or error
    line = data[: first_error.start].count(b"\n") + 1
    raise InputError(
        Location(path, row=line),
        _("invalid bytes at byte {position} (the file is neither UTF-8 nor Shift_JIS text)", position=first_error.start),
        _("save the file again from Excel as «CSV UTF-8 (コンマ区切り)» or «CSV (コンマ区切り)»"),
    ) from None


def _read_csv(source: Input) -> Workbook:
    path = source.path
    size = source.size
    if size > MAX_CSV_BYTES:
        raise InputError(path, _("refused: the CSV is {size} MB (limit {limit} MB)", size=size >> 20, limit=MAX_CSV_BYTES >> 20),
                         _("split the file, or raise GAPCHECK_MAX_CSV_BYTES if it is genuine"))
    text, encoding = decode_text(path, source.read())
    text = text.replace("\x00", "")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise InputError(path, _("the CSV cannot be parsed ({error})", error=error), _("save it again from Excel as CSV")) from None
    return Workbook(path, "csv", [Sheet(readable(path.stem), rows)], encoding=encoding)
