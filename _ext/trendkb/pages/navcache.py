"""The sidebar of pages outside the toctree, computed once per folder.

Furo asks Sphinx for the whole navigation tree on every page, and Sphinx resolves and
copies it each time: with hundreds of articles that is a large share of the build. An
article is in no toctree, so Sphinx marks nothing current in its sidebar, and its relative
links depend only on its folder: every article of a folder gets the same HTML, with its
section (the archive, the topics or tags overview: ``breadcrumbs.py``) marked.
"""

from __future__ import annotations

import posixpath

from sphinx.application import Sphinx

from ..config import PAGE_BUILDERS
from .breadcrumbs import mark_section, sidebar_section
from .render import toctree_docs


class _FolderCache:
    """Per builder: the navigation HTML by (folder, arguments), and the pages in the nav."""

    def __init__(self, app: Sphinx) -> None:
        self.in_navigation = toctree_docs(app.env)
        self.html: dict[tuple, str] = {}


def _cache(app: Sphinx) -> _FolderCache:
    builder = app.builder
    cache = getattr(builder, "_kb_navigation_cache", None)
    if cache is None:
        cache = builder._kb_navigation_cache = _FolderCache(app)
    return cache


def share_navigation(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name not in PAGE_BUILDERS or "toctree" not in context:
        return
    cache = _cache(app)
    if pagename in cache.in_navigation:
        return  # its own entry and its ancestors are marked current: not shareable
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))
    compute = context["toctree"]
    section = sidebar_section(app, pagename, context)

    def toctree(**kwargs) -> str:
        key = (folder, section, tuple(sorted(kwargs.items())))
        if key not in cache.html:
            html = compute(**kwargs)
            cache.html[key] = mark_section(html, section) if section else html
        return cache.html[key]

    context["toctree"] = toctree


def reset_navigation(app: Sphinx, env) -> None:
    # A new read phase may have changed the toctrees: start again.
    if hasattr(app.builder, "_kb_navigation_cache"):
        del app.builder._kb_navigation_cache


def setup_navcache(app: Sphinx) -> None:
    # Before Furo's handler (priority 500), which calls context["toctree"].
    app.connect("html-page-context", share_navigation, priority=300)
    app.connect("env-updated", reset_navigation)
