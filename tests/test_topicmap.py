"""The topic map and a topic's neighbourhood in a built site, and per-topic feeds.

The geometry itself (routing, groups, clipping) is tested in ``test_graphlayout.py``.
"""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from kbtest import build, content, copy_root, page

ATOM = "{http://www.w3.org/2005/Atom}"


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
        assert sorted(p["data-kb-ends"] for p in svg.select(".kb-map__edge")) == ["llm rlhf", "llm vit"]
        # The group is named after its best-connected topic, as text (escaped).
        [group] = svg.select("text.kb-map__group")
        assert group.get_text() == 'Around Large "Language" Models <b>[LLM]</b>'
        assert len(svg.select(".kb-map__cluster")) == 1
        label = svg.select_one('a[href="docs/topics/llm.html"] text').get_text()
        assert label == 'Large "Language" Models <b>[LLM]</b>'
    assert not soup.select("pre.mermaid, script[type=module]")
    assert not [s for s in soup.select("script[src]") if "mermaid" in s["src"]]
    assert soup.select('link[href*="kb-map.css"]') and soup.select('script[src*="kb-map.js"][defer]')
    # Pages without a map load neither its stylesheet nor its script.
    article = page(site, "docs/articles/one.html")
    assert not article.select('link[href*="kb-map.css"], script[src*="kb-map.js"]')


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
