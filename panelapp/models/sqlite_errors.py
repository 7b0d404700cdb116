"""What a SQLite/SQLCipher or OS error means for the user: damage, or the machine refusing.

SQLite's primary result codes (https://sqlite.org/rescode.html) say which: SQLITE_CORRUPT/NOTADB are
damage; READONLY, CANTOPEN, FULL, IOERR, PERM, BUSY are the environment — never "wrong passphrase".
"""

from __future__ import annotations

from pathlib import Path

from panelapp.domain.errors import (
    DiskFullError,
    ReadOnlyError,
    StorageIOError,
    StoreBusyError,
    StoreEnvironmentError,
)
from panelapp.models.store_files import display_name

SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26

_NOTHING = "nothing was written"


_BY_TEXT = (  # some calls (the backup API) raise without a result code: read SQLite's own message then
    ("database or disk is full", 13), ("disk I/O error", 10), ("readonly database", 8),
    ("unable to open database", 14), ("database is locked", 5),
)


def primary_code(exc: BaseException | None) -> int | None:
    if exc is None:
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return int(code) & 0xFF
    text = str(exc)
    return next((c for phrase, c in _BY_TEXT if phrase in text), None)


def is_corruption(exc: BaseException | None) -> bool:
    """Whether a driver error means damaged pages (SQLITE_CORRUPT / SQLITE_NOTADB), not a bug or a constraint."""
    code = primary_code(exc)
    if code is not None:
        return code in (SQLITE_CORRUPT, SQLITE_NOTADB)
    text = str(exc)
    return "malformed" in text or "not a database" in text


def environment_error(exc: BaseException | None, path: Path) -> StoreEnvironmentError | None:
    """The environment error a driver error stands for, with a message naming the cause; else None."""
    name = display_name(path)
    code = primary_code(exc)
    if code == SQLITE_READONLY:
        return ReadOnlyError(
            f"cannot write to {name}: the file, its folder or the file system is read-only (panelapp keeps "
            f"its -wal and -shm files beside the store); {_NOTHING}")
    if code == SQLITE_CANTOPEN:
        return ReadOnlyError(
            f"cannot open {name} with the files SQLite keeps beside it (-wal, -shm): the folder or file "
            f"system is read-only or not accessible; {_NOTHING}")
    if code == SQLITE_FULL:
        return DiskFullError(f"the disk holding {name} is full; the last change was not saved; "
                                     "free some space and try again")
    if code == SQLITE_IOERR:
        return StorageIOError(
            f"input/output error on {name} (a disk fault, a file-size limit or a removed drive); the last "
            "change was not saved")
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreBusyError(f"{name} is busy (another program holds a lock on it); try again")
    if code == SQLITE_PERM:
        return ReadOnlyError(f"the system refused access to {name}; {_NOTHING}")
    return None
