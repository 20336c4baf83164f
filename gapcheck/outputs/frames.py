"""Checks as pandas DataFrames, and those frames as CSV, xlsx or Parquet files (`gapcheck export`).

Public through `gapcheck.frames` (documented in docs/python-api.md). Every frame has the columns
listed in COLUMNS, in that order; codes are gapcheck's own (verdict `gap`, class `mandatory`,
response `package_change` …: the values of the enums in gapcheck.model), so that filters in an
analyst's code do not depend on the report language.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from gapcheck.errors import InputError
from gapcheck.messages import _
from gapcheck.model import Category, FeatureStatus, ResultDocument, Role
from gapcheck.outputs.xlsx import Book, table
from gapcheck.rules.budget import budget_items
from gapcheck.rules.classify import VERDICTS_BY_CATEGORY
from gapcheck.rules.roles import assign_roles

if TYPE_CHECKING:
    import pandas as pd  # imported where used: it costs every command 0.35 s at start-up

# The identity of a check, first in every frame made of several checks.
CHECK_COLUMNS = ("municipality_code", "municipality", "area", "system", "vendor", "edition", "role", "counted", "folder")

_VERDICT_COUNTS = tuple(f"{c.value}_{v.value}" for c in Category for v in VERDICTS_BY_CATEGORY[c])

COLUMNS: dict[str, tuple[str, ...]] = {
    "checks": (
        *CHECK_COLUMNS, "generated_at", "spec_path", "inventory_path", "planned", "deadline", "requirements",
        "mandatory_fit_rate", "likely_mandatory_fit_rate", *_VERDICT_COUNTS,
        *(f"features_{s.value}" for s in FeatureStatus), "gap_items", "unanswered",
    ),
    "requirements": (
        "id", "kind", "name", "text", "category", "section", "effective_from", "verdict", "likely", "coverage",
        "features", "candidates",
    ),
    "features": (
        "key", "sheet", "row", "name", "text", "section", "refs", "support", "support_raw", "status",
        "requirements", "basis", "score", "candidates", "unknown_refs",
    ),
    "matches": ("feature", "requirement", "score", "basis"),
    "gap_items": (
        "list", "kind", "target", "name", "policy", "cost_thousand_yen", "due", "fiscal_year", "note", "answered_at",
    ),
}
TABLES = tuple(COLUMNS)


_DATES = ("effective_from", "due", "planned", "deadline")  # days: datetime64 at midnight
_TIMES = ("answered_at", "generated_at")  # moments: datetime64 in UTC


def _frame(rows: Iterable[tuple], table_name: str) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=list(COLUMNS[table_name]))
    for column in set(frame.columns) & set(_DATES):
        frame[column] = pd.to_datetime(frame[column])
    for column in set(frame.columns) & set(_TIMES):
        frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    return frame


def _value(member) -> str | None:
    return None if member is None else member.value


def _joined(values: Iterable[str]) -> str:
    """Several ids or keys in one cell, separated by a space (ids never hold one)."""
    return " ".join(values)


def requirements(document: ResultDocument) -> pd.DataFrame:
    """One row per requirement of the spec: its verdict, the verdict likely if it is in review,
    the best support covering it (coverage), and how many features cover it or may (in review)."""
    return _frame(
        (
            (r.id, r.kind.value, r.name, r.text, r.category.value, " > ".join(r.section), r.effective_from,
             r.verdict.value, _value(r.likely), _value(r.coverage), len(r.features), len(r.candidates))
            for r in document.requirements
        ),
        "requirements",
    )


def features(document: ResultDocument) -> pd.DataFrame:
    """One row per feature of the inventory: where it is, its mark, its status, the requirements it
    was matched to (space-separated ids) with the first match's basis and the best score, and the
    candidates offered for review."""
    return _frame(
        (
            (f.key, f.sheet, f.row, f.name, f.text, " > ".join(f.section), _joined(f.refs), _value(f.support),
             f.support_raw, f.status.value, _joined(m.requirement for m in f.matches),
             f.matches[0].basis.value if f.matches else None,
             max((m.score for m in f.matches), default=None), _joined(c.requirement for c in f.candidates),
             _joined(f.unknown_refs))
            for f in document.features
        ),
        "features",
    )


def matches(document: ResultDocument) -> pd.DataFrame:
    """One row per match of a feature to a requirement (a feature may cover several, a requirement
    be covered by several)."""
    return _frame(
        ((f.key, m.requirement, m.score, m.basis.value) for f in document.features for m in f.matches), "matches"
    )


def gap_items(document: ResultDocument) -> pd.DataFrame:
    """One row per item on the check's gap lists (the vendor's gap spreadsheet) with the vendor's
    current answer: policy None where it is not answered."""
    listed = document.answers_by_key
    rows = []
    for item in budget_items(document):
        answer = listed.get((item.kind, item.target))
        rows.append(
            (item.gap_list.value, item.kind.value, item.target, item.name, _value(item.policy), item.cost_thousand_yen,
             item.due.day if item.due else None, item.fiscal_year, item.note,
             answer.current.answered_at if answer else None)
        )
    frame = _frame(rows, "gap_items")
    return frame.astype({"cost_thousand_yen": "Int64", "fiscal_year": "Int64"})


def check_row(document: ResultDocument, folder: str, role: Role) -> tuple:
    """The identity of a check (CHECK_COLUMNS)."""
    system = document.system
    return (system.municipality_code, system.municipality, document.spec.area, document.system_name, system.vendor,
            document.spec.version, role.value, role is Role.CURRENT, folder)


def _check_summary(document: ResultDocument, folder: str, role: Role) -> tuple:
    summary, system = document.summary, document.system
    items = budget_items(document)
    return (
        *check_row(document, folder, role), document.generated_at, document.spec.path, document.inventory_path,
        system.planned, system.deadline, summary.requirements, summary.mandatory_fit_rate,
        summary.likely_mandatory_fit_rate,
        *(summary.verdicts[c].get(v, 0) for c in Category for v in VERDICTS_BY_CATEGORY[c]),
        *(summary.features.get(s, 0) for s in FeatureStatus),
        len(items), sum(i.policy is None for i in items),
    )


_PER_CHECK = {"requirements": requirements, "features": features, "matches": matches, "gap_items": gap_items}


def combined(checks: Sequence[tuple[ResultDocument, str]], table_name: str = "requirements") -> pd.DataFrame:
    """One frame over many checks (each with its folder): CHECK_COLUMNS, then the table's columns;
    for "checks", one row per check. `role` says which checks the totals count (`counted`)."""
    import pandas as pd

    if table_name not in COLUMNS:
        raise ValueError(f"unknown table {table_name!r} (one of: {', '.join(TABLES)})")
    roles = assign_roles([document for document, _ in checks]).roles
    if table_name == "checks":
        return _frame((_check_summary(d, folder, role) for (d, folder), role in zip(checks, roles)), "checks")
    parts = []
    for (document, folder), role in zip(checks, roles):
        part = _PER_CHECK[table_name](document)
        identity = dict(zip(CHECK_COLUMNS, check_row(document, folder, role)))
        parts.append(part.assign(**identity)[[*CHECK_COLUMNS, *COLUMNS[table_name]]])
    if not parts:
        return _frame((), table_name).reindex(columns=[*CHECK_COLUMNS, *COLUMNS[table_name]])
    return pd.concat(parts, ignore_index=True)


# --- files ---------------------------------------------------------------------------------------

FORMATS = ("csv", "xlsx", "parquet")
MAX_ROWS = 1_048_575  # below an xlsx sheet's header
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: object) -> object:
    """CSV text Excel would take for a formula gets a leading apostrophe, as Excel itself shows such text."""
    if isinstance(value, str) and value.startswith(_RISKY_START):
        return "'" + value
    return value


def _cell(value: object) -> object:
    import pandas as pd

    if value is None or (not isinstance(value, (str, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp) and value.tzinfo is None and value == value.normalize():
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _text_columns(frame: pd.DataFrame) -> list[str]:
    """Columns of text (object in pandas 2, str in pandas 3)."""
    from pandas.api.types import is_string_dtype

    return [c for c in frame.columns if is_string_dtype(frame[c].dtype)]


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, which Japanese Excel needs to read it as UTF-8."""
    safe = frame.copy()
    for column in _text_columns(safe):
        safe[column] = safe[column].map(_safe_text)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(frames: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per frame, text as text (never a formula), through gapcheck's own workbook helpers."""
    book = Book()
    for name, frame in frames.items():
        if len(frame) > MAX_ROWS:
            raise InputError(name, _("{count:,} rows do not fit on a worksheet (at most {limit:,})",
                                     count=len(frame), limit=MAX_ROWS),
                             _("export this table to .csv or .parquet instead"))
        widths = [min(40, max(8, len(str(c)) + 2)) for c in frame.columns]
        rows = ([_cell(v) for v in row] for row in frame.itertuples(index=False))
        table(book, book.sheet(name), zip(map(str, frame.columns), widths), rows, fit_rows=False)  # data, not paper
    return book.close()


def parquet_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def to_parquet(frame: pd.DataFrame) -> bytes:
    if not parquet_available():
        raise InputError(
            "parquet",
            _("writing .parquet needs the pyarrow package, which is not installed"),
            _("pip install 'gapcheck[parquet]' (or pip install pyarrow), or export to .csv or .xlsx"),
        )
    stream = io.BytesIO()
    frame.astype({c: "string" for c in _text_columns(frame)}).to_parquet(stream, index=False)
    return stream.getvalue()

