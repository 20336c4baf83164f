"""The budget annex: figures checked against the answers they come from, the workbook's formulas
evaluated by hand, the printable page, and the whole flow from `check` to `budget` on the CLI."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from datetime import date

import openpyxl
import pytest
from bs4 import BeautifulSoup
from openpyxl.formula import Tokenizer
from openpyxl.formula.tokenizer import Token
from openpyxl.utils import column_index_from_string, range_boundaries
from support.files import SPECS, make_xlsx
from support.gap_lists import budget_checks

from gapcheck.errors import InputError
from gapcheck.files.result_json import read_result_json
from gapcheck.model import AnswerVersion, ResponsePolicy
from gapcheck.outputs.budget import render_html, render_xlsx
from gapcheck.outputs.i18n import label
from gapcheck.rules.dates import wareki_fiscal_year
from gapcheck.rules.gaps import gap_items
from gapcheck.workflows.budget import make_budget

POLICIES = list(ResponsePolicy)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """Two checks with answers (住民記録 and 印鑑登録) and one without."""
    root = tmp_path_factory.mktemp("results")
    return root, budget_checks(root / "city")


def _expected(given) -> dict:
    """(area, policy or None, fiscal year or None) → [count, cost], straight from the answers."""
    figures = defaultdict(lambda: [0, 0])
    for result, answers in given.values():
        for _, kind, target in gap_items(result):
            answer = answers.by_key.get((kind, target))
            version = answer.current if answer else AnswerVersion()
            year = version.due.fiscal_year if version.due else None
            cell = figures[(result.spec.area, version.policy, year)]
            cell[0] += 1
            cell[1] += version.cost_thousand_yen or 0
    return figures


def test_totals_equal_the_answers(folders):
    root, given = folders
    budget = make_budget([root])
    expected = _expected(given)
    assert budget.areas == ("住民記録", "印鑑登録")  # the standard's order, not the alphabet
    assert budget.fiscal_years == (2026, 2027, 2028, None)
    for (area, policy, year), (count, cost) in expected.items():
        total = budget.total(area, policy, year)
        assert (total.count, total.cost) == (count, cost), (area, policy, year)
    assert budget.total().count == sum(c for c, _ in expected.values())
    assert budget.total().cost == sum(
        a.current.cost_thousand_yen or 0 for _, answers in given.values() for a in answers.answers
    )
    # every item on a gap list without an answer is there as 未回答
    unanswered = sum(
        1
        for result, answers in given.values()
        for _, kind, target in gap_items(result)
        if (kind, target) not in answers.by_key
    )
    assert len(budget.unanswered) == unanswered == budget.total(policy=None).count
    # 費用未記入 (without_cost): answered items without a cost, apart from the unanswered ones
    answered_without_cost = sum(
        1 for _, answers in given.values() for a in answers.answers
        if a.current.policy is not None and a.current.cost_thousand_yen is None
    )
    assert budget.total().without_cost == answered_without_cost
    assert budget.total(policy=None).without_cost == 0
    assert {s.system: s.answered for s in budget.sources} == {
        "jukiシステム": True,
        "inkanシステム": True,
        "inkan-bシステム": False,
    }


class Evaluator:
    """Evaluates the formulas gapcheck writes (COUNTIFS, SUMIFS, SUM, &) the way Excel does."""

    def __init__(self, book):
        self.book = book

    def cell(self, sheet: str, coordinate: str):
        value = self.book[sheet][coordinate].value
        if isinstance(value, str) and value.startswith("=") and self.book[sheet][coordinate].data_type == "f":
            return self.formula(sheet, value)
        return value

    def formula(self, sheet: str, formula: str):
        tokens = [t for t in Tokenizer(formula).items if t.type != Token.WSPACE]
        value, rest = self._expression(sheet, tokens)
        assert not rest, rest
        return value

    def _expression(self, sheet, tokens):
        value, tokens = self._term(sheet, tokens)
        while tokens and tokens[0].type == Token.OP_IN:
            operator = tokens[0].value
            right, tokens = self._term(sheet, tokens[1:])
            if operator == "&":
                value = f"{value}{'' if right is None else right}"
            elif operator == "=":
                value = value == right
            else:
                value = value + right
        return value, tokens

    def _term(self, sheet, tokens):
        token = tokens[0]
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            name, arguments, tokens = token.value[:-1], [], tokens[1:]
            while not (tokens[0].type == Token.FUNC and tokens[0].subtype == Token.CLOSE):
                argument, tokens = self._expression(sheet, tokens)
                arguments.append(argument)
                if tokens[0].type == Token.SEP:
                    tokens = tokens[1:]
            return getattr(self, name)(*arguments), tokens[1:]
        if token.subtype == Token.TEXT:
            return token.value[1:-1].replace('""', '"'), tokens[1:]
        if token.subtype == Token.NUMBER:
            return float(token.value), tokens[1:]
        return self._reference(sheet, token.value), tokens[1:]

    def _reference(self, sheet, reference: str):
        if "!" in reference:
            sheet, reference = reference.rsplit("!", 1)
            sheet = sheet.strip("'").replace("''", "'")
        reference = reference.replace("$", "")
        if ":" not in reference:
            return self.cell(sheet, reference)
        if re.fullmatch(r"[A-Z]+:[A-Z]+", reference):
            column = column_index_from_string(reference.split(":")[0])
            return [
                self.cell(sheet, f"{openpyxl.utils.get_column_letter(column)}{r}")
                for r in range(1, self.book[sheet].max_row + 1)
            ]
        low_col, low_row, high_col, high_row = range_boundaries(reference)
        return [
            self.cell(sheet, f"{openpyxl.utils.get_column_letter(c)}{r}")
            for r in range(low_row, high_row + 1)
            for c in range(low_col, high_col + 1)
        ]

    @staticmethod
    def _matches(value, criterion) -> bool:
        criterion = "" if criterion is None else str(criterion)
        assert not set("*?~") & set(criterion), f"wildcards are not evaluated here: {criterion}"
        if criterion == "":
            return value is None or value == ""
        if criterion.startswith("="):
            criterion = criterion[1:]
            if criterion == "":
                return value is None or value == ""
        if criterion.startswith("<>"):
            return not Evaluator._matches(value, "=" + criterion[2:])
        assert criterion[:1] not in "<>", f"comparisons are not evaluated here: {criterion}"
        return value is not None and str(value).lower() == criterion.lower()

    def _rows(self, pairs):
        ranges, criteria = pairs[0::2], pairs[1::2]
        return [i for i in range(len(ranges[0])) if all(self._matches(r[i], c) for r, c in zip(ranges, criteria))]

    @staticmethod
    def IF(condition, then, otherwise):
        return then if condition else otherwise

    def COUNTIFS(self, *pairs):
        return len(self._rows(pairs))

    def SUMIFS(self, values, *pairs):
        return sum(values[i] for i in self._rows(pairs) if isinstance(values[i], (int, float)))

    def SUM(self, *arguments):
        flat = [v for a in arguments for v in (a if isinstance(a, list) else [a])]
        return sum(v for v in flat if isinstance(v, (int, float)) and not isinstance(v, bool))


def test_workbook_totals_are_formulas_that_add_up_to_the_answers(folders, tmp_path):
    root, given = folders
    budget = make_budget([root])
    path = tmp_path / "budget.xlsx"
    path.write_bytes(render_xlsx(budget))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["業務別・対応方針別・年度別", "明細", "集計元"]
    summary, details = book["業務別・対応方針別・年度別"], book["明細"]
    assert details.max_row == len(budget.items) + 1

    years = [wareki_fiscal_year(y) for y in (2026, 2027, 2028)] + ["時期未定", "合計"]
    header = {
        summary.cell(row=4, column=c).value: c
        for c in range(3, summary.max_column + 1)
        if summary.cell(row=4, column=c).value
    }
    assert list(header) == years + ["費用未記入"]
    evaluate = Evaluator(book)
    expected = _expected(given)
    policy_names = {label(p): p for p in ResponsePolicy} | {"未回答": None}
    checked = 0
    for row in range(6, summary.max_row + 1):
        area, policy_name = summary.cell(row=row, column=1).value, summary.cell(row=row, column=2).value
        if policy_name not in policy_names:
            continue
        policy = policy_names[policy_name]
        areas = [area] if area != "全業務" else list(budget.areas)
        for year_label, year in zip(years, (2026, 2027, 2028, None, "all")):
            count_cell = summary.cell(row=row, column=header[year_label])
            cost_cell = summary.cell(row=row, column=header[year_label] + 1)
            assert count_cell.data_type == "f" and count_cell.value.startswith("=COUNTIFS(")
            want = [
                v for (a, p, y), v in expected.items() if a in areas and p == policy and (year == "all" or y == year)
            ]
            count = sum(c for c, _ in want)
            assert evaluate.cell(summary.title, count_cell.coordinate) == count, (row, year_label)
            if policy is None:  # an unanswered cost is unknown, not 0, wherever there are unanswered items
                assert evaluate.cell(summary.title, cost_cell.coordinate) == ("不明" if count else 0), (row, year_label)
            else:
                assert cost_cell.data_type == "f" and cost_cell.value.startswith("=SUMIFS(")
                assert evaluate.cell(summary.title, cost_cell.coordinate) == sum(c for _, c in want), (row, year_label)
            checked += 1
    assert checked == (len(budget.areas) + 1) * len(POLICIES + [None]) * len(years)
    # subtotal and grand-total rows are SUMs over the rows above them
    totals = [r for r in range(6, summary.max_row + 1) if summary.cell(row=r, column=2).value in ("小計", "合計")]
    assert len(totals) == len(budget.areas) + 1
    grand = totals[-1]
    total_cost = summary.cell(row=grand, column=header["合計"] + 1)
    assert re.fullmatch(r"=SUM\([A-Z]+\d+:[A-Z]+\d+\)", total_cost.value)
    assert evaluate.cell(summary.title, total_cost.coordinate) == budget.total().cost
    assert (
        evaluate.cell(summary.title, summary.cell(row=grand, column=header["合計"]).coordinate) == budget.total().count
    )
    without = summary.cell(row=grand, column=header["費用未記入"])
    assert evaluate.cell(summary.title, without.coordinate) == budget.total().without_cost
    # 費用未記入 counts the answered items without a cost; for the unanswered ones it does not apply
    unanswered_rows = [r for r in range(6, summary.max_row + 1) if summary.cell(row=r, column=2).value == "未回答"]
    assert unanswered_rows and {summary.cell(row=r, column=header["費用未記入"]).value for r in unanswered_rows} == {"—"}

    # The planner's own rows count at once: add one to the details and the totals follow.
    details.append(
        ["住民記録", "追加", "", "", "ギャップ一覧", "X", "計画担当が追加", "パッケージ改修", "令和8年度", "", 999, ""]
    )
    evaluate = Evaluator(book)
    assert evaluate.cell(summary.title, total_cost.coordinate) == budget.total().cost + 999


def test_printable_page(folders):
    root, given = folders
    budget = make_budget([root])
    page = BeautifulSoup(render_html(budget), "html.parser")
    assert page.html["lang"] == "ja"
    assert "@page" in page.style.get_text() and "A4" in page.style.get_text()
    assert page.find(id="unanswered-count").get_text() == str(len(budget.unanswered))
    overall = page.find("table", id="table-all")
    footer = [td.get_text(strip=True) for td in overall.tfoot.find_all("td")]
    assert footer[-3:] == [str(budget.total().count), f"{budget.total().cost:,}", str(budget.total().without_cost)]
    unanswered_row = overall.tbody.find("tr", attrs={"data-unanswered": True})
    assert unanswered_row.th.get_text(strip=True) == "未回答"
    # as in budget.xlsx: 不明 where there are unanswered items, 0 where there are none, — for 費用未記入
    cells = [td.get_text(strip=True) for td in unanswered_row.find_all("td")]
    counts, costs = cells[0:-1:2], cells[1:-1:2]
    assert [("不明" if int(n) else "0") for n in counts] == costs and "不明" in costs and cells[-1] == "—"
    assert len(page.find("table", id="table-unanswered").tbody.find_all("tr")) == len(budget.unanswered)
    assert "inkan-bシステム" in page.find(class_="notice", string=re.compile("回答ファイルを指定せず")).get_text()
    english = BeautifulSoup(render_html(budget, "en"), "html.parser")
    assert "FY2026" in english.find("table", id="table-all").thead.get_text()


def test_missing_results_are_reported(tmp_path):
    with pytest.raises(InputError, match="holds no result.json"):
        make_budget([tmp_path])


INVENTORY_HEADER = ["機能番号", "機能名", "機能概要", "標準機能ID", "対応"]


def test_from_check_to_budget_on_the_command_line(cli, tmp_path, japanese):
    spec = SPECS / "juki-1.0.json"
    inventory = make_xlsx(
        tmp_path / "住民記録_機能一覧.xlsx",
        {
            "機能一覧": [
                INVENTORY_HEADER,
                ["A-001", "日本人住民データの管理", "住民票記載事項を管理する", "0010001", "○"],
                ["A-002", "外国人住民の管理", "外国人住民の記録", "0010002", "△"],
                ["A-003", "住民票への独自記載項目", "住民票に独自の欄を設ける", "0010011", "○"],
                ["A-004", "職員の昼食注文", "弁当の注文を管理する", "", "○"],
                ["A-005", "在留カード", "在留カード情報", "0010003", "×"],
            ]
        },
    )
    out, answers = tmp_path / "juki", tmp_path / "answers" / "juki.json"
    args = [
        "check",
        "--spec",
        spec,
        "--inventory",
        inventory,
        "--out",
        out,
        "--system",
        "住民記録システム",
    ]
    assert cli(*args).exit_code == 0
    assert "answers" not in read_result_json(out)  # no answers yet

    book = openpyxl.load_workbook(out / "gaps.xlsx")
    filled = {
        ("ギャップ一覧", "0010002"): ("パッケージ改修", 2400, "令和8年度"),
        ("ギャップ一覧", "0010003"): ("運用変更(BPR)", 0, date(2027, 4, 1)),
        ("実装不可該当", "0010011"): ("廃止", 300, "R8"),
    }
    for (title, requirement), (policy, cost, due) in filled.items():
        sheet = book[title]
        columns = {c.value: c.column for c in sheet[1]}
        row = next(
            r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=columns["要件ID"]).value == requirement
        )
        for header, value in zip(("対応方針", "概算費用（千円）", "対応予定時期"), (policy, cost, due)):
            sheet.cell(row=row, column=columns[header]).value = value
    extras = book["独自機能"]
    columns = {c.value: c.column for c in extras[1]}
    extras.cell(row=2, column=columns["対応方針"]).value = "EUCで対応"
    extras.cell(row=2, column=columns["概算費用（千円）"]).value = 150
    book.save(tmp_path / "filled.xlsx")
    imported = cli("answers", "import", tmp_path / "filled.xlsx", "--into", answers)
    assert imported.exit_code == 0, imported.output
    assert "回答 新規4件、変更0件、変更なし0件" in imported.output

    assert cli(*args, "--answers", answers).exit_code == 0  # the next check carries the answers
    document = read_result_json(out)
    assert {(a["target"], a.get("cost_thousand_yen")) for a in document["answers"]["items"]} == {
        ("0010002", 2400),
        ("0010003", 0),
        ("0010011", 300),
        ("A-004", 150),
    }
    carried = openpyxl.load_workbook(out / "gaps.xlsx")["ギャップ一覧"]
    columns = {c.value: c.column for c in carried[1]}
    states = {
        carried.cell(row=r, column=columns["要件ID"]).value: carried.cell(row=r, column=columns["回答状況"]).value
        for r in range(2, carried.max_row + 1)
    }
    assert states["0010002"].startswith("回答済") and list(states.values()).count("未回答") == len(states) - 2

    page = BeautifulSoup((out / "report.html").read_text("utf-8"), "html.parser")
    answer_of = {
        row.td.get_text(strip=True): row.find("td", class_="answer").get_text(" ", strip=True)
        for row in page.find("table", id="table-requirements").tbody.find_all("tr")
    }
    assert answer_of["0010002"] == "パッケージ改修 2,400千円 令和8年度"
    assert answer_of["0010003"] == "運用変更(BPR) 0千円 2027-04-01"
    assert answer_of["0010001"] == "—"  # a fit awaits no answer
    assert "未回答" in answer_of.values()
    (extra,) = page.find("table", id="table-extras").tbody.find_all("tr")
    assert extra.find("td", class_="answer").get_text(" ", strip=True) == "EUCで対応 150千円"

    result = cli("budget", out, "-o", tmp_path / "budget")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "budget" / "budget.xlsx").exists() and (tmp_path / "budget" / "budget.html").exists()
    lines = {line.split()[0]: line.split()[1:] for line in result.output.splitlines() if line.strip()}
    assert (
        lines["パッケージ改修"] == ["1", "2,400"]
        and lines["廃止"] == ["1", "300"]
        and lines["EUCで対応"] == ["1", "150"]
    )
    listed = sum(sheet.max_row - 1 for sheet in book.worksheets if sheet.title not in ("概要", "_gapcheck"))
    assert lines["未回答"] == [str(listed - 4), "不明"]  # every row of gaps.xlsx not answered
    assert lines["合計"][1] == "2,850"
    only_html = cli("budget", out, "-o", tmp_path / "html-only", "--format", "html")
    assert only_html.exit_code == 0 and not (tmp_path / "html-only" / "budget.xlsx").exists()
    assert cli("budget", out, "-o", tmp_path / "x", "--format", "pdf").exit_code == 2


def test_notes_on_checks_without_answers_and_checks_not_counted(cli, folders, tmp_path):
    root, _ = folders
    shutil.copytree(root / "city" / "juki", tmp_path / "again" / "juki")
    result = cli("budget", root, tmp_path / "again", "-o", tmp_path / "out", "--format", "html")
    assert result.exit_code == 0
    assert "inkan-b was checked without --answers" in result.output
    # the same check twice: one is counted, the other shown apart
    assert "(住民記録 / jukiシステム 第1.0版) is superseded by a later edition or check of the same system" in result.output
    budget = make_budget([root, tmp_path / "again"])
    assert budget.total() == make_budget([root]).total()
    # two systems of one area, neither marked a candidate: both counted, and said so
    assert "note: 印鑑登録 サンプル市: more than one current system (inkanシステム, inkan-bシステム)" in result.output
