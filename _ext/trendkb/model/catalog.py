"""The knowledge base's records and the derived catalog (orderings, tag index).

Plain data, built by pure functions: the domain stores the per-document records,
and the catalog is derived from them once per build, after all documents are read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..reading import dates
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
    #: The publication instant, in the site's time zone (``date`` is its day there).
    published: dt.datetime | None = None
    updated: dt.datetime | None = None
    #: A path below the source folder, or an http(s) URL (see ``model/media.py``).
    image: str = ""
    image_line: int = 1
    #: "published", "draft" or "scheduled" (see ``model/publishing.py``).
    state: str = "published"
    slug: str = ""
    permalink: str = ""
    #: Old paths of the article (``aliases``, ``redirect_from``, ``permalink``) and their lines.
    redirects: tuple[tuple[str, int], ...] = ()
    #: Unknown front-matter keys kept with ``kb_unknown_fields = "keep"``.
    custom: tuple[tuple[str, object], ...] = ()
    #: Categories, when they are a taxonomy of their own (``kb_categories = "taxonomy"``).
    categories: tuple[str, ...] = ()
    #: Its language, and the key its translations share (its path without the language part).
    language: str = "en"
    translation_key: str = ""
    #: Its authors as their authors files describe them (``reading/origin.Author``), in order.
    profiles: tuple = ()
    #: The engine its file was written for (``reading/engines.py``).
    engine: str = "kb"
    #: The tags and authors folded (``taxonomy.tag_key``), once per record: listings,
    #: feeds and pages read them per article, so recomputing them made long tag lists cubic.
    tag_keys: tuple[str, ...] = field(init=False, repr=False, compare=False)
    author_keys: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Also after dataclasses.replace(), which calls __init__ again.
        object.__setattr__(self, "tag_keys", _folded(self.tags))
        object.__setattr__(self, "author_keys", _folded(self.authors))

    @property
    def listed(self) -> bool:
        """Articles need a valid title and date to be placed in listings, and not be unlisted."""
        return bool(self.title) and self.date is not None and self.state != "unlisted"

    @classmethod
    def from_front_matter(
        cls,
        docname: str,
        data: Mapping,
        lines: Mapping[str, int] | None = None,
        zone: dt.tzinfo = dt.UTC,
        items: Mapping[tuple[str, int], int] | None = None,
    ) -> Article:
        published = _instant(data.get("date"), zone)
        updated = _instant(data.get("updated"), zone)
        date = published.date() if published else None
        lines = lines or {}
        redirects = tuple(
            (path, (items or {}).get((name, index), lines.get(name, 1)))
            for name in ("aliases", "redirect_from", "permalink")
            for index, path in enumerate(_keys(data.get(name)))
        )
        author = data.get("author", ())
        authors = (author,) if isinstance(author, str) else tuple(author)
        return cls(
            docname=docname,
            title=" ".join(data["title"].split()) if data.get("title") else None,
            date=date,
            excerpt=" ".join(data.get("excerpt", "").split()),
            tags=tuple(tag.strip() for tag in data.get("tags", ())),
            categories=tuple(name.strip() for name in data.get("categories", ())),
            authors=tuple(name.strip() for name in authors),
            featured=bool(data.get("featured", False)),
            topics=tuple(dict.fromkeys(data.get("topics", ()))),
            topics_line=lines.get("topics", 1),
            published=published,
            updated=updated,
            image=data.get("image", ""),
            image_line=lines.get("image", 1),
            slug=data.get("slug", ""),
            permalink=data.get("permalink", ""),
            redirects=redirects,
        )


def _folded(names: tuple[str, ...]) -> tuple[str, ...]:
    """Distinct non-empty keys of ``names``, in their order."""
    return tuple(dict.fromkeys(key for key in map(tag_key, names) if key))


def _instant(value: object, zone: dt.tzinfo) -> dt.datetime | None:
    """A validated date text as an instant in the site's zone (see ``reading/dates.py``)."""
    if not isinstance(value, str):
        return None
    return dates.parse(value, zone).astimezone(zone)


