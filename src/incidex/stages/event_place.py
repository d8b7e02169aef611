"""Where one event happened: the toponym that places it and ACLED's geo_precision."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from incidex.gazetteer import ascii_name
from incidex.records import (
    Document,
    EventDate,
    Place,
    Toponym,
)

if TYPE_CHECKING:
    from incidex.stages.merge import Mention


COUNTRY_CODES = frozenset({"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR"})
# Continents, world regions, seas and oceans: never where an event is located.
BEYOND_COUNTRY_CODES = frozenset({"CONT", "RGN", "OCN", "SEA"})


@dataclass(frozen=True, slots=True)
class EventPlace:
    """Where the event happened, with ACLED's precision and the words behind it."""

    location: str | None
    place: Place | None
    country: str | None
    iso3: str | None
    precision: int | None
    toponyms: tuple[Toponym, ...]


def specificity(toponym: Toponym) -> int:
    """0 a village or town, 1 a district, 2 a province, 3 a country, 4 a continent, region or sea."""
    place = toponym.place
    if place is None:
        return 0
    code = place.feature_code or ""
    if code in BEYOND_COUNTRY_CODES:
        return 4
    if code in COUNTRY_CODES:
        return 3
    if code == "ADM1":
        return 2
    if code == "ADM2":
        return 1
    return 0


def nearest_first(toponyms: Sequence[Toponym], anchor: int) -> list[Toponym]:
    """Names after the event words first (where the event happened), then those before."""
    return sorted(
        toponyms,
        key=lambda t: (t.span.start < anchor, abs(t.span.start - anchor)),
    )


def choose_toponym(mentions: Sequence[Mention], date: EventDate | None) -> Toponym | None:
    anchor_mention = next((m for m in mentions if date is not None and m.date == date), mentions[0])
    ordered = [anchor_mention, *[m for m in mentions if m is not anchor_mention]]
    for level in range(4):
        for mention in ordered:
            # Demonyms and names inside other names (issue 4) never place an event.
            fitting = [t for t in mention.toponyms if t.kind == "name" and specificity(t) <= level]
            if fitting:
                return nearest_first(fitting, mention.anchor)[0]
    return None


def focus_country(doc: Document) -> Place | None:
    """The country the report is mostly about, from its resolved place names."""
    counts: Counter[tuple[str, str]] = Counter()
    places: dict[tuple[str, str], Place] = {}
    for toponym in doc.toponyms:
        place = toponym.place
        if toponym.kind != "name":
            continue  # "Russian forces shelled ...": a demonym is not where the report is
        if place is not None and place.country and place.iso3:
            key = (place.country, place.iso3)
            counts[key] += 1
            places.setdefault(key, place)
    if not counts:
        return None
    return places[counts.most_common(1)[0][0]]


def admin_context(doc: Document, toponym: Toponym) -> Toponym | None:
    """A resolved place that says where an unresolved name lies (its parenthesis, its sentence)."""
    resolved = [
        t for t in doc.toponyms if t.kind == "name" and t.place is not None and specificity(t) < 3
    ]
    if toponym.context:
        wanted = toponym.context.casefold()
        for candidate in resolved:
            place = candidate.place
            assert place is not None
            if wanted in {place.name.casefold(), (place.admin1 or "").casefold()}:
                return candidate
    following = [t for t in resolved if t.span.start >= toponym.span.end]
    return following[0] if following and following[0].span.start - toponym.span.end < 40 else None


def locate_event(doc: Document, mentions: Sequence[Mention], date: EventDate | None) -> EventPlace:
    toponym = choose_toponym(mentions, date)
    focus = focus_country(doc)
    if toponym is None:
        if focus is None:
            return EventPlace(None, None, None, None, None, ())
        return EventPlace(focus.country, focus, focus.country, focus.iso3, 3, ())
    if toponym.place is not None:
        return resolved_place(toponym)
    context = admin_context(doc, toponym)
    if context is None or context.place is None:
        country = focus.country if focus else None
        return EventPlace(
            toponym.span.text, None, country, focus.iso3 if focus else None, None, (toponym,)
        )
    district = district_between(doc, toponym, context) if specificity(context) == 2 else None
    if district is not None:
        context = district
    precision = 2 if specificity(context) <= 1 else 3
    place = context.place
    assert place is not None
    return EventPlace(
        toponym.span.text, place, place.country, place.iso3, precision, (toponym, context)
    )


# "Xyz village (Harib, Marib)": how far after the unknown name its district may be named.
MAX_DISTRICT_GAP = 60


def district_between(doc: Document, toponym: Toponym, province: Toponym) -> Toponym | None:
    """The district (or its seat town) named between an unknown place and its province
    ("Xyz (Harib, Marib)"): a point far nearer the place than the province's seat, coded
    at ACLED's precision 2 (issue 4)."""
    area = province.place
    assert area is not None
    if not 0 <= province.span.start - toponym.span.end <= MAX_DISTRICT_GAP:
        return None
    between = [
        t
        for t in doc.toponyms
        if toponym.span.end <= t.span.start < province.span.start
        and t.place is not None
        and specificity(t) <= 1
        and (t.place.country, t.place.admin1) == (area.country, area.admin1)
    ]
    return between[-1] if between else None


def resolved_place(toponym: Toponym) -> EventPlace:
    place = toponym.place
    assert place is not None
    level = specificity(toponym)
    precision = {0: 2 if toponym.relation else 1, 1: 2}.get(level, 3)
    return EventPlace(
        ascii_name(place.name), place, place.country, place.iso3, precision, (toponym,)
    )
