"""Assemble the stages into a pipeline and run reports through it."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import ClassVar, Literal, Protocol

from incidex.errors import ReportError
from incidex.records import Document, Problem, RawReport
from incidex.stages.extract import extract_report

log = logging.getLogger(__name__)

OnError = Literal["record", "raise"]


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
        try:
            doc = Document(report=extract_report(raw))
        except ReportError as e:
            if self.on_error == "raise":
                raise
            return Problem(code=e.code, message=e.message, origin=raw.origin, stage="extract")
        return self.process(doc)

    def process(self, doc: Document) -> Document:
        """Run the stages over an extracted document."""
        for stage in self.stages:
            started = time.perf_counter()
            try:
                doc = stage(doc)
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
                return replace(doc, problems=(*doc.problems, problem))
            finally:
                self.seconds[stage.name] += time.perf_counter() - started
        return doc

    def pipe(self, raws: Iterable[RawReport | Problem]) -> Iterator[Document | Problem]:
        """Code a stream of inputs; problems met while reading pass through unchanged."""
        for raw in raws:
            yield raw if isinstance(raw, Problem) else self.run(raw)


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
