"""The knowledge base's records and the derived catalog (orderings, tag index).

Plain data, built by pure functions: the domain stores the per-document records,
and the catalog is derived from them once per build, after all documents are read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from .taxonomy import assign_slugs, display_name, tag_key


@dataclass(frozen=True)
class Article:
    """What the knowledge base knows of one article."""

    docname: str
    title: str | None = None
    date: dt.date | None = None
    excerpt: str = ""
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    featured: bool = False
    topics: tuple[str, ...] = ()
    reading_minutes: int = 0

    @property
    def listed(self) -> bool:
        """Articles need a valid title and date to be placed in listings."""
        return bool(self.title) and self.date is not None

    @property
    def tag_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(tag_key(tag) for tag in self.tags if tag_key(tag)))

    @classmethod
    def from_front_matter(cls, docname: str, data: Mapping) -> Article:
        date = None
        if isinstance(data.get("date"), str):
            date = dt.date.fromisoformat(data["date"])
        author = data.get("author", ())
        authors = (author,) if isinstance(author, str) else tuple(author)
        return cls(
            docname=docname,
            title=" ".join(data["title"].split()) if data.get("title") else None,
            date=date,
            excerpt=" ".join(data.get("excerpt", "").split()),
            tags=tuple(tag.strip() for tag in data.get("tags", ())),
            authors=tuple(name.strip() for name in authors),
            featured=bool(data.get("featured", False)),
            topics=tuple(data.get("topics", ())),
        )


@dataclass(frozen=True)
class Tag:
    key: str
    display: str
    slug: str
    docnames: tuple[str, ...]  # newest first


@dataclass(frozen=True)
class Catalog:
    """Everything derived from all articles at once, computed once per build."""

    articles: Mapping[str, Article] = field(default_factory=dict)
    #: Listed articles, newest first.
    order: tuple[str, ...] = ()
    #: Tags by key, sorted by display name.
    tags: Mapping[str, Tag] = field(default_factory=dict)
    #: docname -> (newer docname or None, older docname or None)
    neighbours: Mapping[str, tuple[str | None, str | None]] = field(default_factory=dict)


def newest_first(article: Article) -> tuple:
    return (-article.date.toordinal(), article.title.casefold(), article.docname)


def build_catalog(articles: Mapping[str, Article]) -> Catalog:
    listed = sorted((a for a in articles.values() if a.listed), key=newest_first)
    order = tuple(a.docname for a in listed)

    spellings: dict[str, Counter[str]] = {}
    members: dict[str, list[str]] = {}
    for article in listed:
        for tag in article.tags:
            key = tag_key(tag)
            if key:
                spellings.setdefault(key, Counter())[tag] += 1
        for key in article.tag_keys:
            members.setdefault(key, []).append(article.docname)

    slugs = assign_slugs(members)
    tags = {
        key: Tag(key, display_name(spellings[key]), slugs[key], tuple(members[key]))
        for key in sorted(members, key=lambda k: (display_name(spellings[k]).casefold(), k))
    }
    neighbours = {
        docname: (
            order[index - 1] if index > 0 else None,
            order[index + 1] if index + 1 < len(order) else None,
        )
        for index, docname in enumerate(order)
    }
    return Catalog(dict(articles), order, tags, neighbours)
