"""PeopleService: officers (with warnings), representatives and the panel.

Reads return frozen records (`panelapp.domain.people_records`) with what the rules engine derives: each
warning's last day, expiry and whether it is in force today; the panel by role with what a valid panel for
this case still lacks, each gap with its citation and whether that rule was verified. Writes check their
input first (`BadInputError`, nothing written), record the case's state in the audit log in the same unit
of work, and return `Changes`: an add's `value` is the new id, a removal's the `RemovedRecords` that
`restore` puts back with the same ids (see `people_snapshots`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from panelapp.domain import legal_tables as T
from panelapp.domain.changes import Area, Changes
from panelapp.domain.people_records import (
    OfficerDetails,
    OfficerRecord,
    PanelGap,
    PanelMemberDetails,
    PanelMemberRecord,
    PanelView,
    RemovedRecords,
    WarningDetails,
    WarningRecord,
    check_officer,
    check_panel_member,
    check_warning,
)
from panelapp.domain.rules import panel_roles, warning_last_day
from panelapp.domain.vocabulary import OfficerCategory, PanelRole, Proceeding, RuleQuestion, WarningKind
from panelapp.models.schema import Allegation, Case, Officer, OfficerWarning, PanelMember
from panelapp.services import people_snapshots as snap
from panelapp.services.audit_state import record_case_state, record_untracked_state
from panelapp.services.rule_set_service import case_rule_sets
from panelapp.services.service_base import AreaService, SessionFactory, fetch

# An officer's removal takes their allegations, findings and evidence links with it.
_OFFICER_AREAS = (Area.PEOPLE, Area.CASES, Area.ALLEGATIONS, Area.EVIDENCE, Area.DECISION)
_CATEGORY_ORDER = (OfficerCategory.OTHER, OfficerCategory.SENIOR_OFFICER, OfficerCategory.CHIEF_OFFICER)
_ROLE_ORDER = tuple(PanelRole)


# --- converters -------------------------------------------------------------------------------------
def warning_to_domain(row: OfficerWarning, today: date) -> WarningRecord:
    kind = WarningKind(row.kind)
    details = WarningDetails(kind, row.given_on, row.period_months, row.career_break_days)
    rule = T.WARNINGS[kind.value]
    months = rule.default_months if row.period_months is None else row.period_months
    source = f"{rule.source}; {T.CAREER_BREAK_SOURCE}; {T.PERIOD_RULE_SOURCE}"
    try:
        last = warning_last_day(kind, row.given_on, row.period_months, row.career_break_days)
    except ValueError as exc:  # a stored period the rules do not allow (e.g. from an older import)
        return WarningRecord(row.id, row.officer_id, details, None, None, False, today, months, source,
                             rule.verified, problem=f"cannot work out its expiry: {exc}")
    expires = date.fromordinal(last.toordinal() + 1)
    return WarningRecord(row.id, row.officer_id, details, last, expires, row.given_on <= today <= last, today,
                         months, source, rule.verified)


def officer_to_domain(row: Officer, today: date, allegation_count: int = 0) -> OfficerRecord:
    details = OfficerDetails(
        name=row.name, rank=row.rank, warrant_number=row.warrant_number or "", unit=row.unit or "",
        category=OfficerCategory(row.officer_category), former_officer=row.former_officer,
        representative=row.representative or "", service_start=row.service_start, date_of_birth=row.date_of_birth,
        ever_reduced_in_rank=row.ever_reduced_in_rank, reduction_in_rank_note=row.reduction_in_rank_note or "",
    )
    warnings = tuple(warning_to_domain(w, today) for w in sorted(row.warnings, key=lambda w: (w.given_on, w.id)))
    return OfficerRecord(row.id, row.case_id, row.position, details, warnings, allegation_count)


def member_to_domain(row: PanelMember) -> PanelMemberRecord:
    return PanelMemberRecord(row.id, row.case_id, row.position, PanelMemberDetails(row.name, PanelRole(row.role)))


def _apply_officer(row: Officer, d: OfficerDetails) -> None:
    row.name, row.rank, row.warrant_number, row.unit = d.name, d.rank, d.warrant_number, d.unit
    row.officer_category, row.former_officer, row.representative = d.category.value, d.former_officer, d.representative
    row.service_start, row.date_of_birth = d.service_start, d.date_of_birth
    row.ever_reduced_in_rank, row.reduction_in_rank_note = d.ever_reduced_in_rank, d.reduction_in_rank_note


def _apply_warning(row: OfficerWarning, d: WarningDetails) -> None:
    row.kind, row.given_on, row.period_months, row.career_break_days = (
        d.kind.value, d.given_on, d.period_months, d.career_break_days)


def panel_gaps(members: tuple[PanelMemberRecord, ...], needed: tuple[PanelRole, ...], source: str,
               verified: bool) -> tuple[PanelGap, ...]:
    """What the members lack against the roles the rules need (a role listed twice is needed twice), and
    who has no place; each with the rule's citation."""
    have = [m.details.role for m in members]
    gaps: list[PanelGap] = []
    for role in dict.fromkeys(needed):
        want, got = needed.count(role), have.count(role)
        if got < want:
            missing = want - got
            text = role.label if missing == 1 else f"{missing} × {role.label}"
            gaps.append(PanelGap("missing", text, source, verified, role, missing))
    for role in dict.fromkeys(have):
        want, got = needed.count(role), have.count(role)
        if want == 0:
            gaps.append(PanelGap("extra", f"{role.label}: the rules give this role no place on this panel",
                                 source, verified, role, got))
        elif got > want:
            gaps.append(PanelGap("extra", f"{role.label}: {got} members, the rules need {want}", source,
                                 verified, role, got - want))
    return tuple(gaps)


