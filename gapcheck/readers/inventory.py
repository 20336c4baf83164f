"""Read a vendor's feature inventory (機能一覧 / 適合表) as it comes: .xlsx .xlsm .xls .ods .csv.

Every vendor has its own layout. The header is found by `header.detect_header` with the vocabulary
below (title rows, two-row merged headers and hidden columns included); `--column ROLE=HEADER` or a
layout file (schemas/layout.schema.json) names what detection cannot find.

Roles of the columns: key (the vendor's own number), ref (standard 機能ID / 帳票ID cited, several
per cell allowed), name, text, support (○ △ × …), section (大分類 / 中分類 / 小分類, several columns
allowed), notes.

Kind of inventory, decided per sheet from the columns:
  適合表 (conformance) — a ref column and a support column, no vendor key of its own, and at least
  80 % of the rows cite exactly one standard ID with no ID listed twice: the standard's list with
  the vendor's mark per ID. A blank mark there is an unanswered question.
  機能一覧 (catalog) — anything else: the vendor's own features, citing standard IDs or not.

Inside the data: blank rows are separators. A row whose only cell is text, with no mark or ID,
is a section heading for the rows below when that cell is left of the name column, or merged across
the row, or styled like one (■, 【…】, 1.2, (1), 第1章 …; outline numbers nest), or, in a list where
most features have a description or a mark, a plain name with a feature row after it; a plain value
alone in a section column (大分類 …) starts a new group there. Blank cells in section columns repeat
the value above (merged cells read that way too). Hidden rows are read as data (a filtered list)
and reported; hidden columns are not used unless named by --column or a layout file.

Stable keys (they name features in decisions files kept across runs, so never depend on row
numbers): the vendor's own ID (NFKC, no white space); in a 適合表 the standard ID of the row;
otherwise the section path and the name, compacted, without outline numbers («住民異動/転入異動入力»;
prefixed with the sheet name when several sheets are read). A repeated key gets «#2», «#3» in row
order. A key column that only counts rows (1, 2, 3 …, maybe restarting per section) is not an ID.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from gapcheck import collector
from gapcheck import notes as note_texts
from gapcheck.errors import InputError, Location, column_letter
from gapcheck.jsonfile import check, read_json
from gapcheck.messages import N_, _, language
from gapcheck.model import (
    Feature,
    HiddenColumn,
    Inventory,
    InventoryKind,
    Note,
    ReadWarning,
    SheetUse,
    SkippedRow,
    Spec,
    Support,
)
from gapcheck.readers.header import SCAN_ROWS, Header, Vocabulary, detect_header, header_key, require_header
from gapcheck.readers.spec_import import NOT_LISTS as SPEC_NOT_LISTS
from gapcheck.readers.workbook import Sheet, blank, cell_at, read_workbook
from gapcheck.rules.ids import InvalidId, normalize_id, split_ids
from gapcheck.rules.vocabulary import parse_support
from gapcheck.text import clean_cell, clean_column, compact, shown_path

ROLES = ("key", "ref", "name", "text", "support", "section", "notes")
ID_WIDTH = 7  # 機能ID and 帳票ID

VOCABULARY: Vocabulary = {
    "key": ("機能番号", "機能No", "機能No.", "機能コード", "機能管理番号", "管理番号", "整理番号", "項番", "項目番号",
            "番号", "No", "No.", "NO", "通番", "連番", "ID", "コード", "画面ID", "key"),
    "ref": ("標準機能ID", "標準仕様書機能ID", "標準仕様機能ID", "対応する機能ID", "対応機能ID", "該当機能ID",
            "関連機能ID", "参照機能ID", "機能ID", "要件ID", "帳票ID", "標準ID", "標準仕様ID", "標準帳票ID",
            "機能ID/帳票ID", "ref"),
    "name": ("機能名", "機能名称", "機能", "名称", "項目", "項目名", "機能項目", "処理名", "業務機能", "画面名",
             "サブ機能", "name"),
    "text": ("機能概要", "機能説明", "機能内容", "機能詳細", "概要", "説明", "内容", "詳細", "処理概要", "処理内容",
             "機能要件", "要件", "要件内容", "text"),
    "support": ("対応状況", "対応可否", "対応有無", "対応区分", "対応", "適合", "適合状況", "適合可否", "適合度", "可否",
                "○×", "○△×", "〇×", "〇△×", "○/×", "○/△/×", "実装状況", "標準対応", "パッケージ対応", "充足",
                "充足状況", "充足度", "評価", "回答", "フィット", "Fit/Gap", "support"),
    "section": ("大分類", "中分類", "小分類", "大項目", "中項目", "小項目", "分類", "区分", "業務", "業務名", "業務区分",
                "業務分類", "機能分類", "機能区分", "カテゴリ", "カテゴリー", "サブシステム", "section"),
    "notes": ("備考", "備考欄", "コメント", "補足", "補足説明", "特記事項", "留意事項", "注記", "摘要", "メモ",
              "代替案", "代替手段", "運用回避策", "notes"),
}
# a feature name and one more known column; or, for a 適合表 without names, IDs and marks
REQUIRED = tuple(frozenset({"name", role}) for role in ROLES if role != "name") + (frozenset({"ref", "support"}),)

NOT_LISTS = re.compile(
    f"{SPEC_NOT_LISTS.pattern}|記入要領|記入例|注意事項|使い方|操作説明|選択肢|プルダウン|リスト値"
)

CONFORMANCE_SHARE = 0.8  # rows citing exactly one ID, for a 適合表
DENSE_SHARE = 0.8  # named rows that also have a description or a mark: a lone name is a heading
DENSE_SAMPLE = 5000  # rows looked at for that share
_SHOWN_ROWS = 5  # rows kept per grouped warning
AMBIGUOUS_REF = frozenset({"機能id"})  # header_key form

_HEADING_STYLE = re.compile(
    r"^(?:[■□◆◇▼▽▶►◎【\[［〔《〈<＜]|第\s*[0-9０-９一二三四五六七八九十]+\s*[章節部]"
    r"|[0-9０-９]+(?:[.．][0-9０-９]+)*[.．、]|[（(][0-9０-９]+[)）]|[①-⑳])"
)
_BULLETS = re.compile(r"^[■□◆◇▼▽▶►◎・\s]+")
_WRAPPED = re.compile(r"^[【\[［〔《〈<＜](.+?)[】\]］〕》〉>＞]$")
_OUTLINE = re.compile(r"^(?:第\d+[章節部]|\d+(?:\.\d+)+\.?|\d+[.、]|\(\d+\)|\d+(?=\s))\s*")  # on NFKC text
_REF_NOISE = re.compile(r"[()\[\]{}<>「」『』【】〔〕:=※]")  # on NFKC text
_REF_EDGES = re.compile(r"^[^0-9A-Za-z]+|[^0-9A-Za-z]+$")
_RANGE = re.compile(r"(\d{5,7})\s*[~〜]\s*(\d{5,7})")  # on NFKC text (NFKC turns ～ into ~, not 〜)
_RANGE_MARKS = str.maketrans("~〜", "  ")
_PLAIN_IDS = re.compile(r"[0-9]{7}(?:\s*[、,/／\n]\s*[0-9]{7})*")  # «0010003、0010004» as it should be
_SEVEN_DIGITS = re.compile(r"[0-9]{7}")

# notes made for many rows, made once
_BLANK_ROW = Note("blank_row")
_HEADER_REPEATED = Note("header_repeated")
_NO_NAME = Note("no_name")
_NO_NAME_OR_ID = Note("no_name_or_id")
_HIDDEN_ROWS = Note("hidden_rows")
_NO_HEADER = Note("no_header")


# --- layout file -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """What a layout file says about an inventory (schemas/layout.schema.json)."""

    sheet: str | None = None
    header_rows: tuple[int, ...] = ()  # 1-based
    columns: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    support_marks: dict[str, Support] = field(default_factory=dict)
    kind: InventoryKind | None = None
    description: str = ""


def layout_from_dict(document: dict, where: str | Path = "layout") -> Layout:
    """A Layout from its JSON document; ProblemsError lists every schema violation."""
    check(where, "layout", document, N_("layout file"))
    if len(rows := document.get("header_rows", [])) == 2 and rows[1] != rows[0] + 1:
        raise InputError(
            where, _("header_rows {rows} are not two consecutive rows", rows=rows),
            _("give one row, or the two rows of a two-row header"),
        )
    columns = {
        role: tuple(value) if isinstance(value, list) else value for role, value in document.get("columns", {}).items()
    }
    return Layout(
        sheet=document.get("sheet"),
        header_rows=tuple(rows),
        columns=columns,
        support_marks={mark: Support(meaning) for mark, meaning in document.get("support_marks", {}).items()},
        kind=InventoryKind(document["kind"]) if "kind" in document else None,
        description=document.get("description", ""),
    )


def load_layout(path: str | Path) -> Layout:
    """Read and validate a layout file; InputError / ProblemsError name the file and what is wrong."""
    return layout_from_dict(read_json(path, "gapcheck-layout"), path)


def _as_layout(layout: str | Path | dict | Layout | None) -> Layout:
    if layout is None:
        return Layout()
    if isinstance(layout, Layout):
        return layout
    if isinstance(layout, dict):
        return layout_from_dict(layout)
    return load_layout(layout)


# --- cells -----------------------------------------------------------------------------------------


_SHORTEST_ID = 10 ** (ID_WIDTH - 3)  # a stripped ID keeps its non-zero business-code digit (see ids.normalize_id)
NO = 1 << 30  # column index of a role the sheet lacks: beyond every row


def parse_refs(value: object) -> tuple[tuple[str, ...], tuple[tuple[str, Note], ...], tuple[str, str] | None]:
    """The standard IDs one cell cites: (ids, [(as written, why invalid)], range written as a–b or None).

    Separators 、 , ／ ; line breaks; bracketed remarks and words without digits (なし, 独自, －)
    are not IDs. IDs typed as numbers get their leading zeros back.
    """
    if blank(value):
        return (), (), None
    # the usual cases first: written as it should be, or typed as a number that lost its zeros
    if value.__class__ is str and len(value) == ID_WIDTH and value.isascii() and value.isdigit():
        return (value,), (), None
    if value.__class__ in (int, float) and _SHORTEST_ID <= value < 10**ID_WIDTH and value == int(value):
        return (f"{int(value):0{ID_WIDTH}d}",), (), None
    if value.__class__ is str and _PLAIN_IDS.fullmatch(value):
        return tuple(dict.fromkeys(_SEVEN_DIGITS.findall(value))), (), None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return (normalize_id(value, ID_WIDTH),), (), None
        except InvalidId as error:
            return (), ((clean_cell(value), error.note),), None
    text = unicodedata.normalize("NFKC", clean_cell(value))
    span = _RANGE.search(text)
    ids: list[str] = []
    bad: list[tuple[str, Note]] = []
    for part in split_ids(_REF_NOISE.sub(" ", text.translate(_RANGE_MARKS))):
        token = _REF_EDGES.sub("", part)
        if not any(c.isdigit() for c in token):
            continue
        try:
            found = normalize_id(token, ID_WIDTH)
        except InvalidId as error:
            bad.append((token, error.note))
            continue
        if found not in ids:
            ids.append(found)
    return tuple(ids), tuple(bad), span.groups() if span else None


class _Refs(NamedTuple):
    """What `parse_refs` found in one cell, with what a feature keeps of it."""

    ids: tuple[str, ...]
    bad: tuple[tuple[str, Note], ...]
    span: tuple[str, str] | None
    tokens: tuple[str, ...]  # the invalid IDs as written
    noted: bool  # a range or an invalid ID: warnings to give


def _refs(value: object) -> _Refs:
    ids, bad, span = parse_refs(value)
    return _Refs(ids, bad, span, tuple(token for token, _ in bad), bool(span or bad))


def _section_text(value: str) -> str:
    """A heading as displayed: decorative bullets and wrapping 【】 dropped, numbering kept."""
    text = _BULLETS.sub("", value)
    wrapped = _WRAPPED.match(text)
    return (wrapped.group(1) if wrapped else text).strip()


def key_part(text: str) -> str:
    """One component of a derived key: compact NFKC form without outline numbers (1.2, (1), 第1章),
    so renumbered chapters and re-wrapped lines keep their keys."""
    return _OUTLINE.sub("", compact(text).replace("/", "／")) or compact(text)


def _ambiguous(label: str) -> bool:
    """A plain 機能ID header: the standard's ID or the vendor's own, only the values tell."""
    return any(header_key(part) in AMBIGUOUS_REF for part in label.split(" / "))


def _counter(values: Iterable[object]) -> bool:
    """True when a key column only counts rows: 1, 2, 3 … (maybe restarting at 1 per section).
    Stops at the first value that is not a number (a vendor's own IDs: at once)."""
    numbers = []
    for value in values:
        if isinstance(value, bool):
            return False
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()
            if not (text.isascii() and text.isdigit()):
                return False
            value = int(text)
        if not isinstance(value, int):
            return False
        numbers.append(value)
    return bool(numbers) and all(b == a + 1 or b == 1 for a, b in zip([numbers[0] - 1, *numbers], numbers))


# --- one sheet ------------------------------------------------------------------------------------


class _Row(NamedTuple):  # a tuple: 100,000 of them are made per large file; a Feature's fields but its key
    sheet: str
    row: int
    name: str
    text: str
    section: tuple[str, ...]
    refs: tuple[str, ...]
    support: Support | None
    support_raw: str
    notes: str
    vendor_id: str | None
    bad_refs: tuple[str, ...]


@dataclass
class _Notes:
    """Warnings grouped by sheet, column and note, with the rows they apply to."""

    groups: dict[tuple[str, str | None, Note], list[int]] = field(default_factory=dict)

    def add(self, sheet: str, row: int | None, column: str | None, note: Note) -> None:
        rows = self.groups.setdefault((sheet, column, note), [])
        if row is not None:
            rows.append(row)

    def warnings(self) -> tuple[ReadWarning, ...]:
        return tuple(
            ReadWarning(sheet, note, tuple(rows[:_SHOWN_ROWS]), len(rows), column)
            for (sheet, column, note), rows in self.groups.items()
        )


@dataclass
class _SheetResult:
    use: SheetUse  # its kind and the reason for it too
    rows: list[_Row]
    vendor_keys: bool


_UNSEEN = object()


class _SupportMarks:
    """Support marks → Support, with the layout's own marks first; each distinct mark parsed once."""

    def __init__(self, extra: dict[str, Support]):
        self.extra = {compact(mark).lower(): meaning for mark, meaning in extra.items()}
        self.seen: dict[str, Support | None | KeyError] = {}

    def meaning(self, raw: str) -> Support | None | KeyError:
        """Support, None for blank; the KeyError (not raised) for an unknown mark."""
        found = self.seen.get(raw, _UNSEEN)
        if found is _UNSEEN:
            try:
                found = self.extra.get(compact(raw).lower()) or parse_support(raw)
            except KeyError as error:
                found = error
            self.seen[raw] = found
        return found


def _header_view(sheet: Sheet, rows: tuple[int, ...]) -> Sheet:
    """The top of a sheet, for header detection (which measures the sheet's width per candidate)."""
    end = (rows[-1] if rows else SCAN_ROWS) + 2
    if len(sheet.rows) <= end:
        return sheet
    return Sheet(sheet.name, sheet.rows[:end], sheet.merged, sheet.hidden_rows, sheet.hidden_columns, sheet.visible)


def _find_column(header: Header, wanted: str) -> int | None:
    """A column by letter or by its label as written (either row of a two-row header)."""
    if wanted.isascii() and wanted.isalpha() and wanted.isupper() and len(wanted) <= 3:
        return next((c.index for c in header.columns if c.letter == wanted), None)
    key = header_key(wanted)
    for column in header.columns:
        if key in {header_key(column.label), *(header_key(part) for part in column.label.split(" / "))}:
            return column.index
    return None


def _roles(header: Header, sections: tuple[str, ...], path: Path, sheet: Sheet) -> dict[str, tuple[int, ...]]:
    roles = dict(header.roles)
    if sections:
        indexes = []
        for wanted in sections:
            index = _find_column(header, wanted)
            if index is None:
                raise InputError(
                    Location(path, sheet.name),
                    _("the section column '{column}' is not in the header (row {rows})",
                      column=wanted, rows="+".join(str(r + 1) for r in header.rows)),
                    _("check the layout file's columns.section against the header as written"),
                )
            indexes.append(index)
        roles = {role: tuple(i for i in found if i not in indexes) for role, found in roles.items()}
        roles = {role: found for role, found in roles.items() if found}
        roles["section"] = tuple(indexes)
    return roles


def _read_sheet(
    sheet: Sheet,
    header: Header,
    roles: dict[str, tuple[int, ...]],
    explicit: set[str],
    marks: _SupportMarks,
    notes: _Notes,
    skipped: list[SkippedRow],
) -> _SheetResult:
    first = {role: indexes[0] for role, indexes in roles.items()}
    body = sheet.rows[header.data_start :]
    sheet_notes: list[Note] = []

    def describe(index: int) -> str:
        column = header.columns[index] if index < len(header.columns) else None
        return f"{column.label} ({column.letter})" if column and column.label else column_letter(index)

    # 機能ID names the standard's ID in a 適合表 but often the vendor's own number in a catalog.
    ref_label = header.columns[first["ref"]].label if "ref" in first else ""
    if "key" not in first and "ref" not in explicit and _ambiguous(ref_label):
        cited = [found for r in body if (found := parse_refs(cell_at(r, first["ref"])))[0] or found[1]]
        valid = sum(1 for ids, bad, _ in cited if ids and not bad)
        if cited and valid <= len(cited) / 2:
            first["key"] = first.pop("ref")
            sheet_notes.append(Note("key_vendor_numbers", {"column": describe(first["key"])}))
    if "key" in first and "key" not in explicit:
        named = first.get("name", first.get("ref"))  # heading rows put text in the key column too
        values = (v for r in body if not blank(v := cell_at(r, first["key"])) and not blank(cell_at(r, named)))
        if _counter(values):
            sheet_notes.append(Note("key_counts_rows", {"column": describe(first.pop("key"))}))

    name_i, text_i, key_i, ref_i, support_i, notes_i = (
        first.get(role, NO) for role in ("name", "text", "key", "ref", "support", "notes")
    )
    section_cols = roles.get("section", ())
    letters = {role: column_letter(i) for role, i in first.items()}
    name_labels = set()
    if name_i != NO:
        label = header.columns[name_i].label
        name_labels = {label, *label.split(" / ")}
    horizontal = {(r0, c0) for r0, c0, r1, c1 in sheet.merged if c1 > c0}

    dense = False
    if name_i != NO and (text_i != NO or support_i != NO):
        named = described = 0
        for row in body[:DENSE_SAMPLE]:
            if not blank(cell_at(row, name_i)):
                named += 1
                described += not (blank(cell_at(row, text_i)) and blank(cell_at(row, support_i)))
        dense = named > 0 and described >= DENSE_SHARE * named

    # Whole columns cleaned and parsed at once; the loop over the rows only decides which rows are
    # features and under which section, and the features' fields are then taken column by column.
    n = len(body)
    raw = _columns(body, n)
    supports = clean_column(raw(support_i))
    ref_values = raw(ref_i)
    names = clean_column(raw(name_i))
    levels = list(enumerate(clean_column(raw(c)) for c in section_cols))
    parsed: dict[tuple[type, object], _Refs] = {}  # cited IDs repeat: each distinct cell parsed once
    refs_column = [
        parsed[k] if (k := (v.__class__, v)) in parsed else parsed.setdefault(k, _refs(v)) for v in ref_values
    ]
    meanings = {mark: marks.meaning(mark) for mark in set(supports)}
    unknown = {mark for mark, meaning in meanings.items() if meaning.__class__ is KeyError}
    headings: list[tuple[tuple[int, int], str]] = []  # (level, text), outermost first
    section_state = [""] * len(section_cols)
    displayed: dict[str, str] = {}  # section cell → display text
    paths: dict[tuple[str, ...], tuple[str, ...]] = {}  # section cells → path, under the current headings
    section: tuple[str, ...] = ()
    kept = bytearray(n)  # 1 for the rows that are features
    sections: list[tuple[str, ...]] = [()] * n  # each feature's section path
    sheet_name = sheet.name
    first_row = header.data_start + 1  # Excel row of offset 0
    for offset, support_raw, ref_value, name in zip(range(n), supports, ref_values, names):
        if not support_raw and blank(ref_value):
            row = body[offset]
            filled = [(c, v) for c, v in enumerate(row) if not blank(v)]
            if not filled:
                skipped.append(SkippedRow(sheet_name, first_row + offset, _BLANK_ROW))
                continue
            if len(filled) == 1 and isinstance(filled[0][1], str):
                column, value = filled[0]
                text = clean_cell(value)
                styled = (first_row + offset - 1, column) in horizontal or bool(_HEADING_STYLE.match(text))
                if column in section_cols and not styled:  # a group row: only 大分類 (…) filled
                    level = section_cols.index(column)
                    section_state[level:] = [_section_text(text)] + [""] * (len(section_cols) - level - 1)
                    section = tuple(h[1] for h in headings) + tuple(s for s in section_state if s)
                    skipped.append(SkippedRow(sheet_name, first_row + offset, Note("section_heading", {"text": text})))
                    continue
                if column < name_i or column == name_i and (
                    styled or dense and _feature_follows(body, offset, support_i, ref_i)
                ):
                    outline = _OUTLINE.match(unicodedata.normalize("NFKC", text))
                    level = (column, len(re.findall(r"\d+", outline.group(0))) if outline else 0)
                    headings = [h for h in headings if h[0] < level] + [(level, _section_text(text))]
                    paths = {}
                    section_state = [""] * len(section_cols)
                    section = tuple(h[1] for h in headings)
                    skipped.append(SkippedRow(sheet_name, first_row + offset, Note("section_heading", {"text": text})))
                    continue
        if name and name in name_labels:
            skipped.append(SkippedRow(sheet_name, first_row + offset, _HEADER_REPEATED))
            continue
        changed = False
        for level, values in levels:
            value = values[offset]
            if value:
                if value not in displayed:
                    displayed[value] = _section_text(value)
                if displayed[value] != section_state[level]:
                    changed = True
                    section_state[level] = displayed[value]
            elif changed:
                section_state[level] = ""
        if changed:
            state = tuple(section_state)
            if (section := paths.get(state)) is None:  # groups alternate: each path made once
                section = paths[state] = tuple(h[1] for h in headings) + tuple(s for s in state if s)
        cited = refs_column[offset]
        if cited.noted:
            if cited.span:
                notes.add(sheet_name, first_row + offset, letters["ref"],
                          Note("ref_range", {"first": cited.span[0], "last": cited.span[1]}))
            for _token, why in cited.bad:
                notes.add(sheet_name, first_row + offset, letters["ref"], Note("ref_not_taken", {"why": why}))
        if not name:
            if cited.ids or cited.bad:
                names[offset] = clean_cell(ref_value)
            else:
                skipped.append(SkippedRow(sheet_name, first_row + offset, _NO_NAME if name_i != NO else _NO_NAME_OR_ID))
                continue
        if unknown and support_raw in unknown:
            notes.add(sheet_name, first_row + offset, letters["support"], Note("unknown_mark", {"mark": support_raw}))
        kept[offset] = 1
        sections[offset] = section

    excel_rows = range(first_row, first_row + n)
    meanings = {mark: None if meaning.__class__ is KeyError else meaning for mark, meaning in meanings.items()}
    fields = zip(
        repeat(sheet_name),
        excel_rows,
        names,
        clean_column(raw(text_i)),
        sections,
        map(itemgetter(0), refs_column),  # _Refs.ids
        map(meanings.__getitem__, supports),
        supports,
        clean_column(raw(notes_i)),
        [vendor_id or None for vendor_id in clean_column(raw(key_i))],
        map(itemgetter(3), refs_column),  # _Refs.tokens
    )
    # the features' rows, made as _Row._make makes them but without a Python call per row
    rows = list(map(tuple.__new__, repeat(_Row), compress(fields, kept)))
    hidden_rows = sheet.hidden_rows
    hidden = [row for row in compress(excel_rows, kept) if row - 1 in hidden_rows] if hidden_rows else []
    for hidden_row in hidden:
        notes.add(sheet.name, hidden_row, None, _HIDDEN_ROWS)
    kind, why = _sheet_kind(rows, first, describe)
    columns = {}
    for role in ROLES:
        indexes = section_cols if role == "section" else ((first[role],) if role in first else ())
        if indexes:
            columns[role] = "、".join(describe(i) for i in indexes)
    used = set(first.values()) | set(section_cols)
    hidden_columns = tuple(
        HiddenColumn(f"{c.letter} {c.label}".rstrip(), c.index in used) for c in header.columns if c.hidden
    )
    use = SheetUse(
        name=sheet.name,
        used=True,
        reason=why,
        header_rows=tuple(r + 1 for r in header.rows),
        columns=columns,
        rows=len(rows),
        kind=kind,
        hidden_rows=tuple(hidden),
        hidden_columns=hidden_columns,
        notes=tuple(sheet_notes),
    )
    return _SheetResult(use, rows, "key" in first)


def _columns(body: list[list], n: int):
    """A function giving one column of the body as a list (None where a row is shorter or the
    column absent); rows of the same width (calamine's) are sliced without a Python loop per cell."""
    shortest = min(map(len, body), default=0)

    def column(index: int) -> list:
        if index == NO:
            return [None] * n
        if index < shortest:
            return list(map(itemgetter(index), body))
        return [row[index] if index < len(row) else None for row in body]

    return column


def _feature_follows(body: list[list], offset: int, support: int, ref: int) -> bool:
    """Whether the next row that is not blank is a feature (more than one cell, or a mark or an ID):
    a lone plain name at the end of a group is a feature without a description, not a heading."""
    for following in range(offset + 1, len(body)):  # no slice: this runs for every lone name
        row = body[following]
        filled = sum(1 for v in row if not blank(v))
        if filled:
            return filled > 1 or not blank(cell_at(row, support)) or not blank(cell_at(row, ref))
    return False


def _sheet_kind(rows: list[_Row], first: dict[str, int], describe) -> tuple[InventoryKind, Note]:
    catalog = InventoryKind.CATALOG
    if "ref" not in first:
        return catalog, Note("kind_no_ref")
    if "support" not in first:
        return catalog, Note("kind_no_support", {"ref": describe(first["ref"])})
    if "key" in first:
        return catalog, Note("kind_vendor_key", {"key": describe(first["key"])})
    single = [r.refs[0] for r in rows if len(r.refs) == 1]
    repeated = sum(n - 1 for n in Counter(single).values())
    counts = {"single": len(single), "rows": len(rows)}
    if rows and len(single) >= CONFORMANCE_SHARE * len(rows) and repeated == 0:
        return InventoryKind.CONFORMANCE, Note(
            "kind_conformance", {"ref": describe(first["ref"]), **counts, "support": describe(first["support"])}
        )
    if repeated:
        return catalog, Note("kind_few_single_repeated", {**counts, "repeated": repeated, "share": CONFORMANCE_SHARE})
    return catalog, Note("kind_few_single", {**counts, "share": CONFORMANCE_SHARE})


# --- keys ------------------------------------------------------------------------------------------


def _keys(results: list[_SheetResult], kind: InventoryKind, notes: _Notes) -> list[str]:
    """One stable key per row, in row order (see the module docstring)."""
    prefix = len(results) > 1
    sections: dict[tuple[str, tuple[str, ...]], str] = {}
    bases = []
    for result in results:
        for row in result.rows:
            if result.vendor_keys and row.vendor_id:
                vendor_id = row.vendor_id
                if not vendor_id.isascii():
                    base = compact(vendor_id)
                elif vendor_id.isprintable() and " " not in vendor_id:  # no white space at all (the usual)
                    base = vendor_id
                else:
                    base = "".join(vendor_id.split())
            elif kind is InventoryKind.CONFORMANCE and len(row.refs) == 1:
                base = row.refs[0]
            else:
                path = (row.sheet, row.section)
                if path not in sections:
                    parts = ([row.sheet] if prefix else []) + [key_part(s) for s in row.section]
                    sections[path] = "".join(f"{p}/" for p in parts)
                base = sections[path] + key_part(row.name)
            bases.append(base)
    if len(set(bases)) == len(bases):  # the usual: no key listed twice
        return bases
    counts: dict[str, int] = {}
    first_at: dict[str, tuple[str, int]] = {}
    keys = []
    rows = ((result, row) for result in results for row in result.rows)
    for (result, row), base in zip(rows, bases):
        count = counts[base] = counts.get(base, 0) + 1
        if count == 1:
            first_at[base] = (row.sheet, row.row)
            keys.append(base)
            continue
        key = f"{base}#{count}"
        keys.append(key)
        sheet, at = first_at[base]
        notes.add(row.sheet, row.row, None, _repeated(result, kind, row, sheet, at, key))
    return keys


def _repeated(result: _SheetResult, kind: InventoryKind, row: _Row, sheet: str, at: int, key: str) -> Note:
    """The warning about a key listed twice, saying what the key was made of."""
    first = {"first_sheet": sheet, "first_row": at, "key": key}
    if result.vendor_keys and row.vendor_id:
        return Note("key_repeated_vendor_id", {"value": row.vendor_id, **first})
    if kind is InventoryKind.CONFORMANCE and len(row.refs) == 1:
        return Note("key_repeated_standard_id", {"value": row.refs[0], **first})
    if row.section:
        return Note("key_repeated_name_in_section", {"value": row.name, "section": "/".join(row.section), **first})
    return Note("key_repeated_name", {"value": row.name, **first})


# --- the whole file ---------------------------------------------------------------------------------


@collector.paused()  # a large inventory makes a few hundred thousand rows, cells and features
def read_inventory(
    path: str | Path,
    *,
    sheet: str | None = None,
    columns: dict[str, str] | None = None,
    layout: str | Path | dict | Layout | None = None,
) -> Inventory:
    """Read a vendor's inventory. `sheet` and `columns` (role → header or column letter) win over
    the layout file's. InputError (one message naming the file and where it looked) when unusable."""
    path = Path(path)
    plan = _as_layout(layout)
    wanted = {**plan.columns, **(columns or {})}
    unknown = sorted(set(wanted) - set(ROLES))
    if unknown:
        raise InputError(path, _("unknown column role {roles}", roles=", ".join(unknown)),
                         _("the roles are: {roles}", roles=", ".join(ROLES)))
    sections = wanted.pop("section", None)
    if isinstance(sections, str):
        wanted["section"] = sections
        sections = None
    chosen = sheet or plan.sheet
    header_rows = tuple(r - 1 for r in plan.header_rows) or None
    book = read_workbook(path, chosen, expected=N_("a vendor's inventory (機能一覧 / 適合表)"))
    marks = _SupportMarks(plan.support_marks)
    notes = _Notes()
    for stray_sheet, note in book.stray_notes():
        notes.add(stray_sheet, None, None, note)
    skipped: list[SkippedRow] = []
    uses: list[SheetUse] = []
    results: list[_SheetResult] = []
    for candidate in book.sheets:
        if chosen is None and NOT_LISTS.search(candidate.name):
            uses.append(SheetUse(candidate.name, False, Note("not_a_list")))
            continue
        if chosen is None and not candidate.visible:
            uses.append(SheetUse(candidate.name, False, Note("hidden_sheet")))
            continue
        view = _header_view(candidate, header_rows or ())
        if chosen is not None:
            header = require_header(view, path, VOCABULARY, REQUIRED, wanted, N_("feature-list"), header_rows)
        else:
            header = detect_header(view, VOCABULARY, REQUIRED, wanted, header_rows)
        if header is None:
            uses.append(SheetUse(candidate.name, False, _NO_HEADER))
            continue
        roles = _roles(header, sections or (), path, candidate)
        explicit = set(wanted) | ({"section"} if sections else set())
        result = _read_sheet(candidate, header, roles, explicit, marks, notes, skipped)
        if not result.rows:
            rows_text = "+".join(map(str, result.use.header_rows))
            uses.append(SheetUse(candidate.name, False, Note("header_without_rows", {"rows": rows_text}),
                                 header_rows=result.use.header_rows))
            continue
        uses.append(result.use)
        results.append(result)
    if not results:
        _no_list(path, book.sheets, uses, header_rows)
    kinds = {r.use.kind for r in results}
    if plan.kind is not None:
        kind, why = plan.kind, Note("kind_layout")
    elif kinds == {InventoryKind.CONFORMANCE}:
        kind, why = InventoryKind.CONFORMANCE, results[0].use.reason
    else:
        kind = InventoryKind.CATALOG
        why = next(r.use.reason for r in results if r.use.kind is InventoryKind.CATALOG)
        if len(kinds) > 1:
            notes.add(results[0].use.name, None, None, Note("mixed_kinds"))
    keys = _keys(results, kind, notes)
    rows = (row for result in results for row in result.rows)
    features = _features(keys, rows)
    return Inventory(
        path=shown_path(path),
        kind=kind,
        features=features,
        sheets=tuple(uses),
        skipped=tuple(skipped),
        warnings=notes.warnings(),
        kind_reason=why,
        format=book.format,
        encoding=book.encoding,
    )


def _features(keys: list[str], rows: Iterable[_Row]) -> tuple[Feature, ...]:
    """A Feature per row. A frozen dataclass's __init__ sets each field through object.__setattr__,
    which for 100,000 features costs half as much as cleaning all their cells; they are restored as
    pickle restores them instead (a new instance, its dict filled in field order): the same objects,
    as Feature has no __post_init__ (a test holds both to that)."""
    new = object.__new__
    features = []
    for key, row in zip(keys, rows):
        feature = new(Feature)
        fields = feature.__dict__
        fields["key"] = key
        fields.update(zip(_Row._fields, row))
        features.append(feature)
    return tuple(features)


def _no_list(path: Path, sheets: list[Sheet], uses: list[SheetUse], header_rows: tuple[int, ...] | None) -> None:
    empty = next((u for u in uses if u.header_rows), None)  # unused, with a header: nothing under it
    if empty is not None:
        raise InputError(
            Location(path, empty.name),
            _("the feature list has {reason}", reason=note_texts.text(empty.reason, language())),
            _("check that this is the right sheet, or choose another with --sheet"),
        )
    looked = [u.name for u in uses if u.reason == _NO_HEADER]
    passed = [f"{u.name} ({note_texts.text(u.reason, language())})" for u in uses if u.reason != _NO_HEADER]
    where = (_("row {rows}", rows="+".join(str(r + 1) for r in header_rows)) if header_rows
             else _("the first {count} rows", count=SCAN_ROWS))
    problem = _(
        "no sheet holds a feature list: looked in {where} of {sheets} for a header "
        "with a feature name (機能名 …) and one more known column, or standard IDs (機能ID …) and marks (対応状況 …)",
        where=where, sheets="、".join(looked) or _("(no sheet)"),
    )
    if passed:
        problem += _("; skipped {sheets}", sheets="、".join(passed))
    if not sheets:
        problem = _("the workbook has no sheets")
    raise InputError(
        path,
        problem,
        _("choose the sheet with --sheet and name the columns with --column ROLE=HEADER "
          "(roles: {roles}), or describe the layout in a file for --layout", roles=", ".join(ROLES)),
    )


def unknown_refs(inventory: Inventory, spec: Spec) -> list[tuple[Feature, str]]:
    """(feature, id) for every cited ID the spec does not have, in inventory order."""
    known = spec.by_id
    return [(f, ref) for f in inventory.features for ref in f.refs if ref not in known]
