"""Light pages in Chromium: what a page left out is not missed, what it kept still works."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from kbbrowser import REPO, Server, build_site, open_reader, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def assets_site(chromium, tmp_path_factory) -> Iterator[Server]:
    """tests/roots/test-assets: an article with a code block, one without, cards, tabs."""
    srcdir = REPO / "tests/roots/test-assets"
    yield from serve(build_site(srcdir, tmp_path_factory.mktemp("assets") / "html"))


def test_copy_button_copies_the_code_of_an_article(chromium, assets_site):
    reader = open_reader(chromium, assets_site, permissions=["clipboard-read", "clipboard-write"])
    try:
        reader.goto("docs/articles/with-code.html")
        block = reader.page.locator("div.highlight").first
        block.hover()
        button = block.locator("button.copybtn")
        button.click()
        assert reader.page.evaluate("navigator.clipboard.readText()").strip() == 'print("copy me")'
        assert "success" in (button.get_attribute("class") or "")
        # The page without code has no button, and no error from a missing script.
        reader.goto("docs/articles/plain.html")
        assert reader.page.locator("button.copybtn").count() == 0
        reader.assert_clean()
    finally:
        reader.page.context.close()


def test_tabs_still_switch(chromium, assets_site):
    reader = open_reader(chromium, assets_site)
    try:
        reader.goto("docs/tabs.html")
        second = reader.page.locator(".sd-tab-content").nth(1)
        assert not second.is_visible()
        reader.page.locator("label.sd-tab-label", has_text="Two").click()
        assert second.is_visible()
        reader.assert_clean()
    finally:
        reader.page.context.close()


def test_topic_cards_are_styled_by_sphinx_design(reader):
    reader.goto("docs/topics.html")
    cards = reader.page.locator(".sd-card")
    assert cards.count() >= 3
    style = cards.first.evaluate(
        "c => { const s = getComputedStyle(c); return [s.display, s.borderTopStyle, s.borderRadius]; }"
    )
    assert style[0] == "flex" and style[1] == "solid" and style[2] != "0px", style
    # On a desktop the grid puts cards side by side.
    tops = [cards.nth(i).bounding_box() for i in range(2)]
    assert tops[0]["y"] == tops[1]["y"] and tops[0]["x"] != tops[1]["x"], tops
