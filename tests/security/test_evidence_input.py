"""Evidence import (issue #6 item 8): bounded memory for large files, one line per file, every store path.

Memory and stderr are measured in a child process: RSS peaks are per process, and only a child's stderr
shows what Python's last-resort log handler prints when no logging is configured (pytest configures it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import text

from panelapp.reports.text_document import TextDocument, render
from panelapp.services.evidence_import import Placement
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024


def _child(script: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    prelude = "from panelapp.models import keys\nkeys.DEFAULT_KDF = keys.TEST_ONLY_KDF\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PANELAPP_PASSPHRASE": PASSPHRASE}
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(script), *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False)


def scanned_pdf(path: Path, pages: int, image_mib: int) -> Path:
    """A scanned bundle: each page draws its own incompressible image (never decoded for text)."""
    pdf = pikepdf.new()
    for i in range(pages):
        pdf.add_blank_page(page_size=(612, 792))
        image = pikepdf.Stream(pdf, os.urandom(image_mib * MiB))
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height, image.BitsPerComponent = 2000, 2000, 8
        image.ColorSpace, image.Filter = pikepdf.Name.DeviceRGB, pikepdf.Name.DCTDecode
        page = pdf.pages[i]
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pikepdf.Stream(pdf, b"BT /F1 12 Tf 72 720 Td (Scanned) Tj ET q 612 0 0 792 0 0 cm /Im0 Do Q")
    pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return path


def test_a_large_pdf_is_imported_without_holding_it_in_memory(demo_store: Path, tmp_path: Path) -> None:
    warm_up = tmp_path / "warm-up.bin"
    warm_up.write_bytes(os.urandom(40 * MiB))  # fills SQLite's page cache first, so it does not count below
    pdf = scanned_pdf(tmp_path / "scanned bundle.pdf", pages=16, image_mib=4)
    size = pdf.stat().st_size
    done = _child("""
        import resource, sys
        from panelapp.services.panel_services import PanelServices
        store, warm, pdf = sys.argv[1:4]
        with PanelServices.open(store, "correct horse battery staple") as s:
            [w] = s.import_files("DEMO-001", [warm])
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            [r] = s.import_files("DEMO-001", [pdf])
            after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(w.ok, r.ok, (after - before) * 1024, r.message)
    """, demo_store, warm_up, pdf)
    assert done.returncode == 0, done.stderr
    warm_ok, pdf_ok, growth, message = done.stdout.split(" ", 3)
    assert warm_ok == pdf_ok == "True", message
    assert "16 pages" in message
    assert int(growth) < size / 4, f"peak RSS grew {int(growth) / MiB:.0f} MiB for a {size / MiB:.0f} MiB PDF"
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        assert services.verify().ok


def _pdf_pypdf_warns_about(path: Path) -> Path:
    """A readable PDF whose startxref points a few bytes off: qpdf and pypdf recover, pypdf logs warnings."""
    data = render(TextDocument(title="Statement", paragraphs=("The van was parked outside.",)))
    m = re.search(rb"startxref\s+(\d+)", data)
    assert m is not None
    path.write_bytes(data[: m.start(1)] + str(int(m.group(1)) + 7).encode() + data[m.end(1):])
    return path


def test_each_file_gives_exactly_one_line_even_when_pypdf_complains(demo_store: Path, tmp_path: Path) -> None:
    odd = _pdf_pypdf_warns_about(tmp_path / "odd xref.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + os.urandom(3000) + b"\n%%EOF\n")
    done = _child("""
        import sys
        from panelapp.cli import main
        sys.exit(main(["import", *sys.argv[1:]]))
    """, demo_store, "DEMO-001", odd, broken)
    out, err = done.stdout.splitlines(), done.stderr.splitlines()
    assert done.returncode == 1
    assert out[0].startswith("odd xref.pdf: imported as A3") and out[1:] == ["1 imported, 1 refused"], out
    assert len(err) == 1 and err[0].startswith("broken.pdf: refused: damaged PDF"), err


def _counts(services: PanelServices) -> dict[str, int]:
    with services.store.session() as s:
        return {t: s.scalar(text(f"SELECT count(*) FROM {t}"))
                for t in ("attachments", "attachment_chunks", "attachment_text", "evidence_items")}


def _pdf(path: Path, words: str) -> Path:
    path.write_bytes(render(TextDocument(title="Statement", paragraphs=(words,))))
    return path


def _second_case(services: PanelServices) -> None:
    """DEMO-002: DEMO-001's officers and panel, no evidence."""
    doc = services.export_case("DEMO-001")
    doc["case"]["reference"], doc["evidence"] = "DEMO-002", []
    for allegation in doc["officers"][0]["allegations"]:
        allegation["finding"] = None
    doc["officers"][0]["decision_versions"] = []  # they cite DEMO-001's evidence
    services.import_case(doc)


def test_a_file_already_held_for_another_case_is_linked_not_stored_again(demo_store: Path, tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "shared.pdf", "Shared between two cases.")
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        _second_case(services)
        [first] = services.import_files("DEMO-001", [pdf])
        before = _counts(services)
        [second] = services.import_files("DEMO-002", [pdf])
        after = _counts(services)
        report = services.verify()
    assert first.ok and second.ok and first.sha256 == second.sha256
    assert {k: after[k] - before[k] for k in after} == {
        "attachments": 0, "attachment_chunks": 0, "attachment_text": 0, "evidence_items": 1}
    assert report.ok, report.problems


def test_bytes_for_a_reference_only_record_are_moved_under_it(demo_store: Path, tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "later.pdf", "Bytes that arrive later, on Quayside Road.")
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        _second_case(services)
        [ref] = services.import_files("DEMO-001", [pdf], Placement(reference_only=True))
        before = _counts(services)
        [stored] = services.import_files("DEMO-002", [pdf])
        after = _counts(services)
        with services.store.session() as s:
            hits = s.execute(text("SELECT rowid FROM attachment_text WHERE attachment_text MATCH 'Quayside AND later'"))
            found = [r[0] for r in hits]
            present = s.scalar(text("SELECT bytes_present FROM attachments WHERE sha256 = :s"), {"s": ref.sha256})
        report = services.verify()
    assert ref.ok and stored.ok and ref.sha256 == stored.sha256
    assert {k: after[k] - before[k] for k in after} == {
        "attachments": 0, "attachment_chunks": 1, "attachment_text": 1, "evidence_items": 1}
    assert present and len(found) == 1
    assert report.ok, report.problems
