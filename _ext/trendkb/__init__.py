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
from .model.collector import setup_reader
from .model.domain import setup_domain
from .outputs.export import setup_export
from .outputs.feeds import setup_feeds
from .outputs.mermaidjs import setup_mermaidjs
from .outputs.notfoundpage import setup_notfoundpage
from .outputs.seo import setup_seo
from .outputs.sitemap import setup_sitemap
from .pages.byline import setup_byline
from .pages.listings import setup_listings
from .pages.navcache import setup_navcache
from .pages.tagpages import setup_tagpages
from .pages.topicmap import setup_topicmap
from .pages.topics import setup_topics
from .pages.updates import setup_updates
from .reading.encoding import setup_encoding

__version__ = "0.1.0"
STATIC = Path(__file__).parent / "static"


def _add_static_path(app: Sphinx, config) -> None:
    # The extension ships its own stylesheet, so any site using it is styled.
    config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    # Topic cards are sphinx-design components; the topic map is a mermaid diagram.
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinxcontrib.mermaid")
    setup_config(app)
    setup_domain(app)
    setup_encoding(app)
    setup_reader(app)
    setup_listings(app)
    setup_byline(app)
    setup_tagpages(app)
    setup_topics(app)
    setup_topicmap(app)
    setup_mermaidjs(app)
    setup_updates(app)
    setup_feeds(app)
    setup_seo(app)
    setup_export(app)
    setup_sitemap(app)
    setup_navcache(app)
    setup_notfoundpage(app)
    app.connect("config-inited", _add_static_path)
    app.add_css_file("trendkb.css")
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
