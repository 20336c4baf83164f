"""report.html and report.md rendered from a check built by hand (tests/reportkit.py): what every
section shows, in both languages, escaping of hostile text, self-containment."""

import base64
import hashlib
import re

import pytest
from bs4 import BeautifulSoup
from jinja2 import UndefinedError
from markdown_it import MarkdownIt
from support.reports import (
    ADOPTED,
    CELL_TEXT,
    CLEAR,
    FIT,
    GAP_MARKED,
    HOSTILE_NAME,
    NOT_ADOPTED,
    PARTIAL,
    REVIEW,
    TEMPLATE_TEXT,
    VIOLATION,
    sample_report,
)

from gapcheck.model import (
    Answer,
    Answers,
    AnswerVersion,
    Category,
    Due,
    ResponsePolicy,
    SystemInfo,
    TargetKind,
    Verdict,
)
from gapcheck.outputs import report_html, report_md
from gapcheck.outputs.render import markdown_escape
from gapcheck.schema import violations


@pytest.fixture(scope="module")
def report():
    return sample_report()


@pytest.fixture(scope="module")
def page(report):
    return BeautifulSoup(report_html.render(report).decode("utf-8"), "html.parser")


def rows(page, table_id):
    """Each body row of a table as {id: …, cells: [text, …], row: tag}."""
    table = page.find("table", id=table_id)
    assert table is not None, f"no table {table_id}"
    return [
        {"id": tr.find("td").get_text(strip=True), "cells": [td.get_text(" ", strip=True) for td in tr.find_all("td")], "row": tr}
        for tr in table.tbody.find_all("tr")
    ]


def row_for(page, table_id, requirement_id):
    found = [r for r in rows(page, table_id) if r["id"] == requirement_id]
    assert len(found) == 1, f"{requirement_id} in {table_id}: {len(found)} rows"
    return found[0]


def mandatory_count(report):
    return sum(1 for r in report.document["requirements"] if r["category"] == Category.MANDATORY)


def test_gap_table_lists_every_mandatory_gap_with_the_features_that_say_no(report, page):
    gaps = rows(page, "table-gaps")
    # of the mandatory requirements, one fits, one is partial and one waits for review
    assert len(gaps) == mandatory_count(report) - 3
    assert {r["id"] for r in gaps} == {r["id"] for r in report.document["requirements"] if r["verdict"] == Verdict.GAP}
    marked = row_for(page, "table-gaps", GAP_MARKED)
    name, kind, category, verdict, features = marked["cells"][1:]
    assert name.startswith("外国人住民の在留カード情報の管理")
    assert (category, verdict) == ("実装必須", "ギャップ")
    assert "在留カード情報" in features and "機能一覧!7" in features and "×" in features
    assert marked["row"]["data-verdict"] == "gap" and marked["row"]["data-category"] == "mandatory"
    assert row_for(page, "table-gaps", "0010007")["cells"][5] == "—"  # nothing in the inventory at all


def test_partial_violation_and_optional_tables(report, page):
    partial = row_for(page, "table-partial", PARTIAL)["cells"]
    assert partial[4] == "一部適合"
    assert "外国人住民の記録" in partial[5] and "機能一覧!6" in partial[5] and "△" in partial[5]
    assert "文言一致 0.91" in partial[5]  # matched by text, with its score

    assert [r["id"] for r in rows(page, "table-violations")] == [VIOLATION]
    violation = row_for(page, "table-violations", VIOLATION)["cells"]
    assert violation[3:5] == ["実装不可", "実装不可該当"] and "住民票の独自欄 機能一覧!8" in violation[5]
    assert page.find("table", id="table-violations").find_previous("p").get_text().find("廃止") >= 0

    optional = rows(page, "table-optional")
    assert len(optional) == sum(1 for r in report.document["requirements"] if r["category"] == Category.OPTIONAL)
    assert row_for(page, "table-optional", ADOPTED)["cells"][4] == "採用"
    assert "確認済" in row_for(page, "table-optional", ADOPTED)["cells"][5]
    assert row_for(page, "table-optional", NOT_ADOPTED)["cells"][4] == "不採用"
    # optional rows differ in verdict: the table offers a verdict filter with just those verdicts
    select = page.find("div", attrs={"data-table-controls": "table-optional"}).find("select", attrs={"data-filter": "verdict"})
    assert [o["value"] for o in select.find_all("option")] == ["", "not_adopted", "adopted"]


