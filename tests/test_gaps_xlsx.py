"""gaps.xlsx as the vendor receives it: lists, print set-up, validation, text safety, languages (its
pages as LibreOffice prints them, and a list sorted in LibreOffice: tests/test_print_xlsx.py)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import openpyxl
import pytest
from support.gap_lists import HOSTILE_NAMES, juki_document, juki_result, write_gaps

from gapcheck.model import (
    Answer,
    Answers,
    AnswerVersion,
    Category,
    Due,
    FeatureStatus,
    GapList,
    ResponsePolicy,
    TargetKind,
    Verdict,
)
from gapcheck.outputs.gaps_xlsx import gap_rows, read_filled
from gapcheck.outputs.i18n import label
from gapcheck.outputs.xlsx import as_text
from gapcheck.readers.workbook import META_SHEET, read_workbook

JA_LISTS = ["ギャップ一覧", "実装不可該当", "独自機能", "標準オプション", "要確認"]
ANSWER_HEADERS = ["対応方針", "概算費用（千円）", "対応予定時期", "備考"]


@pytest.fixture(scope="module")
def result():
    return juki_result()


def _write(result, path, answers=None, lang="ja"):
    return openpyxl.load_workbook(write_gaps(result, path, answers, lang))


def _headers(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def test_every_item_lands_on_the_list_its_class_and_verdict_call_for(result):
    rows = gap_rows(juki_document(result))
    expected = {gap_list: set() for gap_list in GapList}
    for item in result.requirements:
        category, verdict = item.requirement.category, item.verdict
        if verdict is Verdict.REVIEW:
            expected[GapList.REVIEW].add(item.requirement.id)
        elif category is Category.MANDATORY and verdict in (Verdict.GAP, Verdict.PARTIAL):
            expected[GapList.GAPS].add(item.requirement.id)
        elif category is Category.PROHIBITED and verdict is Verdict.VIOLATION:
            expected[GapList.VIOLATIONS].add(item.requirement.id)
        elif category is Category.OPTIONAL and verdict in (Verdict.PARTIAL, Verdict.NOT_ADOPTED):
            expected[GapList.OPTIONS].add(item.requirement.id)
    expected[GapList.EXTRAS] = {m.feature for m in result.matching.features if m.status is FeatureStatus.UNMATCHED}
    assert {gap_list: {r.target for r in items} for gap_list, items in rows.items()} == expected
    assert all(expected.values())  # the fixture puts something on every list
    fits = {i.requirement.id for i in result.requirements if i.verdict in (Verdict.FIT, Verdict.CLEAR, Verdict.ADOPTED)}
    assert not fits & set().union(*expected.values())


def test_layout_print_setup_and_validation(result, tmp_path):
    book = _write(result, tmp_path / "gaps.xlsx")
    assert book.sheetnames == ["概要", *JA_LISTS, META_SHEET]
    assert book[META_SHEET].sheet_state == "veryHidden"
    rows = gap_rows(juki_document(result))
    for gap_list, title in zip(GapList, JA_LISTS):
        sheet = book[title]
        headers = _headers(sheet)
        assert list(headers)[-4:] == ANSWER_HEADERS
        assert sheet.max_row == len(rows[gap_list]) + 1
        # not protected: sorting a range with locked cells, and inserting columns, would be refused
        assert not sheet.protection.sheet
        assert sheet.freeze_panes.endswith("2") and sheet.auto_filter.ref.startswith("A1:")
        assert sheet.column_dimensions["A"].hidden and sheet["A1"].value == "照合キー"
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
        # fitted to one page wide (1 is the file format's default when absent), as many pages down as it takes
        assert (sheet.page_setup.fitToWidth or 1) == 1 and int(sheet.page_setup.fitToHeight) == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
        assert "&P" in sheet.oddFooter.center.text  # page numbers
        answer_columns = {headers[h] for h in ANSWER_HEADERS}
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                yellow = cell.fill.fgColor.rgb.endswith("FFF2CC")
                assert yellow is (cell.column in answer_columns), cell.coordinate
                assert cell.font.name == "Yu Gothic"
        assert sheet["E2"].alignment.wrap_text
        formats = {h: sheet.cell(row=2, column=headers[h]).number_format for h in ANSWER_HEADERS}
        assert formats == {"対応方針": "@", "概算費用（千円）": "#,##0_ ", "対応予定時期": "@", "備考": "@"}
        validations = {dv.type: dv for dv in sheet.data_validations.dataValidation}
        last = sheet.max_row
        policy_letter = sheet.cell(row=1, column=headers["対応方針"]).column_letter
        assert str(validations["list"].sqref) == f"{policy_letter}2:{policy_letter}{last}"
        assert validations["list"].formula1 == '"' + ",".join(label(p) for p in ResponsePolicy) + '"'
        cost_letter = sheet.cell(row=1, column=headers["概算費用（千円）"]).column_letter
        assert str(validations["whole"].sqref) == f"{cost_letter}2:{cost_letter}{last}"
        assert (validations["whole"].operator, validations["whole"].formula1) == ("greaterThanOrEqual", "0")
        assert "ISTEXT" in validations["custom"].formula1
    # a row is as high as its longest wrapped text (neither Excel nor LibreOffice fits it on opening)
    gaps = book["ギャップ一覧"]
    text = _headers(gaps)["要件内容"]
    for row in range(2, gaps.max_row + 1):
        length = len(gaps.cell(row=row, column=text).value)
        assert length < 20 or gaps.row_dimensions[row].height >= 17 * (length // 20), row
    summary = book["概要"]
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert "住民記録 第1.0版（サンプルデータ（実在の標準仕様書ではない））" in texts
    assert "住民記録システム（A社）" in texts and "2026-05-01" in texts
    counts = {row[0].value: row[1].value for row in summary.iter_rows() if row[0].value in JA_LISTS}
    assert counts == {title: len(rows[gap_list]) for gap_list, title in zip(GapList, JA_LISTS)}
    assert not summary.protection.sheet and summary.page_setup.orientation == "portrait"
    assert book[META_SHEET].protection.sheet  # the hidden sheet only (a LibreOffice round trip leaves it merely hidden)


def test_the_matching_features_are_named_with_sheet_and_row(result, tmp_path):
    book = _write(result, tmp_path / "gaps.xlsx")
    sheet = book["ギャップ一覧"]
    headers = _headers(sheet)
    features = result.inventory.by_key
    by_id = {i.requirement.id: i for i in result.requirements}
    partial = next(
        i for i in result.requirements if i.verdict is Verdict.PARTIAL and i.requirement.category is Category.MANDATORY
    )
    row = next(
        r for r in sheet.iter_rows(min_row=2, values_only=True) if r[headers["要件ID"] - 1] == partial.requirement.id
    )
    feature = features[partial.features[0]]
    # one feature a line, with its sheet and row in the inventory
    assert row[headers["該当機能"] - 1].splitlines()[0] == f"{feature.name}（{feature.sheet}!{feature.row}）"
    assert row[headers["判定"] - 1] == "一部適合" and row[headers["実装区分"] - 1] == "実装必須"
    review = book["要確認"]
    assert "候補機能" in _headers(review)
    candidate_lines = {
        line
        for r in review.iter_rows(min_row=2, values_only=True)
        for line in (r[_headers(review)["候補機能"] - 1] or "").splitlines()
    }
    assert candidate_lines == {
        f"{features[k].name}（{features[k].sheet}!{features[k].row}）"
        for i in by_id.values() if i.verdict is Verdict.REVIEW for k in i.candidates
    }
    extras = book["独自機能"]
    places = {r[_headers(extras)["シート!行"] - 1] for r in extras.iter_rows(min_row=2, values_only=True)}
    listed = {r.target for r in gap_rows(juki_document(result))[GapList.EXTRAS]}
    assert places == {f"{f.sheet}!{f.row}" for f in result.inventory.features if f.key in listed}


def test_text_from_input_files_never_becomes_a_formula(result, tmp_path):
    path = tmp_path / "gaps.xlsx"
    book = _write(result, path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
    extras = book["独自機能"]
    headers = _headers(extras)
    names = [extras.cell(row=r, column=headers["機能名"]) for r in range(2, extras.max_row + 1)]
    # XML reads a stored CR as LF; the text is otherwise exactly the vendor's
    expected = [as_text(n).replace("\r", "\n") for n in HOSTILE_NAMES]
    assert [c.value for c in names] == expected
    assert "縦タブ入り機能" in expected  # the control character XML cannot hold is dropped
    for cell, name in zip(names, HOSTILE_NAMES):
        assert cell.data_type == "s"
        assert cell.quotePrefix is name.startswith(("=", "+", "-", "@", "\t", "\r"))
    # The reader gapcheck uses (calamine) sees the same text, not an evaluated value.
    sheet = read_workbook(path).sheet("独自機能")
    read_names = [row[headers["機能名"] - 1] for row in sheet.rows[1:]]
    assert read_names == expected


def _answers_for(result) -> Answers:
    rows = gap_rows(juki_document(result))
    at = datetime(2026, 5, 20, 3, 0, tzinfo=timezone.utc)
    gap, violation = rows[GapList.GAPS][0], rows[GapList.VIOLATIONS][0]
    extra = rows[GapList.EXTRAS][0]
    return Answers(
        (
            Answer(
                gap.kind,
                gap.target,
                AnswerVersion(
                    ResponsePolicy.PACKAGE_CHANGE, 1200, Due(2026, date(2026, 10, 1)), "改修予定", at, "r1.xlsx"
                ),
            ),
            Answer(
                violation.kind,
                violation.target,
                AnswerVersion(ResponsePolicy.DISCONTINUE, 0, Due(2027), "", at, "r1.xlsx"),
            ),
            Answer(
                extra.kind, extra.target, AnswerVersion(ResponsePolicy.EUC, None, None, "=1+1 と入力", at, "r1.xlsx")
            ),
        )
    )


def test_previous_answers_are_carried_over_and_read_back_unchanged(result, tmp_path):
    answers = _answers_for(result)
    path = tmp_path / "gaps.xlsx"
    book = _write(result, path, answers)
    sheet = book["ギャップ一覧"]
    headers = _headers(sheet)
    first = [c.value for c in sheet[2]]
    assert first[headers["対応方針"] - 1] == "パッケージ改修"
    assert first[headers["概算費用（千円）"] - 1] == 1200
    assert first[headers["対応予定時期"] - 1] == "2026-10-01"  # a Text cell: what is typed there stays as typed
    assert first[headers["回答状況"] - 1] == "回答済\n2026-05-20"
    assert sheet.cell(row=3, column=headers["回答状況"]).value == "未回答"
    violations = book["実装不可該当"]
    assert violations.cell(row=2, column=_headers(violations)["対応予定時期"]).value == "令和9年度"
    note = book["独自機能"].cell(row=2, column=_headers(book["独自機能"])["備考"])
    assert note.value == "=1+1 と入力" and note.data_type == "s"
    summary = book["概要"]
    answered = {row[0].value: row[2].value for row in summary.iter_rows() if row[0].value in JA_LISTS}
    assert answered == {"ギャップ一覧": 1, "実装不可該当": 1, "独自機能": 1, "標準オプション": 0, "要確認": 0}
    filled = read_filled(path)
    assert {key: version for key, version in filled.answers.items()} == {
        a.key: AnswerVersion(a.current.policy, a.current.cost_thousand_yen, a.current.due, a.current.note)
        for a in answers.answers
    }
    assert filled.blank == sum(len(r) for r in gap_rows(juki_document(result)).values()) - 3
    assert filled.conflicts == () and filled.missing == ()


def test_english_workbook_reads_english_and_japanese_answers(result, tmp_path):
    path = tmp_path / "gaps-en.xlsx"
    book = _write(result, path, lang="en")
    assert book.sheetnames == ["Summary", "Gaps", "Violations", "Extras", "Options", "Review", META_SHEET]
    sheet = book["Gaps"]
    headers = _headers(sheet)
    assert list(headers)[-4:] == ["response", "estimated cost (k JPY)", "planned for", "notes"]
    validation = next(dv for dv in sheet.data_validations.dataValidation if dv.type == "list")
    assert "package change" in validation.formula1 and "パッケージ改修" not in validation.formula1
    assert sheet.cell(row=2, column=headers["verdict"]).value in ("gap", "partial")
    sheet.cell(row=2, column=headers["response"]).value = "package change"
    sheet.cell(row=3, column=headers["response"]).value = "運用変更（BPR）"  # full-width brackets, Japanese label
    sheet.cell(row=3, column=headers["planned for"]).value = "FY2027"
    book.save(path)
    filled = read_filled(path)
    keys = [(TargetKind.REQUIREMENT, sheet.cell(row=r, column=headers["requirement ID"]).value) for r in (2, 3)]
    assert filled.answers[keys[0]].policy is ResponsePolicy.PACKAGE_CHANGE
    assert filled.answers[keys[1]].policy is ResponsePolicy.BPR
    assert filled.answers[keys[1]].due == Due(2027)
