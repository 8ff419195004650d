"""Search that scales and filters: a Pagefind index of the ``html`` and ``dirhtml`` output.

Sphinx's search downloads the whole index (``searchindex.js``, about 1 KB per article)
for every query. Pagefind splits its index into chunks, so a query loads only the
chunks of its words. The binary comes in the ``pagefind-bin`` wheel: nothing is
downloaded at build time.

- Articles and topics are indexed, each with its body only (``data-pagefind-body`` on a
  wrapper around the page's content) and its filters and metadata from front matter
  (kind, topic, tag, author, year; title, date, summary), as empty hidden elements whose
  values sit in an attribute, so a comma or colon in a tag is never parsed as syntax.
  Listing pages (home, overviews, tag and author pages) only repeat titles and
  excerpts of articles: they are left out, so a query finds the article itself.
- The search page (``kb-search.html``, from this extension's ``themes/``) takes its
  query from ``?q=`` like Sphinx's, so Furo's sidebar box and old links keep working.
- At ``build-finished`` the whole output folder is indexed again, into a fresh
  ``pagefind/`` folder: an incremental build's index is a fresh build's, and a removed
  page is no longer found.
- Sphinx's own index is no longer built for these builders (nothing reads it, and
  feeding it is work for the main process of a parallel write). Other builders keep
  Sphinx's search, and so does a site where the binary is missing (one info line).
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import time
from collections import Counter
from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..config import PAGE_BUILDERS
from ..model.catalog import Article, Catalog, Topic
from ..model.domain import KnowledgeBase
from ..model.taxonomy import tag_key
from ..pages.render import readable_date
from . import jsonsafe, owners

logger = logging.getLogger(__name__)

THEMES = Path(__file__).resolve().parent.parent / "themes"
BUNDLE = "pagefind"
#: Filter groups in the order the search page shows them.
FILTERS = ("kind", "topic", "tag", "author", "year")
#: Generated parts of a page that name other pages or repeat front matter (filters and
#: metadata carry that): indexed, they would make excerpts and matches noisy.
EXCLUDE = (
    ".headerlink, .kb-byline, .kb-neighbours, .kb-article-footer, .kb-topic-footer, "
    ".kb-topic-header__facts, .kb-topic-header .kb-tag, .kb-backlinks"
)
#: Pagefind's ready-made interfaces: the search page has its own (static/kb-search.js).
UNUSED = (
    *(f"pagefind-{ui}.{ext}" for ui in ("ui", "component-ui", "modular-ui") for ext in ("js", "css")),
    "pagefind-highlight.js",
)


@functools.cache
def pagefind_executable() -> str | None:
    """The Pagefind binary of the ``pagefind-bin`` wheel, or None when it is not installed."""
    try:
        import pagefind_bin
    except ImportError:
        return None
    try:
        return str(pagefind_bin.get_executable())
    except (FileNotFoundError, OSError):
        return None


def uses_pagefind(app: Sphinx) -> bool:
    return app.builder.name in PAGE_BUILDERS and getattr(app.builder, "kb_pagefind", False)


def _add_templates_path(app: Sphinx, config) -> None:
    # A new list: the default one is shared by every app in the process (tests, autobuild),
    # and appending to it would change the configuration's hash from one build to the next.
    if str(THEMES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(THEMES)]


def _choose_search(app: Sphinx) -> None:
    if app.builder.name not in PAGE_BUILDERS:
        return
    if pagefind_executable() is None:
        logger.info(
            "search: the pagefind binary is not installed (pip install pagefind-bin); "
            "the search page uses Sphinx's search index"
        )
        return
    app.builder.kb_pagefind = True
    # No searchindex.js, no Sphinx search page: the page comes from _search_page.
    app.builder.search = False


def filter_values(app: Sphinx) -> dict[str, dict[str, int]]:
    """Every filter's values and their page counts, as the index will hold them."""
    catalog = KnowledgeBase(app.env).catalog
    counts: dict[str, Counter] = {name: Counter() for name in FILTERS}
    for docname in sorted({*catalog.articles, *(topic.docname for topic in catalog.topics.values())}):
        for kind, name, value in _index_fields(app, docname, dates=False) or ():
            if kind == "filter" and value:
                counts[name][value] += 1
    return {name: dict(sorted(values.items())) for name, values in counts.items()}


def _search_page(app: Sphinx):
    if uses_pagefind(app):
        # Shown with the page, so the filters need none of Pagefind's filter chunks until used.
        values = jsonsafe.dumps(filter_values(app), ensure_ascii=False, separators=(",", ":"))
        context = {"title": "Search", "kb_search_filters": FILTERS, "kb_search_values": values}
        yield "search", context, "kb-search.html"


# -- what each page tells the index ---------------------------------------------------


def _hidden(kind: str, name: str, value: str) -> str:
    """An empty element carrying one filter, meta or sort value in an attribute."""
    value = escape(value)
    attribute = f'data-pagefind-{kind}="{name}[data-kb-value]"'
    return f'<span hidden="hidden" {attribute} data-kb-value="{value}"></span>'


def _tag_display(catalog: Catalog, tag: str) -> str:
    found = catalog.tags.get(tag_key(tag))
    return found.display if found else tag.strip()


