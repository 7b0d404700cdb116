"""`verify`: SQLCipher page checks, SQLite structure, the audit chain, every attachment's hash, and every
case and attachment against the audit log's latest state entry for it (see services/audit_state.py)."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from panelapp.domain.audit_chain import GENESIS, verify_chain
from panelapp.domain.case_data import VerifyReport
from panelapp.domain.errors import DamagedStoreError
from panelapp.models.audit import entries_as_dicts
from panelapp.models.schema import HIGHEST_CITED_EVIDENCE, Attachment, AttachmentChunk
from panelapp.models.store import Store
from panelapp.services.audit_state import record_untracked_state, state_problems

_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")
# The highest evidence number SQLite has handed out (schema 0011), against the highest in use or cited: in a
# store only panelapp wrote, the first is never below the second.
_NUMBERING = text(f"""
SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'evidence_items'),
       max((SELECT coalesce(max(id), 0) FROM evidence_items), coalesce(({HIGHEST_CITED_EVIDENCE}), 0))
""")

__all__ = ["record_untracked_state", "verify_store"]


def _hash_attachments(s: Session, problems: list[str]) -> tuple[int, int]:
    """Every stored attachment's bytes against the size and SHA-256 recorded at import, in one pass over the
    chunk table in key order (one chunk in memory at a time); returns (checked, without bytes)."""
    expected = {a.id: (a.size, a.sha256) for a in s.execute(
        select(Attachment.id, Attachment.size, Attachment.sha256).where(Attachment.bytes_present))}
    missing = s.scalar(select(func.count()).select_from(Attachment).where(~Attachment.bytes_present)) or 0
    seen: set[int] = set()
    current: int | None = None
    digest, size, next_seq, gap = hashlib.sha256(), 0, 0, False

    def finish() -> None:
        if current is None:
            return
        seen.add(current)
        if gap:
            problems.append(f"attachment {current}: chunks are missing")
        want_size, want_sha = expected[current]
        if size != want_size or digest.hexdigest() != want_sha:
            problems.append(f"attachment {current}: bytes do not match the SHA-256 recorded at import")

    rows = s.execute(select(AttachmentChunk.attachment_id, AttachmentChunk.seq, AttachmentChunk.data)
                     .order_by(AttachmentChunk.attachment_id, AttachmentChunk.seq)
                     .execution_options(yield_per=1))
    for attachment_id, seq, block in rows:
        if attachment_id not in expected:
            continue  # a reference only, or a record awaiting its bytes: its hash is all there is
        if attachment_id != current:
            finish()
            current, digest, size, next_seq, gap = attachment_id, hashlib.sha256(), 0, 0, False
        gap = gap or seq != next_seq
        next_seq = seq + 1
        digest.update(block or b"")
        size += len(block or b"")
    finish()
    for attachment_id in sorted(set(expected) - seen):  # not one chunk left
        size, sha = expected[attachment_id]
        if size != 0 or sha != hashlib.sha256().hexdigest():
            problems.append(f"attachment {attachment_id}: bytes do not match the SHA-256 recorded at import")
    return len(expected), missing


def verify_store(store: Store) -> VerifyReport:
    # SQLite's own checks (C code, which lets go of the interpreter while it reads) run on a second connection
    # while this thread hashes the files and compares the state: on two cores, in about the time of the longer.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify") as pool:
        low_level = pool.submit(store.integrity_check)
        if store.page_problems:  # a damaged store: one check after the other, so its report is always the same
            low_level.result()
        problems, notes, entries, checked, missing, objects = _check_contents(store)
        store_problems, store_notes = low_level.result()
        problems, notes = store_problems + problems, store_notes + notes
    if missing:
        notes.append(f"{missing} attachment(s) are references only or await their bytes (hash recorded)")
    head = entries[-1]["entry_hash"] if entries else GENESIS
    return VerifyReport(tuple(problems), len(entries), head, checked, missing, tuple(notes), objects)


_NUMBERS_NOBODY_USES = 10**12  # more evidence numbers than any store hands out (a count near SQLite's limit)


def _numbering_problems(s: Session) -> list[str]:
    """A record of evidence numbers put back from an older copy (a page spliced in, or an edit from outside)
    would let a removed item's number, which a decision version may cite, be given to a new item."""
    try:
        if s.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")).first() is None:
            return []  # a store before schema 0011 (one found damaged is not migrated): nothing to compare
        handed_out, used = s.execute(_NUMBERING).one()
    except DatabaseError as exc:
        return [f"evidence numbering: cannot be read ({exc.orig})"]
    if handed_out is not None and (not isinstance(handed_out, int) or isinstance(handed_out, bool)):
        return ["evidence numbering: the record of the highest number handed out is not a whole number (changed "
                "outside panelapp); a removed item's number could be given to a new item"]
    if (handed_out or 0) - used > _NUMBERS_NOBODY_USES:
        return [f"evidence numbering: the highest number handed out is recorded as {handed_out}, far beyond the "
                f"{used} in use (changed outside panelapp); new items may not be numbered"]
    if (handed_out or 0) >= used:
        return []
    return [f"evidence numbering: the highest number handed out is recorded as {handed_out or 0}, below {used} "
            "(in use or cited by a decision version); a removed item's number could be given to a new item"]


def _check_contents(store: Store) -> tuple[list[str], list[str], list[dict[str, Any]], int, int, int]:
    """The audit chain, every attachment's bytes and every object's state: (problems, notes, entries, files
    checked, files without bytes, objects checked)."""
    problems: list[str] = []
    notes: list[str] = []
    entries: list[dict[str, Any]] = []
    checked = missing = objects = 0
    try:
        with store.session() as s:
            triggers = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            problems += [f"audit log protection is missing (trigger {t})" for t in _TRIGGERS if t not in triggers]
            entries = entries_as_dicts(s)
            problems += [f"audit log entry {b.seq}: {b.reason}" for b in verify_chain(entries)]
            hashed, missing = _hash_attachments(s, problems)
            checked += hashed
            state = state_problems(s, entries)
            problems += state.problems
            notes += state.notes
            objects = state.objects_checked
            problems += _numbering_problems(s)  # last: a page it cannot read must not cut the checks above short
    except DamagedStoreError as exc:
        problems.append(f"the store cannot be read to the end: {exc}")
    except DatabaseError as exc:
        problems.append(f"the store cannot be read to the end ({exc.orig})")
    return problems, notes, entries, checked, missing, objects
