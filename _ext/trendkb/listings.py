"""Listing directives (``kb-articles``, ``kb-tags``) and their late resolution.

A directive only records what to list; the list is filled at ``doctree-resolved``,
once every article has been read.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes
from docutils.parsers.rst import directives
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import nodes as kbnodes
from .catalog import Catalog
from .domain import KnowledgeBase
from .render import PageRenderer, render
from .taxonomy import tag_key


@dataclass(frozen=True)
class ListingSpec:
    kind: str = "articles"  # "articles" or "tags"
    tag: str | None = None  # a tag key
    featured: bool = False
    limit: int | None = None
    group: str | None = None  # None or "year"


def select(spec: ListingSpec, catalog: Catalog) -> tuple[str, ...]:
    """The docnames a listing shows, newest first."""
    if spec.tag is not None:
        tag = catalog.tags.get(spec.tag)
        docnames = tag.docnames if tag else ()
    else:
        docnames = catalog.order
    if spec.featured:
        docnames = tuple(d for d in docnames if catalog.articles[d].featured)
    return tuple(docnames[: spec.limit] if spec.limit else docnames)


def digest_input(spec: ListingSpec, catalog: Catalog) -> tuple:
    """Everything a listing's HTML depends on, for change detection."""
    if spec.kind == "tags":
        return tuple((t.display, t.slug, len(t.docnames)) for t in catalog.tags.values())
    if spec.kind == "topics":
        return ()  # the topics themselves are part of every listing page's digest
    return tuple(
        (a.docname, a.title, a.date, a.excerpt, a.authors)
        for a in (catalog.articles[d] for d in select(spec, catalog))
    )


def render_listing(spec: ListingSpec, renderer: PageRenderer) -> Markup:
    catalog = renderer.catalog
    if spec.kind == "tags":
        tags = [renderer.tag(tag) for tag in catalog.tags.values()]
        return Markup(render("tag_index.html", tags=tags))
    items = renderer.articles(select(spec, catalog))
    if spec.group == "year":
        groups: dict[str, list] = {}
        for item in items:
            groups.setdefault(item["iso"][:4], []).append(item)
        grouped = [{"label": year, "id": f"year-{year}", "articles": group} for year, group in groups.items()]
    else:
        grouped = [{"label": None, "id": None, "articles": items}] if items else []
    return Markup(render("article_list.html", groups=grouped))


class ArticlesDirective(SphinxDirective):
    """``kb-articles``: list articles, optionally by tag, featured only, or by year."""

    has_content = False
    option_spec = {
        "tag": directives.unchanged_required,
        "featured": directives.flag,
        "limit": directives.positive_int,
        "group": lambda arg: directives.choice(arg, ("year",)),
    }

    def run(self) -> list[nodes.Node]:
        spec = ListingSpec(
            tag=tag_key(self.options["tag"]) if "tag" in self.options else None,
            featured="featured" in self.options,
            limit=self.options.get("limit"),
            group=self.options.get("group"),
        )
        node = kbnodes.article_list(spec=spec)
        self.set_source_info(node)
        return [node]


class TagsDirective(SphinxDirective):
    """``kb-tags``: every tag with its number of articles."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = kbnodes.tag_index(spec=ListingSpec(kind="tags"))
        self.set_source_info(node)
        return [node]


def record_listings(app: Sphinx, doctree: nodes.document) -> None:
    specs = tuple(node["spec"] for node in doctree.findall(_is_listing))
    kb = KnowledgeBase(app.env)
    if specs:
        kb.listings[app.env.docname] = specs


def _is_listing(node: nodes.Node) -> bool:
    return isinstance(node, kbnodes.article_list | kbnodes.tag_index | kbnodes.topic_grid | kbnodes.topic_map)


def resolve_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = [
        node
        for node in doctree.findall(_is_listing)
        if not isinstance(node, kbnodes.topic_grid | kbnodes.topic_map)
    ]
    if not found:
        return
    renderer = PageRenderer(app.builder, docname, KnowledgeBase(app.env).catalog)
    for node in found:
        if app.builder.format == "html":
            node.replace_self(nodes.raw("", render_listing(node["spec"], renderer), format="html"))
        else:
            node.parent.remove(node)


def setup_listings(app: Sphinx) -> None:
    app.add_node(kbnodes.article_list)
    app.add_node(kbnodes.tag_index)
    app.add_directive("kb-articles", ArticlesDirective)
    app.add_directive("kb-tags", TagsDirective)
    app.connect("doctree-read", record_listings)
    app.connect("doctree-resolved", resolve_listings)
