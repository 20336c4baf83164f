"""Real runs killed and run twice at once: `python -m gapcheck` in a subprocess, on an output folder
that already holds a complete run.

- SIGKILL at several points of a check, writing included: every output file is afterwards the
  previous complete version or the new complete one (result.json valid, workbooks open), never a
  mix; the next run that takes the folder removes the temporary files the killed one left.
- Two runs on one output folder: the second stops with exit code 2 and a clear message, the first
  finishes with its outputs intact.
"""

import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from support.files import ROOT, SPECS, make_xlsx

from gapcheck.files.result_json import read_result
from gapcheck.jsonfile import check as check_schema

JUKI = SPECS / "juki-1.0.json"
OUTPUTS = ("result.json", "report.html", "report.md", "gaps.xlsx")
# Times in the outputs (generated_at, shown times) differ between runs of the same check.
TIME = re.compile(rb"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


def gapcheck(*args, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "gapcheck", *map(str, args)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=300)
    return process.returncode, err.decode()


@pytest.fixture(scope="module")
def inventory(tmp_path_factory):
    """A catalog large enough that rendering and writing take a while (a few MB of outputs)."""
    rng = random.Random(3)
    words = ["転入", "転出", "住民票", "証明書", "交付", "届出", "異動", "世帯", "照会", "印刷", "一覧", "登録", "訂正"]
    rows = [["機能番号", "機能名", "機能概要", "対応"]]
    rows += [[f"K-{n:05d}", "".join(rng.sample(words, 3)), "".join(rng.sample(words, 5)), rng.choice("○△×")]
             for n in range(400)]
    return make_xlsx(tmp_path_factory.mktemp("inventory") / "vendor.xlsx", {"機能一覧": rows})


def comparable(name: str, data: bytes) -> bytes:
    """The content of a complete output with its times blanked; raises if the file is not complete."""
    if name.endswith(".xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        data = repr([(s.title, list(s.iter_rows(values_only=True))) for s in book.worksheets]).encode()
    elif name.endswith(".json"):
        check_schema(name, "result", json.loads(data), "result.json")
    return TIME.sub(b"<time>", data)


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS if (folder / name).exists()}


def wait_for(process: subprocess.Popen, condition, timeout: float = 120) -> bool:
    """Poll (about every millisecond) until `condition()` holds while the process runs; False if
    the run ended first (the moment lasted less than a poll, as it may on a fast or busy machine)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            return False
        assert time.monotonic() < deadline
        time.sleep(0.001)
    return True


TRIES = 5  # runs to catch a moment in, before the test gives up


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_run_killed_at_any_moment_leaves_whole_files(tmp_path, inventory):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    check = ("check", "--spec", JUKI, "--inventory", inventory)
    assert finish(gapcheck(*check, "--out", out, cwd=tmp_path))[0] == 0  # the previous complete run
    started = time.monotonic()
    # the new run differs in every file: another language and a system name
    check += ("--lang", "en", "--system", "次期住民記録システム")
    assert finish(gapcheck(*check, "--out", fresh, cwd=tmp_path))[0] == 0
    duration = time.monotonic() - started
    previous = {name: comparable(name, data) for name, data in outputs(out).items()}
    new = {name: comparable(name, data) for name, data in outputs(fresh).items()}
    assert sorted(previous) == sorted(new) == sorted(OUTPUTS) and all(previous[n] != new[n] for n in OUTPUTS)

    pristine = outputs(out)
    seen = set()
    moments = [("after", duration * 0.3)]  # before any write
    moments += [("temporary file", None), ("first file replaced", None)] * 2  # while writing
    for moment, delay in moments:
        for _ in range(TRIES):
            for name, data in pristine.items():  # each kill starts from the previous complete run
                (out / name).write_bytes(data)
            for name in leftovers(out):  # else an earlier kill's temporary file is taken for this run's
                (out / name).unlink()
            before = (out / "result.json").stat().st_mtime_ns
            process = gapcheck(*check, "--out", out, cwd=tmp_path)
            if delay is not None:
                time.sleep(delay)
                break
            if wait_for(process, lambda: leftovers(out) if moment == "temporary file"
                        else (out / "result.json").stat().st_mtime_ns != before):
                break
            finish(process)
        else:
            pytest.fail(f"no run of {TRIES} was caught at the moment: {moment}")
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = outputs(out)
        assert sorted(found) == sorted(OUTPUTS)
        states = {}
        for name, data in found.items():
            content = comparable(name, data)  # a half-written file fails here
            assert content in (previous[name], new[name]), name
            states[name] = "new" if content == new[name] else "previous"
        if moment == "after":
            assert set(states.values()) == {"previous"}
        if moment == "first file replaced":
            assert states["result.json"] == "new"
        seen.add((moment, tuple(sorted(set(states.values()))), bool(leftovers(out))))
    print(f"killed (moment, versions found, temporary files left): {sorted(seen)}")

    assert finish(gapcheck(*check, "--out", out, cwd=tmp_path))[0] == 0
    assert leftovers(out) == []  # the next run took the folder and removed what killed runs left
    assert {name: comparable(name, data) for name, data in outputs(out).items()} == new


CHECKS = 10  # enough that the first run is still writing when the second starts


def test_two_runs_on_one_output_folder(tmp_path, inventory):
    systems = "".join(
        f'[[systems]]\narea = "住民記録"\nspec = "{JUKI.as_posix()}"\ninventory = "{inventory.as_posix()}"\n'
        f'folder = "juki-{n}"\n'
        for n in range(CHECKS)
    )
    portfolio = tmp_path / "city.toml"
    portfolio.write_text(f'[[municipalities]]\ncode = "131130"\nname = "渋谷区"\n{systems}', encoding="utf-8")
    out = tmp_path / "out"
    first = gapcheck("run", portfolio, "--out", out, "--executor", "inprocess", cwd=tmp_path)
    deadline = time.monotonic() + 60
    while not (out / ".gapcheck.lock").exists():  # the first run holds the folder from its start
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    code, err = finish(gapcheck("run", portfolio, "--out", out, "--executor", "inprocess", cwd=tmp_path))
    assert first.poll() is None, "the first run ended before the second tried: make its checks bigger"
    assert code == 2 and "another gapcheck run is writing this output folder right now" in err, err
    assert "Traceback" not in err and err.count("error:") == 1
    code, err = finish(first)
    assert code == 0, err
    document = json.loads((out / "run.json").read_text("utf-8"))
    assert [c["status"] for c in document["checks"]] == ["ok"] * CHECKS
    for n in range(CHECKS):
        read_result(out / f"juki-{n}")  # complete and valid
        assert leftovers(out / f"juki-{n}") == []
