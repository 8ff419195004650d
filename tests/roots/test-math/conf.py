project = "KB math test site"
# No math extension listed here: trendkb switches on MyST's dollarmath and amsmath itself.
extensions = ["myst_parser", "trendkb"]
root_doc = "index"
include_patterns = ["index.md", "docs/**"]
html_theme = "furo"
language = "en"
version = release = "1"
myst_enable_extensions = ["colon_fence"]
