"""The user guides in docs/guide/: their pictures are made here from the demo (report and budget in
Chromium, gaps.xlsx printed by LibreOffice), and every file they link to exists."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support.files import ROOT

from gapcheck.workflows.demo import run_demo

DOCS = ROOT / "docs"
IMAGES = DOCS / "images"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def links(page: Path) -> list[Path]:
    return [(page.parent / target).resolve() for target in re.findall(r"\]\(([^)#:]+)\)", page.read_text("utf-8"))]


@pytest.mark.parametrize("page", sorted((DOCS / "guide").glob("*.md")), ids=lambda p: p.name)
def test_every_link_of_a_guide_leads_to_a_file(page):
    missing = [str(target) for target in links(page) if not target.exists()]
    assert missing == []


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("guide")
    outcome = run_demo(ROOT, out)
    assert outcome.ok
    return out


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (.ci/run installs Debian's chromium)")
def test_pictures_of_the_report_and_the_budget(demo):
    from playwright.sync_api import sync_playwright

    IMAGES.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1200, "height": 800}, locale="ja-JP")
        page.goto((demo / "juki-messy" / "report.html").as_uri(), wait_until="load")
        summary = page.locator("section[aria-labelledby=summary]")
        assert "実装必須機能の適合率" in summary.inner_text()
        summary.screenshot(path=str(IMAGES / "report.png"))
        page.goto((demo / "budget.html").as_uri(), wait_until="load")
        table = page.locator("table").first
        assert table.is_visible()
        table.screenshot(path=str(IMAGES / "budget.png"))
        browser.close()
    for name in ("report.png", "budget.png"):
        assert (IMAGES / name).stat().st_size > 10_000  # a picture, not an empty frame


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftoppm"),
                    reason="no LibreOffice (soffice) or poppler (pdftoppm): .ci/run installs them")
def test_picture_of_the_gap_spreadsheet_as_printed(demo, tmp_path):
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(demo / "juki-messy" / "gaps.xlsx")], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "gaps.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # the first page of the first list (ギャップ一覧), with its header row
    number = next(n for n, text in enumerate(pages.split("\f"), start=1) if "対応方針" in text and "要件内容" in text)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(number), "-l", str(number), "-singlefile", str(pdf),
                    str(tmp_path / "gaps")], check=True)
    IMAGES.mkdir(exist_ok=True)
    shutil.copyfile(tmp_path / "gaps.png", IMAGES / "gaps.png")
    assert (IMAGES / "gaps.png").stat().st_size > 10_000
