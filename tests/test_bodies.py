"""Real posts of thirteen engines, unmodified, built: their bodies read as their engine meant them.

The sample is ``tests/roots/test-bodies/`` (sources and licences in its ``SOURCES.md``); each
engine's folder has a small marker file, so each post's engine is found from the files around
it. The pages are parsed (BeautifulSoup) and checked for what each engine's syntax became;
``python -m trendkb check`` must give the build's body warnings, line for line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from kbtest import build, content, copy_root, page
from sphinx.util.console import strip_escape_sequences
from test_cli import check

WARNING = re.compile(r"^(?P<path>\S+?):(?P<line>\d+): WARNING: (?P<message>.*) \[(?P<type>[\w.]+)\]$")
BODY_TYPES = {"kb.foreign", "kb.html", "kb.math"}
A = "docs/articles/"

#: Every body warning of the sample: (file, line, what the message says).
EXPECTED = [
    ("astro/markdown-extended.md", 90, "':spoiler[is hidden **ayyy**]' is a remark directive"),
    (
        "astro/using-mdx.mdx",
        21,
        "is an MDX import, which only MDX runs: it is left out of the page (and at line(s) 23",
    ),
    ("gatsby/code-block-examples/index.mdx", 8, "'import SpotifyPlayer from \"./SpotifyPlayer\";'"),
    ("hugo/first-post/index.md", 26, "'{{< imgproc sunset Crop \"500x300\" >}}' is a Hugo shortcode"),
    ("hugo/math-typesetting.md", 41, "'{{< math.inline >}}' is a Hugo inline shortcode (a template)"),
    ("hugo/math-typesetting.md", 56, "is a formula inside raw HTML, which MyST passes to the page"),
    ("jekyll/2020-01-14-test-markdown-post.md", 51, "'{{ site.baseurl }}' is a Liquid variable (Jekyll)"),
    ("kb/hiding-html.md", 22, "'<div hidden>' is a hidden container: readers never see what it holds"),
    ("kb/hiding-html.md", 26, "'<div style=\"display:none\">' is never closed, so it would hide the rest"),
    (
        "quarto/2023/09/18/understanding-dirichlet-beta-intuition/index.qmd",
        43,
        "'```{r setup, include=FALSE}' is a Quarto code cell, which only Quarto runs",
    ),
    ("quarto/2024/04/01/macros/index.qmd", 17, "math: cannot convert '\\unknowncommand{x}' to MathML"),
    ("quarto/2024/04/01/macros/index.qmd", 19, "citation '@nobody:2020' is not in the bibliography"),
    ("quarto/2026/02/25/tikz-quarto-svg-fun/index.qmd", 51, "'```{r}' is a Quarto code cell"),
    ("quarto/2026/02/25/tikz-quarto-svg-fun/index.qmd", 130, "'{dot}' is a Quarto diagram cell (Graphviz)"),
    ("vuepress/2019-2-26-markdown-slot.md", 19, "is a Vue component (VuePress), which only VuePress runs"),
    ("zola/markdown/index.md", 47, "math: cannot convert '\\ce{H2O}' to MathML: unknown command '\\ce'"),
    ("zola/markdown/index.md", 47, "math: cannot convert '\\ce{CO2 + H2O -> H2CO3}'"),
    ("zola/markdown/index.md", 49, "math: cannot convert '\\pu{25 °C}'"),
    ("zola/markdown/index.md", 49, "math: cannot convert '\\pu{1.2 mol/L}'"),
    ("zola/shortcodes/index.md", 199, "'{{ iine(slug=\"/blog/shortcodes/demo-button\") }}' is a Zola"),
    ("zola/shortcodes/index.md", 390, "'{% references() %}' is a Zola shortcode, which only Zola runs"),
]

#: Other engines' syntax as it would show if it were left as text.
SHOWN = re.compile(
    r"\{%-?\s*[\w/]|\{\{[<%]|\{\{-?\s*[\w.$]+\s*(?:\(|\}\}|\|)|^\s*(?:!!!|\?\?\?\+?|===|:::)\s"
    r"|^\s*import\s.+\sfrom\s|\{/\*|^\s*#\|\s|\$\$|\\(?:frac|sum|mathbb|newcommand|begin)\b|\[-?@\w",
    re.MULTILINE,
)


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    srcdir = copy_root(rootdir, "bodies", tmp_path_factory.mktemp("bodies") / "src")
    return srcdir, build(srcdir, freshenv=True)


def body_warnings(srcdir: Path, app) -> list[tuple[str, int, str]]:
    found = []
    for line in strip_escape_sequences(app.warning.getvalue()).splitlines():
        match = WARNING.match(line)
        if match and match["type"] in BODY_TYPES:
            found.append((match["path"].removeprefix(f"{srcdir}/{A}"), int(match["line"]), match["message"]))
    return found


def html(app, source: str):
    return content(page(app, A + re.sub(r"\.(md|qmd|mdx)$", ".html", source)))


def text_outside_code(body) -> str:
    for node in body.select("pre, code, math, .mermaid, .kb-math-error, div.highlight"):
        node.decompose()
    return body.get_text("\n")


def test_every_body_warning_is_expected_and_one_line(site):
    srcdir, app = site
    found = body_warnings(srcdir, app)
    assert len(found) == len(EXPECTED), "\n".join(map(str, found))
    for (path, line, message), (expected_path, expected_line, fragment) in zip(
        sorted(found), sorted(EXPECTED), strict=True
    ):
        assert (path, line) == (expected_path, expected_line)
        assert fragment in message, (path, line, message)


def test_no_other_engines_syntax_is_shown_as_text(site):
    """Pages without a "shows as plain text" warning show none of the other engines' syntax."""
    srcdir, app = site
    warned = {path for path, _, message in body_warnings(srcdir, app) if "so it shows as" in message}
    sources = sorted(
        p.relative_to(srcdir / A).as_posix()
        for p in (srcdir / A).rglob("*")
        if p.suffix in (".md", ".qmd", ".mdx") and not p.name.startswith("_")
    )
    assert len(sources) == 32
    for source in sources:
        if source in warned:
            continue
        found = SHOWN.search(text_outside_code(html(app, source)))
        assert found is None, (source, found.group() if found else None)


