"""sphinx-notfound-page's 404 page, written only when it would change.

The extension renders ``404.html`` on every build. Its content is the theme's page
with the site navigation, so it changes only with the navigation, the configuration
or the templates: otherwise an incremental build leaves the file as it is, like the
generated tag pages.

Its links are absolute paths from the site root (it is served at any depth): the
prefix is the path of the site's normalised, percent-encoded address, so nothing from
``READTHEDOCS_CANONICAL_URL`` reaches the page unescaped.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config

from ..config import site_url
from ..hooks import replace_handler
from ..model.domain import KnowledgeBase
from ..pages.tagpages import is_current, templates_mtime


def _write_only_when_changed(app: Sphinx, config: Config) -> None:
    # At config-inited every extension named in conf.py has registered its handlers.
    if "notfound.extension" not in app.extensions:
        return
    from notfound.extension import html_collect_pages

    def when_changed(html_collect_pages):
        def collect_when_changed(app: Sphinx):
            stale = KnowledgeBase(app.env).stale_outputs
            if is_current(app, app.config.notfound_pagename, stale, templates_mtime(app)):
                return []
            return html_collect_pages(app)

        return collect_when_changed

    replace_handler(app, "html-collect-pages", html_collect_pages, when_changed)


def _url_prefix(app: Sphinx, config: Config) -> None:
    if "notfound_urls_prefix" in config:
        url = site_url(config)
        config.notfound_urls_prefix = urlsplit(url).path if url else "/"


def setup_notfoundpage(app: Sphinx) -> None:
    # After siteaddress.py checked the address, before sphinx-notfound-page reads the prefix.
    app.connect("config-inited", _url_prefix, priority=150)
    app.connect("config-inited", _write_only_when_changed)
