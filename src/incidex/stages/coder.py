"""Code one event's fields from the mentions that describe it.

The merge stage decides which sentences speak of one event; this module reads
those sentences as an ACLED coder would: which sub-event type, where, who did
it to whom, how many died, how sure the report is, and which words say so.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from incidex.gazetteer import ascii_name, country_of_demonym
from incidex.records import (
    Actor,
    ActorMention,
    Attribution,
    AttributionCue,
    CasualtyCount,
    Document,
    Event,
    EventDate,
    Evidence,
    Place,
    Span,
    Token,
    Toponym,
    Trigger,
)
from incidex.stages.actors import inter_for_country, name_for_country
from incidex.stages.detect import TAXONOMY
from incidex.stages.fatalities import best_fatalities

if TYPE_CHECKING:
    from incidex.stages.merge import Mention

# Sentences that report a death without saying how; they form mentions too.
DEATH_WORDS = re.compile(
    r"\b(?:killed|die[sd]?|dead|lost (?:his|her|their) li(?:fe|ves)|slain|eliminated|bodies)\b",
    re.IGNORECASE,
)
COUNTRY_CODES = frozenset({"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR"})
# Continents, world regions, seas and oceans: never where an event is located.
BEYOND_COUNTRY_CODES = frozenset({"CONT", "RGN", "OCN", "SEA"})
PROTEST_FAMILY = ("Excessive force against protesters", "Violent demonstration", "Mob violence")
ARMED_CONFLICT = frozenset(
    {
        "Armed clash",
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Grenade",
    }
)
BATTLE_WEAPONS = frozenset({"Armed clash", "Shelling/artillery/missile attack"})
# When several types are signalled, the more specific wins ties (ACLED's precedence).
PRECEDENCE = (
    "Suicide bomb",
    "Chemical weapon",
    "Air/drone strike",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Shelling/artillery/missile attack",
    "Abduction/forced disappearance",
    "Sexual violence",
    "Attack",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Armed clash",
    "Disrupted weapons use",
    "Looting/property destruction",
    "Arrests",
    "Agreement",
    "Headquarters or base established",
    "Non-violent transfer of territory",
    "Change to group/activity",
    "Other",
)
# Sub-event types whose line between crowd and organised violence ``refine_by_crowd`` draws.
CROWD_REFINED = frozenset(
    {"Armed clash", "Attack", "Violent demonstration", "Looting/property destruction"}
)
# Perpetrators that make violence organised rather than a crowd's.
ARMED_WORDS = re.compile(
    r"\b(?:gunm[ae]n|militants?|soldiers?|troops|army|military|militias?|militiam[ae]n|fighters"
    r"|rebels?|insurgents?|terrorists?|jihadists?|armed (?:m[ae]n|groups?|individuals|persons)"
    r"|guns?|gunfire|gunshots?|rifles?|pistols?|firearms?|shot|shooting|opened fire|bullets?"
    r"|bombs?|explosives?|grenades?|gangs?|gangsters|traffickers|cartels?|bandits|hitm[ae]n"
    r"|guerrillas?|forces)\b",
    re.IGNORECASE,
)
CROWD_WORDS = re.compile(
    r"\b(?:locals|residents|villagers|settlers|supporters|cadres|activists|students|youths"
    r"|farmers|workers|neighbou?rs|relatives|fans|prisoners|inmates|merchants|vendors|traders"
    r"|drivers|riders|mobs?|crowds?|rioters|communit(?:y|ies)|(?:two |rival )?groups? of"
    r"|members of|party members|tribesmen|clans?men|family members|families)\b",
    re.IGNORECASE,
)
# Words that make violence a crowd's even when soldiers or police are the other side.
RIOT_WORDS = re.compile(
    r"\b(?:rioters|riots? (?:broke out|erupted)|mobs?|physical(?:ly)? (?:clash(?:es|ed)?|fights?|assault)"
    r"|brawls?|scuffles?|fist ?fights?|stone[- ]pelting|(?:pelted|hurled|threw|throwing|hurling) stones)\b",
    re.IGNORECASE,
)
DEMONSTRATION_WORDS = re.compile(
    r"\b(?:protest(?:s|ed|ers|ing)?|demonstrat(?:ion|ions|ors|ed|ing)|rall(?:y|ies)"
    r"|marche[sd]|sit-ins?|strikes?|striking|demand(?:ed|ing)?|blockades?|blocked)\b",
    re.IGNORECASE,
)
ASKED_FOR = re.compile(
    r"\b(?:demand(?:ed|ing|s)?|call(?:ed|ing|s)? for|urg(?:ed|ing|es)|seek(?:ing|s)?|sought"
    r"|over|against|protest(?:ed|ing)?|release of|who (?:was|were|had been)|after)"
    r"(?: the| an?| their| his| her)?\W*$",
    re.IGNORECASE,
)
PROTESTERS_ARRESTED = re.compile(
    r"\b(?:(?:arrested|detained|rounded up|arresting|detaining)(?: \w+){0,4} (?:protesters?"
    r"|demonstrators?|participants?|activists?|marchers?|students?|them|people|members?)"
    r"|(?:protesters?|demonstrators?|participants?|activists?|marchers?|students?|people"
    r"|members?)(?: \w+){0,3} (?:were|was) (?:\w+ )?(?:arrested|detained)"
    r"|(?:were|was) (?:arrested|detained) by (?:the )?police)\b",
    re.IGNORECASE,
)
CROWD_OF_PROTESTERS = re.compile(r"protest|demonstrat|marcher", re.IGNORECASE)
LETHAL_FORCE = re.compile(
    r"\b(?:live (?:ammunition|rounds|bullets|fire)|(?:shot|fired|opened fire) (?:at|on|into)"
    r" (?:the |a group of )?(?:protesters|demonstrators|crowds?|marchers|them))\b",
    re.IGNORECASE,
)
UNIDENTIFIED_AIR = Actor("Unidentified Military Forces", inter=8, kind="unidentified-air")
UNIDENTIFIED_GROUP = Actor("Unidentified Armed Group", inter=3, kind="unidentified")
PROTESTERS = Actor("Protesters", inter=6, kind="protesters")
RIOTERS = Actor("Rioters", inter=5, kind="rioters")
CIVILIANS = Actor("Civilians", inter=7, kind="civilians")
# Verbs whose subject suffers the event rather than causes it.
VICTIM_VERBS = frozenset({"lose", "die", "suffer", "mourn", "perish", "be"})
REPORTING_VERBS = frozenset(
    {"say", "tell", "report", "confirm", "add", "state", "announce", "describe", "quote", "deny"}
)
FIGHT_VERBS = frozenset({"fight", "clash", "battle", "engage", "exchange", "skirmish", "battles"})
MODIFIER_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
HARM_VERBS = frozenset({"kill", "hit", "strike", "target", "wound", "injure", "shoot", "slay"})
NOUN_LINKS = frozenset(
    {"compound", "amod", "poss", "nmod", "appos", "conj", "det", "case", "nummod"}
)


@dataclass(frozen=True, slots=True)
class EventPlace:
    """Where the event happened, with ACLED's precision and the words behind it."""

    location: str | None
    place: Place | None
    country: str | None
    iso3: str | None
    precision: int | None
    toponyms: tuple[Toponym, ...]


