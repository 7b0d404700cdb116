"""State entries: the audit log records, after every change, a hash of each changed object's whole state.

SQLCipher's page MACs cannot see an older page of the same store put back into a newer file (rows of
`outcomes` or the text index silently vanish and every page still checks). The application can: each
change to a case appends an entry `object_type="case"` whose content is `case_state(...)` computed from
the store's rows after the change, and each imported file one `object_type="attachment"` entry with
`attachment_state(...)`. `verify` recomputes both for every object and compares them with the log's
latest entry for it (`state_problems`).

Stores written before state tracking have no such entries. The log marks where tracking begins with one
`store` entry (STATE_TRACKING_ACTION); `record_untracked_state` writes it, with an entry for every object
already present. Entries before the mark are not state entries. Once the mark exists, every case and
attachment must have a state entry and match it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Integer, Select, Table, bindparam, func, select, text
from sqlalchemy.orm import Session

from panelapp.domain.audit_chain import canonical, content_hash
from panelapp.domain.errors import AlteredCaseError
from panelapp.models.audit import append_entry
from panelapp.models.schema import (
    FTS_TABLE,
    Allegation,
    Attachment,
    AttachmentChunk,
    AuditEntry,
    BundleSection,
    Case,
    Citation,
    DecisionVersion,
    EvidenceItem,
    Finding,
    KeyMoment,
    LqpAdvice,
    Officer,
    OfficerWarning,
    OutcomeDecision,
    PageNote,
    PanelMember,
    PrivateNote,
    RuleSetOverrideRow,
    Seriousness,
    VettingEntry,
    Vote,
    evidence_allegations,
)

STATE_TRACKING_ACTION = "audit.state-tracking-started"
CASE, ATTACHMENT = "case", "attachment"
STATE_TYPES = (CASE, ATTACHMENT)
# Entries that name a case but describe something else (older versions audited exports this way).
_NOT_STATE_ACTIONS = frozenset({"case.export"})


def _not_state(action: str) -> bool:
    """Entries that record something leaving the store (an export of a case or a document), not its state."""
    return action in _NOT_STATE_ACTIONS or ".export" in action or action.startswith("document.")

# `_not_state` as SQL (on the log's object index): entries that describe a case's or file's state.
_STATE_ENTRY = (AuditEntry.action != "case.export", func.instr(AuditEntry.action, ".export") == 0,
                func.substr(AuditEntry.action, 1, 9) != "document.")

_FTS_TEXT = text(f"SELECT rowid, content FROM {FTS_TABLE} WHERE rowid = :id")
_FTS_ALL_TEXTS = text(f"SELECT rowid, content FROM {FTS_TABLE}")


def _table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


# Columns added to hashed (private) rows after state tracking began: hashed only when set, so a row written
# before the column existed keeps the hash the log recorded for it (its value there is the default).
_HASHED_WHEN_SET = {"subject": ""}
# The same for the case's own row (schema 0012: the people the published notice must not name).
_CASE_COLUMNS_WHEN_SET = {"not_named_in_public": ""}


def _set_only(row: Mapping[str, Any], added_later: dict[str, Any]) -> dict[str, Any]:
    """`row` without the columns in `added_later` that still hold their default."""
    return {k: v for k, v in row.items() if not (k in added_later and v == added_later[k])}


def _hashable(row: dict[str, Any]) -> dict[str, Any]:
    return _set_only(row, _HASHED_WHEN_SET)


def _dicts(session: Session, query: Select[Any], case_id: int | None) -> Iterator[dict[str, Any]]:
    result = session.execute(query, {"case_id": case_id})
    names = list(result.keys())
    return (dict(zip(names, r, strict=True)) for r in result)


def _rows(session: Session, query: Select[Any], hashed: bool = False, case_id: int | None = None) -> list[Any]:
    """Rows as dicts (or, for deliberation, each row's hash), sorted so row order never matters."""
    rows = list(_dicts(session, query, case_id))
    if hashed:
        return sorted(content_hash(_hashable(r)) for r in rows)
    return sorted(rows, key=canonical)


_Parts = list[tuple[str, Select[Any], bool]]
_CASE_QUERIES: list[tuple[Select[Any], _Parts]] = []  # built once: statements bound to :case_id, reused


def _build_case_queries() -> tuple[Select[Any], _Parts]:
    case_id: Any = bindparam("case_id", type_=Integer)
    cases = _table(Case)
    officers = select(Officer.id).where(Officer.case_id == case_id).scalar_subquery()
    allegations = select(Allegation.id).where(Allegation.officer_id.in_(officers)).scalar_subquery()
    findings = select(Finding.id).where(Finding.allegation_id.in_(allegations)).scalar_subquery()
    evidence = select(EvidenceItem.id).where(EvidenceItem.case_id == case_id).scalar_subquery()

    def of(model: Any, column: str, ids: Any) -> Select[Any]:
        table = _table(model)
        return select(table).where(table.c[column].in_(ids))

    def by_case(model: Any) -> Select[Any]:
        table = _table(model)
        return select(table).where(table.c.case_id == case_id)

    links = select(evidence_allegations).where(evidence_allegations.c.evidence_id.in_(evidence))
    return select(cases).where(cases.c.id == case_id), [
        ("officers", by_case(Officer), False),
        ("warnings", of(OfficerWarning, "officer_id", officers), False),
        ("panel", by_case(PanelMember), False),
        ("allegations", of(Allegation, "officer_id", officers), False),
        ("findings", of(Finding, "allegation_id", allegations), False),
        ("citations", of(Citation, "finding_id", findings), False),
        ("seriousness", of(Seriousness, "officer_id", officers), False),
        ("outcomes", of(OutcomeDecision, "officer_id", officers), False),
        ("evidence", by_case(EvidenceItem), False),
        ("key_moments", of(KeyMoment, "evidence_id", evidence), False),
        ("vetting", of(VettingEntry, "evidence_id", evidence), False),
        ("evidence_allegations", links, False),
        ("lqp_advice", by_case(LqpAdvice), False),
        ("private_notes", by_case(PrivateNote), True),
        ("votes", by_case(Vote), True),
        ("rule_set_overrides", by_case(RuleSetOverrideRow), False),
        ("bundle_sections", by_case(BundleSection), False),
        ("page_notes", of(PageNote, "evidence_id", evidence), True),
        ("decision_versions", of(DecisionVersion, "officer_id", officers), False),
    ]


def _case_queries(session: Session, case_id: int) -> tuple[dict[str, Any], _Parts] | None:
    """The case's own row, and (part of the state, its rows' query, whether rows are hashed) — each query
    bound to `:case_id` — or None if absent."""
    session.flush()
    if not _CASE_QUERIES:
        _CASE_QUERIES.append(_build_case_queries())
    head_query, parts = _CASE_QUERIES[0]
    head = session.execute(head_query, {"case_id": case_id}).mappings().first()
    if head is None:
        return None
    return _set_only(dict(head), _CASE_COLUMNS_WHEN_SET), parts


def case_state(session: Session, case_id: int) -> dict[str, Any] | None:
    """Everything stored for one case, read from the rows (not the ORM's memory); None if absent.

    Private notes and votes are included as hashes. Attached files are named by id here and have their
    own state (`attachment_state`).
    """
    found = _case_queries(session, case_id)
    if found is None:
        return None
    head, queries = found
    return {"case": head, **{part: _rows(session, query, hashed, case_id) for part, query, hashed in queries}}


def _canonical_rows(session: Session, query: Select[Any], hashed: bool, case_id: int) -> bytes:
    """`canonical(_rows(session, query, hashed, case_id))`, each row serialised once."""
    rows = _dicts(session, query, case_id)
    if hashed:
        items = [canonical(h) for h in sorted(content_hash(_hashable(r)) for r in rows)]
    else:
        items = sorted(canonical(r) for r in rows)
    return b"[" + b",".join(items) + b"]"


def case_state_hash(session: Session, case_id: int) -> str:
    """`content_hash(case_state(session, case_id))`, without serialising the state twice (a large case's
    state is the main cost of a write to it)."""
    found = _present_state_hash(session, CASE, case_id)
    return content_hash(None) if found is None else found


def _present_state_hash(session: Session, object_type: str, object_id: int) -> str | None:
    """`content_hash` of the case's (`case_state_hash`) or attached file's state; None if it is absent."""
    if object_type == ATTACHMENT:
        state = attachment_state(session, object_id)
        return None if state is None else content_hash(state)
    found = _case_queries(session, object_id)
    if found is None:
        return None
    head, queries = found
    parts = {"case": canonical(head)} | {part: _canonical_rows(session, query, hashed, object_id)
                                          for part, query, hashed in queries}
    body = b",".join(canonical(name) + b":" + parts[name] for name in sorted(parts))
    return hashlib.sha256(b"{" + body + b"}").hexdigest()


def attachment_state(session: Session, attachment_id: int) -> dict[str, Any] | None:
    """One attached file's record, its chunk count and total size, and the hash of its indexed text."""
    return attachment_states(session, attachment_id).get(attachment_id)


# What each schema revision added to a case's state: {part of the state: columns}, and whole parts. A store
# migrated from an older revision recorded its states without them (see `record_migrated_state`).
_ADDED_TO_CASE_STATE: dict[str, tuple[dict[str, tuple[str, ...]], tuple[str, ...]]] = {
    "0003": ({
        "case": ("reg51_notice_on", "iopc_direction", "reg30_notice_method", "reg51_notice_method",
                 "reg30_deemed_served_on", "reg51_deemed_served_on", "chair_specified_on"),
        "officers": ("officer_category",),
        "allegations": ("came_to_attention_on", "related_to_earlier_on", "incident"),
        "findings": ("facts_reasons", "breach_reasons"),
        "outcomes": ("gm_not_dismissed_reasons", "aa_views_on_reduction"),
    }, ("rule_set_overrides",)),
    "0004": ({}, ("bundle_sections", "page_notes")),
    "0005": ({}, ("decision_versions",)),
    # 0006 added private_notes.subject: notes are hashed, and a note's subject only when set (`_hashable`).
    "0006": ({}, ()),
    # 0012 added cases.not_named_in_public: the case's row hashes it only when set (`_CASE_COLUMNS_WHEN_SET`).
    "0012": ({}, ()),
}


def attachment_states(session: Session, attachment_id: int | None = None) -> dict[int, dict[str, Any]]:
    """`attachment_state` of every attached file (or of the one named), in three queries, not three per file."""
    session.flush()
    attachments = _table(Attachment)
    rows, chunks, texts = select(attachments), select(
        AttachmentChunk.attachment_id, func.count(), func.coalesce(func.sum(func.length(AttachmentChunk.data)), 0)
    ).group_by(AttachmentChunk.attachment_id), _FTS_ALL_TEXTS
    if attachment_id is not None:
        rows = rows.where(attachments.c.id == attachment_id)
        chunks = chunks.where(AttachmentChunk.attachment_id == attachment_id)
        texts = _FTS_TEXT.bindparams(id=attachment_id)
    states: dict[int, dict[str, Any]] = {
        row["id"]: {"attachment": dict(row), "chunks": 0, "stored_bytes": 0, "text_sha256": None}
        for row in session.execute(rows).mappings()}
    for file_id, count, stored in session.execute(chunks):
        if file_id in states:
            states[file_id].update(chunks=count, stored_bytes=stored)
    for file_id, indexed in session.execute(texts):
        if file_id in states and indexed is not None:
            states[file_id]["text_sha256"] = hashlib.sha256(indexed.encode("utf-8")).hexdigest()
    return states


def attachment_state_as_of(state: dict[str, Any], revision: str) -> dict[str, Any]:
    """`state` (an `attachment_state` of this schema) as the app at schema `revision` computed it: before 0010
    a plain-text file's text was neither kept nor indexed."""
    if revision < "0010" and state["attachment"]["media_type"] == "text/plain":
        return {**state, "text_sha256": None}
    return state


def case_state_as_of(state: dict[str, Any], revision: str) -> dict[str, Any]:
    """`state` (a `case_state` of this schema) as the app at schema `revision` computed it: the columns and
    parts added by later revisions left out, rows re-sorted."""
    old = dict(state)
    for added_in, (columns, parts) in _ADDED_TO_CASE_STATE.items():
        if added_in <= revision:
            continue
        for part in parts:
            old.pop(part, None)
        for part, names in columns.items():
            if part == "case":
                old[part] = {k: v for k, v in old[part].items() if k not in names}
            else:
                old[part] = sorted(({k: v for k, v in row.items() if k not in names} for row in old[part]),
                                   key=canonical)
    return old


def _state(session: Session, object_type: str, object_id: int) -> dict[str, Any] | None:
    return case_state(session, object_id) if object_type == CASE else attachment_state(session, object_id)


def record_case_state(session: Session, case_id: int, action: str) -> None:
    """Append the case's state after a change, in the caller's transaction (after its flush).

    First the case as last committed must match the log's latest state entry for it
    (`refuse_if_altered`): otherwise this entry would bless rows changed outside panelapp.
    """
    refuse_if_altered(session, case_id)
    append_entry(session, action=action, object_type=CASE, object_id=case_id,
                 content_sha256=case_state_hash(session, case_id))


def refuse_if_altered(session: Session, object_id: int, object_type: str = CASE) -> None:
    """Raise `AlteredCaseError` (nothing is written) if the case (or attached file) as last committed does not
    match the audit log's latest state entry for it. Read through a second connection, which sees the
    committed store and not this unit of work's changes; checked once per object per unit of work. A store
    that does not track state yet, and an object this unit of work creates, have nothing to check."""
    checked: set[tuple[str, int]] = session.info.setdefault("state_checked", set())
    if (object_type, object_id) in checked:
        return
    checked.add((object_type, object_id))
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with engine.connect() as conn, Session(bind=conn) as before:
        mark = before.scalar(select(AuditEntry.seq).where(AuditEntry.action == STATE_TRACKING_ACTION).limit(1))
        if mark is None:
            return
        state_hash = _present_state_hash(before, object_type, object_id)
        latest = before.execute(select(AuditEntry.action, AuditEntry.content_hash).where(
            AuditEntry.object_type == object_type, AuditEntry.object_id == str(object_id), AuditEntry.seq > mark,
            *_STATE_ENTRY).order_by(AuditEntry.seq.desc()).limit(1)).first()
    if state_hash is None and (latest is None or latest.action.endswith(".delete")):
        return  # created in this unit of work (or deleted and not present): nothing committed to compare
    if latest is None or latest.action.endswith(".delete") or state_hash != latest.content_hash:
        raise AlteredCaseError(
            f"{object_type} {object_id} does not match its audit log (rows changed outside panelapp, or an older "
            "copy of part of the file): nothing was written. Run 'panelapp verify' and restore a backup")


def record_attachment_state(session: Session, attachment_id: int, action: str) -> None:
    """Append an attached file's state after a change (first refusing, as for a case, if the file's committed
    record no longer matches its log)."""
    refuse_if_altered(session, attachment_id, ATTACHMENT)
    append_entry(session, action=action, object_type=ATTACHMENT, object_id=attachment_id,
                 content=attachment_state(session, attachment_id))


def tracking_started(session: Session) -> bool:
    return session.scalar(select(AuditEntry.seq).where(AuditEntry.action == STATE_TRACKING_ACTION).limit(1)) is not None


def _ids(session: Session, model: Any) -> list[int]:
    return list(session.scalars(select(model.id).order_by(model.id)))


def record_untracked_state(session: Session) -> int:
    """Start state tracking on a store that has none (one written before it): returns how many objects
    it recorded.

    Appends the start mark, then a state entry for every case and attachment present. On a store that
    already tracks state it does nothing and returns 0: an object without an entry there was added
    outside panelapp, which `verify` must report rather than this bless. Idempotent; call it in the
    transaction that migrates an older store, and every write path calls it before changing anything.
    """
    if tracking_started(session):
        return 0
    append_entry(session, action=STATE_TRACKING_ACTION, object_type="store", object_id="-", content={"version": 1})
    recorded = 0
    for case_id in _ids(session, Case):
        record_case_state(session, case_id, "case.state-recorded")
        recorded += 1
    for attachment_id in _ids(session, Attachment):
        record_attachment_state(session, attachment_id, "attachment.state-recorded")
        recorded += 1
    return recorded


def _latest_from_log(session: Session) -> tuple[bool, _Latest]:
    rows = session.execute(select(AuditEntry.action, AuditEntry.object_type, AuditEntry.object_id,
                                  AuditEntry.content_hash).order_by(AuditEntry.seq))
    return _latest_state_entries([dict(r._mapping) for r in rows])


def record_migrated_state(session: Session, from_revision: str) -> tuple[int, int]:
    """After a schema migration: re-record the state of every case and attached file that still matches its
    latest state entry as the app at `from_revision` computed it, and whose state the migration changed.
    Returns (re-recorded, left alone).

    New columns change every case's state; without this, `verify` would call each migrated case altered.
    An object that did not match before the migration is left alone, so `verify` still reports it: the
    migration blesses nothing. Nothing happens on a store without state tracking (`record_untracked_state`
    starts it later, at the first change).
    """
    started, latest = _latest_from_log(session)
    if not started:
        return 0, 0
    files: dict[int, dict[str, Any] | None]
    try:
        files = dict(attachment_states(session))  # every file's in three queries
    except _UNREADABLE:  # a value no column type can read back: each file on its own, the unreadable left alone
        files = {i: _readable(attachment_state, session, i) for i in _ids(session, Attachment)}
    cases = ((i, _readable(case_state, session, i)) for i in _ids(session, Case))  # one at a time
    done = [_re_record(session, CASE, cases, case_state_as_of, latest, from_revision),
            _re_record(session, ATTACHMENT, sorted(files.items()), attachment_state_as_of, latest, from_revision)]
    return sum(r for r, _ in done), sum(s for _, s in done)


_UNREADABLE = (ValueError, TypeError, KeyError)  # what reading back a value changed outside panelapp raises


def _readable(state: Callable[[Session, int], dict[str, Any] | None], session: Session,
              object_id: int) -> dict[str, Any] | None:
    """The object's state, or None when a row cannot be read back (a migration leaves it alone; `verify`
    names it)."""
    try:
        return state(session, object_id)
    except _UNREADABLE:
        return None


def _re_record(session: Session, object_type: str, states: Iterable[tuple[int, dict[str, Any] | None]],
               as_of: Callable[[dict[str, Any], str], dict[str, Any]], latest: _Latest,
               from_revision: str) -> tuple[int, int]:
    recorded = skipped = 0
    for object_id, state in states:
        entry = latest.get((object_type, object_id))
        if entry is not None and state is not None and content_hash(state) == entry["content_hash"]:
            continue  # this migration did not change what its state holds: the entry stands
        if entry is None or state is None or content_hash(as_of(state, from_revision)) != entry["content_hash"]:
            skipped += 1
            continue
        append_entry(session, action=f"{object_type}.state-migrated", object_type=object_type, object_id=object_id,
                     content=state)
        recorded += 1
    return recorded, skipped


@dataclass(frozen=True)
class StateCheck:
    problems: tuple[str, ...]
    notes: tuple[str, ...]
    objects_checked: int


_Latest = dict[tuple[str, int], Mapping[str, Any]]


def _latest_state_entries(entries: Sequence[Mapping[str, Any]]) -> tuple[bool, _Latest]:
    """Whether tracking has started, and per object the last state entry after the start mark."""
    started = False
    latest: _Latest = {}
    for e in entries:
        if e["action"] == STATE_TRACKING_ACTION:
            started = True
            continue
        if not started or e["object_type"] not in STATE_TYPES or _not_state(e["action"]):
            continue
        try:
            object_id = int(e["object_id"])
        except ValueError:
            continue
        latest[(e["object_type"], object_id)] = e
    return started, latest


def state_problems(session: Session, entries: Sequence[Mapping[str, Any]]) -> StateCheck:
    """Compare every case and attachment with the log's latest state entry for it (`entries` in seq order).

    One line per problem, with ids only.
    """
    present = {(CASE, i) for i in _ids(session, Case)} | {(ATTACHMENT, i) for i in _ids(session, Attachment)}
    started, latest = _latest_state_entries(entries)
    if not started:
        notes = (f"{len(present)} object(s) predate state tracking: the store cannot yet be checked against its "
                 "audit log",) if present else ()
        return StateCheck((), notes, 0)
    problems: list[str] = []
    checked = 0
    try:
        attachments: dict[int, dict[str, Any]] | None = attachment_states(session)
    except _UNREADABLE:  # a value no column type can read back: find which, one by one
        attachments = None
    for key in sorted(set(latest) | present):
        object_type, object_id = key
        entry = latest.get(key)
        if entry is None:
            problems.append(f"{object_type} {object_id}: not in the audit log (added outside panelapp)")
            continue
        deleted = entry["action"].endswith(".delete")
        if key not in present:
            if not deleted:
                problems.append(f"{object_type} {object_id}: missing, though the audit log records it "
                                "(rows removed outside panelapp, or an older copy of part of the file)")
            continue
        if deleted:
            problems.append(f"{object_type} {object_id}: present, though the audit log records its deletion")
            continue
        checked += 1
        try:
            if object_type == ATTACHMENT and attachments is not None:
                state: dict[str, Any] | None = attachments.get(object_id)
            else:
                state = _state(session, object_type, object_id)
        except _UNREADABLE:  # a value no column type can read back
            problems.append(f"{object_type} {object_id}: its rows cannot be read (changed outside panelapp)")
            continue
        if content_hash(state) != entry["content_hash"]:
            problems.append(f"{object_type} {object_id}: its content does not match the audit log "
                            "(rows missing or changed outside panelapp)")
    return StateCheck(tuple(problems), (), checked)

