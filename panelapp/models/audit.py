"""Append entries to the hash-chained audit log (ids and hashes only, never content)."""

from __future__ import annotations

import datetime as dt
import getpass
import os
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelapp.domain.audit_chain import GENESIS, content_hash, entry_hash
from panelapp.models.schema import AuditEntry


def current_actor() -> str:
    """Who is acting: PANELAPP_ACTOR if set, else the operating-system login name."""
    actor = os.environ.get("PANELAPP_ACTOR")
    if actor:
        return actor[:100]
    try:
        return getpass.getuser()[:100]
    except (KeyError, OSError):
        return "unknown"


def append_entry(
    session: Session,
    *,
    action: str,
    object_type: str,
    object_id: int | str,
    content: Any,
    actor: str | None = None,
) -> AuditEntry:
    """One chained entry in the caller's transaction; `content` is hashed, never stored."""
    last = session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).scalar_one_or_none()
    fields: dict[str, Any] = {
        "seq": last.seq + 1 if last else 1,
        "at_utc": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        "actor": actor or current_actor(),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "content_hash": content_hash(content),
    }
    prev = last.entry_hash if last else GENESIS
    entry = AuditEntry(**fields, prev_hash=prev, entry_hash=entry_hash(fields, prev))
    session.add(entry)
    session.flush()
    return entry


def entries_as_dicts(session: Session) -> list[dict[str, Any]]:
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
    return [
        {c: getattr(r, c) for c in ("seq", "at_utc", "actor", "action", "object_type", "object_id",
                                    "content_hash", "prev_hash", "entry_hash")}
        for r in rows
    ]
