"""The PostgreSQL + PostGIS store: the same tables and behaviour as the SQLite store.

Needs the ``postgres`` extra (psycopg 3) and a database where the ``postgis``
extension exists or may be created. Merged events carry a PostGIS point with a
GiST index for bounding boxes; report text and notes carry ``tsvector``
columns with GIN indexes for full text. The schema version is kept in the
table ``incidex_schema``; ``MIGRATIONS[i]`` takes a database from version ``i``
to ``i + 1``: never edit a released one, append.

Writers serialise on a transaction-level advisory lock, as SQLite's
``BEGIN IMMEDIATE`` does, so that the merge of one report never interleaves
with another's. Tables go in the first schema of the connection's
``search_path`` (``?options=-csearch_path%3Dname,public`` in the URL picks one).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from incidex.errors import IncidexError, MissingExtraError
from incidex.store.base import EVENT_COLUMNS, RelationalStore, words_of
from incidex.store.query import BoundingBox

log = logging.getLogger(__name__)

__all__ = ["EVENT_COLUMNS", "MIGRATIONS", "PostgresStore", "scratch_schema", "with_search_path"]

# Any constant: the key of the advisory lock every incidex writer takes.
_WRITE_LOCK = 5_050_505

_EVENT_COLUMN_TYPES = """report_id TEXT NOT NULL,
    event_date DATE NOT NULL,
    time_precision BIGINT NOT NULL,
    disorder_type TEXT NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    actor1 TEXT,
    assoc_actor_1 TEXT,
    inter1 BIGINT,
    actor2 TEXT,
    assoc_actor_2 TEXT,
    inter2 BIGINT,
    interaction BIGINT,
    civilian_targeting TEXT,
    country TEXT,
    iso3 TEXT,
    admin1 TEXT,
    admin2 TEXT,
    admin3 TEXT,
    location TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    geo_precision BIGINT,
    geonameid BIGINT,
    fatalities BIGINT,
    fatalities_low BIGINT,
    fatalities_high BIGINT,
    injured BIGINT,
    attribution TEXT NOT NULL,
    sources TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    notes TEXT NOT NULL,
    contested INTEGER NOT NULL,
    suspected_actor1 TEXT,
    report_ids TEXT NOT NULL DEFAULT '[]',
    grade TEXT"""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the schema of SQLite version 3, in PostgreSQL's terms.
    (
        "CREATE EXTENSION IF NOT EXISTS postgis",
        """CREATE TABLE reports (
            report_id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            origin TEXT NOT NULL,
            title TEXT,
            published DATE,
            url TEXT,
            outlet TEXT,
            text TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            coded_at TEXT NOT NULL,
            has_problems INTEGER NOT NULL DEFAULT 0,
            text_tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
        )""",
        "CREATE INDEX reports_text_tsv ON reports USING gin (text_tsv)",
        f"""CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            {_EVENT_COLUMN_TYPES},
            notes_tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', notes)) STORED,
            FOREIGN KEY (report_id) REFERENCES reports (report_id) ON DELETE CASCADE
        )""",
        "CREATE INDEX events_report_id ON events (report_id)",
        "CREATE INDEX events_type_date ON events (event_type, event_date)",
        # Events dated only to a week or month match over a wider window (few of them).
        "CREATE INDEX events_coarse_dates ON events (event_type, event_date) "
        "WHERE time_precision > 1",
        "CREATE INDEX events_notes_tsv ON events USING gin (notes_tsv)",
        """CREATE TABLE evidence (
            id BIGSERIAL PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            start BIGINT,
            "end" BIGINT,
            text TEXT
        )""",
        "CREATE INDEX evidence_event_id ON evidence (event_id)",
        """CREATE TABLE problems (
            id BIGSERIAL PRIMARY KEY,
            report_id TEXT,
            origin TEXT NOT NULL,
            stage TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX problems_report_id ON problems (report_id)",
        "CREATE INDEX problems_origin ON problems (origin)",
        "CREATE INDEX reports_origin ON reports (origin)",
        """CREATE TABLE report_history (
            id BIGSERIAL PRIMARY KEY,
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
            id BIGSERIAL PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            {_EVENT_COLUMN_TYPES},
            lead_event_id TEXT NOT NULL,
            geom geometry(Point, 4326) GENERATED ALWAYS AS (
                CASE WHEN longitude IS NOT NULL AND latitude IS NOT NULL
                THEN ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) END
            ) STORED
        )""",
        "CREATE INDEX merged_events_geom ON merged_events USING gist (geom)",
        "CREATE INDEX merged_events_event_date ON merged_events (event_date)",
        "CREATE INDEX merged_events_type_date ON merged_events (event_type, event_date)",
        "CREATE INDEX merged_events_country ON merged_events (country)",
        "CREATE INDEX merged_events_iso3 ON merged_events (iso3)",
        "CREATE INDEX merged_events_sub_event_type ON merged_events (sub_event_type)",
        "CREATE INDEX merged_events_grade ON merged_events (grade)",
        """CREATE TABLE merged_members (
            event_id TEXT NOT NULL,
            member_id TEXT NOT NULL UNIQUE,
            report_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (event_id, member_id)
        )""",
        "CREATE INDEX merged_members_report_id ON merged_members (report_id)",
        """CREATE TABLE provenance (
            id BIGSERIAL PRIMARY KEY,
            event_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            field TEXT NOT NULL,
            value TEXT,
            report_id TEXT NOT NULL,
            reason TEXT NOT NULL
        )""",
        "CREATE INDEX provenance_event_id ON provenance (event_id)",
    ),
)


