from __future__ import annotations

import dataclasses
import datetime as dt
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from factories import make_doc, make_event, make_report
from incidex.errors import IncidexError
from incidex.incidents import MergeSettings, merged_event_id
from incidex.records import Document, Event, Evidence, Problem, Span
from incidex.store import BoundingBox, EventQuery, SQLiteStore, Store, open_store, sqlite_path
from incidex.store.sqlite import EVENT_COLUMNS, MIGRATIONS


def as_merged(event: Event) -> Event:
    """What the store returns for a report event that merged with nothing."""
    return dataclasses.replace(
        event,
        event_id=merged_event_id([event.event_id]),
        report_ids=(event.report_id,),
        grade="single source",
    )


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


def test_events_round_trip_with_evidence(store: Store) -> None:
    doc = make_doc("r1", events=1)
    assert store.add(doc, pipeline_version="v1") is True
    assert list(store.events()) == [as_merged(doc.events[0])]
    assert store.report_events(as_merged(doc.events[0]).event_id) == list(doc.events)


def test_unknown_fields_round_trip(store: Store) -> None:
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
    assert list(store.events()) == [as_merged(unknown)]
    assert store.report_events(as_merged(unknown).event_id) == [unknown]


def test_event_columns_cover_the_event_record() -> None:
    fields = {f.name for f in dataclasses.fields(Event)} - {"evidence"}
    assert set(EVENT_COLUMNS) == fields


def test_report_is_stored(store: Store) -> None:
    doc = make_doc()
    store.add(doc, pipeline_version="v1")
    assert list(store.reports()) == [doc.report]
    assert store.report("r1") == doc.report
    assert store.report("r9") is None
    assert store.has_report("hash-r1")
    assert not store.has_report("hash-other")


def test_same_doc_twice_is_stored_once(store: Store) -> None:
    doc = make_doc()
    assert store.add(doc, pipeline_version="v1") is True
    first = list(store.events())
    assert store.add(doc, pipeline_version="v1") is False
    assert store.counts() == {"reports": 1, "events": 2, "merged_events": 2, "problems": 0}
    assert list(store.events()) == first


def test_same_content_under_another_id_is_not_added(store: Store) -> None:
    store.add(make_doc(), pipeline_version="v1")
    renamed = make_doc("r2", content_hash="hash-r1")
    assert store.add(renamed, pipeline_version="v1") is False
    assert [r.report_id for r in store.reports()] == ["r1"]


def test_new_pipeline_version_replaces_events_and_keeps_history(store: Store) -> None:
    old = make_doc(events=3)
    store.add(old, pipeline_version="v1")
    recoded = dataclasses.replace(
        make_doc(events=0),
        events=(make_event(sub_event_type="Attack", event_type="Violence against civilians"),),
        problems=(Problem("no-date", "no date found", "reports/r1.txt", stage="dates"),),
    )
    assert store.add(recoded, pipeline_version="v2") is True
    assert list(store.events()) == [as_merged(recoded.events[0])]
    assert store.counts() == {"reports": 1, "events": 1, "merged_events": 1, "problems": 1}
    history = store.history("r1")
    assert [(c.pipeline_version, c.current) for c in history] == [("v1", False), ("v2", True)]
    assert history[0].events == old.events
    assert history[1].events == recoded.events
    assert history[1].problems == (dataclasses.replace(recoded.problems[0], report_id="r1"),)


def test_new_version_drops_old_problems(store: Store) -> None:
    problem = Problem("no-actor", "no actor", "reports/r1.txt", stage="actors")
    store.add(dataclasses.replace(make_doc(), problems=(problem,)), pipeline_version="v1")
    assert store.retry() == ["reports/r1.txt"]
    store.add(make_doc(), pipeline_version="v2")
    assert list(store.problems()) == []
    assert store.retry() == []


def test_report_with_problems_is_coded_again(store: Store) -> None:
    problem = Problem("no-date", "no date", "reports/r1.txt", stage="dates")
    with_problem = dataclasses.replace(make_doc(events=0), problems=(problem,))
    assert store.add(with_problem, pipeline_version="v1") is True
    assert store.add(make_doc(), pipeline_version="v1") is True  # the retry succeeded
    assert store.add(make_doc(), pipeline_version="v1") is False
    assert store.retry() == []


