"""Score the coder against ACLED rows: each row's ``notes`` is coded as a report.

The report's first (most salient) event is compared field by field with the
row. Rows for which the coder finds no event, or raises ``ReportError``,
count as wrong for every field (predicted "none"). See docs/evaluation.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import random
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from incidex.errors import ReportError
from incidex.gazetteer import Gazetteer, great_circle_km, name_key
from incidex.pipeline import Pipeline, default_pipeline
from incidex.records import Event, Place, Problem, RawReport

log = logging.getLogger(__name__)

NO_EVENT = "none"

# The targets (#evaluation); a metric without one has no entry.
TARGETS: dict[str, float] = {
    "event_type_accuracy": 0.90,
    "sub_event_type_macro_f1": 0.75,
    "fatalities_exact": 0.90,
    "event_date_exact": 0.95,
    "inter1_accuracy": 0.80,
    "admin1_accuracy": 0.90,  # the same area, see Admin1Areas
    "within_25km": 0.75,
}

REFERENCES = (
    "GDELT event codes: about 81% correct in a hand check",
    "CASE 2021, ACLED's 25 sub-event types: best weighted F1 83.9",
)

# Event types of ACLED's pre-2019 schema -> the current types they became.
# "Riots/Protests" was split in two, so either current type counts as correct.
OLD_EVENT_TYPES: dict[str, frozenset[str]] = {
    "battle-no change of territory": frozenset({"Battles"}),
    "battle-government regains territory": frozenset({"Battles"}),
    "battle-non-state actors overtake territory": frozenset({"Battles"}),
    "remote violence": frozenset({"Explosions/Remote violence"}),
    "violence against civilians": frozenset({"Violence against civilians"}),
    "riots/protests": frozenset({"Protests", "Riots"}),
    "strategic development": frozenset({"Strategic developments"}),
    "non-violent transfer of territory": frozenset({"Strategic developments"}),
    "headquarters or base established": frozenset({"Strategic developments"}),
}

# ACLED's monadic exports spell the actor type out ("State forces-Rioters").
INTER_BY_LABEL: dict[str, int] = {
    "state forces": 1,
    "rebel group": 2,
    "political militia": 3,
    "identity militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external/other forces": 8,
}

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%y", "%d-%B-%Y", "%d-%b-%y", "%d-%b-%Y", "%d %B %Y", "%B %d %Y")

# An upload timestamp further than this after the event is a later bulk
# upload (the Kenya file was uploaded in 2019 for events back to 2004), not
# the report's publication date.
MAX_UPLOAD_DELAY = dt.timedelta(days=60)
DEFAULT_PUBLICATION_DELAY = dt.timedelta(days=7)

ADMIN1_SUFFIXES = re.compile(
    r"\b(?:state|province|governorate|county|oblast|region|department|district|division"
    r"|prefecture|municipality|krai|raion|emirate|territory|wilaya|muhafazah)$"
)
# ACLED's period of a state's forces, at the end or before a unit's name
# ("Military Forces of Yemen (2016-) Supreme Political Council").
ACTOR_PERIOD = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One ACLED event as the row codes it, normalised across export schemas.

    ``event_types`` holds every current event type that counts as correct;
    ``sub_event_type`` and ``disorder_type`` are ``None`` when the schema has none.
    ``inter2`` is 0 when there is no second actor.
    """

    event_id: str
    notes: str
    event_date: dt.date
    published: dt.date
    event_types: frozenset[str]
    sub_event_type: str | None
    disorder_type: str | None
    actor1: str | None
    actor2: str | None
    inter1: int | None
    inter2: int
    country: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int
    # A monadic export says which two actors met, not which one acted: the pair is scored
    # in the order that fits the coded event best (``aligned_actors``).
    actors_ordered: bool = True


@dataclass(frozen=True, slots=True)
class Metric:
    """One score: ``value`` over ``count`` rows (``None`` when no row applies)."""

    name: str
    value: float | None
    count: int
    target: float | None = None


