"""Importing into the bundle like a user: by the dialog, by dropping files, cancelling; off the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication

from panelapp.ui.import_dialog import ImportResultTableModel
from tests.ui import bundle_helpers
from tests.ui.bundle_helpers import drop, pdf_bytes, query, settled, titles

pytestmark = [pytest.mark.gui, pytest.mark.db]
bench, bundle = bundle_helpers.bench, bundle_helpers.bundle  # the fixtures


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "statement-of-zoë.pdf"
    good.write_bytes(pdf_bytes(2, "Zoë"))
    other = tmp_path / "custody-log.pdf"
    other.write_bytes(pdf_bytes(1, "custody"))
    fake = tmp_path / "scene-photo.jpg"
    fake.write_bytes(b"%PDF-1.4 this is not a picture\n")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    return {"good": good, "other": other, "fake": fake, "empty": empty}


def _rows(run):
    model = run.results_dialog.model
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


def test_import_by_dialog_lists_refused_files_with_reasons(qtbot, qtmodeltester, bundle, bench, files):
    dialog = bundle.import_files()
    assert dialog.isVisible() and not dialog.import_button.isEnabled()
    dialog.add_paths([str(files["good"]), str(files["fake"]), str(files["empty"]), str(files["good"])])
    assert dialog.files.count() == 3  # the same file once
    dialog.section_combo.setCurrentIndex(dialog.section_combo.findData("B"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: bundle.import_run is not None and bundle.import_run.results_dialog is not None,
                    timeout=15_000)
    run = bundle.import_run
    results = run.results_dialog
    assert results.isVisible()
    assert results.summary.text() == "<b>1 imported, 2 not imported.</b>"
    rows = _rows(run)
    assert rows[0][:2] == ("statement-of-zoë.pdf", "Imported") and rows[0][2].startswith("as B4 (stored, 2 pages")
    assert rows[1] == ("scene-photo.jpg", "Refused", "not an image (its content does not match the .jpg name)")
    assert rows[2] == ("empty.pdf", "Refused", "empty file (0 bytes)")
    qtmodeltester.check(results.model)
    qtbot.waitUntil(lambda: titles(bundle, "B")[-1:] == ["statement-of-zoë"] and settled(bundle))
    results.reject()
    assert not results.isVisible()
    assert query(qtbot, bench, lambda s: s.verify()).ok


def test_import_by_dropping_files_from_the_file_manager(qtbot, bundle, bench, files):
    d_row = bundle.view.visualRect(bundle.model.index_of_section("D"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(files["other"])), QUrl.fromLocalFile(str(files["fake"])),
                  QUrl("https://example.org/not-a-local-file.pdf")])
    accepted_move, accepted_drop = drop(bundle, mime, d_row.center(), Qt.DropAction.CopyAction)
    assert accepted_move and accepted_drop
    qtbot.waitUntil(lambda: bundle.import_run is not None and bundle.import_run.results_dialog is not None,
                    timeout=15_000)
    rows = _rows(bundle.import_run)
    assert [r[:2] for r in rows] == [("custody-log.pdf", "Imported"), ("scene-photo.jpg", "Refused")]
    qtbot.waitUntil(lambda: titles(bundle, "D")[-1:] == ["custody-log"] and settled(bundle))
    assert bundle.model.tree.section("D").items[-1].label == "D3"


def test_a_drop_of_web_links_only_is_not_taken(qtbot, bundle):
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/evidence.pdf")])
    _, accepted = drop(bundle, mime, QPoint(40, 40), Qt.DropAction.CopyAction)
    assert not accepted and bundle.import_run is None


def test_cancel_between_files_keeps_the_finished_ones(qtbot, bundle, bench, tmp_path):
    paths = []
    for n in range(3):
        path = tmp_path / f"exhibit-{n}.pdf"
        path.write_bytes(pdf_bytes(1, str(n)))
        paths.append(str(path))
    importer = bench.ops.services.evidence._imports
    real_import_one = importer._import_one
    first_done, go = threading.Event(), threading.Event()

    def import_one(*args, **kwargs):  # the real import, pausing after the first file until the test says
        result = real_import_one(*args, **kwargs)
        if not first_done.is_set():
            first_done.set()
            go.wait(10)
        return result

    importer._import_one = import_one
    run = bundle.start_import(paths, "E")
    qtbot.waitUntil(first_done.is_set, timeout=15_000)
    qtbot.waitUntil(lambda: run.dialog.labelText().startswith("File 1 of 3: exhibit-0.pdf"))
    qtbot.mouseClick(run.dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert run.dialog.isVisible() and run.dialog.labelText() == "Stopping after the current file…"
    go.set()
    qtbot.waitUntil(lambda: run.results_dialog is not None, timeout=15_000)
    outcome = run.outcome
    assert outcome.cancelled and outcome.not_started == ("exhibit-1.pdf", "exhibit-2.pdf")
    assert [r.ok for r in outcome.results] == [True]
    assert "cancelled — 2 files not started" in run.results_dialog.summary.text()
    qtbot.waitUntil(lambda: titles(bundle, "E")[-1:] == ["exhibit-0"] and settled(bundle))
    assert len(titles(bundle, "E")) == 2
    assert query(qtbot, bench, lambda s: s.verify()).ok


def test_import_runs_off_the_gui_thread(qtbot, bundle, bench, files):
    services = bench.ops.services
    real = services.evidence.import_files
    seen = []

    def spy(*args, **kwargs):
        seen.append(threading.get_ident())
        return real(*args, **kwargs)

    services.evidence.import_files = spy
    run = bundle.start_import([str(files["good"])], "B")
    qtbot.waitUntil(lambda: run.outcome is not None, timeout=15_000)
    assert seen and seen[0] != threading.get_ident() == threading.main_thread().ident
    assert seen[0] == bench.ops.worker.thread_ident
    assert run.outcome.imported == 1


def test_escape_on_the_progress_dialog_cancels_too(qtbot, bundle, bench, files):
    run = bundle.start_import([str(files["good"]), str(files["other"])], "E")
    qtbot.keyClick(run.dialog, Qt.Key.Key_Escape)
    assert run.progress.cancelled
    qtbot.waitUntil(lambda: run.results_dialog is not None, timeout=15_000)
    assert run.outcome.cancelled and len(run.outcome.results) + len(run.outcome.not_started) == 2
    QApplication.processEvents()


def test_results_model_passes_the_model_tester(qtmodeltester):
    from panelapp.domain.case_data import ImportResult

    model = ImportResultTableModel()
    model.set_rows([ImportResult("a.pdf", True, "a.pdf: imported as B4 (stored, sha256 0123…)", 1, "0" * 64),
                    ImportResult("b.jpg", False, "b.jpg: refused: damaged or unreadable image")])
    qtmodeltester.check(model)
    assert model.index(1, 2).data() == "damaged or unreadable image"


def test_locking_during_an_import_closes_its_dialogs_and_stops_it(qtbot, bundle, bench, files):
    run = bundle.start_import([str(files["good"]), str(files["other"]), str(files["fake"])], "E")
    bench.set_case(None)  # what the window does on lock (before the services close)
    bundle.clear()
    assert run.progress.cancelled
    qtbot.waitUntil(lambda: not bench.ops.worker.busy, timeout=15_000)
    assert run.results_dialog is None and run.outcome is None
    assert bundle.model.rowCount() == 0


def test_an_import_is_undone_and_redone_as_one_step(qtbot, bundle, bench, files):
    """Undo/redo of every edit (issue #8): undo takes the imported items out of the bundle, redo puts them back
    with the same ids and tabs; the files stay in the store throughout, and verify stays clean."""
    before = titles(bundle, "D")
    dialog = bundle.import_files()
    dialog.add_paths([str(files["good"]), str(files["other"]), str(files["fake"])])
    dialog.section_combo.setCurrentIndex(dialog.section_combo.findData("D"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bundle.import_run is not None and bundle.import_run.outcome is not None, timeout=15_000)
    outcome = bundle.import_run.outcome
    ids = [r.evidence_id for r in outcome.results if r.ok]
    after = [*before, "statement-of-zoë", "custody-log"]
    qtbot.waitUntil(lambda: titles(bundle, "D") == after and settled(bundle))
    assert bench.undo_stack.undoText() == "Import 2 files"
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: titles(bundle, "D") == before and settled(bundle), timeout=10_000)
    bench.undo_stack.redo()
    qtbot.waitUntil(lambda: titles(bundle, "D") == after and settled(bundle), timeout=10_000)
    case_id = bench.demo_case_id
    present = query(qtbot, bench, lambda s: [e.id for e in s.list_evidence(case_id)])
    assert set(ids) <= set(present)
    assert query(qtbot, bench, lambda s: s.verify()).ok
