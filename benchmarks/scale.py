"""Portfolio runs at real sizes: a synthetic nation checked on a process pool, on Dask and serially,
with every output and results-only; one check at about 1,000 × 1,000 stage by stage; the cost and
memory of one check at three sizes.

    python benchmarks/scale.py [--municipalities 10] [--areas 20] [--workers 2] [--repeat 1] [--seed 1]
                               [--skip serial|process|dask|full|results|stages|sizes] [--keep DIR]

Generates, in a temporary folder, a nation of municipalities × business areas: per area one spec
of the size in SIZES below (functions and 帳票; the bundled sample specs' requirements, told apart
by a qualifier per copy and renumbered under the area's business code), and per municipality and
area one inventory of 100–1,500 rows (drawn per system: a vendor's list is coarser than the
standard, several requirements per row in the larger areas), derived from the spec the way vendors
write them — three vendor layouts (xlsx with section columns, xlsx with heading rows and no IDs, a
CP932 適合表 CSV whose IDs lost their leading zeros), requirements left out, merged or reworded
(送り仮名, 発行/交付 …), all kinds of ○/△/× marks and extra features (独自機能) — random but seeded.
Then, in this one process, it prints:

1. per executor (a process pool, a Dask LocalCluster of the same worker count with one thread
   each, serial) and per kind of run (every output; results-only: result.json and the summaries,
   as `gapcheck run --outputs result.json,summary`): checks per second, against the pool's full
   run and against the same executor's full run, start-up time, peak memory, the share of the
   machine's CPU that other work took meanwhile (timings taken while it is well above 0 % are
   disturbed; --repeat N keeps the fastest of N runs), and the national run (1,741 municipalities
   × 20 areas = 34,820 checks) extrapolated from the measured rate: every municipality runs every
   area, so the sample has the nation's mix of sizes;
2. one check of about 1,000 requirements × 1,000 rows stage by stage (read, match on the prepared
   spec as a run's worker does, classify and build result.json, each output), with the outputs
   against the matching step;
3. the cost and Python heap peak of one check at three sizes.

Targets on a 2-core machine: results-only ≥ 4× the checks per second of a full run; the national
run, results-only on the process pool, ≤ 1 hour; Dask within 20 % of the pool; at 1,000 × 1,000,
writing all four outputs ≤ 1.5× the matching step; memory per check linear in rows.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from gapcheck import collector  # noqa: E402
from gapcheck.files.portfolio import check_digit, load_portfolio  # noqa: E402
from gapcheck.files.result_json import FILE_NAME as RESULT_FILE  # noqa: E402
from gapcheck.files.spec_json import load_spec, write_spec  # noqa: E402
from gapcheck.matching import prepare  # noqa: E402
from gapcheck.model import Kind, Requirement, Spec  # noqa: E402
from gapcheck.rules.areas import area_slug  # noqa: E402
from gapcheck.workflows.executors import Dask, Executor, InProcess, ProcessPool  # noqa: E402
from gapcheck.workflows.run import SUMMARY, run_portfolio  # noqa: E402

NATION = 1741 * 20  # checks in a national run: every municipality, every business area

# --- real sizes -------------------------------------------------------------------------------------

# Requirements per business area, functions and 帳票 together. These are estimates of the order of
# size, not counts of the published editions (their 機能・帳票要件 workbooks are not available
# offline here): the range is the one the standard's workbooks span, a few hundred (印鑑登録, 戸籍の
# 附票) to about 2,000 (個人住民税, 介護保険), with the tax and welfare areas the largest. The one count
# at hand, 住民記録 第1.0版 chapter 3 with 197 requirement blocks and no 帳票
# (../shared/data/standards/PROVENANCE.md), is the first and smallest edition of an area whose later
# editions number every function and 帳票.
SIZES = {
    "住民記録": 1000, "選挙人名簿管理": 500, "固定資産税": 1500, "個人住民税": 2000, "法人住民税": 600,
    "軽自動車税": 500, "就学": 400, "国民健康保険": 1400, "国民年金": 400, "障害者福祉": 1600,
    "後期高齢者医療": 900, "介護保険": 1900, "生活保護": 1000, "健康管理": 1300, "児童扶養手当": 500,
    "子ども・子育て支援": 1200, "児童手当": 500, "戸籍": 700, "戸籍の附票": 300, "印鑑登録": 250,
}
ROWS = (100, 1500)  # rows of a vendor's inventory
ROW_SHARE = (0.4, 1.0)  # of the spec's size, drawn per system, within ROWS

# Requirements of the sample specs told apart when the spec is larger than they are.
QUALIFIERS = ("世帯", "個人", "法人", "外国人", "代理人", "職権", "一括", "随時", "定期", "過年度", "現年度", "窓口",
              "電子", "郵送", "臨時", "特例", "仮", "再", "予約", "照会用")


def _pool() -> list[Requirement]:
    """The sample specs' requirements, each distinct name and text once."""
    seen: dict[tuple[str, str], Requirement] = {}
    for path in sorted((ROOT / "specs").glob("*.json")):
        for r in load_spec(path).requirements:
            seen.setdefault((r.name, r.text), r)
    return list(seen.values())


