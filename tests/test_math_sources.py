"""Math delimiters as MathJax, KaTeX and kramdown read them, converted to MyST's (pure functions)."""

from __future__ import annotations

import pytest
from trendkb.reading.engines import ENGINES
from trendkb.reading.foreign import convert


def body(text: str, engine: str = "hugo") -> str:
    return convert(text, ENGINES[engine]).text


@pytest.mark.parametrize(
    ("engine", "text", "expected"),
    [
        ("hugo", r"Inline \(x^2\) here.", r"Inline {math}`x^2` here."),
        ("jekyll", r"Inline \\(x^2\\) here.", r"Inline {math}`x^2` here."),
        ("hugo", r"Shown \[ \sum_i x_i \] here.", r"Shown {math}`\displaystyle \sum_i x_i` here."),
        ("hugo", "Text\n\\[\nx = 1\n\\]\nmore", "Text\n```{math}\nx = 1\n```\nmore"),
        ("hugo", r"An escaped bracket \[1\] is text.", r"An escaped bracket \[1\] is text."),
        ("jekyll", r"The loss $$\ell(x)$$ is small.", r"The loss {math}`\ell(x)` is small."),
        ("hugo", r"The loss $$\ell(x)$$ is small.", r"The loss {math}`\displaystyle \ell(x)` is small."),
        ("jekyll", "A line\n$$\nx\n$$", "A line\n```{math}\nx\n```"),
        ("jekyll", "A line\n\n$$\nx\n$$", "A line\n\n$$\nx\n$$"),  # MyST's own display block
        ("jekyll", "\n$$x = 1$$\n", "\n$$x = 1$$\n"),
        ("pelican", r"around $\$$40,000 a year", r"around \$40,000 a year"),
        ("zola", r"render: $ \sin(x) = x $ and $ 5 $", r"render: {math}`\sin(x) = x` and $ 5 $"),
        ("kb", r"render: $ \sin(x) $", r"render: $ \sin(x) $"),  # the site's own strict dollars
        (
            "quarto",
            "\\newcommand{\\R}{\\mathbb{R}}\n\nText",
            "{math}`\\newcommand{\\R}{\\mathbb{R}}`\n\nText",
        ),
        ("hugo", "`\\(x\\)` in code", "`\\(x\\)` in code"),
        ("hugo", "Money: $5 and $10.", "Money: $5 and $10."),
    ],
)
def test_delimiters_as_mathjax_and_kramdown_read_them(engine, text, expected):
    assert body(text, engine) == expected


def test_a_hidden_macro_preamble_is_unwrapped_so_its_macros_apply():
    text = '<div style="display:none">\n$$\n\\newcommand{\\E}{\\mathbb{E}}\n$$\n</div>\n\nThe $\\E[x]$.'
    result = convert(text, ENGINES["jekyll"])
    assert result.problems == ()
    lines = result.text.split("\n")
    assert lines[0] == "{math}`\\newcommand{\\E}{\\mathbb{E}}`" and lines[1:5] == ["", "", "", ""]
