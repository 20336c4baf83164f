"""Verdicts: what each requirement's coverage means for its implementation class.

Coverage comes from the support marks of the features confirmed to cover a requirement (matched by
ID, auto-accepted, or decided by a person): ○ full, △ partial, カスタマイズ partial (customising a
standard package is not allowed, so it cannot count as a fit), × not covered. A feature listed in
a vendor's own catalog without a mark is something the system has: full. In a 適合表 an unmarked
row is an unanswered question: not covered, so it lands on the vendor's gap sheet.

A requirement in review also gets its likely verdict: the one it would get if every review feature
were confirmed as its first candidate, so that planners have a range before the review is done.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from gapcheck.model import (
    Category,
    CheckResult,
    FeatureStatus,
    Inventory,
    InventoryKind,
    MatchResult,
    RequirementResult,
    Spec,
    Summary,
    Support,
    Verdict,
)

_RANK = {Support.NONE: 0, Support.CUSTOM: 1, Support.PARTIAL: 1, Support.FULL: 2}

# class → verdict for (covered fully, covered partly, not covered)
_VERDICTS = {
    Category.MANDATORY: (Verdict.FIT, Verdict.PARTIAL, Verdict.GAP),
    Category.OPTIONAL: (Verdict.ADOPTED, Verdict.PARTIAL, Verdict.NOT_ADOPTED),
    Category.PROHIBITED: (Verdict.VIOLATION, Verdict.VIOLATION, Verdict.CLEAR),
}

VERDICTS_BY_CATEGORY = {
    category: tuple(dict.fromkeys((*verdicts, Verdict.REVIEW))) for category, verdicts in _VERDICTS.items()
}


def effective_support(support: Support | None, kind: InventoryKind) -> Support:
    if support is None:
        return Support.FULL if kind is InventoryKind.CATALOG else Support.NONE
    return support


def verdict(category: Category, coverage: Support | None, in_review: bool) -> Verdict:
    """The verdict for one requirement. `coverage` is the best support among confirmed features
    (None: no confirmed feature); `in_review` says whether unconfirmed candidates remain."""
    full, partial, uncovered = _VERDICTS[category]
    if coverage is Support.FULL:
        return full
    if coverage in (Support.PARTIAL, Support.CUSTOM):
        return partial
    return Verdict.REVIEW if in_review else uncovered


def _best(coverage: dict[str, Support], requirement: str, support: Support) -> None:
    known = coverage.get(requirement)
    if known is None or _RANK[support] > _RANK[known]:
        coverage[requirement] = support


def classify(spec: Spec, inventory: Inventory, matching: MatchResult) -> CheckResult:
    covering: dict[str, list[str]] = defaultdict(list)
    coverage: dict[str, Support] = {}
    candidates: dict[str, list[str]] = defaultdict(list)
    likely_coverage: dict[str, Support] = {}  # by the review features whose first candidate it is
    features = inventory.by_key
    for feature_match in matching.features:
        key = feature_match.feature
        support = effective_support(features[key].support, inventory.kind)
        if feature_match.status is FeatureStatus.MATCHED:
            for match in feature_match.matches:
                covering[match.requirement].append(key)
                _best(coverage, match.requirement, support)
            for rid in feature_match.open:  # to confirm or rule out: in review
                candidates[rid].append(key)
        elif feature_match.status is FeatureStatus.REVIEW:
            for candidate in feature_match.candidates:
                candidates[candidate.requirement].append(key)
            if feature_match.candidates:
                _best(likely_coverage, feature_match.candidates[0].requirement, support)
    results = []
    for requirement in spec.requirements:
        rid, category = requirement.id, requirement.category
        found = verdict(category, coverage.get(rid), bool(candidates[rid]))
        results.append(
            RequirementResult(
                requirement=requirement,
                verdict=found,
                coverage=coverage.get(rid),
                features=tuple(covering[rid]),
                candidates=tuple(candidates[rid]),
                likely=verdict(category, likely_coverage.get(rid), False) if found is Verdict.REVIEW else None,
            )
        )
    results = tuple(results)
    return CheckResult(spec, inventory, matching, results, summarize(results, matching))


def summarize(results: tuple[RequirementResult, ...], matching: MatchResult) -> Summary:
    per_class: dict[Category, Counter] = {category: Counter() for category in Category}
    for result in results:
        per_class[result.requirement.category][result.verdict] += 1
    verdicts = {
        category: {v: per_class[category][v] for v in VERDICTS_BY_CATEGORY[category]} for category in Category
    }
    statuses = Counter(m.status for m in matching.features)
    mandatory = sum(verdicts[Category.MANDATORY].values())
    fit = verdicts[Category.MANDATORY][Verdict.FIT]
    likely_fit = sum(1 for r in results if r.requirement.category is Category.MANDATORY and r.likely is Verdict.FIT)
    return Summary(
        verdicts=verdicts,
        features={status: statuses[status] for status in FeatureStatus},
        requirements=len(results),
        mandatory_fit_rate=fit / mandatory if mandatory else None,
        likely_mandatory_fit_rate=(fit + likely_fit) / mandatory if mandatory else None,
    )
