"""Every file a page reads or publishes stays within what may be published (``published.py``).

Sphinx copies any file an image or ``{download}`` path names, even one reached by ``../`` or
a symbolic link out of the source folder, and directives read any file of the machine into
a page: ``include`` (reST and MyST, also ``:literal:`` and ``:code:``), ``literalinclude`` and
its ``:diff:``, ``csv-table :file:``, ``raw :file:`` and ``mermaid``'s file argument. Here:

- each of those directives is replaced by one that resolves every path it will read as the
  original does, asks the one rule, and reads only what it allows (``csv-table`` and ``raw``
  are handed the checked file's absolute path, so they read exactly what was checked); a
  refusal is a warning with the file and line, and the directive gives nothing. ``:url:``
  options are refused: the build reads nothing from the network;
- after Sphinx's collectors chose the files to copy (``doctree-read``; they copy only when
  pages are written), every picture candidate and download is checked; a refused one is
  taken out of the environment and its node becomes its text, with a warning.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Include as DocutilsInclude
from docutils.parsers.rst.directives.misc import Raw, adapt_path
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .published import Policy

logger = logging.getLogger(__name__)

EXPECTED = (
    "expected a file in the source folder that the site may publish (not hidden, excluded, "
    "outside include_patterns, conf.py, a build folder or an unpublished post)"
)

_policies: weakref.WeakKeyDictionary[Sphinx, Policy] = weakref.WeakKeyDictionary()
_judges: weakref.WeakKeyDictionary[Sphinx, Callable[[Sphinx, Path], str | None]] = weakref.WeakKeyDictionary()


def judge_sources(app: Sphinx, judge: Callable[[Sphinx, Path], str | None]) -> None:
    """Which source files are unpublished pages: decided by ``model/publishing.py``, given here."""
    _judges[app] = judge
    _policies.pop(app, None)


def policy(app: Sphinx) -> Policy:
    """The build's rule for which files may be published (its folders, patterns and drafts)."""
    found = _policies.get(app)
    if found is None:
        judge, owner = _judges.get(app), weakref.ref(app)  # the policy must not keep the app alive
        found = _policies[app] = Policy.of(
            app.srcdir,
            app.outdir,
            app.doctreedir,
            app.confdir,
            app.config.exclude_patterns,
            app.config.include_patterns,
            unpublished=(lambda real: judge(owner(), real)) if judge else (lambda real: None),
        )
    return found


def _line(node: nodes.Node) -> int | None:
    while node is not None and not node.line:
        node = node.parent
    return node.line if node is not None else None


def _refused(what: str, target: str, why: str, location) -> None:
    logger.warning(
        "%s %r is not read: %s; %s",
        what,
        target,
        why,
        EXPECTED,
        location=location,
        type="kb",
        subtype="files",
    )


# -- directives --------------------------------------------------------------------------------


def _env(directive):
    return directive.state.document.settings.env


def _app(env) -> Sphinx:
    # Sphinx 9 keeps it as ``_app`` (``app`` is deprecated); Sphinx 8 as ``app``.
    return env._app if hasattr(env, "_app") else env.app


def _location(directive) -> str:
    """``file:line`` of the directive (the included file's, inside an include)."""
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    return f"{source}:{line}"


def _admit(directive, what: str, target: str, path: str | os.PathLike[str]) -> bool:
    """Whether ``directive`` may read the file at ``path`` (named ``target``); if not, a warning.

    A refused file inside the source folder is still a dependency: fixing it (a draft
    published, a FIFO replaced) re-reads the page.
    """
    env = _env(directive)
    rule = policy(_app(env))
    why = rule.refusal(Path(path))
    if why is None:
        return True
    _refused(what, target, why, _location(directive))
    if Path(os.path.realpath(path)).is_relative_to(rule.srcdir):
        env.note_dependency(os.path.realpath(path))
    return False


