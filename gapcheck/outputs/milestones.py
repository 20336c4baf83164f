"""milestones.html and milestones.md: the gap items of every check on a time line against its
system's 移行予定日 and 移行期限 (figures: gapcheck.rules.milestones; the workbook:
gapcheck.outputs.milestones_xlsx).

The page draws one time line per business area (inline SVG: fiscal years in 和暦 and 西暦, today,
each system's planned date and deadline, the items per fiscal year promised with the late ones in
red, the unanswered ones apart), then tables with filters. It prints on A4 landscape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from gapcheck.model import CheckedRequirement, Role
from gapcheck.outputs.budget import fiscal_year_label, policy_label
from gapcheck.outputs.i18n import due_text, fiscal_year_text, label, phrase
from gapcheck.outputs.render import page_assets, render
from gapcheck.rules.budget import ALL, BudgetItem, Source, Total
from gapcheck.rules.dates import fiscal_year_of
from gapcheck.rules.milestones import Counts, Milestones, Plan
from gapcheck.version import __version__

HTML_NAME = "milestones.html"
MARKDOWN_NAME = "milestones.md"

# Geometry of a time line (SVG user units; the SVG scales to the page's width).
WIDTH = 1080
LABEL_WIDTH = 190  # system names on the left
SIDE_WIDTH = 150  # 未回答 and 時期未定 on the right, outside the years
AXIS_HEIGHT = 46
LANE_HEIGHT = 72
BOX_TOP = 26  # below the lane's top
STATUSES = ("ok", "late", "after_deadline")  # an item's place against the planned date and the deadline


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    kind: str  # ok | late | unanswered | undated
    text: str
    title: str


@dataclass(frozen=True)
class Marker:
    x: float
    title: str
    text: str = ""


@dataclass(frozen=True)
class Lane:
    title: str
    role: Role
    y: float
    deadline: Marker
    planned: Marker | None
    boxes: tuple[Box, ...]
    effective: tuple[Marker, ...]  # 適合基準日 after the planned date


@dataclass(frozen=True)
class Year:
    x: float
    width: float
    title: str  # 令和8年度 / FY2026
    western: str  # (2026)


@dataclass(frozen=True)
class Timeline:
    area: str
    height: float
    years: tuple[Year, ...]
    today: Marker | None  # None when today is outside the years shown
    lanes: tuple[Lane, ...]
    plot_right: float


class _Scale:
    """Dates → x over the fiscal years first..last, each the same width."""

    def __init__(self, first: int, last: int):
        self.first, self.years = first, last - first + 1
        self.width = (WIDTH - LABEL_WIDTH - SIDE_WIDTH) / self.years

    def band(self, year: int) -> float:
        return LABEL_WIDTH + (year - self.first) * self.width

    def x(self, day: date) -> float:
        year = fiscal_year_of(day)
        start = date(year, 4, 1)
        fraction = (day - start).days / (date(year + 1, 4, 1) - start).days
        return round(self.band(year) + fraction * self.width, 1)

    def contains(self, day: date) -> bool:
        return 0 <= fiscal_year_of(day) - self.first < self.years


def _count_text(n: int, lang: str) -> str:
    return f"{n}件" if lang == "ja" else str(n)


def _lane(milestones: Milestones, plan: Plan, y: float, scale: _Scale, lang: str) -> Lane:
    source = milestones.budget.sources[plan.source]
    frame = milestones.frame[milestones.frame["source"] == plan.source]
    boxes = []
    dated = frame[frame["fiscal_year"] >= 0]
    status = dated["after_deadline"].map({1: "after_deadline"}).fillna(dated["late"].map({1: "late", 0: "ok"}))
    per_year = dated.groupby(["fiscal_year", status.rename("status")]).size()
    for year, group in per_year.groupby(level=0):
        shown = [(kind, int(group.get((year, kind), 0))) for kind in STATUSES if group.get((year, kind), 0)]
        width = scale.width * 0.9 / len(shown)
        for index, (kind, n) in enumerate(shown):
            title = f"{fiscal_year_text(int(year), lang)}: {_count_text(n, lang)} ({phrase('milestones.' + kind, lang)})"
            x = scale.band(int(year)) + scale.width * 0.05 + index * width
            boxes.append(Box(round(x + 1, 1), y + BOX_TOP, round(width - 2, 1), kind, _count_text(n, lang), title))
    counts = milestones.counts(source=plan.source, role=source.role)
    side = scale.band(scale.first + scale.years) + 8
    for offset, (kind, n) in enumerate((("unanswered", counts.unanswered), ("undated", counts.undated))):
        if n:
            title = f"{phrase('milestones.' + kind, lang)}: {_count_text(n, lang)}"
            text = f"{phrase('milestones.' + kind + '.short', lang)} {n}"
            boxes.append(Box(side + offset * 72, y + BOX_TOP, 66, kind, text, title))
    deadline = Marker(
        scale.x(plan.deadline), f"{phrase('milestones.deadline', lang)} {plan.deadline.isoformat()}", phrase("milestones.deadline", lang)
    )
    planned = (
        Marker(scale.x(plan.planned), f"{phrase('milestones.planned', lang)} {plan.planned.isoformat()}", phrase("milestones.planned", lang))
        if plan.planned
        else None
    )
    by_day: dict[date, list[CheckedRequirement]] = {}
    for requirement in plan.after_go_live:
        by_day.setdefault(requirement.effective_from, []).append(requirement)
    effective = tuple(
        Marker(
            scale.x(day),
            f"{phrase('effective_from', lang)} {day.isoformat()}: " + ", ".join(f"{r.id} {r.name}" for r in found),
            str(len(found)),
        )
        for day, found in sorted(by_day.items())
    )
    title = f"{source.system} {source.version}"
    return Lane(title, source.role, y, deadline, planned, tuple(boxes), effective)


def timeline(milestones: Milestones, area: str, lang: str = "ja") -> Timeline:
    scale = _Scale(*milestones.span)
    years = tuple(
        Year(
            round(scale.band(year), 1),
            round(scale.width, 1),
            fiscal_year_text(year, lang) if lang == "ja" else f"FY{year}",
            f"({year})" if lang == "ja" else fiscal_year_text(year, "ja"),
        )
        for year in range(scale.first, scale.first + scale.years)
    )
    lanes = tuple(
        _lane(milestones, plan, AXIS_HEIGHT + n * LANE_HEIGHT, scale, lang) for n, plan in enumerate(milestones.plans_of(area))
    )
    today = milestones.today
    marker = Marker(scale.x(today), f"{phrase('milestones.today', lang)} {today.isoformat()}", phrase("milestones.today", lang))
    return Timeline(
        area,
        AXIS_HEIGHT + LANE_HEIGHT * len(lanes) + 8,
        years,
        marker if scale.contains(today) else None,
        lanes,
        round(scale.band(scale.first + scale.years), 1),
    )


# --- tables -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemRow:
    source: Source
    number: int  # 1-based, as on the workbook's sheets
    plan: Plan
    counts: Counts
    years: tuple[Total, ...]  # per fiscal year of Milestones.fiscal_years


@dataclass(frozen=True)
class ScheduleRow:
    title: str
    role: Role
    years: tuple[Total, ...]
    total: Total
    counts: Counts


@dataclass(frozen=True)
class ItemRow:
    item: BudgetItem
    source: Source
    plan: Plan
    late: bool
    after_deadline: bool


@dataclass(frozen=True)
class RequirementRow:
    requirement: CheckedRequirement
    source: Source
    plan: Plan


def system_rows(milestones: Milestones) -> tuple[SystemRow, ...]:
    """Every check: current ones in area order, then candidates and superseded editions."""
    budget = milestones.budget
    order = [n for n, s in enumerate(budget.sources) if s.role is Role.CURRENT]
    order.sort(key=lambda n: (budget.areas.index(budget.sources[n].area), budget.sources[n].system))
    rows = []
    for n in (*order, *budget.not_counted):
        source = budget.sources[n]
        years = tuple(budget.total(fiscal_year=y, source=n, role=source.role) for y in milestones.fiscal_years)
        rows.append(SystemRow(source, n + 1, milestones.plans[n], milestones.counts(source=n, role=source.role), years))
    return tuple(rows)


def schedule_rows(milestones: Milestones, lang: str) -> tuple[tuple[ScheduleRow, ...], ScheduleRow, tuple[ScheduleRow, ...]]:
    """Area × fiscal year (current checks), the total over them, and one row per check not counted."""
    budget = milestones.budget

    def row(title: str, role: Role, area=ALL, source=ALL) -> ScheduleRow:
        years = tuple(budget.total(area, fiscal_year=y, source=source, role=role) for y in milestones.fiscal_years)
        return ScheduleRow(
            title, role, years, budget.total(area, source=source, role=role), milestones.counts(area, source=source, role=role)
        )

    areas = tuple(row(area, Role.CURRENT, area=area) for area in milestones.areas)
    total = row(phrase("budget.total", lang), Role.CURRENT)
    others = tuple(
        row(f"{label(budget.sources[n].role, lang)}: {budget.sources[n].area} {budget.sources[n].system} {budget.sources[n].version}",
            budget.sources[n].role, source=n)
        for n in budget.not_counted
    )
    return areas, total, others


def item_rows(milestones: Milestones) -> tuple[ItemRow, ...]:
    """Items of the checks on the time lines (current and candidates), by area and system."""
    budget = milestones.budget
    shown = [i for i in budget.items if budget.sources[i.source].role is not Role.SUPERSEDED]
    shown.sort(key=lambda i: (budget.sources[i.source].role is Role.CANDIDATE, i.source))
    return tuple(
        ItemRow(i, budget.sources[i.source], milestones.plans[i.source], milestones.late(i), milestones.after_deadline(i))
        for i in shown
    )


def requirement_rows(milestones: Milestones) -> tuple[RequirementRow, ...]:
    budget = milestones.budget
    return tuple(
        RequirementRow(r, budget.sources[plan.source], plan)
        for plan in milestones.plans
        if budget.sources[plan.source].role is not Role.SUPERSEDED
        for r in plan.after_go_live
    )


def _context(milestones: Milestones, lang: str, generated_at: datetime | None) -> dict:
    areas, total, others = schedule_rows(milestones, lang)
    items = item_rows(milestones)
    return {
        "milestones": milestones,
        "timelines": [timeline(milestones, area, lang) for area in milestones.areas],
        "years": [fiscal_year_label(y, lang) for y in milestones.fiscal_years],
        "systems": system_rows(milestones),
        "schedule": areas,
        "schedule_total": total,
        "schedule_others": others,
        "late": [r for r in items if r.late or r.after_deadline],
        "unanswered": [r for r in items if r.item.policy is None],
        "after_go_live": requirement_rows(milestones),
        "no_planned": [s for s in system_rows(milestones) if s.plan.planned is None],
        "policy_label": lambda policy: policy_label(policy, lang),
        "due_text": lambda due: due_text(due, lang) if due else "",
        "today": milestones.today.isoformat(),
        "generated_at": (generated_at or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "generator": f"gapcheck {__version__}",
        "ALL_ROLES": tuple(Role),
        "area_options": [(area, area) for area in milestones.areas],
        "role_options": [(role.value, label(role, lang)) for role in Role],
    }


def render_html(milestones: Milestones, lang: str = "ja", generated_at: datetime | None = None) -> bytes:
    context = _context(milestones, lang, generated_at) | page_assets("milestones.css")
    return render("milestones.html.j2", lang, **context).encode("utf-8")


def render_markdown(milestones: Milestones, lang: str = "ja", generated_at: datetime | None = None) -> bytes:
    return render("milestones.md.j2", lang, **_context(milestones, lang, generated_at)).encode("utf-8")
