"""The embedded gazetteer: name keys, candidates, countries, admin areas, demonyms."""

from __future__ import annotations

import pickle

import pytest

from incidex.gazetteer import (
    Gazetteer,
    adjectival_stem,
    area_names,
    cache_dir,
    country_of_demonym,
    great_circle_km,
    match_areas,
    name_key,
)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load_default()


@pytest.mark.parametrize(
    "variants",
    [
        ("Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr", "Deir al-Zour", "Dair az-Zaur"),
        ("Al-Bab", "al Bab", "Al Bāb", "Bab"),
        ("Ar-Raqqah", "Raqqa", "al-Raqqa"),
        ("Ma'rib", "Marib", "Ma\u2019rib"),
        ("Ras al-Ain", "Ras al Ayn"),
        ("Kandahar", "Qandahar"),
    ],
)
def test_spelling_variants_share_a_key(variants: tuple[str, ...]) -> None:
    assert len({name_key(v) for v in variants}) == 1


@pytest.mark.parametrize("pair", [("Aleppo", "Idlib"), ("Homs", "Hama"), ("Sanaa", "Aden")])
def test_different_names_keep_different_keys(pair: tuple[str, str]) -> None:
    assert name_key(pair[0]) != name_key(pair[1])


@pytest.mark.parametrize("text", ["", "   ", "---", "السلام", "12"])
def test_name_key_of_odd_text_is_a_string(text: str) -> None:
    assert isinstance(name_key(text), str)


