"""Pictures and downloads named in a page's body stay inside the source folder.

Sphinx copies any file an image or ``{download}`` path names, even one reached by
``../`` or a symbolic link out of the source folder (``![x](../../../etc/hostname)``
publishes that file). Before Sphinx collects them (``doctree-read``, ahead of its
own collectors), such a reference is replaced by its text and gets a warning.
"""

from __future__ import annotations

import os

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _outside(app: Sphinx, target: str) -> str | None:
    """The real path ``target`` names when it is outside the source folder, else None."""
    if not target or "://" in target or target.startswith("data:"):
        return None
    _, absolute = app.env.relfn2path(target, app.env.docname)
    real = os.path.realpath(absolute)
    root = os.path.realpath(app.env.srcdir)
    return None if real == root or real.startswith(root + os.sep) else real


def _line(node: nodes.Node) -> int | None:
    while node is not None and not node.line:
        node = node.parent
    return node.line if node is not None else None


def confine(app: Sphinx, doctree: nodes.document) -> None:
    for node in list(doctree.findall(lambda n: isinstance(n, (nodes.image, addnodes.download_reference)))):
        is_image = isinstance(node, nodes.image)
        target = node.get("uri" if is_image else "reftarget", "")
        real = _outside(app, target)
        if real is None:
            continue
        logger.warning(
            "%s %r is outside the source folder (%s): not published; copy the file into the source folder",
            "image" if is_image else "download",
            target,
            real,
            location=(app.env.docname, _line(node)),
            type="kb",
            subtype="files",
        )
        text = node.get("alt", "") if is_image else node.astext()
        node.replace_self(nodes.inline(text, text))


def setup_confine(app: Sphinx) -> None:
    # Before Sphinx's image and download collectors (priority 500) copy anything.
    app.connect("doctree-read", confine, priority=400)
