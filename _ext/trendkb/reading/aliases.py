"""Front matter from other blog engines, mapped onto the knowledge base's own fields.

Pure functions: no Sphinx here. A ``Normalizer`` runs on the loaded YAML before the
schema sees it: aliases become their field (``description`` -> ``excerpt``), the shapes
other engines use are reduced to ours (Hugo's ``cover: {image: ...}``, Docusaurus'
author mappings), ``categories`` join the tags, a date missing from the front matter (or
in no known shape) is taken from the file name, and unknown keys are warned about, kept
or dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import dates, engines, headings, publication, shapes, typos, urlpaths
from .frontmatter import Problem, describe, load_schema
from .origin import Author, Origin

#: alias -> field. Settings (``kb_field_aliases``) are merged over these.
DEFAULT_ALIASES: dict[str, str] = {
    "description": "excerpt",
    "summary": "excerpt",
    "authors": "author",
    "categories": "tags",
    "category": "tags",
    "series": "tags",
    "lastmod": "updated",
    "last_modified": "updated",
    "images": "image",
    "cover": "image",
    "publishDate": "date",
    "pubDate": "date",
    "published": "date",  # Astro: a date; a boolean "published" is a flag (reading/publication.py)
    "lang": "language",
    "locale": "language",
    "translationKey": "translation_key",
}

UNKNOWN_POLICIES = ("warn", "keep", "ignore")
_CATEGORY_KEYS = ("categories", "category")
#: Fields that hold old URL paths of the article.
PATH_FIELDS = ("aliases", "redirect_from", "permalink")


#: The singular a taxonomy key may be written in (Jekyll's ``category:``).
_SINGULAR = {"categories": "category", "tags": "tag"}


def is_taxonomy(key: str, engine: engines.Engine) -> bool:
    """Whether an engine reads ``key`` as one of its taxonomies (its plural or singular)."""
    return key in engine.taxonomies or key in {_SINGULAR.get(t) for t in engine.taxonomies}


def aliases_from(setting: Mapping[str, str | None] | None) -> dict[str, str]:
    """The defaults with the site's own aliases over them; an alias mapped to None is dropped."""
    merged: dict[str, str | None] = {**DEFAULT_ALIASES, **(setting or {})}
    return {alias: target for alias, target in merged.items() if target}


