"""A topic's timeline, its evidence and its articles per year in Chromium, at 390 and 1280 px."""

from __future__ import annotations

import pytest
from kbbrowser import REPO
from svggeometry import TEXTS

pytestmark = pytest.mark.browser

TOPICS = sorted(p.stem for p in (REPO / "docs/topics").glob("*.md"))


def _apart(texts: list[dict]) -> list[tuple[str, str]]:
    found = []
    for index, a in enumerate(texts):
        for b in texts[index + 1 :]:
            (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
            if l1 < r2 - 0.5 and l2 < r1 - 0.5 and t1 < b2 - 0.5 and t2 < b1 - 0.5:
                found.append((a["text"], b["text"]))
    return found


def test_timelines_and_charts_keep_12_px_text_that_never_overlaps(themed):
    charts = 0
    for topic in TOPICS:
        themed.goto(f"docs/topics/{topic}.html")
        for root in (".kb-timeline", ".kb-trend-chart"):
            drawings = themed.page.evaluate(TEXTS, root)
            charts += root == ".kb-trend-chart" and len(drawings)
            assert len(drawings) <= 1, (topic, root)  # the desktop or the phone drawing
            for texts in drawings:
                assert [t["text"] for t in texts if t["size"] < 12 - 0.01] == [], (topic, root)
                assert _apart(texts) == [], (topic, root)
        # One bar is no chart; a chart is under its heading.
        chart = themed.page.locator(".kb-trend-chart")
        if chart.count():
            assert themed.page.locator("h3.kb-trend-chart__heading").text_content() == "Articles per year"
            assert chart.locator("rect.kb-trend-bar:visible").count() >= 2
    assert charts > 0
    assert themed.page.evaluate("document.documentElement.scrollWidth") <= themed.page.viewport_size["width"]


def test_a_citation_in_the_timeline_opens_the_paper_on_the_papers_page(themed):
    themed.goto("docs/topics/reasoning-models.html")
    assert themed.page.locator(".kb-topic-header__as-of").text_content().startswith("State of play as of ")
    link = themed.page.locator(".kb-timeline__cites a").first
    key = link.get_attribute("href").split("#paper-")[1]
    with themed.page.expect_navigation():
        link.click()
    assert themed.path() == "docs/papers.html"
    # The paper's entry is the page's target, scrolled into view.
    assert themed.page.evaluate("document.querySelector(':target').id") == f"paper-{key}"
    themed.page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.top < innerHeight; }",
        arg=f"paper-{key}",
    )
