"""`verify`: SQLCipher page checks, SQLite structure, the audit chain, every attachment's hash, and every
case and attachment against the audit log's latest state entry for it (see services/audit_state.py)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from panelapp.domain.audit_chain import GENESIS, verify_chain
from panelapp.domain.case_data import VerifyReport
from panelapp.domain.errors import DamagedStoreError
from panelapp.models.audit import entries_as_dicts
from panelapp.models.schema import Attachment, AttachmentChunk
from panelapp.models.store import Store
from panelapp.services.audit_state import record_untracked_state, state_problems

_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")

__all__ = ["record_untracked_state", "verify_store"]


def verify_store(store: Store) -> VerifyReport:
    problems = list(store.integrity_problems())
    notes: list[str] = []
    entries: list[dict[str, Any]] = []
    checked = missing = objects = 0
    try:
        with store.session() as s:
            triggers = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            problems += [f"audit log protection is missing (trigger {t})" for t in _TRIGGERS if t not in triggers]
            entries = entries_as_dicts(s)
            problems += [f"audit log entry {b.seq}: {b.reason}" for b in verify_chain(entries)]
            for att in s.scalars(select(Attachment).order_by(Attachment.id)):
                if not att.bytes_present:
                    missing += 1
                    continue
                digest, size = hashlib.sha256(), 0
                seqs = s.scalars(select(AttachmentChunk.seq).where(AttachmentChunk.attachment_id == att.id)
                                 .order_by(AttachmentChunk.seq)).all()
                for seq in seqs:  # one chunk in memory at a time
                    block = s.scalar(select(AttachmentChunk.data).where(
                        AttachmentChunk.attachment_id == att.id, AttachmentChunk.seq == seq))
                    digest.update(block or b"")
                    size += len(block or b"")
                checked += 1
                if seqs != list(range(len(seqs))):
                    problems.append(f"attachment {att.id}: chunks are missing")
                if size != att.size or digest.hexdigest() != att.sha256:
                    problems.append(f"attachment {att.id}: bytes do not match the SHA-256 recorded at import")
            state = state_problems(s, entries)
            problems += state.problems
            notes += state.notes
            objects = state.objects_checked
    except DamagedStoreError as exc:
        problems.append(f"the store cannot be read to the end: {exc}")
    except DatabaseError as exc:
        problems.append(f"the store cannot be read to the end ({exc.orig})")
    if missing:
        notes.append(f"{missing} attachment(s) are references only or await their bytes (hash recorded)")
    head = entries[-1]["entry_hash"] if entries else GENESIS
    return VerifyReport(tuple(problems), len(entries), head, checked, missing, tuple(notes), objects)