def test_full_table_and_summary_figures(report, page):
    everything = rows(page, "table-requirements")
    assert [r["id"] for r in everything] == [r["id"] for r in report.document["requirements"]]
    assert row_for(page, "table-requirements", CLEAR)["cells"][4] == "該当なし"
    review = row_for(page, "table-requirements", REVIEW)["cells"]
    # in review, with the verdict it gets if its candidate (whose best guess it is) is confirmed
    assert review[4] == "要確認 見込み: 適合" and "候補 ふりがなの登録 機能一覧!11" in review[5] and "0.64" in review[5]
    fit = row_for(page, "table-requirements", FIT)["cells"][5]
    assert "住民データ管理 機能一覧!5 ○ ID一致" in fit and "候補 ふりがなの登録" in fit  # confirmed and candidate

    assert page.find(id="fit-rate").get_text(strip=True) == f"{100 / mandatory_count(report):.1f}%"
    likely = report.document["summary"]["likely_mandatory_fit_rate"]
    assert likely == 2 / mandatory_count(report)  # the fit, and the review requirement likely to fit
    assert page.find(id="fit-rate-likely").get_text(strip=True) == f"確認待ちの対応付けがすべて見込みどおりなら {likely * 100:.1f}% まで"
    counts = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
              for tr in page.find("table", class_="counts").tbody.find_all("tr")}
    headers = [th.get_text(strip=True) for th in page.find("table", class_="counts").thead.find_all("th")][1:]
    mandatory = dict(zip(headers, counts["実装必須"]))
    assert mandatory["ギャップ"] == str(mandatory_count(report) - 3) and mandatory["適合"] == "1"
    assert mandatory["実装不可該当"] == "—"  # not a verdict of this class
    assert dict(zip(headers, counts["実装不可"]))["実装不可該当"] == "1"


def test_chart_is_inline_svg_with_a_segment_per_verdict(report, page):
    svg = page.find("svg", class_="chart")
    segments = {(rect.title.get_text()) for rect in svg.find_all("rect", class_=True)}
    gaps = mandatory_count(report) - 3
    assert f"実装必須: ギャップ {gaps}" in segments and "実装不可: 実装不可該当 1" in segments
    assert "標準オプション: 採用 1" in segments
    assert not any(" 0" == s[-2:] for s in segments)  # empty verdicts draw nothing


def test_extras_review_and_notes(page):
    extras = rows(page, "table-extras")
    assert [r["cells"][0].split(" ")[0] for r in extras][0] == HOSTILE_NAME
    assert [r["cells"][1] for r in extras] == ["独自|機能!12", "機能一覧!13", "機能一覧!15"]
    section = page.find(id="extras").find_parent("section").get_text()
    for option in ("独自施策システム", "EUC", "BPR（運用見直し）", "廃止"):
        assert option in section

    (review,) = rows(page, "table-review")
    assert review["cells"][:3] == ["ふりがなの登録", "機能一覧!11", "0.64"]
    candidates = [li.get_text(" ", strip=True) for li in review["row"].find_all("li")]
    assert candidates[0].startswith(f"{REVIEW} 氏名の振り仮名の管理 実装必須 0.64")
    assert candidates[1].startswith(f"{FIT} 日本人住民データの管理") and "転入、転出" in candidates[1]

    notes = page.find(id="notes").find_parent("section").get_text()
    assert "存在しないIDの機能" in notes and "0019999" in notes  # a cited id the spec lacks
    assert "F-99" in notes  # a stale decision
    assert "見出し行「■ 住民異動」" in notes  # a skipped row
    assert "シート「機能一覧」20行目・G列: 対応状況の記号「？」の意味がわかりません" in notes  # a reader's warning


