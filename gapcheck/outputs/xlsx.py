"""Shared helpers for every workbook gapcheck writes (review, gaps, diff, budget).

Workbooks are written with XlsxWriter, in memory: it writes a cell where openpyxl builds an object
per cell and per style, several times faster for the same file (openpyxl stays for reading).
Rows and columns are counted from 0, as XlsxWriter does.

Text that came from a vendor's or ministry's file is written as text, never as a formula: a cell
value starting with = + - @ (or a tab / CR) would otherwise be evaluated by Excel when the
recipient opens or edits it (CSV/formula injection).
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from gapcheck import atomic
from gapcheck.errors import InputError, Location
from gapcheck.messages import N_, _
from gapcheck.readers.workbook import META_SHEET, OWN_WORKBOOKS, Sheet
from gapcheck.text import clean_cell

# Yu Gothic ships with every Windows and macOS Office; Excel substitutes where it is missing. It is
# also the workbook's default font, so cells a recipient adds and the width of a column (counted
# in digits of the default font) go by it.
FONT_NAME = "Yu Gothic"
FONT_SIZE = 10
FONT = {"font_name": FONT_NAME, "font_size": FONT_SIZE}
BODY = {**FONT, "text_wrap": True, "valign": "top"}  # every cell of a list
HEADER = {**BODY, "bold": True, "bg_color": "#DDEBF7", "pattern": 1}
ANSWER = {"bg_color": "#FFF2CC", "pattern": 1}  # the fill of the cells a recipient fills in
TITLE = {**BODY, "bold": True}  # a heading inside a table (wraps in its cell)
GRID_HEADER = {**HEADER, "align": "center", "valign": "vcenter"}  # the two header rows of a table of figures
BOLD = {**FONT, "bold": True}  # a total line; a heading line that runs on over the empty cells to its right
LINE = FONT  # a line of text that runs on over the empty cells to its right (never cut at its cell's edge)
A4 = 9  # Excel's paper size code
COST_FORMAT = "#,##0_ "  # a cost in thousand yen: 1,200, with a space's room from the text to its right
FOOTER = "&C&A  &P / &N"  # sheet name, page / pages

MAX_CELL = 32767  # Excel's limit for one cell
_RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # XML 1.0 forbids these


def as_text(value: object) -> str:
    """A value made safe for a text cell: illegal characters dropped, line ends as Excel's (a CR
    is read as a line feed from the file anyway), cut to Excel's limit."""
    text = value if value.__class__ is str else "" if value is None else str(value)
    if not text.isprintable():  # most cells are (a test in C); control characters need the regex
        text = _ILLEGAL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CELL:
        marker = "…(以下省略)"
        text = text[: MAX_CELL - len(marker)] + marker
    return text


class Book:
    """A workbook being written in memory, with one format per distinct style."""

    def __init__(self, created: datetime | None = None):
        self._stream = io.BytesIO()
        # No conversion of strings: text stays text (never a formula, a number or a link).
        self.workbook = xlsxwriter.Workbook(
            self._stream,
            {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
             "default_format_properties": dict(FONT)},
        )
        # The creation time is the check's, not the clock's: the same result.json gives the same bytes.
        self.workbook.set_properties({"created": (created or datetime.now(timezone.utc)).astimezone(timezone.utc)})
        self._formats: dict[tuple, Format] = {}

    def sheet(self, name: str) -> Worksheet:
        return self.workbook.add_worksheet(name)

    def format(self, style: dict | None = None, **more: object) -> Format:
        """The format for a style (a dict of XlsxWriter properties, such as BODY), made once."""
        properties = {**(style or {}), **more}
        key = tuple(sorted(properties.items()))
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = self.workbook.add_format(properties)
        return found

    def text_formats(self, style: dict | None = None) -> tuple[Format, Format]:
        """(plain, quoted): a text cell's format, and the same with Excel's quote prefix."""
        return self.format(style), self.format(style, quote_prefix=True)

    def close(self) -> bytes:
        self.workbook.close()
        return _heights_not_by_hand(self._stream.getvalue())


def write_text(sheet: Worksheet, row: int, column: int, value: object, formats: tuple[Format, Format]) -> None:
    """Write untrusted text so that Excel never evaluates it: a text cell, with the quote prefix
    when it looks like a formula, so it stays text after the recipient edits the cell."""
    text = as_text(value)
    if not text:
        sheet.write_blank(row, column, None, formats[0])
    else:
        sheet.write_string(row, column, text, formats[1] if text.startswith(_RISKY_START) else formats[0])


def write_formula(sheet: Worksheet, row: int, column: int, formula: str, cell_format: Format | None = None) -> None:
    """A formula without a cached result, as openpyxl wrote them: Excel calculates every formula on
    opening the workbook, and LibreOffice the ones that have no result yet."""
    sheet.write_formula(row, column, formula, cell_format, "")


