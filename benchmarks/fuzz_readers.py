"""Fuzz the readers: mutated workbooks, CSVs, JSON and TOML files must end in a GapcheckError (a
clear message), never in any other exception.

    python benchmarks/fuzz_readers.py [--inputs 3000] [--seed 1]

Seeds are valid files of every kind gapcheck reads: a ministry-like requirement list and its CSV,
a spec, the sample inventories, sheets with a stray value far away (.xlsx, .ods, .xls: read cell by cell)
and a layout file, a filled review workbook and gap spreadsheet, a decisions and an answers file,
a portfolio and a result.json. Each input is one seed mutated:
bytes flipped, cut, repeated, inserted or zeroed; or, keeping the file well-formed, a JSON value
replaced, removed or added (schema-valid but odd documents go deeper) or workbook cells
overwritten with odd values (errors, dates, numbers, hostile text, very long text). Each reader
that reads that kind of file is run on it; result.json inputs also go through the summary and
the budget annex, rendered in memory.

Prints, per reader, how many inputs it tried, how many it accepted, how many it refused with a
message, and how many raised an unexpected exception (target: 0), with the first few tracebacks.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from gapcheck.errors import GapcheckError  # noqa: E402

Reader = Callable[[Path], object]


def _seeds(folder: Path) -> dict[str, bytes]:
    """Valid inputs of every kind, by a name whose suffix says the kind."""
    from support.bad_inputs import GOOD_SPEC_ROWS, filled_in, gaps_book, odd_entries, review_book, xlsx_bytes

    from gapcheck.files.decisions_json import update_decisions
    from gapcheck.outputs.review_xlsx import read_review
    from gapcheck.workflows.answers import import_answers
    from gapcheck.workflows.check import CheckJob, check_files

    seeds = {
        "spec.xlsx": xlsx_bytes({"凡例": [["凡例"]], "機能要件": [["タイトル"], [], *GOOD_SPEC_ROWS] * 3}),
        "spec.csv": "\n".join(",".join(map(str, r)) for r in GOOD_SPEC_ROWS).encode("cp932"),
        "spec.json": (ROOT / "specs" / "juki-1.0.json").read_bytes(),
        "layout.json": (ROOT / "inventories" / "juki-messy.layout.json").read_bytes(),
    }
    for path in sorted((ROOT / "inventories").glob("*")):
        if path.suffix in {".xlsx", ".csv"}:
            seeds[f"inventory-{path.stem}{path.suffix}"] = path.read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    for odd in odd_entries():  # sheets read cell by cell: a stray value far away
        odd.make(folder / odd.name)
        seeds[f"inventory-{odd.name}"] = (folder / odd.name).read_bytes()
    filled_in(review_book, "要確認", {"判断（選択）": "独自機能", "要件ID（複数は「、」区切り）": "", "判断者": "山田"})(
        folder / "review.xlsx")
    filled_in(gaps_book, "ギャップ一覧", {"対応方針": "パッケージ改修", "概算費用（千円）": 1500, "対応予定時期": "令和8年度",
                                    "備考": "=注記"})(folder / "gaps.xlsx")
    seeds["review.xlsx"] = (folder / "review.xlsx").read_bytes()
    seeds["gaps.xlsx"] = (folder / "gaps.xlsx").read_bytes()
    update_decisions(folder / "decisions.json", read_review(folder / "review.xlsx").decisions)
    seeds["decisions.json"] = (folder / "decisions.json").read_bytes()
    import_answers(folder / "gaps.xlsx", folder / "answers.json")
    seeds["answers.json"] = (folder / "answers.json").read_bytes()
    check_files(CheckJob(ROOT / "specs" / "juki-1.0.json", ROOT / "inventories" / "juki-catalog.xlsx", folder / "out",
                         answers=folder / "answers.json"))
    seeds["result.json"] = (folder / "out" / "result.json").read_bytes()
    portfolio = (ROOT / "inventories" / "portfolio.toml").read_text("utf-8")
    portfolio = portfolio.replace('"../specs/', f'"{(ROOT / "specs").as_posix()}/')
    for key in ("inventory", "layout"):
        portfolio = portfolio.replace(f'{key} = "', f'{key} = "{(ROOT / "inventories").as_posix()}/')
    seeds["portfolio.toml"] = portfolio.encode("utf-8")
    return seeds


def _summary(path: Path) -> object:
    from gapcheck.outputs.summary import render_html, render_markdown
    from gapcheck.workflows.summary import load_rows

    rows = load_rows([path.parent], path.parent)
    return render_html(rows), render_markdown(rows)


def _budget(path: Path) -> object:
    from gapcheck.outputs.budget import render_html, render_xlsx
    from gapcheck.workflows.budget import make_budget

    budget = make_budget([path])
    return render_html(budget), render_xlsx(budget)


def _readers() -> dict[str, tuple[Reader, tuple[str, ...]]]:
    """name → (reader, the seeds it reads)"""
    from gapcheck.files.answers_json import load_answers
    from gapcheck.files.decisions_json import load_decisions
    from gapcheck.files.portfolio import load_portfolio
    from gapcheck.files.result_json import read_result
    from gapcheck.files.spec_json import load_spec
    from gapcheck.outputs.review_xlsx import read_review
    from gapcheck.readers.inventory import load_layout, read_inventory
    from gapcheck.readers.spec_import import import_spec
    from gapcheck.workflows.answers import import_answers

    tables = ("spec.xlsx", "spec.csv", "inventory-", "review.xlsx", "gaps.xlsx")
    return {
        "spec import": (lambda p: import_spec([p], area="住民記録", version="第1.0版"), tables),
        "inventory": (read_inventory, tables),
        "spec json": (load_spec, ("spec.json",)),
        "layout": (load_layout, ("layout.json",)),
        "decisions": (load_decisions, ("decisions.json",)),
        "answers json": (load_answers, ("answers.json",)),
        "review import": (lambda p: read_review(p, by="山田"), ("review.xlsx", "gaps.xlsx")),
        "answers import": (lambda p: import_answers(p, p.with_name("into.json")), ("gaps.xlsx", "review.xlsx")),
        "portfolio": (load_portfolio, ("portfolio.toml",)),
        "result.json": (read_result, ("result.json",)),
        "summary": (_summary, ("result.json",)),
        "budget": (_budget, ("result.json",)),
    }


def _mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(5)
    data = bytearray(data)
    if choice == 0 and data:  # flip bytes
        for _ in range(rng.randint(1, 16)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif choice == 1:  # truncate
        del data[rng.randrange(len(data) + 1) :]
    elif choice == 2 and data:  # duplicate a slice
        start = rng.randrange(len(data))
        data[start:start] = data[start : start + rng.randint(1, 512)]
    elif choice == 3:  # insert random bytes
        at = rng.randrange(len(data) + 1)
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    else:  # zero a region
        start = rng.randrange(len(data) + 1)
        data[start : start + rng.randint(1, 256)] = bytes(min(256, len(data) - start))
    return bytes(data)


def _odd_value(rng: random.Random) -> object:
    from support.bad_inputs import HOSTILE_TEXTS

    return rng.choice([
        None, "", 0, -1, 1.5, 10**20, float("nan"), True, [], {}, [1, "x"], {"x": None},
        "2026-02-30", "2026-04-01T10:00:00", "令和8年度", "0010001", "x" * 5000, rng.choice(HOSTILE_TEXTS),
    ])


def _mutate_json(data: bytes, rng: random.Random) -> bytes:
    """One value anywhere in the document replaced or removed, or a key added: still JSON."""
    document = json.loads(data)
    containers = []

    def walk(node):
        if isinstance(node, (dict, list)) and node:
            containers.append(node)
            for child in node.values() if isinstance(node, dict) else node:
                walk(child)

    walk(document)
    for _ in range(rng.randint(1, 3)):
        node = rng.choice(containers)
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        action = rng.randrange(3)
        if action == 0:
            node[key] = _odd_value(rng)
        elif action == 1 and len(node) > 0:
            del node[key]
            if not node:
                break
        elif isinstance(node, dict):
            node[rng.choice(["extra", "id", "at", "feature", "policy"])] = _odd_value(rng)
    return json.dumps(document, ensure_ascii=False, allow_nan=True).encode()


def _mutate_workbook(data: bytes, rng: random.Random) -> bytes:
    """Cells of any sheet (hidden ones too) overwritten with odd values; still a workbook."""
    import openpyxl
    from support.bad_inputs import HOSTILE_TEXTS
    from support.files import type_text

    book = openpyxl.load_workbook(io.BytesIO(data))
    for _ in range(rng.randint(1, 8)):
        sheet = rng.choice(book.worksheets)
        row, column = rng.randint(1, max(sheet.max_row, 1) + 1), rng.randint(1, max(sheet.max_column, 1) + 1)
        value = rng.choice([None, "", 0, -3, 2.5, 1e300, True, "#N/A", "=1/0", "2026-02-30", "令和99年度", "x" * 40000,
                            rng.choice(HOSTILE_TEXTS), "0010001", "F:none", "R:0019999", '{"a": 1}', "[1]"])
        cell = sheet.cell(row=row, column=column)
        if cell.__class__.__name__ == "MergedCell":
            continue
        if isinstance(value, str) and not value.startswith("="):
            type_text(cell, value)  # as typed in Excel (control characters dropped)
        else:
            cell.value = value  # "=1/0" becomes a formula without a cached value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def mutate(name: str, data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        if name.endswith(".json"):
            return _mutate_json(data, rng)
        if name.endswith(".xlsx"):
            return _mutate_workbook(data, rng)
    return _mutate_bytes(data, rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    readers = _readers()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        seeds = _seeds(folder / "seeds")
        stats = {name: [0, 0, 0, 0] for name in readers}  # tried, accepted, refused, unexpected
        failures: list[str] = []
        started = time.perf_counter()
        for number in range(args.inputs):
            seed_name = rng.choice(sorted(seeds))
            work = folder / f"input{number}"
            work.mkdir()
            path = work / ("result.json" if seed_name == "result.json" else f"input{Path(seed_name).suffix}")
            path.write_bytes(mutate(seed_name, seeds[seed_name], rng))
            for name, (read, kinds) in readers.items():
                if not seed_name.startswith(kinds):
                    continue
                stats[name][0] += 1
                try:
                    read(path)
                    stats[name][1] += 1
                except GapcheckError:
                    stats[name][2] += 1
                except Exception:  # noqa: BLE001 - counting exactly these is the point
                    stats[name][3] += 1
                    if len(failures) < 8:
                        failures.append(f"{name} on a mutated {seed_name} (kept as {path}):\n{traceback.format_exc()}")
                        continue
            if not any(f"kept as {path}" in f for f in failures):
                for child in work.iterdir():
                    child.unlink()
                work.rmdir()
        elapsed = time.perf_counter() - started
        print(f"{'reader':14} {'tried':>7} {'accepted':>9} {'refused':>8} {'unexpected':>11}")
        for name, (tried, accepted, refused, unexpected) in stats.items():
            print(f"{name:14} {tried:7} {accepted:9} {refused:8} {unexpected:11}")
        print(f"{args.inputs} inputs in {elapsed:.1f} s; unexpected exceptions: {sum(s[3] for s in stats.values())}")
        for failure in failures:
            print("\n" + failure)
    sys.exit(1 if any(s[3] for s in stats.values()) else 0)


if __name__ == "__main__":
    main()
