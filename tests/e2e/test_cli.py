"""The ``incidex`` command end to end, in process (the model loads once) and as a subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from incidex.export import EVENT_KEYS
from incidex.serve.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

CLASH = (
    "Soldiers clashed with gunmen in Damboa, in Nigeria's Borno state, on Tuesday, "
    "leaving at least four fighters dead, the army said."
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def events_of(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_code_prints_one_json_object_per_event_with_the_contract_keys():
    code, out, err = run("code", str(EXAMPLES / "clash.txt"), "--published", "2024-05-16")
    assert code == 0, err
    events = events_of(out)
    assert events
    assert list(events[0]) == list(EVENT_KEYS)
    assert events[0]["sub_event_type"] == "Armed clash"
    assert events[0]["event_date"] == "2024-05-14"


def test_code_reads_folders_recursively(tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "clash.txt").write_text(CLASH, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(CLASH, encoding="utf-8")
    code, out, _ = run("code", str(tmp_path), "--published", "2024-05-16")
    assert code == 0
    assert {e["location"] for e in events_of(out)} == {"Damboa"}
    assert len(events_of(out)) == 1


def test_code_reads_jsonl_and_reports_bad_lines(tmp_path):
    dump = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": "r1", "text": CLASH, "published": "2024-05-16T08:00:00Z"}),
        "{not json",
        json.dumps({"id": "r3", "title": "no text here"}),
    ]
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run("code", str(dump))
    assert code == 1
    events = events_of(out)
    assert [e["report_id"] for e in events] == ["r1"]
    assert events[0]["event_date"] == "2024-05-14"
    problem_lines = err.strip().splitlines()
    assert len(problem_lines) == 2
    assert all(str(dump) in line for line in problem_lines)


BAD_INPUTS = {
    "empty.txt": b"",
    "blank.txt": b"   \n\t\n",
    "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    "latin1.txt": "Des manifestants ont d\xe9fil\xe9 \xe0 Dakar.".encode("latin-1"),
    "french.txt": (
        "Des centaines de manifestants ont défilé samedi dans les rues de Dakar pour "
        "dénoncer la hausse des prix et réclamer la libération des militants arrêtés."
    ).encode(),
}


def test_bad_inputs_get_a_reason_each_and_the_batch_goes_on(tmp_path):
    for name, content in BAD_INPUTS.items():
        (tmp_path / name).write_bytes(content)
    huge = tmp_path / "huge.html"
    with huge.open("w", encoding="utf-8") as page:
        page.write("<html><body>")
        paragraph = "<p>" + "word " * 200 + "</p>\n"
        while page.tell() < 20_000_000:
            page.write(paragraph)
        page.write("</body></html>")
    good = tmp_path / "good.txt"
    good.write_text(CLASH, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    inputs = [str(tmp_path / name) for name in BAD_INPUTS] + [str(huge), str(missing), str(good)]
    code, out, err = run("code", *inputs, "--published", "2024-05-16")
    assert code == 1
    assert [e["location"] for e in events_of(out)] == ["Damboa"]
    reasons = err.strip().splitlines()
    assert len(reasons) == len(inputs) - 1
    for path in inputs[:-1]:
        assert sum(line.startswith(f"incidex: {path}:") for line in reasons) == 1, path
    codes = {line.rsplit("(", 1)[-1].rstrip(")") for line in reasons}
    assert {"empty", "binary", "not-english", "too-large", "not-found"} <= codes


def test_ingest_is_idempotent_and_export_writes_acled_csv(tmp_path):
    db = tmp_path / "events.db"
    code, out, err = run("ingest", str(EXAMPLES), "--db", str(db))
    assert code == 0, err
    first = [line for line in out.splitlines() if line.strip()]
    assert len(first) >= 7
    code, out, err = run("ingest", str(EXAMPLES), "--db", str(db))
    assert code == 0
    assert out == ""
    assert "0 reports coded" in err
    target = tmp_path / "events.csv"
    code, _, err = run("export", "--db", str(db), "--format", "acled-csv", "-o", str(target))
    assert code == 0
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(first)
    assert {"event_id_cnty", "event_date", "sub_event_type", "fatalities"} <= set(rows[0])
    code, out, _ = run("export", "--db", str(db), "--format", "jsonl", "--country", "Syria")
    assert code == 0
    assert events_of(out)
    assert {e["country"] for e in events_of(out)} == {"Syria"}


def test_ingest_records_problems_in_the_database(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(CLASH, encoding="utf-8")
    db = tmp_path / "events.db"
    code, _, _ = run("ingest", str(tmp_path), "--db", str(db), "--published", "2024-05-16")
    assert code == 1
    from incidex.store import open_store

    with open_store(str(db)) as store:
        assert store.counts()["reports"] == 1
        assert [p.code for p in store.problems()] == ["empty"]


def test_usage_errors_exit_2():
    with pytest.raises(SystemExit) as exit_info:
        main(["code"], io.StringIO(), io.StringIO())
    assert exit_info.value.code == 2


def test_the_installed_command_reads_stdin():
    result = subprocess.run(
        [sys.executable, "-m", "incidex.serve.cli", "code", "-", "--published", "2024-05-16"],
        input=CLASH.encode(),
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert [json.loads(line)["location"] for line in result.stdout.splitlines()] == ["Damboa"]


def test_places_prints_every_place_name_with_its_resolution():
    code, out, err = run("places", str(EXAMPLES / "drone-strike.txt"))
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    keys = {"report_id", "start", "end", "text", "name", "geonameid", "latitude", "longitude"}
    assert all(keys <= set(row) for row in rows)
    armanaz = next(row for row in rows if row["text"] == "Armanaz")
    assert armanaz["country"] == "Syria" and armanaz["admin1"] == "Idlib"
