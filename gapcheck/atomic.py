"""Writing files without ever losing or half-writing anyone's data.

- Every file is written to a temporary file in the same folder and renamed over the target in one
  step: a reader (or a killed run) sees the old file or the new one, never half of one.
- Files people typed into (decisions, answers) keep each previous version in `.gapcheck-history/`.
- A folder or file that one run is writing is locked, so a second run at the same time stops with
  a clear message instead of interleaving its writes.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from gapcheck.errors import InputError

HISTORY = ".gapcheck-history"
LOCK_NAME = ".gapcheck.lock"


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path` in one step.

    On any error the temporary file is removed and `path` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        # mkstemp makes the file private (0600): give it the mode the file had, or would get when
        # created plainly, so that colleagues can still open reports on a shared folder
        os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@functools.cache
def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(mask)
    return mask


def _history_path(path: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return path.parent / HISTORY / f"{path.stem}.{stamp}{path.suffix}"


def keep_previous(path: str | Path) -> Path | None:
    """Copy the current version of `path` into .gapcheck-history/ beside it; None if there is none."""
    path = Path(path)
    if not path.exists():
        return None
    kept = _history_path(path)
    with atomic_path(kept) as temporary:  # a killed copy must not pass for a kept version
        shutil.copyfile(path, temporary)
    return kept


def set_aside(path: str | Path) -> Path | None:
    """Move `path` into .gapcheck-history/ beside it (kept, but no longer current); None if absent."""
    path = Path(path)
    if not path.exists():
        return None
    kept = _history_path(path)
    kept.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, kept)  # one rename: the file is either current or kept, never half of either
    return kept


def write_text(path: str | Path, text: str, *, keep: bool = False) -> None:
    """Write atomically; with keep=True the previous version goes to .gapcheck-history/ first."""
    if keep:
        keep_previous(path)
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


@contextlib.contextmanager
def locked(target: str | Path, what: str = "folder") -> Iterator[None]:
    """Hold an exclusive lock on a folder (or on one file) while writing it.

    A second gapcheck run on the same target stops at once with a clear message; the lock goes
    with the process, so a killed run never leaves a stale lock behind.
    """
    target = Path(target)
    if target.suffix and not target.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        lock_path = target.parent / f".{target.name}.lock"
    else:
        target.mkdir(parents=True, exist_ok=True)
        lock_path = target / LOCK_NAME
    lock = FileLock(lock_path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(
            target,
            f"another gapcheck run is writing this {what} right now",
            "wait for it to finish, or write to another place",
        ) from None
    try:
        _remove_leftovers(lock_path.parent)
        yield
    finally:
        lock.release()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of runs that were killed mid-write (their process is gone)."""
    for leftover in (*folder.glob(".*.tmp"), *(folder / HISTORY).glob(".*.tmp")):
        parts = leftover.name.rsplit(".", 3)  # .{name}.{pid}.{random}.tmp
        if len(parts) == 4 and parts[1].isdigit() and not _alive(int(parts[1])):
            leftover.unlink(missing_ok=True)
