"""What readers' tools and search engines get: feeds, sitemap, OpenGraph, JSON-LD, 404, catalogue."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from kbtest import NEWEST_FIRST, build, content, copy_root, page, target

BASE = "https://kb.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "basic", tmp_path_factory.mktemp("readers") / "src"), freshenv=True)


def feed(app, path: str) -> ET.Element:
    return ET.parse(Path(app.outdir) / path).getroot()


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def test_site_feed_lists_articles_newest_first_with_their_facts(site):
    root = feed(site, "atom.xml")
    assert root.find(f"{ATOM}id").text == BASE + "atom.xml"
    assert root.find(f"{ATOM}updated").text == "2024-05-01T00:00:00+00:00"
    assert [e.find(f"{ATOM}title").text for e in entries(root)] == NEWEST_FIRST
    beta = entries(root)[1]
    assert beta.find(f"{ATOM}link").get("href") == BASE + "docs/articles/2024/beta.html"
    assert beta.find(f"{ATOM}id").text == BASE + "docs/articles/2024/beta.html"
    assert beta.find(f"{ATOM}published").text == "2024-03-01T00:00:00+00:00"
    assert [a.find(f"{ATOM}name").text for a in beta.findall(f"{ATOM}author")] == [
        "Grace Hopper",
        "Alan Turing",
    ]
    assert beta.find(f"{ATOM}summary").text
    terms = [c.get("term") for c in beta.findall(f"{ATOM}category")]
    assert "Machine Learning" in terms


def test_a_feed_per_tag_holds_only_that_tag(site):
    root = feed(site, "docs/tags/trends.xml")
    assert root.find(f"{ATOM}title").text == "KB test site: Trends"
    alternate = root.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert alternate == BASE + "docs/tags/trends.html"
    tagged = [e for e in entries(root)]
    assert tagged
    for entry in tagged:
        assert "Trends" in [c.get("term") for c in entry.findall(f"{ATOM}category")]


def alternates(soup) -> list[str]:
    return [link["href"] for link in soup.find_all("link", rel="alternate", type="application/atom+xml")]


@pytest.mark.parametrize("name", ["index.html", "docs/articles/2024/alpha.html", "docs/authors.html"])
def test_every_page_advertises_the_site_feed(site, name):
    hrefs = alternates(page(site, name))
    assert len(hrefs) == 1
    assert target(site.outdir, name, hrefs[0]) == Path(site.outdir) / "atom.xml"


def test_tag_page_also_advertises_its_own_feed(site):
    name = "docs/tags/trends.html"
    hrefs = alternates(page(site, name))
    assert [target(site.outdir, name, h).relative_to(site.outdir).as_posix() for h in hrefs] == [
        "atom.xml",
        "docs/tags/trends.xml",
    ]


def test_base_url_comes_from_read_the_docs_when_not_configured(rootdir, tmp_path, monkeypatch):
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://rtd.example.org/en/stable/")
    app = build(copy_root(rootdir, "basic", tmp_path / "src"), confoverrides={"html_baseurl": ""})
    assert feed(app, "atom.xml").find(f"{ATOM}id").text == "https://rtd.example.org/en/stable/atom.xml"


def test_without_a_base_url_feeds_are_left_out_cleanly(rootdir, tmp_path, monkeypatch):
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    app = build(
        copy_root(rootdir, "basic", tmp_path / "src"),
        confoverrides={"html_baseurl": "", "extensions": ["myst_parser", "trendkb"]},
    )
    assert app.warning.getvalue() == ""
    assert not (Path(app.outdir) / "atom.xml").exists()
    assert alternates(page(app, "index.html")) == []
    assert "Atom feeds are not written" in app.status.getvalue()


def test_sitemap_lists_every_page_once_in_order(site):
    root = ET.parse(Path(site.outdir) / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [loc.text for loc in root.iter(f"{ns}loc")]
    assert locs == sorted(set(locs))
    pages = {
        p.relative_to(site.outdir).as_posix()
        for p in Path(site.outdir).rglob("*.html")
        if p.name not in ("search.html", "genindex.html", "404.html")
    }
    assert {loc.removeprefix(BASE) for loc in locs} == pages
    assert BASE + "docs/tags/trends.html" in locs
    assert BASE + "docs/authors/grace-hopper.html" in locs


def head_properties(soup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key:
            found.setdefault(key, []).append(meta.get("content"))
    return found


def test_article_head_has_opengraph_canonical_and_jsonld(site):
    soup = page(site, "docs/articles/2024/beta.html")
    url = BASE + "docs/articles/2024/beta.html"
    head = head_properties(soup)
    assert head["og:type"] == ["article"]
    assert head["og:url"] == [url]
    assert head["og:title"] == ["Beta on efficient fine-tuning"]
    assert head["og:description"] == head["description"]
    # No picture of its own: the site card, 1200 x 630, so the large card.
    assert head["twitter:card"] == ["summary_large_image"]
    assert head["article:published_time"] == ["2024-03-01T00:00:00+00:00"]
    assert head["article:author"] == ["Grace Hopper", "Alan Turing"]
    assert soup.find("link", rel="canonical")["href"] == url
    scripts = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    # The article, and its breadcrumb trail (test_breadcrumbs.py).
    assert sorted(d["@type"] for d in scripts) == ["BlogPosting", "BreadcrumbList"]
    [data] = [d for d in scripts if d["@type"] == "BlogPosting"]
    assert data["headline"] == "Beta on efficient fine-tuning"
    assert data["datePublished"] == "2024-03-01T00:00:00+00:00"
    assert [a["name"] for a in data["author"]] == ["Grace Hopper", "Alan Turing"]
    assert data["description"] == head["description"][0]
    assert data["url"] == url
    assert data["keywords"] == head["article:tag"]


def test_pages_that_are_not_articles_have_no_article_data(site):
    soup = page(site, "docs/tags.html")
    assert head_properties(soup)["og:type"] == ["website"]
    assert not soup.find_all("script", type="application/ld+json")


def test_not_found_page_links_from_the_site_root(site):
    soup = page(site, "404.html")
    hrefs = [a["href"] for a in soup.select("a[href]") if not a["href"].startswith(("#", "http"))]
    hrefs += [link["href"] for link in soup.select("link[rel=stylesheet]")]
    assert hrefs
    for href in hrefs:
        # Absolute paths, so the page works whatever URL depth the server shows it at.
        assert href.startswith("/"), href
        assert (Path(site.outdir) / href.split("?")[0].lstrip("/")).is_file(), href


def test_copy_button_script_is_served_and_left_off_pages_without_code(site):
    # Pages with code blocks load it (tests/test_assets.py); alpha has none.
    soup = page(site, "docs/articles/2024/alpha.html")
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert not any("copybutton.js" in src for src in scripts)
    assert (Path(site.outdir) / "_static" / "copybutton.js").is_file()


def test_catalog_json_holds_every_article_topic_tag_and_author(site):
    data = json.loads((Path(site.outdir) / "catalog.json").read_text(encoding="utf-8"))
    assert [a["title"] for a in data["articles"]] == NEWEST_FIRST
    beta = data["articles"][1]
    assert beta["url"] == BASE + beta["path"]
    assert beta["authors"] == ["Grace Hopper", "Alan Turing"]
    assert beta["date"] == "2024-03-01T00:00:00+00:00"
    for article in data["articles"]:
        assert (Path(site.outdir) / article["path"]).is_file()
        for related in article["related_articles"]:
            assert (Path(site.outdir) / related).is_file()
    tags = {tag["name"]: tag for tag in data["tags"]}
    assert (Path(site.outdir) / tags["Trends"]["path"]).is_file()
    for tag in data["tags"]:
        for path in tag["articles"]:
            article = next(a for a in data["articles"] if a["path"] == path)
            assert tag["name"] in article["tags"]
    assert {a["name"] for a in data["authors"]} == {"Ada Lovelace", "Alan Turing", "Grace Hopper"}


def test_content_links_have_no_doubled_pages(site):
    # Feeds and catalogue add files, never pages: every content link still resolves.
    for name in ("index.html", "docs/tags/trends.html"):
        for a in content(page(site, name)).select("a.reference.internal"):
            assert target(site.outdir, name, a["href"]).is_file(), (name, a["href"])


def test_feeds_are_rewritten_only_when_their_entries_change(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path / "src")
    app = build(srcdir, freshenv=True)
    feeds = sorted(Path(app.outdir).rglob("*.xml"))
    feeds = [p for p in feeds if p.name != "sitemap.xml"]
    stamps = {p: p.stat().st_mtime_ns for p in feeds}
    zeta = srcdir / "docs/articles/zeta.md"

    zeta.write_text(zeta.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    app = build(srcdir)
    assert {p: p.stat().st_mtime_ns for p in feeds} == stamps

    zeta.write_text(zeta.read_text(encoding="utf-8").replace("title: Zeta", "title: Zeta renamed"), "utf-8")
    app = build(srcdir)
    changed = {p.relative_to(app.outdir).as_posix() for p in feeds if p.stat().st_mtime_ns != stamps[p]}
    assert changed == {"atom.xml", "docs/tags/trends.xml"}
    assert "Zeta renamed" in (Path(app.outdir) / "atom.xml").read_text(encoding="utf-8")
