"""The encrypted store on real files: create/open, wrong key, bad stores, lock, modes, recipe."""

import os
import sqlite3
import subprocess
import sys
import unicodedata

import pytest
import sqlalchemy.exc
from sqlalchemy import text

from panelapp.domain.errors import CannotUnlockError, NotAStoreError, StoreInUseError, UsageError
from panelapp.models import keys
from panelapp.models.store import Store
from panelapp.models.store_files import PAGE_SIZE
from tests.conftest import PASSPHRASE, file_state

pytestmark = pytest.mark.db


def test_create_open_close_round_trip(tmp_path):
    path = tmp_path / "a.panel"
    store = Store.create(path, PASSPHRASE)
    store.close()
    with Store.open(path, PASSPHRASE) as store, store.session() as s:
        assert s.scalar(text("SELECT value FROM store_meta WHERE key = 'app'")) == "panelapp"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.panel"], "no sidecar or temporary file remains"


def test_files_are_private_while_open(tmp_path):
    path = tmp_path / "a.panel"
    old = os.umask(0o022)
    try:
        with Store.create(path, PASSPHRASE) as store, store.session() as s:
            s.execute(text("INSERT INTO store_meta (key, value) VALUES ('x', 'y')"))
            s.flush()
            for p in tmp_path.iterdir():
                assert p.stat().st_mode & 0o777 == 0o600, p.name
            assert {p.name for p in tmp_path.iterdir()} >= {"a.panel", "a.panel-wal"}
    finally:
        os.umask(old)


def test_contents_are_encrypted_on_disk(demo_store):
    raw = demo_store.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    for word in (b"Penrose", b"Hartley", b"DEMO-001", b"handcuffed", b"CREATE TABLE"):
        assert word not in raw


def test_every_connection_follows_the_recipe(demo_store):
    with Store.open(demo_store, PASSPHRASE) as store, store.engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("cipher_version")
        assert pragma("temp_store") == 2
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2
        assert pragma("foreign_keys") == 1


def test_salt_is_the_files_first_16_bytes_and_keys_differ_per_store(tmp_path):
    a, b = tmp_path / "a.panel", tmp_path / "b.panel"
    Store.create(a, PASSPHRASE).close()
    Store.create(b, PASSPHRASE).close()
    assert a.read_bytes()[:16] != b.read_bytes()[:16]


@pytest.mark.real_kdf
def test_production_kdf_and_nfc_normalisation(tmp_path):
    assert keys.DEFAULT_KDF.memory_kib >= 64 * 1024, "Argon2id with at least 64 MiB"
    path = tmp_path / "zoe.panel"
    composed = unicodedata.normalize("NFC", "Zoë's passphrase")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    Store.create(path, composed).close()
    Store.open(path, decomposed).close()


def test_wrong_passphrase_says_both_causes_and_writes_nothing(demo_store):
    before = file_state(demo_store)
    with pytest.raises(CannotUnlockError, match=r"wrong passphrase, or .*damaged.*backup"):
        Store.open(demo_store, "not the passphrase")
    assert file_state(demo_store) == before


def test_second_opener_in_this_process_is_refused(demo_store):
    with Store.open(demo_store, PASSPHRASE):
        asked = []
        with pytest.raises(StoreInUseError, match="in use"):
            Store.open(demo_store, lambda: asked.append(1) or PASSPHRASE)
        assert asked == [], "refused before any passphrase is asked for"
    Store.open(demo_store, PASSPHRASE).close()  # released on close


def test_second_process_is_refused_with_exit_code_5(demo_store):
    with Store.open(demo_store, PASSPHRASE):
        result = subprocess.run([sys.executable, "-m", "panelapp", "cases", str(demo_store)],
                                capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 5
    assert result.stderr.startswith("panelapp: error: ") and "in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_create_refuses_an_existing_path(demo_store):
    before = file_state(demo_store)
    with pytest.raises(UsageError, match="already exists"):
        Store.create(demo_store, PASSPHRASE)
    assert file_state(demo_store) == before


def test_plain_sqlite_is_refused_unchanged(tmp_path):
    path = tmp_path / "plain.panel"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = file_state(path)
    with pytest.raises(NotAStoreError, match=r"plain .*SQLite"):
        Store.open(path, PASSPHRASE)
    assert file_state(path) == before


def test_another_encrypted_database_is_not_a_store(tmp_path):
    import sqlcipher3.dbapi2 as sq

    path = tmp_path / "other.panel"
    salt = os.urandom(16)
    key = keys.derive_key(PASSPHRASE, salt)
    conn = sq.connect(str(path))
    conn.execute(keys.key_pragma(key, salt))
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAStoreError, match="encrypted database, but not a panelapp store"):
        Store.open(path, PASSPHRASE)


def test_driver_errors_do_not_carry_witness_text(demo_store):
    secret = "the witness said something private"
    with Store.open(demo_store, PASSPHRASE) as store:
        with pytest.raises(sqlalchemy.exc.IntegrityError) as info, store.session() as s:
            s.execute(text("INSERT INTO cases (reference, force) VALUES (:r, :f)"), {"r": "DEMO-001", "f": secret})
        assert secret not in str(info.value)


def test_store_pages_are_whole(demo_store):
    assert demo_store.stat().st_size % PAGE_SIZE == 0