@dataclass(frozen=True, slots=True)
class Roles:
    actor1: ActorMention | None
    actor2: ActorMention | None
    suspected: ActorMention | None


# --- sub-event type ---------------------------------------------------------


def choose_sub_event_type(
    mentions: Sequence[Mention], doc: Document
) -> tuple[str, tuple[Span, ...]]:
    """The ACLED sub-event type of the event and the trigger spans that support it."""
    text = " ".join(m.span.text for m in mentions)
    triggers = [t for m in mentions for t in m.triggers if not is_background_arrest(t, doc, text)]
    if not triggers:
        triggers = inherited_triggers(doc, mentions[0].span.start)
    weights: defaultdict[str, float] = defaultdict(float)
    for trigger in triggers:
        weights[trigger.sub_event_type] += trigger.strength
    if weights.get("Arrests") and killed_any(mentions) and len(weights) > 1:
        del weights["Arrests"]  # people killed: the arrests that followed are not the event
    picked = pick_type(weights)
    chosen = refine_by_crowd(picked, text)
    if chosen in {"Peaceful protest", "Protest with intervention"} and met_with_force(mentions):
        chosen = "Excessive force against protesters"
    if chosen == "Abduction/forced disappearance" and weights["Attack"] and killed_any(mentions):
        chosen = "Attack"  # people killed as well as taken: ACLED codes the killing
    wanted = picked if chosen not in weights else chosen
    return chosen, tuple(t.span for t in triggers if t.sub_event_type == wanted)


def is_background_arrest(trigger: Trigger, doc: Document, text: str) -> bool:
    """An arrest asked for ("demanding the arrest of the killers"), or one a protest is about
    rather than one that ends it (no protesters are arrested)."""
    if trigger.sub_event_type != "Arrests":
        return False
    before = doc.report.text[max(0, trigger.span.start - 40) : trigger.span.start]
    if ASKED_FOR.search(before):
        return True
    return bool(DEMONSTRATION_WORDS.search(text)) and not PROTESTERS_ARRESTED.search(text)


def killed_any(mentions: Sequence[Mention]) -> bool:
    return any(c.kind == "killed" and c.low > 0 for m in mentions for c in m.casualties)


def met_with_force(mentions: Sequence[Mention]) -> bool:
    """Protesters killed, or shot at with live rounds: ACLED's excessive force."""
    killed = any(
        c.kind == "killed" and c.low > 0 and c.group and CROWD_OF_PROTESTERS.search(c.group)
        for m in mentions
        for c in m.casualties
    )
    return killed or any(LETHAL_FORCE.search(m.span.text) for m in mentions)


def inherited_triggers(doc: Document, offset: int) -> list[Trigger]:
    """A death reported without its method takes the method of the nearest earlier event words."""
    strong = [t for t in doc.triggers if t.strength >= 0.6 and t.sub_event_type in ARMED_CONFLICT]
    before = [t for t in strong if t.span.start < offset]
    if before:
        return [before[-1]]
    return strong[:1]


