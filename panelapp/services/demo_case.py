"""DEMO-001: a realistic, wholly fictional case for trying the app. Every name and place is invented.

One officer, three allegations with mixed findings, a dozen evidence items in sections A–E, a decision
marked final (version 1; reopen it to try the decision screens). Which rules apply differs by question
(issue #7 item 2): the allegations came to attention in September/October 2024, before 28 May 2025, so the
old outcome rules apply (SI 2025/558 reg 64(1)), though the hearing sat in June 2025; the reg 30 notice of
10 February 2025 puts the panel under SI 2024/521 (chair + two independent members, LQP advising) and the
former-officer schedule as it stood before SI 2025/558 (reg 64(3)).

Those dates decide the law and stay as they are. The hearing and what followed it (decision, the adviser's
advice) move with `today` when one is given (the app's demo): they fall in the week before, so the case
reads as just heard, its outcome report due within days ("3 working days left"), rather than a year
overdue. Without `today` (tests, whose time limits are counted to a fixed day) the story keeps June 2025.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from panelapp.domain.decision_records import FINAL
from panelapp.domain.rules import regime_for
from panelapp.domain.vocabulary import EvidenceKind as K
from panelapp.models.schema import (
    Allegation,
    Case,
    Citation,
    EvidenceItem,
    Finding,
    KeyMoment,
    LqpAdvice,
    Officer,
    OfficerWarning,
    OutcomeDecision,
    PanelMember,
    Seriousness,
    VettingEntry,
)
from panelapp.reports.text_document import TextDocument, render
from panelapp.services.audit_state import record_case_state, record_untracked_state
from panelapp.services.decision_service import add_version
from panelapp.services.evidence_import import Placement, ingest

REFERENCE = "DEMO-001"
FORCE = "Northmoor Constabulary (fictional)"
D = dt.date
HEARING_START, HEARING_END = D(2025, 6, 9), D(2025, 6, 11)  # Monday to Wednesday


def hearing_shift(today: dt.date | None) -> dt.timedelta:
    """How far the hearing moves: to end on the last Wednesday before `today` (whole weeks, so it stays
    Monday to Wednesday); nothing without `today`."""
    if today is None:
        return dt.timedelta(0)
    last_wednesday = today - dt.timedelta(days=(today.weekday() - 2 - 1) % 7 + 1)
    return last_wednesday - HEARING_END


def _statement(title: str, who: str, when: dt.date, paragraphs: tuple[str, ...]) -> bytes:
    return render(TextDocument(
        title=title,
        heading_lines=(f"Statement of: {who}", f"Date: {when:%d %B %Y}", f"Case: {REFERENCE} (fictional demo)"),
        paragraphs=paragraphs,
        footer=f"{REFERENCE} — fictional demonstration material",
        signature=("I believe the facts stated in this statement are true.", f"Signed: {who}"),
    ))


_PDFS: tuple[tuple[str, str, K, str, str, dt.date, tuple[str, ...]], ...] = (
    ("A", "Regulation 30 notice and allegations", K.DOCUMENT, "reg30-notice.pdf", "Professional Standards",
     D(2025, 2, 10), (
        "Notice is given under regulation 30 of the Police (Conduct) Regulations 2020 that PC 4417 Owen Hartley is "
        "required to attend a misconduct hearing.",
        "Allegation 1: on 14 September 2024 at Quayside Road, PC Hartley used force on Mr Lewis Penrose that was "
        "not necessary, proportionate or reasonable, namely striking him twice after he was restrained. "
        "Standard 4 (Use of Force). Alleged to amount to gross misconduct.",
        "Allegation 2: PC Hartley spoke to Mr Penrose in a derogatory and insulting manner. Standard 2 (Authority, "
        "Respect and Courtesy). Alleged to amount to misconduct.",
        "Allegation 3: PC Hartley failed to complete a use of force form before the end of his tour of duty. "
        "Standard 6 (Duties and Responsibilities). Alleged to amount to misconduct.")),
    ("A", "Officer's response (regulation 31)", K.OFFICER_RESPONSE, "officer-response.pdf", "PC 4417 O. Hartley",
     D(2025, 3, 3), (
        "I accept that I used force on Mr Penrose. I deny that the force was unnecessary: he had kicked out at my "
        "colleague and I believed he was reaching for my baton.",
        "I accept that I swore at Mr Penrose and apologise for the language I used.",
        "I deny allegation 3. I completed the use of force form on the force system at the end of my shift; I "
        "cannot explain why it does not appear.")),
    ("B", "Witness statement of Lewis Penrose", K.WITNESS_STATEMENT, "statement-penrose.pdf", "Lewis Penrose",
     D(2024, 9, 20), (
        "On the evening of 14 September 2024 I was outside the Anchor public house on Quayside Road when two police "
        "officers approached me.",
        "I was put on the ground and handcuffed. Once I was handcuffed, the taller officer hit me twice on the side "
        "of my head with his fist. I was not struggling by then.",
        "He called me names I will not repeat. I went to hospital the next day with a cut above my eye.")),
    ("B", "Witness statement of Amira Castell", K.WITNESS_STATEMENT, "statement-castell.pdf", "Amira Castell",
     D(2024, 9, 22), (
        "I was waiting at the bus stop opposite the Anchor. I saw a man being held on the ground by two officers.",
        "After he was handcuffed I saw one officer bring his arm down twice towards the man's head. I could not see "
        "whether the blows landed. I heard shouting and swearing from the officers.")),
    ("B", "Witness statement of PC 3390 Nadia Brook", K.WITNESS_STATEMENT, "statement-brook.pdf", "PC 3390 N. Brook",
     D(2024, 9, 16), (
        "I was crewed with PC Hartley. Mr Penrose kicked out at me as we took him to the ground.",
        "I was applying the handcuffs and did not see PC Hartley strike Mr Penrose. I heard PC Hartley swear at him.",
        "I saw PC Hartley at the terminal at the end of our shift but I do not know what he was typing.")),
    ("D", "Use of force records extract", K.DOCUMENT, "use-of-force-extract.pdf", "Force Systems Unit",
     D(2024, 10, 2), (
        "Search of the use of force recording system for officer collar number 4417, 14-15 September 2024.",
        "One draft record was created at 23:52 on 14 September 2024. The record was not submitted and was "
        "automatically discarded after 72 hours.")),
    ("E", "Custody record extract", K.DOCUMENT, "custody-record.pdf", "Custody Sergeant 1120", D(2024, 9, 14), (
        "Detained person: Lewis Penrose. Arrived 21:47. Visible injury: small laceration above the left eye, "
        "reported by the detained person as caused during arrest.",
        "Healthcare professional called at 22:05; wound cleaned, no further treatment needed.")),
)


def build_demo_case(session: Session, today: dt.date | None = None) -> str:
    """Create DEMO-001 in the caller's transaction; returns its reference. Audited as the case's state.

    With `today`, the hearing and its decision fall in the week before it (see the module's docstring)."""
    shift = hearing_shift(today)
    record_untracked_state(session)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    issued = D(2025, 2, 10)
    case = Case(
        reference=REFERENCE, force=FORCE, issued_on=issued, regime=regime_for(issued).value, proceeding="hearing",
        status="heard", hearing_start=HEARING_START + shift, hearing_end=HEARING_END + shift,
        venue="Northmoor Police Headquarters, Conference Room 2 (fictional)", public=True, anonymity_order=False,
        iopc_involvement="directed", severity_assessed_on=D(2024, 11, 4), reg30_notice_on=issued,
        reg30_notice_method="hand",
        officer_response_on=D(2025, 3, 3), documents_to_chair_on=D(2025, 3, 17),
        presenting="Ms R. Okafor, counsel for the appropriate authority (fictional)", created_at=now,
    )
    case.panel = [
        PanelMember(position=1, name="ACC Helen Marsh (fictional)", role="chief_officer_chair"),
        PanelMember(position=2, name="Mr David Quill (fictional)", role="independent_member"),
        PanelMember(position=3, name="Dr Sunita Rao (fictional)", role="independent_member"),
        PanelMember(position=4, name="Ms Joanna Fell (fictional)", role="legally_qualified_person"),
    ]
    officer = Officer(
        position=1, name="Owen Hartley", rank="PC", warrant_number="4417", unit="Response Team 3, Harbour District",
        service_start=D(2016, 4, 11), date_of_birth=D(1990, 7, 23), former_officer=False,
        ever_reduced_in_rank=False, representative="Mr P. Dunmore, Police Federation representative (fictional)",
    )
    officer.warnings = [OfficerWarning(kind="written_warning", given_on=D(2021, 3, 1), period_months=18)]
    # Mr Penrose complained the day after his arrest; the missing use of force form came to light when the
    # force systems unit searched for it. All three arise from the one arrest (one incident, reg 42(6)).
    arrest = "Quayside Road arrest, 14 Sep 2024"
    a1 = Allegation(number=1, particulars="Struck Mr Penrose twice after he was restrained.", standards=[4],
                    alleged_level="gross_misconduct", came_to_attention_on=D(2024, 9, 15), incident=arrest)
    a2 = Allegation(number=2, particulars="Spoke to Mr Penrose in a derogatory and insulting manner.",
                    standards=[2], alleged_level="misconduct", came_to_attention_on=D(2024, 9, 15), incident=arrest)
    a3 = Allegation(number=3, particulars="Failed to complete a use of force form.", standards=[6],
                    alleged_level="misconduct", came_to_attention_on=D(2024, 10, 2), incident=arrest)
    officer.allegations = [a1, a2, a3]
    case.officers = [officer]
    session.add(case)
    session.flush()

    items: dict[str, EvidenceItem] = {}
    for section, title, kind, filename, author, dated, paragraphs in _PDFS:
        data = _statement(title, author, dated, paragraphs)
        item = ingest(session, case, filename, [data], len(data), Placement(kind=kind, section=section, title=title))
        item.author, item.dated = author, dated
        items[filename] = item

    bwv1 = EvidenceItem(
        case_id=case.id, kind=K.BODY_WORN_VIDEO.value, title="BWV — PC Hartley's camera", section="C", position=1,
        exhibit_ref="BWV-1", device="Axon Body 3, serial X60A1234 (fictional)", wearer="PC 4417 Hartley",
        started_at=dt.datetime(2024, 9, 14, 21, 12, 5), ended_at=dt.datetime(2024, 9, 14, 21, 31, 40),
        media_sha256="3f6c1e0a9b7d2c4e8f1a0b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e",
        notes="Held by the appropriate authority; reference only.", dated=D(2024, 9, 14), author="PC 4417 Hartley",
    )
    bwv1.key_moments = [
        KeyMoment(at_seconds=95, note="Officers approach Mr Penrose outside the Anchor."),
        KeyMoment(at_seconds=170, note="Mr Penrose taken to the ground; kick towards PC Brook."),
        KeyMoment(at_seconds=192, note="Handcuffs applied."),
        KeyMoment(at_seconds=198, note="Two downward arm movements towards Mr Penrose's head."),
    ]
    bwv2 = EvidenceItem(
        case_id=case.id, kind=K.BODY_WORN_VIDEO.value, title="BWV — PC Brook's camera", section="C", position=2,
        exhibit_ref="BWV-2", device="Axon Body 3, serial X60A5678 (fictional)", wearer="PC 3390 Brook",
        started_at=dt.datetime(2024, 9, 14, 21, 12, 30), ended_at=dt.datetime(2024, 9, 14, 21, 25, 2),
        media_sha256="9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9",
        notes="Camera view obscured during restraint.", dated=D(2024, 9, 14), author="PC 3390 Brook",
    )
    bwv2.key_moments = [
        KeyMoment(at_seconds=145, note="Audio: PC Hartley swears at Mr Penrose."),
        KeyMoment(at_seconds=166, note="View obscured by PC Brook's arm."),
    ]
    cctv = EvidenceItem(
        case_id=case.id, kind=K.CCTV.value, title="CCTV — Quayside Road camera 7", section="C", position=3,
        exhibit_ref="CCTV-1", device="Harbour District council camera 7 (fictional)",
        started_at=dt.datetime(2024, 9, 14, 21, 0, 0), ended_at=dt.datetime(2024, 9, 14, 21, 45, 0),
        media_sha256="0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c8d9eafb",
        notes="Long-range view; the restraint is partly hidden by a parked van.", dated=D(2024, 9, 14),
    )
    cctv.key_moments = [KeyMoment(at_seconds=13 * 60 + 10, note="Restraint begins beside the parked van.")]
    vetting = EvidenceItem(
        case_id=case.id, kind=K.VETTING_RECORD.value, title="Vetting history — PC Hartley", section="D",
        position=2, exhibit_ref="VET-1", author="Force Vetting Unit", dated=D(2025, 1, 15),
    )
    vetting.vetting = [
        VettingEntry(level="RV", decision="granted", decided_on=D(2016, 1, 20), review_due_on=D(2026, 1, 20),
                     reviewer="Force Vetting Unit", notes="Recruitment vetting on joining."),
        VettingEntry(level="NPPV2", decision="granted", decided_on=D(2019, 6, 3), review_due_on=D(2026, 6, 3),
                     reviewer="Force Vetting Unit", notes="For custody suite access."),
        VettingEntry(level="RV", decision="reviewed", decided_on=D(2024, 11, 20), reviewer="Force Vetting Unit",
                     notes="Adverse-information review after the conduct referral; clearance maintained pending "
                           "the outcome of proceedings."),
    ]
    session.add_all([bwv1, bwv2, cctv, vetting])
    session.flush()

    items["statement-penrose.pdf"].allegations = [a1, a2]
    items["statement-castell.pdf"].allegations = [a1, a2]
    items["statement-brook.pdf"].allegations = [a1, a2, a3]
    items["use-of-force-extract.pdf"].allegations = [a3]
    items["custody-record.pdf"].allegations = [a1]
    bwv1.allegations, bwv2.allegations, cctv.allegations = [a1, a2], [a2], [a1]

    a1.finding = Finding(
        facts="proved", standards_breached=[4], level="gross_misconduct",
        reasons="The BWV shows two downward blows after the handcuffs were on; Mr Penrose was no longer resisting. "
                "Ms Castell's independent account supports this. The force was not necessary or proportionate.",
        citations=[Citation(evidence_id=bwv1.id, at_seconds=198, note="two blows after handcuffing"),
                   Citation(evidence_id=items["statement-castell.pdf"].id, page=1),
                   Citation(evidence_id=items["custody-record.pdf"].id, page=1, note="laceration recorded")],
    )
    a2.finding = Finding(
        facts="proved", standards_breached=[2], level="misconduct",
        reasons="Admitted in the officer's response and audible on PC Brook's BWV.",
        citations=[Citation(evidence_id=bwv2.id, at_seconds=145),
                   Citation(evidence_id=items["officer-response.pdf"].id, page=1)],
    )
    a3.finding = Finding(
        facts="not_proved", standards_breached=[], level="not_proved",
        reasons="The system shows a draft created at 23:52 that was not submitted. The panel cannot exclude a "
                "system fault on the balance of probabilities.",
        citations=[Citation(evidence_id=items["use-of-force-extract.pdf"].id, page=1)],
    )
    officer.seriousness = Seriousness(
        culpability="Deliberate blows to the head of a restrained man: an abuse of the power to use force.",
        harm="A head injury to Mr Penrose and serious harm to public confidence in policing.",
        aggravating="The victim was restrained and defenceless; the blows were to the head.",
        mitigating="Spontaneous rather than premeditated; the incident followed a kick towards a colleague.",
        personal_mitigation="Eight years' service, positive references and remorse for the language used; "
                            "limited weight given the seriousness.",
        purpose="Maintaining public confidence and proper standards requires a severe outcome for unjustified "
                "violence against a restrained person.",
    )
    officer.outcome = OutcomeDecision(
        outcome="dismissal_without_notice",
        reasons="Unnecessary violence against a restrained person is incompatible with continued service.",
        why_not={"final_written_warning": "Would not reflect the seriousness or maintain public confidence.",
                 "reduction_in_rank": "Not available: PC Hartley is a constable; and would not meet the purpose."},
        barred_list_noted=True, decided_on=HEARING_END + shift,
    )
    case.lqp_advice = [LqpAdvice(given_on=HEARING_END + shift, subject="Outcome",
                                 advice="Dismissal without notice is within the range of reasonable outcomes; "
                                        "the panel must give reasons why a final written warning is insufficient.",
                                 followed=True)]
    session.flush()
    add_version(session, officer, FINAL)  # the demo decision as the panel issued it (reopen it to try editing)
    record_case_state(session, case.id, "case.demo_created")
    return REFERENCE
