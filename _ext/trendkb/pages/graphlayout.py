"""A readable graph, laid out in Python: boxes in a grid, labelled groups, edges routed around boxes.

Pure functions on plain data (titles, relations), so they are tested without Sphinx.
The layout is a grid by construction rather than a force simulation: every node gets a
cell at least as wide as its wrapped label, so no two labels can overlap, and the output
depends only on the input (no seeds, no floating-point iteration), so incremental,
parallel and fresh builds draw the same map.

- The map (``cluster_layout``): each group (a community of the relation graph, named by
  the caller or after its best-connected topic) is a tinted panel with its name on top,
  holding its topics; panels are packed in shelves.
- A topic's neighbourhood (``star_layout``): the topic on top, its related topics in rows.
- Edges are routed in the gutters between rows and columns (``gridroute.py``): they never
  cross a box, and never a group's name either (its row is closed to them).
- Two drawings are made: a wide one for desktops and a narrow one (``NARROW`` px, one
  column) that a phone shows at its natural size, so labels keep ``FONT_SIZE`` px.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from . import gridroute
from .communities import arranged, named_communities, undirected
from .textfit import text_width, wrap

#: Label size in px (SVG user units) when the map is drawn at its natural size.
FONT_SIZE = 14
LINE_HEIGHT = 18
PAD_X, PAD_Y = 8, 6  # inside a node's box
GAP = 16  # the narrowest gutter between two boxes
EDGE = 10  # the narrowest gutter at the drawing's edge
SPACING = 4  # between two edges running side by side
#: Drawing widths in px: the desktop map and the phone map (fits a 360 px screen's column).
WIDE, NARROW = 720, 328
#: The narrowest a column may get; a drawing with more columns than fit is wider than asked.
MIN_CELL = 96
#: A column's width as the number of columns is chosen (wide drawings); narrow ones have one.
CELL = 180
#: A group's name: a little bolder than the labels, so wider per character.
GROUP_WIDTH = 1.08


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
class Panel:
    """A group's tinted panel and its name (lines, the first line's baseline)."""

    x: float
    y: float
    width: float
    height: float
    name: str
    lines: tuple[str, ...]
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    boxes: dict[str, Box]
    panels: tuple[Panel, ...]
    edges: tuple[tuple[str, str], ...]
    #: One polyline per edge, in ``edges`` order, from one box's border to the other's.
    paths: tuple[tuple[tuple[float, float], ...], ...] = ()
    hub: str | None = None


def _columns(width: float, most: int) -> int:
    """One column on a phone; on a desktop as many ``CELL``-wide columns as fit."""
    if width <= NARROW:
        return 1
    return max(1, min(most, int((width - 2 * EDGE + GAP) // (CELL + GAP))))


def _least(grid: gridroute.Grid) -> dict:
    """The narrowest each gutter may be: ``EDGE`` at the drawing's border, ``GAP`` inside."""
    least = {}
    for i in range(grid.cols + 1):
        least[(gridroute.V, i)] = EDGE if i in (0, grid.cols) else GAP
    for j in range(grid.rows + 1):
        least[(gridroute.H, j)] = EDGE if j in (0, grid.rows) else GAP
    return least


def _place(
    grid: gridroute.Grid,
    edges: Sequence[tuple[str, str]],
    titles: Mapping[str, str],
    width: float,
    names: Mapping[str, str],
) -> tuple[gridroute.Frame, gridroute.Routing, dict[str, tuple[str, ...]]]:
    """Route, widen the gutters for their tracks, then size the columns and rows.

    ``names`` are the texts of cells that are not nodes (a group's name); they wrap
    to their cell like the labels.
    """
    routing = gridroute.route(grid, edges, pitch=(2 * LINE_HEIGHT + 2 * PAD_Y + GAP) / (CELL + GAP))
    gutters = gridroute.widths(routing, SPACING, _least(grid))
    room = width - sum(gutters[(gridroute.V, i)] for i in range(grid.cols + 1))
    cell = max(MIN_CELL, room / grid.cols)
    lines: dict[str, tuple[str, ...]] = {}
    heights = [0.0] * grid.rows
    for box in grid.cells:
        span = box.cols * cell + sum(
            gutters[(gridroute.V, i)] for i in range(box.col + 1, box.col + box.cols)
        )
        if box.key in names:
            found = tuple(wrap(names[box.key], (span - 4) / GROUP_WIDTH))
            height = len(found) * LINE_HEIGHT + 2
        else:
            found = tuple(wrap(titles[box.key], span - 2 * PAD_X))
            height = len(found) * LINE_HEIGHT + 2 * PAD_Y
        lines[box.key] = found
        heights[box.row] = max(heights[box.row], height)
    return gridroute.frame(grid, gutters, cell, heights), routing, lines


