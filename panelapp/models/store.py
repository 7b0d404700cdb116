"""One encrypted SQLite file per store: SQLCipher 4 through sqlcipher3, wired as ../shared/SECURITY.md says.

- Key: Argon2id(passphrase, the file's 16-byte salt) → raw key; the salt is SQLCipher's own (first 16
  bytes of the file), so there is no sidecar file.
- Every connection: key → cipher_compatibility=4 → cipher_log_level=NONE → read sqlite_master (wrong key
  fails here) → temp_store=MEMORY → WAL → synchronous=FULL → foreign_keys=ON.
- A process holds an exclusive `flock` on the store file while it is open; a second opener is refused
  before any key is derived. (flock and SQLite's POSIX byte-range locks do not interact on Linux.)
- Files are created 0600; SQLite gives -wal/-shm the mode of the database file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy.exc
import sqlcipher3.dbapi2 as sqlcipher
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from panelapp.domain.errors import (
    CannotUnlockError,
    DamagedStoreError,
    NewerStoreError,
    NotAStoreError,
    UsageError,
)
from panelapp.models import keys
from panelapp.models.audit import append_entry
from panelapp.models.schema import AUDIT_LOG, FTS_TABLE, AuditEntry, Base
from panelapp.models.store_files import (
    FileLock,
    display_name,
    fsync_path,
    new_private_file,
    precheck,
    temp_sibling,
)

APP_ID = "panelapp"
STORE_SUFFIX = ".panel"
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_MIGRATIONS = Path(__file__).with_name("migrations")
_COUNTED_TABLES = tuple(sorted(Base.metadata.tables))

CANNOT_UNLOCK = (
    "cannot unlock {name}: wrong passphrase, or the file's first page (which holds the key check) is "
    "damaged or this is not a panelapp store; if the passphrase is right, restore from a backup"
)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    sha256: str
    size: int
    rows: dict[str, int]
    audit_head: str


def _alembic_config(connection: object) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
    assert head is not None
    return head


def _known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(_alembic_config(None)).walk_revisions()}


def _damaged(path: Path, detail: str = "") -> str:
    extra = f" ({detail})" if detail else ""
    return f"{display_name(path)} is damaged{extra}; nothing was written to it; restore from a backup"


def is_corruption(exc: BaseException) -> bool:
    """Whether a driver error means damaged pages (SQLITE_CORRUPT / SQLITE_NOTADB), not a bug or a constraint."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc)
    return "malformed" in text or "not a database" in text


def _raw_connect(path: Path, key_pragma: str) -> sqlcipher.Connection:
    """A keyed connection following the recipe; raises CannotUnlockError on a wrong key."""
    conn = sqlcipher.connect(str(path), check_same_thread=False)
    try:
        if not conn.execute("PRAGMA cipher_version").fetchone()[0]:
            raise RuntimeError("refusing to run: the SQLite module is not SQLCipher (it would write plaintext)")
        conn.execute(key_pragma)
        conn.execute("PRAGMA cipher_compatibility = 4")
        conn.execute("PRAGMA cipher_log_level = NONE")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            # SQLITE_CORRUPT: the key worked and the structure is damaged. SQLITE_NOTADB: an HMAC failed;
            # if page 1 alone reads with this key, the damage is elsewhere, not the passphrase.
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF == _SQLITE_CORRUPT:
                raise DamagedStoreError(_damaged(path)) from exc
            try:
                conn.execute("PRAGMA user_version").fetchone()
            except sqlcipher.DatabaseError:
                raise CannotUnlockError(CANNOT_UNLOCK.format(name=display_name(path))) from exc
            raise DamagedStoreError(_damaged(path)) from exc
        conn.execute("PRAGMA temp_store = MEMORY")
        if conn.execute("PRAGMA temp_store").fetchone()[0] != 2:
            raise RuntimeError("temp_store is not MEMORY: sort files would be written in plaintext")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -32000")
        return conn
    except BaseException:
        conn.close()
        raise


def _make_engine(path: Path, key_pragma: str) -> Engine:
    return create_engine(
        "sqlite://",
        module=sqlcipher,
        creator=lambda: _raw_connect(path, key_pragma),
        hide_parameters=True,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=0,
        pool_timeout=30,
    )


def _table_counts(conn: sqlcipher.Connection) -> dict[str, int]:
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _COUNTED_TABLES}


