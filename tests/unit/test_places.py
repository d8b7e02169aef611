"""Recognising and resolving place names in report text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidex.gazetteer import Gazetteer
from incidex.records import Actor, ActorMention, Document, Entity, Place, Report, Span, Toponym
from incidex.stages.places import PlacesStage, find_toponyms, names_armed_force


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load_default()


def entity(text: str, name: str, label: str) -> Entity:
    start = text.index(name)
    return Entity(Span(start, start + len(name), name), label)


def named(toponyms: list[Toponym], name: str) -> Toponym:
    return next(t for t in toponyms if t.span.text == name)


def test_spans_point_into_the_text(gazetteer: Gazetteer) -> None:
    text = "Rockets landed near Azaz and in the town of al-Bab on Friday."
    for toponym in find_toponyms(text, [], gazetteer):
        assert text[toponym.span.start : toponym.span.end] == toponym.span.text
        assert 0.0 <= toponym.score <= 1.0


@pytest.mark.parametrize("spelling", ["Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr", "Deir al-Zour"])
def test_deir_ez_zor_spellings_resolve_alike(gazetteer: Gazetteer, spelling: str) -> None:
    text = f"A convoy was hit on the road into {spelling} late on Sunday."
    toponym = named(find_toponyms(text, [], gazetteer), spelling)
    assert toponym.place is not None
    assert (toponym.place.country, toponym.place.admin1) == ("Syria", "Deir ez-Zor")
    assert toponym.place.feature_code != "ADM2"


@pytest.mark.parametrize("spelling", ["Al-Bab", "al-Bab", "Al Bab"])
def test_al_bab_spellings(gazetteer: Gazetteer, spelling: str) -> None:
    text = f"Clashes were reported in {spelling} in the Aleppo countryside."
    toponym = named(find_toponyms(text, [], gazetteer), spelling)
    assert toponym.place is not None
    assert toponym.place.admin1 == "Aleppo"


def test_parenthesis_names_the_admin1(gazetteer: Gazetteer) -> None:
    text = "Government artillery struck Azaz (Aleppo) overnight, medics said."
    toponyms = find_toponyms(text, [], gazetteer)
    town = named(toponyms, "Azaz")
    assert town.context == "Aleppo"
    assert town.place is not None and town.place.admin1 == "Aleppo"
    area = named(toponyms, "Aleppo")
    assert area.place is not None and area.place.feature_code == "ADM1"


def test_village_in_a_named_province_takes_it_as_context(gazetteer: Gazetteer) -> None:
    """A village the gazetteer does not place in the named province stays unresolved
    rather than jumping to a namesake abroad (Saida in Algeria or Lebanon)."""
    text = "Mortar rounds fell on Saida village in Hama governorate overnight."
    toponyms = find_toponyms(text, [], gazetteer)
    village = named(toponyms, "Saida")
    assert village.context == "Hama"
    assert village.place is None or village.place.country == "Syria"
    area = named(toponyms, "Hama").place
    assert area is not None and area.country == "Syria" and area.feature_code == "ADM1"


def test_a_province_named_as_such_sets_the_country(gazetteer: Gazetteer) -> None:
    text = "Police said two traders were robbed near Seme, in Kisumu county, on Friday."
    seme = named(find_toponyms(text, [], gazetteer), "Seme")
    assert seme.place is None or seme.place.country == "Kenya"


def test_admin1_with_noun_resolves_to_the_area(gazetteer: Gazetteer) -> None:
    text = "Drones were seen over Idlib province and over the city of Hama."
    toponyms = find_toponyms(text, [], gazetteer)
    idlib = named(toponyms, "Idlib").place
    hama = named(toponyms, "Hama").place
    assert idlib is not None and idlib.feature_code == "ADM1"
    assert hama is not None and hama.feature_code != "ADM1"


@pytest.mark.parametrize(
    ("phrase", "relation"),
    [
        ("12 km north of Manbij", "north of"),
        ("to the southeast of Manbij", "southeast of"),
        ("near Manbij", "near"),
        ("on the outskirts of Manbij", "outskirts of"),
        ("in the countryside of Manbij", "countryside of"),
        ("in Manbij", None),
    ],
)
def test_relation_in_front_of_the_name(gazetteer: Gazetteer, phrase: str, relation: str) -> None:
    text = f"A mortar round fell {phrase} on Wednesday."
    toponym = named(find_toponyms(text, [], gazetteer), "Manbij")
    assert toponym.relation == relation
    assert toponym.place is not None and toponym.place.country == "Syria"


def test_between_marks_both_places(gazetteer: Gazetteer) -> None:
    text = "Fighting went on between Azaz and Manbij for a third day."
    toponyms = find_toponyms(text, [], gazetteer)
    assert [t.relation for t in toponyms] == ["between", "between"]


@pytest.mark.parametrize("country", ["Lebanon", "Jordan", "Georgia", "Syria", "Niger"])
def test_country_names_resolve_to_countries(gazetteer: Gazetteer, country: str) -> None:
    text = f"Officials in {country} condemned the attack."
    toponym = named(find_toponyms(text, [], gazetteer), country)
    assert toponym.place is not None
    assert toponym.place.feature_code == "PCLI"
    assert toponym.place.country == country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Gunmen opened fire in Tripoli, the largest city of northern Lebanon.", "Lebanon"),
        ("Armed groups clashed in Tripoli as the Libyan unity government met.", "Libya"),
        ("Rival brigades fought in Tripoli, and shops closed in Misrata too.", "Libya"),
    ],
)
def test_ambiguous_name_follows_country_context(
    gazetteer: Gazetteer, text: str, country: str
) -> None:
    toponym = named(find_toponyms(text, [], gazetteer), "Tripoli")
    assert toponym.place is not None
    assert toponym.place.country == country


@pytest.mark.parametrize(
    ("town", "alias", "country"),
    [
        ("Beni", "DR Congo", "Democratic Republic of Congo"),
        ("Beni", "DRC", "Democratic Republic of Congo"),
        ("Khor Fakkan", "UAE", "United Arab Emirates"),
    ],
)
def test_a_countrys_other_name_is_the_country_whatever_the_model_says(
    gazetteer: Gazetteer, town: str, alias: str, country: str
) -> None:
    text = f"Rebels raided a village near {town}, {alias} on Monday."
    toponyms = find_toponyms(text, [entity(text, alias, "ORG")], gazetteer)
    places = [named(toponyms, name).place for name in (alias, town)]
    assert [place.country if place else None for place in places] == [country, country]


def test_unknown_village_is_kept_unresolved(gazetteer: Gazetteer) -> None:
    text = "Two shepherds were wounded in the village of Qaryat Zumbrelo (Aleppo)."
    village = named(find_toponyms(text, [], gazetteer), "Qaryat Zumbrelo")
    assert village.place is None
    assert village.context == "Aleppo"


def test_unresolvable_name_keeps_the_others(gazetteer: Gazetteer) -> None:
    text = "Strikes hit the town of Kafr Zumbrelo, Manbij and Jarabulus."
    entities = [entity(text, "Manbij", "GPE"), entity(text, "Jarabulus", "GPE")]
    toponyms = find_toponyms(text, entities, gazetteer)
    assert [t.span.text for t in toponyms] == ["Kafr Zumbrelo", "Manbij", "Jarabulus"]
    assert toponyms[0].place is None
    assert all(t.place is not None and t.place.country == "Syria" for t in toponyms[1:])


@pytest.mark.parametrize(
    "text",
    [
        "Police said Mark arrested a man in March.",
        "The Man who led the Long march was named Bill.",
        "Said told reporters that Hope remained.",
    ],
)
def test_common_words_are_not_places(gazetteer: Gazetteer, text: str) -> None:
    assert find_toponyms(text, [], gazetteer) == []


def test_person_entity_is_not_a_place(gazetteer: Gazetteer) -> None:
    text = "Witnesses said Jordan Peterman was not in the convoy."
    entities = [entity(text, "Jordan Peterman", "PERSON")]
    assert find_toponyms(text, entities, gazetteer) == []


def test_model_entity_missing_from_gazetteer_without_cue_is_dropped(gazetteer: Gazetteer) -> None:
    text = "A spokesman for Zumbrelistan Brigades denied it."
    entities = [entity(text, "Zumbrelistan Brigades", "GPE")]
    assert find_toponyms(text, entities, gazetteer) == []


def test_stage_fills_toponyms_in_order(gazetteer: Gazetteer) -> None:
    text = "Shells fell on Mosul and later near Erbil in Iraq."
    report = Report(
        report_id="r1",
        text=text,
        content_hash="x",
        origin="test",
        published=dt.date(2024, 1, 1),
    )
    doc = PlacesStage(gazetteer)(Document(report=report, entities=(entity(text, "Iraq", "GPE"),)))
    assert [t.span.text for t in doc.toponyms] == ["Mosul", "Erbil", "Iraq"]
    assert all(t.place is not None and t.place.country == "Iraq" for t in doc.toponyms)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_find_toponyms_never_raises(gazetteer: Gazetteer, text: str) -> None:
    for toponym in find_toponyms(text, [], gazetteer):
        assert text[toponym.span.start : toponym.span.end] == toponym.span.text


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Aleppo", "(", ")", "north", "of", "the", "village", "near", "al-Bab", "Deir",
             "ez-Zor", "and", "between", "province", "Syria", " ", ",", "\n", "Zumbrelo", "."]
        ),
        max_size=30,
    )
)  # fmt: skip
def test_find_toponyms_on_place_like_text(gazetteer: Gazetteer, words: list[str]) -> None:
    text = " ".join(words)
    for toponym in find_toponyms(text, [], gazetteer):
        assert text[toponym.span.start : toponym.span.end] == toponym.span.text
        assert 0.0 <= toponym.score <= 1.0


def test_a_namesake_village_abroad_is_not_taken(gazetteer: Gazetteer) -> None:
    text = "Artillery hit Orte village in Duhok province on Monday, residents said."
    found = {t.span.text: t for t in find_toponyms(text, [], gazetteer)}
    orte = found.get("Orte")
    assert orte is None or orte.place is None or orte.place.country == "Iraq"
    assert found["Duhok"].place is not None and found["Duhok"].place.country == "Iraq"


def test_a_compass_word_alone_is_not_a_place(gazetteer: Gazetteer) -> None:
    text = "Gunmen raided a farm in Dong (Jos North, Plateau) on Sunday."
    names = [t.span.text for t in find_toponyms(text, [], gazetteer)]
    assert "North" not in names


def test_apostrophes_do_not_make_a_name_foreign(gazetteer: Gazetteer) -> None:
    text = "Shells fell on Al Mudafin (Al Dhaher, Sadah) overnight."
    found = {t.span.text: t for t in find_toponyms(text, [], gazetteer)}
    assert found["Sadah"].place is not None and found["Sadah"].place.country == "Yemen"


# --- issue 4: resolving given spans -----------------------------------------


def _resolve_named(gazetteer: Gazetteer, text: str, names: list[str]) -> dict[str, Toponym]:
    from incidex.stages.places import resolve_spans

    spans = []
    for name in names:
        start = text.index(name)
        spans.append(Span(start, start + len(name), name))
    return {t.span.text: t for t in resolve_spans(text, spans, gazetteer)}


def test_given_demonym_and_abbreviation_resolve(gazetteer: Gazetteer) -> None:
    text = "Egyptian officials met a delegation from Harrisburg, Pa., on Monday."
    found = _resolve_named(gazetteer, text, ["Egyptian", "Harrisburg", "Pa."])
    assert found["Egyptian"].place is not None and found["Egyptian"].place.name == "Egypt"
    assert found["Pa."].place is not None and found["Pa."].place.name == "Pennsylvania"


def test_us_state_beats_the_country_in_a_us_report(gazetteer: Gazetteer) -> None:
    text = "Storms hit Atlanta and Savannah, the two largest cities of Georgia, on Friday."
    found = _resolve_named(gazetteer, text, ["Atlanta", "Savannah", "Georgia"])
    place = found["Georgia"].place
    assert place is not None and (place.country, place.feature_code) == ("United States", "ADM1")


def test_named_state_pulls_a_namesake_town(gazetteer: Gazetteer) -> None:
    text = "The fair in Paris drew crowds from across Texas and from Lamar County."
    found = _resolve_named(gazetteer, text, ["Paris", "Texas", "Lamar County"])
    place = found["Paris"].place
    assert place is not None and (place.country, place.admin1) == ("United States", "Texas")


def test_continent_is_never_a_village(gazetteer: Gazetteer) -> None:
    text = "Ministers from Europe and the Middle East met in Madrid."
    found = _resolve_named(gazetteer, text, ["Europe", "Middle East", "Madrid"])
    europe, region = found["Europe"].place, found["Middle East"].place
    assert europe is not None and europe.feature_code == "CONT"
    assert region is not None and region.feature_code == "RGN"


# --- issue 4: the province a report writes next to a place ----------------------------


def test_province_after_a_comma_places_the_village(gazetteer: Gazetteer) -> None:
    text = "Shells fell on Dmytrivka, Donetsk overnight."
    toponyms = find_toponyms(text, [entity(text, "Dmytrivka", "GPE")], gazetteer)
    village = named(toponyms, "Dmytrivka")
    assert village.context == "Donetsk"
    assert village.place is None or village.place.admin1 == "Donetsk"


def test_a_list_of_provinces_is_not_a_context(gazetteer: Gazetteer) -> None:
    text = "Protests spread to Homs, Hama and Idlib on Friday."
    toponyms = find_toponyms(text, [], gazetteer)
    assert named(toponyms, "Homs").context is None


def test_parenthesised_areas_make_an_unknown_name_a_place(gazetteer: Gazetteer) -> None:
    text = "Gunmen raided Qaryat Zumrudiya (Kitaf wa Al Boqee, Sadah) at dawn."
    toponyms = find_toponyms(text, [entity(text, "Qaryat Zumrudiya", "ORG")], gazetteer)
    village = named(toponyms, "Qaryat Zumrudiya")
    district = named(toponyms, "Kitaf wa Al Boqee")
    assert village.place is None and village.context is not None
    assert district.place is not None and district.place.feature_code == "ADM2"


def test_province_at_the_end_of_a_description_despite_the_model(gazetteer: Gazetteer) -> None:
    text = "Artillery shelled Tell Zuhurat village, Aleppo. Nobody was hurt."
    toponyms = find_toponyms(text, [entity(text, "Aleppo", "NORP")], gazetteer)
    place = named(toponyms, "Aleppo").place
    assert place is not None and place.country == "Syria"


@pytest.mark.parametrize(
    ("spelling", "area"), [("Zaporizhia", "Zaporizhzhia"), ("Hasakeh", "Al-Hasakeh")]
)
def test_province_spelt_loosely_is_found(gazetteer: Gazetteer, spelling: str, area: str) -> None:
    assert [p.name for p in gazetteer.admin1_like(spelling)][:1] == [area]
    text = f"Drones struck Zarqanivka, {spelling} on Tuesday."
    toponyms = find_toponyms(text, [entity(text, spelling, "GPE")], gazetteer)
    place = named(toponyms, spelling).place
    assert place is not None and place.name == area


def test_short_names_are_not_matched_loosely(gazetteer: Gazetteer) -> None:
    assert gazetteer.admin1_like("Hama") == []


def test_a_key_only_namesake_does_not_set_the_country(gazetteer: Gazetteer) -> None:
    text = "Police detained three men in Al Laylia neighbourhood of Al-Hasakeh city."
    toponyms = find_toponyms(text, [], gazetteer)
    for toponym in toponyms:
        assert toponym.place is None or toponym.place.country == "Syria"


def test_first_word_of_a_longer_arabic_name_is_not_a_place(gazetteer: Gazetteer) -> None:
    text = "Residents marched in Bani an Zarqa near Sanaa on Friday."
    names = {t.span.text for t in find_toponyms(text, [], gazetteer)}
    assert "Bani" not in names and "Sanaa" in names


@pytest.mark.parametrize(
    ("text", "word", "armed"),
    [
        ("Russian forces shelled the town.", "Russian", True),
        ("Russian and Ukrainian forces clashed.", "Russian", True),
        ("A Saudi-led coalition air raid hit the port.", "Saudi", True),
        ("The Pakistan military fired at the border.", "Pakistan", True),
        ("Kenyan police dispersed the crowd.", "Kenyan", False),
        ("Rioting Kenyan youths blocked the road.", "Kenyan", False),
    ],
)
def test_a_country_word_before_armed_forces_names_the_forces(
    text: str, word: str, armed: bool
) -> None:
    assert names_armed_force(text, text.index(word) + len(word)) is armed


def test_an_english_word_after_a_province_does_not_lengthen_it(gazetteer: Gazetteer) -> None:
    text = "Clashes broke out near Marinka, Donetsk as Russian troops advanced."
    place = named(find_toponyms(text, [], gazetteer), "Donetsk").place
    assert place is not None and place.feature_code == "ADM1"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # A country name after a place, inside its areas, is the province of that name.
        ("Gunmen killed five farmers in Tungan Kawo (Shiroro, Niger).", "Niger", "Nigeria"),
        # The forces of a country are not where the event is.
        ("Pakistan forces fired at Dand Patan district, Paktia.", "Paktia", "Afghanistan"),
        ("Protesters marched in Atlanta, Georgia.", "Georgia", "United States"),
    ],
)
def test_country_focus_reads_country_words_by_their_role(
    gazetteer: Gazetteer, text: str, name: str, country: str
) -> None:
    place = named(find_toponyms(text, [], gazetteer), name).place
    assert place is not None and place.country == country


def test_district_named_with_its_kind_is_found(gazetteer: Gazetteer) -> None:
    text = "Two air raids targeted Medghal district (Marib) on Monday."
    place = named(find_toponyms(text, [], gazetteer), "Medghal district").place
    assert place is not None and place.feature_code == "ADM2" and place.country == "Yemen"


# Recognition of demonyms, abbreviations, datelines and names inside names (issue 4).


def kinds(toponyms: list[Toponym]) -> dict[str, str]:
    return {t.span.text: t.kind for t in toponyms}


@pytest.mark.parametrize(
    ("text", "demonym", "country"),
    [
        ("A Kenyan court fined the company on Monday.", "Kenyan", "Kenya"),
        ("The South Sudanese delegation left early.", "South Sudanese", "South Sudan"),
    ],
)
def test_demonyms_resolve_to_their_country_as_demonyms(
    gazetteer: Gazetteer, text: str, demonym: str, country: str
) -> None:
    toponym = named(find_toponyms(text, [], gazetteer), demonym)
    assert toponym.kind == "demonym"
    assert toponym.place is not None and toponym.place.country == country


@pytest.mark.parametrize("text", ["Two Kenyans won the race.", "Tickets are printed in English."])
def test_plurals_and_languages_are_not_demonym_toponyms(gazetteer: Gazetteer, text: str) -> None:
    assert find_toponyms(text, [], gazetteer) == []


@pytest.mark.parametrize(
    ("text", "abbreviation", "state"),
    [
        ("A barn burned near Scranton, Pa., on Sunday.", "Pa.", "Pennsylvania"),
        ("Floods closed roads in Wheeling, W.Va. yesterday.", "W.Va.", "West Virginia"),
        ("The storm moved on to Charleston, S.C., at dawn.", "S.C.", "South Carolina"),
    ],
)
def test_state_abbreviations_keep_their_dots(
    gazetteer: Gazetteer, text: str, abbreviation: str, state: str
) -> None:
    toponym = named(find_toponyms(text, [], gazetteer), abbreviation)
    assert toponym.kind == "name"
    assert toponym.place is not None and toponym.place.admin1 == state


def test_a_dotted_abbreviation_without_a_town_before_it_is_not_a_state(
    gazetteer: Gazetteer,
) -> None:
    text = "The family went to Mass. Afterwards they ate lunch."
    assert "Mass." not in kinds(find_toponyms(text, [], gazetteer))


@pytest.mark.parametrize(
    "text",
    ["COLUMBUS, Ohio - The council met on Monday.", "TORONTO (Reuters) - Shares rose on Friday."],
)
def test_all_caps_datelines_are_places(gazetteer: Gazetteer, text: str) -> None:
    dateline = text.split(",")[0].split(" (")[0]
    toponym = named(find_toponyms(text, [], gazetteer), dateline)
    assert toponym.place is not None and toponym.place.population > 100_000


def test_saint_abbreviation_is_part_of_the_name(gazetteer: Gazetteer) -> None:
    text = "The consulate in St. Petersburg was closed on Thursday."
    assert "St. Petersburg" in kinds(find_toponyms(text, [], gazetteer))


def test_a_river_is_named_whole(gazetteer: Gazetteer) -> None:
    text = "Volunteers filled sandbags as the Tallow River rose overnight."
    assert kinds(find_toponyms(text, [], gazetteer)) == {"Tallow River": "name"}


def test_a_place_opening_an_organisation_name_is_a_name_inside_a_name(
    gazetteer: Gazetteer,
) -> None:
    text = "Officers of the Toronto Police Service arrested two men."
    entities = [entity(text, "the Toronto Police Service", "ORG")]
    toponym = named(find_toponyms(text, entities, gazetteer), "Toronto")
    assert toponym.kind == "in_name"


def test_a_word_in_the_middle_of_an_organisation_name_is_not_a_place(
    gazetteer: Gazetteer,
) -> None:
    text = "She kept her savings at Citizens Superior Bank for years."
    entities = [entity(text, "Citizens Superior Bank", "ORG")]
    assert find_toponyms(text, entities, gazetteer) == []


def test_a_surname_of_a_person_named_in_full_is_not_a_place(gazetteer: Gazetteer) -> None:
    text = "Coach Dana Ripley praised the team. Ripley said the win mattered."
    entities = [entity(text, "Dana Ripley", "PERSON"), Entity(Span(36, 42, "Ripley"), "GPE")]
    assert "Ripley" not in kinds(find_toponyms(text, entities, gazetteer))


def test_a_sentence_opening_word_is_not_a_city_it_only_shares_a_key_with(
    gazetteer: Gazetteer,
) -> None:
    text = "The prize went to three pupils. Among them was a girl of nine."
    assert find_toponyms(text, [], gazetteer) == []


def test_places_stage_keeps_names_inside_actors_as_names_inside_names(
    gazetteer: Gazetteer,
) -> None:
    text = "Kenyan police dispersed a crowd in Nakuru on Monday."
    report = Report(report_id="r", text=text, content_hash="h", origin="test")
    actor = ActorMention(Span(0, 13, "Kenyan police"), Actor("Police Forces of Kenya", 1))
    doc = Document(report=report, actors=(actor,))
    toponyms = PlacesStage(gazetteer)(doc).toponyms
    assert kinds(list(toponyms)) == {"Kenyan": "demonym", "Nakuru": "name"}


# --- issue 4: document context and fallbacks for given spans ------------------


def _place_of(gazetteer: Gazetteer, text: str, names: list[str], name: str) -> Place:
    place = _resolve_named(gazetteer, text, names)[name].place
    assert place is not None, name
    return place


@pytest.mark.parametrize("short", ["U.S.", "US", "UK", "America"])
def test_a_short_form_of_a_country_is_not_a_namesake_village(
    gazetteer: Gazetteer, short: str
) -> None:
    text = f"Diplomats left Moscow for the {short} on Sunday, Russia said."
    place = _place_of(gazetteer, text, ["Moscow", short, "Russia"], short)
    assert place.feature_code == "PCLI"


def test_a_town_and_its_county_meet_in_one_state(gazetteer: Gazetteer) -> None:
    text = "Paris and Henry County are rich in history."
    found = _resolve_named(gazetteer, text, ["Paris", "Henry County"])
    paris, county = found["Paris"].place, found["Henry County"].place
    assert paris is not None and county is not None
    assert paris.admin1 == county.admin1 == "Tennessee"


def test_a_country_name_beside_a_nearby_town_is_the_town(gazetteer: Gazetteer) -> None:
    text = "Jordan students beat Shakopee on Friday night."
    place = _place_of(gazetteer, text, ["Jordan", "Shakopee"], "Jordan")
    assert (place.country, place.admin1) == ("United States", "Minnesota")


def test_the_capital_is_not_the_state_that_shares_its_name(gazetteer: Gazetteer) -> None:
    text = "After the shooting in Parkland, Florida, students marched on Washington."
    place = _place_of(gazetteer, text, ["Parkland", "Florida", "Washington"], "Washington")
    assert place.feature_code == "PPLC"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Colorado State University", "Colorado"),
        ("Gwinnett", "Gwinnett County"),
        ("Iowans", "Iowa"),
        ("Miami-Dade", "Miami-Dade County"),
        ("Calif", "California"),
    ],
)
def test_a_name_the_gazetteer_lacks_falls_back(
    gazetteer: Gazetteer, name: str, expected: str
) -> None:
    text = f"Officials said {name} would answer on Monday."
    assert _place_of(gazetteer, text, [name], name).name == expected


def test_a_name_ruled_out_abroad_keeps_its_best_guess_without_a_town(
    gazetteer: Gazetteer,
) -> None:
    text = "Crowds from Kenya gathered at the Nolay Grounds."
    place = _place_of(gazetteer, text, ["Kenya", "Nolay Grounds"], "Nolay Grounds")
    assert (place.name, place.country) == ("Nolay", "France")


def test_a_feature_word_alone_is_no_fallback(gazetteer: Gazetteer) -> None:
    text = "Crowds gathered at Brands Hatch on Sunday."
    assert _resolve_named(gazetteer, text, ["Brands Hatch"])["Brands Hatch"].place is None


# --- issue 4: a given name the gazetteer lacks, areas' own names, initials -----


@pytest.mark.parametrize(
    ("text", "name", "town"),
    [
        ("Riot police in Leeds sealed off Quarrowby Yard overnight.", "Quarrowby Yard", "Leeds"),
        ("Buses left Quarrowby Yard for Nairobi at dawn.", "Quarrowby Yard", "Nairobi"),
        ("From Lyon the march went on to Quarrowby, then Dijon.", "Quarrowby", "Lyon"),
        # Only a part of the name is known, as a French village: the Kenyan town wins.
        ("Crowds in Nairobi gathered at the Nolay Grounds.", "Nolay Grounds", "Nairobi"),
        # A part known as a town 8,000 km away (Bangor, Maine) is a stray namesake.
        ("Hikers from Hilo reached Bangor Ridge at dusk.", "Bangor Ridge", "Hilo"),
    ],
)
def test_a_given_name_the_gazetteer_lacks_takes_the_town_named_beside_it(
    gazetteer: Gazetteer, text: str, name: str, town: str
) -> None:
    names = [name] + [w for w in ("Leeds", "Nairobi", "Lyon", "Dijon", "Hilo") if w in text]
    found = _resolve_named(gazetteer, text, names)
    assert found[name].place == found[town].place
    assert found[name].score < found[town].score


@pytest.mark.parametrize(
    ("text", "names", "area"),
    [
        ("Exporters in Warsaw and Krakow see Ohio as their next market.", ["Warsaw", "Krakow", "Ohio"], "Ohio"),
        ("A retiree in Florida won the draw, officials in New York said.", ["Florida", "New York"], "Florida"),
        ("Floods closed roads across Wales, England and Scotland.", ["Wales", "England", "Scotland"], "Wales"),
        ("Hail hit wheat farms in Kansas and Illinois.", ["Kansas", "Illinois"], "Kansas"),
    ],
)  # fmt: skip
def test_a_first_level_area_is_not_a_small_namesake(
    gazetteer: Gazetteer, text: str, names: list[str], area: str
) -> None:
    place = _place_of(gazetteer, text, names, area)
    assert (place.feature_code, place.name) == ("ADM1", area)


def test_a_town_named_with_its_state_keeps_the_state_name(gazetteer: Gazetteer) -> None:
    text = "The steel mill in California, Pa., shut its gates."
    place = _place_of(gazetteer, text, ["California", "Pa."], "California")
    assert (place.feature_code, place.admin1) == ("PPL", "Pennsylvania")


@pytest.mark.parametrize(
    ("text", "names", "initials", "area"),
    [
        ("Power cuts in Durban and Soweto angered SA voters.", ["Durban", "Soweto", "SA"], "SA", "South Africa"),
        ("Bushfires near Sydney spread across NSW.", ["Sydney", "NSW"], "NSW", "New South Wales"),
        ("Miners in Perth said WA needs more rail.", ["Perth", "WA"], "WA", "Western Australia"),
    ],
)  # fmt: skip
def test_initials_name_the_focus_country_or_its_area(
    gazetteer: Gazetteer, text: str, names: list[str], initials: str, area: str
) -> None:
    assert _place_of(gazetteer, text, names, initials).name == area


@pytest.mark.parametrize(
    ("text", "names", "city", "country"),
    [
        ("Shoppers in Houston and London face higher prices.", ["Houston", "London"], "London", "United Kingdom"),
        ("Commuters from Toronto crowded the Detroit tunnel.", ["Toronto", "Detroit"], "Toronto", "Canada"),
        ("Farmers near London, Ohio, and Columbus lost crops.", ["London", "Ohio", "Columbus"], "London", "United States"),
    ],
)  # fmt: skip
def test_a_world_city_beats_a_small_namesake_unless_its_state_is_named(
    gazetteer: Gazetteer, text: str, names: list[str], city: str, country: str
) -> None:
    assert _place_of(gazetteer, text, names, city).country == country


def test_a_town_followed_by_its_province_at_the_end_of_a_sentence(gazetteer: Gazetteer) -> None:
    # The model takes the town for a person; ", Luhansk." says it is a place.
    text = "Artillery hit Rubizhne, Luhansk. Nobody was hurt."
    toponyms = find_toponyms(text, [entity(text, "Rubizhne", "PERSON")], gazetteer)
    town = named(toponyms, "Rubizhne").place
    assert town is not None and (town.admin1, town.feature_code) == ("Luhansk", "PPL")


def test_an_unknown_village_followed_by_its_province_is_a_place(gazetteer: Gazetteer) -> None:
    text = "Mortars struck Zorlivka Pole, Donetsk. No one was hurt."
    toponyms = find_toponyms(text, [entity(text, "Zorlivka Pole", "ORG")], gazetteer)
    village = named(toponyms, "Zorlivka Pole")
    assert village.place is None and village.context == "Donetsk"


def test_a_person_followed_by_a_province_is_not_a_place(gazetteer: Gazetteer) -> None:
    text = "The spokesman, Musa Bello, Kano State police said the road was calm."
    toponyms = find_toponyms(text, [entity(text, "Musa Bello", "PERSON")], gazetteer)
    assert all("Bello" not in t.span.text for t in toponyms)


def test_a_province_spelt_as_reports_spell_it_places_its_town(gazetteer: Gazetteer) -> None:
    text = "Drones struck Orikhiv, Zaporizhia, on Friday."
    town = named(find_toponyms(text, [], gazetteer), "Orikhiv").place
    assert town is not None and town.admin1 == "Zaporizhzhia"


def test_the_area_named_like_a_city_is_the_one_holding_the_town(gazetteer: Gazetteer) -> None:
    # "Kyiv" is the city (an area of its own) and the oblast around it; Irpin is in the oblast.
    text = "Fighting went on in Irpin, Kyiv, through the night."
    town = named(find_toponyms(text, [], gazetteer), "Irpin").place
    assert town is not None and (town.admin1, town.feature_code) == ("Kyiv", "PPL")


@pytest.mark.parametrize(
    ("district", "seat"),
    [
        ("Beryslavskyi rayon", "Beryslav"),
        ("Kramatorskyi raion", "Kramatorsk"),
        ("Shostkynskyi district", "Shostka"),
    ],
)
def test_a_district_named_by_its_seat_is_placed_at_the_seat(
    gazetteer: Gazetteer, district: str, seat: str
) -> None:
    text = f"Shelling hit {district}, and the power went out."
    adjective = district.split()[0]
    toponym = named(find_toponyms(text, [entity(text, adjective, "LOC")], gazetteer), adjective)
    assert toponym.place is not None and toponym.place.name == seat
    assert toponym.relation == "district of"


def test_a_community_of_people_is_not_a_district(gazetteer: Gazetteer) -> None:
    text = "Leaders of the Ruthenian community met the mayor of Lviv on Monday."
    assert [t.span.text for t in find_toponyms(text, [], gazetteer) if t.kind == "name"] == ["Lviv"]


def test_a_capital_spelt_otherwise_is_the_city_not_the_region_around_it(
    gazetteer: Gazetteer,
) -> None:
    # Kyiv Oblast sits at Kyiv, an area of its own: "Kiev" alone is the city.
    text = "Hundreds protested outside the parliament in Kiev on Sunday."
    place = named(find_toponyms(text, [], gazetteer), "Kiev").place
    assert place is not None and (place.feature_code, place.admin1) == ("PPLC", "Kyiv City")


def test_a_province_spelt_loosely_rules_out_namesakes_elsewhere(gazetteer: Gazetteer) -> None:
    # Zarichne is a town in Rivne too; "Zaporizhia" (spelt as reports do) says which one.
    text = "Rockets fell on Zarichne, Zaporizhia, at dawn."
    toponyms = find_toponyms(text, [entity(text, "Zaporizhia", "GPE")], gazetteer)
    town = named(toponyms, "Zarichne").place
    assert town is None or town.admin1 == "Zaporizhzhia"


def test_a_community_named_with_its_province_is_a_place(gazetteer: Gazetteer) -> None:
    text = "Drones dropped grenades on farms of the Krasnopillia community, Sumy."
    toponyms = find_toponyms(text, [entity(text, "Krasnopillia", "ORG")], gazetteer)
    town = named(toponyms, "Krasnopillia").place
    assert town is not None and town.admin1 == "Sumy"


def test_the_direction_of_an_unknown_village_is_near_it(gazetteer: Gazetteer) -> None:
    text = "Troops pushed in the direction of Zorlivka Nova, Donetsk, and were stopped."
    toponyms = find_toponyms(text, [entity(text, "Zorlivka Nova", "PERSON")], gazetteer)
    village = named(toponyms, "Zorlivka Nova")
    assert (village.place, village.relation, village.context) == (None, "near", "Donetsk")


def test_an_area_named_after_a_town_is_near_the_town(gazetteer: Gazetteer) -> None:
    text = "A column of tanks reached Ein Issa area (Raqqa) on Monday."
    toponym = named(find_toponyms(text, [], gazetteer), "Ein Issa area")
    assert toponym.place is not None and toponym.place.admin1 == "Ar-Raqqa"
    assert toponym.relation == "near"


def test_a_country_backing_a_faction_is_not_where_the_event_is(gazetteer: Gazetteer) -> None:
    # Turkey is the factions' sponsor; the town is the Syrian one, spelt as locals do.
    text = "Turkey-backed factions shelled the countryside of Ein Issa in Raqqa governorate."
    town = named(find_toponyms(text, [], gazetteer), "Ein Issa").place
    assert town is not None and town.country == "Syria"
    assert names_armed_force(text, len("Turkey"))


def test_a_report_naming_one_province_means_its_own_villages(gazetteer: Gazetteer) -> None:
    # An Aqabah lies in Al Bayda; the report names Ad Dali alone, so it means another one.
    text = "A grenade went off in a house in Aqabah village, north of Ad Dali city (Ad Dali)."
    village = named(find_toponyms(text, [], gazetteer), "Aqabah")
    assert village.place is None or village.place.admin1 == "Ad Dali'"


def test_a_country_after_a_comma_rules_out_namesakes_abroad(gazetteer: Gazetteer) -> None:
    # The gazetteer knows a Manika only in the Philippines; "Manika, India" is not it.
    text = "Police fought rebels in Manika, India on Monday."
    toponyms = find_toponyms(text, [entity(text, "Manika", "GPE")], gazetteer)
    place = named(toponyms, "Manika").place
    assert place is None or place.country == "India"
    # A name that is a country and a state both ("Georgia") is the one the place is in.
    text = "Protesters marched in Atlanta, Georgia on Monday."
    atlanta = named(find_toponyms(text, [], gazetteer), "Atlanta").place
    assert atlanta is not None and atlanta.country == "United States"
    text = "Supporters of the editor demanded his release in Rustavi, Georgia on Monday."
    rustavi = named(find_toponyms(text, [entity(text, "Rustavi", "GPE")], gazetteer), "Rustavi")
    assert rustavi.place is not None and rustavi.place.country == "Georgia"


def test_a_name_spelt_only_like_a_small_village_needs_a_place_cue(gazetteer: Gazetteer) -> None:
    """The model takes a president's name for a place; it spells like a Ukrainian village
    (Kybaky) only by transliteration, so without "in" or "near" it is no place."""
    text = "A reporter was beaten for taking photos of Kibaki at the rally."
    toponyms = find_toponyms(text, [entity(text, "Kibaki", "GPE")], gazetteer)
    assert all(t.place is None for t in toponyms if t.span.text == "Kibaki")
    cued = "Gunmen shot two farmers in Kybaky on Monday."
    found = find_toponyms(cued, [entity(cued, "Kybaky", "GPE")], gazetteer)
    assert named(found, "Kybaky").place is not None


def test_a_village_spelt_otherwise_stays_in_the_province_the_report_names(
    gazetteer: Gazetteer,
) -> None:
    text = "Fighters raided homes of Keraman families, Panjshir officials said on Monday."
    toponyms = find_toponyms(text, [entity(text, "Keraman", "GPE")], gazetteer)
    village = named(toponyms, "Keraman").place
    assert village is not None and village.admin1 == "Panjshir"


def test_a_city_with_its_subdistrict_in_brackets_is_the_city(gazetteer: Gazetteer) -> None:
    text = "Traders clashed in Rajshahi city (Boalia) over a market stall."
    city = named(find_toponyms(text, [], gazetteer), "Rajshahi").place
    assert city is not None and city.admin1 == "Rajshahi"
