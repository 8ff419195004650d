"""Raw HTML that would hide or swallow the rest of a page: a warning with its line, and the rest shown."""

from __future__ import annotations

import pytest
from trendkb.reading.engines import NATIVE
from trendkb.reading.foreign import convert


def html_problems(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in convert(text, NATIVE).problems if p.subtype == "html"]


def test_an_unclosed_hidden_container_is_closed_at_the_end_of_its_block():
    text = 'Intro.\n\n<div style="display: none">\nHidden.\n\nThe rest.\n'
    result = convert(text, NATIVE)
    [(line, message)] = html_problems(text)
    assert line == 3
    assert message == (
        "'<div style=\"display: none\">' is never closed, so it would hide the rest of the page: it is "
        "closed at the end of its HTML block here; add '</div>' where it should end"
    )
    assert result.text.split("\n")[3] == "Hidden.</div>"
    assert result.text.split("\n")[5] == "The rest."


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("<details>\n<summary>More</summary>\n\nEverything after.", 1, "would hide the rest of the page"),
        ("Text <span hidden>secret\n\nmore", 1, "'<span hidden>' is never closed"),
        ('<a href="https://x.org">\n\nAll of this is a link.', 1, "would swallow the rest of the page"),
        ("a\n\n<!-- a comment never closed\n\nrest", 3, "opens an HTML comment that is never closed"),
        ('<p style="visibility:hidden">x</p>\n<div hidden="">\nContent\n</div>', 1, "is a hidden container"),
        ('<div hidden="">\nContent\n</div>', 1, "readers never see what it holds (lines 1-3)"),
    ],
)
def test_what_hides_or_swallows_the_page(text, line, fragment):
    found = html_problems(text)
    assert found and found[0][0] == line and fragment in found[0][1], found


@pytest.mark.parametrize(
    "text",
    [
        "<div>\n\nMarkdown inside.\n\n</div>",
        "<details><summary>Folded</summary>\n\nText\n\n</details>",
        "Void <br> and <img src='x.png'> and <hr/> elements.",
        "Optional ends: <p>one<p>two <li>three",
        "Autolinks <https://example.org> and <me@example.org> are links.",
        "Generics like Vec<T> and keys like <Ctrl> are prose.",
        "An escaped \\<b\\> is text.",
        '`<div hidden>` in code, and\n\n```html\n<div style="display:none">\n```',
        '<div id="chart" hidden></div>',  # an empty mount point hides nothing
        "<!-- a comment -->\n\n<!--\nmultiline\n-->",
        "<script>\nif (a < b) { document.write('<div>') }\n</script>",
    ],
)
def test_html_that_hides_nothing_is_left_alone(text):
    assert html_problems(text) == []
    assert convert(text, NATIVE).text == text


def test_a_hidden_macro_preamble_is_not_a_hidden_container():
    text = '<div style="display:none">$$\\newcommand{\\R}{\\mathbb{R}}$$</div>\n\n$\\R$'
    assert html_problems(text) == []
