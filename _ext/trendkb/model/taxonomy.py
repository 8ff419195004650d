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


def _hash(key: str, length: int) -> str:
    # surrogatepass: a lone surrogate that reached a key must not crash the build.
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def base_slug(key: str) -> str:
    return slugify(key, replacements=_REPLACEMENTS, max_length=80, word_boundary=True)


#: Between a slug and its suffix. ``slugify`` collapses runs of hyphens, so no plain
#: slug contains it: a suffixed slug can never equal any key's plain slug.
SUFFIX = "--"
HASH_LENGTH = 6


def assign_slugs(keys: Iterable[str]) -> dict[str, str]:
    """Give every tag key a distinct, URL-safe slug, whatever the keys and their order.

    A key keeps its plain slug when it is the only one with that slug, or when it
    spells the slug exactly (``deep learning`` -> ``deep-learning``), unless the slug
    is reserved. Other keys (``c++`` beside ``c plus plus``) get ``--`` and a suffix
    derived from the key itself, lengthened while two suffixes of one slug agree, so
    it never depends on the order tags were read in. Uniqueness is then checked, and
    any slug still taken gets a counter, in key order.
    """
    groups: dict[str, list[str]] = {}
    for key in sorted(set(keys)):
        groups.setdefault(base_slug(key), []).append(key)

    slugs: dict[str, str] = {}
    for base, members in groups.items():
        exact = [key for key in members if key.replace(" ", "-") == base]
        owner = exact[0] if exact else (members[0] if len(members) == 1 else None)
        suffixed = [key for key in members if not (base and base not in RESERVED_SLUGS and key == owner)]
        slugs.update({key: base for key in members if key not in suffixed})
        slugs.update(_suffixed(base or "tag", suffixed))
    return _unique(slugs)


def _suffixed(base: str, keys: list[str]) -> dict[str, str]:
    """``base--<hash>`` for each key; the hash is lengthened until the keys differ."""
    length = HASH_LENGTH
    while length < 40 and len({_hash(key, length) for key in keys}) < len(keys):
        length += 2
    return {key: f"{base}{SUFFIX}{_hash(key, length)}" for key in keys}


def _unique(slugs: dict[str, str]) -> dict[str, str]:
    """The check after assignment: distinct and never reserved (a safety net, in key order)."""
    taken: set[str] = set()
    result = {}
    for key in sorted(slugs):
        slug, count = slugs[key], 1
        while slug in taken or slug in RESERVED_SLUGS:
            count += 1
            slug = f"{slugs[key]}{SUFFIX}{count}"
        taken.add(slug)
        result[key] = slug
    return result
