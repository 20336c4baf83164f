"""The workbooks on paper and in LibreOffice: gaps.xlsx, budget.xlsx and review.xlsx printed to PDF
by LibreOffice headless and read back, and gaps.xlsx sorted, filtered, given a column and answered
in LibreOffice, then imported.

On paper every sheet is A4 at 8 pt or larger; titles and instructions are whole, long texts wrapped
(never cut at the row's edge); a list continued on the next page repeats its header row. A few
pages go to tests/artifacts/ as PNG for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from support.gap_lists import budget_checks, juki_document, juki_result, vendor_answers, write_gaps
from support.printing import (
    Page,
    basic_text,
    by_sheet,
    needs_poppler,
    needs_soffice,
    save_png,
    soffice_macro,
    soffice_pdf,
)
from support.writer_reference import workbooks

from gapcheck.files.answers_json import load_answers
from gapcheck.model import AnswerVersion, Due, GapList, ResponsePolicy, TargetKind
from gapcheck.outputs import budget
from gapcheck.outputs.gaps_xlsx import gap_rows, read_filled
from gapcheck.outputs.i18n import label, phrase
from gapcheck.outputs.xlsx import META_SHEET, as_text
from gapcheck.workflows.budget import make_budget

pytestmark = [needs_soffice, needs_poppler]

A4 = (595.3, 841.9)  # points
LISTS = [label(gap_list, "ja") for gap_list in GapList]
# the header labels that print on one line, per sheet, in their order
REQUIREMENT_HEADER = ["要件ID", "種別", "要件名", "要件内容", "実装区分", "判定", "該当機能", "回答状況", "対応方針",
                      "対応予定時期", "備考"]
HEADERS = {
    "gaps": {
        **{name: REQUIREMENT_HEADER for name in LISTS},
        "要確認": [("候補機能" if h == "該当機能" else h) for h in REQUIREMENT_HEADER],
        "独自機能": ["機能番号", "機能名", "説明", "シート!行", "対応状況", "回答状況", "対応方針", "対応予定時期", "備考"],
    },
    "budget": {
        "明細": ["業務", "システム", "版", "集計", "区分", "名称", "対応方針", "年度", "対応予定時期", "備考"],
        "業務別・対応方針別・年度別": ["令和8年度", "令和9年度", "時期未定", "合計", "業務", "対応方針", "費用未記入", "件数"],
    },
    "review": {"要確認": ["機能名", "説明", "候補（一致度）", "判断（選択）", "判断者", "コメント", "区分", "シート!行", "機能キー"]},
}


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("print-xlsx")


@pytest.fixture(scope="module")
def check():
    """The sample check with vendors' answers on every second item of its gap lists."""
    result = juki_result()
    return result, vendor_answers(result)


@pytest.fixture(scope="module")
def written(out, check) -> dict[str, Path]:
    result, answers = check
    budget_checks(out / "checks")
    (out / "budget.xlsx").write_bytes(budget.render_xlsx(make_budget([out / "checks"]), "ja"))
    (out / "review.xlsx").write_bytes(workbooks(out)["review-ja.xlsx"]())
    return {
        "gaps": write_gaps(result, out / "gaps.xlsx", answers),
        "budget": out / "budget.xlsx",
        "review": out / "review.xlsx",
    }


@pytest.fixture(scope="module")
def printed(out, written) -> dict[str, dict[str, list[Page]]]:
    """Each workbook as LibreOffice prints it: sheet name → its pages."""
    return {name: by_sheet(soffice_pdf(path, out)) for name, path in written.items()}


def drawn(pages: list[Page]) -> str:
    """A sheet's text in the order LibreOffice drew it (a wrapped cell's lines one after the
    other), without white space: a text that is whole on paper is a part of it."""
    return compact("".join(page.raw for page in pages))


SHEETS = {
    "gaps": {"概要", *LISTS},
    "budget": {"業務別・対応方針別・年度別", "明細", "集計元"},
    "review": {"要確認", "使い方"},
}


