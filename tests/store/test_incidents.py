"""Merging report events across reports (incidex.incidents), on hand-made events."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from factories import make_event
from incidex.incidents import (
    DEFAULT_SETTINGS,
    MergeSettings,
    Publication,
    are_candidates,
    merge_events,
    merged_event_id,
)
from incidex.records import Event

# The drone strike on Kafr Takharim: how this file's event differs from factories.make_event's.
STRIKE: dict[str, object] = {
    "event_date": dt.date(2024, 3, 10),
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "actor1": "Military Forces of Russia",
    "inter1": 8,
    "actor2": "Civilians (Syria)",
    "inter2": 7,
    "interaction": 78,
    "civilian_targeting": "Civilian targeting",
    "country": "Syria",
    "iso3": "SYR",
    "admin1": "Idlib",
    "location": "Kafr Takharim",
    "latitude": 36.1168,
    "longitude": 36.51522,
    "geo_precision": 1,
    "geonameid": None,
    "fatalities": 4,
    "fatalities_low": 4,
    "fatalities_high": 4,
    "sources": ("civil defence",),
    "confidence": 0.7,
    "notes": "A drone struck homes in Kafr Takharim; four civilians killed.",
    "evidence": (),
}


def strike(report_id: str, **changes: object) -> Event:
    return make_event(report_id, event_id=f"{report_id}:1", **(STRIKE | changes))


PUBLISHED = {
    f"r{n}": Publication(f"r{n}", dt.date(2024, 3, 9 + n), outlet)
    for n, outlet in enumerate(("Wire", "Daily", "Radio", "Wire", "Weekly"), start=1)
}


def groups(events: list[Event], settings: MergeSettings = DEFAULT_SETTINGS) -> set[frozenset[str]]:
    return {frozenset(i.event.report_ids) for i in merge_events(events, PUBLISHED, settings)}


def test_one_strike_many_reports() -> None:
    events = [
        strike("r1"),
        strike(
            "r2", fatalities=6, actor1="Unidentified Military Forces", location="Kafr Takhareem"
        ),
        strike("r3", fatalities=9, sources=("monitor",)),
    ]
    [incident] = merge_events(events, PUBLISHED)
    merged = incident.event
    assert merged.event_id == merged_event_id(["r1:1", "r2:1", "r3:1"])
    assert merged.report_id == "r1" and merged.report_ids == ("r1", "r2", "r3")
    assert (merged.fatalities_low, merged.fatalities, merged.fatalities_high) == (4, 9, 9)
    assert merged.actor1 == "Military Forces of Russia"
    assert merged.sources == ("civil defence", "monitor")
    assert merged.grade == "confirmed" and not merged.contested
    [chosen] = [p for p in incident.provenance if p.reason]
    assert (chosen.field, chosen.value, chosen.report_id) == ("fatalities", 9, "r3")


@pytest.mark.parametrize(
    ("other", "why"),
    [
        ({"event_date": dt.date(2024, 3, 13)}, "three days later"),
        ({"latitude": 35.9918, "longitude": 36.39361, "location": "Darkush"}, "18 km away"),
        ({"actor2": "HTS: Hayat Tahrir al Sham", "actor1": "Military Forces of Turkey"}, "actors"),
        ({"event_type": "Battles", "sub_event_type": "Armed clash"}, "another type"),
    ],
)
def test_near_misses_stay_apart(other: dict[str, object], why: str) -> None:
    assert groups([strike("r1"), strike("r2", **other)]) == {
        frozenset({"r1"}),
        frozenset({"r2"}),
    }, why


def test_disputed_attacker_of_the_same_victims_is_contested() -> None:
    [incident] = merge_events(
        [strike("r1"), strike("r2", actor1="Military Forces of Syria", fatalities=4)], PUBLISHED
    )
    assert incident.event.contested and incident.event.grade == "contested"
    assert {p.value for p in incident.provenance if p.field == "actor1"} == {
        "Military Forces of Russia",
        "Military Forces of Syria",
    }


@pytest.mark.parametrize(
    ("reports", "changes", "grade"),
    [
        (["r1"], {}, "single source"),
        (["r1", "r4"], {}, "weak"),  # one outlet twice
        (["r1", "r2"], {}, "fair"),
        (["r1", "r2"], {"attribution": "confirmed"}, "confirmed"),
        (["r1", "r2"], {"attribution": "suspected"}, "weak"),
        (["r1", "r2", "r3"], {}, "confirmed"),
        (["r1", "r2"], {"contested": True}, "contested"),
    ],
)
def test_grades(reports: list[str], changes: dict[str, object], grade: str) -> None:
    events = [strike(r, **changes) for r in reports]
    [incident] = merge_events(events, PUBLISHED)
    assert incident.event.grade == grade


def test_no_coordinates_falls_back_to_admin1() -> None:
    a = strike("r1", latitude=None, longitude=None)
    assert are_candidates(a, strike("r2"))
    assert not are_candidates(a, strike("r2", admin1="Aleppo"))
    assert not are_candidates(strike("r1"), strike("r1"))  # one report's events never pair


def test_settings_widen_the_window() -> None:
    late = strike("r2", event_date=dt.date(2024, 3, 12))
    assert len(groups([strike("r1"), late])) == 2
    assert len(groups([strike("r1"), late], MergeSettings(days=2, min_score=2.0))) == 1
    with pytest.raises(ValueError, match="-1"):
        MergeSettings(km=-1)


def test_single_event_keeps_its_coding() -> None:
    [incident] = merge_events([strike("r1")], PUBLISHED)
    assert incident.event == dataclasses.replace(
        strike("r1"),
        event_id=merged_event_id(["r1:1"]),
        report_ids=("r1",),
        grade="single source",
    )
