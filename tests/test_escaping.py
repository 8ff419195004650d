"""Front matter is untrusted: HTML in it is shown as text, tags cannot escape the output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from kbtest import build, content, copy_root, page
from sphinx.util.console import strip_escape_sequences

TITLE = "<script>alert('title')</script> *not emphasis* {topic}`x` & $x$"
# The excerpt ends in a BEL control character, which no page, feed or EPUB can hold: the
# reader removes it (with a warning), so every output holds the rest of the text.
EXCERPT = "\"><img src=x onerror=alert('excerpt')></script>"


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "escaping", tmp_path_factory.mktemp("esc") / "src"), freshenv=True)


def test_builds_cleanly_but_for_the_control_character(site):
    [line] = strip_escape_sequences(site.warning.getvalue()).splitlines()
    assert "field 'excerpt'" in line and "control character" in line and "[kb.frontmatter]" in line


def test_title_is_text_everywhere(site):
    article = page(site, "docs/articles/hostile.html")
    # Smart quotes may curl the apostrophes of a heading; the markup stays text.
    heading = article.find("h1").get_text().rstrip("¶").replace("\u2018", "'").replace("\u2019", "'")
    assert heading == TITLE
    assert not content(article).find("script")
    assert not content(article).find("em")
    listing = content(page(site, "index.html"))
    assert TITLE in [a.get_text() for a in listing.select(".kb-article-list__title a")]
    assert not listing.find("script")
    neighbour = content(page(site, "docs/articles/plain.html")).select_one(".kb-neighbours__title")
    assert neighbour.get_text() == TITLE


def test_excerpt_author_and_tags_are_text(site):
    soup = page(site, "docs/articles/hostile.html")
    meta = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": True})}
    assert meta["description"] == EXCERPT
    assert meta["author"] == "<i>Mallory</i> & co"
    assert "<b>bold</b>" in meta["keywords"]
    assert not soup.find("img", onerror=True)
    byline = content(soup).select_one(".kb-byline")
    assert byline.select_one(".kb-byline__author").get_text() == "<i>Mallory</i> & co"
    assert not byline.find(["i", "b"])
    assert "<b>bold</b>" in [a.get_text() for a in byline.select("a[rel=tag]")]
    assert content(page(site, "index.html")).find("img") is None


def test_tags_cannot_write_outside_the_output(site):
    outdir = site.outdir
    inside = {p.resolve() for p in outdir.rglob("*.html")}
    tag_pages = sorted(p.name for p in (outdir / "docs" / "tags").glob("*.html"))
    assert len(tag_pages) == 4
    assert all(p.is_relative_to(outdir.resolve()) for p in inside)
    assert not list(outdir.parent.parent.glob("**/escaped*.html")) or all(
        p.resolve().is_relative_to(outdir.resolve()) for p in outdir.parent.parent.glob("**/escaped*.html")
    )
    overview = content(page(site, "docs/tags.html"))
    assert sorted(a.get_text() for a in overview.select("a[rel=tag]")) == sorted(
        ['"quoted"', "../../../../escaped", "<b>bold</b>", "a/b\\c"]
    )
    for a in overview.select("a[rel=tag]"):
        assert a["href"].startswith("tags/") and ".." not in a["href"]


def test_opengraph_and_jsonld_hold_the_text_not_markup(site):
    soup = page(site, "docs/articles/hostile.html")
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:description"] == EXCERPT
    assert og["article:author"] == "<i>Mallory</i> & co"
    script = soup.find("script", type="application/ld+json")
    # Nothing in the JSON can close the script element or open markup.
    assert "<" not in script.string and ">" not in script.string
    data = json.loads(script.string)
    assert data["headline"] == TITLE
    assert data["description"] == EXCERPT
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "<i>Mallory</i> & co",
            "url": "https://kb.example.org/docs/authors/i-mallory-i-and-co.html",
        }
    ]
    assert not soup.head.find("img")


def test_feed_and_catalog_hold_the_text(site):
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.parse(Path(site.outdir) / "atom.xml").getroot()
    entry = next(e for e in root.findall(f"{atom}entry") if e.find(f"{atom}title").text == TITLE)
    assert entry.find(f"{atom}summary").text == EXCERPT
    assert entry.find(f"{atom}author/{atom}name").text == "<i>Mallory</i> & co"
    assert "<b>bold</b>" in [c.get("term") for c in entry.findall(f"{atom}category")]
    data = json.loads((Path(site.outdir) / "catalog.json").read_text(encoding="utf-8"))
    hostile = next(a for a in data["articles"] if a["title"] == TITLE)
    assert hostile["excerpt"] == EXCERPT


def test_no_page_of_any_kind_holds_markup_from_front_matter(site):
    # Every HTML file the build writes, whatever made it (extension templates, theme templates
    # such as the search page's filters, Sphinx's pages): the hostile names stay text.
    from bs4 import BeautifulSoup

    pages = sorted(site.outdir.rglob("*.html"))
    assert any(p.name == "search.html" for p in pages)
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(site.outdir).as_posix()
        assert not soup.find("b", string="bold"), where
        assert not soup.find("i", string="Mallory"), where
        assert not soup.find("img", src="x"), where
        # JSON-LD holds the title as data, with "<" written \u003c (test_heads.py).
        code = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        assert not [s for s in code if "alert(" in (s.string or "")], where
        for element in soup.find_all(True):
            names = list(element.attrs)
            assert not [n for n in names if "quoted" in n or n.startswith("on")], (where, element.name, names)
