"""Pictures, downloads and included files named in a page stay within what may be published.

Sphinx copies any file an image or ``{download}`` path names, even one reached by
``../`` or a symbolic link out of the source folder (``![x](../../../etc/hostname)``
publishes that file), and ``include`` / ``literalinclude`` read any file of the machine
into a page. Here each such path goes through the one rule of ``published.py``: before
Sphinx collects pictures and downloads (``doctree-read``, ahead of its own collectors), a
refused reference is replaced by its text and gets a warning; a refused include is a
warning and includes nothing.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.util import logging

from .published import Policy

logger = logging.getLogger(__name__)

_policies: weakref.WeakKeyDictionary[Sphinx, Policy] = weakref.WeakKeyDictionary()


def policy(app: Sphinx) -> Policy:
    """The build's rule for which files may be published (its folders and exclude patterns)."""
    found = _policies.get(app)
    if found is None:
        found = _policies[app] = Policy.of(
            app.srcdir, app.outdir, app.doctreedir, app.confdir, app.config.exclude_patterns
        )
    return found


def _refusal(app: Sphinx, target: str, picture: bool) -> tuple[str, str] | None:
    """(real path, why) when the file ``target`` names may not be published, else None."""
    if not target or "://" in target or target.startswith("data:"):
        return None
    _, absolute = app.env.relfn2path(target, app.env.docname)
    if picture and "*" in target:
        return None  # Sphinx's "picture.*" picks among candidates, each checked when copied
    why = policy(app).refusal(Path(absolute), picture=picture)
    return (os.path.realpath(absolute), why) if why else None


def _line(node: nodes.Node) -> int | None:
    while node is not None and not node.line:
        node = node.parent
    return node.line if node is not None else None


def confine(app: Sphinx, doctree: nodes.document) -> None:
    for node in list(doctree.findall(lambda n: isinstance(n, (nodes.image, addnodes.download_reference)))):
        is_image = isinstance(node, nodes.image)
        target = node.get("uri" if is_image else "reftarget", "")
        refused = _refusal(app, target, picture=is_image)
        if refused is None:
            continue
        real, why = refused
        logger.warning(
            "%s %r cannot be published (%s: %s): the text is shown instead; "
            "expected a file in the source folder that the site may publish",
            "image" if is_image else "download",
            target,
            why,
            real,
            location=(app.env.docname, _line(node)),
            type="kb",
            subtype="files",
        )
        text = node.get("alt", "") if is_image else node.astext()
        node.replace_self(nodes.inline(text, text))


def confine_include(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """``include`` (reST and MyST): a refused file's text is dropped before it is parsed."""
    why = policy(app).refusal(Path(app.srcdir, relative_path))
    if why is None:
        return
    content[0] = ""
    logger.warning(
        "include %r is not included: %s; expected a file in the source folder that the site may "
        "publish (not hidden, excluded, conf.py or a build folder)",
        relative_path.as_posix(),
        why,
        location=(app.env.docname, None),
        type="kb",
        subtype="files",
    )


class ConfinedLiteralInclude(LiteralInclude):
    """``literalinclude``: the file must be one the site may publish."""

    def run(self):
        env = self.env
        _, absolute = env.relfn2path(self.arguments[0].strip(), env.docname)
        why = policy(env.app).refusal(Path(absolute))
        if why is None:
            return super().run()
        logger.warning(
            "literalinclude %r is not included: %s; expected a file in the source folder that the site "
            "may publish (not hidden, excluded, conf.py or a build folder)",
            self.arguments[0].strip(),
            why,
            location=self.get_location(),
            type="kb",
            subtype="files",
        )
        return []


def setup_confine(app: Sphinx) -> None:
    # Before Sphinx's image and download collectors (priority 500) copy anything.
    app.connect("doctree-read", confine, priority=400)
    app.connect("include-read", confine_include)
    app.add_directive("literalinclude", ConfinedLiteralInclude, override=True)
