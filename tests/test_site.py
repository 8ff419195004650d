"""A small site built with Sphinx's fixtures: bylines, head metadata, listings, tags."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from kbtest import NEWEST_FIRST, build, content, copy_root, page, target, titles
from trendkb.model.domain import KnowledgeBase


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "basic", tmp_path_factory.mktemp("site") / "src"), freshenv=True)


def test_builds_without_warnings(site):
    assert site.warning.getvalue() == ""


def test_byline_shows_date_author_reading_time_and_tags(site):
    soup = page(site, "docs/articles/2024/alpha.html")
    byline = content(soup).select_one(".kb-byline")
    # The byline sits right under the title.
    assert byline.find_previous_sibling("h1").get_text(strip=True).startswith("Alpha: multimodal models")
    time = byline.find("time")
    assert time["datetime"] == "2024-05-01T00:00:00+00:00"  # midnight in the site's zone
    assert time.get_text() == "May 1, 2024"
    assert byline.select_one(".kb-byline__author").get_text() == "Ada Lovelace"
    assert byline.select_one(".kb-byline__reading").get_text() == "1 min read"
    tags = byline.select("a[rel=tag]")
    assert [a.get_text() for a in tags] == ["Machine Learning", "Künstliche Intelligenz", "C++"]
    for a in tags:
        assert target(site.outdir, "docs/articles/2024/alpha.html", a["href"]).is_file()


def test_byline_lists_several_authors(site):
    soup = page(site, "docs/articles/2024/beta.html")
    names = [el.get_text() for el in content(soup).select(".kb-byline__author")]
    assert names == ["Grace Hopper", "Alan Turing"]


def test_head_metadata(site):
    soup = page(site, "docs/articles/2024/alpha.html")
    meta = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": True})}
    assert meta["description"] == "Alpha's excerpt for listings and the description."
    assert meta["author"] == "Ada Lovelace"
    assert meta["keywords"] == "Machine Learning, Künstliche Intelligenz, C++"


def test_description_falls_back_to_first_paragraph(site):
    soup = page(site, "docs/articles/nested/deep/delta.html")
    meta = soup.find("meta", attrs={"name": "description"})
    assert meta["content"].startswith("Delta has no excerpt, so this first paragraph")


def test_archive_lists_newest_first_by_year(site):
    soup = page(site, "docs/archive.html")
    assert titles(soup) == NEWEST_FIRST
    years = [h.get_text(" ", strip=True) for h in content(soup).select(".kb-article-group__title")]
    assert years == ["2024 (2)", "2023 (1)", "2022 (1)", "2021 (1)", "2020 (1)"]
    first = content(soup).select_one(".kb-article-list__item")
    assert first.find("time")["datetime"] == "2024-05-01T00:00:00+00:00"
    assert first.select_one(".kb-article-list__excerpt").get_text() == (
        "Alpha's excerpt for listings and the description."
    )


def test_home_shows_latest_with_limit(site):
    assert titles(page(site, "index.html")) == NEWEST_FIRST[:3]


def test_home_shows_featured_articles_as_cards(site):
    home = page(site, "index.html")
    cards = content(home).select(".kb-article-cards .sd-card")
    # Alpha is featured; zeta says ``featured: false``; the others say nothing.
    assert [card.select_one(".sd-card-title").get_text(strip=True) for card in cards] == [NEWEST_FIRST[0]]
    link = cards[0].select_one("a.kb-card-link.sd-stretched-link")
    assert target(site.outdir, "index.html", link["href"]).name == "alpha.html"
    assert cards[0].select_one(".kb-article-card__meta").get_text() == "May 1, 2024 · Ada Lovelace"
    assert "Alpha's excerpt" in cards[0].select_one(".kb-article-card__excerpt").get_text()


def test_authors_overview_counts_each_author(site):
    overview = page(site, "docs/authors.html")
    entries = {
        li.a.get_text(): (li.select_one(".kb-count").get_text(), li.a["href"])
        for li in content(overview).select(".kb-author-index li")
    }
    assert entries == {
        "Ada Lovelace": ("2 articles", "authors/ada-lovelace.html"),
        "Alan Turing": ("2 articles", "authors/alan-turing.html"),
        "Grace Hopper": ("2 articles", "authors/grace-hopper.html"),
    }


def test_author_page_lists_their_articles_newest_first(site):
    grace = page(site, "docs/authors/grace-hopper.html")
    assert grace.title.get_text().startswith("Articles by Grace Hopper")
    assert titles(grace) == ["Beta on efficient fine-tuning", "Gamma, written on Windows"]
    for a in content(grace).select(".kb-article-list__title a"):
        assert target(site.outdir, "docs/authors/grace-hopper.html", a["href"]).is_file()


def test_byline_links_each_author_to_their_page(site):
    beta = "docs/articles/2024/beta.html"
    links = content(page(site, beta)).select(".kb-byline a.kb-byline__author")
    assert [a.get_text() for a in links] == ["Grace Hopper", "Alan Turing"]
    assert all(a["rel"] == ["author"] for a in links)
    pages = [target(site.outdir, beta, a["href"]) for a in links]
    assert [p.name for p in pages] == ["grace-hopper.html", "alan-turing.html"]
    assert all(p.is_file() for p in pages)


def test_tags_overview_counts_and_normalisation(site):
    soup = page(site, "docs/tags.html")
    entries = {
        li.find("a").get_text(): int(li.select_one(".kb-count").get_text())
        for li in content(soup).select(".kb-tag-index li")
    }
    # "Machine Learning", "machine learning" and " machine-learning" are one tag,
    # shown in the most used spelling (ties: alphabetical, so capitals first).
    assert entries["Machine Learning"] == 3
    assert "machine learning" not in entries
    assert entries["Edge AI"] == 3
    assert entries["机器学习"] == 1
    assert entries["Künstliche Intelligenz"] == 1
    assert entries["C++"] == 1 and entries["c plus plus"] == 1


def test_tag_page_per_tag(site):
    soup = page(site, "docs/tags/machine-learning.html")
    assert content(soup).find("h1").get_text() == "Machine Learning"
    assert titles(soup) == [
        "Alpha: multimodal models",
        "Beta on efficient fine-tuning",
        "Gamma, written on Windows",
    ]
    for a in content(soup).select(".kb-article-list__title a"):
        assert target(site.outdir, "docs/tags/machine-learning.html", a["href"]).is_file()


def test_colliding_slugs_get_distinct_pages(site):
    soup = page(site, "docs/tags.html")
    hrefs = {a.get_text(): a["href"] for a in content(soup).select(".kb-tag-index a")}
    assert hrefs["c plus plus"] == "tags/c-plus-plus.html"
    assert hrefs["C++"] != hrefs["c plus plus"]
    assert hrefs["C++"].startswith("tags/c-plus-plus-")
    assert titles(page(site, "docs/" + hrefs["C++"])) == ["Alpha: multimodal models"]
    assert titles(page(site, "docs/" + hrefs["c plus plus"])) == ["Beta on efficient fine-tuning"]
    assert target(site.outdir, "docs/tags.html", hrefs["机器学习"]).is_file()


def test_sidebar_lists_sections_not_articles(site):
    for name in ("index.html", "docs/articles/2024/alpha.html", "docs/tags/trends.html"):
        sidebar = page(site, name).select_one(".sidebar-tree")
        assert [a.get_text() for a in sidebar.find_all("a")] == ["Archive", "Tags", "Authors"]


def test_newer_and_older_links(site):
    soup = page(site, "docs/articles/2024/beta.html")
    nav = content(soup).select_one(".kb-neighbours")
    assert nav.select_one(".kb-neighbours__newer .kb-neighbours__title").get_text() == NEWEST_FIRST[0]
    assert nav.select_one(".kb-neighbours__older .kb-neighbours__title").get_text() == NEWEST_FIRST[2]
    newest = content(page(site, "docs/articles/2024/alpha.html")).select_one(".kb-neighbours")
    assert newest.select_one(".kb-neighbours__newer") is None


def test_environment_holds_typed_records(site):
    kb = KnowledgeBase(site.env)
    assert len(kb.articles) == 6
    beta = kb.articles["docs/articles/2024/beta"]
    assert beta.date == dt.date(2024, 3, 1)
    assert beta.tags == ("machine learning", "机器学习", "c plus plus")
    assert beta.authors == ("Grace Hopper", "Alan Turing")
    assert beta.featured is False
    assert kb.articles["docs/articles/2024/alpha"].featured is True
    # MyST would store lists as JSON strings in env.metadata; the extension reads the
    # front matter itself, so no such string is left behind to be misread.
    assert "tags" not in site.env.metadata["docs/articles/2024/beta"]
    assert site.env.metadata["docs/articles/2024/beta"]["orphan"] is True


def test_build_writes_nothing_into_the_source_tree(make_app, rootdir, tmp_path):
    import shutil

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    before = sorted(p.relative_to(srcdir) for p in srcdir.rglob("*"))
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "build", freshenv=True)
    app.build()
    assert sorted(p.relative_to(srcdir) for p in srcdir.rglob("*")) == before


@pytest.mark.parametrize("builder", ["dirhtml"])
def test_links_work_with_dirhtml(make_app, rootdir, tmp_path, builder):
    import shutil

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    checked = 0
    for name in (
        "docs/articles/2024/alpha/index.html",
        "docs/tags/index.html",
        "docs/tags/trends/index.html",
    ):
        soup = page(app, name)
        for a in content(soup).select("a[rel=tag], .kb-article-list__title a, .kb-neighbours a"):
            assert a["href"].endswith("/"), a["href"]
            assert target(app.outdir, name, a["href"]).is_file(), (name, a["href"])
            checked += 1
    assert checked > 10


def test_articles_share_a_sidebar_equal_to_their_own(rootdir, tmp_path):
    # The sidebar is computed once per folder for pages outside the toctree; it must be
    # exactly what Sphinx would compute for each page, with the page's section marked
    # current (pages/breadcrumbs.py).
    from furo.navigation import get_navigation_tree
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=copy_root(rootdir, "basic", tmp_path / "src"), freshenv=True)
    try:
        app.build()
        for name in ("docs/articles/2024/alpha", "docs/articles/2024/beta", "docs/tags/trends"):
            own = app.builder._get_local_toctree(
                name, collapse=False, titles_only=True, maxdepth=-1, includehidden=True
            )
            expected = BeautifulSoup(get_navigation_tree(own), "html.parser")
            section = "../../archive.html" if name.startswith("docs/articles") else "../tags.html"
            for a in expected.find_all("a", href=section):
                a["class"] = ["current", *a["class"]]
            shown = page(app, name + ".html").select_one(".sidebar-tree")
            assert [(a["href"], a.get("class")) for a in shown.find_all("a")] == [
                (a["href"], a.get("class")) for a in expected.find_all("a")
            ]
    finally:
        app.cleanup()
