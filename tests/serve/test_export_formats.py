"""GeoJSON and Parquet exports, and that the ACLED CSV opens where ACLED exports open."""

from __future__ import annotations

import builtins
import csv
import io
import json
from pathlib import Path

import pytest
from serve_samples import sample_documents

from incidex.errors import MissingExtraError
from incidex.evaluate.acled import read_gold_events
from incidex.export import (
    ACLED_COLUMNS,
    EVENT_KEYS,
    parquet_schema,
    write_acled_csv,
    write_geojson,
    write_parquet,
)

EVENTS = [event for doc in sample_documents() for event in doc.events]
# ACLED's export header, in ACLED's order (written out from their codebook).
ACLED_HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip


def test_geojson_points_skip_events_without_coordinates() -> None:
    out = io.StringIO()
    assert write_geojson(EVENTS, out) == 3
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    first = collection["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [1.41, 18.44]}
    assert first["id"] == "quarry-1"
    assert list(first["properties"]) == [key for key in EVENT_KEYS if key != "evidence"]


def test_empty_geojson_is_valid() -> None:
    out = io.StringIO()
    assert write_geojson([], out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_parquet_round_trip(tmp_path: Path) -> None:
    import pyarrow.parquet

    path = tmp_path / "events.parquet"
    assert write_parquet(EVENTS, path) == 4
    table = pyarrow.parquet.read_table(path)
    assert table.schema == parquet_schema()
    assert table.column_names == list(EVENT_KEYS)
    rows = table.to_pylist()
    assert rows[0]["event_date"] == EVENTS[0].event_date
    assert rows[0]["sources"] == ["local official"]
    assert json.loads(rows[0]["evidence"])["fatalities"][0]["text"] == "killing two workers"
    assert rows[3]["latitude"] is None


def test_empty_parquet_has_the_schema(tmp_path: Path) -> None:
    import pyarrow.parquet

    path = tmp_path / "none.parquet"
    assert write_parquet([], path) == 0
    assert pyarrow.parquet.read_table(path).num_rows == 0


def test_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("pyarrow"):
            raise ImportError("No module named 'pyarrow'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(MissingExtraError, match=r"pip install 'incidex\[parquet\]'"):
        write_parquet(EVENTS, tmp_path / "x.parquet")


def test_acled_csv_starts_with_acleds_header() -> None:
    out = io.StringIO()
    write_acled_csv(EVENTS, out)
    header = next(csv.reader(io.StringIO(out.getvalue())))
    assert header[: len(ACLED_HEADER)] == ACLED_HEADER
    assert list(ACLED_COLUMNS[: len(ACLED_HEADER)]) == ACLED_HEADER


def test_acled_csv_opens_with_the_acled_reader(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_acled_csv(EVENTS, out, timestamp=1718000000)
    gold = read_gold_events(path)
    assert len(gold) == 4


def test_acled_header_matches_a_real_acled_export(shared_data: Path) -> None:
    exports = sorted((shared_data / "acled-dev").glob("*.csv"))
    if not exports:
        pytest.skip("no ACLED export in the shared data")
    with exports[0].open(encoding="utf-8", newline="") as file:
        header = next(csv.reader(file))
    if "disorder_type" not in header:
        pytest.skip("an older ACLED schema")
    assert list(ACLED_COLUMNS[: len(header)]) == header
