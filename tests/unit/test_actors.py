from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest

from incidex.records import Actor, Document, Report, Span, Token
from incidex.stages.actors import (
    ActorDictionary,
    ActorsStage,
    Window,
    aliases_of,
    inter_for_country,
    name_for_country,
)
from incidex.stages.roles import is_headline_passive, is_surface_doer, role_of


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
        ("The Taliban took the district.", "Taliban", "Military Forces of Afghanistan"),
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
        # a group's cadres are its own, past the bracket that closes its name
        (
            "CPI (Maoist) cadres fired at a patrol.",
            "CPI (Maoist) cadres",
            "CPI (Maoist): Communist Party of India (Maoist)",
        ),
        ("Mungiki sect members were shot.", "Mungiki sect members", "Mungiki Militia"),
        (
            "NSCN (K) militants ambushed a patrol.",
            "NSCN (K) militants",
            "NSCN-K: National Socialist Council of Nagaland-Khaplang",
        ),
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
        ("Raiders drove off the cattle.", "Raiders", "militia"),
        ("Warplanes hit the market.", "Warplanes", "unidentified-air"),
    ],
)
def test_generic_actors(dictionary: ActorDictionary, text: str, surface: str, kind: str) -> None:
    mentions = dictionary.find_actors(text)
    assert [(m.span.text, m.actor.kind, m.actor.country) for m in mentions] == [
        (surface, kind, None)
    ]


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("Paramilitary forces searched the hills.", "Paramilitary forces", "military"),
        ("Rangers raided a hideout.", "Rangers", "military"),
        ("the Defence Forces said nothing", "Defence Forces", "military"),
        ("Administration Police officers fired.", "Administration Police", "police"),
        ("Prison wardens beat an inmate.", "Prison wardens", "police"),
        ("Immigration officers detained 30 migrants.", "Immigration officers", "police"),
        ("Border forces turned them back.", "Border forces", "police"),
        ("Wildlife rangers shot two poachers.", "Wildlife rangers", "police"),
        ("Forest guards shot at the loggers.", "Forest guards", "police"),
        ("intelligence operatives seized him", "intelligence operatives", "police"),
        ("Police reservists guarded the herds.", "Police reservists", "police"),
        ("County askaris demolished the stalls.", "County askaris", "police"),
        ("Self-defence forces patrolled.", "Self-defence forces", "militia"),
    ],
)
def test_state_agencies_are_state_forces(
    dictionary: ActorDictionary, text: str, surface: str, kind: str
) -> None:
    """Guards, rangers, wardens and agents of the state are ACLED's state forces (inter 1);
    a self-defence force is a communal militia, not the state's defence forces."""
    mentions = dictionary.find_actors(text)
    assert [(m.span.text, m.actor.kind) for m in mentions] == [(surface, kind)]


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
        ("Pak Army raided it.", "Pak Army", "Military Forces of Pakistan"),
        ("the Kenya Defence Forces said", "Kenya Defence Forces", "Military Forces of Kenya"),
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


