"""A readable graph, laid out in Python and drawn as SVG: clusters as panels, labels that never overlap.

Pure functions on plain data (titles, relations, links), so they are tested without
Sphinx. The layout is a grid by construction rather than a force simulation: every
node gets a cell at least as wide as its wrapped label, so no two labels can overlap,
and the output depends only on the input (no seeds, no floating-point iteration), so
incremental, parallel and fresh builds draw the same map.

- Clusters are communities of the relation graph (greedy modularity, ties broken by
  the topics' order); each is drawn as a tinted panel holding its topics.
- The SVG is drawn at its natural size (``width`` = ``viewBox`` width, CSS
  ``max-width: 100%``), so a label is ``FONT_SIZE`` px unless the box is narrower than
  the layout. Two layouts are drawn: a wide one for desktops and a narrow one
  (``NARROW`` px, taller than wide) that a phone shows without shrinking its labels.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

#: Label size in px (SVG user units) when the map is drawn at its natural size.
FONT_SIZE = 14
LINE_HEIGHT = 18
PAD_X, PAD_Y = 8, 6  # inside a node's box
GAP = 16  # between cells of a panel: room to see the edges
PANEL_PAD = 10  # between a panel's edge and its cells
PANEL_GAP = 20  # between panels
#: Layout widths in px: the desktop map and the phone map (fits a 360 px screen's column).
WIDE, NARROW = 720, 320


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An upper estimate of ``text``'s width in a sans-serif font (no font files at build time)."""
    width = 0.0
    for char in text:
        if char in " il|!.,:;'`ijtfr()[]":
            width += 0.34
        elif char in "mwMW@%":
            width += 0.95
        elif char.isupper() or char in "&#":
            width += 0.72
        elif char.isascii():
            width += 0.58
        elif unicodedata.east_asian_width(char) in "WF":
            width += 1.05
        else:
            width += 0.72
    return width * size


def wrap(text: str, limit: float) -> list[str]:
    """Words on lines no wider than ``limit`` px; hyphenated words may break after a hyphen,
    and a word too long for a line is cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        # "Neuroscience-Inspired" may end a line at "Neuroscience-".
        for index, piece in enumerate(re.findall(r"[^-]+-*|-+", word)):
            while text_width(piece) > limit:  # a URL-like word: cut where it fills the line
                cut = max(i for i in range(1, len(piece) + 1) if i == 1 or text_width(piece[:i]) <= limit)
                if line:
                    lines.append(line)
                lines.append(piece[:cut])
                line, piece = "", piece[cut:]
            glue = "" if index or not line else " "
            candidate = line + glue + piece
            if line and text_width(candidate) > limit:
                lines.append(line)
                line = piece
            else:
                line = candidate
    if line:
        lines.append(line)
    return lines or [""]


def undirected(nodes: Sequence[str], related: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
    """Each relation once, as a pair in the nodes' order, for nodes in ``nodes`` only."""
    rank = {node: index for index, node in enumerate(nodes)}
    pairs = {
        tuple(sorted((a, b), key=rank.__getitem__))
        for a in nodes
        for b in related.get(a, ())
        if b in rank and b != a
    }
    return sorted(pairs, key=lambda pair: (rank[pair[0]], rank[pair[1]]))


