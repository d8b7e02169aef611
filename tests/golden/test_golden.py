"""Golden tests: whole example reports coded end to end against hand-written expectations.

Each ``examples/<name>.txt`` or ``examples/<name>.html`` has an
``examples/<name>.golden.json`` holding the fields a careful ACLED coder would
be sure of (see ``examples/README.md`` for the format). Expected event *i* is
compared with the *i*-th produced event (events come most salient first) on
every field the golden file gives, and nothing else.

Run ``python -m pytest tests/golden --update-golden`` to review what incidex
produces: it writes ``examples/<name>.golden.new.json`` and prints the diffs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import html
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

import incidex
from incidex.records import Event

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GOLDEN_SUFFIX = ".golden.json"
REVIEW_SUFFIX = ".golden.new.json"
REPORT_SUFFIXES = (".txt", ".html")
GOLDEN_PATHS = sorted(EXAMPLES.glob(f"*{GOLDEN_SUFFIX}"))

EVENT_FIELDS = frozenset(field.name for field in dataclasses.fields(Event))
PLACE_FIELDS = frozenset({"country", "admin1", "admin2", "admin3", "location"})
ACTOR_FIELDS = frozenset({"actor1", "actor2", "assoc_actor_1", "assoc_actor_2"})
COORDINATE_FIELDS = frozenset({"latitude", "longitude"})
COORDINATE_TOLERANCE = 0.05
# Fields shown for a produced event that has no expected counterpart.
REVIEW_FIELDS = (
    "event_date",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "country",
    "admin1",
    "location",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "injured",
    "attribution",
    "sources_include",
)
GOLDEN_KEYS = frozenset({"published", "description", "events", "exact_event_count"})

SUB_EVENT_TYPES = {
    ("Political violence", "Battles"): {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    },
    ("Political violence", "Explosions/Remote violence"): {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    ("Political violence", "Violence against civilians"): {
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    },
    ("Demonstrations", "Protests"): {
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    },
    ("Demonstrations", "Riots"): {"Violent demonstration"},
    # ACLED files mob violence under Political violence, not Demonstrations.
    ("Political violence", "Riots"): {"Mob violence"},
    ("Strategic developments", "Strategic developments"): {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}
EVENT_TYPES = {event_type for _, event_type in SUB_EVENT_TYPES}

# Words that name the kind of an admin area rather than the area itself.
ADMIN_GENERIC_WORDS = frozenset(
    {"state", "province", "governorate", "county", "region", "district", "division"}
)
# ASCII and typographic apostrophes, backtick, and the ayn/hamza marks of transliteration.
APOSTROPHES = re.compile("['\u2019\u2018`\u02bf\u02be]")
NON_ALNUM = re.compile(r"[^a-z0-9]+")
ACTOR_PERIOD = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)$")


# ---------------------------------------------------------------------------
# Golden cases
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class GoldenCase:
    """One example report with its expectations."""

    name: str
    golden_path: Path
    report_path: Path
    golden: Mapping[str, Any]

    @property
    def published(self) -> str | None:
        return self.golden.get("published")

    @property
    def expected(self) -> list[dict[str, Any]]:
        return list(self.golden["events"])

    @property
    def exact_event_count(self) -> bool:
        return bool(self.golden.get("exact_event_count", False))

    @property
    def is_html(self) -> bool:
        return self.report_path.suffix == ".html"


def example_name(golden_path: Path) -> str:
    return golden_path.name.removesuffix(GOLDEN_SUFFIX)


def report_path_for(golden_path: Path) -> Path:
    name = example_name(golden_path)
    found = [EXAMPLES / f"{name}{suffix}" for suffix in REPORT_SUFFIXES]
    existing = [path for path in found if path.is_file()]
    if len(existing) != 1:
        pytest.fail(f"expected exactly one report for {golden_path.name!r}, found {existing!r}")
    return existing[0]


def load_case(golden_path: Path) -> GoldenCase:
    return GoldenCase(
        name=example_name(golden_path),
        golden_path=golden_path,
        report_path=report_path_for(golden_path),
        golden=json.loads(golden_path.read_text(encoding="utf-8")),
    )


def code_case(case: GoldenCase) -> list[Event]:
    text = case.report_path.read_text(encoding="utf-8")
    if case.is_html:
        return incidex.code(text)
    return incidex.code(text, published=case.published)


# ---------------------------------------------------------------------------
# Comparing one expected event with one produced event
# ---------------------------------------------------------------------------


def fold_place_name(name: str) -> str:
    """A place name without accents, punctuation, case or generic admin words.

    "Al Bāb" == "Al-Bab", "Borno State" == "Borno", "Mandera County" == "Mandera".
    """
    decomposed = unicodedata.normalize("NFKD", APOSTROPHES.sub("", name).casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = NON_ALNUM.sub(" ", plain).split()
    kept = [word for word in words if word not in ADMIN_GENERIC_WORDS]
    return " ".join(kept or words)


def fold_actor_name(name: str) -> str:
    """An ACLED actor name without its period suffix ("... of Kenya (2022-)")."""
    return ACTOR_PERIOD.sub("", name.strip())


def produced_value(event: Event, field: str) -> Any:
    """The event's value for ``field`` as it appears in a golden file."""
    if field == "sources_include":
        return list(event.sources)
    value = getattr(event, field)
    return value.isoformat() if isinstance(value, dt.date) else value


