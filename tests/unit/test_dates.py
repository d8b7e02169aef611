"""Date expressions anchored on a publication day (a Wednesday, 15 March 2023)."""

from __future__ import annotations

import datetime as dt

import pytest

from incidex.records import Document, Report
from incidex.stages.dates import DatesStage, find_dates
from incidex.stages.detect import DetectStage
from incidex.stages.fatalities import FatalitiesStage
from incidex.stages.nlp import split_sentences

PUBLISHED = dt.date(2023, 3, 15)  # a Wednesday

# (text, the words found, the anchored day, ACLED time precision)
FOUND = [
    ("Fighting resumed on 2023-03-12 near the dam.", "2023-03-12", "2023-03-12", 1),
    ("Protesters met on 12 March 2023 outside the court.", "12 March 2023", "2023-03-12", 1),
    ("The convoy was hit on March 12, 2023, a spokesman said.", "March 12, 2023", "2023-03-12", 1),
    ("Shelling was reported on March 12 in the north.", "March 12", "2023-03-12", 1),
    ("Shelling was reported on 12 March in the north.", "12 March", "2023-03-12", 1),
    ("Shelling was reported on Mar. 12 in the north.", "Mar. 12", "2023-03-12", 1),
    ("A mine went off on March 20 near the river.", "March 20", "2022-03-20", 1),
    ("Rebels took the hill on the 10th of March.", "the 10th of March", "2023-03-10", 1),
    ("On the 10th, militia fighters entered the town.", "the 10th", "2023-03-10", 1),
    ("On the 20th, a bomb went off at the market.", "the 20th", "2023-02-20", 1),
    ("The leap-day raid on 29 February is still discussed.", "29 February", "2020-02-29", 1),
    ("Friday, 10 March 2023 was the worst day.", "Friday, 10 March 2023", "2023-03-10", 1),
    # A range of days is dated by its first.
    ("Fighting raged over 9 and 10 March near the dam.", "9 and 10 March", "2023-03-09", 1),
    ("The siege lasted 6-8 March, officials said.", "6-8 March", "2023-03-06", 1),
    ("The clinic log is dated 20/02/2023.", "20/02/2023", "2023-02-20", 1),
    ("The clinic log is dated 02/20/2023.", "02/20/2023", "2023-02-20", 1),
    ("The depot was looted on 09/03/2023 at dawn.", "09/03/2023", "2023-03-09", 1),
    ("A car bomb went off on 28/02, the mayor said.", "28/02", "2023-02-28", 1),
    ("Strikers marched on 02/03 to the port.", "02/03", "2023-03-02", 1),
    ("They blocked the road on the morning of 11/03.", "11/03", "2023-03-11", 1),
    # A bracketed day and month restate the weekday or word before them.
    ("On Thursday (09/03), a bus was torched.", "09/03", "2023-03-09", 1),
    ("Teachers today (2/3) marched to the ministry.", "2/3", "2023-03-02", 1),
    ("Gunmen struck the bus on Tuesday (7 March) at dusk.", "7 March", "2023-03-07", 1),
    ("Fighting eased over the weekend (11-12 March).", "11-12 March", "2023-03-11", 1),
    ("Looting went on from March 3-5 in the market.", "March 3-5", "2023-03-03", 1),
    ("Gunmen attacked a bus on Monday.", "Monday", "2023-03-13", 1),
    ("Gunmen attacked a bus on Wednesday.", "Wednesday", "2023-03-15", 1),
    ("Gunmen attacked a bus last Wednesday.", "last Wednesday", "2023-03-08", 1),
    ("Clashes broke out late on Tuesday.", "late on Tuesday", "2023-03-14", 1),
    ("Residents heard gunfire on Sunday night.", "Sunday night", "2023-03-12", 1),
    ("Thursday's raid left the market empty.", "Thursday", "2023-03-09", 1),
    ("the crowd gathered on saturday near the mosque", "saturday", "2023-03-11", 1),
    ("Police dispersed the crowd today.", "today", "2023-03-15", 1),
    ("A drone struck the depot this morning.", "this morning", "2023-03-15", 1),
    ("A curfew starts tonight in the old town.", "tonight", "2023-03-15", 1),
    ("Two blasts were heard earlier today.", "earlier today", "2023-03-15", 1),
    ("Three raids took place in the past few hours.", "in the past few hours", "2023-03-15", 1),
    ("Five attacks happened in the last 24 hours.", "in the last 24 hours", "2023-03-15", 1),
    ("Troops shelled the village yesterday.", "yesterday", "2023-03-14", 1),
    ("A checkpoint was attacked overnight.", "overnight", "2023-03-14", 1),
    ("Militants stormed the post last night.", "last night", "2023-03-14", 1),
    ("It began the day before yesterday.", "the day before yesterday", "2023-03-13", 1),
    ("The bridge was blown up two days ago.", "two days ago", "2023-03-13", 1),
    ("The first arrests came three days earlier.", "three days earlier", "2023-03-12", 1),
    ("The camp was raided a week ago.", "a week ago", "2023-03-08", 2),
    ("The camp was raided last week.", "last week", "2023-03-09", 2),
    ("The camp was raided earlier this week.", "earlier this week", "2023-03-13", 2),
    ("Looting spread over the weekend.", "over the weekend", "2023-03-11", 2),
    ("Tension has grown in recent days.", "in recent days", "2023-03-12", 2),
    ("Mid-February saw heavy rain and fighting.", "Mid-February", "2023-02-15", 2),
    ("The strikes began earlier this month.", "earlier this month", "2023-03-07", 3),
    ("The strikes began early this month.", "early this month", "2023-03-05", 3),
    ("Prices rose this month.", "this month", "2023-03-08", 3),
    ("The offensive stalled last month.", "last month", "2023-02-14", 3),
    ("The offensive stalled late last month.", "late last month", "2023-02-24", 3),
    ("Aid stopped in January after the raid.", "in January", "2023-01-16", 3),
    ("The dam was seized in June by rebels.", "in June", "2022-06-15", 3),
    ("The siege ended in early February.", "in early February", "2023-02-05", 3),
    ("The siege ended in late February.", "in late February", "2023-02-24", 3),
    ("Fuel ran out in March across the region.", "in March", "2023-03-08", 3),
    ("Riots broke out in May 2021 in the capital.", "in May 2021", "2021-05-16", 3),
    ("The siege lasted from last June.", "last June", "2022-06-15", 3),
]

