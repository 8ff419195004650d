"""Archives from thirteen blog engines, as their own engines publish them.

tests/roots/test-archives holds 192 unmodified posts from 26 public repositories (Jekyll,
Hugo, Zola, Hexo, Pelican, MkDocs Material, Docusaurus, Astro, Next.js/Contentlayer, Quarto,
Eleventy, Gatsby, VuePress), with the author files and engine configuration files they
depend on, at their repository paths; sources, commits and licences are in its SOURCES.md.
Its expected.json says, for every post, what its own engine publishes, derived from that
engine's documentation and the site's configuration (ENGINES.md), not from this project: the
title, the date (to the minute where the engine has one), the authors, the tags, whether it
is published, and which original a translation belongs to.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zoneinfo
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from kbtest import build, copy_root
from sphinx.util.console import strip_escape_sequences

ROOT = Path(__file__).parent / "roots" / "test-archives"
EXPECTED = json.loads((ROOT / "expected.json").read_text(encoding="utf-8"))
#: The zone each archive's engine reads a date without an offset in (its configuration file),
#: for comparing the wall-clock times expected.json gives.
ZONES = {
    "pelican/jakevdp__jakevdp.github.io-source": "America/Los_Angeles",
    "pelican/Pelican-Elegant__elegant": "Asia/Karachi",
    "jekyll/jekyll__jekyll/docs": "America/Los_Angeles",
}
#: Posts their engine builds but leaves out of its lists (Eleventy's eleventyExcludeFromCollections).
UNLISTED = {"eleventy/11ty__11ty-website/src/blog/2025-01-13-certification-result.md"}


@pytest.fixture(scope="module")
def archive(rootdir, tmp_path_factory):
    srcdir = copy_root(rootdir, "archives", tmp_path_factory.mktemp("archives") / "src")
    app = build(srcdir, freshenv=True)
    catalog = json.loads((Path(app.outdir) / "catalog.json").read_text(encoding="utf-8"))
    return app, {unquote(a["path"]): a for a in catalog["articles"]}


def _page(file: str) -> str:
    return "docs/articles/" + file.rsplit(".", 1)[0] + ".html"


def _zone(file: str) -> dt.tzinfo:
    name = next((zone for prefix, zone in ZONES.items() if file.startswith(prefix)), "UTC")
    return zoneinfo.ZoneInfo(name)


def _same_time(got: str, expected: str, zone: dt.tzinfo) -> bool:
    instant = dt.datetime.fromisoformat(got)
    wanted = dt.datetime.fromisoformat(expected)
    if len(expected) == 10:  # a day: the engine's day
        return instant.astimezone(zone).date().isoformat() == expected
    if wanted.tzinfo is None:
        wanted = wanted.replace(tzinfo=zone)
    return abs((instant - wanted).total_seconds()) < 60


def _listed(archive, entry):
    _, listed = archive
    return listed.get(_page(entry["file"]))


@pytest.mark.parametrize(
    "entry", [e for e in EXPECTED if e["published"] and not e["translation_of"]], ids=lambda e: e["file"]
)
def test_every_published_post_is_listed_as_its_engine_lists_it(archive, entry):
    app, _ = archive
    assert (Path(app.outdir) / _page(entry["file"])).is_file()
    article = _listed(archive, entry)
    if entry["file"] in UNLISTED:
        assert article is None  # a page, out of every list
        return
    assert article is not None, "not listed"
    assert article["title"] == entry["title"]
    assert _same_time(article["date"], entry["date"], _zone(entry["file"])), (article["date"], entry["date"])
    assert article["authors"] == entry["authors"]
    # Tags as the engine files the post under them (their case is the site's most used spelling).
    assert sorted({t.casefold() for t in article["tags"]}) == sorted({t.casefold() for t in entry["tags"]})


@pytest.mark.parametrize("entry", [e for e in EXPECTED if not e["published"]], ids=lambda e: e["file"])
def test_drafts_are_not_published(archive, entry):
    app, _ = archive
    assert not (Path(app.outdir) / _page(entry["file"])).exists()
    assert _listed(archive, entry) is None


@pytest.mark.parametrize("entry", [e for e in EXPECTED if e["translation_of"]], ids=lambda e: e["file"])
def test_translations_are_one_article(archive, entry):
    app, listed = archive
    out = Path(app.outdir)
    assert _listed(archive, entry) is None  # one listing entry: the original's
    assert _page(entry["translation_of"]) in listed
    page = BeautifulSoup((out / _page(entry["file"])).read_text(encoding="utf-8"), "html.parser")
    original = BeautifulSoup(
        (out / _page(entry["translation_of"])).read_text(encoding="utf-8"), "html.parser"
    )
    assert page.html["lang"] == entry["language"]
    hreflangs = {link["hreflang"] for link in original.find_all("link", rel="alternate", hreflang=True)}
    assert entry["language"] in hreflangs and "x-default" in hreflangs
    switcher = original.select_one(".kb-byline__languages")
    assert switcher is not None and entry["language"] in {a.get("lang") for a in switcher.find_all("a")}
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f'hreflang="{entry["language"]}"' in sitemap


def test_the_check_command_reports_the_builds_front_matter_warnings(archive, rootdir, tmp_path):
    app, _ = archive
    srcdir = Path(app.srcdir)
    result = subprocess.run(
        [sys.executable, "-m", "trendkb", "check"],
        cwd=srcdir,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent / "_ext"), "PATH": "/usr/bin:/bin"},
    )
    checked = {line for line in result.stdout.splitlines() if "[kb.frontmatter]" in line}
    built = {
        line.split(str(srcdir) + "/", 1)[-1]
        for line in strip_escape_sequences(app.warning.getvalue()).splitlines()
        if "[kb.frontmatter]" in line
    }
    assert checked == built


def test_an_archive_builds_with_warnings_only_about_its_own_problems(archive):
    """With kb_unknown_fields = "keep" and the engines found: every front-matter warning left is a
    real problem of a post (recorded here), and none is about a shape its engine writes."""
    app, _ = archive
    lines = strip_escape_sequences(app.warning.getvalue()).splitlines()
    front = [line.split("docs/articles/", 1)[-1] for line in lines if "[kb.frontmatter]" in line]
    assert not [line for line in front if "unknown field" in line or "expected a date" in line], front
