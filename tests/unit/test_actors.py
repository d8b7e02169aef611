from __future__ import annotations

import datetime as dt

import pytest

from incidex.records import Actor, Document, Report
from incidex.stages.actors import (
    ActorDictionary,
    ActorsStage,
    inter_for_country,
    name_for_country,
)


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load_default()


def found(dictionary: ActorDictionary, text: str) -> list[tuple[str, str]]:
    return [(m.span.text, m.actor.name) for m in dictionary.find_actors(text)]


# --- alias families --------------------------------------------------------------

ISLAMIC_STATE = "Islamic State"


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Fighters loyal to ISIS took the hill.", "ISIS", ISLAMIC_STATE),
        ("An ISIL cell was dismantled.", "ISIL cell", ISLAMIC_STATE),
        ("Daesh remnants ambushed a convoy.", "Daesh", ISLAMIC_STATE),
        ("Daish remnants ambushed a convoy.", "Daish", ISLAMIC_STATE),
        ("Da'esh remnants ambushed a convoy.", "Da'esh", ISLAMIC_STATE),
        ("The convoy was hit by Daesh's sleeper cells.", "Daesh", ISLAMIC_STATE),
        ("A car bomb claimed by IS went off.", "IS", ISLAMIC_STATE),
        ("the Islamic State group said it did it", "the Islamic State group", ISLAMIC_STATE),
        ("ISWAP overran a base.", "ISWAP", "Islamic State (West Africa)"),
        ("IS-K gunmen struck a mosque.", "IS-K gunmen", "Islamic State (Afghanistan)"),
        ("ISKP struck a mosque.", "ISKP", "Islamic State (Afghanistan)"),
        (
            "Islamic State Khorasan is blamed.",
            "Islamic State Khorasan",
            "Islamic State (Afghanistan)",
        ),
        (
            "Islamic State Sahel fighters burned a market.",
            "Islamic State Sahel fighters",
            "Islamic State (Sahel)",
        ),
        ("AQAP seized a checkpoint.", "AQAP", "AQAP: Al Qaeda in the Arabian Peninsula"),
        ("AQIM kidnapped two engineers.", "AQIM", "AQIM: Al Qaeda in the Islamic Maghreb"),
        ("JNIM laid siege to the town.", "JNIM", "JNIM: Group for Support of Islam and Muslims"),
        ("HTS shelled the village.", "HTS", "HTS: Hayat Tahrir al Sham"),
        (
            "Hay'at Tahrir al-Sham shelled the village.",
            "Hay'at Tahrir al-Sham",
            "HTS: Hayat Tahrir al Sham",
        ),
        ("Hurras al-Din commanders met.", "Hurras al-Din", "Hurras al Din"),
        ("al Shabab fighters raided a base.", "al Shabab fighters", "Al Shabaab"),
        ("Al-Shabaab claimed the blast.", "Al-Shabaab", "Al Shabaab"),
        (
            "Harakat al-Shabaab al-Mujahideen claimed the blast.",
            "Harakat al-Shabaab al-Mujahideen",
            "Al Shabaab",
        ),
        (
            "Boko Haram abducted pupils.",
            "Boko Haram",
            "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
        ),
        ("The Taliban took the district.", "Taliban", "Taliban"),
        ("TTP militants attacked a post.", "TTP militants", "TTP: Tehreek-i-Taliban Pakistan"),
        (
            "Tehrik-i-Taliban Pakistan claimed it.",
            "Tehrik-i-Taliban Pakistan",
            "TTP: Tehreek-i-Taliban Pakistan",
        ),
        (
            "Houthi rebels fired a missile.",
            "Houthi rebels",
            "Military Forces of Yemen Supreme Political Council",
        ),
        (
            "Ansar Allah fired a missile.",
            "Ansar Allah",
            "Military Forces of Yemen Supreme Political Council",
        ),
        ("Hezbollah fired rockets.", "Hezbollah", "Hezbollah"),
        ("Hamas fired rockets.", "Hamas", "Hamas Movement"),
        ("The PKK ambushed a patrol.", "PKK", "PKK: Kurdistan Workers Party"),
        ("YPG units withdrew.", "YPG units", "YPG: Peoples Protection Units"),
        ("The SDF said nothing.", "SDF", "QSD: Syrian Democratic Forces"),
        (
            "Turkish-backed factions shelled the town.",
            "Turkish-backed factions",
            "JWS: Syrian National Army",
        ),
        ("The SNA advanced.", "SNA", "JWS: Syrian National Army"),
        ("A CJTF-OIR statement followed.", "CJTF-OIR", "Global Coalition Against Daesh"),
        ("The US-led coalition struck.", "US-led coalition", "Global Coalition Against Daesh"),
        (
            "the international coalition struck",
            "the international coalition",
            "Global Coalition Against Daesh",
        ),
        ("The Coalition denied any role.", "The Coalition", "Global Coalition Against Daesh"),
        ("TAF drones hit a car.", "TAF", "Military Forces of Turkey"),
        ("Wagner mercenaries arrived.", "Wagner mercenaries", "Wagner Group"),
        ("M23 rebels took the hill.", "M23 rebels", "M23: March 23 Movement"),
        ("ADF attackers killed farmers.", "ADF", "ADF: Allied Democratic Forces"),
        ("The ELN bombed a pipeline.", "ELN", "ELN: National Liberation Army"),
        (
            "FARC dissidents clashed with troops.",
            "FARC dissidents",
            "FARC Dissident: Revolutionary Armed Forces of Colombia Dissident",
        ),
        ("The Tatmadaw shelled a village.", "Tatmadaw", "Military Forces of Myanmar"),
        ("The CJNG blocked roads.", "CJNG", "CJNG: Jalisco New Generation Cartel"),
    ],
)
def test_alias_families(dictionary: ActorDictionary, text: str, surface: str, name: str) -> None:
    assert (surface, name) in found(dictionary, text)


