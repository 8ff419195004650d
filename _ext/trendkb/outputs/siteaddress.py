"""The site's address, checked and normalised once, before anything builds a URL from it.

It comes from ``html_baseurl`` or, on Read the Docs, ``READTHEDOCS_CANONICAL_URL``: text
from outside the project. At config-inited it is normalised (``config.normalise_site_url``)
or the build stops with one sentence, and the settings of the other extensions that need
it are derived from the one normalised value, so conf.py sets none of them.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from ..config import normalise_site_url, raw_site_url

logger = logging.getLogger(__name__)


def normalise_address(app: Sphinx, config: Config) -> None:
    url = normalise_site_url(raw_site_url(config))
    # Canonical links (Sphinx) and the sitemap (sphinx-sitemap) read html_baseurl.
    config.html_baseurl = url or ""
    if "ogp_site_url" in config:
        config.ogp_site_url = url or ""
    if url is None:
        logger.info(
            "no site address (html_baseurl or READTHEDOCS_CANONICAL_URL): "
            "the site is built without Atom feeds and without sitemap.xml"
        )


def setup_siteaddress(app: Sphinx) -> None:
    # Before every other config-inited handler reads the address.
    app.connect("config-inited", normalise_address, priority=100)
