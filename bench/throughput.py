"""Throughput of the default pipeline on real full-length news articles.

Prints reports/s, words/s, peak RSS, the time spent in each stage and, over the same
texts, bare spaCy ``en_core_web_sm`` with all components (``nlp.pipe``), and the ratio;
then the same texts on worker processes (one per core by default), with the time to
start them, and the peak RSS of one worker; first, the cold start of ``incidex code``
on one bundled example (a fresh interpreter, to its events), and the time to code one
hostile text dense with place names (1,000 in about 30 KB).
Reads ../shared/data (Times of India articles, MUC-4 documents); exits 0 with a message
when it is absent.

    python bench/throughput.py [--limit 200] [--workers N] [--repeat K]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from incidex.engines import CHUNK_SIZE, LocalEngine
from incidex.pipeline import default_pipeline
from incidex.records import RawReport
from incidex.stages.nlp import MODEL_NAMES

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "event-corpora"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clash.txt"


def load_texts(limit: int) -> list[str]:
    texts: list[str] = []
    csv.field_size_limit(10_000_000)
    with (DATA / "india-police-events" / "metadata.csv").open(encoding="utf-8") as handle:
        texts.extend(row["full_text"] for row in csv.DictReader(handle) if row["full_text"])
    muc = json.loads((DATA / "conflibert-muc4" / "test.json").read_text(encoding="utf-8"))
    # MUC-4 is upper case wire copy; sentence case keeps the model in its domain.
    texts.extend(doc["doc"].capitalize() for doc in muc.values())
    return texts[:limit]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_peak_rss_mb() -> float:
    """The largest peak RSS among the finished worker processes."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def time_incidex(texts: list[str]) -> tuple[float, dict[str, float], int]:
    started = time.perf_counter()
    pipeline = default_pipeline()
    load_seconds = time.perf_counter() - started
    raws = [
        RawReport(origin=f"bench:{i}", content=text, kind="text", published=None)
        for i, text in enumerate(texts)
    ]
    started = time.perf_counter()
    events = sum(len(getattr(result, "events", ())) for result in pipeline.pipe(raws))
    elapsed = time.perf_counter() - started
    print(f"incidex: pipeline built in {load_seconds:.2f} s")
    return elapsed, dict(pipeline.seconds), events


def time_bare_spacy(texts: list[str]) -> float:
    import spacy

    nlp = None
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        sys.exit("no English spaCy model installed")
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - started


def time_workers(texts: list[str], workers: int) -> tuple[float, float, int]:
    """Seconds to start the workers (each builds its pipeline), seconds to code the texts
    once they are up, and the events found."""
    engine = LocalEngine(workers)
    raws = [
        RawReport(origin=f"bench:{i}", content=text, kind="text", published=None)
        for i, text in enumerate(texts)
    ]
    started = time.perf_counter()
    # A first round of one chunk per worker starts them all and builds their pipelines.
    list(engine.map(raws[: workers * CHUNK_SIZE]))
    startup = time.perf_counter() - started
    started = time.perf_counter()
    events = sum(len(getattr(result, "events", ())) for result in engine.map(raws))
    elapsed = time.perf_counter() - started
    engine.close()
    return startup, elapsed, events


def time_cold_start(text: str, runs: int = 3) -> tuple[float, float]:
    """Best wall times of ``incidex code`` on one report in a fresh interpreter: to its
    first event on stdout, and to the end of the process."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.txt"
        report.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "incidex.serve.cli", "code", str(report)]
        first_event, finished = float("inf"), float("inf")
        for _ in range(runs):
            started = time.perf_counter()
            with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
                assert process.stdout is not None
                if process.stdout.readline():
                    first_event = min(first_event, time.perf_counter() - started)
                process.stdout.read()
            finished = min(finished, time.perf_counter() - started)
    return first_event, finished


def dense_place_text(sentences: int = 500) -> str:
    """A hostile text: ``sentences`` short sentences, each naming a made-up town and its
    province ("Shelling hit Novo17ka, Donetsk, and the school in it."), in English enough
    to be coded."""
    provinces = ("Donetsk", "Luhansk", "Kharkiv", "Aleppo", "Idlib", "Kano", "Borno")
    return " ".join(
        f"Shelling hit Novo{n}ka, {provinces[n % len(provinces)]}, and the school in it."
        for n in range(sentences)
    )


def time_dense_places(text: str) -> float:
    pipeline = default_pipeline()
    raw = RawReport(origin="bench:dense", content=text, kind="text", published=None)
    started = time.perf_counter()
    list(pipeline.pipe([raw]))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200, help="number of articles")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="times the texts are coded by the workers"
    )
    args = parser.parse_args()
    first_event, finished = time_cold_start(EXAMPLE.read_text(encoding="utf-8"))
    print(
        f"cold start: incidex code on one report, first event after {first_event:.2f} s, "
        f"process done after {finished:.2f} s (best of 3)"
    )
    if not DATA.is_dir():
        print(f"skipped: {DATA} is not available")
        return
    texts = load_texts(args.limit)
    words = sum(len(text.split()) for text in texts)
    print(f"corpus: {len(texts)} articles, {words:,} words")
    elapsed, per_stage, events = time_incidex(texts)
    print(
        f"incidex: {len(texts) / elapsed:.1f} reports/s, {words / elapsed:,.0f} words/s, "
        f"{events} events, one process"
    )
    for name, seconds in sorted(per_stage.items(), key=lambda item: -item[1]):
        print(f"  {name:<28} {seconds:7.2f} s  {100 * seconds / elapsed:5.1f} %")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    dense = dense_place_text()
    print(
        f"hostile input: {len(dense) // 1000} KB dense with 'Town, Province' names coded in "
        f"{time_dense_places(dense):.2f} s"
    )
    bare = time_bare_spacy(texts)
    print(
        f"bare spaCy (nlp.pipe, all components): {len(texts) / bare:.1f} reports/s, "
        f"{words / bare:,.0f} words/s"
    )
    print(f"ratio incidex / bare spaCy (speed): {bare / elapsed:.2f}")
    if args.workers > 1:
        many = texts * args.repeat
        startup, parallel, events = time_workers(many, args.workers)
        print(
            f"incidex on {args.workers} worker processes: {len(many) / parallel:.1f} reports/s, "
            f"{words * args.repeat / parallel:,.0f} words/s, {events} events "
            f"(a first round that starts the workers took {startup:.1f} s, not counted)"
        )
        print(f"peak RSS of one worker: {worker_peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
