"""A page's formulas in order, as MyST reads them, and the warnings the build gives for them.

Pure, no Sphinx: ``python -m trendkb check`` finds the formulas of a converted body with
MyST's own Markdown parser (``$...$``, ``$$`` blocks, amsmath environments, ``{math}``
roles and blocks, inside directives too), and runs the build's steps on them: the page's
macros (``tex.expand_all``), one formula per paragraph of a display block, and the MathML
conversion. The build finds the same formulas in the doctree (``pages/math.py``); both
place each at its line with ``locate``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import bodyscan, tex

_DIRECTIVE = re.compile(r"^\{([\w:.+-]+)\}\s*(.*)$")
_MATH_TOKENS = {"math_inline": False, "math_single": False, "math_inline_double": True, "math_block": True}


@dataclass(frozen=True)
class Formula:
    tex: str
    display: bool
    nowrap: bool = False


def parts(source: str, nowrap: bool) -> list[str]:
    """The formulas a display block draws: one per paragraph, as Sphinx's MathJax renderer does."""
    return [source] if nowrap else [part for part in source.split("\n\n") if part.strip()]


def message(source: str, error: str) -> str:
    """The build's warning for a formula it shows as TeX."""
    shown = source if len(source) <= 60 else source[:57] + "..."
    return f"math: cannot convert '{shown}' to MathML: {error}; it is shown as TeX source"


def locate(lines: list[str], formulas: list[str]) -> list[int]:
    """The 1-based line of each formula (in the page's order) in the body's ``lines``: where
    its first line is found, searching on from the one before (from the top if not found)."""
    found: list[int] = []
    row, column = 0, 0
    for source in formulas:
        needle = next((part.strip() for part in source.split("\n") if part.strip()), "")[:40]
        place = _find(lines, needle, row, column) or _find(lines, needle, 0, 0)
        if place is None:
            found.append(row + 1)
            continue
        row, column = place
        found.append(row + 1)
    return found


def _find(lines: list[str], needle: str, row: int, column: int) -> tuple[int, int] | None:
    if not needle:
        return None
    for index in range(row, len(lines)):
        at = lines[index].find(needle, column if index == row else 0)
        if at >= 0:
            return index, at + len(needle)
    return None


def problems(formulas: list[Formula], lines: list[str]) -> list[tuple[int, str]]:
    """(line, message) for each formula of the page the build shows as TeX, in order."""
    if not formulas:
        return []
    located = locate(lines, [f.tex for f in formulas])
    found: list[tuple[int, str]] = []
    for formula, expanded, line in zip(
        formulas, tex.expand_all([f.tex for f in formulas]), located, strict=True
    ):
        if expanded.tex is None:
            continue
        for part in parts(expanded.tex, formula.nowrap) if formula.display else [expanded.tex]:
            if expanded.error:
                found.append((line, message(part, expanded.error)))
                continue
            try:
                tex.tex_to_mathml(part, display=formula.display)
            except tex.MathError as error:
                found.append((line, message(part, str(error))))
    return found


def find(
    text: str,
    extensions: tuple[str, ...],
    strict_dollars: bool = True,
    include: Callable[[str], str | None] | None = None,
) -> list[Formula]:
    """The formulas of a (converted) body, in the order MyST renders them. ``include`` gives
    the (converted) text of a file an ``{include}`` names, or None when the build includes nothing."""
    if "$" not in text and "{math}" not in text and "\\begin" not in text:
        return []  # other delimiters are converted to these (mathsource.py)
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    enabled = set(extensions) | {"dollarmath", "amsmath"}
    config = MdParserConfig(enable_extensions=enabled)
    if strict_dollars:
        config = MdParserConfig(enable_extensions=enabled, dmath_allow_space=False, dmath_allow_digits=False)
    parser = create_md_parser(config, RendererHTML)
    found: list[Formula] = []
    _collect(parser, text, found, 0, include)
    return found


def _collect(parser, text: str, found: list[Formula], depth: int, include=None) -> None:
    if depth > 20:
        return
    for token in parser.parse(text):
        _token(parser, token, found, depth, include)


def _token(parser, token, found: list[Formula], depth: int, include=None) -> None:
    kind = token.type
    if kind in _MATH_TOKENS:
        found.append(
            Formula(token.content.strip("\n") if _MATH_TOKENS[kind] else token.content, _MATH_TOKENS[kind])
        )
    elif kind == "math_block_label":
        found.append(Formula(token.content.strip("\n"), True))
    elif kind == "amsmath":
        found.append(Formula(token.content, True, nowrap=True))
    elif kind == "myst_role" and token.meta.get("name") == "math":
        found.append(Formula(token.content, False))
    elif kind in ("fence", "colon_fence"):
        directive = _DIRECTIVE.match(token.info.strip())
        if directive:
            name, argument = directive.groups()
            if name == "math":
                source = "\n\n".join(p for p in (argument, _without_options(token.content)) if p.strip())
                found.append(Formula(source.strip("\n"), True))
            elif name == "include" and include is not None:
                included = include(argument.strip())
                if included is not None:
                    _collect(parser, included, found, depth + 1, include)
            elif name not in bodyscan.VERBATIM_DIRECTIVES:
                _collect(parser, _without_options(token.content), found, depth + 1, include)
    for child in token.children or ():
        _token(parser, child, found, depth, include)


def _without_options(content: str) -> str:
    """A directive's content without its leading ``:option: value`` lines (kept as blank lines)."""
    lines = content.split("\n")
    index = 0
    while index < len(lines) and re.match(r"^\s*:[\w-]+:", lines[index]):
        lines[index] = ""
        index += 1
    return "\n".join(lines)
