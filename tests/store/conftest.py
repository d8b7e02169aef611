"""Fixtures of the store tests: a fresh store URL per backend, and the incident reports coded once."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from incidex.records import Document, RawReport

POSTGRES_URL = os.environ.get("INCIDEX_TEST_POSTGRES_URL")
NO_POSTGRES = 'INCIDEX_TEST_POSTGRES_URL is not set (eval "$(bash .ci/postgres.sh)" sets it)'
INCIDENTS = Path(__file__).resolve().parents[1] / "fixtures" / "incidents"


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty store of each backend (postgres: a schema of its own)."""
    if request.param == "sqlite":
        yield str(tmp_path / "events.db")
        return
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    from incidex.store.postgres import scratch_schema

    with scratch_schema(POSTGRES_URL) as url:
        yield url


@dataclass(frozen=True)
class CodedIncidents:
    """The incident fixture reports, coded by the real pipeline, and which event each describes."""

    docs: tuple[Document, ...]
    expected: dict[str, str]  # report id -> name of the real-world event
    version: str


@pytest.fixture(scope="session")
def coded_incidents() -> CodedIncidents:
    from incidex.pipeline import default_pipeline

    manifest = json.loads((INCIDENTS / "reports.json").read_text(encoding="utf-8"))
    raws = [
        RawReport(
            origin=f"incidents/{entry['file']}",
            content=(INCIDENTS / entry["file"]).read_text(encoding="utf-8"),
            kind="text",
            report_id=entry["file"].removesuffix(".txt"),
            published=dt.date.fromisoformat(entry["published"]),
            outlet=entry["outlet"],
        )
        for entry in manifest["reports"]
    ]
    pipeline = default_pipeline()
    docs = tuple(d for d in pipeline.pipe(raws) if isinstance(d, Document))
    expected = {e["file"].removesuffix(".txt"): e["event"] for e in manifest["reports"]}
    return CodedIncidents(docs, expected, pipeline.version)
