"""gaps.xlsx: the vendor's gap spreadsheet, written from a check and read back once filled in.

Layout: a 概要 sheet (what this is, for which system and edition, how to fill it in), one sheet per
gap list (ギャップ一覧, 実装不可該当, 独自機能, 標準オプション, 要確認) and a very hidden sheet
`_gapcheck` that records each row's key and the protected cells as written.

Reading back never relies on positions: the header is found by its labels, each row by the key in
the hidden 照合キー column («R:0010001» for a requirement, «F:<feature key>» for a feature), so
re-sorted, filtered and hidden rows and added columns are all fine. The protected cells (every cell
of a row but its answers) are compared with the hidden sheet; edits there are reported as conflicts
and never taken over. That comparison, not sheet protection, keeps the data safe: the visible sheets
are not protected, since Excel refuses to sort a range with locked cells on a protected sheet and
LibreOffice sorts nothing there (docs/outputs.md).

Printed, every sheet fits A4 at 8 pt or larger (the lists landscape, 概要 portrait), long texts
wrapped in rows as high as they need, the header row on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePath

from xlsxwriter.utility import xl_col_to_name

from gapcheck.errors import Location, Problem, ProblemsError
from gapcheck.files.answers_json import version_from_dict
from gapcheck.messages import N_, _
from gapcheck.model import (
    AnswerVersion,
    Category,
    FeatureStatus,
    GapList,
    Kind,
    ResponsePolicy,
    TargetKind,
    Verdict,
)
from gapcheck.outputs.i18n import due_text, label, phrase, verdict_text
from gapcheck.outputs.xlsx import (
    ANSWER,
    BODY,
    BOLD,
    CELLS_REFUSED,
    CORRECT_CELLS,
    COST_FORMAT,
    HEADER,
    LINE,
    TITLE,
    Book,
    fit_row,
    header_row,
    meta_sheet,
    print_a4,
    read_meta,
    write_row,
    write_text,
)
from gapcheck.readers.header import Column as HeaderColumn
from gapcheck.readers.header import detect_header
from gapcheck.readers.workbook import GAPS_FORMAT, META_SHEET, blank, read_workbook
from gapcheck.rules.gaps import gap_list_for_feature, gap_list_for_requirement
from gapcheck.rules.vocabulary import parse_cost, parse_due, parse_policy
from gapcheck.text import clean_cell

FILE_NAME = "gaps.xlsx"
FORMAT = GAPS_FORMAT
FORMAT_VERSION = 1

_MARKERS = {TargetKind.REQUIREMENT: "R", TargetKind.FEATURE: "F"}
_KINDS = {marker: kind for kind, marker in _MARKERS.items()}

ANSWER_ROLES = ("policy", "cost", "due", "note")

# (role, phrase key, width) per kind of list; the answer columns come last on every list. A4
# landscape holds about 144 units of width at full size in Excel; the lists take a little less, so
# that LibreOffice, whose units are wider where Office's fonts are missing, still prints them at
# 8 pt or larger. 実装区分 holds 標準オプション on one line, 判定 一部適合, 回答状況 a date.
_ANSWER_COLUMNS = (
    ("status", "gaps.col.status", 10),
    ("policy", "gaps.col.policy", 14),
    ("cost", "gaps.col.cost", 8),
    ("due", "gaps.col.due", 10),
    ("note", "gaps.col.note", 10),
)
REQUIREMENT_COLUMNS = (
    ("key", "gaps.col.key", 12),
    ("id", "gaps.col.id", 8),
    ("kind", "gaps.col.kind", 5),
    ("name", "gaps.col.name", 13),
    ("text", "gaps.col.text", 24),
    ("category", "gaps.col.category", 14),
    ("verdict", "gaps.col.verdict", 9),
    ("features", "gaps.col.features", 16),  # each feature with its sheet and row
    *_ANSWER_COLUMNS,
)
FEATURE_COLUMNS = (
    ("key", "gaps.col.key", 12),
    ("vendor_id", "gaps.col.vendor_id", 9),
    ("name", "gaps.col.feature_name", 18),
    ("text", "gaps.col.description", 32),
    ("place", "gaps.col.place", 12),
    ("support", "gaps.col.support", 7),
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
    """One item of a gap list: its key, its protected cells (role → text) and its answer so far."""

    kind: TargetKind
    target: str
    cells: dict[str, str]
    answer: AnswerVersion | None = None

    @property
    def key(self) -> str:
        return f"{_MARKERS[self.kind]}:{self.target}"


def _place(feature: dict) -> str:
    return f"{feature['sheet']}!{feature['row']}"


def _feature_cells(keys: list[str], features: dict[str, dict], lang: str) -> dict[str, str]:
    """The matching features, one a line, each with its place in the inventory: 転入届（機能一覧!12）."""
    listed = [features[k] for k in keys if k in features]
    open_, close = ("（", "）") if lang == "ja" else (" (", ")")
    return {"features": "\n".join(f"{f['name']}{open_}{_place(f)}{close}" for f in listed)}


def _status(answer: AnswerVersion | None, lang: str) -> str:
    if answer is None:
        return phrase("gaps.status.open", lang)
    at = answer.answered_at
    return phrase("gaps.status.answered", lang).format(date=at.date().isoformat() if at else "—")


def gap_rows(document: dict, lang: str = "ja") -> dict[GapList, list[GapRow]]:
    """The rows of every gap list of a check (its result.json document), requirements in spec
    order and features in inventory order, with the answers the check was given."""
    rows: dict[GapList, list[GapRow]] = {gap_list: [] for gap_list in GapList}
    features = {f["key"]: f for f in document["features"]}
    answers = {(a["kind"], a["target"]): version_from_dict(a) for a in document.get("answers", {}).get("items", ())}
    labels = {kind: {member.value: label(member, lang) for member in kind} for kind in (Kind, Category, Verdict)}
    # on 要確認, the requirements likely to be a prohibited function present first (as rules.gaps.gap_items)
    for r in sorted(document["requirements"], key=lambda r: r.get("likely") != Verdict.VIOLATION):
        gap_list = gap_list_for_requirement(Category(r["category"]), Verdict(r["verdict"]))
        if gap_list is None:
            continue
        answer = answers.get((TargetKind.REQUIREMENT.value, r["id"]))
        cells = {
            "id": r["id"],
            "kind": labels[Kind][r["kind"]],
            "name": r["name"],
            "text": r.get("text", ""),
            "category": labels[Category][r["category"]],
            "verdict": verdict_text(Verdict(r["verdict"]), Verdict(r["likely"]) if "likely" in r else None, lang),
            **_feature_cells(r.get("candidates", []) if gap_list is GapList.REVIEW else r["features"], features, lang),
            "status": _status(answer, lang),
        }
        rows[gap_list].append(GapRow(TargetKind.REQUIREMENT, r["id"], cells, answer))
    for f in document["features"]:
        gap_list = gap_list_for_feature(FeatureStatus(f["status"]))
        if gap_list is None:
            continue
        answer = answers.get((TargetKind.FEATURE.value, f["key"]))
        cells = {
            "vendor_id": f.get("vendor_id", ""),
            "name": f["name"],
            "text": f.get("text", ""),
            "place": _place(f),
            "support": f.get("support_raw", ""),
            "status": _status(answer, lang),
        }
        rows[gap_list].append(GapRow(TargetKind.FEATURE, f["key"], cells, answer))
    return rows


# --- writing ----------------------------------------------------------------------------------

_TITLE = {**BOLD, "font_size": 14}
# 概要's columns: labels, then the list of sheets' counts (件数, うち回答済) and what each holds; the
# facts and the instructions take B:D merged. A4 portrait holds them at full size.
_SUMMARY_WIDTHS = (16, 8, 11, 52)


def _print_and_protect(sheet, kind: str) -> None:
    """Print set-up and protection of every sheet of the workbook, in one place: `kind` is
    "summary" (概要, A4 portrait), "list" (a gap list, A4 landscape) or "meta" (the very hidden
    sheet). Only the hidden sheet is protected: on a visible sheet protection would stop sorting (a
    range with locked cells is not sorted) and inserting columns, which the instructions allow, and
    it protects nothing the import does not check anyway. The hidden sheet nobody works in; after a
    LibreOffice round trip it is merely hidden, and protection keeps it from being edited there."""
    if kind == "meta":
        sheet.protect("", {"objects": True, "scenarios": True})
        return
    print_a4(sheet, landscape=kind == "list")


def _answer_formats(book: Book) -> dict[str, tuple]:
    """Per answer column: the formats of its unlocked yellow cells (plain and quoted text)."""
    formats = {}
    for role in ANSWER_ROLES:
        # 対応予定時期 is a Text cell too: in a date-formatted cell a typed 2026 would become 1905-07-18
        style = {**BODY, **ANSWER, "num_format": COST_FORMAT if role == "cost" else "@"}
        formats[role] = book.text_formats(style)
    return formats


def _answer_values(version: AnswerVersion | None, lang: str) -> dict[str, object]:
    """The answer so far, per answer column (None where there is none)."""
    if version is None:
        return dict.fromkeys(ANSWER_ROLES)
    return {
        "policy": label(version.policy, lang) if version.policy else None,
        "cost": version.cost_thousand_yen,
        "due": due_text(version.due, lang) if version.due else None,
        "note": version.note or None,
    }


def _write_answer(sheet, row: int, columns: dict[str, int], values: dict[str, object], formats) -> None:
    """The answer cells of one row: yellow, formatted, with the answer so far."""
    for role, value in values.items():
        column = columns[role]
        if value is None:
            sheet.write_blank(row, column, None, formats[role][0])
        elif role == "cost":
            sheet.write_number(row, column, value, formats[role][0])
        else:
            write_text(sheet, row, column, value, formats[role])


def _validations(sheet, columns: dict[str, int], last: int, lang: str) -> None:
    error_title = phrase("gaps.error.title", lang)
    due_cell = f"{xl_col_to_name(columns['due'])}2"
    rules = {
        "policy": {"validate": "list", "source": [label(p, lang) for p in ResponsePolicy],
                   "input_message": phrase("gaps.prompt.policy", lang)},
        "cost": {"validate": "integer", "criteria": ">=", "value": 0, "input_message": phrase("gaps.prompt.cost", lang)},
        # Text (令和8年度, R8) or a date from 2019 on, or a bare year such as 2026.
        "due": {
            "validate": "custom",
            "value": f"=OR(ISTEXT({due_cell}),AND({due_cell}>=2019,{due_cell}<=2100),{due_cell}>=DATE(2019,1,1))",
            "input_message": phrase("gaps.prompt.due", lang),
        },
    }
    for role, rule in rules.items():
        rule |= {"ignore_blank": True, "error_title": error_title, "error_message": rule["input_message"]}
        sheet.data_validation(1, columns[role], last, columns[role], rule)


def _list_sheet(book: Book, gap_list: GapList, rows: list[GapRow], lang: str) -> None:
    sheet = book.sheet(label(gap_list, lang))
    columns = _columns(gap_list, lang)
    index = {role: i for i, (role, _, _) in enumerate(columns)}
    header_row(book, sheet, [c[1] for c in columns], [c[2] for c in columns])
    answer_header = book.format(HEADER, **ANSWER)
    for role in ANSWER_ROLES:
        sheet.write_string(0, index[role], columns[index[role]][1], answer_header)
    sheet.set_column(0, 0, columns[0][2], None, {"hidden": True})
    answer_formats = _answer_formats(book)
    shown = [role for role, _, _ in columns if role not in ANSWER_ROLES]
    for number, row in enumerate(rows, start=1):
        values = {**row.cells, "key": row.key}
        write_row(book, sheet, number, [values.get(role) for role in shown])
        answer = _answer_values(row.answer, lang)
        _write_answer(sheet, number, index, answer, answer_formats)
        values |= answer
        fit_row(sheet, number, [values.get(role) for role, _, _ in columns[1:]], [width for _, _, width in columns[1:]])
    sheet.freeze_panes(1, index["name"])
    if rows:
        _validations(sheet, index, len(rows), lang)
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    _print_and_protect(sheet, "list")


def _summary_sheet(book: Book, document: dict, rows: dict[GapList, list[GapRow]], lang: str) -> None:
    sheet = book.sheet(phrase("summary", lang))
    for column, width in enumerate(_SUMMARY_WIDTHS):
        sheet.set_column(column, column, width)
    merged_width = sum(_SUMMARY_WIDTHS[1:]) + 0.7 * 2  # B:D, with the padding of the columns between
    body, heading = book.format(BODY), book.format(BOLD)
    count = {**BODY, "align": "center"}
    line = 0

    def put(values: list[object], style: dict = BODY, column_styles: dict[int, dict] | None = None) -> None:
        nonlocal line
        write_row(book, sheet, line, values, style, column_styles)
        fit_row(sheet, line, values, _SUMMARY_WIDTHS)
        line += 1

    def put_wide(first: object, text: str) -> None:
        """A line whose text takes B:D, wrapped, as high as it needs."""
        nonlocal line
        write_row(book, sheet, line, [first])
        sheet.merge_range(line, 1, line, 3, text, body)
        fit_row(sheet, line, [first, text], [_SUMMARY_WIDTHS[0], merged_width])
        line += 1

    def put_line(column: int, text: str, cell_format=heading) -> None:
        """A short line that runs on over the empty cells to its right (a heading, a choice)."""
        nonlocal line
        sheet.write_string(line, column, text, cell_format)
        line += 1

    sheet.write_string(line, 0, phrase("gaps.title", lang), book.format(_TITLE))
    sheet.set_row(line, 24)
    line += 2
    system, spec = document.get("system", {}), document["spec"]
    facts = [
        ("gaps.system", system.get("name")),
        ("gaps.vendor", system.get("vendor")),
        ("gaps.municipality", system.get("municipality")),
        ("gaps.spec", f"{spec['area']} {spec['version']}" + (f"（{phrase('sample', lang)}）" if spec.get("sample") else "")),
        ("gaps.inventory", PurePath(document["inventory"]["path"]).name),
        ("gaps.generated", datetime.fromisoformat(document["generated_at"]).astimezone().date().isoformat()),
    ]
    for key, value in facts:
        if value:
            put_wide(phrase(key, lang), value)
    line += 1
    put_line(0, phrase("gaps.lists", lang))
    counts = {1: count, 2: count}
    put([phrase(key, lang) for key in ("gaps.list", "gaps.items", "gaps.answered", "gaps.about")], TITLE,
        {column: {**style, "bold": True} for column, style in counts.items()})
    for gap_list, items in rows.items():
        answered = sum(1 for r in items if r.answer is not None)
        put([label(gap_list, lang), len(items), answered, phrase(f"gaps.about.{gap_list.value}", lang)], BODY, counts)
    line += 1
    put_line(0, phrase("gaps.how", lang))
    for step in range(1, 6):
        put_wide(f"{step}.", phrase(f"gaps.how.{step}", lang))
    line += 1
    put_line(0, phrase("gaps.policies", lang))
    choice = book.format(LINE)
    for policy in ResponsePolicy:
        put_line(1, label(policy, lang), choice)
    sheet.hide_gridlines(2)
    _print_and_protect(sheet, "summary")


def _meta_sheet(book: Book, document: dict, rows: dict[GapList, list[GapRow]], lang: str) -> None:
    spec = document["spec"]
    about = {
        "area": spec["area"],
        "version": spec["version"],
        "system": document.get("system", {}).get("name"),
        "generated_at": document["generated_at"],
        "lang": lang,
    }
    sheet = meta_sheet(book, FORMAT, FORMAT_VERSION, about)
    for column, role in enumerate(["key", "list", "sheet", *_PROTECTED]):
        sheet.write_string(1, column, role)
    formats = book.text_formats()
    line = 1
    for gap_list, items in rows.items():
        for row in items:
            line += 1
            for column, value in enumerate([row.key, gap_list.value, label(gap_list, lang)]):
                write_text(sheet, line, column, value, formats)
            for column, role in enumerate(_PROTECTED, start=3):
                if role in row.cells:
                    write_text(sheet, line, column, row.cells[role], formats)
    _print_and_protect(sheet, "meta")


def gaps_workbook(document: dict, lang: str = "ja") -> bytes:
    """The gap spreadsheet of a check, from its result.json document (answers so far filled in)."""
    rows = gap_rows(document, lang)
    book = Book(created=datetime.fromisoformat(document["generated_at"]))
    _summary_sheet(book, document, rows, lang)
    for gap_list, items in rows.items():
        _list_sheet(book, gap_list, items, lang)
    _meta_sheet(book, document, rows, lang)
    return book.close()


def render(report) -> bytes:
    """Renderer for check.renderers(): Report → gaps.xlsx bytes."""
    return gaps_workbook(report.document, report.lang)


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
    strays: tuple[Problem, ...] = ()  # cells far outside the rest of a sheet, not read


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
        problems.append(Problem(where("policy"), _("a cost or a date is given but no 対応方針: choose one from the list")))
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
    about, originals = read_meta(path, sheets, FORMAT, FORMAT_VERSION, what=N_("gap spreadsheet"),
                                fresh=N_("gaps.xlsx that `gapcheck check` wrote"), rows=_originals)
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
                        Problem(where("key"), _("a row without a key (added by hand?): answer in the rows of the list"))
                    )
                continue
            original = originals.get(key)
            if original is None:
                problems.append(
                    Problem(
                        where("key"),
                        _("'{key}' is not an item of this spreadsheet: do not edit the hidden 照合キー column", key=_shown(key)),
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
                                _("protected cell changed from '{before}' to '{now}': "
                                  "answer in the yellow columns only (the change is not taken over)",
                                  before=_shown(original.cells[role]), now=_shown(now)),
                            )
                        )
            answer = _parse_answer(cells, where, problems)
            if key in seen:
                first_sheet, first_row, first_answer = seen[key]
                if first_answer != answer:
                    problems.append(
                        Problem(
                            where("key"),
                            _("the item {item} is also on sheet '{sheet}' row {row} with another answer: keep one of the rows",
                              item=original.target, sheet=first_sheet, row=first_row),
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
            summary = _(CELLS_REFUSED, path=path, count=len(problems))
            hint = _(CORRECT_CELLS)
        else:
            summary = _("{path}: {count} protected cells were edited; nothing was imported", path=path, count=len(conflicts))
            hint = _("undo those edits, or import with --ignore-conflicts to take the answers over without them")
        raise ProblemsError(summary, found, hint)
    return Filled(
        answers=answers,
        area=about.get("area"),
        system=about.get("system"),
        blank=blank_rows,
        missing=tuple(key for key in originals if key not in seen),
        conflicts=tuple(conflicts),
        strays=tuple(book.strays()),
    )
