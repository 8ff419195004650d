"""The trend radar's geometry: where each blip goes, in two drawings; pure functions, no Sphinx.

- ``circle``: the classic radar for desktops. Rings for statuses (innermost:
  mainstream), sectors for areas. Each ring is as deep as its fullest cell needs: blips
  are packed in rows along arcs, as many per row as keep them ``GAP`` apart and clear of
  the sector edges, so no two blips ever overlap, however many share a cell. Each ring
  keeps an outer lane for its name, where no blip goes.
- ``columns``: the radar unrolled for phones, drawn at its natural width: a column per
  ring (the centre on the left), a band per area under its name, blips in rows.

Both place a blip of ``BLIP`` px radius (24 px across: the smallest tap target WCAG 2.2
asks for) with room around it for its movement mark. Sizes are SVG user units, which
are px when the drawing is shown at its natural size.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .textfit import text_width, wrap

BLIP = 12
#: Room around a blip for its movement mark (an arc or a ring).
MARK = 4
#: Centre to centre: two blips with their marks never touch.
GAP = 2 * (BLIP + MARK) + 2
#: A little more than ``GAP`` on arcs, so positions rounded to 0.01 px stay ``GAP`` apart.
SAFE = 0.1
#: Each ring's outer band, which holds its name; an empty ring is that and ``EMPTY`` more.
LANE = 18
EMPTY = 8
AREA_SIZE, RING_SIZE, LINE = 15, 12, 18
#: Bold text is about this much wider than ``text_width`` measures.
BOLD = 1.08
#: The widest an area's name may be beside the circle, before it wraps.
AREA_WIDTH = 130
#: The phone drawing's width: a 360 px screen's column.
NARROW = 328

Cells = Mapping[tuple[int, int], Sequence[str]]  # (sector, ring) -> blip keys, in order


@dataclass(frozen=True)
class Label:
    """Lines of text, their first baseline, anchor and estimated box (x, y, width, height)."""

    lines: tuple[str, ...]
    x: float
    y: float
    anchor: str
    size: float
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Circle:
    """The desktop radar, centred on (0, 0): ring radii, sector angles, labels, blip centres."""

    view: tuple[float, float, float, float]
    radius: float
    rings: tuple[tuple[float, float], ...]  # (inner, outer) radius of each ring
    lanes: tuple[float, ...]  # radius of each ring's name (its text's baseline)
    edges: tuple[float, ...]  # angle in degrees of each sector's first edge
    step: float  # degrees per sector
    areas: tuple[Label, ...]
    places: dict[str, tuple[float, float]]
    #: (sector, ring) of each blip, for the tests.
    cells: dict[str, tuple[int, int]]


def _capacity(radius: float, step: float, whole: bool) -> int:
    """How many blips fit on one arc of ``radius`` across a sector of ``step`` degrees.

    Spread evenly with half a space at each edge, n blips are ``2 r sin(step / 2n)``
    apart and ``r sin(step / 2n)`` from each edge; both must be at least ``GAP`` (a
    blip of the next sector is as far on the other side). A whole circle has no edges.
    """
    if whole:
        if radius <= 0:
            return 1
        n = 1
        while 2 * radius * math.sin(math.pi / (n + 1)) >= GAP + SAFE:
            n += 1
        return n
    n = 0
    while True:
        half = math.radians(step) / (2 * (n + 1))
        if half > math.pi / 2 or radius * math.sin(half) < (GAP + SAFE) / 2:
            return n
        n += 1


def _rows(count: int, inner: float, step: float, whole: bool) -> list[tuple[float, int]]:
    """(radius, blips) of each row a cell needs for ``count`` blips, from its inner edge out."""
    rows = []
    radius = inner + GAP / 2
    while count > 0:
        fits = min(count, _capacity(radius, step, whole))
        rows.append((radius, fits))
        count -= fits
        radius += GAP
    return rows


def _area_label(text: str, angle: float, radius: float) -> Label:
    lines = tuple(wrap(text, AREA_WIDTH / BOLD, AREA_SIZE))
    width = max(text_width(line, AREA_SIZE) * BOLD for line in lines)
    rad = math.radians(angle)
    x, y = radius * math.cos(rad), radius * math.sin(rad)
    cos, sin = math.cos(rad), math.sin(rad)
    anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
    height = (len(lines) - 1) * LINE + AREA_SIZE
    if sin < -0.2:  # above the centre: the text ends at the point
        first = y - (len(lines) - 1) * LINE - 4
    elif sin > 0.2:  # below: it starts there
        first = y + AREA_SIZE
    else:
        first = y - height / 2 + AREA_SIZE - 2
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return Label(lines, x, first, anchor, AREA_SIZE, (left, first - AREA_SIZE, width, height + 4))


def circle(cells: Cells, areas: Sequence[str], rings: Sequence[str]) -> Circle:
    """The radar with every ring as deep as its fullest cell: no blip on another, none in a lane."""
    sectors = max(1, len(areas))
    step = 360 / sectors
    whole = sectors == 1
    start = -90 - step / 2  # sector 0 is centred at the top, where the rings' names are
    spans, lanes, places, where = [], [], {}, {}
    inner = 0.0
    for ring, name in enumerate(rings):
        plans = {s: _rows(len(cells.get((s, ring), ())), inner, step, whole) for s in range(sectors)}
        depth = max(len(rows) for rows in plans.values())
        # An empty ring is only as deep as its name needs.
        outer = inner + depth * GAP + LANE + (0 if depth else EMPTY)
        # The ring's name runs along the top half of its lane: the lane must be long enough.
        outer = max(outer, LANE - 4 + (text_width(name, RING_SIZE) * BOLD + 12) / math.pi)
        for sector, rows in plans.items():
            keys = list(cells.get((sector, ring), ()))
            for radius, count in rows:
                for k in range(count):
                    key = keys.pop(0)
                    if whole:
                        angle = -90 + 360 * k / count
                    else:
                        angle = start + sector * step + step * (k + 0.5) / count
                    rad = math.radians(angle)
                    places[key] = (round(radius * math.cos(rad), 2), round(radius * math.sin(rad), 2))
                    where[key] = (sector, ring)
        spans.append((inner, outer))
        lanes.append(outer - LANE + 4)
        inner = outer
    radius = inner
    labels = tuple(_area_label(area, start + (i + 0.5) * step, radius + 14) for i, area in enumerate(areas))
    boxes = [(-radius, -radius, 2 * radius, 2 * radius)] + [label.box for label in labels]
    left = min(b[0] for b in boxes) - 4
    top = min(b[1] for b in boxes) - 4
    right = max(b[0] + b[2] for b in boxes) + 4
    bottom = max(b[1] + b[3] for b in boxes) + 4
    return Circle(
        (round(left, 1), round(top, 1), round(right - left, 1), round(bottom - top, 1)),
        radius,
        tuple(spans),
        tuple(lanes),
        tuple(start + i * step for i in range(sectors)) if not whole else (),
        step,
        labels,
        places,
        where,
    )


@dataclass(frozen=True)
class Band:
    """An area's band in the phone drawing: its name, and the top and bottom of its blip rows."""

    name: Label
    top: float
    bottom: float


