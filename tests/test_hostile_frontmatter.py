"""Hostile and clumsy front-matter values: cleaned, bounded and reported, never a crash.

Unit tests of the reader, then a build of the test-hostile-frontmatter site, whose
articles hold lone surrogates, control characters, a billion laughs, keys that are not
text or that forge warning lines, line separators, names that fold to nothing, and too
much of everything.
"""

from __future__ import annotations

import json
import re
import time
import tracemalloc
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from kbtest import build, copy_root, page
from sphinx.util.console import strip_escape_sequences
from trendkb.reading import aliases, frontmatter, sanitize

HEAD = "---\ntitle: T\ndate: 2024-03-04\n"


def read(fields: str, schema: str = "article") -> frontmatter.FrontMatter:
    return frontmatter.read(HEAD + fields + "---\nBody.\n", schema, prepare=aliases.Normalizer(schema=schema))


def only(result: frontmatter.FrontMatter) -> frontmatter.Problem:
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


# --------------------------------------------------------------------------------------
# 1. Lone surrogates from YAML escapes
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "name", "where"),
    [
        ('excerpt: "a\\uD800b"\n', "excerpt", "field 'excerpt'"),
        ('tags: [ok, "x\\uDFFF"]\n', "tags", "field 'tags', item 2"),
        ('author: "\\uDC00Ann"\n', "author", "field 'author'"),
        ('description: "\\uD83D"\n', "excerpt", "field 'description'"),  # named as written
    ],
)
def test_lone_surrogates_become_replacement_characters_with_one_warning(fields, name, where):
    result = read(fields)
    problem = only(result)
    assert problem.line == 4
    assert problem.message.startswith(f"{where}: expected text without lone surrogates")
    assert "U+FFFD" in problem.message
    value = json.dumps(result.data[name], ensure_ascii=False)
    assert "\ufffd" in value
    value.encode("utf-8")  # what crashed the inventory, the feeds and the slug hash


def test_a_surrogate_in_the_title_of_a_topic_and_its_summary():
    text = '---\ntitle: "\\uD800"\nsummary: "s\\uDBFF"\n---\n'
    result = frontmatter.read(text, "topic")
    assert [(p.line, p.message.split(":")[0]) for p in result.problems] == [
        (2, "field 'title'"),
        (3, "field 'summary'"),
    ]
    assert result.data["title"] == "\ufffd"


# --------------------------------------------------------------------------------------
# 2. Control characters and noncharacters
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "name", "kept"),
    [
        ('excerpt: "NUL\\0 ESC\\e[31m BEL\\a DEL\\x7f CSI\\x9b"\n', "excerpt", "NUL ESC[31m BEL DEL CSI"),
        ('excerpt: "tab\\tand\\nnewline stay"\n', "excerpt", None),
        ('excerpt: "no\\uFFFEnon\\uFFFFcharacters"\n', "excerpt", "nononcharacters"),
        ('tags: ["a\\0b"]\n', "tags", ["ab"]),
    ],
)
def test_control_characters_and_noncharacters_are_removed(fields, name, kept):
    result = read(fields)
    if kept is None:
        assert result.problems == ()
        assert result.data[name] == "tab\tand\nnewline stay"
        return
    problem = only(result)
    assert problem.line == 4 and f"field '{name}'" in problem.message
    assert "expected text without" in problem.message
    assert result.data[name] == kept


def test_raw_control_characters_cost_only_their_characters():
    # PyYAML refuses a raw NUL or ESC outright: the whole front matter was "malformed".
    result = frontmatter.read(HEAD + "excerpt: a\x00b\x1bc\n---\n")
    problem = only(result)
    assert problem.line == 4
    assert problem.message.startswith("field 'excerpt': expected text without control characters")
    assert result.data["excerpt"] == "abc"
    assert result.data["title"] == "T"


# --------------------------------------------------------------------------------------
# 3. YAML aliases
# --------------------------------------------------------------------------------------

LAUGHS = (
    HEAD
    + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    + "excerpt: *i\n---\n"
)


def test_a_billion_laughs_costs_well_under_a_second_and_a_few_mb():
    assert len(LAUGHS.encode()) < 500
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = frontmatter.read(LAUGHS)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 2, elapsed
    assert peak < 5_000_000, peak
    assert result.data["title"] == "T" and "excerpt" not in result.data
    refused = [p for p in result.problems if "expected plain values, not YAML aliases (*name)" in p.message]
    assert [p.line for p in refused] == list(range(5, 14))  # b..i and excerpt, each on its line
    assert "field 'excerpt'" in refused[-1].message and "'*i'" in refused[-1].message


