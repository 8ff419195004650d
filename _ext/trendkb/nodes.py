"""Placeholder nodes: inserted while reading, replaced at ``doctree-resolved``."""

from __future__ import annotations

from docutils import nodes


class kb_placeholder(nodes.General, nodes.Element):
    """Base of every placeholder; ``spec`` holds what to render."""


class byline(kb_placeholder):
    """Date, author, reading time and tags under an article's title."""


class neighbours(kb_placeholder):
    """Links to the newer and the older article, at the end of an article."""


class article_list(kb_placeholder):
    """A listing of articles (all, by tag, featured, by year)."""


class tag_index(kb_placeholder):
    """Every tag with its number of articles."""
