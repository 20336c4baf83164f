"""The city-wide summary: one page (summary.html + summary.md) across the checks of many business
areas, from their result.json files (templates: summary.html.j2, summary.md.j2; the folders are
found and read by gapcheck.workflows.summary).

Each row links to that check's own report by a relative path, so the folder can be copied to a
file server or zipped and mailed as a whole.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from gapcheck.model import Category, FeatureStatus, ResultDocument, Role, Verdict
from gapcheck.outputs import report_html, report_md
from gapcheck.outputs.render import page_assets, render
from gapcheck.rules.areas import area_order
from gapcheck.rules.classify import VERDICTS_BY_CATEGORY
from gapcheck.rules.roles import Totals, assign_roles
from gapcheck.version import __version__

HTML_NAME = "summary.html"
MARKDOWN_NAME = "summary.md"


@dataclass(frozen=True)
class AreaRow:
    """One check: its result.json and where its reports are, seen from the summary's folder."""

    folder: Path
    document: ResultDocument
    html_link: Markup | None  # relative, URL-quoted; None when the check wrote no report.html
    markdown_link: Markup | None
    role: Role = Role.CURRENT  # set by sort_rows, among the rows summarised together

    @property
    def area(self) -> str:
        return self.document.spec.area

    @property
    def version(self) -> str:
        return self.document.spec.version

    @property
    def system(self) -> str | None:
        return self.document.system.name

    @property
    def municipality(self) -> str | None:
        return self.document.system.municipality

    @property
    def municipality_code(self) -> str:
        return self.document.system.municipality_code or ""

    @property
    def sample(self) -> bool:
        return self.document.spec.sample

    @property
    def fit_rate(self) -> float | None:
        return self.document.summary.mandatory_fit_rate

    @property
    def fit_rate_upper(self) -> float | None:
        return self.document.summary.fit_rate_upper

    def count(self, category: Category, verdict: Verdict) -> int:
        return self.document.summary.verdicts[category].get(verdict, 0)

    def features(self, status: FeatureStatus) -> int:
        return self.document.summary.features.get(status, 0)


def counted(rows: tuple[AreaRow, ...]) -> tuple[AreaRow, ...]:
    """The rows the totals count: current checks only."""
    return tuple(r for r in rows if r.role is Role.CURRENT)


def not_counted(rows: tuple[AreaRow, ...]) -> tuple[AreaRow, ...]:
    """Candidates, then superseded checks: shown in rows of their own, outside the totals."""
    return tuple(sorted((r for r in rows if r.role is not Role.CURRENT), key=lambda r: r.role is Role.SUPERSEDED))


def totals(rows: tuple[AreaRow, ...]) -> Totals:
    return Totals(tuple(r.document.summary for r in counted(rows)))


def _link(folder: Path, name: str, out_dir: Path) -> Markup | None:
    target = folder / name
    if not target.is_file():
        return None
    # quote() leaves only URL-safe characters, which are also safe in HTML and Markdown links; the
    # name's own bytes are quoted, so that a name that is not UTF-8 still links to its file
    return Markup(quote(os.fsencode(Path(os.path.relpath(target, out_dir)).as_posix())))


def area_row(folder: Path, document: ResultDocument, out_dir: Path) -> AreaRow:
    """A row from a check already read; its short form (spec, system and summary) suffices."""
    out_dir = Path(out_dir).resolve()
    return AreaRow(folder, document, _link(folder, report_html.FILE_NAME, out_dir), _link(folder, report_md.FILE_NAME, out_dir))


def sort_rows(rows) -> tuple[AreaRow, ...]:
    """By municipality (when several), then in the usual order of the business areas; each with its
    role among them (gapcheck.rules.roles: which check the totals count)."""
    rows = tuple(rows)
    roles = assign_roles([r.document for r in rows]).roles
    return tuple(
        sorted(
            (replace(row, role=role) for row, role in zip(rows, roles)),
            key=lambda r: (
                r.municipality_code,
                *area_order(r.area),
                r.version,
                r.system or "",
                str(r.folder),
            ),
        )
    )


@dataclass(frozen=True)
class Failure:
    """A check that could not run (`gapcheck run`), listed so that nobody takes the summary as complete."""

    area: str
    reason: str
    system: str | None = None
    municipality: str | None = None


def _context(rows: tuple[AreaRow, ...], generated_at: datetime | None, failures: tuple[Failure, ...] = ()) -> dict:
    return {
        "rows": counted(rows),
        "others": not_counted(rows),
        "conflicts": assign_roles([r.document for r in rows]).conflicts,
        "failures": failures,
        "municipalities": len({r.municipality for r in rows} | {f.municipality for f in failures}) > 1,
        "totals": totals(rows),
        "columns": tuple((c, VERDICTS_BY_CATEGORY[c]) for c in Category),
        "extras": FeatureStatus.UNMATCHED,
        "in_review": FeatureStatus.REVIEW,
        "sample": any(r.sample for r in rows),
        "generated_at": (generated_at or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "generator": f"gapcheck {__version__}",
    }


def render_html(
    rows: tuple[AreaRow, ...], lang: str = "ja", generated_at: datetime | None = None, failures: tuple[Failure, ...] = ()
) -> bytes:
    context = _context(rows, generated_at, failures) | page_assets("summary.css")
    return render("summary.html.j2", lang, **context).encode("utf-8")


def render_markdown(
    rows: tuple[AreaRow, ...], lang: str = "ja", generated_at: datetime | None = None, failures: tuple[Failure, ...] = ()
) -> bytes:
    return render("summary.md.j2", lang, **_context(rows, generated_at, failures)).encode("utf-8")
