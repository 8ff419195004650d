"""Other engines' syntax in a page's body: converted to MyST where MyST has it, reported otherwise.

Posts brought from Jekyll, Hugo, Hexo, Zola, Eleventy, Pelican, MkDocs, Docusaurus, MDX
engines, Quarto or VuePress carry syntax those engines run and MyST would show as text.
``convert`` (pure: the build and ``python -m trendkb check`` both call it) takes a body
and the engine it was written for and, line for line, so that every other line keeps its
number:

1. ``blocks.convert_indented``: MkDocs' and Pelican's indented admonitions and tabs;
2. ``cells.convert_quarto``: Quarto's executable cells, left out of the page;
3. ``codeblocks.convert``: highlight and codeblock tags, diagrams, formulas and comments;
4. ``blocks.convert_fenced``: admonitions, callouts, divs, tabs and quotations with an
   opening and a closing line; GitHub's ``> [!NOTE]`` alerts; then ``cells.convert_mdx``:
   MDX's JavaScript, left out;
5. ``shortcodes.convert``: figures, embeds, includes and one-line notes;
   ``attributes.convert``: heading ids, kramdown's and Pandoc's attribute lists, inline notes;
6. ``mathsource.convert``: ``\\(...\\)``, ``\\[...\\]``, ``$$`` in a line, macro lines;
7. Quarto's citations ``[@key]`` to ``{cite:p}`` when the key is in the bibliography;
8. what is left is found and named by the engine that wrote it, with what to do;
9. ``rawhtml.check``: raw HTML that would hide or swallow the rest of the page;
10. Liquid's ``{% raw %}`` markers go (what they enclose was left as written).

Code blocks, inline code, raw HTML and comments are never converted (Hugo's escaped
shortcodes ``{{</* x */>}}`` in code become the text Hugo shows). Each file gets one
warning for what is left as text, at its first line, and one for what was left out,
naming its lines (``kb.foreign``); each piece of hiding HTML gets its own (``kb.html``).
"""

from __future__ import annotations

import os
import re
import weakref
from dataclasses import dataclass

from sphinx.application import Sphinx
from sphinx.util import logging

from . import (
    attributes,
    bibtex,
    blocks,
    bodyscan,
    cells,
    codeblocks,
    dialects,
    mathsource,
    rawhtml,
    shortcodes,
    tags,
)
from .conversion import Leftover, Work, shorten
from .engines import NATIVE, Engine
from .frontmatter import Problem
from .source import engine_of

logger = logging.getLogger(__name__)

SUBTYPE = "foreign"
#: Something one of the passes converts or reports (most plain posts have none of these).
_MARKERS = re.compile(
    r"[{<\\$@]|!!!|\?\?\?|===|:::|\bimport |\bexport |8<|\[!|\^\[|\[TOC\]|:[a-z][\w-]*[\[:]"
)
_CITATION = re.compile(r"\[(?P<body>[^\[\]@]*-?@[^\[\]]+?)\](?!\()")
_CITE_KEY = re.compile(r"(-?)@(\w(?:[\w:.#$%&+?<>~/-]*\w)?)")
_NARRATIVE = re.compile(r"(?<![\w@\[`])@(?P<key>[A-Za-z](?:[\w:.#$%&+?<>~/-]*\w)?)(?![\w@])")
_IMPORT_EXPORT = re.compile(
    r"^\s*(?:import\s+[\w$*{},\s]+\s+from\s+['\"]|import\s+['\"]|export\s+(?:const|let|default|function)\b).*"
)
_COMPONENT = re.compile(
    r"(?:^|(?<=[\s>(]))<(?P<close>/?)(?P<name>[A-Z][A-Za-z0-9]+(?:\.[A-Z][A-Za-z0-9]*)?)(?=[\s/>])[^<>]*>"
)
_CLOSING_TAG = re.compile(r"</([A-Z][A-Za-z0-9.]*)>")
_ADMONITION_LINE = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+\w.*")
_COLON_LINE = re.compile(r"^\s*:{3,}\s*(?:\{\s*[.#]|[A-Za-z]).*")
_KRAMDOWN_ATTRIBUTES = re.compile(r"^\s*\{:[^}]*\}\s*$|\{:\s*[.#][^}]*\}")
#: remark-directive's leaf (``::github{...}``) and text (``:spoiler[...]``) directives.
_REMARK_DIRECTIVE = re.compile(r"^\s*::[a-z][\w-]*(?:\[[^\]]*\])?\{[^}]*\}|(?<![\w:/]):[a-z][\w-]*\[[^\]]+\]")
#: Suffixes of included files read as Markdown (anything else is code or text).
MARKDOWN_SUFFIXES = frozenset((".md", ".markdown", ".qmd", ".mdx", ".rmd"))
_LIQUID_RAW = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_MATH_IN_HTML = re.compile(r"\\\\?\(.+?\\\\?\)|\$\$.+?\$\$|\\\\?\[.+?\\\\?\]")


