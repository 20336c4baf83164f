"""A classified check of the sample 住民記録 spec for the gap-spreadsheet, answers and budget tests.

The matcher is not involved: features cite requirement ids and are matched by id, with support
marks chosen so that every gap list gets items, and a few extras carry text that Excel would
evaluate if it were written as a formula.
"""

from __future__ import annotations

from datetime import datetime, timezone

from conftest import SPECS
from gapcheck.classify import classify
from gapcheck.formats.result_json import SystemInfo, result_to_dict
from gapcheck.formats.spec_json import load_spec
from gapcheck.model import (
    Basis,
    Candidate,
    Category,
    CheckResult,
    Feature,
    FeatureMatch,
    FeatureStatus,
    Inventory,
    InventoryKind,
    Match,
    MatchResult,
    Support,
)

HOSTILE_NAMES = (
    '=HYPERLINK("http://example.com","開く")',
    "+81-3-1234-5678 連絡先管理",
    "-1 件の補正",
    "@SUM(A1:A2) 集計",
    "\tタブで始まる機能",
    "\r改行で始まる機能",
    "縦タブ\x0b入り機能",
)

_SUPPORT_CYCLE = {
    Category.MANDATORY: (Support.NONE, Support.PARTIAL, Support.FULL, Support.FULL),
    Category.OPTIONAL: (Support.NONE, Support.FULL, Support.PARTIAL),
    Category.PROHIBITED: (Support.FULL, None, None),
}


def juki_result(spec_name: str = "juki-1.0.json", review: int = 2) -> CheckResult:
    spec = load_spec(SPECS / spec_name)
    features: list[Feature] = []
    matches: list[FeatureMatch] = []
    counters = {category: 0 for category in Category}
    requirements = list(spec.requirements)
    reviewed = requirements[-review:] if review else []
    for number, requirement in enumerate(requirements[: len(requirements) - review], start=2):
        cycle = _SUPPORT_CYCLE[requirement.category]
        support = cycle[counters[requirement.category] % len(cycle)]
        counters[requirement.category] += 1
        if support is None:
            continue
        key = f"V-{number:04d}"
        features.append(
            Feature(
                key,
                "機能一覧",
                number,
                f"{requirement.name}（当社）",
                refs=(requirement.id,),
                support=support,
                support_raw={Support.FULL: "○", Support.PARTIAL: "△", Support.NONE: "×"}[support],
                vendor_id=key,
            )
        )
        matches.append(FeatureMatch(key, FeatureStatus.MATCHED, (Match(requirement.id, 1.0, Basis.ID),)))
    for offset, requirement in enumerate(reviewed):
        key = f"R-{offset:02d}"
        features.append(Feature(key, "機能一覧", 500 + offset, f"{requirement.name}に似た機能"))
        matches.append(FeatureMatch(key, FeatureStatus.REVIEW, candidates=(Candidate(requirement.id, 0.6),)))
    for offset, name in enumerate(HOSTILE_NAMES):
        key = f"X-{offset:02d}"
        features.append(
            Feature(key, "独自機能", 2 + offset, name, text=f"{name} の説明", support_raw="○", vendor_id=key)
        )
        matches.append(FeatureMatch(key, FeatureStatus.UNMATCHED))
    inventory = Inventory("inventories/vendor-a.xlsx", InventoryKind.CATALOG, tuple(features))
    return classify(spec, inventory, MatchResult(tuple(matches)))


def juki_document(result: CheckResult, system: str = "住民記録システム（A社）") -> dict:
    return result_to_dict(
        result,
        spec_path="specs/juki-1.0.json",
        system=SystemInfo(name=system, vendor="A社", municipality="サンプル市"),
        generated_at=datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc),
    )