@dataclass
class Normalizer:
    """Rewrites one file's front matter to the schema's fields; collects what it kept aside."""

    schema: str = "article"
    aliases: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_ALIASES))
    unknown: str = "warn"
    #: The date in the file or folder name, used when the front matter has none.
    name_date: str | None = None
    #: Where the file sits: its engine, the dates, title and language of its path, the authors
    #: and folder defaults around it (``reading/origin.py``).
    origin: Origin | None = None
    #: The whole source text: its first level-1 heading is the title some engines fall back to.
    text: str | None = None
    #: "tags": categories join the tags; "taxonomy": they are a taxonomy of their own.
    categories: str = "tags"
    #: Unknown keys kept with ``unknown="keep"``, in their order.
    custom: dict[str, Any] = field(default_factory=dict)
    #: The aliases the site itself adds (``kb_field_aliases``): its own keys, never a typo's hint.
    site_aliases: frozenset[str] = frozenset()
    #: The authors of the article as their authors file describes them (name, bio, link, picture).
    profiles: list[Author] = field(default_factory=list)

    @classmethod
    def for_document(
        cls, config, docname: str, kind: str, origin: Origin | None = None, text: str | None = None
    ) -> Normalizer:
        """The preparation step for one file, from the site's ``KBConfig`` (build and check CLI)."""
        origin = origin or Origin(
            docname, kind, name_date=dates.date_from_name(docname) if kind == "article" else None
        )
        engine_fields = {k: v for k, v in origin.engine.fields.items() if k != v}
        # An engine whose keys are its own (Pelican) reads no other engine's names; the site's
        # own aliases (kb_field_aliases) come last, and one mapped to None drops a default.
        common = {} if origin.engine.any_case else DEFAULT_ALIASES
        if origin.engine is not engines.NATIVE:
            # Another engine's posts: only its own taxonomies are tags (Docusaurus ignores
            # ``categories``, so they are not tags there), as the engine table says.
            common = {a: t for a, t in common.items() if t != "tags" or is_taxonomy(a, origin.engine)}
        merged = {**common, **engine_fields, **(config.field_aliases or {})}
        return cls(
            schema=kind,
            aliases={alias: target for alias, target in merged.items() if target},
            site_aliases=frozenset(config.field_aliases or ()) - set(DEFAULT_ALIASES),
            unknown=config.unknown_fields,
            name_date=origin.name_date or origin.folder_date or origin.path_date,
            origin=origin,
            text=text,
            categories=getattr(config, "categories", "tags"),
        )

    def __call__(
        self, data: dict, lines: dict[tuple, int], block_lines: int = 0
    ) -> tuple[dict, dict[tuple, int], list[Problem]]:
        properties = load_schema(self.schema).get("properties", {})
        data = {str(key): value for key, value in data.items()}
        lines = dict(lines)
        problems: list[Problem] = []
        origin = self.origin or Origin("", self.schema)
        if self.schema == "article":
            engine = origin.engine
            if engine.any_case:
                shapes.fold_case(data, lines, engine)
            if engine.key != "kb":
                # Other engines read an empty value ("tags:") as nothing given.
                for key in [k for k, v in data.items() if v is None and k != "title"]:
                    data.pop(key)
                    lines.pop((key,), None)
            shapes.inherit(data, lines, origin.defaults)
            shapes.site_defaults(data, lines, origin)
            for key, value in shapes.set_aside(data, lines, engine, origin).items():
                if self.unknown == "keep":
                    self.custom[key] = value
            problems += publication.decide(data, lines).problems
            if origin.in_draft_folder:
                data["draft"] = True
                lines.setdefault(("draft",), 1)
            problems += shapes.engine_shapes(data, lines, engine, origin)
            # Categories join the tags (a field of their own only with kb_categories = "taxonomy").
            aliases = {
                a: t
                for a, t in self.aliases.items()
                if (t in properties and a not in properties)
                or (a in ("categories", "category") and t == "tags")
            }
            if self.categories == "taxonomy":
                aliases = {
                    a: ("categories" if a in ("categories", "category") else t) for a, t in aliases.items()
                }
            problems += self._apply_aliases(data, lines, aliases)
            _reduce_shapes(data, lines)
            self.profiles = shapes.resolve_authors(data, origin)
            problems += _check_paths(data, lines)
            problems += self._title(data, lines, origin, block_lines)
            problems += self._date_or_name_date(data, lines, properties)
            shapes.in_engine_zone(data, origin)
            shapes.language(data, lines, origin)
        else:
            aliases = {}
            problems += publication.decide(data, lines, topic=True).problems  # a topic may be a draft
            problems += _check_paths(data, lines)  # a topic's old paths (``aliases``)
        problems += self._unknown(data, lines, properties, aliases)
        return data, lines, problems

    def _title(self, data: dict, lines: dict[tuple, int], origin: Origin, block_lines: int) -> list[Problem]:
        """No title in the front matter: the engine's fallbacks, in its order (heading, file name);
        none of them, and the article is not published (it could not be listed)."""
        if "title" in data:
            return []  # the schema checks the one given
        for source in origin.engine.title:
            value = None
            if source == engines.HEADING and self.text is not None:
                value = headings.first_title(self.text.split("\n"), max(block_lines, 0))
            if source in (engines.FILE_NAME, engines.FILE_WORDS):
                value = origin.file_title
            if value:
                data["title"] = value
                lines[("title",)] = 1
                return []
        data["draft"] = True
        expected = load_schema("article")["properties"]["title"].get("x-expected", "a title")
        where = "or a '# heading' at the start of the body" if engines.HEADING in origin.engine.title else ""
        return [
            Problem(
                1,
                f"the front matter has no 'title': expected {expected} {where}".rstrip()
                + "; the article is not published until it has one",
            )
        ]

    def _date_or_name_date(self, data: dict, lines: dict[tuple, int], properties: Mapping) -> list[Problem]:
        """The publication date: the front matter's, else the file name's; none readable, not published.

        A date that cannot be read fails closed: the article stays unpublished (``draft``)
        until it is fixed, even when the file name has a date (shown in previews).
        """
        if "date" not in data:
            if self.name_date:
                data["date"] = self.name_date
                lines[("date",)] = 1
                return []
            data["draft"] = True
            expected = properties.get("date", {}).get("x-expected", "a date")
            return [
                Problem(
                    1,
                    f"the front matter has no 'date': expected {expected}, or a file name starting with "
                    "one (2024-03-04-title.md); the article is not published until it has one",
                )
            ]
        value = data["date"]
        if isinstance(value, str) and dates.is_date(value):
            return []
        expected = properties.get("date", {}).get("x-expected", "a date")
        data["draft"] = True
        lines.setdefault(("draft",), lines.get(("date",), 1))
        if self.name_date:
            data["date"] = self.name_date
        else:
            data.pop("date")
        return [
            Problem(
                lines.get(("date",), 1),
                f"field 'date': expected {expected}, got {describe(value)}; the article is not published "
                "until its date can be read",
            )
        ]

    @staticmethod
    def _apply_aliases(data: dict, lines: dict[tuple, int], aliases: Mapping[str, str]) -> list[Problem]:
        problems = []
        for alias, target in aliases.items():
            if alias not in data:
                continue
            value = data.pop(alias)
            line = lines.get((alias,), 1)
            if target == "tags" and isinstance(value, str | list):
                # Categories are tags here; Jekyll also writes them space-separated.
                items = value.split() if isinstance(value, str) and alias == "categories" else value
                items = [items] if isinstance(items, str) else items
                tags = data.get("tags", [])
                if isinstance(tags, list):
                    for index in range(len(items)):
                        lines[("tags", len(tags) + index)] = lines.get((alias, index), line)
                    data["tags"] = [*tags, *items]
                    lines.setdefault(("tags",), line)
                    continue
            if target in data:
                problems.append(
                    Problem(
                        line,
                        f"field '{alias}' and field '{target}' are both given: '{alias}' is another name "
                        f"for '{target}', so it is ignored; expected only one of them",
                    )
                )
                continue
            data[target] = value
            lines[(target,)] = line
            for key in [k for k in lines if len(k) == 2 and k[0] == alias]:
                lines[(target, key[1])] = lines[key]
        return problems

    def _unknown(
        self, data: dict, lines: dict[tuple, int], properties: Mapping, aliases: Mapping[str, str]
    ) -> list[Problem]:
        if self.unknown == "warn":
            return []  # the schema reports them, with a "did you mean"
        problems = []
        for name in [key for key in data if key not in properties]:
            value = data.pop(name)
            # A near miss of a field or of a known alias is a likely typo; of the site's own aliases
            # it is the site's own key (the 11ty website's postAuthor and postAuthors).
            known = [*properties, *(a for a in aliases if a not in self.site_aliases)]
            hint = typos.closest(name, known)
            if self.unknown == "keep":
                self.custom[name] = value
            if hint:
                what = "kept in catalog.json under 'custom'" if self.unknown == "keep" else "ignored"
                problems.append(
                    Problem(
                        lines.get((name,), 1),
                        f"unknown field '{name}' (did you mean '{hint}'?): {what}; "
                        f"expected one of {', '.join(properties)}",
                    )
                )
        return problems


