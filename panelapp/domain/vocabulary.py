"""The words of the domain as enums, each with a human label.

Values are stable strings: they are stored in the case file and in exported JSON.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())


class Regime(_Labelled):
    """A rule set: which version of the Conduct Regulations answers a question about a case.

    Each amendment has its own trigger (see `rule_sets.py`); a case can answer the panel question
    under one rule set and the outcome question under another. R2012 is the Police (Conduct)
    Regulations 2012, whose outcomes this app does not check.
    """

    R2020 = "2020"
    R2024 = "2024"
    R2025 = "2025"
    R2012 = "2012"


class Proceeding(_Labelled):
    MEETING = "meeting"
    HEARING = "hearing"
    ACCELERATED_HEARING = "accelerated_hearing"


class FindingLevel(_Labelled):
    NOT_PROVED = "not_proved"
    NO_BREACH = "no_breach"
    PRACTICE_REQUIRING_IMPROVEMENT = "practice_requiring_improvement"
    MISCONDUCT = "misconduct"
    GROSS_MISCONDUCT = "gross_misconduct"


class Outcome(_Labelled):
    NO_ACTION = "no_action"
    REFLECTIVE_PRACTICE = "reflective_practice"
    WRITTEN_WARNING = "written_warning"
    FINAL_WRITTEN_WARNING = "final_written_warning"
    REDUCTION_IN_RANK = "reduction_in_rank"
    DISMISSAL_WITHOUT_NOTICE = "dismissal_without_notice"
    WOULD_HAVE_BEEN_DISMISSED = "would_have_been_dismissed"
    # Accelerated hearing finding less than gross misconduct (reg 62(8)).
    CASE_DISMISSED = "case_dismissed"
    CASE_RETURNED = "case_returned"


class PanelRole(_Labelled):
    LEGALLY_QUALIFIED_CHAIR = "legally_qualified_chair"
    CHIEF_OFFICER_CHAIR = "chief_officer_chair"
    POLICE_MEMBER = "police_member"
    INDEPENDENT_MEMBER = "independent_member"
    LEGALLY_QUALIFIED_PERSON = "legally_qualified_person"
    MEETING_CHAIR = "meeting_chair"
    SENIOR_OFFICER_CHAIR = "senior_officer_chair"
    HM_INSPECTOR_CHAIR = "hm_inspector_chair"


class OfficerCategory(_Labelled):
    """Which panel rules apply to the officer concerned (reg 28: senior officers differ)."""

    OTHER = "other"
    SENIOR_OFFICER = "senior_officer"  # above chief superintendent
    CHIEF_OFFICER = "chief_officer"  # chief constable, commissioner, deputy/assistant commissioner


class ServiceMethod(_Labelled):
    """How a notice was given (reg 9; electronic service from 28 May 2025)."""

    HAND = "hand"
    POST = "post"
    EMAIL = "email"


class RuleQuestion(_Labelled):
    """A question whose answer depends on which rule set applies."""

    OUTCOMES = "outcomes"
    PANEL = "panel"
    FORMER_OFFICER_SCHEDULE = "former_officer_schedule"


class WarningKind(_Labelled):
    WRITTEN = "written_warning"
    FINAL_WRITTEN = "final_written_warning"


class CaseStatus(_Labelled):
    PREPARING = "preparing"
    LISTED = "listed"
    HEARD = "heard"
    DECIDED = "decided"
    NOTICE_ISSUED = "notice_issued"
    CLOSED = "closed"


class IopcInvolvement(_Labelled):
    NONE = "none"
    DIRECTED = "directed"
    INDEPENDENT = "independent"


class EvidenceKind(_Labelled):
    WITNESS_STATEMENT = "witness_statement"
    OFFICER_RESPONSE = "officer_response"
    BODY_WORN_VIDEO = "body_worn_video"
    CCTV = "cctv"
    VETTING_RECORD = "vetting_record"
    DOCUMENT = "document"
    PHOTO = "photo"
    AUDIO = "audio"
    OTHER = "other"


class VettingLevel(_Labelled):
    RV = "RV"
    MV = "MV"
    NPPV1 = "NPPV1"
    NPPV2 = "NPPV2"
    NPPV3 = "NPPV3"
    CTC = "CTC"
    SC = "SC"
    ESC = "eSC"
    DV = "DV"


class VettingDecision(_Labelled):
    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    REVIEWED = "reviewed"
    APPEAL_UPHELD = "appeal_upheld"
    APPEAL_DISMISSED = "appeal_dismissed"


class FactsFinding(_Labelled):
    PROVED = "proved"
    NOT_PROVED = "not_proved"
    PARTLY_PROVED = "partly_proved"


_LABELS: dict[StrEnum, str] = {
    Regime.R2020: "Conduct Regs 2020 as made",
    Regime.R2024: "Conduct Regs 2020 as amended by SI 2024/521",
    Regime.R2025: "Conduct Regs 2020 as amended by SI 2025/558",
    Regime.R2012: "Police (Conduct) Regulations 2012",
    Proceeding.MEETING: "Misconduct meeting",
    Proceeding.HEARING: "Misconduct hearing",
    Proceeding.ACCELERATED_HEARING: "Accelerated misconduct hearing",
    FindingLevel.NOT_PROVED: "Not proved",
    FindingLevel.NO_BREACH: "No breach",
    FindingLevel.PRACTICE_REQUIRING_IMPROVEMENT: "Practice requiring improvement",
    FindingLevel.MISCONDUCT: "Misconduct",
    FindingLevel.GROSS_MISCONDUCT: "Gross misconduct",
    Outcome.NO_ACTION: "No action",
    Outcome.REFLECTIVE_PRACTICE: "Reflective practice review process (RPRP)",
    Outcome.WRITTEN_WARNING: "Written warning",
    Outcome.FINAL_WRITTEN_WARNING: "Final written warning",
    Outcome.REDUCTION_IN_RANK: "Reduction in rank",
    Outcome.DISMISSAL_WITHOUT_NOTICE: "Dismissal without notice",
    Outcome.WOULD_HAVE_BEEN_DISMISSED: "Would have been dismissed (former officer)",
    Outcome.CASE_DISMISSED: "Case dismissed (accelerated hearing)",
    Outcome.CASE_RETURNED: "Case returned to be dealt with under Part 4",
    PanelRole.LEGALLY_QUALIFIED_CHAIR: "Legally qualified chair",
    PanelRole.CHIEF_OFFICER_CHAIR: "Chair (chief officer or delegate)",
    PanelRole.POLICE_MEMBER: "Police member",
    PanelRole.INDEPENDENT_MEMBER: "Independent member",
    PanelRole.LEGALLY_QUALIFIED_PERSON: "Legally qualified person (adviser)",
    PanelRole.MEETING_CHAIR: "Misconduct meeting chair",
    PanelRole.SENIOR_OFFICER_CHAIR: "Chair (more senior officer from another force)",
    PanelRole.HM_INSPECTOR_CHAIR: "Chair (HM Chief Inspector of Constabulary or an HMI)",
    RuleQuestion.FORMER_OFFICER_SCHEDULE: "Former-officer schedule",
    WarningKind.WRITTEN: "Written warning",
    WarningKind.FINAL_WRITTEN: "Final written warning",
    IopcInvolvement.NONE: "None",
    IopcInvolvement.DIRECTED: "Directed investigation",
    IopcInvolvement.INDEPENDENT: "Independent investigation",
    EvidenceKind.BODY_WORN_VIDEO: "Body-worn video",
    EvidenceKind.CCTV: "CCTV",
    EvidenceKind.OFFICER_RESPONSE: "Officer's response",
}

# Schedule 2 to the Conduct Regulations 2020: the ten Standards of Professional Behaviour.
# Headings verified; the one-line descriptions are our paraphrase [U] and are shown as such.
STANDARDS: dict[int, tuple[str, str]] = {
    1: ("Honesty and Integrity", "Be honest, act with integrity and do not compromise or abuse your position."),
    2: ("Authority, Respect and Courtesy", "Act with self-control and tolerance, treating people with respect."),
    3: ("Equality and Diversity", "Act with fairness and impartiality; do not discriminate unlawfully."),
    4: ("Use of Force", "Use force only when necessary, proportionate and reasonable in the circumstances."),
    5: ("Orders and Instructions", "Give and carry out lawful orders and instructions only."),
    6: ("Duties and Responsibilities", "Be diligent in the exercise of your duties and responsibilities."),
    7: ("Confidentiality", "Treat information with respect; access or disclose it only for a policing purpose."),
    8: ("Fitness for Duty", "Be fit for duty when on duty or presenting for duty."),
    9: ("Discreditable Conduct", "Behave in a manner that does not discredit the police service."),
    10: ("Challenging and Reporting Improper Conduct",
         "Report, challenge or take action against the conduct of colleagues below the Standards."),
}
STANDARDS_WORDING_VERIFIED = False
