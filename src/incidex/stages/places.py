"""Find place names in a report and resolve them to gazetteer entries.

Recognition merges three sources: the NER model's GPE/LOC/FAC spans, runs of
capitalised words that the gazetteer knows (so names the model misses are
still found), and cue phrases ("the village of X", "X province", "north of X",
"X (Aleppo)") that mark a place even when the gazetteer does not know it.
Resolution ranks each name's candidates by the report's admin context, its
country focus, feature class, population and distance to the other places.
``find_toponyms`` does the work on plain text and entities so it can be
tested without spaCy.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from rapidfuzz import fuzz

from incidex.gazetteer import (
    COUNTRY_ALIASES,
    Gazetteer,
    area_of_adjective,
    country_of_demonym,
    distance_km,
    name_key,
    strip_accents,
)
from incidex.records import Document, Entity, Place, Span, Toponym

__all__ = ["PlacesStage", "find_toponyms", "resolve_spans"]

Preference = Literal["admin1", "admin2", "city"] | None

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A span that the model labels as one of these is not a place unless a cue says so.
# PRODUCT, EVENT, WORK_OF_ART... are left out: the small model gives them to foreign town
# names it does not know ("gunmen in Damboa" -> PRODUCT).
NON_PLACE_LABELS = frozenset(
    {"PERSON", "ORG", "NORP", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "QUANTITY",
     "PERCENT"}
)  # fmt: skip

# A word: letters, with inner apostrophes or hyphens ("Ma'rib", "ez-Zor", "Guinea-Bissau").
# A possessive "'s" is not part of the name ("Borno's Damboa" names Borno).
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['\u2019\-](?![sS]\b)[^\W\d_]+)*")
# A lower-case article glued to a capitalised name: "al-Bab", "ez-Zor".
_ARTICLE_PREFIXED = re.compile(
    r"^(?:al|el|ad|ar|as|ash|az|an|at|ez|es|ed|en|ul|ur|us|uz)[-'\u2019]\w"
)
# Lower-case words that may sit inside a multi-word name.
_INNER_PARTICLES = frozenset(
    """al el ez az as ad ar ash an at es ed en ul ur us uz de del la le du di da des dos
    das do bin ibn bani of the and e i""".split()  # noqa: SIM905
)
MAX_NAME_WORDS = 4

# Capitalised words that are far more often something else than a place.
COMMON_WORDS = frozenset(
    """january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday today yesterday
    tomorrow police army navy mark bill man long president minister general colonel
    major captain governor mayor god allah islamic state media news reuters agency
    council court ministry government forces force security defense defence office post
    times union party front church mosque hospital school university centre center
    market airport bridge road street camp prison station base border city town village
    district province region north south east west central northern southern eastern
    western upper lower said hope victory liberty independence justice freedom peace
    unity progress friendship mercy paradise eden harmony concord commerce industry
    mission republic kingdom people nation national international democratic popular
    federal royal new old great little white black red green golden christmas easter
    ramadan eid sheikh imam emir king queen prince general commander chief health human
    rights life ocean sea gulf lake river mount valley hill island islands america the a
    an in on at of to by for from with into onto after before when while during since
    until however meanwhile also there then thus this that these those his her its their
    our we they he she it you i but and or as if so yet not no all some many most
    several other another both each every such what which who whom whose where why how
    one two three first second last next sources witnesses officials residents activists
    line control""".split()  # noqa: SIM905
)

# Spatial relations in front of a name, matched against the text before it.
_DIRECTIONS = r"north|south|east|west|north-?east|north-?west|south-?east|south-?west"
_PLACE_NOUNS = (
    r"village|town|city|district|area|region|neighbou?rhood|suburb|camp|province|governorate"
    r"|state|municipality|locality|settlement|hamlet|county|sub-?district|oblast|port|capital"
)
_RELATION_BEFORE = (
    (
        re.compile(
            rf"(?:\b(?:\d+(?:\.\d+)?\s*(?:km|kilomet(?:er|re)s?|miles?)\s+)?(?:to\s+the\s+)?"
            rf"({_DIRECTIONS})(?:ern)?\s+of\s+(?:the\s+(?:{_PLACE_NOUNS})\s+of\s+)?)$",
            re.IGNORECASE,
        ),
        "direction",
    ),
    (re.compile(r"\boutskirts\s+of\s+(?:the\s+\w+\s+of\s+)?$", re.IGNORECASE), "outskirts of"),
    (re.compile(r"\bcountryside\s+of\s+$|\brural\s+$", re.IGNORECASE), "countryside of"),
    (
        re.compile(
            rf"\b(?:near|nearby|outside|close\s+to|in\s+the\s+vicinity\s+of|around"
            rf"|in\s+the\s+direction\s+of)\s+"
            rf"(?:the\s+(?:{_PLACE_NOUNS})\s+of\s+)?$",
            re.IGNORECASE,
        ),
        "near",
    ),
    (re.compile(r"\bbetween\s+(?:the\s+\w+\s+of\s+)?$", re.IGNORECASE), "between"),
)
_COUNTRYSIDE_AFTER = re.compile(r"^['\u2019]?s?\s+(?:countryside|outskirts)\b", re.IGNORECASE)
_AND_BEFORE = re.compile(r"\s+and\s+(?:the\s+\w+\s+of\s+)?$", re.IGNORECASE)
# "Saida village in Raqqa governorate", "Hindi, in Lamu county": the second name is the area.
_IN_AREA_GAP = re.compile(
    r"^(?:\s+(?:village|town|city|area|camp|neighbou?rhood))?(?:\s*,)?\s+in\s+(?:the\s+)?$",
    re.IGNORECASE,
)

# Cues that a capitalised run is a place even if the gazetteer does not know it.
_PLACE_NOUN_BEFORE = re.compile(rf"\b(?:the\s+)?({_PLACE_NOUNS})\s+of\s+$", re.IGNORECASE)
_ADMIN_NOUN_AFTER = re.compile(
    r"^\s+(province|governorate|state|region|oblast|district|county|prefecture|department"
    r"|countryside|city|town|village|township|municipality|rayon|raion|hromada"
    r"|territorial\s+community)\b",
    re.IGNORECASE,
)
_WEAK_CUE_BEFORE = re.compile(
    r"\b(?:in|at|from|to|into|across|towards?|via|of)\s+(?:the\s+)?$", re.IGNORECASE
)
# "Russian forces", "Russian and Ukrainian forces", "the Pakistan military": an armed
# force's country, which acts abroad as often as at home.
_FORCES_AFTER = re.compile(
    r"-(?:backed|sponsored|supported|allied|aligned|affiliated)\b|"  # "Turkey-backed factions"
    r"(?:\s+(?:and|or)\s+[A-Z][\w-]*)?"
    r"(?:-led|\s+led)?\s+(?:forces|troops|army|military|soldiers|warplanes|jets|aircraft|drones?"
    r"|air\s*strikes?|shelling|artillery|missiles?|navy|air force|border guards|coalition)\b",
    re.IGNORECASE,
)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside)\s+$", re.IGNORECASE)


_PARENTHESIS_AFTER = re.compile(r"^\s*\(([^()\n]{2,60})\)")
_PLACE_NOUN_AFTER = re.compile(
    r"(?<=\w) (?:town|village|city|township|district|province|governorate|county|state"
    r"|sub-?county|municipality|kebele|upazila|rayon|raion|hromada|territorial community)\b"
)
_PARENTHESIS_NAME = re.compile(r"(?<=\w) ?\([A-Z][^()\n]{1,59}\)")
_CUE_BEFORE_NAME = re.compile(
    rf"\b(?:(?:{_PLACE_NOUNS})\s+of|(?:{_DIRECTIONS})(?:ern)?\s+of|outskirts\s+of|near|outside"
    rf"|close\s+to|direction\s+of)\s+(?:the\s+(?:{_PLACE_NOUNS})\s+of\s+)?",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”]\s+|\n\s*)$")

_ADMIN_NOUNS = frozenset(
    {"province", "governorate", "state", "region", "oblast", "district", "county", "city",
     "countryside", "prefecture", "department", "municipality"}
)  # fmt: skip
_ADMIN1_NOUNS = frozenset({"province", "governorate", "state", "region", "oblast"})
_ADMIN2_NOUNS = frozenset({"district", "county", "prefecture", "department"})


@dataclass(slots=True)
class _Mention:
    """A place name found in the text, before resolution."""

    span: Span
    candidates: list[Place]
    strong: bool  # the model or a cue says it is a place
    relation: str | None = None
    context: str | None = None
    preference: Preference = None
    place: Place | None = None
    score: float = 0.0
    conventional: bool = False  # "Pa.", "Egyptian": the place is fixed by convention
    guess: Place | None = None  # a given name's best candidate, though the context rules it out
    kind: str = "name"  # as Toponym.kind: "name", or "in_name" for "Ohio" of "Ohio Turnpike"
    country: str | None = None  # "Manika, India": the country a comma puts the place in


# ---------------------------------------------------------------------------
# Recognition
# ---------------------------------------------------------------------------


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() or (bool(_ARTICLE_PREFIXED.match(word)) and _has_capital(word))


def _has_capital(word: str) -> bool:
    return any(ch.isupper() for ch in word)


def _joined_by_space(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return bool(gap) and gap.isspace() and "\n" not in gap


def _name_runs(
    text: str,
    words: list[tuple[int, int, str]],
    first: int,
    particles: frozenset[str] = _INNER_PARTICLES,
) -> list[int]:
    """Word counts (longest first) of the name-like runs starting at word ``first``."""
    lengths = []
    for count in range(1, MAX_NAME_WORDS + 1):
        last = first + count - 1
        if last >= len(words):
            break
        if count > 1 and not _joined_by_space(text, words[last - 1][1], words[last][0]):
            break
        word = words[last][2]
        if _is_name_word(word):
            lengths.append(count)
        elif count == 1 or word.casefold() not in particles:
            break
    return sorted(lengths, reverse=True)


def _gazetteer_spans(text: str, gazetteer: Gazetteer) -> list[Span]:
    """Longest capitalised runs (1-4 words) that the gazetteer knows, left to right."""
    words = _words(text)
    spans = []
    index = 0
    while index < len(words):
        taken = 1
        if _is_name_word(words[index][2]):
            for count in _name_runs(text, words, index):
                start, end = words[index][0], words[index + count - 1][1]
                if gazetteer.has_name(text[start:end]):
                    spans.append(Span(start, end, text[start:end]))
                    taken = count
                    break
        index += taken
    return spans


def _capitalised_run_at(text: str, start: int) -> Span | None:
    """The name-like run of words starting at ``start`` (for names the gazetteer lacks)."""
    words = _words(text[start : start + 120])
    if not words or words[0][0] != 0 or not _is_name_word(words[0][2]):
        return None
    # "the towns of Azaz and Manbij" are two names, so "and" cannot join a run here.
    runs = _name_runs(text[start : start + 120], words, 0, _INNER_PARTICLES - {"and"})
    end = start + words[runs[0] - 1][1]
    return Span(start, end, text[start:end])


def _cue_spans(text: str) -> list[Span]:
    """Capitalised runs after "the village of", "north of", "near", or before "(Province)"."""
    spans = []
    for match in _CUE_BEFORE_NAME.finditer(text):
        span = _capitalised_run_at(text, match.end())
        if span is not None:
            spans.append(span)
    for match in itertools.chain(
        _PARENTHESIS_NAME.finditer(text), _PLACE_NOUN_AFTER.finditer(text)
    ):
        span = _capitalised_run_before(text, match.start())
        if span is not None:
            spans.append(span)
    return spans


# "shelled Xyz, Donetsk", "clashes in Xyz, Donetsk": what happens at an unknown place.
_EVENT_CUE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|on|shelled|struck|hit|attacked|targeted|bombed|raided|stormed"
    r"|captured|seized|entered|reached)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_COMMA_AFTER_WORD = re.compile(r"(?<=[^\W\d_]),\s?(?=[A-Z])")


def _area_tail_spans(text: str, entities: Sequence[Entity], gazetteer: Gazetteer) -> list[Span]:
    """Capitalised runs where something happened and followed by their province or country
    ("shelled Xyz Pole, Donetsk"), which the gazetteer and the model may both miss: the
    area after the comma says it is a place, unless the model takes the run for a person
    ("Ahmed Ali, Kano State")."""
    spans = []
    for match in _COMMA_AFTER_WORD.finditer(text):
        span = _capitalised_run_before(text, match.start())
        if (
            span is not None
            and _is_name_word(span.text.split()[-1])  # not "Xyz rayon, Kherson"
            and _EVENT_CUE_BEFORE.search(text[max(0, span.start - 20) : span.start])
            and "PERSON" not in _labels_over(span, entities)
            and not any(w.casefold() in COMMON_WORDS for w in span.text.split())
            and _is_followed_by_area(text, span, gazetteer, loosely_spelt=False)
        ):
            spans.append(span)
    return spans


def _capitalised_run_before(text: str, end: int) -> Span | None:
    """The name-like run of words that ends at ``end`` ("Tal Xyz" in "Tal Xyz (Hasakah)")."""
    window_start = max(0, end - 120)
    words = _words(text[window_start:end])
    if not words or words[-1][1] != end - window_start:
        return None
    if words[-1][2] in {"city", "town"}:
        return None  # "Sylhet city (Sylhet Sadar)": the name is "Sylhet", found as a name
    first = len(words) - 1
    while first > 0 and len(words) - first < MAX_NAME_WORDS:
        previous = words[first - 1][2]
        joined = _joined_by_space(
            text, window_start + words[first - 1][1], window_start + words[first][0]
        )
        if not joined or not (_is_name_word(previous) or previous.casefold() in _INNER_PARTICLES):
            break
        first -= 1
    while first < len(words) and not _is_name_word(words[first][2]):
        first += 1
    if first == len(words):
        return None
    start = window_start + words[first][0]
    return Span(start, end, text[start:end])


def _clean_entity_span(text: str, span: Span) -> Span:
    """Drop a leading "the" and a trailing possessive from an NER span."""
    start, end = span.start, span.end
    if text[start:end].lower().startswith("the "):
        start += 4
    if text[start:end].endswith(("'s", "\u2019s")):
        end -= 2
    return Span(start, end, text[start:end])


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _relation_before(text: str, start: int) -> str | None:
    before = text[max(0, start - 80) : start]
    for pattern, relation in _RELATION_BEFORE:
        match = pattern.search(before)
        if match:
            if relation == "direction":
                return f"{match.group(1).lower().replace('-', '')} of"
            return relation
    return None


def _relation_around(text: str, span: Span) -> str | None:
    """The spatial cue before the name, or "countryside of" for "X's countryside"."""
    relation = _relation_before(text, span.start)
    if relation is None and _COUNTRYSIDE_AFTER.match(text[span.end : span.end + 20]):
        relation = "countryside of"
    return relation


def _preference(text: str, span: Span) -> tuple[Preference, bool]:
    """What kind of place the words around the name ask for, and whether they mark a place."""
    after = _ADMIN_NOUN_AFTER.match(text[span.end : span.end + 30])
    if after:
        noun = after.group(1).lower()
        if noun in _ADMIN1_NOUNS or noun == "countryside":
            return "admin1", True
        return ("admin2" if noun in _ADMIN2_NOUNS else "city"), True
    before = _PLACE_NOUN_BEFORE.search(text[max(0, span.start - 40) : span.start])
    if before:
        noun = before.group(1).lower()
        if noun in _ADMIN1_NOUNS:
            return "admin1", True
        return ("admin2" if noun in _ADMIN2_NOUNS else "city"), True
    return None, False


def _is_sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, start - 3) : start]))


def _continues_name(text: str, span: Span) -> bool:
    """Whether the capitalised run goes on past the match ("Boko" in "Boko Haram")."""
    following = _WORD.match(text, span.end + 1) if text[span.end : span.end + 1] == " " else None
    if following is None or not _is_name_word(following.group()):
        return False
    return following.group().casefold() not in _ADMIN_NOUNS


# An Arabic or Persian name goes on past the match through its article or "son of":
# "Bani an Namri", "Wadi al Jufrah", "Kafr bin Ali".
_PARTICLE_NAME_AFTER = re.compile(
    r"(?<![ \t])[ \t]+(?:al|an|as|ad|ar|ash|at|az|el|wa|bin|ibn|bint|abu)[ \t-]+(?-i:[A-Z])"
)


def _is_complete_name(span: Span, gazetteer: Gazetteer) -> bool:
    """Whether the name is a province's, a country's or a large city's own, which an
    English "as" or "at" after it does not lengthen ("Marinka, Donetsk as Russian forces
    advanced")."""
    surface = spelling(span.text)
    return any(
        spelling(p.name) == surface
        and (p.feature_code in {"PCLI", "ADM1"} or p.population >= MINOR_PLACE_POPULATION)
        for p in gazetteer.candidates(span.text)
    )


# The word just before a space at the end; it starts where a run of letters starts.
_LAST_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]+) $")