def test_unread_input_is_retried_until_coded(store: Store) -> None:
    store.add_problem(Problem("empty", "no text", "reports/r1.txt", stage="extract"))
    assert store.retry() == ["reports/r1.txt"]
    store.add(make_doc(), pipeline_version="v1")
    assert store.retry() == []


def test_changed_text_under_same_id_replaces_report(store: Store) -> None:
    store.add(make_doc(), pipeline_version="v1")
    assert store.add(make_doc(content_hash="hash-new"), pipeline_version="v1") is True
    assert [r.content_hash for r in store.reports()] == ["hash-new"]
    assert store.counts()["events"] == 2


def test_doc_problems_are_stored_with_report_id(store: Store) -> None:
    problem = Problem("no-place", "no place resolved", "reports/r1.txt", stage="places")
    store.add(dataclasses.replace(make_doc(), problems=(problem,)), pipeline_version="v1")
    assert list(store.problems()) == [dataclasses.replace(problem, report_id="r1")]


def test_add_problem_for_unread_input(store: Store) -> None:
    problem = Problem("binary", "input is not text", "inbox/photo.jpg")
    store.add_problem(problem)
    assert list(store.problems()) == [problem]
    assert store.counts() == {"reports": 0, "events": 0, "merged_events": 0, "problems": 1}


def test_failed_add_writes_nothing(store: Store) -> None:
    store.add(make_doc("r1"), pipeline_version="v1")
    # r2's second event reuses an event_id that r1 already stored
    reused = dataclasses.replace(make_event("r1", 1), report_id="r2")
    clash = dataclasses.replace(make_doc("r2"), events=(make_event("r2", 1), reused))
    with pytest.raises(IncidexError, match="r1-1"):
        store.add(clash, pipeline_version="v1")
    assert store.counts() == {"reports": 1, "events": 2, "merged_events": 2, "problems": 0}
    assert not store.has_report("hash-r2")
    assert store.add(make_doc("r3"), pipeline_version="v1")  # the store still works


def test_events_of_another_report_are_refused(store: Store) -> None:
    doc = dataclasses.replace(make_doc("r1"), events=(make_event("r9"),))
    with pytest.raises(ValueError, match="r9-1"):
        store.add(doc, pipeline_version="v1")


# -- merging in the store -----------------------------------------------------------


def one_event_doc(report_id: str, published: dt.date, outlet: str, **changes: object) -> Document:
    return Document(
        report=make_report(report_id, published=published, outlet=outlet),
        events=(make_event(report_id, 1, **changes),),
    )


def test_reports_of_one_event_merge(store: Store) -> None:
    store.add(
        one_event_doc("r1", dt.date(2024, 5, 1), "Wire A", fatalities=3), pipeline_version="v1"
    )
    store.add(
        one_event_doc("r2", dt.date(2024, 5, 3), "Paper B", fatalities=5), pipeline_version="v1"
    )
    [merged] = store.events()
    assert merged.event_id == merged_event_id(["r1-1", "r2-1"])
    assert merged.report_ids == ("r1", "r2")
    assert merged.report_id == "r1"  # the earliest published leads
    assert (merged.fatalities, merged.fatalities_low, merged.fatalities_high) == (5, 3, 5)
    assert merged.grade == "fair"
    assert merged.evidence == make_event("r1").evidence
    assert [e.event_id for e in store.report_events(merged.event_id)] == ["r1-1", "r2-1"]
    tolls = [
        (p.report_id, p.value, bool(p.reason))
        for p in store.provenance(merged.event_id)
        if p.field == "fatalities"
    ]
    assert tolls == [("r1", 3, False), ("r2", 5, True)]
    assert store.event("r2-1") == merged  # a report event's id finds its merged event
    assert store.count_events() == 1


