"""The budget annex from result folders (`gapcheck budget`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gapcheck.rules.budget import Budget, make
from gapcheck.workflows.results import read_results


def make_budget(paths: Iterable[str | Path]) -> Budget:
    """Every item on the gap lists of the checks found under `paths` (see find_results)."""
    return make(read_results(list(paths)))
