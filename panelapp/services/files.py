"""Writing a file the user chose: a 0600 temporary sibling, fsync, then an atomic rename."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from panelapp.models.store import fsync_path


def write_atomically(path: str | os.PathLike[str], data: bytes) -> str:
    """Write `data` to `path` atomically; returns the SHA-256 of what was written."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial-{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_path(path.parent)
    return hashlib.sha256(data).hexdigest()
