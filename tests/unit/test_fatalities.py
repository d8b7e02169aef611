"""Counts of people killed, injured and missing, and ACLED's best fatality figure."""

from __future__ import annotations

import pytest

from incidex.records import CasualtyCount, Document, Report, Span
from incidex.stages.fatalities import FatalitiesStage, best_fatalities, find_casualties

Row = tuple[str, int, int | None, str | None]

# (text, [(kind, low, high, group), ...]) in text order
FOUND: list[tuple[str, list[Row]]] = [
    ("Three militants were killed in the raid.", [("killed", 3, 3, "militants")]),
    ("The strike killed three militants.", [("killed", 3, 3, "militants")]),
    ("Fourteen people died in the fire.", [("killed", 14, 14, "people")]),
    ("A soldier was killed at the checkpoint.", [("killed", 1, 1, "soldiers")]),
    ("Gunmen opened fire, killing a civilian.", [("killed", 1, 1, "civilians")]),
    ("The gang stopped the car and killed him.", [("killed", 1, 1, "people")]),
    ("One person died on the way to hospital.", [("killed", 1, 1, "people")]),
    ("The toll: 1,200 people were killed.", [("killed", 1200, 1200, "people")]),
    ("Twenty-one villagers were slain overnight.", [("killed", 21, 21, "villagers")]),
    ("Two police officers were shot dead.", [("killed", 2, 2, "police officers")]),
    ("Seven children lost their lives in the blast.", [("killed", 7, 7, "children")]),
    ("Nine prisoners were executed.", [("killed", 9, 9, "prisoners")]),
    ("Four farmers were hacked to death.", [("killed", 4, 4, "farmers")]),
    ("The death toll rose to 14 on Sunday.", [("killed", 14, 14, None)]),
    ("The death toll has risen from 10 to 16.", [("killed", 16, 16, None)]),
    # The source's own tally for the row: coded, or spread over several rows (rounded up).
    ("Unclear fatalities coded as 10.", [("killed", 10, 10, "tally")]),
    ("Fatalities coded as 8 and split between 2 locations.", [("killed", 4, 4, "tally")]),
    ("31 fatalities split across 4 events coded as 7.", [("killed", 7, 7, "tally")]),
    ("Some 40 fatalities split among 6 events.", [("killed", 7, 7, "tally")]),
    ("Fatalities coded to 12, and split between both locations.", [("killed", 6, 6, "tally")]),
    (
        "Shells hit Avdiivka; a man was killed (fatalities coded to Yasynuvata event).",
        [("killed", 1, 1, "men"), ("killed", 0, 0, "tally")],
    ),
    ("Insurgents beheaded three herders.", [("killed", 3, 3, "herders")]),
    ("Soldiers killed all four attackers.", [("killed", 4, 4, "attackers")]),
    ("The attack left 5 dead and 12 wounded.", [("killed", 5, 5, None), ("injured", 12, 12, None)]),
    (
        "The ambush killed 3 soldiers and 2 civilians.",
        [("killed", 3, 3, "soldiers"), ("killed", 2, 2, "civilians")],
    ),
    (
        "Two soldiers and a civilian were killed.",
        [("killed", 2, 2, "soldiers"), ("killed", 1, 1, "civilians")],
    ),
    ("One of the three dead fighters was a commander.", [("killed", 3, 3, "fighters")]),
    ("Police found the bodies of 12 men.", [("killed", 12, 12, "men")]),
    ("Three soldiers die in an ambush.", [("killed", 3, 3, "soldiers")]),
    (
        "One rioter was killed as youths protested the death of a trader.",
        [("killed", 1, 1, "rioters")],
    ),
    ("Rescuers pulled 8 bodies from the rubble.", [("killed", 8, 8, None)]),
    ("At least 5 people were killed.", [("killed", 5, None, "people")]),
    ("Up to 12 people were injured.", [("injured", 1, 12, "people")]),
    ("As many as 12 guards were killed.", [("killed", 1, 12, "guards")]),
    ("Between 10 and 15 people were killed.", [("killed", 10, 15, "people")]),
    ("Reports said 10-15 villagers were killed.", [("killed", 10, 15, "villagers")]),
    ("Some 10 to 15 herders died.", [("killed", 10, 15, "herders")]),
    ("Two or three people were killed.", [("killed", 2, 3, "people")]),
    ("More than 20 people died in the clashes.", [("killed", 21, None, "people")]),
    ("Nearly 30 protesters were wounded.", [("injured", 27, 29, "protesters")]),
    ("About 40 people were killed.", [("killed", 40, 40, "people")]),
    ("Dozens of people were killed in the fire.", [("killed", 12, None, "people")]),
    ("A dozen others were injured.", [("injured", 12, 12, "others")]),
    ("Two dozen fighters were killed.", [("killed", 24, 24, "fighters")]),
    ("Hundreds were injured in the stampede.", [("injured", 100, None, None)]),
    ("Scores of demonstrators were hurt.", [("injured", 20, None, "demonstrators")]),
    ("Several soldiers went missing after the ambush.", [("missing", 3, None, "soldiers")]),
    ("Four fishermen are still missing.", [("missing", 4, 4, "fishermen")]),
    ("An unspecified number of rebels were killed.", [("killed", 3, None, "rebels")]),
    ("Eleven casualties were taken to the clinic.", [("injured", 11, 11, None)]),
    (
        "Two killed, five injured in market blast.",
        [("killed", 2, 2, None), ("injured", 5, 5, None)],
    ),
    (
        "The blast killed 4 and wounded 9 others.",
        [("killed", 4, 4, None), ("injured", 9, 9, "others")],
    ),
    (
        "Ten people, including two children, were killed.",
        [("killed", 10, 10, "people")],
    ),
    (
        "Five Palestinians were killed and 30 injured.",
        [("killed", 5, 5, "Palestinians"), ("injured", 30, 30, None)],
    ),
    ("A 25-year-old man was shot dead near the mosque.", [("killed", 1, 1, "men")]),
    ("The driver was killed instantly.", [("killed", 1, 1, "drivers")]),
    ("Ali Hassan, a local trader, was shot dead.", [("killed", 1, 1, None)]),
    ("He was killed in a crossfire.", [("killed", 1, 1, None)]),
    ("The raid led to the deaths of 6 fighters.", [("killed", 6, 6, "fighters")]),
    (
        "Insurgents killed 3 soldiers, 2 civilians were wounded.",
        [("killed", 3, 3, "soldiers"), ("injured", 2, 2, "civilians")],
    ),
    ("5 soldiers killed 3 militants near the border.", [("killed", 3, 3, "militants")]),
    (
        "Four students were hurt, 1 of whom later died.",
        [("injured", 4, 4, "students"), ("killed", 1, 1, None)],
    ),
    ("No one was hurt in the fire.", [("injured", 0, 0, None), ("killed", 0, 0, None)]),
    ("There were no casualties.", [("injured", 0, 0, None), ("killed", 0, 0, None)]),
    ("No one was killed, police said.", [("killed", 0, 0, None)]),
    ("Nobody was reported injured.", [("injured", 0, 0, None), ("killed", 0, 0, None)]),
    ("There were no deaths.", [("killed", 0, 0, None)]),
    ("The feud between two clans ended in 1 fatality.", [("killed", 1, 1, None)]),
    ("The raid left four fatalities.", [("killed", 4, 4, None)]),
    ("The shepherd later died of his wounds.", [("killed", 1, 1, "shepherds")]),
    ("The soldiers later died.", []),
    # members of a group named by its kind, and the side they were on
    (
        "Four members of an armed group were killed in the raid.",
        [("killed", 4, 4, "members of armed group")],
    ),
    ("Two members of the Kawa sect were killed.", [("killed", 2, 2, "members")]),
    ("Troops killed an official of the district council.", [("killed", 1, 1, "officials")]),
    ("Two commandos were killed near the pass.", [("killed", 2, 2, "commandos")]),
    ("Rangers kill two poachers in the park.", [("killed", 2, 2, "poachers")]),
    ("A crowd lynched three suspected thieves.", [("killed", 3, 3, "thieves")]),
    (
        "Seven civilians in two districts of the city were killed.",
        [("killed", 7, 7, "civilians")],
    ),
    (
        "They shot the chief, killing him and two of his guards.",
        [("killed", 1, 1, "people"), ("killed", 2, 2, "guards")],
    ),
    # The group may be banned or local; a capitalised body that "died" is no person.
    ("Two cadres of the banned Kawa Liberation Party died.", [("killed", 2, 2, "cadres")]),
    ("A member of the local Defence Force died.", [("killed", 1, 1, "members")]),
    # Headlines: one victim without an article, beaten or tortured to death in the active.
    ("Teenage herder killed by raiders near the river", [("killed", 1, 1, "herders")]),
    ("Police tortured to death a youth in custody.", [("killed", 1, 1, "youths")]),
    ("Armed men raided the camp and 6 locals killed.", [("killed", 6, 6, "locals")]),
    # Kin are no organisation: "members of the same family" died.
    ("Four members of the same family were killed.", [("killed", 4, 4, "members")]),
    ("Two members of a household are killed in the raid.", [("killed", 2, 2, "members")]),
    # A headline's one victim, by trade, with an "of" phrase or a name after the noun.
    ("Gunmen kill Dutch missionary", [("killed", 1, 1, "missionaries")]),
    ("Vigilantes kill a butcher in the market.", [("killed", 1, 1, "butchers")]),
    ("Bandits kill member of a youth group", [("killed", 1, 1, "members")]),
    ("Raiders shoot and kill village chief Adan Musa", [("killed", 1, 1, "chiefs")]),
    ("Villagers burnt 30-year-old Peter Onyango to death.", [("killed", 1, 1, None)]),
    # A name after a singular noun is one person; a plural noun in capitals is none.
    ("Journalist Amina Yusuf was shot dead in the city.", [("killed", 1, 1, None)]),
    ("Soldiers Were Killed", []),
]

