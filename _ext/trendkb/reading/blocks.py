"""Blocks of other engines around Markdown: admonitions, callouts, tabs, quotations, divs.

Pure, no Sphinx. Two shapes, converted line for line into MyST directives
(``conversion.py``):

- **indented** (Python-Markdown: MkDocs Material, Pelican): ``!!! note "Title"``,
  ``??? note`` / ``???+ note`` (collapsible), ``=== "Tab"``, each with a body indented by
  four spaces. The body is dedented (its lines stay where they are) and converted in turn;
  the closing fence goes on the blank line after it, or is not needed when the block runs
  to the end of what holds it;
- **fenced**: an opening and a closing line, each alone on its line, matched innermost
  first: ``:::tip Title`` / ``:::note[Title]`` (Docusaurus, Astro, VuePress's ``::: tip``),
  Pandoc's divs ``::: {.callout-note}`` (Quarto, with ``## Title`` as the first line or
  ``title="..."``; ``.panel-tabset`` with a heading per tab; any other div keeps its classes),
  paired shortcodes (Hugo's ``notice``, ``alert``, ``admonition``, ``details``, ``tabs``,
  Hexo's ``note``, ``blockquote``, ``pullquote``, Zola's ``{% admonition() %}`` ...
  ``{% end %}``) and MDX's ``<Callout>``, ``<Admonition>``, ``<Tabs>`` and ``<TabItem>``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from . import bodyscan, dialects, tags
from .conversion import Leftover, Removed, Work, callout_argument, directive, role, shorten, wrap

# Indented blocks -------------------------------------------------------------------------

_INDENTED = re.compile(
    r"^(?P<indent> *)(?:(?P<admonition>!!!|\?\?\?\+?)\s+(?P<classes>[\w-]+(?:\s+[\w-]+)*)\s*"
    r"(?:\"(?P<title>[^\"]*)\")?|(?P<tab>===[!+]?)\s+\"(?P<label>[^\"]*)\")\s*$"
)


def convert_indented(work: Work) -> None:
    """MkDocs' and Pelican's indented admonitions and tabs."""
    if work.family not in dialects.INDENTED_ADMONITION_FAMILIES:
        return
    if not any(marker in line for line in work.lines for marker in ("!!!", "???", "===")):
        return
    converted, stuck = _indented(work.lines, work.family in dialects.RAW_FAMILIES)
    work.lines[: len(converted)] = converted
    for line, snippet in stuck:
        work.leftovers.append(
            Leftover(
                line,
                shorten(snippet),
                "an admonition or tab of Python-Markdown",
                "put a blank line after its indented body",
                "which could not be converted, so it shows as plain text",
            )
        )


def _indented(lines: list[str], liquid_raw: bool) -> tuple[list[str], list[tuple[int, str]]]:
    """The lines with their indented blocks converted, and the blocks that could not be closed."""
    out = list(lines)
    stuck: list[tuple[int, str]] = []
    kinds = bodyscan.classify(lines, liquid_raw)
    i = 0
    while i < len(lines):
        match = (
            _INDENTED.match(lines[i])
            if kinds[i] == bodyscan.PROSE and lines[i].lstrip()[:1] in "!?="
            else None
        )
        if match is None:
            i += 1
            continue
        depth = len(match["indent"])
        end = i
        for j in range(i + 1, len(lines)):
            expanded = lines[j].expandtabs(4)
            if not expanded.strip():
                continue
            if len(expanded) - len(expanded.lstrip()) < depth + 4:
                break
            end = j
        follows = end + 1
        if end == i and match["admonition"]:  # no body: Python-Markdown draws the title alone
            out[i] = match["indent"] + role(
                "kb-note", {"kind": match["classes"].split()[0], "title": match["title"] or ""}
            )
            i += 1
            continue
        if follows < len(lines) and lines[follows].strip():
            stuck.append((i, lines[i]))
            i += 1
            continue
        body = [_dedent(line, depth + 4) for line in lines[i + 1 : end + 1]]
        inner, inner_stuck = _indented(body, liquid_raw)
        stuck += [(i + 1 + line, text) for line, text in inner_stuck]
        marks = bodyscan.fence_for(inner)
        prefix = " " * depth
        out[i] = directive(prefix, marks, *_indented_directive(match))
        out[i + 1 : end + 1] = [(prefix + line) if line.strip() else "" for line in inner]
        if follows < len(lines):
            out[follows] = prefix + marks
        i = follows + 1
    return out, stuck


def _dedent(line: str, columns: int) -> str:
    expanded = line.expandtabs(4)
    return expanded[columns:] if expanded[:columns].strip() == "" else expanded.lstrip()


def _indented_directive(match: re.Match[str]) -> tuple[str, str]:
    if match["tab"]:
        return "kb-tab", match["label"]
    marker = match["admonition"]
    collapse = {"???": "closed", "???+": "open"}.get(marker, "")
    kind = match["classes"].split()[0]
    title = match["title"]
    if title is not None and not title.strip():  # !!! note "": no title bar
        title = '""'
    return "kb-callout", callout_argument(kind, (title or "").strip(), collapse)


# Fenced blocks ---------------------------------------------------------------------------

_COLON_OPEN = re.compile(
    r"^(?P<indent>\s*)(?P<colons>:{3,})\s*(?P<kind>[A-Za-z][\w-]*)(?:\[(?P<bracket>[^\]]*)\])?"
    r"(?:\{(?P<attrs>[^}]*)\})?\s*(?P<title>.*?)\s*$"
)
_COLON_CLOSE = re.compile(r"^\s*(?P<colons>:{3,})\s*$")
_DIV_OPEN = re.compile(
    r"^(?P<indent>\s*)(?P<colons>:{3,})\s*(?:\{(?P<attrs>[^}]*)\}|(?P<word>[\w-]+))\s*:*\s*$"
)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_JSX_OPEN = re.compile(r"^\s*<(?P<name>[A-Z][\w.]*)(?P<attrs>(?:\s[^<>]*)?)(?<!/)>\s*$")
_JSX_CLOSE = re.compile(r"^\s*</(?P<name>[A-Z][\w.]*)\s*>\s*$")
_HTML_OPEN = re.compile(
    r"^\s*<(?P<name>div|section|figure|aside|article|center)(?P<attrs>(?:\s[^<>]*)?)>\s*$", re.I
)
_HTML_CLOSE = re.compile(r"^\s*</(?P<name>div|section|figure|aside|article|center)\s*>\s*$", re.I)
_MARKDOWN_ATTRIBUTE = re.compile(r"(?:^|\s)markdown(?=[\s=]|$)")
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{["'`]([^"'`]*)["'`]\}|(\w+))""")

