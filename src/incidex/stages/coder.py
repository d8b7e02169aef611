"""Code one event's fields from the mentions that describe it.

The merge stage decides which sentences speak of one event; this module reads
those sentences as an ACLED coder would: which sub-event type, where, who did
it to whom, how many died, how sure the report is, and which words say so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from incidex.records import (
    Actor,
    Attribution,
    AttributionCue,
    CasualtyCount,
    Document,
    Event,
    EventDate,
    Evidence,
    Span,
)
from incidex.stages.actors import inter_for_country, name_for_country, namesake_in
from incidex.stages.detect import TAXONOMY
from incidex.stages.event_place import EventPlace, locate_event
from incidex.stages.event_type import choose_sub_event_type, refine_by_actors
from incidex.stages.fatalities import DEATH_WORDS, TALLY_GROUP, best_fatalities
from incidex.stages.roles import (
    Roles,
    actor_beside_weapon,
    armed_counterpart,
    armed_victims,
    assign_roles,
    associated_names,
    attacker_in_modifier,
    communal_side,
    crowd_roles,
    default_actor1,
    default_actor2,
    described_victims,
    repelled_attacker,
    target_of,
    within,
)

if TYPE_CHECKING:
    from incidex.stages.merge import Mention


PASSIVE = re.compile(
    r"\b(?:were|was|been|being|are|is|got)(?: \w+ly)? (?:\w+ed|held|picked up|nabbed|taken)\b",
    re.IGNORECASE,
)


def told_in_passive(text: str, spans: Sequence[Span]) -> bool:
    """ "Two men were arrested": the event's words follow a passive auxiliary."""
    return any(PASSIVE.search(text[max(0, span.start - 30) : span.end]) for span in spans)


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


# --- attribution --------------------------------------------------------------


def grade_attribution(
    cues: Sequence[AttributionCue], actor1: Actor, identified: bool, suspected: bool
) -> tuple[Attribution, bool]:
    """How sure the report is of who did it, and whether it contradicts itself."""
    positive = [c for c in cues if not c.negated]
    negated = [c for c in cues if c.negated]
    contested = any(c.level == "confirmed" for c in negated) and any(
        c.level == "confirmed" for c in positive
    )
    contested = contested or (
        any(c.level == "claimed" for c in negated) and any(c.level == "claimed" for c in positive)
    )
    if any(c.level == "claimed" for c in positive) and identified:
        return "claimed", contested
    if actor1.kind in {"protesters", "rioters"}:
        return "confirmed", contested
    if identified:
        return ("suspected" if suspected else "confirmed"), contested
    hedged = any(c.level == "suspected" for c in positive)
    return ("suspected" if hedged else "unknown"), contested


# --- the event ----------------------------------------------------------------