def article_fields(article: Article, catalog: Catalog, date: str | None) -> list[tuple[str, str, str]]:
    fields = [("filter", "kind", "Article"), ("meta", "title", article.title or "")]
    for slug in catalog.article_topics.get(article.docname, ()):
        fields.append(("filter", "topic", catalog.topics[slug].title or slug))
    fields += [("filter", "tag", name) for name in catalog.tag_names(article)]
    # A translation's own authors may have no page (only the original is listed): shown as written.
    names = dict(zip(article.author_keys, article.authors, strict=False))
    fields += [
        ("filter", "author", catalog.authors[key].display if key in catalog.authors else names.get(key, key))
        for key in article.author_keys
    ]
    if article.date:
        fields += [("filter", "year", str(article.date.year)), ("sort", "date", article.date.isoformat())]
    if date:
        fields.append(("meta", "date", date))
    if article.excerpt:
        fields.append(("meta", "summary", article.excerpt))
    return fields


def topic_fields(topic: Topic, catalog: Catalog) -> list[tuple[str, str, str]]:
    fields = [("filter", "kind", "Topic"), ("meta", "title", topic.title or topic.slug)]
    fields.append(("filter", "topic", topic.title or topic.slug))
    fields += [("filter", "tag", _tag_display(catalog, tag)) for tag in topic.tags]
    if topic.status:
        fields.append(("meta", "status", topic.status))
    if topic.summary:
        fields.append(("meta", "summary", topic.summary))
    return fields


def _index_fields(app: Sphinx, pagename: str, dates: bool = True) -> list[tuple[str, str, str]] | None:
    """What the index records of a page, or None for a page left out of the index."""
    catalog = KnowledgeBase(app.env).catalog
    article = catalog.articles.get(pagename)
    if article is not None:
        if not article.listed or article.state != "published":
            return None  # drafts and scheduled posts are kept out of search
        date = readable_date(app.builder, article.date) if article.date and dates else None
        return article_fields(article, catalog, date)
    topic = catalog.topic_at(pagename)
    if topic is not None and topic.title:
        return topic_fields(topic, catalog)
    return None


def mark_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or not uses_pagefind(app) or "body" not in context:
        return
    fields = _index_fields(app, pagename)
    if fields is None:
        return
    hidden = "".join(_hidden(kind, name, value) for kind, name, value in fields if value)
    context["body"] = f'<div class="kb-search-body" data-pagefind-body="">{hidden}{context["body"]}</div>'


# -- the index ---------------------------------------------------------------------------


PRODUCER = "the search index (Pagefind)"


def claim_bundle(app: Sphinx, builder) -> None:
    if uses_pagefind(app):
        owners.claim(app, BUNDLE, PRODUCER, folder=True)


def _complete(bundle: Path) -> str | None:
    """Why a freshly written bundle is not a usable index, or None when it is."""
    script = bundle / "pagefind.js"
    try:
        if script.stat().st_size == 0:
            return "pagefind.js is empty"
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"the bundle is incomplete ({exc})"
    if not isinstance(entry, dict) or not entry.get("languages"):
        return "pagefind-entry.json names no index"
    return None


def build_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not uses_pagefind(app):
        return
    outdir = Path(app.outdir)
    # Sphinx's index from a build before Pagefind was installed: nothing reads it now.
    (outdir / "searchindex.js").unlink(missing_ok=True)
    started = time.perf_counter()
    # Written beside the live index and swapped in only once complete: search keeps working
    # while Pagefind runs, and a failure (a full disk, a kill) leaves the old index in place.
    fresh = owners.temporary_folder(app, BUNDLE)
    command = [pagefind_executable(), "--site", str(outdir), "--output-path", str(fresh)]
    command += ["--exclude-selectors", EXCLUDE]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    problem = (
        f"pagefind failed (exit {result.returncode}): {(result.stderr or result.stdout).strip()[-2000:]}"
        if result.returncode != 0
        else _complete(fresh)
    )
    if problem:
        shutil.rmtree(fresh, ignore_errors=True)
        logger.warning(
            "search: %s; the previous search index, if any, is kept", problem, type="kb", subtype="search"
        )
        return
    for name in UNUSED:
        (fresh / name).unlink(missing_ok=True)
    if not owners.replace_folder(app, BUNDLE, fresh, PRODUCER):
        return
    pages = re.search(r"Indexed (\d+) pages?", result.stdout)
    logger.info(
        "search: pagefind indexed %s pages in %.1f s",
        pages.group(1) if pages else "the",
        time.perf_counter() - started,
    )


def setup_search(app: Sphinx) -> None:
    app.connect("config-inited", _add_templates_path)
    app.connect("builder-inited", _choose_search)
    app.connect("html-collect-pages", _search_page)
    app.connect("html-page-context", mark_page)
    app.connect("write-started", claim_bundle, priority=200)
    # After lifecycle.py (priority 1000) removed the pages of deleted documents: the
    # index is made from the files left. A kill while indexing is harmless, as every
    # build indexes the whole site again.
    app.connect("build-finished", build_index, priority=1001)
