"""Any event survives the store and the JSON form unchanged; merging ignores input order."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidex.export import event_from_dict, event_to_dict
from incidex.incidents import Publication, merge_events, merged_event_id
from incidex.records import Document, Event, Evidence, Report, Span
from incidex.store import Store, open_store

# Every table a store writes, emptied between hypothesis examples (cheaper than a new store).
TABLES = (
    "provenance",
    "merged_members",
    "merged_events",
    "report_history",
    "evidence",
    "events",
    "problems",
    "reports",
    "merge_settings",
)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def reusable_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    if request.param == "sqlite":
        with open_store(tmp_path_factory.mktemp("props") / "events.db") as opened:
            yield opened
        return
    server = request.getfixturevalue("postgres_url")
    from incidex.store.postgres import scratch_schema

    with scratch_schema(server) as url, open_store(url) as opened:
        yield opened


def emptied(store: Store) -> Store:
    for table in TABLES:
        store._run(f"DELETE FROM {table}")  # type: ignore[attr-defined]
    store.remerge()  # reloads the (default) settings
    return store


def as_merged(event: Event) -> Event:
    return replace(
        event,
        event_id=merged_event_id([event.event_id]),
        report_ids=(event.report_id,),
        grade="single source",
    )


# SQLite integers are signed 64-bit.
ints = st.integers(min_value=-(2**63), max_value=2**63 - 1)
maybe_int = st.none() | ints
# PostgreSQL text cannot hold NUL characters (the store refuses them).
texts = st.text(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=60
)
maybe_text = st.none() | texts.map(lambda t: t[:30])
finite = st.floats(allow_nan=False, allow_infinity=False)

spans = st.builds(Span, start=ints, end=ints, text=texts.map(lambda t: t[:20]))
# Field names are unique per event: the JSON form keys evidence by field.
evidence = st.dictionaries(
    texts.map(lambda t: t[:15]).filter(bool), st.lists(spans, max_size=3).map(tuple), max_size=4
).map(lambda by_field: tuple(Evidence(field, spans) for field, spans in by_field.items()))

events = st.builds(
    Event,
    report_id=texts.map(lambda t: t[:20]),
    event_id=texts.map(lambda t: t[:20]),
    event_date=st.dates(),
    time_precision=ints,
    disorder_type=texts.map(lambda t: t[:30]),
    event_type=texts.map(lambda t: t[:30]),
    sub_event_type=texts.map(lambda t: t[:30]),
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
    sources=st.lists(texts.map(lambda t: t[:20]), max_size=3).map(tuple),
    confidence=finite,
    notes=texts,
    evidence=evidence,
    contested=st.booleans(),
    suspected_actor1=maybe_text,
)


def document_of(event: Event) -> Document:
    report = Report(report_id=event.report_id, text="", content_hash="h", origin="generated")
    return Document(report=report, events=(event,))


@settings(max_examples=50, deadline=None)
@given(events)
def test_event_round_trips_through_the_store(reusable_store: Store, event: Event) -> None:
    store = emptied(reusable_store)
    assert store.add(document_of(event), pipeline_version="v1")
    assert list(store.events()) == [as_merged(event)]
    assert store.report_events(as_merged(event).event_id) == [event]


@given(events)
def test_event_round_trips_through_json(event: Event) -> None:
    line = json.dumps(event_to_dict(event), ensure_ascii=False, allow_nan=False)
    assert event_from_dict(json.loads(line)) == event


# each example is a list of events: slower to generate
@settings(max_examples=30, deadline=None)
@given(st.lists(events, max_size=4, unique_by=lambda event: event.event_id))
def test_readding_a_document_changes_nothing(reusable_store: Store, generated: list[Event]) -> None:
    store = emptied(reusable_store)
    report = Report(report_id="r", text="", content_hash="h", origin="generated")
    doc = Document(report=report, events=tuple(replace(e, report_id="r") for e in generated))
    assert store.add(doc, pipeline_version="v1")
    first = list(store.events())
    assert not store.add(doc, pipeline_version="v1")
    assert list(store.events()) == first
    assert {e.event_id for m in first for e in store.report_events(m.event_id)} == {
        e.event_id for e in doc.events
    }


# -- merging does not depend on the order reports come in ----------------------------

OUTLETS = ("Wire A", "Paper B", "Radio C")
ACTORS = (None, "Unidentified Armed Group (Mali)", "Military Forces of Mali", "JNIM")


@st.composite
def nearby_events(draw: st.DrawFn) -> Event:
    """Report events crowded on a few days and places, so that many pairs are candidates."""
    report = draw(st.integers(1, 6))
    return Event(
        report_id=f"r{report}",
        event_id=f"r{report}-{draw(st.integers(1, 3))}",
        event_date=dt.date(2024, 5, 1) + dt.timedelta(days=draw(st.integers(0, 3))),
        time_precision=draw(st.sampled_from([1, 1, 1, 2])),
        disorder_type="Political violence",
        event_type="Explosions/Remote violence",
        sub_event_type=draw(
            st.sampled_from(["Air/drone strike", "Shelling/artillery/missile attack"])
        ),
        actor1=draw(st.sampled_from(ACTORS)),
        assoc_actor_1=None,
        inter1=None,
        actor2=draw(st.sampled_from((None, "Civilians (Mali)"))),
        assoc_actor_2=None,
        inter2=None,
        interaction=None,
        civilian_targeting=None,
        country="Mali",
        iso3="MLI",
        admin1=draw(st.sampled_from(["Mopti", "Segou"])),
        admin2=None,
        admin3=None,
        location=draw(st.sampled_from(["Djenne", "Djenné", "Sofara", None])),
        latitude=draw(st.none() | st.sampled_from([13.9, 13.95, 14.05])),
        longitude=-4.55,
        geo_precision=1,
        geonameid=None,
        fatalities=draw(st.none() | st.integers(0, 40)),
        fatalities_low=None,
        fatalities_high=None,
        injured=None,
        attribution=draw(st.sampled_from(["claimed", "suspected", "unknown", "confirmed"])),
        sources=tuple(draw(st.lists(st.sampled_from(["police", "residents"]), max_size=2))),
        confidence=0.5,
        notes=draw(st.sampled_from(["A drone struck a market.", "Shells hit homes.", ""])),
        contested=False,
    )


PUBLICATIONS = {
    f"r{n}": Publication(f"r{n}", dt.date(2024, 5, n), OUTLETS[n % 3]) for n in range(1, 7)
}


@settings(max_examples=150, deadline=None)
@given(st.lists(nearby_events(), max_size=12, unique_by=lambda e: e.event_id), st.randoms())
def test_merge_ignores_input_order(generated: list[Event], random: object) -> None:
    shuffled = list(generated)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert merge_events(shuffled, PUBLICATIONS) == merge_events(generated, PUBLICATIONS)


@settings(max_examples=150, deadline=None)
@given(st.lists(nearby_events(), max_size=12, unique_by=lambda e: e.event_id))
def test_every_report_event_is_in_exactly_one_merged_event(generated: list[Event]) -> None:
    incidents = merge_events(generated, PUBLICATIONS)
    members = [m.event_id for i in incidents for m in i.members]
    assert sorted(members) == sorted(e.event_id for e in generated)
    for incident in incidents:
        merged = incident.event
        lows = [merged.fatalities_low, merged.fatalities_high]
        if None not in lows:
            assert lows[0] <= lows[1]  # type: ignore[operator]
        assert set(merged.report_ids) == {m.report_id for m in incident.members}


def documents_of(generated: list[Event]) -> list[Document]:
    by_report: dict[str, list[Event]] = {}
    for event in generated:
        by_report.setdefault(event.report_id, []).append(event)
    return [
        Document(
            report=Report(
                report_id=report_id,
                text=f"report {report_id}",
                content_hash=f"h-{report_id}",
                origin=f"{report_id}.txt",
                published=PUBLICATIONS[report_id].published,
                outlet=PUBLICATIONS[report_id].outlet,
            ),
            events=tuple(events),
        )
        for report_id, events in sorted(by_report.items())
    ]


@settings(max_examples=25, deadline=None)
@given(st.lists(nearby_events(), max_size=10, unique_by=lambda e: e.event_id), st.randoms())
def test_store_merges_the_same_in_any_order(
    reusable_store: Store, generated: list[Event], random: object
) -> None:
    docs = documents_of(generated)
    expected = [i.event for i in merge_events(generated, PUBLICATIONS)]
    store = emptied(reusable_store)
    random.shuffle(docs)  # type: ignore[attr-defined]
    for doc in docs:
        store.add(doc, pipeline_version="v1")
    assert sorted(store.events(), key=lambda e: e.event_id) == expected
    store.remerge()
    assert sorted(store.events(), key=lambda e: e.event_id) == expected
