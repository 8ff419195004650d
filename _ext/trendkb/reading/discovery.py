"""Which files become pages: Sphinx's discovery, made safe and unambiguous.

The project's discovery is replaced, for this application only, by one that uses
``walk.py`` (no links out of the source folder, no loops, no FIFOs, no names that
cannot be pages, no hidden files; a link is judged by where it leads, by the same rule
as every published file, ``published.py``) and then settles the names that would
collide (``collisions.py``), also those differing only in case.
A file left out this way is simply absent from ``found_docs``: an incremental build
drops it like a deleted file and picks it up again once it is fixed. Every file left
out gets a warning on every build, since discovery runs on every build.

The replacement happens when the environment is set up, which is before Sphinx's
first walk of a fresh build: a link to ``/`` is never walked at all.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.domains import Domain
from sphinx.project import EXCLUDE_PATHS, Project
from sphinx.util import logging
from sphinx.util.matching import compile_matchers

from ..config import kb_config
from .collisions import Collision, collisions
from .walk import SOURCE_SUFFIXES, Skipped, printable, walk

logger = logging.getLogger(__name__)


class SafeProject(Project):
    """A Sphinx project whose discovery follows ``walk.py`` and ``collisions.py``."""

    _kb_app: Sphinx | None = None

    def __getstate__(self) -> dict[str, Any]:
        # The project is pickled with the environment; the application is not picklable.
        state = self.__dict__.copy()
        state.pop("_kb_app", None)
        state.pop("_kb_warned", None)
        return state

    def discover(self, exclude_paths=(), include_paths=("**",)) -> set[str]:
        app = self._kb_app
        if app is None:  # not set up by this extension (e.g. an unpickled copy)
            return super().discover(exclude_paths, include_paths)
        config = kb_config(app.config)
        includes = compile_matchers(include_paths)
        excludes = compile_matchers([*exclude_paths, *EXCLUDE_PATHS])
        found = walk(
            self.srcdir,
            self.source_suffix,
            keep=lambda rel: any(m(rel) for m in includes) and not any(m(rel) for m in excludes),
            prune=lambda rel: any(m(rel) for m in excludes),
            content_dirs=(config.articles_dir, config.topics_dir),
            place=_place(app),
        )
        paths: dict[str, str] = {}
        for rel in found.files:
            docname = self.path2doc(rel)
            if docname in paths:
                # Two files, one page (x.md and x.markdown): the first suffix in source_suffix wins.
                rank = lambda path: _suffix_rank(path, self.source_suffix)  # noqa: E731
                first, second = sorted((paths[docname], rel), key=rank)
                paths[docname] = first
                why = f"{first} is the same page: not read; rename or delete one of them"
                self._warn(Skipped(second, why))
            elif docname:
                paths[docname] = rel
        builder = getattr(app, "builder", None)
        for clash in collisions(paths, config.topics_dir, isinstance(builder, DirectoryHTMLBuilder)):
            self._warn(_collision_warning(clash, paths))
            del paths[clash.loser]
        for skipped in found.skipped:
            self._warn(skipped)

        self.docnames.clear()
        self._path_to_docname.clear()
        self._docname_to_path.clear()
        for docname, rel in paths.items():
            self.docnames.add(docname)
            self._path_to_docname[Path(rel)] = docname
            self._docname_to_path[docname] = Path(rel)
        return self.docnames

    def _warn(self, skipped: Skipped) -> None:
        # A fresh build discovers twice (once when the environment is made, once to read).
        warned = self.__dict__.setdefault("_kb_warned", set())
        if skipped in warned:
            return
        warned.add(skipped)
        # A location string with a line: Sphinx would take a bare path for a docname.
        where = printable(os.path.join(self.srcdir, skipped.path)) + ":1"
        logger.warning(printable(skipped.message), location=where, type="kb", subtype=skipped.subtype)


def _place(app: Sphinx):
    """Where a file or folder really is, judged by the one rule (``published.py``)."""
    from .confine import policy

    rule = policy(app)
    return lambda real, folder: rule.place_refusal(real, folder=folder)


def _suffix_rank(path: str, order: tuple[str, ...]) -> int:
    return next((i for i, s in enumerate(order) if path.endswith(s)), len(order))


def _collision_warning(clash: Collision, paths: dict[str, str]) -> Skipped:
    loser = paths[clash.loser]
    winner = paths.get(clash.winner, clash.winner)
    return Skipped(loser, clash.describe(loser, winner), "collision")


class _DiscoveryHook(Domain):
    """Installs :class:`SafeProject` as soon as an environment is made or loaded.

    A domain is the one part of an environment Sphinx constructs before it first
    walks the source folder, so this is the earliest place to take over discovery.
    It holds no data.
    """

    name = "kb-files"
    label = "ML Trends Knowledge Base: file discovery"

    def __init__(self, env) -> None:
        super().__init__(env)
        project = env.project
        if project is not None and isinstance(project, Project):
            project.__class__ = SafeProject
            # Sphinx 9 keeps it as ``_app`` (``app`` is deprecated); Sphinx 8 as ``app``.
            project._kb_app = env._app if hasattr(env, "_app") else env.app

    def clear_doc(self, docname: str) -> None:
        pass

    def merge_domaindata(self, docnames, otherdata) -> None:
        pass

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode) -> list:
        # It holds no objects; without this, MyST warns about it on every unresolved link.
        return []


def setup_discovery(app: Sphinx) -> None:
    app.add_domain(_DiscoveryHook)
    # Jekyll's and many editors' other Markdown suffix, Quarto's and MDX are read like .md.
    app.setup_extension("myst_parser")
    for suffix in SOURCE_SUFFIXES:
        if suffix not in app.registry.source_suffix:
            app.add_source_suffix(suffix, "markdown")
