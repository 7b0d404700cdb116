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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import sqlalchemy.exc
import sqlcipher3.dbapi2 as sqlcipher
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from panelapp.domain.errors import (
    CannotUnlockError,
    DamagedStoreError,
    KnownError,
    NewerStoreError,
    NotAStoreError,
    UsageError,
    os_environment_error,
)
from panelapp.models import keys
from panelapp.models.anchors import Anchor, read_anchor, write_anchor
from panelapp.models.audit import append_entry
from panelapp.models.schema import AUDIT_LOG, FTS_TABLE, TEXT_FUNCTION, AuditEntry, Base, unpack_text
from panelapp.models.sqlite_errors import environment_error, is_corruption
from panelapp.models.store_files import (
    FileLock,
    TempFile,
    display_name,
    fsync_path,
    named_like_a_leftover,
    precheck,
    shortened,
    sweep_leftovers,
)

APP_ID = "panelapp"
SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")
STORE_SUFFIX = ".panel"
_SQLITE_CORRUPT = 11
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
    audit_head: str  # the last audit entry inside the backup
    store_head: str  # the store's last entry after the backup was recorded (the one to keep)


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


def _raw_connect(path: Path, key_pragma: str, *, query_only: bool = False,
                 immutable: bool = False) -> sqlcipher.Connection:
    """A keyed connection following the recipe; raises CannotUnlockError on a wrong key.

    `query_only` (a store found damaged, a write-ahead log not yet checked, or a store opened only to be
    inspected) opens the file read-only: SQLite refuses every write and, above all, never checkpoints a
    write-ahead log into the file when the connection closes.
    """
    if query_only:
        # immutable (a private copy nothing else has open): no -wal/-shm files are made beside it
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        conn = sqlcipher.connect(f"{path.absolute().as_uri()}?{flags}", uri=True, check_same_thread=False)
    else:
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
            env = environment_error(exc, path)
            if env is not None:  # read-only, cannot open, disk full, I/O: not the passphrase's fault
                raise env from exc
            # SQLITE_CORRUPT: the key worked and the structure is damaged. SQLITE_NOTADB: an HMAC failed;
            # if page 1 alone reads with this key, the damage is elsewhere, not the passphrase.
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF == _SQLITE_CORRUPT:
                raise DamagedStoreError(_damaged(path)) from exc
            try:
                conn.execute("PRAGMA user_version").fetchone()
            except sqlcipher.DatabaseError:
                raise CannotUnlockError(CANNOT_UNLOCK.format(name=display_name(path))) from exc
            raise DamagedStoreError(_damaged(path)) from exc
        try:
            conn.execute("PRAGMA temp_store = MEMORY")
            if conn.execute("PRAGMA temp_store").fetchone()[0] != 2:
                raise RuntimeError("temp_store is not MEMORY: sort files would be written in plaintext")
            if not query_only:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA cache_size = -32000")
            # The text index reads the kept text through a view that inflates it with this (schema 0007).
            conn.create_function(TEXT_FUNCTION, 1, unpack_text, deterministic=True)
            if query_only:
                conn.execute("PRAGMA query_only = ON")
        except sqlcipher.DatabaseError as exc:
            raise environment_error(exc, path) or DamagedStoreError(_damaged(path, str(exc))) from exc
        return conn
    except BaseException:
        conn.close()
        raise


@contextlib.contextmanager
def _migrating(engine: Engine, path: Path) -> Iterator[Connection]:
    """A connection for running migrations, as SQLite's recipe for changing a table's schema asks: foreign keys
    off (a table a migration rebuilds is dropped and its copy renamed; with keys on, the drop would delete every
    row that refers to it), all of it in one transaction, refused if it left a row referring to one that is
    missing (a dangling row the store already had is left for `verify` to report), keys on again afterwards."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # no effect inside a transaction: none is open yet
        conn.commit()
        try:
            with conn.begin():
                # The driver begins a transaction only at the first INSERT, UPDATE or DELETE: without this, a
                # migration's first CREATE TABLE would commit on its own and outlive a failure after it.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                before = _dangling(conn)
                yield conn
                if _dangling(conn) - before:
                    raise DamagedStoreError(_damaged(path, "moving it to a newer schema left a row referring to "
                                                           "one that is missing"))
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
            conn.commit()


def _dangling(conn: Connection) -> set[tuple[object, ...]]:
    """Rows referring to a missing row: (table, rowid, parent table). Not which of the table's keys: a rebuilt
    table may list its keys in another order, and the same dangling row would look new."""
    return {(r[0], r[1], r[2]) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")}


def _make_engine(path: Path, key_pragma: str, *, query_only: bool = False) -> Engine:
    return create_engine(
        "sqlite://",
        module=sqlcipher,
        creator=lambda: _raw_connect(path, key_pragma, query_only=query_only),
        hide_parameters=True,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=0,
        pool_timeout=30,
    )


def _table_counts(conn: sqlcipher.Connection) -> dict[str, int]:
    """Rows per mapped table that the file holds (an older schema, backed up before migrating, lacks some)."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _COUNTED_TABLES if t in present}


