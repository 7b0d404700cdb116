"""DecisionService: findings, seriousness, outcome, deliberation and decision versions (issue #9).

`decision(case_id, officer_id)` returns a `DecisionRecord`: per allegation the finding and its citations
(labelled where they sit in the bundle today), the stages of seriousness, the outcome, every outcome with
whether the rules permit it (`permitted_outcomes` under the case's derived rule set, the officer's recorded
warnings and the panel's incident grouping), the readiness checklist (each item naming its field) and the
numbered versions. Writes check their input first (`BadInputError`, nothing written), record the case's
state in the audit log in the same unit of work and return `Changes.of(Area.DECISION, case_id=…)`.

While the officer's latest version is final every write to the decision is refused until it is reopened
(audited, as a new draft version). Deliberation writes live in `decision_deliberation`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from panelapp.domain import readiness
from panelapp.domain.changes import Area, Changes
from panelapp.domain.decision_checks import (
    check_citation,
    check_finding,
    check_incident,
    check_outcome,
    check_reason,
    check_seriousness,
    check_why_not,
    forbidden_message,
)
from panelapp.domain.decision_records import (
    DRAFT,
    FINAL,
    CitableItem,
    CitationInput,
    CitationRecord,
    DecisionRecord,
    FindingDetails,
    FindingRecord,
    OfficerChoice,
    OutcomeDetails,
    ReadinessItem,
    VersionRecord,
    gm_report_applies,
    outcome_options,
    presumption_applies,
    readiness_items,
    snapshot,
)
from panelapp.domain.errors import BadInputError, NotFoundError
from panelapp.domain.rules import (
    OutcomeCheckingUnavailableError,
    OutcomeVerdicts,
    fww_in_force_on,
    most_serious,
    permitted_outcomes,
    unconnected_incidents,
    ww_in_force_on,
)
from panelapp.domain.vocabulary import EvidenceKind, FindingLevel, Outcome, Proceeding
from panelapp.models.schema import (
    Allegation,
    Case,
    Citation,
    DecisionVersion,
    EvidenceItem,
    Finding,
    Officer,
    OutcomeDecision,
)
from panelapp.models.schema import Seriousness as SeriousnessRow
from panelapp.reports.wording import hms
from panelapp.services import decision_drafts as drafts
from panelapp.services import evidence_labels
from panelapp.services.audit_state import record_case_state, record_untracked_state
from panelapp.services.decision_deliberation import DeliberationWrites, refuse_if_final
from panelapp.services.decision_drafts import CitationLabel
from panelapp.services.service_base import AreaService, fetch

_MEDIA = {EvidenceKind.BODY_WORN_VIDEO.value, EvidenceKind.CCTV.value, EvidenceKind.AUDIO.value}


class DecisionService(DeliberationWrites, AreaService):
    """The use cases of drafting one officer's decision, checking it, and marking it final."""

    # --- reads ------------------------------------------------------------------------------------
    def decision(self, case_id: int, officer_id: int | None = None) -> DecisionRecord:
        """One officer's decision (the case's first officer when `officer_id` is None)."""
        with self._session() as s:
            case = _case(s, case_id)
            if officer_id is None:
                officer = case.officers[0] if case.officers else None
            else:
                officer = next((o for o in case.officers if o.id == officer_id), None)
                if officer is None:
                    raise NotFoundError(f"case {case.reference} has no officer with id {officer_id}")
            return _record(s, case, officer)

    # --- findings ---------------------------------------------------------------------------------
    def set_finding(self, allegation_id: int, details: FindingDetails | None) -> Changes:
        """Record (or replace) the finding on one allegation; None removes it with its citations."""
        checked = check_finding(details) if details is not None else None
        with self._session() as s:
            allegation, officer = _allegation(s, allegation_id)
            refuse_if_final(s, [officer])
            record_untracked_state(s)
            f = allegation.finding
            if checked is None:
                allegation.finding = None
            else:
                if f is None:
                    f = Finding(allegation_id=allegation.id)
                    allegation.finding = f
                f.facts, f.level = checked.facts.value, checked.level.value
                f.standards_breached = list(checked.standards_breached)
                f.facts_reasons, f.breach_reasons, f.reasons = (checked.facts_reasons, checked.breach_reasons,
                                                                checked.reasons)
            return _done(s, officer.case_id, "decision.finding-set", allegation_id)

    def set_citations(self, allegation_id: int, citations: Sequence[CitationInput]) -> Changes:
        """Replace the finding's pinpoint citations (in the order given)."""
        with self._session() as s:
            allegation, officer = _allegation(s, allegation_id)
            refuse_if_final(s, [officer])
            if allegation.finding is None:
                raise BadInputError("Citations", "record the finding of fact and the level first", code="no_finding")
            checked = []
            for c in citations:
                item = s.get(EvidenceItem, c.evidence_id)
                if item is None or item.case_id != officer.case_id:
                    raise BadInputError("Citation", f"no item {c.evidence_id} in this case's bundle", code="item")
                checked.append(check_citation(c, _pages(item)))
            record_untracked_state(s)
            allegation.finding.citations = [Citation(evidence_id=c.evidence_id, page=c.page, at_seconds=c.at_seconds,
                                                     note=c.note) for c in checked]
            return _done(s, officer.case_id, "decision.citations-set", allegation_id)

    def set_incident(self, allegation_id: int, label: str | None) -> Changes:
        """The panel's incident label for an allegation (reg 42(6)); None or blank: not grouped."""
        incident = check_incident(label)
        with self._session() as s:
            allegation, officer = _allegation(s, allegation_id)
            refuse_if_final(s, [officer])
            record_untracked_state(s)
            allegation.incident = incident
            return _done(s, officer.case_id, "decision.incident-set", allegation_id)

    # --- seriousness and outcome ------------------------------------------------------------------
    def set_seriousness(self, officer_id: int, seriousness: readiness.Seriousness) -> Changes:
        checked = check_seriousness(seriousness)
        with self._session() as s:
            officer = _officer(s, officer_id)
            refuse_if_final(s, [officer])
            record_untracked_state(s)
            row = officer.seriousness
            if row is None:
                row = SeriousnessRow(officer_id=officer.id)
                officer.seriousness = row
            for name in ("culpability", "harm", "aggravating", "mitigating", "personal_mitigation", "purpose"):
                setattr(row, name, getattr(checked, name))
            return _done(s, officer.case_id, "decision.seriousness-set", officer_id)

    def set_outcome(self, officer_id: int, details: OutcomeDetails, *, restoring: bool = False) -> Changes:
        """The outcome and its statements. A newly chosen outcome the rules forbid is refused with the rule's
        reason and citation. `restoring` (undo only) puts back an earlier state even if the findings have
        since closed its outcome: the readiness check then blocks it instead."""
        checked = check_outcome(details)
        with self._session() as s:
            officer = _officer(s, officer_id)
            refuse_if_final(s, [officer])
            row = officer.outcome
            before = row.outcome if row is not None else None
            if checked.outcome is not None and checked.outcome.value != before and not restoring:
                case = _case(s, officer.case_id)
                verdicts, _ = _verdicts(s, case, officer)
                if verdicts is not None and not verdicts[checked.outcome].permitted:
                    options = outcome_options(verdicts, None)
                    option = next(o for o in options if o.outcome is checked.outcome)
                    raise BadInputError("Outcome", forbidden_message(option), code="forbidden")
            record_untracked_state(s)
            if row is None:
                row = OutcomeDecision(officer_id=officer.id, why_not={})
                officer.outcome = row
            row.outcome = checked.outcome.value if checked.outcome else None
            row.reasons, row.warning_months = checked.reasons, checked.warning_months
            row.exceptional_circumstances = checked.exceptional_circumstances
            row.gm_not_dismissed_reasons = checked.gm_not_dismissed_reasons
            row.aa_views_on_reduction = checked.aa_views_on_reduction
            row.barred_list_noted = checked.barred_list_noted
            row.local_policing_body_copy_noted = checked.local_policing_body_copy_noted
            row.decided_on = checked.decided_on
            return _done(s, officer.case_id, "decision.outcome-set", officer_id)

    def set_why_not(self, officer_id: int, outcome: Outcome | str, text: str) -> Changes:
        """Why a lesser outcome is not enough (blank removes it)."""
        lesser, reason = check_why_not(outcome, text)
        with self._session() as s:
            officer = _officer(s, officer_id)
            refuse_if_final(s, [officer])
            record_untracked_state(s)
            row = officer.outcome
            if row is None:
                row = OutcomeDecision(officer_id=officer.id, why_not={})
                officer.outcome = row
            why_not = dict(row.why_not or {})  # a new dict: the JSON column does not track changes inside
            if reason:
                why_not[lesser.value] = reason
            else:
                why_not.pop(lesser.value, None)
            row.why_not = why_not
            return _done(s, officer.case_id, "decision.why-not-set", officer_id)

    # --- versions ---------------------------------------------------------------------------------
    def mark_final(self, officer_id: int, override_reason: str | None = None) -> Changes:
        """Record a final version. Refused while the readiness check blocks, unless an override reason is
        given: it is kept in the version and so in the audited state. `value` is the version number."""
        with self._session() as s:
            officer = _officer(s, officer_id)
            refuse_if_final(s, [officer])
            case = _case(s, officer.case_id)
            record = _record(s, case, officer)
            reason = ""
            if record.blocking:
                if not (override_reason or "").strip():
                    first = record.blocking[0].message
                    more = f" (and {len(record.blocking) - 1} more)" if len(record.blocking) > 1 else ""
                    raise BadInputError("Mark final", f"the decision is not ready: {first}{more}; give a reason to "
                                        "override the check", code="blocking")
                reason = check_reason("Override reason", override_reason)
            number = add_version(s, officer, FINAL, override_reason=reason)
            action = "decision.marked-final-override" if reason else "decision.marked-final"
            return _done(s, officer.case_id, action, number)

    def reopen(self, officer_id: int, reason: str) -> Changes:
        """Reopen a final decision for changes (the reason is required): a new draft version."""
        why = check_reason("Reason for reopening", reason)
        with self._session() as s:
            officer = _officer(s, officer_id)
            latest = _latest(s, officer.id)
            if latest is None or latest.status != FINAL:
                raise BadInputError("Reopen", "the decision is not final", code="not_final")
            record_untracked_state(s)
            number = add_version(s, officer, DRAFT, note=why)
            return _done(s, officer.case_id, "decision.reopened", number)


