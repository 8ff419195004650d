"""Other engines' syntax in a body: converted to MyST per engine, line for line; the rest reported.

Pure tests of ``reading/foreign.convert`` (one engine at a time), and a build of the small
``test-foreign`` site, whose posts have no engine markers (the site's own engine).
"""

from __future__ import annotations

import re

import pytest
from kbtest import build, content, copy_root, page
from sphinx.util.console import strip_escape_sequences
from trendkb.reading.engines import ENGINES, NATIVE
from trendkb.reading.foreign import convert

WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.*) \[(?P<type>[\w.]+)\]$")


def converted(text: str, engine: str = "kb", **kwargs) -> str:
    return convert(text, ENGINES[engine], **kwargs).text


def problems(text: str, engine: str = "kb", **kwargs) -> list[tuple[int, str, str]]:
    return [(p.line, p.subtype, p.message) for p in convert(text, ENGINES[engine], **kwargs).problems]


# Line for line --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine", "text", "expected"),
    [
        ("jekyll", "a\n{% highlight ruby %}\nx\n{% endhighlight %}\nb", "a\n```ruby\nx\n```\nb"),
        ("hugo", "  {{< highlight go >}}\n  ````\n  {{< /highlight >}}", "  `````go\n  ````\n  `````"),
        ("jekyll", "{% highlight ruby %}\nnever closed", "{% highlight ruby %}\nnever closed"),
        ("jekyll", "{% raw %}\n{{ x }}\n{% endraw %}", "\n{{ x }}\n"),
        ("eleventy", '{% highlight "js" %}\nlet a;\n{% endhighlight %}', "```js\nlet a;\n```"),
        (
            "hexo",
            "{% codeblock Array.map lang:js mark:1,3-4 %}\nx\n{% endcodeblock %}",
            "```{kb-code} lang=js&emphasize=1%2C3-4&caption=Array.map\nx\n```",
        ),
        ("hugo", "{{< mermaid >}}\ngraph LR\n{{< /mermaid >}}", "```{mermaid}\ngraph LR\n```"),
        ("zola", "{% mermaid() %}\ngraph LR\n{% end %}", "```{mermaid}\ngraph LR\n```"),
        ("hexo", "{% katex %}\nc = \\pm 1\n{% endkatex %}", "```{math}\nc = \\pm 1\n```"),
        ("pelican", "{% comment %}\nLicence text\n{% endcomment %}\nBody", "\n\n\nBody"),
        ("hugo", "{{/* a comment */}}Body", "Body"),
        ("eleventy", "{# a Nunjucks\ncomment #}Body", "\nBody"),
    ],
)
def test_code_diagrams_formulas_and_comments(engine, text, expected):
    assert converted(text, engine) == expected


def test_every_conversion_keeps_the_other_lines_where_they_were():
    text = "\n".join(
        [
            "!!! note",
            "    A note.",
            "",
            "kept 4",
            "{{< youtube abc123 >}}",
            "kept 6",
            "",
            "```{r}",
            "#| echo: false",
            "1 + 1",
            "```",
            "kept 12",
        ]
    )
    for engine in ("mkdocs", "hugo", "quarto"):
        lines = converted(text, engine).split("\n")
        assert [lines[3], lines[5], lines[11]] == ["kept 4", "kept 6", "kept 12"], engine