def _follows_name_word(text: str, span: Span) -> bool:
    """Whether a capitalised word comes just before, as in "Richmond Fire"."""
    previous = _LAST_WORD.search(text[max(0, span.start - 30) : span.start])
    return previous is not None and _is_name_word(previous.group(1))


def _starts_with_common_word(mention: _Mention) -> bool:
    return mention.span.text.split()[0].casefold() in COMMON_WORDS


_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def spelling(name: str) -> str:
    """A name as letters only: "Sa'dah" and "Sadah", "Al-Hasakah" and "Al Hasakah" are
    one spelling (``name_key`` goes further and merges transliterations)."""
    return _NOT_LETTERS.sub("", strip_accents(name))


_COUNTRY_ALIAS_SPELLINGS = frozenset(
    spelling(name) for names in COUNTRY_ALIASES.values() for name in names
)


def _is_exact_name(mention: _Mention) -> bool:
    """Whether a candidate's main name is the surface itself, not just a key match."""
    surface = spelling(mention.span.text)
    return any(spelling(place.name) == surface for place in mention.candidates)


def _is_located_town(text: str, mention: _Mention, labels: set[str]) -> bool:
    """ "clashes in Damboa": a sizeable town after "in"/"at"/"near", even when the model took
    the unknown name for a person or an organisation."""
    if not labels <= {"PERSON", "ORG"} or mention.candidates[0].population < 5_000:
        return False
    before = text[max(0, mention.span.start - 12) : mention.span.start]
    return bool(_LOCATIVE_BEFORE.search(before))


def _has_place_cue(text: str, span: Span) -> bool:
    """ "in Azaz", "Azaz (Aleppo)": words around a short name that say it is a place."""
    before = text[max(0, span.start - 12) : span.start]
    return bool(_LOCATIVE_BEFORE.search(before) or _PARENTHESIS_AFTER.match(text[span.end :]))


def _is_well_known(mention: _Mention, labels: set[str]) -> bool:
    """A city of 100,000 people named exactly ("Dublin", "Gainesville"), or a country by
    a name the news uses for it ("DR Congo"), is a place even when the small model calls
    it a person or an organisation."""
    return labels <= {"PERSON", "ORG"} and (
        _exact_population(mention) >= 100_000 or _names_country(mention)
    )


def _names_country(mention: _Mention) -> bool:
    """ "DRC", "DR Congo", "UAE": one of the other names news reports use for a country."""
    return (
        spelling(mention.span.text) in _COUNTRY_ALIAS_SPELLINGS
        and mention.candidates[:1] != []
        and mention.candidates[0].feature_code == "PCLI"
    )


def _exact_population(mention: _Mention) -> int:
    """The population of the largest candidate named exactly like the mention ("Harper"
    meets Costa Mesa through an alternate name, but the town called Harper is small)."""
    surface = spelling(mention.span.text)
    return max((p.population for p in mention.candidates if spelling(p.name) == surface), default=0)


# The small model takes some town names it does not know for dates or peoples ("an attack
# in Turbat", "killed in Kasese"): a date label on a name without digits or calendar words,
# or a people's label on a name after "in", says nothing.
_CALENDAR_WORDS = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Ramadan|Eid"
    r"|Christmas|Easter|Diwali|Ashura|Nowruz|Passover|Hanukkah|Thanksgiving)\b",
    re.IGNORECASE,
)


def _without_misread_labels(text: str, span: Span, labels: set[str]) -> set[str]:
    name = span.text
    if "NORP" in labels and _LOCATIVE_BEFORE.search(text[max(0, span.start - 12) : span.start]):
        labels = labels - {"NORP"}  # "in Kasese"; "Kikuyu youths" stay a people
    if any(c.isdigit() for c in name) or _CALENDAR_WORDS.search(name):
        return labels
    return labels - {"DATE", "TIME"}


def _is_credible(text: str, mention: _Mention, labels: set[str]) -> bool:
    """Whether an unconfirmed gazetteer match is likely a place rather than a common word."""
    labels = _without_misread_labels(text, mention.span, labels)
    if _continues_name(text, mention.span) and not _is_exact_name(mention):
        return False  # "Lake" of "Lake Chad" is not the town Lakki
    if _follows_name_word(text, mention.span) and not _is_exact_name(mention):
        return False  # "Fire" of "Richmond Fire Department" is not the town Fier
    if _is_foreign_spelling_of_village(text, mention):
        return False
    if mention.strong:
        return True
    if _continues_name(text, mention.span):
        return False
    if labels & NON_PLACE_LABELS and not (
        _is_located_town(text, mention, labels) or _is_well_known(mention, labels)
    ):
        return False
    if _starts_with_common_word(mention) and not _is_exact_name(mention):
        return False
    best = mention.candidates[0]
    if best.feature_code in {"PCLI", "ADM1"}:
        return True
    words = mention.span.text.split()
    if len(words) > 1:
        return best.population > 0 or bool(_WEAK_CUE_BEFORE.search(text[: mention.span.start]))
    word = mention.span.text
    if len(word) < 3 or word.casefold() in COMMON_WORDS or country_of_demonym(word):
        return False
    if not _is_exact_name(mention) and not _has_place_cue(text, mention.span):
        return False  # "The", "Once", "Among" share a spelling key with some town
    if word.isupper():
        return False
    if _is_sentence_initial(text, mention.span.start):
        return _exact_population(mention) >= 100_000
    weak_cue = bool(
        _WEAK_CUE_BEFORE.search(text[max(0, mention.span.start - 20) : mention.span.start])
    )
    return best.population >= (1_000 if weak_cue else 20_000)


