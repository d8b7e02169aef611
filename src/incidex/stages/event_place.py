"""Where one event happened: the toponym that places it and ACLED's geo_precision."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from incidex.gazetteer import ascii_name, country_of_demonym
from incidex.records import (
    Document,
    EventDate,
    Place,
    Span,
    Toponym,
)
from incidex.stages.places import names_armed_force

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


def choose_toponym(
    mentions: Sequence[Mention], date: EventDate | None, strays: Collection[Span] = ()
) -> Toponym | None:
    anchor_mention = next((m for m in mentions if date is not None and m.date == date), mentions[0])
    ordered = [anchor_mention, *[m for m in mentions if m is not anchor_mention]]
    for level in range(4):
        for mention in ordered:
            # Demonyms and names inside other names (issue 4) never place an event.
            fitting = [
                t
                for t in mention.toponyms
                if t.kind == "name" and specificity(t) <= level and t.span not in strays
            ]
            if fitting:
                return nearest_first(fitting, mention.anchor)[0]
    return None


def stray_namesakes(doc: Document) -> set[Span]:
    """Towns resolved abroad that nothing else in the report points to, in a report whose
    other places are in one country ("Cali-Ganey neighbourhood in Mogadishu (Banadir)" is
    not Cali, Colombia): a namesake of a place the gazetteer lacks (issue 4)."""
    names = [t for t in doc.toponyms if t.kind == "name"]
    # Two places below the country level: "forces of Russia ... in Vasylivka" is not enough.
    local = Counter(place_country(t) for t in names if specificity(t) < 3 and place_country(t))
    if not local:
        return set()
    focus, count = local.most_common(1)[0]
    if count < 2:
        return set()
    return {
        t.span
        for t in names
        if specificity(t) == 0
        and place_country(t) not in {None, focus}
        and not any(place_country(o) == place_country(t) for o in doc.toponyms if o is not t)
    }


def focus_country(doc: Document) -> Place | None:
    """The country the report is mostly about, from its resolved place names; without
    one, from the other words that name a country (``country_evidence``)."""
    return most_named_country(t for t in doc.toponyms if t.kind == "name") or most_named_country(
        country_evidence(doc)
    )


def most_named_country(toponyms: Iterable[Toponym]) -> Place | None:
    counts: Counter[tuple[str, str]] = Counter()
    places: dict[tuple[str, str], Place] = {}
    for toponym in toponyms:
        place = toponym.place
        if place is not None and place.country and place.iso3:
            key = (place.country, place.iso3)
            counts[key] += 1
            places.setdefault(key, place)
    if not counts:
        return None
    return places[counts.most_common(1)[0][0]]


def country_evidence(doc: Document) -> list[Toponym]:
    """Words other than place names that say which country a report is in: a place
    inside an institution's name ("the Kenya Human Rights Commission", "Dhaka
    University") and a country's demonym ("Kenyan students", "Indian truck drivers"),
    except one naming armed forces ("Russian forces"), which act abroad (issue 4)."""
    text = doc.report.text
    return [
        t
        for t in doc.toponyms
        if names_institution(t)
        or (t.kind == "demonym" and specificity(t) == 3 and not names_armed_force(text, t.span.end))
    ]


def names_institution(toponym: Toponym) -> bool:
    """A place inside an institution's name ("Dhaka University"), not a people inside
    an actor's ("Somali refugees")."""
    return toponym.kind == "in_name" and not country_of_demonym(toponym.span.text)


def admin_context(doc: Document, toponym: Toponym, strays: Collection[Span] = ()) -> Toponym | None:
    """A resolved place that says where an unresolved name lies (its parenthesis, its sentence)."""
    resolved = [
        t
        for t in doc.toponyms
        if t.kind == "name" and t.place is not None and specificity(t) < 3 and t.span not in strays
    ]
    if toponym.context:
        wanted = toponym.context.casefold()
        for candidate in resolved:
            place = candidate.place
            assert place is not None
            if wanted in {place.name.casefold(), (place.admin1 or "").casefold()}:
                return candidate
    # "Xyz village between two districts, Kirkuk": the next known place of its sentence.
    end = sentence_end(doc, toponym.span)
    following = [t for t in resolved if toponym.span.end <= t.span.start < end]
    return following[0] if following else None


def country_after(doc: Document, toponym: Toponym) -> Place | None:
    """The country the places stage found written after an unknown place ("Todenyang,
    Kenya"), as the report's own mention of it."""
    if toponym.country is None:
        return None
    return next(
        (
            t.place
            for t in doc.toponyms
            if t.place is not None
            and t.place.feature_code == "PCLI"
            and t.place.country == toponym.country
        ),
        None,
    )


def sentence_end(doc: Document, span: Span) -> int:
    """Where the sentence holding ``span`` ends (the end of the text without sentences)."""
    return next(
        (s.end for s in doc.sentences if s.start <= span.start < s.end), len(doc.report.text)
    )


def locate_event(doc: Document, mentions: Sequence[Mention], date: EventDate | None) -> EventPlace:
    strays = stray_namesakes(doc)
    toponym = choose_toponym(mentions, date, strays) or institution_place(doc)
    focus = focus_country(doc)
    if toponym is None:
        if focus is None:
            return EventPlace(None, None, None, None, None, ())
        return EventPlace(focus.country, focus, focus.country, focus.iso3, 3, ())
    if toponym.place is not None:
        return resolved_place(toponym)
    context = admin_context(doc, toponym, strays)
    if context is None or context.place is None:
        country = country_after(doc, toponym) or focus
        return EventPlace(
            toponym.span.text,
            None,
            country.country if country else None,
            country.iso3 if country else None,
            None,
            (toponym,),
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


def institution_place(doc: Document) -> Toponym | None:
    """For a report that names no place, the place inside an institution's name ("Dhaka
    University", "the Andhra Pradesh Assembly"), the most precise first: institutions
    are where they are named after, and protests gather at them."""
    inside = [t for t in doc.toponyms if names_institution(t) and t.place is not None]
    if any(t.kind == "name" for t in doc.toponyms) or not inside:
        return None
    # "Mau Forest settlers protest ... Kenyan police": the name in the evidence's country.
    country = most_named_country(country_evidence(doc))
    local = [t for t in inside if country is not None and place_country(t) == country.country]
    return min(local or inside, key=specificity)


def place_country(toponym: Toponym) -> str | None:
    return toponym.place.country if toponym.place is not None else None


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
    # A town inside an institution's name is near the event, not its named spot.
    near = bool(toponym.relation) or toponym.kind == "in_name"
    precision = {0: 2 if near else 1, 1: 2}.get(level, 3)
    return EventPlace(
        ascii_name(place.name), place, place.country, place.iso3, precision, (toponym,)
    )
