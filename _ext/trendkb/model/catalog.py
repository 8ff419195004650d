"""The knowledge base's records and the derived catalog (orderings, tag index).

Plain data, built by pure functions: the domain stores the per-document records,
and the catalog is derived from them once per build, after all documents are read.
"""

from __future__ import annotations

import dataclasses
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
    topics_line: int = 1

    @property
    def listed(self) -> bool:
        """Articles need a valid title and date to be placed in listings."""
        return bool(self.title) and self.date is not None

    @property
    def tag_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(tag_key(tag) for tag in self.tags if tag_key(tag)))

    @property
    def author_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(tag_key(name) for name in self.authors if tag_key(name)))

    @classmethod
    def from_front_matter(
        cls, docname: str, data: Mapping, lines: Mapping[str, int] | None = None
    ) -> Article:
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
            topics=tuple(dict.fromkeys(data.get("topics", ()))),
            topics_line=(lines or {}).get("topics", 1),
        )


@dataclass(frozen=True)
class Tag:
    """A named group of articles: a tag, or an author."""

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
    #: Authors by key (folded like tags), sorted by display name.
    authors: Mapping[str, Tag] = field(default_factory=dict)
    #: docname -> (newer docname or None, older docname or None)
    neighbours: Mapping[str, tuple[str | None, str | None]] = field(default_factory=dict)
    #: Topics by slug, sorted by title.
    topics: Mapping[str, Topic] = field(default_factory=dict)
    #: slug -> related topic slugs, both directions, sorted by title.
    related_topics: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: slug -> (docname, anchor, section title) of each article discussing it, newest first.
    topic_articles: Mapping[str, tuple[tuple[str, str | None, str | None], ...]] = field(default_factory=dict)
    #: docname -> slugs of the (known) topics the article discusses.
    article_topics: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: docname -> related articles, most shared topics and tags first.
    related_articles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def tag_names(self, article: Article) -> list[str]:
        """How the article's tags are shown (their most used spelling), in its order."""
        return [self.tags[key].display for key in article.tag_keys if key in self.tags]

    def topic_at(self, docname: str) -> Topic | None:
        """The topic whose page ``docname`` is, if it is one."""
        return next((topic for topic in self.topics.values() if topic.docname == docname), None)


def structure(articles: Mapping[str, Article], topics: Mapping, mentions: Mapping) -> tuple:
    """Everything the catalog's orderings and relations are derived from.

    Reading time is left out: it changes with every body edit and no ordering or
    relation depends on it, so a body edit keeps the catalog.
    """
    return (
        tuple(sorted((d, dataclasses.replace(a, reading_minutes=0)) for d, a in articles.items())),
        tuple(sorted(topics.items())),
        tuple(sorted(mentions.items())),
    )


def refresh(catalog: Catalog, articles: Mapping[str, Article]) -> Catalog:
    """The same catalog, holding the current article records (reading times)."""
    return dataclasses.replace(catalog, articles=dict(articles))


def newest_first(article: Article) -> tuple:
    return (-article.date.toordinal(), article.title.casefold(), article.docname)


RELATED_ARTICLES = 5


def build_catalog(
    articles: Mapping[str, Article],
    topics: Mapping[str, Topic] | None = None,
    mentions: Mapping[str, tuple[Mention, ...]] | None = None,
) -> Catalog:
    listed = sorted((a for a in articles.values() if a.listed), key=newest_first)
    order = tuple(a.docname for a in listed)

    tags = _index(listed, lambda article: article.tags)
    authors = _index(listed, lambda article: article.authors)
    neighbours = {
        docname: (
            order[index - 1] if index > 0 else None,
            order[index + 1] if index + 1 < len(order) else None,
        )
        for index, docname in enumerate(order)
    }
    topic_map = {
        t.slug: t for t in sorted((topics or {}).values(), key=lambda t: ((t.title or "").casefold(), t.slug))
    }
    related_topics = _related_topics(topic_map)
    article_topics, topic_articles = _discussions(order, articles, topic_map, mentions or {})
    related_articles = _related_articles(order, articles, article_topics)
    return Catalog(
        dict(articles),
        order,
        tags,
        authors,
        neighbours,
        topic_map,
        related_topics,
        topic_articles,
        article_topics,
        related_articles,
    )