# Admonitions and callouts ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine", "text", "expected"),
    [
        (
            "mkdocs",
            '!!! note "A title"\n    Body **bold**.\n\n    More.\n\nAfter.',
            "~~~{kb-callout} note A title\nBody **bold**.\n\nMore.\n~~~\nAfter.",
        ),
        ("mkdocs", "??? tip\n    Folded.\n", "~~~{kb-callout} tip-\nFolded.\n~~~"),
        ("mkdocs", '???+ example "Open"\n    Shown.', "~~~{kb-callout} example+ Open\nShown."),
        (
            "mkdocs",
            '!!! info "Outer"\n    Text.\n\n    !!! tip\n        Inner.\n\n    After inner.\n\nOut.',
            "~~~~{kb-callout} info Outer\nText.\n\n~~~{kb-callout} tip\nInner.\n~~~\n"
            "After inner.\n~~~~\nOut.",
        ),
        ("mkdocs", '!!! note "Alone"\nNot its body.', "{kb-note}`kind=note&title=Alone`\nNot its body."),
        (
            "mkdocs",
            '=== "One"\n    1\n\n=== "Two"\n    2\n',
            "~~~{kb-tab} One\n1\n~~~\n~~~{kb-tab} Two\n2\n~~~",
        ),
        ("pelican", "!!! warning\n    Careful.", "~~~{kb-callout} warning\nCareful."),
        ("docusaurus", ":::tip My title\nBody\n:::", "~~~{kb-callout} tip My title\nBody\n~~~"),
        ("astro", ":::note[Custom]\nBody\n:::", "~~~{kb-callout} note Custom\nBody\n~~~"),
        (
            "docusaurus",
            "::::info Outer\n:::warning\nIn\n:::\n::::",
            "~~~~{kb-callout} info Outer\n~~~{kb-callout} warning\nIn\n~~~\n~~~~",
        ),
        ("vuepress", "::: tip Title\nBody\n:::", "~~~{kb-callout} tip Title\nBody\n~~~"),
        ("vuepress", "::: details\nBody\n:::", "~~~{kb-callout} note- Details\nBody\n~~~"),
        (
            "quarto",
            "::: {.callout-note}\n## The title\n\nBody\n:::",
            "~~~{kb-callout} note The title\n\n\nBody\n~~~",
        ),
        (
            "quarto",
            '::: {.callout-tip title="Putting `x` here" collapse="true"}\nBody\n:::',
            "~~~{kb-callout} tip- Putting `x` here\nBody\n~~~",
        ),
        (
            "quarto",
            ":::{.hidden}\n$$\\newcommand{\\R}{\\mathbb{R}}$$\n:::",
            "~~~{kb-div} .hidden\n$$\\newcommand{\\R}{\\mathbb{R}}$$\n~~~",
        ),
        ("hugo", "{{% notice info %}}\nA note.\n{{% /notice %}}", "~~~{kb-callout} info\nA note.\n~~~"),
        (
            "hugo",
            '{{< alert title="Heads up" color="warning" >}}\nX\n{{< /alert >}}',
            "~~~{kb-callout} warning Heads up\nX\n~~~",
        ),
        ("hugo", '{{< details summary="More" >}}\nX\n{{< /details >}}', "~~~{kb-callout} note- More\nX\n~~~"),
        ("hexo", "{% note warn %}\nCareful.\n{% endnote %}", "~~~{kb-callout} warn\nCareful.\n~~~"),
        (
            "hexo",
            "{% blockquote David Levithan, Wide Awake %}\nDo not.\n{% endblockquote %}",
            "~~~{kb-quote} David Levithan, Wide Awake\nDo not.\n~~~",
        ),
        (
            "zola",
            '{% admonition(type="tip", title="A tip") %}\nBody\n{% end %}',
            "~~~{kb-callout} tip A tip\nBody\n~~~",
        ),
        ("zola", '{{ admonition(type="warning", text="Careful") }}', "{kb-note}`kind=warning&text=Careful`"),
        ("nextjs", "<Callout>\n  Body\n</Callout>", "~~~{kb-callout} note\n  Body\n~~~"),
        (
            "docusaurus",
            '<Tabs>\n<TabItem value="a" label="A">\nx\n</TabItem>\n</Tabs>',
            "\n~~~{kb-tab} A\nx\n~~~\n",
        ),
        (
            "hugo",
            '{{< tabs >}}\n{{< tab "Go" >}}\ngo\n{{< /tab >}}\n{{< /tabs >}}',
            "\n~~~{kb-tab} Go\ngo\n~~~\n",
        ),
        ("hugo", "> [!NOTE]\n> Useful.\n\nAfter.", "~~~{kb-callout} note\nUseful.\n~~~\nAfter."),
        (
            "jekyll",
            '{% include alert.html text="You can include alert boxes" %}',
            "{kb-note}`kind=warning&text=You%20can%20include%20alert%20boxes`",
        ),
    ],
)
def test_admonitions_callouts_tabs_and_quotes(engine, text, expected):
    assert converted(text, engine) == expected


