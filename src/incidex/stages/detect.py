"""Find the words that signal an event, typed with ACLED's taxonomy.

The trigger patterns live in ``resources/triggers.tsv`` so that analysts can
extend them without touching code; the taxonomy below is ACLED's, with its
exact names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import ClassVar

from incidex.prefilter import find_all
from incidex.records import Document, Span, Trigger

# sub_event_type -> (event_type, disorder_type), as in ACLED's codebook.
TAXONOMY: dict[str, tuple[str, str]] = {
    "Armed clash": ("Battles", "Political violence"),
    "Government regains territory": ("Battles", "Political violence"),
    "Non-state actor overtakes territory": ("Battles", "Political violence"),
    "Chemical weapon": ("Explosions/Remote violence", "Political violence"),
    "Air/drone strike": ("Explosions/Remote violence", "Political violence"),
    "Suicide bomb": ("Explosions/Remote violence", "Political violence"),
    "Shelling/artillery/missile attack": ("Explosions/Remote violence", "Political violence"),
    "Remote explosive/landmine/IED": ("Explosions/Remote violence", "Political violence"),
    "Grenade": ("Explosions/Remote violence", "Political violence"),
    "Sexual violence": ("Violence against civilians", "Political violence"),
    "Attack": ("Violence against civilians", "Political violence"),
    "Abduction/forced disappearance": ("Violence against civilians", "Political violence"),
    "Peaceful protest": ("Protests", "Demonstrations"),
    "Protest with intervention": ("Protests", "Demonstrations"),
    "Excessive force against protesters": ("Protests", "Demonstrations"),
    "Violent demonstration": ("Riots", "Demonstrations"),
    "Mob violence": ("Riots", "Political violence"),
    "Agreement": ("Strategic developments", "Strategic developments"),
    "Arrests": ("Strategic developments", "Strategic developments"),
    "Change to group/activity": ("Strategic developments", "Strategic developments"),
    "Disrupted weapons use": ("Strategic developments", "Strategic developments"),
    "Headquarters or base established": ("Strategic developments", "Strategic developments"),
    "Looting/property destruction": ("Strategic developments", "Strategic developments"),
    "Non-violent transfer of territory": ("Strategic developments", "Strategic developments"),
    "Other": ("Strategic developments", "Strategic developments"),
}


# A coded dataset's note for a strategic development opens with a tag ("Looting: On 3 May,
# ..."); ACLED's codebook lists the tags, each of one sub-event type. A sub-event type's
# own name is a tag too.
SOURCE_TAGS: dict[str, str] = {
    **{name.lower(): name for name in TAXONOMY},
    "property destruction": "Looting/property destruction",
    "looting": "Looting/property destruction",
    "land seizure": "Looting/property destruction",
    "movement of forces": "Change to group/activity",
    "security measures": "Change to group/activity",
    "change to armed group": "Change to group/activity",
    "recruitment": "Change to group/activity",
    "interception": "Disrupted weapons use",
    "defusal": "Disrupted weapons use",
    "weapons seizure": "Disrupted weapons use",
    "detonation": "Disrupted weapons use",
    "displacement": "Other",
    "non-violent activity": "Other",
    "training": "Other",
    "elections/referendum": "Other",
    "mass grave": "Other",
    "explosive remnants of war": "Other",
    "strikes": "Other",
    "abduction": "Abduction/forced disappearance",
}
SOURCE_TAG = re.compile(r"\s{0,3}([A-Z][A-Za-z /&-]{1,40}):\s")


# ACLED's notes give a demonstration's crowd size as "[size=around 300]", and only for
# demonstrations (protests and riots).
CROWD_SIZE = re.compile(r"\[size=[^\]\n]{0,60}\]")


def crowd_size_tag(text: str) -> Trigger | None:
    """A crowd-size tag, as a weak protest trigger: a demonstration took place."""
    found = CROWD_SIZE.search(text)
    if found is None:
        return None
    event_type, disorder_type = TAXONOMY["Peaceful protest"]
    span = Span(found.start(), found.end(), found[0])
    return Trigger(span, "Peaceful protest", event_type, disorder_type, CROWD_SIZE_STRENGTH)


# Just strong enough to make an event (the merge stage's floor): it is added only to reports
# with no other event words, and says a crowd gathered, not what it did.
CROWD_SIZE_STRENGTH = 0.6


def source_tag(text: str) -> Trigger | None:
    """The tag that opens the report, as a trigger of its sub-event type."""
    found = SOURCE_TAG.match(text)
    sub_event_type = SOURCE_TAGS.get(found[1].lower()) if found else None
    if found is None or sub_event_type is None:
        return None
    event_type, disorder_type = TAXONOMY[sub_event_type]
    span = Span(found.start(1), found.end(1) + 1, text[found.start(1) : found.end(1) + 1])
    return Trigger(span, sub_event_type, event_type, disorder_type, 1.0)


@dataclass(frozen=True, slots=True)
class TriggerPattern:
    """``lower_regex`` matches lower-cased text, about twice as fast as a case-blind
    pattern (which costs the engine at every character); ``regex`` is the case-blind
    form, compiled only for the rare text whose lower-casing moves offsets."""

    sub_event_type: str
    strength: float
    lower_regex: re.Pattern[str]

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.lower_regex.pattern, re.IGNORECASE)  # cached by ``re``


FRAGMENT = re.compile(r"\{([a-z_]+)\}")


def load_trigger_patterns() -> tuple[TriggerPattern, ...]:
    """Read ``triggers.tsv``; an unknown sub-event type or fragment there is a bug in the file.

    Lines that start with ``@name`` define a fragment that later patterns use as ``{name}``
    (a list of words for people, say), so that one word list is written once. A fragment
    may use the fragments defined above it.
    """
    table = resources.files("incidex.resources").joinpath("triggers.tsv").read_text("utf-8")
    rows = [line for line in table.splitlines() if line and not line.startswith("#")]
    fragments: dict[str, str] = {}
    for name, pattern in (row.split("\t") for row in rows if row.startswith("@")):
        fragments[name[1:]] = f"(?:{expand_fragments(pattern, fragments)})"
    # Rows of one type and strength are matched as one pattern: fewer scans of the text.
    grouped: dict[tuple[str, float], list[str]] = {}
    for line in [row for row in rows if not row.startswith("@")][1:]:
        sub_event_type, weight, written = line.split("\t")
        if sub_event_type not in TAXONOMY:
            raise ValueError(f"triggers.tsv names an unknown sub-event type {sub_event_type!r}")
        pattern = expand_fragments(written, fragments)
        if re.search(r"[A-Z]", re.sub(r"\\.", "", pattern)):
            raise ValueError(f"triggers.tsv patterns are written in lower case: {pattern!r}")
        grouped.setdefault((sub_event_type, float(weight)), []).append(f"(?:{pattern})")
    patterns = []
    for (sub_event_type, strength), alternatives in grouped.items():
        source = rf"\b(?:{'|'.join(alternatives)})\b"
        patterns.append(TriggerPattern(sub_event_type, strength, re.compile(source)))
    return tuple(patterns)


def expand_fragments(pattern: str, fragments: dict[str, str]) -> str:
    def fragment(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise ValueError(f"triggers.tsv uses an undefined fragment {{{name}}} in {pattern!r}")
        return fragments[name]

    return FRAGMENT.sub(fragment, pattern)


def find_triggers(text: str, patterns: tuple[TriggerPattern, ...]) -> list[Trigger]:
    """Every trigger in ``text``; overlapping matches of different types are all kept."""
    lowered = text.lower()
    # Lower-casing keeps offsets unless a character changes length ("İ" becomes two).
    same_offsets = len(lowered) == len(text)
    haystack = lowered if same_offsets else text
    regexes = tuple(p.lower_regex if same_offsets else p.regex for p in patterns)
    found = []
    for number, match in find_all(regexes, haystack):
        if is_negated(haystack, match.start(), match.end()) or inside_a_name(
            text, match.start(), match.end()
        ):
            continue
        pattern = patterns[number]
        event_type, disorder_type = TAXONOMY[pattern.sub_event_type]
        span = Span(match.start(), match.end(), text[match.start() : match.end()])
        found.append(
            Trigger(span, pattern.sub_event_type, event_type, disorder_type, pattern.strength)
        )
    found.sort(key=lambda trigger: (trigger.span.start, -trigger.strength))
    return found


WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
SENTENCE_END = re.compile(r"[.!?:;\n\[(]\s*$")


def is_titled(word: str) -> bool:
    return word[:1].isupper() and word[1:] == word[1:].lower() and not word.isdigit()


def inside_a_name(text: str, start: int, end: int) -> bool:
    """Event words inside a capitalised name in running text: "the 2021 Capitol Riot",
    "local Burnt Store Isles residents". A run of capitalised words that opens a sentence is
    a headline's or the sentence's first words, and stays."""
    words = WORD.findall(text[start:end])
    if not words or not all(is_titled(w) for w in words):
        return False
    run_start, run_words = start, len(words)
    while True:
        before = text[max(0, run_start - 40) : run_start]
        previous = list(WORD.finditer(before))
        if not previous or SENTENCE_END.search(before) or not before.strip():
            return False  # the run opens the text or a sentence
        word = previous[-1]
        if not is_titled(word.group()) or not before[word.end() :].isspace():
            break
        run_start -= len(before) - word.start()
        run_words += 1
    following = WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    return run_words > 1 or bool(following and is_titled(following.group()))


NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|without|never|nor|devoid of|free (?:of|from))"
    r"(?: (?:reports?|signs?|incidents?|cases?) of)?(?: (?:any|further|major|heavy|armed))?"
    # "no reports of violence or clashes", "devoid of police presence and running battles"
    r"(?: [\w-]+(?: [\w-]+)? (?:or|and|nor))? $",
    re.IGNORECASE,
)
NEGATION_AFTER = re.compile(
    r"^ (?:were|was|have been|has been) (?:not|never) (?:reported|recorded|observed)",
    re.IGNORECASE,
)


def is_negated(text: str, start: int, end: int) -> bool:
    """ "No clashes were reported", "clashes were not reported", "no reports of violence or
    clashes": words that deny the event."""
    before = text[max(0, start - 48) : start]
    after = text[end : end + 40]
    return bool(NEGATION_BEFORE.search(before) or NEGATION_AFTER.search(after))


class DetectStage:
    """Mark trigger words for ACLED sub-event types."""

    name: ClassVar[str] = "detect.patterns.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"report"})
    provides: ClassVar[frozenset[str]] = frozenset({"triggers"})

    def __init__(self) -> None:
        self.patterns = load_trigger_patterns()

    def __call__(self, doc: Document) -> Document:
        text = doc.report.text
        triggers = find_triggers(text, self.patterns)
        # The tag signals the event only where no words of its first sentence do: the words
        # say where the event is told (the tag's type is read from the text, see event_type).
        tag = source_tag(text)
        first_stop = text.find(". ")
        first_sentence_end = len(text) if first_stop < 0 else first_stop
        if tag and not any(t.span.start < first_sentence_end for t in triggers):
            triggers.insert(0, tag)
        size = crowd_size_tag(text)
        if size and not triggers:
            triggers.append(size)
        return replace(doc, triggers=tuple(triggers))
