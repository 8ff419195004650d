"""Dates as blog engines write them (reading/dates.py), and the settings around them."""

from __future__ import annotations

import datetime as dt

import pytest
from kbtest import build, copy_root
from sphinx.errors import ConfigError
from trendkb.reading import dates, frontmatter

PARIS = dates.time_zone("Europe/Paris")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-04", "2024-03-04T00:00:00+01:00"),
        ("2024-03-04T10:30:00Z", "2024-03-04T10:30:00+00:00"),
        ("2024-03-04t10:30:00z", "2024-03-04T10:30:00+00:00"),
        ("2024-03-04T10:30+02:00", "2024-03-04T10:30:00+02:00"),
        ("2024-03-04T10:30:00.250+05:30", "2024-03-04T10:30:00.250000+05:30"),
        ("2017-07-11 9:00:00", "2017-07-11T09:00:00+02:00"),  # Jekyll, summer time in Paris
        ("2021-04-08 16:45:00 -0400", "2021-04-08T16:45:00-04:00"),
        ("2021-04-08 16:45 +0100", "2021-04-08T16:45:00+01:00"),
        ("2001-12-14 21:59:43.10 -5", "2001-12-14T21:59:43.100000-05:00"),  # YAML's own example
        ("  2024-03-04  ", "2024-03-04T00:00:00+01:00"),
        ("2016/5/21", "2016-05-21T00:00:00+02:00"),  # Nextra: year first, no padding
        ("2016/05/21", "2016-05-21T00:00:00+02:00"),
        ("2019-2-26", "2019-02-26T00:00:00+01:00"),  # VuePress: one-digit month, as YAML text
        # Written out, as Jekyll (Ruby's Time.parse), Astro (JavaScript's Date) and Hugo accept.
        ("November 1, 2019", "2019-11-01T00:00:00+01:00"),
        ("Jul 08 2022", "2022-07-08T00:00:00+02:00"),
        ("1 November 2019", "2019-11-01T00:00:00+01:00"),
        ("Mon, 02 Jan 2006 15:04:05 -0700", "2006-01-02T15:04:05-07:00"),  # RFC 2822
        ("2023-01-29 18:30:22 2023 -0800", "2023-01-29T18:30:22-08:00"),  # Jekyll's own post
    ],
)
def test_accepted_shapes(text, expected):
    assert dates.parse(text, PARIS).isoformat() == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024-02-30",
        "2024-13-01",
        "2024-03-04T25:00",
        "2024-03-04T10:61",
        "March 4",
        "2024-03-04 +0200",
        "",
        "04/03/2024",
        "2016/2/30",
        "16/5/21",
        "2016/5/21 10:00",
        "November 2019",  # no day
        "Nov 31 2019",
        "Jul 08 22",  # a two-digit year
        "Jan 8 2022 EST",  # a zone abbreviation: which one?
        "2023-01-29 18:30:22 2022 -0800",  # a second year that is another year
        "0001-01-01T00:30:00+01:00",  # before the calendar's first instant in UTC
        "9999-12-31T23:30:00-01:00",
    ],
)
def test_impossible_or_unknown_shapes_are_refused(text):
    with pytest.raises(ValueError):
        dates.parse(text)
    assert not dates.is_date(text)


@pytest.mark.parametrize(
    ("docname", "expected"),
    [
        ("docs/articles/2024-03-04-slug", "2024-03-04"),
        ("docs/articles/2024-03-04-slug/index", "2024-03-04"),
        ("docs/articles/2020/2020-03-16-mpi-operator", "2020-03-16"),
        ("docs/articles/slug", None),
        ("docs/articles/2024-02-30-impossible", None),
        ("docs/articles/20240304-slug", None),
        ("docs/articles/2024-03-04-slug/other", None),
        # One-digit months and days, as Jekyll's own pattern reads them (fastpages posts).
        ("docs/articles/2022-04-1-kubeflow-1.5-release", "2022-04-01"),
        ("docs/articles/2026-3-20-slug/index", "2026-03-20"),
        ("docs/articles/2024-2-30-impossible", None),
        ("docs/articles/2024-03-045-slug", None),
        ("docs/articles/2024-003-04-slug", None),
    ],
)
def test_date_from_file_or_folder_name(docname, expected):
    assert dates.date_from_name(docname) == expected


def test_schema_accepts_the_shapes_and_warns_on_impossible_dates():
    ok = frontmatter.read("---\ntitle: T\ndate: 2021-04-08 16:45:00 -0400\nupdated: 2024-01-01T10:00Z\n---\n")
    assert ok.problems == ()
    assert ok.data["date"] == "2021-04-08 16:45:00 -0400"
    bad = frontmatter.read("---\ntitle: T\ndate: 2024-01-01\nupdated: 2024-02-30 10:00\n---\n")
    assert [(p.line, p.message) for p in bad.problems] == [
        (
            4,
            "field 'updated': expected an ISO 8601 date such as 2024-03-04, or a date and time "
            "such as 2024-03-04T10:30:00+02:00, got '2024-02-30 10:00'",
        )
    ]


def test_time_zone_setting_is_validated(rootdir, tmp_path):
    with pytest.raises(ConfigError, match="kb_timezone must be an IANA time zone"):
        build(copy_root(rootdir, "drafts", tmp_path / "src"), confoverrides={"kb_timezone": "Mars/Olympus"})


def test_instants_sort_across_offsets():
    early = dates.parse("2024-03-04T10:00:00+02:00")
    late = dates.parse("2024-03-04 09:30:00 +0000")
    assert early < late
    assert dates.timestamp(late.astimezone(PARIS)) == "2024-03-04T10:30:00+01:00"
    assert dates.parse("2024-03-04", dt.UTC).tzinfo is dt.UTC
