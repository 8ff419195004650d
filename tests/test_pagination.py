"""Long lists in pages of bounded size (pages/pagination.py, pages/continuation.py).

Whatever the list and the page size, its pages show every entry once, in order, none
more than the page size; each page links to the others (pager and rel="prev"/"next");
the sitemap has them; incremental builds rewrite exactly the pages whose bytes change
and equal fresh ones; a page no longer needed is removed.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kbtest import build, content, copy_root, page, snapshot, target, titles
from test_incremental import NEW_ARTICLE, assert_same_as_fresh, edit, mtimes
from trendkb.pages.pagination import pagename, pages, window

ARCHIVE = "docs/archive.html"


@given(st.integers(0, 500), st.integers(1, 60), st.data())
def test_pages_cut_any_list_into_bounded_ordered_parts(total, size, data):
    count = pages(total, size).count
    seen = []
    for number in range(1, count + 1):
        at = pages(total, size, number)
        assert (at.number, at.count, at.total) == (number, count, total)
        assert 0 < at.stop - at.start <= size or total == 0
        seen.extend(range(at.start, at.stop))
    assert seen == list(range(total))  # every entry once, in order
    assert count == max(1, -(-total // size))  # no page more than needed

    number = data.draw(st.integers(1, count))
    shown = window(pages(total, size, number))
    numbers = [n for n in shown if n is not None]
    assert numbers == sorted(set(numbers)) and {1, count, number} <= set(numbers)
    assert len(shown) <= 9  # bounded, however many pages there are
    for before, after in itertools.pairwise(shown):
        if before is None or after is None:
            continue
        assert after == before + 1  # a jump is always shown as a gap
    assert None not in shown[:1] + shown[-1:]


def test_page_names_are_distinct_and_below_their_owner():
    names = {pagename("docs/archive", n, i) for n in range(1, 30) for i in range(3)}
    assert len(names) == 29 * 3 - 2  # page 1 of every list is the owner itself
    assert all(name == "docs/archive" or name.startswith("docs/archive/") for name in names)


def paged_site(rootdir, dest: Path, size: int, name: str = "basic") -> Path:
    srcdir = copy_root(rootdir, name, dest)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\nkb_page_size = {size}\n")
    return srcdir


def series(app, first: str) -> list[str]:
    """The pages of a list, following its "Older" links from ``first``."""
    outdir = Path(app.outdir)
    found, name = [], first
    while name is not None:
        assert name not in found, f"the pager loops at {name}"
        found.append(name)
        older = page(app, name).select_one(".kb-pager a[rel=next]")
        name = target(outdir, name, older["href"]).relative_to(outdir).as_posix() if older else None
    return found


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(paged_site(rootdir, tmp_path_factory.mktemp("paged") / "site", 2), freshenv=True)


def test_archive_pages_show_every_article_once_in_order(site, rootdir, tmp_path):
    whole = build(paged_site(rootdir, tmp_path / "whole", 0), freshenv=True)
    everything = titles(page(whole, ARCHIVE))
    assert len(everything) == 6 and not list((Path(whole.outdir) / "docs" / "archive").glob("**/*.html"))
    names = series(site, ARCHIVE)
    assert names == [ARCHIVE, "docs/archive/page/2.html", "docs/archive/page/3.html"]
    shown = [titles(page(site, name)) for name in names]
    assert all(len(part) == 2 for part in shown)
    assert [t for part in shown for t in part] == everything
    assert site.warning.getvalue() == whole.warning.getvalue() == ""


def test_every_page_links_to_the_others_in_the_page_and_the_head(site):
    outdir = Path(site.outdir)
    names = series(site, ARCHIVE)
    for number, name in enumerate(names, start=1):
        soup = page(site, name)
        pager = soup.select_one("nav.kb-pager")
        assert pager["aria-label"] and f"Page {number} of 3" in pager.get_text()
        assert soup.select_one(".kb-pager__current").get_text() == str(number)
        assert soup.select_one(".kb-pager__current")["aria-current"] == "page"
        for a in pager.select("a"):
            assert target(outdir, name, a["href"]).is_file(), (name, a["href"])
        links = soup.head.select
        head = {rel: [link["href"] for link in links(f'link[rel="{rel}"]')] for rel in ("prev", "next")}
        newer = pager.select_one("a[rel=prev]")
        older = pager.select_one("a[rel=next]")
        # The list's neighbours are in the head; Sphinx's own (the toctree's) may be too.
        assert (newer is None) or newer["href"] in head["prev"]
        assert (older is None) or older["href"] in head["next"]
        if number > 1:  # a continuation page: titled, linked to its first page, no other rel links
            assert soup.title.get_text().startswith(f"Archive, page {number} of 3")
            back = content(soup).select_one(".kb-continued__summary a")
            assert target(outdir, name, back["href"]) == outdir / ARCHIVE
            assert len(head["prev"]) == 1 and len(head["next"]) == (1 if number < 3 else 0)


def test_tag_and_author_lists_are_paginated_too(site):
    tags = content(page(site, "docs/tags.html")).select(".kb-tag-index a")
    assert tags
    for a in tags:
        first = target(Path(site.outdir), "docs/tags.html", a["href"]).relative_to(site.outdir).as_posix()
        count = (
            int(a.find_next(class_="kb-count").get_text(strip=True).strip("()"))
            if a.find_next(class_="kb-count")
            else None
        )
        names = series(site, first)
        shown = [t for name in names for t in titles(page(site, name))]
        assert all(len(titles(page(site, name))) <= 2 for name in names)
        assert len(shown) == len(set(shown))
        if count is not None:
            assert len(shown) == count, first
    assert (Path(site.outdir) / "docs/tags/machine-learning/page/2.html").is_file()


def test_sitemap_lists_every_page_of_every_list(site):
    sitemap = (Path(site.outdir) / "sitemap.xml").read_text(encoding="utf-8")
    for path in Path(site.outdir).rglob("page/*.html"):
        relpath = path.relative_to(site.outdir).as_posix()
        assert f"https://kb.example.org/{relpath}" in sitemap, relpath


def test_topic_articles_are_paginated(rootdir, tmp_path):
    app = build(paged_site(rootdir, tmp_path / "topics", 1, "topics"), freshenv=True)
    whole = build(paged_site(rootdir, tmp_path / "whole", 0, "topics"), freshenv=True)
    for topic in Path(whole.outdir, "docs/topics").glob("*.html"):
        name = topic.relative_to(whole.outdir).as_posix()
        selector = "#kb-discussed-in .kb-article-list__title"
        everything = titles(page(whole, name), selector)
        names = series(app, name)
        shown = [titles(page(app, names[0]), selector)]
        shown += [titles(page(app, n), ".kb-continued .kb-article-list__title") for n in names[1:]]
        assert all(len(part) <= 1 for part in shown)
        assert [t for part in shown for t in part] == everything, name
    assert app.warning.getvalue() == whole.warning.getvalue()


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml"])
def test_other_builders(rootdir, tmp_path, builder):
    app = build(paged_site(rootdir, tmp_path / builder, 2), builder)
    outdir = Path(app.outdir)
    if builder == "dirhtml":
        names = series(app, "docs/archive/index.html")
        assert names[1:] == ["docs/archive/page/2/index.html", "docs/archive/page/3/index.html"]
    else:  # one page: no continuation pages, every article where the list is
        assert not list(outdir.glob("**/page/**/*.html"))
        assert not page(app, "index.html").select(".kb-pager")


def _rewritten_unchanged(outdir: Path, before_bytes: dict, before_times: dict) -> list[str]:
    """Pages written again although their bytes are the same."""
    now = mtimes(outdir)
    return sorted(
        name
        for name, stamp in now.items()
        if name in before_times
        and stamp != before_times[name]
        and (outdir / name).read_bytes() == before_bytes[name]
        and name not in ("search.html", "genindex.html")
    )


def _step(app_dir: Path, srcdir: Path, tmp_path: Path, step: str):
    outdir = srcdir / "_build" / "html"
    before_bytes = {name: (outdir / name).read_bytes() for name in mtimes(outdir)}
    before_times = mtimes(outdir)
    app = build(srcdir)
    assert _rewritten_unchanged(outdir, before_bytes, before_times) == [], step
    assert_same_as_fresh(app, srcdir, tmp_path, step)
    return app


def test_add_delete_retag_rewrite_only_changed_pages_and_equal_fresh(rootdir, tmp_path):
    srcdir = paged_site(rootdir, tmp_path / "site", 2)
    build(srcdir, freshenv=True)
    articles = srcdir / "docs" / "articles"

    (articles / "2024" / "eta.md").write_text(NEW_ARTICLE, encoding="utf-8")
    app = _step(None, srcdir, tmp_path, "added")
    assert len(series(app, ARCHIVE)) == 4
    assert (Path(app.outdir) / "docs/archive/page/4.html").is_file()

    edit(srcdir, "2024/eta.md", "tags: [machine-learning, Brand New Tag]", "tags: [edge-ai]")
    _step(None, srcdir, tmp_path, "retagged")

    (articles / "2024" / "eta.md").unlink()
    victim = next(p for p in sorted(articles.rglob("*.md")) if "zeta" in p.name or "epsilon" in p.name)
    victim.unlink()
    app = _step(None, srcdir, tmp_path, "deleted")
    assert len(series(app, ARCHIVE)) == 3
    # The fourth page is gone, as a fresh build would not have it.
    assert not (Path(app.outdir) / "docs/archive/page/4.html").exists()


def test_parallel_build_equals_serial(rootdir, tmp_path):
    serial = build(paged_site(rootdir, tmp_path / "serial", 1), freshenv=True)
    parallel = build(paged_site(rootdir, tmp_path / "parallel", 1), freshenv=True, parallel=2)
    assert snapshot(parallel.outdir) == snapshot(serial.outdir)


def test_page_size_is_checked(rootdir, tmp_path):
    from sphinx.errors import ConfigError

    srcdir = paged_site(rootdir, tmp_path / "bad", -1)
    with pytest.raises(ConfigError, match="kb_page_size"):
        build(srcdir)
    shutil.rmtree(srcdir)


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_hand_written_page_keeps_its_file_from_a_generated_page(rootdir, tmp_path, builder):
    # Page 2 of the archive, and (dirhtml: X/index.md is the file of page X) a tag's page,
    # written by hand: the document's page keeps its file, the generated one is not made.
    src = copy_root(rootdir, "basic", tmp_path / "src")
    (src / "docs/archive/page").mkdir(parents=True)
    (src / "docs/archive/page/2.md").write_text("# Hand-written second page\n\nHANDWRITTEN\n")
    (src / "docs/tags/trends").mkdir(parents=True)
    (src / "docs/tags/trends/index.md").write_text("# Hand-written trends\n\nHANDTAG\n")
    for path in ("docs/archive/page/2", "docs/tags/trends/index"):
        with (src / "index.md").open("a") as index:
            index.write(f"\n```{{toctree}}\n:hidden:\n\n{path}\n```\n")
    app = build(src, builder, freshenv=True, confoverrides={"kb_page_size": 2, "kb_unknown_fields": "ignore"})
    out = Path(app.outdir)
    second = out / ("docs/archive/page/2.html" if builder == "html" else "docs/archive/page/2/index.html")
    assert "HANDWRITTEN" in second.read_text(encoding="utf-8")
    warnings = app.warning.getvalue()
    assert "the generated page docs/archive/page/2" in warnings and "[kb.output]" in warnings
    if builder == "dirhtml":
        assert "HANDTAG" in (out / "docs/tags/trends/index.html").read_text(encoding="utf-8")
        assert "the generated page docs/tags/trends" in warnings
