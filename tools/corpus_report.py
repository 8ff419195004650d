"""Build a corpus of real posts from other engines and count what their pages show as text.

The corpus is laid out as ``<engine>/<owner>__<repo>/<repo path>`` with each repository's
engine configuration under ``_engine_config/<repo path>`` (``/work/corpus``). Every post
(``.md``, ``.markdown``, ``.qmd``, ``.mdx``) is copied into a throw-away site with its
configuration files put back where they were, so the engine of each post is detected from
the files around it as on the author's own site. The site is built once and each page's
text outside code blocks is searched for other engines' syntax left as text.

Usage::

    python tools/corpus_report.py /work/corpus [--json report.json] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from io import StringIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXT = REPO / "_ext"
SUFFIXES = (".md", ".markdown", ".qmd", ".mdx")

CONF = """
project = "Corpus"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "trendkb"]
root_doc = "index"
include_patterns = ["index.md", "docs/**"]
source_suffix = {".md": "markdown", ".markdown": "markdown", ".qmd": "markdown", ".mdx": "markdown"}
html_theme = "basic"
myst_enable_extensions = ["colon_fence"]
kb_unknown_fields = "ignore"
# Drafts and posts without a readable date are built too (with a badge): every body is measured.
kb_preview = True
bibtex_bibfiles = []
"""

#: What other engines' syntax looks like once it is shown as text (outside code blocks).
SHOWN = {
    "template tag": re.compile(r"\{%-?\s*[\w/]+|\{\{[<%]|\{\{-?\s*[\w.$]+\s*(?:\(|\}\}|\|)"),
    "admonition or div marker": re.compile(r"(?m)^\s*(?:!!!|\?\?\?\+?)\s+\w|^\s*:{3,}|^\s*===\s+\""),
    "MDX import, export or JSX": re.compile(
        r"(?m)^\s*(?:import\s+.+\s+from\s+['\"\u201c\u201d\u2018\u2019]|export\s+(?:const|default|function)\b)"
        r"|</?[A-Z][A-Za-z]+[\s/>]|\{/\*"
    ),
    "executable cell": re.compile(r"(?m)^\s*#\|\s*[\w-]+:|^\s*%%\|"),
    "citation shortcut": re.compile(r"\[-?@[\w:.-]+(?:[;,][^\]]*)?\]"),
    "math as text": re.compile(r"\$\$|\\[A-Za-z]{2,}"),
}
#: The elements of HTML (and SVG and MathML roots): anything else in a page is a component
#: of another engine that the browser shows as nothing.
_HTML_ELEMENTS_NAMES = (
    "a abbr acronym address area article aside audio b base bdi bdo blockquote body br button canvas caption "
    "center cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed "
    "fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i "
    "iframe img input ins kbd label legend li link main map mark math menu meta meter nav noscript "
    "object ol optgroup option output p param picture pre progress q rp rt ruby s samp script search "
    "section select slot small source span strike strong style sub summary sup svg table tbody td "
    "template textarea tfoot th thead time title tr track tt u ul var video wbr big"
)
HTML_ELEMENTS = frozenset(_HTML_ELEMENTS_NAMES.split())


def collect(corpus: Path, articles: Path) -> list[tuple[str, str]]:
    """Copy the posts and the engines' configuration files; return (engine, page path) per post."""
    posts = []
    for engine_dir in sorted(p for p in corpus.iterdir() if p.is_dir()):
        for repo in sorted(p for p in engine_dir.iterdir() if p.is_dir()):
            target = articles / engine_dir.name / repo.name
            for path in sorted(repo.rglob("*")):
                if not path.is_file():
                    continue
                rel = path.relative_to(repo)
                if rel.parts[0] == "_engine_config":
                    dest = target.joinpath(*rel.parts[1:])
                elif path.suffix in SUFFIXES:
                    dest = target / rel
                    posts.append((engine_dir.name, (dest.relative_to(articles.parent.parent)).as_posix()))
                else:
                    dest = target / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, dest)
    return posts


