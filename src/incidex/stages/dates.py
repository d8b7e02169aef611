"""Date expressions in a report, anchored on the day it was published.

``find_dates`` returns every expression that names the day (or the week, or
the month) of something that already happened, as ``EventDate`` records with
ACLED's time precision: 1 the day is known, 2 only the week, 3 only the month.

Conventions (ACLED codes an uncertain date in the middle of the period the
source names, and never in the future):

* A week or month is anchored on the middle day of the period the words name,
  cut off at the publication day: "last week" is the Thursday of the previous
  Monday-to-Sunday week, "earlier this month" the middle of the days between
  the 1st and the day before publication, "in June" the 15th, "early June" the
  5th, "mid-June" the 15th (precision 2), "late June" the 25th.
* A day or month written without a year takes the most recent year in which it
  is not after publication; a written date after publication is a plan, not an
  event, and is left out.
* A numeric date is read day-first or month-first as a number over 12 settles;
  when neither does, the reading nearer publication wins. Without a year it must
  follow "on" ("on 28/12"), so fractions and scores are not dates.
* A bracketed date restates the expression before it ("on Tuesday (7 March)").
* A range of days ("25-26 February") is dated by its first day.
* A weekday ("on Friday", "Friday night") is the most recent such day on or
  before publication (a Friday report's "Friday" is that day); "last Friday" is
  strictly before it.
* "today", "tonight", "this morning", "in the past 24 hours" are the
  publication day; "yesterday", "last night" and "overnight" the day before.
* Expressions that bound a period instead of naming it ("since June",
  "until Friday", "by Monday", "next week", "every Friday"), times of day,
  ages and bare years are not returned. "On or before 10 June" is the 10th: the
  latest day the source allows, which is the day ACLED codes.

Every pattern is linear: no quantifier is nested over characters another
quantifier can also take, so long repetitive input cannot make it backtrack.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import ClassVar

from incidex.numbers import UNITS
from incidex.records import Document, EventDate, Span

__all__ = ["DatesStage", "find_dates"]

Anchor = tuple[dt.date, int]

_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_WEEKDAY_NUMBERS = {
    name: number for number, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
}
_SMALL_NUMBERS = {**UNITS, "a": 1, "an": 1}
# Words in front of a date that turn it into a bound, a plan or a habit.
_EXCLUDING_WORDS = frozenset(
    {"since", "until", "till", "til", "by", "before", "next", "every", "coming", "the"}
)
# "the" only excludes weekdays ("the Sunday Times"); day-month dates start their match with it.
_EXCLUDING_BEFORE_DAY = _EXCLUDING_WORDS - {"the"}

_MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_WEEKDAY_PREFIX = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
# The second day of a range ("25-26 February", "13 and 14 March"): the event is dated by
# its first day.
_DAY_RANGE_END = (
    r"(?:(?:\s{0,3}[-\u2013]\s{0,3}|\s{1,3}(?:and|to|&)\s{1,3})\d{1,2}(?:st|nd|rd|th)?)?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4})\b)?"
_COUNT = r"(?P<count>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


@dataclass(frozen=True, slots=True)
class _Rule:
    """A pattern and the function that turns its match into a day and a precision."""

    pattern: re.Pattern[str]
    anchor: Callable[[re.Match[str], dt.date], Anchor | None]
    excluding_words: frozenset[str] = _EXCLUDING_BEFORE_DAY
    span_group: str | int = 0


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift(day: dt.date, days: int) -> dt.date | None:
    """``day`` moved by ``days``, or ``None`` past the ends of the calendar."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def _middle(first: dt.date | None, last: dt.date | None, published: dt.date) -> dt.date | None:
    """The middle day of ``first..last`` cut off at ``published``; ``None`` if it starts later."""
    if first is None or last is None or first > published:
        return None
    last = min(last, published)
    return first + (last - first) // 2


def _month_number(name: str) -> int | None:
    # In lower case, "may", "march" and abbreviations ("mar", "dec") are usually other words.
    is_lower = not name[:1].isupper()
    if is_lower and (name.lower() in {"may", "march"} or len(name.rstrip(".")) <= 4):
        return None
    return _MONTH_NUMBERS.get(name[:3].lower())


