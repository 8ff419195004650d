"""Syntax of other blog engines in a page's body: converted where safe, reported otherwise.

Posts brought from Jekyll, Hugo or Docusaurus carry template tags those engines run
(Liquid's ``{% ... %}`` and ``{{ ... }}``, Hugo's ``{{< ... >}}`` shortcodes, MDX's
``import`` lines and ``<Component>`` tags). MyST shows them as text. At
``source-read`` (after the front matter is blanked, so lines still match the file):

- the commonest ones are rewritten line for line, keeping every other line where it
  was: highlight blocks become fenced code, ``{{< figure >}}`` becomes a figure, and
  Liquid's ``{% raw %}`` markers are dropped;
- the rest get one warning per file, at the first one's line, saying what it is and
  what to do. Code blocks and inline code are never looked at.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlencode

from docutils import nodes
from docutils.transforms import Transform
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

_TAG_START = re.compile(r"<[A-Z/]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")

_LIQUID_OPEN = re.compile(r"^(\s*)\{%-?\s*highlight\s+([\w+#.-]+)[^%]*-?%\}\s*$")
_LIQUID_CLOSE = re.compile(r"^\s*\{%-?\s*endhighlight\s*-?%\}\s*$")
_HUGO_OPEN = re.compile(r"^(\s*)\{\{[<%]\s*highlight\s+([\w+#.-]+)[^}]*[>%]\}\}\s*$")
_HUGO_CLOSE = re.compile(r"^\s*\{\{[<%]\s*/highlight\s*[>%]\}\}\s*$")
_HUGO_FIGURE = re.compile(r"^(\s*)\{\{[<%]\s*figure\s+(.*?)\s*/?[>%]\}\}\s*$")
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))""")
_LIQUID_RAW = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")

#: What each engine's syntax is, and what to do about it; the first match in a line wins.
_KINDS = (
    (
        re.compile(r"\{\{[<%]\s*/?\s*[\w./-]+(?:.*?[>%]\}\})?"),
        "a Hugo shortcode",
        "replace it with MyST (```{figure} for a figure, :::{note} for a note) or delete it",
    ),
    (
        re.compile(r"\{%-?\s*\w+(?:.*?%\})?"),
        "a Liquid tag (Jekyll)",
        "replace it with MyST (```{include} for an include, [text](path) for a link) or delete it",
    ),
    (
        re.compile(r"\{\{-?\s*[^{}\s][^{}]*\}\}"),
        "a Liquid variable (Jekyll)",
        "write the value itself",
    ),
    (
        re.compile(r"^(?:import\s+[\w{},*\s]+?\s+from\s+['\"]|export\s+(?:const|default|function)\b).*"),
        "an MDX import or export",
        "delete the line",
    ),
    (
        re.compile(
            r"(?:^|(?<=[\s>(]))<(?P<close>/?)(?P<name>[A-Z][A-Za-z0-9]+(?:\.[A-Z][A-Za-z0-9]*)?)(?=[\s/>])[^<>]*>"
        ),
        "an MDX (JSX) component",
        "replace it with MyST (sphinx-design's ::::{tab-set} for tabs, :::{note} for a note) or delete it",
    ),
)
_LIQUID_VARIABLE = 2  # index in _KINDS: MyST's substitutions extension uses the same braces
_CLOSING_TAG = re.compile(r"</([A-Z][A-Za-z0-9.]*)>")


def _maybe(text: str) -> bool:
    """A cheap test (substring searches) that most files and lines fail: nothing foreign here."""
    return (
        "{%" in text
        or "{{" in text
        or "import " in text
        or "export " in text
        or bool(_TAG_START.search(text))
    )


def _fence_for(lines: list[str]) -> str:
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def _figure_role_text(attributes: str) -> str | None:
    found = {}
    for match in _ATTRIBUTE.finditer(attributes):
        value = next(v for v in match.groups()[1:] if v is not None)
        found[match[1].lower()] = re.sub(r"\\(.)", r"\1", value) if match[2] is not None else value
    if not found.get("src"):
        return None
    caption = found.get("caption") or found.get("title") or ""
    fields = {"src": found["src"], "alt": found.get("alt") or caption, "caption": caption}
    # Percent-encoded, so nothing in the values can end the role or be read as markup.
    return "{kb-figure}`" + urlencode(fields, quote_via=quote, safe="") + "`"


def _close(lines: list[str], start: int, closer: re.Pattern) -> int | None:
    return next((j for j in range(start + 1, len(lines)) if closer.match(lines[j])), None)


