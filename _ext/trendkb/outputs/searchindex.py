"""The search index, from the build's own records: Pagefind runs only when indexed text changed.

Each indexed page becomes a small HTML document for Pagefind: its search text as it was
read (``model/searchtext.py``, kept in the environment per document), and its filters
and metadata from front matter (kind, topic, tag, author, year; title, date, summary,
status), as empty hidden elements whose values sit in an attribute, so a comma or a colon
in a tag is never parsed as syntax. Listing pages (home, overviews, tag and author pages)
only repeat titles and excerpts of articles: they are not indexed, so a query finds the
article itself; drafts and scheduled posts are not either.

The digest of all those documents' inputs is compared with the one the live bundle was
made from: a build that changed no indexed text (a feed, a template of another page,
nothing at all) leaves the bundle untouched and does not start Pagefind. Otherwise the
whole index is made again from memory (Pagefind has no incremental mode; fed from
memory it takes about a second for 2,000 pages) and swapped in whole (``searchjob.py``).
"""

from __future__ import annotations

import gc
import hashlib
import os
import subprocess
import sys
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterator
from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..config import kb_config
from ..model import spelling
from ..model.catalog import Article, Catalog, Topic
from ..model.domain import KnowledgeBase
from ..model.excerpts import EXCERPT_LENGTH
from ..model.searchtext import TOPIC_MARK, SearchText, marked_slug
from ..model.taxonomy import tag_key
from ..pages.render import readable_date
from . import jsonsafe, owners, searchjob
from .lifecycle import state_file

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"
PRODUCER = "the search index (Pagefind)"
#: Filter groups in the order the search page and the dialog show them.
FILTERS = ("kind", "topic", "tag", "author", "year")
#: What the documents given to Pagefind look like; a change re-indexes every site.
FORMAT = 1


# -- what each page tells the index ---------------------------------------------------


def _tag_display(catalog: Catalog, tag: str) -> str:
    found = catalog.tags.get(tag_key(tag))
    return found.display if found else tag.strip()


def article_fields(
    article: Article, catalog: Catalog, date: str | None, summary: str | None = None
) -> list[tuple[str, str, str]]:
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
    summary = article.excerpt if summary is None else summary
    if summary:
        fields.append(("meta", "summary", summary))
    return fields


def topic_fields(topic: Topic, catalog: Catalog) -> list[tuple[str, str, str]]:
    fields = [("filter", "kind", "Topic"), ("meta", "title", topic.title or topic.slug)]
    fields.append(("filter", "topic", topic.title or topic.slug))
    fields += [("filter", "tag", _tag_display(catalog, tag)) for tag in topic.tags]
    # Pagefind leaves out of a sorted search what has no sort key: a topic sorts by its review.
    reviewed = topic.last_reviewed.isoformat() if topic.last_reviewed else "0000-01-01"
    fields.append(("sort", "date", reviewed))
    if topic.status:
        fields.append(("meta", "status", topic.status))
    if topic.summary:
        fields.append(("meta", "summary", topic.summary))
    return fields


def _with_titles(text: str, catalog: Catalog) -> str:
    """A text's topic references as their topics' titles."""

    def title(match) -> str:
        topic = catalog.topics.get(marked_slug(match.group(1)))
        return (topic.title or topic.slug) if topic else marked_slug(match.group(1))

    return TOPIC_MARK.sub(title, text)


def _shortened(text: str) -> str:
    if len(text) <= EXCERPT_LENGTH:
        return text
    return text[: EXCERPT_LENGTH - 1].rsplit(" ", 1)[0] + "\u2026"


def index_fields(app: Sphinx, docname: str, dates: bool = True) -> list[tuple[str, str, str]] | None:
    """What the index records of a page, or None for a page left out of the index."""
    catalog = KnowledgeBase(app.env).catalog
    article = catalog.articles.get(docname)
    if article is not None:
        if not article.listed or article.state != "published":
            return None  # drafts and scheduled posts are kept out of search
        date = readable_date(app.builder, article.date) if article.date and dates else None
        text = KnowledgeBase(app.env).search_texts.get(docname)
        summary = None
        if text is not None and text.lead and article.excerpt == text.auto_excerpt:
            summary = _shortened(_with_titles(text.lead, catalog))
        return article_fields(article, catalog, date, summary)
    topic = catalog.topic_at(docname)
    if topic is not None and topic.title:
        return topic_fields(topic, catalog)
    return None


def indexed_pages(app: Sphinx) -> list[tuple[str, str, list, SearchText]]:
    """Every page the index holds: (docname, URL, fields, search text), in docname order."""
    kb = KnowledgeBase(app.env)
    pages = []
    for docname in sorted(kb.search_texts):
        fields = index_fields(app, docname) if docname in app.env.all_docs else None
        if fields is not None:
            url = "/" + app.builder.get_target_uri(docname)
            pages.append((docname, url, fields, kb.search_texts[docname]))
    return pages


def _hidden(kind: str, name: str, value: str) -> str:
    """An empty element carrying one filter, meta or sort value in an attribute."""
    attribute = f'data-pagefind-{kind}="{name}[data-kb-value]"'
    return f'<span hidden="hidden" {attribute} data-kb-value="{escape(value)}"></span>'