#: Docusaurus' and Starlight's admonition kinds (remark-directive), and VuePress's containers.
_COLON_KINDS_NAMES = (
    "note tip info warning danger caution important secondary success details abstract example "
    "question quote bug failure hint attention error seealso"
)
COLON_KINDS = frozenset(_COLON_KINDS_NAMES.split())
#: Shortcodes and tags that are admonitions, by name (Hugo, Hexo, Liquid, Zola, Eleventy).
_CALLOUT_TAGS_NAMES = (
    "notice alert admonition callout hint note tip warning info caution danger important details "
    "expand spoiler collapse"
)
_CALLOUT_TAGS = frozenset(_CALLOUT_TAGS_NAMES.split())
_QUOTE_TAGS = frozenset(("blockquote", "pullquote"))
_TAB_SET_TAGS = frozenset(("tabs", "tabgroup", "tabpane"))
_TAB_TAGS = frozenset(("tab",))
_JSX_CALLOUTS_NAMES = "Callout Admonition Note Tip Warning Info Caution Danger Important Aside Alert"
_JSX_CALLOUTS = frozenset(_JSX_CALLOUTS_NAMES.split())
_JSX_TAB_SETS = frozenset(("Tabs",))
_JSX_TABS = frozenset(("TabItem", "Tab"))
#: Hexo NexT's ``{% note %}`` classes, the first of which is the kind.
_NOTE_CLASSES = frozenset(["default", "primary", "success", "info", "warning", "warn", "danger"])


@dataclass
class _Open:
    line: int
    group: str  # "colon", "tag", "jsx"
    key: str  # the tag's or component's name; for colons, their number
    action: str  # "callout", "div", "tab", "tabset", "quote", "strip", "panel-tabset"
    argument: str = ""
    extra: dict = field(default_factory=dict)


def convert_fenced(work: Work) -> None:
    lines = work.lines
    kinds = work.kinds()
    family = work.family
    mdx = family in dialects.MDX_FAMILIES
    stack: list[_Open] = []
    done: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        kind = kinds[i]
        stripped = line.strip()
        if not stripped or stripped[0] not in ":{<":
            continue
        # Template engines run their tags before Markdown: a tag's line may be in raw HTML.
        # Pandoc's ":::{.class}" reads like a MyST directive.
        if not (
            kind == bodyscan.PROSE
            or (kind == bodyscan.HTML and (mdx or stripped[0] in "{<"))
            or (kind == bodyscan.DIRECTIVE and stripped[0] == ":")
        ):
            continue
        closing = _closing(work, line)
        if closing is not None:
            for depth in range(len(stack) - 1, -1, -1):
                if _matches(stack[depth], closing):
                    opener = stack[depth]
                    del stack[depth:]
                    _convert_pair(work, opener, i, done)
                    done.append((opener.line, i))
                    break
            continue
        opener = _opening(work, i, line)
        if opener is not None:
            stack.append(opener)


