"""The store as a file: the lock a process holds, checks that need no key, private files, fsync."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import stat
from pathlib import Path

from panelapp.domain.errors import NotAStoreError, StoreInUseError
from panelapp.domain.names import printable_name

PAGE_SIZE = 4096
_SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"


def display_name(path: Path) -> str:
    """A file name safe for a one-line message (control characters shown as '?')."""
    return printable_name(path.name) or str(path)


def fsync_path(path: Path) -> None:
    """Flush a file's data, or a folder's entries (after a rename or link), to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def new_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (never through the umask's 0644)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    os.fchmod(fd, 0o600)
    os.close(fd)


def temp_sibling(path: Path, purpose: str) -> Path:
    return path.with_name(f".{path.name}.{purpose}-{secrets.token_hex(4)}")


class FileLock:
    """An exclusive advisory lock on the store file, held for as long as the store is open."""

    def __init__(self, path: Path) -> None:
        try:
            self.fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
        except FileNotFoundError as exc:
            raise NotAStoreError(f"{display_name(path)}: no such file") from exc
        except IsADirectoryError as exc:
            raise NotAStoreError(f"{display_name(path)} is a directory, not a panelapp store") from exc
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise NotAStoreError(f"{display_name(path)} is a symbolic link; open the store file itself") from exc
            raise NotAStoreError(f"{display_name(path)}: cannot read ({exc.strerror})") from exc
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(self.fd)
            raise StoreInUseError(
                f"{display_name(path)} is in use by another panelapp window or process; close it there first"
            ) from exc

    def read_head(self, n: int) -> bytes:
        return os.pread(self.fd, n, 0)

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing the descriptor releases the flock
            self.fd = -1


def precheck(path: Path, lock: FileLock) -> None:
    """Refuse, without unlocking or writing anything, files that cannot be a store."""
    st = os.fstat(lock.fd)
    name = display_name(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotAStoreError(f"{name} is not a regular file, not a panelapp store")
    if st.st_size == 0:
        raise NotAStoreError(f"{name} is empty (0 bytes), not a panelapp store")
    head = lock.read_head(PAGE_SIZE)
    if head.startswith(_SQLITE_PLAIN_HEADER):
        raise NotAStoreError(f"{name} is a plain (unencrypted) SQLite database, not a panelapp store")
    if b"\x00" not in head:
        with contextlib.suppress(UnicodeDecodeError):
            head.decode("utf-8")
            raise NotAStoreError(f"{name} is a text file, not a panelapp store")
    if st.st_size % PAGE_SIZE:
        raise NotAStoreError(
            f"{name} is truncated or not a panelapp store (its size, {st.st_size} bytes, is not a whole "
            f"number of {PAGE_SIZE}-byte pages); restore from a backup"
        )
