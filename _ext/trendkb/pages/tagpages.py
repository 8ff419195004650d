"""One generated page per tag and per author, written straight to the output (never the source tree)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup
from sphinx.application import Sphinx

from ..config import KBConfig, kb_config
from ..model.catalog import Catalog, Tag
from ..model.domain import KnowledgeBase
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


@dataclass(frozen=True)
class GeneratedPage:
    """An output-only page: one tag's or one author's articles."""

    pagename: str
    kind: str  # "tag" or "author"
    group: Tag
    listing: ListingSpec


def generated_pages(config: KBConfig, catalog: Catalog) -> Iterator[GeneratedPage]:
    for tag in catalog.tags.values():
        yield GeneratedPage(config.tag_page(tag.slug), "tag", tag, ListingSpec(tag=tag.key))
    for author in catalog.authors.values():
        yield GeneratedPage(config.author_page(author.slug), "author", author, ListingSpec(author=author.key))


def collect_tag_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """A page per tag and per author, each listing its articles."""
    if app.builder.format != "html":
        return
    kb = KnowledgeBase(app.env)
    config = kb_config(app.config)
    newest_template = templates_mtime(app)
    overviews = {"tag": config.tags_page, "author": config.authors_page}
    titles = {"tag": "Tag: {}", "author": "Articles by {}"}
    for page in generated_pages(config, kb.catalog):
        if is_current(app, page.pagename, kb.stale_outputs, newest_template):
            continue
        renderer = PageRenderer(app.builder, page.pagename, kb.catalog)
        overview = overviews[page.kind]
        body = render(
            f"{page.kind}_page.html",
            **{page.kind: renderer.tag(page.group) if page.kind == "tag" else renderer.author(page.group)},
            count=len(page.group.docnames),
            overview=renderer.link(overview) if overview in app.env.all_docs else None,
            listing=render_listing(page.listing, renderer),
        )
        context = {"title": Markup.escape(titles[page.kind].format(page.group.display)), "body": Markup(body)}
        yield page.pagename, context, "page.html"


def setup_tagpages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_tag_pages)
