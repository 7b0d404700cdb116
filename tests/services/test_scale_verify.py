"""`verify` reads every attachment's bytes in one pass over the chunk table and still finds every change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import event

from panelapp.models.schema import pack_text
from panelapp.services.evidence_import import CHUNK_BYTES, Placement
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE, change_outside

pytestmark = pytest.mark.db


@pytest.fixture
def store(demo_store: Path, tmp_path: Path) -> Path:
    """The demo store plus a three-chunk file and a few small ones."""
    files = [tmp_path / "big.bin"] + [tmp_path / f"note-{n}.txt" for n in range(5)]
    files[0].write_bytes(os.urandom(2 * CHUNK_BYTES + 1234))
    for n, path in enumerate(files[1:]):
        path.write_text(f"note {n}: the van was blue\n")
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        assert all(r.ok for r in services.import_files("DEMO-001", files, Placement(section="E")))
    return demo_store


def _big(path: Path) -> int:
    with PanelServices.open(path, PASSPHRASE) as services, services.store.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT attachment_id FROM attachment_chunks WHERE seq = 2").scalar_one())


def test_verify_reads_the_chunks_in_one_query_however_many_files(store: Path) -> None:
    with PanelServices.open(store, PASSPHRASE) as services:
        statements: list[str] = []
        event.listen(services.store.engine, "before_cursor_execute",
                     lambda conn, cursor, sql, *rest: statements.append(sql))
        report = services.verify()
        assert report.ok, report.problems
        assert report.attachments_checked == 7 + 6  # the demo's PDFs and ours
    # the bytes themselves (the state check's length(data) reads only each chunk's recorded size)
    reads = [s for s in statements if "attachment_chunks.data" in s.replace("length(attachment_chunks.data)", "")]
    assert len(reads) == 1, reads


@pytest.mark.parametrize(("change", "expected"), [
    ("UPDATE attachment_chunks SET data = zeroblob(length(data)) WHERE attachment_id = {big} AND seq = 1",
     "bytes do not match the SHA-256 recorded at import"),
    ("DELETE FROM attachment_chunks WHERE attachment_id = {big} AND seq = 1", "chunks are missing"),
    ("DELETE FROM attachment_chunks WHERE attachment_id = {big}", "bytes do not match the SHA-256"),
    ("UPDATE attachment_chunks SET data = CAST(data || x'00' AS BLOB) WHERE attachment_id = {big} AND seq = 2",
     "bytes do not match the SHA-256"),
])
def test_a_changed_missing_or_longer_chunk_is_found(store: Path, change: str, expected: str) -> None:
    big = _big(store)
    change_outside(store, change.format(big=big))
    with PanelServices.open(store, PASSPHRASE) as services:
        report = services.verify()
    assert not report.ok
    assert any(p.startswith(f"attachment {big}: ") and expected in p for p in report.problems), report.problems


def test_text_changed_under_the_index_is_found_by_one_check(store: Path) -> None:
    """The index keeps no copy of the text (schema 0007): integrity_check checks its structure, and one FTS5
    integrity-check compares it with the kept text. Text changed outside panelapp is found."""
    with PanelServices.open(store, PASSPHRASE) as services, services.store.engine.connect() as conn:
        rowid = conn.exec_driver_sql("SELECT max(id) FROM attachment_texts").scalar_one()
    packed = pack_text("quite other words").hex()
    change_outside(store, f"UPDATE attachment_texts SET packed = x'{packed}' WHERE id = {rowid}")
    with PanelServices.open(store, PASSPHRASE) as services:
        report = services.verify()
        low_level, _ = services.store.integrity_check()
    assert low_level and not report.ok
    assert any("malformed" in p for p in report.problems), report.problems


def test_a_store_that_refuses_writes_is_verified_and_the_check_it_could_not_run_is_said(demo_store: Path) -> None:
    """Review (this session): a store file that is read-only here (0400 without write override, or read-only
    media) was reported as damaged, "restore from a backup": SQLite runs the search index's comparison with its
    text as a write. Here every connection refuses writes as such a file does ("attempt to write a readonly
    database")."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        def refuse_writes(conn: object, _record: object) -> None:
            conn.execute("PRAGMA query_only = ON")  # type: ignore[attr-defined]

        engine = services.store.engine
        engine.dispose()
        event.listen(engine, "connect", refuse_writes)
        try:
            report = services.verify()
        finally:
            event.remove(engine, "connect", refuse_writes)
            engine.dispose()
        assert report.ok and report.problems == ()
        assert ("the search index was not compared with the text it was built from: the store is read-only here "
                "(its structure was checked)") in report.notes
        assert services.verify().notes == ()  # writable again: the comparison runs
