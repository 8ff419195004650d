"""Math rendered when the site is built: TeX to MathML, with no script and no CDN.

MyST's ``dollarmath`` and ``amsmath`` extensions (switched on here for every site using
trendkb) turn ``$...$``, ``$$...$$`` and ``\\begin{align}...`` into Sphinx math nodes
(other engines' delimiters are converted to these when the page is read,
``reading/mathsource.py``). When a page is read, the macros it defines are applied to its
formulas and each formula gets its line (``reading/tex.py``, ``reading/formulas.py``).
This module registers an HTML math renderer that writes them as MathML with latex2mathml
(pure Python, ``reading/tex.py``), which browsers and EPUB readers draw natively. A formula
that cannot be converted is one warning with its file and line, and is shown as its TeX
source; ``python -m trendkb check`` gives the same warnings.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

from ..reading import formulas
from ..reading.tex import MathError, expand_all, tex_to_mathml

__all__ = ["MathError", "tex_to_mathml"]

logger = logging.getLogger(__name__)

RENDERER = "kb_mathml"
MYST_EXTENSIONS = ("dollarmath", "amsmath")
DOLLAR_SETTING = "kb_math_strict_dollars"
CSS_FILE = "kb-math.css"


def _render(self, node: nodes.Element, tex: str, *, display: bool) -> str:
    error = node.get("kb_math_error")
    try:
        if error:
            raise MathError(error)
        return tex_to_mathml(tex, display=display)
    except MathError as error:
        line = node.get("kb_line")
        location = (self.builder.current_docname, line) if line else node
        logger.warning(formulas.message(tex, str(error)), location=location, type="kb", subtype="math")
        if display:
            return f'<pre class="kb-math-error"><code>{self.encode(tex)}</code></pre>'
        return f'<code class="kb-math-error">{self.encode(tex)}</code>'


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math kb-math"))
    self.body.append(_render(self, node, node.astext(), display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_math_block(self, node: nodes.math_block) -> None:
    # Furo moves the ids onto a wrapper around the block; repeating them would duplicate them.
    wrapper = node.parent
    wrapped = isinstance(wrapper, nodes.container) and wrapper["ids"] == node["ids"]
    attributes = {"ids": [] if wrapped else node["ids"], "classes": node["classes"]}
    self.body.append(self.starttag(attributes, "div", CLASS="math kb-math"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    # Like Sphinx's MathJax renderer: paragraphs of a display block are separate equations.
    for part in formulas.parts(node.astext(), bool(node.get("nowrap"))):
        self.body.append(_render(self, node, part, display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def apply_macros(app: Sphinx, doctree: nodes.document) -> None:
    """The macros a page defines, applied to its formulas (``reading/tex.py``), and each
    formula's line in the source, for its warnings (``reading/formulas.py``)."""
    found = list(doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block))))
    if not found:
        return
    texts = [node.astext() for node in found]
    body = app.env.temp_data.get("kb_body")
    if body is not None:
        for node, line in zip(found, formulas.locate(body.split("\n"), texts), strict=True):
            node["kb_line"] = line
    for node, text, expanded in zip(found, texts, expand_all(texts), strict=True):
        if expanded.tex is None:  # only definitions: it shows nothing
            parent = node.parent
            parent.remove(node)
            if (
                isinstance(parent, nodes.paragraph)
                and not parent.astext().strip()
                and parent.parent is not None
            ):
                parent.parent.remove(parent)
        elif expanded.error:
            node["kb_math_error"] = expanded.error
        elif expanded.tex != text:
            node[:] = [nodes.Text(expanded.tex)]


def _enable_myst_math(app: Sphinx, config: Config) -> None:
    # Every site using trendkb parses math; appended so a conf.py list keeps its order.
    enabled = config.myst_enable_extensions
    missing = [name for name in MYST_EXTENSIONS if name not in enabled]
    if missing:
        config.myst_enable_extensions = [*enabled, *missing]
    if getattr(config, DOLLAR_SETTING):
        # Pandoc's rules, so prices are prose: "$5 and $10" is not a formula. An opening
        # "$" is followed by a non-space, a closing one follows a non-space and no digit.
        config.myst_dmath_allow_space = False
        config.myst_dmath_allow_digits = False


def _add_css(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if context.get("has_maths_elements") and app.builder.math_renderer_name == RENDERER:
        app.add_css_file(CSS_FILE)


def setup_math(app: Sphinx) -> None:
    app.add_config_value(DOLLAR_SETTING, True, "env", types=(bool,))
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_math_block, None))
    app.connect("config-inited", _enable_myst_math)
    # Before hidden divs are left out (pages/converted.py, 350): their macros count.
    app.connect("doctree-read", apply_macros, priority=300)
    app.connect("html-page-context", _add_css)
