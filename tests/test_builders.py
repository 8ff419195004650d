"""The real site in every builder a host or reader uses: clean with -W, no broken links."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from kbtest import build, target

REPO = Path(__file__).resolve().parent.parent


def build_site(builder: str, builddir: Path):
    return build(REPO, builder, builddir=builddir, freshenv=True)


def pages(outdir: Path, suffix: str):
    for path in sorted(outdir.rglob(f"*{suffix}")):
        name = path.relative_to(outdir).as_posix()
        if not name.startswith(("_", "genindex", "search", "404")):
            yield name, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def local_links(soup):
    for a in soup.select("a[href]"):
        href = a["href"]
        if not urlsplit(href).scheme and not href.startswith(("#", "mailto:")):
            yield href


@pytest.mark.parametrize(("builder", "suffix"), [("html", ".html"), ("dirhtml", ".html"), ("epub", ".xhtml")])
def test_builds_cleanly_and_every_link_resolves(builder, suffix, tmp_path):
    app = build_site(builder, tmp_path)
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    checked = 0
    for name, soup in pages(outdir, suffix):
        for href in local_links(soup):
            path = unquote(urlsplit(href).path)
            assert target(outdir, name, path).exists(), (builder, name, href)
            checked += 1
    assert checked > 100


def test_singlehtml_links_point_at_anchors_on_its_one_page(tmp_path):
    app = build_site("singlehtml", tmp_path)
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser")
    ids = {element["id"] for element in soup.find_all(id=True)}
    main = soup.find("article", id="furo-main-content")
    links = [a["href"] for a in main.select("a[href]") if not urlsplit(a["href"]).scheme]
    # Topics are on the page, so the map's cards and the role links point at them.
    assert any(href.startswith("#document-docs/topics/") for href in links)
    for href in links:
        assert href.startswith("#") and href[1:] in ids, href
    # Articles are not in the single page: their titles stay, as text.
    assert "Machine Learning Trends in 2024" in main.get_text()
