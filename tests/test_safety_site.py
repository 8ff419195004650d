"""The safety invariants on a built site (SECURITY.md): hostile front matter, paths,
bibliography and settings, as an attacker or a clumsy author would write them.

The site (tests/roots/test-safety) aims aliases at the site's own files, names the
repository's secrets as pictures, marks drafts in every slightly wrong way, dates a post on
a day that does not exist, cites a ``javascript:`` URL and an exponential ``@string`` chain,
and uses a time zone with a historic offset. Each test checks what a reader, a host or a
later build would see.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.dom import minidom

import pytest
from bs4 import BeautifulSoup
from kbtest import build, copy_root, page
from sphinx.errors import ConfigError
from sphinx.util.console import strip_escape_sequences

SECRETS = ("SECRET-GIT-CONFIG", "SECRET-DOT-ENV", "SECRET-DRAFT-BODY")
UNPUBLISHED = (
    "quoted-draft",
    "numeric-draft",
    "capital-draft",
    "quoted-published",
    "status-word",
    "future-impossible",
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$")


def _site(rootdir: Path, where: Path) -> Path:
    srcdir = copy_root(rootdir, "safety", where)
    # Git would not keep a .git folder or these files in the test root: made here.
    (srcdir / ".git").mkdir()
    (srcdir / ".git" / "config").write_text("[core]\n\tSECRET-GIT-CONFIG\n")
    (srcdir / ".env").write_text("API_KEY=SECRET-DOT-ENV\n")
    return srcdir


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    srcdir = _site(rootdir, tmp_path_factory.mktemp("safety") / "src")
    # The doctrees inside the output folder, as `sphinx-build -b html . out` puts them.
    return build(srcdir, freshenv=True, doctreedir=srcdir / "_build/html/.doctrees")


def _warnings(app) -> str:
    return app.warning.getvalue()


def _files(outdir: Path):
    return [p for p in Path(outdir).rglob("*") if p.is_file()]


def test_no_secret_and_no_unpublished_text_reaches_the_output_folder(site):
    leaked = [
        (p.relative_to(site.outdir).as_posix(), secret)
        for p in _files(site.outdir)
        for secret in SECRETS
        if secret.encode() in p.read_bytes()
    ]
    assert leaked == []


def test_pictures_from_the_repository_are_refused_with_warnings(site):
    text = _warnings(site)
    assert (
        "images.md:4: WARNING: field 'image': '/.git/config' cannot be published: it is a hidden file" in text
    )
    assert "images.md:7: WARNING: image '../../.env' cannot be published" in text
    assert "images.md:9: WARNING: image '../../conf.py' cannot be published (it is the site's conf.py" in text
    assert "images.md:11: WARNING: download '../../.git/config' cannot be published" in text
    soup = page(site, "docs/articles/images.html")
    assert soup.find("meta", property="og:image")["content"].endswith("_static/kb-social-card.png")


def test_aliases_never_replace_or_take_the_sites_own_files(site):
    out = Path(site.outdir)
    json.loads((out / "catalog.json").read_text())  # still the catalogue
    assert (out / "objects.inv").read_bytes().startswith(b"# Sphinx inventory version 2")
    assert "refresh" not in (out / "404.html").read_text()
    assert (out / "_static/styles/furo.css").read_text().count("refresh") == 0
    assert not (out / "objects.inv").is_dir() and not (out / "index.html").is_dir()
    redirect = (out / "ok/old-post/index.html").read_text()
    assert 'http-equiv="refresh"' in redirect and "docs/articles/aliases.html" in redirect
    text = _warnings(site)
    for path, owner in [
        ("404.html", "the page 404"),
        ("objects.inv/index.html", "Sphinx"),
        ("index.html/old/index.html", "the page index"),
        ("Docs/Articles/Good.html", "the page docs/articles/good"),
    ]:
        assert (
            f"output file '{path}' is claimed by {owner} and by the redirect from docs/articles/aliases"
            in text
        )
    for line, reason in [
        (5, "a static host serves '.json' files"),
        (9, "the name '.buildinfo' is hidden"),
        (14, "'..' climbs above the site root"),
        (16, "a name is longer than 255 bytes"),
    ]:
        assert re.search(rf"aliases\.md:{line}: WARNING: field '\w+': .*{re.escape(reason)}", text), reason


def test_each_unclear_flag_and_impossible_date_keeps_a_post_unpublished(site):
    out = Path(site.outdir)
    listed = page(site, "index.html").get_text()
    feed = (out / "atom.xml").read_text()
    sitemap = (out / "sitemap.xml").read_text()
    catalog = (out / "catalog.json").read_text()
    for name in UNPUBLISHED:
        assert not (out / f"docs/articles/{name}.html").exists(), name
        assert f"Unpublished {name}" not in listed and f"{name}.html" not in feed + sitemap + catalog
        assert not (out / ".doctrees/docs/articles" / f"{name}.doctree").exists(), name
    text = _warnings(site)
    assert "capital-draft.md:4: WARNING: field 'Draft' is spelled differently from 'draft'" in text
    assert (
        "quoted-draft.md:4: WARNING: field 'draft': expected true or false (without quotes), got 'true'"
        in text
    )
    assert (
        "numeric-draft.md:4: WARNING: field 'draft': expected true or false (without quotes), got '1'" in text
    )
    assert "quoted-published.md:4: WARNING: field 'published': expected true or false" in text
    assert "future-impossible.md:3: WARNING: field 'date'" in text and "'2030-02-30'" in text


def test_a_hostile_bibliography_costs_its_entries_not_the_build(site):
    text = _warnings(site)
    assert "refs.bib:12: WARNING: entry 'evil2024': field 'url'" in text
    assert "refs.bib:15: WARNING: entry 'broken2024': its braces" in text
    assert "@string 's9' expands to more than 20000 characters: left empty" in text
    assert "repeated bibliography entry: good2024" in text
    topic = (Path(site.outdir) / "docs/topics/lifecycle.html").read_text()
    assert "javascript:" not in topic
    soup = BeautifulSoup(topic, "html.parser")
    assert not [a for a in soup.find_all("a", href=True) if a["href"].lower().startswith("javascript")]
    # The entry after the repeated key and after the broken one is read.
    papers = json.loads((Path(site.outdir) / "catalog.json").read_text())["papers"]
    assert {"after2024", "chain2024", "evil2024", "good2024"} <= {p["key"] for p in papers}


def test_javascript_links_in_a_body_become_text(rootdir, tmp_path):
    srcdir = _site(rootdir, tmp_path / "src")
    # Markdown's own links refuse these schemes (markdown-it shows them as text); reST inside
    # MyST does not, nor do other extensions: the site's link policy catches them all.
    (srcdir / "docs/articles/links.md").write_text(
        "---\ntitle: Links\ndate: 2024-01-05\n---\n\n[click](javascript:alert(1)) and "
        "[tab](java\tscript:alert(2)) and [ok](https://example.org/) and [rel](good.md)\n\n"
        "```{eval-rst}\n`in reST <javascript:alert(3)>`_ and `data <DATA:text/html,x>`_\n```\n"
    )
    app = build(srcdir, freshenv=True)
    soup = page(app, "docs/articles/links.html")
    hrefs = [a["href"] for a in soup.select("article a[href]")]
    assert not [h for h in hrefs if "script:" in h.replace("\t", "") or h.lower().startswith("data:")]
    assert "https://example.org/" in hrefs
    assert "in reST" in soup.get_text()
    assert "WARNING: link to 'javascript:alert(3)': expected an http(s), mailto or relative" in _warnings(app)
    assert "WARNING: link to 'DATA:text/html,x'" in _warnings(app)


def test_machine_timestamps_are_rfc_3339_in_a_zone_with_historic_offsets(site):
    out = Path(site.outdir)
    stamps = re.findall(r"<(?:published|updated|lastmod)>([^<]+)<", (out / "atom.xml").read_text())
    stamps += re.findall(r"<lastmod>([^<]+)<", (out / "sitemap.xml").read_text())
    soup = page(site, "docs/articles/good.html")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    stamps += [data["datePublished"], data["dateModified"], soup.find("time")["datetime"]]
    assert stamps and all(RFC3339.match(s) for s in stamps), stamps
    assert "1930-05-01T09:40:28+00:00" in stamps  # 10:00 in Amsterdam, +00:19:32 then


def test_impossible_lifecycle_dates_are_warned(site):
    text = _warnings(site)
    assert "lifecycle.md:5: WARNING: field 'status_history', item 1" in text and "'2021-02-30'" in text
    assert "lifecycle.md:7: WARNING: field 'as_of'" in text and "'2025-13'" in text


def test_removing_the_aliases_removes_only_the_redirects_it_wrote(rootdir, tmp_path):
    srcdir = _site(rootdir, tmp_path / "src")
    first = build(srcdir, freshenv=True)
    out = Path(first.outdir)
    kept = ("catalog.json", "404.html", "objects.inv", "_static/styles/furo.css")
    assert (out / "ok/old-post/index.html").is_file()
    article = srcdir / "docs/articles/aliases.md"
    text = article.read_text()
    article.write_text(text[: text.index("aliases:")] + text[text.index("---\n\nAn article") :])
    build(srcdir)
    assert not (out / "ok/old-post/index.html").exists()
    for path in kept:
        assert (out / path).is_file(), path
    assert json.loads((out / "catalog.json").read_text())["articles"]


def test_an_alias_equal_to_a_later_article_does_not_delete_it(rootdir, tmp_path):
    srcdir = _site(rootdir, tmp_path / "src")
    first = build(srcdir, freshenv=True)
    out = Path(first.outdir)
    assert "refresh" in (out / "docs/articles/later.html").read_text()  # a redirect, for now
    (srcdir / "docs/articles/later.md").write_text(
        "---\ntitle: Written later\ndate: 2024-02-01\n---\n\nThe page at the old path.\n"
    )
    second = build(srcdir)
    later = (out / "docs/articles/later.html").read_text()
    assert "Written later" in later and 'http-equiv="refresh"' not in later
    assert "output file 'docs/articles/later.html' is claimed by the page docs/articles/later" in (
        second.warning.getvalue()
    )
    third = build(srcdir)
    assert "Written later" in (out / "docs/articles/later.html").read_text()
    assert third.statuscode == 0


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("kb_feed_length = 10.5", "kb_feed_length must be a whole number from 1 to 10000, got 10.5"),
        ("kb_feed_length = '-3'", "kb_feed_length must be a whole number from 1 to 10000, got '-3'"),
        ("kb_timezone = None", "kb_timezone must be text, got None"),
        ("kb_preview = 'maybe'", "kb_preview must be true or false (or the text"),
        (
            "kb_authors_page = 'docs/tags'",
            "kb_tags_page ('docs/tags') and kb_authors_page ('docs/tags') overlap",
        ),
        ("kb_tags_page = 'docs/articles/tags'", "kb_articles_dir ('docs/articles') and kb_tags_page"),
        ('kb_date_format = "zzzz\'"', "kb_date_format must be a Babel date format"),
        ("kb_unknown_fields = 'drop'", "kb_unknown_fields must be one of 'warn', 'keep', 'ignore'"),
    ],
)
def test_wrong_settings_stop_the_build_at_start_with_one_sentence(rootdir, tmp_path, setting, message):
    srcdir = _site(rootdir, tmp_path / "src")
    with (srcdir / "conf.py").open("a") as conf:
        conf.write(setting + "\n")
    with pytest.raises(ConfigError) as caught:
        build(srcdir, freshenv=True)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_settings_given_as_text_are_read_in_their_type(rootdir, tmp_path):
    srcdir = _site(rootdir, tmp_path / "src")
    # As an environment variable would give them in conf.py (the root's own kb_preview is "0").
    with (srcdir / "conf.py").open("a") as conf:
        conf.write("kb_feed_length = '1'\nkb_preview = 'yes'\n")
    app = build(srcdir, freshenv=True)
    assert app.config.kb_feed_length == 1 and app.config.kb_preview is True
    assert (Path(app.outdir) / "atom.xml").read_text().count("<entry>") == 1
    # A preview builds the drafts, marked and kept out of search engines.
    draft = page(app, "docs/articles/quoted-draft.html")
    assert draft.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_a_failed_search_index_keeps_the_previous_one(rootdir, tmp_path, monkeypatch):
    from trendkb.outputs import pagefindservice

    srcdir = _site(rootdir, tmp_path / "src")
    first = build(srcdir, freshenv=True)
    bundle = Path(first.outdir) / "pagefind"
    before = (bundle / "pagefind.js").read_bytes()
    assert before

    def empty_script(pages, output):
        # A Pagefind that "succeeds" but writes an empty script, as on a full disk.
        output.mkdir(parents=True)
        (output / "pagefind.js").write_bytes(b"")
        return len(list(pages))

    monkeypatch.setattr(pagefindservice, "write_bundle", empty_script)
    (srcdir / "docs/articles/good.md").write_text(
        (srcdir / "docs/articles/good.md").read_text() + "\nA new sentence.\n"
    )
    second = build(srcdir)
    assert (
        "search: pagefind.js is empty; the previous search index, if any, is kept"
        in second.warning.getvalue()
    )
    assert (bundle / "pagefind.js").read_bytes() == before
    assert not [p for p in Path(first.outdir).iterdir() if ".kbtmp-" in p.name]


def test_epub_chapters_are_well_formed_xhtml(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "topics", tmp_path / "src")
    app = build(srcdir, "epub", freshenv=True)
    broken = []
    for path in Path(app.outdir).rglob("*.xhtml"):
        try:
            minidom.parse(str(path))
        except Exception as error:  # expat's ExpatError, with line and column
            broken.append((path.name, str(error)))
    assert broken == []


def test_the_check_command_reports_what_the_build_reports(site, rootdir, tmp_path):
    srcdir = _site(rootdir, tmp_path / "src")
    result = subprocess.run(
        [sys.executable, "-m", "trendkb", "check"],
        cwd=srcdir,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent / "_ext"), "PATH": "/usr/bin:/bin"},
    )
    checked = {
        tuple(line.split(": WARNING: ", 1)) for line in result.stdout.splitlines() if ": WARNING: " in line
    }
    built = set()
    for line in strip_escape_sequences(_warnings(site)).splitlines():
        match = re.match(r"^(?:.*/src/)?(docs/\S+?:\d+): WARNING: (.*)$", line)
        if match and re.search(r"\[kb\.(frontmatter|image|files|trend|topic|encoding|limit)\]$", match[2]):
            built.add((match[1], match[2]))
    # Only the reading-stage warnings of content files (pictures in bodies are found at parse time).
    built = {(where, message) for where, message in built if not message.startswith(("image ", "download "))}
    assert checked == built
    assert result.returncode == 1


def test_the_check_command_never_reads_a_fifo_or_a_device(rootdir, tmp_path):
    import os

    srcdir = _site(rootdir, tmp_path / "src")
    os.mkfifo(srcdir / "docs/articles/pipe.md")
    env = {"PYTHONPATH": str(Path(__file__).resolve().parent.parent / "_ext"), "PATH": "/usr/bin:/bin"}
    for args in (["check"], ["check", "docs/articles/pipe.md"], ["check", "/dev/zero"]):
        result = subprocess.run(
            [sys.executable, "-m", "trendkb", *args],
            cwd=srcdir,
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
        )
        assert "not a file: not read [kb.files]" in result.stdout, (args, result.stdout)
    shutil.rmtree(srcdir)
