"""Fixtures of the store tests: the incident reports coded once (``store_url`` is in tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from incidex.records import Document, RawReport

INCIDENTS = Path(__file__).resolve().parents[1] / "fixtures" / "incidents"


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
