"""Ingest survives being killed mid-batch and two ingests at once, on every backend.

The subprocesses run the real ``incidex ingest``: nothing is patched in them.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from incidex.store import Store, open_store

TOWNS = (
    "Gao",
    "Mopti",
    "Timbuktu",
    "Kidal",
    "Menaka",
    "Segou",
    "Sikasso",
    "Kayes",
    "Koulikoro",
    "Bandiagara",
)
REPORTS = 30


def write_reports(folder: Path) -> Path:
    """Thirty short reports: three about each of ten attacks (so that some merge)."""
    folder.mkdir()
    for n in range(REPORTS):
        town = TOWNS[n % len(TOWNS)]
        killed = 2 + n % 4
        (folder / f"report-{n:02d}.txt").write_text(
            f"Gunmen attack police post in {town}\n\n"
            f"Gunmen on motorbikes attacked a police post in {town}, Mali, on Tuesday, "
            f"killing {killed} officers, a local official said. Report number {n}.\n",
            encoding="utf-8",
        )
    return folder


def ingest(folder: Path, url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "incidex.serve.cli",
            "ingest",
            str(folder),
            "--db",
            url,
            "--published",
            "2024-03-13",
            "--workers",  # one process: the pipeline loads once, in about two seconds
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def reports_stored(url: str) -> int:
    try:
        with open_store(url) as store:
            return store.counts()["reports"]
    except Exception:  # the first process may still be creating the schema
        return 0


def assert_consistent(store: Store) -> None:
    counts = store.counts()
    assert counts["reports"] == REPORTS
    assert counts["problems"] == 0
    members = [e.event_id for m in store.events() for e in store.report_events(m.event_id)]
    assert len(members) == len(set(members)) == counts["events"]  # each in one merged event
    assert store.count_events() == counts["merged_events"] < counts["events"]
    merged = list(store.events())
    store.remerge()
    assert list(store.events()) == merged  # incremental merging equals a full re-merge


def test_killed_ingest_loses_and_doubles_nothing(store_url: str, tmp_path: Path) -> None:
    folder = write_reports(tmp_path / "inbox")
    first = ingest(folder, store_url)
    deadline = time.monotonic() + 60
    while reports_stored(store_url) < 3 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL, "ingest finished before it could be killed"
    stored_before = reports_stored(store_url)
    assert 0 < stored_before < REPORTS
    rerun = ingest(folder, store_url)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    assert f"{REPORTS - stored_before} reports coded" in err.decode()
    with open_store(store_url) as store:
        assert_consistent(store)


def test_two_ingests_at_once_agree(store_url: str, tmp_path: Path) -> None:
    folder = write_reports(tmp_path / "inbox")
    with open_store(store_url):
        pass  # create the schema first: both processes then only add
    processes = [ingest(folder, store_url) for _ in range(2)]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    with open_store(store_url) as store:
        assert_consistent(store)
