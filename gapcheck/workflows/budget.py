"""The budget annex from result folders (`gapcheck budget`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gapcheck.files.result_json import read_result
from gapcheck.rules.budget import Budget, BudgetItem, budget_items, source
from gapcheck.workflows.results import find_results


def make_budget(paths: Iterable[str | Path]) -> Budget:
    """Every item on the gap lists of the checks found under `paths` (see find_results)."""
    items: list[BudgetItem] = []
    sources = []
    for folder in find_results(list(paths)):
        document = read_result(folder)
        items.extend(budget_items(document))
        sources.append(source(document, str(folder)))
    return Budget(tuple(items), tuple(sources))
