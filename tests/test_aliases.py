"""Other engines' front-matter keys mapped onto ours (reading/aliases.py), without Sphinx."""

from __future__ import annotations

import pytest
from trendkb.model import media
from trendkb.reading import aliases, frontmatter
from trendkb.reading.published import Policy

PNG = b"\x89PNG\r\n\x1a\n" + bytes(24)


def read(text: str, **options) -> tuple[frontmatter.FrontMatter, aliases.Normalizer]:
    normalizer = aliases.Normalizer(**options)
    return frontmatter.read(text, "article", prepare=normalizer), normalizer


def messages(result) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in result.problems]


def test_aliases_become_their_fields():
    result, _ = read(
        "---\ntitle: T\ndate: 2024-01-01\ndescription: D\nauthors: [A, {name: B, url: x}]\n"
        "lastmod: 2024-02-01\nimages: [a.png, b.png]\ncategories: [ML]\ntags: [AI]\n---\n"
    )
    assert result.problems == ()
    assert result.data["excerpt"] == "D"
    assert result.data["author"] == ["A", "B"]
    assert result.data["updated"] == "2024-02-01"
    assert result.data["image"] == "a.png"
    assert result.data["tags"] == ["AI", "ML"]
    assert result.field_lines["excerpt"] == 4


@pytest.mark.parametrize(
    ("yaml", "image"),
    [
        ("cover:\n  image: c.png\n  alt: x", "c.png"),
        ("image: i.png", "i.png"),
        ("images: https://x.org/i.png", "https://x.org/i.png"),
    ],
)
def test_image_shapes(yaml, image):
    result, _ = read(f"---\ntitle: T\ndate: 2024-01-01\n{yaml}\n---\n")
    assert result.data["image"] == image


def test_jekyll_categories_string_is_space_separated():
    result, _ = read("---\ntitle: T\ndate: 2024-01-01\ncategories: ml deep-learning\ncategory: NLP\n---\n")
    assert result.data["tags"] == ["ml", "deep-learning", "NLP"]


def test_field_and_alias_both_given_warns_and_keeps_the_field():
    result, _ = read("---\ntitle: T\ndate: 2024-01-01\nexcerpt: E\nsummary: S\n---\n")
    assert result.data["excerpt"] == "E"
    assert messages(result) == [
        (
            5,
            "field 'summary' and field 'excerpt' are both given: 'summary' is another name for "
            "'excerpt', so it is ignored; expected only one of them",
        )
    ]


def test_site_aliases_merge_over_the_defaults():
    table = aliases.aliases_from({"subtitle": "excerpt", "summary": None})
    assert table["subtitle"] == "excerpt" and "summary" not in table and table["authors"] == "author"
    result, _ = read("---\ntitle: T\ndate: 2024-01-01\nsubtitle: S\n---\n", aliases=table)
    assert result.data["excerpt"] == "S"


def test_date_from_the_file_name_when_the_front_matter_has_none():
    result, _ = read("---\ntitle: T\n---\n", name_date="2024-03-04")
    assert result.problems == () and result.data["date"] == "2024-03-04"
    given, _ = read("---\ntitle: T\ndate: 2020-01-01\n---\n", name_date="2024-03-04")
    assert given.data["date"] == "2020-01-01"


def test_a_date_that_cannot_be_read_keeps_the_article_unpublished():
    # Fail closed: the file name's date does not stand in for a date the author got wrong.
    text = "---\ntitle: T\ndate: 2023-01-29 25:30:22\n---\n"
    result, _ = read(text, name_date="2023-01-29")
    assert result.data["draft"] is True
    assert result.data["date"] == "2023-01-29"  # shown in previews only
    assert messages(result) == [
        (
            3,
            "field 'date': expected an ISO 8601 date such as 2024-03-04, or a date and time such as "
            "2024-03-04T10:30:00+02:00, got '2023-01-29 25:30:22'; "
            "the article is not published until its date can be read",
        )
    ]
    alone, _ = read(text)
    assert "date" not in alone.data and alone.data["draft"] is True
    # An impossible date is as unreadable; a good one is kept whatever the file name says.
    assert read("---\ntitle: T\ndate: 2024-02-30\n---\n", name_date="2024-03-01")[0].data["date"] == (
        "2024-03-01"
    )
    good, _ = read("---\ntitle: T\ndate: 2020-01-01 10:00\n---\n", name_date="2024-03-04")
    assert good.problems == () and good.data["date"] == "2020-01-01 10:00"


def test_jekyll_published_false_is_a_draft():
    result, _ = read("---\ntitle: T\ndate: 2024-01-01\npublished: false\n---\n")
    assert result.problems == () and result.data["draft"] is True


def test_empty_images_list_is_no_image():
    result, _ = read("---\ntitle: T\ndate: 2024-01-01\nimages: []\n---\n")
    assert result.problems == () and "image" not in result.data


def test_draft_is_a_field_not_a_typo_of_date():
    result, _ = read("---\ntitle: T\ndate: 2024-01-01\ndraft: true\n---\n")
    assert result.problems == ()


