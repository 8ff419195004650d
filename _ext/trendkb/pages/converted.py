"""What other engines' syntax was converted to (``reading/foreign.py``): the directives and roles.

- ``kb-callout KIND[+|-] [TITLE]``: an admonition of the engine's kind (``info``, ``example``,
  ``warn`` ... are drawn as the nearest of Sphinx's: note, tip, warning, danger ...), with the
  engine's title, or its kind's name (``""``: no title); ``+`` / ``-``: collapsible
  (``<details>``), open or not;
- ``kb-div ATTRIBUTES``: a container with Pandoc's ``.class`` and ``#id``; a hidden one
  (``.hidden``, ``.content-hidden``, or visible only in another format) is left out, after
  its formulas' macro definitions are read (``pages/math.py``);
- ``kb-tab LABEL``: a tab; tabs next to each other are one sphinx-design tab set;
- ``kb-quote [SOURCE]``: a block quotation with its source;
- ``kb-code lang=...&caption=...&linenos=1&emphasize=1,3-4``: a code block;
- roles ``kb-figure``, ``kb-embed`` and ``kb-note`` (percent-encoded fields, so nothing in
  them is markup): a figure, a link card to a video or post elsewhere (nothing is loaded
  from the other site), a one-line admonition; each is lifted out of its paragraph.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.transforms import Transform
from sphinx.application import Sphinx
from sphinx.directives.code import CodeBlock
from sphinx.locale import admonitionlabels
from sphinx.util.docutils import SphinxDirective

#: Sphinx's admonitions, which themes draw.
_SPHINX_KINDS_NAMES = "attention caution danger error hint important note seealso tip warning todo"
_SPHINX_KINDS = frozenset(_SPHINX_KINDS_NAMES.split())
#: The ones docutils has a node for (drawn with the translated name: "Note", "Remarque").
_DOCUTILS_KINDS = frozenset(
    ["attention", "caution", "danger", "error", "hint", "important", "note", "tip", "warning"]
)
#: Other engines' kinds, as the Sphinx admonition drawn for them.
_NEAREST = {
    "info": "note",
    "information": "note",
    "abstract": "note",
    "summary": "note",
    "tldr": "note",
    "example": "note",
    "quote": "note",
    "cite": "note",
    "default": "note",
    "primary": "note",
    "secondary": "note",
    "details": "note",
    "todo": "note",
    "success": "tip",
    "check": "tip",
    "done": "tip",
    "question": "hint",
    "help": "hint",
    "faq": "hint",
    "warn": "warning",
    "failure": "error",
    "fail": "error",
    "missing": "error",
    "bug": "danger",
    "alert": "danger",
}
_NAMES = {"warn": "Warning", "tldr": "TL;DR", "faq": "FAQ", "default": "Note", "primary": "Note"}
#: Pandoc classes that hide a div from HTML output.
_HIDDEN_CLASSES = frozenset(("hidden", "content-hidden", "invisible"))


class kb_details(nodes.container):
    """A collapsible admonition: ``<details>`` in HTML, a plain block elsewhere."""


class kb_summary(nodes.paragraph):
    """The always-visible title of a collapsible admonition: ``<summary>`` in HTML."""


class kb_lift(nodes.Inline, nodes.Element):
    """A block made by a one-line role, lifted out of its paragraph by :class:`LiftBlocks`."""


def _fields(text: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(text, keep_blank_values=True).items()}


def admonition(state, lineno: int, kind: str, title: str, collapse: str) -> nodes.Element:
    """The admonition node for an engine's ``kind``, ``title`` (markup allowed) and
    ``collapse`` ("", "open" or "closed")."""
    nearest = kind if kind in _SPHINX_KINDS else _NEAREST.get(kind, "note")
    if title == '""':  # Python-Markdown's empty title: no title bar
        return nodes.admonition(classes=["admonition", nearest, "kb-untitled"])
    label = (
        title
        or _NAMES.get(kind)
        or (admonitionlabels.get(kind) if kind in _SPHINX_KINDS else kind.capitalize())
    )
    title_nodes, _ = state.inline_text(label, lineno) if title else ([nodes.Text(label)], [])
    classes = ["admonition", nearest] + ([f"kb-{kind}"] if kind != nearest else [])
    if collapse:
        node = kb_details(classes=classes, open=collapse == "open")
        node += kb_summary("", "", *title_nodes, classes=["admonition-title"])
        return node
    if not title and kind in _DOCUTILS_KINDS:
        return getattr(nodes, kind)(classes=[c for c in classes if c != "admonition"])
    node = nodes.admonition(classes=classes)
    node += nodes.title(label, "", *title_nodes)
    return node


class Callout(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        kind, _, title = self.arguments[0].partition(" ")
        collapse = {"+": "open", "-": "closed"}.get(kind[-1:], "")
        kind = kind.rstrip("+-").lower() or "note"
        node = admonition(self.state, self.lineno, kind, title.strip(), collapse)
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class Div(SphinxDirective):
    """Pandoc's fenced div: ``.class``, ``#id`` and ``key=value`` attributes."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        attributes = self.arguments[0] if self.arguments else ""
        classes = re.findall(r"(?:^|\s)\.([\w-]+)", attributes)
        ids = re.findall(r"(?:^|\s)#([\w:.-]+)", attributes)
        formats = dict(re.findall(r"([\w-]+)=\"?([\w-]+)\"?", attributes))
        node = nodes.container(classes=[directives.class_option(c)[0] for c in classes if c])
        hidden = bool(_HIDDEN_CLASSES & set(classes)) or _other_format(classes, formats)
        if hidden:
            node["kb_hidden"] = True
        self.set_source_info(node)
        for ident in ids:
            node["names"].append(nodes.fully_normalize_name(ident))
            self.state.document.note_explicit_target(node, node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def _other_format(classes: list[str], formats: dict[str, str]) -> bool:
    if "content-visible" in classes:
        when, unless = formats.get("when-format"), formats.get("unless-format")
        return bool((when and when != "html") or unless == "html")
    return False


class Tab(SphinxDirective):
    """A tab; :class:`GroupTabs` puts the tabs next to each other into one tab set."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        from sphinx_design.shared import create_component

        item = create_component("tab-item", classes=["sd-tab-item"], selected=False)
        label_nodes, _ = self.state.inline_text(self.arguments[0], self.lineno)
        item += nodes.rubric(self.arguments[0], "", *label_nodes, classes=["sd-tab-label"])
        content = create_component("tab-content", classes=["sd-tab-content"])
        self.state.nested_parse(self.content, self.content_offset, content)
        item += content
        self.set_source_info(item)
        item["kb_tab"] = True
        return [item]


class Quote(SphinxDirective):
    """Hexo's and Octopress's ``{% blockquote [author[, source]] [link] [link title] %}``."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = nodes.block_quote()
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        if self.arguments:
            node += attribution(self.arguments[0])
        return [node]


def attribution(text: str) -> nodes.attribution:
    """The source of a quotation: who and where, the address as a link (its title as its text)."""
    found = re.search(r"https?://\S+", text)
    line = nodes.attribution()
    if found is None:
        line += nodes.Text(text)
        return line
    who = text[: found.start()].strip().rstrip(",")
    title = text[found.end() :].strip() or found.group()
    if who:
        line += nodes.Text(who + ", ")
    line += nodes.reference("", title, refuri=found.group())
    return line


class Code(CodeBlock):
    """A code block from a Hexo, Octopress or Jekyll tag: language, caption, numbered and marked lines."""

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        fields = _fields(self.arguments[0]) if self.arguments else {}
        self.arguments = [fields["lang"]] if fields.get("lang") else []
        if fields.get("caption"):
            self.options["caption"] = fields["caption"]
        if fields.get("linenos"):
            self.options["linenos"] = True
        if fields.get("emphasize"):
            self.options["emphasize-lines"] = fields["emphasize"]
        try:
            return super().run()
        except ValueError:  # marked lines beyond the code: the block without them
            self.options.pop("emphasize-lines", None)
            return super().run()


def figure_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    fields = _fields(text)
    figure = nodes.figure()
    figure += nodes.image(rawtext, uri=fields.get("src", ""), alt=fields.get("alt", ""))
    if fields.get("caption"):
        figure += nodes.caption("", fields["caption"])  # text, never markup
    figure.line = lineno
    return [kb_lift("", figure)], []


_EMBED_TEXT = {
    "youtube": "Watch on YouTube",
    "vimeo": "Watch on Vimeo",
    "x": "Read the post on X",
    "gist": "Read the gist on GitHub",
    "github": "See the repository on GitHub",
    "jsfiddle": "Open on JSFiddle",
    "instagram": "See the post on Instagram",
    "video": "Watch the video",
}


def embed_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    fields = _fields(text)
    service = re.sub(r"[^\w-]", "", fields.get("service", "video")) or "video"
    label = _EMBED_TEXT.get(service, "Open the embedded page")
    title = fields.get("title", "")
    card = nodes.paragraph(classes=["kb-embed", f"kb-embed-{service}"])
    card += nodes.reference(
        "",
        "\u25b6 " + label if service in ("youtube", "vimeo", "video") else label,
        refuri=fields.get("url", ""),
    )
    if title:
        card += nodes.Text(f": {title}")
    card.line = lineno
    return [kb_lift("", card)], []


def note_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    fields = _fields(text)
    kind = re.sub(r"[^\w-]", "", fields.get("kind", "note").lower()) or "note"
    node = admonition(_State(inliner), lineno, kind, fields.get("title", ""), "")
    if fields.get("text"):
        parsed, _ = _State(inliner).inline_text(fields["text"], lineno)
        node += nodes.paragraph("", "", *parsed)
    node.line = lineno
    return [kb_lift("", node)], []


class _State:
    """Enough of a directive's state for :func:`admonition` inside a role: inline markup."""

    def __init__(self, inliner) -> None:
        self.inliner = inliner

    def inline_text(self, text: str, lineno: int):
        parse = getattr(self.inliner, "parse", None)
        if parse is None:
            return [nodes.Text(text)], []
        found, messages = parse(text, lineno, None, nodes.paragraph())
        source = getattr(getattr(self.inliner, "document", None), "current_source", None)
        for node in found:  # references the note holds warn with the page's name
            for child in node.findall(nodes.Element) if isinstance(node, nodes.Element) else ():
                if child.source is None:
                    child.source, child.line = source, lineno
        return found, messages


class LiftBlocks(Transform):
    """Each block a one-line role made (figure, link card, note) stands beside its paragraph:
    instead of it when the paragraph held nothing else, after it otherwise."""

    default_priority = 200

    def apply(self, **kwargs) -> None:
        parents: list[nodes.Element] = []
        for lift in self.document.findall(kb_lift):
            if lift.parent not in parents:
                parents.append(lift.parent)
        for parent in parents:
            found = [child for child in parent.children if isinstance(child, kb_lift)]
            blocks = [lift[0] for lift in found if lift.children]
            if not isinstance(parent, nodes.paragraph) or parent.parent is None:
                for lift in found:
                    lift.replace_self(lift.children)
                continue
            leading = parent.index(found[0]) == 0 if found else False
            for lift in found:
                parent.remove(lift)
            if _only_space(parent):
                parent.replace_self(blocks)
            else:
                index = parent.parent.index(parent)
                at = index if leading else index + 1  # a block that opened the paragraph stays before it
                parent.parent[at:at] = blocks


def _only_space(paragraph: nodes.paragraph) -> bool:
    return all(isinstance(child, nodes.Text) and not child.strip() for child in paragraph.children)


class GroupTabs(Transform):
    """Tabs next to each other (nothing but blank lines between them) are one tab set."""

    default_priority = 210

    def apply(self, **kwargs) -> None:
        from sphinx_design.shared import create_component

        for item in list(self.document.findall(lambda n: isinstance(n, nodes.container) and n.get("kb_tab"))):
            parent = item.parent
            if parent is None or parent.get("design_component") == "tab-set":
                continue
            index = parent.index(item)
            run = [item]
            for sibling in parent.children[index + 1 :]:
                if isinstance(sibling, nodes.container) and sibling.get("kb_tab"):
                    run.append(sibling)
                else:
                    break
            tab_set = create_component("tab-set", classes=["sd-tab-set"])
            tab_set.source, tab_set.line = item.source, item.line
            for tab in run:
                parent.remove(tab)
                tab_set += tab
            parent.insert(index, tab_set)


def remove_hidden(app: Sphinx, doctree: nodes.document) -> None:
    """Hidden divs are left out once their formulas' macros are read (``pages/math.py``)."""
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.container) and n.get("kb_hidden"))):
        node.parent.remove(node)


