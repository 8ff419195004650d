"""Interrupted and incremental builds: after a kill at any point, the next build equals a fresh one.

A real ``python -m sphinx`` process is stopped by a tiny test-only hook appended to the
test site's ``conf.py``: at a chosen event (after the environment is saved, after some
pages are written, before the end-of-build files) it sends itself SIGKILL or SIGINT.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from kbtest import build, copy_root, snapshot

REPO = Path(__file__).resolve().parent.parent
ARTICLES = Path("docs/articles")

STOP_HOOK = """

import os as _os
import signal as _signal


def setup(app):
    # Test-only: KB_TEST_STOP="event:N" stops this build at the N-th emission of the event.
    stop = _os.environ.get("KB_TEST_STOP")
    if not stop:
        return
    event, _, nth = stop.partition(":")
    signum = getattr(_signal, _os.environ.get("KB_TEST_SIGNAL", "SIGKILL"))
    seen = []

    def stop_here(*args):
        seen.append(args)
        if len(seen) >= int(nth or 1):
            _os.kill(_os.getpid(), signum)

    app.connect(event, stop_here, priority=0)
"""

NEW_ARTICLE = """---
title: Eta arrives last
date: 2024-06-01
excerpt: Eta's excerpt.
tags: [Brand New Tag, Trends]
author: Katherine Johnson
---

