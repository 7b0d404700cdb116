"""AllegationService over a real encrypted store: the list per officer, add / update / remove / renumber
round trips, the Standards limited to 1–10, removals put back exactly (with their findings and evidence
links), bad input refused with one line and nothing written, and `verify` clean after every write."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from panelapp.domain.allegation_records import AllegationDetails, standards, standards_label
from panelapp.domain.changes import Area
from panelapp.domain.errors import BadInputError
from panelapp.domain.vocabulary import FindingLevel, Regime, RuleQuestion
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db

TODAY = date(2025, 6, 20)
L = FindingLevel


@pytest.fixture
def services(demo_store: Path) -> Iterator[PanelServices]:
    with PanelServices.open(demo_store, PASSPHRASE) as s:
        s.allegations.today = lambda: TODAY
        yield s


@pytest.fixture
def officer_id(services: PanelServices) -> int:
    [officer] = services.people.officers(services.case_id("DEMO-001"))
    # the demo decision is final, which makes its allegations read-only: reopen it to edit them
    services.decisions.reopen(officer.id, "Editing the allegations in a test")
    return officer.id


def _audit_count(services: PanelServices) -> int:
    with services.store.session() as s:
        return int(s.scalar(text("SELECT count(*) FROM audit_log")))


def _details(**kw: object) -> AllegationDetails:
    base = AllegationDetails("Failed to record the stop and search.", (6,), L.MISCONDUCT, date(2025, 6, 1))
    return dataclasses.replace(base, **kw)  # type: ignore[arg-type]


def test_the_ten_standards_have_titles_and_descriptions() -> None:
    ten = standards()
    assert [s.number for s in ten] == list(range(1, 11))
    assert ten[3].title == "Use of Force" and "necessary, proportionate and reasonable" in ten[3].description
    assert all(s.description for s in ten)
    assert standards_label([4, 6]) == "4 Use of Force; 6 Duties and Responsibilities"


def test_demo_allegations_per_officer(services, officer_id) -> None:
    got = services.allegations.for_officer(officer_id)
    assert [(a.number, a.details.standards, a.details.alleged_level) for a in got] == [
        (1, (4,), L.GROSS_MISCONDUCT), (2, (2,), L.MISCONDUCT), (3, (6,), L.MISCONDUCT)]
    first = got[0]
    assert first.details.came_to_attention_on == date(2024, 9, 15)
    assert first.details.incident == "Quayside Road arrest, 14 Sep 2024"
    assert first.has_finding and first.evidence_links == 6  # 3 statements, custody record, BWV-1, CCTV
    assert services.allegations.for_case(services.case_id("DEMO-001")) == got


def test_three_allegations_round_trip_and_verify(services, officer_id) -> None:
    case_id = services.case_id("DEMO-001")
    ids = []
    for standards_, level in (((9, 1), L.GROSS_MISCONDUCT), ((2,), L.MISCONDUCT), ((), L.MISCONDUCT)):
        changes = services.allegations.add(officer_id, _details(standards=standards_, alleged_level=level,
                                                                 incident="  Station, 1 Jun 2025 "))
        assert changes.case_id == case_id and changes.touches(Area.ALLEGATIONS, Area.CASE)
        ids.append(changes.value)
    got = {a.id: a for a in services.allegations.for_officer(officer_id)}
    assert [got[i].number for i in ids] == [4, 5, 6]
    assert got[ids[0]].details.standards == (1, 9), "kept in order"
    assert got[ids[0]].details.incident == "Station, 1 Jun 2025"
    assert not got[ids[0]].has_finding and got[ids[0]].evidence_links == 0
    assert services.verify().ok

    services.allegations.update(ids[2], _details(particulars="Amended\nparticulars.", standards=(10,),
                                                 incident=""))
    updated = {a.id: a for a in services.allegations.for_officer(officer_id)}[ids[2]]
    assert updated.details.particulars == "Amended\nparticulars." and updated.details.standards == (10,)
    assert updated.details.incident is None and updated.first_line == "Amended"
    assert services.verify().ok


def test_an_allegation_after_28_may_2025_changes_the_outcome_rules(services, officer_id) -> None:
    """The dates decide the rule set (SI 2025/558 reg 64(1)): mixing them leaves outcomes undecided."""
    services.allegations.add(officer_id, _details(came_to_attention_on=date(2025, 6, 2)))
    outcomes = {v.question: v for v in services.rule_sets("DEMO-001")}[RuleQuestion.OUTCOMES]
    assert outcomes.rule_set is None and "different outcome rules" in outcomes.why
    assert {v.question: v for v in services.rule_sets("DEMO-001")}[RuleQuestion.PANEL].rule_set is Regime.R2024


@pytest.mark.parametrize(("details", "message"), [
    (_details(standards=(11,)), "Standards: 11 is not one of the Standards 1–10"),
    (_details(standards=(0,)), "Standards: 0 is not one of the Standards 1–10"),
    (_details(standards=(4, 4)), "Standards: a Standard is listed twice"),
    (_details(particulars="   "), "Particulars: are required"),
    (_details(alleged_level=L.PRACTICE_REQUIRING_IMPROVEMENT), "Alleged level: must be misconduct or gross misconduct"),
    (_details(came_to_attention_on=date(2025, 7, 1)), "Came to attention on: 01 Jul 2025 is in the future"),
    (_details(related_to_earlier_on=date(2025, 6, 5)),
     "Earlier related allegation: is after this allegation came to attention"),
    (_details(incident="x" * 101), "Incident: is longer than 100 characters (this has 101)"),
])
def test_bad_input_is_refused_with_one_line_and_nothing_written(services, officer_id, details, message) -> None:
    before, listed = _audit_count(services), services.allegations.for_officer(officer_id)
    with pytest.raises(BadInputError) as caught:
        services.allegations.add(officer_id, details)
    assert str(caught.value) == message
    with pytest.raises(BadInputError):
        services.allegations.update(listed[0].id, details)
    assert _audit_count(services) == before and services.allegations.for_officer(officer_id) == listed


def test_removal_takes_finding_and_links_and_restore_puts_them_back(services, officer_id) -> None:
    before = services.export_case("DEMO-001")
    first = services.allegations.for_officer(officer_id)[0]
    changes = services.allegations.remove(first.id)
    assert changes.touches(Area.EVIDENCE, Area.DECISION)
    assert [a.number for a in services.allegations.for_officer(officer_id)] == [2, 3], "others keep their numbers"
    assert services.verify().ok
    assert services.allegations.restore(changes.value).value == first.id
    assert services.allegations.for_officer(officer_id)[0] == first
    assert services.export_case("DEMO-001") == before
    assert services.verify().ok


def test_a_restored_allegation_whose_number_was_taken_gets_the_next_one(services, officer_id) -> None:
    a1, a2, a3 = services.allegations.for_officer(officer_id)
    a4 = services.allegations.add(officer_id, _details()).value
    removed = services.allegations.remove(a3.id).value
    services.allegations.renumber(officer_id, {a1.id: 1, a2.id: 2, a4: 3})  # the new one takes number 3
    services.allegations.restore(removed)
    numbers = {a.id: a.number for a in services.allegations.for_officer(officer_id)}
    assert numbers == {a1.id: 1, a2.id: 2, a4: 3, a3.id: 4}
    assert services.verify().ok


def test_renumber_swaps_and_the_value_undoes_it(services, officer_id) -> None:
    a1, a2, a3 = services.allegations.for_officer(officer_id)
    changes = services.allegations.renumber(officer_id, {a1.id: 2, a2.id: 1, a3.id: 3})
    assert changes.value == {a1.id: 1, a2.id: 2, a3.id: 3}
    assert [a.id for a in services.allegations.for_officer(officer_id)] == [a2.id, a1.id, a3.id]
    assert services.verify().ok
    services.allegations.renumber(officer_id, changes.value)
    assert [a.id for a in services.allegations.for_officer(officer_id)] == [a1.id, a2.id, a3.id]
    count = _audit_count(services)
    for bad, message in (({a1.id: 1, a2.id: 1, a3.id: 3}, "two allegations would have the same number"),
                         ({a1.id: 1, a2.id: 2}, "must name every allegation"),
                         ({a1.id: 0, a2.id: 2, a3.id: 3}, "0 is not a number from 1 to 999")):
        with pytest.raises(BadInputError, match=message):
            services.allegations.renumber(officer_id, bad)
    assert _audit_count(services) == count and services.verify().ok
