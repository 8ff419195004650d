"""Redirect pages from the old paths of articles and topics (``aliases``, ``redirect_from``, ``permalink``).

Migrated posts, and topics that absorbed an older page, keep their old links working:
each old path gets a small static page with a meta refresh, a canonical link and a
visible link to its page. The pages are written from the catalog at the end of every
build, after every other output has claimed its files (``owners.py``): a redirect
never takes a path another producer owns, and never replaces a file it did not write
(its own files are recorded with their digest). One that no page claims any more is
removed by the build's cleanup (``lifecycle.py``), which only removes what it wrote.

sphinx-reredirects was considered: it takes its redirects from ``conf.py`` and names
their sources as documents, while these come from front matter, as URL paths.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..config import PAGE_BUILDERS, site_url
from ..model.catalog import Catalog
from ..model.domain import KnowledgeBase
from ..pages.linkpolicy import relative
from ..pages.render import render
from ..reading import urlpaths
from . import owners
from .lifecycle import state_file
from .siteoutput import page_path

logger = logging.getLogger(__name__)


def redirect_file(path: str) -> str:
    """The file served at an old path: ``/a/b/`` and ``/a/b`` are ``a/b/index.html``."""
    return urlpaths.output_file(path)


def _warn(message: str, *args, location) -> None:
    logger.warning(message, *args, location=location, type="kb", subtype="redirect")


def planned_redirects(catalog: Catalog) -> dict[str, tuple[str, int, str]]:
    """Output file -> (docname, line of the field, title), first claim by docname wins."""
    records = [catalog.articles[d] for d in catalog.order] + list(catalog.topics.values())
    planned: dict[str, tuple[str, int, str]] = {}
    seen: dict[str, str] = {}  # key (case-folded) -> the file first planned there
    for record in sorted(records, key=lambda r: r.docname):
        for text, line in record.redirects:
            try:
                relpath = urlpaths.output_file(text)
            except urlpaths.Refused:
                continue  # warned about when the file was read
            k = urlpaths.key(relpath)
            other = planned.get(seen.get(k, ""))
            if other is not None:
                if other[0] != record.docname:
                    _warn(
                        "old path %r is also claimed by %s: expected each old path in one page; "
                        "it redirects to the other",
                        text,
                        other[0],
                        location=(record.docname, line),
                    )
                continue
            seen[k] = relpath
            planned[relpath] = (record.docname, line, record.title or record.docname)
    return planned


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_record(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def _ours(path: Path, recorded: str | None, data: bytes) -> bool:
    """Whether the file at ``path`` is absent, a redirect page this extension wrote, or ``data`` already."""
    if not path.exists() and not path.is_symlink():
        return True
    if path.is_symlink() or not path.is_file():
        return False
    try:
        found = _digest(path.read_bytes())
    except OSError:
        return False
    return found in (recorded, _digest(data))


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    builder = app.builder
    catalog = KnowledgeBase(app.env).catalog
    outdir = Path(app.outdir)
    base = site_url(app.config)
    record_path = state_file(app, "redirect-files", ".json")
    recorded, written = _read_record(record_path), {}
    for relpath, (docname, line, title) in planned_redirects(catalog).items():
        location = (docname, line)
        if not owners.claim(app, relpath, f"the redirect from {docname}", location=location):
            continue
        target = page_path(builder, docname)
        url = relative(posixpath.relpath(target, posixpath.dirname(relpath) or "."))
        if target.endswith("/"):
            url += "/"
        html = render(
            "redirect.html",
            language=app.config.language or "en",
            title=title,
            url=url,
            canonical=base + target if base else url,
        )
        data = (html + "\n").encode("utf-8")
        if not _ours(outdir / relpath, recorded.get(relpath), data):
            _warn(
                "old path %r: the output folder already holds a file there that this build did not "
                "write; no redirect is made (expected a path no other file uses)",
                "/" + relpath,
                location=location,
            )
            continue
        if owners.write(app, relpath, data, f"the redirect from {docname}", location=location):
            written[relpath] = _digest(data)
    # Keep the digests of old redirects until the cleanup has removed them (or seen them replaced).
    kept = {p: d for p, d in recorded.items() if p not in written and (outdir / p).is_file()}
    if {**kept, **written} != recorded:
        record_path.parent.mkdir(parents=True, exist_ok=True)
        record_path.write_text(json.dumps({**kept, **written}, sort_keys=True), encoding="utf-8")


def setup_redirects(app: Sphinx) -> None:
    # After the other outputs claimed their files (at write-started, or just now: feeds,
    # catalog, pictures, sitemap), before the cleanup (1000) and the search index (1001).
    app.connect("build-finished", write_redirects, priority=900)
