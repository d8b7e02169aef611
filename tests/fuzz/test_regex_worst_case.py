"""Every regular expression in incidex against inputs that make backtracking engines slow.

The inventory (``regex_inventory.py``) walks the package; each pattern then runs over
50,000-character strings built to provoke catastrophic or quadratic backtracking: long
runs of one character, of spaces, of short words, of digits, of words taken from the
pattern's own alternations, nested punctuation. A linear pattern takes milliseconds on
them; the bound is loose so a loaded machine does not make the test flaky (issue 8).
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from regex_inventory import FoundPattern, all_patterns

LENGTH = 50_000
# A fifth of the length must take more than a fifth of the time, give or take: a linear
# pattern scales by about 5 (10,000 -> 50,000 characters), a quadratic one by about 25.
SHORTER = LENGTH // 5
MAX_GROWTH = 12.0
# Below this nothing is worth timing twice; above the ceiling even a linear pattern is a bug.
NEGLIGIBLE_SECONDS = 0.1
CEILING_SECONDS = 3.0
FIXED_UNITS = (
    "a", " ", "a ", "1", "1,", "killed ", "J. ", "\n", "-", "A", "Aa ", "((", "([{<", "'",
    "\u2019s ", "in the ", "at least ", "\t \u00a0", "2024-", "e\u0301", "\u0627 ",
)  # fmt: skip
PATTERNS = all_patterns()
# Patterns that are never run over a whole text, with how they are used instead. Each is
# slow (quadratic) when searched for across a long run of white space, because a leading
# ``\s+`` is tried from every position, but each is only ever matched at one position
# (cost linear in what follows) or searched in a string known to be short.
MATCHED_AT_ONE_POSITION = {
    "incidex.stages.fatalities._OBJECT_AFTER": "_is_active_verb: .match(text, match.end())",
    "incidex.stages.fatalities._FOLLOWING_WORD": "_is_people_count: .match(text, end, end + 30)",
    "incidex.stages.fatalities._ACCIDENT_AFTER": "_is_accident: .match(text, end, end + 80)",
    "incidex.stages.fatalities._EITHER_AFTER": "_subject_counts: .match(text, match.end())",
    "incidex.stages.places._FORCES_AFTER": "_country_focus: .match(text, match.end())",
    "incidex.stages.actors.BRACKET_OPENS": "identified_in_brackets: .fullmatch between matches",
    "incidex.stages.actors.BRACKET_CLOSES": "identified_in_brackets: .match(text, match.end)",
    "incidex.stages.event_type.AT_THE_PROTEST": "crowd_assault: .match(text, trigger end)",
}
MATCHED_PATTERN_NAMES = {
    "_SEPARATOR_PATTERN": "_split_list: .match(text, item.end(), end)",
    "_CONTINUATION_PATTERN": "_continuations: .match(text, position)",
    "_NEW_CLAUSE_PATTERN": "_continuations: .match(text, follower.end())",
}
SHORT_STRINGS = {
    "incidex.evaluate.acled.ACTOR_PERIOD": "actor_key: .sub on one actor name",
    "incidex.gazetteer.ADMIN_SUFFIX": "acled_admin_name: .sub on one place name",
    "incidex.stages.extract.BOILERPLATE_SEPARATORS": "is_boilerplate_line: lines <= 80 chars",
    "incidex.stages.places._AND_BEFORE": "_link_context: gaps < 30 chars (checked first)",
}
SHORT_LENGTH = 500


def alternation_words(regex: re.Pattern[Any]) -> list[str]:
    """A handful of the pattern's own words, so alternations get something to chew on."""
    source = regex.pattern if isinstance(regex.pattern, str) else regex.pattern.decode("latin-1")
    words = list(dict.fromkeys(re.findall(r"[A-Za-z]{2,}", source)))
    return [w for w in words if w not in {"P", "i"}][:6]


def adversarial_inputs(regex: re.Pattern[Any]) -> list[str]:
    units = list(FIXED_UNITS)
    words = alternation_words(regex)
    units += [f"{word} " for word in words]
    if words:
        units.append(" ".join(words) + " ")
        units.append(" ".join(word.capitalize() for word in words) + ", ")
    return [(unit * (LENGTH // len(unit) + 1))[:LENGTH] for unit in units]


def as_subject(regex: re.Pattern[Any], text: str) -> Any:
    return text.encode("utf-8") if isinstance(regex.pattern, bytes) else text


def usage_of(found: FoundPattern) -> str:
    """``scan`` (searched across whole texts), ``match`` or ``short`` (see the tables)."""
    from incidex.stages import fatalities

    if found.where in MATCHED_AT_ONE_POSITION:
        return "match"
    if found.where in SHORT_STRINGS:
        return "short"
    for name in MATCHED_PATTERN_NAMES:
        if found.regex.pattern == getattr(fatalities, name):
            return "match"
    return "scan"


def run_once(regex: re.Pattern[Any], subject: Any, usage: str) -> None:
    if usage == "match":
        regex.match(subject)
        return
    for _ in regex.finditer(subject[:SHORT_LENGTH] if usage == "short" else subject):
        pass


def timed_use(found: FoundPattern, usage: str, text: str) -> float:
    subject = as_subject(found.regex, text)
    started = time.perf_counter()
    run_once(found.regex, subject, usage)
    return time.perf_counter() - started


def slowest_input(found: FoundPattern) -> tuple[float, str]:
    """The longest time one use of the pattern took, and what it was given."""
    usage = usage_of(found)
    return max((timed_use(found, usage, text), text) for text in adversarial_inputs(found.regex))


def test_the_inventory_is_thorough() -> None:
    """The walk finds the patterns of every module that compiles any (a guard against a
    refactor that hides them from it)."""
    places = {found.where for found in PATTERNS}
    expected = (
        "incidex.stages.fatalities.compile_patterns()",
        "incidex.stages.detect.load_trigger_patterns()",
        "incidex.stages.attribution.compiled_cues()",
        "incidex.stages.dates._rules()",
    )
    for where in expected:
        assert where in places
    for module in (
        "extract",
        "places",
        "actors",
        "event_type",
        "roles",
        "nlp",
        "read",
        "fatalities",
    ):
        assert any(where.startswith(f"incidex.stages.{module}.") for where in places), module
    assert len(PATTERNS) > 150
    usages = [usage_of(found) for found in PATTERNS]
    assert usages.count("match") == len(MATCHED_AT_ONE_POSITION) + len(MATCHED_PATTERN_NAMES)
    assert usages.count("short") == len(SHORT_STRINGS)


@pytest.mark.parametrize("found", PATTERNS, ids=[found.label for found in PATTERNS])
def test_no_pattern_backtracks_badly(found: FoundPattern, record_property: Any) -> None:
    took, text = slowest_input(found)
    record_property("slowest_seconds", took)
    shown = f"{found.label} took {took:.2f} s on {LENGTH:,} characters of {text[:24]!r}..."
    assert took < CEILING_SECONDS, shown
    if took > NEGLIGIBLE_SECONDS:
        took_shorter = timed_use(found, usage_of(found), text[:SHORTER])
        growth = took / max(took_shorter, 1e-6)
        assert growth < MAX_GROWTH, f"{shown}; {took_shorter:.3f} s on {SHORTER:,}"