def value_matches(field: str, expected: Any, got: Any) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if field in COORDINATE_FIELDS:
        return abs(float(expected) - float(got)) <= COORDINATE_TOLERANCE
    if field in PLACE_FIELDS:
        return fold_place_name(str(expected)) == fold_place_name(str(got))
    if field in ACTOR_FIELDS:
        return fold_actor_name(str(expected)) == fold_actor_name(str(got))
    return bool(expected == got)


def field_matches(field: str, expected: Any, got: Any) -> bool:
    """Whether ``got`` satisfies the golden value; a list means "any one of these"."""
    if field == "sources_include":
        return all(name in got for name in expected)
    if isinstance(expected, list):
        return any(value_matches(field, option, got) for option in expected)
    return value_matches(field, expected, got)


def field_mismatches(expected: Mapping[str, Any], event: Event) -> list[str]:
    """One line ``field: expected X, got Y`` per golden field the event gets wrong."""
    lines = []
    for field, want in expected.items():
        got = produced_value(event, field)
        if not field_matches(field, want, got):
            lines.append(f"{field}: expected {want!r}, got {got!r}")
    return lines


def describe_event(event: Event) -> str:
    place = event.location or event.admin1 or event.country or "?"
    return (
        f"{event.event_date.isoformat()} {event.sub_event_type} at {place} "
        f"({event.actor1} vs {event.actor2}; fatalities {event.fatalities})"
    )


def case_problems(case: GoldenCase, events: Sequence[Event]) -> list[str]:
    """Everything that differs between the golden file and the produced events."""
    problems = []
    expected = case.expected
    if len(events) < len(expected) or (case.exact_event_count and len(events) != len(expected)):
        problems.append(f"event count: expected {len(expected)}, got {len(events)}")
    for index, (want, event) in enumerate(zip(expected, events, strict=False), start=1):
        problems.extend(f"event {index}: {line}" for line in field_mismatches(want, event))
    return problems


def failure_report(case: GoldenCase, events: Sequence[Event], problems: list[str]) -> str:
    produced = [f"  {index}. {describe_event(event)}" for index, event in enumerate(events, 1)]
    return "\n".join(
        [
            f"{case.report_path.name} does not match {case.golden_path.name}:",
            *(f"  {line}" for line in problems),
            "produced events:",
            *(produced or ["  (none)"]),
        ]
    )


# ---------------------------------------------------------------------------
# Review mode (--update-golden)
# ---------------------------------------------------------------------------


def review_fields(case: GoldenCase, index: int) -> list[str]:
    if index < len(case.expected):
        return list(case.expected[index])
    return list(REVIEW_FIELDS)


def reviewed_value(case: GoldenCase, index: int, field: str, event: Event) -> Any:
    """The golden value where the event satisfies it, else what the event says.

    Keeping matching golden values ("Borno" for "Borno State") leaves only the
    real mismatches in the review diff.
    """
    got = produced_value(event, field)
    if index < len(case.expected) and field in case.expected[index]:
        want = case.expected[index][field]
        if field_matches(field, want, got):
            return want
    return got


