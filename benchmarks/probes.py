"""What the benchmark measures beyond a build's time: memory of the whole process tree,
what a reader's search finds, and the live preview end to end.

- ``TreeMemory`` samples the resident memory of a process and all its descendants (the
  ``-j`` workers, Pagefind's own process, anything else the build starts) and keeps the
  largest sum seen: the memory the machine needed for the build, not one process's.
- ``pagefind_finds`` asks the built site's Pagefind index for a word in Chromium, through
  Pagefind's own JavaScript API, as the search page does.
- ``live_preview`` starts sphinx-autobuild, saves an edit, and times until the reload
  message arrives and the page served has the edit.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: the fields follow the last ")".
        fields = stat[stat.rindex(")") + 2 :].split()
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> int:
    """Bytes resident in ``pid`` and every process below it, now."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(tree.get(current, ()))
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE
    return total


class TreeMemory:
    """Samples a process tree's resident memory every ``interval`` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)

    def stop(self) -> float:
        """The peak, in MiB."""
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(folder: Path):
    """A static HTTP server of ``folder`` on 127.0.0.1 (what Read the Docs would serve)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def pagefind_finds(out: Path, word: str) -> list[str] | None:
    """The URLs Pagefind's search returns for ``word``; None when Chromium is not available."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():
        return None
    with serve(out) as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page()
            page.goto(base + "index.html")
            return page.evaluate(
                """async (word) => {
                    const pagefind = await import('./pagefind/pagefind.js');
                    const found = await pagefind.search(word);
                    const data = await Promise.all(found.results.map((r) => r.data()));
                    return data.map((d) => d.url);
                }""",
                word,
            )
        finally:
            browser.close()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8", errors="replace")


def live_preview(
    src: Path, out: Path, article: Path, page: str, edits: list, extra: list[str]
) -> list[float]:
    """Seconds from each save to the reloaded page showing it, through sphinx-autobuild.

    ``edits``: (function of the article's text, a word the page then shows), applied one
    after another; ``page``: its URL path. The first build (sphinx-autobuild's own) is
    not timed.
    """
    import websockets

    port = free_port()
    log = out.with_name(out.name + ".autobuild.log")
    command = [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        str(src),
        str(out),
        "--port",
        str(port),
        "-q",
        *extra,
    ]
    with log.open("w") as stream:
        server = subprocess.Popen(command, stdout=stream, stderr=subprocess.STDOUT)
    timings = []
    try:
        deadline = time.monotonic() + 3600
        while "Waiting to detect changes" not in log.read_text(errors="replace"):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"sphinx-autobuild did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        time.sleep(1.5)  # past the watcher's debounce

        async def one(edit, marker: str) -> float:
            async with websockets.connect(f"ws://127.0.0.1:{port}/websocket-reload") as ws:
                text = edit(article.read_text(encoding="utf-8"))
                start = time.perf_counter()
                article.write_text(text, encoding="utf-8")
                await asyncio.wait_for(ws.recv(), timeout=3600)
                html = _get(f"http://127.0.0.1:{port}/{page}")
                elapsed = time.perf_counter() - start
                if marker not in html:
                    raise RuntimeError(f"the reloaded page does not show the edit ({marker!r})")
                return elapsed

        for edit, marker in edits:
            timings.append(asyncio.run(one(edit, marker)))
            time.sleep(1.5)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    return timings
