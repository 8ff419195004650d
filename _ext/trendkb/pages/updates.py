"""After reading: rebuild the catalog and find the pages whose generated parts changed.

Every page with generated content gets a digest of what that content depends on.
A page is rewritten when its digest differs from the previous build's, so a body
edit rewrites one page while a retag rewrites the article, its tag pages and the
listings that show it, and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..config import PAGE_BUILDERS, kb_config
from ..model.catalog import Catalog, build_catalog, refresh, structure
from ..model.digests import digest
from ..model.domain import KnowledgeBase
from ..model.taxonomy import tag_key
from .backlinks import page_inputs as backlink_inputs
from .continuation import continued_pages
from .listings import digest_input, sliced
from .pagination import page_size, pages
from .papers import digest_input as papers_input
from .render import toctree_docs
from .review import digest_input as review_input
from .tagpages import generated_pages


def _navigation(env: BuildEnvironment) -> tuple:
    """What the sidebar of a generated page shows: the toctrees and every title in them."""
    shown = toctree_docs(env)
    return (
        tuple((parent, tuple(children)) for parent, children in sorted(env.toctree_includes.items())),
        tuple((doc, env.titles[doc].astext() if doc in env.titles else "") for doc in sorted(shown)),
    )


def _tags(catalog: Catalog, keys) -> tuple:
    tags = (catalog.tags[k] for k in keys if k in catalog.tags)
    return tuple((t.display, t.slug) for t in tags)


def _topics(catalog: Catalog, slugs) -> tuple:
    topics = (catalog.topics[s] for s in slugs)
    return tuple((t.slug, t.title, t.summary, t.status, t.docname) for t in topics)


def _lifecycles(catalog: Catalog) -> tuple:
    return tuple((t.slug, t.area, t.status_history, t.last_reviewed, t.tags) for t in catalog.topics.values())


def _articles(catalog: Catalog, docnames) -> tuple:
    articles = (catalog.articles[d] for d in docnames if d)
    return tuple((a.docname, a.title, a.published, a.excerpt, a.authors) for a in articles)


def article_input(docname: str, catalog: Catalog) -> tuple:
    article = catalog.articles[docname]
    authors = (catalog.authors.get(tag_key(name)) for name in article.authors)
    original = catalog.original_of.get(docname, docname)
    versions = catalog.translations.get(original, ())
    return (
        _tags(catalog, article.tag_keys),
        tuple(author.slug for author in authors if author),
        tuple((d, catalog.articles[d].language, catalog.articles[d].title) for d in versions),
        _articles(catalog, catalog.neighbours.get(docname, ())),
        _topics(catalog, catalog.article_topics.get(docname, ())),
        _articles(catalog, catalog.related_articles.get(docname, ())),
    )


def topic_input(slug: str, catalog: Catalog, size: int = 0) -> tuple:
    topic = catalog.topics[slug]
    mentions = catalog.topic_articles.get(slug, ())
    at = pages(len(mentions), size)
    mentions = mentions[at.start : at.stop]  # the first page of them, and where it is
    return (
        _tags(catalog, [tag_key(tag) for tag in topic.tags]),
        at.key(),
        mentions,
        _articles(catalog, [docname for docname, _, _ in mentions]),
        _topics(catalog, catalog.related_topics.get(slug, ())),
    )


def tag_page_inputs(env: BuildEnvironment, catalog: Catalog, size: int) -> Iterator[tuple[str, tuple]]:
    """The generated pages: tag, author and category pages, and every list's page 2 onwards."""
    navigation = _navigation(env)
    for page in continued_pages(env, size):
        found, at = page.series, page.pages
        if found.spec is not None:
            shown = digest_input(sliced(found.spec, at), catalog)
        else:
            entries = found.entries[at.start : at.stop]
            shown = (entries, _articles(catalog, [docname for docname, _, _ in entries]))
        yield page.pagename, (found.title, found.owner, at.key(), shown, navigation)
    for page in generated_pages(kb_config(env.config), catalog, env.found_docs):
        group = page.group
        listing = digest_input(page.listing, catalog, size)
        # A tag page lists the topics carrying the tag too (a topic retag rewrites it).
        profile = catalog.profiles.get(group.key) if page.kind == "author" else None
        topics = _topics(catalog, group.topics)
        yield page.pagename, (group.display, group.slug, listing, navigation, topics, profile)


