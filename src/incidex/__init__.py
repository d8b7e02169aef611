"""incidex: news reports about political violence in, coded and geolocated events out.

>>> import incidex
>>> events = incidex.code(html_or_text, published="2021-05-04")
"""

from __future__ import annotations

import datetime as dt

from incidex.errors import IncidexError, MissingExtraError, ReportError
from incidex.pipeline import Pipeline, default_pipeline
from incidex.records import Document, Event, Problem, RawReport, Report

__all__ = [
    "Document",
    "Event",
    "IncidexError",
    "MissingExtraError",
    "Pipeline",
    "Problem",
    "RawReport",
    "Report",
    "ReportError",
    "code",
    "code_document",
    "parse_published",
]
__version__ = "0.1.0"


def parse_published(value: dt.date | dt.datetime | str | None) -> dt.date | None:
    """A publication date from a date, a datetime (taken in UTC) or an ISO string."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError as e:
            raise ReportError("bad-date", f"not an ISO date or datetime: {value!r}") from e
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.date()


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().casefold()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>"))


def code_document(
    text_or_html: str,
    *,
    published: dt.date | dt.datetime | str | None = None,
    url: str | None = None,
    title: str | None = None,
    report_id: str | None = None,
) -> Document:
    """Code one report and return everything the pipeline found; raises ``ReportError``."""
    raw = RawReport(
        origin="<api>",
        content=text_or_html,
        kind="html" if looks_like_html(text_or_html) else "text",
        report_id=report_id,
        published=parse_published(published),
        url=url,
        title=title,
    )
    result = default_pipeline(on_error="raise").run(raw)
    assert isinstance(result, Document)  # on_error="raise" never returns a Problem
    return result


def code(
    text_or_html: str,
    *,
    published: dt.date | dt.datetime | str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> list[Event]:
    """Code one report (plain text or an HTML page) into events, most salient first."""
    return list(code_document(text_or_html, published=published, url=url, title=title).events)
