"""Preview cards and backlinks in headless Chromium, on the small backlinks test site.

Hovering or focusing a ``{topic}`` reference shows its summary (as text), Escape hides
it, a tap on a phone follows the link, a page shows the pages linking to it; no
JavaScript error, no request off the site, and axe-core finds nothing serious.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from kbbrowser import AXE, PHONE, Reader, Server, build_site, open_reader, require_node_modules, serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1] / "roots" / "test-backlinks"
SUMMARY = "Tuning models toward <em>preferred</em> outputs."
TOPIC_LINK = "section#labels a[data-kb-preview]"


@pytest.fixture(scope="module")
def small_site(chromium, tmp_path_factory) -> Iterator[Server]:
    src = shutil.copytree(ROOT, tmp_path_factory.mktemp("previews") / "src")
    yield from serve(build_site(src, src.parent / "html"))


@pytest.fixture
def tab(chromium, small_site) -> Iterator[Reader]:
    reader = open_reader(chromium, small_site)
    try:
        yield reader
        reader.assert_clean()
    finally:
        reader.page.context.close()


def shown_card(reader: Reader):
    card = reader.page.locator("#kb-preview")
    card.wait_for(state="visible")
    assert card.get_attribute("role") == "tooltip"
    return card


def test_hover_shows_the_topic_summary_as_text(tab):
    tab.goto("docs/guide.html")
    link = tab.page.locator(TOPIC_LINK)
    link.hover()
    card = shown_card(tab)
    assert card.locator(".kb-preview__title").inner_text() == "Reinforcement Learning from Human Feedback"
    assert card.locator(".kb-preview__meta").inner_text() == "mainstream"
    assert card.locator(".kb-preview__text").inner_text() == SUMMARY  # markup shown, never parsed
    assert card.locator("em").count() == 0
    assert link.get_attribute("aria-describedby") == "kb-preview"
    tab.page.mouse.move(1, 1)
    card.wait_for(state="hidden")
    assert link.get_attribute("aria-describedby") is None


def test_a_listing_card_reads_the_excerpt_beside_the_link(tab):
    tab.goto("index.html")
    tab.page.locator(".kb-article-list__title a", has_text="Beta").hover()
    card = shown_card(tab)
    assert card.locator(".kb-preview__meta").inner_text() == "February 1, 2024"
    assert card.locator(".kb-preview__text").inner_text() == "Beta's excerpt."


def test_keyboard_focus_shows_the_card_and_escape_hides_it(tab):
    tab.goto("docs/guide.html")
    # Tab walks past the sidebar's search box (focus alone opens no dialog) into the page.
    for _ in range(80):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("document.activeElement.matches('a[data-kb-preview]')"):
            break
    else:
        pytest.fail("no previewable link reached with Tab")
    card = shown_card(tab)
    focused = tab.page.evaluate("document.activeElement.getAttribute('data-kb-preview')")
    assert card.locator(".kb-preview__title").inner_text() == focused
    tab.page.keyboard.press("Escape")
    card.wait_for(state="hidden")


def test_a_tap_follows_the_link_on_a_phone(chromium, small_site):
    phone = open_reader(chromium, small_site, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        phone.goto("docs/guide.html")
        with phone.page.expect_navigation():
            phone.page.locator(TOPIC_LINK).tap()
        assert phone.path() == "docs/topics/rlhf.html"
        phone.assert_clean()
    finally:
        phone.page.context.close()


def test_a_page_shows_the_pages_linking_to_it(tab):
    tab.goto("docs/articles/alpha.html")
    section = tab.page.locator("section.kb-backlinks")
    assert section.locator("h2").inner_text() == "Linked from"
    guide = section.locator("li", has_text="Guide")
    assert guide.locator(".kb-backlinks__section").all_inner_texts() == ["§ Reading order", "§ Labels"]
    with tab.page.expect_navigation():
        guide.locator("a", has_text="Labels").click()
    assert tab.path() == "docs/guide.html"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_card_shown_is_accessible(tab, theme):
    require_node_modules(AXE)
    tab.goto("docs/guide.html")
    tab.page.evaluate("theme => localStorage.setItem('theme', theme)", theme)
    tab.page.reload(wait_until="load")
    assert tab.page.evaluate("document.body.dataset.theme") == theme
    tab.page.locator(TOPIC_LINK).hover()
    card = shown_card(tab)
    # The card follows the theme: Furo's background colour, not a fixed one.
    body_bg = tab.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert card.evaluate("c => getComputedStyle(c).backgroundColor") == body_bg
    tab.page.add_script_tag(path=str(AXE))
    results = tab.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"]) for v in results["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