def pick_type(weights: defaultdict[str, float]) -> str:
    if not weights:
        return "Attack"
    unrest = (
        weights["Peaceful protest"] or weights["Violent demonstration"] or weights["Mob violence"]
    )
    signalled = {name for name, weight in weights.items() if weight > 0}
    if unrest and not signalled & (ARMED_CONFLICT - {"Grenade"}):
        return protest_type(weights)
    used = max((weights[t] for t in ARMED_CONFLICT), default=0.0)
    if weights["Disrupted weapons use"] >= max(1.0, used):
        return "Disrupted weapons use"  # the device was defused or intercepted, not used
    territory = max(
        weights["Government regains territory"], weights["Non-state actor overtakes territory"]
    )
    if territory >= 1.0:
        # A battle that moves a front line is coded by its outcome; one without a fight is a
        # non-violent transfer. ``refine_by_actors`` tells who took the ground.
        if weights["Non-violent transfer of territory"] >= 1.0:
            return "Non-violent transfer of territory"
        return (
            "Government regains territory"
            if weights["Government regains territory"] >= 1.0
            else "Non-state actor overtakes territory"
        )
    # Shelling during a ground battle is part of the battle, however often it is mentioned.
    explosive = max((weights[t] for t in ARMED_CONFLICT - BATTLE_WEAPONS), default=0.0)
    if weights["Armed clash"] >= 1.0 and weights["Armed clash"] >= explosive:
        return "Armed clash"  # shelling or strikes during a ground battle are part of the battle
    best = max(weights.values())
    for sub_event_type in PRECEDENCE:
        if weights[sub_event_type] and weights[sub_event_type] >= best - 0.5:
            return sub_event_type
    return max(weights, key=lambda k: weights[k])


def refine_by_crowd(sub_event_type: str, text: str) -> str:
    """ACLED's line between riots and organised violence, read from the words.

    Violence by an unarmed crowd (villagers, settlers, party supporters, students) is a riot:
    a Violent demonstration when it happens in a demonstration, Mob violence otherwise. Arson
    or vandalism outside a demonstration by an armed group is Looting/property destruction.
    """
    if sub_event_type not in CROWD_REFINED:
        return sub_event_type
    armed = bool(ARMED_WORDS.search(text))
    crowd = bool(RIOT_WORDS.search(text)) or (bool(CROWD_WORDS.search(text)) and not armed)
    demonstration = bool(DEMONSTRATION_WORDS.search(text))
    if sub_event_type == "Violent demonstration":
        if demonstration:
            return sub_event_type
        if crowd:
            return "Mob violence"
        return "Looting/property destruction" if armed else sub_event_type
    if not crowd:
        return sub_event_type
    if sub_event_type == "Looting/property destruction" or demonstration:
        return "Violent demonstration" if demonstration else sub_event_type
    return "Mob violence"


def protest_type(weights: defaultdict[str, float]) -> str:
    for sub_event_type in PROTEST_FAMILY:
        if weights[sub_event_type]:
            return sub_event_type
    if weights["Looting/property destruction"]:
        return "Violent demonstration"  # demonstrators who burn or wreck things
    if weights["Protest with intervention"] or weights["Arrests"]:
        return "Protest with intervention"
    return "Peaceful protest"


# --- place ------------------------------------------------------------------


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


# --- actors -----------------------------------------------------------------


