"""What a check report shows, whatever its format: the sections and their rows.

report.html and report.md render the same `ReportView`, so the two never tell different stories.
Rows carry model objects (enums stay enums); the templates label them in the report's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gapcheck.model import (
    Answers,
    AnswerVersion,
    Basis,
    Category,
    CheckResult,
    Feature,
    FeatureMatch,
    FeatureStatus,
    Requirement,
    RequirementResult,
    Summary,
    Support,
    TargetKind,
    Verdict,
)
from gapcheck.rules.baseline import BaselineOutcome
from gapcheck.rules.gaps import gap_list_for_requirement


@dataclass(frozen=True)
class Report:
    """What the renderers get: the check and how to present it."""

    result: CheckResult
    document: dict  # result.json content: the renderers' single source for paths, dates, system
    lang: str = "ja"
    answers: Answers | None = None  # vendors' answers so far (gaps.xlsx carries them over)
    baseline: BaselineOutcome | None = None  # the comparison with an earlier check


# A renderer is pure: Report → the bytes of one output file.
Renderer = Callable[[Report], bytes]

# Most pressing first: the order of the verdict column when sorted, and of the chart's segments.
SEVERITY = (
    Verdict.GAP,
    Verdict.VIOLATION,
    Verdict.PARTIAL,
    Verdict.REVIEW,
    Verdict.NOT_ADOPTED,
    Verdict.ADOPTED,
    Verdict.FIT,
    Verdict.CLEAR,
)


@dataclass(frozen=True)
class FeatureRef:
    """A feature of the inventory as a row cites it: where it is, and how it relates to the row."""

    feature: Feature
    status: FeatureStatus
    basis: Basis | None = None  # how it was matched to the row's requirement
    score: float | None = None

    @property
    def place(self) -> str:
        return f"{self.feature.sheet}!{self.feature.row}"


@dataclass(frozen=True)
class RequirementRow:
    requirement: Requirement
    verdict: Verdict
    coverage: Support | None
    features: tuple[FeatureRef, ...]  # confirmed
    candidates: tuple[FeatureRef, ...]  # still in review
    likely: Verdict | None = None  # in review: the verdict if the best guesses hold

    @property
    def severity(self) -> int:
        return SEVERITY.index(self.verdict)


@dataclass(frozen=True)
class CandidateRow:
    requirement: Requirement
    score: float
    conflicts: tuple[str, ...]


@dataclass(frozen=True)
class ReviewRow:
    """A feature waiting for a person, with the requirements it may cover."""

    feature: FeatureRef
    candidates: tuple[CandidateRow, ...]

    @property
    def likely_prohibited(self) -> bool:
        return bool(self.candidates) and self.candidates[0].requirement.category is Category.PROHIBITED


@dataclass(frozen=True)
class UnknownRefs:
    feature: FeatureRef
    refs: tuple[str, ...]


@dataclass(frozen=True)
class StaleRow:
    feature: str  # Feature.key as the decision names it
    feature_missing: bool
    missing_requirements: tuple[str, ...]


@dataclass(frozen=True)
class ReportView:
    document: dict  # result.json: paths, system, generation time
    result: CheckResult
    summary: Summary
    gaps: tuple[RequirementRow, ...]
    partials: tuple[RequirementRow, ...]  # 実装必須 covered in part
    violations: tuple[RequirementRow, ...]
    optional: tuple[RequirementRow, ...]  # every 標準オプション: each is a decision to make
    requirements: tuple[RequirementRow, ...]
    extras: tuple[FeatureRef, ...]
    review: tuple[ReviewRow, ...]
    excluded: tuple[FeatureRef, ...]
    unknown_refs: tuple[UnknownRefs, ...]
    stale: tuple[StaleRow, ...]
    answers: Answers | None = None  # vendors' answers, when the check was given them
    baseline: BaselineOutcome | None = None  # the comparison with an earlier check (check --baseline)

    def answer(self, kind: str, target: str) -> AnswerVersion | None:
        """The current answer for a requirement id or feature key (kind: 'requirement' / 'feature')."""
        found = self.answers.by_key.get((TargetKind(kind), target)) if self.answers else None
        return found.current if found else None

    @property
    def likely_rate_differs(self) -> bool:
        """Whether the likely matches in review would raise the fit rate (then the range is shown)."""
        rate, likely = self.summary.mandatory_fit_rate, self.summary.likely_mandatory_fit_rate
        return rate is not None and likely is not None and likely > rate

    @staticmethod
    def awaits_answer(row: RequirementRow) -> bool:
        """Whether the row is on the vendor's gap spreadsheet (so a missing answer is 未回答)."""
        return gap_list_for_requirement(row.requirement.category, row.verdict) is not None

    @property
    def verdict_counts(self) -> tuple[tuple[Category, tuple[tuple[Verdict, int], ...], int], ...]:
        """Per class: (verdict, count) in severity order, and the class total."""
        return tuple(
            (
                category,
                tuple(sorted(counts.items(), key=lambda item: SEVERITY.index(item[0]))),
                sum(counts.values()),
            )
            for category, counts in self.summary.verdicts.items()
        )


