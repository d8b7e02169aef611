from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from incidex.errors import IncidexError, MissingExtraError
from incidex.records import Document, Event, Evidence, Problem, Report, Span
from incidex.store import BoundingBox, EventQuery, SQLiteStore, open_store, sqlite_path
from incidex.store.sqlite import EVENT_COLUMNS, MIGRATIONS

TEXT = "Gunmen raided a checkpoint near Gao at dawn; police said three officers died."


def span_of(words: str) -> Span:
    start = TEXT.index(words)
    return Span(start=start, end=start + len(words), text=words)


def make_report(report_id: str = "r1", **changes: object) -> Report:
    report = Report(
        report_id=report_id,
        text=TEXT,
        content_hash=f"hash-{report_id}",
        origin=f"reports/{report_id}.txt",
        title="Checkpoint raid",
        published=dt.date(2024, 5, 2),
        url=None,
        outlet="A wire service",
    )
    return dataclasses.replace(report, **changes)  # type: ignore[arg-type]


def make_event(report_id: str = "r1", number: int = 1, **changes: object) -> Event:
    event = Event(
        report_id=report_id,
        event_id=f"{report_id}-{number}",
        event_date=dt.date(2024, 5, 1),
        time_precision=1,
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Unidentified Armed Group (Mali)",
        assoc_actor_1=None,
        inter1=2,
        actor2="Police Forces of Mali",
        assoc_actor_2=None,
        inter2=1,
        interaction=12,
        civilian_targeting=None,
        country="Mali",
        iso3="MLI",
        admin1="Gao",
        admin2=None,
        admin3=None,
        location="Gao",
        latitude=16.2717,
        longitude=-0.0447,
        geo_precision=2,
        geonameid=2457163,
        fatalities=3,
        fatalities_low=3,
        fatalities_high=None,
        injured=None,
        attribution="claimed",
        sources=("police",),
        confidence=0.6,
        notes="Gunmen raided a checkpoint near Gao; three officers killed.",
        evidence=(
            Evidence("location", (span_of("near Gao"),)),
            Evidence("actor1", (span_of("Gunmen"),)),
            Evidence("event_date", ()),
            Evidence("fatalities", (span_of("three"), span_of("died"))),
        ),
    )
    return dataclasses.replace(event, **changes)  # type: ignore[arg-type]


def make_doc(report_id: str = "r1", events: int = 2, **report_changes: object) -> Document:
    return Document(
        report=make_report(report_id, **report_changes),
        events=tuple(make_event(report_id, n) for n in range(1, events + 1)),
    )


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as opened:
        yield opened


def test_events_round_trip_with_evidence(store: SQLiteStore) -> None:
    doc = make_doc()
    assert store.add(doc, pipeline_version="v1") is True
    assert list(store.events()) == list(doc.events)


def test_unknown_fields_round_trip(store: SQLiteStore) -> None:
    unknown = make_event(
        actor1=None,
        inter1=None,
        actor2=None,
        inter2=None,
        interaction=None,
        country=None,
        iso3=None,
        admin1=None,
        location=None,
        latitude=None,
        longitude=None,
        geo_precision=None,
        geonameid=None,
        fatalities=None,
        fatalities_low=None,
        attribution="unknown",
        sources=(),
        notes="",
        evidence=(),
        contested=True,
        suspected_actor1="Jihadist militants",
    )
    store.add(dataclasses.replace(make_doc(events=0), events=(unknown,)), pipeline_version="v1")
    assert list(store.events()) == [unknown]


def test_event_columns_cover_the_event_record() -> None:
    fields = {f.name for f in dataclasses.fields(Event)} - {"evidence"}
    assert set(EVENT_COLUMNS) == fields


def test_report_is_stored(store: SQLiteStore) -> None:
    doc = make_doc()
    store.add(doc, pipeline_version="v1")
    assert list(store.reports()) == [doc.report]
    assert store.has_report("hash-r1")
    assert not store.has_report("hash-other")


def test_same_doc_twice_is_stored_once(store: SQLiteStore) -> None:
    doc = make_doc()
    assert store.add(doc, pipeline_version="v1") is True
    assert store.add(doc, pipeline_version="v1") is False
    assert store.counts() == {"reports": 1, "events": 2, "problems": 0}
    assert list(store.events()) == list(doc.events)


def test_same_content_under_another_id_is_not_added(store: SQLiteStore) -> None:
    store.add(make_doc(), pipeline_version="v1")
    renamed = make_doc("r2", content_hash="hash-r1")
    assert store.add(renamed, pipeline_version="v1") is False
    assert [r.report_id for r in store.reports()] == ["r1"]


