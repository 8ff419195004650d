"""Orthogonal edge routing on a grid of boxes: every edge runs in the gutters, never over a box.

A drawing's boxes sit in the cells of a grid (a box may span several columns of one row);
between the rows and between the columns run gutters, and no box is ever in a gutter.
An edge leaves its box through a side, runs along gutters, turning only where two
gutters cross, and enters the other box through a side. Where runs share a stretch of
a gutter each gets a track of its own, and the gutter is made as wide as its tracks
need (``widths``), so two edges never share a line, and an edge never crosses a box:
both by construction, and the tests check them on random graphs.

Routing is topological (which sides, gutters, tracks and ports), so it does not depend
on the boxes' sizes; ``points`` turns a route into coordinates once the caller has
sized the rows and columns (labels are wrapped to the room the tracks leave). Pure
functions, deterministic: the same graph always gets the same routes.

Positions along a gutter are "abstract": the gutter crossing at column (or row) boundary
``i`` is at ``2 * i``, and a port on the side of column ``k`` is strictly between
``2 * k`` and ``2 * k + 2``, which keeps the order of the real coordinates.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

H, V = "h", "v"

#: ("h", j): the gutter above row j (j = rows: below the last); ("v", i): left of column i.
Line = tuple[str, int]
#: A gutter's stretch beside one row or column: (orientation, line index, row or column).
Segment = tuple[str, int, int]


@dataclass(frozen=True)
class Cell:
    """A box in row ``row``, over columns ``col`` to ``col + cols - 1``."""

    key: str
    row: int
    col: int
    cols: int = 1


@dataclass(frozen=True)
class Grid:
    rows: int
    cols: int
    cells: tuple[Cell, ...]

    def cell(self, key: str) -> Cell:
        return next(cell for cell in self.cells if cell.key == key)


@dataclass(frozen=True)
class Port:
    """Where an edge meets its box: a side's segment, the box's side of the gutter, a slot."""

    segment: Segment
    before: bool  # the box is above (or left of) the gutter
    slot: int
    slots: int

    @property
    def position(self) -> float:
        """Along the gutter, strictly inside the segment."""
        return 2 * self.segment[2] + 2 * (self.slot + 1) / (self.slots + 1)


@dataclass(frozen=True)
class Route:
    """An edge's path: its two ports and its runs, each a gutter line with its track."""

    a: str
    b: str
    start: Port
    end: Port
    runs: tuple[tuple[Line, int], ...]
    #: Each run's extent along its line, in abstract positions (lo <= hi).
    extents: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Routing:
    grid: Grid
    routes: tuple[Route, ...]
    #: How many tracks each gutter line carries (lines without any are left out).
    tracks: Mapping[Line, int]


#: Costs of the search, in units of a column's width: a bend, a run on a stretch that
#: already carries runs, and a port on a side that already has ports.
BEND = 0.5
CROWD = 0.12
PORT = {H: 0.05, V: 0.25}
#: How many times every edge is routed again once all are routed.
REROUTES = 2
#: Searches times gutter crossings above which edges are routed once (``route``).
REROUTE_BUDGET = 200_000


def _blocked(grid: Grid) -> set[tuple[str, int, int]]:
    """Gutter stretches inside a box that spans columns: no run may pass there."""
    found = set()
    for cell in grid.cells:
        for i in range(cell.col + 1, cell.col + cell.cols):
            found.add((V, i, cell.row))
    return found


def _sides(cell: Cell) -> list[tuple[Segment, bool]]:
    """Every segment a box's sides face, with whether the box is before the gutter."""
    sides = []
    for k in range(cell.col, cell.col + cell.cols):
        sides.append(((H, cell.row, k), False))  # top side: the box is below the gutter
        sides.append(((H, cell.row + 1, k), True))  # bottom side
    sides.append(((V, cell.col, cell.row), False))  # left side: the box is right of it
    sides.append(((V, cell.col + cell.cols, cell.row), True))
    return sides


def _ends(segment: Segment) -> list[tuple[int, int]]:
    """The two gutter crossings (column boundary, row boundary) a segment runs between."""
    kind, line, k = segment
    return [(k, line), (k + 1, line)] if kind == H else [(line, k), (line, k + 1)]


