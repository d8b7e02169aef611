"""``incidex run``: coding at scale into a database (resumable) or a Parquet file."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from incidex.serve.cli import main
from incidex.store import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def example_reports(folder: Path) -> Path:
    """The bundled examples as one JSONL dump (one report a line) plus two text files."""
    folder.mkdir()
    lines = [
        json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8")})
        for path in sorted(EXAMPLES.glob("*.txt"))
    ]
    (folder / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "clash.txt", folder / "clash.txt")
    shutil.copy(EXAMPLES / "protest.txt", folder / "protest.txt")
    return folder


NEW_REPORT = (
    "Gunmen on motorbikes attacked a police post outside Kidal on Sunday, killing two "
    "officers, a local official said."
)


def test_rerun_skips_what_is_stored_and_codes_only_what_is_new(tmp_path: Path) -> None:
    inputs = example_reports(tmp_path / "in")
    db = str(tmp_path / "events.db")
    code, _, err = run("run", str(inputs / "dump.jsonl"), "--db", db, "--workers", "1")
    assert code == 0, err
    with open_store(db) as store:
        assert store.counts()["reports"] == 7
    # The rerun meets the dump again (skipped unread: its origins are stored), two files
    # that repeat texts of the dump (coded, stored once) and one new report.
    (inputs / "new.txt").write_text(NEW_REPORT, encoding="utf-8")
    code, _, err = run("run", str(inputs), "--db", db, "--workers", "1")
    assert code == 0, err
    assert "1 reports coded" in err
    assert "9 already stored" in err
    with open_store(db) as store:
        assert store.counts()["reports"] == 8
        assert store.has_origin(str(inputs / "new.txt"))


def test_problems_count_as_done(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    db = str(tmp_path / "events.db")
    code, _, err = run("run", str(inputs), "--db", db, "--workers", "1")
    assert code == 1 and "empty" in err
    code, _, err = run("run", str(inputs), "--db", db, "--workers", "1")
    assert code == 0, err
    assert "1 already stored" in err
    with open_store(db) as store:
        assert store.counts()["problems"] == 1


def test_retry_codes_again_what_had_a_problem(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    report = inputs / "late.txt"
    report.write_text("", encoding="utf-8")
    db = str(tmp_path / "events.db")
    assert run("run", str(inputs), "--db", db, "--workers", "1")[0] == 1
    # The file was still being written when the first run read it.
    report.write_text(NEW_REPORT, encoding="utf-8")
    code, _, err = run("run", str(inputs), "--db", db, "--workers", "1")
    assert code == 0 and "0 reports coded" in err
    code, _, err = run("run", str(inputs), "--db", db, "--workers", "1", "--retry")
    assert code == 0, err
    assert "1 reports coded" in err
    with open_store(db) as store:
        assert store.has_origin(str(report), problems=False)
        assert store.counts()["problems"] == 0  # coding it settled the old problem


def test_parquet_output(tmp_path: Path) -> None:
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet", reason="parquet extra not installed")
    target = tmp_path / "events.parquet"
    code, _, err = run("run", str(EXAMPLES), "--parquet", str(target), "--workers", "1")
    assert code == 0, err
    table = pyarrow_parquet.read_table(target)
    assert table.num_rows >= 8
    assert "sub_event_type" in table.column_names


def test_database_or_parquet_is_required() -> None:
    with pytest.raises(SystemExit):
        run("run", str(EXAMPLES))


def test_scheduler_without_dask_engine_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run(
        "run", str(EXAMPLES), "--db", str(tmp_path / "x.db"), "--scheduler", "tcp://127.0.0.1:1"
    )
    assert code == 2
    assert "--engine dask" in err
