"""Grouping a report's sentences into events, with documents built by hand (no model)."""

from __future__ import annotations

import datetime as dt

from incidex.records import (
    CasualtyCount,
    Document,
    EventDate,
    Place,
    Report,
    Span,
    Toponym,
    Trigger,
)
from incidex.stages.detect import TAXONOMY
from incidex.stages.merge import MergeStage

PUBLISHED = dt.date(2024, 3, 18)
ALEPPO = Place("Aleppo", 36.2, 37.16, "Syria", "SYR", "Aleppo", feature_code="PPLA", geonameid=1)
AZAZ = Place("Azaz", 36.58, 37.04, "Syria", "SYR", "Aleppo", feature_code="PPL", geonameid=2)
IDLIB = Place("Idlib", 35.93, 36.63, "Syria", "SYR", "Idlib", feature_code="PPLA", geonameid=3)
PLACES = {"Aleppo": ALEPPO, "Azaz": AZAZ, "Idlib": IDLIB}


def build(sentences: list[str]) -> Document:
    """A document whose stages' findings come from simple markers in the sentences."""
    text = " ".join(sentences)
    spans, triggers, dates, toponyms, casualties = [], [], [], [], []
    for sentence in sentences:
        start = text.index(sentence)
        spans.append(Span(start, start + len(sentence), sentence))
        for word, sub_event_type in (("airstrike", "Air/drone strike"), ("clash", "Armed clash")):
            if word in sentence:
                at = start + sentence.index(word)
                event_type, disorder = TAXONOMY[sub_event_type]
                triggers.append(
                    Trigger(Span(at, at + len(word), word), sub_event_type, event_type, disorder)
                )
        for word, day in (
            ("yesterday", PUBLISHED - dt.timedelta(days=1)),
            ("on March 3", dt.date(2024, 3, 3)),
        ):
            if word in sentence:
                at = start + sentence.index(word)
                dates.append(EventDate(day, 1, Span(at, at + len(word), word)))
        for name, place in PLACES.items():
            if name in sentence:
                at = start + sentence.index(name)
                toponyms.append(Toponym(Span(at, at + len(name), name), place, 0.9))
        if "killing two" in sentence:
            at = start + sentence.index("killing two")
            casualties.append(CasualtyCount(Span(at, at + 11, "killing two"), "killed", 2, 2))
    report = Report("r1", text, "hash", "<test>", published=PUBLISHED)
    return Document(
        report,
        sentences=tuple(spans),
        triggers=tuple(triggers),
        dates=tuple(dates),
        toponyms=tuple(toponyms),
        casualties=tuple(casualties),
    )


def events_of(sentences: list[str]):
    return MergeStage()(build(sentences)).events


def test_headline_and_dated_lead_are_one_event():
    events = events_of(
        [
            "An airstrike hits Aleppo countryside.",
            "The airstrike near Azaz yesterday was one of many, killing two.",
        ]
    )
    assert len(events) == 1
    assert events[0].event_date == PUBLISHED - dt.timedelta(days=1)
    assert events[0].location == "Azaz"
    assert events[0].fatalities == 2


def test_a_dated_earlier_event_with_its_own_place_is_separate():
    events = events_of(
        [
            "An airstrike near Azaz yesterday hit a car, killing two.",
            "Officials gave no details.",
            "An airstrike on March 3 in Idlib had hit a market.",
        ]
    )
    assert [(e.location, e.event_date) for e in events] == [
        ("Azaz", PUBLISHED - dt.timedelta(days=1)),
        ("Idlib", dt.date(2024, 3, 3)),
    ]


def test_a_victims_later_death_joins_the_event():
    events = events_of(
        [
            "An airstrike on March 3 hit a car near Azaz.",
            "The injured driver died yesterday in Aleppo, killing two in all.",
        ]
    )
    assert [(e.event_date, e.fatalities) for e in events] == [(dt.date(2024, 3, 3), 2)]


def test_a_later_killing_of_the_victim_is_its_own_event():
    events = events_of(
        [
            "An airstrike on March 3 hit a car near Azaz.",
            "He was killed yesterday in Aleppo, killing two.",
        ]
    )
    assert len(events) == 2


def test_a_later_dated_death_of_others_is_its_own_event():
    events = events_of(
        [
            "An airstrike on March 3 hit a car near Azaz.",
            "A clash in Aleppo yesterday ended, killing two.",
        ]
    )
    assert len(events) == 2


def test_undated_background_far_from_the_event_codes_nothing():
    events = events_of(
        [
            "An airstrike near Azaz yesterday hit a car, killing two.",
            "Officials gave no details.",
            "Nobody spoke.",
            "The town is quiet.",
            "Years ago an airstrike in Idlib was common.",
        ]
    )
    assert len(events) == 1


def test_a_dated_mention_in_another_province_does_not_join_the_headline():
    events = events_of(["A clash in Idlib.", "An airstrike near Azaz yesterday, killing two."])
    assert len(events) == 2
    assert {e.admin1 for e in events} == {"Idlib", "Aleppo"}


def test_merging_is_deterministic():
    sentences = ["An airstrike near Azaz yesterday, killing two.", "A clash on March 3 in Idlib."]
    assert events_of(sentences) == events_of(sentences)


def test_a_report_without_event_words_has_no_events():
    assert events_of(["Prices rose in Aleppo yesterday.", "Traders were hopeful."]) == ()
