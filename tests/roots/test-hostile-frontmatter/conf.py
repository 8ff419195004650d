project = "KB hostile front matter"
extensions = ["myst_parser", "trendkb"]
root_doc = "index"
include_patterns = ["index.md", "docs/**"]
html_theme = "furo"
language = "en"
myst_enable_extensions = ["colon_fence"]
