"""What the SQL backends share: rows <-> records, filters, and merging reports into events.

Both backends keep two layers (docs/storage.md):

* *report events*: each report's own coding (table ``events``, with
  ``evidence``), replaced when the report is re-coded, older codings kept in
  ``report_history``;
* *merged events*: report events grouped across reports by
  ``incidex.incidents`` (tables ``merged_events``, ``merged_members``,
  ``provenance``), rebuilt incrementally in the transaction of each ``add`` and
  fully by ``remerge``. ``events``, ``count_events`` and ``event`` read this layer.

SQL is written once with ``?`` placeholders; a backend turns it into its own
dialect in ``_run`` and supplies the parts that differ (transactions, full text,
bounding boxes, case-blind matching).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import math
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from typing import Any, TypeVar, cast

from incidex.closable import Closable
from incidex.errors import IncidexError, StoreError
from incidex.export import event_from_dict, event_to_dict
from incidex.incidents import (
    DEFAULT_SETTINGS,
    Incident,
    MergeSettings,
    Provenance,
    Publication,
    cluster_events,
    is_linked,
    merge_cluster,
    window_days,
)
from incidex.records import Attribution, Document, Event, Evidence, Problem, Report, Span
from incidex.store.query import (
    ALL_EVENTS,
    FACET_COLUMNS,
    BoundingBox,
    EventQuery,
    FacetColumn,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

__all__ = ["EVENT_COLUMNS", "Coding", "RelationalStore"]

# The events columns in table order; every Event field except evidence.
EVENT_COLUMNS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Event) if f.name != "evidence"
)
_EVENT_ID = EVENT_COLUMNS.index("event_id")
_REPORT_COLUMNS = ("report_id", "content_hash", "origin", "title", "published", "url", "outlet")
_MERGED_COLUMNS = (*EVENT_COLUMNS, "lead_event_id")
# Rows are read in batches so that evidence is fetched with one query per
# batch; kept under SQLite's limit on parameters in one statement.
BATCH_SIZE = 500
# Widest date window any stored event can have (month precision), see window_days.
_WIDEST_DAYS = 31
# A limit larger than any table, for queries with an offset and no limit.
_NO_LIMIT = 2**62
_DEGREES_PER_KM = 1 / 110.574  # latitude; longitude widens by 1/cos(latitude)

_ORDER_BY: dict[str, str] = {
    "event_date": "event_date",
    "-event_date": "event_date DESC",
    "fatalities": "fatalities IS NULL, fatalities",
    "-fatalities": "fatalities IS NULL, fatalities DESC",
    "event_id": "event_id",
}


@dataclass(frozen=True, slots=True)
class Coding:
    """What one pipeline version said about a report: its events and problems."""

    report_id: str
    content_hash: str
    pipeline_version: str
    coded_at: str
    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    current: bool


class RelationalStore(Closable, ABC):
    """The store logic shared by SQLite and PostgreSQL; subclasses supply the dialect."""

    # Class attributes a backend may override.
    like = "LIKE"  # case-blind LIKE
    collate = ""  # appended to ORDER BY event_id: code point order in every backend
    integrity_errors: tuple[type[Exception], ...] = ()

    settings: MergeSettings = DEFAULT_SETTINGS

    # -- what a backend provides -------------------------------------------------

    @abstractmethod
    def _run(self, sql: str, params: Sequence[object] = ()) -> Any:
        """Execute one statement and return a cursor (fetchone, fetchall, fetchmany, iteration)."""

    @abstractmethod
    def _run_many(self, sql: str, rows: Iterable[Sequence[object]]) -> None: ...

    @abstractmethod
    def _begin(self) -> None:
        """Start a write transaction that excludes other writers (the merge reads, then writes)."""

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def _text_clause(self, text: str) -> tuple[str, list[object]]:
        """A condition on ``merged_events`` for ``EventQuery.text``."""

    @abstractmethod
    def _bbox_clause(self, box: BoundingBox) -> tuple[str, list[object]]:
        """A condition on ``merged_events`` for ``EventQuery.bbox``."""

    @abstractmethod
    def close(self) -> None: ...

    def _date_param(self, day: dt.date) -> object:
        return day.isoformat()

    _depth = 0
    # How often a write that met a passing fault (a lock held by another writer, a
    # lost connection) is tried again, and the first wait; waits double.
    write_retries = 4
    retry_wait_s = 0.5

    @abstractmethod
    def _fault(self, error: Exception) -> tuple[bool, str] | None:
        """For a driver error: (whether it may pass, what to tell the user); ``None``
        when it is not a database fault (a bug, which propagates)."""

    @abstractmethod
    def _recover(self) -> None:
        """Make the connection usable again after a fault that may pass."""

    def _writing(self, what: str, write: Callable[[], T]) -> T:
        """Run one write transaction, trying again while the fault may pass; a fault
        that stays becomes a ``StoreError`` (the transaction was rolled back)."""
        wait = self.retry_wait_s
        for attempt in range(self.write_retries + 1):
            try:
                return write()
            except Exception as e:
                fault = self._fault(e)
                if fault is None:
                    raise
                passing, message = fault
                if not passing or attempt == self.write_retries:
                    raise StoreError(f"cannot {what}: {message}") from e
                log.warning("%s; trying again in %.1f s", message, wait)
            time.sleep(wait)
            wait *= 2
            self._recover()
        raise AssertionError("unreachable")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction; nested uses (``add`` inside ``add_many``) join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield
        except BaseException as e:
            self._depth = 0
            self._rollback_after(e)
            raise
        self._depth = 0
        try:
            self._commit()
        except Exception as e:
            self._rollback_after(e)
            raise

    def _rollback_after(self, error: BaseException) -> None:
        """Roll back; on a connection the fault broke, there is nothing to roll back."""
        try:
            self._rollback()
        except Exception as rollback_error:
            if self._fault(rollback_error) is None:
                raise
            log.debug("rollback after %r failed: %r", error, rollback_error)

    # -- writing -----------------------------------------------------------------

    def add(self, doc: Document, *, pipeline_version: str) -> bool:
        """Store a coded report with its events, evidence and problems, and merge its events,
        in one transaction.

        Returns ``False`` and changes nothing when a report with the same
        content hash was already stored by the same ``pipeline_version`` and
        coded without problems. A stored report coded by another version (or
        with the same ``report_id``, or with problems) is replaced, events and
        problems included; what it said before is kept in its history.
        A write the database refuses raises ``StoreError`` after a few tries when
        the fault may pass (a lock, a lost connection).
        """
        return self._writing(
            f"store report {doc.report.report_id!r}", lambda: self._add(doc, pipeline_version)
        )

    def _add(self, doc: Document, pipeline_version: str) -> bool:
        with self._transaction():
            seeds = self._store_report(doc, pipeline_version)
            if seeds is None:
                return False
            self._merge_new(doc.events, seeds)
        return True

    def add_many(self, docs: Iterable[Document], *, pipeline_version: str) -> int:
        """Add several documents in one transaction, merging once at the end (the bulk path).

        Gives the same merged events as adding them one by one; returns how
        many documents were stored.
        """
        batch = list(docs)
        return self._writing(
            f"store {len(batch)} reports", lambda: self._add_many(batch, pipeline_version)
        )

    def _add_many(self, docs: Sequence[Document], pipeline_version: str) -> int:
        stored = 0
        with self._transaction():
            new_events: list[Event] = []
            seeds: dict[str, Event] = {}
            for doc in docs:
                found = self._store_report(doc, pipeline_version)
                if found is None:
                    continue
                stored += 1
                new_events.extend(doc.events)
                seeds.update((e.event_id, e) for e in found)
                # a seed may itself be replaced later in the batch
                for event_id in [
                    k for k, e in seeds.items() if e.report_id == doc.report.report_id
                ]:
                    del seeds[event_id]
            # a report replaced later in the batch left events that are gone
            current = self._existing_event_ids([e.event_id for e in new_events])
            self._merge_new([e for e in new_events if e.event_id in current], list(seeds.values()))
        return stored

    def _existing_event_ids(self, event_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(event_ids, BATCH_SIZE):
            marks = ", ".join("?" for _ in chunk)
            rows = self._run(f"SELECT event_id FROM events WHERE event_id IN ({marks})", chunk)
            found.update(row[0] for row in rows)
        return found

    def _store_report(self, doc: Document, pipeline_version: str) -> list[Event] | None:
        """Write the report's rows (not its merged events); ``None`` when already stored.

        Returns the seeds to re-merge: the other members of merged events its old coding was in.
        """
        report = doc.report
        strays = [e.event_id for e in doc.events if e.report_id != report.report_id]
        if strays:
            raise ValueError(f"events {strays!r} do not belong to report {report.report_id!r}")
        stored = self._run(
            "SELECT pipeline_version, has_problems FROM reports WHERE content_hash = ?",
            (report.content_hash,),
        ).fetchone()
        if stored is not None and stored[0] == pipeline_version and not stored[1]:
            return None
        replaced = self._run(
            "SELECT origin FROM reports WHERE report_id = ? AND content_hash <> ?",
            (report.report_id, report.content_hash),
        ).fetchone()
        seeds = self._delete_reports(report)
        self._insert_report(report, pipeline_version, has_problems=bool(doc.problems))
        self._insert_events(doc.events)
        self._insert_problems(doc.problems, report_id=report.report_id)
        if replaced is not None:
            # Two inputs gave the same id (a dump with repeated ids, or an article
            # updated since): the newer text wins, and the store says so.
            log.warning(
                "report %r from %r replaces one from %r",
                report.report_id,
                report.origin,
                replaced[0],
            )
            problem = Problem(
                code="duplicate-id",
                message=f"report id {report.report_id!r} was stored with other text from "
                f"{replaced[0]!r}; this text replaces it",
                origin=report.origin,
                stage="store",
                report_id=report.report_id,
            )
            self._insert_problems((problem,), report_id=report.report_id)
        # The input is coded now: problems met reading it before are settled.
        self._run("DELETE FROM problems WHERE report_id IS NULL AND origin = ?", (report.origin,))
        return seeds

    def add_problem(self, problem: Problem) -> None:
        """Record an input that never became a stored report (listed by ``retry``)."""

        def write() -> None:
            with self._transaction():
                self._insert_problems((problem,), report_id=problem.report_id)

        self._writing(f"record the problem of {problem.origin!r}", write)

    def remerge(self, settings: MergeSettings | None = None) -> int:
        """Rebuild every merged event from the stored report events; returns how many there are.

        ``settings`` (kept in the store, used by later adds) default to the
        stored ones. Reversible: re-merging with the old settings gives the old
        events back.
        """
        return self._writing("rebuild the merged events", lambda: self._remerge(settings))

    def _remerge(self, settings: MergeSettings | None) -> int:
        with self._transaction():
            if settings is not None:
                self._save_settings(settings)
            for table in ("provenance", "merged_members", "merged_events"):
                self._run(f"DELETE FROM {table}")  # table names are ours
            events = list(self._report_events_where("", ()))
            publications = self._publications({e.report_id for e in events})
            clusters = cluster_events(events, self.settings)
            for chunk in _chunks(clusters, BATCH_SIZE):
                self._insert_incidents([merge_cluster(c, publications) for c in chunk])
            return len(clusters)

    # -- merging -----------------------------------------------------------------

    def _merge_new(self, new_events: Sequence[Event], seeds: Sequence[Event]) -> None:
        """Merge new report events with the stored events they link to.

        A merged event depends only on the link component it lies in (see
        ``incidex.incidents.cluster_events``). The components touching the new
        events and the ``seeds`` (what was linked to a replaced report) are found
        by following links through stored events; their merged events are
        dissolved and clustered again, which gives what a full ``remerge`` would.
        """
        involved = self._linked_closure([*new_events, *seeds], {e.event_id for e in new_events})
        self._delete_merged(self._merged_ids_of(list(involved)))
        if not involved:
            return
        publications = self._publications({e.report_id for e in involved.values()})
        clusters = cluster_events(involved.values(), self.settings)
        self._insert_incidents([merge_cluster(c, publications) for c in clusters])

    def _linked_closure(self, start: Sequence[Event], fresh: set[str]) -> dict[str, Event]:
        """``start`` and every stored event linked to them, directly or through others."""
        involved = {e.event_id: e for e in start}
        frontier = list(start)
        while frontier:
            event = frontier.pop()
            for candidate in self._candidates(event):
                if candidate.event_id in involved or candidate.event_id in fresh:
                    continue
                if is_linked(event, candidate, self.settings):
                    involved[candidate.event_id] = candidate
                    frontier.append(candidate)
        return involved

    def _candidates(self, event: Event) -> list[Event]:
        """Stored report events that blocking may pair with ``event`` (a superset: checked again)."""
        own = window_days(event, self.settings)
        since, until = _shift(event.event_date, -own), _shift(event.event_date, own)
        wide_since = _shift(event.event_date, -_WIDEST_DAYS)
        wide_until = _shift(event.event_date, _WIDEST_DAYS)
        place_sql, place_params = self._near_clause(event)
        found: dict[str, Event] = {}
        for date_sql, date_params in (
            ("event_date BETWEEN ? AND ?", (since, until)),
            ("time_precision > 1 AND event_date BETWEEN ? AND ?", (wide_since, wide_until)),
        ):
            where = f"event_type = ? AND report_id <> ? AND {date_sql} AND {place_sql}"
            params = (
                event.event_type,
                event.report_id,
                *(self._date_param(d) for d in date_params),
                *place_params,
            )
            for stored in self._report_events_where(f" WHERE {where}", params):
                found[stored.event_id] = stored
        return [found[key] for key in sorted(found)]

    def _near_clause(self, event: Event) -> tuple[str, tuple[object, ...]]:
        if event.latitude is None or event.longitude is None:
            return "admin1 = ?", (event.admin1,)
        dlat = self.settings.km * _DEGREES_PER_KM
        cos = max(math.cos(math.radians(min(abs(event.latitude), 89.0))), 0.01)
        dlon = dlat / cos
        return (
            "((latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?) "
            "OR (latitude IS NULL AND admin1 = ?))",
            (
                event.latitude - dlat,
                event.latitude + dlat,
                event.longitude - dlon,
                event.longitude + dlon,
                event.admin1,
            ),
        )

    def _merged_id_of(self, member_id: str) -> str | None:
        row = self._run(
            "SELECT event_id FROM merged_members WHERE member_id = ?", (member_id,)
        ).fetchone()
        return None if row is None else cast(str, row[0])

    def _merged_ids_of(self, member_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(member_ids, BATCH_SIZE):
            marks = ", ".join("?" for _ in chunk)
            rows = self._run(
                f"SELECT event_id FROM merged_members WHERE member_id IN ({marks})", chunk
            )
            found.update(row[0] for row in rows)
        return found

    def _delete_merged(self, merged_ids: Iterable[str]) -> None:
        ids = sorted(merged_ids)
        for chunk in _chunks(ids, BATCH_SIZE):
            marks = ", ".join("?" for _ in chunk)
            for table in ("provenance", "merged_members", "merged_events"):
                self._run(f"DELETE FROM {table} WHERE event_id IN ({marks})", chunk)

    def _insert_incidents(self, incidents: Sequence[Incident]) -> None:
        columns = ", ".join(_MERGED_COLUMNS)
        marks = ", ".join("?" for _ in _MERGED_COLUMNS)
        self._run_many(
            f"INSERT INTO merged_events ({columns}) VALUES ({marks})",
            [(*event_to_row(i.event), i.members[0].event_id) for i in incidents],
        )
        self._run_many(
            "INSERT INTO merged_members (event_id, member_id, report_id, position) "
            "VALUES (?, ?, ?, ?)",
            [
                (i.event.event_id, member.event_id, member.report_id, position)
                for i in incidents
                for position, member in enumerate(i.members)
            ],
        )
        self._run_many(
            "INSERT INTO provenance (event_id, position, field, value, report_id, reason) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (i.event.event_id, n, p.field, json.dumps(p.value), p.report_id, p.reason)
                for i in incidents
                for n, p in enumerate(i.provenance)
            ],
        )

    def _publications(self, report_ids: Iterable[str]) -> dict[str, Publication]:
        publications: dict[str, Publication] = {}
        for chunk in _chunks(sorted(report_ids), BATCH_SIZE):
            marks = ", ".join("?" for _ in chunk)
            rows = self._run(
                f"SELECT report_id, published, outlet FROM reports WHERE report_id IN ({marks})",
                chunk,
            )
            for report_id, published, outlet in rows:
                publications[report_id] = Publication(report_id, _as_date(published), outlet)
        return publications

    def _load_settings(self) -> None:
        row = self._run("SELECT settings FROM merge_settings WHERE id = 1").fetchone()
        self.settings = DEFAULT_SETTINGS if row is None else MergeSettings(**json.loads(row[0]))

    def _save_settings(self, settings: MergeSettings) -> None:
        self._run("DELETE FROM merge_settings WHERE id = 1")
        self._run(
            "INSERT INTO merge_settings (id, settings) VALUES (1, ?)",
            (json.dumps(dataclasses.asdict(settings)),),
        )
        self.settings = settings

    # -- replacing a report --------------------------------------------------------

    def _delete_reports(self, report: Report) -> list[Event]:
        """Remove what is stored for this report (by id or content), keeping its coding in the
        history; returns the other members of the merged events its events were in."""
        key = (report.report_id, report.content_hash)
        rows = self._run(
            "SELECT report_id, content_hash, pipeline_version, coded_at FROM reports "
            "WHERE report_id = ? OR content_hash = ?",
            key,
        ).fetchall()
        if not rows:
            return []
        old_ids = [row[0] for row in rows]
        for report_id, content_hash, version, coded_at in rows:
            self._archive(report_id, content_hash, version, coded_at)
        marks = ", ".join("?" for _ in old_ids)
        old_events = list(self._report_events_where(f" WHERE report_id IN ({marks})", old_ids))
        component = self._linked_closure(old_events, set())
        seeds = [e for e in component.values() if e.report_id not in old_ids]
        self._delete_merged(self._merged_ids_of(list(component)))
        self._run(f"DELETE FROM problems WHERE report_id IN ({marks})", old_ids)
        self._run(
            f"DELETE FROM evidence WHERE event_id IN (SELECT event_id FROM events WHERE report_id IN ({marks}))",
            old_ids,
        )
        self._run(f"DELETE FROM events WHERE report_id IN ({marks})", old_ids)
        self._run(f"DELETE FROM reports WHERE report_id IN ({marks})", old_ids)
        return seeds

    def _archive(self, report_id: str, content_hash: str, version: str, coded_at: str) -> None:
        events = [event_to_dict(e) for e in self._report_events_of(report_id)]
        problems = [dataclasses.asdict(p) for p in self._problems_of(report_id)]
        self._run(
            "INSERT INTO report_history (report_id, content_hash, pipeline_version, coded_at, "
            "events, problems) VALUES (?, ?, ?, ?, ?, ?)",
            (
                report_id,
                content_hash,
                version,
                str(coded_at),
                json.dumps(events, ensure_ascii=False),
                json.dumps(problems, ensure_ascii=False),
            ),
        )

    # -- inserting rows --------------------------------------------------------------

    def _insert_report(self, report: Report, version: str, *, has_problems: bool) -> None:
        self._run(
            "INSERT INTO reports (report_id, content_hash, origin, title, published, url, "
            "outlet, text, pipeline_version, coded_at, has_problems) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                report.report_id,
                report.content_hash,
                report.origin,
                report.title,
                None if report.published is None else self._date_param(report.published),
                report.url,
                report.outlet,
                report.text,
                version,
                _utc_now(),
                int(has_problems),
            ),
        )

    def _insert_events(self, events: Sequence[Event]) -> None:
        if not events:
            return
        columns = ", ".join(EVENT_COLUMNS)
        marks = ", ".join("?" for _ in EVENT_COLUMNS)
        try:
            self._run_many(
                f"INSERT INTO events ({columns}) VALUES ({marks})",
                [event_to_row(event) for event in events],
            )
        except self.integrity_errors as e:
            ids = [event.event_id for event in events]
            raise IncidexError(
                f"cannot store events {ids!r} of report {events[0].report_id!r}: {e}"
            ) from e
        self._run_many(
            'INSERT INTO evidence (event_id, field, start, "end", text) VALUES (?, ?, ?, ?, ?)',
            [row for event in events for row in _evidence_rows(event)],
        )

    def _insert_problems(self, problems: Sequence[Problem], *, report_id: str | None) -> None:
        if not problems:
            return
        created_at = _utc_now()
        self._run_many(
            "INSERT INTO problems (report_id, origin, stage, code, message, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (p.report_id or report_id, p.origin, p.stage, p.code, p.message, created_at)
                for p in problems
            ],
        )

    # -- reading ---------------------------------------------------------------------

    def has_report(self, content_hash: str) -> bool:
        row = self._run("SELECT 1 FROM reports WHERE content_hash = ?", (content_hash,)).fetchone()
        return row is not None

    def has_origin(self, origin: str, *, problems: bool = True) -> bool:
        """Whether a report (or, with ``problems``, a problem) from this input (file, line,
        URL) is stored."""
        for table in ("reports", "problems") if problems else ("reports",):  # ours
            row = self._run(f"SELECT 1 FROM {table} WHERE origin = ? LIMIT 1", (origin,))
            if row.fetchone() is not None:
                return True
        return False

    def events(self, query: EventQuery = ALL_EVENTS) -> Iterator[Event]:
        """Merged events matching ``query``, in its sort order (ties by event_id)."""
        where, params = self._where(query)
        order = f"{_ORDER_BY[query.sort]}, event_id{self.collate}"
        if query.sort == "event_id":
            order = f"event_id{self.collate}"
        sql = f"SELECT {', '.join(_MERGED_COLUMNS)} FROM merged_events{where} ORDER BY {order}"
        if query.limit is not None or query.offset:
            sql += " LIMIT ? OFFSET ?"
            params.extend((_NO_LIMIT if query.limit is None else query.limit, query.offset))
        # Read all rows first: a backend's cursor must not stay open across the
        # evidence queries of each batch.
        rows = self._run(sql, params).fetchall()
        for chunk in _chunks(rows, BATCH_SIZE):
            evidence = self._evidence_for([row[-1] for row in chunk])
            for row in chunk:
                yield event_from_row(row[:-1], evidence.get(row[-1], ()))

    def daily_counts(self, query: EventQuery = ALL_EVENTS) -> list[tuple[dt.date, int, int]]:
        """(day, merged events, their fatalities) for each day with a matching event, by
        day; counted by the database, ignoring the query's sort, offset and limit."""
        where, params = self._where(query)
        rows = self._run(
            "SELECT event_date, COUNT(*), COALESCE(SUM(fatalities), 0) FROM merged_events"
            f"{where} GROUP BY event_date ORDER BY event_date",
            params,
        ).fetchall()
        return [(cast(dt.date, _as_date(day)), int(count), int(dead)) for day, count, dead in rows]

    def value_counts(
        self, column: FacetColumn, query: EventQuery = ALL_EVENTS
    ) -> list[tuple[str, int]]:
        """The values of one column among matching merged events, most frequent first."""
        if column not in FACET_COLUMNS:
            raise ValueError(f"cannot count values of {column!r}; one of {FACET_COLUMNS!r}")
        where, params = self._where(query)
        where += (" AND " if where else " WHERE ") + f"{column} IS NOT NULL"
        rows = self._run(
            f"SELECT {column}, COUNT(*) AS n FROM merged_events{where} "  # column checked above
            f"GROUP BY {column} ORDER BY n DESC, {column}",
            params,
        ).fetchall()
        return [(str(value), int(count)) for value, count in rows]

    def count_events(self, query: EventQuery = ALL_EVENTS) -> int:
        """How many merged events match ``query``, ignoring its offset and limit."""
        where, params = self._where(query)
        return int(self._run(f"SELECT COUNT(*) FROM merged_events{where}", params).fetchone()[0])

    def event(self, event_id: str) -> Event | None:
        """One merged event with its lead report's evidence, or ``None``.

        A report event's id finds the merged event it belongs to.
        """
        sql = f"SELECT {', '.join(_MERGED_COLUMNS)} FROM merged_events WHERE event_id = ?"
        row = self._run(sql, (event_id,)).fetchone()
        if row is None:
            merged_id = self._merged_id_of(event_id)
            if merged_id is None:
                return None
            row = self._run(sql, (merged_id,)).fetchone()
            if row is None:
                return None
        lead = cast(str, row[-1])
        return event_from_row(row[:-1], self._evidence_for([lead]).get(lead, ()))

    def report_events(self, event_id: str) -> list[Event]:
        """Each member report's own coding of a merged event, with evidence, lead first.

        A report event's id gives the members of the merged event it belongs to.
        """
        merged_id = self._merged_id_of(event_id)
        if merged_id is not None:
            event_id = merged_id
        return list(
            self._report_events_where(
                " WHERE event_id IN (SELECT member_id FROM merged_members WHERE event_id = ?)",
                (event_id,),
                evidence=True,
                order=(
                    "(SELECT position FROM merged_members m WHERE m.member_id = events.event_id)"
                ),
            )
        )

    def provenance(self, event_id: str) -> list[Provenance]:
        """Which report said which value of each compared field of a merged event."""
        rows = self._run(
            "SELECT field, value, report_id, reason FROM provenance WHERE event_id = ? "
            "ORDER BY position",
            (event_id,),
        )
        return [
            Provenance(field, json.loads(value), report_id, reason)
            for field, value, report_id, reason in rows
        ]

    def report(self, report_id: str) -> Report | None:
        """One stored report with its text, or ``None``."""
        reports = list(self._reports_where(" WHERE report_id = ?", (report_id,)))
        return reports[0] if reports else None

    def reports(self) -> Iterator[Report]:
        """Stored reports (without their events), by report_id."""
        return self._reports_where(f" ORDER BY report_id{self.collate}", ())

    def history(self, report_id: str) -> list[Coding]:
        """What each pipeline version said about a report, oldest first, the current one last."""
        codings = [
            Coding(
                report_id=report_id,
                content_hash=content_hash,
                pipeline_version=version,
                coded_at=str(coded_at),
                events=tuple(event_from_dict(e) for e in json.loads(events)),
                problems=tuple(Problem(**p) for p in json.loads(problems)),
                current=False,
            )
            for content_hash, version, coded_at, events, problems in self._run(
                "SELECT content_hash, pipeline_version, coded_at, events, problems "
                "FROM report_history WHERE report_id = ? ORDER BY id",
                (report_id,),
            ).fetchall()
        ]
        row = self._run(
            "SELECT content_hash, pipeline_version, coded_at FROM reports WHERE report_id = ?",
            (report_id,),
        ).fetchone()
        if row is not None:
            codings.append(
                Coding(
                    report_id=report_id,
                    content_hash=row[0],
                    pipeline_version=row[1],
                    coded_at=str(row[2]),
                    events=tuple(self._report_events_of(report_id)),
                    problems=tuple(self._problems_of(report_id)),
                    current=True,
                )
            )
        return codings

    def problems(self) -> Iterator[Problem]:
        """Stored problems in the order they were recorded."""
        rows = self._run(
            "SELECT code, message, origin, stage, report_id FROM problems ORDER BY id"
        ).fetchall()
        for code, message, origin, stage, report_id in rows:
            yield Problem(
                code=code, message=message, origin=origin, stage=stage, report_id=report_id
            )

    def retry(self) -> list[str]:
        """Origins of inputs whose last coding met a problem, to feed to ``ingest`` again.

        A later successful ``add`` of the same report or origin takes it off the list.
        """
        rows = self._run(
            f"SELECT origin FROM problems GROUP BY origin ORDER BY origin{self.collate}"
        ).fetchall()
        return [origin for (origin,) in rows]

    def counts(self) -> dict[str, int]:
        """How many reports, report events, merged events and problems are stored.

        ``events`` counts report events (each report's own coding);
        ``merged_events`` what ``events()`` returns.
        """
        tables = {
            "reports": "reports",
            "events": "events",
            "merged_events": "merged_events",
            "problems": "problems",
        }
        return {
            key: int(self._run(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for key, table in tables.items()  # table names are ours, not input
        }

    def _reports_where(self, clause: str, params: Sequence[object]) -> Iterator[Report]:
        columns = ", ".join((*_REPORT_COLUMNS, "text"))
        rows = self._run(f"SELECT {columns} FROM reports{clause}", params).fetchall()
        for report_id, content_hash, origin, title, published, url, outlet, text in rows:
            yield Report(
                report_id=report_id,
                text=text,
                content_hash=content_hash,
                origin=origin,
                title=title,
                published=_as_date(published),
                url=url,
                outlet=outlet,
            )

    def _report_events_of(self, report_id: str) -> list[Event]:
        return list(self._report_events_where(" WHERE report_id = ?", (report_id,), evidence=True))

    def _problems_of(self, report_id: str) -> list[Problem]:
        return [p for p in self.problems() if p.report_id == report_id]

    def _report_events_where(
        self,
        clause: str,
        params: Sequence[object],
        *,
        evidence: bool = False,
        order: str = "",
    ) -> Iterator[Event]:
        order = order or f"event_id{self.collate}"
        sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events{clause} ORDER BY {order}"
        rows = self._run(sql, params).fetchall()
        for chunk in _chunks(rows, BATCH_SIZE):
            found = self._evidence_for([row[_EVENT_ID] for row in chunk]) if evidence else {}
            for row in chunk:
                yield event_from_row(row, found.get(row[_EVENT_ID], ()))

    def _evidence_for(self, event_ids: Sequence[str]) -> dict[str, tuple[Evidence, ...]]:
        if not event_ids:
            return {}
        placeholders = ", ".join("?" for _ in event_ids)
        rows = self._run(
            'SELECT event_id, field, start, "end", text FROM evidence '
            f"WHERE event_id IN ({placeholders}) ORDER BY event_id, id",
            event_ids,
        ).fetchall()
        return {
            event_id: _evidence_from_rows(list(event_rows))
            for event_id, event_rows in groupby(rows, key=lambda row: row[0])
        }

    def _where(self, query: EventQuery) -> tuple[str, list[object]]:
        """The WHERE clause over merged_events (empty or with a leading space) and its parameters."""
        clauses: list[str] = []
        params: list[object] = []

        def add(clause: str, *values: object) -> None:
            clauses.append(clause)
            params.extend(values)

        if query.since is not None:
            add("event_date >= ?", self._date_param(query.since))
        if query.until is not None:
            add("event_date <= ?", self._date_param(query.until))
        if query.bbox is not None:
            clause, values = self._bbox_clause(query.bbox)
            add(clause, *values)
        if query.country is not None:
            add("(country = ? OR iso3 = ?)", query.country, query.country)
        for column in ("admin1", "event_type", "sub_event_type", "attribution", "grade"):
            value = getattr(query, column)
            if value is not None:
                add(f"{column} = ?", value)  # column names are ours, never input
        if query.actor is not None:
            pattern = f"%{_escape_like(query.actor)}%"
            like = f"{self.like} ? ESCAPE '\\'"
            add(
                f"(actor1 {like} OR actor2 {like} OR assoc_actor_1 {like} OR assoc_actor_2 {like})",
                *([pattern] * 4),
            )
        if query.min_fatalities is not None:
            add("fatalities >= ?", query.min_fatalities)
        if query.text is not None:
            clause, values = self._text_clause(query.text)
            add(clause, *values)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def words_of(text: str) -> list[str]:
    """The words of a full-text query; operators and punctuation are not passed on."""
    return re.findall(r"\w+", text)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held within the dates Python can represent."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _as_date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(cast(str, value))


def event_to_row(event: Event) -> tuple[object, ...]:
    special: dict[str, object] = {
        "event_date": event.event_date.isoformat(),
        "sources": json.dumps(list(event.sources), ensure_ascii=False),
        "report_ids": json.dumps(list(event.report_ids), ensure_ascii=False),
        "contested": int(event.contested),
    }
    return tuple(special[c] if c in special else getattr(event, c) for c in EVENT_COLUMNS)


def event_from_row(row: Sequence[object], evidence: tuple[Evidence, ...]) -> Event:
    values = dict(zip(EVENT_COLUMNS, row, strict=True))
    values["event_date"] = _as_date(values["event_date"])
    values["sources"] = tuple(json.loads(cast(str, values["sources"])))
    values["report_ids"] = tuple(json.loads(cast(str, values["report_ids"])))
    values["contested"] = bool(values["contested"])
    values["attribution"] = cast(Attribution, values["attribution"])
    return Event(**values, evidence=evidence)  # type: ignore[arg-type]


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
