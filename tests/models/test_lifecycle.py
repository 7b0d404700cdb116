"""Migrations, backup, rekey and the append-only audit log, on real encrypted files."""

import os

import pytest
import sqlalchemy.exc
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from panelapp.cli import main
from panelapp.domain.errors import (
    CannotUnlockError,
    NewerStoreError,
    NotAStoreError,
    StoreEnvironmentError,
    UsageError,
)
from panelapp.models import store as store_module
from panelapp.models.schema import FTS_TABLE, Base
from panelapp.models.store import Store, _alembic_config, head_revision
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE, file_state

pytestmark = pytest.mark.db


# --- migrations ---------------------------------------------------------------------------------------
def test_single_head():
    script = ScriptDirectory.from_config(_alembic_config(None))
    assert len(script.get_heads()) == 1
    assert head_revision() == "0012"


def test_migrating_an_empty_store_matches_the_models(empty_store):
    with Store.open(empty_store, PASSPHRASE) as store, store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "include_object": lambda o, name, type_, r, c: not (type_ == "table" and name.startswith(FTS_TABLE)),
            "compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
        assert store.revision == head_revision()


def test_an_older_store_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "old.panel"
    Store.create(path, PASSPHRASE, revision="0001").close()
    with Store.open(path, PASSPHRASE) as store:
        assert store.revision == head_revision()
        assert store.migrated_from == "0001"
        backup = store.migration_backup
        with store.session() as s:
            assert s.execute(text(f"SELECT count(*) FROM {FTS_TABLE}")).scalar() == 0
    assert backup is not None and backup.exists() and backup.parent == tmp_path
    assert backup.stat().st_mode & 0o777 == 0o600
    with pytest.raises(NotAStoreError, match="needs migrating from schema 0001"):
        Store.open(backup, PASSPHRASE, migrate=False)


def test_the_migration_backup_holds_the_old_schema(tmp_path):
    path = tmp_path / "old.panel"
    Store.create(path, PASSPHRASE, revision="0001").close()
    with Store.open(path, PASSPHRASE) as store:
        backup = store.migration_backup
    import sqlcipher3.dbapi2 as sq

    from panelapp.models import keys

    conn = sq.connect(str(backup))
    conn.execute(keys.key_pragma(keys.derive_key(PASSPHRASE, backup.read_bytes()[:16])))
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    conn.close()


def test_a_newer_store_is_refused_unchanged(empty_store, capsys, monkeypatch):
    with Store.open(empty_store, PASSPHRASE) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999'")
    before = file_state(empty_store)
    with pytest.raises(NewerStoreError, match="newer panelapp"):
        Store.open(empty_store, PASSPHRASE)
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)
    assert main(["cases", str(empty_store)]) == 4
    assert "update panelapp" in capsys.readouterr().err
    assert file_state(empty_store) == before


# --- backup ---------------------------------------------------------------------------------------------
def test_backup_is_encrypted_verified_and_opens(demo_store, tmp_path):
    dest = tmp_path / "backup.panel"
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        result = services.backup(dest)
        original_cases = services.list_cases()
    assert dest.stat().st_mode & 0o777 == 0o600
    assert b"Penrose" not in dest.read_bytes()
    assert result.rows["evidence_items"] == 11 and result.rows["attachment_chunks"] >= 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.panel", "demo.panel"]
    with PanelServices.open(dest, PASSPHRASE) as backup:
        assert backup.list_cases() == original_cases
        report = backup.verify()
        assert report.ok
        assert report.audit_head == result.audit_head, "the backup's chain head is the one printed"


def test_backup_refuses_to_overwrite(demo_store, tmp_path):
    dest = tmp_path / "exists.panel"
    dest.write_bytes(b"keep me")
    with PanelServices.open(demo_store, PASSPHRASE) as services, pytest.raises(UsageError, match="already exists"):
        services.backup(dest)
    assert dest.read_bytes() == b"keep me"