# Numbers that do not count people killed, injured or missing.
NOT_FOUND = [
    "A 25-year-old was arrested at the scene.",
    "Two drones were shot down over the city.",
    "Five houses were destroyed and 3 cars burned.",
    "Militants fired 12 rockets at the base.",
    "The 3rd brigade moved to the front.",
    "Three bodyguards escorted the minister home.",
    "He was arrested in 2019 and killed nobody.",
    "The attackers killed 3 cows and 20 goats.",
    "The unit lost 2 tanks and 4 trucks.",
    "How many were killed is still unclear.",
    "The blast happened at 10 a.m. on Monday.",
    "Damage was put at $5 million.",
    "They threatened to kill 5 hostages.",
    "There were no immediate reports of casualties.",
    "Soldiers were killed in 2019 and 2020.",
    "Eight people were abducted from the bus.",
    "The soldiers were killed in the ambush.",
    "He received a death threat and 2 warnings.",
    "They tried to kill two guards.",
    "Police arrested 4 men in the town and killed nobody.",
    "The fighters slaughtered a dozen of their goats.",
    "Three people died in a road accident on the highway.",
    "Youths burned the bus after a crash that caused the death of a girl.",
    "The Kawa Liberation Party died out in the 1990s.",
    "Riders blocked the road to protest the death of one of them who died in a cell.",
    "Pupils marched over the killing of two classmates who were shot dead last month.",
    "Traders protested against harassment following the death of a trader in a cell.",
    "A protest turned violent after the killing of two boys by a speeding lorry.",
    "",
]