def _no_url(directive) -> bool:
    """``:url:`` would fetch from the network while building: refused."""
    if "url" not in directive.options:
        return False
    logger.warning(
        "%s :url: %r is not read: the build reads nothing from the network; "
        "expected a :file: in the source folder, or the content written in the page",
        directive.name,
        directive.options["url"],
        location=_location(directive),
        type="kb",
        subtype="files",
    )
    return True


def _embedded_file(directive) -> str | None:
    """The absolute path ``:file:`` names (``/x`` from the source folder, as Sphinx reads it), checked;
    None when refused. The directive is then handed that path, so it reads what was checked."""
    target = directive.options["file"]
    if target.startswith(("/", os.sep)):
        path = os.path.join(_env(directive).srcdir, target.lstrip("/" + os.sep))
    else:
        document = directive.state.document
        path = adapt_path(target, document.current_source or document["source"], "")
    path = os.path.abspath(path)
    if not _admit(directive, f"{directive.name} :file:", target, path):
        return None
    return os.path.realpath(path)


class ConfinedInclude(SphinxDirective):
    """``include``, in reST and in MyST: the file (also ``:literal:``, ``:code:``) must be publishable.

    Not a subclass of docutils' Include on purpose: MyST reads an Include subclass's file itself,
    before any check could run; this one checks, then hands over to MyST's reader or Sphinx's.
    """

    required_arguments = DocutilsInclude.required_arguments
    optional_arguments = DocutilsInclude.optional_arguments
    final_argument_whitespace = DocutilsInclude.final_argument_whitespace
    # MyST's own options of include, which it adds to Include subclasses only.
    option_spec = {
        **DocutilsInclude.option_spec,
        "relative-images": directives.flag,
        "relative-docs": directives.path,
        "heading-offset": directives.nonnegative_int,
    }
    has_content = False

    def run(self) -> list[nodes.Node]:
        target = "".join(part.strip() for part in self.arguments[0].splitlines())
        if target.startswith("<") and target.endswith(">"):
            # docutils' own standard definitions (<isonum.txt>): public files of docutils itself.
            standard = os.path.realpath(DocutilsInclude.standard_include_path)
            real = os.path.realpath(os.path.join(standard, target[1:-1]))
            if not real.startswith(standard + os.sep):
                _refused(self.name, target, "it is outside docutils' standard includes", _location(self))
                return []
        elif not _admit(self, self.name, target, self.env.relfn2path(target)[1]):
            return []
        from myst_parser.mocking import MockIncludeDirective, MockState

        if isinstance(self.state, MockState):
            renderer = self.state._renderer
            return MockIncludeDirective(
                renderer, self.name, Include, self.arguments, self.options, list(self.content), self.lineno
            ).run()
        return Include(
            self.name,
            self.arguments,
            {k: v for k, v in self.options.items() if k in DocutilsInclude.option_spec},
            self.content,
            self.lineno,
            self.content_offset,
            self.block_text,
            self.state,
            self.state_machine,
        ).run()


class ConfinedLiteralInclude(LiteralInclude):
    """``literalinclude``: the file and its ``:diff:`` must be publishable; the diff names them as written."""

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0].strip()
        if not _admit(self, self.name, target, self.env.relfn2path(target)[1]):
            return []
        old = self.options.get("diff")
        if old is not None and not _admit(self, f"{self.name} :diff:", old, self.env.relfn2path(old)[1]):
            return []
        result = super().run()
        if old is not None:
            # The diff's header would show the build machine's absolute paths.
            for block in result:
                for literal in block.findall(nodes.literal_block):
                    text = literal.astext()
                    head = text.split("\n", 2)
                    if len(head) == 3 and head[0].startswith("--- ") and head[1].startswith("+++ "):
                        text = f"--- {old}\n+++ {target}\n{head[2]}"
                        literal.children[:] = [nodes.Text(text)]
                        literal.rawsource = text
        return result


class ConfinedCSVTable(CSVTable):
    """``csv-table``: ``:file:`` must be publishable (``/x`` from the source folder); no ``:url:``."""

    def run(self) -> list[nodes.Node]:
        if _no_url(self):
            return []
        if self.options.get("file"):
            path = _embedded_file(self)
            if path is None:
                return []
            self.options["file"] = path
        return super().run()


