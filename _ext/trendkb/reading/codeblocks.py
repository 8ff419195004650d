"""Blocks of other engines whose content is shown as written: code, diagrams, formulas, comments.

Pure, no Sphinx. A pair of tags, each alone on its line, around verbatim text:

- code fences with Zola's or Hugo's attributes (numbered and marked lines, a file name);
- highlighted code: Jekyll's and Eleventy's ``{% highlight ruby %}``, Hugo's
  ``{{< highlight go "linenos=table" >}}``, Hexo's and Octopress's ``{% codeblock [title]
  [lang:js] [url] [link text] [mark:1,3-4] %}`` (and ``{% code %}``): a fenced code block,
  or ``kb-code`` when there is a caption, numbered lines or marked lines;
- diagrams: Hugo's ``{{< mermaid >}}`` and Zola's ``{% mermaid() %}``: a ``{mermaid}`` block;
- formulas: Hugo's ``{{< math >}}`` / ``{{< katex >}}``, Hexo's ``{% mathjax %}`` /
  ``{% katex %}``: a ``{math}`` block;
- comments: Liquid's ``{% comment %}``, Hugo's ``{{/* ... */}}``, Nunjucks' ``{# ... #}``:
  removed, as the engine removes them.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from . import bodyscan, tags
from .conversion import Work

_CODE = frozenset(("highlight", "codeblock", "code"))
_DIAGRAM = frozenset(("mermaid",))
_MATH = frozenset(("math", "katex", "mathjax"))
_COMMENT_NAMES = frozenset(("comment",))
_GO_COMMENT = re.compile(r"\{\{-?\s*/\*")
_NUNJUCKS_COMMENT = re.compile(r"\{#")
_LANGUAGE = re.compile(r"^[\w+#.-]+$")


def convert(work: Work) -> None:
    _fence_attributes(work)
    lines = work.lines
    kinds = work.kinds()
    i = 0
    while i < len(lines):
        if kinds[i] != bodyscan.PROSE or "{" not in lines[i]:
            i += 1
            continue
        end = _comment(work, i) or _pair(work, i)
        if end is None:
            i += 1
            continue
        kinds = work.kinds()
        i = end + 1


def _pair(work: Work, i: int) -> int | None:
    lines = work.lines
    masked = bodyscan.mask_code(lines[i])
    opener = next(
        (
            t
            for t in tags.find(masked)
            if not t.closing and _kind(t) and tags.alone(masked, t) and not t.escaped
        ),
        None,
    )
    if opener is None:
        return None
    end = _closer(lines, i, opener)
    if end is None:
        return None
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    body = lines[i + 1 : end]
    kind = _kind(opener)
    if kind == "code":
        language, options = code_options(opener)
        if options:
            marks = bodyscan.fence_for(body, "`")
            fields = {key: value for key, value in {"lang": language, **options}.items() if value}
            argument = urlencode(fields, quote_via=quote, safe="")
            lines[i] = f"{indent}{marks}{{kb-code}} {argument}"
        else:
            marks = bodyscan.fence_for(body, "`")
            lines[i] = f"{indent}{marks}{language}"
    else:
        marks = bodyscan.fence_for(body, "`")
        lines[i] = f"{indent}{marks}{{{kind}}}"
    lines[end] = indent + marks
    return end


_ZOLA_INFO = re.compile(r"^(?P<lang>[\w+#.-]+),(?P<attrs>.+)$")
_HUGO_INFO = re.compile(r"^(?P<lang>[\w+#.-]+)\s+\{(?P<attrs>[^}]*)\}\s*$")


def _fence_attributes(work: Work) -> None:
    """Zola's ```` ```rust,linenos,hl_lines=2 3,name=main.rs ```` and Hugo's
    ```` ```go {linenos=table,hl_lines=[2,"4-5"]} ````: the language, and the numbered and
    marked lines and the file name as ``kb-code`` options (MyST would take it all for the
    language)."""
    family = work.family
    pattern = _ZOLA_INFO if family == "zola" else _HUGO_INFO if family == "hugo" else None
    if pattern is None:
        return
    lines = work.lines
    for fence in _fences(lines, work.kinds()):
        opened = bodyscan.fence_opening(lines[fence])
        info = opened["info"].strip()
        match = pattern.match(info) if opened["marks"][0] == "`" else None
        if match is None:
            continue
        attrs = match["attrs"]
        fields = {"lang": match["lang"]}
        if re.search(r"(?:^|,)\s*linenos(?:\s*=\s*(?!false)\w+)?", attrs):
            fields["linenos"] = "1"
        marked = re.search(r"hl_lines\s*=\s*(\[[^\]]*\]|[\d\s-]+)", attrs)
        if marked:
            fields["emphasize"] = ",".join(re.findall(r"\d+(?:-\d+)?", marked.group(1)))
        name = re.search(r"name\s*=\s*([^,]+)", attrs)
        if name:
            fields["caption"] = name.group(1).strip().strip("\"'")
        argument = urlencode(fields, quote_via=quote, safe="")
        lines[fence] = f"{opened['indent']}{opened['marks']}{{kb-code}} {argument}"


