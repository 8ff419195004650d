r"""TeX as ML blogs write it, to MathML: macros defined in the post, and latex2mathml's gaps.

Pure, no Sphinx: the build (``pages/math.py``) and ``python -m trendkb check`` call the same
functions, so both report the same formulas.

**Macros.** A post may define its own commands in any formula (MathJax applies them to the
formulas after it): ``\newcommand{\R}{\mathbb{R}}``, ``\newcommand{\norm}[1]{\lVert #1\rVert}``
(``[2][x]``: the first argument is optional, with a default), ``\renewcommand``,
``\providecommand``, ``\def\f#1#2{...}`` and ``\DeclareMathOperator{\argmax}{arg\,max}``.
``expand_all`` takes a page's formulas in order, takes the definitions out of them and
expands every use (a command used before its definition gets the page's first definition
of it, as a preamble at the end of a post means). A formula that held only definitions (a
preamble) is None: it shows nothing. ``\require{...}`` (MathJax's extensions) is dropped.

**MathML.** ``tex_to_mathml`` converts one formula with latex2mathml after rewriting what
it gets wrong or does not know (``eqnarray`` becomes right, centre and left aligned
columns; ``\KaTeX`` its name), and re-serialises the tree with escaping, dropping the
attributes that could link, script or restyle the page: latex2mathml copies
``\text{...}`` verbatim and passes ``\href`` / ``\style`` through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from xml.etree.ElementTree import Element, tostring

from latex2mathml import commands
from latex2mathml.converter import convert_to_element

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
    "eqnarray": "kb-eqnarray",
    "eqnarray*": "kb-eqnarray",
}
_BEGIN_END = re.compile(r"\\(begin|end)\s*\{([A-Za-z]+\*?)\}")
_DROPPED = re.compile(r"\\label\s*\{[^{}]*\}|\\nonumber\b|\\notag\b")
_SIMPLE_FIXES = (
    (re.compile(r"\\operatorname\*"), r"\\operatorname"),
    (re.compile(r"\\arg(?![A-Za-z])"), r"\\operatorname{arg}"),
    (re.compile(r"\\mathds(?![A-Za-z])"), r"\\mathbb"),
    (re.compile(r"\\(KaTeX|LaTeX|TeX)(?![A-Za-z])"), r"\\text{\1}"),
    (re.compile(r"\\require\s*\{[^{}]*\}"), ""),
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
    if target == "kb-eqnarray":  # right, centre and left aligned columns, in display style
        return r"{\displaystyle\begin{array}{rcl}" if kind == "begin" else r"\end{array}}"
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


# Macros ----------------------------------------------------------------------------------

#: The most arguments a macro takes, and the most a formula's expansion may grow to.
MAX_PARAMETERS = 9
MAX_EXPANDED = 100_000
_DEFINING = re.compile(
    r"\\(?P<command>newcommand|renewcommand|providecommand|DeclareMathOperator|def|gdef|edef)(?P<star>\*)?(?![A-Za-z])"
)
_CONTROL_WORD = re.compile(r"\\([A-Za-z]+|.)")


@dataclass(frozen=True)
class Macro:
    r"""A command a post defines: its number of arguments, the default of an optional first
    one (``\newcommand{\x}[2][d]{...}``), and its body with ``#1``...``#9``."""

    name: str
    parameters: int
    body: str
    default: str | None = None


def _skip_spaces(tex: str, position: int) -> int:
    while position < len(tex) and tex[position] in " \t\n":
        position += 1
    return position


def _group(tex: str, position: int, opening: str = "{", closing: str = "}") -> tuple[str, int] | None:
    """The text of the group opening at ``position`` (without its delimiters), and where it ends."""
    if position >= len(tex) or tex[position] != opening:
        return None
    depth = 0
    index = position
    while index < len(tex):
        char = tex[index]
        if char == "\\":
            index += 2
            continue
        if char == opening if opening != "{" else char == "{":
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return tex[position + 1 : index], index + 1
        if opening == "[" and char == "{":  # braces inside an optional argument
            inner = _group(tex, index)
            if inner is None:
                return None
            index = inner[1]
            continue
        index += 1
    return None


def _argument(tex: str, position: int) -> tuple[str, int] | None:
    """One macro argument: a brace group, a control sequence or a character."""
    position = _skip_spaces(tex, position)
    if position >= len(tex):
        return None
    if tex[position] == "{":
        return _group(tex, position)
    if tex[position] == "\\":
        match = _CONTROL_WORD.match(tex, position)
        return match.group(), match.end()
    if tex[position] == "}":
        return None
    return tex[position], position + 1


