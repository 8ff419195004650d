"""One generated page per tag, written straight to the output (never the source tree)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from markupsafe import Markup
from sphinx.application import Sphinx

from .config import kb_config
from .domain import KnowledgeBase
from .listings import ListingSpec, render_listing
from .render import PageRenderer, render


def _is_current(app: Sphinx, pagename: str, stale: frozenset[str]) -> bool:
    """Unchanged since it was last written, by data, templates and theme alike."""
    if pagename in stale:
        return False
    try:
        written = os.path.getmtime(app.builder.get_outfilename(pagename))
    except OSError:
        return False
    templates = getattr(app.builder, "templates", None)
    return templates is None or written >= templates.newest_template_mtime()


def collect_tag_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    if app.builder.format != "html":
        return
    kb = KnowledgeBase(app.env)
    config = kb_config(app.config)
    for tag in kb.catalog.tags.values():
        pagename = config.tag_page(tag.slug)
        if _is_current(app, pagename, kb.stale_outputs):
            continue
        renderer = PageRenderer(app.builder, pagename, kb.catalog)
        body = render(
            "tag_page.html",
            tag=renderer.tag(tag),
            count=len(tag.docnames),
            overview=renderer.link(config.tags_page) if config.tags_page in app.env.all_docs else None,
            listing=render_listing(ListingSpec(tag=tag.key), renderer),
        )
        title = f"Tag: {tag.display}"
        yield pagename, {"title": Markup.escape(title), "body": Markup(body)}, "page.html"


def setup_tagpages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_tag_pages)
