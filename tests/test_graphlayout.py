"""The map's geometry, tested without Sphinx: edges routed around boxes, named groups, nothing clipped.

Hypothesis draws random topic graphs (any number of topics, relations and groups, long
and odd titles) and checks every edge against every box, in the layout and in the SVG
path the browser draws (its rounded bends included), for the desktop and phone widths.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from trendkb.pages import gridroute
from trendkb.pages.communities import arranged, communities, hub, named_communities, undirected
from trendkb.pages.graphlayout import (
    FONT_SIZE,
    NARROW,
    WIDE,
    Layout,
    boxes_overlap,
    cluster_layout,
    crossings,
    outside,
    shared_lines,
    star_layout,
)
from trendkb.pages.mapsvg import path_data, render_svg
from trendkb.pages.textfit import text_width, wrap

WORDS = ["AI", "Deep", "learning", "models", "Neuroscience-Inspired", "for", "and", "RLHF", "x" * 40, "数据"]


@st.composite
def graphs(draw, most: int = 22):
    """Titles and relations of a random topic graph (relations may be one-sided or repeated)."""
    count = draw(st.integers(1, most))
    names = [f"t{i:02d}" for i in range(count)]
    titles = {
        name: " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))) for name in names
    }
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=min(60, 3 * count))
    )
    related: dict[str, list[str]] = {}
    for a, b in pairs:
        related.setdefault(a, []).append(b)
    return titles, related


def _on_border(point, box, tolerance: float = 1e-6) -> bool:
    x, y = point
    inside_x = box.x - tolerance <= x <= box.x + box.width + tolerance
    inside_y = box.y - tolerance <= y <= box.y + box.height + tolerance
    on_x = abs(x - box.x) < tolerance or abs(x - box.x - box.width) < tolerance
    on_y = abs(y - box.y) < tolerance or abs(y - box.y - box.height) < tolerance
    return inside_x and inside_y and (on_x or on_y)


def sampled(d: str, steps: int = 24) -> list[tuple[float, float]]:
    """Points along an SVG path made of M, L and Q commands (what ``path_data`` writes)."""
    tokens = re.findall(r"[MLQ]|-?\d+(?:\.\d+)?", d)
    points, at, index, command = [], None, 0, None
    while index < len(tokens):
        if tokens[index] in "MLQ":
            command = tokens[index]
            index += 1
            continue
        if command == "Q":
            cx, cy, x, y = map(float, tokens[index : index + 4])
            index += 4
            for k in range(1, steps + 1):
                f = k / steps
                points.append(
                    (
                        (1 - f) ** 2 * at[0] + 2 * (1 - f) * f * cx + f * f * x,
                        (1 - f) ** 2 * at[1] + 2 * (1 - f) * f * cy + f * f * y,
                    )
                )
        else:
            x, y = map(float, tokens[index : index + 2])
            index += 2
            if command == "L":
                points += [
                    (at[0] + (x - at[0]) * k / steps, at[1] + (y - at[1]) * k / steps) for k in range(steps)
                ]
            points.append((x, y))
        at = (x, y)
    return points


def assert_drawn_well(layout: Layout, titles) -> None:
    """Every property the map promises, for one layout."""
    assert set(layout.boxes) == set(titles)
    assert boxes_overlap(layout) == []
    assert crossings(layout) == []  # no edge through any box, its own included
    assert shared_lines(layout) == []  # no two edges along one line
    assert outside(layout) == []  # every box, label, panel, name and edge inside the drawing
    assert len(layout.paths) == len(layout.edges)
    for (a, b), path in zip(layout.edges, layout.paths, strict=True):
        # From one end's border to the other's, in straight horizontal and vertical pieces.
        assert _on_border(path[0], layout.boxes[a]) and _on_border(path[-1], layout.boxes[b])
        for (x1, y1), (x2, y2) in pairwise(path):
            assert abs(x1 - x2) < 1e-6 or abs(y1 - y2) < 1e-6
        # The drawn path, rounded bends included, enters no box either.
        for x, y in sampled(path_data(path)):
            for box in layout.boxes.values():
                assert not (
                    box.x + 0.5 < x < box.x + box.width - 0.5 and box.y + 0.5 < y < box.y + box.height - 0.5
                ), ((a, b), box.node, (x, y))
    for box in layout.boxes.values():
        assert all(text_width(line) <= box.width - 16 + 1e-6 for line in box.lines)
        assert len(box.lines) * 18 <= box.height


@given(graphs(), st.sampled_from([WIDE, NARROW]))
def test_map_edges_never_cross_a_box_and_nothing_is_clipped(graph, width):
    titles, related = graph
    layout = cluster_layout(titles, related, width)
    assert_drawn_well(layout, titles)
    assert layout.width <= width + 1e-6 or min(b.width for b in layout.boxes.values()) <= 96 + 1e-6
    # Every topic sits inside exactly one panel, under its group's name, clear of it.
    for box in layout.boxes.values():
        holding = [
            p
            for p in layout.panels
            if p.x <= box.x
            and box.x + box.width <= p.x + p.width
            and p.y <= box.y
            and box.y + box.height <= p.y + p.height
        ]
        assert len(holding) == 1
        name_bottom = holding[0].text_y + (len(holding[0].lines) - 1) * 18 + 5
        assert name_bottom <= box.y
    names = [panel.name for panel in layout.panels]
    assert all(names) and len(layout.panels) == len(
        named_communities(titles, undirected(list(titles), related))
    )


@given(graphs(most=16), st.sampled_from([WIDE, NARROW]))
def test_neighbourhood_edges_never_cross_a_box(graph, width):
    titles, related = graph
    centre = next(iter(titles))
    layout = star_layout(centre, titles, related, width)
    assert_drawn_well(layout, titles)
    assert layout.hub == centre
    assert all(layout.boxes[centre].y < box.y for node, box in layout.boxes.items() if node != centre)
    assert {(centre, other) for other in titles if other != centre} <= set(layout.edges)


@given(graphs(most=14))
def test_every_gutter_is_as_wide_as_its_tracks_and_tracks_never_share_a_stretch(graph):
    titles, related = graph
    edges = undirected(list(titles), related)
    cells = tuple(gridroute.Cell(node, i // 3, i % 3) for i, node in enumerate(titles))
    grid = gridroute.Grid(max(c.row for c in cells) + 1, 3, cells)
    routing = gridroute.route(grid, edges)
    seen: dict = {}
    for index, route in enumerate(routing.routes):
        assert route.runs and len(route.runs) == len(route.extents)
        for (line, track), (lo, hi) in zip(route.runs, route.extents, strict=True):
            assert 0 <= track < routing.tracks[line]
            for other, (olo, ohi) in seen.get((line, track), ()):
                assert hi < olo or ohi < lo, (index, other, line, track)
            seen.setdefault((line, track), []).append((index, (lo, hi)))
        # Runs alternate between horizontal and vertical gutters.
        kinds = [line[0] for line, _ in route.runs]
        assert all(a != b for a, b in pairwise(kinds))


def _ring(count: int, chords: int = 3) -> tuple[dict[str, str], dict[str, list[str]]]:
    """``count`` topics with long titles, each related to its next ``chords`` neighbours."""
    titles = {f"t{i:03d}": f"Topic number {i} with a rather long title, really" for i in range(count)}
    names = list(titles)
    related = {name: [names[(i + k) % count] for k in range(1, chords + 1)] for i, name in enumerate(names)}
    return titles, related


@pytest.mark.parametrize("width", [WIDE, NARROW])
@pytest.mark.parametrize("count", [1, 2, 17, 60])
def test_large_and_small_maps_are_drawn_well(width, count):
    titles, related = _ring(count)
    assert_drawn_well(cluster_layout(titles, related, width), titles)


def test_two_separate_groups_are_two_clusters_and_isolated_topics_one_more():
    nodes = ["a", "b", "c", "d", "e", "f", "g"]
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")]
    assert communities(nodes, edges) == [["a", "b", "c"], ["d", "e", "f"], ["g"]]
    assert communities([], []) == []


def test_groups_are_named_after_their_best_connected_topic():
    titles = {"a": "Alpha", "b": "Beta  <b>", "c": "Gamma", "d": "Delta"}
    edges = [("a", "b"), ("b", "c")]
    assert hub(["a", "b", "c"], edges) == "b"
    assert named_communities(titles, edges) == [
        ("Around Beta <b>", ["a", "b", "c"]),
        ("Not related to other topics", ["d"]),
    ]


def test_groups_are_ordered_to_keep_relations_short():
    # b's group is related to c's only: they end up next to each other.
    groups = [("A", ["a1", "a2"]), ("B", ["b1", "b2"]), ("C", ["c1", "c2"])]
    edges = [("a1", "a2"), ("b1", "b2"), ("c1", "c2"), ("a1", "c1"), ("a2", "c2"), ("b1", "a1")]
    order = [name for name, _ in arranged(groups, edges, linear=True)]
    assert order.index("A") == 1  # A, in the middle, is related to both


def test_relations_are_counted_once_and_unknown_topics_are_ignored():
    assert undirected(["a", "b", "c"], {"a": ["b", "x"], "b": ["a", "c"], "c": ["b", "c"]}) == [
        ("a", "b"),
        ("b", "c"),
    ]


def test_labels_wrap_within_their_cell_and_long_words_are_cut():
    assert wrap("Neuroscience-Inspired Deep Learning", 130) == ["Neuroscience-", "Inspired Deep", "Learning"]
    lines = wrap("https://example.org/" + "x" * 80, 120)
    assert len(lines) > 2 and all(text_width(line) <= 120 for line in lines)
    assert "".join(lines) == "https://example.org/" + "x" * 80


def test_the_phone_drawing_keeps_labels_legible_at_360_px():
    titles, related = _ring(17)
    layout = cluster_layout(titles, related, NARROW)
    # Drawn at its natural size in a 360 px screen's column (328 px): no shrinking below 12 px.
    scale = min(1, 328 / (layout.width + 8))
    assert FONT_SIZE * scale >= 12
    assert layout.height > layout.width  # taller than wide on a phone


def test_layout_is_deterministic_and_independent_of_relation_order():
    titles, related = _ring(30)
    shuffled = {name: list(reversed(others)) for name, others in reversed(related.items())}
    assert cluster_layout(titles, related) == cluster_layout(titles, shuffled)
    one = render_svg(cluster_layout(titles, related), titles, {}, "map")
    assert one == render_svg(cluster_layout(titles, shuffled), titles, {}, "map")


def test_neighbourhood_puts_the_topic_on_top_and_links_it_to_each_related_topic():
    titles = {"hub": "The hub", "a": "Alpha", "b": "Beta", "c": "Gamma"}
    layout = star_layout("hub", titles, {"a": ["b"]}, WIDE)
    assert layout.hub == "hub" and boxes_overlap(layout) == []
    assert all(layout.boxes["hub"].y < layout.boxes[other].y for other in "abc")
    assert set(layout.edges) == {("hub", "a"), ("hub", "b"), ("hub", "c"), ("a", "b")}
    assert boxes_overlap(star_layout("hub", titles, {}, NARROW)) == []


HOSTILE = 'He said "hi"] --> x[<img src=x onerror=alert(1)>] %% `md` #1; **bold** $$x$$ & co'


def test_hostile_titles_group_names_and_links_stay_literal_text_in_the_svg():
    titles = {"x": HOSTILE, "y": "Plain", "z": "Alone"}
    layout = cluster_layout(titles, {"x": ["y"]}, groups=[(HOSTILE, ["x", "y"]), ("<i>z</i>", ["z"])])
    svg = render_svg(layout, titles, {"x": 'evil" onclick="x', "y": None, "z": None}, 'map "<b>"')
    soup = BeautifulSoup(svg, "html.parser")
    assert not soup.select("img, script, b, i, [onclick], [onerror]")
    [link] = soup.select("a")
    assert link["href"] == 'evil" onclick="x'
    assert link.title.get_text() == HOSTILE
    assert "".join(t.get_text() for t in link.select("tspan")) == HOSTILE  # lines read as the title
    assert soup.svg["aria-label"] == 'map "<b>"'
    names = ["".join(t.get_text() for t in g.select("tspan")) for g in soup.select("text.kb-map__group")]
    assert names == [HOSTILE, "<i>z</i>"]
    # The topics without a link are drawn, not linked; every edge names its two ends.
    assert [g.title.get_text() for g in soup.select("g.kb-map__node")] == ["Plain", "Alone"]
    assert [p["data-kb-ends"] for p in soup.select("path")] == ["x y"]