def _search(grid, blocked, sources, targets, height, crowd, ports):
    """The cheapest path from a side of one box to a side of the other (Dijkstra).

    States are (gutter crossing, orientation of the run arriving there); returns
    (cost, (start segment, side), (end segment, side), states along the way).
    """
    best: tuple | None = None
    by_segment = {segment: before for segment, before in targets}
    for segment, before in sources:
        if segment in by_segment:  # the two boxes face each other across one stretch
            cost = PORT[segment[0]] * (ports.get(segment, 0) + 1)
            candidate = (cost, (segment, before), (segment, by_segment[segment]), ())
            best = min(best, candidate, key=lambda c: c[0]) if best else candidate
    queue: list = []
    seen: dict = {}  # state -> the state it was reached from (None at a source)
    for order, (segment, before) in enumerate(sources):
        step = 0.5 * (1 if segment[0] == H else height)
        for end in _ends(segment):
            state = (end, segment[0])
            cost = step + PORT[segment[0]] * ports.get(segment, 0)
            heapq.heappush(queue, (cost, order, state, (segment, before), None))
    goals: dict = {}
    for segment, before in targets:
        step = 0.5 * (1 if segment[0] == H else height)
        for end in _ends(segment):
            goals.setdefault(end, []).append((segment, before, step))
    counter = len(sources)
    found = None
    while queue:
        cost, _, state, start, previous = heapq.heappop(queue)
        if best is not None and cost >= best[0]:
            break
        if state in seen:
            continue
        seen[state] = previous
        (i, j), orientation = state
        for segment, before, step in goals.get((i, j), ()):
            total = cost + step + (BEND if orientation != segment[0] else 0)
            total += PORT[segment[0]] * ports.get(segment, 0)
            if best is None or total < best[0]:
                best = (total, start, (segment, before), None)
                found = (state, segment[0])
        for point, kind, stretch, length in _moves(grid, blocked, i, j, height):
            nxt = (point, kind)
            if nxt not in seen:
                load = crowd.get(stretch, 0)
                extra = length * (1 + CROWD * load * load) + (BEND if kind != orientation else 0)
                counter += 1
                heapq.heappush(queue, (cost + extra, counter, nxt, start, state))
    if best is not None and found is not None and best[3] is None:
        # The states back to the source (parents, not a path copied at every step), and
        # the last one turned into the target's gutter, if it is not in it already.
        path, state = [], found[0]
        while state is not None:
            path.append(state)
            state = seen[state]
        path.reverse()
        best = (best[0], best[1], best[2], (*path, (found[0][0], found[1])))
    return best


def _moves(grid, blocked, i: int, j: int, height: float) -> list:
    """The stretches a run may take from gutter crossing (i, j): along its row and column lines."""
    moves = []
    for di in (-1, 1):  # along the row boundary j
        ni = i + di
        if 0 <= ni <= grid.cols:
            moves.append(((ni, j), H, (H, j, min(i, ni)), 1.0))
    for dj in (-1, 1):  # along the column boundary i
        nj = j + dj
        if 0 <= nj <= grid.rows and (V, i, min(j, nj)) not in blocked:
            moves.append(((i, nj), V, (V, i, min(j, nj)), height))
    return moves


def _bends(path: tuple) -> list[tuple[tuple[int, int], str]]:
    """The crossings where a path turns (with the orientation it leaves them in)."""
    turns = []
    for before, here in pairwise(path):
        if here[1] != before[1]:
            turns.append((before[0], here[1]))
    return turns


def route(grid: Grid, edges: Sequence[tuple[str, str]], pitch: float = 0.35) -> Routing:
    """Route every edge; ``pitch`` is a row's height over a column's width, for the costs."""
    blocked = _blocked(grid)
    cells = {cell.key: cell for cell in grid.cells}

    def centre(key: str) -> tuple[float, float]:
        cell = cells[key]
        return (cell.col + cell.cols / 2, (cell.row + 0.5) * pitch)

    def distance(edge: tuple[str, str]) -> float:
        (x1, y1), (x2, y2) = centre(edge[0]), centre(edge[1])
        return abs(x1 - x2) + abs(y1 - y2)

    order = sorted(range(len(edges)), key=lambda index: (distance(edges[index]), index))
    crowd: dict = {}
    ports: dict = {}
    found: dict[int, tuple] = {}

    def use(index: int, sign: int) -> None:
        start, end, path = found[index]
        for segment in (start[0], end[0]):
            ports[segment] = ports.get(segment, 0) + sign
        for before, here in pairwise(path):
            (i1, j1), (i2, j2) = before[0], here[0]
            if (i1, j1) != (i2, j2):
                stretch = (H, j1, min(i1, i2)) if j1 == j2 else (V, i1, min(j1, j2))
                crowd[stretch] = crowd.get(stretch, 0) + sign

    # Shortest edges first; then each edge is routed again knowing all the others
    # ("rip up and reroute"), which evens the load of the gutters out.
    # The sweeps again are a refinement: a drawing too large for them (searches times the
    # crossings each may visit) gets the first routes, which already never cross a box.
    crossings = (grid.rows + 1) * (grid.cols + 1)
    sweeps = 1 + REROUTES if len(edges) * crossings * (1 + REROUTES) <= REROUTE_BUDGET else 1
    for sweep in range(sweeps):
        for index in order:
            a, b = edges[index]
            if sweep:
                use(index, -1)
            _, start, end, path = _search(
                grid, blocked, _sides(cells[a]), _sides(cells[b]), pitch, crowd, ports
            )
            found[index] = (start, end, path)
            use(index, 1)
    return _finish(grid, edges, found)