@dataclass(frozen=True)
class Tag:
    """A named group of articles: a tag, or an author."""

    key: str
    display: str
    slug: str
    docnames: tuple[str, ...]  # newest first
    #: Slugs of the topics carrying the tag, by title (tags only; a tag may have topics only).
    topics: tuple[str, ...] = ()


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
    #: Categories by key (``kb_categories = "taxonomy"``), sorted by display name.
    categories: Mapping[str, Tag] = field(default_factory=dict)
    #: docname of an article in several languages -> every version (itself too), by language.
    translations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: docname of a translation -> the original it translates (listed in its place).
    original_of: Mapping[str, str] = field(default_factory=dict)
    #: folded author name -> the richest profile any article gives (name, bio, link, picture).
    profiles: Mapping[str, object] = field(default_factory=dict)

    def tag_names(self, article: Article, limit: int | None = None) -> list[str]:
        """How the article's tags are shown (their most used spelling), in its order."""
        keys = article.tag_keys if limit is None else article.tag_keys[:limit]
        return [self.tags[key].display for key in keys if key in self.tags]

    @functools.cached_property
    def _by_slug(self) -> dict[tuple[str, str], Tag]:
        # Built on first use: pages and feeds look tags up by slug once each.
        found = {("tag", t.slug): t for t in self.tags.values()}
        found.update({("author", a.slug): a for a in self.authors.values()})
        found.update({("category", c.slug): c for c in self.categories.values()})
        return found

    def with_slug(self, kind: str, slug: str) -> Tag | None:
        """The tag (``kind="tag"``) or author (``"author"``) whose page is at ``slug``."""
        return self._by_slug.get((kind, slug))

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
    # The full instant: two posts of one day are in the order they were published.
    return (-article.published.timestamp(), article.title.casefold(), article.docname)


RELATED_ARTICLES = 5


def _translations(listed: list[Article], language: str) -> tuple[dict, dict]:
    """Articles sharing a translation key are one article: the version in the site's language
    (else the one without a language in its path, else the oldest) is listed for all."""
    groups: dict[str, list[Article]] = {}
    for article in listed:
        groups.setdefault(article.translation_key or article.docname, []).append(article)
    translations, original_of = {}, {}
    for key, members in groups.items():
        if len(members) < 2 or len({m.language for m in members}) < 2:
            continue
        original = min(
            members,
            key=lambda m: (
                m.language != language,
                m.docname != key.replace("*/", ""),
                m.published,
                m.docname,
            ),
        )
        versions = sorted(members, key=lambda m: (m is not original, m.language, m.docname))
        translations[original.docname] = tuple(m.docname for m in versions)
        original_of.update((m.docname, original.docname) for m in members if m is not original)
    return translations, original_of


def _richness(profile) -> int:
    return sum(bool(getattr(profile, name)) for name in ("bio", "url", "avatar"))


def _profiles(listed: list[Article]) -> dict:
    found: dict[str, object] = {}
    for article in listed:
        for profile in article.profiles:
            key = tag_key(profile.name)
            known = found.get(key)
            richness = sum(bool(getattr(profile, f)) for f in ("bio", "url", "avatar"))
            if key and (
                known is None or richness > sum(bool(getattr(known, f)) for f in ("bio", "url", "avatar"))
            ):
                found[key] = profile
    return found


def build_catalog(
    articles: Mapping[str, Article],
    topics: Mapping[str, Topic] | None = None,
    mentions: Mapping[str, tuple[Mention, ...]] | None = None,
    language: str = "en",
) -> Catalog:
    every = sorted((a for a in articles.values() if a.listed), key=newest_first)
    translations, original_of = _translations(every, language)
    # A translation is its original's other language: one entry in every listing, tag and feed.
    listed = [a for a in every if a.docname not in original_of]
    order = tuple(a.docname for a in listed)

    authors = _index(listed, lambda article: article.authors)
    neighbours = {
        docname: (
            order[index - 1] if index > 0 else None,
            order[index + 1] if index + 1 < len(order) else None,
        )
        for index, docname in enumerate(order)
    }
    # A topic without a valid title (its file got a warning) is no topic: its page is
    # built, but no map, grid, list, link or JSON-LD shows it.
    topic_map = {t.slug: t for t in sorted((t for t in (topics or {}).values() if t.title), key=_by_title)}
    tags = _index(listed, lambda article: article.tags, topic_map)
    categories = _index(listed, lambda article: article.categories)
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
        categories,
        translations,
        original_of,
        _profiles(every),
    )


def _by_title(topic: Topic) -> tuple[str, str]:
    return (topic.title.casefold(), topic.slug)


