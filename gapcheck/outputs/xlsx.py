"""Shared helpers for every workbook gapcheck writes (review, gaps, diff, budget).

Text that came from a vendor's or ministry's file is written as text, never as a formula: a cell
value starting with = + - @ (or a tab / CR) would otherwise be evaluated by Excel when the
recipient opens or edits it (CSV/formula injection).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from copy import copy
from pathlib import Path
from typing import TypeVar

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck import atomic
from gapcheck.errors import InputError, Location
from gapcheck.readers.workbook import Sheet
from gapcheck.text import clean_cell

# Yu Gothic ships with every Windows and macOS Office; Excel substitutes where it is missing.
FONT_NAME = "Yu Gothic"
FONT = Font(name=FONT_NAME, size=10)
HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")

MAX_CELL = 32767  # Excel's limit for one cell
_RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # XML 1.0 forbids these; openpyxl refuses them


def as_text(value: object) -> str:
    """A value made safe for a text cell: illegal characters dropped, cut to Excel's limit."""
    text = _ILLEGAL.sub("", "" if value is None else str(value))
    if len(text) > MAX_CELL:
        marker = "…(以下省略)"
        text = text[: MAX_CELL - len(marker)] + marker
    return text


def set_text(cell: Cell, value: object) -> Cell:
    """Write untrusted text so that Excel never evaluates it."""
    cell.value = as_text(value)
    cell.data_type = "s"
    if cell.value.startswith(_RISKY_START):
        cell.quotePrefix = True  # stays text even after the recipient edits the cell
    return cell


def write_row(sheet: Worksheet, row: int, values: list[object], *, font: Font = FONT) -> None:
    """Numbers stay numbers; everything else is written as text."""
    styled = None
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if styled is None or cell.has_style:
            fresh = not cell.has_style
            cell.font = font
            cell.alignment = WRAP
            if fresh and styled is None:
                styled = copy(cell._style)
        else:
            # openpyxl hashes every style object assigned; copying a styled cell's style is 3x faster
            cell._style = copy(styled)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.value = value
        elif value is not None:
            set_text(cell, value)


def header_row(sheet: Worksheet, labels: list[str], widths: list[float], row: int = 1) -> None:
    """A styled header with frozen panes and a filter over the columns."""
    write_row(sheet, row, labels, font=HEADER_FONT)
    for column, width in enumerate(widths, start=1):
        sheet.cell(row=row, column=column).fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    sheet.print_title_rows = f"{row}:{row}"


def finish_sheet(sheet: Worksheet, header_row_number: int = 1) -> None:
    """Filter over the used range, A4 landscape fitted to the page width."""
    last = get_column_letter(max(sheet.max_column, 1))
    sheet.auto_filter.ref = f"A{header_row_number}:{last}{max(sheet.max_row, header_row_number)}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def table(sheet: Worksheet, columns: Iterable[tuple[str, float]], rows: Iterable[list[object]]) -> None:
    """A plain list sheet: a header of (label, width) columns, `rows` from row 2, finished."""
    labels, widths = zip(*columns)
    header_row(sheet, list(labels), list(widths))
    for number, row in enumerate(rows, start=2):
        write_row(sheet, number, row)
    finish_sheet(sheet)


class Columns:
    """The whole-column ranges of a list sheet by role ('明細'!$D:$D), for COUNTIFS / SUMIFS that
    keep counting the rows a planner adds below."""

    def __init__(self, sheet_title: str, roles: Iterable[str]):
        self.sheet = "'" + sheet_title.replace("'", "''") + "'"
        self.letters = {role: get_column_letter(n) for n, role in enumerate(roles, start=1)}

    def __getitem__(self, role: str) -> str:
        letter = self.letters[role]
        return f"{self.sheet}!${letter}:${letter}"

    def count(self, criteria: Iterable[str]) -> str:
        return f"=COUNTIFS({','.join(criteria)})"

    def sum(self, role: str, criteria: Iterable[str]) -> str:
        return f"=SUMIFS({','.join([self[role], *criteria])})"


def save(workbook: Workbook, path: str | Path, *, keep: bool = False) -> None:
    """Write atomically; with keep=True the previous version goes to .gapcheck-history/ first."""
    if keep:
        atomic.keep_previous(path)
    with atomic.atomic_path(path) as temporary:
        workbook.save(temporary)


# A workbook that gapcheck reads back (review.xlsx, gaps.xlsx) carries a very hidden sheet: row 1
# holds the format name, its version and what the workbook is about (JSON); the rows below are the
# writer's own (row keys and what was written), so that rows are matched by key, never by position.
META_SHEET = "_gapcheck"


def meta_sheet(book: Workbook, format_name: str, version: int, about: dict) -> Worksheet:
    sheet = book.create_sheet(META_SHEET)
    sheet.sheet_state = "veryHidden"
    sheet.append([format_name, version])
    set_text(sheet.cell(row=1, column=3), json.dumps(about, ensure_ascii=False))
    return sheet


T = TypeVar("T")


def read_meta(path: Path, sheets: dict[str, Sheet], format_name: str, version: int, *, what: str,
              fresh: str, rows: Callable[[list[list]], T]) -> tuple[dict, T]:
    """What the workbook is about, and `rows(the rows below row 1)`; InputError if it is not ours.

    `what` names the workbook for the user ("gap spreadsheet"); `fresh` says where to get a new one.
    Any error `rows` raises means the hidden sheet was edited.
    """
    sheet = sheets.get(META_SHEET)
    if sheet is None or not sheet.rows or clean_cell(sheet.rows[0][0]) != format_name:
        raise InputError(
            path,
            f"this is not a {what} written by gapcheck (its hidden sheet {META_SHEET} is missing)",
            f"use the {fresh}; rows copied into another workbook cannot be matched",
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
            f"the hidden sheet of this {what} was changed and cannot be read",
            f"use a fresh {fresh}",
        ) from None
    if written > version:
        raise InputError(path, f"the {what} was written by a newer gapcheck", "update gapcheck")
    return about, below