def test_every_sheet_prints_on_a4_at_8_pt_or_larger(printed):
    for name, sheets in printed.items():
        assert set(sheets) == SHEETS[name]  # every visible sheet, and only those
        for sheet, pages in sheets.items():
            for number, page in enumerate(pages, start=1):
                assert sorted((round(page.width, 1), round(page.height, 1))) == list(A4), (name, sheet, number)
                assert page.sizes and min(page.sizes) >= 8.0, (name, sheet, number, min(page.sizes))
            # lists across the page, 概要 and the how-to down it
            assert all(p.landscape for p in pages) is (sheet not in ("概要", "使い方")), (name, sheet)


def test_a_list_continued_on_the_next_page_repeats_its_header_row(printed):
    continued = 0
    for name, sheets in printed.items():
        for sheet, labels in HEADERS[name].items():
            for number, page in enumerate(sheets.get(sheet, []), start=1):
                lines = page.lines()
                if number == 1 and sheet == "業務別・対応方針別・年度別":
                    lines = lines[3:]  # the title and the notes above the table
                head = " ".join(lines[:3])
                found = [head.find(text) for text in labels]
                assert -1 not in found and found == sorted(found), (name, sheet, number, head)
                continued += number > 1
    assert continued >= 5  # ギャップ一覧, 明細 and the budget's table run over several pages


def test_the_summary_prints_whole_on_one_page(printed, check):
    result, _ = check
    pages = printed["gaps"]["概要"]
    assert len(pages) == 1
    text = drawn(pages)
    for whole in [phrase("gaps.title", "ja"), "住民記録第1.0版（サンプルデータ（実在の標準仕様書ではない））",
                  *(phrase(f"gaps.how.{step}", "ja") for step in range(1, 6)),
                  *(label(policy, "ja") for policy in ResponsePolicy)]:
        assert compact(whole) in text, whole
    counts = {name: len(rows) for name, rows in zip(LISTS, gap_rows(juki_document(result)).values())}
    for name, count in counts.items():  # each list with its count on one line
        assert any(line.startswith(name) and line.split()[1] == str(count) for line in pages[0].lines()), name


def test_long_texts_are_wrapped_not_cut(printed, check):
    """Every text of the lists is on paper whole: none cut at its row's edge, and all of it there.
    (The review sheet's first column, the feature's name, may take several lines: its rows cannot
    be told apart on paper, so only its texts are looked for.)"""
    for name, sheets in printed.items():
        for sheet, pages in sheets.items():
            for number, page in enumerate(pages, start=1):
                assert name == "review" or page.cut() == [], (name, sheet, number)
    result, answers = check
    for gap_list, rows in gap_rows(juki_document(result, answers=answers)).items():
        text = drawn(printed["gaps"][label(gap_list, "ja")])
        for row in rows:
            for role in ("name", "text", "features"):
                assert compact(as_text(row.cells.get(role, ""))) in text, (gap_list, row.target, role)
            if row.answer is not None and row.answer.note:
                assert compact(as_text(row.answer.note)) in text, (gap_list, row.target, "note")
    review = drawn(printed["review"]["要確認"])
    assert "0010003外国人住民の在留カード情報の管理（0.58）" in review  # a candidate wrapped over two lines


def test_the_budget_title_and_notes_are_whole(printed, out):
    pages = printed["budget"]["業務別・対応方針別・年度別"]
    first = pages[0].lines()
    assert first[0] == phrase("budget.title", "ja") == "標準化移行 予算資料（ベンダー回答による概算）"
    assert first[1] == phrase("budget.unanswered_note", "ja") and first[2] == phrase("budget.thousand_yen", "ja")
    # every item of 明細 with its name whole
    details = drawn(printed["budget"]["明細"])
    items = make_budget([out / "checks"]).items
    assert items and all(compact(as_text(item.name)) in details for item in items)