# --- aliases added for issue 3 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("pro-Hadi forces shelled a ridge.", "pro-Hadi forces", "Military Forces of Yemen"),
        ("IRG forces fired rockets.", "IRG forces", "Military Forces of Yemen"),
        (
            "the NAF rebel forces fired mortars",
            "NAF rebel forces",
            "NAF: United Armed Forces of Novorossiya",
        ),
        ("DPR rebels shelled a village.", "DPR rebels", "NAF: United Armed Forces of Novorossiya"),
        ("SAC troops burned houses.", "SAC troops", "Military Forces of Myanmar"),
        ("FAMa units patrolled.", "FAMa units", "Military Forces of Mali"),
        (
            "Rashtriya Rifles men searched it.",
            "Rashtriya Rifles",
            "Military Forces of India Rashtriya Rifles",
        ),
        (
            "the KIA abducted two men",
            "KIA",
            "KIO/KIA: Kachin Independence Organization/Kachin Independence Army",
        ),
        ("Sultan Murad Division detained them.", "Sultan Murad Division", "Sultan Murad Division"),
        ("GSU officers beat him.", "GSU", "Police Forces of Kenya General Service Unit"),
        ("Liyu Police killed two men.", "Liyu Police", "Police Forces of Ethiopia Liyu Police"),
        (
            "Frontier Corps troops searched it.",
            "Frontier Corps troops",
            "Military Forces of Pakistan Frontier Corps",
        ),
        ("Sindh Rangers arrested him.", "Sindh Rangers", "Military Forces of Pakistan Rangers"),
    ],
)
def test_issue3_aliases(dictionary: ActorDictionary, text: str, surface: str, name: str) -> None:
    assert (surface, name) in found(dictionary, text)


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("tribal gunmen blocked the road", "tribal gunmen", "Unidentified Tribal Militia (Iraq)"),
        ("clan militiamen fought", "clan militiamen", "Unidentified Clan Militia (Iraq)"),
        ("armed individuals fired", "armed individuals", "Unidentified Armed Group (Iraq)"),
        ("a criminal gang robbed", "criminal gang", "Unidentified Gang (Iraq)"),
        ("federal police forces seized it", "federal police forces", "Police Forces of Iraq"),
        (
            "cattle rustlers raided a farm",
            "cattle rustlers",
            "Unidentified Communal Militia (Iraq)",
        ),
        ("an ethnic militia burned huts", "ethnic militia", "Unidentified Communal Militia (Iraq)"),
        ("rival clans fought at a well", "rival clans", "Unidentified Clan Militia (Iraq)"),
        ("cultists shot a man", "cultists", "Unidentified Cult Militia (Iraq)"),
        (
            "unspecified military forces shelled",
            "unspecified military forces",
            "Unidentified Military Forces",
        ),
        ("unknown forces killed two men", "unknown forces", "Unidentified Military Forces"),
        ("a rival confraternity struck", "confraternity", "Unidentified Cult Militia (Iraq)"),
    ],
)
def test_generic_kinds_are_named_by_country(
    dictionary: ActorDictionary, text: str, surface: str, name: str
) -> None:
    mention = dictionary.find_actors(text)[0]
    assert (mention.span.text, name_for_country(mention.actor, "Iraq")) == (surface, name)


# An ethnic group or a clan names a militia only with a word for its fighters after it: the
# people's name alone is a people, or a place ("in Turkana").
@pytest.mark.parametrize(
    ("text", "country", "name"),
    [
        ("Pokot raiders stole cattle", "Kenya", "Pokot Ethnic Militia (Kenya)"),
        ("Nuer militiamen attacked", "South Sudan", "Nuer Ethnic Militia (South Sudan)"),
        ("Hema fighters burned a camp", "Democratic Republic of the Congo",
         "Hema Ethnic Militia (Democratic Republic of Congo)"),
        ("Marehan clan militia took the well", "Somalia", "Marehan Clan Militia (Somalia)"),
    ],
)  # fmt: skip
def test_ethnic_and_clan_militias(
    dictionary: ActorDictionary, text: str, country: str, name: str
) -> None:
    mention = dictionary.find_actors(text)[0]
    assert (name_for_country(mention.actor, country), mention.actor.inter) == (name, 4)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("On Monday, Tambuwal militiamen raided a farm.", "Tambuwal Communal Militia (Nigeria)"),
        ("Armed militiamen raided a farm.", "Unidentified Communal Militia (Nigeria)"),
        ("Kenyan militiamen raided a farm.", "Unidentified Communal Militia (Nigeria)"),
        ("Tambuwal vigilantes raided a farm.", "Unidentified Communal Militia (Nigeria)"),
    ],
)
def test_communal_militias_are_named_for_their_place(
    dictionary: ActorDictionary, text: str, name: str
) -> None:
    mention = dictionary.find_actors(text)[0]
    assert (name_for_country(mention.actor, "Nigeria"), mention.actor.inter) == (name, 4)


