"""Portfolio runs at scale: a synthetic nation checked serially, on a process pool and on Dask.

    python benchmarks/scale.py [--municipalities 200] [--areas 2] [--workers 2] [--repeat 1] [--seed 1] [--keep DIR]

Generates, in a temporary folder, a nation of municipalities × business areas: one spec per area
(the bundled sample specs; further areas are copies of them under the other areas' names and
business codes) and one inventory per municipality and area, derived from the spec the way vendors
write them — three vendor layouts (xlsx with section columns, xlsx with heading rows and no IDs, a
CP932 適合表 CSV whose IDs lost their leading zeros), requirements left out, merged or reworded
(送り仮名, 発行/交付 …), all kinds of ○/△/× marks and extra features (独自機能) — random but seeded.
Then, in this one process, it runs the same portfolio with each executor and prints:

1. checks per second for serial (in-process), a process pool and a Dask LocalCluster (the same
   worker count, one thread each), each against serial, with the executor's start-up time and the
   peak memory of this process and of the workers, and the share of the machine's CPU that other
   work took meanwhile (timings taken while it is well above 0 % are disturbed; --repeat N keeps
   the fastest of N runs per executor);
2. the cost of one check (read, match, classify, write every output) at three sizes of
   requirements × features, and that cost divided by requirements × features against the smallest
   size: at most 1.0 means the cost grows no faster than linearly in requirements × features.

Targets on a 2-core machine: process pool ≥ 1.7× serial; Dask within 20 % of the process pool.

The full national scale (1,741 municipalities × 20 business areas = 34,820 checks) is

    python benchmarks/scale.py --municipalities 1741 --areas 20 --workers $(nproc) --skip serial

which needs a few GB of disk for the inputs and outputs (--keep DIR to choose where) and, on two
cores, a few hours; add --skip dask or --skip process to time one executor only.
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
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from gapcheck.files.portfolio import check_digit, load_portfolio  # noqa: E402
from gapcheck.files.spec_json import load_spec, write_spec  # noqa: E402
from gapcheck.model import Requirement, Spec  # noqa: E402
from gapcheck.rules.areas import AREAS, area_slug, edition_slug  # noqa: E402
from gapcheck.workflows.executors import Dask, Executor, InProcess, ProcessPool  # noqa: E402
from gapcheck.workflows.run import run_portfolio  # noqa: E402

# --- a synthetic nation ----------------------------------------------------------------------------

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


def _features(spec: Spec, rng: random.Random) -> list[dict]:
    """A vendor's feature list for `spec`: most requirements, some merged, reworded, plus extras."""
    features = []
    requirements = [r for r in spec.requirements if rng.random() > 0.1]
    i = 0
    while i < len(requirements):
        group = requirements[i : i + (2 if rng.random() < 0.1 else 1)]
        i += len(group)
        first = group[0]
        features.append(
            {
                "section": first.section,
                "name": _reword("・".join(r.name for r in group), rng),
                "text": _reword(first.text, rng) if rng.random() < 0.8 else "",
                "ids": [r.id for r in group],
                "refs": [r.id for r in group] if rng.random() < 0.5 else [],
                "mark": _mark(rng),
            }
        )
    for name in rng.sample(EXTRAS, rng.randint(1, 6)):
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
    """One spec per area: the bundled ones (newest edition each), then copies under other areas."""
    bundled: dict[str, Spec] = {}
    for path in sorted((ROOT / "specs").glob("*.json")):
        spec = load_spec(path)
        if spec.area not in bundled or edition_slug(spec.version) > edition_slug(bundled[spec.area].version):
            bundled[spec.area] = spec
    specs = list(bundled.values())
    others = [area for area in AREAS if area not in bundled]
    for n, area in enumerate(others[: max(0, areas - len(specs))]):
        base = specs[n % len(bundled)]
        code = f"{500 + n:03d}"
        specs.append(
            replace(
                base,
                area=area,
                slug=area_slug(area),
                business_code=code,
                requirements=tuple(replace(r, id=code + r.id[3:]) for r in base.requirements),
            )
        )
    paths = []
    for spec in specs[:areas]:
        path = folder / f"{spec.slug}-{edition_slug(spec.version)}.json"
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
            write(inventory, _features(spec, rng), rng)
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


def time_executor(name: str, make, portfolio, out: Path) -> dict:
    """One run of the portfolio: run time (start-up apart), peak memory, and how much CPU other
    work on the machine took meanwhile (which slows the run down)."""
    started = time.perf_counter()
    executor = make()
    ready = time.perf_counter()
    children, machine, own = _children_cpu(), _machine_cpu(), time.process_time()
    workers_cpu = _dask_workers(executor, time.process_time)
    try:
        outcome = run_portfolio(portfolio, out, executor=executor)
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


def _scaled_spec(base: Spec, copies: int) -> Spec:
    """`copies` renumbered copies of the spec's requirements, each copy's names told apart."""
    requirements = []
    for copy in range(copies):
        for r in base.requirements:
            requirements.append(
                Requirement(
                    id=f"{int(r.id[:3]) + 50 * copy:03d}{r.id[3:]}",  # each copy under a business code of its own
                    kind=r.kind,
                    name=r.name if copy == 0 else f"{r.name}（{copy + 1}）",
                    text=r.text,
                    category=r.category,
                    section=r.section,
                )
            )
    return replace(base, requirements=tuple(requirements))