@dataclass(frozen=True)
class Converted:
    """A converted body and the warnings it earns (1-based lines)."""

    text: str
    problems: tuple[Problem, ...]


def convert(
    text: str,
    engine: Engine = NATIVE,
    *,
    substitutions: bool = False,
    citations: frozenset[str] | None = None,
    stem: str = "",
    title_line: bool = False,
) -> Converted:
    """The body with other engines' syntax converted, and the warnings about the rest.

    ``engine``: the engine the post was written for; ``substitutions``: MyST's substitutions
    are on (``{{ name }}`` is MyST's own); ``citations``: the site's bibliography keys (None:
    citations are left alone); ``stem``: the post's file name without its suffix;
    ``title_line``: the first line is the title the build wrote (``headings.page_lines``).
    """
    if not _maybe(text):
        return Converted(text, ())
    work = Work(text.split("\n"), engine, substitutions, citations, stem, title_line=title_line)
    blocks.convert_indented(work)
    cells.convert_quarto(work)
    codeblocks.convert(work)
    blocks.convert_fenced(work)
    blocks.convert_alerts(work)
    cells.convert_mdx(work)
    shortcodes.convert(work)
    attributes.convert(work)
    mathsource.convert(work)
    if citations is not None and work.family == "quarto":
        _citations(work)
    _find_leftovers(work)
    rawhtml.check(work)
    _drop_raw_markers(work)
    return Converted("\n".join(work.lines), tuple(_problems(work)))


def _drop_raw_markers(work: Work) -> None:
    """Liquid's ``{% raw %}`` and ``{% endraw %}`` go; what they enclose is shown as written."""
    if work.family not in dialects.RAW_FAMILIES or not any("raw" in line for line in work.lines):
        return
    kinds = work.kinds()
    for i, line in enumerate(work.lines):
        if kinds[i] == bodyscan.PROSE and "raw" in line:
            masked = bodyscan.mask_code(line)
            for marker in reversed(list(_LIQUID_RAW.finditer(masked))):
                line = line[: marker.start()] + line[marker.end() :]
            work.lines[i] = line


def _maybe(text: str) -> bool:
    """A cheap test most bodies fail: nothing here any pass converts or reports."""
    return bool(_MARKERS.search(text))


# Citations -------------------------------------------------------------------------------