def communities(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Greedy modularity clusters (Clauset, Newman and Moore), deterministic.

    Merges the two joined clusters whose union raises modularity most, while one does;
    ties go to the pair that comes first in ``nodes``. Nodes with no relation end up
    together in one last cluster. Clusters come largest first, members in ``nodes`` order.
    """
    rank = {node: index for index, node in enumerate(nodes)}
    m = len(edges)
    if m == 0:
        return [list(nodes)] if nodes else []
    owner = {node: rank[node] for node in nodes}  # node -> cluster id (its first member's rank)
    degree = dict.fromkeys(range(len(nodes)), 0)
    links: dict[tuple[int, int], int] = {}
    for a, b in edges:
        ia, ib = sorted((rank[a], rank[b]))
        links[(ia, ib)] = links.get((ia, ib), 0) + 1
        degree[ia] += 1
        degree[ib] += 1
    while True:
        best, pair = 0.0, None
        for (ia, ib), count in sorted(links.items()):
            gain = count / m - degree[ia] * degree[ib] / (2 * m * m)
            if gain > best + 1e-12:
                best, pair = gain, (ia, ib)
        if pair is None:
            break
        keep, gone = pair
        for node, cluster in owner.items():
            if cluster == gone:
                owner[node] = keep
        degree[keep] += degree.pop(gone)
        merged: dict[tuple[int, int], int] = {}
        for (ia, ib), count in links.items():
            ia, ib = (keep if ia == gone else ia), (keep if ib == gone else ib)
            if ia != ib:
                key = (min(ia, ib), max(ia, ib))
                merged[key] = merged.get(key, 0) + count
        links = merged
    joined = {node for edge in edges for node in edge}
    groups: dict[int, list[str]] = {}
    for node in nodes:
        if node in joined:
            groups.setdefault(owner[node], []).append(node)
    found = sorted(groups.values(), key=lambda group: (-len(group), rank[group[0]]))
    alone = [node for node in nodes if node not in joined]
    return found + ([alone] if alone else [])


def _hub_first(members: list[str], edges: Sequence[tuple[str, str]]) -> list[str]:
    """Breadth-first from the best-connected member, so related topics sit side by side."""
    inside = set(members)
    neighbours: dict[str, list[str]] = {node: [] for node in members}
    for a, b in edges:
        if a in inside and b in inside:
            neighbours[a].append(b)
            neighbours[b].append(a)
    rank = {node: index for index, node in enumerate(members)}
    order: list[str] = []
    for start in sorted(members, key=lambda n: (-len(neighbours[n]), rank[n])):
        if start in order:
            continue
        queue = [start]
        order.append(start)
        while queue:
            node = queue.pop(0)
            for other in sorted(neighbours[node], key=lambda n: (-len(neighbours[n]), rank[n])):
                if other not in order:
                    order.append(other)
                    queue.append(other)
    return order


@dataclass(frozen=True)
class Box:
    """A node's cell: top-left corner, size, and its label's lines."""

    node: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    boxes: dict[str, Box]
    panels: tuple[tuple[float, float, float, float], ...]  # x, y, width, height
    edges: tuple[tuple[str, str], ...]
    hub: str | None = None


def _cell_width(width: float) -> float:
    """Two cells side by side fill a panel of the narrow layout; the wide one fits four."""
    narrow = (NARROW - 2 * PANEL_PAD - GAP) / 2
    return narrow if width <= NARROW else (WIDE - 2 * (2 * PANEL_PAD) - PANEL_GAP - 2 * GAP) / 4


def _label_lines(titles: Mapping[str, str], cell: float) -> dict[str, tuple[str, ...]]:
    return {node: tuple(wrap(title, cell - 2 * PAD_X)) for node, title in titles.items()}


def _grid(
    members: list[str], columns: int, cell: float, lines: Mapping[str, tuple[str, ...]], x0: float, y0: float
) -> tuple[dict[str, Box], float]:
    """Cells row by row; each row as tall as its longest label. Returns the boxes and the height."""
    boxes, y = {}, y0
    for start in range(0, len(members), columns):
        row = members[start : start + columns]
        height = max(len(lines[node]) for node in row) * LINE_HEIGHT + 2 * PAD_Y
        for column, node in enumerate(row):
            boxes[node] = Box(node, x0 + column * (cell + GAP), y, cell, height, lines[node])
        y += height + GAP
    return boxes, y - GAP - y0


def cluster_layout(
    titles: Mapping[str, str], related: Mapping[str, Iterable[str]], width: float = WIDE
) -> Layout:
    """Every node in a grid cell inside its cluster's panel; panels packed in shelves ``width`` wide."""
    nodes = list(titles)
    edges = undirected(nodes, related)
    cell = _cell_width(width)
    lines = _label_lines(titles, cell)
    most = max(1, int((width - 2 * PANEL_PAD + GAP) // (cell + GAP)))
    boxes: dict[str, Box] = {}
    panels = []
    x = y = shelf = used = 0.0
    for members in communities(nodes, edges):
        columns = min(len(members), most, max(2, round(math.sqrt(len(members)))))
        panel_width = columns * cell + (columns - 1) * GAP + 2 * PANEL_PAD
        if x and x + panel_width > width:  # next shelf
            x, y, shelf = 0.0, y + shelf + PANEL_GAP, 0.0
        placed, height = _grid(_hub_first(members, edges), columns, cell, lines, x + PANEL_PAD, y + PANEL_PAD)
        boxes.update(placed)
        panels.append((x, y, panel_width, height + 2 * PANEL_PAD))
        shelf = max(shelf, height + 2 * PANEL_PAD)
        used = max(used, x + panel_width)
        x += panel_width + PANEL_GAP
    return Layout(used, y + shelf, boxes, tuple(panels), tuple(edges))


def star_layout(
    hub: str, titles: Mapping[str, str], related: Mapping[str, Iterable[str]], width: float = WIDE
) -> Layout:
    """A topic's neighbourhood: the topic on top, centred, its related topics in rows below."""
    others = [node for node in titles if node != hub]
    cell = _cell_width(width)
    lines = _label_lines(titles, cell)
    columns = max(1, min(len(others), int((width + GAP) // (cell + GAP))))
    full = columns * cell + (columns - 1) * GAP
    top, height = _grid([hub], 1, cell, lines, (full - cell) / 2, 0)
    boxes = dict(top)
    y = height + 3 * GAP  # room for the edges to fan out
    for start in range(0, len(others), columns):
        row = others[start : start + columns]
        row_width = len(row) * cell + (len(row) - 1) * GAP
        placed, row_height = _grid(row, columns, cell, lines, (full - row_width) / 2, y)
        boxes.update(placed)
        y += row_height + GAP
    edges = [(hub, other) for other in others]
    edges += [(a, b) for a, b in undirected(others, related)]
    return Layout(full, max(y - GAP, height), boxes, (), tuple(edges), hub)


def boxes_overlap(layout: Layout) -> list[tuple[str, str]]:
    """Pairs of nodes whose boxes intersect (none, by construction): for tests."""
    found = []
    boxes = list(layout.boxes.values())
    for index, a in enumerate(boxes):
        for b in boxes[index + 1 :]:
            if a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height:
                found.append((a.node, b.node))
    return found


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _edge_path(a: Box, b: Box) -> str:
    """A line between two centres; in the same row (where boxes sit between them) an arc over them."""
    (x1, y1), (x2, y2) = a.centre, b.centre
    if abs(y1 - y2) < 1 and abs(x1 - x2) > a.width + GAP + 1:
        lift = min(a.height, b.height) / 2 + GAP / 2
        top = min(a.y, b.y) - lift
        points = (x1, a.y, x1, top, x2, top, x2, b.y)
        return "M{} {}C{} {} {} {} {} {}".format(*map(_number, points))
    return f"M{_number(x1)} {_number(y1)}L{_number(x2)} {_number(y2)}"


def _spaced(title: str, lines: Sequence[str]) -> list[str]:
    """Lines that broke at a space start with it, so the label's text reads as its title
    (screen readers and axe join the lines with nothing in between)."""
    text, found, at = " ".join(title.split()), [], 0
    for line in lines:
        space = text[at : at + 1] == " " and bool(found)
        found.append(" " + line if space else line)
        at += len(line) + space
    return found


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
    no ``aria-label``, which would have to repeat the visible text exactly.
    """
    margin = GAP  # room for arcs above the first row and for focus rings
    width, height = layout.width + 2 * margin, layout.height + 2 * margin
    view = f"{_number(-margin)} {_number(-margin)} {_number(width)} {_number(height)}"
    parts = [
        f'<svg class="kb-map__svg {escape(classes)}" viewBox="{view}" width="{_number(width)}" '
        f'height="{_number(height)}" font-size="{FONT_SIZE}" role="group" aria-label="{escape(label)}">'
    ]
    parts.append('<g class="kb-map__clusters" aria-hidden="true">')
    for index, (x, y, w, h) in enumerate(layout.panels):
        parts.append(
            f'<rect class="kb-map__cluster kb-map__cluster--{index % 6}" x="{_number(x)}" y="{_number(y)}" '
            f'width="{_number(w)}" height="{_number(h)}" rx="10"/>'
        )
    parts.append('</g><g class="kb-map__edges" aria-hidden="true">')
    for a, b in layout.edges:
        kind = "hub" if layout.hub in (a, b) else "edge"
        parts.append(f'<path class="kb-map__{kind}" d="{_edge_path(layout.boxes[a], layout.boxes[b])}"/>')
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
            for index, line in enumerate(_spaced(titles[node], box.lines))
        )
        shape = (
            f'<rect x="{_number(box.x)}" y="{_number(box.y)}" width="{_number(box.width)}" '
            f'height="{_number(box.height)}" rx="6"/><text text-anchor="middle">{spans}</text>'
        )
        hub = " kb-map__node--hub" if node == layout.hub else ""
        url = urls.get(node)
        if url:
            parts.append(f'<a class="kb-map__node{hub}" href="{escape(url)}"><title>{tip}</title>{shape}</a>')
        else:
            parts.append(f'<g class="kb-map__node{hub}"><title>{tip}</title>{shape}</g>')
    parts.append("</g></svg>")
    return "".join(parts)
