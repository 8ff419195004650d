project = "KB backlinks test"
extensions = ["myst_parser", "trendkb"]
root_doc = "index"
include_patterns = ["index.md", "docs/**"]
html_theme = "furo"
language = "en"
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 2
