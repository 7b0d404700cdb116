"""Writing a file the user chose: checks on the target, a locked 0600 temporary sibling, fsync, an atomic
rename. A store (ours or any other panelapp store) or its -wal/-shm is never a target, whatever `force` says.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

from panelapp.domain.errors import UsageError, os_environment_error
from panelapp.models.store_files import PAGE_SIZE, TempFile, display_name, fsync_path, named_like_a_leftover

STORE_SUFFIXES = (".panel", ".panel-wal", ".panel-shm", ".panel-journal")
_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def looks_like_store(path: Path) -> bool:
    """A regular file of whole 4 KiB pages whose first page reads as random bytes: an encrypted store."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size == 0 or st.st_size % PAGE_SIZE:
            return False
        head = os.pread(fd, PAGE_SIZE, 0)
    finally:
        os.close(fd)
    return len(set(head)) > 200 and not head.startswith((b"%PDF", b"PK\x03\x04", b"SQLite format 3\x00"))


def check_output_target(path: str | os.PathLike[str], *, force: bool, store_path: Path | None = None) -> Path:
    """Refuse an output path that would destroy something: the open store or its side files, any file that
    looks like a panelapp store, a folder, a pipe or device; an existing file unless `force`."""
    path = Path(path)
    name = display_name(path)
    if store_path is not None:
        for suffix in _SIDE_FILES:
            side = Path(f"{store_path}{suffix}")
            if path.absolute() == side.absolute() or (path.exists() and side.exists() and path.samefile(side)):
                raise UsageError(f"refusing to write over the store itself ({name}); choose another file name")
    if path.name.lower().endswith(STORE_SUFFIXES):
        raise UsageError(f"{name} is named like a panelapp store; choose another file name")
    if path.name.lower().endswith(_SIDE_FILES[1:]):
        raise UsageError(f"{name} is named like a database's side file (-wal, -shm, -journal); SQLite would take "
                         "it for a store's log: choose another file name")
    if named_like_a_leftover(path):
        raise UsageError(f"{name} is named like a temporary file panelapp clears away; choose another file name")
    if not path.parent.is_dir():
        raise UsageError(f"{path.parent} is not a folder")
    if os.path.lexists(path):
        st = os.stat(path) if path.exists() else os.lstat(path)
        if stat.S_ISDIR(st.st_mode):
            raise UsageError(f"{name} is a folder; name a file to write")
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISLNK(st.st_mode):
            raise UsageError(f"{name} is not a regular file; choose another file name")
        if looks_like_store(path):
            raise UsageError(f"{name} looks like an encrypted panelapp store; it is never overwritten")
        if not force:
            raise UsageError(f"{name} already exists; choose a new file name, or add --force to replace it")
    return path


class _Hashing:
    """A write-only stream that hashes and counts what passes to the file under it."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()


def write_atomically_from(path: str | os.PathLike[str], produce: Callable[[BinaryIO], None]) -> tuple[str, int]:
    """Let `produce` write a file's content, streamed (never whole in memory), to `path` atomically (a locked,
    registered 0600 temporary file renamed into place: a crash leaves either the old file or the new one, and
    the next open sweeps the partial); returns (SHA-256, size) of what was written."""
    path = Path(path)
    try:
        with TempFile(path, "partial") as tmp:
            with os.fdopen(os.dup(tmp.fd), "wb") as f:
                out = _Hashing(f)
                produce(cast(BinaryIO, out))
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp.path, path)
        fsync_path(path.parent)
    except OSError as exc:
        env = os_environment_error(exc, display_name(path))
        if env is None:
            raise
        raise env from exc
    return out.sha256.hexdigest(), out.size


def write_atomically(path: str | os.PathLike[str], data: bytes) -> str:
    """`data` written to `path` atomically (see `write_atomically_from`); returns its SHA-256."""
    def produce(out: BinaryIO) -> None:
        out.write(data)

    return write_atomically_from(path, produce)[0]