def test_pictures_of_the_printed_workbooks(out, printed):
    """A few pages as PNG in tests/artifacts/ for a person to look at (from the PDFs in `out`)."""
    pictures = [("gaps", 1, "xlsx-gaps-summary"), ("gaps", 2, "xlsx-gaps-list"), ("budget", 1, "xlsx-budget-table"),
                ("budget", 3, "xlsx-budget-details"), ("review", 1, "xlsx-review")]
    for name, page, picture in pictures:
        png = save_png(out / f"{name}.pdf", page, picture)
        assert png.stat().st_size > 20_000, png


# --- gaps.xlsx worked on in LibreOffice ---------------------------------------------------------------

SORT_FILTER_ANSWER = """
Sub Main
    On Error GoTo Failed
    Dim hidden(0) As New com.sun.star.beans.PropertyValue
    hidden(0).Name = "Hidden"
    hidden(0).Value = True
    doc = StarDesktop.loadComponentFromURL({source}, "_blank", 0, hidden())
    controller = doc.getCurrentController()
    sheet = doc.Sheets.getByName({sheet})
    controller.setActiveSheet(sheet)
    ' a column of one's own before 対応方針, as the instructions allow
    memo = ColumnOf(sheet, {policy})
    sheet.Columns.insertByIndex(memo, 1)
    sheet.getCellByPosition(memo, 0).setString({memo})
    ' sorted as a person sorts: a cell of the 要件ID column, then Data > Sort Descending
    controller.select(sheet.getCellByPosition(ColumnOf(sheet, {id}), 1))
    dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
    dispatcher.executeDispatch(controller.getFrame(), ".uno:SortDescending", "", 0, Array())
    ' filtered to the rows not answered yet (回答状況 = 未回答)
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    table = sheet.getCellRangeByPosition(0, 0, cursor.RangeAddress.EndColumn, cursor.RangeAddress.EndRow)
    descriptor = table.createFilterDescriptor(True)
    descriptor.ContainsHeader = True
    Dim fields(0) As New com.sun.star.sheet.TableFilterField
    fields(0).Field = ColumnOf(sheet, {status})
    fields(0).Operator = com.sun.star.sheet.FilterOperator.EQUAL
    fields(0).IsNumeric = False
    fields(0).StringValue = {open}
    descriptor.setFilterFields(fields())
    table.filter(descriptor)
    ' an answer typed into the row of one requirement, and a note in the column of one's own
    row = RowOf(sheet, ColumnOf(sheet, {id}), {target})
    sheet.getCellByPosition(ColumnOf(sheet, {policy}), row).setString({answer})
    sheet.getCellByPosition(ColumnOf(sheet, {cost}), row).setValue({cost_value})
    sheet.getCellByPosition(ColumnOf(sheet, {due}), row).setString({due_value})
    sheet.getCellByPosition(memo, row).setString({memo_value})
    Dim store(0) As New com.sun.star.beans.PropertyValue
    store(0).Name = "FilterName"
    store(0).Value = "Calc MS Excel 2007 XML"
    doc.storeToURL({saved}, store())
    doc.close(True)
    Report("ok")
    Exit Sub
Failed:
    Report("error " & Err & " in line " & Erl & ": " & Error$)
End Sub

Function ColumnOf(sheet, text As String) As Long
    For column = 0 To 40
        If sheet.getCellByPosition(column, 0).getString() = text Then
            ColumnOf = column
            Exit Function
        End If
    Next
    Error 1
End Function

Function RowOf(sheet, column As Long, text As String) As Long
    For row = 1 To 1000
        If sheet.getCellByPosition(column, row).getString() = text Then
            RowOf = row
            Exit Function
        End If
    Next
    Error 1
End Function
"""


