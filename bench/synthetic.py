"""Synthetic reports and events for the benchmarks (bench/store.py, bench/server.py).

Each benchmark draws its own values (so its data stay what they were); these
functions fill in what every synthetic record has in common.
"""

from __future__ import annotations

import datetime as dt

from incidex.records import Event, Report


def synthetic_event(
    report_id: str,
    event_id: str,
    *,
    event_date: dt.date,
    disorder_type: str,
    event_type: str,
    sub_event_type: str,
    actor1: str | None,
    actor2: str | None,
    country: str,
    iso3: str,
    admin1: str,
    location: str,
    latitude: float,
    longitude: float,
    fatalities: int | None,
    notes: str,
    inter1: int | None = None,
    inter2: int | None = None,
    interaction: int | None = None,
) -> Event:
    """An event coded to the day and place, with an exact toll and no sources or evidence."""
    return Event(
        report_id=report_id,
        event_id=event_id,
        event_date=event_date,
        time_precision=1,
        disorder_type=disorder_type,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1,
        assoc_actor_1=None,
        inter1=inter1,
        actor2=actor2,
        assoc_actor_2=None,
        inter2=inter2,
        interaction=interaction,
        civilian_targeting=None,
        country=country,
        iso3=iso3,
        admin1=admin1,
        admin2=None,
        admin3=None,
        location=location,
        latitude=latitude,
        longitude=longitude,
        geo_precision=1,
        geonameid=None,
        fatalities=fatalities,
        fatalities_low=fatalities,
        fatalities_high=fatalities,
        injured=None,
        attribution="unknown",
        sources=(),
        confidence=0.5,
        notes=notes,
    )


def synthetic_report(
    report_id: str, text: str, published: dt.date, outlet: str | None = None
) -> Report:
    """A report with a hash and origin made from its id."""
    return Report(
        report_id=report_id,
        text=text,
        content_hash=f"hash-{report_id}",
        origin=f"bench/{report_id}.txt",
        published=published,
        outlet=outlet,
    )