def per_check_costs(folder: Path, seed: int, sizes=(1, 4, 16)) -> list[dict]:
    from gapcheck.matching import prepare
    from gapcheck.readers.inventory import read_inventory
    from gapcheck.workflows.check import CheckJob, check_files

    base = load_spec(ROOT / "specs" / "juki-1.0.json")
    rows = []
    for copies in sizes:
        spec = _scaled_spec(base, copies)
        spec_path = folder / f"scaled-{copies}.json"
        write_spec(spec, spec_path)
        rng = random.Random(f"{seed}-scaled-{copies}")
        inventory = folder / f"scaled-{copies}.xlsx"
        _write_catalog(inventory, _features(spec, rng), rng)
        features = len(read_inventory(inventory).features)
        index = prepare(spec)
        job = CheckJob(spec_path, inventory, folder / f"out-{copies}")
        runs = max(1, 3 // copies)
        check_files(job, spec=spec, index=index)  # warms caches; not counted
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            check_files(job, spec=spec, index=index)
            timings.append(time.perf_counter() - started)
        best = min(timings)
        rows.append({"requirements": len(spec.requirements), "features": features, "seconds": best})
    return rows


# --- the report ------------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]
    line = lambda row: "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths)))  # noqa: E731
    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *map(line, rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipalities", type=int, default=200)
    parser.add_argument("--areas", type=int, default=None, help="business areas per municipality [default: the bundled ones]")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip", action="append", default=[], choices=["serial", "process", "dask", "sizes"])
    parser.add_argument("--repeat", type=int, default=1, help="runs per executor; the fastest counts (a busy machine)")
    parser.add_argument("--keep", type=Path, help="generate into this (new) folder and keep it")
    args = parser.parse_args()

    bundled_areas = len({load_spec(p).area for p in (ROOT / "specs").glob("*.json")})
    areas = args.areas or bundled_areas
    folder = args.keep or Path(tempfile.mkdtemp(prefix="gapcheck-scale-"))
    load_before = os.getloadavg()
    try:
        started = time.perf_counter()
        path = generate_nation(folder, args.municipalities, areas, args.seed)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        portfolio = load_portfolio(path)
        loaded = time.perf_counter() - started
        print(
            f"nation: {args.municipalities} municipalities × {areas} areas = {len(portfolio.systems)} checks "
            f"(generated in {generated:.1f} s, portfolio loaded in {loaded:.2f} s); {os.cpu_count()} CPUs, "
            f"load average before {load_before[0]:.2f}"
        )
        # Serial runs last: its run in this process warms the matcher's caches, which pool workers
        # forked afterwards would inherit (a real run's parent has only prepared the specs).
        executors = {
            "process": (f"process pool ({args.workers})", lambda: ProcessPool(args.workers)),
            "dask": (f"dask LocalCluster ({args.workers}×1)", lambda: Dask(workers=args.workers)),
            "serial": ("serial", lambda: InProcess()),
        }
        results = {}
        for key, (name, make) in executors.items():
            for _ in range(args.repeat if key not in args.skip else 0):
                run = time_executor(name, make, portfolio, folder / f"out-{key}")
                shutil.rmtree(folder / f"out-{key}", ignore_errors=True)
                if key not in results or run["seconds"] < results[key]["seconds"]:
                    results[key] = run
        serial, pool = results.get("serial"), results.get("process")
        results = [results[key] for key in ("serial", "process", "dask") if key in results]
        rows = []
        for r in results:
            rate = r["checks"] / r["seconds"]
            rows.append(
                [
                    r["name"],
                    r["checks"],
                    r["failed"],
                    f"{r['seconds']:.1f}",
                    f"{rate:.1f}",
                    f"{rate / (serial['checks'] / serial['seconds']):.2f}×" if serial else "",
                    f"{rate / (pool['checks'] / pool['seconds']):.2f}×" if pool else "",
                    f"{r['startup']:.1f}",
                    f"{r['parent_mb']:.0f}",
                    f"{r['worker_mb']:.0f}" if r["worker_mb"] else "",
                    f"{r['others']:.0%}",
                ]
            )
        print()
        print(
            _table(
                ["executor", "checks", "failed", "run s", "checks/s", "vs serial", "vs pool", "start-up s",
                 "peak MB (this process, so far)", "peak MB (largest worker)", "CPU taken by other work"],
                rows,
            )
        )
        for r in results:
            for error in r["errors"]:
                print(f"  {r['name']} failure: {error}")
        print("targets: process pool ≥ 1.70× serial; dask ≥ 0.80× pool (run time, start-up apart)")
        print("CPU taken by other work: share of the machine's CPUs that other processes (and the hypervisor)")
        print("used during the run; well above 0 % means the timings were disturbed")

        if "sizes" not in args.skip:
            costs = per_check_costs(folder, args.seed)
            first = costs[0]
            product = first["requirements"] * first["features"]
            print()
            print(
                _table(
                    ["requirements", "features", "req × feat", "× smallest", "s per check", "× smallest",
                     "cost ÷ (req × feat), vs smallest"],
                    [
                        [
                            c["requirements"],
                            c["features"],
                            c["requirements"] * c["features"],
                            f"{c['requirements'] * c['features'] / product:.1f}",
                            f"{c['seconds']:.3f}",
                            f"{c['seconds'] / first['seconds']:.1f}",
                            f"{(c['seconds'] / (c['requirements'] * c['features'])) / (first['seconds'] / product):.3f}",
                        ]
                        for c in costs
                    ],
                )
            )
            print("target: the last column stays ≤ 1.0 (growth no faster than linear in requirements × features)")
        print(f"\nload average after: {os.getloadavg()[0]:.2f} (other work on the machine disturbs the timings)")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
