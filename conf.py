"""Sphinx configuration of the ML Trends Knowledge Base.

The source folder is the repository root (Read the Docs builds from the folder of
conf.py); ``include_patterns`` keeps everything that is not content out of the site.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "ML Trends Knowledge Base"
author = "The ML Trends Knowledge Base authors"
copyright = "2024-2026, The ML Trends Knowledge Base authors"
language = "en"
# A dated edition: EPUB needs a version, and readers can tell which one they hold.
version = release = "2026.11"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.mermaid",
    "sphinx_copybutton",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
    "trendkb",
]

root_doc = "index"
source_suffix = {".md": "markdown"}
include_patterns = ["index.md", "docs/**"]
exclude_patterns = ["_build", ".tox", ".venv", "venv"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "ML Trends Knowledge Base"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_last_updated_fmt = None
html_copy_source = False

# The public address of the site: Read the Docs says where it is serving this build;
# elsewhere it is the project's default. Canonical links, the sitemap, OpenGraph and
# the feeds are all absolute URLs below it.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://ml-trends-kb.readthedocs.io/en/latest/")
sitemap_url_scheme = "{link}"  # html_baseurl already holds the language and version
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}  # no generated images: they would need matplotlib
ogp_enable_meta_description = False  # articles set their own description from the excerpt
# The 404 page is served at any depth, so its links are absolute paths from the site root.
notfound_urls_prefix = urlsplit(html_baseurl).path

# Articles (docs/articles/) and tags overview (docs/tags) are the defaults; see README.
kb_articles_dir = "docs/articles"
kb_tags_page = "docs/tags"
