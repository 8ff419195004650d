"""Other engines' syntax in a body: the commonest converted, the rest one warning per file."""

from __future__ import annotations

import re

import pytest
from kbtest import build, content, copy_root, page
from sphinx.util.console import strip_escape_sequences
from trendkb.reading.foreign import convert_and_find

WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.*) \[(?P<type>[\w.]+)\]$")

# file -> (line of the first occurrence, fragments of its one warning)
EXPECTED = {
    "index.md": (3, ["'{{< youtube abc123 >}}' is a Hugo shortcode", "plain text", "MyST"]),
    "docs/articles/jekyll.md": (14, ["'{% include toc.html %}' is a Liquid tag (Jekyll)", "and 1 more line"]),
    "docs/articles/hugo.md": (12, ["'{{% notice info %}}' is a Hugo shortcode", "and 1 more line"]),
    "docs/articles/mdx.md": (
        6,
        ["import Tabs from '@theme/Tabs';", "MDX import", "delete", "3 more"],
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
    assert unknown["path"] == f"{srcdir}/docs/articles/jekyll.md"
    assert unknown["line"] == "18"


def test_highlight_blocks_become_code_blocks(site):
    _, app = site
    jekyll = content(page(app, "docs/articles/jekyll.html"))
    [python] = jekyll.select("div.highlight-python pre")
    assert python.get_text() == 'print("hello")  # ``` in code\n'
    assert "highlight" not in jekyll.get_text().replace("highlight-", "")
    [go] = content(page(app, "docs/articles/hugo.html")).select("div.highlight-go pre")
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\n{% highlight ruby %}\nx\n{% endhighlight %}\nb", "a\n```ruby\nx\n```\nb"),
        ("  {{< highlight go >}}\n  ````\n  {{< /highlight >}}", "  `````go\n  ````\n  `````"),
        ("{% highlight ruby %}\nnever closed", "{% highlight ruby %}\nnever closed"),
        ("{% raw %}\n{{ x }}\n{% endraw %}", "\n{{ x }}\n"),
    ],
)
def test_conversions_are_line_for_line(text, expected):
    converted, _ = convert_and_find(text)
    assert converted == expected
    assert converted.count("\n") == text.count("\n")


def test_hugo_figure_values_cannot_escape_the_role():
    converted, found = convert_and_find('{{< figure src="a`b.png" caption="`}` {x} <y>" >}}')
    assert not found
    assert converted.startswith("{kb-figure}`") and converted.count("`") == 2


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("x\n\ny {{ site.title }}", 3, "Liquid variable"),
        ("```\n{% x %}\n```\n{% y %}", 4, "Liquid tag"),
        ("`{{< a >}}` then {{< b >}}", 1, "Hugo shortcode"),
        ("export const meta = {};", 1, "MDX import or export"),
        ("<Card title='x' />", 1, "JSX"),
        ("---\ntitle: '{{ x }}'\n---\n<Tabs>\n</Tabs>", 4, "JSX"),
    ],
)
def test_what_is_found(text, line, what):
    _, found = convert_and_find(text)
    assert found[0][0] == line
    assert what in found[0][2]


def test_myst_substitutions_are_not_liquid():
    assert convert_and_find("{{ name }}", substitutions=True)[1] == []
    assert convert_and_find("{{ name }}", substitutions=False)[1]
