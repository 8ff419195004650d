"""Backlinks: every page lists the pages linking to it, after fresh, incremental and -j 2 builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kbtest import build, content, copy_root, page, snapshot
from trendkb.model.links import Backlink, Link, backlinks

ALPHA = "Alpha <script>alert(1)</script>"
ROOTS = Path(__file__).parent / "roots"


def site(tmp_path: Path, name: str = "src") -> Path:
    return copy_root(ROOTS, "backlinks", tmp_path / name)


def linked_from(soup) -> dict[str, list[str]]:
    """Each linking page's title -> the sections named after it."""
    section = content(soup).select_one("section.kb-backlinks")
    if section is None:
        return {}
    assert section.h2.get_text(strip=True) == "Linked from"
    return {
        item.a.get_text(strip=True): [s.a.get_text(strip=True) for s in item.select(".kb-backlinks__section")]
        for item in section.select("li")
    }


def test_backlinks_pure():
    links = {
        "a": (Link("doc", "b", "s1", "Section one"), Link("label", "lab"), Link("doc", "a")),
        "c": (Link("topic", "t", "x", "X"), Link("doc", "missing"), Link("label", "nolabel")),
        "gone": (Link("doc", "b"),),  # no longer a document
    }
    found = backlinks(links, {"a", "b", "c", "tp"}, {"lab": "b"}, {"t": "tp"}, {"a": "Zed", "c": "Ant"})
    assert found == {"b": (Backlink("a", (("s1", "Section one"),)),), "tp": (Backlink("c", (("x", "X"),)),)}


def test_every_kind_of_link_with_its_section(tmp_path):
    app = build(site(tmp_path), freshenv=True)
    assert app.warning.getvalue() == ""
    # MyST link and <project:>, {ref} to a label of a section, {topic}; from the home page, no section.
    assert linked_from(page(app, "docs/articles/alpha.html")) == {
        "Backlinks test": [],
        "Beta": ["Beta details"],
        "Guide": ["Reading order", "Labels"],
        "Reinforcement Learning from Human Feedback": ["What it is"],
    }
    # {doc} with an absolute path, {topic} from a topic; Gamma names it in front matter only,
    # and is listed under "Articles on this topic", not twice.
    assert linked_from(page(app, "docs/topics/llm.html")) == {
        "Beta": ["Beta details"],
        "Reinforcement Learning from Human Feedback": ["What it is"],
    }
    # Alpha mentions it, so it is among "Articles on this topic"; the guide is not an article.
    rlhf = page(app, "docs/topics/rlhf.html")
    assert linked_from(rlhf) == {"Guide": ["Labels"]}
    assert ALPHA in [a.get_text() for a in rlhf.select("#kb-discussed-in a")]
    # A link to the page itself is no backlink; {doc} with a relative path; a {ref} to the title's label.
    assert linked_from(page(app, "docs/articles/beta.html")) == {
        ALPHA: ["Next steps"],
        "Guide": ["Reading order"],
    }
    assert linked_from(page(app, "docs/guide.html")) == {ALPHA: ["Next steps"]}
    # Nobody links to the home page: no empty section.
    assert linked_from(page(app, "index.html")) == {}
    # Titles are text, links follow the builder, sections link to their anchors.
    item = content(page(app, "docs/guide.html")).select_one(".kb-backlinks li")
    assert item.a["href"] == "articles/alpha.html"
    assert item.select_one(".kb-backlinks__section a")["href"] == "articles/alpha.html#next-steps"
    assert "<script>alert" not in (Path(app.outdir) / "docs/guide.html").read_text(encoding="utf-8")
    # Before the links to the newer and older article.
    alpha = content(page(app, "docs/articles/alpha.html"))
    assert alpha.select_one(".kb-backlinks").find_next(class_="kb-neighbours") is not None


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 5_000_000_000  # coarse timestamps: unmistakably newer
    os.utime(path, ns=(stamp, stamp))


def test_removing_a_link_rewrites_its_target_like_a_fresh_build(tmp_path):
    src = site(tmp_path)
    build(src, freshenv=True)
    # Beta stops linking to Alpha; Alpha stops linking to the guide (its only backlink).
    _edit(src / "docs/articles/beta.md", "Cites [alpha](alpha.md) and", "Cites")
    _edit(src / "docs/articles/alpha.md", "Back to the {ref}`guide-label` and", "And")
    app = build(src)
    assert "Beta" not in linked_from(page(app, "docs/articles/alpha.html"))
    assert linked_from(page(app, "docs/guide.html")) == {}
    fresh = build(
        shutil.copytree(src, tmp_path / "fresh", ignore=shutil.ignore_patterns("_build")), freshenv=True
    )
    assert snapshot(app.outdir) == snapshot(fresh.outdir)


def test_parallel_build_equals_serial(tmp_path):
    serial = build(site(tmp_path, "serial"), freshenv=True)
    parallel = build(site(tmp_path, "parallel"), freshenv=True, parallel=2)
    assert parallel.warning.getvalue() == ""
    assert snapshot(parallel.outdir) == snapshot(serial.outdir)
    assert linked_from(page(parallel, "docs/articles/alpha.html"))["Guide"] == ["Reading order", "Labels"]
