"""EvidenceService over a real encrypted store: the tree, moves, typed details, links, citations, import."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
from PIL import Image

from panelapp.domain.errors import BadInputError, KnownError, NotFoundError
from panelapp.domain.evidence_records import (
    DocumentDetails,
    KeyMomentRecord,
    MediaDetails,
    StatementDetails,
    VettingDetails,
    VettingRecord,
    parse_hms,
)
from panelapp.domain.vocabulary import EvidenceKind, VettingDecision, VettingLevel
from panelapp.reports.bundle import plan
from panelapp.services import bundle_rows, documents
from panelapp.services.evidence_import import Placement
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db


@pytest.fixture
def services(demo_store):
    with PanelServices.open(demo_store, PASSPHRASE) as s:
        yield s


@pytest.fixture
def case_id(services):
    return services.case_id("DEMO-001")


def _labels(services, case_id, letter):
    return [(i.label, i.title) for i in services.evidence.tree(case_id).section(letter).items]


def _by_ref(services, case_id, ref):
    return next(i for s in services.evidence.tree(case_id).sections for i in s.items if i.exhibit_ref == ref)


def _pdf(pages: int) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=1)
    for n in range(pages):
        c.drawString(72, 720, f"Page {n + 1}")
        c.showPage()
    c.save()
    return out.getvalue()


def test_tree_has_sections_in_letter_order_with_items_labels_and_links(services, case_id):
    tree = services.evidence.tree(case_id)
    assert [s.letter for s in tree.sections] == ["A", "B", "C", "D", "E"]
    assert tree.section("B").title == "Witness statements"
    b = tree.section("B").items
    assert [i.label for i in b] == ["B1", "B2", "B3"]
    assert b[0].kind is EvidenceKind.WITNESS_STATEMENT and b[0].has_file and b[0].pages == 1
    assert b[2].allegations == ("1", "2", "3")
    bwv = _by_ref(services, case_id, "BWV-1")
    assert (bwv.label, bwv.has_file, bwv.key_moments, bwv.bundle_pages) == ("C1", False, 4, "C1")
    assert services.verify().ok


def test_move_renumbers_densely_and_moving_back_undoes_it(services, case_id):
    before = _labels(services, case_id, "B"), _labels(services, case_id, "C")
    castell = services.evidence.tree(case_id).section("B").items[1]
    changes = services.evidence.move_item(castell.id, "C", 2)
    assert changes.value == ("B", 2) and changes.case_id == case_id
    assert [t for _, t in _labels(services, case_id, "B")] == [before[0][0][1], before[0][2][1]]
    assert _labels(services, case_id, "C")[1] == ("C2", castell.title)
    assert [label for label, _ in _labels(services, case_id, "C")] == ["C1", "C2", "C3", "C4"]
    services.evidence.move_item(castell.id, *changes.value)
    assert (_labels(services, case_id, "B"), _labels(services, case_id, "C")) == before
    services.evidence.move_item(castell.id, "B", 99)  # clamped to the end
    assert _labels(services, case_id, "B")[-1] == ("B3", castell.title)
    with pytest.raises(BadInputError, match="not a section letter"):
        services.evidence.move_item(castell.id, "7", 1)
    assert services.verify().ok


def test_sections_add_title_and_remove(services, case_id):
    letter = services.evidence.add_section(case_id, "Late evidence").value
    assert letter == "F"
    assert services.evidence.tree(case_id).section("F").title == "Late evidence"
    assert services.evidence.set_section_title(case_id, "B", "Statements of witnesses").value == ""
    assert services.evidence.tree(case_id).section("B").title == "Statements of witnesses"
    assert services.evidence.set_section_title(case_id, "B", "").value == "Statements of witnesses"
    assert services.evidence.tree(case_id).section("B").title == "Witness statements"  # the default again
    with pytest.raises(BadInputError, match="still holds items"):
        services.evidence.remove_section(case_id, "B")
    services.evidence.remove_section(case_id, "F")
    assert services.evidence.tree(case_id).section("F") is None
    assert services.verify().ok


def test_media_round_trip_with_key_moments_and_before_value(services, case_id):
    bwv = _by_ref(services, case_id, "BWV-2")
    was = services.evidence.details(bwv.id)
    after = MediaDetails(
        kind=EvidenceKind.BODY_WORN_VIDEO, title="BWV — PC Brook (re-exported)", exhibit_ref="BWV-2",
        device="Axon Body 4", wearer="PC 3390 Brook", started_at=dt.datetime(2024, 9, 14, 21, 12, 30),
        ended_at=dt.datetime(2024, 9, 14, 21, 25, 2), media_sha256="AB" * 32,
        key_moments=(KeyMomentRecord(192, "Handcuffs on"), KeyMomentRecord(12, "Arrival")))
    changes = services.evidence.update_media(bwv.id, after)
    assert changes.value == was.media()
    got = services.evidence.details(bwv.id)
    assert got.media_sha256 == "ab" * 32 and got.device == "Axon Body 4"
    assert got.key_moments == (KeyMomentRecord(12, "Arrival"), KeyMomentRecord(192, "Handcuffs on"))
    services.evidence.update_media(bwv.id, changes.value)  # the undo
    assert services.evidence.details(bwv.id) == was
    assert services.verify().ok


@pytest.mark.parametrize(("change", "message"), [
    ({"title": "  "}, "Title: is required"),
    ({"media_sha256": "xyz"}, "Media SHA-256: must be 64 hexadecimal"),
    ({"ended_at": dt.datetime(2024, 9, 14, 21, 0)}, "End time: is before the start time"),
    ({"key_moments": (KeyMomentRecord(3600, "late"),)}, "Key moment 1: 01:00:00 is after the recording ends"),
    ({"key_moments": (KeyMomentRecord(5, " "),)}, "Key moment 1 note: is required"),
    ({"kind": EvidenceKind.DOCUMENT}, "Kind: document cannot hold these details"),
])
def test_bad_media_details_are_refused_with_one_line_and_nothing_written(services, case_id, change, message):
    bwv = _by_ref(services, case_id, "BWV-2")
    was = services.evidence.details(bwv.id)
    fields = {**was.media().__dict__, **change}
    with pytest.raises(BadInputError) as caught:
        services.evidence.update_media(bwv.id, MediaDetails(**fields))
    assert str(caught.value).startswith(message)
    assert services.evidence.details(bwv.id) == was
    assert services.verify().ok


def test_vetting_statement_and_document_updates(services, case_id):
    vet = _by_ref(services, case_id, "VET-1")
    entries = (VettingRecord(VettingLevel.MV, VettingDecision.WITHDRAWN, dt.date(2025, 2, 1), None,
                             "Force Vetting Unit", "Withdrawn after the gross misconduct finding"),
               VettingRecord(VettingLevel.RV, VettingDecision.GRANTED, dt.date(2016, 1, 20), dt.date(2026, 1, 20)))
    details = VettingDetails(kind=EvidenceKind.VETTING_RECORD, title="Vetting history", entries=entries)
    services.evidence.update_vetting(vet.id, details)
    assert [e.decision for e in services.evidence.details(vet.id).vetting] == [VettingDecision.GRANTED,
                                                                                 VettingDecision.WITHDRAWN]
    bad = VettingRecord(VettingLevel.RV, VettingDecision.GRANTED, dt.date(2020, 1, 1), dt.date(2019, 1, 1))
    with pytest.raises(BadInputError, match="Vetting entry 1: the review is due before"):
        services.evidence.update_vetting(vet.id, VettingDetails(kind=EvidenceKind.VETTING_RECORD, title="x",
                                                                entries=(bad,)))
    doc = services.evidence.tree(case_id).section("A").items[0]
    changes = services.evidence.update_document(doc.id, DocumentDetails(
        kind=EvidenceKind.DOCUMENT, title="Reg 30 notice", dated=dt.date(2025, 2, 10), exhibit_ref="N-1"))
    assert services.evidence.details(doc.id).exhibit_ref == "N-1"
    assert changes.value.title == "Regulation 30 notice and allegations"
    with pytest.raises(BadInputError, match="Kind: document cannot hold"):
        services.evidence.update_statement(doc.id, StatementDetails(kind=EvidenceKind.DOCUMENT, title="x"))
    assert services.verify().ok


def test_typed_items_are_added_where_their_kind_goes_and_removed_and_restored(services, case_id):
    new = services.evidence.add_typed_item(case_id, StatementDetails(
        kind=EvidenceKind.WITNESS_STATEMENT, title="Statement of Zoë Ní Bhriain", author="Zoë Ní Bhriain",
        notes="I saw the arrest from the bus stop.")).value
    assert _labels(services, case_id, "B")[-1] == ("B4", "Statement of Zoë Ní Bhriain")
    penrose = services.evidence.tree(case_id).section("B").items[0]
    was = services.evidence.details(penrose.id)
    snapshot = services.evidence.remove_item(penrose.id).value
    assert [label for label, _ in _labels(services, case_id, "B")] == ["B1", "B2", "B3"]
    assert services.verify().ok
    services.evidence.restore_item(snapshot)
    tree = services.evidence.tree(case_id)
    assert tree.section("B").items[0] == penrose and tree.section("B").items[3].id == new
    assert services.evidence.details(penrose.id) == was
    bwv = _by_ref(services, case_id, "BWV-1")  # cited by a finding
    with pytest.raises(BadInputError, match="a finding cites it"):
        services.evidence.remove_item(bwv.id)
    assert services.verify().ok


def test_link_allegations_only_of_the_same_case(services, case_id):
    item = services.evidence.tree(case_id).section("A").items[0]
    links = services.evidence.allegation_links(item.id)
    assert [link.label for link in links] == ["1", "2", "3"] and not any(link.linked for link in links)
    changes = services.evidence.link_allegations(item.id, [links[0].id, links[2].id])
    assert changes.value == ()
    assert services.evidence.tree(case_id).section("A").items[0].allegations == ("1", "3")
    with pytest.raises(BadInputError, match="not an allegation of this case"):
        services.evidence.link_allegations(item.id, [99_999])
    assert services.verify().ok


def test_citations_match_the_printed_bundle_labels(services, case_id, tmp_path):
    bwv2 = _by_ref(services, case_id, "BWV-2")
    assert services.evidence.citation(bwv2.id, at_seconds=192) == "[BWV-2 00:03:12]"
    assert services.evidence.citation(bwv2.id) == "[C2]"
    three = tmp_path / "three-pages.pdf"
    three.write_bytes(_pdf(3))
    [first] = services.import_files("DEMO-001", [three], Placement(section="B"))
    services.evidence.move_item(first.evidence_id, "B", 1)  # three pages at the front of B
    castell = services.evidence.tree(case_id).section("B").items[2]
    assert services.evidence.citation(first.evidence_id, page=3) == "[B3]"
    assert services.evidence.citation(castell.id) == "[B5]"
    with pytest.raises(BadInputError, match="has 3 pages"):
        services.evidence.citation(first.evidence_id, page=4)
    cctv = _by_ref(services, case_id, "CCTV-1")
    services.evidence.update_media(cctv.id, MediaDetails(**{**services.evidence.details(cctv.id).media().__dict__,
                                                             "exhibit_ref": ""}))
    assert services.evidence.citation(cctv.id, at_seconds=parse_hms("00:03:12")) == "[C3 00:03:12]"
    # the same labels as the bundle's own plan (which stamps the pages)
    with services.store.session() as s:
        layout = plan(documents.bundle_data(documents.load_case(s, "DEMO-001")))
    assert services.evidence.tree(case_id).section("B").items[2].bundle_pages == layout.label(castell.id) == "B5"


def test_import_reports_progress_and_stops_between_files(services, case_id, tmp_path):
    files = []
    for n in range(3):
        path = tmp_path / f"page-{n}.pdf"
        path.write_bytes(_pdf(1) + f"%{n}\n".encode())
        files.append(path)
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(b"not a picture at all")
    files.insert(1, bad)

    class Stopper:
        def __init__(self):
            self.seen = []

        def report(self, done, total, label=""):
            self.seen.append((done, total, label))

        def check(self):
            if len(self.seen) == 3:  # after two files are finished, before the third starts
                raise KnownError("cancelled")

    progress = Stopper()
    outcome = services.evidence.import_files(case_id, files, "E", progress=progress).value
    assert progress.seen == [(0, 4, "page-0.pdf"), (1, 4, "photo.jpg"), (2, 4, "page-1.pdf")]
    assert outcome.cancelled and outcome.not_started == ("page-2.pdf",)
    assert [r.ok for r in outcome.results] == [True, False, True]
    assert "photo.jpg: refused: not an image" in outcome.results[1].message
    assert [label for label, _ in _labels(services, case_id, "E")] == ["E1", "E2", "E3"]
    assert services.verify().ok


def test_image_items_count_like_the_bundle_does(services, case_id, tmp_path):
    picture = tmp_path / "scene.png"
    Image.new("RGB", (40, 30), "white").save(picture)
    [r] = services.import_files("DEMO-001", [picture])
    with services.store.session() as s:
        _, layout = documents._plan(s, documents.load_case(s, "DEMO-001"), with_images=True)
    assert services.evidence.citation(r.evidence_id) == f"[{layout.label(r.evidence_id)}]"



def test_a_section_title_set_in_the_app_is_printed_in_the_bundle(services, case_id):
    """The title a user gives a section is the one the printed bundle's index and bookmarks show."""
    from pypdf import PdfReader

    services.evidence.set_section_title(case_id, "B", "Statements of Zoë Ó Súilleabháin's colleagues")
    with services.store.session() as s:
        pdf = documents.bundle_pdf(s, "DEMO-001")
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages[:3])
    assert "Statements of Zoë Ó Súilleabháin's colleagues" in text
    assert services.verify().ok