# "Xyz community, Sumy", "Xyz village": words after a name that describe it as a place.
_DESCRIBED_AS_PLACE = re.compile(
    r"(?: [a-z]+)?, ?[A-Z]| (?:village|town|city|area|district|community|county|province"
    r"|state|region|camp|settlement|valley)\b"
)
# A village smaller than this, spelt otherwise than the report does, needs a place cue.
SPELT_VILLAGE_POPULATION = 10_000


def _is_foreign_spelling_of_village(text: str, mention: _Mention) -> bool:
    """ "photos of Kibaki": one word that the model took for a place, which only spells like
    a small village (Kybaky), with nothing around it that says it is a place. A name
    spelt exactly, a larger town, a name after "in" or "near" and a village in a province
    the report names stay."""
    return (
        len(mention.span.text.split()) == 1
        and not _is_exact_name(mention)
        and mention.candidates[0].population < SPELT_VILLAGE_POPULATION
        and not _has_place_cue(text, mention.span)
        and not _DESCRIBED_AS_PLACE.match(text, mention.span.end)
        and not _names_area_of(text, mention.candidates[0])
    )


def _names_area_of(text: str, place: Place) -> bool:
    """ "Keraman valley ... Panjshir": the report names the province the village lies in."""
    return place.admin1 is not None and place.admin1 in text


def _labels_over(span: Span, entities: Sequence[Entity]) -> set[str]:
    return {e.label for e in entities if _overlaps(e.span, span)}


def _recognise(text: str, entities: Sequence[Entity], gazetteer: Gazetteer) -> list[_Mention]:
    place_entities = [_clean_entity_span(text, e.span) for e in entities if e.label in PLACE_LABELS]
    found: dict[tuple[int, int], Span] = {}
    for span in _gazetteer_spans(text, gazetteer):
        found[(span.start, span.end)] = _without_leading_article(text, span, gazetteer)
    for span in _abbreviated_prefix_spans(text, gazetteer):
        _take_over(found, span)  # "St. Petersburg", not "Petersburg"
    for span in _natural_feature_spans(text):
        _take_over(found, span)  # "Red River", not "Red" and "River"
    for span in [*_cue_spans(text), *_area_tail_spans(text, entities, gazetteer)]:
        # A cue run that swallows a shorter known name wins ("the village of Kafr Xyz").
        inside = [k for k, other in found.items() if _overlaps(span, other)]
        if all(span.start <= k[0] and k[1] <= span.end for k in inside):
            for key in inside:
                del found[key]
            found[(span.start, span.end)] = span
    for span in place_entities:
        if span.text and not any(_overlaps(span, other) for other in found.values()):
            found[(span.start, span.end)] = span
    fixed = {(m.span.start, m.span.end): m for m in _fixed_mentions(text, gazetteer)}
    for key in fixed:
        _take_over(found, fixed[key].span)
    mentions = []
    for span in sorted(found.values(), key=lambda s: s.start):
        described = fixed.get((span.start, span.end)) or _describe(
            text, span, entities, place_entities, gazetteer
        )
        if described is not None:
            mentions.append(described)
    return mentions


def _take_over(found: dict[tuple[int, int], Span], span: Span) -> None:
    """Put ``span`` in place of the spans it overlaps ("Va" of "W.Va.")."""
    for key in [k for k, other in found.items() if _overlaps(span, other)]:
        del found[key]
    found[(span.start, span.end)] = span


def _fixed_mentions(text: str, gazetteer: Gazetteer) -> list[_Mention]:
    """Names that need no credibility check: state and city abbreviations ("Pa.",
    "W. Va.", "D.C.") and dateline places ("COLUMBUS, Ohio -", "KABUL (Reuters) -")."""
    mentions = []
    for span, place in _abbreviation_spans(text, gazetteer):
        mentions.append(
            _Mention(
                span=span,
                candidates=[place],
                strong=True,
                conventional=True,
                relation=_relation_around(text, span),
            )
        )
    for span in _dateline_spans(text, gazetteer):
        candidates = gazetteer.candidates(span.text)
        mentions.append(_Mention(span=span, candidates=candidates, strong=True))
    return mentions


# "Pa.", "Calif.", "W.Va.", "W. Va.", "D.C.", "N.Y.", "N.Y", "L.A.": capitals and dots.
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:(?:[A-Z]\.\s?){1,2}[A-Z](?:[a-z]{1,3}\.|\.?)|[A-Z][a-z]{1,4}\.)(?!\w)"
)
# "Dublin, Ga.", "in Pa.": AP style state abbreviations follow a town or a preposition;
# "Mass." or "Miss." elsewhere is a church service or a title.
_ABBREVIATION_BEFORE = re.compile(r"(?:[^\W\d_]{2},\s?|\b(?:in|of|from|near|outside|across)\s)$")


def _abbreviation_spans(text: str, gazetteer: Gazetteer) -> list[tuple[Span, Place]]:
    """State and city abbreviations with the place they stand for (issue 4)."""
    found = []
    for match in _ABBREVIATION.finditer(text):
        is_initials = match.group()[1] == "."
        before = text[max(0, match.start() - 12) : match.start()]
        if not is_initials and not _ABBREVIATION_BEFORE.search(before):
            continue
        place = gazetteer.conventional_place(match.group(), adjectives=False)
        if place is not None:
            found.append((Span(match.start(), match.end(), match.group()), place))
    return found


# "COLUMBUS, Ohio -", "SAN DIEGO (AP) -", "WINDSOR - The town...": an all-caps place
# opening a line or the report, or before a news agency's name in brackets.
_DATELINE = re.compile(
    r"(?:^|\n)[ \t]*([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3})(?=\s*(?:,|\(|-|\u2014|\u2013))"
    r"|\b([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3})(?=(?:,[^\n(]{1,30})?\s*\((?:AP|Reuters|AFP|UPI"
    r"|CNN|Xinhua|IANS|PTI|dpa|Bloomberg)\))"
)


def _dateline_spans(text: str, gazetteer: Gazetteer) -> list[Span]:
    """All-caps dateline places the gazetteer knows by their ordinary spelling."""
    spans = []
    for match in _DATELINE.finditer(text):
        group = 1 if match.group(1) else 2
        name = match.group(group).rstrip(".-'")
        start = match.start(group)
        if len(name) >= 3 and name.isupper() and _is_known_exactly(name.title(), gazetteer):
            spans.append(Span(start, start + len(name), name))
    return spans


def _is_known_exactly(name: str, gazetteer: Gazetteer) -> bool:
    surface = spelling(name)
    return any(spelling(place.name) == surface for place in gazetteer.candidates(name))


# "St. Petersburg", "Mt. Pleasant", "Ft. Worth": an abbreviated first word with a dot.
_ABBREVIATED_PREFIX = re.compile(r"\b(?:St|Ste|Mt|Ft)\.\s?[A-Z]")


def _abbreviated_prefix_spans(text: str, gazetteer: Gazetteer) -> list[Span]:
    """Known names that open with "St.", "Mt." or "Ft." (the word pattern stops at dots)."""
    spans = []
    for match in _ABBREVIATED_PREFIX.finditer(text):
        rest = _capitalised_run_at(text, match.end() - 1)
        if rest is None:
            continue
        words = rest.text.split()
        for count in range(len(words), 0, -1):
            end = rest.start + len(" ".join(words[:count]))
            name = text[match.start() : end]
            if gazetteer.has_name(name):
                spans.append(Span(match.start(), end, name))
                break
    return spans


# "Red River", "Farallon Islands", "Lake Manassas", "River Lune": rivers, lakes, islands,
# mountains and valleys, which the gazetteer leaves out, named with their kind.
_FEATURE_WORDS = r"River|Creek|Lake|Island|Islands|Mountains|Valley|Canyon"
_NATURAL_FEATURE = re.compile(
    rf"\b(?:[A-Z][\w'\-]*\.? ){{1,3}}(?:{_FEATURE_WORDS})\b(?! (?:Road|Street|Avenue|Drive|"
    rf"Boulevard|Parkway|High|Elementary|Middle|School|Park|Club|Mall|Apartments)\b)"
    r"|\b(?:Lake|River|Mount) [A-Z][\w'\-]+\b"
)


def _natural_feature_spans(text: str) -> list[Span]:
    """Capitalised names of rivers, lakes, islands and mountains, with their kind."""
    spans = []
    for match in _NATURAL_FEATURE.finditer(text):
        start = match.start()
        first, _, rest = match.group().partition(" ")
        folded = first.casefold()
        if folded in {"the", "a", "an"} or (
            folded in COMMON_WORDS and folded not in _FEATURE_NAMES
        ):
            if not rest or rest.split()[0].casefold() in _FEATURE_NAMES:
                continue  # "The River" alone names no river
            start += len(first) + 1
        spans.append(Span(start, match.end(), text[start : match.end()]))
    return spans


_FEATURE_NAMES = frozenset(
    "river creek lake island islands mountains valley canyon mount".split()  # noqa: SIM905
)


def _without_leading_article(text: str, span: Span, gazetteer: Gazetteer) -> Span:
    """ "The U.S." is "U.S.": a capitalised article opening a sentence is not part of the
    name unless the place is called so ("The Hague")."""
    first, _, rest = span.text.partition(" ")
    if first not in {"The", "A", "An"} or not rest or _is_known_exactly(span.text, gazetteer):
        return span
    start = span.end - len(rest)
    return Span(start, span.end, rest)


def _is_confirmed_by(span: Span, entity_span: Span) -> bool:
    """Whether an NER place span is about this name, not a longer name that contains it."""
    if not (entity_span.start <= span.start and span.end <= entity_span.end):
        return _overlaps(span, entity_span) and len(entity_span.text) <= len(span.text)
    return len(entity_span.text.split()) <= len(span.text.split()) + 1


def _is_parenthesised(text: str, span: Span) -> bool:
    """Whether the name fills a parenthesis on its own, as in "Tal Xyz (Hasakah)"."""
    before = text[max(0, span.start - 2) : span.start].rstrip()
    after = text[span.end : span.end + 2].lstrip()
    return before.endswith("(") and after.startswith((")", ","))


def _describe(
    text: str,
    span: Span,
    entities: Sequence[Entity],
    place_entities: list[Span],
    gazetteer: Gazetteer,
) -> _Mention | None:
    """A mention with its cues, or ``None`` when the span is probably not a place."""
    preference, marked = _preference(text, span)
    relation = _relation_around(text, span)
    by_model = any(_is_confirmed_by(span, e) for e in place_entities)
    is_country_alias = spelling(span.text) in _COUNTRY_ALIAS_SPELLINGS  # "DRC", "UAE"
    if span.text.isupper() and len(span.text) <= 5 and not by_model and not is_country_alias:
        return None  # an acronym ("SOHR", "HAT") is an organisation far more often than a village
    if _PARTICLE_NAME_AFTER.match(text, span.end) and not _is_complete_name(span, gazetteer):
        return None  # "Bani" of "Bani an Namri": the first word of a longer, unknown name
    if _is_compass_word(span.text):
        return None  # "(Jos North, Plateau)": a part of a longer name, not the region "North"
    if span.text.casefold() in COMMON_WORDS and not by_model:
        return None  # "The city's", "The state": the noun after it is not a cue here
    if relation is None and not marked and span.text in _surnames(entities):
        return None  # "Trapani said" in a report quoting Andy Trapani
    strong = marked or by_model or relation is not None or _is_parenthesised(text, span)
    area_after = _is_followed_by_area(text, span, gazetteer)  # "Xyz Pole, Donetsk"
    candidates = gazetteer.candidates(span.text)
    if not candidates:
        candidates = _seat_candidates(text, span, gazetteer)
        # The district is coded at its seat, a place the event is part of (precision 2).
        relation = relation or ("district of" if candidates else None)
    mention = _Mention(
        span=span,
        candidates=candidates,
        strong=strong or area_after,
        relation=relation,
        preference=preference,
    )
    _mark_admin_tail(text, mention, gazetteer)
    if not mention.candidates:
        parenthesis = _PARENTHESIS_AFTER.match(text[span.end :])
        known_context = bool(parenthesis and _ends_with_known_name(parenthesis.group(1), gazetteer))
        named_feature = bool(_NATURAL_FEATURE.fullmatch(span.text))  # "Tallow River"
        not_a_person = "PERSON" not in _labels_over(span, entities)
        keep = (
            marked
            or known_context
            or named_feature
            # "in the direction of Xyz Karavan, Donetsk": a place, whatever the model says
            or (area_after and (not_a_person or relation is not None))
            or (relation is not None and by_model)
        )
        return mention if keep else None
    labels = _labels_over(span, entities)
    if _is_credible(text, mention, labels):
        return mention
    if _is_place_in_name(text, mention, entities):
        mention.kind = "in_name"
        return mention
    return None


