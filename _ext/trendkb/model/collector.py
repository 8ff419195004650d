"""Reading articles: front matter in, records and placeholders out.

``source-read`` takes the front matter off the text (so MyST never sees it and the
line numbers of the body do not move) and stores a validated record;
``doctree-read`` adds what needs the parsed body: reading time, an excerpt when the
author gave none (``excerpts.py``), and the byline and neighbour placeholders.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .. import nodes as kbnodes
from ..config import kb_config
from ..reading import confine, frontmatter, headings
from ..reading import source as reading_source
from . import excerpts, media, publishing
from .catalog import Article, Mention, Topic
from .domain import KnowledgeBase

logger = logging.getLogger(__name__)


def read_source(app: Sphinx, docname: str, source: list[str]) -> None:
    config = kb_config(app.config)
    kind = config.kind_of(docname)
    if kind is None:
        return
    text = source[0]
    env = app.env
    result, normalizer, origin = reading_source.read(
        text,
        Path(env.srcdir),
        Path(env.doc2path(docname)),
        docname,
        kind,
        config,
        app.config.language or "en",
        reading_source.cache_of(app),
    )
    for path in origin.dependencies:
        env.note_dependency(path)  # an authors or folder-metadata file: edits re-read the post
    if origin.not_a_post:
        logger.info(f"{origin.not_a_post}, not a post: not published", location=(docname, 1))
    for problem in result.problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype=problem.subtype)

    kb = KnowledgeBase(app.env)
    if kind == "article":
        record = Article.from_front_matter(
            docname, result.data, result.field_lines, config.zone, result.item_lines
        )
        record = dataclasses.replace(
            record,
            language=result.data.get("language") or (app.config.language or "en"),
            translation_key=result.data.get("translation_key") or origin.base,
            profiles=tuple(normalizer.profiles),
            engine=origin.engine.key,
        )
        record = kb.articles[docname] = _complete_article(app, record, result.data, normalizer)
    else:
        record = kb.topics[docname] = Topic.from_front_matter(
            docname, result.data, result.field_lines, result.item_lines
        )

    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    heading = record.title or _untitled_heading(record, first_line, result.block_lines)
    # Front matter blanked line for line (body warnings keep their line numbers), and the
    # front-matter title as the page's one level-1 heading.
    lines, notes = headings.page_lines(text, result.block_lines, heading)
    app.env.temp_data["kb_title_line"] = bool(heading)  # reading/foreign.py leaves it as written
    for note in notes:
        logger.info(note.message, location=(docname, note.line + 1), type="kb", subtype="title")
    source[0] = "\n".join(lines)


def _untitled_heading(record: Article | Topic, first_line: str, block_lines: int) -> str | None:
    """A topic without a valid title is headed by its slug, where its first line is free."""
    if isinstance(record, Topic) and (block_lines > 0 or not first_line.strip()):
        return record.slug
    return None


def _complete_article(app: Sphinx, article: Article, data: dict, normalizer) -> Article:
    """What the front matter alone does not say: publish state, picture, custom keys."""
    env = app.env
    changes: dict = {"custom": tuple(normalizer.custom.items())}
    changes["state"] = publishing.state_for(article, data)
    if changes["state"] != publishing.PUBLISHED and kb_config(app.config).preview:
        env.note_reread()  # a scheduled post's badge follows the clock
    if article.image:
        image, problem = media.resolve(article.image, confine.policy(app), Path(env.doc2path(env.docname)))
        if problem:
            logger.warning(problem, location=(env.docname, article.image_line), type="kb", subtype="image")
        elif not media.is_remote(image):
            env.note_dependency(Path(env.srcdir) / image)
        changes["image"] = image
    return dataclasses.replace(article, **changes)


def auto_excerpt(app: Sphinx, doctree: nodes.document) -> str:
    """The text before the excerpt marker, else the first paragraph (``model/excerpts.py``)."""

    def title(slug: str) -> str | None:
        return _topic_title(app, slug)

    return excerpts.before_marker(doctree, title) or excerpts.first_paragraph(doctree, title)


def _topic_title(app: Sphinx, slug: str) -> str | None:
    """A topic's title, read from its file (topics are read after articles, and an incremental
    build may not read the topic again): an excerpt shows it, so the article is read again when
    the file changes."""
    env = app.env
    path = Path(env.srcdir) / kb_config(app.config).topics_dir / f"{slug}.md"
    if "/" in slug or slug.startswith(".") or not path.is_file():
        return None
    env.note_dependency(str(path))
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    title = frontmatter.read(text, "topic").data.get("title")
    return title if isinstance(title, str) else None


def _insert_placeholders(
    doctree: nodes.document, header: nodes.Element, footers: list[nodes.Element]
) -> None:
    """Put ``header`` under the page title and ``footers`` at the end of its section."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and isinstance(section[0], nodes.title):
        section.insert(1, header)
        section.extend(footers)
    else:
        doctree.insert(0, header)
        doctree.extend(footers)


