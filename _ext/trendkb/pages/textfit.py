"""Text measured without a font: an upper estimate of a label's width, and wrapping to a width.

The drawings are laid out at build time, where no font files are read; the estimate
errs wide, so a label measured to fit does fit in the browser's sans-serif font.
"""

from __future__ import annotations

import re
import unicodedata


def text_width(text: str, size: float = 14) -> float:
    """An upper estimate of ``text``'s width in px in a sans-serif font of ``size`` px."""
    width = 0.0
    for char in text:
        if char in " il|!.,:;'`ijtfr()[]":
            width += 0.34
        elif char in "mwMW@%":
            width += 0.95
        elif char.isupper() or char in "&#":
            width += 0.72
        elif char.isascii():
            width += 0.58
        elif unicodedata.east_asian_width(char) in "WF":
            width += 1.05
        else:
            width += 0.72
    return width * size


def wrap(text: str, limit: float, size: float = 14) -> list[str]:
    """Words on lines no wider than ``limit`` px; hyphenated words may break after a hyphen,
    and a word too long for a line is cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        # "Neuroscience-Inspired" may end a line at "Neuroscience-".
        for index, piece in enumerate(re.findall(r"[^-]+-*|-+", word)):
            while text_width(piece, size) > limit:  # a URL-like word: cut where it fills the line
                cut = max(
                    i for i in range(1, len(piece) + 1) if i == 1 or text_width(piece[:i], size) <= limit
                )
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
    return lines or [""]


def spaced(title: str, lines: list[str] | tuple[str, ...]) -> list[str]:
    """Lines that broke at a space start with it, so the label's text reads as its title
    (screen readers and axe join an SVG text's lines with nothing in between)."""
    text, found, at = " ".join(title.split()), [], 0
    for line in lines:
        space = text[at : at + 1] == " " and bool(found)
        found.append(" " + line if space else line)
        at += len(line) + space
    return found