def test_quarto_tabsets_make_a_tab_of_each_heading():
    text = "::: {.panel-tabset}\n## R\n\nr code\n\n## Python\n\npy code\n:::"
    assert converted(text, "quarto") == "\n~~~{kb-tab} R\n\nr code\n~~~\n~~~{kb-tab} Python\n\npy code\n~~~"


def test_pandoc_divs_and_markdown_in_html():
    assert converted("::: {.grid #g1}\nx\n:::", "quarto") == "~~~{kb-div} .grid #g1\nx\n~~~"
    assert converted('<div style="font-size: 60%;">\n$$\nx\n$$\n</div>', "quarto").startswith("~~~{kb-div}\n")
    assert converted("<figure markdown>\n  ![x](y.png)\n</figure>", "mkdocs") == (
        "~~~{kb-div} .figure\n  ![x](y.png)\n~~~"
    )
    assert converted("<div>\n<b>raw</b>\n</div>", "hugo") == "<div>\n<b>raw</b>\n</div>"  # CommonMark's rule


# Figures, embeds, includes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine", "text", "fields"),
    [
        ("hugo", '{{< figure src="a.png" caption="A" alt="Alt" >}}', "src=a.png&alt=Alt&caption=A"),
        (
            "hexo",
            "{% asset_img chart.png Loss curve %}",
            "src=post%2Fchart.png&alt=Loss%20curve&caption=Loss%20curve",
        ),
        (
            "hexo",
            '{% img right /images/x.jpg 300 200 "Title" "Alt" %}',
            "src=%2Fimages%2Fx.jpg&alt=Alt&caption=Title",
        ),
        ("pelican", "{% img /images/pi_shaped.png 400 %}", "src=%2Fimages%2Fpi_shaped.png"),
        (
            "jekyll",
            '{% include figure.html image="/img/a.png" caption="A chart" %}',
            "src=%2Fimg%2Fa.png&alt=A%20chart&caption=A%20chart",
        ),
        ("zola", '{{ dimmable_image(src="img/d.webp", alt="Desert") }}', "src=img%2Fd.webp&alt=Desert"),
        ("nextjs", '<Image\n  src="/b.jpg"\n  alt="B"\n/>', "src=%2Fb.jpg&alt=B"),
    ],
)
def test_figures(engine, text, fields):
    assert converted(text, engine, stem="post").split("\n")[0] == "{kb-figure}`" + fields + "`"


def test_jekyll_includes_with_liquid_in_their_parameters_stay():
    text = '{% include figure.html image="{{ page.img }}" %}'
    assert converted(text, "jekyll") == text
    [(line, subtype, message)] = problems(text, "jekyll")
    assert (line, subtype) == (1, "foreign") and "a Liquid tag (Jekyll)" in message


