"""A classified check of the sample 住民記録 spec for the gap-spreadsheet, answers and budget tests.

The matcher is not involved: features cite requirement ids and are matched by id, with support
marks chosen so that every gap list gets items, and a few extras carry text that Excel would
evaluate if it were written as a formula.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import openpyxl

from gapcheck.files.answers_json import result_answers
from gapcheck.files.result_json import result_to_dict, write_result
from gapcheck.files.spec_json import load_spec
from gapcheck.model import (
    Answer,
    Answers,
    AnswerVersion,
    Basis,
    Candidate,
    Category,
    CheckResult,
    Due,
    Feature,
    FeatureMatch,
    FeatureStatus,
    Inventory,
    InventoryKind,
    Match,
    MatchResult,
    ResponsePolicy,
    Support,
    SystemInfo,
)
from gapcheck.outputs.gaps_xlsx import gaps_workbook
from gapcheck.rules.classify import classify
from gapcheck.rules.gaps import gap_items
from support.files import SPECS

HOSTILE_NAMES = (
    '=HYPERLINK("http://example.com","開く")',
    "+81-3-1234-5678 連絡先管理",
    "-1 件の補正",
    "@SUM(A1:A2) 集計",
    "\tタブで始まる機能",
    "\r改行で始まる機能",
    "縦タブ\x0b入り機能",
)

POLICIES = list(ResponsePolicy)

_SUPPORT_CYCLE = {
    Category.MANDATORY: (Support.NONE, Support.PARTIAL, Support.FULL, Support.FULL),
    Category.OPTIONAL: (Support.NONE, Support.FULL, Support.PARTIAL),
    Category.PROHIBITED: (Support.FULL, None, None),
}


def juki_result(spec_name: str = "juki-1.0.json", review: int = 2) -> CheckResult:
    spec = load_spec(SPECS / spec_name)
    features: list[Feature] = []
    matches: list[FeatureMatch] = []
    counters = {category: 0 for category in Category}
    requirements = list(spec.requirements)
    reviewed = requirements[-review:] if review else []
    for number, requirement in enumerate(requirements[: len(requirements) - review], start=2):
        cycle = _SUPPORT_CYCLE[requirement.category]
        support = cycle[counters[requirement.category] % len(cycle)]
        counters[requirement.category] += 1
        if support is None:
            continue
        key = f"V-{number:04d}"
        features.append(
            Feature(
                key,
                "機能一覧",
                number,
                f"{requirement.name}（当社）",
                refs=(requirement.id,),
                support=support,
                support_raw={Support.FULL: "○", Support.PARTIAL: "△", Support.NONE: "×"}[support],
                vendor_id=key,
            )
        )
        matches.append(FeatureMatch(key, FeatureStatus.MATCHED, (Match(requirement.id, 1.0, Basis.ID),)))
    for offset, requirement in enumerate(reviewed):
        key = f"R-{offset:02d}"
        features.append(Feature(key, "機能一覧", 500 + offset, f"{requirement.name}に似た機能"))
        matches.append(FeatureMatch(key, FeatureStatus.REVIEW, candidates=(Candidate(requirement.id, 0.6),)))
    for offset, name in enumerate(HOSTILE_NAMES):
        key = f"X-{offset:02d}"
        features.append(
            Feature(key, "独自機能", 2 + offset, name, text=f"{name} の説明", support_raw="○", vendor_id=key)
        )
        matches.append(FeatureMatch(key, FeatureStatus.UNMATCHED))
    inventory = Inventory("inventories/vendor-a.xlsx", InventoryKind.CATALOG, tuple(features))
    return classify(spec, inventory, MatchResult(tuple(matches)))


def vendor_answers(result, every: int = 2, offset: int = 0) -> Answers:
    """Answers for every `every`-th item on the gap lists, with every kind of value (and a hostile note)."""
    answers = []
    for number, (_, kind, target) in enumerate(gap_items(result)):
        if number % every:
            continue
        step = number // every + offset
        due = (Due(2026), Due(2027, date(2027, 11, 30)), None, Due(2028))[step % 4]
        cost = None if step % 5 == 3 else 100 * (step % 7) + 50
        note = HOSTILE_NAMES[step % len(HOSTILE_NAMES)] if step % 3 == 0 else f"回答{step}"
        answered = datetime(2026, 5, 10 + step % 9, 12, 0, tzinfo=timezone.utc)
        version = AnswerVersion(POLICIES[step % len(POLICIES)], cost, due, note, answered, "gaps-返送.xlsx")
        answers.append(Answer(kind, target, version))
    return Answers(tuple(answers))


def juki_document(result: CheckResult, system: str = "住民記録システム（A社）", answers: Answers | None = None) -> dict:
    """The check's result.json document; with `answers`, as `gapcheck check --answers` records them."""
    document = result_to_dict(
        result,
        spec_path="specs/juki-1.0.json",
        system=SystemInfo(name=system, vendor="A社", municipality="サンプル市"),
        generated_at=datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc),
    )
    if answers is not None:
        document["answers"] = result_answers(result, answers, "answers.json")
    return document


