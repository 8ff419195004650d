"""Helpers shared by the tests: parsed pages, links, and whole-site snapshots."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

#: The test-basic site's article titles, newest first.
NEWEST_FIRST = [
    "Alpha: multimodal models",
    "Beta on efficient fine-tuning",
    "Gamma, written on Windows",
    "Delta, filed deep down",
    "Epsilon",
    "Zeta",
]


def page(app, name: str) -> BeautifulSoup:
    """The parsed HTML of an output file, e.g. ``docs/tags.html``."""
    return BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "html.parser")


def target(outdir: Path, page_name: str, href: str) -> Path:
    """The output file a relative link from ``page_name`` points at."""
    path = urlsplit(href).path
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_name), path))
    result = Path(outdir) / resolved
    return result / "index.html" if href.endswith("/") or result.is_dir() else result


def content(soup: BeautifulSoup):
    return soup.find("article", id="furo-main-content") or soup.find("div", role="main") or soup


def snapshot(outdir: Path) -> dict[str, bytes]:
    """Every page, feed, sitemap and catalogue (and the search index) of a build, by path."""
    outdir = Path(outdir)
    pages = {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for pattern in ("*.html", "*.xml", "catalog.json")
        for p in outdir.rglob(pattern)
        if p.is_file() and not p.relative_to(outdir).as_posix().startswith((".", "_"))
    }
    index = outdir / "searchindex.js"
    if index.is_file():
        pages["searchindex.js"] = search_index(index)
    return pages


def search_index(path: Path) -> bytes:
    """The search index, less the empty entries Sphinx's incremental pruning leaves.

    Sphinx keeps a word with no documents left (``"old":[]``) after an edit; a fresh
    build omits it. Both find the same pages, so the comparison ignores them.
    """
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for key in ("terms", "titleterms"):
        data[key] = {word: docs for word, docs in data[key].items() if docs != []}
    return json.dumps(data, sort_keys=True).encode()


def indexed(outdir: Path) -> dict[str, dict]:
    """Every page in the Pagefind index, by URL: its fragment (content, meta, filters)."""
    import gzip

    pages = {}
    for fragment in (Path(outdir) / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = data
    return pages


def searchable_text(outdir: Path) -> str:
    """What a reader's search can find: Pagefind's pages, else Sphinx's index."""
    pages = indexed(outdir)
    if pages:
        return json.dumps(pages, ensure_ascii=False)
    return (Path(outdir) / "searchindex.js").read_text(encoding="utf-8")


def titles(soup: BeautifulSoup, selector: str = ".kb-article-list__title") -> list[str]:
    return [el.get_text(strip=True) for el in content(soup).select(selector)]


def copy_root(rootdir: Path, name: str, dest: Path) -> Path:
    import shutil

    shutil.copytree(Path(rootdir) / f"test-{name}", dest)
    return dest


def build(srcdir: Path, builder: str = "html", **kwargs):
    """Build a site with Sphinx's test application; returns the app (warnings in ``app.warning``)."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    kwargs.setdefault("status", StringIO())
    kwargs.setdefault("warning", StringIO())
    app = SphinxTestApp(builder, srcdir=Path(srcdir), **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app
