"""``kb-trend-radar``: where every topic stands, and how it moved, drawn at build time.

Two drawings (``radarlayout.py``): a circle for desktops and columns for phones (CSS
shows one), each at its natural size, so its text keeps 12 px or more and its blips 24
px across. Each blip is a link to the topic's timeline (its history, one click away),
marked "new", "moved in" or "moved out" since ``:since:`` (by default twelve months
before the newest date of any topic), as technology radars mark them. A blip's
accessible name starts with the number it shows. The list after the drawings holds the
same links, grouped by area: the text alternative, and the easier target on a phone.
Titles and area labels are front matter: the autoescaping template writes them as text.
"""

from __future__ import annotations

import math
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import nodes as kbnodes
from ..model import trends
from ..model.catalog import Topic
from ..model.domain import KnowledgeBase
from . import radarlayout
from .listings import ListingSpec
from .render import PageRenderer, at_anchor, render

logger = logging.getLogger(__name__)

#: Recorded as a topics listing: its page is rewritten when any topic changes (updates.py).
RADAR_SPEC = ListingSpec(kind="topics", layout="radar")
#: The radar's stylesheet (``static/``), linked only from pages that draw a radar.
RADAR_CSS = "kb-radar.css"
OTHER = "Other"
_DATE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")


class trend_radar(kbnodes.kb_placeholder):
    """The trend radar: rings for statuses, sectors for areas, a linked blip per topic."""


def _since(argument: str | None) -> str:
    value = (argument or "").strip()
    if not _DATE.fullmatch(value):
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, such as 2025-01, got {value!r}")
    return value


class TrendRadarDirective(SphinxDirective):
    """``kb-trend-radar``: the radar of every topic; ``:since:`` the date movements count from."""

    has_content = False
    option_spec = {"since": _since}

    def run(self) -> list[nodes.Node]:
        node = trend_radar(spec=RADAR_SPEC, since=self.options.get("since"))
        self.set_source_info(node)
        return [node]


def _mark(kind: str | None, x: float, y: float, outward: float) -> str:
    """The arc marking a blip that moved, on the side it came from ("" otherwise; the template
    draws a new blip's mark, a ring, itself). ``outward`` points away from the centre."""
    radius = radarlayout.BLIP + radarlayout.MARK - 1
    if kind not in ("in", "out"):
        return ""
    middle = outward if kind == "in" else outward + 180  # moved in: it came from outside

    def at(angle: float) -> str:
        rad = math.radians(angle)
        return f"{x + radius * math.cos(rad):.1f} {y + radius * math.sin(rad):.1f}"

    return f"M{at(middle - 65)}A{radius} {radius} 0 0 1 {at(middle + 65)}"


def _blip_name(number: int, topic: Topic, area: str, moved: str) -> str:
    """What a blip is called: the number it shows first, then the topic, status, area, movement."""
    name = f"{number}: {topic.title}, {topic.status}, {area}"
    return f"{name}, {moved}" if moved else name


def radar_context(renderer: PageRenderer, since: str | None) -> dict:
    """Every topic with a status, numbered by area then ring, placed in both drawings."""
    areas = dict(renderer.config.areas)
    topics = list(renderer.catalog.topics.values())
    placed = [t for t in topics if t.status in trends.RINGS]
    if any(t.area not in renderer.config.areas for t in placed):
        areas[OTHER] = OTHER  # topics without a (known) area share one sector
    keys = list(areas)
    since = since or trends.default_since(topics) or "1970"
    timelines = renderer.builder.name != "singlehtml"
    cells: dict[tuple[int, int], list[str]] = {}
    blips, number = [], 0
    for sector, key in enumerate(keys):
        for ring, status in enumerate(trends.RINGS):
            for topic in placed:
                area = topic.area if topic.area in renderer.config.areas else OTHER
                if area == key and topic.status == status:
                    number += 1
                    cells.setdefault((sector, ring), []).append(topic.slug)
                    url = renderer.link(topic.docname)
                    # The timeline is in the topic's header, which singlehtml does not draw.
                    if url is not None and topic.status_history and timelines:
                        url = at_anchor(url, f"kb-timeline-{topic.slug}")
                    moved = trends.moved_words(topic, since)
                    history = trends.describe_history(topic.status_history)
                    name = _blip_name(number, topic, areas[key], moved)
                    blips.append(
                        {
                            "number": number,
                            "slug": topic.slug,
                            "title": topic.title,
                            "status": topic.status,
                            "area": key,
                            "url": url,
                            "movement": trends.movement(topic, since),
                            "moved": moved,
                            "name": name,
                            "tip": f"{name}. {history}" if history else name,
                        }
                    )
    labels = [trends.STATUS_LABELS[status] for status in trends.RINGS]
    wide = radarlayout.circle(cells, [areas[k] for k in keys], labels)
    narrow = radarlayout.columns(cells, [areas[k] for k in keys], labels)
    for blip in blips:
        x, y = wide.places[blip["slug"]]
        outward = math.degrees(math.atan2(y, x))
        blip["wide"] = {"x": x, "y": y, "mark": _mark(blip["movement"], x, y, outward)}
        x, y = narrow.places[blip["slug"]]
        blip["narrow"] = {"x": x, "y": y, "mark": _mark(blip["movement"], x, y, 0)}
    return {
        "areas": areas,
        "keys": keys,
        "since": since,
        "since_text": trends.readable(since),
        "blips": blips,
        "wide": wide,
        "narrow": narrow,
        "unplaced": [
            {"title": t.title, "url": renderer.link(t.docname)}
            for t in topics
            if t.status not in trends.RINGS
        ],
    }