def budget_checks(folder: Path) -> dict[str, tuple[CheckResult, Answers]]:
    """Result folders for the budget annex: two checks with answers (住民記録 and 印鑑登録) and one
    without, written into `folder`; name → (result, the answers it was given)."""
    given = {}
    for name, spec, every, offset, answered in (
        ("juki", "juki-1.0.json", 2, 0, True),
        ("inkan", "inkan-1.0.json", 3, 1, True),
        ("inkan-b", "inkan-1.0.json", 1, 0, False),
    ):
        result = juki_result(spec)
        answers = vendor_answers(result, every, offset) if answered else Answers()
        document = juki_document(result, system=f"{name}システム")
        if answered:
            document["answers"] = result_answers(result, answers, f"{name}-answers.json")
        write_result(document, folder / name)
        given[name] = (result, answers)
    return given


def write_gaps(result: CheckResult, path: Path, answers: Answers | None = None, lang: str = "ja", **document) -> Path:
    """gaps.xlsx of the check, as `gapcheck check` writes it (with the answers so far)."""
    path.write_bytes(gaps_workbook(juki_document(result, answers=answers, **document), lang))
    return path


class Vendor:
    """Edits a gap spreadsheet the way a vendor does in Excel: by the visible columns and IDs."""

    def __init__(self, path: Path):
        self.path = path
        self.book = openpyxl.load_workbook(path)

    def columns(self, sheet: str) -> dict[str, int]:
        return {c.value: c.column for c in self.book[sheet][1] if c.value}

    def row_of(self, sheet: str, item: str) -> int:
        """The row showing a requirement ID (or, on 独自機能, a feature number)."""
        columns = self.columns(sheet)
        id_column = columns.get("要件ID") or columns["機能番号"]
        for row in range(2, self.book[sheet].max_row + 1):
            if self.book[sheet].cell(row=row, column=id_column).value == item:
                return row
        raise KeyError(item)

    def answer(self, sheet: str, item: str, **values: object) -> tuple[int, dict[str, str]]:
        """Type into the answer cells; returns the row and each header's column letter."""
        columns = self.columns(sheet)
        row = self.row_of(sheet, item)
        letters = {}
        for header, value in values.items():
            header = {"policy": "対応方針", "cost": "概算費用（千円）", "due": "対応予定時期", "note": "備考"}.get(
                header, header
            )
            cell = self.book[sheet].cell(row=row, column=columns[header])
            cell.value = value
            if cell.number_format == "@" and isinstance(value, str):
                cell.data_type = "s"  # Excel keeps whatever is typed into a Text-formatted cell as text
            letters[header] = cell.column_letter
        return row, letters

    def resort(self, sheet: str) -> None:
        """Sort the data rows descending by ID, as Excel's sort does: the cells move with the rows."""
        ws = self.book[sheet]
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
        rows.sort(key=lambda r: str(r[1]), reverse=True)
        for offset, values in enumerate(rows, start=2):
            for column, value in enumerate(values, start=1):
                ws.cell(row=offset, column=column).value = value

    def add_column(self, sheet: str, before: int, header: str) -> None:
        ws = self.book[sheet]
        ws.insert_cols(before)
        ws.cell(row=1, column=before).value = header
        for row in range(2, ws.max_row + 1):
            ws.cell(row=row, column=before).value = f"社内メモ{row}"

    def hide_rows(self, sheet: str, *rows: int) -> None:
        ws = self.book[sheet]
        ws.auto_filter.add_filter_column(1, ["x"])
        for row in rows:
            ws.row_dimensions[row].hidden = True

    def delete_row(self, sheet: str, item: str) -> None:
        self.book[sheet].delete_rows(self.row_of(sheet, item))

    def save(self, path: Path | None = None) -> Path:
        self.book.save(path or self.path)
        return path or self.path
