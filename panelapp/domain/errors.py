"""Errors a user can act on (their environment, their input), as opposed to bugs.

Every class carries a one-line message fit to show a user, and the CLI exit code it maps to
(0 done, 1 done with problems, 2 usage, 3 cannot unlock, 4 not a store / damaged / newer, 5 in use,
6 the environment refused: read-only, disk full, file-size limit, I/O error).
Messages never contain case content or passphrases; file names only where the user gave them.
"""

from __future__ import annotations

import errno


class KnownError(Exception):
    """An expected failure with a one-line message for the user."""

    exit_code = 1


class UsageError(KnownError):
    exit_code = 2


class CannotUnlockError(KnownError):
    """Wrong passphrase, or the page holding the key check is damaged: SQLCipher cannot tell which."""

    exit_code = 3


class NotAStoreError(KnownError):
    """Not a panelapp store (empty, plain SQLite, text, other), damaged, or newer than this app."""

    exit_code = 4


class DamagedStoreError(NotAStoreError):
    pass


class NewerStoreError(NotAStoreError):
    pass


class AlteredCaseError(DamagedStoreError):
    """A case's rows no longer match the state its audit log recorded: a write is refused, so that it never
    records (and so hides) a change made outside panelapp."""


class StoreInUseError(KnownError):
    exit_code = 5


class StoreEnvironmentError(KnownError):
    """The machine refused: a read-only file or folder, a full disk, a file-size limit, an I/O error.

    Nothing is wrong with the store or the passphrase; the message names the real cause.
    """

    exit_code = 6


class ReadOnlyError(StoreEnvironmentError):
    """A read-only file, folder or file system."""


class DiskFullError(StoreEnvironmentError):
    """A full disk or a used-up quota."""


class StorageIOError(StoreEnvironmentError):
    """An input/output error: a disk fault, a removed drive, a file-size limit."""


class StoreBusyError(StoreEnvironmentError):
    """Another program holds a lock on the store's database file."""


class BadInputError(KnownError):
    """A value the user typed or a file gave is not acceptable: names the field and the reason.

    `field` is the name of the thing (as the user sees it), `code` a stable reason code the CLI and the GUI
    may format their own way; `str(error)` is the one-line message.
    """

    exit_code = 2

    def __init__(self, field: str, reason: str, *, code: str = "invalid") -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.code = code


class NotFoundError(KnownError):
    """A case, item or file the user named does not exist."""

    exit_code = 2


class RefusedError(KnownError):
    """One input (a file, a JSON document) refused for a stated reason; nothing of it was written."""

    exit_code = 1


_OS_CAUSES: dict[int, tuple[type[StoreEnvironmentError], str]] = {
    errno.EROFS: (ReadOnlyError, "the file system is read-only"),
    errno.ENOSPC: (DiskFullError, "the disk is full"),
    errno.EDQUOT: (DiskFullError, "the disk quota is used up"),
    errno.EFBIG: (StorageIOError, "a file-size limit was reached"),
    errno.EIO: (StorageIOError, "an input/output error (a disk fault or a removed drive)"),
    errno.EACCES: (ReadOnlyError, "permission denied"),
    errno.EPERM: (ReadOnlyError, "the operation is not permitted"),
}


def os_environment_error(exc: OSError, what: str) -> StoreEnvironmentError | None:
    """The environment error an OSError stands for ("cannot write X: the disk is full"); else None."""
    known = _OS_CAUSES.get(exc.errno or 0)
    if known is None:
        return None
    kind, cause = known
    return kind(f"cannot write {what}: {cause}; nothing was replaced")