def _closing(work: Work, line: str) -> tuple[str, str] | None:
    """(group, key) when ``line`` closes a block."""
    stripped = line.strip()
    if stripped.startswith(":::"):
        match = _COLON_CLOSE.match(line)
        if match and (work.family in dialects.COLON_ADMONITION_FAMILIES or work.family == "quarto"):
            return "colon", match["colons"]
        return None
    if stripped.startswith("{"):
        found = tags.find(bodyscan.mask_code(line))
        if len(found) == 1 and tags.alone(line, found[0]) and found[0].closing and not found[0].escaped:
            return "tag", tags.closer_name(found[0])
        return None
    if stripped.startswith("</"):
        match = _HTML_CLOSE.match(line)
        if match:
            return "html", match["name"].lower()
        match = _JSX_CLOSE.match(line) if work.family in dialects.MDX_FAMILIES else None
        if match:
            return "jsx", match["name"]
    return None


def _matches(opener: _Open, closing: tuple[str, str]) -> bool:
    group, key = closing
    if opener.group != group:
        return False
    if group == "colon":
        return len(key) >= int(opener.key)
    if group == "tag":
        return key == opener.key or (key == "" and opener.extra.get("zola"))
    return key == opener.key


def _opening(work: Work, i: int, line: str) -> _Open | None:
    stripped = line.strip()
    family = work.family
    if stripped.startswith(":::"):
        if family == "quarto":
            return _quarto_div(i, line)
        if family in dialects.COLON_ADMONITION_FAMILIES:
            return _colon_admonition(i, line, family)
        return None
    if stripped.startswith("{"):
        return _tag_block(work, i, line)
    if stripped.startswith("<"):
        html = _html_block(i, line, family)
        if html is not None:
            return html
        if family in dialects.MDX_FAMILIES:
            return _jsx_block(i, line)
    return None


def _html_block(i: int, line: str, family: str) -> _Open | None:
    """An HTML element whose content the engine reads as Markdown: Pandoc's (Quarto) every
    ``<div>``, and kramdown's and Python-Markdown's ``<div markdown="1">``, ``<figure markdown>``.
    CommonMark would read it all as raw HTML, so it becomes a ``kb-div`` (its classes and id kept)."""
    match = _HTML_OPEN.match(line)
    if match is None:
        return None
    attributes = match["attrs"] or ""
    if family != "quarto" and not _MARKDOWN_ATTRIBUTE.search(attributes):
        return None
    values = _attributes(attributes)
    classes = " ".join(f".{c}" for c in values.get("class", "").split())
    ident = f" #{values['id']}" if values.get("id") else ""
    name = match["name"].lower()
    argument = (classes + ident).strip() or (f".{name}" if name != "div" else "")
    return _Open(i, "html", name, "div", argument)


def _colon_admonition(i: int, line: str, family: str) -> _Open | None:
    match = _COLON_OPEN.match(line)
    if match is None or match["kind"].startswith("{"):
        return None
    kind = match["kind"].lower()
    title = match["bracket"] if match["bracket"] is not None else match["title"]
    attributes = _attributes(match["attrs"] or "")
    title = attributes.get("title", title) or ""
    colons = str(len(match["colons"]))
    if kind == "details":
        return _Open(i, "colon", colons, "callout", callout_argument("note", title or "Details", "closed"))
    if family == "vue" and kind not in COLON_KINDS:  # VuePress's other containers (slots, ...)
        return _Open(i, "colon", colons, "div", f".{kind}")
    return _Open(i, "colon", colons, "callout", callout_argument(kind, title))


def _quarto_div(i: int, line: str) -> _Open | None:
    match = _DIV_OPEN.match(line)
    if match is None:
        return None
    attrs = match["attrs"] if match["attrs"] is not None else f".{match['word']}"
    colons = str(len(match["colons"]))
    classes = re.findall(r"(?:^|\s)\.([\w-]+)", attrs)
    callout = next((c for c in classes if c.startswith("callout-")), None)
    if callout:
        attributes = _attributes(attrs)
        collapse = {"true": "closed", "false": "open"}.get(attributes.get("collapse", "").lower(), "")
        kind = callout.removeprefix("callout-")
        return _Open(
            i, "colon", colons, "callout", kind, {"title": attributes.get("title", ""), "collapse": collapse}
        )
    if "panel-tabset" in classes:
        return _Open(i, "colon", colons, "panel-tabset")
    return _Open(i, "colon", colons, "div", " ".join(attrs.split()))


