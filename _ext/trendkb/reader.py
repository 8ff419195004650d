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
from sphinx.application import Sphinx
from sphinx.util import logging

from . import frontmatter
from . import nodes as kbnodes
from .catalog import Article
from .config import kb_config
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


def read_article_source(app: Sphinx, docname: str, source: list[str]) -> None:
    if not kb_config(app.config).is_article(docname):
        return
    text = source[0]
    result = frontmatter.read(text, "article")
    for problem in result.problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype=problem.subtype)

    article = Article.from_front_matter(docname, result.data)
    KnowledgeBase(app.env).articles[docname] = article

    lines = text.lstrip("\ufeff").split("\n")
    if result.block_lines > 0:
        # Blank the block line for line, so body warnings keep their line numbers.
        lines[: result.block_lines] = [""] * result.block_lines
    if article.title and not _body_has_title(lines[max(result.block_lines, 0) :]):
        lines[0] = "# " + markdown_literal(article.title)
    source[0] = "\n".join(lines)


def _first_paragraph(doctree: nodes.document) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        text = " ".join(paragraph.astext().split())
        if text:
            if len(text) > EXCERPT_LENGTH:
                text = text[: EXCERPT_LENGTH - 1].rsplit(" ", 1)[0] + "\u2026"
            return text
    return ""


def process_article_doctree(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    kb = KnowledgeBase(env)
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

    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and isinstance(section[0], nodes.title):
        section.insert(1, kbnodes.byline())
        section.append(kbnodes.neighbours())
    else:
        doctree.insert(0, kbnodes.byline())
        doctree.append(kbnodes.neighbours())


def setup_reader(app: Sphinx) -> None:
    app.connect("source-read", read_article_source)
    app.connect("doctree-read", process_article_doctree)