@dataclass(frozen=True)
class AcledScores:
    """The scores of one evaluation run; ``confusion`` counts (gold, predicted) labels."""

    source: str
    rows_available: int
    rows_scored: int
    seed: int
    metrics: tuple[Metric, ...]
    confusion: tuple[tuple[str, str, int], ...]
    confusion_field: str

    def value(self, name: str) -> float | None:
        """The value of metric ``name``; raises ``KeyError`` for an unknown name."""
        for metric in self.metrics:
            if metric.name == name:
                return metric.value
        raise KeyError(f"no metric named {name!r}")


# --- reading ACLED exports ------------------------------------------------


def read_gold_events(path: Path) -> list[GoldEvent]:
    """Every event of an ACLED CSV export, once each, in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            {key.lower(): value for key, value in row.items()} for row in csv.DictReader(handle)
        ]
    by_event: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_event.setdefault(row["event_id_cnty"], []).append(row)
    return [gold_event(event_rows) for event_rows in by_event.values()]


def gold_event(rows: Sequence[Mapping[str, str]]) -> GoldEvent:
    """One event from its rows (one row, or one per actor in a monadic export)."""
    row = rows[0]
    actor1, inter1, actor2, inter2 = gold_actors(rows)
    event_date = parse_acled_date(row["event_date"])
    monadic = "actor2" not in row
    return GoldEvent(
        event_id=row["event_id_cnty"],
        notes=row.get("notes", ""),
        event_date=event_date,
        published=publication_date(event_date, row.get("timestamp", "")),
        event_types=accepted_event_types(row["event_type"]),
        sub_event_type=row.get("sub_event_type") or None,
        disorder_type=normalise_disorder_type(row.get("disorder_type", "")),
        actor1=actor1,
        actor2=actor2,
        inter1=inter1,
        inter2=inter2,
        country=row.get("country") or None,
        admin1=row.get("admin1") or None,
        latitude=optional_float(row.get("latitude", "")),
        longitude=optional_float(row.get("longitude", "")),
        fatalities=int(row.get("fatalities") or 0),
        actors_ordered=not (monadic and actor2 is not None),
    )


def gold_actors(
    rows: Sequence[Mapping[str, str]],
) -> tuple[str | None, int | None, str | None, int]:
    """(actor1, inter1, actor2, inter2) from dyadic columns or monadic rows."""
    row = rows[0]
    if "actor2" in row:
        return (
            row["actor1"] or None,
            parse_inter(row["inter1"]),
            row["actor2"] or None,
            parse_inter(row["inter2"]) or 0,
        )
    # Monadic: one row per actor; "interaction" names the two types, the lower code first
    # ("State forces-Rioters"), which need not be the order of actor 1 and actor 2.
    first_label, _, second_label = row.get("interaction", "").casefold().partition("-")
    ordered = sorted(rows, key=lambda each: each["inter1"].casefold() != first_label)
    actor1 = ordered[0]["actor1"] or None
    inter1 = parse_inter(ordered[0]["inter1"])
    if len(ordered) < 2 or not second_label:
        return actor1, inter1, None, 0
    return actor1, inter1, ordered[1]["actor1"] or None, parse_inter(ordered[1]["inter1"]) or 0


def parse_inter(value: str) -> int | None:
    """An ACLED actor type code from ``"3"`` or ``"Political militia"``; ``None`` when blank."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    if value.casefold() not in INTER_BY_LABEL:
        raise ValueError(f"unknown ACLED actor type: {value!r}")
    return INTER_BY_LABEL[value.casefold()]


def parse_acled_date(value: str) -> dt.date:
    """An event date in any of the spellings ACLED exports have used."""
    for date_format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), date_format).date()
        except ValueError:
            continue
    raise ValueError(f"unrecognised ACLED event date: {value!r}")


def publication_date(event_date: dt.date, timestamp: str) -> dt.date:
    """The upload day of the row when it is plausible, else a week after the event."""
    if timestamp.strip().isdigit():
        uploaded = dt.datetime.fromtimestamp(int(timestamp), dt.UTC).date()
        if dt.timedelta(0) <= uploaded - event_date <= MAX_UPLOAD_DELAY:
            return uploaded
    return event_date + DEFAULT_PUBLICATION_DELAY