def test_new_pipeline_version_replaces_events(store: SQLiteStore) -> None:
    store.add(make_doc(events=3), pipeline_version="v1")
    recoded = make_doc(events=1)
    recoded = dataclasses.replace(
        recoded,
        events=(make_event(sub_event_type="Attack", event_type="Violence against civilians"),),
        problems=(Problem("no-date", "no date found", "reports/r1.txt", stage="dates"),),
    )
    assert store.add(recoded, pipeline_version="v2") is True
    assert list(store.events()) == list(recoded.events)
    assert store.counts() == {"reports": 1, "events": 1, "problems": 1}
    row = store._conn.execute("SELECT pipeline_version FROM reports").fetchone()
    assert row == ("v2",)
    evidence_rows = store._conn.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
    assert evidence_rows == 5  # one event's spans (and the empty date) only


def test_new_version_drops_old_problems(store: SQLiteStore) -> None:
    problem = Problem("no-actor", "no actor", "reports/r1.txt", stage="actors")
    store.add(dataclasses.replace(make_doc(), problems=(problem,)), pipeline_version="v1")
    store.add(make_doc(), pipeline_version="v2")
    assert list(store.problems()) == []


def test_changed_text_under_same_id_replaces_report(store: SQLiteStore) -> None:
    store.add(make_doc(), pipeline_version="v1")
    assert store.add(make_doc(content_hash="hash-new"), pipeline_version="v1") is True
    assert [r.content_hash for r in store.reports()] == ["hash-new"]
    assert store.counts()["events"] == 2


def test_doc_problems_are_stored_with_report_id(store: SQLiteStore) -> None:
    problem = Problem("no-place", "no place resolved", "reports/r1.txt", stage="places")
    store.add(dataclasses.replace(make_doc(), problems=(problem,)), pipeline_version="v1")
    assert list(store.problems()) == [dataclasses.replace(problem, report_id="r1")]


def test_add_problem_for_unread_input(store: SQLiteStore) -> None:
    problem = Problem("binary", "input is not text", "inbox/photo.jpg")
    store.add_problem(problem)
    assert list(store.problems()) == [problem]
    assert store.counts() == {"reports": 0, "events": 0, "problems": 1}


def test_failed_add_writes_nothing(store: SQLiteStore) -> None:
    store.add(make_doc("r1"), pipeline_version="v1")
    # r2's second event reuses an event_id that r1 already stored
    reused = dataclasses.replace(make_event("r1", 1), report_id="r2")
    clash = dataclasses.replace(make_doc("r2"), events=(make_event("r2", 1), reused))
    with pytest.raises(IncidexError, match="r1-1"):
        store.add(clash, pipeline_version="v1")
    assert store.counts() == {"reports": 1, "events": 2, "problems": 0}
    assert not store.has_report("hash-r2")


def test_events_of_another_report_are_refused(store: SQLiteStore) -> None:
    doc = dataclasses.replace(make_doc("r1"), events=(make_event("r9"),))
    with pytest.raises(ValueError, match="r9-1"):
        store.add(doc, pipeline_version="v1")


@pytest.fixture
def filled(store: SQLiteStore) -> SQLiteStore:
    store.add(
        dataclasses.replace(
            make_doc("a"),
            events=(
                make_event("a", 1, event_date=dt.date(2024, 1, 10)),
                make_event(
                    "a",
                    2,
                    event_date=dt.date(2024, 2, 1),
                    event_type="Protests",
                    sub_event_type="Peaceful protest",
                ),
            ),
        ),
        pipeline_version="v1",
    )
    store.add(
        dataclasses.replace(
            make_doc("b"),
            events=(
                make_event("b", 1, event_date=dt.date(2024, 1, 10), country="Niger", iso3="NER"),
                make_event("b", 2, event_date=dt.date(2023, 12, 31)),
            ),
        ),
        pipeline_version="v1",
    )
    return store


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["b-2", "a-1", "b-1", "a-2"]),
        ({"since": dt.date(2024, 1, 10)}, ["a-1", "b-1", "a-2"]),
        ({"until": dt.date(2024, 1, 10)}, ["b-2", "a-1", "b-1"]),
        ({"since": dt.date(2024, 1, 10), "until": dt.date(2024, 1, 10)}, ["a-1", "b-1"]),
        ({"country": "Niger"}, ["b-1"]),
        ({"country": "MLI"}, ["b-2", "a-1", "a-2"]),
        ({"event_type": "Protests"}, ["a-2"]),
        ({"sub_event_type": "Armed clash", "country": "Mali"}, ["b-2", "a-1"]),
        ({"limit": 2}, ["b-2", "a-1"]),
        ({"limit": 0}, []),
        ({"country": "Chad"}, []),
        ({"actor": "police forces"}, ["b-2", "a-1", "b-1", "a-2"]),
        ({"actor": "Taliban"}, []),
        ({"sort": "-event_date"}, ["a-2", "a-1", "b-1", "b-2"]),
        ({"sort": "-event_date", "offset": 1, "limit": 2}, ["a-1", "b-1"]),
        ({"bbox": BoundingBox(-1.0, 15.0, 1.0, 17.0)}, ["b-2", "a-1", "b-1", "a-2"]),
        ({"bbox": BoundingBox(10.0, 15.0, 11.0, 17.0)}, []),
        ({"min_fatalities": 3}, ["b-2", "a-1", "b-1", "a-2"]),
        ({"min_fatalities": 4}, []),
        ({"text": "checkpoint"}, ["b-2", "a-1", "b-1", "a-2"]),
    ],
)
def test_event_filters(
    filled: SQLiteStore, filters: dict[str, object], expected: list[str]
) -> None:
    query = EventQuery(**filters)  # type: ignore[arg-type]
    assert [e.event_id for e in filled.events(query)] == expected
    assert filled.count_events(query) == len(expected) or "limit" in filters


