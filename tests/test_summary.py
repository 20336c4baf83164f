"""The city-wide summary (`gapcheck summary`) and the demo (`gapcheck demo`) that ends with one."""

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from support.files import ROOT
from support.reports import (
    HOSTILE_NAME,
    SPEC_PATH,
    empty_report,
    sample_report,
    write_check,
)

from gapcheck.files.portfolio import load_portfolio
from gapcheck.files.result_json import read_result_json
from gapcheck.model import SystemInfo
from gapcheck.workflows.budget import make_budget
from gapcheck.workflows.demo import PORTFOLIO
from gapcheck.workflows.results import find_results

INKAN = SPEC_PATH.with_name("inkan-1.0.json")


@pytest.fixture
def checks(tmp_path):
    """Two checks in folders whose names sort against the business-area order."""
    folder = tmp_path / "checks"
    write_check(folder / "a-inkan", empty_report(INKAN, system=SystemInfo(name="印鑑登録システム")))
    write_check(folder / "b-juki", sample_report(system=SystemInfo(name=HOSTILE_NAME)))
    return folder


def area_rows(html_path):
    page = BeautifulSoup(html_path.read_text("utf-8"), "html.parser")
    table = page.find("table", id="table-areas")
    headers = [th.get_text(strip=True) for th in table.thead.find_all("tr")[-1].find_all("th")]
    body = [[cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    foot = [cell.get_text(strip=True) for cell in table.tfoot.find_all(["th", "td"])]
    return page, headers, body, foot


def test_summary_of_a_folder_of_checks(cli, checks, tmp_path, japanese):
    result = cli("summary", checks)
    assert result.exit_code == 0, result.output
    assert f"{checks / 'summary.html'} に書き出しました" in result.output  # next to the checks by default
    page, headers, body, foot = area_rows(checks / "summary.html")
    assert [row[0] for row in body] == ["住民記録", "印鑑登録"]  # business-area order, not folder order
    assert body[1][2] == "印鑑登録システム" and body[0][2] == HOSTILE_NAME  # shown as typed
    assert len(page.find_all("script")) == 1

    documents = {"住民記録": read_result_json(checks / "b-juki"), "印鑑登録": read_result_json(checks / "a-inkan")}
    columns = [("mandatory", "fit"), ("mandatory", "partial"), ("mandatory", "gap"), ("mandatory", "review"),
               ("optional", "adopted"), ("optional", "partial"), ("optional", "not_adopted"), ("optional", "review"),
               ("prohibited", "violation"), ("prohibited", "clear"), ("prohibited", "review")]
    assert headers[4:15] == ["適合", "一部適合", "ギャップ", "要確認", "採用", "一部適合", "不採用", "要確認",
                             "実装不可該当", "該当なし", "要確認"]
    for row in body:
        summary = documents[row[0]]["summary"]
        assert row[4:15] == [str(summary["verdicts"][c][v]) for c, v in columns]
        assert row[15:] == [str(summary["features"]["unmatched"]), str(summary["features"]["review"])]
        rate, likely = summary["mandatory_fit_rate"], summary["likely_mandatory_fit_rate"]
        # with the upper end of the range when the likely matches in review would raise it
        assert row[3] == f"{rate * 100:.1f}%" + (f"見込み {likely * 100:.1f}%" if likely > rate else "")
    assert "見込み" in body[0][3]  # the sample check has 実装必須 in review whose likely verdict is fit
    # totals: counts add up, and the fit rate is over all mandatory requirements, not an average of
    # rates; so is its upper end (each check's likely fits counted)
    assert foot[2:] == [str(int(a) + int(b)) for a, b in zip(body[0][4:], body[1][4:])]
    mandatory = sum(sum(d["summary"]["verdicts"]["mandatory"].values()) for d in documents.values())
    fit = sum(d["summary"]["verdicts"]["mandatory"]["fit"] for d in documents.values())
    likely_fit = sum(round(d["summary"]["likely_mandatory_fit_rate"] * sum(d["summary"]["verdicts"]["mandatory"].values()))
                     for d in documents.values())
    assert likely_fit > fit
    assert foot[1] == f"{fit / mandatory * 100:.1f}%見込み {likely_fit / mandatory * 100:.1f}%"
    likely_line = page.find(id="fit-rate-likely").get_text(strip=True)
    assert likely_line == f"確認待ちの対応付けがすべて見込みどおりなら {likely_fit / mandatory * 100:.1f}% まで"
    # the console table and summary.md say the same
    assert f"{fit / mandatory * 100:.1f}%（見込み {likely_fit / mandatory * 100:.1f}%）" in (checks / "summary.md").read_text("utf-8")
    assert f"{body[0][3].split('見込み')[0]}（見込み {body[0][3].split('見込み ')[1]}）" in result.output


def test_links_are_relative_and_lead_to_each_report(cli, checks, tmp_path):
    out = tmp_path / "city" / "2025"
    assert cli("summary", checks / "a-inkan", checks / "b-juki" / "result.json", "-o", out).exit_code == 0
    page = BeautifulSoup((out / "summary.html").read_text("utf-8"), "html.parser")
    links = [a["href"] for a in page.find("table", id="table-areas").find_all("a")]
    assert links == ["../../checks/b-juki/report.html", "../../checks/a-inkan/report.html"]
    assert all((out / unquote(link)).resolve().is_file() for link in links)

    markdown = (out / "summary.md").read_text("utf-8")
    rendered = BeautifulSoup(MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown), "html.parser")
    assert [a["href"] for a in rendered.find_all("a")] == [l.replace(".html", ".md") for l in links]
    assert not rendered.find_all("script")  # the hostile system name stayed text
    assert len(rendered.table.tbody.find_all("tr")) == 3  # two checks and the totals


def test_globs_and_duplicates(cli, checks, tmp_path):
    (checks / "notes.txt").write_text("not a check", "utf-8")
    result = cli("summary", str(checks / "*"), str(checks / "b-juki"), "-o", tmp_path / "out", "--lang", "en")
    assert result.exit_code == 0, result.output
    page, headers, body, _ = area_rows(tmp_path / "out" / "summary.html")
    assert [row[0] for row in body] == ["住民記録", "印鑑登録"]  # the glob's other match and the repeat left out
    assert page.html["lang"] == "en" and headers[:4] == ["business area", "edition", "System", "fit rate"]


def test_check_without_report_is_listed_without_a_link(cli, tmp_path, japanese):
    write_check(tmp_path / "juki", sample_report(), reports=False)
    assert cli("summary", tmp_path / "juki", "-o", tmp_path).exit_code == 0
    page, _, body, _ = area_rows(tmp_path / "summary.html")
    assert body[0][0] == "住民記録(レポート未作成: gapcheck report で作成)" and not page.find("table", id="table-areas").find("a")


@pytest.mark.parametrize(
    "case, message",
    [
        ("empty folder", "holds no result.json, nor do its subfolders"),
        ("no such folder", "no such folder"),
        ("glob matching nothing", "the pattern matches no folder holding a result.json"),
        ("invalid result.json", "not a valid gapcheck result.json"),
    ],
)
def test_bad_targets_exit_2(cli, checks, tmp_path, case, message):
    (tmp_path / "empty").mkdir()
    bad = checks / "b-juki" / "result.json"
    if case == "invalid result.json":
        document = json.loads(bad.read_text("utf-8"))
        document["summary"]["mandatory_fit_rate"] = 2
        bad.write_text(json.dumps(document), "utf-8")
    target = {
        "empty folder": tmp_path / "empty",
        "no such folder": tmp_path / "nowhere",
        "glob matching nothing": str(tmp_path / "empty" / "*"),
        "invalid result.json": checks,
    }[case]
    result = cli("summary", target, "-o", tmp_path / "out")
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_demo_checks_every_sample_and_writes_the_summary(cli, tmp_path, monkeypatch, japanese):
    monkeypatch.chdir(ROOT)  # as the README runs it
    out = tmp_path / "demo"
    result = cli("demo", "--out", out)
    assert result.exit_code == 0, result.output
    portfolio = load_portfolio(ROOT / PORTFOLIO)
    specs = {s.spec for s in portfolio.systems}
    assert specs == set((ROOT / "specs").glob("*.json"))  # every bundled spec is checked
    for system in portfolio.systems:
        folder = out / system.folder
        document = read_result_json(folder)  # validates against the shipped schema
        assert Path(document["spec"]["path"]) == system.spec and document["system"]["name"] == system.name
        assert document["spec"]["sample"] is True
        for name in ("report.html", "report.md", "gaps.xlsx"):
            assert (folder / name).is_file()
        assert system.folder.as_posix() in result.output
    count = len(portfolio.systems)
    assert f"チェック{count}件中{count}件が完了" in result.output
    assert f"全体の集計: {out / 'summary.html'}" in result.output
    page, _, body, _ = area_rows(out / "summary.html")
    # the system in use is counted; the procurement candidate's two editions are shown apart
    assert [row[2] for row in body] == ["HOKUTO住記 V5", "印鑑登録システム"]
    others = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in page.find(id="table-others").tbody("tr")]
    assert [row[:4] for row in others] == [
        ["調達候補", "住民記録", "第1.1版", "RESIDENT-ONE"],
        ["旧版・以前のチェック", "住民記録", "第1.0版", "RESIDENT-ONE"],
    ]
    assert "サンプルデータ" in page.find("p", class_="notice").get_text()
    links = {a["href"] for a in page.find_all("a") if a["href"].endswith("report.html")}
    assert links == {f"{s.folder.as_posix()}/report.html" for s in portfolio.systems}


