"""Real posts from public Jekyll, Hugo, Docusaurus, Next.js and fastpages blogs, unmodified.

The sample (tests/roots/test-realposts/, sources and licences in its SOURCES.md) is what
issue 9's "Done when" asks for: it builds with every dated post listed, newest first by
its real date and time. One test per feature of the issue; the ones the extension does
not do yet are marked ``xfail(strict=True)`` with the reason, so they flip to a failure
(and must be unmarked) the day they pass.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from kbtest import build, content, copy_root, page, searchable_text, titles

ATOM = "{http://www.w3.org/2005/Atom}"
ARTICLES = "docs/articles"
#: The build's clock: after every post of the sample, so none is scheduled.
NOW = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)

#: Every dated post the build must list: (source path under docs/articles, title, instant in UTC).
#: The instant is the post's own date and time (or its file name's date at midnight), as
#: its engine reads it. Newest first.
LISTED = [
    ("hugo/docsy-example/news/first-post/index.md", "Easy documentation with Docsy", "2026-02-10T00:00:00"),
    (
        "docusaurus/prettier/2026-01-14-3.8.0.md",
        "Prettier 3.8: Support for Angular v21.1",
        "2026-01-14T00:00:00",
    ),
    ("hugo/papermod/inner-section/md-lists.md", "Markdown Lists", "2024-06-01T12:00:00"),
    (
        "docusaurus/prettier/2023-11-27-20k-bounty-was-claimed.md",
        "$20k Bounty was Claimed!",
        "2023-11-27T00:00:00",
    ),
    # Its date, "2023-01-29 18:30:22 2023 -0800", is read as Jekyll (Ruby's Time.parse) reads it.
    (
        "jekyll/jekyll/2023-01-29-jekyll-3-9-3-released.markdown",
        "Jekyll 3.9.3 Released",
        "2023-01-30T02:30:22",
    ),
    (
        "jekyll/jekyll/2022-10-20-jekyll-4-3-0-released.markdown",
        "Jekyll 4.3.0 Released",
        "2022-10-20T15:20:22",
    ),
    (
        "fastpages/kubeflow/2022-07-18-kubeflow-1.5.1-release.md",
        "Kubeflow 1.5.1 Release Announcement",
        "2022-07-18T00:00:00",
    ),
    (  # A one-digit day in the file name, as Jekyll reads it.
        "fastpages/kubeflow/2022-04-1-kubeflow-1.5-release.md",
        "Kubeflow v1.5 improves ML model accuracy, reduces infrastructure costs and optimizes MLOps",
        "2022-04-01T00:00:00",
    ),
    (
        "docusaurus/docusaurus/2022-01-24-docusaurus-2021-recap/index.md",
        "Docusaurus 2021 Recap",
        "2022-01-24T00:00:00",
    ),
    # .mdx files are read as articles (issue 16): their JSX is the body-syntax reader's.
    (
        "docusaurus/prettier/2022-01-06-prettier-begins-paying-maintainers.mdx",
        "Prettier begins paying maintainers",
        "2022-01-06T00:00:00",
    ),
    (
        "nextjs/tailwind-nextjs-starter-blog/nested-route/introducing-multi-part-posts-with-nested-routing.md",
        "Introducing Multi-part Posts with Nested Routing",
        "2021-05-02T00:00:00",
    ),
    (
        "jekyll/jekyll/2021-04-08-jekyll-3-9-1-released.markdown",
        "Jekyll 3.9.1 Released",
        "2021-04-08T14:51:12",
    ),
    (
        "nextjs/tailwind-nextjs-starter-blog/introducing-tailwind-nextjs-starter-blog.mdx",
        "Introducing Tailwind Nextjs Starter Blog",
        "2021-01-12T00:00:00",
    ),
    (
        "nextjs/tailwind-nextjs-starter-blog/deriving-ols-estimator.mdx",
        "Deriving the OLS Estimator",
        "2020-12-21T00:00:00",
    ),
    (
        "fastpages/fastpages/2020-12-10-codespaces.md",
        "nbdev + GitHub Codespaces: A New Literate Programming Environment",
        "2020-12-10T00:00:00",
    ),
    (
        "jekyll/jekyll/2020-08-05-jekyll-3-9-0-released.markdown",
        "Jekyll 3.9.0 Released",
        "2020-08-05T00:00:00",
    ),
    (
        "fastpages/kubeflow/2020-03-16-mpi-operator.md",
        "Introduction to Kubeflow MPI Operator and Industry Adoption",
        "2020-03-16T00:00:00",
    ),
    (
        "fastpages/fastpages/2020-01-14-test-markdown-post.md",
        "An Example Markdown Post",
        "2020-01-14T00:00:00",
    ),
    ("hugo/papermod/markdown-syntax.md", "Markdown Syntax Guide", "2019-03-11T00:00:00"),
    ("hugo/papermod/rich-content.md", "Rich Content and Shortcodes", "2019-03-10T00:00:00"),
    ("hugo/hugoBasicExample/post/placeholder-text.md", "Placeholder Text", "2019-03-09T00:00:00"),  # TOML
    ("hugo/papermod/math-typesetting.md", "Math Typesetting", "2019-03-08T00:00:00"),
    (
        "jekyll/jekyll/2018-03-14-development-update.md",
        "Jekyll 4.0 is on the Horizon!",
        "2018-04-19T15:07:00",
    ),
    (
        "docusaurus/prettier/2018-04-09-plugin-php-0.1.md",
        "Prettier for PHP 0.1: First alpha release 🎉",
        "2018-04-09T00:00:00",
    ),
    (
        "jekyll/jekyll/2018-02-19-meet-jekyll-s-new-lead-developer.markdown",
        "Meet Jekyll's New Lead Developer",
        "2018-02-20T01:48:09",
    ),
    ("hugo/ananke/chapter-1.md", "Chapter I: The Grand Hall", "2017-04-09T14:58:08"),
    # Nextra's "2016/5/21".
    (
        "nextjs/nextra-blog/aaron-swartz-a-programmable-web.md",
        "Notes on A Programmable Web by Aaron Swartz",
        "2016-05-21T00:00:00",
    ),
    # Four seconds apart on the same day: only the time orders them.
    (
        "jekyll/jekyll/2016-04-19-jekyll-3-1-3-released.markdown",
        "Jekyll 3.1.3 Released",
        "2016-04-19T17:26:16",
    ),
    (
        "jekyll/jekyll/2016-04-19-jekyll-3-0-4-released.markdown",
        "Jekyll 3.0.4 Released",
        "2016-04-19T17:26:12",
    ),
    ("nextjs/tailwind-nextjs-starter-blog/code-sample.md", "Sample .md file", "2016-03-08T00:00:00"),
]
DRAFTS = {
    "nextjs/tailwind-nextjs-starter-blog/my-fancy-title.md": "Draft post which should not display",
    "hugo/papermod/inner-section/cover-page/index.md": "This page is created to test the cover image",
}
MDX = [
    "docusaurus/prettier/2022-01-06-prettier-begins-paying-maintainers.mdx",
    "nextjs/tailwind-nextjs-starter-blog/deriving-ols-estimator.mdx",
    "nextjs/tailwind-nextjs-starter-blog/introducing-tailwind-nextjs-starter-blog.mdx",
]


def html_of(source: str) -> str:
    return f"{ARTICLES}/{source.rsplit('.', 1)[0]}.html"


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
        mp.delenv("READTHEDOCS_VERSION_TYPE", raising=False)
        return build(copy_root(rootdir, "realposts", tmp_path_factory.mktemp("real") / "src"), freshenv=True)


@pytest.fixture(scope="module")
def warnings(site) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", site.warning.getvalue())


def warning_lines(warnings: str, source: str, subtype: str) -> list[str]:
    return [w for w in warnings.splitlines() if f"{ARTICLES}/{source}:" in w and w.endswith(f"[{subtype}]")]


def atom_entries(site) -> list[ET.Element]:
    return ET.parse(Path(site.outdir) / "atom.xml").getroot().findall(f"{ATOM}entry")


def utc(stamp: str) -> str:
    return dt.datetime.fromisoformat(stamp).astimezone(dt.UTC).isoformat()


def jsonld(soup) -> dict:
    return json.loads(soup.find("script", type="application/ld+json").string)


# 1. Dates as the engines write them --------------------------------------------------


def test_every_dated_post_is_listed_newest_first_by_date_and_time(site):
    expected = [title for _, title, _ in LISTED]
    assert titles(page(site, "index.html")) == expected
    assert titles(page(site, "docs/archive.html")) == expected
    # Each listing entry carries the post's full instant.
    stamps = [t["datetime"] for t in content(page(site, "index.html")).select(".kb-article-list time")]
    assert [utc(s) for s in stamps] == [f"{when}+00:00" for _, _, when in LISTED]


def test_feed_lists_every_dated_post_with_its_full_timestamp(site):
    entries = atom_entries(site)
    assert [e.find(f"{ATOM}title").text for e in entries] == [title for _, title, _ in LISTED]
    for entry, (_, title, when) in zip(entries, LISTED, strict=True):
        assert utc(entry.find(f"{ATOM}published").text) == f"{when}+00:00", title


def test_offset_dates_are_shown_in_the_site_zone_with_their_instant(site):
    # 20:48 in New York on 19 February is already 20 February in UTC, the site's zone.
    soup = page(site, html_of("jekyll/jekyll/2018-02-19-meet-jekyll-s-new-lead-developer.markdown"))
    time = content(soup).select_one(".kb-byline time")
    assert time.get_text() == "February 20, 2018"
    assert time["datetime"] == "2018-02-20T01:48:09+00:00"
    assert jsonld(soup)["datePublished"] == "2018-02-20T01:48:09+00:00"


def test_dates_ruby_reads_are_read_without_a_warning(warnings):
    # Jekyll's own release note: a stray year inside the time, which Ruby's Time.parse (and so
    # Jekyll) accepts; the post is listed at that time (see LISTED), with no date warning.
    source = "jekyll/jekyll/2023-01-29-jekyll-3-9-3-released.markdown"
    assert not [w for w in warning_lines(warnings, source, "kb.frontmatter") if "field 'date'" in w]


def test_nextra_slashed_date_is_read(warnings):
    # Nextra's blog theme writes dates with slashes and no zero padding: year first, unambiguous.
    source = "nextjs/nextra-blog/aaron-swartz-a-programmable-web.md"
    assert not [w for w in warning_lines(warnings, source, "kb.frontmatter") if "'date'" in w]


def test_one_digit_day_in_the_file_name_is_a_date(site, warnings):
    # Jekyll reads 2022-04-1-slug.md as 2022-04-01.
    source = "fastpages/kubeflow/2022-04-1-kubeflow-1.5-release.md"
    assert not [w for w in warning_lines(warnings, source, "kb.frontmatter") if "'date'" in w]
    # (The post's own title: the sample has no "Kubeflow v1.5 Release Announcement".)
    assert "Kubeflow v1.5 improves ML model accuracy, reduces infrastructure costs and optimizes MLOps" in (
        titles(page(site, "index.html"))
    )


def test_hugo_toml_front_matter_is_read(site, warnings):
    # Hugo's default (hugoBasicExample): +++ ... +++; description -> excerpt, tags kept.
    assert "Placeholder Text" in titles(page(site, "index.html"))
    source = "hugo/hugoBasicExample/post/placeholder-text.md"
    assert not warning_lines(warnings, source, "kb.frontmatter")
    soup = page(site, html_of(source))
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Lorem Ipsum Dolor Si Amet"
    tags = [a.get_text() for a in content(soup).select(".kb-byline a[rel=tag]")]
    assert tags == ["markdown", "text"]


# 2. Field aliases --------------------------------------------------------------------


def test_engine_keys_become_excerpt_author_and_tags(site):
    def facts(source):
        soup = page(site, html_of(source))
        meta = soup.find("meta", attrs={"name": "description"})
        byline = content(soup).select_one(".kb-byline")
        authors = [a.get_text() for a in byline.select(".kb-byline__author")]
        tags = [a.get_text() for a in byline.select("a[rel=tag]")]
        return meta["content"], authors, tags

    # Hugo: description -> excerpt, categories join the tags.
    excerpt, authors, tags = facts("hugo/papermod/markdown-syntax.md")
    assert excerpt == "Sample article showcasing basic Markdown syntax and formatting for HTML elements."
    assert authors == ["Hugo Authors"]
    # Hugo's series is a taxonomy too.
    assert tags == ["markdown", "css", "html", "themes", "syntax", "Themes Guide"]
    # Docusaurus: authors (a list of keys, or one string) -> author.
    assert facts("docusaurus/docusaurus/2022-01-24-docusaurus-2021-recap/index.md")[1:] == (
        ["Josh-Cena"],
        ["recap"],
    )
    assert facts("docusaurus/prettier/2018-04-09-plugin-php-0.1.md")[1] == ["czosel"]
    # Jekyll: category (one string) and categories (a list) -> tags.
    assert facts("jekyll/jekyll/2022-10-20-jekyll-4-3-0-released.markdown")[2] == ["release"]
    assert facts("jekyll/jekyll/2018-02-19-meet-jekyll-s-new-lead-developer.markdown")[2] == ["team"]
    # fastpages: description -> excerpt; an author holding HTML is shown as text.
    excerpt, authors, _ = facts("fastpages/fastpages/2020-12-10-codespaces.md")
    assert excerpt == "How a new GitHub feature makes literate programming easier than ever before."
    assert authors[0].startswith("<a href='https://twitter.com/HamelHusain'>")


def test_two_aliases_of_one_field_warn(warnings):
    # PaperMod's cover page gives both description and summary; it is a draft, still checked.
    [line] = [
        w
        for w in warning_lines(warnings, "hugo/papermod/inner-section/cover-page/index.md", "kb.frontmatter")
        if "both given" in w
    ]
    assert ":4: WARNING: field 'summary' and field 'excerpt' are both given" in line


def test_docusaurus_truncate_marker_ends_the_excerpt(site):
    soup = page(site, html_of("docusaurus/prettier/2023-11-27-20k-bounty-was-claimed.md"))
    excerpt = soup.find("meta", attrs={"name": "description"})["content"]
    assert "What better way than a friendly competition." in excerpt  # third paragraph, before the marker
    assert "Prettier raised a total" not in excerpt


# 4. Images ---------------------------------------------------------------------------


def test_missing_image_of_a_post_is_a_warning(warnings):
    # The sample leaves the pictures out: each post's image is reported, with its line.
    [line] = warning_lines(
        warnings, "docusaurus/docusaurus/2022-01-24-docusaurus-2021-recap/index.md", "kb.image"
    )
    assert (
        ":5: WARNING: field 'image': './img/thumbnail.png' cannot be published: the file does not exist"
        in line
    )


def test_empty_images_list_is_no_image(warnings):
    # Next.js starter: "images: []" is a post without a picture, not a wrong value.
    source = "nextjs/tailwind-nextjs-starter-blog/my-fancy-title.md"
    assert not [w for w in warning_lines(warnings, source, "kb.frontmatter") if "'image" in w]
    assert not warning_lines(warnings, source, "kb.image")


# 5. Drafts ---------------------------------------------------------------------------


def test_drafts_are_not_published(site):
    outdir = Path(site.outdir)
    for source, body in DRAFTS.items():
        assert not (outdir / html_of(source)).exists(), source
        for name in ("atom.xml", "sitemap.xml", "catalog.json"):
            assert body not in (outdir / name).read_text(encoding="utf-8"), (source, name)
        assert body not in searchable_text(outdir), source
    listed = titles(page(site, "index.html"))
    assert "My fancy title" not in listed and "Cover Image" not in listed


# 6. Other keys and redirects -----------------------------------------------------------


def test_unknown_keys_are_kept_in_the_catalog(site):
    data = json.loads((Path(site.outdir) / "catalog.json").read_text(encoding="utf-8"))
    by_title = {a["title"]: a for a in data["articles"]}
    assert by_title["Jekyll 3.9.1 Released"]["custom"]["version"] == "3.9.1"
    assert "series" not in by_title["Markdown Syntax Guide"].get("custom", {})  # a taxonomy: its tags


def test_default_policy_warns_once_per_unknown_key(rootdir, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    app = build(
        copy_root(rootdir, "realposts", tmp_path / "src"),
        freshenv=True,
        confoverrides={"kb_unknown_fields": "warn"},
    )
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    source = "jekyll/jekyll/2021-04-08-jekyll-3-9-1-released.markdown"
    unknown = [w for w in warning_lines(text, source, "kb.frontmatter") if "unknown field" in w]
    assert len(unknown) == 1 and ":5: WARNING: unknown field 'version'" in unknown[0]


def test_keep_policy_does_not_call_common_engine_keys_typos(warnings):
    assert "unknown field 'toc'" not in warnings
    assert "unknown field 'math'" not in warnings
    assert "unknown field 'series'" not in warnings
    assert "unknown field 'tag' (did you mean 'tags'?)" in warnings


@pytest.mark.parametrize(
    ("old_path", "source"),
    [
        ("codespaces/index.html", "fastpages/fastpages/2020-12-10-codespaces.md"),  # permalink: /codespaces
        ("kubeflow-1.5.1-release/index.html", "fastpages/kubeflow/2022-07-18-kubeflow-1.5.1-release.md"),
        ("migrate-from-jekyl/index.html", "hugo/papermod/markdown-syntax.md"),  # aliases: [...]
    ],
)
def test_permalinks_and_aliases_redirect_to_the_article(site, old_path, source):
    soup = page(site, old_path)
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh.endswith(html_of(source))
    assert soup.find("link", rel="canonical")["href"] == "https://kb.example.org/" + html_of(source)


# 7. Files ----------------------------------------------------------------------------


def test_markdown_extension_is_read(site):
    for source, _, _ in LISTED:
        assert (Path(site.outdir) / html_of(source)).is_file(), source


def test_each_mdx_file_is_read_as_an_article(site, warnings):
    for source in MDX:
        assert not warning_lines(warnings, source, "kb.filetype")
        assert (Path(site.outdir) / html_of(source)).is_file()


# 8. Syntax of other engines ----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "line", "what"),
    [
        ("jekyll/jekyll/2022-10-20-jekyll-4-3-0-released.markdown", 83, "a template variable"),
        ("jekyll/jekyll/2023-01-29-jekyll-3-9-3-released.markdown", 13, "a template tag"),
        # Its alert and info boxes (line 42) are converted; the site variable is not.
        ("fastpages/fastpages/2020-01-14-test-markdown-post.md", 50, "a template variable"),
        ("hugo/docsy-example/news/first-post/index.md", 26, "a Hugo shortcode"),
    ],
)
def test_foreign_syntax_gets_one_warning_per_file_at_its_first_line(warnings, source, line, what):
    [found] = warning_lines(warnings, source, "kb.foreign")
    assert f"{source}:{line}: WARNING:" in found and what in found


def test_fastpages_boxes_and_hugo_embeds_are_converted(site, warnings):
    boxes = content(page(site, html_of("fastpages/fastpages/2020-01-14-test-markdown-post.md")))
    assert [a.select_one(".admonition-title").get_text() for a in boxes.select("div.admonition")][:2] == [
        "Warning",
        "Note",
    ]
    assert "You can include alert boxes" in boxes.select("div.admonition")[0].get_text()
    assert not warning_lines(warnings, "hugo/papermod/rich-content.md", "kb.foreign")
    rich = content(page(site, html_of("hugo/papermod/rich-content.md")))
    links = {a["href"] for a in rich.select("p.kb-embed a")}
    assert {
        "https://www.youtube.com/watch?v=hjD9jTi_DQ4",
        "https://vimeo.com/152985022",
        "https://x.com/GoHugoIO/status/1305090583917203457",
        "https://www.instagram.com/p/DBHw3t6A6a4/",
    } <= links
    assert not rich.find("iframe")  # nothing is loaded from another site
    assert "{{<" not in rich.get_text()


def test_liquid_raw_blocks_are_not_reported(warnings):
    # Jekyll 3.9.1's note quotes an include inside {% raw %}: literal text, as Jekyll shows it.
    assert not warning_lines(
        warnings, "jekyll/jekyll/2021-04-08-jekyll-3-9-1-released.markdown", "kb.foreign"
    )


# 9. Math -----------------------------------------------------------------------------


def test_display_math_renders(site):
    body = content(page(site, html_of("hugo/papermod/math-typesetting.md")))
    assert body.select(".math") and body.select("math")  # MathML, drawn by the browser itself


def test_dollar_amounts_stay_text(site):
    # A guard for the math feature: Prettier's "$110k and redistributed $75k" is money.
    body = content(page(site, html_of("docusaurus/prettier/2023-11-27-20k-bounty-was-claimed.md")))
    assert not body.select(".math")
    assert "Prettier raised a total of $110k and redistributed $75k." in body.get_text(" ", strip=True)


# 10. One title per page --------------------------------------------------------------


def test_one_h1_per_page_even_when_the_body_has_its_own(site):
    for source in (
        "fastpages/fastpages/2020-01-14-test-markdown-post.md",  # body starts with "# Example Markdown Post"
        "nextjs/tailwind-nextjs-starter-blog/nested-route/introducing-multi-part-posts-with-nested-routing.md",
        "nextjs/nextra-blog/aaron-swartz-a-programmable-web.md",  # "# <the same title>"
    ):
        assert len(content(page(site, html_of(source))).find_all("h1")) == 1, source


def test_the_same_title_everywhere(site):
    feed = {e.find(f"{ATOM}title").text for e in atom_entries(site)}
    listed = set(titles(page(site, "index.html")))
    for source, title, _ in LISTED:
        soup = page(site, html_of(source))
        [h1] = content(soup).find_all("h1")
        assert h1.get_text().rstrip("¶") == title, source
        assert soup.title.get_text().startswith(title + " - "), source
        assert jsonld(soup)["headline"] == title, source
        assert title in feed and title in listed, source
