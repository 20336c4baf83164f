"""gaps.xlsx: the vendor's gap spreadsheet, written from a check and read back once filled in.

Layout: a 概要 sheet (what this is, for which system and edition, how to fill it in), one sheet per
gap list (ギャップ一覧, 実装不可該当, 独自機能, 標準オプション, 要確認) and a very hidden sheet
`_gapcheck` that records each row's key and the protected cells as written.

Reading back never relies on positions: the header is found by its labels, each row by the key in
the hidden 照合キー column («R:0010001» for a requirement, «F:<feature key>» for a feature), so
re-sorted, filtered and hidden rows and added columns are all fine. Protected cells are compared
with the hidden sheet; edits there are reported as conflicts and never taken over.
"""

from __future__ import annotations

import io
from copy import copy
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.errors import Location, Problem, ProblemsError
from gapcheck.model import (
    Answers,
    AnswerVersion,
    CheckResult,
    Feature,
    GapList,
    ResponsePolicy,
    TargetKind,
)
from gapcheck.outputs.i18n import due_text, label, phrase, verdict_text
from gapcheck.outputs.xlsx import (
    ANSWER_FILL,
    FONT_NAME,
    META_SHEET,
    finish_sheet,
    header_row,
    meta_sheet,
    read_meta,
    set_text,
    write_row,
)
from gapcheck.readers.header import Column as HeaderColumn
from gapcheck.readers.header import detect_header
from gapcheck.readers.workbook import blank, read_workbook
from gapcheck.rules.gaps import gap_items
from gapcheck.rules.vocabulary import parse_cost, parse_due, parse_policy
from gapcheck.text import clean_cell

FILE_NAME = "gaps.xlsx"
FORMAT = "gapcheck-gaps"
FORMAT_VERSION = 1

_MARKERS = {TargetKind.REQUIREMENT: "R", TargetKind.FEATURE: "F"}
_KINDS = {marker: kind for kind, marker in _MARKERS.items()}

ANSWER_ROLES = ("policy", "cost", "due", "note")

# (role, phrase key, width) per kind of list; the answer columns come last on every list.
_ANSWER_COLUMNS = (
    ("status", "gaps.col.status", 16),
    ("policy", "gaps.col.policy", 22),
    ("cost", "gaps.col.cost", 13),
    ("due", "gaps.col.due", 14),
    ("note", "gaps.col.note", 32),
)
REQUIREMENT_COLUMNS = (
    ("key", "gaps.col.key", 12),
    ("id", "gaps.col.id", 11),
    ("kind", "gaps.col.kind", 7),
    ("name", "gaps.col.name", 26),
    ("text", "gaps.col.text", 56),
    ("category", "gaps.col.category", 11),
    ("verdict", "gaps.col.verdict", 11),
    ("features", "gaps.col.features", 28),
    ("feature_sheets", "gaps.col.feature_sheets", 12),
    ("feature_rows", "gaps.col.feature_rows", 8),
    *_ANSWER_COLUMNS,
)
FEATURE_COLUMNS = (
    ("key", "gaps.col.key", 12),
    ("vendor_id", "gaps.col.vendor_id", 11),
    ("name", "gaps.col.feature_name", 28),
    ("text", "gaps.col.description", 50),
    ("sheet", "gaps.col.sheet", 12),
    ("row", "gaps.col.row", 7),
    ("support", "gaps.col.support", 10),
    *_ANSWER_COLUMNS,
)
_PROTECTED = tuple(
    dict.fromkeys(role for role, _, _ in (*REQUIREMENT_COLUMNS, *FEATURE_COLUMNS) if role not in ("key", *ANSWER_ROLES))
)
_ROLES_BY_KIND = {
    TargetKind.REQUIREMENT: {role for role, _, _ in REQUIREMENT_COLUMNS},
    TargetKind.FEATURE: {role for role, _, _ in FEATURE_COLUMNS},
}


def _columns(gap_list: GapList, lang: str) -> list[tuple[str, str, float]]:
    """(role, header label, width) of a list's columns."""
    columns = FEATURE_COLUMNS if gap_list is GapList.EXTRAS else REQUIREMENT_COLUMNS
    labels = {"features": "gaps.col.candidates"} if gap_list is GapList.REVIEW else {}
    return [(role, phrase(labels.get(role, key), lang), width) for role, key, width in columns]


