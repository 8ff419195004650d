"""Live preview: sphinx-autobuild rebuilds once per edit and never loops on its own output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kbtest import copy_root

pytest.importorskip("sphinx_autobuild")
REPO = Path(__file__).resolve().parent.parent


def wait_for(log: Path, text: str, count: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.read_text(errors="replace").count(text) >= count:
            return
        time.sleep(0.2)
    raise AssertionError(f"no {count}x {text!r} within {timeout}s:\n{log.read_text(errors='replace')}")


def test_an_edit_rebuilds_once_and_the_build_triggers_nothing(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    log = tmp_path / "autobuild.log"
    env = {**os.environ, "PYTHONPATH": str(REPO / "_ext"), "NO_COLOR": "1"}
    # The output inside the source folder, as an author's `_build/` would be.
    command = [sys.executable, "-m", "sphinx_autobuild", ".", "_build/html", "--port", "0"]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=srcdir, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for(log, "Waiting to detect changes", 1)
        time.sleep(3)  # longer than the watcher's debounce: a loop would show by now
        assert "Detected changes" not in log.read_text(errors="replace")

        article = srcdir / "docs/articles/zeta.md"
        article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
        wait_for(log, "build succeeded", 2)
        time.sleep(3)
        text = log.read_text(errors="replace")
        assert text.count("Detected changes") == 1, text
        assert text.count("build succeeded") == 2, text
    finally:
        server.terminate()
        server.wait(timeout=30)
    shutil.rmtree(srcdir / "_build")


def test_the_live_preview_reloads_before_the_search_index_which_follows(rootdir, tmp_path):
    from kbtest import indexed
    from trendkb.outputs import search, searchjob

    if not search.pagefind_available():
        pytest.skip("pagefind is not installed")
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    log = tmp_path / "autobuild.log"
    env = {**os.environ, "PYTHONPATH": str(REPO / "_ext"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "sphinx_autobuild", ".", "_build/html", "--port", "0"]
    command += ["-D", "kb_search_background=1"]
    html = srcdir / "_build/html"

    def content(url: str) -> str:
        return indexed(html).get(url, {}).get("content", "")

    def eventually(condition, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)

    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=srcdir, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for(log, "Waiting to detect changes", 1)
        eventually(lambda: "Zeta" in content("/docs/articles/zeta.html"))
        time.sleep(3)  # the watcher starts just after its message
        (lock,) = (html / ".doctrees").glob("trendkb-search-html-*.lock")
        paths = searchjob.Paths(str(html), "pagefind", "", "", "", str(lock))
        article = srcdir / "docs/articles/zeta.md"
        with searchjob.locked(paths):  # the indexer cannot swap its bundle in
            article.write_text(article.read_text(encoding="utf-8") + "\nKookaburra.\n", encoding="utf-8")
            wait_for(log, "build succeeded", 2)
            # The page is served (and reloaded) with the new word; the index has not caught up.
            assert "Kookaburra" in (html / "docs/articles/zeta.html").read_text(encoding="utf-8")
            rebuild = log.read_text(errors="replace").split("Detected changes", 1)[1]
            assert "search: indexing 6 pages in the background" in rebuild
            time.sleep(1)
            assert "Kookaburra" not in content("/docs/articles/zeta.html")
        eventually(lambda: "Kookaburra" in content("/docs/articles/zeta.html"))
        time.sleep(3)
        assert log.read_text(errors="replace").count("Detected changes") == 1  # the index triggers nothing
    finally:
        server.terminate()
        server.wait(timeout=30)
    shutil.rmtree(srcdir / "_build")