def accepted_event_types(value: str) -> frozenset[str]:
    """The current event types that a row's (possibly old) event type stands for."""
    return OLD_EVENT_TYPES.get(value.strip().casefold(), frozenset({value.strip()}))


def normalise_disorder_type(value: str) -> str | None:
    # ACLED's export spells the category "Demostrations".
    value = value.strip()
    return None if not value else value.replace("Demostrations", "Demonstrations")


def optional_float(value: str) -> float | None:
    return float(value) if value.strip() else None


# --- comparing fields -----------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents, punctuation or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^\w/]+", " ", plain).split())


def normalise_place_name(name: str | None) -> str:
    return fold(name or "")


def normalise_admin1(name: str | None) -> str:
    """An admin1 name without a trailing "State"/"Province"/... word, as a gazetteer key:
    ACLED and GeoNames transliterate differently ("Banaadir" and "Banadir" are one area)."""
    folded = fold(name or "")
    stripped = ADMIN1_SUFFIXES.sub("", folded).strip()
    return name_key(stripped or folded)


def normalise_actor(name: str | None) -> str:
    """An actor name without ACLED's "(2016-)" periods, case or accents."""
    return fold(ACTOR_PERIOD.sub("", name or ""))


def km_error(gold: GoldEvent, predicted: Event | None) -> float | None:
    """Distance between the coded and the gold point; ``None`` when either is missing."""
    if predicted is None or predicted.latitude is None or predicted.longitude is None:
        return None
    if gold.latitude is None or gold.longitude is None:
        return None
    return great_circle_km(gold.latitude, gold.longitude, predicted.latitude, predicted.longitude)


def predicted_fatalities(event: Event) -> int:
    # ACLED codes "no report" as 0; our ``None`` means the same.
    return event.fatalities or 0


Check = Callable[[GoldEvent, Event], bool]
Applies = Callable[[GoldEvent], bool]


def always(gold: GoldEvent) -> bool:
    return True


FIELD_CHECKS: tuple[tuple[str, Check, Applies], ...] = (
    ("event_type_accuracy", lambda g, e: e.event_type in g.event_types, always),
    (
        "sub_event_type_accuracy",
        lambda g, e: e.sub_event_type == g.sub_event_type,
        lambda g: g.sub_event_type is not None,
    ),
    (
        "disorder_type_accuracy",
        lambda g, e: e.disorder_type in (g.disorder_type or "").split("; "),
        lambda g: g.disorder_type is not None,
    ),
    ("inter1_accuracy", lambda g, e: e.inter1 == g.inter1, lambda g: g.inter1 is not None),
    ("inter2_accuracy", lambda g, e: (e.inter2 or 0) == g.inter2, always),
    (
        "actor1_accuracy",
        lambda g, e: normalise_actor(e.actor1) == normalise_actor(g.actor1),
        lambda g: g.actor1 is not None,
    ),
    (
        "actor2_accuracy",
        lambda g, e: normalise_actor(e.actor2) == normalise_actor(g.actor2),
        always,
    ),
    ("fatalities_exact", lambda g, e: predicted_fatalities(e) == g.fatalities, always),
    ("fatalities_within_1", lambda g, e: abs(predicted_fatalities(e) - g.fatalities) <= 1, always),
    ("event_date_exact", lambda g, e: e.event_date == g.event_date, always),
    (
        "country_accuracy",
        lambda g, e: normalise_place_name(e.country) == normalise_place_name(g.country),
        lambda g: g.country is not None,
    ),
    (
        "admin1_name_accuracy",
        lambda g, e: normalise_admin1(e.admin1) == normalise_admin1(g.admin1),
        lambda g: g.admin1 is not None,
    ),
)


