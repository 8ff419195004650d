"""Trends drawn at build time as SVG: a topic's timeline, its articles per year, the radar.

No JavaScript: the geometry is computed here and the SVG written by autoescaping
templates, so front matter (titles, area labels) is always text. Colours are CSS
variables and ``currentColor`` (``static/trendkb.css``), so the drawings follow the
light and dark themes. Every drawing has a ``<title>`` and ``<desc>`` and a text
alternative beside it (a data table, or the radar's legend with the same links).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from ..config import kb_config
from ..model import trends
from ..model.catalog import Catalog, Topic
from ..model.domain import KnowledgeBase
from .render import render

logger = logging.getLogger(__name__)

# -- timeline -------------------------------------------------------------------------

TIMELINE_WIDTH, TIMELINE_HEIGHT, TIMELINE_MARGIN = 560, 76, 48


def _position(date: str) -> float:
    """A date text (YYYY, YYYY-MM, YYYY-MM-DD) as a fractional year."""
    parts = [int(p) for p in date.split("-")]
    month = parts[1] if len(parts) > 1 else 1
    return parts[0] + (month - 1) / 12


def timeline_html(topic: Topic) -> str:
    history = topic.status_history
    if not history:
        return ""
    first = _position(history[0][0])
    last = max(_position(history[-1][0]) + 1, first + 3)
    span = TIMELINE_WIDTH - 2 * TIMELINE_MARGIN

    def x(date: str) -> float:
        return round(TIMELINE_MARGIN + (_position(date) - first) / (last - first) * span, 1)

    points, previous = [], None
    for index, (date, status) in enumerate(history):
        px = x(date)
        end = x(history[index + 1][0]) if index + 1 < len(history) else TIMELINE_WIDTH - TIMELINE_MARGIN / 2
        # Labels of close entries alternate above and below the line, so they never overlap.
        row = 1 - previous if previous is not None and px - points[-1]["x"] < 90 else 0
        points.append({"x": px, "end": end, "date": date, "status": status, "row": row})
        previous = row
    return render(
        "trend_timeline.html",
        id=f"kb-timeline-{topic.slug}",
        title=f"Timeline of {topic.title or topic.slug}",
        description=trends.describe_history(history),
        width=TIMELINE_WIDTH,
        height=TIMELINE_HEIGHT,
        points=points,
        reviewed=topic.last_reviewed.isoformat() if topic.last_reviewed else None,
    )


# -- articles per year ----------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 560, 180
CHART_TOP, CHART_BOTTOM, CHART_LEFT = 24, 28, 16


def chart_html(catalog: Catalog, slug: str) -> str:
    topic = catalog.topics[slug]
    docnames = [docname for docname, _, _ in catalog.topic_articles.get(slug, ())]
    counts = trends.articles_per_year(docnames, catalog.articles)
    if not counts:
        return ""
    peak = max(counts.values())
    slot = (CHART_WIDTH - 2 * CHART_LEFT) / len(counts)
    bar = min(56.0, slot * 0.7)
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
            }
        )
    words = "; ".join(f"{year}: {count} article{'s' if count != 1 else ''}" for year, count in counts.items())
    return render(
        "trend_chart.html",
        id=f"kb-chart-{slug}",
        title=f"Articles on {topic.title} per year",
        description=words + ".",
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        baseline=CHART_HEIGHT - CHART_BOTTOM,
        bars=bars,
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


def setup_trends(app: Sphinx) -> None:
    app.connect("source-read", check_lifecycle, priority=600)
