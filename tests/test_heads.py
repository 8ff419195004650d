"""Every page's head, for search engines and link previews: description, OpenGraph, Twitter, JSON-LD.

And the sitemap: no noindex page in it for html and dirhtml, a ``<lastmod>`` for articles.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from kbtest import build, copy_root, page

BASE = "https://kb.example.org/"
CARD = BASE + "_static/kb-social-card.png"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

#: Every page type of the test-heads site: output file -> its expected description.
PAGES = {
    "index.html": "A small site that tests every page's head.",
    "docs/articles/one.html": "The first article, updated in May.",
    "docs/topics/llm.html": "Big next-token predictors.",
    "docs/tags.html": "Every tag with its number of articles.",
    "docs/tags/nlp.html": "2 articles tagged NLP in the Heads test site, newest first.",
    "docs/tags/ai.html": "1 article tagged AI in the Heads test site, newest first.",
    "docs/authors/jane-doe.html": "2 articles by Jane Doe in the Heads test site, newest first.",
    "docs/authors.html": "Everyone who writes here; this first paragraph is the description.",
    "docs/topics.html": "The trends this site follows.",
    "docs/archive.html": "Every article, newest first, by year.",
    "docs/papers.html": "Every paper the site cites.",
    "404.html": (
        "This page is not in the Heads test site: start again from the home page, the topics or the archive."
    ),
    "search.html": "Search the articles and topics of the Heads test site.",
}


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "heads", tmp_path_factory.mktemp("heads") / "src"), freshenv=True)


@pytest.fixture(scope="module")
def dirsite(rootdir, tmp_path_factory):
    src = copy_root(rootdir, "heads", tmp_path_factory.mktemp("heads-dir") / "src")
    return build(src, "dirhtml", freshenv=True)


def head(app, name: str) -> dict[str, list[str]]:
    """Every ``<meta>`` of a page by its name or property, and its canonical link."""
    soup = page(app, name)
    found: dict[str, list[str]] = {}
    for meta in soup.head.find_all("meta"):
        key = meta.get("name") or meta.get("property")
        if key:
            found.setdefault(key, []).append(meta.get("content", ""))
    found["canonical"] = [link["href"] for link in soup.head.find_all("link", rel="canonical")]
    return found


def jsonld(app, name: str) -> list[dict]:
    """The page's own JSON-LD (its breadcrumb trail aside: test_breadcrumbs.py)."""
    soup = page(app, name)
    found = [json.loads(s.string) for s in soup.head.find_all("script", type="application/ld+json")]
    return [data for data in found if data.get("@type") != "BreadcrumbList"]


def test_builds_cleanly(site):
    assert "WARNING" not in site.warning.getvalue()


@pytest.mark.parametrize("name", PAGES)
def test_every_page_type_has_a_full_head(site, name):
    tags = head(site, name)
    assert tags["description"] == [PAGES[name]]
    assert tags["og:description"] == [PAGES[name]]
    for key in ("og:title", "og:url", "og:image", "og:site_name", "og:type", "twitter:card", "canonical"):
        assert len(tags.get(key, [])) == 1 and tags[key][0].strip(), (name, key)
    url = BASE + name
    assert tags["og:url"] == [url] and tags["canonical"] == [url]
    assert tags["og:site_name"] == ["Heads test site"]
    assert tags["twitter:card"] == ["summary_large_image"]


def test_generated_pages_get_their_own_opengraph(site):
    tags = head(site, "docs/tags/nlp.html")
    assert tags["og:title"] == ["Tag: NLP"] and tags["og:type"] == ["website"]
    assert tags["og:image"] == [CARD]
    assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
    assert head(site, "docs/authors/jane-doe.html")["og:title"] == ["Articles by Jane Doe"]


def test_image_is_the_articles_own_else_the_site_card(site):
    assert head(site, "docs/articles/two.html")["og:image"] == ["https://img.example.org/two.png"]
    assert "og:image:width" not in head(site, "docs/articles/two.html")
    assert head(site, "docs/articles/one.html")["og:image"] == [CARD]
    card = Path(site.outdir) / "_static" / "kb-social-card.png"
    data = card.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20]), int.from_bytes(data[20:24])) == (1200, 630)


def test_article_jsonld_links_authors_dates_and_publisher(site):
    (data,) = jsonld(site, "docs/articles/one.html")
    assert data["@type"] == "BlogPosting"
    assert data["author"] == [
        {"@type": "Person", "name": "Jane Doe", "url": BASE + "docs/authors/jane-doe.html"}
    ]
    assert data["datePublished"].startswith("2024-02-01") and data["dateModified"].startswith("2024-05-06")
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Heads test site",
        "logo": {"@type": "ImageObject", "url": CARD},
    }
    (two,) = jsonld(site, "docs/articles/two.html")
    # No update date: modified when published.
    assert two["dateModified"] == two["datePublished"]
    assert [a["url"] for a in two["author"]] == [
        BASE + "docs/authors/jane-doe.html",
        BASE + "docs/authors/john-roe.html",
    ]
    assert two["image"] == "https://img.example.org/two.png"


def test_topic_jsonld_is_a_defined_term(site):
    (data,) = jsonld(site, "docs/topics/llm.html")
    assert data["@type"] == "DefinedTerm" and data["name"] == "Large Language Models"
    assert data["url"] == BASE + "docs/topics/llm.html"
    assert data["inDefinedTermSet"]["url"] == BASE + "docs/topics.html"


