"""Way-finding: breadcrumbs on every kind of page outside the toctree, the section marked in
the sidebar, and a latest list that leaves out what the featured one shows."""

from __future__ import annotations

import json

import pytest
from kbtest import NEWEST_FIRST, build, copy_root, page, target, titles

ALPHA = "docs/articles/2024/alpha.html"  # the basic site's one featured article


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    src = copy_root(rootdir, "basic", tmp_path_factory.mktemp("crumbs") / "src")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(":limit: 3\n", ":limit: 3\n:skip-featured:\n"))
    return build(src, freshenv=True, confoverrides={"kb_page_size": 2})


def crumbs(site, name: str) -> list[tuple[str, str | None]]:
    nav = page(site, name).select_one("article nav.kb-breadcrumbs")
    assert nav is not None, name
    items = []
    for li in nav.select("ol > li"):
        link = li.find("a")
        if link is not None:
            assert target(site.outdir, name, link["href"]).is_file(), (name, link["href"])
        items.append((li.get_text(strip=True), link and link["href"]))
    return items


def current_sidebar(site, name: str) -> list[str]:
    return [a.get_text(strip=True) for a in page(site, name).select(".sidebar-tree li.current > a")]


def test_the_site_builds_without_warnings(site):
    assert site.warning.getvalue() == ""


@pytest.mark.parametrize(
    ("name", "section", "href"),
    [
        (ALPHA, "Archive", "../../archive.html"),
        ("docs/articles/nested/deep/delta.html", "Archive", "../../../archive.html"),
        ("docs/tags/machine-learning.html", "Tags", "../tags.html"),
        ("docs/authors/ada-lovelace.html", "Authors", "../authors.html"),
    ],
)
def test_a_page_outside_the_toctree_shows_home_its_section_and_itself(site, name, section, href):
    trail = crumbs(site, name)
    assert [text for text, _ in trail[:2]] == ["Home", section]
    assert trail[1][1] == href
    here = page(site, name).select_one("nav.kb-breadcrumbs [aria-current=page]")
    # The page's own title (a tag page's title says "Tag:" where its heading does not).
    assert here.get_text().endswith(page(site, name).find("h1").get_text().rstrip("¶").strip())
    # The sidebar marks the section as Sphinx marks a page's ancestors.
    assert current_sidebar(site, name) == [section]


def test_a_continuation_page_sits_under_the_page_its_list_starts_on(site):
    trail = crumbs(site, "docs/archive/page/2.html")
    assert [text for text, _ in trail] == ["Home", "Archive", "Archive, page 2 of 3"]
    assert current_sidebar(site, "docs/archive/page/2.html") == ["Archive"]
    trail = crumbs(site, "docs/tags/machine-learning/page/2.html")
    assert [text for text, _ in trail][:3] == ["Home", "Tags", "Tag: Machine Learning"]
    assert current_sidebar(site, "docs/tags/machine-learning/page/2.html") == ["Tags"]


def test_overviews_and_the_home_page_have_no_trail(site):
    for name in ("index.html", "docs/archive.html", "docs/tags.html"):
        assert page(site, name).select_one("nav.kb-breadcrumbs") is None, name


def test_the_trail_is_given_to_search_engines(site):
    scripts = page(site, ALPHA).select('script[type="application/ld+json"]')
    trails = [d for d in (json.loads(s.string) for s in scripts) if d["@type"] == "BreadcrumbList"]
    assert [(i["position"], i["name"]) for i in trails[0]["itemListElement"]] == [
        (1, "Home"),
        (2, "Archive"),
        (3, page(site, ALPHA).select_one("[aria-current=page]").get_text()),
    ]
    assert trails[0]["itemListElement"][2]["item"].endswith("/" + ALPHA)


def test_the_latest_list_leaves_out_the_featured_article(site):
    home = page(site, "index.html")
    featured = [a.get_text(strip=True) for a in home.select(".sd-card-title")]
    latest = titles(home)
    assert featured and not set(featured) & set(latest)
    assert latest == [t for t in NEWEST_FIRST if t not in featured][:3]


def test_titles_in_the_trail_are_escaped(rootdir, tmp_path):
    src = copy_root(rootdir, "basic", tmp_path / "src")
    article = src / "docs/articles/2024/alpha.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("title:", 'title: "<img src=x onerror=alert(1)> & co"\nold_title:', 1))
    app = build(src, freshenv=True, confoverrides={"kb_unknown_fields": "ignore"})
    nav = page(app, ALPHA).select_one("nav.kb-breadcrumbs")
    assert nav.find("img") is None
    assert nav.select_one("[aria-current]").get_text() == "<img src=x onerror=alert(1)> & co"
