"""One owner per output path: every file the build writes is claimed before it is written.

Sphinx's own outputs are claimed when writing starts (every page, ``_static/``,
``_images/``, ``_downloads/``, ``_sources/``, ``.buildinfo``, ``objects.inv``, the extra
files, the doctrees when they sit inside the output folder), and every page Sphinx
renders claims its file again as it is rendered (indexes and extensions' pages too).
This extension's own files (feeds, ``catalog.json``, pictures, the search bundle,
redirects) are claimed by ``write`` and ``copy`` before a byte goes to disk; they are
the only functions here that write into the output folder, always to a temporary file
first and then renamed into place, so a reader never sees half a file and a failed
write keeps the previous one.

A second claim on a path (or on a path inside a claimed folder, or one needing a
claimed file to be a folder) is refused with a warning naming both claimants: the
first owner keeps it. Paths are compared as case-insensitive file systems do.

Nothing is written, copied, replaced or removed through a symbolic link: an output folder
that already holds ``old -> /elsewhere`` (a deploy mirror, a hostile checkout) would have
the build write outside it. Every path is resolved from the output folder's real path, name
by name, and refused with a warning when one of its names is a link (``output_path``).
Sphinx and the extensions it runs write their own files without asking: a link at, above
or inside one of their claims is removed when writing starts (the link only, never what it
points to), with a warning (``unlink_where_sphinx_writes``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import weakref
from pathlib import Path, PurePosixPath

from sphinx.application import Sphinx
from sphinx.util import logging

from ..reading.urlpaths import key

logger = logging.getLogger(__name__)

SPHINX = "Sphinx"
#: Folders Sphinx's HTML builders fill as a whole.
SPHINX_FOLDERS = ("_static", "_images", "_downloads", "_sources")
SPHINX_FILES = (".buildinfo", ".buildinfo.bak", "objects.inv", "searchindex.js", ".nojekyll", "CNAME")
#: Marks the temporary files of an unfinished write (removed by the next build).
TEMPORARY = ".kbtmp-"


class Owners:
    """The claims of one build: output path -> producer, and folders owned whole."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[str, str]] = {}  # key -> (relative path, producer)
        self._folders: dict[str, str] = {}  # key of a folder owned whole -> producer
        self._parents: dict[str, set[str]] = {}  # key of every folder above a claim -> its producers
        self.generated: set[str] = set()  # the pages this extension generates
        self.documents: set[str] = set()  # the pages made from source files

    def blocker(self, relpath: str, producer: str, folder: bool = False) -> str | None:
        """The producer whose claim stands in the way of ``producer`` claiming ``relpath``."""
        k = key(relpath.strip("/"))
        parts = k.split("/")
        for end in range(1, len(parts)):
            above = "/".join(parts[:end])
            owner = self._folders.get(above)
            if owner is not None and owner != producer:
                return owner  # inside another producer's folder
            if above in self._files:
                return self._files[above][1]  # a file where a folder would have to be
        exact_file, exact_folder = self._files.get(k), self._folders.get(k)
        if exact_file is not None and (folder or exact_file[1] != producer):
            return exact_file[1]
        if exact_folder is not None and (not folder or exact_folder != producer):
            return exact_folder
        below = self._parents.get(k)
        if below and (not folder or below != {producer}):
            return min(below - {producer} or below)  # a folder where a file would have to be
        return None

    def claim(self, relpath: str, producer: str, folder: bool = False) -> str | None:
        """Claim ``relpath`` (a file, or a whole folder): None if it is now ``producer``'s, else the owner."""
        relpath = relpath.strip("/")
        owner = self.blocker(relpath, producer, folder)
        if owner is not None:
            return owner
        k = key(relpath)
        if folder:
            self._folders.setdefault(k, producer)
        else:
            self._files.setdefault(k, (relpath, producer))
        parts = k.split("/")
        for end in range(1, len(parts)):
            self._parents.setdefault("/".join(parts[:end]), set()).add(producer)
        return None

    def owner(self, relpath: str) -> str | None:
        k = key(relpath.strip("/"))
        if k in self._files:
            return self._files[k][1]
        parts = k.split("/")
        return next(
            (
                self._folders[p]
                for p in ("/".join(parts[:e]) for e in range(1, len(parts) + 1))
                if p in self._folders
            ),
            None,
        )

    def on_the_way(self, relpath: str) -> set[str]:
        """The producers of the claims at ``relpath``, inside it, or holding it (a folder)."""
        k = key(relpath.strip("/"))
        owner = self.owner(relpath)
        return set(self._parents.get(k, ())) | ({owner} if owner else set())

    def files(self, producer: str | None = None) -> dict[str, str]:
        """Relative path -> producer of the files claimed one by one (not whole folders)."""
        return {path: who for path, who in self._files.values() if producer is None or who == producer}


