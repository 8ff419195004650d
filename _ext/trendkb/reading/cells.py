"""Code that only the other engine runs: Quarto's executable cells, MDX's JavaScript.

Pure, no Sphinx. Nothing here can run at build time, and shown as text it would read as
garbage, so it is left out of the page, line for line, and each file gets one warning
naming the lines (``Work.removed``):

- Quarto (and R Markdown) cells: ```` ```{r} ````, ```` ```{python} ````, ```` ```{julia} ````,
  ```` ```{ojs} ```` ... with their ``#|`` options. A ```` ```{mermaid} ```` cell is a
  diagram and is kept (its ``%%|`` options dropped); ```` ```{=html} ```` is raw HTML
  (``{raw} html``); other raw formats (``{=latex}``) are for other outputs and are dropped,
  as Quarto drops them from HTML; ```` ```{.python} ```` is plain code;
- MDX (Docusaurus, Astro, Next.js, Gatsby): ``import`` and ``export`` statements (over
  several lines too), JSX components (self-closing, or the tags around Markdown, whose
  content is kept), ``{expressions}`` on their own lines and ``{/* comments */}``.
  ``{/* truncate */}`` becomes ``<!-- truncate -->``, the excerpt marker. VuePress's Vue
  components are treated the same way. Lines inside ``<script>`` are never touched.
"""

from __future__ import annotations

import re

from . import bodyscan, dialects
from .conversion import Leftover, Removed, Work, role, shorten

_CELL = re.compile(r"^\{(?P<engine>[A-Za-z][\w-]*)(?:[\s,}]|$)")
_RAW_FORMAT = re.compile(r"^\{=(?P<format>[\w-]+)\}\s*$")
_CLASS_FENCE = re.compile(r"^\{\.(?P<language>[\w+#-]+)[^}]*\}\s*$")
_SHOWN_CELL = re.compile(r"^\{\{(?P<language>[\w+#-]+)[^}]*\}\}\s*$")
_DIAGRAMS = frozenset(("mermaid",))
#: Diagram cells this site cannot draw: shown as their source, with a warning.
_SOURCE_DIAGRAMS = frozenset(("dot",))

_IMPORT = re.compile(r"^\s*import\s+(?:[\w$*{},\s]+\s+from\s+)?['\"][^'\"]+['\"];?\s*$")
_IMPORT_START = re.compile(r"^\s*import\s+[\w$*{]")
_FROM = re.compile(r"""\bfrom\s+['"][^'"]+['"]""")
_EXPORT = re.compile(r"^\s*export\s+(?:const|let|var|default|function|async|class|\{)")
_COMMENT = re.compile(r"\{/\*.*?\*/\}")
_TRUNCATE = re.compile(r"\{/\*\s*truncate\s*\*/\}")
_TAG_START = re.compile(r"<(?P<close>/)?(?P<name>[A-Z][\w.]*|[a-z]+(?:-[a-z0-9]+)+)(?=[\s/>]|$)")
#: remark-directive's leaf directives, ``::github{repo="owner/name"}`` (Astro themes).
_LEAF_DIRECTIVE = re.compile(r"^\s*::(?P<name>[a-z][\w-]*)(?:\[[^\]]*\])?(?:\{(?P<attrs>[^}]*)\})?\s*$")
_PICTURES = frozenset(("Image", "Img", "Figure", "Picture", "ThemedImage"))
_EXPRESSION_LINE = re.compile(r"^\s*\{[^}]*\}\s*$")


def convert_quarto(work: Work) -> None:
    if work.family != "quarto":
        return
    lines = work.lines
    for fence in _fences(work):
        start, end, info = fence
        raw = _RAW_FORMAT.match(info)
        if raw:
            if raw["format"] == "html":
                lines[start] = lines[start].replace(info, "{raw} html", 1)
            else:
                work.blank(start, end)
            continue
        plain = _CLASS_FENCE.match(info) or _SHOWN_CELL.match(info)
        if plain:  # ```{.python} is plain code; ```{{r}} shows a cell's code without running it
            lines[start] = lines[start].replace(info, plain["language"], 1)
            continue
        cell = _CELL.match(info)
        if cell is None:
            continue
        if cell["engine"] in _DIAGRAMS:
            lines[start] = lines[start].replace(info, "{" + cell["engine"] + "}", 1)
            for j in range(start + 1, end):
                if lines[j].lstrip().startswith("%%|"):
                    lines[j] = ""
            continue
        if cell["engine"] in _SOURCE_DIAGRAMS:
            lines[start] = lines[start].replace(info, cell["engine"], 1)
            for j in range(start + 1, end):
                if lines[j].lstrip().startswith(("//|", "#|")):
                    lines[j] = ""
            work.leftovers.append(
                Leftover(
                    start,
                    info,
                    "a Quarto diagram cell (Graphviz)",
                    "draw it as a picture, or as a ```{mermaid} diagram",
                    "which this site cannot draw, so its source is shown as code",
                )
            )
            continue
        work.removed.append(Removed(start, lines[start].strip(), "a Quarto code cell"))
        work.blank(start, end)


def _fences(work: Work) -> list[tuple[int, int, str]]:
    """(opening line, closing line, info string) of each code fence whose info is in braces."""
    kinds = work.kinds()
    found = []
    i = 0
    lines = work.lines
    while i < len(lines):
        opened = bodyscan.fence_opening(lines[i]) if kinds[i] in (bodyscan.CODE, bodyscan.DIRECTIVE) else None
        braced = opened is not None and opened["info"].strip().startswith("{")
        if opened is None or (kinds[i] == bodyscan.DIRECTIVE and not braced):
            i += 1
            continue
        end = bodyscan.fence_end(lines, i, opened["marks"])
        end = len(lines) - 1 if end is None else end
        if braced:
            found.append((i, end, opened["info"].strip()))
        i = end + 1  # a code block's lines, and a cell's, are their own
    return found