# --- acronyms and case -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "this is it",
        "Is this the end?",
        "WHAT IS NEXT FOR THE TOWN",
        "Let us go.",
        "Sdf and isis in lower case are not the groups.",
        "The adf file was corrupt.",
    ],
)
def test_acronyms_need_capitals(dictionary: ActorDictionary, text: str) -> None:
    assert dictionary.find_actors(text) == []


def test_is_inside_isis_is_one_mention(dictionary: ActorDictionary) -> None:
    assert found(dictionary, "ISIS claimed it") == [("ISIS", ISLAMIC_STATE)]


def test_all_caps_name_in_title_case_when_long(dictionary: ActorDictionary) -> None:
    assert found(dictionary, "Monusco peacekeepers patrolled.")[0][0] == "Monusco"


# --- misspellings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        (
            "Jets of the Internet Resolve coalition struck.",
            "Internet Resolve",
            "Global Coalition Against Daesh",
        ),
        (
            "Operation Inherent Resolv said two died.",
            "Operation Inherent Resolv",
            "Global Coalition Against Daesh",
        ),
        ("Hezbolah fighters crossed the border.", "Hezbolah", "Hezbollah"),
        ("Kataib Hezbolla claimed the drone attack.", "Kataib Hezbolla", "Kataib Hezbollah"),
        ("Jabhat al-Nusrah took the hill.", "Jabhat al-Nusrah", "HTS: Hayat Tahrir al Sham"),
    ],
)
def test_misspelt_names_match(
    dictionary: ActorDictionary, text: str, surface: str, name: str
) -> None:
    assert (surface, name) in found(dictionary, text)


@pytest.mark.parametrize(
    "text",
    [
        "The Syrian Democratic Council met in Raqqa.",
        "The War Coalition published a letter.",
        "The National Liberation Front marched.",
        "Delegates from the Islamic Republic arrived.",
    ],
)
def test_near_names_do_not_match(dictionary: ActorDictionary, text: str) -> None:
    assert dictionary.find_actors(text) == []


# --- overlaps ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        (
            "Islamic State West Africa Province fighters raided Baga.",
            "Islamic State West Africa Province fighters",
            "Islamic State (West Africa)",
        ),
        (
            "Al-Qaeda in the Arabian Peninsula struck.",
            "Al-Qaeda in the Arabian Peninsula",
            "AQAP: Al Qaeda in the Arabian Peninsula",
        ),
        (
            "The Syrian National Army shelled it.",
            "Syrian National Army",
            "JWS: Syrian National Army",
        ),
        (
            "FARC dissidents clashed.",
            "FARC dissidents",
            "FARC Dissident: Revolutionary Armed Forces of Colombia Dissident",
        ),
        ("Islamic State militants fled.", "Islamic State militants", ISLAMIC_STATE),
    ],
)
def test_longest_match_wins(
    dictionary: ActorDictionary, text: str, surface: str, name: str
) -> None:
    assert found(dictionary, text) == [(surface, name)]


# --- sources -------------------------------------------------------------------------


