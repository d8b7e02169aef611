"""Hand-made reports, events and documents for the tests (no model needed).

Every test folder can ``import factories``: pytest puts the folder of the top-level
conftest.py (this one) on ``sys.path``. Each factory builds a complete record and
takes ``field=value`` changes, so a test module keeps its own defaults by passing
them as changes, and a new field of a record is filled here once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from incidex.records import Document, Event, Evidence, Report, Span

RAID_TEXT = "Gunmen raided a checkpoint near Gao at dawn; police said three officers died."


def span_in(text: str, words: str) -> Span:
    """The span of the first occurrence of ``words`` in ``text``."""
    start = text.index(words)
    return Span(start=start, end=start + len(words), text=words)


def make_report(report_id: str = "r1", **changes: object) -> Report:
    """A report of the checkpoint raid in ``RAID_TEXT``; ``changes`` override any field."""
    report = Report(
        report_id=report_id,
        text=RAID_TEXT,
        content_hash=f"hash-{report_id}",
        origin=f"reports/{report_id}.txt",
        title="Checkpoint raid",
        published=dt.date(2024, 5, 2),
        url=None,
        outlet="A wire service",
    )
    return dataclasses.replace(report, **changes)  # type: ignore[arg-type]


def make_event(report_id: str = "r1", number: int = 1, **changes: object) -> Event:
    """Event ``number`` of a report: the fully coded checkpoint raid; ``changes`` override any field."""
    event = Event(
        report_id=report_id,
        event_id=f"{report_id}-{number}",
        event_date=dt.date(2024, 5, 1),
        time_precision=1,
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Unidentified Armed Group (Mali)",
        assoc_actor_1=None,
        inter1=2,
        actor2="Police Forces of Mali",
        assoc_actor_2=None,
        inter2=1,
        interaction=12,
        civilian_targeting=None,
        country="Mali",
        iso3="MLI",
        admin1="Gao",
        admin2=None,
        admin3=None,
        location="Gao",
        latitude=16.2717,
        longitude=-0.0447,
        geo_precision=2,
        geonameid=2457163,
        fatalities=3,
        fatalities_low=3,
        fatalities_high=None,
        injured=None,
        attribution="claimed",
        sources=("police",),
        confidence=0.6,
        notes="Gunmen raided a checkpoint near Gao; three officers killed.",
        evidence=(
            Evidence("location", (span_in(RAID_TEXT, "near Gao"),)),
            Evidence("actor1", (span_in(RAID_TEXT, "Gunmen"),)),
            Evidence("event_date", ()),
            Evidence("fatalities", (span_in(RAID_TEXT, "three"), span_in(RAID_TEXT, "died"))),
        ),
    )
    return dataclasses.replace(event, **changes)  # type: ignore[arg-type]


def make_doc(report_id: str = "r1", events: int = 2, **report_changes: object) -> Document:
    """A report (with ``report_changes``) and its first ``events`` events."""
    return Document(
        report=make_report(report_id, **report_changes),
        events=tuple(make_event(report_id, n) for n in range(1, events + 1)),
    )
