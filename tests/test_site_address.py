"""The site's address: normalised once, refused clearly, never injected, optional."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbtest import build, copy_root, page
from sphinx.errors import ConfigError
from trendkb.config import normalise_site_url

ENV = "READTHEDOCS_CANONICAL_URL"


def configured(monkeypatch, how: str, value: str) -> dict:
    """The build's confoverrides for an address given in conf.py or by Read the Docs."""
    if how == "env":
        monkeypatch.setenv(ENV, value)
        return {"html_baseurl": ""}
    monkeypatch.delenv(ENV, raising=False)
    return {"html_baseurl": value}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://kb.example.org/docs", "https://kb.example.org/docs/"),
        ("https://kb.example.org", "https://kb.example.org/"),
        ("  HTTPS://KB.Example.org/en/latest/#top ", "https://kb.example.org/en/latest/"),
        ("http://localhost:8000/a b/", "http://localhost:8000/a%20b/"),
        (
            'https://kb.example.org/"><script>x</script>',
            "https://kb.example.org/%22%3E%3Cscript%3Ex%3C/script%3E/",
        ),
        ("", None),
        ("   ", None),
    ],
)
def test_normalised(raw, expected):
    assert normalise_site_url(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("docs/", "absolute http"),
        ("/en/latest/", "absolute http"),
        ("javascript:alert(1)", "absolute http"),
        ("ftp://kb.example.org/", "absolute http"),
        ("https://kb.example.org/docs/?version=2", "no query string"),
        ("https://user:pw@kb.example.org/", "host name"),
    ],
)
@pytest.mark.parametrize("how", ["env", "conf"])
def test_unusable_address_stops_the_build_with_one_sentence(rootdir, tmp_path, monkeypatch, how, raw, reason):
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    with pytest.raises(ConfigError) as caught:
        build(srcdir, confoverrides=configured(monkeypatch, how, raw), freshenv=True)
    message = str(caught.value)
    assert message.startswith("the site's address (html_baseurl or READTHEDOCS_CANONICAL_URL) is ")
    assert repr(raw) in message and reason in message and "\n" not in message
    assert not (srcdir / "_build" / "html" / "index.html").exists()


@pytest.mark.parametrize("how", ["env", "conf"])
def test_address_without_slash_and_with_markup(rootdir, tmp_path, monkeypatch, how):
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    raw = 'https://kb.example.org/docs"><script>alert(1)</script>#frag'
    app = build(srcdir, confoverrides=configured(monkeypatch, how, raw), freshenv=True, warningiserror=True)
    base = "https://kb.example.org/docs%22%3E%3Cscript%3Ealert(1)%3C/script%3E/"
    outdir = Path(app.outdir)
    for name in ("404.html", "index.html", "docs/archive.html", "sitemap.xml", "atom.xml"):
        text = (outdir / name).read_text(encoding="utf-8")
        assert "<script>alert" not in text, name
        assert "docsdocs" not in text and "#frag" not in text, name
    sitemap = (outdir / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{base}index.html</loc>" in sitemap
    assert f"<loc>{base}docs/archive.html</loc>" in sitemap
    assert page(app, "index.html").find("link", rel="canonical")["href"] == base + "index.html"
    assert page(app, "index.html").find("meta", property="og:url")["content"].startswith(base)
    # The 404 page's links are absolute paths below the address.
    prefix = "/docs%22%3E%3Cscript%3Ealert(1)%3C/script%3E/"
    hrefs = [a["href"] for a in page(app, "404.html").select("a[href]") if not a["href"].startswith("#")]
    assert hrefs and all(h.startswith(prefix) or "://" in h for h in hrefs), hrefs


@pytest.mark.parametrize("how", ["env", "conf"])
def test_empty_address_builds_without_feeds_and_sitemap(rootdir, tmp_path, monkeypatch, how):
    srcdir = copy_root(rootdir, "basic", tmp_path / "site")
    app = build(srcdir, confoverrides=configured(monkeypatch, how, ""), freshenv=True, warningiserror=True)
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    assert (outdir / "index.html").is_file() and (outdir / "404.html").is_file()
    assert not (outdir / "sitemap.xml").exists() and not (outdir / "atom.xml").exists()
    assert "without Atom feeds and without sitemap.xml" in app.status.getvalue()
    assert page(app, "index.html").find("link", rel="canonical") is None
