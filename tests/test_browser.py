"""report.html and summary.html in a real browser: Debian's Chromium, driven by Playwright.

Playwright gets the system browser through executable_path (no browser download). These tests skip
only where no Chromium is installed; .ci/run installs it, so they run in CI.
"""

import re
from pathlib import Path

import pytest
from support.bad_inputs import HOSTILE_TEXTS, hostile_inventory
from support.printing import ARTIFACTS, needs_chromium
from support.reports import CLEAR, HOSTILE_NAME, SPEC_PATH, VIOLATION, empty_report, sample_report, write_check

from gapcheck.outputs import report_html
from gapcheck.text import clean_cell
from gapcheck.workflows.check import CheckJob, check_files
from gapcheck.workflows.summary import write_summary

pytestmark = needs_chromium


class Watched:
    """A page with every console error, page error, dialog and request it caused."""
    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
        self.errors, self.requests, self.dialogs = [], [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: Path):
        self.url = path.resolve().as_uri()
        self.page.goto(self.url, wait_until="load")
        return self.page


@pytest.fixture
def watched(browser):
    watched = Watched(browser)
    yield watched
    watched.page.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_bytes(report_html.render(sample_report()))
    return path


def visible_rows(page, table_id):
    # Sections far from the screen are not laid out (content-visibility): look at the table first.
    page.locator(f"#{table_id}").scroll_into_view_if_needed()
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return page.locator(f"#{table_id} tbody tr:visible")


def test_report_renders_offline_without_errors(watched, report_file):
    page = watched.open(report_file)
    assert page.locator("h1").inner_text().startswith("フィット&ギャップ分析")
    assert page.locator("svg.chart rect.v-gap").count() == 1
    # tables.js showed each table's controls (hidden in the markup: without JS they would do nothing)
    assert page.locator("[data-table-controls]:visible").count() == page.locator("table.sortable").count() == 7
    assert watched.errors == []  # includes Content-Security-Policy violations
    assert watched.requests == [watched.url]  # the page itself, nothing else
    assert watched.dialogs == []  # the hostile feature name did not run
    assert page.get_by_text(HOSTILE_NAME).count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=False)


def test_search_box_filters_rows(watched, report_file):
    page = watched.open(report_file)
    total = visible_rows(page, "table-gaps").count()
    controls = page.locator('[data-table-controls="table-gaps"]')
    assert controls.locator("output").inner_text() == f"{total} 件中 {total} 件を表示"
    controls.get_by_label("キーワードで絞り込み").fill("転入")
    shown = visible_rows(page, "table-gaps")
    assert 0 < shown.count() < total
    assert all("転入" in text for text in shown.all_inner_texts())
    hidden = page.locator("#table-gaps tbody tr:not(:visible)")
    assert hidden.count() == total - shown.count() and not any("転入" in t for t in hidden.all_text_contents())
    assert controls.locator("output").inner_text() == f"{total} 件中 {shown.count()} 件を表示"
    # full-width letters find half-width ones (NFKC), as gapcheck's own matching does
    everything = page.locator('[data-table-controls="table-requirements"]')
    everything.get_by_label("キーワードで絞り込み").fill("ｏｃｒ")
    assert [row.split("\t")[0] for row in visible_rows(page, "table-requirements").all_inner_texts()] == [CLEAR]
    everything.get_by_label("キーワードで絞り込み").fill("")
    assert visible_rows(page, "table-requirements").count() == page.locator("#table-requirements tbody tr").count()


def test_verdict_and_class_filters(watched, report_file):
    page = watched.open(report_file)
    controls = page.locator('[data-table-controls="table-requirements"]')
    controls.get_by_label("判定").select_option("violation")
    assert [t.split("\t")[0] for t in visible_rows(page, "table-requirements").all_inner_texts()] == [VIOLATION]
    controls.get_by_label("判定").select_option("")
    controls.get_by_label("実装区分").select_option("prohibited")
    classes = {t.split("\t")[3] for t in visible_rows(page, "table-requirements").all_inner_texts()}
    assert classes == {"実装不可"}


def test_sorting_by_mouse_and_keyboard(watched, report_file):
    page = watched.open(report_file)
    table = page.locator("#table-requirements")
    ids = [t.split("\t")[0] for t in visible_rows(page, "table-requirements").all_inner_texts()]
    header = table.locator("thead th", has_text="ID")
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert [t.split("\t")[0] for t in visible_rows(page, "table-requirements").all_inner_texts()] == sorted(ids, reverse=True)
    # by verdict: most pressing first (gaps), from the keyboard
    verdict = table.locator("thead th", has_text="判定")
    verdict.get_by_role("button").focus()
    page.keyboard.press("Enter")
    assert verdict.get_attribute("aria-sort") == "ascending" and header.get_attribute("aria-sort") is None
    verdicts = [t.split("\t")[4] for t in visible_rows(page, "table-requirements").all_inner_texts()]
    assert verdicts[0] == "ギャップ" and verdicts[-1] == "該当なし"


