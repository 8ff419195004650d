"""Math rendered when the site is built: TeX to MathML, with no script and no CDN.

MyST's ``dollarmath`` and ``amsmath`` extensions (switched on here for every site using
trendkb) turn ``$...$``, ``$$...$$`` and ``\\begin{align}...`` into Sphinx math nodes.
This module registers an HTML math renderer that writes them as MathML with
latex2mathml (pure Python), which browsers and EPUB readers draw natively. A formula that
cannot be converted is one warning with its file and line, and is shown as its TeX source.

latex2mathml's output is not trusted as HTML: it copies ``\\text{...}`` verbatim and
passes ``\\href`` / ``\\style`` through, so the tree is re-serialised with escaping and
those attributes are dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.etree.ElementTree import Element, tostring

from docutils import nodes
from latex2mathml import commands
from latex2mathml.converter import convert_to_element
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDERER = "kb_mathml"
MYST_EXTENSIONS = ("dollarmath", "amsmath")
DOLLAR_SETTING = "kb_math_strict_dollars"
CSS_FILE = "kb-math.css"

# Rewrites for what latex2mathml gets wrong or does not know, applied before converting.
# Environments numbered by LaTeX lose their numbers: numbering restarting in every
# formula would mislead, and Sphinx numbers labelled equations itself.
_ENV_RENAMES = {
    "align": "align*",
    "aligned": "align*",
    "flalign": "align*",
    "flalign*": "align*",
    "equation": None,
    "equation*": None,
    "displaymath": None,
    "math": None,
    "gather": "kb-gather",
    "gather*": "kb-gather",
    "gathered": "kb-gather",
    "multline": "kb-gather",
    "multline*": "kb-gather",
}
_BEGIN_END = re.compile(r"\\(begin|end)\s*\{([A-Za-z]+\*?)\}")
_DROPPED = re.compile(r"\\label\s*\{[^{}]*\}|\\nonumber\b|\\notag\b")
_SIMPLE_FIXES = (
    (re.compile(r"\\operatorname\*"), r"\\operatorname"),
    (re.compile(r"\\arg(?![A-Za-z])"), r"\\operatorname{arg}"),
    (re.compile(r"\\mathds(?![A-Za-z])"), r"\\mathbb"),
)
#: Environments latex2mathml draws (its matrices, cases, split, align...) plus the rewritten ones.
KNOWN_ENVIRONMENTS = frozenset(
    [name.lstrip("\\") for name in commands.MATRICES if isinstance(name, str)] + list(_ENV_RENAMES)
)
_TEXT_ESCAPES = re.compile(r"\\([$%&_#{}])")
_CHAR_REF = re.compile(r"&#(x[0-9A-Fa-f]+|[0-9]+);")
# Attributes that could link, script or restyle the page; MathML needs none of them.
_UNSAFE_ATTRIBUTES = frozenset({"href", "style", "class", "id", "src"})


class MathError(ValueError):
    """A formula latex2mathml cannot convert faithfully."""


def _environment(match: re.Match[str]) -> str:
    kind, name = match.groups()
    if name not in KNOWN_ENVIRONMENTS:
        raise MathError(f"unsupported environment '{name}'")
    target = _ENV_RENAMES.get(name, name)
    if target is None:
        return ""
    if target == "kb-gather":  # one centred column, in display style
        return r"{\displaystyle\begin{array}{c}" if kind == "begin" else r"\end{array}}"
    return f"\\{kind}{{{target}}}"


def normalise(tex: str, *, display: bool) -> str:
    """The TeX latex2mathml is given: known gaps rewritten, labels and numbering dropped."""
    tex = _DROPPED.sub("", tex)
    for pattern, replacement in _SIMPLE_FIXES:
        tex = pattern.sub(replacement, tex)
    if display and r"\\" in tex and r"\begin" not in tex:
        # Lines at the top level, as Sphinx's ``split`` wrapping does for MathJax.
        tex = (
            rf"\begin{{align*}}{tex}\end{{align*}}" if "&" in tex else rf"\begin{{gather}}{tex}\end{{gather}}"
        )
    return _BEGIN_END.sub(_environment, tex)


def _decode_refs(text: str) -> str:
    # latex2mathml stores symbols as character references inside text; make them characters
    # so that ElementTree can escape everything else.
    def char(match: re.Match[str]) -> str:
        code = match.group(1)
        value = int(code[1:], 16) if code[0] == "x" else int(code)
        return chr(value) if 0 < value <= 0x10FFFF else "\ufffd"

    return _CHAR_REF.sub(char, text)


# Sums, products and named limits take their limits below and above in display style, and
# beside them inline: MathML's movablelimits, which needs under/over elements.
_LIMITS = {"msub": "munder", "msup": "mover", "msubsup": "munderover"}
_LIMIT_OPERATORS = frozenset("\u2211\u220f\u2210\u22c3\u22c2\u2a01\u2a02\u2a00\u2a04\u22c1\u22c0") | {
    "lim",
    "max",
    "min",
    "sup",
    "inf",
    "det",
    "Pr",
    "gcd",
    "arg\u2009max",
    "arg\u2009min",
}


def _movable_limits(element: Element) -> None:
    for item in element.iter():
        base = item[0] if item.tag in _LIMITS and len(item) else None
        if base is not None and base.tag == "mo" and (base.text or "").strip() in _LIMIT_OPERATORS:
            item.tag = _LIMITS[item.tag]
            base.set("movablelimits", "true")


def _clean(element: Element) -> None:
    for item in element.iter():
        if item.text:
            item.text = _decode_refs(item.text)
            if item.tag == "mtext":
                item.text = _TEXT_ESCAPES.sub(r"\1", item.text)
            elif item.text.startswith("\\"):
                raise MathError(f"unknown command '{item.text}'")
            elif item.text == "&":
                raise MathError("'&' outside an alignment environment such as aligned")
        if item.tail:
            item.tail = _decode_refs(item.tail)
        for name in list(item.attrib):
            if name in _UNSAFE_ATTRIBUTES or name.lower().startswith("on") or ":" in name:
                del item.attrib[name]
            else:
                item.attrib[name] = _decode_refs(item.attrib[name])


#: latex2mathml's exceptions carry no message; what each means for an author.
_REASONS = {
    "ExtraLeftOrMissingRightError": r"a \left without its \right, or the reverse",
    "MissingEndError": r"a \begin without its \end",
    "NoAvailableTokensError": "the formula ends where an argument was expected",
    "MissingSuperScriptOrSubscriptError": "'^' or '_' with nothing after it",
    "DoubleSubscriptsError": "two subscripts in a row (use braces)",
    "DoubleSuperscriptsError": "two superscripts in a row (use braces)",
    "NumeratorNotFoundError": r"\frac without its numerator",
    "DenominatorNotFoundError": r"\frac without its denominator",
    "LimitsMustFollowMathOperatorError": r"\limits after something that is not an operator",
}


def _check_braces(tex: str) -> None:
    depth = 0
    for char in re.sub(r"\\.", "", tex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            raise MathError("a '}' without its '{'")
    if depth:
        raise MathError("a '{' without its '}'")


@lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, *, display: bool) -> str:
    """MathML for one formula, safe to put in HTML; raises MathError when it cannot be converted."""
    _check_braces(tex)
    source = normalise(tex, display=display)
    try:
        element = convert_to_element(source, display="block" if display else "inline")
    except Exception as error:  # latex2mathml's own exceptions, and IndexError and such on odd input
        name = type(error).__name__
        raise MathError(_REASONS.get(name) or str(error) or name) from error
    _clean(element)
    _movable_limits(element)
    return tostring(element, encoding="unicode", short_empty_elements=False)


def _render(self, node: nodes.Element, tex: str, *, display: bool) -> str:
    try:
        return tex_to_mathml(tex, display=display)
    except MathError as error:
        shown = tex if len(tex) <= 60 else tex[:57] + "..."
        logger.warning(
            "math: cannot convert '%s' to MathML: %s; it is shown as TeX source",
            shown,
            error,
            location=node,
            type="kb",
            subtype="math",
        )
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
    tex = node.astext()
    parts = [tex] if node.get("nowrap") else [part for part in tex.split("\n\n") if part.strip()]
    for part in parts:
        self.body.append(_render(self, node, part, display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


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
    app.connect("html-page-context", _add_css)
