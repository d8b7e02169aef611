"""The ``incidex`` command: a thin shell over the Python API.

Exit codes: 0 every input was coded, 1 at least one input had a problem
(each is reported on stderr, one line each, and the rest of the batch went
on), 2 the command line itself was wrong.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO, TypeVar

from incidex import parse_published
from incidex.engines import open_engine
from incidex.errors import IncidexError, MissingExtraError
from incidex.export import (
    event_to_dict,
    write_acled_csv,
    write_geojson,
    write_jsonl,
    write_parquet,
)
from incidex.pipeline import default_pipeline, default_version
from incidex.records import Document, Event, Problem, RawReport
from incidex.stages.read import JSONL_SUFFIXES, SUFFIX_KINDS, WARC_SUFFIXES, read_inputs
from incidex.store import BoundingBox, EventQuery, Store, open_store
from incidex.store.query import SORT_KEYS

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXPORT_FORMATS = ("acled-csv", "jsonl", "geojson", "parquet")
T = TypeVar("T")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="incidex",
        description="Code news reports about political violence into ACLED-style events.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = parser.add_subparsers(dest="command", required=True)

    code = commands.add_parser("code", help="code reports and print events as JSON lines")
    add_input_arguments(code)
    add_workers_argument(code)
    add_progress_argument(code)

    ingest = commands.add_parser("ingest", help="code reports and store them in a database")
    add_input_arguments(ingest)
    ingest.add_argument("--db", required=True, help="SQLite file path or sqlite:///path")
    add_workers_argument(ingest)
    add_progress_argument(ingest)

    run = commands.add_parser(
        "run",
        help="code inputs at scale, on worker processes or a Dask cluster, into a database "
        "or a Parquet file; a rerun into the same database skips inputs already stored",
    )
    add_input_arguments(run)
    target = run.add_mutually_exclusive_group(required=True)
    target.add_argument("--db", help="SQLite file path, sqlite:///path or postgresql://...")
    target.add_argument("--parquet", help="write the events to this Parquet file")
    run.add_argument(
        "--retry",
        action="store_true",
        help="code again the inputs a previous run recorded a problem for (skipped otherwise)",
    )
    run.add_argument("--engine", choices=("local", "dask"), default="local")
    run.add_argument(
        "--scheduler",
        help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 "
        "(default with --engine dask: start a local cluster)",
    )
    add_workers_argument(run)
    add_progress_argument(run)

    export = commands.add_parser(
        "export", help="write stored events as ACLED CSV, JSON lines, GeoJSON or Parquet"
    )
    export.add_argument("--db", required=True, help="SQLite file path or sqlite:///path")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl")
    export.add_argument("-o", "--output", help="file to write (default: stdout; Parquet needs one)")
    add_filter_arguments(export)

    serve = commands.add_parser("serve", help="serve the HTTP API and the map page")
    serve.add_argument("--db", required=True, help="SQLite file path or sqlite:///path")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--tiles",
        help="a tile server's URL template, e.g. https://tile.example/{z}/{x}/{y}.png "
        "(default: the bundled country outlines only, no network)",
    )
    serve.add_argument(
        "--token-env",
        default="INCIDEX_TOKEN",
        help="environment variable holding the bearer token that allows POST /api/reports "
        "(default INCIDEX_TOKEN; unset or empty: writing is disabled)",
    )

    watch = commands.add_parser("watch", help="poll RSS/Atom feeds and code new articles")
    watch.add_argument("feeds", nargs="+", metavar="FEED_URL", help="RSS or Atom feed URLs")
    watch.add_argument("--db", required=True, help="SQLite file path or sqlite:///path")
    watch.add_argument(
        "--interval", type=float, default=900.0, help="seconds between polls (default 900)"
    )
    watch.add_argument("--once", action="store_true", help="poll once and stop")
    watch.add_argument(
        "--allow-private",
        action="store_true",
        help="allow feeds and articles on private, loopback or link-local addresses",
    )
    evaluate = commands.add_parser("evaluate", help="score the coder against gold data")
    targets = evaluate.add_subparsers(dest="target", required=True)
    acled = targets.add_parser("acled", help="code ACLED rows' notes and compare with the rows")
    acled.add_argument("file", help="an ACLED CSV export (current or older schema)")
    acled.add_argument("--limit", type=int, help="score a random sample of N rows")
    acled.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    acled.add_argument("--confusion", help="write the sub-event type confusion matrix (CSV)")
    acled.add_argument(
        "--country",
        action="append",
        default=[],
        help="score only this country's rows (ACLED's name; repeat or separate by commas)",
    )
    places = targets.add_parser("places", help="score toponym recognition and resolution")
    places.add_argument("corpus", help="lgl, geowebnews, geovirus, or a corpus file")
    places.add_argument("--limit", type=int, help="score the first N documents")

    remerge = commands.add_parser(
        "remerge", help="rebuild the events merged across reports (docs/storage.md)"
    )
    remerge.add_argument("--db", required=True, help="SQLite path, sqlite:///path or postgresql://")
    remerge.add_argument("--days", type=int, help="days two reports' dates may differ (default 1)")
    remerge.add_argument("--km", type=float, help="km two reports' places may differ (default 25)")

    toponyms = commands.add_parser("places", help="print every place name found, as JSON lines")
    add_input_arguments(toponyms)
    add_gazetteer_parser(commands)
    return parser


def add_gazetteer_parser(commands: argparse._SubParsersAction) -> None:
    """``incidex gazetteer load|download|status|reset`` (docs/places.md)."""
    gazetteer = commands.add_parser(
        "gazetteer", help="load full GeoNames data into the gazetteer, or go back to the default"
    )
    actions = gazetteer.add_subparsers(dest="action", required=True)
    load = actions.add_parser("load", help="add GeoNames dump files (XX.zip, allCountries.zip)")
    load.add_argument("dumps", nargs="+", metavar="PATH", help="GeoNames geoname tables")
    load.add_argument(
        "--alternate-names",
        action="append",
        default=[],
        metavar="PATH",
        help="an alternateNamesV2 table (.txt or .zip) for more names; repeatable",
    )
    download = actions.add_parser(
        "download", help="fetch GeoNames country dumps (needs the gazetteer extra) and load them"
    )
    download.add_argument("countries", nargs="+", metavar="CC", help="SY, IQ, ... or allCountries")
    download.add_argument(
        "--base-url", help="GeoNames dump folder (default: download.geonames.org)"
    )
    download.add_argument(
        "--alternate-names", action="store_true", help="also fetch alternatenames/CC.zip"
    )
    download.add_argument(
        "--max-mb", type=float, default=1024.0, help="largest file to accept (default 1024)"
    )
    actions.add_parser("status", help="which gazetteer index is in use and what it holds")
    actions.add_parser("reset", help="go back to the embedded default gazetteer")


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The event filters, as in the HTTP API."""
    parser.add_argument("--since", help="first event date (YYYY-MM-DD)")
    parser.add_argument("--until", help="last event date (YYYY-MM-DD)")
    parser.add_argument(
        "--bbox", help="west,south,east,north in degrees (--bbox=-5,14,-4,15 when west < 0)"
    )
    parser.add_argument("--country", help="country name or ISO3 code, e.g. Syria")
    parser.add_argument("--admin1", help="first-level region, e.g. Aleppo")
    parser.add_argument("--event-type", help="ACLED event type, e.g. Battles")
    parser.add_argument("--sub-event-type", help="ACLED sub-event type, e.g. 'Air/drone strike'")
    parser.add_argument("--actor", help="part of an actor's name")
    parser.add_argument("--min-fatalities", type=int, help="at least this many fatalities")
    parser.add_argument("--attribution", choices=("confirmed", "claimed", "suspected", "unknown"))
    parser.add_argument(
        "--grade", choices=("confirmed", "fair", "weak", "contested", "single source")
    )
    parser.add_argument("--q", help="words in the notes or in the reports' text")
    parser.add_argument(
        "--sort",
        choices=SORT_KEYS,
        default="event_date",
        help="sort key; write descending ones as --sort=-fatalities",
    )
    parser.add_argument("--limit", type=int, help="at most this many events")


