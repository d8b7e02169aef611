"""The SQLite store: one file holding reports, their events with evidence, and problems.

The schema is versioned with ``PRAGMA user_version``; ``MIGRATIONS[i]`` takes a
database from version ``i`` to ``i + 1``. Never edit a released migration:
append a new one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from os import PathLike
from types import TracebackType
from typing import Self, cast

from incidex.errors import IncidexError
from incidex.records import Attribution, Document, Event, Evidence, Problem, Report, Span
from incidex.store.query import ALL_EVENTS, EventQuery

log = logging.getLogger(__name__)

__all__ = ["EVENT_COLUMNS", "MIGRATIONS", "SQLiteStore"]

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: first schema.
    (
        """CREATE TABLE reports (
            report_id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            origin TEXT NOT NULL,
            title TEXT,
            published TEXT,
            url TEXT,
            outlet TEXT,
            text TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            coded_at TEXT NOT NULL
        )""",
        """CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
            event_date TEXT NOT NULL,
            time_precision INTEGER NOT NULL,
            disorder_type TEXT NOT NULL,
            event_type TEXT NOT NULL,
            sub_event_type TEXT NOT NULL,
            actor1 TEXT,
            assoc_actor_1 TEXT,
            inter1 INTEGER,
            actor2 TEXT,
            assoc_actor_2 TEXT,
            inter2 INTEGER,
            interaction INTEGER,
            civilian_targeting TEXT,
            country TEXT,
            iso3 TEXT,
            admin1 TEXT,
            admin2 TEXT,
            admin3 TEXT,
            location TEXT,
            latitude REAL,
            longitude REAL,
            geo_precision INTEGER,
            geonameid INTEGER,
            fatalities INTEGER,
            fatalities_low INTEGER,
            fatalities_high INTEGER,
            injured INTEGER,
            attribution TEXT NOT NULL,
            sources TEXT NOT NULL,
            confidence REAL NOT NULL,
            notes TEXT NOT NULL,
            contested INTEGER NOT NULL,
            suspected_actor1 TEXT
        )""",
        "CREATE INDEX events_report_id ON events (report_id)",
        "CREATE INDEX events_event_date ON events (event_date)",
        "CREATE INDEX events_country ON events (country)",
        "CREATE INDEX events_iso3 ON events (iso3)",
        "CREATE INDEX events_sub_event_type ON events (sub_event_type)",
        # One row per span, in order (id). A row with NULL start/end/text records
        # a field whose evidence has no spans (a defaulted date, for instance).
        """CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            start INTEGER,
            "end" INTEGER,
            text TEXT
        )""",
        "CREATE INDEX evidence_event_id ON evidence (event_id)",
        # No foreign key on report_id: a problem may name a report never stored.
        """CREATE TABLE problems (
            id INTEGER PRIMARY KEY,
            report_id TEXT,
            origin TEXT NOT NULL,
            stage TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX problems_report_id ON problems (report_id)",
    ),
    # 2: events merged across reports list their reports and carry a grade.
    (
        "ALTER TABLE events ADD COLUMN report_ids TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE events ADD COLUMN grade TEXT",
    ),
)

# The events columns in table order; every Event field except evidence.
EVENT_COLUMNS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Event) if f.name != "evidence"
)
_EVENT_ID = EVENT_COLUMNS.index("event_id")
_REPORT_COLUMNS = ("report_id", "content_hash", "origin", "title", "published", "url", "outlet")
_INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in EVENT_COLUMNS)})"
)
_SELECT_EVENTS = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events"
# Events are rebuilt in batches so that evidence is fetched with one query per
# batch; kept under SQLite's limit on parameters in one statement.
_BATCH_SIZE = 500


