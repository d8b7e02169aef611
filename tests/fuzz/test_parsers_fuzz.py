"""Every text parser on arbitrary and news-like text: no unhandled exception, spans that
are slices of the text, no hang (issue 8). The examples each test runs are counted and
printed at the end of the session (see conftest.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from fuzzing import assert_span_in, fuzz_settings, news_like, texts, within
from hypothesis import given
from hypothesis import strategies as st

from incidex.errors import ReportError
from incidex.gazetteer import Gazetteer
from incidex.numbers import TENS, UNITS
from incidex.records import Entity, RawReport, Span
from incidex.stages import fatalities
from incidex.stages.actors import ActorDictionary, load_default_dictionary
from incidex.stages.attribution import find_cues
from incidex.stages.dates import find_dates
from incidex.stages.detect import TriggerPattern, find_triggers, load_trigger_patterns
from incidex.stages.extract import extract_report
from incidex.stages.nlp import ends_with_abbreviation, split_sentences

PUBLISHED = dt.date(2024, 3, 9)
LABELS = ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP")


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load_default()


@pytest.fixture(scope="session")
def actor_dictionary() -> ActorDictionary:
    return load_default_dictionary()


@pytest.fixture(scope="session")
def trigger_patterns() -> tuple[TriggerPattern, ...]:
    return load_trigger_patterns()


# --- extraction -------------------------------------------------------------------

MARKUP = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<style>", "<!--", "-->",
        "<![CDATA[", "]]>", "<meta charset='utf-16'>", "<meta charset='x-unknown'>",
        "<?xml encoding='latin-1'?>", "&#0;", "&#x110000;", "&amp;", "<br/>", "<title>",
        "</title>", "<html>", "<body>", "<a href='javascript:x'>", "\x00", "\ufeff", "\ud800",
    ]
)  # fmt: skip
html_like = st.lists(st.one_of(MARKUP, news_like, st.text(max_size=30)), max_size=30).map("".join)
contents: st.SearchStrategy[bytes | str] = st.one_of(
    st.binary(max_size=3000),
    texts,
    html_like,
    html_like.map(lambda page: page.encode("utf-8", errors="surrogatepass")),
    html_like.map(lambda page: page.encode("latin-1", errors="replace")),
)


@fuzz_settings(300)
@given(content=contents, kind=st.sampled_from(["html", "text"]))
def test_extract_report_codes_or_refuses(content: bytes | str, kind: Any) -> None:
    raw = RawReport(origin="fuzz", content=content, kind=kind, published=PUBLISHED)
    with within():
        try:
            report = extract_report(raw)
        except ReportError as e:
            assert e.code and e.message
            return
    assert report.text.strip()
    assert report.published is None or isinstance(report.published, dt.date)


# --- numbers ---------------------------------------------------------------------

number_words = st.lists(
    st.sampled_from([*UNITS, *TENS, "hundred", "thousand", "and", "-", "a", "dozen", "1,200"]),
    max_size=5,
)


@fuzz_settings(300)
@given(words=number_words, separator=st.sampled_from([" ", "-", "  "]))
def test_number_words_parse_to_a_range_or_nothing(words: list[str], separator: str) -> None:
    phrase = separator.join(words)
    value = fatalities._number_value(phrase)
    assert value is None or value >= 0
    found = fatalities._range_of(phrase)
    if found is not None:
        low, high = found
        assert low >= 0
        assert high is None or low <= high


@fuzz_settings(200)
@given(words=number_words, noun=st.sampled_from(["people", "soldiers", "civilians"]))
def test_written_tolls_are_ranges(words: list[str], noun: str) -> None:
    text = f"{' '.join(words)} {noun} were killed"
    for count in fatalities.find_casualties(text):
        assert count.low >= 0
        assert count.high is None or count.low <= count.high


# --- dates ------------------------------------------------------------------------


@fuzz_settings(300)
@given(text=texts, published=st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
def test_dates_are_never_after_publication(text: str, published: dt.date) -> None:
    with within():
        found = find_dates(text, published)
    for date in found:
        assert date.day <= published
        assert date.precision in (1, 2, 3)
        if date.span is not None:
            assert_span_in(text, date.span.start, date.span.end, date.span.text)


# --- places -----------------------------------------------------------------------


@st.composite
def text_with_entities(draw: st.DrawFn) -> tuple[str, list[Entity]]:
    text = draw(texts)
    entities = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        entities.append(Entity(Span(start, end, text[start:end]), draw(st.sampled_from(LABELS))))
    return text, entities


@fuzz_settings(150)
@given(case=text_with_entities())
def test_toponyms_are_slices_of_the_text(
    gazetteer: Gazetteer, case: tuple[str, list[Entity]]
) -> None:
    text, entities = case
    with within():
        toponyms = find_toponyms_of(text, entities, gazetteer)
    for toponym in toponyms:
        assert_span_in(text, toponym.span.start, toponym.span.end, toponym.span.text)
        assert 0.0 <= toponym.score <= 1.0 or toponym.place is None
        if toponym.place is not None:
            assert -90 <= toponym.place.latitude <= 90
            assert -180 <= toponym.place.longitude <= 180


def find_toponyms_of(text: str, entities: list[Entity], gazetteer: Gazetteer) -> list[Any]:
    from incidex.stages.places import find_toponyms

    return find_toponyms(text, entities, gazetteer)


# --- actors -----------------------------------------------------------------------


@fuzz_settings(200)
@given(text=texts)
def test_actor_mentions_and_sources_are_slices(
    actor_dictionary: ActorDictionary, text: str
) -> None:
    with within():
        mentions, sources = actor_dictionary.find(text)
    for mention in mentions:
        assert_span_in(text, mention.span.start, mention.span.end, mention.span.text)
        assert 1 <= mention.actor.inter <= 8
    for source in sources:
        if source.span is not None:
            assert_span_in(text, source.span.start, source.span.end, source.span.text)


# --- fatalities -------------------------------------------------------------------


@fuzz_settings(300)
@given(text=texts)
def test_casualty_counts_are_ranges_inside_the_text(text: str) -> None:
    with within():
        counts = fatalities.find_casualties(text)
    for count in counts:
        assert_span_in(text, count.span.start, count.span.end, count.span.text)
        assert count.kind in ("killed", "injured", "missing")
        assert count.low >= 0
        assert count.high is None or count.low <= count.high


# --- detection and attribution ----------------------------------------------------


@fuzz_settings(300)
@given(text=texts)
def test_triggers_are_slices_in_order(
    trigger_patterns: tuple[TriggerPattern, ...], text: str
) -> None:
    with within():
        triggers = find_triggers(text, trigger_patterns)
    starts = [trigger.span.start for trigger in triggers]
    assert starts == sorted(starts)
    for trigger in triggers:
        assert_span_in(text, trigger.span.start, trigger.span.end, trigger.span.text)
        assert trigger.span.end > trigger.span.start


@fuzz_settings(200)
@given(text=texts)
def test_attribution_cues_are_slices(text: str) -> None:
    with within():
        cues = find_cues(text)
    for cue in cues:
        assert_span_in(text, cue.span.start, cue.span.end, cue.span.text)


# --- sentences --------------------------------------------------------------------

sentence_texts = st.one_of(
    texts,
    st.lists(
        st.sampled_from(["J.", "Gen.", "U.S.", "a.", "it", "ends", ".", "!", "?", '"', ")", " "]),
        max_size=60,
    ).map(" ".join),
)


@fuzz_settings(400)
@given(text=sentence_texts)
def test_sentences_cover_the_text_in_order(text: str) -> None:
    with within():
        sentences = split_sentences(text)
    previous_end = 0
    for sentence in sentences:
        assert_span_in(text, sentence.start, sentence.end, sentence.text)
        assert sentence.start >= previous_end
        assert sentence.text == sentence.text.strip() and sentence.text
        previous_end = sentence.end
    covered = "".join(sentence.text for sentence in sentences)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text)


def split_sentences_before_issue_8(text: str) -> tuple[Span, ...]:
    """The splitter as it was before the fix for long lines of initials, kept as the
    reference the fixed one must agree with."""
    from incidex.stages.nlp import SENTENCE_END, add_stripped

    sentences: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end in SENTENCE_END.finditer(text, line.start(), line.end()):
            if not ends_with_abbreviation(text[start : end.start() + 1]):
                add_stripped(sentences, text, start, end.end())
                start = end.end()
        add_stripped(sentences, text, start, line.end())
    return tuple(sentences)


@fuzz_settings(400)
@given(text=sentence_texts)
def test_the_linear_splitter_agrees_with_the_old_one(text: str) -> None:
    assert split_sentences(text) == split_sentences_before_issue_8(text)
