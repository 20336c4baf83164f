"""report.html: one self-contained page per check (template: templates/report.html.j2).

CSS, JS and the chart (SVG) are inline; see render.page_assets for the Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from gapcheck.model import Category, Verdict
from gapcheck.outputs.i18n import label, phrase
from gapcheck.outputs.render import page_assets
from gapcheck.outputs.render import render as render_template
from gapcheck.outputs.report import SEVERITY, Report, RequirementRow
from gapcheck.rules.diff import Change

FILE_NAME = "report.html"

# Geometry of the verdict chart (SVG user units).
_LABEL_WIDTH = 130
_BAR_WIDTH = 520
_BAR_HEIGHT = 26
_BAR_GAP = 14
_MIN_LABELLED = 28  # narrower segments carry their count in the tooltip only


@dataclass(frozen=True)
class Segment:
    verdict: Verdict
    count: int
    x: float
    width: float

    @property
    def labelled(self) -> bool:
        return self.width >= _MIN_LABELLED


@dataclass(frozen=True)
class Bar:
    category: Category
    total: int
    y: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int
    bar_width: int
    bar_height: int
    verdicts: tuple[Verdict, ...]  # the legend: verdicts that occur, most pressing first


def chart(verdict_counts) -> Chart:
    """One stacked bar per implementation class, a segment per verdict in severity order."""
    bars = []
    for i, (category, counts, total) in enumerate(verdict_counts):
        x, segments = float(_LABEL_WIDTH), []
        for verdict, count in counts:
            if count:
                width = _BAR_WIDTH * count / total
                segments.append(Segment(verdict, count, round(x, 2), round(width, 2)))
                x += width
        bars.append(Bar(category, total, i * (_BAR_HEIGHT + _BAR_GAP), tuple(segments)))
    present = {s.verdict for bar in bars for s in bar.segments}
    return Chart(
        bars=tuple(bars),
        width=_LABEL_WIDTH + _BAR_WIDTH + 60,
        height=len(bars) * (_BAR_HEIGHT + _BAR_GAP) - _BAR_GAP,
        label_width=_LABEL_WIDTH,
        bar_width=_BAR_WIDTH,
        bar_height=_BAR_HEIGHT,
        verdicts=tuple(v for v in SEVERITY if v in present),
    )


def table_filters(lang: str):
    """The selects a requirement table offers: by verdict and by class, where its rows differ."""

    def filters(rows: tuple[RequirementRow, ...]) -> list[tuple[str, str, list[tuple[str, str]]]]:
        verdicts = {r.verdict for r in rows}
        categories = {r.category for r in rows}
        found = []
        if len(verdicts) > 1:
            found.append(("verdict", phrase("report.verdict", lang), [(v.value, label(v, lang)) for v in SEVERITY if v in verdicts]))
        if len(categories) > 1:
            found.append(("category", phrase("category", lang), [(c.value, label(c, lang)) for c in Category if c in categories]))
        return found

    return filters


def change_filters(lang: str):
    """The select a comparison table offers: by what the edition did to each requirement."""

    def filters(rows) -> list[tuple[str, str, list[tuple[str, str]]]]:
        present = {r.change for r in rows}
        if len(present) < 2:
            return []
        return [("change", phrase("baseline.change", lang), [(c.value, label(c, lang)) for c in Change if c in present])]

    return filters


def render(report: Report) -> bytes:
    view = report.view
    html = render_template(
        "report.html.j2",
        report.lang,
        view=view,
        chart=chart(view.verdict_counts),
        filters=table_filters(report.lang),
        change_filters=change_filters(report.lang),
        **page_assets(),
        severity=SEVERITY,
        Verdict=Verdict,
    )
    return html.encode("utf-8")
