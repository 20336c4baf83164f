"""budget.xlsx and budget.html: the budget annex for planners (財政 / 企画).

The workbook is the planner's own to extend: the 明細 sheet holds one row per item, and every
figure on the 集計 sheet is a COUNTIFS / SUMIFS / SUM formula over it, so rows the planner adds
or corrects are counted at once. The HTML page shows the same figures and prints on A4.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from gapcheck import atomic
from gapcheck.model import ResponsePolicy, Role
from gapcheck.outputs.i18n import due_text, fiscal_year_text, label, phrase
from gapcheck.outputs.render import page_assets, render
from gapcheck.outputs.xlsx import HEADER_FILL, HEADER_FONT, Columns, finish_sheet, set_text, table, write_row
from gapcheck.rules.budget import ALL, Budget, BudgetItem, Source, Total
from gapcheck.version import __version__

XLSX_NAME = "budget.xlsx"
HTML_NAME = "budget.html"
COST_FORMAT = "#,##0"

# The 明細 (details) sheet: (role, phrase key, width). Formulas find their columns by role.
DETAIL_COLUMNS = (
    ("area", "budget.area", 14),
    ("system", "budget.system", 22),
    ("edition", "budget.edition", 10),
    ("role", "summary.role", 14),
    ("list", "budget.list", 13),
    ("id", "budget.id", 12),
    ("name", "budget.name", 36),
    ("policy", "budget.policy", 20),
    ("fiscal_year", "budget.fiscal_year", 11),
    ("due", "budget.due", 12),
    ("cost", "budget.cost", 14),
    ("note", "budget.note", 30),
    ("source", "budget.source_no", 9),
)
_COST = [role for role, _, _ in DETAIL_COLUMNS].index("cost") + 1


def policy_label(policy: ResponsePolicy | None, lang: str) -> str:
    return phrase("budget.unanswered", lang) if policy is None else label(policy, lang)


def _detail_values(item: BudgetItem, budget: Budget, lang: str) -> dict[str, object]:
    return {
        "area": item.area,
        "system": item.system,
        "edition": budget.sources[item.source].version,
        "role": label(item.role, lang),
        "list": label(item.gap_list, lang),
        "id": item.target,
        "name": item.name,
        "policy": policy_label(item.policy, lang),
        "fiscal_year": fiscal_year_label(item.fiscal_year, lang),
        "due": due_text(item.due, lang) if item.due else "",
        "cost": item.cost_thousand_yen,
        "note": item.note,
        "source": item.source + 1,  # the No. of its check on the sheet 集計元
    }


def _details_sheet(book, budget: Budget, lang: str) -> str:
    sheet = book.create_sheet(phrase("budget.details", lang))
    table(
        sheet,
        [(phrase(key, lang), width) for _, key, width in DETAIL_COLUMNS],
        ([values[role] for role, _, _ in DETAIL_COLUMNS] for values in (_detail_values(i, budget, lang) for i in budget.items)),
    )
    for (cell,) in sheet.iter_rows(min_row=2, max_row=len(budget.items) + 1, min_col=_COST, max_col=_COST):
        cell.number_format = COST_FORMAT
    return sheet.title


class _Formulas:
    """COUNTIFS / SUMIFS over the details sheet, within a block's scope (criteria pairs, see
    _blocks), for the row's policy and the column's fiscal year (cell references)."""

    def __init__(self, details: str):
        self.columns = Columns(details, [role for role, _, _ in DETAIL_COLUMNS])

    def range(self, role: str) -> str:
        return self.columns[role]

    def _criteria(self, scope: list[str], policy: str, fiscal_year: str | None) -> list[str]:
        parts = [*scope, f"{self.range('policy')},{policy}"]
        if fiscal_year:
            parts.append(f"{self.range('fiscal_year')},{fiscal_year}")
        return parts

    def count(self, scope: list[str], policy: str, fiscal_year: str | None = None) -> str:
        return self.columns.count(self._criteria(scope, policy, fiscal_year))

    def cost(self, scope: list[str], policy: str, fiscal_year: str | None = None) -> str:
        return self.columns.sum("cost", self._criteria(scope, policy, fiscal_year))

    def without_cost(self, scope: list[str], policy: str) -> str:
        return self.columns.count([*self._criteria(scope, policy, None), self.range("cost") + ',""'])


@dataclass(frozen=True)
class _Block:
    """Rows of the 集計 sheet for one scope: a line per response and a subtotal."""

    title: str  # column A; for an area block the area itself, which its formulas compare with
    scope: Callable[[int], list[str]]  # the line number → COUNTIFS criteria pairs for the scope
    footer: str  # phrase key of the subtotal line


def _blocks(budget: Budget, formulas: _Formulas, lang: str) -> tuple[list[_Block], list[_Block]]:
    """The counted blocks (each area, then all areas) and the blocks of the checks not counted.

    Counted lines leave out the candidates' and superseded checks' rows of 明細 (rows a planner adds
    without a 集計 value are counted); a check not counted is selected by its No. on 集計元."""
    role = formulas.range("role")
    counted = [f'{role},"<>{label(r, lang)}"' for r in (Role.CANDIDATE, Role.SUPERSEDED)]
    # "="& keeps an area name that starts with < > = from being read as a comparison.
    areas = [
        _Block(area, lambda line: [f'{formulas.range("area")},"="&$A{line}', *counted], "budget.subtotal")
        for area in budget.areas
    ]
    areas.append(_Block(phrase("budget.all_areas", lang), lambda line: counted, "budget.total"))
    others = [
        _Block(source_title(budget.sources[n], lang), lambda line, n=n: [f"{formulas.range('source')},{n + 1}"], "budget.subtotal")
        for n in budget.not_counted
    ]
    return areas, others


def source_title(source: Source, lang: str) -> str:
    """調達候補: 住民記録 RESIDENT-ONE 第1.1版"""
    return f"{label(source.role, lang)}: {source.area} {source.system} {source.version}"


@dataclass(frozen=True)
class _Layout:
    """Columns of the 集計 sheet: area, policy, a (count, cost) pair per fiscal year and the total,
    then the count without a cost."""

    years: tuple[int | None, ...]

    FIRST_PAIR = 3
    LABEL_ROW = 4  # fiscal-year labels; row 5 says 件数 / 費用

    def pair(self, index: int) -> tuple[int, int]:
        column = self.FIRST_PAIR + 2 * index
        return column, column + 1

    @property
    def total_pair(self) -> tuple[int, int]:
        return self.pair(len(self.years))

    @property
    def without_cost(self) -> int:
        return self.total_pair[1] + 1


def _summary_sheet(book, budget: Budget, details: str, lang: str) -> None:
    sheet = book.create_sheet(phrase("budget.by_area", lang), 0)
    layout = _Layout(budget.fiscal_years)
    formulas = _Formulas(details)
    write_row(sheet, 1, [phrase("budget.title", lang)], font=HEADER_FONT)
    write_row(sheet, 2, [phrase("budget.unanswered_note", lang)])
    top, sub = layout.LABEL_ROW, layout.LABEL_ROW + 1
    for column, key in ((1, "budget.area"), (2, "budget.policy")):
        set_text(sheet.cell(row=top, column=column), phrase(key, lang))
        sheet.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
    labels = [fiscal_year_label(y, lang) for y in layout.years] + [phrase("budget.total", lang)]
    for index, text in enumerate(labels):
        count, cost = layout.pair(index)
        set_text(sheet.cell(row=top, column=count), text)
        sheet.merge_cells(start_row=top, start_column=count, end_row=top, end_column=cost)
        set_text(sheet.cell(row=sub, column=count), phrase("budget.count", lang))
        set_text(sheet.cell(row=sub, column=cost), phrase("budget.cost", lang))
    set_text(sheet.cell(row=top, column=layout.without_cost), phrase("budget.no_cost", lang))
    sheet.merge_cells(start_row=top, start_column=layout.without_cost, end_row=sub, end_column=layout.without_cost)
    for row in (top, sub):
        for column in range(1, layout.without_cost + 1):
            cell = sheet.cell(row=row, column=column)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    counted, others = _blocks(budget, formulas, lang)
    line = _write_blocks(sheet, counted, budget, layout, formulas, sub + 1, lang)
    if others:
        write_row(sheet, line, [phrase("budget.not_counted", lang)], font=HEADER_FONT)
        write_row(sheet, line + 1, [phrase("budget.not_counted_note", lang)])
        line = _write_blocks(sheet, others, budget, layout, formulas, line + 2, lang)
    for row in sheet.iter_rows(min_row=sub + 1, max_row=line):
        for cell in row[layout.FIRST_PAIR - 1 :]:
            cell.number_format = COST_FORMAT
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 22
    for column in range(layout.FIRST_PAIR, layout.without_cost + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.freeze_panes = sheet.cell(row=sub + 1, column=layout.FIRST_PAIR)
    sheet.print_title_rows = f"{top}:{sub}"
    finish_sheet(sheet, header_row_number=sub)


def _write_blocks(sheet, blocks: list[_Block], budget: Budget, layout: _Layout, formulas: _Formulas, line: int,
                  lang: str) -> int:
    """Each block's lines from `line` on; the line after the last block."""
    top = layout.LABEL_ROW
    for block in blocks:
        first = line
        for policy in budget.policies:
            set_text(sheet.cell(row=line, column=1), block.title)
            set_text(sheet.cell(row=line, column=2), policy_label(policy, lang))
            scope, policy_ref = block.scope(line), f"$B{line}"
            for index in range(len(layout.years) + 1):
                count, cost = layout.pair(index)
                year_ref = f"{get_column_letter(count)}${top}" if index < len(layout.years) else None
                sheet.cell(row=line, column=count).value = formulas.count(scope, policy_ref, year_ref)
                if policy is None:
                    set_text(sheet.cell(row=line, column=cost), phrase("budget.unknown", lang))
                else:
                    sheet.cell(row=line, column=cost).value = formulas.cost(scope, policy_ref, year_ref)
            sheet.cell(row=line, column=layout.without_cost).value = formulas.without_cost(scope, policy_ref)
            line += 1
        set_text(sheet.cell(row=line, column=1), block.title)
        set_text(sheet.cell(row=line, column=2), phrase(block.footer, lang))
        for column in range(layout.FIRST_PAIR, layout.without_cost + 1):
            letter = get_column_letter(column)
            sheet.cell(row=line, column=column).value = f"=SUM({letter}{first}:{letter}{line - 1})"
        for column in range(1, layout.without_cost + 1):
            sheet.cell(row=line, column=column).font = HEADER_FONT
        line += 2
    return line


