"""The table of other engines' rules (reading/engines.py) and what a post's place says about it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from trendkb.cli.engines import table
from trendkb.reading import engines, languages, origin

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_shows_the_table_the_build_uses():
    text = README.read_text(encoding="utf-8")
    shown = re.search(r"<!-- engines-table -->\n(.*?)<!-- /engines-table -->", text, re.S)
    assert shown is not None, "the README lost its engines table markers"
    assert shown.group(1) == table(), (
        "README.md is stale: paste `python -m trendkb engines` between the markers"
    )


def test_at_least_the_engines_the_issue_names_are_covered():
    wanted = {
        "jekyll",
        "hugo",
        "zola",
        "hexo",
        "pelican",
        "mkdocs",
        "docusaurus",
        "astro",
        "nextjs",
        "quarto",
    }
    assert wanted | {"eleventy", "gatsby"} <= set(engines.ENGINES)


@pytest.mark.parametrize(
    ("files", "post", "expected"),
    [
        (["mkdocs.yml", "docs/blog/posts/x.md"], "docs/blog/posts/x.md", "mkdocs"),
        (["docs/blog/.authors.yml", "docs/blog/posts/x.md"], "docs/blog/posts/x.md", "mkdocs"),
        (["website/docusaurus.config.js", "website/blog/x.md"], "website/blog/x.md", "docusaurus"),
        (["pelicanconf.py", "content/x.md"], "content/x.md", "pelican"),
        (["_quarto.yml", "posts/x/index.qmd"], "posts/x/index.qmd", "quarto"),
        (["posts/x.qmd"], "posts/x.qmd", "quarto"),  # the suffix alone
        (["blog/blog.11tydata.js", "blog/x.md"], "blog/x.md", "eleventy"),
        (["hugo.toml", "content/posts/x.md"], "content/posts/x.md", "hugo"),
        (["x/.vuepress/config.js", "x/_posts/a.md"], "x/_posts/a.md", "vuepress"),
        (["y.md"], "y.md", "kb"),  # nothing around it: the native form
    ],
)
def test_the_engine_is_found_from_the_files_around_a_post(tmp_path, files, post, expected):
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert engines.detect(tmp_path / post, tmp_path).key == expected


@pytest.mark.parametrize(
    ("config", "text", "expected"),
    [
        ("_config.yml", "new_post_name: :year-:month-:day-:title.md\n", "hexo"),
        ("_config.yml", "permalink: /:categories/:title/\n", "jekyll"),
        ("config.toml", 'base_url = "https://x.org"\n', "zola"),
        ("config.toml", 'baseURL = "https://x.org"\n', "hugo"),
    ],
)
def test_configuration_files_two_engines_share_are_told_apart_by_their_keys(tmp_path, config, text, expected):
    (tmp_path / config).write_text(text)
    (tmp_path / "posts").mkdir()
    assert engines.detect(tmp_path / "posts" / "x.md", tmp_path).key == expected


def test_the_nearest_marker_wins(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("x")
    (tmp_path / "old" / "hugo.toml").parent.mkdir()
    (tmp_path / "old" / "hugo.toml").write_text("x")
    assert engines.detect(tmp_path / "old" / "post.md", tmp_path).key == "hugo"
    assert engines.detect(tmp_path / "new.md", tmp_path).key == "mkdocs"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("post.es", ("es", "post")),
        ("index.pt-br", ("pt-br", "index")),
        ("index.zh-hant-tw", ("zh-hant-tw", "index")),  # Hugo's language keys are BCP 47 tags
        ("index.sr_Latn_RS", ("sr-latn-rs", "index")),
        ("v1.2", (None, "v1.2")),
        ("notes.ml-v2-x-y-z", (None, "notes.ml-v2-x-y-z")),  # more subtags than a tag has
        ("notes", (None, "notes")),
    ],
)
def test_language_suffixes_are_real_language_codes(name, expected):
    assert languages.split_suffix(name) == expected


def test_a_language_folder_needs_a_sibling_language_folder(tmp_path):
    for folder in ("content/en/blog", "content/fa/blog", "docs/articles/ml"):
        (tmp_path / "docs/articles/site" / folder).mkdir(parents=True)
    top = "docs/articles"
    assert languages.from_path("docs/articles/site/content/fa/blog/post", top, tmp_path) == (
        "fa",
        "docs/articles/site/content/*/blog/post",
    )
    assert languages.from_path("docs/articles/site/content/en/blog/post", top, tmp_path)[1] == (
        "docs/articles/site/content/*/blog/post"
    )
    # A lone folder named like a language code ("ml", Malayalam) is a folder about ML.
    assert languages.from_path("docs/articles/site/docs/articles/ml/post", top, tmp_path) == (
        None,
        "docs/articles/site/docs/articles/ml/post",
    )


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz-._0123456789", min_size=1, max_size=30))
def test_a_translation_and_its_original_share_one_key(stem):
    language, base = languages.split_suffix(f"{stem}.es")
    assert language == "es" and base == stem
    assert languages.split_suffix(stem)[1] == stem


@pytest.mark.parametrize(
    ("name", "expected"),
    [("2017-2-5-i-dont-like-zeroes", "I Dont Like Zeroes"), ("my_first_post", "My First Post")],
)
def test_jekyll_makes_a_title_of_the_file_name(name, expected):
    assert origin.file_words(name) == expected
