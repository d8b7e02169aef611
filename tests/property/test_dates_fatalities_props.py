"""Properties of the date and casualty parsers on arbitrary and adversarial text."""

from __future__ import annotations

import datetime as dt
import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidex.stages import fatalities
from incidex.stages.dates import find_dates
from incidex.stages.fatalities import best_fatalities, find_casualties

DATE_WORDS = [
    "on", "last", "this", "early", "late", "mid-", "in", "the", "of", "since", "Friday",
    "Sunday", "night", "June", "February", "Dec.", "May", "29", "31", "20th", "2021", "2023-02-29",
    "10/31/2020", "yesterday", "today", "overnight", "week", "weekend", "month", "ago", "two",
    "days", "earlier", ",", ".", "\n",
]  # fmt: skip
CASUALTY_WORDS = [
    "at", "least", "up", "to", "nearly", "between", "and", "more", "than", "3", "1,200", "0",
    "twenty-one", "a", "dozen", "dozens", "of", "several", "no", "one", "people", "soldiers",
    "police", "officers", "were", "was", "killed", "killing", "dead", "wounded", "missing",
    "death", "toll", "rose", "bodies", "him", "he", "including", ",", "-", ".", "Ali",
]  # fmt: skip

date_texts = st.one_of(st.text(), st.lists(st.sampled_from(DATE_WORDS)).map(" ".join))
casualty_texts = st.one_of(
    st.text(), st.lists(st.sampled_from(CASUALTY_WORDS), max_size=40).map(" ".join)
)


@settings(max_examples=300, deadline=None)
@given(text=date_texts, published=st.dates())
def test_dates_are_never_after_publication(text: str, published: dt.date) -> None:
    for found in find_dates(text, published):
        assert found.day <= published
        assert found.precision in (1, 2, 3)
        assert found.span is not None
        assert text[found.span.start : found.span.end] == found.span.text


@settings(max_examples=100, deadline=None)
@given(text=date_texts, published=st.dates())
def test_dates_are_sorted_and_disjoint(text: str, published: dt.date) -> None:
    spans = [d.span for d in find_dates(text, published) if d.span]
    for before, after in itertools.pairwise(spans):
        assert before.end <= after.start


@settings(max_examples=300, deadline=None)
@given(text=casualty_texts)
def test_casualty_ranges_are_well_formed(text: str) -> None:
    counts = find_casualties(text)
    for found in counts:
        assert found.kind in ("killed", "injured", "missing")
        assert found.low >= 0
        assert found.high is None or found.low <= found.high
        assert text[found.span.start : found.span.end] == found.span.text
    assert [c.span.start for c in counts] == sorted(c.span.start for c in counts)
    best, low, high = best_fatalities(counts)
    assert best == low
    if low is not None and high is not None:
        assert low <= high


# Long repetitive input is where a backtracking pattern would blow up; linear ones take seconds.
ADVERSARIAL_UNITS = ["1", "1 ", "1,", "a ", "killed 3, ", "June 20 ", "The ", "at least "]
LENGTH = 100_000
SECONDS = 12.0  # generous for a shared machine; exponential backtracking takes far longer


@pytest.mark.parametrize("unit", ADVERSARIAL_UNITS)
def test_long_repetitive_input_is_fast(unit: str) -> None:
    text = unit * (LENGTH // len(unit))
    started = time.perf_counter()
    find_casualties(text)
    find_dates(text, dt.date(2020, 1, 1))
    assert time.perf_counter() - started < SECONDS


# Pieces of casualty reporting, joined at random with filler, so that counts fall near
# and far from each other and from the edges of the scanned regions.
CASUALTY_PIECES = [
    "at least 12 people, among them three children, were killed",
    "the death toll rose to 41",
    "two soldiers and a policeman were wounded",
    "gunmen killed five villagers",
    "bodies of 7 men were found",
    "no one was hurt",
    "the driver was shot dead",
    "dozens were injured and 3 remain missing",
    "between 10 and 15 fighters died",
    "İstanbul",
]
FILLER = st.text(alphabet="abcdefghij klmnop.,\n", max_size=600)


@given(st.lists(st.one_of(st.sampled_from(CASUALTY_PIECES), FILLER), max_size=12))
@settings(max_examples=150, deadline=None)
def test_scanning_only_near_casualty_words_finds_the_same_counts(pieces: list[str]) -> None:
    text = " ".join(pieces)
    everything = fatalities._without_overlaps(list(fatalities._all_found(text)))
    expected = sorted(
        (c for found in everything for c in found.counts),
        key=lambda c: (c.span.start, c.span.end, c.kind),
    )
    assert find_casualties(text) == expected