def add_workers_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers",
        type=int,
        help="worker processes (default: one per core; one input chunk is coded in-process)",
    )


def add_progress_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        action="store_true",
        help="show reports done, rate and time left on stderr (default: when it is a terminal)",
    )


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files (.html, .htm, .txt, .jsonl, .jsonl.gz, .warc, .warc.gz), folders (recursive) or - for stdin",
    )
    parser.add_argument(
        "--published",
        help="publication date (YYYY-MM-DD) for inputs that carry none",
    )


def coded_documents(
    args: argparse.Namespace, raws: Iterable[RawReport | Problem] | None = None
) -> Iterator[Document | Problem]:
    """The inputs coded by the engine the command asks for; commands without ``--workers``
    (``places``) code in this process and keep every analysis of the documents."""
    if raws is None:
        raws = read_inputs(args.inputs, published=parse_published(args.published))
    if not hasattr(args, "workers"):
        yield from default_pipeline().pipe(raws)
        return
    engine = open_engine(
        getattr(args, "engine", "local"),
        workers=args.workers,
        scheduler=getattr(args, "scheduler", None),
    )
    with engine:
        yield from engine.map(raws)


class ProgressLine:
    """Reports done, their rate and, when the total is known, the time left, on one line.

    On a terminal the line is rewritten in place; elsewhere (``--progress`` into
    a log) a new line is written every ``every_s`` seconds.
    """

    def __init__(self, err: TextIO, *, total: int | None, every_s: float = 0.5) -> None:
        self.err = err
        self.total = total
        self.done = 0
        self.in_place = err.isatty()
        self.every_s = every_s if self.in_place else max(every_s, 5.0)
        self.started = self.shown = time.monotonic()

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.shown >= self.every_s:
            self.shown = now
            self.show(now)

    def finish(self) -> None:
        self.show(time.monotonic())
        if self.in_place:
            self.err.write("\n")

    def show(self, now: float) -> None:
        rate = self.done / max(now - self.started, 1e-9)
        line = f"incidex: {self.done}"
        if self.total is not None:
            line += f"/{self.total}"
        line += f" reports, {rate:.1f}/s"
        if self.total is not None and rate > 0:
            line += f", {format_duration((self.total - self.done) / rate)} left"
        self.err.write(f"\r{line}\x1b[K" if self.in_place else f"{line}\n")
        self.err.flush()


