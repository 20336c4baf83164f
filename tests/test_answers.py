"""Reading vendors' answers back: a round trip simulated the way a vendor edits in Excel (openpyxl),
with invalid cells, conflicts, deleted rows and a second round that must keep the history."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import openpyxl
import pytest
from support.gap_lists import Vendor, juki_document, juki_result, write_gaps

from gapcheck.errors import InputError, ProblemsError
from gapcheck.files.answers_json import load_answers, result_answers
from gapcheck.jsonfile import check as check_schema
from gapcheck.model import Answer, Answers, AnswerVersion, Due, GapList, ResponsePolicy, TargetKind
from gapcheck.outputs.gaps_xlsx import gap_rows
from gapcheck.rules.gaps import Given, gap_items, merge
from gapcheck.rules.vocabulary import parse_cost, parse_due, parse_policy
from gapcheck.workflows.answers import import_answers

ROUND_1 = datetime(2026, 6, 1, 1, 0, tzinfo=timezone.utc)
ROUND_2 = datetime(2026, 9, 1, 1, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def result():
    return juki_result()


def _ids(result, gap_list: GapList) -> list[str]:
    return [r.target for r in gap_rows(juki_document(result))[gap_list]]


def test_round_trip_refuses_invalid_cells_then_imports_and_keeps_history(result, tmp_path):
    gaps, violations, extras = (_ids(result, g) for g in (GapList.GAPS, GapList.VIOLATIONS, GapList.EXTRAS))
    into = tmp_path / "answers" / "answers.json"
    sent = write_gaps(result, tmp_path / "gaps.xlsx")

    vendor = Vendor(sent)
    vendor.add_column("ギャップ一覧", 4, "ベンダー確認欄")  # an extra column in the middle
    vendor.resort("ギャップ一覧")
    vendor.hide_rows("ギャップ一覧", 3, 5, 6)  # filtered out, answers typed before filtering stay
    vendor.answer(
        "ギャップ一覧", gaps[0], policy="パッケージ改修", cost=1200, due=date(2026, 10, 1), note="次期版で対応"
    )
    vendor.answer("ギャップ一覧", gaps[1], policy="運用変更(BPR)", cost=0, due="令和8年度")
    vendor.answer("ギャップ一覧", gaps[2], policy="EUCで対応", cost="1,500", due="R9")
    bad_policy_row, letters_1 = vendor.answer("ギャップ一覧", gaps[3], policy="たぶん改修", cost=300, due="2027年度")
    bad_cost_row, letters_2 = vendor.answer(
        "ギャップ一覧", gaps[4], policy="パッケージ改修", cost="約100万円", due="R8"
    )
    bad_date_row, letters_3 = vendor.answer("実装不可該当", violations[0], policy="廃止", cost=0, due="2026-02-30")
    vendor.answer("独自機能", extras[0], policy="独自施策システムで対応", cost=5000, due="FY2027", note="=連携で対応")
    vendor.delete_row("独自機能", extras[-1])
    vendor.save(tmp_path / "gaps-filled-bad.xlsx")

    with pytest.raises(ProblemsError) as refused:
        import_answers(tmp_path / "gaps-filled-bad.xlsx", into, now=ROUND_1)
    problems = {(p.where.sheet, p.where.row, p.where.column): p.message for p in refused.value.problems}
    assert len(refused.value.problems) == 3, problems
    assert (
        "'たぶん改修' is not one of the 対応方針"
        in problems[("ギャップ一覧", bad_policy_row, f"{letters_1['対応方針']} (対応方針)")]
    )
    assert (
        "'約100万円' is not a whole number of thousand yen"
        in problems[("ギャップ一覧", bad_cost_row, f"{letters_2['概算費用（千円）']} (概算費用（千円）)")]
    )
    assert (
        "'2026-02-30' is not a real date"
        in problems[("実装不可該当", bad_date_row, f"{letters_3['対応予定時期']} (対応予定時期)")]
    )
    assert "nothing was imported" in str(refused.value)
    assert not into.exists()  # nothing applied

    vendor.answer("ギャップ一覧", gaps[3], policy="パッケージ改修")
    vendor.answer("ギャップ一覧", gaps[4], cost=1000)
    vendor.answer("実装不可該当", violations[0], due="2026-03-31")
    filled = vendor.save(tmp_path / "gaps-filled.xlsx")
    outcome = import_answers(filled, into, now=ROUND_1)

    assert (outcome.record.new, outcome.record.changed, outcome.record.unchanged) == (7, 0, 0)
    assert outcome.missing == (f"F:{extras[-1]}",)  # deleted row: not answered, no error
    assert outcome.blank == sum(len(r) for r in gap_rows(juki_document(result)).values()) - 7 - 1
    stored = load_answers(into)
    answer = stored.by_key
    assert answer[(TargetKind.REQUIREMENT, gaps[0])].current == AnswerVersion(
        ResponsePolicy.PACKAGE_CHANGE, 1200, Due(2026, date(2026, 10, 1)), "次期版で対応", ROUND_1, "gaps-filled.xlsx"
    )
    assert answer[(TargetKind.REQUIREMENT, gaps[1])].current.due == Due(2026)
    assert answer[(TargetKind.REQUIREMENT, gaps[2])].current.cost_thousand_yen == 1500
    assert answer[(TargetKind.REQUIREMENT, gaps[2])].current.due == Due(2027)
    assert answer[(TargetKind.REQUIREMENT, gaps[4])].current.cost_thousand_yen == 1000
    assert answer[(TargetKind.REQUIREMENT, violations[0])].current.due == Due(
        2025, date(2026, 3, 31)
    )  # FY starts in April
    assert answer[(TargetKind.FEATURE, extras[0])].current.note == "=連携で対応"
    assert stored.area == "住民記録" and stored.system == "住民記録システム（A社）"
    assert all(a.history == () for a in stored.answers)

    # Round 2: the next gaps.xlsx carries the answers; the vendor changes two and adds one.
    second = write_gaps(result, tmp_path / "gaps-2.xlsx", stored)
    vendor = Vendor(second)
    vendor.answer("ギャップ一覧", gaps[0], cost=1800, note="範囲拡大")
    vendor.answer("ギャップ一覧", gaps[1], policy="標準機能で対応", cost=None, due=None)
    vendor.answer(
        "標準オプション", _ids(result, GapList.OPTIONS)[0], policy="標準オプション採用", cost=200, due="2027年度"
    )
    outcome = import_answers(vendor.save(tmp_path / "gaps-2-filled.xlsx"), into, now=ROUND_2)
    assert (outcome.record.new, outcome.record.changed, outcome.record.unchanged) == (1, 2, 5)

    stored = load_answers(into)
    changed = stored.by_key[(TargetKind.REQUIREMENT, gaps[0])]
    assert changed.current == AnswerVersion(
        ResponsePolicy.PACKAGE_CHANGE, 1800, Due(2026, date(2026, 10, 1)), "範囲拡大", ROUND_2, "gaps-2-filled.xlsx"
    )
    assert changed.history == (
        AnswerVersion(
            ResponsePolicy.PACKAGE_CHANGE,
            1200,
            Due(2026, date(2026, 10, 1)),
            "次期版で対応",
            ROUND_1,
            "gaps-filled.xlsx",
        ),
    )
    cleared = stored.by_key[(TargetKind.REQUIREMENT, gaps[1])]
    assert cleared.current.policy is ResponsePolicy.STANDARD and cleared.current.cost_thousand_yen is None
    assert cleared.history[0].cost_thousand_yen == 0 and cleared.history[0].due == Due(2026)
    kept = stored.by_key[(TargetKind.REQUIREMENT, gaps[2])]
    assert kept.current.answered_at == ROUND_1 and kept.current.source == "gaps-filled.xlsx" and kept.history == ()
    assert [(i.source, i.new, i.changed, i.unchanged) for i in stored.imports] == [
        ("gaps-filled.xlsx", 7, 0, 0),
        ("gaps-2-filled.xlsx", 1, 2, 5),
    ]
    # The previous file is kept beside it.
    previous = list((into.parent / ".gapcheck-history").glob("answers.*.json"))
    assert len(previous) == 1
    assert len(json.loads(previous[0].read_text("utf-8"))["imports"]) == 1


def test_edited_protected_cells_are_conflicts(result, tmp_path):
    gaps = _ids(result, GapList.GAPS)
    vendor = Vendor(write_gaps(result, tmp_path / "gaps.xlsx"))
    row, _ = vendor.answer("ギャップ一覧", gaps[0], policy="廃止", **{"要件名": "勝手に変えた名前", "判定": "適合"})
    letters = {h: openpyxl.utils.get_column_letter(c) for h, c in vendor.columns("ギャップ一覧").items()}
    filled = vendor.save()
    into = tmp_path / "answers.json"
    with pytest.raises(ProblemsError) as refused:
        import_answers(filled, into)
    where = [(p.where.sheet, p.where.row, p.where.column) for p in refused.value.problems]
    assert where == [
        ("ギャップ一覧", row, f"{letters['要件名']} (要件名)"),
        ("ギャップ一覧", row, f"{letters['判定']} (判定)"),
    ]
    assert "protected cell changed from" in refused.value.problems[1].message
    assert "--ignore-conflicts" in str(refused.value)
    assert not into.exists()

    outcome = import_answers(filled, into, ignore_conflicts=True)
    assert len(outcome.conflicts) == 2
    assert load_answers(into).by_key[(TargetKind.REQUIREMENT, gaps[0])].current.policy is ResponsePolicy.DISCONTINUE


def test_keys_that_are_not_on_the_list_and_answers_without_policy(result, tmp_path):
    gaps = _ids(result, GapList.GAPS)
    vendor = Vendor(write_gaps(result, tmp_path / "gaps.xlsx"))
    sheet = vendor.book["ギャップ一覧"]
    row = vendor.row_of("ギャップ一覧", gaps[0])
    sheet.cell(row=row, column=1).value = "R:9999999"  # the vendor unprotected and typed over the key
    vendor.answer("ギャップ一覧", gaps[1], cost=100)  # a cost without a 対応方針
    new_row = sheet.max_row + 1
    sheet.cell(row=new_row, column=vendor.columns("ギャップ一覧")["対応方針"]).value = "廃止"  # a row added by hand
    with pytest.raises(ProblemsError) as refused:
        import_answers(vendor.save(), tmp_path / "answers.json")
    messages = [(p.where.row, p.message) for p in refused.value.problems]
    assert messages[0] == (
        row,
        "'R:9999999' is not an item of this spreadsheet: do not edit the hidden 照合キー column",
    )
    assert messages[1][0] == vendor.row_of("ギャップ一覧", gaps[1]) and "no 対応方針" in messages[1][1]
    assert messages[2][0] == new_row and "without a key" in messages[2][1]


def test_a_workbook_that_gapcheck_did_not_write_is_refused(tmp_path):
    path = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["照合キー", "対応方針", "概算費用（千円）", "対応予定時期", "備考"])
    book.save(path)
    with pytest.raises(InputError, match="not a gap spreadsheet written by gapcheck"):
        import_answers(path, tmp_path / "answers.json")


def test_a_tampered_hidden_sheet_is_a_message_not_a_traceback(cli, result, tmp_path):
    vendor = Vendor(write_gaps(result, tmp_path / "gaps.xlsx"))
    vendor.book["_gapcheck"]["A3"] = "garbage"
    outcome = cli("answers", "import", vendor.save(), "--into", tmp_path / "answers.json")
    assert outcome.exit_code == 2
    assert "sheet '_gapcheck': the hidden sheet of this gap spreadsheet was changed" in outcome.output


def test_answers_of_another_system_are_not_mixed_in(result, tmp_path):
    into = tmp_path / "answers.json"
    gaps = _ids(result, GapList.GAPS)
    vendor = Vendor(write_gaps(result, tmp_path / "a.xlsx"))
    vendor.answer("ギャップ一覧", gaps[0], policy="廃止")
    import_answers(vendor.save(), into)
    other = tmp_path / "b.xlsx"
    write_gaps(result, other, system="別システム")
    vendor = Vendor(other)
    vendor.answer("ギャップ一覧", gaps[0], policy="EUCで対応")
    before = into.read_bytes()
    with pytest.raises(InputError, match="system '住民記録システム（A社）'"):
        import_answers(vendor.save(), into)
    assert into.read_bytes() == before


@pytest.mark.parametrize(
    "typed, policy",
    [
        ("パッケージ改修", ResponsePolicy.PACKAGE_CHANGE),
        ("運用変更（ＢＰＲ）", ResponsePolicy.BPR),
        (" EUCで対応 ", ResponsePolicy.EUC),
        ("Package Change", ResponsePolicy.PACKAGE_CHANGE),
        ("not_possible", ResponsePolicy.NOT_POSSIBLE),
        ("廃止", ResponsePolicy.DISCONTINUE),
    ],
)
def test_policies_in_either_language(typed, policy):
    assert parse_policy(typed) is policy


@pytest.mark.parametrize("typed", ["改修", "カスタマイズ", "○"])
def test_unknown_policies(typed):
    with pytest.raises(ValueError, match="not one of the 対応方針"):
        parse_policy(typed)


@pytest.mark.parametrize(
    "typed, cost", [(1200, 1200), (1200.0, 1200), ("1,200", 1200), ("１２００", 1200), ("0", 0), (" 35 ", 35)]
)
def test_costs(typed, cost):
    assert parse_cost(typed) == cost


@pytest.mark.parametrize("typed", ["約100万円", "100万", -5, 12.5, "12.5", True, "1,20", "¥1000"])
def test_invalid_costs(typed):
    with pytest.raises(ValueError):
        parse_cost(typed)


@pytest.mark.parametrize(
    "typed, due",
    [
        (date(2027, 1, 15), Due(2026, date(2027, 1, 15))),
        (datetime(2026, 4, 1, 0, 0), Due(2026, date(2026, 4, 1))),
        ("2026/10/1", Due(2026, date(2026, 10, 1))),
        ("令和8年10月1日", Due(2026, date(2026, 10, 1))),
        ("令和8年度", Due(2026)),
        ("R8", Due(2026)),
        ("2026年度", Due(2026)),
        ("FY2027", Due(2027)),
        (2028, Due(2028)),
        ("２０２６年度", Due(2026)),
    ],
)
def test_dues(typed, due):
    assert parse_due(typed) == due


@pytest.mark.parametrize(
    "typed, message",
    [
        ("2026-02-30", "not a real date"),
        ("来年度", "neither a date nor a fiscal year"),
        (46000, "neither"),
        ("R8年4月", "neither"),
    ],
)
def test_invalid_dues(typed, message):
    with pytest.raises(ValueError, match=message):
        parse_due(typed)


def test_merge_keeps_history_oldest_first_and_ignores_unchanged():
    key = (TargetKind.REQUIREMENT, "0010001")
    answers = Answers()
    times = [datetime(2026, m, 1, tzinfo=timezone.utc) for m in (4, 5, 6, 7)]
    costs = [100, 100, 250, 300]
    for number, (at, cost) in enumerate(zip(times, costs)):
        given = Given(f"round{number}.xlsx", "0" * 64, {key: AnswerVersion(ResponsePolicy.EUC, cost)})
        answers, _ = merge(answers, given, at)
    answer = answers.by_key[key]
    assert answer.current.cost_thousand_yen == 300 and answer.current.source == "round3.xlsx"
    assert [(v.cost_thousand_yen, v.source, v.answered_at) for v in answer.history] == [
        (100, "round0.xlsx", times[0]),
        (250, "round2.xlsx", times[2]),
    ]
    assert [(i.new, i.changed, i.unchanged) for i in answers.imports] == [(1, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 0)]


def test_answers_in_result_json_are_those_on_the_gap_lists(result):
    items = gap_items(result)
    gap_list, kind, target = items[0]
    answers = Answers(
        (
            Answer(kind, target, AnswerVersion(ResponsePolicy.EUC, 10, Due(2026))),
            Answer(TargetKind.REQUIREMENT, "0019999", AnswerVersion(ResponsePolicy.EUC)),  # no longer on a list
        )
    )
    section = result_answers(result, answers, "answers.json")
    assert section == {
        "path": "answers.json",
        "items": [
            {
                "kind": kind.value,
                "target": target,
                "list": gap_list.value,
                "policy": "euc",
                "cost_thousand_yen": 10,
                "due": {"fiscal_year": 2026},
            }
        ],
        "off_list": 1,
    }
    document = juki_document(result)
    document["answers"] = section
    check_schema("result.json", "result", document, "result.json")


def test_cli_import_reports_problems_with_exit_2_and_counts_on_success(cli, result, tmp_path):
    gaps = _ids(result, GapList.GAPS)
    vendor = Vendor(write_gaps(result, tmp_path / "gaps.xlsx"))
    vendor.answer("ギャップ一覧", gaps[0], policy="パッケージ改修", cost="約100万円")
    bad = vendor.save(tmp_path / "bad.xlsx")
    into = tmp_path / "answers.json"
    outcome = cli("answers", "import", bad, "--into", into)
    assert outcome.exit_code == 2
    assert "'約100万円' is not a whole number of thousand yen" in outcome.output
    assert "sheet 'ギャップ一覧'" in outcome.output and not into.exists()
    vendor.answer("ギャップ一覧", gaps[0], cost=1000)
    outcome = cli("answers", "import", vendor.save(tmp_path / "good.xlsx"), "--into", into)
    assert outcome.exit_code == 0, outcome.output
    assert "good.xlsx: 1 new, 0 changed, 0 unchanged answers" in outcome.output
    assert load_answers(into).by_key[(TargetKind.REQUIREMENT, gaps[0])].current.cost_thousand_yen == 1000


def test_a_damaged_answers_file_is_reported_not_overwritten(result, tmp_path):
    into = tmp_path / "answers.json"
    into.write_text(
        json.dumps({"format": "gapcheck-answers", "format_version": 1, "answers": [{"kind": "x"}], "imports": []}),
        "utf-8",
    )
    vendor = Vendor(write_gaps(result, tmp_path / "gaps.xlsx"))
    vendor.answer("ギャップ一覧", _ids(result, GapList.GAPS)[0], policy="廃止")
    before = into.read_bytes()
    with pytest.raises(ProblemsError, match="not a valid gapcheck answers file"):
        import_answers(vendor.save(), into)
    assert into.read_bytes() == before
