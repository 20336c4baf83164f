"""Import the ministries' requirement workbooks (機能要件 / 帳票要件 / 項目定義書) into a Spec.

Layouts differ between ministries and editions; the header is found by `header.detect_header`,
IDs are normalised by `gapcheck.rules.ids`, class labels mapped by `gapcheck.rules.vocabulary`. Every problem in
every source is collected before anything is written, so one run reports them all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from gapcheck import notes
from gapcheck.errors import InputError, Location, Problem, ProblemsError
from gapcheck.messages import N_, _, language
from gapcheck.model import Category, Kind, Requirement, Spec, SpecSource
from gapcheck.readers.header import SCAN_ROWS, Header, Vocabulary, detect_header, require_header
from gapcheck.readers.workbook import Sheet, Workbook, blank, cell_at, read_workbook
from gapcheck.rules.areas import area_slug
from gapcheck.rules.dates import parse_date
from gapcheck.rules.ids import WIDTH, InvalidId, business_code, is_section_number, join_split_id, normalize_id
from gapcheck.rules.vocabulary import TICKS, parse_category
from gapcheck.text import clean_cell, compact, readable

ROLES = ("id", "name", "text", "category", "section", "kind", "notes", "effective_from")

VOCABULARY: Vocabulary = {
    "id": ("機能ID", "帳票ID", "要件ID", "データ項目ID", "ID", "No", "No.", "項番", "section_no", "id"),
    "name": ("機能名称", "機能名", "帳票名称", "帳票名", "名称", "データ項目", "データ項目名", "name"),
    "text": ("機能要件", "要件", "要件内容", "帳票概要", "概要", "項目定義", "requirement_text", "text"),
    "category": ("実装区分", "実装類型", "区分", "category_label", "category"),
    "section": ("大項目", "中項目", "小項目", "大分類", "中分類", "小分類", "グループ名称", "section_path", "section"),
    "kind": ("要件種別", "種別", "kind"),
    "notes": ("備考", "notes"),
    "effective_from": ("適合基準日", "effective_from"),
}
REQUIRED = (frozenset({"id", "name"}), frozenset({"name", "text"}))

# Sheets that are never requirement lists (legends, change history, cover, code lists).
NOT_LISTS = re.compile(r"凡例|改版履歴|変更履歴|改訂履歴|更新履歴|表紙|目次|はじめに|コード一覧|記載要領|新旧対照")

KIND_WORDS = {"機能": Kind.FUNCTION, "帳票": Kind.FORM, "データ": Kind.DATA, "function": Kind.FUNCTION,
              "form": Kind.FORM, "data": Kind.DATA}
_PAGE_LINE = re.compile(r"^\s*\d+\s*/\s*\d+\s*$")  # «95 / 493» left over from a PDF copy
_SECTION_SPLIT = re.compile(r"\s*(?:>|＞|\n)\s*")
_WITHDRAWN = re.compile(r"^[（(【]?(削除|欠番)[）)】]?$")


@dataclass
class ImportReport:
    """What the importer did, for the command's output."""

    sheets: list[tuple[str, str]] = field(default_factory=list)  # (path: sheet, what happened)
    skipped_rows: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _Row:
    where: Location
    id: str
    source_id: str | None
    kind: Kind
    name: str
    text: str
    category: Category
    section: tuple[str, ...]
    notes: str | None
    effective_from: date | None


def _kind_of(header: Header, sheet: Sheet, forced: Kind | None) -> Kind:
    if forced:
        return forced
    column = header.column("id")
    label = compact(column.label) if column else ""
    if "データ項目" in label:
        return Kind.DATA
    if "帳票" in label or "帳票" in sheet.name:
        return Kind.FORM
    return Kind.FUNCTION


def _text(value: object) -> str:
    lines = clean_cell(value).split("\n")
    return "\n".join(line.rstrip() for line in lines if not _PAGE_LINE.match(line)).strip()


def _index(header: Header, role: str) -> int | None:
    indexes = header.roles.get(role)
    return indexes[0] if indexes else None


def _split_id_column(header: Header, sheet: Sheet) -> bool:
    """True when the ID is spread over two columns: 業務コード + serial (項目定義書)."""
    column = header.column("id")
    if column is None:
        return False
    if column.span == 2:
        return True
    # No merge information (CSV): an unlabelled column right of a column of 3-digit codes.
    right = column.index + 1
    if right < len(header.columns) and not header.columns[right].label:
        values = [r[column.index] for r in sheet.rows[header.data_start :] if not blank(cell_at(r, column.index))]
        return bool(values) and all(len(clean_cell(v)) == 3 and clean_cell(v).isdigit() for v in values)
    return False


