from __future__ import annotations

import pytest

from incidex.stages.detect import (
    SOURCE_TAGS,
    TAXONOMY,
    crowd_size_tag,
    expand_fragments,
    find_triggers,
    inside_a_name,
    load_trigger_patterns,
    source_tag,
)


@pytest.fixture(scope="module")
def patterns():
    return load_trigger_patterns()


# Wordings beyond the plain keywords: purposes, passives, objects of a verb.
WORDINGS = [
        ("Dozens of nurses gathered outside the clinic on Friday to demand overdue pay.", "Peaceful protest"),
        ("Taxi drivers blocked the ring-road highway for three hours.", "Peaceful protest"),
        ("Union members held a press conference with banners at the port.", "Peaceful protest"),
        ("A trader was beaten up by a group of youths at the bus park.", "Mob violence"),
        ("Two men on a motorbike shot a pharmacist outside her shop.", "Attack"),
        ("The insurgents fired two rocket-propelled grenades at the outpost.", "Shelling/artillery/missile attack"),
        ("Unknown men hurled two homemade bombs at the council office.", "Grenade"),
        ("The guerrillas carried out mine attacks on an army convoy.", "Remote explosive/landmine/IED"),
        ("Fighters set three houses and a granary ablaze.", "Looting/property destruction"),
        ("Army units intercepted two drones over the harbour.", "Disrupted weapons use"),
        ("Forty civilians were evacuated from the besieged town.", "Other"),
        ("The rebel commander surrendered to the army with his men.", "Agreement"),
        ("Raiders drove away forty head of cattle from the camp.", "Looting/property destruction"),
        ("Vandals sprayed graffiti on the synagogue wall.", "Looting/property destruction"),
        ("Two boys were killed by a landmine near the river.", "Remote explosive/landmine/IED"),
        ("The city deployed 2,000 police officers along the parade route.", "Change to group/activity"),
        ("Bulldozers demolished a two-storey family-owned house near the market.", "Looting/property destruction"),
        ("Saboteurs sabotaged a power pylon outside the town.", "Looting/property destruction"),
        ("Officers sealed off the house of an opposition lawmaker.", "Looting/property destruction"),
        ("Three trucks were set on fire at the quarry.", "Looting/property destruction"),
        ("Agents destroyed a cocaine laboratory hidden in the jungle.", "Looting/property destruction"),
        ("Several huts were razed during the night.", "Looting/property destruction"),
        ("Some 300 families were forced to flee to a nearby church.", "Other"),
        ("Members of the group distributed leaflets outside the station.", "Other"),
        ("Parliamentary elections were held across the country on Sunday.", "Other"),
        ("Four prisoners escaped from the district prison overnight.", "Other"),
        ("Around 200 soldiers have been deployed to the border villages.", "Change to group/activity"),
        ("An army convoy of twelve trucks was seen heading towards the airport.", "Change to group/activity"),
        ("The militia erected a checkpoint at the bridge.", "Change to group/activity"),
        ("Armed men manned a checkpoint and searched passing buses.", "Other"),
        ("Monitors recorded 14 explosions involving unidentified weapons near the hills.", "Shelling/artillery/missile attack"),
        ("Troops fired heavy machine guns at the trenches.", "Shelling/artillery/missile attack"),
        ("The army fired on two districts of the city overnight.", "Shelling/artillery/missile attack"),
        ("Hundreds took to the streets after the verdict.", "Peaceful protest"),
        ("Nurses organised a silent march from the hospital to the town hall.", "Peaceful protest"),
        ("Two activists chained themselves to the gates of the ministry.", "Peaceful protest"),
        ("Dozens gathered at the park in memory of the flood victims.", "Peaceful protest"),
        ("Gunmen kill a chief in his compound.", "Attack"),
        ("Unknown men sprayed his car with bullets.", "Attack"),
        ("Youths lit bonfires on the main road.", "Violent demonstration"),
        # Police action against a protest, however it is worded.
        ("Riot police baton-charged the striking porters.", "Protest with intervention"),
        ("Constables lathi-charged the crowd of job seekers.", "Protest with intervention"),
        ("Gendarmes intervened and cleared the sit-in at the depot.", "Protest with intervention"),
        ("Officers prevented the farmers from marching to the capitol.", "Protest with intervention"),
        ("The rally was interrupted by police after ten minutes.", "Protest with intervention"),
        ("Police foiled the demonstration of the opposition alliance.", "Protest with intervention"),
        ("Some demonstrators were beaten by unknown men at the gate.", "Protest with intervention"),
        # Protests by their purpose or form.
        ("Pensioners gathered outside the ministry to complain about late payments.", "Peaceful protest"),
        ("A group held a march against gender violence downtown.", "Peaceful protest"),
        ("Students lined both sides of the avenue holding candles.", "Peaceful protest"),
        ("Activists interrupted a press conference of the energy minister.", "Peaceful protest"),
        ("Youths were pelting stones at passing cars.", "Violent demonstration"),
        ("Villagers burnt two excavators of the sand miners.", "Looting/property destruction"),
        # Demonstrations that turn violent.
        ("Residents blocked the main road with burning debris and logs.", "Violent demonstration"),
        ("Villagers used tree stumps to block the mine's access road.", "Violent demonstration"),
        ("The demonstrators assaulted a reporter near the podium.", "Violent demonstration"),
        ("Fans threw bottles and flares at the stewards.", "Violent demonstration"),
        ("The tyres of two delivery vans were slashed overnight.", "Looting/property destruction"),
        ("Pupils were burning a hut next to the hostel.", "Looting/property destruction"),
        ("Air defence units shot down two enemy helicopters.", "Shelling/artillery/missile attack"),
        # Strategic developments.
        ("The country test-fired a cruise missile over the sea.", "Change to group/activity"),
        ("The governor announced a ban on all rallies and sit-ins for a month.", "Change to group/activity"),
        ("A ship carrying armoured vehicles docked at the port.", "Change to group/activity"),
        ("The border guards deployed from the capital to the frontier town.", "Change to group/activity"),
        ("The gunmen set up a number of checkpoints along the highway.", "Change to group/activity"),
        ("The rebels attacked with two remote mines near the bridge.", "Remote explosive/landmine/IED"),
        ("More than 3,000 villagers have fled to the district town.", "Other"),
        ("Members of the group hung a banner over a motorway bridge.", "Other"),
        ("Racist leaflets were found in several mailboxes.", "Other"),
        ("The ministry revoked the citizenship of four exiled critics.", "Other"),
        ("The assembly elected a former judge as the new president.", "Other"),
        ("The militia held a weapons training for new recruits.", "Other"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("A drone strike hit a pickup truck outside the town.", "Air/drone strike"),
        ("Warplanes pounded the hills overnight.", "Air/drone strike"),
        ("The convoy was hit by a suspected drone near the border.", "Air/drone strike"),
        ("Airstrikes flattened two buildings.", "Air/drone strike"),
        ("Artillery shelling damaged the water plant.", "Shelling/artillery/missile attack"),
        ("Rockets landed in a residential area.", "Shelling/artillery/missile attack"),
        ("Clashes broke out between the army and the rebels.", "Armed clash"),
        ("The fighters ambushed a patrol on the main road.", "Armed clash"),
        ("A roadside bomb struck the bus.", "Remote explosive/landmine/IED"),
        ("An IED went off under a police car.", "Remote explosive/landmine/IED"),
        ("A suicide bomber detonated his vest at the gate.", "Suicide bomb"),
        ("Someone threw a grenade into the shop.", "Grenade"),
        ("Gunmen shot dead a shopkeeper.", "Attack"),
        ("Two aid workers were kidnapped on the road.", "Abduction/forced disappearance"),
        ("Hundreds of teachers protested outside parliament.", "Peaceful protest"),
        ("Police fired tear gas at the crowd.", "Protest with intervention"),
        ("Soldiers opened fire on protesters in the square.", "Excessive force against protesters"),
        ("Youths torched a police post and threw stones.", "Violent demonstration"),
        ("An angry mob lynched a suspected thief.", "Mob violence"),
        ("Police arrested six people in a dawn raid.", "Arrests"),
        ("Looters ransacked the market stalls.", "Looting/property destruction"),
        ("Engineers defused a bomb found near the school.", "Disrupted weapons use"),
        ("The two sides signed an agreement on prisoner exchanges.", "Agreement"),
        ("Government troops recaptured the town.", "Government regains territory"),
        (
            "The insurgents seized control of the district centre.",
            "Non-state actor overtakes territory",
        ),
        *WORDINGS,
    ],
)
def test_finds_the_sub_event_type(patterns, sentence, sub_event_type):
    found = {t.sub_event_type for t in find_triggers(sentence, patterns)}
    assert sub_event_type in found