@pytest.mark.parametrize("policy", ["warn", "keep", "ignore"])
def test_unknown_fields_policy(policy):
    result, normalizer = read(
        "---\ntitle: T\ndate: 2024-01-01\nlayout: post\ntagz: [x]\n---\n", unknown=policy
    )
    found = messages(result)
    if policy == "warn":
        assert [line for line, _ in found] == [4, 5]
    else:
        what = "kept in catalog.json under 'custom'" if policy == "keep" else "ignored"
        known = ", ".join(frontmatter.load_schema("article")["properties"])
        assert found == [(5, f"unknown field 'tagz' (did you mean 'tags'?): {what}; expected one of {known}")]
    assert normalizer.custom == ({"layout": "post", "tagz": ["x"]} if policy == "keep" else {})


@pytest.mark.parametrize("policy", ["keep", "ignore"])
def test_keys_of_other_engines_are_not_called_typos(policy):
    # fastpages, Hugo and Jekyll keys: none is a typo of a known field or alias.
    keys = ["toc", "math", "series", "featured_image", "layout", "comments", "hide", "weight", "linkTitle"]
    text = "---\ntitle: T\ndate: 2024-01-01\n" + "".join(f"{k}: x\n" for k in keys) + "---\n"
    result, _ = read(text, unknown=policy)
    assert result.problems == ()


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("tagz", "tags"),
        ("titel", "title"),
        ("auther", "author"),
        ("exerpt", "excerpt"),
        ("tag", "tags"),
        ("Title", "title"),
        ("categroies", "categories"),
    ],
)
@pytest.mark.parametrize("policy", ["warn", "keep"])
def test_real_typos_still_get_did_you_mean(key, hint, policy):
    result, _ = read(f"---\ntitle: T\ndate: 2024-01-01\n{key}: x\n---\n", unknown=policy)
    [(line, message)] = messages(result)
    if policy == "warn" and hint in aliases.DEFAULT_ALIASES and hint != "categories":
        # The schema only knows the fields; an alias is a suggestion of "keep" and "ignore".
        assert line == 4 and message.startswith(f"unknown field '{key}': expected one of")
    else:
        assert line == 4 and message.startswith(f"unknown field '{key}' (did you mean '{hint}'?)")


@pytest.mark.parametrize("policy", ["warn", "keep"])
def test_an_alias_in_another_case_is_the_alias(policy):
    """Hugo reads front-matter keys in any case: ``publishdate`` is its ``publishDate``, so an
    unreadable one keeps the post out rather than being dropped as an unknown key."""
    result, _ = read("---\ntitle: T\ndate: 2024-01-01\npublishdate: x\n---\n", unknown=policy)
    [(line, message)] = messages(result)
    assert line == 4 and message.startswith("field 'date': expected an ISO 8601 date")
    assert result.data.get("draft") is True


def test_default_policy_warns_about_other_engines_keys_without_a_guess():
    result, _ = read("---\ntitle: T\ndate: 2024-01-01\ntoc: true\nmath: true\n---\n")
    assert sorted(m.split(":")[0] for _, m in messages(result)) == [
        "unknown field 'math'",
        "unknown field 'toc'",
    ]


def test_image_path_from_the_source_folder_when_not_next_to_the_article(tmp_path):
    # Jekyll and fastpages mean "image: images/logo.png" from the site root.
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.png").write_bytes(PNG)
    post = tmp_path / "docs" / "articles" / "2022-04-1-post.md"
    post.parent.mkdir(parents=True)
    post.write_text("x")
    rule = Policy.of(tmp_path)
    assert media.resolve("images/logo.png", rule, post) == ("images/logo.png", None)
    # Next to the article wins.
    (post.parent / "images").mkdir()
    (post.parent / "images" / "logo.png").write_bytes(PNG)
    assert media.resolve("images/logo.png", rule, post)[0] == "docs/articles/images/logo.png"
    # Neither: one warning, the value cut with an ellipsis.
    long = "images/" + "a" * 60 + ".png"
    image, problem = media.resolve(long, rule, post)
    assert image == ""
    assert problem == (
        f"field 'image': {long[:37] + '...'!r} cannot be published: the file does not exist; "
        "expected a picture file in the source folder"
    )
    # The fallback never leaves the source folder.
    assert media.resolve("../../../etc/passwd", rule, post)[0] == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/2020/03/old.html", "/2020/03/old.html"),
        ("posts/old/", "/posts/old/"),
        ("https://example.org/x", None),
        ("//evil.example/x", None),
        ("javascript:alert(1)", None),
        ("/a/../b", "/a/../b"),
        ("/:year/:title/", None),
        ("/", None),
        ("/a b", "/a b"),
        ("/a:b", None),
        ("/.git/config", None),
        ("/a?b=1", None),
    ],
)
def test_old_paths(text, expected):
    assert aliases.old_path(text) == expected


def test_bad_old_path_warns_with_its_line_and_is_dropped():
    result, _ = read("---\ntitle: T\ndate: 2024-01-01\naliases:\n  - /ok/\n  - https://x.org/a\n---\n")
    assert result.data["aliases"] == ["/ok/"]
    assert messages(result)[0][0] == 6
    assert "expected a path on this site" in messages(result)[0][1]


def test_topics_are_not_aliased():
    result = frontmatter.read(
        "---\ntitle: T\nsummary: S\n---\n", "topic", prepare=aliases.Normalizer("topic")
    )
    assert result.problems == () and result.data["summary"] == "S"
