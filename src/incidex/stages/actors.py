"""Find the actors a report names (armed groups, state forces, protesters, civilians) and its sources.

The dictionaries are ``resources/actors.tsv`` and ``resources/sources.tsv`` (see the README
beside them for the naming rule). Matching works on word tokens, not characters: every alias
becomes a path in one token trie, built once by ``ActorDictionary``, and a report is read in a
single pass that tries the trie at each token and keeps the longest match. This is linear in
the length of the report and needs no regular expression per alias.

Rules the matcher follows:

- aliases are case-insensitive, apostrophes are ignored (``Da'esh`` = ``Daesh``) and accents
  are folded; tokens may be joined by spaces, hyphens, slashes or brackets, never by a comma
  or a full stop (except inside initials such as ``U.S.``);
- an alias token written in capitals (``IS``, ``SDF``, ``M23``) matches only in capitals, or
  in title case when it has five letters or more (``Monusco``); an alias written with a
  leading ``=`` matches only with its own case (``=the Coalition``); an alias written with a
  leading ``+`` only counts after a country adjective (``+forces``: "Israeli forces");
- possessives are fine (``Daesh's``); generic nouns match in singular and plural;
- a country adjective or name in front of a generic actor names its country ("Turkish
  soldiers" is ``Military Forces of Turkey``; "Syria's Defence Ministry" is a source);
- a named group swallows a following member noun ("Houthi rebels", "IS militants") so that
  the noun does not also count as an unidentified group;
- a span matched as a source is never an actor;
- rows with ``since``/``until`` days match only on those days (``find(text, on=day)``):
  the Taliban are the state from 15 August 2021, as ACLED codes them;
- a group's local branch is named from the place word beside it ("the Myaing PDF" is
  "People's Defense Force - Myaing", see ``LOCAL_BRANCHES``), and a communal militia from the
  place word before it ("Zamfara militiamen" is "Zamfara Communal Militia");
- a name after "anti-" or "counter-" is the group's enemy, not the group ("anti-Houthi");
- two country adjectives share one generic noun ("Russian and Ukrainian forces");
- names of eight letters or more still match when misspelt: capitalised runs of one to three
  uncovered tokens are compared with the aliases of as many words using ``rapidfuzz``'s
  ``fuzz.ratio`` and must score at least ``FUZZY_THRESHOLD`` (87: "Internet Resolve" for
  "Inherent Resolve" scores 87.5, while "National Liberation Front" against "National
  Liberation Army" scores 85.7 and "Syrian Democratic Council" against "Syrian Democratic
  Forces" 81.6). Each word that differs must also be five letters or more and score 75 on
  its own, so a shared generic word cannot carry a match ("War Coalition" is not "Arab
  Coalition", "Ahrar al Sham" is not "Tahrir al Sham").
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import logging
import re
import string
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import ClassVar

from rapidfuzz import fuzz, process

from incidex.gazetteer import DEMONYMS
from incidex.records import Actor, ActorMention, Document, Source, Span

log = logging.getLogger(__name__)

FUZZY_THRESHOLD = 87.0
FUZZY_MIN_CHARS = 8
# Every misspelt word must itself be this long and this close ("Internet"/"Inherent": 75).
FUZZY_MIN_WORD_CHARS = 5
FUZZY_WORD_THRESHOLD = 75.0

# Kinds of the generic rows: the caller names them by country (``name_for_country``).
GENERIC_TEMPLATES = {
    "military": "Military Forces of {country}",
    "police": "Police Forces of {country}",
    "protesters": "Protesters ({country})",
    "rioters": "Rioters ({country})",
    "civilians": "Civilians ({country})",
    "unidentified": "Unidentified Armed Group ({country})",
    "militia": "Unidentified Communal Militia ({country})",
    "gang": "Unidentified Gang ({country})",
    "private-security": "Private Security Forces ({country})",
    "tribal": "Unidentified Tribal Militia ({country})",
    "clan": "Unidentified Clan Militia ({country})",
    "cult": "Unidentified Cult Militia ({country})",
    # Named groups ACLED splits by the country they act in ("Islamic State (Syria)").
    "per-country": "{name} ({country})",
}
GENERIC_KINDS = frozenset(GENERIC_TEMPLATES) - {"per-country"} | {"unidentified-air"}
# Generic kinds a country adjective ("Syrian") can qualify, and those a country name
# ("Syria", "Syria's") can: "Syria civilians" is more often two phrases than one.
ADJECTIVE_KINDS = frozenset(
    {"military", "police", "unidentified-air", "protesters", "rioters", "civilians"}
)
COUNTRY_NAME_KINDS = frozenset({"military", "police", "unidentified-air"})
NO_FOLLOWER_KINDS = frozenset({"civilians", "protesters", "rioters"})
# Generic people a named group's name after "of" claims: "cadres of the UANF", "gunmen of
# the CJNG".
MEMBER_KINDS = NO_FOLLOWER_KINDS | {"unidentified", "gang", "militia"}

# Member nouns a named group absorbs: "Houthi rebels", "al-Shabaab fighters".
FOLLOWERS = frozenset(
    """
    fighter fighters militant militants rebel rebels jihadist jihadists insurgent insurgents
    member members militiaman militiamen gunman gunmen operative operatives element elements
    force forces troop troops soldier soldiers militia militias loyalist loyalists combatant
    combatants terrorist terrorists extremist extremists guerrilla guerrillas cell cells
    units unit cadre cadres
    """.split()  # noqa: SIM905 - one word list reads better than a column
)
# Capitalised acronyms that are also English words in capitalised headlines.
SHOUTED_WORDS = frozenset({"IS", "US", "WHO"})
# Lower-case words allowed inside a capitalised name for fuzzy matching.
CONNECTORS = frozenset(
    """
    al el of for the in and wal wa bin ul e i de du la
    """.split()  # noqa: SIM905 - one word list reads better than a column
)

# ACLED spells some countries differently from GeoNames.
ACLED_COUNTRY_NAMES = {
    "Democratic Republic of the Congo": "Democratic Republic of Congo",
    "DR Congo": "Democratic Republic of Congo",
    "Republic of the Congo": "Republic of Congo",
    "Palestinian Territory": "Palestine",
    "Czechia": "Czech Republic",
    "Eswatini": "eSwatini",
    "Timor Leste": "East Timor",
    "Türkiye": "Turkey",
}

# "Military Forces of the United States" but "Protesters (United States)".
NAMES_AFTER_THE = frozenset(
    {
        "United States",
        "United Kingdom",
        "United Arab Emirates",
        "Democratic Republic of Congo",
        "Republic of Congo",
        "Central African Republic",
        "Philippines",
        "Netherlands",
        "Gambia",
        "Bahamas",
        "Maldives",
        "Comoros",
    }
)

# Country -> (adjectives, names): "Turkish army", "Turkey's army". Kept here rather than in a
# resource file because it only serves this matcher.
WRITTEN_COUNTRY_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Afghanistan": (("Afghan",), ("Afghanistan",)),
    "Algeria": (("Algerian",), ("Algeria",)),
    "Azerbaijan": (("Azerbaijani", "Azeri"), ("Azerbaijan",)),
    "Armenia": (("Armenian",), ("Armenia",)),
    "Bangladesh": (("Bangladeshi",), ("Bangladesh",)),
    "Burkina Faso": (("Burkinabe", "Burkinabè"), ("Burkina Faso", "Burkina")),
    "Burundi": (("Burundian",), ("Burundi",)),
    "Cameroon": (("Cameroonian",), ("Cameroon",)),
    "Central African Republic": (("Central African",), ("Central African Republic", "CAR")),
    "Chad": (("Chadian",), ("Chad",)),
    "China": (("Chinese",), ("China",)),
    "Colombia": (("Colombian",), ("Colombia",)),
    "Democratic Republic of Congo": (("Congolese",), ("DRC", "DR Congo", "Congo")),
    "Egypt": (("Egyptian",), ("Egypt",)),
    "Eritrea": (("Eritrean",), ("Eritrea",)),
    "Ethiopia": (("Ethiopian",), ("Ethiopia",)),
    "France": (("French",), ("France",)),
    "India": (("Indian",), ("India",)),
    "Indonesia": (("Indonesian",), ("Indonesia",)),
    "Iran": (("Iranian",), ("Iran",)),
    "Iraq": (("Iraqi",), ("Iraq",)),
    "Israel": (("Israeli",), ("Israel",)),
    "Jordan": (("Jordanian",), ()),
    "Kenya": (("Kenyan",), ("Kenya",)),
    "Lebanon": (("Lebanese",), ("Lebanon",)),
    "Libya": (("Libyan",), ("Libya",)),
    "Mali": (("Malian",), ("Mali",)),
    "Mexico": (("Mexican",), ("Mexico",)),
    "Mozambique": (("Mozambican",), ("Mozambique",)),
    "Myanmar": (("Burmese",), ("Myanmar",)),
    "Niger": (("Nigerien",), ("Niger",)),
    "Nigeria": (("Nigerian",), ("Nigeria",)),
    "Pakistan": (("Pakistani", "Pak"), ("Pakistan",)),
    "Palestine": (("Palestinian",), ("Palestine", "Gaza")),
    "Philippines": (("Philippine", "Filipino"), ("Philippines",)),
    "Russia": (("Russian",), ("Russia",)),
    "Saudi Arabia": (("Saudi",), ("Saudi Arabia",)),
    "Somalia": (("Somali",), ("Somalia",)),
    "South Sudan": (("South Sudanese",), ("South Sudan",)),
    "Sudan": (("Sudanese",), ("Sudan",)),
    "Syria": (("Syrian",), ("Syria",)),
    "Turkey": (("Turkish",), ("Turkey", "Türkiye")),
    "Uganda": (("Ugandan",), ("Uganda",)),
    "Ukraine": (("Ukrainian",), ("Ukraine",)),
    "United Arab Emirates": (("Emirati",), ("UAE",)),
    "United Kingdom": (("British",), ("Britain", "UK")),
    "United States": (("American", "US", "U.S."), ("United States",)),
    "Yemen": (("Yemeni",), ("Yemen",)),
}

# Adjectives of the gazetteer's demonyms that name a people or a region more than one
# country's forces ("Turkmen fighters" in Iraq, "Serb police" in Kosovo), and country names
# that are also a US state's.
SHARED_ADJECTIVES = frozenset({"serb", "sinhalese", "turkmen", "korean", "spaniard"})
SHARED_COUNTRY_NAMES = frozenset({"Georgia"})


def with_demonym_countries(
    words: dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """``words`` and the other countries of the gazetteer's demonyms: "Brazilian police",
    "Peru's army"."""
    adjectives: dict[str, list[str]] = defaultdict(list)
    for adjective, country in DEMONYMS.items():
        if country not in words and adjective not in SHARED_ADJECTIVES:
            adjectives[country].append(string.capwords(adjective))
    return words | {
        country: (tuple(names), () if country in SHARED_COUNTRY_NAMES else (country,))
        for country, names in adjectives.items()
    }


COUNTRY_WORDS = with_demonym_countries(WRITTEN_COUNTRY_WORDS)
COUNTRY_ADJECTIVES = frozenset(word for words, _ in COUNTRY_WORDS.values() for word in words)
COUNTRY_NAMES = frozenset(name for _, names in COUNTRY_WORDS.values() for name in names)

TOKEN_PATTERN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
APOSTROPHES = "'\u2019"
# What may stand between two tokens of one name: a little space, a hyphen, a slash, a bracket.
JOINING_GAP = re.compile(r"[ \t\u00a0]{1,3}|\n|[ \t]?[-\u2010\u2011\u2013/(][ \t]?")

# "according to X", "X said": X is a capitalised name (inner dots only, so a sentence's full
# stop never joins two names).
NAME_WORD = r"[A-Z](?:[\w'\u2019-]|\.(?=\w))*"
NAME = rf"{NAME_WORD}(?:[ \t]+(?:(?:of|for|al|the|and|de)[ \t]+)?{NAME_WORD}){{0,5}}"
SOURCE_BEFORE = re.compile(
    rf"\b(?:according to|confirmed by|reported by|quoted by|cited by)[ \t]+(?:the[ \t]+)?"
    rf"(?P<name>{NAME})"
)
# ``\b``: a name starts a word. Without it every letter of a long capitalised run was a
# start and "AAAA..." (20,000 characters) took over 30 s (issue 8).
SOURCE_AFTER = re.compile(
    rf"\b(?P<name>{NAME})[ \t]+(?:said|says|reported|reports|told|stated|announced|confirmed)\b"
)
NOT_SOURCE_WORDS = frozenset(
    """
    A An The This That These Those There Here He She It They We I You His Her Their Its Our
    Officials Official Witnesses Witness Sources Source Residents Activists Medics Doctors
    Authorities Reports Report Media Local Security Spokesman Spokeswoman Spokesperson
    Statement Earlier Later Meanwhile However Also Separately But And Yet Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday On In At After Before When While Some Many
    Others Both Everyone Nobody Someone Police Army Locals Initial Preliminary Casualties
    Other Unconfirmed Unverified Reportedly Further Several Two Three First Second
    """.split()  # noqa: SIM905 - one word list reads better than a column
)


# --- tokens -------------------------------------------------------------------


@dataclass(slots=True)
class Words:
    """The words of one report as parallel lists (cheaper than one object per word)."""

    starts: list[int]
    ends: list[int]
    surfaces: list[str]  # apostrophes removed, case kept
    keys: list[str]  # folded: lower case, no apostrophes, no accents
    # i -> (key, end, surface) of "Daesh" in "Daesh's"
    possessives: dict[int, tuple[str, int, str]]
    joins: list[bool]  # joins[i]: may words i and i + 1 belong to one name?
    # spaced[i]: a single space between words i and i + 1, perhaps after a closing bracket
    # ("CPI (Maoist) cadres")
    spaced: list[bool]

    def __len__(self) -> int:
        return len(self.keys)


def strip_apostrophes(word: str) -> str:
    return word.replace("'", "").replace("\u2019", "")


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without apostrophes or accents: the key words are compared on."""
    word = strip_apostrophes(word)
    if not word.isascii():
        word = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
    return word.casefold()


