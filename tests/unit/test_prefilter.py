from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidex.prefilter import find_all, match_prefixes
from incidex.stages.detect import load_trigger_patterns


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\b(?:air[- ]?strikes?)\b", {"air"}),
        (r"\b(?:(?:wo)?m[ae]n)\b", {"wom", "man", "men"}),
        (r"\b(?:i[ae])\b", {"ia", "ie"}),
        (r"\b(?:shot (?:\w+ ){0,3}dead)\b", {"sho"}),
        (r"(?<!flash )\bmobs?\b", {"mob"}),
    ],
)
def test_first_letters_of_a_pattern(source, expected):
    assert match_prefixes(re.compile(source)) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        re.compile(r"\b(?:\w+ ){0,3}killed"),  # any word may open it
        re.compile(r"[^.]{0,9}shelling"),  # a negated class
        re.compile(r"\(by"),  # opens with punctuation
        re.compile("shelling", re.IGNORECASE),  # case-blind: lower-cased prefixes would miss
    ],
)
def test_unbounded_patterns_are_scanned_whole(pattern):
    assert match_prefixes(pattern) is None
    assert [m.span() for _, m in find_all([pattern], "heavy shelling killed two")] == [
        m.span() for m in pattern.finditer("heavy shelling killed two")
    ]


TRIGGERS = tuple(pattern.lower_regex for pattern in load_trigger_patterns())
WORDS = [
    "air", "strike", "strikes", "drone", "shelling", "shellings", "clashed", "clashes", "with",
    "the", "army", "police", "fired", "tear", "gas", "at", "protesters", "gathered", "to",
    "demand", "killed", "three", "civilians", "no", "were", "reported", "mob", "flash",
    "attacked", "soldiers", "mine", "by", "a", "landmine", "set", "houses", "ablaze", "and",
    "shot", "dead", "arrested", "rioters", "pelted", "stones", "blocked", "highway", ",", ".",
]  # fmt: skip


def naive(patterns, text):
    return sorted((n, m.span()) for n, p in enumerate(patterns) for m in p.finditer(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_finds_exactly_what_a_full_scan_finds(words):
    text = " ".join(words)
    assert sorted((n, m.span()) for n, m in find_all(TRIGGERS, text)) == naive(TRIGGERS, text)


def test_agrees_with_a_full_scan_on_real_notes(shared_data):
    from incidex.evaluate.acled import read_gold_events

    notes = [
        g.notes.lower()
        for g in read_gold_events(shared_data / "acled-dev" / "acled-global-2022h1.csv")[:400]
    ]
    for text in notes:
        assert sorted((n, m.span()) for n, m in find_all(TRIGGERS, text)) == naive(TRIGGERS, text)
