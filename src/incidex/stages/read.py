"""Read inputs (files, folders, JSONL, WARC, stdin) into ``RawReport``s, streaming.

Each input is a path or ``"-"`` for stdin. Inputs that cannot be read become a
``Problem`` (codes ``not-found``, ``unreadable``, ``too-large``, ``bad-jsonl``)
and the rest go on. Nothing here decodes or judges the content: an empty file
is still yielded as a ``RawReport`` and extraction rejects it as ``empty``, so
an empty file and an empty JSONL ``text`` give the same problem.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import logging
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Literal, Protocol

from incidex.errors import MissingExtraError
from incidex.records import Problem, RawReport

log = logging.getLogger(__name__)

Kind = Literal["html", "text"]
ReadResult = RawReport | Problem

SUFFIX_KINDS: dict[str, Kind] = {".html": "html", ".htm": "html", ".txt": "text"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
KNOWN_SUFFIXES = (*SUFFIX_KINDS, *JSONL_SUFFIXES, *WARC_SUFFIXES)
# WARC response records whose payload is a web page; others (images, robots.txt) are skipped.
WARC_PAGE_TYPES = ("text/html", "application/xhtml+xml")
CONTENT_FIELDS: tuple[tuple[str, Kind], ...] = (("text", "text"), ("html", "html"))
STDIN_ORIGIN = "<stdin>"
SNIFF_BYTES = 2048
PREVIEW_CHARS = 80
SKIP_CHUNK = 65_536
HTML_MARKERS = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|h1|section)[\s>/]",
    re.IGNORECASE,
)


class LineSource(Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


def read_inputs(
    inputs: Iterable[str],
    *,
    published: dt.date | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int = 10_000_000,
) -> Iterator[RawReport | Problem]:
    """Yield one ``RawReport`` per report found in ``inputs``, or a ``Problem`` per bad input.

    ``published`` is the date given to reports that carry none of their own
    (an HTML page's own date still wins later, in extraction). ``max_bytes``
    bounds one report: a file, a JSONL line, stdin.
    """
    for given in inputs:
        if given == "-":
            source = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stdin(source, published=published, max_bytes=max_bytes)
        else:
            yield from read_path(given, published=published, max_bytes=max_bytes)


def read_stdin(
    stream: BinaryIO, *, published: dt.date | None, max_bytes: int
) -> Iterator[ReadResult]:
    """JSONL when the first non-whitespace byte is ``{``, else one report."""
    head = read_leading_whitespace(stream)
    if head.lstrip().startswith(b"{"):
        lines = PrefixedStream(head, stream)
        yield from read_jsonl_lines(
            lines, origin=STDIN_ORIGIN, published=published, max_bytes=max_bytes
        )
        return
    content = head + stream.read(max_bytes + 1 - len(head))
    if len(content) > max_bytes:
        yield too_large(STDIN_ORIGIN, max_bytes)
        return
    yield RawReport(
        origin=STDIN_ORIGIN, content=content, kind=sniff_kind(content), published=published
    )


def read_leading_whitespace(stream: BinaryIO) -> bytes:
    """Bytes up to and including the first non-whitespace one (or to the end)."""
    head = bytearray()
    while True:
        byte = stream.read(1)
        head += byte
        if not byte or not byte.isspace():
            return bytes(head)


class PrefixedStream:
    """``readline`` over some bytes already read followed by the rest of a stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = io.BytesIO(head)
        self._rest = rest

    def readline(self, size: int = -1, /) -> bytes:
        line = self._head.readline(size)
        if line.endswith(b"\n") or (size >= 0 and len(line) >= size):
            return line
        return line + self._rest.readline(size - len(line) if size >= 0 else -1)


def read_path(given: str, *, published: dt.date | None, max_bytes: int) -> Iterator[ReadResult]:
    """A file or a folder; origins keep the path as the caller wrote it."""
    try:
        is_folder = stat.S_ISDIR(os.stat(given).st_mode)
    except FileNotFoundError:
        yield Problem(code="not-found", message=f"no such file or folder: {given!r}", origin=given)
        return
    except OSError as e:
        yield unreadable(given, e)
        return
    if is_folder:
        yield from read_folder(given, published=published, max_bytes=max_bytes)
    else:
        yield from read_file(given, published=published, max_bytes=max_bytes)


def read_folder(folder: str, *, published: dt.date | None, max_bytes: int) -> Iterator[ReadResult]:
    """Files with known suffixes, recursively in name order, hidden ones skipped.

    Only names are held in memory (about a hundred bytes a file), never the files, so
    a folder of millions of reports streams.
    """
    try:
        with os.scandir(folder) as scan:
            # Symbolic links to folders are not followed, so link loops cannot recurse forever.
            entries = sorted(
                (entry.name, entry.is_dir(follow_symlinks=False))
                for entry in scan
                if not entry.name.startswith(".")
            )
    except OSError as e:
        yield unreadable(folder, e)
        return
    for name, is_folder in entries:
        path = os.path.join(folder, name)
        if is_folder:
            yield from read_folder(path, published=published, max_bytes=max_bytes)
        elif name.lower().endswith(KNOWN_SUFFIXES):
            yield from read_file(path, published=published, max_bytes=max_bytes)


def read_file(origin: str, *, published: dt.date | None, max_bytes: int) -> Iterator[ReadResult]:
    path = Path(origin)
    if path.name.lower().endswith(JSONL_SUFFIXES):
        yield from read_jsonl_file(path, origin=origin, published=published, max_bytes=max_bytes)
        return
    if path.name.lower().endswith(WARC_SUFFIXES):
        yield from read_warc_file(path, origin=origin, published=published, max_bytes=max_bytes)
        return
    try:
        size = path.stat().st_size
    except OSError as e:
        yield unreadable(origin, e)
        return
    if size > max_bytes:
        yield too_large(origin, max_bytes, size=size)
        return
    try:
        with path.open("rb") as file:
            # Read one byte more than allowed: special files report size 0.
            content = file.read(max_bytes + 1)
    except OSError as e:
        yield unreadable(origin, e)
        return
    if len(content) > max_bytes:
        yield too_large(origin, max_bytes)
        return
    kind = SUFFIX_KINDS.get(path.suffix.lower()) or sniff_kind(content)
    yield RawReport(origin=origin, content=content, kind=kind, published=published)


def read_jsonl_file(
    path: Path, *, origin: str, published: dt.date | None, max_bytes: int
) -> Iterator[ReadResult]:
    is_gzip = path.name.lower().endswith(".gz")
    try:
        # gzip streams too: lines are decompressed as they are read.
        with gzip.open(path, "rb") if is_gzip else path.open("rb") as file:
            yield from read_jsonl_lines(
                file, origin=origin, published=published, max_bytes=max_bytes
            )
    # Cannot open, a corrupt gzip stream or a failing disk; lines before it were yielded.
    except (OSError, EOFError, zlib.error) as e:
        yield unreadable(origin, e)


def read_warc_file(
    path: Path, *, origin: str, published: dt.date | None, max_bytes: int
) -> Iterator[ReadResult]:
    """One ``RawReport`` per HTML response record of a WARC file (Common Crawl's
    CC-NEWS and most web archives), gzipped or not, streamed record by record.

    Origins are ``file#N`` (N counts records from 1); the page's URL is the record's
    target URI; the crawl date stands in for a publication date the caller did not
    give (the page's own date still wins in extraction).
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as e:
        raise MissingExtraError(
            "reading WARC files needs the warc extra: pip install 'incidex[warc]'"
        ) from e
    try:
        with path.open("rb") as file:
            for number, record in enumerate(ArchiveIterator(file), start=1):
                if not record.format.startswith("warc"):
                    # warcio reads any bytes as an old-style ARC record; we read WARC only.
                    yield Problem(
                        code="unreadable",
                        message=f"record {number!r} is not a WARC record: {preview(record.raw_stream.read(PREVIEW_CHARS))}",
                        origin=origin,
                    )
                    return
                if is_page_response(record):
                    yield warc_report(record, f"{origin}#{number}", published, max_bytes)
    except (OSError, EOFError, zlib.error, ArchiveLoadFailed) as e:
        yield unreadable(origin, e)


def is_page_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode()
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return status == "200" and content_type.startswith(WARC_PAGE_TYPES)


def warc_report(record: Any, origin: str, published: dt.date | None, max_bytes: int) -> ReadResult:
    content = record.content_stream().read(max_bytes + 1)
    if len(content) > max_bytes:
        return too_large(origin, max_bytes)
    crawled = record.rec_headers.get_header("WARC-Date") or ""
    try:
        crawl_date = dt.date.fromisoformat(crawled[:10]) if crawled else None
    except ValueError:
        crawl_date = None
    return RawReport(
        origin=origin,
        content=content,
        kind="html",
        published=published or crawl_date,
        url=record.rec_headers.get_header("WARC-Target-URI"),
    )


def read_jsonl_lines(
    lines: LineSource, *, origin: str, published: dt.date | None, max_bytes: int
) -> Iterator[ReadResult]:
    """One ``RawReport`` per JSONL line; a bad line becomes a ``Problem`` and the rest go on."""
    line_number = 0
    while True:
        line = lines.readline(max_bytes + 1)
        if not line:
            return
        line_number += 1
        line_origin = f"{origin}:{line_number}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            skip_rest_of_line(lines)
            yield too_large(line_origin, max_bytes)
            continue
        if line.strip():
            yield parse_jsonl_line(line, origin=line_origin, published=published)


def skip_rest_of_line(lines: LineSource) -> None:
    while True:
        chunk = lines.readline(SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


class BadLine(ValueError):
    """A JSONL line that does not describe a report."""


def parse_jsonl_line(line: bytes, *, origin: str, published: dt.date | None) -> ReadResult:
    try:
        return raw_report_from_json(line, origin=origin, published=published)
    except BadLine as e:
        return Problem(code="bad-jsonl", message=str(e), origin=origin)


def raw_report_from_json(line: bytes, *, origin: str, published: dt.date | None) -> RawReport:
    try:
        record = json.loads(line)
    # RecursionError: a line of thousands of nested brackets.
    except (ValueError, RecursionError) as e:
        raise BadLine(f"not JSON ({e}): {preview(line)}") from e
    if not isinstance(record, dict):
        raise BadLine(f"not a JSON object: {preview(record)}")
    content, kind = content_of(record)
    return RawReport(
        origin=origin,
        content=content,
        kind=kind,
        report_id=report_id_of(record),
        published=published_of(record) or published,
        url=optional_text(record, "url"),
        outlet=optional_text(record, "source"),
        title=optional_text(record, "title"),
    )


def content_of(record: dict[str, object]) -> tuple[str, Kind]:
    """The ``text`` field (preferred: already clean) or else the ``html`` field."""
    for field, kind in CONTENT_FIELDS:
        value = record.get(field)
        if isinstance(value, str):
            return value, kind
        if value is not None:
            raise BadLine(f"field {field!r} must be a string, got {preview(value)}")
    raise BadLine(f"no 'text' or 'html' field in {preview(record)}")


def report_id_of(record: dict[str, object]) -> str | None:
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadLine(f"field 'id' must be a string or an integer, got {preview(value)}")
    return str(value) if str(value) else None


def published_of(record: dict[str, object]) -> dt.date | None:
    value = record.get("published")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadLine(f"field 'published' must be an ISO date string, got {preview(value)}")
    try:
        return parse_iso_date(value)
    except ValueError as e:
        raise BadLine(f"field 'published' is not an ISO date: {preview(value)}") from e


def parse_iso_date(value: str) -> dt.date:
    """The UTC date of an ISO date or datetime; a datetime without zone is taken as UTC."""
    value = value.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass  # not a bare date: try a datetime below
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.date()


def optional_text(record: dict[str, object], field: str) -> str | None:
    """A string metadata field; other types are ignored so one odd field does not lose a report."""
    value = record.get(field)
    if isinstance(value, str) and value.strip():
        return value.strip()
    if value is not None and not isinstance(value, str):
        log.info("ignoring field %r: not a string: %s", field, preview(value))
    return None


def sniff_kind(content: bytes) -> Kind:
    """``html`` when the first bytes hold a common HTML tag, else ``text``."""
    return "html" if HTML_MARKERS.search(content[:SNIFF_BYTES]) else "text"


def preview(value: object) -> str:
    """``repr`` of a bad value, cut to a readable length."""
    text = repr(value)
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 3] + "..."


def unreadable(origin: str, error: OSError | EOFError | zlib.error) -> Problem:
    return Problem(code="unreadable", message=f"cannot read {origin!r}: {error}", origin=origin)


def too_large(origin: str, max_bytes: int, *, size: int | None = None) -> Problem:
    found = f"{size:,} bytes, " if size is not None else ""
    return Problem(
        code="too-large",
        message=f"{origin!r} has {found}more than the limit of {max_bytes:,} bytes",
        origin=origin,
    )
