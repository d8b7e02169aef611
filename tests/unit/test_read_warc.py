"""WARC inputs: web archives as crawlers write them, streamed record by record."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from incidex.records import Problem, RawReport
from incidex.stages.read import read_inputs

warcio = pytest.importorskip("warcio", reason="the warc extra is not installed")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

PAGE = b"<html><head><title>Market fire</title></head><body><p>A fire was set.</p></body></html>"


def write_warc(path: Path, records: list[tuple[str, str, bytes]], *, gzip: bool) -> None:
    """Write response records of (url, content type, body), crawled on 2024-03-05."""
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=gzip)
        for url, content_type, body in records:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-03-05T10:00:00Z"},
            )
            writer.write_record(record)


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_html_responses_become_reports(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"crawl{suffix}"
    write_warc(
        path,
        [
            ("https://news.example/fire", "text/html; charset=utf-8", PAGE),
            ("https://news.example/logo.png", "image/png", b"\x89PNG"),
            ("https://news.example/other", "application/xhtml+xml", PAGE),
        ],
        gzip=suffix.endswith(".gz"),
    )
    results = list(read_inputs([str(path)]))
    assert all(isinstance(r, RawReport) for r in results)
    reports = [r for r in results if isinstance(r, RawReport)]
    assert [r.url for r in reports] == ["https://news.example/fire", "https://news.example/other"]
    assert [r.origin for r in reports] == [f"{path}#1", f"{path}#3"]
    assert reports[0].content == PAGE
    assert reports[0].kind == "html"
    assert reports[0].published == dt.date(2024, 3, 5)


def test_given_publication_date_wins_over_crawl_date(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://news.example/a", "text/html", PAGE)], gzip=False)
    (report,) = read_inputs([str(path)], published=dt.date(2024, 3, 1))
    assert isinstance(report, RawReport)
    assert report.published == dt.date(2024, 3, 1)


def test_folder_reads_warc_files(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz", [("https://news.example/a", "text/html", PAGE)], gzip=True)
    (report,) = read_inputs([str(tmp_path)])
    assert isinstance(report, RawReport)
    assert report.url == "https://news.example/a"


def test_oversized_record_is_a_problem_and_the_rest_go_on(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    big = b"<html><body>" + b"x" * 5_000 + b"</body></html>"
    write_warc(
        path,
        [
            ("https://news.example/big", "text/html", big),
            ("https://news.example/ok", "text/html", PAGE),
        ],
        gzip=False,
    )
    first, second = read_inputs([str(path)], max_bytes=1_000)
    assert isinstance(first, Problem) and first.code == "too-large"
    assert isinstance(second, RawReport) and second.url == "https://news.example/ok"


def test_corrupt_archive_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00 definitely not a gzip stream")
    results = list(read_inputs([str(path)]))
    assert [type(r) for r in results] == [Problem]
    assert isinstance(results[0], Problem) and results[0].code == "unreadable"


def test_not_a_warc_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("just some words, not an archive\n", encoding="utf-8")
    results = list(read_inputs([str(path)]))
    assert len(results) == 1 and isinstance(results[0], Problem)
