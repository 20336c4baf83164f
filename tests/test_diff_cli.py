"""`gapcheck spec diff`: formats, output files, exit codes."""

from __future__ import annotations

import json
from dataclasses import replace

import openpyxl
import pytest
from support.editions import BASE, HOSTILE_NAME, spec
from support.files import SPECS

from gapcheck.files.spec_json import write_spec
from gapcheck.schema import violations

OLD, NEW = SPECS / "juki-1.0.json", SPECS / "juki-1.1.json"


def test_markdown_to_standard_output(cli, japanese):
    result = cli("spec", "diff", OLD, NEW)
    assert result.exit_code == 0
    assert result.output.startswith("# 標準仕様書 改版差分: 住民記録 第1.0版 → 第1.1版")
    assert "## 番号変更 (2)" in result.output


def test_json_to_standard_output_validates(cli):
    result = cli("spec", "diff", OLD, NEW, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert violations("diff", document) == []
    assert document["old"]["path"] == str(OLD)
    assert document["counts"]["added"] == 4


@pytest.mark.parametrize("suffix", ["md", "html", "json", "xlsx"])
def test_output_file_format_follows_the_suffix(cli, tmp_path, suffix, japanese):
    out = tmp_path / f"diff.{suffix}"
    result = cli("spec", "diff", OLD, NEW, "-o", out)
    assert result.exit_code == 0
    assert f"{out} に書き出しました: 追加 4, 削除 3, 変更 10, 番号変更 2" in result.output
    if suffix == "xlsx":
        assert openpyxl.load_workbook(out).sheetnames == ["概要", "追加", "削除", "変更", "番号変更"]
    elif suffix == "json":
        assert violations("diff", json.loads(out.read_text("utf-8"))) == []
    elif suffix == "html":
        assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    else:
        assert out.read_text("utf-8").startswith("# 標準仕様書 改版差分")
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left behind


def test_explicit_format_wins_over_the_suffix_and_english(cli, tmp_path):
    out = tmp_path / "diff.txt"
    assert cli("spec", "diff", OLD, NEW, "--format", "html", "--lang", "en", "-o", out).exit_code == 0
    assert '<html lang="en">' in out.read_text("utf-8")


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_html_and_xlsx_need_an_output_file(cli, fmt):
    result = cli("spec", "diff", OLD, NEW, "--format", fmt)
    assert result.exit_code == 2
    assert f"--format {fmt} needs -o FILE" in result.output


def test_renumber_threshold_option(cli):
    strict = json.loads(cli("spec", "diff", OLD, NEW, "--format", "json", "--renumber-threshold", "1").output)
    assert [r["old_id"] for r in strict["renumbered"]] == ["0010183"]  # only the unedited one
    assert strict["renumber_threshold"] == 1
    assert cli("spec", "diff", OLD, NEW, "--renumber-threshold", "1.5").exit_code == 2


def test_missing_spec_is_one_message_and_exit_2(cli, tmp_path):
    out = tmp_path / "diff.md"
    result = cli("spec", "diff", OLD, tmp_path / "juki-9.9.json", "-o", out)
    assert result.exit_code == 2
    assert "juki-9.9.json: the file does not exist" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_invalid_spec_is_exit_2_and_leaves_the_old_output(cli, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"format": "gapcheck-spec", "format_version": 1, "area": "住民記録",
                                  "version": "第2.0版", "requirements": [{"id": "12"}]}), "utf-8")
    out = tmp_path / "diff.md"
    out.write_text("previous", "utf-8")
    result = cli("spec", "diff", OLD, broken, "-o", out)
    assert result.exit_code == 2
    assert "not a valid gapcheck spec" in result.output and "$.requirements[0]" in result.output
    assert out.read_text("utf-8") == "previous"


def test_hostile_text_in_every_format(cli, tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    write_spec(spec(*BASE), old)
    write_spec(spec(replace(BASE[0], name=HOSTILE_NAME), *BASE[1:], version="第2.0版"), new)
    page = tmp_path / "diff.html"
    assert cli("spec", "diff", old, new, "-o", page).exit_code == 0
    assert "<script>alert" not in page.read_text("utf-8")
    markdown = cli("spec", "diff", old, new).output
    assert "<script>" not in markdown and "alert(1)" in markdown


def test_different_business_areas_are_compared_with_a_note(cli):
    result = cli("spec", "diff", OLD, SPECS / "inkan-1.0.json", "--format", "json")
    assert result.exit_code == 0
    assert "note: comparing two business areas (住民記録 and 印鑑登録)" in result.stderr
    assert json.loads(result.stdout)["new"]["area"] == "印鑑登録"
