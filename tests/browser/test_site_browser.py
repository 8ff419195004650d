"""The built site in headless Chromium: what a reader does, and what a reader must not see.

Every test here fails on a JavaScript error or a request that leaves localhost
(see ``kbbrowser.Reader``).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from kbbrowser import (
    AXE,
    MERMAID_DIST,
    PHONE,
    REPO,
    SAVED,
    Reader,
    Server,
    build_site,
    open_reader,
    require_node_modules,
    serve,
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
MAP_TIMEOUT = 20_000


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
    box = reader.page.locator("input.sidebar-search:visible")
    box.fill(word)
    with reader.page.expect_navigation():
        box.press("Enter")
    assert reader.path() == "search.html"
    hit = reader.page.locator("#search-results li a", has_text=title)
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


def wait_for_map(reader: Reader):
    """The rendered map, once mermaid has drawn its nodes (it may draw twice: theme changes)."""
    svg = reader.page.locator(".kb-topic-map pre.mermaid[data-processed='true'] svg")
    svg.locator("g.node").first.wait_for(state="visible", timeout=MAP_TIMEOUT)
    return svg


def test_topic_map_renders_as_svg_with_no_network_and_nodes_open_their_topic(reader):
    from playwright.sync_api import expect

    require_node_modules()
    loaded = []
    reader.page.on("request", lambda request: loaded.append(request.url))
    reader.goto("docs/topics.html")
    svg = wait_for_map(reader)
    expect(svg.locator("g.node")).to_have_count(len(TOPICS))
    links = svg.locator("a")
    expect(links).to_have_count(len(TOPICS))
    assert f"{reader.server.origin}/_static/mermaid/mermaid.esm.min.mjs" in loaded
    # Links work under mermaid's default, strictest level: nothing may loosen it.
    init = " ".join(reader.page.locator('script[type="module"]').all_text_contents())
    assert "mermaid.initialize" in init
    assert re.findall(r'"securityLevel":\s*"(\w+)"', init) in ([], ["strict"])
    assert all(url.startswith(reader.server.origin + "/") for url in loaded)

    node = links.filter(has_text="Edge AI and TinyML")
    with reader.page.expect_navigation():
        node.click()
    assert reader.path() == "docs/topics/edge-ai-tinyml.html"
    assert heading(reader) == "Edge AI and TinyML"


HOSTILE = '<img src=x onerror="window.__xss=1">"] ; click'
STRAIGHT = str.maketrans({"\u201c": '"', "\u201d": '"'})


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Iterator[Server]:
    """The topics test site, plus a topic whose title is markup, with the map on its home page."""
    require_node_modules()
    srcdir = tmp_path_factory.mktemp("hostile") / "src"
    shutil.copytree(REPO / "tests/roots/test-topics", srcdir)
    (srcdir / "docs/topics/evil.md").write_text(
        f"---\ntitle: {json.dumps(HOSTILE)}\nsummary: A hostile title.\nstatus: emerging\n"
        "related: [llm]\n---\n\n## What it is\n\nA test.\n",
        encoding="utf-8",
    )
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace(":::{kb-topics}", ":::{kb-topic-map}\n:::\n\n:::{kb-topics}"))
    outdir = build_site(srcdir, srcdir.parent / "html", f"kb_mermaid_dist={MERMAID_DIST}")
    yield from serve(outdir)


def test_a_topic_title_with_markup_is_shown_as_text_and_runs_nothing(chromium, hostile_site):
    reader = open_reader(chromium, hostile_site)
    try:
        reader.goto("index.html")
        svg = wait_for_map(reader)
        node = svg.locator("g.node", has_text="onerror")
        assert node.locator(".nodeLabel").inner_text().strip() == HOSTILE
        assert reader.page.locator("img").count() == 0
        assert svg.locator("[onerror]").count() == 0
        reader.page.wait_for_timeout(300)  # time for a broken image's onerror, had one been made
        assert reader.page.evaluate("typeof window.__xss") == "undefined"
        # The hostile node still links to its own page, where the title is text too.
        with reader.page.expect_navigation():
            svg.locator("a", has_text="onerror").click()
        assert reader.path() == "docs/topics/evil.html"
        # (Sphinx's smart quotes curl the quotes of the page heading; the map keeps them straight.)
        assert heading(reader).translate(STRAIGHT) == HOSTILE
        assert reader.page.locator("article img").count() == 0
        assert reader.page.evaluate("typeof window.__xss") == "undefined"
        reader.assert_clean()
    finally:
        reader.page.context.close()


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
    if path == "docs/topics.html":
        require_node_modules()
    phone.goto(path)
    if path == "docs/topics.html":
        wait_for_map(phone)
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