def test_three_outlets_confirm(store: Store) -> None:
    for n, outlet in enumerate(("Wire A", "Paper B", "Radio C"), start=1):
        store.add(one_event_doc(f"r{n}", dt.date(2024, 5, n), outlet), pipeline_version="v1")
    assert [e.grade for e in store.events()] == ["confirmed"]
    assert store.count_events(EventQuery(grade="confirmed")) == 1


def test_other_day_and_place_stay_apart(store: Store) -> None:
    store.add(one_event_doc("r1", dt.date(2024, 5, 1), "Wire A"), pipeline_version="v1")
    store.add(
        one_event_doc("r2", dt.date(2024, 5, 9), "Paper B", event_date=dt.date(2024, 5, 8)),
        pipeline_version="v1",
    )
    store.add(
        one_event_doc(
            "r3", dt.date(2024, 5, 1), "Radio C", latitude=17.5, longitude=1.5, location="Elsewhere"
        ),
        pipeline_version="v1",
    )
    assert store.count_events() == 3
    assert {e.grade for e in store.events()} == {"single source"}


def test_recoding_a_report_splits_its_merged_event(store: Store) -> None:
    store.add(one_event_doc("r1", dt.date(2024, 5, 1), "Wire A"), pipeline_version="v1")
    store.add(one_event_doc("r2", dt.date(2024, 5, 2), "Paper B"), pipeline_version="v1")
    assert store.count_events() == 1
    moved = one_event_doc("r2", dt.date(2024, 5, 2), "Paper B", event_date=dt.date(2024, 3, 1))
    store.add(moved, pipeline_version="v2")
    assert sorted(e.report_ids for e in store.events()) == [("r1",), ("r2",)]


def test_remerge_is_reversible(store: Store) -> None:
    for n, outlet in enumerate(("Wire A", "Paper B"), start=1):
        store.add(one_event_doc(f"r{n}", dt.date(2024, 5, n), outlet), pipeline_version="v1")
    merged = list(store.events())
    assert store.remerge(MergeSettings(km=0.0, min_score=100.0)) == 2
    assert store.count_events() == 2
    store.add(one_event_doc("r3", dt.date(2024, 5, 3), "Radio C"), pipeline_version="v1")
    assert store.count_events() == 3  # later adds use the stored settings
    assert store.remerge(MergeSettings()) == 1
    store.add(one_event_doc("r3", dt.date(2024, 5, 3), "Radio C", notes="x"), pipeline_version="v2")
    store.remerge()
    assert store.count_events() == 1
    assert len(merged) == 1


def test_incremental_merge_matches_full_remerge(store: Store) -> None:
    days = [1, 2, 1, 5, 6, 1, 9]
    for n, day in enumerate(days, start=1):
        store.add(
            one_event_doc(
                f"r{n}",
                dt.date(2024, 5, day),
                f"Outlet {n % 3}",
                event_date=dt.date(2024, 5, day),
                fatalities=n,
            ),
            pipeline_version="v1",
        )
    incremental = list(store.events())
    store.remerge()
    assert list(store.events()) == incremental


@pytest.fixture
def filled(store: Store) -> Store:
    """Four report events in three merged events: a-1 and b-1 are one event (Mali, Niger)."""
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
            make_doc("b", published=dt.date(2024, 5, 3), outlet="A radio station"),
            events=(
                make_event("b", 1, event_date=dt.date(2024, 1, 10), country="Niger", iso3="NER"),
                make_event("b", 2, event_date=dt.date(2023, 12, 31)),
            ),
        ),
        pipeline_version="v1",
    )
    return store