# "Beryslavskyi rayon", "Hlukhivska territorial community": a district named by the
# adjective of its seat town, as Ukrainian and Russian districts are.
_DISTRICT_ADJECTIVE = re.compile(r"(?<=[^\W\d_]{3})s['\u2019]?k(?:yi|yy|iy|yj|ij|a|e|aya|oye)$")
_DISTRICT_NOUNS = frozenset({"district", "rayon", "raion", "hromada"})


def _seat_candidates(text: str, span: Span, gazetteer: Gazetteer) -> list[Place]:
    """The seat town of a district named by its adjective: "Beryslavskyi rayon" is governed
    from Beryslav, "Kramatorskyi raion" from Kramatorsk."""
    after = _ADMIN_NOUN_AFTER.match(text[span.end : span.end + 30])
    noun = after.group(1).casefold() if after else ""
    if noun not in _DISTRICT_NOUNS and not noun.startswith("territorial"):
        return []
    stem = _DISTRICT_ADJECTIVE.sub("", span.text)
    if stem == span.text:
        return []
    # "Shostkynskyi" is Shostka's: a town ending in -a takes -yn- before the ending.
    shorter = stem[:-2] if stem.endswith(("yn", "in")) else stem
    for seat in dict.fromkeys((stem, f"{stem}sk", f"{stem}a", f"{shorter}a")):
        candidates = [p for p in gazetteer.candidates(seat) if spelling(p.name) == spelling(seat)]
        if candidates:
            return candidates
    return []


def _opens_or_ends_with_of(text: str, container: Span, span: Span) -> bool:
    """Whether ``span`` opens ``container`` (after "the") or follows its "of"."""
    opening = text[container.start : span.start].strip().casefold()
    return opening in {"", "the"} or opening.endswith(" of") or opening == "of"


def _surnames(entities: Sequence[Entity]) -> frozenset[str]:
    """Last words of the report's people's full names ("Harper" of "Stephen Harper")."""
    return frozenset(
        e.span.text.split()[-1]
        for e in entities
        if e.label == "PERSON" and len(e.span.text.split()) > 1
    )


# ", Ga.", ", Texas", ", Kenya": a state or country after a comma, perhaps after the
# kind of place the name is ("Krasnopillia community, Sumy").
_AREA_AFTER = re.compile(
    r"^(?:\s+(?:village|town|city|area|district|community|hromada|settlement))?"
    r",\s?([A-Z][\w.]*(?: [A-Z][\w.]*)?)"
)


def _is_followed_by_area(
    text: str, span: Span, gazetteer: Gazetteer, *, loosely_spelt: bool = True
) -> bool:
    """ "Dublin, Ga.", "Paris, Texas": a name followed by its state or country is a place.
    ``loosely_spelt`` also takes provinces as reports spell them ("Zaporizhia")."""
    after = _AREA_AFTER.match(text[span.end : span.end + 30])
    if after is None:
        return False
    area = after.group(1).rstrip(",")
    # "Ga." is an abbreviation; "Luhansk. Casualties" ends the sentence after the area.
    first = area.split(" ")[0]
    return any(
        _names_area(name, gazetteer) or (loosely_spelt and bool(gazetteer.admin1_like(name)))
        for name in dict.fromkeys((area, first, first.rstrip(".")))
    )


def _names_area(name: str, gazetteer: Gazetteer) -> bool:
    """Whether ``name`` is a state, province or country ("Texas", "Ga.", "Luhansk")."""
    if gazetteer.conventional_place(name, adjectives=False) is not None:
        return True
    surface = spelling(name)
    return any(
        p.feature_code in {"ADM1", "PCLI"} and spelling(p.name) == surface
        for p in gazetteer.candidates(name)
    )


# A place inside a longer name must be this large to count: "Johnson" of "Johnson
# Controls" meets hamlets.
MIN_IN_NAME_POPULATION = 10_000


def _is_place_in_name(text: str, mention: _Mention, entities: Sequence[Entity]) -> bool:
    """ "Ohio" in "the Ohio Turnpike", "Toronto" in "Toronto Police Service", "Georgia" in
    "University of Georgia": an exactly named place inside an organisation's or a
    facility's name (the gold corpora count it; it never places an event)."""
    containers = [
        e
        for e in entities
        if e.span.start <= mention.span.start
        and mention.span.end <= e.span.end
        and len(e.span.text) > len(mention.span.text)
    ]
    if not containers or any(e.label == "PERSON" for e in containers):
        return False
    if not any(_opens_or_ends_with_of(text, e.span, mention.span) for e in containers):
        return False  # "Magdalen College", "Citizens National Bank": words of the name
    word = mention.span.text
    if word.casefold() in COMMON_WORDS or country_of_demonym(word) or len(word) < 3:
        return False
    surface = spelling(word)
    return any(
        spelling(p.name) == surface
        and (p.feature_code in {"PCLI", "ADM1", "ADM2"} or p.population >= MIN_IN_NAME_POPULATION)
        for p in mention.candidates
    )


# "Kafr Xyz village, Aleppo.", "(Usaylan, Shabwah)", "Xyz, Kharkiv region": the name that
# closes a place's description. A capitalised name or a list going on after it means a
# list of places instead ("Homs, Hama and Idlib").
_TAIL_BEFORE = re.compile(r"(?:\w|\))\s*(?:,|\()\s*$")
_TAIL_AFTER = re.compile(r"^(?!\s*(?:(?:,|\band\b|\bor\b)\s*)?[A-Z])")
_TAIL_AREA_NOUN = re.compile(r"^\s+(?:region|oblast|province|governorate|state)\b", re.IGNORECASE)


def _is_admin_tail(text: str, span: Span) -> bool:
    """Whether the name ends a place's description, where reports name its province."""
    if not _TAIL_BEFORE.search(text[max(0, span.start - 80) : span.start]):
        return False
    after = text[span.end : span.end + 40]
    return bool(_TAIL_AREA_NOUN.match(after) or _TAIL_AFTER.match(after))


def _mark_admin_tail(text: str, mention: _Mention, gazetteer: Gazetteer) -> None:
    """A name followed by its areas in parentheses, or a province named at the end of a
    place's description, is a place whatever the model calls it ("Aleppo" as NORP); a
    province spelt unlike any gazetteer name is matched loosely
    against first-level areas ("Zaporizhia") (issue 4)."""
    parenthesis = _PARENTHESIS_AFTER.match(text[mention.span.end :])
    if parenthesis and _ends_with_known_name(parenthesis.group(1), gazetteer):
        mention.strong = True  # "Al Xyz (Kitaf, Sadah)": described as a place by its areas
    tail = _is_admin_tail(text, mention.span)
    if not mention.candidates and (mention.preference == "admin1" or (tail and mention.strong)):
        mention.candidates = gazetteer.admin1_like(mention.span.text)
    if tail and any(p.feature_code == "ADM1" for p in mention.candidates):
        mention.strong = True


_COMPASS_WORDS = frozenset(
    """north south east west central northern southern eastern western northeast northwest
    southeast southwest north-east north-west south-east south-west middle upper lower""".split()  # noqa: SIM905
)


def _ends_with_known_name(enclosed: str, gazetteer: Gazetteer) -> bool:
    """ "(Aleppo)", "(Ehime Mbano, Imo)": whether the widest name in a parenthesis after a
    name, the last, is one the gazetteer knows (the district before it may not be)."""
    return gazetteer.has_name(enclosed.rsplit(",", 1)[-1].strip())


def _is_compass_word(name: str) -> bool:
    """ "North", "South East": words that name a direction, not a place, on their own."""
    words = name.casefold().split()
    return bool(words) and all(word in _COMPASS_WORDS for word in words)


def _link_context(text: str, mentions: list[_Mention]) -> None:
    """Parentheses naming admin areas ("Ahtimat (Aleppo)", "Mangala (Djugu, Ituri)": the
    last name inside is the widest, the province), "X village in Y province", and
    "between X and Y" pairs."""
    for index, first in enumerate(mentions):
        inside = _PARENTHESIS_AFTER.match(text[first.span.end :])
        if inside:
            start, end = first.span.end + inside.start(1), first.span.end + inside.end(1)
            enclosed = [m for m in mentions[index + 1 :] if start <= m.span.start < end]
            for member in enclosed:
                member.strong = True
                if member.preference is None and member is enclosed[-1]:
                    member.preference = "admin1"
            if enclosed:
                first.context = enclosed[-1].span.text
        if index + 1 < len(mentions):
            second = mentions[index + 1]
            gap = text[first.span.end : second.span.start]
            # Length first: searching a long gap of spaces is quadratic (issue 8).
            if first.relation == "between" and len(gap) < 30 and _AND_BEFORE.search(gap):
                second.relation = second.relation or "between"
            if (
                second.preference in {"admin1", "admin2"}
                and not first.context
                and len(gap) < 30
                and _IN_AREA_GAP.match(gap)
            ):
                first.context = second.span.text
    _link_trailing_area(text, mentions)


_COMMA_GAP = re.compile(
    r"^(?:\s+(?:village|town|city|area|district|community|hromada|settlement))?\s*,\s*$",
    re.IGNORECASE,
)


def _names_province(mention: _Mention) -> bool:
    return any(p.feature_code == "ADM1" for p in mention.candidates)


def _is_province_name(mention: _Mention) -> bool:
    """Whether the name is a province's own ("Hama" in "Homs, Hama"): never a village
    of another province."""
    surface = spelling(mention.span.text)
    return any(p.feature_code == "ADM1" and spelling(p.name) == surface for p in mention.candidates)


def _country_named(place: _Mention, area: _Mention) -> str | None:
    """The country ``area`` is, unless it also names a province that ``place`` may lie in
    ("Atlanta, Georgia" is the state's; "Rustavi, Georgia" is the country's)."""
    surface = spelling(area.span.text)
    country = next(
        (
            p.country
            for p in area.candidates
            if p.feature_code == "PCLI" and spelling(p.name) == surface
        ),
        None,
    )
    provinces = {(p.country, p.admin1) for p in area.candidates if p.feature_code == "ADM1"}
    if country is None or not provinces:
        return country
    in_country = any(c.country == country for c in place.candidates)
    in_province = any((c.country, c.admin1) in provinces for c in place.candidates)
    return country if in_country and not in_province else None


