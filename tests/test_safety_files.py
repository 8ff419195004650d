"""Files in and out (SECURITY.md): what a built site may read, publish, write and leave behind.

Every way a page can read a file (each directive and option that reads one, pictures,
downloads, front-matter images) is tried on every kind of file it must not read: outside
the source folder, through a link, hidden, excluded, outside ``include_patterns``, the
site's ``conf.py``, a FIFO, a draft's and a scheduled post's source, a picture that is not
one. Each file holds a marker; none may reach the output. Then: incremental builds leave
exactly the files a fresh build has, links in the source folder are judged by where they
lead, page names are safe on every system and as links, and nothing is written through a
link already in the output folder.
"""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

import pytest
from kbtest import build, copy_root, page
from sphinx.util.console import strip_escape_sequences

PNG = b"\x89PNG\r\n\x1a\n" + bytes(8)
ARTICLES = Path("docs/articles")


@pytest.fixture
def no_hang():
    # A FIFO that is opened blocks for ever: fail the test instead.
    def expire(*_):
        raise TimeoutError("the build blocked (a FIFO was opened?)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(240)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _warnings(app) -> str:
    return strip_escape_sequences(app.warning.getvalue())


def _output_files(outdir: Path) -> list[Path]:
    return [p for p in Path(outdir).rglob("*") if p.is_file() and not p.is_symlink()]


def _leaks(outdir: Path, markers) -> list[tuple[str, str]]:
    return [
        (path.relative_to(outdir).as_posix(), marker)
        for path in _output_files(outdir)
        for marker in markers
        if marker.encode() in path.read_bytes()
    ]


# -- every reader against every file it must not read -------------------------------------------

#: Text files a page must not read: name -> the path a page in docs/articles/ names it by.
REFUSED_TEXT = {
    "outside": "../../../outside/secret.txt",
    "linkout": "linkout.txt",
    "hidden": ".hidden.txt",
    "hiddendir": "../.private/x.txt",
    "linkhidden": "linkhidden.txt",
    "excluded": "excluded/x.txt",
    "notincluded": "/private/x.txt",
    "conf": "/conf.py",
    "fifo": "pipe.txt",
    "draft": "draft-post.md",
    "scheduled": "later-post.md",
}
#: Pictures a page must not publish: name -> its path from docs/articles/.
REFUSED_PICTURES = {
    "outside": "../../../outside/secret.png",
    "linkout": "linkout.png",
    "hidden": ".hidden.png",
    "excluded": "excluded/x.png",
    "notincluded": "/private/x.png",
    "fifo": "pipe.png",
    "polyglot": "pic.html",
    "gifjs": "gif.js",
    "renamed": "text.png",
    "svgscript": "evil.svg",
    "svghandler": "onload.svg",
    "svgforeign": "foreign.svg",
    "svgjs": "link.svg",
    "svgexternal": "external.svg",
    "svgentity": "entity.svg",
}
#: Each way of reading a text file from a MyST page: name -> the block that reads ``{path}``.
READERS = {
    "include": "```{{include}} {path}\n```",
    "include-literal": "```{{include}} {path}\n:literal:\n```",
    "include-code": "```{{include}} {path}\n:code: text\n```",
    "literalinclude": "```{{literalinclude}} {path}\n```",
    "diff": "```{{literalinclude}} other.txt\n:diff: {path}\n```",
    "csv-table": "```{{csv-table}} t\n:file: {path}\n```",
    "rst-include": "```{{eval-rst}}\n.. include:: {path}\n```",
    "rst-include-literal": "```{{eval-rst}}\n.. include:: {path}\n   :literal:\n```",
    "rst-literalinclude": "```{{eval-rst}}\n.. literalinclude:: {path}\n```",
    "rst-csv-table": "```{{eval-rst}}\n.. csv-table:: t\n   :file: {path}\n```",
    "raw": "```{{eval-rst}}\n.. raw:: html\n   :file: {path}\n```",
    "mermaid": "```{{mermaid}} {path}\n```",
    "download": "{{download}}`{path}`",
}
SVGS = {
    "evil.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "onload.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "foreign.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    "link.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)">x</a></svg>',
    "external.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://evil.example/x.png"/></svg>',
    "entity.svg": b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
}


def _marker(name: str) -> str:
    return f"MARK{name}MARK"  # one word: highlighting cannot split it


