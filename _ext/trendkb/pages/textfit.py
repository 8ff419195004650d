"""Text measured without a font: an upper estimate of a label's width, and wrapping to a width.

The drawings are laid out at build time, where no font files are read; the estimate
errs wide, so a label measured to fit does fit in the browser's sans-serif font.
"""

from __future__ import annotations

import functools
import re
import unicodedata


@functools.lru_cache(maxsize=4096)
def _char_width(char: str) -> float:
    if char in " il|!.,:;'`ijtfr()[]":
        return 0.34
    if char in "mwMW@%":
        return 0.95
    if char.isupper() or char in "&#":
        return 0.72
    if char.isascii():
        return 0.58
    if unicodedata.east_asian_width(char) in "WF":
        return 1.05
    return 0.72


def text_width(text: str, size: float = 14) -> float:
    """An upper estimate of ``text``'s width in px in a sans-serif font of ``size`` px."""
    return sum(map(_char_width, text)) * size


def _fitting(piece: str, limit: float, size: float) -> int:
    """How many of ``piece``'s first characters fit in ``limit`` px (at least one): one pass."""
    width = 0.0
    for index, char in enumerate(piece):
        width += _char_width(char) * size
        if width > limit:
            return max(index, 1)
    return len(piece)


@functools.lru_cache(maxsize=2048)
def _wrapped(text: str, limit: float, size: float) -> tuple[str, ...]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        # "Neuroscience-Inspired" may end a line at "Neuroscience-".
        for index, piece in enumerate(re.findall(r"[^-]+-*|-+", word)):
            while text_width(piece, size) > limit:  # a URL-like word: cut where it fills the line
                cut = _fitting(piece, limit, size)
                if line:
                    lines.append(line)
                lines.append(piece[:cut])
                line, piece = "", piece[cut:]
            glue = "" if index or not line else " "
            candidate = line + glue + piece
            if line and text_width(candidate, size) > limit:
                lines.append(line)
                line = piece
            else:
                line = candidate
    if line:
        lines.append(line)
    return tuple(lines) or ("",)


def wrap(text: str, limit: float, size: float = 14) -> list[str]:
    """Words on lines no wider than ``limit`` px; hyphenated words may break after a hyphen,
    and a word too long for a line is cut. Linear in the text's length; the layouts ask for
    the same label at a few widths many times, so answers are kept."""
    return list(_wrapped(text, limit, size))


def spaced(title: str, lines: list[str] | tuple[str, ...]) -> list[str]:
    """Lines that broke at a space start with it, so the label's text reads as its title
    (screen readers and axe join an SVG text's lines with nothing in between)."""
    text, found, at = " ".join(title.split()), [], 0
    for line in lines:
        space = text[at : at + 1] == " " and bool(found)
        found.append(" " + line if space else line)
        at += len(line) + space
    return found
