"""gapcheck's results as pandas DataFrames, for analysis in Jupyter and the like.

    import gapcheck.frames as gf
    requirements = gf.results("reports/demo")                  # every requirement of every check
    gaps = gf.results("inventories/portfolio.toml", "gap_items", out="reports/demo")

A whole results folder (or several, or a portfolio) as one frame: the columns CHECK_COLUMNS
(municipality_code, municipality, area, system, vendor, edition, role, counted, folder) and then
the table's own (COLUMNS[table]). `counted` is True for the checks that summaries and budgets
count: the current check of each area (not a procurement candidate, not an edition superseded by
a later check of the same system). One check's frames come from its typed result
(`gapcheck.read_result(folder)`): requirements(), features(), matches(), gap_items().
Columns and codes are documented in docs/python-api.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from gapcheck.outputs.frames import (
    CHECK_COLUMNS,
    COLUMNS,
    TABLES,
    combined,
    features,
    gap_items,
    matches,
    requirements,
)
from gapcheck.workflows.export import checks, export

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHECK_COLUMNS", "COLUMNS", "TABLES", "results", "requirements", "features", "matches", "gap_items", "export",
]


def results(
    targets: str | Path | Iterable[str | Path], table: str = "requirements", *, out: str | Path | None = None
) -> pd.DataFrame:
    """One frame over every check under `targets`: check folders, folders holding them, globs, or
    portfolio files (.toml; their checks in `out`, default reports/<portfolio name>). `table` is
    one of TABLES: checks, requirements, features, matches, gap_items."""
    if isinstance(targets, (str, Path)):
        targets = [targets]
    return combined(checks(targets, out), table)
