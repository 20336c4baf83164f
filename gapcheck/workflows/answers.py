"""Taking a vendor's filled gap spreadsheet over into the answers file (`gapcheck answers import`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from gapcheck import atomic
from gapcheck.errors import InputError
from gapcheck.files.answers_json import load_answers, write_answers
from gapcheck.messages import N_, _
from gapcheck.model import AnswerImport, Answers
from gapcheck.outputs.gaps_xlsx import read_filled
from gapcheck.rules.gaps import Given, merge
from gapcheck.text import readable


def _check_scope(existing: Answers, given: Given, into: Path) -> None:
    """Refuse to mix answers of different systems or business areas in one file."""
    scopes = ((N_("this answers file holds answers for the business area '{have}', the workbook is for '{new}'"),
               existing.area, given.area),
              (N_("this answers file holds answers for the system '{have}', the workbook is for '{new}'"),
               existing.system, given.system))
    for problem, have, new in scopes:
        if have and new and have != new:
            raise InputError(into, _(problem, have=have, new=new),
                             _("import it into the answers file of that system (another --into)"))


@dataclass(frozen=True)
class ImportOutcome:
    record: AnswerImport
    answers: Answers
    blank: int  # rows on the lists left without an answer
    missing: tuple[str, ...]  # keys of rows the vendor deleted (not answered in this round)
    conflicts: tuple  # Problems: protected cells the vendor edited (not taken over)
    strays: tuple = ()  # Problems: cells far outside the rest of a sheet, not read


def import_answers(
    filled: str | Path, into: str | Path, *, ignore_conflicts: bool = False, now: datetime | None = None
) -> ImportOutcome:
    """Take a vendor's filled gap spreadsheet over into the answers file `into`.

    Everything is checked first; when any value is invalid (or a protected cell was edited,
    unless `ignore_conflicts`) a ProblemsError lists them all and nothing is written. The answers
    file is written atomically under a lock, its previous version kept in .gapcheck-history/.
    """
    filled, into = Path(filled), Path(into)
    workbook = read_filled(filled, allow_conflicts=ignore_conflicts)
    given = Given(
        source=readable(filled.name),
        sha256=hashlib.sha256(filled.read_bytes()).hexdigest(),
        answers=workbook.answers,
        area=workbook.area,
        system=workbook.system,
    )
    with atomic.locked_file(into, N_("answers file")):
        existing = load_answers(into) if into.exists() else Answers()
        _check_scope(existing, given, into)
        merged, record = merge(existing, given, now or datetime.now(timezone.utc))
        write_answers(merged, into)
    return ImportOutcome(record, merged, workbook.blank, workbook.missing, workbook.conflicts, workbook.strays)