@dataclass(frozen=True)
class GapRow:
    """One item of a gap list: its key and its protected cells (role → text)."""

    kind: TargetKind
    target: str
    cells: dict[str, str]

    @property
    def key(self) -> str:
        return f"{_MARKERS[self.kind]}:{self.target}"


def _feature_cells(keys: tuple[str, ...], features: dict[str, Feature]) -> dict[str, str]:
    listed = [features[k] for k in keys if k in features]
    return {
        "features": "\n".join(f.name for f in listed),
        "feature_sheets": "\n".join(f.sheet for f in listed),
        "feature_rows": "\n".join(str(f.row) for f in listed),
    }


def _status(answers: Answers | None, kind: TargetKind, target: str, lang: str) -> str:
    answer = answers.by_key.get((kind, target)) if answers else None
    if answer is None:
        return phrase("gaps.status.open", lang)
    at = answer.current.answered_at
    return phrase("gaps.status.answered", lang).format(date=at.date().isoformat() if at else "—")


def gap_rows(result: CheckResult, answers: Answers | None = None, lang: str = "ja") -> dict[GapList, list[GapRow]]:
    """The rows of every gap list, requirements in spec order and features in inventory order."""
    rows: dict[GapList, list[GapRow]] = {gap_list: [] for gap_list in GapList}
    features = result.inventory.by_key
    requirements = {item.requirement.id: item for item in result.requirements}
    for gap_list, kind, target in gap_items(result):
        if kind is TargetKind.REQUIREMENT:
            item = requirements[target]
            requirement = item.requirement
            cells = {
                "id": requirement.id,
                "kind": label(requirement.kind, lang),
                "name": requirement.name,
                "text": requirement.text,
                "category": label(requirement.category, lang),
                "verdict": verdict_text(item.verdict, item.likely, lang),
                **_feature_cells(item.candidates if gap_list is GapList.REVIEW else item.features, features),
            }
        else:
            feature = features[target]
            cells = {
                "vendor_id": feature.vendor_id or "",
                "name": feature.name,
                "text": feature.text,
                "sheet": feature.sheet,
                "row": str(feature.row),
                "support": feature.support_raw,
            }
        cells["status"] = _status(answers, kind, target, lang)
        rows[gap_list].append(GapRow(kind, target, cells))
    return rows


# --- writing ----------------------------------------------------------------------------------

_PROTECTION = dict(sheet=True, autoFilter=False, sort=False, formatColumns=False, formatRows=False)
_UNLOCKED = Protection(locked=False)
_TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
_BOLD = Font(name=FONT_NAME, size=10, bold=True)
COST_FORMAT = "#,##0"


def _write_answer(
    sheet: Worksheet, row: int, columns: dict[str, int], version: AnswerVersion | None, lang: str, styles: dict
) -> None:
    """The answer cells of one row: unlocked, yellow, formatted, with the answer so far.
    `styles` keeps each column's style from the first row (copying is much faster than styling)."""
    for role in ANSWER_ROLES:
        cell = sheet.cell(row=row, column=columns[role])
        if role in styles:
            cell._style = copy(styles[role])
            continue
        cell.protection = _UNLOCKED
        cell.fill = ANSWER_FILL
        # 対応予定時期 is a Text cell too: in a date-formatted cell a typed 2026 would become 1905-07-18
        cell.number_format = COST_FORMAT if role == "cost" else "@"
        styles[role] = copy(cell._style)
    if version is None:
        return
    if version.policy:
        set_text(sheet.cell(row=row, column=columns["policy"]), label(version.policy, lang))
    if version.cost_thousand_yen is not None:
        sheet.cell(row=row, column=columns["cost"]).value = version.cost_thousand_yen
    if version.due:
        set_text(sheet.cell(row=row, column=columns["due"]), due_text(version.due, lang))
    if version.note:
        set_text(sheet.cell(row=row, column=columns["note"]), version.note)


