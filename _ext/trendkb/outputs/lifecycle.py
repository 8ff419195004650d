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
* a manifest of the pages and feeds a build produces is kept beside the doctrees, so a
  later build removes those no longer produced (a deleted article, the page and feed of
  a tag or author without articles), as a fresh build would not have them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..config import PAGE_BUILDERS, kb_config, site_url
from ..model.domain import KnowledgeBase
from ..pages.tagpages import generated_pages
from .feeds import SITE_FEED, tag_feed
from .sitemap import all_pages

logger = logging.getLogger(__name__)

#: The ledgers of outputs written at build-finished (siteoutput.OutputLedger names).
LEDGERS = ("feeds", "redirects")


@dataclass
class BuildRun:
    started: float
    interrupted: bool
    marker: Path
    manifest: Path


_runs: weakref.WeakKeyDictionary[Sphinx, BuildRun] = weakref.WeakKeyDictionary()


def _state_file(app: Sphinx, kind: str, suffix: str) -> Path:
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
        marker=_state_file(app, "building", ""),
        manifest=_state_file(app, "manifest", ".json"),
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
        for name in LEDGERS:
            with contextlib.suppress(FileNotFoundError):
                (Path(app.doctreedir) / f"trendkb-{name}.json").unlink()
    run.marker.parent.mkdir(parents=True, exist_ok=True)
    run.marker.write_text(f"pid {os.getpid()}\n", encoding="utf-8")


def output_pages(app: Sphinx) -> set[str]:
    """Every page name this builder writes: documents, generated pages, indexes, 404."""
    pages = all_pages(app)
    if "notfound.extension" in app.extensions:
        pages.add(app.config.notfound_pagename)
    return pages


def produced_files(app: Sphinx) -> set[str]:
    """The pages and feeds this build produces, relative to the output folder."""
    outdir = Path(app.outdir)
    files = {
        Path(app.builder.get_outfilename(page)).relative_to(outdir).as_posix() for page in output_pages(app)
    }
    if site_url(app.config) is not None:
        files.add(SITE_FEED)
        files.update(tag_feed(app, tag) for tag in KnowledgeBase(app.env).catalog.tags.values())
    return files


def _read_manifest(path: Path) -> set[str]:
    try:
        return set(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return set()


def _write_manifest(path: Path, files: set[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(sorted(files), indent=0), encoding="utf-8")


def rewrite_everything(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After an interruption: every document and output is written; the manifest covers this build."""
    run = _runs.get(app)
    if run is None:
        return []
    if app.builder.name in PAGE_BUILDERS:
        # Saved before any page is written, so a kill from here on still leaves the
        # manifest naming every file this build may write.
        _write_manifest(run.manifest, _read_manifest(run.manifest) | produced_files(app))
    if not run.interrupted:
        return []
    kb = KnowledgeBase(env)
    config = kb_config(app.config)
    outputs = {page.pagename for page in generated_pages(config, kb.catalog)}
    if "notfound.extension" in app.extensions:
        outputs.add(app.config.notfound_pagename)
    kb.stale_outputs = frozenset(outputs)
    return sorted(env.found_docs)


def _remove(outdir: Path, relpath: str, started: float) -> bool:
    path = outdir / relpath
    try:
        if path.stat().st_mtime >= started:
            return False  # written in this build, by another part of the site
        path.unlink()
    except FileNotFoundError:
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


def finish_build(app: Sphinx, exception: Exception | None) -> None:
    run = _runs.pop(app, None)
    if run is None or exception is not None:
        return  # the marker stays: the next build writes everything
    if app.builder.name in PAGE_BUILDERS:
        outdir = Path(app.outdir)
        produced = produced_files(app)
        gone = sorted(_read_manifest(run.manifest) - produced)
        removed = [relpath for relpath in gone if _remove(outdir, relpath, run.started)]
        if removed:
            logger.info("removed %d output files no page produces any more", len(removed))
        _write_manifest(run.manifest, produced)
    with contextlib.suppress(FileNotFoundError):
        run.marker.unlink()


def setup_lifecycle(app: Sphinx) -> None:
    app.connect("builder-inited", start_build, priority=100)
    # After updates.py (priority 500) has found the pages whose signatures changed.
    app.connect("env-get-updated", rewrite_everything, priority=900)
    # Last: the marker goes only once everything else has been written.
    app.connect("build-finished", finish_build, priority=1000)