def _fences(lines: list[str], kinds: list[str]) -> list[int]:
    """The opening line of each code fence."""
    found, i = [], 0
    while i < len(lines):
        opened = bodyscan.fence_opening(lines[i]) if kinds[i] == bodyscan.CODE else None
        if opened is None:
            i += 1
            continue
        found.append(i)
        end = bodyscan.fence_end(lines, i, opened["marks"])
        i = len(lines) if end is None else end + 1
    return found


def _kind(tag: tags.Tag) -> str | None:
    if tag.form == tags.VARIABLE:
        return None
    if tag.name in _CODE and not (tag.form == tags.HUGO and tag.name != "highlight"):
        return "code"
    if tag.name in _DIAGRAM:
        return "mermaid"
    if tag.name in _MATH and tag.form in (tags.HUGO, tags.LIQUID):
        return "math"
    return None


def _closer(lines: list[str], i: int, opener: tags.Tag) -> int | None:
    """The line of the tag closing ``opener`` (alone on its line); the content between is verbatim."""
    for j in range(i + 1, len(lines)):
        if "{" not in lines[j]:
            continue
        for tag in tags.find(lines[j]):
            if not tags.alone(lines[j], tag):
                continue
            if opener.form == tags.ZOLA and tag.form == tags.LIQUID and tag.name == "end":
                return j
            if tag.closing and tag.form == opener.form and tags.closer_name(tag) == opener.name:
                return j
    return None


def code_options(tag: tags.Tag) -> tuple[str, dict[str, str]]:
    """The language of a highlight or codeblock tag, and the options ``kb-code`` takes
    (``caption``, ``linenos``, ``emphasize``)."""
    options: dict[str, str] = {}
    if tag.name == "highlight":
        words = [w for w in tag.positional if "=" not in w]
        language = words[0] if words else ""
        settings = " ".join(tag.positional[1:]) + " " + " ".join(f"{k}={v}" for k, v in tag.keywords.items())
        if "linenos" in settings and "linenos=false" not in settings:
            options["linenos"] = "1"
        marked = re.search(r"hl_lines=[\"']?([\d ,-]+)", settings)
        if marked:
            options["emphasize"] = ",".join(marked.group(1).split())
        return (language if _LANGUAGE.match(language) else ""), options
    # Hexo / Octopress: {% codeblock [title] [lang:language] [url] [link text] [key:value...] %}
    positional, keywords = tags.arguments(tag.raw, colon_keys=True)
    language = keywords.get("lang", "")
    if keywords.get("line_number") == "true" or keywords.get("linenos") == "true":
        options["linenos"] = "1"
    if keywords.get("mark"):
        options["emphasize"] = keywords["mark"]
    title_words = []
    for word in positional:
        if re.match(r"https?://", word):
            break
        title_words.append(word)
    if title_words:
        options["caption"] = " ".join(title_words)
    return (language if _LANGUAGE.match(language) else ""), options


def _comment(work: Work, i: int) -> int | None:
    """Blank a template comment that starts at line ``i`` and return its last line."""
    lines = work.lines
    line = bodyscan.mask_code(lines[i])
    start = end = None
    opener = next((t for t in tags.find(line) if t.form == tags.LIQUID and t.name == "comment"), None)
    for j in range(i, len(lines)) if opener is not None else ():
        found = [t for t in tags.find(lines[j]) if t.form == tags.LIQUID and t.name == "endcomment"]
        if found and (j > i or found[0].start > opener.end):
            start, end = (opener.start, found[0].end), j
            break
    if end is None and _GO_COMMENT.search(line):
        start, end = _span(lines, i, _GO_COMMENT.search(line).start(), re.compile(r"\*/\s*-?\}\}"))
    if end is None and work.family == "nunjucks" and _NUNJUCKS_COMMENT.search(line):
        start, end = _span(lines, i, _NUNJUCKS_COMMENT.search(line).start(), re.compile(r"#\}"))
    if end is None:
        return None
    first, last_end = start
    if end == i:
        lines[i] = lines[i][:first] + lines[i][last_end:]
        return None if lines[i].strip() else i
    lines[i] = lines[i][:first]
    for j in range(i + 1, end):
        lines[j] = ""
    lines[end] = lines[end][last_end:]
    return end


def _span(
    lines: list[str], i: int, start: int, closer: re.Pattern
) -> tuple[tuple[int, int] | None, int | None]:
    for j in range(i, len(lines)):
        found = closer.search(lines[j], start + 3 if j == i else 0)
        if found:
            return (start, found.end()), j
    return None, None