def _first(value: Any, key: str) -> Any:
    """The first item of a list, or ``value[key]`` of a mapping (Hugo's ``cover: {image: x}``)."""
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get(key, value.get("src", value))
    return value


def _reduce_shapes(data: dict, lines: dict[tuple, int]) -> None:
    if "image" in data and data["image"] in ([], {}, ""):
        # Next.js starters write "images: []" for a post without a picture.
        data.pop("image", None)
        lines.pop(("image",), None)
    if "image" in data:
        data["image"] = _first(data["image"], "image")
        if isinstance(data["image"], dict):
            data["image"] = _first(data["image"], "url")
    author = data.get("author")
    if isinstance(author, list):
        # Docusaurus authors are mappings with a name (or keys into its authors.yml).
        data["author"] = [item.get("name", item) if isinstance(item, dict) else item for item in author]
    elif isinstance(author, dict) and "name" in author:
        data["author"] = author["name"]
    for name in ("aliases", "redirect_from"):
        if isinstance(data.get(name), str):
            data[name] = [data[name]]


def old_path(text: str) -> str | None:
    """An old URL path of the article, from the site root, or None if it is not one.

    ``/2020/03/old.html`` and ``posts/old/`` are paths; URLs with a scheme or a host,
    queries, fragments, a climb above the root and names no file system accepts are not
    (``urlpaths.output_file`` is the rule).
    """
    try:
        urlpaths.output_file(text)
    except urlpaths.Refused:
        return None
    return "/" + text.strip().lstrip("/")


def _check_paths(data: dict, lines: dict[tuple, int]) -> list[Problem]:
    problems = []
    for name in PATH_FIELDS:
        value = data.get(name)
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            continue  # the schema reports the type
        kept = []
        for index, item in enumerate(items):
            if not isinstance(item, str):
                kept.append(item)
                continue
            try:
                urlpaths.output_file(item)
            except urlpaths.Refused as refused:
                line = lines.get((name, index), lines.get((name,), 1))
                problems.append(
                    Problem(
                        line,
                        f"field '{name}': expected a path on this site such as /2020/03/old-post.html, "
                        f"got {describe(item[:60])}: {refused.reason}; no redirect is made from it",
                    )
                )
            else:
                kept.append(item)
        if isinstance(value, str):
            if kept:
                data[name] = kept[0]
            else:
                del data[name]
        else:
            data[name] = kept
    return problems