def _sources_sheet(book, budget: Budget, lang: str) -> None:
    sheet = book.create_sheet(phrase("budget.sources", lang))
    columns = [
        ("budget.source_no", 8),
        ("budget.area", 14),
        ("budget.edition", 12),
        ("budget.system", 24),
        ("summary.role", 18),
        ("budget.checked", 18),
        ("budget.answered", 10),
        ("budget.folder", 50),
    ]
    table(
        sheet,
        [(phrase(key, lang), width) for key, width in columns],
        ([n, s.area, s.version, s.system, label(s.role, lang), s.checked_at,
          phrase("budget.yes" if s.answered else "budget.no", lang), s.path]
         for n, s in enumerate(budget.sources, start=1)),
    )


def budget_workbook(budget: Budget, lang: str = "ja"):
    book = openpyxl.Workbook()
    book.remove(book.active)
    details = _details_sheet(book, budget, lang)
    _summary_sheet(book, budget, details, lang)
    _sources_sheet(book, budget, lang)
    book.active = 0
    return book


def render_xlsx(budget: Budget, lang: str = "ja") -> bytes:
    stream = io.BytesIO()
    budget_workbook(budget, lang).save(stream)
    return stream.getvalue()


# --- HTML -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    title: str
    cells: tuple[Total, ...]  # per fiscal year
    total: Total
    unanswered: bool = False


