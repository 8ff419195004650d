"""Posts written for Jekyll, Hugo and Docusaurus: dates, aliases, pictures, redirects, titles."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from kbtest import build, content, copy_root, page

JEKYLL = "docs/articles/2024-03-04-jekyll-post.html"
HUGO = "docs/articles/2023-01-02-bundle/index.html"
OFFSET = "docs/articles/jekyll-offset.html"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "engines", tmp_path_factory.mktemp("engines") / "src"), freshenv=True)


def jsonld(soup) -> dict:
    return json.loads(soup.find("script", type="application/ld+json").string)


def meta(soup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def warnings(app) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def test_dates_with_times_offsets_and_file_names_are_listed_by_instant(site):
    cards = content(page(site, "index.html")).select(".kb-article-card .sd-card-title")
    assert [c.get_text(strip=True) for c in cards] == [
        "A Hugo bundle",  # 2024-03-04 10:30Z = 11:30 in Paris
        "Same day, earlier",  # 09:00 in Paris
        "A Jekyll post",  # the file name's date: midnight in Paris
        "Late evening in New York",
        "Both given",
    ]
    hugo = page(site, HUGO)
    assert content(hugo).select_one(".kb-byline__date")["datetime"] == "2024-03-04T11:30:00+01:00"
    assert jsonld(hugo)["datePublished"] == "2024-03-04T11:30:00+01:00"
    # 20:45 in New York is already the next day in the site's zone.
    late = page(site, OFFSET)
    byline_date = content(late).select_one(".kb-byline__date")
    assert byline_date.get_text() == "April 9, 2021"
    assert byline_date["datetime"] == "2021-04-09T02:45:00+02:00"
    jekyll = page(site, JEKYLL)
    assert content(jekyll).select_one(".kb-byline__date")["datetime"] == "2024-03-04T00:00:00+01:00"


def test_atom_carries_full_timestamps(site):
    from xml.etree import ElementTree

    feed = ElementTree.parse(Path(site.outdir) / "atom.xml").getroot()
    entries = {e.find(f"{ATOM}title").text: e for e in feed.findall(f"{ATOM}entry")}
    assert entries["A Hugo bundle"].find(f"{ATOM}published").text == "2024-03-04T11:30:00+01:00"
    assert entries["A Hugo bundle"].find(f"{ATOM}updated").text == "2024-05-01T08:00:00+02:00"
    assert entries["Same day, earlier"].find(f"{ATOM}published").text == "2024-03-04T09:00:00+01:00"


def test_aliases_give_excerpt_author_tags_and_image(site):
    hugo = page(site, HUGO)
    assert meta(hugo, "description") == "Hugo's summary becomes the excerpt."
    author_page = "https://kb.example.org/docs/authors/ann-author.html"
    assert jsonld(hugo)["author"] == [{"@type": "Person", "name": "Ann Author", "url": author_page}]
    jekyll = page(site, JEKYLL)
    tags = [a.get_text() for a in content(jekyll).select(".kb-byline .kb-tag")]
    assert sorted(tags) == ["Archive", "deep-learning", "ml"]
    assert meta(jekyll, "description") == "Written for Jekyll, dated by its file name."


def test_field_and_alias_both_given_is_a_warning(site):
    text = warnings(site)
    assert re.search(r"both\.md:5: WARNING: field 'description' and field 'excerpt' are both given", text)
    assert meta(page(site, "docs/articles/both.html"), "description") == "The excerpt field wins."


def test_excerpt_marker_gives_plain_text_excerpt(site):
    late = page(site, OFFSET)
    assert meta(late, "description") == "This is the excerpt, with code and a link."


def test_update_date_in_byline_jsonld_atom_and_sitemap(site):
    hugo = page(site, HUGO)
    updated = content(hugo).select_one(".kb-byline__updated")
    assert updated.get_text(" ", strip=True) == "Updated May 1, 2024"
    assert updated.find("time")["datetime"] == "2024-05-01T08:00:00+02:00"
    assert jsonld(hugo)["dateModified"] == "2024-05-01T08:00:00+02:00"
    sitemap = (Path(site.outdir) / "sitemap.xml").read_text()
    assert re.search(
        r"<loc>https://kb.example.org/docs/articles/2023-01-02-bundle/index.html</loc>\s*"
        r"<lastmod>2024-05-01T08:00:00\+02:00</lastmod>",
        sitemap,
    )
    assert "lastmod" not in content(page(site, JEKYLL)).select_one(".kb-byline").decode()


def test_image_for_previews_cards_and_copied_file(site):
    jekyll = page(site, JEKYLL)
    url = "https://kb.example.org/_kb_images/docs/articles/img/cover.png"
    assert meta(jekyll, "og:image") == url
    assert meta(jekyll, "twitter:card") == "summary_large_image"
    assert jsonld(jekyll)["image"] == url
    assert (Path(site.outdir) / "_kb_images/docs/articles/img/cover.png").is_file()
    hugo = page(site, HUGO)
    assert meta(hugo, "og:image") == "https://images.example.org/hugo.png"
    cards = content(page(site, "index.html")).select(".kb-article-card")
    pictures = {c.select_one(".sd-card-title").get_text(strip=True): c.find("img") for c in cards}
    assert pictures["A Jekyll post"]["src"] == "_kb_images/docs/articles/img/cover.png"
    assert pictures["A Hugo bundle"]["src"] == "https://images.example.org/hugo.png"
    assert pictures["Same day, earlier"] is None
    # Without a picture of its own a page shows the site card.
    assert meta(page(site, OFFSET), "og:image") == "https://kb.example.org/_static/kb-social-card.png"


def test_missing_image_is_a_warning(site):
    text = warnings(site)
    assert re.search(
        r"both\.md:8: WARNING: field 'image': 'missing.png' cannot be published: the file does not exist",
        text,
    )
    assert (
        meta(page(site, "docs/articles/both.html"), "og:image")
        == "https://kb.example.org/_static/kb-social-card.png"
    )


def test_redirect_pages_for_old_paths(site):
    outdir = Path(site.outdir)
    for old, href in [
        ("2024/03/04/jekyll-post.html", "../../../docs/articles/2024-03-04-jekyll-post.html"),
        ("old/jekyll/index.html", "../../docs/articles/2024-03-04-jekyll-post.html"),
        ("posts/old-hugo/index.html", "../../docs/articles/2023-01-02-bundle/index.html"),
        ("2021/04/08/late.html", "../../../docs/articles/jekyll-offset.html"),
    ]:
        soup = page(site, old)
        assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={href}"
        assert soup.find("a")["href"] == href
        assert soup.find("link", rel="canonical")["href"].startswith("https://kb.example.org/docs/articles/")
        assert (outdir / old).parent.joinpath(href).resolve().is_file()
    data = json.loads((outdir / "catalog.json").read_text())
    hugo = next(a for a in data["articles"] if a["title"] == "A Hugo bundle")
    assert hugo["slug"] == "old-hugo"
    assert hugo["redirect_from"] == ["/posts/old-hugo/"]
    late = next(a for a in data["articles"] if a["title"] == "Late evening in New York")
    assert late["permalink"] == "/2021/04/08/late.html"


def test_unknown_fields_warn_by_default(site):
    text = warnings(site)
    assert "both.md:6: WARNING: unknown field 'layout'" in text
    assert "unknown field 'tagz' (did you mean 'tags'?)" in text


@pytest.mark.parametrize("policy", ["keep", "ignore"])
def test_unknown_fields_kept_or_ignored(rootdir, tmp_path, policy):
    app = build(copy_root(rootdir, "engines", tmp_path / "src"), confoverrides={"kb_unknown_fields": policy})
    text = warnings(app)
    assert "unknown field 'layout'" not in text
    assert "both.md:7: WARNING: unknown field 'tagz' (did you mean 'tags'?)" in text
    data = json.loads((Path(app.outdir) / "catalog.json").read_text())
    both = next(a for a in data["articles"] if a["title"] == "Both given")
    if policy == "keep":
        assert both["custom"] == {"layout": "post", "tagz": ["Typo"]}
    else:
        assert "custom" not in both


def test_one_title_per_page(site):
    for name in (JEKYLL, HUGO, OFFSET, "docs/articles/same-day.html"):
        soup = page(site, name)
        headings = content(soup).find_all("h1")
        assert len(headings) == 1, name
        title = headings[0].get_text().rstrip("¶")
        assert soup.title.get_text().startswith(title)
    # The repeated "# A Jekyll post" is left out; its "## A section" stays a section.
    jekyll = content(page(site, JEKYLL))
    assert [h.get_text().rstrip("¶") for h in jekyll.find_all("h2")][:1] == ["A section"]
    # "# Intro" and "# Methods" become sections under the title, "## Details" one level down.
    hugo = content(page(site, HUGO))
    assert [h.get_text().rstrip("¶") for h in hugo.find_all("h2")][:2] == ["Intro", "Methods"]
    assert [h.get_text().rstrip("¶") for h in hugo.find_all("h3")] == ["Details"]
    status = re.sub(r"\x1b\[[0-9;]*m", "", site.status.getvalue())
    assert "2024-03-04-jekyll-post.md:12: the body's first heading repeats the title" in status


def test_no_other_warnings(site):
    lines = [line for line in warnings(site).splitlines() if "WARNING" in line]
    assert len(lines) == 4, lines  # the alias clash, two unknown fields, the missing picture


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("# My Title\n\n## Part\n", "\n\n## Part\n"),  # the repeated title goes
        ("# *My* title #\ntext\n", "\ntext\n"),
        ("My Title\n========\n\ntext\n", "\n\n\ntext\n"),
        ("# Intro\n\n## Sub\n", "## Intro\n\n### Sub\n"),  # '#' sections go one level down
        ("# My Title\n# Next\n", "\n## Next\n"),
        ("## Part\n\n```\n# not a heading\n```\n", "## Part\n\n```\n# not a heading\n```\n"),
        (
            "# Intro\n\n```python\n# comment\n```\nSetext\n------\n",
            "## Intro\n\n```python\n# comment\n```\n### Setext\n\n",
        ),
        ("Intro\n=====\n", "Intro\n-----\n"),
    ],
)
def test_place_title(body, expected):
    from trendkb.reading.headings import place_title

    lines = body.split("\n")
    place_title(lines, 0, "My Title")
    assert "\n".join(lines) == expected
    assert len(lines) == len(body.split("\n"))  # line numbers of the body do not move


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("https://x.org/a.png", None),
        ("javascript:alert(1)", "expected a path relative to the article or an http(s) URL"),
        ("data:image/png;base64,xx", "expected a path relative to the article or an http(s) URL"),
        ("../../../etc/passwd", "it is outside the source folder"),
        ("img/cover.png", None),
        ("/docs/articles/img/cover.png", None),
    ],
)
def test_image_values(rootdir, value, problem):
    from trendkb.model import media
    from trendkb.reading.published import Policy

    srcdir = rootdir / "test-engines"
    image, found = media.resolve(value, Policy.of(srcdir), srcdir / "docs/articles/x.md")
    if problem is None:
        assert found is None and image in (value, "docs/articles/img/cover.png")
    else:
        assert problem in found and image == ""
