"""Cases a red team found (SECURITY.md), as tests of the rule each now goes through.

Front matter on any page is data (MyST's file-level settings refused everywhere); JSON
written for machines is strict; every input the build reads at start (settings,
``SOURCE_DATE_EPOCH``, the site's address) is refused in one sentence when wrong.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kbtest import build, content, copy_root, page
from sphinx.errors import ConfigError
from trendkb.config import check_clock, normalise_site_url
from trendkb.outputs import jsonsafe
from trendkb.reading import publication

REPO = Path(__file__).resolve().parent.parent

HOSTILE_PAGE = """---
myst:
  substitutions:
    x: '<img src=x onerror="alert(document.domain)">'
  html_meta:
    http-equiv=refresh: "0;url=https://evil.example/"
substitutions:
  y: '<script>alert(2)</script>'
html_meta:
  description: '"><script>alert(3)</script>'
---

# About the tag

Before {{x}} and {{y}} after.
"""


def test_no_page_can_put_html_in_itself_through_front_matter(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text() + '\nmyst_enable_extensions = ["colon_fence", "substitution"]\n', encoding="utf-8"
    )
    (srcdir / "docs" / "about.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(
        index.read_text().replace("docs/archive\n", "docs/archive\ndocs/about\n"), encoding="utf-8"
    )
    app = build(srcdir, freshenv=True)
    html = (Path(app.outdir) / "docs" / "about.html").read_text(encoding="utf-8")
    assert "onerror" not in html and "<script>alert" not in html and "evil.example" not in html
    assert "About the tag" in content(page(app, "docs/about.html")).get_text()
    warnings = app.warning.getvalue()
    for name in ("substitutions", "html_meta"):
        assert f"the front matter's '{name}' is not read" in warnings


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=4) | st.integers(), inner, max_size=4)
        | st.tuples(inner, inner)
    ),
    max_leaves=20,
)


@given(json_values)
def test_json_for_machines_is_strict_json(value):
    text = jsonsafe.dumps(value)

    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    loaded = json.loads(text, parse_constant=refuse)
    # Finite numbers and text survive as they were.
    if isinstance(value, float) and math.isfinite(value):
        assert loaded == value
    if isinstance(value, str):
        assert loaded == value


@pytest.mark.parametrize("epoch", ["253402300800", "-1", "1e10", "abc", "9" * 40, "1735689600.5"])
def test_a_clock_the_pages_cannot_show_stops_the_build_in_one_sentence(monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(ConfigError, match=r"SOURCE_DATE_EPOCH is .*: expected whole seconds"):
        check_clock()


def test_a_readable_clock_passes(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    check_clock()


@given(st.sampled_from(["https://[::1/", "https://[zz]/", "https://kb.example.org:99999/", "http://h:-1/"]))
def test_a_site_address_python_cannot_read_is_one_sentence(address):
    with pytest.raises(ConfigError, match="the site's address"):
        normalise_site_url(address)


@pytest.mark.parametrize("value", ["yes", "true", "on", "off", "no", "false"])
def test_boolean_settings_from_the_command_line_read_as_the_readme_says(rootdir, tmp_path, value):
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(REPO / "_ext")}
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", f"kb_preview={value}"]
    result = subprocess.run(
        [*command, str(srcdir), str(tmp_path / "out")], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr


# -- other engines' "no page" markers, and draft topics -----------------------------------


@pytest.mark.parametrize(
    ("fields", "unpublished"),
    [
        ({"headless": True}, True),
        ({"headless": False}, False),
        ({"_build": {"render": "never"}}, True),
        ({"build": {"render": False}}, True),
        ({"_build": {"render": "always"}}, False),
        ({"permalink": False}, True),
        ({"expiryDate": "2001-01-01"}, True),
        ({"expiryDate": "9999-01-01"}, False),
        ({"expiryDate": "not a date"}, True),
        ({"date": "2024-01-01", "publishDate": "9999-01-01"}, None),  # the later date counts
    ],
)
def test_other_engines_markers_for_no_page_keep_the_post_out(fields, unpublished):
    data = {"title": "T", "date": "2024-01-01", **fields}
    decision = publication.decide(data, {})
    if unpublished is None:
        assert data["date"] == "9999-01-01" and "publishDate" not in data
    else:
        assert decision.unpublished is unpublished, fields
        assert data.get("draft", False) is unpublished


def test_a_topic_is_never_unpublished_by_its_trend_status():
    data = {"title": "T", "status": "growing"}
    assert not publication.decide(data, {}, topic=True).unpublished
    assert data["status"] == "growing"


def test_a_draft_topic_is_not_published_nor_listed(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "topics", tmp_path / "site")
    topic = srcdir / "docs" / "topics" / "vit.md"
    topic.write_text(
        topic.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8"
    )
    app = build(srcdir, freshenv=True)
    outdir = Path(app.outdir)
    assert not (outdir / "docs" / "topics" / "vit.html").exists()
    assert not any("topics/vit.html" in p.read_text(encoding="utf-8") for p in outdir.rglob("*.html"))
    assert "toctree contains reference to non-existing document" not in app.warning.getvalue()
    preview = build(srcdir, confoverrides={"kb_preview": True}, freshenv=True)
    assert (Path(preview.outdir) / "docs" / "topics" / "vit.html").exists()


@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=60))
def test_any_text_becomes_text_an_xml_document_can_hold(text):
    from xml.dom import minidom
    from xml.sax.saxutils import escape

    from trendkb.reading.sanitize import replace_not_text

    cleaned, line, _ = replace_not_text(text)
    assert (line is None) == (cleaned == text)
    surrogates = any(0xD800 <= ord(c) <= 0xDFFF for c in cleaned)
    assert not surrogates
    minidom.parseString(f"<p>{escape(cleaned)}</p>".encode("utf-8", "strict"))
