"""A check result built by hand on the sample spec, with one feature of every kind and hostile text,
for the report and summary tests (independent of the matcher, so the renderers are tested on
exactly the cases they must show)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from gapcheck.files.answers_json import result_answers
from gapcheck.files.result_json import result_to_dict, write_result
from gapcheck.files.spec_json import load_spec
from gapcheck.model import (
    Answers,
    Basis,
    Candidate,
    Decision,
    DecisionAction,
    Feature,
    FeatureMatch,
    FeatureStatus,
    Inventory,
    InventoryKind,
    Match,
    MatchResult,
    Note,
    ReadWarning,
    SkippedRow,
    StaleDecision,
    Support,
    SystemInfo,
)
from gapcheck.outputs import report_html, report_md
from gapcheck.outputs.report import Report
from gapcheck.rules.classify import classify
from support.files import ROOT

SPEC_PATH = ROOT / "specs" / "juki-1.0.json"

HOSTILE_NAME = "<script>alert(1)</script>"
TEMPLATE_TEXT = "{{ 7*7 }} | {% if x %}"
CELL_TEXT = "一行目|縦棒\n二行目 *強調* [リンク](http://example.com) &amp;"

# requirement ids of the sample spec used below, by what they become
FIT = "0010001"  # mandatory, ○ by id
PARTIAL = "0010002"  # mandatory, △ by text
GAP_MARKED = "0010003"  # mandatory, matched but ×
REVIEW = "0010005"  # mandatory, only a candidate
VIOLATION = "0010011"  # prohibited, ○
CLEAR = "0010033"  # prohibited, ×
ADOPTED = "0010029"  # optional, ○ by decision
NOT_ADOPTED = "0010032"  # optional, nothing


def feature(key, row, name, support=None, *, text="", sheet="機能一覧", section=(), refs=()):
    raw = {Support.FULL: "○", Support.PARTIAL: "△", Support.NONE: "×", Support.CUSTOM: "カスタマイズ"}.get(support, "")
    return Feature(key=key, sheet=sheet, row=row, name=name, text=text, section=section, refs=refs, support=support,
                   support_raw=raw)


def sample_result():
    spec = load_spec(SPEC_PATH)
    features = (
        feature("F-1", 5, "住民データ管理", Support.FULL, refs=(FIT,)),
        feature("F-2", 6, "外国人住民の記録", Support.PARTIAL, text="在留カードの読み取りは手入力"),
        feature("F-3", 7, "在留カード情報", Support.NONE, refs=(GAP_MARKED,)),
        feature("F-4", 8, "住民票の独自欄", Support.FULL, refs=(VIOLATION,)),
        feature("F-5", 9, "OCR自動異動", Support.NONE, refs=(CLEAR,)),
        feature("F-6", 10, "転入予定者の登録", Support.FULL),
        feature("F-7", 11, "ふりがなの登録", Support.FULL),
        feature("F-8", 12, HOSTILE_NAME, Support.FULL, text=TEMPLATE_TEXT, sheet="独自|機能", section=("独自", "<b>")),
        feature("F-9", 13, CELL_TEXT, Support.FULL),
        feature("F-10", 14, "見出し行", None),
        feature("F-11", 15, "存在しないIDの機能", Support.FULL, refs=("0019999",)),
    )
    inventory = Inventory(
        path="inventories/テスト<市>.xlsx",
        kind=InventoryKind.CATALOG,
        features=features,
        skipped=(SkippedRow("機能一覧", 4, Note("section_heading", {"text": "■ 住民異動"})),),
        warnings=(ReadWarning("機能一覧", Note("unknown_mark", {"mark": "？"}), (20,), 1, "G"),),
    )
    matching = MatchResult(
        (
            FeatureMatch("F-1", FeatureStatus.MATCHED, (Match(FIT, 1.0, Basis.ID),)),
            FeatureMatch("F-2", FeatureStatus.MATCHED, (Match(PARTIAL, 0.912, Basis.TEXT),)),
            FeatureMatch("F-3", FeatureStatus.MATCHED, (Match(GAP_MARKED, 1.0, Basis.ID),)),
            FeatureMatch("F-4", FeatureStatus.MATCHED, (Match(VIOLATION, 1.0, Basis.ID),)),
            FeatureMatch("F-5", FeatureStatus.MATCHED, (Match(CLEAR, 1.0, Basis.ID),)),
            FeatureMatch("F-6", FeatureStatus.MATCHED, (Match(ADOPTED, 1.0, Basis.DECISION),)),
            FeatureMatch("F-7", FeatureStatus.REVIEW, candidates=(Candidate(REVIEW, 0.64), Candidate(FIT, 0.41, ("転入", "転出")))),
            FeatureMatch("F-8", FeatureStatus.UNMATCHED),
            FeatureMatch("F-9", FeatureStatus.UNMATCHED),
            FeatureMatch("F-10", FeatureStatus.EXCLUDED),
            FeatureMatch("F-11", FeatureStatus.UNMATCHED, unknown_refs=("0019999",)),
        ),
        stale_decisions=(StaleDecision(Decision("F-99", DecisionAction.EXTRA), feature_missing=True),),
    )
    return classify(spec, inventory, matching)


def sample_report(
    lang: str = "ja", system: SystemInfo | None = None, generated_at: datetime | None = None, answers: Answers | None = None
) -> Report:
    """The hand-made check as its reports are rendered (from its result.json document)."""
    result = sample_result()
    document = result_to_dict(
        result,
        spec_path="specs/juki-1.0.json",
        system=system or SystemInfo(name="住民記録システム <v2>", vendor="Vendor & Co."),
        generated_at=generated_at or datetime(2025, 4, 1, 9, 30, tzinfo=timezone.utc),
    )
    if answers is not None:
        document["answers"] = result_answers(result, answers, "answers.json")
    return Report(document, lang)


def empty_report(spec_path: Path, lang: str = "ja", system: SystemInfo | None = None) -> Report:
    """A check of an inventory with no features: every requirement uncovered."""
    spec = load_spec(spec_path)
    result = classify(spec, Inventory(f"inventories/{spec.slug}.xlsx", InventoryKind.CATALOG, ()), MatchResult(()))
    return Report(result_to_dict(result, spec_path=str(spec_path), system=system), lang)


def write_check(folder: Path, report: Report, *, reports: bool = True) -> Path:
    """What `gapcheck check` writes into its --out folder, for the summary tests."""
    folder.mkdir(parents=True, exist_ok=True)
    write_result(report.document, folder)
    if reports:
        (folder / report_html.FILE_NAME).write_bytes(report_html.render(report))
        (folder / report_md.FILE_NAME).write_bytes(report_md.render(report))
    return folder
