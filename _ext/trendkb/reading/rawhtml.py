"""Raw HTML in a body that would hide or swallow the rest of the page.

Pure, no Sphinx. MyST passes an author's HTML through as written, so one unclosed
``<div style="display:none">`` (or ``<details>``, ``<a href>``, ``<!--``) hides, folds
or links everything after it, with no error. Every raw HTML tag of the body (HTML blocks
and inline tags of prose lines) is matched here, in order:

- an element never closed gets a warning at its line, and is closed at the end of its own
  HTML block (or line), so the rest of the page shows; an unclosed comment is closed at the
  end of its line;
- a hidden container (``style="display:none"``, ``visibility:hidden``, the ``hidden``
  attribute) that holds more than math definitions gets a warning: readers never see what
  it holds. One that holds only macro definitions (the MathJax preamble idiom, ``<div
  style="display:none">$$\\newcommand...$$</div>``) is unwrapped, so its macros apply to the
  post's formulas (``reading/tex.py``) while the definitions still show nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import bodyscan, mathsource
from .conversion import Work, shorten
from .tex import split_definitions, visible

_TAG = re.compile(
    r"(?<!\\)<(?P<close>/)?(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>|<!--|-->"
)
#: The HTML elements that hold what follows them until they are closed (void elements, and
#: the ones a browser closes by itself such as ``<p>`` and ``<li>``, are not here; nor are
#: names HTML does not know, such as a ``<T>`` in prose, which wrap nothing visibly).
_CONTAINERS_NAMES = (
    "a abbr article aside audio b bdi bdo big blockquote button canvas center cite code del details "
    "dfn dialog div dl em fieldset figcaption figure font footer form header i iframe ins kbd label "
    "main map mark nav noscript object ol picture q ruby s samp script section select small span "
    "strike strong style sub summary sup svg table template textarea title tt u ul var video xmp"
)
_CONTAINERS = frozenset(_CONTAINERS_NAMES.split())
#: Elements a browser closes by itself: only a hidden one matters.
_OPTIONAL_CLOSE = frozenset(("p", "li", "dd", "dt", "td", "th", "tr", "option"))
#: Elements whose content is text, not markup.
_RAW_TEXT = frozenset(("script", "style", "textarea", "title", "xmp"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HIDDEN_ATTRIBUTE = re.compile(r"(?:^|\s)hidden(?=\s|/|$)", re.IGNORECASE)
SUBTYPE = "html"


@dataclass
class _Element:
    name: str
    line: int
    column: int
    text: str
    hidden: bool
    block_end: int  # the last line of the HTML block (or the line) it opens in
    inline: bool


def is_hidden(attributes: str) -> bool:
    style = re.search(r"style\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", attributes, re.IGNORECASE)
    if style and _HIDDEN_STYLE.search(style.group(1) or style.group(2) or ""):
        return True
    without_values = re.sub(r"=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+)", "", attributes)
    return bool(_HIDDEN_ATTRIBUTE.search(without_values))


def _tokens(lines: list[str], kinds: list[str]):
    """(line, match) for each tag and comment mark of the body's raw HTML, in order; the text
    of ``<script>``, ``<style>``, ``<textarea>`` and ``<title>`` is skipped, as browsers do."""
    raw_text: str | None = None
    for i, line in enumerate(lines):
        kind = kinds[i]
        if kind not in (bodyscan.HTML, bodyscan.PROSE, bodyscan.COMMENT):
            continue
        text = bodyscan.mask_code(line) if kind == bodyscan.PROSE else line
        if "<" not in text and "-->" not in text:
            continue
        for match in _TAG.finditer(text):
            name = (match["name"] or "").lower()
            if raw_text is not None:
                if not (match["close"] and name == raw_text):
                    continue
                raw_text = None
            if name in _RAW_TEXT and not match["close"]:
                raw_text = name
            yield i, match


def check(work: Work) -> None:
    lines = work.lines
    if not any("<" in line for line in lines):
        return
    kinds = work.kinds()
    block_ends = _block_ends(kinds)
    open_elements: list[_Element] = []
    comment: tuple[int, int] | None = None
    closed_hidden: list[tuple[_Element, int, int]] = []
    for i, match in _tokens(lines, kinds):
        token = match.group()
        if comment is not None or token in ("<!--", "-->"):
            if comment is None and token == "<!--":
                comment = (i, match.start())
            elif token == "-->":
                comment = None
            continue
        name = match["name"].lower()
        attributes = match["attrs"]
        if attributes.rstrip().endswith("/") or attributes.startswith((":", "@")):
            continue  # self-closing, or an autolink (<https://...>, <me@example.org>)
        if match["close"]:
            for depth in range(len(open_elements) - 1, -1, -1):
                if open_elements[depth].name == name:
                    element = open_elements[depth]
                    del open_elements[depth:]
                    if element.hidden:
                        closed_hidden.append((element, i, match.end()))
                    break
            continue
        hidden = is_hidden(attributes)
        if name in _CONTAINERS or (hidden and name in _OPTIONAL_CLOSE):
            block_end = block_ends[i] if kinds[i] == bodyscan.HTML else i
            element = _Element(name, i, match.start(), token, hidden, block_end, kinds[i] != bodyscan.HTML)
            open_elements.append(element)
    for element, end_line, end_column in closed_hidden:
        _hidden(work, element, end_line, end_column)
    for element in reversed(open_elements):
        if element.name not in _OPTIONAL_CLOSE:  # a browser closes <p> and <li> itself
            _unclosed(work, element)
    if comment is not None:
        line, column = comment
        work.problems.append(
            (
                line,
                f"'{shorten(lines[line][column:])}' opens an HTML comment that is never closed, so it would "
                "hide the rest of the page: it is closed at the end of this line here; add '-->' where the "
                "comment should end",
                SUBTYPE,
            )
        )
        lines[line] = lines[line] + " -->"


def _block_ends(kinds: list[str]) -> list[int]:
    """For each line, the last line of the run of HTML lines it is in."""
    ends = list(range(len(kinds)))
    for i in range(len(kinds) - 2, -1, -1):
        if kinds[i] == bodyscan.HTML and kinds[i + 1] == bodyscan.HTML:
            ends[i] = ends[i + 1]
    return ends


def _unclosed(work: Work, element: _Element) -> None:
    closing = f"</{element.name}>"
    effect = (
        "would hide the rest of the page"
        if element.hidden
        or element.name in ("details", "template", "noscript", "script", "style", "textarea", "title")
        else "would swallow the rest of the page"
    )
    where = "line" if element.inline else "HTML block"
    work.problems.append(
        (
            element.line,
            f"'{shorten(element.text)}' is never closed, so it {effect}: it is closed at the end of its "
            f"{where} here; add '{closing}' where it should end",
            SUBTYPE,
        )
    )
    work.lines[element.block_end] = work.lines[element.block_end] + closing


def _hidden(work: Work, element: _Element, end_line: int, end_column: int) -> None:
    lines = work.lines
    start_line, start_column = element.line, element.column + len(element.text)
    if start_line == end_line:
        inside = lines[start_line][start_column : end_column - len(element.name) - 3]
    else:
        inside = "\n".join(
            [
                lines[start_line][start_column:],
                *lines[start_line + 1 : end_line],
                lines[end_line][: end_column - len(element.name) - 3],
            ]
        )
    content = re.sub(r"<!--.*?-->", "", inside, flags=re.DOTALL)
    formulas = _definitions_only(content)
    if formulas is not None:
        _unwrap(work, element, end_line, end_column, formulas)
        return
    if not re.sub(r"<[^>]*>", "", content).strip():
        return  # an empty hidden element (a script's mount point) hides nothing
    span = f"line {start_line + 1}" if start_line == end_line else f"lines {start_line + 1}-{end_line + 1}"
    work.problems.append(
        (
            start_line,
            f"'{shorten(element.text)}' is a hidden container: readers never see what it holds ({span}); "
            "delete it, or remove what hides it to show its content",
            SUBTYPE,
        )
    )


def _definitions_only(content: str) -> str | None:
    """The TeX of ``content`` when it is only math delimiters around macro definitions."""
    stripped = content.strip()
    for opening, closing in (("$$", "$$"), ("\\[", "\\]"), ("\\\\[", "\\\\]"), ("$", "$")):
        if stripped.startswith(opening) and stripped.endswith(closing) and len(stripped) > 2 * len(opening):
            tex = stripped[len(opening) : -len(closing)]
            return tex if _only_definitions(tex) else None
    return None


def _only_definitions(tex: str) -> bool:
    macros, rest = split_definitions(tex)
    return bool(macros) and not visible(rest)


def _unwrap(work: Work, element: _Element, end_line: int, end_column: int, tex: str) -> None:
    """The preamble idiom: the hidden element's lines become the formula of its definitions."""
    lines = work.lines
    start_line = element.line
    if lines[start_line][: element.column].strip() or lines[end_line][end_column:].strip():
        return  # text beside the element on its lines: left as it is
    indent = lines[start_line][: element.column]
    lines[start_line] = indent + mathsource.math_role(" ".join(tex.split()))
    for j in range(start_line + 1, end_line + 1):
        lines[j] = ""
