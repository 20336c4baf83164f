"""The city-wide summary (`gapcheck summary`): find the checks, read them, write summary.html and
summary.md (rendered by gapcheck.outputs.summary)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from gapcheck import atomic
from gapcheck.files.result_json import read_result
from gapcheck.outputs.summary import (
    HTML_NAME,
    MARKDOWN_NAME,
    AreaRow,
    Failure,
    area_row,
    render_html,
    render_markdown,
    sort_rows,
)
from gapcheck.workflows.results import find_results


def load_rows(folders: list[Path], out_dir: Path) -> tuple[AreaRow, ...]:
    return sort_rows(area_row(folder, read_result(folder), out_dir) for folder in folders)


def default_out_dir(folders: list[Path]) -> Path:
    """Where the summary goes unless told: the folder the check folders share (reports/demo)."""
    return Path(os.path.commonpath([f.parent for f in folders]))


@dataclass(frozen=True)
class WrittenSummary:
    rows: tuple[AreaRow, ...]
    html: Path
    markdown: Path


def write_summary(targets: list[str | Path], out_dir: str | Path | None = None, lang: str = "ja") -> WrittenSummary:
    """Read every check under `targets` and write summary.html and summary.md into `out_dir`."""
    folders = find_results(targets)
    out = Path(out_dir) if out_dir is not None else default_out_dir(folders)
    return write_rows(load_rows(folders, out), out, lang)


def write_rows(rows: tuple[AreaRow, ...], out: Path, lang: str = "ja", failures: tuple[Failure, ...] = ()) -> WrittenSummary:
    """Write summary.html and summary.md for rows at hand, with the checks that failed."""
    html, markdown = render_html(rows, lang, failures=failures), render_markdown(rows, lang, failures=failures)
    with atomic.locked_folder(out):
        atomic.write_bytes(out / HTML_NAME, html)
        atomic.write_bytes(out / MARKDOWN_NAME, markdown)
    return WrittenSummary(rows, out / HTML_NAME, out / MARKDOWN_NAME)
