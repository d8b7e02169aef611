from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import ClassVar

import pytest

from incidex.errors import ReportError
from incidex.pipeline import Pipeline, check_order, default_pipeline, default_version
from incidex.records import Document, Problem, RawReport
from incidex.stages.nlp import MAX_SENTENCE_CHARS, NlpStage, split_sentences


class Marks:
    name: ClassVar[str] = "test.marks.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"report"})
    provides: ClassVar[frozenset[str]] = frozenset({"marks"})

    def __call__(self, doc: Document) -> Document:
        return replace(doc, sentences=())


class NeedsMarks(Marks):
    name: ClassVar[str] = "test.needs.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"marks"})
    provides: ClassVar[frozenset[str]] = frozenset()


class Fails(Marks):
    name: ClassVar[str] = "test.fails.v1"

    def __call__(self, doc: Document) -> Document:
        raise ReportError("too-hard", f"cannot code {doc.report.origin!r}")


RAW = RawReport(origin="a.txt", content=b"Fighting broke out in the town on Monday.", kind="text")


def test_stages_must_come_after_what_they_require():
    check_order([Marks(), NeedsMarks()])
    with pytest.raises(ValueError, match=r"test\.needs\.v1"):
        check_order([NeedsMarks(), Marks()])


def test_a_failing_stage_is_recorded_as_a_problem():
    result = Pipeline([Marks(), Fails()]).run(RAW)
    assert isinstance(result, Document)
    assert [(p.code, p.stage, p.origin) for p in result.problems] == [
        ("too-hard", "test.fails.v1", "a.txt")
    ]


def test_on_error_raise_propagates():
    with pytest.raises(ReportError):
        Pipeline([Fails()], on_error="raise").run(RAW)


def test_unreadable_input_becomes_a_problem_and_pipe_passes_problems_through():
    empty = RawReport(origin="empty.txt", content=b"", kind="text")
    earlier = Problem("not-found", "no such file", "gone.txt")
    results = list(Pipeline([Marks()]).pipe([empty, earlier, RAW]))
    assert isinstance(results[0], Problem) and results[0].code == "empty"
    assert results[1] is earlier
    assert isinstance(results[2], Document)


def test_version_names_every_stage():
    assert Pipeline([Marks(), NeedsMarks()]).version == "test.marks.v1+test.needs.v1"


def test_nlp_stage_gives_offsets_and_breaks_sentences_at_line_breaks():
    text = "Drone strike hits convoy\n\nThree people were killed. Officials said so."
    raw = RawReport(origin="t", content=text, kind="text")
    doc = Pipeline([NlpStage()]).run(raw)
    assert isinstance(doc, Document)
    assert [s.text.strip() for s in doc.sentences] == [
        "Drone strike hits convoy",
        "Three people were killed.",
        "Officials said so.",
    ]
    for token in doc.tokens:
        assert doc.report.text[token.start : token.end] == token.text
    assert all(0 <= t.head < len(doc.tokens) for t in doc.tokens)


@pytest.mark.parametrize("filler", ["word ", "x" * 3000 + " "])
def test_a_run_without_end_punctuation_is_cut_into_bounded_sentences(filler: str) -> None:
    text = "Troops shelled the town. " + filler * 2000 + "Two died."
    sentences = split_sentences(text)
    assert sentences[0].text == "Troops shelled the town."
    assert all(0 < len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")


class BatchFailsOnBad(Marks):
    """A stage with a batch method that fails for a report containing "bad"."""

    name: ClassVar[str] = "test.batch.v1"

    def __call__(self, doc: Document) -> Document:
        if "bad" in doc.report.text:
            raise ReportError("bad", "a bad report")
        return replace(doc, sentences=())

    def pipe(self, docs: list[Document]):
        return [self(doc) for doc in docs]


def test_pipe_in_batches_keeps_order_problems_and_per_report_failures():
    raws = [
        RawReport(origin=f"r{i}.txt", content=text, kind="text")
        for i, text in enumerate(["good one", "", "a bad one", "good two"])
    ]
    pipeline = Pipeline([BatchFailsOnBad(), Marks()])
    results = list(pipeline.pipe(raws, batch_size=3))
    assert [getattr(r, "origin", None) or r.report.origin for r in results] == [
        "r0.txt",
        "r1.txt",
        "r2.txt",
        "r3.txt",
    ]
    assert isinstance(results[1], Problem) and results[1].code == "empty"
    assert isinstance(results[2], Document)
    assert [p.code for p in results[2].problems] == ["bad"]
    assert isinstance(results[0], Document) and results[0].problems == ()
    assert isinstance(results[3], Document) and results[3].problems == ()


def test_batched_model_gives_the_same_documents_as_one_by_one():
    texts = ["Clashes erupted in the town on Monday.", "Police arrested two men in the city."]
    raws = [RawReport(origin=str(i), content=t, kind="text") for i, t in enumerate(texts)]
    pipeline = Pipeline([NlpStage()])
    assert list(pipeline.pipe(raws)) == [pipeline.run(raw) for raw in raws]


class HangsOnSlow(Marks):
    """Stands in for a stage that hits pathological text: it spins on reports named slow."""

    name: ClassVar[str] = "test.hangs.v1"

    def __call__(self, doc: Document) -> Document:
        if "slow" in doc.report.origin:
            deadline = time.perf_counter() + 30
            while time.perf_counter() < deadline:  # pure Python: the timer interrupts it
                pass
        return doc


class BatchHangsOnSlow(HangsOnSlow):
    name: ClassVar[str] = "test.batch_hangs.v1"

    def pipe(self, docs: list[Document]) -> list[Document]:
        return [self(doc) for doc in docs]


@pytest.mark.parametrize("stage", [HangsOnSlow(), BatchHangsOnSlow()])
def test_a_report_past_the_time_limit_gets_a_problem_and_the_batch_goes_on(stage: Marks) -> None:
    raws = [replace(RAW, origin=name) for name in ("a.txt", "slow.txt", "b.txt")]
    started = time.perf_counter()
    results = list(Pipeline([stage, Marks()], time_limit_s=0.3).pipe(raws))
    assert time.perf_counter() - started < 10
    assert all(isinstance(r, Document) for r in results)
    problems = [[p.code for p in r.problems] for r in results if isinstance(r, Document)]
    assert problems == [[], ["timeout"], []]


def test_no_time_limit_off_the_main_thread() -> None:
    """Timer signals exist only in the main thread; elsewhere coding goes on unlimited."""
    found: list[Document | Problem] = []
    worker = threading.Thread(target=lambda: found.append(Pipeline([Marks()]).run(RAW)))
    worker.start()
    worker.join()
    assert isinstance(found[0], Document) and not found[0].problems


def test_default_version_is_the_default_pipeline_version() -> None:
    assert default_version() == default_pipeline().version
