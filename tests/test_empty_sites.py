"""A site with nothing to list yet builds, for every builder: no article, or only drafts.

Every list, overview, feed and diagram has an empty state; a template branch that only
an empty site reaches must not need a value the others never pass.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from kbtest import build, content, copy_root, page

BUILDERS = ["html", "dirhtml", "singlehtml", "epub"]


def emptied(rootdir, dest: Path, how: str) -> Path:
    srcdir = copy_root(rootdir, "basic", dest)
    articles = srcdir / "docs" / "articles"
    if how == "no articles":
        shutil.rmtree(articles)
        articles.mkdir()
    else:  # every article a draft
        for path in articles.rglob("*.md"):
            text = path.read_text(encoding="utf-8-sig")
            path.write_text(re.sub(r"^---\n", "---\ndraft: true\n", text, count=1), encoding="utf-8")
    return srcdir


@pytest.mark.parametrize("how", ["no articles", "only drafts"])
@pytest.mark.parametrize("builder", BUILDERS)
def test_a_site_with_nothing_published_builds(rootdir, tmp_path, how, builder):
    app = build(emptied(rootdir, tmp_path / "site", how), builder, freshenv=True)
    warnings = app.warning.getvalue()
    assert "Traceback" not in warnings and "exception" not in warnings.lower()
    if builder == "html":
        archive = content(page(app, "docs/archive.html"))
        assert archive.select_one(".kb-empty") is not None
        assert content(page(app, "docs/tags.html")).select_one(".kb-empty").get_text() == "No tags yet."
        assert content(page(app, "docs/authors.html")).select_one(".kb-empty") is not None
        assert not list(Path(app.outdir, "docs", "articles").rglob("*.html"))
