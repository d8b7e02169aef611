"""The exception tree.

``IncidexError`` is the root. ``ReportError`` means one report could not be
coded; the pipeline records it as a ``Problem`` and the batch goes on. Other
exceptions are bugs and propagate.
"""

from __future__ import annotations


class IncidexError(Exception):
    """Base class of every error incidex raises on purpose."""


class ReportError(IncidexError):
    """One input or report cannot be coded; ``code`` is a stable machine-readable reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class MissingExtraError(IncidexError):
    """An optional dependency is not installed; the message names the extra."""


class StoreError(IncidexError):
    """The database refused a write (read-only, disk full, locked too long, gone); what
    was stored before is intact, and a rerun carries on where this stopped."""
