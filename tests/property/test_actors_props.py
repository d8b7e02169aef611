"""Actor and source matching never fails and always points back into the text."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidex.stages.actors import ActorDictionary

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that exercise the matcher's edges: acronyms, possessives, hyphens, initials,
# country words, reporting verbs, odd apostrophes and spacing.
PIECES = st.sampled_from(
    [
        "IS",
        "is",
        "ISIS",
        "IS-K",
        "Daesh's",
        "Da\u2019esh",
        "al-Shabaab",
        "Islamic State",
        "West Africa Province",
        "Turkish",
        "Syria's",
        "U.S.",
        "soldiers",
        "forces",
        "Internet Resolve",
        "Inherent",
        "SOHR",
        "the Syrian Observatory for Human Rights",
        "according to",
        "said",
        "Health Ministry",
        "The",
        "Coalition",
        "PDF",
        "Myaing",
        "Taliban",
        "NAF",
        "rebel",
        "Houthi",
        "tribal",
        "'s",
        "'",
        "-",
        "(",
        ")",
        ".",
        ",",
        "\n",
        "  ",
        "\u00e9",
        "\u0130",
        "\u00df",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map(" ".join),
    st.lists(PIECES, max_size=40).map("".join),
)


def dictionary() -> ActorDictionary:
    return ActorDictionary.load_default()


@SETTINGS
@given(TEXTS)
def test_spans_match_the_text(text: str) -> None:
    actors, sources = dictionary().find(text)
    for mention in actors:
        span = mention.span
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
    for source in sources:
        assert source.span is not None
        assert text[source.span.start : source.span.end] == source.span.text


@SETTINGS
@given(TEXTS)
def test_results_are_sorted_and_actors_never_overlap_sources(text: str) -> None:
    actors, sources = dictionary().find(text)
    starts = [m.span.start for m in actors]
    assert starts == sorted(starts)
    for left, right in itertools.pairwise(actors):
        assert left.span.end <= right.span.start
    source_starts = [s.span.start for s in sources if s.span]
    assert source_starts == sorted(source_starts)
    for source in sources:
        assert source.span is not None
        for mention in actors:
            assert mention.span.end <= source.span.start or source.span.end <= mention.span.start


@SETTINGS
@given(TEXTS)
def test_finding_is_repeatable(text: str) -> None:
    assert dictionary().find(text) == dictionary().find(text)


@SETTINGS
@given(TEXTS, st.one_of(st.none(), st.dates()))
def test_dated_matching_points_into_the_text_without_overlaps(
    text: str, day: dt.date | None
) -> None:
    actors = dictionary().find_actors(text, on=day)
    for mention in actors:
        assert text[mention.span.start : mention.span.end] == mention.span.text
    for left, right in itertools.pairwise(actors):
        assert left.span.end <= right.span.start