def record_mentions(app: Sphinx, doctree: nodes.document) -> None:
    """Every ``{topic}`` reference of a page, with the section it stands in."""
    found = []
    for ref in doctree.findall(addnodes.pending_xref):
        if ref.get("refdomain") != "kb" or ref.get("reftype") != "topic":
            continue
        section = next((a for a in _ancestors(ref) if isinstance(a, nodes.section)), None)
        # The page's top section is the page itself, not "a section of the article".
        if section is None or section.parent is doctree:
            found.append(Mention(ref["reftarget"]))
        else:
            found.append(Mention(ref["reftarget"], section["ids"][0], section[0].astext()))
    if found:
        KnowledgeBase(app.env).mentions[app.env.docname] = tuple(found)


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def process_doctree(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    kb = KnowledgeBase(env)
    if docname in kb.topics:
        _insert_placeholders(doctree, kbnodes.topic_header(), [kbnodes.topic_footer()])
        return
    article = kb.articles.get(docname)
    if article is None:
        return
    # Articles live outside every toctree by design: no sidebar grows with them.
    env.metadata[docname]["orphan"] = True

    words = len(doctree.astext().split())
    minutes = max(1, math.ceil(words / kb_config(app.config).words_per_minute))
    kb.articles[docname] = dataclasses.replace(
        article,
        reading_minutes=minutes,
        excerpt=article.excerpt or auto_excerpt(app, doctree),
    )

    _insert_placeholders(doctree, kbnodes.byline(), [kbnodes.article_footer(), kbnodes.neighbours()])


def literal_title(app: Sphinx, doctree: nodes.document) -> None:
    """The page's title is the front-matter title exactly, in the heading, ``<title>`` and navigation.

    Sphinx's SmartQuotes curl quotes and dashes of the injected ``# title``, while
    listings, feeds and JSON-LD show the front matter: the heading text is put back.
    A topic without a valid title is headed by its slug (``read_source``; here, when
    its first line held text), so its page is still built and navigation can show it.
    Runs before Sphinx's title and toc collectors.
    """
    kb = KnowledgeBase(app.env)
    docname = app.env.docname
    record = kb.articles.get(docname) or kb.topics.get(docname)
    if record is None:
        return
    section = next((n for n in doctree.children if isinstance(n, nodes.section)), None)
    if record.title:
        if section is not None and isinstance(section[0], nodes.title) and section.line in (None, 1):
            section[0][:] = [nodes.Text(record.title)]
    elif isinstance(record, Topic) and section is None:
        section = nodes.section("", nodes.title(record.slug, record.slug), names=[record.slug])
        section.extend(doctree.children[:])
        doctree.clear()
        doctree.append(section)
        doctree.note_implicit_target(section, section)


def setup_reader(app: Sphinx) -> None:
    app.connect("source-read", read_source)
    app.connect("doctree-read", literal_title, priority=400)
    app.connect("doctree-read", record_mentions)
    app.connect("doctree-read", process_doctree)