def format_duration(seconds: float) -> str:
    minutes, secs = divmod(max(int(seconds), 0), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def tracked(results: Iterator[T], args: argparse.Namespace, err: TextIO) -> Iterator[T]:
    """``results`` with a progress line on ``err`` when asked for, or when it is a terminal."""
    wanted = getattr(args, "progress", None)
    if wanted is None or not (wanted or err.isatty()):
        yield from results
        return
    progress = ProgressLine(err, total=count_inputs(args.inputs))
    for result in results:
        yield result
        progress.advance()
    progress.finish()


def count_inputs(inputs: Sequence[str]) -> int | None:
    """How many reports the inputs hold, or ``None`` when only reading tells (stdin, JSONL, WARC)."""
    many_per_file = JSONL_SUFFIXES + WARC_SUFFIXES
    total = 0
    for given in inputs:
        if given == "-" or given.lower().endswith(many_per_file):
            return None
        if not os.path.isdir(given):
            total += 1
            continue
        for _folder, subfolders, files in os.walk(given):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in files:
                if name.lower().endswith(many_per_file):
                    return None
                if not name.startswith(".") and name.lower().endswith(tuple(SUFFIX_KINDS)):
                    total += 1
    return total


def report_problem(problem: Problem, err: TextIO) -> None:
    err.write(f"incidex: {problem.origin}: {problem.message} ({problem.code})\n")


def documents_reporting_problems(
    args: argparse.Namespace,
    err: TextIO,
    problems: list[Problem],
    *,
    raws: Iterable[RawReport | Problem] | None = None,
) -> Iterator[Document]:
    """The coded documents of the inputs; each problem met is written to ``err`` and kept."""
    for result in tracked(coded_documents(args, raws), args, err):
        found = [result] if isinstance(result, Problem) else list(result.problems)
        for problem in found:
            report_problem(problem, err)
        problems.extend(found)
        if isinstance(result, Document):
            yield result


def run_code(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    problems: list[Problem] = []
    for doc in documents_reporting_problems(args, err, problems):
        for event in doc.events:
            out.write(json.dumps(event_to_dict(event), ensure_ascii=False) + "\n")
        # A report's events go out as soon as it is coded, even into a pipe.
        out.flush()
    return EXIT_PROBLEMS if problems else EXIT_OK


def run_ingest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with open_store(args.db) as store:
        return ingest_into(store, args, coded_documents(args), out, err)


def ingest_into(
    store: Store,
    args: argparse.Namespace,
    results: Iterator[Document | Problem],
    out: TextIO,
    err: TextIO,
    *,
    resumed: Resumed | None = None,
) -> int:
    """Store coded documents and problems, one line per event on ``out``, a summary on ``err``."""
    version = default_version()
    failed = False
    stored = skipped = events = 0
    for result in tracked(results, args, err):
        if isinstance(result, Problem):
            store.add_problem(result)
            report_problem(result, err)
            failed = True
            continue
        for problem in result.problems:
            report_problem(problem, err)
            failed = True
        if store.add(result, pipeline_version=version):
            stored += 1
            events += len(result.events)
            for event in result.events:
                out.write(summarise(event) + "\n")
        else:
            skipped += 1
    totals = store.counts()
    err.write(
        f"incidex: {stored} reports coded ({events} events), {skipped + (resumed.inputs if resumed else 0)} already stored; "
        f"the database holds {totals.get('reports', 0)} reports and {totals.get('events', 0)} events, "
        f"merged into {totals.get('merged_events', 0)} events across reports\n"
    )
    return EXIT_PROBLEMS if failed else EXIT_OK


def run_run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``incidex run``: like ingest, at scale; a rerun into a database resumes."""
    raws = read_inputs(args.inputs, published=parse_published(args.published))
    if args.parquet:
        problems: list[Problem] = []
        documents = documents_reporting_problems(args, err, problems, raws=raws)
        count = write_parquet((e for doc in documents for e in doc.events), args.parquet)
        err.write(f"incidex: wrote {count} events to {args.parquet}\n")
        return EXIT_PROBLEMS if problems else EXIT_OK
    with open_store(args.db) as store:
        resumed = Resumed(retry=args.retry)
        fresh = resumed.not_yet_stored(raws, store)
        return ingest_into(store, args, coded_documents(args, fresh), out, err, resumed=resumed)


@dataclass
class Resumed:
    """Inputs a rerun skipped because the store has a report (or, unless ``retry``, a
    problem) from them."""

    retry: bool = False
    inputs: int = 0

    def not_yet_stored(
        self, raws: Iterable[RawReport | Problem], store: Store
    ) -> Iterator[RawReport | Problem]:
        for raw in raws:
            if store.has_origin(raw.origin, problems=not self.retry):
                self.inputs += 1
            else:
                yield raw


def summarise(event: Event) -> str:
    as_dict = event_to_dict(event)
    place = ", ".join(str(as_dict[k]) for k in ("location", "admin1", "country") if as_dict[k])
    return (
        f"{as_dict['event_date']}  {as_dict['sub_event_type']:<34}  {place or '?'}  "
        f"fatalities={as_dict['fatalities']}  {as_dict['actor1']} -> {as_dict['actor2'] or '-'}"
    )


def run_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    query = export_query(args)
    if args.format == "parquet" and not args.output:
        raise IncidexError("--format parquet writes a file: give -o FILE")
    with open_store(args.db) as store:
        events = store.events(query)
        if args.format == "parquet":
            count = write_parquet(events, args.output)
        elif args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as target:
                count = write_text_export(events, args.format, target)
        else:
            count = write_text_export(events, args.format, out)
    err.write(f"incidex: exported {count} events\n")
    return EXIT_OK


def export_query(args: argparse.Namespace) -> EventQuery:
    """The ``EventQuery`` of the filter options; a bad value is an ``IncidexError``."""
    try:
        return EventQuery(
            since=parse_published(args.since),
            until=parse_published(args.until),
            bbox=None if args.bbox is None else BoundingBox.parse(args.bbox),
            country=args.country,
            admin1=args.admin1,
            event_type=args.event_type,
            sub_event_type=args.sub_event_type,
            actor=args.actor,
            min_fatalities=args.min_fatalities,
            attribution=args.attribution,
            grade=args.grade,
            text=args.q,
            sort=args.sort,
            limit=args.limit,
        )
    except ValueError as e:
        raise IncidexError(str(e)) from e


def write_text_export(events: Iterator[Event], export_format: str, out: TextIO) -> int:
    if export_format == "acled-csv":
        return write_acled_csv(events, out)
    if export_format == "geojson":
        return write_geojson(events, out)
    return write_jsonl(events, out)


def run_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        import uvicorn

        from incidex.serve.api import create_app
    except ImportError as e:
        raise MissingExtraError(
            f"incidex serve needs the serve extra: pip install 'incidex[serve]' ({e})"
        ) from e
    token = os.environ.get(args.token_env) or None
    open_store(args.db).close()  # a store that cannot be opened fails here, not per request
    writing = "enabled" if token else f"disabled (set {args.token_env} to enable it)"
    err.write(f"incidex: serving {args.db} on http://{args.host}:{args.port}/; writing {writing}\n")
    uvicorn.run(
        create_app(args.db, token=token, tiles=args.tiles),
        host=args.host,
        port=args.port,
        log_level="info" if args.verbose else "warning",
    )
    return EXIT_OK


def run_watch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        from incidex.feeds import PollSummary, watch
    except ImportError as e:
        raise MissingExtraError(
            f"incidex watch needs the feeds extra: pip install 'incidex[feeds]' ({e})"
        ) from e
    if args.interval <= 0:
        raise IncidexError(
            f"--interval must be a positive number of seconds, not {args.interval!r}"
        )

    def report_poll(summary: PollSummary) -> None:
        err.write(
            f"incidex: {summary.feeds} feeds read ({summary.failed_feeds} failed), "
            f"{summary.new_urls} new articles, {summary.stored} stored with "
            f"{summary.events} events, {summary.problems} problems\n"
        )
        err.flush()

    try:
        summary = watch(
            args.feeds,
            store_url=args.db,
            interval_s=args.interval,
            once=args.once,
            allow_private=args.allow_private,
            on_poll=report_poll,
        )
    except KeyboardInterrupt:
        return EXIT_OK
    return EXIT_PROBLEMS if summary.problems or summary.failed_feeds else EXIT_OK


def run_evaluate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.target == "places":
        from incidex.evaluate.places import format_places_scores, run_places_evaluation

        out.write(format_places_scores(run_places_evaluation(args.corpus, limit=args.limit)) + "\n")
        return EXIT_OK
    from incidex.evaluate import format_scores, run_acled_evaluation

    countries = [name.strip() for value in args.country for name in value.split(",")]
    scores = run_acled_evaluation(
        args.file,
        limit=args.limit,
        seed=args.seed,
        confusion_path=args.confusion,
        countries=countries,
    )
    out.write(format_scores(scores) + "\n")
    return EXIT_OK


def run_places(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from incidex.evaluate.places import toponym_rows

    problems: list[Problem] = []
    for doc in documents_reporting_problems(args, err, problems):
        for row in toponym_rows(doc):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return EXIT_PROBLEMS if problems else EXIT_OK


def run_gazetteer(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from incidex import gazetteer

    if args.action == "status":
        status = gazetteer.index_status()
        kind = "loaded GeoNames data" if status.loaded else "embedded default"
        if not status.built:
            out.write(f"{kind}, not built yet (built on first use): {status.path}\n")
            return EXIT_OK
        out.write(
            f"{kind}: {status.path}\n{status.places} places, {status.names} names, "
            f"{status.size_bytes / 1e6:.1f} MB\n"
        )
        if status.sources:
            out.write(f"loaded from: {', '.join(status.sources)}\n")
        return EXIT_OK
    if args.action == "reset":
        removed = gazetteer.reset_loaded_index()
        err.write(
            "incidex: back to the embedded default gazetteer\n"
            if removed
            else "incidex: no GeoNames data was loaded; the embedded default is in use\n"
        )
        return EXIT_OK
    if args.action == "download":
        summary = gazetteer.download_geonames_dumps(
            args.countries,
            base_url=args.base_url or gazetteer.GEONAMES_DUMP_URL,
            alternate_names=args.alternate_names,
            max_bytes=int(args.max_mb * 1e6),
        )
    else:
        summary = gazetteer.load_geonames_dumps(args.dumps, alternate_names=args.alternate_names)
    err.write(
        f"incidex: loaded {summary.places} places and {summary.names} names into "
        f"{summary.path} ({summary.skipped_rows} malformed rows skipped)\n"
    )
    return EXIT_OK


def run_remerge(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Re-merge with the stored settings, changed by --days and --km (kept for later adds)."""
    changes = {k: v for k, v in (("days", args.days), ("km", args.km)) if v is not None}
    with open_store(args.db) as store:
        try:
            settings = dataclasses.replace(store.settings, **changes)
        except ValueError as e:
            raise IncidexError(str(e)) from e
        merged = store.remerge(settings)
        reports = store.counts().get("reports", 0)
    err.write(f"incidex: {reports} reports merged into {merged} events\n")
    return EXIT_OK


COMMANDS = {
    "remerge": run_remerge,
    "code": run_code,
    "ingest": run_ingest,
    "run": run_run,
    "export": run_export,
    "serve": run_serve,
    "watch": run_watch,
    "evaluate": run_evaluate,
    "places": run_places,
    "gazetteer": run_gazetteer,
}


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=err)
    try:
        return COMMANDS[args.command](args, out, err)
    except IncidexError as e:
        err.write(f"incidex: {e}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
