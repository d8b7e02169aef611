"""Which events to read back: one filter record shared by every backend, the API and exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ALL_EVENTS",
    "FACET_COLUMNS",
    "SORT_KEYS",
    "BoundingBox",
    "EventQuery",
    "FacetColumn",
    "SortKey",
]

# ``-`` in front sorts descending; ties are always broken by event_id.
SortKey = Literal["event_date", "-event_date", "fatalities", "-fatalities", "event_id"]
# Columns whose values a map's filter panel offers, with how many events have each.
FacetColumn = Literal["event_type", "sub_event_type", "country", "admin1", "attribution", "grade"]
FACET_COLUMNS: tuple[FacetColumn, ...] = (
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "attribution",
    "grade",
)
SORT_KEYS: tuple[SortKey, ...] = (
    "event_date",
    "-event_date",
    "fatalities",
    "-fatalities",
    "event_id",
)


@dataclass(frozen=True, slots=True)
class BoundingBox:
    """Degrees, WGS84: west <= longitude <= east and south <= latitude <= north."""

    west: float
    south: float
    east: float
    north: float

    def __post_init__(self) -> None:
        if not (-180 <= self.west <= self.east <= 180 and -90 <= self.south <= self.north <= 90):
            raise ValueError(
                f"bounding box must be west,south,east,north in degrees with west <= east "
                f"and south <= north, not {(self.west, self.south, self.east, self.north)!r}"
            )

    @classmethod
    def parse(cls, text: str) -> BoundingBox:
        """``"west,south,east,north"`` as in GeoJSON and most map tools."""
        parts = text.split(",")
        if len(parts) != 4:
            raise ValueError(f"bounding box must be west,south,east,north, not {text!r}")
        try:
            west, south, east, north = (float(part) for part in parts)
        except ValueError:
            raise ValueError(f"bounding box must hold four numbers, not {text!r}") from None
        return cls(west, south, east, north)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Events matching every filter given; ``None`` means "any".

    ``since``/``until`` are inclusive; ``country`` matches the name or the ISO3
    code; ``actor`` matches actor1, actor2 or an associated actor, case-blind,
    as a substring; ``text`` is a full-text query over the notes and the text
    of the reports behind each event; ``min_fatalities`` compares the best
    figure. Results come sorted by ``sort`` then event_id; ``offset`` and
    ``limit`` page through them.
    """

    since: dt.date | None = None
    until: dt.date | None = None
    bbox: BoundingBox | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    min_fatalities: int | None = None
    attribution: str | None = None
    grade: str | None = None
    text: str | None = None
    sort: SortKey = "event_date"
    offset: int = 0
    limit: int | None = None

    def __post_init__(self) -> None:
        if self.sort not in SORT_KEYS:
            raise ValueError(f"sort must be one of {SORT_KEYS!r}, not {self.sort!r}")
        if self.offset < 0 or (self.limit is not None and self.limit < 0):
            raise ValueError(
                f"offset and limit must not be negative: {self.offset!r}, {self.limit!r}"
            )
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since!r} is after until {self.until!r}")


# The query with no filters: every event, by date.
ALL_EVENTS = EventQuery()
