"""Hostile text in an inventory, end to end through `gapcheck check` and `gapcheck review`: in every
workbook it stays text (never a formula, quote-prefixed where Excel would evaluate it), in the
reports it shows as typed (escaped, never markup, templates not evaluated). The browser test
(tests/test_browser.py) opens the same report and checks that nothing in it runs."""

import re
import zipfile

import openpyxl
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from support.bad_inputs import HOSTILE_TEXTS, hostile_inventory
from support.files import SPECS

from gapcheck.files.result_json import read_result_json
from gapcheck.text import clean_cell

RISKY = ("=", "+", "-", "@", "\t", "\r")
# The texts as the inventory reader gives them (ends trimmed, control characters dropped).
AS_READ = tuple(clean_cell(text) for text in HOSTILE_TEXTS)


@pytest.fixture(scope="module")
def hostile_check(tmp_path_factory, cli):
    folder = tmp_path_factory.mktemp("hostile")
    inventory = hostile_inventory(folder / "vendor.xlsx")
    for args in (
        ["check", "--spec", SPECS / "juki-1.0.json", "--inventory", inventory, "--out", folder / "out"],
        ["review", "--spec", SPECS / "juki-1.0.json", "--inventory", inventory, "-o", folder / "review.xlsx"],
    ):
        done = cli(*args)
        assert done.exit_code == 0, done.output
    return folder


def features_by_status(folder, *statuses):
    return [f for f in read_result_json(folder / "out")["features"] if f["status"] in statuses]


def test_the_hostile_texts_reach_the_outputs(hostile_check):
    names = {f["name"] for f in features_by_status(hostile_check, "unmatched", "review")}
    assert set(AS_READ) <= names  # each alone is an extra (or, for a few, a candidate for review)


def workbook_cells(path):
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell


@pytest.mark.parametrize("name", ["out/gaps.xlsx", "review.xlsx"])
def test_workbooks_hold_hostile_text_as_text(hostile_check, name):
    path = hostile_check / name
    with zipfile.ZipFile(path) as archive:  # no formula anywhere: Excel would evaluate it on opening
        for part in archive.namelist():
            if part.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(part)), part
    seen = set()
    for sheet, cell in workbook_cells(path):
        assert cell.data_type in ("s", "n"), (sheet, cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            seen.update(text for text in AS_READ if text in cell.value)
            if cell.value.startswith(RISKY):
                assert cell.data_type == "s" and cell.quotePrefix, (sheet, cell.coordinate, cell.value)
    asked = features_by_status(hostile_check, "review" if name == "review.xlsx" else "unmatched")
    expected = {text for text in AS_READ for f in asked if text in f["name"]}
    assert expected and expected <= seen


def test_the_html_report_shows_hostile_text_as_typed(hostile_check):
    html = (hostile_check / "out" / "report.html").read_text("utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert len(page.find_all("script")) == 1 and not page.find_all("img")  # only the page's own script
    assert not page.find_all(attrs={"onerror": True})
    text = page.get_text()
    for hostile in AS_READ:
        assert hostile in text, hostile
    assert "{{ 7*7 }}" in text and "{% raw %}" in text  # shown, not evaluated by the template engine
    assert "window.__pwned" not in "".join(s.get_text() for s in page.find_all("script"))


def test_the_markdown_report_shows_hostile_text_as_typed(hostile_check):
    source = (hostile_check / "out" / "report.md").read_text("utf-8")
    assert "{{ 7\\*7 }}" in source and "{% raw %}" in source  # escaped for Markdown, not evaluated
    rendered = BeautifulSoup(MarkdownIt("commonmark").enable("table").render(source), "html.parser")
    assert not rendered.find_all(["script", "img"])  # raw HTML is allowed in CommonMark: none got through
    text = rendered.get_text()
    for hostile in AS_READ:
        assert hostile in text, hostile
