"""Which files become pages: hostile and clumsy files are skipped with one warning each.

Symbolic links, FIFOs and file names that git cannot hold are made by the tests in
their temporary folder, never committed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
from pathlib import Path

import pytest
from kbtest import build, content, copy_root, page, snapshot, titles
from sphinx.util.console import strip_escape_sequences

SECRET = "the-secret-outside-the-source-folder"
WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.*) \[(?P<type>[\w.]+)\]$")
ARTICLES = Path("docs/articles")
GOOD_TITLES = ["A good article", "Written for Jekyll", "Twice, as .md"]


def warnings(app) -> list[dict]:
    lines = strip_escape_sequences(app.warning.getvalue()).splitlines()
    found = [m.groupdict() for m in map(WARNING.match, lines) if m]
    assert len(found) == len(lines), app.warning.getvalue()
    return found


def by_path(app, srcdir: Path) -> dict[str, list[dict]]:
    result: dict[str, list[dict]] = {}
    for warning in warnings(app):
        rel = warning["path"].removeprefix(str(srcdir) + "/")
        result.setdefault(rel, []).append(warning)
    return result


def outside_folder(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "leaked.md").write_text(f"---\ntitle: Leaked\ndate: 2024-01-01\n---\n\n{SECRET}\n")
    (outside / "secret.txt").write_text(SECRET + "\n")
    return outside


def add_hostile_files(srcdir: Path, tmp_path: Path) -> dict[str, list[str]]:
    """Hostile files in the articles folder: path -> fragments its one warning must hold."""
    articles = srcdir / ARTICLES
    outside = outside_folder(tmp_path)
    (articles / "outside").symlink_to(outside, target_is_directory=True)
    (articles / "passwd.md").symlink_to(outside / "secret.txt")
    (articles / "loop").symlink_to("..", target_is_directory=True)
    (articles / "broken.md").symlink_to(articles / "nowhere.md")
    os.mkfifo(articles / "pipe.md")
    with open(os.path.join(os.fsencode(articles), b"caf\xe9.md"), "wb") as f:
        f.write(b"---\ntitle: Latin-1 name\ndate: 2024-01-01\n---\n")
    long_name = "l" * 247 + ".md"  # its doctree's name is 255 bytes: the longest that fits
    too_long = "t" * 248 + ".md"  # its doctree's name would be 256 bytes
    for name in (long_name, too_long):
        (articles / name).write_text(f"---\ntitle: {name[:9]}\ndate: 2024-01-01\n---\n")
    (articles / "new\nline.md").write_text("---\ntitle: Newline\ndate: 2024-01-01\n---\n")
    return {
        "docs/articles/outside": ["symbolic link to a folder outside the source folder", "not followed"],
        "docs/articles/passwd.md": ["symbolic link to a file outside the source folder", "not read"],
        "docs/articles/loop": ["symbolic link back to a folder that contains it", "loop"],
        "docs/articles/broken.md": ["broken symbolic link"],
        "docs/articles/pipe.md": ["a FIFO", "not read"],
        "docs/articles/caf\\xe9.md": ["not valid UTF-8", "rename the file"],
        f"docs/articles/{too_long}": ["too long", "256-byte", "at most 250 bytes"],
        "docs/articles/new\\nline.md": ["control character or line break", "rename"],
    }


#: Files of the committed test-files root that are left out: path -> fragments of the warning.
COMMITTED = {
    "docs/articles/old-style.mdown": ["'.mdown'", "rename it to .md"],
    "docs/articles/notebook.ipynb": ["Jupyter notebook", "jupytext"],
    "docs/articles/twice.markdown": ["docs/articles/twice.md is the same page", "not read"],
    "docs/topics/sub/rlhf.md": ["docs/topics/sub/rlhf.md and docs/topics/rlhf.md", "slug 'rlhf'", "not read"],
    "docs/topics/index.md": ["'index' cannot be a topic's slug", "not read"],
}


@pytest.fixture
def no_hang():
    # A FIFO that is opened blocks for ever: fail the test instead.
    def expire(*_):
        raise TimeoutError("the build blocked (a FIFO was opened?)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def hostile_site(rootdir, tmp_path, no_hang):
    srcdir = copy_root(rootdir, "files", tmp_path / "src")
    expected = add_hostile_files(srcdir, tmp_path)
    return srcdir, expected


def test_hostile_files_get_one_warning_each_and_the_rest_is_built(hostile_site):
    srcdir, expected = hostile_site
    app = build(srcdir, freshenv=True)
    found = by_path(app, srcdir)
    # An .mdx file is read as an article (its JSX is the body-syntax reader's): an undated one
    # is not published, which its front-matter warning says.
    mdx = found.pop("docs/articles/from-docusaurus.mdx")
    assert [w["type"] for w in mdx if w["type"] == "kb.frontmatter"] == ["kb.frontmatter"]
    assert not (Path(app.outdir) / "docs/articles/from-docusaurus.html").exists()
    assert sorted(found) == sorted({**expected, **COMMITTED}), sorted(found)
    for path, fragments in {**expected, **COMMITTED}.items():
        [warning] = found[path]
        assert warning["line"] == "1"
        assert warning["type"] in ("kb.files", "kb.filetype", "kb.collision")
        for fragment in fragments:
            assert fragment in warning["message"], (path, warning["message"])
    # Each good article once: the loop multiplies nothing, nothing leaks from outside.
    assert sorted(titles(page(app, "index.html"))) == sorted([*GOOD_TITLES, "lllllllll"])
    outputs = [p for p in Path(app.outdir).rglob("*") if p.is_file()]
    assert not [p for p in outputs if SECRET.encode() in p.read_bytes()]
    assert not (Path(app.outdir) / "docs/articles/outside").exists()
    assert not (Path(app.outdir) / "docs/articles/loop").exists()
    assert set(app.env.found_docs) == {
        "index",
        "docs/topics",
        "docs/topics/rlhf",
        "docs/guide",
        "docs/guide/index",
        "docs/articles/good",
        "docs/articles/jekyll-post",
        "docs/articles/twice",
        "docs/articles/" + "l" * 247,
    }


def test_nothing_outside_the_source_folder_is_ever_listed(hostile_site, monkeypatch):
    """Not even by Sphinx's own first walk of a fresh build: discovery is taken over before it."""
    srcdir, _ = hostile_site
    (srcdir / ARTICLES / "root").symlink_to("/", target_is_directory=True)
    listed: list[str] = []
    real_scandir, real_walk = os.scandir, os.walk

    def scandir(path="."):
        listed.append(os.fspath(path))
        return real_scandir(path)

    def walk(top, *args, **kwargs):
        for entry in real_walk(top, *args, **kwargs):
            listed.append(entry[0])
            yield entry

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "walk", walk)
    app = build(srcdir, freshenv=True)
    # Paths below the source folder whose real place is elsewhere: walked through a link.
    source = os.path.realpath(srcdir)
    below = [p for p in listed if os.path.abspath(p).startswith(str(srcdir))]
    outside = [p for p in below if not os.path.realpath(p).startswith(source)]
    assert not outside, outside[:5]
    assert "symbolic link to a folder outside the source folder (/)" in app.warning.getvalue()