# --- helpers --------------------------------------------------------------------------------------
def _done(s: Session, case_id: int, action: str, value: object = None) -> Changes:
    s.flush()
    record_case_state(s, case_id, action)
    return Changes.of(Area.DECISION, case_id=case_id, value=value)


def _case(s: Session, case_id: int) -> Case:
    return fetch(s, Case, case_id, "case")


def _officer(s: Session, officer_id: int) -> Officer:
    return fetch(s, Officer, officer_id, "officer", " (they may have been removed)")


def _allegation(s: Session, allegation_id: int) -> tuple[Allegation, Officer]:
    row = fetch(s, Allegation, allegation_id, "allegation", " (it may have been removed)")
    return row, _officer(s, row.officer_id)


def _latest(s: Session, officer_id: int) -> DecisionVersion | None:
    return s.scalar(select(DecisionVersion).where(DecisionVersion.officer_id == officer_id)
                    .order_by(DecisionVersion.number.desc()).limit(1))


def add_version(s: Session, officer: Officer, status: str, *, override_reason: str = "", note: str = "") -> int:
    """Append the officer's next decision version (a snapshot of the decision as it stands) in the caller's
    unit of work; returns its number. The caller records the case's state afterwards."""
    record_untracked_state(s)
    record = _record(s, _case(s, officer.case_id), officer)
    number = (s.scalar(select(func.max(DecisionVersion.number)).where(DecisionVersion.officer_id == officer.id))
              or 0) + 1
    snap = snapshot(record.findings, record.seriousness, record.outcome, record.why_not, _advice(s, officer))
    s.add(DecisionVersion(officer_id=officer.id, number=number, status=status, content=snap.content,
                          fingerprint=snap.fingerprint, override_reason=override_reason, note=note,
                          created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)))
    s.flush()
    return number


