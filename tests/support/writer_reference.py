"""Reference outputs: what gapcheck's writers write for fixed inputs (independent of the matcher),
and a dump of a workbook's content (cells, styles, validation, protection, print set-up) to compare
one with its reference cell by cell.

The references in tests/data/writer-reference/ were first written before the writers were made
faster: the workbooks by the openpyxl writers (before the move to XlsxWriter), report.html and
report.md by the templates that rendered from the model (before they rendered from result.json's
document), so `tests/test_writer_reference.py` showed that every output kept its content. The
workbooks were written again when their print layout changed on purpose (columns that fit A4, no
protection of the visible sheets, page numbers, the review's candidates in one cell). Rewrite them
only for an intended change of content (cd tests; TZ=UTC python -m support.writer_reference
data/writer-reference), and look at the difference first.
"""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
from openpyxl.cell.rich_text import CellRichText
from openpyxl.utils import get_column_letter

from gapcheck.files.answers_json import result_answers
from gapcheck.files.baseline_json import baseline_to_dict
from gapcheck.files.result_json import result_document, result_to_dict
from gapcheck.files.spec_json import load_spec
from gapcheck.model import (
    Answer,
    Answers,
    AnswerVersion,
    Basis,
    Candidate,
    Decision,
    DecisionAction,
    Decisions,
    Due,
    Feature,
    FeatureMatch,
    FeatureStatus,
    Inventory,
    InventoryKind,
    Match,
    MatchResult,
    ResponsePolicy,
    SystemInfo,
    TargetKind,
)
from gapcheck.outputs import budget, diff_xlsx, gaps_xlsx, report_html, report_md, review_xlsx
from gapcheck.outputs.report import Report
from gapcheck.rules.baseline import Baseline, BaselineOutcome, carry, compare
from gapcheck.rules.classify import classify
from gapcheck.rules.diff import diff_specs
from gapcheck.workflows.budget import make_budget
from support.files import ROOT, SPECS
from support.gap_lists import budget_checks, juki_document, juki_result, vendor_answers
from support.reports import FIT, sample_result

REFERENCES = ROOT / "tests" / "data" / "writer-reference"
SCRATCH = Path("/tmp/gapcheck-writer-reference")  # where the references' budget found its result folders


def _gaps(lang: str, answered: bool) -> bytes:
    result = juki_result()
    document = juki_document(result)
    answers = vendor_answers(result) if answered else None
    if answers is not None:
        document["answers"] = result_answers(result, answers, "answers/juki.json")
    return gaps_xlsx.gaps_workbook(document, lang)


REVIEW_FEATURES = (
    ("V-001", "転入異動入力", "他市区町村からの転入届に基づき住民票を作成する。", ("0010021", 0.71, ()), ("0010022", 0.44, ("転入", "転出"))),
    ("V-002", "=HYPERLINK(\"http://example.invalid\",\"宛名照会\")", "@SUM(1,2) 住民を照会する", ("0010141", 0.52, ())),
    ("V-003", "証明書発行", "", ("0012001", 0.61, ()), ("0010003", 0.58, ()), ("0010005", 0.4, ())),
)


def _review(lang: str) -> bytes:
    spec = load_spec(SPECS / "juki-1.0.json")
    ids = {r.id for r in spec.requirements}
    features, matches = [], []
    for number, (key, name, text, *candidates) in enumerate(REVIEW_FEATURES):
        features.append(Feature(key, "機能一覧", number + 2, name, text, ("住民記録", "異動")))
        kept = tuple(Candidate(rid, score, conflicts) for rid, score, conflicts in candidates if rid in ids)
        matches.append(FeatureMatch(key, FeatureStatus.REVIEW, candidates=kept))
    features.append(Feature("V-004", "機能一覧", 9, "異動履歴照会", "個人の異動履歴を表示する。"))
    matches.append(FeatureMatch("V-004", FeatureStatus.MATCHED, (Match(spec.requirements[0].id, 0.9, Basis.TEXT),)))
    inventory = Inventory("vendor.xlsx", InventoryKind.CATALOG, tuple(features))
    return review_xlsx.review_workbook(spec, inventory, MatchResult(tuple(matches)), lang)


def _budget(lang: str, folder: Path) -> bytes:
    """Two answered checks and one without answers, as `gapcheck budget` finds them in `folder`."""
    budget_checks(folder)
    return budget.render_xlsx(make_budget([folder]), lang)