@pytest.mark.parametrize(
    "text",
    [
        "Herders fled to Turkana on Monday.",
        "Pokot elders met.",
        "The road between Turkana and Marsabit was closed.",
        "Kikuyu residents marched in Kikuyu town.",
    ],
)
def test_a_people_alone_is_no_militia(dictionary: ActorDictionary, text: str) -> None:
    assert not any("Ethnic" in m.actor.name for m in dictionary.find_actors(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Samburu raid a village.", [("Samburu", "Samburu Ethnic Militia")]),
        (
            "a feud between the Orma and Pokomo over water",
            [("Orma", "Orma Ethnic Militia"), ("Pokomo", "Pokomo Ethnic Militia")],
        ),
        (
            "clashes between Turkana and Pokots near the border",
            [("Turkana", "Turkana Ethnic Militia"), ("Pokots", "Pokot Ethnic Militia")],
        ),
        (
            "fighting between Ajuran and Degodia clan militias",
            [("Ajuran", "Ajuran Clan Militia"), ("Degodia clan militias", "Degodia Clan Militia")],
        ),
    ],
)
def test_a_people_that_fights_is_its_militia(
    dictionary: ActorDictionary, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(dictionary, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "gunmen (suspected TTP) fired on a post",
            [("gunmen (suspected TTP", "TTP: Tehreek-i-Taliban Pakistan")],
        ),
        (
            "armed men (assumed Zamfara communal militia) raided it",
            [("armed men (assumed Zamfara communal militia", "Zamfara Communal Militia")],
        ),
        (
            "gunmen (two of them) fled",
            [("gunmen", "Unidentified Armed Group")],
        ),
    ],
)
def test_brackets_after_an_unnamed_side_name_it(
    dictionary: ActorDictionary, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(dictionary, text) == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("anti-Houthi forces advanced", []),
        ("counter-ISIS units patrolled", []),
        ("Houthi forces advanced", ["Military Forces of Yemen Supreme Political Council"]),
    ],
)
def test_a_groups_opponents_are_not_the_group(
    dictionary: ActorDictionary, text: str, names: list[str]
) -> None:
    assert [m.actor.name for m in dictionary.find_actors(text)] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Russian and Ukrainian forces clashed",
            ["Military Forces of Russia", "Military Forces of Ukraine"],
        ),
        ("Kenyan and Somali soldiers", ["Military Forces of Kenya", "Military Forces of Somalia"]),
        ("Syrian and Syrian soldiers", ["Military Forces of Syria"]),
        ("Kenyan police and soldiers", ["Police Forces of Kenya", "Military Forces"]),
    ],
)
def test_two_country_adjectives_share_one_noun(
    dictionary: ActorDictionary, text: str, names: list[str]
) -> None:
    assert [m.actor.name for m in dictionary.find_actors(text)] == names


# --- dated rows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name", "inter"),
    [
        (dt.date(2019, 5, 1), "Taliban", 2),
        (dt.date(2021, 8, 14), "Taliban", 2),
        (dt.date(2021, 8, 15), "Military Forces of Afghanistan", 1),
        (dt.date(2023, 1, 9), "Military Forces of Afghanistan", 1),
        (None, "Military Forces of Afghanistan", 1),
    ],
)
def test_taliban_are_the_state_from_august_2021(
    dictionary: ActorDictionary, day: dt.date | None, name: str, inter: int
) -> None:
    mentions = dictionary.find_actors("Taliban fighters stormed the post.", on=day)
    assert [(m.span.text, m.actor.name, m.actor.inter) for m in mentions] == [
        ("Taliban fighters", name, inter)
    ]


def test_taliban_police_after_2021(dictionary: ActorDictionary) -> None:
    mentions = dictionary.find_actors("Taliban police detained a man.", on=dt.date(2022, 3, 1))
    assert [m.actor.name for m in mentions] == ["Police Forces of Afghanistan"]