def test_cache_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("INCIDEX_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("INCIDEX_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "incidex"


def test_deir_ez_zor_spellings_meet_the_same_city(gazetteer: Gazetteer) -> None:
    ids = {
        next(p.geonameid for p in gazetteer.candidates(v) if p.feature_code == "PPLA")
        for v in ("Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr", "Deir al-Zour")
    }
    assert len(ids) == 1


def test_candidates_carry_admin_names_and_codes(gazetteer: Gazetteer) -> None:
    best = next(p for p in gazetteer.candidates("al-Bab") if p.country == "Syria")
    assert best.admin1 == "Aleppo"
    assert best.iso3 == "SYR"
    assert best.geonameid is not None
    assert best.feature_code == "PPL"
    assert best.population > 50_000


def test_candidates_are_best_first(gazetteer: Gazetteer) -> None:
    found = gazetteer.candidates("Tripoli")
    assert {p.country for p in found} >= {"Libya", "Lebanon"}
    towns = [p for p in found if p.feature_code != "PCLI"]
    assert towns[0].population >= towns[-1].population


def test_unknown_name_has_no_candidates(gazetteer: Gazetteer) -> None:
    assert gazetteer.candidates("Qaryat Xyzzyplugh") == []
    assert gazetteer.candidates("") == []


@pytest.mark.parametrize(
    ("query", "name", "iso3"),
    [
        ("Syria", "Syria", "SYR"),
        ("SY", "Syria", "SYR"),
        ("AFG", "Afghanistan", "AFG"),
        ("DRC", "Democratic Republic of Congo", "COD"),
        ("Czechia", "Czech Republic", "CZE"),
        ("U.S.", "United States", "USA"),
        ("Lebanon", "Lebanon", "LBN"),
    ],
)
def test_country_lookup(gazetteer: Gazetteer, query: str, name: str, iso3: str) -> None:
    place = gazetteer.country(query)
    assert place is not None
    assert (place.name, place.country, place.iso3, place.feature_code) == (name, name, iso3, "PCLI")


def test_country_sits_at_its_capital(gazetteer: Gazetteer) -> None:
    syria = gazetteer.country("Syria")
    assert syria is not None
    assert abs(syria.latitude - 33.5) < 0.3 and abs(syria.longitude - 36.3) < 0.3


def test_unknown_country_is_none(gazetteer: Gazetteer) -> None:
    assert gazetteer.country("Atlantis") is None


@pytest.mark.parametrize(
    ("iso2", "name", "admin1"),
    [
        ("SY", "Aleppo", "Aleppo"),
        ("SY", "Idlib Governorate", "Idlib"),
        ("SY", "Dayr az Zawr", "Deir ez-Zor"),
        ("AF", "Kandahar", "Kandahar"),
        ("IQ", "Al Muthanna", "Al Muthanna"),  # named without its kind, as ACLED does
        ("UA", "Kharkiv", "Kharkiv"),  # found through its capital city
    ],
)
def test_admin1_lookup(gazetteer: Gazetteer, iso2: str, name: str, admin1: str) -> None:
    place = gazetteer.admin1(iso2, name)
    assert place is not None
    assert place.feature_code == "ADM1"
    assert place.admin1 == admin1


def test_admin1_sits_at_its_capital(gazetteer: Gazetteer) -> None:
    aleppo = gazetteer.admin1("SY", "Aleppo")
    city = next(p for p in gazetteer.candidates("Aleppo") if p.feature_code == "PPLA")
    assert aleppo is not None
    assert (aleppo.latitude, aleppo.longitude) == (city.latitude, city.longitude)


def test_admin1_seat_is_the_city_not_a_hamlet_of_the_same_spelling(gazetteer: Gazetteer) -> None:
    # GeoNames spells the city "Zaporizhzhya"; a hamlet of a few hundred is "Zaporizhzhia".
    area = gazetteer.admin1("UA", "Zaporizhzhia")
    assert area is not None
    assert great_circle_km(area.latitude, area.longitude, 47.84, 35.14) < 10


@pytest.mark.parametrize(
    ("iso2", "area", "latitude", "longitude"),
    [
        ("UA", "Kyiv", 50.45, 30.52),
        ("RU", "Moscow Oblast", 55.75, 37.62),
        ("US", "Wyoming", 41.14, -104.82),
    ],
)
def test_an_area_is_seated_at_the_city_next_door_it_is_named_after(
    gazetteer: Gazetteer, iso2: str, area: str, latitude: float, longitude: float
) -> None:
    # Kyiv Oblast is governed from Kyiv, an area of its own; Wyoming not from Wyoming, Michigan.
    place = gazetteer.admin1(iso2, area)
    assert place is not None
    assert great_circle_km(place.latitude, place.longitude, latitude, longitude) < 10


def test_a_former_name_does_not_make_a_seat() -> None:
    from incidex.gazetteer import _AdminCities, _seat_of

    hamlet = (1, "Franklin", 1.0, 1.0, "US", "US.TX", None, "PPL", 300)
    city = (2, "El Paso", 5.0, 5.0, "US", "US.TX", None, "PPL", 600_000)
    respelt = (3, "Franklyn", 3.0, 3.0, "US", "US.TX", None, "PPL", 600_000)
    for spelt, seat in ((city, hamlet), (respelt, respelt)):
        admin = _AdminCities([spelt, hamlet], {"franklin": hamlet}, {"franklin": spelt})
        assert _seat_of("Franklin", admin) == seat


def test_admin1_in_the_wrong_country_is_none(gazetteer: Gazetteer) -> None:
    assert gazetteer.admin1("NG", "Aleppo") is None


def test_admin2_lookup(gazetteer: Gazetteer) -> None:
    place = gazetteer.admin2("SY", "Al-Bab")
    assert place is not None
    assert place.feature_code == "ADM2"
    assert place.admin1 == "Aleppo"
    assert place.admin2 is not None


def test_gazetteer_pickles(gazetteer: Gazetteer) -> None:
    copy = pickle.loads(pickle.dumps(gazetteer))
    assert copy.candidates("Mosul") == gazetteer.candidates("Mosul")


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Syrian", "Syria"),
        ("Afghan", "Afghanistan"),
        ("Turkish", "Turkey"),
        ("Somali", "Somalia"),
        ("Nigerian", "Nigeria"),
        ("Iraqi", "Iraq"),
        ("Yemeni", "Yemen"),
        ("Ukrainian", "Ukraine"),
        ("Russian", "Russia"),
        ("South Sudanese", "South Sudan"),
        ("Kurdish", None),
        ("Aleppo", None),
    ],
)
def test_country_of_demonym(word: str, country: str | None) -> None:
    assert country_of_demonym(word) == country


def test_great_circle_distance() -> None:
    assert great_circle_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.2, abs=0.1)
    assert great_circle_km(10.0, 20.0, 10.0, 20.0) == 0.0
    # Damascus to Aleppo, about 310 km.
    assert great_circle_km(33.51, 36.29, 36.20, 37.16) == pytest.approx(310, abs=10)


@pytest.mark.parametrize(
    ("name", "stem"),
    [("Kharkivska", "Kharkiv"), ("Kharkivs'ka Oblast'", "Kharkiv"), ("Zaporizka", "Zapori"),
     ("Aleppo", None), ("Odessa", None)],
)  # fmt: skip
def test_adjectival_area_names_give_their_stem(name: str, stem: str | None) -> None:
    assert adjectival_stem(name) == stem


