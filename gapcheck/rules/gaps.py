"""The gap lists of a check: which items a vendor has to answer, and how answers are merged.

The gap list of a check holds every item a vendor has to answer (`gap_list_for_requirement`,
`gap_list_for_feature`); the gap spreadsheet, the budget annex and the reports all select items
through these two functions, so they never disagree about what is on the list. `merge` takes the
answers of a filled workbook over without ever losing an earlier answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from gapcheck.model import (
    Answer,
    AnswerImport,
    Answers,
    AnswerVersion,
    Category,
    CheckResult,
    FeatureStatus,
    GapList,
    TargetKind,
    Verdict,
)

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
    """Every item of the check's gap lists: requirements in spec order, then extras in inventory
    order; on 要確認, the requirements likely to be a prohibited function present come first."""
    items = []
    ordered = sorted(result.requirements, key=lambda item: item.likely is not Verdict.VIOLATION)
    for item in ordered:
        gap_list = gap_list_for_requirement(item.requirement.category, item.verdict)
        if gap_list is not None:
            items.append((gap_list, TargetKind.REQUIREMENT, item.requirement.id))
    for feature_match in result.matching.features:
        gap_list = gap_list_for_feature(feature_match.status)
        if gap_list is not None:
            items.append((gap_list, TargetKind.FEATURE, feature_match.feature))
    return items


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
