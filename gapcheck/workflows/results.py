"""Finding the folders of checks (each holds a result.json) for the summary and the budget."""

from __future__ import annotations

import glob
from pathlib import Path

from gapcheck.errors import InputError
from gapcheck.files.result_json import FILE_NAME as RESULT_FILE
from gapcheck.files.result_json import read_result
from gapcheck.messages import N_, _
from gapcheck.model import ResultDocument
from gapcheck.text import shown_path

_GLOB_CHARACTERS = frozenset("*?[")
_HINT = N_("give the folders `gapcheck check --out` wrote, or the folder holding them")


def find_results(targets: list[str | Path]) -> list[Path]:
    """Check folders, each once, in a stable order, from what a user names:

    - a check folder (holding result.json), or its result.json;
    - a folder holding check folders at any depth (reports/demo, or a national run's
      <out>/<municipality>/<area>/), whose hidden folders (.gapcheck-history) are left out;
    - a glob pattern ('reports/*'), which stands for the check folders it matches and ignores
      anything else it matches (summary.html …).
    """
    folders: dict[Path, None] = {}
    for target in targets:
        text = str(target)
        if _GLOB_CHARACTERS & set(text):
            found = [folder for folder in map(_check_folder, sorted(glob.glob(text))) if folder]
            if not found:
                raise InputError(text, _("the pattern matches no folder holding a result.json"), _(_HINT))
        else:
            found = _check_folders(Path(text))
        folders.update((folder.resolve(), None) for folder in found)
    return list(folders)


def read_results(targets: list[str | Path]) -> list[tuple[ResultDocument, str]]:
    """Every check found under `targets` (see find_results), read, with its folder."""
    return [(read_result(folder), shown_path(folder)) for folder in find_results(list(targets))]


def _check_folder(path: str | Path) -> Path | None:
    path = Path(path)
    if path.is_file() and path.name == RESULT_FILE:
        return path.parent
    return path if (path / RESULT_FILE).is_file() else None


def _check_folders(path: Path) -> list[Path]:
    folder = _check_folder(path)
    if folder:
        return [folder]
    if not path.is_dir():
        raise InputError(path, _("no such folder"), _(_HINT))
    found = sorted(
        p.parent for p in path.rglob(RESULT_FILE) if not any(part.startswith(".") for part in p.relative_to(path).parts)
    )
    if not found:
        raise InputError(path, _("holds no {file}, nor do its subfolders", file=RESULT_FILE), _(_HINT))
    return found