def test_an_alias_costs_only_its_field_and_anchors_alone_are_fine():
    result = read("author: &who Ada\nexcerpt: *who\ntags: [&t x, *t]\n")
    assert result.data["author"] == "Ada"
    assert "excerpt" not in result.data and "tags" not in result.data
    assert [(p.line, p.message.split(":")[0]) for p in result.problems] == [
        (5, "field 'excerpt'"),
        (6, "field 'tags'"),
    ]


def test_an_undefined_alias_is_refused_the_same_way():
    problem = only(read("excerpt: *nobody\n"))
    assert problem.line == 4 and "not YAML aliases" in problem.message


# --------------------------------------------------------------------------------------
# 4. Keys that are not text
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "got"),
    [
        ("null", "an empty value (null)"),
        ("~", "an empty value (null)"),
        ("!!binary aGk=", "'aGk=' tagged '!!binary'"),
        ("!!int 1", "'1' tagged '!!int'"),
        ("[a]", "a list"),
        ("{a: b}", "a mapping"),
        ("true", "the boolean 'true'"),
    ],
)
def test_a_key_that_is_not_text_is_reported_on_its_own_line(key, got):
    result = read(f"excerpt: fine\n{key}: value\n")
    problem = only(result)
    assert problem.line == 5
    assert problem.message == (
        f"a field name must be text: expected a name such as 'title', got {got}; the field is ignored"
    )
    assert result.data["excerpt"] == "fine"


def test_a_number_as_a_key_is_text_and_an_unknown_field():
    problem = only(read("excerpt: fine\n1: value\n"))
    assert problem.line == 5 and problem.message.startswith("unknown field '1':")


# --------------------------------------------------------------------------------------
# 5. Line numbers as Sphinx counts them
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_line_separators_do_not_shift_later_warnings(separator):
    text = f'---\ntitle: "a{separator}b{separator}c"\ndate: 2024-03-04\ntagz: x\n---\n'
    problem = only(frontmatter.read(text))
    assert problem.line == 4 and "'tagz'" in problem.message


def test_marks_inside_multi_line_values_point_at_their_own_line():
    text = (
        "---\ntitle: T\ndate: 2024-03-04\n"
        "excerpt: |\n  one\n  two\u2028  more\n"  # lines 4-6
        "tags: [a,\n  b,\n  [nested]]\n"  # lines 7-9: item 3 is on line 9
        "featured: maybe\n---\n"  # line 10
    )
    result = frontmatter.read(text)
    assert [(p.line, p.message.split(":")[0]) for p in result.problems] == [
        (9, "field 'tags', item 3"),
        (10, "field 'featured'"),
    ]


def test_malformed_yaml_after_a_separator_is_reported_on_its_line():
    text = '---\ntitle: "a\u2028b"\ndate: 2024-03-04\ntags: [a, b\n---\n'
    problem = only(frontmatter.read(text))
    assert problem.line == 4 and "malformed YAML" in problem.message


# --------------------------------------------------------------------------------------
# 6. User text in warnings: escaped, on one line, bounded
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ('"x\\ndocs/articles/a.md:1: WARNING: forged"', "x\\ndocs/articles/a.md:1: WARNING: forged"),
        ('"\\e[2J\\e[31mred"', "\\x1b[2J\\x1b[31mred"),
        ('"bidi\\u202Eevil"', "bidi\\u202eevil"),
        ('"\\uD800"', "\\ud800"),
    ],
)
def test_keys_are_shown_escaped_on_one_line(key, shown):
    problem = only(read(f"{key}: 1\n"))
    assert problem.message.startswith(f"unknown field '{shown}'")
    assert problem.message.isprintable()


def test_long_keys_and_values_are_shown_shortened():
    # YAML allows keys of up to 1,024 characters: a longer one is malformed, and named shortened.
    problem = only(read(f"{'k' * 5000}: 1\n"))
    assert "malformed YAML in field 'kkk" in problem.message and len(problem.message) < 300
    problem = only(read(f"'{'k' * 1000}': 1\n"))
    assert problem.message.startswith("unknown field 'kkk") and len(problem.message) < 300
    problem = only(read(f"featured: {'x' * 5000}\n"))
    assert "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'" in problem.message


def test_values_in_warnings_are_escaped():
    problem = only(read('featured: "no\\nWARNING: forged"\n'))
    assert "got 'no\\nWARNING: forged'" in problem.message