def visit_details(self, node: kb_details) -> None:
    opened = " open" if node.get("open") else ""
    self.body.append(self.starttag(node, "details", "", CLASS="kb-details").rstrip("\n")[:-1] + f"{opened}>")


def depart_details(self, node: kb_details) -> None:
    self.body.append("</details>\n")


def visit_summary(self, node: kb_summary) -> None:
    self.body.append(self.starttag(node, "summary", ""))


def depart_summary(self, node: kb_summary) -> None:
    self.body.append("</summary>\n")


def setup_converted(app: Sphinx) -> None:
    app.add_directive("kb-callout", Callout)
    app.add_directive("kb-div", Div)
    app.add_directive("kb-tab", Tab)
    app.add_directive("kb-quote", Quote)
    app.add_directive("kb-code", Code)
    app.add_role("kb-figure", figure_role)
    app.add_role("kb-embed", embed_role)
    app.add_role("kb-note", note_role)
    app.add_node(kb_details, html=(visit_details, depart_details))
    app.add_node(kb_summary, html=(visit_summary, depart_summary))
    app.add_node(kb_lift)
    app.add_transform(LiftBlocks)
    app.add_transform(GroupTabs)
    # After the formulas' macros are read (pages/math.py, priority 300).
    app.connect("doctree-read", remove_hidden, priority=350)
