"""Documents from a real encrypted store: the demo case DEMO-001 loaded, rendered and read back."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import re
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import select

from panelapp.domain.errors import NotFoundError, RefusedError
from panelapp.models.schema import (
    Attachment,
    AuditEntry,
    Case,
    Finding,
    OutcomeDecision,
    PanelMember,
    PrivateNote,
    Vote,
)
from panelapp.reports.data import fingerprint, short_fingerprint
from panelapp.services import documents
from panelapp.services.audit_state import record_case_state
from panelapp.services.evidence_import import Placement
from panelapp.services.panel_services import PanelServices
from panelapp.services.stored_files import StoredFileReader
from tests.conftest import PASSPHRASE
from tests.reports.pdfcheck import (
    assert_fonts_embedded_and_subset,
    full_text,
    in_order,
    metadata_text,
    page_texts,
    qpdf_check,
    reader,
)

pytestmark = [pytest.mark.pdf, pytest.mark.db]
REF = "DEMO-001"
CANARY = "CANARY-deliberation-7f3a"


@pytest.fixture
def services(demo_store: Path):
    with PanelServices.open(demo_store, PASSPHRASE) as s:
        with s.store.session() as session:  # deliberation that must never reach a document
            case = session.scalar(select(Case).where(Case.reference == REF))
            member = session.scalar(select(PanelMember).where(PanelMember.case_id == case.id))
            session.add(PrivateNote(case_id=case.id, member_id=member.id, text=f"{CANARY} private note",
                                    created_at=dt.datetime(2025, 6, 11, 12, 0)))
            session.add(Vote(case_id=case.id, member_id=member.id, subject=f"{CANARY} outcome",
                             choice=f"{CANARY} dismiss"))
            session.flush()
            record_case_state(session, case.id, "deliberation.note-added")  # as the app records its writes
        yield s


@pytest.fixture
def built(services: PanelServices) -> dict[str, bytes]:
    with services.store.session() as s:
        return {"notice": documents.outcome_notice_pdf(s, REF),
                "draft": documents.outcome_notice_pdf(s, REF, draft=True),
                "public": documents.outcome_notice_pdf(s, REF, public=True),
                "bundle": documents.bundle_pdf(s, REF)}


def test_final_notice_reads_as_the_decision(built: dict[str, bytes]) -> None:
    text = full_text(built["notice"])
    assert in_order(text, "OFFICIAL-SENSITIVE", "Outcome of misconduct proceedings", "DEMO-001", "PC Owen Hartley",
                    "Chair (chief officer or delegate)", "ACC Helen Marsh (fictional)",
                    "Allegation 1: Gross misconduct",
                    "4 — Use of Force", "Allegation 2: Misconduct", "Allegation 3: Not proved",
                    "Assessment of seriousness", "Culpability", "Dismissal without notice",
                    "Why a less severe outcome is not enough", "Final written warning", "Police barred list",
                    "Your right of appeal", "Police Appeals Tribunal", "Signed on behalf of the panel")
    assert "DRAFT" not in text
    # the deadline is the rules engine's: 10 working days from 11 June 2025 (the decision date) is 25 June 2025
    assert "must be given by 25 June 2025" in " ".join(text.split())
    assert "by 18 June 2025" in text  # barred-list report: 5 working days
    assert_fonts_embedded_and_subset(built["notice"])
    qpdf_check(built["notice"])


def test_citations_resolve_to_the_bundle_pages_they_name(built: dict[str, bytes]) -> None:
    notice = full_text(built["notice"])
    labels, texts = reader(built["bundle"]).page_labels, page_texts(built["bundle"])
    cited = re.findall(r"\[([A-E]\d+)(?:[,:\]])", notice)
    assert {"B2", "E1", "A2", "D1", "C1", "C2"} <= set(cited)
    expected = {"B2": "Witness statement of Amira Castell", "E1": "Custody record extract",
                "A2": "Officer's response", "D1": "Use of force records extract", "C1": "PC Hartley's camera"}
    for label, title in expected.items():
        assert title in texts[labels.index(label)], label
    assert "[C1, BWV-1 00:03:18: two blows after handcuffing]" in notice


def test_deliberation_never_appears_in_any_document(built: dict[str, bytes]) -> None:
    for name, pdf in built.items():
        assert CANARY not in full_text(pdf), name
        assert CANARY.encode() not in pdf, name
        assert CANARY not in metadata_text(pdf), name


def test_draft_is_watermarked_and_shares_the_final_fingerprint(built: dict[str, bytes]) -> None:
    draft, final = page_texts(built["draft"]), page_texts(built["notice"])
    assert all("DRAFT" in p for p in draft)
    footer = re.search(r"Decision fingerprint ([0-9A-F ]{19})", final[0])
    assert footer and all(footer.group(0) in p for p in draft + final)


def test_same_decision_same_bytes_and_a_changed_decision_changes_the_fingerprint(
        services: PanelServices, built: dict[str, bytes]) -> None:
    with services.store.session() as s:
        assert documents.outcome_notice_pdf(s, REF) == built["notice"]
        assert documents.bundle_pdf(s, REF) == built["bundle"]
        before = documents.outcome_notice_data(s, REF)
        s.scalar(select(OutcomeDecision)).reasons += " The panel adds a sentence."
        s.flush()
        after = documents.outcome_notice_data(s, REF)
        changed = documents.outcome_notice_pdf(s, REF)
    assert short_fingerprint(fingerprint(before)) != short_fingerprint(fingerprint(after))
    assert short_fingerprint(fingerprint(after)) in full_text(changed)
    assert short_fingerprint(fingerprint(before)) not in full_text(changed)


def test_public_notice_under_an_anonymity_order_is_free_of_the_officers_name(services: PanelServices) -> None:
    with services.store.session() as s:
        case = s.scalar(select(Case).where(Case.reference == REF))
        case.anonymity_order, case.pseudonym = True, "Officer X"
        allegation = case.officers[0].allegations[0]
        allegation.particulars = "PC Hartley (4417) struck Mr Penrose twice; Owen Hartley denies it."
        s.flush()
        pdf = documents.outcome_notice_pdf(s, REF, public=True)
    text = full_text(pdf)
    assert "Officer X" in text and "Officer X (4417)" not in text
    assert "Officer X (Officer X) struck [Witness A] twice; Officer X denies it." in " ".join(text.split())
    for needle in ("Hartley", "Owen", "4417"):
        assert needle not in text and needle not in metadata_text(pdf)
        assert needle.encode() not in pdf
    assert in_order(text, "OFFICIAL", "Anonymity order", "Allegations and findings", "Gross misconduct",
                    "Dismissal without notice", "Published on", "11 June 2025", "To be removed on", "9 July 2025")
    assert "OFFICIAL-SENSITIVE" not in text
    qpdf_check(pdf)


def test_public_notice_names_no_witness_panel_member_or_representative_the_officers_notice_does(
        services: PanelServices) -> None:
    """DOMAIN.md §8: the published notice names the officer (or the pseudonym) and the panel by role, nobody
    else. The demo's witnesses: Lewis Penrose, Amira Castell, PC 3390 Nadia Brook (camera wearer "PC 3390 Brook")."""
    with services.store.session() as s:
        case = s.scalar(select(Case).where(Case.reference == REF))
        first, second = case.officers[0].allegations[:2]
        first.particulars = ("On 14 September 2024 PC Hartley struck Mr Lewis Penrose twice while PC 3390 Brook "
                             "held him; Amira Castell saw it from the bus stop.")
        second.particulars = ("PC Hartley swore at Mr Penrose in front of Ms Castell and Nadia Brook, as Helen "
                              "Marsh, Mr Dunmore and Ms R. Okafor heard in evidence.")
        s.flush()
        public = " ".join(full_text(documents.outcome_notice_pdf(s, REF, public=True)).split())
        private = " ".join(full_text(documents.outcome_notice_pdf(s, REF)).split())
    assert ("On 14 September 2024 PC Hartley struck [Witness A] twice while [Witness C] held him; "
            "[Witness B] saw it from the bus stop.") in public
    assert ("PC Hartley swore at [Witness A] in front of [Witness B] and [Witness C], as [a panel member], "
            "[the officer's representative] and [the presenting officer] heard in evidence.") in public
    for name in ("Penrose", "Lewis", "Castell", "Amira", "Brook", "Nadia", "3390", "Marsh", "Dunmore", "Okafor"):
        assert name not in public, name
    assert "PC Owen Hartley" in public  # no anonymity order: the officer is named
    assert "struck Mr Lewis Penrose twice while PC 3390 Brook held him; Amira Castell saw it" in private


