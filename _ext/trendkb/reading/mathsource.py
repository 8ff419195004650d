"""Math as ML blogs write it, into the forms MyST reads: ``$...$``, ``$$`` blocks, ``{math}``.

Pure, no Sphinx. MathJax and KaTeX read delimiters MyST does not, and Markdown eats some of
them (``\\(`` is an escaped parenthesis), so on prose lines, line for line:

- ``\\(...\\)`` (also written ``\\\\(...\\\\)`` to get past kramdown or Markdown escapes)
  becomes the ``{math}`` role;
- ``\\[...\\]`` on one line becomes the ``{math}`` role in display style, and ``\\[`` and
  ``\\]`` on lines of their own become a ``{math}`` block. ``\\[`` is also how Markdown
  escapes a bracket, so only brackets around TeX (a command, ``^``, ``_``, ``=``, braces)
  are taken for math;
- ``$$...$$`` inside a line is inline math for kramdown (Jekyll) and display math for
  everything else (MathJax's rule): the ``{math}`` role, in display style for the latter;
- a ``$$`` block right after a line of text (which MyST would read as part of the
  paragraph) becomes a ``{math}`` block;
- ``$ x $`` (spaces inside, which KaTeX and MathJax read) around TeX becomes the ``{math}``
  role, and MathJax's dollar sign ``$\\$$`` becomes ``\\$``;
- Pandoc's macro definitions on lines of their own outside math (``\\newcommand{\\R}{\\mathbb{R}}``)
  become a formula holding only the definitions, so they apply to the post's formulas and
  show nothing (``reading/tex.py``).
"""

from __future__ import annotations

import re

from . import bodyscan, dialects
from .conversion import Work

_DOLLAR_SPANS = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$(?=\S)(?:[^$\n\\]|\\.)+?(?<=\S)\$(?!\d)")
_PAREN = re.compile(r"(?<!\\)(\\\\?)\((?P<tex>.+?)(?<!\\)\1\)")
_BRACKET = re.compile(r"(?<!\\)(\\\\?)\[(?P<tex>.+?)(?<!\\)\1\](?!\()")
_INLINE_DISPLAY = re.compile(r"(?<![\\$])\$\$(?P<tex>[^$]+?)\$\$(?!\$)")
_BRACKET_LINE = re.compile(r"^(?P<indent>\s*)\\\\?\[\s*$")
_BRACKET_CLOSE = re.compile(r"^\s*\\\\?\]\s*$")
_DOLLARS_LINE = re.compile(r"^(?P<indent>\s*)\$\$\s*$")
_TEXISH = re.compile(r"\\[A-Za-z]|[\^_={}]")
#: ``$\$$``: MathJax's way to write a dollar sign in prose (``$\$$40``).
_MATHJAX_DOLLAR = re.compile(r"\$\\\$\$")
#: ``$ x $``: KaTeX's and MathJax's inline math with spaces inside, which MyST's dollar rules
#: (kept strict so prices stay prose) do not read; taken for math only around TeX.
_SPACED_DOLLARS = re.compile(r"(?<![\\$])\$(?=[^$\n]*\S)(?P<tex>\s[^$\n]*?|[^$\n]*?\s)\$(?![\d$])")
_DEFINITION_LINE = re.compile(r"^\s*\\(?:newcommand|renewcommand|providecommand|def|DeclareMathOperator)\b")


def convert(work: Work) -> None:
    lines = work.lines
    if not any(("\\" in line or "$$" in line) for line in lines):
        return
    kinds = work.kinds()
    kramdown = work.family == "liquid"
    previous_blank = True
    i = 0
    while i < len(lines):
        line = lines[i]
        if kinds[i] != bodyscan.PROSE:
            previous_blank = kinds[i] != bodyscan.MATH
            i += 1
            continue
        end = _block(work, i, previous_blank)
        if end is not None:
            previous_blank = True
            i = end + 1
            continue
        if "\\" in line or "$$" in line:
            lines[i] = _inline(
                line, kramdown, i == 0 or previous_blank, native=dialects.is_native(work.engine)
            )
        previous_blank = not lines[i].strip()
        i += 1


def _block(work: Work, i: int, previous_blank: bool) -> int | None:
    """Convert a display block opening at line ``i``; the last line it covers, or None."""
    lines = work.lines
    line = lines[i]
    dollars = _DOLLARS_LINE.match(line)
    bracket = _BRACKET_LINE.match(line)
    if dollars or bracket:
        closer = _DOLLARS_LINE if dollars else _BRACKET_CLOSE
        end = next((j for j in range(i + 1, min(len(lines), i + 500)) if closer.match(lines[j])), None)
        if end is None or (any(not lines[j].strip() for j in range(i + 1, end)) and bracket):
            return None
        if dollars and previous_blank:
            return end  # MyST's own display block
        indent = (dollars or bracket)["indent"]
        marks = bodyscan.fence_for(lines[i + 1 : end], "`")
        lines[i] = f"{indent}{marks}{{math}}"
        lines[end] = indent + marks
        return end
    if line.lstrip().startswith("$$") and not previous_blank:
        return None
    if _DEFINITION_LINE.match(line) and _balanced(line):
        indent = line[: len(line) - len(line.lstrip())]
        lines[i] = indent + math_role(line.strip())
        return i
    return None


def _balanced(text: str) -> bool:
    depth = 0
    for char in re.sub(r"\\.", "", text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def math_role(tex: str, display: bool = False) -> str:
    """The ``{math}`` role around ``tex``; ``display``: in display style."""
    tex = " ".join(tex.split())
    if display:
        tex = r"\displaystyle " + tex
    longest = max((len(run) for run in re.findall(r"`+", tex)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if tex.startswith("`") or tex.endswith("`") else ""
    return f"{{math}}{ticks}{pad}{tex}{pad}{ticks}"


def _inline(line: str, kramdown: bool, starts_paragraph: bool, native: bool = False) -> str:
    if "$\\$$" in line:
        line = bodyscan.sub_outside_code(_MATHJAX_DOLLAR, lambda m: "\\$", line)
    masked = bodyscan.mask_code(line)
    spans: list[tuple[int, int, str]] = []
    stripped = line.strip()
    for match in _INLINE_DISPLAY.finditer(masked):
        alone = stripped == match.group().strip()
        if alone and starts_paragraph:
            continue  # MyST's own one-line display block
        spans.append((match.start(), match.end(), math_role(match["tex"], display=not kramdown)))
    covered = _covered(masked, spans)
    for match in _PAREN.finditer(masked):
        if not covered(match.start()) and match["tex"].strip():
            spans.append((match.start(), match.end(), math_role(match["tex"])))
    covered = _covered(masked, spans)
    for match in _BRACKET.finditer(masked):
        tex = match["tex"]
        if not covered(match.start()) and _TEXISH.search(tex) and not tex.lstrip().startswith("^"):
            spans.append((match.start(), match.end(), math_role(tex, display=True)))
    if not native and "$" in masked:
        covered = _covered(masked, spans)
        for match in _SPACED_DOLLARS.finditer(masked):
            tex = match["tex"]
            if not covered(match.start()) and _TEXISH.search(tex) and tex.strip():
                spans.append((match.start(), match.end(), math_role(tex)))
    for start, end, text in sorted(spans, reverse=True):
        line = line[:start] + text + line[end:]
    return line


def _covered(masked: str, spans: list[tuple[int, int, str]]):
    taken = [m.span() for m in _DOLLAR_SPANS.finditer(masked)] + [(a, b) for a, b, _ in spans]
    return lambda position: any(a <= position < b for a, b in taken)
