"""Append entries to the hash-chained audit log (ids and hashes only, never content)."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import unicodedata
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelapp.domain.audit_chain import GENESIS, content_hash, entry_hash
from panelapp.models.schema import AuditEntry

ACTOR_LIMIT = 100  # the audit_log.actor column
_NAME_LIMIT = 60


def _clean(text: str, limit: int) -> str:
    """One line of printable text: control and format characters dropped, spaces collapsed, capped."""
    kept = "".join(ch if ch.isprintable() and unicodedata.category(ch) != "Cf" else " " for ch in text)
    return " ".join(kept.split())[:limit]


def os_login_name() -> str:
    """The operating system's account name for this process.

    From the account database, not from environment variables (LOGNAME, USER), which anyone can set.
    """
    try:
        import pwd  # POSIX only

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):
        try:
            return getpass.getuser()  # Windows: the logged-on user's name
        except (KeyError, OSError, ImportError):
            return "unknown"


def current_actor(display_name: object = None) -> str:
    """Who is acting, as recorded: the OS login name, plus the display name from settings when set.

    e.g. "jsmith (Jane Smith)". Control characters are dropped and the result fits the column.
    """
    login = _clean(os_login_name(), _NAME_LIMIT) or "unknown"
    shown = _clean(display_name, _NAME_LIMIT) if isinstance(display_name, str) else ""
    if not shown or shown == login:
        return login[:ACTOR_LIMIT]
    return f"{login} ({shown})"[:ACTOR_LIMIT]


def append_entry(
    session: Session,
    *,
    action: str,
    object_type: str,
    object_id: int | str,
    content: Any = None,
    content_sha256: str | None = None,
) -> AuditEntry:
    """One chained entry in the caller's transaction; `content` is hashed, never stored (or `content_sha256`
    is its hash, `content_hash(content)`, worked out by the caller).

    The actor is the OS login name and `session.info["display_name"]` (set by the store from settings).
    """
    last = session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).scalar_one_or_none()
    fields: dict[str, Any] = {
        "seq": last.seq + 1 if last else 1,
        "at_utc": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        "actor": current_actor(session.info.get("display_name")),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "content_hash": content_sha256 if content_sha256 is not None else content_hash(content),
    }
    prev = last.entry_hash if last else GENESIS
    entry = AuditEntry(**fields, prev_hash=prev, entry_hash=entry_hash(fields, prev))
    session.add(entry)
    session.flush()
    return entry


def entries_as_dicts(session: Session) -> list[dict[str, Any]]:
    """Every entry in order, as plain dicts (read as rows, not ORM objects: the log can hold many thousands)."""
    names = ("seq", "at_utc", "actor", "action", "object_type", "object_id", "content_hash", "prev_hash",
             "entry_hash")
    rows = session.execute(select(*(getattr(AuditEntry, c) for c in names)).order_by(AuditEntry.seq))
    return [dict(zip(names, r, strict=True)) for r in rows]
