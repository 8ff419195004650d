"""Tag normalisation, display spellings and URL slugs.

Pure functions over plain data, unit-tested without Sphinx.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from slugify import slugify

_SEPARATORS = re.compile(r"[\s_\-]+")
# Symbols that carry meaning in tag names (C++, C#, R&D) become words in the slug.
_REPLACEMENTS = [["+", " plus "], ["#", " sharp "], ["&", " and "], ["@", " at "]]
RESERVED_SLUGS = frozenset({"index", "genindex", "search"})


def tag_key(tag: str) -> str:
    """The identity of a tag: case, width, spaces, hyphens and underscores folded.

    ``Machine Learning``, ``machine learning`` and `` machine-learning`` share a key.
    """
    text = unicodedata.normalize("NFKC", tag).casefold()
    return _SEPARATORS.sub(" ", text).strip()


def display_name(spellings: Counter[str]) -> str:
    """The spelling shown for a tag: the most used, ties broken alphabetically."""
    return min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]


def _short_hash(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]


def base_slug(key: str) -> str:
    return slugify(key, replacements=_REPLACEMENTS, max_length=80, word_boundary=True)


def assign_slugs(keys: Iterable[str]) -> dict[str, str]:
    """Give every tag key a distinct, URL-safe slug.

    A key keeps its plain slug when it is the only one with that slug, or when it
    spells the slug exactly (``deep learning`` -> ``deep-learning``). Other keys that
    would collide (``c++`` and ``c plus plus``) get a suffix derived from the key
    itself, so it never depends on the order tags were read in.
    """
    groups: dict[str, list[str]] = {}
    for key in sorted(set(keys)):
        groups.setdefault(base_slug(key), []).append(key)

    slugs = {}
    for base, members in groups.items():
        exact = [key for key in members if key.replace(" ", "-") == base]
        owner = exact[0] if exact else (members[0] if len(members) == 1 else None)
        for key in members:
            if base and base not in RESERVED_SLUGS and key == owner:
                slugs[key] = base
            else:
                slugs[key] = f"{base or 'tag'}-{_short_hash(key)}"
    return slugs