_owners: weakref.WeakKeyDictionary[Sphinx, Owners] = weakref.WeakKeyDictionary()


def owners(app: Sphinx) -> Owners:
    """This build's claims (a new set for each build)."""
    found = _owners.get(app)
    if found is None:
        found = _owners[app] = Owners()
    return found


def _refused(relpath: str, producer: str, owner: str, location=None) -> None:
    logger.warning(
        "output file %r is claimed by %s and by %s: the first keeps it; expected one producer per file",
        relpath,
        owner,
        producer,
        location=location,
        type="kb",
        subtype="output",
    )


def claim(
    app: Sphinx, relpath: str, producer: str, folder: bool = False, location=None, warn: bool = True
) -> bool:
    """Claim a path for ``producer``; a refusal is a warning (with ``location``) and False."""
    owner = owners(app).claim(relpath, producer, folder)
    if owner is not None and warn:
        _refused(relpath, producer, owner, location)
    return owner is None


def output_path(outdir: str | os.PathLike[str], relpath: str) -> Path:
    """The file ``relpath`` names in the output folder, reached without following any link.

    Raises OSError when ``relpath`` climbs out of the folder or one of its names (the file
    itself too) is a symbolic link: nothing is written or removed through it.
    """
    path = Path(os.path.realpath(outdir))
    parts = PurePosixPath(relpath.replace("\\", "/").strip("/")).parts
    if not parts or any(part in (".", "..") for part in parts):
        raise OSError(errno.EINVAL, f"{relpath!r} is not a path inside the output folder")
    for depth, part in enumerate(parts, 1):
        path = path / part
        if path.is_symlink():
            shown = PurePosixPath(*parts[:depth]).as_posix()
            raise OSError(
                errno.ELOOP,
                f"the output folder holds a symbolic link at {shown} (to {os.readlink(path)}): "
                "nothing is written through it; remove the link",
            )
    return path


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name[:180]}{TEMPORARY}{os.getpid()}")
    try:
        with open(temporary, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write(app: Sphinx, relpath: str, data: bytes, producer: str, location=None) -> bool:
    """Write ``data`` to ``relpath`` in the output folder, if ``producer`` may; True if the file holds it."""
    if not claim(app, relpath, producer, location=location):
        return False
    try:
        path = output_path(app.outdir, relpath)
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return True
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, f"{relpath} is a folder")
        _atomic_write(path, data)
    except OSError as exc:
        logger.warning(
            "could not write %s (%s): the previous file, if any, is kept",
            relpath,
            exc.strerror or exc,
            location=location,
            type="kb",
            subtype="output",
        )
        return False
    return True


def copy(app: Sphinx, relpath: str, source: Path, producer: str, location=None) -> bool:
    """Copy ``source`` to ``relpath`` (a claimed path) unless an identical copy is there."""
    if not claim(app, relpath, producer, location=location):
        return False
    try:
        target = output_path(app.outdir, relpath)
        stat = source.stat()
        if target.is_file():
            mine = target.stat()
            if mine.st_size == stat.st_size and mine.st_mtime >= stat.st_mtime:
                return True
        _atomic_write(target, source.read_bytes())
    except OSError as exc:
        logger.warning(
            "could not copy %s to %s (%s): the previous file, if any, is kept",
            source,
            relpath,
            exc.strerror or exc,
            location=location,
            type="kb",
            subtype="output",
        )
        return False
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def temporary_folder(app: Sphinx, relpath: str) -> Path:
    """A new, empty folder beside ``relpath`` to build its replacement in (``replace_folder``)."""
    return scratch_folder(Path(app.outdir), relpath, os.getpid())