def _box(frame: gridroute.Frame, cell: gridroute.Cell, lines: tuple[str, ...]) -> Box:
    x = frame.col_x[cell.col]
    right = frame.col_x[cell.col + cell.cols - 1] + frame.col_width
    return Box(cell.key, x, frame.row_y[cell.row], right - x, frame.row_height[cell.row], lines)


def _drawn(
    frame: gridroute.Frame,
    routing: gridroute.Routing,
    lines: Mapping[str, tuple[str, ...]],
    nodes: Iterable[str],
) -> tuple[dict[str, Box], tuple]:
    wanted = set(nodes)
    boxes = {c.key: _box(frame, c, lines[c.key]) for c in routing.grid.cells if c.key in wanted}
    paths = tuple(tuple(gridroute.points(frame, routing, r)) for r in routing.routes)
    return boxes, paths


def _size(frame: gridroute.Frame, grid: gridroute.Grid) -> tuple[float, float]:
    return frame.gutters[(gridroute.V, grid.cols)][1], frame.gutters[(gridroute.H, grid.rows)][1]


def _shelves(groups: Sequence[Sequence[str]], columns: int) -> list[list[tuple[int, int]]]:
    """Groups packed left to right in shelves ``columns`` wide: (group index, its columns)."""
    shelves: list[list[tuple[int, int]]] = []
    free = 0
    for index, members in enumerate(groups):
        wanted = min(len(members), columns, max(2, round(math.sqrt(len(members)))))
        if not shelves or wanted > free:
            shelves.append([])
            free = columns
        shelves[-1].append((index, wanted))
        free -= wanted
    return shelves


