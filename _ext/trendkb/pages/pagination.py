"""Long lists in pages of bounded size: the archive, tag, author, category and topic lists.

A list of articles longer than ``kb_page_size`` shows its newest entries on its own page
and the rest on continuation pages beside it (``<page>/page/2``, ...), each linking to
the others (``rel="prev"``/``"next"`` in the head and a pager in the page), so no page
grows with the number of articles. This module is the arithmetic and the pager; which
lists are paginated, and their continuation pages, are ``continuation.py``'s. Only the
page builders paginate: the single-page, EPUB and other builders list every entry where
the list is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup
from sphinx.application import Sphinx

from ..config import PAGE_BUILDERS, kb_config
from .render import PageRenderer, render

if TYPE_CHECKING:
    from .listings import ListingSpec


@dataclass(frozen=True)
class Pages:
    """Where one page sits in its list: page ``number`` of ``count``, ``total`` entries."""

    number: int
    count: int
    total: int
    size: int

    @property
    def start(self) -> int:
        return (self.number - 1) * self.size if self.size else 0

    @property
    def stop(self) -> int:
        return min(self.total, self.start + self.size) if self.size else self.total

    def key(self) -> tuple:
        return (self.number, self.count, self.total)


def pages(total: int, size: int, number: int = 1) -> Pages:
    """``size`` 0 means one page, however long the list."""
    count = max(1, math.ceil(total / size)) if size else 1
    return Pages(min(max(1, number), count), count, total, size)


def pagename(owner: str, number: int, index: int = 0) -> str:
    """The page of a list: its owner for page 1; below it for the others.

    ``index`` numbers the paginated lists of one page (rarely more than one).
    """
    if number <= 1:
        return owner
    return f"{owner}/page/{number}" if index == 0 else f"{owner}/list-{index + 1}/page/{number}"


def page_size(builder) -> int:
    """The builder's page size: 0 (one page) where there are no pages beside each other."""
    return kb_config(builder.config).page_size if builder.name in PAGE_BUILDERS else 0


def paginated(spec: ListingSpec) -> bool:
    """A list of articles that grows with the site: no ``:limit:``."""
    return spec.kind in ("articles", "term") and not spec.limit


def window(at: Pages) -> list[int | None]:
    """The page numbers the pager shows: first, last and two either side; None for a gap."""
    shown = sorted({1, at.count, *range(max(1, at.number - 2), min(at.count, at.number + 2) + 1)})
    result: list[int | None] = []
    for number in shown:
        if result and number - (result[-1] or 0) > 1:
            result.append(None)
        result.append(number)
    return result


def neighbour_links(renderer: PageRenderer, owner: str, index: int, at: Pages) -> dict:
    """Links to the newer and older page of a list, relative to the page being written."""
    newer = renderer.link(pagename(owner, at.number - 1, index)) if at.number > 1 else None
    older = renderer.link(pagename(owner, at.number + 1, index)) if at.number < at.count else None
    return {"prev": newer, "next": older}


def pager_html(renderer: PageRenderer, owner: str, index: int, at: Pages, label: str) -> Markup:
    """The pager under a list: newer and older, and page numbers; nothing for one page."""
    if at.count <= 1:
        return Markup("")
    numbers = [
        {"number": n, "url": renderer.link(pagename(owner, n, index)), "current": n == at.number}
        if n is not None
        else None
        for n in window(at)
    ]
    return Markup(
        render(
            "pager.html",
            label=label,
            at=at,
            first=at.start + 1,
            last=at.stop,
            numbers=numbers,
            **neighbour_links(renderer, owner, index, at),
        )
    )


def head_links(app: Sphinx, pagename_: str, templatename: str, context: dict, doctree) -> None:
    """``<link rel="prev"/"next">`` for a page of a paginated list (set as ``kb_pager``)."""
    found = context.get("kb_pager")
    if found is None and doctree is not None:
        found = doctree.get("kb_pager")
    if not found:
        return
    links = "".join(
        f'\n<link rel="{rel}" href="{Markup.escape(found[rel])}" />'
        for rel in ("prev", "next")
        if found.get(rel)
    )
    context["metatags"] = context.get("metatags", "") + links


def setup_pagination(app: Sphinx) -> None:
    app.connect("html-page-context", head_links)
