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

import io
from datetime import date

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from gapcheck.model import Role
from gapcheck.outputs.budget import COST_FORMAT, fiscal_year_label, policy_label
from gapcheck.outputs.i18n import due_text, label, phrase
from gapcheck.outputs.milestones import item_rows, requirement_rows
from gapcheck.outputs.xlsx import HEADER_FILL, HEADER_FONT, Columns, finish_sheet, header_row, set_text, table, write_row
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
    return get_column_letter(_ROLES.index(role) + 1)


def _date_cell(cell, day: date | None) -> None:
    if day is not None:
        cell.value = day
        cell.number_format = DATE_FORMAT


def _details_sheet(book, milestones: Milestones, lang: str) -> Columns:
    sheet = book.create_sheet(phrase("budget.details", lang))
    header_row(sheet, [phrase(key, lang) for _, key, _ in DETAIL_COLUMNS], [width for _, _, width in DETAIL_COLUMNS])
    sources, mark = milestones.budget.sources, phrase("milestones.yes", lang)
    latest, planned, deadline = _letter("latest"), _letter("planned"), _letter("deadline")
    for line, item in enumerate(milestones.budget.items, start=2):
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
        write_row(sheet, line, [values.get(role) for role in _ROLES])
        for role, day in (("latest", item.due and latest_day(item.due)), ("planned", plan.planned), ("deadline", plan.deadline)):
            _date_cell(sheet[f"{_letter(role)}{line}"], day)
        # judged in the sheet, so that a corrected date or a planned date typed in counts at once
        reference = f'IF({planned}{line}="",{deadline}{line},{planned}{line})'
        sheet[f"{_letter('late')}{line}"] = f'=IF({latest}{line}="","",IF({latest}{line}>{reference},"{mark}",""))'
        sheet[f"{_letter('after_deadline')}{line}"] = f'=IF({latest}{line}="","",IF({latest}{line}>{deadline}{line},"{mark}",""))'
        sheet[f"{_letter('cost')}{line}"].number_format = COST_FORMAT
    finish_sheet(sheet)
    return Columns(sheet.title, _ROLES)