def scratch_folder(outdir: Path, relpath: str, tag: str | int) -> Path:
    """``temporary_folder`` with a name of its own (a background search job's), removed if left over."""
    folder = Path(os.path.realpath(outdir), f".{Path(relpath).name}{TEMPORARY}{tag}")
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def swap_folder(target: Path, new: Path) -> None:
    """Put the finished folder ``new`` at ``target`` (OSError when it cannot; the old one stays).

    ``target`` comes from ``output_path``: reached name by name, never through a link.

    Readers see the old folder or the new one, never a mix: on Linux the two are exchanged in
    one step, elsewhere the old one is moved aside first. Only for a claimed folder: the build
    calls ``replace_folder``; a helper process of the build, which has no claims, calls this.
    """
    try:
        if target.is_dir():
            if not _exchange(new, target):
                aside = new.with_name(new.name + "-old")
                os.rename(target, aside)
                os.rename(new, target)
                new = aside
            shutil.rmtree(new, ignore_errors=True)  # now the old folder
        else:
            if target.exists():
                target.unlink()
            os.rename(new, target)
    except OSError:
        shutil.rmtree(new, ignore_errors=True)
        raise


def replace_folder(app: Sphinx, relpath: str, new: Path, producer: str) -> bool:
    """Put the finished folder ``new`` in the place of ``relpath`` (claimed whole by ``producer``)."""
    if not claim(app, relpath, producer, folder=True):
        shutil.rmtree(new, ignore_errors=True)
        return False
    try:
        swap_folder(output_path(app.outdir, relpath), new)
    except OSError as exc:
        logger.warning(
            "could not put the new %s in place (%s): the previous one is kept",
            relpath,
            exc.strerror or exc,
            type="kb",
            subtype="output",
        )
        return False
    return True


def remove_leftovers(outdir: Path) -> None:
    """Temporary files and folders of a write a killed build never finished."""
    if not outdir.is_dir():
        return
    stack = [outdir]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            leftover = TEMPORARY in entry.name and entry.name.startswith(".")
            if entry.is_dir(follow_symlinks=False):
                if leftover:
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    stack.append(Path(entry.path))
            elif leftover:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def claim_sphinx_outputs(app: Sphinx, builder) -> None:
    """At ``write-started``: Sphinx's files and folders, and every page of the build."""
    from ..config import PAGE_BUILDERS
    from .sitemap import all_pages, generated_names

    if builder.name not in PAGE_BUILDERS:
        return
    table = owners(app)
    outdir = Path(app.outdir)
    for folder in SPHINX_FOLDERS:
        table.claim(folder, SPHINX, folder=True)
    for name in SPHINX_FILES:
        table.claim(name, SPHINX)
    doctrees = Path(app.doctreedir)
    if _inside(doctrees, outdir) and doctrees.resolve() != outdir.resolve():
        table.claim(doctrees.resolve().relative_to(outdir.resolve()).as_posix(), SPHINX, folder=True)
    for extra in app.config.html_extra_path:
        base = Path(app.confdir, extra)
        if base.is_file():
            table.claim(base.name, f"{SPHINX} (html_extra_path)")
        elif base.is_dir():
            for root, _dirs, names in os.walk(base):
                for name in names:
                    rel = Path(root, name).relative_to(base).as_posix()
                    table.claim(rel, f"{SPHINX} (html_extra_path)")
    # One by one too, what Sphinx copies into its folders: so the manifest (lifecycle.py) can
    # remove what a fresh build would no longer copy (the picture of a post made a draft).
    for relpath in sphinx_copies(app):
        table.claim(relpath, SPHINX)
    # Pages made from documents first: a page this extension generates (a tag's page, page 2
    # of a list) at the file of a hand-written page is refused with a warning, and not made.
    table.generated = generated_names(app)
    table.documents = set(app.env.found_docs)
    pages = all_pages(app, table.generated)
    if "notfound.extension" in app.extensions:
        pages.add(app.config.notfound_pagename)
    for pagename in sorted(pages - (table.generated - table.documents)):
        table.claim(_page_file(app, pagename), page_producer(table, pagename))
    for pagename in sorted(table.generated):
        claim(app, _page_file(app, pagename), f"the generated page {pagename}")