def token_at(tokens: Sequence[Token], starts: Sequence[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


def phrase_head(tokens: Sequence[Token], first: int, last: int) -> int:
    """The token of ``first..last`` whose head lies outside the span."""
    for i in range(first, last + 1):
        head = tokens[i].head
        if head < first or head > last or head == i:
            return i
    return last


# Nouns whose "of" phrase names who they belong to: "members of a local militia" act as
# the militia does, while "the killing of civilians" still makes civilians the target.
MEMBER_NOUNS = frozenset(
    """
    member members element elements fighter fighters unit units group groups supporter
    supporters cadre cadres militant militants troop troops soldier soldiers officer officers
    personnel faction factions wing militia militias gunman gunmen youth youths activist
    activists force forces team teams column columns squad squads number dozens hundreds
    scores band bands mob crowd handful contingent detachment platoon battalion patrol
    """.split()  # noqa: SIM905 - one word list reads better than a column
)
# Nouns for a fight, whose "with" phrase names the other side: "clashes with X".
FIGHT_NOUNS = frozenset(
    {"clash", "clashes", "fighting", "battle", "fight", "confrontation", "skirmish", "gunfight"}
)
TARGET_WORDS = frozenset({"against", "on", "at", "targeting", "of", "upon", "toward", "towards"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
# "fighting broke out between X and Y", "clashes between X and Y": X is actor1, Y actor2.
BETWEEN = re.compile(r"\b(?:between|among)\b", re.IGNORECASE)


def role_of(tokens: Sequence[Token], i: int) -> str | None:
    """'actor1' (did it), 'actor2' (suffered it) or None, from the dependency parse."""
    i, via_conj = climb_noun_phrase(tokens, i)
    token = tokens[i]
    if token.dep in {"aux", "auxpass"} and token.text.isupper() and token.head != i:
        return "actor1"  # "IS opened fire": the parser read the acronym as the verb "is"
    if token.dep == "nsubj":
        return subject_role(tokens, token.head, via_conj=via_conj)
    if token.dep in {"nsubjpass", "dative"} or token.dep in OBJECT_DEPS:
        return "actor2"
    if token.dep == "pobj":
        return object_of_preposition_role(tokens, token.head, via_conj=via_conj)
    return None


def climb_noun_phrase(tokens: Sequence[Token], i: int) -> tuple[int, bool]:
    """The head of the noun phrase around token ``i`` ("Houthi" -> "forces", "militia" in
    "members of a militia" -> "members"), and whether the climb went through a conjunct."""
    via_conj = False
    for _ in range(8):
        token = tokens[i]
        if token.head == i:
            break
        if token.dep == "pobj" and is_member_of(tokens, token.head):
            i = tokens[token.head].head  # "members of X": X plays the members' part
            continue
        if token.dep not in NOUN_LINKS:
            break
        via_conj = via_conj or token.dep == "conj"
        i = token.head
    return i, via_conj


def is_member_of(tokens: Sequence[Token], preposition: int) -> bool:
    word = tokens[preposition]
    owner = tokens[word.head]
    return word.text.casefold() == "of" and owner.text.casefold() in MEMBER_NOUNS


def subject_role(tokens: Sequence[Token], verb: int, *, via_conj: bool) -> str | None:
    head = tokens[verb]
    if head.lemma in REPORTING_VERBS:
        return None  # "police said": a source of the report, not a party to the event
    if head.lemma in VICTIM_VERBS or is_headline_passive(tokens, verb):
        return "actor2"
    if via_conj and head.lemma in FIGHT_VERBS and not has_fight_partner(tokens, verb):
        return "actor2"  # "X and Y clashed": the second named side is the other party
    return "actor1"


def has_fight_partner(tokens: Sequence[Token], verb: int) -> bool:
    """Does the fight verb name its other side ("clashed with Y")?"""
    return any(
        t.head == verb and t.text.casefold() in {"with", "against"}
        for t in tokens[verb + 1 : verb + 15]
    )


def object_of_preposition_role(
    tokens: Sequence[Token], preposition: int, *, via_conj: bool
) -> str | None:
    word = tokens[preposition].text.casefold()
    governor = tokens[tokens[preposition].head]
    if word == "by":
        return "actor1"
    if word in TARGET_WORDS:
        return "actor2"
    if word in {"between", "among"}:
        return "actor2" if via_conj else "actor1"
    if word == "with" and (
        governor.lemma in FIGHT_VERBS or governor.text.casefold() in FIGHT_NOUNS
    ):
        return "actor2"
    return None


def is_headline_passive(tokens: Sequence[Token], verb: int) -> bool:
    """ "Commander killed in strike": a harm verb with a subject but no object means the
    subject suffered it (headlines drop the "was"). "Police shot and killed two men" is
    active: the object may hang on a verb joined by "and", or the parser may miss it when
    a noun follows the verb ("drones targeted workers")."""
    if tokens[verb].lemma not in HARM_VERBS:
        return False
    verbs = {verb} | {
        k for k in range(verb + 1, min(len(tokens), verb + 6)) if is_joined_verb(tokens, k, verb)
    }
    if any(t.head in verbs and t.dep in OBJECT_DEPS for t in tokens[verb + 1 : verb + 15]):
        return False
    after = tokens[verb + 1] if verb + 1 < len(tokens) else None
    return after is None or after.pos not in {"NOUN", "PROPN", "DET", "NUM", "PRON"}


def is_joined_verb(tokens: Sequence[Token], k: int, verb: int) -> bool:
    return tokens[k].dep == "conj" and tokens[k].head == verb and tokens[k].pos == "VERB"


def vote_roles(doc: Document, mentions: Sequence[Mention]) -> dict[str, list[ActorMention]]:
    starts = [t.start for t in doc.tokens]
    votes: dict[str, list[ActorMention]] = {"actor1": [], "actor2": [], "other": []}
    sentence_spans = [m.span for m in mentions]
    for mention in doc.actors:
        if not any(s.start <= mention.span.start < s.end for s in sentence_spans):
            continue
        role = None
        if doc.tokens:
            first = token_at(doc.tokens, starts, mention.span.start)
            last = token_at(doc.tokens, starts, mention.span.end - 1)
            role = role_of(doc.tokens, phrase_head(doc.tokens, first, last))
            if role != "actor1" and opens_active_clause(doc.tokens, first, last):
                role = "actor1"
        votes[role or "other"].append(mention)
    return votes


# Past forms of the verbs that report political violence, read from the words themselves
# because the parser often garbles a sentence that opens with a date ("On 3 May, a Houthi
# sniper shot ...").
ACTION_FORMS = frozenset(
    """
    attacked ambushed abducted kidnapped killed shot fired shelled raided stormed seized
    looted burned burnt torched detonated launched carried conducted targeted struck hit
    bombed lobbed threw hurled set clashed fought opened captured arrested detained
    assaulted beat beheaded executed tortured stabbed hacked engaged exchanged repelled
    intercepted injured wounded overran overtook took destroyed planted abducted pursued
    """.split()  # noqa: SIM905 - one word list reads better than a column
)
# What may stand between a doer and its verb: "Houthi drones targeted", "IS Sahel
# militants (suspected) seized".
SUBJECT_TAIL_POS = frozenset({"NOUN", "PROPN", "ADJ", "PUNCT", "ADV"})
# A verb followed by these words is a headline passive: "soldiers killed in an ambush".
PASSIVE_TAIL = frozenset(
    {"by", "in", "at", "near", "during", "on", "after", "as", "when", "while", ".", ",", ";", ":"}
)


def opens_active_clause(tokens: Sequence[Token], first: int, last: int) -> bool:
    """Is the mention at ``first..last`` the subject of an active violent verb, read from
    the surface: no verb before it in its clause, then within three words a past form such
    as "attacked" that does not read as a headline passive ("killed in ...")?"""
    before = clause_before(tokens, first)
    if any(tokens[k].pos in {"VERB", "AUX"} for k in before):
        return False
    content = [tokens[k].text.casefold() for k in before if tokens[k].pos != "DET"]
    if hangs_on_preposition(content):
        return False  # "troops of the MNJTF": the name hangs on a preposition
    for k in range(last + 1, min(len(tokens) - 1, last + 4)):
        word = tokens[k].text.casefold()
        if word in ACTION_FORMS:
            return tokens[k + 1].text.casefold() not in PASSIVE_TAIL
        if tokens[k].pos not in SUBJECT_TAIL_POS or word in {"and", "was", "were"}:
            return False
    return False


def clause_before(tokens: Sequence[Token], first: int) -> range:
    """Token indices from the start of the clause (after the last comma or full stop,
    or the start of the sentence) up to ``first``."""
    start = first
    while start > 0 and tokens[start - 1].text not in {",", ".", ";", ":"}:
        start -= 1
    return range(start, first)


def in_casualty_group(mention: ActorMention, casualties: Sequence[CasualtyCount]) -> bool:
    return any(
        c.span.start <= mention.span.start < c.span.end + 40
        for c in casualties
        if c.kind == "killed"
    )


def assign_roles(doc: Document, mentions: Sequence[Mention], scope: Sequence[Span]) -> Roles:
    """Who acted (actor1) and against whom (actor2), from the parse, a "between X and Y"
    phrase, a claim, or a hedge that names a suspect ("militants, likely IS")."""
    votes = vote_roles(doc, mentions)
    casualties = [c for m in mentions for c in m.casualties]
    pair = fighting_pair(doc, mentions)
    acting = [a for a in votes["actor1"] if a.actor.inter != 7]
    actor1 = (
        claimant(doc, scope)
        or (pair[0] if pair else None)
        or next(iter(acting), None)
        or unparsed_doer(doc, votes, mentions)
    )
    passive = [a for a in votes["actor1"] if a.actor.inter == 7]
    victims = [a for a in votes["actor2"] + votes["other"] if in_casualty_group(a, casualties)]
    candidates2 = ([pair[1]] if pair else []) + votes["actor2"] + passive + victims
    actor2 = next((a for a in candidates2 if a is not actor1 and not same_party(a, actor1)), None)
    excluded = {actor2.actor} if actor2 else set()
    suspected = suspected_actor(doc, scope, excluded)
    if is_named_suspect(suspected, actor1) and hedge_modifies(doc, suspected):
        actor1 = suspected  # "suspected TTP militants": ACLED codes the suspect as the actor
    return Roles(actor1, actor2, suspected)


def unparsed_doer(
    doc: Document, votes: dict[str, list[ActorMention]], mentions: Sequence[Mention]
) -> ActorMention | None:
    """A doer found from the words when the parse gave none; never the side that the parse
    says suffered the event ("Another IS commander killed", then "IS lost a governor")."""
    doer = first_before_event(doc, votes["other"], mentions) or earlier_doer(doc, mentions)
    if doer is not None and any(same_party(a, doer) for a in votes["actor2"]):
        return None
    return doer


def fighting_pair(
    doc: Document, mentions: Sequence[Mention]
) -> tuple[ActorMention, ActorMention] | None:
    """The two sides named right after "between" ("clashes between X and Y")."""
    text = doc.report.text
    for mention in mentions:
        for found in BETWEEN.finditer(text, mention.span.start, mention.span.end):
            after = [
                a
                for a in doc.actors
                if found.end() <= a.span.start < min(mention.span.end, found.end() + 120)
            ]
            if len(after) < 2 or not is_near(text, found.end(), after[0].span.start):
                continue
            if " and " in text[after[0].span.end : after[1].span.start] and not same_party(
                after[1], after[0]
            ):
                return after[0], after[1]
    return None


def earlier_doer(doc: Document, mentions: Sequence[Mention]) -> ActorMention | None:
    """The doer of an earlier sentence, for an event told in two steps ("Troops raided the
    village. Two men were arrested."): reports name who acted first, then what followed.
    Earlier sentences may not have been parsed, so this reads the words only."""
    if not mentions:
        return None
    opening = min(m.span.start for m in mentions)
    text = doc.report.text
    for mention in doc.actors:
        if mention.span.start >= opening:
            break
        if mention.actor.inter != 7 and is_surface_doer(text, mention.span):
            return mention
    return None


WORD = re.compile(r"[\w'-]+|[^\w\s]")
# Words that may stand between a doer and its verb without a parse ("Houthi drones").
ARTICLES = frozenset({"the", "a", "an"})
PREPOSITIONS = frozenset(
    {"of", "in", "at", "on", "from", "to", "with", "by", "against", "near", "for", "between"}
)
NOT_SUBJECT_TAIL = frozenset({"and", "was", "were", "is", "are", "had", "has", "have", "who"})


def is_surface_doer(text: str, span: Span) -> bool:
    """``span`` opens its clause and a past form such as "fired" follows within three
    words, not read as a headline passive ("killed in ...")."""
    clause_start = max(text.rfind(mark, 0, span.start) for mark in ",.;:\n")
    before = [w.casefold() for w in WORD.findall(text[clause_start + 1 : span.start])]
    if any(word in ACTION_FORMS for word in before):
        return False
    if hangs_on_preposition([word for word in before if word not in ARTICLES]):
        return False  # "troops of the MNJTF": the name hangs on a preposition
    after = WORD.findall(text[span.end : span.end + 80])
    for k, word in enumerate(after[:5]):
        folded = word.casefold()
        if folded in ACTION_FORMS:
            tail = after[k + 1].casefold() if k + 1 < len(after) else "."
            return tail not in PASSIVE_TAIL
        # "troops of the MNJTF carried out": an "of" phrase may stand in between
        stops = NOT_SUBJECT_TAIL | (PREPOSITIONS - {"of"})
        if folded in stops or not word[:1].isalpha():
            return False
    return False


def hangs_on_preposition(words_before: Sequence[str]) -> bool:
    """Is the last word before a name a preposition, other than the "of" of a member
    noun ("a mob of villagers", "members of the militia")?"""
    if not words_before or words_before[-1] not in PREPOSITIONS:
        return False
    return not (
        words_before[-1] == "of" and len(words_before) > 1 and words_before[-2] in MEMBER_NOUNS
    )


def is_near(text: str, end: int, start: int) -> bool:
    """Only a few words ("the", "two groups of") stand between ``end`` and ``start``."""
    gap = text[end:start]
    return len(gap) <= 30 and not any(mark in gap for mark in ",;.")


def first_before_event(
    doc: Document, others: Sequence[ActorMention], mentions: Sequence[Mention]
) -> ActorMention | None:
    """An armed party named before the event words when the parse gave it no role
    ("IS opened fire" read as "is opened"); never a modifier ("al Qaeda-aligned group")."""
    starts = [t.start for t in doc.tokens]
    for mention in mentions:
        for actor in others:
            if actor.actor.inter in {5, 6, 7} or not doc.tokens:
                continue
            if doc.tokens[head_token(doc, starts, actor.span)].dep in NOT_A_DOER_DEPS:
                continue
            if mention.span.start <= actor.span.start < mention.anchor:
                return actor
    return None


# A name that modifies another word, or hangs on a preposition ("a governor of the Islamic
# State who died"), does not act.
NOT_A_DOER_DEPS = frozenset({"npadvmod", "amod", "compound", "poss", "nmod", "advmod", "pobj"})


HEDGE_MODIFIER = re.compile(
    r"\b(?:suspected|presumed|presumably|alleged|allegedly|likely|purported|assumed|possibly)"
    r"(?: to be)?(?: an?| the)?[\s(]*$",
    re.IGNORECASE,
)


def hedge_modifies(doc: Document, suspected: ActorMention | None) -> bool:
    """The hedge is a word on the name itself ("suspected TTP militants", "militants
    (presumed JNIM)"), not a belief stated about the event ("it is believed to be the work of
    X"): only then is the suspect the doer the report names."""
    if suspected is None:
        return False
    before = doc.report.text[max(0, suspected.span.start - 30) : suspected.span.start]
    return bool(HEDGE_MODIFIER.search(before))


def is_named_suspect(suspected: ActorMention | None, actor1: ActorMention | None) -> bool:
    """A named group suspected of an event whose doer the report leaves unidentified."""
    if suspected is None or suspected.actor.kind in GENERIC_ACTOR_KINDS:
        return False
    return actor1 is None or actor1.actor.kind in GENERIC_ACTOR_KINDS - {"military", "police"}


CROWD_KINDS = frozenset({"protesters", "rioters", "civilians"})
GENERIC_ACTOR_KINDS = frozenset(
    {"unidentified", "unidentified-air", "militia", "gang", "military", "police", "tribal", "clan"}
)


def same_party(mention: ActorMention, other: ActorMention | None) -> bool:
    """Whether two mentions name the same party ("Nigerian soldiers" and "the troops")."""
    if other is None:
        return False
    if mention.actor == other.actor:
        return True
    generic = mention.actor.country is None or other.actor.country is None
    return (
        generic
        and mention.actor.kind in GENERIC_ACTOR_KINDS | CROWD_KINDS
        and mention.actor.kind == other.actor.kind
        and mention.actor.inter == other.actor.inter
    )


def claimant(doc: Document, scope: Sequence[Span]) -> ActorMention | None:
    """The named actor that claims the event ("X claimed responsibility")."""
    for cue in doc.cues:
        if cue.level != "claimed" or cue.negated or not within(cue.span, scope):
            continue
        sentence = next((s for s in doc.sentences if s.start <= cue.span.start < s.end), None)
        if sentence is None:
            continue
        before = [
            m
            for m in doc.actors
            if sentence.start <= m.span.start < cue.span.start and m.actor.inter in {2, 3, 4}
        ]
        if before:
            return before[-1]
    return None


def suspected_actor(
    doc: Document, scope: Sequence[Span], excluded: set[Actor]
) -> ActorMention | None:
    """The actor named after a hedge ("believed to be the work of X") within the event's sentences."""
    hedges = [
        c for c in doc.cues if c.level == "suspected" and not c.negated and within(c.span, scope)
    ]
    for cue in hedges:
        sentence = next((s for s in doc.sentences if s.start <= cue.span.start < s.end), None)
        if sentence is None:
            continue
        for mention in doc.actors:
            if (
                cue.span.start <= mention.span.start < sentence.end
                and mention.actor not in excluded
            ):
                return mention
    return None


def crowd_roles(
    doc: Document, mentions: Sequence[Mention], roles: Roles, sub_event_type: str
) -> Roles:
    """ACLED codes a crowd as Protesters or Rioters; the police it met, or the people a mob
    attacked, are actor2. The crowd is actor1 even when the report names no crowd word, so
    that the forces met (or a country word) never take its place."""
    spans = [m.span for m in mentions]
    in_event = [a for a in doc.actors if within(a.span, spans)]
    crowd_named = any(a.actor.inter in {5, 6} for a in in_event) or any(
        CROWD_ACTION.search(m.span.text) for m in mentions
    )
    if is_armed_doer(doc, roles.actor1) and not crowd_named:
        return roles  # no crowd in sight: "forces beat citizens" is the forces' doing
    crowd = crowd_mention(mentions, in_event, sub_event_type)
    if sub_event_type == "Mob violence":
        victim = roles.actor2 or next((a for a in in_event if a.actor.inter == 7), None)
        return Roles(crowd, victim, None)
    if sub_event_type == "Peaceful protest":
        return Roles(crowd, None, None)
    forces = next((a for a in in_event if a.actor.inter == 1), None)
    return Roles(crowd, forces, None)


# Words that show a crowd at work; without them an armed doer keeps its role.
CROWD_ACTION = re.compile(
    r"\b(?:protest|demonstrat|rall(?:y|ied|ies)|march|sit-in|picket|gather|strike|riot|mob)",
    re.IGNORECASE,
)


def is_armed_doer(doc: Document, actor: ActorMention | None) -> bool:
    """An armed party that is itself the doer, not the modifier of a crowd word ("army
    aspirants staged a protest")."""
    if actor is None or actor.actor.inter not in {1, 2, 3, 8} or not doc.tokens:
        return False
    starts = [t.start for t in doc.tokens]
    return doc.tokens[head_token(doc, starts, actor.span)].dep not in {"compound", "amod", "poss"}


def crowd_mention(
    mentions: Sequence[Mention], in_event: Sequence[ActorMention], sub_event_type: str
) -> ActorMention | None:
    """The crowd as a mention: its own words ("demonstrators") or the words of the event."""
    crowd = PROTESTERS if TAXONOMY[sub_event_type][0] == "Protests" else RIOTERS
    named = next((a for a in in_event if a.actor.kind == crowd.kind), None)
    if named is not None:
        return ActorMention(named.span, crowd)
    trigger = next((t for m in mentions for t in m.triggers), None)
    return ActorMention(trigger.span, crowd) if trigger else None


# Groups a crowd is often made of, named as ACLED's associated actors ("Teachers (Kenya)").
CROWD_GROUPS = re.compile(
    r"\b(teachers|students|nurses|doctors|health workers|traders|farmers|workers|lawyers"
    r"|journalists|pensioners|drivers|miners|vendors|fishermen|herders|employees|women"
    r"|unionists|retirees|civil servants|taxi drivers|motorcyclists|refugees|labou?r unions?)\b",
    re.IGNORECASE,
)


def associated_names(
    doc: Document, mentions: Sequence[Mention], roles: Roles, event_type: str, country: str | None
) -> tuple[str | None, str | None]:
    if event_type in {"Protests", "Riots"}:
        return crowd_group(mentions, country), None
    partner1 = partner_of(doc, roles.actor1, mentions)
    partner2 = partner_of(doc, roles.actor2, mentions)
    return (
        name_for_country(partner1.actor, country) if partner1 else None,
        name_for_country(partner2.actor, country) if partner2 else None,
    )


def crowd_group(mentions: Sequence[Mention], country: str | None) -> str | None:
    """The group a crowd is made of, as ACLED's associated actor: "Teachers (Nigeria)"."""
    for mention in mentions:
        found = CROWD_GROUPS.search(mention.span.text)
        if found:
            group = found.group(1).title()
            return f"{group} ({country})" if country else group
    return None


def partner_of(
    doc: Document, main: ActorMention | None, mentions: Sequence[Mention]
) -> ActorMention | None:
    """An actor joined to ``main`` by "and" or "together with": ACLED's associated actor."""
    if main is None or not doc.tokens:
        return None
    starts = [t.start for t in doc.tokens]
    main_head = head_token(doc, starts, main.span)
    spans = [m.span for m in mentions]
    for mention in doc.actors:
        if mention is main or mention.actor == main.actor or not within(mention.span, spans):
            continue
        head = head_token(doc, starts, mention.span)
        token = doc.tokens[head]
        joined = token.dep == "conj" and token.head == main_head
        with_word = doc.tokens[token.head]
        together = token.dep == "pobj" and with_word.text.casefold() in {"with", "alongside"}
        if joined or (together and with_word.head == main_head):
            return mention
    return None


def head_token(doc: Document, starts: Sequence[int], span: Span) -> int:
    first = token_at(doc.tokens, starts, span.start)
    last = token_at(doc.tokens, starts, span.end - 1)
    return phrase_head(doc.tokens, first, last)


STATE_MODIFIERS = frozenset({"government", "regime", "army", "military", "pro-government"})
GENERIC_MILITARY = Actor("Military Forces", inter=1, kind="military")


def attacker_in_modifier(
    text: str, type_spans: Sequence[Span], country: str | None
) -> Actor | None:
    """State forces named only as a modifier of the weapon: "government shelling",
    "Russian air strikes", "Syrian government artillery"."""
    for span in type_spans:
        words = MODIFIER_WORD.findall(text[max(0, span.start - 40) : span.start])[-3:]
        for word in reversed(words):
            owner = country_of_demonym(word)
            if owner is None and word.casefold() in STATE_MODIFIERS:
                owner = country
            if owner is not None:
                return Actor(name_for_country(GENERIC_MILITARY, owner), 1, owner, "military")
    return None


def default_actor1(sub_event_type: str) -> Actor:
    event_type = TAXONOMY[sub_event_type][0]
    if event_type == "Protests":
        return PROTESTERS
    if event_type == "Riots":
        return RIOTERS
    if sub_event_type == "Air/drone strike":
        return UNIDENTIFIED_AIR
    return UNIDENTIFIED_GROUP


def target_of(
    sub_event_type: str, actor1: Actor, mention: ActorMention | None, text: str
) -> Actor | None:
    """ACLED's rules on who the target of an attack is: off-duty or former soldiers and
    police are civilians; an attack's victim is not the attacker's own unidentified group,
    nor a crowd ("youths shot by soldiers" are civilians)."""
    if mention is None:
        return None
    target = mention.actor
    if target.inter == 1 and OFF_DUTY.search(
        text[max(0, mention.span.start - 40) : mention.span.end]
    ):
        return CIVILIANS
    if sub_event_type == "Attack":
        if target == actor1 and target.kind.startswith("unidentified"):
            return None
        if target.kind == "rioters":
            return CIVILIANS
    return target


OFF_DUTY = re.compile(r"\b(?:off[- ]duty|former|retired|ex-)\b", re.IGNORECASE)


def refine_by_actors(sub_event_type: str, actor1: Actor, actor2: Actor | None) -> str:
    """ACLED's rules that depend on who fought whom."""
    if sub_event_type == "Attack" and actor2 is not None and actor2.inter not in {7}:
        return "Armed clash"
    if sub_event_type == "Armed clash" and actor2 is not None and actor2.inter == 7:
        return "Attack"
    if sub_event_type == "Arrests" and actor1.inter not in {1, 8}:
        return "Abduction/forced disappearance"  # only the state arrests; others abduct
    if sub_event_type in {"Government regains territory", "Non-state actor overtakes territory"}:
        return (
            "Government regains territory"
            if actor1.inter == 1
            else "Non-state actor overtakes territory"
        )
    return sub_event_type


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


def within(span: Span, scope: Sequence[Span]) -> bool:
    return any(part.start <= span.start < part.end for part in scope)


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
    roles = assign_roles(doc, mentions, scope)
    if TAXONOMY[sub_event_type][0] in {"Protests", "Riots"}:
        roles = crowd_roles(doc, mentions, roles, sub_event_type)
    if roles.actor1 is None:
        # "Russian shelling": the weapon's owner; a crowd has no weapon to own.
        crowd = TAXONOMY[sub_event_type][0] in {"Protests", "Riots"}
        modifier = (
            None if crowd else attacker_in_modifier(doc.report.text, type_spans, where.country)
        )
        actor1 = modifier or default_actor1(sub_event_type)
    else:
        actor1 = roles.actor1.actor
    actor2 = target_of(sub_event_type, actor1, roles.actor2, doc.report.text)
    if actor2 is None and TAXONOMY[sub_event_type][0] == "Violence against civilians":
        actor2 = CIVILIANS
    sub_event_type = refine_by_actors(sub_event_type, actor1, actor2)
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
    killed = [c for m in mentions for c in m.casualties if c.kind == "killed"]
    injured_counts = [c for m in mentions for c in m.casualties if c.kind == "injured"]
    best, low, high = event_fatalities(killed)
    if best is None and not any(m.casualties or DEATH_WORDS.search(m.span.text) for m in mentions):
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
    ("armed", ("militant", "fighter", "jihadist", "insurgent", "rebel", "gunm", "attacker", "terrorist", "bandit", "commander", "extremist", "assailant", "bomber", "militia")),
    ("civilian", ("civilian", "villager", "resident", "child", "women", "woman", "student", "worker", "farmer", "passenger", "worshipper", "journalist", "teacher", "pupil", "famil", "shopkeeper", "trader", "pilgrim")),
)  # fmt: skip


def side_of(group: str | None) -> str:
    """Which party a group of dead belongs to; "people" and unnamed groups are "any"."""
    word = (group or "").casefold()
    return next((side for side, stems in SIDE_WORDS if any(s in word for s in stems)), "any")


def event_fatalities(killed: Sequence[CasualtyCount]) -> tuple[int | None, int | None, int | None]:
    """(best, low, high) deaths of one event.

    Counts of the same party repeat each other (the highest stands); counts of
    different parties add up ("8 fighters" and "also 3 soldiers" are 11). A
    count of "people" may already include every party, so it stands if larger.
    """
    by_side: dict[str, list[CasualtyCount]] = {}
    for count in killed:
        by_side.setdefault(side_of(count.group), []).append(count)
    generic = best_fatalities(by_side.pop("any", []))
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
