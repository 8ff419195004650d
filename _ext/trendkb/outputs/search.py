"""Search that scales and filters: a Pagefind index of the ``html`` and ``dirhtml`` output.

Sphinx's search downloads the whole index (``searchindex.js``, about 1 KB per article)
for every query. Pagefind splits its index into chunks, so a query loads only the
chunks of its words. It comes from PyPI (``pagefind``, its Python API, with the binary of
``pagefind-bin``): nothing is downloaded at build time.

- What a page tells the index is read with the page (``model/searchtext.py``) and made
  into the index at the end of the build, from memory, only when indexed text changed
  (``searchindex.py``); the bundle is swapped in whole (``searchjob.py``), in the
  background for the live preview (``kb_search_background``).
- The search page (``kb-search.html``, from this extension's ``themes/``) takes its
  query and filters from the address (``?q=``, ``?tag=``), like Sphinx's, so Furo's
  sidebar box, old links and shared links keep working. Every page gets the search
  dialog (``page.html`` in ``themes/`` adds its header button; ``kb-search-dialog.js``).
- Sphinx's own index is no longer built for these builders (nothing reads it, and
  feeding it is work for the main process of a parallel write). Other builders keep
  Sphinx's search, and so does a site where Pagefind is missing (one info line).
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..config import PAGE_BUILDERS
from ..model.domain import KnowledgeBase
from . import owners, pagefindservice, searchindex
from .searchindex import BUNDLE, FILTERS, PRODUCER

logger = logging.getLogger(__name__)

THEMES = Path(__file__).resolve().parent.parent / "themes"


def pagefind_available() -> bool:
    return pagefindservice.available()


def uses_pagefind(app: Sphinx) -> bool:
    return app.builder.name in PAGE_BUILDERS and getattr(app.builder, "kb_pagefind", False)


def _add_templates_path(app: Sphinx, config) -> None:
    # A new list: the default one is shared by every app in the process (tests, autobuild),
    # and appending to it would change the configuration's hash from one build to the next.
    if str(THEMES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(THEMES)]


def _choose_search(app: Sphinx) -> None:
    if app.builder.name not in PAGE_BUILDERS:
        return
    if not pagefind_available():
        logger.info(
            "search: pagefind is not installed (pip install 'pagefind[bin]'); "
            "the search page uses Sphinx's search index"
        )
        return
    app.builder.kb_pagefind = True
    # No searchindex.js, no Sphinx search page: the page comes from _search_page.
    app.builder.search = False


def filter_values(app: Sphinx) -> dict[str, dict[str, int]]:
    """Every filter's values and their page counts, as the index will hold them."""
    catalog = KnowledgeBase(app.env).catalog
    counts: dict[str, Counter] = {name: Counter() for name in FILTERS}
    for docname in sorted({*catalog.articles, *(topic.docname for topic in catalog.topics.values())}):
        for kind, name, value in searchindex.index_fields(app, docname, dates=False) or ():
            if kind == "filter" and value:
                counts[name][value] += 1
    return {name: dict(sorted(values.items())) for name, values in counts.items()}


LABELS = {"kind": "Kind", "topic": "Topic", "tag": "Tag", "author": "Author", "year": "Year"}
#: The dialog's loader, on every page; the rest loads on first use.
DIALOG_SCRIPT = "kb-search-dialog.js"
STATIC = Path(__file__).resolve().parent.parent / "static"


@functools.cache
def assets_version() -> str:
    """A digest of the search script and styles, for their URLs (a new one after each change)."""
    files = ("kb-search.js", "kb-search.css")
    return hashlib.sha256(b"".join((STATIC / name).read_bytes() for name in files)).hexdigest()[:10]


def filter_groups(app: Sphinx) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """The search page's filter groups: (name, label, [(value, count)]), in the order shown."""
    groups = []
    for name, values in filter_values(app).items():
        if name == "year":
            ordered = sorted(values, reverse=True)
        else:
            ordered = sorted(values, key=lambda value: (value.casefold(), value))
        if ordered:
            groups.append((name, LABELS[name], [(value, values[value]) for value in ordered]))
    return groups


def _search_page(app: Sphinx):
    if uses_pagefind(app):
        # Drawn with the page, so the filters need none of Pagefind's filter chunks to appear.
        context = {"title": "Search", "kb_search_groups": filter_groups(app)}
        yield "search", context, "kb-search.html"


def add_dialog(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every page: the header button (``themes/page.html``) and the dialog's loader."""
    if uses_pagefind(app):
        context["kb_search_dialog"] = True
        context["kb_search_version"] = assets_version()
        app.add_js_file(DIALOG_SCRIPT, loading_method="defer")


def claim_bundle(app: Sphinx, builder) -> None:
    if uses_pagefind(app):
        owners.claim(app, BUNDLE, PRODUCER, folder=True)


def _begin(app: Sphinx) -> None:
    if uses_pagefind(app):
        searchindex.begin(app)


def _index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not uses_pagefind(app):
        return
    # Sphinx's index from a build before Pagefind was installed: nothing reads it now.
    Path(app.outdir, "searchindex.js").unlink(missing_ok=True)
    searchindex.build_index(app)


def setup_search(app: Sphinx) -> None:
    app.connect("config-inited", _add_templates_path)
    app.connect("builder-inited", _choose_search, priority=80)
    app.connect("html-collect-pages", _search_page)
    app.connect("html-page-context", add_dialog)
    # Before lifecycle.py (100) removes what a killed build left: an older job is stopped first.
    app.connect("builder-inited", _begin, priority=90)
    app.connect("write-started", claim_bundle, priority=200)
    # After lifecycle.py (priority 1000) removed the pages of deleted documents.
    app.connect("build-finished", _index, priority=1001)
