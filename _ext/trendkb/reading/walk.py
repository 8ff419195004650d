"""Walking the source folder safely: which files may become pages.

Sphinx walks the source folder following every symbolic link, so a link can publish
files from anywhere on the machine, a link loop repeats every page dozens of times,
and a FIFO hangs the build when it is read. This walk follows a link only when it
stays inside the source folder and does not lead back into a folder being walked,
lists regular files only, and refuses names that cannot become a page. It never
opens a file. Pure functions: no Sphinx application here.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from .urlpaths import segment_problem

#: Suffixes read as Markdown pages: Jekyll's ``.markdown``, Quarto's ``.qmd`` and MDX, whose
#: parts this site cannot run are removed with a warning (``reading/foreign.py``).
SOURCE_SUFFIXES = (".md", ".markdown", ".qmd", ".mdx")
#: Longest file name most file systems accept, in bytes.
NAME_MAX = 255
#: Largest source file read as a page, in bytes (the longest real posts are a few hundred KB).
MAX_SOURCE_BYTES = 4 * 1024 * 1024
#: The longest names Sphinx derives from a source file's name: its pickled doctree
#: (``<stem>.doctree``) and, with ``html_copy_source``, its copy (``<name>.txt``).
_DERIVED = ((".doctree", True), (".txt", False))

#: Suffixes under a content folder that are expected beside the pages (pictures,
#: downloads, data and code they include): these are not read and get no warning.
ASSET_SUFFIXES = frozenset(
    (
        *(".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico", ".tif", ".tiff"),
        *(".pdf", ".zip", ".gz", ".tgz", ".tar", ".csv", ".tsv", ".json", ".yaml", ".yml", ".toml", ".bib"),
        *(".mp3", ".mp4", ".m4a", ".ogg", ".ogv", ".wav", ".webm", ".mov"),
        *(".py", ".js", ".ts", ".css", ".sh", ".c", ".h", ".cpp", ".rs", ".go", ".java", ".r", ".jl", ".sql"),
    )
)
#: What to do with the files authors most often bring from other engines.
_ADVICE = {
    ".html": "HTML: convert it to Markdown (e.g. with pandoc) and save it as .md",
    ".htm": "HTML: convert it to Markdown (e.g. with pandoc) and save it as .md",
    ".ipynb": "a Jupyter notebook: convert it with 'jupytext --to md' or 'jupyter nbconvert --to markdown'",
    ".rst": "reStructuredText: convert it to Markdown (e.g. with pandoc) and save it as .md",
    ".adoc": "AsciiDoc: convert it to Markdown and save it as .md",
    ".org": "Org mode: convert it to Markdown (e.g. with pandoc) and save it as .md",
    ".textile": "Textile: convert it to Markdown (e.g. with pandoc) and save it as .md",
}
#: Other spellings of Markdown: the text is fine, only the suffix is unknown.
_MARKDOWN_SPELLINGS = frozenset(
    (".mdown", ".mkd", ".mkdn", ".mdwn", ".markdn", ".mdtxt", ".mdtext", ".mkdown", ".rmd")
)

#: Control characters, line breaks, and the bidirectional controls that reorder what a
#: terminal shows (U+202A-U+202E, U+2066-U+2069): escaped wherever a name is printed.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` on one line for a terminal: bytes that are not UTF-8 and control characters escaped."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Skipped:
    """A file or folder left out of the site, and why."""

    path: str  # relative to the source folder, '/'-separated, as found (may hold surrogates)
    message: str
    subtype: str = "files"


@dataclass(frozen=True)
class Walk:
    files: tuple[str, ...]  # relative paths of the regular, readable files that may be pages
    skipped: tuple[Skipped, ...]


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root + os.sep)


def name_problem(name: str, suffix: str, folders: str = "") -> str | None:
    """Why a source file's name (in ``folders``, its path's folders) cannot become a page, or None.

    Each name of the page's path (its folders and its name less the suffix) must be one
    ``urlpaths.segment_problem`` allows, as redirects' names must: no ``:`` that would make
    a relative link a scheme (``javascript:x.md``), no ``#``, ``%`` or ``?`` that change what a
    link means, no name Windows reserves (``CON``) or a trailing dot or space.
    """
    try:
        raw = name.encode("utf-8")
        folders.encode("utf-8")
    except UnicodeEncodeError:
        return (
            "the file name is not valid UTF-8, so it cannot be a URL: not read; "
            "rename the file (e.g. with 'convmv -f latin1 -t utf8')"
        )
    if _UNPRINTABLE.search(name):
        return "the file name holds a control character or line break: not read; rename the file"
    stem_bytes = len(raw) - len(suffix.encode("utf-8"))
    longest = max((stem_bytes if from_stem else len(raw)) + len(extra) for extra, from_stem in _DERIVED)
    if longest > NAME_MAX:
        fits = len(raw) - (longest - NAME_MAX)
        return (
            f"the file name is too long: Sphinx derives a {longest}-byte name from it, and file "
            f"systems allow {NAME_MAX}: not read; shorten the name to at most {fits} bytes"
        )
    names = [(folder, f"the folder {folder!r}") for folder in folders.split("/") if folder]
    names.append((name[: -len(suffix)] if suffix else name, "the file name"))
    for segment, where in names:
        problem = segment_problem(segment)
        if problem:
            return f"{where} cannot be a page's name: {problem}: not read; rename it"
    return None


def file_problem(path: str, name: str, suffix: str, root: str, folders: str = "") -> str | None:
    """Why the file at ``path`` (a source file's candidate) is not read, or None.

    The one per-file rule of the build's discovery and of ``python -m trendkb check``:
    a name that can be a page, no link out of the source folder, a regular file (never a
    FIFO or device, which would block or never end), readable, within the size limit.
    """
    problem = name_problem(name, suffix, folders)
    if problem:
        return problem
    try:
        info = os.stat(path)  # follows a link
    except OSError:
        info = None
    if os.path.islink(path):
        real = os.path.realpath(path)
        if info is None:
            return f"broken symbolic link (to {real}): not read"
        if not _inside(real, root):
            return f"symbolic link to a file outside the source folder ({real}): not read"
    if info is None or not stat.S_ISREG(info.st_mode):
        return f"{_kind(info.st_mode) if info is not None else 'unreadable'}, not a file: not read"
    if not os.access(path, os.R_OK):
        return "the file cannot be read (permissions): not read"
    if info.st_size > MAX_SOURCE_BYTES:
        return f"the file is larger than {MAX_SOURCE_BYTES // 2**20} MiB ({info.st_size} bytes): not read"
    return None


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The first ``limit`` bytes of a regular file, never blocking on a FIFO or device.

    Raises OSError (with a reason) for anything but a regular file.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{_kind(info.st_mode)}, not a file")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read(limit)
    finally:
        os.close(descriptor)


def read_source(path: str | os.PathLike[str]) -> bytes:
    """A source file's bytes, at most ``MAX_SOURCE_BYTES``, never blocking on a FIFO or device.

    Raises OSError (with a reason) for anything but a regular file of that size.
    """
    data = read_bounded(path, MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise OSError(f"larger than {MAX_SOURCE_BYTES // 2**20} MiB")
    return data


#: Files a site's folder holds beside its posts that are no content (a repository's, a host's).
_SITE_FILES = frozenset(
    (
        "gemfile.lock",
        "rakefile",
        "cname",
        "license",
        "licence",
        "copying",
        "makefile",
        "dockerfile",
        "procfile",
    )
)


def _site_file(name: str) -> bool:
    """An engine's configuration or marker file (``Gemfile``, ``_config.yml``), or a repository's."""
    from .engines import ENGINES, SHARED_CONFIG

    folded = name.casefold()
    if folded in _SITE_FILES or folded.startswith(("license.", "licence.", "readme")):
        return True
    return name in SHARED_CONFIG or any(
        name in engine.markers or name.endswith(engine.marker_suffixes or ("\0",))
        for engine in ENGINES.values()
    )


def unread_file_advice(name: str) -> str | None:
    """What to do with a file in a content folder that is not read as a page (None: an asset,
    or a file an archive brings that is no content: its engine's configuration, a licence)."""
    suffix = PurePosixPath(name.lower()).suffix
    if name.startswith(".") or suffix in ASSET_SUFFIXES or _site_file(name):
        return None
    if suffix in _MARKDOWN_SPELLINGS:
        return f"a Markdown file with the suffix {suffix!r}, which is not read: rename it to .md"
    if suffix in _ADVICE:
        return f"{_ADVICE[suffix]}; until then it is not read"
    return (
        "this file is not read: only Markdown files (.md, .markdown, .qmd, .mdx) become pages; "
        "convert it to Markdown, or move it out of the content folder"
    )


def _may_hold_pages(rel: str, keep: Callable[[str], bool], content) -> bool:
    """Whether the include patterns could take a page from inside folder ``rel``."""
    inside = (f"{rel}/_.md", f"{rel}/_/_.md")
    return any(map(keep, inside)) or any(d.startswith(rel + "/") or rel.startswith(d) for d in content)


def walk(
    srcdir: str | os.PathLike[str],
    suffixes: Iterable[str],
    keep: Callable[[str], bool],
    prune: Callable[[str], bool],
    content_dirs: Iterable[str] = (),
    place: Callable[[str, bool], str | None] | None = None,
) -> Walk:
    """Every file under ``srcdir`` that may be a page, and every one left out with the reason.

    ``keep(rel)`` says whether a file is wanted (include and exclude patterns);
    ``prune(rel)`` whether a folder is excluded. Files in ``content_dirs`` that are
    not read as pages, and are not assets, are reported too. Hidden (dot) files and
    folders are never pages. ``place(real_path, is_folder)`` (``Policy.place_refusal``)
    judges where a file or folder really is: a link to a hidden, excluded or build folder,
    or to ``conf.py``, is left out like the place it leads to, with a warning.
    """
    root = os.path.realpath(srcdir)
    suffixes = tuple(suffixes)
    content = tuple(d.rstrip("/") + "/" for d in content_dirs)
    files: list[str] = []
    skipped: list[Skipped] = []
    # (real path, relative path, real paths of the folders above it, reached through a link);
    # a stack, not recursion.
    stack = [(root, "", frozenset({root}), False)]
    while stack:
        real_dir, rel_dir, above, linked = stack.pop()
        try:
            entries = sorted(os.scandir(real_dir), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Skipped(rel_dir or ".", f"the folder cannot be listed ({exc.strerror}): not read"))
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # .git/, .venv/, .github/: never pages (published.py)
            rel = unicodedata.normalize("NFC", f"{rel_dir}/{entry.name}" if rel_dir else entry.name)
            link = entry.is_symlink()
            try:
                mode = entry.stat().st_mode  # follows a link; cached for plain entries
            except OSError:
                mode = None
            if mode is not None and stat.S_ISDIR(mode):
                if prune(rel):
                    continue
                real = os.path.realpath(entry.path) if link else os.path.join(real_dir, entry.name)
                refused = place(real, True) if place is not None and _inside(real, root) else None
                if link and not _inside(real, root):
                    # Silent for a folder no page could come from (a linked node_modules/
                    # beside a docs/** site): it would not be read anyway.
                    if _may_hold_pages(rel, keep, content):
                        why = f"symbolic link to a folder outside the source folder ({real}): not followed"
                        skipped.append(Skipped(rel, why))
                elif refused is not None:
                    if (link or linked) and _may_hold_pages(rel, keep, content):
                        why = f"symbolic link to a folder the site does not publish ({refused}: {real})"
                        why += ": not followed"
                        skipped.append(Skipped(rel, why))
                elif real in above:
                    why = f"symbolic link back to a folder that contains it ({real}): a loop, not followed"
                    skipped.append(Skipped(rel, why))
                else:
                    subdirs.append((real, rel, above | {real}, linked or link))
                continue
            suffix = next((s for s in suffixes if entry.name.endswith(s)), None)
            if suffix is None:
                under = next((d for d in content if rel.startswith(d)), None)
                if not (under and keep(rel)):
                    continue
                if mode is not None and not stat.S_ISREG(mode):
                    skipped.append(Skipped(rel, f"{_kind(mode)}, not a file: not read"))
                elif advice := unread_file_advice(entry.name):
                    skipped.append(Skipped(rel, advice, "filetype"))
                continue
            # Patterns never match a line break: test a name holding one as if it had none.
            if not keep(_UNPRINTABLE.sub("_", rel)):
                continue
            problem = file_problem(entry.path, entry.name, suffix, root, rel_dir)
            if problem is None and place is not None and (link or linked):
                real = os.path.realpath(entry.path)
                refused = place(real, False)
                if refused is not None:
                    problem = f"symbolic link to a file the site does not publish ({refused}: {real})"
                    problem += ": not read"
            if problem:
                skipped.append(Skipped(rel, problem))
            else:
                files.append(rel)
        # Reversed onto the stack, so folders are walked in name order.
        stack.extend(reversed(subdirs))
    return Walk(tuple(files), tuple(skipped))
