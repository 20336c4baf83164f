import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from gapcheck import atomic
from gapcheck.errors import InputError

WRITER = textwrap.dedent(
    """
    import sys
    from gapcheck import atomic
    target = sys.argv[1]
    version = 0
    while True:
        version += 1
        atomic.write_bytes(target, bytes([65 + version % 26]) * 20_000_000)
        print(version, flush=True)
    """
)


def test_a_killed_write_leaves_the_previous_file_intact(tmp_path):
    target = tmp_path / "report.html"
    target.write_bytes(b"old" * 1000)
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, cwd=os.getcwd(), text=True
    )
    try:
        process.stdout.readline()  # one full version written; the next is under way
        time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    data = target.read_bytes()
    assert len(data) == 20_000_000 and data == data[:1] * len(data)  # one whole version, never a mix
    with atomic.locked_folder(tmp_path):  # the next run that takes the folder removes the dead run's leftovers
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gapcheck.lock", "report.html"]


def test_a_failed_write_changes_nothing(tmp_path):
    target = tmp_path / "result.json"
    target.write_text("previous")
    with pytest.raises(RuntimeError):
        with atomic.atomic_path(target) as temporary:
            temporary.write_text("half")
            raise RuntimeError("renderer failed")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_written_files_get_the_usual_mode_or_keep_their_own(tmp_path):
    fresh, kept = tmp_path / "report.html", tmp_path / "decisions.json"
    kept.write_text("old")
    kept.chmod(0o640)
    atomic.write_text(fresh, "new")
    atomic.write_text(kept, "new", keep=True)
    umask = os.umask(0o022)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600
    assert kept.stat().st_mode & 0o777 == 0o640


def test_previous_versions_are_kept(tmp_path):
    target = tmp_path / "decisions.json"
    atomic.write_text(target, "1", keep=True)
    atomic.write_text(target, "2", keep=True)
    atomic.write_text(target, "3", keep=True)
    history = sorted((tmp_path / atomic.HISTORY).iterdir())
    assert [p.read_text() for p in history] == ["1", "2"]
    assert target.read_text() == "3"


HOLDER = textwrap.dedent(
    """
    import sys, time
    from gapcheck import atomic
    with atomic.locked_folder(sys.argv[1]):
        print("locked", flush=True)
        time.sleep(30)
    """
)


def test_two_runs_on_one_folder(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(InputError, match="another gapcheck run is writing this output folder right now"):
            with atomic.locked_folder(tmp_path):
                pass
    finally:
        holder.kill()
        holder.wait()
    with atomic.locked_folder(tmp_path):  # the lock went with the killed process
        pass
