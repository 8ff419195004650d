"""Mermaid served by the site itself (from ``npm ci``'s copy), the CDN only without one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kbtest import build, copy_root, page
from trendkb.outputs.mermaidjs import CHUNKS, ENTRY

CDN = "https://cdn.jsdelivr.net/npm/mermaid@"
HINT = "run `npm ci`"


def fake_dist(folder: Path) -> Path:
    """A stand-in for ``node_modules/mermaid/dist``: an entry module, a chunk, a source map."""
    (folder / CHUNKS).mkdir(parents=True)
    (folder / ENTRY).write_text('import "./chunks/mermaid.esm.min/chunk-A.mjs";\nexport default {};\n')
    (folder / CHUNKS / "chunk-A.mjs").write_text("export const a = 1;\n")
    (folder / CHUNKS / "chunk-A.mjs.map").write_text("{}\n")
    return folder


DIAGRAM = "```{mermaid}\ngraph LR\n  a --> b\n```\n\n"


def map_site(rootdir, dest: Path) -> Path:
    """The topics test site with an author's mermaid diagram on its home page (the topic map needs none)."""
    srcdir = copy_root(rootdir, "topics", dest)
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace(":::{kb-topics}", DIAGRAM + ":::{kb-topics}"))
    return srcdir


def module_imports(app, name: str = "index.html") -> list[str]:
    scripts = page(app, name).select('script[type="module"]')
    return [m for s in scripts for m in re.findall(r"import mermaid from (\"[^\"]*\")", s.get_text())]


def test_local_copy_is_imported_and_copied(rootdir, tmp_path):
    dist = fake_dist(tmp_path / "dist")
    app = build(
        map_site(rootdir, tmp_path / "src"), freshenv=True, confoverrides={"kb_mermaid_dist": str(dist)}
    )
    assert app.warning.getvalue() == ""
    assert module_imports(app) == ['"./_static/mermaid/mermaid.esm.min.mjs"']
    static = Path(app.outdir) / "_static/mermaid"
    assert sorted(p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file()) == [
        f"{CHUNKS}/chunk-A.mjs",
        ENTRY,
    ]
    assert (static / ENTRY).read_bytes() == (dist / ENTRY).read_bytes()
    assert HINT not in app.status.getvalue()
    assert page(app, "index.html").select("pre.mermaid")


def test_pages_below_the_root_import_with_a_relative_path(rootdir, tmp_path):
    dist = fake_dist(tmp_path / "dist")
    srcdir = copy_root(rootdir, "topics", tmp_path / "src")
    topics = srcdir / "docs/topics.md"
    topics.write_text(topics.read_text() + "\n" + DIAGRAM)
    app = build(srcdir, freshenv=True, confoverrides={"kb_mermaid_dist": str(dist)})
    assert module_imports(app, "docs/topics.html") == ['"../_static/mermaid/mermaid.esm.min.mjs"']
    # Pages without a diagram load no mermaid at all.
    assert module_imports(app, "docs/topics/rlhf.html") == []


def test_rebuilds_copy_only_what_changed(rootdir, tmp_path):
    dist = fake_dist(tmp_path / "dist")
    srcdir = map_site(rootdir, tmp_path / "src")
    overrides = {"kb_mermaid_dist": str(dist)}
    first = build(srcdir, freshenv=True, confoverrides=overrides)
    assert "copied 2 mermaid file(s)" in first.status.getvalue()
    again = build(srcdir, confoverrides=overrides)
    assert "mermaid file(s)" not in again.status.getvalue()
    (dist / CHUNKS / "chunk-A.mjs").write_text("export const a = 2;\n")
    changed = build(srcdir, confoverrides=overrides)
    assert "copied 1 mermaid file(s)" in changed.status.getvalue()
    assert (Path(changed.outdir) / "_static/mermaid" / CHUNKS / "chunk-A.mjs").read_text().endswith("2;\n")


def test_local_copy_appearing_later_rewrites_the_pages(rootdir, tmp_path):
    # `npm ci` between two builds: the page script changes, so the pages are rewritten.
    dist = tmp_path / "dist"
    srcdir = map_site(rootdir, tmp_path / "src")
    overrides = {"kb_mermaid_dist": str(dist)}
    before = build(srcdir, freshenv=True, confoverrides=overrides)
    assert module_imports(before)[0].startswith(f'"{CDN}')
    fake_dist(dist)
    after = build(srcdir, confoverrides=overrides)
    assert module_imports(after) == ['"./_static/mermaid/mermaid.esm.min.mjs"']


@pytest.mark.parametrize("setting", ["missing", ""])
def test_without_local_copy_the_cdn_is_used_and_the_build_says_how_to_fix_it(rootdir, tmp_path, setting):
    dist = str(tmp_path / "missing") if setting == "missing" else ""
    app = build(map_site(rootdir, tmp_path / "src"), freshenv=True, confoverrides={"kb_mermaid_dist": dist})
    # Information, not a warning: the site builds with -W.
    assert app.warning.getvalue() == ""
    assert app.status.getvalue().count(HINT) == 1
    [url] = module_imports(app)
    assert url.startswith(f'"{CDN}') and url.endswith('/dist/mermaid.esm.min.mjs"')
    assert not (Path(app.outdir) / "_static/mermaid").exists()


def test_a_copy_chosen_in_conf_py_wins(rootdir, tmp_path):
    dist = fake_dist(tmp_path / "dist")
    overrides = {"kb_mermaid_dist": str(dist), "mermaid_use_local": "vendor/mermaid.mjs"}
    app = build(map_site(rootdir, tmp_path / "src"), freshenv=True, confoverrides=overrides)
    assert module_imports(app) == ['"./_static/vendor/mermaid.mjs"']
    assert not (Path(app.outdir) / "_static/mermaid").exists()
    assert HINT not in app.status.getvalue()


def test_the_dist_folder_is_relative_to_conf_py(rootdir, tmp_path):
    srcdir = map_site(rootdir, tmp_path / "src")
    fake_dist(srcdir / "vendor/mermaid")
    app = build(srcdir, freshenv=True, confoverrides={"kb_mermaid_dist": "vendor/mermaid"})
    assert module_imports(app) == ['"./_static/mermaid/mermaid.esm.min.mjs"']


def test_pages_without_a_document_load_no_mermaid(rootdir, tmp_path):
    # Search and the generated tag pages cannot hold a diagram: no 1 MB download there.
    dist = fake_dist(tmp_path / "dist")
    app = build(
        map_site(rootdir, tmp_path / "src"), freshenv=True, confoverrides={"kb_mermaid_dist": str(dist)}
    )
    assert module_imports(app) != []
    for name in ("search.html", "genindex.html", "docs/tags/ai.html"):
        assert (Path(app.outdir) / name).is_file()
        assert module_imports(app, name) == []
