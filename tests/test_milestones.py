"""Milestones (`gapcheck milestones`) on a small hand-made city whose figures are counted by hand
(tests/support/planning.py): late items, items after the deadline, unanswered items, requirements
whose 適合基準日 falls after go-live; the page, the Markdown and the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from support.planning import HAND, write_city

from gapcheck.model import Due, Role
from gapcheck.outputs.milestones import render_html, render_markdown
from gapcheck.rules.milestones import DEFAULT_DEADLINE, fiscal_year_end, latest_day
from gapcheck.workflows.milestones import read_milestones

TODAY = date(2025, 11, 1)


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    return write_city(tmp_path_factory.mktemp("planning"))


@pytest.fixture(scope="module")
def milestones(city):
    return read_milestones([city], TODAY)


def folder_of(milestones, n: int) -> str:
    return Path(milestones.budget.sources[n].path).name


def test_a_promised_fiscal_year_can_last_until_its_end():
    assert latest_day(Due(2025)) == fiscal_year_end(2025) == date(2026, 3, 31) == DEFAULT_DEADLINE
    assert latest_day(Due(2025, date(2025, 12, 1))) == date(2025, 12, 1)


def test_figures_per_check_are_the_hand_counted_ones(milestones):
    roles = {folder_of(milestones, n): s.role for n, s in enumerate(milestones.budget.sources)}
    assert roles == {"juki-1.1": Role.CURRENT, "juki-1.0": Role.SUPERSEDED, "juki-b": Role.CANDIDATE, "inkan": Role.CURRENT}
    for n, source in enumerate(milestones.budget.sources):
        counts = milestones.counts(source=n, role=source.role)
        plan = milestones.plans[n]
        found = (counts.items, counts.late, counts.after_deadline, counts.unanswered, counts.undated, len(plan.after_go_live))
        assert found == HAND[folder_of(milestones, n)], folder_of(milestones, n)
    plans = {folder_of(milestones, p.source): p for p in milestones.plans}
    assert [r.id for r in plans["juki-1.1"].after_go_live] == ["0010006", "0010003"]  # earliest first
    assert [r.id for r in plans["juki-b"].after_go_live] == ["0010003"]  # no planned date: against the deadline
    assert plans["juki-b"].reference == plans["juki-b"].deadline == DEFAULT_DEADLINE and not plans["juki-b"].deadline_given
    assert plans["inkan"].deadline == date(2028, 3, 31) and plans["inkan"].deadline_given


def test_totals_count_current_checks_only(milestones):
    current = [HAND["juki-1.1"], HAND["inkan"]]
    total = milestones.counts()
    assert (total.items, total.late, total.after_deadline, total.unanswered, total.undated) == tuple(
        sum(c[i] for c in current) for i in range(5)
    )
    juki = milestones.counts("住民記録")
    assert (juki.items, juki.late, juki.after_deadline, juki.unanswered) == HAND["juki-1.1"][:4]
    # the fiscal-year figures of the budget the same way: 6 + 2 items, candidate and old edition apart
    assert milestones.budget.total().count == 8
    assert milestones.budget.total(fiscal_year=2026).count == 1  # 0010004 of the current 住記A only
    candidate = next(n for n in range(4) if folder_of(milestones, n) == "juki-b")
    assert milestones.budget.total(fiscal_year=2026, source=candidate, role=Role.CANDIDATE).count == 1


def _cells(row) -> list[str]:
    return [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]


def test_page_shows_the_hand_counted_figures(milestones):
    page = BeautifulSoup(render_html(milestones), "html.parser")
    assert page.html["lang"] == "ja" and "A4 landscape" in page.style.get_text()
    assert page.find(id="today").get_text() == "2025-11-01"
    assert (page.find(id="late-count").get_text(), page.find(id="after-deadline-count").get_text(),
            page.find(id="unanswered-count").get_text()) == ("3", "1", "2")
    # a time line per area, the candidate in its own lane, the superseded edition in none
    svgs = {svg["data-area"]: svg for svg in page.find_all("svg", class_="timeline")}
    assert list(svgs) == ["住民記録", "印鑑登録"]
    juki = svgs["住民記録"]
    assert [g["data-role"] for g in juki.find_all("g", class_="lane")] == ["current", "candidate"]
    years = [t.get_text() for t in juki.find_all("text", class_="year")]
    assert years[0] == "令和7年度" and "令和8年度" in years
    assert juki.find("text", class_="western").get_text() == "(2025)"
    assert juki.find("g", class_="today-mark").title.get_text() == "今日 2025-11-01"
    lane_a = juki.find("g", class_="lane")
    kinds = sorted((g["class"][1], g.rect["class"][1]) for g in lane_a.find_all("g", class_="item"))
    assert ("late", "late") in kinds and ("after_deadline", "after_deadline") in kinds and ("unanswered", "unanswered") in kinds
    unanswered = lane_a.find("g", class_="unanswered")
    assert unanswered.text.strip().endswith("1")
    assert lane_a.find("g", class_="planned-mark").title.get_text() == "移行予定日 2026-01-04"
    assert lane_a.find("g", class_="deadline-mark").title.get_text() == "移行期限 2026-03-31"
    assert len(lane_a.find_all("g", class_="effective-mark")) == 2  # 2026-02-01 and 2026-10-01

    rows = {(r["data-source"]): _cells(r) for r in page.find(id="table-systems").tbody.find_all("tr")}
    by_folder = {folder_of(milestones, int(n) - 1): row for n, row in rows.items()}
    for folder, (items, late, after, unanswered_count, _, effective) in HAND.items():
        row = by_folder[folder]
        assert row[6] == str(items) and row[-4:] == [str(late), str(after), str(unanswered_count), str(effective)], folder
    assert "（業務の既定）" in " ".join(by_folder["juki-1.1"]) or "(業務の既定)" in " ".join(by_folder["juki-1.1"])
    late_ids = sorted(r.find("td", class_="id").get_text() for r in page.find(id="table-late").tbody.find_all("tr"))
    assert late_ids == sorted(["0010003", "0010004", "0010004", "0200002"])  # 住記A's two, 住記B's one, 印鑑C's one
    after = {r.find("td", class_="id").get_text() for r in page.find(id="table-after-go-live").tbody.find_all("tr")}
    assert after == {"0010003", "0010006", "0200002"}
    assert page.find("p", class_="notice").get_text().count("住記B") == 1  # no planned date, said so


def test_page_in_english_and_markdown(milestones):
    page = BeautifulSoup(render_html(milestones, "en"), "html.parser")
    assert page.html["lang"] == "en" and page.find("text", class_="year").get_text() == "FY2025"
    markdown = render_markdown(milestones).decode()
    html = BeautifulSoup(MarkdownIt("commonmark").enable("table").render(markdown), "html.parser")
    tables = html.find_all("table")
    systems = [[c.get_text() for c in tr.find_all("td")] for tr in tables[0].tbody.find_all("tr")]
    assert [(row[1], row[3], row[-4]) for row in systems] == [
        ("住記A", "集計対象", "2"), ("印鑑C", "集計対象", "1"), ("住記B", "調達候補", "1"), ("住記A", "旧版・以前のチェック", "2"),
    ]
    assert "移行予定日より後: **3**" in markdown


def test_command_line_with_deadlines_over_the_default(cli, city, tmp_path, japanese):
    result = cli("milestones", city, "-o", tmp_path / "out", "--today", "令和7年11月1日", "--deadline", "住民記録=2027-03-31")
    assert result.exit_code == 0, result.output
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"milestones.html", "milestones.xlsx", "milestones.md"}
    lines = {tuple(line.split()[:3]): line.split() for line in result.output.splitlines() if line.startswith(("住民記録", "印鑑登録"))}
    # 住記B had no deadline of its own: now 2027-03-31, so 2026-04-01 is neither late nor after it,
    # and 0010003 (2026-10-01) is before it
    assert lines[("住民記録", "住記B", "第1.1版")][4:] == ["2027-03-31", "—", "6", "0", "0", "4", "0"]
    # 印鑑C keeps its own deadline
    assert lines[("印鑑登録", "印鑑C", "第1.0版")][4:6] == ["2028-03-31", "2027-01-04"]
    only_md = cli("milestones", city, "-o", tmp_path / "md", "--format", "md")
    assert only_md.exit_code == 0 and [p.name for p in (tmp_path / "md").iterdir() if not p.name.startswith(".")] == ["milestones.md"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--deadline", "住民記録=来年"], "is not a date"),
        (["--deadline", "住民記録"], "is not KEY=VALUE"),
        (["--today", "2026-02-30"], "is not a real date"),
        (["--format", "pdf"], "unknown format"),
    ],
)
def test_bad_options_exit_2(cli, city, tmp_path, args, message):
    result = cli("milestones", city, "-o", tmp_path / "out", *args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_no_results_is_one_message(cli, tmp_path):
    result = cli("milestones", tmp_path, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "holds no result.json" in result.output


def test_sample_answers_are_what_the_script_makes():
    """inventories/answers/ is made by inventories/make_answers.py from the checks as they are now."""
    import importlib.util

    from support.files import INVENTORIES

    spec = importlib.util.spec_from_file_location("make_answers", INVENTORIES / "make_answers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build()
    assert sorted(p.name for p in built) == sorted(p.name for p in (INVENTORIES / "answers").glob("*.json"))
    for path, content in built.items():
        assert path.read_bytes() == content, f"{path.name}: run python inventories/make_answers.py"
