"""Make sphinx-sitemap's sitemap list every page, in a stable order.

sphinx-sitemap collects the pages written *in this build*, from every process: after
an incremental build its sitemap would hold only the rewritten pages, and with ``-j``
their order varies. Just before it writes, every page of the site is added through its
own link function and the queue is put in order, so the sitemap equals a fresh build's.

Because every page is added here, in the main process, sphinx-sitemap's cross-process
queue is not needed: its ``multiprocessing.Manager`` (a server process that outlives a
killed build) is never started; a plain queue takes its place. Without a site address
no sitemap is written (``siteaddress.py`` says so once), rather than a warning.
"""

from __future__ import annotations

import queue

from sphinx.application import Sphinx
from sphinx.config import Config

from ..config import PAGE_BUILDERS, kb_config, site_url
from ..hooks import replace_handler
from ..model.domain import KnowledgeBase
from ..model.publishing import PUBLISHED
from ..pages.continuation import all_continued
from ..pages.tagpages import generated_pages
from ..reading import dates
from . import owners


def _drain(links) -> dict[str, str | None]:
    found = {}
    while True:
        try:
            link, last_updated = links.get_nowait()
        except queue.Empty:
            return found
        found[link] = last_updated or found.get(link)


def generated_names(app: Sphinx) -> set[str]:
    """The pages this extension generates: tag, author and category pages (but where a
    hand-written page introduces one), continuation pages of lists."""
    catalog = KnowledgeBase(app.env).catalog
    tags = generated_pages(kb_config(app.config), catalog, app.env.found_docs)
    return {page.pagename for page in tags} | set(all_continued(app.env, app.builder))


def all_pages(app: Sphinx, generated: set[str] | None = None) -> set[str]:
    """Every page of the build (``generated``: ``generated_names``, when already known)."""
    generated = generated_names(app) if generated is None else generated
    return set(app.env.found_docs) | {"genindex", "search"} | generated


def noindex_pages(app: Sphinx) -> set[str]:
    """Pages that ask search engines to stay away: search, 404, drafts and scheduled posts.

    They are left out of the sitemap for every builder (``sitemap_excludes`` names html
    paths, which a ``dirhtml`` sitemap's ``search/`` does not match).
    """
    held = {name for name, article in KnowledgeBase(app.env).articles.items() if article.state != PUBLISHED}
    return {"search", getattr(app.config, "notfound_pagename", "404")} | held


def sitemap_pages(app: Sphinx) -> set[str]:
    """Every page of the sitemap: all pages, less the noindex ones and ``sitemap_excludes``.

    The excludes are matched against each page's html path for every builder, so
    ``genindex.html`` also keeps ``genindex/`` out of a ``dirhtml`` sitemap.
    """
    from sphinx_sitemap import is_excluded

    suffix = app.config.html_file_suffix or ".html"
    excludes = app.config.sitemap_excludes
    pages = all_pages(app) - noindex_pages(app)
    return {name for name in pages if not is_excluded(name + suffix, excludes)}


def lastmods(app: Sphinx) -> dict[str, str]:
    """Page name -> ``<lastmod>``: an article's update date or else its publication date, a
    topic's review date (``last_reviewed``, when topics have one)."""
    catalog = KnowledgeBase(app.env).catalog
    found = {}
    for docname in catalog.order:
        article = catalog.articles[docname]
        found[docname] = dates.timestamp(article.updated or article.published)
    for topic in catalog.topics.values():
        reviewed = getattr(topic, "last_reviewed", None)
        if reviewed:
            found[topic.docname] = reviewed.isoformat() if hasattr(reviewed, "isoformat") else str(reviewed)
    return found


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.name not in PAGE_BUILDERS:
        return
    if site_url(app.config) is None:
        return
    from sphinx_sitemap import add_html_link

    written = _drain(links)
    # From here on an in-process queue: sphinx-sitemap's own is a multiprocessing
    # proxy, and a round trip per page adds up at thousands of pages.
    app.sitemap_links = local = queue.Queue()
    stamps = lastmods(app)
    every = {}
    for pagename in sorted(sitemap_pages(app)):
        add_html_link(app, pagename, None, {}, None)
        # The front matter's date is the author's word; a git date (sitemap_show_lastmod) is the fallback.
        every.update((link, stamps.get(pagename) or written.get(link)) for link in _drain(local))
    for link in sorted(every):
        local.put((link, every[link]))


def _without_manager(record_builder_type):
    def record_builder_type_locally(app: Sphinx) -> None:
        builder = getattr(app, "builder", None)
        if builder is None:
            return
        app.env.is_directory_builder = type(builder).__name__ == "DirectoryHTMLBuilder"
        app.sitemap_links = queue.Queue()

    return record_builder_type_locally


def _only_with_address(create_sitemap):
    def create_sitemap_with_address(app: Sphinx, exception: Exception | None) -> None:
        if site_url(app.config) is not None:
            create_sitemap(app, exception)

    return create_sitemap_with_address


def _narrow_sphinx_sitemap(app: Sphinx, config: Config) -> None:
    # At config-inited every extension named in conf.py has registered its handlers.
    if "sphinx_sitemap" not in app.extensions:
        return
    import sphinx_sitemap

    replace_handler(app, "builder-inited", sphinx_sitemap.record_builder_type, _without_manager)
    replace_handler(app, "build-finished", sphinx_sitemap.create_sitemap, _only_with_address)


def claim_sitemap(app: Sphinx, builder) -> None:
    if builder.name in PAGE_BUILDERS and "sphinx_sitemap" in app.extensions and site_url(app.config):
        owners.claim(app, app.config.sitemap_filename or "sitemap.xml", "the sitemap (sphinx-sitemap)")


def setup_sitemap(app: Sphinx) -> None:
    app.connect("write-started", claim_sitemap, priority=200)
    app.connect("config-inited", _narrow_sphinx_sitemap)
    # Before sphinx-sitemap writes the file (its handler has the default priority, 500).
    app.connect("build-finished", complete_sitemap, priority=400)
