"""The radar's geometry and movements, without Sphinx: blips never overlap, nothing is clipped.

Hypothesis draws random sets of topics per cell (any number of areas, any number of
topics in one cell, long area names) for both drawings, the desktop circle and the phone
columns, and checks every pair of blips, every blip against its cell, and every label
against the drawing's bounds.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from trendkb.model import trends
from trendkb.model.catalog import Topic
from trendkb.pages import radarlayout
from trendkb.pages.radarlayout import BLIP, GAP, LANE, MARK, NARROW, circle, columns
from trendkb.pages.textfit import text_width

RINGS = [trends.STATUS_LABELS[s] for s in trends.RINGS]
AREA_WORDS = ["Models", "and", "architectures", "Deployment", "Society", "governance", "x" * 30, "é"]


@st.composite
def radars(draw):
    """Area names and the blips of each (area, ring) cell: many in one cell, none in others."""
    sectors = draw(st.integers(1, 8))
    areas = [
        " ".join(draw(st.lists(st.sampled_from(AREA_WORDS), min_size=1, max_size=5))) for _ in range(sectors)
    ]
    cells, serial = {}, 0
    for sector in range(sectors):
        for ring in range(len(RINGS)):
            count = draw(st.one_of(st.just(0), st.integers(0, 4), st.integers(0, 30)))
            if count:
                cells[(sector, ring)] = [f"b{serial + i}" for i in range(count)]
                serial += count
    return areas, cells


def assert_apart(places: dict[str, tuple[float, float]]) -> None:
    """No two blips (each with its mark) overlap: centres ``GAP`` apart (positions are rounded to 0.01)."""
    points = sorted(places.items(), key=lambda item: item[1])
    for index, (a, (x1, y1)) in enumerate(points):
        for b, (x2, y2) in points[index + 1 :]:
            if x2 - x1 >= GAP:
                break
            assert math.hypot(x1 - x2, y1 - y2) >= GAP - 0.03 > 2 * (BLIP + MARK), (a, b)


def _inside(box, view) -> bool:
    x, y, w, h = box
    vx, vy, vw, vh = view
    return vx - 1e-6 <= x and vy - 1e-6 <= y and x + w <= vx + vw + 1e-6 and y + h <= vy + vh + 1e-6


@given(radars())
def test_circle_blips_never_overlap_stay_in_their_cell_and_nothing_is_clipped(radar):
    areas, cells = radar
    drawing = circle(cells, areas, RINGS)
    wanted = {key for keys in cells.values() for key in keys}
    assert set(drawing.places) == wanted
    assert_apart(drawing.places)
    reach = BLIP + MARK
    for key, (x, y) in drawing.places.items():
        sector, ring = drawing.cells[key]
        inner, outer = drawing.rings[ring]
        radius = math.hypot(x, y)
        # In its ring, clear of the ring's inner edge and of its lane (where the name is).
        assert radius - reach >= inner - 1e-6 and radius + reach <= outer - LANE + 1e-6
        if len(areas) > 1:  # in its sector, clear of both edges
            for edge in (drawing.edges[sector], drawing.edges[sector] + drawing.step):
                rad = math.radians(edge)
                # Distance from the edge's ray, and the blip on the sector's side of it.
                distance = abs(x * math.sin(rad) - y * math.cos(rad))
                assert distance >= GAP / 2 - 0.02, (key, edge)
            angle = (math.degrees(math.atan2(y, x)) - drawing.edges[sector]) % 360
            assert 0 < angle < drawing.step
        assert _inside((x - reach, y - reach, 2 * reach, 2 * reach), drawing.view)
    # Each ring's name fits on the top half of its lane; every area name is in the drawing.
    for (_, _outer), lane, name in zip(drawing.rings, drawing.lanes, RINGS, strict=True):
        assert math.pi * lane >= text_width(name, 12) * 1.08
    for label in drawing.areas:
        assert _inside(label.box, drawing.view)
        assert math.hypot(label.x, label.y) > drawing.radius  # outside the circle


@given(radars())
def test_phone_columns_blips_never_overlap_and_fit_the_phone(radar):
    areas, cells = radar
    drawing = columns(cells, areas, RINGS)
    assert drawing.width == NARROW
    assert set(drawing.places) == {key for keys in cells.values() for key in keys}
    assert_apart(drawing.places)
    reach = BLIP + MARK
    for key, (x, y) in drawing.places.items():
        _, ring = drawing.cells[key]
        # In its ring's column, with its mark, and inside the drawing.
        assert drawing.column * ring + reach <= x + 1e-6 and x + reach <= drawing.column * (ring + 1) + 1e-6
        assert drawing.header_height <= y - reach and y + reach <= drawing.height + 1e-6
    for band in drawing.bands:
        assert _inside(band.name.box, (0, 0, drawing.width, drawing.height))
        assert band.name.box[1] + band.name.box[3] <= band.bottom
        for x, y in drawing.places.values():  # no blip under an area's name
            box = band.name.box
            assert not (box[1] - reach < y < box[1] + box[3] + reach and box[0] - reach < x < box[0] + box[2])
    for label in drawing.header:
        assert _inside(label.box, (0, 0, drawing.width, drawing.header_height))


def test_a_crowded_cell_grows_its_ring_instead_of_stacking_blips():
    cells = {(0, 0): [f"m{i}" for i in range(40)], (1, 1): ["g"]}
    drawing = circle(cells, ["One", "Two", "Three"], RINGS)
    assert_apart(drawing.places)
    assert drawing.rings[0][1] > 3 * GAP  # deep enough for 40
    assert len(set(drawing.places.values())) == 41  # no two on one spot


def test_capacity_keeps_neighbours_and_sector_edges_apart():
    for radius in (10, 40, 100, 300):
        for step in (30, 72, 120, 180):
            n = radarlayout._capacity(radius, step, whole=False)
            if n:
                assert radius * math.sin(math.radians(step) / (2 * n)) >= GAP / 2
            assert (
                radius * math.sin(math.radians(step) / (2 * (n + 1))) < GAP / 2 or step / (2 * (n + 1)) > 90
            )


def _topic(history, status=None, **more) -> Topic:
    return Topic(
        "docs/topics/x",
        "x",
        "X",
        status=status or (history[-1][1] if history else None),
        status_history=tuple(history),
        **more,
    )


@pytest.mark.parametrize(
    ("history", "since", "expected"),
    [
        ([("2019", "emerging"), ("2024-09", "growing"), ("2025", "mainstream")], "2024-11", "in"),
        ([("2019", "emerging"), ("2024-09", "growing"), ("2025", "mainstream")], "2024-06", "in"),
        ([("2019", "mainstream"), ("2025-03", "fading")], "2025-01", "out"),
        ([("2025-02", "emerging")], "2025-01", "new"),
        ([("2025", "emerging")], "2025", "new"),  # "2025" is on the date, so since it
        ([("2017", "growing"), ("2025", "growing")], "2024", None),  # re-affirmed: no move
        ([("2017", "emerging"), ("2020", "growing")], "2024", None),
        ([], "2024", None),
    ],
)
def test_movement_since_a_date(history, since, expected):
    assert trends.movement(_topic(history), since) == expected


def test_movement_in_words_and_the_default_date():
    topic = _topic([("2019", "emerging"), ("2024-09", "growing"), ("2025", "mainstream")])
    assert trends.moved_words(topic, "2024-11") == "moved in from growing since November 2024"
    assert trends.moved_words(_topic([("2025-02", "emerging")]), "2025") == "new since 2025"
    assert trends.moved_words(_topic([("2017", "emerging")]), "2025") == ""
    topics = [topic, _topic([("2020", "growing")], as_of="2025-11")]
    assert trends.default_since(topics) == "2024-11"
    assert trends.default_since([_topic([])]) is None
    assert trends.readable("2025") == "2025"
    assert trends.readable("2025-09") == "September 2025"
    assert trends.readable("2025-09-04") == "4 September 2025"
