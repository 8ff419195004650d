"""The extension's typed configuration: one dataclass, registered as ``kb_<field>``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from datetime import date as dt_date
from urllib.parse import quote, urlsplit, urlunsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .reading.aliases import UNKNOWN_POLICIES

PREFIX = "kb_"

#: Builders whose pages have stable per-document URLs, so feeds and catalogues can point at them.
PAGE_BUILDERS = frozenset({"html", "dirhtml"})


#: The default groups of topics (``kb_topic_areas``).
TOPIC_AREAS = {
    "models": "Models and architectures",
    "training": "Training and alignment",
    "deployment": "Deployment and efficiency",
    "society": "Society and governance",
    "frontiers": "Research frontiers",
}
_AREA_KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _validate_areas(areas: dict) -> None:
    bad = [k for k, v in areas.items() if not isinstance(k, str) or not _AREA_KEY.fullmatch(k)]
    bad += [k for k, v in areas.items() if not isinstance(v, str) or not v.strip()]
    if not areas or bad:
        raise ConfigError(
            f"{PREFIX}topic_areas must map area keys in lowercase-with-hyphens to labels, "
            f"such as {{'training': 'Training and alignment'}}, got {areas!r}"
        )


@dataclass(frozen=True)
class KBConfig:
    #: Folder (relative to the source folder) whose Markdown files are articles.
    articles_dir: str = field(default="docs/articles", metadata={"rebuild": "env"})
    #: Folder whose Markdown files are trend topics (the file name is the slug).
    topics_dir: str = field(default="docs/topics", metadata={"rebuild": "env"})
    #: Docname of the tags overview; the per-tag pages are generated below it.
    tags_page: str = field(default="docs/tags", metadata={"rebuild": "env"})
    #: Docname of the authors overview; the per-author pages are generated below it.
    authors_page: str = field(default="docs/authors", metadata={"rebuild": "env"})
    #: Reading speed used for the byline's reading time.
    words_per_minute: int = field(default=220, metadata={"rebuild": "env"})
    #: How many of the newest articles each Atom feed holds.
    feed_length: int = field(default=20, metadata={"rebuild": "html"})
    #: How many entries a list of articles shows per page (the archive, tag, author, category
    #: and topic lists); the rest are on continuation pages. 0: every entry on one page.
    page_size: int = field(default=50, metadata={"rebuild": "html"})
    #: Babel date format for dates shown to readers ("long", "medium" or a pattern).
    date_format: str = field(default="long", metadata={"rebuild": "html"})
    #: IANA time zone the site's dates are shown in; dates without an offset are read in it.
    timezone: str = field(default="UTC", metadata={"rebuild": "env"})
    #: Build drafts and scheduled posts too, marked and kept out of search engines.
    preview: bool = field(default=False, metadata={"rebuild": "env"})
    #: alias -> field, merged over the built-in aliases (reading/aliases.py); None drops one.
    field_aliases: dict | None = field(default=None, metadata={"rebuild": "env", "types": (dict, type(None))})
    #: Front-matter keys the schema does not know: "warn", "keep" (catalog.json) or "ignore".
    unknown_fields: str = field(default="warn", metadata={"rebuild": "env"})
    #: area key -> label: the groups of topics (front matter ``area``), in the radar's order;
    #: None means ``TOPIC_AREAS``.
    topic_areas: dict | None = field(default=None, metadata={"rebuild": "env", "types": (dict, type(None))})
    #: A topic whose ``last_reviewed`` is older than this many days is due for review.
    review_after_days: int = field(default=365, metadata={"rebuild": "html"})
    #: The home page's meta description (and the last resort of pages without one).
    site_description: str = field(default="", metadata={"rebuild": "html"})
    #: Leave out of each page the stylesheets and scripts of features it does not use.
    light_pages: bool = field(default=True, metadata={"rebuild": "html"})
    #: The engine posts were written for: None detects it from the files around each post
    #: (``reading/engines.py``), a name sets it for all, a dict sets it per folder.
    engine: str | dict | None = field(
        default=None, metadata={"rebuild": "env", "types": (str, dict, type(None))}
    )
    #: The site's own authors file: id -> name, bio, url, avatar (bylines, author pages, JSON-LD, feeds).
    authors_file: str = field(default="docs/authors.yml", metadata={"rebuild": "env"})
    #: The folder (relative to conf.py) mermaid is served from when present; "" for its CDN.
    mermaid_dist: str = field(default="node_modules/mermaid/dist", metadata={"rebuild": "html"})
    #: "tags": categories join the tags; "taxonomy": categories get pages of their own.
    categories: str = field(default="tags", metadata={"rebuild": "env"})
    #: Docname of the categories overview; the per-category pages are generated below it.
    categories_page: str = field(default="docs/categories", metadata={"rebuild": "env"})
    #: Docname of the page listing every article: the articles' section in breadcrumbs and sidebar.
    archive_page: str = field(default="docs/archive", metadata={"rebuild": "html"})
    #: Index search after the build, in a process of its own (the live preview: pages first).
    search_background: bool = field(default=False, metadata={"rebuild": ""})

    @classmethod
    def checked(cls, **values) -> KBConfig:
        """The settings from raw values (conf.py, ``-D``, environment variables), each in its
        one type ("0" -> False, "20" -> 20) and validated; ConfigError with one sentence if not."""
        defaults = {f.name: f.default for f in dataclasses.fields(cls)}
        config = cls(
            **{name: _CHECKS[name](name, values.get(name, default)) for name, default in defaults.items()}
        )
        config.validate()
        return config

    def validate(self) -> None:
        """Every setting's type, range and choices, and the collisions between them (ConfigError)."""
        for f in dataclasses.fields(self):
            _CHECKS[f.name](f.name, getattr(self, f.name))
        _check_collisions(self)
        _validate_areas(self.areas)
        self._validate_reading()

    def _validate_reading(self) -> None:
        from .reading import dates, frontmatter

        try:
            dates.time_zone(self.timezone)
        except ValueError:
            raise _error(
                "timezone", self.timezone, "an IANA time zone such as 'UTC' or 'Europe/Paris'"
            ) from None
        fields = frontmatter.load_schema("article")["properties"]
        for alias, target in (self.field_aliases or {}).items():
            if not isinstance(alias, str) or not alias.strip():
                raise _error("field_aliases", self.field_aliases, "front-matter keys (text) mapped to fields")
            if target is not None and target not in fields:
                raise ConfigError(
                    f"{PREFIX}field_aliases maps {alias!r} to {target!r}: expected one of {', '.join(fields)}"
                )

    @property
    def areas(self) -> dict[str, str]:
        """The topic areas (key -> label), in the order the site gives them."""
        return dict(TOPIC_AREAS) if self.topic_areas is None else dict(self.topic_areas)

    @property
    def zone(self):
        """The site's time zone (a ``datetime.tzinfo``)."""
        from .reading.dates import time_zone

        return time_zone(self.timezone)

    def is_article(self, docname: str) -> bool:
        return docname.startswith(self.articles_dir + "/")

    def kind_of(self, docname: str) -> str | None:
        """``"article"``, ``"topic"`` or None: which schema a page's front matter follows."""
        if self.is_article(docname):
            return "article"
        if docname.startswith(self.topics_dir + "/"):
            return "topic"
        return None

    def tag_page(self, slug: str) -> str:
        return f"{self.tags_page}/{slug}"

    def author_page(self, slug: str) -> str:
        return f"{self.authors_page}/{slug}"

    def category_page(self, slug: str) -> str:
        return f"{self.categories_page}/{slug}"


