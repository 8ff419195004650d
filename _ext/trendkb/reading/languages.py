"""Languages of posts and how translations are told apart: file suffixes and language folders.

Pure functions: no Sphinx here. A language is a code Babel knows (``es``, ``pt-br``,
``zh-hans``), so a post named ``v1.2.md`` or ``notes.ml.md`` is only taken for a
translation when its suffix is a real language code, and a folder only counts as a
language folder when a sibling folder is one too (``content/en/`` beside ``content/fa/``):
a lone ``docs/articles/ml/`` stays a folder about machine learning.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path, PurePosixPath

#: A BCP 47 tag as engines write them: a language and up to three subtags (script, region,
#: variant), as in ``zh-hant-tw`` (Hugo's language keys are such tags).
_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{2,8}){0,3}$", re.IGNORECASE)


@functools.cache
def _known() -> frozenset[str]:
    from babel import localedata

    return frozenset(code.split("_")[0].casefold() for code in localedata.locale_identifiers())


def code(text: object) -> str | None:
    """``text`` as a language code (``pt_BR`` -> ``pt-br``), or None when it is not one."""
    if not isinstance(text, str) or not _CODE.match(text.strip()):
        return None
    folded = text.strip().casefold().replace("_", "-")
    return folded if folded.split("-")[0] in _known() else None


def split_suffix(name: str) -> tuple[str | None, str]:
    """``("es", "post")`` from ``post.es``; ``(None, name)`` when the last suffix is no language."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return None, name
    found = code(suffix)
    return (found, stem) if found else (None, name)


def _subfolders(folder: Path, cache: dict) -> frozenset[str]:
    key = ("subfolders", str(folder))
    if key not in cache:
        try:
            cache[key] = frozenset(e.name for e in os.scandir(folder) if e.is_dir())
        except OSError:
            cache[key] = frozenset()
    return cache[key]


def from_path(
    docname: str, articles_dir: str, srcdir: Path, cache: dict | None = None
) -> tuple[str | None, str]:
    """(language, base) of an article: the base is its docname without the language part, the
    same for an original and its translations."""
    cache = {} if cache is None else cache
    path = PurePosixPath(docname)
    parts = list(path.parts)
    language, stem = split_suffix(parts[-1])
    if language:
        parts[-1] = stem
    elif parts[-1] == "index" and len(parts) > 1:
        language, stem = split_suffix(parts[-2])  # a bundle folder named post.es
        if language:
            parts[-2] = stem
    top = len(PurePosixPath(articles_dir).parts)
    for index in range(top, len(parts) - 1):
        found = code(parts[index])
        if not found:
            continue
        siblings = _subfolders(srcdir.joinpath(*parts[:index]), cache)
        if any(code(other) and other != parts[index] for other in siblings):
            language = language or found
            parts[index] = "*"
            break
    return language, "/".join(parts)
