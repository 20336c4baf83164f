"""The HTML pages on paper: each page of the demo printed to PDF by Chromium (its own print to PDF,
and Playwright's page.pdf()) and read back; and the report as a full-page screenshot.

On paper: a table continued on the next page repeats its column names; summary.html's first page
holds its title and its table; no page is empty or holds only the footer; requirement texts keep
their line breaks; 「標準オプション」 never breaks inside; no absolute path of the machine shows.
A few pages go to tests/artifacts/ as PNG for a person to look at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.files import ROOT
from support.printing import (
    ARTIFACTS,
    Page,
    chromium_pdf,
    needs_chromium,
    needs_poppler,
    read_pdf,
    save_png,
)

from gapcheck.files.spec_json import load_spec
from gapcheck.outputs import diff_html, report_html
from gapcheck.outputs.report import Report
from gapcheck.rules.diff import diff_specs
from gapcheck.workflows.demo import run_demo

pytestmark = [needs_chromium, needs_poppler]

REQUIREMENT_HEADER = ("ID", "名称", "種別", "実装区分", "判定", "現行システムの機能")
FOOTER = re.compile(r"^作成: gapcheck \S+$")
MULTI_LINE = "交付する。\n・本人\n・世帯"
# a row of a requirement table as pdftotext lays it out: ID, name … kind, class
REQUIREMENT_ROW = re.compile(r"^00[0-9]{5} .*(機能|帳票) +(実装必須|標準オプション|実装不可)", re.MULTILINE)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo's outputs, and its 住民記録 report again with a requirement text of three lines."""
    out = tmp_path_factory.mktemp("print-html")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)  # where the README runs the demo: the reports name the inputs relative to it
        assert run_demo(ROOT, out / "demo").ok
        document = json.loads((out / "demo" / "juki-messy" / "result.json").read_text("utf-8"))
        first_gap = next(r for r in document["requirements"] if r["verdict"] == "gap")
        first_gap["text"] = MULTI_LINE
        (out / "report.html").write_bytes(report_html.render(Report(document, "ja")))
    old, new = load_spec(ROOT / "specs" / "juki-1.0.json"), load_spec(ROOT / "specs" / "juki-1.1.json")
    (out / "diff.html").write_text(diff_html.render_html(diff_specs(old, new)), "utf-8")
    return out


def printed(demo: Path) -> dict[str, Path]:
    return {
        "report": demo / "report.html",
        "summary": demo / "demo" / "summary.html",
        "budget": demo / "demo" / "budget.html",
        "milestones": demo / "demo" / "milestones.html",
        "diff": demo / "diff.html",
    }


@pytest.fixture(scope="module")
def pdfs(demo) -> dict[str, list[Page]]:
    """Every page printed by `chromium --print-to-pdf`."""
    return {name: chromium_pdf(html, demo / f"{name}.pdf") for name, html in printed(demo).items()}


def content(page: Page) -> list[str]:
    return [line for line in page.lines() if not FOOTER.match(line)]


@pytest.mark.parametrize("name", ["report", "summary", "budget", "milestones", "diff"])
def test_no_page_is_empty(pdfs, name):
    pages = pdfs[name]
    assert pages
    for number, page in enumerate(pages, start=1):
        # more than the footer and a lone line (a title or a heading left alone); a table's last
        # page may hold its repeated header and a single row
        assert len(content(page)) >= 2, f"{name}.html page {number} of {len(pages)} is (nearly) empty: {page.lines()}"


def header_on(page: Page) -> bool:
    return any(all(label in line for label in REQUIREMENT_HEADER) for line in page.lines())


def test_the_report_repeats_its_column_names_on_every_page(demo, pdfs):
    pages = pdfs["report"]
    with_rows = [n for n, page in enumerate(pages, start=1) if REQUIREMENT_ROW.search(page.layout)]
    assert len(pages) >= 5 and 2 in with_rows and len(with_rows) >= 4
    # every page holding requirement rows names the columns: a table going on from the page before
    # repeats its header (it was an empty grey band), a table starting there has its own
    assert [n for n in with_rows if not header_on(pages[n - 1])] == []
    assert save_png(demo / "report.pdf", 3, "report-page-3").stat().st_size > 10_000  # a header repeated


