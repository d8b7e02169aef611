from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json

import pytest

import factories
from factories import span_in
from incidex.export import (
    ACLED_COLUMNS,
    EVENT_KEYS,
    event_from_dict,
    event_to_dict,
    iso_numeric,
    write_acled_csv,
    write_jsonl,
)
from incidex.records import Event, Evidence, Span

TEXT = "Shelling hit a grain depot outside Idlib on Tuesday, killing two guards."


def span_of(words: str) -> Span:
    return span_in(TEXT, words)


# The shelling of the depot: how this file's event differs from factories.make_event's.
DEPOT_SHELLING: dict[str, object] = {
    "event_date": dt.date(2024, 3, 5),
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack",
    "actor1": "Military Forces of Syria (2000-)",
    "inter1": 1,
    "actor2": "Civilians (Syria)",
    "inter2": 7,
    "interaction": 17,
    "civilian_targeting": "Civilian targeting",
    "country": "Syria",
    "iso3": "SYR",
    "admin1": "Idlib",
    "admin2": "Idlib",
    "location": "Idlib",
    "latitude": 35.9306,
    "longitude": 36.6339,
    "geonameid": 169389,
    "fatalities": 2,
    "fatalities_low": 2,
    "fatalities_high": 2,
    "attribution": "suspected",
    "sources": ("Local monitor", "Civil defence"),
    "confidence": 0.75,
    "notes": "Shelling hit a grain depot near Idlib; two guards killed.",
    "evidence": (
        Evidence("sub_event_type", (span_of("Shelling"),)),
        Evidence("location", (span_of("outside Idlib"), span_of("Idlib"))),
        Evidence("event_date", ()),
    ),
}


def make_event(**changes: object) -> Event:
    """A fully coded event; pass field=value to change any field."""
    return factories.make_event(**(DEPOT_SHELLING | changes))


def unknown_event() -> Event:
    """An event where everything optional is unknown."""
    optional = [
        f.name
        for f in dataclasses.fields(Event)
        if f.name not in EVENT_KEYS[:7] and "None" in str(f.type)
    ]
    return make_event(**dict.fromkeys(optional), sources=(), evidence=(), notes="")


def test_event_to_dict_has_contract_keys_in_order() -> None:
    assert tuple(event_to_dict(make_event())) == EVENT_KEYS
    assert set(EVENT_KEYS) == {f.name for f in dataclasses.fields(Event)}


def test_event_to_dict_shapes_values() -> None:
    as_dict = event_to_dict(make_event())
    assert as_dict["event_date"] == "2024-03-05"
    assert as_dict["sources"] == ["Local monitor", "Civil defence"]
    assert as_dict["evidence"] == {
        "sub_event_type": [{"start": 0, "end": 8, "text": "Shelling"}],
        "location": [
            {"start": 27, "end": 40, "text": "outside Idlib"},
            {"start": 35, "end": 40, "text": "Idlib"},
        ],
        "event_date": [],
    }


def test_unknown_values_are_null() -> None:
    as_dict = event_to_dict(unknown_event())
    assert as_dict["actor1"] is None
    assert as_dict["fatalities"] is None
    assert as_dict["latitude"] is None
    assert json.loads(json.dumps(as_dict))["geonameid"] is None


@pytest.mark.parametrize("event", [make_event(), unknown_event()], ids=["full", "unknown"])
def test_event_dict_round_trip(event: Event) -> None:
    assert event_from_dict(event_to_dict(event)) == event


def test_event_from_dict_defaults_the_extras() -> None:
    as_dict = event_to_dict(make_event(contested=True, suspected_actor1="A"))
    del as_dict["contested"], as_dict["suspected_actor1"]
    event = event_from_dict(as_dict)
    assert event.contested is False
    assert event.suspected_actor1 is None


