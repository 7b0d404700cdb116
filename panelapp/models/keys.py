"""Passphrase → raw SQLCipher key: Argon2id over the NFC-normalised passphrase and the file's own salt."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from panelapp.domain.errors import UsageError

SALT_BYTES = 16
KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParams:
    time_cost: int
    memory_kib: int
    parallelism: int


# Measured at 0.58 s on the 2-core development machine (see README). Every store a user creates uses this.
DEFAULT_KDF = KdfParams(time_cost=4, memory_kib=256 * 1024, parallelism=4)
# Only for test suites that create many stores; no command or dialog can select it.
TEST_ONLY_KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)


def normalise(passphrase: str) -> bytes:
    """NFC, then UTF-8. A passphrase holding bytes that are not UTF-8 (an environment variable set from
    raw bytes) is refused: no dialog can type it, so a store keyed with it could never be opened there."""
    try:
        return unicodedata.normalize("NFC", passphrase).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UsageError("the passphrase is not valid UTF-8 text; nothing was done") from exc


def derive_key(passphrase: str, salt: bytes, params: KdfParams | None = None) -> bytes:
    p = params or DEFAULT_KDF
    if len(salt) != SALT_BYTES:
        raise ValueError("salt must be 16 bytes")
    return hash_secret_raw(normalise(passphrase), salt, p.time_cost, p.memory_kib, p.parallelism, KEY_BYTES, Type.ID)


def key_pragma(key: bytes, salt: bytes | None = None) -> str:
    """The PRAGMA key statement for a raw key (with the salt when creating a file)."""
    blob = key.hex() + (salt.hex() if salt else "")
    return f"PRAGMA key = \"x'{blob}'\""
