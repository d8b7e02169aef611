"""Turn a report's marked-up sentences into events.

A *mention* is a sentence that signals violence or unrest (a trigger word or a
death toll). Mentions are grouped into events the way an ACLED coder reads a
report: the first mention and the undated sentences around it describe the
main event; a sentence with its own date (and a place or toll of its own)
that differs from every event so far starts a new event; undated sentences
far from any event, about other places, are background and code nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar, Protocol, TypeVar

from incidex.records import CasualtyCount, Document, EventDate, Span, Toponym, Trigger
from incidex.stages.coder import code_event
from incidex.stages.event_place import COUNTRY_CODES
from incidex.stages.fatalities import DEATH_WORDS


class HasSpan(Protocol):
    @property
    def span(self) -> Span | None: ...


T = TypeVar("T", bound=HasSpan)

LEAD_SENTENCES = 4
MIN_TRIGGER_STRENGTH = 0.6
SCOPE_AFTER = 4


@dataclass(frozen=True, slots=True)
class Mention:
    """One sentence that speaks of an event, with what the stages found in it."""

    sentence: int
    span: Span
    triggers: tuple[Trigger, ...]
    date: EventDate | None
    toponyms: tuple[Toponym, ...]
    casualties: tuple[CasualtyCount, ...]
    anchor: int  # offset of the words that signal the event


@dataclass
class MentionGroup:
    """Mentions that describe one event (mutable while grouping, private to this module)."""

    mentions: list[Mention] = field(default_factory=list)
    date: EventDate | None = None

    @property
    def last_sentence(self) -> int:
        return self.mentions[-1].sentence


@dataclass(frozen=True, slots=True)
class ReportIndex:
    """Offsets of sentence starts, to find which sentence a span falls in."""

    starts: tuple[int, ...]

    def sentence_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


def by_sentence(items: Sequence[T], index: ReportIndex) -> dict[int, tuple[T, ...]]:
    """Items that carry a written span, keyed by the sentence they start in."""
    grouped: dict[int, list[T]] = {}
    for item in items:
        span = item.span
        if span is not None:
            grouped.setdefault(index.sentence_of(span.start), []).append(item)
    return {number: tuple(found) for number, found in grouped.items()}


def collect_mentions(doc: Document, index: ReportIndex) -> list[Mention]:
    """Every sentence that signals an event, in text order."""
    strong = [t for t in doc.triggers if t.strength >= MIN_TRIGGER_STRENGTH]
    triggers_in = by_sentence(strong, index)
    casualties_in = by_sentence(doc.casualties, index)
    dates_in = by_sentence(doc.dates, index)
    toponyms_in = by_sentence(doc.toponyms, index)
    mentions = []
    for number, sentence in enumerate(doc.sentences):
        triggers = triggers_in.get(number, ())
        casualties = casualties_in.get(number, ())
        killed = [c for c in casualties if c.kind == "killed" and c.low > 0]
        death = DEATH_WORDS.search(sentence.text)
        if not triggers and not killed and not death:
            continue
        anchors = [t.span.start for t in triggers] + [c.span.start for c in killed]
        if death:
            anchors.append(sentence.start + death.start())
        dates = dates_in.get(number, ())
        mentions.append(
            Mention(
                sentence=number,
                span=sentence,
                triggers=triggers,
                date=dates[0] if dates else None,
                toponyms=toponyms_in.get(number, ()),
                casualties=casualties,
                anchor=min(anchors),
            )
        )
    return mentions


def place_keys(toponyms: Sequence[Toponym]) -> set[str]:
    """Keys that say two mentions speak of the same place (below country level)."""
    keys = set()
    for toponym in toponyms:
        place = toponym.place
        if toponym.kind != "name":
            continue  # "Syrian", "Ohio" of "Ohio Turnpike": not the place of the event
        if place is None:
            keys.add("name:" + toponym.span.text.casefold())
        elif place.feature_code not in COUNTRY_CODES and place.feature_code != "ADM1":
            keys.add(
                f"id:{place.geonameid}" if place.geonameid else "name:" + place.name.casefold()
            )
            if place.admin1:
                keys.add(f"admin1:{place.country}:{place.admin1}")
        if toponym.context:
            keys.add("name:" + toponym.span.text.casefold())
    return keys


def shares_place(group: MentionGroup, mention: Mention) -> bool:
    specific = place_keys(mention.toponyms)
    group_keys = set().union(*(place_keys(m.toponyms) for m in group.mentions))
    return bool(specific & group_keys)


def admin1_names(toponyms: Sequence[Toponym]) -> set[str]:
    """The provinces a mention's place names lie in (a parenthesis counts for unknown villages)."""
    names = set()
    for toponym in toponyms:
        place = toponym.place
        if toponym.kind != "name":
            continue
        if place is not None and place.admin1 and place.feature_code not in COUNTRY_CODES:
            names.add(place.admin1.casefold())
        elif place is None and toponym.context:
            names.add(toponym.context.casefold())
    return names


def is_compatible(group: MentionGroup, mention: Mention) -> bool:
    """No province of the mention contradicts the group's (unknown never contradicts)."""
    group_names = set().union(*(admin1_names(m.toponyms) for m in group.mentions))
    mention_names = admin1_names(mention.toponyms)
    return not group_names or not mention_names or bool(group_names & mention_names)


def same_day(first: EventDate, second: EventDate) -> bool:
    return abs((first.day - second.day).days) <= (0 if first.precision == 1 else 6)