def write_row(
    book: Book, sheet: Worksheet, row: int, values: Iterable[object], style: dict = BODY,
    column_styles: dict[int, dict] | None = None,
) -> None:
    """Numbers stay numbers; everything else is written as text; empty cells get the style too.
    `column_styles` gives some columns a style of their own (a number format)."""
    default = book.text_formats(style)
    by_column = {column: book.text_formats(s) for column, s in (column_styles or {}).items()}
    for column, value in enumerate(values):
        formats = by_column.get(column, default)
        if value is None:
            sheet.write_blank(row, column, None, formats[0])
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(row, column, value, formats[0])
        else:
            write_text(sheet, row, column, value, formats)


# Row heights. Neither Excel nor LibreOffice reliably fits a row to its wrapped text when opening a
# file (LibreOffice leaves a row of Japanese text one line high and cuts it), so the writer gives
# every row that needs more than one line a height from the length of its texts. Widths are in
# Excel's units, the digits of the default font (7 px); a 10-pt CJK character takes 13.3 px, a
# Latin one about 7, and Yu Gothic's lines are 1.7 times its size apart. Estimated on the narrow
# side (Excel's), so that a text is never cut; LibreOffice, whose units are wider where the font is
# missing, gets some room to spare. The heights are written as Excel writes the ones it fitted
# itself, not as set by hand (below), so that a row is fitted again when a sort brings other texts
# into it.
_UNIT_PX, _CJK_PX, _LATIN_PX, _PADDING_PX = 7.0, 13.3, 7.0, 5.0
LINE_SPACING = 1.7
_BY_HAND = re.compile(rb'(<row [^>]*?) customHeight="1"')


def _heights_not_by_hand(data: bytes) -> bytes:
    """The workbook with every row height unmarked as set by hand (XlsxWriter marks every height it
    writes so). A height set by hand stays with the row's position through a sort in Excel and in
    LibreOffice: the row a long text is sorted into would cut it. Unmarked, the height is the row's
    fitted height, which both fit again when its cells change."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    if not any(info.filename.startswith("xl/worksheets/") and _BY_HAND.search(part) for info, part in parts):
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, part in parts:  # the same entries with the same times: the same input, the same bytes
            target.writestr(info, _BY_HAND.sub(rb"\1", part) if info.filename.startswith("xl/worksheets/") else part)
    return out.getvalue()


def lines(value: object, width: float, font_size: float = FONT_SIZE) -> int:
    """How many lines `value` takes in a wrapping cell `width` units wide."""
    if value is None or isinstance(value, (int, float)):
        return 1
    text = value if isinstance(value, str) else str(value)
    room = max(_CJK_PX, width * _UNIT_PX - _PADDING_PX) * FONT_SIZE / font_size
    if len(text) * _CJK_PX <= room and "\n" not in text:
        return 1  # most cells: short enough whatever the characters
    count = 0
    for paragraph in text.split("\n"):
        wide = (len(paragraph.encode("utf-8")) - len(paragraph)) / 2  # CJK characters are 3 bytes in UTF-8
        pixels = wide * _CJK_PX + (len(paragraph) - wide) * _LATIN_PX
        count += max(1, math.ceil(pixels / room))
    return count


def fit_row(sheet: Worksheet, row: int, values: Iterable[object], widths: Iterable[float],
            font_size: float = FONT_SIZE) -> None:
    """The height of a row whose cells wrap: as many lines as its longest cell takes (a row of one
    line keeps the default height)."""
    needed = max((lines(v, w, font_size) for v, w in zip(values, widths)), default=1)
    if needed > 1:
        sheet.set_row(row, round(needed * font_size * LINE_SPACING + 3, 1))


def header_row(book: Book, sheet: Worksheet, labels: list[str], widths: list[float], row: int = 0) -> None:
    """A styled header with frozen panes, repeated on every printed page, as high as its labels need."""
    write_row(book, sheet, row, labels, HEADER)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    fit_row(sheet, row, labels, widths)
    sheet.freeze_panes(row + 1, 0)
    sheet.repeat_rows(row)


def print_a4(sheet: Worksheet, *, landscape: bool = True) -> None:
    """A4 with narrow margins, fitted to the page width (as many pages down as it takes), the
    sheet's name and the page number in the footer. The columns of a list are chosen to fit the
    width at 80 % or more, so that its 10-pt text prints at 8 pt or larger."""
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_margins(left=0.3, right=0.3, top=0.5, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.set_footer(FOOTER)


def finish_sheet(sheet: Worksheet, last_row: int, last_column: int, header: int = 0) -> None:
    """A filter over the used range, and the list's print set-up."""
    sheet.autofilter(header, 0, max(last_row, header), max(last_column, 0))
    print_a4(sheet)


