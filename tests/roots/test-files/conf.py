project = "KB files test site"
extensions = ["myst_parser", "trendkb"]
root_doc = "index"
include_patterns = ["index.md", "docs/**"]
exclude_patterns = ["docs/articles/excluded/**"]
html_theme = "furo"
language = "en"
myst_enable_extensions = ["colon_fence"]
