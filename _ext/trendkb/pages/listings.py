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

from .. import nodes as kbnodes
from ..model.catalog import Catalog, Tag
from ..model.domain import KnowledgeBase
from ..model.taxonomy import tag_key
from .cards import Card, card_grid
from .render import PageRenderer, render


@dataclass(frozen=True)
class ListingSpec:
    kind: str = "articles"  # "articles", "tags", "authors", "categories" or "topics"
    tag: str | None = None  # a tag key
    author: str | None = None  # an author key
    category: str | None = None  # a category key (kb_categories = "taxonomy")
    featured: bool = False
    limit: int | None = None
    group: str | None = None  # None or "year"
    layout: str = "list"  # "list" or "cards"
    #: kind "term": the listing under a hand-written tag or author page (see tagpages.py).
    term: str | None = None  # "tag" or "author"
    slug: str | None = None


def term_of(spec: ListingSpec, catalog: Catalog) -> Tag | None:
    """The tag or author whose slug a hand-written page at its path has, if any."""
    return catalog.with_slug(spec.term, spec.slug)


def term_listing(spec: ListingSpec, term: Tag) -> ListingSpec:
    """What the generated page of a tag (or author) lists."""
    return ListingSpec(**{spec.term: term.key})


def select(spec: ListingSpec, catalog: Catalog) -> tuple[str, ...]:
    """The docnames a listing shows, newest first."""
    docnames = None  # all articles
    for key, index in (
        (spec.tag, catalog.tags),
        (spec.author, catalog.authors),
        (spec.category, catalog.categories),
    ):
        if key is not None:
            group = index[key].docnames if key in index else ()
            if docnames is None:
                docnames = group
            else:
                members = set(group)
                docnames = tuple(d for d in docnames if d in members)
    if docnames is None:
        docnames = catalog.order
    if spec.featured:
        docnames = tuple(d for d in docnames if catalog.articles[d].featured)
    return tuple(docnames[: spec.limit] if spec.limit else docnames)


def digest_input(spec: ListingSpec, catalog: Catalog) -> tuple:
    """Everything a listing's HTML depends on, for change detection."""
    if spec.kind in ("tags", "authors", "categories"):
        index = {"tags": catalog.tags, "authors": catalog.authors, "categories": catalog.categories}[
            spec.kind
        ]
        return tuple((t.display, t.slug, len(t.docnames)) for t in index.values())
    if spec.kind == "topics":
        return ()  # the topics themselves are part of every listing page's digest
    if spec.kind == "term":
        term = term_of(spec, catalog)
        if term is None:
            return ()
        return (term.display, term.slug, len(term.docnames), digest_input(term_listing(spec, term), catalog))
    return tuple(
        (a.docname, a.title, a.published, a.excerpt, a.authors, a.image)
        for a in (catalog.articles[d] for d in select(spec, catalog))
    )


def render_listing(spec: ListingSpec, renderer: PageRenderer) -> Markup:
    catalog = renderer.catalog
    if spec.kind == "tags":
        tags = [renderer.tag(tag) for tag in catalog.tags.values()]
        return Markup(render("tag_index.html", tags=tags))
    if spec.kind == "authors":
        authors = [renderer.author(author) for author in catalog.authors.values()]
        return Markup(render("author_index.html", authors=authors))
    if spec.kind == "categories":
        categories = [renderer.category(category) for category in catalog.categories.values()]
        return Markup(render("tag_index.html", tags=categories, noun="categories"))
    items = renderer.articles(select(spec, catalog))
    if spec.group == "year":
        groups: dict[str, list] = {}
        for item in items:
            groups.setdefault(item["iso"][:4], []).append(item)
        grouped = [{"label": year, "id": f"year-{year}", "articles": group} for year, group in groups.items()]
    else:
        grouped = [{"label": None, "id": None, "articles": items}] if items else []
    return Markup(render("article_list.html", groups=grouped))


