"""Light pages: each page links only the stylesheets and scripts of the features it shows.

Sphinx extensions register their files for every page: sphinx-design's 55 KB stylesheet,
sphinx-copybutton's script and stylesheet, the code colours of ``pygments.css``. Most
pages have no card and no code block, yet each of those stylesheets blocks their first
paint. At ``html-page-context`` this drops them from the page's lists when nothing on the
page can use them: the rendered body (and the doctree it came from) shows no element of
theirs. Anything not listed here is kept (Furo's own files, Sphinx's scripts, files other
extensions add), and so is everything on a page whose template this cannot see into.
Mermaid's loader and ``kb-math.css`` are already added per page by their own handlers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx

from ..config import kb_config

#: sphinx-copybutton looks for this selector unless conf.py changes it; with another
#: selector its buttons may go anywhere, so its files then stay on every page.
COPYBUTTON_DEFAULT_SELECTOR = "div.highlight pre"

#: Templates of pages without a body of their own that are known to use none of the features.
BODILESS_TEMPLATES = frozenset(
    {"search.html", "kb-search.html", "genindex.html", "genindex-single.html", "genindex-split.html"}
)

_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class Feature:
    """The files of one feature, and the test of a page's classes that shows it in use."""

    files: frozenset[str]
    used: Callable[[set[str]], bool]


def _has_code(classes: set[str]) -> bool:
    return any(c == "highlight" or c.startswith("highlight-") for c in classes)


#: ``pygments.css`` colours only ``.highlight`` blocks.
PYGMENTS = Feature(frozenset({"pygments.css"}), _has_code)
#: The copy button only goes on code blocks (with the default selector).
COPYBUTTON = Feature(frozenset({"copybutton.css", "clipboard.min.js", "copybutton.js"}), _has_code)
DESIGN = Feature(frozenset({"sphinx-design.min.css"}), lambda classes: any(c[:3] == "sd-" for c in classes))
#: design-tabs.js only syncs and opens sphinx-design's tab sets.
TABS = Feature(frozenset({"design-tabs.js"}), lambda classes: any(c[:6] == "sd-tab" for c in classes))


def page_classes(body: str, doctree: nodes.document | None) -> set[str]:
    """Every class the page's body and doctree carry (the body includes raw HTML)."""
    classes: set[str] = set()
    for match in _CLASS_ATTR.finditer(body):
        classes.update((match.group(1) or match.group(2) or "").split())
    if doctree is not None:
        for node in doctree.findall(nodes.Element):
            classes.update(node.get("classes", ()))
            if isinstance(node, (nodes.literal_block, nodes.doctest_block)):
                classes.add("highlight")
    return classes


def _filename(asset) -> str:
    """The name an asset was added under (``_static/x.css?v=1`` -> ``x.css``).

    Extensions add their files by bare name and Sphinx puts them below ``_static/``, so
    a site's own ``_static/css/pygments.css`` is kept.
    """
    name = getattr(asset, "filename", asset)
    if not isinstance(name, str):
        return ""
    return name.split("?", 1)[0].removeprefix("_static/")


def unused_files(app: Sphinx, templatename: str, context: dict, doctree) -> frozenset[str]:
    """The asset files this page can do without."""
    body = context.get("body")
    if doctree is None and not isinstance(body, str) and templatename not in BODILESS_TEMPLATES:
        return frozenset()  # a template of its own: it may hold anything
    features = [PYGMENTS, DESIGN, TABS]
    if getattr(app.config, "copybutton_selector", COPYBUTTON_DEFAULT_SELECTOR) == COPYBUTTON_DEFAULT_SELECTOR:
        features.append(COPYBUTTON)
    classes = page_classes(body if isinstance(body, str) else "", doctree)
    return frozenset(name for feature in features if not feature.used(classes) for name in feature.files)


def drop_unused_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html" or not kb_config(app.config).light_pages:
        return
    unused = unused_files(app, templatename, context, doctree)
    if not unused:
        return
    for key in ("css_files", "script_files"):
        files = context.get(key)
        if isinstance(files, list):
            # In place: the list is the builder's own for this page (it restores it before
            # the next one), and handlers after this one may still add to it.
            files[:] = [asset for asset in files if _filename(asset) not in unused]


def setup_assets(app: Sphinx) -> None:
    # Late, so that files added for this page by other handlers are judged too.
    app.connect("html-page-context", drop_unused_assets, priority=900)
