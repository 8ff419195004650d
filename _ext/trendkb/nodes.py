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


class article_footer(kb_placeholder):
    """The topics an article discusses and its related articles."""


class topic_header(kb_placeholder):
    """A topic's summary, status and tags, under its title."""


class topic_footer(kb_placeholder):
    """The articles discussing a topic and its related topics."""


class topic_grid(kb_placeholder):
    """A card grid of every topic."""


class topic_map(kb_placeholder):
    """The mermaid graph of topics and their relations."""


class backlinks(kb_placeholder):
    """The pages linking to this one ("Linked from"), at the end of every page."""