def _definition(tex: str, match: re.Match[str]) -> tuple[Macro | None, int]:
    """The macro a definition command defines, and where the definition ends (None: malformed)."""
    command = match["command"]
    position = _skip_spaces(tex, match.end())
    braced = _group(tex, position)
    if braced is not None:
        name_text, position = braced
        name_text = name_text.strip()
    else:
        control = _CONTROL_WORD.match(tex, position)
        if control is None:
            return None, match.end()
        name_text, position = control.group(), control.end()
    if not re.fullmatch(r"\\(?:[A-Za-z]+|.)", name_text):
        return None, match.end()
    name = name_text[1:]
    parameters, default = 0, None
    if command in ("def", "gdef", "edef"):
        signature = re.match(r"(?:#[1-9])*", tex[position:])
        parameters = len(signature.group()) // 2
        position += signature.end()
    elif command != "DeclareMathOperator":
        position = _skip_spaces(tex, position)
        counted = _group(tex, position, "[", "]")
        if counted is not None:
            if not counted[0].strip().isdigit() or int(counted[0]) > MAX_PARAMETERS:
                return None, match.end()
            parameters, position = int(counted[0]), counted[1]
            position = _skip_spaces(tex, position)
            optional = _group(tex, position, "[", "]")
            if optional is not None:
                default, position = optional
    body = _group(tex, _skip_spaces(tex, position))
    if body is None:
        return None, match.end()
    text, end = body
    if command == "DeclareMathOperator":  # the starred one takes limits below, as \lim does
        star = "*" if match["star"] else ""
        text = rf"\operatorname{star}{{{text}}}"
    return Macro(name, parameters, text, default), end


def split_definitions(tex: str) -> tuple[list[Macro], str]:
    r"""The macros ``tex`` defines, and ``tex`` without their definitions (and without
    ``\require{...}``)."""
    macros: list[Macro] = []
    kept: list[str] = []
    position = 0
    for match in _DEFINING.finditer(tex):
        if match.start() < position:
            continue
        macro, end = _definition(tex, match)
        if macro is None:
            continue
        kept.append(tex[position : match.start()])
        macros.append(macro)
        position = end
    kept.append(tex[position:])
    rest = re.sub(r"\\require\s*\{[^{}]*\}", "", "".join(kept))
    return macros, rest


def expand(tex: str, macros: dict[str, Macro]) -> str:
    """``tex`` with every use of ``macros`` replaced by its body (nested uses too)."""
    if not macros or "\\" not in tex:
        return tex
    for _ in range(50):
        expanded, changed = _expand_once(tex, macros)
        if not changed:
            return expanded
        if len(expanded) > MAX_EXPANDED:
            break
        tex = expanded
    raise MathError("a macro defined in this post expands without end")


def _expand_once(tex: str, macros: dict[str, Macro]) -> tuple[str, bool]:
    out: list[str] = []
    position = 0
    changed = False
    while True:
        found = tex.find("\\", position)
        if found < 0:
            out.append(tex[position:])
            break
        control = _CONTROL_WORD.match(tex, found)
        name = control.group(1)
        macro = macros.get(name)
        if macro is None:
            out.append(tex[position : control.end()])
            position = control.end()
            continue
        out.append(tex[position:found])
        position = control.end()
        arguments: list[str] = []
        if macro.default is not None:
            at = _skip_spaces(tex, position)
            optional = _group(tex, at, "[", "]")
            if optional is not None:
                arguments.append(optional[0])
                position = optional[1]
            else:
                arguments.append(macro.default)
        while len(arguments) < macro.parameters:
            argument = _argument(tex, position)
            if argument is None:
                raise MathError(f"'\\{name}' (defined in this post) needs {macro.parameters} argument(s)")
            arguments.append(argument[0])
            position = argument[1]
        out.append(_substitute(macro.body, arguments))
        changed = True
    return "".join(out), changed


def _substitute(body: str, arguments: list[str]) -> str:
    """The body with ``#1``... replaced, keeping control words apart: ``\\lVert#1`` with ``x``
    is ``\\lVert x``, not ``\\lVertx`` (TeX read the body's tokens before substituting)."""
    out: list[str] = []
    position = 0
    for match in re.finditer(r"#([1-9])", body):
        before = body[position : match.start()]
        index = int(match.group(1))
        value = arguments[index - 1] if index <= len(arguments) else ""
        if re.search(r"\\[A-Za-z]+$", "".join(out) + before) and value[:1].isalpha():
            value = " " + value
        if re.search(r"\\[A-Za-z]+$", value) and body[match.end() : match.end() + 1].isalpha():
            value += " "
        out.append(before + value)
        position = match.end()
    out.append(body[position:])
    return "".join(out)


@dataclass(frozen=True)
class Expanded:
    """One formula of a page after its macros: its TeX (None: it only held definitions), or why
    its macros could not be expanded."""

    tex: str | None
    error: str | None = None


def expand_all(formulas: list[str]) -> list[Expanded]:
    """The page's formulas, in order, with the macros the page defines taken out and applied."""
    if not any("\\" in tex for tex in formulas):
        return [Expanded(tex) for tex in formulas]
    split = [
        split_definitions(tex) if _DEFINING.search(tex) or "\\require" in tex else ([], tex)
        for tex in formulas
    ]
    first: dict[str, Macro] = {}
    for macros, _ in split:
        for macro in macros:
            first.setdefault(macro.name, macro)
    current: dict[str, Macro] = {}
    results = []
    for macros, rest in split:
        for macro in macros:
            current[macro.name] = macro
        if macros and not visible(rest):
            results.append(Expanded(None))
            continue
        try:
            results.append(Expanded(expand(rest, {**first, **current})))
        except MathError as error:
            results.append(Expanded(rest, str(error)))
    return results


def visible(tex: str) -> bool:
    """Whether TeX left after its definitions draws anything (not only spaces, comments, braces)."""
    tex = re.sub(r"<!--.*?-->", "", tex, flags=re.DOTALL)
    tex = re.sub(r"(?<!\\)%[^\n]*", "", tex)
    return bool(tex.strip(" \t\n{}"))
