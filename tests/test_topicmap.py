"""The topic map's mermaid source: nodes, undirected edges, links, escaping."""

from __future__ import annotations

from kbtest import build, content, copy_root, page
from trendkb.pages.topicmap import mermaid_label, mermaid_source


def test_source_has_one_node_per_topic_and_one_edge_per_relation():
    source = mermaid_source(
        {"a": "Alpha", "b": "Beta", "c": "Gamma"},
        {"a": ["b"], "b": ["a", "c"], "c": ["b"]},
        {"a": "topics/a.html", "b": None, "c": "topics/c.html"},
    )
    assert source.splitlines() == [
        "graph LR",
        '  t0["Alpha"]',
        '  t1["Beta"]',
        '  t2["Gamma"]',
        "  t0 --- t1",
        "  t1 --- t2",
        '  click t0 href "topics/a.html"',
        '  click t2 href "topics/c.html"',
    ]


def test_labels_cannot_break_the_diagram_or_inject_markup():
    hostile = 'He said "hi"] --> x[<img src=x onerror=alert(1)>] %% `md` #1; click'
    label = mermaid_label(hostile)
    # Every character that could close the label or start markup is an entity code.
    for char in '"[]<>`%(){}|':
        assert char not in label
    assert label.startswith("He said #quot;hi#quot;#93; --#gt; x#91;#lt;img")
    source = mermaid_source({"x": hostile}, {}, {"x": 'evil" onclick="x'})
    assert source.count('"') == 4  # the label's quotes and the link's, nothing else
    assert "%22" in source


def test_topics_page_carries_the_map(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "topics", tmp_path / "src")
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace(":::{kb-topics}", ":::{kb-topic-map}\n:::\n\n:::{kb-topics}"))
    app = build(srcdir, freshenv=True)
    assert app.warning.getvalue() == ""
    [pre] = content(page(app, "index.html")).select("pre.mermaid")
    text = pre.get_text().strip()
    assert text.startswith("graph LR")
    assert 't0["Large #quot;Language#quot; Models #lt;b#gt;#91;LLM#93;#lt;/b#gt;"]' in text
    assert 'click t0 href "docs/topics/llm.html"' in text
    assert text.count(" --- ") == 2
