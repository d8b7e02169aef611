"""A corpus of hostile inputs through ``incidex ingest`` beside one good report (issue 8).

Every bad input must come back as a recorded problem (in the store and on stderr), the good
report must be stored, the command must exit 1, and the batch must finish quickly: the
50 MB page is refused by its size, never parsed.
"""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import time
from pathlib import Path

import pytest

from incidex.serve.cli import main
from incidex.store import open_store

GOOD_REPORT = (
    "Clash near a river crossing\n\n"
    "Army troops and fighters of a local armed group exchanged fire for several hours on "
    "Tuesday near the river crossing outside Kidal, in northern Mali, residents said. At "
    "least four fighters and one soldier were killed in the clash, a military official "
    "told reporters on Wednesday.\n"
)
PUBLISHED = "2024-03-06"
SECONDS_FOR_THE_BATCH = 120.0
MB = 1_000_000


def write(folder: Path, name: str, content: bytes) -> str:
    path = folder / name
    path.write_bytes(content)
    return str(path)


def jsonl(*records: dict[str, object]) -> bytes:
    return b"".join(json.dumps(record).encode() + b"\n" for record in records)


def hostile_inputs(folder: Path) -> dict[str, str]:
    """Each hostile case as a path, under a name the assertions use."""
    english = "Police said the road was closed for the day. " * 3
    cases = {
        "empty": write(folder, "empty.txt", b""),
        "whitespace": write(folder, "blank.txt", b" \n\t\r\n  \n"),
        "binary": write(folder, "image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        "invalid-utf8": write(folder, "bad.txt", english.encode() + b"\xff\xfe\xc3\x28 end"),
        "mixed-encodings": write(
            folder,
            "mixed.txt",
            "Caf\u00e9 owners said ".encode() + "the caf\u00e9 closed".encode("latin-1"),
        ),
        "nested-tags": write(
            folder, "nested.html", b"<html><body>" + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000
        ),
        "one-megabyte-line": write(folder, "line.txt", b"word " * 200_000),
        "arabic": write(
            folder,
            "arabic.txt",
            ("\u0642\u0627\u0644 \u0627\u0644\u0634\u0647\u0648\u062f " * 40).encode(),
        ),
        "russian": write(
            folder,
            "russian.txt",
            (
                "\u0436\u0438\u0442\u0435\u043b\u0438 \u0441\u043a\u0430\u0437\u0430\u043b\u0438 "
                * 40
            ).encode(),
        ),
        "chinese": write(
            folder,
            "chinese.txt",
            ("\u5c45\u6c11\u8bf4\u9053\u8def\u5c01\u95ed\u3002" * 40).encode(),
        ),
        "right-to-left": write(
            folder,
            "rtl.html",
            (
                "<p dir='rtl'>\u202e\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd</p>" * 40
            ).encode(),
        ),
        "nul-bytes": write(folder, "nul.txt", english.encode() + b"\x00\x00" + english.encode()),
        "control-characters": write(folder, "control.txt", bytes(range(1, 9)) * 200 + b"ok"),
        "duplicate-ids": write(
            folder,
            "duplicates.jsonl",
            jsonl(
                {"id": "same", "text": english},
                {"id": "same", "text": english + "Traffic moved again by the evening."},
            ),
        ),
        "ten-megabyte-line": write(
            folder, "long.jsonl", jsonl({"id": "long", "text": "x" * (10 * MB + 10)})
        ),
    }
    huge = folder / "huge.html"
    with huge.open("wb") as file:
        file.write(b"<html><body>")
        paragraph = b"<p>" + b"a" * (MB - 8) + b"</p>"
        for _ in range(50):
            file.write(paragraph)
    cases["fifty-megabyte-page"] = str(huge)
    cases["gzip-bomb"] = write(folder, "bomb.jsonl.gz", gzip_bomb())
    return cases


def gzip_bomb() -> bytes:
    """About 100 KB compressed, 100 MB as one JSONL line: beyond the 10 MB per report."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as file:
        file.write(b'{"id": "bomb", "text": "')
        chunk = b"a" * MB
        for _ in range(100):
            file.write(chunk)
        file.write(b'"}\n')
    return buffer.getvalue()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("hostile")
    cases = hostile_inputs(folder)
    good = write(folder, "good.txt", GOOD_REPORT.encode())
    database = str(folder / "events.db")
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    code = main(
        ["ingest", *cases.values(), good, "--db", database, "--published", PUBLISHED], out, err
    )
    seconds = time.perf_counter() - started
    print(f"\nhostile corpus: {len(cases)} bad inputs + 1 good report in {seconds:.1f} s")
    return {
        "cases": cases,
        "good": good,
        "db": database,
        "code": code,
        "err": err.getvalue(),
        "seconds": seconds,
    }


# What each case must be refused as; ``None``: coded or refused, either is fine, as long
# as nothing crashes (mixed encodings and a long single line can still be English text).
EXPECTED_CODES: dict[str, str | tuple[str, ...] | None] = {
    "empty": "empty",
    "whitespace": "empty",
    "binary": "binary",
    "invalid-utf8": "invalid-utf8",
    "mixed-encodings": "invalid-utf8",
    "nested-tags": "too-large",
    "one-megabyte-line": "too-large",
    "arabic": "not-english",
    "russian": "not-english",
    "chinese": "not-english",
    # Short right-to-left paragraphs: trafilatura may keep nothing of them.
    "right-to-left": ("not-english", "no-text"),
    "nul-bytes": "binary",
    "control-characters": "binary",
    "duplicate-ids": None,
    "ten-megabyte-line": "too-large",
    "fifty-megabyte-page": "too-large",
    "gzip-bomb": "too-large",
}


def stored_problems(database: str) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as connection:
        return [(row[0], row[1]) for row in connection.execute("SELECT origin, code FROM problems")]


def test_the_command_exits_1_and_keeps_the_good_report(ingested: dict[str, object]) -> None:
    assert ingested["code"] == 1
    with open_store(str(ingested["db"])) as store:
        origins = {report.origin for report in store.reports()}
        assert ingested["good"] in origins
        assert store.count_events(store_query()) >= 1


def test_duplicate_report_ids_leave_one_report_and_say_so(ingested: dict[str, object]) -> None:
    """Two JSONL lines with one id: one stored report (the later text) and a
    ``duplicate-id`` problem recorded by the store for the line that replaced the other."""
    with open_store(str(ingested["db"])) as store:
        reports = [report for report in store.reports() if report.report_id == "same"]
    assert len(reports) == 1
    assert reports[0].text.endswith("by the evening.")
    path = ingested["cases"]["duplicate-ids"]  # type: ignore[index]
    assert (f"{path}:2", "duplicate-id") in stored_problems(str(ingested["db"]))


def store_query() -> object:
    from incidex.store import ALL_EVENTS

    return ALL_EVENTS


@pytest.mark.parametrize("case", sorted(EXPECTED_CODES))
def test_each_bad_input_is_a_recorded_problem(ingested: dict[str, object], case: str) -> None:
    path = ingested["cases"][case]  # type: ignore[index]
    problems = [
        code for origin, code in stored_problems(str(ingested["db"])) if origin.startswith(path)
    ]
    expected = EXPECTED_CODES[case]
    if expected is None:
        return
    codes = (expected,) if isinstance(expected, str) else expected
    found = [code for code in problems if code in codes]
    assert found, (case, problems)
    assert path in str(ingested["err"]) and f"({found[0]})" in str(ingested["err"])


def test_the_batch_is_quick(ingested: dict[str, object]) -> None:
    assert float(ingested["seconds"]) < SECONDS_FOR_THE_BATCH  # type: ignore[arg-type]
