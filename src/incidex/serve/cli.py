"""The ``incidex`` command: a thin shell over the Python API.

Exit codes: 0 every input was coded, 1 at least one input had a problem
(each is reported on stderr, one line each, and the rest of the batch went
on), 2 the command line itself was wrong.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from incidex import parse_published
from incidex.errors import IncidexError
from incidex.export import event_to_dict, write_acled_csv, write_jsonl
from incidex.pipeline import default_pipeline
from incidex.records import Document, Event, Problem
from incidex.stages.read import read_inputs
from incidex.store import EventQuery, open_store

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="incidex",
        description="Code news reports about political violence into ACLED-style events.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = parser.add_subparsers(dest="command", required=True)

    code = commands.add_parser("code", help="code reports and print events as JSON lines")
    add_input_arguments(code)

    ingest = commands.add_parser("ingest", help="code reports and store them in a database")
    add_input_arguments(ingest)
    ingest.add_argument("--db", required=True, help="SQLite file path or sqlite:///path")

    export = commands.add_parser("export", help="write stored events as ACLED CSV or JSON lines")
    export.add_argument("--db", required=True, help="SQLite file path or sqlite:///path")
    export.add_argument("--format", choices=("acled-csv", "jsonl"), default="jsonl")
    export.add_argument("-o", "--output", help="file to write (default: stdout)")
    export.add_argument("--since", help="first event date (YYYY-MM-DD)")
    export.add_argument("--until", help="last event date (YYYY-MM-DD)")
    export.add_argument("--country", help="country name, e.g. Syria")
    export.add_argument("--event-type", help="ACLED event type, e.g. Battles")
    export.add_argument("--sub-event-type", help="ACLED sub-event type, e.g. 'Air/drone strike'")
    evaluate = commands.add_parser("evaluate", help="score the coder against gold data")
    targets = evaluate.add_subparsers(dest="target", required=True)
    acled = targets.add_parser("acled", help="code ACLED rows' notes and compare with the rows")
    acled.add_argument("file", help="an ACLED CSV export (current or older schema)")
    acled.add_argument("--limit", type=int, help="score a random sample of N rows")
    acled.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    acled.add_argument("--confusion", help="write the sub-event type confusion matrix (CSV)")
    places = targets.add_parser("places", help="score toponym recognition and resolution")
    places.add_argument("corpus", help="lgl, geowebnews, geovirus, or a corpus file")
    places.add_argument("--limit", type=int, help="score the first N documents")

    toponyms = commands.add_parser("places", help="print every place name found, as JSON lines")
    add_input_arguments(toponyms)
    return parser


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files (.html, .htm, .txt, .jsonl), folders (recursive) or - for stdin",
    )
    parser.add_argument(
        "--published",
        help="publication date (YYYY-MM-DD) for inputs that carry none",
    )


def coded_documents(inputs: Sequence[str], published: str | None) -> Iterator[Document | Problem]:
    raws = read_inputs(inputs, published=parse_published(published))
    return default_pipeline().pipe(raws)


def report_problem(problem: Problem, err: TextIO) -> None:
    err.write(f"incidex: {problem.origin}: {problem.message} ({problem.code})\n")


def documents_reporting_problems(
    args: argparse.Namespace, err: TextIO, problems: list[Problem]
) -> Iterator[Document]:
    """The coded documents of the inputs; each problem met is written to ``err`` and kept."""
    for result in coded_documents(args.inputs, args.published):
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
    return EXIT_PROBLEMS if problems else EXIT_OK


def run_ingest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    pipeline = default_pipeline()
    failed = False
    stored = skipped = events = 0
    with open_store(args.db) as store:
        for result in coded_documents(args.inputs, args.published):
            if isinstance(result, Problem):
                store.add_problem(result)
                report_problem(result, err)
                failed = True
                continue
            for problem in result.problems:
                report_problem(problem, err)
                failed = True
            if store.add(result, pipeline_version=pipeline.version):
                stored += 1
                events += len(result.events)
                for event in result.events:
                    out.write(summarise(event) + "\n")
            else:
                skipped += 1
        totals = store.counts()
    err.write(
        f"incidex: {stored} reports coded ({events} events), {skipped} already stored; "
        f"the database holds {totals.get('reports', 0)} reports and {totals.get('events', 0)} events\n"
    )
    return EXIT_PROBLEMS if failed else EXIT_OK


def summarise(event: Event) -> str:
    as_dict = event_to_dict(event)
    place = ", ".join(str(as_dict[k]) for k in ("location", "admin1", "country") if as_dict[k])
    return (
        f"{as_dict['event_date']}  {as_dict['sub_event_type']:<34}  {place or '?'}  "
        f"fatalities={as_dict['fatalities']}  {as_dict['actor1']} -> {as_dict['actor2'] or '-'}"
    )


def run_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with open_store(args.db) as store:
        events = store.events(
            EventQuery(
                since=parse_published(args.since),
                until=parse_published(args.until),
                country=args.country,
                event_type=args.event_type,
                sub_event_type=args.sub_event_type,
            )
        )
        write = write_acled_csv if args.format == "acled-csv" else write_jsonl
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as target:
                count = write(events, target)
        else:
            count = write(events, out)
    err.write(f"incidex: exported {count} events\n")
    return EXIT_OK


def run_evaluate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.target == "places":
        from incidex.evaluate.places import format_places_scores, run_places_evaluation

        out.write(format_places_scores(run_places_evaluation(args.corpus, limit=args.limit)) + "\n")
        return EXIT_OK
    from incidex.evaluate import format_scores, run_acled_evaluation

    scores = run_acled_evaluation(
        args.file, limit=args.limit, seed=args.seed, confusion_path=args.confusion
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


COMMANDS = {
    "code": run_code,
    "ingest": run_ingest,
    "export": run_export,
    "evaluate": run_evaluate,
    "places": run_places,
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