def produced_golden(case: GoldenCase, events: Sequence[Event]) -> dict[str, Any]:
    """What the golden file would say if the produced events were right."""
    produced = [
        {field: reviewed_value(case, index, field, event) for field in review_fields(case, index)}
        for index, event in enumerate(events)
    ]
    return {**case.golden, "events": produced}


def as_json(value: Mapping[str, Any]) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def write_review(case: GoldenCase, events: Sequence[Event]) -> str:
    """Write ``<name>.golden.new.json`` beside the golden file; return the diff."""
    new_text = as_json(produced_golden(case, events))
    review_path = case.golden_path.with_name(f"{case.name}{REVIEW_SUFFIX}")
    review_path.write_text(new_text, encoding="utf-8")
    diff = difflib.unified_diff(
        as_json(case.golden).splitlines(keepends=True),
        new_text.splitlines(keepends=True),
        fromfile=case.golden_path.name,
        tofile=review_path.name,
    )
    return "".join(diff)


# ---------------------------------------------------------------------------
# The golden files themselves (no coding needed)
# ---------------------------------------------------------------------------


def golden_file_problems(case: GoldenCase) -> list[str]:
    golden = case.golden
    problems = [f"unknown key {key!r}" for key in sorted(set(golden) - GOLDEN_KEYS)]
    if not case.is_html:
        try:
            dt.date.fromisoformat(str(golden.get("published")))
        except ValueError:
            problems.append(f"published must be YYYY-MM-DD, got {golden.get('published')!r}")
    for index, want in enumerate(case.expected, start=1):
        unknown = set(want) - EVENT_FIELDS - {"sources_include"}
        problems.extend(f"event {index}: unknown field {field!r}" for field in sorted(unknown))
        problems.extend(f"event {index}: {line}" for line in taxonomy_problems(want))
    return problems


def taxonomy_problems(want: Mapping[str, Any]) -> list[str]:
    disorder, event_type, sub_event = (
        want.get("disorder_type"),
        want.get("event_type"),
        want.get("sub_event_type"),
    )
    if event_type is not None and event_type not in EVENT_TYPES:
        return [f"event_type {event_type!r} is not an ACLED event type"]
    if sub_event is None:
        return []
    pairs = [pair for pair, subs in SUB_EVENT_TYPES.items() if sub_event in subs]
    if not pairs:
        return [f"sub_event_type {sub_event!r} is not an ACLED sub-event type"]
    fits = [pair for pair in pairs if disorder in (None, pair[0]) and event_type in (None, pair[1])]
    if not fits:
        return [f"{sub_event!r} does not belong under {disorder!r} / {event_type!r}"]
    return []


@pytest.mark.parametrize("golden_path", GOLDEN_PATHS, ids=example_name)
def test_golden_file_is_well_formed(golden_path: Path) -> None:
    problems = golden_file_problems(load_case(golden_path))
    assert not problems, f"{golden_path.name}:\n" + "\n".join(problems)


def test_every_example_report_has_a_golden_file() -> None:
    reports = [path for path in EXAMPLES.iterdir() if path.suffix in REPORT_SUFFIXES]
    missing = [path.name for path in reports if not path.with_suffix(GOLDEN_SUFFIX).is_file()]
    assert reports, f"no example reports in {EXAMPLES.name}/"
    assert not missing, f"example reports without a golden file: {missing!r}"


# ---------------------------------------------------------------------------
# Coding the examples
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("golden_path", GOLDEN_PATHS, ids=example_name)
def test_example_matches_golden(
    golden_path: Path, update_golden: bool, golden_review: dict[str, str]
) -> None:
    case = load_case(golden_path)
    events = code_case(case)
    if update_golden:
        golden_review[case.name] = write_review(case, events)
    problems = case_problems(case, events)
    if problems:
        pytest.fail(failure_report(case, events, problems), pytrace=False)


# ---------------------------------------------------------------------------
# The seed article from ../shared (skipped when absent)
# ---------------------------------------------------------------------------

