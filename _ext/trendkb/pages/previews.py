"""Preview cards on hover and focus: data written into the links at build time.

A previewable link carries its card as escaped data attributes
(``data-kb-preview`` title, ``-meta`` status or date, ``-text`` summary or excerpt),
so the card needs no request at all; the templates add them to listings and footers
(``_preview.html``), and this module to ``{topic}`` references in the body. The
script and stylesheet (``static/kb-previews.*``) are added only to pages that have
such a link.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx

from ..config import PAGE_BUILDERS
from ..model.domain import KnowledgeBase
from .render import readable_date

SCRIPT = "kb-previews.js"
STYLESHEET = "kb-previews.css"
MARKER = "data-kb-preview="
#: Builders whose pages run the script: the single page too, not e-books.
BUILDERS = PAGE_BUILDERS | {"singlehtml"}


def attributes(title: str, meta: str | None, text: str | None) -> str:
    """The data attributes of one card, escaped for a double-quoted HTML attribute."""
    parts = [f' data-kb-preview="{escape(title)}"']
    if meta:
        parts.append(f' data-kb-preview-meta="{escape(meta)}"')
    if text:
        parts.append(f' data-kb-preview-text="{escape(text)}"')
    return "".join(parts)


def _topic_reference(ref: nodes.reference, topic) -> nodes.raw:
    """The ``{topic}`` link as HTML, as Sphinx writes it, plus its card."""
    inner = ref[0] if len(ref) == 1 and isinstance(ref[0], nodes.inline) else None
    text = escape(ref.astext())
    if inner is not None and inner["classes"]:
        text = f'<span class="{escape(" ".join(inner["classes"]))}">{text}</span>'
    classes = " ".join(["reference", "internal", *ref["classes"]])
    html = (
        f'<a class="{escape(classes)}" href="{escape(ref["refuri"])}"'
        f"{attributes(topic.title, topic.status, topic.summary)}>{text}</a>"
    )
    return nodes.raw("", html, format="html")


def preview_topic_references(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``{topic}`` links (resolved by the kb domain, marked ``kb_topic``) get their card."""
    if app.builder.name not in BUILDERS:
        return
    topics = KnowledgeBase(app.env).catalog.topics
    for ref in list(doctree.findall(nodes.reference)):
        topic = topics.get(ref.get("kb_topic", ""))
        if topic is not None and ref.get("refuri") is not None:
            ref.replace_self(_topic_reference(ref, topic))


def article_meta(builder, article) -> str:
    return readable_date(builder, article.date) if article.date else ""


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The script and its stylesheet, on the pages that have a previewable link."""
    if app.builder.name in BUILDERS and MARKER in str(context.get("body", "")):
        app.add_css_file(STYLESHEET)
        app.add_js_file(SCRIPT, loading_method="defer")


def setup_previews(app: Sphinx) -> None:
    app.connect("doctree-resolved", preview_topic_references)
    app.connect("html-page-context", add_assets)
