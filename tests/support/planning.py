"""A small hand-made city for the planners' tests: four checks whose milestones are counted by hand.

The matcher is not involved: features cite requirement ids. Every check is of a tiny spec of seven
requirements (住民記録) or three (印鑑登録), written into result folders like `gapcheck run` does.

| folder | system | edition | role | planned | deadline |
|---|---|---|---|---|---|
| juki-1.1 | 住記A | 第1.1版 | current (latest edition) | 2026-01-04 | default 2026-03-31 |
| juki-1.0 | 住記A | 第1.0版 | superseded by juki-1.1 | 2026-01-04 | default |
| juki-b | 住記B | 第1.1版 | candidate | none | default |
| inkan | 印鑑C | 第1.0版 | current | 2027-01-04 | its own 2028-03-31 |

Gap items of a 住民記録 check (HAND below): 0010002 gap, 0010003 gap (適合基準日 2026-10-01),
0010004 partial, 0010005 violation, 0010007 option not adopted, X-1 extra. 0010006 (fit) has
適合基準日 2026-02-01, 0010007 has 2025-12-01.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from gapcheck.files.answers_json import result_answers
from gapcheck.files.result_json import result_to_dict, write_result
from gapcheck.model import (
    Answer,
    Answers,
    AnswerVersion,
    Basis,
    Category,
    Due,
    Feature,
    FeatureMatch,
    FeatureStatus,
    Inventory,
    InventoryKind,
    Kind,
    Match,
    MatchResult,
    Requirement,
    ResponsePolicy,
    Role,
    Spec,
    Support,
    SystemInfo,
    TargetKind,
)
from gapcheck.rules.classify import classify

R, F = TargetKind.REQUIREMENT, TargetKind.FEATURE
M, O, P = Category.MANDATORY, Category.OPTIONAL, Category.PROHIBITED


def _spec(area: str, version: str, rows) -> Spec:
    return Spec(
        area,
        version,
        tuple(Requirement(rid, Kind.FUNCTION, name, f"{name}ができること。", category, ("1. 手続",), effective_from=day)
              for rid, name, category, day in rows),
        sample=True,
    )


JUKI = [
    ("0010001", "転入届の受付", M, None),
    ("0010002", "転出届の受付", M, None),
    ("0010003", "転居届の受付", M, date(2026, 10, 1)),
    ("0010004", "世帯変更届の受付", M, None),
    ("0010005", "手書き台帳の出力", P, None),
    ("0010006", "住民票の写しの交付", M, date(2026, 2, 1)),
    ("0010007", "窓口予約", O, date(2025, 12, 1)),
]
INKAN = [
    ("0200001", "印鑑登録の受付", M, None),
    ("0200002", "印鑑登録証明書の交付", M, date(2027, 6, 1)),
    ("0200003", "印鑑登録の廃止", M, None),
]

# (requirement id or feature key, support) per check: covers are features citing the id
JUKI_FEATURES = [("0010001", Support.FULL), ("0010004", Support.PARTIAL), ("0010005", Support.FULL),
                 ("0010006", Support.FULL), ("X-1", None)]
INKAN_FEATURES = [("0200001", Support.FULL)]


def _result(spec: Spec, covered):
    features, matches = [], []
    for row, (target, support) in enumerate(covered, start=2):
        if target.startswith("X"):
            features.append(Feature(target, "機能一覧", row, "窓口混雑状況表示", support_raw="○", vendor_id=target))
            matches.append(FeatureMatch(target, FeatureStatus.UNMATCHED))
        else:
            key = f"V-{row}"
            features.append(Feature(key, "機能一覧", row, f"機能{target}", refs=(target,), support=support, vendor_id=key))
            matches.append(FeatureMatch(key, FeatureStatus.MATCHED, (Match(target, 1.0, Basis.ID),)))
    inventory = Inventory("inventories/vendor.xlsx", InventoryKind.CATALOG, tuple(features))
    return classify(spec, inventory, MatchResult(tuple(matches)))


def _answers(given) -> Answers:
    return Answers(tuple(
        Answer(kind, target, AnswerVersion(policy, cost, due, "", datetime(2025, 10, 1, tzinfo=timezone.utc), "回答.xlsx"))
        for kind, target, policy, cost, due in given
    ))


PC, BPR, DROP = ResponsePolicy.PACKAGE_CHANGE, ResponsePolicy.BPR, ResponsePolicy.DISCONTINUE

# 住記A against 2026-01-04 / 2026-03-31:
#   0010002 2025-12-01 on time; 0010003 令和7年度 (can end 2026-03-31: late, not after the deadline);
#   0010004 令和8年度 (late, after the deadline); 0010005 answered without a time; 0010007 not answered;
#   X-1 2026-01-04 (the planned day itself: on time).
ANSWERS_A = [
    (R, "0010002", PC, 1200, Due(2025, date(2025, 12, 1))),
    (R, "0010003", PC, 800, Due(2025)),
    (R, "0010004", PC, None, Due(2026)),
    (R, "0010005", DROP, 0, None),
    (F, "X-1", ResponsePolicy.EUC, 300, Due(2025, date(2026, 1, 4))),
]
# 住記B (no planned date: judged against the deadline 2026-03-31):
#   0010002 令和7年度 (ends on the deadline: on time); 0010004 2026-04-01 (late, after the deadline);
#   0010003, 0010005, 0010007, X-1 not answered.
ANSWERS_B = [
    (R, "0010002", PC, 500, Due(2025)),
    (R, "0010004", BPR, 100, Due(2026, date(2026, 4, 1))),
]
# 印鑑C against 2027-01-04 / 2028-03-31: 0200002 令和9年度 (late, within its own deadline);
#   0200003 not answered.
ANSWERS_C = [(R, "0200002", PC, 2000, Due(2027))]

# Hand-counted: (items, late, after deadline, unanswered, undated, requirements effective after go-live)
HAND = {
    "juki-1.1": (6, 2, 1, 1, 1, 2),  # after go-live: 0010003 (2026-10-01), 0010006 (2026-02-01)
    "juki-1.0": (6, 2, 1, 1, 1, 2),
    "juki-b": (6, 1, 1, 4, 0, 1),  # after the deadline 2026-03-31: 0010003 only
    "inkan": (2, 1, 0, 1, 0, 1),  # 0200002 (2027-06-01) after 2027-01-04
}


def write_city(root: Path) -> Path:
    """The four checks under root/city/; returns that folder."""
    city = root / "city"
    juki_10 = _spec("住民記録", "第1.0版", JUKI)
    juki_11 = _spec("住民記録", "第1.1版", JUKI)
    inkan = _spec("印鑑登録", "第1.0版", INKAN)
    checks = [
        ("juki-1.1", juki_11, JUKI_FEATURES, ANSWERS_A, SystemInfo("住記A", "A社", "テスト市", "990001", planned=date(2026, 1, 4))),
        ("juki-1.0", juki_10, JUKI_FEATURES, ANSWERS_A, SystemInfo("住記A", "A社", "テスト市", "990001", planned=date(2026, 1, 4))),
        ("juki-b", juki_11, JUKI_FEATURES, ANSWERS_B, SystemInfo("住記B", "B社", "テスト市", "990001", role=Role.CANDIDATE)),
        ("inkan", inkan, INKAN_FEATURES, ANSWERS_C,
         SystemInfo("印鑑C", "C社", "テスト市", "990001", planned=date(2027, 1, 4), deadline=date(2028, 3, 31))),
    ]
    for folder, spec, covered, answers, system in checks:
        result = _result(spec, covered)
        document = result_to_dict(result, system=system, generated_at=datetime(2025, 11, 1, tzinfo=timezone.utc))
        document["answers"] = result_answers(result, _answers(answers), f"answers/{folder}.json")
        write_result(document, city / folder)
    return city