# Texts that name no past day, week or month.
NOT_FOUND = [
    "The 25-year-old was released on bail.",
    "The meeting is at 10 a.m. at the hall.",
    "Violence has risen since June.",
    "The ceasefire holds until Friday.",
    "Talks resume next Monday in the capital.",
    "Markets close every Friday.",
    "The Sunday Times reported the figures.",
    "Officials say it may rain and the roads may close.",
    "They march through town every year.",
    "The war began in 2014.",
    "A hearing is set for 20 April 2023.",
    "The 3rd brigade moved to the front.",
    "The memo is dated 05/06/2023.",
    "Turnout was 3/4 higher on 3/4 of the polling days.",
    "Power returns on 1/12 of the grid.",
    "The code 2023-13-45 is not a date.",
    "Nothing happened.",
    "",
]


@pytest.mark.parametrize(("text", "words", "day", "precision"), FOUND)
def test_finds_one_anchored_date(text: str, words: str, day: str, precision: int) -> None:
    found = find_dates(text, PUBLISHED)
    assert [(d.span.text if d.span else None, d.day.isoformat(), d.precision) for d in found] == [
        (words, day, precision)
    ]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_finds_nothing(text: str) -> None:
    assert find_dates(text, PUBLISHED) == []


def test_spans_point_into_the_text_and_are_sorted() -> None:
    text = "Troops withdrew yesterday after the raid on Monday and a clash on 2 March."
    found = find_dates(text, PUBLISHED)
    assert [d.span.text for d in found if d.span] == ["yesterday", "Monday", "2 March"]
    for date in found:
        assert date.span is not None
        assert text[date.span.start : date.span.end] == date.span.text


def split_doc(report: Report) -> Document:
    """The document as the dates stage gets it: sentences, triggers and counts found."""
    doc = Document(report=report, sentences=split_sentences(report.text))
    return FatalitiesStage()(DetectStage()(doc))


def test_stage_uses_the_publication_day() -> None:
    report = Report("r1", "Shops were burned on Monday.", "hash", "test", published=PUBLISHED)
    doc = DatesStage()(split_doc(report))
    assert [(d.day, d.precision) for d in doc.dates] == [(dt.date(2023, 3, 13), 1)]


def test_stage_without_publication_day_uses_today() -> None:
    report = Report("r1", "Shops were burned today.", "hash", "test")
    doc = DatesStage()(split_doc(report))
    assert [d.day for d in doc.dates] == [dt.datetime.now(dt.UTC).date()]


# Six sentences: four of lead, the event, then a sentence with a date of its own.
LONG = (
    "Curfew in the north. Markets were quiet in May 2019. Schools closed on 2 March. "
    "On Friday the council met. Gunmen killed two guards at the depot. "
    "A memorial is planned for 9 June."
)


def test_stage_reads_dates_where_the_merge_stage_looks() -> None:
    """The lead (four sentences), each sentence that can make a mention and the two
    before it; a date in any other sentence dates no event and is not looked for."""
    report = Report("r1", LONG, "hash", "test", published=PUBLISHED)
    doc = DatesStage()(split_doc(report))
    assert [d.span.text for d in doc.dates if d.span] == ["in May 2019", "2 March", "Friday"]
    assert all(LONG[d.span.start : d.span.end] == d.span.text for d in doc.dates if d.span)


def test_stage_declares_its_contract() -> None:
    assert DatesStage.name == "dates.anchor.v1"
    assert DatesStage.requires == frozenset({"report", "sentences", "triggers", "casualties"})
    assert DatesStage.provides == frozenset({"dates"})
