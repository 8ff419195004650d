"""The site's content folders, read from its ``conf.py`` without starting Sphinx.

Plain ``kb_articles_dir = "..."`` assignments (and ``include_patterns`` and
``exclude_patterns``, so the files the build skips are skipped here too) are read from the syntax tree, so
nothing runs. Only when a value is computed (an expression, an ``if``, a loop) is
``conf.py`` executed, as Sphinx would, with any failure reported and the default
used instead.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import os
import runpy
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.project import EXCLUDE_PATHS
from sphinx.util.matching import compile_matchers

from ..config import PREFIX, KBConfig

SETTINGS = ("articles_dir", "topics_dir")
PATTERNS = ("include_patterns", "exclude_patterns")
#: Settings of other extensions that change how a body reads (``reading/foreign.py``, math).
BODY_SETTINGS = ("myst_enable_extensions", "bibtex_bibfiles", "source_suffix")


def _wanted(name: str) -> bool:
    """What conf.py is read for: every ``kb_`` setting, which files Sphinx reads, the language,
    and the settings a body's reading depends on."""
    return name.startswith(PREFIX) or name in PATTERNS or name == "language" or name in BODY_SETTINGS


@dataclass(frozen=True)
class Site:
    """Where the articles and topics of a site are, as absolute paths."""

    root: Path
    articles: Path
    topics: Path
    include_patterns: tuple[str, ...] = ("**",)
    exclude_patterns: tuple[str, ...] = ()
    #: Why a setting fell back to its default, if it did (shown on stderr).
    notes: tuple[str, ...] = ()
    #: The extension's settings as conf.py gives them (aliases, unknown keys, time zone...).
    config: KBConfig = field(default_factory=KBConfig)
    #: The site's language (``language`` in conf.py): an article's, unless it says otherwise.
    language: str = "en"
    #: MyST's extensions, as the build has them (trendkb adds the math ones).
    myst_extensions: tuple[str, ...] = ()
    #: The bibliography files, relative to the site's folder.
    bibfiles: tuple[str, ...] = ()
    #: Source suffixes read as Markdown.
    markdown_suffixes: tuple[str, ...] = (".md",)
    #: ``kb_math_strict_dollars`` (``pages/math.py``): Pandoc's rules for ``$``.
    strict_dollars: bool = True
    #: Folder listings and small files read while checking (``reading/source.py``).
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    def kind_of(self, path: Path) -> str | None:
        """``"article"``, ``"topic"`` or None, in the order the build decides it."""
        if path.is_relative_to(self.articles):
            return "article"
        if path.is_relative_to(self.topics):
            return "topic"
        return None

    def is_source(self, path: Path) -> bool:
        """Whether Sphinx reads ``path`` (include and exclude patterns, as in ``Project.discover``)."""
        if not path.is_relative_to(self.root):
            return True
        parts = unicodedata.normalize("NFC", path.relative_to(self.root).as_posix()).split("/")
        include, exclude = self._matchers
        # Sphinx prunes excluded folders while it walks, then filters the files.
        prefixes = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
        if any(match(prefix) for prefix in prefixes for match in exclude):
            return False
        return any(match(prefixes[-1]) for match in include)

    def is_source_path(self, rel: str) -> bool:
        """For the walk: a file (relative, '/'-separated) the include and exclude patterns keep."""
        include, exclude = self._matchers
        return any(m(rel) for m in include) and not any(m(rel) for m in exclude)

    def is_excluded_path(self, rel: str) -> bool:
        """For the walk: a folder the exclude patterns prune."""
        return any(m(rel) for m in self._matchers[1])

    @functools.cached_property
    def policy(self):
        """Which files a page may publish, as the build decides it (``reading/published.py``)."""
        from ..reading.published import Policy

        return Policy.of(
            self.root,
            confdir=self.root,
            exclude_patterns=self.exclude_patterns,
            include_patterns=self.include_patterns,
        )

    @functools.cached_property
    def _matchers(self) -> tuple[list, list]:
        return compile_matchers(self.include_patterns), compile_matchers(
            [*self.exclude_patterns, *EXCLUDE_PATHS]
        )