def demote_unsupported_final(s: Session, officer: Officer) -> bool:
    """After a case file is imported: if the officer's last version is final but is not the decision as it
    stands (another fingerprint), or was made final past a blocking readiness check without a reason, add a
    draft version saying so (the decision is no longer final; nothing is lost). Returns whether it did."""
    latest = _latest(s, officer.id)
    if latest is None or latest.status != FINAL:
        return False
    record = _record(s, _case(s, officer.case_id), officer)
    if latest.fingerprint == record.fingerprint and (not record.blocking or latest.override_reason.strip()):
        return False
    add_version(s, officer, "draft", note="Imported: the final version in the case file was not the decision "
                "it holds (or skipped the readiness check without a reason), so it stands as a draft")
    return True


def _advice(s: Session, officer: Officer) -> tuple[dict[str, object], ...]:
    case = _case(s, officer.case_id)
    return tuple({"given_on": a.given_on.isoformat() if a.given_on else None, "subject": a.subject,
                  "advice": a.advice, "followed": a.followed, "reasons_if_not": a.reasons_if_not}
                 for a in case.lqp_advice)


def _pages(item: EvidenceItem) -> int | None:
    a = item.attachment
    return a.page_count if a is not None and a.media_type == "application/pdf" and a.page_count else None


def _media(item: EvidenceItem) -> bool:
    return item.kind in _MEDIA or item.started_at is not None


