"""One officer's decision as plain data (issue #9): what the decision service reads and what it takes.

Findings per allegation (facts, standards breached, level, three sets of reasons, pinpoint citations, the
panel's incident label), the College of Policing stages of seriousness (each with the guidance's prompt),
the outcome and its extra statements, every outcome with whether the rules permit it, the readiness
checklist (each item naming the field it concerns, `FieldKey`), and the decision's numbered versions.
Deliberation (private notes, votes) has its own records in `deliberation_records` and is never part of a
version, an export or a document.

The checks (`check_finding`, `check_outcome`, …) live in `decision_checks`: bad input is
refused with `BadInputError(field, reason)`, nothing written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from panelapp.domain import legal_tables as T
from panelapp.domain.audit_chain import content_hash
from panelapp.domain.readiness import Problem, ReadinessReport, Seriousness
from panelapp.domain.rules import OUTCOME_SEVERITY, less_severe
from panelapp.domain.vocabulary import FactsFinding, FindingLevel, Outcome, Proceeding, Regime

REASONS_CHARS = 20_000
NOTE_CHARS = 2_000
INCIDENT_CHARS = 100  # the schema's column
MAX_WARNING_MONTHS = 60  # the case format's bound; the rules engine says what a warning may last
DISMISSALS = (Outcome.DISMISSAL_WITHOUT_NOTICE, Outcome.WOULD_HAVE_BEEN_DISMISSED)
DRAFT, FINAL = "draft", "final"


# --- the guidance's prompts (College of Policing, "Guidance on outcomes in police misconduct proceedings") ---
@dataclass(frozen=True)
class StagePrompt:
    """One field of the structured assessment with the question the guidance asks there."""

    key: str  # the `Seriousness` attribute (or "outcome" for stage 3)
    label: str
    stage: str
    prompt: str


# Our paraphrase of the guidance (wording [U]: keep it in data, shown as guidance, never as the rule itself).
GUIDANCE_SOURCE = "College of Policing, Guidance on outcomes in police misconduct proceedings (paraphrased)"
SERIOUSNESS_PROMPTS: tuple[StagePrompt, ...] = (
    StagePrompt("culpability", "Culpability", "Stage 1: seriousness",
                "How blameworthy was the officer? Consider intent, recklessness and premeditation, and any abuse "
                "of trust, position or powers. Deliberate or planned conduct is more culpable than a genuine "
                "mistake."),
    StagePrompt("harm", "Harm", "Stage 1: seriousness",
                "What harm was caused, or could reasonably have been foreseen: to individuals, to public "
                "confidence in policing and to the service? Harm need not be physical; a risk of harm counts."),
    StagePrompt("aggravating", "Aggravating factors", "Stage 1: seriousness",
                "What makes the conduct more serious? For example a vulnerable victim, discrimination, "
                "concealment or dishonesty afterwards, repetition, lack of insight."),
    StagePrompt("mitigating", "Mitigating factors", "Stage 1: seriousness",
                "What makes the conduct itself less serious? For example an early admission, an isolated lapse, "
                "a spontaneous reaction under pressure, unclear instructions."),
    StagePrompt("purpose", "Purpose of the outcome", "Stage 2: purpose",
                "What must the outcome achieve? Maintain public confidence in the police, uphold high standards "
                "of conduct, protect the public. The purpose is not to punish the officer."),
    StagePrompt("personal_mitigation", "Personal mitigation", "Stage 4: personal mitigation",
                "The officer's record, references, health and remorse. Say what weight it has: it carries limited "
                "weight, because the outcome serves the public, not the officer."),
)
OUTCOME_PROMPT = StagePrompt(
    "outcome", "Outcome", "Stage 3: the outcome",
    "Start at the least severe outcome the rules allow and say why each lesser one is not enough; then give "
    "the reasons for the outcome chosen.")
BARRED_LIST_TEXT = ("Dismissal (or a finding that a former officer would have been dismissed) puts the officer's "
                    "name on the police barred list: the appropriate authority reports it to the College of "
                    "Policing within 5 working days (Police Barred List and Police Advisory List Regulations "
                    "2017 [S: not read]).")


# --- field keys: where a readiness item takes the user ----------------------------------------------------
class FieldKey:
    """Names of the editable fields, shared by the checklist and the widgets ("finding:12:facts_reasons").

    `finding:<allegation id>:<part>` (parts in FINDING_PARTS), `seriousness:<attribute>`, `outcome:<part>`,
    `why_not:<outcome value>`, `advice` (the adviser's advice log), `case:<field>` (the case overview's).
    """

    FINDING_PARTS = ("facts", "standards", "level", "facts_reasons", "breach_reasons", "reasons", "citations",
                     "incident")

    @staticmethod
    def finding(allegation_id: int, part: str) -> str:
        return f"finding:{allegation_id}:{part}"

    @staticmethod
    def seriousness(attribute: str) -> str:
        return f"seriousness:{attribute}"

    @staticmethod
    def outcome(part: str) -> str:
        return f"outcome:{part}"

    @staticmethod
    def why_not(outcome: Outcome) -> str:
        return f"why_not:{outcome.value}"

    ADVICE = "advice"
    SEVERITY_DATE = "case:severity_assessed_on"


_FINDING_CODES = {
    "facts-missing": "facts", "facts-reasons": "facts_reasons", "facts-evidence": "citations",
    "finding-missing": "level", "finding-inconsistent": "level", "finding-reasons": "reasons",
    "standards-invalid": "standards", "standards-missing": "standards", "breach-reasons": "breach_reasons",
    "indictable-only": "level", "indictable-only-former": "level",
}
_OUTCOME_CODES = {
    "outcome-missing": "outcome", "outcome-not-permitted": "outcome", "outcome-rule-unverified": "outcome",
    "outcome-unchecked": "outcome", "outcome-reasons": "reasons", "barred-list": "barred_list_noted",
    "exceptional-circumstances": "exceptional_circumstances", "gm-not-dismissed-reasons": "gm_not_dismissed_reasons",
    "local-policing-body": "local_policing_body_copy_noted", "reduction-aa-views": "aa_views_on_reduction",
    "warning-length-missing": "warning_months", "warning-length": "warning_months",
}
_SERIOUSNESS_CODES = {
    "seriousness-culpability": "culpability", "seriousness-harm": "harm", "seriousness-aggravating": "aggravating",
    "seriousness-mitigating": "mitigating", "purpose": "purpose", "personal-mitigation": "personal_mitigation",
}
# "reasons-short" is one code for every reasons field: the message's subject says which.
_SHORT_REASONS = (("the finding of fact", "facts_reasons"), ("the finding of breach", "breach_reasons"),
                  ("the finding", "reasons"))


def field_for(problem: Problem, allegation_ids: Mapping[int, int],
              first_ungrouped: int | None = None) -> str | None:
    """The field a readiness problem concerns (`FieldKey`), or None where it is not on these screens.

    `allegation_ids` maps allegation numbers to ids; `first_ungrouped` is the allegation an
    "incidents-ungrouped" warning should take the user to.
    """
    code, n = problem.code, problem.allegation
    aid = allegation_ids.get(n) if n is not None else None
    if aid is not None:
        if code in _FINDING_CODES:
            return FieldKey.finding(aid, _FINDING_CODES[code])
        if code == "reasons-short":
            part = next((p for text, p in _SHORT_REASONS if text in problem.message), "reasons")
            return FieldKey.finding(aid, part)
    if code in _SERIOUSNESS_CODES:
        return FieldKey.seriousness(_SERIOUSNESS_CODES[code])
    if code in _OUTCOME_CODES:
        return FieldKey.outcome(_OUTCOME_CODES[code])
    if code == "reasons-short":
        if problem.message.startswith("Gross misconduct without dismissal"):
            return FieldKey.outcome("gm_not_dismissed_reasons")
        return FieldKey.outcome("reasons")
    if code == "why-not-lesser":
        lesser = next((o for o in sorted(Outcome, key=lambda o: -len(o.label))
                       if f"why {o.label.lower()} is not" in problem.message), None)
        return FieldKey.why_not(lesser) if lesser is not None else FieldKey.outcome("outcome")
    if code == "incidents-ungrouped" and first_ungrouped is not None:
        return FieldKey.finding(first_ungrouped, "incident")
    if code.startswith("lqp-"):
        return FieldKey.ADVICE
    if code == "severity-date-missing":
        return FieldKey.SEVERITY_DATE
    return None


# --- what a user edits ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class FindingDetails:
    """The panel's finding on one allegation (a finding exists once facts and level are both chosen)."""

    facts: FactsFinding
    level: FindingLevel
    standards_breached: tuple[int, ...] = ()
    facts_reasons: str = ""
    breach_reasons: str = ""
    reasons: str = ""  # the overall reasons for the level (and, where the others are blank, for them too)