def test_demo_outside_the_repository_says_where_to_run_it(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("demo")
    assert result.exit_code == 2
    assert "no inventories/portfolio.toml here" in result.output and "repository folder" in result.output
    assert not (tmp_path / "reports").exists()


def test_demo_names_missing_sample_files(cli, tmp_path):
    for folder in ("specs", "inventories"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "inventories" / "juki-catalog.xlsx").unlink()
    result = cli("demo", "--root", tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "juki-catalog.xlsx" in result.output and "does not exist" in result.output
    assert not (tmp_path / "out").exists()


def test_summary_and_budget_find_the_same_checks_in_a_nested_run(cli, tmp_path):
    """A national run writes <out>/<municipality>/<area>/: summary and budget both find every check
    below the folder named (one finder), and neither reads the kept versions in .gapcheck-history/."""
    out = tmp_path / "national"
    write_check(out / "131130" / "juki", sample_report(system=SystemInfo(name="渋谷区住記", municipality_code="131130")))
    write_check(out / "011002" / "inkan", empty_report(INKAN, system=SystemInfo(name="札幌印鑑")))
    history = out / "011002" / "inkan" / ".gapcheck-history" / "old"
    history.mkdir(parents=True)
    (history / "result.json").write_text("{}", "utf-8")  # would fail validation if it were read

    assert find_results([out]) == [(out / "011002" / "inkan").resolve(), (out / "131130" / "juki").resolve()]
    summary = cli("summary", out)
    assert summary.exit_code == 0, summary.output
    assert sorted(row[2] for row in area_rows(out / "summary.html")[2]) == ["札幌印鑑", "渋谷区住記"]
    budget = cli("budget", out, "-o", tmp_path / "budget.html")
    assert budget.exit_code == 0, budget.output
    assert {s.system for s in make_budget([out]).sources} == {"渋谷区住記", "札幌印鑑"}
