"""Acceptance: five reports of one drone strike merge; the near misses stay apart (real pipeline)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from hypothesis import given, settings
from hypothesis import strategies as st

from incidex.incidents import Publication, merge_events
from incidex.records import Document
from incidex.store import open_store

if TYPE_CHECKING:  # the fixture's type, from this folder's conftest
    from conftest import CodedIncidents


def publications(docs: tuple[Document, ...]) -> dict[str, Publication]:
    return {
        d.report.report_id: Publication(d.report.report_id, d.report.published, d.report.outlet)
        for d in docs
    }


def expected_groups(coded: CodedIncidents) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for report_id, name in coded.expected.items():
        groups.setdefault(name, set()).add(report_id)
    return {frozenset(g) for g in groups.values()}


def test_every_report_codes_one_event(coded_incidents: CodedIncidents) -> None:
    assert {d.report.report_id: len(d.events) for d in coded_incidents.docs} == dict.fromkeys(
        coded_incidents.expected, 1
    )


def test_reports_merge_into_the_right_events(coded_incidents: CodedIncidents) -> None:
    events = [e for d in coded_incidents.docs for e in d.events]
    incidents = merge_events(events, publications(coded_incidents.docs))
    assert {frozenset(i.event.report_ids) for i in incidents} == expected_groups(coded_incidents)


def test_the_merged_strike(store_url: str, coded_incidents: CodedIncidents) -> None:
    with open_store(store_url) as store:
        for doc in coded_incidents.docs:
            store.add(doc, pipeline_version=coded_incidents.version)
        assert {frozenset(e.report_ids) for e in store.events()} == expected_groups(coded_incidents)
        [strike] = [e for e in store.events() if len(e.report_ids) == 5]
        assert strike.report_id == "strike-1-wire"  # published first
        assert strike.location == "Kafr Takharim"
        assert (strike.fatalities_low, strike.fatalities, strike.fatalities_high) == (4, 11, 11)
        assert strike.grade == "confirmed"
        assert strike.evidence == coded_incidents.docs[0].events[0].evidence
        tolls = {
            p.report_id: p.value
            for p in store.provenance(strike.event_id)
            if p.field == "fatalities"
        }
        assert tolls == {
            "strike-1-wire": 4,
            "strike-2-daily": 6,
            "strike-3-monitor": 7,
            "strike-4-radio": 9,
            "strike-5-weekly": 11,
        }
        [reason] = [p.reason for p in store.provenance(strike.event_id) if p.reason]
        assert "strike-5-weekly" in reason
        assert len(store.report_events(strike.event_id)) == 5
        others = [e for e in store.events() if len(e.report_ids) == 1]
        assert {e.grade for e in others} == {"single source"}


@settings(max_examples=8, deadline=None)
@given(st.randoms(use_true_random=False))
def test_store_merges_the_reports_the_same_in_any_order(
    coded_incidents: CodedIncidents, shuffler: random.Random
) -> None:
    docs = list(coded_incidents.docs)
    shuffler.shuffle(docs)
    events = [e for d in docs for e in d.events]
    expected = [i.event for i in merge_events(events, publications(coded_incidents.docs))]
    with open_store(":memory:") as store:
        for doc in docs:
            store.add(doc, pipeline_version=coded_incidents.version)
        assert sorted(store.events(), key=lambda e: e.event_id) == expected