def test_hostile_text_is_shown_as_typed(report):
    html = report_html.render(report).decode("utf-8")
    assert HOSTILE_NAME not in html and "<b>" not in html
    page = BeautifulSoup(html, "html.parser")
    assert len(page.find_all("script")) == 1  # ours only
    assert "住民記録システム <v2>" in page.h1.get_text()
    # {{ 7*7 }} was never evaluated, nor the {% if %}
    assert rows(page, "table-extras")[0]["cells"][0] == f"{HOSTILE_NAME} {TEMPLATE_TEXT}"


def test_page_is_self_contained_and_locked_down(report):
    html = report_html.render(report).decode("utf-8")
    page = BeautifulSoup(html, "html.parser")
    for tag in page.find_all(True):
        for attribute in ("src", "href", "action", "data", "poster", "srcset", "xlink:href"):
            value = tag.get(attribute)
            assert value is None or not re.match(r"\s*(https?:)?//", value), f"{tag.name} {attribute}={value}"
    assert not page.find_all(["link", "img", "iframe", "object", "embed"])
    assert not re.search(r"@import|url\(|@font-face", page.style.string)
    assert page.find("script").get("src") is None
    # The CSP allows exactly the inline script and style (by hash) and nothing else.
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in policy

    def digest(text):
        return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()

    assert f"script-src 'sha256-{digest(page.script.string)}'" in policy
    assert f"style-src 'sha256-{digest(page.style.string)}'" in policy


def test_print_stylesheet_is_a4_without_controls(report):
    css = BeautifulSoup(report_html.render(report).decode("utf-8"), "html.parser").style.string
    print_css = css[css.index("@media print"):]
    assert "size: A4" in print_css and ".controls" in print_css and "table-header-group" in print_css
    assert "break-inside: avoid" in print_css


def test_english_report(report):
    english = sample_report("en")
    page = BeautifulSoup(report_html.render(english).decode("utf-8"), "html.parser")
    assert page.html["lang"] == "en"
    assert page.find(id="gaps").get_text().startswith("Gaps")
    cells = row_for(page, "table-gaps", GAP_MARKED)["cells"]
    assert cells[3:5] == ["mandatory", "gap"] and "none" in cells[5]
    headers = [th.get_text(strip=True) for th in page.find("table", id="table-gaps").thead.find_all("th")]
    assert headers == ["ID", "name", "kind", "class", "verdict", "features of the current system (sheet!row)"]
    assert "ギャップ" not in page.get_text() and "実装必須" not in page.get_text()
    markdown = report_md.render(english).decode("utf-8")
    assert "## Gaps" in markdown and "| mandatory | gap |" in markdown and "ギャップ" not in markdown


def test_optional_metadata_is_shown_only_when_given():
    bare = sample_report(system=SystemInfo())
    bare.document.pop("system")
    page = BeautifulSoup(report_html.render(bare).decode("utf-8"), "html.parser")
    terms = [dt.get_text() for dt in page.find("dl", class_="meta").find_all("dt")]
    assert terms == ["標準仕様書", "現行システムの資料", "作成日時"]

    full = sample_report(system=SystemInfo(name="基幹系", vendor="A社", municipality="〇〇市", municipality_code="012345"))
    full.document["decisions"] = "decisions/juki.json"
    page = BeautifulSoup(report_html.render(full).decode("utf-8"), "html.parser")
    meta = {dt.get_text(): dt.find_next("dd").get_text() for dt in page.find("dl", class_="meta").find_all("dt")}
    assert meta["団体"] == "〇〇市（012345）" and meta["判断ファイル"] == "decisions/juki.json"
    assert meta["システム"] == "基幹系" and meta["ベンダー"] == "A社"


def test_missing_values_fail_loudly():
    report = sample_report()
    del report.document["generated_at"]
    with pytest.raises(UndefinedError):
        report_html.render(report)
    with pytest.raises(UndefinedError):
        report_md.render(report)


