"""HTML from data: autoescaping Jinja templates and builder-made links.

Front matter is untrusted, so every value reaches HTML through an autoescaping
template; links come from the builder so ``dirhtml`` and friends work.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import jinja2
from babel.dates import format_date
from sphinx.builders import Builder
from sphinx.errors import NoUri

from ..config import PAGE_BUILDERS, kb_config
from ..model import media
from ..model.catalog import Article, Catalog, Tag
from ..model.taxonomy import tag_key
from ..reading import dates
from .linkpolicy import relative

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def _jinja() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context) -> str:
    return _jinja().get_template(template).render(**context).strip()


def link(builder: Builder, fromdocname: str, target: str) -> str | None:
    """A relative link from one page to another, or None where the builder has none."""
    if builder.name == "singlehtml" and target not in single_page_docs(builder.env):
        return None  # articles (orphans) and generated pages are not in the single page
    try:
        return relative(builder.get_relative_uri(fromdocname, target))
    except NoUri:
        return None


def at_anchor(url: str, anchor: str) -> str:
    """``url`` pointing at ``anchor`` on its page: a fragment of its own is replaced
    (singlehtml links to a page as ``#document-...``; the anchor is on the one page too)."""
    return f"{url.split('#', 1)[0]}#{anchor}"


def single_page_docs(env) -> set[str]:
    """The documents singlehtml puts on its one page: the root and its toctrees, recursively."""
    found, todo = set(), [env.config.root_doc]
    while todo:
        docname = todo.pop()
        if docname not in found:
            found.add(docname)
            todo.extend(env.toctree_includes.get(docname, ()))
    return found


def toctree_docs(env) -> set[str]:
    """Every document a toctree holds or lists, and the root: what navigation can show."""
    found = {env.config.root_doc, *env.toctree_includes}
    for children in env.toctree_includes.values():
        found.update(children)
    return found


def readable_date(builder: Builder, date: dt.date) -> str:
    config = builder.config
    return _format_date(date, kb_config(config).date_format, config.language or "en")


@functools.lru_cache(maxsize=4096)
def _format_date(date: dt.date, pattern: str, locale: str) -> str:
    # Babel is slow per call, and listings show the same dates on many pages.
    return format_date(date, format=pattern, locale=locale)


def timestamp(article: Article) -> str:
    """The full instant with its offset, for ``<time datetime>``."""
    return dates.timestamp(article.published) if article.published else article.date.isoformat()


class PageRenderer:
    """Renders knowledge-base fragments for one page of one builder."""

    def __init__(self, builder: Builder, pagename: str, catalog: Catalog) -> None:
        self.builder = builder
        self.pagename = pagename
        self.catalog = catalog
        self.config = kb_config(builder.config)

    def link(self, target: str) -> str | None:
        return link(self.builder, self.pagename, target)

    def tag(self, tag: Tag, page=None) -> dict:
        """A tag (or, with ``page=config.author_page``, an author) and its page's link."""
        page = page or self.config.tag_page
        return {
            "name": tag.display,
            "slug": tag.slug,
            "url": self.link(page(tag.slug)),
            "count": len(tag.docnames),
        }

    def author(self, author: Tag) -> dict:
        return self.tag(author, self.config.author_page)

    def category(self, category: Tag) -> dict:
        return self.tag(category, self.config.category_page)

    def authors_of(self, article: Article) -> list[dict]:
        """Each author with a link to their page; names that fold to nothing stay plain."""
        entries = []
        for name in article.authors:
            author = self.catalog.authors.get(tag_key(name))
            entries.append(self.author(author) | {"name": name} if author else {"name": name, "url": None})
        return entries

    def tags_of(self, article: Article) -> list[dict]:
        tags = (self.catalog.tags.get(key) for key in article.tag_keys)
        return [self.tag(tag) for tag in tags if tag is not None]

    def article(self, article: Article) -> dict:
        return {
            "title": article.title,
            "url": self.link(article.docname),
            "iso": timestamp(article),
            "image": self.image(article),
            "date": readable_date(self.builder, article.date),
            "excerpt": article.excerpt,
            "authors": article.authors,
            "minutes": article.reading_minutes,
            "tags": self.tags_of(article),
        }

    def image(self, article: Article) -> str | None:
        """The article's picture from this page, where the builder has the copied file."""
        if not article.image or (
            self.builder.name not in PAGE_BUILDERS and not media.is_remote(article.image)
        ):
            return None
        return media.page_url(article.image, self.builder.get_target_uri(self.pagename))

    def articles(self, docnames) -> list[dict]:
        return [self.article(self.catalog.articles[docname]) for docname in docnames]