def _link_trailing_area(text: str, mentions: list[_Mention]) -> None:
    """ "Dmytrivka, Kharkiv", "Kafr Xyz village, Aleppo": a province named after a comma
    at the end of a place's description is where that place lies (issue 4). After a
    province's name only a state's abbreviation is ("California, Pa."): "Homs, Hama"
    is a list."""
    for first, second in itertools.pairwise(mentions):
        gap = text[first.span.end : second.span.start]
        if len(gap) <= 20 and _COMMA_GAP.match(gap) and _is_admin_tail(text, second.span):
            first.country = _country_named(first, second)
        if first.country is not None:
            continue  # "Rustavi, Georgia": the country, not the US state
        if (
            first.context
            or len(gap) > 20
            or not _COMMA_GAP.match(gap)
            or not _names_province(second)
            or (_is_province_name(first) and not second.conventional)
            or not _is_admin_tail(text, second.span)
        ):
            continue
        first.context = second.candidates[0].name if second.conventional else second.span.text
        second.strong = True
        if second.preference is None:
            second.preference = "admin1"


# ---------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------


def names_armed_force(text: str, end: int) -> bool:
    """Whether the country word ending at ``end`` names an armed force ("Russian
    forces", "Saudi-led coalition"): it says whose forces, not where they are."""
    return bool(_FORCES_AFTER.match(text, end))


def _country_focus(text: str, mentions: list[_Mention], homes: Collection[str] = ()) -> str | None:
    """The country the report is most about: named countries, other places, demonyms, and
    the home countries of the armed groups it names (M23 fights in Congo, the NPA in the
    Philippines), each worth a little less than a country named."""
    votes: dict[str, float] = defaultdict(float)
    for home in homes:
        votes[home] += HOME_VOTE
    # Once per name: a town named ten times is one piece of evidence, not ten.
    distinct = {spelling(m.span.text): m for m in mentions}
    for mention in distinct.values():
        if not mention.candidates:
            continue
        first = mention.candidates[0]
        if first.feature_code in WIDE_AREA_CODES:
            continue
        if first.feature_code == "PCLI":
            if names_armed_force(text, mention.span.end):
                continue  # "Pakistan forces fired on Paktia": the forces' country, not the place
            # "Georgia" is a country and a US state: the vote is shared.
            namesakes = [
                p.country or ""
                for p in mention.candidates[1:]
                if p.feature_code == "ADM1" and spelling(p.name) == spelling(first.name)
            ]
            # "(Shiroro, Niger)": written as a place's province, the name is the province.
            as_province = bool(namesakes) and mention.preference in {"admin1", "admin2"}
            countries = namesakes if as_province else [first.country or "", *namesakes]
            for country in countries:
                votes[country] += 3 / len(countries)
            continue
        provinces = [p for p in mention.candidates if p.feature_code == "ADM1"]
        if not provinces and _names_admin2(mention):
            # "Laurel County": a county's name says which country as a province's does.
            provinces = [p for p in mention.candidates if p.feature_code == "ADM2"]
        if provinces and mention.preference is None:
            # "Shakhta, Donetsk": a province's name says more about the country than a
            # village's namesakes do; one spelt otherwise ("Kayah" for Kaya) says little.
            surface = spelling(mention.span.text)
            for place in provinces:
                exact = spelling(place.name) == surface
                votes[place.country or ""] += (1 if exact else KEY_ONLY_VOTE) / len(provinces)
        if mention.preference in {"admin1", "admin2"} and provinces:
            # "Raqqa governorate", "Lamu county": the word says which kind of name it is.
            for place in provinces:
                votes[place.country or ""] += 2 / len(provinces)
            continue
        # One vote per name, shared by its candidates' countries by population; a
        # candidate that only shares the spelling key counts a tenth ("Kiel" is not Ha'il).
        weights: dict[str, float] = {}
        surface = spelling(mention.span.text)
        for place in mention.candidates:
            if place.country:
                weight = float(place.population + 1_000)
                if spelling(place.name) != surface:
                    weight /= 10
                weights[place.country] = max(weights.get(place.country, 0.0), weight)
        total = sum(weights.values())
        share = 1.0 if _is_exact_name(mention) else KEY_ONLY_VOTE
        for country, weight in weights.items():
            votes[country] += share * weight / total
    for match in _WORD.finditer(text):
        demonym_country = country_of_demonym(match.group())
        # "Russian forces shelled Donetsk" is about Ukraine: armed forces act abroad.
        if demonym_country and not names_armed_force(text, match.end()):
            votes[demonym_country] += 1
    votes.pop("", None)
    return max(votes, key=lambda country: votes[country]) if votes else None


# The vote of an armed group's home country: more than one town's name, less than the
# country's own name (3), for groups also fight across borders (the PKK in Iraq).
HOME_VOTE = 1.5
# The vote of a name that no candidate spells exactly ("Al Laylia" for Lilia): most such
# matches are names the gazetteer lacks meeting a namesake's key (issue 4).
KEY_ONLY_VOTE = 0.3


def _has_seat_namesake(mention: _Mention, area: Place) -> bool:
    """Whether a town among the candidates shares the area's name and lies in it, or is
    the seat it is placed at though an area of its own ("Kiev": Kyiv, not Kyiv Oblast)."""
    return any(
        (p.feature_code or "").startswith("PPL")
        and p.country == area.country
        and (
            p.admin1 == area.admin1 or (p.latitude, p.longitude) == (area.latitude, area.longitude)
        )
        and name_key(p.name) == name_key(area.name)
        for p in mention.candidates
    )


_ADMIN2_KIND = re.compile(r"\b(?:County|Parish|Borough|District)$")


def _names_admin2(mention: _Mention) -> bool:
    """Whether the name is a second-level area's own with its kind ("Laurel County",
    "Rapides Parish"); "Dover" names the town before the district."""
    if not _ADMIN2_KIND.search(mention.span.text):
        return False
    surface = spelling(mention.span.text)
    return any(p.feature_code == "ADM2" and spelling(p.name) == surface for p in mention.candidates)


def _population_weight(place: Place) -> float:
    return min(1.0, math.log10(place.population + 1) / 7)


def _feature_weight(place: Place, preference: Preference) -> float:
    code = place.feature_code or ""
    if preference == "admin1":
        return 1.0 if code == "ADM1" else 0.0
    if preference == "admin2":
        return 1.0 if code == "ADM2" else 0.2 if code == "ADM1" else 0.0
    if code.startswith("ADM"):
        return -0.3 if code == "ADM1" else -0.4
    return 0.3 if preference == "city" else 0.0


def _nearby_weight(place: Place, anchors: list[Place]) -> float:
    if not anchors:
        return 0.0
    nearest = min(distance_km(place, anchor) for anchor in anchors)
    return 0.4 if nearest < 100 else 0.15 if nearest < 300 else 0.0


@dataclass(frozen=True, slots=True)
class _Context:
    """What the rest of the report says about where it happens."""

    focus: str | None
    admin1: frozenset[str]
    anchors: tuple[Place, ...] = ()
    # (name, (country, admin1), weight): the first-level areas each name can lie in.
    areas: tuple[tuple[str, tuple[str | None, str | None], float], ...] = ()
    # (name, (country, admin1)): where each distinct name was resolved on the first pass.
    resolved: tuple[tuple[str, tuple[str | None, str | None]], ...] = ()
    # Countries the report names as such ("Russia", "Syrian").
    countries: frozenset[str] = frozenset()
    # Names given from outside are places: a name is never better left unresolved.
    given: bool = False
    # Counties the report names that hold a town it names, and those towns.
    counties: frozenset[Place] = frozenset()


def _candidate_score(mention: _Mention, place: Place, context: _Context) -> float:
    score = 0.3 * _population_weight(place) + _feature_weight(place, mention.preference)
    if (
        place.feature_code == "ADM1"
        and mention.preference is None
        and not _has_seat_namesake(mention, place)
    ):
        score += 0.3  # "Indiana" is the state; "Aleppo" is the city before the province
    if spelling(place.name) == spelling(mention.span.text):
        score += 0.4  # "Kiel" is Kiel before it is Ha'il, whose key it shares
    if _is_dwarfed(mention, place, context):
        score -= DWARFED_PENALTY  # the report's country alone does not make it the one meant
    elif context.focus and place.country == context.focus:
        score += 0.6
    if mention.context and place.admin1 and name_key(place.admin1) == name_key(mention.context):
        score += 1.2
    elif place.admin1 in context.admin1:
        score += 0.3
    score += _shared_area_weight(mention, place, context)
    score += _document_area_weight(mention, place, context)
    if place in context.counties:
        score += COUNTY_PAIR_WEIGHT  # "Paris and Henry County": Paris, Henry County, Tennessee
    if (
        place.country in context.countries
        and place.country != context.focus
        and place.feature_code != "PCLI"
    ):
        score += NAMED_COUNTRY_WEIGHT  # "Moscow" in a report naming Russia
    if place.feature_code == "PPLC" and spelling(place.name) == spelling(mention.span.text):
        score += 0.3  # "Washington" in the news is the capital before the state
    own = set(mention.candidates)
    anchors = [a for a in context.anchors if a not in own]
    return score + _nearby_weight(place, anchors)


def _is_dwarfed(mention: _Mention, place: Place, context: _Context) -> bool:
    """Whether a world city shares the name and is far larger than ``place``, which lies
    in no first-level area the report names ("London" in a US report is London,
    England, not London, Ohio, unless the report names Ohio)."""
    if place.admin1 in context.admin1:
        return False
    surface = spelling(mention.span.text)
    return any(
        other.population >= WORLD_CITY_POPULATION
        and other.population >= DWARFING_RATIO * place.population
        and spelling(other.name) == surface
        for other in mention.candidates
    )


# A city this large, and this many times larger than a namesake, is the one a report
# means unless it names the namesake's state (issue 4).
WORLD_CITY_POPULATION = 1_000_000
DWARFING_RATIO = 100
DWARFED_PENALTY = 0.2


# A name that may lie in more first-level areas than this says nothing about where.
MAX_AREAS_OF_NAME = 3


def _named_areas(
    mentions: list[_Mention],
) -> tuple[tuple[str, tuple[str | None, str | None], float], ...]:
    """For each distinct name of an admin area, the first-level areas its exactly named
    areas lie in ("Texas": Texas; "Henry County": a few states), each weighted 1 / their
    number. Town names are left out: most have namesakes in many areas."""
    found: list[tuple[str, tuple[str | None, str | None], float]] = []
    for surface, mention in {spelling(m.span.text): m for m in mentions}.items():
        if _is_capital_elsewhere(mention):
            continue
        areas = {
            (p.country, p.admin1)
            for p in mention.candidates
            if p.admin1 and p.feature_code in {"ADM1", "ADM2"} and spelling(p.name) == surface
        }
        if 0 < len(areas) <= MAX_AREAS_OF_NAME:
            found.extend((surface, area, 1 / len(areas)) for area in sorted(areas, key=str))
    return tuple(found)


