"""What a source file's place says about it: its engine, dates, title and language from its
path, the authors and folder defaults around it.

Pure functions of the file system (read once per folder, cached): no Sphinx here. The build
(``model/collector.py``) and ``python -m trendkb check`` both call ``origin_of`` and hand the
result to ``aliases.Normalizer``, so both read a file the same way.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from . import dates, engines, frontmatter, languages
from .engines import Engine

_FOLDER_DATE = re.compile(r"(?:^|/)(\d{4})/(\d{1,2})/(\d{1,2})(?:/|-|$)")
_FOLDER_MONTH_DAY = re.compile(r"(?:^|/)(\d{4})/(\d{1,2})-(\d{1,2})-")
_ANY_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_NAME_PREFIX = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}[-_]")


@dataclass(frozen=True)
class Author:
    """An author as an authors file describes them: the one place for name, bio, link, picture."""

    name: str
    bio: str = ""
    url: str = ""
    avatar: str = ""


@dataclass(frozen=True)
class Origin:
    docname: str
    kind: str
    engine: Engine = engines.NATIVE
    #: Dates from the place: the file or folder name's prefix, a YYYY/MM/DD folder path, a date anywhere.
    name_date: str | None = None
    folder_date: str | None = None
    path_date: str | None = None
    #: The title the engine derives from the file name, when it does (Jekyll, Hexo, Docusaurus).
    file_title: str | None = None
    #: The language a suffix (``post.es.md``) or a language folder gives, and the path without it.
    language: str | None = None
    base: str = ""
    #: Inside the engine's drafts folder (``_drafts/``).
    in_draft_folder: bool = False
    #: Why the file is a page of the old engine that is no post (an author's profile page,
    #: Contentlayer's ``content/authors/<id>.mdx``; a section's page, ``_index.md``), else "".
    not_a_post: str = ""
    #: The post's folder name (Pelican files a post under it when it names no category).
    folder_name: str = ""
    #: id (and folded name) -> author, from the nearest authors file(s).
    authors: Mapping[str, Author] = field(default_factory=dict)
    #: Fields every post of the folder inherits (Quarto's _metadata.yml, MkDocs' .meta.yml).
    defaults: Mapping[str, Any] = field(default_factory=dict)
    #: What the engine's own configuration file says, where it matters to a post: "timezone" (for
    #: dates without an offset), "language", "author" and "category" (Pelican's defaults),
    #: "tags" (False when MkDocs' tags plugin is off).
    settings: Mapping[str, Any] = field(default_factory=dict)
    #: Files this origin was read from, so an edit to them re-reads the post.
    dependencies: tuple[str, ...] = ()


def _yaml_file(path: Path, cache: dict) -> Any:
    key = ("yaml", str(path))
    if key not in cache:
        try:
            with open(path, encoding="utf-8", errors="replace") as stream:
                text = stream.read(1024 * 1024)
            cache[key] = yaml.safe_load(text) if "*" not in text else None  # no aliases, as in front matter
        except (OSError, yaml.YAMLError, RecursionError):
            cache[key] = None
    return cache[key]


def _authors_in(path: Path, data: Any) -> dict[str, Author]:
    """MkDocs' ``.authors.yml`` (``authors: {id: {...}}``), Docusaurus' ``authors.yml`` (``id: {...}``),
    and the knowledge base's own (``id: {name, bio, url, avatar}``)."""
    if isinstance(data, dict) and isinstance(data.get("authors"), dict):
        data = data["authors"]
    found = {}
    for key, entry in (data or {}).items() if isinstance(data, dict) else ():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        text = {k: v for k, v in entry.items() if isinstance(v, str)}
        found[str(key)] = Author(
            name=" ".join(text["name"].split())[:100],
            bio=text.get("bio") or text.get("description") or text.get("title") or "",
            url=text.get("url", ""),
            avatar=text.get("avatar") or text.get("image_url") or text.get("image") or "",
        )
    return found