class Admin1Areas:
    """Whether the coded admin1 is the gold one, by name or as an area.

    ACLED and GeoNames name some areas differently ("Zaporizhia" and "Zaporizhzhia",
    "Kirovograd" and "Kirovohrad"). A coded admin1 counts as right when its name
    matches the gold one (``normalise_admin1``), or when, in the gold country, the
    gold name and the coded name both resolve through the gazetteer's admin1 lookup
    (names, OCHA names, capitals; else the area spelt almost like it, as the geoparser
    reads a province) to the same GeoNames admin1 code. The name-only
    comparison is reported as ``admin1_name_accuracy``.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._codes: dict[tuple[str, str], str | None] = {}

    def same_area(self, gold: GoldEvent, predicted: Event) -> bool:
        if normalise_admin1(predicted.admin1) == normalise_admin1(gold.admin1):
            return True
        if not (gold.admin1 and predicted.admin1 and gold.country and predicted.country):
            return False
        if normalise_place_name(gold.country) != normalise_place_name(predicted.country):
            return False
        gold_code = self.area_code(gold.country, gold.admin1)
        return gold_code is not None and gold_code == self.area_code(gold.country, predicted.admin1)

    def area_code(self, country: str, admin1: str) -> str | None:
        """The GeoNames admin1 code ("UA.26") that ``admin1`` names in ``country``."""
        key = (country, admin1)
        if key not in self._codes:
            self._codes[key] = self._lookup(country, admin1)
        return self._codes[key]

    def _lookup(self, country: str, admin1: str) -> str | None:
        iso2 = self.gazetteer.iso2(self.gazetteer.country(country))
        if not iso2:
            return None
        area = self.gazetteer.admin1(iso2, admin1) or self._spelt_like(iso2, admin1)
        return self.gazetteer.admin1_code(area) if area is not None else None

    def _spelt_like(self, iso2: str, admin1: str) -> Place | None:
        """The country's area spelt almost like ``admin1`` ("Zaporizhia"): ACLED's
        spelling is in no gazetteer, and the geoparser reads it the same way."""
        close = [
            area for area in self.gazetteer.admin1_like(admin1) if self.gazetteer.iso2(area) == iso2
        ]
        return close[0] if close else None


def field_accuracy(
    name: str, pairs: Sequence[tuple[GoldEvent, Event | None]], check: Check, applies: Applies
) -> Metric:
    """The share of applicable rows whose coded field matches; a missing event is wrong."""
    outcomes = [
        predicted is not None and check(gold, predicted)
        for gold, predicted in pairs
        if applies(gold)
    ]
    return ratio_metric(name, sum(outcomes), len(outcomes))


def ratio_metric(name: str, hits: int, count: int) -> Metric:
    value = hits / count if count else None
    return Metric(name=name, value=value, count=count, target=TARGETS.get(name))


def macro_f1(gold_labels: Sequence[str], predicted_labels: Sequence[str]) -> float | None:
    """Unweighted mean F1 over the labels present in ``gold_labels``."""
    if len(gold_labels) != len(predicted_labels):
        raise ValueError(f"{len(gold_labels)} gold labels but {len(predicted_labels)} predicted")
    scores = []
    for label in sorted(set(gold_labels)):
        pairs = list(zip(gold_labels, predicted_labels, strict=True))
        true_positive = sum(1 for gold, predicted in pairs if gold == predicted == label)
        gold_count = sum(1 for gold in gold_labels if gold == label)
        predicted_count = sum(1 for predicted in predicted_labels if predicted == label)
        denominator = gold_count + predicted_count
        scores.append(2 * true_positive / denominator if denominator else 0.0)
    return statistics.fmean(scores) if scores else None


def confusion_labels(
    pairs: Sequence[tuple[GoldEvent, Event | None]],
) -> tuple[str, list[tuple[str, str]]]:
    """(field, [(gold, predicted)]) of sub-event types, or event types for old schemas."""
    if any(gold.sub_event_type is not None for gold, _ in pairs):
        return "sub_event_type", [
            (gold.sub_event_type, predicted.sub_event_type if predicted else NO_EVENT)
            for gold, predicted in pairs
            if gold.sub_event_type is not None
        ]
    return "event_type", [
        ("|".join(sorted(gold.event_types)), predicted.event_type if predicted else NO_EVENT)
        for gold, predicted in pairs
    ]


def location_metrics(pairs: Sequence[tuple[GoldEvent, Event | None]]) -> list[Metric]:
    errors = [
        error for gold, predicted in pairs if (error := km_error(gold, predicted)) is not None
    ]
    median = statistics.median(errors) if errors else None
    return [
        Metric("median_km_error", median, len(errors)),
        ratio_metric("within_25km", sum(1 for error in errors if error <= 25), len(errors)),
    ]


def aligned_actors(gold: GoldEvent, predicted: Event | None) -> GoldEvent:
    """The gold event with its two actors swapped when their order is unknown (a monadic
    export) and the swapped order matches more of the coded actor types."""
    if gold.actors_ordered or predicted is None:
        return gold
    as_given = (predicted.inter1 == gold.inter1) + ((predicted.inter2 or 0) == gold.inter2)
    swapped = (predicted.inter1 == gold.inter2) + ((predicted.inter2 or 0) == gold.inter1)
    if swapped <= as_given:
        return gold
    return replace(
        gold, actor1=gold.actor2, inter1=gold.inter2, actor2=gold.actor1, inter2=gold.inter1 or 0
    )


def score_pairs(
    pairs: Sequence[tuple[GoldEvent, Event | None]], areas: Admin1Areas | None = None
) -> tuple[Metric, ...]:
    """Every metric over (gold, first coded event or ``None``) pairs; ``admin1_accuracy``
    compares areas through ``areas`` (names only without it)."""
    pairs = [(aligned_actors(gold, predicted), predicted) for gold, predicted in pairs]
    coded = sum(1 for _, predicted in pairs if predicted is not None)
    metrics = [ratio_metric("coverage", coded, len(pairs))]
    metrics += [
        field_accuracy(name, pairs, check, applies) for name, check, applies in FIELD_CHECKS
    ]
    same_area = areas.same_area if areas is not None else FIELD_CHECKS[-1][1]
    metrics.append(
        field_accuracy("admin1_accuracy", pairs, same_area, lambda g: g.admin1 is not None)
    )
    metrics.insert(3, sub_event_type_f1(pairs))
    metrics += location_metrics(pairs)
    return tuple(metrics)


def sub_event_type_f1(pairs: Sequence[tuple[GoldEvent, Event | None]]) -> Metric:
    """Macro-F1 of sub-event types; unscored (``None`` over 0 rows) for old schemas."""
    field_name, labels = confusion_labels(pairs)
    if field_name != "sub_event_type":
        labels = []
    f1 = macro_f1([gold for gold, _ in labels], [predicted for _, predicted in labels])
    name = "sub_event_type_macro_f1"
    return Metric(name, f1, len(labels), TARGETS.get(name))


def count_confusion(labels: Iterable[tuple[str, str]]) -> tuple[tuple[str, str, int], ...]:
    counts = Counter(labels)
    return tuple((gold, predicted, n) for (gold, predicted), n in sorted(counts.items()))


# --- running --------------------------------------------------------------


def sample_events(events: Sequence[GoldEvent], *, limit: int | None, seed: int) -> list[GoldEvent]:
    """``limit`` events drawn at random with ``seed`` (all of them, in order, without a limit)."""
    if limit is None or limit >= len(events):
        return list(events)
    if limit < 0:
        raise ValueError(f"limit must not be negative: {limit!r}")
    return random.Random(seed).sample(list(events), limit)


def filter_countries(events: Sequence[GoldEvent], countries: Collection[str]) -> list[GoldEvent]:
    """The events of the named countries (all events when none is named)."""
    wanted = {normalise_place_name(name) for name in countries if name.strip()}
    if not wanted:
        return list(events)
    return [e for e in events if normalise_place_name(e.country) in wanted]


def first_event(pipeline: Pipeline, gold: GoldEvent) -> Event | None:
    """The most salient event coded from the row's notes; ``None`` when there is none."""
    raw = RawReport(
        origin=f"acled:{gold.event_id}",
        content=gold.notes,
        kind="text",
        report_id=gold.event_id,
        published=gold.published,
    )
    try:
        result = pipeline.run(raw)
    except ReportError as e:
        log.debug("%s: no event (%s: %s)", gold.event_id, e.code, e.message)
        return None
    if isinstance(result, Problem):  # a pipeline that records problems instead of raising
        return None
    return result.events[0] if result.events else None


