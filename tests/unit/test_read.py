from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
from pathlib import Path

import pytest

from incidex.records import Problem, RawReport
from incidex.stages.read import parse_iso_date, read_inputs, sniff_kind

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
FALLBACK = dt.date(2024, 5, 1)
ARTICLE = "Gunmen attacked a police post in the north of the district on Sunday."


def read_all(*inputs: str, **options: object) -> list[RawReport | Problem]:
    return list(read_inputs(inputs, **options))  # type: ignore[arg-type]


def only(results: list[RawReport | Problem]) -> RawReport | Problem:
    assert len(results) == 1, results
    return results[0]


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# --- files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.html", b"plain words", "html"),
        ("a.HTM", b"plain words", "html"),
        ("a.txt", b"<html><body>x</body></html>", "text"),
        ("a.page", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("a.md", b"Plain words about a protest, no markup.", "text"),
        ("noext", b"\n  <div class='story'><p>x</p></div>", "html"),
    ],
)
def test_file_kind_by_suffix_or_sniffing(
    tmp_path: Path, name: str, content: bytes, kind: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    raw = only(read_all(str(path), published=FALLBACK))
    assert isinstance(raw, RawReport)
    assert (raw.kind, raw.content, raw.origin, raw.published) == (
        kind,
        content,
        str(path),
        FALLBACK,
    )


def test_origin_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE)
    monkeypatch.chdir(tmp_path)
    assert only(read_all("./sub/a.txt")).origin == "./sub/a.txt"
    assert only(read_all("./sub/")).origin == "./sub/a.txt"


def test_missing_path(tmp_path: Path) -> None:
    given = str(tmp_path / "nowhere.html")
    problem = only(read_all(given))
    assert isinstance(problem, Problem)
    assert (problem.code, problem.origin, problem.stage) == ("not-found", given, "read")
    assert repr(given) in problem.message


def test_missing_path_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE)
    results = read_all(str(tmp_path / "missing.txt"), str(good))
    assert [type(r).__name__ for r in results] == ["Problem", "RawReport"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE)
    path.chmod(0)
    problem = only(read_all(str(path)))
    assert isinstance(problem, Problem) and problem.code == "unreadable"


def test_unreadable_file_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    problem = only(read_all(str(path)))
    assert isinstance(problem, Problem) and problem.code == "unreadable"
    assert "Permission denied" in problem.message


def test_too_large_file_is_rejected_by_size_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as file:
        file.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    problem = only(read_all(str(path)))
    assert isinstance(problem, Problem)
    assert problem.code == "too-large" and "50,000,000" in problem.message


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    problem = only(read_all(str(path), max_bytes=10))
    assert isinstance(problem, Problem) and problem.code == "too-large"


def test_empty_file_is_yielded_for_extraction_to_reject(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    raw = only(read_all(str(path)))
    assert isinstance(raw, RawReport) and raw.content == b""


# --- folders -------------------------------------------------------------------------


def test_folder_is_read_recursively_in_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b" / "c.html").write_text("<p>x</p>")
    (tmp_path / "b" / "deep" / "d.htm").write_text("<p>x</p>")
    (tmp_path / "b" / "e.jsonl").write_text(jsonl({"text": ARTICLE}, {"html": "<p>x</p>"}))
    (tmp_path / "c.txt").write_text(ARTICLE)
    (tmp_path / ".hidden.txt").write_text(ARTICLE)
    (tmp_path / ".git" / "f.txt").write_text(ARTICLE)
    (tmp_path / "notes.md").write_text(ARTICLE)
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    origins = [r.origin for r in read_all(str(tmp_path))]
    root = str(tmp_path)
    assert origins == [
        f"{root}/a.txt",
        f"{root}/b/c.html",
        f"{root}/b/deep/d.htm",
        f"{root}/b/e.jsonl:1",
        f"{root}/b/e.jsonl:2",
        f"{root}/c.txt",
    ]


def test_folder_read_is_lazy(tmp_path: Path) -> None:
    for index in range(3):
        (tmp_path / f"{index}.txt").write_text(ARTICLE)
    results = read_inputs([str(tmp_path)])
    first = next(results)
    assert first.origin.endswith("0.txt")
    (tmp_path / "2.txt").unlink()  # removed after the listing, before it is read
    assert [type(r).__name__ for r in results] == ["RawReport", "Problem"]


# --- JSONL ---------------------------------------------------------------------------


def test_jsonl_good_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        jsonl(
            {
                "id": "r1",
                "text": ARTICLE,
                "published": "2023-04-02",
                "url": "https://news.example/r1",
                "source": "Daily Example",
                "title": "Police post attacked",
            },
            {"id": 7, "html": "<p>x</p>"},
            {"text": "Third report.", "published": "2023-04-02T23:30:00-05:00"},
            {"text": "Fourth.", "published": "2023-04-02T10:00:00"},
            {"text": "Fifth.", "published": "2023-04-02T10:00:00Z", "url": 5},
        )
    )
    reports = read_all(str(path), published=FALLBACK)
    assert all(isinstance(r, RawReport) for r in reports)
    first, second, third, fourth, fifth = reports
    assert first == RawReport(
        origin=f"{path}:1",
        content=ARTICLE,
        kind="text",
        report_id="r1",
        published=dt.date(2023, 4, 2),
        url="https://news.example/r1",
        outlet="Daily Example",
        title="Police post attacked",
    )
    assert isinstance(second, RawReport)
    assert (second.kind, second.report_id, second.published) == ("html", "7", FALLBACK)
    assert third.published == dt.date(2023, 4, 3)  # type: ignore[union-attr]
    assert fourth.published == dt.date(2023, 4, 2)  # type: ignore[union-attr]
    assert (fifth.published, fifth.url) == (dt.date(2023, 4, 2), None)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("{not json", "{not json"),
        ("[1, 2, 3]", "[1, 2, 3]"),
        ('"just a string"', "just a string"),
        ('{"id": "x", "title": "no body"}', "no body"),
        ('{"text": 42}', "42"),
        ('{"text": "ok", "published": "last Tuesday"}', "last Tuesday"),
        ('{"text": "ok", "published": "2023-13-45"}', "2023-13-45"),
        ('{"text": "ok", "published": 20230402}', "20230402"),
        ('{"text": "ok", "id": [1]}', "[1]"),
        pytest.param("[" * 100_000, "[[[[", id="deeply-nested-json"),
    ],
)
def test_jsonl_bad_lines(tmp_path: Path, line: str, shown: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl({"text": "before"}, line, {"text": "after"}))
    before, problem, after = read_all(str(path))
    assert isinstance(before, RawReport) and before.content == "before"
    assert isinstance(after, RawReport) and after.content == "after"
    assert isinstance(problem, Problem)
    assert (problem.code, problem.origin) == ("bad-jsonl", f"{path}:2")
    assert shown in problem.message
    assert len(problem.message) < 200