# --- rekey ----------------------------------------------------------------------------------------------
def test_rekey_switches_passphrase(demo_store):
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        services.change_passphrase("a brand new passphrase")
        assert services.list_cases()[0].reference == "DEMO-001"
    with pytest.raises(CannotUnlockError):
        Store.open(demo_store, PASSPHRASE)
    with PanelServices.open(demo_store, "a brand new passphrase") as services:
        assert services.verify().ok
    assert sorted(p.name for p in demo_store.parent.iterdir()) == ["demo.panel"]


@pytest.mark.parametrize("crash_at", ["flush_of_the_copy", "replace"])
def test_rekey_crash_leaves_exactly_the_old_passphrase(demo_store, crash_at):
    def crash(*args, **kwargs):
        raise KeyboardInterrupt("power cut")

    services = PanelServices.open(demo_store, PASSPHRASE)
    with pytest.MonkeyPatch.context() as mp:
        if crash_at == "replace":
            mp.setattr(store_module.os, "replace", crash)
        else:
            mp.setattr(store_module, "fsync_path", crash)  # the copy is written and verified, not yet renamed
        with pytest.raises(KeyboardInterrupt):
            services.change_passphrase("new one")
    services.close()
    with pytest.raises(CannotUnlockError):
        Store.open(demo_store, "new one")
    Store.open(demo_store, PASSPHRASE).close()
    assert sorted(p.name for p in demo_store.parent.iterdir()) == ["demo.panel"], "no temporary copy left"


# --- audit log ------------------------------------------------------------------------------------------
def test_audit_log_refuses_update_and_delete(demo_store):
    with Store.open(demo_store, PASSPHRASE) as store:
        for sql in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
            with pytest.raises(sqlalchemy.exc.IntegrityError, match="append-only"), store.session() as s:
                s.execute(text(sql))
        with store.session() as s:
            assert s.scalar(text("SELECT count(*) FROM audit_log")) >= 8


def test_audit_entries_hold_no_content(demo_store):
    with Store.open(demo_store, PASSPHRASE) as store, store.session() as s:
        rows = s.execute(text("SELECT * FROM audit_log")).mappings().all()
    text_of_rows = " ".join(str(v) for r in rows for v in r.values())
    assert "Penrose" not in text_of_rows and "Hartley" not in text_of_rows
    assert {r["action"] for r in rows} >= {"evidence.import", "case.demo_created"}


@pytest.mark.parametrize("tamper", [
    "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2",
    "DELETE FROM audit_log WHERE seq = 3",
    "UPDATE audit_log SET content_hash = '00' || substr(content_hash, 3) WHERE seq = (SELECT max(seq) FROM audit_log)",
])
def test_verify_detects_a_tampered_audit_log(demo_store, tamper, capsys, monkeypatch):
    with Store.open(demo_store, PASSPHRASE) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        conn.exec_driver_sql(tamper)
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)
    assert main(["verify", str(demo_store)]) == 1
    out = capsys.readouterr().out
    assert "DAMAGE: audit log protection is missing" in out
    assert "DAMAGE: audit log entry" in out


def test_verify_detects_changed_attachment_bytes(demo_store, capsys, monkeypatch):
    with Store.open(demo_store, PASSPHRASE) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE attachment_chunks SET data = CAST(X'00' || data AS BLOB) WHERE attachment_id = 2")
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)
    assert main(["verify", str(demo_store)]) == 1
    assert "attachment 2: bytes do not match the SHA-256 recorded at import" in capsys.readouterr().out


def test_temporary_names_are_hidden_and_cleaned(tmp_path, monkeypatch):
    """A failing create (disk full) says so in one line and leaves nothing behind."""
    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module, "fsync_path", boom)
    with pytest.raises(StoreEnvironmentError, match="the disk is full"):
        Store.create(tmp_path / "x.panel", PASSPHRASE)
    assert os.listdir(tmp_path) == []
