"""The budget annex: vendors' answers over many checks, counted and summed per business area,
response (対応方針) and fiscal year, for the migration budget request.

It is made from checks as their result.json records them (which carries the answers given to
`gapcheck check --answers`; `gapcheck.workflows.budget` reads the folders). Every item on a gap
list is counted: items without an answer stay in the figures as 未回答 with an unknown cost, so no
cost is silently missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from gapcheck.model import AnswerVersion, Due, GapList, ResponsePolicy, ResultDocument, TargetKind
from gapcheck.rules.areas import area_order
from gapcheck.rules.gaps import gap_list_for_feature, gap_list_for_requirement


@dataclass(frozen=True)
class Source:
    """One result folder the budget was made from."""

    path: str
    area: str
    version: str
    system: str
    checked_at: str  # result.json generated_at
    answered: bool  # whether the check was given an answers file


@dataclass(frozen=True)
class BudgetItem:
    area: str
    system: str
    gap_list: GapList
    kind: TargetKind
    target: str  # requirement id or feature key
    name: str
    policy: ResponsePolicy | None  # None: 未回答
    cost_thousand_yen: int | None
    due: Due | None
    note: str = ""

    @property
    def fiscal_year(self) -> int | None:
        return self.due.fiscal_year if self.due else None


@dataclass(frozen=True)
class Total:
    count: int = 0
    cost: int = 0  # thousand yen, over the items with a cost
    without_cost: int = 0  # items counted whose cost is not known

    def __add__(self, other: Total) -> Total:
        return Total(self.count + other.count, self.cost + other.cost, self.without_cost + other.without_cost)


def _total(items: Iterable[BudgetItem]) -> Total:
    total = Total()
    for item in items:
        known = item.cost_thousand_yen is not None
        total += Total(1, item.cost_thousand_yen or 0, 0 if known else 1)
    return total


ALL = object()  # a dimension not restricted


@dataclass(frozen=True)
class Budget:
    items: tuple[BudgetItem, ...]
    sources: tuple[Source, ...]

    @cached_property
    def areas(self) -> tuple[str, ...]:
        """Business areas in the order of the standard's list, others after them by name."""
        return tuple(sorted({i.area for i in self.items} | {s.area for s in self.sources}, key=area_order))

    @cached_property
    def fiscal_years(self) -> tuple[int | None, ...]:
        """Fiscal years answered, in order; None (時期未定) last when some item has no date."""
        years = sorted({i.fiscal_year for i in self.items if i.fiscal_year is not None})
        return (*years, None) if any(i.fiscal_year is None for i in self.items) else tuple(years)

    @property
    def policies(self) -> tuple[ResponsePolicy | None, ...]:
        """Every response, then None for 未回答."""
        return (*ResponsePolicy, None)

    @cached_property
    def _groups(self) -> dict[tuple, Total]:
        """Totals per (area, policy, fiscal year): the tables ask for hundreds of figures, and
        going through every item for each grew with items × areas × policies × years."""
        groups: dict[tuple, list[BudgetItem]] = {}
        for item in self.items:
            groups.setdefault((item.area, item.policy, item.fiscal_year), []).append(item)
        return {key: _total(items) for key, items in groups.items()}

    def total(self, area=ALL, policy=ALL, fiscal_year=ALL) -> Total:
        total = Total()
        for (a, p, y), group in self._groups.items():
            if (area is ALL or a == area) and (policy is ALL or p == policy) and (fiscal_year is ALL or y == fiscal_year):
                total += group
        return total

    @property
    def unanswered(self) -> tuple[BudgetItem, ...]:
        return tuple(i for i in self.items if i.policy is None)


def budget_items(document: ResultDocument) -> list[BudgetItem]:
    """Every item on the gap lists of one check, with its answer where there is one."""
    area, system = document.spec.area, document.system_name
    items = []

    def add(gap_list: GapList, kind: TargetKind, target: str, name: str) -> None:
        listed = document.answers_by_key.get((kind, target))
        answer = listed.current if listed else AnswerVersion()
        items.append(
            BudgetItem(
                area=area,
                system=system,
                gap_list=gap_list,
                kind=kind,
                target=target,
                name=name,
                policy=answer.policy,
                cost_thousand_yen=answer.cost_thousand_yen,
                due=answer.due,
                note=answer.note,
            )
        )

    for requirement in document.requirements:
        gap_list = gap_list_for_requirement(requirement.category, requirement.verdict)
        if gap_list is not None:
            add(gap_list, TargetKind.REQUIREMENT, requirement.id, requirement.name)
    for feature in document.features:
        gap_list = gap_list_for_feature(feature.status)
        if gap_list is not None:
            add(gap_list, TargetKind.FEATURE, feature.key, feature.name)
    return items


def source(document: ResultDocument, folder: str) -> Source:
    return Source(
        path=folder,
        area=document.spec.area,
        version=document.spec.version,
        system=document.system_name,
        checked_at=document.generated_at,
        answered=document.answers_path is not None,
    )
