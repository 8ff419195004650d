"""Search: Pagefind's index of the html and dirhtml output, its page, and the fallback to Sphinx's."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from kbtest import build, copy_root, indexed, page
from trendkb.outputs import search

pytestmark = pytest.mark.skipif(search.pagefind_executable() is None, reason="pagefind-bin is not installed")


def _cbor(data: bytes, at: int = 0):
    """The small part of CBOR Pagefind writes (no indefinite lengths)."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info >= 24:
        size = 1 << (info - 24)
        info, at = int.from_bytes(data[at : at + size], "big"), at + size
    if major in (0, 7):  # an unsigned int; a simple value or a float, by its bits
        return info, at
    if major == 1:
        return -1 - info, at
    if major in (2, 3):
        return data[at : at + info], at + info
    if major == 6:  # a tag: the tagged item
        return _cbor(data, at)
    items = []
    for _ in range(info * (2 if major == 5 else 1)):
        item, at = _cbor(data, at)
        items.append(item)
    return items, at


def _canonical(value):
    """Pagefind's chunk hashes blanked, lists in a fixed order (its filter maps are hash maps)."""
    if isinstance(value, bytes) and re.fullmatch(rb"en_[0-9a-f]+", value):
        return b"<chunk>"
    if isinstance(value, list):
        return sorted((_canonical(item) for item in value), key=repr)
    return value


def bundle(outdir: Path) -> list:
    """The search bundle as it searches: every chunk decoded, whatever Pagefind's write order."""
    folder = Path(outdir) / "pagefind"
    decoded = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            data["languages"]["en"]["hash"] = "<chunk>"
            decoded.append((path.name, data))
        elif path.suffix.startswith(".pf_"):
            raw = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
            value = json.loads(raw) if path.suffix == ".pf_fragment" else _cbor(raw)[0]
            named = path.name if path.suffix in (".pf_fragment", ".pf_index") else path.suffix
            decoded.append((named, _canonical(value)))
        elif path.is_file():
            decoded.append((path.name, path.read_bytes()))
    return sorted(decoded, key=repr)


def test_articles_are_indexed_with_their_front_matter_and_listings_are_not(rootdir, tmp_path):
    app = build(copy_root(rootdir, "basic", tmp_path / "src"))
    out = Path(app.outdir)

    alpha = page(app, "docs/articles/2024/alpha.html")
    body = alpha.select_one("article#furo-main-content > [data-pagefind-body]")
    assert body is not None and body.find("h1")
    values = {
        (el.get("data-pagefind-filter") or el.get("data-pagefind-meta") or el.get("data-pagefind-sort")): []
        for el in body.select("span[hidden][data-kb-value]")
    }
    for el in body.select("span[hidden][data-kb-value]"):
        key = el.get("data-pagefind-filter") or el.get("data-pagefind-meta") or el.get("data-pagefind-sort")
        values[key].append(el["data-kb-value"])
    assert values == {
        "kind[data-kb-value]": ["Article"],
        "title[data-kb-value]": ["Alpha: multimodal models"],
        "tag[data-kb-value]": ["Machine Learning", "Künstliche Intelligenz", "C++"],
        "author[data-kb-value]": ["Ada Lovelace"],
        "year[data-kb-value]": ["2024"],
        "date[data-kb-value]": ["2024-05-01", "May 1, 2024"],
        "summary[data-kb-value]": ["Alpha's excerpt for listings and the description."],
    }
    # Listings repeat articles' titles and excerpts: they are left out of the index.
    for listing in ("index.html", "docs/tags.html", "docs/archive.html", "docs/authors.html"):
        assert page(app, listing).select("[data-pagefind-body]") == [], listing

    pages = indexed(out)
    assert sorted(pages) == sorted(
        f"/{p.relative_to(out).as_posix()}" for p in (out / "docs/articles").rglob("*.html")
    )
    found = pages["/docs/articles/2024/alpha.html"]
    assert found["meta"]["title"] == "Alpha: multimodal models"
    assert found["meta"]["date"] == "May 1, 2024"
    assert sorted(found["filters"]["tag"]) == ["C++", "Künstliche Intelligenz", "Machine Learning"]
    assert found["filters"]["author"] == ["Ada Lovelace"]
    assert "multimodal" in found["content"]
    assert "min read" not in found["content"] and "¶" not in found["content"]  # byline, permalinks

    # Sphinx's index is not built: the search page reads Pagefind's.
    assert not (out / "searchindex.js").exists()
    assert (out / "pagefind/pagefind.js").is_file()
    assert not (out / "pagefind/pagefind-ui.js").exists()  # ready-made UIs are not shipped
    search_page = page(app, "search.html")
    box = search_page.select_one("#search-results")
    assert box["data-kb-bundle"] == "pagefind/pagefind.js"
    assert search_page.select_one("input#kb-search-input[name=q]")
    assert search_page.select_one("label[for=kb-search-input]")
    assert search_page.select_one('script[src="_static/kb-search.js"]')
    assert search_page.select_one('link[href="_static/kb-search.css"]')
    assert search_page.select_one('meta[name=robots][content="noindex"]')
    assert not search_page.select('script[src*="searchindex"]')
    # The filters' values and counts come with the page, equal to the index's.
    values = json.loads(box["data-kb-values"])
    counted = {name: {} for name in search.FILTERS}
    for data in pages.values():
        for name, found_values in data["filters"].items():
            for value in found_values:
                counted[name][value] = counted[name].get(value, 0) + 1
    assert values == counted
    assert values["tag"]["C++"] == 1 and values["tag"]["c plus plus"] == 1
    assert values["kind"] == {"Article": 6}
    # Furo's sidebar box still submits ?q= to it.
    assert alpha.select_one("form.sidebar-search-container")["action"].endswith("search.html")
    assert "search: pagefind indexed 6 pages" in app.status.getvalue()
    assert app.warning.getvalue() == ""


