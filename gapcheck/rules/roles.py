"""Which checks a municipality's totals count, so that no gap is counted twice.

A folder of checks often holds more than one check of one business area: the same system checked
against two editions of the standard (RESIDENT-ONE against 第1.0版 and 第1.1版), and the packages of
a procurement beside the system in use. Per municipality and business area:

- a system checked more than once (the same system name): the check against the latest edition
  wins, the later check on a tie; the others are SUPERSEDED (旧版). A check declared `current`
  wins over later editions of its system (the edition the municipality still works to);
- the winning check of a system is a CANDIDATE (調達候補) when declared so, else CURRENT;
- totals count CURRENT checks only; the others are shown in rows of their own.

Two systems of one area that are both current (nobody marked the candidates) are both counted,
and reported as a `Conflict` so that the pages and the console can say so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from gapcheck.model import Category, FeatureStatus, ResultDocument, Role, Summary, Verdict, upper
from gapcheck.rules.classify import VERDICTS_BY_CATEGORY

_NUMBER = re.compile(r"\d+")


def edition_key(version: str) -> tuple[int, ...]:
    """第6.1版 → (6, 1), ｖ２ → (2,): the numbers of an edition's name, for ordering editions."""
    return tuple(int(n) for n in _NUMBER.findall(unicodedata.normalize("NFKC", version)))


def area_key(document: ResultDocument) -> tuple[str, str]:
    """(municipality, business area): the checks among which one is current."""
    system = document.system
    return (system.municipality_code or system.municipality or "", document.spec.area)


@dataclass(frozen=True)
class Conflict:
    """More than one current system for a business area of a municipality: all are counted."""

    municipality: str  # name, else code; "" for checks that name none
    area: str
    systems: tuple[str, ...]


@dataclass(frozen=True)
class Roles:
    roles: tuple[Role, ...]  # one per document, in the order given
    conflicts: tuple[Conflict, ...] = ()


def assign_roles(documents: Sequence[ResultDocument]) -> Roles:
    """The role of each check among `documents` (see the module's docstring)."""
    systems: dict[tuple[str, str, str], list[int]] = {}
    for index, document in enumerate(documents):
        systems.setdefault((*area_key(document), document.system_name), []).append(index)
    roles: list[Role] = [Role.SUPERSEDED] * len(documents)
    for indices in systems.values():
        winner = max(
            indices,
            key=lambda i: (
                documents[i].system.role is Role.CURRENT,
                edition_key(documents[i].spec.version),
                documents[i].generated_at,
            ),
        )
        roles[winner] = Role.CANDIDATE if documents[winner].system.role is Role.CANDIDATE else Role.CURRENT
    current: dict[tuple[str, str], list[int]] = {}
    for index, role in enumerate(roles):
        if role is Role.CURRENT:
            current.setdefault(area_key(documents[index]), []).append(index)
    conflicts = tuple(
        Conflict(
            documents[indices[0]].system.municipality or key[0],
            key[1],
            tuple(documents[i].system_name for i in indices),
        )
        for key, indices in current.items()
        if len(indices) > 1
    )
    return Roles(tuple(roles), conflicts)


@dataclass(frozen=True)
class Totals:
    """Counts over the summaries of the checks a total counts (current ones: see assign_roles)."""

    summaries: tuple[Summary, ...]

    def count(self, category: Category, verdict: Verdict) -> int:
        return sum(s.verdicts[category].get(verdict, 0) for s in self.summaries)

    def features(self, status: FeatureStatus) -> int:
        return sum(s.features.get(status, 0) for s in self.summaries)

    @property
    def totals(self) -> dict[Verdict, int]:
        """Requirements per verdict over every class."""
        totals: dict[Verdict, int] = {}
        for summary in self.summaries:
            for verdict, n in summary.totals.items():
                totals[verdict] = totals.get(verdict, 0) + n
        return totals

    @property
    def _mandatory(self) -> int:
        return sum(self.count(Category.MANDATORY, v) for v in VERDICTS_BY_CATEGORY[Category.MANDATORY])

    @property
    def fit_rate(self) -> float | None:
        """Fit of 実装必須 over all the checks' 実装必須 requirements."""
        mandatory = self._mandatory
        return self.count(Category.MANDATORY, Verdict.FIT) / mandatory if mandatory else None

    @property
    def fit_rate_upper(self) -> float | None:
        """The same counting the 実装必須 in review whose likely verdict is fit, when that is higher:
        the upper end of the range once the review confirms the likely matches (see Summary)."""
        mandatory = self._mandatory
        if not mandatory:
            return None
        # a check's likely rate times its 実装必須 count is its count of likely fits
        likely = sum(
            round((s.likely_mandatory_fit_rate if s.likely_mandatory_fit_rate is not None else s.mandatory_fit_rate or 0)
                  * sum(s.verdicts[Category.MANDATORY].values()))
            for s in self.summaries
        )
        return upper(self.fit_rate, likely / mandatory)
