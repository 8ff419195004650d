"""Tag keys, display spellings and slugs, without Sphinx."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from trendkb.model.taxonomy import RESERVED_SLUGS, SUFFIX, assign_slugs, base_slug, display_name, tag_key


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


def test_a_tag_cannot_spell_another_tags_suffixed_slug():
    # "x!" and "x" share the slug "x"; "x 77752d" spells what "x!"'s suffix used to be.
    slugs = assign_slugs(["x", "x!", "x 77752d"])
    assert slugs["x"] == "x" and slugs["x 77752d"] == "x-77752d"
    assert slugs["x!"].startswith("x--")
    assert len(set(slugs.values())) == 3


def test_suffixes_that_agree_are_made_longer():
    # Same plain slug and the same first six hex digits of their hashes.
    slugs = assign_slugs(["ml,.^", "ml?^:!"])
    assert slugs["ml,.^"] != slugs["ml?^:!"]
    assert all(slug.startswith("ml--") for slug in slugs.values())
    assert slugs == assign_slugs(["ml?^:!", "ml,.^"])


def test_reserved_names_are_never_slugs():
    slugs = assign_slugs(["index", "Search", "genindex", "search!"])
    assert not set(slugs.values()) & RESERVED_SLUGS
    assert len(set(slugs.values())) == 4


#: Tag spellings: separators, slug-ish letters and hex digits, symbols, any character.
names = st.text(
    alphabet=st.one_of(st.sampled_from("xX-_ +#&@!.,^?:/0123456789abcdef"), st.characters()), max_size=12
)


@given(st.lists(names, max_size=30))
def test_any_keys_get_distinct_url_safe_slugs_in_any_order(spellings):
    keys = [key for key in dict.fromkeys(map(tag_key, spellings)) if key]
    slugs = assign_slugs(keys)
    assert set(slugs) == set(keys)
    assert len(set(slugs.values())) == len(keys)
    for slug in slugs.values():
        assert slug and slug not in RESERVED_SLUGS
        assert re.fullmatch(r"[a-z0-9]+(-{1,2}[a-z0-9]+)*", slug), slug
    assert assign_slugs(reversed(keys)) == slugs


@given(st.lists(names, max_size=20))
def test_plain_slugs_never_hold_the_suffix_separator(spellings):
    for spelling in spellings:
        assert SUFFIX not in base_slug(tag_key(spelling))


@given(st.lists(names, min_size=1, max_size=20), st.data())
def test_crafted_suffixes_cannot_take_another_keys_slug(spellings, data):
    # Keys that spell other keys' suffixed slugs (with one or two hyphens) still differ.
    keys = [key for key in dict.fromkeys(map(tag_key, spellings)) if key]
    first = assign_slugs(keys)
    crafted = [slug.replace("-", " ") for slug in first.values()]
    crafted += [slug.replace("--", "-") for slug in first.values()]
    every = list(dict.fromkeys(keys + [tag_key(c) for c in crafted if tag_key(c)]))
    slugs = assign_slugs(every)
    assert len(set(slugs.values())) == len(every)