def sized_spec(area: str, code: str, size: int) -> Spec:
    """A spec of `size` requirements for the area: the pool's requirements, each copy after the first
    under a qualifier of its own (世帯住民票の写しの交付 …), renumbered under the business code."""
    pool = _pool()
    requirements, serials = [], {Kind.FUNCTION: 0, Kind.FORM: 5000, Kind.DATA: 0}
    for n in range(size):
        base = pool[n % len(pool)]
        copy = n // len(pool)
        qualifier = QUALIFIERS[(copy - 1) % len(QUALIFIERS)] if copy else ""
        serials[base.kind] += 1
        requirements.append(
            replace(
                base,
                id=f"{code}{serials[base.kind]:04d}",
                name=f"{qualifier}{base.name}",
                text=f"（{qualifier}）{base.text}" if qualifier else base.text,
                source_id=None,
            )
        )
    return Spec(area, "第1.0版", tuple(requirements), slug=area_slug(area), business_code=code, sample=True)


def inventory_rows(spec: Spec, rng: random.Random) -> int:
    share = rng.uniform(*ROW_SHARE)
    return max(ROWS[0], min(ROWS[1], round(len(spec.requirements) * share)))


# --- vendors' inventories ---------------------------------------------------------------------------

REWORDINGS = [  # how vendors say what the standard says (送り仮名, synonyms, abbreviations)
    ("受付", "受け付け"), ("発行", "交付"), ("照会", "検索"), ("届出", "届"), ("管理", "管理機能"),
    ("登録", "入力・登録"), ("出力", "印刷"), ("データ", "情報"), ("一覧", "リスト"), ("変更", "修正"),
]
EXTRAS = [  # 独自機能: what vendors add beyond the standard
    "窓口混雑状況の表示", "独自帳票の一括印刷", "庁内掲示板への通知", "職員別処理件数の集計", "旧システムデータの参照",
    "手書き申請書のOCR読取", "窓口番号札発券機との連携", "独自統計資料の作成", "操作ログの独自分析", "外字の一括変換",
]
MARKS = {"full": ["○", "〇", "◯", "●", "対応"], "partial": ["△", "▲", "一部対応"], "none": ["×", "✕", "未対応", "ー"],
         "custom": ["カスタマイズ"]}
MARK_WEIGHTS = {"full": 70, "partial": 15, "none": 10, "custom": 5}


def _mark(rng: random.Random) -> str:
    kind = rng.choices(list(MARK_WEIGHTS), weights=list(MARK_WEIGHTS.values()))[0]
    return rng.choice(MARKS[kind])


def _reword(text: str, rng: random.Random) -> str:
    for standard, vendor in rng.sample(REWORDINGS, 3):
        text = text.replace(standard, vendor)
    return text


def _features(spec: Spec, rng: random.Random, rows: int | None = None) -> list[dict]:
    """A vendor's feature list for `spec` of about `rows` rows (default: one per requirement): most
    requirements, a row covering several where the list is coarser than the spec, reworded, plus
    extras."""
    extras = rng.sample(EXTRAS, rng.randint(1, 6))
    requirements = [r for r in spec.requirements if rng.random() > 0.1]
    per_row = max(1.0, len(requirements) / max(1, (rows or len(requirements)) - len(extras)))
    features, i, owed = [], 0, 0.0
    while i < len(requirements):
        if per_row == 1.0:  # as fine as the spec: now and then two requirements in one row
            size = 2 if rng.random() < 0.1 else 1
        else:
            owed += per_row
            size = max(1, int(owed))
            owed -= size
        group = requirements[i : i + size]
        i += len(group)
        first = group[0]
        name = "・".join(r.name for r in group) if len(group) <= 2 else f"{first.name}ほか{len(group) - 1}件"
        features.append(
            {
                "section": first.section,
                "name": _reword(name, rng),
                "text": _reword(first.text, rng) if rng.random() < 0.8 else "",
                "ids": [r.id for r in group],
                "refs": [r.id for r in group] if rng.random() < 0.5 else [],
                "mark": _mark(rng),
            }
        )
    for name in extras:
        features.append({"section": spec.requirements[-1].section, "name": name, "text": "", "ids": [], "refs": [], "mark": "○"})
    return features


