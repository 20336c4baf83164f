"""`gapcheck inventory inspect` on the samples, and every unusable input ending in one message."""

import json
import re

from support.files import INVENTORIES, SPECS, make_xlsx


def _clean_failure(result, path, expect):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert str(path) in result.output, result.output
    assert re.search(expect, result.output), result.output
    assert result.output.count("error:") == 1


def test_inspect_a_catalog(cli):
    result = cli("inventory", "inspect", INVENTORIES / "juki-catalog.xlsx", "--features", "3", "--lang", "en")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "kind: 機能一覧 (catalog): no column of standard IDs" in out
    assert "表紙: skipped, not a feature list" in out
    assert "機能一覧: 61 features, header row 4" in out
    assert re.search(r"name +機能名 \(C\)", out) and re.search(r"section +業務 \(B\)", out)
    assert "No (A) only counts rows (1, 2, 3 …), so it is not used as the key" in out
    assert "features: 61 (marks: ○ 55, △ 5, カスタマイズ 1; 0 cite standard IDs)" in out
    assert "住民異動/転入異動入力" in out and "住民異動/世帯変更入力" not in out  # only the first 3


def test_inspect_a_conformance_table_against_its_spec(cli):
    result = cli("inventory", "inspect", INVENTORIES / "inkan-tekigo.xlsx", "--spec", SPECS / "inkan-1.0.json",
                 "--lang", "en")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "kind: 適合表 (conformance): 機能ID (B) cites one standard ID in 45 of 49 rows" in out
    assert "記入要領: skipped" in out
    assert "適合表 row 52: section heading «【独自機能】»" in out
    assert "印鑑登録 第1.0版: 44 of 45 requirements cited by ID" in out
    assert "not in this 適合表: 0200081 印鑑登録統計の作成" in out
    assert "sheet '適合表' row 39, column B: '0200O81' has characters other than digits" in out
    assert "0200099 (row 46) is not an ID of 印鑑登録 第1.0版" in out


def test_inspect_the_messy_one_with_and_without_its_layout(cli):
    path = INVENTORIES / "juki-messy.xlsx"
    plain = cli("inventory", "inspect", path, "--lang", "en")
    assert plain.exit_code == 0, plain.output
    assert "header row 5+6" in plain.output
    assert "hidden column: E 旧システム機能コード (not used)" in plain.output
    assert "hidden rows read as data: 22" in plain.output
    assert "unknown support mark 'C'" in plain.output
    assert "機能一覧: blank row: 19, 28, 35, 42, 48" in plain.output
    laid_out = cli("inventory", "inspect", path, "--layout", INVENTORIES / "juki-messy.layout.json", "--lang", "en")
    assert laid_out.exit_code == 0, laid_out.output
    assert "unknown support mark" not in laid_out.output and "カスタマイズ 2" in laid_out.output


NOTES_EN = (
    "機能一覧 row 7: section heading «■ 住民異動»",
    "機能一覧: blank row: 19, 28, 35, 42, 48",
    "'0010141～0010142' looks like a range; only its two ends were taken (list every ID)",
    "sheet '機能一覧' row 33, column F: '001-0151' has characters other than digits; not taken as a standard ID",
    "sheet '機能一覧' rows 15, 38, column G: unknown support mark 'C'",
    "機能No (A) holds the vendor's own IDs",
    "表紙: skipped, not a feature list (legend, change history, cover)",
)
NOTES_JA = (
    "見出し行「■ 住民異動」",
    "機能一覧: 空行: 19, 28, 35, 42, 48",
    "「0010141～0010142」は範囲の書き方のようです",
    "シート「機能一覧」33行目・F列: 「001-0151」に数字以外の文字があります。標準仕様書の ID としては読みませんでした",
    "シート「機能一覧」15, 38行目・G列: 対応状況の記号「C」の意味がわかりません",
    "機能No (A) にベンダー独自の番号がある",
    "機能一覧ではない（凡例・改版履歴・表紙など）",
)


def test_inspect_gives_the_readers_notes_in_japanese_by_default_and_in_english_on_request(cli, monkeypatch):
    monkeypatch.delenv("GAPCHECK_LANG", raising=False)
    path = INVENTORIES / "juki-messy.xlsx"
    japanese = cli("inventory", "inspect", path).output
    english = cli("inventory", "inspect", path, "--lang", "en").output
    for note in NOTES_JA:
        assert note in japanese, japanese
        assert note not in english
    for note in NOTES_EN:
        assert note in english, english
        assert note not in japanese
    assert cli("--lang", "en", "inventory", "inspect", path).output == english
    monkeypatch.setenv("GAPCHECK_LANG", "en")
    assert cli("inventory", "inspect", path).output == english


def test_inspect_the_cp932_csv(cli):
    result = cli("inventory", "inspect", INVENTORIES / "juki-messy-cp932.csv", "--spec", SPECS / "juki-1.0.json")
    assert result.exit_code == 0, result.output
    assert "(csv, cp932)" in result.output
    assert "0010999 (row 41) is not an ID of 住民記録 第1.0版" in result.output


def test_column_option_and_sheet(cli, tmp_path):
    path = make_xlsx(tmp_path / "odd.xlsx", {
        "凡例": [["○", "対応"]],
        "一覧": [["管理項目", "タイトル", "判定"], ["X-1", "転入受付", "○"], ["X-2", "転出受付", "×"]],
    })
    result = cli("inventory", "inspect", path)
    _clean_failure(result, path, r"no sheet holds a feature list: looked in the first 40 rows of 一覧 .*skipped 凡例")
    assert "--column ROLE=HEADER" in result.output and "--layout" in result.output
    result = cli("inventory", "inspect", path, "--sheet", "一覧", "--column", "name=タイトル", "--column", "support=C",
                 "--column", "key=管理項目")
    assert result.exit_code == 0, result.output
    assert "一覧: 2 features, header row 1" in result.output and "X-2" in result.output
    result = cli("inventory", "inspect", path, "--column", "title=B")
    assert result.exit_code == 2 and "unknown role 'title'" in result.output
    result = cli("inventory", "inspect", path, "--sheet", "凡例")
    _clean_failure(result, path, r"sheet '凡例': no feature-list header found in the first 40 rows")


def test_invalid_layout_file(cli, tmp_path):
    layout = tmp_path / "layout.json"
    layout.write_text(json.dumps({"kind": "tekigo", "columns": {"name": 3}}))
    result = cli("inventory", "inspect", INVENTORIES / "juki-catalog.xlsx", "--layout", layout)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{layout}: not a valid layout file (2 problems)" in result.output
    assert '$.kind: "tekigo" is not one of "catalog", "conformance"' in result.output


def test_header_rows_from_a_layout_must_hold_a_header(cli, tmp_path):
    layout = tmp_path / "layout.json"
    layout.write_text(json.dumps({"header_rows": [2], "sheet": "機能一覧"}))
    path = INVENTORIES / "juki-catalog.xlsx"
    result = cli("inventory", "inspect", path, "--layout", layout)
    _clean_failure(result, path, r"sheet '機能一覧': no feature-list header found in row 2")


def test_missing_file(cli, tmp_path):
    missing = tmp_path / "nothing.xlsx"
    _clean_failure(cli("inventory", "inspect", missing), missing, r"the file does not exist")