def test_check_gives_the_build_s_body_warnings(site):
    srcdir, app = site
    result = check(srcdir, "--format", "text")
    printed = {line for line in result.stdout.splitlines() if WARNING.match(line)["type"] in BODY_TYPES}
    built = set()
    for line in strip_escape_sequences(app.warning.getvalue()).splitlines():
        match = WARNING.match(line)
        if match and match["type"] in BODY_TYPES:
            built.add(line.removeprefix(f"{srcdir}{os.sep}"))
    assert printed == built


# Admonitions and callouts -------------------------------------------------------------------


def titles(body) -> list[str]:
    return [t.get_text(" ", strip=True) for t in body.select(".admonition-title")]


def test_mkdocs_admonitions_collapsibles_and_tabs(site):
    _, app = site
    search = html(app, "mkdocs/search-better-faster-smaller.md")
    details = search.select("details.kb-details")
    assert [d.find("summary").get_text(strip=True) for d in details] == [
        "Expand to inspect example",
        "Expand to inspect search index",
    ]
    assert not any(d.has_attr("open") for d in details)  # ??? is folded
    assert details[0].select(".sd-tab-set .sd-tab-label")  # === tabs inside the folded block
    assert search.select("aside.footnote, .footnote")  # MkDocs footnotes are MyST's
    rag = html(app, "mkdocs/rag-and-beyond.md")
    assert "What is RAG?" in titles(rag) and "Shoutouts" in titles(rag)


def test_pelican_admonitions_and_the_ones_quoted_in_code(site):
    _, app = site
    body = html(app, "pelican/warnings-admonitions.md")
    assert len(body.select("div.admonition")) == 6
    [untitled] = body.select("div.admonition.kb-untitled")  # !!! important "": no title bar
    assert not untitled.select(".admonition-title") and "require a title" in untitled.get_text()
    quoted = [pre.get_text() for pre in body.select("pre")]
    assert any(text.startswith("!!! danger") for text in quoted)  # an indented code block: as written
    assert body.select("nav.contents, div.contents, .topic.contents")  # [TOC]


