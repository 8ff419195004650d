"""Trends drawn at build time as SVG: a topic's timeline, its articles per year, the radar.

No JavaScript: the geometry is computed here and the SVG written by autoescaping
templates, so front matter (titles, area labels) is always text. Colours are CSS
variables and ``currentColor`` (``static/trendkb.css``), so the drawings follow the
light and dark themes. Every drawing has a ``<title>`` and ``<desc>`` and a text
alternative beside it (a data table, or the radar's legend with the same links).
"""

from __future__ import annotations

import math

from sphinx.application import Sphinx
from sphinx.util import logging

from ..config import kb_config
from ..model import trends
from ..model.catalog import Catalog, Topic
from ..model.domain import KnowledgeBase
from .render import render
from .textfit import text_width

logger = logging.getLogger(__name__)

# -- timeline -------------------------------------------------------------------------

TIMELINE_MARGIN = 48
#: The desktop timeline and the phone one, each drawn at its natural width (12 px text).
TIMELINE_WIDTHS = (("wide", 560), ("narrow", 328))
#: Rows of labels are this far apart (a 12 px text's box is about 14 px tall).
ROW = 15
LABEL_SIZE = 12


def _position(date: str) -> float:
    """A date text (YYYY, YYYY-MM, YYYY-MM-DD) as a fractional year."""
    parts = [int(p) for p in date.split("-")]
    month = parts[1] if len(parts) > 1 else 1
    return parts[0] + (month - 1) / 12


def timeline_points(history: tuple[tuple[str, str], ...], width: float) -> tuple[list[dict], int]:
    """Each entry's place on a line ``width`` px long, and how many rows of labels it needs.

    An entry's status (above the line) and date (below) take the first row, counted from
    the line, where they clear every label already there by 6 px: labels never overlap.
    """
    first = _position(history[0][0])
    last = max(_position(history[-1][0]) + 1, first + 3)
    span = width - 2 * TIMELINE_MARGIN

    def x(date: str) -> float:
        return round(TIMELINE_MARGIN + (_position(date) - first) / (last - first) * span, 1)

    points: list[dict] = []
    taken: list[list[tuple[float, float]]] = []  # per row: (centre, half width) of its labels
    for index, (date, status) in enumerate(history):
        px = x(date)
        end = x(history[index + 1][0]) if index + 1 < len(history) else width - TIMELINE_MARGIN / 2
        half = max(text_width(status, LABEL_SIZE), text_width(date, LABEL_SIZE)) / 2
        row = 0
        while row < len(taken) and any(abs(px - c) < h + half + 6 for c, h in taken[row]):
            row += 1
        if row == len(taken):
            taken.append([])
        taken[row].append((px, half))
        points.append({"x": px, "end": end, "date": date, "status": status, "row": row})
    return points, len(taken)


def _drawing(name: str, width: float, history) -> dict:
    points, rows = timeline_points(history, width)
    line = 28 + ROW * (rows - 1)  # below the rows of statuses
    for point in points:
        point["label_y"] = line - 16 - ROW * point["row"]
        point["date_y"] = line + 22 + ROW * point["row"]
    return {
        "name": name,
        "width": width,
        "points": points,
        "line": line,
        "height": line + 26 + ROW * (rows - 1),
    }


def timeline_html(topic: Topic, evidence: list[dict] | None = None) -> str:
    """The timeline of a topic's statuses, with the evidence of each change under it (``evidence.py``)."""
    history = topic.status_history
    if not history:
        return ""
    return render(
        "trend_timeline.html",
        id=f"kb-timeline-{topic.slug}",
        title=f"Timeline of {topic.title or topic.slug}",
        description=trends.describe_history(history),
        drawings=[_drawing(name, width, history) for name, width in TIMELINE_WIDTHS],
        reviewed=topic.last_reviewed.isoformat() if topic.last_reviewed else None,
        evidence=evidence or [],
    )


# -- articles per year ----------------------------------------------------------------

CHART_HEIGHT = 180
CHART_TOP, CHART_BOTTOM, CHART_LEFT = 24, 28, 16
#: The desktop chart and the phone one, each drawn at its natural width (12 px text).
CHART_WIDTHS = (("wide", 560), ("narrow", 328))
#: Room a year's label needs: closer bars label every second (third...) year only.
YEAR_ROOM = 36


def chart_bars(counts: dict[int, int], width: float) -> list[dict]:
    """A bar per year, the tallest filling the plot; years labelled where their labels fit."""
    peak = max(counts.values()) or 1
    slot = (width - 2 * CHART_LEFT) / len(counts)
    bar = min(56.0, slot * 0.7)
    every = max(1, math.ceil(YEAR_ROOM / slot))
    plot = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    bars = []
    for index, (year, count) in enumerate(counts.items()):
        height = round(plot * count / peak, 1)
        left = CHART_LEFT + index * slot + (slot - bar) / 2
        bars.append(
            {
                "year": year,
                "count": count,
                "x": round(left, 1),
                "width": round(bar, 1),
                "y": round(CHART_TOP + plot - height, 1),
                "height": height,
                "middle": round(left + bar / 2, 1),
                "labelled": (len(counts) - 1 - index) % every == 0,  # the latest year always
            }
        )
    return bars


def chart_html(catalog: Catalog, slug: str) -> str:
    """Articles per year, under its own heading; nothing when it would be one bar, which says nothing."""
    topic = catalog.topics[slug]
    docnames = [docname for docname, _, _ in catalog.topic_articles.get(slug, ())]
    counts = trends.articles_per_year(docnames, catalog.articles)
    if len(counts) < 2:
        return ""
    words = "; ".join(f"{year}: {count} article{'s' if count != 1 else ''}" for year, count in counts.items())
    return render(
        "trend_chart.html",
        id=f"kb-chart-{slug}",
        title=f"Articles on {topic.title} per year",
        description=words + ".",
        height=CHART_HEIGHT,
        baseline=CHART_HEIGHT - CHART_BOTTOM,
        drawings=[{"name": name, "width": w, "bars": chart_bars(counts, w)} for name, w in CHART_WIDTHS],
        bars=chart_bars(counts, CHART_WIDTHS[0][1]),
    )


def check_lifecycle(app: Sphinx, docname: str, source: list[str]) -> None:
    """Order of status_history, status against it, a known area: warned while the topic is read.

    After the reader (priority 500) stored the record. Warnings logged while reading are
    given again by incremental builds (``model/replay.py``); a change of ``kb_topic_areas``
    re-reads every topic.
    """
    topic = KnowledgeBase(app.env).topics.get(docname)
    if topic is None:
        return
    for problem in trends.problems(topic, kb_config(app.config).areas):
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype=problem.subtype)


#: The timeline's and the chart's stylesheet (``static/``), linked from the pages drawing them.
TRENDS_CSS = "kb-timeline.css"


def link_trends_css(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body", "")
    if doctree is not None and ('class="kb-timeline' in body or 'class="kb-trend-chart' in body):
        app.add_css_file(TRENDS_CSS)


def setup_trends(app: Sphinx) -> None:
    app.connect("source-read", check_lifecycle, priority=600)
    app.connect("html-page-context", link_trends_css)
