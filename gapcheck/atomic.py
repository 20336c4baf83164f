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
from gapcheck.messages import N_, _

HISTORY = ".gapcheck-history"
LOCK_NAME = ".gapcheck.lock"


def _file_above(path: Path) -> Path | None:
    """The nearest existing path above `path` if it is a file (no folder can be made below it)."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def output_folder(path: str | Path, what: str = N_("output folder")) -> Path:
    """`path` as a folder to write into (made if missing); InputError when it, or a path above
    it, is a file."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(path, _("this is a file, but the {what} must be a folder", what=_(what)),
                         _("give a folder (it is created if missing), or move the file away"))
    if (blocking := _file_above(path)) is not None:
        raise InputError(path, _("the {what} cannot be made: {blocking} is a file, not a folder", what=_(what), blocking=blocking),
                         _("give another folder"))
    return path


def output_file(path: str | Path, default_name: str) -> tuple[Path, bool]:
    """The file to write for `path`: a folder given gets `default_name` inside it (then True, for
    saying so). InputError when a path above it is a file."""
    path = Path(path)
    if path.is_dir():
        return path / default_name, True
    if (blocking := _file_above(path)) is not None:
        raise InputError(path, _("this file cannot be written: {blocking} is a file, not a folder", blocking=blocking),
                         _("give another path"))
    return path, False


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path` in one step.

    On any error the temporary file is removed and `path` is untouched.
    """
    path, _defaulted = output_file(path, "")
    if path.is_dir():
        raise InputError(path, _("this is a folder, but a file is to be written here"), _("give a file name"))
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
def locked_folder(folder: str | Path, what: str = N_("output folder")) -> Iterator[None]:
    """Hold an exclusive lock on a folder while writing into it (the lock file lies inside it).

    A second gapcheck run on the same folder stops at once with a clear message; the lock goes
    with the process, so a killed run never leaves a stale lock behind.
    """
    folder = output_folder(folder, what)
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder / LOCK_NAME, folder, what):
        yield


@contextlib.contextmanager
def locked_file(path: str | Path, what: str) -> Iterator[None]:
    """Hold an exclusive lock on one file while rewriting it (the lock file lies beside it); `what`
    is a message id."""
    path, _defaulted = output_file(path, "")
    if path.is_dir():
        raise InputError(path, _("this is a folder, but the {what} is a file", what=_(what)), _("give the file's path"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path.parent / f".{path.name}.lock", path, what):
        yield


@contextlib.contextmanager
def _locked(lock_path: Path, target: Path, what: str) -> Iterator[None]:
    lock = FileLock(lock_path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(
            target,
            _("another gapcheck run is writing this {what} right now", what=_(what)),
            _("wait for it to finish, or write to another place"),
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
