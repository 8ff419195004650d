"""One generated page per tag and per author, written straight to the output (never the source tree)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from markupsafe import Markup
from sphinx.application import Sphinx

from .config import kb_config
from .domain import KnowledgeBase
from .listings import ListingSpec, render_listing
from .render import PageRenderer, render


def templates_mtime(app: Sphinx) -> float:
    """When the theme's or the site's templates last changed (a folder walk: once per use)."""
    templates = getattr(app.builder, "templates", None)
    return templates.newest_template_mtime() if templates else 0.0


def is_current(app: Sphinx, pagename: str, stale: frozenset[str], templates_mtime: float) -> bool:
    """Unchanged since it was last written, by data, templates and theme alike."""
    if pagename in stale:
        return False
    try:
        written = os.path.getmtime(app.builder.get_outfilename(pagename))
    except OSError:
        return False
    return written >= templates_mtime


def collect_tag_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """A page per tag and per author, each listing its articles."""
    if app.builder.format != "html":
        return
    kb = KnowledgeBase(app.env)
    config = kb_config(app.config)
    newest_template = templates_mtime(app)
    kinds = (
        ("tag", kb.catalog.tags, config.tag_page, config.tags_page, "Tag: {}"),
        ("author", kb.catalog.authors, config.author_page, config.authors_page, "Articles by {}"),
    )
    for kind, index, page_of, overview, title in kinds:
        for group in index.values():
            pagename = page_of(group.slug)
            if is_current(app, pagename, kb.stale_outputs, newest_template):
                continue
            renderer = PageRenderer(app.builder, pagename, kb.catalog)
            body = render(
                f"{kind}_page.html",
                **{kind: renderer.tag(group, page_of)},
                count=len(group.docnames),
                overview=renderer.link(overview) if overview in app.env.all_docs else None,
                listing=render_listing(ListingSpec(**{kind: group.key}), renderer),
            )
            context = {"title": Markup.escape(title.format(group.display)), "body": Markup(body)}
            yield pagename, context, "page.html"


def setup_tagpages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_tag_pages)
