"""Drafts and scheduled posts: read, but not published by a normal build.

An article with ``draft: true``, or dated in the future, is read like any other (so its
front matter is still checked), then taken out of the environment before anything is
derived from it: no page, and absent from listings, feeds, the sitemap, search and
``catalog.json``. Taken out, it is a new document again on the next build, so it is
re-read every build and published by the first build after its date, or after its
``draft`` flag is removed, with no other edit.

With ``kb_preview`` (turned on by Read the Docs pull-request builds and ``tox -e live``)
they are built, with a badge and ``noindex``, and re-read every build so the badge
follows the clock.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..config import kb_config
from ..reading import publication
from ..reading import source as reading_source
from .domain import KnowledgeBase

logger = logging.getLogger(__name__)

PUBLISHED, DRAFT, SCHEDULED = "published", "draft", "scheduled"
#: Published, but left out of listings, feeds, the sitemap and search (``unlisted: true``).
UNLISTED = "unlisted"


def now() -> dt.datetime:
    """The build's clock (``reading/publication.py``: ``SOURCE_DATE_EPOCH`` when set)."""
    return publication.clock()


def state_of(
    published: dt.datetime | None,
    draft: bool,
    clock: dt.datetime,
    titled: bool = True,
    unlisted: bool = False,
) -> str:
    """The one decision, failing closed: no title or no date (each warned about) is no publication."""
    if draft or published is None or not titled:
        return DRAFT
    if published > clock:
        return SCHEDULED
    return UNLISTED if unlisted else PUBLISHED


def state_for(article, data: dict) -> str:
    """An article's state from its record and its front matter: the build's and the judge's one call."""
    return state_of(
        article.published,
        bool(data.get("draft")),
        now(),
        titled=bool(article.title),
        unlisted=bool(data.get("unlisted")),
    )


def unpublished_source(app: Sphinx, real: Path) -> str | None:
    """Why the file at ``real`` is the source of an article that is not published, or None.

    Another page may name it (``include``, ``{download}``...) before or after it is read, so it
    is judged from the file itself, by the same reader and decision as the build's; anything
    that cannot be judged counts as unpublished.
    """
    from ..reading import source as reading_source
    from ..reading.walk import read_source
    from .catalog import Article

    config = kb_config(app.config)
    if config.preview:
        return None
    try:
        rel = real.relative_to(os.path.realpath(app.srcdir)).as_posix()
    except ValueError:
        return None
    suffix = next((s for s in app.config.source_suffix if rel.endswith(s)), None)
    docname = rel[: -len(suffix)] if suffix else None
    if docname is None or config.kind_of(docname) != "article":
        return None
    try:
        text = read_source(real).decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n")
        result, _, _ = reading_source.read(
            text,
            Path(app.srcdir),
            real,
            docname,
            "article",
            config,
            app.config.language or "en",
            reading_source.cache_of(app),
        )
        article = Article.from_front_matter(docname, result.data, result.field_lines, config.zone)
        state = state_for(article, result.data)
    except (OSError, ValueError, TypeError, KeyError) as exc:
        return f"it is the source of an article whose publication cannot be decided ({exc})"
    if state in (PUBLISHED, UNLISTED):
        return None
    if state == SCHEDULED and getattr(app.env, "docname", None):
        app.env.note_reread()  # the page naming it follows the clock, as the post itself does
    return f"it is the source of an article that is not published ({state})"


def preview_from_environment(app: Sphinx, config: Config) -> None:
    # Pull-request builds on Read the Docs are previews. Set on the config itself, so
    # that switching it re-reads everything, as any "env" setting does.
    if os.environ.get("READTHEDOCS_VERSION_TYPE", "").strip().casefold() == "external":
        config.kb_preview = True


def _keep_read_list(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    # The list Sphinx returns as "read in this build" (and so writes); see withhold().
    app._kb_read_list = docnames
    _leave_out_draft_topics(app, env, docnames)


def _leave_out_draft_topics(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """A topic with ``draft: true`` is not even read: found before any page is, so the topics'
    glob toctree never lists it and no page links to it (articles citing it get the usual
    "unknown topic" warning). Left out of the environment, it is new again on the next build."""
    config = kb_config(app.config)
    if config.preview:
        return
    drafts = []
    for docname in [d for d in docnames if config.kind_of(d) == "topic"]:
        path = Path(env.doc2path(docname))
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the read that follows reports it
        result, _, _ = reading_source.read(
            text, Path(env.srcdir), path, docname, "topic", config, app.config.language or "en"
        )
        if result.data.get("draft") is True:
            drafts.append(docname)
    for docname in drafts:
        docnames.remove(docname)
        env.project.docnames.discard(docname)
        _remove_output(app, env, docname)
        Path(env.doctreedir, docname + ".doctree").unlink(missing_ok=True)
    if drafts:
        logger.info("not published (draft topics, see kb_preview): %s", ", ".join(drafts))


def withhold(app: Sphinx, env: BuildEnvironment) -> None:
    """Take unpublished articles out of this build: nothing is derived from them, nothing written."""
    kb = KnowledgeBase(env)
    if kb_config(app.config).preview:
        return
    held = sorted(d for d, article in kb.articles.items() if article.state not in (PUBLISHED, UNLISTED))
    if not held:
        return
    read = getattr(app, "_kb_read_list", [])
    for docname in held:
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)  # also out of all_docs: a new document on the next build
        env.project.docnames.discard(docname)  # not found: no page, no sitemap entry
        while docname in read:
            read.remove(docname)
        _remove_output(app, env, docname)
        # Its pickled doctree holds its whole text; with doctrees inside the output folder
        # (``sphinx-build`` without ``-d``) it would be deployed with the site.
        Path(env.doctreedir, docname + ".doctree").unlink(missing_ok=True)
    logger.info("not published (draft or scheduled, see kb_preview): %s", ", ".join(held))


def _remove_output(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """The page an earlier build wrote before the article became a draft."""
    builder = app.builder
    if not hasattr(builder, "get_outfilename"):
        return
    source = Path(env.doc2path(docname)).name
    suffix = getattr(app.config, "html_sourcelink_suffix", "") or ""
    copies = [Path(builder.get_outfilename(docname))]
    copies.append(Path(builder.outdir, "_sources", docname).with_name(source + suffix))
    for path in copies:
        if path.is_file():
            path.unlink()


def mark_preview(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Previews of drafts and scheduled posts stay out of search engines."""
    article = KnowledgeBase(app.env).articles.get(pagename)
    if article is not None and article.state != PUBLISHED:
        context["metatags"] = context.get("metatags", "") + '\n<meta name="robots" content="noindex" />'


def setup_publishing(app: Sphinx) -> None:
    from ..reading import confine

    confine.judge_sources(app, unpublished_source)
    app.connect("config-inited", preview_from_environment, priority=400)
    app.connect("env-before-read-docs", _keep_read_list)
    app.connect("env-updated", withhold, priority=100)
    app.connect("html-page-context", mark_preview)
