"""The review workbook: what it shows, its dropdowns, text that stays text, reading decisions back
(with per-cell errors and nothing applied partially), and the `gapcheck review` commands."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from support.files import ROOT, make_xlsx

from gapcheck.atomic import HISTORY
from gapcheck.errors import InputError, ProblemsError
from gapcheck.files.decisions_json import load_decisions
from gapcheck.files.spec_json import load_spec
from gapcheck.matching import match
from gapcheck.model import DecisionAction, Feature, FeatureStatus, Inventory, InventoryKind
from gapcheck.outputs.review_xlsx import read_review, write_review

SPEC = ROOT / "specs" / "juki-1.0.json"

# (key, name, description): the first three go to review, the last is matched automatically.
FEATURES = [
    ("V-001", "転入異動入力", "他市区町村からの転入届に基づき住民票を作成する。"),
    ("V-002", "証明書発行", "各種証明書を発行する。"),
    ("V-003", "=HYPERLINK(\"http://example.invalid\",\"宛名照会\")", "@SUM(1,2) 住民を照会する"),
    ("V-004", "異動履歴照会", "個人の異動履歴を時系列で表示する。"),
]
HEADERS = {"decision": "判断（選択）", "ids": "要件ID（複数は「、」区切り）", "by": "判断者", "comment": "コメント"}


def column(sheet, header: str) -> str:
    """The letter of the column with this header."""
    return next(c.column_letter for c in sheet[1] if c.value == header)


@pytest.fixture(scope="module")
def juki():
    return load_spec(SPEC)


def inventory() -> Inventory:
    features = tuple(Feature(k, "機能一覧", n + 2, name, text, ("住民記録",)) for n, (k, name, text) in enumerate(FEATURES))
    return Inventory("vendor.xlsx", InventoryKind.CATALOG, features)


@pytest.fixture
def written(tmp_path, juki):
    result = match(juki, inventory())
    path = tmp_path / "review.xlsx"
    asked = write_review(juki, inventory(), result, path)
    return path, result, asked


def fill(path: Path, rows: dict[int, dict[str, str]]) -> Path:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for row, cells in rows.items():
        for role, value in cells.items():
            sheet[f"{column(sheet, HEADERS[role])}{row}"] = value
    book.save(path)
    return path


def test_the_workbook_lists_each_review_feature_with_its_candidates(written, juki):
    path, result, asked = written
    review = [fm for fm in result.features if fm.status is FeatureStatus.REVIEW]
    assert asked == len(review) == 3
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.title == "要確認"
    assert [c.value for c in sheet[1]] == [
        "機能名", "説明", "候補（一致度）", "判断（選択）", "要件ID（複数は「、」区切り）", "判断者", "コメント", "区分",
        "シート!行", "機能キー",
    ]
    assert [sheet[f"J{r}"].value for r in range(2, 5)] == [fm.feature for fm in review]
    # the candidates one a line, best first, each with its score
    for row, fm in enumerate(review, start=2):
        lines = sheet[f"C{row}"].value.splitlines()
        assert len(lines) == min(len(fm.candidates), 5)
        for line, candidate in zip(lines, fm.candidates):
            assert line.startswith(f"{candidate.requirement} {juki.by_id[candidate.requirement].name}（{candidate.score:.2f}）")
    assert sheet["I2"].value == "機能一覧!2"  # where the feature is in the inventory
    assert not sheet.protection.sheet  # sorted, filtered, given columns in Excel and LibreOffice alike


def test_each_row_has_a_dropdown_of_its_candidates_extra_and_not_a_feature(written, juki):
    path, result, _ = written
    book = openpyxl.load_workbook(path)
    sheet, meta = book.worksheets[0], book["_gapcheck"]
    assert meta.sheet_state == "veryHidden"
    rules = {str(rule.sqref): rule.formula1 for rule in sheet.data_validations.dataValidation}
    review = [fm for fm in result.features if fm.status is FeatureStatus.REVIEW]
    for row, fm in enumerate(review, start=2):
        reference = rules[f"D{row}"]
        assert reference.startswith("'_gapcheck'!$B$")
        options = [c.value for c in meta[int(reference.split("$")[-1])][1:] if c.value]
        expected = [f"{c.requirement} {juki.by_id[c.requirement].name}" for c in fm.candidates] + ["独自機能", "対象外"]
        assert options == expected


def test_text_from_the_inputs_never_becomes_a_formula(written):
    path, _, _ = written
    sheet = openpyxl.load_workbook(path).worksheets[0]
    name, text = sheet["A4"], sheet["B4"]
    assert name.value.startswith("=HYPERLINK") and name.data_type == "s" and name.quotePrefix
    assert text.value.startswith("@SUM") and text.data_type == "s" and text.quotePrefix


def test_english_headers_with_lang_en(tmp_path, juki):
    path = tmp_path / "review.xlsx"
    write_review(juki, inventory(), match(juki, inventory()), path, lang="en")
    book = openpyxl.load_workbook(path)
    assert book.worksheets[0].title == "Review"
    assert [c.value for c in book.worksheets[0][1]][:3] == ["feature", "description", "candidates (score)"]
    assert [c.value for c in book.worksheets[0][1]][-3:] == ["section", "sheet!row", "feature key"]
    assert "extra (独自機能)" in [c.value for c in book["_gapcheck"][3]]


def test_decisions_are_read_back_from_choices_and_typed_ids(written):
    path, result, _ = written
    fill(
        path,
        {
            2: {"decision": "0010021 転入届の受付", "by": "山田", "comment": "転入通知は別機能"},
            3: {"ids": "１０１０１、0010102,10104"},  # full-width digits, zeros lost, mixed separators
            4: {"decision": "独自機能"},
        },
    )
    imported = read_review(path, by="佐藤")
    decided = {d.feature: d for d in imported.decisions}
    assert decided["V-001"].action is DecisionAction.REQUIREMENTS and decided["V-001"].requirements == ("0010021",)
    assert decided["V-001"].by == "山田" and decided["V-001"].comment == "転入通知は別機能"
    assert decided["V-002"].requirements == ("0010101", "0010102", "0010104") and decided["V-002"].by == "佐藤"
    assert decided[FEATURES[2][0]].action is DecisionAction.EXTRA
    assert all(d.at is not None and d.at.tzinfo is not None for d in imported.decisions)


def test_not_a_feature_and_blank_rows(written):
    path, _, _ = written
    fill(path, {3: {"decision": "対象外", "by": "山田"}})
    imported = read_review(path)
    assert [(d.feature, d.action) for d in imported.decisions] == [("V-002", DecisionAction.NOT_FEATURE)]
    assert imported.undecided == 2


def test_every_invalid_cell_is_reported_and_nothing_is_taken_over(written):
    path, _, _ = written
    fill(
        path,
        {
            2: {"decision": "0010021 転入届の受付", "ids": "0010022", "by": "山田"},  # choice not among the ids
            3: {"ids": "0010999、abc", "by": "山田"},  # not in the spec; not an id
            4: {"decision": "独自機能", "ids": "0010152", "by": "山田"},  # extra and ids at once
        },
    )
    with pytest.raises(ProblemsError) as raised:
        read_review(path)
    messages = [str(p) for p in raised.value.problems]
    assert len(messages) == 4
    assert "sheet '要確認', row 2, column E" in messages[0] and "include 0010021" in messages[0]
    assert "row 3, column E" in messages[1] and "'0010999' is not a requirement id of 住民記録 第1.0版" in messages[1]
    assert "'abc' is not a requirement id" in messages[2]
    assert "row 4, column E" in messages[3] and "not both" in messages[3]
    assert "nothing was imported" in str(raised.value)


def test_a_decision_needs_someone_who_took_it(written):
    path, _, _ = written
    fill(path, {2: {"decision": "0010021 転入届の受付"}})
    with pytest.raises(ProblemsError, match=r"row 2, column F \(判断者\): who decided"):
        read_review(path)
    assert read_review(path, by="山田").decisions[0].by == "山田"


def test_an_edited_key_or_a_foreign_workbook_is_refused(written, tmp_path):
    path, _, _ = written
    book = openpyxl.load_workbook(path)
    book.worksheets[0]["J2"] = "V-999"
    book.worksheets[0]["D2"] = "独自機能"
    book.worksheets[0]["F2"] = "山田"
    book.save(path)
    with pytest.raises(ProblemsError, match="'V-999' is not a feature of this review workbook"):
        read_review(path)
    other = make_xlsx(tmp_path / "other.xlsx", {"要確認": [["機能キー", "判断（選択）"], ["V-001", "独自機能"]]})
    with pytest.raises(InputError, match="not a review workbook written by gapcheck"):
        read_review(other)


# --- the commands ------------------------------------------------------------------------------------


def vendor_workbook(path: Path) -> Path:
    """The features as a vendor's workbook (without the formula-like one: openpyxl would store it
    as a formula with no value)."""
    rows = [["機能ID", "機能名", "機能概要"]] + [[k, name, text] for k, name, text in FEATURES if not name.startswith("=")]
    return make_xlsx(path, {"機能一覧": rows})


def test_review_then_import_then_review_again(cli, tmp_path, japanese):
    inventory_path = vendor_workbook(tmp_path / "vendor.xlsx")
    review_path, decisions = tmp_path / "review.xlsx", tmp_path / "decisions.json"
    done = cli("review", "--spec", SPEC, "--inventory", inventory_path, "-o", review_path)
    assert done.exit_code == 0, done.output
    assert "に書き出しました" in done.output and "確認が必要な機能2件" in done.output
    fill(review_path, {2: {"decision": "0010021 転入届の受付"}})
    done = cli("review", "import", review_path, "--into", decisions, "--by", "山田")
    assert done.exit_code == 0, done.output
    assert "判断1件を取り込みました" in done.output and "未判断の行1行" in done.output
    fill(review_path, {2: {"decision": ""}, 3: {"decision": "対象外"}})
    done = cli("review", "import", review_path, "--into", decisions, "--by", "佐藤")
    saved = load_decisions(decisions)
    assert {d.feature: (d.action, d.by) for d in saved.decisions} == {
        "V-001": (DecisionAction.REQUIREMENTS, "山田"),  # kept from the first import
        "V-002": (DecisionAction.NOT_FEATURE, "佐藤"),
    }
    again = tmp_path / "again.xlsx"
    done = cli("review", "--spec", SPEC, "--inventory", inventory_path, "--decisions", decisions, "-o", again)
    assert "確認が必要な機能0件" in done.output
    assert openpyxl.load_workbook(again).worksheets[0].max_row == 1


def test_import_with_errors_exits_2_and_leaves_the_decisions_file_alone(cli, tmp_path, juki):
    review_path, decisions = tmp_path / "review.xlsx", tmp_path / "decisions.json"
    write_review(juki, inventory(), match(juki, inventory()), review_path)
    decisions.write_text(json.dumps({"format": "gapcheck-decisions", "format_version": 1, "decisions": [
        {"feature": "OLD", "action": "extra", "by": "佐藤"}]}), encoding="utf-8")
    before = decisions.read_text(encoding="utf-8")
    fill(review_path, {2: {"decision": "0010021 転入届の受付", "by": "山田"}, 3: {"ids": "0010999", "by": "山田"}})
    done = cli("review", "import", review_path, "--into", decisions)
    assert done.exit_code == 2
    assert "0010999" in done.output and "nothing was imported" in done.output
    assert decisions.read_text(encoding="utf-8") == before


def test_review_without_its_options_is_a_usage_error(cli):
    done = cli("review", "--spec", SPEC)
    assert done.exit_code == 2 and "missing --inventory, -o" in done.output


def test_writing_the_review_workbook_again_keeps_the_filled_one(written, juki):

    path, result, _ = written
    fill(path, {2: {"decision": "対象外", "by": "山田"}})
    filled = path.read_bytes()
    write_review(juki, inventory(), result, path)  # e.g. `gapcheck review -o` run again before importing
    (kept,) = (path.parent / HISTORY).iterdir()
    assert kept.read_bytes() == filled and read_review(kept).decisions[0].by == "山田"
