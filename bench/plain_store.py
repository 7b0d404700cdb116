"""Bench only: the store's own code over a plaintext SQLite file, to time what encryption costs.

Never imported by the package (a test holds it): no command, dialog or setting reaches a plaintext store.
The only difference from `Store` is the statement that keys a connection: here one that keys nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from panelapp.models import keys
from panelapp.models.store import Store
from panelapp.models.store_files import FileLock

_NO_KEY = "PRAGMA cipher_log_level = NONE"  # harmless where the key would go: the file stays plaintext
BENCH_KEY = b"\x00" * keys.KEY_BYTES  # unused: nothing is encrypted


def _no_key(key: bytes, salt: bytes | None = None) -> str:
    return _NO_KEY


class PlainStore(Store):
    """`Store` unencrypted. `create` works as it does for a store; `open_plain` skips the checks that refuse
    a plaintext file (the whole point here) and the key derivation."""

    _key_pragma = staticmethod(_no_key)

    @classmethod
    def open_plain(cls, path: Path) -> PlainStore:
        lock = FileLock(path)
        try:
            probe = cls._probe(path, BENCH_KEY)
            return cls(path, BENCH_KEY, lock, store_id=probe.store_id, page_problems=probe.page_problems)
        except BaseException:
            lock.release()
            raise


def export_plain(encrypted: Path, key: bytes, dest: Path, page_size: int | None = None) -> None:
    """A plaintext copy of an encrypted store, page for page the same content (SQLCipher's own export)."""
    conn = sqlcipher.connect(str(encrypted))
    try:
        conn.execute(keys.key_pragma(key))
        conn.execute("PRAGMA cipher_compatibility = 4")
        for pragma in _cipher_pragmas(conn, page_size):
            conn.execute(pragma)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        size = page_size or int(conn.execute("PRAGMA page_size").fetchone()[0])
        conn.execute(f"ATTACH DATABASE '{dest}' AS plain KEY ''")
        conn.execute(f"PRAGMA plain.page_size = {size}")
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    check = sqlite3.connect(dest)
    try:
        check.execute("PRAGMA journal_mode = WAL")
    finally:
        check.close()


def _cipher_pragmas(conn: sqlcipher.Connection, page_size: int | None) -> list[str]:
    return [f"PRAGMA cipher_page_size = {page_size}"] if page_size else []
