"""Honest totals: which check counts for an area (gapcheck.rules.roles), and that summary, budget
and run.json count an edition superseded by a later one and a procurement candidate apart."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from bs4 import BeautifulSoup
from support.planning import HAND, write_city
from support.reports import sample_report, write_check

from gapcheck.files.portfolio import load_portfolio
from gapcheck.files.result_json import read_result, read_result_json
from gapcheck.model import Role, SystemInfo
from gapcheck.rules.roles import assign_roles, edition_key
from gapcheck.workflows.budget import make_budget
from gapcheck.workflows.summary import write_summary
from test_portfolio import ONE_CITY, city, write  # noqa: F401  (the fixture)


def test_edition_keys_order_editions():
    assert edition_key("第1.0版") < edition_key("第1.1版") < edition_key("第6.1版") < edition_key("第10.0版")
    assert edition_key("第１．１版") == (1, 1)


def _document(folder, **changes):
    document = read_result(folder)
    spec = replace(document.spec, **{k: v for k, v in changes.items() if k == "version"})
    system = replace(document.system, **{k: v for k, v in changes.items() if k in ("name", "role", "municipality_code")})
    return replace(document, spec=spec, system=system, generated_at=changes.get("at", document.generated_at))


def test_roles_by_edition_declaration_and_tie(tmp_path):
    write_check(tmp_path / "a", sample_report(system=SystemInfo(name="A", municipality_code="1")))
    base = tmp_path / "a"
    older = _document(base, version="第1.0版")
    newer = _document(base, version="第1.1版")
    candidate = _document(base, name="B", role=Role.CANDIDATE)
    other_city = _document(base, name="C", municipality_code="2")
    assert assign_roles([older, newer, candidate, other_city]).roles == (
        Role.SUPERSEDED, Role.CURRENT, Role.CANDIDATE, Role.CURRENT)
    # declared current: the municipality still works to the earlier edition
    pinned = replace(older, system=replace(older.system, role=Role.CURRENT))
    assert assign_roles([pinned, newer]).roles == (Role.CURRENT, Role.SUPERSEDED)
    # the same edition checked twice: the later check wins
    assert assign_roles([_document(base, at="2026-05-02T00:00:00+00:00"), _document(base, at="2026-05-01T00:00:00+00:00")]).roles == (
        Role.CURRENT, Role.SUPERSEDED)
    # two systems of one area, neither a candidate: both counted, and reported
    roles = assign_roles([newer, _document(base, name="D")])
    assert roles.roles == (Role.CURRENT, Role.CURRENT)
    assert [(c.area, c.systems) for c in roles.conflicts] == [("住民記録", ("A", "D"))]


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    return write_city(tmp_path_factory.mktemp("town"))


def test_summary_counts_current_checks_only(town, tmp_path):
    written = write_summary([town], tmp_path)
    page = BeautifulSoup(written.html.read_text("utf-8"), "html.parser")
    counted = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in page.find(id="table-areas").tbody("tr")]
    assert [(r[0], r[1], r[2]) for r in counted] == [("住民記録(レポート未作成: gapcheck report で作成)", "第1.1版", "住記A"), ("印鑑登録(レポート未作成: gapcheck report で作成)", "第1.0版", "印鑑C")]
    others = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in page.find(id="table-others").tbody("tr")]
    assert [(r[0], r[3]) for r in others] == [("調達候補", "住記B"), ("旧版・以前のチェック", "住記A")]
    foot = [c.get_text(strip=True) for c in page.find(id="table-areas").tfoot.find_all(["th", "td"])]
    assert foot[0] == "計（集計対象のみ）"
    documents = {f: read_result_json(town / f) for f in ("juki-1.1", "inkan")}
    mandatory = sum(sum(d["summary"]["verdicts"]["mandatory"].values()) for d in documents.values())
    fit = sum(d["summary"]["verdicts"]["mandatory"]["fit"] for d in documents.values())
    assert foot[1] == f"{fit / mandatory * 100:.1f}%" == page.find(id="fit-rate").get_text()
    assert foot[2] == str(fit)  # 実装必須 適合 of the two current checks, not of all four
    markdown = written.markdown.read_text("utf-8")
    assert "## 合計に含めないチェック（調達候補・旧版）" in markdown and "| 調達候補 |" in markdown


def test_budget_does_not_count_candidates_or_earlier_editions(town):
    budget = make_budget([town])
    assert budget.total().count == HAND["juki-1.1"][0] + HAND["inkan"][0]
    every = sum(1 for _ in budget.items)
    assert every == sum(h[0] for h in HAND.values())  # all items are kept, in their own blocks
    by_role = {role: sum(budget.total(source=n, role=role).count for n, s in enumerate(budget.sources) if s.role is role)
               for role in Role}
    assert by_role == {Role.CURRENT: 8, Role.CANDIDATE: 6, Role.SUPERSEDED: 6}
    assert [budget.sources[n].system for n in budget.not_counted] == ["住記B", "住記A"]  # candidates first


def test_demo_run_json_counts_current_checks(cli, tmp_path, monkeypatch):
    from support.files import ROOT

    monkeypatch.chdir(ROOT)
    assert cli("demo", "--out", tmp_path / "demo").exit_code == 0
    run = json.loads((tmp_path / "demo" / "run.json").read_text("utf-8"))
    roles = {c["folder"]: c["role"] for c in run["checks"]}
    assert roles == {"juki-messy": "current", "juki-catalog": "superseded", "juki-catalog-1.1": "candidate",
                     "inkan-tekigo": "current"}
    counted = [c for c in run["checks"] if c["role"] == "current"]
    assert run["totals"]["checks"] == 2 and run["not_counted"] == {"candidate": 1, "superseded": 1}
    assert run["totals"]["totals"] == {v: sum(c["totals"][v] for c in counted) for v in run["totals"]["totals"]}
    assert run["conflicts"] == []
    # the planners' outputs of the demo
    for name in ("budget.xlsx", "budget.html", "milestones.html", "milestones.xlsx", "milestones.md"):
        assert (tmp_path / "demo" / name).is_file(), name
    page = BeautifulSoup((tmp_path / "demo" / "milestones.html").read_text("utf-8"), "html.parser")
    assert int(page.find(id="late-count").get_text()) > 0 and int(page.find(id="unanswered-count").get_text()) > 0


def test_portfolio_roles_dates_and_deadlines(city):  # noqa: F811
    text = ONE_CITY.replace('sheet = "機能一覧"', 'sheet = "機能一覧"\nplanned = 令和8年1月4日\nrole = "candidate"')
    text = text.replace('inventory = "in/inkan.csv"', 'inventory = "in/inkan.csv"\nplanned = 2027-01-04\ndeadline = "2028/3/31"')
    # TOML dates and text both; a TOML date needs no quotes, 和暦 does
    text = text.replace("planned = 令和8年1月4日", 'planned = "令和8年1月4日"')
    text += '\n[deadlines]\n"住民記録" = 2027-03-31\n'
    portfolio = load_portfolio(write(city, text))
    juki, inkan = portfolio.systems
    assert (juki.role, juki.planned, juki.deadline) == (Role.CANDIDATE, date(2026, 1, 4), date(2027, 3, 31))
    assert (inkan.role, inkan.planned, inkan.deadline) == (None, date(2027, 1, 4), date(2028, 3, 31))


def test_portfolio_bad_dates_are_named(city):  # noqa: F811
    text = ONE_CITY.replace('sheet = "機能一覧"', 'sheet = "機能一覧"\nplanned = "来年の春"\nrole = "maybe"')
    text += '\n[deadlines]\n"印鑑登録" = "2026-02-30"\n'
    from test_portfolio import problems_of

    problems = problems_of(write(city, text))
    assert any(p.startswith("systems[0] (住民記録): role:") for p in problems), problems
    text = text.replace('role = "maybe"', 'role = "current"')
    problems = problems_of(write(city, text))
    assert "deadlines.印鑑登録: '2026-02-30' is not a real date" in problems
    assert any(p.startswith("systems[0] (住民記録): planned: '来年の春' is not a date") for p in problems), problems


def test_check_records_role_and_dates(cli, tmp_path):
    from support.files import INVENTORIES, SPECS

    out = tmp_path / "out"
    result = cli("check", "--spec", SPECS / "juki-1.0.json", "--inventory", INVENTORIES / "juki-catalog.xlsx", "--out", out,
                 "--role", "candidate", "--planned", "R8.1.4", "--deadline", "2030-03-31")
    assert result.exit_code == 0, result.output
    system = read_result(out).system
    assert (system.role, system.planned, system.deadline) == (Role.CANDIDATE, date(2026, 1, 4), date(2030, 3, 31))
    bad = cli("check", "--spec", SPECS / "juki-1.0.json", "--inventory", INVENTORIES / "juki-catalog.xlsx", "--out",
              tmp_path / "bad", "--planned", "someday")
    assert bad.exit_code == 2 and "'someday' is not a date" in bad.output and not (tmp_path / "bad").exists()
