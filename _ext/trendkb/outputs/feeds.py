"""Atom feeds of the newest articles: one for the site, one per tag and one per topic (feedgen).

Feeds hold absolute links, so they need the site's base URL (``html_baseurl``, or
Read the Docs' canonical URL); without one they are left out, with a note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..config import PAGE_BUILDERS, kb_config, site_url
from ..model.catalog import Catalog, Tag, Topic
from ..model.domain import KnowledgeBase
from ..model.taxonomy import tag_key
from ..pages.linkpolicy import relative
from ..reading import dates
from . import owners
from .siteoutput import OutputLedger, page_path, xml_text

logger = logging.getLogger(__name__)

SITE_FEED = "atom.xml"
PRODUCER = "the Atom feeds"
#: Categories per feed entry. An article is in the feed of each of its tags, so listing
#: all its tags in every one of them grows as the square of its tags; the reader caps
#: tags per article at this number anyway (``reading/sanitize.py``).
ENTRY_CATEGORIES = 64


def tag_feed(app: Sphinx, tag: Tag) -> str:
    return kb_config(app.config).tag_page(tag.slug) + ".xml"


def topic_feed(topic: Topic) -> str:
    """A topic's feed, beside its page: ``docs/topics/<slug>.xml``."""
    return topic.docname + ".xml"


def topic_docnames(catalog: Catalog, slug: str) -> tuple[str, ...]:
    """The listed articles discussing the topic, newest first."""
    return tuple(docname for docname, _anchor, _section in catalog.topic_articles.get(slug, ()))


def _last_change(article) -> dt.datetime:
    return max(article.published, article.updated or article.published)


def feed_tags(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Each listed article's categories, as feed text, computed once for all feeds."""
    return {
        docname: tuple(map(xml_text, catalog.tag_names(catalog.articles[docname], ENTRY_CATEGORIES)))
        for docname in catalog.order
    }


def render_feed(
    app: Sphinx,
    catalog: Catalog,
    base: str,
    path: str,
    home: str,
    title: str,
    docnames,
    categories: Mapping[str, tuple[str, ...]] | None = None,
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
    feed.updated(
        dates.machine(max(map(_last_change, entries))) if entries else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    )
    if categories is None:
        categories = feed_tags(catalog)
    for article in entries:
        url = base + page_path(builder, article.docname)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(xml_text(article.title))
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(dates.machine(article.published))
        entry.updated(dates.machine(_last_change(article)))
        if article.authors:
            entry.author([_person(catalog, name) for name in article.authors])
        if article.excerpt:
            entry.summary(xml_text(article.excerpt))
        names = categories[article.docname]
        if names:
            # One call: feedgen re-maps all of an entry's categories on every call.
            entry.category([{"term": name, "label": name} for name in names])
    return feed.atom_str(pretty=True)


def _person(catalog: Catalog, name: str) -> dict:
    """An entry's author, with the link their authors file gives (an http(s) one only)."""
    person = {"name": xml_text(name)}
    profile = catalog.profiles.get(tag_key(name))
    if profile is not None and profile.url.startswith(("https://", "http://")):
        person["uri"] = xml_text(profile.url)
    return person


def _feed_inputs(app: Sphinx, catalog: Catalog, base: str, title: str, docnames, categories) -> tuple:
    """Everything a feed's bytes depend on."""
    config = app.config
    settings = (app.builder.name, base, title, config.language, config.author, config.project)
    entries = []
    for docname in docnames[: kb_config(config).feed_length]:
        article = catalog.articles[docname]
        tags = categories[docname]
        entries.append(
            (
                docname,
                article.title,
                article.published,
                article.updated,
                article.authors,
                tuple(getattr(catalog.profiles.get(tag_key(n)), "url", "") for n in article.authors),
                article.excerpt,
                tags,
            )
        )
    return settings, tuple(entries)


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    base = site_url(app.config)
    if base is None:
        logger.info("no html_baseurl: Atom feeds are not written (they need absolute links)")
        return
    catalog = KnowledgeBase(app.env).catalog
    ledger = OutputLedger(app.doctreedir, Path(app.outdir), "feeds")
    categories = feed_tags(catalog)
    for path, home, feed_title, docnames in planned_feeds(app, catalog):
        if not owners.claim(app, path, PRODUCER):
            continue
        if ledger.stale(path, _feed_inputs(app, catalog, base, feed_title, docnames, categories)):
            home_path = page_path(app.builder, home)
            data = render_feed(app, catalog, base, path, home_path, feed_title, docnames, categories)
            if not owners.write(app, path, data, PRODUCER):
                ledger.new.pop(path, None)  # not written: try again next build
    ledger.save()


def planned_feeds(app: Sphinx, catalog: Catalog) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(file, page it belongs to, title, articles) of every feed the site has."""
    config = kb_config(app.config)
    title = app.config.project
    feeds = [(SITE_FEED, app.config.root_doc, title, catalog.order)]
    feeds += [
        (tag_feed(app, tag), config.tag_page(tag.slug), f"{title}: {tag.display}", tag.docnames)
        for tag in catalog.tags.values()
    ]
    feeds += [
        (topic_feed(topic), topic.docname, f"{title}: {topic.title}", topic_docnames(catalog, topic.slug))
        for topic in catalog.topics.values()
    ]
    return feeds


def claim_feeds(app: Sphinx, builder) -> None:
    """At ``write-started``: the feeds' files are this build's, before pages or redirects come."""
    if builder.name in PAGE_BUILDERS and site_url(app.config) is not None:
        for path, *_ in planned_feeds(app, KnowledgeBase(app.env).catalog):
            owners.claim(app, path, PRODUCER)


def _alternate(href: str, title: str) -> str:
    kind = 'type="application/atom+xml"'
    return f'\n<link rel="alternate" {kind} title="{escape(title)}" href="{escape(relative(href))}" />'


def advertise_feeds(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``<link rel="alternate">`` to the site feed on every page, and to a tag's or topic's own feed."""
    if app.builder.name not in PAGE_BUILDERS or site_url(app.config) is None:
        return
    title = app.config.project
    links = _alternate(context["pathto"](SITE_FEED, 1), f"{title} (Atom)")
    config = kb_config(app.config)
    if pagename.startswith(config.tags_page + "/"):
        slug = pagename.rsplit("/", 1)[-1]
        tag = KnowledgeBase(app.env).catalog.with_slug("tag", slug)
        if tag is not None:
            links += _alternate(context["pathto"](tag_feed(app, tag), 1), f"{title}: {tag.display} (Atom)")
    topic = KnowledgeBase(app.env).catalog.topic_at(pagename)
    if topic is not None:
        links += _alternate(context["pathto"](topic_feed(topic), 1), f"{title}: {topic.title} (Atom)")
    context["metatags"] = context.get("metatags", "") + links


def setup_feeds(app: Sphinx) -> None:
    app.connect("html-page-context", advertise_feeds)
    app.connect("write-started", claim_feeds, priority=200)
    app.connect("build-finished", write_feeds)