def test_warnings_come_back_on_every_build_and_fixes_are_picked_up(hostile_site, tmp_path):
    srcdir, _ = hostile_site
    first = build(srcdir, freshenv=True)
    again = build(srcdir)
    assert sorted(by_path(again, srcdir)) == sorted(by_path(first, srcdir))

    # An article that becomes a link out of the source folder disappears like a deleted file.
    good = srcdir / ARTICLES / "good.md"
    kept = good.read_text()
    good.unlink()
    good.symlink_to(tmp_path / "outside" / "leaked.md")
    app = build(srcdir)
    assert "docs/articles/good" not in app.env.found_docs
    assert "A good article" not in titles(page(app, "index.html"))
    assert "Leaked" not in titles(page(app, "index.html"))
    assert "docs/articles/good.md" in by_path(app, srcdir)

    # Fixed: it is back, and the incremental build equals a fresh one.
    good.unlink()
    good.write_text(kept)
    (srcdir / ARTICLES / "pipe.md").unlink()
    app = build(srcdir)
    assert "A good article" in titles(page(app, "index.html"))
    assert "docs/articles/pipe.md" not in by_path(app, srcdir)
    fresh_src = tmp_path / "fresh"
    shutil.copytree(srcdir, fresh_src, symlinks=True, ignore=shutil.ignore_patterns("_build", "pipe.md"))
    fresh = build(fresh_src, freshenv=True)
    assert snapshot(app.outdir) == snapshot(fresh.outdir)


