"""The city-wide summary: one page (summary.html + summary.md) across the checks of many business
areas, read from their result.json files (templates: summary.html.j2, summary.md.j2).

Each row links to that check's own report by a relative path, so the folder can be copied to a
file server or zipped and mailed as a whole.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from gapcheck import __version__, atomic
from gapcheck.areas import area_order
from gapcheck.classify import VERDICTS_BY_CATEGORY
from gapcheck.errors import InputError
from gapcheck.formats import report_html, report_md
from gapcheck.formats.result_json import FILE_NAME as RESULT_FILE
from gapcheck.formats.result_json import read_result
from gapcheck.model import Category, FeatureStatus, Verdict
from gapcheck.render import page_assets, render

HTML_NAME = "summary.html"
MARKDOWN_NAME = "summary.md"
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True)
class AreaRow:
    """One check: its result.json and where its reports are, seen from the summary's folder."""

    folder: Path
    document: dict
    html_link: Markup | None  # relative, URL-quoted; None when the check wrote no report.html
    markdown_link: Markup | None

    @property
    def area(self) -> str:
        return self.document["spec"]["area"]

    @property
    def version(self) -> str:
        return self.document["spec"]["version"]

    @property
    def system(self) -> str | None:
        return self.document.get("system", {}).get("name")

    @property
    def municipality(self) -> str | None:
        return self.document.get("system", {}).get("municipality")

    @property
    def municipality_code(self) -> str:
        return self.document.get("system", {}).get("municipality_code", "")

    @property
    def sample(self) -> bool:
        return self.document["spec"].get("sample", False)

    @property
    def fit_rate(self) -> float | None:
        return self.document["summary"]["mandatory_fit_rate"]

    def count(self, category: Category, verdict: Verdict) -> int:
        return self.document["summary"]["verdicts"][category.value].get(verdict.value, 0)

    def features(self, status: FeatureStatus) -> int:
        return self.document["summary"]["features"].get(status.value, 0)


@dataclass(frozen=True)
class Totals:
    rows: tuple[AreaRow, ...]

    def count(self, category: Category, verdict: Verdict) -> int:
        return sum(r.count(category, verdict) for r in self.rows)

    def features(self, status: FeatureStatus) -> int:
        return sum(r.features(status) for r in self.rows)

    @property
    def fit_rate(self) -> float | None:
        mandatory = sum(self.count(Category.MANDATORY, v) for v in VERDICTS_BY_CATEGORY[Category.MANDATORY])
        return self.count(Category.MANDATORY, Verdict.FIT) / mandatory if mandatory else None


def find_results(targets: list[str | Path]) -> list[Path]:
    """Check output folders from folders, result.json files or glob patterns. A folder without a
    result.json of its own stands for its subfolders that have one (e.g. reports/demo); a pattern
    stands for the check folders it matches and ignores anything else (summary.html …)."""
    folders: dict[Path, None] = {}
    for target in targets:
        text = str(target)
        if _GLOB_CHARACTERS & set(text):
            found = [folder for folder in map(_check_folder, sorted(glob.glob(text))) if folder]
            if not found:
                raise InputError(text, "the pattern matches no folder holding a result.json", _HINT)
        else:
            found = _check_folders(Path(text))
        folders.update((folder.resolve(), None) for folder in found)
    return list(folders)


_HINT = "give the folders `gapcheck check --out` wrote, or the folder holding them"


def _check_folder(path: str | Path) -> Path | None:
    path = Path(path)
    if path.is_file() and path.name == RESULT_FILE:
        return path.parent
    return path if (path / RESULT_FILE).is_file() else None


def _check_folders(path: Path) -> list[Path]:
    folder = _check_folder(path)
    if folder:
        return [folder]
    if not path.is_dir():
        raise InputError(path, "no such folder", _HINT)
    found = sorted(p.parent for p in path.glob(f"*/{RESULT_FILE}"))
    if not found:
        raise InputError(path, f"holds no {RESULT_FILE}, nor do its subfolders", _HINT)
    return found


def _link(folder: Path, name: str, out_dir: Path) -> Markup | None:
    target = folder / name
    if not target.is_file():
        return None
    # quote() leaves only URL-safe characters, which are also safe in HTML and Markdown links.
    return Markup(quote(Path(os.path.relpath(target, out_dir)).as_posix()))


def area_row(folder: Path, document: dict, out_dir: Path) -> AreaRow:
    """A row from a result.json already read; `document` needs its spec, system and summary only."""
    out_dir = Path(out_dir).resolve()
    return AreaRow(folder, document, _link(folder, report_html.FILE_NAME, out_dir), _link(folder, report_md.FILE_NAME, out_dir))


def sort_rows(rows) -> tuple[AreaRow, ...]:
    """By municipality (when several), then in the usual order of the business areas."""
    return tuple(
        sorted(
            rows,
            key=lambda r: (
                r.municipality_code,
                *area_order(r.area),
                r.version,
                r.system or "",
                str(r.folder),
            ),
        )
    )


def load_rows(folders: list[Path], out_dir: Path) -> tuple[AreaRow, ...]:
    return sort_rows(area_row(folder, read_result(folder / RESULT_FILE), out_dir) for folder in folders)


@dataclass(frozen=True)
class Failure:
    """A check that could not run (`gapcheck run`), listed so that nobody takes the summary as complete."""

    area: str
    reason: str
    system: str | None = None
    municipality: str | None = None


def _context(rows: tuple[AreaRow, ...], generated_at: datetime | None, failures: tuple[Failure, ...] = ()) -> dict:
    return {
        "rows": rows,
        "failures": failures,
        "municipalities": len({r.municipality for r in rows} | {f.municipality for f in failures}) > 1,
        "totals": Totals(rows),
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
    context = _context(rows, generated_at, failures) | page_assets()
    return render("summary.html.j2", lang, **context).encode("utf-8")


def render_markdown(
    rows: tuple[AreaRow, ...], lang: str = "ja", generated_at: datetime | None = None, failures: tuple[Failure, ...] = ()
) -> bytes:
    return render("summary.md.j2", lang, **_context(rows, generated_at, failures)).encode("utf-8")


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
    with atomic.locked(out, "output folder"):
        atomic.write_bytes(out / HTML_NAME, html)
        atomic.write_bytes(out / MARKDOWN_NAME, markdown)
    return WrittenSummary(rows, out / HTML_NAME, out / MARKDOWN_NAME)
