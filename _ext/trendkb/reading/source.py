"""The one reader of a source file's front matter, for the build and for ``python -m trendkb check``.

Given a file's text and place, it finds the file's origin (its engine, the dates, title and
language of its path, the authors and folder defaults around it: ``origin.py``), reads the
front matter in the forms that engine writes, and maps it onto the schema (``aliases.py``),
so both callers report the same problems and derive the same record.
"""

from __future__ import annotations

import dataclasses
import weakref
from pathlib import Path

from . import frontmatter
from .aliases import Normalizer
from .engines import Engine
from .origin import Origin, origin_of

_caches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def read(
    text: str,
    srcdir: Path,
    path: Path,
    docname: str,
    kind: str,
    config,
    language: str = "en",
    cache: dict | None = None,
) -> tuple[frontmatter.FrontMatter, Normalizer, Origin]:
    """The file's front matter, read as its engine writes it, and what was used to read it."""
    origin = origin_of(
        srcdir,
        path,
        docname,
        kind,
        config.articles_dir,
        language,
        config.authors_file,
        config.engine,
        cache,
    )
    normalizer = Normalizer.for_document(config, docname, kind, origin, text)
    formats = tuple(dict.fromkeys((*frontmatter.FORMATS, *origin.engine.formats)))
    result = frontmatter.read(text, kind, prepare=normalizer, formats=formats)
    if origin.not_a_post:
        # A page of the old engine that is no post (an author's profile, a section's page).
        result = dataclasses.replace(result, problems=(), data={**result.data, "draft": True})
    return result, normalizer, origin


def cache_of(owner) -> dict:
    """A cache of folder listings and small files for one build (``owner``: its application)."""
    found = _caches.get(owner)
    if found is None:
        found = _caches[owner] = {}
    return found


def engine_of(app, docname: str) -> Engine:
    """The engine a document was written for (the build's answer, for body syntax and math)."""
    from ..config import kb_config

    config = kb_config(app.config)
    kind = config.kind_of(docname) or "page"
    origin = origin_of(
        Path(app.srcdir),
        Path(app.env.doc2path(docname)),
        docname,
        kind,
        config.articles_dir,
        app.config.language or "en",
        config.authors_file,
        config.engine,
        cache_of(app),
    )
    return origin.engine