def test_escape_and_shown_helpers():
    assert sanitize.escape("plain é 中") == "plain é 中"
    assert sanitize.escape("a\nb\x1b\u2028") == "a\\nb\\x1b\\u2028"
    assert sanitize.shown("x" * 50) == repr("x" * 37 + "...")


# --------------------------------------------------------------------------------------
# 7. Caps
# --------------------------------------------------------------------------------------


def test_caps_are_named_constants_in_one_place():
    assert sanitize.MAX_ITEMS == {"tags": 64, "author": 32}
    assert sanitize.MAX_LENGTH == {"title": 300, "excerpt": 1000, "summary": 1000}
    assert sanitize.MAX_NAME_LENGTH == 100


def test_a_thousand_tags_keep_the_first_64_with_one_warning():
    tags = [f"tag{i}" for i in range(1000)]
    result = read(f"tags: [{', '.join(tags)}]\n")
    problem = only(result)
    assert (problem.line, problem.subtype) == (4, "limit")
    assert problem.message == "field 'tags': expected at most 64 items, got 1,000; the first 64 are kept"
    assert result.data["tags"] == tags[:64]


def test_authors_are_capped_at_32():
    result = read(f"authors: [{', '.join(f'A{i}' for i in range(40))}]\n")
    assert "field 'author': expected at most 32 items, got 40" in only(result).message
    assert len(result.data["author"]) == 32


def test_long_text_is_cut_at_a_word_with_an_ellipsis_and_kept():
    excerpt = " ".join(["word"] * 200_000)  # about 1 MB
    result = read(f"excerpt: {excerpt}\ntitle2: x\n".replace("title2: x\n", ""))
    problem = only(result)
    assert problem.subtype == "limit"
    assert problem.message.startswith("field 'excerpt': expected at most 1,000 characters, got 999,999")
    kept = result.data["excerpt"]
    assert len(kept) <= 1000 and kept.endswith("word\u2026")


def test_a_long_title_is_shortened_not_dropped():
    result = frontmatter.read("---\ntitle: " + "Long " * 100 + "\ndate: 2024-03-04\n---\n")
    assert only(result).line == 2
    assert result.data["title"].endswith("Long\u2026") and len(result.data["title"]) <= 300


def test_long_names_are_shortened_each_with_one_warning_per_field():
    result = read(f"tags: [ok, {'x' * 150}, {'y' * 120}]\n")
    problem = only(result)
    assert problem.message.startswith("field 'tags', item 2: expected at most 100 characters, got 150")
    assert problem.message.endswith("(and 1 more items)")
    assert [len(tag) for tag in result.data["tags"]] == [2, 100, 100]


def test_shorten():
    assert sanitize.shorten("short", 10) == "short"
    assert sanitize.shorten("one two three four", 16) == "one two three\u2026"
    assert sanitize.shorten("one two three four", 12) == "one two thr\u2026"  # not back by a third
    assert sanitize.shorten("中" * 20, 10) == "中" * 9 + "\u2026"


# --------------------------------------------------------------------------------------
# 8. Names that fold to nothing
# --------------------------------------------------------------------------------------


def test_tags_and_authors_that_fold_to_nothing_are_dropped_with_a_warning():
    result = read('tags: ["---", AI, "_", "  ", "\\uFF3F", "C++"]\nauthor: "- _ -"\n')
    assert result.data["tags"] == ["AI", "C++"]
    assert "author" not in result.data
    messages = [(p.line, p.message.split(":")[0]) for p in result.problems]
    assert messages == [
        (4, "field 'tags', item 1"),
        (4, "field 'tags', item 3"),
        (4, "field 'tags', item 4"),
        (4, "field 'tags', item 5"),  # a fullwidth underscore folds like "_"
        (5, "field 'author'"),
    ]
    assert "which is only spaces, hyphens or underscores; it is ignored" in result.problems[0].message


def test_dropping_names_keeps_the_lines_of_later_items():
    result = read('tags:\n  - "---"\n  - AI\n  - [bad]\n')
    assert [(p.line, p.message.split(":")[0]) for p in result.problems] == [
        (5, "field 'tags', item 1"),
        (7, "field 'tags', item 2"),  # the list item [bad], now second, still on line 7
    ]


# --------------------------------------------------------------------------------------
# The whole site
# --------------------------------------------------------------------------------------

