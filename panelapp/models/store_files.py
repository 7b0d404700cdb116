"""The store as a file: the lock a process holds, checks that need no key, private files, fsync, and the
temporary files a killed process may leave behind (registered, locked while written, swept on the next open).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import secrets
import stat
from collections.abc import Iterator
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


def shortened(name: str, limit: int, keep: int) -> str:
    """`name` for a file named after it: as it is up to `limit` bytes, else its first `keep` bytes (whole
    characters) and a hash of the whole, so the name with what is added to it stays within the file system's
    255 bytes."""
    if len(os.fsencode(name)) <= limit:
        return name
    short = name
    while len(os.fsencode(short)) > keep:
        short = short[:-1]
    return f"{short}~{hashlib.sha256(os.fsencode(name)).hexdigest()[:12]}"


def _temp_base(path: Path) -> str:
    """The store's name as temporary siblings carry it (shortened when long)."""
    return shortened(path.name, 200, 80)


def temp_sibling(path: Path, purpose: str) -> Path:
    return path.with_name(f".{_temp_base(path)}.{purpose}-{secrets.token_hex(4)}")


def _open_regular(path: Path, flags: int) -> int:
    """Open without following a symbolic link and without blocking on a FIFO; refuse anything not a file."""
    fd = os.open(path, flags | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise NotAStoreError(
                f"{display_name(path)} is not a regular file (a pipe or a device), not a panelapp store")
        os.set_blocking(fd, True)
        return fd
    except BaseException:
        os.close(fd)
        raise


class FileLock:
    """An exclusive advisory lock on the store file, held for as long as the store is open.

    The file is opened without blocking (a FIFO named as a store cannot hang the app) and the lock is
    re-checked against the path after it is taken, so a lock on a file that was just replaced (a passphrase
    change renames a new file over the old one) is never mistaken for a lock on the store.
    """

    def __init__(self, path: Path, fd: int | None = None) -> None:
        self.fd = -1
        if fd is not None:  # adopt a descriptor that already holds the lock (passphrase change)
            self.fd = fd
            return
        for _ in range(10):
            fd = self._open(path)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                os.close(fd)
                raise StoreInUseError(
                    f"{display_name(path)} is in use by another panelapp window or process; close it there first"
                ) from exc
            if _same_file(fd, path):
                self.fd = fd
                return
            os.close(fd)  # the path now names another file (renamed over while we waited): take that one
        raise StoreInUseError(f"{display_name(path)} keeps being replaced by another process; try again")

    @staticmethod
    def _open(path: Path) -> int:
        try:
            return _open_regular(path, os.O_RDONLY)
        except FileNotFoundError as exc:
            raise NotAStoreError(f"{display_name(path)}: no such file") from exc
        except IsADirectoryError as exc:
            raise NotAStoreError(f"{display_name(path)} is a directory, not a panelapp store") from exc
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise NotAStoreError(f"{display_name(path)} is a symbolic link; open the store file itself") from exc
            raise NotAStoreError(f"{display_name(path)}: cannot read ({exc.strerror})") from exc

    def read_head(self, n: int) -> bytes:
        return os.pread(self.fd, n, 0)

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing the descriptor releases the flock
            self.fd = -1


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


# --- where panelapp keeps its own small state outside any store ---------------------------------------
def state_dir() -> Path:
    """`$XDG_STATE_HOME/panelapp` (default ~/.local/state/panelapp), created 0700. Never holds case data."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    path = Path(base) / "panelapp"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


# --- temporary files: registered and locked while written, swept after a crash ------------------------
TEMP_PURPOSES = ("creating", "partial", "rekey")
_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
_TEMP_NAME = re.compile(r"\..+\.(?:creating|partial|rekey)-[0-9a-f]{8}", re.DOTALL)


def named_like_a_leftover(path: Path) -> bool:
    """Whether `path` has the name of a temporary file panelapp writes and sweeps away once its writer is gone
    (`.NAME.partial-0123abcd`): a file the user keeps must never be named so."""
    return _TEMP_NAME.fullmatch(path.name) is not None


def _try_state_dir() -> Path | None:
    try:
        return state_dir()
    except OSError:
        return None


class TempFile:
    """A 0600 temporary sibling that a crash cannot leave behind for good.

    While it exists the writer holds an exclusive flock on it and a small record of its path sits in
    `state_dir()/pending`; the next panelapp to open a store sweeps every recorded file it can lock (its
    writer is gone) and every `.NAME.{creating,partial,rekey}-*` sibling of that store.
    """

    def __init__(self, target: Path, purpose: str) -> None:
        for _ in range(5):
            self.path = temp_sibling(target, purpose)
            self._record = _new_record(self.path)  # None when the state folder is unusable: never a reason to stop
            try:
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            except BaseException:
                if self._record is not None:
                    self._record.unlink(missing_ok=True)
                raise
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.fchmod(self.fd, 0o600)
                if _same_file(self.fd, self.path):
                    return
            except BlockingIOError:
                pass
            # another process's sweep took the file between its creation and our lock: use a new name
            os.close(self.fd)
            if self._record is not None:
                self._record.unlink(missing_ok=True)
        raise OSError(errno.EAGAIN, "could not hold a temporary file")

    def detach(self) -> int:
        """The file was renamed into place: forget the record and hand over the locked descriptor."""
        if self._record is not None:
            self._record.unlink(missing_ok=True)
        fd, self.fd = self.fd, -1
        return fd

    def discard(self) -> None:
        """Remove the file (and any SQLite side files) and the record; keeps nothing."""
        for p in (self.path, *(Path(f"{self.path}{s}") for s in _SQLITE_SIDE_FILES)):
            p.unlink(missing_ok=True)
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if self._record is not None:
            self._record.unlink(missing_ok=True)

    def __enter__(self) -> TempFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


def _pending_dir() -> Path:
    path = state_dir() / "pending"
    path.mkdir(exist_ok=True, mode=0o700)
    return path


def _new_record(path: Path) -> Path | None:
    try:
        record = _pending_dir() / secrets.token_hex(8)
        _write_record(record, path)
        return record
    except OSError:
        return None


def _write_record(record: Path, path: Path) -> None:
    fd = os.open(record, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        os.write(fd, os.fsencode(path.absolute()))
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_if_abandoned(path: Path) -> bool:
    """Delete a temporary file whose writer is gone (we can lock it); True if it is gone now."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if (not _TEMP_NAME.fullmatch(path.name) or not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid()
                or st.st_mode & 0o777 != 0o600):
            return False  # not one of ours
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a live process is still writing it
        for p in (path, *(Path(f"{path}{s}") for s in _SQLITE_SIDE_FILES)):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        return True
    finally:
        os.close(fd)


def _candidates(store: Path) -> Iterator[Path]:
    prefix = f".{_temp_base(store)}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(store.parent):
            name = entry.name
            if name.startswith(prefix) and _TEMP_NAME.fullmatch(name):
                yield Path(entry.path)
    pending = _pending_dir()
    for record in sorted(pending.iterdir()):
        try:
            raw = record.read_bytes()[:4096]
        except OSError:
            continue
        if raw:
            yield Path(os.fsdecode(raw))


def sweep_leftovers(store: Path) -> int:
    """Remove what killed panelapp processes left behind; returns how many files went. Never raises."""
    removed = 0
    try:
        pending = _pending_dir()
        for path in _candidates(store):
            if path.exists() and _remove_if_abandoned(path):
                removed += 1
        for record in pending.iterdir():
            with contextlib.suppress(OSError):
                raw = record.read_bytes()[:4096]
                if not raw or not os.path.lexists(Path(os.fsdecode(raw))):
                    record.unlink()
    except OSError:
        pass
    return removed


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
