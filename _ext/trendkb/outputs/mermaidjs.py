"""Mermaid served by the site itself: the npm package, copied into ``_static/mermaid/``.

``npm ci`` installs the version pinned in ``package.json`` into ``node_modules/``
(never committed). When that copy exists and ``conf.py`` does not set
``mermaid_use_local`` itself, sphinxcontrib-mermaid's module script imports the copy
in ``_static/mermaid/`` instead of the CDN, so diagrams render with no network.
Without it the CDN stays in use, and the build says (once, as information: builds
run with ``-W``) how to get the local copy.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from ..config import PAGE_BUILDERS
from ..hooks import replace_handler

logger = logging.getLogger(__name__)

CONFIG_NAME = "kb_mermaid_dist"
#: Where ``npm ci`` puts mermaid's browser build, relative to the folder of conf.py.
#: The ES module sphinxcontrib-mermaid imports, and the folder of chunks it imports in turn.
ENTRY = "mermaid.esm.min.mjs"
CHUNKS = "chunks/mermaid.esm.min"
#: Where the copy goes in the output, below ``_static/``.
STATIC_SUBDIR = "mermaid"
LOCAL_URL = f"{STATIC_SUBDIR}/{ENTRY}"

# The dist folder each application serves mermaid from (absent: the CDN).
_local_dist: WeakKeyDictionary[Sphinx, Path] = WeakKeyDictionary()


def mermaid_dist(app: Sphinx, config: Config) -> Path | None:
    """The configured dist folder, or None when it is switched off (``""``)."""
    value = getattr(config, CONFIG_NAME)
    return Path(app.confdir, value) if value else None


def _choose_source(app: Sphinx, config: Config) -> None:
    # Decided here rather than when the builder starts: the choice changes the page
    # script, so it must be part of the configuration Sphinx hashes to know that
    # every page needs rewriting (e.g. after ``npm ci`` between two builds).
    if config.mermaid_use_local:
        return  # conf.py chose its own copy
    dist = mermaid_dist(app, config)
    if dist is not None and (dist / ENTRY).is_file():
        config.mermaid_use_local = LOCAL_URL
        _local_dist[app] = dist


def _report_source(app: Sphinx) -> None:
    if app.builder.format != "html" or app.config.mermaid_use_local:
        return
    dist = mermaid_dist(app, app.config)
    where = f"{dist / ENTRY}" if dist is not None else f"{CONFIG_NAME} is empty"
    logger.info(
        "trendkb: mermaid is loaded from the CDN (no local copy: %s); run `npm ci` in the "
        "folder of conf.py to serve it from the site itself",
        where,
    )


def _copy_if_changed(source: Path, target: Path) -> bool:
    if target.is_file() and filecmp.cmp(source, target, shallow=False):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True


def copy_mermaid(dist: Path, static_dir: Path) -> int:
    """Copy the entry module and its chunks (no source maps); returns how many files changed."""
    target = static_dir / STATIC_SUBDIR
    files = [dist / ENTRY, *sorted((dist / CHUNKS).glob("*.mjs"))]
    return sum(_copy_if_changed(file, target / file.relative_to(dist)) for file in files)


def _install(app: Sphinx, exception: Exception | None) -> None:
    dist = _local_dist.get(app)
    # Only sites a browser runs scripts in: an EPUB reader would not load the module.
    if exception is not None or dist is None or app.builder.name not in PAGE_BUILDERS:
        return
    changed = copy_mermaid(dist, Path(app.outdir) / "_static")
    if changed:
        logger.info("trendkb: copied %d mermaid file(s) to _static/%s/", changed, STATIC_SUBDIR)


def _diagram_pages_only(app: Sphinx) -> None:
    """Run sphinxcontrib-mermaid's page hook only for pages built from a document.

    Its hook loads mermaid on every page without a doctree (search, the index, the
    generated tag and author pages) in case one holds a diagram, compiling its script
    templates for each. Here none can: diagrams come only from documents. Those pages
    skip the download, and the build skips the work (it is done in the main process).
    """
    from sphinxcontrib.mermaid import install_js

    def for_documents_only(install_js):
        def install_js_for_documents(app, pagename, templatename, context, doctree) -> None:
            if doctree is not None:
                install_js(app, pagename, templatename, context, doctree)

        return install_js_for_documents

    replace_handler(app, "html-page-context", install_js, for_documents_only)


def setup_mermaidjs(app: Sphinx) -> None:
    # After sphinxcontrib-mermaid registered its settings, before the builder hashes them.
    app.connect("config-inited", _choose_source, priority=600)
    app.connect("builder-inited", _report_source)
    app.connect("build-finished", _install)
    _diagram_pages_only(app)