def _weekday_number(name: str) -> int:
    return _WEEKDAY_NUMBERS[name[:3].lower()]


def _most_recent(month: int, day: int, published: dt.date) -> dt.date | None:
    """The latest ``day``/``month`` not after ``published`` (8 years back covers 29 February)."""
    for year in range(published.year, published.year - 9, -1):
        candidate = _make_date(year, month, day)
        if candidate is not None and candidate <= published:
            return candidate
    return None


def _month_bounds(year: int, month: int) -> tuple[dt.date | None, dt.date | None]:
    first = _make_date(year, month, 1)
    following = _make_date(year + month // 12, month % 12 + 1, 1)
    last = _shift(following, -1) if following is not None else _make_date(year, 12, 31)
    return first, last


def _month_part(year: int, month: int, part: str | None, published: dt.date) -> dt.date | None:
    """The anchor day of (a part of) a month: early 1-10, mid 11-20, late 21-end."""
    first, last = _month_bounds(year, month)
    if first is None or last is None:
        return None
    part = (part or "").lower()
    if "early" in part or "beginning" in part or "start" in part:
        last = first.replace(day=10)
    elif "mid" in part:
        first, last = first.replace(day=11), first.replace(day=20)
    elif "late" in part or "end" in part:
        first = first.replace(day=21)
    return _middle(first, last, published)


def _month_precision(part: str | None) -> int:
    return 2 if part and "mid" in part.lower() else 3


def _day_of(match: re.Match[str], published: dt.date) -> Anchor | None:
    """A written day and month, with or without a year."""
    month = _month_number(match["month"])
    if month is None:
        return None
    day = int(match["day"])
    if match["year"]:
        found = _make_date(int(match["year"]), month, day)
    else:
        found = _most_recent(month, day, published)
    if found is None or found > published:
        return None
    return found, 1


def _iso_day(match: re.Match[str], published: dt.date) -> Anchor | None:
    found = _make_date(int(match["year"]), int(match["month"]), int(match["day"]))
    if found is None or found > published:
        return None
    return found, 1


def _slashed_day(match: re.Match[str], published: dt.date) -> Anchor | None:
    """dd/mm or mm/dd, with or without a year. A number over 12 settles the order;
    otherwise the reading nearer publication wins, as a report mostly tells of the
    last days. A reading after publication is a plan, not an event."""
    first, second = int(match["first"]), int(match["second"])
    readings = [(second, first), (first, second)]  # (month, day): day-first, month-first
    days = [_reading(month, day, match["year"], published) for month, day in readings]
    found = max((day for day in days if day is not None and day <= published), default=None)
    return (found, 1) if found else None


def _reading(month: int, day: int, year: str | None, published: dt.date) -> dt.date | None:
    if month > 12:
        return None
    return _make_date(int(year), month, day) if year else _most_recent(month, day, published)


def _month_of(match: re.Match[str], published: dt.date) -> Anchor | None:
    """A month named with a preposition, a part ("early", "mid-") or a year."""
    month = _month_number(match["month"])
    lead = (match["lead"] or "").lower()
    part = match["part"]
    if month is None or not (lead or part or match["year"]):
        return None
    if match["year"]:
        year = int(match["year"])
    elif lead == "last":
        year = published.year if month < published.month else published.year - 1
    else:
        year = published.year if month <= published.month else published.year - 1
    found = _month_part(year, month, part, published)
    if found is None:
        return None
    return found, _month_precision(part)


def _nth_of_month(match: re.Match[str], published: dt.date) -> Anchor | None:
    """ "on the 20th": this month's 20th, or last month's when this one has not come yet."""
    day = int(match["day"])
    found = _make_date(published.year, published.month, day)
    if found is None or found > published:
        month_start = published.replace(day=1)
        previous = _shift(month_start, -1)
        found = _make_date(previous.year, previous.month, day) if previous else None
    if found is None:
        return None
    return found, 1


def _weekday(match: re.Match[str], published: dt.date) -> Anchor | None:
    """The most recent named weekday on or before publication; "last" means strictly before."""
    weekday = _weekday_number(match["weekday"])
    back = (published.weekday() - weekday) % 7
    if back == 0 and (match["modifier"] or "").lower() == "last":
        back = 7
    found = _shift(published, -back)
    return (found, 1) if found else None


def _days_back(days: int, precision: int = 1) -> Callable[[re.Match[str], dt.date], Anchor | None]:
    def anchor(match: re.Match[str], published: dt.date) -> Anchor | None:
        found = _shift(published, -days)
        return (found, precision) if found else None

    return anchor


def _count_back(match: re.Match[str], published: dt.date) -> Anchor | None:
    """ "two days ago", "a week earlier", "three months ago"."""
    word = match["count"].lower()
    count = int(word) if word.isdigit() else _SMALL_NUMBERS[word]
    unit = match["unit"].lower()
    if unit.startswith("day"):
        days, precision = count, 1
    elif unit.startswith("week"):
        days, precision = 7 * count, 2
    else:
        days, precision = 30 * count, 3
    found = _shift(published, -days)
    return (found, precision) if found else None


def _hours_back(match: re.Match[str], published: dt.date) -> Anchor | None:
    """ "in the past 24 hours" is today; a longer window is a week-precision stretch."""
    hours = int(match["hours"]) if match["hours"] else 24
    if hours <= 24:
        return published, 1
    found = _middle(_shift(published, -(hours // 24)), published, published)
    return (found, 2) if found else None


def _monday(day: dt.date) -> dt.date | None:
    return _shift(day, -day.weekday())


def _last_week(match: re.Match[str], published: dt.date) -> Anchor | None:
    monday = _monday(published)
    first = _shift(monday, -7) if monday else None
    found = _middle(first, _shift(first, 6) if first else None, published)
    return (found, 2) if found else None


def _this_week(match: re.Match[str], published: dt.date) -> Anchor | None:
    """ "this week" runs to publication, "earlier this week" to the day before (or that day)."""
    last = published
    if match[0].lower().startswith("earlier"):
        last = max(_shift(published, -1) or published, _monday(published) or published)
    found = _middle(_monday(published), last, published)
    return (found, 2) if found else None


def _weekend(match: re.Match[str], published: dt.date) -> Anchor | None:
    """The most recent Saturday; "last weekend" in a weekend report is the one before."""
    back = (published.weekday() - 5) % 7
    if match[0].lower().startswith("last") and published.weekday() >= 5:
        back += 7
    found = _shift(published, -back)
    return (found, 2) if found else None


def _recent_days(match: re.Match[str], published: dt.date) -> Anchor | None:
    found = _middle(_shift(published, -6), published, published)
    return (found, 2) if found else None


def _relative_month(match: re.Match[str], published: dt.date) -> Anchor | None:
    """ "this month", "earlier this month", "late last month"."""
    part = match["part"]
    year, month = published.year, published.month
    if match["which"].lower() != "this":
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    if part and part.lower().startswith("later"):
        return None
    if part and part.lower() == "earlier":
        first = _make_date(year, month, 1)
        last = _shift(published, -1) if month == published.month else _month_bounds(year, month)[1]
        found = _middle(first, max(first, last) if first and last else None, published)
    else:
        found = _month_part(year, month, part, published)
    return (found, _month_precision(part)) if found else None


@functools.cache
def _rules() -> tuple[_Rule, ...]:
    """The patterns, compiled on first use rather than at import."""
    return (
        _Rule(_compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"), _iso_day),
        _Rule(
            _compile(r"\b(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>\d{4})\b"), _slashed_day
        ),
        # Without a year only where a day is expected: "on 28/12", "the morning of 13/02".
        _Rule(
            _compile(
                r"\b(?:on|(?:morning|afternoon|evening|night)\s+of)\s+\[?(?P<slashed>(?P<first>\d{1,2})/(?P<second>\d{1,2}))"
                r"(?P<year>)(?![/\d]|\s+of\b)"
            ),
            _slashed_day,
            span_group="slashed",
        ),
        # A bracketed day and month stand for a date however they are introduced: "on
        # Thursday (19/02)", "today (9/1)", "around 8 pm (21/01)".
        _Rule(
            _compile(r"\((?P<slashed>(?P<first>\d{1,2})/(?P<second>\d{1,2}))(?P<year>)\)"),
            _slashed_day,
            span_group="slashed",
        ),
        _Rule(
            _compile(
                rf"\b{_WEEKDAY_PREFIX}(?:the\s+)?(?P<day>\d{{1,2}}){_ORDINAL}{_DAY_RANGE_END}\s+(?:of\s+)?"
                rf"{_MONTH}{_YEAR}"
            ),
            _day_of,
        ),
        _Rule(
            _compile(
                rf"\b{_WEEKDAY_PREFIX}{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL}{_DAY_RANGE_END}\b{_YEAR}"
            ),
            _day_of,
        ),
        _Rule(
            _compile(
                r"\b(?:(?P<lead>in|during|last|earlier\s+in|later\s+in|early\s+in|late\s+in)\s+)?"
                r"(?:(?P<part>early|late|mid|(?:the\s+)?(?:end|beginning|start|middle)\s+of)[\s-]+)?"
                rf"{_MONTH}(?:,?\s+(?P<year>\d{{4}})\b|(?!\s*\d))"
            ),
            _month_of,
        ),
        _Rule(
            _compile(
                r"\bon\s+(?P<nth>the\s+(?P<day>\d{1,2})(?:st|nd|rd|th))\b(?!\s+(?:of\s+)?[A-Z])"
            ),
            _nth_of_month,
            span_group="nth",
        ),
        _Rule(
            _compile(
                r"\b(?:(?P<modifier>last|this|past|late\s+on|early\s+on|late|early)\s+)?"
                rf"{_WEEKDAY}(?:\s+(?:night|morning|afternoon|evening)\b)?"
            ),
            _weekday,
            excluding_words=_EXCLUDING_WORDS,
        ),
        _Rule(_compile(r"\b(?:earlier\s+|later\s+)?today\b"), _days_back(0)),
        _Rule(_compile(r"\bthis\s+(?:morning|afternoon|evening)\b"), _days_back(0)),
        _Rule(_compile(r"\b(?:late\s+|early\s+)?tonight\b"), _days_back(0)),
        _Rule(
            _compile(
                r"\b(?:in|over|during|within)\s+the\s+(?:past|last)\s+"
                r"(?:(?:few|several|couple\s+of|twenty-four|(?P<hours>\d{1,3}))\s+)?hours\b"
            ),
            _hours_back,
        ),
        _Rule(
            _compile(
                r"\b(?:a\s+few|several|an?|\d{1,2}|one|two|three|four|five)\s+hours?\s+(?:ago|earlier)\b"
            ),
            _days_back(0),
        ),
        _Rule(_compile(r"\b(?:late\s+|early\s+)?yesterday\b"), _days_back(1)),
        _Rule(_compile(r"\b(?:last\s+night|overnight)\b"), _days_back(1)),
        _Rule(_compile(r"\bthe\s+day\s+before\s+yesterday\b"), _days_back(2)),
        _Rule(
            _compile(rf"\b{_COUNT}\s+(?P<unit>days?|weeks?|months?)\s+(?:ago|earlier)\b"),
            _count_back,
        ),
        _Rule(_compile(r"\blast\s+week\b"), _last_week),
        _Rule(
            _compile(r"\b(?:earlier\s+)?this\s+week\b|\bearlier\s+in\s+the\s+week\b"), _this_week
        ),
        _Rule(
            _compile(r"\b(?:last|this|past|(?:over|at|on|during)\s+the)\s+weekend\b"),
            _weekend,
        ),
        _Rule(
            _compile(
                r"\b(?:in|over|during)\s+(?:the\s+)?(?:past|last|recent)\s+"
                r"(?:few\s+|several\s+|couple\s+of\s+)?days\b"
            ),
            _recent_days,
        ),
        _Rule(
            _compile(
                r"\b(?:(?P<part>early|earlier|late|later|mid|(?:the\s+)?(?:end|beginning|start|middle)"
                r"\s+of)[\s-]+)?(?P<which>this|last|previous)\s+month\b"
            ),
            _relative_month,
        ),
    )


_WORD_BEFORE = re.compile(r"([A-Za-z]+)[^A-Za-z]{0,3}$")
# "On or before 10 September": the latest day it can have happened, which is the day coded.
_ON_OR_BEFORE = re.compile(r"\bon or before\s$", re.IGNORECASE)


def _word_before(text: str, start: int) -> str:
    found = _WORD_BEFORE.search(text, max(0, start - 24), start)
    return found.group(1).lower() if found else ""


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    day: dt.date
    precision: int


def _candidates(text: str, published: dt.date) -> Iterator[_Candidate]:
    for rule in _rules():
        for match in rule.pattern.finditer(text):
            if _word_before(text, match.start()) in rule.excluding_words and not (
                _ON_OR_BEFORE.search(text, max(0, match.start() - 16), match.start())
            ):
                continue
            anchored = rule.anchor(match, published)
            if anchored is None or anchored[0] > published:
                continue
            start, end = match.span(rule.span_group)
            yield _Candidate(start, end, anchored[0], anchored[1])


def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest expression first ("Friday, 20 June 2021" beats "Friday" and "20 June")."""
    kept: list[tuple[int, int]] = []
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        index = bisect.bisect_left(kept, (candidate.start, candidate.end))
        if index > 0 and kept[index - 1][1] > candidate.start:
            continue
        if index < len(kept) and kept[index][0] < candidate.end:
            continue
        kept.insert(index, (candidate.start, candidate.end))
        chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def _without_restated(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """ "On Tuesday (20 May)": the bracketed calendar date stands for the weekday."""
    restated = {
        index
        for index, (candidate, following) in enumerate(itertools.pairwise(candidates))
        # Only an opening bracket between them: the second restates the first.
        if following.precision == 1 and text[candidate.end : following.start].strip() in {"(", "["}
    }
    return [c for index, c in enumerate(candidates) if index not in restated]


def find_dates(text: str, published: dt.date) -> list[EventDate]:
    """Every past date expression in ``text``, anchored on ``published``, sorted by offset."""
    kept = _without_restated(_without_overlaps(list(_candidates(text, published))), text)
    return [
        EventDate(
            day=c.day, precision=c.precision, span=Span(c.start, c.end, text[c.start : c.end])
        )
        for c in kept
    ]


def read_ranges(doc: Document) -> list[tuple[int, int]]:
    """Character ranges of the sentences whose dates the merge stage reads: the lead,
    each sentence that can make a mention, and the two before it (a date written just
    before an event's sentences is the event's)."""
    from incidex.stages.merge import LEAD_SENTENCES
    from incidex.stages.nlp import needs_parse

    sentences = doc.sentences
    numbers = set(range(min(LEAD_SENTENCES, len(sentences))))
    for number, sentence in enumerate(sentences):
        if needs_parse(doc, number, sentence):
            numbers.update(range(max(0, number - 2), number + 1))
    ranges: list[tuple[int, int]] = []
    for number in sorted(numbers):
        start, end = sentences[number].start, sentences[number].end
        if ranges and number - 1 in numbers:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges


def _shifted(found: EventDate, by: int) -> EventDate:
    span = found.span
    if span is None:
        return found
    return replace(found, span=Span(span.start + by, span.end + by, span.text))


class DatesStage:
    """Finds the date expressions of a report (``Document.dates``) in the sentences the
    merge stage reads (a date elsewhere dates no event), which skips most of a long article."""

    name: ClassVar[str] = "dates.anchor.v1"
    requires: ClassVar[frozenset[str]] = frozenset(
        {"report", "sentences", "triggers", "casualties"}
    )
    provides: ClassVar[frozenset[str]] = frozenset({"dates"})

    def __call__(self, doc: Document) -> Document:
        # Without a publication date, "yesterday" is best read against the day we code it.
        published = doc.report.published or dt.datetime.now(dt.UTC).date()
        text = doc.report.text
        found = [
            _shifted(date, start)
            for start, end in read_ranges(doc)
            for date in find_dates(text[start:end], published)
        ]
        return replace(doc, dates=tuple(found))