def _hostile_files(srcdir: Path, outside: Path) -> None:
    """Every file the readers must not read, each holding its marker (pictures: after their bytes)."""
    articles = srcdir / ARTICLES
    outside.mkdir()
    (outside / "secret.txt").write_text(_marker("outside") + "\n")
    (outside / "secret.png").write_bytes(PNG + _marker("outside").encode())
    (outside / "linked.txt").write_text(_marker("linkout") + "\n")
    (outside / "linked.png").write_bytes(PNG + _marker("linkout").encode())
    (articles / "linkout.txt").symlink_to(outside / "linked.txt")
    (articles / "linkout.png").symlink_to(outside / "linked.png")
    (articles / ".hidden.txt").write_text(_marker("hidden") + "\n")
    (articles / ".hidden.png").write_bytes(PNG + _marker("hidden").encode())
    (srcdir / "docs/.private").mkdir()
    (srcdir / "docs/.private/x.txt").write_text(_marker("hiddendir") + "\n")
    (articles / "linkhidden.txt").symlink_to("../.private/x.txt")
    (articles / "excluded/x.txt").write_text(_marker("excluded") + "\n")
    (articles / "excluded/x.png").write_bytes(PNG + _marker("excluded").encode())
    (srcdir / "private").mkdir()
    (srcdir / "private/x.txt").write_text(_marker("notincluded") + "\n")
    (srcdir / "private/x.png").write_bytes(PNG + _marker("notincluded").encode())
    with (srcdir / "conf.py").open("a") as conf:
        conf.write(f"# {_marker('conf')}\n")
    os.mkfifo(articles / "pipe.txt")
    os.mkfifo(articles / "pipe.png")
    (articles / "draft-post.md").write_text(
        f"---\ntitle: A draft\ndate: 2024-01-01\ndraft: true\n---\n\n{_marker('draft')}\n"
    )
    (articles / "later-post.md").write_text(
        f"---\ntitle: Later\ndate: 2999-01-01\n---\n\n{_marker('scheduled')}\n"
    )
    (articles / "pic.html").write_bytes(PNG + b"<script>alert(1)</script>" + _marker("polyglot").encode())
    (articles / "gif.js").write_bytes(b"GIF89a=alert(1);//" + _marker("gifjs").encode())
    (articles / "text.png").write_text(_marker("renamed"))
    for name, data in SVGS.items():
        key = next(k for k, v in REFUSED_PICTURES.items() if v == name)
        (articles / name).write_bytes(data.replace(b"</svg>", f"<!-- {_marker(key)} --></svg>".encode()))
    (articles / "ok.txt").write_text(_marker("ok") + "\n")
    (articles / "other.txt").write_text("other\n")
    (articles / "ok.png").write_bytes(PNG + _marker("okpicture").encode())
    (articles / "ok.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/><!-- '
        + _marker("oksvg").encode()
        + b" --></svg>"
    )


def _reader_pages(srcdir: Path) -> dict[str, dict[str, int]]:
    """One article per reader, naming every refused file and the good one: reader -> target -> line."""
    lines: dict[str, dict[str, int]] = {}
    for reader, block in READERS.items():
        text = f"---\ntitle: Reader {reader}\ndate: 2024-02-01\n---\n\n"
        lines[reader] = {}
        for target, path in [*REFUSED_TEXT.items(), ("ok", "ok.txt")]:
            # The line of the directive itself: inside an eval-rst block, the one after the fence.
            lines[reader][target] = text.count("\n") + 1 + block.startswith("```{{eval-rst}}")
            text += block.format(path=path) + "\n\n"
        (srcdir / ARTICLES / f"reader-{reader}.md").write_text(text)
    body = "".join(f"![{name}]({path})\n\n" for name, path in REFUSED_PICTURES.items())
    (srcdir / ARTICLES / "pictures.md").write_text(
        f"---\ntitle: Pictures\ndate: 2024-02-01\n---\n\n{body}![ok](ok.png) ![ok](ok.svg)\n"
    )
    for name, path in {**REFUSED_PICTURES, "ok": "ok.png"}.items():
        (srcdir / ARTICLES / f"image-{name}.md").write_text(
            f"---\ntitle: Image {name}\ndate: 2024-02-02\nimage: {path}\n---\n\nBody.\n"
        )
    return lines