def _line_of(segment: Segment) -> Line:
    return (segment[0], segment[1])


def _along(line: Line, point: tuple[int, int]) -> float:
    """A gutter crossing's abstract position along ``line``."""
    return 2.0 * (point[0] if line[0] == H else point[1])


def _finish(grid: Grid, edges, found) -> Routing:
    """Slots on each side's segment, then runs and their tracks."""
    # Each end of each edge: (edge index, which end, its segment, its side, direction).
    at: dict[Segment, list] = {}
    shapes = {}
    for index, (start, end, path) in found.items():
        turns = [point for point, _ in _bends(path)]
        lines = [_line_of(start[0])]
        for _point, kind in _bends(path):
            lines.append((kind, _point[1] if kind == H else _point[0]))
        shapes[index] = (turns, lines)
        for which, (segment, before) in enumerate((start, end)):
            if not turns:  # one run: towards the other port
                other = (end if which == 0 else start)[0]
                toward = _toward(segment, other)
            else:
                corner = turns[0] if which == 0 else turns[-1]
                toward = _along(_line_of(segment), corner) - 2 * segment[2] - 1
            at.setdefault(segment, []).append((toward, which, index, before))
    slots: dict[tuple[int, int], Port] = {}
    for segment, users in at.items():
        users.sort(key=lambda user: (user[0], user[3], user[2], user[1]))
        for slot, (_, which, index, before) in enumerate(users):
            slots[(index, which)] = Port(segment, before, slot, len(users))
    runs_on: dict[Line, list] = {}
    partial = {}
    for index in sorted(found):
        turns, lines = shapes[index]
        start, end = slots[(index, 0)], slots[(index, 1)]
        positions = [start.position]
        for run, corner in enumerate(turns):
            positions.append(_along(lines[run], corner))
            positions.append(_along(lines[run + 1], corner))
        positions.append(end.position)
        extents = []
        for run, line in enumerate(lines):
            lo, hi = sorted(positions[2 * run : 2 * run + 2])
            extents.append((lo, hi))
            pull = _pull(run, len(lines), start, end)
            runs_on.setdefault(line, []).append((lo, hi, pull, index, run))
        partial[index] = (start, end, tuple(lines), tuple(extents))
    tracks, counts = _tracks(runs_on)
    routes = tuple(
        Route(
            edges[index][0],
            edges[index][1],
            start,
            end,
            tuple((line, tracks[(index, run)]) for run, line in enumerate(lines)),
            extents,
        )
        for index, (start, end, lines, extents) in sorted(partial.items())
    )
    return Routing(grid, routes, counts)


def _toward(segment: Segment, other: Segment) -> float:
    """A one-run route: which way along the gutter the other port lies (-1, 0 or 1)."""
    return (other[2] > segment[2]) - (other[2] < segment[2])


def _pull(run: int, runs: int, start: Port, end: Port) -> int:
    """Which side of its gutter a run would rather lie on: towards the boxes it starts or ends at."""
    pull = 0
    if run == 0:
        pull += 1 if not start.before else -1
    if run == runs - 1:
        pull += 1 if not end.before else -1
    return pull