@dataclass(frozen=True)
class CitationInput:
    """A pinpoint reference: an evidence item and a page (1-based) within it, or a media time, or neither
    (the item as a whole). Stored against the item, so it follows the item when the bundle is re-ordered."""

    evidence_id: int
    page: int | None = None
    at_seconds: int | None = None
    note: str = ""


@dataclass(frozen=True)
class OutcomeDetails:
    """Stage 3 and what goes with the chosen outcome (the reasons for not choosing each lesser one are
    `why_not`, written one at a time with `set_why_not`)."""

    outcome: Outcome | None = None
    reasons: str = ""
    warning_months: int | None = None
    exceptional_circumstances: str = ""
    gm_not_dismissed_reasons: str = ""
    aa_views_on_reduction: str = ""
    barred_list_noted: bool = False
    local_policing_body_copy_noted: bool = False
    decided_on: date | None = None


# --- what a read returns ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CitationRecord:
    id: int
    evidence_id: int
    page: int | None
    at_seconds: int | None
    note: str
    label: str  # "B2 p.1", "C1 00:03:18": where it is in the bundle today
    title: str

    @property
    def input(self) -> CitationInput:
        return CitationInput(self.evidence_id, self.page, self.at_seconds, self.note)


@dataclass(frozen=True)
class FindingRecord:
    """One allegation with the panel's finding on it (`details` None: no finding recorded yet)."""

    allegation_id: int
    number: int
    particulars: str
    alleged_standards: tuple[int, ...]
    alleged_level: FindingLevel
    details: FindingDetails | None
    citations: tuple[CitationRecord, ...] = ()
    incident: str | None = None
    blocking: int = 0  # how many blocking problems concern this allegation
    warnings: int = 0

    @property
    def status(self) -> str:
        """A short status for the list: "No finding", "Gross misconduct", "Not proved"…"""
        if self.details is None:
            return "No finding yet"
        return self.details.level.label


