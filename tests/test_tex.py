"""Math as ML blogs write it: macros defined in the post, eqnarray, formulas found as MyST reads them."""

from __future__ import annotations

import pytest
from trendkb.reading import formulas, tex

# Macros -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("definitions", "use", "expanded"),
    [
        (r"\newcommand{\R}{\mathbb{R}}", r"x \in \R^n", r"x \in \mathbb{R}^n"),
        (r"\newcommand\R{\mathbb{R}}", r"\R", r"\mathbb{R}"),
        (r"\newcommand{\norm}[1]{\lVert#1\rVert}", r"\norm{x}", r"\lVert x\rVert"),
        (
            r"\newcommand{\norm}[2][2]{\lVert#2\rVert_{#1}}",
            r"\norm{x} \norm[p]{y}",
            r"\lVert x\rVert_{2} \lVert y\rVert_{p}",
        ),
        (r"\renewcommand{\vec}[1]{\mathbf{#1}}", r"\vec{v}", r"\mathbf{v}"),
        (r"\def\KL#1#2{D(#1\|#2)}", r"\KL{p}{q}", r"D(p\|q)"),
        (r"\DeclareMathOperator*{\argmax}{arg\,max}", r"\argmax_x f", r"\operatorname*{arg\,max}_x f"),
        (r"\newcommand{\E}{\mathbb{E}}\newcommand{\Ex}[1]{\E[#1]}", r"\Ex{X}", r"\mathbb{E}[X]"),
        (
            r"\newcommand{\ba}{\begin{aligned}}\newcommand{\ea}{\end{aligned}}",
            r"\ba a&=b\ea",
            r"\begin{aligned} a&=b\end{aligned}",
        ),
        (r"\newcommand{\x}{y}", r"\xi + \x", r"\xi + y"),  # a longer name is another command
    ],
)
def test_macros_apply_to_later_formulas(definitions, use, expanded):
    results = tex.expand_all([definitions, use])
    assert results[0] == tex.Expanded(None)  # only definitions: it shows nothing
    assert results[1] == tex.Expanded(expanded)


def test_definitions_inside_a_formula_apply_to_the_rest_of_it():
    [result] = tex.expand_all([r"\newcommand{\R}{\mathbb{R}} f: \R \to \R"])
    assert result.tex.strip() == r"f: \mathbb{R} \to \mathbb{R}"


def test_a_command_used_before_its_definition_gets_the_first_definition():
    results = tex.expand_all(
        [r"\R", r"\newcommand{\R}{\mathbb{R}}", r"\renewcommand{\R}{\mathcal{R}}", r"\R"]
    )
    assert [r.tex for r in results] == [r"\mathbb{R}", None, None, r"\mathcal{R}"]


def test_a_preamble_with_comments_and_blank_lines_shows_nothing():
    preamble = (
        "\n<!-- Number systems -->\n\\newcommand{\\N}{\\mathbb{N}}\n\n% a TeX comment\n\\require{mhchem}\n"
    )
    assert tex.expand_all([preamble]) == [tex.Expanded(None)]


def test_macros_that_never_end_are_an_error_not_a_hang():
    [_, result] = tex.expand_all([r"\newcommand{\a}{\a\a}", r"\a"])
    assert result.error == "a macro defined in this post expands without end"


def test_a_macro_without_its_arguments_is_an_error():
    [_, result] = tex.expand_all([r"\newcommand{\f}[2]{#1+#2}", r"\f{x}"])
    assert "needs 2 argument(s)" in result.error


def test_malformed_definitions_are_left_as_they_are():
    for text in (r"\newcommand{x}{y}", r"\newcommand{\x}[z]{y}", r"\newcommand{\x}"):
        assert tex.split_definitions(text) == ([], text)


# MathML -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["eqnarray", "eqnarray*"])
def test_eqnarray_is_right_centre_left_aligned(name):
    mathml = tex.tex_to_mathml(rf"\begin{{{name}}} a &=& b + c \\ &\le& d \end{{{name}}}", display=True)
    assert mathml.count("<mtr>") == 2
    assert [cell for cell in ("right", "center", "left") if f'columnalign="{cell}"' in mathml] == [
        "right",
        "center",
        "left",
    ]


def test_katex_names_and_mathjax_requires():
    assert "<mtext>KaTeX</mtext>" in tex.tex_to_mathml(r"\KaTeX", display=False)
    assert "require" not in tex.tex_to_mathml(r"\require{cancel} x", display=False)


def test_an_unsupported_command_is_one_error_naming_it():
    with pytest.raises(tex.MathError, match=r"unknown command '\\ce'"):
        tex.tex_to_mathml(r"\ce{H2O}", display=False)


# The check command's view of a page's formulas ------------------------------------------------


def test_formulas_are_found_as_myst_reads_them_with_their_lines():
    text = "\n".join(
        [
            "# T",
            "",
            "Inline $\\R$ and {math}`\\unknownone`.",
            "",
            "$$",
            "\\newcommand{\\R}{\\mathbb{R}}",
            "$$",
            "",
            "~~~{kb-callout} note",
            "Inside $\\unknowntwo{x}$.",
            "~~~",
            "",
            "```python",
            "$\\notmath$",
            "```",
        ]
    )
    found = formulas.find(text, ("colon_fence",))
    assert [f.tex for f in found] == [
        "\\R",
        "\\unknownone",
        "\\newcommand{\\R}{\\mathbb{R}}",
        "\\unknowntwo{x}",
    ]
    assert formulas.locate(text.split("\n"), [f.tex for f in found]) == [3, 3, 6, 10]
    messages = formulas.problems(found, text.split("\n"))
    assert [line for line, _ in messages] == [3, 10]
    assert messages[0][1] == (
        "math: cannot convert '\\unknownone' to MathML: unknown command '\\unknownone'; "
        "it is shown as TeX source"
    )