def _tracks(runs_on: Mapping[Line, list]) -> tuple[dict, dict[Line, int]]:
    """Tracks per gutter line: overlapping runs apart, as few tracks as the overlaps need.

    First-fit over the runs, shortest first (an interval graph: it needs no more tracks
    than the most runs over one point); then the tracks are ordered across the gutter so
    that runs ending at the boxes after the gutter lie near them, which saves crossings.
    """
    tracks: dict = {}
    counts: dict[Line, int] = {}
    for line, runs in runs_on.items():
        classes: list[list] = []
        for run in sorted(runs, key=lambda r: (r[0], r[1], r[3], r[4])):
            lo, hi = run[0], run[1]
            for members in classes:
                if all(hi < other[0] or other[1] < lo for other in members):
                    members.append(run)
                    break
            else:
                classes.append([run])
        ranked = sorted(
            range(len(classes)),
            key=lambda c: (sum(r[2] for r in classes[c]) / len(classes[c]), c),
        )
        for track, c in enumerate(ranked):
            for run in classes[c]:
                tracks[(run[3], run[4])] = track
        counts[line] = len(classes)
    return tracks, counts


@dataclass(frozen=True)
class Frame:
    """The drawing's sizes: column lefts and width, row tops and heights, gutters' spans."""

    col_x: tuple[float, ...]
    col_width: float
    row_y: tuple[float, ...]
    row_height: tuple[float, ...]
    #: Each gutter line's span across its width: (start, end) in px.
    gutters: Mapping[Line, tuple[float, float]]


def widths(routing: Routing, spacing: float, least: Mapping[Line, float]) -> dict[Line, float]:
    """Each gutter's width: room for its tracks ``spacing`` apart, at least ``least[line]``."""
    return {line: max(least.get(line, 0.0), (routing.tracks.get(line, 0) + 1) * spacing) for line in least}


def frame(grid: Grid, gutter: Mapping[Line, float], col_width: float, heights: Sequence[float]) -> Frame:
    """Lay the rows and columns out between gutters of the given widths."""
    x, col_x, spans = 0.0, [], {}
    for i in range(grid.cols + 1):
        spans[(V, i)] = (x, x + gutter[(V, i)])
        x += gutter[(V, i)]
        if i < grid.cols:
            col_x.append(x)
            x += col_width
    y, row_y = 0.0, []
    for j in range(grid.rows + 1):
        spans[(H, j)] = (y, y + gutter[(H, j)])
        y += gutter[(H, j)]
        if j < grid.rows:
            row_y.append(y)
            y += heights[j]
    return Frame(tuple(col_x), col_width, tuple(row_y), tuple(heights), spans)


def track_position(frame: Frame, routing: Routing, line: Line, track: int) -> float:
    start, end = frame.gutters[line]
    return start + (track + 1) * (end - start) / (routing.tracks.get(line, 0) + 1)


def port_point(frame: Frame, grid: Grid, port: Port) -> tuple[float, float]:
    """Where a port is on its box's border."""
    kind, line, k = port.segment
    fraction = (port.slot + 1) / (port.slots + 1)
    if kind == H:
        x = frame.col_x[k] + fraction * frame.col_width
        start, end = frame.gutters[(H, line)]
        return (x, start if port.before else end)
    y = frame.row_y[k] + fraction * frame.row_height[k]
    start, end = frame.gutters[(V, line)]
    return (start if port.before else end, y)


def points(frame: Frame, routing: Routing, route: Route) -> list[tuple[float, float]]:
    """The route as a polyline: from its first box's border, along its tracks, to the other's."""
    first = port_point(frame, routing.grid, route.start)
    last = port_point(frame, routing.grid, route.end)
    fixed = [track_position(frame, routing, line, track) for line, track in route.runs]
    kinds = [line[0] for line, _ in route.runs]
    result = [first]
    # The coordinate each run keeps (its track) and the one it starts from.
    along = first[0] if kinds[0] == H else first[1]
    for run, kind in enumerate(kinds):
        result.append((along, fixed[run]) if kind == H else (fixed[run], along))
        along = fixed[run]
    end_along = last[0] if kinds[-1] == H else last[1]
    result.append((end_along, fixed[-1]) if kinds[-1] == H else (fixed[-1], end_along))
    result.append(last)
    return _simplified(result)


def _simplified(polyline: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Without repeated points and without points in the middle of a straight stretch."""
    kept: list[tuple[float, float]] = []
    for point in polyline:
        if kept and abs(point[0] - kept[-1][0]) < 1e-9 and abs(point[1] - kept[-1][1]) < 1e-9:
            continue
        if len(kept) >= 2:
            (x0, y0), (x1, y1) = kept[-2], kept[-1]
            if (abs(x0 - x1) < 1e-9 and abs(x1 - point[0]) < 1e-9) or (
                abs(y0 - y1) < 1e-9 and abs(y1 - point[1]) < 1e-9
            ):
                kept[-1] = point
                continue
        kept.append(point)
    return kept
