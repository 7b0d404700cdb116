"""Hostile and odd files: a clear per-file refusal or a correct import, never anything partial."""

import hashlib
import io
import os
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import text

from panelapp.domain.errors import NotFoundError
from panelapp.reports.text_document import TextDocument, render
from panelapp.services.evidence_import import MAX_STORED_BYTES, Placement
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db

COUNTED = ("attachments", "attachment_chunks", "evidence_items", "audit_log", "attachment_text")


def counts(services):
    with services.store.session() as s:
        return {t: s.scalar(text(f"SELECT count(*) FROM {t}")) for t in COUNTED}


def stored_bytes(services, sha):
    with services.store.session() as s:
        rows = s.execute(text(
            "SELECT c.data FROM attachment_chunks c JOIN attachments a ON a.id = c.attachment_id "
            "WHERE a.sha256 = :sha ORDER BY c.seq"), {"sha": sha}).scalars()
        return b"".join(rows)


def good_pdf(words="The blue van was parked outside the Anchor at 21:10."):
    return render(TextDocument(title="Statement of a test witness", paragraphs=(words,)))


@pytest.fixture(scope="session")
def bomb_pdf(tmp_path_factory):
    """One page whose content stream is 1 MB on disk and inflates to 200 MB."""
    comp = zlib.compressobj(9)
    block = b" " * (1 << 20)
    compressed = b"".join(comp.compress(block) for _ in range(200)) + comp.flush()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pikepdf.Stream(pdf, b"")
    stream.write(compressed, filter=pikepdf.Name.FlateDecode)
    pdf.pages[0].Contents = stream
    out = io.BytesIO()
    pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)
    path = tmp_path_factory.mktemp("bomb") / "bomb.pdf"
    path.write_bytes(out.getvalue())
    return path


def png_header_only(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + idat + chunk(b"IEND", b"")


@pytest.fixture
def services(demo_store):
    with PanelServices.open(demo_store, PASSPHRASE) as s:
        yield s


def test_a_good_pdf_is_stored_unchanged_hashed_counted_and_searchable(services, tmp_path):
    data = good_pdf()
    path = tmp_path / "witness.pdf"
    path.write_bytes(data)
    before = counts(services)
    [result] = services.import_files("DEMO-001", [path], Placement(section="B"))
    assert result.ok, result.message
    assert result.message == f"witness.pdf: imported as B4 (stored, 1 page, sha256 {result.sha256[:12]}…)"
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert stored_bytes(services, result.sha256) == data
    after = counts(services)
    assert {k: after[k] - before[k] for k in COUNTED} == {
        "attachments": 1, "attachment_chunks": 1, "evidence_items": 1, "audit_log": 2, "attachment_text": 1}
    with services.store.session() as s:
        hits = s.execute(text("SELECT rowid FROM attachment_text WHERE attachment_text MATCH 'Anchor AND van'")).all()
    assert len(hits) == 1
    item = next(e for e in services.list_evidence(services.case_id("DEMO-001")) if e.label == "B4")
    assert (item.kind, item.page_count, item.title) == ("document", 1, "witness")


def test_large_files_stream_in_chunks(services, tmp_path):
    path = tmp_path / "interview.wav"
    data = b"RIFF\x00\x00\x00\x00WAVE" + os.urandom(3 * 1024 * 1024 + 5)
    path.write_bytes(data)
    [result] = services.import_files("DEMO-001", [path])
    assert result.ok
    with services.store.session() as s:
        assert s.scalar(text("SELECT count(*) FROM attachment_chunks c JOIN attachments a ON a.id = c.attachment_id "
                             "WHERE a.sha256 = :s"), {"s": result.sha256}) == 4
    assert stored_bytes(services, result.sha256) == data
    assert next(e for e in services.list_evidence(1) if e.id == result.evidence_id).kind == "audio"


def _hostile(tmp_path, bomb_pdf):
    files = {}

    def put(name, data):
        p = tmp_path / name
        p.write_bytes(data)
        files[name] = p

    put("zero.pdf", b"")
    put("truncated.pdf", good_pdf()[:1500])
    put("random.pdf", os.urandom(20_000))
    with pikepdf.open(io.BytesIO(good_pdf())) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="secret2"))
    put("locked.pdf", out.getvalue())
    files["bomb.pdf"] = bomb_pdf
    put("huge.png", png_header_only(100_000, 100_000))
    put("wide.png", png_header_only(40_000, 10))
    put("fake.jpg", b"this is only text pretending to be a photo\n" * 10)
    (tmp_path / "folder").mkdir()
    files["folder"] = tmp_path / "folder"
    (tmp_path / "link.pdf").symlink_to(tmp_path / "random.pdf")
    files["link.pdf"] = tmp_path / "link.pdf"
    big = tmp_path / "bwv-full.mp4"
    with open(big, "wb") as f:
        f.truncate(MAX_STORED_BYTES + 1)
    files["bwv-full.mp4"] = big
    files["missing.pdf"] = tmp_path / "missing.pdf"
    return files


REASONS = {
    "zero.pdf": "empty file (0 bytes)",
    "truncated.pdf": "truncated PDF",
    "random.pdf": "not a PDF",
    "locked.pdf": "password-protected PDF",
    "bomb.pdf": "inflates beyond",
    "huge.png": "image too large",
    "wide.png": "image too large (40000 × 10 pixels",
    "fake.jpg": "not an image",
    "folder": "a directory",
    "link.pdf": "a symbolic link",
    "bwv-full.mp4": "over the 512 MiB limit",
    "missing.pdf": "no such file",
}