def _diff(lang: str) -> bytes:
    old, new = load_spec(SPECS / "juki-1.0.json"), load_spec(SPECS / "juki-1.1.json")
    return diff_xlsx.build_workbook(diff_specs(old, new), lang)


def _sample_answers(result) -> Answers:
    """Answers to items on the gap lists, and one to a requirement that is a fit by now."""
    listed = vendor_answers(result, every=1)
    fit = AnswerVersion(ResponsePolicy.STANDARD, 0, Due(2026), "対応済み", datetime(2026, 4, 1, tzinfo=timezone.utc))
    return Answers((*listed.answers, Answer(TargetKind.REQUIREMENT, FIT, fit)))


def _reports(lang: str, with_baseline: bool) -> dict[str, bytes]:
    """report.html and report.md of the hand-made check (support.reports) with vendors' answers;
    with a baseline: the same check against the next edition, compared with an earlier check whose
    decisions and answers it carries over (renumbered and removed ids included)."""
    system = SystemInfo(name="住民記録システム <v2>", vendor="Vendor & Co.", municipality="サンプル市", municipality_code="990001")
    at = datetime(2025, 4, 1, 9, 30, tzinfo=timezone.utc)
    if not with_baseline:
        result = sample_result()
        answers = _sample_answers(result)
        document = result_to_dict(result, spec_path="specs/juki-1.0.json", system=system, generated_at=at)
        document["answers"] = result_answers(result, answers, "answers/juki.json")
        report = Report(document, lang)
    else:
        old_result = juki_result()
        old = result_document(juki_document(old_result))
        new_spec = load_spec(SPECS / "juki-1.1.json")
        sample = sample_result()
        result = classify(new_spec, sample.inventory, sample.matching)
        spec_diff = diff_specs(old_result.spec, new_spec)
        decisions = Decisions((
            Decision("F-6", DecisionAction.REQUIREMENTS, ("0010183", "0010029"), "山田"),
            Decision("F-12", DecisionAction.REQUIREMENTS, ("0010065",), "山田"),
            Decision("F-13", DecisionAction.EXTRA, (), "山田"),
        ))
        version = AnswerVersion(ResponsePolicy.BPR, 120, Due(2027), "移行時に対応", at)
        moved = {"0010203": version, "0010126": version}  # renumbered, and removed by the edition
        earlier = Answers((
            *(a for a in vendor_answers(old_result, every=3).answers if a.target not in moved),
            *(Answer(TargetKind.REQUIREMENT, target, v) for target, v in moved.items()),
        ))
        baseline = Baseline(Path("reports/juki-1.0/result.json"), old, spec_diff, "decisions/juki.json", decisions,
                            "answers/juki.json", earlier)
        carried = carry(baseline)
        outcome = BaselineOutcome(baseline, compare(old, result, spec_diff), carried)
        document = result_to_dict(result, spec_path="specs/juki-1.1.json", decisions_path="decisions/juki.json",
                                  system=system, generated_at=at)
        document["answers"] = result_answers(result, carried.answers, "answers/juki.json")
        document["baseline"] = baseline_to_dict(outcome)
        report = Report(document, lang)
    return {report_html.FILE_NAME: report_html.render(report), report_md.FILE_NAME: report_md.render(report)}


def reports() -> dict[str, Callable[[], bytes]]:
    """File name → how to write it (report.html and report.md in both languages, with and without
    a baseline)."""
    found = {}
    for lang in ("ja", "en"):
        for with_baseline, suffix in ((False, ""), (True, "-baseline")):
            for name in (report_html.FILE_NAME, report_md.FILE_NAME):
                stem, extension = name.split(".")
                found[f"{stem}-{lang}{suffix}.{extension}"] = (
                    lambda lang=lang, with_baseline=with_baseline, name=name: _reports(lang, with_baseline)[name]
                )
    return found


def workbooks(folder: Path) -> dict[str, Callable[[], bytes]]:
    """File name → how to write it; `folder` is a scratch folder for the budget's result folders."""
    return {
        "gaps-ja-answered.xlsx": lambda: _gaps("ja", True),
        "gaps-en.xlsx": lambda: _gaps("en", False),
        "review-ja.xlsx": lambda: _review("ja"),
        "review-en.xlsx": lambda: _review("en"),
        "budget-ja.xlsx": lambda: _budget("ja", folder / "budget-ja"),
        "budget-en.xlsx": lambda: _budget("en", folder / "budget-en"),
        "diff-ja.xlsx": lambda: _diff("ja"),
        "diff-en.xlsx": lambda: _diff("en"),
    }