def test_a_window_holds_between_its_days() -> None:
    window = Window(dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert window.holds(dt.date(2020, 6, 1))
    assert not window.holds(dt.date(2021, 1, 1))
    assert not window.holds(None)  # a closed row is not today's
    assert Window(dt.date(2020, 1, 1)).holds(None)


def test_dated_rows_in_a_small_table() -> None:
    actors = (
        "name\taliases\tinter\tcountry\tkind\tsince\tuntil\n"
        "Old Guard\tthe Guard\t2\tNarnia\tgroup\t\t2010-12-31\n"
        "Army of Narnia\tthe Guard\t1\tNarnia\tmilitary\t2011-01-01\t\n"
    )
    small = ActorDictionary.from_tsv(actors, "name\taliases\tkind\n")
    text = "the Guard marched"
    assert [m.actor.name for m in small.find_actors(text, on=dt.date(2005, 1, 1))] == ["Old Guard"]
    assert [m.actor.name for m in small.find_actors(text, on=dt.date(2015, 1, 1))] == [
        "Army of Narnia"
    ]


def test_a_bad_date_is_refused() -> None:
    actors = "name\taliases\tinter\tcountry\tkind\tsince\nRed Hand\t\t3\t\tgroup\tsoon\n"
    with pytest.raises(ValueError, match="'soon'"):
        ActorDictionary.from_tsv(actors, "name\taliases\tkind\n")


def test_stage_reads_the_day_of_publication(dictionary: ActorDictionary) -> None:
    text = "Taliban gunmen attacked a checkpoint."
    report = Report("r1", text, "hash", "test", published=dt.date(2020, 2, 1))
    doc = ActorsStage(dictionary=dictionary)(Document(report=report))
    assert [m.actor.name for m in doc.actors] == ["Taliban"]


# --- local branches -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("the Myaing PDF attacked troops", "Myaing PDF", "People's Defense Force - Myaing"),
        ("the PDF-Kyaukse shot a man", "PDF-Kyaukse", "People's Defense Force - Kyaukse"),
        ("the PDF attacked troops", "PDF", "PDF: People's Defense Force"),
        ("Local PDF members fled", "PDF members", "PDF: People's Defense Force"),
    ],
)
def test_local_branches(dictionary: ActorDictionary, text: str, surface: str, name: str) -> None:
    mention = dictionary.find_actors(text)[0]
    assert (mention.span.text, mention.actor.name, mention.actor.inter) == (surface, name, 3)


def test_a_branch_never_takes_a_word_of_another_match(dictionary: ActorDictionary) -> None:
    mentions = dictionary.find_actors("Houthi PDF")
    assert [m.span.text for m in mentions] == ["Houthi", "PDF"]


# --- roles (roles.py) ---------------------------------------------------------------------


def parse(*words: tuple[str, str, str, str, int]) -> list[Token]:
    """Tokens from (text, lemma, pos, dep, head) tuples, one space apart."""
    tokens, offset = [], 0
    for text, lemma, pos, dep, head in words:
        tokens.append(Token(offset, offset + len(text), text, lemma, pos, pos, dep, head))
        offset += len(text) + 1
    return tokens


def test_subject_of_joined_harm_verbs_is_the_doer() -> None:
    tokens = parse(
        ("police", "police", "NOUN", "nsubj", 1),
        ("shot", "shoot", "VERB", "ROOT", 1),
        ("and", "and", "CCONJ", "cc", 1),
        ("killed", "kill", "VERB", "conj", 1),
        ("two", "two", "NUM", "nummod", 5),
        ("men", "man", "NOUN", "dobj", 3),
    )
    assert not is_headline_passive(tokens, 1)
    assert role_of(tokens, 0) == "actor1"


def test_headline_without_object_makes_the_subject_suffer() -> None:
    tokens = parse(
        ("Commander", "commander", "NOUN", "nsubj", 1),
        ("killed", "kill", "VERB", "ROOT", 1),
        ("in", "in", "ADP", "prep", 1),
        ("strike", "strike", "NOUN", "pobj", 2),
    )
    assert role_of(tokens, 0) == "actor2"


def test_between_names_first_the_doer_then_the_other_side() -> None:
    tokens = parse(
        ("clashes", "clash", "NOUN", "nsubj", 1),
        ("erupted", "erupt", "VERB", "ROOT", 1),
        ("between", "between", "ADP", "prep", 1),
        ("troops", "troop", "NOUN", "pobj", 2),
        ("and", "and", "CCONJ", "cc", 3),
        ("rebels", "rebel", "NOUN", "conj", 3),
    )
    assert (role_of(tokens, 3), role_of(tokens, 5)) == ("actor1", "actor2")