def _marker_row(row: list) -> bool:
    """End or filler markers: every filled cell holds the same one- or two-character value
    (the 項目定義書 closes its table with a row of «e»)."""
    filled = {clean_cell(v) for v in row if not blank(v)}
    return len(filled) == 1 and len(next(iter(filled))) <= 2 and sum(not blank(v) for v in row) >= 3


def _tick_column(rows: list[list], index: int | None) -> bool:
    """True when the class column holds only ticks (○ = must, blank = may), as in 項目定義書."""
    if index is None:
        return False
    marks = {clean_cell(r[index]) for r in rows if not blank(cell_at(r, index))}
    return bool(marks) and marks <= TICKS


def _read_sheet(
    path: Path,
    sheet: Sheet,
    header: Header,
    kind: Kind | None,
    class_map: dict[str, Category],
    problems: list[Problem],
    report: ImportReport,
) -> list[_Row]:
    kind = _kind_of(header, sheet, kind)
    width = WIDTH[kind]
    columns = {role: _index(header, role) for role in ROLES}
    section_columns = header.roles.get("section", ())
    split_id = _split_id_column(header, sheet)
    body = [r for r in sheet.rows[header.data_start :] if not _marker_row(r)]
    ticks = _tick_column(body, columns["category"])
    id_values = [clean_cell(cell_at(r, columns["id"])) for r in sheet.rows[header.data_start :]]
    filled = [v for v in id_values if v]
    section_numbers = bool(filled) and sum(map(is_section_number, filled)) > len(filled) / 2
    heading: tuple[str, ...] = ()
    rows: list[_Row] = []
    for index in range(header.data_start, len(sheet.rows)):
        row = sheet.rows[index]
        excel_row = index + 1
        where = Location(path, sheet.name, excel_row)
        values = {role: cell_at(row, i) for role, i in columns.items()}
        name, text = _text(values["name"]), _text(values["text"])
        raw_id = clean_cell(values["id"])
        if all(blank(v) for v in row):
            continue
        if _marker_row(row):
            report.skipped_rows.append(Problem(where, _("end/filler marker row")))
            continue
        if not raw_id and not name and not text:
            filled_cells = [clean_cell(v) for v in row if not blank(v)]
            if len(filled_cells) == 1 and not ticks:  # a heading row: section of the rows below
                heading = (filled_cells[0],)
            else:
                report.skipped_rows.append(Problem(where, _("no ID, name or text")))
            continue
        if _WITHDRAWN.match(compact(name)):
            report.skipped_rows.append(Problem(where, _("marked {mark}", mark=name)))
            continue
        id_letter = header.columns[columns["id"]].letter if columns["id"] is not None else None
        try:
            if columns["id"] is None or not raw_id:
                raise InvalidId("id_cell_empty")
            if split_id:
                requirement_id = join_split_id(values["id"], cell_at(row, columns["id"] + 1), width)
            elif section_numbers:
                requirement_id = raw_id
                if not is_section_number(raw_id):
                    raise InvalidId("id_not_section_number", raw=raw_id)
            else:
                requirement_id = normalize_id(values["id"], width)
        except InvalidId as error:
            problems.append(Problem(Location(path, sheet.name, excel_row, id_letter), notes.text(error.note, language())))
            continue
        label = clean_cell(values["category"])
        category_letter = header.columns[columns["category"]].letter if columns["category"] is not None else None
        if ticks:
            category = Category.MANDATORY if label else Category.OPTIONAL
        else:
            category = parse_category(label, class_map) if label else None
            if category is None:
                problems.append(
                    Problem(
                        Location(path, sheet.name, excel_row, category_letter),
                        _("unknown class label '{label}'", label=label) if label else _("the class (実装区分) is blank"),
                    )
                )
                continue
        row_kind = kind
        if columns["kind"] is not None and (kind_label := compact(clean_cell(values["kind"]))):
            row_kind = next((k for word, k in KIND_WORDS.items() if word in kind_label.lower()), kind)
        section = tuple(
            part
            for i in section_columns
            for part in _SECTION_SPLIT.split(clean_cell(cell_at(row, i)))
            if part
        ) or heading
        effective = None
        if not blank(values["effective_from"]):
            try:
                effective = parse_date(values["effective_from"])
            except ValueError as error:
                problems.append(Problem(where, str(error)))
                continue
        rows.append(
            _Row(
                where=where,
                id=requirement_id,
                source_id=None,
                kind=row_kind,
                name=name or text.split("\n", 1)[0][:60],
                text=text,
                category=category,
                section=section,
                notes=_text(values["notes"]) or None,
                effective_from=effective,
            )
        )
    return rows


