"""Redirect pages from an article's old paths (``aliases``, ``redirect_from``, ``permalink``).

Migrated posts keep their old links working: each old path gets a small static page
with a meta refresh, a canonical link and a visible link to the article. The pages are
written from the catalog at the end of every build; the ones a previous build wrote
and no article claims any more are removed, so incremental builds equal fresh ones.

sphinx-reredirects was considered: it takes its redirects from ``conf.py`` and names
their sources as documents, while these come from front matter, as URL paths.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..config import PAGE_BUILDERS, site_url
from ..model.catalog import Catalog
from ..model.domain import KnowledgeBase
from ..pages.render import render
from ..reading.aliases import old_path
from .sitemap import all_pages
from .siteoutput import OutputLedger, page_path, write_if_changed

logger = logging.getLogger(__name__)


def redirect_file(path: str) -> str:
    """The file served at an old path: ``/a/b/`` and ``/a/b`` are ``a/b/index.html``."""
    relative = path.strip("/")
    if path.endswith("/") or not posixpath.splitext(relative)[1]:
        return posixpath.join(relative, "index.html")
    return relative


def planned_redirects(catalog: Catalog) -> dict[str, tuple[str, int]]:
    """Output file -> (article docname, line of the field), first claim by docname wins."""
    planned: dict[str, tuple[str, int]] = {}
    for docname in sorted(catalog.order):
        for text, line in catalog.articles[docname].redirects:
            path = old_path(text)
            if path is None:
                continue
            relpath = redirect_file(path)
            other = planned.get(relpath)
            if other is not None and other[0] != docname:
                logger.warning(
                    "old path %r is also claimed by %s: expected each old path in one article; "
                    "it redirects to the other",
                    text,
                    other[0],
                    location=(docname, line),
                    type="kb",
                    subtype="redirect",
                )
                continue
            planned.setdefault(relpath, (docname, line))
    return planned


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    builder = app.builder
    catalog = KnowledgeBase(app.env).catalog
    outdir = Path(app.outdir)
    pages = {page_path(builder, name) for name in all_pages(app)}
    pages |= {uri + "index.html" for uri in pages if uri.endswith("/") or not uri}
    base = site_url(app.config)
    ledger = OutputLedger(app.doctreedir, outdir, "redirects")
    for relpath, (docname, line) in planned_redirects(catalog).items():
        if relpath in pages:
            logger.warning(
                "old path %r is a page of this site: expected a path no page uses; no redirect is made",
                "/" + relpath,
                location=(docname, line),
                type="kb",
                subtype="redirect",
            )
            continue
        target = page_path(builder, docname)
        url = posixpath.relpath(target, posixpath.dirname(relpath) or ".")
        if target.endswith("/"):
            url += "/"
        article = catalog.articles[docname]
        inputs = (url, base, target, article.title, app.config.language)
        if ledger.stale(relpath, inputs):
            html = render(
                "redirect.html",
                language=app.config.language or "en",
                title=article.title,
                url=url,
                canonical=base + target if base else url,
            )
            write_if_changed(outdir / relpath, (html + "\n").encode("utf-8"))
    for relpath in set(ledger.old) - set(ledger.new):
        (outdir / relpath).unlink(missing_ok=True)  # an old path no article claims any more
    ledger.save()


def setup_redirects(app: Sphinx) -> None:
    app.connect("build-finished", write_redirects)
