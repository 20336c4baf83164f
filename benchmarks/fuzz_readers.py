"""Fuzz the readers: mutated workbooks, CSVs and JSON files must end in a GapcheckError (a clear
message), never in any other exception.

    python benchmarks/fuzz_readers.py [--inputs 2000] [--seed 1]

Prints, per reader, how many inputs it tried, how many it accepted, how many it refused with a
message, and how many raised an unexpected exception (target: 0), with the first few tracebacks.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from gapcheck.errors import GapcheckError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _seeds(folder: Path) -> dict[str, bytes]:
    """Valid inputs to mutate: sample specs, a ministry-like workbook and its CSV, sample inventories."""
    from badinputs import GOOD_SPEC_ROWS, _xlsx_bytes

    seeds = {
        "spec.xlsx": _xlsx_bytes({"凡例": [["凡例"]], "機能要件": [["タイトル"], [], *GOOD_SPEC_ROWS] * 3}),
        "spec.csv": "\n".join(",".join(map(str, r)) for r in GOOD_SPEC_ROWS).encode("cp932"),
        "spec.json": (ROOT / "specs" / "juki-1.0.json").read_bytes(),
    }
    for path in sorted((ROOT / "inventories").glob("*")):
        if path.suffix in {".xlsx", ".csv"}:
            seeds[f"inventory{path.suffix}"] = path.read_bytes()
    return seeds


def _mutate(data: bytes, rng: random.Random) -> bytes:
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


def _readers() -> dict[str, Callable[[Path], object]]:
    from gapcheck.formats.spec_import import import_spec
    from gapcheck.formats.spec_json import load_spec

    readers: dict[str, Callable[[Path], object]] = {
        "spec import": lambda p: import_spec([p], area="住民記録", version="第1.0版"),
        "spec json": load_spec,
    }
    try:
        from gapcheck.formats.inventory import read_inventory
    except ImportError:
        pass
    else:
        readers["inventory"] = read_inventory
    return readers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    readers = _readers()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        seeds = _seeds(folder)
        stats = {name: [0, 0, 0, 0] for name in readers}  # tried, accepted, refused, unexpected
        failures: list[str] = []
        started = time.perf_counter()
        for number in range(args.inputs):
            seed_name = rng.choice(sorted(seeds))
            path = folder / f"input{number}{Path(seed_name).suffix}"
            path.write_bytes(_mutate(seeds[seed_name], rng))
            for name, read in readers.items():
                if (name == "spec json") != (path.suffix == ".json"):
                    continue
                stats[name][0] += 1
                try:
                    read(path)
                    stats[name][1] += 1
                except GapcheckError:
                    stats[name][2] += 1
                except Exception:  # noqa: BLE001 - counting exactly these is the point
                    stats[name][3] += 1
                    if len(failures) < 5:
                        failures.append(f"{name} on a mutated {seed_name}:\n{traceback.format_exc()}")
            path.unlink()
        elapsed = time.perf_counter() - started
    print(f"{'reader':14} {'tried':>7} {'accepted':>9} {'refused':>8} {'unexpected':>11}")
    for name, (tried, accepted, refused, unexpected) in stats.items():
        print(f"{name:14} {tried:7} {accepted:9} {refused:8} {unexpected:11}")
    print(f"{args.inputs} inputs in {elapsed:.1f} s")
    for failure in failures:
        print("\n" + failure)
    sys.exit(1 if any(s[3] for s in stats.values()) else 0)


if __name__ == "__main__":
    main()