def _written_by_sphinx(producer: str) -> bool:
    """Claims Sphinx (or another extension) writes itself, not through ``write``/``copy``."""
    return producer.startswith((SPHINX, "the page ", "the generated page ")) or "sphinx-sitemap" in producer


def unlink_where_sphinx_writes(app: Sphinx, builder) -> None:
    """At ``write-started``, once Sphinx's files are claimed: a symbolic link on the way to
    one of them would take Sphinx's write outside the output folder, so it is removed."""
    from ..config import PAGE_BUILDERS

    if builder.name not in PAGE_BUILDERS:
        return
    table = owners(app)
    top = Path(os.path.realpath(app.outdir))
    for path, rel in _links_on_the_way(top, table):
        with contextlib.suppress(OSError):
            target = os.readlink(path)
            os.unlink(path)
            logger.warning(
                "the output folder held a symbolic link at %s (to %s) where Sphinx writes: "
                "the link was removed, nothing was written through it",
                rel,
                target,
                type="kb",
                subtype="output",
            )


def _links_on_the_way(top: Path, table: Owners):
    """(path, relative path) of each link at, above or inside what Sphinx writes. Only folders
    holding such claims are entered (not the search bundle's thousands of files); a link
    elsewhere is someone else's, left alone (this extension's own writes refuse it one by one:
    ``output_path``)."""
    folders = [top]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                rel = Path(entry.path).relative_to(top).as_posix()
                if not any(map(_written_by_sphinx, table.on_the_way(rel))):
                    continue
                if entry.is_symlink():
                    yield entry.path, rel
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))


def sphinx_copies(app: Sphinx) -> list[str]:
    """The files a fresh build has in ``_images/``, ``_downloads/`` and ``_sources/``: the
    pictures and downloads of the pages in the environment, the source of each page."""
    env = app.env
    files = [f"_images/{unique}" for _docs, unique in env.images.values()]
    files += [f"_downloads/{Path(dest).as_posix()}" for _docs, dest in env.dlfiles.values()]
    if app.config.html_copy_source:
        suffix = app.config.html_sourcelink_suffix
        for docname in env.found_docs:
            name = docname + str(env.doc2path(docname, False))[len(docname) :]
            files.append(f"_sources/{name}" if name.endswith(suffix) else f"_sources/{name}{suffix}")
    return files


def _page_file(app: Sphinx, pagename: str) -> str:
    return Path(app.builder.get_outfilename(pagename)).relative_to(Path(app.outdir)).as_posix()


def page_producer(table: Owners, pagename: str) -> str:
    if pagename in table.generated and pagename not in table.documents:
        return f"the generated page {pagename}"
    return f"the page {pagename}"


def may_generate(app: Sphinx, pagename: str) -> bool:
    """Whether a page this extension generates owns its file (no document's page is there)."""
    return owners(app).owner(_page_file(app, pagename)) in (None, f"the generated page {pagename}")


def claim_rendered_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every page Sphinx renders (indexes, extensions' pages too) claims its file."""
    from ..config import PAGE_BUILDERS

    if app.builder.name in PAGE_BUILDERS:
        table = owners(app)
        table.claim(_page_file(app, pagename), page_producer(table, pagename))


def setup_owners(app: Sphinx) -> None:
    app.connect("builder-inited", lambda app: _owners.pop(app, None), priority=50)
    app.connect("write-started", claim_sphinx_outputs, priority=100)
    app.connect("write-started", unlink_where_sphinx_writes, priority=900)  # after every claim
    app.connect("html-page-context", claim_rendered_page, priority=100)