def tokenize(text: str) -> Words:
    found = list(TOKEN_PATTERN.finditer(text))
    starts = [m.start() for m in found]
    ends = [m.end() for m in found]
    surfaces = [m.group() for m in found]
    possessives: dict[int, tuple[str, int, str]] = {}
    for i, word in enumerate(surfaces):
        if "'" not in word and "\u2019" not in word:
            continue
        if len(word) > 2 and word[-2] in APOSTROPHES and word[-1] in "sS":
            bare = strip_apostrophes(word[:-2])
            possessives[i] = (fold(bare), ends[i] - 2, bare)
        surfaces[i] = strip_apostrophes(word)
    keys = [word.lower() if word.isascii() else fold(word) for word in surfaces]
    joins, spaced = read_gaps(text, starts, ends, surfaces)
    return Words(starts, ends, surfaces, keys, possessives, joins, spaced)


def read_gaps(
    text: str, starts: Sequence[int], ends: Sequence[int], surfaces: Sequence[str]
) -> tuple[list[bool], list[bool]]:
    """Which neighbouring words may belong to one name, and which are one space apart."""
    joins, spaced = [], []
    for i in range(len(starts) - 1):
        gap = text[ends[i] : starts[i + 1]]
        if gap == " ":
            joins.append(True)
            spaced.append(True)
            continue
        left = surfaces[i]
        initial = gap[:1] == "." and len(gap) <= 2 and len(left) == 1 and left.isupper()
        joins.append(initial or JOINING_GAP.fullmatch(gap) is not None)
        spaced.append(gap == ") ")
    return joins, spaced


