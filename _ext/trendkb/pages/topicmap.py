"""The topic map: a mermaid graph generated from the relations between topics.

Each node links to its topic page with mermaid's ``click ID href "URL"``. That works
under mermaid's default ``securityLevel: "strict"``, which the site keeps: strict turns
off only ``click ID callback`` (JavaScript functions), still sanitizes link URLs
(a ``javascript:`` link is dropped) and runs labels through DOMPurify. Nothing
here needs "antiscript" or "loose", so no other diagram is weakened for the map. The
labels are entity-escaped as well, so they stay literal text whatever the level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import nodes as kbnodes
from ..model.domain import KnowledgeBase
from .listings import ListingSpec
from .render import PageRenderer

# Mermaid entity codes for every character that could end a label or start markup.
_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    "%": "#37;",
    "[": "#91;",
    "]": "#93;",
    "(": "#40;",
    ")": "#41;",
    "{": "#123;",
    "}": "#125;",
    "|": "#124;",
    ";": "#59;",
    "\\": "#92;",
}


def mermaid_label(text: str) -> str:
    """A label mermaid shows as the literal text, whatever characters it holds."""
    return "".join(_ENTITIES.get(char, char) for char in " ".join(text.split()))


def mermaid_source(
    titles: Mapping[str, str],
    related: Mapping[str, Iterable[str]],
    urls: Mapping[str, str | None],
) -> str:
    """``graph`` source: one node per topic, one undirected edge per relation.

    Node ids are generated (``t0``, ``t1``...), so no slug or title reaches the
    syntax outside a quoted, entity-escaped label.
    """
    ids = {slug: f"t{index}" for index, slug in enumerate(titles)}
    lines = ["graph LR"]
    lines += [f'  {ids[slug]}["{mermaid_label(title)}"]' for slug, title in titles.items()]
    edges = sorted(
        {tuple(sorted((ids[a], ids[b]), key=lambda i: int(i[1:]))) for a in related for b in related[a]}
    )
    lines += [f"  {a} --- {b}" for a, b in edges]
    for slug, url in urls.items():
        if url:
            safe = url.replace('"', "%22").replace("\n", "")
            lines.append(f'  click {ids[slug]} href "{safe}"')
    return "\n".join(lines) + "\n"


class TopicMapDirective(SphinxDirective):
    """``kb-topic-map``: the graph of all topics and their relations."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = kbnodes.topic_map(spec=ListingSpec(kind="topics"))
        self.set_source_info(node)
        return [node]


def resolve_topic_map(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    from sphinxcontrib.mermaid import mermaid

    for node in list(doctree.findall(kbnodes.topic_map)):
        catalog = KnowledgeBase(app.env).catalog
        renderer = PageRenderer(app.builder, docname, catalog)
        graph = mermaid()
        graph["code"] = mermaid_source(
            {slug: topic.title for slug, topic in catalog.topics.items()},
            catalog.related_topics,
            {slug: renderer.link(topic.docname) for slug, topic in catalog.topics.items()},
        )
        graph["options"] = {}
        # sphinxcontrib-mermaid renders a bare <pre class="mermaid">, without the
        # node's classes: the container carries the hook for styles and tests.
        node.replace_self(nodes.container("", graph, classes=["kb-topic-map"]))


def setup_topicmap(app: Sphinx) -> None:
    app.add_node(kbnodes.topic_map)
    app.add_directive("kb-topic-map", TopicMapDirective)
    app.connect("doctree-resolved", resolve_topic_map)
