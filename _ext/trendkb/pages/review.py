"""``kb-review-due``: the topics whose ``last_reviewed`` is older than ``kb_review_after_days``.

Time passing is not an error: the build says how many topics are due in one info
line and lists them on the page holding the directive, never as a warning, so a
``-W`` build stays green. "Now" is the build's clock (``SOURCE_DATE_EPOCH`` when set,
see ``model/publishing.py``); the page's digest holds the due topics, so it is
rewritten on the first build after one falls due, with no source change.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import nodes as kbnodes
from ..config import PAGE_BUILDERS, kb_config
from ..model import trends
from ..model.catalog import Catalog, Topic
from ..model.domain import KnowledgeBase
from .listings import ListingSpec
from .render import PageRenderer, readable_date, render

logger = logging.getLogger(__name__)

#: Recorded as a topics listing; ``updates.py`` adds the due topics to its page's digest.
SPEC = ListingSpec(kind="topics", layout="review")


class review_list(kbnodes.kb_placeholder):
    """The topics due for review, longest unreviewed first."""


def due_topics(config, catalog: Catalog) -> list[Topic]:
    settings = kb_config(config)
    return trends.due_for_review(
        catalog.topics.values(), trends.today(settings.zone), settings.review_after_days
    )


def digest_input(env: BuildEnvironment, catalog: Catalog) -> tuple:
    """What the review page shows: the due topics and their review dates (not today's date)."""
    return tuple((t.slug, t.title, t.last_reviewed) for t in due_topics(env.config, catalog))


class ReviewDueDirective(SphinxDirective):
    """``kb-review-due``: the topics due for review."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = review_list(spec=SPEC)
        self.set_source_info(node)
        return [node]


def record_review(app: Sphinx, doctree: nodes.document) -> None:
    # After listings.record_listings (priority 500), adding to its record.
    if any(doctree.findall(review_list)):
        kb = KnowledgeBase(app.env)
        kb.listings[app.env.docname] = (*kb.listings.get(app.env.docname, ()), SPEC)


def review_html(renderer: PageRenderer) -> str:
    config = renderer.builder.config
    entries = [
        {
            "title": topic.title,
            "url": renderer.link(topic.docname),
            "iso": topic.last_reviewed.isoformat() if topic.last_reviewed else None,
            "date": readable_date(renderer.builder, topic.last_reviewed) if topic.last_reviewed else None,
        }
        for topic in due_topics(config, renderer.catalog)
    ]
    return render("review_due.html", topics=entries, days=kb_config(config).review_after_days)


def resolve_review(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(review_list))
    if not found:
        return
    renderer = PageRenderer(app.builder, docname, KnowledgeBase(app.env).catalog)
    for node in found:
        if app.builder.format == "html":
            node.replace_self(nodes.raw("", review_html(renderer), format="html"))
        else:
            node.parent.remove(node)


def report_due(app: Sphinx, exception: Exception | None) -> None:
    """One info line per build: never a warning, so ``-W`` builds stay green as time passes."""
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    due = due_topics(app.config, KnowledgeBase(app.env).catalog)
    if due:
        days = kb_config(app.config).review_after_days
        logger.info(
            "%d topic(s) due for review (last_reviewed over %d days ago, or never): %s",
            len(due),
            days,
            ", ".join(topic.slug for topic in due),
        )


def setup_review(app: Sphinx) -> None:
    app.add_node(review_list)
    app.add_directive("kb-review-due", ReviewDueDirective)
    app.connect("doctree-read", record_review, priority=600)
    app.connect("doctree-resolved", resolve_review)
    app.connect("build-finished", report_due)
