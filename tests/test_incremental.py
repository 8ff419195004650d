"""Incremental and parallel builds produce the same pages as a fresh serial build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from kbtest import build, content, copy_root, page, snapshot, target

ARTICLES = Path("docs/articles")


def fresh_copy(srcdir: Path, dest: Path) -> Path:
    shutil.copytree(srcdir, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def edit(srcdir: Path, name: str, old: str, new: str) -> None:
    path = srcdir / ARTICLES / name
    text = path.read_text(encoding="utf-8-sig")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    bump(path)


def bump(path: Path) -> None:
    # Filesystem timestamps can be coarse: make the edit unmistakably newer.
    stamp = path.stat().st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(stamp, stamp))


def assert_same_as_fresh(app, srcdir: Path, tmp_path: Path, step: str) -> None:
    fresh = build(fresh_copy(srcdir, tmp_path / f"fresh-{step}"), freshenv=True)
    expected = snapshot(fresh.outdir)
    actual = snapshot(app.outdir)
    differing = sorted(name for name in expected if actual.get(name) != expected[name])
    assert not differing, f"after {step}: pages differ from a fresh build: {differing}"
    assert_links_live(fresh)


def assert_links_live(app) -> None:
    """Every generated link on every page points at a page of this build."""
    outdir = Path(app.outdir)
    for path in outdir.rglob("*.html"):
        name = path.relative_to(outdir).as_posix()
        if name.startswith(("_", "genindex", "search")):
            continue
        for a in content(page(app, name)).select(
            ".kb-byline a, .kb-article-list a, .kb-tag-index a, .kb-neighbours a, "
            ".kb-author-index a, .kb-article-cards a"
        ):
            assert target(outdir, name, a["href"]).is_file(), (name, a["href"])


def written_since(outdir: Path, before: dict[str, int]) -> set[str]:
    """Pages rewritten since ``before``, less Sphinx's own always-rewritten pages."""
    return {
        p.relative_to(outdir).as_posix()
        for p in Path(outdir).rglob("*.html")
        if before.get(p.relative_to(outdir).as_posix()) != p.stat().st_mtime_ns
    } - {"search.html", "genindex.html"}


def mtimes(outdir: Path) -> dict[str, int]:
    return {p.relative_to(outdir).as_posix(): p.stat().st_mtime_ns for p in Path(outdir).rglob("*.html")}


NEW_ARTICLE = """---
title: Eta arrives last but is newest
date: 2024-06-01
excerpt: Eta's excerpt.
tags: [machine-learning, Brand New Tag]
author: Ada Lovelace
---

Eta's body.
"""

STEPS = [
    ("add", lambda src: (src / ARTICLES / "eta.md").write_text(NEW_ARTICLE, encoding="utf-8")),
    (
        "retag",
        lambda src: edit(
            src, "2024/beta.md", "tags: [machine learning, 机器学习, c plus plus]", "tags: [Trends]"
        ),
    ),
    (
        "title",
        lambda src: edit(src, "2024/alpha.md", 'title: "Alpha: multimodal models"', "title: Alpha renamed"),
    ),
    ("date", lambda src: edit(src, "2023/gamma.md", "date: 2023-11-20", "date: 2025-01-01")),
    ("excerpt", lambda src: edit(src, "zeta.md", "excerpt: Zeta's excerpt.", "excerpt: Zeta, rewritten.")),
    (
        "feature",
        lambda src: edit(src, "epsilon.md", "author: Ada Lovelace", "author: Ada Lovelace\nfeatured: true"),
    ),
    (
        "author",
        lambda src: edit(src, "zeta.md", "author: Alan Turing", "author: [Alan Turing, Katherine Johnson]"),
    ),
    ("delete", lambda src: (src / ARTICLES / "nested/deep/delta.md").unlink()),
]


def test_edit_sequence_matches_fresh_builds(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    app = build(srcdir, freshenv=True)
    for step, change in STEPS:
        change(srcdir)
        app = build(srcdir)
        assert app.warning.getvalue() == "", step
        assert_same_as_fresh(app, srcdir, tmp_path, step)
    # The deleted article is listed nowhere and linked from no page.
    assert "Delta, filed deep down" not in page(app, "docs/archive.html").get_text()


def test_body_edit_rewrites_only_that_article(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    app = build(srcdir, freshenv=True)
    before = mtimes(app.outdir)
    edit(
        srcdir, "2024/alpha.md", "More words in alpha's body.", "Other words, same meaning, in alpha's body."
    )
    app = build(srcdir)
    assert written_since(app.outdir, before) == {"docs/articles/2024/alpha.html"}
    assert_same_as_fresh(app, srcdir, tmp_path, "body")


def test_retag_rewrites_the_article_its_tags_and_listings_only(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    app = build(srcdir, freshenv=True)
    before = mtimes(app.outdir)
    edit(srcdir, "zeta.md", "tags: [Trends]", "tags: [Edge AI]")
    app = build(srcdir)
    assert written_since(app.outdir, before) == {
        "docs/articles/zeta.html",
        "docs/tags/trends.html",
        "docs/tags/edge-ai.html",
        "docs/tags.html",
        # Not index.html: Sphinx would rewrite the page whose toctree holds a rewritten
        # page (docs/tags), though no title changed and its bytes are the same.
        # These now share "Edge AI" with zeta, so their related articles changed
        # (epsilon shared "Trends" with zeta before, one tag either way: unchanged).
        "docs/articles/2023/gamma.html",
        "docs/articles/nested/deep/delta.html",
    }
    assert_same_as_fresh(app, srcdir, tmp_path, "retag")


def test_nothing_changed_writes_nothing(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    app = build(srcdir, freshenv=True)
    before = mtimes(app.outdir)
    app = build(srcdir)
    assert written_since(app.outdir, before) == set()


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_parallel_build_equals_serial(rootdir, tmp_path, builder):
    serial = build(copy_root(rootdir, "basic", tmp_path / "serial"), builder, freshenv=True)
    parallel = build(copy_root(rootdir, "basic", tmp_path / "parallel"), builder, freshenv=True, parallel=2)
    assert parallel.warning.getvalue() == serial.warning.getvalue() == ""
    assert snapshot(parallel.outdir) == snapshot(serial.outdir)


def test_parallel_incremental_edits_match_fresh(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    app = build(srcdir, freshenv=True, parallel=2)
    for step, change in STEPS[:3]:
        change(srcdir)
        app = build(srcdir, parallel=2)
        assert_same_as_fresh(app, srcdir, tmp_path, f"parallel-{step}")
