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


class StoreInUseError(KnownError):
    exit_code = 5


class StoreEnvironmentError(KnownError):
    """The machine refused: a read-only file or folder, a full disk, a file-size limit, an I/O error.

    Nothing is wrong with the store or the passphrase; the message names the real cause.
    """

    exit_code = 6


class NotFoundError(KnownError):
    """A case, item or file the user named does not exist."""

    exit_code = 2


class RefusedError(KnownError):
    """One input (a file, a JSON document) refused for a stated reason; nothing of it was written."""

    exit_code = 1


_OS_CAUSES = {
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "a file-size limit was reached",
    errno.EIO: "an input/output error (a disk fault or a removed drive)",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
}


def os_environment_error(exc: OSError, what: str) -> StoreEnvironmentError | None:
    """The environment error an OSError stands for ("cannot write X: the disk is full"); else None."""
    cause = _OS_CAUSES.get(exc.errno or 0)
    if cause is None:
        return None
    return StoreEnvironmentError(f"cannot write {what}: {cause}; nothing was replaced")
