"""Attribute lists of other Markdown engines: heading ids, kramdown's ``{: ...}`` and ``{:toc}``.

Pure, no Sphinx. Docusaurus, Hugo, Zola, Quarto (Pandoc), kramdown (Jekyll) and MkDocs
(attr_list) read ``## Heading {#custom-id}``; MyST shows the braces as text. Line for line:

- ``## Heading {#id .class}``: the attributes leave the heading; its id becomes a MyST
  target, ``(id)=``, on the blank line before it (without one, the heading keeps MyST's
  own anchor), so links to ``#id`` still land there;
- kramdown's table of contents, ``* TOC`` then ``{:toc}``, becomes ``{contents}``;
- a line holding only a kramdown attribute list (``{: .note}``, ``{:.table}``) is dropped:
  classes for the old theme's CSS;
- MkDocs Material's icons (``:octicons-search-24:``, ``:material-alert:``) and attribute
  lists after a link or an image (``[Start](x){ .md-button }``, Pandoc's and kramdown's
  ``![x](y){width="50%"}``) are dropped: the old theme drew them;
- Python-Markdown's ``[TOC]`` (MkDocs, Pelican) becomes ``{contents}``;
- Pandoc's (Quarto's) spans ``[text]{.smallcaps}`` become their text, and its inline notes
  ``^[A note.]`` become footnotes, their text appended at the end of the file.
"""

from __future__ import annotations

import re

from . import bodyscan, dialects
from .conversion import Work

_HEADING_ATTRIBUTES = re.compile(r"^(?P<heading>\s{0,3}#{1,6}\s.*?)\s*\{:?\s*(?P<attrs>[#.][^{}]*)\}\s*$")
_ID = re.compile(r"(?:^|\s)#([A-Za-z][\w:.-]*)")
_KRAMDOWN_LINE = re.compile(r"^\s*\{:\s*[^{}]*\}\s*$")
_TOC_MARKER = re.compile(r"^\s*\{:\s*toc\s*\}\s*$")
_TOC_ITEM = re.compile(r"^\s*(?:[*+-]|1\.)\s+.*$")
_SPAN = re.compile(r"(?<![!\]\\])\[(?P<text>[^\[\]]*)\]\{[.#][^{}\n]*\}")
_ICON = re.compile(r":(?:material|octicons|fontawesome|simple)-[\w-]+:(?:\{[^{}]*\})?")
#: ``![x](y){ .class width="50%" }``: attributes of a link or image (attr_list, Pandoc, kramdown).
_INLINE_ATTRIBUTES = re.compile(r"(?<=[)\]])\{[:\s]*[.#\w][^{}\n]*\}(?!`)")
#: Families whose headings take ``{#id}``.
_FAMILIES = frozenset(
    ("docusaurus", "mdx", "hugo", "zola", "quarto", "liquid", "mkdocs", "hexo", "vue", "pelican")
)


def convert(work: Work) -> None:
    family = work.family
    if family not in _FAMILIES and not dialects.is_native(work.engine):
        return
    heading_ids = family in _FAMILIES
    lines = work.lines
    if not any(mark in line for line in lines for mark in ("{", ":", "^[", "[TOC]")):
        return
    kinds = work.kinds()
    for i in range(len(kinds)):  # notes are appended to the lines as they are found
        line = lines[i]
        if kinds[i] != bodyscan.PROSE or not any(mark in line for mark in ("{", ":", "^[", "[TOC]")):
            continue
        heading = _HEADING_ATTRIBUTES.match(line) if heading_ids else None
        if heading:
            lines[i] = heading["heading"]
            ident = _ID.search(heading["attrs"])
            if ident and i > 1 and not lines[i - 1].strip() and kinds[i - 1] == bodyscan.PROSE:
                lines[i - 1] = f"({ident.group(1)})="
            continue
        if family == "quarto" and ("^[" in line or "]{" in line):
            line = lines[i] = bodyscan.sub_outside_code(_SPAN, lambda m: m["text"], line)
            if "^[" in line:
                line = lines[i] = _inline_notes(work, line)
        if family in ("mkdocs", "quarto", "liquid"):
            masked = bodyscan.mask_code(line)
            for pattern in (_ICON, _INLINE_ATTRIBUTES) if family == "mkdocs" else (_INLINE_ATTRIBUTES,):
                for match in reversed(list(pattern.finditer(masked))):
                    line = line[: match.start()] + line[match.end() :]
                masked = bodyscan.mask_code(line)
            lines[i] = line
        if family in ("mkdocs", "pelican") and line.strip() == "[TOC]":  # Python-Markdown's toc
            if work.close_after(i, "```"):
                lines[i] = "```{contents}"
            continue
        if family in ("liquid", "markdown") and _KRAMDOWN_LINE.match(line):
            if _TOC_MARKER.match(line) and i > 0 and _TOC_ITEM.match(lines[i - 1]):
                lines[i - 1] = "```{contents}"
                lines[i] = "```"
            elif family == "liquid":
                lines[i] = ""


def _inline_notes(work: Work, line: str) -> str:
    """Pandoc's ``^[text]`` (brackets inside balanced): a footnote reference, and its
    definition appended at the end of the file, where it changes no line's number."""
    masked = bodyscan.mask_code(line)
    out: list[str] = []
    position = 0
    start = masked.find("^[")
    while start >= 0:
        depth, end = 0, None
        for index in range(start + 1, len(masked)):
            if masked[index] == "[":
                depth += 1
            elif masked[index] == "]":
                depth -= 1
                if depth == 0:
                    end = index
                    break
        if end is None:
            break
        number = sum(1 for line in work.lines if line.startswith("[^kb-note-")) + 1
        label = f"kb-note-{number}"
        work.lines.append("")
        work.lines.append(f"[^{label}]: {line[start + 2 : end]}")
        out.append(line[position:start] + f"[^{label}]")
        position = end + 1
        start = masked.find("^[", position)
    out.append(line[position:])
    return "".join(out)
