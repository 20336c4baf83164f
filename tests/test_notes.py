"""Readers' notes and warnings are codes with parameters in the model and in result.json, rendered
in the language of each report (and of the console): a Japanese report holds no English note, an
English one no Japanese, and a result.json written before notes had codes still renders."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from bs4 import BeautifulSoup
from support import catalog
from support.bad_inputs import odd_entries
from support.files import INVENTORIES, ROOT, SPECS, make_xlsx

from gapcheck.errors import ProblemsError
from gapcheck.files.result_json import SCHEMA_VERSION, read_result_json, warning_from_json
from gapcheck.jsonfile import check as check_schema
from gapcheck.messages import translate
from gapcheck.notes import MESSAGES, message_ids, warning_text
from gapcheck.schema import schema

OLD_RESULT = ROOT / "tests" / "data" / "result-v2"  # written by gapcheck before notes had codes (format 2)
# Two English words in a row: a sentence (or its remains). IDs, file names, marks and cell
# addresses are one word each; Excel, Ctrl+End, support_marks and kind are names a user types or sees.
ENGLISH = re.compile(r"\b[A-Za-z]{2,}[ ,;:'’]+[A-Za-z]{2,}\b")
# the Japanese wording of notes, which an English report must not contain
JAPANESE_WORDING = ("見出し行「", "空行", "行目", "シート「", "読みませんでした", "意味がわかりません", "範囲の書き方",
                    "見出しの繰り返し", "機能名がない", "もう一度出てきます", "非表示の行")


def _placeholders(message: str) -> set[str]:
    return set(re.findall(r"\{(\w+)", message))


def test_every_note_has_a_japanese_entry_with_the_same_fields_and_no_english_left():
    translations = {m.id: m.string for m in catalog.read_catalog() if m.id}
    for message in message_ids():
        japanese = translations.get(message)
        assert japanese, f"no Japanese entry for {message!r}: run `python tests/support/catalog.py` and translate it"
        assert _placeholders(japanese) == _placeholders(message), (message, japanese)
        assert not ENGLISH.search(japanese), japanese
        assert translate(message, "ja") == japanese and translate(message, "en") == message


def test_the_schema_knows_exactly_the_note_codes():
    assert schema("result")["$defs"]["note"]["properties"]["code"]["enum"] == sorted(MESSAGES)


# --- reports of messy inventories -------------------------------------------------------------------


def _made_here(folder):
    """A vendor's list with most kinds of mess a note is written about."""
    header = ["機能番号", "機能名", "標準機能ID", "対応"]
    rows = [
        header,
        ["■ 住民異動"],
        ["A-1", "転入入力", "0010021", "○"],
        ["A-1", "転入入力（特例）", "0010022", "○"],  # the vendor's number again
        [],
        ["■ 証明"],
        ["A-2", "住民票の写しの交付", "0010101～0010103", "◇"],  # a range, an unknown mark
        ["A-3", "住民票の照会", "00100010", "○"],  # eight digits
        header,  # the header again (a printed list pasted together)
        ["A-4", None, None, "○"],  # no name
        ["A-5", "旧転入入力", "0010021", "×"],  # hidden
    ]

    def hide(workbook):
        workbook["機能一覧"].row_dimensions[len(rows)].hidden = True

    return make_xlsx(folder / "made-here.xlsx", {"機能一覧": rows}, hide)


def _strays(folder):
    entry = next(e for e in odd_entries() if e.name.endswith(".xlsx"))
    entry.make(folder / entry.name)
    return folder / entry.name


INVENTORY_FILES = {
    "juki-messy.xlsx": lambda folder: INVENTORIES / "juki-messy.xlsx",
    "juki-messy-cp932.csv": lambda folder: INVENTORIES / "juki-messy-cp932.csv",
    "made-here.xlsx": _made_here,
    "stray-cell.xlsx": _strays,
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory, cli):
    """Each inventory checked against 住民記録 第1.0版: its folder, and its report again in English."""
    base = tmp_path_factory.mktemp("notes")
    inputs = tmp_path_factory.mktemp("inputs")
    done = {}
    for name, make in INVENTORY_FILES.items():
        out = base / name
        checked = cli("check", "--spec", SPECS / "juki-1.0.json", "--inventory", make(inputs), "--out", out,
                      "--lang", "ja")
        assert checked.exit_code == 0, checked.output
        english = base / f"{name}-en"
        shutil.copytree(out, english)
        assert cli("report", english, "--lang", "en").exit_code == 0
        done[name] = (out, english)
    return done


def _notes(folder):
    """The items of report.html's 読み取りの注記 (warnings and skipped rows), and report.md's."""
    page = BeautifulSoup((folder / "report.html").read_text(encoding="utf-8"), "html.parser")
    section = page.find(id="notes").find_parent("section")
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    return [li.get_text(" ", strip=True) for li in section.find_all("li")], markdown.partition("\n## ")[2]