def file_words(name: str) -> str:
    """Jekyll's title from a file name: the slug after the date, each word capitalised."""
    slug = _NAME_PREFIX.sub("", name)
    return " ".join(word[:1].upper() + word[1:] for word in re.split(r"[-_\s]+", slug) if word)


def _real(year: str, month: str, day: str) -> str | None:
    text = f"{year}-{int(month):02d}-{int(day):02d}"
    return text if dates.is_date(text) else None


def origin_of(
    srcdir: Path,
    path: Path,
    docname: str,
    kind: str,
    articles_dir: str,
    site_language: str = "en",
    native_authors: str | None = None,
    engine_setting: str | Mapping[str, str] | None = None,
    cache: dict | None = None,
) -> Origin:
    """Everything a post's place says about it (``cache`` is shared across the files of one build)."""
    cache = {} if cache is None else cache
    if kind != "article":
        return Origin(docname, kind, base=docname)
    top = srcdir / articles_dir
    engine = _engine(path, top, docname, engine_setting, cache)
    rel = PurePosixPath(docname)
    parts = rel.parts[len(PurePosixPath(articles_dir).parts) :]
    stem = rel.name
    name = parts[-2] if stem == "index" and len(parts) > 1 else stem
    language, base = languages.from_path(docname, articles_dir, srcdir, cache)
    name_language, bare = languages.split_suffix(name)
    if name_language:
        name = bare
    folder_date = path_date = None
    inside = "/".join(parts)
    folder = _FOLDER_DATE.search(inside) or _FOLDER_MONTH_DAY.search(inside)
    if engines.FOLDER_DATE in engine.dates and folder:
        folder_date = _real(*folder.groups())
    if engines.PATH_DATE in engine.dates and (match := _ANY_DATE.search(inside)):
        path_date = _real(*match.groups())
    name_date = dates.date_from_name(docname) if engines.NAME_DATE in engine.dates else None
    file_title = None
    if engines.FILE_WORDS in engine.title:
        file_title = file_words(name)
    elif engines.FILE_NAME in engine.title:
        file_title = _NAME_PREFIX.sub("", name)
    authors, defaults, read = _around(path.parent, top, engine, native_authors, srcdir, cache)
    settings, config_file = _settings(path.parent, top, engine, cache)
    if config_file:
        read = (*read, config_file)
    not_a_post = _not_a_post(engine, parts, languages.split_suffix(stem)[1])
    if config_file and _excluded(path, Path(config_file).parent, settings.get("exclude")):
        not_a_post = f"left out by the exclude setting of {engine.name}'s {Path(config_file).name}"
    return Origin(
        docname,
        kind,
        engine,
        name_date=name_date,
        folder_date=folder_date,
        path_date=path_date,
        file_title=file_title,
        language=language,
        base=base,
        in_draft_folder=bool(set(parts[:-1]) & set(engine.draft_folders)),
        not_a_post=not_a_post,
        folder_name=parts[-2]
        if len(parts) > 1 and stem != "index"
        else (parts[-3] if len(parts) > 2 else ""),
        authors=authors,
        defaults=defaults,
        settings=settings,
        dependencies=read,
    )


def _not_a_post(engine: Engine, parts: tuple[str, ...], stem: str) -> str:
    if len(parts) > 1 and parts[-2] in engine.author_folders:
        return "an author's profile page"
    if stem in engine.section_pages:
        return f"a section's own page ({engine.name}'s {stem}.md lists the posts below it)"
    return ""


def _excluded(path: Path, site: Path, patterns: object) -> bool:
    """Jekyll's ``exclude``: a path under the site that starts with an entry, or matches it
    as a glob, is never read by Jekyll."""
    import fnmatch

    if not isinstance(patterns, list):
        return False
    try:
        rel = path.absolute().relative_to(site.absolute()).as_posix()
    except ValueError:
        return False
    return any(
        isinstance(p, str) and p.strip("/") and (rel.startswith(p.strip("/")) or fnmatch.fnmatchcase(rel, p))
        for p in patterns
    )


def _folder_name(parts: tuple[str, ...], stem: str) -> str:
    """The folder holding the post (above its bundle folder, for ``post/index.md``)."""
    depth = 3 if stem == "index" else 2
    return parts[-depth] if len(parts) >= depth else ""


