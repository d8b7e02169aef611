"""Counts of people killed, injured or missing, with the words that state them.

``find_casualties`` reads patterns such as "three militants were killed",
"killing 3 soldiers and 2 civilians", "the death toll rose to 14", "left 5 dead
and 12 wounded", "no one was hurt", and returns ``CasualtyCount`` ranges.
``best_fatalities`` turns the killed counts of one report into ACLED's single
conservative figure.

Conventions, each chosen to match how ACLED codes a vague or bounded figure
(it takes the most conservative estimate the source allows):

* "at least 5" -> 5..open; "more than 20" / "over 20" -> 21..open.
* "up to 12" / "as many as 12" / "fewer than 12" -> 1..12 (1..11): the source
  only bounds the toll from above, and it would not be reported if it were 0.
* "nearly 30" / "almost 30" -> 27..29: below the figure, within a tenth of it.
* "about 30" / "some 30" / "an estimated 30" -> 30..30: ACLED reports the
  source's figure.
* "between 10 and 15", "10-15", "10 to 15", "10 or 11" -> 10..15.
* Vague words take ACLED's codes: "tens" 10, "dozens" 12, "scores" 20,
  "hundreds" 100, "thousands" 1000, each open-ended; "several", "a few",
  "a handful", "a number of", "multiple" 3 (ACLED's code for an unknown
  plural); "many", "numerous" 10.
* "X casualties" is read as injured: it does not say that anyone died, and
  fatalities must not be inflated.
* "abducted" and "kidnapped" are not "missing"; ACLED codes them as events.
* "no one was hurt", "no casualties" -> killed 0 and injured 0; "no deaths"
  -> killed 0 only. "no immediate reports of casualties" is not a zero.

Each pattern is linear: every repetition is bounded and no quantifier is
nested over characters another one can take, so long repetitive input stays
fast.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from incidex.numbers import TENS, UNITS
from incidex.records import CasualtyCount, CasualtyKind, Document, Span

# Sentences that report a death without saying how; they form mentions too.
DEATH_WORDS = re.compile(
    r"\b(?:killed|die[sd]?|dead|lost (?:his|her|their) li(?:fe|ves)|slain|eliminated|bodies)\b",
    re.IGNORECASE,
)

__all__ = ["FatalitiesStage", "best_fatalities", "find_casualties"]

# ACLED's codes for vague figures (see the module docstring); all are open-ended.
_VAGUE = {
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "several": 3,
    "a few": 3,
    "a handful": 3,
    "a number": 3,
    "multiple": 3,
    "an unspecified number": 3,
    "an unknown number": 3,
    "an undisclosed number": 3,
    "many": 10,
    "numerous": 10,
}
# Words that make a count a single person only with a noun after them.
_ARTICLES = frozenset({"a", "an", "another"})
# A bare number followed by one of these counts things, time or money, not people.
_NOT_PEOPLE = frozenset(
    [
        "year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day", "days", "hour",
        "hours", "minute", "minutes", "am", "pm", "a.m", "p.m", "o'clock", "km", "kilometres",
        "kilometers", "mile", "miles", "metres", "meters", "m", "ft", "feet", "percent", "per",
        "cent", "%", "rockets", "rocket", "missiles", "missile", "shells", "shell", "mortars",
        "drones", "drone", "vehicles", "vehicle", "cars", "car", "trucks", "houses", "homes",
        "buildings", "shops", "tanks", "tank", "rounds", "bombs", "times", "tons", "tonnes", "kg",
        "dollars", "million", "billion", "cattle", "cows", "goats", "sheep", "camels", "animals",
        "livestock",
    ]
)  # fmt: skip
# Singular and plural nouns for people, each mapped to the plural used as ``group``.
_PEOPLE = {
    "person": "people",
    "people": "people",
    "persons": "people",
    "individual": "people",
    "individuals": "people",
    "other": "others",
    "others": "others",
    "policeman": "policemen",
    "policemen": "policemen",
    "policewoman": "policewomen",
    "policewomen": "policewomen",
    "police": "police",
    "man": "men",
    "men": "men",
    "woman": "women",
    "women": "women",
    "child": "children",
    "children": "children",
    "gunman": "gunmen",
    "gunmen": "gunmen",
    "spokesman": "spokesmen",
    "spokesmen": "spokesmen",
    "witch": "witches",
    "witches": "witches",
    "militiaman": "militiamen",
    "militiamen": "militiamen",
    "serviceman": "servicemen",
    "servicemen": "servicemen",
    "tribesman": "tribesmen",
    "tribesmen": "tribesmen",
    "herdsman": "herdsmen",
    "herdsmen": "herdsmen",
    "fisherman": "fishermen",
    "fishermen": "fishermen",
    "personnel": "personnel",
    "youth": "youths",
    "baby": "babies",
    "babies": "babies",
    "paramilitary": "paramilitaries",
    "paramilitaries": "paramilitaries",
    "wife": "wives",
    "wives": "wives",
    "thief": "thieves",
    "thieves": "thieves",
    "businessman": "businessmen",
    "businessmen": "businessmen",
    "chairman": "chairmen",
    "chairmen": "chairmen",
    "mercenary": "mercenaries",
    "mercenaries": "mercenaries",
    "missionary": "missionaries",
    "missionaries": "missionaries",
    "secretary": "secretaries",
    "secretaries": "secretaries",
    "deputy": "deputies",
    "deputies": "deputies",
    "watchman": "watchmen",
    "watchmen": "watchmen",
    "businesswoman": "businesswomen",
    "businesswomen": "businesswomen",
    "cameraman": "cameramen",
    "cameramen": "cameramen",
    "police officer": "police officers",
    "police officers": "police officers",
    "family member": "family members",
    "family members": "family members",
    "Taliban": "Taliban",
    "locals": "locals",
}
# Nouns whose plural adds an "s".
_REGULAR_PEOPLE = (
    "civilian", "soldier", "troop", "militant", "fighter", "officer", "boy", "girl",
    "student", "protester", "protestor", "demonstrator", "member", "rebel", "insurgent",
    "terrorist", "attacker", "assailant", "guard", "worker", "farmer", "herder",
    "worshipper", "pilgrim", "passenger", "refugee", "resident", "villager", "migrant",
    "journalist", "reporter", "bystander", "peacekeeper", "jihadist", "extremist",
    "suspect", "bandit", "combatant", "marine", "trooper", "commander", "official",
    "employee", "teacher", "relative", "infant", "teenager", "adult", "doctor", "nurse",
    "patient", "prisoner", "inmate", "detainee", "hostage", "miner", "driver", "trader",
    "shopkeeper", "pedestrian", "elder", "cleric", "recruit", "cadet", "jawan", "constable",
    "gendarme", "ranger", "volunteer", "activist", "supporter", "policeman", "sympathizer",
    "sympathiser", "colleague", "bodyguard", "guardsman", "rioter", "looter", "victim",
    "thief", "robber", "smuggler", "poacher", "trafficker", "criminal", "kidnapper",
    "abductor", "gangster", "cultist", "vigilante", "hunter", "pastoralist", "leader",
    "chief", "headman", "politician", "candidate", "councillor", "lawmaker", "minister",
    "governor", "mayor", "judge", "lawyer", "priest", "imam", "pastor", "monk", "nun",
    "tourist", "foreigner", "national", "vendor", "merchant", "owner", "landowner", "son",
    "daughter", "brother", "sister", "father", "mother", "husband", "cousin", "nephew",
    "niece", "uncle", "aunt", "neighbour", "neighbor", "friend", "devotee", "agent",
    "informant", "spy", "deserter", "defector", "veteran", "sergeant", "captain",
    "lieutenant", "colonel", "general", "corporal", "conscript", "reservist", "contractor",
    "settler", "islamist", "separatist", "guerrilla", "partisan", "operative", "pilot",
    "cadre", "scholar", "ruler", "engineer", "sheikh", "director", "professor", "rector",
    "pharmacist", "shepherd", "councilor", "principal", "commando", "recruiter", "tribal",
    "raider", "rustler", "herdsman", "traveller", "traveler", "commuter", "pupil",
    "labourer", "laborer", "fisherman", "warrior", "moran", "bomber", "assassin", "sniper",
    "pirate", "hijacker", "arsonist", "aspirant", "delegate", "voter", "preacher", "clerk",
    "motorist", "lecturer", "warder", "warden", "environmentalist", "conservationist",
    "butcher", "tailor", "carpenter", "mechanic", "conductor", "rider", "operator", "cook",
    "barber", "photographer", "photojournalist", "correspondent", "blogger", "hawker",
    "builder", "mason", "technician", "surveyor", "accountant", "cashier", "banker",
    "manager", "administrator", "inspector", "magistrate", "prosecutor", "diplomat",
    "legislator", "senator", "headteacher", "headmaster", "grandson", "granddaughter",
    "grandfather", "grandmother", "toddler", "newborn", "chieftain",
)  # fmt: skip
_PEOPLE.update({word: word + "s" for word in _REGULAR_PEOPLE if word not in _PEOPLE})
_PEOPLE.update({word + "s": word + "s" for word in _REGULAR_PEOPLE if word + "s" not in _PEOPLE})

# Not "25-year-old" or the "twenty" of "twenty-one", but "10-15" is a range.
_BOUNDARY = r"(?!\w|-[A-Za-z])"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+"
_UNIT_WORDS = "|".join(sorted(UNITS, key=len, reverse=True))
_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(TENS)})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?"
    rf"|{_UNIT_WORDS})(?:\s+(?:hundred|thousand)\b)?"
)
_VAGUE_NUMBER = (
    r"(?:tens|hundreds)\s+of\s+thousands|half\s+a\s+dozen|(?:a|two|three|four|five|\d{1,2})\s+dozen"
    r"|a\s+(?:hundred|thousand)|dozens|scores|tens|hundreds|thousands|several|a\s+few"
    r"|a\s+handful|a\s+number|an\s+(?:unspecified|unknown|undisclosed)\s+number|multiple|many"
    r"|numerous"
)
_NUMBER = rf"(?:{_DIGITS}|{_VAGUE_NUMBER}|{_WORD_NUMBER}|an?|another|both){_BOUNDARY}"
_MODIFIER = (
    r"at\s+least|at\s+most|no\s+(?:fewer|less)\s+than|(?:well\s+|just\s+)?(?:more\s+than|over)"
    r"|upwards\s+of|up\s+to|as\s+many\s+as|nearly|almost|close\s+to|just\s+under"
    r"|about|around|roughly|approximately|some|an\s+estimated|fewer\s+than|less\s+than|under"
)
_QUANTITY = (
    rf"(?:between\s+(?P<low>{_NUMBER})\s+and\s+(?P<high>{_NUMBER})"
    rf"|(?:(?P<modifier>{_MODIFIER})\s+)?(?P<number>{_NUMBER})"
    rf"(?:\s*(?:-|\u2013|\u2014|to|or)\s*(?P<upper>{_NUMBER}))?)"
)
_GROUP_NAMES = {word.lower(): group for word, group in _PEOPLE.items()}
# "youth" and "police" are also used as plurals ("ten youth were hurt").
_SINGULAR_HEADS = frozenset(
    word
    for word, group in _GROUP_NAMES.items()
    if word != group and not word.endswith("s") and word not in _GROUP_NAMES.values()
) - {"youth", "police", "personnel"}


def _trie_pattern(words: list[str]) -> str:
    """One alternation shared by common prefixes, so matching costs one step per letter."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}
    return _trie_branch(trie)


