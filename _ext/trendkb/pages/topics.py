"""Trend topics: their page header and footer, article footers, and the topic grid."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import nodes as kbnodes
from ..model.catalog import UNKNOWN_TOPIC
from ..model.domain import KnowledgeBase
from ..model.taxonomy import tag_key
from ..model.trends import readable
from . import evidence, trends
from .cards import Card, card_grid
from .listings import ListingSpec
from .pagination import neighbour_links, page_size, pager_html, pages
from .render import PageRenderer, render

logger = logging.getLogger(__name__)


def topic_entry(renderer: PageRenderer, slug: str) -> dict | None:
    topic = renderer.catalog.topics[slug]
    url = renderer.link(topic.docname)
    if url is None:
        return None
    return {"title": topic.title, "summary": topic.summary, "status": topic.status, "url": url}


def _topic_tags(renderer: PageRenderer, tags) -> list[dict]:
    """Tags with a tag page link to it; the others are shown as plain chips."""
    chips = []
    for name in tags:
        tag = renderer.catalog.tags.get(tag_key(name))
        chips.append(renderer.tag(tag) if tag else {"name": name, "url": None})
    return chips


def topic_header_html(renderer: PageRenderer, slug: str) -> str:
    topic = renderer.catalog.topics[slug]
    header = render(
        "topic_header.html",
        summary=topic.summary,
        status=topic.status,
        as_of=topic.as_of,
        as_of_text=readable(topic.as_of) if topic.as_of else None,
        count=len(renderer.catalog.topic_articles.get(slug, ())),
        tags=_topic_tags(renderer, topic.tags),
    )
    return header + trends.timeline_html(topic, evidence.entries(renderer, topic))


def topic_articles_html(renderer: PageRenderer, entries) -> str:
    """Articles discussing a topic, each with the section that does: (docname, anchor, section)."""
    articles = []
    for docname, anchor, section in entries:
        item = renderer.article(renderer.catalog.articles[docname])
        item["section"] = section
        item["section_url"] = f"{item['url']}#{anchor}" if item["url"] and anchor else None
        articles.append(item)
    return render("topic_articles.html", articles=articles)


def topic_footer_html(renderer: PageRenderer, slug: str) -> tuple[str, dict]:
    """The articles on the topic (the newest page of them) and the related topics;
    and the links to the other pages of the articles, for the head."""
    catalog = renderer.catalog
    entries = catalog.topic_articles.get(slug, ())
    at = pages(len(entries), page_size(renderer.builder))
    pager = pager_html(renderer, renderer.pagename, 0, at, "Pages of the articles on this topic")
    related = [topic_entry(renderer, other) for other in catalog.related_topics.get(slug, ())]
    chart = Markup(trends.chart_html(catalog, slug))  # rendered by its own autoescaping template
    footer = render(
        "topic_footer.html",
        articles_html=Markup(topic_articles_html(renderer, entries[at.start : at.stop])),
        pager=pager,
        related=[r for r in related if r],
        chart=chart,
    )
    links = neighbour_links(renderer, renderer.pagename, 0, at) if at.count > 1 else {}
    return footer, links


def article_footer_html(renderer: PageRenderer, docname: str) -> str:
    catalog = renderer.catalog
    topics = [topic_entry(renderer, slug) for slug in catalog.article_topics.get(docname, ())]
    related = [renderer.article(catalog.articles[d]) for d in catalog.related_articles.get(docname, ())]
    return render(
        "article_footer.html", topics=[t for t in topics if t], related=[r for r in related if r["url"]]
    )


def resolve_topic_parts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = [node for node in doctree.findall(kbnodes.kb_placeholder) if isinstance(node, _PARTS)]
    if not placeholders:
        return
    kb = KnowledgeBase(app.env)
    renderer = PageRenderer(app.builder, docname, kb.catalog)
    topic = kb.catalog.topic_at(docname)
    slug = topic.slug if topic else None
    for node in placeholders:
        html = None
        if app.builder.format == "html":
            if isinstance(node, kbnodes.article_footer):
                html = article_footer_html(renderer, docname) if docname in kb.catalog.articles else None
            elif slug is not None and isinstance(node, kbnodes.topic_header):
                html = topic_header_html(renderer, slug)
            elif slug is not None:
                html, links = topic_footer_html(renderer, slug)
                if links:
                    doctree["kb_pager"] = links  # the head's rel="prev"/"next" (pagination.py)
        if html:
            node.replace_self(nodes.raw("", html, format="html"))
        else:
            node.parent.remove(node)


_PARTS = (kbnodes.article_footer, kbnodes.topic_header, kbnodes.topic_footer)


class TopicsDirective(SphinxDirective):
    """``kb-topics``: a card grid of every topic with its summary."""

    has_content = False
    option_spec = {"group": lambda arg: directives.choice(arg, ("area",))}

    def run(self) -> list[nodes.Node]:
        node = kbnodes.topic_grid(spec=ListingSpec(kind="topics", group=self.options.get("group")))
        self.set_source_info(node)
        return [node]


def topic_grid(renderer: PageRenderer, topics=None) -> nodes.Element:
    """A card per topic: its title, summary and status."""
    cards = [
        Card(
            topic.title,
            renderer.link(topic.docname),
            [
                (topic.summary, ["kb-topic-card__summary"]),
                (topic.status or "", ["kb-status", f"kb-status--{topic.status}"]),
            ],
            ["kb-topic-card"],
        )
        for topic in (renderer.catalog.topics.values() if topics is None else topics)
    ]
    return card_grid(cards, ["kb-topic-cards"])


def topic_grids_by_area(renderer: PageRenderer) -> list[nodes.Node]:
    """``:group: area``: a heading and a card grid per area, in ``kb_topic_areas`` order.

    Topics without a known area come last, under "Other topics".
    """
    areas = renderer.config.areas
    groups: dict[str, list] = {key: [] for key in areas}
    others = []
    for topic in renderer.catalog.topics.values():
        groups.get(topic.area, others).append(topic)
    labelled = [(areas[key], f"kb-area-{key}", members) for key, members in groups.items()]
    labelled.append(("Other topics", "kb-area-other", others))
    found: list[nodes.Node] = []
    for label, ident, members in labelled:
        if members:
            # A real <h3> in HTML (heading-level), so the areas are in the page's outline.
            found.append(
                nodes.rubric(label, label, ids=[ident], classes=["kb-area-heading"], **{"heading-level": 3})
            )
            found.append(topic_grid(renderer, members))
    return found


def resolve_topic_grid(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(kbnodes.topic_grid)):
        renderer = PageRenderer(app.builder, docname, KnowledgeBase(app.env).catalog)
        if node["spec"].group == "area":
            node.replace_self(topic_grids_by_area(renderer))
        else:
            node.replace_self(topic_grid(renderer))


def check_topic_slugs(app: Sphinx, env) -> None:
    """Front-matter slugs that name no topic, or the topic itself: one warning each, at the field's line.

    A topic whose file has no valid title is left out of the catalog (its file got its
    own warning), so naming it is a warning too, saying why.
    """
    kb = KnowledgeBase(env)
    titled = {topic.slug for topic in kb.topics.values() if topic.title}
    untitled = {topic.slug for topic in kb.topics.values()} - titled
    records = [(a.docname, a.topics, a.topics_line, "topics", None) for a in kb.articles.values()]
    records += [(t.docname, t.related, t.related_line, "related", t.slug) for t in kb.topics.values()]
    for docname, slugs, line, field_name, own in sorted(records):
        for slug in slugs:
            if slug == own:
                message = "field '%s': topic %r names itself: expected the slugs of other topics"
            elif slug in untitled:
                message = "field '%s': topic %r has no valid title, so it is left out: give it a title"
            elif slug not in titled:
                message = UNKNOWN_TOPIC
            else:
                continue
            logger.warning(message, field_name, slug, location=(docname, line), type="kb", subtype="topic")


def setup_topics(app: Sphinx) -> None:
    for node in (*_PARTS, kbnodes.topic_grid):
        app.add_node(node)
    app.add_directive("kb-topics", TopicsDirective)
    app.connect("doctree-resolved", resolve_topic_parts)
    app.connect("doctree-resolved", resolve_topic_grid)
    app.connect("env-check-consistency", check_topic_slugs)
