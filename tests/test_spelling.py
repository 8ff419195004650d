"""Spelling variants searched as one: pure functions, no build (the browser tests run the script's copy)."""

from __future__ import annotations

from collections import Counter

import pytest
from trendkb.model import spelling

BRITISH_AMERICAN = [
    ("quantisation", "quantization"),
    ("optimise", "optimize"),
    ("optimised", "optimized"),
    ("optimiser", "optimizer"),
    ("organisations", "organizations"),
    ("tokenising", "tokenizing"),
    ("normalisation", "normalization"),
    ("generalisable", "generalizable"),
    ("criticise", "criticize"),
    ("summarise", "summarize"),
    ("prioritise", "prioritize"),
    ("behaviour", "behavior"),
    ("colours", "colors"),
    ("favourite", "favorite"),
    ("neighbourhood", "neighborhood"),
    ("centre", "center"),
    ("analyse", "analyze"),
    ("catalysed", "catalyzed"),
    ("modelling", "modeling"),
    ("labelled", "labeled"),
    ("travelling", "traveling"),
    ("programme", "program"),
    ("grey", "gray"),
    ("licence", "license"),
    ("artefacts", "artifacts"),
    ("judgement", "judgment"),
    ("matrices", "matrix"),
]
#: Words that end like British spellings but are spelled so in American English too.
UNCHANGED = str.split(
    "supervised unsupervised semisupervised advise revise devise improvise improvisation "
    "surprise surprising exercise exercised expertise promise promising premise premises rise "
    "arising noise poised raise praised otherwise pairwise elementwise precise concise "
    "enterprise compromise franchise paradise treatise advertising comprising disable crisis "
    "basis analysis analyses hour four your tour flour visual vision model models colonel"
)


@pytest.mark.parametrize(("british", "american"), BRITISH_AMERICAN)
def test_british_spellings_become_american(british, american):
    assert spelling.american(british) == american
    assert spelling.american(american) == american  # American words stay as they are


@pytest.mark.parametrize("word", UNCHANGED)
def test_words_that_only_look_british_stay(word):
    assert spelling.american(word) == word


def test_text_keeps_its_case_punctuation_and_other_words():
    seen = Counter()
    text = spelling.americanise("A ViT: Optimise the QUANTISATION of self-optimising GPT-4 models.", seen)
    assert text == "A ViT: Optimize the QUANTIZATION of self-optimizing GPT-4 models."
    assert spelling.display_map(seen) == {
        "optimize": "optimise",
        "quantization": "quantisation",
        "self-optimizing": "self-optimising",
    }


def test_compounds_are_hyphenated_however_they_are_written():
    compounds = spelling.Compounds(["fine-tuning", "chain-of-thought"])
    seen = Counter()
    text = "Fine tuning, finetuning and fine-tuning; chain of thought, not fine  tuning."
    text = compounds.hyphenate(text, seen)
    assert text == "Fine-tuning, fine-tuning and fine-tuning; chain-of-thought, not fine  tuning."
    # The page wrote the compound three ways, once each hyphenated: its excerpts stay as written.
    assert spelling.display_map(seen) == {"chain-of-thought": "chain of thought"}
    assert spelling.compounds_in("A fine-tuned model, GPT-4 and a-b.") == {"fine-tuned"}


def test_the_display_map_names_only_what_the_page_mostly_wrote_otherwise():
    seen = Counter()
    spelling.americanise("colour colour color", seen)
    assert spelling.display_map(seen) == {"color": "colour"}
    seen = Counter()
    spelling.americanise("colour color color", seen)
    assert spelling.display_map(seen) == {}