def test_docusaurus_astro_vuepress_and_hexo_admonitions(site):
    _, app = site
    assert "Note" in titles(html(app, "docusaurus/2021-03-09-jest-website-upgrade.md"))
    fuwari = html(app, "astro/markdown-extended.md")
    assert {"Note", "Tip", "Important", "Warning", "Caution", "MY CUSTOM TITLE"} <= set(titles(fuwari))
    assert fuwari.select_one("p.kb-embed-github a")["href"] == "https://github.com/Fabrizz/MMM-OnSpotify"
    assert "Tip" in titles(html(app, "vuepress/2019-2-26-markdown-slot.md"))
    hexo = html(app, "hexo/2023-11-03-hexo-7-0-0-released.md")
    assert hexo.select("div.admonition.warning") and hexo.select("div.admonition.note")


def test_quarto_callouts_divs_and_tabs(site):
    _, app = site
    dirichlet = html(app, "quarto/2023/09/18/understanding-dirichlet-beta-intuition/index.qmd")
    assert "Pronunciation" in titles(dirichlet)
    tikz = html(app, "quarto/2026/02/25/tikz-quarto-svg-fun/index.qmd")
    [folded] = [d for d in tikz.select("details.kb-details") if "inkscape" in d.get_text()]
    assert folded.find("summary").get_text(" ", strip=True) == "Putting inkscape in your PATH"
    assert tikz.select("div.grid div.g-col-6")
    assert "{width=" not in tikz.get_text() and "^[" not in tikz.get_text()
    assert tikz.select(".footnote")  # ^[...] became a footnote


def test_jsx_callouts_images_and_imports(site):
    _, app = site
    next_post = html(app, "nextjs/deploying-next-apps.mdx")
    assert next_post.select("div.admonition") and "<Image" not in next_post.get_text()
    # The <Image /> became a figure; its picture is not in the sample, so its alt text shows.
    warnings = strip_escape_sequences(app.warning.getvalue())
    assert re.search(r"deploying-next-apps\.mdx:71: WARNING: image '/images/blog/blog-post-4\.jpg'", warnings)
    mdx = html(app, "astro/using-mdx.mdx")
    assert "HeaderLink" not in mdx.get_text() and "components/" not in text_outside_code(mdx)
    gatsby = html(app, "gatsby/code-block-examples/index.mdx")
    assert "import * as React" in " ".join(pre.get_text() for pre in gatsby.select("pre"))  # code stays


# Shortcodes -----------------------------------------------------------------------------------


def test_hugo_tabs_and_escaped_shortcodes(site):
    _, app = site
    body = html(app, "hugo/html-and-css-only-tabs.md")
    assert len(body.select(".sd-tab-set")) == 3  # the fourth example is quoted in code
    labels = [label.get_text(strip=True) for label in body.select(".sd-tab-set")[0].select("label")]
    assert labels == ["Hello", "Goodbye"]
    code = " ".join(pre.get_text() for pre in body.select("pre"))
    assert '{{< tab name="Hello" >}}' in code and "{{</*" not in code


def test_embeds_are_link_cards_that_load_nothing(site):
    _, app = site
    cards = {
        source: [a["href"] for a in html(app, source).select("p.kb-embed a")]
        for source in (
            "hexo/videos.md",
            "hugo/rich-content.md",
            "eleventy/2021-10-08-state-of-eleventy-2021.md",
        )
    }
    assert cards["hexo/videos.md"] == [
        "https://www.youtube.com/watch?v=TIbZDRXM-Tg",
        "https://vimeo.com/82090131",
    ]
    assert "https://vimeo.com/48912912" in cards["hugo/rich-content.md"]
    assert cards["eleventy/2021-10-08-state-of-eleventy-2021.md"] == [
        "https://www.youtube.com/watch?v=kcRtANKWCLQ"
    ]
    for source in cards:
        assert not html(app, source).find("iframe")


def test_hexo_quotes_and_captioned_code(site):
    _, app = site
    body = html(app, "hexo/tag-plugins.md")
    sources = [a.get_text(" ", strip=True) for a in body.select("blockquote .attribution")]
    assert sources[:3] == [
        "—David Levithan, Wide Awake",
        "—@DevDocs, https://twitter.com/devdocs/status/356095192085962752",
        "—Seth Godin, Welcome to Island Marketing",
    ]
    assert [c.get_text(strip=True) for c in body.select(".code-block-caption .caption-text")][:2] == [
        "Array.map",
        ".compact",
    ]
    assert body.select("div.highlight-js .hll")  # marked lines