def _verdicts(s: Session, case: Case, officer: Officer) -> tuple[OutcomeVerdicts | None, str]:
    """Every outcome's verdict for this officer now, or None with the reason outcome checking is unavailable."""
    draft = drafts.decision_draft(s, case, officer)
    on = case.severity_assessed_on
    fww = ww = False
    note = ""
    if draft.warnings:
        if on is None:
            note = ("The severity-assessment date is not recorded: whether a warning was in force on it (which "
                    "decides some outcomes) is taken as no until it is.")
        else:
            fww, ww = fww_in_force_on(draft.warnings, on), ww_in_force_on(draft.warnings, on)
    level = most_serious(a.level for a in draft.allegations if a.level is not None)
    try:
        verdicts = permitted_outcomes(
            regime=draft.regime, proceeding=draft.proceeding, level=level, fww_in_force=fww,
            unconnected_incidents=unconnected_incidents((a.level, a.incident) for a in draft.allegations
                                                        if a.level is not None),
            former_officer=draft.former_officer, reduced_in_rank=draft.reduced_in_rank, ww_in_force=ww,
            lowest_rank=draft.lowest_rank)
    except OutcomeCheckingUnavailableError as exc:
        return None, str(exc)
    return verdicts, note


def _record(s: Session, case: Case, officer: Officer | None) -> DecisionRecord:
    choices = tuple(OfficerChoice(o.id, " ".join(p for p in (o.rank, o.warrant_number, o.name) if p))
                    for o in case.officers)
    items = tuple(CitableItem(e.id, drafts.tab_label(e), e.title, _pages(e), _media(e)) for e in case.evidence)
    outcome_rules, panel_rules, decided = drafts.case_rule_sets(case)
    note = decided.why if decided.rule_set is not None else (
        f"{decided.why} Until it is recorded, the rule set by the date the case was issued stands in.")
    if officer is None:
        return DecisionRecord(case.id, None, choices, Proceeding(case.proceeding), outcome_rules, note, False,
                              FindingLevel.NOT_PROVED, (), readiness.Seriousness(), OutcomeDetails(), {}, (),
                              "Add the officer concerned first.", (), (), (), items)
    draft = drafts.decision_draft(s, case, officer)
    report = readiness.check_decision(draft)
    ids = {a.number: a.id for a in officer.allegations}
    ungrouped = next((a.id for a in officer.allegations
                      if a.finding is not None and a.finding.level == FindingLevel.MISCONDUCT.value
                      and not (a.incident or "").strip()), None)
    blocking, warnings = readiness_items(report, ids, ungrouped)
    label = _printed_label(evidence_labels.placements(s, case.id, _PAGE_COUNTER))
    findings = tuple(_finding(a, blocking, warnings, label) for a in officer.allegations)
    o = officer.outcome
    outcome = OutcomeDetails(
        draft.outcome, o.reasons, o.warning_months, o.exceptional_circumstances, o.gm_not_dismissed_reasons,
        o.aa_views_on_reduction, o.barred_list_noted, o.local_policing_body_copy_noted, o.decided_on,
    ) if o is not None else OutcomeDetails()
    why_not = {Outcome(k): v for k, v in (o.why_not or {}).items() if k in Outcome._value2member_map_} if o else {}
    verdicts, options_note = _verdicts(s, case, officer)
    level = most_serious(a.level for a in draft.allegations if a.level is not None)
    serious = level in (FindingLevel.MISCONDUCT, FindingLevel.GROSS_MISCONDUCT)
    rows = s.scalars(select(DecisionVersion).where(DecisionVersion.officer_id == officer.id)
                     .order_by(DecisionVersion.number))
    versions = tuple(VersionRecord(v.number, v.status, v.fingerprint, v.created_at, v.override_reason, v.note)
                     for v in rows)
    current = snapshot(findings, draft.seriousness, outcome, why_not, _advice(s, officer))
    return DecisionRecord(
        case.id, officer.id, choices, Proceeding(case.proceeding), outcome_rules, note, officer.former_officer,
        level, findings, draft.seriousness, outcome, why_not, outcome_options(verdicts, outcome.outcome),
        options_note, blocking, warnings, versions, items, serious,
        presumption_applies(outcome_rules, level, officer.former_officer),
        gm_report_applies(panel_rules, level, officer.former_officer), current.fingerprint)


