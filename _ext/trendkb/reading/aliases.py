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

from . import dates, publication, typos, urlpaths
from .frontmatter import Problem, describe, load_schema

#: alias -> field. Settings (``kb_field_aliases``) are merged over these.
DEFAULT_ALIASES: dict[str, str] = {
    "description": "excerpt",
    "summary": "excerpt",
    "authors": "author",
    "categories": "tags",
    "category": "tags",
    "lastmod": "updated",
    "last_modified": "updated",
    "images": "image",
    "cover": "image",
    "publishDate": "date",
    "pubDate": "date",
}

UNKNOWN_POLICIES = ("warn", "keep", "ignore")
#: Fields that hold old URL paths of the article.
PATH_FIELDS = ("aliases", "redirect_from", "permalink")


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
    #: Unknown keys kept with ``unknown="keep"``, in their order.
    custom: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def for_document(cls, config, docname: str, kind: str) -> Normalizer:
        """The preparation step for one file, from the site's ``KBConfig`` (build and check CLI)."""
        return cls(
            schema=kind,
            aliases=aliases_from(config.field_aliases),
            unknown=config.unknown_fields,
            name_date=dates.date_from_name(docname) if kind == "article" else None,
        )

    def __call__(self, data: dict, lines: dict[tuple, int]) -> tuple[dict, dict[tuple, int], list[Problem]]:
        properties = load_schema(self.schema).get("properties", {})
        data = {str(key): value for key, value in data.items()}
        lines = dict(lines)
        problems: list[Problem] = []
        if self.schema == "article":
            problems += publication.decide(data, lines).problems
            aliases = {a: t for a, t in self.aliases.items() if t in properties and a not in properties}
            problems += self._apply_aliases(data, lines, aliases)
            _reduce_shapes(data, lines)
            problems += _check_paths(data, lines)
            problems += self._date_or_name_date(data, lines, properties)
        else:
            aliases = {}
            problems += _check_paths(data, lines)  # a topic's old paths (``aliases``)
        problems += self._unknown(data, lines, properties, aliases)
        return data, lines, problems

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
            hint = typos.closest(name, [*properties, *aliases])
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
    if "image" in data and data["image"] in ([], {}):
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
