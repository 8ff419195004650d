project = "KB citations test site"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "trendkb"]
root_doc = "index"
include_patterns = ["index.md", "docs/**"]
html_theme = "furo"
language = "en"
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
bibtex_tooltips = True
bibtex_tooltips_style = "alpha"
# Pages list what they cite; a key cited on two pages is listed on both.
suppress_warnings = ["bibtex.duplicate_citation", "bibtex.duplicate_label"]