def test_jsonl_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('\n   \n{"text": "a"}\n\n{"text": "b"}')
    assert [r.origin for r in read_all(str(path))] == [f"{path}:3", f"{path}:5"]


def test_jsonl_line_longer_than_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl({"text": "x" * 5000}, {"text": "short"}))
    problem, raw = read_all(str(path), max_bytes=1000)
    assert isinstance(problem, Problem) and problem.code == "too-large"
    assert problem.origin == f"{path}:1"
    assert isinstance(raw, RawReport) and raw.content == "short" and raw.origin == f"{path}:2"


def test_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as file:
        file.write(jsonl({"text": "a"}, "oops", {"text": "b"}))
    results = read_all(str(path))
    assert [getattr(r, "code", r.origin) for r in results] == [
        f"{path}:1",
        "bad-jsonl",
        f"{path}:3",
    ]


def test_corrupt_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(b"this is not gzip")
    problem = only(read_all(str(path)))
    assert isinstance(problem, Problem) and problem.code == "unreadable"


# --- stdin ---------------------------------------------------------------------------


def test_stdin_jsonl() -> None:
    stream = io.BytesIO(("\n  " + jsonl({"text": "a"}, "nope", {"text": "b"})).encode())
    results = read_all("-", stdin=stream, published=FALLBACK)
    assert [r.origin for r in results] == ["<stdin>:2", "<stdin>:3", "<stdin>:4"]
    first = results[0]
    assert isinstance(first, RawReport) and first.content == "a" and first.published == FALLBACK
    assert isinstance(results[1], Problem) and results[1].code == "bad-jsonl"


def test_stdin_html() -> None:
    page = (PAGES / "market-fire.html").read_bytes()
    raw = only(read_all("-", stdin=io.BytesIO(page), published=FALLBACK))
    assert isinstance(raw, RawReport)
    assert (raw.origin, raw.kind, raw.content, raw.published) == ("<stdin>", "html", page, FALLBACK)


def test_stdin_text() -> None:
    raw = only(read_all("-", stdin=io.BytesIO(ARTICLE.encode())))
    assert isinstance(raw, RawReport) and (raw.kind, raw.content) == ("text", ARTICLE.encode())


def test_stdin_too_large() -> None:
    problem = only(read_all("-", stdin=io.BytesIO(b"x" * 101), max_bytes=100))
    assert isinstance(problem, Problem) and problem.code == "too-large"


def test_stdin_empty() -> None:
    raw = only(read_all("-", stdin=io.BytesIO(b"")))
    assert isinstance(raw, RawReport) and raw.content == b""


# --- helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2021-03-05", dt.date(2021, 3, 5)),
        ("2021-03-05T10:00:00Z", dt.date(2021, 3, 5)),
        ("2021-03-05T01:00:00+03:00", dt.date(2021, 3, 4)),
        ("2021-03-05T22:00:00-04:00", dt.date(2021, 3, 6)),
        ("2021-03-05 22:00", dt.date(2021, 3, 5)),
    ],
)
def test_parse_iso_date(value: str, day: dt.date) -> None:
    assert parse_iso_date(value) == day


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"<!doctype html><title>x</title>", "html"),
        (b"<p>one</p>", "html"),
        (b"Prices rose <5% in May.", "text"),
        (b"", "text"),
    ],
)
def test_sniff_kind(head: bytes, kind: str) -> None:
    assert sniff_kind(head) == kind
