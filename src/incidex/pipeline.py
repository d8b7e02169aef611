"""Assemble the stages into a pipeline and run reports through it."""

from __future__ import annotations

import functools
import itertools
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import ClassVar, Literal, Protocol, TypeVar, cast

from incidex.errors import ReportError
from incidex.records import Document, Problem, RawReport
from incidex.stages.extract import extract_report

log = logging.getLogger(__name__)

OnError = Literal["record", "raise"]
# A real report takes a fraction of a second; a pathological one is stopped here.
DEFAULT_TIME_LIMIT_S = 30.0
# A report over budget still gets this long for each remaining stage call, so that the
# stage fails with a timeout of its own rather than on entry.
MIN_TIME_SLICE_S = 0.01
T = TypeVar("T")


class Stage(Protocol):
    """A pipeline stage: one callable ``Document -> Document``."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]]
    provides: ClassVar[frozenset[str]]

    def __call__(self, doc: Document) -> Document: ...


def check_order(stages: Sequence[Stage]) -> None:
    """Raise ``ValueError`` when a stage requires something no earlier stage provides."""
    available = {"report"}
    for stage in stages:
        missing = stage.requires - available
        if missing:
            raise ValueError(f"stage {stage.name!r} requires {sorted(missing)!r} before it")
        available |= stage.provides


class Pipeline:
    """Runs raw reports through extraction and then each stage in order.

    ``time_limit_s`` bounds the time the stages spend on one report: a report that
    would take longer (pathological text) gets a ``timeout`` problem and the batch
    goes on. It is enforced with a timer signal, so only in a process's main thread
    (worker processes run there); elsewhere it is not enforced.
    """

    def __init__(
        self,
        stages: Sequence[Stage],
        *,
        on_error: OnError = "record",
        time_limit_s: float | None = DEFAULT_TIME_LIMIT_S,
    ) -> None:
        check_order(stages)
        self.stages = tuple(stages)
        self.on_error = on_error
        self.time_limit_s = time_limit_s
        # Seconds spent in each stage since the pipeline was built, for benchmarks.
        self.seconds: dict[str, float] = dict.fromkeys((stage.name for stage in stages), 0.0)

    @property
    def version(self) -> str:
        """What stores record with each report: the stages' names, in order."""
        return "+".join(stage.name for stage in self.stages)

    def run(self, raw: RawReport) -> Document | Problem:
        """Code one raw report; a report that cannot be read becomes a ``Problem``."""
        extracted = self.extract(raw)
        return extracted if isinstance(extracted, Problem) else self.process(extracted)

    def extract(self, raw: RawReport) -> Document | Problem:
        try:
            with time_limit(self.time_limit_s, "extract"):
                return Document(report=extract_report(raw))
        except ReportError as e:
            if self.on_error == "raise":
                raise
            return Problem(code=e.code, message=e.message, origin=raw.origin, stage="extract")

    def process(self, doc: Document) -> Document:
        """Run the stages over an extracted document."""
        return self.process_batch([doc])[0]

    def apply(self, stage: Stage, doc: Document, *, budget: Budget) -> tuple[Document, bool]:
        """Run one stage within the report's time budget; a ``ReportError`` (a timeout
        included) becomes a problem on the document (``True``)."""
        started = time.perf_counter()
        try:
            with time_limit(budget.left(self.time_limit_s), stage.name):
                return stage(doc), False
        except ReportError as e:
            if self.on_error == "raise":
                raise
            log.info("%s: %s failed: %s", doc.report.origin, stage.name, e.message)
            problem = Problem(
                code=e.code,
                message=e.message,
                origin=doc.report.origin,
                stage=stage.name,
                report_id=doc.report.report_id,
            )
            return replace(doc, problems=(*doc.problems, problem)), True
        finally:
            elapsed = time.perf_counter() - started
            budget.spent += elapsed
            self.seconds[stage.name] += elapsed

    def process_batch(self, docs: list[Document]) -> list[Document]:
        """Run the stages over several documents; a stage with a ``pipe`` method (the
        model) gets them all at once, which is faster than one by one."""
        failed: set[int] = set()
        budgets = [Budget() for _ in docs]
        for stage in self.stages:
            active = [i for i in range(len(docs)) if i not in failed]
            batch = getattr(stage, "pipe", None)
            if batch is not None and self.pipe_batch(stage, batch, docs, active, budgets):
                continue
            for i in active:
                docs[i], stopped = self.apply(stage, docs[i], budget=budgets[i])
                if stopped:
                    failed.add(i)
        return docs

    def pipe_batch(
        self,
        stage: Stage,
        batch: Callable[[list[Document]], Iterable[Document]],
        docs: list[Document],
        active: list[int],
        budgets: list[Budget],
    ) -> bool:
        """Run ``stage.pipe`` over the active documents, within the sum of their budgets;
        ``False`` (nothing changed) when one of them fails or time runs out, so that the
        caller runs them one by one and records the problem where it belongs."""
        if not active:
            return True
        limits = [budgets[i].left(self.time_limit_s) for i in active]
        limit = None if None in limits else sum(cast(list[float], limits))
        started = time.perf_counter()
        try:
            with time_limit(limit, stage.name):
                coded = list(batch([docs[i] for i in active]))
        except ReportError:
            return False
        finally:
            elapsed = time.perf_counter() - started
            self.seconds[stage.name] += elapsed
        for i, doc in zip(active, coded, strict=True):
            docs[i] = doc
            budgets[i].spent += elapsed / len(active)
        return True

    def pipe(
        self, raws: Iterable[RawReport | Problem], *, batch_size: int = 16
    ) -> Iterator[Document | Problem]:
        """Code a stream of inputs in batches; problems met while reading pass through."""
        for chunk in in_batches(raws, batch_size):
            results = [raw if isinstance(raw, Problem) else self.extract(raw) for raw in chunk]
            docs = self.process_batch([r for r in results if isinstance(r, Document)])
            coded = iter(docs)
            for result in results:
                yield result if isinstance(result, Problem) else next(coded)


