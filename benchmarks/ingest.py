"""Ingest speed: a 100,000-row vendor inventory read by gapcheck (python-calamine) against openpyxl
alone (read_only, values_only: just the cell values, no detection or parsing), in the same run.

    python benchmarks/ingest.py [--rows 100000] [--repeat 3]

Prints rows, best-of-N seconds, rows/s, the ratio to openpyxl (target: gapcheck ≥ 8×), and the
peak memory each reader adds (RSS, measured in a fresh process per reader; tracemalloc would not
see calamine's Rust allocations). The middle row, gapcheck's workbook layer alone, shows what the
detection and parsing on top of it cost.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402

from gapcheck.readers.inventory import read_inventory  # noqa: E402
from gapcheck.readers.workbook import read_workbook  # noqa: E402

BUSINESSES = ["住民異動", "証明発行", "番号管理", "照会", "統計", "連携", "システム管理"]
VERBS = ["入力", "照会", "訂正", "一覧出力", "取消", "発行", "集計", "連携"]
MARKS = ["○", "○", "○", "△", "×", "〇", "カスタマイズ", ""]
TARGET = 8  # read_inventory against openpyxl alone


def inventory_rows(rows: int) -> Iterator[list[object]]:
    """A realistic layout: title rows, a header, section headings and blank rows every 500 rows,
    vendor IDs, multi-line descriptions, several cited IDs per cell, marks and notes."""
    yield ["住民記録システム 機能一覧（ベンチマーク用）"]
    yield []
    yield ["機能番号", "業務", "機能名", "機能概要", "標準機能ID", "対応状況", "備考"]
    written = 0
    while written < rows:
        if written % 500 == 0:
            yield []
            yield [f"■ 第{written // 500 + 1}群"]
        business = BUSINESSES[written % len(BUSINESSES)]
        verb = VERBS[written % len(VERBS)]
        serial = written % 9000 + 1
        refs = f"001{serial:04d}、001{(serial + 1) % 9999:04d}" if written % 3 == 0 else 10000 + serial
        yield [
            f"JK-{written:06d}",
            business,
            f"{business}{verb}{written % 977}",
            f"{business}の{verb}を行う。\n対象者を検索して処理する（{written}）。",
            refs,
            MARKS[written % len(MARKS)],
            "運用で回避" if written % 11 == 0 else None,
        ]
        written += 1


def generate(path: Path, rows: int) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("機能一覧")
    for row in inventory_rows(rows):
        sheet.append(row)
    workbook.save(path)


def with_openpyxl(path: Path) -> int:
    """The rows as lists of values, kept (as any reader must), and nothing else."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [list(row) for row in workbook["機能一覧"].iter_rows(values_only=True)]
    workbook.close()
    return sum(1 for row in rows if any(v is not None for v in row))


def with_calamine(path: Path) -> int:
    """gapcheck's workbook layer alone: calamine's values plus hidden rows and columns."""
    return sum(1 for row in read_workbook(path).sheets[0].rows if any(v != "" for v in row))


def with_gapcheck(path: Path) -> int:
    return len(read_inventory(path).features)


READERS: dict[str, Callable[[Path], int]] = {
    "openpyxl read_only (baseline)": with_openpyxl,
    "gapcheck read_workbook (calamine)": with_calamine,
    "gapcheck read_inventory": with_gapcheck,
}


def best_time(read: Callable[[Path], int], path: Path, repeat: int) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = read(path)
        best = min(best, time.perf_counter() - started)
    return best, count


def peak_rss_mb(name: str, path: Path, script: str = __file__) -> float:
    """Peak resident memory the reader adds, in a fresh process (`script --peak NAME FILE`): a forked
    child would reuse pages the parent already touched and hide the growth."""
    done = subprocess.run([sys.executable, script, "--peak", name, str(path)], capture_output=True, text=True, check=True)
    return float(done.stdout) / 1024


def _high_water_kib() -> int:
    """This process's peak RSS. Linux's ru_maxrss carries the parent's peak over fork and exec,
    so read the memory map's own high-water mark where there is one."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def print_peak(read: Callable[[Path], object], path: Path) -> None:
    """What `peak_rss_mb` runs in the fresh process."""
    before = _high_water_kib()
    read(path)
    print(_high_water_kib() - before)


def arguments(doc: str, rows: int, readers: dict[str, Callable[[Path], object]]) -> argparse.Namespace | None:
    """The arguments of a reading benchmark; None when this process only measured one reader's peak."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--rows", type=int, default=rows)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peak", nargs=2, metavar=("READER", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak:
        print_peak(readers[args.peak[0]], Path(args.peak[1]))
        return None
    return args


def main() -> None:
    args = arguments(__doc__, 100_000, READERS)
    if args is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inventory.xlsx"
        started = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
        results = {}
        for name, read in READERS.items():
            seconds, count = best_time(read, path, args.repeat)
            results[name] = (seconds, count, peak_rss_mb(name, path))
    baseline = results["openpyxl read_only (baseline)"][0]
    print(f"\nbest of {args.repeat}; peak = resident memory added while reading")
    print(f"{'reader':34} {'rows':>8} {'seconds':>8} {'rows/s':>9} {'vs openpyxl':>12} {'peak MB':>8}")
    for name, (seconds, count, peak) in results.items():
        print(f"{name:34} {count:8,} {seconds:8.2f} {count / seconds:9,.0f} {baseline / seconds:11.1f}× {peak:8.0f}")
    ratio = baseline / results["gapcheck read_inventory"][0]
    print(f"\ngapcheck is {ratio:.1f}× openpyxl (target ≥ {TARGET}×): {'met' if ratio >= TARGET else 'NOT met'}")
    sys.exit(0 if ratio >= TARGET else 1)


if __name__ == "__main__":
    main()
