"""sphinxcontrib-bibtex at incremental cost (model/citecost.py): same pages, less work.

The cached domain must decide and format exactly as upstream's does: the same entries in
each bibliography, in the same order, with the same labels, text and warnings; an edited
entry or citation shows on the next incremental build; only what changed is formatted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pybtex.plugin
import pytest
from hypothesis import given
from hypothesis import strategies as st
from kbtest import build, copy_root, page, snapshot
from sphinxcontrib.bibtex.citation_target import CitationTarget
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.roles import CitationRef
from test_incremental import assert_same_as_fresh, bump
from trendkb.model import citecost

KEYS = ["vaswani2017", "brown2020", "knuth1984", "nojournal2021", "venue2022", "child2022"]
KEYS += ["uncited2019", "later2023", "missing-key"]
KEYS += [prefix + key for prefix in ("c-", "d-") for key in KEYS]


def warnings(app) -> list[str]:
    """The build's warnings with the site folder taken out, so two sites compare."""
    return sorted(
        re.sub(r"^\S*?(docs/|refs\.bib|index)", r"\1", line) for line in app.warning.getvalue().splitlines()
    )


def references(app, name: str) -> list[str]:
    return [c.get_text(" ", strip=True) for c in page(app, name).select("div.citation")]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    bump(path)


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(
        copy_root(rootdir, "citations", tmp_path_factory.mktemp("citations") / "site"), freshenv=True
    )


def test_pages_and_warnings_are_upstreams(site, rootdir, tmp_path, monkeypatch):
    monkeypatch.setattr(citecost, "_domain_class", lambda: BibtexDomain)
    upstream = build(copy_root(rootdir, "citations", tmp_path / "upstream"), freshenv=True)
    assert type(upstream.env.get_domain("cite")) is BibtexDomain
    assert type(site.env.get_domain("cite")).__name__ == "CachedBibtexDomain"
    ours, theirs = snapshot(site.outdir), snapshot(upstream.outdir)
    pages = [name for name in theirs if name.endswith(".html")]
    assert [name for name in pages if ours.get(name) != theirs[name]] == []
    assert warnings(site) == warnings(upstream)
    # The cases the site is made of are really there.
    assert "missing journal in nojournal2021" in " ".join(references(site, "docs/a.html"))
    assert len(references(site, "docs/c.html")) == 8  # :all:
    assert [r.split(" ]")[0] for r in references(site, "docs/d.html")] == [
        "[ Vas23",
        "[ VSP17",
        "[ DKnu84",
        "[ DNob19",
        "[ DVas23",
    ]


def test_edits_to_entries_and_citations_show_incrementally(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "citations", tmp_path / "site")
    build(srcdir, freshenv=True)
    edit(
        srcdir / "refs.bib",
        "Language Models are Few-Shot Learners",
        "Language Models Learn From Few Examples",
    )
    app = build(srcdir)
    for name in ("docs/a.html", "docs/b.html", "docs/c.html"):
        assert "Language models learn from few examples" in " ".join(references(app, name)), name
    assert "missing journal in nojournal2021" in app.warning.getvalue()  # given again, not cached away
    assert_same_as_fresh(app, srcdir, tmp_path, "entry edited")

    edit(srcdir / "docs" / "a.md", "Attention {cite:p}`vaswani2017`, ", "")
    app = build(srcdir)
    assert not any("Attention is all you need" in r for r in references(app, "docs/a.html"))
    assert any("Attention is all you need" in r for r in references(app, "docs/d.html"))  # by author
    assert_same_as_fresh(app, srcdir, tmp_path, "citation removed")


def test_unchanged_entries_are_not_formatted_again(rootdir, tmp_path, monkeypatch):
    from pybtex.style.formatting import BaseStyle

    srcdir = copy_root(rootdir, "citations", tmp_path / "site")
    build(srcdir, freshenv=True)
    formatted: list[str] = []
    original = BaseStyle.format_entry

    def counting(self, label, entry, *args, **kwargs):
        formatted.append(entry.key)
        return original(self, label, entry, *args, **kwargs)

    lookups: list[tuple] = []
    real_entry_points = pybtex.plugin.entry_points
    monkeypatch.setattr(BaseStyle, "format_entry", counting)
    monkeypatch.setattr(
        pybtex.plugin, "entry_points", lambda **kw: lookups.append(kw) or real_entry_points(**kw)
    )
    bump(srcdir / "docs" / "d.md")
    app = build(srcdir)
    # Only entries that read another entry (crossref) or fail are formatted again.
    assert sorted(set(formatted)) == ["child2022", "nojournal2021"]
    assert lookups == []  # pybtex's plugins were found once, by the first build
    assert references(app, "docs/a.html")[0].startswith("[ 1 ] Tom Brown and Benjamin Mann.")

    edit(srcdir / "refs.bib", "Never Cited Anywhere", "Still Never Cited")
    formatted.clear()
    app = build(srcdir)
    assert sorted(set(formatted)) == ["child2022", "nojournal2021", "uncited2019"]
    assert any("Still never cited" in r for r in references(app, "docs/c.html"))


def test_a_style_registered_at_run_time_is_found_over_the_cached_one():
    plain = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "plain") is plain  # cached

    class Mine(plain):
        pass

    group = pybtex.plugin._RUNTIME_PLUGINS.setdefault("pybtex.style.formatting", {})
    group["plain"] = Mine
    try:
        assert pybtex.plugin.find_plugin("pybtex.style.formatting", "plain") is Mine
    finally:
        del group["plain"]
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "plain") is plain
    with pytest.raises(pybtex.plugin.PluginNotFound):
        pybtex.plugin.find_plugin("pybtex.style.formatting", "no-such-style")


def _chosen(domain) -> list[tuple]:
    return [
        (
            c.bibliography_key,
            c.key,
            c.citation_id,
            c.formatted_entry.label,
            c.formatted_entry.text.render_as("text"),
        )
        + ((c.tooltip_entry.text.render_as("text"),) if c.tooltip_entry else ())
        for c in domain.citations
    ]


refs = st.lists(
    st.tuples(
        st.sampled_from(["docs/a", "docs/b", "docs/c", "docs/d", "index"]),
        st.lists(st.sampled_from(KEYS), min_size=1, max_size=3),
    ),
    max_size=12,
)


@given(refs)
def test_any_citations_choose_and_format_as_upstream(site, cited):
    """Whatever the pages cite, each bibliography lists and formats what upstream's would."""
    domain = site.env.get_domain("cite")
    saved = domain.data["citation_refs"]
    domain.data["citation_refs"] = [
        CitationRef(f"ref-{i}", docname, i + 1, [CitationTarget(key, "", "") for key in keys])
        for i, (docname, keys) in enumerate(cited)
    ]
    try:
        for bibliography_key in domain.bibliographies:
            expected = list(BibtexDomain.get_filtered_entries(domain, bibliography_key))
            domain.kb_index()
            assert list(domain.get_filtered_entries(bibliography_key)) == expected
            domain._kb_cited = domain._kb_used = None
        BibtexDomain.env_updated(domain)  # upstream throughout: no index, no cache
        expected = _chosen(domain)
        domain.env_updated()
        assert _chosen(domain) == expected
        domain.env_updated()  # now answered from the cache
        assert _chosen(domain) == expected
    finally:
        domain.data["citation_refs"] = saved
        domain.env_updated()
