"""The search index follows the change: records kept per document, Pagefind only when text changed.

The index is read back from its fragments (``kbtest.indexed``) and compared whole
(``test_search.bundle``); the browser tests query it through Pagefind's own script.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kbtest import build, copy_root, indexed
from test_search import bundle
from trendkb.model.domain import KnowledgeBase
from trendkb.outputs import search, searchjob

pytestmark = pytest.mark.skipif(not search.pagefind_available(), reason="pagefind is not installed")
REPO = Path(__file__).resolve().parent.parent
BRITISH = "docs/articles/british.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 5_000_000_000  # unmistakably newer than the last build
    os.utime(path, ns=(stamp, stamp))


def files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file of a folder (and the folder) with its inode and modification time."""
    found = {".": (folder.stat().st_ino, folder.stat().st_mtime_ns)}
    for path in folder.rglob("*"):
        stat = path.stat()
        found[path.relative_to(folder).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
    return found


def content(outdir: Path, url: str) -> str:
    return indexed(outdir)[url]["content"]


@pytest.fixture
def site(rootdir, tmp_path):
    return copy_root(rootdir, "search", tmp_path / "src")


def test_records_live_in_the_environment_and_only_read_documents_are_extracted(site, tmp_path, monkeypatch):
    from trendkb.model import searchtext

    out = tmp_path / "out"
    first = build(site, builddir=out)
    kb = KnowledgeBase(first.env)
    articles = ["docs/articles/american", "docs/articles/british", "docs/articles/vision"]
    assert sorted(kb.search_texts) == [*articles, "docs/topics/quant", "docs/topics/vit"]
    extracted = []
    original = searchtext.extract
    monkeypatch.setattr(
        searchtext,
        "extract",
        lambda doctree, *rest: extracted.append(doctree["source"]) or original(doctree, *rest),
    )
    edit(site / BRITISH, "Zebrafinch is a word", "Kingfisher is a word")
    second = build(site, builddir=out)
    assert extracted == [str(site / BRITISH)]  # the one document read again
    html = Path(second.outdir)
    assert "Kingfisher" in content(html, "/docs/articles/british.html")
    assert "Zebrafinch" not in json.dumps(indexed(html))
    assert "search: pagefind indexed 5 pages" in second.status.getvalue()


def test_a_build_without_indexed_text_changes_leaves_the_bundle_untouched(site, tmp_path):
    out = tmp_path / "out"
    first = build(site, builddir=out)
    live = Path(first.outdir) / "pagefind"
    before = files(live)
    british = content(Path(first.outdir), "/docs/articles/british.html")

    again = build(site, builddir=out)  # nothing changed
    assert "search: no indexed text changed; the index is kept" in again.status.getvalue()
    # A setting that rewrites every page and feed, but no indexed text.
    feed = build(site, builddir=out, confoverrides={"kb_feed_length": 1})
    assert "search: no indexed text changed" in feed.status.getvalue()
    assert "pagefind indexed" not in again.status.getvalue() + feed.status.getvalue()
    assert files(live) == before

    # A listing on an article is generated: the new article it now shows is not that article's text.
    (site / "docs/articles/new.md").write_text(
        "---\ntitle: New\ndate: 2024-07-01\ntags: [Computer Vision]\n---\n\nNewword here.\n", encoding="utf-8"
    )
    added = build(site, builddir=out)
    assert "search: pagefind indexed 6 pages" in added.status.getvalue()
    assert "Newword" in content(Path(added.outdir), "/docs/articles/new.html")
    assert content(Path(added.outdir), "/docs/articles/british.html") == british


def test_a_removed_page_is_forgotten_and_an_edit_is_found_like_a_fresh_build(site, tmp_path):
    out = tmp_path / "out"
    build(site, builddir=out)
    html = out / "html"
    assert "/docs/articles/vision.html" in indexed(html)

    (site / "docs/articles/vision.md").unlink()
    edit(site / "docs/articles/american.md", "and color.", "and colour.")
    build(site, builddir=out)
    pages = indexed(html)
    assert "/docs/articles/vision.html" not in pages
    # Indexed in its American spelling; the page's own is kept for its excerpts.
    american = pages["/docs/articles/american.html"]
    assert "and color." in american["content"]
    assert json.loads(american["meta"]["spelling"])["color"] == "colour"

    fresh = build(site, builddir=tmp_path / "fresh", freshenv=True)
    assert bundle(html) == bundle(fresh.outdir)


def test_a_parallel_build_indexes_as_a_serial_one(site, tmp_path, rootdir):
    serial = build(site, builddir=tmp_path / "serial", freshenv=True)
    parallel_site = copy_root(rootdir, "search", tmp_path / "psrc")
    parallel = build(parallel_site, builddir=tmp_path / "parallel", freshenv=True, parallel=2)
    assert bundle(parallel.outdir) == bundle(serial.outdir)
    # ... and again after an incremental parallel build.
    edit(parallel_site / BRITISH, "Zebrafinch", "Kingfisher")
    edit(site / BRITISH, "Zebrafinch", "Kingfisher")
    serial = build(site, builddir=tmp_path / "serial")
    parallel = build(parallel_site, builddir=tmp_path / "parallel", parallel=2)
    assert bundle(parallel.outdir) == bundle(serial.outdir)


KILL_WHILE_INDEXING = """

def setup(app):
    # Test-only: Pagefind has written part of the new bundle when the build is killed.
    import os, signal
    from trendkb.outputs import pagefindservice

    def write_bundle(pages, output):
        list(pages)
        output.mkdir(parents=True)
        (output / "pagefind.js").write_text("half")
        os.kill(os.getpid(), signal.SIGKILL)

    if os.environ.get("KB_TEST_KILL_INDEXER"):
        pagefindservice.write_bundle = write_bundle
"""


def sphinx(srcdir: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PYTHONPATH": str(REPO / "_ext"), **env}
    environ.pop("PYTHONWARNINGS", None)
    command = [sys.executable, "-m", "sphinx", "-b", "html", str(srcdir), str(srcdir / "_build/html")]
    return subprocess.run(command, env=environ, capture_output=True, text=True, timeout=120)


def test_a_build_killed_while_indexing_leaves_the_old_index_usable(site, tmp_path):
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(KILL_WHILE_INDEXING)
    assert sphinx(site).returncode == 0
    html = site / "_build/html"
    before = bundle(html)

    edit(site / BRITISH, "Zebrafinch", "Kingfisher")
    killed = sphinx(site, KB_TEST_KILL_INDEXER="1")
    assert killed.returncode == -9
    assert bundle(html) == before  # the old index, whole: searches keep working
    assert "Zebrafinch" in content(html, "/docs/articles/british.html")
    assert [p.name for p in html.iterdir() if ".kbtmp-" in p.name]  # the half-written bundle, beside it

    healed = sphinx(site)
    assert healed.returncode == 0, healed.stderr
    assert "Kingfisher" in content(html, "/docs/articles/british.html"), healed.stdout + healed.stderr
    assert not [p.name for p in html.iterdir() if ".kbtmp-" in p.name]
    fresh = build(site, builddir=tmp_path / "fresh", freshenv=True)
    assert bundle(html) == bundle(fresh.outdir)


def test_pagefind_failing_keeps_the_previous_index(site, tmp_path, monkeypatch):
    from trendkb.outputs import pagefindservice

    out = tmp_path / "out"
    first = build(site, builddir=out)
    html = Path(first.outdir)
    before = bundle(html)

    def refuses(pages, output):
        raise pagefindservice.PagefindFailed("pagefind stopped (IncompleteReadError)")

    monkeypatch.setattr(pagefindservice, "write_bundle", refuses)
    edit(site / BRITISH, "Zebrafinch", "Kingfisher")
    failed = build(site, builddir=out)
    assert (
        "search: pagefind stopped (IncompleteReadError); the previous search index, if any, is kept"
        in failed.warning.getvalue()
    )
    assert bundle(html) == before
    monkeypatch.undo()
    healed = build(site, builddir=out)  # the digest was not recorded: the next build indexes
    assert "Kingfisher" in content(Path(healed.outdir), "/docs/articles/british.html")


# -- the live preview: pages first, the index a moment later ------------------------------


def wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def job_running(app) -> bool:
    from trendkb.outputs import searchindex

    return Path(searchindex.paths(app).job).exists()


def test_background_indexing_follows_the_pages_and_never_puts_an_older_index_in_place(site, tmp_path):
    from trendkb.outputs import searchindex

    out = tmp_path / "out"
    live = {"kb_search_background": True}
    first = build(site, builddir=out, confoverrides=live)
    assert "search: indexing 5 pages in the background" in first.status.getvalue()
    html = Path(first.outdir)
    wait_until(lambda: not job_running(first) and (html / "pagefind/pagefind.js").exists())
    assert "Zebrafinch" in content(html, "/docs/articles/british.html")
    where = searchindex.paths(first)

    # The lock the job swaps its bundle in under: held, the job has to wait, and the build
    # has returned with its pages written while the old index still serves.
    with searchjob.locked(where):
        edit(site / BRITISH, "Zebrafinch", "Kingfisher")
        build(site, builddir=out, confoverrides=live)
        assert "Kingfisher" in (html / "docs/articles/british.html").read_text(encoding="utf-8")
        second_job = json.loads(Path(where.job).read_text())["pid"]
        time.sleep(1)
        assert "Zebrafinch" in content(html, "/docs/articles/british.html")

        # A newer build starts before that job could swap: the job is stopped, and its
        # index, older than the pages, never appears.
        edit(site / BRITISH, "Kingfisher", "Nightingale")
        third = build(site, builddir=out, confoverrides=live)
        assert not searchjob._is_job(second_job)
        assert "Zebrafinch" in content(html, "/docs/articles/british.html")
    wait_until(lambda: not job_running(third))
    assert "Nightingale" in content(html, "/docs/articles/british.html")
    assert not [p.name for p in html.iterdir() if ".kbtmp-" in p.name]
    fresh = build(site, builddir=tmp_path / "fresh", freshenv=True)
    assert bundle(html) == bundle(fresh.outdir)

    # Nothing changed since: no job at all.
    again = build(site, builddir=out, confoverrides=live)
    assert "search: no indexed text changed" in again.status.getvalue()
    assert not job_running(again)