# --- the dictionary -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceEntry:
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class CountryWord:
    """A country adjective ("Syrian") or name ("Syria") in front of a generic actor."""

    country: str
    is_adjective: bool


@dataclass(frozen=True, slots=True)
class Window:
    """The days an actor row names its actor (``since``/``until`` in actors.tsv).

    ACLED recodes some actors when power changes hands: the Taliban are "Military Forces of
    Afghanistan" from 15 August 2021. Rows without dates always hold.
    """

    since: dt.date | None = None
    until: dt.date | None = None

    def holds(self, day: dt.date | None) -> bool:
        """Does the row apply on ``day``? With no day, the row that holds today applies."""
        if day is None:
            return self.until is None
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


ALWAYS = Window()


@dataclass(frozen=True, slots=True)
class Entry:
    """One alias at the end of a trie path: what it names and how strictly it must match."""

    target: Actor | SourceEntry | CountryWord
    cases: tuple[str | None, ...]  # per token: the exact surface required, or None
    loose_first: bool = False  # "=the Coalition" also matches "The Coalition"
    needs_country: bool = False  # "+forces"
    window: Window = ALWAYS

    @property
    def is_source(self) -> bool:
        return isinstance(self.target, SourceEntry)


@dataclass(slots=True)
class Node:
    children: dict[str, Node] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Match:
    first: int  # token indices, inclusive
    last: int
    start: int  # character offsets
    end: int
    entry: Entry


def case_rule(word: str) -> str | None:
    """The exact surface a capitalised alias token requires, or None when any case will do."""
    letters = [c for c in word if c.isalpha()]
    return word if letters and word.isupper() else None


def alias_words(alias: str) -> list[str]:
    return [strip_apostrophes(m.group()) for m in TOKEN_PATTERN.finditer(alias)]


def inflections(alias: str) -> set[str]:
    """The alias with its last word in singular and plural ("soldier", "soldiers")."""
    head, _, last = alias.rpartition(" ")
    prefix = f"{head} " if head else ""
    forms = {last}
    if last.endswith("men"):
        forms.add(last[:-3] + "man")
    elif last.endswith("man"):
        forms.add(last[:-3] + "men")
    elif last.endswith("ies"):
        forms.add(last[:-3] + "y")
    elif last.endswith("s") and not last.endswith("ss"):
        forms.add(last[:-1])
    elif last.endswith("y") and last[-2:-1] not in set("aeiou"):
        forms.add(last[:-1] + "ies")
    elif not last.isupper():
        forms.add(last + "s")
    return {prefix + form for form in forms}


def read_rows(text: str) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        yield {key: (value or "").strip() for key, value in row.items()}


# Alias templates: a row of an ethnic group's or a clan's militia names its aliases by one
# word, written out here once for all of them ("Pokot raiders", "Marehan clansmen"); a word
# with "{}" places the group's name inside it ("armed Pokot youths").
FIGHTER_ALIASES = {
    "@ethnic": (
        " Ethnic Militia",
        "militia militias militiamen raiders warriors gunmen fighters militants attackers"
        " assailants ethnic_militia tribe tribesmen herders herdsmen bandits rustlers"
        " cattle_rustlers armed_{}_youths armed_{}_men",
    ),
    "@clan": (
        " Clan Militia",
        "clan_militia clan_militias clan_militiamen clan_fighters clansmen militia militias"
        " militiamen gunmen fighters",
    ),
}


