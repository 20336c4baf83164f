"""Speed of the vendor gap spreadsheet (write, read back) and of the budget annex on large checks.

    python benchmarks/gaps_budget.py [--sizes 1000,3000,10000]

A synthetic spec of N requirements, every one of them on a gap list (the worst case: a system that
covers nothing) and every one answered, so gaps.xlsx holds N answered rows and the import parses N
answers. Baselines, run in the same process on the same data: writing the same cell values with
plain openpyxl (no styles, protection, validation, hidden sheet), reading the filled workbook with
read_workbook alone (no header detection, key matching, parsing or conflict check), and writing the
budget's detail rows alone. The table shows seconds and gapcheck's time as a multiple of the
baseline (budget.html has none).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from gapcheck.files.answers_json import result_answers  # noqa: E402
from gapcheck.files.result_json import result_document, result_to_dict  # noqa: E402
from gapcheck.files.spec_json import load_spec  # noqa: E402
from gapcheck.model import (  # noqa: E402
    Answer,
    Answers,
    AnswerVersion,
    Due,
    Inventory,
    InventoryKind,
    MatchResult,
    ResponsePolicy,
    Spec,
    SystemInfo,  # noqa: E402
)
from gapcheck.outputs.budget import render_html, render_xlsx  # noqa: E402
from gapcheck.outputs.gaps_xlsx import gap_rows, gaps_workbook, read_filled  # noqa: E402
from gapcheck.readers.workbook import read_workbook  # noqa: E402
from gapcheck.rules.budget import Budget, make  # noqa: E402
from gapcheck.rules.classify import classify  # noqa: E402
from gapcheck.rules.gaps import gap_items  # noqa: E402


def large_result(n: int):
    """N requirements from the sample texts, no feature: every requirement is a gap, option or clear."""
    texts = [r for name in ("juki-1.0.json", "inkan-1.0.json") for r in load_spec(ROOT / "specs" / name).requirements]
    requirements = tuple(replace(texts[i % len(texts)], id=f"{1 + i // 9000:03d}{i % 9000 + 1:04d}") for i in range(n))
    spec = Spec("住民記録", "第1.0版", requirements)
    return classify(spec, Inventory("inventory.xlsx", InventoryKind.CATALOG, ()), MatchResult(()))


def all_answered(result) -> Answers:
    policies = list(ResponsePolicy)
    at = datetime(2026, 6, 1, tzinfo=timezone.utc)
    return Answers(
        tuple(
            Answer(
                kind,
                target,
                AnswerVersion(
                    policies[i % 8],
                    100 * (i % 13),
                    (Due(2026 + i % 3, date(2026, 10, 1)) if i % 2 else Due(2027)),
                    f"備考{i}",
                    at,
                    "r1.xlsx",
                ),
            )
            for i, (_, kind, target) in enumerate(gap_items(result))
        )
    )


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


def plain_write(document: dict) -> bytes:
    """Baseline: the same cell values, written with nothing but openpyxl's append."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for gap_list, rows in gap_rows(document).items():
        sheet = book.create_sheet(gap_list.value)
        for row in rows:
            sheet.append([row.key, *row.cells.values(), "パッケージ改修", 1200, date(2026, 10, 1), "備考"])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def plain_details(budget: Budget) -> bytes:
    """Baseline: the details rows alone, written with openpyxl's append (no summary, styles or formulas)."""
    book = openpyxl.Workbook()
    for item in budget.items:
        book.active.append(
            [
                item.area,
                item.system,
                item.gap_list.value,
                item.target,
                item.name,
                item.policy.value if item.policy else "",
                item.fiscal_year,
                item.cost_thousand_yen,
                item.note,
            ]
        )
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000")
    args = parser.parse_args()
    print(f"{'step':<24}{'N':>7}{'rows':>7}{'gapcheck s':>12}{'baseline s':>12}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for n in (int(s) for s in args.sizes.split(",")):
            result = large_result(n)
            answers = all_answered(result)
            document = result_to_dict(result, system=SystemInfo(name="benchmark"))
            document["answers"] = result_answers(result, answers, "answers.json")
            rows = len(answers.answers)
            seconds, data = timed(gaps_workbook, document)
            baseline, _ = timed(plain_write, document)
            print(f"{'gaps.xlsx write':<24}{n:>7}{rows:>7}{seconds:>12.2f}{baseline:>12.2f}{seconds / baseline:>8.1f}")

            path = Path(folder) / f"gaps-{n}.xlsx"
            path.write_bytes(data)
            seconds, filled = timed(read_filled, path)
            assert len(filled.answers) == rows, "every answer must be read back"
            baseline, _ = timed(read_workbook, path)
            print(
                f"{'answers import (read)':<24}{n:>7}{rows:>7}{seconds:>12.2f}{baseline:>12.2f}{seconds / baseline:>8.1f}"
            )

            budget = make([(result_document(document), "benchmark")])
            seconds, _ = timed(render_xlsx, budget)
            baseline, _ = timed(plain_details, budget)
            print(
                f"{'budget.xlsx':<24}{n:>7}{len(budget.items):>7}{seconds:>12.2f}{baseline:>12.2f}{seconds / baseline:>8.1f}"
            )
            seconds, _ = timed(render_html, budget)
            print(f"{'budget.html':<24}{n:>7}{len(budget.items):>7}{seconds:>12.2f}{'-':>12}{'-':>8}")


if __name__ == "__main__":
    main()