def test_monitor_is_a_source_not_an_actor(dictionary: ActorDictionary) -> None:
    text = "the Syrian Observatory for Human Rights said"
    actors, sources = dictionary.find(text)
    assert actors == []
    assert [(s.name, s.kind) for s in sources] == [
        ("Syrian Observatory for Human Rights", "monitor")
    ]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("SOHR counted 12 dead.", "Syrian Observatory for Human Rights", "monitor"),
        ("Airwars logged the strike.", "Airwars", "monitor"),
        ("Reuters could not verify it.", "Reuters", "agency"),
        ("AFP reported the toll.", "Agence France-Presse", "agency"),
        ("state news agency SANA said", "SANA", "agency"),
        ("the Health Ministry gave a toll", "Ministry of Health", "ministry"),
        ("the Turkish Ministry of Defence said", "Ministry of Defence (Turkey)", "ministry"),
        ("Russia's Defence Ministry said", "Ministry of Defence (Russia)", "ministry"),
        ("OCHA warned of displacement.", "OCHA", "un"),
        ("Human Rights Watch documented it.", "Human Rights Watch", "ngo"),
        ("Enab Baladi reported clashes.", "Enab Baladi", "media"),
        ("according to Khaama Press", "Khaama Press", "media"),
    ],
)
def test_named_sources(dictionary: ActorDictionary, text: str, name: str, kind: str) -> None:
    assert (name, kind) in [(s.name, s.kind) for s in dictionary.find_sources(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The toll was 4, according to Radio Bakool.", "Radio Bakool"),
        ("Governor Aminu Bello said the road was shut.", "Governor Aminu Bello"),
        ("The Rojava Information Center reported two deaths.", "Rojava Information Center"),
        ("The figure was confirmed by Mercy Relief.", "Mercy Relief"),
    ],
)
def test_sources_found_by_reporting_verbs(
    dictionary: ActorDictionary, text: str, name: str
) -> None:
    sources = dictionary.find_sources(text)
    assert [(s.name, s.kind) for s in sources] == [(name, "unknown")]
    assert sources[0].span is not None and sources[0].span.text == name


@pytest.mark.parametrize(
    "text",
    [
        "Officials said it was calm.",
        "He said it was calm.",
        "Hamas said it fired.",
        "Witnesses told us.",
    ],
)
def test_reporting_verbs_without_a_new_name(dictionary: ActorDictionary, text: str) -> None:
    assert [s for s in dictionary.find_sources(text) if s.kind == "unknown"] == []


# --- generic actors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("Soldiers opened fire.", "Soldiers", "military"),
        ("A soldier was wounded.", "soldier", "military"),
        ("Troops entered the town.", "Troops", "military"),
        ("government forces advanced", "government forces", "military"),
        ("regime forces shelled it", "regime forces", "military"),
        ("Policemen were deployed.", "Policemen", "police"),
        ("a policeman was shot", "policeman", "police"),
        ("Protesters blocked the road.", "Protesters", "protesters"),
        ("Rioters torched cars.", "Rioters", "rioters"),
        ("Two villagers died.", "villagers", "civilians"),
        ("Unknown gunmen killed a man.", "Unknown gunmen", "unidentified"),
        ("Unidentified assailants fled.", "Unidentified assailants", "unidentified"),
        ("Militiamen burned houses.", "Militiamen", "militia"),
        ("Warplanes hit the market.", "Warplanes", "unidentified-air"),
    ],
)
def test_generic_actors(dictionary: ActorDictionary, text: str, surface: str, kind: str) -> None:
    mentions = dictionary.find_actors(text)
    assert [(m.span.text, m.actor.kind, m.actor.country) for m in mentions] == [
        (surface, kind, None)
    ]


def test_forces_alone_is_not_an_actor(dictionary: ActorDictionary) -> None:
    assert dictionary.find_actors("Forces gathered near the river.") == []


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Turkish soldiers shelled it.", "Turkish soldiers", "Military Forces of Turkey"),
        ("Israeli forces raided the camp.", "Israeli forces", "Military Forces of Israel"),
        ("Russian warplanes struck.", "Russian warplanes", "Military Forces of Russia"),
        ("U.S. troops left.", "U.S. troops", "Military Forces of the United States"),
        ("Palestinian protesters gathered.", "Palestinian protesters", "Protesters (Palestine)"),
        ("Nigeria's army said", "Nigeria's army", "Military Forces of Nigeria"),
    ],
)
def test_country_words_name_generic_actors(
    dictionary: ActorDictionary, text: str, surface: str, name: str
) -> None:
    mention = dictionary.find_actors(text)[0]
    assert (mention.span.text, mention.actor.name) == (surface, name)
    assert name_for_country(mention.actor, "Syria") == name


