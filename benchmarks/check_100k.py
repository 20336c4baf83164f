"""A whole `gapcheck check` of a 100,000-row inventory, stage by stage: time and peak memory.

    python benchmarks/check_100k.py [--rows 100000] [--baseline-rows 10000] [--spec specs/juki-1.0.json]

Both inventories (ingest.py's vendor-style layout) are checked, each in a fresh process, stage by
stage as `gapcheck check` runs them: read the spec and the inventory, prepare the spec for matching,
match, classify, build and validate result.json, render report.html, report.md and gaps.xlsx, and
write the four files (atomically, under the folder lock). Per stage it prints

- seconds (in a process without tracing),
- peak RSS during the stage (MB: the resident high-water mark, reset before each stage through
  /proc/self/clear_refs, so it includes what earlier stages still hold; the highest of them is
  the process's peak),
- Python's peak and retained heap (tracemalloc, in a second process: tracing slows the stages down),

then the ratio of every figure of the big run to the baseline run (rows ratio: 10×). Memory that
grows at most linearly with the rows shows a memory ratio ≤ the rows ratio; the last line is the
whole check: its time and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

MB = 1 << 20


def _reset_hwm() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS (Linux ≥ 4.0)
        return True
    except OSError:
        return False


def stages(spec_path: Path, inventory_path: Path, out: Path, traced: bool) -> None:
    """Run one check stage by stage, printing one JSON line per stage (in a fresh process)."""
    from ingest import _high_water_kib

    from gapcheck import atomic, collector
    from gapcheck.files.result_json import result_to_dict
    from gapcheck.files.spec_json import load_spec
    from gapcheck.jsonfile import check as check_schema
    from gapcheck.matching import match, prepare
    from gapcheck.outputs.report import Report
    from gapcheck.readers.inventory import read_inventory
    from gapcheck.rules.classify import classify
    from gapcheck.workflows.check import renderers

    found: dict[str, object] = {}
    rendered: dict[str, bytes] = {}

    def render(name):
        return lambda: rendered.__setitem__(name, renderers()[name](found["report"]))

    def write():
        with atomic.locked_folder(out):
            for name, content in rendered.items():
                atomic.write_bytes(out / name, content)

    def document():
        data = result_to_dict(found["result"], spec_path=str(spec_path))
        check_schema(out / "result.json", "result", data, "result.json")
        found["report"] = Report(data)
        rendered["result.json"] = renderers()["result.json"](found["report"])

    steps = [
        ("read spec", lambda: found.__setitem__("spec", load_spec(spec_path))),
        ("read inventory", lambda: found.__setitem__("inventory", read_inventory(inventory_path))),
        ("prepare spec", lambda: found.__setitem__("index", prepare(found["spec"]))),
        ("match", lambda: found.__setitem__("matching", match(found["spec"], found["inventory"], index=found["index"]))),
        ("classify", lambda: found.__setitem__("result", classify(found["spec"], found["inventory"], found["matching"]))),
        ("result.json (build, validate)", document),
        ("report.html", render("report.html")),
        ("report.md", render("report.md")),
        ("gaps.xlsx", render("gaps.xlsx")),
        ("write 4 files", write),
    ]
    if traced:
        tracemalloc.start()
    for name, step in steps:
        _reset_hwm()
        if traced:
            tracemalloc.reset_peak()
        started = time.perf_counter()
        with collector.paused():  # as check_files runs a check
            step()
        line = {"stage": name, "seconds": time.perf_counter() - started, "rss_peak": _high_water_kib() / 1024}
        if traced:
            current, peak = tracemalloc.get_traced_memory()
            line |= {"heap_peak": peak / MB, "heap_after": current / MB}
        print(json.dumps(line), flush=True)
    features = len(found["inventory"].features)
    sizes = {name: len(content) / MB for name, content in rendered.items()}
    print(json.dumps({"features": features, "requirements": len(found["spec"].requirements), "sizes": sizes}), flush=True)


def measure(spec: Path, inventory: Path, out: Path, traced: bool) -> tuple[list[dict], dict]:
    args = [sys.executable, __file__, "--stages", str(spec), str(inventory), str(out)] + (["--traced"] if traced else [])
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return lines[:-1], lines[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline-rows", type=int, default=10_000)
    parser.add_argument("--spec", type=Path, default=ROOT / "specs" / "juki-1.0.json")
    parser.add_argument("--stages", nargs=3, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages:
        stages(*args.stages, traced=args.traced)
        return
    from ingest import generate

    runs = {}
    with tempfile.TemporaryDirectory() as folder:
        for rows in (args.baseline_rows, args.rows):
            path = Path(folder) / f"inventory-{rows}.xlsx"
            generate(path, rows)
            plain, totals = measure(args.spec, path, Path(folder) / f"out-{rows}", traced=False)
            traced, _ = measure(args.spec, path, Path(folder) / f"traced-{rows}", traced=True)
            runs[rows] = (plain, traced, totals, path.stat().st_size / MB)
            print(f"{rows:,} rows ({runs[rows][3]:.1f} MB xlsx): {totals['features']:,} features, "
                  f"{totals['requirements']} requirements; outputs "
                  + ", ".join(f"{n} {s:.1f} MB" for n, s in totals["sizes"].items()), flush=True)
    small, big = runs[args.baseline_rows], runs[args.rows]
    print(f"\n{'stage':30} {'seconds':>9} {'RSS peak MB':>12} {'heap peak MB':>13} {'heap kept MB':>13}"
          f"   ratios to {args.baseline_rows:,} rows: {'time':>5} {'RSS':>5} {'heap':>5}")
    for (p_small, t_small), (p_big, t_big) in zip(zip(small[0], small[1]), zip(big[0], big[1])):
        print(f"{p_big['stage']:30} {p_big['seconds']:9.2f} {p_big['rss_peak']:12.0f} {t_big['heap_peak']:13.1f} "
              f"{t_big['heap_after']:13.1f}   {'':>23}{p_big['seconds'] / max(p_small['seconds'], 1e-3):5.1f} "
              f"{p_big['rss_peak'] / p_small['rss_peak']:5.1f} {t_big['heap_peak'] / max(t_small['heap_peak'], 1e-3):5.1f}")
    seconds = sum(s["seconds"] for s in big[0])
    # the process's peak is the highest of the stages' peaks (clear_refs resets ru_maxrss too)
    print(f"{'whole check':30} {seconds:9.2f} {max(s['rss_peak'] for s in big[0]):12.0f}   ({args.baseline_rows:,} rows: "
          f"{sum(s['seconds'] for s in small[0]):.2f} s, {max(s['rss_peak'] for s in small[0]):.0f} MB)")
    print(f"rows ratio {args.rows / args.baseline_rows:.0f}×; os: {os.uname().sysname}, {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