def page_inputs(env: BuildEnvironment, kb: KnowledgeBase, size: int = 0) -> Iterator[tuple[str, tuple]]:
    """``size``: the page size of the lists (their first pages are what the pages show)."""
    catalog = kb.catalog
    for docname in catalog.articles:
        yield docname, article_input(docname, catalog)
    for slug, topic in catalog.topics.items():
        yield topic.docname, topic_input(slug, catalog, size)
    # Grids by area, the radar and the review list show the lifecycle fields too.
    topics_everywhere = (_topics(catalog, catalog.topics), _lifecycles(catalog))
    for docname, specs in kb.listings.items():
        # The papers list depends on the bibliography and citations, not on the catalog.
        papers = papers_input(env) if any(spec.kind == "papers" for spec in specs) else ()
        # The review list depends on the clock too (review.py).
        review = review_input(env, catalog) if any(spec.layout == "review" for spec in specs) else ()
        yield (
            docname,
            (tuple(digest_input(spec, catalog, size) for spec in specs), topics_everywhere, papers, review),
        )


#: The signature key of the navigation every page shows (never a page name).
NAVIGATION = "\0navigation"


def find_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    kb = KnowledgeBase(env)
    key = digest(structure(kb.articles, kb.topics, kb.mentions))
    if key == kb.catalog_key:
        kb.catalog = refresh(kb.catalog, kb.articles)  # e.g. a body edit: same relations
    else:
        kb.catalog = build_catalog(kb.articles, kb.topics, kb.mentions, env.config.language or "en")
        kb.catalog_key = key

    # The HTML builder's config and tags hashes: when they change, every page changes.
    info = getattr(app.builder, "build_info", None)
    builder_state = (app.builder.name, getattr(info, "config_hash", ""), getattr(info, "tags_hash", ""))
    old = kb.signatures
    size = page_size(app.builder)
    new = {page: digest(value) for page, value in page_inputs(env, kb, size)}
    # "Linked from" (backlinks.py): any page, when the pages linking to it change.
    for page, value in backlink_inputs(env).items():
        new[page] = digest((new.get(page), value))
    outputs = {page: digest((value, builder_state)) for page, value in tag_page_inputs(env, kb.catalog, size)}
    if "notfound.extension" in app.extensions:
        # The 404 page shows the navigation and nothing of the catalog.
        outputs[app.config.notfound_pagename] = digest((_navigation(env), builder_state))

    # A page in ``old`` only lost its generated part (its last backlink, say): rewritten too.
    pages = new.keys() | (old.keys() - outputs.keys())
    changed_docs = [page for page in pages if old.get(page) != new.get(page) and page in env.all_docs]
    # Every page's sidebar and prev/next links show the toctrees and their titles; Sphinx
    # rewrites only the pages holding a changed toctree, so a retitled topic would stay
    # stale in the sidebar of every other page.
    new[NAVIGATION] = digest(_navigation(env))
    navigation_changed = old.get(NAVIGATION, new[NAVIGATION]) != new[NAVIGATION]
    if navigation_changed:
        changed_docs = list(env.all_docs)
    app.builder.kb_navigation_changed = navigation_changed
    kb.stale_outputs = frozenset(page for page, sig in outputs.items() if old.get(page) != sig)
    kb.signatures.clear()
    kb.signatures.update(new)
    kb.signatures.update(outputs)
    return sorted(changed_docs)


def write_only_changed(app: Sphinx) -> None:
    """No page rewritten only because a page its toctree lists was.

    Sphinx adds to the pages it writes every page whose toctree lists one of them, in case
    a title changed; here a changed title or toctree (the navigation's signature above)
    already rewrites every page, so those additions would only write the same bytes again
    (the home page, after a retag rewrote the tags overview).
    """
    builder = app.builder
    if builder.name not in PAGE_BUILDERS:
        return
    write, write_documents = builder.write, builder.write_documents
    needed: list[set[str] | None] = [None]

    def write_(build_docnames, updated_docnames, *args, **kwargs):
        build_docnames = None if build_docnames is None else list(build_docnames)
        updated_docnames = list(updated_docnames)
        incremental = build_docnames not in (None, ["__all__"]) and (args or ["update"])[0] == "update"
        incremental = incremental and kwargs.get("method", "update") == "update"
        needed[0] = set(build_docnames) | set(updated_docnames) if incremental else None
        return write(build_docnames, updated_docnames, *args, **kwargs)

    def write_documents_(docnames):
        if needed[0] is not None and not getattr(builder, "kb_navigation_changed", True):
            docnames = {docname for docname in docnames if docname in needed[0]}
        return write_documents(docnames)

    builder.write, builder.write_documents = write_, write_documents_


def setup_updates(app: Sphinx) -> None:
    app.connect("env-get-updated", find_updated)
    app.connect("builder-inited", write_only_changed)
