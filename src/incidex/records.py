"""The records that flow between pipeline stages.

Every record is a frozen, slotted dataclass of primitives so that it pickles
(for worker processes and Dask), turns into JSON and maps onto tables.
Character offsets into ``Report.text`` are the common currency: no spaCy
object leaves the NLP stage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Attribution = Literal["confirmed", "claimed", "suspected", "unknown"]
CasualtyKind = Literal["killed", "injured", "missing"]
# How well independent sources back a merged event (see docs/storage.md).
Grade = Literal["confirmed", "fair", "weak", "contested", "single source"]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of characters ``text == report.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a report (or one input) could not be fully coded.

    ``code`` is stable and machine-readable (``empty``, ``binary``,
    ``invalid-utf8``, ``too-large``, ``not-english``, ``not-found``, ...);
    ``message`` is a one-line reason for people.
    """

    code: str
    message: str
    origin: str
    stage: str = "read"
    report_id: str | None = None


@dataclass(frozen=True, slots=True)
class RawReport:
    """One input as read from disk, a JSONL line or stdin, before extraction.

    ``content`` is the undecoded bytes, or a ``str`` when the input came as
    text (a JSONL field, the Python API).
    """

    origin: str
    content: bytes | str
    kind: Literal["html", "text"]
    report_id: str | None = None
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """One source document: the main text and what is known about it."""

    report_id: str
    text: str
    content_hash: str
    origin: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Token:
    """A token with the parse facts the coding stages need.

    ``head`` indexes ``Document.tokens``; ``ent_iob`` and ``ent_type`` follow spaCy.
    """

    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity span from the NLP model (``label`` as in OntoNotes)."""

    span: Span
    label: str


@dataclass(frozen=True, slots=True)
class Trigger:
    """Words that signal an event of an ACLED sub-event type."""

    span: Span
    sub_event_type: str
    event_type: str
    disorder_type: str
    strength: float = 1.0


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor from the actor dictionary (or a generic one).

    ``inter`` is ACLED's actor type code: 1 state forces, 2 rebel groups,
    3 political militias, 4 identity militias, 5 rioters, 6 protesters,
    7 civilians, 8 external/other forces.
    """

    name: str
    inter: int
    country: str | None = None
    kind: str = "group"


@dataclass(frozen=True, slots=True)
class ActorMention:
    span: Span
    actor: Actor
    # Actors of other countries that the same words name ("SNA": the Syrian National Army,
    # and the Somali National Army); the event's country chooses among them.
    namesakes: tuple[Actor, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry (GeoNames ids where known)."""

    name: str
    latitude: float
    longitude: float
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    geonameid: int | None = None
    feature_code: str | None = None
    population: int = 0


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name in the text, resolved to ``place`` or left unresolved (``None``).

    ``relation`` is the spatial cue in front of the name ("near", "north of",
    "outskirts of", ...), "district of" for a district named by the adjective of its
    seat ("Beryslavskyi rayon" placed at Beryslav), or ``None`` when the text names
    the place itself.
    ``kind`` says how the text uses the name: ``"name"`` names a place (the only
    kind an event can be placed at); ``"demonym"`` is an adjective or demonym
    ("Syrian", "European") resolved to its country or area; ``"in_name"`` is a
    place name inside a longer name of an organisation, facility or actor ("Ohio"
    in "the Ohio Turnpike", "Toronto" in "Toronto Police Service"); ``"in_group"`` is one
    inside an armed group's name ("Mombasa" in "Mombasa Republican Council"), which,
    unlike an institution's, never places an event. The gold corpora count them all as
    toponyms; only names say where something happened.
    ``country`` is the country a comma puts the name in, whether or not it resolved.
    """

    span: Span
    place: Place | None
    score: float
    relation: str | None = None
    context: str | None = None
    kind: str = "name"
    country: str | None = None  # the country written after the name ("Manika, India")


@dataclass(frozen=True, slots=True)
class EventDate:
    """A day with ACLED's time precision (1 day, 2 week, 3 month).

    ``span`` is ``None`` when the date was not written but defaulted
    (for instance to the publication date).
    """

    day: dt.date
    precision: int
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class CasualtyCount:
    """A number of people killed, injured or missing, as a range."""

    span: Span
    kind: CasualtyKind
    low: int
    high: int | None
    group: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """A named source the report cites (a monitor, a ministry, an agency)."""

    name: str
    kind: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class AttributionCue:
    """Words that say how sure the report is of who did something."""

    span: Span
    level: Attribution
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Evidence:
    """The spans of the report text that support one coded field."""

    field: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Event:
    """One event as ACLED defines it: one day, one place, one type, one pair of actors.

    Field names and meanings are the stable output contract (see docs).
    ``None`` means unknown, never "zero" or "none happened".
    """

    report_id: str
    event_id: str
    event_date: dt.date
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: str | None
    inter1: int | None
    actor2: str | None
    assoc_actor_2: str | None
    inter2: int | None
    interaction: int | None
    civilian_targeting: str | None
    country: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    admin3: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    geonameid: int | None
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    injured: int | None
    attribution: Attribution
    sources: tuple[str, ...]
    confidence: float
    notes: str
    evidence: tuple[Evidence, ...] = ()
    contested: bool = False
    suspected_actor1: str | None = None
    # Filled for events merged across reports by the store; a report's own
    # coding leaves them empty.
    report_ids: tuple[str, ...] = ()
    grade: Grade | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """What the pipeline knows about one report; each stage fills its part."""

    report: Report
    sentences: tuple[Span, ...] = ()
    tokens: tuple[Token, ...] = ()
    entities: tuple[Entity, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    toponyms: tuple[Toponym, ...] = ()
    dates: tuple[EventDate, ...] = ()
    casualties: tuple[CasualtyCount, ...] = ()
    sources: tuple[Source, ...] = ()
    cues: tuple[AttributionCue, ...] = ()
    events: tuple[Event, ...] = ()
    problems: tuple[Problem, ...] = field(default=())
