"""``python -m trendkb check``: the build's front-matter warnings, line for line, without a build."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from kbtest import build, copy_root
from sphinx.util.console import strip_escape_sequences

REPO = Path(__file__).resolve().parent.parent
WARNING = re.compile(r"^(?P<path>\S+?):(?P<line>\d+): WARNING: (?P<message>.*) \[(?P<type>[\w.]+)\]$")
#: The warnings about front matter (and the file's bytes) that the build gives.
FRONT_MATTER_TYPES = {"kb.frontmatter", "kb.encoding", "kb.topic"}


def check(cwd: Path, *args: str, editable: bool = False) -> subprocess.CompletedProcess:
    """Run the command as a user would; ``editable`` uses the installed package, not ``_ext/``."""
    env = dict(os.environ)
    if editable:
        env.pop("PYTHONPATH", None)
    else:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "_ext"), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "trendkb", "check", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def build_warnings(srcdir: Path, types: set[str]) -> set[str]:
    """The build's warnings of ``types``, with paths relative to the site, as the CLI prints them."""
    app = build(srcdir, freshenv=True)
    lines = strip_escape_sequences(app.warning.getvalue()).splitlines()
    prefix = f"{srcdir}{os.sep}"
    found = set()
    for line in lines:
        match = WARNING.match(line)
        if match and match["type"] in types:
            found.add(line.removeprefix(prefix).replace(os.sep, "/"))
    return found


def assert_same_as_build(srcdir: Path) -> list[str]:
    result = check(srcdir)
    printed = result.stdout.splitlines()
    assert all(WARNING.match(line) for line in printed), result.stdout
    types = FRONT_MATTER_TYPES | {WARNING.match(line)["type"] for line in printed}
    assert set(printed) == build_warnings(srcdir, types)
    assert len(printed) == len(set(printed))
    assert result.returncode == (1 if printed else 0), result.stderr
    return printed


def test_bad_input_gives_the_builds_warnings(rootdir, tmp_path):
    printed = assert_same_as_build(copy_root(rootdir, "badinput", tmp_path / "src"))
    assert len(printed) == 12
    encoding = "docs/articles/not-utf8.md:6: WARNING: the file is not valid UTF-8 (byte 0xe9)"
    assert any(line.startswith(encoding) for line in printed)


def test_a_good_site_passes_silently(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path / "src")
    assert assert_same_as_build(srcdir) == []
    result = check(srcdir)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_topic_slugs_and_bad_topics_match_the_build(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "topics", tmp_path / "src")
    _write(
        srcdir / "docs/articles/five.md",
        "---\ntitle: Five\ndate: 2024-05-01\ntags: [AI]\n"
        "topics: [rlhf, no-such-topic, no-such-topic, other-missing]\n---\n\nBody.\n",
    )
    _write(
        srcdir / "docs/topics/ghostly.md",
        "---\ntitle: Ghostly\nsummary: Haunts.\nstatus: dying\nrelated:\n  - llm\n  - ghost\n---\n\nBody.\n",
    )
    # Read as the build reads it: the date from the file name, aliases of other engines.
    _write(
        srcdir / "docs/articles/2024-03-04-named.md",
        "---\ntitle: Named\ndescription: An alias of excerpt.\ntopics: [rlhf]\n---\n\nBody.\n",
    )
    printed = assert_same_as_build(srcdir)
    assert printed == [
        "docs/articles/five.md:5: WARNING: field 'topics': unknown topic 'no-such-topic': "
        "expected the slug of a page in docs/topics/ [kb.topic]",
        "docs/articles/five.md:5: WARNING: field 'topics': unknown topic 'other-missing': "
        "expected the slug of a page in docs/topics/ [kb.topic]",
        *[line for line in printed if line.startswith("docs/topics/ghostly.md") and "status" in line],
        "docs/topics/ghostly.md:5: WARNING: field 'related': unknown topic 'ghost': "
        "expected the slug of a page in docs/topics/ [kb.topic]",
    ]
    assert "field 'status'" in printed[2]


