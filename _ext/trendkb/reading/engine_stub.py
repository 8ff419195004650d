"""STUB, to be replaced by ``reading/source.py``'s ``engine_of`` (the lead's front-matter work).

The body conversions need to know which engine a post was written for. Until
``reading/source.py`` exists, this module detects it the simplest way, from the files
around the post (``engines.detect``), for the build (``engine_of``) and for the check
command (``engine_at``). Replace both with the real ones (or re-export them from here):
nothing else in the body code looks an engine up.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..config import kb_config
from .engines import Engine, detect


def engine_of(app: Sphinx, docname: str) -> Engine:
    """The engine the document ``docname`` was written for."""
    env = app.env
    return engine_at(Path(env.doc2path(docname)), Path(env.srcdir) / kb_config(app.config).articles_dir)


def engine_at(path: Path, articles: Path, listings: dict[str, frozenset[str]] | None = None) -> Engine:
    """The engine of the post at ``path``, under the articles folder ``articles`` (``listings``:
    the folders' files, kept between calls by a caller that reads many posts at once)."""
    return detect(path, articles, listings)
