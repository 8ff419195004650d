"""The built site in headless Chromium: what a reader does, and what a reader must not see.

Every test here fails on a JavaScript error or a request that leaves localhost
(see ``kbbrowser.Reader``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from kbbrowser import (
    AXE,
    PHONE,
    REPO,
    SAVED,
    Reader,
    open_reader,
    require_node_modules,
)

pytestmark = pytest.mark.browser

FEATURED = "Machine Learning Trends in 2024"
FEATURED_PAGE = "docs/articles/2024/machine-learning-trends-2024.html"
TOPICS = sorted(p.stem for p in (REPO / "docs/topics").glob("*.md"))
#: The pages axe-core checks and the phone viewport loads: home, article, tag, topic.
KEY_PAGES = {
    "home": "index.html",
    "article": FEATURED_PAGE,
    "tag": "docs/tags/ai.html",
    "topic": "docs/topics/rlhf.html",
}


def heading(reader: Reader) -> str:
    """The page's h1 as a reader sees it, without the "¶" permalink."""
    return reader.page.locator("article h1").first.evaluate(
        """h => [...h.childNodes]
            .filter(n => !(n.classList && n.classList.contains('headerlink')))
            .map(n => n.textContent).join('').trim()"""
    )


def follow(reader: Reader, link) -> str:
    """Click a link like a reader; returns the link's text."""
    text = link.inner_text().strip()
    with reader.page.expect_navigation():
        link.click()
    return text


def test_reader_path_home_article_tag_article_topic_related_and_back(reader):
    page = reader.page
    reader.goto("index.html")
    trail = [reader.path()]

    follow(reader, page.locator(".kb-article-cards a.kb-card-link", has_text=FEATURED))
    assert heading(reader) == FEATURED
    trail.append(reader.path())

    tag = page.locator(".kb-byline a.kb-tag").filter(has_text=re.compile(r"^\s*AI\s*$"))
    follow(reader, tag)
    assert heading(reader) == "AI"
    assert "tags/" in reader.path()
    trail.append(reader.path())

    other = page.locator(".kb-article-list__title a").filter(has_not_text=FEATURED).first
    other_title = follow(reader, other)
    assert heading(reader) == other_title
    assert reader.path() != FEATURED_PAGE
    trail.append(reader.path())

    topic = follow(reader, page.locator("#kb-topics-discussed a").first)
    assert heading(reader) == topic
    assert "topics/" in reader.path()
    trail.append(reader.path())

    related = follow(reader, page.locator("#kb-related-topics a").first)
    assert heading(reader) == related
    assert related != topic
    trail.append(reader.path())

    # And back the way the reader came, to the home page.
    for expected in reversed(trail[:-1]):
        page.go_back(wait_until="load")
        assert reader.path() == expected
    assert heading(reader) == "ML Trends Knowledge Base"


def body_word() -> tuple[str, str]:
    """A word from the featured article's body that no title and no other page contains."""
    source = (REPO / FEATURED_PAGE).with_suffix(".md").read_text(encoding="utf-8")
    title = re.search(r'^title:\s*"?(.*?)"?\s*$', source, re.MULTILINE).group(1)
    body = source.split("\n---\n", 1)[1]
    others = " ".join(
        p.read_text(encoding="utf-8").lower()
        for p in [REPO / "index.md", *(REPO / "docs").rglob("*.md")]
        if p != (REPO / FEATURED_PAGE).with_suffix(".md")
    )
    for word in re.findall(r"\b[a-z]{8,}\b", body):
        if word not in others and word not in title.lower():
            return word, title
    raise AssertionError("the featured article has no word of its own")


def test_search_finds_an_article_by_a_word_from_its_body(reader):
    from playwright.sync_api import expect

    word, title = body_word()
    reader.goto("index.html")
    reader.page.keyboard.press("/")  # the search dialog, from any page
    reader.page.locator("dialog.kb-dialog[open] .kb-dialog__input").wait_for()
    reader.page.keyboard.type(word)
    hit = reader.page.locator(".kb-dialog__result .kb-dialog__title", has_text=title)
    expect(hit.first).to_be_visible(timeout=10_000)


def background_is_dark(reader: Reader) -> bool:
    rgb = reader.page.evaluate("getComputedStyle(document.body).backgroundColor")
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return (r * 299 + g * 587 + b * 114) / 1000 < 128


def choose_theme(reader: Reader, theme: str) -> None:
    """Click Furo's toggle (auto → dark → light → auto, or the reverse) until ``theme``."""
    toggle = reader.page.locator(".theme-toggle:visible").first
    for _ in range(3):
        if reader.page.evaluate("document.body.dataset.theme") == theme:
            return
        toggle.click()
    assert reader.page.evaluate("document.body.dataset.theme") == theme


def screenshot(reader: Reader, folder: Path, name: str) -> Path:
    path = folder / name
    reader.page.screenshot(path=str(path), full_page=True)
    SAVED.append(path)
    print(path)
    return path


def test_dark_mode_toggle_switches_the_theme_and_a_reload_keeps_it(reader, artefacts):
    reader.goto("index.html")
    assert reader.page.evaluate("document.body.dataset.theme") == "auto"
    assert not background_is_dark(reader)  # the browser prefers light

    choose_theme(reader, "light")
    screenshot(reader, artefacts, "home-light.png")

    choose_theme(reader, "dark")
    assert background_is_dark(reader)
    assert reader.page.evaluate("localStorage.getItem('theme')") == "dark"
    screenshot(reader, artefacts, "home-dark.png")

    reader.page.reload(wait_until="load")
    assert reader.page.evaluate("document.body.dataset.theme") == "dark"
    assert background_is_dark(reader)
    reader.goto(FEATURED_PAGE)  # and every other page too
    assert background_is_dark(reader)


# The topic map (build-time SVG, no mermaid) is tested in test_map_browser.py.


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", KEY_PAGES)
def test_no_serious_or_critical_accessibility_violations(reader, artefacts, name, theme):
    require_node_modules(AXE)
    reader.goto(KEY_PAGES[name])
    reader.page.evaluate("theme => localStorage.setItem('theme', theme)", theme)
    reader.page.reload(wait_until="load")
    assert reader.page.evaluate("document.body.dataset.theme") == theme
    reader.page.add_script_tag(path=str(AXE))
    results = reader.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    report = artefacts / f"axe-{name}-{theme}.json"
    summary = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]],
        }
        for v in results["violations"]
    ]
    report.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    SAVED.append(report)
    serious = [v for v in summary if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{KEY_PAGES[name]} ({theme}): see {report}"


@pytest.fixture
def phone(chromium, site) -> Iterator[Reader]:
    reader = open_reader(chromium, site, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        yield reader
        reader.assert_clean()
    finally:
        reader.page.context.close()


@pytest.mark.parametrize("path", [*KEY_PAGES.values(), "docs/topics.html", "docs/archive.html"])
def test_no_horizontal_scroll_on_a_phone(phone, path):
    phone.goto(path)
    overflow = phone.page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1 && e.getClientRects().length)
                .map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
                    ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
            return {scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 10)};
        }"""
    )
    assert overflow["scroll"] <= 0, f"{path} scrolls sideways by {overflow['scroll']}px: {overflow['wide']}"
