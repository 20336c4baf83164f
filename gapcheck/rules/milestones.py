"""Milestones: every check's gap items against its system's 移行予定日 and 移行期限.

Each business area's system must move to a standard-conforming system by its deadline (移行期限:
令和7年度末 for every area by default, a later date of its own for a 移行困難システム), on a planned
date (移行予定日). Vendors promise each gap item for a time (対応予定時期: a date, or a fiscal year),
and the standard itself sets a 適合基準日 for some requirements. Per check:

- an answered item is **late** when the promised time can end after the planned date, and **after
  the deadline** when it can end after the deadline. A fiscal year promised ends on 31 March of
  the next year: 令和7年度 can end on 2026-03-31, after a planned date of 2026-01-04;
- items without an answer (未回答) and items answered without a time (時期未定) cannot be judged and
  are counted as such;
- requirements whose 適合基準日 falls after the planned date are what the system must still change
  after go-live, whatever their verdict today.

Where a system has no planned date, its deadline stands in for it (and the outputs say so). The
figures are pandas group-bys over the budget's items (gapcheck.rules.budget), like the budget's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from gapcheck.model import CheckedRequirement, Due, ResultDocument, Role
from gapcheck.rules.areas import AREAS
from gapcheck.rules.budget import ALL, Budget, BudgetItem, group_sums, item_frame, make
from gapcheck.rules.dates import fiscal_year_of

if TYPE_CHECKING:
    import pandas as pd

# 令和7年度末: the end of FY2025, the law's target date for every business area (地方公共団体情報
# システムの標準化に関する法律, 基本方針). A portfolio's [deadlines] or a system's deadline overrides it.
DEFAULT_DEADLINE = date(2026, 3, 31)
DEADLINES: dict[str, date] = {area: DEFAULT_DEADLINE for area in AREAS}


def fiscal_year_end(year: int) -> date:
    """令和7年度 (2025) → 2026-03-31"""
    return date(year + 1, 3, 31)


def latest_day(due: Due) -> date:
    """The last day a promised time can mean: its date, else the end of its fiscal year."""
    return due.day if due.day is not None else fiscal_year_end(due.fiscal_year)


@dataclass(frozen=True)
class Plan:
    """One check's dates."""

    source: int  # index of the check in Budget.sources
    municipality: str
    planned: date | None  # 移行予定日; None: not given
    deadline: date  # 移行期限
    deadline_given: bool  # False: the area's default
    requirements: tuple[CheckedRequirement, ...]  # the whole spec, for 適合基準日

    @property
    def reference(self) -> date:
        """The day items are judged against: the planned date, else the deadline."""
        return self.planned or self.deadline

    @cached_property
    def after_go_live(self) -> tuple[CheckedRequirement, ...]:
        """Requirements whose 適合基準日 falls after the reference day, earliest first."""
        found = [r for r in self.requirements if r.effective_from is not None and r.effective_from > self.reference]
        return tuple(sorted(found, key=lambda r: r.effective_from))


@dataclass(frozen=True)
class Counts:
    items: int = 0
    late: int = 0  # promised for after the planned date (or the deadline where none is given)
    after_deadline: int = 0
    unanswered: int = 0
    undated: int = 0  # answered without a time


_FLAGS = ("count", "late", "after_deadline", "unanswered", "undated")


@dataclass(frozen=True)
class Milestones:
    budget: Budget  # the items, their checks (sources) and roles
    plans: tuple[Plan, ...]  # one per source, in the same order
    today: date

    def late(self, item: BudgetItem) -> bool:
        return item.due is not None and latest_day(item.due) > self.plans[item.source].reference

    def after_deadline(self, item: BudgetItem) -> bool:
        return item.due is not None and latest_day(item.due) > self.plans[item.source].deadline

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The budget's item frame with the flags: late, after_deadline, unanswered, undated (0/1)."""
        items = self.budget.items
        return item_frame(items).assign(
            late=[int(self.late(i)) for i in items],
            after_deadline=[int(self.after_deadline(i)) for i in items],
            unanswered=[int(i.policy is None) for i in items],
            undated=[int(i.policy is not None and i.due is None) for i in items],
        )

    @cached_property
    def _counts(self) -> dict[tuple, Counts]:
        return {key: Counts(*sums) for key, sums in group_sums(self.frame, ("area", "source"), _FLAGS).items()}

    def counts(self, area=ALL, *, source=ALL, role: Role = Role.CURRENT) -> Counts:
        """Counts of the items of `role` checks in an area or of one check (ALL: any)."""
        return self._counts.get((role.value, area, source), Counts())

    @property
    def areas(self) -> tuple[str, ...]:
        return self.budget.areas

    @property
    def fiscal_years(self) -> tuple[int | None, ...]:
        """Fiscal years promised, then None (時期未定) where an item has none: the budget's."""
        return self.budget.fiscal_years

    def plans_of(self, area: str) -> tuple[Plan, ...]:
        """The checks of an area shown on its time line: current, then candidates (superseded
        editions are in the tables only)."""
        sources = self.budget.sources
        shown = [p for p in self.plans if sources[p.source].area == area and sources[p.source].role is not Role.SUPERSEDED]
        return tuple(sorted(shown, key=lambda p: sources[p.source].role is Role.CANDIDATE))

    def items_of(self, plan: Plan) -> tuple[BudgetItem, ...]:
        return tuple(i for i in self.budget.items if i.source == plan.source)

    @cached_property
    def span(self) -> tuple[int, int]:
        """First and last fiscal year a time line shows: today, every date and every promise."""
        years = {fiscal_year_of(self.today)}
        for plan in self.plans:
            years |= {fiscal_year_of(plan.deadline), fiscal_year_of(plan.reference)}
            years |= {fiscal_year_of(r.effective_from) for r in plan.after_go_live}
        years |= {i.fiscal_year for i in self.budget.items if i.fiscal_year is not None}
        return min(years), max(years)


def deadline_of(document: ResultDocument, defaults: Mapping[str, date]) -> tuple[date, bool]:
    """The check's deadline and whether it was given for it (its own, or its portfolio's for the area)."""
    if document.system.deadline is not None:
        return document.system.deadline, True
    return defaults.get(document.spec.area, DEFAULT_DEADLINE), False


def make_milestones(
    documents: Sequence[tuple[ResultDocument, str]], today: date, deadlines: Mapping[str, date] | None = None
) -> Milestones:
    """The milestones of checks (each with its folder); `deadlines` (area → date) over DEADLINES."""
    defaults = {**DEADLINES, **(deadlines or {})}
    budget = make(list(documents))
    plans = []
    for n, (document, _) in enumerate(documents):
        deadline, given = deadline_of(document, defaults)
        system = document.system
        plans.append(
            Plan(n, system.municipality or system.municipality_code or "", system.planned, deadline, given,
                 document.requirements)
        )
    return Milestones(budget, tuple(plans), today)