def test_bundle_tree_reads_the_same_tabs_and_pages_as_the_printed_bundle(services, case_id, tmp_path):
    """The tree reads rows (bundle_rows) where printing loads ORM objects: both must give the same tabs."""
    image = tmp_path / "scene.png"
    Image.new("RGB", (40, 30), "red").save(image)
    video = tmp_path / "interview.mp4"
    video.write_bytes(b"\x00" * 64)
    three = tmp_path / "three-pages.pdf"
    three.write_bytes(_pdf(3))
    services.import_files("DEMO-001", [image, three], Placement(section="D"))
    services.import_files("DEMO-001", [video], Placement(section="D", reference_only=True))
    services.evidence.set_section_title(case_id, "D", "Scene and interview")
    bwv = _by_ref(services, case_id, "BWV-2")
    media = services.evidence.details(bwv.id).media()
    services.evidence.update_media(bwv.id, MediaDetails(**{**media.__dict__, "key_moments": (
        KeyMomentRecord(30, "Second note at 30 s"), KeyMomentRecord(30, "First note at 30 s"),
        KeyMomentRecord(5, "Arrival"))}))
    vet = services.evidence.add_typed_item(case_id, VettingDetails(
        kind=EvidenceKind.VETTING_RECORD, title="Vetting history", entries=(
            VettingRecord(VettingLevel.RV, VettingDecision.GRANTED, dt.date(2021, 3, 1), dt.date(2031, 3, 1)),
            VettingRecord(VettingLevel.MV, VettingDecision.WITHDRAWN, dt.date(2021, 3, 1), None))), "E").value
    with services.store.session() as s:
        printed = documents.bundle_data(documents.load_case(s, "DEMO-001"))
        read = bundle_rows.load(s, case_id).data
    assert read == printed
    assert {i.source for i in read.items} == {"pdf", "image", "typed", "placeholder"}
    assert read.section_titles["D"] == "Scene and interview"
    moments = next(i for i in read.items if i.key == bwv.id).key_moments
    assert [m.note for m in moments] == [k.note for k in services.evidence.details(bwv.id).key_moments]
    assert len(moments) == 3
    shown = {i.id: i.bundle_pages for s in services.evidence.tree(case_id).sections for i in s.items}
    assert shown == {p.item.key: p.range for p in plan(printed).items}
    assert shown[vet].startswith("E") and len(shown) == len(printed.items)
    with pytest.raises(NotFoundError), services.store.session() as s:
        bundle_rows.load(s, 10_000)