SEED_PUBLISHED = "2020-07-04"
SEED_PUBLISHED_TIME = "2020-07-04T09:00:00+00:00"
SEED_STRIKE_DAYS = {dt.date(2020, 7, 4), dt.date(2020, 7, 3)}
SEED_EARLIER_STRIKE_DAY = dt.date(2020, 6, 20)
SEED_EARLIER_STRIKE_PLACES = ("Al-Bab", "Al Bab")
# The fields that say what, when and where: none may rest on the Baghdadi sentence.
CORE_EVIDENCE_FIELDS = frozenset({"event_type", "sub_event_type", "event_date", "location"})
PAGE_CHROME_LINES = frozenset({"skip to main content", "back to top"})


def seed_problems(events: Sequence[Event]) -> list[str]:
    """Why the seed article's events are not the two drone strikes it reports."""
    if not events:
        return ["no events"]
    first = events[0]
    checks = {
        "2 events (none for al-Baghdadi's death)": len(events) == 2,
        "first event is an Air/drone strike": first.sub_event_type == "Air/drone strike",
        "first event in Syria": first.country == "Syria",
        "first event in Aleppo": fold_place_name(first.admin1 or "") == "aleppo",
        "first event dated 2020-07-04 or 2020-07-03": first.event_date in SEED_STRIKE_DAYS,
        "first event has 3 fatalities": first.fatalities == 3,
        "first event's actor2 is Islamic State": "Islamic State" in (first.actor2 or ""),
        "first event's attribution is suspected": first.attribution == "suspected",
        "first event's attacker is unidentified": (first.actor1 or "").startswith("Unidentified"),
        "first event names its suspect": bool(first.suspected_actor1),
        "first event cites the SOHR": "Syrian Observatory for Human Rights" in first.sources,
        "an Air/drone strike at Al-Bab on 2020-06-20": any(
            event.sub_event_type == "Air/drone strike"
            and event.event_date == SEED_EARLIER_STRIKE_DAY
            and field_matches("location", list(SEED_EARLIER_STRIKE_PLACES), event.location)
            for event in events[1:]
        ),
        "no event rests on the al-Baghdadi sentence": not any(
            "baghdadi" in span.text.casefold()
            for event in events
            for evidence in event.evidence
            if evidence.field in CORE_EVIDENCE_FIELDS
            for span in evidence.spans
        ),
    }
    return [name for name, passed in checks.items() if not passed]


def seed_failure_report(events: Sequence[Event], problems: list[str]) -> str:
    produced = [f"  {index}. {describe_event(event)}" for index, event in enumerate(events, 1)]
    return "\n".join(
        [
            "seed article: unmet expectations:",
            *(f"  {line}" for line in problems),
            "produced events:",
            *(produced or ["  (none)"]),
        ]
    )


def seed_page(text: str) -> str:
    """The seed article's text laid out as a news page with navigation and footer."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if line.casefold() not in PAGE_CHROME_LINES]
    title, paragraphs = html.escape(lines[0]), [html.escape(line) for line in lines[1:]]
    body = "\n".join(f"      <p>{paragraph}</p>" for paragraph in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | Example News</title>
  <meta property="article:published_time" content="{SEED_PUBLISHED_TIME}">
</head>
<body>
  <a class="skip-link" href="#content">Skip to main content</a>
  <nav><ul>
    <li><a href="/">Home</a></li><li><a href="/world">World</a></li>
    <li><a href="/middle-east">Middle East</a></li><li><a href="/defence">Defence</a></li>
  </ul></nav>
  <main id="content">
    <article>
      <h1>{title}</h1>
{body}
    </article>
  </main>
  <footer>
    <p><a href="/about">About</a> | <a href="/privacy">Privacy</a> | <a href="/contact">Contact</a></p>
    <p>&copy; 2020 Example News</p>
    <a href="#top">Back to top</a>
  </footer>
</body>
</html>
"""


def test_seed_article(seed_article: Path) -> None:
    events = incidex.code(seed_article.read_text(encoding="utf-8"), published=SEED_PUBLISHED)
    problems = seed_problems(events)
    if problems:
        pytest.fail(seed_failure_report(events, problems), pytrace=False)


def test_seed_article_as_html_page(seed_article: Path) -> None:
    events = incidex.code(seed_page(seed_article.read_text(encoding="utf-8")))
    problems = seed_problems(events)
    if problems:
        pytest.fail(seed_failure_report(events, problems), pytrace=False)
