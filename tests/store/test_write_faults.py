"""Writes the database refuses: a lock held by another writer, a read-only database, a full
disk, a PostgreSQL server restarted mid-batch. Each gives a clear error or is waited out;
nothing stored before is lost, nothing is stored twice."""

from __future__ import annotations

import io
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from factories import make_doc
from incidex.errors import StoreError
from incidex.serve.cli import main
from incidex.store import SQLiteStore, open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def hold_write_lock(path: Path, seconds: float, *, locked: threading.Event) -> None:
    """Another writer: takes the database's write lock and keeps it ``seconds``."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    locked.set()
    time.sleep(seconds)
    connection.execute("COMMIT")
    connection.close()


class QuickSQLiteStore(SQLiteStore):
    """Waits a tenth of a second for a lock, and tries twice more, waiting 0.1 s then 0.2 s."""

    lock_timeout_s = 0.1
    write_retries = 2
    retry_wait_s = 0.1


def test_a_lock_held_briefly_is_waited_out(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with QuickSQLiteStore(path) as store:
        locked = threading.Event()
        writer = threading.Thread(
            target=hold_write_lock, args=(path, 0.3), kwargs={"locked": locked}
        )
        writer.start()
        locked.wait()
        assert store.add(make_doc("a"), pipeline_version="v1")
        writer.join()
        assert store.counts()["reports"] == 1


def test_a_lock_held_too_long_is_a_clear_error_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with QuickSQLiteStore(path) as store:
        store.add(make_doc("a"), pipeline_version="v1")
        locked = threading.Event()
        writer = threading.Thread(
            target=hold_write_lock, args=(path, 2.0), kwargs={"locked": locked}
        )
        writer.start()
        locked.wait()
        with pytest.raises(StoreError, match="locked by another writer"):
            store.add(make_doc("b"), pipeline_version="v1")
        writer.join()
        assert store.counts()["reports"] == 1
        assert store.add(make_doc("b"), pipeline_version="v1")  # the lock is gone: it goes in
        assert store.counts()["reports"] == 2


def test_a_read_only_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with SQLiteStore(path) as store:
        store.add(make_doc("a"), pipeline_version="v1")
    # The database file opened read-only, as a mount or a permission would make it (file
    # permissions alone do not stop root, who runs CI).
    with SQLiteStore(f"file:{path}?mode=ro") as store:
        with pytest.raises(StoreError, match="read-only"):
            store.add(make_doc("b"), pipeline_version="v1")
        assert [r.report_id for r in store.reports()] == ["a"]


def test_a_read_only_file_refuses_the_ingest_command(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes to read-only files; the mode=ro test covers the store")
    db = tmp_path / "events.db"
    with SQLiteStore(db) as store:
        store.add(make_doc("a"), pipeline_version="v1")
    db.chmod(0o444)
    err = io.StringIO()
    code = main(["ingest", str(EXAMPLES / "clash.txt"), "--db", str(db)], io.StringIO(), err)
    assert code == 2
    assert "read-only" in err.getvalue() or "readonly" in err.getvalue()


def limited_file_size(limit_bytes: int) -> None:
    """In the child: files can grow to ``limit_bytes``, then writes fail as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))


def ingest(
    inputs: Path, db: Path, *, limit_bytes: int | None = None
) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "incidex.serve.cli",
        "ingest",
        str(inputs),
        "--db",
        str(db),
        "--workers",
        "1",
    ]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=None if limit_bytes is None else lambda: limited_file_size(limit_bytes),
        check=False,
    )


def test_a_full_disk_stops_the_batch_clearly_and_a_rerun_completes_it(tmp_path: Path) -> None:
    inputs = tmp_path / "reports"
    shutil.copytree(EXAMPLES, inputs, ignore=shutil.ignore_patterns("*.json", "*.md"))
    db = tmp_path / "events.db"
    first = ingest(inputs / "clash.txt", db)
    assert first.returncode == 0, first.stderr
    # Files may grow to twice the size of a store of one report: the batch of nine
    # reports runs out of room part way.
    limit = 2 * db.stat().st_size
    full = ingest(inputs, db, limit_bytes=limit)
    assert full.returncode == 2, full.stderr
    assert "full or failing" in full.stderr or "is full" in full.stderr, full.stderr
    assert "Traceback" not in full.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = connection.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    expected = len(list(inputs.glob("*.txt"))) + len(list(inputs.glob("*.html")))
    assert 1 <= stored < expected
    rerun = ingest(inputs, db)
    assert rerun.returncode == 0, rerun.stderr
    with open_store(str(db)) as store:
        reports = list(store.reports())
    assert len(reports) == expected
    assert len({r.content_hash for r in reports}) == len(reports)


def restart_postgres(data_dir: str) -> None:
    """Stop the test cluster (fast: connections are cut) and start it again."""
    pg_ctl = "/usr/lib/postgresql/15/bin/pg_ctl"
    log = os.path.join(os.path.dirname(data_dir), "server.log")
    command = [pg_ctl, "-D", data_dir, "-l", log, "-m", "fast", "-w", "restart"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    # The server outlives pg_ctl: it must not hold our pipes open.
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60
    )


def test_postgres_restarted_mid_batch_loses_and_doubles_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = os.environ.get("INCIDEX_TEST_POSTGRES_URL")
    cluster = os.environ.get("INCIDEX_TEST_POSTGRES_DIR")
    if not url or not cluster:
        pytest.skip(
            'INCIDEX_TEST_POSTGRES_URL/DIR are not set (eval "$(bash .ci/postgres.sh)" sets them)'
        )
    from incidex.store.postgres import scratch_schema

    with scratch_schema(url) as schema_url, open_store(schema_url) as store:
        for number in range(3):
            assert store.add(make_doc(f"before-{number}"), pipeline_version="v1")
        restart_postgres(os.path.join(cluster, "data"))
        # The connection the store held is gone; the next write reconnects and goes in.
        for number in range(3):
            assert store.add(make_doc(f"after-{number}"), pipeline_version="v1")
        ids = sorted(r.report_id for r in store.reports())
    assert ids == [f"after-{n}" for n in range(3)] + [f"before-{n}" for n in range(3)]
    assert "PostgreSQL is unavailable" in caplog.text  # the restart was met, and waited out
