"""A site of mistakes and hostile input: it builds, warns once per problem, and shows nothing wrong.

The test-hostile root holds topics without a valid title (no title, no front matter,
an empty file, malformed YAML), a topic naming itself as related, Markdown in a topic
title, tags whose slugs collide by spelling and by hash, titles with quotes and dashes,
and hand-written pages at a tag's and an author's path.
"""

from __future__ import annotations

import dataclasses
import json
import time
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from kbtest import build, content, copy_root, page, snapshot
from sphinx.util.console import strip_escape_sequences
from test_incremental import assert_same_as_fresh, bump
from trendkb.config import PREFIX, KBConfig
from trendkb.model.catalog import Article, build_catalog
from trendkb.outputs import feeds

UNTITLED = ("badyaml", "empty", "nofm", "notitle")
ARTICLE_TITLE = "\"Quoted\" -- it's 'fine' --- really..."
TOPIC_TITLE = "\"Don't\" -- stop 'here'..."
GOOD_TITLE = "**Bold** _italic_ ~struck~ topic"


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "hostile", tmp_path_factory.mktemp("hostile") / "src"), freshenv=True)


def warnings(app) -> list[str]:
    return strip_escape_sequences(app.warning.getvalue()).splitlines()


def test_every_problem_is_one_warning_and_nothing_else(site):
    found = warnings(site)
    expected = [
        "topics/badyaml.md:3: WARNING: malformed YAML",
        "topics/empty.md:1: WARNING: the file is empty",
        "topics/nofm.md:1: WARNING: no front matter",
        "topics/notitle.md:1: WARNING: the front matter has no 'title'",
        "topics/good.md:5: WARNING: field 'related': topic 'good' names itself: "
        "expected the slugs of other topics [kb.topic]",
        "topics/good.md:5: WARNING: field 'related': topic 'notitle' has no valid title",
        "articles/quotes.md:7: WARNING: field 'topics': topic 'notitle' has no valid title",
        "articles/quotes.md:7: WARNING: field 'topics': topic 'nofm' has no valid title",
        "articles/quotes.md:10: WARNING: unknown topic 'notitle': "
        "expected the slug of a page in docs/topics/ that has a title [ref.topic]",
    ]
    for text in expected:
        assert sum(text in line for line in found) == 1, (text, found)
    assert len(found) == len(expected), found
    assert "Traceback" not in site.status.getvalue()


def test_untitled_topics_are_left_out_of_every_listing(site):
    index = content(page(site, "index.html"))
    assert [a.get_text(strip=True) for a in index.select(".kb-topic-card a")] or index.select(
        ".kb-topic-cards"
    )
    cards = index.select_one(".kb-topic-cards").get_text(" ", strip=True)
    assert GOOD_TITLE in cards and TOPIC_TITLE in cards
    assert "None" not in cards
    for slug in UNTITLED:
        assert f"topics/{slug}.html" not in str(index.select_one(".kb-topic-cards"))
    # The map holds the two titled topics and their one relation.
    svg = content(page(site, "docs/topics.html")).select_one(".kb-topic-map svg")
    assert len(svg.select(".kb-map__node")) == 2 and len(svg.select(".kb-map__edge")) == 1
    assert "None" not in svg.get_text()
    # JSON-LD names only the titled topic the article discusses.
    [script] = page(site, "docs/articles/quotes.html").select('script[type="application/ld+json"]')
    assert json.loads(script.string)["about"] == [GOOD_TITLE]
    # The related list of "good" shows the quoted topic, not itself or the untitled one.
    related = content(page(site, "docs/topics/good.html")).select_one("#kb-related-topics")
    assert [a.get_text() for a in related.select("a")] == [TOPIC_TITLE]
    catalog = json.loads((site.outdir / "catalog.json").read_text(encoding="utf-8"))
    assert sorted(t["slug"] for t in catalog["topics"]) == ["good", "quoted"]


@pytest.mark.parametrize("slug", UNTITLED)
def test_untitled_topic_page_is_built_under_its_slug(site, slug):
    soup = page(site, f"docs/topics/{slug}.html")
    assert content(soup).find("h1").get_text(strip=True).rstrip("¶") == slug
    assert not content(soup).select(".kb-topic-header, #kb-discussed-in, #kb-related-topics")


