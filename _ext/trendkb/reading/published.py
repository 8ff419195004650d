"""Which files of the machine a page may publish: the one rule for paths named in sources.

Pure functions: no Sphinx application here. A picture (front matter ``image``, a body
image), a download, an included file and every other file a directive reads (``include``,
``literalinclude`` and its ``:diff:``, ``csv-table`` and ``raw`` ``:file:``, ``mermaid``) is
named by untrusted text, and so is a source file reached through a symbolic link. The file
it names may be published only when it

- resolves (symbolic links followed) inside the source folder;
- is not under a hidden (dot) name: ``.git/``, ``.env``, ``.github/``;
- is not the site's ``conf.py``, nor inside the output or doctree folders;
- is kept by ``include_patterns`` and not left out by ``exclude_patterns`` (``_build``,
  ``.venv``...), judged by where it really is, not by the link that names it;
- is a regular file (never a FIFO or a device, which would block the build);
- is not the source of an article that is not published (a draft, a scheduled post).

A picture must also be a picture by its name and its content (``pictures.py``):
``image: conf.py`` renamed ``conf.png`` is refused all the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .pictures import MAX_SVG_BYTES, picture_problem
from .walk import read_bounded


def _never(real: Path) -> str | None:
    return None


@dataclass(frozen=True)
class Policy:
    """The folders of one build, its include and exclude patterns, and which sources are unpublished."""

    srcdir: Path
    outdir: Path | None = None
    doctreedir: Path | None = None
    confdir: Path | None = None
    excluded: Callable[[str], bool] = lambda rel: False
    included: Callable[[str], bool] = lambda rel: True
    #: Why the file at a real path is the source of an unpublished page, or None.
    unpublished: Callable[[Path], str | None] = _never

    @classmethod
    def of(
        cls,
        srcdir,
        outdir=None,
        doctreedir=None,
        confdir=None,
        exclude_patterns: Iterable[str] = (),
        include_patterns: Iterable[str] = ("**",),
        unpublished: Callable[[Path], str | None] = _never,
    ):
        from sphinx.util.matching import compile_matchers

        excludes = compile_matchers(list(exclude_patterns))
        includes = compile_matchers(list(include_patterns))
        return cls(
            Path(os.path.realpath(srcdir)),
            Path(os.path.realpath(outdir)) if outdir else None,
            Path(os.path.realpath(doctreedir)) if doctreedir else None,
            Path(os.path.realpath(confdir)) if confdir else None,
            lambda rel: any(m(rel) for m in excludes),
            lambda rel: any(m(rel) for m in includes),
            unpublished,
        )

    def place_refusal(self, path: Path | str, folder: bool = False, patterns: bool = True) -> str | None:
        """Why the place ``path`` really is (links followed) is not one the site publishes, or None.

        ``folder``: a folder, which the include patterns cannot judge (only the files in it).
        ``patterns=False``: a file ``conf.py`` names (the bibliography), which the patterns,
        being about pages, do not choose.
        """
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(self.srcdir):
            return "it is outside the source folder"
        for where, what in ((self.outdir, "output"), (self.doctreedir, "doctree")):
            if where is not None and real.is_relative_to(where):
                return f"it is inside the {what} folder"
        rel = PurePosixPath(real.relative_to(self.srcdir).as_posix())
        if any(part.startswith(".") for part in rel.parts):
            return "it is a hidden file or inside a hidden folder (a name starting with '.')"
        if self.confdir is not None and real == self.confdir / "conf.py":
            return "it is the site's conf.py"
        if not patterns:
            return None
        prefixes = ["/".join(rel.parts[:end]) for end in range(1, len(rel.parts) + 1)]
        if any(self.excluded(prefix) for prefix in prefixes):
            return "exclude_patterns leave it out of the site"
        if not folder and rel.parts and not self.included(rel.as_posix()):
            return "include_patterns leave it out of the site"
        return None

    def refusal(self, path: Path | str, picture: bool = False, patterns: bool = True) -> str | None:
        """Why the file at ``path`` may not be published (or read into a page), or None when it may."""
        why = self.place_refusal(path, patterns=patterns)
        if why is not None:
            return why
        real = Path(os.path.realpath(path))
        if not real.is_file():
            return "it is not a regular file" if real.exists() else "the file does not exist"
        why = self.unpublished(real)
        if why is not None:
            return why
        if picture:
            names = dict.fromkeys((Path(path).name, real.name))  # as linked (Sphinx's copy) and as found
            svg = any(name.lower().endswith(".svg") for name in names)
            try:
                data = read_bounded(real, MAX_SVG_BYTES + 1 if svg else 64)
            except OSError as exc:
                return f"it cannot be read ({exc.strerror or exc})"
            return next(filter(None, (picture_problem(name, data) for name in names)), None)
        return None
