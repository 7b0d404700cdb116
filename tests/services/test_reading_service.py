"""Reading an item (details, bytes checked against the hash), private page notes, and the audit log view."""

import hashlib

import pytest
from sqlalchemy import update

from panelapp.domain.changes import Area
from panelapp.domain.errors import BadInputError, NotFoundError, RefusedError
from panelapp.domain.vocabulary import EvidenceKind
from panelapp.models.schema import AttachmentChunk, EvidenceItem
from panelapp.services import case_exchange
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE
from tests.reading_helpers import import_multi_page_pdf, multi_page_pdf

pytestmark = pytest.mark.db


@pytest.fixture
def services(demo_store):
    with PanelServices.open(demo_store, PASSPHRASE) as opened:
        yield opened


def _by_label(services, label):
    case_id = services.case_id("DEMO-001")
    return next(e for e in services.list_evidence(case_id) if e.label == label)


def test_item_details_of_a_pdf_and_of_typed_items(services):
    statement = _by_label(services, "B1")
    item = services.reading.item(statement.id)
    assert (item.label, item.case_reference, item.kind) == ("B1", "DEMO-001", EvidenceKind.WITNESS_STATEMENT)
    assert item.is_pdf and item.has_file and item.page_count == 1 and item.sha256 == statement.sha256
    assert item.filename == "statement-penrose.pdf"

    bwv = services.reading.item(_by_label(services, "C1").id)
    assert not bwv.has_file and bwv.media_type is None and bwv.kind is EvidenceKind.BODY_WORN_VIDEO
    lines = {d.label: d.value for d in bwv.details}
    assert lines["Exhibit"] == "BWV-1" and "Axon Body 3" in lines["Device"]
    assert lines["Key moment 00:03:18"] == "Two downward arm movements towards Mr Penrose's head."
    vetting = services.reading.item(_by_label(services, "D2").id)
    assert any(d.label.startswith("NPPV2") and "Granted" in d.value for d in vetting.details)

    with pytest.raises(NotFoundError):
        services.reading.item(9999)


def test_bytes_are_the_original_file_checked_against_its_hash(services):
    statement = _by_label(services, "B1")
    data = services.reading.bytes_of(statement.id)
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == statement.sha256


def test_bytes_refused_with_one_line_for_typed_items_tampered_and_oversized_files(services):
    with pytest.raises(RefusedError, match=r"^C1: this item has no file to show"):
        services.reading.bytes_of(_by_label(services, "C1").id)
    statement = _by_label(services, "B2")
    with pytest.raises(RefusedError, match=r"^B2: .* over the 0 MiB limit"):
        services.reading.bytes_of(statement.id, limit=100)
    with services.store.session() as s:  # a flipped byte in the stored file (as damage would do)
        attachment_id = s.get(EvidenceItem, statement.id).attachment_id
        chunk = s.get(AttachmentChunk, (attachment_id, 0))
        tampered = bytearray(chunk.data)
        tampered[100] ^= 0xFF
        s.execute(update(AttachmentChunk).where(AttachmentChunk.attachment_id == attachment_id)
                  .values(data=bytes(tampered)))
    with pytest.raises(RefusedError) as caught:
        services.reading.bytes_of(statement.id)
    assert str(caught.value) == ("B2: the stored file does not match the SHA-256 recorded at import; "
                                 "run Verify in the Audit view")
    assert "\n" not in str(caught.value)


def test_page_notes_set_replace_remove_and_keep_verify_ok(services, tmp_path):
    evidence_id = import_multi_page_pdf(services, tmp_path)
    assert services.notes.notes(evidence_id) == ()
    changes = services.notes.set_note(evidence_id, 3, "Compare with BWV-1 at 00:03:18.")
    assert changes.touches(Area.NOTES) and changes.case_id == services.case_id("DEMO-001")
    assert changes.value.text == "Compare with BWV-1 at 00:03:18." and changes.value.page == 3
    services.notes.set_note(evidence_id, 0, "First page: fine.")
    services.notes.set_note(evidence_id, 3, "Replaced — Zoë's point.")
    assert [(n.page, n.text) for n in services.notes.notes(evidence_id)] == [
        (0, "First page: fine."), (3, "Replaced — Zoë's point.")]
    assert services.verify().ok
    removed = services.notes.set_note(evidence_id, 0, "   ")
    assert removed.value is None
    assert [n.page for n in services.notes.notes(evidence_id)] == [3]
    report = services.verify()
    assert report.ok, report.problems


def test_page_notes_refuse_bad_pages_and_missing_items(services, tmp_path):
    evidence_id = import_multi_page_pdf(services, tmp_path)
    entries = services.audit.count()
    with pytest.raises(BadInputError, match=r"^page: 6 is not a page of this item \(it has 5\)$"):
        services.notes.set_note(evidence_id, 5, "x")
    with pytest.raises(BadInputError, match=r"^page: "):
        services.notes.set_note(evidence_id, -1, "x")
    with pytest.raises(NotFoundError):
        services.notes.set_note(9999, 0, "x")
    assert services.audit.count() == entries  # nothing written
    # typed items (no pages) take a note on their one page
    bwv = _by_label(services, "C1").id
    services.notes.set_note(bwv, 0, "Watch 00:03:18 frame by frame.")
    assert services.notes.notes(bwv)[0].text == "Watch 00:03:18 frame by frame."


def test_page_notes_are_never_exported_nor_printed(services, tmp_path):
    secret = "Panel member's private doubt about the custody timing"
    for item in services.list_evidence(services.case_id("DEMO-001")):
        services.notes.set_note(item.id, 0, secret)
    exported = case_exchange.dumps(services.export_case("DEMO-001"))
    assert "Panel member" not in exported and "custody timing" not in exported
    bundle = tmp_path / "bundle.pdf"
    services.save_bundle("DEMO-001", bundle)
    import pypdf

    printed = " ".join(page.extract_text() for page in pypdf.PdfReader(bundle).pages)
    assert "custody timing" not in printed and "private doubt" not in printed
    assert services.verify().ok


def test_audit_entries_newest_first_in_pages(services):
    total = services.audit.count()
    assert total > 5
    first = services.audit.entries(limit=3)
    assert [e.seq for e in first] == [total, total - 1, total - 2]
    more = services.audit.entries(before_seq=first[-1].seq, limit=1000)
    assert [e.seq for e in more] == list(range(total - 3, 0, -1))
    assert all(e.actor and e.action and e.at_utc for e in more)


def test_the_test_pdf_has_its_words_on_their_pages():
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(multi_page_pdf()))
    assert "quokka" in reader.pages[3].extract_text() and "quokka" not in reader.pages[2].extract_text()
