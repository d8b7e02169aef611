"""Where coded reports, events and problems are kept.

``open_store`` picks the backend from a URL: a plain path or ``sqlite:///path``
opens a SQLite file; ``postgresql://...`` a PostgreSQL + PostGIS database (the
``postgres`` extra). Both keep each report's own events and the events merged
across reports (docs/storage.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from os import PathLike
from typing import Protocol

from incidex.closable import SupportsClose
from incidex.errors import IncidexError
from incidex.incidents import MergeSettings, Provenance
from incidex.records import Document, Event, Problem, Report
from incidex.store.base import Coding
from incidex.store.query import ALL_EVENTS, BoundingBox, EventQuery, FacetColumn
from incidex.store.sqlite import SQLiteStore

__all__ = [
    "BoundingBox",
    "Coding",
    "EventQuery",
    "SQLiteStore",
    "Store",
    "open_store",
    "sqlite_path",
]

_SQLITE_PREFIX = "sqlite:///"
_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


class Store(SupportsClose, Protocol):
    """What every backend offers; ``SQLiteStore`` is the reference."""

    # The merge settings in force (kept in the store; ``remerge`` changes them).
    settings: MergeSettings

    def add(self, doc: Document, *, pipeline_version: str) -> bool: ...

    def add_many(self, docs: Iterable[Document], *, pipeline_version: str) -> int: ...

    def add_problem(self, problem: Problem) -> None: ...

    def remerge(self, settings: MergeSettings | None = None) -> int: ...

    def has_report(self, content_hash: str) -> bool: ...

    def has_origin(self, origin: str, *, problems: bool = True) -> bool: ...

    def events(self, query: EventQuery = ALL_EVENTS) -> Iterator[Event]: ...

    def count_events(self, query: EventQuery = ALL_EVENTS) -> int: ...

    def daily_counts(self, query: EventQuery = ALL_EVENTS) -> list[tuple[dt.date, int, int]]: ...

    def value_counts(
        self, column: FacetColumn, query: EventQuery = ALL_EVENTS
    ) -> list[tuple[str, int]]: ...

    def event(self, event_id: str) -> Event | None: ...

    def report_events(self, event_id: str) -> list[Event]: ...

    def provenance(self, event_id: str) -> list[Provenance]: ...

    def report(self, report_id: str) -> Report | None: ...

    def reports(self) -> Iterator[Report]: ...

    def history(self, report_id: str) -> list[Coding]: ...

    def problems(self) -> Iterator[Problem]: ...

    def retry(self) -> list[str]: ...

    def counts(self) -> dict[str, int]: ...


def open_store(url: str | PathLike[str]) -> Store:
    """Open (creating if needed) the store at ``url``.

    ``"events.db"``, ``"sqlite:///events.db"`` (relative) and
    ``"sqlite:////srv/events.db"`` (absolute, as in SQLAlchemy) open SQLite;
    ``":memory:"`` opens a throwaway in-memory store.
    """
    text = str(url)
    if text.startswith(_POSTGRES_SCHEMES):
        from incidex.store.postgres import PostgresStore  # psycopg is an extra

        return PostgresStore(_psycopg_url(text))
    return SQLiteStore(sqlite_path(text))


def sqlite_path(url: str) -> str:
    """The file path a SQLite URL or plain path names; raises ``IncidexError`` for other schemes."""
    if url.startswith(_SQLITE_PREFIX):
        path = url.removeprefix(_SQLITE_PREFIX)
        if not path:
            raise IncidexError(f"store URL {url!r} names no file; use sqlite:///path")
        return path
    if "://" in url:
        raise IncidexError(
            f"unknown store URL {_redact(url)!r}; use a path, sqlite:///path or postgresql://..."
        )
    return url


def _psycopg_url(url: str) -> str:
    """libpq takes postgresql:// and postgres://; SQLAlchemy's +psycopg form is accepted too."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _redact(url: str) -> str:
    """Hide a password in ``scheme://user:password@host`` before it reaches a message."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
