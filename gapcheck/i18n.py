"""User-facing labels in Japanese (default) and English, keyed by the model's enums.

Reports, spreadsheets and console output take every label from here, so the two languages never
drift apart.
"""

from __future__ import annotations

from enum import Enum

from gapcheck.model import Category, FeatureStatus, InventoryKind, Kind, Support, Verdict

LANGS = ("ja", "en")

LABELS: dict[Enum, tuple[str, str]] = {
    Category.MANDATORY: ("実装必須", "mandatory"),
    Category.OPTIONAL: ("標準オプション", "optional"),
    Category.PROHIBITED: ("実装不可", "prohibited"),
    Kind.FUNCTION: ("機能", "function"),
    Kind.FORM: ("帳票", "form"),
    Kind.DATA: ("データ項目", "data item"),
    Verdict.FIT: ("適合", "fit"),
    Verdict.PARTIAL: ("一部適合", "partial"),
    Verdict.GAP: ("ギャップ", "gap"),
    Verdict.ADOPTED: ("採用", "adopted"),
    Verdict.NOT_ADOPTED: ("不採用", "not adopted"),
    Verdict.VIOLATION: ("実装不可該当", "violation"),
    Verdict.CLEAR: ("該当なし", "clear"),
    Verdict.REVIEW: ("要確認", "review"),
    FeatureStatus.MATCHED: ("対応付け済", "matched"),
    FeatureStatus.REVIEW: ("要確認", "review"),
    FeatureStatus.UNMATCHED: ("独自機能", "extra"),
    FeatureStatus.EXCLUDED: ("対象外", "excluded"),
    Support.FULL: ("○", "full"),
    Support.PARTIAL: ("△", "partial"),
    Support.CUSTOM: ("カスタマイズ", "customised"),
    Support.NONE: ("×", "none"),
    InventoryKind.CATALOG: ("機能一覧", "feature catalog"),
    InventoryKind.CONFORMANCE: ("適合表", "conformance table"),
}


def label(member: Enum, lang: str = "ja") -> str:
    ja, en = LABELS[member]
    return en if lang == "en" else ja