def _attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): next(v for v in m.groups()[1:] if v is not None) for m in _ATTRIBUTE.finditer(text)}


def _tag_block(work: Work, i: int, line: str) -> _Open | None:
    found = tags.find(bodyscan.mask_code(line))
    if len(found) != 1 or not tags.alone(line, found[0]) or found[0].closing or found[0].escaped:
        return None
    tag = found[0]
    if tag.form not in (tags.HUGO, tags.LIQUID, tags.ZOLA):
        return None
    name = tag.name.lower()
    extra = {"zola": tag.form == tags.ZOLA}
    if name.endswith(".inline") and tag.form == tags.HUGO:
        return _Open(i, "tag", tag.name, "inline-template", tag.text, extra)
    if name in _CALLOUT_TAGS:
        return _Open(i, "tag", tag.name, "callout", _tag_callout(tag, name), extra)
    if name in _QUOTE_TAGS and tag.form == tags.LIQUID:
        attribution = "" if name == "pullquote" else tag.raw
        return _Open(i, "tag", tag.name, "quote", attribution, extra)
    if name in _TAB_SET_TAGS:
        return _Open(i, "tag", tag.name, "tabset", "", extra)
    if name in _TAB_TAGS:
        label = tag.get("name", "title", "header", "label", index=0) or "Tab"
        return _Open(i, "tag", tag.name, "tab", label, extra)
    if tag.form == tags.ZOLA:
        return _Open(i, "tag", tag.name, "strip", tag.text, extra)
    return None


def _tag_callout(tag: tags.Tag, name: str) -> str:
    """The kb-callout argument of a paired shortcode or tag."""
    if name in ("details", "expand", "spoiler", "collapse"):
        title = tag.get("summary", "title", index=0) or "Details"
        opened = (tag.get("open") or "").lower() == "true"
        return callout_argument("note", title, "open" if opened else "closed")
    if name == "alert":  # Docsy: color= and title=
        return callout_argument(tag.get("color", "type") or "note", tag.get("title") or "")
    if name == "note" and tag.form == tags.LIQUID:  # Hexo NexT: {% note [class] [no-icon] [summary] %}
        words = list(tag.positional)
        kind = words.pop(0) if words and words[0].lower() in _NOTE_CLASSES else "default"
        words = [w for w in words if w != "no-icon"]
        return callout_argument(kind, " ".join(words), "closed" if words else "")
    if name in ("notice", "hint", "admonition", "callout"):
        kind = tag.get("type", "style", "kind", index=0) or "note"
        title = tag.get("title", index=1) or ""
        opened = (tag.get("open", index=2) or "").lower()
        collapse = "" if name != "admonition" or not opened else ("open" if opened == "true" else "closed")
        return callout_argument(kind, title, collapse)
    return callout_argument(name, tag.get("title", index=0) or "")


def _jsx_block(i: int, line: str) -> _Open | None:
    match = _JSX_OPEN.match(line)
    if match is None:
        return None
    name = match["name"]
    attributes = _attributes(match["attrs"] or "")
    if name in _JSX_CALLOUTS:
        kind = attributes.get("type") or attributes.get("variant") or attributes.get("kind")
        kind = kind or ("note" if name in ("Callout", "Admonition", "Aside", "Alert") else name.lower())
        return _Open(i, "jsx", name, "callout", callout_argument(kind, attributes.get("title", "")))
    if name in _JSX_TAB_SETS:
        return _Open(i, "jsx", name, "tabset")
    if name in _JSX_TABS:
        label = attributes.get("label") or attributes.get("title") or attributes.get("value") or "Tab"
        return _Open(i, "jsx", name, "tab", label)
    return _Open(i, "jsx", name, "strip", line.strip())