class ConfinedRaw(Raw):
    """``raw``: ``:file:`` must be publishable (``/x`` from the source folder); no ``:url:``."""

    def run(self) -> list[nodes.Node]:
        if _no_url(self):
            return []
        if self.options.get("file"):
            path = _embedded_file(self)
            if path is None:
                return []
            self.options["file"] = path
        return super().run()


def _confined_mermaid(app: Sphinx) -> None:
    """sphinxcontrib-mermaid reads its argument as a file: the same rule, on the file it would pick."""
    from sphinx.util.i18n import search_image_for_language
    from sphinxcontrib.mermaid import Mermaid

    class ConfinedMermaid(Mermaid):
        def get_mm_code(self):
            if self.arguments and not self.content:
                target = self.arguments[0]
                env = _env(self)
                chosen = search_image_for_language(target, env)
                if not _admit(self, self.name, target, env.relfn2path(chosen)[1]):
                    return []
            return super().get_mm_code()

    app.add_directive("mermaid", ConfinedMermaid, override=True)


# -- pictures and downloads --------------------------------------------------------------------


def remember_targets(app: Sphinx, doctree: nodes.document) -> None:
    """Before Sphinx's image collector rewrites ``uri``: the path as the author wrote it, for warnings."""
    for node in doctree.findall(nodes.image):
        node.setdefault("kb_named", node.get("uri", ""))


def _forget(files: dict, key: str, docname: str) -> None:
    """Take ``docname``'s use of ``key`` out of ``env.images`` or ``env.dlfiles`` (as purge_doc does)."""
    # Sphinx keys downloads by Path and pictures by text.
    found = next((k for k in (key, Path(key)) if k in files), None)
    if found is None:
        return
    docnames, unique = files[found]
    docnames.discard(docname)
    if not docnames:
        del files[found]
        getattr(files, "_existing", set()).discard(unique)


def confine(app: Sphinx, doctree: nodes.document) -> None:
    """After Sphinx's collectors (priority 500): every file they will copy must be publishable."""
    env = app.env
    docname = env.docname
    rule = policy(app)
    for node in list(doctree.findall(lambda n: isinstance(n, (nodes.image, addnodes.download_reference)))):
        if isinstance(node, nodes.image):
            named = node.get("kb_named") or node.get("uri", "")
            files = [path for kind, path in node.get("candidates", {}).items() if kind != "?"]
            store, what = env.images, "image"
        else:
            named = node.get("reftarget", "")
            files = [env.relfn2path(named, docname)[0]] if "filename" in node else []
            store, what = env.dlfiles, "download"
        why = None
        for rel in files:
            why = rule.refusal(Path(env.srcdir, rel), picture=what == "image")
            if why is not None:
                real = os.path.realpath(Path(env.srcdir, rel))
                break
        if why is None:
            node.attributes.pop("kb_named", None)
            continue
        for rel in files:
            _forget(store, rel, docname)
        logger.warning(
            "%s %r cannot be published (%s: %s): the text is shown instead; %s",
            what,
            named,
            why,
            real,
            EXPECTED,
            location=(docname, _line(node)),
            type="kb",
            subtype="files",
        )
        node.attributes.pop("kb_named", None)
        text = node.get("alt", "") if what == "image" else node.astext()
        node.replace_self(nodes.inline(text, text))


def setup_confine(app: Sphinx) -> None:
    app.connect("doctree-read", remember_targets, priority=400)
    # After Sphinx's image and download collectors (priority 500) chose the files, before
    # anything is copied (when pages are written).
    app.connect("doctree-read", confine, priority=510)
    app.add_directive("include", ConfinedInclude, override=True)
    app.add_directive("literalinclude", ConfinedLiteralInclude, override=True)
    app.add_directive("csv-table", ConfinedCSVTable, override=True)
    app.add_directive("raw", ConfinedRaw, override=True)
    _confined_mermaid(app)