def test_print_hides_controls_and_makes_a4_pages(watched, report_file):
    page = watched.open(report_file)
    page.emulate_media(media="print")
    assert page.locator("[data-table-controls]:visible").count() == 0
    assert page.locator("nav.contents").is_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "report.pdf"), prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 2


def test_summary_links_to_each_report(watched, tmp_path):
    write_check(tmp_path / "checks" / "juki", sample_report())
    write_check(tmp_path / "checks" / "inkan", empty_report(SPEC_PATH.with_name("inkan-1.0.json")))
    written = write_summary([tmp_path / "checks"], tmp_path / "city")
    page = watched.open(written.html)
    links = page.locator("#table-areas tbody a")
    assert links.all_inner_texts() == ["住民記録", "印鑑登録"]
    assert watched.errors == [] and watched.requests == [watched.url]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "summary.png"))
    links.first.click()
    page.wait_for_load_state("load")
    assert page.url == (tmp_path / "checks" / "juki" / "report.html").as_uri()
    assert page.locator("h1").inner_text().startswith("フィット&ギャップ分析: 住民記録")
    assert watched.errors == []


def test_hostile_inventory_text_never_runs(watched, tmp_path):
    """A check of an inventory full of script, event-handler and template text: the report shows it
    and nothing of it runs (no dialog, no error, the flag an injected script would set stays unset)."""

    inventory = hostile_inventory(tmp_path / "vendor.xlsx")
    check_files(CheckJob(SPEC_PATH, inventory, tmp_path / "out"))
    page = watched.open(tmp_path / "out" / "report.html")
    page.evaluate("() => new Promise(done => setTimeout(done, 200))")  # let any onerror handler fire
    for table in page.locator("table.sortable").all():  # lay out every section, images included
        table.scroll_into_view_if_needed()
    assert page.evaluate("() => window.__pwned") is None
    assert watched.dialogs == [] and watched.errors == []
    assert watched.requests == [watched.url]  # <img src=x> loaded nothing
    body = page.locator("body").inner_text()
    for text in (clean_cell(t) for t in HOSTILE_TEXTS):
        assert text in body, text
    assert page.locator("script").count() == 1


DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def demo_milestones(tmp_path_factory):
    """The demo's milestones with a fixed day as today, so that the picture in the docs is stable."""
    from datetime import date

    from support.files import ROOT

    from gapcheck.workflows.demo import run_demo
    from gapcheck.workflows.milestones import read_milestones, write_milestones

    out = tmp_path_factory.mktemp("demo")
    outcome = run_demo(ROOT, out)
    write_milestones(read_milestones([c.folder for c in outcome.checks], date(2025, 11, 1)), out)
    return out / "milestones.html"


def test_milestones_time_line_and_filters(watched, demo_milestones):
    page = watched.open(demo_milestones)
    assert page.locator("h1").inner_text().startswith("標準化移行 スケジュール")
    assert page.locator("svg.timeline").count() == 2  # 住民記録 and 印鑑登録
    assert page.locator("svg.timeline g.today-mark").count() == 2
    late = page.locator("svg.timeline rect.box.late, svg.timeline rect.box.after_deadline")
    assert late.count() >= 3 and page.locator("svg.timeline rect.box.unanswered").count() >= 2
    assert page.locator('svg.timeline g.lane[data-role="candidate"]').count() == 1  # RESIDENT-ONE, labelled
    assert watched.errors == [] and watched.requests == [watched.url]
    DOCS.mkdir(exist_ok=True)
    page.locator("#timelines").screenshot(path=str(DOCS / "milestones-timeline.png"))

    controls = page.locator('[data-table-controls="table-late"]')
    total = visible_rows(page, "table-late").count()
    controls.get_by_label("超過").select_option("after-deadline")
    shown = visible_rows(page, "table-late")
    assert 0 < shown.count() < total
    assert all("移行期限より後" in text for text in shown.all_inner_texts())
    controls.get_by_label("集計").select_option("candidate")
    assert all("調達候補" in text for text in visible_rows(page, "table-late").all_inner_texts())


def test_milestones_print_on_a4_landscape(watched, demo_milestones):
    page = watched.open(demo_milestones)
    page.emulate_media(media="print")
    assert page.locator("[data-table-controls]:visible").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "milestones.pdf"), prefer_css_page_size=True)
    # A4 landscape: 842 × 595 points
    boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert boxes and all(round(float(w)) == 842 and round(float(h)) == 595 for w, h in boxes), boxes
