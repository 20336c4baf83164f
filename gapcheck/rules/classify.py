"""Verdicts: what each requirement's coverage means for its implementation class.

Coverage comes from the support marks of the features confirmed to cover a requirement (matched by
ID, auto-accepted, or decided by a person): ○ full, △ partial, カスタマイズ partial (customising a
standard package is not allowed, so it cannot count as a fit), × not covered. A feature listed in
a vendor's own catalog without a mark is something the system has: full. In a 適合表 an unmarked
row is an unanswered question: not covered, so it lands on the vendor's gap sheet.
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


def classify(spec: Spec, inventory: Inventory, matching: MatchResult) -> CheckResult:
    covering: dict[str, list[str]] = defaultdict(list)
    coverage: dict[str, Support] = {}
    candidates: dict[str, list[str]] = defaultdict(list)
    features = inventory.by_key
    for feature_match in matching.features:
        key = feature_match.feature
        if feature_match.status is FeatureStatus.MATCHED:
            support = effective_support(features[key].support, inventory.kind)
            for match in feature_match.matches:
                covering[match.requirement].append(key)
                best = coverage.get(match.requirement)
                if best is None or _RANK[support] > _RANK[best]:
                    coverage[match.requirement] = support
        elif feature_match.status is FeatureStatus.REVIEW:
            for candidate in feature_match.candidates:
                candidates[candidate.requirement].append(key)
    results = tuple(
        RequirementResult(
            requirement=requirement,
            verdict=verdict(requirement.category, coverage.get(requirement.id), bool(candidates[requirement.id])),
            coverage=coverage.get(requirement.id),
            features=tuple(covering[requirement.id]),
            candidates=tuple(candidates[requirement.id]),
        )
        for requirement in spec.requirements
    )
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
    return Summary(
        verdicts=verdicts,
        features={status: statuses[status] for status in FeatureStatus},
        requirements=len(results),
        mandatory_fit_rate=verdicts[Category.MANDATORY][Verdict.FIT] / mandatory if mandatory else None,
    )