def test_topics_are_indexed_as_topics(rootdir, tmp_path):
    app = build(copy_root(rootdir, "topics", tmp_path / "src"))
    pages = indexed(app.outdir)
    kinds = {url: data["filters"]["kind"] for url, data in pages.items()}
    assert {"Article", "Topic"} == {kind for values in kinds.values() for kind in values}
    topic = next(data for url, data in pages.items() if data["filters"]["kind"] == ["Topic"])
    assert topic["filters"]["topic"] == [topic["meta"]["title"]]
    assert topic["meta"].get("summary")
    # An article is found under each topic it discusses.
    articles = [data for data in pages.values() if data["filters"]["kind"] == ["Article"]]
    assert any(data["filters"].get("topic") for data in articles)


def test_an_incremental_build_forgets_a_removed_article_and_equals_a_fresh_build(rootdir, tmp_path):
    src = copy_root(rootdir, "basic", tmp_path / "src")
    out = tmp_path / "out"
    build(src, builddir=out)
    html = out / "html"
    assert "/docs/articles/zeta.html" in indexed(html)

    (src / "docs/articles/zeta.md").unlink()
    app = build(src, builddir=out)
    assert "/docs/articles/zeta.html" not in indexed(html)
    assert len(indexed(html)) == 5

    fresh = build(src, builddir=tmp_path / "fresh", freshenv=True)
    assert bundle(html) == bundle(fresh.outdir)
    assert not (Path(app.outdir) / "searchindex.js").exists()


def test_dirhtml_indexes_folder_urls(rootdir, tmp_path):
    app = build(copy_root(rootdir, "basic", tmp_path / "src"), "dirhtml")
    assert "/docs/articles/2024/alpha/" in indexed(app.outdir)
    search_page = page(app, "search/index.html")
    assert search_page.select_one("#search-results")["data-kb-bundle"] == "../pagefind/pagefind.js"


def test_singlehtml_and_a_missing_binary_keep_sphinx_search(rootdir, tmp_path, monkeypatch):
    app = build(copy_root(rootdir, "basic", tmp_path / "single"), "singlehtml")
    assert not (Path(app.outdir) / "pagefind").exists()
    assert "search:" not in app.status.getvalue()

    monkeypatch.setattr(search, "pagefind_executable", lambda: None)
    app = build(copy_root(rootdir, "basic", tmp_path / "src"))
    out = Path(app.outdir)
    assert not (out / "pagefind").exists()
    assert (out / "searchindex.js").is_file()
    assert page(app, "search.html").select('script[src="searchindex.js"]')
    assert page(app, "docs/articles/2024/alpha.html").select("[data-pagefind-body]") == []
    lines = [line for line in app.status.getvalue().splitlines() if line.startswith("search:")]
    assert lines == [
        "search: the pagefind binary is not installed (pip install pagefind-bin); "
        "the search page uses Sphinx's search index"
    ]
    assert app.warning.getvalue() == ""