def _is_capital_elsewhere(mention: _Mention) -> bool:
    """Whether the name is a capital's that lies outside the area of that name
    ("Washington": the capital is not in Washington state), so the name says nothing
    about the state the report is in (issue 4)."""
    surface = spelling(mention.span.text)
    return any(
        p.feature_code == "PPLC"
        and spelling(p.name) == surface
        and spelling(p.admin1 or "") != surface
        for p in mention.candidates
    )


def _shared_area_weight(mention: _Mention, place: Place, context: _Context) -> float:
    """ "Paris" in a report naming Texas is Paris, Texas: a bonus for a candidate in the
    first-level area where the report's other names lie."""
    if not place.admin1:
        return 0.0
    surface = spelling(mention.span.text)
    shared = sum(
        weight
        for name, area, weight in context.areas
        if name != surface and area == (place.country, place.admin1)
    )
    return 0.5 * min(1.0, shared)


# Bonus for a candidate in a country the report names: a world capital beats its small
# namesake of the focus country ("Moscow" with "Russia" in a US paper) (issue 4).
NAMED_COUNTRY_WEIGHT = 0.3
# Bonus for a candidate in the first-level area where all the report's other resolved
# names lie, scaled by their share: local news names its state's towns (issue 4).
DOCUMENT_AREA_WEIGHT = 0.5


# Bonus for a town in a county the report names, and for that county (issue 4).
COUNTY_PAIR_WEIGHT = 0.6


# A town lies in a county when this close to the county's centre (the mean of its towns).
COUNTY_RADIUS_KM = 40.0


def _paired_counties(mentions: list[_Mention]) -> frozenset[Place]:
    """Counties that one name of the report can be, and towns that another name can be
    lying in such a county, each named exactly ("Paris" and "Henry County" meet in
    Tennessee). The default gazetteer does not say which county holds a town, so the
    town must lie in the county's state near its centre."""
    counties: list[tuple[str, Place]] = []
    towns: list[tuple[str, Place]] = []
    for surface, mention in {spelling(m.span.text): m for m in mentions}.items():
        for place in mention.candidates:
            if spelling(place.name) != surface or not place.admin1:
                continue
            if place.feature_code == "ADM2":
                counties.append((surface, place))
            elif (place.feature_code or "").startswith("PPL"):
                towns.append((surface, place))
    paired: set[Place] = set()
    for county_name, county in counties:
        for town_name, town in towns:
            if (
                town_name != county_name
                and (town.country, town.admin1) == (county.country, county.admin1)
                and distance_km(town, county) <= COUNTY_RADIUS_KM
            ):
                paired.update((county, town))
    return frozenset(paired)


def _document_area_weight(mention: _Mention, place: Place, context: _Context) -> float:
    """ "Henry County" or "Richmond" in a report whose other places are in Virginia: a
    bonus by the share of the other names resolved into the candidate's state."""
    if not place.admin1 or not context.resolved:
        return 0.0
    surface = spelling(mention.span.text)
    others = [area for name, area in context.resolved if name != surface]
    if not others:
        return 0.0
    inside = sum(area == (place.country, place.admin1) for area in others)
    return DOCUMENT_AREA_WEIGHT * inside / len(others)


def _resolved_areas(
    mentions: list[_Mention],
) -> tuple[tuple[str, tuple[str | None, str | None]], ...]:
    """The first-level area of each distinct name resolved to a town, county or state
    (countries and wider areas say nothing about the state)."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for mention in mentions:
        place = mention.place
        if place is None or not place.admin1 or place.feature_code in _NOT_IN_A_STATE:
            continue
        found.setdefault(spelling(mention.span.text), (place.country, place.admin1))
    return tuple(found.items())


_NOT_IN_A_STATE = frozenset({"PCLI", "CONT", "RGN", "OCN", "SEA"})


def _named_countries(mentions: list[_Mention]) -> frozenset[str]:
    """Countries the report names by their name (resolved on the first pass)."""
    return frozenset(
        m.place.country
        for m in mentions
        if m.place is not None and m.place.feature_code == "PCLI" and m.place.country
    )


# A town named like a country is meant when it lies this close to another town of the
# report ("Jordan" beside Shakopee is Jordan, Minnesota) (issue 4).
NAMESAKE_NEAR_KM = 40.0


def _namesake_near_anchor(mention: _Mention, context: _Context) -> Place | None:
    """A town named exactly like the mention within ``NAMESAKE_NEAR_KM`` of a town
    the report names."""
    surface = spelling(mention.span.text)
    if spelling(mention.candidates[0].name) != surface:
        return None  # "US" is the country's short form, never the French village Us
    own = set(mention.candidates)
    anchors = [a for a in context.anchors if a not in own]
    for place in mention.candidates:
        if (
            (place.feature_code or "").startswith("PPL")
            and spelling(place.name) == surface
            and any(distance_km(place, a) <= NAMESAKE_NEAR_KM for a in anchors)
        ):
            return place
    return None


def _ranked(mention: _Mention, context: _Context) -> tuple[list[Place], float]:
    """The candidates, best first, and the best one's lead over the runner-up."""
    if not mention.candidates:
        return [], 0.0
    first = mention.candidates[0]
    if first.feature_code == "PCLI" and not _is_misspelt_country(mention):
        # A country name never means a town of that name, but may mean a province of the
        # report's country ("Georgia" in a report on Atlanta) or a town of it in an area
        # the report names ("Palestine" in a report naming Texas).
        local = None
        if first.country != context.focus:
            local = _namesake_province(mention, context.focus)
            if local is None:
                local = _namesake_in_named_area(mention, context)
        if local is None:
            # Even when the focus is the country: the name may be all that put it there.
            local = _namesake_near_anchor(mention, context)
        if local is not None:
            return [local], 0.5
        return [first], 1.0
    wide = [p for p in mention.candidates if p.feature_code in WIDE_AREA_CODES]
    if wide and mention.preference is None:
        return wide[:1], 1.0  # "Europe", "Middle East", "Atlantic": never the village
    candidates = _without_minor_namesakes(mention, context)
    scored = sorted(
        ((_candidate_score(mention, p, context), p) for p in candidates),
        key=lambda pair: -pair[0],
    )
    margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 1.0
    return [place for _, place in scored], margin


def _without_minor_namesakes(mention: _Mention, context: _Context) -> list[Place]:
    """The candidates less the small places that a first-level area's own name cannot
    mean: those that bear it only as another name or through its spelling key ("Ohio"
    is not Oława, "Florida" not a suburb with that alternate name), and, when the area
    is the focus country's, towns of that name outside it ("Wales", "Kansas": the area,
    not a village elsewhere) unless the report names a town beside one of them."""
    surface = spelling(mention.span.text)
    if not any(
        p.feature_code == "ADM1"
        and p.population >= MINOR_PLACE_POPULATION
        and spelling(p.name) == surface
        and not _has_seat_namesake(mention, p)
        for p in mention.candidates
    ):
        return mention.candidates  # "Kingston", "Saida": the province of a town
    area = _first_level_area_named(mention, context)
    near = _namesake_near_anchor(mention, context) if area is not None else None

    def may_be_meant(place: Place) -> bool:
        if not _is_minor_place(place) or place.feature_code == "ADM2" or place == near:
            return True  # "Raleigh" may be Raleigh County
        if spelling(place.name) != surface:
            return False
        return area is None or (place.country, place.admin1) == (area.country, area.admin1)

    return [p for p in mention.candidates if may_be_meant(p)]


def _first_level_area_named(mention: _Mention, context: _Context) -> Place | None:
    """The focus country's first-level area named exactly like the mention, where the
    name is not also a town inside it ("Aleppo") nor a capital elsewhere
    ("Washington"), and the text gives it no other area ("Florida, New York")."""
    if mention.context or mention.preference not in {None, "admin1"}:
        return None
    if _is_capital_elsewhere(mention):
        return None
    surface = spelling(mention.span.text)
    for place in mention.candidates:
        if (
            place.feature_code == "ADM1"
            and place.country == context.focus
            and spelling(place.name) == surface
            and not _has_seat_namesake(mention, place)
        ):
            return place
    return None


# Continents, regions, seas and oceans: areas wider than one country.
WIDE_AREA_CODES = frozenset({"CONT", "RGN", "OCN", "SEA"})


def _is_misspelt_country(mention: _Mention) -> bool:
    """ "Columbia" meets Colombia through its name key, but names towns exactly. A
    short form that is spelt unlike the country's name ("U.S.", "UK", "America") is the
    country's alias, whatever villages share it ("Us", France)."""
    surface = spelling(mention.span.text)
    first = mention.candidates[0]
    if fuzz.ratio(spelling(first.name), surface) < MISSPELLING_MIN_RATIO:
        return False
    return spelling(first.name) != surface and any(
        spelling(p.name) == surface for p in mention.candidates[1:]
    )


# How alike (rapidfuzz ratio) a name and a country's must be for the name to be a
# misspelling of it rather than an alias ("Columbia" 88 against "U.S." 14) (issue 4).
MISSPELLING_MIN_RATIO = 70


# A town must be this large to be taken for the country it shares a name with.
MIN_NAMESAKE_POPULATION = 10_000


def _namesake_in_named_area(mention: _Mention, context: _Context) -> Place | None:
    """A town of the focus country named exactly like the mention, in an area that the
    report's other names place it in, and large enough to be named without its area
    ("China, Texas", 1,000 people, is not what a report naming Texas and China means)."""
    surface = spelling(mention.span.text)
    for place in mention.candidates:
        if (
            place.country == context.focus
            and place.population >= MIN_NAMESAKE_POPULATION
            and spelling(place.name) == surface
            and _shared_area_weight(mention, place, context) > 0
        ):
            return place
    return None


def _namesake_province(mention: _Mention, focus: str | None) -> Place | None:
    """A first-level area of the focus country named exactly like the mention."""
    surface = spelling(mention.span.text)
    for place in mention.candidates:
        if (
            place.feature_code == "ADM1"
            and place.country == focus
            and spelling(place.name) == surface
        ):
            return place
    return None


def _outside_context(
    place: Place,
    mention: _Mention,
    context_place: Place | None,
    focus: str | None,
    focus_named_areas: bool = False,
) -> bool:
    """A candidate far from the admin area the text puts the name in is not credible, nor
    one abroad that only shares the spelling key ("Djugu" in a report on Congo is not
    Djougou in Benin)."""
    if place.feature_code in WIDE_AREA_CODES or mention.conventional:
        return False  # "Europe", "the EU", "Pa.": nothing else the name could mean
    abroad = bool(focus) and place.country != focus and place.feature_code != "PCLI"
    if abroad and spelling(place.name) != spelling(mention.span.text):
        return True
    if abroad and focus_named_areas and _is_minor_place(place):
        # "Orte (Duhok)" is not the Italian village: a report that names provinces of one
        # country names its own villages, which the gazetteer may lack, far more often than those abroad.
        return context_place is None or context_place.country != place.country
    if context_place is None or place.admin1 == context_place.admin1:
        return False
    if context_place.feature_code == "ADM1" and place.country == context_place.country:
        # "Dmytrivka, Kharkiv": the text names the province, so a namesake in the next
        # province is another village, however near (issue 4).
        return True
    return place.country != context_place.country or distance_km(place, context_place) > 150


def _in_another_country(place: Place, mention: _Mention) -> bool:
    """ "Manika, India" is not the Philippine village of that name: the comma names the
    country, and the gazetteer may lack the place there."""
    return mention.country is not None and place.country != mention.country