def visible_text(html: str) -> tuple[str, list[str]]:
    """The text of a page's main content outside code, and the unknown elements in it."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("div", role="main") or soup.body or soup
    for node in main.select("math, svg"):
        node.decompose()
    unknown = sorted({tag.name for tag in main.find_all(True) if tag.name not in HTML_ELEMENTS})
    for node in main.select("pre, code, script, style, div.highlight, .kb-math-error"):
        node.decompose()
    return main.get_text("\n"), unknown


def build(srcdir: Path, engines: dict[str, str] | None = None) -> tuple[Path, str]:
    sys.path.insert(0, str(EXT))
    from sphinx.application import Sphinx

    if engines:
        _use_engines(srcdir, engines)

    warnings = StringIO()
    outdir = srcdir / "_build" / "html"
    app = Sphinx(
        srcdir, srcdir, outdir, srcdir / "_build" / "doctrees", "html", status=StringIO(), warning=warnings
    )
    app.build()
    return outdir, warnings.getvalue()


def _use_engines(srcdir: Path, engines: dict[str, str]) -> None:
    """Each post's engine as the corpus records it (a site would set it, e.g. with kb_engine)."""
    try:
        from trendkb.reading import engines as table
        from trendkb.reading import foreign
    except ImportError:
        return
    if not hasattr(foreign, "engine_of"):
        return
    aliases = {"mkdocs-material": "mkdocs", "nextjs-contentlayer": "nextjs"}
    detect = foreign.engine_of

    def engine_of(app, docname):
        path = Path(app.env.doc2path(docname))
        top = srcdir / "docs" / "articles"
        key = engines.get(path.relative_to(top).as_posix()) if path.is_relative_to(top) else None
        return table.ENGINES[aliases.get(key, key)] if key else detect(app, docname)

    foreign.engine_of = engine_of


def report(corpus: Path, keep: Path | None = None, recorded: Path | None = None) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="corpus-")) if keep is None else keep
    src = workdir / "src"
    if src.exists():
        shutil.rmtree(src)
    articles = src / "docs" / "articles"
    articles.mkdir(parents=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text("# Corpus\n", encoding="utf-8")
    posts = collect(corpus, articles)
    engines = None
    if recorded is not None:
        engines = {
            entry["file"]: entry["engine"] for entry in json.loads(recorded.read_text(encoding="utf-8"))
        }
    outdir, warnings = build(src, engines)
    shown: dict[str, list[str]] = {}
    for _, rel in posts:
        page = outdir / Path(rel).with_suffix(".html")
        if not page.is_file():
            continue
        text, unknown = visible_text(page.read_text(encoding="utf-8"))
        kinds = [kind for kind, pattern in SHOWN.items() if pattern.search(text)]
        if unknown:
            kinds.append("component left in the page: " + " ".join(unknown))
        if kinds:
            shown[rel] = kinds
    lines = re.sub(r"\x1b\[[0-9;]*m", "", warnings).splitlines()
    # A directive MyST does not know (a Quarto cell, a Pandoc div) drops what it holds.
    for line in lines:
        if line.endswith("[myst.directive_unknown]"):
            rel = Path(line.split(":", 1)[0]).relative_to(src).as_posix()
            shown.setdefault(rel, [])
            if "content dropped (unknown directive)" not in shown[rel]:
                shown[rel].append("content dropped (unknown directive)")
    by_type = Counter(m.group(1) for m in map(re.compile(r".*\[([\w.]+)\]$").match, lines) if m)
    math_files = {line.split(":", 1)[0] for line in lines if line.endswith("[kb.math]")}
    result = {
        "posts": len(posts),
        "pages": sum((outdir / Path(rel).with_suffix(".html")).is_file() for _, rel in posts),
        "posts_with_syntax_shown_as_text": len(shown),
        "shown_by_kind": Counter(kind.split(":")[0] for kinds in shown.values() for kind in kinds),
        "shown": shown,
        "math_warnings": by_type.get("kb.math", 0),
        "posts_with_math_warnings": len(math_files),
        "warnings_by_type": dict(by_type.most_common()),
    }
    if keep is None:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        (workdir / "warnings.txt").write_text(warnings, encoding="utf-8")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--json", type=Path, help="write the full report here")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (with warnings.txt)")
    parser.add_argument(
        "--engines",
        type=Path,
        help="a JSON list of {file, engine} (the corpus's expected.json): each post's engine, instead of "
        "detecting it from the files around it",
    )
    parser.add_argument(
        "--ext", type=Path, help="the folder holding the trendkb package (default: this repository's _ext)"
    )
    args = parser.parse_args()
    if args.ext:
        global EXT
        EXT = args.ext.resolve()
    result = report(args.corpus.resolve(), args.keep.resolve() if args.keep else None, args.engines)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    for key in (
        "posts",
        "pages",
        "posts_with_syntax_shown_as_text",
        "math_warnings",
        "posts_with_math_warnings",
    ):
        print(f"{key}: {result[key]}")
    print("shown by kind:", dict(result["shown_by_kind"]))
    print("warnings by type:", result["warnings_by_type"])


if __name__ == "__main__":
    main()
