"""A backup copies the store's encrypted bytes as they are when the file holds the whole store, and page by page
(SQLite's backup API) when a reader keeps the write-ahead log from being emptied; either way it verifies."""

from __future__ import annotations

import hashlib
from pathlib import Path

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