@dataclass(frozen=True)
class Columns:
    """The phone radar: a column per ring, a band per area; blip centres."""

    width: float
    height: float
    column: float  # a column's width
    header: tuple[Label, ...]  # the rings' names
    header_height: float
    bands: tuple[Band, ...]
    places: dict[str, tuple[float, float]]
    cells: dict[str, tuple[int, int]]


def columns(cells: Cells, areas: Sequence[str], rings: Sequence[str], width: float = NARROW) -> Columns:
    """The radar unrolled: rings left to right (mainstream first), areas top to bottom."""
    column = width / max(1, len(rings))
    per_row = max(1, int(column // GAP))
    header, height = [], 0.0
    for ring, name in enumerate(rings):
        lines = tuple(wrap(name, (column - 4) / BOLD, RING_SIZE))
        x = column * (ring + 0.5)
        widest = max(text_width(line, RING_SIZE) * BOLD for line in lines)
        box = (x - widest / 2, 2, widest, len(lines) * LINE)
        header.append(Label(lines, x, 2 + RING_SIZE, "middle", RING_SIZE, box))
        height = max(height, len(lines) * LINE + 6)
    y = height
    bands, places, where = [], {}, {}
    for sector, area in enumerate(areas):
        counts = [len(cells.get((sector, ring), ())) for ring in range(len(rings))]
        if not any(counts):
            continue
        lines = tuple(wrap(area, (width - 8) / BOLD, AREA_SIZE - 1))
        name_box = (
            4,
            y + 4,
            max(text_width(line, AREA_SIZE - 1) * BOLD for line in lines),
            len(lines) * LINE,
        )
        name = Label(lines, 4, y + 4 + AREA_SIZE - 2, "start", AREA_SIZE - 1, name_box)
        top = y + len(lines) * LINE + 8
        rows = max(math.ceil(count / per_row) for count in counts)
        for ring in range(len(rings)):
            keys = list(cells.get((sector, ring), ()))
            for index, key in enumerate(keys):
                row, slot = divmod(index, per_row)
                in_row = min(per_row, len(keys) - row * per_row)
                x = column * ring + column * (slot + 0.5) / in_row
                places[key] = (round(x, 2), round(top + GAP / 2 + row * GAP, 2))
                where[key] = (sector, ring)
        bottom = top + rows * GAP
        bands.append(Band(name, y, bottom))
        y = bottom + 4
    return Columns(width, y, column, tuple(header), height, tuple(bands), places, where)
