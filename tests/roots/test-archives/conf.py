project = "Archives from other engines"
extensions = ["myst_parser", "sphinx_sitemap", "sphinxext.opengraph", "notfound.extension", "trendkb"]
html_baseurl = "https://kb.example.org/"
sitemap_url_scheme = "{link}"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
ogp_enable_meta_description = False
notfound_urls_prefix = "/"
root_doc = "index"
include_patterns = ["index.md", "docs/**"]
html_theme = "furo"
language = "en"
myst_enable_extensions = ["colon_fence", "dollarmath", "amsmath", "deflist"]
# As the README's migration section says: other engines' keys are kept in catalog.json.
kb_unknown_fields = "keep"
# The 11ty website names its titles "newstitle" (a site's own key, as Eleventy allows).
kb_field_aliases = {"newstitle": "title", "postAuthor": "author"}
# No configuration file of these sites was copied: the engine is named, as the README says.
kb_engine = {
    "docs/articles/eleventy": "eleventy",
    "docs/articles/astro": "astro",
    "docs/articles/gatsby": "gatsby",
    "docs/articles/nextjs-contentlayer": "nextjs",
}
