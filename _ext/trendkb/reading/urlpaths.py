"""URL paths from front matter (``aliases``, ``redirect_from``, ``permalink``), normalised once.

Pure functions: no Sphinx here. An old path of a post becomes a file in the output
folder, so the text is untrusted twice: as a URL (percent-encoding, ``..``, schemes in
any case, ``//host``) and as a file name (length, characters some file system refuses,
hidden names, names that differ only in case). ``output_file`` either returns the one
relative file path the path is served from, or raises ``Refused`` with the reason: there
is no third outcome, and no other module turns a front-matter path into a file path.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

#: Longest name of one path segment most file systems accept, in bytes.
SEGMENT_BYTES = 255
#: Longest relative path accepted, in bytes (the output folder's own path comes on top).
PATH_BYTES = 512
#: Suffixes a static host serves as a web page: a redirect page may have them.
PAGE_SUFFIXES = (".html", ".htm")
#: Suffixes a static host serves as something else: a redirect page there would not work.
OTHER_SUFFIXES = frozenset(
    {
        "xml",
        "json",
        "txt",
        "php",
        "php3",
        "asp",
        "aspx",
        "jsp",
        "cgi",
        "pl",
        "py",
        "rb",
        "css",
        "js",
        "mjs",
        "map",
        "pdf",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "ico",
        "zip",
        "gz",
        "tgz",
        "tar",
        "bz2",
        "xz",
        "mp3",
        "mp4",
        "webm",
        "ogg",
        "wav",
        "csv",
        "tsv",
        "rss",
        "atom",
        "md",
        "markdown",
        "rst",
        "ipynb",
        "woff",
        "woff2",
        "ttf",
    }
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Control characters, characters Windows or macOS refuse in a file name, and those that change
# what a link to the file means (``#`` a fragment, ``%`` an escape; ``:`` and ``?`` are above).
_BAD_CHARACTERS = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"|?*\\#%\u2028\u2029]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


class Refused(ValueError):
    """The text cannot be an old path of this site; ``reason`` says why, for a warning."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def output_file(text: object) -> str:
    """The file, relative to the output folder, that serves the old path ``text``.

    ``/2020/03/old.html`` -> ``2020/03/old.html``; ``/posts/old/`` and ``/posts/old`` ->
    ``posts/old/index.html``. Percent-escapes are decoded once; ``.`` and ``..`` are
    resolved; repeated slashes collapse. Raises ``Refused`` for anything else: a URL with
    a scheme or a host, a query or fragment, a climb above the site root, a hidden
    (dot) name, a name too long or holding a character a file system refuses.
    """
    if not isinstance(text, str):
        raise Refused("expected a path as text")
    raw = text.strip()
    if not raw or raw.strip("/") == "":
        raise Refused("expected a path below the site root, such as /2020/03/old-post.html")
    if _SCHEME.match(raw) or raw.startswith(("//", "\\\\")):
        raise Refused("expected a path on this site, not a URL with a scheme or host")
    if "?" in raw or "#" in raw:
        raise Refused(
            "expected a path without a query ('?') or fragment ('#'): a static site cannot serve it"
        )
    try:
        decoded = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        raise Refused("its percent-escapes are not UTF-8") from None
    decoded = unicodedata.normalize("NFC", decoded)
    if _SCHEME.match(decoded) or decoded.startswith("//"):
        raise Refused("expected a path on this site, not a URL with a scheme or host")
    if "%" in decoded:
        raise Refused("it is percent-encoded twice")
    bad = _BAD_CHARACTERS.search(decoded)
    if bad:
        raise Refused(f"it holds a character file systems refuse in names ({bad.group()!r})")
    directory = decoded.endswith("/")
    parts: list[str] = []
    for segment in decoded.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not parts:
                raise Refused("'..' climbs above the site root")
            parts.pop()
            continue
        problem = segment_problem(segment)
        if problem:
            raise Refused(problem)
        parts.append(segment)
    if not parts:
        raise Refused("expected a path below the site root, not the root itself")
    last = parts[-1].lower()
    suffix = last.rsplit(".", 1)[-1] if "." in last else ""
    if not directory and last.endswith(PAGE_SUFFIXES):
        relative = "/".join(parts)
    elif not directory and suffix in OTHER_SUFFIXES:
        raise Refused(
            f"a static host serves '.{suffix}' files as something other than a web page, "
            "so a redirect page there would not work; expected a path ending in '/', '.html' or no suffix"
        )
    else:
        relative = "/".join([*parts, "index.html"])
    if len(relative.encode("utf-8")) > PATH_BYTES:
        raise Refused(f"the path is longer than {PATH_BYTES} bytes")
    return relative


def segment_problem(segment: str) -> str | None:
    """Why ``segment`` (one name of an output path: a page, a folder, a redirect) cannot be a file
    of the site on every system and host, nor a link that means what it names; None when it can.

    The one rule for names in the output: ``output_file`` applies it to old URL paths, and
    discovery (``walk.py``) to source files, whose names become the pages' names.
    """
    bad = _BAD_CHARACTERS.search(segment)
    if bad:
        return f"it holds a character that file systems refuse or that changes a link ({bad.group()!r})"
    if segment.startswith("."):
        return f"the name {segment[:40]!r} is hidden (starts with '.'): the site publishes no such file"
    if segment != segment.rstrip(" .") or segment != segment.lstrip(" "):
        return "a name starts or ends with a space or ends with '.', which Windows refuses"
    if _RESERVED.match(segment):
        return f"the name {segment!r} is reserved on Windows"
    if len(segment.encode("utf-8")) > SEGMENT_BYTES:
        return f"a name is longer than {SEGMENT_BYTES} bytes, which file systems refuse"
    return None


def key(relative: str) -> str:
    """How two output paths are compared: case-insensitive file systems hold one of ``A`` and ``a``."""
    return unicodedata.normalize("NFC", relative).casefold()
