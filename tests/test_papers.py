"""Papers: the bibliography (sphinxcontrib-bibtex), references per page, the papers page, catalog.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kbtest import build, content, copy_root, page, snapshot, target
from test_incremental import assert_same_as_fresh, bump


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "papers", tmp_path_factory.mktemp("papers") / "site"), freshenv=True)


def entries(app) -> dict[str, dict]:
    """The papers page: key -> title, link, and the citing pages' titles and targets."""
    soup = page(app, "docs/papers.html")
    result = {}
    for item in content(soup).select("li.kb-paper"):
        title = item.select_one(".kb-paper__title")
        cited = item.select_one(".kb-paper__cited-by")
        result[item["id"].removeprefix("paper-")] = {
            "title": title.get_text(),
            "href": title.get("href"),
            "cited_by": [a.get_text() for a in cited.select("a")],
            "targets": [target(Path(app.outdir), "docs/papers.html", a["href"]) for a in cited.select("a")],
            "text": cited.get_text(),
        }
    return result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    bump(path)


def test_builds_without_warnings(site):
    assert site.warning.getvalue() == ""


def test_papers_page_lists_every_paper_with_its_link_and_citing_pages(site):
    papers = entries(site)
    assert list(papers) == ["hostile2024", "brown2020language", "uncited2019", "vaswani2017attention"]
    assert papers["vaswani2017attention"]["href"] == "https://arxiv.org/abs/1706.03762"
    assert papers["brown2020language"]["href"] == "https://arxiv.org/abs/2005.14165"  # from the eprint
    assert papers["hostile2024"]["href"] == "https://doi.org/10.1000/xyz123"  # from the doi
    assert papers["vaswani2017attention"]["cited_by"] == ["Large Language Models", "Vision Transformers"]
    assert all(path.is_file() for path in papers["vaswani2017attention"]["targets"])
    assert papers["uncited2019"]["cited_by"] == []
    assert "Not cited" in papers["uncited2019"]["text"]
    years = [h.get_text() for h in content(page(site, "docs/papers.html")).select("h2.rubric")]
    assert years == ["2024", "2020", "2019", "2017"]


def test_topic_page_ends_with_its_references_and_visible_links(site):
    soup = content(page(site, "docs/topics/llm.html"))
    cites = [a.get_text(" ", strip=True) for a in soup.select(".bibtex-citation a")]
    assert cites == ["Vaswani et al. , 2017", "Brown and Mann, 2020"]
    references = soup.select("section#references .citation")
    assert len(references) == 2  # only this page's citations
    links = [a["href"] for entry in references for a in entry.select("a.reference.external")]
    assert sorted(links) == ["https://arxiv.org/abs/1706.03762", "https://arxiv.org/abs/2005.14165"]
    # Each citation in the text jumps to this page's own reference list.
    for a in soup.select(".bibtex-citation a"):
        assert a["href"].startswith("#") and soup.select_one(f"[id='{a['href'][1:]}']") is not None


def test_hostile_titles_are_text(site):
    for name in ("docs/papers.html", "docs/topics/vit.html"):
        html = (Path(site.outdir) / name).read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<b>Bold" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert entries(site)["hostile2024"]["title"] == "<script>alert(1)</script> & <b>Bold</b> Claims"


def test_catalog_lists_the_papers(site):
    data = json.loads((Path(site.outdir) / "catalog.json").read_text(encoding="utf-8"))
    papers = {paper["key"]: paper for paper in data["papers"]}
    assert sorted(papers) == ["brown2020language", "hostile2024", "uncited2019", "vaswani2017attention"]
    assert papers["vaswani2017attention"] == {
        "key": "vaswani2017attention",
        "title": "Attention Is All You Need",
        "authors": ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "et al."],
        "year": "2017",
        "url": "https://arxiv.org/abs/1706.03762",
        "cited_by": ["docs/topics/llm.html", "docs/topics/vit.html"],
    }
    assert papers["hostile2024"]["authors"] == ["Jörg Müller"]  # LaTeX accents decoded
    assert papers["uncited2019"]["cited_by"] == []


def test_unknown_key_warns_with_file_and_line(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "papers", tmp_path / "site")
    edit(srcdir / "docs/topics/llm.md", "{cite:p}`brown2020language`", "{cite:p}`nosuch2099`")
    app = build(srcdir, freshenv=True)
    warnings = app.warning.getvalue()
    assert "docs/topics/llm.md:9: WARNING: could not find bibtex key" in warnings
    assert '"nosuch2099"' in warnings and "[bibtex.key_not_found]" in warnings
    assert "Traceback" not in warnings
    assert "nosuch2099" not in entries(app)  # unknown keys are not papers


