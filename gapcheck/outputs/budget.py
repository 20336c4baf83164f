"""budget.xlsx and budget.html: the budget annex for planners (財政 / 企画).

The workbook is the planner's own to extend: the 明細 sheet holds one row per item, and every
figure on the 集計 sheet is a COUNTIFS / SUMIFS / SUM formula over it, so rows the planner adds
or corrects are counted at once. The HTML page shows the same figures and prints on A4.

Both say the same: the cost of unanswered items (未回答) is 不明 wherever there are some, and 費用未記入
counts the answered items without a cost (for 未回答 it does not apply: —).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name

from gapcheck import atomic
from gapcheck.model import ResponsePolicy, Role
from gapcheck.outputs.i18n import due_text, fiscal_year_text, label, phrase
from gapcheck.outputs.paths import shown_path
from gapcheck.outputs.render import local_time, page_assets, render
from gapcheck.outputs.xlsx import (
    BODY,
    BOLD,
    COST_FORMAT,
    GRID_HEADER,
    LINE,
    Book,
    Columns,
    finish_sheet,
    fit_row,
    table,
    write_formula,
    write_text,
)
from gapcheck.rules.budget import ALL, Budget, BudgetItem, Source, Total
from gapcheck.version import __version__

XLSX_NAME = "budget.xlsx"
HTML_NAME = "budget.html"

# The 明細 (details) sheet: (role, phrase key, width). Formulas find their columns by role. The
# widths fit A4 landscape at 80 % or more (8-pt print).
DETAIL_COLUMNS = (
    ("area", "budget.area", 10),
    ("system", "budget.system", 13),
    ("edition", "budget.edition", 8),
    ("role", "summary.role", 10),
    ("list", "budget.list", 14),  # 標準オプション whole
    ("id", "budget.id", 9),
    ("name", "budget.name", 16),
    ("policy", "budget.policy", 14),
    ("fiscal_year", "budget.fiscal_year", 10),
    ("due", "budget.due", 10),
    ("cost", "budget.cost", 9),
    ("note", "budget.note", 11),
    ("source", "budget.source_no", 6),
)
_COST = [role for role, _, _ in DETAIL_COLUMNS].index("cost")


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


def _details_sheet(book: Book, budget: Budget, lang: str) -> None:
    table(
        book,
        book.sheet(phrase("budget.details", lang)),
        [(phrase(key, lang), width) for _, key, width in DETAIL_COLUMNS],
        ([values[role] for role, _, _ in DETAIL_COLUMNS] for values in (_detail_values(i, budget, lang) for i in budget.items)),
        column_styles={_COST: {**BODY, "num_format": COST_FORMAT}},
    )


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
    """Columns of the 集計 sheet (from 0): area, policy, a (count, cost) pair per fiscal year and
    the total, then the count without a cost."""

    years: tuple[int | None, ...]

    FIRST_PAIR = 2
    LABEL_ROW = 3  # fiscal-year labels; the row below says 件数 / 費用
    # area, response, count, cost, 費用未記入: a few fiscal years fit A4 landscape at 8 pt or more
    WIDTHS = (16, 22, 6, 9, 9)

    def pair(self, index: int) -> tuple[int, int]:
        column = self.FIRST_PAIR + 2 * index
        return column, column + 1

    @property
    def total_pair(self) -> tuple[int, int]:
        return self.pair(len(self.years))

    @property
    def without_cost(self) -> int:
        return self.total_pair[1] + 1

    @property
    def widths(self) -> list[float]:
        """Every column's width, from column A to 費用未記入."""
        area, policy, count, cost, no_cost = self.WIDTHS
        return [area, policy, *[count, cost] * (len(self.years) + 1), no_cost]

    @property
    def figures(self) -> range:
        """The columns of figures (counts and costs)."""
        return range(self.FIRST_PAIR, self.without_cost + 1)


FIGURE = {"num_format": COST_FORMAT, "align": "right", "valign": "top"}  # a count or a cost (or 不明)
NOT_APPLICABLE = "—"  # 費用未記入 of the unanswered items: they have no answer, let alone a cost


