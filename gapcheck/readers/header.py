"""Find the header of a list in a sheet, the way a person would.

Ministries' and vendors' sheets put title rows and legends above the header, spread the header over
two rows with merged cells (グループ over 名称 / 主キー / 外部キー), merge one header over two columns
(データ項目ID over 業務コード + serial), and hide columns. The header is the row (or pair of rows)
whose labels name the most roles of the given vocabulary.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import lru_cache

from gapcheck.errors import InputError, Location, column_letter
from gapcheck.messages import _
from gapcheck.readers.workbook import Sheet, blank
from gapcheck.text import clean_cell, compact

SCAN_ROWS = 40  # headers sit near the top; title blocks rarely run past a dozen rows

EXACT, SUFFIX = 3, 1  # how strongly a label names a role

_NOTE = re.compile(r"[（(【\[＜<].*?[）)】\]＞>]|※.*$|[:：*＊・]")


@lru_cache(maxsize=16384)  # the same labels are compared for every candidate row and every file
def header_key(label: str) -> str:
    """A header label as compared: NFKC, no white space, bracketed notes and ※ remarks dropped."""
    return _NOTE.sub("", compact(label)).lower()


Vocabulary = dict[str, tuple[str, ...]]  # role → header labels (any form; compared by header_key)
MULTI_ROLES = frozenset({"section"})  # roles that may take several columns, left to right
_SHORTEST_SUFFIX = 3  # a vocabulary label a longer label may end with (標準仕様書の機能ID is a 機能ID)


@dataclass(frozen=True)
class _Keys:
    """A vocabulary as compared: label key → role, and the labels a longer one may end with, by length."""

    exact: dict[str, str]
    suffixes: tuple[tuple[int, dict[str, str]], ...]  # longest first


def _keys(vocabulary: Vocabulary) -> _Keys:
    return _cached_keys(tuple((role, tuple(labels)) for role, labels in vocabulary.items()))


@lru_cache(maxsize=32)
def _cached_keys(vocabulary: tuple[tuple[str, tuple[str, ...]], ...]) -> _Keys:
    exact = {header_key(label): role for role, labels in vocabulary for label in labels}
    lengths: dict[int, dict[str, str]] = {}
    for key, role in exact.items():
        if len(key) >= _SHORTEST_SUFFIX:
            lengths.setdefault(len(key), {})[key] = role
    return _Keys(exact, tuple(sorted(lengths.items(), reverse=True)))


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    label: str  # as written; two-row headers as «top / bottom»
    role: str | None = None
    span: int = 1  # >1 when one header is merged over several columns
    hidden: bool = False

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class Header:
    rows: tuple[int, ...]  # 0-based sheet rows that make up the header
    columns: tuple[Column, ...]
    roles: dict[str, tuple[int, ...]] = field(default_factory=dict)  # role → column indexes

    @property
    def data_start(self) -> int:
        return self.rows[-1] + 1

    def column(self, role: str) -> Column | None:
        indexes = self.roles.get(role)
        return self.columns[indexes[0]] if indexes else None

    def describe(self) -> dict[str, str]:
        """role → «header (column letter)», for messages and `inspect`."""
        return {
            role: "、".join(f"{self.columns[i].label} ({self.columns[i].letter})" for i in indexes)
            for role, indexes in self.roles.items()
        }


def _labels(sheet: Sheet, top_row: int, two_rows: bool, width: int) -> list[tuple[str, str]]:
    """(top, bottom) labels per column for a header starting at top_row."""
    top = [clean_cell(v) for v in _row(sheet, top_row, width)]
    if not two_rows:
        return [(t, "") for t in top]
    bottom = [clean_cell(v) for v in _row(sheet, top_row + 1, width)]
    for r0, c0, r1, c1 in sheet.merged:
        if r0 == top_row and c1 > c0:  # a top label merged across columns covers them all
            for c in range(c0 + 1, min(c1 + 1, width)):
                top[c] = top[c] or top[c0]
        if r0 == top_row and r1 >= top_row + 1:  # merged down: the bottom cell is the same label
            for c in range(c0, min(c1 + 1, width)):
                bottom[c] = ""
    # Without merge information (CSV, a merge lost on copy): a blank top over a sub-label
    # continues the group to its left.
    for c in range(1, width):
        if not top[c] and bottom[c] and top[c - 1] and bottom[c - 1]:
            top[c] = top[c - 1]
    return list(zip(top, bottom))


def _row(sheet: Sheet, index: int, width: int) -> list:
    row = sheet.rows[index] if index < len(sheet.rows) else []
    return list(row) + [None] * (width - len(row))


def _strength(label: str, keys: _Keys) -> tuple[str | None, int]:
    """The role a label names and how strongly: exact label, else the longest vocabulary label it
    ends with (Japanese compounds put the head noun last: 標準仕様書の機能ID is a 機能ID)."""
    key = header_key(label)
    if not key:
        return None, 0
    role = keys.exact.get(key)
    if role is not None:
        return role, EXACT
    for length, labels in keys.suffixes:
        if length < len(key) and (role := labels.get(key[-length:])) is not None:
            return role, SUFFIX
    return None, 0


def _assign(
    pairs: list[tuple[str, str]],
    keys: _Keys,
    hidden: frozenset[int],
    overrides: dict[str, int],
) -> tuple[dict[str, tuple[int, ...]], int]:
    """Roles for a candidate header, and its score."""
    offers: list[tuple[int, int, str]] = []  # (strength, column, role)
    for index, (top, bottom) in enumerate(pairs):
        if index in hidden or index in overrides.values():
            continue
        options = [top + bottom, bottom] if bottom else [top]  # the combined label is the more specific
        role, strength = max((_strength(o, keys) for o in options), key=lambda rs: rs[1])
        if role is not None:
            offers.append((strength, index, role))
    roles: dict[str, list[int]] = {role: [index] for role, index in overrides.items()}
    score = 0
    for strength, index, role in sorted(offers, key=lambda o: (-o[0], o[1])):
        if role in roles and role not in MULTI_ROLES:
            continue
        roles.setdefault(role, []).append(index)
        score += strength
    return {role: tuple(sorted(indexes)) for role, indexes in roles.items()}, score


def _spans(sheet: Sheet, top_row: int, rows: int) -> dict[int, int]:
    spans = {}
    for r0, c0, r1, c1 in sheet.merged:
        if r0 == top_row and c1 > c0 and r1 >= top_row + rows - 1:
            spans[c0] = c1 - c0 + 1
    return spans


def _resolve_overrides(
    sheet: Sheet, pairs: list[tuple[str, str]], overrides: dict[str, str]
) -> dict[str, int] | None:
    """Column index per overridden role, or None if this header lacks one of them."""
    found = {}
    for role, wanted in overrides.items():
        wanted_key = header_key(wanted)
        if wanted.isascii() and wanted.isalpha() and wanted.isupper() and len(wanted) <= 3:
            found[role] = _letter_index(wanted)  # a column letter: --column name=C
            continue
        for index, (top, bottom) in enumerate(pairs):
            if wanted_key in {header_key(top), header_key(bottom), header_key(top + bottom), header_key(f"{top}/{bottom}")}:
                found[role] = index
                break
        else:
            return None
    return found


def _letter_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + string.ascii_uppercase.index(letter) + 1
    return index - 1


def detect_header(
    sheet: Sheet,
    vocabulary: Vocabulary,
    required: tuple[frozenset[str], ...],
    overrides: dict[str, str] | None = None,
    rows: tuple[int, ...] | None = None,
) -> Header | None:
    """The best header in the first rows of a sheet, or None.

    `required` lists alternatives: the header must name every role of at least one of them.
    `rows` (0-based, one or two consecutive rows) fixes where the header is, for layouts that
    put it somewhere detection would not choose.
    """
    keys = _keys(vocabulary)
    overrides = overrides or {}
    width = sheet.width  # a pass over every row: once, not per candidate
    assigned: dict[tuple[int, bool], tuple[list, dict, int] | None] = {}

    def assign(row: int, two_rows: bool) -> tuple[list, dict, int] | None:
        """(labels, roles, score) of a header at `row`; None where the overrides name no column.
        Each is worked out once: the two-row test below asks again for the next row alone."""
        if (row, two_rows) not in assigned:
            pairs = _labels(sheet, row, two_rows, width)
            fixed = _resolve_overrides(sheet, pairs, overrides)
            if fixed is None:
                assigned[row, two_rows] = None
            else:
                roles, score = _assign(pairs, keys, sheet.hidden_columns, fixed)
                assigned[row, two_rows] = (pairs, roles, score + 10 * len(fixed))
        return assigned[row, two_rows]

    best: tuple[int, Header] | None = None
    limit = min(len(sheet.rows), SCAN_ROWS)
    for top_row in [rows[0]] if rows else range(limit):
        if rows:
            if rows[-1] >= len(sheet.rows):
                continue
            candidates = [len(rows) == 2]
        elif top_row in sheet.hidden_rows or all(blank(v) for v in sheet.rows[top_row]):
            continue
        else:
            candidates = [False, True] if top_row + 1 < len(sheet.rows) else [False]
        vertical = any(r0 == top_row and r1 > r0 for r0, _, r1, _ in sheet.merged)
        scored = []
        for two_rows in candidates:
            if (found := assign(top_row, two_rows)) is None:
                continue
            pairs, roles, score = found
            if not any(alternative <= roles.keys() for alternative in required):
                continue
            score += 1 if two_rows and vertical else 0
            if two_rows and not rows:
                below = assign(top_row + 1, False)
                if score <= (below[2] if below else -1):
                    continue  # the row above adds nothing: a title directly over a one-row header
            scored.append((score, two_rows, pairs, roles))
        if not scored:
            continue
        score, two_rows, pairs, roles = max(scored, key=lambda s: (s[0], -s[1]))
        if best is not None and score <= best[0]:
            continue
        spans = _spans(sheet, top_row, 2 if two_rows else 1)
        role_of = {i: role for role, indexes in roles.items() for i in indexes}
        columns = tuple(
            Column(
                index=i,
                label=f"{top} / {bottom}" if top and bottom and top != bottom else (bottom or top),
                role=role_of.get(i),
                span=spans.get(i, 1),
                hidden=i in sheet.hidden_columns,
            )
            for i, (top, bottom) in enumerate(pairs)
        )
        header_rows = (top_row, top_row + 1) if two_rows else (top_row,)
        best = (score, Header(header_rows, columns, roles))
    return best[1] if best else None


def require_header(
    sheet: Sheet,
    path,
    vocabulary: Vocabulary,
    required: tuple[frozenset[str], ...],
    overrides: dict[str, str] | None,
    what: str,
    rows: tuple[int, ...] | None = None,
) -> Header:
    """detect_header, or an InputError that says where it looked and what to do (`what`: a message
    id naming the list, "feature-list")."""
    header = detect_header(sheet, vocabulary, required, overrides, rows)
    if header is not None:
        return header
    needs = _(" or ").join("+".join(sorted(a)) for a in required)
    if overrides:
        hint = _("check the --column names against the header as written in the sheet")
    else:
        hint = _("name the columns with --column ROLE=HEADER (roles: {roles})", roles=", ".join(vocabulary))
    where = (_("row {rows}", rows="+".join(str(r + 1) for r in rows)) if rows
             else _("the first {count} rows", count=SCAN_ROWS))
    raise InputError(
        Location(path, sheet.name),
        _("no {what} header found in {where} (looked for columns for {needs})", what=_(what), where=where, needs=needs),
        hint,
    )
