"""A number that changes whenever the extension's own files do.

It is the extension's ``env_version``: Sphinx discards a saved environment made by
another version, so after an edit to the extension's code, templates, schemas or
styles (a live preview, a ``git pull``) every page is read and written again, rather
than "no targets are out of date".
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE = Path(__file__).parent
#: What the pages are made from; compiled files and caches are not.
SUFFIXES = frozenset({".py", ".html", ".json", ".css", ".js"})


def code_version(package: Path = PACKAGE) -> int:
    """A stable positive int derived from the content of every file that makes the pages."""
    digest = hashlib.sha256()
    files = sorted(
        p for p in package.rglob("*") if p.suffix in SUFFIXES and p.is_file() and "__pycache__" not in p.parts
    )
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return int(digest.hexdigest()[:12], 16)
