"""milestones.xlsx: the milestones as the planner's workbook.

- 年度別スケジュール: business area × fiscal year promised, items and costs, with the items not
  answered, late and after the deadline: every figure a COUNTIFS / SUMIFS / SUM over 明細, like the
  budget's, so rows the planner adds or corrects count at once. Candidates and superseded
  editions have rows of their own below the totals.
- 明細: one row per item with its dates; 移行予定日後 and 期限後 are formulas over the row's dates.
- システム別: each check's deadline and planned date, with its counts as formulas over 明細.
- 遅延項目 and 適合基準日: the late items and the requirements that take effect after go-live.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

from gapcheck.model import Role
from gapcheck.outputs.budget import FIGURE, fiscal_year_label, policy_label
from gapcheck.outputs.i18n import due_text, label, phrase
from gapcheck.outputs.milestones import item_rows, requirement_rows
from gapcheck.outputs.xlsx import (
    BODY,
    BOLD,
    COST_FORMAT,
    GRID_HEADER,
    TITLE,
    Book,
    Columns,
    finish_sheet,
    header_row,
    table,
    write_formula,
    write_row,
    write_text,
)
from gapcheck.rules.milestones import Milestones, latest_day

XLSX_NAME = "milestones.xlsx"
DATE_FORMAT = "yyyy-mm-dd"

# 明細: (role, phrase key, width). Formulas find their columns by role.
DETAIL_COLUMNS = (
    ("area", "budget.area", 14),
    ("system", "budget.system", 22),
    ("edition", "budget.edition", 10),
    ("role", "summary.role", 14),
    ("source", "budget.source_no", 9),
    ("list", "budget.list", 13),
    ("id", "budget.id", 12),
    ("name", "budget.name", 34),
    ("policy", "budget.policy", 18),
    ("fiscal_year", "budget.fiscal_year", 11),
    ("due", "budget.due", 12),
    ("latest", "milestones.latest_day", 12),
    ("planned", "milestones.planned", 12),
    ("deadline", "milestones.deadline", 12),
    ("late", "milestones.late", 10),
    ("after_deadline", "milestones.after_deadline", 10),
    ("cost", "budget.cost", 14),
    ("note", "budget.note", 28),
)
_ROLES = [role for role, _, _ in DETAIL_COLUMNS]


def _letter(role: str) -> str:
    return xl_col_to_name(_ROLES.index(role))


def _details_sheet(book: Book, milestones: Milestones, lang: str) -> None:
    sheet = book.sheet(phrase("budget.details", lang))
    header_row(book, sheet, [phrase(key, lang) for _, key, _ in DETAIL_COLUMNS], [width for _, _, width in DETAIL_COLUMNS])
    sources, mark = milestones.budget.sources, phrase("milestones.yes", lang)
    latest, planned, deadline = _letter("latest"), _letter("planned"), _letter("deadline")
    body, day_format = book.format(BODY), book.format(BODY, num_format=DATE_FORMAT)
    cost = {_ROLES.index("cost"): {**BODY, "num_format": COST_FORMAT}}
    for line, item in enumerate(milestones.budget.items, start=1):
        plan, source = milestones.plans[item.source], sources[item.source]
        values = {
            "area": item.area,
            "system": item.system,
            "edition": source.version,
            "role": label(item.role, lang),
            "source": item.source + 1,
            "list": label(item.gap_list, lang),
            "id": item.target,
            "name": item.name,
            "policy": policy_label(item.policy, lang),
            "fiscal_year": fiscal_year_label(item.fiscal_year, lang),
            "due": due_text(item.due, lang) if item.due else "",
            "note": item.note,
            "cost": item.cost_thousand_yen,
        }
        write_row(book, sheet, line, [values.get(role) for role in _ROLES], column_styles=cost)
        for role, day in (("latest", item.due and latest_day(item.due)), ("planned", plan.planned), ("deadline", plan.deadline)):
            if day is not None:
                sheet.write_datetime(line, _ROLES.index(role), day, day_format)
        # judged in the sheet, so that a corrected date or a planned date typed in counts at once
        row = line + 1  # as Excel numbers it
        reference = f'IF({planned}{row}="",{deadline}{row},{planned}{row})'
        write_formula(sheet, line, _ROLES.index("late"),
                            f'=IF({latest}{row}="","",IF({latest}{row}>{reference},"{mark}",""))', body)
        write_formula(sheet, line, _ROLES.index("after_deadline"),
                            f'=IF({latest}{row}="","",IF({latest}{row}>{deadline}{row},"{mark}",""))', body)
    finish_sheet(sheet, len(milestones.budget.items), len(_ROLES) - 1)


def _schedule_sheet(book: Book, milestones: Milestones, columns: Columns, lang: str) -> None:
    """Area × fiscal year: (items, cost) per year and in total, then 未回答, 移行予定日後, 期限後."""
    sheet = book.sheet(phrase("milestones.sheet.schedule", lang))
    years = milestones.fiscal_years
    top, sub, first = 3, 4, 1  # label rows; the first column of figures (from 0)
    flags = ("unanswered", "late", "after_deadline")
    last = first + 2 * (len(years) + 1) + len(flags) - 1
    write_row(book, sheet, 0, [phrase("milestones.schedule", lang)], TITLE)
    write_row(book, sheet, 1, [phrase("milestones.schedule.note", lang)])
    header = book.format(GRID_HEADER)
    for row in (top, sub):
        for column in range(last + 1):
            sheet.write_blank(row, column, None, header)
    sheet.merge_range(top, 0, sub, 0, phrase("summary.area", lang), header)
    for index, text in enumerate([fiscal_year_label(y, lang) for y in years] + [phrase("budget.total", lang)]):
        column = first + 2 * index
        sheet.merge_range(top, column, top, column + 1, text, header)
        sheet.write_string(sub, column, phrase("budget.count", lang), header)
        sheet.write_string(sub, column + 1, phrase("budget.cost", lang), header)
    for offset, flag in enumerate(flags):
        column = first + 2 * (len(years) + 1) + offset
        sheet.merge_range(top, column, sub, column, phrase(f"milestones.{flag}", lang), header)

    mark = f'"{phrase("milestones.yes", lang)}"'
    unanswered = f'"{policy_label(None, lang)}"'
    plain, figure = book.text_formats(), book.format(FIGURE)

    def figures(line: int, scope: list[str]) -> None:
        for index in range(len(years) + 1):
            column = first + 2 * index
            year = [f"{columns['fiscal_year']},{xl_col_to_name(column)}${top + 1}"] if index < len(years) else []
            write_formula(sheet, line, column, columns.count([*scope, *year]), figure)
            write_formula(sheet, line, column + 1, columns.sum("cost", [*scope, *year]), figure)
        for offset, criterion in enumerate(
            (f"{columns['policy']},{unanswered}", f"{columns['late']},{mark}", f"{columns['after_deadline']},{mark}")
        ):
            write_formula(sheet, line, first + 2 * (len(years) + 1) + offset, columns.count([*scope, criterion]), figure)

    def blank(*rows: int) -> None:  # the figures' number format reaches past the totals
        for row in rows:
            for column in range(first, last + 1):
                sheet.write_blank(row, column, None, figure)

    counted = [f'{columns["role"]},"<>{label(r, lang)}"' for r in (Role.CANDIDATE, Role.SUPERSEDED)]
    line = sub + 1
    for area in milestones.areas:
        write_text(sheet, line, 0, area, plain)
        # "="& keeps an area name that starts with < > = from being read as a comparison
        figures(line, [f'{columns["area"]},"="&$A{line + 1}', *counted])
        line += 1
    write_text(sheet, line, 0, phrase("budget.total", lang), book.text_formats(BOLD))
    total = book.format({**BOLD, **FIGURE})
    for column in range(first, last + 1):
        letter = xl_col_to_name(column)
        write_formula(sheet, line, column, f"=SUM({letter}{sub + 2}:{letter}{line})", total)
    blank(line + 1, line + 2)
    line += 2
    sources = milestones.budget.sources
    if milestones.budget.not_counted:
        write_row(book, sheet, line, [phrase("budget.not_counted", lang)], TITLE)
        line += 1
        for n in milestones.budget.not_counted:
            source = sources[n]
            write_text(sheet, line, 0, f"{label(source.role, lang)}: {source.area} {source.system} {source.version}", plain)
            figures(line, [f"{columns['source']},{n + 1}"])
            line += 1
        blank(line)
    sheet.set_column(0, 0, 34)
    sheet.set_column(first, last, 11)
    sheet.freeze_panes(sub + 1, first)
    sheet.repeat_rows(top, sub)
    finish_sheet(sheet, line, last, header=sub)


def _systems_sheet(book: Book, milestones: Milestones, columns: Columns, lang: str) -> None:
    sheet = book.sheet(phrase("milestones.sheet.systems", lang))
    headers = [
        ("budget.source_no", 8), ("budget.area", 14), ("budget.system", 22), ("budget.edition", 10), ("summary.role", 16),
        ("milestones.deadline", 12), ("milestones.planned", 12), ("milestones.items", 9), ("milestones.late", 10),
        ("milestones.after_deadline", 10), ("milestones.unanswered", 9), ("milestones.effective_count", 12),
        ("budget.folder", 40),
    ]
    header_row(book, sheet, [phrase(key, lang) for key, _ in headers], [width for _, width in headers])
    mark = f'"{phrase("milestones.yes", lang)}"'
    plain, day_format = book.text_formats(), book.format(num_format=DATE_FORMAT)
    for line, (source, plan) in enumerate(zip(milestones.budget.sources, milestones.plans), start=1):
        scope = [f"{columns['source']},$A{line + 1}"]
        write_row(book, sheet, line, [plan.source + 1, source.area, source.system, source.version, label(source.role, lang)])
        for column, day in ((5, plan.deadline), (6, plan.planned)):
            if day is not None:
                sheet.write_datetime(line, column, day, day_format)
        write_formula(sheet, line, 7, columns.count(scope))
        write_formula(sheet, line, 8, columns.count([*scope, f"{columns['late']},{mark}"]))
        write_formula(sheet, line, 9, columns.count([*scope, f"{columns['after_deadline']},{mark}"]))
        write_formula(sheet, line, 10, columns.count([*scope, f'{columns["policy"]},"{policy_label(None, lang)}"']))
        sheet.write_number(line, 11, len(plan.after_go_live))
        write_text(sheet, line, 12, source.path, plain)
    finish_sheet(sheet, len(milestones.budget.sources), len(headers) - 1)


def _late_sheet(book: Book, milestones: Milestones, lang: str) -> None:
    columns = [
        ("budget.area", 14), ("budget.system", 22), ("summary.role", 14), ("budget.list", 13), ("budget.id", 12),
        ("budget.name", 34), ("budget.policy", 18), ("budget.due", 12), ("milestones.planned", 12),
        ("milestones.deadline", 12), ("milestones.when", 16), ("budget.cost", 14),
    ]
    rows = [
        [
            r.source.area, r.source.system, label(r.source.role, lang), label(r.item.gap_list, lang), r.item.target,
            r.item.name, policy_label(r.item.policy, lang), due_text(r.item.due, lang) if r.item.due else "",
            (r.plan.planned or r.plan.deadline).isoformat(), r.plan.deadline.isoformat(),
            phrase("milestones.after_deadline" if r.after_deadline else "milestones.late", lang), r.item.cost_thousand_yen,
        ]
        for r in item_rows(milestones)
        if r.late or r.after_deadline
    ]
    table(book, book.sheet(phrase("milestones.sheet.late", lang)), [(phrase(k, lang), w) for k, w in columns], rows)


def _requirements_sheet(book: Book, milestones: Milestones, lang: str) -> None:
    columns = [
        ("budget.area", 14), ("budget.system", 22), ("budget.edition", 10), ("summary.role", 14), ("id", 12),
        ("name", 36), ("category", 14), ("report.verdict", 12), ("effective_from", 12), ("milestones.planned", 12),
    ]
    rows = [
        [
            r.source.area, r.source.system, r.source.version, label(r.source.role, lang), r.requirement.id,
            r.requirement.name, label(r.requirement.category, lang), label(r.requirement.verdict, lang),
            r.requirement.effective_from.isoformat(), (r.plan.planned or r.plan.deadline).isoformat(),
        ]
        for r in requirement_rows(milestones)
    ]
    table(book, book.sheet(phrase("milestones.sheet.requirements", lang)), [(phrase(k, lang), w) for k, w in columns], rows)


def render_xlsx(milestones: Milestones, lang: str = "ja") -> bytes:
    """milestones.xlsx: 年度別スケジュール first, then 明細 (whose columns its formulas count), システム別,
    遅延項目 and 適合基準日."""
    book = Book()
    columns = Columns(phrase("budget.details", lang), _ROLES)
    _schedule_sheet(book, milestones, columns, lang)
    _details_sheet(book, milestones, lang)
    _systems_sheet(book, milestones, columns, lang)
    _late_sheet(book, milestones, lang)
    _requirements_sheet(book, milestones, lang)
    return book.close()
