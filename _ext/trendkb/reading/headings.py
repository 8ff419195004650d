"""One title per page: the front-matter title is the page's only level-1 heading.

Pure functions on the source lines, which keep their number (a dropped line becomes
blank), so body warnings still point at the right line. Posts from other engines
often repeat their title as ``# Title``, or use ``#`` for their sections: the first
is dropped, the second keeps its sections, one level down, under the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ATX = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)(.*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$")


@dataclass(frozen=True)
class Note:
    line: int  # 0-based index into the lines
    message: str


def _plain(text: str) -> str:
    """Heading text compared loosely: no closing hashes, emphasis or case."""
    text = _CLOSING_HASHES.sub("", " " + text).strip()
    return " ".join(re.sub(r"[*_`\\]", "", text).split()).casefold()


def _headings(lines: list[str], start: int) -> list[tuple[int, int, str]]:
    """(line index, level, text) of every heading outside code and directive fences."""
    found = []
    fence = None
    previous_text = False
    for index in range(start, len(lines)):
        line = lines[index]
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            previous_text = False
            continue
        if opener:
            fence = opener.group(1)
            previous_text = False
            continue
        atx = _ATX.match(line)
        if atx:
            found.append((index, len(atx.group(2)), atx.group(3)))
            previous_text = False
            continue
        setext = _SETEXT.match(line)
        if setext and previous_text and not lines[index - 1].startswith("    "):
            level = 1 if setext.group(1)[0] == "=" else 2
            found.append((index - 1, level, lines[index - 1]))
            previous_text = False
            continue
        previous_text = bool(line.strip()) and not line.lstrip().startswith((">", "-", "*", "+", "|"))
    return found


def _is_setext(lines: list[str], index: int) -> bool:
    return index + 1 < len(lines) and bool(_SETEXT.match(lines[index + 1])) and not _ATX.match(lines[index])


def place_title(lines: list[str], start: int, title: str) -> list[Note]:
    """Make room for ``title`` as the only level-1 heading of the body from ``lines[start]``.

    Changes ``lines`` in place and says what it did. A first heading equal to the title
    is dropped; when the body (still) uses level-1 headings, every heading goes one level
    down (a level-6 heading stays at level 6).
    """
    notes = []
    headings = _headings(lines, start)
    first_text = next((i for i in range(start, len(lines)) if lines[i].strip()), None)
    if headings and headings[0][0] == first_text and headings[0][1] == 1:
        index, _, text = headings[0]
        if _plain(text) == _plain(title):
            notes.append(Note(index, "the body's first heading repeats the title: it is left out"))
            setext = _is_setext(lines, index)
            lines[index] = ""
            if setext:
                lines[index + 1] = ""
            headings = headings[1:]
    if not headings:
        return notes
    top = min(level for _, level, _ in headings)
    if top > 2:
        # Sections that start at ### under the page's title: every heading moves up, so the
        # body's outline starts at the level below the title, as the author's engine showed it.
        for index, _level, _text in headings:
            atx = _ATX.match(lines[index])
            if atx:
                lines[index] = f"{atx.group(1)}{atx.group(2)[top - 2 :]}{atx.group(3)}"
        return notes
    if top != 1:
        return notes
    for index, level, text in headings:
        atx = _ATX.match(lines[index])
        if atx and not _is_setext(lines, index):
            if level < 6:
                lines[index] = f"{atx.group(1)}#{atx.group(2)}{atx.group(3)}"
        elif level == 1:
            lines[index + 1] = re.sub("=", "-", lines[index + 1])
        else:
            lines[index] = "### " + text.strip()
            lines[index + 1] = ""
    message = "the body uses '#' headings: each heading is shown one level down, under the title"
    notes.append(Note(headings[0][0], message))
    return notes


_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"<[^>]{0,200}>"), ""),  # HTML tags
    (re.compile(r"(?<![\w:]):[a-z0-9][a-z0-9_+-]*:(?![\w:])"), ""),  # MkDocs icon and emoji shortcodes
    (re.compile(r"[*_`]+"), ""),
    (re.compile(r"\{#[^}]*\}\s*$"), ""),  # heading attributes
)


def first_title(lines: list[str], start: int) -> str | None:
    """The text of the body's first level-1 heading, as plain text (the title MkDocs and
    Docusaurus use when the front matter has none), or None."""
    for _, level, text in _headings(lines, start):
        if level == 1:
            plain = _CLOSING_HASHES.sub("", " " + text).strip()
            for pattern, replacement in _INLINE:
                plain = pattern.sub(replacement, plain)
            plain = " ".join(plain.replace("\\", "").split())
            return plain or None
    return None


_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_literal(text: str) -> str:
    """Escape every ASCII punctuation mark so Markdown reads ``text`` literally."""
    return _MD_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def page_lines(text: str, block_lines: int, heading: str | None) -> tuple[list[str], list[Note]]:
    """The lines MyST reads for a page: its front matter (``block_lines`` lines) blanked line for
    line, and ``heading``, when given, as its one level-1 heading on the first line."""
    lines = text.lstrip("\ufeff").split("\n")
    if block_lines > 0:
        lines[:block_lines] = [""] * block_lines
    notes: list[Note] = []
    if heading:
        notes = place_title(lines, max(block_lines, 0), heading)
        lines[0] = "# " + markdown_literal(heading)
    return lines, notes
