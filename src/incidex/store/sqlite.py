"""The SQLite store: one file holding reports, their events with evidence, merged events and problems.

The schema is versioned with ``PRAGMA user_version``; ``MIGRATIONS[i]`` takes a
database from version ``i`` to ``i + 1``. Never edit a released migration:
append a new one. What the backends share is in ``incidex.store.base``.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence
from os import PathLike

from incidex.errors import IncidexError
from incidex.store.base import EVENT_COLUMNS, RelationalStore, words_of
from incidex.store.query import BoundingBox

log = logging.getLogger(__name__)

__all__ = ["EVENT_COLUMNS", "MIGRATIONS", "SQLiteStore"]

# The merged_events columns: the events columns of migration 1 and 2, event_id unique.
_MERGED_EVENT_COLUMNS = """event_id TEXT NOT NULL UNIQUE,
            report_id TEXT NOT NULL,
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
            suspected_actor1 TEXT,
            report_ids TEXT NOT NULL,
            grade TEXT"""
# Stemmed English words, accents folded: "strikes" finds "strike".
_TOKENIZER = "porter unicode61 remove_diacritics 2"

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
    # 3: events merged across reports (issue 5): merged events, members, provenance,
    # an R*Tree over their coordinates, full text over report text and notes,
    # report history, re-codable reports with problems, and merge settings.
    (
        "ALTER TABLE reports ADD COLUMN has_problems INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX events_type_date ON events (event_type, event_date)",
        # Events dated only to a week or month match over a wider window (few of them).
        "CREATE INDEX events_coarse_dates ON events (event_type, event_date) "
        "WHERE time_precision > 1",
        "CREATE INDEX problems_origin ON problems (origin)",
        "CREATE INDEX reports_origin ON reports (origin)",
        """CREATE TABLE report_history (
            id INTEGER PRIMARY KEY,
            report_id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            coded_at TEXT NOT NULL,
            events TEXT NOT NULL,
            problems TEXT NOT NULL
        )""",
        "CREATE INDEX report_history_report_id ON report_history (report_id)",
        """CREATE TABLE merge_settings (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            settings TEXT NOT NULL
        )""",
        f"""CREATE TABLE merged_events (
            id INTEGER PRIMARY KEY,
            {_MERGED_EVENT_COLUMNS},
            lead_event_id TEXT NOT NULL
        )""",
        "CREATE INDEX merged_events_event_date ON merged_events (event_date)",
        "CREATE INDEX merged_events_type_date ON merged_events (event_type, event_date)",
        "CREATE INDEX merged_events_country ON merged_events (country)",
        "CREATE INDEX merged_events_iso3 ON merged_events (iso3)",
        "CREATE INDEX merged_events_sub_event_type ON merged_events (sub_event_type)",
        "CREATE INDEX merged_events_grade ON merged_events (grade)",
        "CREATE INDEX merged_events_fatalities ON merged_events (fatalities)",
        """CREATE TABLE merged_members (
            event_id TEXT NOT NULL,
            member_id TEXT NOT NULL UNIQUE,
            report_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (event_id, member_id)
        )""",
        "CREATE INDEX merged_members_report_id ON merged_members (report_id)",
        """CREATE TABLE provenance (
            id INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            field TEXT NOT NULL,
            value TEXT,
            report_id TEXT NOT NULL,
            reason TEXT NOT NULL
        )""",
        "CREATE INDEX provenance_event_id ON provenance (event_id)",
        "CREATE VIRTUAL TABLE merged_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat)",
        """CREATE TRIGGER merged_events_rtree_insert AFTER INSERT ON merged_events
            WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL
            BEGIN
                INSERT INTO merged_rtree VALUES
                    (new.id, new.longitude, new.longitude, new.latitude, new.latitude);
            END""",
        """CREATE TRIGGER merged_events_rtree_delete AFTER DELETE ON merged_events
            BEGIN
                DELETE FROM merged_rtree WHERE id = old.id;
            END""",
        # External-content full-text indexes keyed by rowid, kept in step by triggers.
        f"""CREATE VIRTUAL TABLE reports_fts USING fts5 (
            text, content='reports', content_rowid='rowid', tokenize='{_TOKENIZER}'
        )""",
        """CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
                INSERT INTO reports_fts (rowid, text) VALUES (new.rowid, new.text);
            END""",
        """CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
                INSERT INTO reports_fts (reports_fts, rowid, text)
                    VALUES ('delete', old.rowid, old.text);
            END""",
        """CREATE TRIGGER reports_fts_update AFTER UPDATE OF text ON reports BEGIN
                INSERT INTO reports_fts (reports_fts, rowid, text)
                    VALUES ('delete', old.rowid, old.text);
                INSERT INTO reports_fts (rowid, text) VALUES (new.rowid, new.text);
            END""",
        f"""CREATE VIRTUAL TABLE notes_fts USING fts5 (
            notes, content='events', content_rowid='rowid', tokenize='{_TOKENIZER}'
        )""",
        """CREATE TRIGGER notes_fts_insert AFTER INSERT ON events BEGIN
                INSERT INTO notes_fts (rowid, notes) VALUES (new.rowid, new.notes);
            END""",
        """CREATE TRIGGER notes_fts_delete AFTER DELETE ON events BEGIN
                INSERT INTO notes_fts (notes_fts, rowid, notes)
                    VALUES ('delete', old.rowid, old.notes);
            END""",
        """CREATE TRIGGER notes_fts_update AFTER UPDATE OF notes ON events BEGIN
                INSERT INTO notes_fts (notes_fts, rowid, notes)
                    VALUES ('delete', old.rowid, old.notes);
                INSERT INTO notes_fts (rowid, notes) VALUES (new.rowid, new.notes);
            END""",
        "INSERT INTO reports_fts (reports_fts) VALUES ('rebuild')",
        "INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')",
    ),
)


class SQLiteStore(RelationalStore):
    """A store in one SQLite file (WAL mode, foreign keys on).

    One connection per instance, used from the thread that opened it.
    ``path`` may be ``":memory:"`` for a throwaway store.
    """

    integrity_errors = (sqlite3.IntegrityError,)
    # Seconds one statement waits for another writer's lock before it counts as a fault.
    lock_timeout_s = 10.0

    def __init__(self, path: str | PathLike[str]) -> None:
        self.path = str(path)
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves (see _transaction).
            self._conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=self.lock_timeout_s
            )
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

    def close(self) -> None:
        self._conn.close()

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        self._check_not_newer()
        before = self.schema_version
        if before < len(MIGRATIONS):
            # Read again inside the write transaction so two processes opening a
            # new file at once do not both run the same migration.
            with self._transaction():
                before = self.schema_version
                for version, statements in enumerate(MIGRATIONS[before:], start=before + 1):
                    log.info("migrating store %r to schema version %d", self.path, version)
                    for statement in statements:
                        self._conn.execute(statement)
                    # PRAGMA takes no parameters; version is our own int, never input.
                    self._conn.execute(f"PRAGMA user_version = {version:d}")
        self._load_settings()
        if 0 < before < 3:
            self.remerge()  # a store from before merging: build its merged events once

    def _check_not_newer(self) -> None:
        current = self.schema_version
        if current > len(MIGRATIONS):
            raise IncidexError(
                f"store {self.path!r} has schema version {current!r}, newer than this "
                f"incidex knows ({len(MIGRATIONS)!r}); upgrade incidex"
            )

    def _fault(self, error: Exception) -> tuple[bool, str] | None:
        if not isinstance(error, sqlite3.OperationalError | sqlite3.DatabaseError) or isinstance(
            error, sqlite3.IntegrityError | sqlite3.ProgrammingError
        ):
            return None
        text = str(error).lower()
        if "locked" in text or "busy" in text:
            return True, f"{self.path!r} is locked by another writer ({error})"
        if "readonly" in text or "read-only" in text:
            return False, f"{self.path!r} is read-only ({error})"
        if "full" in text:
            return False, f"the disk holding {self.path!r} is full ({error})"
        if "disk i/o" in text:
            return (
                False,
                f"cannot write to the disk holding {self.path!r}: full or failing ({error})",
            )
        return False, f"SQLite failed on {self.path!r} ({error})"

    def _recover(self) -> None:
        """Nothing to do: the connection stays usable after a lock wait timed out."""

    def _run(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, params)

    def _run_many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        self._conn.executemany(sql, rows)

    def _begin(self) -> None:
        # IMMEDIATE takes the write lock up front, so the "already stored?"
        # check, the merge's reads and the writes cannot interleave with another writer.
        self._conn.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self._conn.execute("COMMIT")

    def _rollback(self) -> None:
        self._conn.execute("ROLLBACK")

    def _text_clause(self, text: str) -> tuple[str, list[object]]:
        words = words_of(text)
        if not words:
            return "0 = 1", []
        match = " ".join(f'"{word}"' for word in words)  # every word, none an operator
        return (
            "(event_id IN (SELECT m.event_id FROM merged_members m "
            "JOIN reports r ON r.report_id = m.report_id "
            "WHERE r.rowid IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)) "
            "OR event_id IN (SELECT m.event_id FROM merged_members m "
            "JOIN events e ON e.event_id = m.member_id "
            "WHERE e.rowid IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?)))",
            [match, match],
        )

    def _bbox_clause(self, box: BoundingBox) -> tuple[str, list[object]]:
        # The R*Tree holds 32-bit floats rounded outwards: it finds a superset,
        # which the exact comparison trims.
        return (
            "(id IN (SELECT id FROM merged_rtree WHERE max_lon >= ? AND min_lon <= ? "
            "AND max_lat >= ? AND min_lat <= ?) "
            "AND longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?)",
            [box.west, box.east, box.south, box.north] * 2,
        )
