"""Reviewing uncertain matches (`gapcheck review`): a workbook of the features the matcher is unsure
of out to people, and their decisions back into the decisions file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gapcheck.files.decisions_json import load_decisions, update_decisions
from gapcheck.files.spec_json import load_spec
from gapcheck.jsonfile import require
from gapcheck.matching import match
from gapcheck.model import Decisions, Inventory, MatchResult, Spec
from gapcheck.outputs.review_xlsx import ReviewImport, read_review, write_review
from gapcheck.readers.inventory import read_inventory


@dataclass(frozen=True)
class ReviewOut:
    spec: Spec
    inventory: Inventory
    result: MatchResult
    asked: int  # features the workbook asks about


def write_review_workbook(
    spec_path: str | Path,
    inventory_path: str | Path,
    out: str | Path,
    *,
    decisions: str | Path | None = None,
    sheet: str | None = None,
    columns: dict[str, str] | None = None,
    layout: str | Path | None = None,
    lang: str = "ja",
) -> ReviewOut:
    """Match the inventory (features already decided are not asked again) and write the review
    workbook `out`; a previous workbook goes to .gapcheck-history/."""
    require(decisions, "gapcheck-decisions")
    spec = load_spec(spec_path)
    inventory = read_inventory(inventory_path, sheet=sheet, columns=columns or None, layout=layout)
    decided = load_decisions(decisions) if decisions else None
    result = match(spec, inventory, decided)
    return ReviewOut(spec, inventory, result, write_review(spec, inventory, result, out, lang))


@dataclass(frozen=True)
class ReviewIn:
    imported: ReviewImport
    decisions: Decisions  # the decisions file as written


def import_review(workbook: str | Path, into: str | Path, *, by: str | None = None) -> ReviewIn:
    """Take the decisions of a filled review workbook into the decisions file `into` (created if
    missing; decisions for other features kept). Nothing is written when any cell is invalid."""
    imported = read_review(workbook, by=by)
    return ReviewIn(imported, update_decisions(into, imported.decisions))