def _index(listed: list[Article], names_of) -> dict[str, Tag]:
    """Names (tags or authors) folded to keys, each with its articles, newest first."""
    spellings: dict[str, Counter[str]] = {}
    members: dict[str, list[str]] = {}
    for article in listed:
        for name in names_of(article):
            key = tag_key(name)
            if key:
                spellings.setdefault(key, Counter())[name] += 1
                docnames = members.setdefault(key, [])
                if not docnames or docnames[-1] != article.docname:  # one article, once
                    docnames.append(article.docname)
    slugs = assign_slugs(members)
    return {
        key: Tag(key, display_name(spellings[key]), slugs[key], tuple(members[key]))
        for key in sorted(members, key=lambda k: (display_name(spellings[k]).casefold(), k))
    }


def _related_topics(topics: Mapping[str, Topic]) -> dict[str, tuple[str, ...]]:
    """Relations named on either side, shown on both pages."""
    related: dict[str, set[str]] = {slug: set() for slug in topics}
    for slug, topic in topics.items():
        for other in topic.related:
            if other in topics and other != slug:
                related[slug].add(other)
                related[other].add(slug)
    rank = {slug: index for index, slug in enumerate(topics)}
    return {slug: tuple(sorted(others, key=rank.__getitem__)) for slug, others in related.items()}


def _discussions(order, articles, topics, mentions):
    """Which topics each listed article discusses, and the reverse, newest first."""
    article_topics: dict[str, tuple[str, ...]] = {}
    topic_articles: dict[str, list] = {slug: [] for slug in topics}
    rank = {slug: index for index, slug in enumerate(topics)}
    for docname in order:
        places: dict[str, tuple[str | None, str | None]] = {}
        for mention in mentions.get(docname, ()):
            if mention.slug in topics and (mention.slug not in places or places[mention.slug][0] is None):
                places[mention.slug] = (mention.anchor, mention.section)
        for slug in articles[docname].topics:
            if slug in topics:
                places.setdefault(slug, (None, None))
        article_topics[docname] = tuple(sorted(places, key=rank.__getitem__))
        for slug, (anchor, section) in places.items():
            topic_articles[slug].append((docname, anchor, section))
    return article_topics, {slug: tuple(entries) for slug, entries in topic_articles.items()}


def _related_articles(order, articles, article_topics) -> dict[str, tuple[str, ...]]:
    """Rank other articles by shared topics (weight 2) and shared tags (weight 1).

    An inverted index keeps this proportional to the articles that share something,
    not to the square of all articles; the counting and ranking run in C (Counter,
    heapq), which matters at thousands of articles.
    """
    rank = {docname: index for index, docname in enumerate(order)}
    by_feature: dict[tuple[str, str], list[str]] = {}
    features = {}
    for docname in order:
        own = [("topic", slug) for slug in article_topics[docname]]
        own += [("tag", key) for key in articles[docname].tag_keys]
        features[docname] = own
        for feature in own:
            by_feature.setdefault(feature, []).append(docname)
    related = {}
    for docname in order:
        groups = [by_feature[feature] for feature in features[docname]]
        # Seeded newest first, so equal scores keep that order through the stable ranking.
        candidates = sorted({other for group in groups for other in group}, key=rank.__getitem__)
        scores = Counter(dict.fromkeys(candidates, 0))
        for (kind, _), group in zip(features[docname], groups, strict=True):
            scores.update(group)
            if kind == "topic":
                scores.update(group)
        del scores[docname]
        related[docname] = tuple(other for other, _ in scores.most_common(RELATED_ARTICLES))
    return related


@dataclass(frozen=True)
class Topic:
    """A trend topic page: ``docs/topics/<slug>.md``."""

    docname: str
    slug: str
    title: str | None = None
    summary: str = ""
    status: str | None = None
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    related_line: int = 1

    @classmethod
    def from_front_matter(cls, docname: str, data: Mapping, lines: Mapping[str, int]) -> Topic:
        return cls(
            docname=docname,
            slug=docname.rsplit("/", 1)[-1],
            title=" ".join(data["title"].split()) if data.get("title") else None,
            summary=" ".join(data.get("summary", "").split()),
            status=data.get("status"),
            tags=tuple(tag.strip() for tag in data.get("tags", ())),
            related=tuple(dict.fromkeys(data.get("related", ()))),
            related_line=lines.get("related", 1),
        )


@dataclass(frozen=True)
class Mention:
    """An article's reference to a topic, with the section it is made in."""

    slug: str
    anchor: str | None = None
    section: str | None = None
