"""A graph layout (``graphlayout.py``) as inline SVG: a link per node, groups named, text escaped.

Every text of the drawing (titles, group names, summaries, URLs) is front matter, so
it is escaped here, in attributes and in text alike. Edges and nodes carry the keys
of their ends (``data-kb-ends``, ``data-kb-node``) for ``kb-map.js``, which lights a
topic's relations while it is hovered or has the keyboard focus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from .graphlayout import FONT_SIZE, LINE_HEIGHT, Layout
from .textfit import spaced

#: Room around the drawing for the focus ring of a box on its edge.
MARGIN = 4
#: Corner radius of an edge's bends (at most half of each stretch it joins).
RADIUS = 4.0


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def path_data(points: Sequence[tuple[float, float]]) -> str:
    """A polyline with rounded bends: each corner a quadratic curve inside the corner's square."""
    if len(points) < 2:
        return ""
    parts = [f"M{_number(points[0][0])} {_number(points[0][1])}"]
    for index in range(1, len(points) - 1):
        (x0, y0), (x1, y1), (x2, y2) = points[index - 1], points[index], points[index + 1]
        before = abs(x1 - x0) + abs(y1 - y0)
        after = abs(x2 - x1) + abs(y2 - y1)
        radius = min(RADIUS, before / 2, after / 2)
        if radius <= 0:
            parts.append(f"L{_number(x1)} {_number(y1)}")
            continue
        ax, ay = x1 - (x1 - x0) / before * radius, y1 - (y1 - y0) / before * radius
        bx, by = x1 + (x2 - x1) / after * radius, y1 + (y2 - y1) / after * radius
        parts.append(f"L{_number(ax)} {_number(ay)}Q{_number(x1)} {_number(y1)} {_number(bx)} {_number(by)}")
    parts.append(f"L{_number(points[-1][0])} {_number(points[-1][1])}")
    return "".join(parts)


def render_svg(
    layout: Layout,
    titles: Mapping[str, str],
    urls: Mapping[str, str | None],
    label: str,
    classes: str = "",
    descriptions: Mapping[str, str] | None = None,
) -> str:
    """The layout as inline SVG: a link per node, text escaped.

    A node's ``<title>`` (its title and summary) is its tooltip and its accessible name;
    no ``aria-label``, which would have to repeat the visible text exactly. A group's
    name is text in the drawing, so screen readers read it before the group's topics.
    """
    width, height = layout.width + 2 * MARGIN, layout.height + 2 * MARGIN
    view = f"{_number(-MARGIN)} {_number(-MARGIN)} {_number(width)} {_number(height)}"
    parts = [
        f'<svg class="kb-map__svg {escape(classes)}" viewBox="{view}" width="{_number(width)}" '
        f'height="{_number(height)}" font-size="{FONT_SIZE}" role="group" aria-label="{escape(label)}">'
    ]
    parts.append('<g class="kb-map__clusters">')
    for index, panel in enumerate(layout.panels):
        tone = index % 6
        spans = "".join(
            f'<tspan x="{_number(panel.text_x)}" y="{_number(panel.text_y + n * LINE_HEIGHT)}">{escape(line)}'
            "</tspan>"
            for n, line in enumerate(spaced(panel.name, panel.lines))
        )
        parts.append(
            f'<rect class="kb-map__cluster kb-map__cluster--{tone}" x="{_number(panel.x)}" '
            f'y="{_number(panel.y)}" width="{_number(panel.width)}" height="{_number(panel.height)}" '
            f'rx="10" aria-hidden="true"/><text class="kb-map__group">{spans}</text>'
        )
    parts.append('</g><g class="kb-map__edges" aria-hidden="true">')
    for (a, b), points in zip(layout.edges, layout.paths, strict=True):
        kind = "hub" if layout.hub in (a, b) else "edge"
        parts.append(
            f'<path class="kb-map__{kind}" data-kb-ends="{escape(a)} {escape(b)}" d="{path_data(points)}"/>'
        )
    parts.append('</g><g class="kb-map__nodes">')
    for node, box in layout.boxes.items():
        tip = escape(" ".join(titles[node].split()))
        if descriptions and descriptions.get(node):
            tip += escape(": " + descriptions[node])
        cx = _number(box.x + box.width / 2)
        # Lines centred in the box (a row is as tall as its longest label).
        top = box.y + (box.height - len(box.lines) * LINE_HEIGHT) / 2
        first = top + (LINE_HEIGHT + FONT_SIZE) / 2 - 2
        spans = "".join(
            f'<tspan x="{cx}" y="{_number(first + index * LINE_HEIGHT)}">{escape(line)}</tspan>'
            for index, line in enumerate(spaced(titles[node], box.lines))
        )
        shape = (
            f'<rect x="{_number(box.x)}" y="{_number(box.y)}" width="{_number(box.width)}" '
            f'height="{_number(box.height)}" rx="6"/><text text-anchor="middle">{spans}</text>'
        )
        hub = " kb-map__node--hub" if node == layout.hub else ""
        url = urls.get(node)
        data = f'data-kb-node="{escape(node)}"'
        if url:
            parts.append(
                f'<a class="kb-map__node{hub}" {data} href="{escape(url)}"><title>{tip}</title>{shape}</a>'
            )
        else:
            parts.append(f'<g class="kb-map__node{hub}" {data}><title>{tip}</title>{shape}</g>')
    parts.append("</g></svg>")
    return "".join(parts)
