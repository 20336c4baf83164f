"""Running portfolios: the same results on every executor, failures that stop nothing, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support.files import INVENTORIES, SPECS, make_xlsx

from gapcheck import atomic
from gapcheck.files.portfolio import load_portfolio
from gapcheck.files.spec_json import load_spec
from gapcheck.workflows.check import renderers
from gapcheck.workflows.executors import Dask, InProcess, ProcessPool
from gapcheck.workflows.results import find_results
from gapcheck.workflows.run import RUN_FILE, batch_size, run_portfolio

CITY = """
[[municipalities]]
code = "{code}"
name = "{name}"
"""
SYSTEM = """
[[systems]]
municipality = "{code}"
area = "{area}"
name = "{area}システム"
vendor = "{vendor}"
spec = "{spec}"
inventory = "{inventory}"
decisions = "decisions/{code}-{slug}.json"
"""


def _catalog(path: Path, spec_name: str, skip: int, extra: str) -> Path:
    """A vendor's catalog: section and name columns, marks, some cited IDs, an extra feature."""
    spec = load_spec(SPECS / spec_name)
    rows = [["標準仕様 機能一覧（ベンダー回答）"], [], ["大分類", "機能名", "機能概要", "対応状況", "標準機能ID"]]
    for n, r in enumerate(spec.requirements):
        if n % skip:
            rows.append([r.section[0], r.name.replace("発行", "交付"), r.text, "○△×"[n % 3], r.id if n % 4 == 0 else None])
    rows.append([spec.requirements[-1].section[0], extra, "", "○", None])
    return make_xlsx(path, {"機能一覧": rows})


@pytest.fixture
def nation(tmp_path: Path) -> Path:
    """Two municipalities with 住民記録 and 印鑑登録 each, and one inventory that cannot be read."""
    folder = tmp_path / "nation"
    folder.mkdir()
    text = CITY.format(code="011002", name="札幌市") + CITY.format(code="13104", name="新宿区")
    for code, vendor, skip in (("011002", "A社", 5), ("13104", "B社", 7)):
        for spec, area, slug, extra in (
            ("juki-1.0.json", "住民記録", "juki", "窓口混雑状況の表示"),
            ("inkan-1.0.json", "印鑑登録", "inkan", "印鑑カードの独自デザイン印刷"),
        ):
            inventory = _catalog(folder / f"{code}-{slug}.xlsx", spec, skip, extra)
            text += SYSTEM.format(code=code, area=area, vendor=vendor, spec=SPECS / spec, inventory=inventory.name, slug=slug)
    make_xlsx(folder / "broken.xlsx", {"メモ": [["この表は後で送ります"], ["担当: 山田"]]})
    text += SYSTEM.format(code="13104", area="個人住民税", vendor="C社", spec=SPECS / "juki-1.0.json",
                          inventory="broken.xlsx", slug="zei")
    path = folder / "portfolio.toml"
    path.write_text(text, encoding="utf-8")
    return path


def results(out: Path) -> dict[str, dict]:
    """Every result.json under `out`, without the one member that may differ between runs."""
    found = {}
    for path in sorted(out.rglob("result.json")):
        document = json.loads(path.read_text("utf-8"))
        document.pop("generated_at")
        found[path.parent.relative_to(out).as_posix()] = document
    return found


def test_same_results_whatever_the_executor(nation: Path, tmp_path: Path):
    portfolio = load_portfolio(nation)
    # Dask's workers are spawned, so their string hashing differs from this process: an order that
    # depended on set or hash order would show here.
    executors = {"inprocess": InProcess(), "process": ProcessPool(2), "dask": Dask(workers=2)}
    outcomes = {}
    for name, executor in executors.items():
        with executor:
            outcomes[name] = run_portfolio(portfolio, tmp_path / name, executor=executor)
    expected = results(tmp_path / "inprocess")
    assert sorted(expected) == ["011002/inkan", "011002/juki", "13104/inkan", "13104/juki"]
    assert all(doc["features"] and doc["requirements"] for doc in expected.values())
    for name in ("process", "dask"):
        assert results(tmp_path / name) == expected, name
        assert [c.error for c in outcomes[name].checks] == [c.error for c in outcomes["inprocess"].checks]


