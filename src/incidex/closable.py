"""The one way incidex objects that hold a resource (a database, workers, a connection
pool) are used in a ``with`` block: ``close()`` on the way out."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

__all__ = ["Closable", "SupportsClose"]


class Closable:
    """Base of objects that must be closed; ``with obj:`` closes them."""

    def close(self) -> None:
        """Release what the object holds; it cannot be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class SupportsClose(Protocol):
    """What protocols of closable things (engines, stores) share: ``with obj:`` closes."""

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...
