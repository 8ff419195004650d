"""The pages with drawings are valid HTML: no error from the W3C Nu checker.

A figure's caption is its first or last child, so a legend or a table after the caption
goes after the figure; ids are unique though each drawing comes twice (desktop, phone).
"""

from __future__ import annotations

from kbtest import build, copy_root
from nuchecker import nu_errors


def test_topics_overview_and_topic_pages_have_no_nu_errors(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "trends", tmp_path / "src")
    topics = srcdir / "docs/topics.md"
    topics.write_text(topics.read_text().replace("```{toctree}", ":::{kb-topic-map}\n:::\n\n```{toctree}"))
    (srcdir / "docs/topics/beta.md").write_text(
        (srcdir / "docs/topics/beta.md")
        .read_text()
        .replace('tags: ["Shared Tag"]', 'tags: ["Shared Tag"]\nrelated: [alpha, gamma]')
    )
    app = build(srcdir, freshenv=True)
    out = app.outdir
    pages = [
        out / "docs/topics.html",
        *sorted((out / "docs/topics").glob("*.html")),
        out / "docs/papers.html",
    ]
    overview = pages[0].read_text(encoding="utf-8")
    assert (
        'class="kb-radar"' in overview
        and "kb-topic-map" in overview
        and "kb-timeline" in pages[1].read_text()
    )
    assert nu_errors(pages) == []