def aliases_of(row: dict[str, str]) -> list[str]:
    """The row's aliases, with an alias template (``@ethnic``, ``@clan``) written out."""
    aliases = row["aliases"]
    if aliases not in FIGHTER_ALIASES:
        return aliases.split("|") if aliases else []
    suffix, words = FIGHTER_ALIASES[aliases]
    if not row["name"].endswith(suffix):
        raise ValueError(f"actor {row['name']!r}: {aliases} needs a name ending {suffix!r}")
    group = row["name"].removesuffix(suffix)
    return [
        word.replace("_", " ").format(group)
        if "{}" in word
        else f"{group} {word.replace('_', ' ')}"
        for word in words.split()
    ]


def actor_from_row(row: dict[str, str]) -> Actor:
    try:
        inter = int(row["inter"])
    except ValueError as e:
        raise ValueError(f"actor {row['name']!r} has a bad inter code {row['inter']!r}") from e
    if not 1 <= inter <= 8:
        raise ValueError(f"actor {row['name']!r} has an inter code out of 1-8: {inter!r}")
    return Actor(row["name"], inter, row["country"] or None, row["kind"] or "group")


def window_from_row(row: dict[str, str]) -> Window:
    return Window(read_day(row, "since"), read_day(row, "until"))


def read_day(row: dict[str, str], column: str) -> dt.date | None:
    value = row.get(column) or ""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise ValueError(f"actor {row['name']!r} has a bad {column} date {value!r}") from e


