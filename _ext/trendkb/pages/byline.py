"""An article's visible byline, its newer/older links and its head metadata."""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx

from .. import nodes as kbnodes
from ..model.catalog import Article
from ..model.domain import KnowledgeBase
from ..reading import dates
from . import translations
from .render import PageRenderer, readable_date, render, timestamp


def _byline_html(article: Article, renderer: PageRenderer) -> str:
    return render(
        "byline.html",
        date=readable_date(renderer.builder, article.date) if article.date else None,
        iso=timestamp(article) if article.date else None,
        updated=readable_date(renderer.builder, article.updated.date()) if article.updated else None,
        updated_iso=dates.timestamp(article.updated) if article.updated else None,
        state=article.state if article.state != "published" else None,
        authors=renderer.authors_of(article),
        minutes=article.reading_minutes,
        tags=renderer.tags_of(article),
        translations=translations.switcher(renderer, article.docname),
    )


def _neighbours_html(docname: str, renderer: PageRenderer) -> str | None:
    newer, older = renderer.catalog.neighbours.get(docname, (None, None))

    def entry(target: str | None) -> dict | None:
        url = renderer.link(target) if target else None
        return {"url": url, "title": renderer.catalog.articles[target].title} if url else None

    if not (newer or older):
        return None
    return render("neighbours.html", newer=entry(newer), older=entry(older))


def resolve_byline(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    kb = KnowledgeBase(app.env)
    article = kb.articles.get(docname)
    placeholders = list(doctree.findall(kbnodes.byline)) + list(doctree.findall(kbnodes.neighbours))
    if not placeholders:
        return
    if article is None or app.builder.format != "html":
        for node in placeholders:
            node.parent.remove(node)
        return
    renderer = PageRenderer(app.builder, docname, kb.catalog)
    for node in placeholders:
        if isinstance(node, kbnodes.byline):
            html = _byline_html(article, renderer)
        else:
            html = _neighbours_html(docname, renderer)
        if html:
            node.replace_self(nodes.raw("", html, format="html"))
        else:
            node.parent.remove(node)


def head_metadata(article: Article, tag_names: list[str]) -> str:
    """The ``<meta>`` tags of an article page, every value escaped."""
    metas = []
    if article.excerpt:
        metas.append(("description", article.excerpt))
    if article.authors:
        metas.append(("author", ", ".join(article.authors)))
    if tag_names:
        metas.append(("keywords", ", ".join(tag_names)))
    return "".join(f'\n<meta name="{name}" content="{escape(value)}" />' for name, value in metas)


def add_head_metadata(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    kb = KnowledgeBase(app.env)
    article = kb.articles.get(pagename)
    if article is None:
        return
    context["metatags"] = context.get("metatags", "") + head_metadata(article, kb.catalog.tag_names(article))


def setup_byline(app: Sphinx) -> None:
    app.add_node(kbnodes.byline)
    app.add_node(kbnodes.neighbours)
    app.connect("doctree-resolved", resolve_byline)
    app.connect("html-page-context", add_head_metadata)