@pytest.mark.parametrize(
    ("engine", "text", "url"),
    [
        ("hugo", "{{< youtube ZJthWmvUzzc >}}", "https://www.youtube.com/watch?v=ZJthWmvUzzc"),
        ("hugo", '{{< youtube id="w7Ft2ymGmfc" title="A" >}}', "https://www.youtube.com/watch?v=w7Ft2ymGmfc"),
        ("hugo", "{{< vimeo_simple 48912912 >}}", "https://vimeo.com/48912912"),
        (
            "hugo",
            '{{< x user="SanDiegoZoo" id="1453110110599868418" >}}',
            "https://x.com/SanDiegoZoo/status/1453110110599868418",
        ),
        ("hexo", "{% youtube TIbZDRXM-Tg %}", "https://www.youtube.com/watch?v=TIbZDRXM-Tg"),
        ("hexo", "{% vimeo 82090131 %}", "https://vimeo.com/82090131"),
        ("hexo", "{% gist 996818 %}", "https://gist.github.com/996818"),
        (
            "zola",
            '{{ youtube(id="dQw4w9WgXcQ", autoplay=true) }}',
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        ("eleventy", '{% youtubeEmbed "kcRtANKWCLQ" %}', "https://www.youtube.com/watch?v=kcRtANKWCLQ"),
        (
            "quarto",
            "{{< video https://www.youtube.com/embed/wo9vZccmqwc >}}",
            "https://www.youtube.com/watch?v=wo9vZccmqwc",
        ),
        (
            "jekyll",
            "{% include youtube.html content='<a href=\"https://youtu.be/abc123XYZ\">x</a>' %}",
            "https://www.youtube.com/watch?v=abc123XYZ",
        ),
        ("astro", '::github{repo="saicaca/fuwari"}', "https://github.com/saicaca/fuwari"),
    ],
)
def test_embeds_become_link_cards(engine, text, url):
    line = converted(text, engine)
    assert (
        line.startswith("{kb-embed}`")
        and "url=" + re.sub(r"[:/?=]", lambda m: f"%{ord(m.group()):02X}", url) in line
    )


def test_an_embed_id_that_is_not_an_id_is_not_a_link():
    text = '{{< youtube "x onload=alert(1)" >}}'
    assert converted(text, "hugo") == text


@pytest.mark.parametrize(
    ("engine", "text", "expected"),
    [
        (
            "jekyll",
            "{% include_relative code/example.py %}\n\nAfter",
            "~~~{literalinclude} code/example.py\n~~~\nAfter",
        ),
        ("jekyll", "{% include_relative notes.md %}", "~~~{include} notes.md\n~~~"),
        ("hugo", '{{< readfile file="x.py" >}}\n', "~~~{literalinclude} x.py\n~~~"),
        ("quarto", "{{< include _preamble.qmd >}}\n", "~~~{include} _preamble.qmd\n~~~"),
        ("mkdocs", '--8<-- "snippet.md"\n', "~~~{include} snippet.md\n~~~"),
        ("pelican", "{% include_code anim.py lang:python Basic %}\n", "~~~{literalinclude} anim.py\n~~~"),
        # No blank line to close it on: left as it is, and reported.
        ("jekyll", "{% include_relative x.md %}\nText", "{% include_relative x.md %}\nText"),
    ],
)
def test_includes_of_local_files(engine, text, expected):
    assert converted(text, engine) == expected


# Code only the other engine runs ---------------------------------------------------------


def test_quarto_cells_are_left_out_with_one_warning_naming_their_lines():
    text = (
        "Intro\n\n```{r setup, include=FALSE}\nlibrary(x)\n```\n\n"
        "Mid\n\n```{python}\n#| echo: false\nprint(1)\n```\n"
    )
    lines = converted(text, "quarto").split("\n")
    assert lines[:8] == ["Intro", "", "", "", "", "", "Mid", ""]
    [(line, subtype, message)] = problems(text, "quarto")
    assert (line, subtype) == (3, "foreign")
    assert message.startswith("'```{r setup, include=FALSE}' is a Quarto code cell, which only Quarto runs")
    assert "(and at line(s) 9)" in message and "```r, not ```{r}" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("```{{r}}\n1 + 1\n```", "```r\n1 + 1\n```"),  # shows the cell without running it
        ("```{.python}\nx = 1\n```", "```python\nx = 1\n```"),
        ("```{=html}\n<b>x</b>\n```", "```{raw} html\n<b>x</b>\n```"),
        ("```{=latex}\n\\newpage\n```", "\n\n"),
        ("```{mermaid}\n%%| fig-width: 3\ngraph LR\n```", "```{mermaid}\n\ngraph LR\n```"),
        ("````markdown\n```{r}\nx\n```\n````", "````markdown\n```{r}\nx\n```\n````"),  # quoted in code
    ],
)
def test_quarto_fences(text, expected):
    assert converted(text, "quarto") == expected