Eta's body.
"""


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 5_000_000_000  # unmistakably newer than the last build
    os.utime(path, ns=(stamp, stamp))


def edit_site(srcdir: Path) -> None:
    """A deleted article, an orphaned tag (机器学习) and an orphaned author (Alan Turing)."""
    articles = srcdir / ARTICLES
    (articles / "nested/deep/delta.md").unlink()
    replace(articles / "2024/beta.md", "tags: [machine learning, 机器学习, c plus plus]", "tags: [Trends]")
    replace(articles / "2024/beta.md", "author: [Grace Hopper, Alan Turing]", "author: Grace Hopper")
    replace(articles / "zeta.md", "author: Alan Turing", "author: Katherine Johnson")
    (articles / "eta.md").write_text(NEW_ARTICLE, encoding="utf-8")


def sphinx(srcdir: Path, stop: str | None = None, signum: str = "SIGKILL", run_id: str = "", jobs: int = 1):
    """``python -m sphinx`` on the site, as an author runs it (output and doctrees as the tests' builds)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "_ext"), "KB_TEST_RUN": run_id}
    env.pop("PYTHONWARNINGS", None)
    if stop:
        env |= {"KB_TEST_STOP": stop, "KB_TEST_SIGNAL": signum}
    build_dir = srcdir / "_build"
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(build_dir / "doctrees")]
    command += ["-j", str(jobs), str(srcdir), str(build_dir / "html")]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def sites(rootdir, tmp_path_factory):
    """A built site before the edits (to restore at a fixed path), and a fresh build after them."""
    base = tmp_path_factory.mktemp("interrupted")
    pristine = copy_root(rootdir, "basic", base / "pristine")
    with (pristine / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(STOP_HOOK)
    first = sphinx(pristine)
    assert first.returncode == 0, first.stderr
    reference = base / "reference"
    shutil.copytree(pristine, reference, ignore=shutil.ignore_patterns("_build"))
    edit_site(reference)
    fresh = build(reference, freshenv=True)
    return pristine, snapshot(fresh.outdir), base / "work"


def restore(pristine: Path, work: Path) -> Path:
    # The same absolute path every time: the saved environment remembers its source folder.
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(pristine, work)
    return work


def assert_equals_fresh(outdir: Path, expected: dict[str, bytes], when: str) -> None:
    actual = snapshot(outdir)
    assert sorted(set(actual) - set(expected)) == [], f"{when}: files a fresh build does not have"
    assert sorted(set(expected) - set(actual)) == [], f"{when}: files missing"
    differing = sorted(name for name in expected if actual[name] != expected[name])
    assert differing == [], f"{when}: pages differ from a fresh build"


def surviving(run_id: str) -> list[int]:
    """Processes still running that were started by the build tagged ``run_id``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if f"KB_TEST_RUN={run_id}".encode() in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize(
    ("stop", "signum"),
    [
        ("source-read:2", "SIGKILL"),  # while reading: the environment is not saved
        ("write-started", "SIGKILL"),  # environment saved, no page written
        ("write-started", "SIGINT"),  # Ctrl-C at the same point
        ("html-page-context:3", "SIGKILL"),  # some pages written
        ("build-finished", "SIGKILL"),  # every page written, not the feeds, sitemap, .buildinfo
    ],
)
def test_next_build_after_a_kill_equals_a_fresh_build(sites, stop, signum):
    pristine, expected, work = sites
    srcdir = restore(pristine, work)
    edit_site(srcdir)
    run_id = uuid.uuid4().hex
    killed = sphinx(srcdir, stop=stop, signum=signum, run_id=run_id)
    assert killed.returncode != 0, killed.stdout
    assert surviving(run_id) == [], "the killed build left processes running"

    app = build(srcdir)
    assert "did not finish: every page is written again" in app.status.getvalue()
    assert_equals_fresh(app.outdir, expected, f"after a {signum} at {stop}")
    # And the build after it is incremental again.
    again = build(srcdir)
    assert "did not finish" not in again.status.getvalue()
    assert_equals_fresh(again.outdir, expected, "one more build")


def test_parallel_build_killed_while_writing(sites):
    pristine, expected, work = sites
    srcdir = restore(pristine, work)
    edit_site(srcdir)
    run_id = uuid.uuid4().hex
    killed = sphinx(srcdir, stop="html-page-context:2", run_id=run_id, jobs=2)
    assert killed.returncode != 0  # the main process or a worker was killed
    assert surviving(run_id) == []
    assert_equals_fresh(build(srcdir, parallel=2).outdir, expected, "after a kill in a -j 2 build")


def test_deleted_articles_and_orphaned_tags_leave_the_output(sites):
    pristine, expected, work = sites
    srcdir = restore(pristine, work)
    outdir = srcdir / "_build/html"
    before = set(snapshot(outdir))
    gone = {
        "docs/articles/nested/deep/delta.html",
        "docs/tags/ji-qi-xue-xi.html",
        "docs/tags/ji-qi-xue-xi.xml",
        "docs/authors/alan-turing.html",
    }
    assert gone <= before
    edit_site(srcdir)
    app = build(srcdir)
    assert not gone & set(snapshot(outdir))
    assert not (outdir / "docs/articles/nested").exists(), "empty folders are removed too"
    assert_equals_fresh(app.outdir, expected, "after deleting and retagging")


def test_unreadable_buildinfo_is_replaced(sites):
    pristine, expected, work = sites
    for broken in (b"", b"# Sphinx build info version 1\n", b"\xff\xfe garbage"):
        srcdir = restore(pristine, work)
        edit_site(srcdir)
        (srcdir / "_build/html/.buildinfo").write_bytes(broken)
        app = build(srcdir, warningiserror=True)
        assert ".buildinfo could not be read" in app.status.getvalue()
        assert_equals_fresh(app.outdir, expected, f"after a .buildinfo of {broken!r}")
        assert (srcdir / "_build/html/.buildinfo").read_text().startswith("# Sphinx build info version 1")


def test_truncated_environment(sites):
    pristine, expected, work = sites
    srcdir = restore(pristine, work)
    edit_site(srcdir)
    pickle = srcdir / "_build/doctrees/environment.pickle"
    pickle.write_bytes(pickle.read_bytes()[:100])
    assert_equals_fresh(build(srcdir).outdir, expected, "after a truncated environment")


def test_warnings_of_unchanged_files_are_repeated(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "badinput", tmp_path / "site")
    first = build(srcdir, freshenv=True, warningiserror=True)
    warnings = sorted(first.warning.getvalue().splitlines())
    assert any("no-title.md" in line and "[kb.frontmatter]" in line for line in warnings)
    # Nothing changed: nothing is read again but the seven unpublished articles (no title or
    # no readable date; re-read every build, as drafts are), yet every problem is reported
    # again and -W fails.
    second = build(srcdir, warningiserror=True)
    assert "7 added, 0 changed, 0 removed" in second.status.getvalue()
    assert sorted(second.warning.getvalue().splitlines()) == warnings
    assert second.statuscode != 0
    # Still silenced by suppress_warnings, as the first time.
    quiet = build(srcdir, confoverrides={"suppress_warnings": ["kb.frontmatter"]})
    assert "[kb.frontmatter]" not in quiet.warning.getvalue()
    # One file fixed: its warnings go, the others stay.
    fixed = srcdir / "docs/articles/no-title.md"
    fixed.write_text("---\ntitle: Now titled\ndate: 2024-01-01\n---\n\nBody.\n", encoding="utf-8")
    third = build(srcdir, parallel=2)
    remaining = sorted(third.warning.getvalue().splitlines())
    assert remaining == [line for line in warnings if "no-title.md" not in line]


def test_warnings_of_pages_not_written_again_are_repeated(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    zeta = srcdir / ARTICLES / "zeta.md"
    zeta.write_text(zeta.read_text(encoding="utf-8") + "\nSee {topic}`no-such-topic`.\n", encoding="utf-8")
    first = build(srcdir, freshenv=True)
    dangling = [line for line in first.warning.getvalue().splitlines() if "no-such-topic" in line]
    assert len(dangling) == 1 and "zeta.md:" in dangling[0], first.warning.getvalue()
    store = json.loads((srcdir / "_build/doctrees/trendkb-write-warnings-html.json").read_text())
    assert "no-such-topic" in store["docs/articles/zeta"][0][1]
    # Another article's body changes: zeta is neither read nor written again, its warning stays.
    replace(srcdir / ARTICLES / "2024/alpha.md", "talks about", "speaks of")
    second = build(srcdir, warningiserror=True)
    assert second.warning.getvalue().splitlines() == dangling
    assert second.statuscode != 0
    replace(zeta, "See {topic}`no-such-topic`.", "Fixed.")
    assert build(srcdir).warning.getvalue() == ""
