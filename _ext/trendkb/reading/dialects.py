"""What other engines' body syntax is called, by engine, and which conversions apply to it.

Pure data and functions, no Sphinx. ``engines.Engine.syntax`` names a family ("liquid",
"hugo", "zola", "hexo", "mkdocs", "docusaurus", "mdx", "quarto", "nunjucks", "vue",
"markdown"); a warning names the construct by the engine that wrote it ("a Hexo tag
plugin", not "a Liquid tag"). For the knowledge base's own posts (and any post whose engine
is not known) a construct is named by its form.
"""

from __future__ import annotations

from .engines import Engine
from .tags import HUGO, LIQUID, VARIABLE, ZOLA

#: Families whose posts are MDX: JSX components, ``import`` and ``export`` lines.
MDX_FAMILIES = frozenset(("mdx", "docusaurus"))
#: Families whose ``:::kind`` blocks are admonitions (remark-directive, markdown-it-container).
COLON_ADMONITION_FAMILIES = frozenset(("docusaurus", "mdx", "vue"))
#: Families whose ``!!! kind`` blocks are admonitions (Python-Markdown: MkDocs, Pelican).
INDENTED_ADMONITION_FAMILIES = frozenset(("mkdocs", "pelican"))
#: Families where Liquid's ``{% raw %}`` shows its content as written.
RAW_FAMILIES = frozenset(("liquid", "nunjucks", "markdown", "pelican", "hexo"))


def family(engine: Engine) -> str:
    """The engine's syntax family. Pelican's posts carry liquid_tags (Octopress's tags) and
    Python-Markdown's admonitions, so Pelican is a family of its own here."""
    return "pelican" if engine.key == "pelican" else engine.syntax


def is_native(engine: Engine) -> bool:
    return engine.key == "kb"


_TAG_NAMES = {
    # family -> name of a ``{% ... %}`` tag
    "liquid": "a Liquid tag (Jekyll)",
    "hexo": "a Hexo tag plugin",
    "nunjucks": "an Eleventy shortcode (Nunjucks or Liquid)",
    "pelican": "a liquid_tags tag (Pelican)",
    "zola": "a Tera tag (Zola)",
    "mkdocs": "a Jinja tag (mkdocs-macros)",
}
_VARIABLE_NAMES = {
    "liquid": "a Liquid variable (Jekyll)",
    "hexo": "a Hexo template variable",
    "nunjucks": "an Eleventy template variable (Nunjucks or Liquid)",
    "pelican": "a Jinja variable (Pelican)",
    "zola": "a Tera variable (Zola)",
    "mkdocs": "a Jinja variable (mkdocs-macros)",
    "vue": "a Vue template expression (VuePress)",
}


def tag_kind(engine: Engine, form: str) -> str:
    """What a template tag of ``form`` (tags.HUGO, LIQUID, ZOLA, VARIABLE) is called for this engine."""
    fam = family(engine)
    if form == HUGO:
        return "a Quarto shortcode" if fam == "quarto" else "a Hugo shortcode"
    if form == ZOLA:
        return "a Zola shortcode"
    if form == LIQUID:
        return _TAG_NAMES.get(
            fam, "a template tag ({% ... %}, as Jekyll, Hexo, Eleventy and Pelican write them)"
        )
    if form == VARIABLE:
        return _VARIABLE_NAMES.get(fam, "a template variable ({{ ... }}, as Jekyll and Eleventy write them)")
    raise ValueError(form)


def component_kind(engine: Engine) -> str:
    fam = family(engine)
    if fam == "vue":
        return "a Vue component (VuePress)"
    if fam == "docusaurus":
        return "an MDX (JSX) component (Docusaurus)"
    return "an MDX (JSX) component"


def engine_name(engine: Engine) -> str:
    return "this site" if is_native(engine) else engine.name
