from __future__ import annotations

import pytest

from incidex.stages.detect import TAXONOMY, find_triggers, load_trigger_patterns


@pytest.fixture(scope="module")
def patterns():
    return load_trigger_patterns()


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
