project = "KB safety site"
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
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
ogp_enable_meta_description = False
notfound_urls_prefix = "/"
root_doc = "index"
include_patterns = ["index.md", "docs/**"]
exclude_patterns = ["_build"]
html_theme = "furo"
language = "en"
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
suppress_warnings = ["bibtex.duplicate_citation", "bibtex.duplicate_label"]
# Historic offsets: Amsterdam was +00:19:32 until 1937.
kb_timezone = "Europe/Amsterdam"
kb_preview = "0"  # a string, as from an environment variable: false
