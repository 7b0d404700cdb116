"""A case as the case views see it: the editable fields (`CaseDraft`), a list row (`CaseRow`), the
details (`CaseDetails`) with the rule set per question and the statutory time limits and where each
stands for this case (`TimeLimit`).

Pure data and rules: no Qt, no SQL. `check_draft` holds every rule a draft must meet that needs no store
(the uniqueness of the reference is the service's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date
from enum import StrEnum

from panelapp.domain import text_rules
from panelapp.domain.errors import BadInputError
from panelapp.domain.vocabulary import (
    CaseStatus,
    IopcInvolvement,
    Proceeding,
    Regime,
    RuleQuestion,
    ServiceMethod,
)

MAX_REFERENCE = 64
MAX_FORCE = 200
MAX_PSEUDONYM = 100
MAX_TEXT = 2000  # venue, presenting, the people not named in public
MAX_NOT_NAMED = 100  # people on the "not named in public" list
MAX_PUBLIC_LABEL = 60  # what stands in a person's place in a published notice


@dataclass(frozen=True)
class CaseDraft:
    """Every field of a case a user edits (the case dialog); what `create` and `update` take."""

    reference: str
    force: str
    proceeding: Proceeding
    issued_on: date
    status: CaseStatus = CaseStatus.PREPARING
    hearing_start: date | None = None
    hearing_end: date | None = None
    venue: str = ""
    public: bool = True
    anonymity_order: bool = False
    pseudonym: str = ""
    presenting: str = ""
    # People the published notice must not name (DOMAIN.md §8: the officer, or the pseudonym, and the panel by
    # role, nobody else): a complainant or other member of the public named in the particulars. One person
    # per line, "Jane Smith" or "Jane Smith = Complainant A" (`not_named_entries`).
    not_named_in_public: str = ""
    iopc_involvement: IopcInvolvement = IopcInvolvement.NONE
    severity_assessed_on: date | None = None
    # What decides which rules apply (rule_sets.py) and when the clocks start (deadlines.py).
    reg30_notice_on: date | None = None
    reg30_notice_method: ServiceMethod | None = None
    reg30_deemed_served_on: date | None = None
    reg51_notice_on: date | None = None
    reg51_notice_method: ServiceMethod | None = None
    reg51_deemed_served_on: date | None = None
    iopc_direction: bool = False
    chair_specified_on: date | None = None
    officer_response_on: date | None = None
    documents_to_chair_on: date | None = None
    outcome_notified_on: date | None = None


def _text(name: str, value: str, limit: int, *, required: bool = False, one_line: bool = True) -> None:
    (text_rules.one_line if one_line else text_rules.many_lines)(name, value, limit, required=required)


def _not_before(later_name: str, later: date | None, earlier_name: str, earlier: date | None) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise BadInputError(later_name, f"{_day(later)} is before the {earlier_name} ({_day(earlier)})",
                            code="order")


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _notice(which: str, on: date | None, method: ServiceMethod | None, deemed: date | None) -> None:
    if on is None and method is not None:
        raise BadInputError(f"{which} notice method", f"set the {which} notice date first", code="needs_date")
    if on is None and deemed is not None:
        raise BadInputError(f"{which} deemed service", f"set the {which} notice date first", code="needs_date")
    _not_before(f"{which} deemed service", deemed, f"{which} notice date", on)


def normalised(draft: CaseDraft) -> CaseDraft:
    """The draft with text trimmed (line ends made LF) and a pseudonym dropped when there is no anonymity
    order."""
    def lines(text: str) -> str:
        return text_rules.lf_line_ends(text.strip())

    return replace(draft, reference=draft.reference.strip(), force=draft.force.strip(), venue=lines(draft.venue),
                   presenting=lines(draft.presenting),
                   not_named_in_public=_tidy_not_named(draft.not_named_in_public),
                   pseudonym=draft.pseudonym.strip() if draft.anonymity_order else "")


NOT_NAMED_FIELD = "Not named in public"


def not_named_entries(text: str) -> tuple[tuple[str, str], ...]:
    """The people a published notice must not name, as (name as written, what stands in their place or ""
    for the next "Person A", "Person B"…), one per non-empty line of `text`: "Jane Smith" or
    "Jane Smith = Complainant A". `BadInputError` naming the field and the line for a line that breaks a rule."""
    _text(NOT_NAMED_FIELD, text, MAX_TEXT, one_line=False)
    entries: list[tuple[str, str]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, _, label = (part.strip() for part in line.partition("="))
        if not re.search(r"[^\W\d_]{2}", name):
            raise BadInputError(NOT_NAMED_FIELD, f"line {n} needs a name (e.g. “Jane Smith = Complainant A”)",
                                code="required")
        if "=" in label:
            raise BadInputError(NOT_NAMED_FIELD, f"line {n} has more than one “=”", code="format")
        if "=" in line and not label:
            raise BadInputError(NOT_NAMED_FIELD, f"line {n}: say after “=” what the notice shows instead, or "
                                "leave out the “=”", code="required")
        if len(label) > MAX_PUBLIC_LABEL:
            raise BadInputError(NOT_NAMED_FIELD, f"line {n}: what the notice shows instead is longer than "
                                f"{MAX_PUBLIC_LABEL} characters", code="too_long")
        if re.search(r"[\[\]]", label):
            raise BadInputError(NOT_NAMED_FIELD, f"line {n}: write what the notice shows without brackets "
                                "(they are added)", code="format")
        if re.search(r"[,()]", name):
            raise BadInputError(NOT_NAMED_FIELD, f"line {n}: write the name as it is said, first name first, "
                                "without commas or brackets (e.g. “Jane Smith”)", code="format")
        if re.fullmatch(r"(?i)(?:witness|person)\s+[a-z]{1,3}", label):
            raise BadInputError(NOT_NAMED_FIELD, f"line {n}: “{label}” is how the notice shows someone else; "
                                "choose other words (e.g. Complainant A)", code="format")
        if any(other.lower() == name.lower() for other, _ in entries):
            raise BadInputError(NOT_NAMED_FIELD, f"line {n} lists the same name as an earlier line", code="duplicate")
        entries.append((name, label))
    names = {w for name, _ in entries for w in _name_words(name)}
    for n, (_, label) in enumerate(entries, 1):
        if names & set(_name_words(label)):
            raise BadInputError(NOT_NAMED_FIELD, f"entry {n}: what the notice shows instead repeats a listed name",
                                code="format")
    if len(entries) > MAX_NOT_NAMED:
        raise BadInputError(NOT_NAMED_FIELD, f"at most {MAX_NOT_NAMED} people", code="too_many")
    return tuple(entries)


def _tidy_not_named(text: str) -> str:
    """One person per line, blank lines dropped, spaces around the "=" made one."""
    def tidy(line: str) -> str:
        name, eq, label = line.partition("=")
        return f"{name.strip()} = {label.strip()}" if eq else line.strip()

    return "\n".join(tidy(line) for line in text_rules.lf_line_ends(text).split("\n") if line.strip())


_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"})


def _name_words(text: str) -> list[str]:
    """The words of `text` that could be someone's name (two letters or more, not a title), lower case."""
    words = (w.lower() for w in re.findall(r"[^\W\d_][\w'’-]+", text))
    return [w for w in words if w not in _HONORIFICS]


