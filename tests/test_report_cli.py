"""Reports rendered later from result.json (`gapcheck report`) are byte for byte those `gapcheck
check` wrote; `--outputs` writes only what is asked for (a national run: result.json and the
summaries), and never leaves an earlier report beside a newer result."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone

import pytest
from support.files import INVENTORIES, SPECS
from support.gap_lists import POLICIES

from gapcheck.files.answers_json import write_answers
from gapcheck.files.decisions_json import save_decisions
from gapcheck.files.result_json import read_result_json
from gapcheck.model import Answer, Answers, AnswerVersion, Decision, DecisionAction, Decisions, Due, TargetKind
from gapcheck.workflows.check import REPORTS

AT = datetime(2026, 6, 1, 1, 0, tzinfo=timezone.utc)
CATALOG = INVENTORIES / "juki-catalog.xlsx"


def _files(root):
    decisions = Decisions((
        Decision("連携/EUCデータ抽出", DecisionAction.REQUIREMENTS, ("0010183",), by="山田", at=AT),
        Decision("照会/住民照会", DecisionAction.REQUIREMENTS, ("0010065",), by="山田", at=AT),
        Decision("窓口サービス/窓口混雑状況表示", DecisionAction.EXTRA, by="山田", at=AT),
    ))
    answers = Answers(tuple(
        Answer(TargetKind.REQUIREMENT, rid, AnswerVersion(policy, 100 * n, Due(2026 + n % 3), f"回答{n}", AT, "gaps.xlsx"))
        for n, (rid, policy) in enumerate(zip(("0010183", "0010065", "0010109", "0012014", "0010003"), POLICIES))
    ))
    save_decisions(decisions, root / "decisions.json")
    write_answers(answers, root / "answers.json")
    return root / "decisions.json", root / "answers.json"


@pytest.fixture(scope="module")
def checks(cli, tmp_path_factory):
    """A check with decisions and answers (Japanese), and the next edition's check against it (English)."""
    root = tmp_path_factory.mktemp("report")
    decisions, answers = _files(root)
    old, new = root / "juki-1.0", root / "juki-1.1"
    for args in (
        ("--spec", SPECS / "juki-1.0.json", "--out", old, "--lang", "ja"),
        ("--spec", SPECS / "juki-1.1.json", "--out", new, "--baseline", old, "--lang", "en"),
    ):
        done = cli("check", "--inventory", CATALOG, "--decisions", decisions, "--answers", answers, *args)
        assert done.exit_code == 0, done.output
    return old, new


@pytest.mark.parametrize("which", [0, 1], ids=["with-answers", "with-baseline-english"])
def test_reports_rendered_later_are_the_ones_check_wrote(cli, checks, which, tmp_path):
    folder = tmp_path / "check"
    shutil.copytree(checks[which], folder)
    written = {name: (folder / name).read_bytes() for name in REPORTS}
    for name in REPORTS:
        (folder / name).unlink()
    done = cli("report", folder)
    assert done.exit_code == 0, done.output
    assert {name: (folder / name).read_bytes() for name in REPORTS} == written  # byte for byte
    assert ("(en)" if which else "(ja)") in done.output  # in the check's language


def test_another_language_and_only_some_reports(cli, checks, tmp_path):
    folder = tmp_path / "check"
    shutil.copytree(checks[0], folder)
    (folder / "report.html").unlink()
    done = cli("report", folder, "--outputs", "report.html", "--lang", "en")
    assert done.exit_code == 0, done.output
    assert '<html lang="en">' in (folder / "report.html").read_text("utf-8")
    assert (folder / "report.md").read_bytes() == (checks[0] / "report.md").read_bytes()  # not asked for: as it was


def test_the_language_given_to_gapcheck_itself_is_the_reports_language(cli, checks, tmp_path):
    folder = tmp_path / "check"
    shutil.copytree(checks[0], folder)  # a Japanese check
    done = cli("--lang", "en", "report", folder, "--outputs", "report.html")
    assert done.exit_code == 0 and "(en)" in done.output, done.output
    assert '<html lang="en">' in (folder / "report.html").read_text("utf-8")


def test_results_only_check_sets_earlier_reports_aside(cli, checks, tmp_path):
    folder = tmp_path / "check"
    shutil.copytree(checks[0], folder)
    done = cli("check", "--spec", SPECS / "juki-1.0.json", "--inventory", CATALOG, "--out", folder,
               "--outputs", "report.md")
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == ["report.md", "result.json"]
    kept = sorted(p.name.split(".")[0] for p in (folder / ".gapcheck-history").iterdir())
    assert kept == ["gaps", "report"]  # gaps.xlsx and report.html of the earlier check: kept, no longer current
    shown = datetime.fromisoformat(read_result_json(folder)["generated_at"]).astimezone().strftime("%Y-%m-%d %H:%M")
    assert shown in (folder / "report.md").read_text("utf-8")  # the report of this check


def test_national_run_writes_results_and_summaries_only(cli, tmp_path):
    out = tmp_path / "city"
    done = cli("run", INVENTORIES / "portfolio.toml", "--out", out, "--executor", "inprocess",
               "--outputs", "result.json,summary")
    assert done.exit_code == 0, done.output
    folders = sorted(p.parent for p in out.rglob("result.json"))
    assert len(folders) > 3
    for folder in folders:
        assert [p.name for p in folder.iterdir() if not p.name.startswith(".")] == ["result.json"]
    summary = (out / "summary.md").read_text("utf-8")
    assert "](" not in summary  # no link to a report that is not there
    assert (out / "run.json").is_file()

    done = cli("report", out)  # every check's reports, when someone wants to read them
    assert done.exit_code == 0, done.output
    assert all((folder / name).is_file() for folder in folders for name in REPORTS)


def test_results_only_run_without_summaries_sets_the_earlier_ones_aside(cli, tmp_path):
    out = tmp_path / "city"
    for outputs in ("result.json,summary", "result.json"):
        done = cli("run", INVENTORIES / "portfolio.toml", "--out", out, "--executor", "inprocess", "--outputs", outputs)
        assert done.exit_code == 0, done.output
    assert not (out / "summary.html").exists() and not (out / "summary.md").exists()
    assert len(list((out / ".gapcheck-history").glob("summary.*"))) == 2


def test_a_result_of_an_older_gapcheck_is_a_message(cli, checks, tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(checks[0], folder)
    document = json.loads((folder / "result.json").read_text("utf-8"))
    document["schema_version"] = 1
    (folder / "result.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    done = cli("report", folder)
    assert done.exit_code == 2
    assert "written by an older gapcheck" in done.output and "run the check again" in done.output


def test_bad_output_names_and_folders_are_messages(cli, checks, tmp_path):
    done = cli("report", checks[0], "--outputs", "report.pdf")
    assert done.exit_code == 2 and "unknown output report.pdf" in done.output
    done = cli("report", tmp_path / "nothing")
    assert done.exit_code == 2 and "no such folder" in done.output