def table(
    book: Book, sheet: Worksheet, columns: Iterable[tuple[str, float]], rows: Iterable[list[object]],
    column_styles: dict[int, dict] | None = None, fit_rows: bool = True,
) -> None:
    """A plain list sheet: a header of (label, width) columns, `rows` below it (each as high as its
    wrapped texts need, unless not `fit_rows`: an export of data), finished."""
    labels, widths = zip(*columns)
    header_row(book, sheet, list(labels), list(widths))
    last = 0
    for last, row in enumerate(rows, start=1):
        write_row(book, sheet, last, row, column_styles=column_styles)
        if fit_rows:
            fit_row(sheet, last, row, widths)
    finish_sheet(sheet, last, len(labels) - 1)


class Columns:
    """The whole-column ranges of a list sheet by role ('明細'!$D:$D), for COUNTIFS / SUMIFS that
    keep counting the rows a planner adds below."""

    def __init__(self, sheet_title: str, roles: Iterable[str]):
        self.sheet = "'" + sheet_title.replace("'", "''") + "'"
        self.letters = {role: xl_col_to_name(n) for n, role in enumerate(roles)}

    def __getitem__(self, role: str) -> str:
        letter = self.letters[role]
        return f"{self.sheet}!${letter}:${letter}"

    def count(self, criteria: Iterable[str]) -> str:
        return f"=COUNTIFS({','.join(criteria)})"

    def sum(self, role: str, criteria: Iterable[str]) -> str:
        return f"=SUMIFS({','.join([self[role], *criteria])})"


def save(data: bytes, path: str | Path, *, keep: bool = False) -> None:
    """Write atomically; with keep=True the previous version goes to .gapcheck-history/ first."""
    if keep:
        atomic.keep_previous(path)
    atomic.write_bytes(path, data)


# A workbook that gapcheck reads back (review.xlsx, gaps.xlsx) carries a very hidden sheet
# (META_SHEET): row 1 holds the format name, its version and what the workbook is about (JSON); the
# rows below are the writer's own (row keys and what was written), so that rows are matched by key,
# never by position.


def meta_sheet(book: Book, format_name: str, version: int, about: dict) -> Worksheet:
    sheet = book.sheet(META_SHEET)
    sheet.very_hidden()
    sheet.write_string(0, 0, format_name)
    sheet.write_number(0, 1, version)
    write_text(sheet, 0, 2, json.dumps(about, ensure_ascii=False), book.text_formats())
    return sheet


T = TypeVar("T")
# a filled workbook (gaps.xlsx, review.xlsx) with cells that cannot be taken over
CELLS_REFUSED = N_("{path}: {count} cells cannot be taken over; nothing was imported")
CORRECT_CELLS = N_("correct these cells in the workbook and import it again")


def read_meta(path: Path, sheets: dict[str, Sheet], format_name: str, version: int, *, what: str,
              fresh: str, rows: Callable[[list[list]], T]) -> tuple[dict, T]:
    """What the workbook is about, and `rows(the rows below row 1)`; InputError if it is not ours.

    `what` names the workbook for the user ("gap spreadsheet"); `fresh` says where to get a new one
    (both message ids).
    Any error `rows` raises means the hidden sheet was edited.
    """
    sheet = sheets.get(META_SHEET)
    found = clean_cell(sheet.rows[0][0]) if sheet is not None and sheet.rows and sheet.rows[0] else ""
    if found != format_name and found in OWN_WORKBOOKS:
        other, hint = OWN_WORKBOOKS[found]
        raise InputError(path, _("this is {what}, not a {wanted}", what=_(other), wanted=_(what)), _(hint))
    if found != format_name:
        raise InputError(
            path,
            _("this is not a {what} written by gapcheck (its hidden sheet {sheet} is missing)", what=_(what), sheet=META_SHEET),
            _("use the {fresh}; rows copied into another workbook cannot be matched", fresh=_(fresh)),
        )
    try:
        written = int(float(sheet.rows[0][1]))
        about = json.loads(clean_cell(sheet.rows[0][2]) or "{}")
        if not isinstance(about, dict):
            raise ValueError(about)
        below = rows(sheet.rows[1:])
    except (ValueError, TypeError, IndexError, KeyError):
        raise InputError(
            Location(path, META_SHEET),
            _("the hidden sheet of this {what} was changed and cannot be read", what=_(what)),
            _("use a fresh {fresh}", fresh=_(fresh)),
        ) from None
    if written > version:
        raise InputError(path, _("the {what} was written by a newer gapcheck", what=_(what)), _("update gapcheck"))
    return about, below
