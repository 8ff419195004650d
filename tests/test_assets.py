"""Light pages: each page links the stylesheets and scripts of the features it shows, no more."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbtest import build, copy_root, page

CODE = "docs/articles/with-code.html"
PLAIN = "docs/articles/plain.html"
TABS = "docs/tabs.html"
COPYBUTTON = {"copybutton.css", "clipboard.min.js", "copybutton.js"}
DESIGN = {"sphinx-design.min.css"}
#: Furo's and Sphinx's files, and the extension's stylesheet: every page keeps them.
ALWAYS = {
    "styles/furo.css",
    "styles/furo-extensions.css",
    "scripts/furo.js",
    "documentation_options.js",
    "doctools.js",
    "trendkb.css",
}


def assets(app, name: str) -> set[str]:
    """The stylesheets and scripts a page links, as paths below ``_static/`` without ``?v=``."""
    soup = page(app, name)
    urls = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    urls += [script["src"] for script in soup.find_all("script", src=True)]
    return {url.split("?")[0].split("_static/", 1)[-1] for url in urls if "_static/" in url}


def generated_pages(app) -> list[str]:
    return ["docs/tags/code.html", "search.html", "genindex.html"]


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    app = build(copy_root(rootdir, "assets", tmp_path_factory.mktemp("assets") / "src"))
    assert not app.warning.getvalue().strip(), app.warning.getvalue()
    return app


def test_copy_button_only_where_there_is_code(site):
    with_code = assets(site, CODE)
    assert COPYBUTTON | {"pygments.css"} <= with_code
    plain = assets(site, PLAIN)
    assert not (COPYBUTTON | {"pygments.css"}) & plain, plain
    # The page still has its inline code, unstyled by pygments but drawn by Furo.
    assert page(site, PLAIN).find("code", class_="literal")


def test_sphinx_design_only_where_there_are_components(site):
    home = assets(site, "index.html")
    assert home >= DESIGN, "the featured cards need sphinx-design's stylesheet"
    assert "design-tabs.js" not in home, "cards are not tabs"
    assert DESIGN | {"design-tabs.js"} <= assets(site, TABS)
    assert page(site, "index.html").select_one(".sd-card")
    for name in (CODE, PLAIN):
        assert not (DESIGN | {"design-tabs.js"}) & assets(site, name), name


def test_generated_pages_load_neither(site):
    for name in generated_pages(site):
        linked = assets(site, name)
        assert not (COPYBUTTON | DESIGN | {"design-tabs.js", "pygments.css"}) & linked, (name, linked)


def test_theme_and_sphinx_files_stay_everywhere(site):
    for name in ["index.html", CODE, PLAIN, TABS, *generated_pages(site)]:
        assert assets(site, name) >= ALWAYS, (name, ALWAYS - assets(site, name))
    # The files themselves are still copied: a page that needs them finds them.
    static = Path(site.outdir) / "_static"
    assert all((static / name).is_file() for name in COPYBUTTON | DESIGN | {"design-tabs.js"})


def test_favicon_is_linked(site):
    icon = page(site, PLAIN).find("link", rel="icon")
    assert icon is not None and icon["href"].endswith("_static/favicon.svg")
    assert (Path(site.outdir) / "_static" / "favicon.svg").is_file()


def test_switched_off_or_custom_selector_keeps_the_files(rootdir, tmp_path):
    off = build(copy_root(rootdir, "assets", tmp_path / "off"), confoverrides={"kb_light_pages": False})
    assert COPYBUTTON | DESIGN | {"design-tabs.js", "pygments.css"} <= assets(off, PLAIN)
    # With its own selector the copy button may go on anything: its files stay.
    custom = build(
        copy_root(rootdir, "assets", tmp_path / "custom"),
        confoverrides={"copybutton_selector": "pre"},
    )
    plain = assets(custom, PLAIN)
    assert plain >= COPYBUTTON and not ({"pygments.css"} | DESIGN) & plain


def test_parallel_build_links_the_same_files(site, rootdir, tmp_path):
    parallel = build(copy_root(rootdir, "assets", tmp_path / "src"), parallel=2)
    for name in ["index.html", CODE, PLAIN, TABS, *generated_pages(site)]:
        assert assets(parallel, name) == assets(site, name), name


def test_only_the_extensions_own_files_are_matched():
    from trendkb.outputs.assets import _filename

    assert _filename("_static/pygments.css?v=1") == "pygments.css"
    assert _filename("_static/css/pygments.css") == "css/pygments.css"  # a site's own file: kept
    assert _filename("https://cdn.example.org/copybutton.js") == "https://cdn.example.org/copybutton.js"


def test_incremental_edit_adds_and_removes_the_copy_button(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "assets", tmp_path / "src")
    outdir = tmp_path / "out"
    first = build(srcdir, builddir=outdir)
    assert not COPYBUTTON & assets(first, PLAIN)
    article = srcdir / "docs/articles/plain.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n```bash\nls\n```\n", encoding="utf-8")
    second = build(srcdir, builddir=outdir)
    assert assets(second, PLAIN) >= COPYBUTTON
    code = srcdir / "docs/articles/with-code.md"
    code.write_text(code.read_text(encoding="utf-8").split("```")[0], encoding="utf-8")
    third = build(srcdir, builddir=outdir)
    assert not COPYBUTTON & assets(third, CODE)
