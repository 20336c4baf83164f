"""Vendors' answers to the gap list: which items need one, reading the values they type, and taking
a filled workbook over into the answers file without ever losing an earlier answer.

The gap list of a check holds every item a vendor has to answer (`gap_list_for_requirement`,
`gap_list_for_feature`); the gap spreadsheet, the budget annex and the reports all select items
through these two functions, so they never disagree about what is on the list.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path

from gapcheck import atomic
from gapcheck.dates import fiscal_year_of, parse_date, parse_fiscal_year, wareki_fiscal_year
from gapcheck.errors import InputError
from gapcheck.i18n import LABELS
from gapcheck.model import (
    Answer,
    AnswerImport,
    Answers,
    AnswerVersion,
    Category,
    CheckResult,
    Due,
    FeatureStatus,
    GapList,
    ResponsePolicy,
    TargetKind,
    Verdict,
)
from gapcheck.text import compact

_REQUIREMENT_LISTS = {
    (Category.MANDATORY, Verdict.GAP): GapList.GAPS,
    (Category.MANDATORY, Verdict.PARTIAL): GapList.GAPS,
    (Category.PROHIBITED, Verdict.VIOLATION): GapList.VIOLATIONS,
    (Category.OPTIONAL, Verdict.PARTIAL): GapList.OPTIONS,
    (Category.OPTIONAL, Verdict.NOT_ADOPTED): GapList.OPTIONS,
}


def gap_list_for_requirement(category: Category, verdict: Verdict) -> GapList | None:
    """The list a requirement with this verdict goes on; None when there is nothing to answer."""
    if verdict is Verdict.REVIEW:
        return GapList.REVIEW
    return _REQUIREMENT_LISTS.get((category, verdict))


def gap_list_for_feature(status: FeatureStatus) -> GapList | None:
    """Features go on the list only as extras (独自機能); the others show under their requirement."""
    return GapList.EXTRAS if status is FeatureStatus.UNMATCHED else None


def gap_items(result: CheckResult) -> list[tuple[GapList, TargetKind, str]]:
    """Every item of the check's gap lists: requirements in spec order, then extras in inventory order."""
    items = []
    for item in result.requirements:
        gap_list = gap_list_for_requirement(item.requirement.category, item.verdict)
        if gap_list is not None:
            items.append((gap_list, TargetKind.REQUIREMENT, item.requirement.id))
    for feature_match in result.matching.features:
        gap_list = gap_list_for_feature(feature_match.status)
        if gap_list is not None:
            items.append((gap_list, TargetKind.FEATURE, feature_match.feature))
    return items


# --- the values vendors type -----------------------------------------------------------------


def _policy_key(text: str) -> str:
    return compact(text).lower()


_POLICIES = {
    _policy_key(name): policy for policy, names in LABELS[ResponsePolicy].items() for name in (*names, policy.value)
}


def parse_policy(value: object) -> ResponsePolicy:
    """A 対応方針 as chosen from the list (Japanese or English label); ValueError otherwise."""
    policy = _POLICIES.get(_policy_key(str(value)))
    if policy is None:
        raise ValueError(f"'{value}' is not one of the 対応方針 (choose from the list in the cell)")
    return policy


_WHOLE = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


