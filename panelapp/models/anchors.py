"""Where this machine last saw each store: a per-store anchor kept outside the store.

SQLCipher cannot notice a whole store file replaced by an older copy of itself (every page is valid). The
audit log is hash-chained, so remembering its last entry (sequence number and hash) outside the store is
enough to notice: a store whose chain no longer holds that entry is behind what this machine saw.

An anchor holds the store's random id, a sequence number and a SHA-256 — no names, paths or case data.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from panelapp.models.store_files import state_dir

_STORE_ID = re.compile(r"[0-9a-f-]{36}")


@dataclass(frozen=True)
class Anchor:
    seq: int
    head: str


def _anchor_path(store_id: str) -> Path | None:
    """Where the anchor lives; None when the state folder cannot be used (never a reason to stop)."""
    if not _STORE_ID.fullmatch(store_id):
        return None
    try:
        folder = state_dir() / "anchors"
        folder.mkdir(exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder / f"{store_id}.json"


def read_anchor(store_id: str) -> Anchor | None:
    """The anchor this machine recorded for `store_id`, or None (never seen, or unreadable)."""
    path = _anchor_path(store_id)
    if path is None:
        return None
    try:  # a regular file only, never followed, never blocking, at most 4 KiB
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            raw = os.read(fd, 4096)
        finally:
            os.close(fd)
        data = json.loads(raw.decode("ascii"))
        seq, head = int(data["seq"]), str(data["head"])
    except (OSError, ValueError, KeyError, TypeError, OverflowError, AttributeError, RecursionError):
        return None
    if not 0 <= seq < 2**62 or not re.fullmatch(r"[0-9a-f]{64}", head):
        return None
    return Anchor(seq, head)


def write_anchor(store_id: str, anchor: Anchor) -> None:
    """Record `anchor` atomically (0600). Failing to record it never stops the app."""
    path = _anchor_path(store_id)
    if path is None:
        return
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    with contextlib.suppress(OSError):
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            os.write(fd, json.dumps({"seq": anchor.seq, "head": anchor.head}).encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)
