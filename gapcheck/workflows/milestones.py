"""The milestones from result folders (`gapcheck milestones`, and the demo)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from gapcheck import atomic
from gapcheck.outputs import milestones as milestones_page
from gapcheck.outputs import milestones_xlsx
from gapcheck.rules.milestones import Milestones, make_milestones
from gapcheck.workflows.results import read_results

RENDERERS = {
    "html": (milestones_page.HTML_NAME, milestones_page.render_html),
    "xlsx": (milestones_xlsx.XLSX_NAME, milestones_xlsx.render_xlsx),
    "md": (milestones_page.MARKDOWN_NAME, milestones_page.render_markdown),
}


def read_milestones(
    paths: Iterable[str | Path], today: date | None = None, deadlines: Mapping[str, date] | None = None
) -> Milestones:
    """The milestones of the checks found under `paths` (see find_results); `deadlines` (area →
    date) over the default table, for checks whose own deadline was not recorded."""
    return make_milestones(read_results(list(paths)), today or date.today(), deadlines)


def write_milestones(
    milestones: Milestones, out_dir: str | Path, formats: tuple[str, ...] = tuple(RENDERERS), lang: str = "ja"
) -> list[Path]:
    """Render every format first, then write them atomically into out_dir under its lock."""
    out_dir = Path(out_dir)
    rendered = {RENDERERS[f][0]: RENDERERS[f][1](milestones, lang) for f in formats}
    with atomic.locked_folder(out_dir):
        for name, content in rendered.items():
            atomic.write_bytes(out_dir / name, content)
    return [out_dir / name for name in rendered]