def convert_mdx(work: Work) -> None:
    family = work.family
    if family not in dialects.MDX_FAMILIES and family != "vue":
        return
    lines = work.lines
    kinds = work.kinds()
    mdx = family in dialects.MDX_FAMILIES
    i = 0
    while i < len(lines):
        kind = kinds[i]
        if kind not in (bodyscan.PROSE, bodyscan.HTML) or not lines[i].strip():
            i += 1
            continue
        if kind == bodyscan.HTML and bodyscan.in_script(lines, kinds, i):
            i += 1
            continue
        line = lines[i]
        if mdx and "{/*" in line:
            line = lines[i] = bodyscan.sub_outside_code(_TRUNCATE, "<!-- truncate -->", line)
            line = lines[i] = bodyscan.sub_outside_code(_COMMENT, "", line)
        end = _statement_end(lines, i) if mdx else None
        if end is not None:
            work.removed.append(Removed(i, shorten(lines[i]), f"an MDX {lines[i].split()[0]}"))
            work.blank(i, end)
            i = end + 1
            continue
        leaf = _LEAF_DIRECTIVE.match(line) if mdx and "::" in line else None
        if leaf and leaf["name"] in ("github", "youtube"):
            fields = _leaf_embed(leaf["name"], leaf["attrs"] or "")
            if fields:
                lines[i] = role("kb-embed", fields)
                i += 1
                continue
        if mdx and _EXPRESSION_LINE.match(line):
            work.removed.append(Removed(i, shorten(line), "an MDX expression"))
            lines[i] = ""
            i += 1
            continue
        end = _component(work, i)
        i = (end if end is not None else i) + 1


def _statement_end(lines: list[str], i: int) -> int | None:
    """The last line of an ``import`` or ``export`` statement starting at line ``i``."""
    line = lines[i]
    if _IMPORT.match(line):
        return i
    if _IMPORT_START.match(line):  # import { a,\n b } from "x";
        return next((j for j in range(i, min(len(lines), i + 50)) if _FROM.search(lines[j])), None)
    if not _EXPORT.match(line):
        return None
    depth = 0
    for j in range(i, min(len(lines), i + 200)):
        text = re.sub(r"(['\"`]).*?\1", "", lines[j])
        depth += sum(text.count(c) for c in "{([") - sum(text.count(c) for c in "})]")
        if depth <= 0 and not text.rstrip().endswith(("=", "(", "{", "[", ",", "=>")):
            return j
    return None


def _component(work: Work, i: int) -> int | None:
    """Remove the JSX tags of line ``i`` (a self-closing tag may run over several lines);
    the text between tags stays. Returns the last line touched."""
    lines = work.lines
    line = bodyscan.mask_code(lines[i])
    if "<" not in line:
        return None
    pieces = []
    position = 0
    last = i
    removed = []
    for match in _TAG_START.finditer(line):
        if match.start() < position:
            continue
        end_line, end_column = _tag_end(lines, i, match.end())
        if end_line is None:
            break
        whole = (
            "\n".join([lines[i][match.start() :], *lines[i + 1 : end_line], lines[end_line][:end_column]])
            if end_line != i
            else lines[i][match.start() : end_column]
        )
        picture = _picture(match["name"], whole)
        if picture is None:
            removed.append(whole)
        pieces.append(lines[i][position : match.start()] + (picture or ""))
        if end_line != i:
            for j in range(i + 1, end_line):
                lines[j] = ""
            lines[end_line] = lines[end_line][end_column:]
            last = end_line
            position = len(line)
            break
        position = end_column
    if not pieces:
        return None
    pieces.append(lines[i][position:])
    lines[i] = "".join(pieces)
    if not lines[i].strip():
        lines[i] = ""
    if removed:
        work.removed.append(Removed(i, shorten(removed[0]), dialects.component_kind(work.engine)))
    return last


def _picture(name: str, tag: str) -> str | None:
    """The ``kb-figure`` role for an image component (``<Image src="..." alt="..." />``)."""
    if name not in _PICTURES or tag.startswith("</"):
        return None
    attributes = dict((k.lower(), v) for k, v in re.findall(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'[^']*')""", tag))
    src = attributes.get("src")
    if not src:
        return None
    return role(
        "kb-figure", {"src": src, "alt": attributes.get("alt", ""), "caption": attributes.get("caption", "")}
    )


def _tag_end(lines: list[str], i: int, column: int) -> tuple[int | None, int]:
    """Where the tag that opens before ``column`` of line ``i`` ends (after its ``>``), braces
    and quotes in attribute values skipped; (None, 0) when it does not end within 30 lines."""
    depth = 0
    quote = ""
    for j in range(i, min(len(lines), i + 30)):
        text = lines[j]
        start = column if j == i else 0
        for k in range(start, len(text)):
            char = text[k]
            if quote:
                if char == quote:
                    quote = ""
            elif char in "\"'`":
                quote = char
            elif char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == ">" and depth <= 0:
                return j, k + 1
    return None, 0


def _leaf_embed(name: str, attributes: str) -> dict[str, str] | None:
    values = dict(re.findall(r"""([\w-]+)\s*=\s*["']([^"']*)["']""", attributes))
    if name == "github" and re.fullmatch(r"[\w.-]+/[\w.-]+", values.get("repo", "")):
        repo = values["repo"]
        return {"service": "github", "url": f"https://github.com/{repo}", "title": repo}
    if name == "youtube" and re.fullmatch(r"[\w-]{1,100}", values.get("id", "")):
        return {"service": "youtube", "url": f"https://www.youtube.com/watch?v={values['id']}"}
    return None