def load(conf_dir: Path) -> Site:
    """The content folders of the site whose ``conf.py`` is in ``conf_dir``.

    Raises ``ValueError`` when a setting is wrong (with the build's own message).
    """
    root = Path(os.path.abspath(conf_dir))
    conf = root / "conf.py"
    values: dict[str, object] = {}
    notes: list[str] = []
    if conf.is_file():
        values, notes = _read(conf)
    known = {f.name for f in dataclasses.fields(KBConfig)}
    try:
        settings = KBConfig.checked(
            **{name: values[PREFIX + name] for name in known if PREFIX + name in values}
        )
        include = tuple(values.get("include_patterns", ("**",)))
        exclude = tuple(values.get("exclude_patterns", ()))
    except Exception as exc:  # Sphinx's ConfigError, with the build's own message
        raise ValueError(f"{conf}: {exc}") from None
    return Site(
        root,
        Path(os.path.normpath(root / settings.articles_dir)),
        Path(os.path.normpath(root / settings.topics_dir)),
        include,
        exclude,
        tuple(notes),
        settings,
        str(values.get("language") or "en"),
        _strings(values.get("myst_enable_extensions")),
        _strings(values.get("bibtex_bibfiles")),
        _markdown_suffixes(values.get("source_suffix")),
        values.get(PREFIX + "math_strict_dollars", True) is not False,
    )


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(str(item) for item in value)
    return ()


def _markdown_suffixes(value: object) -> tuple[str, ...]:
    """The suffixes Sphinx reads with MyST: myst-parser adds ``.md`` to a dict without it."""
    if isinstance(value, dict):
        found = tuple(suffix for suffix, parser in value.items() if parser == "markdown")
        return found if ".md" in found else (*found, ".md")
    return (".md",)


def _read(conf: Path) -> tuple[dict[str, object], list[str]]:
    source = conf.read_bytes()
    try:
        tree = ast.parse(source, filename=str(conf))
    except SyntaxError as exc:
        return {}, [f"{conf}: cannot parse ({exc.msg}); using the default content folders"]
    simple, computed = _literal_assignments(tree)
    if not computed:
        return simple, []
    return _execute(conf)


def _literal_assignments(tree: ast.Module) -> tuple[dict[str, object], bool]:
    """Top-level ``name = "literal"`` settings, and whether any other kind of binding exists."""
    found: dict[str, object] = {}
    top_level = set()
    for statement in tree.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name) and _wanted(targets[0].id):
                try:
                    found[targets[0].id] = ast.literal_eval(statement.value)
                except (ValueError, TypeError, SyntaxError, RecursionError):
                    return found, True
                top_level.add(id(targets[0]))
    for node in ast.walk(tree):
        stored = isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
        if stored and _wanted(node.id) and id(node) not in top_level:
            return found, True
    return found, False


def _execute(conf: Path) -> tuple[dict[str, object], list[str]]:
    """Run ``conf.py`` as Sphinx does (its folder as the working directory), guarded."""
    from sphinx.util.tags import Tags

    cwd, path = os.getcwd(), list(sys.path)
    try:
        os.chdir(conf.parent)
        namespace = runpy.run_path(str(conf), init_globals={"tags": Tags()}, run_name="__sphinx_conf__")
    except (Exception, SystemExit) as exc:  # a conf.py may call sys.exit() too
        reason = f"{type(exc).__name__}: {exc}"
        return {}, [f"{conf}: running it failed ({reason}); using the default content folders"]
    finally:
        os.chdir(cwd)
        sys.path[:] = path
    values = {name: value for name, value in namespace.items() if _wanted(name)}
    return values, []