@dataclass
class Budget:
    """Seconds one report has spent in the stages so far."""

    spent: float = 0.0

    def left(self, limit: float | None) -> float | None:
        return None if limit is None else max(limit - self.spent, MIN_TIME_SLICE_S)


@contextmanager
def time_limit(seconds: float | None, what: str) -> Iterator[None]:
    """Raise ``ReportError("timeout")`` in the code inside after ``seconds``.

    A timer signal interrupts Python code and regular expressions alike; it exists
    only in a process's main thread, so elsewhere (and with ``None``) this does nothing.
    """
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ReportError("timeout", f"{what} ran past the time limit of one report")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def in_batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items (the last may be shorter); ``itertools.batched`` is 3.12+."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def default_stage_classes() -> list[type[Stage]]:
    """The embedded default, in order: spaCy small model, bundled dictionaries and gazetteer.

    Triggers and casualty counts come first: they choose the sentences the model parses.
    """
    from incidex.stages.actors import ActorsStage
    from incidex.stages.attribution import AttributionStage
    from incidex.stages.dates import DatesStage
    from incidex.stages.detect import DetectStage
    from incidex.stages.fatalities import FatalitiesStage
    from incidex.stages.merge import MergeStage
    from incidex.stages.nlp import EventSentencesNlpStage
    from incidex.stages.places import PlacesStage

    return [
        DetectStage,
        FatalitiesStage,
        EventSentencesNlpStage,
        ActorsStage,
        PlacesStage,
        DatesStage,
        AttributionStage,
        MergeStage,
    ]


def default_stages() -> list[Stage]:
    """Instances of the default stages (heavy resources load here)."""
    return [stage_class() for stage_class in default_stage_classes()]


def default_version() -> str:
    """The default pipeline's version, known without building it (workers build it)."""
    return "+".join(stage_class.name for stage_class in default_stage_classes())


@functools.cache
def default_pipeline(
    *, on_error: OnError = "record", time_limit_s: float | None = DEFAULT_TIME_LIMIT_S
) -> Pipeline:
    """Build the default pipeline once per process (heavy resources load here)."""
    return Pipeline(default_stages(), on_error=on_error, time_limit_s=time_limit_s)