@pytest.mark.parametrize(
    ("actor", "country", "name"),
    [
        (Actor("Military Forces", 1, kind="military"), "Syria", "Military Forces of Syria"),
        (Actor("Police Forces", 1, kind="police"), "Syria", "Police Forces of Syria"),
        (Actor("Protesters", 6, kind="protesters"), "Syria", "Protesters (Syria)"),
        (Actor("Rioters", 5, kind="rioters"), "Syria", "Rioters (Syria)"),
        (Actor("Civilians", 7, kind="civilians"), "Syria", "Civilians (Syria)"),
        (
            Actor("Unidentified Armed Group", 3, kind="unidentified"),
            "Syria",
            "Unidentified Armed Group (Syria)",
        ),
        (
            Actor("Unidentified Military Forces", 8, kind="unidentified-air"),
            "Syria",
            "Unidentified Military Forces",
        ),
        (
            Actor("Unidentified Communal Militia", 4, kind="militia"),
            "Mali",
            "Unidentified Communal Militia (Mali)",
        ),
        (Actor("Islamic State", 2, kind="per-country"), "Iraq", "Islamic State (Iraq)"),
        (Actor("Islamic State", 2, kind="per-country"), None, "Islamic State"),
        (Actor("Military Forces", 1, kind="military"), None, "Military Forces"),
        (
            Actor("Military Forces", 1, kind="military"),
            "United States",
            "Military Forces of the United States",
        ),
        (
            Actor("Civilians", 7, kind="civilians"),
            "Democratic Republic of the Congo",
            "Civilians (Democratic Republic of Congo)",
        ),
        (Actor("Al Shabaab", 2, "Somalia"), "Kenya", "Al Shabaab"),
        (
            Actor("Military Forces of Turkey", 1, "Turkey", "military"),
            "Syria",
            "Military Forces of Turkey",
        ),
    ],
)
def test_name_for_country(actor: Actor, country: str | None, name: str) -> None:
    assert name_for_country(actor, country) == name


@pytest.mark.parametrize(
    ("actor", "country", "inter"),
    [
        (Actor("Military Forces of Turkey", 1, "Turkey", "military"), "Syria", 8),
        (Actor("Military Forces of Turkey", 1, "Turkey", "military"), "Turkey", 1),
        (Actor("Military Forces", 1, kind="military"), "Syria", 1),
        (Actor("Al Shabaab", 2, "Somalia"), "Kenya", 2),
    ],
)
def test_inter_for_country(actor: Actor, country: str, inter: int) -> None:
    assert inter_for_country(actor, country) == inter


# --- the dictionary and the stage ----------------------------------------------------------


def test_spans_point_into_the_text(dictionary: ActorDictionary) -> None:
    text = "Turkish soldiers and SNA factions, SOHR said, fought the SDF near Manbij."
    actors, sources = dictionary.find(text)
    for span in [m.span for m in actors] + [s.span for s in sources if s.span]:
        assert text[span.start : span.end] == span.text
    assert [m.span.start for m in actors] == sorted(m.span.start for m in actors)


def test_a_small_table_builds_its_own_dictionary() -> None:
    actors = "name\taliases\tinter\tcountry\tkind\nRed Hand\tRH|the Hands\t3\tNarnia\tgroup\n"
    sources = "name\taliases\tkind\nDaily Lantern\t\tmedia\n"
    small = ActorDictionary.from_tsv(actors, sources)
    mentions, cited = small.find("RH men and the Hands met, the Daily Lantern reported.")
    assert [m.actor.name for m in mentions] == ["Red Hand", "Red Hand"]
    assert [s.name for s in cited] == ["Daily Lantern"]


def test_a_bad_inter_code_is_refused() -> None:
    actors = "name\taliases\tinter\tcountry\tkind\nRed Hand\t\tnine\t\tgroup\n"
    with pytest.raises(ValueError, match="'nine'"):
        ActorDictionary.from_tsv(actors, "name\taliases\tkind\n")


def test_stage_fills_actors_and_sources(dictionary: ActorDictionary) -> None:
    text = "Houthi rebels shelled a market, killing three civilians, Al Masirah reported."
    report = Report("r1", text, "hash", "test", published=dt.date(2024, 3, 1))
    doc = ActorsStage(dictionary=dictionary)(Document(report=report))
    assert [m.actor.name for m in doc.actors] == [
        "Military Forces of Yemen Supreme Political Council",
        "Civilians",
    ]
    assert [s.name for s in doc.sources] == ["Al-Masirah"]
    assert ActorsStage.provides == frozenset({"actors", "sources"})
