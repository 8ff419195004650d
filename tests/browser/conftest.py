"""Browser tests: headless Chromium (Playwright) on the built site, served on localhost.

Every request that leaves the test server is blocked and recorded; a test fails on
any such request, on an uncaught exception and on any console error.

Needs Debian's ``chromium`` (``apt-get install chromium``; ``.ci/run`` installs it when
run as root), the Python ``playwright`` package (the ``test`` extra) and, for the
tests that use mermaid or axe-core, ``node_modules/`` (``npm ci``). Where one is
missing, the tests that need it skip and say why.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kbbrowser import (
    CHROMIUM,
    LAUNCH_ARGS,
    REPO,
    SAVED,
    SCREENS,
    Reader,
    Server,
    build_site,
    open_reader,
    open_screen,
    playwright_available,
    serve,
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drive headless Chromium against a built site")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SAVED:
        terminalreporter.write_sep("-", "browser test screenshots and axe-core reports")
        for path in SAVED:
            terminalreporter.write_line(str(path))


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots and reports go: ``$KB_SCREENSHOTS``, else ``screenshots/`` in pytest's temp."""
    folder = Path(os.environ.get("KB_SCREENSHOTS") or tmp_path_factory.getbasetemp() / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    if not CHROMIUM.is_file():
        pytest.skip(f"no browser at {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
    if not playwright_available():
        pytest.skip("the playwright package is not installed: pip install '.[test]'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def site(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real site, built once from the repository (with -W) and served on 127.0.0.1."""
    outdir = build_site(REPO, tmp_path_factory.mktemp("site") / "html")
    yield from serve(outdir)


@pytest.fixture
def reader(chromium: Any, site: Server) -> Iterator[Reader]:
    """A desktop-sized tab on the real site; the test fails on errors or outside requests."""
    tab = open_reader(chromium, site)
    try:
        yield tab
        tab.assert_clean()
    finally:
        tab.page.context.close()


@pytest.fixture(params=[(s, t) for s in SCREENS for t in ("light", "dark")], ids=lambda p: "-".join(p))
def themed(request, chromium: Any, site: Server) -> Iterator[Reader]:
    """A desktop or phone tab in Furo's light or dark theme (stored as its toggle stores it)."""
    name, theme = request.param
    reader = open_screen(chromium, site, name)
    reader.goto("index.html")
    reader.page.evaluate("theme => localStorage.setItem('theme', theme)", theme)
    reader.theme = theme
    try:
        yield reader
        reader.assert_clean()
    finally:
        reader.page.context.close()