def test_mdx_imports_exports_and_components_are_left_out():
    text = "\n".join(
        [
            "import Tabs from '@theme/Tabs';",
            "import {",
            "  A,",
            "} from './a';",
            "",
            "export const meta = {",
            "  x: 1,",
            "};",
            "",
            "Text with <Badge>New</Badge> inside.",
            "",
            "{/* truncate */}",
            "",
            "<SpotifyPlayer",
            '  uri="x"',
            "/>",
        ]
    )
    lines = converted(text, "docusaurus").split("\n")
    assert lines[:9] == [""] * 9
    assert lines[9] == "Text with New inside."
    assert lines[11] == "<!-- truncate -->"
    assert lines[13:] == ["", "", ""]
    [(line, _, message)] = problems(text, "docusaurus")
    assert (
        line == 1
        and "which only MDX runs: it is left out of the page (and at line(s) 2, 6, 10, 14)" in message
    )


def test_a_script_s_import_is_javascript_not_mdx():
    text = '<script type="module">\nimport { chart } from "./chart.js";\nchart();\n</script>\n'
    for engine in ("kb", "docusaurus", "astro"):
        assert converted(text, engine) == text
        assert problems(text, engine) == []


# Citations --------------------------------------------------------------------------------


def test_quarto_citations_of_bibliography_keys():
    keys = frozenset({"Kubinec:2022", "a", "b"})
    text = "Regression [@Kubinec:2022], as @Kubinec:2022 shows [see @a, p. 3; @b].\nMail me@example.org."
    lines = converted(text, "quarto", citations=keys).split("\n")
    assert lines[0] == "Regression {cite:p}`Kubinec:2022`, as {cite:t}`Kubinec:2022` shows {cite:p}`a,b`."
    assert lines[1] == "Mail me@example.org."
    assert lines[2:] == ["", "## References", "", "```{bibliography}", "```"]
    assert problems(text, "quarto", citations=keys) == []


def test_a_key_missing_from_the_bibliography_is_text_and_a_warning():
    text = "As shown [@nobody:2020].\n"
    assert converted(text, "quarto", citations=frozenset()) == text
    [(line, _, message)] = problems(text, "quarto", citations=frozenset())
    assert line == 1 and message.startswith("citation '@nobody:2020' is not in the bibliography")


def test_links_to_people_are_not_citations():
    text = "Thanks [@fisker](https://github.com/fisker) and @squidfunk."
    assert converted(text, "quarto", citations=frozenset({"fisker", "squidfunk"})).split("\n")[0] == (
        "Thanks [@fisker](https://github.com/fisker) and {cite:t}`squidfunk`."
    )
    assert converted(text, "docusaurus", citations=frozenset({"fisker"})) == text


# Attributes, escapes, icons ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine", "text", "expected"),
    [
        (
            "docusaurus",
            "Intro\n\n#### Support ([#1](x)) {#change-1}",
            "Intro\n(change-1)=\n#### Support ([#1](x))",
        ),
        ("hugo", "## Heading {#id .class}", "## Heading"),
        ("jekyll", "* TOC\n{:toc}", "```{contents}\n```"),
        ("jekyll", "A table.\n{: .table}", "A table.\n"),
        (
            "mkdocs",
            "Go [:octicons-search-24: search][q] now{ .md-button }",
            "Go [ search][q] now{ .md-button }",
        ),
        ("mkdocs", "[Start](x){ .md-button }", "[Start](x)"),
        ("mkdocs", "[TOC]\n\nText", "```{contents}\n```\nText"),
        ("quarto", '![DAG](dag.png){width="50%"} and [caps]{.smallcaps}', "![DAG](dag.png) and caps"),
        ("quarto", "Text.^[A [link](x) note.]", "Text.[^kb-note-1]\n\n[^kb-note-1]: A [link](x) note."),
        ("hugo", '```\n{{</* tab name="A" */>}}\n```', '```\n{{< tab name="A" >}}\n```'),
        ("zola", '```\n{{/* youtube(id="x") */}}\n```', '```\n{{ youtube(id="x") }}\n```'),
    ],
)
def test_attributes_escapes_and_icons(engine, text, expected):
    assert converted(text, engine) == expected