def _validations(sheet: Worksheet, columns: dict[str, int], last: int, lang: str) -> None:
    def column_range(role: str) -> str:
        letter = get_column_letter(columns[role])
        return f"{letter}2:{letter}{last}"

    error_title = phrase("gaps.error.title", lang)
    policies = ",".join(label(p, lang) for p in ResponsePolicy)
    due_cell = f"{get_column_letter(columns['due'])}2"
    rules = {
        "policy": DataValidation(type="list", formula1=f'"{policies}"', prompt=phrase("gaps.prompt.policy", lang)),
        "cost": DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", prompt=phrase("gaps.prompt.cost", lang)
        ),
        # Text (令和8年度, R8) or a date from 2019 on, or a bare year such as 2026.
        "due": DataValidation(
            type="custom",
            formula1=f"OR(ISTEXT({due_cell}),AND({due_cell}>=2019,{due_cell}<=2100),{due_cell}>=DATE(2019,1,1))",
            prompt=phrase("gaps.prompt.due", lang),
        ),
    }
    for role, rule in rules.items():
        rule.allow_blank = True
        rule.showErrorMessage = rule.showInputMessage = True
        rule.errorTitle, rule.error = error_title, rule.prompt
        rule.add(column_range(role))
        sheet.add_data_validation(rule)


def _list_sheet(book, gap_list: GapList, rows: list[GapRow], answers: Answers | None, lang: str) -> Worksheet:
    sheet = book.create_sheet(label(gap_list, lang))
    columns = _columns(gap_list, lang)
    index = {role: i for i, (role, _, _) in enumerate(columns, start=1)}
    header_row(sheet, [c[1] for c in columns], [c[2] for c in columns])
    styles: dict = {}
    for number, row in enumerate(rows, start=2):
        values = {**row.cells, "key": row.key}
        write_row(sheet, number, [values.get(role) if role not in ANSWER_ROLES else None for role, _, _ in columns])
        answer = answers.by_key.get((row.kind, row.target)) if answers else None
        _write_answer(sheet, number, index, answer.current if answer else None, lang, styles)
    for role in ANSWER_ROLES:
        sheet.cell(row=1, column=index[role]).fill = ANSWER_FILL
    sheet.column_dimensions["A"].hidden = True
    sheet.freeze_panes = sheet.cell(row=2, column=index["name"])
    if rows:
        _validations(sheet, index, len(rows) + 1, lang)
    finish_sheet(sheet)
    sheet.oddFooter.center.text = "&A  &P / &N"
    sheet.protection = SheetProtection(**_PROTECTION)
    return sheet


def _summary_sheet(book, result: CheckResult, document: dict, rows: dict[GapList, list[GapRow]], answers, lang) -> None:
    sheet = book.create_sheet(phrase("summary", lang), 0)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 14
    sheet.column_dimensions["D"].width = 70
    line = 1

    def put(values: list[object], font: Font | None = None) -> None:
        nonlocal line
        write_row(sheet, line, values, **({"font": font} if font else {}))
        line += 1

    put([phrase("gaps.title", lang)], _TITLE_FONT)
    line += 1
    system = document.get("system", {})
    spec = result.spec
    facts = [
        ("gaps.system", system.get("name")),
        ("gaps.vendor", system.get("vendor")),
        ("gaps.municipality", system.get("municipality")),
        ("gaps.spec", f"{spec.area} {spec.version}" + (f"（{phrase('sample', lang)}）" if spec.sample else "")),
        ("gaps.inventory", Path(result.inventory.path).name),
        ("gaps.generated", datetime.fromisoformat(document["generated_at"]).astimezone().date().isoformat()),
    ]
    for key, value in facts:
        if value:
            put([phrase(key, lang), value])
    line += 1
    put([phrase("gaps.lists", lang)], _BOLD)
    put([phrase("gaps.list", lang), phrase("gaps.items", lang), phrase("gaps.answered", lang)], _BOLD)
    for gap_list, items in rows.items():
        answered = sum(1 for r in items if answers and (r.kind, r.target) in answers.by_key)
        put([label(gap_list, lang), len(items), answered, phrase(f"gaps.about.{gap_list.value}", lang)])
    line += 1
    put([phrase("gaps.how", lang)], _BOLD)
    for step in range(1, 6):
        put([f"{step}.", phrase(f"gaps.how.{step}", lang)])
        sheet.merge_cells(start_row=line - 1, start_column=2, end_row=line - 1, end_column=4)
    line += 1
    put([phrase("gaps.policies", lang)], _BOLD)
    for policy in ResponsePolicy:
        put(["", label(policy, lang)])
    sheet.sheet_view.showGridLines = False
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.protection = SheetProtection(**_PROTECTION)


