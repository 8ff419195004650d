"""Whether an article's front matter says it may be published: one decision, failing closed.

Pure functions: no Sphinx here. Blog engines mark unpublished posts in several ways
(``draft: true``, Jekyll's and Hexo's ``published: false``, Pelican's and Nikola's
``status: draft``, ``hidden``, ``private``, Docusaurus' ``unlisted``, Eleventy's
``eleventyExcludeFromCollections``). Every one of them is read here into the schema's
single ``draft`` boolean, and anything that is not *clearly* "publish" counts as
unpublished, with a warning that says why and how to publish:

- a flag whose value is not a boolean (``draft: "false"``, ``draft: 1``, ``published: no``);
- a flag key that differs from a known one only in case (``Draft: false``), or that a
  reader could take for one: the same letters with spaces or punctuation between them
  (``d raft``, ``is-hidden`` is not), or one letter off (``darft``, ``drafts``);
- a ``status`` other than ``published``.

Dates are the other half of the decision (``aliases.Normalizer``: a date that cannot be
read keeps the post unpublished); the build and ``python -m trendkb check`` both get
their answer from here, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from . import dates, typos
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


_ESCAPED = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")


def _skeleton(key: str) -> str:
    """The letters of a key, as a reader sees them: compatibility forms folded, case, spaces,
    punctuation and invisible characters dropped (also when the reader wrote them escaped,
    ``\u200b``, as field names keep them)."""
    key = _ESCAPED.sub(lambda m: chr(int(m.group()[2:], 16)), key)
    return "".join(c for c in unicodedata.normalize("NFKC", key).casefold() if c.isalnum())


_BY_SKELETON = {_skeleton(name): name for name in FLAGS}


def lookalike(key: str) -> str | None:
    """The flag a key other than the flag itself could be taken for, or None."""
    if key in FLAGS:
        return None
    skeleton = _skeleton(key)
    if skeleton in _BY_SKELETON:
        return _BY_SKELETON[skeleton]
    for flag_skeleton, name in _BY_SKELETON.items():
        # One letter off, for names long enough that a one-letter slip is not another word.
        near = len(flag_skeleton) >= 5 and abs(len(skeleton) - len(flag_skeleton)) <= 1
        if near and typos.distance(skeleton, flag_skeleton, limit=2) <= 1:
            return name
    return None


#: Other engines' ways of saying "no page" (Hugo's headless bundles and build options,
#: Eleventy's ``permalink: false``) or "no page after this date" (Hugo's expiryDate).
EXPIRY_KEYS = ("expiryDate", "expirydate", "expiry_date", "expires", "unpublishdate")
BUILD_KEYS = ("_build", "build")


def clock() -> dt.datetime:
    """The build's clock: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def _no_page(data: dict, lines: dict[tuple, int], problems: list) -> tuple[bool, bool]:
    """(unpublished, unlisted) by the other engines' markers; each marker read is removed."""
    unpublished = unlisted = False
    if data.get("headless") is True:
        data.pop("headless")
        unpublished = True
        problems.append(Problem(lines.pop(("headless",), 1), _NO_PAGE.format("headless: true (Hugo)")))
    if data.get("permalink") is False:
        data.pop("permalink")
        unpublished = True
        problems.append(Problem(lines.pop(("permalink",), 1), _NO_PAGE.format("permalink: false (Eleventy)")))
    for key in BUILD_KEYS:
        options = data.get(key)
        if not isinstance(options, dict):
            continue
        data.pop(key)
        line = lines.pop((key,), 1)
        never = ("never", False, "false")
        if options.get("render") in never:
            unpublished = True
            problems.append(Problem(line, _NO_PAGE.format(f"{key}: render: never (Hugo)")))
        elif options.get("list") in never:
            unlisted = True
    for key in [k for k in EXPIRY_KEYS if k in data]:
        value, line = data.pop(key), lines.pop((key,), 1)
        try:
            expired = dates.parse(str(value)) <= clock()
        except ValueError:
            problems.append(_unclear(key, value, line, "a date such as 2024-03-04"))
            expired = True
        if expired:
            unpublished = True
    return unpublished, unlisted


_NO_PAGE = "{} means the engine writes no page for it: the article is not published"


def _later_publish_date(data: dict, lines: dict[tuple, int]) -> None:
    """Hugo publishes at ``publishDate`` when the page has a ``date`` too: the later one counts."""
    key = next((k for k in ("publishDate", "publishdate", "pubdate") if k in data), None)
    if key is None or "date" not in data:
        return
    value, line = data.pop(key), lines.pop((key,), None)
    try:
        later = dates.parse(str(value)) > dates.parse(str(data["date"]))
    except ValueError:
        later = True  # a publication date that cannot be read: the date check fails closed
    if later:
        data["date"] = value
        lines[("date",)] = line or lines.get(("date",), 1)


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


#: A topic's flags: ``status`` is its trend status, and other engines' markers do not apply.
TOPIC_FLAGS = frozenset(FLAGS) - {"status", "unlisted", "eleventyExcludeFromCollections"}


def decide(data: dict, lines: dict[tuple, int], topic: bool = False) -> Decision:
    """Read every publication flag of ``data`` (removing it) into ``data["draft"]``."""
    problems: list[Problem] = []
    unpublished = unlisted = False
    if not topic:
        _later_publish_date(data, lines)
        unpublished, unlisted = _no_page(data, lines, problems)
    first_line = 1 if unpublished or unlisted else None
    flags = TOPIC_FLAGS if topic else FLAGS
    for key in [k for k in data if k in flags or (k not in FLAGS and lookalike(k) in flags)]:
        known = key if key in FLAGS else lookalike(key)
        if key == "published" and isinstance(data[key], str) and dates.is_date(data[key]):
            continue  # Astro's "published" is the publication date, not a flag
        value = data.pop(key)
        line = lines.pop((key,), 1)
        first_line = first_line or line
        if key != known:
            problems.append(
                Problem(
                    line,
                    f"field '{key}' is spelled differently from '{known}': it is read as a "
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
