"""The same input gives the same events in this process, on worker processes and on Dask."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidex.engines import DaskEngine, LocalEngine, open_engine
from incidex.errors import IncidexError
from incidex.export import event_to_dict
from incidex.records import Document, Problem, RawReport
from incidex.stages.read import read_inputs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def inputs() -> list[RawReport | Problem]:
    """The bundled examples, a bad input in the middle, and the examples again."""
    examples = list(read_inputs([str(EXAMPLES)]))
    broken = RawReport(origin="broken.txt", content=b"\xff\xfe\x00garbage", kind="text")
    missing = Problem(code="not-found", message="no such file", origin="gone.txt")
    return [*examples, broken, missing, *examples]


def outcome(results: list[Document | Problem]) -> list[object]:
    return [
        (r.code, r.origin)
        if isinstance(r, Problem)
        else (r.report.origin, [event_to_dict(e) for e in r.events], r.problems)
        for r in results
    ]


@pytest.fixture(scope="module")
def in_process() -> list[object]:
    with LocalEngine(workers=1, chunk_size=4) as engine:
        return outcome(list(engine.map(inputs())))


def test_in_process_codes_every_input_in_order(in_process: list[object]) -> None:
    assert len(in_process) == len(inputs())
    assert ("not-found", "gone.txt") in in_process
    coded = [r for r in in_process if len(r) == 3]  # type: ignore[arg-type]
    assert sum(len(r[1]) for r in coded) >= 16  # type: ignore[index, arg-type]


def test_worker_processes_give_the_same_events(in_process: list[object]) -> None:
    with LocalEngine(workers=2, chunk_size=4) as engine:
        assert outcome(list(engine.map(inputs()))) == in_process


def test_dask_local_cluster_gives_the_same_events(in_process: list[object]) -> None:
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    with DaskEngine(workers=2, chunk_size=4) as engine:
        assert outcome(list(engine.map(inputs()))) == in_process


def test_one_chunk_is_coded_without_workers() -> None:
    engine = LocalEngine(workers=4, chunk_size=64)
    results = list(engine.map(inputs()[:3]))
    assert len(results) == 3
    assert engine._pool is None  # no worker was started for a single chunk
    engine.close()


def test_empty_input_gives_nothing() -> None:
    with LocalEngine(workers=2) as engine:
        assert list(engine.map([])) == []


def test_scheduler_needs_the_dask_engine() -> None:
    with pytest.raises(IncidexError, match="--engine dask"):
        open_engine("local", scheduler="tcp://127.0.0.1:8786")


def test_unreachable_scheduler_is_a_clear_error() -> None:
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    with pytest.raises((IncidexError, OSError, TimeoutError)):
        DaskEngine("tcp://127.0.0.1:9", connect_timeout=1.0)
