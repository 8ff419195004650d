"""What search engines and link previews read: descriptions, OpenGraph, Twitter cards, JSON-LD.

Every page gets a ``<meta name="description">``, OpenGraph tags with an ``og:image``
and a Twitter card. sphinxext-opengraph writes the ``og:`` tags of pages made from a
source file; this module gives it each page's own description, type and image through
the page's ``meta`` overrides. Pages without a source (the generated tag and author
pages, search, 404, the index) are not seen by it: their tags are written here.

The description is, in order: the page's front matter ``description``; an article's
excerpt (written by ``pages/byline.py``); a topic's summary; a sentence for a tag's or
an author's page; ``kb_site_description`` on the home page; a sentence for the search,
404 and index pages; the page's first paragraph; ``kb_site_description``.

The image is the article's own (front matter ``image``), else ``ogp_image``, else the
extension's card (``static/kb-social-card.png``, 1200 x 630, drawn by
``tools/make_social_card.py``). Articles and topics also get schema.org JSON-LD.
Front matter is untrusted: every value is escaped for its attribute or script.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.config import Config

from ..config import KBConfig, kb_config, site_url
from ..model import media
from ..model.catalog import Article, Catalog, Tag, Topic
from ..model.domain import KnowledgeBase
from ..model.taxonomy import tag_key
from ..pages.tagpages import term_slug
from ..reading import dates
from . import jsonsafe
from .siteoutput import page_path

#: The extension's link-preview image, in its static folder (copied to ``_static/``).
SOCIAL_CARD = "_static/kb-social-card.png"
SOCIAL_CARD_SIZE = (1200, 630)
#: Longest description taken from a page's first paragraph (search engines show ~160).
DESCRIPTION_LENGTH = 200


def json_for_script(data: object) -> str:
    """JSON that cannot end its ``<script>`` element or open markup inside it."""
    text = jsonsafe.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def site_name(config: Config) -> str:
    name = config.ogp_site_name if "ogp_site_name" in config else None
    return name if isinstance(name, str) and name else config.project


def _absolute(base: str | None, builder, pagename: str) -> str | None:
    return base + page_path(builder, pagename) if base else None


def publisher(config: Config, base: str | None) -> dict:
    """The site as a schema.org Organization, its logo ``html_logo`` or else the site image."""
    data: dict = {"@type": "Organization", "name": site_name(config)}
    logo = config.html_logo or ""
    if logo and not media.is_remote(logo):
        logo = f"_static/{logo.replace(chr(92), '/').rsplit('/', 1)[-1]}"
    logo = logo or site_image(config)
    if base or media.is_remote(logo):
        data["logo"] = {"@type": "ImageObject", "url": logo if media.is_remote(logo) else base + logo}
    return data


def article_jsonld(
    article: Article,
    catalog: Catalog,
    keywords: list[str],
    url: str | None,
    image: str | None = None,
    author_urls: dict[str, str] | None = None,
    publisher: dict | None = None,
) -> dict:
    author_urls = author_urls or {}
    authors = []
    for name in article.authors:
        person = {"@type": "Person", "name": name}
        if author_urls.get(name):
            person["url"] = author_urls[name]
        profile = catalog.profiles.get(tag_key(name))
        if profile is not None and profile.url.startswith(("https://", "http://")):
            person["sameAs"] = profile.url
        if profile is not None and profile.avatar.startswith(("https://", "http://")):
            person["image"] = profile.avatar
        authors.append(person)
    modified = article.updated or article.published
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
        "datePublished": dates.timestamp(article.published),
        "dateModified": dates.timestamp(modified),
        "image": image or "",
        "author": authors,
        "publisher": publisher or "",
        "keywords": keywords,
        "description": article.excerpt,
        "inLanguage": article.language,
        "about": [catalog.topics[slug].title for slug in catalog.article_topics.get(article.docname, ())],
    }
    if url:
        data["url"] = data["mainEntityOfPage"] = url
    return {key: value for key, value in data.items() if value not in ("", [])}


def topic_jsonld(topic: Topic, url: str | None, overview_url: str | None, site: str) -> dict:
    """A topic as a schema.org DefinedTerm of the site's set of trends."""
    data: dict = {"@context": "https://schema.org", "@type": "DefinedTerm", "name": topic.title}
    if topic.summary:
        data["description"] = topic.summary
    if url:
        data["url"] = url
    term_set: dict = {"@type": "DefinedTermSet", "name": f"{site}: topics"}
    if overview_url:
        term_set["url"] = overview_url
    data["inDefinedTermSet"] = term_set
    return data


def count_sentence(kind: str, term: Tag, site: str) -> str:
    """The description of a tag's or an author's page."""
    count = len(term.docnames)
    noun = "article" if count == 1 else "articles"
    how = "tagged" if kind == "tag" else "by"
    return f"{count} {noun} {how} {term.display} in the {site}, newest first."


def first_paragraph(doctree: nodes.document | None) -> str:
    if doctree is None:
        return ""
    for paragraph in doctree.findall(nodes.paragraph):
        text = " ".join(paragraph.astext().split())
        if text:
            if len(text) > DESCRIPTION_LENGTH:
                text = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + "…"
            return text
    return ""