def test_filter_values_are_not_sql(filled: SQLiteStore) -> None:
    assert list(filled.events(EventQuery(country="Mali' OR '1'='1"))) == []
    assert list(filled.events(EventQuery(actor="%"))) == []
    assert list(filled.events(EventQuery(text="x' OR 1=1 --"))) == []
    assert filled.counts()["events"] == 4


def test_many_events_keep_their_own_evidence(store: SQLiteStore) -> None:
    # more events than one fetch batch, each with evidence naming its own number
    events = tuple(
        make_event("r1", n, evidence=(Evidence("notes", (Span(n, n + 1, str(n)),)),))
        for n in range(1, 1201)
    )
    store.add(dataclasses.replace(make_doc(events=0), events=events), pipeline_version="v1")
    stored = {e.event_id: e for e in store.events()}
    assert len(stored) == 1200
    assert all(stored[e.event_id] == e for e in events)


def test_file_store_persists_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with SQLiteStore(path) as store:
        store.add(make_doc(), pipeline_version="v1")
        assert store.schema_version == len(MIGRATIONS) == 2
        mode = store._conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
        assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with SQLiteStore(path) as reopened:
        assert reopened.counts() == {"reports": 1, "events": 2, "problems": 0}
        assert list(reopened.events()) == list(make_doc().events)


def test_two_connections_share_one_file(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with SQLiteStore(path) as first, SQLiteStore(path) as second:
        assert first.add(make_doc(), pipeline_version="v1") is True
        assert second.add(make_doc(), pipeline_version="v1") is False
        assert second.has_report("hash-r1")
        assert first.add(make_doc("r2"), pipeline_version="v1") is True
        assert second.counts() == {"reports": 2, "events": 4, "problems": 0}


def test_indexes_exist(store: SQLiteStore) -> None:
    rows = store._conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    names = {name for (name,) in rows}
    assert {"events_event_date", "events_country", "events_sub_event_type"} <= names


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(IncidexError, match="99"):
        SQLiteStore(path)


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just some notes, not a database " * 100)
    with pytest.raises(IncidexError, match=r"notes\.db"):
        SQLiteStore(path)


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IncidexError, match="cannot open"):
        SQLiteStore(tmp_path / "no" / "such" / "events.db")


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("events.db", "events.db"),
        ("data/events.db", "data/events.db"),
        ("sqlite:///events.db", "events.db"),
        ("sqlite:////srv/events.db", "/srv/events.db"),
        (":memory:", ":memory:"),
        ("sqlite:///:memory:", ":memory:"),
    ],
)
def test_sqlite_path(url: str, path: str) -> None:
    assert sqlite_path(url) == path


@pytest.mark.parametrize("url", ["sqlite:///", "mysql://host/db", "s3://bucket/events.db"])
def test_sqlite_path_rejects(url: str) -> None:
    with pytest.raises(IncidexError, match="store URL"):
        sqlite_path(url)


def test_open_store_forms(tmp_path: Path) -> None:
    for url in (tmp_path / "a.db", str(tmp_path / "b.db"), f"sqlite:///{tmp_path / 'c.db'}"):
        with open_store(url) as store:
            assert isinstance(store, SQLiteStore)
            store.add(make_doc(), pipeline_version="v1")
    assert {p.name for p in tmp_path.glob("*.db")} == {"a.db", "b.db", "c.db"}


@pytest.mark.parametrize("url", ["postgresql://me:secret@db/incidex", "postgres://db/incidex"])
def test_open_store_postgres_not_yet(url: str) -> None:
    with pytest.raises(MissingExtraError, match="PostgreSQL") as caught:
        open_store(url)
    assert "secret" not in str(caught.value)
