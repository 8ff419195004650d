"""An article's picture: where its file is, and the URL a page or a preview uses for it.

A picture is either an http(s) URL, kept as it is, or a file below the source folder,
copied into the output at ``_kb_images/<its path in the source>`` (``outputs/images.py``).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import quote

from ..reading.frontmatter import describe

OUTPUT_FOLDER = "_kb_images"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_remote(image: str) -> bool:
    return image.startswith(("https://", "http://"))


def resolve(value: str, srcdir: Path, source: Path) -> tuple[str, str | None]:
    """``(image, problem)``: the picture as stored on the article, or "" and why not.

    A path is relative to the article's file, or to the source folder with a leading ``/``.
    A relative path not found next to the article is tried from the source folder, where
    Jekyll and fastpages posts mean it (``image: images/logo.png``).
    """
    value = value.strip()
    if is_remote(value) and not any(c.isspace() for c in value):
        return value, None
    if _SCHEME.match(value) or value.startswith(("//", "\\")):
        expected = "expected a path relative to the article or an http(s) URL"
        return "", f"field 'image': {expected}, got {describe(value)}"
    root = srcdir.resolve()
    bases = [root] if value.startswith("/") else [source.resolve().parent, root]
    paths = [(base / value.lstrip("/")).resolve() for base in bases]
    if not paths[0].is_relative_to(root):
        return "", f"field 'image': expected a file inside the source folder, got {describe(value)}"
    path = next((p for p in paths if p.is_relative_to(root) and p.is_file()), None)
    if path is None:
        expected = "expected a picture file, relative to the article or to the source folder"
        return "", f"field 'image': the file {describe(value)} does not exist: {expected}"
    return path.relative_to(root).as_posix(), None


def output_path(image: str) -> str:
    """Where a local picture is copied, below the output folder."""
    return f"{OUTPUT_FOLDER}/{image}"


def page_url(image: str, page_uri: str) -> str:
    """The picture's URL from a page whose URI (``builder.get_target_uri``) is ``page_uri``."""
    if is_remote(image):
        return image
    folder = posixpath.dirname(page_uri)
    return quote(posixpath.relpath(output_path(image), folder or "."))


def absolute_url(image: str, base: str | None) -> str | None:
    """The picture's absolute URL (link previews need one), given the site's base URL."""
    if is_remote(image):
        return image
    return base + quote(output_path(image)) if base else None
