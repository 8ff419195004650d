"""Builds that were interrupted, and output files no build produces any more.

An incremental build decides what to write from what the previous build left: the
pickled environment (page signatures, ``updates.py``), ``.buildinfo`` and the output
files' times. A build killed after it saved the environment but before it wrote every
page leaves them disagreeing, and every later build would keep the stale pages. So:

* a *build in progress* marker, beside the doctrees, for each builder and output
  folder, is written when a build starts and removed only when it finished; a build
  that finds one rewrites every page and every generated output;
* a ``.buildinfo`` Sphinx cannot read (empty after a full disk or a kill while it was
  written) is removed with one line, and counts as an interruption;
* a manifest of the files a build produced (its pages, this extension's outputs and
  Sphinx's copies of pictures, downloads and sources, each with its size and time) is
  kept beside the doctrees, so a later build removes those no longer produced (a deleted
  article and its pictures, a post made a draft, a preview's drafts, the page and feed of a
  tag or author without articles): the folder then holds what a fresh build would. Only a
  file an earlier build produced, that nobody claims in the new build (``owners.py``) and
  that nothing else rewrote since, is ever removed, and never through a symbolic link.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat as stat_module
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..config import PAGE_BUILDERS, kb_config
from ..model.domain import KnowledgeBase
from ..pages.continuation import all_continued
from ..pages.tagpages import generated_pages
from . import owners as owners_

logger = logging.getLogger(__name__)

#: The ledgers of outputs written at build-finished (siteoutput.OutputLedger names).
LEDGERS = ("feeds",)


@dataclass
class BuildRun:
    started: float
    interrupted: bool
    marker: Path
    manifest: Path


_runs: weakref.WeakKeyDictionary[Sphinx, BuildRun] = weakref.WeakKeyDictionary()


def state_file(app: Sphinx, kind: str, suffix: str) -> Path:
    # One per builder and output folder: two builds may share the doctrees. Relative to
    # the doctrees, so a build folder moved as a whole keeps its state.
    where = os.path.relpath(Path(app.outdir).resolve(), Path(app.doctreedir).resolve())
    outdir = hashlib.sha256(where.encode()).hexdigest()[:10]
    return Path(app.doctreedir) / f"trendkb-{kind}-{app.builder.name}-{outdir}{suffix}"


def _readable_buildinfo(path: Path) -> bool:
    from sphinx.builders.html._build_info import BuildInfo

    try:
        BuildInfo.load(path)
    except FileNotFoundError:
        return True
    except (OSError, ValueError, IndexError, UnicodeDecodeError):
        return False
    return True


def start_build(app: Sphinx) -> None:
    run = BuildRun(
        started=time.time(),
        interrupted=False,
        marker=state_file(app, "building", ""),
        manifest=state_file(app, "manifest", ".json"),
    )
    _runs[app] = run
    if run.marker.exists():
        run.interrupted = True
        logger.info("the previous %s build did not finish: every page is written again", app.builder.name)
    buildinfo = Path(app.outdir) / ".buildinfo"
    if not _readable_buildinfo(buildinfo):
        # Sphinx would stop with an IndexError, or warn, on every build from now on.
        buildinfo.unlink()
        run.interrupted = True
        logger.info(
            "%s could not be read (an interrupted build?): removed; every page is written again", buildinfo
        )
    if run.interrupted:
        owners_.remove_leftovers(Path(app.outdir))  # half-written files of the killed build
        for name in LEDGERS:
            with contextlib.suppress(FileNotFoundError):
                (Path(app.doctreedir) / f"trendkb-{name}.json").unlink()
    run.marker.parent.mkdir(parents=True, exist_ok=True)
    run.marker.write_text(f"pid {os.getpid()}\n", encoding="utf-8")


def _read_manifest(path: Path) -> dict[str, list]:
    """Relative path -> [producer, size, mtime_ns] of the files earlier builds wrote (size None: unknown)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, list) and len(v) == 3}