def test_public_notice_without_an_order_names_rank_and_officer(built: dict[str, bytes]) -> None:
    text = full_text(built["public"])
    assert "PC Owen Hartley" in text
    assert "Representative" not in text and "Dunmore" not in text and "1990" not in text  # no personal data


def test_a_final_notice_needs_a_ready_decision_a_draft_does_not(services: PanelServices) -> None:
    with services.store.session() as s:
        s.scalar(select(OutcomeDecision)).reasons = ""
        finding = s.scalars(select(Finding)).first()
        finding.reasons = ""
        s.flush()
        with pytest.raises(RefusedError, match=r"^DEMO-001: the decision is not ready to issue: .+ more\)"):
            documents.outcome_notice_pdf(s, REF)
        with pytest.raises(RefusedError, match="not ready"):
            documents.outcome_notice_pdf(s, REF, public=True)
        assert "DRAFT" in full_text(documents.outcome_notice_pdf(s, REF, draft=True))


def test_unknown_case_and_officer_are_not_found(services: PanelServices) -> None:
    with services.store.session() as s:
        with pytest.raises(NotFoundError, match="no case 'NOPE-1'"):
            documents.outcome_notice_pdf(s, "NOPE-1")
        with pytest.raises(NotFoundError, match="no case 'NOPE-1'"):
            documents.bundle_pdf(s, "NOPE-1")
        with pytest.raises(NotFoundError, match="no officer number 2"):
            documents.outcome_notice_pdf(s, REF, draft=True, officer_position=2)