AB = merged_event_id(["a-1", "b-1"])
A2 = merged_event_id(["a-2"])
B2 = merged_event_id(["b-2"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [B2, AB, A2]),
        ({"since": dt.date(2024, 1, 10)}, [AB, A2]),
        ({"until": dt.date(2024, 1, 10)}, [B2, AB]),
        ({"since": dt.date(2024, 1, 10), "until": dt.date(2024, 1, 10)}, [AB]),
        ({"country": "Niger"}, []),  # the lead report (a) says Mali
        ({"country": "MLI"}, [B2, AB, A2]),
        ({"event_type": "Protests"}, [A2]),
        ({"sub_event_type": "Armed clash", "country": "Mali"}, [B2, AB]),
        ({"limit": 2}, [B2, AB]),
        ({"limit": 0}, []),
        ({"country": "Chad"}, []),
        ({"actor": "police forces"}, [B2, AB, A2]),
        ({"actor": "Taliban"}, []),
        ({"sort": "-event_date"}, [A2, AB, B2]),
        ({"sort": "-event_date", "offset": 1, "limit": 2}, [AB, B2]),
        ({"sort": "event_id"}, sorted([B2, AB, A2])),
        ({"bbox": BoundingBox(-1.0, 15.0, 1.0, 17.0)}, [B2, AB, A2]),
        ({"bbox": BoundingBox(10.0, 15.0, 11.0, 17.0)}, []),
        ({"min_fatalities": 3}, [B2, AB, A2]),
        ({"min_fatalities": 4}, []),
        ({"text": "checkpoint"}, [B2, AB, A2]),
        ({"text": "checkpoints raided"}, [B2, AB, A2]),  # stemmed words, any order
        ({"text": "ambush"}, []),
        ({"grade": "fair"}, [AB]),
        ({"grade": "single source"}, [B2, A2]),
    ],
)
def test_event_filters(filled: Store, filters: dict[str, object], expected: list[str]) -> None:
    query = EventQuery(**filters)  # type: ignore[arg-type]
    assert [e.event_id for e in filled.events(query)] == expected
    assert filled.count_events(query) == len(expected) or "limit" in filters


def test_daily_counts_are_counted_by_the_database(filled: Store) -> None:
    # Three merged events of three fatalities each, on three days.
    assert filled.daily_counts() == [
        (dt.date(2023, 12, 31), 1, 3),
        (dt.date(2024, 1, 10), 1, 3),
        (dt.date(2024, 2, 1), 1, 3),
    ]
    assert filled.daily_counts(EventQuery(event_type="Protests")) == [(dt.date(2024, 2, 1), 1, 3)]
    assert filled.daily_counts(EventQuery(country="Chad")) == []


def test_value_counts_most_frequent_first(filled: Store) -> None:
    assert filled.value_counts("event_type") == [("Battles", 2), ("Protests", 1)]
    assert filled.value_counts("sub_event_type", EventQuery(event_type="Battles")) == [
        ("Armed clash", 2)
    ]
    assert filled.value_counts("admin1", EventQuery(country="Chad")) == []
    with pytest.raises(ValueError, match="cannot count"):
        filled.value_counts("notes; DROP TABLE events")  # type: ignore[arg-type]


def test_filter_values_are_not_sql(filled: Store) -> None:
    assert list(filled.events(EventQuery(country="Mali' OR '1'='1"))) == []
    assert list(filled.events(EventQuery(actor="%"))) == []
    assert list(filled.events(EventQuery(text="x' OR 1=1 --"))) == []
    assert list(filled.events(EventQuery(text='checkpoint" NEAR('))) == list(
        filled.events(EventQuery(text="checkpoint near"))
    )
    assert filled.counts()["events"] == 4


def test_many_events_keep_their_own_evidence(store: Store) -> None:
    # more events than one fetch batch, each with evidence naming its own number, on
    # days far apart so that none merge
    events = tuple(
        make_event(
            "r1",
            n,
            event_date=dt.date(2000, 1, 1) + dt.timedelta(days=3 * n),
            evidence=(Evidence("notes", (Span(n, n + 1, str(n)),)),),
        )
        for n in range(1, 1201)
    )
    store.add(dataclasses.replace(make_doc(events=0), events=events), pipeline_version="v1")
    stored = {e.event_id: e for e in store.events()}
    assert len(stored) == 1200
    assert all(stored[as_merged(e).event_id] == as_merged(e) for e in events)


def test_file_store_persists_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with SQLiteStore(path) as store:
        store.add(make_doc(), pipeline_version="v1")
        assert store.schema_version == len(MIGRATIONS) == 3
        mode = store._conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
        assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with SQLiteStore(path) as reopened:
        assert reopened.counts() == {"reports": 1, "events": 2, "merged_events": 2, "problems": 0}
        assert list(reopened.events()) == [as_merged(e) for e in make_doc().events]


