"""Run the default pipeline over many reports: here, on worker processes, or on a Dask cluster.

Every engine maps a stream of raw reports (and problems met while reading them) to
coded documents and problems, in input order, holding only a bounded number of
chunks in flight, so an input of millions of reports streams. Workers build the
pipeline once and keep it; what comes back is what stores and exports need (the
report, its events and problems), not the tokens and parses.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import Any, Literal, Protocol

from incidex.closable import Closable, SupportsClose
from incidex.errors import IncidexError, MissingExtraError
from incidex.pipeline import default_pipeline, in_batches
from incidex.records import Document, Problem, RawReport

__all__ = ["CHUNK_SIZE", "DaskEngine", "Engine", "LocalEngine", "code_chunk", "open_engine"]

log = logging.getLogger(__name__)

Item = RawReport | Problem
Result = Document | Problem
EngineName = Literal["local", "dask"]

# Reports per task: big enough that the model parses them in one batch, small enough
# that a worker's results come back often.
CHUNK_SIZE = 16


class Engine(SupportsClose, Protocol):
    def map(self, items: Iterable[Item]) -> Iterator[Result]: ...


def code_chunk(chunk: list[Item]) -> list[Result]:
    """Code one chunk with this process's default pipeline (built on first use)."""
    pipeline = default_pipeline()
    return [slim(result) for result in pipeline.pipe(chunk, batch_size=len(chunk))]


def slim(result: Result) -> Result:
    """What leaves a worker: the report, its events and problems, not the analyses."""
    if isinstance(result, Problem):
        return result
    return Document(report=result.report, events=result.events, problems=result.problems)


def in_order(
    submit: Callable[[list[Item]], Future[list[Result]]],
    chunks: Iterable[list[Item]],
    *,
    window: int,
) -> Iterator[Result]:
    """Submit chunks, at most ``window`` at a time in flight, and yield results in order."""
    pending: deque[Future[list[Result]]] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


class LocalEngine(Closable):
    """Worker processes on this machine, one per core by default.

    An input of a single chunk is coded in this process: starting workers (each
    loads the model, about two seconds) would only delay the first event.
    """

    def __init__(self, workers: int | None = None, *, chunk_size: int = CHUNK_SIZE) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.chunk_size = chunk_size
        self._pool: ProcessPoolExecutor | None = None

    def map(self, items: Iterable[Item]) -> Iterator[Result]:
        chunks = in_batches(items, self.chunk_size)
        first = next(chunks, None)
        if first is None:
            return
        second = next(chunks, None)
        if self.workers == 1 or second is None:
            for chunk in chain([first], [second] if second else [], chunks):
                yield from code_chunk(chunk)
            return
        pool = self._start()
        try:
            yield from in_order(
                lambda chunk: pool.submit(code_chunk, chunk),
                chain([first, second], chunks),
                window=2 * self.workers,
            )
        except BrokenProcessPool as e:
            self._pool = None
            raise IncidexError(
                "a worker process died (out of memory, or killed); reports already "
                "stored are kept, and a rerun skips them"
            ) from e

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Spawned, not forked: a worker starts clean whatever the caller holds
            # (open databases, threads), and builds its own pipeline once.
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=default_pipeline,
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


class DaskEngine(Closable):
    """Chunks as tasks on a dask.distributed cluster (the ``dask`` extra).

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); without
    one, a LocalCluster of ``workers`` single-threaded worker processes is started and
    closed with the engine. Every worker must have incidex installed.
    """

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        workers: int | None = None,
        chunk_size: int = CHUNK_SIZE,
        connect_timeout: float = 30.0,
    ) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as e:
            raise MissingExtraError(
                "the Dask engine needs the dask extra: pip install 'incidex[dask]'"
            ) from e
        self.chunk_size = chunk_size
        self._cluster: Any = None
        if scheduler is None:
            self._cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            self.client: Any = Client(self._cluster)
        else:
            try:
                self.client = Client(scheduler, timeout=connect_timeout)
            except OSError as e:
                raise IncidexError(f"cannot reach the Dask scheduler {scheduler!r}: {e}") from e

    def map(self, items: Iterable[Item]) -> Iterator[Result]:
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        yield from in_order(
            lambda chunk: self.client.submit(code_chunk, chunk, pure=False),
            in_batches(items, self.chunk_size),
            window=2 * workers,
        )

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def open_engine(
    name: EngineName = "local",
    *,
    workers: int | None = None,
    scheduler: str | None = None,
) -> Engine:
    """The engine a command line asks for."""
    if name == "dask":
        return DaskEngine(scheduler, workers=workers)
    if scheduler is not None:
        raise IncidexError("--scheduler needs --engine dask")
    return LocalEngine(workers)
