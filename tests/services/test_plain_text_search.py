"""A statement imported as a plain-text file is searchable like a PDF (review of issue #11: it was stored but
never indexed); schema 0010 indexes the plain-text files a store already holds."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from panelapp.models.audit import append_entry
from panelapp.services.audit_state import ATTACHMENT, attachment_state
from panelapp.services.evidence_import import Placement
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

STATEMENT = ("\ufeffStatement of PC Quillfeather\r\nI saw the officer at the Marlowgate custody desk.\f\x01"
             "Signed and dated.\r\n").encode()


def _import(services: PanelServices, folder: Path, body: bytes = STATEMENT) -> int:
    path = folder / "quillfeather statement.txt"
    path.write_bytes(body)
    [result] = services.import_files("DEMO-001", [path], Placement(section="B"))
    assert result.ok, result.message
    assert result.evidence_id is not None
    return result.evidence_id


def test_a_plain_text_statement_is_found_by_search_on_its_one_page(demo_store: Path, tmp_path: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        evidence_id = _import(services, tmp_path)
        hits = services.search.search("Marlowgate")
        assert [(h.evidence_id, h.page) for h in hits] == [(evidence_id, 0)]
        assert "Marlowgate" in hits[0].snippet_text and "\ufeff" not in hits[0].snippet_text
        assert [h.evidence_id for h in services.search.search("quillfeath*")] == [evidence_id]
        later = services.search.search('"Signed and dated"')  # a form feed in the file does not make a page
        assert [(h.evidence_id, h.page) for h in later] == [(evidence_id, 0)]
        assert services.verify().ok


def _as_schema_0009_left_it(store: Path, evidence_id: int, *, then_renamed_outside: bool = False) -> int:
    """The store as the app at schema 0009 wrote it: the plain-text file stored, its text neither kept nor
    indexed, its state recorded without it (and then, if asked, its record changed outside panelapp).
    Returns the attachment's id."""
    with PanelServices.open(store, PASSPHRASE) as services, services.store.session() as s:
        attachment_id = s.execute(text("SELECT attachment_id FROM evidence_items WHERE id = :id"),
                                  {"id": evidence_id}).scalar_one()
        s.execute(text("INSERT INTO attachment_text (attachment_text, rowid, content) SELECT 'delete', id, "
                       "content FROM attachment_text_source WHERE id = :id"), {"id": attachment_id})
        s.execute(text("DELETE FROM attachment_texts WHERE id = :id"), {"id": attachment_id})
        append_entry(s, action="attachment.state-recorded", object_type=ATTACHMENT, object_id=attachment_id,
                     content=attachment_state(s, attachment_id))
        if then_renamed_outside:
            s.execute(text("UPDATE attachments SET filename = 'other.txt' WHERE id = :id"), {"id": attachment_id})
        s.execute(text("UPDATE alembic_version SET version_num = '0009'"))
        s.execute(text("ALTER TABLE cases DROP COLUMN not_named_in_public"))  # added by schema 0012
        s.commit()
    return int(attachment_id)


def test_schema_0010_indexes_the_plain_text_files_a_store_holds(demo_store: Path, tmp_path: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        evidence_id = _import(services, tmp_path)
    attachment_id = _as_schema_0009_left_it(demo_store, evidence_id)
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        assert services.store.migrated_from == "0009"
        assert [h.evidence_id for h in services.search.search("Marlowgate")] == [evidence_id]
        report = services.verify()
        assert report.ok, report.problems
        with services.store.session() as s:
            migrated = s.execute(text("SELECT object_id FROM audit_log WHERE action = 'attachment.state-migrated'"))
            assert [r[0] for r in migrated] == [str(attachment_id)]


def test_a_plain_text_file_changed_before_the_migration_is_not_blessed_by_it(demo_store: Path,
                                                                             tmp_path: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        evidence_id = _import(services, tmp_path)
    attachment_id = _as_schema_0009_left_it(demo_store, evidence_id, then_renamed_outside=True)
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        report = services.verify()
        with services.store.session() as s:
            migrated = s.scalar(text("SELECT count(*) FROM audit_log WHERE action = 'attachment.state-migrated'"))
    assert migrated == 0
    assert report.problems == (f"attachment {attachment_id}: its content does not match the audit log (rows "
                               "missing or changed outside panelapp)",)