def test_markdown_in_a_topic_title_stays_literal_in_the_map(site):
    svg = content(page(site, "docs/topics.html")).select_one(".kb-topic-map svg")
    [node] = [a for a in svg.select("a.kb-map__node") if "Bold" in a.title.get_text()]
    # The title's Markdown is text in the drawing: no <strong>, <em> or <del> made of it.
    assert node.title.get_text().startswith(GOOD_TITLE)
    assert "".join(t.get_text() for t in node.select("tspan")) == GOOD_TITLE
    assert not svg.select("strong, em, del, s")


def test_page_title_is_the_front_matter_title_exactly(site):
    soup = page(site, "docs/articles/quotes.html")
    assert content(soup).find("h1").get_text().rstrip("¶") == ARTICLE_TITLE
    assert soup.title.get_text().startswith(ARTICLE_TITLE + " - ")
    listing = content(page(site, "index.html")).select(".kb-article-list__title")
    assert ARTICLE_TITLE in [a.get_text(strip=True) for a in listing]
    [script] = soup.select('script[type="application/ld+json"]')
    assert json.loads(script.string)["headline"] == ARTICLE_TITLE
    atom = ElementTree.parse(site.outdir / "atom.xml").getroot()
    assert ARTICLE_TITLE in [t.text for t in atom.iter("{http://www.w3.org/2005/Atom}title")]
    # A topic in a toctree: its heading and the navigation show the literal title too.
    topic = page(site, "docs/topics/quoted.html")
    assert content(topic).find("h1").get_text().rstrip("¶") == TOPIC_TITLE
    nav = [a.get_text() for a in page(site, "docs/topics.html").select(".sidebar-tree a")]
    assert TOPIC_TITLE in nav
    assert site.env.titles["docs/topics/quoted"].astext() == TOPIC_TITLE


def test_colliding_tags_get_distinct_pages_and_feeds(site):
    tags = json.loads((site.outdir / "catalog.json").read_text(encoding="utf-8"))["tags"]
    slugs = {tag["name"]: tag["slug"] for tag in tags}
    assert len(set(slugs.values())) == len(slugs) == 5
    assert slugs["x 77752d"] == "x-77752d"
    assert slugs["x!"] == "x"
    # Equal slug and equal 6-digit hash: the suffixes are made longer until they differ.
    assert slugs["ml,.^"] != slugs["ml?^:!"]
    for name, slug in slugs.items():
        if name == "AI":
            continue
        heading = content(page(site, f"docs/tags/{slug}.html")).find("h1").get_text()
        assert heading == name
        assert f"<category term={json.dumps(name)}" in (site.outdir / f"docs/tags/{slug}.xml").read_text()


def test_hand_written_tag_and_author_pages_introduce_their_listing(site):
    ai = content(page(site, "docs/tags/ai.html"))
    assert ai.find("h1").get_text(strip=True).rstrip("¶") == "AI"
    text = ai.get_text(" ", strip=True)
    assert text.index("Artificial intelligence is") < text.index("2 articles tagged AI")
    assert [a.get_text(strip=True) for a in ai.select(".kb-article-list__title")] == [
        ARTICLE_TITLE,
        "Chance collision",
    ]
    jane = content(page(site, "docs/authors/jane-doe.html")).get_text(" ", strip=True)
    assert jane.index("Jane writes about") < jane.index("2 articles by Jane Doe")
    # No toctree warning for them; a page whose slug is no tag is kept as it is.
    assert "toctree" not in site.warning.getvalue()
    other = content(page(site, "docs/tags/no-such-tag.html"))
    assert "A page that happens to live under tags/." in other.get_text()
    assert not other.select(".kb-article-list")
    assert "no tag has the slug 'no-such-tag'" in site.status.getvalue()
    # Tags link to the hand-written page, which advertises the tag's feed.
    quotes = content(page(site, "docs/articles/quotes.html"))
    assert "../tags/ai.html" in [a["href"] for a in quotes.select(".kb-byline a")]
    assert page(site, "docs/tags/ai.html").select_one('link[href="ai.xml"]') is not None