@pytest.fixture(scope="module")
def markdown(report):
    return report_md.render(report).decode("utf-8")


@pytest.fixture(scope="module")
def markdown_page(markdown):
    # html on: whatever raw HTML slipped through would become elements here
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    return BeautifulSoup(rendered, "html.parser")


def md_table_after(markdown_page, heading_start):
    heading = next(h for h in markdown_page.find_all("h2") if h.get_text().startswith(heading_start))
    table = heading.find_next("table")
    return [[td.get_text() for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")]


def test_markdown_has_the_same_sections_and_rows(report, markdown_page):
    gaps = md_table_after(markdown_page, "ギャップ")
    assert len(gaps) == mandatory_count(report) - 3
    marked = next(r for r in gaps if r[0] == GAP_MARKED)
    assert marked[3:5] == ["実装必須", "ギャップ"] and "在留カード情報 (機能一覧!7) ×" in marked[5]
    assert [r[0] for r in md_table_after(markdown_page, "実装不可該当")] == [VIOLATION]
    partial = md_table_after(markdown_page, "一部適合")
    assert partial[0][0] == PARTIAL and "[文言一致 0.91]" in partial[0][5]
    assert len(md_table_after(markdown_page, "全要件の判定")) == len(report.document["requirements"])
    review = md_table_after(markdown_page, "要確認")
    assert review[0][:3] == ["ふりがなの登録", "機能一覧!11", "0.64"] and "転入、転出" in review[0][3]
    headings = [h.get_text() for h in markdown_page.find_all("h2")]
    assert [h.split(" (")[0] for h in headings] == [
        "概要", "ギャップ", "一部適合", "実装不可該当", "標準オプション機能（採否の判断）", "独自機能", "要確認",
        "全要件の判定", "読み取りの注記",
    ]


def test_markdown_cells_keep_hostile_text_as_typed(markdown, markdown_page):
    assert HOSTILE_NAME not in markdown
    assert not markdown_page.find_all(["script", "b", "a"])  # no markup made it through
    extras = md_table_after(markdown_page, "独自機能")
    assert all(len(r) == 4 for r in extras)  # pipes in names and sheet names did not split cells
    hostile, cell_text = extras[0], extras[1]
    assert hostile[0] == HOSTILE_NAME + TEMPLATE_TEXT  # name <br> text
    assert hostile[1] == "独自|機能!12" and hostile[2] == "独自 > <b>"
    assert cell_text[0] == CELL_TEXT.replace("\n", "")  # the line break became <br>, the rest as typed


def test_markdown_escape():
    assert markdown_escape("a|b\r\nc <i>*x*</i> &amp; & [l](u)") == r"a\|b<br>c \<i\>\*x\*\</i\> \&amp; & \[l\](u)"


def test_result_json_of_the_report_validates(report):
    assert violations("result", report.document) == []


def test_vendor_answers_are_shown_when_given():
    answer = AnswerVersion(ResponsePolicy.PACKAGE_CHANGE, 1200, Due(2026), "次期バージョンで対応 | <予定>")
    report = sample_report(answers=Answers((Answer(TargetKind.REQUIREMENT, GAP_MARKED, answer),)))
    page = BeautifulSoup(report_html.render(report).decode("utf-8"), "html.parser")
    assert row_for(page, "table-gaps", GAP_MARKED)["cells"][6] == "パッケージ改修 1,200千円 令和8年度 次期バージョンで対応 | <予定>"
    assert row_for(page, "table-gaps", "0010007")["cells"][6] == "未回答"
    assert row_for(page, "table-requirements", FIT)["cells"][6] == "—"  # a fit is not on the vendor's lists

    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(report_md.render(report).decode("utf-8"))
    gaps = md_table_after(BeautifulSoup(rendered, "html.parser"), "ギャップ")
    marked = next(r for r in gaps if r[0] == GAP_MARKED)
    assert marked[6] == "パッケージ改修 1,200千円 令和8年度次期バージョンで対応 | <予定>"  # note after <br>
    assert next(r for r in gaps if r[0] == "0010007")[6] == "未回答"