class SQLiteStore:
    """A store in one SQLite file (WAL mode, foreign keys on).

    One connection per instance, used from the thread that opened it.
    ``path`` may be ``":memory:"`` for a throwaway store.
    """

    def __init__(self, path: str | PathLike[str]) -> None:
        self.path = str(path)
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves (see _transaction).
            self._conn = sqlite3.connect(self.path, isolation_level=None)
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA journal_mode = WAL")
            # With WAL, NORMAL cannot corrupt the file; a power cut may lose the
            # last commits, which a re-run adds again (adds are idempotent).
            self._conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as e:
            raise IncidexError(f"cannot open SQLite store {self.path!r}: {e}") from e
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        self._check_not_newer()
        if self.schema_version == len(MIGRATIONS):
            return  # up to date: opening takes no write lock
        # Read again inside the write transaction so two processes opening a
        # new file at once do not both run the same migration.
        with self._transaction() as conn:
            current = self.schema_version
            for version, statements in enumerate(MIGRATIONS[current:], start=current + 1):
                log.info("migrating store %r to schema version %d", self.path, version)
                for statement in statements:
                    conn.execute(statement)
                # PRAGMA takes no parameters; version is our own int, never input.
                conn.execute(f"PRAGMA user_version = {version:d}")

    def _check_not_newer(self) -> None:
        current = self.schema_version
        if current > len(MIGRATIONS):
            raise IncidexError(
                f"store {self.path!r} has schema version {current!r}, newer than this "
                f"incidex knows ({len(MIGRATIONS)!r}); upgrade incidex"
            )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so the "already stored?"
        # check and the writes that follow cannot interleave with another writer.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def add(self, doc: Document, *, pipeline_version: str) -> bool:
        """Store a coded report with its events, evidence and problems, in one transaction.

        Returns ``False`` and changes nothing when a report with the same
        content hash was already stored by the same ``pipeline_version``. A
        stored report coded by another version (or with the same ``report_id``)
        is replaced, events and problems included.
        """
        report = doc.report
        strays = [e.event_id for e in doc.events if e.report_id != report.report_id]
        if strays:
            raise ValueError(f"events {strays!r} do not belong to report {report.report_id!r}")
        with self._transaction() as conn:
            stored = conn.execute(
                "SELECT pipeline_version FROM reports WHERE content_hash = ?",
                (report.content_hash,),
            ).fetchone()
            if stored is not None and stored[0] == pipeline_version:
                return False
            self._delete_reports(conn, report)
            _insert_report(conn, report, pipeline_version=pipeline_version)
            _insert_events(conn, doc.events)
            _insert_problems(conn, doc.problems, report_id=report.report_id)
        return True

    @staticmethod
    def _delete_reports(conn: sqlite3.Connection, report: Report) -> None:
        """Remove what is stored for this report (by id or content); events cascade."""
        key = (report.report_id, report.content_hash)
        conn.execute(
            "DELETE FROM problems WHERE report_id IN "
            "(SELECT report_id FROM reports WHERE report_id = ? OR content_hash = ?)",
            key,
        )
        conn.execute("DELETE FROM reports WHERE report_id = ? OR content_hash = ?", key)

    def add_problem(self, problem: Problem) -> None:
        """Record an input that never became a stored report."""
        with self._transaction() as conn:
            _insert_problems(conn, (problem,), report_id=problem.report_id)

    def has_report(self, content_hash: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM reports WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return row is not None

    def events(self, query: EventQuery = ALL_EVENTS) -> Iterator[Event]:
        """Stored events matching ``query``, in its sort order (ties by event_id)."""
        where, params = _where(query)
        sql = f"{_SELECT_EVENTS}{where} ORDER BY {_ORDER_BY[query.sort]}, event_id"
        if query.limit is not None or query.offset:
            sql += " LIMIT ? OFFSET ?"
            params.extend((-1 if query.limit is None else query.limit, query.offset))
        cursor = self._conn.execute(sql, params)
        while rows := cursor.fetchmany(_BATCH_SIZE):
            evidence = self._evidence_for([row[_EVENT_ID] for row in rows])
            for row in rows:
                yield _event_from_row(row, evidence.get(row[_EVENT_ID], ()))

    def count_events(self, query: EventQuery = ALL_EVENTS) -> int:
        """How many events match ``query``, ignoring its offset and limit."""
        where, params = _where(query)
        return int(self._conn.execute(f"SELECT COUNT(*) FROM events{where}", params).fetchone()[0])

    def event(self, event_id: str) -> Event | None:
        """One stored event with its evidence, or ``None``."""
        row = self._conn.execute(f"{_SELECT_EVENTS} WHERE event_id = ?", (event_id,)).fetchone()
        if row is None:
            return None
        return _event_from_row(row, self._evidence_for([event_id]).get(event_id, ()))

    def _evidence_for(self, event_ids: Sequence[str]) -> dict[str, tuple[Evidence, ...]]:
        placeholders = ", ".join("?" for _ in event_ids)
        rows = self._conn.execute(
            'SELECT event_id, field, start, "end", text FROM evidence '
            f"WHERE event_id IN ({placeholders}) ORDER BY event_id, id",
            event_ids,
        ).fetchall()
        return {
            event_id: _evidence_from_rows(list(event_rows))
            for event_id, event_rows in groupby(rows, key=lambda row: row[0])
        }

    def reports(self) -> Iterator[Report]:
        """Stored reports (without their events), by report_id."""
        columns = ", ".join((*_REPORT_COLUMNS, "text"))
        for row in self._conn.execute(f"SELECT {columns} FROM reports ORDER BY report_id"):
            report_id, content_hash, origin, title, published, url, outlet, text = row
            yield Report(
                report_id=report_id,
                text=text,
                content_hash=content_hash,
                origin=origin,
                title=title,
                published=None if published is None else dt.date.fromisoformat(published),
                url=url,
                outlet=outlet,
            )

    def problems(self) -> Iterator[Problem]:
        """Stored problems in the order they were recorded."""
        rows = self._conn.execute(
            "SELECT code, message, origin, stage, report_id FROM problems ORDER BY id"
        )
        for code, message, origin, stage, report_id in rows:
            yield Problem(
                code=code, message=message, origin=origin, stage=stage, report_id=report_id
            )

    def counts(self) -> dict[str, int]:
        """How many reports, events and problems are stored."""
        return {
            table: int(self._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in ("reports", "events", "problems")  # table names are ours, not input
        }


_ORDER_BY: dict[str, str] = {
    "event_date": "event_date",
    "-event_date": "event_date DESC",
    "fatalities": "fatalities IS NULL, fatalities",
    "-fatalities": "fatalities IS NULL, fatalities DESC",
    "event_id": "event_id",
}


def _where(query: EventQuery) -> tuple[str, list[object]]:
    """The WHERE clause (empty or with a leading space) and its parameters."""
    clauses: list[str] = []
    params: list[object] = []

    def add(clause: str, *values: object) -> None:
        clauses.append(clause)
        params.extend(values)

    if query.since is not None:
        add("event_date >= ?", query.since.isoformat())
    if query.until is not None:
        add("event_date <= ?", query.until.isoformat())
    if query.bbox is not None:
        box = query.bbox
        add(
            "longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?",
            box.west,
            box.east,
            box.south,
            box.north,
        )
    if query.country is not None:
        add("(country = ? OR iso3 = ?)", query.country, query.country)
    for column in ("admin1", "event_type", "sub_event_type", "attribution", "grade"):
        value = getattr(query, column)
        if value is not None:
            add(f"{column} = ?", value)  # column names are ours, never input
    if query.actor is not None:
        pattern = f"%{_escape_like(query.actor)}%"
        add(
            "(actor1 LIKE ? ESCAPE '\\' OR actor2 LIKE ? ESCAPE '\\' "
            "OR assoc_actor_1 LIKE ? ESCAPE '\\' OR assoc_actor_2 LIKE ? ESCAPE '\\')",
            *([pattern] * 4),
        )
    if query.min_fatalities is not None:
        add("fatalities >= ?", query.min_fatalities)
    if query.text is not None:
        pattern = f"%{_escape_like(query.text)}%"
        add(
            "(notes LIKE ? ESCAPE '\\' OR report_id IN "
            "(SELECT report_id FROM reports WHERE text LIKE ? ESCAPE '\\'))",
            pattern,
            pattern,
        )
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _insert_report(conn: sqlite3.Connection, report: Report, *, pipeline_version: str) -> None:
    conn.execute(
        "INSERT INTO reports (report_id, content_hash, origin, title, published, url, outlet, "
        "text, pipeline_version, coded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            report.report_id,
            report.content_hash,
            report.origin,
            report.title,
            None if report.published is None else report.published.isoformat(),
            report.url,
            report.outlet,
            report.text,
            pipeline_version,
            _utc_now(),
        ),
    )


def _insert_events(conn: sqlite3.Connection, events: Iterable[Event]) -> None:
    for event in events:
        try:
            conn.execute(_INSERT_EVENT, _event_to_row(event))
        except sqlite3.IntegrityError as e:
            raise IncidexError(
                f"cannot store event {event.event_id!r} of report {event.report_id!r}: {e}"
            ) from e
        conn.executemany(
            'INSERT INTO evidence (event_id, field, start, "end", text) VALUES (?, ?, ?, ?, ?)',
            _evidence_rows(event),
        )


def _insert_problems(
    conn: sqlite3.Connection, problems: Iterable[Problem], *, report_id: str | None
) -> None:
    created_at = _utc_now()
    conn.executemany(
        "INSERT INTO problems (report_id, origin, stage, code, message, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (p.report_id or report_id, p.origin, p.stage, p.code, p.message, created_at)
            for p in problems
        ],
    )