@dataclass(frozen=True)
class Table:
    title: str
    rows: tuple[TableRow, ...]
    footer: TableRow


def _table(budget: Budget, title: str, lang: str, area=ALL, source=ALL, role: Role = Role.CURRENT) -> Table:
    def total(policy=ALL, year=ALL) -> Total:
        return budget.total(area, policy, year, source=source, role=role)

    rows = tuple(
        TableRow(
            policy_label(policy, lang),
            tuple(total(policy, year) for year in budget.fiscal_years),
            total(policy),
            unanswered=policy is None,
        )
        for policy in budget.policies
    )
    footer = TableRow(
        phrase("budget.total" if area is ALL and source is ALL else "budget.subtotal", lang),
        tuple(total(ALL, year) for year in budget.fiscal_years),
        total(),
    )
    return Table(title, rows, footer)


def render_html(budget: Budget, lang: str = "ja", generated_at: datetime | None = None) -> bytes:
    context = {
        "budget": budget,
        "years": [fiscal_year_label(y, lang) for y in budget.fiscal_years],
        "overall": _table(budget, phrase("budget.by_policy", lang), lang),
        "tables": [_table(budget, area, lang, area=area) for area in budget.areas],
        "others": [
            _table(budget, source_title(budget.sources[n], lang), lang, source=n, role=budget.sources[n].role)
            for n in budget.not_counted
        ],
        "unanswered": [_detail_values(item, budget, lang) for item in budget.unanswered],
        "generated_at": (generated_at or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "generator": f"gapcheck {__version__}",
    }
    return render("budget.html.j2", lang, **context, **page_assets()).encode("utf-8")


RENDERERS = {"xlsx": (XLSX_NAME, render_xlsx), "html": (HTML_NAME, render_html)}


def write_budget(
    budget: Budget, out_dir: str | Path, formats: tuple[str, ...] = ("xlsx", "html"), lang: str = "ja"
) -> list[Path]:
    """Render every format first, then write them atomically into out_dir under its lock."""
    out_dir = Path(out_dir)
    rendered = {RENDERERS[f][0]: RENDERERS[f][1](budget, lang) for f in formats}
    with atomic.locked(out_dir, "output folder"):
        for name, content in rendered.items():
            atomic.write_bytes(out_dir / name, content)
    return [out_dir / name for name in rendered]


def fiscal_year_label(year: int | None, lang: str = "ja") -> str:
    """令和8年度 / FY2026; 時期未定 for items without a date."""
    if year is None:
        return phrase("budget.undated", lang)
    return fiscal_year_text(year, lang)