_PAGE_COUNTER = evidence_labels.PageCounter()  # page counts of typed items, used on the database thread only


def _printed_label(placed: dict[int, evidence_labels.Placed]) -> CitationLabel:
    """Citations labelled as the printed bundle and the notice show them: the stamped page ("B6"), or the
    item's first page with the exhibit and time ("C1, BWV-1 00:03:18")."""

    def label(c: Citation) -> str:
        where = placed.get(c.evidence_id)
        if where is None:
            return drafts.citation_label(c)
        if c.page is not None and 1 <= c.page <= where.pages:
            return where.page(c.page)
        if c.at_seconds is not None:
            exhibit = c.evidence.exhibit_ref
            return f"{where.first}, {exhibit + ' ' if exhibit else ''}{hms(c.at_seconds)}"
        return where.first

    return label


def _finding(a: Allegation, blocking: Sequence[ReadinessItem], warnings: Sequence[ReadinessItem],
             label: CitationLabel = drafts.citation_label) -> FindingRecord:
    f = a.finding
    citations = tuple(CitationRecord(c.id, c.evidence_id, c.page, c.at_seconds, c.note, label(c),
                                     c.evidence.title) for c in f.citations) if f is not None else ()
    mine = [p for p in blocking if p.allegation == a.number]
    minor = [p for p in warnings if p.allegation == a.number]
    return FindingRecord(a.id, a.number, a.particulars, tuple(sorted(a.standards or ())), FindingLevel(a.alleged_level),
                         drafts.finding_details(f), citations, a.incident, len(mine), len(minor))
