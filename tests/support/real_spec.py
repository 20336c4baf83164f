"""The real 住民記録 第1.0版 (../shared) as `gapcheck spec import` reads it, and catalogs of features
written on the spot, for the matching tests that need the standard's real structure."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from support.files import shared_file

from gapcheck.model import Feature, Inventory, InventoryKind, Spec, SpecSource
from gapcheck.readers.spec_import import import_spec


@cache
def real_juki() -> Spec:
    """第3章 of 住民記録 第1.0版; skips the test where ../shared is absent."""
    spec, _ = import_spec([shared_file("juki-1.0-chapter3.csv")], area="住民記録", version="第1.0版",
                          source=SpecSource(publisher="総務省"))
    return spec


def blind_eval():
    """benchmarks/blind_eval.py, which reads the standard from ../shared (the test is skipped without it)."""
    shared_file("juki-1.0-chapter3.csv")
    benchmarks = str(Path(__file__).resolve().parents[2] / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    import blind_eval

    return blind_eval


def catalog(*rows: tuple[str, str]) -> Inventory:
    """A vendor catalog of (name, description) rows, keyed V0, V1 …"""
    return Inventory("catalog.xlsx", InventoryKind.CATALOG,
                     tuple(Feature(f"V{n}", "機能一覧", n + 2, name, text) for n, (name, text) in enumerate(rows)))