WARNING = re.compile(r"^(?P<path>\S+?):(?P<line>\d+): WARNING: (?P<message>.*) \[(?P<type>[\w.]+)\]$")
ARTICLES = ("good", "surrogates", "controls", "bomb", "keys", "separators", "empty-names", "too-much")
EXPECTED = [
    ("surrogates.md", 2, "field 'title': expected text without lone surrogates"),
    ("surrogates.md", 5, "field 'tags', item 2: expected text without lone surrogates"),
    ("controls.md", 2, "field 'title': expected text without control characters"),
    ("controls.md", 5, "field 'author': expected text without control characters"),
    ("bomb.md", 13, "field 'tags': expected plain values, not YAML aliases (*name), got '*a'"),
    ("keys.md", 4, "a field name must be text: expected a name such as 'title', got an empty value"),
    ("keys.md", 5, "got 'aGk=' tagged '!!binary'"),
    ("keys.md", 8, "unknown field 'evil\\nsurrogates.md:1: WARNING: forged'"),
    ("keys.md", 9, "unknown field '\\x1b[2J\\x1b[31mansi'"),
    ("separators.md", 6, "unknown field 'tagz' (did you mean 'tags'?)"),
    ("empty-names.md", 4, "field 'tags', item 1: expected a name with a letter, digit or sign, got '---'"),
    ("empty-names.md", 5, "field 'author', item 1"),
    ("too-much.md", 2, "field 'title': expected at most 300 characters, got 399"),
    ("too-much.md", 4, "field 'excerpt': expected at most 1,000 characters, got 4,999"),
    ("too-much.md", 5, "field 'tags': expected at most 64 items, got 1,000; the first 64 are kept"),
    ("too-much.md", 6, "field 'author': expected at most 32 items, got 40"),
]


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    src = copy_root(rootdir, "hostile-frontmatter", tmp_path_factory.mktemp("hostile-fm") / "src")
    started = time.perf_counter()
    app = build(src, freshenv=True)
    app.elapsed = time.perf_counter() - started
    return app


def test_the_site_builds_with_one_warning_per_problem_on_one_line_each(site):
    raw = strip_escape_sequences(site.warning.getvalue())
    lines = raw.splitlines()
    found = [m.groupdict() for m in map(WARNING.match, lines) if m]
    kb = [w for w in found if w["type"].startswith("kb.")]
    for name, line, fragment in EXPECTED:
        matches = [w for w in kb if w["path"].endswith(f"docs/articles/{name}") and int(w["line"]) == line]
        assert any(fragment in w["message"] for w in matches), (name, line, fragment, matches)
    # No warning line is forged: every line of the output is one whole warning.
    assert len(found) == len(lines), raw
    assert not any("forged" in w["message"] and not w["path"].endswith("keys.md") for w in found)
    assert "\x1b" not in site.warning.getvalue().replace("\x1b[91m", "").replace("\x1b[39;49;00m", "")
    assert "Traceback" not in site.status.getvalue()
    assert site.elapsed < 60


def test_every_article_is_built_and_listed_with_clean_text(site):
    outdir = Path(site.outdir)
    for name in ARTICLES:
        html = (outdir / "docs" / "articles" / f"{name}.html").read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]", html), name
    soup = page(site, "docs/articles/surrogates.html")
    assert "Surrogate \ufffd title" in soup.find("h1").get_text()
    listed = page(site, "index.html").get_text()
    assert "Laughs" in listed and "Long Long" in listed  # a long title is shortened, not dropped


def test_the_catalog_and_tag_pages_hold_only_what_was_kept(site):
    outdir = Path(site.outdir)
    catalog_path = outdir / "catalog.json"
    if catalog_path.is_file():
        text = catalog_path.read_text(encoding="utf-8")
        assert not re.search(r"\\u00[01][0-9a-f]|\\ud[89a-f]", text.replace("\\u0009", ""), re.I), text[:200]
        json.loads(text)
    tags = page(site, "docs/tags.html").get_text()
    # The first 64: the long tag (shortened), then tag0 to tag62.
    assert "tag62" in tags and "tag63" not in tags and "x" * 99 + "\u2026" in tags
    assert "---" not in {a.get_text(strip=True) for a in page(site, "docs/tags.html").find_all("a")}


def test_the_epub_is_well_formed_xml(rootdir, tmp_path):
    app = build(copy_root(rootdir, "hostile-frontmatter", tmp_path / "src"), "epub", freshenv=True)
    with zipfile.ZipFile(next(Path(app.outdir).glob("*.epub"))) as archive:
        for name in archive.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx")):
                ElementTree.fromstring(archive.read(name))  # raises on NUL, ESC, U+FFFE