def _write_catalog(path: Path, features: list[dict], rng: random.Random) -> None:
    """Vendor A: xlsx, title rows, section columns, cited IDs."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("機能一覧")
    sheet.append([f"{rng.choice(['A', 'B', 'C'])}社 パッケージ 機能一覧"])
    sheet.append([])
    sheet.append(["大分類", "中分類", "機能名", "機能概要", "対応状況", "標準機能ID", "備考"])
    for f in features:
        sections = list(f["section"][:2]) + [""] * (2 - len(f["section"][:2]))
        sheet.append([*sections, f["name"], f["text"], f["mark"], "、".join(f["refs"]), ""])
    book.save(path)


def _write_headed(path: Path, features: list[dict], rng: random.Random) -> None:
    """Vendor B: xlsx, section heading rows and blank separators, no IDs."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("機能")
    sheet.append(["No.", "機能名称", "機能説明", "対応可否", "備考"])
    section = None
    for number, f in enumerate(features, start=1):
        if f["section"] != section:
            section = f["section"]
            sheet.append([])
            sheet.append([f"■{section[-1] if section else '共通'}"])
        sheet.append([number, f["name"], f["text"].replace("。", "。\n"), f["mark"], "要確認" if rng.random() < 0.05 else ""])
    book.save(path)


