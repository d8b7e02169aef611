"""Where coded reports, events and problems are kept.

``open_store`` picks the backend from a URL: a plain path or ``sqlite:///path``
opens a SQLite file; ``postgresql://`` is planned.
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike
from types import TracebackType
from typing import Protocol, Self

from incidex.errors import IncidexError, MissingExtraError
from incidex.records import Document, Event, Problem, Report
from incidex.store.query import ALL_EVENTS, BoundingBox, EventQuery
from incidex.store.sqlite import SQLiteStore

__all__ = ["BoundingBox", "EventQuery", "SQLiteStore", "Store", "open_store", "sqlite_path"]

_SQLITE_PREFIX = "sqlite:///"
_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


class Store(Protocol):
    """What every backend offers; ``SQLiteStore`` is the reference."""

    def add(self, doc: Document, *, pipeline_version: str) -> bool: ...

    def add_problem(self, problem: Problem) -> None: ...

    def has_report(self, content_hash: str) -> bool: ...

    def events(self, query: EventQuery = ALL_EVENTS) -> Iterator[Event]: ...

    def count_events(self, query: EventQuery = ALL_EVENTS) -> int: ...

    def event(self, event_id: str) -> Event | None: ...

    def reports(self) -> Iterator[Report]: ...

    def problems(self) -> Iterator[Problem]: ...

    def counts(self) -> dict[str, int]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


def open_store(url: str | PathLike[str]) -> Store:
    """Open (creating if needed) the store at ``url``.

    ``"events.db"``, ``"sqlite:///events.db"`` (relative) and
    ``"sqlite:////srv/events.db"`` (absolute, as in SQLAlchemy) open SQLite;
    ``":memory:"`` opens a throwaway in-memory store.
    """
    text = str(url)
    if text.startswith(_POSTGRES_SCHEMES):
        raise MissingExtraError(
            f"PostgreSQL stores are not supported yet (asked for {_redact(text)!r}); "
            "use a SQLite path or sqlite:///path"
        )
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


def _redact(url: str) -> str:
    """Hide a password in ``scheme://user:password@host`` before it reaches a message."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
