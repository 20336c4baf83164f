"""Where the test data is, and workbooks built on the spot."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from gapcheck.outputs.xlsx import as_text

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
STANDARDS = SHARED / "data" / "standards"
SPECS = ROOT / "specs"
INVENTORIES = ROOT / "inventories"


def shared_file(name: str) -> Path:
    """A real government file from ../shared; skips the test (with the reason) where it is absent."""
    path = STANDARDS / name
    if not path.exists():
        pytest.skip(f"real standard file {path} is not available (../shared is absent in this checkout)")
    return path


def type_text(cell, value: object) -> None:
    """Text into an openpyxl cell as Excel keeps what someone types: a text cell (characters a
    workbook cannot hold dropped)."""
    cell.value = as_text(value)
    cell.data_type = "s"


def make_xlsx(path: Path, sheets: dict[str, list[list[object]]], setup=None) -> Path:
    """A workbook with the given rows per sheet; `setup(workbook)` adds merges, hidden columns …"""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if setup:
        setup(workbook)
    workbook.save(path)
    return path