def _schedule_sheet(book, milestones: Milestones, columns: Columns, lang: str) -> None:
    """Area × fiscal year: (items, cost) per year and in total, then 未回答, 移行予定日後, 期限後."""
    sheet = book.create_sheet(phrase("milestones.sheet.schedule", lang), 0)
    years = milestones.fiscal_years
    top, sub, first = 4, 5, 2  # label rows; the first column of figures
    flags = ("unanswered", "late", "after_deadline")
    last = first + 2 * (len(years) + 1) + len(flags) - 1
    write_row(sheet, 1, [phrase("milestones.schedule", lang)], font=HEADER_FONT)
    write_row(sheet, 2, [phrase("milestones.schedule.note", lang)])
    set_text(sheet.cell(row=top, column=1), phrase("summary.area", lang))
    sheet.merge_cells(start_row=top, start_column=1, end_row=sub, end_column=1)
    for index, text in enumerate([fiscal_year_label(y, lang) for y in years] + [phrase("budget.total", lang)]):
        column = first + 2 * index
        set_text(sheet.cell(row=top, column=column), text)
        sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + 1)
        set_text(sheet.cell(row=sub, column=column), phrase("budget.count", lang))
        set_text(sheet.cell(row=sub, column=column + 1), phrase("budget.cost", lang))
    for offset, flag in enumerate(flags):
        column = first + 2 * (len(years) + 1) + offset
        set_text(sheet.cell(row=top, column=column), phrase(f"milestones.{flag}", lang))
        sheet.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
    for row in (top, sub):
        for column in range(1, last + 1):
            cell = sheet.cell(row=row, column=column)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    mark = f'"{phrase("milestones.yes", lang)}"'
    unanswered = f'"{policy_label(None, lang)}"'

    def figures(line: int, scope: list[str]) -> None:
        for index in range(len(years) + 1):
            column = first + 2 * index
            year = [f"{columns['fiscal_year']},{get_column_letter(column)}${top}"] if index < len(years) else []
            sheet.cell(row=line, column=column).value = columns.count([*scope, *year])
            sheet.cell(row=line, column=column + 1).value = columns.sum("cost", [*scope, *year])
        for offset, criterion in enumerate(
            (f"{columns['policy']},{unanswered}", f"{columns['late']},{mark}", f"{columns['after_deadline']},{mark}")
        ):
            sheet.cell(row=line, column=first + 2 * (len(years) + 1) + offset).value = columns.count([*scope, criterion])

    counted = [f'{columns["role"]},"<>{label(r, lang)}"' for r in (Role.CANDIDATE, Role.SUPERSEDED)]
    line = sub + 1
    for area in milestones.areas:
        set_text(sheet.cell(row=line, column=1), area)
        # "="& keeps an area name that starts with < > = from being read as a comparison
        figures(line, [f'{columns["area"]},"="&$A{line}', *counted])
        line += 1
    set_text(sheet.cell(row=line, column=1), phrase("budget.total", lang))
    for column in range(first, last + 1):
        letter = get_column_letter(column)
        sheet.cell(row=line, column=column).value = f"=SUM({letter}{sub + 1}:{letter}{line - 1})"
        sheet.cell(row=line, column=column).font = HEADER_FONT
    sheet.cell(row=line, column=1).font = HEADER_FONT
    line += 2
    sources = milestones.budget.sources
    if milestones.budget.not_counted:
        write_row(sheet, line, [phrase("budget.not_counted", lang)], font=HEADER_FONT)
        line += 1
        for n in milestones.budget.not_counted:
            source = sources[n]
            set_text(sheet.cell(row=line, column=1), f"{label(source.role, lang)}: {source.area} {source.system} {source.version}")
            figures(line, [f"{columns['source']},{n + 1}"])
            line += 1
    for row in sheet.iter_rows(min_row=sub + 1, max_row=line, min_col=first):
        for cell in row:
            cell.number_format = COST_FORMAT
    sheet.column_dimensions["A"].width = 34
    for column in range(first, last + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.freeze_panes = sheet.cell(row=sub + 1, column=first)
    sheet.print_title_rows = f"{top}:{sub}"
    finish_sheet(sheet, header_row_number=sub)


def _systems_sheet(book, milestones: Milestones, columns: Columns, lang: str) -> None:
    sheet = book.create_sheet(phrase("milestones.sheet.systems", lang))
    headers = [
        ("budget.source_no", 8), ("budget.area", 14), ("budget.system", 22), ("budget.edition", 10), ("summary.role", 16),
        ("milestones.deadline", 12), ("milestones.planned", 12), ("milestones.items", 9), ("milestones.late", 10),
        ("milestones.after_deadline", 10), ("milestones.unanswered", 9), ("milestones.effective_count", 12),
        ("budget.folder", 40),
    ]
    header_row(sheet, [phrase(key, lang) for key, _ in headers], [width for _, width in headers])
    mark = f'"{phrase("milestones.yes", lang)}"'
    for line, (source, plan) in enumerate(zip(milestones.budget.sources, milestones.plans), start=2):
        scope = [f"{columns['source']},$A{line}"]
        write_row(sheet, line, [plan.source + 1, source.area, source.system, source.version, label(source.role, lang)])
        _date_cell(sheet.cell(row=line, column=6), plan.deadline)
        _date_cell(sheet.cell(row=line, column=7), plan.planned)
        sheet.cell(row=line, column=8).value = columns.count(scope)
        sheet.cell(row=line, column=9).value = columns.count([*scope, f"{columns['late']},{mark}"])
        sheet.cell(row=line, column=10).value = columns.count([*scope, f"{columns['after_deadline']},{mark}"])
        sheet.cell(row=line, column=11).value = columns.count([*scope, f'{columns["policy"]},"{policy_label(None, lang)}"'])
        sheet.cell(row=line, column=12).value = len(plan.after_go_live)
        set_text(sheet.cell(row=line, column=13), source.path)
    finish_sheet(sheet)


def _late_sheet(book, milestones: Milestones, lang: str) -> None:
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
    table(book.create_sheet(phrase("milestones.sheet.late", lang)), [(phrase(k, lang), w) for k, w in columns], rows)


def _requirements_sheet(book, milestones: Milestones, lang: str) -> None:
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
    table(book.create_sheet(phrase("milestones.sheet.requirements", lang)), [(phrase(k, lang), w) for k, w in columns], rows)


def milestones_workbook(milestones: Milestones, lang: str = "ja"):
    book = openpyxl.Workbook()
    book.remove(book.active)
    columns = _details_sheet(book, milestones, lang)
    _schedule_sheet(book, milestones, columns, lang)
    _systems_sheet(book, milestones, columns, lang)
    _late_sheet(book, milestones, lang)
    _requirements_sheet(book, milestones, lang)
    book.active = 0
    return book


def render_xlsx(milestones: Milestones, lang: str = "ja") -> bytes:
    stream = io.BytesIO()
    milestones_workbook(milestones, lang).save(stream)
    return stream.getvalue()