def test_demo_bundle_has_every_item_labelled_linked_and_bookmarked(built: dict[str, bytes]) -> None:
    pdf = built["bundle"]
    r = reader(pdf)
    labels = r.page_labels
    assert labels[:2] == ["i", "ii"]
    assert labels[2:] == ["A1", "A2", "B1", "B2", "B3", "C1", "C2", "C3", "D1", "D2", "E1"]
    texts = page_texts(pdf)
    for label, text in zip(labels, texts, strict=True):
        assert re.search(rf"(?<![\w-]){label}(?!\w)", text)
    assert "00:03:18" in texts[labels.index("C1")]  # BWV key moment, typed
    assert "Adverse-information review" in texts[labels.index("D2")]  # vetting history, typed
    assert len([c for o in r.outline if isinstance(o, list) for c in o]) == 11
    assert_fonts_embedded_and_subset(pdf)
    qpdf_check(pdf)


def test_save_pdf_writes_atomically_and_audits_the_hash(services: PanelServices, built: dict[str, bytes],
                                                        tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    with services.store.session() as s:
        digest = documents.save_pdf(s, REF, "outcome_notice", built["notice"], out)
    assert out.read_bytes() == built["notice"]
    assert digest == hashlib.sha256(built["notice"]).hexdigest()
    assert out.stat().st_mode & 0o777 == 0o600
    with services.store.session() as s:
        last = s.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
        assert last.action == "document.export.outcome_notice"


def _large_pdf(marker: str) -> bytes:
    """A two-page PDF over 2 MiB (an incompressible stream rides along), so the store keeps it in 3 chunks."""
    pdf = pikepdf.new()
    for n in (1, 2):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Courier)))
        page.Contents = pdf.make_stream(f"BT /F1 14 Tf 72 760 Td ({marker} page {n}) Tj ET".encode())
    pdf.Root.Ballast = pdf.make_stream(random.Random(7).randbytes(2_300_000))
    out = io.BytesIO()
    pdf.save(out, compress_streams=False, deterministic_id=True)
    return out.getvalue()


def test_a_file_of_several_chunks_is_read_lazily_and_merged(services: PanelServices, tmp_path: Path) -> None:
    data = _large_pdf("LARGE-EXHIBIT")
    path = tmp_path / "large-exhibit.pdf"
    path.write_bytes(data)
    [result] = services.import_files(REF, [path], Placement(section="F", title="Large exhibit"))
    assert result.ok, result.message
    with services.store.session() as s:
        attachment = s.scalar(select(Attachment).where(Attachment.sha256 == hashlib.sha256(data).hexdigest()))
        chunks = StoredFileReader(s, attachment.id)
        buffered = io.BufferedReader(chunks, 4096)
        for offset in (0, 1024 * 1024 - 3, 2 * 1024 * 1024 + 5, len(data) - 10):
            buffered.seek(offset)
            assert buffered.read(100) == data[offset:offset + 100]
        assert chunks.read_all() == data
        pdf = documents.bundle_pdf(s, REF)
    labels, texts = reader(pdf).page_labels, page_texts(pdf)
    assert labels[-2:] == ["F1", "F2"]
    assert "LARGE-EXHIBIT page 1" in texts[-2] and "LARGE-EXHIBIT page 2" in texts[-1]
    qpdf_check(pdf)


def test_the_appeal_clock_runs_from_the_day_the_notice_is_supplied(services: PanelServices) -> None:
    with services.store.session() as s:
        # supplied Friday 20 June 2025: ten working days later is Friday 4 July 2025
        text = " ".join(full_text(documents.outcome_notice_pdf(s, REF, issued_on=dt.date(2025, 6, 20))).split())
        public = " ".join(full_text(documents.outcome_notice_pdf(s, REF, public=True,
                                                                 issued_on=dt.date(2025, 6, 20))).split())
    assert "Date of this notice 20 June 2025" in text and "must be given by 4 July 2025" in text
    assert "Published on 20 June 2025" in public and "To be removed on 18 July 2025" in public