class ActorDictionary:
    """Actors and sources by alias, with the token tries that find them in text."""

    def __init__(
        self,
        actors: Iterable[tuple[Actor, Sequence[str]]],
        sources: Iterable[tuple[SourceEntry, Sequence[str]]],
        *,
        windows: Mapping[str, Window] | None = None,
    ) -> None:
        """``windows`` limits actors (by name) to the days they hold (see ``Window``)."""
        self.windows = dict(windows or {})
        self.root = Node()
        self.countries = Node()
        self.fuzzy_choices: dict[int, dict[str, Entry]] = {1: {}, 2: {}, 3: {}}
        # "Pokot" -> Pokot Ethnic Militia: a people's bare name, read as its militia only
        # where it fights (``people_fighters``).
        self.peoples: dict[str, Entry] = {}
        for actor, aliases in actors:
            self.add_actor(actor, aliases)
        for source, aliases in sources:
            for alias in (source.name, *aliases):
                self.add_alias(alias, source)
        self.add_country_words()
        self.fuzzy_lists = {n: list(choices) for n, choices in self.fuzzy_choices.items()}

    @classmethod
    def from_tsv(cls, actors_tsv: str, sources_tsv: str) -> ActorDictionary:
        """Build from the text of an actors and a sources table (see resources/README.md)."""
        rows = list(read_rows(actors_tsv))
        actors = [(actor_from_row(row), aliases_of(row)) for row in rows]
        windows = {
            row["name"]: window for row in rows if (window := window_from_row(row)) != ALWAYS
        }
        sources = [
            (
                SourceEntry(row["name"], row["kind"]),
                row["aliases"].split("|") if row["aliases"] else [],
            )
            for row in read_rows(sources_tsv)
        ]
        return cls(actors, sources, windows=windows)

    @classmethod
    def load_default(cls) -> ActorDictionary:
        """The bundled dictionary, read and compiled once per process."""
        return load_default_dictionary()

    # -- building --

    def add_actor(self, actor: Actor, aliases: Sequence[str]) -> None:
        for suffix, _ in FIGHTER_ALIASES.values():
            people = actor.name.removesuffix(suffix)
            if people != actor.name and " " not in people:
                bare = Entry(actor, (None,))
                self.peoples.setdefault(fold(people), bare)
                self.peoples.setdefault(fold(people) + "s", bare)  # "the Maasais"
        generic = actor.kind in GENERIC_KINDS
        for alias in (actor.name, *aliases) if not generic else aliases:
            forms = inflections(alias.lstrip("=+")) if generic else {alias.lstrip("=+")}
            marker = alias[0] if alias[:1] in {"=", "+"} else ""
            for form in forms:
                entry = self.add_alias(marker + form, actor)
                if entry and not generic:
                    self.add_fuzzy_choice(form, entry)

    def add_alias(self, alias: str, target: Actor | SourceEntry) -> Entry | None:
        exact = alias.startswith("=")
        needs_country = alias.startswith("+")
        words = alias_words(alias.lstrip("=+"))
        if not words:
            return None
        cases = tuple(w if exact else case_rule(w) for w in words)
        window = self.windows.get(target.name, ALWAYS) if isinstance(target, Actor) else ALWAYS
        entry = Entry(target, cases, exact and words[0][:1].islower(), needs_country, window)
        node = self.root
        for word in words:
            node = node.children.setdefault(fold(word), Node())
        if entry not in node.entries:
            node.entries.append(entry)
        return entry

    def add_fuzzy_choice(self, alias: str, entry: Entry) -> None:
        keys = [fold(w) for w in alias_words(alias)]
        joined = " ".join(keys)
        if any(entry.cases) or len(joined.replace(" ", "")) < FUZZY_MIN_CHARS:
            return
        if len(keys) in self.fuzzy_choices:
            self.fuzzy_choices[len(keys)].setdefault(joined, entry)

    def add_country_words(self) -> None:
        for country, (adjectives, names) in COUNTRY_WORDS.items():
            for words, is_adjective in ((adjectives, True), (names, False)):
                for word in words:
                    target = CountryWord(country, is_adjective)
                    tokens = alias_words(word)
                    node = self.countries
                    for token in tokens:
                        node = node.children.setdefault(fold(token), Node())
                    node.entries.append(Entry(target, tuple(case_rule(t) for t in tokens)))

    # -- matching --

    def find(
        self, text: str, *, on: dt.date | None = None
    ) -> tuple[list[ActorMention], list[Source]]:
        """All actor mentions and all sources in ``text``, each sorted by start.

        ``on`` is the day the report speaks of (its publication day will do): rows with
        dates (``Window``) only match on their days; without it, the rows that hold today.
        """
        words = tokenize(text)
        country_ends = self.country_words_by_end(words)
        candidates = [
            match
            for i in self.starts_in(self.root, words)
            if (match := self.best_match_at(i, words, country_ends, on)) is not None
            and not is_opposed(text, match)
            and not STYLE_AFTER.match(text, match.end)
        ]
        candidates += coordinated_countries(candidates, words, country_ends)
        chosen = choose_longest(candidates)
        covered = [False] * len(words)
        for match in chosen:
            covered[match.first : match.last + 1] = [True] * (match.last - match.first + 1)
        chosen += [m for m in self.fuzzy_matches(words, covered) if m.entry.window.holds(on)]
        for match in chosen:
            covered[match.first : match.last + 1] = [True] * (match.last - match.first + 1)
        chosen = [
            name_communal_militia(name_local_branch(m, words, covered), words, covered)
            for m in chosen
        ]
        chosen += people_fighters(self.peoples, words, covered)
        chosen.sort(key=lambda m: m.start)
        chosen = drop_members_of_groups(chosen, words)
        chosen = identified_in_brackets(chosen, text)
        chosen = [m for m in chosen if not names_station_area(text, m)]
        mentions = [
            to_mention(text, m, self.namesakes(m, words, on))
            for m in chosen
            if not m.entry.is_source
        ]
        sources = [to_source(text, m) for m in chosen if m.entry.is_source]
        sources += pattern_sources(text, chosen)
        sources.sort(key=lambda s: s.span.start if s.span else 0)
        return mentions, sources

    def find_actors(self, text: str, *, on: dt.date | None = None) -> list[ActorMention]:
        """Every actor mention in ``text`` (longest match wins), sorted by start."""
        return self.find(text, on=on)[0]

    def find_sources(self, text: str) -> list[Source]:
        """Every named source in ``text``, from the dictionary or a reporting verb, sorted by start."""
        return self.find(text)[1]

    def walk(self, root: Node, i: int, words: Words) -> Iterator[tuple[int, int, Node]]:
        """(last word, end offset, node) for every trie node reached from word ``i``."""
        keys, ends, joins, possessives = words.keys, words.ends, words.joins, words.possessives
        stack = [(root, i)]
        while stack:
            node, j = stack.pop()
            if j >= len(keys) or (j > i and not joins[j - 1]):
                continue
            child = node.children.get(keys[j])
            if child is not None:
                yield j, ends[j], child
                if child.children:
                    stack.append((child, j + 1))
            possessive = possessives.get(j)
            if possessive and (bare := node.children.get(possessive[0])):
                yield j, possessive[1], bare  # a possessive ends the name

    def starts_in(self, root: Node, words: Words) -> list[int]:
        """The words where some alias of ``root``'s trie may start."""
        first = root.children
        starts = [i for i, key in enumerate(words.keys) if key in first]
        extra = [i for i, (key, _, _) in words.possessives.items() if key in first]
        return sorted({*starts, *extra}) if extra else starts

    def matches_at(
        self, root: Node, i: int, words: Words, on: dt.date | None = None
    ) -> list[Match]:
        """Every alias of ``root``'s trie that starts at word ``i``, longest first."""
        found = []
        for j, end, node in self.walk(root, i, words):
            bare = end != words.ends[j]
            for entry in node.entries:
                if entry.window.holds(on) and passes_case(entry, words, i, j, bare=bare):
                    found.append(Match(i, j, words.starts[i], end, entry))
        found.sort(key=lambda m: (-(m.end - m.start), not m.entry.is_source))
        return found

    def country_words_by_end(self, words: Words) -> dict[int, Match]:
        """Country words ("Syrian", "Syria's", "U.S.") keyed by the index of their last word."""
        by_end: dict[int, Match] = {}
        for i in self.starts_in(self.countries, words):
            for match in self.matches_at(self.countries, i, words):
                by_end.setdefault(match.last, match)
        return by_end

    def best_match_at(
        self, i: int, words: Words, country_ends: dict[int, Match], on: dt.date | None
    ) -> Match | None:
        for match in self.matches_at(self.root, i, words, on):
            if is_shouted(match, words):
                continue
            qualified = qualify_by_country(match, words, country_ends)
            if qualified is None and match.entry.needs_country:
                continue
            return absorb_follower(qualified or match, words)
        return None

    def namesakes(self, match: Match, words: Words, on: dt.date | None) -> tuple[Actor, ...]:
        """Actors of other countries with an alias spelt as the match is ("SNA")."""
        chosen = match.entry.target
        if not isinstance(chosen, Actor) or chosen.country is None:
            return ()
        # The alias's own node: a follower word ("SNA forces") may have been absorbed.
        node: Node | None = self.root
        named: list[Entry] = []
        for key in words.keys[match.first : match.last + 1]:
            node = node.children.get(key) if node else None
            if node is not None and match.entry in node.entries:
                named = node.entries
        return tuple(
            entry.target
            for entry in named
            if isinstance(entry.target, Actor)
            and entry.target.country not in {None, chosen.country}
            and entry.window.holds(on)
        )

    def fuzzy_matches(self, words: Words, covered: list[bool]) -> list[Match]:
        """Misspelt names: capitalised runs of uncovered words close to a long alias.

        All runs of one size are scored in one ``cdist`` call (a tenth of the cost of one
        ``extractOne`` call per run); then runs are taken left to right, longest first.
        """
        hits: dict[tuple[int, int], Entry] = {}
        capitals = [
            i for i, word in enumerate(words.surfaces) if word[:1].isupper() and not covered[i]
        ]
        for size, choices in self.fuzzy_lists.items():
            firsts = [i for i in capitals if is_name_run(words, covered, i, i + size - 1)]
            queries = [" ".join(words.keys[i : i + size]) for i in firsts]
            kept = [
                (i, q) for i, q in zip(firsts, queries, strict=True) if len(q) >= FUZZY_MIN_CHARS
            ]
            if not kept or not choices:
                continue
            scores = process.cdist(
                [q for _, q in kept], choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD
            )
            for (i, query), row in zip(kept, scores, strict=True):
                best = int(row.argmax())
                if row[best] >= FUZZY_THRESHOLD and words_agree(query, choices[best]):
                    hits[i, size] = self.fuzzy_choices[size][choices[best]]
        return pick_fuzzy_hits(hits, words)


@functools.cache
def load_default_dictionary() -> ActorDictionary:
    package = resources.files("incidex") / "resources"
    actors = (package / "actors.tsv").read_text(encoding="utf-8")
    sources = (package / "sources.tsv").read_text(encoding="utf-8")
    dictionary = ActorDictionary.from_tsv(actors, sources)
    log.debug("actor dictionary loaded")
    return dictionary