def _citations(work: Work) -> None:
    """Pandoc's ``[@key]``, ``[@a; @b]`` and ``@key``: ``{cite:p}`` / ``{cite:t}`` for keys
    of the bibliography; any other key is left as text and reported. A page that cites gets
    its references at the end, as Quarto gives them, unless it has a bibliography already."""
    kinds = work.kinds()
    unknown: list[tuple[int, str]] = []
    cited = False
    for i, line in enumerate(work.lines):
        if kinds[i] != bodyscan.PROSE or "@" not in line:
            continue
        masked = bodyscan.mask_code(line)
        spans: list[tuple[int, int, str]] = []
        for match in _CITATION.finditer(masked):
            keys = [key for _, key in _CITE_KEY.findall(match["body"])]
            if not keys or not _only_citations(match["body"]):
                continue
            missing = [key for key in keys if key not in work.citations]
            if missing:
                unknown.append((i, missing[0]))
                continue
            spans.append((match.start(), match.end(), "{cite:p}`" + ",".join(keys) + "`"))
        for match in _NARRATIVE.finditer(masked):
            key = match["key"]
            if any(a <= match.start() < b for a, b, _ in spans) or key not in work.citations:
                continue
            spans.append((match.start(), match.end(), "{cite:t}`" + key + "`"))
        for start, end, replacement in sorted(spans, reverse=True):
            line = line[:start] + replacement + line[end:]
        work.lines[i] = line
        cited = cited or bool(spans)
    if cited and not any("{bibliography}" in line for line in work.lines):
        # Quarto lists the references at the end of the page; so does this (lines appended).
        work.lines += ["", "## References", "", "```{bibliography}", "```"]
    if unknown:
        line, key = unknown[0]
        more = f" (and {len(unknown) - 1} more like it)" if len(unknown) > 1 else ""
        work.problems.append(
            (
                line,
                f"citation '@{key}' is not in the bibliography, so it shows as text: add its entry to a "
                f"file of bibtex_bibfiles, or cite a key that is there{more}",
                SUBTYPE,
            )
        )


def _only_citations(body: str) -> bool:
    """Whether a bracket holds only Pandoc citations (with prefixes, locators and ``;``)."""
    return all(_CITE_KEY.search(part) for part in body.split(";"))


# What is left ----------------------------------------------------------------------------


def _find_leftovers(work: Work) -> None:
    kinds = work.kinds()
    lines = work.lines
    engine = work.engine
    family = work.family
    closed = frozenset(_CLOSING_TAG.findall("\n".join(lines))) if "</" in "\n".join(lines) else frozenset()
    in_raw = False
    for i, line in enumerate(lines):
        kind = kinds[i]
        if kind == bodyscan.HTML:
            if bodyscan.in_script(lines, kinds, i):
                continue  # JavaScript, whatever it looks like
            component = next(
                (
                    m
                    for m in _COMPONENT.finditer(line)
                    if m["close"] or m.group().endswith("/>") or m["name"] in closed
                ),
                None,
            )
            if component and family not in dialects.MDX_FAMILIES:
                what = dialects.component_kind(engine)
                work.leftovers.append(Leftover(i, shorten(component.group()), what, _COMPONENT_ADVICE))
                continue
            if ("\\" in line or "$$" in line) and _MATH_IN_HTML.search(line):
                work.leftovers.append(
                    Leftover(
                        i,
                        shorten(_MATH_IN_HTML.search(line).group()),
                        "a formula inside raw HTML",
                        "take the formula out of the HTML element (a blank line before and after it)",
                        "which MyST passes to the page as written, so it shows as plain text",
                    )
                )
            continue
        if kind != bodyscan.PROSE or not line.strip():
            continue
        masked = bodyscan.mask_code(line)
        masked = re.sub(r"\{[\w:-]+\}`[^`]*`", lambda m: " " * len(m.group()), masked)  # MyST roles
        if family in dialects.RAW_FAMILIES:
            masked, in_raw = bodyscan.outside_liquid_raw(masked, in_raw)
        found = _leftover(work, masked, closed)
        if found is not None:
            snippet, what, advice = found
            work.leftovers.append(Leftover(i, shorten(snippet), what, advice))
    del engine