# What is left ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine", "text", "what"),
    [
        ("jekyll", "See {{ site.title }}.", "a Liquid variable (Jekyll)"),
        ("jekyll", "{% link _docs/history.md %}", "a Liquid tag (Jekyll)"),
        ("hexo", "{% post_link other %}", "a Hexo tag plugin"),
        ("zola", '{{ iine(slug="/x") }}', "a Zola shortcode"),
        ("zola", "{% if x %}", "a Tera tag (Zola)"),
        ("eleventy", '{% communityavatar "x" %}', "an Eleventy shortcode (Nunjucks or Liquid)"),
        ("pelican", "{% notebook x.ipynb %}", "a liquid_tags tag (Pelican)"),
        ("hugo", '{{< imgproc sunset Crop "500x300" >}}', "a Hugo shortcode"),
        ("quarto", "{{< pagebreak >}}", "a Quarto shortcode"),
        ("vuepress", "Title: {{ $frontmatter.title }}", "a Vue template expression (VuePress)"),
        ("mkdocs", "{{ config.site_name }}", "a Jinja variable (mkdocs-macros)"),
        (
            "kb",
            "{% include toc.html %}",
            "a template tag ({% ... %}, as Jekyll, Hexo, Eleventy and Pelican write them)",
        ),
        ("kb", "<Tabs>\n<TabItem value='a'>A</TabItem>\n</Tabs>", "an MDX (JSX) component"),
        ("astro", "The content :spoiler[is hidden]!", "a remark directive"),
    ],
)
def test_what_is_left_is_named_by_its_engine(engine, text, what):
    [(line, subtype, message)] = problems(text, engine)
    assert (line, subtype) == (1, "foreign")
    assert f" is {what}, " in message, message
    assert "\n" not in message


def test_hexo_tags_are_not_called_liquid_nor_zola_shortcodes():
    assert "Liquid" not in problems("{% post_link x %}", "hexo")[0][2]
    assert "Liquid" not in problems('{{ iine(slug="x") }}', "zola")[0][2]


def test_one_warning_per_file_at_its_first_line():
    text = "a\n\n{% link a.md %}\n\n{{ site.url }}\n\n{% post_url b %}"
    [(line, _, message)] = problems(text, "jekyll")
    assert line == 3 and message.endswith("(and 2 more line(s) like it in this file)")


def test_code_and_inline_code_are_never_looked_at():
    text = (
        "`{{< figure >}}` and ``{% include x %}``\n\n"
        "```liquid\n{% for p in site.posts %}\n```\n\n    {{ indented }}\n"
    )
    for engine in ("kb", "jekyll", "hugo", "eleventy", "zola"):
        assert converted(text, engine) == text
        assert problems(text, engine) == []


def test_myst_substitutions_are_not_liquid():
    assert problems("{{ name }}", "kb", substitutions=True) == []
    assert problems("{{ name }}", "kb", substitutions=False)


def test_figure_values_cannot_escape_the_role():
    line = converted('{{< figure src="a`b.png" caption="`}` {x} <y>" >}}', "hugo")
    assert line.startswith("{kb-figure}`") and line.count("`") == 2


def test_the_native_engine_is_the_default():
    assert convert("{{< youtube abc123 >}}").text == convert("{{< youtube abc123 >}}", NATIVE).text


# A site without engine markers -------------------------------------------------------------

# file -> (line of the first occurrence, fragments of its one warning)
EXPECTED = {
    "docs/articles/jekyll.md": (
        14,
        ["'{% include toc.html %}' is a template tag", "(and 1 more line(s) like it in this file)"],
    ),
    "docs/articles/mdx.md": (
        6,
        ["import Tabs from '@theme/Tabs';", "MDX import", "delete the line", "3 more"],
    ),
}


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    srcdir = copy_root(rootdir, "foreign", tmp_path_factory.mktemp("foreign") / "src")
    return srcdir, build(srcdir, freshenv=True)