@dataclass(frozen=True)
class _Probe:
    revision: str | None
    store_id: str
    page_problems: tuple[str, ...]


class Store:
    """An open, unlocked store. Use `Store.create` / `Store.open`; always `close()` (or use `with`).

    A store with any page failing its check is refused (DamagedStoreError) unless opened with
    `inspect=True` (for `verify`): then `page_problems` lists the damage and SQLite refuses every write.
    """

    # The statement that keys each connection. Only `make bench` replaces it, in a subclass of its own
    # under bench/, to time this same code on a plaintext file; no command or window can.
    _key_pragma: ClassVar[Callable[..., str]] = staticmethod(keys.key_pragma)

    def __init__(self, path: Path, key: bytes, lock: FileLock, *, store_id: str = "",
                 page_problems: tuple[str, ...] = ()) -> None:
        self.path = path
        self._lock = lock
        self.store_id = store_id
        self.page_problems = page_problems
        self._had_log = Path(f"{path}-wal").exists()
        self.display_name: str | None = None  # set by the app from its settings; recorded in the audit log
        self.rollback_warning: str | None = None
        self._use_key(key)
        self.migrated_from: str | None = None
        self.migration_backup: Path | None = None

    def _use_key(self, key: bytes) -> None:
        """Connect with `key` (no salt: SQLCipher reads the file's own) and make sessions on it."""
        self._key = key
        self.engine = _make_engine(self.path, self._key_pragma(key), query_only=bool(self.page_problems))
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
        salt = os.urandom(keys.SALT_BYTES)
        key = keys.derive_key(passphrase, salt, kdf)
        store_id = str(uuid.uuid4())
        with _environment(path, "the new store"), TempFile(path, "creating") as tmp:
            engine = _make_engine(tmp.path, cls._key_pragma(key, salt))
            try:
                with _migrating(engine, tmp.path) as conn:
                    command.upgrade(_alembic_config(conn), revision)
                    conn.exec_driver_sql(
                        "INSERT INTO store_meta (key, value) VALUES ('app', ?), ('store_id', ?), ('created_at', ?)",
                        (APP_ID, store_id, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
                    )
            except sqlalchemy.exc.DatabaseError as exc:
                raise environment_error(exc.orig, path) or exc from exc
            finally:
                engine.dispose()
            fsync_path(tmp.path)
            try:
                os.link(tmp.path, path)
            except FileExistsError as exc:
                raise UsageError(f"{display_name(path)} already exists; choose a new file name") from exc
        fsync_path(path.parent)
        lock = FileLock(path)
        try:
            return cls(path, key, lock, store_id=store_id)
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
        inspect: bool = False,
    ) -> Store:
        """Open and unlock an existing store; an older schema is backed up, then migrated.

        `passphrase` may be a callable, asked only once the file passed the checks that need no key
        (so "in use" and "not a store" are reported before anyone types a passphrase). Every page is
        checked (SQLCipher HMACs, and nothing after the last page): a damaged store is refused, or with
        `inspect=True` opened read-only so `verify` can say what is wrong.
        """
        path = Path(path)
        lock = FileLock(path)
        try:
            precheck(path, lock)
            sweep_leftovers(path)
            salt = lock.read_head(keys.SALT_BYTES)
            secret = passphrase() if callable(passphrase) else passphrase
            key = keys.derive_key(secret, salt, kdf)
            probe = cls._probe(path, key)
            if probe.page_problems and not inspect:
                raise DamagedStoreError(_damaged(path, _fail(probe.page_problems)))
            store = cls(path, key, lock, store_id=probe.store_id, page_problems=probe.page_problems)
        except BaseException:
            lock.release()
            raise
        try:
            if not probe.page_problems:
                store._check_revision(probe.revision, migrate)
            store._compare_with_anchor()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def _probe(cls, path: Path, key: bytes) -> _Probe:
        """Unlock once with a plain connection: wrong key, other database, damage; then check every page.

        A write-ahead log left beside the store (a crash, or a file copied in) is checked through a
        read-only connection before anything may checkpoint it into the store: a log that belongs to
        another file would otherwise overwrite good pages for good.
        """
        wal = Path(f"{path}-wal")
        pending_log = wal.exists() and wal.stat().st_size > 0
        try:
            conn = _raw_connect(path, cls._key_pragma(key), query_only=pending_log)
        except (CannotUnlockError, DamagedStoreError) as exc:
            if pending_log:
                raise type(exc)(f"{exc}{_log_hint(path)}") from exc
            raise
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "store_meta" not in tables:
                raise NotAStoreError(f"{display_name(path)} is an encrypted database, but not a panelapp store")
            meta = dict(conn.execute("SELECT key, value FROM store_meta WHERE key IN ('app', 'store_id')").fetchall())
            if meta.get("app") != APP_ID:
                raise NotAStoreError(f"{display_name(path)} is an encrypted database, but not a panelapp store")
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            problems = _page_problems(conn, path)
            if pending_log and not problems:  # every page, as the log would leave it, must read back
                problems = tuple(f"structure: {r[0]}" for r in conn.execute("PRAGMA quick_check") if r[0] != "ok")
            return _Probe(revision, str(meta.get("store_id", "")), problems)
        except sqlcipher.DatabaseError as exc:
            hint = _log_hint(path) if pending_log else ""
            raise environment_error(exc, path) or DamagedStoreError(_damaged(path, str(exc)) + hint) from exc
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
        name = f"{shortened(self.path.stem, 150, 137)}.before-schema-{head}-{stamp}"
        backup_path = self.path.with_name(f"{name}{STORE_SUFFIX}")
        n = 1
        while os.path.lexists(backup_path):  # a second attempt within the same second
            n += 1
            backup_path = self.path.with_name(f"{name}-{n}{STORE_SUFFIX}")
        self.backup(backup_path, audit=False)
        try:
            with _migrating(self.engine, self.path) as conn:
                command.upgrade(_alembic_config(conn), "head")
        except sqlalchemy.exc.DatabaseError as exc:  # rolled back: the store is as it was
            raise environment_error(exc.orig, self.path) or DamagedStoreError(
                _damaged(self.path, f"it could not be moved to schema {head}")) from exc
        self.migrated_from, self.migration_backup = revision, backup_path

    def close(self) -> None:
        """Record where this machine saw the store, dispose every connection (checkpointing the WAL),
        forget the key, release the lock. Never raises for the anchor."""
        if not self.page_problems and self.rollback_warning is None and self._key:
            with contextlib.suppress(KnownError, sqlalchemy.exc.SQLAlchemyError):
                self._record_anchor()
        self.engine.dispose()
        if self.page_problems:  # a read-only connection leaves the empty -wal/-shm it made; take them away
            wal = Path(f"{self.path}-wal")
            if not self._had_log and wal.exists() and wal.stat().st_size == 0:
                for suffix in ("-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
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

        Reading a damaged page raises DamagedStoreError, a refused write (read-only, disk full, I/O)
        StoreEnvironmentError: one-line messages, never driver errors.
        """
        try:
            with self._sessions() as session, session.begin():
                session.info["display_name"] = self.display_name
                yield session
        except sqlalchemy.exc.DatabaseError as exc:
            if self.page_problems:
                raise DamagedStoreError(_damaged(self.path, "opened only to be inspected")) from exc
            if is_corruption(exc.orig):
                raise DamagedStoreError(_damaged(self.path, str(exc.orig))) from exc
            env = environment_error(exc.orig, self.path)
            if env is not None:
                raise env from exc
            raise

    @property
    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def audit_tip(self) -> Anchor:
        """The last audit entry: its sequence number and hash (0 and the genesis hash when empty)."""
        with self.session() as s:
            row = s.execute(select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc())
                            .limit(1)).first()
        return Anchor(row[0], row[1]) if row else Anchor(0, "0" * 64)

    def audit_head(self) -> str:
        return self.audit_tip().head

    def has_audit_entry(self, entry_hash: str) -> bool:
        """Whether this store's audit chain holds the entry `entry_hash` (it is not behind that point)."""
        with self.session() as s:
            return s.scalar(select(AuditEntry.seq).where(AuditEntry.entry_hash == entry_hash.lower())) is not None

    def integrity_check(self) -> tuple[list[str], list[str]]:
        """SQLCipher page HMACs (checked at open), SQLite structure and foreign keys: the problems (none when all
        hold), and notes on what could not be checked here (a check not run is said, not passed over and not
        called damage)."""
        problems = [f"page check: {p}" for p in self.page_problems]
        notes: list[str] = []
        with self.engine.connect() as sa_conn:
            conn = sa_conn.connection.dbapi_connection
            assert conn is not None
            try:
                result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
                if result != ["ok"]:
                    problems += [f"structure: {r}" for r in result]
                problems += [f"foreign key: {r[0]} row {r[1]}" for r in conn.execute("PRAGMA foreign_key_check")]
                # integrity_check checked the text index's own structure; this compares it with the text it was
                # built from (an external-content index: integrity_check does not read the text).
                if not self.page_problems:
                    try:
                        conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
                    except sqlcipher.OperationalError as exc:  # SQLite asks for it as a write
                        if "readonly" not in str(exc):
                            raise
                        notes.append("the search index was not compared with the text it was built from: the "
                                     "store is read-only here (its structure was checked)")
            except sqlcipher.DatabaseError as exc:
                problems.append(f"the store cannot be read: {exc}")
            finally:
                conn.rollback()
        return problems, notes

    # --- the anchor outside the store -------------------------------------------------------------
    def _compare_with_anchor(self) -> None:
        """Warn when this store is behind what this machine last saw of it (an older copy put back)."""
        if not self.store_id or self.page_problems:
            return
        anchor = read_anchor(self.store_id)
        if anchor is None or anchor.seq == 0:
            self._record_anchor()
            return
        with self.session() as s:
            seen = s.scalar(select(AuditEntry.entry_hash).where(AuditEntry.seq == anchor.seq))
        if seen == anchor.head:
            self._record_anchor()
            return
        self.rollback_warning = (
            f"{display_name(self.path)} is older than what this computer last saw of this store (its audit "
            f"log lacks entry {anchor.seq}). Expected for a backup; for the working store it means an older "
            "copy was put in its place: if you restored one on purpose, run 'panelapp verify --accept-rollback "
            "STORE', otherwise compare it with your backups"
        )

    def _record_anchor(self) -> None:
        if self.store_id:
            write_anchor(self.store_id, self.audit_tip())

    def accept_as_current(self) -> None:
        """The user confirmed this (older) store is the one to keep: anchor it where it is now."""
        self.rollback_warning = None
        self._record_anchor()

    # --- backup and rekey -------------------------------------------------------------------------
    def _refuse_if_damaged(self) -> None:
        if self.page_problems:
            raise DamagedStoreError(_damaged(self.path, _fail(self.page_problems)))

    def _copy_whole_file(self, src: sqlcipher.Connection, dest_fd: int) -> tuple[dict[str, int], str] | None:
        """When the file alone holds the whole store, copy its bytes (its encrypted pages as they are: same key,
        same salt) into `dest_fd`, with every other writer held off; returns the per-table counts and the SHA-256
        of the bytes copied. None (nothing copied) when the write-ahead log cannot be emptied first."""
        timeout = int(src.execute("PRAGMA busy_timeout").fetchone()[0])
        src.execute("PRAGMA busy_timeout = 0")  # a reader holding the log: copy page by page now, not in 5 s
        try:
            busy = src.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            src.execute(f"PRAGMA busy_timeout = {timeout}")
        if busy:
            return None  # a reader holds the log
        src.execute("BEGIN IMMEDIATE")  # no write can start until the copy is done
        try:
            wal = Path(f"{self.path}-wal")
            if wal.exists() and wal.stat().st_size:
                return None  # a write came between the checkpoint and the lock: copy page by page instead
            counts = _table_counts(src)
            digest = hashlib.sha256()
            os.ftruncate(dest_fd, 0)
            with open(self.path, "rb") as f, open(dest_fd, "wb", closefd=False) as out:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
                    out.write(block)
            return counts, digest.hexdigest()
        finally:
            src.rollback()

    def _write_verified_copy(self, dest_tmp: Path, key_pragma: str, *,
                             dest_fd: int | None = None) -> tuple[dict[str, int], str]:
        """Copy every page into the (empty, private) file `dest_tmp`, re-open it, check its pages, structure and
        per-table row counts, and flush it to disk. Returns the counts and the copy's SHA-256.

        With `dest_fd` (the same key and salt: a backup) the file's bytes are copied as they are when the store is
        all in the file, and the copy must read back byte for byte what was copied (SQLite's structure check
        reads, and so checks the HMAC of, every page in use; every page of the store was checked when it opened).
        Otherwise, and always for a new key, through SQLite's backup API (each page decrypted and encrypted
        again), and every page's HMAC is checked in the copy."""
        copied: tuple[dict[str, int], str] | None = None
        try:
            with self.engine.connect() as sa_conn:
                src = sa_conn.connection.dbapi_connection
                assert src is not None
                copied = self._copy_whole_file(src, dest_fd) if dest_fd is not None else None
                if copied is None:
                    dst = _raw_connect(dest_tmp, key_pragma)
                    try:
                        src.backup(dst)
                        counts = _table_counts(src)
                        src.rollback()
                        dst.execute("PRAGMA journal_mode = DELETE")  # a copy is one self-contained file
                    finally:
                        dst.close()
                else:
                    counts = copied[0]
            if copied is None:
                check = _raw_connect(dest_tmp, key_pragma)
                try:
                    bad = [r[0] for r in check.execute("PRAGMA cipher_integrity_check")]
                    structure = [r[0] for r in check.execute("PRAGMA integrity_check")]
                    copied_counts = _table_counts(check)
                finally:
                    check.close()
            else:  # every page as `Store.open` will check it, beside the structure check (two cores)
                with ThreadPoolExecutor(max_workers=1, thread_name_prefix="backup-check") as pool:
                    pages = pool.submit(_check_pages_of_copy, dest_tmp, key_pragma)
                    check = _raw_connect(dest_tmp, key_pragma, query_only=True, immutable=True)
                    try:
                        structure = [r[0] for r in check.execute("PRAGMA integrity_check")]
                        copied_counts = _table_counts(check)
                    finally:
                        check.close()
                    bad = list(pages.result())
                if bad:  # the copy is the store's bytes: the store itself has a page gone bad since it opened
                    raise DamagedStoreError(_damaged(self.path, _fail(tuple(bad))))
        except sqlcipher.DatabaseError as exc:
            where = self.path if is_corruption(exc) else dest_tmp
            raise environment_error(exc, where) or DamagedStoreError(_damaged(self.path, str(exc))) from exc
        fsync_path(dest_tmp)
        digest = _sha256_of(dest_tmp)
        if bad or structure != ["ok"] or copied_counts != counts or (copied and copied[1] != digest):
            raise DamagedStoreError(f"the copy at {display_name(dest_tmp)} did not verify; nothing was replaced")
        return counts, digest

    def backup(self, dest: str | os.PathLike[str], *, audit: bool = True) -> BackupResult:
        """A verified, encrypted copy (same passphrase) at `dest`, written under a temporary name first."""
        dest = Path(dest)
        if os.path.lexists(dest):
            raise UsageError(f"{display_name(dest)} already exists; choose a new file name for the backup")
        if not dest.parent.is_dir():
            raise UsageError(f"{dest.parent} is not a folder")
        if dest.resolve() == self.path.resolve():
            raise UsageError("a backup cannot replace the store itself")
        if dest.name.lower().endswith(SIDE_FILE_SUFFIXES):
            raise UsageError(f"{display_name(dest)} is named like a database's side file (SQLite would take it "
                             "for another store's log); choose another file name")
        if named_like_a_leftover(dest):
            raise UsageError(f"{display_name(dest)} is named like a temporary file panelapp clears away; choose "
                             "another file name")
        self._refuse_if_damaged()
        salt = self._lock.read_head(keys.SALT_BYTES)
        pragma = self._key_pragma(self._key, salt)
        with _environment(dest, "the backup"), TempFile(dest, "partial") as tmp:
            counts, sha256 = self._write_verified_copy(tmp.path, pragma, dest_fd=tmp.fd)
            os.link(tmp.path, dest)
            fsync_path(dest.parent)
        head = self.audit_head()
        if audit:
            with self.session() as s:
                append_entry(s, action="store.backup", object_type="store", object_id="-",
                             content={"sha256": sha256, "size": dest.stat().st_size, "audit_head": head})
        return BackupResult(dest, sha256, dest.stat().st_size, counts, head, self.audit_head())

    def rekey(self, new_passphrase: str, *, kdf: keys.KdfParams | None = None) -> None:
        """Change the passphrase atomically: a re-encrypted, verified copy (holding its own audit entry for
        the change) renamed over the file, with this process's lock held on the new file throughout.

        After a crash at any point exactly one of the old and new passphrases opens the store, and the
        audit log says "rekey" exactly when the new one does.
        """
        if not new_passphrase:
            raise UsageError("the new passphrase must not be empty")
        self._refuse_if_damaged()
        new_salt = os.urandom(keys.SALT_BYTES)
        new_key = keys.derive_key(new_passphrase, new_salt, kdf)
        with _environment(self.path, "the re-encrypted store"), TempFile(self.path, "rekey") as tmp:
            self._write_verified_copy(tmp.path, self._key_pragma(new_key, new_salt))
            self._append_to_copy(tmp.path, self._key_pragma(new_key))
            fsync_path(tmp.path)
            self.engine.dispose()
            wal = Path(f"{self.path}-wal")
            if wal.exists() and wal.stat().st_size:
                raise RuntimeError("the store's write-ahead log was not checkpointed; passphrase not changed")
            os.replace(tmp.path, self.path)
            new_lock = FileLock(self.path, fd=tmp.detach())  # the renamed file, locked since it was created
            fsync_path(self.path.parent)
        old, self._lock = self._lock, new_lock
        old.release()
        self._use_key(new_key)

    def _append_to_copy(self, path: Path, key_pragma: str) -> None:
        engine = _make_engine(path, key_pragma)
        try:
            with sessionmaker(engine)() as s, s.begin():
                s.info["display_name"] = self.display_name
                append_entry(s, action="store.rekey", object_type="store", object_id="-", content={})
        finally:
            engine.dispose()


def _page_problems(conn: sqlcipher.Connection, path: Path) -> tuple[str, ...]:
    """Every page's HMAC (SQLCipher), and nothing stored past the database's last page."""
    problems = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    size = os.stat(path).st_size
    if size > pages * page_size:
        problems.append(f"{size - pages * page_size} bytes follow the database's last page")
    return tuple(problems)


def _check_pages_of_copy(path: Path, key_pragma: str) -> tuple[str, ...]:
    conn = _raw_connect(path, key_pragma, query_only=True, immutable=True)
    try:
        return _page_problems(conn, path)
    finally:
        conn.close()


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fail(items: tuple[str, ...]) -> str:
    return f"{len(items)} page check{'s' * (len(items) != 1)} failed"


def _log_hint(path: Path) -> str:
    name = display_name(path)
    return (f" (a write-ahead log, {name}-wal, lies beside it and was not applied: if it does not belong to "
            f"this file — a copy put back over a crashed store, say — move {name}-wal and {name}-shm away "
            "and open it again)")


@contextlib.contextmanager
def _environment(path: Path, what: str) -> Iterator[None]:
    """Turn an OS refusal (read-only, disk full, file-size limit, I/O) while writing `what` into one line."""
    try:
        yield
    except OSError as exc:
        env = os_environment_error(exc, f"{what} ({display_name(path)})")
        if env is None:
            raise
        raise env from exc


__all__ = ["AUDIT_LOG", "BackupResult", "Store", "head_revision"]
