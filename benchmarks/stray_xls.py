"""A stray value far away in a legacy .xls: the same inventory as .xls read with and without one
value at IV65536 (the format's last cell), in the same run.

    python benchmarks/stray_xls.py [--rows 20000] [--repeat 3]

Each sheet's cells, measured from the file's records first, decide the reader: calamine for the
ordinary file, xlrd (cell by cell) for the one whose area is 65,536 × 256 cells. Prints best-of-N seconds and the peak memory
each read adds (resident, in a fresh process; tracemalloc would not see calamine's Rust
allocations), with ratios to the ordinary file read by gapcheck, and for comparison python-calamine
alone on the file with the stray value (what gapcheck did before: the whole rectangle) and xlrd on
the ordinary file. Target: the file with the stray value costs at most 2× the memory and 4× the
time of the ordinary one (xlrd is pure Python, and the far cell is then found and left out).
The rows are ingest.py's.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import arguments, best_time, inventory_rows, peak_rss_mb  # noqa: E402

from gapcheck.readers import extent  # noqa: E402
from gapcheck.readers.workbook import read_workbook  # noqa: E402

TARGET_MEMORY, TARGET_TIME = 2, 4  # the file with the stray value against the ordinary one


def write_xls(path: Path, rows: int, stray: bool) -> None:
    import xlwt  # test extra

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("機能一覧")
    for r, row in enumerate(inventory_rows(rows)):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    if stray:
        sheet.write(65535, 255, "x")
    book.save(str(path))


def cells(book) -> int:
    return sum(1 for sheet in book.sheets for row in sheet.rows for v in row if v != "")


def with_gapcheck(path: Path) -> int:
    return cells(read_workbook(path))


def with_calamine(path: Path) -> int:
    """python-calamine alone: every value of the sheet's rectangle, as gapcheck read it before."""
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_index(0).to_python()
    return sum(1 for row in rows for v in row if v != "")


def with_xlrd(path: Path) -> int:
    """gapcheck's cell-by-cell reader (xlrd) on any file."""
    return sum(len(row) for sheet in extent.xls_sheets(path.read_bytes()).values() for row in sheet.cells.values())


def measure(path: Path) -> int:
    """The measure that picks the reader, alone."""
    return int(any(scan.huge for scan in extent.xls_scan(path.read_bytes()).values()))


# (label, reader, which file)
RUNS: dict[str, tuple[Callable[[Path], int], str]] = {
    "gapcheck, ordinary .xls (calamine)": (with_gapcheck, "plain"),
    "gapcheck, + value at IV65536 (xlrd)": (with_gapcheck, "stray"),
    "calamine alone, + value at IV65536": (with_calamine, "stray"),
    "xlrd, ordinary .xls": (with_xlrd, "plain"),
    "measuring the cells, ordinary .xls": (measure, "plain"),
}


def main() -> None:
    args = arguments(__doc__, 20_000, {name: read for name, (read, _) in RUNS.items()})
    if args is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        files = {kind: Path(folder) / f"{kind}.xls" for kind in ("plain", "stray")}
        started = time.perf_counter()
        for kind, path in files.items():
            write_xls(path, args.rows, kind == "stray")
        print(f"generated {args.rows:,} rows twice ({files['plain'].stat().st_size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - started:.1f} s")
        results = {}
        for name, (read, kind) in RUNS.items():
            seconds, count = best_time(read, files[kind], args.repeat)
            results[name] = (seconds, count, peak_rss_mb(name, files[kind], __file__))
    base_seconds, _, base_peak = results["gapcheck, ordinary .xls (calamine)"]
    print(f"\nbest of {args.repeat}; peak = resident memory added while reading; × = against the ordinary .xls")
    print(f"{'read':38} {'result':>8} {'seconds':>8} {'×':>6} {'peak MB':>8} {'×':>6}")
    for name, (seconds, count, peak) in results.items():
        print(f"{name:38} {count:8,} {seconds:8.3f} {seconds / base_seconds:5.1f}× {peak:8.0f} {peak / base_peak:5.1f}×")
    seconds, _, peak = results["gapcheck, + value at IV65536 (xlrd)"]
    met = seconds <= TARGET_TIME * base_seconds and peak <= TARGET_MEMORY * base_peak
    print(f"\nthe value at IV65536 costs {seconds / base_seconds:.1f}× the time (target ≤ {TARGET_TIME}×) and "
          f"{peak / base_peak:.1f}× the memory (target ≤ {TARGET_MEMORY}×): {'met' if met else 'NOT met'}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
