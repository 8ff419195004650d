"""The topic map and a topic's neighbourhood in Chromium, on a desktop and on a phone.

The map is inline SVG drawn at build time: no script draws it, so these tests need
neither mermaid nor ``npm ci`` (only axe-core's check does).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest
from kbbrowser import (
    AXE,
    REPO,
    SAVED,
    SCREENS,
    Reader,
    Server,
    build_site,
    open_reader,
    open_screen,
    require_node_modules,
    serve,
)
from svggeometry import MAP_GEOMETRY

pytestmark = pytest.mark.browser

TOPICS = sorted(p.stem for p in (REPO / "docs/topics").glob("*.md"))
MIN_PX = 12

#: Every visible label of a map: its rendered font size and its box, and its node's box.
LABELS = """root => [...document.querySelectorAll(root + ' svg')]
    .filter(svg => svg.getClientRects().length)
    .flatMap(svg => [...svg.querySelectorAll('.kb-map__node')].map(node => {
        const text = node.querySelector('text'), box = text.getBoundingClientRect();
        const cell = node.querySelector('rect').getBoundingClientRect();
        const size = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
        return {label: text.textContent, size, href: node.getAttribute('href'),
                box: [box.left, box.top, box.right, box.bottom],
                cell: [cell.left, cell.top, cell.right, cell.bottom]};
    }))"""


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    found = []
    for index, a in enumerate(labels):
        for b in labels[index + 1 :]:
            (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
            if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1:
                found.append((a["label"], b["label"]))
    return found


def assert_legible(labels: list[dict], count: int) -> None:
    assert len(labels) == count, [label["label"] for label in labels]
    small = [(label["label"], round(label["size"], 1)) for label in labels if label["size"] < MIN_PX]
    assert small == [], "labels below 12 px"
    assert overlapping(labels) == []
    # Each label stays inside its own node's box.
    for label in labels:
        (l1, t1, r1, b1), (l2, t2, r2, b2) = label["box"], label["cell"]
        assert l2 <= l1 + 0.5 and r1 <= r2 + 0.5 and t2 <= t1 + 0.5 and b1 <= b2 + 0.5, label


@pytest.fixture(params=list(SCREENS))
def screen(request, chromium, site) -> Iterator[Reader]:
    reader = open_screen(chromium, site, request.param)
    try:
        yield reader
        reader.assert_clean()
    finally:
        reader.page.context.close()


def assert_routed(drawings: list[dict], where: str) -> int:
    """No edge enters a box, nothing outside the viewBox, group names legible and clear."""
    assert len(drawings) == 1, where  # the wide or the narrow drawing, never both
    [drawing] = drawings
    assert drawing["crossings"] == [], where
    assert drawing["clipped"] == [], where
    for name in drawing["names"]:
        assert name["inside"] and name["overlaps"] == [] and name["size"] >= MIN_PX, (where, name)
    return drawing["edges"]


def test_map_labels_are_legible_and_apart_and_every_node_opens_its_topic(screen, artefacts):
    screen.goto("docs/topics.html")
    labels = screen.page.evaluate(LABELS, ".kb-topic-map")
    assert_legible(labels, len(TOPICS))
    assert sorted(label["href"].rsplit("/", 1)[-1] for label in labels) == [f"{t}.html" for t in TOPICS]
    width = screen.page.viewport_size["width"]
    assert screen.page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    screen.page.locator(".kb-topic-map").screenshot(path=str(artefacts / f"map-{width}.png"))
    SAVED.append(artefacts / f"map-{width}.png")
    node = screen.page.locator(".kb-topic-map svg:visible a.kb-map__node", has_text="TinyML")
    with screen.page.expect_navigation():
        node.click()
    assert screen.path() == "docs/topics/edge-ai-tinyml.html"


def test_a_topic_page_draws_its_neighbourhood(screen):
    screen.goto("docs/topics/rlhf.html")
    section = screen.page.locator("#kb-topic-neighbourhood")
    related = section.locator("svg:visible a.kb-map__node")
    count = screen.page.locator("#kb-related-topics li").count()
    assert related.count() == count >= 1
    labels = screen.page.evaluate(LABELS, "#kb-topic-neighbourhood")
    assert_legible(labels, count + 1)
    hub = section.locator("svg:visible .kb-map__node--hub")
    assert "RLHF" in hub.text_content()
    with screen.page.expect_navigation():
        related.first.click()
    assert screen.path().startswith("docs/topics/")


@pytest.mark.parametrize("path", ["docs/topics.html", "docs/topics/rlhf.html"])
def test_maps_pass_axe(screen, artefacts, path):
    require_node_modules(AXE)
    screen.goto(path)
    screen.page.add_script_tag(path=str(AXE))
    results = screen.page.evaluate("async () => await axe.run('.kb-map', {resultTypes: ['violations']})")
    serious = [
        {"rule": v["id"], "targets": [n["target"] for n in v["nodes"]]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    report = artefacts / f"axe-map-{path.replace('/', '-')}-{screen.page.viewport_size['width']}.json"
    report.write_text(json.dumps(serious, indent=2), encoding="utf-8")
    assert serious == [], report


HOSTILE = '<img src=x onerror="window.__xss=1">"] ; click'


@pytest.fixture(scope="module")
def hostile_site(chromium, tmp_path_factory) -> Iterator[Server]:
    """The topics test site plus a topic whose title is markup, with the map on its home page."""
    srcdir = tmp_path_factory.mktemp("hostile-map") / "src"
    shutil.copytree(REPO / "tests/roots/test-topics", srcdir)
    (srcdir / "docs/topics/evil.md").write_text(
        f"---\ntitle: {json.dumps(HOSTILE)}\nsummary: A hostile title.\nstatus: emerging\n"
        "related: [llm]\n---\n\n## What it is\n\nA test.\n",
        encoding="utf-8",
    )
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace(":::{kb-topics}", ":::{kb-topic-map}\n:::\n\n:::{kb-topics}"))
    yield from serve(build_site(srcdir, srcdir.parent / "html"))


def test_a_topic_title_with_markup_is_text_in_the_map_and_runs_nothing(chromium, hostile_site):
    reader = open_reader(chromium, hostile_site)
    try:
        reader.goto("index.html")
        node = reader.page.locator(".kb-topic-map svg:visible a.kb-map__node", has_text="onerror")
        assert node.locator("text").text_content() == HOSTILE
        assert reader.page.locator("img, .kb-topic-map [onerror]").count() == 0
        reader.page.wait_for_timeout(300)  # time for a broken image's onerror, had one been made
        assert reader.page.evaluate("typeof window.__xss") == "undefined"
        with reader.page.expect_navigation():
            node.click()
        assert reader.path() == "docs/topics/evil.html"
        reader.assert_clean()
    finally:
        reader.page.context.close()


def test_no_edge_crosses_a_box_and_nothing_is_clipped_on_the_map_and_every_neighbourhood(themed, artefacts):
    """Measured in the page: every edge's path against every box, on the built site."""
    themed.goto("docs/topics.html")
    drawings = themed.page.evaluate(MAP_GEOMETRY, ".kb-topic-map")
    assert assert_routed(drawings, "map") > len(TOPICS)
    assert [n["name"] for n in drawings[0]["names"]] and all(
        n["name"].startswith(("Around ", "Not related")) for n in drawings[0]["names"]
    )
    width = themed.page.viewport_size["width"]
    shot = artefacts / f"map-{width}-{themed.theme}.png"
    themed.page.locator(".kb-topic-map").screenshot(path=str(shot))
    SAVED.append(shot)
    edges = 0
    for topic in TOPICS:
        themed.goto(f"docs/topics/{topic}.html")
        edges += assert_routed(themed.page.evaluate(MAP_GEOMETRY, "#kb-topic-neighbourhood"), topic)
    assert edges > len(TOPICS)


