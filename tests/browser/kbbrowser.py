"""Helpers of the browser tests: the site build, a local server, and a recording browser tab."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("KB_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
NODE_MODULES = REPO / "node_modules"
MERMAID_DIST = NODE_MODULES / "mermaid" / "dist"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 667}
#: The screens the drawings are checked on: a desktop and a phone (CSS px).
SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000

#: Screenshots and axe-core reports the tests saved; listed at the end of the run.
SAVED: list[Path] = []


def require_node_modules(path: Path = MERMAID_DIST) -> None:
    if not path.exists():
        pytest.skip(f"{path.relative_to(REPO)} is missing: run `npm ci` in the repository root")


def build_site(srcdir: Path, outdir: Path, *overrides: str) -> Path:
    """``python -m sphinx -W --keep-going -b html``, as the README builds the site.

    The extension is imported from this working tree (``_ext/``), not from an
    installed copy that may be older.
    """
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    for override in overrides:
        command += ["-D", override]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "_ext"), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [*command, str(srcdir), str(outdir)], capture_output=True, text=True, check=False, cwd=srcdir, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return outdir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self):
        # Browsers ask for /favicon.ico on their own; the site has none, and a 404
        # would be reported as a console error on every page.
        if self.path == "/favicon.ico" and not Path(self.translate_path(self.path)).exists():
            self.send_response(204)
            self.end_headers()
            return None
        return super().send_head()


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A reader who reloads or leaves a page drops its downloads: not a failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class Server:
    root: Path
    origin: str


def serve(root: Path) -> Iterator[Server]:
    """Serve ``root`` on 127.0.0.1 (a free port) until the generator is closed."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(root, f"http://127.0.0.1:{httpd.server_address[1]}")
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@dataclass
class Reader:
    """A browser tab on a served site that records what must not happen."""

    page: Any
    server: Server
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    #: Furo's theme the tab was given ("light" or "dark"), for file names.
    theme: str = "light"

    def url(self, path: str = "") -> str:
        return f"{self.server.origin}/{path}"

    def goto(self, path: str = "") -> None:
        self.page.goto(self.url(path), wait_until="load")

    def path(self) -> str:
        """The current page, relative to the site root, without query or fragment."""
        url = self.page.url.split("#")[0].split("?")[0]
        assert url.startswith(self.server.origin + "/"), url
        return url[len(self.server.origin) + 1 :] or "index.html"

    def assert_clean(self) -> None:
        assert self.blocked == [], "requests that left localhost (blocked)"
        assert self.errors == [], "JavaScript errors"


def open_reader(browser: Any, server: Server, **context_options: Any) -> Reader:
    """A new tab with its own storage; requests not to ``server`` are blocked and recorded."""
    context = browser.new_context(**{"viewport": DESKTOP, **context_options})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    reader = Reader(page, server)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(server.origin + "/"):
            route.continue_()
        else:
            reader.blocked.append(url)
            route.abort("blockedbyclient")

    def console(message: Any) -> None:
        if message.type == "error":
            reader.errors.append(f"{page.url}: console.error: {message.text}")

    context.route("**/*", route)
    page.on("pageerror", lambda error: reader.errors.append(f"{page.url}: uncaught: {error}"))
    page.on("console", console)
    return reader


@functools.cache
def playwright_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def open_screen(browser: Any, server: Server, name: str) -> Reader:
    """A tab the size of ``SCREENS[name]``; the phone one is a touch screen."""
    options: dict[str, Any] = {"viewport": SCREENS[name]}
    if name == "phone":
        options.update(is_mobile=True, has_touch=True)
    return open_reader(browser, server, **options)
