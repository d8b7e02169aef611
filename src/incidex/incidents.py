"""One event, many reports: group per-report events that describe the same real-world event.

Each report is coded on its own into events (one day, one place, one type, one
pair of actors, as in ACLED). Several outlets report the same air strike on
different days, with different tolls and spellings of the village; this module
finds those groups and reconciles them into one *merged event*.

1. **Blocking**: two report events are candidates only when they have the same
   ``event_type``, their dates are within ``MergeSettings.days`` (wider for week
   or month precision), and they lie within ``MergeSettings.km`` of each other
   (or, without coordinates, name the same admin1). Events of one report are
   never candidates: the coder already kept them apart.
2. **Scoring**: candidates are scored on actors, date, distance, location name,
   sub-event type, fatalities and wording (weights in ``MergeSettings``); a pair
   whose score reaches ``MergeSettings.min_score`` is *linked*.
3. **Clustering**: the links form connected components; each component is
   split by average linkage (groups join, best mean score first, while every
   pair across them may share an event and their mean score reaches
   ``min_score``). The result does not depend on input order, and adding a
   report only ever touches the components its events link to, which lets the
   store merge incrementally and get what a full re-merge gets.

Pure Python: no database. See docs/storage.md for the rules and grades.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import cast

from rapidfuzz import fuzz

from incidex.gazetteer import great_circle_km
from incidex.records import Event, Grade

__all__ = [
    "DEFAULT_SETTINGS",
    "Incident",
    "MergeSettings",
    "Provenance",
    "Publication",
    "are_candidates",
    "can_share_event",
    "cluster_events",
    "distance_km",
    "grade_of",
    "is_linked",
    "link_score",
    "linked_pairs",
    "merge_cluster",
    "merge_events",
    "merged_event_id",
    "single_incident",
    "window_days",
]


@dataclass(frozen=True, slots=True)
class MergeSettings:
    """Thresholds and weights of merging (defaults documented in docs/storage.md).

    ``days``: dates of two events with day precision may differ by at most this
    many days (week precision allows 7, month precision 31).
    ``km``: greatest distance between two events with coordinates.
    ``place_km``: two events both placed at a village or town (geo_precision 1
    or 2) more than this far apart are different places and never merge.
    ``min_score``: a candidate pair whose score reaches this is linked; two
    groups merge when the mean score of their pairs reaches it.
    The ``*_weight`` values scale each part of the score (each part is in [-1, 1]).
    ``fatalities_factor``: two tolls are compatible when the larger is at most
    this many times the smaller (plus ``fatalities_slack``).
    """

    days: int = 1
    km: float = 25.0
    place_km: float = 5.0
    min_score: float = 3.0
    actor_weight: float = 2.0
    date_weight: float = 1.0
    distance_weight: float = 1.0
    name_weight: float = 1.0
    sub_event_weight: float = 0.5
    fatalities_weight: float = 0.75
    wording_weight: float = 0.75
    fatalities_factor: float = 3.0
    fatalities_slack: int = 3

    def __post_init__(self) -> None:
        if self.days < 0 or self.km < 0:
            raise ValueError(f"days and km must not be negative, not {self.days!r} and {self.km!r}")


DEFAULT_SETTINGS = MergeSettings()


@dataclass(frozen=True, slots=True)
class Publication:
    """What merging needs to know of a report: when it was published and by whom."""

    report_id: str
    published: dt.date | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which report said which value of one field of a merged event.

    ``value`` is the report's own value (``None`` when it said nothing);
    ``reason`` is set on the record whose value the merged event took when the
    choice needs explaining (the latest credible toll, for instance).
    """

    field: str
    value: str | int | float | None
    report_id: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Incident:
    """A merged event, the report events it was made of (lead first) and provenance."""

    event: Event
    members: tuple[Event, ...]
    provenance: tuple[Provenance, ...]


