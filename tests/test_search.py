"""Search: Pagefind's index of the html and dirhtml output, its page, and the fallback to Sphinx's."""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import threading
from pathlib import Path

import pytest
from kbtest import build, copy_root, indexed, page
from trendkb.model import spelling
from trendkb.outputs import search

pytestmark = pytest.mark.skipif(not search.pagefind_available(), reason="pagefind is not installed")


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
        if path.name == "pagefind-entry.json":
            data = json.loads(path.read_text(encoding="utf-8"))
            data["languages"]["en"]["hash"] = "<chunk>"
            decoded.append((path.name, data))
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
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

    # The index is made from the build's records: pages carry no markup for it.
    alpha = page(app, "docs/articles/2024/alpha.html")
    assert not alpha.select("[data-pagefind-body], [data-pagefind-filter], [data-pagefind-meta]")

    pages = indexed(out)
    # Listings repeat articles' titles and excerpts: only the articles are indexed.
    assert sorted(pages) == sorted(
        f"/{p.relative_to(out).as_posix()}" for p in (out / "docs/articles").rglob("*.html")
    )
    found = pages["/docs/articles/2024/alpha.html"]
    assert found["meta"]["title"] == "Alpha: multimodal models"
    assert found["meta"]["date"] == "May 1, 2024"
    assert found["meta"]["summary"] == "Alpha's excerpt for listings and the description."
    assert found["filters"]["kind"] == ["Article"]
    assert sorted(found["filters"]["tag"]) == ["C++", "Künstliche Intelligenz", "Machine Learning"]
    assert found["filters"]["author"] == ["Ada Lovelace"] and found["filters"]["year"] == ["2024"]
    assert found["content"].startswith("Alpha: multimodal models.")  # the title is searchable
    assert "multimodal" in found["content"]
    assert "min read" not in found["content"] and "¶" not in found["content"]  # byline, permalinks
    assert found["anchors"][0]["element"] == "h1"  # headings keep their weight and anchors

    # Sphinx's index is not built: the search page reads Pagefind's.
    assert not (out / "searchindex.js").exists()
    assert (out / "pagefind/pagefind.js").is_file()
    assert not (out / "pagefind/pagefind-ui.js").exists()  # ready-made UIs are not shipped
    assert json.loads((out / "pagefind/kb-spelling.json").read_text())["words"]["centre"] == "center"
    search_page = page(app, "search.html")
    box = search_page.select_one("#search-results")
    assert box["data-kb-bundle"] == "pagefind/pagefind.js"
    assert search_page.select_one("input#kb-search-input[name=q]")
    assert search_page.select_one("label[for=kb-search-input]")
    assert search_page.select_one('script[src^="_static/kb-search.js?v="]')
    assert search_page.select_one('link[href^="_static/kb-search.css?v="]')
    assert search_page.select_one('meta[name=robots][content="noindex"]')
    assert not search_page.select('script[src*="searchindex"]')
    # The filters' values and counts are drawn with the page, equal to the index's.
    drawn = {
        group["data-group"]: {
            option.input["value"]: int(option.select_one(".kb-search__count").get_text().strip("()"))
            for option in group.select(".kb-search__option")
        }
        for group in box.select(".kb-search__filter")
    }
    counted = {}
    for data in pages.values():
        for name, found_values in data["filters"].items():
            for value in found_values:
                counted.setdefault(name, {})[value] = counted.get(name, {}).get(value, 0) + 1
    assert drawn == counted
    assert list(drawn) == [name for name in search.FILTERS if name in counted]
    assert drawn["tag"]["C++"] == 1 and drawn["tag"]["c plus plus"] == 1
    assert drawn["kind"] == {"Article": 6}
    years = [o.input["value"] for o in box.select(".kb-search__filter[data-group=year] .kb-search__option")]
    assert years == sorted(years, reverse=True)
    # Every page: the dialog's loader, and the header's search button (a link to the page).
    for name in ("docs/articles/2024/alpha.html", "index.html", "search.html"):
        soup = page(app, name)
        assert soup.select_one(
            'script[src^="_static/kb-search-dialog.js"], script[src*="/_static/kb-search-dialog.js"]'
        ), name
        button = soup.select_one("header.mobile-header .header-right > a.kb-search-open")
        assert button is not None and button["aria-label"] == "Search", name
        depth = name.count("/")
        assert button["href"] == ("#" if name == "search.html" else "../" * depth + "search.html")
    assert alpha.select_one("a.kb-search-open")["data-kb-bundle"] == "../../../pagefind/pagefind.js"
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


def test_a_build_called_inside_a_running_event_loop_is_indexed(rootdir, tmp_path):
    """A notebook or an async harness (Playwright's sync API too) runs a loop in the thread
    that calls Sphinx: the index is built all the same, the same as from plain code."""

    async def inside() -> Path:
        return Path(build(copy_root(rootdir, "basic", tmp_path / "a"), freshenv=True).outdir)

    # The loop runs in a thread of its own: the test session itself may run one (Playwright).
    found: list[Path] = []
    worker = threading.Thread(target=lambda: found.append(asyncio.run(inside())))
    worker.start()
    worker.join()
    [from_loop] = found
    plain = Path(build(copy_root(rootdir, "basic", tmp_path / "b"), freshenv=True).outdir)
    assert "/docs/articles/zeta.html" in indexed(from_loop)
    assert bundle(from_loop) == bundle(plain)


