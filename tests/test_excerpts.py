"""Excerpts from the parsed body: plain text, the marker only outside code, roles as readers see them."""

from __future__ import annotations

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from myst_parser.parsers.docutils_ import Parser
from sphinx import addnodes
from trendkb.model import excerpts

TITLES = {"rlhf": "Reinforcement learning from human feedback"}


def doctree(body: str) -> nodes.document:
    return publish_doctree(
        body,
        parser=Parser(),
        settings_overrides={"report_level": 5, "myst_enable_extensions": ["dollarmath"]},
    )


def before(body: str) -> str | None:
    return excerpts.before_marker(doctree(body), TITLES.get)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Intro **bold** and `code`.\n\n<!--more-->\n\nRest.", "Intro bold and code."),
        ("First para.\n\nSecond [link](https://x.org).\n<!-- more -->\nRest", "First para. Second link."),
        ("No marker here.", None),
        ("<!--more-->\nRest", None),
        # Docusaurus: <!-- truncate --> in Markdown, {/* truncate */} in MDX.
        ("Intro.\n\n<!-- truncate -->\n\nRest.", "Intro."),
        ("Intro.\n\n<!--truncate-->\nRest.", "Intro."),
        ("Intro.\n\n{/* truncate */}\n\nRest.", "Intro."),
        ("Intro.\n\n<!-- truncated -->\n\nRest.", None),
        ("Math $x^2$ stays its TeX.\n\n<!--more-->", "Math x^2 stays its TeX."),
    ],
)
def test_text_before_the_marker(body, expected):
    assert before(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Write `<!--more-->` where the excerpt ends.\n\nMore text.",
        "Like this:\n\n```markdown\nIntro.\n<!--more-->\n```\n\nDone.",
        "Indented code:\n\n    <!-- more -->\n\nDone.",
    ],
)
def test_a_marker_quoted_in_code_is_text(body):
    assert before(body) is None


def test_a_marker_in_inline_code_is_shown_in_the_first_paragraph():
    body = "Write `<!--more-->` where the excerpt ends.\n\nMore text."
    assert excerpts.first_paragraph(doctree(body), TITLES.get) == "Write <!--more--> where the excerpt ends."


def test_a_marker_in_code_then_a_real_one():
    body = (
        "Use `<!--more-->` to cut.\n\n```\n<!-- more -->\n```\n\nStill the excerpt.\n\n<!-- more -->\n\nRest."
    )
    assert before(body) == "Use <!--more--> to cut. Still the excerpt."


def _pending(domain: str, kind: str, target: str, text: str, explicit: bool = False) -> addnodes.pending_xref:
    ref = addnodes.pending_xref(text, refdomain=domain, reftype=kind, reftarget=target, refexplicit=explicit)
    ref += nodes.inline(text, text)
    return ref


def test_roles_read_as_text():
    paragraph = nodes.paragraph()
    paragraph += nodes.Text("Models trained with ")
    paragraph += _pending("kb", "topic", "rlhf", "rlhf")
    paragraph += nodes.Text(" work well ")
    paragraph += _pending("cite", "p", "ouyang2022", "ouyang2022")
    paragraph += nodes.Text(". See ")
    paragraph += _pending("kb", "topic", "rlhf", "the RLHF page", explicit=True)
    paragraph += nodes.Text(" and ")
    paragraph += _pending("kb", "topic", "unknown-topic", "unknown-topic")
    paragraph += nodes.Text(" (")
    paragraph += _pending("cite", "t", "a", "a")
    paragraph += nodes.Text(").")
    paragraph += nodes.footnote_reference("1", "1")
    document = doctree("")
    document += paragraph
    assert excerpts.first_paragraph(document, TITLES.get) == (
        "Models trained with Reinforcement learning from human feedback work well. "
        "See the RLHF page and unknown-topic."
    )


def test_first_paragraph_is_cut_at_a_word():
    text = excerpts.first_paragraph(doctree("word " * 100), TITLES.get)
    assert len(text) <= excerpts.EXCERPT_LENGTH and text.endswith("\u2026") and " wor\u2026" not in text