# Fields whose value each member report gave is kept as provenance.
PROVENANCE_FIELDS = (
    "event_date",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "fatalities",
    "attribution",
)
_UNIDENTIFIED = re.compile(r"^unidentified\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def window_days(event: Event, settings: MergeSettings) -> int:
    """How many days either side of its date an event may match another (by time precision)."""
    return {1: settings.days, 2: max(settings.days, 7)}.get(
        event.time_precision, max(settings.days, 31)
    )


def distance_km(a: Event, b: Event) -> float | None:
    """Great-circle distance between two events, ``None`` when either has no coordinates."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)


def are_candidates(a: Event, b: Event, settings: MergeSettings = DEFAULT_SETTINGS) -> bool:
    """The blocking rule: same type, dates within the window, near each other, other reports."""
    if a.report_id == b.report_id or a.event_type != b.event_type:
        return False
    window = max(window_days(a, settings), window_days(b, settings))
    if abs((a.event_date - b.event_date).days) > window:
        return False
    distance = distance_km(a, b)
    if distance is not None:
        return distance <= settings.km
    return a.admin1 is not None and a.admin1 == b.admin1


def is_unidentified(actor: str | None) -> bool:
    return actor is None or bool(_UNIDENTIFIED.match(actor))


def side_agreement(a: str | None, b: str | None) -> float:
    """1 both name the same actor, 0.25 one (or both) unidentified, -1 different actors."""
    if is_unidentified(a) or is_unidentified(b):
        return 0.25
    return 1.0 if _fold(a) == _fold(b) else -1.0


def actor_part(a: Event, b: Event) -> float:
    """How well the actor pairs agree, the better way round, in [-1, 1].

    Two reports naming different attackers of the same named victim dispute
    the attribution (0: may still merge, and the event is contested); any
    other identified actor that differs makes them different events (-1).
    """
    straight = (side_agreement(a.actor1, b.actor1), side_agreement(a.actor2, b.actor2))
    swapped = (side_agreement(a.actor1, b.actor2), side_agreement(a.actor2, b.actor1))
    best = max(straight, swapped, key=sum)
    if min(best) > -1.0:
        return sum(best) / 2
    if straight == (-1.0, 1.0):
        return 0.0  # attacker disputed, same victim
    return -1.0


def are_different_places(a: Event, b: Event, settings: MergeSettings) -> bool:
    """Both placed at a village or town, and too far apart to be one place."""
    precise = all(e.geo_precision in (1, 2) for e in (a, b))
    distance = distance_km(a, b)
    return precise and distance is not None and distance > settings.place_km


def can_share_event(a: Event, b: Event, settings: MergeSettings = DEFAULT_SETTINGS) -> bool:
    """Whether two report events may be in one merged event at all (every pair in a group must)."""
    return (
        are_candidates(a, b, settings)
        and actor_part(a, b) > -1.0
        and not are_different_places(a, b, settings)
    )


def date_part(a: Event, b: Event) -> float:
    apart = abs((a.event_date - b.event_date).days)
    return 1.0 if apart == 0 else -0.5 * apart


def distance_part(a: Event, b: Event, settings: MergeSettings) -> float:
    distance = distance_km(a, b)
    if distance is None:
        return 0.0  # no coordinates: same admin1, which blocking required
    if not all(e.geo_precision in (1, 2) for e in (a, b)):
        return 0.5  # one is only placed in a region, and the other lies near it
    if distance <= 2.0:
        return 1.0
    # 1 at 2 km falling to -1 at the blocking limit
    return 1.0 - 2.0 * (distance - 2.0) / max(settings.km - 2.0, 1e-9)


def name_part(a: Event, b: Event) -> float:
    if not a.location or not b.location or not all(e.geo_precision in (1, 2) for e in (a, b)):
        return 0.0
    similarity = fuzz.WRatio(_fold(a.location), _fold(b.location))
    return max(-1.0, min(1.0, (similarity - 70.0) / 20.0))


def fatalities_part(a: Event, b: Event, settings: MergeSettings) -> float:
    x, y = a.fatalities, b.fatalities
    if x is None or y is None:
        return 0.0
    low, high = sorted((x, y))
    if high <= low * 1.25 + 1:
        return 1.0
    return 0.5 if high <= low * settings.fatalities_factor + settings.fatalities_slack else -0.5


def wording_part(a: Event, b: Event) -> float:
    if not a.notes or not b.notes:
        return 0.0
    similarity = fuzz.token_set_ratio(_words(a.notes), _words(b.notes))
    return max(-1.0, min(1.0, (similarity - 50.0) / 30.0))


def link_score(a: Event, b: Event, settings: MergeSettings = DEFAULT_SETTINGS) -> float | None:
    """The weighted score of a candidate pair, ``None`` when blocking keeps them apart."""
    if not are_candidates(a, b, settings):
        return None
    sub_event = 1.0 if a.sub_event_type == b.sub_event_type else -1.0
    return (
        settings.actor_weight * actor_part(a, b)
        + settings.date_weight * date_part(a, b)
        + settings.distance_weight * distance_part(a, b, settings)
        + settings.name_weight * name_part(a, b)
        + settings.sub_event_weight * sub_event
        + settings.fatalities_weight * fatalities_part(a, b, settings)
        + settings.wording_weight * wording_part(a, b)
    )


def is_linked(a: Event, b: Event, settings: MergeSettings = DEFAULT_SETTINGS) -> bool:
    score = link_score(a, b, settings)
    return score is not None and score >= settings.min_score


def linked_pairs(
    events: Iterable[Event], settings: MergeSettings = DEFAULT_SETTINGS
) -> dict[tuple[str, str], float]:
    """Scores of every candidate pair (keys: the two event ids, sorted).

    Only events of one type can pair, so each type is scanned on its own, with
    a sliding date window over its events sorted by date.
    """
    by_type: dict[str, list[Event]] = {}
    for event in events:
        by_type.setdefault(event.event_type, []).append(event)
    scores: dict[tuple[str, str], float] = {}
    for typed in by_type.values():
        ordered = sorted(typed, key=lambda e: (e.event_date, e.event_id))
        widest = max(window_days(e, settings) for e in ordered)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                if (second.event_date - first.event_date).days > widest:
                    break
                score = link_score(first, second, settings)
                if score is not None:
                    key = (first.event_id, second.event_id)
                    scores[min(key), max(key)] = score
    return scores


def cluster_events(
    events: Iterable[Event], settings: MergeSettings = DEFAULT_SETTINGS
) -> list[tuple[Event, ...]]:
    """Group report events into merged events; groups sorted by their first event_id.

    Linked pairs form connected components; each component is then split by
    average linkage: groups merge, best mean score first, while every pair
    across them can share an event (``can_share_event``) and the mean score of
    those pairs reaches ``min_score``. Everything is sorted first, so the
    result depends on the set of events, never on their order; and a group
    depends only on its component, which lets the store re-merge one
    component at a time.
    """
    by_id = {e.event_id: e for e in events}
    scores = linked_pairs(by_id.values(), settings)
    components = _components(sorted(by_id), scores, settings.min_score)
    groups = [
        group
        for component in components
        for group in _average_linkage(component, scores, by_id, settings)
    ]
    clusters = [tuple(by_id[i] for i in sorted(group)) for group in groups]
    return sorted(clusters, key=lambda cluster: cluster[0].event_id)


def _components(
    ids: list[str], scores: Mapping[tuple[str, str], float], min_score: float
) -> list[list[str]]:
    parent = {i: i for i in ids}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (a, b), score in sorted(scores.items()):
        if score >= min_score:
            first, second = sorted((root(a), root(b)))
            parent[second] = first
    grouped: dict[str, list[str]] = {}
    for i in ids:
        grouped.setdefault(root(i), []).append(i)
    return list(grouped.values())


def _average_linkage(
    component: list[str],
    scores: Mapping[tuple[str, str], float],
    by_id: Mapping[str, Event],
    settings: MergeSettings,
) -> list[list[str]]:
    groups = [[i] for i in sorted(component)]
    while len(groups) > 1:
        best: tuple[float, int, int] | None = None
        for x in range(len(groups)):
            for y in range(x + 1, len(groups)):
                mean = _mean_score(groups[x], groups[y], scores, by_id, settings)
                good = mean is not None and mean >= settings.min_score
                if good and (best is None or cast(float, mean) > best[0]):
                    best = (cast(float, mean), x, y)
        if best is None:
            break
        _, x, y = best
        groups[x] = sorted(groups[x] + groups[y])
        del groups[y]
    return groups


def _mean_score(
    first: list[str],
    second: list[str],
    scores: Mapping[tuple[str, str], float],
    by_id: Mapping[str, Event],
    settings: MergeSettings,
) -> float | None:
    """Mean score of the pairs across two groups; ``None`` when some pair cannot share an event."""
    total = 0.0
    for a in first:
        for b in second:
            if not can_share_event(by_id[a], by_id[b], settings):
                return None
            total += scores[min(a, b), max(a, b)]
    return total / (len(first) * len(second))


def merged_event_id(member_ids: Iterable[str]) -> str:
    """``ev-`` and a hash of the sorted member event ids: the same members give the same id."""
    digest = hashlib.sha256("\n".join(sorted(member_ids)).encode("utf-8")).hexdigest()
    return f"ev-{digest[:16]}"


def merge_events(
    events: Iterable[Event],
    publications: Mapping[str, Publication],
    settings: MergeSettings = DEFAULT_SETTINGS,
) -> list[Incident]:
    """Merge report events into incidents, sorted by merged event_id; input order does not matter.

    ``publications`` maps report ids to their date and outlet; a report missing
    from it counts as undated, of unknown outlet.
    """
    incidents = [merge_cluster(c, publications) for c in cluster_events(events, settings)]
    return sorted(incidents, key=lambda incident: incident.event.event_id)


def single_incident(event: Event, publication: Publication | None = None) -> Incident:
    """The merged event of one report event alone (grade ``single source``)."""
    return merge_cluster((event,), {} if publication is None else {event.report_id: publication})


def merge_cluster(members: Sequence[Event], publications: Mapping[str, Publication]) -> Incident:
    """Reconcile the report events of one cluster into a merged event."""
    if not members:
        raise ValueError("cannot merge an empty cluster")
    ordered = sorted(members, key=lambda e: _lead_key(e, publications))
    lead = ordered[0]
    if len(ordered) == 1:  # a report event alone keeps its own coding exactly
        alone = replace(
            lead,
            event_id=merged_event_id([lead.event_id]),
            report_ids=(lead.report_id,),
            grade="single source",
        )
        return Incident(alone, (lead,), _provenance(ordered, None, ""))
    actor1, actor1_disputed = _agreed_actor(ordered, "actor1")
    actor2, actor2_disputed = _agreed_actor(ordered, "actor2")
    place_disputed = _places_disagree(ordered)
    best, best_report, best_reason = _latest_toll(ordered, publications)
    contested = (
        actor1_disputed or actor2_disputed or place_disputed or any(m.contested for m in ordered)
    )
    low, high = _toll_range(ordered)
    located = next((m for m in ordered if m.latitude is not None), lead)
    report_ids = tuple(dict.fromkeys(m.report_id for m in ordered))
    event = replace(
        lead,
        event_id=merged_event_id(m.event_id for m in ordered),
        actor1=actor1,
        inter1=_inter_of(ordered, "actor1", "inter1", actor1),
        actor2=actor2,
        inter2=_inter_of(ordered, "actor2", "inter2", actor2),
        fatalities=best,
        fatalities_low=low,
        fatalities_high=high,
        injured=max((m.injured for m in ordered if m.injured is not None), default=None),
        latitude=located.latitude,
        longitude=located.longitude,
        geo_precision=located.geo_precision,
        geonameid=located.geonameid,
        sources=tuple(dict.fromkeys(s for m in ordered for s in m.sources)),
        confidence=max(m.confidence for m in ordered),
        contested=contested,
        report_ids=report_ids,
        grade=grade_of(ordered, publications, contested=contested),
    )
    provenance = _provenance(ordered, best_report, best_reason)
    return Incident(event, tuple(ordered), provenance)


def grade_of(
    members: Sequence[Event], publications: Mapping[str, Publication], *, contested: bool
) -> Grade:
    """How well independent outlets back a merged event (Airwars' spirit; docs/storage.md)."""
    report_ids = {m.report_id for m in members}
    if len(report_ids) == 1:
        return "single source"
    if contested:
        return "contested"
    voices = {_voice(r, publications) for r in report_ids}
    officially_confirmed = any(m.attribution == "confirmed" for m in members)
    if len(voices) >= 3 or (officially_confirmed and len(voices) >= 2):
        return "confirmed"
    if len(voices) == 1 or all(m.attribution == "suspected" for m in members):
        return "weak"
    return "fair"


def _voice(report_id: str, publications: Mapping[str, Publication]) -> str:
    """An outlet counts once however many of its reports there are."""
    publication = publications.get(report_id)
    outlet = publication.outlet if publication else None
    return f"outlet:{_fold(outlet)}" if outlet else f"report:{report_id}"


def _lead_key(event: Event, publications: Mapping[str, Publication]) -> tuple[object, ...]:
    """Earliest published first (undated last), then report id, then event id."""
    publication = publications.get(event.report_id)
    published = publication.published if publication else None
    return (published is None, published or dt.date.max, event.report_id, event.event_id)


def _agreed_actor(ordered: Sequence[Event], field: str) -> tuple[str | None, bool]:
    """The most often named identified actor (ties: the earliest report) and whether reports differ."""
    named = [getattr(m, field) for m in ordered if not is_unidentified(getattr(m, field))]
    if not named:
        return getattr(ordered[0], field), False
    distinct = list(dict.fromkeys(named, None))
    folded = {_fold(n) for n in distinct}
    chosen = max(distinct, key=lambda n: (named.count(n), -distinct.index(n)))
    return chosen, len(folded) > 1


def _inter_of(
    ordered: Sequence[Event], actor_field: str, inter_field: str, actor: str | None
) -> int | None:
    for member in ordered:
        if getattr(member, actor_field) == actor:
            return getattr(member, inter_field)
    return getattr(ordered[0], inter_field)


def _places_disagree(ordered: Sequence[Event]) -> bool:
    """Two reports place the event in different admin1 regions."""
    regions = {_fold(m.admin1) for m in ordered if m.admin1}
    return len(regions) > 1


def _toll_range(ordered: Sequence[Event]) -> tuple[int | None, int | None]:
    """Lowest and highest figure any report gives; a single report keeps its own range."""
    if len(ordered) == 1:
        return ordered[0].fatalities_low, ordered[0].fatalities_high
    lows = [v for m in ordered for v in (m.fatalities_low, m.fatalities) if v is not None]
    highs = [
        v
        for m in ordered
        for v in (m.fatalities_high, m.fatalities_low, m.fatalities)
        if v is not None
    ]
    return min(lows, default=None), max(highs, default=None)


def _latest_toll(
    ordered: Sequence[Event], publications: Mapping[str, Publication]
) -> tuple[int | None, str | None, str]:
    """The toll of the report published last that states one (tolls grow as bodies are found).

    Returns the toll, the report it came from and the reason recorded in provenance.
    """
    stating = [m for m in ordered if m.fatalities is not None]
    if not stating:
        return None, None, ""

    def recency(event: Event) -> tuple[object, ...]:
        publication = publications.get(event.report_id)
        published = publication.published if publication else None
        return (published or dt.date.min, event.fatalities, event.report_id)

    latest = max(stating, key=recency)
    publication = publications.get(latest.report_id)
    when = publication.published.isoformat() if publication and publication.published else "undated"
    reason = (
        f"latest credible toll: report {latest.report_id!r} ({when}), the last published "
        f"of {len(stating)} reports stating a toll"
    )
    return latest.fatalities, latest.report_id, reason


def _provenance(
    ordered: Sequence[Event], best_report: str | None, best_reason: str
) -> tuple[Provenance, ...]:
    records = []
    for field in PROVENANCE_FIELDS:
        for member in ordered:
            value = getattr(member, field)
            if isinstance(value, dt.date):
                value = value.isoformat()
            chosen = field == "fatalities" and member.report_id == best_report
            reason = best_reason if chosen else ""
            records.append(Provenance(field, value, member.report_id, reason))
    return tuple(records)


def _fold(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))
