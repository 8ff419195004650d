"""An article's excerpt from its parsed body: plain text, as a reader sees it.

Without an excerpt in the front matter, an article's excerpt is the text before its
excerpt marker (``<!--more-->``, ``<!-- more -->``, ``<!-- truncate -->`` and MDX's
``{/* truncate */}``), else its first paragraph. Both are read from the doctree, so:

- a marker is an HTML comment of the body; one quoted in inline code or a code block is
  text, as it is on the page;
- roles are their text: a topic reference is the topic's title, a citation is nothing
  (its brackets and the space before it go too), a footnote reference is nothing, other
  references are their link text; code is its text; formulas are their TeX.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable

from docutils import nodes
from sphinx import addnodes

EXCERPT_LENGTH = 200
_MARKER = re.compile(r"^<!--\s*(?:more|truncate)\s*-->$|^\{/\*\s*truncate\s*\*/\}$", re.IGNORECASE)
#: Block nodes whose text is not part of an excerpt.
_SKIPPED = (
    nodes.title,
    nodes.literal_block,
    nodes.math_block,
    nodes.raw,
    nodes.comment,
    nodes.footnote,
    nodes.citation,
    nodes.caption,
    nodes.system_message,
    nodes.footnote_reference,
    nodes.citation_reference,
    nodes.substitution_definition,
    nodes.target,
    nodes.image,
)


class _Marker(Exception):
    """The walk reached the excerpt marker."""


def is_marker(node: nodes.Node) -> bool:
    if isinstance(node, nodes.raw) and "html" in node.get("format", "").split():
        return bool(_MARKER.match(node.astext().strip()))
    if isinstance(node, nodes.paragraph):  # MDX's marker in a post that is not MDX
        return bool(_MARKER.match(node.astext().strip()))
    return False


def before_marker(doctree: nodes.Node, topic_title: Callable[[str], str | None]) -> str | None:
    """The plain text before the body's excerpt marker, or None without one (or nothing before it)."""
    if not any(
        is_marker(node) for node in doctree.findall(lambda n: isinstance(n, (nodes.raw, nodes.paragraph)))
    ):
        return None
    pieces: list[str] = []
    with contextlib.suppress(_Marker):
        _walk(doctree, pieces, topic_title, stop=True)
    return _clean(" ".join(pieces)) or None


def first_paragraph(doctree: nodes.Node, topic_title: Callable[[str], str | None]) -> str:
    """The plain text of the body's first paragraph that has any, cut at a word near 200 characters."""
    for paragraph in doctree.findall(nodes.paragraph):
        if is_marker(paragraph) or _inside(paragraph, _SKIPPED):
            continue
        pieces: list[str] = []
        _walk(paragraph, pieces, topic_title, stop=False)
        text = _clean(" ".join(pieces))
        if text:
            if len(text) > EXCERPT_LENGTH:
                text = text[: EXCERPT_LENGTH - 1].rsplit(" ", 1)[0] + "\u2026"
            return text
    return ""


def _inside(node: nodes.Node, kinds: tuple) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent
    return False


def _walk(node: nodes.Node, pieces: list[str], topic_title, *, stop: bool) -> None:
    if stop and is_marker(node):
        raise _Marker
    if isinstance(node, nodes.Text):
        pieces.append(str(node))
        return
    if isinstance(node, _SKIPPED) or _is_citation(node):
        return
    if _is_topic(node) and not node.get("refexplicit"):
        title = topic_title(node.get("reftarget", ""))
        if title:
            pieces.append(title)
            return
    if isinstance(node, nodes.math):
        pieces.append(node.astext())
        return
    for child in node.children:
        _walk(child, pieces, topic_title, stop=stop)
    if isinstance(node, (nodes.paragraph, nodes.list_item, nodes.term, nodes.definition)):
        pieces.append(" ")


def _is_topic(node: nodes.Node) -> bool:
    return isinstance(node, addnodes.pending_xref) and (node.get("refdomain"), node.get("reftype")) == (
        "kb",
        "topic",
    )


def _is_citation(node: nodes.Node) -> bool:
    """sphinxcontrib-bibtex's ``{cite:p}`` and ``{cite:t}`` (and docutils' own citations)."""
    return isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "cite"


def _clean(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)  # brackets a citation leaves empty
    text = re.sub(r"\s+([.,;:!?)\]])", r"\1", text)
    return " ".join(text.split())