def _convert_pair(work: Work, opener: _Open, end: int, done: list[tuple[int, int]]) -> None:
    start = opener.line
    lines = work.lines
    action = opener.action
    if action == "callout":
        argument = opener.argument
        if (
            opener.group == "colon" and "title" in opener.extra
        ):  # Quarto: a callout's first heading is its title
            title, collapse = opener.extra["title"], opener.extra["collapse"]
            first = next((j for j in range(start + 1, end) if lines[j].strip()), None)
            heading = _HEADING.match(lines[first]) if first is not None and not title else None
            if heading:
                title = heading.group(2)
                lines[first] = ""
            argument = callout_argument(opener.argument, title, collapse)
        wrap(work, start, end, "kb-callout", argument)
    elif action == "div":
        wrap(work, start, end, "kb-div", opener.argument)
    elif action == "tab":
        wrap(work, start, end, "kb-tab", opener.argument)
    elif action == "quote":
        wrap(work, start, end, "kb-quote", opener.argument)
    elif action == "tabset":
        lines[start] = lines[end] = ""
    elif action == "panel-tabset":
        _panel_tabset(work, start, end, done)
    elif action == "inline-template":
        body = lines[start + 1 : end]
        if any("{{" in line for line in body):  # a template: only Hugo runs it
            work.removed.append(
                Removed(start, shorten(opener.argument), "a Hugo inline shortcode (a template)")
            )
            work.blank(start, end)
        else:
            lines[start] = lines[end] = ""
    elif action == "strip":
        what = (
            dialects.component_kind(work.engine)
            if opener.group == "jsx"
            else dialects.tag_kind(work.engine, tags.ZOLA)
        )
        work.removed.append(Removed(start, shorten(opener.argument), what, "what it encloses is shown"))
        lines[start] = lines[end] = ""


def _panel_tabset(work: Work, start: int, end: int, done: list[tuple[int, int]]) -> None:
    """Quarto's ``::: {.panel-tabset}``: each heading of the first level found starts a tab."""
    lines = work.lines
    inside = {j for a, b in done if start < a and b < end for j in range(a, b + 1)}
    headings = [
        (j, m)
        for j in range(start + 1, end)
        if j not in inside and (m := _HEADING.match(lines[j])) is not None
    ]
    if not headings:
        lines[start] = lines[end] = ""
        return
    level = min(len(m.group(1)) for _, m in headings)
    heads = [(j, m.group(2)) for j, m in headings if len(m.group(1)) == level]
    marks = bodyscan.fence_for(lines[start + 1 : end])
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    closers = []
    for _, (following, _) in itertools.pairwise(heads):
        if lines[following - 1].strip():
            return  # no blank line before the next tab's heading: left as it is
        closers.append(following - 1)
    lines[start] = ""
    for j, label in heads:
        lines[j] = directive(indent, marks, "kb-tab", label)
    for j in closers:
        lines[j] = indent + marks
    lines[end] = indent + marks


# GitHub's alerts --------------------------------------------------------------------------

_ALERT = re.compile(r"^(?P<indent>\s{0,3})>\s?\[!(?P<kind>[A-Za-z]+)\](?P<fold>[+-])?\s*(?P<title>.*?)\s*$")
_QUOTE_MARK = re.compile(r"^(\s{0,3})>\s?")


def convert_alerts(work: Work) -> None:
    """GitHub's (and Obsidian's, Hugo's, Astro's) ``> [!NOTE]`` alerts: the quotation's lines
    lose their ``>`` and become the admonition's body; the blank line after it closes it."""
    lines = work.lines
    if not any("[!" in line for line in lines):
        return
    kinds = work.kinds()
    i = 0
    while i < len(lines):
        match = _ALERT.match(lines[i]) if kinds[i] == bodyscan.PROSE and "[!" in lines[i] else None
        if match is None:
            i += 1
            continue
        end = i
        while (
            end + 1 < len(lines)
            and lines[end + 1].lstrip().startswith(">")
            and kinds[end + 1] == bodyscan.PROSE
        ):
            end += 1
        if end + 1 < len(lines) and lines[end + 1].strip():
            work.leftovers.append(
                Leftover(
                    i,
                    shorten(lines[i]),
                    "a GitHub alert",
                    "put a blank line after it",
                    "which could not be converted, so it shows as a quotation",
                )
            )
            i = end + 1
            continue
        body = [_QUOTE_MARK.sub("", line, count=1) for line in lines[i + 1 : end + 1]]
        marks = bodyscan.fence_for(body)
        collapse = {"+": "open", "-": "closed"}.get(match["fold"] or "", "")
        lines[i] = directive(
            match["indent"], marks, "kb-callout", callout_argument(match["kind"], match["title"], collapse)
        )
        lines[i + 1 : end + 1] = [match["indent"] + line if line.strip() else "" for line in body]
        if end + 1 < len(lines):
            lines[end + 1] = match["indent"] + marks
        i = end + 2