def article_cards(spec: ListingSpec, renderer: PageRenderer) -> nodes.Element:
    """The articles as sphinx-design cards: title, date and authors, excerpt."""
    cards = []
    for item in renderer.articles(select(spec, renderer.catalog)):
        meta = " · ".join([item["date"], ", ".join(item["authors"])]) if item["authors"] else item["date"]
        lines = [(meta, ["kb-article-card__meta"]), (item["excerpt"], ["kb-article-card__excerpt"])]
        cards.append(Card(item["title"], item["url"], lines, ["kb-article-card"], image=item["image"]))
    if not cards:
        return nodes.paragraph("", "No articles yet.", classes=["kb-empty"])
    # Articles carry longer excerpts than topics: two columns at most.
    return card_grid(cards, ["kb-article-cards"], columns=(1, 1, 2, 2))


class ArticlesDirective(SphinxDirective):
    """``kb-articles``: list articles, optionally by tag, author, featured only, or by year."""

    has_content = False
    option_spec = {
        "tag": directives.unchanged_required,
        "author": directives.unchanged_required,
        "featured": directives.flag,
        "limit": directives.positive_int,
        "group": lambda arg: directives.choice(arg, ("year",)),
        "layout": lambda arg: directives.choice(arg, ("list", "cards")),
    }

    def run(self) -> list[nodes.Node]:
        spec = ListingSpec(
            tag=tag_key(self.options["tag"]) if "tag" in self.options else None,
            author=tag_key(self.options["author"]) if "author" in self.options else None,
            featured="featured" in self.options,
            limit=self.options.get("limit"),
            group=self.options.get("group"),
            layout=self.options.get("layout", "list"),
        )
        node = kbnodes.article_list(spec=spec)
        self.set_source_info(node)
        return [node]


class TagsDirective(SphinxDirective):
    """``kb-tags``: every tag with its number of articles."""

    has_content = False
    kind = "tags"

    def run(self) -> list[nodes.Node]:
        node = kbnodes.tag_index(spec=ListingSpec(kind=self.kind))
        self.set_source_info(node)
        return [node]


class AuthorsDirective(TagsDirective):
    """``kb-authors``: every author with their number of articles."""

    kind = "authors"


class CategoriesDirective(TagsDirective):
    """``kb-categories``: every category with its number of articles (``kb_categories = "taxonomy"``)."""

    kind = "categories"


def record_listings(app: Sphinx, doctree: nodes.document) -> None:
    specs = tuple(node["spec"] for node in doctree.findall(_is_listing))
    kb = KnowledgeBase(app.env)
    if specs:
        kb.listings[app.env.docname] = specs


# Filled in here; the topic grid and map are filled in by their own modules, but every
# listing is recorded, so that its page is rewritten when what it shows changes.
_RESOLVED_HERE = kbnodes.article_list | kbnodes.tag_index
_LISTINGS = _RESOLVED_HERE | kbnodes.topic_grid | kbnodes.topic_map


def _is_listing(node: nodes.Node) -> bool:
    return isinstance(node, _LISTINGS)


def resolve_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # A term listing (kind "term") is resolved by tagpages.py, before this handler.
    found = [
        node
        for node in doctree.findall(lambda node: isinstance(node, _RESOLVED_HERE))
        if node["spec"].kind != "term"
    ]
    if not found:
        return
    renderer = PageRenderer(app.builder, docname, KnowledgeBase(app.env).catalog)
    for node in found:
        if node["spec"].layout == "cards":
            node.replace_self(article_cards(node["spec"], renderer))
        elif app.builder.format == "html":
            node.replace_self(nodes.raw("", render_listing(node["spec"], renderer), format="html"))
        else:
            node.parent.remove(node)


def setup_listings(app: Sphinx) -> None:
    app.add_node(kbnodes.article_list)
    app.add_node(kbnodes.tag_index)
    app.add_directive("kb-articles", ArticlesDirective)
    app.add_directive("kb-tags", TagsDirective)
    app.add_directive("kb-authors", AuthorsDirective)
    app.add_directive("kb-categories", CategoriesDirective)
    app.connect("doctree-read", record_listings)
    app.connect("doctree-resolved", resolve_listings)