@pytest.mark.parametrize("name", INVENTORY_FILES)
def test_a_japanese_report_has_no_english_note_and_an_english_one_no_japanese(reports, name):
    japanese, english = reports[name]
    items, markdown = _notes(japanese)
    assert items
    for item in items:
        assert not ENGLISH.search(item), item
    warnings = [warning_from_json(w) for w in read_result_json(japanese)["inventory"]["warnings"]]
    for warning in warnings:
        assert warning_text(warning, "ja") in items
    items_en, _ = _notes(english)
    assert len(items_en) == len(items)
    for item in items_en:
        assert not any(wording in item for wording in JAPANESE_WORDING), item
    for warning in warnings:
        assert warning_text(warning, "en") in items_en
    notes_md = markdown[markdown.index("## 読み取りの注記"):]
    assert not any(ENGLISH.search(line) for line in notes_md.splitlines() if line.startswith("- ")), notes_md


def test_the_notes_read_as_a_municipal_staff_member_reads_them(reports):
    items, _ = _notes(reports["made-here.xlsx"][0])
    assert "機能一覧!2 見出し行「■ 住民異動」" in items
    assert "機能一覧!5 空行" in items
    assert "機能一覧!9 見出しの繰り返し" in items
    assert "機能一覧!10 機能名がない" in items
    for expected in (
        "シート「機能一覧」7行目・C列: 「0010101～0010103」は範囲の書き方のようです。両端の2つの ID だけを読みました",
        "シート「機能一覧」7行目・D列: 対応状況の記号「◇」の意味がわかりません",
        "シート「機能一覧」8行目・C列: 「00100010」は8桁です（標準仕様書の ID は7桁）。標準仕様書の ID としては読みませんでした",
        "シート「機能一覧」4行目: ベンダーの機能番号「A-1」がもう一度出てきます（最初はシート「機能一覧」の3行目）。キーを「A-1#2」としました",
        "シート「機能一覧」11行目: Excel で非表示の行ですが、データとして読みました",
    ):
        assert any(item.startswith(expected) for item in items), (expected, items)
    items_en, _ = _notes(reports["made-here.xlsx"][1])
    assert "機能一覧!2 section heading «■ 住民異動»" in items_en
    assert "機能一覧!9 the header repeated" in items_en
    assert any(item.startswith("sheet '機能一覧' row 8, column C: '00100010' has 8 digits; a standard ID has 7; "
                               "not taken as a standard ID") for item in items_en)
    stray, _ = _notes(reports["stray-cell.xlsx"][0])
    assert any(item.startswith("シート「一覧」: ほかのセル（A1:D81）から遠く離れたセルがあり、読みませんでした: XFD1048576 ('x')")
               for item in stray), stray


def test_result_json_holds_codes_and_no_sentences(reports):
    for name, (folder, _) in reports.items():
        document = read_result_json(folder)  # validated against the schema
        assert document["schema_version"] == SCHEMA_VERSION == 3
        inventory = document["inventory"]
        reasons = [s["reason"] for s in inventory["skipped"]] + [s["reason"] for s in inventory["sheets"] if "reason" in s]
        notes = reasons + [w["note"] for w in inventory["warnings"]]
        assert notes and all(isinstance(note, dict) and note["code"] in MESSAGES for note in notes), name
        text = json.dumps(inventory, ensure_ascii=False)
        for sentence in ("section heading", "blank row", "looks like a range", "not taken", "unknown support mark",
                         "見出し行", "空行"):
            assert sentence not in text, (name, sentence)
    document = read_result_json(reports["juki-messy.xlsx"][0])
    document["inventory"]["warnings"][0] = "sheet '機能一覧' rows 15, 38, column G: unknown support mark 'C'"
    with pytest.raises(ProblemsError, match=r"\$\.inventory\.warnings\[0\]"):
        check_schema("result.json", "result", document, "result.json")  # format 3 has no sentences


def test_an_old_result_json_with_sentences_still_renders_them_as_they_are(cli, tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(OLD_RESULT, folder)
    assert read_result_json(folder)["schema_version"] == 2
    for lang in ("ja", "en"):
        rendered = cli("report", folder, "--lang", lang)
        assert rendered.exit_code == 0, rendered.output
        items, markdown = _notes(folder)
        assert "sheet '機能一覧' rows 15, 38, column G: unknown support mark 'C' (read as no mark; map it with a " \
               "layout file's support_marks)" in items
        assert "機能一覧!7 section heading «■ 住民異動»" in items and "機能一覧!19 blank row" in items
        assert "- 機能一覧!19: blank row" in markdown


def test_check_prints_the_readers_warnings_in_the_message_language(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("GAPCHECK_LANG", raising=False)
    arguments = ("check", "--spec", SPECS / "juki-1.0.json", "--inventory", INVENTORIES / "juki-messy.xlsx")
    japanese = cli(*arguments, "--out", tmp_path / "ja").output
    assert "シート「機能一覧」33行目・F列: 「001-0151」に数字以外の文字があります。" in japanese
    english = cli(*arguments, "--out", tmp_path / "en", "--lang", "en").output
    assert "sheet '機能一覧' row 33, column F: '001-0151' has characters other than digits; not taken" in english