@pytest.mark.parametrize(
    "sentence",
    [
        "The central bank kept interest rates unchanged on Thursday.",
        "The minister visited a new hospital in the capital.",
        "Farmers expect a good harvest after the rains.",
    ],
)
def test_quiet_sentences_have_no_trigger(patterns, sentence):
    assert find_triggers(sentence, patterns) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The rebels entered the town; no clashes were reported.",
        "Clashes were not reported during the handover.",
        "The army moved in without any fighting between the sides.",
        "Marchers filled the square. There were no reports of violence or clashes.",
        "The rally was devoid of police presence and running battles.",
    ],
)
def test_denied_events_are_not_triggers(patterns, sentence):
    found = {t.sub_event_type for t in find_triggers(sentence, patterns)}
    assert "Armed clash" not in found


def test_fragments_expand_and_unknown_fragments_fail():
    fragments = {"person": "(?:man|woman)"}
    assert expand_fragments("shot (?:an? )?{person}", fragments) == "shot (?:an? )?(?:man|woman)"
    assert expand_fragments("(?:\\w+ ){0,3}x", fragments) == "(?:\\w+ ){0,3}x"
    with pytest.raises(ValueError, match="undefined fragment"):
        expand_fragments("{victim}", fragments)


def test_trigger_spans_point_into_the_text(patterns):
    text = "Overnight, shelling and an air strike hit the town."
    for trigger in find_triggers(text, patterns):
        assert text[trigger.span.start : trigger.span.end] == trigger.span.text
        assert TAXONOMY[trigger.sub_event_type] == (trigger.event_type, trigger.disorder_type)


