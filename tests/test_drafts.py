"""Drafts and scheduled posts: left out of a normal build, shown with a badge in a preview."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from kbtest import build, content, copy_root, page, searchable_text, snapshot, titles
from test_incremental import assert_same_as_fresh, bump

BEFORE = str(int(dt.datetime(2029, 1, 1, tzinfo=dt.UTC).timestamp()))
AFTER = str(int(dt.datetime(2031, 1, 1, tzinfo=dt.UTC).timestamp()))
HELD = ("draft", "scheduled", "jekyll-unpublished")


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.delenv("READTHEDOCS_VERSION_TYPE", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE)
    return monkeypatch


def test_normal_build_publishes_neither_drafts_nor_scheduled_posts(rootdir, tmp_path, clock):
    app = build(copy_root(rootdir, "drafts", tmp_path / "src"), freshenv=True)
    outdir = Path(app.outdir)
    for name in HELD:
        assert not (outdir / f"docs/articles/{name}.html").exists(), name
    assert titles(page(app, "index.html")) == ["Published post"]
    assert titles(page(app, "docs/tags/shared.html")) == ["Published post"]
    for name in ("atom.xml", "sitemap.xml", "catalog.json", "search"):
        text = searchable_text(outdir) if name == "search" else (outdir / name).read_text(encoding="utf-8")
        for word in ("Draft post", "Scheduled post", "Jekyll unpublished", "futureword", "unfinishedword"):
            assert word not in text, (name, word)
    data = json.loads((outdir / "catalog.json").read_text())
    assert [a["title"] for a in data["articles"]] == ["Published post"]
    assert "WARNING" not in app.warning.getvalue()


@pytest.mark.parametrize("how", ["setting", "read-the-docs"])
def test_preview_builds_them_with_badge_and_noindex(rootdir, tmp_path, clock, how):
    overrides = {}
    if how == "setting":
        overrides["kb_preview"] = True
    else:
        clock.setenv("READTHEDOCS_VERSION_TYPE", "external")
    app = build(copy_root(rootdir, "drafts", tmp_path / "src"), freshenv=True, confoverrides=overrides)
    for name, badge in (("draft", "Draft"), ("scheduled", "Scheduled"), ("jekyll-unpublished", "Draft")):
        soup = page(app, f"docs/articles/{name}.html")
        assert content(soup).select_one(".kb-badge").get_text() == badge
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    published = page(app, "docs/articles/published.html")
    assert published.find("meta", attrs={"name": "robots"}) is None
    assert content(published).select_one(".kb-badge") is None
    assert len(titles(page(app, "index.html"))) == 4


def test_incremental_builds_publish_on_time_and_on_edit(rootdir, tmp_path, clock):
    srcdir = copy_root(rootdir, "drafts", tmp_path / "src")
    app = build(srcdir, freshenv=True)
    assert not (Path(app.outdir) / "docs/articles/scheduled.html").exists()

    # The date passes: the next build publishes the post, with no edit.
    clock.setenv("SOURCE_DATE_EPOCH", AFTER)
    app = build(srcdir)
    assert (Path(app.outdir) / "docs/articles/scheduled.html").is_file()
    assert titles(page(app, "index.html"))[0] == "Scheduled post"
    assert_same_as_fresh(app, srcdir, tmp_path, "date passes")

    # A draft is finished.
    path = srcdir / "docs/articles/draft.md"
    path.write_text(path.read_text().replace("draft: true\n", ""))
    bump(path)
    app = build(srcdir)
    assert (Path(app.outdir) / "docs/articles/draft.html").is_file()
    assert_same_as_fresh(app, srcdir, tmp_path, "draft finished")

    # A published post goes back to being a draft: its page goes.
    path = srcdir / "docs/articles/published.md"
    path.write_text(path.read_text().replace("tags: [Shared]\n", "tags: [Shared]\ndraft: true\n"))
    bump(path)
    app = build(srcdir)
    assert not (Path(app.outdir) / "docs/articles/published.html").exists()
    assert_same_as_fresh(app, srcdir, tmp_path, "back to draft")


def test_parallel_build_equals_serial(rootdir, tmp_path, clock):
    serial = build(copy_root(rootdir, "drafts", tmp_path / "serial"), freshenv=True)
    parallel = build(copy_root(rootdir, "drafts", tmp_path / "parallel"), freshenv=True, parallel=2)
    assert snapshot(parallel.outdir) == snapshot(serial.outdir)
