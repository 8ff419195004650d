"""Backlinks: every page lists the pages linking to it ("Linked from"), with their sections.

Each page's links are recorded while it is read (``model/links.py``), the reverse map
is derived after reading in the main process (``env-updated``), and a placeholder put
at the end of every page is filled at ``doctree-resolved``. A page whose backlinks
changed is rewritten: ``page_inputs`` is part of its signature (``updates.py``).

A topic page already lists the articles that discuss it ("Articles on this topic"),
so its "Linked from" shows only the other pages linking to it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .. import nodes as kbnodes
from ..model import links
from ..model.domain import KnowledgeBase
from .previews import article_meta
from .render import PageRenderer, render


def record_links(app: Sphinx, doctree: nodes.document) -> None:
    found = links.collect(doctree)
    if found:
        KnowledgeBase(app.env).links[app.env.docname] = found


def insert_placeholder(app: Sphinx, doctree: nodes.document) -> None:
    """At the end of the page's top section, before the links to the newer and older article."""
    section = next((n for n in doctree.children if isinstance(n, nodes.section)), None)
    parent = section if section is not None else doctree
    before = next(iter(parent.findall(kbnodes.neighbours, include_self=False)), None)
    if before is not None and before.parent is parent:
        parent.insert(parent.index(before), kbnodes.backlinks())
    else:
        parent.append(kbnodes.backlinks())


def _titles(env: BuildEnvironment) -> dict[str, str]:
    return {docname: title.astext() for docname, title in env.titles.items()}


def derive_backlinks(app: Sphinx, env: BuildEnvironment) -> None:
    """After every document is read: labels and topic slugs resolved to pages."""
    kb = KnowledgeBase(env)
    labels = {label: docname for label, (docname, *_rest) in env.domains["std"].anonlabels.items()}
    topics = {topic.slug: topic.docname for topic in kb.topics.values() if topic.title}
    kb.backlinks = links.backlinks(kb.links, env.all_docs, labels, topics, _titles(env))


def _card(catalog, docname: str) -> tuple | None:
    """A linking page's preview card: title, date or status, excerpt or summary."""
    article = catalog.articles.get(docname)
    if article is not None and article.title:
        return (article.title, article.date, article.excerpt)
    topic = catalog.topic_at(docname)
    return (topic.title, topic.status, topic.summary) if topic is not None else None


def page_inputs(env: BuildEnvironment) -> dict[str, tuple]:
    """What each page's "Linked from" shows, for its signature (after the catalog is built)."""
    kb = KnowledgeBase(env)
    titles = _titles(env)
    return {
        target: tuple(
            (b.source, titles.get(b.source, ""), b.sections, _card(kb.catalog, b.source)) for b in found
        )
        for target, found in kb.backlinks.items()
    }


def _preview(renderer: PageRenderer, docname: str) -> tuple | None:
    card = _card(renderer.catalog, docname)
    if card is not None and docname in renderer.catalog.articles:
        card = (card[0], article_meta(renderer.builder, renderer.catalog.articles[docname]), card[2])
    return card


def backlinks_html(renderer: PageRenderer, env: BuildEnvironment, docname: str) -> str | None:
    found = KnowledgeBase(env).backlinks.get(docname, ())
    topic = renderer.catalog.topic_at(docname)
    if topic is not None:  # its articles are listed above, under "Articles on this topic"
        listed = {source for source, _, _ in renderer.catalog.topic_articles.get(topic.slug, ())}
        found = tuple(b for b in found if b.source not in listed)
    items = []
    for backlink in found:
        url = renderer.link(backlink.source)
        title = env.titles[backlink.source].astext() if backlink.source in env.titles else backlink.source
        sections = [
            {"title": section, "url": f"{url}#{anchor}" if url else None}
            for anchor, section in backlink.sections
        ]
        preview = _preview(renderer, backlink.source) if url else None
        items.append({"title": title, "url": url, "sections": sections, "preview": preview})
    return render("backlinks.html", items=items) if items else None


def resolve_backlinks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(kbnodes.backlinks))
    if not placeholders:
        return
    html = None
    # singlehtml resolves one doctree holding every page: no page of its own to list.
    if app.builder.format == "html" and app.builder.name != "singlehtml":
        renderer = PageRenderer(app.builder, docname, KnowledgeBase(app.env).catalog)
        html = backlinks_html(renderer, app.env, docname)
    for node in placeholders:
        if html:
            node.replace_self(nodes.raw("", html, format="html"))
            html = None  # one list per page, even where a page was included twice
        else:
            node.parent.remove(node)


def setup_backlinks(app: Sphinx) -> None:
    app.add_node(kbnodes.backlinks)
    app.connect("doctree-read", record_links)
    # After the article and topic footers (collector.py) are placed.
    app.connect("doctree-read", insert_placeholder, priority=600)
    app.connect("env-updated", derive_backlinks)
    app.connect("doctree-resolved", resolve_backlinks)
