"""The real site's pages with drawings pass the W3C Nu checker (the built site of the browser tests)."""

from __future__ import annotations

import pytest
from nuchecker import nu_errors

pytestmark = pytest.mark.browser


def test_the_real_topics_overview_and_every_topic_page_have_no_nu_errors(site):
    root = site.root
    pages = [root / "docs/topics.html", root / "index.html", root / "docs/papers.html"]
    pages += sorted(p for p in (root / "docs/topics").glob("*.html") if "kb-timeline" in p.read_text())
    assert len(pages) > 20
    assert nu_errors(pages) == []
