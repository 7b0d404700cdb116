"""Documents in the app: preview from memory, save the previewed bytes, print, each audited (issue #10)."""

from __future__ import annotations

import hashlib

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from panelapp.domain.document_kinds import DocumentKind
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = [pytest.mark.gui, pytest.mark.pdf]


def _select_demo_case(qtbot, window):
    ids: list[int] = []
    window.bench.ops.run_query(lambda s: s.case_id("DEMO-001"), ids.append)
    qtbot.waitUntil(lambda: bool(ids), timeout=10_000)
    window.bench.set_case(ids[0])



def test_draft_notice_previewed_saved_and_printed_with_the_same_bytes(qtbot, opened, tmp_path, demo_store):
    window = opened
    _select_demo_case(qtbot, window)
    dialog = window.show_document(DocumentKind.OUTCOME_NOTICE, True)
    qtbot.waitUntil(lambda: dialog.rendered is not None, timeout=30_000)
    rendered = dialog.rendered
    assert dialog.document.pageCount() >= 2
    assert "page" in dialog.status.text() and rendered.sha256[:16] in dialog.status.text()
    assert "Hartley" not in dialog.windowTitle()
    assert rendered.suggested_name == "DEMO-001-outcome-notice-draft.pdf"

    out = tmp_path / rendered.suggested_name
    dialog.save_to(str(out))
    qtbot.waitUntil(lambda: dialog.saved_sha256 is not None, timeout=10_000)
    assert out.read_bytes() == rendered.pdf
    assert dialog.saved_sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "DRAFT" in text and "DEMO-001" in text

    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    pages = dialog.print_to(printer)
    assert pages == dialog.document.pageCount() and len(PdfReader(printed).pages) == pages
    qtbot.waitUntil(lambda: "printer" in dialog.status.text(), timeout=10_000)
    dialog.reject()

    window.lock()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=10_000)
    with PanelServices.open(demo_store, PASSPHRASE) as services, services.store.session() as s:
        from sqlalchemy import select

        from panelapp.models.schema import AuditEntry

        actions = list(s.scalars(select(AuditEntry.action)))
    assert "document.export.outcome_notice" in actions and "document.print.outcome_notice" in actions


def test_saving_over_the_store_is_refused_in_the_dialog(qtbot, opened, demo_store):
    window = opened
    _select_demo_case(qtbot, window)
    dialog = window.show_document(DocumentKind.PUBLIC_NOTICE, False)
    qtbot.waitUntil(lambda: dialog.rendered is not None or "ready" in dialog.status.text(), timeout=30_000)
    if dialog.rendered is None:
        pytest.skip("the demo decision is not final")
    before = demo_store.read_bytes()
    dialog.save_to(str(demo_store))
    qtbot.waitUntil(lambda: "refusing" in dialog.status.text() or "store" in dialog.status.text(), timeout=10_000)
    assert "refusing to write over the store itself" in dialog.status.text()
    assert dialog.saved_sha256 is None
    dialog.reject()
    window.lock()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=10_000)
    assert demo_store.read_bytes()[:4096] == before[:4096]


def test_no_case_chosen_says_so(qtbot, opened):
    qtbot.waitUntil(lambda: opened.bench.case_id is not None, timeout=10_000)  # the list chose the first case
    opened.bench.set_case(None)
    assert opened.show_document(DocumentKind.BUNDLE, False) is None
    assert opened.status_label.text() == "Choose a case first."