def _trie_branch(node: dict[str, dict]) -> str:
    branches = [
        (r"\s+" if letter == " " else re.escape(letter)) + _trie_branch(child)
        for letter, child in sorted(node.items())
        if letter
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


_HEADS = _trie_pattern(list(_GROUP_NAMES))
# Up to three words before the noun: "Afghan National Army soldiers", "25-year-old man".
_NOUN_MODIFIER = (
    r"(?!(?:and|or|were|was|are|is|of|the|have|has|had|been|in|on|at|by|who|which)\b)"
    r"(?:[A-Za-z][\w'\u2019]*(?:-[\w'\u2019]+)*|\d+-year-old)\s+"
)
# "Palestinians", "an Iraqi", "Maoists", "VDP": capitalised names of people, case-sensitive.
_DEMONYM = r"(?-i:[A-Z][a-z]+(?:s|an|i|ese)|[A-Z]{2,6}s?)"
_GROUP = rf"(?P<group>(?:{_NOUN_MODIFIER}){{0,3}}(?P<head>{_HEADS}|{_DEMONYM}))\b"
# "three of the soldiers"; ``\b`` so that "an official" is not "an of" + "ficial".
_OF_THE = r"(?:\s+of\b(?:\s+(?:the|them|those|these|whom|his|her|their|its))?)?"
# "cadres of the United Tribal Liberation Army (UTLA)", "members of the banned PBCP": the
# group's organisation.
# "members of an armed group", "members of the Mungiki sect": a group named by its kind.
_ORGANISATION = (
    r"(?:[a-z-]+\s+){0,2}?(?:group|groups|militia|militias|gang|gangs|sect|faction|factions"
    r"|movement|cell|cells|network|outfit|organi[sz]ation|clan|tribe|community|party|forces)\b"
)
_AFFILIATION = (
    r"(?:\s+(?:of|from)\s+(?:(?:the|an?|one|his|her|their)\s+)?"
    # "members of the same family": kin, no organisation
    r"(?:(?:same\s+)?(?:family|families|household)\b"
    r"|(?:(?:banned|outlawed|proscribed|underground|local)\s+)?"
    r"(?:(?-i:[A-Z][\w'\u2019-]*)"
    rf"(?:\s+(?-i:[A-Z][\w'\u2019-]*|\([A-Z][\w'\u2019-]*\))){{0,6}}(?:\s+{_ORGANISATION})?"
    rf"|(?P<organisation>{_ORGANISATION}))))?"
)
_COUNTED = rf"{_QUANTITY}{_OF_THE}(?:\s+{_GROUP}{_AFFILIATION})?"
# Words between a subject and its verb: ", a local leader,", "including two children".
# Where they were may stand there too: "seven civilians in different districts were killed",
# "seven fishermen operating on the lake have been killed".
_ASIDE = (
    r",\s+[^,.;()]{1,80},|\s*,?\s+(?:including|among\s+(?:them|whom))\s+[^,.;()]{1,60}?,?"
    r"|\s+\([^()]{1,60}\)"
    r"|\s+(?:[a-z]+ing\s+)?(?:in|at|on|near|inside|across)\s+(?:(?!and\b)[^,.;()]){1,50}?"
    r"(?!\s+\w+\s+and\b)"
)

_AUXILIARY = (
    r"were|was|are|is|have|has|had|been|being|be|got|reportedly|allegedly|also|all|later"
    r"|subsequently|confirmed|reported|believed|feared|said|to|found|left|lay|now|already"
    r"|initially|eventually|critically|seriously|severely|slightly|badly|gravely|instantly"
    r"|immediately|remain|remained|remains|still|either|both|apparently|likely|probably"
    r"|suspected|thought|presumed|understood|known|brutally|mercilessly|savagely"
)
_KILLED = (
    r"killed|dead|died|dies|die(?!-)|slain|murdered|executed|massacred|slaughtered|perished|beheaded"
    r"|lynched|assassinated|shot\s+dead|shot\s+and\s+killed|gunned\s+down"
    r"|fatally\s+(?:shot|wounded|injured|stabbed)|mortally\s+wounded"
    r"|(?:[a-z]+\s+and\s+)?(?:burned|burnt|stabbed|hacked|beaten|shot|bludgeoned|stoned|crushed"
    r"|tortured|clubbed"
    r"|chopped|strangled)\s+to\s+death|lost\s+(?:their|his|her)\s+li(?:ves|fe)|fatalit(?:y|ies)"
    r"|deaths?(?!\s+(?:threats?|sentences?|penalty|squads?|toll|row|warrants?|certificates?))"
    r"|succumbed(?:\s+to\s+(?:his|her|their)\s+(?:\w+\s+)?(?:injuries|wounds))?"
)
_INJURED = (
    r"wounded|injured|hurt|injur(?:y|ies)|casualties|(?:sustained|suffered)\s+(?:\w+\s+)?injuries"
)
_MISSING = r"missing|unaccounted\s+for|went\s+missing"
# "were arrested and killed", "kidnapped and shot dead".
_CASUALTY = rf"(?:(?:[a-z]+\s+and\s+)?(?P<killed>{_KILLED})|(?P<injured>{_INJURED})|(?P<missing>{_MISSING}))\b"
# Verbs that also take an object: "5 soldiers killed 3 militants" is not 5 killed.
_TRANSITIVE = re.compile(
    r"(?:killed|wounded|injured|hurt|murdered|executed|massacred|slaughtered|beheaded|lynched"
    r"|assassinated|shot\s+dead|gunned\s+down|shot\s+and\s+killed)$",
    re.IGNORECASE,
)
_PASSIVE_MARKER = re.compile(r"\b(?:were|was|are|is|been|being|be|got|get)\b", re.IGNORECASE)
_OBJECT_AFTER = re.compile(
    rf"\s+(?:at\s+least\s+)?(?:{_DIGITS}|{_WORD_NUMBER}|an?\s|another\s|the\s|him\b|her\b|them\b)",
    re.IGNORECASE,
)

# "kill" is a headline's present ("police kill two robbers"), not an aim ("tried to kill").
_ACTIVE_KILLED = (
    r"killing|killed|kills|(?<!to\s)kill|lynching|lynched|lynches|(?<!to\s)lynch|murdering"
    r"|murdered|murders|executing"
    r"|executed|executes|(?<!to\s)execute|massacring|massacred|massacres"
    r"|slaughtering|slaughtered|slaying|slew|(?:claimed|claiming|claim)\s+the\s+lives\s+of"
    r"|beheading|beheaded|beheads|decapitating|decapitated"
    r"|shot\s+dead|gunning\s+down|gunned\s+down|assassinating|assassinated"
    r"|(?:tortured|beat|beaten|hacked|stabbed|stoned|burnt|burned)\s+to\s+death"
)
_ACTIVE_INJURED = r"wounding|wounded|injuring|injured|injures"
_ACTIVE_WORDS = frozenset(
    word for word in (_ACTIVE_KILLED + "|" + _ACTIVE_INJURED).split("|") if word.isalpha()
)
_SEPARATOR = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)"