def _summary_sheet(book: Book, budget: Budget, details: str, lang: str) -> None:
    sheet = book.sheet(phrase("budget.by_area", lang))
    layout = _Layout(budget.fiscal_years)
    formulas = _Formulas(details)
    # the title and the notes run on to the right over empty cells, whole (a wrapping cell cut them)
    sheet.write_string(0, 0, phrase("budget.title", lang), book.format(BOLD, font_size=12))
    sheet.set_row(0, 20)
    sheet.write_string(1, 0, phrase("budget.unanswered_note", lang), book.format(LINE))
    sheet.write_string(2, 0, phrase("budget.thousand_yen", lang), book.format(LINE))
    top, sub = layout.LABEL_ROW, layout.LABEL_ROW + 1
    header = book.format(GRID_HEADER)
    for column in range(layout.without_cost + 1):
        for row in (top, sub):
            sheet.write_blank(row, column, None, header)
    for column, key in ((0, "budget.area"), (1, "budget.policy"), (layout.without_cost, "budget.no_cost")):
        sheet.merge_range(top, column, sub, column, phrase(key, lang), header)
    labels = [fiscal_year_label(y, lang) for y in layout.years] + [phrase("budget.total", lang)]
    for index, text in enumerate(labels):
        count, cost = layout.pair(index)
        sheet.merge_range(top, count, top, cost, text, header)
        sheet.write_string(sub, count, phrase("budget.count", lang), header)
        sheet.write_string(sub, cost, phrase("budget.cost_short", lang), header)

    counted, others = _blocks(budget, formulas, lang)
    line = _write_blocks(book, sheet, counted, budget, layout, formulas, sub + 1, lang)
    if others:
        sheet.write_string(line, 0, phrase("budget.not_counted", lang), book.format(BOLD))
        note = phrase("budget.not_counted_note", lang)
        sheet.merge_range(line + 1, 0, line + 1, layout.without_cost, note, book.format(BODY))
        fit_row(sheet, line + 1, [note], [sum(layout.widths) + 0.7 * layout.without_cost])
        line = _write_blocks(book, sheet, others, budget, layout, formulas, line + 2, lang)
    for column, width in enumerate(layout.widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(sub + 1, layout.FIRST_PAIR)
    sheet.repeat_rows(top, sub)
    finish_sheet(sheet, line, layout.without_cost, header=sub)


def _blank_figures(book: Book, sheet, layout: _Layout, *rows: int) -> None:
    """Empty figure cells in the figures' number format (what a planner types there is formatted too)."""
    figure = book.format(FIGURE)
    for row in rows:
        for column in layout.figures:
            sheet.write_blank(row, column, None, figure)


def _write_blocks(book: Book, sheet, blocks: list[_Block], budget: Budget, layout: _Layout, formulas: _Formulas,
                  line: int, lang: str) -> int:
    """Each block's lines from `line` on (0-based; formulas name Excel's rows, from 1); the line
    after the last block."""
    top = layout.LABEL_ROW
    plain, figure = book.text_formats(BODY), book.format(FIGURE)
    subtotal, subtotal_text = book.format({**BOLD, **FIGURE}), book.text_formats({**BODY, "bold": True})
    unknown = phrase("budget.unknown", lang).replace('"', '""')
    for block in blocks:
        first = line
        for policy in budget.policies:
            write_text(sheet, line, 0, block.title, plain)
            write_text(sheet, line, 1, policy_label(policy, lang), plain)
            fit_row(sheet, line, [block.title, policy_label(policy, lang)], layout.WIDTHS[:2])
            scope, policy_ref = block.scope(line + 1), f"$B{line + 1}"
            for index in range(len(layout.years) + 1):
                count, cost = layout.pair(index)
                year_ref = f"{xl_col_to_name(count)}${top + 1}" if index < len(layout.years) else None
                write_formula(sheet, line, count, formulas.count(scope, policy_ref, year_ref), figure)
                if policy is None:  # no answer, no cost: unknown wherever there are such items
                    count_ref = f"{xl_col_to_name(count)}{line + 1}"
                    write_formula(sheet, line, cost, f'=IF({count_ref}=0,0,"{unknown}")', figure)
                else:
                    write_formula(sheet, line, cost, formulas.cost(scope, policy_ref, year_ref), figure)
            if policy is None:
                sheet.write_string(line, layout.without_cost, NOT_APPLICABLE, figure)
            else:
                write_formula(sheet, line, layout.without_cost, formulas.without_cost(scope, policy_ref), figure)
            line += 1
        write_text(sheet, line, 0, block.title, subtotal_text)
        write_text(sheet, line, 1, phrase(block.footer, lang), subtotal_text)
        fit_row(sheet, line, [block.title, phrase(block.footer, lang)], layout.WIDTHS[:2])
        for column in layout.figures:
            letter = xl_col_to_name(column)
            write_formula(sheet, line, column, f"=SUM({letter}{first + 1}:{letter}{line})", subtotal)
        _blank_figures(book, sheet, layout, line + 1, line + 2)  # the number format reaches past the total
        line += 2
    return line


def _sources_sheet(book: Book, budget: Budget, lang: str) -> None:
    columns = [
        ("budget.source_no", 7),
        ("budget.area", 10),
        ("budget.edition", 9),
        ("budget.system", 18),
        ("summary.role", 14),
        ("budget.checked", 16),
        ("budget.answered", 6),
        ("budget.folder", 36),
    ]
    table(
        book,
        book.sheet(phrase("budget.sources", lang)),
        [(phrase(key, lang), width) for key, width in columns],
        # the folder as the planner named it, or relative to where the command ran: never the machine's own path
        ([n, s.area, s.version, s.system, label(s.role, lang), local_time(s.checked_at),
          phrase("budget.yes" if s.answered else "budget.no", lang), shown_path(s.path)]
         for n, s in enumerate(budget.sources, start=1)),
    )


def render_xlsx(budget: Budget, lang: str = "ja") -> bytes:
    """budget.xlsx: 集計 (formulas), 明細 (one row per item), 集計元 (the result folders)."""
    book = Book()
    _summary_sheet(book, budget, phrase("budget.details", lang), lang)
    _details_sheet(book, budget, lang)
    _sources_sheet(book, budget, lang)
    return book.close()


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
    with atomic.locked_folder(out_dir):
        for name, content in rendered.items():
            atomic.write_bytes(out_dir / name, content)
    return [out_dir / name for name in rendered]


def fiscal_year_label(year: int | None, lang: str = "ja") -> str:
    """令和8年度 / FY2026; 時期未定 for items without a date."""
    if year is None:
        return phrase("budget.undated", lang)
    return fiscal_year_text(year, lang)