def _error(name: str, value: object, expected: str) -> ConfigError:
    shown = repr(value)
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return ConfigError(f"{PREFIX}{name} must be {expected}, got {shown}")


_TRUE, _FALSE = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off", ""})


def as_bool(name: str, value: object) -> bool:
    """A boolean setting: ``True``/``False``, or the text an environment variable holds ("0", "no")."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().casefold() in _TRUE | _FALSE:
        return value.strip().casefold() in _TRUE
    raise _error(name, value, "true or false (or the text '1'/'0', 'yes'/'no', 'true'/'false')")


def _as_int(low: int, high: int):
    def check(name: str, value: object) -> int:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _error(name, value, f"a whole number from {low} to {high}")
        return value

    return check


def _as_text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise _error(name, value, "text")
    return value


def _as_path(name: str, value: object) -> str:
    parts = value.split("/") if isinstance(value, str) else []
    if (
        not isinstance(value, str)
        or not value.strip()
        or value != value.strip().strip("/")
        or "\\" in value
        or any(not part or part in (".", "..") or part.startswith(".") for part in parts)
        or re.search(r"[\x00-\x1f\x7f]", value)
    ):
        raise _error(
            name,
            value,
            "a relative folder path inside the source folder, such as 'docs/articles' "
            "(no leading or trailing '/', no '..' or hidden names)",
        )
    return value


def _as_choice(*choices: str):
    def check(name: str, value: object) -> str:
        if value not in choices:
            raise _error(name, value, "one of " + ", ".join(repr(c) for c in choices))
        return value

    return check


def _as_mapping(name: str, value: object) -> dict | None:
    if value is not None and not isinstance(value, dict):
        raise _error(name, value, "a dict, or None")
    return value


def _as_date_format(name: str, value: object) -> str:
    value = _as_text(name, value)
    from babel.dates import format_date

    try:
        format_date(dt_date(2024, 3, 4), format=value, locale="en")
    except Exception:  # babel raises several kinds on a bad pattern
        raise _error(
            name,
            value,
            "a Babel date format: 'short', 'medium', 'long', 'full' or a pattern such as 'd MMM y'",
        ) from None
    return value


_CHECKS = {
    "articles_dir": _as_path,
    "topics_dir": _as_path,
    "tags_page": _as_path,
    "authors_page": _as_path,
    "words_per_minute": _as_int(1, 10_000),
    "feed_length": _as_int(1, 10_000),
    "page_size": _as_int(0, 10_000),
    "date_format": _as_date_format,
    "timezone": _as_text,
    "mermaid_dist": _as_text,
    "preview": as_bool,
    "field_aliases": _as_mapping,
    "unknown_fields": _as_choice(*UNKNOWN_POLICIES),
    "topic_areas": _as_mapping,
    "review_after_days": _as_int(1, 36_500),
    "site_description": _as_text,
    "light_pages": as_bool,
    "engine": lambda name, value: _as_engine(name, value),
    "authors_file": _as_path,
    "categories": _as_choice("tags", "taxonomy"),
    "categories_page": _as_path,
    "archive_page": _as_path,
    "search_background": as_bool,
}


def _as_engine(name: str, value: object) -> str | dict | None:
    from .reading import engines

    known = ", ".join(engines.ENGINES)
    values = value.values() if isinstance(value, dict) else [value]
    if value is not None and not (
        isinstance(value, str | dict) and all(v in engines.ENGINES for v in values)
    ):
        raise _error(name, value, f"None, an engine ({known}) or a dict of folder -> engine")
    if isinstance(value, dict) and any(not isinstance(k, str) or not k.strip("/") for k in value):
        raise _error(name, value, "a dict of folder paths (such as 'docs/articles/old-blog') -> engine")
    return value


def _check_collisions(config: KBConfig) -> None:
    """The content folders and generated pages may not be one another, or nest."""
    names = ("articles_dir", "topics_dir", "tags_page", "authors_page", "categories_page")
    places = {name: getattr(config, name) for name in names}
    names = list(places)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            a, b = places[first], places[second]
            if a == b or a.startswith(b + "/") or b.startswith(a + "/"):
                raise ConfigError(
                    f"{PREFIX}{first} ({a!r}) and {PREFIX}{second} ({b!r}) overlap: expected separate "
                    "folders, neither inside the other, so their pages cannot replace each other"
                )


def check_clock() -> None:
    """``SOURCE_DATE_EPOCH`` (the build's clock for reproducible builds), when set, is a
    time the pages can show: whole seconds since 1970, before the year 10000."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return
    try:
        dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        ok = epoch.isdigit()
    except (ValueError, OverflowError, OSError):
        ok = False
    if not ok:
        raise ConfigError(
            f"SOURCE_DATE_EPOCH is {epoch[:40]!r}: expected whole seconds since 1970-01-01 "
            "of a date before the year 10000, such as 1735689600"
        )


def normalise(app: Sphinx, config: Config) -> None:
    """Each ``kb_*`` setting checked at start, and stored in its one type ("0" -> False, "20" -> 20)."""
    check_clock()
    names = [f.name for f in dataclasses.fields(KBConfig)]
    checked = KBConfig.checked(**{name: getattr(config, PREFIX + name) for name in names})
    for name in names:
        setattr(config, PREFIX + name, getattr(checked, name))


def kb_config(config: Config) -> KBConfig:
    """The one accessor for the extension's settings."""
    return KBConfig(**{f.name: getattr(config, PREFIX + f.name) for f in dataclasses.fields(KBConfig)})


#: A host name (any script, for IDNs) or an IPv6 literal, with an optional port.
_NETLOC = re.compile(r"(?:[\w.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")


def normalise_site_url(raw: str | None) -> str | None:
    """The site's address as every absolute URL is built from it, or None when it is empty.

    ``https://host/docs`` becomes ``https://host/docs/`` (the trailing slash the sitemap
    and the feeds join onto); a fragment is dropped; the path is percent-encoded, so the
    address can be written into any HTML attribute as it is. A value that cannot be the
    address of a page (relative, another scheme, a query string) raises ConfigError.
    """
    text = (raw or "").strip()
    if not text:
        return None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises for a port out of range
    except ValueError as exc:  # "Invalid IPv6 URL", "Port out of range 0-65535"
        raise ConfigError(
            f"the site's address (html_baseurl or READTHEDOCS_CANONICAL_URL) is {text!r}: {exc}; "
            "expected an absolute http:// or https:// URL such as https://example.org/docs/"
        ) from None
    problem = None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        problem = "expected an absolute http:// or https:// URL such as https://example.org/docs/"
    elif not _NETLOC.fullmatch(parts.netloc):
        problem = "expected a host name (and port) after the scheme, without user name or spaces"
    elif parts.query:
        problem = "expected no query string ('?'): every page's URL is built below the address"
    if problem:
        raise ConfigError(
            f"the site's address (html_baseurl or READTHEDOCS_CANONICAL_URL) is {text!r}: {problem}"
        )
    path = quote(parts.path, safe="/%:@!$&()*+,;=-._~")
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def raw_site_url(config: Config) -> str:
    """``html_baseurl`` or, when the site sets none, Read the Docs' canonical URL."""
    return config.html_baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")


def site_url(config: Config) -> str | None:
    """The site's public base URL, ending in ``/``, or None when it is not known.

    ``html_baseurl`` wins; on Read the Docs ``READTHEDOCS_CANONICAL_URL`` is used when
    the site does not set one, so the hosted build always knows where it lives. It is
    validated once at config-inited (``outputs/siteaddress.py``), so this cannot raise.
    """
    return normalise_site_url(raw_site_url(config))


def setup_config(app: Sphinx) -> None:
    for f in dataclasses.fields(KBConfig):
        types = f.metadata.get("types", (type(f.default),))
        if types == (bool,):
            # Sphinx reads ``-D name=value`` of a bool-only setting as "0" or "1" and refuses
            # the rest; with text allowed too, "yes", "true" or "off" reach ``as_bool``.
            types = (bool, str)
        app.add_config_value(PREFIX + f.name, f.default, f.metadata["rebuild"], types=types)
    app.connect("config-inited", normalise)