def public_stand_ins(text: str) -> tuple[tuple[str, str], ...]:
    """`not_named_entries` with what the published notice shows for each: "[Complainant A]" as listed, else
    "[Person A]", "[Person B]"… in the order listed."""
    shown: list[tuple[str, str]] = []
    unlabelled = 0
    for name, label in not_named_entries(text):
        if not label:
            label, unlabelled = f"Person {text_rules.letter_label(unlabelled)}", unlabelled + 1
        shown.append((name, f"[{label}]"))
    return tuple(shown)


EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2099, 12, 31)  # beyond these, a typing slip


def check_draft(draft: CaseDraft) -> None:
    """Raise `BadInputError(field, reason)` for the first rule the (normalised) draft breaks."""
    for f in fields(draft):
        value = getattr(draft, f.name)
        if isinstance(value, date) and not EARLIEST_DAY <= value <= LATEST_DAY:
            label = f.name.replace("_on", "").replace("_", " ").capitalize()
            raise BadInputError(label, "must be between 1900 and 2099", code="date_out_of_range")
    _text("Reference", draft.reference, MAX_REFERENCE, required=True)
    _text("Force", draft.force, MAX_FORCE, required=True)
    _text("Venue", draft.venue, MAX_TEXT, one_line=False)
    _text("Presenting", draft.presenting, MAX_TEXT, one_line=False)
    not_named_entries(draft.not_named_in_public)
    if draft.anonymity_order:
        if not draft.pseudonym.strip():
            raise BadInputError("Pseudonym", "required while an anonymity order is made (e.g. “Officer A”)",
                                code="required")
        _text("Pseudonym", draft.pseudonym, MAX_PSEUDONYM)
    if draft.hearing_end is not None and draft.hearing_start is None:
        raise BadInputError("Hearing end", "set the hearing start first", code="needs_date")
    _not_before("Hearing end", draft.hearing_end, "hearing start", draft.hearing_start)
    _notice("Reg 30", draft.reg30_notice_on, draft.reg30_notice_method, draft.reg30_deemed_served_on)
    _notice("Reg 51", draft.reg51_notice_on, draft.reg51_notice_method, draft.reg51_deemed_served_on)
    _not_before("Officer's response", draft.officer_response_on, "reg 30 notice date", draft.reg30_notice_on)
    _not_before("Documents to chair", draft.documents_to_chair_on, "reg 30 notice date", draft.reg30_notice_on)
    _not_before("Hearing start", draft.hearing_start, "reg 30 notice date", draft.reg30_notice_on)
    _not_before("Hearing start", draft.hearing_start, "reg 51 notice date", draft.reg51_notice_on)
    _not_before("Outcome notified", draft.outcome_notified_on, "hearing start", draft.hearing_start)


