"""Scoring place recognition and resolution against gold toponyms."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidex.errors import IncidexError
from incidex.evaluate.places import (
    GoldToponym,
    PlacesScores,
    RecognitionScores,
    ResolutionScores,
    corpus_path,
    format_places_scores,
    load_corpus,
    run_places_evaluation,
    score_recognition,
    score_resolution,
    toponym_rows,
)
from incidex.gazetteer import Gazetteer
from incidex.records import Document, Place, Report, Span, Toponym
from incidex.stages.places import resolve_spans

TEXT = "Floods cut the road from Lyon to Grenoble, and the Rhone burst its banks near Vienne."


def span_of(name: str, text: str = TEXT) -> Span:
    start = text.index(name)
    return Span(start, start + len(name), name)


def place(name: str, latitude: float, longitude: float, geonameid: int | None = None) -> Place:
    return Place(name=name, latitude=latitude, longitude=longitude, geonameid=geonameid)


def gold(name: str, latitude: float, longitude: float, geonameid: int | None = None) -> GoldToponym:
    return GoldToponym(span_of(name), latitude, longitude, geonameid, name)


# --- recognition -----------------------------------------------------------------


def test_exact_spans_count_only_identical_offsets() -> None:
    gold_spans = [span_of("Lyon"), span_of("Grenoble"), span_of("Vienne")]
    found = [span_of("Lyon"), span_of("Grenoble, and"), span_of("Floods")]
    scores = score_recognition(gold_spans, found)
    assert scores == RecognitionScores(found=3, found_correct=1, gold=3, gold_found=1)
    assert scores.precision == pytest.approx(1 / 3)
    assert scores.recall == pytest.approx(1 / 3)


def test_overlapping_spans_forgive_boundaries() -> None:
    gold_spans = [span_of("Lyon"), span_of("Grenoble"), span_of("Vienne")]
    found = [span_of("Lyon"), span_of("Grenoble, and"), span_of("Floods")]
    scores = score_recognition(gold_spans, found, overlap=True)
    assert (scores.found_correct, scores.gold_found) == (2, 2)
    assert scores.f1 == pytest.approx(2 / 3)


def test_names_on_ignored_spans_are_neither_hits_nor_false_alarms() -> None:
    scores = score_recognition(
        [span_of("Lyon")], [span_of("Lyon"), span_of("Rhone")], ignored=[span_of("Rhone")]
    )
    assert scores.found == 1 and scores.precision == 1.0


def test_scores_add_up_and_empty_scores_are_zero() -> None:
    total = RecognitionScores(2, 1, 4, 1) + RecognitionScores(1, 1, 1, 1)
    assert total == RecognitionScores(3, 2, 5, 2)
    assert RecognitionScores().f1 == 0.0


# --- resolution ------------------------------------------------------------------


def test_resolution_takes_the_toponym_over_the_gold_span() -> None:
    lyon, vienne = gold("Lyon", 45.75, 4.85, 2996944), gold("Vienne", 45.52, 4.87, 2969284)
    toponyms = [
        # Right entry, but our coordinates differ a little: an id match is no error.
        Toponym(span_of("Lyon"), place("Lyon", 45.76, 4.84, 2996944), 0.9),
        # The namesake in Austria-ish coordinates: far off.
        Toponym(span_of("near Vienne"), place("Vienne", 48.2, 16.37, 1), 0.4),
    ]
    outcomes = score_resolution([lyon, vienne, gold("Grenoble", 45.19, 5.72)], toponyms)
    assert outcomes[0].error_km == 0.0 and outcomes[0].is_exact
    assert outcomes[1].error_km is not None and outcomes[1].error_km > 800
    assert outcomes[2].place is None
    scores = ResolutionScores.of(outcomes)
    assert (scores.gold, scores.resolved, scores.within_161_km) == (3, 2, 1)
    assert (scores.gold_with_id, scores.exact) == (2, 1)
    assert scores.accuracy_161_km == pytest.approx(1 / 3)
    assert scores.exact_match == pytest.approx(1 / 2)


def test_exact_match_is_undefined_without_gold_ids() -> None:
    outcomes = score_resolution([gold("Grenoble", 45.19, 5.72)], [])
    assert ResolutionScores.of(outcomes).exact_match is None
    assert ResolutionScores.of(outcomes).median_error_km is None


# --- corpora ---------------------------------------------------------------------

LGL_XML = """<articles><article docid="7"><text>{text}</text><toponyms>
<toponym><start>{lyon}</start><end>{lyon_end}</end><phrase>Lyon</phrase>
<gaztag geonameid="2996944"><name>Lyon</name><lat>45.75</lat><lon>4.85</lon></gaztag></toponym>
<toponym><start>{rhone}</start><end>{rhone_end}</end><phrase>Rhone</phrase></toponym>
<toponym><start>0</start><end>4</end><phrase>Lyon</phrase>
<gaztag geonameid="2996944"><lat>45.75</lat><lon>4.85</lon></gaztag></toponym>
</toponyms></article></articles>"""

GEOWEBNEWS_XML = """<articles><article file="3"><text>{text}</text><toponyms>
<toponym><extractedName>Lyon</extractedName><type>Literal</type><start>{lyon}</start>
<end>{lyon_end}</end><geonamesID>2996944</geonamesID><latitude>45.75</latitude>
<longitude>4.85</longitude></toponym>
<toponym><extractedName>Rhone</extractedName><type>Literal</type><start>{rhone}</start>
<end>{rhone_end}</end><geonamesID/><latitude>45.0</latitude><longitude>4.8</longitude></toponym>
<toponym><extractedName>road</extractedName><type>Literal_Expression</type><start>15</start>
<end>19</end></toponym>
</toponyms></article></articles>"""

GEOVIRUS_XML = """<articles><article><text>{text}</text><locations>
<location><name>Lyon</name><start>{lyon_1}</start><end>{lyon_end_1}</end><lat>45.75</lat>
<lon>4.85</lon><page>a wiki page</page></location>
</locations></article></articles>"""


def write_corpus(tmp_path: Path, template: str) -> Path:
    lyon, rhone = span_of("Lyon"), span_of("Rhone")
    path = tmp_path / "corpus.xml"
    path.write_text(
        template.format(
            text=TEXT,
            lyon=lyon.start,
            lyon_end=lyon.end,
            rhone=rhone.start,
            rhone_end=rhone.end,
            # GeoVirus counts from 1.
            lyon_1=lyon.start + 1,
            lyon_end_1=lyon.end + 1,
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("template", "doc_id", "geonameid", "ignored"),
    [
        (LGL_XML, "7", 2996944, ["Rhone"]),
        (GEOWEBNEWS_XML, "3", 2996944, ["Rhone"]),
        (GEOVIRUS_XML, "0", None, []),
    ],
)
def test_each_corpus_format_is_read(
    tmp_path: Path, template: str, doc_id: str, geonameid: int | None, ignored: list[str]
) -> None:
    (document,) = load_corpus(write_corpus(tmp_path, template))
    assert document.doc_id == doc_id and document.text == TEXT
    # The misplaced third LGL toponym (offsets 0..4 hold "Floo") is dropped.
    (toponym,) = document.toponyms
    assert toponym.span == span_of("Lyon") and toponym.geonameid == geonameid
    assert [span.text for span in document.ignored] == ignored


def test_unknown_corpus_names_the_choices() -> None:
    with pytest.raises(IncidexError, match="geowebnews"):
        corpus_path("no-such-corpus")


# --- output ----------------------------------------------------------------------


def test_toponym_rows_are_flat_and_keep_unresolved_names() -> None:
    report = Report(report_id="r1", text=TEXT, content_hash="x", origin="test")
    lyon = place("Lyon", 45.76, 4.84, 2996944)
    doc = Document(
        report=report,
        toponyms=(Toponym(span_of("Lyon"), lyon, 0.9), Toponym(span_of("Vienne"), None, 0.1)),
    )
    first, second = toponym_rows(doc)
    assert first["geonameid"] == 2996944 and first["text"] == "Lyon" and first["report_id"] == "r1"
    assert second["name"] is None and second["start"] == TEXT.index("Vienne")
    assert set(first) == {
        "report_id", "start", "end", "text", "name", "geonameid", "latitude", "longitude",
        "country", "admin1", "feature_code", "score", "kind",
    }  # fmt: skip


def test_format_shows_the_published_baseline() -> None:
    scores = PlacesScores(
        corpus="geowebnews",
        documents=1,
        exact_spans=RecognitionScores(2, 1, 2, 1),
        overlapping_spans=RecognitionScores(2, 2, 2, 2),
        end_to_end=ResolutionScores(2, 1, 1, 2, 1, 3.0),
        given_gold_spans=ResolutionScores(2, 2, 2, 2, 2, 0.0),
        published_exact_match=0.901,
    )
    report = format_places_scores(scores)
    assert "given gold spans" in report and "90.1%" in report and "F1" in report


# --- with the gazetteer and the model ------------------------------------------


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load_default()


def test_given_spans_are_resolved_even_when_recognition_would_drop_them(
    gazetteer: Gazetteer,
) -> None:
    text = "Lorries queued at Calais while ferries from Dover stayed in port."
    toponyms = resolve_spans(text, [span_of("Dover", text), span_of("Calais", text)], gazetteer)
    assert [t.span.text for t in toponyms] == ["Calais", "Dover"]
    assert all(t.place is not None for t in toponyms)


def test_ten_geowebnews_documents_score_above_floors(shared_data: Path) -> None:
    corpus = shared_data / "geoparsing" / "corpora" / "GWN.xml"
    if not corpus.is_file():
        pytest.skip("GeoWebNews is not in the shared data")
    scores = run_places_evaluation(corpus, limit=10)
    assert scores.documents == 10
    assert scores.overlapping_spans.f1 > 0.35
    assert scores.exact_spans.precision > 0.35
    assert scores.given_gold_spans.accuracy_161_km > 0.15