def test_zola_shortcodes(site):
    _, app = site
    body = html(app, "zola/shortcodes/index.md")
    assert {"Note", "Tip", "Info", "Warning", "Danger", "Custom title and icon"} <= set(titles(body))
    code = " ".join(pre.get_text() for pre in body.select("pre"))
    assert "{{ dual_theme_image(" in code and "{{/*" not in code
    # Figures whose pictures are not in the sample: their alt text shows, with a warning.
    assert body.find(string="The Eiffel tower") and "dual_theme_image" not in text_outside_code(body)
    assert "src/main.rs" in [c.get_text() for c in body.select(".code-block-caption .caption-text")]


def test_includes_of_the_site_s_own_files_only(site):
    _, app = site
    [code] = html(app, "hugo/readfile.md").select("pre")
    assert code.get_text().startswith("def greet(name):")
    warnings = strip_escape_sequences(app.warning.getvalue())
    assert re.search(
        r"readfile\.md:12: WARNING: literalinclude '\.\./\.\./\.\./conf\.py' is not read: "
        r"it is the site's conf\.py",
        warnings,
    )
    assert "KB body syntax test site" not in html(app, "hugo/readfile.md").get_text()


# Math ---------------------------------------------------------------------------------------


def test_math_from_real_posts_renders(site):
    _, app = site
    for source in (
        "quarto/2023/09/18/understanding-dirichlet-beta-intuition/index.qmd",
        "hugo/math-typesetting.md",
        "nextjs/deriving-ols-estimator.mdx",
        "zola/markdown/index.md",
    ):
        body = html(app, source)
        assert body.select("math"), source
    for source in (
        "nextjs/deriving-ols-estimator.mdx",
        "quarto/2023/09/18/understanding-dirichlet-beta-intuition/index.qmd",
    ):
        assert not html(app, source).select(".kb-math-error"), source
    zola = html(app, "zola/markdown/index.md")
    assert len(zola.select(".kb-math-error")) == 4  # mhchem's \ce and \pu, each warned


def test_macros_from_a_preamble_and_other_delimiters(site):
    _, app = site
    macros = html(app, "quarto/2024/04/01/macros/index.qmd")
    errors = [e.get_text() for e in macros.select(".kb-math-error")]
    assert errors == ["\\unknowncommand{x}"]
    double_struck_r = "\u211d"  # \R, from the preamble's \newcommand{\R}{\mathbb{R}}
    assert macros.find("mi", string=double_struck_r) and "newcommand" not in macros.get_text()
    assert macros.select_one("a.reference[href*='Kubinec']") or macros.find(string=re.compile("Kub22"))
    assert not html(app, "quarto/_preamble.qmd").select("math, .kb-math-error")
    kramdown = html(app, "jekyll/2024-01-02-kramdown-math.md")
    assert not kramdown.select(".kb-math-error")
    assert kramdown.select("span.kb-math math[display=inline]")  # $$...$$ inside a line: inline, as kramdown
    assert len(kramdown.select("div.kb-math math")) == 2  # the $$ block after a line of text, the eqnarray
    assert "D" in kramdown.get_text() and "$5 and $10" in kramdown.get_text()
    assert html(app, "pelican/2014-08-22-hacking-academia.md").find(string=re.compile(r"\$40,000 - \$50,000"))


# Raw HTML and excerpts ------------------------------------------------------------------------


def test_the_rest_of_the_page_shows_after_an_unclosed_hidden_div(site):
    _, app = site
    body = html(app, "kb/hiding-html.md")
    rest = body.find(string=re.compile("The rest of the page shows"))
    assert rest is not None
    for parent in rest.parents:
        style = parent.get("style", "") if hasattr(parent, "get") else ""
        assert "display:none" not in style.replace(" ", "") and not parent.has_attr("hidden")


def test_excerpts_are_plain_text(site):
    _, app = site
    description = page(app, A + "kb/hiding-html.html").find("meta", attrs={"name": "description"})["content"]
    assert description == (
        "Preference tuning is how Reinforcement learning from human feedback works; write <!--more--> "
        "where an excerpt ends, as in"
    )
