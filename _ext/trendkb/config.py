"""The extension's typed configuration: one dataclass, registered as ``kb_<field>``."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

PREFIX = "kb_"

#: Builders whose pages have stable per-document URLs, so feeds and catalogues can point at them.
PAGE_BUILDERS = frozenset({"html", "dirhtml"})


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


def site_url(config: Config) -> str | None:
    """The site's public base URL, ending in ``/``, or None when it is not known.

    ``html_baseurl`` wins; on Read the Docs ``READTHEDOCS_CANONICAL_URL`` is used when
    the site does not set one, so the hosted build always knows where it lives.
    """
    url = config.html_baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    return url.rstrip("/") + "/" if url else None


def _validate(app: Sphinx, config: Config) -> None:
    kb_config(config).validate()


def setup_config(app: Sphinx) -> None:
    for f in dataclasses.fields(KBConfig):
        app.add_config_value(PREFIX + f.name, f.default, f.metadata["rebuild"], types=(type(f.default),))
    app.connect("config-inited", _validate)