def code_event(
    doc: Document,
    mentions: Sequence[Mention],
    date: EventDate | None,
    *,
    scope: Sequence[Span],
    number: int,
) -> Event:
    """Code every field of one event from the sentences that describe it."""
    sub_event_type, type_spans = choose_sub_event_type(mentions, doc)
    where = locate_event(doc, mentions, date)
    if any(m.namesakes for m in doc.actors):
        doc = replace(doc, actors=tuple(namesake_in(m, where.country) for m in doc.actors))
    roles = assign_roles(doc, mentions, scope)
    if TAXONOMY[sub_event_type][0] in {"Protests", "Riots"}:
        roles = crowd_roles(doc, mentions, roles, sub_event_type)
    elif roles.actor1 is None:
        roles = replace(roles, actor1=actor_beside_weapon(doc, type_spans))
    if sub_event_type == "Change to group/activity" and roles.actor1 is None:
        # "militants were spotted moving", "deployed the army": who moved is the actor
        roles = replace(roles, actor1=roles.actor2, actor2=None)
    attacker = repelled_attacker(doc, mentions)
    if attacker is not None and (roles.actor1 is None or attacker.actor != roles.actor1.actor):
        roles = replace(roles, actor1=attacker, actor2=roles.actor1)
    if roles.actor1 is None:
        # "Russian shelling": the weapon's owner; a crowd has no weapon to own.
        crowd = TAXONOMY[sub_event_type][0] in {"Protests", "Riots"}
        modifier = (
            None if crowd else attacker_in_modifier(doc.report.text, type_spans, where.country)
        )
        type_words = " ".join(span.text for span in type_spans)
        actor1 = modifier or default_actor1(
            sub_event_type, type_words, passive=told_in_passive(doc.report.text, type_spans)
        )
    else:
        actor1 = roles.actor1.actor
    actor1 = communal_side(actor1, doc.report.text)
    actor2 = target_of(sub_event_type, actor1, roles.actor2, doc.report.text)
    text = " ".join(m.span.text for m in mentions)
    if actor2 is None:
        actor2 = armed_victims(sub_event_type, mentions, text) or default_actor2(
            sub_event_type, actor1, mentions
        )
    else:
        actor2 = communal_side(actor2, doc.report.text)
    if actor2 is not None and actor1.kind == actor2.kind == "civilians":
        actor2 = None  # "173 civilians were evacuated": the civilians are the event's one side
    if sub_event_type == "Attack" and (actor2 is None or actor2.inter == 7):
        scope_text = " ".join(span.text for span in scope)
        actor2 = described_victims(scope_text) or actor2
    sub_event_type = refine_by_actors(sub_event_type, actor1, actor2, text)
    if sub_event_type == "Armed clash" and actor2 is not None and actor2.inter == 7:
        # Civilians caught in a fight are its victims, not a side: the other side is an
        # armed actor the sentences name, or actor1's own kind ("two tribes clashed").
        actor2 = armed_counterpart(doc, mentions, actor1) or actor1
    if sub_event_type == "Government regains territory" and (
        inter_for_country(actor1, where.country) == 8
    ):
        # A foreign army that takes a town is not the government regaining it.
        sub_event_type = "Non-state actor overtakes territory"
    event_type, disorder_type = TAXONOMY[sub_event_type]
    cues = [c for c in doc.cues if within(c.span, scope)]
    identified = roles.actor1 is not None and not actor1.kind.startswith("unidentified")
    hedge_on_actor1 = roles.actor1 is not None and any(
        c.level == "suspected"
        and not c.negated
        and abs(c.span.start - roles.actor1.span.start) < 60
        for c in cues
    )
    attribution, contested = grade_attribution(cues, actor1, identified, hedge_on_actor1)
    sources = unique_sources(doc, scope)
    deathless = sub_event_type in DEATHLESS_SUB_EVENT_TYPES
    killed = [c for m in mentions for c in m.casualties if c.kind == "killed" and not deathless]
    injured_counts = [c for m in mentions for c in m.casualties if c.kind == "injured"]
    best, low, high = event_fatalities(killed)
    if best is None and (
        deathless
        or not any(
            any(c.kind == "killed" for c in m.casualties) or DEATH_WORDS.search(m.span.text)
            for m in mentions
        )
    ):
        best, low = 0, 0  # ACLED's convention: no reported deaths is coded 0
    injured = max((c.low for c in injured_counts), default=None)
    event_day = date or EventDate(doc.report.published or today(), 1, None)
    country = where.country
    inter1 = inter_for_country(actor1, country)
    inter2 = inter_for_country(actor2, country) if actor2 else None
    actor1_name = name_for_country(actor1, country)
    assoc1, assoc2 = associated_names(doc, mentions, roles, event_type, country)
    actor2_name = name_for_country(actor2, country) if actor2 else None
    suspected_name = (
        name_for_country(roles.suspected.actor, country)
        if roles.suspected and attribution == "suspected" and not identified
        else None
    )
    place = where.place
    evidence = collect_evidence(
        type_spans=type_spans,
        date=date,
        roles=roles,
        where=where,
        killed=killed,
        injured=injured_counts,
        cues=cues,
        source_spans=tuple(s.span for s in doc.sources if s.span and within(s.span, scope)),
    )
    confidence = score_confidence(
        mentions,
        where,
        date,
        identified=identified,
        sourced=bool(sources),
        contested=contested,
    )
    return Event(
        report_id=doc.report.report_id,
        event_id=f"{doc.report.report_id}:{number}",
        event_date=event_day.day,
        time_precision=event_day.precision,
        disorder_type=disorder_type,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1_name,
        assoc_actor_1=assoc1,
        inter1=inter1,
        actor2=actor2_name,
        assoc_actor_2=assoc2,
        inter2=inter2,
        interaction=interaction_code(inter1, inter2),
        civilian_targeting="Civilian targeting"
        if actor2 is not None and actor2.inter == 7 and disorder_type == "Political violence"
        else None,
        country=country,
        iso3=where.iso3,
        admin1=place.admin1 if place else None,
        admin2=place.admin2 if place else None,
        admin3=place.admin3 if place else None,
        location=where.location,
        latitude=place.latitude if place and where.precision else None,
        longitude=place.longitude if place and where.precision else None,
        geo_precision=where.precision,
        geonameid=place.geonameid if place and where.toponyms and where.toponyms[0].place else None,
        fatalities=best,
        fatalities_low=low,
        fatalities_high=high,
        injured=injured,
        attribution=attribution,
        sources=sources,
        confidence=confidence,
        notes=write_notes(
            event_day, sub_event_type, actor1_name, actor2_name, where, best, suspected_name
        ),
        evidence=evidence,
        contested=contested,
        suspected_actor1=suspected_name,
    )