def test_members_of_a_group_act_for_it() -> None:
    tokens = parse(
        ("members", "member", "NOUN", "nsubj", 3),
        ("of", "of", "ADP", "prep", 0),
        ("militia", "militia", "NOUN", "pobj", 1),
        ("ambushed", "ambush", "VERB", "ROOT", 3),
        ("soldiers", "soldier", "NOUN", "dobj", 3),
    )
    assert (role_of(tokens, 2), role_of(tokens, 4)) == ("actor1", "actor2")


def test_second_subject_of_a_mutual_fight_is_the_other_side() -> None:
    tokens = parse(
        ("herders", "herder", "NOUN", "nsubj", 3),
        ("and", "and", "CCONJ", "cc", 0),
        ("farmers", "farmer", "NOUN", "conj", 0),
        ("clashed", "clash", "VERB", "ROOT", 3),
    )
    assert (role_of(tokens, 0), role_of(tokens, 2)) == ("actor1", "actor2")


def test_acronym_read_as_a_verb_is_still_the_doer() -> None:
    tokens = parse(
        ("IS", "be", "AUX", "auxpass", 1),
        ("opened", "open", "VERB", "ROOT", 1),
        ("fire", "fire", "NOUN", "dobj", 1),
    )
    assert role_of(tokens, 0) == "actor1"


@pytest.mark.parametrize(
    ("text", "words", "doer"),
    [
        ("On 3 May, the Ukrainian forces fired mortars at a post.", "Ukrainian forces", True),
        ("On 3 May, a Houthi sniper shot a boy.", "Houthi", True),
        ("Two soldiers killed in an ambush near the town.", "soldiers", False),
        ("Gunmen were arrested after the raid.", "Gunmen", False),
        ("Troops attacked by rebels withdrew.", "Troops", False),
        ("After rebels attacked, troops withdrew.", "troops", False),
    ],
)
def test_surface_doer(text: str, words: str, doer: bool) -> None:
    start = text.index(words)
    assert is_surface_doer(text, Span(start, start + len(words), words)) is doer


@pytest.mark.parametrize(
    ("name", "aliases", "some"),
    [
        (
            "Tana Ethnic Militia",
            "@ethnic",
            {"Tana raiders", "Tana ethnic militia", "Tana herdsmen", "armed Tana youths"},
        ),
        ("Rer Clan Militia", "@clan", {"Rer clansmen", "Rer clan militia", "Rer gunmen"}),
        ("Hamas", "Hamas Movement|Hamas fighters", {"Hamas Movement", "Hamas fighters"}),
    ],
)
def test_alias_templates_write_out_the_fighters_words(
    name: str, aliases: str, some: set[str]
) -> None:
    written = aliases_of({"name": name, "aliases": aliases})
    assert some <= set(written)
    assert all(name.split()[0] in alias.split() for alias in written)


def test_an_alias_template_needs_its_kind_of_name() -> None:
    with pytest.raises(ValueError, match="@clan"):
        aliases_of({"name": "Tana Ethnic Militia", "aliases": "@clan"})


def test_cadres_of_a_named_group_are_no_crowd(dictionary: ActorDictionary) -> None:
    text = "Two cadres of the United Achik National Front were killed."
    names = [name for _, name in found(dictionary, text)]
    assert names == ["UANF: United Achik National Front"]


def test_each_actor_has_one_row() -> None:
    rows = (resources.files("incidex") / "resources" / "actors.tsv").read_text(encoding="utf-8")
    names = [line.split("\t")[0] for line in rows.splitlines()[1:] if line]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_a_police_station_named_as_an_area_is_no_police(dictionary: ActorDictionary) -> None:
    assert found(dictionary, "A man died under Mandia Police Station in Barpeta.") == []
    assert found(dictionary, "It happened in Raneshwar Police Station area.") == []
    assert found(dictionary, "Gunmen attacked the police station.") == [
        ("Gunmen", "Unidentified Armed Group"),
        ("police station", "Police Forces"),
    ]
