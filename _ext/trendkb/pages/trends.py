"""Trends drawn at build time as SVG: a topic's timeline, its articles per year, the radar.

No JavaScript: the geometry is computed here and the SVG written by autoescaping
templates, so front matter (titles, area labels) is always text. Colours are CSS
variables and ``currentColor`` (``static/trendkb.css``), so the drawings follow the
light and dark themes. Every drawing has a ``<title>`` and ``<desc>`` and a text
alternative beside it (a data table, or the radar's legend with the same links).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import nodes as kbnodes
from ..config import kb_config
from ..model import trends
from ..model.catalog import Catalog, Topic
from ..model.domain import KnowledgeBase
from .listings import ListingSpec
from .render import PageRenderer, render

logger = logging.getLogger(__name__)

#: Recorded as a topics listing: its page is rewritten when any topic changes (updates.py).
RADAR_SPEC = ListingSpec(kind="topics", layout="radar")


class trend_radar(kbnodes.kb_placeholder):
    """The trend radar: rings for statuses, sectors for areas, a linked blip per topic."""


# -- timeline -------------------------------------------------------------------------

TIMELINE_WIDTH, TIMELINE_HEIGHT, TIMELINE_MARGIN = 560, 76, 48


def _position(date: str) -> float:
    """A date text (YYYY, YYYY-MM, YYYY-MM-DD) as a fractional year."""
    parts = [int(p) for p in date.split("-")]
    month = parts[1] if len(parts) > 1 else 1
    return parts[0] + (month - 1) / 12


def describe_history(history: tuple[tuple[str, str], ...]) -> str:
    """The timeline in words: "emerging in 2018, growing from 2020, mainstream from 2023"."""
    words = [
        f"{status} {'in' if index == 0 else 'from'} {date}" for index, (date, status) in enumerate(history)
    ]
    return ", ".join(words).capitalize() + "." if words else ""


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
        description=describe_history(history),
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


# -- radar ----------------------------------------------------------------------------

RADAR_WIDTH, RADAR_HEIGHT = 800, 640
CENTRE_X, CENTRE_Y, RADIUS = 400, 320, 250
#: Innermost first: the more established a trend, the nearer the centre.
RINGS = ("mainstream", "growing", "emerging", "fading")
#: Outer edge of each ring, as a share of the radius: the inner rings get more room,
#: since the arcs there are short.
RING_EDGES = (0.4, 0.65, 0.85, 1.0)
BLIP = 11
GAP = 2 * BLIP + 5  # centre to centre, so blips never touch
OTHER = "Other"


@dataclass(frozen=True)
class Blip:
    number: int
    topic: Topic
    area: str
    url: str | None
    x: float
    y: float


def _point(angle: float, radius: float) -> tuple[float, float]:
    rad = math.radians(angle)
    return round(CENTRE_X + radius * math.cos(rad), 1), round(CENTRE_Y + radius * math.sin(rad), 1)


def _wrap(label: str, width: int = 18) -> list[str]:
    """An area label on one or two lines, broken at the space nearest its middle."""
    if len(label) <= width or " " not in label:
        return [label]
    spaces = [i for i, c in enumerate(label) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return [label[:cut], label[cut + 1 :]]


def _sector_of(topic: Topic, areas) -> str:
    return topic.area if topic.area in areas else OTHER


def _cell_places(
    count: int, start: float, step: float, inner: float, outer: float
) -> list[tuple[float, float]]:
    """(angle, radius) of ``count`` blips in one cell: rows from the outer edge inwards.

    Each row holds as many blips as its arc has room for, spread evenly across it.
    """
    places: list[tuple[float, float]] = []
    radius = outer - GAP * 0.75
    while len(places) < count:
        usable = math.radians(step) * radius - GAP  # keep clear of the sector edges
        room = max(1, int(usable // GAP) + 1) if radius > GAP else 1
        row = min(room, count - len(places))
        places += [(start + (k + 1) * step / (row + 1), radius) for k in range(row)]
        # Further rows inwards; the centre takes whatever is left.
        radius = max(radius - GAP, inner + GAP * 0.5, GAP * 0.5)
    return places


def radar_layout(renderer: PageRenderer) -> dict:
    """Sectors, rings and blips; topics without a status cannot be placed and are listed apart."""
    areas = dict(renderer.config.areas)
    topics = list(renderer.catalog.topics.values())
    placed = [t for t in topics if t.status in RINGS]
    if any(t.area not in areas for t in placed):
        areas[OTHER] = OTHER  # topics without a (known) area share one sector
    keys = list(areas)
    step = 360 / len(keys)
    sectors, rings = [], []
    for index, key in enumerate(keys):
        start = -90 + index * step
        middle = start + step / 2
        lx, ly = _point(middle, RADIUS + 22)
        cos = math.cos(math.radians(middle))
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        lines = _wrap(areas[key])
        ly -= 8 * (len(lines) - 1) if math.sin(math.radians(middle)) < 0 else 0
        sectors.append(
            {"key": key, "label": areas[key], "lines": lines, "edge": _point(start, RADIUS), "x": lx, "y": ly}
        )
        sectors[-1]["anchor"] = anchor
    for index, status in enumerate(RINGS):
        outer = RING_EDGES[index] * RADIUS
        rings.append(
            {
                "status": status,
                "label": trends.STATUS_LABELS[status],
                "radius": round(outer, 1),
                "label_y": round(CENTRE_Y - outer + 14, 1),
            }
        )
    blips, number = [], 0
    for index, key in enumerate(keys):
        start = -90 + index * step
        for ring_index, status in enumerate(RINGS):
            cell = [t for t in placed if t.status == status and _sector_of(t, renderer.config.areas) == key]
            inner, outer = (
                (RING_EDGES[ring_index - 1] if ring_index else 0) * RADIUS,
                RING_EDGES[ring_index] * RADIUS,
            )
            for topic, (angle, radius) in zip(
                cell, _cell_places(len(cell), start, step, inner, outer), strict=True
            ):
                number += 1
                x, y = _point(angle, radius)
                blips.append(Blip(number, topic, key, renderer.link(topic.docname), x, y))
    return {
        "sectors": sectors,
        "rings": rings,
        "blips": blips,
        "unplaced": [t for t in topics if t.status not in RINGS],
        "areas": areas,
    }


def radar_html(renderer: PageRenderer, serial: int) -> str:
    layout = radar_layout(renderer)
    areas = layout["areas"]
    legend = [
        {
            "label": areas[key],
            "blips": [
                {
                    "number": b.number,
                    "title": b.topic.title,
                    "url": b.url,
                    "status": b.topic.status,
                }
                for b in layout["blips"]
                if b.area == key
            ],
        }
        for key in areas
    ]
    unplaced = [{"title": t.title, "url": renderer.link(t.docname)} for t in layout["unplaced"]]
    count = len(layout["blips"])
    return render(
        "trend_radar.html",
        id=f"kb-radar-{serial}",
        width=RADAR_WIDTH,
        height=RADAR_HEIGHT,
        cx=CENTRE_X,
        cy=CENTRE_Y,
        radius=RADIUS,
        blip_radius=BLIP,
        sectors=layout["sectors"],
        rings=layout["rings"],
        blips=[
            {
                "number": b.number,
                "title": b.topic.title,
                "status": b.topic.status,
                "area": areas[b.area],
                "url": b.url,
                "x": b.x,
                "y": b.y,
            }
            for b in layout["blips"]
        ],
        legend=[group for group in legend if group["blips"]],
        unplaced=unplaced,
        description=(
            f"{count} topic{'s' if count != 1 else ''} placed by status (rings, mainstream at the centre) "
            f"and area (sectors); the list below gives the same links."
        ),
    )


class TrendRadarDirective(SphinxDirective):
    """``kb-trend-radar``: the radar of every topic."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = trend_radar(spec=RADAR_SPEC)
        self.set_source_info(node)
        return [node]


def record_radar(app: Sphinx, doctree: nodes.document) -> None:
    # After listings.record_listings (priority 500), adding to its record.
    if any(doctree.findall(trend_radar)):
        kb = KnowledgeBase(app.env)
        kb.listings[app.env.docname] = (*kb.listings.get(app.env.docname, ()), RADAR_SPEC)


def resolve_radar(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(trend_radar))
    if not found:
        return
    renderer = PageRenderer(app.builder, docname, KnowledgeBase(app.env).catalog)
    for serial, node in enumerate(found, start=1):
        if app.builder.format == "html":
            node.replace_self(nodes.raw("", radar_html(renderer, serial), format="html"))
        else:
            node.parent.remove(node)


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
    app.add_node(trend_radar)
    app.add_directive("kb-trend-radar", TrendRadarDirective)
    app.connect("doctree-read", record_radar, priority=600)
    app.connect("doctree-resolved", resolve_radar)
    app.connect("source-read", check_lifecycle, priority=600)