SIDE_WORDS = (
    ("state", ("soldier", "troop", "police", "officer", "security", "army", "guard", "servicem", "personnel", "gendarme", "marine")),
    ("armed", ("militant", "fighter", "jihadist", "insurgent", "rebel", "gunm", "attacker", "terrorist", "bandit", "commander", "extremist", "assailant", "bomber", "militia", "group", "gang", "sect", "faction", "cell", "outfit", "network", "movement")),
    ("civilian", ("civilian", "villager", "resident", "child", "women", "woman", "student", "worker", "farmer", "passenger", "worshipper", "journalist", "teacher", "pupil", "famil", "shopkeeper", "trader", "pilgrim")),
)  # fmt: skip


# Protests that no one died in, by ACLED's definitions (deaths at a protest make it excessive
# force or a riot): a death such a report names is the protest's grievance ("marched to demand
# justice for the killing of two activists"), not its toll. Strategic developments kill no one
# either (a killing makes the event violence), except a device that went off while disrupted:
# a death their report names came before or beside them ("forces deployed after the killing
# of an official").
DEATHLESS_SUB_EVENT_TYPES = frozenset(
    {"Peaceful protest", "Protest with intervention"}
    | {t for t, (event_type, _) in TAXONOMY.items() if event_type == "Strategic developments"}
) - {"Disrupted weapons use"}


def side_of(group: str | None) -> str:
    """Which party a group of dead belongs to; "people" and unnamed groups are "any"."""
    word = (group or "").casefold()
    return next((side for side, stems in SIDE_WORDS if any(s in word for s in stems)), "any")


