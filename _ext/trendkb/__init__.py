"""The ML Trends Knowledge Base: articles with front matter, bylines and tag indexes.

The package follows the data: ``reading/`` (files in) -> ``model/`` (the knowledge
base) -> ``pages/`` (what is drawn into pages) and ``outputs/`` (files beside them).
``setup()`` only wires each feature's ``setup_<feature>(app)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .config import setup_config
from .fingerprint import code_version
from .model.citecost import setup_citecost
from .model.collector import setup_reader
from .model.domain import setup_domain
from .model.publishing import setup_publishing
from .model.replay import setup_replay
from .model.searchtext import setup_searchtext
from .outputs.assets import setup_assets
from .outputs.export import setup_export
from .outputs.feeds import setup_feeds
from .outputs.images import setup_images
from .outputs.lifecycle import setup_lifecycle
from .outputs.mermaidjs import setup_mermaidjs
from .outputs.notfoundpage import setup_notfoundpage
from .outputs.owners import setup_owners
from .outputs.redirects import setup_redirects
from .outputs.search import setup_search
from .outputs.seo import setup_seo
from .outputs.siteaddress import setup_siteaddress
from .outputs.sitemap import setup_sitemap
from .pages.backlinks import setup_backlinks
from .pages.breadcrumbs import setup_breadcrumbs
from .pages.byline import setup_byline
from .pages.continuation import setup_continuation
from .pages.converted import setup_converted
from .pages.evidence import setup_evidence
from .pages.linkpolicy import setup_linkpolicy
from .pages.listings import setup_listings
from .pages.math import setup_math
from .pages.navcache import setup_navcache
from .pages.pagination import setup_pagination
from .pages.papers import setup_papers
from .pages.previews import setup_previews
from .pages.radar import setup_radar
from .pages.review import setup_review
from .pages.tagpages import setup_tagpages
from .pages.topicmap import setup_topicmap
from .pages.topics import setup_topics
from .pages.translations import setup_translations
from .pages.trends import setup_trends
from .pages.updates import setup_updates
from .reading.confine import setup_confine
from .reading.discovery import setup_discovery
from .reading.encoding import setup_encoding
from .reading.foreign import setup_foreign
from .reading.parser import setup_parser

__version__ = "0.1.0"
STATIC = Path(__file__).parent / "static"


def _add_static_path(app: Sphinx, config) -> None:
    # The extension ships its own stylesheet, so any site using it is styled. A new list,
    # not an append: the default list is shared by every app in the process.
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> dict[str, Any]:
    # Topic cards are sphinx-design components; the topic map is a mermaid diagram.
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinxcontrib.mermaid")
    setup_config(app)
    setup_siteaddress(app)
    setup_owners(app)
    setup_lifecycle(app)
    setup_domain(app)
    setup_replay(app)
    setup_discovery(app)
    setup_confine(app)
    setup_encoding(app)
    setup_parser(app)
    setup_foreign(app)
    setup_converted(app)
    setup_reader(app)
    setup_searchtext(app)
    setup_publishing(app)
    setup_listings(app)
    setup_byline(app)
    setup_breadcrumbs(app)
    setup_translations(app)
    setup_tagpages(app)
    setup_pagination(app)
    setup_continuation(app)
    setup_topics(app)
    setup_backlinks(app)
    setup_previews(app)
    setup_topicmap(app)
    setup_trends(app)
    setup_evidence(app)
    setup_radar(app)
    setup_review(app)
    setup_papers(app)
    setup_citecost(app)
    setup_linkpolicy(app)
    setup_mermaidjs(app)
    setup_updates(app)
    setup_math(app)
    setup_feeds(app)
    setup_seo(app)
    setup_search(app)
    setup_export(app)
    setup_sitemap(app)
    setup_navcache(app)
    setup_notfoundpage(app)
    setup_images(app)
    setup_redirects(app)
    setup_assets(app)
    app.connect("config-inited", _add_static_path)
    app.add_css_file("trendkb.css")
    return {
        "version": __version__,
        # Any change to the extension's files means a fresh environment (fingerprint.py).
        "env_version": code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