def test_event_from_dict_accepts_whole_number_coordinates() -> None:
    as_dict = event_to_dict(make_event()) | {"latitude": 36, "fatalities": 3.0}
    event = event_from_dict(as_dict)
    assert event.latitude == 36.0
    assert isinstance(event.latitude, float)
    assert event.fatalities == 3


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("event_date", "5 March 2024", "event_date"),
        ("attribution", "likely", "attribution"),
        ("fatalities", "two", "fatalities"),
        ("fatalities", True, "fatalities"),
        ("sources", "Local monitor", "sources"),
        ("evidence", {"location": [{"start": 1}]}, "span"),
        ("actor1", 7, "actor1"),
    ],
)
def test_event_from_dict_rejects_bad_values(key: str, value: object, message: str) -> None:
    as_dict = event_to_dict(make_event()) | {key: value}
    with pytest.raises(ValueError, match=message):
        event_from_dict(as_dict)


def test_event_from_dict_names_missing_keys() -> None:
    as_dict = event_to_dict(make_event())
    del as_dict["event_id"]
    with pytest.raises(ValueError, match="event_id"):
        event_from_dict(as_dict)


def test_jsonl_round_trip() -> None:
    events = [make_event(), make_event(event_id="r1-2", location="Saraqib"), unknown_event()]
    out = io.StringIO()
    assert write_jsonl(events, out) == 3
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert [event_from_dict(json.loads(line)) for line in lines] == events


def test_jsonl_keeps_non_ascii_text() -> None:
    out = io.StringIO()
    write_jsonl([make_event(location="Ma'arrat al-Nu'man — سراقب")], out)
    assert "سراقب" in out.getvalue()


def test_jsonl_refuses_nan() -> None:
    with pytest.raises(ValueError):
        write_jsonl([make_event(latitude=float("nan"))], io.StringIO())


def read_csv(events: list[Event], **options: object) -> tuple[list[str], list[dict[str, str]]]:
    out = io.StringIO(newline="")
    count = write_acled_csv(events, out, **options)  # type: ignore[arg-type]
    assert count == len(events)
    reader = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    return list(reader.fieldnames or ()), list(reader)


def test_acled_csv_header() -> None:
    header, rows = read_csv([])
    assert header == list(ACLED_COLUMNS)
    assert header[:3] == ["event_id_cnty", "event_date", "year"]
    assert header[-6:] == [
        "fatalities_low",
        "fatalities_high",
        "injured",
        "attribution",
        "confidence",
        "report_id",
    ]
    assert rows == []


def test_acled_csv_row_reads_back() -> None:
    _, rows = read_csv([make_event(notes='A "quoted", comma\nand a new line')])
    row = rows[0]
    assert row["event_id_cnty"] == "r1-1"
    assert row["event_date"] == "2024-03-05"
    assert row["year"] == "2024"
    assert row["iso"] == "760"
    assert row["country"] == "Syria"
    assert row["sub_event_type"] == "Shelling/artillery/missile attack"
    assert row["interaction"] == "17"
    assert float(row["latitude"]) == 35.9306
    assert row["source"] == "Local monitor; Civil defence"
    assert row["notes"] == 'A "quoted", comma\nand a new line'
    assert row["fatalities"] == "2"
    assert row["injured"] == ""
    assert row["region"] == row["tags"] == row["source_scale"] == row["timestamp"] == ""
    assert row["attribution"] == "suspected"
    assert row["report_id"] == "r1"


def test_acled_csv_unknowns_are_empty_cells() -> None:
    _, rows = read_csv([unknown_event()])
    row = rows[0]
    assert row["actor1"] == row["latitude"] == row["fatalities"] == row["iso"] == ""


def test_acled_csv_timestamp() -> None:
    _, rows = read_csv([make_event()], timestamp=1_710_000_000)
    assert rows[0]["timestamp"] == "1710000000"


@pytest.mark.parametrize(
    ("iso3", "numeric"), [("SYR", 760), ("ukr", 804), ("XKX", 0), ("ZZZ", None)]
)
def test_iso_numeric(iso3: str, numeric: int | None) -> None:
    assert iso_numeric(iso3) == numeric
