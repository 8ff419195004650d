"""The topic map and each topic's neighbourhood: SVG laid out at build time (``graphlayout.py``).

The map needs no npm package and no network: it is inline SVG with a link per topic,
so it shows with the README's build command alone and adds a few KiB to the page
rather than mermaid's 671 KiB. It is drawn twice, for a desktop and for a phone (CSS
shows one), so labels keep ``FONT_SIZE`` px on a 360 px screen instead of shrinking
with a wide drawing. Edges are routed around the boxes (``gridroute.py``); a small
script (``static/kb-map.js``) lights a topic's relations on hover and keyboard focus,
and the drawing is whole without it. Front matter reaches it only as escaped text.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import nodes as kbnodes
from ..model.catalog import Catalog
from ..model.domain import KnowledgeBase
from .communities import undirected
from .graphlayout import NARROW, WIDE, cluster_layout, star_layout
from .listings import ListingSpec
from .mapsvg import render_svg
from .render import PageRenderer

#: The map's stylesheet and script (``static/``), linked only from pages that draw a map.
MAP_CSS = "kb-map.css"
MAP_JS = "kb-map.js"


class TopicMapDirective(SphinxDirective):
    """``kb-topic-map``: the graph of all topics and their relations."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = kbnodes.topic_map(spec=ListingSpec(kind="topics"))
        self.set_source_info(node)
        return [node]


def _both_sizes(make, titles, urls, label: str, descriptions) -> str:
    """The drawing for a desktop and the one for a phone; the stylesheet shows one of them."""
    return "".join(
        render_svg(make(width), titles, urls, label, f"kb-map__svg--{name}", descriptions)
        for name, width in (("wide", WIDE), ("narrow", NARROW))
    )


def topic_map_html(catalog: Catalog, renderer: PageRenderer) -> str:
    titles = {slug: topic.title for slug, topic in catalog.topics.items()}
    urls = {slug: renderer.link(topic.docname) for slug, topic in catalog.topics.items()}
    summaries = {slug: topic.summary for slug, topic in catalog.topics.items()}
    relations = len(undirected(list(titles), catalog.related_topics))
    label = (
        f"Topic map: {len(titles)} topics, {relations} relations; "
        "closely related topics are grouped in named panels"
    )
    svg = _both_sizes(
        lambda width: cluster_layout(titles, catalog.related_topics, width), titles, urls, label, summaries
    )
    return f'<div class="kb-map kb-topic-map" data-pagefind-ignore="all">{svg}</div>'


def neighbourhood_html(catalog: Catalog, renderer: PageRenderer, slug: str) -> str | None:
    related = catalog.related_topics.get(slug, ())
    if not related:
        return None
    members = (slug, *related)
    titles = {other: catalog.topics[other].title for other in members}
    urls = {other: renderer.link(catalog.topics[other].docname) for other in related}
    summaries = {other: catalog.topics[other].summary for other in members}
    label = f"{titles[slug]} and its {len(related)} related topic{'s' if len(related) != 1 else ''}"
    svg = _both_sizes(
        lambda width: star_layout(slug, titles, catalog.related_topics, width), titles, urls, label, summaries
    )
    return (
        '<section class="kb-topic-neighbourhood" id="kb-topic-neighbourhood">'
        "<h2>Neighbourhood</h2>"
        f'<div class="kb-map kb-map--neighbourhood" data-pagefind-ignore="all">{svg}</div></section>'
    )


def resolve_topic_map(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(kbnodes.topic_map))
    if not found:
        return
    catalog = KnowledgeBase(app.env).catalog
    renderer = PageRenderer(app.builder, docname, catalog)
    for node in found:
        if app.builder.format == "html" and catalog.topics:
            node.replace_self(nodes.raw("", topic_map_html(catalog, renderer), format="html"))
        else:
            node.parent.remove(node)


def draw_neighbourhood(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On a topic's page, its graph after the lists (before they are drawn: run first)."""
    if app.builder.format != "html":
        return
    catalog = KnowledgeBase(app.env).catalog
    topic = catalog.topic_at(docname)
    footer = next(iter(doctree.findall(kbnodes.topic_footer)), None)
    if topic is None or footer is None:
        return
    html = neighbourhood_html(catalog, PageRenderer(app.builder, docname, catalog), topic.slug)
    if html:
        footer.parent.insert(footer.parent.index(footer) + 1, nodes.raw("", html, format="html"))


def link_map_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The stylesheet and script on the pages that draw a map only (Sphinx adds them to this page)."""
    if doctree is not None and 'class="kb-map' in context.get("body", ""):
        app.add_css_file(MAP_CSS)
        app.add_js_file(MAP_JS, loading_method="defer")


def setup_topicmap(app: Sphinx) -> None:
    app.add_node(kbnodes.topic_map)
    app.add_directive("kb-topic-map", TopicMapDirective)
    app.connect("doctree-resolved", resolve_topic_map)
    # Before topics.py replaces the footer placeholder this handler puts the graph after.
    app.connect("doctree-resolved", draw_neighbourhood, priority=400)
    app.connect("html-page-context", link_map_assets)
