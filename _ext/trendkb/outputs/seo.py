"""What search engines and link previews read: OpenGraph fields and JSON-LD.

sphinxext-opengraph writes the ``og:`` tags; this module gives it each page's own
description and type from the front matter, and adds the ``article:`` tags and a
schema.org ``BlogPosting`` that it does not know about. Every value is escaped.
"""

from __future__ import annotations

import json
from html import escape

from sphinx.application import Sphinx

from ..config import site_url
from ..model.catalog import Article, Catalog
from ..model.domain import KnowledgeBase
from .siteoutput import page_path


def json_for_script(data: object) -> str:
    """JSON that cannot end its ``<script>`` element or open markup inside it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def article_jsonld(article: Article, catalog: Catalog, keywords: list[str], url: str | None) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
        "datePublished": article.date.isoformat(),
        "author": [{"@type": "Person", "name": name} for name in article.authors],
        "keywords": keywords,
        "description": article.excerpt,
        "about": [catalog.topics[slug].title for slug in catalog.article_topics.get(article.docname, ())],
    }
    if url:
        data["url"] = data["mainEntityOfPage"] = url
    return {key: value for key, value in data.items() if value not in ("", [])}


def _meta(prop: str, content: str) -> str:
    return f'\n<meta property="{prop}" content="{escape(content)}" />'


def page_metadata(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html":
        return
    kb = KnowledgeBase(app.env)
    catalog = kb.catalog
    article = catalog.articles.get(pagename)
    topic = catalog.topic_at(pagename)
    # sphinxext-opengraph reads per-page overrides from context["meta"]. It is the
    # environment's own dict, so it is replaced, never changed in place. The values are
    # escaped once here; the extension only escapes quotes itself.
    overrides = {}
    if article is not None and article.listed:
        overrides = {"og:type": "article", "og:description": escape(article.excerpt, quote=False)}
    elif topic is not None and topic.summary:
        overrides = {"og:description": escape(topic.summary, quote=False)}
    if overrides:
        context["meta"] = {**(context.get("meta") or {}), **{k: v for k, v in overrides.items() if v}}
    # Link previews on X/Twitter read the og: tags; this only asks for the summary card.
    context["metatags"] = context.get("metatags", "") + '\n<meta name="twitter:card" content="summary" />'
    if article is None or not article.listed:
        return
    base = site_url(app.config)
    url = base + page_path(app.builder, pagename) if base else None
    tags = _meta("article:published_time", article.date.isoformat())
    tags += "".join(_meta("article:author", name) for name in article.authors)
    keywords = catalog.tag_names(article)
    tags += "".join(_meta("article:tag", name) for name in keywords)
    script = json_for_script(article_jsonld(article, catalog, keywords, url))
    tags += f'\n<script type="application/ld+json">{script}</script>'
    context["metatags"] = context.get("metatags", "") + tags


def setup_seo(app: Sphinx) -> None:
    # Before sphinxext-opengraph (priority 500), which reads the overrides.
    app.connect("html-page-context", page_metadata, priority=400)
