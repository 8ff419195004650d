"""The topic map and a topic's neighbourhood (SVG laid out at build time), and per-topic feeds."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from kbtest import build, content, copy_root, page
from trendkb.pages.graphlayout import (
    FONT_SIZE,
    NARROW,
    WIDE,
    boxes_overlap,
    cluster_layout,
    communities,
    render_svg,
    star_layout,
    text_width,
    undirected,
    wrap,
)

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = 'He said "hi"] --> x[<img src=x onerror=alert(1)>] %% `md` #1; **bold** $$x$$ & co'


def _ring(count: int, chords: int = 3) -> tuple[dict[str, str], dict[str, list[str]]]:
    """``count`` topics with long titles, each related to its next ``chords`` neighbours."""
    titles = {f"t{i:03d}": f"Topic number {i} with a rather long title, really" for i in range(count)}
    names = list(titles)
    related = {name: [names[(i + k) % count] for k in range(1, chords + 1)] for i, name in enumerate(names)}
    return titles, related


def test_two_separate_groups_are_two_clusters_and_isolated_topics_one_more():
    nodes = ["a", "b", "c", "d", "e", "f", "g"]
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")]
    assert communities(nodes, edges) == [["a", "b", "c"], ["d", "e", "f"], ["g"]]
    assert communities([], []) == []


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


@pytest.mark.parametrize("width", [WIDE, NARROW])
@pytest.mark.parametrize("count", [1, 2, 17, 120])
def test_no_two_labels_overlap_and_the_drawing_fits_its_width(width, count):
    titles, related = _ring(count)
    layout = cluster_layout(titles, related, width)
    assert set(layout.boxes) == set(titles)
    assert boxes_overlap(layout) == []
    assert layout.width <= width
    for box in layout.boxes.values():
        # Every line of a label fits inside its box, with the box's padding.
        assert all(text_width(line) <= box.width - 16 for line in box.lines)
        assert len(box.lines) * 18 <= box.height
    # Every node sits inside one cluster panel.
    for box in layout.boxes.values():
        inside = [p for p in layout.panels if p[0] <= box.x and box.x + box.width <= p[0] + p[2]]
        inside = [p for p in inside if p[1] <= box.y and box.y + box.height <= p[1] + p[3]]
        assert len(inside) == 1


def test_the_phone_drawing_keeps_labels_legible_at_360_px():
    titles, related = _ring(17)
    layout = cluster_layout(titles, related, NARROW)
    # Drawn at its natural size in a 360 px screen's column (328 px): no shrinking below 12 px.
    margin = 2 * 16
    scale = min(1, 328 / (layout.width + margin))
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


def test_hostile_titles_and_links_stay_literal_text_in_the_svg():
    titles = {"x": HOSTILE, "y": "Plain"}
    svg = render_svg(
        cluster_layout(titles, {"x": ["y"]}), titles, {"x": 'evil" onclick="x', "y": None}, 'map "<b>"'
    )
    soup = BeautifulSoup(svg, "html.parser")
    assert not soup.select("img, script, b, [onclick], [onerror]")
    [link] = soup.select("a")
    assert link["href"] == 'evil" onclick="x'
    assert link.title.get_text() == HOSTILE
    assert "".join(t.get_text() for t in link.select("tspan")) == HOSTILE  # lines read as the title
    assert soup.svg["aria-label"] == 'map "<b>"'
    # The topic without a link is drawn, not linked.
    assert soup.select_one("g.kb-map__node").title.get_text() == "Plain"


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    srcdir = copy_root(rootdir, "topics", tmp_path_factory.mktemp("map") / "src")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + '\nhtml_baseurl = "https://kb.example.org/"\n')
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace(":::{kb-topics}", ":::{kb-topic-map}\n:::\n\n:::{kb-topics}"))
    return build(srcdir, freshenv=True)


def test_topics_page_carries_the_map_without_mermaid(site):
    assert site.warning.getvalue() == ""
    soup = page(site, "index.html")
    [wide, narrow] = content(soup).select(".kb-topic-map svg")
    assert "kb-map__svg--wide" in wide["class"] and "kb-map__svg--narrow" in narrow["class"]
    for svg in (wide, narrow):
        links = {a.get_text(" ", strip=True).split()[0]: a["href"] for a in svg.select("a.kb-map__node")}
        assert sorted(links.values()) == [
            "docs/topics/llm.html",
            "docs/topics/rlhf.html",
            "docs/topics/vit.html",
        ]
        assert len(svg.select(".kb-map__edge")) == 2
        assert svg.select(".kb-map__cluster")
        label = svg.select_one('a[href="docs/topics/llm.html"] text').get_text()
        assert label == 'Large "Language" Models <b>[LLM]</b>'
    assert not soup.select("pre.mermaid, script[type=module]")
    assert not [s for s in soup.select("script[src]") if "mermaid" in s["src"]]
    assert soup.select('link[href*="kb-map.css"]')
    # Pages without a map do not load its stylesheet.
    assert not page(site, "docs/articles/one.html").select('link[href*="kb-map.css"]')


def test_a_topic_page_draws_its_neighbourhood(site):
    soup = content(page(site, "docs/topics/llm.html"))
    section = soup.select_one("#kb-topic-neighbourhood")
    [svg, _narrow] = section.select("svg")
    hub = svg.select_one(".kb-map__node--hub")
    assert hub.name == "g" and hub.title.get_text().startswith('Large "Language" Models')
    assert sorted(a["href"] for a in svg.select("a.kb-map__node")) == ["rlhf.html", "vit.html"]
    assert len(svg.select(".kb-map__hub")) == 2
    # After the lists of the page's footer.
    ids = [s.get("id") for s in soup.select("section[id^=kb-]")]
    assert ids.index("kb-topic-neighbourhood") > ids.index("kb-related-topics")
    # The map is left out of the search index: its labels are the topics' titles again.
    assert "data-pagefind-ignore" in section.select_one(".kb-map").attrs
    [vit, _narrow] = content(page(site, "docs/topics/vit.html")).select("#kb-topic-neighbourhood svg")
    assert [a["href"] for a in vit.select("a")] == ["llm.html"]


def test_each_topic_has_a_feed_of_the_articles_discussing_it(site):
    feed = ElementTree.parse(site.outdir / "docs/topics/rlhf.xml").getroot()
    assert feed.find(f"{ATOM}title").text == "KB test site: Reinforcement Learning from Human Feedback"
    assert feed.find(f"{ATOM}id").text == "https://kb.example.org/docs/topics/rlhf.xml"
    links = {link.get("rel"): link.get("href") for link in feed.iter(f"{ATOM}link") if link.get("rel")}
    assert links["alternate"] == "https://kb.example.org/docs/topics/rlhf.html"
    entries = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert entries == ["One", "Three"]  # newest first; "four" and "two" do not discuss it
    llm = ElementTree.parse(site.outdir / "docs/topics/llm.xml").getroot()
    assert [e.find(f"{ATOM}title").text for e in llm.findall(f"{ATOM}entry")] == ["One"]
    assert llm.find(f"{ATOM}title").text == 'KB test site: Large "Language" Models <b>[LLM]</b>'


def test_a_topic_page_advertises_its_feed(site):
    head = page(site, "docs/topics/rlhf.html").head
    alternates = {
        link["title"]: link["href"]
        for link in head.select('link[rel=alternate][type="application/atom+xml"]')
    }
    assert alternates == {
        "KB test site (Atom)": "../../atom.xml",
        "KB test site: Reinforcement Learning from Human Feedback (Atom)": "rlhf.xml",
    }
    llm = page(site, "docs/topics/llm.html").head.select('link[rel=alternate][href="llm.xml"]')
    assert [link["title"] for link in llm] == ['KB test site: Large "Language" Models <b>[LLM]</b> (Atom)']
    assert not page(site, "docs/articles/one.html").head.select('link[rel=alternate][href$="rlhf.xml"]')
