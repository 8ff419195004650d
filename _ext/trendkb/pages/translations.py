"""An article in several languages: one listing entry, a language switcher, hreflang links.

The catalog pairs translations (``model/catalog.py``: the same translation key, from the
path without its language part, or ``translation_key``); this module shows it. Each
version's page gets its own ``lang``, a switcher in its byline (``byline.py`` asks
``versions``), ``<link rel="alternate" hreflang>`` for every version in the head, and the
sitemap lists the same alternates (``xhtml:link``), as search engines read them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from ..config import PAGE_BUILDERS, site_url
from ..model.catalog import Catalog
from ..model.domain import KnowledgeBase
from .render import PageRenderer

XHTML = "http://www.w3.org/1999/xhtml"


def language_name(code: str, in_language: str | None = None) -> str:
    """``es`` -> "Español" (the language's own name), falling back to the code."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.replace("-", "_"))
        return locale.get_display_name(in_language or locale) or code
    except (ValueError, UnknownLocaleError):
        return code


def versions(catalog: Catalog, docname: str) -> tuple[str, ...]:
    """Every version of the article ``docname`` (itself too), original first; () when it has one."""
    return catalog.translations.get(catalog.original_of.get(docname, docname), ())


def switcher(renderer: PageRenderer, docname: str) -> list[dict]:
    """The byline's language switcher: each version with its language's name and link."""
    catalog = renderer.catalog
    return [
        {
            "code": catalog.articles[other].language,
            "name": language_name(catalog.articles[other].language),
            "url": renderer.link(other),
            "current": other == docname,
        }
        for other in versions(catalog, docname)
    ]


def head_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The page's own language, and hreflang alternates for each version of the article."""
    catalog = KnowledgeBase(app.env).catalog
    article = catalog.articles.get(pagename)
    if article is None:
        return
    context["language"] = article.language
    base = site_url(app.config)
    if app.builder.name not in PAGE_BUILDERS or base is None:
        return
    found = versions(catalog, pagename)
    links = ""
    pairs = [(catalog.articles[other].language, other) for other in found]
    if found:
        pairs.append(("x-default", found[0]))
    for language, other in pairs:
        href = escape(base + app.builder.get_target_uri(other))
        links += f'\n<link rel="alternate" hreflang="{escape(language)}" href="{href}" />'
    context["metatags"] = context.get("metatags", "") + links


def sitemap_alternates(app: Sphinx, exception: Exception | None) -> None:
    """After sphinx-sitemap wrote the sitemap: each translated page lists its alternates."""
    base = site_url(app.config)
    if exception is not None or base is None or app.builder.name not in PAGE_BUILDERS:
        return
    catalog = KnowledgeBase(app.env).catalog
    if not catalog.translations:
        return
    from xml.etree import ElementTree

    path = Path(app.outdir, getattr(app.config, "sitemap_filename", "sitemap.xml") or "sitemap.xml")
    if not path.is_file():
        return
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    ElementTree.register_namespace("", namespace)
    ElementTree.register_namespace("xhtml", XHTML)
    tree = ElementTree.parse(path)
    urls = {base + app.builder.get_target_uri(d): d for group in catalog.translations.values() for d in group}
    for element in tree.getroot().findall(f"{{{namespace}}}url"):
        loc = element.findtext(f"{{{namespace}}}loc")
        docname = urls.get(loc or "")
        if docname is None:
            continue
        for other in versions(catalog, docname):
            alternate = ElementTree.SubElement(element, f"{{{XHTML}}}link")
            alternate.set("rel", "alternate")
            alternate.set("hreflang", catalog.articles[other].language)
            alternate.set("href", base + app.builder.get_target_uri(other))
    from ..outputs import owners

    data = ElementTree.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True)
    owners.write(app, path.name, data, "the sitemap (sphinx-sitemap)")


def setup_translations(app: Sphinx) -> None:
    app.connect("html-page-context", head_links)
    # After sphinx-sitemap (priority 500) wrote the file.
    app.connect("build-finished", sitemap_alternates, priority=600)
