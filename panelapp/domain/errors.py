"""Errors a user can act on (their environment, their input), as opposed to bugs.

Every class carries a one-line message fit to show a user, and the CLI exit code it maps to.
Messages never contain case content or passphrases; file names only where the user gave them.
"""

from __future__ import annotations


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


class NotFoundError(KnownError):
    """A case, item or file the user named does not exist."""

    exit_code = 2


class RefusedError(KnownError):
    """One input (a file, a JSON document) refused for a stated reason; nothing of it was written."""

    exit_code = 1
