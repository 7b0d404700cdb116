"""A backup copies the store's encrypted bytes as they are when the file holds the whole store, and page by page
(SQLite's backup API) when a reader keeps the write-ahead log from being emptied; either way it verifies."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from panelapp.domain.errors import DamagedStoreError, DiskFullError
from panelapp.models import keys
from panelapp.models.store import _raw_connect
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_is_the_store_file_byte_for_byte_and_its_hash_is_the_one_printed(demo_store: Path,
                                                                                 tmp_path: Path) -> None:
    dest = tmp_path / "copy.panel"
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        services.backup(tmp_path / "first.panel")  # its audit entry leaves a write in the log: emptied first
        result = services.backup(dest)
        store_bytes_at_backup = demo_store.read_bytes()  # this backup's own audit entry is still in the log
        cases = services.list_cases()
    assert result.sha256 == _sha(dest)
    assert dest.read_bytes() == store_bytes_at_backup
    with PanelServices.open(dest, PASSPHRASE) as backup:
        report = backup.verify()
        assert report.ok and report.audit_head == result.audit_head
        assert backup.list_cases() == cases


def test_a_reader_holding_the_log_makes_the_backup_copy_page_by_page_and_it_still_verifies(demo_store: Path,
                                                                                          tmp_path: Path) -> None:
    dest = tmp_path / "copy.panel"
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        services.backup(tmp_path / "first.panel")  # its audit entry leaves a write in the log
        with services.store.engine.connect() as reader:
            reader.exec_driver_sql("BEGIN")
            cases_seen = reader.exec_driver_sql("SELECT count(*) FROM cases").scalar_one()
            result = services.backup(dest)  # the log cannot be emptied past this reader's snapshot
            reader.rollback()
        cases = services.list_cases()
    assert result.sha256 == _sha(dest)
    assert dest.read_bytes() != demo_store.read_bytes(), "copied page by page: every page encrypted anew"
    with PanelServices.open(dest, PASSPHRASE) as backup:
        report = backup.verify()
        assert report.ok and report.audit_head == result.audit_head
        assert backup.list_cases() == cases and len(cases) == cases_seen


def _a_free_page_only_the_page_check_reads(store: Path) -> int:
    """A page on the free list: damaged, SQLite's structure check passes and SQLCipher's page check does not."""
    key = keys.derive_key(PASSPHRASE, store.read_bytes()[:16], keys.TEST_ONLY_KDF)
    probe = store.with_name("probe.panel")
    for page in range(store.stat().st_size // 4096 - 1, 1, -1):
        shutil.copyfile(store, probe)
        with open(probe, "r+b") as f:
            f.seek(page * 4096 + 100)
            f.write(b"\xff" * 8)
        conn = _raw_connect(probe, keys.key_pragma(key))
        try:
            structure = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            pages = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")]
        finally:
            conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{probe}{suffix}").unlink(missing_ok=True)
        if structure == ["ok"] and pages:
            return page
    raise AssertionError("no free page")


def test_a_page_gone_bad_since_the_store_opened_stops_the_backup(demo_store: Path, tmp_path: Path) -> None:
    """The copy is checked page by page as opening it will be: a backup that would not open is never made."""
    with PanelServices.open(demo_store, PASSPHRASE) as services, services.store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE scratch (x BLOB)")  # free pages, as any delete or FTS merge leaves
        conn.exec_driver_sql("INSERT INTO scratch VALUES (zeroblob(200000))")
        conn.exec_driver_sql("DROP TABLE scratch")
    page = _a_free_page_only_the_page_check_reads(demo_store)
    backup = tmp_path / "backup.panel"
    with PanelServices.open(demo_store, PASSPHRASE) as services:  # every page checks at open...
        with open(demo_store, "r+b") as f:  # ...and one goes bad on the disk while the store is open
            f.seek(page * 4096 + 100)
            f.write(b"\xff" * 8)
        with pytest.raises(DamagedStoreError, match=r"^demo\.panel is damaged \(1 page check failed\)"):
            services.backup(backup)
    assert not backup.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_backup_needs_room_for_the_copy_alone(demo_store: Path, tmp_path: Path) -> None:
    """Checking the copy makes no -wal/-shm beside it: a disk with room for the copy takes the backup, and a
    disk without it says it is full."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root and mount for a real file system of a chosen size")
    for extra_kib, fits in ((8, True), (-64, False)):
        mnt = tmp_path / f"disk{extra_kib}"
        mnt.mkdir()
        kib = demo_store.stat().st_size // 1024 + extra_kib
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(mnt)],
                          capture_output=True).returncode:
            pytest.skip("cannot mount a tmpfs here")
        try:
            with PanelServices.open(demo_store, PASSPHRASE) as services:
                if fits:
                    services.backup(mnt / "b.panel")
                    assert os.listdir(mnt) == ["b.panel"]
                else:
                    with pytest.raises(DiskFullError):
                        services.backup(mnt / "b.panel")
                    assert os.listdir(mnt) == []
        finally:
            subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_verify_of_a_damaged_store_says_the_same_every_time(demo_store: Path) -> None:
    with open(demo_store, "r+b") as f:
        f.seek(3 * 4096 + 200)
        f.write(b"\x00" * 4)
    with PanelServices.open(demo_store, PASSPHRASE, inspect=True) as services:
        reports = {services.verify() for _ in range(12)}
    assert len(reports) == 1
    assert not next(iter(reports)).ok