def _ring_arcs(wide: radarlayout.Circle) -> list[dict]:
    arcs = []
    for index, ((_, outer), lane) in enumerate(zip(wide.rings, wide.lanes, strict=True)):
        arcs.append(
            {
                "status": trends.RINGS[index],
                "label": trends.STATUS_LABELS[trends.RINGS[index]],
                "outer": round(outer, 1),
                "path": f"M{-lane:.1f} 0A{lane:.1f} {lane:.1f} 0 0 1 {lane:.1f} 0",
            }
        )
    return arcs


def _edges(wide: radarlayout.Circle) -> list[tuple[float, float]]:
    found = []
    for angle in wide.edges:
        rad = math.radians(angle)
        found.append((round(wide.radius * math.cos(rad), 1), round(wide.radius * math.sin(rad), 1)))
    return found


def radar_html(renderer: PageRenderer, serial: int, since: str | None = None, level: int = 3) -> str:
    """The radar; ``level`` is the heading level of its list's area names (one below its section's)."""
    context = radar_context(renderer, since)
    areas, keys = context["areas"], context["keys"]
    legend = [
        {"label": areas[key], "blips": [b for b in context["blips"] if b["area"] == key]} for key in keys
    ]
    count = len(context["blips"])
    moved = sum(1 for b in context["blips"] if b["movement"])
    return render(
        "trend_radar.html",
        id=f"kb-radar-{serial}",
        wide=context["wide"],
        narrow=context["narrow"],
        arcs=_ring_arcs(context["wide"]),
        edges=_edges(context["wide"]),
        blips=context["blips"],
        blip_radius=radarlayout.BLIP,
        mark_radius=radarlayout.BLIP + radarlayout.MARK - 1,
        rings=[trends.STATUS_LABELS[s] for s in trends.RINGS],
        statuses=trends.RINGS,
        legend=[group for group in legend if group["blips"]],
        unplaced=context["unplaced"],
        level=min(6, max(2, level)),
        since=context["since"],
        since_text=context["since_text"],
        description=(
            f"{count} topic{'s' if count != 1 else ''} placed by status (rings, mainstream at the centre) "
            f"and area (sectors); {moved} moved or new since {context['since_text']}. "
            "The list after the drawing gives the same links."
        ),
    )


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
            depth = sum(1 for parent in _ancestors(node) if isinstance(parent, nodes.section))
            html = radar_html(renderer, serial, node.get("since"), level=depth + 1)
            node.replace_self(nodes.raw("", html, format="html"))
        else:
            node.parent.remove(node)


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def link_radar_css(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and 'class="kb-radar' in context.get("body", ""):
        app.add_css_file(RADAR_CSS)


def setup_radar(app: Sphinx) -> None:
    app.add_node(trend_radar)
    app.add_directive("kb-trend-radar", TrendRadarDirective)
    app.connect("doctree-read", record_radar, priority=600)
    app.connect("doctree-resolved", resolve_radar)
    app.connect("html-page-context", link_radar_css)
