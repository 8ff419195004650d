"""MyST's parser with a depth guard: a page nested too deeply becomes one warning.

Deeply nested directives make MyST recurse until Python gives up (a RecursionError
that names no file and stops the build), and a doctree deep enough can no longer be
pickled or written, which are recursive too. The guard catches the error and
measures the depth of every parsed page; a page beyond the limit keeps its title
and says it could not be rendered, and the rest of the site is built.
"""

from __future__ import annotations

import re
import traceback

from docutils import nodes
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Deepest doctree accepted (a section is one level, an admonition with its paragraph two).
#: Real pages stay far below; about 260 levels is where Sphinx's later recursive steps fail.
MAX_DEPTH = 100
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def doctree_depth(document: nodes.Node, limit: int = MAX_DEPTH) -> tuple[int, nodes.Node | None]:
    """The depth of a doctree (cut at ``limit + 1``) and a node deeper than ``limit``, if any."""
    level, depth = [document], 0
    while True:
        # One level at a time: a comprehension per level is cheap on every page.
        below = [child for node in level for child in getattr(node, "children", ())]
        if not below:
            return depth, None
        depth += 1
        if depth > limit:
            return depth, below[0]
        level = below


def _top_level_line(node: nodes.Node | None) -> int | None:
    """The line of the top-level block holding ``node``: MyST's lines drift inside nested blocks."""
    line = None
    while node is not None and not isinstance(node, nodes.document):
        if node.line and (node.parent is None or isinstance(node.parent, (nodes.section, nodes.document))):
            return node.line
        line = line or node.line
        node = node.parent
    return line


def _line_from_traceback(exc: BaseException) -> int | None:
    """The line of the top-level block MyST was rendering when it gave up (None if unknown)."""
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_name == "_render_tokens":
            block_map = getattr(frame.f_locals.get("child"), "map", None)
            if block_map:
                return block_map[0]
    return None


def _empty(document: nodes.document) -> str:
    """Empty the document, forgetting every id, name and pending transform; return its title."""
    title = next(iter(document.findall(nodes.title)), None)
    text = " ".join(title.astext().split()) if title is not None else ""
    for key, value in vars(document).items():
        if key != "attributes" and isinstance(value, (dict, list)):
            value.clear()
    transformer = getattr(document, "transformer", None)
    if transformer is not None:
        transformer.transforms[:] = [t for t in transformer.transforms if t[2] is None]
    return text


def _literal(text: str) -> str:
    """``text`` escaped so Markdown shows it as it is."""
    return _MD_PUNCTUATION.sub(r"\\\1", text)


class DepthGuardedMystParser(MystParser):
    """MyST's Sphinx parser, refusing pages nested deeper than :data:`MAX_DEPTH`."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        try:
            super().parse(inputstring, document)
        except RecursionError as exc:
            line = _line_from_traceback(exc)
            why = "its blocks are nested too deeply to parse"
        else:
            _, node = doctree_depth(document)
            if node is None:
                return
            line = _top_level_line(node)
            why = f"its blocks are nested more than {MAX_DEPTH} levels deep"
        logger.warning(
            "the page cannot be rendered: %s (directives, block quotes or lists inside each other); "
            "it shows a notice instead: flatten the nesting",
            why,
            location=(document.settings.env.docname, line),
            type="kb",
            subtype="depth",
        )
        title = _empty(document)
        # The notice goes through MyST itself, so the page is as complete as any other.
        notice = f"This page could not be rendered: {why}."
        super().parse(f"# {_literal(title)}\n\n{notice}\n" if title else notice + "\n", document)


#: MyST settings a page's front matter may not change: they put HTML in the page
#: (substitutions are Markdown, raw HTML included; html_meta writes <meta> tags, a
#: refresh to another site among them). Front matter is data; conf.py sets these.
REFUSED_FILE_SETTINGS = ("substitutions", "html_meta")


def refuse_file_settings() -> None:
    """MyST reads ``myst: {substitutions, html_meta}`` (and the two at the top level) from
    the front matter of every page it parses; those two are left out, with a warning."""
    import myst_parser.parsers.sphinx_ as sphinx_parser
    from myst_parser.warnings_ import MystWarnings

    merge = sphinx_parser.merge_file_level
    if getattr(merge, "kb_guarded", False):
        return

    def guarded(config, topmatter, warning):
        topmatter = dict(topmatter)
        myst = topmatter.get("myst")
        myst = dict(myst) if isinstance(myst, dict) else myst
        for name in REFUSED_FILE_SETTINGS:
            for where in (topmatter, myst if isinstance(myst, dict) else {}):
                if name in where:
                    where.pop(name)
                    warning(
                        MystWarnings.MD_TOPMATTER,
                        f"the front matter's '{name}' is not read: front matter is data and may not "
                        f"put HTML in the page; expected it in conf.py (myst_{name}) instead",
                    )
        if myst is not None:
            topmatter["myst"] = myst
        return merge(config, topmatter, warning)

    guarded.kb_guarded = True
    sphinx_parser.merge_file_level = guarded


def setup_parser(app: Sphinx) -> None:
    app.setup_extension("myst_parser")
    refuse_file_settings()
    app.add_source_parser(DepthGuardedMystParser, override=True)
