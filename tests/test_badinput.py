"""Bad front matter: one clear warning per problem, never a traceback, the rest built."""

from __future__ import annotations

import re

import pytest
from kbtest import build, content, copy_root, page, titles
from sphinx.cmd.build import build_main
from sphinx.util.console import strip_escape_sequences

# file -> (line, fragments the warning must contain)
EXPECTED = {
    "empty.md": (1, ["the file is empty", "title", "date"]),
    "featured-not-bool.md": (4, ["field 'featured'", "true or false", "'maybe'"]),
    "impossible-date.md": (3, ["field 'date'", "ISO 8601", "'2024-02-30'"]),
    "malformed-yaml.md": (4, ["malformed YAML", "field 'tags'"]),
    "missing-date.md": (1, ["no 'date'", "ISO 8601"]),
    "no-front-matter.md": (1, ["no front matter", "'---'"]),
    "no-title.md": (1, ["no 'title'"]),
    "not-a-mapping.md": (1, ["not a mapping", "title"]),
    "not-utf8.md": (6, ["not valid UTF-8", "0xe9"]),
    "tags-item-not-text.md": (6, ["field 'tags', item 2", "a mapping"]),
    "tags-not-list.md": (4, ["field 'tags'", "a list of text", "'machine learning'"]),
    "unknown-key.md": (4, ["unknown field 'tagz'", "did you mean 'tags'"]),
}
WARNING = re.compile(r"^(?P<path>\S+?):(?P<line>\d+): WARNING: (?P<message>.*) \[(?P<type>[\w.]+)\]$")


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "badinput", tmp_path_factory.mktemp("bad") / "src"), freshenv=True)


def warnings(app) -> list[dict]:
    lines = strip_escape_sequences(app.warning.getvalue()).splitlines()
    return [m.groupdict() for m in map(WARNING.match, lines) if m]


def test_every_bad_file_gets_exactly_one_clear_warning(site):
    found = warnings(site)
    raw = strip_escape_sequences(site.warning.getvalue())
    assert len(found) == len(raw.splitlines()), raw
    by_file = {}
    for warning in found:
        name = warning["path"].rsplit("/", 1)[-1]
        by_file.setdefault(name, []).append(warning)
    assert sorted(by_file) == sorted(EXPECTED)
    for name, (line, fragments) in EXPECTED.items():
        [warning] = by_file[name]
        assert warning["path"].endswith(f"docs/articles/{name}")
        assert int(warning["line"]) == line, (name, warning)
        for fragment in fragments:
            assert fragment in warning["message"], (name, warning["message"])
        assert warning["type"] in ("kb.frontmatter", "kb.encoding")


def test_everything_else_is_built(site):
    soup = page(site, "index.html")
    # Articles with a valid title and date are listed even if another field is bad.
    assert "A good article" in titles(soup)
    assert "Tags as text" in titles(soup)
    assert "No date here" not in titles(soup)
    # Fail closed: an article without a title or a readable date (no front matter, an empty
    # file, a list instead of fields...) is not published; its warning says so.
    unpublished = {"empty.md", "impossible-date.md", "missing-date.md", "no-front-matter.md", "no-title.md"}
    unpublished |= {"not-a-mapping.md", "malformed-yaml.md"}
    for name in EXPECTED:
        html = site.outdir / "docs" / "articles" / name.replace(".md", ".html")
        assert html.is_file() == (name not in unpublished), name
    assert "Caf\ufffd au lait" in content(page(site, "docs/articles/not-utf8.html")).get_text()


def test_warnings_can_be_suppressed(rootdir, tmp_path):
    app = build(
        copy_root(rootdir, "badinput", tmp_path / "src"),
        freshenv=True,
        confoverrides={"suppress_warnings": ["kb.frontmatter", "kb.encoding"]},
    )
    assert app.warning.getvalue() == ""


def test_fail_on_warning_fails_the_build_and_keep_going_builds_the_rest(rootdir, tmp_path, capsys):
    srcdir = copy_root(rootdir, "badinput", tmp_path / "src")
    status = build_main(["-W", "--keep-going", "-q", "-b", "html", str(srcdir), str(tmp_path / "out")])
    assert status == 1
    assert "Traceback" not in capsys.readouterr().err
    assert (tmp_path / "out" / "docs" / "articles" / "good.html").is_file()