def _engine(path: Path, top: Path, docname: str, setting, cache: dict) -> Engine:
    if isinstance(setting, str):
        return engines.named(setting)
    if isinstance(setting, Mapping):
        # The longest folder named in the setting that holds the post.
        folders = sorted(
            (f for f in setting if docname.startswith(f.rstrip("/") + "/")), key=len, reverse=True
        )
        if folders:
            return engines.named(setting[folders[0]])
    return engines.detect(path, top, cache.setdefault("listings", {}))


def _around(folder: Path, top: Path, engine: Engine, native: str | None, srcdir: Path, cache: dict):
    """Authors (nearest file first, the site's own file last) and folder defaults (nearest wins)."""
    key = ("around", str(folder), engine.key, native)
    if key in cache:
        return cache[key]
    authors: dict[str, Author] = {}
    defaults: dict[str, Any] = {}
    read: list[str] = []
    here = folder
    while True:
        for name in engine.authors_files:
            candidate = here / name
            if candidate.is_file():
                read.append(str(candidate))
                for ident, author in _authors_in(candidate, _yaml_file(candidate, cache)).items():
                    authors.setdefault(ident, author)
        for name in engine.folder_metadata:
            candidate = here / name
            if candidate.is_file():
                read.append(str(candidate))
                data = _yaml_file(candidate, cache)
                for field_name, value in data.items() if isinstance(data, dict) else ():
                    defaults.setdefault(str(field_name), value)
        for folder_name in engine.author_folders:
            for candidate, author in _profile_pages(here / folder_name, cache):
                read.append(str(candidate))
                authors.setdefault(candidate.stem, author)
        if engine.key == "eleventy":
            for candidate, data in _eleventy_data(here, cache):
                read.append(str(candidate))
                for field_name, value in data.items():
                    if field_name == "tags" and "tags" in defaults:
                        defaults["tags"] = [*_as_list(value), *_as_list(defaults["tags"])]
                    else:
                        defaults.setdefault(str(field_name), value)
        if here == top or here == here.parent or not here.is_relative_to(top):
            break
        here = here.parent
    if native:
        candidate = srcdir / native
        if candidate.is_file():
            read.append(str(candidate))
            for ident, author in _authors_in(candidate, _yaml_file(candidate, cache)).items():
                authors.setdefault(ident, author)
    cache[key] = (authors, defaults, tuple(read))
    return cache[key]


#: Each engine's configuration file, and the settings read from it (its key -> ours).
_CONFIG_FILES = {
    "pelican": (
        "pelicanconf.py",
        {
            "TIMEZONE": "timezone",
            "DEFAULT_LANG": "language",
            "AUTHOR": "author",
            "DEFAULT_CATEGORY": "category",
            "USE_FOLDER_AS_CATEGORY": "folder_category",
            "PATH": "content_path",
        },
    ),
    "jekyll": ("_config.yml", {"timezone": "timezone", "lang": "language", "exclude": "exclude"}),
    "hexo": ("_config.yml", {"timezone": "timezone", "language": "language"}),
    "hugo": ("hugo.toml", {"timeZone": "timezone", "defaultContentLanguage": "language"}),
    "zola": ("config.toml", {"default_language": "language"}),
    "mkdocs": ("mkdocs.yml", {}),
    "quarto": ("_quarto.yml", {"lang": "language"}),
}
_HUGO_NAMES = ("hugo.toml", "hugo.yaml", "config.toml", "config.yaml")
_MKDOCS_TAGS = re.compile(r"^\s*-\s*(?:material/)?tags\s*(?::|$)", re.MULTILINE)


