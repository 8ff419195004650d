"""Tag keys, display spellings and slugs, without Sphinx."""

from __future__ import annotations

from collections import Counter

import pytest
from trendkb.model.taxonomy import assign_slugs, display_name, tag_key


@pytest.mark.parametrize(
    "spelling", ["Machine Learning", "machine learning", " machine-learning", "MACHINE_LEARNING"]
)
def test_spellings_share_a_key(spelling):
    assert tag_key(spelling) == "machine learning"


def test_display_is_most_used_spelling_then_alphabetical():
    assert display_name(Counter({"machine learning": 2, "Machine Learning": 1})) == "machine learning"
    assert display_name(Counter({"machine learning": 1, "Machine Learning": 1})) == "Machine Learning"


def test_slugs_are_url_safe_and_distinct():
    keys = [
        "c++",
        "c plus plus",
        "c#",
        "机器学习",
        "künstliche intelligenz",
        "../../etc/passwd",
        "index",
        "+++",
    ]
    slugs = assign_slugs(keys)
    assert len(set(slugs.values())) == len(keys)
    for slug in slugs.values():
        assert slug and "/" not in slug and "." not in slug and slug == slug.lower()
    assert slugs["c plus plus"] == "c-plus-plus"
    assert slugs["c++"].startswith("c-plus-plus-")
    assert slugs["c#"] == "c-sharp"
    assert slugs["künstliche intelligenz"] == "kunstliche-intelligenz"
    assert slugs["index"] != "index"


def test_slugs_do_not_depend_on_other_tags_order():
    keys = ["deep learning", "c++", "c plus plus", "nlp"]
    assert assign_slugs(keys) == assign_slugs(reversed(keys))
    assert assign_slugs(["deep learning"])["deep learning"] == assign_slugs(keys)["deep learning"]