# --- match rules ----------------------------------------------------------------


def passes_case(entry: Entry, words: Words, first: int, last: int, *, bare: bool) -> bool:
    """Do the words first..last have the case the alias demands ("IS" but not "is")?"""
    if len(entry.cases) != last - first + 1:
        return False
    for k, required in enumerate(entry.cases):
        if required is None:
            continue
        i = first + k
        surface = words.possessives[i][2] if bare and i == last else words.surfaces[i]
        if surface == required:
            continue
        if k == 0 and entry.loose_first and surface == required[:1].upper() + required[1:]:
            continue
        if len(required) >= 5 and required.isalpha() and surface == required.capitalize():
            continue
        return False
    return True


def is_shouted(match: Match, words: Words) -> bool:
    """'IS' in a headline written in capitals ("WHAT IS NEXT") is the verb, not the group."""
    if match.first != match.last or words.surfaces[match.first] not in SHOUTED_WORDS:
        return False
    around = [words.surfaces[k] for k in (match.first - 1, match.first + 1) if 0 <= k < len(words)]
    return bool(around) and all(len(w) > 1 and w.isupper() for w in around)


def qualify_by_country(match: Match, words: Words, country_ends: dict[int, Match]) -> Match | None:
    """'Turkish' + 'soldiers' -> Military Forces of Turkey; 'Syria's' + 'Health Ministry'."""
    word = country_ends.get(match.first - 1)
    if word is None or not words.joins[match.first - 1]:
        return None
    if not isinstance(word.entry.target, CountryWord):
        return None
    country = word.entry.target.country
    is_adjective = word.entry.target.is_adjective
    target = match.entry.target
    named: Actor | SourceEntry
    if isinstance(target, SourceEntry):
        if target.kind != "ministry":
            return None
        named = SourceEntry(f"{target.name} ({country})", target.kind)
    elif isinstance(target, Actor):
        allowed = ADJECTIVE_KINDS if is_adjective else COUNTRY_NAME_KINDS
        if target.country is not None or target.kind not in allowed:
            return None
        # "Russian warplanes" are the Russian military: no longer unidentified.
        kind, inter = (
            ("military", 1) if target.kind == "unidentified-air" else (target.kind, target.inter)
        )
        named = Actor(generic_name(kind, country), inter, country, kind)
    else:
        return None
    entry = replace(match.entry, target=named)
    return Match(word.first, match.last, word.start, match.end, entry)


# "anti-Houthi forces", "counter-ISIS units": words that name the group's enemies.
OPPOSING_PREFIX = re.compile(r"\b(?:anti|counter)[- ]?$", re.IGNORECASE)


# "a vigilante-style killing", "militia-style uniforms": a manner, not the actor.
STYLE_AFTER = re.compile(r"[- ]style\b", re.IGNORECASE)


def is_opposed(text: str, match: Match) -> bool:
    return OPPOSING_PREFIX.search(text, max(0, match.start - 8), match.start) is not None


def coordinated_countries(
    matches: Sequence[Match], words: Words, country_ends: dict[int, Match]
) -> list[Match]:
    """'Russian and Ukrainian forces': the first adjective shares the second's noun, so it
    names that kind of actor for its own country."""
    found = []
    for match in matches:
        target = match.entry.target
        conjunction = match.first - 1
        if not isinstance(target, Actor) or target.country is None or conjunction < 1:
            continue
        if target.kind not in ADJECTIVE_KINDS or words.keys[conjunction] != "and":
            continue
        word = country_ends.get(conjunction - 1)
        if word is None or not isinstance(word.entry.target, CountryWord):
            continue
        country = word.entry.target.country
        if not word.entry.target.is_adjective or country == target.country:
            continue
        actor = Actor(generic_name(target.kind, country), target.inter, country, target.kind)
        found.append(replace(word, entry=replace(match.entry, target=actor)))
    return found


def absorb_follower(match: Match, words: Words) -> Match:
    """'Houthi' + 'rebels': the member noun belongs to the group's mention."""
    target = match.entry.target
    if not isinstance(target, Actor) or target.kind in NO_FOLLOWER_KINDS:
        return match
    nxt = match.last + 1
    if nxt >= len(words) or match.end != words.ends[match.last] or not words.spaced[match.last]:
        return match
    if words.keys[nxt] not in FOLLOWERS:
        return match
    # Two member nouns make one: "NAF rebel forces", "IS militia members".
    if nxt + 1 < len(words) and words.spaced[nxt] and words.keys[nxt + 1] in FOLLOWERS:
        nxt += 1
    return replace(match, last=nxt, end=words.ends[nxt])


# "under Mandia Police Station", "Raneshwar Police Station area": the police station as
# an administrative area of South Asia, not the police.
STATION_AREA_BEFORE = re.compile(r"\bunder (?:the )?(?:[A-Z][\w'-]* ){1,3}$")
STATION_AREA_AFTER = re.compile(r"^ (?:area|limits|jurisdiction)\b", re.IGNORECASE)


def names_station_area(text: str, match: Match) -> bool:
    if not text[match.start : match.end].casefold().endswith("police station"):
        return False
    return bool(
        STATION_AREA_BEFORE.search(text[max(0, match.start - 60) : match.start])
        or STATION_AREA_AFTER.match(text[match.end : match.end + 20])
    )


# "armed men (assumed Darfur communal militia)", "gunmen (suspected TTP)": an unnamed side
# that the brackets after it identify.
BRACKET_OPENS = re.compile(
    r"\s*\(\s*(?:(?:assumed|presumed|suspected|likely|possibly|probably|reportedly|allegedly"
    r"|believed to be|thought to be)\s+)?",
    re.IGNORECASE,
)
BRACKET_CLOSES = re.compile(r"\s*\)")
UNNAMED_KINDS = frozenset({"unidentified", "unidentified-air", "militia", "gang", "tribal", "clan"})


def identified_in_brackets(chosen: Sequence[Match], text: str) -> list[Match]:
    """An unnamed side and the group its brackets name are one mention of the group."""
    kept: list[Match] = []
    for match in chosen:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and isinstance(previous.entry.target, Actor)
            and previous.entry.target.kind in UNNAMED_KINDS
            and isinstance(match.entry.target, Actor)
            and match.entry.target.inter != 7
            and BRACKET_OPENS.fullmatch(text, previous.end, match.start)
            and BRACKET_CLOSES.match(text, match.end)
        ):
            kept[-1] = replace(match, first=previous.first, start=previous.start)
            continue
        kept.append(match)
    return kept