def test_paper_without_link_warns_at_its_entry(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "papers", tmp_path / "site")
    edit(srcdir / "refs.bib", "  url = {https://example.org/uncited}\n", "  url = {javascript:alert(1)}\n")
    app = build(srcdir, freshenv=True)
    warnings = app.warning.getvalue()
    assert "refs.bib:26: WARNING: paper 'uncited2019' has no link: expected a url, doi or eprint" in warnings
    assert "[kb.papers]" in warnings
    assert entries(app)["uncited2019"]["href"] is None  # a javascript: URL is never a link


def test_kb_papers_without_sphinxcontrib_bibtex_warns(tmp_path):
    (tmp_path / "conf.py").write_text('extensions = ["myst_parser", "trendkb"]\nhtml_theme = "basic"\n')
    (tmp_path / "index.md").write_text("# Home\n\n:::{kb-papers}\n:::\n")
    app = build(tmp_path, freshenv=True, confoverrides={"myst_enable_extensions": ["colon_fence"]})
    warnings = app.warning.getvalue()
    assert "index.md:3: WARNING: directive 'kb-papers': expected sphinxcontrib.bibtex" in warnings
    assert "Traceback" not in warnings


def test_adding_and_removing_a_citation_incrementally_equals_fresh(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "papers", tmp_path / "site")
    build(srcdir, freshenv=True)
    edit(srcdir / "docs/topics/vit.md", "on patches {cite:p}", "on patches {cite:p}`uncited2019` {cite:p}")
    app = build(srcdir)
    assert entries(app)["uncited2019"]["cited_by"] == ["Vision Transformers"]
    assert_same_as_fresh(app, srcdir, tmp_path, "add-citation")
    edit(srcdir / "docs/topics/llm.md", " scaled up {cite:p}`brown2020language`", " scaled up")
    app = build(srcdir)
    assert entries(app)["brown2020language"]["cited_by"] == []
    assert len(content(page(app, "docs/topics/llm.html")).select("section#references .citation")) == 1
    assert_same_as_fresh(app, srcdir, tmp_path, "remove-citation")


def test_parallel_build_equals_serial(rootdir, tmp_path):
    serial = build(copy_root(rootdir, "papers", tmp_path / "serial"), freshenv=True)
    parallel = build(copy_root(rootdir, "papers", tmp_path / "parallel"), freshenv=True, parallel=2)
    assert parallel.warning.getvalue() == ""
    assert snapshot(parallel.outdir) == snapshot(serial.outdir)


REPO = Path(__file__).resolve().parent.parent


def _site_bibliography() -> dict:
    from pybtex.database import parse_file

    entries = {}
    for path in [REPO / "references.bib", *sorted((REPO / "bib").glob("*.bib"))]:
        for key, entry in parse_file(str(path)).entries.items():
            assert key not in entries, f"{key} is in two bibliography files"
            entries[key] = entry
    return entries


def test_the_sites_bibliography_links_every_paper_and_every_topic_cites_eight():
    """The real content: every paper has an outbound link and one identifier, every topic cites
    at least eight works, and 60 or more of the works are from 2025 or later."""
    import re

    entries = _site_bibliography()
    identifiers: dict[str, str] = {}
    for key, entry in entries.items():
        fields = {name.lower(): value for name, value in entry.fields.items()}
        link = fields.get("url", "") or fields.get("doi", "")
        assert link.startswith("https://") or fields.get("doi"), key
        found = re.search(r"arxiv\.org/abs/([0-9]{4}\.[0-9]{4,5})", link) or re.search(
            r"(10\.\d{4,}/\S+)", link
        )
        if found:
            assert found.group(1) not in identifiers, (key, identifiers.get(found.group(1)))
            identifiers[found.group(1)] = key
    recent = [key for key, entry in entries.items() if entry.fields.get("year", "0")[:4] >= "2025"]
    assert len(recent) >= 60, len(recent)
    for path in sorted((REPO / "docs/topics").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        keys = {k.strip() for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", text) for k in group.split(",")}
        assert len(keys) >= 8, path.name
        assert keys <= set(entries), (path.name, keys - set(entries))
        assert text.rstrip().endswith(":::{bibliography}\n:filter: docname in docnames\n:::"), path.name
