"""Renderings of a spec diff: JSON (schema), Markdown, HTML, xlsx; Japanese and English."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import replace
from io import BytesIO

import openpyxl
import pytest
from support.editions import BASE, HOSTILE_NAME, HOSTILE_TEXT, sample_editions, spec

from gapcheck.files.diff_json import diff_to_dict, render_json
from gapcheck.model import Category
from gapcheck.outputs.diff_html import render_html
from gapcheck.outputs.diff_md import render_markdown
from gapcheck.outputs.diff_xlsx import build_workbook
from gapcheck.rules.diff import Change, diff_specs
from gapcheck.schema import violations


@pytest.fixture(scope="module")
def sample_diff():
    return diff_specs(*sample_editions())


@pytest.fixture(scope="module")
def hostile_diff():
    """A requirement renamed and reworded to text that must be shown as typed, never run."""
    changed = replace(BASE[0], name=HOSTILE_NAME, text=HOSTILE_TEXT, category=Category.PROHIBITED)
    added = replace(BASE[1], id="0010301", name="=HYPERLINK(\"http://evil.example\")", text="@SUM(A1:A9)\n-1+2")
    return diff_specs(spec(*BASE), spec(changed, *BASE[2:], added, version="第2.0版"))


def _xlsx(diff, lang="ja"):
    return openpyxl.load_workbook(BytesIO(build_workbook(diff, lang)), rich_text=True)


# --- JSON ----------------------------------------------------------------------------------------


def test_json_validates_and_carries_every_change(sample_diff):
    document = json.loads(render_json(sample_diff, old_path="specs/juki-1.0.json", new_path="specs/juki-1.1.json"))
    assert violations("diff", document) == []
    assert document["counts"] == {c.value: n for c, n in sample_diff.counts.items()}
    assert document["old"]["path"] == "specs/juki-1.0.json" and document["new"]["version"] == "第1.1版"
    assert {a["requirement"]["id"]: a.get("effect") for a in document["added"]} == {
        "0010034": "work", "0010066": "choice", "0010217": "work", "0012023": "work"
    }
    renumbered = {r["old_id"]: r for r in document["renumbered"]}
    assert renumbered["0010203"]["new_id"] == "0010206" and renumbered["0010203"]["fields"] == ["text"]
    assert document["id_map"]["0010183"] == "0010186"
    by_id = {c["new_id"]: c for c in document["changed"]}
    category = by_id["0010109"]["changes"][0]
    assert (category["field"], category["old"], category["new"], category["effect"]) == (
        "category", "optional", "mandatory", "work"
    )
    assert by_id["0010154"]["changes"][0]["new"] == ["2. 証明書の交付", "2.3. 閲覧"]
    assert by_id["0010214"]["changes"][0]["new"] == "2028-04-01"
    text = by_id["0010213"]["changes"][0]
    assert [s["op"] for s in text["segments"]] == ["equal", "insert"]
    assert document["unchanged"] == list(sample_diff.unchanged)
    assert len(document["unchanged"]) == sample_diff.counts[Change.UNCHANGED]


def test_json_schema_rejects_what_the_writer_must_not_produce(sample_diff):
    document = diff_to_dict(sample_diff)
    document["changed"][0]["changes"][0]["field"] = "colour"
    document["added"][0]["effect"] = "maybe"
    del document["counts"]["unchanged"]
    found = {path for path, _ in violations("diff", document)}
    assert {"$.changed[0].changes[0].field", "$.added[0].effect", "$.counts"} <= found


def test_json_keeps_hostile_text_as_data(hostile_diff):
    document = json.loads(render_json(hostile_diff))
    assert violations("diff", document) == []
    assert document["changed"][0]["new"]["name"] == HOSTILE_NAME
    assert document["changed"][0]["new"]["text"] == HOSTILE_TEXT


# --- HTML ----------------------------------------------------------------------------------------


def test_html_is_self_contained(sample_diff):
    page = render_html(sample_diff)
    assert not re.search(r"(?i)\b(?:src|href)\s*=|url\(|@import|https?://", page)
    assert "<script" not in page.lower() and "<link" not in page.lower()
    # the Content-Security-Policy allows exactly the inline style sheet, nothing else
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"default-src 'none'; style-src 'sha256-{digest}'" in page
    assert "@page" in style and "A4" in style


def test_html_shows_hostile_text_as_typed(hostile_diff):
    page = render_html(hostile_diff)
    assert "<script>alert" not in page and "<b>太字</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page and "49" not in page
    assert "&lt;b&gt;太字&lt;/b&gt;" in page


def test_html_marks_text_differences_and_class_changes(sample_diff):
    page = render_html(sample_diff)
    assert "<ins>の</ins>" in page  # 住民基本台帳<ins>の</ins>一部…
    assert "<del>を</del><ins>又はCSV形式で</ins>" in page
    assert "標準オプション → 実装必須" in page and "対応が必要" in page
    assert "0010203</span> → <span class=\"id\">0010206" in page
    assert "サンプルデータ" in page


def test_html_in_english(sample_diff):
    page = render_html(sample_diff, "en")
    assert '<html lang="en">' in page
    assert "Added (4)" in page and "Removed (3)" in page and "Renumbered (2)" in page
    assert "optional → mandatory" in page and "creates work" in page
    assert "追加" not in page and "実装区分" not in page


# --- Markdown ------------------------------------------------------------------------------------


def test_markdown_lists_every_change(sample_diff):
    text = render_markdown(sample_diff)
    assert "# 標準仕様書 改版差分: 住民記録 第1.0版 → 第1.1版" in text
    assert "## 追加 (4)" in text and "## 削除 (3)" in text and "## 番号変更 (2)" in text
    assert "| 0010203 | 0010206 | 0.91 | 年齢到達者の抽出 | 要件 |" in text
    assert "- 実装区分: 実装必須 → 標準オプション（採否の判断）" in text
    assert "- 適合基準日: 2027-04-01 → 2028-04-01" in text
    assert "一覧<del>を</del><ins>又はCSV形式で</ins>出力" in text


def test_markdown_escapes_hostile_text_and_keeps_tables_whole(hostile_diff):
    text = render_markdown(hostile_diff)
    assert "<script>" not in text and "<b>" not in text
    assert "[リンク](" not in text and "\\[リンク\\](" in text  # no live link
    rows = [line for line in text.splitlines() if line.startswith("| 0010301")]
    assert len(rows) == 1
    # an unescaped | inside a cell would add a column
    assert len(re.findall(r"(?<!\\)\|", rows[0])) == 9


def test_markdown_in_english(sample_diff):
    text = render_markdown(sample_diff, "en")
    assert "## Added (4)" in text and "## What changed" in text
    assert "- class: optional → mandatory (creates work)" in text


# --- xlsx ----------------------------------------------------------------------------------------


def test_xlsx_sheets_and_layout(sample_diff):
    workbook = _xlsx(sample_diff)
    assert workbook.sheetnames == ["概要", "追加", "削除", "変更", "番号変更"]
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert sheet["A1"].font.name == "Yu Gothic" and sheet["A1"].font.b
        assert sheet.column_dimensions["A"].width >= 10
    added = workbook["追加"]
    assert [added.cell(row=r, column=1).value for r in range(2, added.max_row + 1)] == [
        "0010034", "0010066", "0010217", "0012023"
    ]
    assert added["H2"].value == "対応が必要" and added["H3"].value == "採否の判断"
    assert workbook["削除"].max_row == 4
    renumbered = workbook["番号変更"]
    assert [c.value for c in renumbered[3]][:3] == ["0010203", "0010206", pytest.approx(0.91, abs=0.01)]
    changed = workbook["変更"]
    rows = [[c.value for c in row] for row in changed.iter_rows(min_row=2)]
    assert len(rows) == sum(len(c.changes) for c in sample_diff.changed + sample_diff.renumbered)
    effective = next(r for r in rows if r[0] == "0010214")
    assert effective[3:6] == ["適合基準日", "2027-04-01", "2028-04-01"]


def test_xlsx_text_difference_is_rich_text(sample_diff):
    changed = _xlsx(sample_diff)["変更"]
    row = next(r for r in changed.iter_rows(min_row=2) if r[0].value == "0010203")
    runs = row[6].value
    assert [(str(block), bool(block.font.strike), block.font.u) for block in runs] == [
        ("指定した基準日に指定した年齢に到達する住民を抽出し、一覧", False, None),
        ("を", True, None),
        ("又はCSV形式で", False, "single"),
        ("出力できること。", False, None),
    ]


def test_xlsx_writes_formula_like_text_as_text(hostile_diff):
    workbook = _xlsx(hostile_diff)
    added = workbook["追加"]
    assert added["D2"].value == '=HYPERLINK("http://evil.example")' and added["D2"].data_type == "s"
    assert added["E2"].value == "@SUM(A1:A9)\n-1+2" and added["E2"].data_type == "s"
    changed = workbook["変更"]
    names = [row[5].value for row in changed.iter_rows(min_row=2)]
    assert HOSTILE_NAME in names and HOSTILE_TEXT in names


def test_xlsx_in_english(sample_diff):
    workbook = _xlsx(sample_diff, "en")
    assert workbook.sheetnames == ["Summary", "Added", "Removed", "Changed", "Renumbered"]
    assert workbook["Added"]["H2"].value == "creates work"