def rows(text: str) -> list[Row]:
    return [(c.kind, c.low, c.high, c.group) for c in find_casualties(text)]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_finds_counts(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize("text", NOT_FOUND)
def test_finds_no_count(text: str) -> None:
    assert rows(text) == [] or all(c.low == 0 for c in find_casualties(text))


def test_spans_cover_number_and_casualty_word() -> None:
    text = "Police said three militants were killed and 12 others wounded."
    found = find_casualties(text)
    assert [c.span.text for c in found] == ["three militants were killed", "12 others wounded"]
    for count in found:
        assert text[count.span.start : count.span.end] == count.span.text


def count(kind: str, low: int, high: int | None, group: str | None, start: int) -> CasualtyCount:
    """A count at ``start`` whose span is as long as its words (only offsets matter here)."""
    words = f"{low} {group or ''}".strip()
    return CasualtyCount(Span(start, start + len(words), words), kind, low, high, group)  # type: ignore[arg-type]


# (counts, (best, low, high))
BEST = [
    ([], (None, None, None)),
    ([count("injured", 4, 4, None, 0)], (None, None, None)),
    ([count("killed", 5, None, None, 0)], (5, 5, None)),
    ([count("killed", 10, 15, None, 0)], (10, 10, 15)),
    ([count("killed", 0, 0, None, 0)], (0, 0, 0)),
    # "killed 3 soldiers and 2 civilians": one list, added up
    ([count("killed", 3, 3, "soldiers", 0), count("killed", 2, 2, "civilians", 15)], (5, 5, 5)),
    # the same toll told twice, far apart: the larger, not the sum
    ([count("killed", 5, 5, "people", 0), count("killed", 5, 5, "people", 200)], (5, 5, 5)),
    ([count("killed", 5, None, None, 0), count("killed", 7, 7, None, 300)], (7, 7, 7)),
    # a later, higher toll wins; an open bound is kept open
    ([count("killed", 3, 3, None, 0), count("killed", 12, None, "people", 90)], (12, 12, None)),
    # equal lower bounds: the closed range is preferred
    ([count("killed", 4, None, None, 0), count("killed", 4, 6, None, 90)], (4, 4, 6)),
]


@pytest.mark.parametrize(("counts", "expected"), BEST)
def test_best_fatalities(
    counts: list[CasualtyCount], expected: tuple[int | None, int | None, int | None]
) -> None:
    assert best_fatalities(counts) == expected


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("The raid killed 3 soldiers and 2 civilians.", 5),
        ("At least 5 died. Later, five people were confirmed dead.", 5),
        ("Eight were killed. The death toll later rose to 11.", 11),
        ("No one was hurt.", 0),
        ("Twelve people were wounded.", None),
        # one person of any noun, with "a" and a singular verb
        ("A village preacher is gunned down by two men.", 1),
        ("A local chief was shot dead near the market.", 1),
        ("A total of 12 people were killed.", 12),
        # a headline's victim without an article
        ("Mob kills suspected robber in Kisumu", 1),
        ("Gunmen kill police officer.", 1),
        # present-tense headlines, unfamiliar people words, killings among other verbs
        ("Militants line up and execute 15 farmers.", 15),
        ("Raiders executes 6 travellers.", 6),
        ("Eleven Turkana raiders were killed in the fighting.", 11),
        ("A priest was kidnapped, murdered and buried in a shallow grave.", 1),
        # mixed fates are no death toll; one body found is one death
        ("Five fighters were killed, injured or captured in the clashes.", 0),
        ("Eight soldiers were killed or wounded in the ambush.", 0),
        ("A woman's beheaded body was found in the camp.", 1),
        ("His body was recovered from the river on Sunday.", 1),
        ("Gunmen killed villagers.", None),
        ("The blast killed civilian targets.", None),
        # "both" is two; "his driver" is one person
        ("Gunmen fired on the two men, killing both.", 2),
        ("A constable was hurt and his driver died on the spot.", 1),
        # present-tense lynchings, a named victim who "is shot dead", adverbs before the verb
        ("Villagers lynch suspected thief", 1),
        ("Mob lynches woman involved in a land dispute", 1),
        ("Vigilantes lynch four suspected cattle thieves near the river.", 4),
        ("Mob kills man suspected of theft", 1),
        ("Gunmen kill sect spokesman", 1),
        ("A critic of the county government, Jacob Otieno is shot dead by gunmen.", 1),
        ("An elderly woman was brutally murdered by a gang.", 1),
        # people named by a deed or a charge; a participle phrase before the verb
        ("Three suspected bombers were killed in the port.", 3),
        ("Five suspected witches were burned to death.", 5),
        ("Seven fishermen operating on the lake have been killed by raiders.", 7),
    ],
)
def test_best_fatalities_from_text(text: str, best: int | None) -> None:
    assert best_fatalities(find_casualties(text))[0] == best


def test_stage_fills_casualties() -> None:
    report = Report("r1", "Two guards were killed.", "hash", "test")
    doc = FatalitiesStage()(Document(report=report))
    assert [(c.kind, c.low) for c in doc.casualties] == [("killed", 2)]
    assert FatalitiesStage.name == "fatalities.patterns.v1"
    assert FatalitiesStage.requires == frozenset({"report"})
    assert FatalitiesStage.provides == frozenset({"casualties"})