def test_a_site_with_no_indexed_page_gets_a_whole_empty_index_at_once(rootdir, tmp_path):
    """Pagefind's bundle of no pages names no index: that is whole, not a failed write to
    wait for and retry (it cost 90 s a build, then a warning)."""
    app = build(copy_root(rootdir, "citations", tmp_path / "src"), freshenv=True)
    assert "search:" not in app.warning.getvalue()
    assert indexed(app.outdir) == {}
    assert (Path(app.outdir) / "pagefind/pagefind.js").stat().st_size > 0


def test_dirhtml_indexes_folder_urls(rootdir, tmp_path):
    app = build(copy_root(rootdir, "basic", tmp_path / "src"), "dirhtml")
    assert "/docs/articles/2024/alpha/" in indexed(app.outdir)
    search_page = page(app, "search/index.html")
    assert search_page.select_one("#search-results")["data-kb-bundle"] == "../pagefind/pagefind.js"


def test_singlehtml_and_a_missing_binary_keep_sphinx_search(rootdir, tmp_path, monkeypatch):
    app = build(copy_root(rootdir, "basic", tmp_path / "single"), "singlehtml")
    assert not (Path(app.outdir) / "pagefind").exists()
    assert "search:" not in app.status.getvalue()

    monkeypatch.setattr(search, "pagefind_available", lambda: False)
    app = build(copy_root(rootdir, "basic", tmp_path / "src"))
    out = Path(app.outdir)
    assert not (out / "pagefind").exists()
    assert (out / "searchindex.js").is_file()
    assert page(app, "search.html").select('script[src="searchindex.js"]')
    alpha = page(app, "docs/articles/2024/alpha.html")
    assert alpha.select(".kb-search-open") == [] and not alpha.select('script[src*="kb-search-dialog"]')
    lines = [line for line in app.status.getvalue().splitlines() if line.startswith("search:")]
    assert lines == [
        "search: pagefind is not installed (pip install 'pagefind[bin]'); "
        "the search page uses Sphinx's search index"
    ]
    assert app.warning.getvalue() == ""


def test_reference_lists_citations_navigation_and_generated_lists_are_not_indexed(rootdir, tmp_path):
    app = build(copy_root(rootdir, "search", tmp_path / "src"))
    pages = indexed(app.outdir)
    everything = json.dumps(pages, ensure_ascii=False)
    # The topic page shows its reference list and an inline citation: neither is indexed.
    vit = page(app, "docs/topics/vit.html")
    assert "Vitaly" in vit.get_text() and "counting patches" in vit.get_text().lower()
    assert "Vitaly" not in everything and "Zanzibar" not in everything
    assert "counting" not in everything.lower()
    text = pages["/docs/topics/vit.html"]["content"]
    assert "A ViT splits an image into patches and attends over them" in text
    assert "References" not in text and "O(n" not in text  # the list's heading; math
    # The article's listing of other articles is generated: their titles are not its text.
    british = page(app, "docs/articles/british.html")
    assert "Seeing with transformers" in british.get_text()
    assert "Seeing with transformers" not in pages["/docs/articles/british.html"]["content"]
    # Listings, the home page and drafts are not indexed; a {topic} reference reads as its title.
    assert sorted(pages) == [
        "/docs/articles/american.html",
        "/docs/articles/british.html",
        "/docs/articles/vision.html",
        "/docs/topics/quant.html",
        "/docs/topics/vit.html",
    ]
    assert "homepageonly" not in everything and "secretword" not in everything.lower()
    assert "see Vision Transformers for where" in pages["/docs/topics/quant.html"]["content"]
    assert app.warning.getvalue() == ""


def test_spelling_variants_are_indexed_as_one_and_pages_keep_their_own(rootdir, tmp_path):
    app = build(copy_root(rootdir, "search", tmp_path / "src"))
    pages = indexed(app.outdir)
    british = pages["/docs/articles/british.html"]
    american = pages["/docs/articles/american.html"]
    assert (
        "We optimize the quantization of weights and study the behavior of fine-tuning"
        in (british["content"])
    )
    assert "modeling of labeled data" in british["content"]
    assert "fine-tuning them" in american["content"]  # "finetuning", run together on the page
    assert "Pre-training comes first" in american["content"]
    # What the excerpts show instead: the page's own spelling (kb-search.js swaps it back).
    assert json.loads(british["meta"]["spelling"]) == {
        "behavior": "behaviour",
        "fine-tuning": "fine tuning",
        "labeled": "labelled",
        "modeling": "modelling",
        "optimize": "optimise",
        "quantization": "quantisation",
    }
    assert json.loads(american["meta"]["spelling"]) == {"fine-tuning": "finetuning"}
    assert british["meta"]["title"] == "Quantisation notes"  # shown as written
    # The rules the index was made with go with it, for the queries.
    rules = json.loads((Path(app.outdir) / "pagefind/kb-spelling.json").read_text(encoding="utf-8"))
    assert rules == spelling.rules()