def parse_cost(value: object) -> int:
    """概算費用（千円）: a whole number of thousand yen, 0 or more; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{value} is negative (write the estimate as 0 or more)")
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    if _WHOLE.match(text):
        return int(text.replace(",", ""))
    raise ValueError(
        f"'{value}' is not a whole number of thousand yen (write digits only: 1000 for 100万円, 1500 for 150万円)"
    )


def due_from_date(day: date) -> Due:
    return Due(fiscal_year_of(day), day)


def parse_due(value: object) -> Due:
    """対応予定時期: a date, or a fiscal year (令和8年度 / R8 / 2026年度 / FY2026); ValueError otherwise."""
    if isinstance(value, (date, datetime)):
        return due_from_date(parse_date(value))
    try:
        return Due(parse_fiscal_year(value))
    except ValueError:
        pass
    try:
        return due_from_date(parse_date(value))
    except ValueError as error:
        if "real date" in str(error):
            raise
    raise ValueError(f"'{value}' is neither a date nor a fiscal year (write 2026-10-01, 令和8年度, R8 or 2026年度)")


def fiscal_year_text(year: int, lang: str = "ja") -> str:
    """令和8年度 / FY2026"""
    return f"FY{year}" if lang == "en" else wareki_fiscal_year(year)


def due_text(due: Due, lang: str = "ja") -> str:
    """A due as people read it: the date, else the fiscal year (令和8年度 / FY2026)."""
    if due.day is not None:
        return due.day.isoformat()
    return fiscal_year_text(due.fiscal_year, lang)


# --- taking answers over ---------------------------------------------------------------------


@dataclass(frozen=True)
class Given:
    """What one filled workbook says, before it is taken over."""

    source: str  # the workbook's file name
    sha256: str
    answers: dict[tuple[TargetKind, str], AnswerVersion]  # answered rows (answered_at/source unset)
    area: str | None = None
    system: str | None = None


def in_file_order(answers: Iterable[Answer]) -> tuple[Answer, ...]:
    """The order answers files keep: by kind, then requirement id or feature key."""
    return tuple(sorted(answers, key=lambda a: (a.kind.value, a.target)))


def merge(existing: Answers, given: Given, at: datetime) -> tuple[Answers, AnswerImport]:
    """`existing` with the answers of `given` taken over.

    A changed answer moves its previous version into the history; an unchanged one keeps its
    original time and file; answers the workbook does not hold (rows deleted, left blank, or items
    that left the gap list) stay as they are.
    """
    by_key = dict(existing.by_key)
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    for (kind, target), version in given.answers.items():
        stamped = replace(version, answered_at=at, source=given.source)
        old = by_key.get((kind, target))
        if old is None:
            by_key[(kind, target)] = Answer(kind, target, stamped)
            counts["new"] += 1
        elif old.current.same_answer(version):
            counts["unchanged"] += 1
        else:
            by_key[(kind, target)] = Answer(kind, target, stamped, (*old.history, old.current))
            counts["changed"] += 1
    record = AnswerImport(given.source, given.sha256, at, **counts)
    merged = Answers(
        answers=in_file_order(by_key.values()),
        imports=(*existing.imports, record),
        area=existing.area or given.area,
        system=existing.system or given.system,
    )
    return merged, record


def _check_scope(existing: Answers, given: Given, into: Path) -> None:
    """Refuse to mix answers of different systems or business areas in one file."""
    for what, have, new in (("business area", existing.area, given.area), ("system", existing.system, given.system)):
        if have and new and have != new:
            raise InputError(
                into,
                f"this answers file holds answers for the {what} '{have}', the workbook is for '{new}'",
                "import it into the answers file of that system (another --into)",
            )


@dataclass(frozen=True)
class ImportOutcome:
    record: AnswerImport
    answers: Answers
    blank: int  # rows on the lists left without an answer
    missing: tuple[str, ...]  # keys of rows the vendor deleted (not answered in this round)
    conflicts: tuple  # Problems: protected cells the vendor edited (not taken over)


def import_answers(
    filled: str | Path, into: str | Path, *, ignore_conflicts: bool = False, now: datetime | None = None
) -> ImportOutcome:
    """Take a vendor's filled gap spreadsheet over into the answers file `into`.

    Everything is checked first; when any value is invalid (or a protected cell was edited,
    unless `ignore_conflicts`) a ProblemsError lists them all and nothing is written. The answers
    file is written atomically under a lock, its previous version kept in .gapcheck-history/.
    """
    from gapcheck.formats.answers_json import load_answers, write_answers
    from gapcheck.formats.gaps_xlsx import read_filled

    filled, into = Path(filled), Path(into)
    workbook = read_filled(filled, allow_conflicts=ignore_conflicts)
    given = Given(
        source=filled.name,
        sha256=hashlib.sha256(filled.read_bytes()).hexdigest(),
        answers=workbook.answers,
        area=workbook.area,
        system=workbook.system,
    )
    with atomic.locked(into, "answers file"):
        existing = load_answers(into) if into.exists() else Answers()
        _check_scope(existing, given, into)
        merged, record = merge(existing, given, now or datetime.now(timezone.utc))
        write_answers(merged, into)
    return ImportOutcome(record, merged, workbook.blank, workbook.missing, workbook.conflicts)