@pytest.fixture(scope="module")
def readers_site(rootdir, tmp_path_factory):
    where = tmp_path_factory.mktemp("readers")
    srcdir = copy_root(rootdir, "files", where / "src")
    _hostile_files(srcdir, where / "outside")
    lines = _reader_pages(srcdir)

    def expire(*_):
        raise TimeoutError("the build blocked (a FIFO was opened?)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(240)
    try:
        app = build(srcdir, freshenv=True)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return app, srcdir, lines


def test_no_reader_publishes_a_file_the_site_may_not_publish(readers_site):
    app, _, _ = readers_site
    refused = {*REFUSED_TEXT, *REFUSED_PICTURES}
    assert _leaks(Path(app.outdir), [_marker(name) for name in refused]) == []
    # Nothing the pictures' names or contents could run is published under its own name.
    names = {p.name for p in _output_files(Path(app.outdir))}
    assert not names & {"pic.html", "gif.js", *SVGS}


def test_every_reader_reads_a_file_the_site_may_publish(readers_site):
    app, _, _ = readers_site
    for reader in READERS:
        if reader == "download":
            html = page(app, "docs/articles/reader-download.html")
            [link] = [a for a in html.select("a.download") if "ok.txt" in a.get("href", "")]
            assert (Path(app.outdir) / "docs/articles" / link["href"]).read_text().startswith(_marker("ok"))
            continue
        assert _marker("ok") in page(app, f"docs/articles/reader-{reader}.html").get_text(), reader
    pictures = page(app, "docs/articles/pictures.html")
    shown = [img["src"] for img in pictures.select("article img")]
    assert [Path(src).name for src in shown] == ["ok.png", "ok.svg"]
    assert (Path(app.outdir) / "_kb_images/docs/articles/ok.png").is_file()


def test_each_refusal_is_one_warning_at_the_line_that_named_the_file(readers_site):
    app, srcdir, lines = readers_site
    text = _warnings(app)
    assert "Traceback" not in text
    for reader, targets in lines.items():
        for target, line in targets.items():
            where = f"{srcdir / ARTICLES}/reader-{reader}.md:{line}: WARNING: "
            found = [w for w in text.splitlines() if w.startswith(where) and w.endswith("[kb.files]")]
            if target == "ok":
                assert found == [], (reader, found)
            else:
                assert len(found) == 1, (reader, target, found)
                assert repr(REFUSED_TEXT[target]) in found[0]
    # The draft's source is named as unpublished, the FIFO as not a regular file.
    assert "it is the source of an article that is not published (draft)" in text
    assert "it is the source of an article that is not published (scheduled)" in text
    assert "include 'pipe.txt' is not read: it is not a regular file" in text
    for name, path in REFUSED_PICTURES.items():
        assert re.search(rf"image-{name}\.md:4: WARNING: field 'image': {re.escape(repr(path))}", text), name
        assert f"image {path!r} cannot be published" in text, name


def test_a_diff_names_its_files_as_the_page_wrote_them(readers_site):
    app, srcdir, _ = readers_site
    text = page(app, "docs/articles/reader-diff.html").get_text()
    assert str(srcdir) not in text and "/tmp/" not in text


def test_url_options_are_refused_and_nothing_is_fetched(rootdir, tmp_path, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the build fetched from the network")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    import docutils.parsers.rst.directives.misc as misc
    import docutils.parsers.rst.directives.tables as tables

    monkeypatch.setattr(misc, "urlopen", no_network, raising=False)
    monkeypatch.setattr(tables, "urlopen", no_network, raising=False)
    srcdir = copy_root(rootdir, "files", tmp_path / "src")
    (srcdir / ARTICLES / "net.md").write_text(
        "---\ntitle: Net\ndate: 2024-01-01\n---\n\n```{eval-rst}\n.. raw:: html\n   :url: http://127.0.0.1:9/x\n```\n\n"
        "```{csv-table} t\n:url: http://127.0.0.1:9/x.csv\n```\n"
    )
    app = build(srcdir, freshenv=True)
    text = _warnings(app)
    assert "net.md:7: WARNING: raw :url: 'http://127.0.0.1:9/x' is not read: the build reads nothing" in text
    assert "net.md:11: WARNING: csv-table :url: 'http://127.0.0.1:9/x.csv' is not read" in text


# -- incremental builds leave what a fresh build has --------------------------------------------

PICTURED = (
    "---\ntitle: Pictured\ndate: 2024-06-01\nimage: pic.png\n---\n\n"
    "![inline](inline.png)\n\n{download}`notes.txt`\n"
)


def _pictured_site(rootdir, where: Path) -> Path:
    srcdir = copy_root(rootdir, "files", where)
    (srcdir / ARTICLES / "pic.png").write_bytes(PNG)
    (srcdir / ARTICLES / "inline.png").write_bytes(PNG + b"inline")
    (srcdir / ARTICLES / "notes.txt").write_text("notes\n")
    (srcdir / ARTICLES / "pictured.md").write_text(PICTURED)
    return srcdir


def _tree(outdir: Path) -> set[str]:
    # Sphinx's and this extension's files; _static is the theme's, the same in every build, and
    # the search bundle is replaced whole (its file names are hashes of the index).
    return {
        p.relative_to(outdir).as_posix()
        for p in _output_files(outdir)
        if not p.relative_to(outdir).as_posix().startswith(("_static/", ".doctrees/", "pagefind/"))
    }


def _draft(srcdir: Path) -> None:
    path = srcdir / ARTICLES / "pictured.md"
    path.write_text(path.read_text().replace("date: 2024-06-01", "date: 2024-06-01\ndraft: true"))


def _schedule(srcdir: Path) -> None:
    path = srcdir / ARTICLES / "pictured.md"
    path.write_text(path.read_text().replace("date: 2024-06-01", "date: 2999-06-01"))


def _delete(srcdir: Path) -> None:
    (srcdir / ARTICLES / "pictured.md").unlink()


def _other_picture(srcdir: Path) -> None:
    (srcdir / ARTICLES / "other.png").write_bytes(PNG + b"other")
    path = srcdir / ARTICLES / "pictured.md"
    text = path.read_text().replace("image: pic.png", "image: other.png").replace("inline.png", "other.png")
    path.write_text(text.replace("{download}`notes.txt`", ""))


@pytest.mark.parametrize(
    ("change", "preview_first"),
    [(_draft, False), (_schedule, False), (_delete, False), (_other_picture, False), (None, True)],
    ids=["draft", "scheduled", "deleted", "other-picture", "preview-then-normal"],
)
def test_an_incremental_build_leaves_exactly_what_a_fresh_build_has(rootdir, tmp_path, change, preview_first):
    srcdir = _pictured_site(rootdir, tmp_path / "src")
    if preview_first:
        _draft(srcdir)
    first = build(srcdir, freshenv=True, confoverrides={"kb_preview": preview_first})
    out = Path(first.outdir)
    assert "_kb_images/docs/articles/pic.png" in _tree(out)
    assert any(name.startswith("_images/") for name in _tree(out))
    if change is not None:
        change(srcdir)
    # A file someone else put in the output folder is never removed.
    (out / "_images").mkdir(exist_ok=True)
    (out / "_images/theirs.png").write_bytes(PNG)
    again = build(srcdir)
    fresh = build(srcdir, freshenv=True, builddir=tmp_path / "fresh")
    assert _tree(Path(again.outdir)) - {"_images/theirs.png"} == _tree(Path(fresh.outdir))
    assert (out / "_images/theirs.png").is_file()
    if change is not _other_picture:
        assert not [p for p in _tree(out) if "pictured" in p or p.endswith(("pic.png", "inline.png"))]


def test_a_file_rewritten_by_someone_else_is_not_removed(rootdir, tmp_path):
    srcdir = _pictured_site(rootdir, tmp_path / "src")
    first = build(srcdir, freshenv=True)
    out = Path(first.outdir)
    [inline] = [p for p in _tree(out) if p.startswith("_images/")]
    (out / inline).write_bytes(PNG + b"edited by a deploy script")
    _delete(srcdir)
    build(srcdir)
    assert (out / inline).read_bytes().endswith(b"deploy script")
    assert not (out / "_kb_images/docs/articles/pic.png").exists()


# -- source files judged by where they really are -----------------------------------------------


def test_links_into_hidden_excluded_and_build_folders_publish_nothing(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "files", tmp_path / "src")
    articles = srcdir / ARTICLES
    post = "---\ntitle: Secret {0}\ndate: 2024-01-01\n---\n\nMARK{0}MARK\n"
    for folder, name in [(".drafts", "hidden"), ("docs/articles/excluded", "excluded"), ("_build", "build")]:
        (srcdir / folder).mkdir(parents=True, exist_ok=True)
        (srcdir / folder / f"{name}.md").write_text(post.format(name))
    (srcdir / "private").mkdir()
    (srcdir / "private/notincluded.md").write_text(post.format("notincluded"))
    (srcdir / ".env").write_text("MARKenvMARK\n")
    (articles / "d1").symlink_to("../../.drafts", target_is_directory=True)
    (articles / "d2").symlink_to("excluded", target_is_directory=True)
    (articles / "d3").symlink_to("../../_build", target_is_directory=True)
    (articles / "d4").symlink_to("../../private", target_is_directory=True)
    (articles / "conf.md").symlink_to("../../conf.py")
    (articles / "env.md").symlink_to("../../.env")
    (articles / "hidden.md").symlink_to("../../.drafts/hidden.md")
    (articles / ".dotted.md").write_text(post.format("dotted"))
    app = build(srcdir, freshenv=True)
    markers = [f"MARK{n}MARK" for n in ("hidden", "excluded", "build", "notincluded", "env", "dotted")]
    assert _leaks(Path(app.outdir), markers) == []
    assert not [d for d in app.env.found_docs if d.startswith(("docs/articles/d", "docs/articles/conf"))]
    text = _warnings(app)
    # A folder refused where it is (hidden); one whose files the patterns refuse, file by file.
    assert (
        "articles/d1:1: WARNING: symbolic link to a folder the site does not publish (it is a hidden" in text
    )
    for name, why in [
        ("d2/excluded.md", "exclude_patterns"),
        ("d3/build.md", "include_patterns"),
        ("d4/notincluded.md", "include_patterns"),
        ("env.md", "it is a hidden file"),
        ("hidden.md", "it is a hidden file"),
    ]:
        assert f"articles/{name}:1: WARNING: symbolic link to a file the site does not publish ({why}" in text
    assert (
        "conf.md:1: WARNING: symbolic link to a file the site does not publish (it is the site's conf.py"
        in text
    )


def test_a_bibliography_linked_from_outside_is_not_read(rootdir, tmp_path):
    from test_safety_site import _site

    srcdir = _site(rootdir, tmp_path / "src")
    outside = tmp_path / "outside.bib"
    outside.write_text("@misc{leak2024, title = {MARK-bib-MARK}, year = {2024}}\n")
    (srcdir / "refs.bib").unlink()
    (srcdir / "refs.bib").symlink_to(outside)
    app = build(srcdir, freshenv=True)
    assert _leaks(Path(app.outdir), ["MARK-bib-MARK"]) == []
    assert "WARNING: the bibliography is not read: it is outside the source folder" in _warnings(app)


# -- page names: one file on every system, never a scheme ---------------------------------------


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_unsafe_page_names_are_refused_and_no_link_becomes_a_scheme(rootdir, tmp_path, builder):
    srcdir = copy_root(rootdir, "files", tmp_path / "src")
    post = "---\ntitle: {0}\ndate: 2024-01-01\n---\n\nBody.\n"
    for name in ("Good.md", "CON.md", "trail. .md", "a#b.md", "50%.md", "what?.md"):
        (srcdir / ARTICLES / name).write_text(post.format(name))
    (srcdir / "docs/topics/javascript:alert(document.domain)%2F%2F.md").write_text(
        "---\ntitle: Evil topic\n---\n\nA topic.\n"
    )
    (srcdir / "docs/articles/con").mkdir()
    (srcdir / "docs/articles/con/inside.md").write_text(post.format("inside"))
    app = build(srcdir, builder, freshenv=True)
    text = _warnings(app)
    assert "Good.md:1: WARNING: docs/articles/Good.md and docs/articles/good.md differ only in case" in text
    assert (
        Path(app.outdir) / ("docs/articles/good.html" if builder == "html" else "docs/articles/good")
    ).exists()
    assert "CON.md:1: WARNING: the file name cannot be a page's name: the name 'CON' is reserved" in text
    assert "inside.md:1: WARNING: the folder 'con' cannot be a page's name" in text
    assert "trail. .md:1: WARNING: the file name cannot be a page's name: a name starts or ends" in text
    for name in ("a#b.md", "50%.md", "what?.md", "javascript:alert(document.domain)%2F%2F.md"):
        assert f"{name}:1: WARNING: the file name cannot be a page's name" in text, name
    hrefs = [
        m.group(1)
        for p in _output_files(Path(app.outdir))
        if p.suffix in (".html", ".xml")
        for m in re.finditer(r'href="([^"]*)"', p.read_text(errors="replace"))
    ]
    assert hrefs and not [h for h in hrefs if re.match(r"(?i)\s*javascript:(?!SphinxHighlight)", h)]
    assert not (Path(app.outdir) / "docs/articles/Good.html").exists()


def test_a_page_linked_by_a_name_with_a_colon_is_linked_as_a_path():
    from types import SimpleNamespace

    from trendkb.pages.render import link

    builder = SimpleNamespace(name="dirhtml", get_relative_uri=lambda a, b: "javascript:alert(1)%2F%2F/")
    assert (
        link(builder, "docs/topics", "docs/topics/javascript:alert(1)%2F%2F")
        == "./javascript:alert(1)%2F%2F/"
    )


# -- the one writer: never through a link in the output folder ----------------------------------


def test_nothing_is_written_through_a_link_in_the_output_folder(rootdir, tmp_path):
    srcdir = _pictured_site(rootdir, tmp_path / "src")
    with (srcdir / "conf.py").open("a") as conf:
        conf.write('html_baseurl = "https://kb.example.org/"\n')
    path = srcdir / ARTICLES / "pictured.md"
    path.write_text(path.read_text().replace("image: pic.png", "image: pic.png\naliases: [/old/x.html]"))
    out, elsewhere = tmp_path / "build" / "html", tmp_path / "elsewhere"
    out.mkdir(parents=True)
    elsewhere.mkdir()
    (out / "old").symlink_to(elsewhere, target_is_directory=True)
    (out / "_kb_images").symlink_to(elsewhere, target_is_directory=True)
    app = build(srcdir, freshenv=True, builddir=tmp_path / "build")
    assert list(elsewhere.rglob("*")) == []
    text = _warnings(app)
    assert "could not write old/x.html (the output folder holds a symbolic link at old" in text
    assert (
        "to _kb_images/docs/articles/pic.png (the output folder holds a symbolic link at _kb_images" in text
    )
    # The links are someone else's: left as they were.
    assert (out / "old").is_symlink() and (out / "_kb_images").is_symlink()


def test_links_where_sphinx_writes_are_removed_before_it_writes(rootdir, tmp_path):
    # Sphinx writes its pages, folders and index files without asking this extension: a link at
    # one of them, or at a folder above a page, would take the write elsewhere.
    srcdir = _pictured_site(rootdir, tmp_path / "src")
    with (srcdir / "conf.py").open("a") as conf:
        conf.write('html_baseurl = "https://kb.example.org/"\n')
    out, victim = tmp_path / "build" / "html", tmp_path / "victim"
    out.mkdir(parents=True)
    for name in ("index.html", "objects.inv", "search.html"):
        (victim / name).parent.mkdir(parents=True, exist_ok=True)
        (victim / name).write_text("victim's own file")
        (out / name).symlink_to(victim / name)
    for folder in ("_static", "_sources", "docs", "_images"):
        (victim / "dirs" / folder).mkdir(parents=True)
        (out / folder).symlink_to(victim / "dirs" / folder, target_is_directory=True)
    (out / "elsewhere").symlink_to(victim, target_is_directory=True)  # nothing is written there
    app = build(srcdir, freshenv=True, builddir=tmp_path / "build")
    assert sorted(p.relative_to(victim).as_posix() for p in victim.rglob("*") if p.is_file()) == [
        "index.html",
        "objects.inv",
        "search.html",
    ]
    assert all(p.read_text() == "victim's own file" for p in victim.glob("*.*"))
    assert not [p for p in (victim / "dirs").rglob("*") if p.is_file()]
    text = _warnings(app)
    for name in ("index.html", "objects.inv", "search.html", "_static", "_sources", "docs", "_images"):
        assert f"symbolic link at {name} (to {victim}" in text, name
        assert not (out / name).is_symlink() and (out / name).exists(), name
    assert "symbolic link at elsewhere" not in text
    assert (out / "elsewhere").is_symlink()  # someone else's, on no path of the build
    assert page(app, "docs/articles/pictured.html").find("h1")


def test_nothing_is_removed_through_a_link_in_the_output_folder(rootdir, tmp_path):
    srcdir = _pictured_site(rootdir, tmp_path / "src")
    with (srcdir / "conf.py").open("a") as conf:
        conf.write('html_baseurl = "https://kb.example.org/"\n')
    path = srcdir / ARTICLES / "pictured.md"
    path.write_text(path.read_text().replace("image: pic.png", "image: pic.png\naliases: [/old/x.html]"))
    first = build(srcdir, freshenv=True)
    out, elsewhere = Path(first.outdir), tmp_path / "elsewhere"
    assert (out / "old/x.html").is_file()
    # A deploy step moves the folder elsewhere and leaves a link: the same file, by size and time.
    elsewhere.mkdir()
    os.rename(out / "old", elsewhere / "old")
    (out / "old").symlink_to(elsewhere / "old", target_is_directory=True)
    path.write_text(path.read_text().replace("\naliases: [/old/x.html]", ""))
    build(srcdir)
    assert (elsewhere / "old/x.html").is_file()