def event_fatalities(killed: Sequence[CasualtyCount]) -> tuple[int | None, int | None, int | None]:
    """(best, low, high) deaths of one event.

    Counts of the same party repeat each other (the highest stands); counts of
    different parties add up ("8 fighters" and "also 3 soldiers" are 11). A
    count of "people" may already include every party, so it stands if larger,
    as does one list that names them all ("killing him and two of his guards").
    """
    tallies = [count for count in killed if count.group == TALLY_GROUP]
    if tallies:
        return tallies[-1].low, tallies[-1].low, tallies[-1].high  # the source's own number
    by_side: dict[str, list[CasualtyCount]] = {}
    for count in killed:
        by_side.setdefault(side_of(count.group), []).append(count)
    generic = max(
        best_fatalities(by_side.pop("any", [])), best_fatalities(killed), key=lambda b: b[0] or 0
    )
    parts = [best_fatalities(counts) for counts in by_side.values()]
    if not parts:
        return generic
    best = sum(p[0] or 0 for p in parts)
    low = sum(p[1] or 0 for p in parts)
    high = None if any(p[2] is None for p in parts) else sum(p[2] or 0 for p in parts)
    if generic[0] is not None and generic[0] > best:
        return generic
    return best, low, high


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def unique_sources(doc: Document, scope: Sequence[Span]) -> tuple[str, ...]:
    names: list[str] = []
    for source in doc.sources:
        if source.span is not None and within(source.span, scope) and source.name not in names:
            names.append(source.name)
    return tuple(names)


def collect_evidence(
    *,
    type_spans: tuple[Span, ...],
    date: EventDate | None,
    roles: Roles,
    where: EventPlace,
    killed: Sequence[CasualtyCount],
    injured: Sequence[CasualtyCount],
    cues: Sequence[AttributionCue],
    source_spans: tuple[Span, ...],
) -> tuple[Evidence, ...]:
    place_spans = tuple(t.span for t in where.toponyms)
    fields: dict[str, tuple[Span, ...]] = {
        "sub_event_type": type_spans,
        "event_type": type_spans,
        "event_date": (date.span,) if date and date.span else (),
        "actor1": (roles.actor1.span,) if roles.actor1 else (),
        "actor2": (roles.actor2.span,) if roles.actor2 else (),
        "suspected_actor1": (roles.suspected.span,) if roles.suspected else (),
        "location": place_spans[:1],
        "admin1": place_spans,
        "country": place_spans,
        "fatalities": tuple(c.span for c in killed),
        "injured": tuple(c.span for c in injured),
        "attribution": tuple(c.span for c in cues),
        "sources": source_spans,
    }
    return tuple(Evidence(name, spans) for name, spans in fields.items() if spans)


def score_confidence(
    mentions: Sequence[Mention],
    where: EventPlace,
    date: EventDate | None,
    *,
    identified: bool,
    sourced: bool,
    contested: bool,
) -> float:
    """A 0-1 score from how much of the event the text actually states."""
    strength = max((t.strength for m in mentions for t in m.triggers), default=0.3)
    score = 0.3 + 0.2 * strength
    score += {1: 0.15, 2: 0.12, 3: 0.06}.get(where.precision or 0, 0.0)
    score += 0.1 if date is not None and date.span is not None else 0.0
    score += 0.1 if identified else 0.0
    score += 0.1 if sourced else 0.0
    score -= 0.15 if contested else 0.0
    return round(min(0.99, max(0.05, score)), 2)


def write_notes(
    day: EventDate,
    sub_event_type: str,
    actor1: str,
    actor2: str | None,
    where: EventPlace,
    fatalities: int | None,
    suspected: str | None,
) -> str:
    """One generated sentence in the style of ACLED's notes."""
    when = day.day.strftime("%d %B %Y").lstrip("0")
    if day.precision == 3:
        when = "In " + day.day.strftime("%B %Y")
    elif day.precision == 2:
        when = "In the week of " + when
    else:
        when = "On " + when
    what = f"{sub_event_type.lower()} by {actor1}"
    if suspected:
        what += f" (suspected: {suspected})"
    if actor2:
        what += f" against {actor2}"
    place = ""
    if where.location:
        relation = where.toponyms[0].relation if where.toponyms else None
        place = f" {relation or 'in'} {where.location}"
        if where.place and where.place.admin1 and where.place.admin1 != where.location:
            place += f" ({where.place.admin1}, {where.country})"
        elif where.country and where.country != where.location:
            place += f" ({where.country})"
    toll = {None: "", 0: "; no fatalities reported"}.get(fatalities, f"; {fatalities} killed")
    return f"{when}, {what}{place}{toll}."
