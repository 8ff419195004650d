"""A page per tag and per author: generated into the output (never the source tree), or hand-written."""

from __future__ import annotations

import os
from collections.abc import Container, Iterator
from dataclasses import dataclass

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.util import logging

from .. import nodes as kbnodes
from ..config import KBConfig, kb_config
from ..model.catalog import Catalog, Tag
from ..model.domain import KnowledgeBase
from .listings import ListingSpec, first_page, render_listing, term_listing, term_of
from .render import PageRenderer, render

logger = logging.getLogger(__name__)


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


def generated_pages(
    config: KBConfig, catalog: Catalog, documents: Container[str] = ()
) -> Iterator[GeneratedPage]:
    """Every tag's and author's page but those written by hand (``documents``: the source's pages)."""
    for tag in catalog.tags.values():
        if config.tag_page(tag.slug) not in documents:
            yield GeneratedPage(config.tag_page(tag.slug), "tag", tag, ListingSpec(tag=tag.key))
    for author in catalog.authors.values():
        page = config.author_page(author.slug)
        if page not in documents:
            yield GeneratedPage(page, "author", author, ListingSpec(author=author.key))
    for category in catalog.categories.values():
        page = config.category_page(category.slug)
        if page not in documents:
            yield GeneratedPage(page, "category", category, ListingSpec(category=category.key))
    if catalog.categories and config.categories_page not in documents:
        # No hand-written overview of the categories: one is generated, as the tags' is written.
        overview = Tag("", "Categories", "", tuple(catalog.order))
        yield GeneratedPage(config.categories_page, "categories", overview, ListingSpec(kind="categories"))


_OVERVIEW_LINKS = {"tag": "tags_page", "author": "authors_page", "category": "categories_page"}


def _context(renderer: PageRenderer, kind: str, term: Tag, listing: ListingSpec, index: int = 0) -> dict:
    """What a tag's or author's page shows: its name, count, overview link and articles.

    ``kb_pager``: the links to the list's other pages, when it has more than one.
    """
    overview = getattr(renderer.config, _OVERVIEW_LINKS[kind])
    html, pager = first_page(renderer, listing, index)
    return {
        kind: getattr(renderer, kind)(term),
        "count": len(term.docnames),
        "overview": renderer.link(overview) if overview in renderer.builder.env.all_docs else None,
        "listing": html,
        "kb_pager": pager,
        # The topics carrying the tag, by title (authors have none).
        "topics": [_topic(renderer, slug) for slug in term.topics] if kind == "tag" else [],
        # An author's bio, link and picture, from the authors files (reading/origin.py).
        "profile": profile_of(renderer.catalog, term.key) if kind == "author" else None,
    }


def profile_of(catalog: Catalog, key: str) -> dict | None:
    """An author's profile, with its links only when they are http(s) addresses."""
    profile = catalog.profiles.get(key)
    if profile is None:
        return None
    safe = {name: getattr(profile, name) for name in ("url", "avatar")}
    safe = {name: value if value.startswith(("https://", "http://")) else "" for name, value in safe.items()}
    found = {"bio": profile.bio, **safe}
    return found if any(found.values()) else None


def _topic(renderer: PageRenderer, slug: str) -> dict:
    topic = renderer.catalog.topics[slug]
    return {
        "title": topic.title,
        "summary": topic.summary,
        "status": topic.status,
        "url": renderer.link(topic.docname),
    }


def collect_tag_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """A page per tag and per author, each listing its articles."""
    if app.builder.format != "html":
        return
    kb = KnowledgeBase(app.env)
    config = kb_config(app.config)
    newest_template = templates_mtime(app)
    for page in generated_pages(config, kb.catalog, app.env.found_docs):
        if is_current(app, page.pagename, kb.stale_outputs, newest_template):
            continue
        if not may_generate(app, page.pagename):
            continue  # a hand-written page has its file (dirhtml: X/index.md): warned at claim
        renderer = PageRenderer(app.builder, page.pagename, kb.catalog)
        pager = {}
        if page.kind == "categories":
            body = render("categories_page.html", listing=render_listing(page.listing, renderer))
        else:
            parts = _context(renderer, page.kind, page.group, page.listing)
            body, pager = render(f"{page.kind}_page.html", **parts), parts["kb_pager"]
        context = {"title": Markup.escape(page_title(page.kind, page.group)), "body": Markup(body)}
        yield page.pagename, {**context, "kb_pager": pager}, "page.html"


_TITLES = {"tag": "Tag: {}", "author": "Articles by {}", "category": "Category: {}", "categories": "{}"}


def page_title(kind: str, group: Tag) -> str:
    """The title of a generated page (plain text: escaped where it is written)."""
    return _TITLES[kind].format(group.display)


def term_slug(config: KBConfig, docname: str) -> tuple[str, str] | None:
    """("tag" or "author", slug) when ``docname`` is at a tag's or author's page path."""
    for kind, folder in (
        ("tag", config.tags_page),
        ("author", config.authors_page),
        ("category", config.categories_page),
    ):
        slug = docname.removeprefix(folder + "/")
        if slug != docname and slug and "/" not in slug:
            return kind, slug
    return None


def mark_term_pages(app: Sphinx, doctree: nodes.document) -> None:
    """A hand-written page at a tag's or author's path introduces that page's listing.

    Its text comes first (a description of the tag, an author's bio), then the summary
    line and the articles the generated page would show; the generated page is then
    not written. Like a tag page it needs no toctree entry. The listing is recorded
    (``kb.listings``), so the page is rewritten when the tag's articles change.
    """
    config = kb_config(app.config)
    docname = app.env.docname
    found = term_slug(config, docname)
    if found is None or config.kind_of(docname) is not None:
        return
    kind, slug = found
    app.env.metadata[docname]["orphan"] = True
    node = kbnodes.article_list(spec=ListingSpec(kind="term", term=kind, slug=slug))
    section = next((n for n in doctree.children if isinstance(n, nodes.section)), None)
    (section if section is not None else doctree).append(node)


def resolve_term_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(kbnodes.article_list)):
        spec = node["spec"]
        if spec.kind != "term":
            continue
        catalog = KnowledgeBase(app.env).catalog
        term = term_of(spec, catalog)
        if term is None:
            logger.info(
                "no %s has the slug %r: the page is kept as it is, without a listing",
                spec.term,
                spec.slug,
                location=(docname, 1),
                type="kb",
                subtype="term",
            )
        if term is None or app.builder.format != "html":
            node.parent.remove(node)
            continue
        renderer = PageRenderer(app.builder, docname, catalog)
        index = node.get("kb_index", 0)
        context = _context(renderer, spec.term, term, term_listing(spec, term), index)
        if context["kb_pager"] and index == 0:
            doctree["kb_pager"] = context["kb_pager"]
        html = render(f"{spec.term}_summary.html", **context)
        node.replace_self(nodes.raw("", html, format="html", classes=["kb-term-listing"]))


def setup_tagpages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_tag_pages)
    # Before the listing recorder (priority 500), which records the term listing.
    app.connect("doctree-read", mark_term_pages, priority=400)
    # Before resolve_listings, which leaves term listings alone.
    app.connect("doctree-resolved", resolve_term_pages, priority=400)


def may_generate(app: Sphinx, pagename: str) -> bool:
    """Whether a generated page (a tag's, page 2 of a list) owns its file this build."""
    from ..outputs import owners  # the one output ledger, which every stage asks

    return owners.may_generate(app, pagename)