def _meta_sheet(book, result: CheckResult, document: dict, rows: dict[GapList, list[GapRow]], lang: str) -> None:
    system = document.get("system", {})
    about = {
        "area": result.spec.area,
        "version": result.spec.version,
        "system": system.get("name"),
        "generated_at": document["generated_at"],
        "lang": lang,
    }
    sheet = meta_sheet(book, FORMAT, FORMAT_VERSION, about)
    sheet.append(["key", "list", "sheet", *_PROTECTED])
    line = 2
    for gap_list, items in rows.items():
        for row in items:
            line += 1
            for column, value in enumerate([row.key, gap_list.value, label(gap_list, lang)], start=1):
                set_text(sheet.cell(row=line, column=column), value)
            for column, role in enumerate(_PROTECTED, start=4):
                if role in row.cells:
                    set_text(sheet.cell(row=line, column=column), row.cells[role])
    sheet.protection = SheetProtection(sheet=True)


def gaps_workbook(result: CheckResult, document: dict, answers: Answers | None = None, lang: str = "ja"):
    """The gap spreadsheet for a check (`document`: its result.json content)."""
    rows = gap_rows(result, answers, lang)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for gap_list, items in rows.items():
        _list_sheet(book, gap_list, items, answers, lang)
    _summary_sheet(book, result, document, rows, answers, lang)
    _meta_sheet(book, result, document, rows, lang)
    book.active = 0
    return book


def render(report) -> bytes:
    """Renderer for check.renderers(): Report → gaps.xlsx bytes."""
    stream = io.BytesIO()
    gaps_workbook(report.result, report.document, report.answers, report.lang).save(stream)
    return stream.getvalue()


# --- reading a filled one back ----------------------------------------------------------------


def _vocabulary() -> dict[str, tuple[str, ...]]:
    """role → its header labels in both languages, on any list."""
    vocabulary: dict[str, tuple[str, ...]] = {}
    for role, key, _ in (*REQUIREMENT_COLUMNS, *FEATURE_COLUMNS, ("features", "gaps.col.candidates", 0)):
        vocabulary[role] = tuple(dict.fromkeys((*vocabulary.get(role, ()), phrase(key, "ja"), phrase(key, "en"))))
    return vocabulary


VOCABULARY = _vocabulary()
REQUIRED = (frozenset({"key", *ANSWER_ROLES}),)


@dataclass(frozen=True)
class Filled:
    """What a filled gap spreadsheet says."""

    answers: dict[tuple[TargetKind, str], AnswerVersion]  # answered rows only
    area: str | None
    system: str | None
    blank: int  # rows left without an answer
    missing: tuple[str, ...]  # keys of rows the vendor deleted
    conflicts: tuple[Problem, ...]  # protected cells changed (not taken over)


@dataclass(frozen=True)
class _Original:
    kind: TargetKind
    target: str
    cells: dict[str, str]


def _originals(rows: list[list]) -> dict[str, _Original]:
    roles = [clean_cell(v) for v in rows[0]]
    originals: dict[str, _Original] = {}
    for values in rows[1:]:
        cells = dict(zip(roles, (clean_cell(v) for v in values)))
        kind, target = _split_key(cells["key"])
        if kind is None:
            raise ValueError(cells["key"])
        originals[cells["key"]] = _Original(kind, target, {r: cells.get(r, "") for r in _PROTECTED})
    return originals


def _split_key(key: str) -> tuple[TargetKind, str] | tuple[None, None]:
    marker, sep, target = key.partition(":")
    if not sep or marker not in _KINDS or not target:
        return None, None
    return _KINDS[marker], target