def cluster_layout(
    titles: Mapping[str, str],
    related: Mapping[str, Iterable[str]],
    width: float = WIDE,
    groups: Sequence[tuple[str, Sequence[str]]] | None = None,
) -> Layout:
    """Every node in a grid cell of its group's panel, under the group's name; edges routed.

    ``groups`` are (name, members) covering every node once; by default the communities
    of the relation graph, named after their best-connected topic.
    """
    nodes = list(titles)
    edges = undirected(nodes, related)
    if groups is None:
        groups = named_communities(titles, edges)
    columns = _columns(width, most=4)
    groups = arranged(groups, edges, linear=columns == 1)
    cells, names, blocks = [], {}, []
    row = 0
    for shelf in _shelves([members for _, members in groups], columns):
        col, depth = 0, 0
        for index, cols in shelf:
            name, members = groups[index]
            key = f"#group-{index}"
            names[key] = name
            cells.append(gridroute.Cell(key, row, col, cols))
            for place, node in enumerate(members):
                cells.append(gridroute.Cell(node, row + 1 + place // cols, col + place % cols))
            rows = math.ceil(len(members) / cols)
            blocks.append((key, row, col, rows + 1, cols))
            depth = max(depth, rows + 1)
            col += cols
        row += depth
    grid = gridroute.Grid(row, max([c.col + c.cols for c in cells], default=1), tuple(cells))
    frame, routing, lines = _place(grid, edges, titles, width, names)
    boxes, paths = _drawn(frame, routing, lines, nodes)
    panels = tuple(_panel(frame, grid, block, names[block[0]], lines[block[0]]) for block in blocks)
    total_width, total_height = _size(frame, grid)
    return Layout(total_width, total_height, boxes, panels, tuple(edges), paths)


def _panel(frame: gridroute.Frame, grid: gridroute.Grid, block, name: str, lines) -> Panel:
    """A group's panel: its cells and half of the gutters around them."""
    _, row, col, rows, cols = block

    def half(line, side: int) -> float:
        start, end = frame.gutters[line]
        return start + (end - start) / 2 + side

    left = half((gridroute.V, col), 1) if col else frame.gutters[(gridroute.V, 0)][0] + 1
    right_line = (gridroute.V, col + cols)
    right = half(right_line, -1) if col + cols < grid.cols else frame.gutters[right_line][1] - 1
    top = half((gridroute.H, row), 1) if row else frame.gutters[(gridroute.H, 0)][0] + 1
    bottom_line = (gridroute.H, row + rows)
    bottom = half(bottom_line, -1) if row + rows < grid.rows else frame.gutters[bottom_line][1] - 1
    text_y = frame.row_y[row] + (LINE_HEIGHT + FONT_SIZE) / 2 - 2
    return Panel(left, top, right - left, bottom - top, name, tuple(lines), frame.col_x[col] + 2, text_y)


def star_layout(
    hub: str, titles: Mapping[str, str], related: Mapping[str, Iterable[str]], width: float = WIDE
) -> Layout:
    """A topic's neighbourhood: the topic on top, centred, its related topics in rows below."""
    others = [node for node in titles if node != hub]
    columns = max(1, min(len(others), _columns(width, most=4)))
    among = undirected(others, related)
    if columns == 1 and among:  # one column: related topics next to each other
        others = arranged([("", others)], among, linear=True)[0][1]
    span = 1 if columns % 2 else 2
    cells = [gridroute.Cell(hub, 0, (columns - span) // 2, span)]
    cells += [gridroute.Cell(node, 1 + i // columns, i % columns) for i, node in enumerate(others)]
    grid = gridroute.Grid(1 + math.ceil(len(others) / columns), columns, tuple(cells))
    # The topic's own relations always; those among its neighbours while they are a sketch
    # (no more than two per neighbour): a fully related set would be a tangle to read and a
    # route per pair to draw on every topic's page.
    among = undirected(others, related)
    if len(among) > 2 * len(others):
        among = []
    edges = [(hub, other) for other in others] + among
    frame, routing, lines = _place(grid, edges, titles, width, {})
    boxes, paths = _drawn(frame, routing, lines, titles)
    total_width, total_height = _size(frame, grid)
    return Layout(total_width, total_height, boxes, (), tuple(edges), paths, hub)


# -- checks, for the tests (pure geometry) --------------------------------------------


def boxes_overlap(layout: Layout) -> list[tuple[str, str]]:
    """Pairs of nodes whose boxes intersect (none, by construction)."""
    found = []
    boxes = list(layout.boxes.values())
    for index, a in enumerate(boxes):
        for b in boxes[index + 1 :]:
            if a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height:
                found.append((a.node, b.node))
    return found


def _segment_enters(p: tuple[float, float], q: tuple[float, float], box: Box, inset: float) -> bool:
    """Whether the segment p-q passes through the box's interior shrunk by ``inset`` (Liang-Barsky)."""
    x0, y0 = p
    dx, dy = q[0] - p[0], q[1] - p[1]
    low, high = 0.0, 1.0
    for step, distance in (
        (-dx, x0 - (box.x + inset)),
        (dx, box.x + box.width - inset - x0),
        (-dy, y0 - (box.y + inset)),
        (dy, box.y + box.height - inset - y0),
    ):
        if step == 0:
            if distance <= 0:
                return False
            continue
        ratio = distance / step
        if step < 0:
            low = max(low, ratio)
        else:
            high = min(high, ratio)
        if low >= high:
            return False
    return True


def crossings(layout: Layout, inset: float = 0.5) -> list[tuple[tuple[str, str], str]]:
    """(edge, box) for every edge that passes through a box, its own two included: none, by routing.

    An edge starts and ends on its boxes' borders, so it may touch them but never enter.
    """
    found = []
    for edge, path in zip(layout.edges, layout.paths, strict=True):
        for box in layout.boxes.values():
            if any(_segment_enters(p, q, box, inset) for p, q in pairwise(path)):
                found.append((edge, box.node))
    return found


def shared_lines(layout: Layout) -> list[tuple[int, int]]:
    """Pairs of edges (by index) that run along the same line for a stretch: none, by tracks."""
    pieces = []
    for index, path in enumerate(layout.paths):
        for p, q in pairwise(path):
            pieces.append((index, p, q))
    found = set()
    for n, (i, p, q) in enumerate(pieces):
        for j, r, s in pieces[n + 1 :]:
            if i == j:
                continue
            if _collinear_overlap(p, q, r, s):
                found.add((min(i, j), max(i, j)))
    return sorted(found)


def _collinear_overlap(p, q, r, s, tolerance: float = 0.5) -> bool:
    for axis in (0, 1):
        other = 1 - axis
        if all(abs(point[axis] - p[axis]) < tolerance for point in (q, r, s)):
            lo1, hi1 = sorted((p[other], q[other]))
            lo2, hi2 = sorted((r[other], s[other]))
            if min(hi1, hi2) - max(lo1, lo2) > tolerance:
                return True
    return False


def outside(layout: Layout) -> list[str]:
    """What is drawn outside the drawing's bounds (none): boxes, panels, edges, estimated text."""
    found = []

    def out(x: float, y: float) -> bool:
        return not (-1e-6 <= x <= layout.width + 1e-6 and -1e-6 <= y <= layout.height + 1e-6)

    for box in layout.boxes.values():
        if out(box.x, box.y) or out(box.x + box.width, box.y + box.height):
            found.append(f"box {box.node}")
        if any(text_width(line) > box.width - 2 * PAD_X + 1e-6 for line in box.lines):
            found.append(f"label {box.node}")
    for panel in layout.panels:
        if out(panel.x, panel.y) or out(panel.x + panel.width, panel.y + panel.height):
            found.append(f"panel {panel.name}")
        right = max(panel.text_x + text_width(line) * GROUP_WIDTH for line in panel.lines)
        if right > panel.x + panel.width or out(right, panel.text_y + (len(panel.lines) - 1) * LINE_HEIGHT):
            found.append(f"group name {panel.name}")
    for edge, path in zip(layout.edges, layout.paths, strict=True):
        if any(out(x, y) for x, y in path):
            found.append(f"edge {edge}")
    return found
