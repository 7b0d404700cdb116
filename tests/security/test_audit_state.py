"""`verify` checks the store against its own audit log (issue #6 item 3).

SQLCipher's page MACs cannot see an older page of the same store put back into a newer file: rows of
`outcomes`, `seriousness` or the text index vanish and every page still checks. The audit log's state
entries can: these tests splice real older pages into a real newer file, and delete rows behind the
app's back, and expect `verify` to say so, by id only.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import pwd
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from panelapp.cli import main
from panelapp.domain.audit_chain import content_hash
from panelapp.domain.errors import KnownError
from panelapp.models.audit import append_entry
from panelapp.models.schema import Case
from panelapp.reports.text_document import TextDocument, render
from panelapp.services.audit_state import STATE_TRACKING_ACTION, case_state, case_state_hash, record_untracked_state
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE, change_outside

pytestmark = pytest.mark.db

PAGE = 4096
MISMATCH = "its content does not match the audit log"


def _verify(path: Path) -> tuple[bool, tuple[str, ...], list[str]]:
    """(ok, problems, SQLCipher/SQLite-level problems alone); a store that cannot be opened is not ok."""
    try:
        with PanelServices.open(path, PASSPHRASE) as services:
            report = services.verify()
            low_level, _ = services.store.integrity_check()
    except KnownError as exc:
        return False, (str(exc),), [str(exc)]
    return report.ok, report.problems, low_level


SEARCHED = ("Quayside", "north", "Anchor", "Penrose", "van", "handcuffed", "custody")


def _dump(path: Path) -> dict[str, list[str]] | None:
    """What a user could see: every row of every real table and what searches find, order-free; None if it
    cannot be read.

    `attachment_text_idx` is left out: it holds FTS5's hints for finding a segment's leaves, and losing one
    changes no search result (the searches below are part of the dump). So is `sqlite_sequence`, the highest
    evidence number handed out: an older one changes nothing a user sees, and verify reports it once it is
    below a number in use or cited (`test_evidence_numbering_put_back_below_a_cited_number_is_found`).
    """
    try:
        with PanelServices.open(path, PASSPHRASE) as services, services.store.engine.connect() as conn:
            tables = [r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                "AND name NOT IN ('attachment_text_idx', 'sqlite_sequence')")]
            rows = {t: sorted(repr(tuple(r)) for r in conn.exec_driver_sql(f'SELECT * FROM "{t}"')) for t in tables}
            rows["searches"] = [repr(conn.exec_driver_sql(
                f"SELECT rowid FROM attachment_text WHERE attachment_text MATCH '{word}' ORDER BY rowid").all())
                for word in SEARCHED]
            return rows
    except Exception:  # any failure to read it back means "the splice broke the file"
        return None


def _pdf(words: str) -> bytes:
    return render(TextDocument(title="Further statement", paragraphs=(words,)))


@pytest.fixture
def older_and_newer(demo_store: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two closed, checkpointed copies of one store: as it was, and after a second case and a new PDF."""
    older = tmp_path / "older.panel"
    shutil.copyfile(demo_store, older)
    pdf = tmp_path / "further.pdf"
    pdf.write_bytes(_pdf("The van left Quayside Road at 21:40 heading north."))
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        doc = copy.deepcopy(services.export_case("DEMO-001"))
        doc["case"]["reference"] = "DEMO-002"
        services.import_case(doc)  # new officers, seriousness, outcomes, findings … rows for case 2
        [result] = services.import_files("DEMO-002", [pdf])
        assert result.ok, result.message
    assert not Path(f"{demo_store}-wal").exists() or Path(f"{demo_store}-wal").stat().st_size == 0
    return older, demo_store


