"""Sphinx configuration of the ML Trends Knowledge Base.

The source folder is the repository root (Read the Docs builds from the folder of
conf.py); ``include_patterns`` keeps everything that is not content out of the site.
"""

import os
import sys
from pathlib import Path

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
    "sphinxcontrib.bibtex",
    "trendkb",
]

root_doc = "index"
source_suffix = {".md": "markdown"}
include_patterns = ["index.md", "docs/**"]
exclude_patterns = ["_build", ".tox", ".venv", "venv"]

myst_enable_extensions = ["colon_fence", "deflist", "dollarmath", "amsmath"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "ML Trends Knowledge Base"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False

# The public address of the site: Read the Docs says where it is serving this build;
# elsewhere it is the project's default. Canonical links, the sitemap, OpenGraph and
# the feeds are all absolute URLs below it. trendkb checks and normalises it, and
# derives ogp_site_url and the 404 page's notfound_urls_prefix from it; an empty
# address builds a site without feeds and sitemap.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://ml-trends-kb.readthedocs.io/en/latest/")
sitemap_url_scheme = "{link}"  # html_baseurl already holds the language and version
# Html paths; trendkb applies them to dirhtml too, and always leaves out noindex pages.
sitemap_excludes = ["genindex.html"]
ogp_social_cards = {"enable": False}  # no generated images: they would need matplotlib
ogp_enable_meta_description = False  # trendkb writes every page's description

# Articles (docs/articles/) and tags overview (docs/tags) are the defaults; see README.
kb_articles_dir = "docs/articles"
kb_tags_page = "docs/tags"
# The home page's meta description (other pages: their front matter `description`, an
# article's excerpt, a topic's summary, or a sentence trendkb writes).
kb_site_description = (
    "Machine-learning and deep-learning trends, explained: what each trend is, why it matters, "
    "and the articles that discuss it."
)

# Papers: one BibTeX file, cited with {cite:p}; every topic page lists its own references
# and its citations link to that list. So a paper cited on two pages is listed on both, and
# two papers may share a label on different pages: those two warnings are meant for sites
# with one global bibliography. Unknown keys still warn, with file and line.
# references.bib holds the papers of the first edition; bib/ one file per area of the 2026 edition.
bibtex_bibfiles = [
    "references.bib",
    *sorted(f"bib/{p.name}" for p in (Path(__file__).parent / "bib").glob("*.bib")),
]
suppress_warnings = ["bibtex.duplicate_citation", "bibtex.duplicate_label"]
