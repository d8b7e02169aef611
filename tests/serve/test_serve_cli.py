"""The serve, watch and export commands, and the progress line."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest
from serve_samples import sample_id

from incidex.serve.cli import ProgressLine, count_inputs, main, tracked


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], {"quarry-1", "quarry-2", "ferry-1", "hostile-1"}),
        (["--bbox=-5,14,-4,15"], {"ferry-1"}),
        (["--admin1", "Kidal"], {"quarry-1", "quarry-2"}),
        (["--actor", "military"], {"quarry-2"}),
        (["--min-fatalities", "3"], {"quarry-2"}),
        (["--attribution", "confirmed"], {"ferry-1"}),
        (["--grade", "single source", "--country", "BFA"], {"hostile-1"}),
        (["--q", "ferry"], {"ferry-1"}),
        (["--sort=-fatalities", "--limit", "1"], {"quarry-2"}),
        (["--since", "2024-06-04", "--until", "2024-06-14"], {"quarry-2", "ferry-1"}),
    ],
)
def test_export_filters(store_url: str, options: list[str], expected: set[str]) -> None:
    code, out, err = run("export", "--db", store_url, *options)
    assert code == 0, err
    assert {sample_id(json.loads(line)) for line in out.splitlines()} == expected
    assert f"exported {len(expected)} events" in err


def test_export_geojson_and_csv(store_url: str) -> None:
    code, out, _ = run("export", "--db", store_url, "--format", "geojson")
    assert code == 0 and len(json.loads(out)["features"]) == 3
    code, out, _ = run("export", "--db", store_url, "--format", "acled-csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 4


def test_export_parquet_needs_a_file(store_url: str, tmp_path: Path) -> None:
    code, _, err = run("export", "--db", store_url, "--format", "parquet")
    assert code == 2 and "-o FILE" in err
    target = tmp_path / "events.parquet"
    code, _, err = run("export", "--db", store_url, "--format", "parquet", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes()[:4] == b"PAR1"


@pytest.mark.parametrize(
    "options",
    [["--bbox", "1,2,3"], ["--since", "2024-06-10", "--until", "2024-06-01"], ["--limit", "-1"]],
)
def test_export_bad_filters_exit_2(store_url: str, options: list[str]) -> None:
    code, _, err = run("export", "--db", store_url, *options)
    assert code == 2
    assert err.startswith("incidex: ")


def test_serve_hands_the_app_to_uvicorn(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from fastapi.testclient import TestClient

    seen: dict[str, object] = {}

    def fake_run(app: object, **options: object) -> None:
        seen.update(options, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setenv("MY_TOKEN", "abc")
    code, _, err = run("serve", "--db", store_url, "--port", "8123", "--token-env", "MY_TOKEN")
    assert code == 0
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8123)
    assert "writing enabled" in err
    health = TestClient(seen["app"]).get("/api/health").json()  # type: ignore[arg-type]
    assert health["writable"] is True


def test_serve_without_token_disables_writing(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    monkeypatch.delenv("INCIDEX_TOKEN", raising=False)
    code, _, err = run("serve", "--db", store_url)
    assert code == 0 and "writing disabled" in err


def test_watch_rejects_a_bad_interval(tmp_path: Path) -> None:
    code, _, err = run("watch", "http://feeds.example/rss", "--db", str(tmp_path / "e.db"),
                       "--interval", "0")  # fmt: skip
    assert code == 2 and "--interval" in err


def test_watch_once_reports_a_refused_feed(tmp_path: Path) -> None:
    # A feed on this machine is refused without --allow-private; no model is loaded.
    code, _, err = run("watch", "http://127.0.0.1:9/feed", "--db", str(tmp_path / "e.db"),
                       "--once")  # fmt: skip
    assert code == 1
    assert "1 feeds read (1 failed)" in err


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal() -> None:
    err = FakeTerminal()
    args = argparse.Namespace(progress=False, inputs=["-"])
    assert list(tracked(iter(range(3)), args, err)) == [0, 1, 2]
    assert "incidex: 3 reports" in err.getvalue()
    assert err.getvalue().endswith("\n")


def test_progress_only_when_asked_or_on_a_terminal(tmp_path: Path) -> None:
    err = io.StringIO()
    args = argparse.Namespace(progress=False, inputs=["-"])
    assert list(tracked(iter(range(3)), args, err)) == [0, 1, 2]
    assert err.getvalue() == ""
    places = argparse.Namespace(inputs=["-"])  # a command without --progress
    assert list(tracked(iter(range(2)), places, FakeTerminal())) == [0, 1]


def test_progress_with_a_known_total(tmp_path: Path) -> None:
    for name in ("a.txt", "b.html", "sub/c.htm", ".hidden.txt", "notes.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert count_inputs([str(tmp_path)]) == 3
    assert count_inputs([str(tmp_path), str(tmp_path / "a.txt")]) == 4
    assert count_inputs(["-"]) is None
    assert count_inputs(["dump.jsonl"]) is None
    err = io.StringIO()
    progress = ProgressLine(err, total=4, every_s=0)
    progress.advance()
    progress.finish()
    assert "incidex: 1/4 reports" in err.getvalue()
    assert "left" in err.getvalue()