#: Block syntax of other engines that is left when it could not be converted:
#: (families it belongs to, pattern, what it is, what to do).
_BLOCK_LEFTOVERS = (
    (
        frozenset(("liquid", "markdown")),
        _KRAMDOWN_ATTRIBUTES,
        "a kramdown attribute list (Jekyll)",
        "delete it; for a table of contents, use MyST's ```{contents}``` directive",
    ),
    (
        dialects.INDENTED_ADMONITION_FAMILIES | {"markdown"},
        _ADMONITION_LINE,
        "a Python-Markdown admonition (MkDocs)",
        "indent its body by four spaces, or write it as :::{note}",
    ),
    (
        dialects.COLON_ADMONITION_FAMILIES | {"quarto"},
        _COLON_LINE,
        "an unclosed block",
        "close it with a line of ':::', alone on its line",
    ),
    (
        dialects.MDX_FAMILIES,
        _REMARK_DIRECTIVE,
        "a remark directive",
        "write it as MyST (:::{note} for a note) or as plain text",
    ),
    (
        None,
        _IMPORT_EXPORT,
        "an MDX import or export",
        "delete the line (MDX runs it; Markdown shows it)",
    ),
)
_COMPONENT_ADVICE = (
    "replace it with MyST (sphinx-design's ::::{tab-set} for tabs, :::{note} for a note) or delete it"
)


def _leftover(work: Work, masked: str, closed: frozenset[str]) -> tuple[str, str, str] | None:
    """(snippet, what it is, what to do) for the first foreign syntax of a prose line."""
    engine = work.engine
    family = work.family
    for tag in tags.find(masked) if "{" in masked else ():
        if tag.form == tags.VARIABLE and (
            work.substitutions or tag.raw.startswith(("<", "%")) or re.fullmatch(r"[\d\s,.+*/-]*", tag.raw)
        ):
            continue  # MyST's own substitutions; {{1, 2}} in prose or TeX is not a template
        return tag.text, dialects.tag_kind(engine, tag.form), _advice(tag, family)
    for families, pattern, what, advice in _BLOCK_LEFTOVERS:
        found = pattern.search(masked) if families is None or family in families else None
        if found:
            return found.group().strip(), what, advice
    for match in _COMPONENT.finditer(masked) if "<" in masked else ():
        if match["close"] or match.group().endswith("/>") or match["name"] in closed:
            return match.group(), dialects.component_kind(engine), _COMPONENT_ADVICE
    return None


_LINK_NAMES = "ref relref link post_url post_link asset_link asset_path url_for"
_LINKS = frozenset(_LINK_NAMES.split())
_LOGIC_NAMES = "if unless for else elif endif endfor endunless case when assign capture set"
_LOGIC = frozenset(_LOGIC_NAMES.split())
_GENERIC_ADVICE = (
    "replace it with MyST (```{figure} for a figure, :::{note} for a note, a link for a video) or delete it"
)


def _advice(tag: tags.Tag, family: str) -> str:
    name = tag.name.lower()
    if tag.form == tags.VARIABLE:
        return "write the value itself"
    if name in _LINKS:
        return "write a relative link to the page's .md file instead, [text](../other-post.md)"
    if name == "include":
        return "paste what the include holds, or use MyST's ```{include}``` for a file of this site"
    if name in _LOGIC:
        return "template logic runs only under the engine: keep the text it should show, delete the rest"
    if tag.closing:
        return "delete it, with the tag that opens it"
    return _GENERIC_ADVICE


# Warnings --------------------------------------------------------------------------------