def code_events(pipeline: Pipeline, events: Sequence[GoldEvent]) -> list[Event | None]:
    coded = []
    for number, gold in enumerate(events, start=1):
        coded.append(first_event(pipeline, gold))
        if number % 50 == 0 or number == len(events):
            log.info("coded %d/%d rows", number, len(events))
    return coded


def run_acled_evaluation(
    path: str | Path,
    *,
    limit: int | None = None,
    seed: int = 0,
    confusion_path: str | Path | None = None,
    pipeline: Pipeline | None = None,
    countries: Collection[str] = (),
    gazetteer: Gazetteer | None = None,
) -> AcledScores:
    """Code ``limit`` sampled rows of an ACLED export and score the first event of each.

    ``countries`` keeps only the rows of those countries (ACLED's names, any case).
    ``admin1_accuracy`` compares areas through ``gazetteer`` (``Admin1Areas``); it
    defaults to the default gazetteer for the default pipeline, and to names only
    when a pipeline is given without one."""
    path = Path(path)
    events = filter_countries(read_gold_events(path), countries)
    sample = sample_events(events, limit=limit, seed=seed)
    log.info("%s: %d events, scoring %d (seed %d)", path.name, len(events), len(sample), seed)
    if gazetteer is None and pipeline is None:
        gazetteer = Gazetteer.load_default()
    pipeline = pipeline or default_pipeline(on_error="raise")
    pairs = list(zip(sample, code_events(pipeline, sample), strict=True))
    field_name, labels = confusion_labels(pairs)
    scores = AcledScores(
        source=path.name,
        rows_available=len(events),
        rows_scored=len(pairs),
        seed=seed,
        metrics=score_pairs(pairs, Admin1Areas(gazetteer) if gazetteer is not None else None),
        confusion=count_confusion(labels),
        confusion_field=field_name,
    )
    if confusion_path is not None:
        write_confusion_csv(scores, Path(confusion_path))
    return scores


