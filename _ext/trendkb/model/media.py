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
from ..reading.published import Policy

OUTPUT_FOLDER = "_kb_images"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_remote(image: str) -> bool:
    return image.startswith(("https://", "http://"))


def resolve(value: str, policy: Policy, source: Path) -> tuple[str, str | None]:
    """``(image, problem)``: the picture as stored on the article, or "" and why not.

    A path is relative to the article's file, or to the source folder with a leading ``/``.
    A relative path not found next to the article is tried from the source folder, where
    Jekyll and fastpages posts mean it (``image: images/logo.png``). Whether the file may
    be published is ``reading/published.py``'s one rule (a picture by its content, inside
    the source folder, not hidden, excluded, ``conf.py`` or an output).
    """
    value = value.strip()
    if is_remote(value) and not any(c.isspace() for c in value):
        return value, None
    if _SCHEME.match(value) or value.startswith(("//", "\\")) or "\x00" in value:
        expected = "expected a path relative to the article or an http(s) URL"
        return "", f"field 'image': {expected}, got {describe(value)}"
    root = policy.srcdir
    bases = [root] if value.startswith("/") else [source.resolve().parent, root]
    candidates = [base / value.lstrip("/") for base in bases]
    path = next((p for p in candidates if p.is_file()), candidates[0])
    why = policy.refusal(path, picture=True)
    if why is not None:
        expected = "expected a picture file in the source folder"
        return "", f"field 'image': {describe(value)} cannot be published: {why}; {expected}"
    return path.resolve().relative_to(root).as_posix(), None


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
