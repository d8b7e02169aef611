"""Assemble the stages into a pipeline and run reports through it."""

from __future__ import annotations

import functools
import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import ClassVar, Literal, Protocol, TypeVar

from incidex.errors import ReportError
from incidex.records import Document, Problem, RawReport
from incidex.stages.extract import extract_report

log = logging.getLogger(__name__)

OnError = Literal["record", "raise"]
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
    """Runs raw reports through extraction and then each stage in order."""

    def __init__(self, stages: Sequence[Stage], *, on_error: OnError = "record") -> None:
        check_order(stages)
        self.stages = tuple(stages)
        self.on_error = on_error
        # Seconds spent in each stage since the pipeline was built, for benchmarks.
        self.seconds: dict[str, float] = dict.fromkeys((stage.name for stage in stages), 0.0)

    @property
    def version(self) -> str:
        return "+".join(stage.name for stage in self.stages)

    def run(self, raw: RawReport) -> Document | Problem:
        """Code one raw report; a report that cannot be read becomes a ``Problem``."""
        extracted = self.extract(raw)
        return extracted if isinstance(extracted, Problem) else self.process(extracted)

    def extract(self, raw: RawReport) -> Document | Problem:
        try:
            return Document(report=extract_report(raw))
        except ReportError as e:
            if self.on_error == "raise":
                raise
            return Problem(code=e.code, message=e.message, origin=raw.origin, stage="extract")

    def process(self, doc: Document) -> Document:
        """Run the stages over an extracted document."""
        for stage in self.stages:
            doc, failed = self.apply(stage, doc)
            if failed:
                break
        return doc

    def apply(self, stage: Stage, doc: Document) -> tuple[Document, bool]:
        """Run one stage; a ``ReportError`` becomes a problem on the document (``True``)."""
        started = time.perf_counter()
        try:
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
            self.seconds[stage.name] += time.perf_counter() - started

    def process_batch(self, docs: list[Document]) -> list[Document]:
        """Run the stages over several documents; a stage with a ``pipe`` method (the
        model) gets them all at once, which is faster than one by one."""
        failed: set[int] = set()
        for stage in self.stages:
            active = [i for i in range(len(docs)) if i not in failed]
            batch = getattr(stage, "pipe", None)
            if batch is not None and self.pipe_batch(stage, batch, docs, active):
                continue
            for i in active:
                docs[i], stopped = self.apply(stage, docs[i])
                if stopped:
                    failed.add(i)
        return docs

    def pipe_batch(
        self,
        stage: Stage,
        batch: Callable[[list[Document]], Iterable[Document]],
        docs: list[Document],
        active: list[int],
    ) -> bool:
        """Run ``stage.pipe`` over the active documents; ``False`` (nothing changed) when one
        of them fails, so that the caller runs them one by one and records the problem."""
        started = time.perf_counter()
        try:
            coded = list(batch([docs[i] for i in active]))
        except ReportError:
            return False
        finally:
            self.seconds[stage.name] += time.perf_counter() - started
        for i, doc in zip(active, coded, strict=True):
            docs[i] = doc
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


def in_batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items (the last may be shorter); ``itertools.batched`` is 3.12+."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def default_stages() -> list[Stage]:
    """The embedded default: spaCy small model, bundled dictionaries and gazetteer."""
    from incidex.stages.actors import ActorsStage
    from incidex.stages.attribution import AttributionStage
    from incidex.stages.dates import DatesStage
    from incidex.stages.detect import DetectStage
    from incidex.stages.fatalities import FatalitiesStage
    from incidex.stages.merge import MergeStage
    from incidex.stages.nlp import NlpStage
    from incidex.stages.places import PlacesStage

    return [
        NlpStage(),
        DetectStage(),
        ActorsStage(),
        PlacesStage(),
        DatesStage(),
        FatalitiesStage(),
        AttributionStage(),
        MergeStage(),
    ]


@functools.cache
def default_pipeline(*, on_error: OnError = "record") -> Pipeline:
    """Build the default pipeline once per process (heavy resources load here)."""
    return Pipeline(default_stages(), on_error=on_error)