class Store:
    """An open, unlocked store. Use `Store.create` / `Store.open`; always `close()` (or use `with`)."""

    def __init__(self, path: Path, key: bytes, lock: FileLock) -> None:
        self.path = path
        self._lock = lock
        self._use_key(key)
        self.migrated_from: str | None = None
        self.migration_backup: Path | None = None

    def _use_key(self, key: bytes) -> None:
        """Connect with `key` (no salt: SQLCipher reads the file's own) and make sessions on it."""
        self._key = key
        self.engine = _make_engine(self.path, keys.key_pragma(key))
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    # --- lifecycle --------------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        passphrase: str,
        *,
        kdf: keys.KdfParams | None = None,
        revision: str = "head",
    ) -> Store:
        """Create a new store at `path` (built under a temporary name, then linked into place)."""
        path = Path(path)
        if os.path.lexists(path):
            raise UsageError(f"{display_name(path)} already exists; choose a new file name")
        if not path.parent.is_dir():
            raise UsageError(f"{path.parent} is not a folder")
        if not passphrase:
            raise UsageError("the passphrase must not be empty")
        tmp = temp_sibling(path, "creating")
        new_private_file(tmp)
        try:
            salt = os.urandom(keys.SALT_BYTES)
            key = keys.derive_key(passphrase, salt, kdf)
            engine = _make_engine(tmp, keys.key_pragma(key, salt))
            try:
                with engine.begin() as conn:
                    command.upgrade(_alembic_config(conn), revision)
                    conn.exec_driver_sql(
                        "INSERT INTO store_meta (key, value) VALUES ('app', ?), ('store_id', ?), ('created_at', ?)",
                        (APP_ID, str(uuid.uuid4()), dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
                    )
            finally:
                engine.dispose()
            fsync_path(tmp)
            try:
                os.link(tmp, path)
            except FileExistsError as exc:
                raise UsageError(f"{display_name(path)} already exists; choose a new file name") from exc
        finally:
            tmp.unlink(missing_ok=True)
        fsync_path(path.parent)
        lock = FileLock(path)
        try:
            return cls(path, key, lock)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        passphrase: str | Callable[[], str],
        *,
        kdf: keys.KdfParams | None = None,
        migrate: bool = True,
    ) -> Store:
        """Open and unlock an existing store; an older schema is backed up, then migrated.

        `passphrase` may be a callable, asked only once the file passed the checks that need no key
        (so "in use" and "not a store" are reported before anyone types a passphrase).
        """
        path = Path(path)
        lock = FileLock(path)
        try:
            precheck(path, lock)
            salt = lock.read_head(keys.SALT_BYTES)
            secret = passphrase() if callable(passphrase) else passphrase
            key = keys.derive_key(secret, salt, kdf)
            revision = cls._probe(path, key)
            store = cls(path, key, lock)
        except BaseException:
            lock.release()
            raise
        try:
            store._check_revision(revision, migrate)
        except BaseException:
            store.close()
            raise
        return store

    @staticmethod
    def _probe(path: Path, key: bytes) -> str | None:
        """Unlock once with a plain connection: wrong key, other database, damage. Returns the revision."""
        conn = _raw_connect(path, keys.key_pragma(key))
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "store_meta" not in tables:
                raise NotAStoreError(f"{display_name(path)} is an encrypted database, but not a panelapp store")
            app = conn.execute("SELECT value FROM store_meta WHERE key = 'app'").fetchone()
            if not app or app[0] != APP_ID:
                raise NotAStoreError(f"{display_name(path)} is an encrypted database, but not a panelapp store")
            if "alembic_version" not in tables:
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        except sqlcipher.DatabaseError as exc:
            raise DamagedStoreError(_damaged(path, str(exc))) from exc
        finally:
            conn.close()

    def _check_revision(self, revision: str | None, migrate: bool) -> None:
        head = head_revision()
        if revision == head:
            return
        if revision is None or revision not in _known_revisions():
            raise NewerStoreError(
                f"{display_name(self.path)} was written by a newer panelapp (schema {revision}); this version "
                f"reads schema {head} and older: update panelapp to open it"
            )
        if not migrate:
            raise NotAStoreError(f"{display_name(self.path)} needs migrating from schema {revision} to {head}")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        backup_path = self.path.with_name(f"{self.path.stem}.before-schema-{head}-{stamp}{STORE_SUFFIX}")
        self.backup(backup_path, audit=False)
        with self.engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "head")
        self.migrated_from, self.migration_backup = revision, backup_path

    def close(self) -> None:
        """Dispose every connection (checkpointing the WAL), forget the key, release the lock."""
        self.engine.dispose()
        self._key = b""
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- use ----------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends normally, rolled back on any error.

        Reading a damaged page raises DamagedStoreError (a one-line message), not a driver error.
        """
        try:
            with self._sessions() as session, session.begin():
                yield session
        except sqlalchemy.exc.DatabaseError as exc:
            if is_corruption(exc.orig):
                raise DamagedStoreError(_damaged(self.path, str(exc.orig))) from exc
            raise

    @property
    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def audit_head(self) -> str:
        with self.session() as s:
            head = s.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()).limit(1))
        return head or "0" * 64

    def integrity_problems(self) -> list[str]:
        """SQLCipher page HMACs, SQLite structure and foreign keys; empty when all hold."""
        problems: list[str] = []
        with self.engine.connect() as sa_conn:
            conn = sa_conn.connection.dbapi_connection
            assert conn is not None
            try:
                problems += [f"page check: {r[0]}" for r in conn.execute("PRAGMA cipher_integrity_check")]
                result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
                if result != ["ok"]:
                    problems += [f"structure: {r}" for r in result]
                problems += [f"foreign key: {r[0]} row {r[1]}" for r in conn.execute("PRAGMA foreign_key_check")]
                conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('integrity-check')")
            except sqlcipher.DatabaseError as exc:
                problems.append(f"the store cannot be read: {exc}")
            finally:
                conn.rollback()
        return problems

    # --- backup and rekey -------------------------------------------------------------------------
    def _write_verified_copy(self, dest_tmp: Path, key_pragma: str) -> dict[str, int]:
        """Copy every page to a new file through SQLite's backup API (encrypted → encrypted), re-open it,
        check page HMACs, structure and per-table row counts, and flush it to disk. Returns the counts."""
        new_private_file(dest_tmp)
        try:
            dst = _raw_connect(dest_tmp, key_pragma)
            try:
                with self.engine.connect() as sa_conn:
                    src = sa_conn.connection.dbapi_connection
                    assert src is not None
                    src.backup(dst)
                    counts = _table_counts(src)
                    src.rollback()
                dst.execute("PRAGMA journal_mode = DELETE")  # a copy is one self-contained file
            finally:
                dst.close()
            check = _raw_connect(dest_tmp, key_pragma)
            try:
                bad = [r[0] for r in check.execute("PRAGMA cipher_integrity_check")]
                structure = [r[0] for r in check.execute("PRAGMA integrity_check")]
                copied = _table_counts(check)
            finally:
                check.close()
            if bad or structure != ["ok"] or copied != counts:
                raise DamagedStoreError(f"the copy at {display_name(dest_tmp)} did not verify; nothing was replaced")
            fsync_path(dest_tmp)
        finally:
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{dest_tmp}{suffix}").unlink(missing_ok=True)
        return counts

    def backup(self, dest: str | os.PathLike[str], *, audit: bool = True) -> BackupResult:
        """A verified, encrypted copy (same passphrase) at `dest`, written under a temporary name first."""
        dest = Path(dest)
        if os.path.lexists(dest):
            raise UsageError(f"{display_name(dest)} already exists; choose a new file name for the backup")
        if not dest.parent.is_dir():
            raise UsageError(f"{dest.parent} is not a folder")
        if dest.resolve() == self.path.resolve():
            raise UsageError("a backup cannot replace the store itself")
        salt = self._lock.read_head(keys.SALT_BYTES)
        pragma = keys.key_pragma(self._key, salt)
        tmp = temp_sibling(dest, "partial")
        try:
            counts = self._write_verified_copy(tmp, pragma)
            os.link(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)
        fsync_path(dest.parent)
        digest = hashlib.sha256()
        with open(dest, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        head = self.audit_head()
        result = BackupResult(dest, digest.hexdigest(), dest.stat().st_size, counts, head)
        if audit:
            with self.session() as s:
                append_entry(s, action="store.backup", object_type="store", object_id="-",
                             content={"sha256": result.sha256, "size": result.size, "audit_head": head})
        return result

    def rekey(self, new_passphrase: str, *, kdf: keys.KdfParams | None = None) -> None:
        """Change the passphrase atomically: a re-encrypted, verified copy renamed over the file.

        After a crash at any point exactly one of the old and new passphrases opens the store.
        """
        if not new_passphrase:
            raise UsageError("the new passphrase must not be empty")
        new_salt = os.urandom(keys.SALT_BYTES)
        new_key = keys.derive_key(new_passphrase, new_salt, kdf)
        pragma = keys.key_pragma(new_key, new_salt)
        tmp = temp_sibling(self.path, "rekey")
        try:
            self._write_verified_copy(tmp, pragma)
            self.engine.dispose()
            wal = Path(f"{self.path}-wal")
            if wal.exists() and wal.stat().st_size:
                raise RuntimeError("the store's write-ahead log was not checkpointed; passphrase not changed")
            os.replace(tmp, self.path)
            fsync_path(self.path.parent)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self._lock.release()
        self._lock = FileLock(self.path)
        self._use_key(new_key)
        with self.session() as s:
            append_entry(s, action="store.rekey", object_type="store", object_id="-", content={})


__all__ = ["AUDIT_LOG", "BackupResult", "Store", "head_revision"]