def _write_manifest(path: Path, files: dict[str, list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(files, sort_keys=True, indent=0), encoding="utf-8")


def _ours(producer: str) -> bool:
    """Files this extension answers for: its own outputs and the pages of the build."""
    return not producer.startswith(owners_.SPHINX)


def _fingerprint(outdir: Path, relpath: str) -> list | None:
    try:
        stat = owners_.output_path(outdir, relpath).lstat()  # never through a link
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns] if stat_module.S_ISREG(stat.st_mode) else None


def rewrite_everything(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After an interruption: every document and output is written."""
    run = _runs.get(app)
    if run is None or not run.interrupted:
        return []
    kb = KnowledgeBase(env)
    config = kb_config(app.config)
    outputs = {page.pagename for page in generated_pages(config, kb.catalog)}
    outputs.update(all_continued(env, app.builder))
    if "notfound.extension" in app.extensions:
        outputs.add(app.config.notfound_pagename)
    kb.stale_outputs = frozenset(outputs)
    return sorted(env.found_docs)


def note_planned(app: Sphinx, builder) -> None:
    """Before any page is written: the manifest also names every file this build may write,
    so a build killed from here on still leaves a manifest a later build can clean up by."""
    run = _runs.get(app)
    if run is None or builder.name not in PAGE_BUILDERS:
        return
    manifest = _read_manifest(run.manifest)
    for relpath, producer in owners_.owners(app).files().items():
        if _ours(producer):
            manifest.setdefault(relpath, [producer, None, None])
    _write_manifest(run.manifest, manifest)


def _remove(outdir: Path, relpath: str, recorded: list) -> bool:
    """Remove a file an earlier build wrote, unless something else wrote there since."""
    now = _fingerprint(outdir, relpath)
    if now is None or (recorded[1] is not None and now != recorded[1:]):
        return False  # gone, a link, or rewritten by someone else since
    outdir = Path(os.path.realpath(outdir))
    try:
        path = owners_.output_path(outdir, relpath)
        path.unlink()
    except OSError:
        return False
    # dirhtml: a page is a folder of its own.
    for parent in path.parents:
        if parent == outdir or not parent.is_relative_to(outdir):
            break
        try:
            parent.rmdir()
        except OSError:
            break
    return True


def remove_stale(app: Sphinx, exception: Exception | None) -> None:
    """After every file of the build is claimed (redirects too), before the search index reads the
    folder: remove what earlier builds wrote and this one does not produce; note what it did."""
    run = _runs.get(app)
    if run is None or exception is not None:
        return
    if app.builder.name in PAGE_BUILDERS:
        outdir = Path(app.outdir)
        table = owners_.owners(app)
        old = _read_manifest(run.manifest)
        new = {}
        for relpath, producer in table.files().items():
            if (found := _fingerprint(outdir, relpath)) is not None:
                new[relpath] = [producer, *found]
        # Only files an earlier build produced one by one and this one does not: no claim on the
        # file now, and none on its folder but that of the producer that wrote it (Sphinx's
        # _images/, the article pictures' _kb_images/, each of whose files is claimed itself).
        gone = sorted(p for p in set(old) - set(new) if table.owner(p) in (None, old[p][0]))
        removed = [relpath for relpath in gone if _remove(outdir, relpath, old[relpath])]
        if removed:
            logger.info("removed %d output files no page produces any more", len(removed))
        _write_manifest(run.manifest, new)


def finish_build(app: Sphinx, exception: Exception | None) -> None:
    run = _runs.pop(app, None)
    if run is None or exception is not None:
        return  # the marker stays: the next build writes everything
    with contextlib.suppress(FileNotFoundError):
        run.marker.unlink()


def setup_lifecycle(app: Sphinx) -> None:
    app.connect("builder-inited", start_build, priority=100)
    # After updates.py (priority 500) has found the pages whose signatures changed.
    app.connect("env-get-updated", rewrite_everything, priority=900)
    # After owners.py claimed the build's files.
    app.connect("write-started", note_planned, priority=900)
    # After the redirects (900), before the search index (1001) reads the folder.
    app.connect("build-finished", remove_stale, priority=1000)
    # Last, after every output was written: the marker goes only then.
    app.connect("build-finished", finish_build, priority=5000)
