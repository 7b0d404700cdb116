"""Documents that leave the app: the outcome notice, the public outcome notice and the hearing bundle.

Each function loads one case from the store into the reports' plain data and returns PDF bytes (or
writes the bundle to a stream). Deliberation (private notes, votes) is never read here. Saving to a
path the user chose goes through `save_pdf`: an atomic write and an audit entry with the file's hash.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from panelapp.domain import deadlines, readiness, rules
from panelapp.domain.case_records import public_stand_ins
from panelapp.domain.errors import NotFoundError, RefusedError
from panelapp.domain.text_rules import letter_label
from panelapp.domain.vocabulary import (
    STANDARDS,
    EvidenceKind,
    FactsFinding,
    FindingLevel,
    Outcome,
    PanelRole,
    Proceeding,
    Regime,
)
from panelapp.models.audit import append_entry
from panelapp.models.schema import AttachmentChunk, Case, Citation, DecisionVersion, EvidenceItem, Officer
from panelapp.reports import bundle, outcome_notice, public_notice
from panelapp.reports.data import (
    AppealRoute,
    BundleData,
    FindingNotice,
    OutcomeNotice,
    OutcomeNoticeData,
    PanelLine,
    PublicFinding,
    PublicNoticeData,
)
from panelapp.reports.wording import (
    PAT_GROUNDS,
    AdviceLine,
    CitationRef,
    PersonName,
    Redaction,
    barred_list_text,
    citation_label,
    lqp_text,
    officer_names,
    published_form,
    redact_people,
    titled_names,
)
from panelapp.services import bundle_rows, decision_drafts
from panelapp.services.audit_state import refuse_if_altered
from panelapp.services.bundle_rows import bundle_item
from panelapp.services.files import write_atomically, write_atomically_from
from panelapp.services.stored_files import StoredFileReader

_CHAIRS = (PanelRole.CHIEF_OFFICER_CHAIR, PanelRole.LEGALLY_QUALIFIED_CHAIR, PanelRole.MEETING_CHAIR)
_DISMISSALS = (Outcome.DISMISSAL_WITHOUT_NOTICE, Outcome.WOULD_HAVE_BEEN_DISMISSED)


# --- loading ----------------------------------------------------------------------------------------
def load_case_to_print(session: Session, reference: str) -> Case:
    """The case, refused (`AlteredCaseError`, one line) if its rows no longer match its audit log: nothing
    printed or exported may carry a change made outside panelapp."""
    case = load_case(session, reference)
    refuse_if_altered(session, case.id)
    return case


def load_case(session: Session, reference: str) -> Case:
    evidence = selectinload(Case.evidence)
    case = session.scalar(select(Case).where(Case.reference == reference).options(
        evidence.selectinload(EvidenceItem.attachment), evidence.selectinload(EvidenceItem.key_moments),
        evidence.selectinload(EvidenceItem.vetting)))
    if case is None:
        raise NotFoundError(f"no case {reference!r} in this store")
    return case


def _officer(case: Case, position: int) -> Officer:
    officer = next((o for o in case.officers if o.position == position), None)
    if officer is None:
        raise NotFoundError(f"case {case.reference} has no officer number {position}")
    return officer


def _standard(n: int) -> str:
    return f"{n} — {STANDARDS[n][0]}" if n in STANDARDS else str(n)


def bundle_data(case: Case) -> BundleData:
    return bundle_rows.bundle_data(case, case.officers, case.sections,
                                   (bundle_item(e, e.attachment, e.key_moments, e.vetting) for e in case.evidence))


def _plan(session: Session, case: Case, *, with_images: bool) -> tuple[BundleData, bundle.BundlePlan]:
    data = bundle_data(case)
    by_id = {e.id: e for e in case.evidence}

    def image(key: int) -> bytes:
        attachment = by_id[key].attachment
        assert attachment is not None
        return StoredFileReader(session, attachment.id).read_all()

    return data, bundle.plan(data, image if with_images else None)


# --- the decision -----------------------------------------------------------------------------------
def _decision_problems(case: Case, officer: Officer, layout: bundle.BundlePlan) -> list[str]:
    """Why a final notice may not issue: the decision is not marked final, or the readiness engine still
    finds blocking problems (checked through the one converter the decision screens use). A decision marked
    final over blocking problems, with an override reason recorded in its version, issues as the panel
    decided."""
    session = object_session(case)
    assert session is not None
    latest = session.scalar(select(DecisionVersion).where(DecisionVersion.officer_id == officer.id)
                            .order_by(DecisionVersion.number.desc()).limit(1))
    if latest is None or latest.status != "final":
        return ["the decision is not marked final (mark it final on the Outcome tab)"]
    if latest.override_reason.strip():
        return []
    draft = decision_drafts.decision_draft(session, case, officer, cite=lambda c: _cite(layout, c))
    return [str(p) for p in readiness.check_decision(draft).blocking]


def _rule_sets(case: Case) -> tuple[Regime, Regime]:
    """The rule sets for the outcomes and the panel (see `decision_drafts.case_rule_sets`)."""
    outcomes, panel, _ = decision_drafts.case_rule_sets(case)
    return outcomes, panel


def _cite(layout: bundle.BundlePlan, c: Citation) -> str:
    return citation_label(layout, CitationRef(c.evidence_id, c.page, c.at_seconds, c.evidence.exhibit_ref, c.note))


def _issued_on(case: Case, officer: Officer, given: date | None = None) -> date | None:
    """The day the notice is supplied: the caller's date, else the one recorded, else the decision's."""
    decided = officer.outcome.decided_on if officer.outcome else None
    return given or case.outcome_notified_on or decided or case.hearing_end


def _deadline(case: Case, officer: Officer, key: str, issued: date | None) -> deadlines.Deadline | None:
    o = officer.outcome
    facts = deadlines.CaseFacts(
        proceeding=Proceeding(case.proceeding), hearing_end=case.hearing_end,
        outcome_decided_on=o.decided_on if o else None, outcome_notified_on=issued,
        outcome=Outcome(o.outcome) if o and o.outcome else None, published_on=issued)
    return next((d for d in deadlines.statutory_deadlines(facts) if d.key == key), None)


def _outcome(officer: Officer, issued: date | None) -> OutcomeNotice | None:
    o = officer.outcome
    if o is None or not o.outcome:
        return None
    outcome = Outcome(o.outcome)
    duration, expires = "", None
    if outcome in (Outcome.WRITTEN_WARNING, Outcome.FINAL_WRITTEN_WARNING):
        months = o.warning_months or (18 if outcome is Outcome.WRITTEN_WARNING else 24)
        duration = f"{months // 12} years" if months % 12 == 0 else f"{months} months"
        expires = _last_day(outcome, issued, months) if issued else None
    why_not = tuple((Outcome(k).label, v) for k, v in sorted(
        o.why_not.items(), key=lambda kv: rules.OUTCOME_SEVERITY.index(Outcome(kv[0]))))
    return OutcomeNotice(outcome.label, o.reasons, duration, expires, o.exceptional_circumstances, why_not)


def _last_day(outcome: Outcome, issued: date, months: int) -> date:
    """The last day the warning is in force, from the rules engine."""
    return rules.warning_last_day(outcome.value, issued, months)


def _appeal(case: Case, officer: Officer, issued: date | None) -> AppealRoute:
    meeting = Proceeding(case.proceeding) is Proceeding.MEETING
    row = _deadline(case, officer, "meeting_appeal" if meeting else "pat_appeal", issued)
    return AppealRoute(
        body="an appeal meeting under regulation 45" if meeting else "the Police Appeals Tribunal",
        regulation=f"{row.regulation}: {row.days} working days" if row else "",
        deadline=row.due if row else None, counted_from=issued,
        grounds=PAT_GROUNDS if not meeting else "", verified=bool(row and row.verified),
    )


def outcome_notice_data(session: Session, reference: str, *, draft: bool = False, officer_position: int = 1,
                        issued_on: date | None = None) -> OutcomeNoticeData:
    case = load_case_to_print(session, reference)
    officer = _officer(case, officer_position)
    _, layout = _plan(session, case, with_images=False)
    if not draft:
        problems = _decision_problems(case, officer, layout)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise RefusedError(f"{reference}: the decision is not ready to issue: {problems[0]}{more}; "
                               "make a draft instead")
    findings = []
    for a in officer.allegations:
        f = a.finding
        findings.append(FindingNotice(
            number=a.number, particulars=a.particulars, standards=tuple(_standard(n) for n in a.standards),
            alleged_level=FindingLevel(a.alleged_level).label,
            facts=FactsFinding(f.facts).label if f else "No finding recorded",
            level=FindingLevel(f.level).label if f else "No finding recorded",
            standards_breached=tuple(_standard(n) for n in f.standards_breached) if f else (),
            reasons=f.reasons if f else "", citations=tuple(_cite(layout, c) for c in f.citations) if f else ()))
    s = officer.seriousness
    seriousness = tuple((h, t) for h, t in (
        ("Culpability", s.culpability), ("Harm", s.harm), ("Aggravating factors", s.aggravating),
        ("Mitigating factors", s.mitigating), ("Purpose of the outcome", s.purpose),
        ("Personal mitigation", s.personal_mitigation)) if t.strip()) if s else ()
    chair = next((m for role in _CHAIRS for m in case.panel if m.role == role.value), None)
    o = officer.outcome
    outcome = Outcome(o.outcome) if o and o.outcome else None
    issued = _issued_on(case, officer, issued_on)
    barred = _deadline(case, officer, "barred_list", issued) if outcome in _DISMISSALS else None
    return OutcomeNoticeData(
        reference=case.reference, force=case.force, officer_name=officer.name, officer_rank=officer.rank,
        warrant_number=officer.warrant_number, unit=officer.unit, former_officer=officer.former_officer,
        proceeding=Proceeding(case.proceeding).label, rules=_rule_sets(case)[0].label,
        hearing_start=case.hearing_start, hearing_end=case.hearing_end, venue=case.venue,
        held_in_public=case.public, panel=tuple(PanelLine(PanelRole(m.role).label, m.name) for m in case.panel),
        findings=tuple(findings), seriousness=seriousness, outcome=_outcome(officer, issued),
        appeal=_appeal(case, officer, issued) if outcome else None,
        barred_list=barred_list_text(officer.former_officer, barred.due if barred else None)
        if outcome in _DISMISSALS else "",
        local_policing_body=("A copy of this report is sent to the local policing body, as the Regulations "
                             "require where gross misconduct is found and the officer is not dismissed.")
        if o and o.local_policing_body_copy_noted else "",
        lqp_advice=lqp_text(AdviceLine(a.subject, a.given_on, a.advice, a.followed, a.reasons_if_not)
                            for a in case.lqp_advice), decided_on=o.decided_on if o else None,
        issued_on=issued,
        signatory=PanelLine(PanelRole(chair.role).label, chair.name) if chair else None,
        representative=officer.representative, draft=draft,
    )


@dataclass(frozen=True)
class PublicNoticeChecks:
    """What to point out before the published notice leaves the app: a warning, not a refusal (a name printed
    without a title is not found, and a name found may be one the notice may print)."""

    # (allegation number, name) for each name the notice still prints after a title or rank ("Mrs Jane Smith"),
    # other than the officer's: someone whom neither the case's records nor its "not named in public" list
    # keeps out.
    unlisted: tuple[tuple[int, str], ...]
    # (listed name, the word it shares with the officer the notice may name): a mention by that word alone is
    # left as written (`_unpublished_people`).
    shared: tuple[tuple[str, str], ...]


def public_notice_data(session: Session, reference: str, *, draft: bool = False, officer_position: int = 1,
                       issued_on: date | None = None) -> PublicNoticeData:
    return _public_notice(session, reference, draft=draft, officer_position=officer_position,
                          issued_on=issued_on)[0]


def public_notice_checks(session: Session, reference: str, *, officer_position: int = 1) -> PublicNoticeChecks:
    return _public_notice(session, reference, draft=True, officer_position=officer_position, issued_on=None)[1]


def public_notice_with_checks(session: Session, reference: str, *, draft: bool = False, officer_position: int = 1,
                              issued_on: date | None = None) -> tuple[bytes, PublicNoticeChecks]:
    """The published notice as PDF bytes (as `outcome_notice_pdf(public=True)`), with its checks."""
    data, checks = _public_notice(session, reference, draft=draft, officer_position=officer_position,
                                  issued_on=issued_on)
    return public_notice.render(data), checks


def _public_notice(session: Session, reference: str, *, draft: bool, officer_position: int,
                   issued_on: date | None) -> tuple[PublicNoticeData, PublicNoticeChecks]:
    notice = outcome_notice_data(session, reference, draft=draft, officer_position=officer_position,
                                 issued_on=issued_on)
    case = load_case(session, reference)
    officer = _officer(case, officer_position)
    shown = (case.pseudonym or "Officer A") if case.anonymity_order else f"{officer.rank} {officer.name}".strip()

    people = _unpublished_people(case, officer, shown)

    def clean(value: str) -> str:
        return redact_people(published_form(value), people)

    outcome = notice.outcome
    takedown = _deadline(case, officer, "publication_takedown", notice.issued_on)
    detail = ", ".join(x for x in (outcome.duration if outcome else "",) if x)
    data = PublicNoticeData(
        reference=case.reference, force=case.force, officer=shown, anonymity_order=case.anonymity_order,
        former_officer=officer.former_officer, proceeding=notice.proceeding, hearing_start=case.hearing_start,
        hearing_end=case.hearing_end, venue=case.venue, held_in_public=case.public,
        panel_roles=tuple(m.role for m in notice.panel),
        findings=tuple(PublicFinding(f.number, clean(f.particulars), f.standards_breached or f.standards, f.level)
                       for f in notice.findings),
        outcome=outcome.label if outcome else "No outcome decided", outcome_detail=detail,
        barred_list=("The former officer's name will be included in the police barred list."
                     if officer.former_officer else "The officer's name will be included in the police barred "
                     "list.") if notice.barred_list else "",
        published_on=notice.issued_on, take_down_on=takedown.due if takedown else None, draft=draft,
    )
    allowed = [shown] if case.anonymity_order else officer_names(officer.name, officer.rank, officer.warrant_number)
    words = _officer_words(case, officer)
    return data, PublicNoticeChecks(
        unlisted=tuple((f.number, name) for f in data.findings for name in titled_names(f.summary, allowed)),
        shared=tuple((recorded, part) for recorded, _ in public_stand_ins(case.not_named_in_public or "")
                     for part in PersonName.parse_listed(recorded).parts if part.lower() in words))


def _officer_words(case: Case, officer: Officer) -> set[str]:
    """The officer's names, lower case, where the published notice may print them (no anonymity order)."""
    return set() if case.anonymity_order else {w.lower() for w in PersonName.parse(officer.name).parts}