# A village smaller than this, in another province than the one the report names, is a
# namesake rather than the place meant (issue 4).
MAX_STRAY_VILLAGE_POPULATION = 10_000


def _village_of_another_province(place: Place, mention: _Mention, context: _Context) -> bool:
    """ "Aqabah village ... northwest of Ad Dali city (Ad Dali)": a report that names one
    province means its own villages, which the gazetteer may lack, rather than a village
    spelt otherwise (Al Aqabah) in the next province."""
    return (
        not context.given
        and not mention.context
        and len(context.admin1) == 1
        and place.country == context.focus
        and (place.feature_code or "").startswith("PPL")
        and place.population < MAX_STRAY_VILLAGE_POPULATION
        and place.admin1 not in context.admin1
        and spelling(place.name) != spelling(mention.span.text)
    )


# A town abroad smaller than this is not taken for a name in a report about another country.
MINOR_PLACE_POPULATION = 100_000


def _is_minor_place(place: Place) -> bool:
    return place.feature_code not in {"PCLI", "ADM1"} and place.population < MINOR_PLACE_POPULATION


def _confidence(mention: _Mention, place: Place | None, margin: float, context: _Context) -> float:
    if place is None:
        return 0.3 if mention.strong else 0.1
    if place.feature_code == "PCLI":
        return 0.95
    score = 0.45 if mention.strong else 0.3
    if context.focus and place.country == context.focus:
        score += 0.2
    if mention.context and place.admin1 and name_key(place.admin1) == name_key(mention.context):
        score += 0.2
    score += min(0.15, margin / 2)
    return round(min(1.0, score), 3)


def _resolve(mentions: list[_Mention], context: _Context, gazetteer: Gazetteer) -> None:
    for mention in mentions:
        ranked, margin = _ranked(mention, context)
        context_place = _context_place(mention, context, gazetteer)
        # The best candidate the context allows: a namesake abroad that outscored the
        # place meant ("Liverpool" in New York) gives way to the next one.
        allowed = [
            p
            for p in ranked
            if not _outside_context(p, mention, context_place, context.focus, bool(context.admin1))
            and not _village_of_another_province(p, mention, context)
            and not _in_another_country(p, mention)
        ]
        place = allowed[0] if allowed else None
        # A given name is a place: the best guess beats none, unless a town of the report
        # is a better one (see _place_given_names_left_over).
        mention.guess = ranked[0] if place is None and ranked and context.given else None
        if not ranked or place is not ranked[0]:
            margin = 0.0
        if context_place is not None and mention.context:
            mention.context = context_place.name
        mention.place = place
        mention.score = _confidence(mention, mention.guess or place, margin, context)


def _context_place(mention: _Mention, context: _Context, gazetteer: Gazetteer) -> Place | None:
    if not mention.context:
        return None
    # "Zarichne, Zaporizhia": a province as reports spell it, which the gazetteer lacks.
    areas = gazetteer.admin1_candidates(mention.context) or gazetteer.admin1_like(mention.context)
    preferred = [a for a in areas if a.country == context.focus] or areas
    # "Irpin, Kyiv": of the areas called Kyiv (the city, the oblast), the one Irpin is in.
    holding = {(c.country, c.admin1) for c in mention.candidates}
    return next((a for a in preferred if (a.country, a.admin1) in holding), None) or (
        preferred[0] if preferred else None
    )


def _admin1_named(mentions: list[_Mention], focus: str | None) -> frozenset[str]:
    """The first-level areas of the focus country that the report names, or names a
    county of ("Rapides Parish" puts the report in Louisiana)."""
    names = set()
    for mention in mentions:
        if _is_capital_elsewhere(mention):
            continue
        for place in mention.candidates:
            if place.feature_code == "ADM1" and (focus is None or place.country == focus):
                names.add(place.admin1 or place.name)
        if _names_admin2(mention):
            counties = {
                p.admin1
                for p in mention.candidates
                if p.feature_code == "ADM2" and (focus is None or p.country == focus)
            }
            if len(counties) == 1:
                names |= {a for a in counties if a}
    return frozenset(names)


def _anchors(mentions: list[_Mention]) -> tuple[Place, ...]:
    """Resolved towns (not countries or admin areas) to judge other candidates' distance."""
    # Unique: a report naming one town a thousand times has one anchor, not a thousand.
    return tuple(
        dict.fromkeys(
            m.place
            for m in mentions
            if m.place is not None and (m.place.feature_code or "").startswith("PPL")
        )
    )


def find_toponyms(
    text: str, entities: Sequence[Entity], gazetteer: Gazetteer, *, homes: Collection[str] = ()
) -> list[Toponym]:
    """Place names in ``text``, each resolved to a gazetteer place or left unresolved, in
    text order; demonyms and places inside longer names come with their ``kind``.
    ``homes``: the countries of the armed groups the report names (see _country_focus)."""
    mentions = _recognise(text, entities, gazetteer)
    names = [m for m in mentions if m.kind == "name"]
    toponyms = _resolve_in_context(text, names, gazetteer, homes=homes)
    toponyms += _in_name_toponyms(text, mentions, gazetteer, homes)
    toponyms += _demonym_toponyms(text, [t.span for t in toponyms], gazetteer)
    return sorted(toponyms, key=lambda t: _span_order(t.span))


def _in_name_toponyms(
    text: str, mentions: list[_Mention], gazetteer: Gazetteer, homes: Collection[str]
) -> list[Toponym]:
    """Places inside longer names, resolved beside the report's names but after them, so
    that they change nothing about how the names resolve."""
    inside = {(m.span.start, m.span.end) for m in mentions if m.kind == "in_name"}
    if not inside:
        return []
    copies = [replace(m) for m in mentions]  # resolution writes into mentions
    return [
        _with_kind(t, "in_name")
        for t in _resolve_in_context(text, copies, gazetteer, homes=homes)
        if (t.span.start, t.span.end) in inside
    ]


def _with_kind(toponym: Toponym, kind: str) -> Toponym:
    return replace(toponym, kind=kind)


# Adjectives that name a language far more often than a place ("in English").
_LANGUAGE_ADJECTIVES = frozenset({"English"})
# "South Sudanese", "Sri Lankan", "Central American": two-word demonyms.
_DEMONYM = re.compile(
    r"\b(?:(?:South|North|East|West|Central|Latin|Sri|New|Saudi|Middle|Costa|Puerto)\s)?"
    r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b"
)


def _demonym_toponyms(text: str, taken: Sequence[Span], gazetteer: Gazetteer) -> list[Toponym]:
    """ "Syrian", "European": adjectives of a country or area, resolved to it (issue 4).
    Plurals ("Syrians") are people, not places, and are left out."""
    found = []
    for match in _DEMONYM.finditer(text):
        span = _demonym_span(text, match)
        if span is None or any(_overlaps(span, other) for other in taken):
            continue
        place = gazetteer.conventional_place(span.text)
        if place is not None:
            found.append(Toponym(span=span, place=place, score=0.9, kind="demonym"))
    return found


def _demonym_span(text: str, match: re.Match[str]) -> Span | None:
    """The demonym in a match: both words ("South Sudanese"), else the last ("North Korean"
    is whole, "New Syrian" is "Syrian")."""
    words = match.group().split()
    for first in range(len(words)):
        name = " ".join(words[first:])
        if _is_singular_demonym(name):
            start = match.end() - len(name)
            return Span(start, match.end(), name)
    return None


def _is_singular_demonym(name: str) -> bool:
    if name in _LANGUAGE_ADJECTIVES:
        return False
    if not (country_of_demonym(name) or area_of_adjective(name)):
        return False
    singular = name[:-1] if name.endswith("s") else None
    return not (singular and (country_of_demonym(singular) or area_of_adjective(singular)))


def resolve_spans(text: str, spans: Sequence[Span], gazetteer: Gazetteer) -> list[Toponym]:
    """Resolve given place-name spans (gold annotations, say) as if they had been recognised.

    Every span is taken as a place, so no credibility filter applies; the
    spans alone form the context that resolution weighs. Toponyms come back
    in text order.
    """
    mentions = [_given_mention(text, span, gazetteer) for span in sorted(spans, key=_span_order)]
    return _resolve_in_context(text, mentions, gazetteer, given=True)