class PostgresStore(RelationalStore):
    """A store in a PostgreSQL database with PostGIS; one connection per instance."""

    like = "ILIKE"
    # Code point order whatever the database's collation, as in SQLite.
    collate = ' COLLATE "C"'

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as e:
            raise MissingExtraError(
                "PostgreSQL stores need the postgres extra: pip install 'incidex[postgres]'"
            ) from e
        self._psycopg = psycopg
        self.integrity_errors = (psycopg.IntegrityError,)
        self.url = url
        try:
            self._conn: Any = psycopg.connect(url, autocommit=True)
        except psycopg.Error as e:
            raise IncidexError(f"cannot open PostgreSQL store: {e}") from e
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        self._conn.close()

    def _fault(self, error: Exception) -> tuple[bool, str] | None:
        errors = self._psycopg.errors
        if isinstance(error, errors.DiskFull):
            return False, f"the server's disk is full ({error})"
        if isinstance(error, errors.ReadOnlySqlTransaction | errors.InsufficientPrivilege):
            return False, f"the database refuses writes ({error})"
        if isinstance(error, self._psycopg.OperationalError | self._psycopg.InterfaceError):
            # A restarted or unreachable server, a dropped connection, a lock timeout.
            return True, f"PostgreSQL is unavailable ({str(error).strip()})"
        return None

    def _recover(self) -> None:
        """Connect again (the server may have restarted); a failure is left to the retry."""
        try:
            fresh = self._psycopg.connect(self.url, autocommit=True)
        except self._psycopg.Error as e:
            log.warning("cannot reconnect to PostgreSQL yet: %s", e)
            return
        self._conn.close()
        self._conn = fresh

    @property
    def schema_version(self) -> int:
        row = self._conn.execute("SELECT to_regclass('incidex_schema') IS NOT NULL").fetchone()
        if not row[0]:
            return 0
        row = self._conn.execute("SELECT version FROM incidex_schema").fetchone()
        return 0 if row is None else int(row[0])

    def _migrate(self) -> None:
        if self.schema_version > len(MIGRATIONS):
            raise IncidexError(
                f"PostgreSQL store has schema version {self.schema_version!r}, newer than "
                f"this incidex knows ({len(MIGRATIONS)!r}); upgrade incidex"
            )
        if self.schema_version < len(MIGRATIONS):
            with self._transaction():
                self._conn.execute(
                    "CREATE TABLE IF NOT EXISTS incidex_schema (version INTEGER NOT NULL)"
                )
                current = self.schema_version
                if current == 0:
                    self._conn.execute("INSERT INTO incidex_schema VALUES (0)")
                for version, statements in enumerate(MIGRATIONS[current:], start=current + 1):
                    log.info("migrating PostgreSQL store to schema version %d", version)
                    for statement in statements:
                        self._conn.execute(statement)
                    self._conn.execute("UPDATE incidex_schema SET version = %s", (version,))
        self._load_settings()

    def _run(self, sql: str, params: Sequence[object] = ()) -> Any:
        try:
            return self._conn.execute(sql.replace("?", "%s"), params)
        except self._psycopg.errors.UntranslatableCharacter as e:
            raise IncidexError(f"PostgreSQL cannot store this text: {e}") from e

    def _run_many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        with self._conn.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), list(rows))

    def _begin(self) -> None:
        self._conn.execute("BEGIN")
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))

    def _commit(self) -> None:
        self._conn.execute("COMMIT")

    def _rollback(self) -> None:
        self._conn.execute("ROLLBACK")

    def _text_clause(self, text: str) -> tuple[str, list[object]]:
        words = " ".join(words_of(text))
        if not words:
            return "1 = 0", []
        return (
            "(event_id IN (SELECT m.event_id FROM merged_members m "
            "JOIN reports r ON r.report_id = m.report_id "
            "WHERE r.text_tsv @@ plainto_tsquery('english', ?)) "
            "OR event_id IN (SELECT m.event_id FROM merged_members m "
            "JOIN events e ON e.event_id = m.member_id "
            "WHERE e.notes_tsv @@ plainto_tsquery('english', ?)))",
            [words, words],
        )

    def _bbox_clause(self, box: BoundingBox) -> tuple[str, list[object]]:
        return (
            "geom && ST_MakeEnvelope(?::float8, ?::float8, ?::float8, ?::float8, 4326)",
            [box.west, box.south, box.east, box.north],
        )


@contextmanager
def scratch_schema(url: str, *, prefix: str = "incidex_scratch") -> Iterator[str]:
    """A new, empty schema in the database at ``url``, dropped on exit; yields a URL using it.

    For tests and benchmarks: each gets tables of its own in one shared database.
    """
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")  # our own name, never input
    try:
        yield with_search_path(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def with_search_path(url: str, schema: str) -> str:
    """``url`` with libpq's ``options`` set so that tables go in ``schema`` (PostGIS in public)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema},public"))
    return urlunsplit(parts._replace(query=urlencode(query)))