def _expanded(bundle_pages: str) -> list[str]:
    """ "D3–D5" as ["D3", "D4", "D5"]."""
    first, _, last = bundle_pages.partition("–")
    last = last or first
    return [f"{first[0]}{n}" for n in range(int(first[1:]), int(last[1:]) + 1)]


def test_the_trees_page_labels_are_the_written_bundles(services, case_id, tmp_path):
    """What the Bundle tab shows against the pages of the bundle as written: a tall image under a 500-character
    title (an image is always one page), an image with long notes, and a typed item whose heading wraps once
    its tab number gains a digit (the page count is cached per number of digits)."""
    tall, small = tmp_path / "stairwell.png", tmp_path / "landing.png"
    Image.new("RGB", (200, 2000), "red").save(tall)
    Image.new("RGB", (40, 30), "blue").save(small)
    services.import_files("DEMO-001", [tall, small], Placement(section="D"))
    tree = services.evidence.tree(case_id)
    image, other = tree.section("D").items[-2:]
    services.evidence.update_document(image.id, DocumentDetails(
        kind=EvidenceKind.PHOTO, title=("Photograph of the stairwell and landing taken at the scene " * 9)[:500]))
    services.evidence.update_document(other.id, DocumentDetails(
        kind=EvidenceKind.PHOTO, title="Landing", notes="Taken from the top step. " * 600))
    for n in range(len(services.evidence.tree(case_id).section("D").items), 8):
        services.evidence.add_typed_item(case_id, DocumentDetails(kind=EvidenceKind.DOCUMENT, title=f"Filler {n}"),
                                         "D")
    services.evidence.add_typed_item(case_id, DocumentDetails(
        kind=EvidenceKind.WITNESS_STATEMENT, title="Typed note", exhibit_ref="W" * 25, notes="word " * 715), "D")
    services.evidence.add_typed_item(case_id, DocumentDetails(kind=EvidenceKind.DOCUMENT, title="After it"), "D")
    top = services.evidence.add_typed_item(case_id, DocumentDetails(kind=EvidenceKind.DOCUMENT, title="Top"),
                                           "D").value
    services.evidence.move_item(top, "D", 1)  # every tab in D moves on by one: the typed note goes from 9 to 10
    shown = [label for s in services.evidence.tree(case_id).sections for i in s.items
             for label in _expanded(i.bundle_pages)]
    path = tmp_path / "bundle.pdf"
    services.save_bundle("DEMO-001", path)
    written = [label for label in pypdf.PdfReader(path).page_labels if label[:1].isupper()]  # not the index's i, ii
    assert written == shown
