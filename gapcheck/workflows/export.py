"""Checks as one table (`gapcheck export`, gapcheck.frames.results): from check folders, folders of
them, or a portfolio (its checks in the folder `gapcheck run` wrote them to)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from gapcheck import atomic
from gapcheck.errors import InputError
from gapcheck.files.portfolio import load_portfolio
from gapcheck.messages import _
from gapcheck.model import ResultDocument
from gapcheck.outputs.frames import FORMATS, TABLES, combined, to_csv, to_parquet, to_xlsx
from gapcheck.workflows.results import read_results

if TYPE_CHECKING:
    import pandas as pd


def run_folder(portfolio: str | Path) -> Path:
    """Where `gapcheck run` writes a portfolio's checks by default: reports/<portfolio name>."""
    return Path("reports") / Path(portfolio).stem


def checks(targets: Iterable[str | Path], out: str | Path | None = None) -> list[tuple[ResultDocument, str]]:
    """The checks under `targets`: check folders, folders holding them, globs, or portfolio files
    (.toml), whose checks are looked for in `out` (default: reports/<portfolio name>)."""
    folders: list[str | Path] = []
    for target in targets:
        if str(target).endswith(".toml"):
            portfolio = load_portfolio(target)
            base = Path(out) if out is not None else run_folder(target)
            folders.extend(base / system.folder for system in portfolio.systems)
        else:
            folders.append(target)
    return read_results(folders)


def frames(targets: Iterable[str | Path], tables: Iterable[str] = TABLES, out: str | Path | None = None) -> dict[str, pd.DataFrame]:
    found = checks(targets, out)
    return {name: combined(found, name) for name in tables}


def export(targets: Iterable[str | Path], path: str | Path, table: str = "requirements", out: str | Path | None = None) -> dict[str, int]:
    """Write the checks under `targets` into `path` (.csv and .parquet: `table`; .xlsx: every table,
    one sheet each), atomically; the rows written per table."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise InputError(path, _("cannot tell the format from the file name (suffix .{suffix})", suffix=kind or "?"),
                         _("name the file .{suffixes}", suffixes=", .".join(FORMATS)))
    if table not in TABLES:
        raise InputError(path, _("unknown table '{table}'", table=table),
                         _("choose one of: {choices}", choices=", ".join(TABLES)))
    written = frames(targets, TABLES if kind == "xlsx" else (table,), out)
    content = {"csv": lambda: to_csv(written[table]), "parquet": lambda: to_parquet(written[table]),
               "xlsx": lambda: to_xlsx(written)}[kind]()
    atomic.write_bytes(path, content)
    return {name: len(frame) for name, frame in written.items()}
