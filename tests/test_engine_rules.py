"""Rules of other engines a migration helper found missing (issue 16): each a whole archive
folder dropped into a small site, as an author copies one."""

from __future__ import annotations

import json

import pytest
from kbtest import build, copy_root


def _write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    src = copy_root(rootdir, "basic", tmp_path_factory.mktemp("rules") / "src")
    old = src / "docs/articles"
    # Docusaurus ignores `categories`: they are not tags there.
    _write(old / "babel/docusaurus.config.js", "module.exports = {};\n")
    _write(old / "babel/blog/2020-01-02-news.md", "---\ntitle: News\ncategories: announcements\n---\nBody.\n")
    # Hugo's _index.md is a list page's text, in any language.
    _write(old / "stack/hugo.toml", 'baseURL = "https://x.example/"\n')
    _write(old / "stack/content/post/_index.md", "---\ntitle: Posts\n---\nAll posts.\n")
    _write(old / "stack/content/post/_index.es.md", "---\ntitle: Entradas\n---\nTodas.\n")
    _write(old / "stack/content/post/real.md", "---\ntitle: Real post\ndate: 2021-05-06\n---\nBody.\n")
    # Jekyll's exclude (a prefix, as Jekyll matches it), beside a Gemfile, its marker.
    _write(old / "sk/Gemfile", 'source "https://rubygems.org"\n')
    _write(old / "sk/_config.yml", "timezone: UTC\nexclude:\n  - _posts/template\n  - '*.gemspec'\n")
    _write(old / "sk/_posts/templates/2022-01-01-template.md", "---\ntitle: Template\n---\nX.\n")
    _write(old / "sk/_posts/2022-02-08-kept.md", "---\ntitle: Kept\n---\nX.\n")
    # Pelican's lists: ';' splits when present, repeats dropped; a root post gets 'misc'.
    _write(old / "pel/pelicanconf.py", "PATH = 'content'\n")
    _write(
        old / "pel/content/2012-11-30-authors.md",
        "Title: Authors\nDate: 2012-11-30\nAuthors: Author, First; Author, Second; Author, First\n\nBody.\n",
    )
    app = build(src, freshenv=True, confoverrides={"kb_unknown_fields": "keep"})
    catalog = json.loads((app.outdir / "catalog.json").read_text(encoding="utf-8"))
    return app, {a["title"]: a for a in catalog["articles"]}


def test_an_engine_s_own_taxonomies_are_its_only_tags(site):
    _app, articles = site
    assert articles["News"]["tags"] == []


def test_section_pages_and_excluded_files_are_not_posts(site):
    app, articles = site
    assert "Real post" in articles and "Kept" in articles
    assert not {"Posts", "Entradas", "Template"} & set(articles)
    assert not (app.outdir / "docs/articles/stack/content/post/_index.html").exists()


def test_pelican_lists_and_its_default_category(site):
    _app, articles = site
    post = articles["Authors"]
    assert post["authors"] == ["Author, First", "Author, Second"]
    assert "misc" in [t.casefold() for t in post["tags"]]


def test_an_engine_s_marker_files_get_no_warning(site):
    app, _ = site
    assert "Gemfile" not in app.warning.getvalue()
