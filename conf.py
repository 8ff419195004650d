"""Sphinx configuration of the ML Trends Knowledge Base.

The source folder is the repository root (Read the Docs builds from the folder of
conf.py); ``include_patterns`` keeps everything that is not content out of the site.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "ML Trends Knowledge Base"
author = "The ML Trends Knowledge Base authors"
copyright = "2024-2026, The ML Trends Knowledge Base authors"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.mermaid",
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

# Articles (docs/articles/) and tags overview (docs/tags) are the defaults; see README.
kb_articles_dir = "docs/articles"
kb_tags_page = "docs/tags"