# --- where each statutory time limit stands for a case ------------------------------------------------
class LimitKind(StrEnum):
    DUTY = "duty"  # someone must act by the date: overdue once it passes unmet
    WINDOW = "window"  # a period that closes (an appeal): closed, not overdue, once it passes
    NOT_BEFORE = "not_before"  # the earliest day something may happen: never overdue


class LimitState(StrEnum):
    WAITING = "waiting"  # the date it counts from is not recorded yet
    RUNNING = "running"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    MET = "met"  # the step it asks for is recorded
    PAST_STAGE = "past_stage"  # the case has moved past the stage this limit belongs to
    LATER = "later"  # a stage the case has not reached
    CLOSED = "closed"  # a window that has closed, or a not-before day that has passed
    NOT_YET = "not_yet"  # a not-before day still ahead: the step may not happen before it

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    LimitState.WAITING: "Waiting for a date",
    LimitState.RUNNING: "Running",
    LimitState.DUE_TODAY: "Due today",
    LimitState.OVERDUE: "OVERDUE",
    LimitState.MET: "Met",
    LimitState.PAST_STAGE: "Case has moved on",
    LimitState.LATER: "Later stage",
    LimitState.CLOSED: "Passed",
    LimitState.NOT_YET: "Not before then",
}

_ORDER = (CaseStatus.PREPARING, CaseStatus.LISTED, CaseStatus.HEARD, CaseStatus.DECIDED, CaseStatus.NOTICE_ISSUED,
          CaseStatus.CLOSED)
S = CaseStatus


@dataclass(frozen=True)
class _Stage:
    first: CaseStatus
    last: CaseStatus
    kind: LimitKind = LimitKind.DUTY
    met_by: str = ""  # a CaseDraft date field that, once recorded, means the step was taken
    short: str = ""


# Which stage of a case each time limit of `deadlines.statutory_deadlines` belongs to. A limit the table
# adds later (unknown key) counts as a duty from preparation until the notice is issued.
_STAGES: dict[str, _Stage] = {
    "officer_response": _Stage(S.PREPARING, S.PREPARING, met_by="officer_response_on", short="Officer's response"),
    "witness_lists": _Stage(S.PREPARING, S.PREPARING, met_by="documents_to_chair_on", short="Witness lists"),
    "witness_lists_to_chair": _Stage(S.PREPARING, S.PREPARING, met_by="documents_to_chair_on",
                                     short="Witness lists to chair"),
    "documents_to_chair": _Stage(S.PREPARING, S.PREPARING, met_by="documents_to_chair_on",
                                 short="Documents to chair"),
    "pre_hearing": _Stage(S.PREPARING, S.PREPARING, short="Pre-hearing"),
    "pre_hearing_alternative": _Stage(S.PREPARING, S.LISTED, LimitKind.WINDOW, short="Alternative date"),
    "public_notice": _Stage(S.PREPARING, S.LISTED, short="Public notice"),
    "amh_earliest": _Stage(S.PREPARING, S.LISTED, LimitKind.NOT_BEFORE, short="Accelerated hearing from"),
    "amh_latest": _Stage(S.PREPARING, S.LISTED, short="Accelerated hearing by"),
    "outcome_report": _Stage(S.HEARD, S.HEARD, short="Outcome report"),
    "meeting_appeal": _Stage(S.NOTICE_ISSUED, S.NOTICE_ISSUED, LimitKind.WINDOW, short="Appeal window"),
    "pat_appeal": _Stage(S.NOTICE_ISSUED, S.NOTICE_ISSUED, LimitKind.WINDOW, short="PAT appeal window"),
    "barred_list": _Stage(S.DECIDED, S.NOTICE_ISSUED, short="Barred-list report"),
    "publication_takedown": _Stage(S.NOTICE_ISSUED, S.NOTICE_ISSUED, LimitKind.NOT_BEFORE,
                                   short="Notice may come down"),
}
_DEFAULT_STAGE = _Stage(S.PREPARING, S.NOTICE_ISSUED)
_REG = re.compile(r"^(reg \d+)")


