"""Links leave the site only as http(s) or mailto: a ``javascript:`` link is text, with a warning.

Every link a page holds, whatever made it (Markdown, a bibliography entry's ``url``
through sphinxcontrib-bibtex, another extension), is checked once it is resolved
(``doctree-resolved``, after the bibliography is drawn). A link with any other scheme
(``javascript:``, ``data:``, ``vbscript:``, ``file:``) becomes its text; a link Sphinx or
this extension resolved to a page of the site is relative, and is written so a browser
reads it as one (``relative``). Raw HTML that an author writes into a page is not
rewritten: that is the author's own markup (SECURITY.md).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Schemes a link may have; a link without a scheme is relative to the site.
ALLOWED = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
# Browsers drop these anywhere in a URL before reading its scheme ("java\tscript:").
_IGNORED = re.compile(r"[\x00-\x20\x7f]")


def scheme_of(uri: str) -> str | None:
    """The scheme a browser would read in ``uri`` (lower case), or None for a relative link."""
    match = _SCHEME.match(_IGNORED.sub("", uri))
    return match.group(1).lower() if match else None


def allowed(uri: str) -> bool:
    scheme = scheme_of(uri)
    return scheme is None or scheme in ALLOWED


def relative(uri: str) -> str:
    """A link this site computed to one of its own files, as a browser must read it: relative.

    A page named ``javascript:alert(1)`` is linked to as ``javascript:alert(1).html``, which a
    browser reads as a script address; ``./`` in front keeps any first path segment holding
    ``:`` a path. Every relative link the extension writes goes through here.
    """
    first = re.split(r"[/?#]", _IGNORED.sub("", uri), maxsplit=1)[0]
    return "./" + uri if ":" in first else uri


def neutralise_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri")
        if not uri or allowed(uri):
            continue
        if ref.get("internal"):
            ref["refuri"] = relative(uri)  # a link Sphinx resolved to a page of the site
            continue
        logger.warning(
            "link to %r: expected an http(s), mailto or relative address; the link is shown as text",
            uri[:80],
            location=ref if ref.line or ref.source else (docname, None),
            type="kb",
            subtype="link",
        )
        ref.replace_self(nodes.inline(ref.astext(), ref.astext()))


def single_page_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """singlehtml holds the root and its toctrees only: a link to another page (an article)
    leads to that page on the website when the site's address is known, else it is text."""
    if app.builder.name != "singlehtml":
        return
    from ..config import site_url
    from .render import single_page_docs

    on_page = single_page_docs(app.env)
    base = site_url(app.config)
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if not uri.startswith("#document-"):
            continue
        target, _, anchor = uri[len("#document-") :].partition("#")
        if target in on_page or target not in app.env.all_docs:
            continue
        if base:
            ref["refuri"] = base + target + ".html" + (f"#{anchor}" if anchor else "")
        else:
            ref.replace_self(nodes.inline(ref.astext(), ref.astext()))


def setup_linkpolicy(app: Sphinx) -> None:
    # Late: after sphinxcontrib-bibtex and every other extension put their links in.
    app.connect("doctree-resolved", neutralise_links, priority=900)
    app.connect("doctree-resolved", single_page_links, priority=900)
