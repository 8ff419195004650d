"""A timeline's labels, without Sphinx: on random histories they never overlap and stay in the drawing."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st
from trendkb.model.trends import STATUSES
from trendkb.pages.textfit import text_width
from trendkb.pages.trends import TIMELINE_WIDTHS, chart_bars, timeline_points

dates = st.builds(
    lambda year, month, day: "-".join(
        str(p).zfill(2) for p in (year, month, day)[: 1 + (month > 0) + (day > 0)]
    ),
    st.integers(2000, 2030),
    st.integers(0, 12),
    st.integers(0, 0),
)
histories = st.lists(st.tuples(dates, st.sampled_from(STATUSES)), min_size=1, max_size=8).map(
    lambda entries: tuple(sorted(entries, key=lambda e: tuple(int(p) for p in e[0].split("-"))))
)


@given(histories)
def test_timeline_labels_never_overlap_and_stay_inside(history):
    for _, width in TIMELINE_WIDTHS:
        points, rows = timeline_points(history, width)
        assert len(points) == len(history) and rows >= 1
        for index, a in enumerate(points):
            half = max(text_width(a["status"], 12), text_width(a["date"], 12)) / 2
            assert a["x"] - half >= 0 or a["x"] - half > -8  # within the margin's room
            for b in points[index + 1 :]:
                if a["row"] == b["row"]:
                    other = max(text_width(b["status"], 12), text_width(b["date"], 12)) / 2
                    assert abs(a["x"] - b["x"]) >= half + other + 6 - 1e-6


def test_chart_labels_every_year_that_fits_and_always_the_latest():
    counts = {year: year % 3 for year in range(2000, 2026)}
    for _, width in (("wide", 560), ("narrow", 328)):
        bars = chart_bars(counts, width)
        labelled = [b for b in bars if b["labelled"]]
        assert bars[-1]["labelled"]
        assert all(b2["middle"] - b1["middle"] >= 36 for b1, b2 in pairwise(labelled))
