"""Which files of the machine a page may publish: the one rule for paths named in sources.

Pure functions: no Sphinx application here. A picture (front matter ``image``, a body
image), a download and an included file are named by untrusted text. The file it names
may be published only when it

- resolves (symbolic links followed) inside the source folder;
- is a regular file, not under a hidden (dot) name: ``.git/``, ``.env``, ``.github/``;
- is not the site's ``conf.py``, nor inside the output or doctree folders;
- is not left out of the site by ``exclude_patterns`` (``_build``, ``.venv``...).

A picture must also be a picture by its content (its first bytes), not by its name:
``image: conf.py`` renamed ``conf.png`` is refused all the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: First bytes of the picture formats browsers show.
_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"BM",  # BMP
    b"\x00\x00\x01\x00",  # ICO
    b"II*\x00",  # TIFF
    b"MM\x00*",
)
_SVG_START = (b"<svg", b"<?xml", b"<!--", b"<!doctype svg")


def is_picture(head: bytes) -> bool:
    """Whether ``head`` (the first bytes of a file) starts a picture: PNG, JPEG, GIF, WebP, AVIF, SVG..."""
    if head.startswith(_MAGIC):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis", b"heic", b"heix", b"mif1"):
        return True
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(_SVG_START) and b"<svg" in head.lower()


@dataclass(frozen=True)
class Policy:
    """The folders of one build, and its exclude patterns."""

    srcdir: Path
    outdir: Path | None = None
    doctreedir: Path | None = None
    confdir: Path | None = None
    excluded: Callable[[str], bool] = lambda rel: False

    @classmethod
    def of(cls, srcdir, outdir=None, doctreedir=None, confdir=None, exclude_patterns: Iterable[str] = ()):
        from sphinx.util.matching import compile_matchers

        matchers = compile_matchers(list(exclude_patterns))
        return cls(
            Path(os.path.realpath(srcdir)),
            Path(os.path.realpath(outdir)) if outdir else None,
            Path(os.path.realpath(doctreedir)) if doctreedir else None,
            Path(os.path.realpath(confdir)) if confdir else None,
            lambda rel: any(m(rel) for m in matchers),
        )

    def refusal(self, path: Path, picture: bool = False) -> str | None:
        """Why the file at ``path`` may not be published, or None when it may."""
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(self.srcdir):
            return "it is outside the source folder"
        for folder, what in ((self.outdir, "output"), (self.doctreedir, "doctree")):
            if folder is not None and real.is_relative_to(folder):
                return f"it is inside the {what} folder"
        rel = PurePosixPath(real.relative_to(self.srcdir).as_posix())
        if any(part.startswith(".") for part in rel.parts):
            return "it is a hidden file or inside a hidden folder (a name starting with '.')"
        if self.confdir is not None and real == self.confdir / "conf.py":
            return "it is the site's conf.py"
        prefixes = ["/".join(rel.parts[:end]) for end in range(1, len(rel.parts) + 1)]
        if any(self.excluded(prefix) for prefix in prefixes):
            return "exclude_patterns leave it out of the site"
        if not real.is_file():
            return "it is not a regular file" if real.exists() else "the file does not exist"
        if picture:
            try:
                with open(real, "rb") as stream:
                    head = stream.read(512)
            except OSError as exc:
                return f"it cannot be read ({exc.strerror})"
            if not is_picture(head):
                return "its content is not a picture (PNG, JPEG, GIF, WebP, AVIF, SVG, ...)"
        return None
