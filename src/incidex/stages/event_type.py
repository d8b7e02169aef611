"""The sub-event type of one event: ACLED's categories and the rules between them."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from incidex.records import (
    Actor,
    Document,
    Span,
    Trigger,
)
from incidex.stages.detect import CROWD_SIZE, TAXONOMY, source_tag

if TYPE_CHECKING:
    from incidex.stages.merge import Mention


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
REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED"
SHELLING = "Shelling/artillery/missile attack"
# Fire traded between two sides: "exchanged artillery shelling", "shelled back".
FIRE_EXCHANGED = re.compile(
    r"\b(?:exchang(?:ed|es|e|ing)|in both directions|shell(?:ed|ing)? back|traded"
    # shelling with small arms or on the ground: ACLED merges it into the battle
    r"|small[- ]arms|ground (?:operations?|assaults?|offensives?)|fought|clash(?:ed|es))\b",
    re.IGNORECASE,
)
# Fighting on the ground beside air strikes: ACLED codes the battle.
GROUND_FIGHT = re.compile(
    r"\b(?:air-ground|ground (?:operations?|assaults?|offensives?)|small[- ]arms"
    r"|clash(?:ed|es)|exchang(?:ed|e) (?:of )?(?:gun)?fire)\b",
    re.IGNORECASE,
)
# A grenade thrown at armed men who shoot back starts a battle.
GUNFIRE_ANSWERED = re.compile(
    r"\b(?:(?:reacted|responded|retaliated|replied) with (?:gun)?fire|returned (?:the )?fire"
    r"|followed by (?:gunfire|an exchange of fire|a gunfight|a shoot-?out)"
    r"|exchang(?:ed|e) of (?:gun)?fire|exchanged (?:gun)?fire)\b",
    re.IGNORECASE,
)
BATTLE_WEAPONS = frozenset({"Armed clash", "Shelling/artillery/missile attack"})
# Weapons that make an attack an explosion or remote violence rather than a battle.
DEVICE_WEAPONS = frozenset(
    {"Air/drone strike", "Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}
)
# Battle words that say only that someone attacked, not that anyone fought back.
GENERIC_ATTACK = re.compile(
    r"(?:attack(?:ed|s|ing)?|assaults?|raid(?:ed|s)?|offensive|operations?|hit-and-run)\b",
    re.IGNORECASE,
)
# Attack words that name a harm, not how it was done: "was killed ... by", "injured in".
GENERIC_HARM = re.compile(
    r"(?:was|were|had been|have been|has been|got) |(?:wounded|injured|killed|hurt) in\b",
    re.IGNORECASE,
)
# Harms that a killing in the same event outweighs: the event is the killing.
LESSER_HARMS = frozenset(
    {"Abduction/forced disappearance", "Looting/property destruction", "Arrests"}
)
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
ARMED_GROUP_PATTERN = (
    r"gunm[ae]n|militants?|soldiers?|troops|army|military|militias?|militiam[ae]n|fighters"
    r"|rebels?|insurgents?|terrorists?|jihadists?|raiders"
    # "armed Kalenjin youths": one word may name who they are
    r"|armed (?:[\w-]+ )?(?:m[ae]n|groups?|individuals|persons|youths?|gangs?|attackers|assailants"
    r"|herd(?:er|sm[ae]n)s?)|(?<!suspected )(?<!suspected cattle )rustlers"
    r"|bombs?|explosives?|grenades?|gangs?|gangsters|traffickers|cartels?|bandits|hitm[ae]n"
    r"|guerrillas?|forces|shoot-?outs?|shooters|trafficking groups?|outfits?|ultras"
)
# Firearms alone: a crowd that clashes with guns is still a crowd, not an armed group.
FIREARM_PATTERN = (
    r"guns?|gunfire|gunshots?|rifles?|pistols?|firearms?|shots?|shooting|opened fire|bullets?"
    r"|fired (?:up)?on"
)
ARMED_WORDS = re.compile(rf"\b(?:{ARMED_GROUP_PATTERN}|{FIREARM_PATTERN})\b", re.IGNORECASE)
ARMED_GROUP_WORDS = re.compile(rf"\b(?:{ARMED_GROUP_PATTERN})\b", re.IGNORECASE)
# The police a crowd clashes with: the riot's other side, not an organised armed group.
POLICE_FORCES = re.compile(r"\bpolice forces\b", re.IGNORECASE)
CROWD_WORDS = re.compile(
    r"\b(?:locals|residents|villagers|settlers|supporters|cadres|activists|students|youths?"
    r"|lawyers|advocates"
    r"|farmers|workers|neighbou?rs|relatives|fans|prisoners|inmates|merchants|vendors|traders"
    r"|drivers|riders|motorists|pedestrians|passers-?by|bystanders|onlookers|shoppers"
    r"|mobs?|crowds?|rioters|(?:two |rival )?groups? of"
    # "an attack over a community rivalry": the rivalry's sides, not a crowd at work
    r"|communit(?:y|ies)(?! (?:rivalr(?:y|ies)|conflicts?|feuds?|tensions?|disputes?))"
    r"|members of|party members|family members|families"
    r"|(?:two|rival|opposing) (?:\w+ )?(?:groups|factions|camps)|factional|intra-?party)\b",
    re.IGNORECASE,
)
# People named as the ones harmed ("killed five farmers", "attacked the villagers"): victims,
# not a crowd that acted.
HARMED_PEOPLE = (
    r"locals|residents|villagers|settlers|farmers|workers|students|traders|merchants|vendors"
    r"|drivers|riders|neighbou?rs|relatives|family members|families|youths?"
    r"|members of(?: [\w'-]+){1,4}?"
)
PASSIVE_HARMS = (
    r"killed|attacked|shot|beaten|injured|wounded|abducted|kidnapped|hacked|stabbed|assaulted"
    r"|targeted|robbed|raped|murdered|executed|tortured|dumped"
)
VICTIMS = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|attack(?:ed|ing|s)?|shot|shoot(?:ing|s)?|beat(?:en|ing|s)?"
    r"|injur(?:ed|ing|es)|wound(?:ed|ing|s)|abduct(?:ed|ing|s)|kidnap(?:ped|ping|s)|hack(?:ed|ing)"
    r"|stabb(?:ed|ing)|assault(?:ed|ing|s)|target(?:ed|ing|s)|robb(?:ed|ing)|rap(?:ed|ing)"
    r"|murder(?:ed|ing|s)|execut(?:ed|es|ing)|tortur(?:ed|ing)(?:\s+to\s+death)?"
    r"|(?:open(?:ed|s)?\s+fire|fired)\s+(?:on|at|upon))"
    r"\s+(?:(?:an?|the|some|several|many|dozens of|local"
    r"|unarmed|innocent|\d+|two|three|four|five|six|seven|eight|nine|ten"
    r"|[A-Za-z]+-[\w-]+|(?-i:[A-Z][\w-]*))\s+){0,3}"
    rf"(?:{HARMED_PEOPLE})\b"
    # "six locals were killed": the same people, told in the passive
    rf"|\b(?:{HARMED_PEOPLE})\s+(?:(?:were|have been|had been|are)\s+(?:{PASSIVE_HARMS})\b"
    rf"|(?:{PASSIVE_HARMS})(?=\s*(?:[.,;:]|$)|\s+(?:by|in|at|near|on|during|while|after|as)\b))",
    re.IGNORECASE,
)
# Words that make violence a crowd's even when soldiers or police are the other side.
RIOT_WORDS = re.compile(
    r"\b(?:rioters|rioting|(?<!anti-)riot(?:ed)?(?! (?:police|gear|squads?|control|units?))"
    r"|demonstrators|protesters|protestors|marchers|riots? (?:broke out|erupted)|mobs?"
    r"|brick-?batting|brickbats"
    r"|physical(?:ly)? (?:clash(?:es|ed)?|fights?|assault)"
    r"|brawls?|scuffles?|fist ?fights?|stone[- ]pelting|(?:pelted|hurled|threw|throwing|hurling) stones"
    r"|post[- ]?(?:poll|election|electoral) (?:clash|violence)\w*|rampag\w+)\b",
    re.IGNORECASE,
)
# Groups that fight as a community (tribes, clans, herders against farmers): ACLED's identity
# militias, whose fights are battles, not riots.
COMMUNAL_FIGHTERS = re.compile(
    r"\b(?:tribes?|tribesmen|tribal|clans?|clansmen|pastoralists?|herders|herdsmen|farmers"
    r"|communities|ethnic groups?)\b",
    re.IGNORECASE,
)
DEMONSTRATION_WORDS = re.compile(
    r"\b(?:protest(?:s|ed|ers|ors|ing)?|demonstrat(?:e|ion|ions|ors|ed|ing)|rall(?:y|ies)"
    r"|to (?:denounce|oppose|condemn)|express(?:ed|ing)? (?:their |its )?opposition"
    r"|marche[sd]|(?:an?|the|protest|peace|street) march|sit[- ]?ins?|strikes?|striking"
    r"|demand(?:ed|ing)?|blockades?|blocked)\b",
    re.IGNORECASE,
)
ASKED_FOR = re.compile(
    r"\b(?:demand(?:ed|ing|s)?|call(?:ed|ing|s)? for|urg(?:ed|ing|es)|seek(?:ing|s)?|sought"
    r"|over|against|protest(?:ed|ing)?|release of|who (?:was|were|had been)|after)"
    r"(?: the| an?| their| his| her)?(?: immediate| swift| strict| prompt)?\W*$",
    re.IGNORECASE,
)
PROTESTERS_ARRESTED = re.compile(
    r"\b(?:(?:arrested|detained|rounded up|arresting|detaining)(?: \w+){0,4} (?:protest[eo]rs?"
    r"|demonstrators?|participants?|activists?|marchers?|students?|them|people|members?)"
    r"|(?:protest[eo]rs?|demonstrators?|participants?|activists?|marchers?|students?|people"
    r"|members?)(?: \w+){0,3} (?:were|was) (?:\w+ )?(?:arrested|detained)"
    r"|(?:one|two|three|four|five|several|some|a few|\d+) (?:other )?(?:persons?|people|m[ae]n"
    r"|wom[ae]n|of them) (?:were|was) (?:\w+ )?(?:arrested|detained)"
    r"|(?:were|was) (?:arrested|detained) by (?:the )?police)\b",
    re.IGNORECASE,
)
CROWD_OF_PROTESTERS = re.compile(r"protest|demonstrat|marcher", re.IGNORECASE)
# "One person was shot dead during the protest": a protest's dead who were shot.
SHOT_DEAD = re.compile(
    r"\bshot (?:dead|and killed)\b[^.;]{0,40}?\b(?:during|in|at) (?:the |a |an )?"
    r"(?:[\w-]+ ){0,2}(?:protests?|demonstrations?|rall(?:y|ies)|marche?s?)\b",
    re.IGNORECASE,
)
# Words that say two sides fought each other, not that one side attacked.
TWO_SIDED = re.compile(
    r"\b(?:clash(?:ed|es|ing)?|exchang(?:ed|ing|es?) (?:of )?(?:gun)?fire|shoot-?outs?"
    r"|gun ?fights?|gun ?battles?|fire ?fights?|confrontations? between|fighting between"
    r"|fights? between|encounters?"
    r"|fought (?:with|against|each other))\b",
    re.IGNORECASE,
)
# Police action against a protest that kills someone: excessive force, whoever died.
DEADLY_DISPERSAL = re.compile(
    r"\b(?:tear ?gas(?:es)?|water cannons?|rubber bullets|dispersed?|dispersal"
    r"|baton[- ]charged?|intervened)\b[^.;]{0,60}\b(?:causing (?:the )?death"
    r"|killing (?:one|two|three|an?|\d+)|leaving (?:\w+ ){0,3}dead|resulting in (?:the )?death)",
    re.IGNORECASE,
)
# A weapon fired or launched as a test, not at anyone: a change in the group's activity.
WEAPONS_TEST = re.compile(
    r"\b(?:test[- ]fir(?:ed|es|ing)|(?:missile|rocket|weapons?|nuclear) tests?"
    r"|test[- ]launch(?:ed|es|ing)?)\b",
    re.IGNORECASE,
)
# Crude explosives (petrol bombs, "cocktails") that party supporters, picketers and mobs
# throw: ACLED codes their use as a riot, not as explosions, unless an armed group's.
CRUDE_BOMBS = r"(?:crude|country[- ]made|hand[- ]?made|home[- ]?made|petrol|cracker) bombs?"
CRUDE_DEVICE = re.compile(rf"\b(?:{CRUDE_BOMBS}|cocktails?)\b", re.IGNORECASE)
BOMB_MAKERS = re.compile(
    r"\b(?:militants?|terrorists?|jihadists?|insurgents?|rebels?|maoists?|naxal(?:ite)?s?"
    r"|soldiers|troops|army)\b",
    re.IGNORECASE,
)
LETHAL_FORCE = re.compile(
    r"\b(?:live (?:ammunition|rounds|bullets|fire)|(?:shot|fired|opened fire) (?:at|on|into)"
    r" (?:the |a group of |a crowd of )?(?:protesters|demonstrators|crowds?|marchers|them|people)"
    r"|(?:killed|died|shot dead) in police (?:action|firing|fire|shooting))\b",
    re.IGNORECASE,
)


def choose_sub_event_type(
    mentions: Sequence[Mention], doc: Document
) -> tuple[str, tuple[Span, ...]]:
    """The ACLED sub-event type of the event and the trigger spans that support it."""
    tag = source_tag(doc.report.text)
    if tag is not None and any(m.span.start <= tag.span.start < m.span.end for m in mentions):
        # The source's own tag decides; the event's words stay its evidence.
        spans = tuple(
            t.span
            for m in mentions
            for t in m.triggers
            if t.span != tag.span and t.sub_event_type == tag.sub_event_type
        )
        return tag.sub_event_type, spans or (tag.span,)
    text = " ".join(m.span.text for m in mentions)
    protest = any(t.sub_event_type == "Peaceful protest" for m in mentions for t in m.triggers)
    triggers = [
        t
        for m in mentions
        for t in m.triggers
        if not is_background_arrest(t, doc, text)
        and not is_background_protest(t, doc)
        and not is_named_as_background(t, doc, protest=protest)
    ]
    triggers = drop_earlier_causes(triggers, doc)
    if killed_any(mentions):
        # A crowd's size says a crowd was there; the killing it did says what happened.
        triggers = [t for t in triggers if not CROWD_SIZE.fullmatch(t.span.text)]
    triggers = [struck_through(t) for t in triggers]
    if not triggers:
        triggers = inherited_triggers(doc, mentions[0].span.start)
    triggers = drop_generic_attacks(triggers)
    triggers, crude = crude_devices(triggers, text)
    weights: defaultdict[str, float] = defaultdict(float)
    for trigger in triggers:
        weights[trigger.sub_event_type] += trigger.strength
    if weights.get("Arrests") and killed_any(mentions) and len(weights) > 1:
        del weights["Arrests"]  # people killed: the arrests that followed are not the event
    if not DEMONSTRATION_WORDS.search(text) and not DISPERSAL.search(text):
        drop_police_action_without_protest(weights)
    signalled = pick_type(weights)
    if signalled in {"Peaceful protest", "Protest with intervention"} and crowd_assault(
        triggers, doc
    ):
        # "supporters beat up a rival during a rally", "lawyers assaulted passers-by during
        # a demonstration": the crowd's violence, not a peaceful protest
        signalled = "Mob violence" if only_rallies(text) else "Violent demonstration"
    picked = signalled
    if signalled in LESSER_HARMS and killed_any(mentions):
        picked = "Attack"  # people killed and robbed, taken or arrested: ACLED codes the killing
    elif signalled == "Looting/property destruction" and hurt_any(mentions):
        picked = "Attack"  # raiders who wound the herders whose cattle they take
    if picked == "Change to group/activity" and killed_any(mentions):
        # "militants killed in a search operation": the operation met its enemy
        picked = "Armed clash" if ARMED_GROUP_WORDS.search(text) else "Attack"
    if picked == SHELLING and FIRE_EXCHANGED.search(text):
        picked = "Armed clash"  # shelling traded, or fired in a ground fight, is a battle
    if picked == "Air/drone strike" and GROUND_FIGHT.search(text):
        picked = "Armed clash"  # "a combined air-ground operation": the strikes are the battle's
    if picked == "Grenade" and GUNFIRE_ANSWERED.search(text):
        picked = "Armed clash"  # "threw a grenade at a checkpoint; soldiers returned fire"
    if picked in ARMED_CONFLICT and WEAPONS_TEST.search(text) and not killed_any(mentions):
        picked = "Change to group/activity"  # a test launch harms no one
    crowd_text = BACKGROUND_PROTEST.sub(" ", text)
    # Crude bombs arm a crowd no more than stones do.
    chosen = refine_by_crowd(
        picked,
        CRUDE_DEVICE.sub(" ", crowd_text) if crude else crowd_text,
        armed_group_named=names_armed_group(doc, mentions),
    )
    if chosen == "Looting/property destruction" and killed_any(mentions):
        chosen = "Attack"  # armed men who torch houses and kill: ACLED codes the killing
    if chosen in {"Peaceful protest", "Protest with intervention"} and met_with_force(mentions):
        chosen = "Excessive force against protesters"
    if (
        chosen == "Mob violence"
        and (crude or weights["Peaceful protest"])
        and DEMONSTRATION_WORDS.search(text)
        and not only_rallies(text)
    ):
        # "picketers hurled petrol bombs during the blockade", "students rampage in protest"
        chosen = "Violent demonstration"
    if chosen == "Peaceful protest" and crowd_attacked_protest(text):
        chosen = "Protest with intervention"  # a crowd fell on the protest
    if CROWD_SIZE.search(doc.report.text) and TAXONOMY[chosen][0] not in {"Protests", "Riots"}:
        # A crowd's size is given for demonstrations only: the violence was a crowd's.
        chosen = "Violent demonstration" if DEMONSTRATION_WORDS.search(text) else "Mob violence"
    # The evidence is the words of the type coded, or of the type they were refined from.
    wanted = next((name for name in (chosen, picked) if weights.get(name)), signalled)
    return chosen, tuple(t.span for t in triggers if t.sub_event_type == wanted)


POLICE_ACTION_TYPES = ("Protest with intervention", "Excessive force against protesters")
# Words that say a gathering was broken up, whether or not the report calls it a protest.
DISPERSAL = re.compile(
    r"\b(?:tear ?gas|water cannons?|dispers\w*|rubber bullets|plastic bullets|pellets|baton"
    r"|lathi)",
    re.IGNORECASE,
)


def drop_police_action_without_protest(weights: defaultdict[str, float]) -> None:
    """Police who raid houses, or live bullets, make no protest event where nobody protests
    or is dispersed: other words say what happened ("police raided houses, beating
    civilians")."""
    if any(weights.get(name) for name in weights if name not in POLICE_ACTION_TYPES):
        for name in POLICE_ACTION_TYPES:
            weights.pop(name, None)


def drop_generic_attacks(triggers: list[Trigger]) -> list[Trigger]:
    """An attack carried out with a bomb, a grenade or from the air is coded by the weapon:
    "attack", "assault" or "raid" name no fighting of their own, so next to such a weapon
    they do not make the event a battle, nor do harms or blasts make it another type."""
    weapons = {t.sub_event_type for t in triggers if t.strength >= 0.9} & DEVICE_WEAPONS
    if not weapons:
        return triggers
    return [t for t in triggers if not names_no_weapon(t, weapons)]


def names_no_weapon(trigger: Trigger, weapons: set[str]) -> bool:
    """Beside a weapon, words that name none of their own: "attack", "raid"; a harm
    ("was killed in a landmine attack by"); a blast that another weapon made ("lobbed a
    grenade ... injured in the explosion")."""
    if trigger.sub_event_type == "Armed clash":
        return bool(GENERIC_ATTACK.match(trigger.span.text))
    if trigger.sub_event_type == "Attack":
        return bool(GENERIC_HARM.match(trigger.span.text))
    return (
        trigger.sub_event_type == REMOTE_EXPLOSIVE
        and trigger.strength < 0.9
        and bool(weapons - {REMOTE_EXPLOSIVE})
    )


def crude_devices(triggers: list[Trigger], text: str) -> tuple[list[Trigger], bool]:
    """Crude explosives thrown or set off by people who are not an armed group ("supporters
    blasted crude bombs") make a riot, whatever other weapon words say: the triggers less
    those words, and ``True``. An armed group's crude bomb is an explosive like any other."""
    crude = [
        t
        for t in triggers
        if t.sub_event_type == "Mob violence" and CRUDE_DEVICE.search(t.span.text)
    ]
    if not crude:
        return triggers, False
    if BOMB_MAKERS.search(text):
        return [as_explosive(t) if t in crude else t for t in triggers], False
    return [t for t in triggers if t.sub_event_type not in DEVICE_WEAPONS], True


def as_explosive(trigger: Trigger) -> Trigger:
    event_type, disorder_type = TAXONOMY[REMOTE_EXPLOSIVE]
    return replace(
        trigger,
        sub_event_type=REMOTE_EXPLOSIVE,
        event_type=event_type,
        disorder_type=disorder_type,
    )


def text_before(trigger: Trigger, doc: Document, chars: int, pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` matches in the ``chars`` characters before the trigger."""
    return bool(
        pattern.search(doc.report.text[max(0, trigger.span.start - chars) : trigger.span.start])
    )


# The state's agents, whose blows at a protest are its policing, not the crowd's violence.
STATE_DOERS = re.compile(
    r"\b(?:police(?:m[ae]n)?|officers?|soldiers|troops|army|military|security (?:forces|personnel"
    r"|agents|officials)|guards?|gendarmes?|forces|authorities)\b",
    re.IGNORECASE,
)
RALLIES = re.compile(r"\brall(?:y|ies)\b", re.IGNORECASE)
PROTESTERS = re.compile(r"\b(?:protesters|protestors|demonstrators|marchers|picketers)\b", re.I)
# Blows, not shots: "shot dead during protests" may be the police's doing.
BLOWS = re.compile(
    r"\b(?:assault|beat|attack|manhandl|thrash|hack|stab|lynch|roughed|slapp|chased)",
    re.IGNORECASE,
)


# Where the blows fell: "... during a rally", "... at the demonstration".
# ("during their demonstration" is the victims' protest: a third party intervened in it.)
AT_THE_PROTEST = re.compile(
    r"[^.;]{0,120}?\b(?:during|at|amid) (?:an? |the |its )?(?!(?:their|his|her) )(?:[\w'-]+ ){0,4}"
    r"(?:rall(?:y|ies)|demonstrations?|protests?|marche?s?|sit-ins?|strikes?|blockades?|bandhs?"
    r"|hartals?)\b",
    re.IGNORECASE,
)
# "staged a demonstration and assaulted a journalist"
PROTESTED_AND = re.compile(
    r"\b(?:demonstrat|protest|march|rall)\w* and (?:[\w'-]+ ){0,2}$", re.IGNORECASE
)
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|got|gets)(?: \w+ly)? $", re.IGNORECASE)
# Assault words told in the passive: "was assaulted by a policeman", "were beaten by".
PASSIVE_WORDS = re.compile(r"^(?:was|were|is|are|been|being|got|gets|had|has|have)\b|(?<!-)\bby\b")


def crowd_assault(triggers: Sequence[Trigger], doc: Document) -> bool:
    """Blows that the crowd deals at its protest: active assault words, not the state's
    agents', told as happening at the protest ("supporters beat up a rival during a
    rally"), not a grievance ("a protest over the assault of a student")."""
    text = doc.report.text
    return any(
        t.sub_event_type == "Attack"
        and t.strength >= 0.7
        and BLOWS.search(t.span.text)
        and not STATE_DOERS.search(t.span.text)
        # blows at the protesters ("assaulted the anti-quota protesters"): an intervention
        and not PROTESTERS.search(text, t.span.start, t.span.end + 30)
        and not text_before(t, doc, 60, STATE_DOERS)
        and not text_before(t, doc, 20, PASSIVE_BEFORE)
        and not PASSIVE_WORDS.search(t.span.text.lower())
        and (bool(AT_THE_PROTEST.match(text, t.span.end)) or text_before(t, doc, 60, PROTESTED_AND))
        for t in triggers
    )


# "activists attacked the rally": blows at the protest itself, by whoever is named before.
PROTEST_ATTACKED = re.compile(
    r"\b(?:attack(?:ed|ing)|assault(?:ed|ing)|swooped on|charged at|beat(?: up)?|pelted)"
    r" (?:an? |the |their |a peaceful )?(?:[\w'-]+ ){0,3}?(?:rall(?:y|ies)|procession|protests?"
    r"|demonstrations?|human chains?|march(?:es)?|sit-ins?|protesters|demonstrators|marchers)\b",
    re.IGNORECASE,
)
CLAUSE_START = re.compile(r"[.;]\s+|^")


def crowd_attacked_protest(text: str) -> tuple[re.Match[str], re.Match[str]] | None:
    """ "Ruling party activists attacked the rally": the crowd's words and the protest's, when
    a crowd (not the state) falls on a protest. ACLED codes it as an intervention in the
    protest, by rioters."""
    for found in PROTEST_ATTACKED.finditer(text):
        clause_start = max(m.end() for m in CLAUSE_START.finditer(text, 0, found.start()))
        crowd = CROWD_WORDS.search(text, clause_start, found.start())
        if crowd and not STATE_DOERS.search(text, clause_start, found.start()):
            return crowd, found
    return None


# "shot down 30 of 34 drones": some got through.
SOME_OF = re.compile(r"\b(\d+) (?:of|out of) (?:the )?(\d+)\b")
DRONE_WORDS = re.compile(r"\b(?:drones?|uavs?|munitions?)\b", re.IGNORECASE)


def struck_through(trigger: Trigger) -> Trigger:
    """An interception that stopped only some of the drones or missiles: the rest struck,
    and the event is their strike."""
    found = SOME_OF.search(trigger.span.text)
    if trigger.sub_event_type != "Disrupted weapons use" or not found:
        return trigger
    if int(found[1]) >= int(found[2]):
        return trigger
    weapon = "Air/drone strike" if DRONE_WORDS.search(trigger.span.text) else SHELLING
    return replace(trigger, sub_event_type=weapon)


def only_rallies(text: str) -> bool:
    """The protest words are a rally's alone: a fight at a campaign rally is a mob's."""
    found = [m.group() for m in DEMONSTRATION_WORDS.finditer(text)]
    return bool(found) and all(RALLIES.fullmatch(word) for word in found)


def is_background_arrest(trigger: Trigger, doc: Document, text: str) -> bool:
    """An arrest asked for ("demanding the arrest of the killers"), or one a protest is about
    rather than one that ends it (no protesters are arrested)."""
    if trigger.sub_event_type != "Arrests":
        return False
    if text_before(trigger, doc, 40, ASKED_FOR):
        return True
    return names_protest_at_event(text) and not PROTESTERS_ARRESTED.search(text)


def names_protest_at_event(text: str) -> bool:
    """Protest words that are not named as what led up to the event ("arrested in connection
    with the protests")."""
    return any(
        not named_as_earlier(text, found.start()) for found in DEMONSTRATION_WORDS.finditer(text)
    )


# Protests forbidden or called off are not held: the words name what the ban is on.
FORBIDDEN = re.compile(
    r"\b(?:ban(?:ned|s)?|prohibit(?:ed|s|ing)?|forb(?:id|ids|ade|idden)|outlaw(?:ed|s)?"
    r"|cancell?ed)\b[^.;!?]{0,80}$",
    re.IGNORECASE,
)


# Words that put violence in a protest's grievance: "against the prior clash", "following an
# earlier assault", "justice for the killing".
# Words that say what kind of violence a protest is against ("terrorist attacks").
GRIEVANCE_KINDS = (
    r"terrorist|militant|recent|deadly|brutal|bomb|suicide|police|army|military|mob|communal"
    r"|sectarian|custodial|alleged|targeted|fatal|repeated|continued|ongoing|rising|frequent"
)
GRIEVANCE = re.compile(
    r"(?:\b(?:against|over|following|condemn(?:ing|ed)?|denounc(?:ing|ed)?|justice for"
    r"|in protest (?:of|at|against)|anniversary of|in (?:memory|remembrance) of"
    r"|protest(?:ed|ing)|demand(?:ed|ing))"
    r"(?: the| an?| their| his| her| this| that)?(?: immediate| swift| strict| prompt)?"
    # "in protest against terrorist attacks": a word or two may say what kind
    rf"(?:(?: (?:{GRIEVANCE_KINDS})){{1,2}} $|\W*$)"
    r"|\b(?:prior|earlier|previous|recent|last (?:week|month)'s)\W*$)",
    re.IGNORECASE,
)


# Words that name past violence a protest remembers or seeks justice for, read to the trigger
# within one clause (no comma, full stop, or "and then" between them).
REMEMBERED = re.compile(
    r"\b(?:justice for|accountability for|anniversary of|commemorat(?:e|ed|es|ing|ion of)"
    r"|in (?:memory|remembrance) of|(?:death|killing|murder|shooting)s? of)"
    r"(?:(?! (?:and|but|then|before|after|when|while|as) )[^.;,!?]){0,70}$",
    re.IGNORECASE,
)


# A protest movement that the event came after or amid, not a demonstration at the event:
# "amid the unrest following anti-government demonstrations".
BACKGROUND_PROTEST = re.compile(
    r"\b(?:following|after|amid(?:st)?|emerging from|in the wake of|supporting"
    r"|in continuation (?:to|of))(?: the| an?| their| its)?(?: [\w-]+){0,3}?"
    r" (?:protests|demonstrations|rallies|protest movement)\b",
    re.IGNORECASE,
)


def is_background_protest(trigger: Trigger, doc: Document) -> bool:
    """Protest words that name the movement an event followed, not a protest at it."""
    if trigger.sub_event_type != "Peaceful protest":
        return False
    start = max(0, trigger.span.start - 80)
    return any(
        start + found.start() <= trigger.span.start and trigger.span.end <= start + found.end()
        for found in BACKGROUND_PROTEST.finditer(doc.report.text[start : trigger.span.end + 20])
    )


# Violence or a protest named as what led up to the event: "following an armed clash with
# the TNLA, the military detained three villagers", "after exchanging fire with the PDF",
# "tortured in custody in connection with the protests days earlier".
EARLIER_CAUSE = re.compile(
    r"\b(?:following|after|in the (?:wake|aftermath) of|in (?:relation|connection|response)"
    r" (?:to|with)|in retaliation for|(?:for|after) (?:taking|having taken) part in"
    r"|(?:took|had taken) part in|participat(?:ed|ing|ion) in|accus(?:ed|ing) (?:\w+ ){0,2}of"
    r" (?:coordinating|organi[sz]ing|leading|inciting))"
    r"(?: (?:an?|the|their|its|his|her|being|been|having|heavy|fierce|armed|recent|earlier"
    r"|previous|prior|several|two|three|days of|hours of|mass|[\w-]+-(?:coup|government)))*\W*$"
    # "rescued 25 kidnapped students": the kidnapping came before the rescue
    r"|\b(?:rescued|freed|released|rescue of|release of)(?: [\w-]+){0,2} $",
    re.IGNORECASE,
)


# A harm told in the passive just before "following": "two were killed following a grenade
# attack" names the harm's cause, which is the event.
HARM_BEFORE_CAUSE = re.compile(
    r"\b(?:(?:was|were|been|being|is|are|got) (?:\w+ )?(?:killed|wounded|injured|hurt|damaged"
    r"|destroyed|hospitali[sz]ed)|died|(?:was|were|found|left) dead)\b[^.;]{0,25}$",
    re.IGNORECASE,
)


def drop_earlier_causes(triggers: list[Trigger], doc: Document) -> list[Trigger]:
    """Event words that name what came before the event, when other strong words of another
    type say what happened at it; alone, they are the event ("after clashes, two soldiers
    died"), and a type also named outside such words is the event's own ("a mine attack ...
    they exchanged fire following the mine attack")."""
    causes = [t for t in triggers if is_earlier_cause(t, doc)]
    rest = [t for t in triggers if t not in causes]
    if not any(t.strength >= 0.6 for t in rest):
        return triggers
    own_types = {t.sub_event_type for t in rest}
    return [t for t in triggers if t in rest or t.sub_event_type in own_types]


def is_earlier_cause(trigger: Trigger, doc: Document) -> bool:
    return named_as_earlier(doc.report.text, trigger.span.start)


def named_as_earlier(text: str, offset: int) -> bool:
    """Whether the words at ``offset`` follow "following", "in connection with" and the like,
    and no passive harm just before names them as its cause."""
    found = EARLIER_CAUSE.search(text, max(0, offset - 60), offset)
    return found is not None and not HARM_BEFORE_CAUSE.search(
        text, max(0, found.start() - 60), found.start()
    )


# "displaced by fighting", "fled their homes after militia attacks": violence named as the
# reason people fled. The event is their flight (Other), coded separately from the violence.
FLIGHT_CAUSE = re.compile(
    r"\b(?:displaced|fled|flee|fleeing|evacuated|evacuate)\b[^.;]{0,60}?"
    r"\b(?:by|due to|following|after|because of|in response to|amid|from)\b[^.;]{0,30}$",
    re.IGNORECASE,
)


# "a suspected rapist was beaten", "accusing him of molesting": sexual violence a mob or a
# protest is about, not violence at the event.
SEXUAL_ACCUSATION = re.compile(
    r"\b(?:(?:suspected|accus(?:ed|ing|ation)(?:\s+\w+)?|charged|charges|convicted|guilty)"
    r"\s+(?:of|with)|objecting\s+to(?:\s+the)?|(?:against|over|for)(?:\s+the)?(?:\s+alleged)?)"
    r"\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class BackgroundWords:
    """Words before a trigger that make it what the event is about, not what happened at it:
    ``pattern`` searched in the ``chars`` characters before the trigger, for the one
    sub-event type ``only`` or for every type but ``never``; ``in_protest`` words count only
    in an event that has a protest."""

    pattern: re.Pattern[str]
    chars: int
    only: str | None = None
    never: str | None = None
    in_protest: bool = False

    def applies(self, sub_event_type: str, protest: bool) -> bool:
        if self.in_protest and not protest:
            return False
        if self.only is not None:
            return sub_event_type == self.only
        return sub_event_type != self.never


BACKGROUND_WORDS = (
    # "a ban on marches, rallies and sit-ins": what was banned, not held
    BackgroundWords(FORBIDDEN, 80, only="Peaceful protest"),
    # "a rally against the prior clash between two groups": the protest's grievance
    BackgroundWords(GRIEVANCE, 40, never="Peaceful protest", in_protest=True),
    # "a vigil on the anniversary of the January 6th Capitol riot", "justice for a man killed
    # by a mob": the past violence a protest remembers
    BackgroundWords(REMEMBERED, 100, never="Peaceful protest", in_protest=True),
    # "displaced by fighting", "fled following attacks": what people fled from
    BackgroundWords(FLIGHT_CAUSE, 100, never="Other"),
    # "accused of molesting", "over the rape of": what a mob or a protest is about
    BackgroundWords(SEXUAL_ACCUSATION, 50, only="Sexual violence"),
)


def is_named_as_background(trigger: Trigger, doc: Document, *, protest: bool) -> bool:
    return any(
        words.applies(trigger.sub_event_type, protest)
        and text_before(trigger, doc, words.chars, words.pattern)
        for words in BACKGROUND_WORDS
    )


def killed_any(mentions: Sequence[Mention]) -> bool:
    return any(c.kind == "killed" and c.low > 0 for m in mentions for c in m.casualties)


def hurt_any(mentions: Sequence[Mention]) -> bool:
    return any(c.kind == "injured" and c.low > 0 for m in mentions for c in m.casualties)


def met_with_force(mentions: Sequence[Mention]) -> bool:
    """Protesters killed, shot at with live rounds, or anyone killed by the dispersal:
    ACLED's excessive force."""
    killed = any(
        c.kind == "killed" and c.low > 0 and c.group and CROWD_OF_PROTESTERS.search(c.group)
        for m in mentions
        for c in m.casualties
    )
    shot = killed_any(mentions) and any(SHOT_DEAD.search(m.span.text) for m in mentions)
    return (
        killed
        or shot
        or any(
            LETHAL_FORCE.search(m.span.text) or DEADLY_DISPERSAL.search(m.span.text)
            for m in mentions
        )
    )


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
    if weights["Disrupted weapons use"] >= max(1.0, used / 2):
        # The device was defused or intercepted, not used, however often the report names
        # it: "defused an IED made from two hand grenades".
        return "Disrupted weapons use"
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
    if weights["Air/drone strike"] >= 1.0 and weights[SHELLING] >= best:
        return "Air/drone strike"  # "an airstrike and mortar fire": ACLED codes the strike
    for sub_event_type in PRECEDENCE:
        if weights[sub_event_type] and weights[sub_event_type] >= best - 0.5:
            return sub_event_type
    heaviest = max(weights, key=lambda k: weights[k])
    if heaviest in {"Peaceful protest", "Protest with intervention"}:
        # Weak fight words beside a protest: the protest's own words decide
        # ("demonstrators fought with police", "threw stones at the police").
        return protest_type(weights)
    return heaviest


def refine_by_crowd(sub_event_type: str, text: str, *, armed_group_named: bool = False) -> str:
    """ACLED's line between riots and organised violence, read from the words.

    Violence by an unarmed crowd (villagers, settlers, party supporters, students) is a riot:
    a Violent demonstration when it happens in a demonstration, Mob violence otherwise. Arson
    or vandalism outside a demonstration by an armed group is Looting/property destruction;
    by a crowd (activists who ransack a house), Mob violence.
    ``armed_group_named``: the sentences name a rebel group or militia of the actor
    dictionary, whose "cadres" or "members" are its fighters, not a crowd.
    """
    if sub_event_type not in CROWD_REFINED or is_communal_battle(sub_event_type, text):
        return sub_event_type
    armed = armed_group_named or organised_violence(sub_event_type, text)
    crowd_doers = CROWD_WORDS.search(VICTIMS.sub(" ", text))
    demonstration = bool(DEMONSTRATION_WORDS.search(text))
    crowd = (
        bool(RIOT_WORDS.search(text))
        or (bool(crowd_doers) and not armed)
        # "members clashed with police during a protest march": no armed group is named
        or (sub_event_type == "Armed clash" and demonstration and not armed)
    )
    if sub_event_type == "Violent demonstration":
        if demonstration:
            return sub_event_type
        if crowd:
            return "Mob violence"
        # Riot words outside a demonstration: a crowd's violence, unless an armed group's.
        return "Looting/property destruction" if armed else "Mob violence"
    if not crowd:
        return sub_event_type
    # A crowd that ransacks a house outside a demonstration is a mob (party activists).
    return "Violent demonstration" if demonstration else "Mob violence"


def names_armed_group(doc: Document, mentions: Sequence[Mention]) -> bool:
    """Whether the event's sentences name a rebel group, a political militia, a gang or a
    people's militia ("violence between Kalenjins and Maasais"). State forces are left out:
    farmers who fight border guards are still a crowd."""
    return any(
        (
            (found.actor.kind in {"group", "gang"} and found.actor.inter in {2, 3})
            or (found.actor.kind == "per-country" and found.actor.inter == 4)
        )
        and any(m.span.start <= found.span.start < m.span.end for m in mentions)
        for found in doc.actors
    )


def organised_violence(sub_event_type: str, text: str) -> bool:
    """Words of an armed group at work. In a clash, which both sides fight, firearms alone and
    the police name no armed group: "supporters of two candidates clashed with guns" and
    "villagers clashed with police forces" are riots, as ACLED codes them."""
    if sub_event_type != "Armed clash":
        return bool(ARMED_WORDS.search(text))
    return bool(ARMED_GROUP_WORDS.search(POLICE_FORCES.sub(" ", text)))


def is_communal_battle(sub_event_type: str, text: str) -> bool:
    """Clans, tribes or herders and farmers that clash outside a demonstration or a mob."""
    return (
        sub_event_type == "Armed clash"
        and bool(COMMUNAL_FIGHTERS.search(text))
        and not RIOT_WORDS.search(text)
        and not DEMONSTRATION_WORDS.search(text)
    )


# Below this a riot word (an "angry crowd") does not make a protest violent.
STRONG_RIOT_WEIGHT = 0.8


def protest_type(weights: defaultdict[str, float]) -> str:
    protested = weights["Peaceful protest"] or weights["Protest with intervention"]
    for sub_event_type in PROTEST_FAMILY:
        weight = weights[sub_event_type]
        if weight >= STRONG_RIOT_WEIGHT or (weight and not protested):
            return sub_event_type
    if weights["Looting/property destruction"]:
        return "Violent demonstration"  # demonstrators who burn or wreck things
    if weights["Protest with intervention"] or weights["Arrests"]:
        return "Protest with intervention"
    return "Peaceful protest"


# ACLED's actor types that bear arms: state, rebel, political and identity militias, external.
ARMED_INTERS = frozenset({1, 2, 3, 4, 8})


def refine_by_actors(
    sub_event_type: str, actor1: Actor, actor2: Actor | None, text: str = ""
) -> str:
    """ACLED's rules that depend on who fought whom.

    A clash whose only named victims are civilians is an attack on them, unless the words
    say that two sides fought (``text``: the event's sentences): civilians caught in a
    shoot-out between gangs do not make the shoot-out an attack.
    """
    if sub_event_type == "Mob violence" and actor1.inter == 2:
        # a rebel group is no mob: "Al Shabaab executed farmers" is its attack
        sub_event_type = "Attack" if actor2 is None or actor2.inter == 7 else "Armed clash"
    if sub_event_type == "Attack" and actor2 is not None and actor2.inter not in {7}:
        return "Armed clash"
    if (
        sub_event_type == "Armed clash"
        and actor2 is not None
        and actor2.inter == 7
        and not TWO_SIDED.search(text)
    ):
        return "Attack"
    if sub_event_type == "Arrests" and actor1.inter not in {1, 8}:
        sub_event_type = "Abduction/forced disappearance"  # only the state arrests
    if (
        sub_event_type == "Abduction/forced disappearance"
        and actor1.inter != 1
        and actor2 is not None
        and actor2.inter in ARMED_INTERS
        and actor2.kind != "private-security"  # guards taken away are abducted
    ):
        return "Armed clash"  # fighters who seize soldiers or militiamen: no civilians harmed
    if sub_event_type == "Abduction/forced disappearance":
        return sub_event_type
    if sub_event_type in {"Government regains territory", "Non-state actor overtakes territory"}:
        return (
            "Government regains territory"
            if actor1.inter == 1
            else "Non-state actor overtakes territory"
        )
    return sub_event_type
