"""Whether an article's front matter says it may be published: one decision, failing closed.

Pure functions: no Sphinx here. Blog engines mark unpublished posts in several ways
(``draft: true``, Jekyll's and Hexo's ``published: false``, Pelican's and Nikola's
``status: draft``, ``hidden``, ``private``, Docusaurus' ``unlisted``, Eleventy's
``eleventyExcludeFromCollections``). Every one of them is read here into the schema's
single ``draft`` boolean, and anything that is not *clearly* "publish" counts as
unpublished, with a warning that says why and how to publish:

- a flag whose value is not a boolean (``draft: "false"``, ``draft: 1``, ``published: no``);
- a flag key that differs from a known one only in case (``Draft: false``);
- a ``status`` other than ``published``.

Dates are the other half of the decision (``aliases.Normalizer``: a date that cannot be
read keeps the post unpublished); the build and ``python -m trendkb check`` both get
their answer from here, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import dates
from .frontmatter import Problem, describe

#: key -> the value that means "unpublished" (a boolean), or None for a status word.
FLAGS: Mapping[str, bool | None] = {
    "draft": True,
    "published": False,
    "hidden": True,
    "private": True,
    "unlisted": True,
    "eleventyExcludeFromCollections": True,
    "status": None,
}
#: Flags whose engine still builds the page, only leaving it out of lists (Docusaurus'
#: ``unlisted``, Eleventy's ``eleventyExcludeFromCollections``): a page, not in listings.
UNLISTING = frozenset({"unlisted", "eleventyExcludeFromCollections"})
#: ``status`` words that mean the post is out (anything but these two is unclear, so out too).
STATUS_PUBLISHED = frozenset({"published", "publish", "public"})
_BY_FOLDED = {name.casefold(): name for name in FLAGS}


@dataclass(frozen=True)
class Decision:
    """The flags' verdict: unpublished or not, and the warnings to give."""

    unpublished: bool
    problems: tuple[Problem, ...] = ()


def _unclear(key: str, value: object, line: int, expected: str) -> Problem:
    return Problem(
        line,
        f"field '{key}': expected {expected}, got {describe(value)}; the article is not published "
        f"until the field is clear",
    )


def decide(data: dict, lines: dict[tuple, int]) -> Decision:
    """Read every publication flag of ``data`` (removing it) into ``data["draft"]``."""
    unpublished = unlisted = False
    problems: list[Problem] = []
    first_line = None
    for key in [k for k in data if k.casefold() in _BY_FOLDED]:
        known = _BY_FOLDED[key.casefold()]
        if key == "published" and isinstance(data[key], str) and dates.is_date(data[key]):
            continue  # Astro's "published" is the publication date, not a flag
        value = data.pop(key)
        line = lines.pop((key,), 1)
        first_line = first_line or line
        if key != known:
            problems.append(
                Problem(
                    line,
                    f"field '{key}' is spelled differently from '{known}' (letter case): it is read as a "
                    f"publication flag, and the article is not published; expected '{known}'",
                )
            )
            unpublished = True
            continue
        out = FLAGS[known]
        if out is None:
            if isinstance(value, str) and value.strip().casefold() in STATUS_PUBLISHED:
                continue
            if not isinstance(value, str) or value.strip().casefold() not in (
                "draft",
                "hidden",
                "private",
                "skip",
            ):
                problems.append(_unclear(key, value, line, "'published' or 'draft'"))
            unpublished = True
        elif not isinstance(value, bool):
            problems.append(_unclear(key, value, line, "true or false (without quotes)"))
            unpublished = True
        elif value is out and known in UNLISTING:
            unlisted = True
        elif value is out:
            unpublished = True
    if first_line is not None:
        data["draft"] = unpublished
        lines[("draft",)] = first_line
    if unlisted and not unpublished:
        data["unlisted"] = True
        lines[("unlisted",)] = first_line or 1
    return Decision(unpublished, tuple(problems))