@functools.cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _plain(pattern: str) -> str:
    """The pattern with its named groups made anonymous, so it can be repeated."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_COUNTED_PATTERN = _COUNTED
_SUBJECT_PATTERN = (
    rf"\b(?P<subject>{_plain(_COUNTED)}(?:{_SEPARATOR}{_plain(_COUNTED)}){{0,4}})"
    rf"(?P<aside>{_ASIDE})?"
    rf"(?P<auxiliaries>(?:\s+(?:{_AUXILIARY})\b){{0,5}})\s+{_CASUALTY}"
)
_OBJECT_PATTERN = (
    rf"\b(?:(?P<killing>{_ACTIVE_KILLED})|(?P<injuring>{_ACTIVE_INJURED}))\s+"
    # "killing all four passengers": "all" adds nothing to the count
    rf"(?:(?P<pronoun>him|her)\b|(?:all\s+)?{_COUNTED})"
)
_SEPARATOR_PATTERN = _SEPARATOR
_PARTITIVE_PATTERN = r"\bof\s+(?:whom|them|those|these)\b"
_CONTINUATION_PATTERN = rf"{_SEPARATOR}(?P<item>{_COUNTED})"
_NEW_CLAUSE_PATTERN = rf"(?:\s+(?:{_AUXILIARY})\b){{0,5}}\s+(?:{_CASUALTY}|{_AUXILIARY})\b"
_TOLL_PATTERN = (
    r"\b(?:(?:death|casualty|fatality)\s+)?toll\b[^.;!?]{0,60}?"
    rf"\b(?:to|at|of|reached|hit|is|was|past|passed|surpassed|exceeded)\s+{_QUANTITY}"
)
_BODIES_OF_PATTERN = rf"\b(?:bodies|body|corpses?|remains)\s+of\s+{_COUNTED}"
_BODIES_PATTERN = (
    rf"\b{_QUANTITY}(?:\s+{_GROUP}['\u2019]s?)?\s+(?:more\s+)?(?:bodies|body|corpses?)\b"
)
_NOMINAL_PATTERN = (
    r"\b(?:(?P<killed>deaths?|killings?|murders?|massacre)|(?P<injured>injury|injuries|wounding))"
    rf"\s+(?:of|to)\s+{_COUNTED}"
)
_SINGULAR_PATTERN = (
    rf"(?:\b(?:the|his|her|their)\s+{_GROUP}|(?P<name>\b(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,3}})))"
    rf"(?P<aside>{_ASIDE})?(?P<auxiliaries>(?:\s+(?:{_AUXILIARY})\b){{0,5}})\s+{_CASUALTY}"
)
# "A Christian preacher is gunned down": one person of any noun, with "a" and a singular verb.
_SOMEONE_PATTERN = (
    rf"\b(?:a|an)\s+(?:[\w'\u2019-]+\s+){{0,3}}?[a-z][\w-]*"
    rf"(?P<auxiliaries>(?:\s+(?:{_AUXILIARY})\b){{0,5}})"
    # "a priest was kidnapped, murdered and buried": the killing among other verbs
    rf"(?:\s+[a-z]+ed(?:,|\s+and)){{0,2}}\s+(?P<killed>{_KILLED})\b"
)
_ONE_PERSON_AUXILIARY = re.compile(r"\b(?:was|is|has)\b", re.IGNORECASE)
# "Mob kills suspected robber": a headline drops the article before one victim.
_BARE_OBJECT_PATTERN = (
    rf"\b(?:{_ACTIVE_KILLED})\s+(?P<group>(?:{_NOUN_MODIFIER}){{0,2}}"
    rf"(?P<head>{_trie_pattern(sorted(_SINGULAR_HEADS))}))\b"
    r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:in|at|near|on|and|after|during|while|as|for|with|from|over"
    r"|outside|inside|by|suspected|accused|believed|involved|who|whom|of)\b"
    # "kills village chief Ali Omar": the victim's name after the noun
    r"|\s+(?-i:[A-Z][a-z]))"
)
# "Teenage boy killed by raiders": a headline that opens on one victim without an article.
_HEADLINE_VICTIM_PATTERN = (
    rf"(?:^|(?<=[.;!?] )|(?<=\n))(?P<group>(?:{_NOUN_MODIFIER}){{0,2}}"
    rf"(?P<head>{_trie_pattern(sorted(_SINGULAR_HEADS))}))\s+(?P<killed>{_KILLED})\b"
    r"(?=\s*(?:[.,;:!?]|$)|\s+(?:by|in|at|near|on|during|while|after|as|outside|inside|when"
    r"|following|of|from)\b)"
)
# Capitalised words that start a sentence but do not name one person.
_NOT_NAMES = frozenset(
    [
        "it",
        "this",
        "that",
        "these",
        "those",
        "there",
        "nobody",
        "no",
        "none",
        "everyone",
        "everybody",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "nothing",
        "he",
        "she",
        "they",
        "we",
        "who",
        "which",
        "what",
        "police",
        "troops",
        "security",
        "forces",
        "another",
        "many",
        "several",
        "some",
        "all",
        "both",
        "each",
    ]
)
# Last words of a capitalised name that make it an organisation, not one person.
_ORGANISATION_WORDS = frozenset(
    """party front army council league movement union group forces force battalion brigade
    police ministry government committee alliance organisation organization""".split()  # noqa: SIM905
)
_SINGULAR_AUXILIARY = re.compile(r"\b(?:was|is|has)\b", re.IGNORECASE)
_PLURAL_AUXILIARY = re.compile(r"\b(?:were|are|have)\b", re.IGNORECASE)
_INTRANSITIVE = re.compile(r"^(?:died|dies|die|perished|succumbed|dead)", re.IGNORECASE)
_DEAD_NOUN_PATTERN = (
    rf"\b{_QUANTITY}\s+(?:(?P<killed>dead|slain|killed)|(?P<injured>wounded|injured))\s+{_GROUP}"
)
_PRONOUN_PATTERN = rf"\b(?:he|she)(?P<auxiliaries>(?:\s+(?:{_AUXILIARY})\b){{0,5}})\s+{_CASUALTY}"
_ZERO_PATTERN = (
    r"\b(?:no\s+one|no-one|nobody|none(?:\s+of\s+(?:the|them)(?:\s+\w+)?)?|no\s+(?:\w+\s+)?"
    rf"(?:{_HEADS}))(?:\s+(?:{_AUXILIARY})\b){{0,5}}\s+{_CASUALTY}"
    r"|\bno\s+(?:(?:immediate|reported|known|other|further|human|civilian)\s+)?"
    r"(?:(?P<zero_killed>deaths|fatalities|loss\s+of\s+life)|(?P<zero_all>casualties|injuries))\b"
)


@dataclass(frozen=True, slots=True)
class _Found:
    """One pattern match: its extent, for overlap resolution, and the counts it states."""

    start: int
    end: int
    counts: tuple[CasualtyCount, ...]


def _number_value(word: str) -> int | None:
    """The value of a written number: digits, words up to ninety-nine, "two hundred"."""
    word = " ".join(word.lower().replace("-", " ").split())
    if word == "both":
        return 2  # "killing both", "both soldiers died"
    if word.replace(",", "").isdigit():
        return int(word.replace(",", ""))
    multiplier = 1
    for scale, factor in ((" hundred", 100), (" thousand", 1000)):
        if word.endswith(scale):
            word, multiplier = word.removesuffix(scale), factor
    parts = word.split()
    if not parts or (parts[0] not in TENS and parts[0] not in UNITS):
        return None
    value = TENS.get(parts[0]) or UNITS.get(parts[0], 0)
    if len(parts) == 2:
        value += UNITS.get(parts[1], 0)
    return value * multiplier


def _vague_value(word: str) -> tuple[int, int | None] | None:
    """ACLED's code for a vague figure, as a range; exact for "a dozen", "a hundred"."""
    word = " ".join(word.lower().split())
    if word.endswith("of thousands"):
        base = 10 if word.startswith("tens") else 100
        return base * 1000, None
    if word in {"a hundred", "a thousand"}:
        value = 100 if word == "a hundred" else 1000
        return value, value
    if word.endswith("dozen"):
        count = word.removesuffix("dozen").strip()
        value = 6 if count == "half a" else 12 * (1 if count == "a" else _number_value(count) or 1)
        return value, value
    if word in _VAGUE:
        return _VAGUE[word], None
    return None