def _feature_ref(result: CheckResult, feature_match: FeatureMatch, requirement: str | None = None) -> FeatureRef:
    feature = result.inventory.by_key[feature_match.feature]
    for match in feature_match.matches:
        if match.requirement == requirement:
            return FeatureRef(feature, feature_match.status, match.basis, match.score)
    for candidate in feature_match.candidates:
        if candidate.requirement == requirement:
            return FeatureRef(feature, feature_match.status, None, candidate.score)
    return FeatureRef(feature, feature_match.status)


def _requirement_row(result: CheckResult, row: RequirementResult) -> RequirementRow:
    by_feature = result.matching.by_feature
    rid = row.requirement.id
    return RequirementRow(
        requirement=row.requirement,
        verdict=row.verdict,
        coverage=row.coverage,
        features=tuple(_feature_ref(result, by_feature[key], rid) for key in row.features),
        candidates=tuple(_feature_ref(result, by_feature[key], rid) for key in row.candidates),
        likely=row.likely,
    )


def build_view(report: Report) -> ReportView:
    result = report.result
    rows = tuple(_requirement_row(result, r) for r in result.requirements)

    def where(category: Category, *verdicts: Verdict) -> tuple[RequirementRow, ...]:
        return tuple(r for r in rows if r.requirement.category is category and (not verdicts or r.verdict in verdicts))

    def features(status: FeatureStatus) -> tuple[FeatureRef, ...]:
        return tuple(_feature_ref(result, m) for m in result.matching.features if m.status is status)

    spec = result.spec.by_id
    review = tuple(
        ReviewRow(
            _feature_ref(result, m),
            tuple(CandidateRow(spec[c.requirement], c.score, c.conflicts) for c in m.candidates),
        )
        for m in result.matching.features
        if m.status is FeatureStatus.REVIEW
    )
    # A feature whose best guess is a prohibited function first: if it holds, the system must drop it.
    review = tuple(sorted(review, key=lambda r: not r.likely_prohibited))
    return ReportView(
        document=report.document,
        result=result,
        summary=result.summary,
        gaps=where(Category.MANDATORY, Verdict.GAP),
        partials=where(Category.MANDATORY, Verdict.PARTIAL),
        violations=where(Category.PROHIBITED, Verdict.VIOLATION),
        optional=where(Category.OPTIONAL),
        requirements=rows,
        extras=features(FeatureStatus.UNMATCHED),
        review=review,
        excluded=features(FeatureStatus.EXCLUDED),
        unknown_refs=tuple(
            UnknownRefs(_feature_ref(result, m), m.unknown_refs) for m in result.matching.features if m.unknown_refs
        ),
        stale=tuple(
            StaleRow(s.decision.feature, s.feature_missing, s.missing_requirements)
            for s in result.matching.stale_decisions
        ),
        answers=report.answers,
        baseline=report.baseline,
    )
