"""Store benchmark: bulk ingest of synthetic report events, then filtered queries.

    python bench/store.py [--events 100000] [--batch 2000] [--queries 300]

Generates ``--events`` synthetic report events (one report each; about a
third are further reports of an event already generated, so that merging has
work to do), stores them with ``add_many`` in batches of ``--batch`` reports
(each batch one transaction, merged incrementally), and prints the ingest
throughput in reports per second. Then it runs ``--queries`` random queries
filtering on a 30-day date range, a 2x2 degree box and an event type, and
prints the p50 and p99 latency. SQLite always; PostgreSQL too when
``INCIDEX_TEST_POSTGRES_URL`` is set (in a scratch schema, dropped after).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from synthetic import synthetic_event, synthetic_report

from incidex.records import Document, Event
from incidex.store import BoundingBox, EventQuery, Store, open_store

EVENT_TYPES = (
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
)
OUTLETS = ("Wire A", "Paper B", "Radio C", "Monitor D")
FIRST_DAY = dt.date(2021, 1, 1)
DAYS = 3 * 365
# A region the size of the Sahel: west, south, east, north.
REGION = (-12.0, 5.0, 15.0, 20.0)


def synthetic_documents(count: int, seed: int = 0) -> Iterator[Document]:
    rng = random.Random(seed)
    originals: list[Event] = []
    for n in range(count):
        report_id = f"bench-{n:07d}"
        if originals and rng.random() < 0.35:
            event = repeat_of(rng.choice(originals[-5000:]), report_id, rng)
        else:
            event = fresh_event(report_id, rng)
            originals.append(event)
        published = event.event_date + dt.timedelta(days=rng.randint(0, 2))
        outlet = OUTLETS[n % len(OUTLETS)]
        report = synthetic_report(
            report_id, f"{event.notes} Reported by {outlet}.", published, outlet
        )
        yield Document(report=report, events=(event,))


def fresh_event(report_id: str, rng: random.Random) -> Event:
    event_type, sub_event_type = rng.choice(EVENT_TYPES)
    west, south, east, north = REGION
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    killed = rng.choice([None, 0, 1, 2, 3, 5, 8, 12])
    place = f"Place {rng.randrange(20000)}"
    return synthetic_event(
        report_id,
        f"{report_id}:1",
        event_date=day,
        disorder_type="Political violence",
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=rng.choice(["Unidentified Armed Group (Mali)", "Military Forces of Mali", "JNIM"]),
        actor2=rng.choice([None, "Civilians (Mali)", "Police Forces of Mali"]),
        country="Mali",
        iso3="MLI",
        admin1=f"Region {rng.randrange(40)}",
        location=place,
        latitude=round(rng.uniform(south, north), 4),
        longitude=round(rng.uniform(west, east), 4),
        fatalities=killed,
        notes=f"On {day}, {sub_event_type.lower()} in {place}; {killed} killed.",
    )


def repeat_of(original: Event, report_id: str, rng: random.Random) -> Event:
    """Another outlet's report of the same event: same day and place, toll a little higher."""
    killed = original.fatalities
    if killed is not None:
        killed += rng.randint(0, 2)
    return Event(
        **{
            **{f: getattr(original, f) for f in original.__dataclass_fields__},
            "report_id": report_id,
            "event_id": f"{report_id}:1",
            "fatalities": killed,
            "fatalities_low": killed,
            "fatalities_high": killed,
        }
    )


def ingest(store: Store, count: int, batch: int) -> float:
    """Reports per second."""
    started = time.perf_counter()
    docs = synthetic_documents(count)
    while chunk := [doc for _, doc in zip(range(batch), docs, strict=False)]:
        store.add_many(chunk, pipeline_version="bench")
    return count / (time.perf_counter() - started)


def query_latencies(store: Store, queries: int, seed: int = 1) -> list[float]:
    rng = random.Random(seed)
    west, south, east, north = REGION
    seconds = []
    for _ in range(queries):
        since = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - 30))
        lon, lat = rng.uniform(west, east - 2), rng.uniform(south, north - 2)
        query = EventQuery(
            since=since,
            until=since + dt.timedelta(days=30),
            bbox=BoundingBox(lon, lat, lon + 2, lat + 2),
            event_type=rng.choice(EVENT_TYPES)[0],
            limit=100,
        )
        started = time.perf_counter()
        list(store.events(query))
        seconds.append(time.perf_counter() - started)
    return seconds


def run(name: str, url: str, args: argparse.Namespace) -> None:
    with open_store(url) as store:
        rate = ingest(store, args.events, args.batch)
        counts = store.counts()
        latencies = sorted(query_latencies(store, args.queries))
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    print(
        f"{name:<10} {args.events} reports -> {counts['merged_events']} merged events; "
        f"ingest {rate:,.0f} reports/s; date+bbox+type query p50 {p50:.2f} ms, p99 {p99:.2f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        run("sqlite", str(Path(folder) / "bench.db"), args)
    url = os.environ.get("INCIDEX_TEST_POSTGRES_URL")
    if url:
        from incidex.store.postgres import scratch_schema

        with scratch_schema(url, prefix="incidex_bench") as scratch:
            run("postgresql", scratch, args)
    else:
        print("postgresql skipped: INCIDEX_TEST_POSTGRES_URL is not set", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