class Documents:
    """The HTML Pagefind indexes, made from the pages' records, one page at a time."""

    def __init__(self, app: Sphinx, pages: list) -> None:
        catalog = KnowledgeBase(app.env).catalog
        self.pages = pages
        self.language = (app.config.language or "en").replace("_", "-")
        # Every compound the site hyphenates somewhere is hyphenated everywhere.
        found = {compound for *_, text in pages for compound in text.compounds}
        self.compounds = spelling.Compounds(found | set(spelling.rules()["compounds"]))
        self.topic_titles = {slug: topic.title or slug for slug, topic in catalog.topics.items()}

    def key(self) -> str:
        """A digest of everything the documents are made from (page by page: no giant string)."""
        found = hashlib.sha1(repr((FORMAT, self.language, self.topic_titles)).encode())
        found.update(repr(sorted(self.compounds.joined.values())).encode())
        for _, url, fields, text in self.pages:
            found.update(repr((url, fields, text)).encode())
        return found.hexdigest()

    def _topic(self, match) -> str:
        slug = marked_slug(match.group(1))
        return spelling.americanise(self.topic_titles.get(slug, slug))

    def html(self, fields: list, text: SearchText) -> str:
        seen: Counter = Counter()
        parts = [f'<html lang="{escape(self.language)}"><body>']
        parts += [_hidden(kind, name, value) for kind, name, value in fields if value]
        for block in text.blocks:
            words = TOPIC_MARK.sub(self._topic, block.text) if "\ue000" in block.text else block.text
            words = escape(self.compounds.hyphenate(words, seen), quote=False)
            if block.level:
                anchor = f' id="{escape(block.anchor)}"' if block.anchor else ""
                parts.append(f"<h{block.level}{anchor}>{words}</h{block.level}>")
            else:
                parts.append(f"<p>{words}</p>")
        shown = {**dict(text.spellings), **spelling.display_map(seen)}
        if shown:
            # The page's own spellings, for its excerpts (kb-search.js undoes the rewriting).
            value = jsonsafe.dumps(dict(sorted(shown.items())), ensure_ascii=False, separators=(",", ":"))
            parts.append(_hidden("meta", "spelling", value))
        parts.append("</body></html>")
        return "".join(parts)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for _, url, fields, text in self.pages:
            yield url, self.html(fields, text)


# -- running the indexer ----------------------------------------------------------------


def paths(app: Sphinx) -> searchjob.Paths:
    def beside_doctrees(kind: str, suffix: str) -> str:
        return str(state_file(app, kind, suffix))

    return searchjob.Paths(
        outdir=str(Path(app.outdir)),
        bundle=BUNDLE,
        state=beside_doctrees("search", ".json"),
        generation=beside_doctrees("search-generation", ".txt"),
        job=beside_doctrees("search-job", ".json"),
        lock=beside_doctrees("search", ".lock"),
    )


#: The generation each build took when it started.
_generations: weakref.WeakKeyDictionary[Sphinx, int] = weakref.WeakKeyDictionary()


def begin(app: Sphinx) -> None:
    """At the start of a build that may index: take a generation, stop an older job."""
    where = paths(app)
    _generations[app] = searchjob.begin(where)
    problem = searchjob.state(where).get("error")
    if problem:
        logger.warning(
            "search: the last background indexing failed (%s); the previous search index is kept",
            problem,
            type="kb",
            subtype="search",
        )


def build_index(app: Sphinx) -> None:
    """At the end of the build, after the pages of removed documents are gone."""
    if owners.owners(app).owner(BUNDLE) != PRODUCER:
        return
    started = time.perf_counter()
    where = paths(app)
    documents = Documents(app, indexed_pages(app))
    key = documents.key()
    if searchjob.up_to_date(where, key):
        logger.info("search: no indexed text changed; the index is kept")
        return
    job = searchjob.Job(where, _generations.pop(app, 0), key, spelling.rules())
    if kb_config(app.config).search_background:
        start_background(app, job, documents)
        return
    _give_back_memory()  # Pagefind's bundle writing is the build's peak: Sphinx makes room first
    scratch = owners.temporary_folder(app, BUNDLE)
    try:
        outcome, count = searchjob.run(job, documents, scratch)
    except (searchjob.pagefindservice.PagefindFailed, OSError) as exc:
        logger.warning(
            "search: %s; the previous search index, if any, is kept", exc, type="kb", subtype="search"
        )
        return
    if outcome == "indexed":
        logger.info("search: pagefind indexed %d pages in %.1f s", count, time.perf_counter() - started)
    else:
        logger.info("search: a newer build started; it writes the index")


def _give_back_memory() -> None:
    """Return the memory Sphinx freed while writing pages to the system (glibc keeps it otherwise)."""
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to trim


#: Background jobs this process started, reaped when they end (no zombies, no warnings).
_children: list[subprocess.Popen] = []


def start_background(app: Sphinx, job: searchjob.Job, documents: Documents) -> None:
    """Write the job's input, start it, and return: the pages are served without waiting."""
    scratch = owners.scratch_folder(Path(app.outdir), BUNDLE, f"{os.getpid()}-{job.generation}")
    source = state_file(app, f"search-input-{job.generation}", ".json")
    searchjob.write_input(source, job, documents, scratch)
    package = Path(__file__).resolve().parents[2]
    path = os.pathsep.join(filter(None, [str(package), os.environ.get("PYTHONPATH")]))
    log = state_file(app, "search-job", ".log")
    with open(log, "wb") as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", searchjob.MODULE, str(source)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env={**os.environ, "PYTHONPATH": path},
            start_new_session=True,  # outlives the build, and a Ctrl-C of the build
        )
    searchjob.note_job(job.paths, child.pid, scratch, source)
    _children.append(child)
    threading.Thread(target=child.wait, daemon=True).start()
    logger.info("search: indexing %d pages in the background (the index follows)", len(documents.pages))