def test_hovering_or_focusing_a_topic_lights_its_relations(screen):
    screen.goto("docs/topics.html")
    svg = screen.page.locator(".kb-topic-map svg:visible")
    node = svg.locator('a.kb-map__node[data-kb-node="rlhf"]')
    own = svg.locator('.kb-map__edges path[data-kb-ends~="rlhf"]')
    assert own.count() >= 1
    lit = svg.locator(".kb-map__edges path.is-lit")
    node.focus()  # as Tab would
    assert "kb-map--lit" in svg.get_attribute("class")
    assert lit.count() == own.count()
    assert sorted(lit.evaluate_all("ps => ps.map(p => p.getAttribute('data-kb-ends'))")) == sorted(
        own.evaluate_all("ps => ps.map(p => p.getAttribute('data-kb-ends'))")
    )
    near = svg.locator(".kb-map__node.is-near")
    assert near.count() == own.count() and "is-here" in node.get_attribute("class")
    # Tab moves the light to the next topic; leaving the map puts it out.
    screen.page.keyboard.press("Tab")
    focused = screen.page.evaluate("document.activeElement.getAttribute('data-kb-node')")
    if focused:
        assert svg.locator(f'[data-kb-node="{focused}"].is-here').count() == 1
    screen.page.evaluate("document.activeElement.blur()")
    assert lit.count() == 0 and "kb-map--lit" not in svg.get_attribute("class")
    if screen.page.viewport_size["width"] > 800:  # a pointer
        svg.locator('a.kb-map__node[data-kb-node="vision-transformers"]').hover()
        assert svg.locator('.kb-map__edges path.is-lit[data-kb-ends~="vision-transformers"]').count() >= 1
        assert lit.count() == svg.locator('.kb-map__edges path[data-kb-ends~="vision-transformers"]').count()
