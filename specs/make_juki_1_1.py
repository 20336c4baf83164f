"""Make specs/juki-1.1.json, a sample 第1.1版 of the sample 住民記録 spec, from specs/juki-1.0.json.

Run from the repository root: `python specs/make_juki_1_1.py`. Deterministic; the tests check that
the committed file is what this script makes, and that `gapcheck spec diff` finds each change.

The deliberate changes, one or more of every kind the diff reports:

- added: 0010034 転出届の電子署名の検証 (実装必須, 適合基準日 2027-04-01), 0010066 世帯員の一括異動
  (標準オプション), 0010217 パスワードの平文保存 (実装不可), 0012023 異動届出件数一覧表 (帳票, 実装必須)
- removed: 0010065 同一住所世帯の照会, 0010126 支援措置による交付制限の一括解除, 0012014 在留期間満了通知書
- renumbered, same text: 0010183 → 0010186 EUC用データの抽出
- renumbered, text slightly edited: 0010203 → 0010206 年齢到達者の抽出 (…一覧又はCSV形式で出力…)
- name: 0010142 宛名検索（生年月日） → 生年月日による宛名検索; 0012021 … → 住民基本台帳の一部の写しの閲覧リスト
- text: 0010101 (世帯の一部), 0010213 (権限設定の変更履歴)
- class: 0010109 標準オプション → 実装必須; 0012012 実装必須 → 実装不可 (with a note);
  0010164 実装必須 → 標準オプション
- kind: 0010161 人口統計の作成 function → form
- section (moved): 0010154 3.2. 照会・閲覧 → 2. 証明書の交付 / 2.3. 閲覧
- effective date: 0010214 利用者認証 2027-04-01 → 2028-04-01
- everything else unchanged
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from gapcheck.files.spec_json import load_spec, write_spec  # noqa: E402
from gapcheck.model import Category, Kind, Requirement, Spec, SpecSource  # noqa: E402

ATTRIBUTION = (
    "gapcheck の改版差分（gapcheck spec diff）の試験・デモ用に、サンプルの第1.0版を基に作成したサンプルの第1.1版。"
    "実在の標準仕様書ではない。追加・削除・番号変更・名称・要件・実装区分・種別・節・適合基準日の変更を意図的に含む"
    "（一覧は specs/make_juki_1_1.py）。"
)


def _edit(requirement: Requirement, expect: dict, **changes) -> Requirement:
    """Apply `changes`, after checking the 第1.0版 still says what this script expects."""
    for name, value in expect.items():
        actual = getattr(requirement, name)
        if actual != value:
            raise SystemExit(f"{requirement.id}: expected {name}={value!r} in 第1.0版, found {actual!r}")
    return replace(requirement, **changes)


def build(old: Spec) -> Spec:
    by_id = dict(old.by_id)
    edits = {
        "0010142": _edit(by_id["0010142"], {"name": "宛名検索（生年月日）"}, name="生年月日による宛名検索"),
        "0012021": _edit(
            by_id["0012021"], {"name": "住民基本台帳一部写し閲覧リスト"}, name="住民基本台帳の一部の写しの閲覧リスト"
        ),
        "0010101": _edit(
            by_id["0010101"],
            {"text": "本人又は同一世帯員等からの請求に基づき、住民票の写し（世帯全員又は一部）を交付できること。"},
            text="本人又は同一世帯員等からの請求に基づき、住民票の写し（世帯全員又は世帯の一部）を交付できること。",
        ),
        "0010213": _edit(
            by_id["0010213"],
            {"name": "権限管理"},
            text=by_id["0010213"].text + "権限の設定を変更したときは、変更者、変更日時及び変更内容を履歴として保持すること。",
        ),
        "0010109": _edit(by_id["0010109"], {"category": Category.OPTIONAL}, category=Category.MANDATORY),
        "0012012": _edit(
            by_id["0012012"],
            {"category": Category.MANDATORY, "notes": None},
            category=Category.PROHIBITED,
            notes="住民基本台帳ネットワークシステムによる通知に一本化したため、紙の通知書は出力しない。",
        ),
        "0010164": _edit(by_id["0010164"], {"category": Category.MANDATORY}, category=Category.OPTIONAL),
        "0010161": _edit(by_id["0010161"], {"kind": Kind.FUNCTION}, kind=Kind.FORM),
        "0010154": _edit(
            by_id["0010154"],
            {"section": ("3. 照会・検索", "3.2. 照会・閲覧")},
            section=("2. 証明書の交付", "2.3. 閲覧"),
        ),
        "0010214": _edit(
            by_id["0010214"], {"effective_from": date(2027, 4, 1)}, effective_from=date(2028, 4, 1)
        ),
        # renumbered: the new id takes the old one's place
        "0010183": _edit(by_id["0010183"], {"name": "EUC用データの抽出"}, id="0010186"),
        "0010203": _edit(
            by_id["0010203"],
            {"text": "指定した基準日に指定した年齢に到達する住民を抽出し、一覧を出力できること。"},
            id="0010206",
            text="指定した基準日に指定した年齢に到達する住民を抽出し、一覧又はCSV形式で出力できること。",
        ),
    }
    removed = {"0010065", "0010126", "0012014"}
    for rid in removed:
        if rid not in by_id:
            raise SystemExit(f"{rid}: expected in 第1.0版, not found")
    additions = {  # inserted after the requirement with this id
        "0010033": Requirement(
            id="0010034",
            kind=Kind.FUNCTION,
            name="転出届の電子署名の検証",
            text="オンラインで送信された転出届について、付された電子署名及び電子証明書の有効性を検証し、検証結果を記録できること。",
            category=Category.MANDATORY,
            section=("1. 住民記録の管理", "1.2. 届出による異動"),
            effective_from=date(2027, 4, 1),
        ),
        "0010062": Requirement(
            id="0010066",
            kind=Kind.FUNCTION,
            name="世帯員の一括異動",
            text="同一世帯の複数の世帯員が同時に転居する場合に、世帯員を選択して一括で異動処理できること。",
            category=Category.OPTIONAL,
            section=("1. 住民記録の管理", "1.4. 世帯の管理"),
        ),
        "0010216": Requirement(
            id="0010217",
            kind=Kind.FUNCTION,
            name="パスワードの平文保存",
            text="利用者のパスワードを暗号化又はハッシュ化せずに、平文のままデータベース又はファイルに保存する機能。",
            category=Category.PROHIBITED,
            section=("6. システム管理", "6.2. セキュリティ・ログ"),
        ),
        "0012022": Requirement(
            id="0012023",
            kind=Kind.FORM,
            name="異動届出件数一覧表",
            text="指定した期間に受け付けた届出の件数を、届出の種別及び受付窓口別に記載した一覧表。",
            category=Category.MANDATORY,
            section=("7. 帳票", "7.3. 一覧・統計表"),
        ),
    }
    requirements = []
    for requirement in old.requirements:
        if requirement.id not in removed:
            requirements.append(edits.get(requirement.id, requirement))
        if requirement.id in additions:
            requirements.append(additions[requirement.id])
    return replace(
        old,
        version="第1.1版",
        published=date(2026, 10, 1),
        requirements=tuple(requirements),
        source=SpecSource(
            title=old.source.title,
            publisher=old.source.publisher,
            url=old.source.url,
            attribution=ATTRIBUTION,
            files=old.source.files,
        ),
    )


def main() -> None:
    write_spec(build(load_spec(HERE / "juki-1.0.json")), HERE / "juki-1.1.json")


if __name__ == "__main__":
    main()