def test_parallel_build_skips_the_same_files(hostile_site, tmp_path):
    srcdir, expected = hostile_site
    app = build(srcdir, freshenv=True, parallel=2)
    found = by_path(app, srcdir)
    # As in the serial build: the undated .mdx article's warning is about its front matter.
    mdx = found.pop("docs/articles/from-docusaurus.mdx")
    assert [w["type"] for w in mdx if w["type"] == "kb.frontmatter"] == ["kb.frontmatter"]
    assert sorted(found) == sorted({**expected, **COMMITTED})


def test_markdown_suffix_is_an_article(rootdir, tmp_path):
    app = build(copy_root(rootdir, "files", tmp_path / "src"), freshenv=True)
    assert "Written for Jekyll" in titles(page(app, "index.html"))
    assert (Path(app.outdir) / "docs/articles/jekyll-post.html").is_file()
    # x.md beats x.markdown, whatever order the folder lists them in.
    assert content(page(app, "docs/articles/twice.html")).find("h1").get_text().startswith("Twice, as .md")


def test_the_shallower_topic_keeps_its_slug(rootdir, tmp_path):
    app = build(copy_root(rootdir, "files", tmp_path / "src"), freshenv=True)
    article = content(page(app, "docs/articles/good.html"))
    [link] = article.select("a .kb-topic-ref")
    assert link.get_text() == "RLHF at the top"
    assert not (Path(app.outdir) / "docs/topics/sub/rlhf.html").exists()
    assert not (Path(app.outdir) / "docs/topics/index.html").exists()
    assert "A topic called index" not in content(page(app, "docs/topics.html")).get_text()


def test_topic_winner_follows_incremental_changes(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "files", tmp_path / "src")
    build(srcdir, freshenv=True)
    (srcdir / "docs/topics/rlhf.md").unlink()
    app = build(srcdir)
    # The deeper file is now the only claimant: it is read and owns the slug.
    assert "docs/topics/sub/rlhf" in app.env.found_docs
    [link] = content(page(app, "docs/articles/good.html")).select("a .kb-topic-ref")
    assert link.get_text() == "RLHF deeper down"
    assert "claim the topic slug" not in app.warning.getvalue()


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_page_and_folder_index_collide_only_in_dirhtml(rootdir, tmp_path, builder):
    srcdir = copy_root(rootdir, "files", tmp_path / "src")
    app = build(srcdir, builder, freshenv=True)
    found = by_path(app, srcdir)
    if builder == "html":
        assert "docs/guide/index.md" not in found
        assert (Path(app.outdir) / "docs/guide/index.html").is_file()
        return
    [warning] = found["docs/guide/index.md"]
    assert "docs/guide/index.md and docs/guide.md would both be the page docs/guide/" in warning["message"]
    assert warning["type"] == "kb.collision"
    text = content(page(app, "docs/guide/index.html")).get_text()
    assert "The page docs/guide.md." in text