def test_paths_kinds_and_json(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "badinput", tmp_path / "src")
    _write(srcdir / "README.md", "Not an article, and never read as one.\n")
    _write(srcdir / "drafts/topic-draft.md", "---\ntitle: T\nsummary: S\nstatus: nope\n---\n")

    # A folder holding the content folders is narrowed to them.
    everything = check(srcdir, ".").stdout.splitlines()
    assert everything == check(srcdir).stdout.splitlines()
    assert not any("README" in line for line in everything)

    # Files outside both content folders: articles unless --kind topic.
    as_article = check(srcdir, "drafts/topic-draft.md").stdout
    # An article's "status" is a publication flag: anything but "published" keeps it unpublished.
    assert "field 'status': expected 'published' or 'draft'" in as_article and "no 'date'" in as_article
    as_topic = check(srcdir, "--kind", "topic", "drafts").stdout.splitlines()
    assert len(as_topic) == 1 and "field 'status'" in as_topic[0]
    assert as_topic[0].startswith("drafts/topic-draft.md:4: WARNING: ")

    # One file, from another working directory: the path is shown relative to it.
    result = check(srcdir / "docs", "--conf-dir", "..", "--format", "json", "articles/unknown-key.md")
    assert result.returncode == 1
    [found] = json.loads(result.stdout)
    assert found.pop("message").startswith(
        "unknown field 'tagz' (did you mean 'tags'?): expected one of title"
    )
    assert found == {"path": "articles/unknown-key.md", "line": 4, "type": "kb.frontmatter"}
    good = check(srcdir, "--format", "json", "docs/articles/good.md")
    assert (good.returncode, json.loads(good.stdout)) == (0, [])


def test_content_folders_come_from_conf_py(tmp_path):
    article = "---\ntitle: T\ndate: 2024-01-01\ntopics: [known, unknown]\n---\n"
    _write(tmp_path / "content/posts/a.md", article)
    _write(tmp_path / "content/posts/b.markdown", article.replace("title: T\n", ""))
    _write(tmp_path / "content/themes/known.md", "---\ntitle: K\nsummary: S\n---\n")
    _write(tmp_path / "docs/articles/ignored.md", "no front matter\n")
    # Files the build does not read (exclude_patterns) get no warnings either.
    _write(tmp_path / "content/posts/drafts/wip.md", "no front matter\n")

    for conf in (
        'kb_articles_dir = "content/posts"\nkb_topics_dir = "content/themes"\n'
        'exclude_patterns = ["content/posts/drafts"]\n',
        # Computed values: conf.py is executed (as Sphinx would, from its own folder).
        'import os\nkb_articles_dir = "/".join(["content", "posts"])\n'
        'if os.path.isdir("content"):\n    kb_topics_dir = "content/themes"\n'
        'exclude_patterns = ["**/drafts/*"]\n',
    ):
        _write(tmp_path / "conf.py", conf)
        result = check(tmp_path)
        assert result.stdout.splitlines() == [
            "content/posts/a.md:4: WARNING: field 'topics': unknown topic 'unknown': "
            # Worded as the build words it, whatever kb_topics_dir is.
            "expected the slug of a page in docs/topics/ [kb.topic]",
            "content/posts/b.markdown:1: WARNING: the front matter has no 'title': expected a line of text "
            "or a '# heading' at the start of the body; the article is not published until it has one "
            "[kb.frontmatter]",
            "content/posts/b.markdown:3: WARNING: field 'topics': unknown topic 'unknown': "
            "expected the slug of a page in docs/topics/ [kb.topic]",
        ], result.stderr
        assert result.returncode == 1
        skipped = check(tmp_path, "content/posts/drafts/wip.md")
        assert (skipped.returncode, skipped.stdout) == (0, "")
        assert "skipped content/posts/drafts/wip.md: the build does not read it" in skipped.stderr


def test_a_broken_conf_py_falls_back_to_the_defaults(tmp_path):
    _write(tmp_path / "docs/articles/a.md", "---\ntitle: T\ndate: 2024-01-01\n---\n")
    _write(tmp_path / "conf.py", 'kb_articles_dir = "docs/" + undefined_name\n')
    result = check(tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    assert "conf.py: running it failed (NameError" in result.stderr

    _write(tmp_path / "conf.py", 'kb_articles_dir = "../outside"\n')
    result = check(tmp_path)
    assert result.returncode == 2
    assert "kb_articles_dir must be a relative folder path inside the source folder" in result.stderr


@pytest.mark.parametrize(
    "args", [["no/such/file.md"], ["--format", "xml"], ["--kind", "page"]], ids=["missing", "format", "kind"]
)
def test_usage_errors_exit_2(tmp_path, args):
    result = check(tmp_path, *args)
    assert result.returncode == 2
    assert "usage: python -m trendkb check" in result.stderr
    assert result.stdout == ""


def test_the_installed_package_has_the_command(tmp_path):
    """The package as installed (editable here; a wheel in CI) ships ``cli/`` and ``__main__``."""
    _write(tmp_path / "docs/articles/a.md", "---\ntitle: T\ndate: 2024-02-30\n---\n")
    result = check(tmp_path, editable=True)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("docs/articles/a.md:3: WARNING: field 'date'")
