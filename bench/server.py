"""HTTP API benchmark: a store of generated events behind the real server, under load.

    python bench/server.py [--events 100000] [--requests 1200] [--concurrency 8]

Builds a SQLite store of ``--events`` generated events (hand-made ``Event`` records,
50 per report, stored with ``add_many`` in batches: one report per event is about
three times slower to build and measures the same queries), starts the app with uvicorn
on a loopback port in a child process, then sends ``--requests`` requests spread evenly
over six typical queries from ``--concurrency`` threads, and prints requests per second
and p50/p99 latency per query. Reads no shared data; finishes in a few minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from synthetic import synthetic_event, synthetic_report

from incidex.records import Document, Event
from incidex.store import open_store

EVENTS_PER_REPORT = 50
REPORTS_PER_BATCH = 40
FIRST_DAY = dt.date(2022, 1, 1)
DAYS = 3 * 365
# (country, iso3, admin1, latitude, longitude) around which events are scattered.
PLACES = (
    ("Syria", "SYR", "Aleppo", 36.2, 37.15),
    ("Iraq", "IRQ", "Nineveh", 36.34, 43.13),
    ("Mali", "MLI", "Kidal", 18.44, 1.41),
    ("Nigeria", "NGA", "Borno", 11.85, 13.16),
    ("Ukraine", "UKR", "Kharkiv", 49.99, 36.23),
    ("Yemen", "YEM", "Taizz", 13.58, 44.02),
    ("Somalia", "SOM", "Banaadir", 2.04, 45.34),
    ("Myanmar", "MMR", "Sagaing", 21.88, 95.98),
)
TYPES = (
    ("Political violence", "Battles", "Armed clash"),
    ("Political violence", "Explosions/Remote violence", "Air/drone strike"),
    ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Political violence", "Violence against civilians", "Attack"),
    ("Demonstrations", "Protests", "Peaceful protest"),
    ("Demonstrations", "Riots", "Violent demonstration"),
)
NOTE_WORDS = (
    "checkpoint", "market", "convoy", "village", "bridge", "clinic", "school", "road",
    "airstrike", "mortar", "drone", "protest", "curfew", "raid", "ambush", "patrol",
)  # fmt: skip


def generated_event(report_id: str, number: int, rng: random.Random) -> Event:
    country, iso3, admin1, latitude, longitude = rng.choice(PLACES)
    disorder, event_type, sub_event_type = rng.choice(TYPES)
    killed = rng.choice((0, 0, 1, 2, 3, 5, 8, 12, 30))
    words = " ".join(rng.sample(NOTE_WORDS, 3))
    return synthetic_event(
        report_id,
        f"{report_id}-{number}",
        event_date=FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)),
        disorder_type=disorder,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=f"Military Forces of {country}",
        actor2=f"Civilians ({country})",
        country=country,
        iso3=iso3,
        admin1=admin1,
        location=f"{admin1} {number}",
        latitude=latitude + rng.uniform(-2, 2),
        longitude=longitude + rng.uniform(-2, 2),
        fatalities=killed,
        notes=f"Generated event near the {words}.",
        inter1=1,
        inter2=7,
        interaction=17,
    )


def generated_documents(count: int, seed: int = 0) -> Iterator[Document]:
    rng = random.Random(seed)
    for number in range(0, count, EVENTS_PER_REPORT):
        report_id = f"bench-{number // EVENTS_PER_REPORT:06d}"
        size = min(EVENTS_PER_REPORT, count - number)
        events = tuple(generated_event(report_id, number + i, rng) for i in range(size))
        report = synthetic_report(
            report_id, f"Generated report {report_id}.", FIRST_DAY + dt.timedelta(days=DAYS)
        )
        yield Document(report=report, events=events)


def build_store(path: Path, count: int) -> float:
    started = time.perf_counter()
    batch: list[Document] = []
    with open_store(str(path)) as store:
        for doc in generated_documents(count):
            batch.append(doc)
            if len(batch) == REPORTS_PER_BATCH:
                store.add_many(batch, pipeline_version="bench")
                batch.clear()
        if batch:
            store.add_many(batch, pipeline_version="bench")
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(store_path: Path, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import sys, uvicorn; from incidex.serve.api import create_app; "
        "uvicorn.run(create_app(sys.argv[1], rate_limit_per_minute=10**9), "
        "host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')"
    )
    server = subprocess.Popen([sys.executable, "-c", code, str(store_path), str(port)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"the server did not start on port {port!r}")


def query_makers(event_ids: list[str]) -> dict[str, Callable[[random.Random], str]]:
    def date_and_country(rng: random.Random) -> str:
        since = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - 30))
        country = rng.choice(PLACES)[0]
        return f"/api/events?since={since}&until={since + dt.timedelta(days=30)}&country={country}&limit=100"

    def bbox_and_type(rng: random.Random) -> str:
        _, _, _, latitude, longitude = rng.choice(PLACES)
        west, south = longitude - 1, latitude - 1
        box = f"{west:.2f},{south:.2f},{west + 2:.2f},{south + 2:.2f}"
        event_type = rng.choice(TYPES)[1]
        return f"/api/events?bbox={box}&event_type={event_type}&limit=100"

    def full_text(rng: random.Random) -> str:
        return f"/api/events?q={rng.choice(NOTE_WORDS)}&limit=50"

    def one_event(rng: random.Random) -> str:
        return f"/api/events/{rng.choice(event_ids)}"

    def geojson(rng: random.Random) -> str:
        since = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - 90))
        return f"/api/events.geojson?country={rng.choice(PLACES)[0]}&since={since}&limit=500"

    def timeline(rng: random.Random) -> str:
        return f"/api/timeline?country={rng.choice(PLACES)[0]}"

    return {
        "date range + country": date_and_country,
        "bbox + event type": bbox_and_type,
        "full text q": full_text,
        "one event by id": one_event,
        "geojson + filter": geojson,
        "timeline": timeline,
    }


def timed_get(client: httpx.Client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    took = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{path!r} answered {response.status_code}: {response.text[:200]!r}")
    return took


def load_test(base: str, paths: list[str], concurrency: int) -> tuple[float, list[float]]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    with httpx.Client(base_url=base, timeout=60, limits=limits) as client:
        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            latencies = list(pool.map(lambda path: timed_get(client, path), paths))
        return time.perf_counter() - started, latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store_path = Path(folder) / "bench.db"
        seconds = build_store(store_path, args.events)
        print(
            f"store: {args.events:,} events built in {seconds:.1f} s "
            f"({args.events / seconds:,.0f} events/s, {EVENTS_PER_REPORT} per report)"
        )
        port = free_port()
        server = start_server(store_path, port)
        try:
            base = f"http://127.0.0.1:{port}"
            listed = httpx.get(f"{base}/api/events?limit=1000", timeout=60).json()["events"]
            makers = query_makers([event["event_id"] for event in listed])
            per_query = max(1, args.requests // len(makers))
            rng = random.Random(args.seed)
            print(f"{per_query} requests per query, {args.concurrency} at a time\n")
            print(f"{'query':<22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
            for name, make in makers.items():
                paths = [make(rng) for _ in range(per_query)]
                wall, latencies = load_test(base, paths, args.concurrency)
                print(
                    f"{name:<22} {len(paths) / wall:8.1f} "
                    f"{1000 * statistics.median(latencies):8.1f} "
                    f"{1000 * percentile(latencies, 0.99):8.1f}"
                )
        finally:
            server.terminate()
            server.wait(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1_200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    run(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