def _span_order(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _given_mention(text: str, span: Span, gazetteer: Gazetteer) -> _Mention:
    relation = _relation_around(text, span)
    preference, _ = _preference(text, span)
    # A given span is a place, so a demonym ("Egyptian") names its country here.
    conventional = gazetteer.conventional_place(span.text)
    return _Mention(
        span=span,
        candidates=[conventional] if conventional else gazetteer.candidates(span.text),
        conventional=conventional is not None,
        strong=True,
        relation=relation,
        preference=preference,
    )


_NAME_AND_NOUN = re.compile(
    r"^(?P<name>.*\S)\s+(?P<noun>district|province|governorate|region|oblast|county|village|town"
    r"|area|community)$",
    re.IGNORECASE,
)
_AREA_LIST = re.compile(r"^\s*\(([^()\n,]{2,40}),\s*[^()\n]{2,40}\)")


def _complete_mentions(text: str, mentions: list[_Mention], gazetteer: Gazetteer) -> None:
    """Names the recognition kept without candidates that the gazetteer knows in a
    shorter form ("Medghal district": the district Medghal), and districts written
    between a place and its province that it did not find ("Xyz (Kitaf wa Al Boqee,
    Sadah)"), so that the event can be placed there (issue 4)."""
    for mention in mentions:
        whole = _NAME_AND_NOUN.match(mention.span.text)
        if mention.candidates or whole is None:
            continue
        mention.candidates = gazetteer.candidates(whole.group("name"))
        noun = whole.group("noun").casefold()
        if noun in _ADMIN1_NOUNS:
            mention.preference = "admin1"
        elif noun in _ADMIN2_NOUNS:
            mention.preference = "admin2"
        elif noun == "area":
            mention.relation = mention.relation or "near"  # "the Xyz area": near Xyz
    for mention in list(mentions):
        areas = _AREA_LIST.match(text[mention.span.end :])
        if areas is None:
            continue
        span = Span(
            mention.span.end + areas.start(1),
            mention.span.end + areas.end(1),
            areas.group(1),
        )
        inside = [m for m in mentions if _overlaps(span, m.span)]
        if any(m.span.start < span.start or m.span.end > span.end for m in inside):
            continue
        if any(spelling(m.span.text) == spelling(span.text) for m in inside):
            continue
        districts = [p for p in gazetteer.candidates(span.text) if p.feature_code == "ADM2"]
        if districts:
            # Parts of the district's name found on their own ("Al Boqee") give way to it.
            for part in inside:
                mentions.remove(part)
            mentions.append(
                _Mention(span=span, candidates=districts, strong=True, preference="admin2")
            )
    mentions.sort(key=lambda m: m.span.start)


# Abbreviated kinds of area written in local news ("Loudon Co.", "Madison Twp.").
_KIND_ABBREVIATIONS = ((re.compile(r"\bCo\.?$"), "County"), (re.compile(r"\bTwp\.?$"), "Township"))
# Endings of demonyms and the endings of the names they are formed from
# ("Ohioans" -> "Ohio", "Minnesotans" -> "Minnesota", "Dagestani" -> "Dagestan").
_DEMONYM_ENDINGS = (
    ("ians", ("ia", "")), ("ans", ("a", "o", "")), ("ers", ("",)), ("ian", ("ia", "y", "")),
    ("an", ("a", "o", "")), ("i", ("",)), ("ish", ("istan",)),
)  # fmt: skip
# Nouns of features and buildings that name no place on their own ("Brands Hatch" is
# not Hatch, "Trump Tower" not Tower).
_FEATURE_NOUNS = frozenset(
    """river creek lake lagoon pond bay sound harbor harbour port point cape head valley
    grove meadow park garden gardens forest wood woods hill hills mount mountain mountains
    island islands delta falls spring springs beach coast shore lakeshore canyon gap pass
    tower wing hall house palace castle cottage mill farm estate court square plaza mall
    center centre stadium arena bend loop summit trial bank college academy institute
    national memorial township twp colony quarter""".split()  # noqa: SIM905
)
# Words that may stand before a place's name in a longer name of which it is the heart
# ("South Los Angeles", "Port of Los Angeles", "University of Arizona").
_LEADING_WORDS = frozenset(
    """north south east west northern southern eastern western central upper lower greater
    downtown port of the university bank city town county council greater metro""".split()  # noqa: SIM905
)
# A part of a name that stands after other words is taken only if it is this large,
# or a country or first- or second-level area ("Robinson College Cambridge").
MIN_INNER_PART_POPULATION = 100_000
# The shortest stem of a demonym ("Iow" of "Iowans").
MIN_STEM_LETTERS = 3
# The shortest part of a longer name taken on its own ("Colorado" of "Colorado State
# University"); shorter words are mostly initials and codes.
MIN_PART_LETTERS = 4


def _fallback_candidates(name: str, gazetteer: Gazetteer) -> tuple[list[Place], bool]:
    """Candidates for a name the gazetteer does not know as written, and whether they are
    a convention: an abbreviation without its dot ("Calif"), a kind abbreviated ("Pott
    Co."), a county without the word ("Gwinnett"), a demonym of a state ("Ohioans"), or
    the longest known part of a longer name ("Colorado State University", "Miami-Dade",
    "South Los Angeles") (issue 4)."""
    dotted = gazetteer.conventional_place(name + ".", adjectives=False)
    if dotted is not None and not name.endswith("."):
        return [dotted], True
    for pattern, kind in _KIND_ABBREVIATIONS:
        if pattern.search(name):
            name = pattern.sub(kind, name)
            found = _exact_candidates(name, gazetteer)
            if found:
                return found, False
    last = name.split()[-1].casefold()
    counties = [
        p
        for kind in ("County", "Parish")
        for p in _exact_candidates(f"{name} {kind}", gazetteer)
        if p.feature_code == "ADM2" and last not in _FEATURE_NOUNS
    ]
    if counties:
        return counties, False
    stemmed = _demonym_stem_candidates(name, gazetteer)
    if stemmed:
        return stemmed, True
    return _part_candidates(name, gazetteer)


def _exact_candidates(name: str, gazetteer: Gazetteer) -> list[Place]:
    surface = spelling(name)
    return [p for p in gazetteer.candidates(name) if spelling(p.name) == surface]


def _demonym_stem_candidates(name: str, gazetteer: Gazetteer) -> list[Place]:
    """The state, country or large city a demonym is formed from ("Iowans": Iowa)."""
    for ending, replacements in _DEMONYM_ENDINGS:
        stem = name[: -len(ending)]
        if not name.endswith(ending) or len(stem) < MIN_STEM_LETTERS:
            continue
        for replacement in replacements:
            found = [
                p
                for p in _exact_candidates(stem + replacement, gazetteer)
                if p.feature_code in {"PCLI", "ADM1", "RGN"} or p.population >= 100_000
            ]
            if found:
                return found
    return []


def _part_candidates(name: str, gazetteer: Gazetteer) -> tuple[list[Place], bool]:
    """The candidates of the longest part of ``name`` that some entry is called exactly
    (or that is a demonym: "European Commission"), leftmost first among equals."""
    words = re.split(r"[\s\-/]+", name.strip())
    for size in range(len(words) - 1, 0, -1):
        for first in range(len(words) - size + 1):
            part = " ".join(words[first : first + size])
            letters = spelling(part)
            if len(letters) < MIN_PART_LETTERS and not part.isupper():
                continue
            if size == 1 and part.casefold() in COMMON_WORDS | _FEATURE_NOUNS:
                continue
            conventional = gazetteer.conventional_place(part)
            if conventional is not None:
                return [conventional], True
            found = _exact_candidates(part, gazetteer)
            leading = {w.casefold() for w in words[:first]}
            if found and not leading <= _LEADING_WORDS:
                found = [p for p in found if _is_major(p)]
            if found:
                return found, False
    return [], False


def _is_major(place: Place) -> bool:
    return (
        place.feature_code in {"PCLI", "ADM1", "ADM2", *WIDE_AREA_CODES}
        or place.population >= MIN_INNER_PART_POPULATION
    )


def _add_fallbacks(mentions: list[_Mention], gazetteer: Gazetteer) -> None:
    for mention in mentions:
        if not mention.candidates and not mention.conventional:
            mention.candidates, mention.conventional = _fallback_candidates(
                mention.span.text, gazetteer
            )


def _resolve_in_context(
    text: str,
    mentions: list[_Mention],
    gazetteer: Gazetteer,
    *,
    given: bool = False,
    homes: Collection[str] = (),
) -> list[Toponym]:
    _complete_mentions(text, mentions, gazetteer)
    _add_fallbacks(mentions, gazetteer)
    _link_context(text, mentions)
    focus = _country_focus(text, mentions, homes)
    _expand_area_initials(mentions, focus, gazetteer)
    context = _Context(
        focus=focus,
        admin1=_admin1_named(mentions, focus),
        areas=_named_areas(mentions),
        counties=_paired_counties(mentions),
    )
    context = replace(context, given=given)
    _resolve(mentions, context, gazetteer)
    # Second pass: let the towns resolved so far pull ambiguous names towards them, and
    # their states and the countries named pull namesakes into them.
    second = replace(
        context,
        anchors=_anchors(mentions),
        resolved=_resolved_areas(mentions),
        countries=_named_countries(mentions),
    )
    _resolve(mentions, second, gazetteer)
    if given:
        _place_given_names_left_over(mentions)
    return [
        Toponym(
            span=m.span,
            place=m.place,
            score=m.score,
            relation=m.relation,
            context=m.context,
            country=m.country,
        )
        for m in mentions
    ]


_INITIALS = re.compile(r"[A-Z]{2,5}")


def _expand_area_initials(
    mentions: list[_Mention], focus: str | None, gazetteer: Gazetteer
) -> None:
    """Capitals that are the initials of the focus country or of one of its first-level
    areas name that area ("SA" in a report on South Africa, "NSW" or "WA" in one on
    Australia), not a village spelt alike (Wa, Ghana)."""
    if focus is None:
        return
    for mention in mentions:
        if mention.conventional or not _INITIALS.fullmatch(mention.span.text):
            continue
        area = gazetteer.abbreviated_area(mention.span.text, focus)
        if area is not None:
            mention.candidates, mention.conventional = [area], True


# Confidence in a given name the gazetteer lacks, placed at a town the report names.
NEIGHBOUR_TOWN_SCORE = 0.1


def _place_given_names_left_over(mentions: list[_Mention]) -> None:
    """A given name left without a place takes the town the report named last before
    it, or first after it: reports name their buildings, districts and villages beside
    their town, and the gazetteer lacks most of them (a stadium, a market, a village
    too small for it). So does a name that took a far namesake it does not spell.
    Without such a town a name takes its best candidate, though the context rules it
    out. Only given names: a name found by recognition may be no place at all."""
    towns = [
        m
        for m in mentions
        if m.place is not None and (m.place.feature_code or "").startswith("PPL")
    ]
    strays = {id(m) for m in mentions if _is_far_namesake(m, towns)}
    towns = [t for t in towns if id(t) not in strays]
    for mention in mentions:
        if mention.place is not None and id(mention) not in strays:
            continue
        guess = mention.guess
        if towns and (guess is None or spelling(guess.name) != spelling(mention.span.text)):
            before = [t for t in towns if t.span.start < mention.span.start]
            mention.place = (before[-1] if before else towns[0]).place
            mention.score = NEIGHBOUR_TOWN_SCORE
        else:
            mention.place = guess


def _is_far_namesake(mention: _Mention, towns: list[_Mention]) -> bool:
    """Whether a given name took a small place that bears it only as another name,
    through its spelling key or a part of it (Bangor, Maine, for "Bangor Ridge" in a
    report on Hawaii), lying farther than ``FAR_NAMESAKE_KM`` from every other town
    the report names."""
    place = mention.place
    if place is None or mention.conventional or not _is_minor_place(place):
        return False
    if place.feature_code in WIDE_AREA_CODES or spelling(place.name) == spelling(mention.span.text):
        return False
    others = [t.place for t in towns if t.place is not None and t.place != place]
    return bool(others) and min(distance_km(place, o) for o in others) > FAR_NAMESAKE_KM


# A place the name does not spell, this far from the report's other towns, is a stray
# namesake: one of the report's towns is the better guess (issue 4).
FAR_NAMESAKE_KM = 1000.0


# Rebel groups and political and identity militias (ACLED inter codes 2-4).
ARMED_GROUP_INTERS = frozenset({2, 3, 4})
_ACRONYM_AFTER = re.compile(r" ?\(([A-Za-z]{2,8})\)")


def acronym_after(text: str, span: Span) -> Span | None:
    """The initials in brackets after a name ("Rapid Action Battalion (Rab)"): part of the
    name, not the Croatian island or the Hungarian town it also spells."""
    found = _ACRONYM_AFTER.match(text, span.end)
    initials = "".join(word[0] for word in span.text.split() if word[:1].isupper())
    if found is None or found[1].casefold() != initials.casefold():
        return None
    return Span(found.start(1), found.end(1), found[1])


class PlacesStage:
    """Recognise and resolve the report's place names against the gazetteer."""

    name: ClassVar[str] = "places.gazetteer.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"sentences", "entities", "actors", "sources"})
    provides: ClassVar[frozenset[str]] = frozenset({"toponyms"})

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load_default()

    def __call__(self, doc: Document) -> Document:
        # Names inside an actor or a source ("Syrian Observatory ...") are not places of
        # events, but still place names: they stay, as names inside names.
        taken = [m.span for m in doc.actors] + [s.span for s in doc.sources if s.span is not None]
        acronyms = [a for a in (acronym_after(doc.report.text, span) for span in taken) if a]
        # An armed group is no institution: "Al Shabaab" does not place its attacks at a
        # village that spells like it, as "Dhaka University" places a protest at Dhaka.
        groups = [m.span for m in doc.actors if m.actor.inter in ARMED_GROUP_INTERS]
        homes = {
            m.actor.country
            for m in doc.actors
            if m.actor.country and m.actor.inter in ARMED_GROUP_INTERS
        }
        toponyms = [
            _with_kind(t, "in_group" if any(_overlaps(t.span, g) for g in groups) else "in_name")
            if t.kind == "name" and any(_overlaps(t.span, other) for other in taken)
            else t
            for t in find_toponyms(doc.report.text, doc.entities, self.gazetteer, homes=homes)
            if not any(_overlaps(t.span, acronym) for acronym in acronyms)
        ]
        return replace(doc, toponyms=tuple(sorted(toponyms, key=lambda t: t.span.start)))
