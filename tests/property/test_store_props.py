"""Any event survives the store and the JSON form unchanged."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from incidex.export import event_from_dict, event_to_dict
from incidex.records import Document, Event, Evidence, Report, Span
from incidex.store import SQLiteStore

# SQLite integers are signed 64-bit.
ints = st.integers(min_value=-(2**63), max_value=2**63 - 1)
maybe_int = st.none() | ints
maybe_text = st.none() | st.text(max_size=30)
finite = st.floats(allow_nan=False, allow_infinity=False)

spans = st.builds(Span, start=ints, end=ints, text=st.text(max_size=20))
# Field names are unique per event: the JSON form keys evidence by field.
evidence = st.dictionaries(
    st.text(min_size=1, max_size=15), st.lists(spans, max_size=3).map(tuple), max_size=4
).map(lambda by_field: tuple(Evidence(field, spans) for field, spans in by_field.items()))

events = st.builds(
    Event,
    report_id=st.text(max_size=20),
    event_id=st.text(max_size=20),
    event_date=st.dates(),
    time_precision=ints,
    disorder_type=st.text(max_size=30),
    event_type=st.text(max_size=30),
    sub_event_type=st.text(max_size=30),
    actor1=maybe_text,
    assoc_actor_1=maybe_text,
    inter1=maybe_int,
    actor2=maybe_text,
    assoc_actor_2=maybe_text,
    inter2=maybe_int,
    interaction=maybe_int,
    civilian_targeting=maybe_text,
    country=maybe_text,
    iso3=maybe_text,
    admin1=maybe_text,
    admin2=maybe_text,
    admin3=maybe_text,
    location=maybe_text,
    latitude=st.none() | finite,
    longitude=st.none() | finite,
    geo_precision=maybe_int,
    geonameid=maybe_int,
    fatalities=maybe_int,
    fatalities_low=maybe_int,
    fatalities_high=maybe_int,
    injured=maybe_int,
    attribution=st.sampled_from(["confirmed", "claimed", "suspected", "unknown"]),
    sources=st.lists(st.text(max_size=20), max_size=3).map(tuple),
    confidence=finite,
    notes=st.text(max_size=60),
    evidence=evidence,
    contested=st.booleans(),
    suspected_actor1=maybe_text,
)


def document_of(event: Event) -> Document:
    report = Report(report_id=event.report_id, text="", content_hash="h", origin="generated")
    return Document(report=report, events=(event,))


@given(events)
def test_event_round_trips_through_the_store(event: Event) -> None:
    with SQLiteStore(":memory:") as store:
        assert store.add(document_of(event), pipeline_version="v1")
        assert list(store.events()) == [event]


@given(events)
def test_event_round_trips_through_json(event: Event) -> None:
    line = json.dumps(event_to_dict(event), ensure_ascii=False, allow_nan=False)
    assert event_from_dict(json.loads(line)) == event


@settings(max_examples=40)  # each example is a list of events: slower to generate
@given(st.lists(events, max_size=4, unique_by=lambda event: event.event_id))
def test_readding_a_document_changes_nothing(generated: list[Event]) -> None:
    report = Report(report_id="r", text="", content_hash="h", origin="generated")
    doc = Document(report=report, events=tuple(replace(e, report_id="r") for e in generated))
    with SQLiteStore(":memory:") as store:
        assert store.add(doc, pipeline_version="v1")
        first = list(store.events())
        assert not store.add(doc, pipeline_version="v1")
        assert list(store.events()) == first
        assert first == sorted(doc.events, key=lambda e: (e.event_date, e.event_id))
