"""Reading and extraction never fail with anything but a coded problem."""

from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidex.errors import ReportError
from incidex.records import Problem, RawReport, Report
from incidex.stages.extract import extract_report
from incidex.stages.read import read_inputs

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TAGS = ("p", "div", "span", "article", "nav", "footer", "h1", "a", "script", "table", "td")
html_piece = st.one_of(
    st.sampled_from([f"<{tag}>" for tag in TAGS] + [f"</{tag}>" for tag in TAGS]),
    st.sampled_from(
        [
            "<meta charset='windows-1256'>",
            "<meta charset='no-such-codec'>",
            "<!DOCTYPE html>",
            "<!-- note -->",
            "&amp;",
            "&#0;",
            "<![CDATA[x]]>",
            "<?xml version='1.0' encoding='utf-8'?>",
        ]
    ),
    st.text(max_size=40),
    st.just("Gunmen attacked a checkpoint near the river on Monday, officials said. "),
)
html_pages = st.lists(html_piece, max_size=40).map("".join)


def assert_report_or_coded_error(raw: RawReport) -> None:
    try:
        report = extract_report(raw)
    except ReportError as e:
        assert e.code
        return
    assert isinstance(report, Report)
    assert report.text.strip()


@SETTINGS
@given(content=st.binary(max_size=2000), kind=st.sampled_from(["html", "text"]))
def test_extract_arbitrary_bytes(content: bytes, kind: str) -> None:
    assert_report_or_coded_error(RawReport(origin="p", content=content, kind=kind))  # type: ignore[arg-type]


@SETTINGS
@given(content=st.text(max_size=2000), kind=st.sampled_from(["html", "text"]))
def test_extract_arbitrary_text(content: str, kind: str) -> None:
    assert_report_or_coded_error(RawReport(origin="p", content=content, kind=kind))  # type: ignore[arg-type]


@SETTINGS
@given(page=html_pages, as_bytes=st.booleans())
def test_extract_arbitrary_markup(page: str, as_bytes: bool) -> None:
    content: bytes | str = page.encode("utf-8", errors="surrogatepass") if as_bytes else page
    assert_report_or_coded_error(RawReport(origin="p", content=content, kind="html"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
report_lines = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "text": st.text(max_size=50) | json_values,
        "html": st.text(max_size=50) | json_values,
        "published": st.text(max_size=30) | json_values,
        "url": json_values,
        "source": json_values,
        "title": json_values,
    },
).map(json.dumps)
jsonl_lines = st.one_of(report_lines, st.text(max_size=60), st.binary(max_size=60))


def as_line(line: str | bytes) -> bytes:
    raw = line if isinstance(line, bytes) else line.encode("utf-8", errors="surrogatepass")
    return raw.replace(b"\n", b" ").replace(b"\r", b" ") + b"\n"


@SETTINGS
@given(lines=st.lists(jsonl_lines, max_size=10))
def test_read_arbitrary_jsonl_on_stdin(lines: list[str | bytes]) -> None:
    stream = io.BytesIO(b"{}\n" + b"".join(as_line(line) for line in lines))
    results = list(read_inputs(["-"], stdin=stream, max_bytes=200))
    assert all(isinstance(r, RawReport | Problem) for r in results)
    assert results[0].origin == "<stdin>:1"


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(jsonl_lines, max_size=10))
def test_read_arbitrary_jsonl_file(tmp_path_factory, lines: list[str | bytes]) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("feed") / "feed.jsonl"
    path.write_bytes(b"".join(as_line(line) for line in lines))
    results = list(read_inputs([str(path)]))
    assert all(isinstance(r, RawReport | Problem) for r in results)
    non_blank = [line for line in lines if as_line(line).strip()]
    assert len(results) == len(non_blank)
