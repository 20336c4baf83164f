"""The workbooks' formulas agree with the pages: budget.xlsx and milestones.xlsx recalculated by
LibreOffice (headless) give the figures budget.html and milestones.html show, on the hand-made
city (tests/support/planning.py), where a candidate and a superseded edition sit beside the
current checks and must not be counted in the totals."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from support.planning import HAND, write_city

from gapcheck.outputs.budget import write_budget
from gapcheck.workflows.budget import make_budget
from gapcheck.workflows.milestones import read_milestones, write_milestones
from test_milestones import TODAY

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed (Debian package libreoffice-calc-nogui; .ci/run installs it)"
)


def recalculated(paths: list[Path], out: Path) -> dict[str, openpyxl.Workbook]:
    """The workbooks as LibreOffice computes them (it calculates formulas that have no cached value
    on loading), read back with the values only. A profile of its own: another soffice running on
    the machine would otherwise share (and lock) the default one."""
    profile = out / "profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", "xlsx",
         "--outdir", str(out), *map(str, paths)],
        check=True, capture_output=True, timeout=300,
    )
    return {p.name: openpyxl.load_workbook(out / p.name, data_only=True) for p in paths}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    root = tmp_path_factory.mktemp("recalc")
    city = write_city(root)
    write_budget(make_budget([city]), root / "budget")
    write_milestones(read_milestones([city], TODAY), root / "milestones")
    books = recalculated([root / "budget" / "budget.xlsx", root / "milestones" / "milestones.xlsx"], root / "lo")
    return root, books


NOT_A_FIGURE = ("", "不明", "—")  # unknown cost, 費用未記入 of unanswered items: no figure to compare


def number(text: str) -> int:
    return 0 if text.strip() in NOT_A_FIGURE else int(text.replace(",", ""))


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def html_rows(table) -> dict[str, list[int]]:
    """Row title → the figures of a table of the budget or milestones page."""
    rows = {}
    for tr in table.find_all("tr"):
        if tr.th is None or not tr.find("td"):
            continue
        rows[tr.th.get_text(strip=True)] = [number(td.get_text(strip=True)) for td in tr.find_all("td")]
    return rows


def sheet_rows(sheet, first_row: int, labels: int) -> list[tuple]:
    """(label, …, figures) for every row below first_row with figures: `labels` text columns first."""
    rows = []
    for values in sheet.iter_rows(min_row=first_row, values_only=True):
        figures = values[labels:]
        if not any(isinstance(v, (int, float)) for v in figures):
            continue
        rows.append((*values[:labels], [0 if v is None or v in NOT_A_FIGURE else int(v) for v in figures]))
    return rows


def test_budget_workbook_equals_the_page(written):
    root, books = written
    sheet = books["budget.xlsx"]["業務別・対応方針別・年度別"]
    html = page(root / "budget" / "budget.html")
    tables = {"全業務": html.find(id="table-all")}
    for h3 in html.find_all("h3"):
        tables[h3.get_text(strip=True)] = h3.find_next("table")
    compared = 0
    for title, policy, figures in sheet_rows(sheet, 6, labels=2):
        expected = html_rows(tables[title])[policy]
        assert figures == expected, (title, policy)
        compared += 1
    # three counted blocks (two areas and all areas) and two blocks not counted, each 9 responses + a subtotal
    assert compared == 5 * 10
    grand = next(f for t, p, f in sheet_rows(sheet, 6, labels=2) if t == "全業務" and p == "合計")
    assert grand[-3] == sum(HAND[f][0] for f in ("juki-1.1", "inkan"))  # 8 items: current checks only


def test_milestones_workbook_equals_the_page(written):
    root, books = written
    book = books["milestones.xlsx"]
    html = page(root / "milestones" / "milestones.html")
    schedule = html_rows(html.find(id="table-schedule"))
    rows = sheet_rows(book["年度別スケジュール"], 6, labels=1)
    assert [title for title, _ in rows] == list(schedule)
    for title, figures in rows:
        assert figures == schedule[title], title
    assert schedule["合計"][-3:] == [2, 3, 1]  # unanswered, late, after the deadline: current checks only
    # システム別: the counts are COUNTIFS over 明細 whose 移行予定日後 / 期限後 are formulas too
    systems = book["システム別"]
    header = [c.value for c in systems[1]]
    for values in systems.iter_rows(min_row=2, values_only=True):
        row = dict(zip(header, values))
        folder = Path(row["フォルダ"]).name
        items, late, after, unanswered, _, effective = HAND[folder]
        assert (row["項目数"], row["移行予定日より後"], row["移行期限より後"], row["未回答"], row["移行後の適合基準日"]) == (
            items, late, after, unanswered, effective), folder


def test_a_corrected_date_counts_at_once(written, tmp_path):
    """The planner moves 0010004 of 住記A to 2026-02-01 in 明細: it is no longer after the deadline."""
    root, _ = written
    book = openpyxl.load_workbook(root / "milestones" / "milestones.xlsx")
    details = book["明細"]
    header = [c.value for c in details[1]]
    column = {name: header.index(name) + 1 for name in ("要件ID・機能", "システム", "版", "対応の最終日")}
    for row in range(2, details.max_row + 1):
        if (details.cell(row, column["要件ID・機能"]).value, details.cell(row, column["システム"]).value,
                details.cell(row, column["版"]).value) == ("0010004", "住記A", "第1.1版"):
            details.cell(row, column["対応の最終日"]).value = details.cell(row, column["対応の最終日"]).value.replace(year=2026, month=2, day=1)
    book.save(tmp_path / "edited.xlsx")
    edited = recalculated([tmp_path / "edited.xlsx"], tmp_path / "lo")["edited.xlsx"]
    total = next(f for t, f in sheet_rows(edited["年度別スケジュール"], 6, labels=1) if t == "合計")
    assert total[-3:] == [2, 3, 0]  # still after the planned date, no longer after the deadline
