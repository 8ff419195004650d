"""Property tests (Hypothesis) of the body conversions, for every engine.

- converting never raises, whatever the text, and every warning is one line at a line of the file;
- every line outside the converted constructs keeps its number and its text;
- code blocks and inline code are never touched (Hugo's and Zola's escaped shortcodes aside,
  which are not generated here).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from trendkb.reading.engines import ENGINES
from trendkb.reading.foreign import convert

ENGINE = st.sampled_from(sorted(ENGINES))

#: Real constructs of every engine, each complete (a multi-line one has its own lines).
CONSTRUCTS = [
    "{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}",
    "{{< highlight go >}}\nx := 1\n{{< /highlight >}}",
    '{{< figure src="a.png" caption="A `c` {d}" >}}',
    "{{< youtube abc123 >}} and {% youtube xyz %}",
    "{{% notice tip %}}\nA tip.\n{{% /notice %}}",
    '!!! note "T"\n    Body.\n\n    More body.',
    "??? tip\n    Folded.",
    '=== "A"\n    a\n\n=== "B"\n    b',
    ":::tip Title\nBody\n:::",
    "::: {.callout-note}\n## Title\nBody\n:::",
    "::: {.panel-tabset}\n## One\n\n1\n\n## Two\n\n2\n:::",
    "```{r}\n#| echo: false\n1 + 1\n```",
    "```python\n{% include x.html %}\n```",
    "import X from 'y';\nexport const a = {\n  b: 1,\n};",
    "<Callout>\n  Inside.\n</Callout>",
    '<Image\n  src="/b.jpg"\n/>',
    "$$\n\\newcommand{\\R}{\\mathbb{R}}\n$$",
    "Inline $$x$$ and \\(y\\) and \\[z_i\\] and $ \\alpha $.",
    "\\[\nx = 1\n\\]",
    '<div style="display:none">\nHidden',
    "> [!NOTE]\n> An alert.",
    "{% raw %}\n{{ x }}\n{% endraw %}",
    "{% comment %}\nA comment.\n{% endcomment %}",
    "<!-- more -->",
    "{% include_relative a.py %}",
    "{{ site.title }} and {% link x.md %} and {{ iine() }}",
    "A note^[with text] and [@key] and @key.",
    "## Heading {#custom-id}",
    '<script type="module">\nimport { a } from "./a.js";\n</script>',
    "{% codeblock Title lang:js mark:1 %}\nx\n{% endcodeblock %}",
    '{% admonition(type="tip", title="T") %}\nBody\n{% end %}',
    "{% blockquote Author, Source %}\nQuote.\n{% endblockquote %}",
    "<details>\n<summary>More</summary>",
    "{/* truncate */}",
    "[TOC]",
    "* TOC\n{:toc}",
]
ONE_LINE = [c for c in CONSTRUCTS if "\n" not in c and "`" not in c]
PLAIN = st.integers(min_value=0, max_value=10**6).map(lambda n: f"plain words {n} end")


def _document(segments: list[tuple[str, str]]) -> tuple[str, dict[int, str]]:
    """The text (segments separated by blank lines), and the index of each plain line."""
    lines: list[str] = []
    plain: dict[int, str] = {}
    for kind, text in segments:
        if lines:
            lines.append("")
        if kind == "plain":
            plain[len(lines)] = text
        lines.extend(text.split("\n"))
    return "\n".join(lines), plain


SEGMENTS = st.lists(
    st.one_of(PLAIN.map(lambda t: ("plain", t)), st.sampled_from(CONSTRUCTS).map(lambda t: ("construct", t))),
    max_size=14,
)


@given(ENGINE, SEGMENTS)
def test_lines_outside_converted_constructs_keep_their_number(engine, segments):
    text, plain = _document(segments)
    lines = convert(text, ENGINES[engine], citations=frozenset({"key"}), stem="post").text.split("\n")
    assert len(lines) >= text.count("\n") + 1
    for index, expected in plain.items():
        assert lines[index] == expected


TEXT = st.text(
    alphabet=st.sampled_from([*"{}%<>/!?=:$\\@^[]()`~#*-_ \n\tabc\"'|.,;+", "\u2028", "\x00", "é"]),
    max_size=300,
)


@given(ENGINE, st.one_of(TEXT, SEGMENTS.map(lambda s: _document(s)[0])))
def test_never_raises_and_every_warning_is_one_line_at_a_line_of_the_file(engine, text):
    result = convert(text, ENGINES[engine], citations=frozenset({"key"}))
    total = max(len(text.split("\n")), len(result.text.split("\n")))
    for problem in result.problems:
        assert 1 <= problem.line <= total
        assert "\n" not in problem.message and problem.subtype in ("foreign", "html")
    # One warning for what shows as text, one for what is left out, one for citations.
    assert sum(p.subtype == "foreign" for p in result.problems) <= 3


@given(ENGINE, st.lists(st.sampled_from(CONSTRUCTS), min_size=1, max_size=4), SEGMENTS)
def test_code_blocks_are_never_touched(engine, inside, segments):
    fence = ["~~~~text", *"\n\n".join(inside).split("\n"), "~~~~"]
    text, _ = _document([*segments, ("fence", "\n".join(fence))])
    start = text.split("\n").index("~~~~text")
    lines = convert(text, ENGINES[engine]).text.split("\n")
    assert lines[start : start + len(fence)] == fence


@given(ENGINE, st.sampled_from(ONE_LINE), SEGMENTS)
def test_inline_code_is_never_touched(engine, construct, segments):
    quoted = f"Write ``{construct}`` for that."
    text, _ = _document([*segments, ("plain", quoted)])
    index = len(text.split("\n")) - 1
    lines = convert(text, ENGINES[engine]).text.split("\n")
    assert f"``{construct}``" in lines[index]