def test_version_2_store_is_migrated_and_merged(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        for statements in MIGRATIONS[:2]:
            for statement in statements:
                conn.execute(statement)
        conn.execute("PRAGMA user_version = 2")
        conn.execute(
            "INSERT INTO reports VALUES ('r1', 'h1', 'r1.txt', NULL, '2024-05-02', NULL, "
            "'Wire', 'A raid on a checkpoint.', 'v1', '2024-05-02T00:00:00+00:00')"
        )
        conn.execute(
            "INSERT INTO events (event_id, report_id, event_date, time_precision, disorder_type, "
            "event_type, sub_event_type, attribution, sources, confidence, notes, contested) "
            "VALUES ('r1-1', 'r1', '2024-05-01', 1, 'Political violence', 'Battles', "
            "'Armed clash', 'unknown', '[]', 0.5, 'A raid.', 0)"
        )
    with SQLiteStore(path) as store:
        assert store.schema_version == 3
        [event] = store.events(EventQuery(text="checkpoint"))
        assert event.report_ids == ("r1",)


def test_two_connections_share_one_file(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with SQLiteStore(path) as first, SQLiteStore(path) as second:
        assert first.add(make_doc(), pipeline_version="v1") is True
        assert second.add(make_doc(), pipeline_version="v1") is False
        assert second.has_report("hash-r1")
        assert first.add(make_doc("r2"), pipeline_version="v1") is True
        assert second.counts()["reports"] == 2


def test_indexes_exist() -> None:
    with SQLiteStore(":memory:") as store:
        rows = store._conn.execute("SELECT name FROM sqlite_master").fetchall()
    names = {name for (name,) in rows}
    assert {"events_event_date", "merged_events_event_date", "merged_rtree", "reports_fts"} <= names


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


def test_open_store_postgres_error_hides_password() -> None:
    pytest.importorskip("psycopg")
    url = "postgresql://me:secret@127.0.0.1:1/incidex?connect_timeout=1"
    with pytest.raises(IncidexError, match="PostgreSQL") as caught:
        open_store(url)
    assert "secret" not in str(caught.value)


def test_bulk_add_merges_like_single_adds(store: Store, tmp_path: Path) -> None:
    docs = [
        one_event_doc(f"r{n}", dt.date(2024, 5, 1 + n % 3), f"Outlet {n % 3}", fatalities=n)
        for n in range(1, 8)
    ]
    assert store.add_many([*docs, docs[0]], pipeline_version="v1") == 7
    with SQLiteStore(tmp_path / "one-by-one.db") as single:
        for doc in docs:
            single.add(doc, pipeline_version="v1")
        assert list(store.events()) == list(single.events())


def test_has_origin(store: Store) -> None:
    store.add(make_doc(), pipeline_version="v1")
    store.add_problem(Problem("binary", "not text", "inbox/photo.jpg"))
    assert store.has_origin("reports/r1.txt")
    assert store.has_origin("inbox/photo.jpg")
    assert not store.has_origin("reports/r2.txt")


def test_remerge_command(tmp_path: Path) -> None:
    from incidex.serve.cli import main

    path = tmp_path / "events.db"
    with SQLiteStore(path) as store:
        for n, outlet in enumerate(("Wire A", "Paper B"), start=1):
            day = dt.date(2024, 5, n)
            store.add(one_event_doc(f"r{n}", day, outlet, event_date=day), pipeline_version="v1")
        assert store.count_events() == 1  # a day apart, same place
    out, err = io.StringIO(), io.StringIO()
    assert main(["remerge", "--db", str(path), "--days", "0"], out, err) == 0
    assert "2 reports merged into 2 events" in err.getvalue()
    assert main(["remerge", "--db", str(path), "--days", "-1"], out, err) == 2
    assert main(["remerge", "--db", str(path)], out, io.StringIO()) == 0
    with SQLiteStore(path) as store:
        assert store.count_events() == 2  # the stored settings (days=0) were kept
