"""Atom feeds of the newest articles: one for the site and one per tag (feedgen).

Feeds hold absolute links, so they need the site's base URL (``html_baseurl``, or
Read the Docs' canonical URL); without one they are left out, with a note.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..config import PAGE_BUILDERS, kb_config, site_url
from ..model.catalog import Catalog, Tag
from ..model.domain import KnowledgeBase
from .siteoutput import OutputLedger, page_path, write_if_changed, xml_text

logger = logging.getLogger(__name__)

SITE_FEED = "atom.xml"


def tag_feed(app: Sphinx, tag: Tag) -> str:
    return kb_config(app.config).tag_page(tag.slug) + ".xml"


def _midnight(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def render_feed(
    app: Sphinx, catalog: Catalog, base: str, path: str, home: str, title: str, docnames
) -> bytes:
    """One Atom document at ``base + path``: the newest ``kb_feed_length`` of ``docnames``."""
    from feedgen.feed import FeedGenerator  # with lxml, only loaded when a feed changes

    builder = app.builder
    feed = FeedGenerator()
    feed.id(base + path)
    feed.title(xml_text(title))
    feed.link(href=base + path, rel="self", type="application/atom+xml")
    feed.link(href=base + home, rel="alternate", type="text/html")
    feed.language(app.config.language or "en")
    # Atom needs a feed author whenever an entry has none of its own.
    feed.author({"name": xml_text(app.config.author or app.config.project)})
    entries = [catalog.articles[d] for d in docnames[: kb_config(app.config).feed_length]]
    # The feed changes only when its entries do: no build timestamps.
    feed.updated(_midnight(entries[0].date) if entries else dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    for article in entries:
        url = base + page_path(builder, article.docname)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(xml_text(article.title))
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(_midnight(article.date))
        entry.updated(_midnight(article.date))
        for name in article.authors:
            entry.author({"name": xml_text(name)})
        if article.excerpt:
            entry.summary(xml_text(article.excerpt))
        for name in catalog.tag_names(article):
            entry.category(term=xml_text(name), label=xml_text(name))
    return feed.atom_str(pretty=True)


def _feed_inputs(app: Sphinx, catalog: Catalog, base: str, title: str, docnames) -> tuple:
    """Everything a feed's bytes depend on."""
    config = app.config
    settings = (app.builder.name, base, title, config.language, config.author, config.project)
    entries = []
    for docname in docnames[: kb_config(config).feed_length]:
        article = catalog.articles[docname]
        tags = tuple(catalog.tag_names(article))
        entries.append((docname, article.title, article.date, article.authors, article.excerpt, tags))
    return settings, tuple(entries)


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    base = site_url(app.config)
    if base is None:
        logger.info("no html_baseurl: Atom feeds are not written (they need absolute links)")
        return
    catalog = KnowledgeBase(app.env).catalog
    config = kb_config(app.config)
    outdir = Path(app.outdir)
    ledger = OutputLedger(app.doctreedir, outdir, "feeds")
    title = app.config.project
    feeds = [(SITE_FEED, app.config.root_doc, title, catalog.order)]
    feeds += [
        (tag_feed(app, tag), config.tag_page(tag.slug), f"{title}: {tag.display}", tag.docnames)
        for tag in catalog.tags.values()
    ]
    for path, home, feed_title, docnames in feeds:
        if ledger.stale(path, _feed_inputs(app, catalog, base, feed_title, docnames)):
            data = render_feed(app, catalog, base, path, page_path(app.builder, home), feed_title, docnames)
            write_if_changed(outdir / path, data)
    ledger.save()


def _alternate(href: str, title: str) -> str:
    kind = 'type="application/atom+xml"'
    return f'\n<link rel="alternate" {kind} title="{escape(title)}" href="{escape(href)}" />'


def advertise_feeds(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``<link rel="alternate">`` to the site feed on every page, and to the tag's feed on a tag page."""
    if app.builder.name not in PAGE_BUILDERS or site_url(app.config) is None:
        return
    title = app.config.project
    links = _alternate(context["pathto"](SITE_FEED, 1), f"{title} (Atom)")
    config = kb_config(app.config)
    if pagename.startswith(config.tags_page + "/"):
        slug = pagename.rsplit("/", 1)[-1]
        tag = next((t for t in KnowledgeBase(app.env).catalog.tags.values() if t.slug == slug), None)
        if tag is not None:
            links += _alternate(context["pathto"](tag_feed(app, tag), 1), f"{title}: {tag.display} (Atom)")
    context["metatags"] = context.get("metatags", "") + links


def setup_feeds(app: Sphinx) -> None:
    app.connect("html-page-context", advertise_feeds)
    app.connect("build-finished", write_feeds)
