project = "Heads test site"
extensions = [
    "myst_parser",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
    "sphinxcontrib.bibtex",
    "trendkb",
]
html_baseurl = "https://kb.example.org/"
sitemap_url_scheme = "{link}"
sitemap_excludes = ["genindex.html"]
ogp_social_cards = {"enable": False}
ogp_enable_meta_description = False
root_doc = "index"
include_patterns = ["index.md", "docs/**"]
html_theme = "furo"
language = "en"
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
kb_site_description = "A small site that tests every page's head."
