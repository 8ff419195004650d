"""Who links to whom: every authored internal link of a page, and the reverse map.

Links are collected at ``doctree-read`` from ``pending_xref`` nodes, before they are
resolved, so each target is kept raw: a docname (MyST links, ``<project:...>``,
``{doc}``), a label (``{ref}``) or a topic slug (``{topic}``). Labels live in the std
domain, which is complete only once every document is read, so the reverse map is
derived in the main process after reading (``backlinks``), from plain data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from docutils import nodes
from sphinx import addnodes
from sphinx.util import docname_join


@dataclass(frozen=True)
class Link:
    """One link of a page: what it points at, and the section of the page it stands in."""

    kind: str  # "doc" (a docname), "label" (a std label) or "topic" (a topic slug)
    target: str
    anchor: str | None = None  # the id of the section holding the link; None: the page's top
    section: str | None = None  # that section's title


@dataclass(frozen=True)
class Backlink:
    """A page linking to another, and the sections of it that hold the links (in page order)."""

    source: str
    sections: tuple[tuple[str, str], ...] = ()  # (anchor, title)


def _raw_target(ref: addnodes.pending_xref) -> tuple[str, str] | None:
    domain, kind, target = ref.get("refdomain"), ref.get("reftype"), ref.get("reftarget") or ""
    if domain == "doc" and kind == "myst":  # MyST resolved the path to a docname already
        return "doc", target
    if domain == "std" and kind == "doc":
        return "doc", docname_join(ref.get("refdoc", ""), target)
    if domain == "std" and kind in ("ref", "numref"):
        return "label", target.lower()
    if domain == "kb" and kind == "topic":
        return "topic", target
    if domain in (None, "") and kind == "myst" and target:  # [text](#label) or [text](label)
        return "label", target.removeprefix("#").lower()
    return None


def _section(ref: nodes.Node, doctree: nodes.document) -> tuple[str | None, str | None]:
    node = ref.parent
    while node is not None and not isinstance(node, nodes.section):
        node = node.parent
    # The page's top section is the page itself, not one of its sections.
    if node is None or node.parent is doctree or not node["ids"]:
        return None, None
    return node["ids"][0], node[0].astext() if isinstance(node[0], nodes.title) else node["ids"][0]


def collect(doctree: nodes.document) -> tuple[Link, ...]:
    """Every internal link of a parsed page, in page order."""
    found = []
    for ref in doctree.findall(addnodes.pending_xref):
        raw = _raw_target(ref)
        if raw is not None:
            found.append(Link(*raw, *_section(ref, doctree)))
    return tuple(dict.fromkeys(found))


def backlinks(
    links: Mapping[str, Iterable[Link]],
    docs: Iterable[str],
    labels: Mapping[str, str],
    topics: Mapping[str, str],
    title: Mapping[str, str],
) -> dict[str, tuple[Backlink, ...]]:
    """docname -> the pages linking to it, by title.

    ``labels`` maps a std label to its page, ``topics`` a topic slug to its page,
    ``title`` a page to its title (for the order). Links to the page itself, and to
    what does not exist, are left out.
    """
    docs = set(docs)
    found: dict[str, dict[str, dict]] = {}
    for source, page_links in links.items():
        if source not in docs:
            continue
        for link in page_links:
            if link.kind == "doc":
                target = link.target
            else:
                target = (labels if link.kind == "label" else topics).get(link.target)
            if target is None or target == source or target not in docs:
                continue
            sections = found.setdefault(target, {}).setdefault(source, {})
            if link.anchor:
                sections.setdefault(link.anchor, link.section or link.anchor)
    return {
        target: tuple(
            Backlink(source, tuple(sections.items()))
            for source, sections in sorted(
                sources.items(), key=lambda item: (title.get(item[0], item[0]).casefold(), item[0])
            )
        )
        for target, sources in sorted(found.items())
    }