def _shown(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parse_answer(cells: dict[str, object], where, problems: list[Problem]) -> AnswerVersion | None:
    """The answer in one row, or None when the row has none; appends a Problem per bad cell."""
    if not any(clean_cell(cells.get(role)) for role in ANSWER_ROLES):  # control characters alone are no answer
        return None
    values: dict[str, object] = {}
    for role, parse in (("policy", parse_policy), ("cost", parse_cost), ("due", parse_due)):
        if blank(cells.get(role)):
            values[role] = None
            continue
        try:
            values[role] = parse(cells[role])
        except ValueError as error:
            problems.append(Problem(where(role), str(error)))
            values[role] = ...
    if values["policy"] is None and (values["cost"] is not None or values["due"] is not None):
        problems.append(Problem(where("policy"), "a cost or a date is given but no 対応方針: choose one from the list"))
    if ... in values.values():
        return None
    return AnswerVersion(values["policy"], values["cost"], values["due"], clean_cell(cells.get("note")))


def read_filled(path: str | Path, *, allow_conflicts: bool = False) -> Filled:
    """Read a vendor's filled gap spreadsheet.

    Every invalid value, unknown or duplicated key and (unless `allow_conflicts`) every edited
    protected cell is collected; if there is any, one ProblemsError lists them all with sheet, row
    and column, so the vendor can correct everything in one go.
    """
    path = Path(path)
    book = read_workbook(path)
    sheets = {s.name: s for s in book.sheets}
    about, originals = read_meta(path, sheets, FORMAT, FORMAT_VERSION, what="gap spreadsheet",
                                fresh="gaps.xlsx that `gapcheck check` wrote", rows=_originals)
    problems: list[Problem] = []
    conflicts: list[Problem] = []
    answers: dict[tuple[TargetKind, str], AnswerVersion] = {}
    seen: dict[str, tuple[str, int, AnswerVersion | None]] = {}
    blank_rows = 0
    for sheet in book.sheets:
        if sheet.name == META_SHEET:
            continue
        # Vendors hide columns to read more easily; the hidden 照合キー is ours: every column counts.
        header = detect_header(replace(sheet, hidden_columns=frozenset()), VOCABULARY, REQUIRED)
        if header is None:
            continue
        columns = {role: header.columns[indexes[0]] for role, indexes in header.roles.items()}
        for index in range(header.data_start, len(sheet.rows)):
            values = sheet.rows[index]
            cells = {role: values[c.index] if c.index < len(values) else None for role, c in columns.items()}
            row_number = index + 1

            def where(role: str, column: HeaderColumn | None = None) -> Location:
                column = column or columns[role]
                return Location(path, sheet.name, row_number, f"{column.letter} ({column.label})")

            key = clean_cell(cells["key"])
            if not key:
                if any(not blank(cells.get(role)) for role in ANSWER_ROLES):
                    problems.append(
                        Problem(where("key"), "a row without a key (added by hand?): answer in the rows of the list")
                    )
                continue
            original = originals.get(key)
            if original is None:
                problems.append(
                    Problem(
                        where("key"),
                        f"'{_shown(key)}' is not an item of this spreadsheet: do not edit the hidden 照合キー column",
                    )
                )
                continue
            for role, column in columns.items():
                if role in _ROLES_BY_KIND[original.kind] and role in _PROTECTED:
                    now = clean_cell(cells[role])
                    if now != original.cells[role]:
                        conflicts.append(
                            Problem(
                                where(role),
                                f"protected cell changed from '{_shown(original.cells[role])}' to '{_shown(now)}': "
                                "answer in the yellow columns only (the change is not taken over)",
                            )
                        )
            answer = _parse_answer(cells, where, problems)
            if key in seen:
                first_sheet, first_row, first_answer = seen[key]
                if first_answer != answer:
                    problems.append(
                        Problem(
                            where("key"),
                            f"the item {original.target} is also on sheet '{first_sheet}' row {first_row} "
                            "with another answer: keep one of the rows",
                        )
                    )
                continue
            seen[key] = (sheet.name, row_number, answer)
            if answer is None:
                blank_rows += 1
            else:
                answers[(original.kind, original.target)] = answer
    if problems or (conflicts and not allow_conflicts):
        found = problems + ([] if allow_conflicts else conflicts)
        if problems:
            summary = f"{path}: {len(problems)} cells cannot be taken over; nothing was imported"
            hint = "correct these cells in the workbook and import it again"
        else:
            summary = f"{path}: {len(conflicts)} protected cells were edited; nothing was imported"
            hint = "undo those edits, or import with --ignore-conflicts to take the answers over without them"
        raise ProblemsError(summary, found, hint)
    return Filled(
        answers=answers,
        area=about.get("area"),
        system=about.get("system"),
        blank=blank_rows,
        missing=tuple(key for key in originals if key not in seen),
        conflicts=tuple(conflicts),
    )