def test_the_report_printed_by_playwright_repeats_its_column_names(browser, demo):
    page = browser.new_page()
    page.goto(printed(demo)["report"].as_uri(), wait_until="load")
    page.pdf(path=str(demo / "report-playwright.pdf"), prefer_css_page_size=True)
    page.close()
    pages = read_pdf(demo / "report-playwright.pdf")
    with_rows = [n for n, p in enumerate(pages, start=1) if REQUIREMENT_ROW.search(p.layout)]
    assert len(with_rows) >= 4 and all(header_on(pages[n - 1]) for n in with_rows)


def test_summary_prints_title_and_table_on_its_first_page(demo, pdfs):
    pages = pdfs["summary"]
    assert len(pages) <= 2 and all(p.landscape for p in pages)
    first = pages[0].layout
    assert "標準化 フィット&ギャップ 全業務の概要" in first
    # the table: its column names, its rows and its total line
    for text in ("業務", "版", "システム", "適合率", "実装必須", "標準オプション", "実装不可", "住民記録", "印鑑登録", "計（集計対象のみ）"):
        assert text in first, text
    assert save_png(demo / "summary.pdf", 1, "summary-page-1").stat().st_size > 10_000


@pytest.mark.parametrize("name", ["report", "summary"])
def test_labels_stay_whole_on_paper(pdfs, name):
    text = "\n".join(page.text for page in pdfs[name])
    assert "標準オプション" in text
    for label in ("標準オプション", "一部適合", "実装不可該当", "要確認"):
        # a label broken in its cell: the lines of the cell, each whole in the reading order
        broken = rf"(^|\n)[ ]*{label[:-1]}[ ]*\n[ ]*{label[-1]}[ ]*(\n|$)"
        assert not re.search(broken, text), label


def test_requirement_texts_keep_their_line_breaks(pdfs):
    # in reading order, the lines of a cell follow one another
    assert "\n".join(MULTI_LINE.splitlines()) in "".join(page.text for page in pdfs["report"])


def test_line_breaks_and_whole_labels_on_screen(browser, demo):
    page = browser.new_page(viewport={"width": 700, "height": 900}, locale="ja-JP")
    page.goto(printed(demo)["report"].as_uri(), wait_until="load")
    page.locator("html[data-laid-out]").wait_for(state="attached", timeout=60_000)
    cell = page.locator("#table-gaps .text", has_text="・本人")
    assert cell.inner_text().splitlines() == MULTI_LINE.splitlines()
    # in a narrow window the class column stays one line per label (no 「標準オプショ／ン」)
    lines = page.evaluate(
        """() => Array.from(document.querySelectorAll('#table-optional td.label')).map(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
        })"""
    )
    assert lines and set(lines) == {1}
    page.close()


def test_a_full_page_screenshot_shows_the_whole_report(browser, demo):
    from PIL import Image

    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page.goto(printed(demo)["report"].as_uri(), wait_until="load")
    # the sections far from the screen are laid out while the browser is idle, soon after loading
    page.locator("html[data-laid-out]").wait_for(state="attached", timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "report-full-page.png"
    page.screenshot(path=str(path), full_page=True)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    page.close()
    image = Image.open(path).convert("L")
    assert image.height == height > 5 * 900
    # every screen's height of the picture holds text and lines (a blank band was white throughout)
    blank = []
    for top in range(0, image.height - 450, 900):
        band = image.crop((0, top, image.width, min(image.height, top + 900)))
        if band.getextrema()[0] > 200:  # not one dark pixel
            blank.append(top)
    assert blank == []


def test_no_absolute_path_of_the_machine(demo, pdfs):
    """The demo ran from paths resolved to absolute ones (its portfolio names files relative to
    itself): the reports show them relative to where it ran, or their names."""
    machine = [str(ROOT), str(demo)]
    for name, html in printed(demo).items():
        text = html.read_text("utf-8")
        assert not [m for m in machine if m in text], name
    for markdown in (demo / "demo").rglob("*.md"):
        assert str(ROOT) not in markdown.read_text("utf-8"), markdown
    assert "inventories/juki-messy.xlsx" in printed(demo)["report"].read_text("utf-8")