def test_a_file_kept_under_a_name_panelapp_sweeps_away_is_refused(demo_store: Path, tmp_path: Path) -> None:
    """Review (this session): `backup s.panel .s.panel.partial-0123abcd` wrote and verified a backup that the
    next open of s.panel deleted as a leftover temporary file. A notice under such a name went the same way."""
    from panelapp.domain.errors import UsageError

    leftover = demo_store.with_name(f".{demo_store.name}.partial-0123abcd")
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        with pytest.raises(UsageError, match="is named like a temporary file panelapp clears away"):
            services.backup(leftover)
        with pytest.raises(UsageError, match="is named like a temporary file panelapp clears away"):
            services.save_bundle("DEMO-001", leftover)
    assert not leftover.exists()


def test_a_store_with_a_long_name_is_migrated_with_a_backup_under_a_shorter_name(tmp_path: Path) -> None:
    """Review (this session): a 230-byte store name plus ".before-schema-NNNN-<time>" passed the file system's
    255 bytes, so a store needing migration could never be opened (and the message named a temporary file)."""
    from panelapp.models.store import Store, head_revision

    path = tmp_path / ("Northmoor-Ö-" + "x" * 212 + ".panel")
    assert len(os.fsencode(path.name)) == 231
    Store.create(path, PASSPHRASE, revision="0002").close()
    with PanelServices.open(path, PASSPHRASE) as services:
        assert services.store.revision == head_revision()
        backup = services.store.migration_backup
    assert backup is not None and backup.exists() and len(os.fsencode(backup.name)) <= 255
    assert backup.name.startswith("Northmoor-Ö-xxx") and f".before-schema-{head_revision()}-" in backup.name


def test_a_store_named_in_a_script_of_wide_letters_is_created_and_backed_up(tmp_path: Path) -> None:
    """Temporary files shortened a long store name to 80 characters, not bytes: 80 three-byte letters plus the
    temporary suffix passed 255 bytes, so such a store could not even be created. One shortening, in bytes, now
    serves the temporary files and the pre-migration backup."""
    from panelapp.models.store import Store

    path = tmp_path / ("桜" * 80 + ".panel")
    assert len(os.fsencode(path.name)) == 246
    Store.create(path, PASSPHRASE).close()
    with PanelServices.open(path, PASSPHRASE) as services:
        services.backup(tmp_path / "copy.panel")
        assert services.verify().ok
