"""Hand-written reports and events for the serve tests (no model needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import factories
from factories import span_in
from incidex.records import Document, Event, Evidence, Report
from incidex.store import open_store

QUARRY_TEXT = (
    "Mortar rounds fell on a quarry outside Kidal on Monday, killing two workers, "
    "a local official said."
)
FERRY_TEXT = (
    "Police dispersed a crowd at the ferry port in Mopti on Friday; nobody was hurt, "
    "according to residents."
)
# Hostile markup in a report: the API must hand it back as plain data.
HOSTILE_TEXT = (
    'Protesters marched in Sikasso <script>alert("x")</script> carrying '
    '<img src=x onerror=alert(1)> signs and a <a href="javascript:alert(2)">link</a>.'
)


def make_report(report_id: str, text: str, **changes: object) -> Report:
    """A sample report of ``text``; ``changes`` override any field."""
    sample = {
        "text": text,
        "title": f"Report {report_id}",
        "published": dt.date(2024, 6, 10),
        "url": f"https://news.example/{report_id}",
        "outlet": "Example Wire",
    }
    return factories.make_report(report_id, **(sample | changes))


# The mortar strike on the quarry: how the sample events differ from factories.make_event's.
QUARRY_EVENT: dict[str, object] = {
    "event_date": dt.date(2024, 6, 3),
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack",
    "actor2": "Civilians (Mali)",
    "inter2": 7,
    "interaction": 27,
    "civilian_targeting": "Civilian targeting",
    "admin1": "Kidal",
    "location": "Kidal",
    "latitude": 18.44,
    "longitude": 1.41,
    "geonameid": None,
    "fatalities": 2,
    "fatalities_low": 2,
    "attribution": "unknown",
    "sources": ("local official",),
    "confidence": 0.7,
    "notes": "Mortar rounds hit a quarry near Kidal; two workers killed.",
    "evidence": (Evidence("fatalities", (span_in(QUARRY_TEXT, "killing two workers"),)),),
    "grade": "single source",
}


def make_event(report_id: str, number: int, **changes: object) -> Event:
    """The quarry strike as event ``number`` of a report; ``changes`` override any field."""
    return factories.make_event(report_id, number, **(QUARRY_EVENT | changes))


def sample_documents() -> list[Document]:
    quarry = make_report("quarry", QUARRY_TEXT)
    ferry = make_report("ferry", FERRY_TEXT, published=dt.date(2024, 6, 15))
    hostile = make_report("hostile", HOSTILE_TEXT, title="<b>bold</b> title", outlet=None)
    return [
        Document(
            report=quarry,
            events=(
                make_event("quarry", 1),
                make_event(
                    "quarry",
                    2,
                    event_date=dt.date(2024, 6, 4),
                    fatalities=5,
                    fatalities_low=5,
                    attribution="claimed",
                    grade="confirmed",
                    actor1="Military Forces of Mali (2021-)",
                    inter1=1,
                    notes="Soldiers answered with artillery near Kidal.",
                    evidence=(),
                ),
            ),
        ),
        Document(
            report=ferry,
            events=(
                make_event(
                    "ferry",
                    1,
                    event_date=dt.date(2024, 6, 14),
                    disorder_type="Demonstrations",
                    event_type="Protests",
                    sub_event_type="Excessive force against protesters",
                    actor1="Police Forces of Mali (2021-)",
                    inter1=1,
                    actor2="Protesters (Mali)",
                    inter2=6,
                    interaction=16,
                    civilian_targeting=None,
                    admin1="Mopti",
                    location="Mopti",
                    latitude=14.49,
                    longitude=-4.19,
                    fatalities=0,
                    fatalities_low=0,
                    attribution="confirmed",
                    grade="fair",
                    notes="Police broke up a crowd at the Mopti ferry port.",
                    evidence=(),
                ),
            ),
        ),
        Document(
            report=hostile,
            events=(
                make_event(
                    "hostile",
                    1,
                    event_date=dt.date(2024, 6, 15),
                    disorder_type="Demonstrations",
                    event_type="Protests",
                    sub_event_type="Peaceful protest",
                    actor1="Protesters (Mali)",
                    inter1=6,
                    actor2=None,
                    inter2=None,
                    interaction=60,
                    civilian_targeting=None,
                    country="Burkina Faso",
                    iso3="BFA",
                    admin1=None,
                    location=None,
                    latitude=None,
                    longitude=None,
                    geo_precision=None,
                    fatalities=None,
                    fatalities_low=None,
                    attribution="unknown",
                    grade=None,
                    notes='<script>alert("x")</script> march; see javascript:alert(2)',
                    evidence=(Evidence("notes", (span_in(HOSTILE_TEXT, "<script>"),)),),
                ),
            ),
        ),
    ]


def build_store(path: Path) -> str:
    """A SQLite store at ``path`` holding the sample documents; returns its URL."""
    with open_store(str(path)) as store:
        for doc in sample_documents():
            store.add(doc, pipeline_version="test")
    return str(path)


# Merged events get ids from the store; tests name them by the sample event behind them.
SAMPLE_IDS: dict[tuple[str, str], str] = {
    (event.report_id, event.notes): event.event_id
    for doc in sample_documents()
    for event in doc.events
}


def sample_id(event: dict[str, object]) -> str:
    """``"quarry-1"`` for the merged event made of that sample event."""
    return SAMPLE_IDS[(str(event["report_id"]), str(event["notes"]))]