# --- the dump ------------------------------------------------------------------------------------


def _color(color) -> str | None:
    if color is None or color.type != "rgb" or color.rgb in (None, "00000000"):
        return None
    return color.rgb[-6:]  # alpha apart: FFDDEBF7 and 00DDEBF7 are the same colour to Excel


def _font(font) -> tuple:
    return (font.name, float(font.sz or 11), bool(font.b), bool(font.strike), font.u or None, _color(font.color))


def _style(cell) -> tuple:
    fill = cell.fill
    fill_color = _color(fill.fgColor) if fill.patternType == "solid" else None
    alignment = cell.alignment
    return (
        _font(cell.font),
        fill_color,
        (bool(alignment.wrap_text), alignment.vertical, alignment.horizontal),
        cell.number_format,
        bool(cell.protection.locked),
        bool(cell.quotePrefix),
    )


def _value(cell, root: str) -> object:
    value = cell.value
    if isinstance(value, CellRichText):
        runs: list[list] = []  # adjacent runs in one font are one run to the reader
        for part in value:
            font = _font_runs(part.font) if hasattr(part, "font") else None
            if runs and runs[-1][1] == font:
                runs[-1][0] += str(part)
            else:
                runs.append([str(part), font])
        return [tuple(run) for run in runs]
    if isinstance(value, str):
        return value.replace(root, "<root>")
    return value


def _font_runs(font) -> tuple:
    return (font.rFont, float(font.sz or 11), bool(font.strike), font.u or None, _color(font.color))


def _int(value, default: int) -> int:
    return default if value is None else int(value)


_DEFAULT_STYLE = (("Calibri", 11.0, False, False, None, None), None, (False, None, None), "General", True, False)


def dump(data: bytes, root: str = "\0") -> dict:
    """Everything a person sees or an importer reads in a workbook, per sheet: cells (value, type,
    font, fill, alignment, number format, lock, quote prefix), merged cells, column widths and
    hidden columns, frozen panes, filter, print titles and page set-up, footer, protection, data
    validation, grid lines. `root` (a scratch folder that shows in some cells) reads as <root>."""
    book = openpyxl.load_workbook(io.BytesIO(data), rich_text=True)
    sheets = {}
    for sheet in book.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                style = _style(cell)
                if cell.value is None and style == _DEFAULT_STYLE:
                    continue
                value = _value(cell, root)
                # an empty cell is empty however it was written (no value, an empty string)
                cells[cell.coordinate] = (None, None, style) if value in (None, "") else (value, cell.data_type, style)
        protection = sheet.protection
        setup = sheet.page_setup
        columns = list(sheet.column_dimensions.values())  # one per column or per range of columns
        sheets[sheet.title] = {
            "state": sheet.sheet_state,
            "cells": cells,
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
            "widths": {get_column_letter(c): round(d.width, 1) for d in columns for c in range(d.min, d.max + 1) if d.customWidth},
            "hidden_columns": sorted(get_column_letter(c) for d in columns for c in range(d.min, d.max + 1) if d.hidden),
            "freeze": sheet.freeze_panes,
            "filter": sheet.auto_filter.ref,
            "print_titles": sheet.print_title_rows,
            # absent attributes have the values the file format gives them (portrait, fitted to 1 page)
            "page": (setup.paperSize, setup.orientation or "portrait", _int(setup.fitToWidth, 1), _int(setup.fitToHeight, 1),
                     bool(sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage)),
            "footer": sheet.oddFooter.center.text,
            "protection": (bool(protection.sheet), protection.password, bool(protection.autoFilter),
                           bool(protection.sort), bool(protection.formatColumns), bool(protection.formatRows),
                           bool(protection.formatCells), bool(protection.insertRows), bool(protection.deleteRows)),
            "validation": sorted(
                (str(v.sqref), v.type, v.operator, v.formula1, v.formula2, bool(v.allow_blank),
                 bool(v.showErrorMessage), bool(v.showInputMessage), v.errorTitle, v.error, v.promptTitle, v.prompt)
                for v in sheet.data_validations.dataValidation
            ),
            "grid_lines": sheet.sheet_view.showGridLines is not False,
        }
    return {"sheets": list(book.sheetnames), "active": book.active.title, "content": sheets}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    SCRATCH.mkdir()
    try:
        for name, write in {**workbooks(SCRATCH), **reports()}.items():
            (out / name).write_bytes(write())
            print(f"wrote {out / name}")
    finally:
        shutil.rmtree(SCRATCH)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