def _unique_ids(rows: list[_Row], problems: list[Problem]) -> None:
    """Section-number keys repeat where one section holds several blocks: 1.1.2, 1.1.2-2, 1.1.2-3.
    The first block keeps the plain number, so adding a block later does not rename earlier ones.
    A repeated 機能ID is an error in the source."""
    seen: dict[str, _Row] = {}
    counts: Counter[str] = Counter()
    for row in rows:
        counts[row.id] += 1
        if counts[row.id] == 1:
            seen[row.id] = row
            continue
        if is_section_number(row.id):
            row.source_id = row.id
            row.id = f"{row.id}-{counts[row.id]}"
        else:
            first = seen[row.id].where
            problems.append(Problem(row.where, _("duplicate ID {id} (also at {sheet} row {row})",
                                                 id=row.id, sheet=first.sheet, row=first.row)))


def attributed(source: SpecSource, files: list[str]) -> SpecSource:
    """The source with its file names and, where the publisher is known, the attribution the
    government's terms of use ask of derived data (政府標準利用規約: 「…を加工して作成」)."""
    title = source.title or "、".join(files)
    attribution = source.attribution or (f"{title}（{source.publisher}）を加工して作成" if source.publisher else None)
    return replace(source, files=source.files or tuple(files), attribution=attribution)


def import_spec(
    sources: list[str | Path],
    *,
    area: str,
    version: str,
    sheet: str | None = None,
    columns: dict[str, str] | None = None,
    kind: Kind | None = None,
    class_map: dict[str, Category] | None = None,
    code: str | None = None,
    published: date | None = None,
    source: SpecSource | None = None,
    sample: bool = False,
) -> tuple[Spec, ImportReport]:
    """Read the sources into one Spec. ProblemsError lists every bad cell; nothing is half-done."""
    report = ImportReport()
    problems: list[Problem] = []
    rows: list[_Row] = []
    for source_path in map(Path, sources):
        book: Workbook = read_workbook(source_path, sheet, expected=N_("a requirement list of a standard"))
        report.warnings.extend(book.strays())
        used = 0
        for candidate in book.sheets:
            label = f"{source_path.name}: {candidate.name}"
            if sheet is None and NOT_LISTS.search(candidate.name):
                report.sheets.append((label, _("skipped: not a requirement list (legend, history, cover)")))
                continue
            if sheet is None and not candidate.visible:
                report.sheets.append((label, _("skipped: hidden sheet")))
                continue
            if sheet is not None:
                header = require_header(candidate, source_path, VOCABULARY, REQUIRED, columns, N_("requirement-list"))
            else:
                header = detect_header(candidate, VOCABULARY, REQUIRED, columns)
            if header is None:
                report.sheets.append((label, _("skipped: no requirement-list header")))
                continue
            found = _read_sheet(source_path, candidate, header, kind, class_map or {}, problems, report)
            rows.extend(found)
            used += 1
            mapping = ", ".join(f"{role}={where}" for role, where in header.describe().items())
            rows_text = "+".join(str(r + 1) for r in header.rows)
            report.sheets.append((label, _("{count} requirements; header row {rows}: {mapping}",
                                           count=len(found), rows=rows_text, mapping=mapping)))
        if not used:
            looked = "、".join(s.name for s in book.sheets) or _("(no sheet)")
            raise InputError(
                source_path,
                _("no sheet holds a requirement list (looked in the first {count} rows of: {sheets} "
                  "for a header with ID and name, or name and text)", count=SCAN_ROWS, sheets=looked),
                _("choose the sheet with --sheet and name the columns with --column ROLE=HEADER"),
            )
    _unique_ids(rows, problems)
    if problems:
        raise ProblemsError(
            _("{count} problems in the source; nothing was written", count=len(problems)),
            problems,
            _("fix the cells, or map unknown class labels with --class LABEL=mandatory|optional|prohibited"),
        )
    if not rows:
        raise InputError(", ".join(map(str, sources)), _("the requirement list has a header but no rows"))
    codes = Counter(c for r in rows if (c := business_code(r.id)))
    spec = Spec(
        area=area,
        version=version,
        slug=area_slug(area),
        business_code=code or (codes.most_common(1)[0][0] if codes else None),
        published=published,
        source=attributed(source or SpecSource(), [readable(Path(s).name) for s in sources]),
        sample=sample,
        requirements=tuple(
            Requirement(
                id=r.id,
                kind=r.kind,
                name=r.name,
                text=r.text,
                category=r.category,
                section=r.section,
                source_id=r.source_id,
                effective_from=r.effective_from,
                notes=r.notes,
            )
            for r in rows
        ),
    )
    return spec, report