@dataclass(frozen=True)
class TimeLimit:
    """One statutory time limit of a case, where it stands, and its citation."""

    key: str
    name: str
    short_name: str
    due: date | None
    working_days_left: int | None  # from today to the due date; negative once passed
    state: LimitState
    kind: LimitKind
    regulation: str
    verified: bool
    counted_from: str
    note: str = ""

    @property
    def overdue(self) -> bool:
        return self.state is LimitState.OVERDUE

    @property
    def pending(self) -> bool:
        """Still asks something of someone: running, due today or overdue."""
        return self.state in (LimitState.RUNNING, LimitState.DUE_TODAY, LimitState.OVERDUE)

    @property
    def citation(self) -> str:
        return f"{self.regulation}{'' if self.verified else ' [unverified]'}"

    @property
    def summary(self) -> str:
        """"Officer's response (reg 31) · 3 working days" — the list's one-line form."""
        m = _REG.match(self.regulation)
        where = f" ({m.group(1)})" if m else ""
        return f"{self.short_name}{where} · {days_phrase(self.working_days_left)}"

    @property
    def brief(self) -> str:
        """"3 working days left · Officer's response": the days first, so a narrow column cuts the name."""
        return f"{days_phrase(self.working_days_left)} · {self.short_name}"


def days_phrase(working_days_left: int | None) -> str:
    if working_days_left is None:
        return "no date yet"
    n = working_days_left
    if n == 0:
        return "due today"
    if n > 0:
        return f"{n} working day{'s' * (n != 1)} left"
    return f"OVERDUE by {-n} working day{'s' * (n != -1)}"


def limit_state(key: str, due: date | None, days_left: int | None, status: CaseStatus,
                recorded: dict[str, date | None]) -> tuple[LimitState, LimitKind, str]:
    """Where a time limit stands: (state, kind, short name). `recorded` holds the case's date fields."""
    stage = _STAGES.get(key, _DEFAULT_STAGE)
    where = _ORDER.index(status)
    if where < _ORDER.index(stage.first):
        state = LimitState.LATER
    elif where > _ORDER.index(stage.last):
        state = LimitState.PAST_STAGE
    elif stage.met_by and recorded.get(stage.met_by) is not None:
        state = LimitState.MET
    elif due is None or days_left is None:
        state = LimitState.WAITING
    elif stage.kind is LimitKind.NOT_BEFORE:
        state = LimitState.NOT_YET if days_left > 0 else LimitState.CLOSED
    elif days_left > 0:
        state = LimitState.RUNNING
    elif days_left == 0:
        state = LimitState.DUE_TODAY
    elif stage.kind is LimitKind.DUTY:
        state = LimitState.OVERDUE
    else:
        state = LimitState.CLOSED
    return state, stage.kind, stage.short


def next_limit(limits: tuple[TimeLimit, ...] | list[TimeLimit]) -> TimeLimit | None:
    """The limit to show first: the earliest pending duty or open window (an overdue one comes first)."""
    pending = [t for t in limits if t.pending and t.kind is not LimitKind.NOT_BEFORE and t.due is not None]
    return min(pending, key=lambda t: (t.due, t.key)) if pending else None


def reopened_status(draft: CaseDraft) -> CaseStatus:
    """The status a closed case goes back to when reopened: the furthest stage its dates show."""
    if draft.outcome_notified_on is not None:
        return CaseStatus.NOTICE_ISSUED
    if draft.hearing_start is not None:
        return CaseStatus.LISTED
    return CaseStatus.PREPARING


# --- what the views read ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    reference: str
    officers: tuple[str, ...]
    proceeding: Proceeding
    status: CaseStatus
    next_limit: TimeLimit | None
    overdue_count: int = 0

    @property
    def overdue(self) -> bool:
        return self.overdue_count > 0

    @property
    def closed(self) -> bool:
        return self.status is CaseStatus.CLOSED


@dataclass(frozen=True)
class RuleSetLine:
    """Which rule set answers one question for the case, why, and from what source."""

    question: RuleQuestion
    rule_set: Regime | None
    why: str
    source: str
    verified: bool
    overridden: bool = False
    override_reason: str | None = None


@dataclass(frozen=True)
class CaseDetails:
    """Everything the overview shows: the case's fields, rule sets per question, its time limits."""

    id: int
    draft: CaseDraft
    regime: Regime  # the rule set stored by the date issued: stands in while a deciding date is missing
    officers: tuple[str, ...] = ()
    rule_sets: tuple[RuleSetLine, ...] = ()
    limits: tuple[TimeLimit, ...] = field(default_factory=tuple)
    today: date | None = None

    @property
    def reference(self) -> str:
        return self.draft.reference

    @property
    def status(self) -> CaseStatus:
        return self.draft.status

    @property
    def closed(self) -> bool:
        return self.draft.status is CaseStatus.CLOSED
