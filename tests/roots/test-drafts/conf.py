project = "KB test site"
extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
    "trendkb",
]
html_baseurl = "https://kb.example.org/"
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
ogp_enable_meta_description = False
notfound_urls_prefix = "/"
root_doc = "index"
include_patterns = ["index.md", "docs/**"]
html_theme = "furo"
language = "en"
myst_enable_extensions = ["colon_fence"]