@dataclass(frozen=True)
class CitableItem:
    """A bundle item a finding may cite."""

    evidence_id: int
    label: str  # "B2"
    title: str
    pages: int | None  # None: no paged file (media, a typed item)
    media: bool  # cite it by time rather than page


@dataclass(frozen=True)
class OutcomeOption:
    """One outcome in the picker: open or not under the rules, why, and on what authority."""

    outcome: Outcome
    permitted: bool
    reason: str | None
    source: str
    verified: bool
    lesser_than_chosen: bool = False  # the decision must say why it is not enough

    @property
    def label(self) -> str:
        return self.outcome.label


@dataclass(frozen=True)
class ReadinessItem:
    """One line of the checklist: blocking or a warning, its text and the field it concerns."""

    code: str
    message: str
    blocking: bool
    field: str | None  # a FieldKey, or None
    allegation: int | None = None  # the allegation number it concerns


@dataclass(frozen=True)
class VersionRecord:
    number: int
    status: str  # DRAFT | FINAL
    fingerprint: str
    created_at: datetime
    override_reason: str = ""
    note: str = ""

    @property
    def final(self) -> bool:
        return self.status == FINAL


@dataclass(frozen=True)
class OfficerChoice:
    id: int
    label: str


@dataclass(frozen=True)
class DecisionRecord:
    """Everything the findings and outcome screens show for one officer of a case."""

    case_id: int
    officer_id: int | None  # None: the case has no officer yet
    officers: tuple[OfficerChoice, ...]
    proceeding: Proceeding
    rule_set: Regime  # for the outcomes question
    rule_set_note: str  # why that rule set (or that no deciding date is recorded)
    former_officer: bool
    most_serious: FindingLevel
    findings: tuple[FindingRecord, ...]
    seriousness: Seriousness
    outcome: OutcomeDetails
    why_not: Mapping[Outcome, str]
    options: tuple[OutcomeOption, ...]  # every outcome, least severe first; empty when not checked
    options_note: str  # e.g. "outcome checking is not available for the 2012 Regulations"
    blocking: tuple[ReadinessItem, ...]
    warnings: tuple[ReadinessItem, ...]
    versions: tuple[VersionRecord, ...]
    items: tuple[CitableItem, ...] = ()
    seriousness_required: bool = False  # a misconduct or gross misconduct finding: the stages must be shown
    presumption_of_dismissal: bool = False  # SI 2025/558: exceptional circumstances must be stated
    gm_not_dismissed_report: bool = False  # SI 2024/521: reasons and a copy to the local policing body
    fingerprint: str = ""  # of the decision as it stands

    @property
    def final(self) -> bool:
        return bool(self.versions) and self.versions[-1].final

    @property
    def latest(self) -> VersionRecord | None:
        return self.versions[-1] if self.versions else None

    @property
    def ready(self) -> bool:
        return not self.blocking

    def option(self, outcome: Outcome) -> OutcomeOption | None:
        return next((o for o in self.options if o.outcome is outcome), None)

    @property
    def why_not_needed(self) -> tuple[Outcome, ...]:
        """The lesser permitted outcomes the decision must explain away (least severe first)."""
        return tuple(o.outcome for o in self.options if o.permitted and o.lesser_than_chosen)

    @property
    def barred_list_applies(self) -> bool:
        return self.outcome.outcome in DISMISSALS