def test_one_broken_inventory_stops_nothing(nation: Path, tmp_path: Path):
    portfolio = load_portfolio(nation)
    out = tmp_path / "out"
    seen = []
    with ProcessPool(2) as executor:
        outcome = run_portfolio(portfolio, out, executor=executor, on_done=seen.append)
    assert len(seen) == len(portfolio.systems) == 5
    assert not outcome.ok
    assert len(outcome.failures) == 1, [c.error for c in outcome.failures]
    (failure,) = outcome.failures
    assert failure.system.area == "個人住民税" and failure.system.municipality.name == "新宿区"
    assert "broken.xlsx" in failure.error and "Traceback" not in failure.error
    assert not (failure.folder / "result.json").exists()
    for check in outcome.checks[:4]:
        assert check.ok and (check.folder / "result.json").is_file() and (check.folder / "report.html").is_file()
        system = json.loads((check.folder / "result.json").read_text("utf-8"))["system"]
        assert system["municipality_code"] == check.system.municipality.code

    run = json.loads((out / RUN_FILE).read_text("utf-8"))
    assert run["failed"] == 1 and run["executor"] == "process" and run["workers"] == 2
    assert [c["status"] for c in run["checks"]] == ["ok"] * 4 + ["failed"]
    assert run["checks"][4]["error"] == failure.error and run["checks"][4]["folder"] == "13104/kojin-juminzei"
    assert run["checks"][0]["mandatory_fit_rate"] == outcome.checks[0].document.summary.mandatory_fit_rate

    # the city-wide summary, and one per municipality
    assert outcome.summaries == (out / "summary.html", out / "011002" / "summary.html", out / "13104" / "summary.html")
    whole = (out / "summary.md").read_text("utf-8")
    sapporo = (out / "011002" / "summary.md").read_text("utf-8")
    assert whole.count("](011002/") == 2 and whole.count("](13104/") == 2
    assert sapporo.count("](juki/") == 1 and "13104" not in sapporo
    # the failure is listed where its municipality is summed up, with its reason
    shinjuku = (out / "13104" / "summary.md").read_text("utf-8")
    for text in (whole, shinjuku):
        assert "## 実行できなかったチェック" in text and "| 個人住民税 | 個人住民税システム |" in text
        assert "broken.xlsx" in text
    assert "実行できなかった" not in sapporo
    # several municipalities: each row says whose it is; one municipality: no such column
    assert "| 札幌市 | [住民記録](011002/juki/report.md)" in whole
    assert "| [住民記録](juki/report.md)" in sapporo
    html = (out / "summary.html").read_text("utf-8")
    assert 'id="failed"' in html and "broken.xlsx" in html and "<td>新宿区</td>" in html


def test_an_unreadable_spec_fails_its_checks_only(nation: Path, tmp_path: Path):
    bad = tmp_path / "bad-spec.json"
    bad.write_text('{"format": "gapcheck-spec"}', encoding="utf-8")
    nation.write_text(nation.read_text("utf-8").replace(str(SPECS / "inkan-1.0.json"), str(bad)), encoding="utf-8")
    outcome = run_portfolio(load_portfolio(nation), tmp_path / "out")
    failed = {c.system.folder.as_posix(): c.error for c in outcome.failures}
    assert sorted(failed) == ["011002/inkan", "13104/inkan", "13104/kojin-juminzei"]
    assert "bad-spec.json: not a valid gapcheck spec" in failed["011002/inkan"]
    assert sum(c.ok for c in outcome.checks) == 2


