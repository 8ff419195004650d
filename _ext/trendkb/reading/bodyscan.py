"""Which lines of a Markdown body are prose, and which are code, raw HTML or a comment.

Pure functions, no Sphinx. The conversions of other engines' syntax (``foreign.py``) look
only at prose, as MyST will read it: fenced code (```` ``` ```` and ``~~~``), CommonMark's
raw HTML blocks (``<script>``, ``<style>``, ``<pre>``, ``<textarea>`` up to their closing
tag; comments up to ``-->``; a block-level tag such as ``<div>`` up to the next blank line)
and, for Liquid engines, ``{% raw %}`` regions are left as written. Inline code spans are
blanked out of a prose line before it is searched (same length, so columns still match).
"""

from __future__ import annotations

import re

PROSE, CODE, HTML, COMMENT, RAW, FRONT_MATTER = "prose", "code", "html", "comment", "raw", "front matter"
#: The inside of a display formula, ``$$`` on its own line to the line that ends with ``$$``
#: (its opening and closing lines are PROSE): TeX, never another engine's syntax.
MATH = "math"
#: The opening or closing line of a MyST directive whose content is Markdown (``~~~{note}``):
#: the lines between are classified like the rest of the body.
DIRECTIVE = "directive"
#: Directives whose content is not Markdown: their lines are CODE.
VERBATIM_DIRECTIVES = frozenset(
    (
        "code",
        "code-block",
        "sourcecode",
        "code-cell",
        "kb-code",
        "literalinclude",
        "include",
        "math",
        "mermaid",
        "raw",
        "graphviz",
        "csv-table",
        "list-table",
        "eval-rst",
        "bibliography",
        "toctree",
        "contents",
    )
)
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[*+-]|\d{1,9}[.)])(?:\s|$)")
_DIRECTIVE_NAME = re.compile(r"^\{([\w:.+-]+)\}")
_COLON_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<marks>:{3,})(?P<info>\{.*)$")

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<marks>`{3,}|~{3,})(?P<info>.*)$")
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(?:.+?)(?<!`)\1(?!`)")
_HTML_KIND_1 = re.compile(r"^ {0,3}<(script|style|pre|textarea)(?=[\s>]|$)", re.IGNORECASE)
_COMMENT = re.compile(r"^ {0,3}<!--")
# CommonMark's block-level tag names (HTML block kind 6): the block runs to a blank line.
_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|"
    "dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|"
    "hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|"
    "search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul"
)
_HTML_KIND_6 = re.compile(rf"^ {{0,3}}</?(?:{_BLOCK_TAGS})(?=[\s/>]|$)", re.IGNORECASE)
# Kind 7: one complete open or closing tag alone on its line (not after a paragraph line).
_ATTRIBUTE = r"\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?"
_HTML_KIND_7 = re.compile(rf"^ {{0,3}}(?:<[A-Za-z][\w-]*(?:{_ATTRIBUTE})*\s*/?>|</[A-Za-z][\w-]*\s*>)\s*$")
_SCRIPT_OPEN = re.compile(r"^\s*<(script|style)\b", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(r"</(script|style)>", re.IGNORECASE)
_LIQUID_RAW = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")


def fence_opening(line: str) -> re.Match[str] | None:
    """The opening of a code fence on this line (groups ``indent``, ``marks``, ``info``), or None."""
    if "`" not in line and "~" not in line:
        return None
    match = _FENCE.match(line)
    if match is None or (match["marks"][0] == "`" and "`" in match["info"]):
        return None  # CommonMark: the info string of a backtick fence holds no backtick
    return match


def closes(line: str, marks: str) -> bool:
    """Whether ``line`` closes a fence opened with ``marks``."""
    stripped = line.strip()
    return len(stripped) >= len(marks) and stripped[:1] == marks[0] and not stripped.strip(marks[0])


def fence_end(lines: list[str], start: int, marks: str) -> int | None:
    """The closing line of the fence opened at ``start``, or None (it runs to the end)."""
    return next((j for j in range(start + 1, len(lines)) if closes(lines[j], marks)), None)


def classify(lines: list[str], liquid_raw: bool = False) -> list[str]:
    """What each line is: PROSE, CODE (fence lines included), HTML, COMMENT, RAW, DIRECTIVE, MATH
    or FRONT_MATTER.

    ``liquid_raw``: Liquid's ``{% raw %}`` ... ``{% endraw %}`` regions are RAW (a line that
    opens or closes one is PROSE: the marker itself is converted).
    """
    kinds = [PROSE] * len(lines)
    i = 0
    if lines and lines[0].strip() == "---":  # MyST's own front matter (pages that are not articles)
        end = next((j for j in range(1, len(lines)) if lines[j].strip() in ("---", "...")), None)
        if end is not None:
            kinds[: end + 1] = [FRONT_MATTER] * (end + 1)
            i = end + 1
    in_raw = False
    previous_blank = True
    in_list = False
    directives: list[str] = []  # the marks of the directive fences open here
    while i < len(lines):
        line = lines[i]
        if line.strip():
            indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
            if _LIST_ITEM.match(line):
                in_list = True
            elif indent == 0:
                in_list = False
            if indent >= 4 and previous_blank and not in_list and not in_raw:
                # An indented code block (CommonMark), up to the next line indented less.
                end = i
                for j in range(i + 1, len(lines)):
                    if (
                        lines[j].strip()
                        and len(lines[j].expandtabs(4)) - len(lines[j].expandtabs(4).lstrip()) < 4
                    ):
                        break
                    if lines[j].strip():
                        end = j
                kinds[i : end + 1] = [CODE] * (end + 1 - i)
                previous_blank = False
                i = end + 1
                continue
        if directives and closes(line, directives[-1]):
            directives.pop()
            kinds[i] = DIRECTIVE
            previous_blank = True
            i += 1
            continue
        if in_raw:
            in_raw = raw_state(line, True)
            kinds[i] = PROSE if not in_raw or "raw" in line else RAW
            i += 1
            continue
        opened = fence_opening(line) or (_COLON_FENCE.match(line) if ":::" in line else None)
        name = _DIRECTIVE_NAME.match(opened["info"].strip()) if opened else None
        if name and name.group(1) not in VERBATIM_DIRECTIVES:
            directives.append(opened["marks"])
            kinds[i] = DIRECTIVE
            previous_blank = True
            i += 1
            continue
        if line.strip() == "$$" or (line.lstrip().startswith("$$") and "$$" not in line.strip()[2:]):
            end = next((j for j in range(i + 1, min(len(lines), i + 1000)) if "$$" in lines[j]), None)
            if end is not None:
                kinds[i + 1 : end] = [MATH] * (end - i - 1)
                previous_blank = False
                i = end + 1
                continue
        limit = _limit(lines, i, directives)
        end, kind = _block_end(lines, i, previous_blank, limit)
        if end is not None:
            kinds[i : end + 1] = [kind] * (end + 1 - i)
            previous_blank = not lines[end].strip()
            i = end + 1
            continue
        if liquid_raw and "raw" in line:
            in_raw = raw_state(line, False)
        previous_blank = not line.strip()
        i += 1
    return kinds


def _limit(lines: list[str], i: int, directives: list[str]) -> int:
    """The last line a block opening at ``i`` may reach: before the open directive's closing line."""
    if not directives:
        return len(lines) - 1
    end = fence_end(lines, i - 1, directives[-1])
    return len(lines) - 1 if end is None else end - 1


def _block_end(lines: list[str], i: int, previous_blank: bool, limit: int) -> tuple[int | None, str]:
    """The last line, and the kind, of a code fence or raw HTML block opening at ``i``."""
    line = lines[i]
    opened = fence_opening(line)
    if opened:
        end = fence_end(lines[: limit + 1], i, opened["marks"])
        return (limit if end is None else end), CODE
    if "<" not in line:
        return None, PROSE
    within = range(i, limit + 1)
    kind_1 = _HTML_KIND_1.match(line)
    if kind_1:
        closer = f"</{kind_1.group(1).lower()}>"
        return next((j for j in within if closer in lines[j].lower()), limit), HTML
    if _COMMENT.match(line):
        after = line.index("<!--") + 4
        if "-->" in line[after:]:
            return i, COMMENT
        return next((j for j in within[1:] if "-->" in lines[j]), limit), COMMENT
    if _HTML_KIND_6.match(line) or (previous_blank and _HTML_KIND_7.match(line)):
        return next((j - 1 for j in within[1:] if not lines[j].strip()), limit), HTML
    return None, PROSE


def in_script(lines: list[str], kinds: list[str], i: int) -> bool:
    """Whether line ``i`` (an HTML line) is inside a raw ``<script>`` or ``<style>`` element."""
    j = i
    while j >= 0 and kinds[j] == HTML:
        if _SCRIPT_OPEN.match(lines[j]):
            closing = next((k for k in range(j, len(lines)) if _SCRIPT_CLOSE.search(lines[k])), len(lines))
            return i <= closing
        j -= 1
    return False


def raw_state(line: str, in_raw: bool) -> bool:
    """Whether a Liquid ``{% raw %}`` region is open after ``line``."""
    for marker in _LIQUID_RAW.finditer(line):
        in_raw = "endraw" not in marker.group()
    return in_raw


def outside_liquid_raw(line: str, in_raw: bool) -> tuple[str, bool]:
    """``line`` with its Liquid ``{% raw %}`` regions (and the markers) blanked, and whether
    one is still open after it."""
    if not in_raw and "raw" not in line:
        return line, False
    parts, position = [], 0
    for marker in _LIQUID_RAW.finditer(line):
        kept = line[position : marker.start()]
        parts.append(" " * len(kept) if in_raw else kept)
        parts.append(" " * len(marker.group()))
        in_raw = "endraw" not in marker.group()
        position = marker.end()
    rest = line[position:]
    parts.append(" " * len(rest) if in_raw else rest)
    return "".join(parts), in_raw


def mask_code(line: str) -> str:
    """The line with each inline code span replaced by spaces (same length)."""
    if "`" not in line:
        return line
    return _INLINE_CODE.sub(lambda m: " " * len(m.group()), line)


def sub_outside_code(pattern: re.Pattern[str], replacement, line: str) -> str:
    """``pattern.sub`` on the parts of ``line`` outside inline code spans."""
    masked = mask_code(line)
    for match in reversed(list(pattern.finditer(masked))):
        text = replacement(match) if callable(replacement) else replacement
        line = line[: match.start()] + text + line[match.end() :]
    return line


def fence_for(lines: list[str], mark: str = "~") -> str:
    """Marks for a fence that no line of ``lines`` can close: longer than every run at a line start."""
    longest = 0
    for line in lines:
        stripped = line.lstrip()
        if stripped[:1] == mark:
            longest = max(longest, len(stripped) - len(stripped.lstrip(mark)))
    return mark * max(3, longest + 1)
