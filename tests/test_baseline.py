"""`gapcheck check --baseline`: a check against the sample 第1.1版 compared with the check of the same
inventory against 第1.0版, with decisions and vendor answers carried over (specs/make_juki_1_1.py
lists the edition's deliberate changes: 0010183 → 0010186 and 0010203 → 0010206 renumbered; 0010065,
0010126 and 0012014 removed; 0010109 optional → mandatory, 0012012 mandatory → prohibited, 0010164
mandatory → optional; 0010034 and 0012023 added as mandatory, 0010066 as optional, 0010217 as prohibited)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from support.files import INVENTORIES, SPECS

from gapcheck.cli import main
from gapcheck.files.answers_json import load_answers, write_answers
from gapcheck.files.decisions_json import load_decisions, save_decisions
from gapcheck.files.result_json import read_result_json
from gapcheck.files.spec_json import load_spec
from gapcheck.model import (
    Answer,
    Answers,
    AnswerVersion,
    Decision,
    DecisionAction,
    Decisions,
    Due,
    ResponsePolicy,
    TargetKind,
)
from gapcheck.outputs.gaps_xlsx import read_filled
from gapcheck.rules.baseline import carry_answers, carry_decisions, carry_id
from gapcheck.rules.diff import diff_specs

OLD_SPEC, NEW_SPEC = SPECS / "juki-1.0.json", SPECS / "juki-1.1.json"
INVENTORY = INVENTORIES / "juki-catalog.xlsx"
AT = datetime(2026, 6, 1, 1, 0, tzinfo=timezone.utc)

# feature keys of the sample catalog
EUC = "連携/EUCデータ抽出"  # decided: 0010183 (renumbered to 0010186)
AGE = "システム管理/年齢到達者一覧"  # decided: 0010203 (renumbered to 0010206)
ALERT = "証明発行/支援措置アラート"  # decided: 0010124 and 0010126 (removed)
LOOKUP = "照会/住民照会"  # decided: only 0010065 (removed): no longer applies
MOVE = "住民異動/転居異動入力"  # decided: 0010023 (unchanged)
BOARD = "窓口サービス/窓口混雑状況表示"  # decided: an extra (独自機能)


def decisions() -> Decisions:
    def decide(feature, *ids, action=DecisionAction.REQUIREMENTS):
        return Decision(feature, action, tuple(ids), by="山田", at=AT)

    return Decisions(
        (
            decide(EUC, "0010183"),
            decide(AGE, "0010203"),
            decide(ALERT, "0010124", "0010126"),
            decide(LOOKUP, "0010065"),
            decide(MOVE, "0010023"),
            decide(BOARD, action=DecisionAction.EXTRA),
        )
    )


def answer(target: str, policy: ResponsePolicy, kind=TargetKind.REQUIREMENT, **values) -> Answer:
    earlier = AnswerVersion(ResponsePolicy.NOT_POSSIBLE, answered_at=AT, source="gaps-1.xlsx")
    return Answer(kind, target, AnswerVersion(policy, answered_at=AT, source="gaps-2.xlsx", **values), (earlier,))


def answers() -> Answers:
    return Answers(
        (
            answer("0010183", ResponsePolicy.STANDARD),
            answer("0010203", ResponsePolicy.OPTION),
            answer("0010065", ResponsePolicy.DISCONTINUE),
            answer("0012014", ResponsePolicy.NOT_POSSIBLE),
            answer("0010109", ResponsePolicy.PACKAGE_CHANGE, cost_thousand_yen=1200, due=Due(2027)),
            answer(BOARD, ResponsePolicy.EUC, kind=TargetKind.FEATURE),
        ),
        area="住民記録",
        system="RESIDENT-ONE",
    )


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


@pytest.fixture(scope="module")
def checks(tmp_path_factory):
    """The 第1.0版 check with decisions and answers, and the 第1.1版 check against it."""
    root = tmp_path_factory.mktemp("baseline")
    save_decisions(decisions(), root / "decisions.json")
    write_answers(answers(), root / "answers-1.0.json")
    old, new = root / "juki-1.0", root / "juki-1.1"
    done = run("check", "--spec", OLD_SPEC, "--inventory", INVENTORY, "--out", old, "--lang", "ja",
               "--decisions", root / "decisions.json", "--answers", root / "answers-1.0.json")
    assert done.exit_code == 0, done.output
    done = run("check", "--spec", NEW_SPEC, "--inventory", INVENTORY, "--out", new, "--baseline", old, "--lang", "ja",
               "--decisions", root / "decisions.json")  # the answers come from the earlier check
    assert done.exit_code == 0, done.output
    return root, old, new, done.output


@pytest.fixture(scope="module")
def document(checks):
    return read_result_json(checks[2])  # validates against the shipped schema (baseline member included)


def rows(document) -> dict[str, dict]:
    return {r.get("new_id") or r["old_id"]: r for r in document["baseline"]["requirements"]}


def matched(document, feature: str) -> list[tuple[str, str]]:
    found = next(f for f in document["features"] if f["key"] == feature)
    return [(m["requirement"], m["basis"]) for m in found["matches"]]


# --- decisions ---------------------------------------------------------------------------------


def test_renumbered_decisions_are_applied_with_the_new_ids(checks, document):
    old = read_result_json(checks[1])
    assert matched(old, EUC) == [("0010183", "decision")] and matched(old, AGE) == [("0010203", "decision")]
    assert matched(document, EUC) == [("0010186", "decision")]
    assert matched(document, AGE) == [("0010206", "decision")]
    assert matched(document, MOVE) == [("0010023", "decision")]  # unchanged id: as it was
    changes = {c["feature"]: c for c in document["baseline"]["decisions"]["changes"]}
    assert changes[EUC] == {"feature": EUC, "renumbered": [{"old": "0010183", "new": "0010186"}], "applies": True}
    assert changes[AGE]["renumbered"] == [{"old": "0010203", "new": "0010206"}]
    assert MOVE not in changes and BOARD not in changes  # nothing changed for them
    by_id = {r["id"]: r for r in document["requirements"]}
    assert by_id["0010186"]["features"] == [EUC] and by_id["0010186"]["verdict"] == "adopted"


def test_decisions_for_removed_requirements_are_reported_as_no_longer_applying(document):
    changes = {c["feature"]: c for c in document["baseline"]["decisions"]["changes"]}
    assert changes[LOOKUP] == {"feature": LOOKUP, "gone": ["0010065"], "applies": False}
    assert changes[ALERT] == {"feature": ALERT, "gone": ["0010126"], "applies": True}
    assert matched(document, ALERT) == [("0010124", "decision")]  # the id still there stays in force
    assert all(basis != "decision" for _, basis in matched(document, LOOKUP))  # matched afresh
    assert next(f for f in document["features"] if f["key"] == BOARD)["status"] == "unmatched"  # extra: carried
    # reported once, in the comparison: the matcher saw only the carried decisions
    assert LOOKUP not in {s["feature"] for s in document.get("stale_decisions", [])}
    section = document["baseline"]["decisions"]
    assert section["carried"] == 5 and section["found"] and "saved_to" not in section


def test_the_decisions_file_is_not_rewritten(checks):
    assert load_decisions(checks[0] / "decisions.json") == decisions()  # old ids, all six decisions
    assert "今回のチェックにだけ使いました。--save-decisions を付けると判断ファイルに書き込みます" in checks[3]


# --- answers -----------------------------------------------------------------------------------


def test_answers_move_to_renumbered_requirements_and_removed_ones_no_longer_apply(document):
    changes = {c["old_target"]: c for c in document["baseline"]["answers"]["changes"]}
    policies = {target: change.pop("policy") for target, change in changes.items()}  # the reports show it
    assert policies == {"0010183": "standard", "0010203": "option", "0010065": "discontinue", "0012014": "not_possible"}
    assert changes == {
        "0010183": {"kind": "requirement", "old_target": "0010183", "new_target": "0010186"},
        "0010203": {"kind": "requirement", "old_target": "0010203", "new_target": "0010206"},
        "0010065": {"kind": "requirement", "old_target": "0010065"},
        "0012014": {"kind": "requirement", "old_target": "0012014"},
    }
    assert document["baseline"]["answers"]["carried"] == 4  # two moved, 0010109 and the extra as they were


def test_the_next_gap_spreadsheet_is_filled_in_with_the_carried_answers(checks, document):
    # 0010109 became mandatory and is a gap now: the vendor's earlier answer is there already
    items = {(i["kind"], i["target"]): i for i in document["answers"]["items"]}
    assert items[("requirement", "0010109")]["list"] == "gaps"
    assert items[("requirement", "0010109")]["policy"] == "package_change"
    assert items[("feature", BOARD)]["policy"] == "euc"
    filled = read_filled(checks[2] / "gaps.xlsx")
    assert filled.answers[(TargetKind.REQUIREMENT, "0010109")].policy is ResponsePolicy.PACKAGE_CHANGE
    assert filled.answers[(TargetKind.REQUIREMENT, "0010109")].cost_thousand_yen == 1200
    # what the edition added is what the vendor has to answer
    answered = {i["target"] for i in document["answers"]["items"]}
    assert not {"0010034", "0012023"} & answered
    page = BeautifulSoup((checks[2] / "report.html").read_text("utf-8"), "html.parser")
    row = next(tr for tr in page.find("table", id="table-requirements").tbody.find_all("tr") if tr.td.get_text() == "0010186")
    assert "標準機能で対応" in row.get_text()


# --- the comparison ----------------------------------------------------------------------------


def test_verdicts_that_changed_with_the_class(checks, document):
    by_id = rows(document)
    assert (by_id["0010109"]["old_category"], by_id["0010109"]["new_category"]) == ("optional", "mandatory")
    assert (by_id["0010109"]["old_verdict"], by_id["0010109"]["new_verdict"]) == ("not_adopted", "gap")
    assert by_id["0012012"]["fields"] == ["category", "notes"]
    assert (by_id["0012012"]["old_verdict"], by_id["0012012"]["new_verdict"]) == ("gap", "clear")
    # 実装必須 → 標準オプション: a verdict of the old class becomes one of the new class
    assert by_id["0010164"]["old_category"] == "mandatory" and by_id["0010164"]["new_category"] == "optional"
    assert by_id["0010164"]["old_verdict"] in ("gap", "review") and by_id["0010164"]["new_verdict"] != "gap"
    # renumbered with the same verdict: paired, not a removal and an addition
    assert by_id["0010186"]["old_id"] == "0010183" and by_id["0010186"]["change"] == "renumbered"
    assert not by_id["0010186"]["verdict_changed"]
    assert by_id["0010206"]["fields"] == ["text"]


def test_new_gaps_come_from_added_mandatory_requirements_and_class_changes(document):
    new_gaps = {rid for rid, r in rows(document).items() if r["new_gap"]}
    assert new_gaps == {"0010034", "0012023", "0010109"}
    by_id = rows(document)
    assert by_id["0010034"]["change"] == "added" and "old_verdict" not in by_id["0010034"]
    assert by_id["0010066"]["new_verdict"] == "not_adopted" and not by_id["0010066"]["new_gap"]  # optional: a choice
    assert by_id["0010217"]["new_verdict"] == "clear" and not by_id["0010217"]["new_gap"]
    removed = {rid for rid, r in by_id.items() if r["change"] == "removed"}
    assert removed == {"0010065", "0010126", "0012014"}
    assert all("new_verdict" not in by_id[rid] for rid in removed)


def test_counts_agree_with_the_rows_and_with_both_checks(checks, document):
    section = document["baseline"]
    summary, listed = section["summary"], section["requirements"]
    assert summary["added"] == 4 and summary["removed"] == 3 and summary["renumbered"] == 2
    assert summary["class_changed"] == 3 and summary["new_gaps"] == 3
    assert summary["verdicts_changed"] == sum(1 for r in listed if r["verdict_changed"] and "old_verdict" in r and "new_verdict" in r)
    old = read_result_json(checks[1])
    every = ("fit", "partial", "gap", "adopted", "not_adopted", "violation", "clear", "review")
    assert summary["totals"]["old"] == {v: old["summary"]["totals"].get(v, 0) for v in every}
    assert summary["totals"]["new"] == {v: document["summary"]["totals"].get(v, 0) for v in every}
    assert summary["mandatory_fit_rate"] == {"old": old["summary"]["mandatory_fit_rate"], "new": document["summary"]["mandatory_fit_rate"]}
    assert len(listed) == document["spec"]["requirements"] + summary["removed"]
    assert section["edition_changed"] and section["spec"]["version"] == "第1.0版"
    assert "版の改定による新たなギャップ3件" in checks[3]


# --- reports -----------------------------------------------------------------------------------


def test_report_html_shows_the_comparison(checks):
    page = BeautifulSoup((checks[2] / "report.html").read_text("utf-8"), "html.parser")
    section = page.find(id="baseline").parent
    assert page.find(id="baseline").get_text().startswith("前回との比較")
    assert page.find("nav").find("a", href="#baseline") is not None
    changes = {tr.td.get_text(): tr for tr in section.find("table", id="table-baseline-changes").tbody.find_all("tr")}
    assert "標準オプション → 実装必須" in changes["0010109"].get_text() and changes["0010109"]["data-change"] == "changed"
    assert changes["0010065"]["data-change"] == "removed" and changes["0010034"]["data-change"] == "added"
    assert "0010183 → 0010186" not in changes  # same verdict: not a change
    gaps = [tr.td.get_text() for tr in section.find("table", id="table-baseline-new-gaps").tbody.find_all("tr")]
    assert gaps == ["0010034", "0010109", "0012023"]
    decisions = section.find(id="baseline-decision-changes").get_text(" ", strip=True)
    assert "0010183 → 0010186" in decisions and "当てはまらなくなりました" in decisions
    answers = section.find(id="baseline-answer-changes").get_text(" ", strip=True)
    assert "0010203 → 0010206" in answers and "0012014" in answers
    assert "--save-decisions" in section.get_text()
    fit = section.find("table", id="baseline-summary").find_all("tr")[2].get_text(" ", strip=True)
    assert fit.startswith("実装必須機能の適合率")


def test_report_md_shows_the_comparison(checks):
    markdown = (checks[2] / "report.md").read_text("utf-8")
    section = markdown[markdown.index("## 前回との比較"):markdown.index("## ギャップ")]
    assert "| 0010109 | 本人通知の実施 | 標準オプション → 実装必須 | 不採用 | ギャップ | 変更（実装区分） |" in section
    assert "| 0010034 | 転出届の電子署名の検証 | 機能 | 実装必須 | ギャップ | 追加 |" in section
    assert "0010183 → 0010186（番号変更）" in section and "- 改版で生じたギャップ: 3" in section


def test_english_report(checks, tmp_path):
    out = tmp_path / "en"
    done = run("check", "--spec", NEW_SPEC, "--inventory", INVENTORY, "--out", out, "--baseline", checks[1], "--lang", "en",
               "--decisions", checks[0] / "decisions.json")
    assert done.exit_code == 0, done.output
    page = BeautifulSoup((out / "report.html").read_text("utf-8"), "html.parser")
    assert page.find(id="baseline").get_text().startswith("Comparison with the baseline")
    assert "optional → mandatory" in page.find("table", id="table-baseline-changes").get_text()
    assert "## Comparison with the baseline" in (out / "report.md").read_text("utf-8")


def test_a_check_without_baseline_has_no_comparison(checks):
    old = read_result_json(checks[1])
    assert "baseline" not in old
    assert BeautifulSoup((checks[1] / "report.html").read_text("utf-8"), "html.parser").find(id="baseline") is None


# --- keeping what was carried over -------------------------------------------------------------


def test_save_into_other_files(checks, tmp_path):
    root, old, _, _ = checks
    # not the file the earlier check used: a copy, still with the old edition's ids, goes through the id map too
    shutil.copy(root / "decisions.json", tmp_path / "decisions.json")
    saved = tmp_path / "saved"
    done = run("check", "--spec", NEW_SPEC, "--inventory", INVENTORY, "--out", saved, "--baseline", old,
               "--decisions", tmp_path / "decisions.json", "--answers", tmp_path / "answers.json",
               "--save-decisions", "--save-answers")
    assert done.exit_code == 0, done.output
    assert f"saved into {tmp_path / 'decisions.json'}" in done.output
    kept = load_decisions(tmp_path / "decisions.json").by_feature
    assert kept[EUC].requirements == ("0010186",) and LOOKUP not in kept
    saved_answers = load_answers(tmp_path / "answers.json").by_key
    moved = saved_answers[(TargetKind.REQUIREMENT, "0010186")]
    assert moved.current.policy is ResponsePolicy.STANDARD and moved.history[0].policy is ResponsePolicy.NOT_POSSIBLE
    assert (TargetKind.REQUIREMENT, "0010065") not in saved_answers
    document = read_result_json(saved)
    assert document["baseline"]["answers"]["saved_to"] == str(tmp_path / "answers.json")
    assert document["answers"]["path"] == str(tmp_path / "answers.json")
    changes = {c["feature"] for c in document["baseline"]["decisions"]["changes"]}
    assert changes == {EUC, AGE, ALERT, LOOKUP}  # reported once, from the file given


def test_saving_the_baseline_decisions_file_rewrites_it_with_the_new_ids(checks, tmp_path):
    root, _, _, _ = checks
    save_decisions(decisions(), tmp_path / "decisions.json")
    old, new = tmp_path / "old", tmp_path / "new"
    assert run("check", "--spec", OLD_SPEC, "--inventory", INVENTORY, "--out", old, "--decisions", tmp_path / "decisions.json").exit_code == 0
    done = run("check", "--spec", NEW_SPEC, "--inventory", INVENTORY, "--out", new, "--baseline", old, "--lang", "ja",
               "--decisions", tmp_path / "decisions.json", "--save-decisions")
    assert done.exit_code == 0, done.output
    kept = load_decisions(tmp_path / "decisions.json").by_feature
    assert kept[EUC].requirements == ("0010186",) and kept[AGE].requirements == ("0010206",)
    assert kept[ALERT].requirements == ("0010124",) and LOOKUP not in kept
    assert kept[EUC].by == "山田" and kept[EUC].at == AT  # who decided, and when, stay
    history = list((tmp_path / ".gapcheck-history").glob("decisions*"))
    assert history and "0010183" in history[0].read_text("utf-8")  # the previous version is kept
    page = BeautifulSoup((new / "report.html").read_text("utf-8"), "html.parser")
    assert "保存しました" in page.find(id="baseline").parent.get_text()
    # against the same baseline again: the saved file's ids are the new edition's and stay as they are
    again = tmp_path / "again"
    done = run("check", "--spec", NEW_SPEC, "--inventory", INVENTORY, "--out", again, "--baseline", old,
               "--decisions", tmp_path / "decisions.json")
    assert done.exit_code == 0, done.output
    assert read_result_json(again)["baseline"]["decisions"]["changes"] == []
    assert matched(read_result_json(again), EUC) == [("0010186", "decision")]


def test_a_decisions_file_given_for_the_new_check_wins_for_its_keys(checks, tmp_path):
    root, old, _, _ = checks
    save_decisions(Decisions((Decision(EUC, DecisionAction.EXTRA, by="佐藤"),)), tmp_path / "new-decisions.json")
    out = tmp_path / "out"
    done = run("check", "--spec", NEW_SPEC, "--inventory", INVENTORY, "--out", out, "--baseline", old,
               "--decisions", tmp_path / "new-decisions.json")
    assert done.exit_code == 0, done.output
    document = read_result_json(out)
    assert next(f for f in document["features"] if f["key"] == EUC)["status"] == "unmatched"
    assert matched(document, AGE) == [("0010206", "decision")]  # the baseline's other decisions still carried
    changes = {c["feature"] for c in document["baseline"]["decisions"]["changes"]}
    assert EUC not in changes and AGE in changes
    assert document["baseline"]["decisions"]["carried"] == 4  # six, less the one that no longer applies and the one decided again
    assert document["decisions"] == str(tmp_path / "new-decisions.json")


def test_same_edition_compares_verdicts_only(checks, tmp_path):
    root, old, _, _ = checks
    out = tmp_path / "same"
    done = run("check", "--spec", OLD_SPEC, "--inventory", INVENTORY, "--out", out, "--baseline", old, "--lang", "ja",
               "--decisions", root / "decisions.json")
    assert done.exit_code == 0, done.output
    section = read_result_json(out)["baseline"]
    assert not section["edition_changed"] and section["summary"]["verdicts_changed"] == 0
    assert section["decisions"]["changes"] == [] and section["answers"]["changes"] == []
    assert section["decisions"]["carried"] == 6 and section["answers"]["carried"] == 6
    assert "前回と同じ版です" in (out / "report.md").read_text("utf-8")


# --- bad input ---------------------------------------------------------------------------------


def test_missing_old_result_is_a_message(tmp_path):
    out = tmp_path / "out"
    done = run("check", "--spec", NEW_SPEC, "--inventory", INVENTORY, "--out", out, "--baseline", tmp_path / "nothing")
    assert done.exit_code == 2
    assert "there is no earlier check here (no result.json)" in done.output and "--baseline" in done.output
    assert not out.exists()


def test_missing_old_spec_is_a_message(tmp_path):
    spec = tmp_path / "juki-1.0.json"
    shutil.copy(OLD_SPEC, spec)
    old, out = tmp_path / "old", tmp_path / "out"
    assert run("check", "--spec", spec, "--inventory", INVENTORY, "--out", old).exit_code == 0
    spec.unlink()
    done = run("check", "--spec", NEW_SPEC, "--inventory", INVENTORY, "--out", out, "--baseline", old)
    assert done.exit_code == 2 and "Traceback" not in done.output
    assert f"the earlier check was made with the spec {spec} (第1.0版), which does not exist" in done.output
    assert "restore that spec file" in done.output and not out.exists()


def test_old_spec_replaced_by_another_edition_is_a_message(tmp_path):
    spec = tmp_path / "juki.json"
    shutil.copy(OLD_SPEC, spec)
    old = tmp_path / "old"
    assert run("check", "--spec", spec, "--inventory", INVENTORY, "--out", old).exit_code == 0
    shutil.copy(NEW_SPEC, spec)  # updated in place: the id map would be wrong
    done = run("check", "--spec", NEW_SPEC, "--inventory", INVENTORY, "--out", tmp_path / "out", "--baseline", old)
    assert done.exit_code == 2
    assert "the earlier check was made with 住民記録 第1.0版, this file now holds 住民記録 第1.1版" in done.output


def test_baseline_of_another_business_area_is_a_message(checks, tmp_path):
    done = run("check", "--spec", SPECS / "inkan-1.0.json", "--inventory", INVENTORIES / "inkan-tekigo.xlsx",
               "--out", tmp_path / "out", "--baseline", checks[1])
    assert done.exit_code == 2 and "the earlier check is of 住民記録, this one of 印鑑登録" in done.output


def test_invalid_old_result_is_a_message(checks, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    document = json.loads((checks[1] / "result.json").read_text("utf-8"))
    del document["requirements"]
    (broken / "result.json").write_text(json.dumps(document), "utf-8")
    done = run("check", "--spec", NEW_SPEC, "--inventory", INVENTORY, "--out", tmp_path / "out", "--baseline", broken)
    assert done.exit_code == 2 and "not a valid gapcheck result.json" in done.output and "requirements" in done.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--save-decisions", "--decisions", "d.json"], "--save-decisions saves what was carried over from a baseline: give --baseline too"),
        (["--save-answers", "--baseline", "old"], "--save-answers needs the file to save into: give --answers FILE"),
    ],
)
def test_save_options_need_a_baseline_and_a_file(tmp_path, args, message):
    done = run("check", "--spec", NEW_SPEC, "--inventory", INVENTORY, "--out", tmp_path / "out", *args)
    assert done.exit_code == 2 and message in done.output


# --- the pure functions ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spec_diff():
    return diff_specs(load_spec(OLD_SPEC), load_spec(NEW_SPEC))


def test_carry_id(spec_diff):
    assert carry_id("0010183", spec_diff) == "0010186"  # renumbered
    assert carry_id("0010001", spec_diff) == "0010001"  # in both
    assert carry_id("0010065", spec_diff) is None  # removed
    assert carry_id("0010034", spec_diff) == "0010034"  # only the new edition has it: already new
    assert carry_id("0019999", spec_diff) is None  # neither has it


def test_carry_decisions(spec_diff):
    given = Decisions(
        (
            Decision("a", DecisionAction.REQUIREMENTS, ("0010183", "0010186")),  # old id and its new number
            Decision("b", DecisionAction.NOT_FEATURE),
            Decision("c", DecisionAction.REQUIREMENTS, ("0019999",)),
        )
    )
    carried, changed = carry_decisions(given, spec_diff)
    assert carried == Decisions((Decision("a", DecisionAction.REQUIREMENTS, ("0010186",)), Decision("b", DecisionAction.NOT_FEATURE)))
    assert [(c.old.feature, c.renumbered, c.gone, c.new is None) for c in changed] == [
        ("a", (("0010183", "0010186"),), (), False),
        ("c", (), ("0019999",), True),
    ]


def test_carry_answers_keeps_an_answer_already_given_under_the_new_id(spec_diff):
    newer = answer("0010186", ResponsePolicy.BPR)
    carried, changed = carry_answers(Answers((answer("0010183", ResponsePolicy.STANDARD), newer), area="住民記録"), spec_diff)
    assert carried.answers == (newer,) and carried.area == "住民記録"
    assert [(c.old.target, c.new.target) for c in changed] == [("0010183", "0010186")]


def test_a_decisions_file_the_earlier_check_names_but_is_not_there_carries_nothing(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    save_decisions(decisions(), tmp_path / "later.json")
    assert run("check", "--spec", OLD_SPEC, "--inventory", INVENTORY, "--out", old, "--decisions", tmp_path / "later.json").exit_code == 0
    (tmp_path / "later.json").unlink()  # moved or deleted since
    done = run("check", "--spec", NEW_SPEC, "--inventory", INVENTORY, "--out", new, "--baseline", old, "--lang", "ja")
    assert done.exit_code == 0, done.output
    assert f"判断: 以前のチェックのファイル {tmp_path / 'later.json'} がありません。引き継いだものはありません" in done.output
    section = read_result_json(new)["baseline"]
    assert section["decisions"] == {"path": str(tmp_path / "later.json"), "found": False, "carried": 0, "changes": []}
    assert section["answers"] == {"carried": 0, "changes": []}  # the earlier check had none
    page = BeautifulSoup((new / "report.html").read_text("utf-8"), "html.parser").find(id="baseline").parent
    assert "見つからないため" in page.get_text() and "前回のチェックでは使われていません" in page.get_text()
