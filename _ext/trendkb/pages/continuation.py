"""Continuation pages: page 2 onwards of every paginated list (``pagination.py``).

One enumeration (``series``) says which lists are paginated and what they show: a
generated tag, author or category page, a hand-written page's article listing (the
archive), a hand-written tag page's listing, a topic's articles. The pages, their
signatures (``updates.py``), the sitemap and the output ledger all read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..config import kb_config
from ..model.domain import KnowledgeBase
from .listings import ListingSpec, render_listing, select, sliced, term_listing, term_of
from .pagination import Pages, neighbour_links, page_size, pagename, pager_html, pages, paginated
from .render import PageRenderer, render
from .tagpages import generated_pages, is_current, may_generate, page_title, templates_mtime
from .topics import topic_articles_html


@dataclass(frozen=True)
class Series:
    """A paginated list: on page ``owner`` (the ``index``-th there), with its entries."""

    owner: str
    index: int
    title: str  # the owner page's title, for its continuation pages
    spec: ListingSpec | None  # an articles listing; None for a topic's articles
    slug: str | None  # the topic, for a topic's articles
    entries: tuple  # docnames, or (docname, anchor, section) for a topic


def _titles(env: BuildEnvironment) -> dict[str, str]:
    return {docname: title.astext() for docname, title in env.titles.items()}


def series(env: BuildEnvironment) -> Iterator[Series]:
    """Every list that may be paginated, with the entries it shows, in a stable order."""
    kb = KnowledgeBase(env)
    catalog = kb.catalog
    config = kb_config(env.config)
    for page in generated_pages(config, catalog, env.found_docs):
        if paginated(page.listing):
            title = page_title(page.kind, page.group)
            yield Series(page.pagename, 0, title, page.listing, None, select(page.listing, catalog))
    titles = None
    for docname in sorted(kb.listings):
        index = 0
        for spec in kb.listings[docname]:
            if not paginated(spec):
                continue
            listing = spec
            if spec.kind == "term":
                term = term_of(spec, catalog)
                if term is None:
                    continue
                listing = term_listing(spec, term)
            titles = titles if titles is not None else _titles(env)
            title = titles.get(docname, docname)
            yield Series(docname, index, title, listing, None, select(listing, catalog))
            index += 1
    for slug, topic in catalog.topics.items():
        if topic.docname in env.found_docs:
            entries = catalog.topic_articles.get(slug, ())
            yield Series(topic.docname, 0, f"Articles on {topic.title}", None, slug, entries)


@dataclass(frozen=True)
class Continued:
    """A continuation page: page ``pages.number`` (2 or more) of a series."""

    pagename: str
    series: Series
    pages: Pages


def continued_pages(env: BuildEnvironment, size: int) -> Iterator[Continued]:
    if not size:
        return
    for found in series(env):
        total = len(found.entries)
        for number in range(2, pages(total, size).count + 1):
            yield Continued(pagename(found.owner, number, found.index), found, pages(total, size, number))


def continued_context(app: Sphinx, page: Continued) -> dict:
    """The body of a continuation page: where it is in its list, the entries, the pager."""
    catalog = KnowledgeBase(app.env).catalog
    renderer = PageRenderer(app.builder, page.pagename, catalog)
    found, at = page.series, page.pages
    if found.spec is not None:
        listing = render_listing(sliced(found.spec, at), renderer)
    else:
        listing = Markup(topic_articles_html(renderer, found.entries[at.start : at.stop]))
    title = f"{found.title}, page {at.number} of {at.count}"
    body = render(
        "continued_page.html",
        title=title,
        owner=found.title,
        owner_url=renderer.link(found.owner),
        first=at.start + 1,
        last=at.stop,
        total=at.total,
        listing=listing,
        pager=pager_html(renderer, found.owner, found.index, at, f"Pages of {found.title}"),
    )
    return {
        "title": Markup.escape(title),
        "body": Markup(body),
        "kb_pager": neighbour_links(renderer, found.owner, found.index, at),
        "kb_owner": found.owner,  # the page its list starts on (breadcrumbs.py)
        "kb_owner_title": found.title,
    }


def collect_continued(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    size = page_size(app.builder)
    if not size or app.builder.format != "html":
        return
    kb = KnowledgeBase(app.env)
    newest_template = templates_mtime(app)
    for page in continued_pages(app.env, size):
        current = is_current(app, page.pagename, kb.stale_outputs, newest_template)
        # A hand-written page at its file keeps it (warned when the files were claimed).
        if not current and may_generate(app, page.pagename):
            yield page.pagename, continued_context(app, page), "page.html"


def all_continued(env: BuildEnvironment, builder) -> list[str]:
    """The page names of every continuation page this builder writes."""
    return [page.pagename for page in continued_pages(env, page_size(builder))]


def setup_continuation(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_continued)