def write_confusion_csv(scores: AcledScores, path: Path) -> None:
    """Gold labels down, predicted labels across, counts in the cells."""
    gold_labels = sorted({gold for gold, _, _ in scores.confusion})
    predicted_labels = sorted({predicted for _, predicted, _ in scores.confusion})
    counts = {(gold, predicted): n for gold, predicted, n in scores.confusion}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"gold {scores.confusion_field} \\ predicted", *predicted_labels])
        for gold in gold_labels:
            writer.writerow([gold, *(counts.get((gold, p), 0) for p in predicted_labels)])


# --- reporting ------------------------------------------------------------


def format_scores(scores: AcledScores) -> str:
    """A plain-text table: metric, value, rows it is over, the issue's target."""
    lines = [
        f"{scores.source}: {scores.rows_scored} of {scores.rows_available} events (seed {scores.seed})",
        "",
        f"{'metric':<26} {'value':>8} {'rows':>6} {'target':>8}",
    ]
    for metric in scores.metrics:
        lines.append(
            f"{metric.name:<26} {format_value(metric):>8} {metric.count:>6} "
            f"{format_target(metric):>8}"
        )
    lines += ["", "published reference numbers:", *(f"  {line}" for line in REFERENCES)]
    return "\n".join(lines)


def format_value(metric: Metric) -> str:
    if metric.value is None:
        return "n/a"
    if metric.name == "median_km_error":
        return f"{metric.value:.1f}"
    return f"{metric.value:.3f}"


def format_target(metric: Metric) -> str:
    return "" if metric.target is None else f">= {metric.target:.2f}"


def floor_failures(scores: AcledScores, floors: Mapping[str, float]) -> list[str]:
    """One line per metric below its floor (an unscored metric fails too)."""
    failures = []
    for name, floor in sorted(floors.items()):
        value = scores.value(name)
        if value is None or value < floor:
            failures.append(f"{name}: {value!r} is below the floor {floor!r}")
    return failures