def urls(app) -> dict[str, str | None]:
    root = ET.parse(Path(app.outdir) / "sitemap.xml").getroot()
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")
    }


def test_sitemap_html_has_no_noindex_page_and_dates_articles(site):
    found = urls(site)
    for name in ("search.html", "404.html", "genindex.html"):
        assert BASE + name not in found
    assert dt.datetime.fromisoformat(found[BASE + "docs/articles/one.html"]).date() == dt.date(2024, 5, 6)
    assert dt.datetime.fromisoformat(found[BASE + "docs/articles/two.html"]).date() == dt.date(2024, 3, 1)
    assert BASE + "docs/tags/nlp.html" in found and BASE + "index.html" in found
    noindex = [n for n in PAGES if "noindex" in str(page(site, n).find("meta", attrs={"name": "robots"}))]
    assert noindex == ["search.html"]


def test_sitemap_dirhtml_has_no_noindex_page_and_dates_articles(dirsite):
    found = urls(dirsite)
    for name in ("search/", "404/", "genindex/"):
        assert BASE + name not in found, name
    assert found[BASE + "docs/articles/one/"].startswith("2024-05-06")
    assert BASE + "docs/tags/nlp/" in found and BASE in found
    tags = head(dirsite, "docs/tags/nlp/index.html")
    assert tags["og:url"] == [BASE + "docs/tags/nlp/"] and tags["description"]


def test_previewed_drafts_stay_out_of_the_sitemap(rootdir, tmp_path, monkeypatch):
    monkeypatch.delenv("READTHEDOCS_VERSION_TYPE", raising=False)
    app = build(
        copy_root(rootdir, "drafts", tmp_path / "src"), freshenv=True, confoverrides={"kb_preview": True}
    )
    found = urls(app)
    assert (Path(app.outdir) / "docs/articles/draft.html").is_file()
    assert not [url for url in found if "draft" in url or "scheduled" in url or "unpublished" in url]
    assert "https://kb.example.org/docs/articles/published.html" in found


@pytest.fixture(scope="module")
def hostile(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "escaping", tmp_path_factory.mktemp("heads-esc") / "src"), freshenv=True)


def test_hostile_values_are_escaped_in_heads(hostile):
    outdir = Path(hostile.outdir)
    author = "<i>Mallory</i> & co"
    (author_page,) = (outdir / "docs" / "authors").glob("*.html")
    tags = head(hostile, author_page.relative_to(outdir).as_posix())
    assert tags["og:title"] == [f"Articles by {author}"]
    assert tags["description"] == [f"1 article by {author} in the KB test site, newest first."]
    bold = next(p for p in (outdir / "docs" / "tags").glob("*.html") if "bold" in p.name)
    tags = head(hostile, bold.relative_to(outdir).as_posix())
    assert tags["og:title"] == ["Tag: <b>bold</b>"]
    for path in (author_page, bold, outdir / "docs/articles/hostile.html"):
        assert not page(hostile, path.relative_to(outdir).as_posix()).head.find(["b", "i", "img"])
        text = path.read_text(encoding="utf-8")
        head_text = text[: text.index("</head>")]
        assert "<i>Mallory" not in head_text and "<b>bold" not in head_text
    title = "<script>alert('title')</script> *not emphasis* {topic}`x` & $x$"
    assert head(hostile, "docs/articles/hostile.html")["og:title"] == [title]
    assert '<meta property="og:title" content="&lt;script&gt;alert(' in head_text
    (data,) = jsonld(hostile, "docs/articles/hostile.html")
    assert data["author"][0]["name"] == author and data["author"][0]["url"].startswith(BASE + "docs/authors/")
    assert "</script" not in head_text.split("application/ld+json", 1)[1].split("</script>", 1)[0]


def test_incremental_and_parallel_heads_equal_fresh(rootdir, tmp_path):
    from test_incremental import assert_same_as_fresh, bump

    src = copy_root(rootdir, "heads", tmp_path / "src")
    build(src, freshenv=True)
    one = src / "docs/articles/one.md"
    one.write_text(one.read_text().replace("updated: 2024-05-06", "updated: 2024-07-08"))
    bump(one)
    # A new author: her page is new, the JSON-LD of the article links it.
    two = src / "docs/articles/two.md"
    two.write_text(two.read_text().replace('"John Roe"', '"Ann Poe"'))
    bump(two)
    app = build(src)
    assert urls(app)[BASE + "docs/articles/one.html"].startswith("2024-07-08")
    (data,) = jsonld(app, "docs/articles/two.html")
    assert data["author"][1]["url"] == BASE + "docs/authors/ann-poe.html"
    assert head(app, "docs/authors/jane-doe.html")["description"] == [PAGES["docs/authors/jane-doe.html"]]
    assert_same_as_fresh(app, src, tmp_path, "edit")
    parallel = build(copy_root(rootdir, "heads", tmp_path / "par"), freshenv=True, parallel=2)
    serial = build(copy_root(rootdir, "heads", tmp_path / "ser"), freshenv=True)
    for name in PAGES:
        assert head(parallel, name) == head(serial, name), name