# Words between "cadres of" and the group's name: "cadres of the banned PBCP".
BEFORE_GROUP_NAME = frozenset({"the", "banned", "outlawed", "proscribed", "underground"})


def drop_members_of_groups(chosen: Sequence[Match], words: Words) -> list[Match]:
    """'Cadres of the UANF', 'supporters of al-Shabaab', 'armed men of the CJNG': the named
    group speaks for its members, who are no crowd or unnamed band of their own."""
    by_first = {m.first: m for m in chosen}
    kept = []
    for match in chosen:
        target = match.entry.target
        of = match.last + 1
        if isinstance(target, Actor) and target.kind in MEMBER_KINDS and of + 1 < len(words):
            first = of + 1
            while first < min(len(words), of + 4) and words.keys[first] in BEFORE_GROUP_NAME:
                first += 1
            owner = by_first.get(first) if words.keys[of] == "of" else None
            if owner is not None and getattr(owner.entry.target, "kind", None) == "group":
                continue
        kept.append(match)
    return kept


# Groups ACLED names by their local branch when the report does: "the Myaing PDF" is
# "People's Defense Force - Myaing", a local militia (inter 3) rather than the national one.
LOCAL_BRANCHES = {"PDF: People's Defense Force": ("People's Defense Force - {place}", 3)}
NOT_PLACE_WORDS = NOT_SOURCE_WORDS | {"Local", "Joint", "Township", "District", "Myanmar", "Anti"}


def name_local_branch(match: Match, words: Words, covered: Sequence[bool]) -> Match:
    """'Myaing PDF' or 'PDF-Myaing': the branch of a group named for its township (a word
    no other match holds)."""
    target = match.entry.target
    if not isinstance(target, Actor) or target.name not in LOCAL_BRANCHES:
        return match
    template, inter = LOCAL_BRANCHES[target.name]
    before, after = match.first - 1, match.last + 1
    if (
        before >= 0
        and not covered[before]
        and words.spaced[before]
        and is_place_word(words.surfaces[before])
    ):
        first, place = before, words.surfaces[before]
    elif (
        after < len(words)
        and not covered[after]
        and words.joins[match.last]
        and not words.spaced[match.last]
    ):
        first, place = match.first, words.surfaces[after]
        if not is_place_word(place):
            return match
        match = replace(match, last=after, end=words.ends[after])
    else:
        return match
    branch = Actor(template.format(place=place), inter, target.country, "group")
    entry = replace(match.entry, target=branch)
    return replace(match, first=first, start=words.starts[first], entry=entry)