def warnings(app) -> list[dict]:
    lines = strip_escape_sequences(app.warning.getvalue()).splitlines()
    found = [m.groupdict() for m in map(WARNING.match, lines) if m]
    assert len(found) == len(lines), app.warning.getvalue()
    return found


def test_one_warning_per_file_at_the_first_occurrence(site):
    srcdir, app = site
    foreign = [w for w in warnings(app) if w["type"] == "kb.foreign"]
    by_file = {w["path"].removeprefix(f"{srcdir}/"): w for w in foreign}
    assert len(by_file) == len(foreign)
    assert sorted(by_file) == sorted(EXPECTED)
    for name, (line, fragments) in EXPECTED.items():
        assert int(by_file[name]["line"]) == line, (name, by_file[name])
        for fragment in fragments:
            assert fragment in by_file[name]["message"], (name, by_file[name]["message"])


def test_conversions_keep_the_line_numbers_of_the_rest(site):
    # MyST's own warning for a line after two converted blocks still names the right line.
    srcdir, app = site
    [unknown] = [w for w in warnings(app) if w["type"] == "myst.directive_unknown"]
    # myst-parser 4 names an unknown directive's file with ".rst" appended; 5 does not.
    assert unknown["path"].removesuffix(".rst") == f"{srcdir}/docs/articles/jekyll.md"
    assert unknown["line"] == "18"


def test_highlight_blocks_become_code_blocks(site):
    _, app = site
    jekyll = content(page(app, "docs/articles/jekyll.html"))
    [python] = jekyll.select("div.highlight-python pre")
    [number] = python.select("span.linenos")  # {% highlight python linenos %}
    assert number.get_text().strip() == "1"
    number.decompose()
    assert python.get_text() == 'print("hello")  # ``` in code\n'
    assert "highlight" not in jekyll.get_text().replace("highlight-", "")
    [go] = content(page(app, "docs/articles/hugo.html")).select("div.highlight-go pre")
    for number in go.select("span.linenos"):  # "linenos=table"
        number.decompose()
    assert go.get_text() == "package main\n"


def test_liquid_raw_markers_are_dropped(site):
    _, app = site
    text = content(page(app, "docs/articles/jekyll.html")).get_text()
    assert "Shown as it is: {{ page.title }}" in text
    assert "raw %}" not in text


def test_hugo_figure_becomes_a_figure_with_an_escaped_caption(site):
    _, app = site
    [figure] = content(page(app, "docs/articles/hugo.html")).select("figure")
    img = figure.find("img")
    assert img["alt"] == "A chart"
    assert (app.outdir / "_images" / "chart.png").is_file()
    caption = figure.select_one(".caption-text")
    assert caption.get_text() == "Loss <b>curve</b> & `x` {y}"
    assert caption.find("b") is None


def test_hugo_notice_becomes_an_admonition_and_youtube_a_link_card(site):
    _, app = site
    hugo = content(page(app, "docs/articles/hugo.html"))
    [note] = hugo.select("div.admonition")
    assert note.select_one(".admonition-title").get_text() == "Info" and "A note." in note.get_text()
    assert "{{%" not in hugo.get_text()
    [card] = content(page(app, "index.html")).select("p.kb-embed-youtube")
    assert card.find("a")["href"] == "https://www.youtube.com/watch?v=abc123"


def test_code_and_prose_are_left_alone(site):
    _, app = site
    assert not [w for w in warnings(app) if w["path"].endswith("clean.md")]
    text = content(page(app, "docs/articles/clean.html")).get_text()
    assert "{% for post in site.posts %}" in text
    assert "{{< highlight go >}}" in text


def test_foreign_warnings_can_be_suppressed(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "foreign", tmp_path / "src")
    app = build(srcdir, freshenv=True, confoverrides={"suppress_warnings": ["kb.foreign"]})
    assert [w["type"] for w in warnings(app)] == ["myst.directive_unknown"]