def _index(listed: list[Article], names_of, topics: Mapping[str, Topic] | None = None) -> dict[str, Tag]:
    """Names (tags or authors) folded to keys, each with its articles, newest first.

    With ``topics``, the topics' tags are tags too: a tag only topics carry gets its page,
    spelled as its topics spell it (articles' spellings win where they use the tag).
    """
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
    carriers: dict[str, list[str]] = {}
    topic_spellings: dict[str, Counter[str]] = {}
    for slug, topic in (topics or {}).items():  # by title
        for name in topic.tags:
            key = tag_key(name)
            if key and slug not in carriers.setdefault(key, []):
                carriers[key].append(slug)
                topic_spellings.setdefault(key, Counter())[name] += 1
    for key, counts in topic_spellings.items():
        spellings.setdefault(key, counts)
        members.setdefault(key, [])
    slugs = assign_slugs(members)
    return {
        key: Tag(
            key, display_name(spellings[key]), slugs[key], tuple(members[key]), tuple(carriers.get(key, ()))
        )
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


LIFECYCLE_FIELDS = ("status", "status_history", "area", "last_reviewed", "as_of")


#: A front-matter slug that names no topic page (pages/topics.py and the check CLI).
UNKNOWN_TOPIC = "field '%s': unknown topic %r: expected the slug of a page in docs/topics/"


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
    #: ``draft: true`` (or any unclear publication flag): built only in preview builds.
    draft: bool = False
    #: (date text: YYYY, YYYY-MM or YYYY-MM-DD; status), oldest first, as the front matter gives it.
    status_history: tuple[tuple[str, str], ...] = ()
    #: Whether ``status`` was given in the front matter (else it is the history's last status).
    status_given: bool = False
    area: str | None = None
    last_reviewed: dt.date | None = None
    #: The date the page's content reflects (YYYY-MM or YYYY-MM-DD), if given.
    as_of: str | None = None
    #: The evidence of each ``status_history`` entry, in its order: (note, bibliography keys).
    evidence: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: The line of each ``status_history`` entry, for warnings about its evidence.
    history_lines: tuple[int, ...] = ()
    #: Old paths of the page (``aliases``) and their lines, as articles have them.
    redirects: tuple[tuple[str, int], ...] = ()
    #: Lines of the lifecycle fields, for warnings (``model/trends.py``).
    lines: tuple[tuple[str, int], ...] = ()

    @classmethod
    def from_front_matter(
        cls,
        docname: str,
        data: Mapping,
        lines: Mapping[str, int],
        items: Mapping[tuple[str, int], int] | None = None,
    ) -> Topic:
        entries = data.get("status_history", ())
        history = tuple((entry["date"], entry["status"]) for entry in entries)
        evidence = tuple((" ".join(e.get("note", "").split()), _keys(e.get("cite"))) for e in entries)
        reviewed = data.get("last_reviewed")
        aliases = data.get("aliases", ())
        return cls(
            docname=docname,
            slug=docname.rsplit("/", 1)[-1],
            title=" ".join(data["title"].split()) if data.get("title") else None,
            summary=" ".join(data.get("summary", "").split()),
            status=data.get("status") or (history[-1][1] if history else None),
            tags=tuple(tag.strip() for tag in data.get("tags", ())),
            related=tuple(dict.fromkeys(data.get("related", ()))),
            related_line=lines.get("related", 1),
            draft=data.get("draft") is True,
            status_history=history,
            status_given="status" in data,
            area=data.get("area"),
            last_reviewed=dt.date.fromisoformat(reviewed) if reviewed else None,
            as_of=data.get("as_of"),
            evidence=evidence if any(note or keys for note, keys in evidence) else (),
            history_lines=tuple(
                (items or {}).get(("status_history", index), lines.get("status_history", 1))
                for index in range(len(entries))
            ),
            redirects=tuple(
                (path, (items or {}).get(("aliases", index), lines.get("aliases", 1)))
                for index, path in enumerate(_keys(aliases))
            ),
            lines=tuple((name, lines[name]) for name in LIFECYCLE_FIELDS if name in lines),
        )

    def line_of(self, name: str) -> int:
        return dict(self.lines).get(name, 1)


def _keys(value: object) -> tuple[str, ...]:
    """A front-matter value that is one text or a list of texts, as a tuple."""
    if isinstance(value, str):
        return (value,)
    return tuple(v for v in value or () if isinstance(v, str))


@dataclass(frozen=True)
class Mention:
    """An article's reference to a topic, with the section it is made in."""

    slug: str
    anchor: str | None = None
    section: str | None = None
