"""The evidence under a topic's timeline: each status change's note and the papers citing it.

A ``status_history`` entry may carry a ``note`` (what happened) and ``cite`` (keys of
the bibliography). The timeline lists them, each key shown as its short authors and
year (``model/bibliography.py``) and linked to the paper's entry on the papers page
(the page with ``kb-papers``, through the builder's ``get_relative_uri``, so every
builder gets its own kind of link). A key the bibliography does not have is a warning
at the entry's line, repeated by every build until it is fixed (``model/replay.py``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..model import bibliography, trends
from ..model.catalog import Topic
from ..model.domain import KnowledgeBase
from .render import PageRenderer, at_anchor

logger = logging.getLogger(__name__)

UNKNOWN_KEY = (
    "field 'status_history', item %d, 'cite': %r is not in the bibliography: "
    "expected the key of an entry in the .bib files (bibtex_bibfiles)"
)


def papers_page(env: BuildEnvironment) -> str | None:
    """The document drawing ``kb-papers`` (the first, by name), if the site has one."""
    pages = [d for d, specs in KnowledgeBase(env).listings.items() if any(s.kind == "papers" for s in specs)]
    return min(pages) if pages else None


def anchor(key: str) -> str:
    """The id of a paper's entry on the papers page (``pages/papers.py`` makes it the same way)."""
    return nodes.make_id(f"paper-{key}")


def entries(renderer: PageRenderer, topic: Topic) -> list[dict]:
    """Each status change with its date, status, note and citations, oldest first."""
    if not topic.evidence:
        return []
    env = renderer.builder.env
    papers = papers_page(env)
    base = renderer.link(papers) if papers else None
    found = []
    for (date, status), (note, keys) in zip(topic.status_history, topic.evidence, strict=False):
        cites = []
        for key in keys:
            text = bibliography.short_reference(env, key)
            url = at_anchor(base, anchor(key)) if base is not None and text else None
            cites.append({"key": key, "text": text or key, "url": url})
        found.append(
            {"date": date, "when": trends.readable(date), "status": status, "note": note, "cites": cites}
        )
    return found


def check_citations(app: Sphinx, docname: str, source: list[str]) -> None:
    """A topic's ``cite`` keys against the bibliography: one warning per unknown key, at its entry.

    While the topic is read, after the reader stored its record (priority 500), so
    ``model/replay.py`` gives the warnings again in builds that do not read it again; a
    changed .bib file reads it again (``note_bibliography``). sphinxcontrib-bibtex has
    parsed the .bib files by then (at ``builder-inited``).
    """
    topic = KnowledgeBase(app.env).topics.get(docname)
    if topic is None or not topic.evidence:
        return
    known = bibliography.keys(app.env)
    for index, (_, keys) in enumerate(topic.evidence):
        line = topic.history_lines[index] if index < len(topic.history_lines) else 1
        for key in keys:
            if key not in known:
                logger.warning(
                    UNKNOWN_KEY, index + 1, key, location=(docname, line), type="kb", subtype="cite"
                )


def note_bibliography(app: Sphinx, doctree: nodes.document) -> None:
    """A topic citing papers in its history is read again when a .bib file changes."""
    topic = KnowledgeBase(app.env).topics.get(app.env.docname)
    if topic is not None and any(keys for _, keys in topic.evidence):
        for path in bibliography.bib_files(app.env):
            app.env.note_dependency(path)


def setup_evidence(app: Sphinx) -> None:
    app.connect("doctree-read", note_bibliography)
    app.connect("source-read", check_citations, priority=600)
