"""The trend radar in Chromium at 390 and 1280 px, light and dark: legible, tappable, apart, named.

Measured in the page: every text of the visible drawing at 12 px or more, every blip a
24 px target or more with no two overlapping, nothing outside the drawing, axe-core
finding no serious or critical problem (``label-content-name-mismatch`` included), and
on a phone the radar and the map one tap from the top of the topics overview.
"""

from __future__ import annotations

import json
import math
import re

import pytest
from kbbrowser import AXE, REPO, SAVED, require_node_modules
from svggeometry import RADAR_GEOMETRY

pytestmark = pytest.mark.browser

TOPICS = sorted(p.stem for p in (REPO / "docs/topics").glob("*.md"))
MIN_TEXT, MIN_TARGET = 12, 24


def test_the_radar_is_legible_tappable_and_its_blips_apart(themed, artefacts):
    themed.goto("docs/topics.html")
    found = themed.page.evaluate(RADAR_GEOMETRY)
    width = themed.page.viewport_size["width"]
    assert found["kind"] == ("narrow" if width < 768 else "wide")
    small = [(t["text"], round(t["size"], 1)) for t in found["texts"] if t["size"] < MIN_TEXT - 0.01]
    assert small == [], "text below 12 px"
    assert len(found["blips"]) == len(TOPICS)
    for blip in found["blips"]:
        assert blip["width"] >= MIN_TARGET and blip["height"] >= MIN_TARGET, blip
        # Its accessible name starts with what it shows.
        assert blip["name"].startswith(blip["shown"] + ": "), blip
    dots = found["blips"]
    for index, a in enumerate(dots):
        for b in dots[index + 1 :]:
            assert math.hypot(a["x"] - b["x"], a["y"] - b["y"]) >= (a["dot"] + b["dot"]) / 2, (a, b)
    assert found["clipped"] == []
    if width < 768:  # the list's links are targets of their own on a phone
        assert all(link["height"] >= MIN_TARGET for link in found["links"]), found["links"]
    assert themed.page.evaluate("document.documentElement.scrollWidth") <= width
    shot = artefacts / f"radar-{width}-{themed.theme}.png"
    themed.page.locator(".kb-radar").screenshot(path=str(shot))
    SAVED.append(shot)
    report = artefacts / f"radar-{width}-{themed.theme}.json"
    report.write_text(
        json.dumps(
            {
                "smallest text px": min(t["size"] for t in found["texts"]),
                "smallest blip target px": min(min(b["width"], b["height"]) for b in dots),
                "smallest list link height px": min(link["height"] for link in found["links"]),
                "drawing width px": found["width"],
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    SAVED.append(report)


def test_the_radar_passes_axe_with_names_matching_what_is_shown(themed, artefacts):
    require_node_modules(AXE)
    themed.goto("docs/topics.html")
    themed.page.add_script_tag(path=str(AXE))
    results = themed.page.evaluate(
        """async () => await axe.run('.kb-radar', {resultTypes: ['violations'],
            rules: {'label-content-name-mismatch': {enabled: true}}})"""
    )
    serious = [
        {"rule": v["id"], "targets": [n["target"] for n in v["nodes"]]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    width = themed.page.viewport_size["width"]
    report = artefacts / f"axe-radar-{width}-{themed.theme}.json"
    report.write_text(json.dumps(serious, indent=2), encoding="utf-8")
    assert serious == [], report


def test_a_blip_opens_the_topic_timeline(themed):
    themed.goto("docs/topics.html")
    blip = themed.page.locator("svg.kb-radar__svg:visible a.kb-radar-blip").first
    href = blip.get_attribute("href")
    slug = re.search(r"topics/([a-z0-9-]+)\.html#kb-timeline-\1$", href).group(1)
    with themed.page.expect_navigation():
        blip.click()
    assert themed.path() == f"docs/topics/{slug}.html"
    timeline = themed.page.locator(f"#kb-timeline-{slug}")
    assert timeline.is_visible() and timeline.bounding_box()["y"] < themed.page.viewport_size["height"]


def test_on_a_phone_the_radar_and_the_map_are_one_tap_from_the_top(themed):
    if themed.page.viewport_size["width"] > 800:
        pytest.skip("the phone's question")
    themed.goto("docs/topics.html")
    height = themed.page.viewport_size["height"]
    for name, target in (("trend radar", ".kb-radar__svg--narrow"), ("topic map", ".kb-topic-map")):
        link = themed.page.get_by_role("link", name=name, exact=True)
        box = link.bounding_box()
        assert box["y"] + box["height"] < height, f"the link to the {name} is below the first screen"
        link.click()
        themed.page.wait_for_function(
            "sel => { const r = document.querySelector(sel).getBoundingClientRect();"
            " return r.top < innerHeight && r.bottom > 0; }",
            arg=target,
        )
        themed.page.evaluate("window.scrollTo(0, 0)")
    # The radar comes before the card grid.
    order = themed.page.evaluate(
        "() => [document.querySelector('.kb-radar'), document.querySelector('.kb-topic-cards')]"
        ".map(el => el.getBoundingClientRect().top + scrollY)"
    )
    assert order[0] < order[1]
