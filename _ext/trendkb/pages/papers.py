"""``kb-papers``: every paper of the bibliography, with its link and the pages citing it.

The directive leaves a placeholder and records itself as a listing (kind ``papers``),
so ``updates.py`` rewrites the page when the papers or their citations change; the
list is drawn at ``doctree-resolved`` from sphinxcontrib-bibtex's data (see
``model/bibliography.py``). Without sphinxcontrib.bibtex the directive only warns.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import nodes as kbnodes
from ..model import bibliography
from ..model.domain import KnowledgeBase
from .linkpolicy import relative
from .listings import ListingSpec

logger = logging.getLogger(__name__)
SPEC = ListingSpec(kind="papers")


class paper_list(kbnodes.kb_placeholder):
    """Every paper of the bibliography, grouped by year."""


class PapersDirective(SphinxDirective):
    """``kb-papers``: the bibliography as a list, newest year first."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        if not bibliography.enabled(self.env):
            logger.warning(
                "directive 'kb-papers': expected sphinxcontrib.bibtex in extensions (with bibtex_bibfiles)",
                location=self.get_location(),
                type="kb",
                subtype="papers",
            )
            return []
        for path in bibliography.bib_files(self.env):
            self.env.note_dependency(path)  # an edited .bib file re-reads this page
        node = paper_list(spec=SPEC)
        self.set_source_info(node)
        return [node]


def record_papers(app: Sphinx, doctree: nodes.document) -> None:
    # Runs after listings.record_listings (higher priority number), so it adds to its record.
    if any(doctree.findall(paper_list)):
        kb = KnowledgeBase(app.env)
        kb.listings[app.env.docname] = (*kb.listings.get(app.env.docname, ()), SPEC)


def _title(env: BuildEnvironment, docname: str) -> str:
    return env.titles[docname].astext() if docname in env.titles else docname


def digest_input(env: BuildEnvironment) -> tuple:
    """Everything the papers list shows, for change detection."""
    return tuple(
        (p.key, p.title, p.authors, p.year, p.venue, p.url, tuple((d, _title(env, d)) for d in p.cited_by))
        for p in bibliography.papers(env)
    )


def _year_key(paper: bibliography.Paper) -> tuple:
    # Newest year first; within a year by first author, then title.
    year = int(paper.year) if paper.year.isdigit() else 0
    return (-year, paper.authors[0].split()[-1].lower() if paper.authors else "", paper.title.lower())


def _paper_item(app: Sphinx, docname: str, paper: bibliography.Paper) -> nodes.list_item:
    item = nodes.list_item(ids=[nodes.make_id(f"paper-{paper.key}")], classes=["kb-paper"])
    para = nodes.paragraph()
    title = nodes.Text(paper.title)
    if paper.url:
        para += nodes.reference("", "", title, refuri=paper.url, classes=["kb-paper__title"])
    else:
        para += nodes.inline("", "", title, classes=["kb-paper__title"])
    about = ", ".join(part for part in (bibliography.short_authors(paper.authors), paper.venue) if part)
    if about:
        para += nodes.Text(f". {about}.")
    item += para
    cited = nodes.paragraph(classes=["kb-paper__cited-by"])
    links = []
    for other in paper.cited_by:
        try:
            uri = relative(app.builder.get_relative_uri(docname, other))
        except NoUri:
            continue
        links.append(nodes.reference("", _title(app.env, other), internal=True, refuri=uri))
    if links:
        cited += nodes.Text("Cited on: ")
        for index, ref in enumerate(links):
            if index:
                cited += nodes.Text(", ")
            cited += ref
    else:
        cited += nodes.Text("Not cited on any page yet.")
    item += cited
    return item


def paper_nodes(app: Sphinx, docname: str) -> list[nodes.Node]:
    papers = sorted(bibliography.papers(app.env), key=_year_key)
    if not papers:
        return [nodes.paragraph("", "No papers yet.", classes=["kb-empty"])]
    result: list[nodes.Node] = []
    current = None
    for paper in papers:
        year = paper.year or "Undated"
        if year != current:
            current = year
            rubric = nodes.rubric("", year, ids=[nodes.make_id(f"papers-{year}")])
            rubric["heading-level"] = 2  # an <h2>, so the years are in the outline
            result.append(rubric)
            result.append(nodes.bullet_list(classes=["kb-paper-list"]))
        result[-1] += _paper_item(app, docname, paper)
    return result


def resolve_papers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(paper_list)):
        node.replace_self(paper_nodes(app, docname))


def _entry_line(text: str, key: str) -> int | None:
    needle = "{" + key + ","
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line.replace(" ", ""):
            return number
    return None


def check_links(app: Sphinx, env: BuildEnvironment) -> None:
    """A paper without a link is a warning at its entry in the .bib file."""
    missing = [paper.key for paper in bibliography.papers(env) if not paper.url]
    if not missing:
        return
    texts = {}
    for path in bibliography.bib_files(env):
        try:
            texts[path] = Path(path).read_text(encoding=app.config.bibtex_encoding)
        except (OSError, UnicodeDecodeError):
            continue
    for key in missing:
        location = next(
            ((path, line) for path, text in texts.items() if (line := _entry_line(text, key))), None
        )
        logger.warning(
            "paper %r has no link: expected a url, doi or eprint (arXiv) field",
            key,
            location=f"{location[0]}:{location[1]}" if location else None,
            type="kb",
            subtype="papers",
        )


def visit_citation(self, node: nodes.citation) -> None:
    """A reference list entry as a list item.

    docutils wraps the entries in ``role="list"`` but gives each the deprecated
    ``doc-biblioentry`` role, which is no list item: axe and Lighthouse report the list
    as broken (aria-required-children, aria-deprecated-role).
    """
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


def _prepare_bibtex(app: Sphinx, config) -> None:
    if "sphinxcontrib.bibtex" in config.extensions:
        bibliography.install_safe_parser()
        bibliography.cache_latex_decoding()


def _bind_policy(app: Sphinx) -> None:
    from ..reading.confine import policy

    if "sphinxcontrib.bibtex" in app.config.extensions:
        bibliography.bind_policy(app, policy(app))


def setup_papers(app: Sphinx) -> None:
    app.connect("config-inited", _prepare_bibtex)
    # Just before and after sphinxcontrib-bibtex parses its files (builder-inited, 500).
    app.connect("builder-inited", _bind_policy, priority=499)
    app.connect("builder-inited", lambda app: bibliography.bind_policy(app, None), priority=501)
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.add_node(paper_list)
    app.add_directive("kb-papers", PapersDirective)
    app.connect("doctree-read", record_papers, priority=600)
    app.connect("doctree-resolved", resolve_papers)
    app.connect("env-check-consistency", check_links)