@pytest.fixture(scope="module")
def worked_on(out, check) -> tuple[Path, Path, str]:
    """gaps.xlsx as a vendor works on it in LibreOffice: ギャップ一覧 given a column of their own,
    sorted by 要件ID descending, filtered to 未回答, one requirement answered there; saved as .xlsx.
    Returns the workbook as written, as saved, and the requirement answered."""
    result, answers = check
    source = write_gaps(result, out / "gaps-to-sort.xlsx", answers)
    answered = {a.target for a in answers.answers}
    target = next(r.target for r in gap_rows(juki_document(result))[GapList.GAPS] if r.target not in answered)
    saved = out / "gaps-sorted.xlsx"
    macro = SORT_FILTER_ANSWER.format(**{key: basic_text(value) for key, value in {
        "source": source.as_uri(), "saved": saved.as_uri(), "sheet": "ギャップ一覧", "policy": "対応方針",
        "cost": "概算費用（千円）", "due": "対応予定時期", "id": "要件ID", "status": "回答状況", "open": "未回答",
        "memo": "社内メモ", "target": target, "answer": "パッケージ改修", "due_value": "令和9年度",
        "memo_value": "見積依頼中",
    }.items()}, cost_value=300)
    assert soffice_macro(out, macro) == "ok"
    return source, saved, target


def test_a_list_sorted_filtered_and_answered_in_libreoffice_is_imported(worked_on, check, cli, tmp_path):
    source, saved, target = worked_on
    _, answers = check
    book = openpyxl.load_workbook(saved)
    sheet = book["ギャップ一覧"]
    headers = [c.value for c in sheet[1]]
    assert "社内メモ" in headers  # the column of one's own, and the rows sorted with the hidden key along
    ids = [row[headers.index("要件ID")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == sorted(ids, reverse=True) and len(ids) > 10
    keys = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert keys == [f"R:{i}" for i in ids]
    hidden_rows = [r for r in range(2, sheet.max_row + 1) if sheet.row_dimensions[r].hidden]
    assert hidden_rows  # the filter: answered rows hidden
    # what the round trip keeps and what it does not (docs/outputs.md)
    assert book[META_SHEET].sheet_state == "hidden" and book[META_SHEET].protection.sheet  # not very hidden
    assert sheet.column_dimensions["A"].hidden and sheet.auto_filter.ref and sheet.print_title_rows == "$1:$1"
    assert "&P" in sheet.oddFooter.center.text and sheet.page_setup.orientation == "landscape"
    rules = {rule.type for rule in sheet.data_validations.dataValidation}
    assert rules == {"list", "whole", "custom"}
    due = sheet.cell(row=2, column=headers.index("対応予定時期") + 1)
    assert due.number_format == "@"
    formula_like = next(c for c in book["独自機能"]["C"] if str(c.value).startswith("=HYPERLINK"))
    assert formula_like.data_type == "s" and not formula_like.quotePrefix  # still text, without Excel's quote prefix

    # the same answers as the workbook as written gives, on the same requirements, and the new one
    filled, before = read_filled(saved), read_filled(source)
    assert len(before.answers) == len(answers.answers) > 10
    assert filled.answers == {**before.answers, (TargetKind.REQUIREMENT, target): AnswerVersion(
        ResponsePolicy.PACKAGE_CHANGE, 300, Due(2027), "")}
    assert filled.conflicts == () and filled.missing == () and filled.blank == before.blank - 1

    into = tmp_path / "answers.json"
    outcome = cli("answers", "import", saved, "--into", into)
    assert outcome.exit_code == 0, outcome.output
    imported = {(a.kind, a.target): a.current.policy for a in load_answers(into).answers}
    assert imported == {key: version.policy for key, version in filled.answers.items()}


def test_sorted_in_libreoffice_the_rows_fit_their_new_texts(worked_on, out, check):
    """Row heights go with the texts (they are not set by hand): a long text sorted into a row that
    was short prints whole. The rows the filter left visible (not answered before) are printed."""
    _, saved, target = worked_on
    result, answers = check
    pages = by_sheet(soffice_pdf(saved, out))["ギャップ一覧"]
    text = drawn(pages)
    shown = [row for row in gap_rows(juki_document(result, answers=answers))[GapList.GAPS] if row.answer is None]
    assert len(shown) > 10 and target in text
    assert [page.cut() for page in pages] == [[]] * len(pages)
    for row in shown:
        assert compact(as_text(row.cells["text"])) in text, row.target
    save_png(out / "gaps-sorted.pdf", 2, "xlsx-gaps-sorted-in-libreoffice")