def _event_to_row(event: Event) -> tuple[object, ...]:
    special: dict[str, object] = {
        "event_date": event.event_date.isoformat(),
        "sources": json.dumps(list(event.sources), ensure_ascii=False),
        "report_ids": json.dumps(list(event.report_ids), ensure_ascii=False),
        "contested": int(event.contested),
    }
    return tuple(special[c] if c in special else getattr(event, c) for c in EVENT_COLUMNS)


def _evidence_rows(event: Event) -> Iterator[tuple[object, ...]]:
    for evidence in event.evidence:
        if not evidence.spans:
            yield (event.event_id, evidence.field, None, None, None)
        for span in evidence.spans:
            yield (event.event_id, evidence.field, span.start, span.end, span.text)


def _evidence_from_rows(rows: Sequence[tuple[object, ...]]) -> tuple[Evidence, ...]:
    """Rows of one event, in insertion order, back into Evidence records.

    Consecutive rows of the same field form one Evidence.
    """
    evidence = []
    for field, field_rows in groupby(rows, key=lambda row: row[1]):
        spans = tuple(
            Span(start=cast(int, start), end=cast(int, end), text=cast(str, text))
            for _, _, start, end, text in field_rows
            if start is not None
        )
        evidence.append(Evidence(field=cast(str, field), spans=spans))
    return tuple(evidence)


def _event_from_row(row: Sequence[object], evidence: tuple[Evidence, ...]) -> Event:
    values = dict(zip(EVENT_COLUMNS, row, strict=True))
    values["event_date"] = dt.date.fromisoformat(cast(str, values["event_date"]))
    values["sources"] = tuple(json.loads(cast(str, values["sources"])))
    values["report_ids"] = tuple(json.loads(cast(str, values["report_ids"])))
    values["contested"] = bool(values["contested"])
    values["attribution"] = cast(Attribution, values["attribution"])
    return Event(**values, evidence=evidence)  # type: ignore[arg-type]