def _settings(folder: Path, top: Path, engine: Engine, cache: dict) -> tuple[dict[str, Any], str | None]:
    """The nearest configuration file of the engine above the post, as the settings that matter."""
    if engine.key not in _CONFIG_FILES:
        return {}, None
    name, wanted = _CONFIG_FILES[engine.key]
    names = _HUGO_NAMES if engine.key == "hugo" else (name,)
    here = folder
    while True:
        for candidate in (here / n for n in names):
            if candidate.is_file():
                key = ("settings", str(candidate))
                if key not in cache:
                    cache[key] = _read_settings(candidate, engine, wanted)
                return cache[key], str(candidate)
        if here == top or here == here.parent or not here.is_relative_to(top):
            return {}, None
        here = here.parent


def _read_settings(path: Path, engine: Engine, wanted: Mapping[str, str]) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[: 1024 * 1024]
    except OSError:
        return {}
    found: dict[str, Any] = {}
    if path.suffix == ".py":
        import ast

        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError):
            return {}
        for statement in tree.body:  # plain assignments only: nothing is run
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
                if isinstance(target, ast.Name) and target.id in wanted:
                    with contextlib.suppress(ValueError, TypeError, SyntaxError, RecursionError):
                        found[wanted[target.id]] = ast.literal_eval(statement.value)
    elif path.suffix == ".toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except (ValueError, RecursionError):  # TOMLDecodeError, or an integer too long to read
            data = {}
        found = {ours: data[theirs] for theirs, ours in wanted.items() if theirs in data}
    else:
        if engine.key == "mkdocs":
            found["tags"] = bool(_MKDOCS_TAGS.search(text))
        try:
            data = frontmatter.plain_yaml(text) if "!!" not in text else {}
        except (yaml.YAMLError, RecursionError):
            data = {}
        if isinstance(data, dict):
            found.update({ours: data[theirs] for theirs, ours in wanted.items() if theirs in data})
    lists = {k: [i for i in v if isinstance(i, str)] for k, v in found.items() if isinstance(v, list)}
    return {**{k: v for k, v in found.items() if isinstance(v, str | bool)}, **lists}


_JS_TAGS = re.compile(r"""["']?tags["']?\s*:\s*(\[[^\]]*\]|"[^"]*"|'[^']*')""")


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _eleventy_data(folder: Path, cache: dict) -> list[tuple[Path, dict]]:
    """Eleventy's directory data files (``blog/blog.json``, ``blog/blog.11tydata.js``): JSON is
    read whole; of a JavaScript file, only a literal ``tags`` list (nothing is run)."""
    import json

    found = []
    for suffix in (".json", ".11tydata.json", ".11tydata.js"):
        candidate = folder / f"{folder.name}{suffix}"
        if not candidate.is_file():
            continue
        try:
            text = candidate.read_text(encoding="utf-8", errors="replace")[:65536]
        except OSError:
            continue
        data: Any = {}
        if suffix.endswith(".json"):
            try:
                data = json.loads(text)
            except (ValueError, RecursionError):
                data = {}
        elif match := _JS_TAGS.search(text):
            literal = match.group(1).replace("'", '"')
            try:
                data = {"tags": json.loads(re.sub(r",\s*\]", "]", literal))}
            except ValueError:
                data = {}
        if isinstance(data, dict):
            found.append((candidate, {k: v for k, v in data.items() if isinstance(k, str)}))
    return found


def _profile_pages(folder: Path, cache: dict) -> list[tuple[Path, Author]]:
    """Author profiles written as pages: the file name is the id, ``title`` the name."""
    key = ("profiles", str(folder))
    if key in cache:
        return cache[key]
    found = []
    if folder.is_dir():
        for candidate in sorted(folder.iterdir()):
            if candidate.suffix not in (".md", ".mdx") or not candidate.is_file():
                continue
            try:
                head = candidate.read_text(encoding="utf-8", errors="replace")[:4096]
            except OSError:
                continue
            if head.startswith("---") and (end := head.find("\n---", 3)) > 0:
                try:
                    data = yaml.safe_load(head[3:end]) if "*" not in head[:end] else None
                except yaml.YAMLError:
                    data = None
                if isinstance(data, dict) and isinstance(data.get("title"), str):
                    avatar = data.get("avatar") if isinstance(data.get("avatar"), str) else ""
                    found.append((candidate, Author(name=data["title"], avatar=avatar)))
    cache[key] = found
    return found