def _problems(work: Work) -> list[Problem]:
    found: list[Problem] = []
    if work.leftovers:
        first = min(work.leftovers, key=lambda leftover: leftover.line)
        more = len(work.leftovers) - 1
        extra = f" (and {more} more line(s) like it in this file)" if more else ""
        found.append(
            Problem(
                first.line + 1,
                f"{first.snippet!r} is {first.what}, {first.why}: {first.advice}{extra}",
                SUBTYPE,
            )
        )
    if work.removed:
        removed = sorted(work.removed, key=lambda r: r.line)
        first = removed[0]
        others = sorted({r.line + 1 for r in removed[1:]} - {first.line + 1})
        listed = ", ".join(map(str, others[:8])) + (f" and {len(others) - 8} more" if len(others) > 8 else "")
        extra = f" (and at line(s) {listed})" if others else ""
        kept = f", {first.kept}" if first.kept else ""
        found.append(
            Problem(
                first.line + 1,
                f"{first.snippet!r} is {first.what}, which only {_runner(work)} runs: it is left out of the "
                f"page{kept}{extra}; {_removal_advice(work, first)}",
                SUBTYPE,
            )
        )
    found += [Problem(line + 1, message, subtype) for line, message, subtype in work.problems]
    return sorted(found, key=lambda p: p.line)


def _runner(work: Work) -> str:
    family = work.family
    if family in dialects.MDX_FAMILIES:
        return "MDX"
    return "VuePress" if family == "vue" else work.engine.name


def _removal_advice(work: Work, first) -> str:
    if work.family == "quarto" and first.snippet.startswith(("```", "~~~")):
        return "to show a cell's code, write its language without braces (```r, not ```{r})"
    if first.kept:
        return "write what it does in MyST if it matters"
    return "write what it shows in Markdown or MyST to keep it"


def substitutions_on(app: Sphinx) -> bool:
    return "substitution" in app.config.myst_enable_extensions


def convert_source(app: Sphinx, docname: str, source: list[str]) -> None:
    if not _is_markdown(app, docname):
        return
    env = app.env
    result = convert(
        source[0],
        engine_of(app, docname),
        substitutions=substitutions_on(app),
        citations=_citation_keys(app),
        stem=env.doc2path(docname).stem,
        title_line=bool(env.temp_data.get("kb_title_line")),
    )
    source[0] = result.text
    env.temp_data["kb_body"] = result.text
    for problem in result.problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype=problem.subtype)


_keys: weakref.WeakKeyDictionary[Sphinx, tuple[tuple, frozenset[str]]] = weakref.WeakKeyDictionary()


def convert_included(app: Sphinx, relative_path, parent_docname: str, content: list[str]) -> None:
    """A file included into a page (MyST's ``{include}``, Quarto's ``{{< include >}}`` converted)
    is converted as the page is, with its own lines in the warnings."""
    docname = app.env.docname
    if not docname or not _is_markdown(app, docname):
        return
    path = os.path.join(app.srcdir, str(relative_path))
    if os.path.splitext(path)[1].lower() not in MARKDOWN_SUFFIXES:
        return  # code or text, included as it is
    result = convert(
        content[0],
        engine_of(app, docname),
        substitutions=substitutions_on(app),
        citations=_citation_keys(app),
        stem=os.path.splitext(os.path.basename(path))[0],
    )
    content[0] = result.text
    for problem in result.problems:
        logger.warning(problem.message, location=f"{path}:{problem.line}", type="kb", subtype=problem.subtype)


def _citation_keys(app: Sphinx) -> frozenset[str] | None:
    """The keys of the site's bibliography (``bibtex_bibfiles``), or None without one."""
    files = getattr(app.config, "bibtex_bibfiles", None)
    if not files or "sphinxcontrib.bibtex" not in app.extensions:
        return None
    paths = [os.path.join(app.srcdir, name) for name in files]
    stamp = tuple((path, _mtime(path)) for path in paths)
    cached = _keys.get(app)
    if cached is None or cached[0] != stamp:
        cached = _keys[app] = (stamp, bibtex.keys_of(paths))
    return cached[1]


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _is_markdown(app: Sphinx, docname: str) -> bool:
    suffix = app.env.doc2path(docname).suffix
    return app.config.source_suffix.get(suffix) == "markdown"


def setup_foreign(app: Sphinx) -> None:
    # After the front matter is blanked (model/collector.py, priority 500).
    app.connect("source-read", convert_source, priority=600)
    app.connect("include-read", convert_included)
