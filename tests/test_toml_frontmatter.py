"""Hugo's TOML (``+++``) and JSON front matter (reading/tomljson.py through frontmatter.read)."""

from __future__ import annotations

import pytest
from trendkb.reading import aliases, frontmatter, tomljson


def read(text: str, **options) -> frontmatter.FrontMatter:
    return frontmatter.read(text, "article", prepare=aliases.Normalizer(**options))


def messages(result) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in result.problems]


HUGO = """+++
author = "Hugo Authors"
title = "Placeholder Text"
date = "2019-03-09"
description = "Lorem Ipsum Dolor Si Amet"
tags = [
    "markdown",
    "text",
]
+++

Lorem est tota propiore.
"""


def test_hugo_toml_block_is_read_with_aliases_and_lines():
    result = read(HUGO)
    assert result.problems == ()
    assert result.block_lines == 10
    assert result.data["title"] == "Placeholder Text"
    assert result.data["date"] == "2019-03-09"
    assert result.data["excerpt"] == "Lorem Ipsum Dolor Si Amet"
    assert result.data["tags"] == ["markdown", "text"]
    assert result.field_lines == {
        "author": 2,
        "title": 3,
        "date": 4,
        "description": 5,
        "tags": 6,
        "excerpt": 5,
    }


@pytest.mark.parametrize(
    ("toml", "date"),
    [
        ("date = 2024-03-04T10:30:00+02:00", "2024-03-04T10:30:00+02:00"),  # offset date-time
        ("date = 2024-03-04T10:30:00Z", "2024-03-04T10:30:00+00:00"),
        ("date = 2024-03-04 10:30:00", "2024-03-04T10:30:00"),  # local date-time: the site's zone
        ("date = 2024-03-04", "2024-03-04"),  # local date
        ('date = "2024-03-04 10:30:00 -0400"', "2024-03-04 10:30:00 -0400"),  # a string, as in YAML
    ],
)
def test_toml_datetimes_become_the_date_forms_of_yaml(toml, date):
    result = read(f'+++\ntitle = "T"\n{toml}\n+++\n')
    assert result.problems == () and result.data["date"] == date


def test_numbers_stay_text_and_item_lines_are_known():
    result = read('+++\ntitle = 2024\ndate = 2024-01-01\ntags = [\n  "a",\n  7,\n]\n+++\n')
    assert result.data["title"] == "2024"
    assert result.data["tags"] == ["a", "7"]
    # A bad item is reported at its own line, like YAML's.
    bad = read('+++\ntitle = "T"\ndate = 2024-01-01\ntags = [\n  "a",\n  {x = 1},\n]\n+++\n')
    [(line, message)] = messages(bad)
    assert (
        line == 6 and message.startswith("field 'tags', item 2: expected") and message.endswith("a mapping")
    )


def test_validation_warnings_name_the_line_and_field():
    result = read('+++\ntitle = "T"\ndate = "2024-02-30"\ntagz = ["x"]\n+++\n')
    found = dict(messages(result))
    assert found[3].startswith("field 'date': expected an ISO 8601 date such as 2024-03-04")
    assert found[4].startswith("unknown field 'tagz' (did you mean 'tags'?): expected one of title, date")


def test_tables_and_dotted_keys_are_top_level_fields():
    text = (
        '+++\ntitle = "T"\ndate = 2024-01-01\nparams.math = true\n'
        '[cover]\nimage = "c.png"\ntitle = "not the title"\n[[resources]]\nsrc = "x"\n+++\n'
    )
    result = read(text, unknown="keep")
    assert result.problems == ()
    assert result.data["title"] == "T" and result.data["image"] == "c.png"
    assert result.field_lines["params"] == 4 and result.field_lines["image"] == 5


@pytest.mark.parametrize(
    ("text", "line", "start"),
    [
        (
            '+++\ntitle = "T"\ndate = 2024-01-01\ntags = ["a", "b"\n+++\n',
            4,
            "malformed TOML in field 'tags': ",
        ),
        ('+++\ntitle = "T"\ntitle = "U"\n+++\n', 3, "malformed TOML in field 'title': "),
        ('+++\ntitle = "T"\ndate = 2024-02-30\n+++\n', 3, "malformed TOML in field 'date': "),
        ('+++\ntitle: "T"\n+++\n', 2, "malformed TOML in field 'title': "),
    ],
)
def test_malformed_toml_gets_one_warning_with_its_line(text, line, start):
    result = read(text)
    [(found, message)] = messages(result)
    assert found == line and message.startswith(start)
    assert message.endswith('expected valid TOML such as \'tags = ["AI", "NLP"]\'')
    assert result.block_lines > 0  # the block is still taken off the page


def test_unclosed_toml_block():
    assert messages(read('+++\ntitle = "T"\n\nBody.\n')) == [
        (1, "the front matter is never closed: expected a '+++' line after its fields")
    ]


def test_plus_signs_later_in_the_file_are_not_front_matter():
    result = read('Text.\n+++\ntitle = "T"\n+++\n')
    assert messages(result)[0][1].startswith("no front matter")


def test_hugo_json_front_matter():
    text = (
        '{\n  "title": "T",\n  "date": "2024-03-04T10:30:00Z",\n  "tags": [\n    "a",\n    3\n  ],\n'
        '  "weight": 2\n}\n\nBody.\n'
    )
    result = read(text, unknown="keep")
    assert result.problems == ()
    assert result.block_lines == 9
    assert result.data["tags"] == ["a", "3"]
    assert result.field_lines == {"title": 2, "date": 3, "tags": 4, "weight": 8}


def test_json_problems_have_lines():
    duplicate = read('{\n  "title": "T",\n  "date": "2024-01-01",\n  "title": "U"\n}\n')
    assert messages(duplicate) == [(4, "field 'title' is given more than once: the last value is used")]
    assert duplicate.data["title"] == "U"
    [(line, message)] = messages(read('{\n  "title": "T",\n  "date": "2024-01-01"\n  "tags": []\n}\n'))
    assert line == 4 and message.startswith("malformed JSON in field 'tags': Expecting ',' delimiter")


def test_hostile_keys_and_values_are_cleaned_as_in_yaml():
    result = read('+++\ntitle = "A\\u0007B"\ndate = 2024-01-01\n"\\u001b[31m" = 1\n+++\n')
    assert result.data["title"] == "AB"
    assert all("\x1b" not in message and "\x07" not in message for _, message in messages(result))


def test_split_and_load_directly():
    assert tomljson.split("---\ntitle: T\n---\n") is None
    assert tomljson.split("+++\na = 1\n+++\nbody") == (tomljson.TOML, "a = 1\n", 3)
    data, lines, duplicates = tomljson.load(tomljson.TOML, 'a = 1\n"x:y" = [1, [2, 3],\n  4]\n')
    assert data == {"a": "1", "x:y": ["1", ["2", "3"], "4"]} and duplicates == []
    assert lines == {("a",): 2, ("x:y",): 3, ("x:y", 0): 3, ("x:y", 1): 3, ("x:y", 2): 4}