def _unpublished_people(case: Case, officer: Officer, shown: str) -> list[Redaction]:
    """Everyone the case knows by name whom the published notice may not name (DOMAIN.md §8: the officer's
    rank and name, or the pseudonym under an anonymity order; the panel by role; nobody else): witnesses
    (authors of witness statements, camera wearers) as "[Witness A]", "[Witness B]"… in bundle order;
    the panel, the representatives and the presenting officer by role; the officer, and any other officer
    in the case, under an anonymity order; and everyone on the case's "not named in public" list (a
    complainant named only in the particulars), as the list says or as "[Person A]", "[Person B]"…, in any
    case. A witness who is also on the list is shown as the list says where the two are named alike, and keeps
    their own stand-in for the rest. Without an anonymity order, a listed name's single word that is also one
    of the officer's names ("Jane Hartley" and PC Hartley) is left to the officer (`PublicNoticeChecks.shared`
    warns of it), so a mention of the officer never becomes the complainant's stand-in."""
    officers = [(o, PersonName.parse(f"{o.name} {o.warrant_number}")) for o in case.officers]
    people: list[Redaction] = []
    officer_words = _officer_words(case, officer)
    for recorded, stand_in in public_stand_ins(case.not_named_in_public or ""):
        forms = PersonName.parse_listed(recorded).forms()
        people.append(Redaction(tuple(f for f in forms if " " in f or f.lower() not in officer_words), stand_in,
                                any_case=True))
    if case.anonymity_order:
        people.append(Redaction(tuple(officer_names(officer.name, officer.rank, officer.warrant_number)), shown,
                                any_case=True))
        people += [Redaction(name.forms(), "[another officer concerned]", any_case=True)
                   for o, name in officers if o is not officer]
    witnesses: list[PersonName] = []
    for e in case.evidence:
        for recorded in ((e.author,) if e.kind == EvidenceKind.WITNESS_STATEMENT.value else ()) + (e.wearer,):
            name = PersonName.parse(recorded)
            if name.parts and not any(name.same_person(known) for known in
                                      (*witnesses, *(n for _, n in officers))):
                witnesses.append(name)
    people += [Redaction(w.forms(), f"[Witness {letter_label(i)}]") for i, w in enumerate(witnesses)]
    people += [Redaction(PersonName.parse(m.name).forms(), "[a panel member]") for m in case.panel]
    people += [Redaction(PersonName.parse(o.representative).forms(), "[the officer's representative]")
               for o in case.officers if o.representative]
    if case.presenting:
        people.append(Redaction(PersonName.parse(case.presenting).forms(), "[the presenting officer]"))
    return people