def description(app: Sphinx, pagename: str, context: dict, doctree, catalog: Catalog) -> str:
    """The page's description, as plain text (see the module's docstring for the order)."""
    config = kb_config(app.config)
    site = site_name(app.config)
    article = catalog.articles.get(pagename)
    if article is not None and article.excerpt:
        return article.excerpt
    own = app.env.metadata.get(pagename, {}).get("description") if pagename in app.env.all_docs else None
    if isinstance(own, str) and own.strip():
        return " ".join(own.split())
    topic = catalog.topic_at(pagename)
    if topic is not None and topic.summary:
        return topic.summary
    found = term_slug(config, pagename)
    term = catalog.with_slug(*found) if found else None
    if term is not None:
        return count_sentence(found[0], term, site)
    if pagename == app.config.root_doc and config.site_description:
        return config.site_description
    generated = {
        "search": f"Search the articles and topics of the {site}.",
        "genindex": f"The index of the {site}.",
        getattr(app.config, "notfound_pagename", "404"): (
            f"This page is not in the {site}: start again from the home page, the topics or the archive."
        ),
    }
    if pagename in generated:
        return generated[pagename]
    return first_paragraph(doctree) or config.site_description or site


def site_image(config: Config) -> str:
    """The image of pages without their own: ``ogp_image`` or the extension's card."""
    image = config.ogp_image if "ogp_image" in config else None
    return image or SOCIAL_CARD


def page_image(app: Sphinx, article: Article | None, base: str | None) -> tuple[str | None, bool]:
    """(absolute image URL or None without a site address, whether it is the site's card)."""
    if article is not None and article.image:
        if media.is_remote(article.image) or base:
            return media.absolute_url(article.image, base), False
        return None, False
    image = site_image(app.config)
    if media.is_remote(image):
        return image, image == SOCIAL_CARD
    return (base + image.lstrip("/") if base else None), image == SOCIAL_CARD


def _meta(attribute: str, key: str, content: str) -> str:
    return f'\n<meta {attribute}="{key}" content="{escape(content)}" />'


def page_metadata(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # An e-book has no URLs to preview (sphinxext-opengraph skips it too).
    if app.builder.format != "html" or app.builder.name == "epub":
        return
    kb = KnowledgeBase(app.env)
    catalog = kb.catalog
    config: KBConfig = kb_config(app.config)
    base = site_url(app.config)
    site = site_name(app.config)
    article = catalog.articles.get(pagename)
    listed = article if article is not None and article.listed else None
    topic = catalog.topic_at(pagename)
    text = description(app, pagename, context, doctree, catalog)
    image, is_card = page_image(app, listed, base)
    tags = ""
    # An article's description is written by pages/byline.py, with its author and keywords.
    if article is None or not article.excerpt:
        tags += _meta("name", "description", text)

    # sphinxext-opengraph writes the title as it is, unescaped; the override wins.
    title = Markup(context.get("title") or "").striptags() or site
    og = {"og:title": title, "og:description": text}
    if listed is not None:
        og["og:type"] = "article"
    if image:
        og["og:image"] = image
        og["og:image:alt"] = listed.title if listed is not None and not is_card else site
    if doctree is not None and "sphinxext.opengraph" in app.extensions:
        # sphinxext-opengraph reads per-page overrides from context["meta"]. It is the
        # environment's own dict, so it is replaced, never changed in place. It escapes
        # quotes only, so the rest is escaped here.
        overrides = {key: escape(value, quote=False) for key, value in og.items() if value}
        context["meta"] = {**(context.get("meta") or {}), **overrides}
    else:
        own = {"og:type": "website", **og, "og:site_name": site}
        url = _absolute(base, app.builder, pagename)
        if url:
            own["og:url"] = url
        tags += "".join(_meta("property", key, value) for key, value in own.items() if value)
    if image and is_card:
        width, height = SOCIAL_CARD_SIZE
        tags += _meta("property", "og:image:width", str(width))
        tags += _meta("property", "og:image:height", str(height))
    card = "summary_large_image" if image else "summary"
    tags += _meta("name", "twitter:card", card)

    if listed is not None:
        tags += _article_tags(app, listed, catalog, config, base, image)
    elif topic is not None and topic.title:
        overview = config.topics_dir if config.topics_dir in app.env.all_docs else None
        data = topic_jsonld(
            topic,
            _absolute(base, app.builder, pagename),
            _absolute(base, app.builder, overview) if overview else None,
            site,
        )
        tags += f'\n<script type="application/ld+json">{json_for_script(data)}</script>'
    trail = context.get("kb_trail")  # pages/breadcrumbs.py, which runs first
    if trail and base:
        items = [
            {"@type": "ListItem", "position": n, "name": name, "item": base + page_path(app.builder, doc)}
            for n, (name, doc) in enumerate(trail, 1)
        ]
        data = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
        tags += f'\n<script type="application/ld+json">{json_for_script(data)}</script>'
    context["metatags"] = context.get("metatags", "") + tags


def _article_tags(
    app: Sphinx, article: Article, catalog: Catalog, config: KBConfig, base: str | None, image: str | None
) -> str:
    tags = _meta("property", "article:published_time", dates.timestamp(article.published))
    if article.updated:
        tags += _meta("property", "article:modified_time", dates.timestamp(article.updated))
    tags += "".join(_meta("property", "article:author", name) for name in article.authors)
    keywords = catalog.tag_names(article)
    tags += "".join(_meta("property", "article:tag", name) for name in keywords)
    author_urls = {}
    for name in article.authors:
        author = catalog.authors.get(tag_key(name))
        if author is not None:
            author_urls[name] = _absolute(base, app.builder, config.author_page(author.slug))
    data = article_jsonld(
        article,
        catalog,
        keywords,
        _absolute(base, app.builder, article.docname),
        image,
        author_urls,
        publisher(app.config, base),
    )
    return tags + f'\n<script type="application/ld+json">{json_for_script(data)}</script>'


def setup_seo(app: Sphinx) -> None:
    # Before sphinxext-opengraph (priority 500), which reads the overrides.
    app.connect("html-page-context", page_metadata, priority=400)
