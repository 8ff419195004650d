"""The extension's typed configuration: one dataclass, registered as ``kb_<field>``."""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit, urlunsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

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

    def validate(self) -> None:
        for name in ("articles_dir", "topics_dir", "tags_page", "authors_page"):
            value = getattr(self, name)
            if not value or value != value.strip("/") or ".." in value.split("/"):
                raise ConfigError(
                    f"{PREFIX}{name} must be a relative path inside the source folder "
                    f"without leading or trailing '/', got {value!r}"
                )
        if self.feed_length <= 0:
            raise ConfigError(f"{PREFIX}feed_length must be positive, got {self.feed_length}")
        if self.words_per_minute <= 0:
            raise ConfigError(f"{PREFIX}words_per_minute must be positive, got {self.words_per_minute}")
        if self.review_after_days <= 0:
            raise ConfigError(f"{PREFIX}review_after_days must be positive, got {self.review_after_days}")
        _validate_areas(self.areas)
        self._validate_reading()

    def _validate_reading(self) -> None:
        from .reading import aliases, dates, frontmatter

        try:
            dates.time_zone(self.timezone)
        except ValueError:
            raise ConfigError(
                f"{PREFIX}timezone must be an IANA time zone such as 'UTC' or 'Europe/Paris', "
                f"got {self.timezone!r}"
            ) from None
        if self.unknown_fields not in aliases.UNKNOWN_POLICIES:
            raise ConfigError(
                f"{PREFIX}unknown_fields must be one of {', '.join(aliases.UNKNOWN_POLICIES)}, "
                f"got {self.unknown_fields!r}"
            )
        fields = frontmatter.load_schema("article")["properties"]
        for alias, target in (self.field_aliases or {}).items():
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
    parts = urlsplit(text)
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


def _validate(app: Sphinx, config: Config) -> None:
    kb_config(config).validate()


def setup_config(app: Sphinx) -> None:
    for f in dataclasses.fields(KBConfig):
        types = f.metadata.get("types", (type(f.default),))
        app.add_config_value(PREFIX + f.name, f.default, f.metadata["rebuild"], types=types)
    app.connect("config-inited", _validate)
