"""The front matter reader on its own: valid input, odd-but-valid input, bad input."""

from __future__ import annotations

import pytest
from trendkb.model.catalog import Article
from trendkb.reading import aliases, frontmatter

VALID = """---
title: "Machine Learning Trends in 2024"
date: 2024-03-04
excerpt: "What moved in 2024."
tags: ["Machine Learning", "AI"]
author: "Fatih Nayebi"
featured: true
---

Body.
"""


def test_valid_front_matter_round_trips():
    result = frontmatter.read(VALID)
    assert result.problems == ()
    assert result.block_lines == 8
    assert result.data == {
        "title": "Machine Learning Trends in 2024",
        "date": "2024-03-04",
        "excerpt": "What moved in 2024.",
        "tags": ["Machine Learning", "AI"],
        "author": "Fatih Nayebi",
        "featured": True,
    }


def test_featured_defaults_to_false_and_dates_may_be_quoted():
    result = frontmatter.read('---\ntitle: T\ndate: "2024-03-04"\n---\n')
    assert result.problems == ()
    assert result.data["featured"] is False
    assert Article.from_front_matter("a", result.data).date.isoformat() == "2024-03-04"


@pytest.mark.parametrize(
    "text",
    [
        VALID.replace("\n", "\r\n"),
        "\ufeff" + VALID,
        VALID.replace('["Machine Learning", "AI"]', '["Künstliche Intelligenz", "C++", "机器学习"]'),
        VALID.replace('"Fatih Nayebi"', "[Zoë Ångström, 李雷]"),
        VALID.replace('"Machine Learning Trends in 2024"', "2024"),
    ],
    ids=["crlf", "bom", "non-ascii-tags", "non-ascii-authors", "numeric-title"],
)
def test_odd_looking_text_is_valid(text):
    result = frontmatter.read(text)
    assert result.problems == ()
    assert result.data["title"]


@pytest.mark.parametrize(
    ("text", "line", "fragments"),
    [
        ("", 1, ["the file is empty", "title", "date"]),
        ("# Just a body\n", 1, ["no front matter", "'---'"]),
        ("---\ntitle: x\n", 1, ["never closed", "'---'"]),
        ("---\ntitle: T\ndate: 2024-01-01\ntags: [a, b\n---\n", 4, ["malformed YAML", "'tags'", "expected"]),
        ("---\n- a\n- b\n---\n", 1, ["a list, not a mapping", "title"]),
        ("---\n---\n", 1, ["empty", "expected fields"]),
        ("---\ntitle: T\n---\n", 1, ["no 'date'", "ISO 8601"]),
        ("---\ndate: 2024-01-01\n---\n", 1, ["no 'title'", "text"]),
        ("---\ntitle: T\ndate: 2024-02-30\n---\n", 3, ["field 'date'", "ISO 8601", "'2024-02-30'"]),
        ("---\ntitle: T\ndate: March 4\n---\n", 3, ["field 'date'", "ISO 8601"]),
        ("---\ntitle: T\ndate: 2024-01-01\ntags: AI\n---\n", 4, ["field 'tags'", "a list of text", "'AI'"]),
        (
            "---\ntitle: T\ndate: 2024-01-01\ntags:\n  - AI\n  - [x]\n---\n",
            6,
            ["field 'tags', item 2", "a list"],
        ),
        ("---\ntitle: T\ndate: 2024-01-01\nfeatured: maybe\n---\n", 4, ["field 'featured'", "true or false"]),
        (
            "---\ntitle: T\ndate: 2024-01-01\ntagz: [AI]\n---\n",
            4,
            ["unknown field 'tagz'", "did you mean 'tags'"],
        ),
        (
            "---\ntitle: T\ndate: 2024-01-01\nauthor: 42\nauthor: [x]\n---\n",
            5,
            ["'author' is given more than once"],
        ),
        ("---\ntitle: [a, b]\ndate: 2024-01-01\n---\n", 2, ["field 'title'", "text", "a list"]),
        ("---\ntitle: T\ndate: 2024-01-01\nexcerpt:\n---\n", 4, ["field 'excerpt'", "an empty value"]),
        # A regex "$" would accept the slug before its trailing newline.
        ('---\ntitle: T\ndate: 2024-01-01\ntopics: ["rlhf\\n"]\n---\n', 4, ["field 'topics'", "slug"]),
    ],
)
def test_each_problem_gets_one_message_with_line_and_field(text, line, fragments):
    # Read as the build reads an article: the schema, and the engines' rules before it.
    result = frontmatter.read(text, prepare=aliases.Normalizer())
    assert len(result.problems) == 1, result.problems
    problem = result.problems[0]
    assert problem.line == line
    for fragment in fragments:
        assert fragment in problem.message
    assert problem.subtype == "frontmatter"


def test_invalid_fields_are_dropped_and_valid_ones_kept():
    result = frontmatter.read("---\ntitle: T\ndate: 2024-01-01\ntags: AI\nfeatured: maybe\n---\n")
    assert len(result.problems) == 2
    assert result.data == {"title": "T", "date": "2024-01-01", "featured": False}


def test_yaml_cannot_construct_arbitrary_objects():
    result = frontmatter.read("---\ntitle: !!python/object/apply:os.system ['true']\ndate: 2024-01-01\n---\n")
    # Only the field with the tag is lost: the others are kept.
    assert result.data == {"date": "2024-01-01", "featured": False}
    [malformed] = [p for p in result.problems if "malformed YAML" in p.message]
    assert malformed.line == 2
    assert "field 'title'" in malformed.message