def test_a_check_that_fails_now_sets_its_earlier_outputs_aside(nation: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run_portfolio(load_portfolio(nation), out).checks[0].ok
    folder = out / "011002" / "juki"
    earlier = {name: (folder / name).read_bytes() for name in renderers()}
    (nation.parent / "011002-juki.xlsx").write_text("not a workbook", encoding="utf-8")
    outcome = run_portfolio(load_portfolio(nation), out)
    assert not outcome.checks[0].ok and "011002-juki.xlsx" in outcome.checks[0].error
    # nothing in the folder passes for this run's result, and nothing is lost
    assert [p.name for p in folder.iterdir() if not p.name.startswith(".")] == []
    kept = {p.stem.split(".")[0] + p.suffix: p.read_bytes() for p in (folder / atomic.HISTORY).iterdir()}
    assert kept == earlier
    assert [p.name for p in find_results([out / "011002"])] == ["inkan"]
    assert "011002/juki" not in results(out)


def _exit_in_worker(batch):
    if batch == "die":
        os._exit(3)
    return batch


def test_executors_report_a_batch_that_failed_as_a_whole():
    batches = ["a", ValueError, "b"]

    def call(batch):
        if batch is ValueError:
            raise ValueError("no such batch")
        return batch

    done = sorted(InProcess().map_batches(call, batches), key=lambda d: d.index)
    assert [(d.value, d.error) for d in done] == [("a", None), (None, "ValueError: no such batch"), ("b", None)]
    with ProcessPool(1) as pool:  # a worker that dies takes its batch, and the pool, with it
        done = sorted(pool.map_batches(_exit_in_worker, ["die", "x"]), key=lambda d: d.index)
    assert done[0].value is None and "BrokenProcessPool" in done[0].error


def test_batches_are_several_checks_but_spread_over_the_workers():
    assert batch_size(20, 2) == 2
    assert batch_size(400, 2) == 25
    assert batch_size(34_820, 16) == 32  # capped: the national scale still gets a lively progress bar
    assert batch_size(1, 8) == 1


def test_cli_exit_codes(nation: Path, tmp_path: Path, cli):
    result = cli("run", nation, "--out", tmp_path / "out", "--executor", "inprocess")
    assert result.exit_code == 1
    assert "4 of 5 checks done" in result.stdout
    assert "1 checks failed" in result.stderr and "systems[4] (個人住民税) 新宿区: " in result.stderr

    good = nation.read_text("utf-8").rsplit("[[systems]]", 1)[0]
    nation.write_text(good, encoding="utf-8")
    result = cli("run", nation, "--out", tmp_path / "good", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert "4 of 4 checks done" in result.stdout and (tmp_path / "good" / "summary.html").is_file()

    nation.write_text(good.replace('code = "13104"', 'code = "13105"', 1), encoding="utf-8")
    result = cli("run", nation, "--out", tmp_path / "bad")
    assert result.exit_code == 2
    assert "systems[2] (住民記録): municipality 13104 is not among the listed municipalities" in result.stderr
    assert not (tmp_path / "bad").exists()

    result = cli("run", nation, "--executor", "process", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2 and "--scheduler is only for --executor dask" in result.stderr


def test_sample_portfolio_covers_every_bundled_spec(tmp_path: Path):
    portfolio = load_portfolio(INVENTORIES / "portfolio.toml")
    assert {s.spec for s in portfolio.systems} == {p.resolve() for p in SPECS.glob("*.json")}
    outcome = run_portfolio(portfolio, tmp_path / "sample")
    assert outcome.ok, [c.error for c in outcome.failures]
    assert (tmp_path / "sample" / "summary.html").is_file()


def test_optional_files_not_there_yet_are_listed_and_never_named(nation: Path, tmp_path: Path, cli):
    """A portfolio names decisions files before anyone has written them: the checks run without
    them, the console and run.json list them, and no report names a file that was not read."""
    good = nation.read_text("utf-8").rsplit("[[systems]]", 1)[0]
    nation.write_text(good, encoding="utf-8")
    written = nation.parent / "decisions" / "011002-juki.json"
    written.parent.mkdir()
    written.write_text('{"format": "gapcheck-decisions", "format_version": 1, "decisions": []}', encoding="utf-8")
    result = cli("run", nation, "--out", tmp_path / "out", "--executor", "inprocess")
    assert result.exit_code == 0, result.output
    absent = [nation.parent / "decisions" / name for name in ("011002-inkan.json", "13104-juki.json", "13104-inkan.json")]
    assert "not there yet, so 3 checks ran without them" in result.stdout
    for path in absent:
        assert f": decisions {path}" in result.stdout
    assert str(written) not in result.stdout
    run = json.loads((tmp_path / "out" / RUN_FILE).read_text("utf-8"))
    assert [c.get("absent") for c in run["checks"]] == [None] + [{"decisions": str(p)} for p in absent]
    for check, path in zip(run["checks"], [written, *absent]):
        folder = tmp_path / "out" / check["folder"]
        document = json.loads((folder / "result.json").read_text("utf-8"))
        assert document.get("decisions") == (str(written) if path == written else None)
        for report in ("report.html", "report.md"):
            assert (path.name in (folder / report).read_text("utf-8")) == (path == written), (report, path)
