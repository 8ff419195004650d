"""Where a page sits: breadcrumbs (home, section, page) and its section marked in the sidebar.

Articles, topics, tag, author and category pages are in no toctree, so Sphinx marks nothing
current in their sidebar and a reader cannot tell where they are. Each kind of page has a
section, the overview that lists its kind: the archive (``kb_archive_page``) for articles,
the topics overview (``kb_topics_dir`` as a page) for topics, the tags, authors and
categories overviews for their pages. A continuation page (page 2 of a list) sits under the
page its list starts on. The trail is drawn above the page's content (``themes/page.html``)
and given to search engines as a schema.org ``BreadcrumbList`` (``outputs/seo.py``); the sidebar's navigation
(``navcache.py``) marks the section's entry as Sphinx marks an ancestor of the current page.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.locale import _

from ..config import PAGE_BUILDERS, KBConfig, kb_config
from ..model.catalog import Catalog
from ..model.domain import KnowledgeBase
from .tagpages import term_slug

_OVERVIEWS = {"tag": "tags_page", "author": "authors_page", "category": "categories_page"}


def section_of(config: KBConfig, catalog: Catalog, pagename: str) -> str | None:
    """The overview page a page belongs under, by its kind; None for other pages."""
    if pagename in catalog.articles:
        return config.archive_page
    if catalog.topic_at(pagename) is not None:
        return config.topics_dir
    found = term_slug(config, pagename)
    if found is not None:
        return getattr(config, _OVERVIEWS[found[0]])
    return None


def trail(app: Sphinx, pagename: str, owner: str | None = None) -> list[str]:
    """The pages above ``pagename``, from the home page down (docnames that exist)."""
    env = app.env
    config = kb_config(app.config)
    catalog = KnowledgeBase(env).catalog
    above = [owner] if owner else []
    section = section_of(config, catalog, owner or pagename)
    if section is not None:
        above.insert(0, section)
    docs = [app.config.root_doc, *above]
    # The owner of a continuation page may be a generated page (a tag's): it exists.
    return [doc for doc in dict.fromkeys(docs) if doc != pagename and (doc in env.all_docs or doc == owner)]


def _title(app: Sphinx, docname: str, context: dict) -> str:
    if docname == app.config.root_doc:
        return _("Home")
    if docname == context.get("kb_owner"):
        return context.get("kb_owner_title") or docname
    title = app.env.titles.get(docname)
    return title.astext() if title is not None else docname


def crumbs(app: Sphinx, pagename: str, context: dict) -> list[tuple[str, str]] | None:
    """(title, docname) from the home page down to the page itself; None: no trail shown."""
    if app.builder.name not in PAGE_BUILDERS:
        return None
    above = trail(app, pagename, context.get("kb_owner"))
    if len(above) < 2 and not context.get("kb_owner"):
        return None  # only the home page above: the logo already leads there
    here = Markup(context.get("title") or "").striptags()
    return [(_title(app, doc, context), doc) for doc in above] + [(here, pagename)]


def add_breadcrumbs(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    found = crumbs(app, pagename, context)
    if not found:
        return
    context["kb_trail"] = found  # also given to search engines (outputs/seo.py)
    *above, (here, _page) = found
    links = [(app.builder.get_relative_uri(pagename, doc), title) for title, doc in above]
    items = "".join(f'<li><a href="{escape(href)}">{escape(title)}</a></li>' for href, title in links)
    context["kb_breadcrumbs"] = Markup(
        f'<nav class="kb-breadcrumbs" aria-label="{escape(_("Breadcrumb"))}"><ol>{items}'
        f'<li><span aria-current="page">{escape(here)}</span></li></ol></nav>'
    )


def mark_section(html: str, href: str) -> str:
    """The navigation with the entry linking to ``href`` marked as an ancestor of the page."""
    pattern = re.compile(
        r'<li class="(toctree-l\d+)"><a class="reference internal" href="' + re.escape(href) + '">'
    )
    return pattern.sub(
        lambda m: f'<li class="{m.group(1)} current"><a class="current reference internal" href="{href}">',
        html,
        count=1,
    )


def sidebar_section(app: Sphinx, pagename: str, context: dict) -> str | None:
    """The relative link of the sidebar entry to mark for a page outside the toctree."""
    above = trail(app, pagename, context.get("kb_owner"))
    section = next((doc for doc in above if doc != app.config.root_doc), None)  # not a tag's page 1
    return app.builder.get_relative_uri(pagename, section) if section else None


def setup_breadcrumbs(app: Sphinx) -> None:
    # Before outputs/seo.py (priority 400), which writes the trail into the page's JSON-LD.
    app.connect("html-page-context", add_breadcrumbs, priority=350)