def _range_of(word: str) -> tuple[int, int | None] | None:
    word = word.lower()
    if word in _ARTICLES:
        return 1, 1
    vague = _vague_value(word)
    if vague is not None:
        return vague
    value = _number_value(word)
    return None if value is None else (value, value)


def _bounded(modifier: str | None, low: int, high: int | None) -> tuple[int, int | None]:
    """Apply "at least", "up to", "nearly"... to an exact or vague figure (module docstring)."""
    modifier = " ".join((modifier or "").lower().split())
    if modifier in {"at least", "no fewer than", "no less than", "upwards of"}:
        return low, None
    if modifier.endswith(("more than", "over")):
        return low + 1, None
    if modifier in {"up to", "as many as", "at most"}:
        return min(1, low), low
    if modifier in {"fewer than", "less than", "under", "just under"}:
        below = max(low - 1, 0)
        return min(1, below), below
    if modifier in {"nearly", "almost", "close to"} and low > 1:
        return low - max(1, low // 10), low - 1
    return low, high


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group's text, or ``None`` when the group did not take part or does not exist."""
    return match.groupdict().get(name)


def _quantity(match: re.Match[str]) -> tuple[int, int | None] | None:
    """The range a ``_QUANTITY`` match states, or ``None`` when it is not a count."""
    low_word, high_word = _group(match, "low"), _group(match, "high")
    if low_word and high_word:
        low, high = _range_of(low_word), _range_of(high_word)
        if low is None or high is None:
            return None
        return min(low[0], high[0]), max(low[0], high[0])
    found = _range_of(_group(match, "number") or "")
    if found is None:
        return None
    upper_word = _group(match, "upper")
    if upper_word:
        upper = _range_of(upper_word)
        if upper is None:
            return None
        return min(found[0], upper[0]), max(found[0], upper[0])
    return _bounded(_group(match, "modifier"), *found)


def _group_of(match: re.Match[str]) -> str | None:
    head = _group(match, "head")
    if head is None:
        return None
    organisation = _group(match, "organisation")
    if organisation:  # "members of an armed group": the group says which side they were on
        return f"{head.lower()} of {' '.join(organisation.lower().split())}"
    # "two police officers": the modifiers may have taken the first word of a two-word noun.
    words = (_group(match, "group") or head).split()
    for size in (2, 1):
        name = _GROUP_NAMES.get(" ".join(words[-size:]).lower())
        if name is not None:
            return name
    return " ".join(head.split())


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W{0,3}$")
# "how many were killed", "so many", "as many": questions and comparisons, not counts.
_NOT_BEFORE_VAGUE = frozenset({"how", "so", "too", "as", "not"})
# The word a bare number counts, past "of their" ("a dozen of their livestock").
_FOLLOWING_WORD = re.compile(r"\s*(?:of\s+(?:the|their|his|her|its)\s+)?([A-Za-z%.']+)")


def _word_before(text: str, start: int) -> str:
    found = _WORD_BEFORE.search(text, max(0, start - 24), start)
    return found.group(1).lower() if found else ""


def _is_singular_with_plural(head: str, number: str) -> bool:
    """ "2018 worker death": a singular noun after a number above one is not a count."""
    if head.lower() not in _SINGULAR_HEADS or number in _ARTICLES:
        return False
    value = _number_value(number)
    return value is not None and value > 1


def _is_people_count(text: str, match: re.Match[str]) -> bool:
    """False for years, units, "how many" and "a"/"another" without a noun after them."""
    name = "number" if _group(match, "number") else "high"
    number = (_group(match, name) or "").lower()
    if _word_before(text, match.start(name)) in {"aged", "age", "ages"}:
        return False  # "a boy aged 12": an age, not a count
    if number in _VAGUE and _word_before(text, match.start(name)) in _NOT_BEFORE_VAGUE:
        return False
    head = _group(match, "head")
    if head is not None:
        return head.lower() not in _NOT_PEOPLE and not _is_singular_with_plural(head, number)
    if number in _ARTICLES or re.fullmatch(r"(?:19|20)\d\d", number):
        return False
    end = match.end("upper") if _group(match, "upper") else match.end(name)
    following = _FOLLOWING_WORD.match(text, end, end + 30)
    return not (following and following.group(1).lower().rstrip(".") in _NOT_PEOPLE)


def _count(
    text: str, match: re.Match[str], kind: CasualtyKind, start: int, end: int
) -> CasualtyCount | None:
    if not _is_people_count(text, match):
        return None
    found = _quantity(match)
    if found is None:
        return None
    low, high = found
    return CasualtyCount(
        span=Span(start, end, text[start:end]),
        kind=kind,
        low=low,
        high=high,
        group=_group_of(match),
    )


def _kind_of(match: re.Match[str]) -> CasualtyKind:
    if _group(match, "killed"):
        return "killed"
    if _group(match, "injured"):
        return "injured"
    return "missing"


def _is_active_verb(text: str, match: re.Match[str], word_group: str) -> bool:
    """A transitive verb with an object after it and no passive auxiliary is active voice.

    "5 soldiers killed 3 militants" and "a mob had injured nine policemen" are
    active; "3 soldiers were killed" and "have been wounded" are passive.
    """
    if _PASSIVE_MARKER.search(match["auxiliaries"]) or not _TRANSITIVE.search(match[word_group]):
        return False
    return _OBJECT_AFTER.match(text, match.end()) is not None


# "killed or wounded", "killed, injured or captured": a count of mixed fates.
_EITHER_AFTER = re.compile(
    r"(?:, ?[a-z]+){0,3},? or (?:injured|wounded|hurt|captured|arrested|abducted|missing)\b",
    re.IGNORECASE,
)


def _subject_counts(text: str) -> Iterator[_Found]:
    """ "three militants were killed", "3 soldiers and 2 civilians died", "5 dead"."""
    for match in _compile(_SUBJECT_PATTERN).finditer(text):
        kind = _kind_of(match)
        if _is_active_verb(text, match, kind):
            continue
        items = list(_split_list(text, match.start("subject"), match.end("subject")))
        if len(items) > 1 and _word_before(text, match.start()) in _ACTIVE_WORDS:
            items = items[1:]  # "killed 3 soldiers, 2 civilians were hurt": 3 is an object.
        partitives = [
            i for i, item in enumerate(items) if _compile(_PARTITIVE_PATTERN).search(item[0])
        ]
        if partitives:
            items = items[partitives[-1] :]  # "2 students, 1 of whom died": only the 1.
        counts = []
        for index, item in enumerate(items):
            end = match.end() if index == len(items) - 1 else item.end()
            count = _count(text, item, kind, item.start(), end)
            if count is not None:
                counts.append(count)
        if kind == "killed" and _EITHER_AFTER.match(text, match.end()):
            # "5 militants were killed or wounded": somewhere between none and all died
            counts = [
                replace(c, low=0, high=c.high if c.high is not None else c.low) for c in counts
            ]
        if counts:
            yield _Found(match.start(), match.end(), tuple(counts))


def _split_list(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The counted items of a list such as "3 soldiers, 2 police officers and a child"."""
    position = start
    while position < end:
        item = _compile(_COUNTED_PATTERN).match(text, position, end)
        if item is None or item.end() == position:
            return
        yield item
        separator = _compile(_SEPARATOR_PATTERN).match(text, item.end(), end)
        if separator is None:
            return
        position = separator.end()


def _object_counts(text: str) -> Iterator[_Found]:
    """ "killing three militants", "killed 3 soldiers and 2 civilians", "wounding 12"."""
    for match in _compile(_OBJECT_PATTERN).finditer(text):
        kind: CasualtyKind = "killed" if match["killing"] else "injured"
        if match["pronoun"]:
            span = Span(match.start(), match.end(), match[0])
            first: CasualtyCount | None = CasualtyCount(span, kind, 1, 1, "people")
        else:
            first = _count(text, match, kind, match.start(), match.end())
        if first is None:
            continue
        # "killing him and two of his relatives": the people after the first are counted too.
        counts, end = [first], match.end()
        for follower in _continuations(text, end):
            count = _count(text, follower, kind, follower.start("item"), follower.end())
            if count is None:
                break
            counts.append(count)
            end = follower.end()
        yield _Found(match.start(), end, tuple(counts))


def _continuations(text: str, position: int) -> Iterator[re.Match[str]]:
    """Further objects of the same verb: "..., 2 civilians and a child" (a noun is required)."""
    for _ in range(8):
        follower = _compile(_CONTINUATION_PATTERN).match(text, position)
        if follower is None or follower["head"] is None:
            return
        if _compile(_NEW_CLAUSE_PATTERN).match(text, follower.end()):
            return  # "killed 3 soldiers, 2 civilians were wounded": a new subject.
        yield follower
        position = follower.end()


def _single_counts(
    text: str, pattern: re.Pattern[str], kind: CasualtyKind | None = None
) -> Iterator[_Found]:
    """Patterns with one count each: tolls, bodies, "three dead fighters"."""
    for match in pattern.finditer(text):
        count_kind = kind or _kind_of(match)
        count = _count(text, match, count_kind, match.start(), match.end())
        if count is not None:
            yield _Found(match.start(), match.end(), (count,))


def _pronoun_counts(text: str) -> Iterator[_Found]:
    """ "he was killed", "she died": one person."""
    for match in _compile(_PRONOUN_PATTERN).finditer(text):
        kind = _kind_of(match)
        if _is_active_verb(text, match, kind):
            continue
        span = Span(match.start(), match.end(), match[0])
        yield _Found(match.start(), match.end(), (CasualtyCount(span, kind, 1, 1),))


def _singular_counts(text: str) -> Iterator[_Found]:
    """ "the driver was killed", "Abu Qasim, a local leader, was shot dead": one person."""
    for match in _compile(_SINGULAR_PATTERN).finditer(text):
        kind = _kind_of(match)
        if not _is_one_person(match) or _is_active_verb(text, match, kind):
            continue
        span = Span(match.start(), match.end(), match[0])
        count = CasualtyCount(span, kind, 1, 1, _group_of(match))
        yield _Found(match.start(), match.end(), (count,))


def _someone_counts(text: str) -> Iterator[_Found]:
    """ "a local chief was shot dead", "an aid worker is killed": one person."""
    for match in _compile(_SOMEONE_PATTERN).finditer(text):
        if not _ONE_PERSON_AUXILIARY.search(match["auxiliaries"]):
            continue
        if _is_active_verb(text, match, "killed"):
            continue
        span = Span(match.start(), match.end(), match[0])
        yield _Found(match.start(), match.end(), (CasualtyCount(span, "killed", 1, 1),))


# "a woman's beheaded body was found", "his body was recovered": one person dead.
_ONE_BODY_PATTERN = (
    r"\b(?:an?|the|his|her|[A-Za-z]{1,30}['\u2019]s) (?:[a-z-]{1,30} ){0,2}?body"
    r" (?:was|has been|had been|is) (?:later )?(?:found|discovered|recovered|retrieved|dumped)\b"
)

# "burnt 28-year-old Adam Musa to death": one person, named between the verb and its end.
_NAMED_TO_DEATH_PATTERN = (
    r"\b(?:tortured|beat|beaten|hacked|stabbed|stoned|burnt|burned|clubbed|lynched)\s+"
    r"(?:\d+-year-old\s+)?(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})\s+to\s+death\b"
)


def _one_death_counts(text: str) -> Iterator[_Found]:
    for pattern in (_ONE_BODY_PATTERN, _NAMED_TO_DEATH_PATTERN):
        for match in _compile(pattern).finditer(text):
            span = Span(match.start(), match.end(), match[0])
            yield _Found(match.start(), match.end(), (CasualtyCount(span, "killed", 1, 1),))


def _bare_object_counts(text: str) -> Iterator[_Found]:
    """ "Gunmen kill soldier", "Mob kills suspected robber": one person."""
    for match in _compile(_BARE_OBJECT_PATTERN).finditer(text):
        span = Span(match.start(), match.end(), match[0])
        count = CasualtyCount(span, "killed", 1, 1, _group_of(match))
        yield _Found(match.start(), match.end(), (count,))


def _headline_victim_counts(text: str) -> Iterator[_Found]:
    for match in _compile(_HEADLINE_VICTIM_PATTERN).finditer(text):
        span = Span(match.start(), match.end(), match[0])
        count = CasualtyCount(span, "killed", 1, 1, _group_of(match))
        yield _Found(match.start(), match.end(), (count,))


def _is_one_person(match: re.Match[str]) -> bool:
    """A singular noun or a name, with "was"/"has" or a verb that takes no object."""
    name, head = match["name"], match["head"]
    if name is not None:
        first, last = name.split()[0].lower(), name.split()[-1].lower()
        if first in _NOT_NAMES or _range_of(first) is not None:
            return False
        if first in _GROUP_NAMES and first not in _SINGULAR_HEADS:
            return False  # "Soldiers Died": a plural, not a name ("Journalist Ali Musa" is one)
        if last in _ORGANISATION_WORDS:
            return False  # "the Communist Party died out": a body, not a person
    elif head is None or _GROUP_NAMES.get(head.lower()) in {head.lower(), None, "police"}:
        return False  # a plural or unknown head: "the soldiers were killed" gives no number.
    casualty = match["killed"] or match["injured"] or match["missing"]
    return bool(_SINGULAR_AUXILIARY.search(match["auxiliaries"])) or (
        not _PLURAL_AUXILIARY.search(match["auxiliaries"]) and bool(_INTRANSITIVE.match(casualty))
    )


# ACLED's notes say how many deaths a row carries: "Unclear fatalities coded as 10", "27
# fatalities split across 4 events coded as 6", "5 fatalities split among 6 events" (the
# total spread over the rows, the first ones taking the remainder), "fatalities coded to
# the Horlivka event" (none on this row). Such a tally is the event's number, whatever
# other counts the note repeats.
TALLY_GROUP = "tally"
_TALLY_PATTERN = (
    r"\b(?:fatalit(?:y|ies)|casualties|deaths)\b[^.;()\[\]]{0,50}?\bcoded\s+(?:(?:as|to)\s+)?"
    r"(?P<coded>\d+)(?:\s+\(half\s+of\s+\d+\))?(?:,?\s+and\s+split\s+(?:between|among|across)"
    r"\s+(?:the\s+)?(?P<parts>\d+|[a-z]+)\s+(?:events|locations|places))?"
    r"|\b(?P<total>\d+)\s+(?:total\s+)?fatalit(?:y|ies)\s+(?:are\s+|were\s+)?split\s+"
    r"(?:between|among|across)\s+(?P<spread>\d+)\s+events\b(?![,\s]{0,3}coded)"
    # "(fatalities coded to Horlivka event)": this row carries none of them
    r"|\bfatalit(?:y|ies)\s+(?:are\s+|were\s+)?coded\s+(?:to|in|under)\s+(?:the\s+)?"
    r"(?P<elsewhere>(?:[\w-]+\s+){0,4}?)event\b"
)


def _tally_counts(text: str) -> Iterator[_Found]:
    for match in _compile(_TALLY_PATTERN).finditer(text):
        parts: int | None
        if match["elsewhere"] is not None:
            name = match["elsewhere"].strip()
            if name and name in text[: match.start()]:
                continue  # "near Novotroitske ... (fatalities coded to Novotroitske event)"
            total, parts = 0, 1
        elif match["coded"] is not None:
            total, parts = int(match["coded"]), _number_value(match["parts"] or "one")
        else:
            total, parts = int(match["total"]), int(match["spread"])
        if not parts:
            continue
        share = -(-total // parts)  # rounded up: the first rows take the remainder
        count = CasualtyCount(Span(match.start(), match.end(), match[0]), "killed", share, share)
        yield _Found(match.start(), match.end(), (replace(count, group=TALLY_GROUP),))


def _zero_counts(text: str) -> Iterator[_Found]:
    """ "no one was hurt", "no casualties", "no deaths": a stated zero."""
    for match in _compile(_ZERO_PATTERN).finditer(text):
        span = Span(match.start(), match.end(), match[0])
        if _group(match, "zero_killed") or _group(match, "killed"):
            kinds: tuple[CasualtyKind, ...] = ("killed",)
        elif _group(match, "missing"):
            kinds = ("missing",)
        else:
            # Nobody hurt means nobody killed either.
            kinds = ("killed", "injured")
        counts = tuple(CasualtyCount(span, kind, 0, 0) for kind in kinds)
        yield _Found(match.start(), match.end(), counts)


def _all_found(text: str) -> Iterator[_Found]:
    yield from _tally_counts(text)
    yield from _zero_counts(text)
    yield from _subject_counts(text)
    yield from _object_counts(text)
    yield from _single_counts(text, _compile(_TOLL_PATTERN), "killed")
    yield from _single_counts(text, _compile(_BODIES_OF_PATTERN), "killed")
    yield from _single_counts(text, _compile(_BODIES_PATTERN), "killed")
    yield from _single_counts(text, _compile(_DEAD_NOUN_PATTERN))
    yield from _single_counts(text, _compile(_NOMINAL_PATTERN))
    yield from _pronoun_counts(text)
    yield from _singular_counts(text)
    yield from _someone_counts(text)
    yield from _bare_object_counts(text)
    yield from _headline_victim_counts(text)
    yield from _one_death_counts(text)


def _overlaps(kept: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start..end`` overlaps one of ``kept``, sorted and non-overlapping."""
    index = bisect.bisect_left(kept, (start, end))
    before = index > 0 and kept[index - 1][1] > start
    after = index < len(kept) and kept[index][0] < end
    return before or after


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    """The longest match wins among overlapping matches that count the same kind."""
    kept_by_kind: dict[CasualtyKind, list[tuple[int, int]]] = {}
    kept: list[_Found] = []
    for candidate in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        kinds = {count.kind for count in candidate.counts}
        extent = (candidate.start, candidate.end)
        if any(_overlaps(kept_by_kind.get(kind, []), *extent) for kind in kinds):
            continue
        for kind in kinds:
            bisect.insort(kept_by_kind.setdefault(kind, []), extent)
        kept.append(candidate)
    return kept


# Every count the patterns find holds one of these words (each pattern's required
# part); only the text around them is scanned, which is most of the speed of this stage.
# Matched against lower-cased text without ignoring case: ten times faster.
_CASUALTY_WORD = re.compile(
    rf"\b(?:{_KILLED}|{_INJURED}|{_MISSING}|{_ACTIVE_KILLED}|{_ACTIVE_INJURED}|toll|bod(?:y|ies)"
    r"|corpses?|remains|killings?|murders?|massacre|wounding|loss\s+of\s+life)"
)
# How far a count reaches before and after its casualty word ("at least 12 people,
# among them three children and a local teacher, were killed").
_REACH_BEFORE = 400
_REACH_AFTER = 200


def _regions(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` around casualty words, merged, cut at white space."""
    regions: list[tuple[int, int]] = []
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer ("İ")
        return [(0, len(text))]
    for match in _CASUALTY_WORD.finditer(lowered):
        start = max(0, match.start() - _REACH_BEFORE)
        end = min(len(text), match.end() + _REACH_AFTER)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(end, regions[-1][1]))
        else:
            regions.append((start, end))
    return regions


def _shifted(found: _Found, by: int) -> _Found:
    counts = tuple(
        replace(c, span=Span(c.span.start + by, c.span.end + by, c.span.text)) for c in found.counts
    )
    return _Found(found.start + by, found.end + by, counts)


def find_casualties(text: str) -> list[CasualtyCount]:
    """Every count of people killed, injured or missing in ``text``, sorted by offset."""
    found = [
        _shifted(match, start)
        for start, end in _regions(text)
        for match in _all_found(text[start:end])
    ]
    counts = [
        count
        for kept in _without_overlaps(found)
        for count in kept.counts
        if not _is_accident(text, count.span) and not _is_grievance(text, count.span)
    ]
    return sorted(counts, key=lambda c: (c.span.start, c.span.end, c.kind))


# Deaths in an accident are not political violence, though a riot may follow them: "four
# people died in a road accident", "a crash that led to the death of a boy".
_ACCIDENT_AFTER = re.compile(
    r"\s{1,3}(?:\w+\s{1,3}){0,4}?(?:in|during|after)\s{1,3}an?\s{1,3}(?:[\w-]+\s{1,3}){0,2}"
    r"(?:accident|crash|collision)\b",
    re.IGNORECASE,
)
_ACCIDENT_BEFORE = re.compile(
    r"\b(?:accident|crash|collision)\s+(?:that|which)\s+(?:\w+\s+)?(?:led\s+to|caused|resulted"
    r"\s+in|claimed)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _is_accident(text: str, span: Span) -> bool:
    before = text[max(0, span.start - 60) : span.start]
    return bool(
        _ACCIDENT_AFTER.match(text, span.end, span.end + 80) or _ACCIDENT_BEFORE.search(before)
    )


# A death that a protest is about happened before it: "boda boda riders blocked the road to
# protest the death of one of them who died in a police cell" counts no death at the riot.
# So is one named after other words: "protested against police brutality following the
# death of a man in custody", "a protest turned violent after the killing of a youth".
_GRIEVANCE = re.compile(
    r"\b(?:protest(?:ed|ing|s)?|demonstrat(?:ed|ing|e)|rall(?:y|ied|ies)|march(?:ed|es)?)"
    r"(?:\s+(?:against\s+|over\s+|at\s+)?"
    r"|(?:\s+[\w'-]+){1,6}?\s+(?:against|over|following|after)\s+)"
    r"(?:the\s+)?(?:alleged\s+)?(?:death|killing|murder|shooting)s?\s+of\b[^.;!?]{0,80}$",
    re.IGNORECASE,
)


def _is_grievance(text: str, span: Span) -> bool:
    """The count, read to its end, is what the protest before it was about."""
    return bool(_GRIEVANCE.search(text, max(0, span.start - 100), span.end))


# Two counts this close (", ", " and ", " as well as ") are parts of one list.
_LIST_GAP = 16


def _is_same_list(previous: CasualtyCount, current: CasualtyCount) -> bool:
    gap = current.span.start - previous.span.end
    return (
        gap <= _LIST_GAP
        and previous.group is not None
        and current.group is not None
        and previous.group != current.group
    )


def _sum_counts(counts: Sequence[CasualtyCount]) -> tuple[int, int | None]:
    low = sum(count.low for count in counts)
    highs = [count.high for count in counts]
    high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
    return low, high


def best_fatalities(
    counts: Sequence[CasualtyCount],
) -> tuple[int | None, int | None, int | None]:
    """ACLED's (best, low, high) fatalities from the killed counts of one event in one report.

    Counts of different groups listed together add up ("3 soldiers and 2
    civilians" is 5); other mentions restate the toll, so the largest lower
    bound wins instead of a sum. ``best`` is that lower bound (ACLED's
    conservative figure), ``high`` its upper bound or ``None`` when open-ended.
    ``(None, None, None)`` when no killed count is given.
    """
    killed = sorted((c for c in counts if c.kind == "killed"), key=lambda c: c.span.start)
    if not killed:
        return None, None, None
    lists: list[list[CasualtyCount]] = [[killed[0]]]
    for count in killed[1:]:
        if _is_same_list(lists[-1][-1], count) and all(
            count.group != member.group for member in lists[-1]
        ):
            lists[-1].append(count)
        else:
            lists.append([count])
    totals = [_sum_counts(members) for members in lists]
    # Highest lower bound; among equals, a closed range before an open one.
    low, high = max(totals, key=lambda t: (t[0], -(t[1] if t[1] is not None else 10**12)))
    return low, low, high


def compile_patterns() -> None:
    """Compile every pattern now (about a second) rather than on the first report."""
    for pattern in (
        _SUBJECT_PATTERN,
        _PARTITIVE_PATTERN,
        _COUNTED_PATTERN,
        _SEPARATOR_PATTERN,
        _OBJECT_PATTERN,
        _CONTINUATION_PATTERN,
        _NEW_CLAUSE_PATTERN,
        _PRONOUN_PATTERN,
        _SINGULAR_PATTERN,
        _SOMEONE_PATTERN,
        _BARE_OBJECT_PATTERN,
        _ONE_BODY_PATTERN,
        _NAMED_TO_DEATH_PATTERN,
        _ZERO_PATTERN,
        _TOLL_PATTERN,
        _BODIES_OF_PATTERN,
        _BODIES_PATTERN,
        _DEAD_NOUN_PATTERN,
        _NOMINAL_PATTERN,
    ):
        _compile(pattern)


class FatalitiesStage:
    """Finds counts of people killed, injured and missing (``Document.casualties``)."""

    name: ClassVar[str] = "fatalities.patterns.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"report"})
    provides: ClassVar[frozenset[str]] = frozenset({"casualties"})

    def __init__(self) -> None:
        compile_patterns()

    def __call__(self, doc: Document) -> Document:
        return replace(doc, casualties=tuple(find_casualties(doc.report.text)))
