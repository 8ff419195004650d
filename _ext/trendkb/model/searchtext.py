"""What search indexes of a page, taken from its doctree as it is read.

Each article's and topic's text is kept per document in the domain (``KnowledgeBase.
search_texts``), purged and merged like every per-document record, so an incremental build
extracts again only the documents it read again, ``-j`` workers' records merge by
docname, and indexing never reads a page back from disk (``outputs/searchindex.py``).

Indexed: the text authors wrote, by section (headings keep their anchors). Left out:

- what the build generates: bylines, listings, related lists, maps, radar, "Linked
  from" (every ``kb_placeholder``), and navigation (toctrees);
- reference lists (sphinxcontrib-bibtex's bibliography, and the section holding one) and
  citations, whose author names would answer queries about the page's subject
  ("ViT" finding an author named Vitaly);
- math, diagrams, raw HTML, comments and images (only their captions are text).

Words are stored in their American spelling (``spelling.py``), with what was rewritten,
so excerpts can show the page's own spelling. A ``{topic}`` reference shows the topic's
title, which is known only once every page is read: it is kept as a marker and filled in
at indexing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from .. import nodes as kbnodes
from . import publishing, spelling
from .collector import auto_excerpt
from .domain import KnowledgeBase

#: Nodes whose text is not the page's own prose (see the module docstring).
SKIPPED = (
    kbnodes.kb_placeholder,
    addnodes.toctree,
    nodes.citation,
    nodes.footnote,
    nodes.footnote_reference,
    nodes.citation_reference,
    nodes.math,
    nodes.math_block,
    nodes.raw,
    nodes.comment,
    nodes.image,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.target,
)
#: Extensions whose nodes are reference lists or diagrams, named by module.
SKIPPED_MODULES = ("sphinxcontrib.bibtex", "sphinxcontrib.mermaid")
CITATION_DOMAINS = frozenset({"cite", "footcite"})
#: A ``{topic}`` reference's place: the slug's UTF-8 bytes as digits, which no spelling rule touches.
TOPIC_MARK = re.compile("\ue000([0-9]+)\ue001")


@dataclass(frozen=True)
class Block:
    level: int  # 0 for text, 1 to 6 for a heading
    anchor: str  # a heading's id ("" for text)
    text: str


@dataclass(frozen=True)
class SearchText:
    blocks: tuple[Block, ...]
    #: The page's hyphenated compounds (``fine-tuning``), hyphenated wherever the site writes them apart.
    compounds: tuple[str, ...]
    #: American form -> the page's own spelling, for its excerpts.
    spellings: tuple[tuple[str, str], ...]
    #: The first paragraph as written, without citations (topic references marked), and the
    #: excerpt the collector makes of the same paragraph: when an article's excerpt is that
    #: one, search shows this instead (Pagefind searches what it shows, and the collector's
    #: text holds citation keys and topic slugs).
    lead: str = ""
    auto_excerpt: str = ""


def topic_mark(slug: str) -> str:
    return "\ue000" + "".join(f"{byte:03d}" for byte in slug.encode("utf-8")) + "\ue001"


def marked_slug(digits: str) -> str:
    return bytes(int(digits[i : i + 3]) for i in range(0, len(digits), 3)).decode("utf-8", "replace")


def _skipped(node: nodes.Node) -> bool:
    if isinstance(node, SKIPPED) or type(node).__module__.startswith(SKIPPED_MODULES):
        return True
    return isinstance(node, addnodes.pending_xref) and node.get("refdomain") in CITATION_DOMAINS


def _text(node: nodes.Node) -> str:
    """A block's text: its inline parts, less what is not prose, with topic references marked."""
    if isinstance(node, nodes.Text):
        return str(node)
    if _skipped(node):
        return ""
    topic = isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "kb"
    if topic and not node.get("refexplicit"):
        return topic_mark(node["reftarget"])
    return "".join(_text(child) for child in node.children)


def _is_bibliography(node: nodes.Node) -> bool:
    return type(node).__module__.startswith("sphinxcontrib.bibtex")


def _holds_bibliography(section: nodes.section) -> bool:
    """A section whose own children (or a container among them) hold a reference list."""
    return any(
        _is_bibliography(child)
        or (isinstance(child, nodes.container) and any(map(_is_bibliography, child.children)))
        for child in section.children
    )


def _blocks(node: nodes.Element, level: int, out: list[Block]) -> None:
    for child in node.children:
        if not isinstance(child, nodes.Element) or _skipped(child):
            continue
        if isinstance(child, nodes.section):
            if _holds_bibliography(child):
                continue  # the page's reference list, under its heading
            title = child[0] if child.children and isinstance(child[0], nodes.title) else None
            if title is not None:
                out.append(Block(min(level + 1, 6), child["ids"][0] if child["ids"] else "", _text(title)))
            _blocks(child, level + 1, out)
        elif isinstance(child, nodes.title):
            continue  # a section's title, taken above
        elif isinstance(child, nodes.TextElement):
            text = " ".join(_text(child).split())
            if text:
                out.append(Block(0, "", text))
        else:
            _blocks(child, level, out)


def _lead(doctree: nodes.document) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(a, SKIPPED) for a in _ancestors(paragraph)):
            continue
        text = " ".join(_text(paragraph).split())
        if text:
            return text
    return ""


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def extract(doctree: nodes.document, excerpt: str = "") -> SearchText:
    """The page's search text; ``excerpt``: the one the collector would make for it."""
    found: list[Block] = []
    _blocks(doctree, 0, found)
    seen: Counter = Counter()
    blocks = tuple(Block(b.level, b.anchor, spelling.americanise(b.text, seen)) for b in found)
    compounds = set()
    for block in blocks:
        compounds |= spelling.compounds_in(block.text)
    return SearchText(
        blocks,
        tuple(sorted(compounds)),
        tuple(spelling.display_map(seen).items()),
        lead=_lead(doctree),
        auto_excerpt=excerpt,
    )


def record_search_text(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    kb = KnowledgeBase(app.env)
    article = kb.articles.get(docname)
    if docname not in kb.topics and (article is None or article.state != publishing.PUBLISHED):
        return  # only published articles and topics are searched (drafts are read every build)
    kb.search_texts[docname] = extract(doctree, auto_excerpt(app, doctree) if article else "")


def setup_searchtext(app: Sphinx) -> None:
    # After the title is the front matter's (collector.literal_title, priority 400).
    app.connect("doctree-read", record_search_text, priority=600)
