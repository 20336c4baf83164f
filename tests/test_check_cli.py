"""`gapcheck check` end to end: a vendor workbook and a spec in, result.json and the reports out."""

import json

import pytest
from bs4 import BeautifulSoup
from support.files import ROOT, SPECS, make_xlsx

from gapcheck.files.result_json import read_result_json
from gapcheck.model import Category, Support
from gapcheck.rules.classify import verdict
from gapcheck.rules.vocabulary import parse_support

JUKI = SPECS / "juki-1.0.json"
HEADER = ["機能番号", "機能名", "機能概要", "標準機能ID", "対応"]


@pytest.fixture
def inventory(tmp_path):
    return make_xlsx(
        tmp_path / "住民記録_機能一覧.xlsx",
        {
            "機能一覧": [
                ["住民記録システム 機能一覧"],
                [],
                HEADER,
                ["A-001", "日本人住民データの管理", "住民票記載事項を管理する", "0010001", "○"],
                ["A-002", "外国人住民の管理", "外国人住民の記録", "0010002", "△"],
                ["A-003", "住民票への独自記載項目", "住民票に独自の欄を設ける", "0010011", "○"],
                ["A-004", "職員の昼食注文", "弁当の注文を管理する", "", "○"],
            ],
            "改版履歴": [["版", "日付"], ["1.0", "2024/4/1"]],
        },
    )


def test_check_writes_result_and_reports(cli, inventory, tmp_path, japanese):
    out = tmp_path / "out"
    result = cli("check", "--spec", JUKI, "--inventory", inventory, "--out", out, "--system", "住民記録システム")
    assert result.exit_code == 0, result.output
    assert f"{out} に書き出しました" in result.output and "適合率（実装必須）: " in result.output
    document = read_result_json(out)  # validates against the shipped schema
    verdicts = {r["id"]: r["verdict"] for r in document["requirements"]}
    assert (verdicts["0010001"], verdicts["0010002"], verdicts["0010011"]) == ("fit", "partial", "violation")
    features = {f["key"]: f for f in document["features"]}
    assert features["A-004"]["status"] == "unmatched" and (features["A-004"]["sheet"], features["A-004"]["row"]) == ("機能一覧", 7)
    assert document["summary"]["totals"]["violation"] == 1

    page = BeautifulSoup((out / "report.html").read_text("utf-8"), "html.parser")
    assert page.html["lang"] == "ja"
    (violation,) = page.find("table", id="table-violations").tbody.find_all("tr")
    assert violation.td.get_text() == "0010011" and "住民票への独自記載項目 機能一覧!6" in violation.get_text(" ", strip=True)
    (extra,) = page.find("table", id="table-extras").tbody.find_all("tr")
    assert "職員の昼食注文" in extra.get_text() and "機能一覧!7" in extra.get_text()
    markdown = (out / "report.md").read_text("utf-8")
    assert "| 0010011 | 住民票への独自記載項目の追加" in markdown and "住民記録システム" in markdown


def test_english_reports(cli, inventory, tmp_path):
    out = tmp_path / "en"
    assert cli("check", "--spec", JUKI, "--inventory", inventory, "--out", out, "--lang", "en").exit_code == 0
    page = BeautifulSoup((out / "report.html").read_text("utf-8"), "html.parser")
    assert page.html["lang"] == "en" and page.find(id="violations").get_text().startswith("Prohibited functions present")
    assert "## Gaps" in (out / "report.md").read_text("utf-8")


def test_fail_on_exits_1_only_when_such_verdicts_exist(cli, inventory, tmp_path):
    failing = cli("check", "--spec", JUKI, "--inventory", inventory, "--out", tmp_path / "a", "--fail-on", "gap,violation")
    assert failing.exit_code == 1
    assert "failing: gap, violation found" in failing.output
    assert (tmp_path / "a" / "report.html").exists()  # the reports are written all the same

    clean = make_xlsx(tmp_path / "clean.xlsx", {"機能一覧": [HEADER, ["A-001", "日本人住民データの管理", "", "0010001", "○"]]})
    passing = cli("check", "--spec", JUKI, "--inventory", clean, "--out", tmp_path / "b", "--fail-on", "violation,review")
    assert passing.exit_code == 0, passing.output


def bad_inputs(folder, inventory):
    """case → (spec, inventory, the file the message must name)"""
    broken_spec = folder / "spec.json"
    broken_spec.write_text(json.dumps({"format": "gapcheck-spec", "requirements": "none"}), "utf-8")
    memo = make_xlsx(folder / "memo.xlsx", {"メモ": [["会議メモ"], ["来週までに確認"]]})
    return {
        "missing inventory": (JUKI, folder / "nothing.xlsx", "nothing.xlsx"),
        "not a feature list": (JUKI, memo, "memo.xlsx"),
        "broken spec": (broken_spec, inventory, "spec.json"),
    }


@pytest.mark.parametrize("case", ["missing inventory", "not a feature list", "broken spec"])
def test_bad_input_exits_2_with_one_message_and_writes_nothing(cli, inventory, tmp_path, case):
    spec, given, named = bad_inputs(tmp_path, inventory)[case]
    out = tmp_path / "out"
    result = cli("check", "--spec", spec, "--inventory", given, "--out", out)
    assert result.exit_code == 2, result.output
    assert named in result.output and "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_unknown_verdict_for_fail_on_is_a_usage_error(cli, inventory, tmp_path):
    result = cli("check", "--spec", JUKI, "--inventory", inventory, "--out", tmp_path / "o", "--fail-on", "gaps")
    assert result.exit_code == 2 and "unknown verdict gaps" in result.output


def test_sample_conformance_table_end_to_end(cli, tmp_path):
    """The sample 適合表 (IDs typed as numbers, full-width, one mistyped, one not in the standard):
    every row citing one standard ID shows up on that requirement's row with its sheet and row,
    and its mark decides the verdict."""
    inventory = ROOT / "inventories" / "inkan-tekigo.xlsx"
    answer_key = json.loads((ROOT / "inventories" / "expected.json").read_text("utf-8"))["files"][inventory.name]
    out = tmp_path / "inkan"
    result = cli("check", "--spec", ROOT / answer_key["spec"], "--inventory", inventory, "--out", out, "--fail-on", "gap")
    assert result.exit_code == 1, result.output  # the sample vendor leaves gaps
    document = read_result_json(out)
    requirements = {r["id"]: r for r in document["requirements"]}
    page = BeautifulSoup((out / "report.html").read_text("utf-8"), "html.parser")
    rows = {tr.td.get_text(): tr for tr in page.find("table", id="table-requirements").tbody.find_all("tr")}
    cited = [f for f in answer_key["features"] if len(f["refs"]) == 1 and f["refs"][0] in requirements]
    assert len(cited) > 30
    for feature in cited:
        (rid,) = feature["refs"]
        support = parse_support(feature["mark"]) or Support.NONE  # an unanswered row of a 適合表 is no fit
        in_review = bool(requirements[rid].get("candidates"))  # other features may still be candidates
        expected = verdict(Category(requirements[rid]["category"]), support, in_review)
        assert requirements[rid]["verdict"] == expected.value, rid
        assert f"{feature['sheet']}!{feature['row']}" in rows[rid].get_text(" ", strip=True)