def nested_fences(depth: int) -> str:
    opening = [":" * (3 + depth - i) + "{note}" for i in range(depth)]
    return "\n".join([*opening, "deep", *reversed([line.split("{")[0] for line in opening])])


@pytest.mark.parametrize(("depth", "why"), [(101, "more than 100 levels deep"), (200, "too deeply to parse")])
def test_too_deep_a_page_is_a_notice_and_one_warning(rootdir, tmp_path, depth, why):
    srcdir = copy_root(rootdir, "files", tmp_path / "src")
    head = "---\ntitle: Deep <b>nesting</b>\ndate: 2024-01-05\n---\n\nIntro.\n\n"
    (srcdir / ARTICLES / "deep.md").write_text(f"{head}{nested_fences(depth)}\n\nAfter.\n")
    quotes = ">" * 300 + " x"
    (srcdir / ARTICLES / "quotes.md").write_text(f"---\ntitle: Quotes\ndate: 2024-01-04\n---\n\n{quotes}\n")
    lists = "\n".join("  " * i + "- item" for i in range(300))
    (srcdir / ARTICLES / "lists.md").write_text(f"---\ntitle: Lists\ndate: 2024-01-03\n---\n\n{lists}\n")
    app = build(srcdir, freshenv=True, parallel=2)
    [warning] = by_path(app, srcdir)["docs/articles/deep.md"]
    assert warning["line"] == "8"
    assert warning["type"] == "kb.depth"
    assert why in warning["message"]
    deep = content(page(app, "docs/articles/deep.html"))
    assert deep.find("h1").get_text().startswith("Deep <b>nesting</b>")
    assert f"This page could not be rendered: its blocks are nested {why}" in deep.get_text(" ")
    # Deep quotes and lists are bounded by the Markdown parser: built as they are.
    assert "docs/articles/quotes.md" not in by_path(app, srcdir)
    assert "docs/articles/lists.md" not in by_path(app, srcdir)
    assert {"Deep <b>nesting</b>", "Quotes", "Lists"} <= set(titles(page(app, "index.html")))


def test_images_and_downloads_outside_the_source_folder_are_not_published(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "files", tmp_path / "src")
    outside = outside_folder(tmp_path)
    (srcdir / ARTICLES / "linked.png").symlink_to(outside / "secret.txt")
    up = "../" * 3
    (srcdir / ARTICLES / "pictures.md").write_text(
        "---\ntitle: Pictures\ndate: 2024-01-02\n---\n\n"
        f"![by path]({up}outside/secret.txt)\n\n![by link](linked.png)\n\n"
        f"{{download}}`the file <{up}outside/secret.txt>`\n\n![fine](diagram.png)\n"
    )
    app = build(srcdir, freshenv=True)
    [*leaks] = by_path(app, srcdir)["docs/articles/pictures.md"]
    assert [(w["line"], w["message"].split(" cannot be published")[0]) for w in leaks] == [
        ("6", f"image '{up}outside/secret.txt'"),
        ("8", "image 'linked.png'"),
        ("10", f"download '{up}outside/secret.txt'"),
    ]
    assert all("cannot be published" in w["message"] for w in leaks)
    assert not [p for p in Path(app.outdir).rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert (Path(app.outdir) / "_images" / "diagram.png").is_file()
    assert "by path" in content(page(app, "docs/articles/pictures.html")).get_text()


def test_fail_on_warning_fails_cleanly_and_builds_the_rest(hostile_site, tmp_path, capsys):
    from sphinx.cmd.build import build_main

    srcdir, _ = hostile_site
    status = build_main(["-W", "--keep-going", "-q", "-b", "html", str(srcdir), str(tmp_path / "out")])
    assert status == 1
    assert "Traceback" not in capsys.readouterr().err
    assert (tmp_path / "out" / "docs" / "articles" / "good.html").is_file()