def has_own_details(mention: Mention) -> bool:
    """A dated mention starts an event only if it also says where or how many."""
    named = any(t.kind == "name" for t in mention.toponyms)
    return named or any(c.kind == "killed" for c in mention.casualties)


# A death days after the event, of someone it hurt: "the victim died on 15 February".
LATER_DEATH = re.compile(
    r"\b(?:the (?:victims?|injured|wounded|man|woman|boy|girl|driver)|he|she|one of them"
    r"|succumbed|died (?:of|from) (?:his|her|their) (?:injuries|wounds))\b",
    re.IGNORECASE,
)
# A death of wounds, not a new killing: "he was killed on 27 March" after an abduction is
# an event of its own.
DIED = re.compile(r"\b(?:died|dies|succumbed|passed away)\b", re.IGNORECASE)
KILLING = re.compile(r"\b(?:killed|executed|murdered|shot|beheaded|slain)\b", re.IGNORECASE)
# How long after the event a victim's death still belongs to it.
LATER_DEATH_DAYS = 60


def is_later_death(group: MentionGroup, mention: Mention) -> bool:
    """A sentence with no event words that tells of a victim's death after the event."""
    assert mention.date is not None
    if group.date is None or mention.triggers:
        return False
    days = (mention.date.day - group.date.day).days
    text = mention.span.text
    return (
        0 < days <= LATER_DEATH_DAYS
        and bool(LATER_DEATH.search(text) and DIED.search(text))
        and not KILLING.search(text)
    )


def place_dated(groups: list[MentionGroup], mention: Mention) -> None:
    assert mention.date is not None
    for group in groups:
        if group.date is not None and same_day(group.date, mention.date):
            group.mentions.append(mention)
            return
    if groups and is_later_death(groups[-1], mention):
        groups[-1].mentions.append(mention)  # ACLED counts the death with the event
        return
    undated = next((g for g in groups if g.date is None), None)
    if undated is not None and is_compatible(undated, mention):
        undated.date = mention.date
        undated.mentions.append(mention)
    elif has_own_details(mention) or not groups:
        groups.append(MentionGroup([mention], mention.date))


def place_undated(groups: list[MentionGroup], mention: Mention) -> None:
    if not groups:
        groups.append(MentionGroup([mention]))
        return
    for group in reversed(groups):
        if shares_place(group, mention):
            group.mentions.append(mention)
            return
    last = groups[-1]
    if mention.sentence - last.last_sentence <= 1 and not place_keys(mention.toponyms):
        last.mentions.append(mention)
    elif mention.sentence < LEAD_SENTENCES:
        groups[0].mentions.append(mention)


def group_mentions(mentions: Sequence[Mention]) -> list[MentionGroup]:
    """Group mentions into events; background mentions join no group."""
    groups: list[MentionGroup] = []
    for mention in mentions:
        if mention.date is not None:
            place_dated(groups, mention)
        else:
            place_undated(groups, mention)
    return [g for g in groups if any(m.triggers or m.casualties for m in g.mentions) or g.date]


def group_scope(
    doc: Document, group: MentionGroup, groups: Sequence[MentionGroup], *, main: bool
) -> tuple[Span, ...]:
    """The sentences that speak of a group's event: each of its mentions and the sentences
    after it up to the next mention of another event (at most ``SCOPE_AFTER``), plus the
    lead for the main event. Sources and attribution cues are read from here."""
    members = {m.sentence for m in group.mentions}
    others = sorted(m.sentence for g in groups if g is not group for m in g.mentions)
    last_sentence = len(doc.sentences) - 1
    numbers: set[int] = set(range(min(members))) if main else set()
    for sentence in members:
        stop = next((o for o in others if o > sentence), last_sentence + 1)
        numbers.update(range(sentence, min(stop, sentence + SCOPE_AFTER + 1, last_sentence + 1)))
    return tuple(doc.sentences[n] for n in sorted(numbers))


def nearby_date(doc: Document, group: MentionGroup, index: ReportIndex) -> EventDate | None:
    """For an event whose sentences give no date, the written date just before it.

    "On 3 May, residents gathered outside the office. Police dispersed them with tear
    gas": the date of the first sentence is the event's. Only the two sentences before
    the event's first one (or the lead, for an event told from the start) count.
    """
    first = group.mentions[0].sentence
    earliest = 0 if first < LEAD_SENTENCES else first - 2
    written = [
        d
        for d in doc.dates
        if d.span is not None and earliest <= index.sentence_of(d.span.start) <= first
    ]
    return written[-1] if written else None


def salience(group: MentionGroup) -> tuple[int, int]:
    return (-len(group.mentions), group.mentions[0].sentence)


class MergeStage:
    """Group a report's mentions into events and code each event's fields."""

    name: ClassVar[str] = "merge.report.v1"
    requires: ClassVar[frozenset[str]] = frozenset(
        {
            "sentences",
            "tokens",
            "triggers",
            "actors",
            "sources",
            "toponyms",
            "dates",
            "casualties",
            "cues",
        }
    )
    provides: ClassVar[frozenset[str]] = frozenset({"events"})

    def __call__(self, doc: Document) -> Document:
        index = ReportIndex(tuple(s.start for s in doc.sentences))
        groups = sorted(group_mentions(collect_mentions(doc, index)), key=salience)
        events = tuple(
            code_event(
                doc,
                group.mentions,
                group.date or nearby_date(doc, group, index),
                scope=group_scope(doc, group, groups, main=number == 1),
                number=number,
            )
            for number, group in enumerate(groups, start=1)
        )
        return replace(doc, events=events)