def is_place_word(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() and word not in NOT_PLACE_WORDS


# ACLED names a communal militia after the place it comes from: "Zamfara militiamen" are the
# "Zamfara Communal Militia (Nigeria)". Only these words take a place; capitalised words that
# open a sentence or describe the men ("Armed militiamen") are no place.
MILITIA_WORDS = frozenset({"militia", "militias", "militiamen"})
NOT_MILITIA_PLACES = NOT_PLACE_WORDS | {
    "Armed", "Suspected", "Unknown", "Unidentified", "Rival", "Communal", "Ethnic", "Tribal",
    "Government", "Allied", "Hired", "Village", "Community", "Youth", "Vigilante", "Christian",
    "Muslim", "Islamist", "Militant", "Masked", "Pro", "Heavily", "Opposition", "Party", "State",
}  # fmt: skip


def name_communal_militia(match: Match, words: Words, covered: Sequence[bool]) -> Match:
    """'Zamfara militiamen': a communal militia named for the place word before it (one no
    other match holds, and no country adjective)."""
    target = match.entry.target
    before = match.first - 1
    if not isinstance(target, Actor) or target.kind != "militia" or before < 0:
        return match
    place = words.surfaces[before]
    # "Darfur militia", "Darfur communal militia"
    communal = match.last - match.first == 1 and words.keys[match.first] == "communal"
    if (
        (match.first != match.last and not communal)
        or words.keys[match.last] not in MILITIA_WORDS
        or covered[before]
        or not words.spaced[before]
        or not place[:1].isupper()
        or place.isupper()
        or place in NOT_MILITIA_PLACES
        or place in COUNTRY_ADJECTIVES
        or place in COUNTRY_NAMES  # "an Ethiopia militia": a country's, not a place's
    ):
        return match
    militia = Actor(f"{place} Communal Militia", target.inter, None, "per-country")
    return replace(
        match, first=before, start=words.starts[before], entry=replace(match.entry, target=militia)
    )


# Verbs after a people's bare name that make it the people's militia ("Gabra kill
# passengers"); elsewhere the name is a people, a county or a language.
FIGHTING_VERBS = frozenset(
    """
    attack attacks attacked kill kills killed raid raids raided ambush ambushes ambushed
    clash clashes clashed fight fights fought torch torches torched burn burns burned burnt
    invade invades invaded shoot shoots shot hack hacks hacked storm storms stormed
    abduct abducts abducted loot loots looted
    """.split()  # noqa: SIM905 - one word list reads better than a column
)


def people_fighters(
    peoples: Mapping[str, Entry], words: Words, covered: Sequence[bool]
) -> list[Match]:
    """Peoples named bare where they fight: "Maasai attack a farm", "fighting between
    Garre and Degodia militias", "violence between the Kalenjin and Maasais"."""
    found = []
    for i, key in enumerate(words.keys):
        entry = peoples.get(key)
        if entry is None or covered[i] or not words.surfaces[i][:1].isupper():
            continue
        if fights_at(i, peoples, words):
            found.append(Match(i, i, words.starts[i], words.ends[i], entry))
    return found


ARTICLES = frozenset({"the", "a"})


def fights_at(i: int, peoples: Mapping[str, Entry], words: Words) -> bool:
    """Word ``i`` is followed by a fighting verb or is a side of "between X and Y"."""
    keys = words.keys
    following = keys[i + 1] if i + 1 < len(keys) and words.joins[i] else ""
    if following in FIGHTING_VERBS:
        return True
    before = i - 1 if i > 0 and keys[i - 1] in ARTICLES else i
    if before > 0 and keys[before - 1] == "between":
        other = i + 3 if keys[i + 2 : i + 3] in (["the"], ["a"]) else i + 2
        return following == "and" and keys[other : other + 1] != [] and keys[other] in peoples
    after = before - 1
    return (
        after > 0
        and keys[after] == "and"
        and keys[after - 1] in peoples
        and "between" in keys[max(0, after - 3) : after - 1]
    )


def choose_longest(candidates: Sequence[Match]) -> list[Match]:
    """Keep the longest of overlapping matches (earlier first on ties)."""
    taken: list[Match] = []
    used: set[int] = set()
    for match in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
        spanned = range(match.first, match.last + 1)
        if used.isdisjoint(spanned):
            taken.append(match)
            used.update(spanned)
    return taken


def is_name_run(words: Words, covered: Sequence[bool], first: int, last: int) -> bool:
    """Words first..last are uncovered, joined, and read as a capitalised name."""
    if last >= len(words) or any(covered[first : last + 1]) or not all(words.joins[first:last]):
        return False
    surfaces = words.surfaces
    if not (surfaces[first][:1].isupper() and surfaces[last][:1].isupper()):
        return False
    return all(
        surfaces[k][:1].isupper() or words.keys[k] in CONNECTORS for k in range(first + 1, last)
    )


def words_agree(query: str, alias: str) -> bool:
    """Each word that differs is long and close: "War Coalition" is not "Arab Coalition"."""
    for asked, known in zip(query.split(), alias.split(), strict=False):
        if asked == known:
            continue
        if len(asked) < FUZZY_MIN_WORD_CHARS or fuzz.ratio(asked, known) < FUZZY_WORD_THRESHOLD:
            return False
    return True


def pick_fuzzy_hits(hits: dict[tuple[int, int], Entry], words: Words) -> list[Match]:
    """Left to right, the longest run first; runs never overlap."""
    found: list[Match] = []
    for i, size in sorted(hits, key=lambda hit: (hit[0], -hit[1])):
        if found and i <= found[-1].last:
            continue
        last = i + size - 1
        found.append(Match(i, last, words.starts[i], words.ends[last], hits[i, size]))
    return found


def to_mention(text: str, match: Match, namesakes: tuple[Actor, ...] = ()) -> ActorMention:
    assert isinstance(match.entry.target, Actor)  # sources and country words are filtered out
    return ActorMention(
        Span(match.start, match.end, text[match.start : match.end]), match.entry.target, namesakes
    )


def to_source(text: str, match: Match) -> Source:
    target = match.entry.target
    assert isinstance(target, SourceEntry)
    return Source(
        target.name, target.kind, Span(match.start, match.end, text[match.start : match.end])
    )


def pattern_sources(text: str, known: Sequence[Match]) -> list[Source]:
    """Names cited with a reporting verb ("according to X", "X said") not in the dictionary."""
    found: dict[int, Source] = {}
    for pattern in (SOURCE_BEFORE, SOURCE_AFTER):
        for hit in pattern.finditer(text):
            span = source_name_span(text, hit.start("name"), hit.end("name"))
            if span is None or span.start in found:
                continue
            if any(m.start < span.end and span.start < m.end for m in known):
                continue
            found[span.start] = Source(span.text, "unknown", span)
    return list(found.values())


def source_name_span(text: str, start: int, end: int) -> Span | None:
    """Drop leading words that are not names ("The", "Officials"); None when nothing is left."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and words[0].group() in NOT_SOURCE_WORDS:
        words.pop(0)
    if not words or words[-1].group() in NOT_SOURCE_WORDS:
        return None
    first, last = start + words[0].start(), start + words[-1].end()
    while last > first and text[last - 1] in APOSTROPHES:
        last -= 1
    name = text[first:last]
    if name in COUNTRY_ADJECTIVES:  # "the Azerbaijani side said"
        return None
    return Span(first, last, name)


# --- naming ---------------------------------------------------------------------


def acled_country(country: str) -> str:
    return ACLED_COUNTRY_NAMES.get(country, country)


def name_for_country(actor: Actor, country: str | None) -> str:
    """The ACLED name of ``actor`` in an event located in ``country``.

    Generic actors are named by the country ("Military Forces of Syria", "Protesters
    (Syria)", "Unidentified Armed Group (Syria)"); groups ACLED splits by country get it in
    brackets ("Islamic State (Syria)"). An actor whose own country is known (named forces,
    "Turkish soldiers") keeps its name; unidentified aircraft stay "Unidentified Military
    Forces"; with no country the plain name is returned.
    """
    if actor.country is not None or country is None:
        return actor.name
    if actor.kind not in GENERIC_TEMPLATES:
        return actor.name
    return generic_name(actor.kind, country, name=actor.name)


def generic_name(kind: str, country: str, *, name: str = "") -> str:
    """``GENERIC_TEMPLATES[kind]`` filled in: "Military Forces of the United States"."""
    country = acled_country(country)
    template = GENERIC_TEMPLATES[kind]
    if " of {country}" in template and country in NAMES_AFTER_THE:
        template = template.replace(" of {country}", " of the {country}")
    return template.format(name=name, country=country)


def namesake_in(mention: ActorMention, country: str | None) -> ActorMention:
    """The mention with the actor its words name in ``country`` ("SNA" in Somalia)."""
    if not mention.namesakes or country is None:
        return mention
    home = acled_country(country)
    if mention.actor.country and acled_country(mention.actor.country) == home:
        return mention
    local = next((a for a in mention.namesakes if acled_country(a.country or "") == home), None)
    return replace(mention, actor=local) if local else mention


def inter_for_country(actor: Actor, country: str | None) -> int:
    """ACLED's inter code in ``country``: state forces acting abroad are external forces (8)."""
    abroad = bool(actor.country and country) and acled_country(
        actor.country or ""
    ) != acled_country(country or "")
    return 8 if actor.inter == 1 and abroad else actor.inter


# --- the stage ------------------------------------------------------------------


class ActorsStage:
    """Find actor mentions and cited sources with the bundled dictionaries."""

    name: ClassVar[str] = "actors.dictionary.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"report"})
    provides: ClassVar[frozenset[str]] = frozenset({"actors", "sources"})

    def __init__(self, *, dictionary: ActorDictionary | None = None) -> None:
        self.dictionary = dictionary or ActorDictionary.load_default()

    def __call__(self, doc: Document) -> Document:
        actors, sources = self.dictionary.find(doc.report.text, on=doc.report.published)
        return replace(doc, actors=tuple(actors), sources=tuple(sources))