def test_hostile_files_each_get_one_clear_line_and_nothing_partial(services, tmp_path, bomb_pdf):
    files = _hostile(tmp_path, bomb_pdf)
    good = tmp_path / "good.pdf"
    good.write_bytes(good_pdf("A good statement between the bad ones."))
    bad = list(REASONS)
    names = [*bad[:6], "good.pdf", *bad[6:]]
    paths = [files.get(n, good) for n in names]
    before = counts(services)
    results = services.import_files("DEMO-001", paths)
    assert [r.name for r in results] == names
    for r in results:
        assert "\n" not in r.message
        if r.name == "good.pdf":
            assert r.ok, r.message
        else:
            assert not r.ok
            assert r.message.startswith(f"{r.name}: refused: "), r.message
            assert REASONS[r.name] in r.message, r.message
    after = counts(services)
    assert {k: after[k] - before[k] for k in COUNTED} == {
        "attachments": 1, "attachment_chunks": 1, "evidence_items": 1, "audit_log": 2, "attachment_text": 1}
    assert services.verify().ok


def test_an_over_limit_video_can_be_kept_as_a_reference(services, tmp_path):
    big = tmp_path / "bwv-full.mp4"
    with open(big, "wb") as f:
        f.truncate(MAX_STORED_BYTES + 1)
    [result] = services.import_files("DEMO-001", [big], Placement(reference_only=True, section="C"))
    assert result.ok and "reference only" in result.message
    digest = hashlib.sha256()
    with open(big, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            digest.update(block)
    assert result.sha256 == digest.hexdigest()
    assert stored_bytes(services, result.sha256) == b""
    item = next(e for e in services.list_evidence(1) if e.id == result.evidence_id)
    assert item.reference_only and not item.bytes_present and item.label == "C4"


def test_duplicate_is_refused(services, tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "copy of a.pdf"
    a.write_bytes(good_pdf())
    b.write_bytes(good_pdf())
    first, second = services.import_files("DEMO-001", [a, b])
    assert first.ok
    assert not second.ok and "already in this case as A3 (same SHA-256" in second.message


@pytest.mark.parametrize("name", [
    "statement\nwith a newline.pdf",
    "Zoë’s statement — final (2).pdf",
    "x" * 240 + ".pdf",
    " leading space and trailing .pdf",
    "日本語の陳述書.pdf",
])
def test_odd_and_long_names(services, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(good_pdf())
    [result] = services.import_files("DEMO-001", [path])
    assert result.ok, result.message
    assert "\n" not in result.message and len(result.message) < 200
    with services.store.session() as s:
        assert s.scalar(text("SELECT filename FROM attachments WHERE sha256 = :s"), {"s": result.sha256}) == name


def test_undecodable_file_name_bytes(services, tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), b"\xff\xfe-report.txt")
    with open(raw, "wb") as f:
        f.write(b"Notes of the interview.\n")
    [result] = services.import_files("DEMO-001", [os.fsdecode(raw)])  # as sys.argv would give it
    assert result.ok, result.message
    with services.store.session() as s:
        assert s.scalar(text("SELECT filename FROM attachments WHERE sha256 = :s"),
                        {"s": result.sha256}) == "\ufffd\ufffd-report.txt"


def test_unknown_case_is_refused_before_reading_anything(services, tmp_path):
    with pytest.raises(NotFoundError, match="no case 'NOPE-9'"):
        services.import_files("NOPE-9", [tmp_path / "whatever.pdf"])


def test_file_count_unchanged_when_everything_is_refused(services, tmp_path):
    before = counts(services)
    results = services.import_files("DEMO-001", [Path(tmp_path / "a"), Path(tmp_path / "b")])
    assert [r.ok for r in results] == [False, False]
    assert counts(services) == before


def test_a_bomb_behind_an_ascii85_filter_is_refused(services, tmp_path):
    import base64

    comp = zlib.compressobj(9)
    compressed = b"".join(comp.compress(b"\x00" * (1 << 20)) for _ in range(80)) + comp.flush()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pikepdf.Stream(pdf, b"")
    stream.write(base64.a85encode(compressed, adobe=True),
                 filter=pikepdf.Array([pikepdf.Name.ASCII85Decode, pikepdf.Name.FlateDecode]))
    pdf.pages[0].Contents = stream
    path = tmp_path / "chained.pdf"
    pdf.save(path, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)
    [result] = services.import_files("DEMO-001", [path])
    assert not result.ok and "inflates beyond 64 MiB" in result.message


def test_a_batch_counts_positions_on_from_the_section_end_and_a_refusal_leaves_no_gap(services, tmp_path):
    """A batch finds where its section ends once and counts on; a refused file takes no position."""
    first = tmp_path / "first.txt"
    first.write_text("already in section D\n")
    [r] = services.import_files("DEMO-001", [first], Placement(section="D"))
    before = next(e.position for e in services.list_evidence(1) if e.id == r.evidence_id)
    files = []
    for n, content in enumerate((b"one\n", b"", b"two\n", b"already in section D\n", b"three\n")):
        files.append(tmp_path / f"batch-{n}.txt")
        files[-1].write_bytes(content)  # an empty file and a duplicate are refused
    results = services.import_files("DEMO-001", files, Placement(section="d"))
    assert [r.ok for r in results] == [True, False, True, False, True]
    placed = {e.id: e.position for e in services.list_evidence(1) if e.section == "D"}
    assert [placed[r.evidence_id] for r in results if r.ok] == [before + 1, before + 2, before + 3]
    assert sorted(placed.values()) == list(range(1, len(placed) + 1))
    assert services.verify().ok
