"""Small hand-made specs for the spec diff tests."""

from __future__ import annotations

import importlib.util
from datetime import date

from gapcheck.files.spec_json import load_spec
from gapcheck.model import Category, Kind, Requirement, Spec
from support.files import SPECS

HOSTILE_NAME = "転入届の受付 <script>alert(1)</script>"
HOSTILE_TEXT = "{{ 7*7 }} | =1+1 & <b>太字</b> *強調* [リンク](http://example.com)"


def req(
    rid: str,
    name: str = "転入届の受付",
    text: str = "他市区町村から住所を移した者の転入届を受け付け、住民票を記載できること。",
    category: Category = Category.MANDATORY,
    kind: Kind = Kind.FUNCTION,
    section: tuple[str, ...] = ("1. 住民記録の管理", "1.2. 届出による異動"),
    effective_from: date | None = None,
    notes: str | None = None,
) -> Requirement:
    return Requirement(rid, kind, name, text, category, section, effective_from=effective_from, notes=notes)


def spec(*requirements: Requirement, version: str = "第1.0版", sample: bool = False) -> Spec:
    return Spec(area="住民記録", version=version, requirements=tuple(requirements), slug="juki", sample=sample)


# Distinct requirements: texts far apart, so none of them pairs with another as renumbered.
BASE = (
    req("0010021"),
    req("0010022", "転出届の受付", "市区町村外へ住所を移す者の転出届を受け付け、転出予定の状態として管理できること。"),
    req("0010141", "宛名検索（カナ氏名）", "カナ氏名により住民を検索できること。", section=("3. 照会・検索",)),
    req("0010211", "操作ログの記録", "操作者、操作日時及び対象者を操作ログとして記録できること。", section=("6. システム管理",)),
    req("0012001", "住民票の写し", "住民票の写しの帳票。", kind=Kind.FORM, section=("7. 帳票",)),
)


def sample_editions():
    """The sample 第1.0版 and 第1.1版 as shipped in specs/."""
    return load_spec(SPECS / "juki-1.0.json"), load_spec(SPECS / "juki-1.1.json")


def maker_module():
    """specs/make_juki_1_1.py, the script that derives the sample 第1.1版."""
    location = SPECS / "make_juki_1_1.py"
    loaded = importlib.util.spec_from_file_location("make_juki_1_1", location)
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    return module
