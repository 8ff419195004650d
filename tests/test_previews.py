"""Preview cards: escaped data attributes on previewable links, and the script only where needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbtest import build, content, copy_root, page

ROOTS = Path(__file__).parent / "roots"
RLHF = {
    "data-kb-preview": "Reinforcement Learning from Human Feedback",
    "data-kb-preview-meta": "mainstream",
    "data-kb-preview-text": "Tuning models toward <em>preferred</em> outputs.",
}
ALPHA = {
    "data-kb-preview": "Alpha <script>alert(1)</script>",
    "data-kb-preview-meta": "March 1, 2024",
    "data-kb-preview-text": 'Alpha\'s excerpt with <b>markup</b> & quotes "here".',
}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = build(copy_root(ROOTS, "backlinks", tmp_path_factory.mktemp("previews") / "src"), freshenv=True)
    assert app.warning.getvalue() == ""
    return app


def card(link) -> dict[str, str]:
    return {name: value for name, value in link.attrs.items() if name.startswith("data-kb-preview")}


def scripts(soup) -> list[str]:
    return [s["src"].split("?")[0] for s in soup.select("script[src]") if "kb-previews" in s["src"]]


def test_topic_references_in_the_body_carry_their_card(app):
    body = content(page(app, "docs/guide.html"))
    link = body.select_one("section#labels a[href='topics/rlhf.html']")
    assert card(link) == RLHF
    assert link.get_text() == RLHF["data-kb-preview"]
    assert "title" not in link.attrs  # the card replaces the browser's own tooltip
    # An explicit title keeps its text and gets the card of the topic it names.
    explicit = content(page(app, "docs/topics/rlhf.html")).select_one("section#what-it-is a[href='llm.html']")
    assert explicit["data-kb-preview-meta"] == "growing"


def test_listings_and_footers_carry_cards(app):
    # A listing shows the excerpt under the title: the card takes it from there, not twice.
    home = content(page(app, "index.html"))
    listed = home.select_one(".kb-article-list__title a[href='docs/articles/alpha.html']")
    assert card(listed) == {k: v for k, v in ALPHA.items() if k != "data-kb-preview-text"}
    excerpt = listed.find_parent(class_="kb-article-list__item").select_one(".kb-article-list__excerpt")
    assert excerpt.get_text() == ALPHA["data-kb-preview-text"]
    llm = content(page(app, "docs/topics/llm.html"))
    assert card(llm.select_one("#kb-related-topics a"))["data-kb-preview"] == RLHF["data-kb-preview"]
    assert card(llm.select_one("#kb-discussed-in a"))["data-kb-preview"] == "Gamma"
    alpha = content(page(app, "docs/articles/alpha.html"))
    assert card(alpha.select_one("#kb-topics-discussed a")) == RLHF
    assert card(alpha.select_one("#kb-related-articles a"))["data-kb-preview"] == "Beta"
    # Generated tag pages list articles too.
    tag_page = content(page(app, "docs/tags/ai.html"))
    assert card(tag_page.select_one("a[href$='alpha.html']"))["data-kb-preview"] == ALPHA["data-kb-preview"]


def test_values_are_escaped_in_the_html(app):
    html = (Path(app.outdir) / "docs/guide.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "<em>preferred" not in html
    assert 'data-kb-preview-text="Tuning models toward &lt;em&gt;preferred&lt;/em&gt; outputs."' in html


def test_script_only_on_pages_with_previews(app):
    outdir = Path(app.outdir)
    assert (outdir / "_static/kb-previews.js").stat().st_size < 5000
    assert scripts(page(app, "docs/guide.html")) == ["../_static/kb-previews.js"]
    assert page(app, "docs/guide.html").select_one("script[src*='kb-previews.js']").has_attr("defer")
    assert page(app, "docs/guide.html").select("link[href*='kb-previews.css']")
    # The topics overview shows cards (no previewable link); the search page has none either.
    for name in ("docs/topics.html", "search.html"):
        soup = page(app, name)
        assert not soup.select("[data-kb-preview]"), name
        assert scripts(soup) == [] and not soup.select("link[href*='kb-previews.css']"), name
