"""The state of one body's conversion, and the MyST it is converted to.

Pure, no Sphinx. Every pass of ``foreign.convert`` rewrites ``Work.lines`` in place,
line for line: a converted line is replaced, never split or joined, so every other line
keeps its number (a block that runs to the end of the file may get its closing line
appended). What cannot be converted is noted for one warning per file; what is removed
(code that only runs under the other engine) is noted with its line.

The MyST written here uses directives and roles of ``pages/converted.py``:
``kb-callout`` (an admonition, collapsible or not), ``kb-div`` (a container with Pandoc
attributes), ``kb-tab`` (tabs, grouped into a tab set), ``kb-quote`` (a quotation with its
source) and the roles ``kb-figure``, ``kb-embed`` and ``kb-note`` (a figure, a link card
and a one-line admonition, each lifted out of its paragraph). Directive fences are tildes,
whose info string may hold backticks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from . import bodyscan, dialects
from .engines import NATIVE, Engine

#: Why a leftover shows as text, unless it says otherwise.
NOT_RUN = "which this site does not run, so it shows as plain text"


@dataclass(frozen=True)
class Leftover:
    """Syntax left as it is, which MyST shows as text."""

    line: int  # 0-based
    snippet: str
    what: str
    advice: str
    why: str = NOT_RUN


@dataclass(frozen=True)
class Removed:
    """Something left out of the page: code only the other engine runs."""

    line: int  # 0-based
    snippet: str
    what: str
    #: What happens to what it encloses, if anything ("what it encloses is kept").
    kept: str = ""


@dataclass
class Work:
    """One body being converted."""

    lines: list[str]
    engine: Engine = NATIVE
    #: MyST's substitutions extension is on: ``{{ name }}`` is MyST's own.
    substitutions: bool = False
    #: The keys of the site's bibliography (None: not known, citations are not converted).
    citations: frozenset[str] | None = None
    #: The post's file name without its suffix (Hexo's asset folder has this name).
    stem: str = ""
    #: The first line is the page's title, written by the build (never converted).
    title_line: bool = False
    leftovers: list[Leftover] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    #: Problems worth a warning of their own: (0-based line, message, subtype).
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    #: The last classification, and the text it is of (passes that change nothing reuse it).
    _kinds: tuple[str, list[str]] | None = field(default=None, repr=False)

    @property
    def family(self) -> str:
        return dialects.family(self.engine)

    def kinds(self) -> list[str]:
        """What each line is (``bodyscan.classify``), for the lines as they are now."""
        text = "\n".join(self.lines)
        if self._kinds is not None and self._kinds[0] == text:
            return list(self._kinds[1])
        kinds = bodyscan.classify(self.lines, liquid_raw=self.family in dialects.RAW_FAMILIES)
        if self.title_line and kinds:
            kinds[0] = bodyscan.FRONT_MATTER
        self._kinds = (text, kinds)
        return list(kinds)

    def blank(self, start: int, end: int) -> None:
        """Empty lines ``start`` to ``end`` (inclusive)."""
        for index in range(start, end + 1):
            self.lines[index] = ""

    def close_after(self, end: int, closer: str) -> bool:
        """Put ``closer`` on the blank line after line ``end``, or append it at the end of the
        file; False when the next line holds text (the block cannot be closed line for line)."""
        following = end + 1
        if following >= len(self.lines):
            self.lines.append(closer)
            return True
        if not self.lines[following].strip():
            self.lines[following] = closer
            return True
        return False


def directive(indent: str, marks: str, name: str, argument: str = "") -> str:
    """A directive's opening line, ``~~~{name} argument``."""
    argument = " ".join(argument.split())
    return f"{indent}{marks}{{{name}}}" + (f" {argument}" if argument else "")


def wrap(work: Work, start: int, end: int, name: str, argument: str = "") -> None:
    """Make lines ``start`` and ``end`` the fences of a directive around the lines between."""
    indent = work.lines[start][: len(work.lines[start]) - len(work.lines[start].lstrip())]
    marks = bodyscan.fence_for(work.lines[start + 1 : end])
    work.lines[start] = directive(indent, marks, name, argument)
    work.lines[end] = indent + marks


def role(name: str, fields: dict[str, str]) -> str:
    """An inline role whose text is the percent-encoded fields: nothing in them is markup."""
    kept = {key: value for key, value in fields.items() if value}
    return f"{{{name}}}`" + urlencode(kept, quote_via=quote, safe="") + "`"


def callout_argument(kind: str, title: str = "", collapse: str = "") -> str:
    """The argument of ``kb-callout``: the engine's kind, ``+`` (collapsible, open) or ``-``
    (collapsible, closed), and the title."""
    kind = "".join(ch for ch in kind.lower() if ch.isalnum() or ch in "-_") or "note"
    mark = {"open": "+", "closed": "-"}.get(collapse, "")
    return f"{kind}{mark} {title}".strip()


def shorten(snippet: str, limit: int = 60) -> str:
    snippet = " ".join(snippet.split())
    return snippet if len(snippet) <= limit else snippet[: limit - 3] + "..."
