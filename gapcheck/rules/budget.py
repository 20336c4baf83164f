"""The budget annex: vendors' answers over many checks, counted and summed per business area,
response (対応方針) and fiscal year, for the migration budget request.

It is made from checks as their result.json records them (which carries the answers given to
`gapcheck check --answers`; `gapcheck.workflows.budget` reads the folders). Every item on a gap
list is counted: items without an answer stay in the figures as 未回答 with an unknown cost, so no
cost is silently missing. Only current checks are in the totals (gapcheck.rules.roles); candidates and
superseded editions have figures of their own. The figures are pandas group-bys over the items.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from gapcheck.model import AnswerVersion, Due, GapList, ResponsePolicy, ResultDocument, Role, TargetKind
from gapcheck.rules.areas import area_order
from gapcheck.rules.gaps import gap_list_for_feature, gap_list_for_requirement
from gapcheck.rules.roles import assign_roles

if TYPE_CHECKING:
    import pandas as pd  # imported where used: it costs every command 0.35 s at start-up


@dataclass(frozen=True)
class Source:
    """One result folder the budget was made from."""

    path: str
    area: str
    version: str
    system: str
    checked_at: str  # result.json generated_at
    answered: bool  # whether the check was given an answers file
    role: Role = Role.CURRENT  # among the checks of the budget: only current ones are in the totals


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
    source: int = 0  # index of its check in Budget.sources
    role: Role = Role.CURRENT

    @property
    def fiscal_year(self) -> int | None:
        return self.due.fiscal_year if self.due else None


@dataclass(frozen=True)
class Total:
    count: int = 0
    cost: int = 0  # thousand yen, over the items with a cost
    without_cost: int = 0  # answered items without a cost (an unanswered item's cost is unknown anyway: 未回答)


ALL = object()  # a dimension not restricted (total over it)
_UNANSWERED, _UNDATED = "", -1  # None (未回答, 時期未定) as group keys: pandas leaves None out of groups
_DIMENSIONS = ("area", "source", "policy", "fiscal_year")


def item_frame(items: Iterable[BudgetItem]) -> pd.DataFrame:
    """One row per item: role, area, source, policy (value; "" 未回答), fiscal_year (-1 時期未定),
    count (1), cost (thousand yen; NA where unknown) and without_cost (1 where answered without a cost)."""
    import pandas as pd

    items = list(items)
    frame = pd.DataFrame(
        {
            "role": [i.role.value for i in items],
            "area": [i.area for i in items],
            "source": [i.source for i in items],
            "policy": [i.policy.value if i.policy else _UNANSWERED for i in items],
            "fiscal_year": [_UNDATED if i.fiscal_year is None else i.fiscal_year for i in items],
            "count": 1,
            "cost": pd.array([i.cost_thousand_yen for i in items], dtype="Int64"),
        }
    )
    return frame.assign(without_cost=(frame["cost"].isna() & (frame["policy"] != _UNANSWERED)).astype(int))


def group_sums(frame: pd.DataFrame, dimensions: tuple[str, ...], columns: tuple[str, ...]) -> dict[tuple, tuple[int, ...]]:
    """The sums of `columns` per role and every combination of `dimensions`, margins included:
    key (role, one value or ALL per dimension) → sums. One group-by per combination."""
    found: dict[tuple, tuple[int, ...]] = {}
    for kept in itertools.product((True, False), repeat=len(dimensions)):
        keys = ["role", *(d for d, keep in zip(dimensions, kept) if keep)]
        grouped = frame.groupby(keys, sort=False)[list(columns)].sum()
        for key, sums in zip(grouped.index, grouped.itertuples(index=False)):
            values = iter(key if isinstance(key, tuple) else (key,))
            role = next(values)
            found[(role, *(next(values) if keep else ALL for keep in kept))] = tuple(int(n) for n in sums)
    return found


@dataclass(frozen=True)
class Budget:
    items: tuple[BudgetItem, ...]
    sources: tuple[Source, ...]

    @cached_property
    def areas(self) -> tuple[str, ...]:
        """Business areas of the current checks, in the order of the standard's list, others after them."""
        current = {s.area for s in self.sources if s.role is Role.CURRENT} | {i.area for i in self.items if i.role is Role.CURRENT}
        return tuple(sorted(current, key=area_order))

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
    def not_counted(self) -> tuple[int, ...]:
        """The sources left out of the totals (candidates, then superseded checks), by index."""
        others = [n for n, s in enumerate(self.sources) if s.role is not Role.CURRENT]
        return tuple(sorted(others, key=lambda n: (self.sources[n].role is Role.SUPERSEDED, area_order(self.sources[n].area))))

    @cached_property
    def _figures(self) -> dict[tuple, Total]:
        """Every figure the tables show, from pandas group-bys over the items (see `group_sums`)."""
        sums = group_sums(item_frame(self.items), _DIMENSIONS, ("count", "cost", "without_cost"))
        return {key: Total(*values) for key, values in sums.items()}

    def total(self, area=ALL, policy=ALL, fiscal_year=ALL, *, source=ALL, role: Role = Role.CURRENT) -> Total:
        """Count and cost of the items of `role` (current: what the totals count) in the given area,
        response, fiscal year and check (index of its source); ALL for any. policy=None stands for
        未回答, fiscal_year=None for 時期未定."""
        key = (
            role.value,
            area,
            source,
            ALL if policy is ALL else _UNANSWERED if policy is None else policy.value,
            ALL if fiscal_year is ALL else _UNDATED if fiscal_year is None else fiscal_year,
        )
        return self._figures.get(key, Total())

    @property
    def unanswered(self) -> tuple[BudgetItem, ...]:
        """Items of the current checks without an answer."""
        return tuple(i for i in self.items if i.policy is None and i.role is Role.CURRENT)



def budget_items(document: ResultDocument, source: int = 0, role: Role = Role.CURRENT) -> list[BudgetItem]:
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
                source=source,
                role=role,
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


def source(document: ResultDocument, folder: str, role: Role = Role.CURRENT) -> Source:
    return Source(
        path=folder,
        area=document.spec.area,
        version=document.spec.version,
        system=document.system_name,
        checked_at=document.generated_at,
        answered=document.answers_path is not None,
        role=role,
    )


def make(documents: list[tuple[ResultDocument, str]]) -> Budget:
    """The budget of checks (each with its folder), with their roles among them."""
    roles = assign_roles([document for document, _ in documents]).roles
    items = [
        item
        for n, ((document, _), role) in enumerate(zip(documents, roles))
        for item in budget_items(document, n, role)
    ]
    return Budget(tuple(items), tuple(source(d, folder, role) for (d, folder), role in zip(documents, roles)))
