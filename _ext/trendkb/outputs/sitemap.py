"""Make sphinx-sitemap's sitemap list every page, in a stable order.

sphinx-sitemap collects the pages written *in this build*, from every process: after
an incremental build its sitemap would hold only the rewritten pages, and with ``-j``
their order varies. Just before it writes, every page of the site is added through its
own link function and the queue is put in order, so the sitemap equals a fresh build's.
"""

from __future__ import annotations

import queue

from sphinx.application import Sphinx

from ..config import PAGE_BUILDERS, kb_config
from ..model.domain import KnowledgeBase
from ..pages.tagpages import generated_pages


def _drain(links) -> dict[str, str | None]:
    found = {}
    while True:
        try:
            link, last_updated = links.get_nowait()
        except queue.Empty:
            return found
        found[link] = last_updated or found.get(link)


def all_pages(app: Sphinx) -> set[str]:
    catalog = KnowledgeBase(app.env).catalog
    config = kb_config(app.config)
    generated = {page.pagename for page in generated_pages(config, catalog)}
    return set(app.env.found_docs) | {"genindex", "search"} | generated


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.name not in PAGE_BUILDERS:
        return
    from sphinx_sitemap import add_html_link

    written = _drain(links)
    # From here on an in-process queue: sphinx-sitemap's own is a multiprocessing
    # proxy, and a round trip per page adds up at thousands of pages.
    app.sitemap_links = local = queue.Queue()
    for pagename in sorted(all_pages(app)):
        add_html_link(app, pagename, None, {}, None)
    every = _drain(local) | {link: stamp for link, stamp in written.items() if stamp}
    for link in sorted(every):
        local.put((link, every[link]))


def setup_sitemap(app: Sphinx) -> None:
    # Before sphinx-sitemap writes the file (its handler has the default priority, 500).
    app.connect("build-finished", complete_sitemap, priority=400)