def test_a_clean_store_verifies_and_every_object_is_checked(demo_store: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        report = services.verify()
    assert report.ok, report.problems
    assert report.objects_checked == 1 + 7  # DEMO-001 and its seven PDFs
    assert not any("predate" in n for n in report.notes)


def test_older_pages_spliced_into_a_newer_file_are_found(older_and_newer: tuple[Path, Path], tmp_path: Path) -> None:
    older, newer = older_and_newer
    old_bytes, new_bytes = older.read_bytes(), newer.read_bytes()
    newer_rows = _dump(newer)
    assert newer_rows is not None
    silent = changed = 0
    vanished_tables: set[str] = set()
    for page in range(len(old_bytes) // PAGE):
        span = slice(page * PAGE, (page + 1) * PAGE)
        if old_bytes[span] == new_bytes[span]:
            continue
        spliced = tmp_path / f"spliced-{page}.panel"
        spliced.write_bytes(new_bytes[: span.start] + old_bytes[span] + new_bytes[span.stop:])
        os.chmod(spliced, 0o600)
        rows = _dump(spliced)
        if rows == newer_rows:
            spliced.unlink()
            continue  # the same rows, re-encrypted: nothing was lost
        changed += 1
        ok, problems, low_level = _verify(spliced)
        assert not ok, f"page {page}: rows changed and verify said ok"
        if not low_level:  # SQLCipher and integrity_check saw nothing: only the audit log can tell
            silent += 1
            assert any(MISMATCH in p or "missing, though the audit log records it" in p for p in problems), problems
            if rows is not None:
                vanished_tables |= {t for t in newer_rows if rows.get(t) != newer_rows[t]}
        for p in problems:
            assert "DEMO" not in p and "Hartley" not in p, p
        spliced.unlink()
    assert changed and silent, (changed, silent)
    assert vanished_tables & {"outcomes", "seriousness", "attachment_text_content", "attachment_text_data"}, \
        vanished_tables


def test_spliced_store_is_reported_by_the_cli(older_and_newer: tuple[Path, Path], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
                                               ) -> None:
    older, newer = older_and_newer
    old_bytes, new_bytes = older.read_bytes(), newer.read_bytes()
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)
    newer_rows = _dump(newer)
    for page in range(len(old_bytes) // PAGE):
        span = slice(page * PAGE, (page + 1) * PAGE)
        if old_bytes[span] == new_bytes[span]:
            continue
        spliced = tmp_path / f"cli-{page}.panel"
        spliced.write_bytes(new_bytes[: span.start] + old_bytes[span] + new_bytes[span.stop:])
        os.chmod(spliced, 0o600)
        if _dump(spliced) in (None, newer_rows) or _verify(spliced)[2]:
            spliced.unlink()
            continue
        capsys.readouterr()
        assert main(["verify", str(spliced)]) == 1
        out = capsys.readouterr().out
        assert "DAMAGE: " in out and ("does not match the audit log" in out or "missing, though" in out), out
        assert "verify: ok" not in out
        return
    pytest.fail("no page splice that only the audit log can see")


@pytest.mark.parametrize(("label", "sql"), [
    ("outcome", "DELETE FROM outcomes"),
    ("seriousness", "DELETE FROM seriousness"),
    ("finding reasons", "UPDATE findings SET reasons = 'edited' WHERE id = 1"),
    ("evidence link", "DELETE FROM evidence_allegations WHERE rowid = (SELECT min(rowid) FROM evidence_allegations)"),
    ("private note", "INSERT INTO private_notes (case_id, text, created_at) VALUES (1, 'x', '2025-01-01 00:00:00')"),
])
def test_a_case_row_changed_outside_panelapp_is_reported(demo_store: Path, label: str, sql: str,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    change_outside(demo_store, sql)
    ok, problems, low_level = _verify(demo_store)
    assert not low_level, "SQLCipher and SQLite cannot see this"
    assert not ok and problems == (f"case 1: {MISMATCH} (rows missing or changed outside panelapp)",), label
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)
    assert main(["verify", str(demo_store)]) == 1
    out = capsys.readouterr().out
    assert f"DAMAGE: case 1: {MISMATCH}" in out


def test_an_indexed_text_row_deleted_outside_panelapp_is_reported(demo_store: Path) -> None:
    """Since schema 0007 the text is kept once (attachment_texts) and the index reads it: removed from both,
    consistently (FTS5's own 'delete' command), the index checks clean and only the log knows."""
    change_outside(demo_store, "INSERT INTO attachment_text (attachment_text, rowid, content) "
                               "SELECT 'delete', id, content FROM attachment_text_source WHERE id = 3")
    change_outside(demo_store, "DELETE FROM attachment_texts WHERE id = 3")
    ok, problems, low_level = _verify(demo_store)
    assert not low_level, "the FTS index is consistent: only the log knows a row is gone"
    assert not ok and problems == (f"attachment 3: {MISMATCH} (rows missing or changed outside panelapp)",)


def test_the_hash_a_write_records_is_the_hash_of_the_case_state_verify_recomputes(demo_store: Path) -> None:
    """A write hashes the case's state as it serialises it (once); verify hashes `case_state` whole: the same."""
    with PanelServices.open(demo_store, PASSPHRASE) as services, services.store.session() as s:
        ids = list(s.scalars(select(Case.id)))
        assert ids and all(case_state_hash(s, i) == content_hash(case_state(s, i)) for i in ids)
        assert case_state_hash(s, max(ids) + 1) == content_hash(None)


def test_an_unreadable_attachment_row_is_named_and_every_other_file_still_checked(demo_store: Path) -> None:
    """verify reads every file's state in one pass; a value no column type can read back names that file alone."""
    change_outside(demo_store, "UPDATE attachments SET created_at = 'not a time' WHERE id = 3",
                   "UPDATE attachments SET filename = 'renamed.pdf' WHERE id = 5")
    ok, problems, low_level = _verify(demo_store)
    assert not low_level
    assert not ok and problems == ("attachment 3: its rows cannot be read (changed outside panelapp)",
                                   f"attachment 5: {MISMATCH} (rows missing or changed outside panelapp)")


def test_objects_added_or_removed_outside_panelapp_are_reported(demo_store: Path) -> None:
    change_outside(demo_store,
                   "INSERT INTO cases (reference, force, issued_on, regime, proceeding, status, venue, public, "
                   "anonymity_order, iopc_involvement, presenting, created_at) VALUES ('X-1', 'f', '2025-02-10', "
                   "'2024', 'hearing', 'preparing', '', 1, 0, 'none', '', '2025-02-10 00:00:00')",
                   "PRAGMA foreign_keys = OFF",
                   "DELETE FROM attachment_chunks WHERE attachment_id = 7",
                   "DELETE FROM attachment_text WHERE rowid = 7")
    with PanelServices.open(demo_store, PASSPHRASE) as services, services.store.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        conn.exec_driver_sql("UPDATE evidence_items SET attachment_id = NULL WHERE attachment_id = 7")
        conn.exec_driver_sql("DELETE FROM attachments WHERE id = 7")
    ok, problems, _ = _verify(demo_store)
    assert not ok
    assert "case 2: not in the audit log (added outside panelapp)" in problems
    assert any(p.startswith("attachment 7: missing, though the audit log records it") for p in problems), problems


def test_a_recorded_deletion_is_not_damage_but_a_resurrection_is(demo_store: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        with services.store.session() as s:
            s.delete(s.get(Case, 1))
            s.flush()
            append_entry(s, action="case.delete", object_type="case", object_id=1, content=None)
        report = services.verify()
        assert report.ok, report.problems
        with services.store.engine.begin() as conn:  # put a case 1 back behind the app's back
            conn.exec_driver_sql(
                "INSERT INTO cases (id, reference, force, issued_on, regime, proceeding, status, venue, public, "
                "anonymity_order, iopc_involvement, presenting, created_at) VALUES (1, 'X-1', 'f', '2025-02-10', "
                "'2024', 'hearing', 'preparing', '', 1, 0, 'none', '', '2025-02-10 00:00:00')")
        assert services.verify().problems == ("case 1: present, though the audit log records its deletion",)


def _store_from_before_state_tracking(path: Path) -> None:
    """What the previous version left: a case and an attachment, audit entries without any state."""
    with PanelServices.create(path, PASSPHRASE) as services, services.store.session() as s:
        s.add(Case(reference="OLD-1", force="f", issued_on=dt.date(2025, 2, 10), regime="2024",
                   proceeding="hearing", created_at=dt.datetime(2025, 2, 10)))
        s.flush()
        s.execute(text("INSERT INTO attachments (sha256, size, filename, media_type, reference_only, bytes_present, "
                       "created_at) VALUES (:sha, 10, 'a.mp4', 'video/mp4', 1, 0, '2025-02-10 00:00:00')"),
                  {"sha": "ab" * 32})
        append_entry(s, action="case.import", object_type="case", object_id=1, content="a document hash")


def test_a_store_from_before_state_tracking_gets_a_note_then_its_state_recorded(tmp_path: Path) -> None:
    path = tmp_path / "old.panel"
    _store_from_before_state_tracking(path)
    with PanelServices.open(path, PASSPHRASE) as services:
        report = services.verify()
        assert report.ok, report.problems
        assert any(n.startswith("2 object(s) predate state tracking") for n in report.notes), report.notes
        with services.store.session() as s:
            assert record_untracked_state(s) == 2
        with services.store.session() as s:
            assert record_untracked_state(s) == 0, "a second call blesses nothing"
            actions = [r[0] for r in s.execute(text("SELECT action FROM audit_log ORDER BY seq"))]
        assert actions == ["case.import", STATE_TRACKING_ACTION, "case.state-recorded", "attachment.state-recorded"]
        report = services.verify()
        assert report.ok and report.objects_checked == 2 and not any("predate" in n for n in report.notes)
    change_outside(path, "UPDATE cases SET venue = 'moved' WHERE id = 1")
    assert _verify(path)[1] == (f"case 1: {MISMATCH} (rows missing or changed outside panelapp)",)


def test_the_first_change_to_an_old_store_starts_state_tracking(tmp_path: Path) -> None:
    path = tmp_path / "old.panel"
    _store_from_before_state_tracking(path)
    pdf = tmp_path / "new.pdf"
    pdf.write_bytes(_pdf("A new statement."))
    with PanelServices.open(path, PASSPHRASE) as services:
        [result] = services.import_files("OLD-1", [pdf])
        assert result.ok, result.message
        report = services.verify()
    assert report.ok, report.problems
    assert report.objects_checked == 3 and not any("predate" in n for n in report.notes)


def _entries(path: Path) -> list[dict[str, Any]]:
    with PanelServices.open(path, PASSPHRASE) as services, services.store.session() as s:
        return [dict(r._mapping) for r in s.execute(text("SELECT * FROM audit_log ORDER BY seq"))]


def test_every_import_records_the_case_and_attachment_state(demo_store: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "more.pdf"
    pdf.write_bytes(_pdf("More."))
    before = len(_entries(demo_store))
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        [result] = services.import_files("DEMO-001", [pdf])
        assert result.ok, result.message
        doc = services.export_case("DEMO-001")
        doc["case"]["reference"] = "DEMO-003"
        services.import_case(doc)
    new = [(e["action"], e["object_type"], e["object_id"]) for e in _entries(demo_store)[before:]]
    assert new == [("attachment.import", "attachment", "8"), ("evidence.import", "case", "1"),
                   ("case.import", "case", "2")]


def test_the_actor_is_the_os_account_and_the_display_name_never_an_env_variable(
        demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANELAPP_ACTOR", "mallory")
    monkeypatch.setenv("LOGNAME", "mallory")
    monkeypatch.setenv("USER", "mallory")
    login = pwd.getpwuid(os.getuid()).pw_name
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        with services.store.session() as s:
            plain = append_entry(s, action="test.plain", object_type="test", object_id=1, content=None).actor
        with services.store.session() as s:
            s.info["display_name"] = "Jane\nSmith\x1b[2J\u202e" + "x" * 300
            named = append_entry(s, action="test.named", object_type="test", object_id=2, content=None).actor
        assert services.verify().ok
    assert plain == login
    assert named.startswith(f"{login} (Jane Smith [2J xxx") and len(named) <= 100
    assert all(ch.isprintable() for ch in named)
    assert "mallory" not in plain + named
