"""Reading articles: front matter in, records and placeholders out.

``source-read`` takes the front matter off the text (so MyST never sees it and the
line numbers of the body do not move) and stores a validated record;
``doctree-read`` adds what needs the parsed body: reading time, an excerpt when the
author gave none, and the byline and neighbour placeholders.
"""

from __future__ import annotations

import dataclasses
import math
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .. import nodes as kbnodes
from ..config import kb_config
from ..reading import frontmatter
from .catalog import Article, Mention, Topic
from .domain import KnowledgeBase

logger = logging.getLogger(__name__)

_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_ATX_H1 = re.compile(r"^ {0,3}#(\s|$)")
EXCERPT_LENGTH = 200


def markdown_literal(text: str) -> str:
    """Escape every ASCII punctuation mark so Markdown reads ``text`` literally."""
    return _MD_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def _body_has_title(lines: list[str]) -> bool:
    first = next((line for line in lines if line.strip()), "")
    return bool(_ATX_H1.match(first))


def read_source(app: Sphinx, docname: str, source: list[str]) -> None:
    kind = kb_config(app.config).kind_of(docname)
    if kind is None:
        return
    text = source[0]
    result = frontmatter.read(text, kind)
    for problem in result.problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype=problem.subtype)

    kb = KnowledgeBase(app.env)
    if kind == "article":
        record = kb.articles[docname] = Article.from_front_matter(docname, result.data, result.field_lines)
    else:
        record = kb.topics[docname] = Topic.from_front_matter(docname, result.data, result.field_lines)

    lines = text.lstrip("\ufeff").split("\n")
    if result.block_lines > 0:
        # Blank the block line for line, so body warnings keep their line numbers.
        lines[: result.block_lines] = [""] * result.block_lines
    if record.title and not _body_has_title(lines[max(result.block_lines, 0) :]):
        lines[0] = "# " + markdown_literal(record.title)
    source[0] = "\n".join(lines)


def _first_paragraph(doctree: nodes.document) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        text = " ".join(paragraph.astext().split())
        if text:
            if len(text) > EXCERPT_LENGTH:
                text = text[: EXCERPT_LENGTH - 1].rsplit(" ", 1)[0] + "\u2026"
            return text
    return ""


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
        excerpt=article.excerpt or _first_paragraph(doctree),
    )

    _insert_placeholders(doctree, kbnodes.byline(), [kbnodes.article_footer(), kbnodes.neighbours()])


def setup_reader(app: Sphinx) -> None:
    app.connect("source-read", read_source)
    app.connect("doctree-read", record_mentions)
    app.connect("doctree-read", process_doctree)
