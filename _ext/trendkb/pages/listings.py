"""Listing directives (``kb-articles``, ``kb-tags``) and their late resolution.

A directive only records what to list; the list is filled at ``doctree-resolved``,
once every article has been read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
from .pagination import Pages, neighbour_links, page_size, pager_html, pages, paginated
from .render import PageRenderer, render


@dataclass(frozen=True)
class ListingSpec:
    kind: str = "articles"  # "articles", "tags", "authors", "categories" or "topics"
    tag: str | None = None  # a tag key
    author: str | None = None  # an author key
    category: str | None = None  # a category key (kb_categories = "taxonomy")
    featured: bool = False
    skip_featured: bool = False  # leave out the featured articles (a "Featured" list shows them)
    limit: int | None = None
    offset: int = 0  # the entries before it are on an earlier page (pagination.py)
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
    elif spec.skip_featured:
        docnames = tuple(d for d in docnames if not catalog.articles[d].featured)
    end = spec.offset + spec.limit if spec.limit else None
    return tuple(docnames[spec.offset : end])


def digest_input(spec: ListingSpec, catalog: Catalog, size: int = 0) -> tuple:
    """Everything a listing's HTML depends on, for change detection.

    ``size``: the page size a paginated listing is cut to (its first page is digested).
    """
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
        listing = digest_input(term_listing(spec, term), catalog, size)
        return (term.display, term.slug, len(term.docnames), listing)
    shown = select(spec, catalog)
    first_page = ()
    if size and not spec.limit and len(shown) > size:
        first_page, shown = (len(shown),), shown[:size]  # the pager shows the count of pages
    return first_page + tuple(
        (a.docname, a.title, a.published, a.excerpt, a.authors, a.image)
        for a in (catalog.articles[d] for d in shown)
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


def sliced(spec: ListingSpec, at: Pages) -> ListingSpec:
    """The listing showing only this page's entries (``offset``/``limit`` of the full list)."""
    return replace(spec, offset=at.start, limit=at.stop - at.start) if at.size else spec


def first_page(renderer: PageRenderer, spec: ListingSpec, index: int = 0) -> tuple[Markup, dict]:
    """A list on its own page: its newest entries and the pager; the rel links for the head."""
    size = page_size(renderer.builder)
    if not (size and paginated(spec)):
        return render_listing(spec, renderer), {}
    at = pages(len(select(spec, renderer.catalog)), size)
    owner = renderer.pagename
    html = render_listing(sliced(spec, at), renderer)
    pager = pager_html(renderer, owner, index, at, "Pages of this list")
    return Markup(html + pager), neighbour_links(renderer, owner, index, at)


def first_cards(renderer: PageRenderer, spec: ListingSpec, index: int = 0) -> tuple[nodes.Element, dict]:
    """A card listing on its own page: the newest cards and the pager; the head's rel links."""
    size = page_size(renderer.builder)
    if not (size and paginated(spec)):
        return article_cards(spec, renderer), {}
    at = pages(len(select(spec, renderer.catalog)), size)
    owner = renderer.pagename
    grid = article_cards(sliced(spec, at), renderer)
    pager = pager_html(renderer, owner, index, at, "Pages of this list")
    if not pager:
        return grid, {}
    container = nodes.container("", grid, nodes.raw("", pager, format="html"), classes=["kb-paged"])
    return container, neighbour_links(renderer, owner, index, at)


class ArticlesDirective(SphinxDirective):
    """``kb-articles``: list articles, optionally by tag, author, featured only, or by year."""

    has_content = False
    option_spec = {
        "tag": directives.unchanged_required,
        "author": directives.unchanged_required,
        "featured": directives.flag,
        "skip-featured": directives.flag,
        "limit": directives.positive_int,
        "group": lambda arg: directives.choice(arg, ("year",)),
        "layout": lambda arg: directives.choice(arg, ("list", "cards")),
    }

    def run(self) -> list[nodes.Node]:
        spec = ListingSpec(
            tag=tag_key(self.options["tag"]) if "tag" in self.options else None,
            author=tag_key(self.options["author"]) if "author" in self.options else None,
            featured="featured" in self.options,
            skip_featured="skip-featured" in self.options,
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
    found = list(doctree.findall(_is_listing))
    # The paginated lists of a page are numbered: each has its own continuation pages.
    for index, node in enumerate(node for node in found if paginated(node["spec"])):
        node["kb_index"] = index
    if found:
        KnowledgeBase(app.env).listings[app.env.docname] = tuple(node["spec"] for node in found)


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
        index = node.get("kb_index", 0)
        if node["spec"].layout == "cards":
            cards, links = first_cards(renderer, node["spec"], index)
            node.replace_self(cards)
        elif app.builder.format == "html":
            html, links = first_page(renderer, node["spec"], index)
            node.replace_self(nodes.raw("", html, format="html"))
        else:
            node.parent.remove(node)
            continue
        if links and index == 0:
            doctree["kb_pager"] = links  # the head's rel="prev"/"next" (pagination.py)


def setup_listings(app: Sphinx) -> None:
    app.add_node(kbnodes.article_list)
    app.add_node(kbnodes.tag_index)
    app.add_directive("kb-articles", ArticlesDirective)
    app.add_directive("kb-tags", TagsDirective)
    app.add_directive("kb-authors", AuthorsDirective)
    app.add_directive("kb-categories", CategoriesDirective)
    app.connect("doctree-read", record_listings)
    app.connect("doctree-resolved", resolve_listings)