def test_areas_pair_by_name_by_capital_and_by_elimination() -> None:
    cities = {name_key("Oldtown"): (1, "Oldtown", 0.0, 0.0, "XX", "XX.02", None, "PPL", 9)}
    geonames = {
        "XX.01": area_names("Northmarch Governorate"),
        "XX.02": area_names("Muhafazat Vell"),
        "XX.03": area_names("Qarnawa"),
    }
    ocha = {
        "P1": area_names("Northmarsh", cities),
        "P2": area_names("Oldtown", cities),
        "P3": area_names("Zzyx"),
    }
    assert match_areas(geonames, ocha) == {"XX.01": "P1", "XX.02": "P2", "XX.03": "P3"}


@pytest.mark.parametrize(
    ("iso2", "name", "code"),
    [("UA", "Kyiv", "UA.13"), ("UA", "Kyiv City", "UA.12"), ("UA", "Kharkiv", "UA.07"),
     ("SY", "Al Hasakeh", "SY.01"), ("SY", "Rural Damascus", "SY.08"),
     ("IQ", "Ninewa", "IQ.15"), ("NG", "Federal Capital Territory", "NG.11"),
     ("YE", "Taizz", "YE.25")],
)  # fmt: skip
def test_conventional_and_ocha_admin1_names(
    gazetteer: Gazetteer, iso2: str, name: str, code: str
) -> None:
    area = gazetteer.admin1(iso2, name)
    assert area is not None and gazetteer.admin1_code(area) == code


def test_adjectival_oblast_is_named_after_its_capital(gazetteer: Gazetteer) -> None:
    area = gazetteer.admin1("UA", "Kharkivs'ka Oblast'")
    assert area is not None and area.admin1 == "Kharkiv"


# --- issue 4: conventional names, continents, regions, counties -------------


@pytest.mark.parametrize(
    ("name", "expected", "code"),
    [
        ("Pa.", "Pennsylvania", "ADM1"),
        ("W. Va.", "West Virginia", "ADM1"),
        ("TX", "Texas", "ADM1"),
        ("D.C.", "Washington", "PPLC"),
        ("Egyptians", "Egypt", "PCLI"),
        ("South Sudanese", "South Sudan", "PCLI"),
        ("European", "Europe", "CONT"),
        ("B.C.", "British Columbia", "ADM1"),
        ("N.L.", "Newfoundland and Labrador", "ADM1"),
        ("Soviet Union", "Russia", "PCLI"),
    ],
)
def test_conventional_place(gazetteer: Gazetteer, name: str, expected: str, code: str) -> None:
    place = gazetteer.conventional_place(name)
    assert place is not None
    assert (place.name, place.feature_code) == (expected, code)


def test_adjectives_are_left_out_when_asked(gazetteer: Gazetteer) -> None:
    assert gazetteer.conventional_place("Egyptian", adjectives=False) is None
    assert gazetteer.conventional_place("IN") is None  # a word before it is Indiana


def test_every_demonym_names_a_known_country(gazetteer: Gazetteer) -> None:
    from incidex.gazetteer import DEMONYMS

    missing = sorted({c for c in DEMONYMS.values() if gazetteer.country(c) is None})
    assert missing == []


def test_every_area_adjective_names_a_known_place(gazetteer: Gazetteer) -> None:
    from incidex.gazetteer import AREA_ADJECTIVES

    missing = sorted(a for a in AREA_ADJECTIVES if gazetteer.conventional_place(a) is None)
    assert missing == []


def test_continents_and_regions_are_places(gazetteer: Gazetteer) -> None:
    europe = gazetteer.candidates("Europe")[0]
    assert (europe.feature_code, europe.geonameid) == ("CONT", 6255148)
    union = [p for p in gazetteer.candidates("EU") if p.feature_code == "RGN"]
    assert union and union[0].name == "European Union" and union[0].geonameid is None


def test_county_without_a_namesake_town_is_placed_at_its_centre(gazetteer: Gazetteer) -> None:
    county = gazetteer.admin2("US", "Laurel County")
    assert county is not None and county.admin1 == "Kentucky"
    assert 36.5 < county.latitude < 37.5 and -84.6 < county.longitude < -83.6
    assert not any(p.feature_code == "ADM2" for p in gazetteer.candidates("Laurel"))