# --- the use cases ----------------------------------------------------------------------------------
def outcome_notice_pdf(session: Session, reference: str, *, public: bool = False, draft: bool = False,
                       officer_position: int = 1, issued_on: date | None = None) -> bytes:
    """The outcome notice to the officer (or, with `public`, the published notice) as PDF bytes.

    `issued_on` is the day the notice is supplied (the appeal clock and publication run from it); by
    default the outcome-notified date recorded on the case, else the decision date. A final notice
    (`draft=False`) is refused with RefusedError until the decision passes the readiness check;
    NotFoundError for an unknown case or officer.
    """
    if public:
        return public_notice.render(public_notice_data(session, reference, draft=draft,
                                                       officer_position=officer_position, issued_on=issued_on))
    return outcome_notice.render(outcome_notice_data(session, reference, draft=draft,
                                                     officer_position=officer_position, issued_on=issued_on))


def write_bundle(session: Session, reference: str, out: BinaryIO) -> None:
    """Write the hearing bundle to `out`, reading stored PDFs chunk by chunk as they are merged."""
    case = load_case_to_print(session, reference)
    if not case.evidence:
        raise RefusedError(f"{reference}: the case has no evidence to bundle")
    data, layout = _plan(session, case, with_images=True)
    attachments = {e.id: e.attachment for e in case.evidence if e.attachment is not None}

    def open_pdf(key: int) -> BinaryIO:
        attachment = attachments[key]
        first = session.scalar(select(AttachmentChunk.data).where(AttachmentChunk.attachment_id == attachment.id)
                               .order_by(AttachmentChunk.seq).limit(1))
        if first is not None and len(first) == attachment.size:  # one chunk, as most evidence PDFs are
            return io.BytesIO(first)
        return io.BufferedReader(StoredFileReader(session, attachment.id, cache_chunks=1), 256 * 1024)

    bundle.build(data, layout, open_pdf, out)


def bundle_pdf(session: Session, reference: str) -> bytes:
    out = io.BytesIO()
    write_bundle(session, reference, out)
    return out.getvalue()


def save_bundle(session: Session, reference: str, path: str | os.PathLike[str]) -> str:
    """Write the hearing bundle straight to a path the user chose (streamed through an atomic write, never
    whole in memory) and audit it with its SHA-256 (returned)."""
    case = load_case(session, reference)
    digest, size = write_atomically_from(path, lambda out: write_bundle(session, reference, out))
    append_entry(session, action="document.export.bundle", object_type="case", object_id=case.id,
                 content={"sha256": digest, "size": size, "document": "bundle"})
    return digest


def save_pdf(session: Session, reference: str, document: str, pdf: bytes, path: str | os.PathLike[str]) -> str:
    """Write `pdf` atomically to a path the user chose and audit it with its SHA-256 (returned)."""
    case = load_case(session, reference)
    digest = write_atomically(path, pdf)
    append_entry(session, action=f"document.export.{document}", object_type="case", object_id=case.id,
                 content={"sha256": digest, "size": len(pdf), "document": document})
    return digest
