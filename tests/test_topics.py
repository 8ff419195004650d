"""Trend topics: the role, backlinks, related topics and articles, the topic grid."""

from __future__ import annotations

import pytest
from kbtest import build, content, copy_root, page, snapshot, target
from sphinx.util.console import strip_escape_sequences
from test_incremental import assert_same_as_fresh, bump

LLM_TITLE = 'Large "Language" Models <b>[LLM]</b>'


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "topics", tmp_path_factory.mktemp("topics") / "src"), freshenv=True)


def test_builds_without_warnings(site):
    assert site.warning.getvalue() == ""


def test_role_links_with_the_topic_title_or_an_explicit_one(site):
    body = content(page(site, "docs/articles/one.html"))
    links = [(a.get_text(), a["href"]) for a in body.select("a.reference.internal") if "topics/" in a["href"]]
    assert ("Reinforcement Learning from Human Feedback", "../topics/rlhf.html") in links
    assert ("the big models", "../topics/llm.html") in links
    # A title holding markup is shown as text.
    rlhf = content(page(site, "docs/topics/rlhf.html"))
    assert LLM_TITLE in [a.get_text() for a in rlhf.select("a")]
    assert not rlhf.find("b")


def test_unknown_topic_warns_with_file_and_line(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "topics", tmp_path / "src")
    path = srcdir / "docs/articles/four.md"
    path.write_text(path.read_text() + "\nSee {topic}`no-such-topic`.\n", encoding="utf-8")
    (srcdir / "docs/articles/two.md").write_text(
        (srcdir / "docs/articles/two.md").read_text().replace("topics: [vit]", "topics: [vit, nope]"),
        encoding="utf-8",
    )
    app = build(srcdir, freshenv=True)
    warnings = strip_escape_sequences(app.warning.getvalue()).splitlines()
    assert len(warnings) == 2, warnings
    assert any(
        "four.md:9: WARNING: unknown topic 'no-such-topic'" in w and "[ref.topic]" in w for w in warnings
    )
    assert any(
        "two.md:5: WARNING: field 'topics': unknown topic 'nope'" in w and "[kb.topic]" in w for w in warnings
    )


def backlinks(app, slug):
    section = content(page(app, f"docs/topics/{slug}.html")).select_one("#kb-discussed-in")
    return [
        (li.select_one(".kb-article-list__title a").get_text(), li.select_one(".kb-article-list__section a"))
        for li in section.select(".kb-article-list__item")
    ]


def test_topic_lists_articles_newest_first_with_section(site):
    entries = backlinks(site, "rlhf")
    assert [title for title, _ in entries] == ["One", "Three"]
    section_link = entries[0][1]
    assert section_link.get_text() == "Preference tuning"
    assert section_link["href"] == "../articles/one.html#preference-tuning"
    assert target(site.outdir, "docs/topics/rlhf.html", section_link["href"]).is_file()
    assert entries[1][1] is None  # listed in front matter only: no section known
    assert [t for t, _ in backlinks(site, "vit")] == ["Two"]


def test_related_topics_both_ways(site):
    def related(slug):
        section = content(page(site, f"docs/topics/{slug}.html")).select_one("#kb-related-topics")
        return [a.get_text() for a in section.select("a")] if section else []

    assert related("rlhf") == [LLM_TITLE]
    # llm names nobody, yet shows both topics that name it.
    assert related("llm") == ["Reinforcement Learning from Human Feedback", "Vision Transformers"]
    assert related("vit") == [LLM_TITLE]


def test_article_lists_its_topics_and_related_articles(site):
    body = content(page(site, "docs/articles/one.html"))
    topics = [a.get_text() for a in body.select("#kb-topics-discussed a")]
    assert topics == [LLM_TITLE, "Reinforcement Learning from Human Feedback"]
    related = [a.get_text() for a in body.select("#kb-related-articles .kb-article-list__title a")]
    # Three shares a topic and two tags; Two shares one tag; Four shares nothing.
    assert related == ["Three", "Two"]


def test_topic_grid_uses_sphinx_design_cards(site):
    grid = content(page(site, "index.html")).select_one(".sd-container-fluid")
    cards = grid.select(".sd-card")
    assert [c.select_one(".sd-card-title").get_text() for c in cards] == [
        LLM_TITLE,
        "Reinforcement Learning from Human Feedback",
        "Vision Transformers",
    ]
    assert cards[0].select_one("a.sd-stretched-link")["href"] == "docs/topics/llm.html"
    assert cards[1].select_one(".sd-card-text").get_text() == "Tuning models toward preferred outputs."


def test_removing_a_reference_updates_the_topic_incrementally(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "topics", tmp_path / "site")
    build(srcdir, freshenv=True)
    path = srcdir / "docs/articles/one.md"
    path.write_text(path.read_text().replace("{topic}`rlhf`", "RLHF"), encoding="utf-8")
    bump(path)
    app = build(srcdir)
    assert [t for t, _ in backlinks(app, "rlhf")] == ["Three"]
    assert_same_as_fresh(app, srcdir, tmp_path, "unreference")
    path = srcdir / "docs/topics/vit.md"
    path.write_text(path.read_text().replace("related: [llm]", "related: []"), encoding="utf-8")
    bump(path)
    app = build(srcdir)
    assert_same_as_fresh(app, srcdir, tmp_path, "unrelate")


def test_parallel_build_equals_serial(rootdir, tmp_path):
    serial = build(copy_root(rootdir, "topics", tmp_path / "serial"), freshenv=True)
    parallel = build(copy_root(rootdir, "topics", tmp_path / "parallel"), freshenv=True, parallel=2)
    assert snapshot(parallel.outdir) == snapshot(serial.outdir)


def test_losing_its_title_takes_a_topic_out_incrementally(rootdir, tmp_path):
    """A topic whose title goes is no topic: no card, link or map node; its page stays, under its slug."""
    srcdir = copy_root(rootdir, "topics", tmp_path / "site")
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace(":::{kb-topics}", ":::{kb-topic-map}\n:::\n\n:::{kb-topics}"))
    build(srcdir, freshenv=True)
    path = srcdir / "docs/topics/rlhf.md"
    path.write_text(path.read_text().replace('title: "Reinforcement Learning from Human Feedback"\n', ""))
    bump(path)
    app = build(srcdir)
    warnings = strip_escape_sequences(app.warning.getvalue())
    assert "rlhf.md:1: WARNING: the front matter has no 'title'" in warnings
    assert "one.md:7: WARNING: unknown topic 'rlhf'" in warnings  # the {topic} roles
    assert "myst.header" not in warnings  # the slug heads its sections
    home = content(page(app, "index.html"))
    assert "Reinforcement" not in home.get_text() and "None" not in home.get_text()
    assert len(home.select_one(".kb-topic-map svg").select(".kb-map__node")) == 2
    assert content(page(app, "docs/topics/rlhf.html")).find("h1").get_text().rstrip("¶") == "rlhf"
    assert_same_as_fresh(app, srcdir, tmp_path, "untitled")


def test_a_topic_naming_itself_as_related_warns(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "topics", tmp_path / "site")
    path = srcdir / "docs/topics/vit.md"
    path.write_text(path.read_text().replace("related: [llm]", "related: [llm, vit]"), encoding="utf-8")
    app = build(srcdir, freshenv=True)
    [warning] = strip_escape_sequences(app.warning.getvalue()).splitlines()
    assert "vit.md:4: WARNING: field 'related': topic 'vit' names itself" in warning
    assert warning.endswith("[kb.topic]")
