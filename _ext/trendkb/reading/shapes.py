"""Other engines' front-matter shapes, reduced to the knowledge base's, one rule per engine.

Pure functions: no Sphinx here. ``aliases.Normalizer`` calls them in order, with the
post's ``Origin`` (``reading/origin.py``); each one changes ``data`` and ``lines`` in
place. What differs between engines is looked up in ``engines.ENGINES``, not tested here
by name, wherever the table can say it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Any

from . import dates, languages
from .engines import Engine
from .frontmatter import Problem
from .origin import Author, Origin

_LIST_SEPARATORS = {"jekyll": r"\s+"}  # Pelican: pelican_list
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_ZOLA_PATH_DATE = re.compile(r"^/?(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)")


def fold_case(data: dict, lines: dict[tuple, int], engine: Engine) -> None:
    """Keys in any case (Pelican's ``Title:``, ``Date:``): the engine's keys, in lower case."""
    known = {key.casefold() for key in engine.fields}
    for key in list(data):
        folded = key.casefold()
        if folded != key and folded in known and folded not in data:
            data[folded] = data.pop(key)
            lines[(folded,)] = lines.pop((key,), 1)


def inherit(data: dict, lines: dict[tuple, int], defaults: dict) -> None:
    """A folder's defaults (Quarto's ``_metadata.yml``, MkDocs' ``.meta.yml``) under the post's own
    fields; tags are merged, the folder's first, as Eleventy's data cascade merges them."""
    for key, value in defaults.items():
        if key == "tags" and key in data:
            own = data["tags"] if isinstance(data["tags"], list) else [data["tags"]]
            extra = value if isinstance(value, list) else [value]
            data["tags"] = [*dict.fromkeys([*extra, *own])]
        elif key not in data and key not in ("title", "date", "slug", "aliases", "permalink"):
            data[key] = value
            lines.setdefault((key,), 1)


def set_aside(data: dict, lines: dict[tuple, int], engine: Engine, origin: Origin) -> dict[str, Any]:
    """Keys the schema knows that this engine does not read as such: Quarto lists only its
    categories, MkDocs reads ``tags`` only with its tags plugin. Returned, not used."""
    aside = {}
    tags_taxonomy = "tags" in engine.taxonomies and origin.settings.get("tags", True) is not False
    if engine.key != "kb" and not tags_taxonomy and "tags" in data:
        aside["tags"] = data.pop("tags")
        lines.pop(("tags",), None)
    return aside


def site_defaults(data: dict, lines: dict[tuple, int], origin: Origin) -> None:
    """What the engine's configuration gives a post that says nothing itself: Pelican's AUTHOR."""
    settings = origin.settings
    if "author" not in data and "authors" not in data and isinstance(settings.get("author"), str):
        data["author"] = settings["author"]
        lines.setdefault(("author",), 1)


def in_engine_zone(data: dict, origin: Origin) -> None:
    """A date without an offset (written, or from the file name) is the engine's wall-clock time:
    the same instant as on the old site, whatever ``kb_timezone`` shows it in."""
    zone_name = origin.settings.get("timezone")
    if isinstance(zone_name, str) and zone_name.strip():
        try:
            zone = dates.time_zone(zone_name.strip())
        except ValueError:
            return
        for key in ("date", "updated", "modified", "lastmod"):
            value = data.get(key)
            if not isinstance(value, str):
                continue
            try:
                here, there = dates.parse(value, zone), dates.parse(value, dt.UTC)
            except ValueError:
                continue
            if here != there:  # no offset of its own: the wall-clock time of the engine's zone
                data[key] = dates.timestamp(here)


def engine_shapes(data: dict, lines: dict[tuple, int], engine: Engine, origin: Origin) -> list[Problem]:
    problems: list[Problem] = []
    # MkDocs: date: {created: ..., updated: ...}
    if isinstance(data.get("date"), dict):
        mapping = data["date"]
        line = lines.get(("date",), 1)
        created = mapping.get("created")
        if isinstance(mapping.get("updated"), str) and "updated" not in data:
            data["updated"] = mapping["updated"]
            lines[("updated",)] = line
        if created is not None:
            data["date"] = created
        else:
            data.pop("date")
    # Zola: [taxonomies] tags = [...], categories = [...]; the old site's path of the post.
    if isinstance(data.get("taxonomies"), dict):
        line = lines.pop(("taxonomies",), 1)
        for name, values in data.pop("taxonomies").items():
            key = "author" if name == "authors" else str(name)
            if key not in data:
                data[key] = values
                lines[(key,)] = line
    if engine.key == "zola" and isinstance(data.get("path"), str):
        path = data.pop("path")
        line = lines.pop(("path",), 1)
        match = _ZOLA_PATH_DATE.match(path)
        if match and "date" not in data and (day := _day(*match.groups())):
            data["date"] = day
            lines[("date",)] = line
        if "permalink" not in data:
            data["permalink"] = "/" + path.strip("/") + "/"
            lines[("permalink",)] = line
    # Lists written as one string: Jekyll's space-separated tags, Pelican's comma-separated ones.
    separator = _LIST_SEPARATORS.get(engine.key)
    for key in ("tags", "tag", "categories", "keywords", *(("authors",) if engine.key == "pelican" else ())):
        value = data.get(key)
        if engine.key == "pelican" and isinstance(value, str):
            data[key] = pelican_list(value)
        elif isinstance(value, str) and (separator or engine.key != "kb"):
            parts = re.split(separator, value.strip()) if separator else [value]
            data[key] = [part for part in parts if part]
    if engine.key == "pelican" and "category" not in data:
        # USE_FOLDER_AS_CATEGORY (True by default): the name of the sub-folder of the content
        # folder (PATH) holding the post; a post directly in it, or the setting off, gets
        # DEFAULT_CATEGORY ("misc" unless set).
        use_folder = origin.settings.get("folder_category", engine.folder_category)
        root = PurePosixPath(str(origin.settings.get("content_path") or "content")).name
        folder = origin.folder_name
        in_subfolder = bool(folder) and folder != root
        category = folder if use_folder and in_subfolder else origin.settings.get("category", "misc")
        if category:
            data["category"] = category
            lines.setdefault(("category",), 1)
    # Docusaurus tags may be {label, permalink} objects.
    if isinstance(data.get("tags"), list):
        data["tags"] = [t.get("label", t) if isinstance(t, dict) else t for t in data["tags"]]
    return problems


def pelican_list(text: str) -> list[str]:
    """Pelican's lists (authors, tags): split on ';' when the text has one, else on ','; each
    item stripped, empty and repeated items dropped ("Doe, Jane; Doe, John")."""
    parts = text.split(";") if ";" in text else text.split(",")
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))


def _day(year: str, month: str, day: str) -> str | None:
    text = f"{year}-{int(month):02d}-{int(day):02d}"
    return text if dates.is_date(text) else None


def resolve_authors(data: dict, origin: Origin) -> list[Author]:
    """Author ids to names through the authors files (MkDocs, Docusaurus, the site's own);
    objects (Docusaurus' inline authors, Quarto's ``author: [{name: ...}]``) to their names.
    Returns the profiles found, in the article's order."""
    value = data.get("author")
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    names: list[Any] = []
    profiles: list[Author] = []
    by_name = {author.name.casefold(): author for author in origin.authors.values()}
    for item in items:
        if isinstance(item, str) and (link := _MARKDOWN_LINK.fullmatch(item.strip())):
            item = {"name": link.group(1), "url": link.group(2)}  # Docsy: "[Name](https://...)"
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            author = Author(
                name=item["name"],
                bio=str(item.get("title") or item.get("affiliation") or ""),
                url=str(item.get("url") or ""),
                avatar=str(item.get("image_url") or item.get("avatar") or ""),
            )
        elif isinstance(item, str) and item.strip() in origin.authors:
            author = origin.authors[item.strip()]
        elif isinstance(item, str):
            author = by_name.get(item.strip().casefold()) or Author(item)
        else:
            names.append(item)  # the schema reports it
            continue
        names.append(author.name)
        profiles.append(author)
    data["author"] = names if isinstance(value, list) else names[0]
    return profiles


def language(data: dict, lines: dict[tuple, int], origin: Origin) -> None:
    """The post's language: its front matter's (``lang``, ``language``), else its path's."""
    given = data.get("language")
    if given is not None:
        found = languages.code(given)
        if found:
            data["language"] = found
            return
        data.pop("language")  # not a language code: the path's, or the site's
        lines.pop(("language",), None)
    found = origin.language or languages.code(origin.settings.get("language"))
    if found:
        data["language"] = found
        lines.setdefault(("language",), 1)
