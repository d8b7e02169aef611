from __future__ import annotations

import pytest

from incidex.stages.attribution import find_cues


@pytest.mark.parametrize(
    ("sentence", "level", "negated"),
    [
        ("The group claimed responsibility in a statement.", "claimed", False),
        ("No group has claimed the bombing so far.", "claimed", True),
        ("The strike is believed to have been carried out by the coalition.", "suspected", False),
        ("Officials said it may be the work of a rival faction.", "suspected", False),
        ("The attackers were reportedly members of the militia.", "suspected", False),
        ("The deaths were confirmed by a local monitor.", "confirmed", False),
        ("There was no confirmation from the ministry.", "confirmed", True),
        ("The toll could not be independently verified.", "confirmed", True),
    ],
)
def test_grades_the_words(sentence, level, negated):
    cues = find_cues(sentence)
    assert any(c.level == level and c.negated == negated for c in cues), cues


def test_negated_confirmation_is_not_also_a_confirmation():
    cues = find_cues("The report has not been confirmed.")
    assert [(c.level, c.negated) for c in cues] == [("confirmed", True)]


def test_spans_point_into_the_text():
    text = "It is believed the strike was likely the work of the air force, though unconfirmed."
    for cue in find_cues(text):
        assert text[cue.span.start : cue.span.end] == cue.span.text
