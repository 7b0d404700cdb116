"""Documents in the app: preview from memory, save the previewed bytes, print, each audited (issue #10)."""

from __future__ import annotations

import hashlib
import time

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton

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
    job = dialog.print_to(printer)
    qtbot.waitUntil(lambda: "printer" in dialog.status.text(), timeout=30_000)
    pages = dialog.document.pageCount()
    assert job.result == (pages, False, "") and len(PdfReader(printed).pages) == pages
    assert dialog.status.text() == f"Sent {pages} pages to the printer; the audit log records it."
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


def test_the_public_notice_warns_of_a_titled_name_nothing_keeps_out(qtbot, opened):
    """A complainant named with a title in the particulars, and on no list, is pointed out before the public
    notice leaves the app; the officer's notice has nothing to warn of."""
    window = opened
    _select_demo_case(qtbot, window)
    done = []

    def name_the_complainant(s):
        from dataclasses import replace

        case_id = s.case_id("DEMO-001")
        s.decisions.reopen(s.people.officers(case_id)[0].id, "The particulars name the complainant")
        first = s.allegations.for_case(case_id)[0]
        return s.allegations.update(first.id, replace(first.details, particulars="Pushed Mrs Jane Smith over."))

    window.bench.ops.run_change(name_the_complainant, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    public = window.show_document(DocumentKind.PUBLIC_NOTICE, True)
    qtbot.waitUntil(lambda: public.rendered is not None, timeout=30_000)
    assert public.warning.isVisibleTo(public)
    assert public.warning.text() == ("⚠ Allegation 1 still names “Mrs Jane Smith”: if they must not be named in "
                                     "public, add them to “Not named in public” (Edit case).")
    public.reject()
    private = window.show_document(DocumentKind.OUTCOME_NOTICE, True)
    qtbot.waitUntil(lambda: private.rendered is not None, timeout=30_000)
    assert not private.warning.isVisibleTo(private) and private.rendered.warnings == ()
    private.reject()


def test_no_case_chosen_says_so(qtbot, opened):
    qtbot.waitUntil(lambda: opened.bench.case_id is not None, timeout=10_000)  # the list chose the first case
    opened.bench.set_case(None)
    assert opened.show_document(DocumentKind.BUNDLE, False) is None
    assert opened.status_label.text() == "Choose a case first."


def _pdf_printer(path, dpi=1200):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    return printer


def _bundle_dialog(qtbot, window, kind=DocumentKind.BUNDLE):
    _select_demo_case(qtbot, window)
    dialog = window.show_document(kind, kind is DocumentKind.OUTCOME_NOTICE)
    qtbot.waitUntil(lambda: dialog.rendered is not None, timeout=60_000)
    return dialog


def test_printing_keeps_the_window_answering_at_600_dpi_with_progress(qtbot, opened, tmp_path):
    dialog = _bundle_dialog(qtbot, opened, DocumentKind.OUTCOME_NOTICE)  # a few pages: the test stays short
    pages = dialog.document.pageCount()
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    started = time.perf_counter()
    printer = _pdf_printer(tmp_path / "bundle.pdf")  # the printer asks for 1,200 dpi
    job = dialog.print_to(printer)
    assert printer.resolution() == 600 and dialog.print_progress.isVisible()
    assert not dialog.print_button.isEnabled()
    qtbot.waitUntil(lambda: job.result is not None and dialog.print_job is None, timeout=120_000)
    took = time.perf_counter() - started
    timer.stop()
    assert job.result == (pages, False, "")
    gaps = [b - a for a, b in zip([started, *ticks], ticks, strict=False)]
    # The window kept answering all through: a print that held it would show one gap as long as the print
    # (how short the gaps are is the machine's speed, a benchmark's business, not this test's).
    assert len(ticks) > 10 and max(gaps) < took / 2, (took, max(gaps))
    assert len(PdfReader(tmp_path / "bundle.pdf").pages) == pages
    assert dialog.print_button.isEnabled()


def test_cancelling_a_print_stops_it_and_records_nothing(qtbot, opened, tmp_path):
    dialog = _bundle_dialog(qtbot, opened)
    job = dialog.print_to(_pdf_printer(tmp_path / "bundle.pdf", 600))
    with qtbot.waitSignal(job.progressed, timeout=30_000):
        pass
    qtbot.mouseClick(dialog.print_progress.findChild(QPushButton), Qt.MouseButton.LeftButton)  # Cancel
    qtbot.waitUntil(lambda: dialog.print_job is None, timeout=30_000)
    sent, cancelled, problem = job.result
    assert cancelled and not problem and sent < dialog.document.pageCount()
    assert dialog.status.text() == f"Printing cancelled after {sent} page{'s' * (sent != 1)}."
    actions = []
    opened.bench.ops.run_query(lambda s: [e.action for e in s.audit.entries()], actions.extend)
    qtbot.waitUntil(lambda: bool(actions), timeout=10_000)
    assert not [a for a in actions if a.startswith("document.print")]


def test_closing_the_dialog_while_printing_stops_the_print(qtbot, opened, tmp_path):
    dialog = _bundle_dialog(qtbot, opened)
    job = dialog.print_to(_pdf_printer(tmp_path / "bundle.pdf", 600))
    with qtbot.waitSignal(job.progressed, timeout=30_000):
        pass
    dialog.reject()
    assert not job.running and job.result[1]  # cancelled with the dialog
    qtbot.wait(50)  # no step of it runs after the dialog went