class PeopleService(AreaService):
    """The use cases over officers (with warnings), representatives and the panel.

    `today` says what day it is (whether a warning is in force; no date in the future): tests set it.
    """

    def __init__(self, session: SessionFactory, today: Callable[[], date] = date.today) -> None:
        super().__init__(session)
        self.today = today

    # --- reads ------------------------------------------------------------------------------------
    def officers(self, case_id: int, today: date | None = None) -> tuple[OfficerRecord, ...]:
        """The case's officers in order, each with warnings (expiry, in force on `today`) and representative."""
        today = today or self.today()
        with self._session() as s:
            _case(s, case_id)
            counts = dict(s.execute(select(Allegation.officer_id, func.count()).join(Officer)
                                    .where(Officer.case_id == case_id).group_by(Allegation.officer_id)).all())
            rows = s.scalars(select(Officer).where(Officer.case_id == case_id).order_by(Officer.position, Officer.id))
            return tuple(officer_to_domain(o, today, counts.get(o.id, 0)) for o in rows)

    def panel(self, case_id: int) -> PanelView:
        """The members by role, the panel rule set for this case (and why), and what a valid panel lacks."""
        with self._session() as s:
            case = _case(s, case_id)
            members = tuple(sorted((member_to_domain(m) for m in case.panel),
                                   key=lambda m: (_ROLE_ORDER.index(m.details.role), m.position, m.id)))
            categories = [OfficerCategory(c) for c in s.scalars(
                select(Officer.officer_category).where(Officer.case_id == case_id))]
            category = max(categories, key=_CATEGORY_ORDER.index, default=OfficerCategory.OTHER)
            decision = case_rule_sets(s, case_id)[RuleQuestion.PANEL]
            if decision.rule_set is None:
                needed: tuple[PanelRole, ...] = ()
                roles_source, roles_verified = decision.source, decision.verified
                gaps: tuple[PanelGap, ...] = (PanelGap(
                    "undecided", f"Which panel rules apply is not decided yet: {decision.why}", decision.source,
                    decision.verified),)
            else:
                roles = panel_roles(decision.rule_set, Proceeding(case.proceeding), category)
                needed, roles_source, roles_verified = tuple(roles), roles.source, roles.verified
                gaps = (panel_gaps(members, needed, roles.source, roles.verified) if roles.modelled else
                        (PanelGap("not_modelled", roles.source, "no rule in the rules engine", False),))
            return PanelView(case_id, members, decision.rule_set, decision.why, decision.source, decision.verified,
                             category, needed, roles_source, roles_verified, gaps)

    # --- officers ---------------------------------------------------------------------------------
    def add_officer(self, case_id: int, details: OfficerDetails) -> Changes:
        d = check_officer(details, self.today())
        with self._session() as s:
            _case(s, case_id)
            record_untracked_state(s)
            last = s.scalar(select(func.max(Officer.position)).where(Officer.case_id == case_id)) or 0
            row = Officer(case_id=case_id, position=last + 1)
            _apply_officer(row, d)
            s.add(row)
            s.flush()
            record_case_state(s, case_id, "people.officer-added")
            return Changes.of(Area.PEOPLE, Area.CASES, case_id=case_id, value=row.id)

    def update_officer(self, officer_id: int, details: OfficerDetails) -> Changes:
        d = check_officer(details, self.today())
        with self._session() as s:
            row = _officer(s, officer_id)
            record_untracked_state(s)
            _apply_officer(row, d)
            s.flush()
            record_case_state(s, row.case_id, "people.officer-updated")
            return Changes.of(Area.PEOPLE, Area.CASES, case_id=row.case_id, value=officer_id)

    def remove_officer(self, officer_id: int) -> Changes:
        """Remove the officer with everything recorded about them; `value` puts it all back (`restore`)."""
        with self._session() as s:
            removed = snap.capture_officer(s, officer_id)
            return _remove(s, removed, "people.officer-removed", _OFFICER_AREAS)

    # --- warnings ---------------------------------------------------------------------------------
    def add_warning(self, officer_id: int, details: WarningDetails) -> Changes:
        d = check_warning(details, self.today())
        with self._session() as s:
            officer = _officer(s, officer_id)
            record_untracked_state(s)
            row = OfficerWarning(officer_id=officer_id)
            _apply_warning(row, d)
            s.add(row)
            s.flush()
            record_case_state(s, officer.case_id, "people.warning-added")
            return Changes.of(Area.PEOPLE, case_id=officer.case_id, value=row.id)

    def update_warning(self, warning_id: int, details: WarningDetails) -> Changes:
        d = check_warning(details, self.today())
        with self._session() as s:
            row, case_id = _warning(s, warning_id)
            record_untracked_state(s)
            _apply_warning(row, d)
            s.flush()
            record_case_state(s, case_id, "people.warning-updated")
            return Changes.of(Area.PEOPLE, case_id=case_id, value=warning_id)

    def remove_warning(self, warning_id: int) -> Changes:
        with self._session() as s:
            _row, case_id = _warning(s, warning_id)
            return _remove(s, snap.capture_warning(s, warning_id, case_id), "people.warning-removed", (Area.PEOPLE,))

    # --- the panel --------------------------------------------------------------------------------
    def add_panel_member(self, case_id: int, details: PanelMemberDetails) -> Changes:
        d = check_panel_member(details)
        with self._session() as s:
            _case(s, case_id)
            record_untracked_state(s)
            last = s.scalar(select(func.max(PanelMember.position)).where(PanelMember.case_id == case_id)) or 0
            row = PanelMember(case_id=case_id, position=last + 1, name=d.name, role=d.role.value)
            s.add(row)
            s.flush()
            record_case_state(s, case_id, "people.panel-member-added")
            return Changes.of(Area.PEOPLE, case_id=case_id, value=row.id)

    def update_panel_member(self, member_id: int, details: PanelMemberDetails) -> Changes:
        d = check_panel_member(details)
        with self._session() as s:
            row = _member(s, member_id)
            record_untracked_state(s)
            row.name, row.role = d.name, d.role.value
            s.flush()
            record_case_state(s, row.case_id, "people.panel-member-updated")
            return Changes.of(Area.PEOPLE, case_id=row.case_id, value=member_id)

    def remove_panel_member(self, member_id: int) -> Changes:
        """Remove a member (their private votes go too; their private notes stay, unlinked until restored)."""
        with self._session() as s:
            return _remove(s, snap.capture_panel_member(s, member_id), "people.panel-member-removed",
                           (Area.PEOPLE, Area.DECISION, Area.NOTES))

    # --- undoing a removal ------------------------------------------------------------------------
    def restore(self, removed: RemovedRecords) -> Changes:
        """Put back what a removal took, with the same ids (`value`: the top object's id)."""
        if not isinstance(removed, RemovedRecords):
            raise TypeError("restore takes the RemovedRecords a removal returned")
        with self._session() as s:
            record_untracked_state(s)
            top = snap.restore(s, removed)
            record_case_state(s, removed.case_id, f"people.{removed.what.replace(' ', '-')}-restored")
            areas = {"officer": _OFFICER_AREAS, "panel member": (Area.PEOPLE, Area.DECISION, Area.NOTES)}
            return Changes.of(*areas.get(removed.what, (Area.PEOPLE,)), case_id=removed.case_id, value=top)


# --- lookups ----------------------------------------------------------------------------------------
def _case(s: Session, case_id: int) -> Case:
    return fetch(s, Case, case_id, "case")


def _officer(s: Session, officer_id: int) -> Officer:
    return fetch(s, Officer, officer_id, "officer", " (it may have been removed)")


def _warning(s: Session, warning_id: int) -> tuple[OfficerWarning, int]:
    row = fetch(s, OfficerWarning, warning_id, "warning", " (it may have been removed)")
    return row, _officer(s, row.officer_id).case_id


def _member(s: Session, member_id: int) -> PanelMember:
    return fetch(s, PanelMember, member_id, "panel member", " (it may have been removed)")


def _remove(s: Session, removed: RemovedRecords, action: str, areas: tuple[Area, ...]) -> Changes:
    record_untracked_state(s)
    snap.delete_top(s, removed)
    s.flush()
    record_case_state(s, removed.case_id, action)
    return Changes.of(*areas, case_id=removed.case_id, value=removed)
