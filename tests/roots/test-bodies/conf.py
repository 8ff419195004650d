project = "KB body syntax test site"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "trendkb"]
root_doc = "index"
include_patterns = ["index.md", "docs/**"]
source_suffix = {".md": "markdown", ".qmd": "markdown", ".mdx": "markdown"}
html_theme = "furo"
language = "en"
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
# Every post of every engine is built, dated or not; other engines' keys are kept.
kb_preview = True
kb_unknown_fields = "keep"
# A key cited on two pages is listed on both (as on the main site).
suppress_warnings = ["bibtex.duplicate_citation", "toc.not_included"]