def convert_and_find(text: str, substitutions: bool = False) -> tuple[str, list[tuple[int, str, str, str]]]:
    """The text with the safe conversions made, and every foreign tag left: (line, snippet, what, advice)."""
    if not _maybe(text):
        return text, []
    lines = text.split("\n")
    # A capitalised tag is a component when it closes itself or is closed: not ``<Ctrl>`` in prose.
    closed = frozenset(_CLOSING_TAG.findall(text))
    found: list[tuple[int, str, str, str]] = []
    fence: str | None = None
    in_raw = False
    i = 0
    if lines and lines[0].strip() == "---":  # MyST's own front matter (pages that are not articles)
        i = next((j + 1 for j in range(1, len(lines)) if lines[j].strip() in ("---", "...")), 0)
    while i < len(lines):
        line = lines[i]
        opened = _FENCE.match(line) if line[:4].lstrip()[:1] in ("`", "~") else None
        if fence is not None:
            marks = opened.group(1) if opened else ""
            if marks[:1] == fence[0] and len(marks) >= len(fence) and not line.strip(" `~"):
                fence = None
            i += 1
            continue
        if opened:
            fence = opened.group(1)
            i += 1
            continue
        if not in_raw and not _maybe(line):
            i += 1
            continue
        for opener, closer in ((_LIQUID_OPEN, _LIQUID_CLOSE), (_HUGO_OPEN, _HUGO_CLOSE)):
            block = opener.match(line)
            end = _close(lines, i, closer) if block else None
            if end is not None:
                marks = _fence_for(lines[i + 1 : end])
                lines[i] = f"{block[1]}{marks}{block[2]}"
                lines[end] = f"{block[1]}{marks}"
                i = end + 1
                break
        else:
            figure = _HUGO_FIGURE.match(line)
            role = _figure_role_text(figure[2]) if figure else None
            if role:
                lines[i] = figure[1] + role
            else:
                outside, in_raw = _outside_raw(line, in_raw)
                lines[i] = _LIQUID_RAW.sub("", line)
                _find(outside, i + 1, found, substitutions, closed)
            i += 1
    return "\n".join(lines), found


def _outside_raw(line: str, in_raw: bool) -> tuple[str, bool]:
    """The parts of ``line`` outside Liquid's ``{% raw %}`` regions, and whether one is still open."""
    if not in_raw and "raw" not in line:
        return line, False
    outside, position = [], 0
    for marker in _LIQUID_RAW.finditer(line):
        if not in_raw:
            outside.append(line[position : marker.start()])
        in_raw = "endraw" not in marker.group()
        position = marker.end()
    if not in_raw:
        outside.append(line[position:])
    return " ".join(outside), in_raw


def _find(line: str, lineno: int, found: list, substitutions: bool, closed: frozenset[str]) -> None:
    bare = _INLINE_CODE.sub(lambda m: " " * len(m.group()), line)
    for index, (pattern, what, advice) in enumerate(_KINDS):
        if substitutions and index == _LIQUID_VARIABLE:
            continue
        match = next((m for m in pattern.finditer(bare) if _is_component(m, closed)), None)
        if match:
            found.append((lineno, match.group().strip(), what, advice))
            return


def _is_component(match: re.Match, closed: frozenset[str]) -> bool:
    if "name" not in match.re.groupindex:
        return True
    return bool(match["close"]) or match.group().endswith("/>") or match["name"] in closed


def _is_markdown(app: Sphinx, docname: str) -> bool:
    suffix = app.env.doc2path(docname).suffix
    return app.config.source_suffix.get(suffix) == "markdown"


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    if not _is_markdown(app, docname):
        return
    substitutions = "substitution" in app.config.myst_enable_extensions
    source[0], found = convert_and_find(source[0], substitutions)
    if not found:
        return
    line, snippet, what, advice = found[0]
    if len(snippet) > 60:
        snippet = snippet[:57] + "..."
    more = f" (and {len(found) - 1} more line(s) like it in this file)" if len(found) > 1 else ""
    logger.warning(
        "%r is %s, which this site does not run, so it shows as plain text: %s%s",
        snippet,
        what,
        advice,
        more,
        location=(docname, line),
        type="kb",
        subtype="foreign",
    )


def figure_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """The figure a Hugo ``{{< figure >}}`` became; lifted out of its paragraph by :class:`LiftFigures`."""
    fields = {key: values[0] for key, values in parse_qs(text, keep_blank_values=True).items()}
    image = nodes.image(rawtext, uri=fields.get("src", ""), alt=fields.get("alt", ""))
    image["kb_caption"] = fields.get("caption", "")
    image.line = lineno
    return [image], []


class LiftFigures(Transform):
    """Each converted figure becomes a real figure (image and caption) beside its paragraph."""

    default_priority = 200

    def apply(self, **kwargs) -> None:
        for image in list(self.document.findall(nodes.image)):
            if "kb_caption" not in image:
                continue
            caption = image.attributes.pop("kb_caption")
            figure = nodes.figure("", image.deepcopy())
            figure.line = image.line
            if caption:
                # Text, never markup: the caption is shown as written.
                figure += nodes.caption("", caption)
            paragraph = image.parent
            if isinstance(paragraph, nodes.paragraph):
                paragraph.remove(image)
                if paragraph.astext().strip():
                    paragraph.parent.insert(paragraph.parent.index(paragraph) + 1, figure)
                else:
                    paragraph.replace_self(figure)
            else:
                image.replace_self(figure)


def setup_foreign(app: Sphinx) -> None:
    # After the front matter is blanked (model/collector.py, priority 500).
    app.connect("source-read", check_source, priority=600)
    app.add_role("kb-figure", figure_role)
    app.add_transform(LiftFigures)
