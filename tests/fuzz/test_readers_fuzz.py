"""The JSONL and WARC readers and the whole pipeline on random bytes and text (issue 8)."""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path

import pytest
from fuzzing import fuzz_settings, news_like, texts, within
from hypothesis import given
from hypothesis import strategies as st

from incidex.pipeline import Pipeline, default_pipeline
from incidex.records import Document, Problem, RawReport
from incidex.stages.read import read_inputs

SUFFIXES = (".jsonl", ".jsonl.gz", ".warc", ".warc.gz")
MAX_BYTES = 4_000


def warc_record(payload: bytes, *, content_type: str, length_change: int) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type.encode() + b"\r\n\r\n" + payload
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-03-09T10:00:00Z\r\n"
        "WARC-Target-URI: https://news.example/a\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {max(0, len(http) + length_change)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


json_lines = st.lists(
    st.one_of(
        st.binary(max_size=200),
        st.dictionaries(
            st.sampled_from(["id", "text", "html", "published", "url", "source", "title"]),
            st.one_of(st.text(max_size=60), st.integers(), st.none(), news_like),
            max_size=5,
        ).map(lambda record: json.dumps(record).encode()),
    ),
    max_size=6,
).map(b"\n".join)
warc_bytes = st.one_of(
    st.binary(max_size=1500),
    st.builds(
        warc_record,
        st.one_of(st.binary(max_size=500), news_like.map(str.encode)),
        content_type=st.sampled_from(["text/html", "image/png", "text/html; charset=latin-1"]),
        length_change=st.integers(-40, 40),
    ),
)
file_contents = st.one_of(st.binary(max_size=1500), json_lines, warc_bytes)


def write_input(folder: Path, suffix: str, content: bytes, *, compress: bool) -> Path:
    path = folder / f"input{suffix}"
    if suffix.endswith(".gz") and compress:
        content = gzip.compress(content)
    path.write_bytes(content)
    return path


@fuzz_settings(300)
@given(
    content=file_contents,
    suffix=st.sampled_from(SUFFIXES),
    compress=st.booleans(),
)
def test_readers_yield_reports_or_problems(content: bytes, suffix: str, compress: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_input(Path(folder), suffix, content, compress=compress)
        with within():
            results = list(read_inputs([str(path)], max_bytes=MAX_BYTES))
    for result in results:
        assert isinstance(result, RawReport | Problem)
        if isinstance(result, Problem):
            assert result.code and result.message
        else:
            assert len(result.content) <= MAX_BYTES


@fuzz_settings(150)
@given(content=file_contents)
def test_stdin_reader_yields_reports_or_problems(content: bytes) -> None:
    with within():
        results = list(read_inputs(["-"], stdin=io.BytesIO(content), max_bytes=MAX_BYTES))
    assert all(isinstance(result, RawReport | Problem) for result in results)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return default_pipeline()


@fuzz_settings(40)
@given(text=texts, kind=st.sampled_from(["text", "html"]))
def test_the_pipeline_codes_or_records_a_problem(pipeline: Pipeline, text: str, kind: str) -> None:
    raw = RawReport(origin="fuzz", content=text, kind=kind)  # type: ignore[arg-type]
    with within(10.0):
        result = pipeline.run(raw)
    if isinstance(result, Problem):
        assert result.code
        return
    assert isinstance(result, Document)
    for event in result.events:
        assert event.fatalities is None or event.fatalities >= 0
        for evidence in event.evidence:
            for span in evidence.spans:
                assert result.report.text[span.start : span.end] == span.text
