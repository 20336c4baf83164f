"""Paths as reports show them.

Reports and workbooks are sent to others (vendors, the finance department), so they never show the
machine's absolute path of an input (/home/…/specs/juki-1.0.json): a path given relative is shown
as given, an absolute one relative to the folder the command runs in when it lies inside it, and
by its file name otherwise. result.json keeps the paths as they were (later commands open them).
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath


def _absolute(text: str) -> bool:
    # a result.json written on Windows may be rendered on Linux, and the other way round
    return PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute()


def shown_path(path: str | os.PathLike, base: str | os.PathLike | None = None) -> str:
    """`path` for a report: as given when relative; relative to `base` (the current folder) when
    inside it; its file name otherwise."""
    text = os.fspath(path)
    if not _absolute(text):
        return text
    base = Path(base) if base is not None else Path.cwd()
    try:
        return Path(text).relative_to(base).as_posix()
    except ValueError:
        return PureWindowsPath(text).name  # takes both / and \ as separators


def shown_paths_in(text: str, base: str | os.PathLike | None = None) -> str:
    """Free text (an error message) with the current folder's absolute path taken out of the
    paths it names, which are then relative to it."""
    prefix = os.path.join(Path(base) if base is not None else Path.cwd(), "")
    return text.replace(prefix, "")
