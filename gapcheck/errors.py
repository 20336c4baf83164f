"""Errors that reach the user as one clear message (exit code 2), never as a traceback."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path

from gapcheck.messages import _
from gapcheck.text import readable


def column_letter(index: int) -> str:
    """0-based column index → Excel column letters (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class Location:
    """Where in an input something is: file, and sheet / 1-based row / column where they apply."""

    path: str | Path
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # Excel letter or a header name

    def __str__(self) -> str:
        parts = [readable(str(self.path))]
        if self.sheet is not None:
            parts.append(_("sheet '{sheet}'", sheet=self.sheet))
        if self.row is not None:
            parts.append(_("row {row}", row=self.row))
        if self.column is not None:
            parts.append(_("column {column}", column=self.column))
        return _(", ").join(parts)


class GapcheckError(Exception):
    """Base of every error the CLI turns into a message and exit code 2."""


class InputError(GapcheckError):
    """Unusable input: says where and what to do."""

    def __init__(self, where: Location | str | Path, problem: str, hint: str | None = None):
        self.where = where if isinstance(where, Location) else Location(where)
        self.problem = problem
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        message = f"{self.where}: {self.problem}"
        return f"{message}\n  → {self.hint}" if self.hint else message


@dataclass
class Problem:
    """One of many findings in an input that is checked as a whole before anything is applied."""

    where: Location
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ProblemsError(GapcheckError):
    """Several problems found in one input; nothing was applied."""

    def __init__(self, summary: str, problems: list[Problem], hint: str | None = None):
        self.summary = summary
        self.problems = problems
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [self.summary] + [f"  - {p}" for p in self.problems]
        if self.hint:
            lines.append(f"  → {self.hint}")
        return "\n".join(lines)


@dataclass
class Warnings:
    """Collects non-fatal findings (unknown marks, odd rows) for reports and `inspect`."""

    items: list[Problem] = field(default_factory=list)

    def add(self, where: Location, message: str) -> None:
        self.items.append(Problem(where, message))

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def describe(error: BaseException) -> str:
    """An exception as one line for the user: the message of a GapcheckError; for anything else
    (a bug) what it was and where in gapcheck it happened, to report."""
    if isinstance(error, GapcheckError):
        return readable(str(error))
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if "gapcheck" in Path(f.filename).parts]
    where = ""
    if own:
        at = Path(own[-1].filename)
        module = "/".join(at.parts[at.parts.index("gapcheck"):])
        where = _(" at {module}:{line} in {function}", module=module, line=own[-1].lineno, function=own[-1].name)
    if frames and frames[-1] is not (own[-1] if own else None):
        where += _(", raised in {file}:{line}", file=Path(frames[-1].filename).name, line=frames[-1].lineno)
    return readable(_("internal error ({kind}: {error}{where}); this is a bug in gapcheck: "
                      "please report it with the command and the input files",
                      kind=type(error).__name__, error=error, where=where))
