"""Trend lifecycles: schema fields, timeline, chart and radar SVG, review dates, topic tags."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from kbtest import build, content, copy_root, page, snapshot, target
from sphinx.util.console import strip_escape_sequences
from test_incremental import assert_same_as_fresh, bump
from trendkb.cli import main as cli_main

ALPHA = "Alpha <script>alert('x')</script> & \"Co\""
#: 2026-12-01: alpha (reviewed 2026-11-24) is current, beta (2020) and gamma (never) are due.
NOW = str(int(dt.datetime(2026, 12, 1, tzinfo=dt.UTC).timestamp()))


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", NOW)
        return build(copy_root(rootdir, "trends", tmp_path_factory.mktemp("trends") / "src"), freshenv=True)


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOW)
    return monkeypatch


def warnings_of(app) -> list[str]:
    return strip_escape_sequences(app.warning.getvalue()).splitlines()


def test_builds_without_warnings_though_topics_are_due(site):
    assert warnings_of(site) == []
    # Due topics are an info line, never a warning.
    assert "2 topic(s) due for review" in strip_escape_sequences(site.status.getvalue())


def test_lifecycle_warnings_name_file_line_and_field(rootdir, tmp_path, clock):
    srcdir = copy_root(rootdir, "trends", tmp_path / "src")
    (srcdir / "docs/topics/bad.md").write_text(
        "---\n"
        'title: "Bad"\n'
        'summary: "Wrong lifecycle."\n'
        "status: growing\n"  # 4: disagrees with the last entry
        "status_history:\n"  # 5: not oldest first
        "  - {date: 2022, status: mainstream}\n"
        "  - {date: 2019, status: emerging}\n"
        "area: robots\n"  # 8: unknown area
        "last_reviewed: 2026-02-30\n"  # 9: impossible date
        "---\n\nBody.\n",
        encoding="utf-8",
    )
    (srcdir / "docs/topics/worse.md").write_text(
        '---\ntitle: "Worse"\nsummary: "Bad entries."\nstatus_history:\n'
        "  - {date: 2019, status: emerging}\n"
        "  - 2021: growing\n"  # 6: not an entry
        "  - {date: 20x, status: growing}\n"  # 7: not a date
        "---\n\nBody.\n",
        encoding="utf-8",
    )
    warnings = warnings_of(build(srcdir, freshenv=True))
    expected = [
        (
            "bad.md:4:",
            "field 'status': 'growing' disagrees with the last entry of status_history",
            "[kb.trend]",
        ),
        (
            "bad.md:5:",
            "field 'status_history': expected its entries oldest first, got the dates 2022, 2019",
            "[kb.trend]",
        ),
        (
            "bad.md:8:",
            "field 'area': unknown area 'robots': expected one of models, training, deployment",
            "[kb.trend]",
        ),
        (
            "bad.md:9:",
            "field 'last_reviewed': expected an ISO 8601 date such as 2026-11-24, got '2026-02-30'",
            "",
        ),
        (
            "worse.md:6:",
            "field 'status_history', item 2: expected an entry such as {date: 2021, status: growing,",
            "",
        ),
        ("worse.md:7:", "field 'status_history', item 3: expected an entry such as", ""),
    ]
    for where, message, kind in expected:
        assert any(where in w and message in w and kind in w for w in warnings), (where, message, warnings)
    assert len(warnings) == len(expected), warnings
    # The same messages without a build.
    checked = _cli(srcdir, "check", str(srcdir / "docs/topics/bad.md"))
    assert checked.code == 1
    assert "bad.md:8: WARNING: field 'area': unknown area 'robots'" in checked.out


def test_timeline_svg(site):
    body = content(page(site, "docs/topics/alpha.html"))
    section = body.select_one("section#kb-timeline-alpha")
    assert section.find("h2").get_text() == "Timeline"
    figure = section.select_one("figure.kb-trend-timeline")
    wide, narrow = figure.find_all("svg")
    assert (
        "kb-trend-timeline__svg--wide" in wide["class"]
        and "kb-trend-timeline__svg--narrow" in narrow["class"]
    )
    assert narrow["width"] == "328"  # a phone shows it at its natural size
    for svg in (wide, narrow):
        assert svg["role"] == "img"
        title = svg.find("title")
        assert svg["aria-labelledby"] == f"{title['id']} kb-timeline-alpha-desc"
        assert title.get_text() == f"Timeline of {ALPHA}"
        assert [t.get_text() for t in svg.select(".kb-trend-label")] == ["emerging", "growing", "mainstream"]
        assert len(svg.select("circle.kb-trend-dot")) == 3
        # Colours come from the theme: currentColor, with the status as a class.
        assert all(c["fill"] == "currentColor" for c in svg.select("circle"))
    desc = wide.find("desc")
    assert desc.get_text() == "Emerging in 2018, growing from 2020-06, mainstream from 2023."
    caption = figure.find_all(recursive=False)[-1]
    assert caption.name == "figcaption" and caption.get_text(" ", strip=True).startswith("Emerging in 2018")
    # A topic without a history has no timeline.
    assert content(page(site, "docs/topics/gamma.html")).select_one(".kb-timeline") is None


def test_timeline_shows_each_status_change_with_its_evidence(site):
    body = content(page(site, "docs/topics/alpha.html"))
    entries = body.select("section#kb-timeline-alpha .kb-timeline__entry")
    assert [e.select_one(".kb-timeline__when").get_text(" ", strip=True) for e in entries] == [
        "2018 emerging",
        "June 2020 growing",
        "2023 mainstream",
    ]
    assert [e.find("time")["datetime"] for e in entries] == ["2018", "2020-06", "2023"]
    # The note is text (front matter): its markup is shown, not run.
    first = entries[0].select_one(".kb-timeline__note")
    assert first.get_text() == "The <b>attention</b> paper & its code. (Ashish Vaswani et al., 2017)"
    assert not first.find("b")
    cites = entries[1].select(".kb-timeline__cites a")
    assert [(a.get_text(), a["href"]) for a in cites] == [
        ("Jacob Devlin and Ming-Wei Chang, 2019", "../papers.html#paper-devlin2019bert"),
        ("Ashish Vaswani et al., 2017", "../papers.html#paper-vaswani2017attention"),
    ]
    papers = page(site, "docs/papers.html")
    for a in cites:  # each link lands on the paper's entry
        assert papers.find(id=a["href"].split("#")[1]).name == "li"
    assert entries[2].select_one(".kb-timeline__note") is None  # no evidence given: none shown
    # The header says what date the page reflects.
    as_of = body.select_one(".kb-topic-header__as-of")
    assert as_of.get_text() == "State of play as of September 2025"
    assert as_of.find("time")["datetime"] == "2025-09"
    assert content(page(site, "docs/topics/beta.html")).select_one(".kb-topic-header__as-of") is None


def test_an_unknown_cite_key_is_a_warning_with_file_line_and_field(rootdir, tmp_path, clock):
    srcdir = copy_root(rootdir, "trends", tmp_path / "src")
    (srcdir / "docs/topics/bad.md").write_text(
        '---\ntitle: "Bad"\nsummary: "Cites a paper nobody has."\nstatus_history:\n'
        "  - {date: 2019, status: emerging, cite: vaswani2017attention}\n"
        '  - {date: 2021, status: growing, note: "Then.", cite: [vaswani2017attention, nobody2099]}\n'
        "---\n\nBody.\n",
        encoding="utf-8",
    )
    expected = (
        "bad.md:6: WARNING: field 'status_history', item 2, 'cite': 'nobody2099' is not in the "
        "bibliography: expected the key of an entry in the .bib files (bibtex_bibfiles) [kb.cite]"
    )
    warnings = warnings_of(build(srcdir, freshenv=True))
    assert len(warnings) == 1 and warnings[0].endswith(expected), warnings
    # The key is shown as written, without a link; a build that reads nothing again repeats the warning.
    app = build(srcdir)
    assert [w for w in warnings_of(app) if w.endswith(expected)]
    cites = content(page(app, "docs/topics/bad.html")).select(".kb-timeline__cites")
    assert cites[-1].get_text() == "(Ashish Vaswani et al., 2017; nobody2099)"
    assert [a.get_text() for a in cites[-1].select("a")] == ["Ashish Vaswani et al., 2017"]


def test_articles_per_year_chart(site):
    section = content(page(site, "docs/topics/alpha.html")).select_one("section#kb-discussed-in")
    # Under its own heading, in the section listing the articles, after the list.
    heading = section.find("h3")
    assert heading.get_text() == "Articles per year"
    figure = heading.find_next_sibling("figure")
    assert figure["class"] == ["kb-trend-chart"] and section.select_one("ul").find_next("h3") is heading
    wide, narrow = figure.find_all("svg")
    assert narrow["width"] == "328"
    for svg in (wide, narrow):
        assert svg["role"] == "img" and svg.find("title")
        years = [t.get_text() for t in svg.select(".kb-trend-date")]
        counts = [t.get_text() for t in svg.select(".kb-trend-count")]
        # Every year from the first article to the last, empty years included.
        assert list(zip(years, counts, strict=True)) == [
            ("2021", "1"),
            ("2022", "0"),
            ("2023", "1"),
            ("2024", "2"),
        ]
        heights = [float(r["height"]) for r in svg.select("rect.kb-trend-bar")]
        assert heights[1] == 0 and heights[3] == max(heights) and heights[0] == heights[3] / 2
    assert wide.find("desc").get_text() == (
        "2021: 1 article; 2022: 0 articles; 2023: 1 article; 2024: 2 articles."
    )
    # The table is after the figure, whose caption is its last child (valid HTML).
    assert figure.find_all(recursive=False)[-1].name == "figcaption"
    details = figure.find_next_sibling("details")
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in details.select("tbody tr")]
    assert rows == [["2021", "1"], ["2022", "0"], ["2023", "1"], ["2024", "2"]]
    # One bar says nothing: beta (one article) and gamma (none) have no chart.
    for name in ("beta", "gamma"):
        body = content(page(site, f"docs/topics/{name}.html"))
        assert body.select_one(".kb-trend-chart") is None and "Articles per year" not in body.get_text()


def test_radar_svg(site):
    soup = page(site, "docs/topics.html")
    radar = content(soup).select_one(".kb-radar")
    figure = radar.select_one("figure.kb-trend-radar")
    wide, narrow = figure.select("svg.kb-radar__svg")
    assert "kb-radar__svg--wide" in wide["class"] and "kb-radar__svg--narrow" in narrow["class"]
    assert wide.find("title").get_text() == "Trend radar" and wide.find("desc")
    assert len(wide.select("circle.kb-radar-ring")) == 4
    # The rings' names run along their lanes (textPath), and head the phone drawing's columns.
    assert [t.get_text() for t in wide.select("textPath")] == ["Mainstream", "Growing", "Emerging", "Fading"]
    assert [t.get_text() for t in narrow.select(".kb-radar-ring-label")] == [
        "Mainstream",
        "Growing",
        "Emerging",
        "Fading",
    ]
    areas = [" ".join(t.stripped_strings) for t in wide.select(".kb-radar-area")]
    # The configured areas in order, and one sector for the topic without an area.
    assert areas == [
        "Models and architectures",
        "Training and alignment",
        "Deployment and efficiency",
        "Society and governance",
        "Research frontiers",
        "Other",
    ]
    # The phone drawing has a band per area that has topics.
    assert [" ".join(t.stripped_strings) for t in narrow.select(".kb-radar-area")] == [
        "Models and architectures",
        "Training and alignment",
        "Other",
    ]
    for svg in (wide, narrow):
        blips = svg.select("a.kb-radar-blip")
        # The accessible name starts with the number the blip shows, then says the rest.
        assert [b["aria-label"] for b in blips] == [
            f"1: {ALPHA}, mainstream, Models and architectures, moved in from growing since 2022",
            "2: Beta, emerging, Training and alignment",
            "3: Gamma, growing, Other",
        ]
        assert [b.select_one(".kb-radar-number").get_text() for b in blips] == ["1", "2", "3"]
        assert (
            blips[0]
            .find("title")
            .get_text()
            .endswith("Emerging in 2018, growing from 2020-06, mainstream from 2023.")
        )
        # Movements: alpha moved in (an arc), beta and gamma stayed.
        assert [b["class"][1] for b in blips] == [
            "kb-radar-blip--in",
            "kb-radar-blip--still",
            "kb-radar-blip--still",
        ]
        assert blips[0].select("path.kb-radar-mark") and not blips[1].select(".kb-radar-mark")
        # A blip opens the topic's timeline (gamma has none: its page).
        assert [b["href"] for b in blips] == [
            "topics/alpha.html#kb-timeline-alpha",
            "topics/beta.html#kb-timeline-beta",
            "topics/gamma.html",
        ]
        for blip in blips:
            assert target(site.outdir, "docs/topics.html", blip["href"]).is_file()
    # The timeline the blips point at is on the topic's page.
    assert content(page(site, "docs/topics/alpha.html")).select_one("#kb-timeline-alpha")
    # Hostile titles are text: no script element anywhere, the title escaped in attributes too.
    assert soup.find("script", string=lambda s: s and "alert" in s) is None
    assert "<script>alert" not in (Path(site.outdir) / "docs/topics.html").read_text(encoding="utf-8")
    legend = radar.select(".kb-radar-legend li a")
    assert [a.get_text() for a in legend] == [ALPHA, "Beta", "Gamma"]
    assert radar.select_one(".kb-radar-legend li .kb-radar-moved").get_text() == (
        "moved in from growing since 2022"
    )
    assert "New since 2022" in radar.select_one(".kb-radar-key").get_text()
    # The legend is after the figure, not inside it (a figcaption is a figure's first or last child).
    assert figure.find_all(recursive=False)[-1].name == "figcaption"
    assert not figure.select(".kb-radar-legend")

    # A blip closer to the centre is more established.
    def distance(blip):
        circle = blip.find("circle", class_="kb-radar-dot")
        return (float(circle["cx"]) ** 2 + float(circle["cy"]) ** 2) ** 0.5

    blips = wide.select("a.kb-radar-blip")
    assert distance(blips[0]) < distance(blips[2]) < distance(blips[1])
    assert soup.select('link[href*="kb-radar.css"]')
    assert not page(site, "docs/topics/alpha.html").select('link[href*="kb-radar.css"]')


def test_radar_since_option_and_its_warning(rootdir, tmp_path, clock):
    srcdir = copy_root(rootdir, "trends", tmp_path / "src")
    topics = srcdir / "docs/topics.md"
    topics.write_text(topics.read_text().replace(":since: 2022", ":since: 2019"))
    app = build(srcdir, freshenv=True)
    assert warnings_of(app) == []
    blips = content(page(app, "docs/topics.html")).select(".kb-radar__svg--wide a.kb-radar-blip")
    # Since 2019: alpha moved in (emerging in 2018), beta is new (2021).
    assert [b["class"][1] for b in blips] == [
        "kb-radar-blip--in",
        "kb-radar-blip--new",
        "kb-radar-blip--still",
    ]
    assert [b.select("circle.kb-radar-mark") != [] for b in blips] == [False, True, False]
    topics.write_text(topics.read_text().replace(":since: 2019", ":since: last year"))
    bump(topics)
    warnings = warnings_of(build(srcdir))
    assert len(warnings) == 1 and "topics.md:" in warnings[0]
    assert "expected a date as YYYY, YYYY-MM or YYYY-MM-DD" in warnings[0]


def test_home_groups_topic_cards_by_area(site):
    body = content(page(site, "index.html"))
    headings = [h.get_text() for h in body.select("h3.kb-area-heading")]
    assert headings == ["Models and architectures", "Training and alignment", "Other topics"]
    grids = [h.find_next_sibling("div") for h in body.select("h3.kb-area-heading")]
    assert [[a.get_text() for a in g.select(".kb-card-link")] for g in grids] == [
        [ALPHA],
        ["Beta"],
        ["Gamma"],
    ]


def test_review_page_and_catalog(site):
    items = content(page(site, "docs/review.html")).select(".kb-review-due__item")
    assert [i.find("a").get_text() for i in items] == ["Gamma", "Beta"]  # never reviewed first
    assert "never reviewed" in items[0].get_text()
    assert items[1].find("time")["datetime"] == "2020-01-01"
    data = json.loads((Path(site.outdir) / "catalog.json").read_text(encoding="utf-8"))
    topics = {t["slug"]: t for t in data["topics"]}
    assert topics["alpha"]["status_history"] == [
        {"date": "2018", "status": "emerging"},
        {"date": "2020-06", "status": "growing"},
        {"date": "2023", "status": "mainstream"},
    ]
    assert topics["alpha"]["area"] == "models" and topics["gamma"]["area"] is None
    assert topics["alpha"]["last_reviewed"] == "2026-11-24"
    assert {s: t["review_due"] for s, t in topics.items()} == {"alpha": False, "beta": True, "gamma": True}
    assert topics["alpha"]["references"] == ["vaswani2017attention"] and topics["beta"]["references"] == []
    # Status left out: the history's last entry.
    assert topics["beta"]["status"] == "emerging"


def test_review_follows_the_clock_without_source_changes(rootdir, tmp_path, monkeypatch):
    srcdir = copy_root(rootdir, "trends", tmp_path / "src")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOW)
    build(srcdir)
    later = dt.datetime(2028, 1, 1, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(later.timestamp())))
    app = build(srcdir, warningiserror=True)
    items = content(page(app, "docs/review.html")).select(".kb-review-due__item a")
    assert [a.get_text() for a in items] == ["Gamma", "Beta", ALPHA]
    data = json.loads((Path(app.outdir) / "catalog.json").read_text(encoding="utf-8"))
    assert all(t["review_due"] for t in data["topics"])


class _Run:
    def __init__(self, code, out):
        self.code, self.out = code, out


def _cli(srcdir: Path, *args: str) -> _Run:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli_main([args[0], "--conf-dir", str(srcdir), *args[1:]])
    return _Run(code, out.getvalue())


def test_cli_reports_due_topics_without_failing(rootdir, tmp_path, clock):
    srcdir = copy_root(rootdir, "trends", tmp_path / "src")
    plain = _cli(srcdir, "check")
    assert plain.code == 0 and plain.out == ""
    review = _cli(srcdir, "check", "--review")
    assert review.code == 0
    lines = review.out.splitlines()
    assert len(lines) == 2
    assert any(
        "beta.md:7: INFO: topic 'beta' is due for review: last reviewed 2020-01-01" in line
        and "[kb.review]" in line
        for line in lines
    )
    assert any("gamma.md:1: INFO: topic 'gamma' is due for review: never reviewed" in line for line in lines)
    assert _cli(srcdir, "check", "--strict-review").code == 1


def test_topic_tags_link_to_tag_pages_listing_topics(site):
    chips = content(page(site, "docs/topics/beta.html")).select(".kb-topic-header .kb-tag")
    assert [(a.get_text(), a.get("href")) for a in chips] == [("Shared Tag", "../tags/shared-tag.html")]
    alpha = content(page(site, "docs/topics/alpha.html")).select(".kb-topic-header a.kb-tag")
    assert [a.get_text() for a in alpha] == ["Shared Tag", "Topic Only <b>Tag</b>"]
    for a in alpha:  # a tag only topics carry has its page too
        assert target(site.outdir, "docs/topics/alpha.html", a["href"]).is_file()
    shared = content(page(site, "docs/tags/shared-tag.html"))
    assert [a.get_text() for a in shared.select("#kb-tag-topics a")] == [ALPHA, "Beta"]
    assert len(shared.select(".kb-article-list__item")) == 4
    only = content(page(site, alpha[1]["href"].replace("../", "docs/")))
    assert [a.get_text() for a in only.select("#kb-tag-topics a")] == [ALPHA]
    assert "No article is tagged" in only.get_text()
    assert not only.find("b")


def test_incremental_topic_retag_equals_fresh(rootdir, tmp_path, clock):
    srcdir = copy_root(rootdir, "trends", tmp_path / "src")
    build(srcdir)
    path = srcdir / "docs/topics/beta.md"
    path.write_text(path.read_text().replace('tags: ["Shared Tag"]', 'tags: ["New Tag"]'), encoding="utf-8")
    bump(path)
    app = build(srcdir)
    assert [
        a.get_text() for a in content(page(app, "docs/tags/shared-tag.html")).select("#kb-tag-topics a")
    ] == [ALPHA]
    assert (Path(app.outdir) / "docs/tags/new-tag.html").is_file()
    assert_same_as_fresh(app, srcdir, tmp_path, "topic retag")
    # An area change regroups the home page and moves the blip.
    path.write_text(path.read_text().replace("area: training", "area: society"), encoding="utf-8")
    bump(path)
    app = build(srcdir)
    assert_same_as_fresh(app, srcdir, tmp_path, "area change")


def test_parallel_build_equals_serial(rootdir, tmp_path, clock):
    serial = build(copy_root(rootdir, "trends", tmp_path / "serial"), freshenv=True)
    parallel = build(copy_root(rootdir, "trends", tmp_path / "parallel"), freshenv=True, parallel=2)
    assert snapshot(parallel.outdir) == snapshot(serial.outdir)