def readiness_items(report: ReadinessReport, allegation_ids: Mapping[int, int],
                    first_ungrouped: int | None = None) -> tuple[tuple[ReadinessItem, ...], tuple[ReadinessItem, ...]]:
    def item(p: Problem, blocking: bool) -> ReadinessItem:
        return ReadinessItem(p.code, p.message, blocking, field_for(p, allegation_ids, first_ungrouped), p.allegation)

    return (tuple(item(p, True) for p in report.blocking), tuple(item(p, False) for p in report.warnings))


def outcome_options(verdicts: Mapping[Outcome, Any] | None, chosen: Outcome | None) -> tuple[OutcomeOption, ...]:
    """Every outcome, least severe first, from `permitted_outcomes` (None: not checked for this rule set)."""
    if verdicts is None:
        return ()
    lesser = set(less_severe(chosen)) if chosen is not None else set()
    return tuple(OutcomeOption(o, verdicts[o].permitted, verdicts[o].reason, verdicts[o].source, verdicts[o].verified,
                               o in lesser) for o in OUTCOME_SEVERITY)


def presumption_applies(rule_set: Regime, level: FindingLevel, former_officer: bool) -> bool:
    return level is FindingLevel.GROSS_MISCONDUCT and not former_officer and rule_set in T.GM_PRESUMPTION_REGIMES


def gm_report_applies(panel_rule_set: Regime, level: FindingLevel, former_officer: bool) -> bool:
    return (level is FindingLevel.GROSS_MISCONDUCT and not former_officer
            and panel_rule_set in T.GM_NOT_DISMISSED_REPORT_REGIMES)


# --- versions ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DecisionSnapshot:
    """What a version records: the decision as it stood (no deliberation), and its fingerprint."""

    content: dict[str, Any] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return content_hash(self.content)


def snapshot(findings: tuple[FindingRecord, ...], seriousness: Seriousness, outcome: OutcomeDetails,
             why_not: Mapping[Outcome, str], advice: tuple[dict[str, Any], ...] = ()) -> DecisionSnapshot:
    """The decision as plain JSON-ready data, in a stable shape (the fingerprint is its SHA-256)."""

    def finding(f: FindingRecord) -> dict[str, Any]:
        d = f.details
        return {
            "allegation": f.number, "incident": f.incident,
            "facts": d.facts.value if d else None, "level": d.level.value if d else None,
            "standards_breached": list(d.standards_breached) if d else [],
            "facts_reasons": d.facts_reasons if d else "", "breach_reasons": d.breach_reasons if d else "",
            "reasons": d.reasons if d else "",
            "citations": [{"evidence_id": c.evidence_id, "page": c.page, "at_seconds": c.at_seconds,
                           "note": c.note} for c in f.citations],
        }

    o = outcome
    return DecisionSnapshot({
        "findings": [finding(f) for f in findings],
        "seriousness": {p.key: getattr(seriousness, p.key) for p in SERIOUSNESS_PROMPTS},
        "outcome": {
            "outcome": o.outcome.value if o.outcome else None, "reasons": o.reasons,
            "warning_months": o.warning_months, "exceptional_circumstances": o.exceptional_circumstances,
            "gm_not_dismissed_reasons": o.gm_not_dismissed_reasons, "aa_views_on_reduction": o.aa_views_on_reduction,
            "barred_list_noted": o.barred_list_noted,
            "local_policing_body_copy_noted": o.local_policing_body_copy_noted,
            "decided_on": o.decided_on.isoformat() if o.decided_on else None,
            "why_not": {k.value: v for k, v in sorted(why_not.items(), key=lambda kv: kv[0].value)},
        },
        "advice": list(advice),
    })
