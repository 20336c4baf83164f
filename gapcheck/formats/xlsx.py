"""Shared helpers for every workbook gapcheck writes (review, gaps, diff, budget).

Text that came from a vendor's or ministry's file is written as text, never as a formula: a cell
value starting with = + - @ (or a tab / CR) would otherwise be evaluated by Excel when the
recipient opens or edits it (CSV/formula injection).
"""

from __future__ import annotations

import re
from copy import copy
from pathlib import Path

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck import atomic

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


def save(workbook: Workbook, path: str | Path, *, keep: bool = False) -> None:
    """Write atomically; with keep=True the previous version goes to .gapcheck-history/ first."""
    if keep:
        atomic.keep_previous(path)
    with atomic.atomic_path(path) as temporary:
        workbook.save(temporary)
