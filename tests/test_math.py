"""Math: $...$, $$...$$ and amsmath rendered to MathML at build time, with no script."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from kbtest import build, content, copy_root, page
from trendkb.pages.math import MathError, tex_to_mathml

ARTICLE = "docs/articles/formulas.html"
TOPIC = "docs/topics/attention.html"


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "math", tmp_path_factory.mktemp("math") / "src"))


def test_articles_and_topics_show_mathml(site):
    article = content(page(site, ARTICLE))
    inline = article.select("span.kb-math > math")
    blocks = article.select("div.kb-math > math[display=block]")
    assert {m["display"] for m in inline} == {"inline"}
    assert len(blocks) == 3  # the display formula, the align environment, the aligned block
    assert blocks[1].find("mtable") and len(blocks[1].find_all("mtr")) == 2  # \begin{align}: two rows
    assert blocks[2].find("mfrac")  # aligned, rewritten to a table latex2mathml draws
    topic = content(page(site, TOPIC))
    assert topic.select_one("span.kb-math > math mo").get_text() == "softmax"
    # A labelled equation is numbered, and {eq} links to it; ids stay unique under Furo's wrapper.
    assert topic.select_one("div.kb-math span.eqno").get_text(strip=True).startswith("(1)")
    assert topic.find("a", class_="reference", href="#equation-attention").get_text() == "(1)"
    assert len(page(site, TOPIC).select("#equation-attention")) == 1


def test_pages_need_no_script_and_no_cdn(site):
    soup = page(site, ARTICLE)
    sources = [s.get("src", "") for s in soup.find_all("script")]
    assert not any("mathjax" in src.lower() or "katex" in src.lower() for src in sources)
    assert not any("://" in src for src in sources)
    # The small stylesheet is linked on pages with math only, and served by the site.
    assert soup.find("link", href=re.compile(r"_static/kb-math\.css"))
    assert not page(site, "index.html").find("link", href=re.compile("kb-math"))
    assert (Path(site.outdir) / "_static" / "kb-math.css").is_file()


def test_bad_formula_warns_with_file_and_line_and_shows_tex(site):
    warnings = site.warning.getvalue()
    assert "Traceback" not in warnings
    bad = [line for line in warnings.splitlines() if "[kb.math]" in line]
    assert len(bad) == 2, warnings
    assert re.search(r"formulas\.md:28: WARNING: math: cannot convert '\\frac\{1\}\{' .*'\{' without", bad[0])
    assert re.search(r"formulas\.md:30: .*unknown command '\\unknowncommand'", bad[1])
    shown = [code.get_text() for code in content(page(site, ARTICLE)).select("code.kb-math-error")]
    assert shown == [r"\frac{1}{", r"\unknowncommand{<b>x</b>}"]  # escaped, shown as typed


def test_formulas_cannot_inject_html(site):
    html = (Path(site.outdir) / ARTICLE).read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "<b>x</b>" not in html
    texts = [t.get_text() for t in content(page(site, ARTICLE)).select("math mtext")]
    assert "<script>alert(1)</script>" in texts  # shown as text


def test_prices_stay_prose(site):
    article = content(page(site, ARTICLE))
    prices = next(p for p in article.find_all("p") if "costs" in p.get_text())
    assert prices.get_text() == "Prices stay prose: it costs $5 and $10, or $3.50."
    assert prices.find("math") is None


def test_trendkb_enables_myst_math(site):
    # conf.py lists only colon_fence; its order is kept and the math parsers are appended.
    assert site.config.myst_enable_extensions == ["colon_fence", "dollarmath", "amsmath"]
    assert site.config.myst_dmath_allow_space is False
    assert site.config.myst_dmath_allow_digits is False
    assert site.builder.math_renderer_name == "kb_mathml"


def test_dollar_rules_can_be_left_to_myst(rootdir, tmp_path):
    src = copy_root(rootdir, "math", tmp_path / "src")
    app = build(src, confoverrides={"kb_math_strict_dollars": False})
    assert app.config.myst_dmath_allow_space is True
    prices = next(p for p in content(page(app, ARTICLE)).find_all("p") if "costs" in p.get_text())
    assert prices.find("math") is not None  # MyST's own rules read "$5 and $" as a formula


@pytest.mark.parametrize("builder", ["singlehtml", "epub"])
def test_other_html_builders(rootdir, tmp_path, builder):
    src = copy_root(rootdir, "math", tmp_path / "src")
    article = src / "docs/articles/formulas.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.split("Bad:")[0], encoding="utf-8")  # no bad formula: -W passes
    app = build(src, builder, warningiserror=True)
    assert "[kb.math]" not in app.warning.getvalue()
    outdir = Path(app.outdir)
    if builder == "singlehtml":  # the pages in the toctree: the topics
        html = (outdir / "index.html").read_text(encoding="utf-8")
    else:
        with zipfile.ZipFile(next(outdir.glob("*.epub"))) as archive:
            html = archive.read("docs/articles/formulas.xhtml").decode()
    assert re.search(r'<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">', html)


@pytest.mark.parametrize(
    "tex",
    [r"\href{javascript:alert(1)}{x}", r"\style{position:fixed}{x}", r'\color{red" onclick="x}{y}'],
)
def test_links_styles_and_attributes_are_dropped_or_escaped(tex):
    mathml = tex_to_mathml(tex, display=False)
    assert "href" not in mathml and "style=" not in mathml and 'onclick="' not in mathml


@pytest.mark.parametrize(
    ("tex", "reason"),
    [
        (r"\left( x", r"\left without its \right"),
        (r"\begin{align} x", r"\begin without its \end"),
        (r"x^{2", "'{' without its '}'"),
        (r"\begin{tikzpicture}\end{tikzpicture}", "unsupported environment 'tikzpicture'"),
        (r"a & b", "'&' outside an alignment environment"),
    ],
)
def test_unconvertible_formulas_say_why(tex, reason):
    with pytest.raises(MathError, match=re.escape(reason)):
        tex_to_mathml(tex, display=True)


def test_common_ml_notation_converts():
    for tex in [
        r"\arg\max_\theta \mathbb{E}_{x \sim p}[\log q_\theta(x)]",
        r"\operatorname*{arg\,min}_w \|w\|_2^2 + \lambda \sum_i \ell(y_i, \hat y_i)",
        r"\begin{gather} a = b \\ c = d \end{gather}",
        r"\begin{equation} \mathrm{KL}(p \,\|\, q) \label{eq:kl} \end{equation}",
        r"\begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
        r"\text{costs \$5}",
    ]:
        assert tex_to_mathml(tex, display=True).startswith("<math")
    # Limits go under a sum in display style and beside it inline (movablelimits).
    assert "<munderover><mo" in tex_to_mathml(r"\sum_{i=1}^N x_i", display=False)
