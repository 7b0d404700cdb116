"""PeopleService over a real encrypted store: officers with warnings (expiry and in force from the rules
engine), the panel by role with what a valid panel still lacks, writes that round-trip, removals whose
`restore` puts back exactly what went (same ids), bad input refused with one line and nothing written,
and `verify` clean after every write."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from panelapp.domain.changes import Area
from panelapp.domain.errors import BadInputError, NotFoundError, RefusedError
from panelapp.domain.people_records import OfficerDetails, PanelMemberDetails, RemovedRecords, WarningDetails
from panelapp.domain.vocabulary import OfficerCategory, PanelRole, Regime, WarningKind
from panelapp.models.schema import Case
from panelapp.services.audit_state import record_case_state
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db

TODAY = date(2025, 6, 20)
R = PanelRole


@pytest.fixture
def services(demo_store: Path) -> Iterator[PanelServices]:
    with PanelServices.open(demo_store, PASSPHRASE) as s:
        s.people.today = lambda: TODAY
        yield s


@pytest.fixture
def case_id(services: PanelServices) -> int:
    return services.case_id("DEMO-001")


def _audit_count(services: PanelServices) -> int:
    with services.store.session() as s:
        return int(s.scalar(text("SELECT count(*) FROM audit_log")))


def _new_case(services: PanelServices, reference: str = "T-1", **kw: object) -> int:
    """A bare case (no notice dates yet), recorded in the audit log as any write would."""
    fields: dict[str, object] = dict(reference=reference, force="Northmoor (fictional)", issued_on=date(2025, 6, 2),
                                     regime="2025", proceeding="hearing", created_at=dt.datetime(2025, 6, 2))
    fields.update(kw)
    with services.store.session() as s:
        case = Case(**fields)
        s.add(case)
        s.flush()
        record_case_state(s, case.id, "test.case-created")
        return case.id


def test_demo_officer_carries_rank_representative_and_an_expired_written_warning(services, case_id) -> None:
    [officer] = services.people.officers(case_id)
    d = officer.details
    assert (d.name, d.rank, d.warrant_number, d.category) == ("Owen Hartley", "PC", "4417", OfficerCategory.OTHER)
    assert officer.label == "PC 4417 Owen Hartley" and officer.allegation_count == 3
    assert "Police Federation" in d.representative and not d.former_officer
    [w] = officer.warnings
    # Given 1 Mar 2021 for 18 months: in force to 31 Aug 2022 (corresponding-date rule), gone on 1 Sep 2022.
    assert w.details.kind is WarningKind.WRITTEN and w.period_months == 18
    assert (w.last_day, w.expires_on) == (date(2022, 8, 31), date(2022, 9, 1))
    assert not w.in_force and w.as_of == TODAY and not w.verified and "reg 42" in w.source
    [on_last_day] = services.people.officers(case_id, today=date(2022, 8, 31))[0].warnings
    assert on_last_day.in_force


def test_an_officer_with_a_final_written_warning_round_trips_and_verifies(services, case_id) -> None:
    details = OfficerDetails(name="  Zoë Ashdown ", rank="Sergeant", warrant_number="1207", unit="Custody",
                             category=OfficerCategory.OTHER, representative="Ms K. Lyle, solicitor",
                             service_start=date(2010, 9, 1))
    changes = services.people.add_officer(case_id, details)
    assert changes.touches(Area.PEOPLE, Area.CASES) and changes.case_id == case_id
    officer_id = changes.value
    # A final written warning for 3 years with 30 days of career break (reg 62(4), (5)).
    w = services.people.add_warning(officer_id, WarningDetails(WarningKind.FINAL_WRITTEN, date(2024, 1, 31), 36, 30))
    officers = {o.id: o for o in services.people.officers(case_id)}
    got = officers[officer_id]
    assert got.details == dataclasses.replace(details, name="Zoë Ashdown") and got.position == 2
    [warning] = got.warnings
    assert warning.id == w.value and warning.in_force and warning.verified
    # 31 Jan 2024 + 36 months: no 31 Jan problem; ends 30 Jan 2027, plus 30 days of career break.
    assert warning.last_day == date(2027, 3, 1) and warning.expires_on == date(2027, 3, 2)
    assert services.verify().ok

    services.people.update_warning(warning.id, WarningDetails(WarningKind.WRITTEN, date(2023, 6, 1)))
    [warning] = {o.id: o for o in services.people.officers(case_id)}[officer_id].warnings
    assert warning.details.kind is WarningKind.WRITTEN and warning.period_months == 18
    assert warning.last_day == date(2024, 11, 30) and not warning.in_force
    services.people.update_officer(officer_id, dataclasses.replace(details, former_officer=True, rank="Former PS"))
    assert {o.id: o for o in services.people.officers(case_id)}[officer_id].details.former_officer
    assert services.verify().ok


@pytest.mark.parametrize(("call", "message"), [
    (lambda p, c, o: p.add_officer(c, OfficerDetails(name="  ", rank="PC")), "Name: is required"),
    (lambda p, c, o: p.add_officer(c, OfficerDetails(name="A\nB", rank="PC")),
     "Name: must be one line without control characters"),
    (lambda p, c, o: p.add_officer(c, OfficerDetails(name="A", rank="PC", date_of_birth=date(2030, 1, 1))),
     "Date of birth: 01 Jan 2030 is in the future"),
    (lambda p, c, o: p.add_warning(o, WarningDetails(WarningKind.WRITTEN, date(2024, 1, 1), 12)),
     "Period (months): a written warning lasts 18 months, not 12"),
    (lambda p, c, o: p.add_warning(o, WarningDetails(WarningKind.FINAL_WRITTEN, date(2024, 1, 1), 61)),
     "Period (months): a final written warning lasts 24–60 months, not 61"),
    (lambda p, c, o: p.add_warning(o, WarningDetails(WarningKind.FINAL_WRITTEN, date(2024, 1, 1), None, -1)),
     "Career break (days): must be between 0 and 7320"),
    (lambda p, c, o: p.add_warning(o, WarningDetails("verbal", date(2024, 1, 1))),  # type: ignore[arg-type]
     "Kind: unknown warning kind 'verbal'"),
    (lambda p, c, o: p.add_panel_member(c, PanelMemberDetails("Ms X", "judge")),  # type: ignore[arg-type]
     "Role: unknown role 'judge'"),
    (lambda p, c, o: p.add_panel_member(c, PanelMemberDetails("", R.INDEPENDENT_MEMBER)), "Name: is required"),
])
def test_bad_input_is_refused_with_one_line_and_nothing_written(services, case_id, call, message) -> None:
    [officer] = services.people.officers(case_id)
    before, panel_before = _audit_count(services), services.people.panel(case_id)
    with pytest.raises(BadInputError) as caught:
        call(services.people, case_id, officer.id)
    assert str(caught.value) == message and "\n" not in str(caught.value)
    assert _audit_count(services) == before
    assert services.people.officers(case_id) == (officer,) and services.people.panel(case_id) == panel_before


def test_a_missing_officer_is_not_found(services) -> None:
    with pytest.raises(NotFoundError, match="no officer with id 999"):
        services.people.add_warning(999, WarningDetails(WarningKind.WRITTEN, date(2024, 1, 1)))


def test_demo_panel_is_complete_and_removing_a_member_shows_the_gap_with_its_citation(services, case_id) -> None:
    panel = services.people.panel(case_id)
    assert panel.rule_set is Regime.R2024 and "10 Feb 2025" in panel.rule_set_why
    assert [m.details.role for m in panel.members] == [
        R.CHIEF_OFFICER_CHAIR, R.INDEPENDENT_MEMBER, R.INDEPENDENT_MEMBER, R.LEGALLY_QUALIFIED_PERSON]
    assert panel.complete and panel.still_needs == ()
    assert sorted(panel.needed) == sorted(
        [R.CHIEF_OFFICER_CHAIR, R.INDEPENDENT_MEMBER, R.INDEPENDENT_MEMBER, R.LEGALLY_QUALIFIED_PERSON])

    member = next(m for m in panel.members if m.details.role is R.INDEPENDENT_MEMBER)
    removed = services.people.remove_panel_member(member.id)
    assert isinstance(removed.value, RemovedRecords) and removed.value.top_id == member.id
    [gap] = services.people.panel(case_id).gaps
    assert (gap.kind, gap.role, gap.count, gap.text) == ("missing", R.INDEPENDENT_MEMBER, 1, "Independent member")
    assert "SI 2024/521" in gap.source and gap.verified is False
    assert services.verify().ok

    restored = services.people.restore(removed.value)
    assert restored.value == member.id
    assert services.people.panel(case_id) == panel, "put back as it was, same id and position"
    assert services.verify().ok


def test_still_needs_shrinks_as_members_are_added_and_extras_are_named(services) -> None:
    case_id = _new_case(services, reg30_notice_on=date(2025, 3, 3))
    needs = [sum(g.count for g in services.people.panel(case_id).still_needs)]
    assert [g.text for g in services.people.panel(case_id).gaps] == [
        "Chair (chief officer or delegate)", "2 × Independent member", "Legally qualified person (adviser)"]
    for name, role in (("ACC A", R.CHIEF_OFFICER_CHAIR), ("Mr B", R.INDEPENDENT_MEMBER),
                       ("Dr C", R.INDEPENDENT_MEMBER), ("Ms D", R.LEGALLY_QUALIFIED_PERSON)):
        services.people.add_panel_member(case_id, PanelMemberDetails(name, role))
        needs.append(sum(g.count for g in services.people.panel(case_id).still_needs))
    assert needs == [4, 3, 2, 1, 0] and services.people.panel(case_id).complete
    services.people.add_panel_member(case_id, PanelMemberDetails("Mr E", R.POLICE_MEMBER))
    [extra] = services.people.panel(case_id).gaps
    assert extra.kind == "extra" and extra.role is R.POLICE_MEMBER and "no place" in extra.text
    assert services.verify().ok


def test_the_panel_rules_follow_the_notice_date_and_the_officers_category(services) -> None:
    case_id = _new_case(services)
    [gap] = services.people.panel(case_id).gaps
    assert gap.kind == "undecided" and "reg 30" in gap.text and services.people.panel(case_id).needed == ()
    old = _new_case(services, "T-2", reg30_notice_on=date(2024, 1, 10))
    panel = services.people.panel(old)
    assert panel.rule_set is Regime.R2020
    assert sorted(panel.needed) == sorted([R.LEGALLY_QUALIFIED_CHAIR, R.POLICE_MEMBER, R.INDEPENDENT_MEMBER])
    senior = _new_case(services, "T-3", reg30_notice_on=date(2025, 3, 3))
    services.people.add_officer(senior, OfficerDetails("Ann Cole", "Assistant Chief Constable",
                                                        category=OfficerCategory.SENIOR_OFFICER))
    panel = services.people.panel(senior)
    assert panel.officer_category is OfficerCategory.SENIOR_OFFICER and R.SENIOR_OFFICER_CHAIR in panel.needed
    amh = _new_case(services, "T-4", reg30_notice_on=date(2025, 3, 3), proceeding="accelerated_hearing")
    services.people.add_officer(amh, OfficerDetails("Ben Dale", "Chief Superintendent",
                                                     category=OfficerCategory.SENIOR_OFFICER))
    [gap] = services.people.panel(amh).gaps
    assert gap.kind == "not_modelled" and "not modelled" in gap.text and not gap.verified


def test_removing_an_officer_takes_everything_and_restore_puts_it_back_exactly(services, case_id) -> None:
    before = services.export_case("DEMO-001")
    [officer] = services.people.officers(case_id)
    changes = services.people.remove_officer(officer.id)
    assert changes.touches(Area.ALLEGATIONS, Area.EVIDENCE, Area.DECISION)
    assert services.people.officers(case_id) == ()
    assert services.allegations.for_case(case_id) == ()
    assert services.verify().ok
    services.people.restore(changes.value)
    assert services.people.officers(case_id) == (officer,)
    assert services.export_case("DEMO-001") == before, "allegations, findings, citations, links, outcome back"
    assert services.verify().ok


def test_a_restore_that_would_reuse_a_taken_id_is_refused_and_writes_nothing(services, case_id) -> None:
    [officer] = services.people.officers(case_id)
    [warning] = officer.warnings
    removed = services.people.remove_warning(warning.id).value
    # Something outside the undo stack adds a warning; SQLite hands it the freed id.
    other = services.people.add_warning(officer.id, WarningDetails(WarningKind.WRITTEN, date(2024, 2, 1))).value
    assert other == warning.id
    count = _audit_count(services)
    with pytest.raises(RefusedError, match="cannot put the warning back: the store changed meanwhile"):
        services.people.restore(removed)
    assert _audit_count(services) == count and services.verify().ok