def test_hand_written_term_page_follows_its_articles_incrementally(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "hostile", tmp_path / "src")
    app = build(srcdir, freshenv=True)
    new = srcdir / "docs/articles/new.md"
    new.write_text("---\ntitle: Newest\ndate: 2024-06-01\ntags: [ai]\n---\n\nBody.\n", encoding="utf-8")
    app = build(srcdir)
    listed = content(page(app, "docs/tags/ai.html")).select(".kb-article-list__title")
    assert listed[0].get_text(strip=True) == "Newest"
    assert_same_as_fresh(app, srcdir, tmp_path, "added")
    # The hand-written page goes: the generated page takes its place.
    (srcdir / "docs/tags/ai.md").unlink()
    bump(new)
    app = build(srcdir)
    assert "Artificial intelligence" not in page(app, "docs/tags/ai.html").get_text()
    assert_same_as_fresh(app, srcdir, tmp_path, "removed")


def test_parallel_build_equals_serial(rootdir, tmp_path):
    serial = build(copy_root(rootdir, "hostile", tmp_path / "serial"), freshenv=True)
    parallel = build(copy_root(rootdir, "hostile", tmp_path / "parallel"), freshenv=True, parallel=2)
    assert snapshot(parallel.outdir) == snapshot(serial.outdir)


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml", "epub"])
def test_other_builders_build_the_hostile_site(rootdir, tmp_path, builder):
    srcdir = copy_root(rootdir, "hostile", tmp_path / "src")
    app = build(srcdir, builder)
    found = [w for w in warnings(app) if "WARNING" in w and "EPUB3" not in w]
    # singlehtml resolves no references in the articles it leaves out: no [ref.topic] there.
    assert len([w for w in found if "[kb." in w]) == 8, found
    assert all("[kb." in w or "[ref.topic]" in w for w in found), found
    outputs = [p for p in app.outdir.rglob("*.*html") if p.is_file()]
    assert outputs
    for path in outputs:
        text = path.read_text(encoding="utf-8")
        assert ">None<" not in text and '"about":[null]' not in text, path


# ---------------------------------------------------------------------------------------
# Long tag lists: the catalog and the feeds cost time in proportion to the tags.
# ---------------------------------------------------------------------------------------


def _article(index: int, tags: list[str]) -> Article:
    data = {"title": f"A {index}", "date": f"2024-01-{1 + index % 28:02d}", "tags": tags, "author": "Ann"}
    return Article.from_front_matter(f"docs/articles/a{index}", data)


def _feed_app(catalog, outdir):
    config = SimpleNamespace(
        **{PREFIX + f.name: f.default for f in dataclasses.fields(KBConfig)},
        language="en",
        author="A",
        project="P",
        html_baseurl="https://kb.example.org/",
        root_doc="index",
    )
    builder = SimpleNamespace(name="html", get_target_uri=lambda docname: docname + ".html")
    env = SimpleNamespace(domains={"kb": SimpleNamespace(data={"catalog": catalog})})
    # A class, not a SimpleNamespace: the build keeps per-application state in weak maps.
    app = type("App", (), {})()
    app.__dict__.update(config=config, builder=builder, env=env, outdir=outdir, doctreedir=outdir / ".d")
    return app


@pytest.mark.parametrize(
    "articles",
    [
        pytest.param(lambda: [_article(0, [f"tag {n}" for n in range(5000)])], id="1x5000"),
        pytest.param(
            lambda: [_article(i, [f"t{(i * 7 + n) % 300}" for n in range(50)]) for i in range(200)],
            id="200x50",
        ),
    ],
)
def test_long_tag_lists_build_in_linear_time(tmp_path, articles):
    started = time.perf_counter()
    records = {a.docname: a for a in articles()}
    catalog = build_catalog(records)
    feeds.write_feeds(_feed_app(catalog, tmp_path), None)
    elapsed = time.perf_counter() - started
    written = list(tmp_path.rglob("*.xml"))
    assert len(written) == len(catalog.tags) + 1
    # Before: 62 s for one article with 1,000 tags (cubic). A generous bound for a shared CPU.
    assert elapsed < 20, elapsed
    entry_categories = (tmp_path / "atom.xml").read_text().split("<entry>")[1].count("<category ")
    assert entry_categories == min(feeds.ENTRY_CATEGORIES, max(len(a.tags) for a in records.values()))