def _write_conformance(path: Path, features: list[dict], rng: random.Random) -> None:
    """Vendor C: a 適合表 CSV in CP932 — the standard's IDs (leading zeros lost, as Excel does)."""
    with path.open("w", encoding="cp932", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(["機能ID", "機能名", "対応", "備考"])
        for f in features:
            for ref in f["ids"]:
                mark = f["mark"] if f["mark"] != "✕" else "×"  # ✕ is not in CP932
                out.writerow([int(ref) if rng.random() < 0.5 else ref, f["name"], mark, ""])


WRITERS = [(".xlsx", _write_catalog), (".xlsx", _write_headed), (".csv", _write_conformance)]


def _specs(folder: Path, areas: int) -> list[Path]:
    """One spec per business area, of its size in SIZES."""
    paths = []
    for n, area in enumerate(list(SIZES)[:areas]):
        spec = sized_spec(area, f"{101 + n:03d}", SIZES[area])
        path = folder / f"{spec.slug}.json"
        write_spec(spec, path)
        paths.append(path)
    return paths


def municipality_code(n: int) -> str:
    """A well-formed 6-digit 全国地方公共団体コード (not necessarily an existing one)."""
    code5 = f"{1 + n % 47:02d}{201 + n // 47:03d}"
    return code5 + check_digit(code5)


def generate_nation(folder: Path, municipalities: int, areas: int, seed: int) -> Path:
    """Specs, inventories and the portfolio listing them; returns the portfolio's path."""
    (folder / "specs").mkdir(parents=True)
    specs = [(path, load_spec(path)) for path in _specs(folder / "specs", areas)]
    lines = []
    for n in range(municipalities):
        code = municipality_code(n)
        lines += ["[[municipalities]]", f'code = "{code}"', f'name = "サンプル市{n + 1:04d}"', ""]
    for n in range(municipalities):
        code = municipality_code(n)
        (folder / code).mkdir()
        for path, spec in specs:
            rng = random.Random(f"{seed}-{code}-{spec.area}")
            suffix, write = rng.choice(WRITERS)
            inventory = folder / code / f"{spec.slug}{suffix}"
            write(inventory, _features(spec, rng, inventory_rows(spec, rng)), rng)
            lines += [
                "[[systems]]",
                f'municipality = "{code}"',
                f'area = "{spec.area}"',
                f'spec = "specs/{path.name}"',
                f'inventory = "{code}/{inventory.name}"',
                f'decisions = "{code}/decisions-{spec.slug}.json"',
                "",
            ]
    portfolio = folder / "nation.toml"
    portfolio.write_text("\n".join(lines), encoding="utf-8")
    return portfolio


# --- measuring -------------------------------------------------------------------------------------


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _machine_cpu() -> float:
    """CPU seconds the whole machine has been busy (every process, and time the hypervisor stole)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _dask_workers(executor: Executor, what) -> dict:
    return executor.client.run(what) if isinstance(executor, Dask) else {}


def time_executor(name: str, make, portfolio, out: Path, outputs: tuple[str, ...] = ()) -> dict:
    """One run of the portfolio (writing `outputs`; all when empty): run time (start-up apart),
    peak memory, and how much CPU other work on the machine took meanwhile (which slows the run down)."""
    started = time.perf_counter()
    executor = make()
    ready = time.perf_counter()
    children, machine, own = _children_cpu(), _machine_cpu(), time.process_time()
    workers_cpu = _dask_workers(executor, time.process_time)
    try:
        outcome = run_portfolio(portfolio, out, executor=executor, outputs=outputs)
        finished = time.perf_counter()
        machine = _machine_cpu() - machine
        own = time.process_time() - own
        workers_cpu = sum(_dask_workers(executor, time.process_time).values()) - sum(workers_cpu.values())
        peaks = _dask_workers(executor, lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    finally:
        executor.close()
    if isinstance(executor, ProcessPool):  # its workers have exited now: their CPU and peak are the children's
        workers_cpu = _children_cpu() - children
        peaks = {"largest": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}
    seconds = finished - ready
    return {
        "name": name,
        "workers": executor.workers,
        "startup": ready - started,
        "seconds": seconds,
        "checks": len(outcome.checks),
        "failed": len(outcome.failures),
        "errors": sorted({f.error.splitlines()[0] for f in outcome.failures})[:3],
        "parent_mb": peak_mb(),
        "worker_mb": max(peaks.values()) / 1024 if peaks else None,
        "others": max(0.0, machine - own - workers_cpu) / (seconds * (os.cpu_count() or 1)),
    }


def _sized_check(folder: Path, seed: int, size: int, rows: int):
    """A spec of `size` requirements and a catalog of about `rows` rows, and the job checking them."""
    from gapcheck.workflows.check import CheckJob

    spec = sized_spec("住民記録", "001", size)
    spec_path = folder / f"sized-{size}.json"
    write_spec(spec, spec_path)
    rng = random.Random(f"{seed}-sized-{size}")
    inventory = folder / f"sized-{size}-{rows}.xlsx"
    _write_catalog(inventory, _features(spec, rng, rows), rng)
    return spec, CheckJob(spec_path, inventory, folder / f"out-{size}-{rows}")


def _best(function, runs: int) -> float:
    """The fastest of `runs`, with the cycle collector paused as check_files pauses it."""
    best = float("inf")
    for _ in range(runs):
        with collector.paused():
            started = time.perf_counter()
            function()
            best = min(best, time.perf_counter() - started)
    return best


def stages(folder: Path, seed: int, size: int = 1000, rows: int = 1000, runs: int = 3) -> tuple[list, dict]:
    """One check of `size` requirements and about `rows` inventory rows, stage by stage, each the
    best of `runs` after a whole check has warmed the caches (as in a run's worker, whose matcher
    has seen other inventories). Returns (stage, seconds) rows and the sizes."""
    from gapcheck import atomic
    from gapcheck.files.result_json import result_to_dict
    from gapcheck.jsonfile import check as check_schema
    from gapcheck.jsonfile import serialise
    from gapcheck.matching import match
    from gapcheck.outputs import gaps_xlsx, report_html, report_md
    from gapcheck.outputs.render import markdown_escape
    from gapcheck.outputs.report import Report
    from gapcheck.readers.inventory import read_inventory
    from gapcheck.rules.classify import classify
    from gapcheck.workflows.check import check_files, renderers

    spec, job = _sized_check(folder, seed, size, rows)
    index = prepare(spec)
    check_files(job, spec=spec, index=index)
    inventory = read_inventory(job.inventory)
    matched = match(spec, inventory, index=index)

    def document() -> dict:
        built = result_to_dict(classify(spec, inventory, matched), spec_path=str(job.spec))
        check_schema(job.out / RESULT_FILE, "result", built, RESULT_FILE)
        return built

    document_ = document()
    rendered = {name: render(Report(document_)) for name, render in renderers().items()}
    viewed = Report(document_)
    viewed.view  # built once per check, for report.html and report.md

    def markdown() -> bytes:
        markdown_escape.cache_clear()  # it keeps what repeats within one report, not across checks
        return report_md.render(viewed)

    def write() -> None:
        with atomic.locked_folder(job.out):
            for name, content in rendered.items():
                atomic.write_bytes(job.out / name, content)

    timed = [
        ("read the inventory", _best(lambda: read_inventory(job.inventory), runs)),
        ("match (spec prepared)", _best(lambda: match(spec, inventory, index=index), runs)),
        ("classify, build and validate result.json", _best(document, runs)),
        ("result.json", _best(lambda: serialise(document_), runs)),
        ("the reports' view (once for both)", _best(lambda: Report(document_).view, runs)),
        ("report.html", _best(lambda: report_html.render(viewed), runs)),
        ("report.md", _best(markdown, runs)),
        ("gaps.xlsx", _best(lambda: gaps_xlsx.render(Report(document_)), runs)),
        ("write the 4 files", _best(write, runs)),
    ]
    found = {"requirements": len(spec.requirements), "rows": len(inventory.features),
             "gap_rows": sum(1 for r in document_["requirements"] if r["verdict"] != "fit")}
    return timed, found


def per_check_costs(folder: Path, seed: int, sizes=((250, 100), (1000, 700), (2000, 1500))) -> list[dict]:
    """A whole check (read, match, classify, write every output) at three sizes: its time (best of
    a few, caches warm) and its Python heap peak (tracemalloc, in a run of its own: it slows Python)."""
    from gapcheck.workflows.check import check_files

    found = []
    for size, rows in sizes:
        spec, job = _sized_check(folder, seed, size, rows)
        index = prepare(spec)
        checked = check_files(job, spec=spec, index=index)  # warms caches; not counted
        seconds = _best(lambda: check_files(job, spec=spec, index=index), max(1, 3000 // size))
        tracemalloc.start()
        check_files(job, spec=spec, index=index)
        heap = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        found.append({"requirements": size, "features": len(checked.result.inventory.features), "seconds": seconds,
                      "heap_mb": heap / 2**20})
    return found


# --- the report ------------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]
    line = lambda row: "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths)))  # noqa: E731
    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *map(line, rows)])


def national_hours(run: dict, prepared: float) -> float:
    """A national run's time from a sample run: the specs are prepared once per run, whatever its
    size (`prepared` seconds, in the parent); the rest grows with the checks."""
    return (prepared + (run["seconds"] - prepared) * NATION / run["checks"]) / 3600


def _nation_rows(results: dict, prepared: float) -> list[list[str]]:
    full_pool = results.get(("process", "full"))
    rows = []
    for (key, kind), r in results.items():
        rate = r["checks"] / r["seconds"]
        own_full = results.get((key, "full"))
        rows.append(
            [
                r["name"],
                kind,
                r["checks"],
                r["failed"],
                f"{r['seconds']:.1f}",
                f"{rate:.2f}",
                f"{rate / (full_pool['checks'] / full_pool['seconds']):.2f}×" if full_pool else "",
                f"{rate / (own_full['checks'] / own_full['seconds']):.2f}×" if own_full else "",
                f"{national_hours(r, prepared):.2f}",
                f"{r['startup']:.1f}",
                f"{r['parent_mb']:.0f}",
                f"{r['worker_mb']:.0f}" if r["worker_mb"] else "",
                f"{r['others']:.0%}",
            ]
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipalities", type=int, default=10)
    parser.add_argument("--areas", type=int, default=len(SIZES), help="business areas per municipality [default: all 20]")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip", action="append", default=[],
                        choices=["serial", "process", "dask", "full", "results", "stages", "sizes"])
    parser.add_argument("--repeat", type=int, default=1, help="runs per executor; the fastest counts (a busy machine)")
    parser.add_argument("--keep", type=Path, help="generate into this (new) folder and keep it")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="gapcheck-scale-"))
    load_before = os.getloadavg()
    try:
        started = time.perf_counter()
        path = generate_nation(folder, args.municipalities, args.areas, args.seed)
        generated = time.perf_counter() - started
        portfolio = load_portfolio(path)
        sizes = sorted(SIZES[a] for a in list(SIZES)[: args.areas])
        # What a run's parent does once before the checks: read and prepare each spec. (Pool workers
        # are forked after it, in a real run as here, and find the matcher's caches warm.)
        started = time.perf_counter()
        for spec_path in dict.fromkeys(system.spec for system in portfolio.systems):
            prepare(load_spec(spec_path))
        prepared = time.perf_counter() - started
        print(
            f"nation: {args.municipalities} municipalities × {args.areas} areas = {len(portfolio.systems)} checks "
            f"(generated in {generated:.1f} s); requirements per area {sizes[0]}–{sizes[-1]} (mean "
            f"{sum(sizes) / len(sizes):.0f}), inventory rows {ROWS[0]}–{ROWS[1]}; the specs prepared in "
            f"{prepared:.1f} s; {os.cpu_count()} CPUs, load average before {load_before[0]:.2f}"
        )
        # Serial runs last: its run in this process warms the matcher's caches, which pool workers
        # forked afterwards would inherit (a real run's parent has only prepared the specs).
        executors = {
            "process": (f"process pool ({args.workers})", lambda: ProcessPool(args.workers)),
            "dask": (f"dask LocalCluster ({args.workers}×1)", lambda: Dask(workers=args.workers)),
            "serial": ("serial", lambda: InProcess()),
        }
        kinds = {"full": (), "results": (RESULT_FILE, SUMMARY)}
        results = {}
        for key, (name, make) in executors.items():
            for kind, outputs in kinds.items():
                if key in args.skip or kind in args.skip:
                    continue
                for _ in range(args.repeat):
                    run = time_executor(name, make, portfolio, folder / f"out-{key}", outputs)
                    shutil.rmtree(folder / f"out-{key}", ignore_errors=True)
                    if (key, kind) not in results or run["seconds"] < results[(key, kind)]["seconds"]:
                        results[(key, kind)] = run
        print()
        print(
            _table(
                ["executor", "outputs", "checks", "failed", "run s", "checks/s", "vs pool, full", "vs full",
                 f"national h ({NATION:,})", "start-up s", "peak MB (this process)", "peak MB (largest worker)",
                 "CPU taken by other work"],
                _nation_rows(results, prepared),
            )
        )
        for r in results.values():
            for error in r["errors"]:
                print(f"  {r['name']} failure: {error}")
        print("outputs: full = result.json, report.html, report.md, gaps.xlsx and the summaries; results = result.json")
        print("and the summaries (gapcheck run --outputs result.json,summary)")
        print(f"national h: the specs prepared once ({prepared:.1f} s), the rest of the run × {NATION:,} / checks")
        print("targets: results ≥ 4× full; national run, results-only on the pool ≤ 1 h; dask ≥ 0.80× the pool")
        print("CPU taken by other work: share of the machine's CPUs that other processes (and the hypervisor)")
        print("used during the run; well above 0 % means the timings were disturbed")

        if "stages" not in args.skip:
            timed, found = stages(folder, args.seed)
            matching = dict(timed)["match (spec prepared)"]
            outputs = sum(seconds for stage, seconds in timed[3:])
            results_only = sum(seconds for _, seconds in timed[:4]) + dict(timed)["write the 4 files"] / 4
            print()
            print(f"one check: {found['requirements']:,} requirements × {found['rows']:,} inventory rows "
                  f"({found['gap_rows']:,} requirements not a fit), best of 3, caches warm")
            print(_table(["stage", "seconds", "× match"],
                         [[stage, f"{seconds:.3f}", f"{seconds / matching:.2f}"] for stage, seconds in timed]))
            print(f"writing all four outputs (result.json … write the 4 files): {outputs:.3f} s = "
                  f"{outputs / matching:.2f}× the matching step (target ≤ 1.5×)")
            print(f"one check results-only {results_only:.3f} s, with every output {results_only + outputs - timed[3][1]:.3f} s")

        if "sizes" not in args.skip:
            costs = per_check_costs(folder, args.seed)
            first = costs[0]
            product = first["requirements"] * first["features"]
            print()
            print(
                _table(
                    ["requirements", "features", "req × feat", "s per check", "cost ÷ (req × feat), vs smallest",
                     "Python heap peak MB", "heap ÷ (req + feat), vs smallest"],
                    [
                        [
                            c["requirements"],
                            c["features"],
                            c["requirements"] * c["features"],
                            f"{c['seconds']:.3f}",
                            f"{(c['seconds'] / (c['requirements'] * c['features'])) / (first['seconds'] / product):.3f}",
                            f"{c['heap_mb']:.1f}",
                            f"{(c['heap_mb'] / (c['requirements'] + c['features'])) / (first['heap_mb'] / (first['requirements'] + first['features'])):.2f}",
                        ]
                        for c in costs
                    ],
                )
            )
            print("targets: cost ÷ (req × feat) ≤ 1.0 (no faster than linear); heap ÷ (req + feat) about flat (linear in rows)")
        print(f"\nload average after: {os.getloadavg()[0]:.2f} (other work on the machine disturbs the timings)")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