def test_taxonomy_has_acleds_25_sub_event_types():
    assert len(TAXONOMY) == 25
    assert len({event_type for event_type, _ in TAXONOMY.values()}) == 6
    assert {disorder for _, disorder in TAXONOMY.values()} == {
        "Political violence",
        "Demonstrations",
        "Strategic developments",
    }


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        (
            "Property destruction: On 2 May, soldiers burned ten houses.",
            "Looting/property destruction",
        ),
        ("Movement of forces: On 2 May, a convoy reached the town.", "Change to group/activity"),
        ("Non-violent activity: On 2 May, militants preached in a mosque.", "Other"),
        ("Arrests: On 2 May, police detained two men.", "Arrests"),
    ],
)
def test_a_source_tag_names_the_sub_event_type(text: str, sub_event_type: str) -> None:
    tag = source_tag(text)
    assert tag is not None
    assert tag.sub_event_type == sub_event_type
    assert text[tag.span.start : tag.span.end] == tag.span.text
    assert tag.span.text.endswith(":")


@pytest.mark.parametrize(
    "text",
    [
        "Warning: gunmen attacked a bus on 2 May.",  # not a tag
        "On 2 May, soldiers burned ten houses. Looting: none.",  # not at the start
        "Property destruction was reported on 2 May.",  # no colon
    ],
)
def test_other_openings_are_no_tag(text: str) -> None:
    assert source_tag(text) is None


def test_every_tag_names_a_sub_event_type() -> None:
    assert set(SOURCE_TAGS.values()) <= set(TAXONOMY)


def test_a_crowd_size_is_a_protest_trigger() -> None:
    text = "On 2 May, about 50 nurses gathered at the hospital. [size=about 50]"
    tag = crowd_size_tag(text)
    assert tag is not None
    assert tag.sub_event_type == "Peaceful protest"
    assert tag.span.text == "[size=about 50]"
    assert crowd_size_tag("On 2 May, about 50 nurses gathered at the hospital.") is None


@pytest.mark.parametrize(
    ("text", "words", "named"),
    [
        ("Neighbours from Burnt Store Isles gathered at the hall.", "Burnt Store", True),
        ("They marched against the 2021 Capitol Riot.", "Riot", True),
        ("Clashes erupted in the town on Monday.", "Clashes", False),
        ("Gunmen Kill Three In Attack On Village", "Attack", False),
        ("The army said so. Riots broke out later.", "Riots", False),
        ("An IED exploded near the market.", "IED", False),
    ],
)
def test_event_words_inside_a_name(text: str, words: str, named: bool) -> None:
    start = text.index(words)
    assert inside_a_name(text, start, start + len(words)) is named


def test_a_name_is_no_trigger(patterns: tuple) -> None:
    text = "Residents of Burnt Store Isles protested the felling of oak trees."
    assert not any(t.span.text == "Burnt Store" for t in find_triggers(text, patterns))
