"""The reader over a real store: a PDF from memory, find in it, pages, zoom, private page notes (undoable),
typed and reference-only items, locking drops the document; reads happen on the database thread."""

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument

from panelapp.services.panel_services import PanelServices
from panelapp.ui.viewer_display import ZoomMode
from tests.conftest import PASSPHRASE
from tests.reading_helpers import PAGE_WORDS, import_multi_page_pdf
from tests.ui.conftest import type_text, unlock

pytestmark = pytest.mark.gui
WAIT = 10_000


@pytest.fixture
def reader(qtbot, window, demo_store, tmp_path):
    """The window unlocked on the demo store plus a five-page PDF (A3); returns (window, its evidence id)."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        evidence_id = import_multi_page_pdf(services, tmp_path)
        case_id = services.case_id("DEMO-001")
        labels = {e.label: e.id for e in services.list_evidence(case_id)}
    with qtbot.waitSignal(window.store_opened, timeout=15_000):
        unlock(qtbot, window, demo_store, PASSPHRASE)
    window.bench.set_case(case_id)
    window.labels = labels
    return window, evidence_id


def open_item(qtbot, window, evidence_id, page=0):
    window.bench.open_evidence(evidence_id, page)
    qtbot.waitUntil(lambda: window.viewer.item is not None and window.viewer.item.id == evidence_id, timeout=WAIT)
    assert window.tabs.currentWidget() is window.viewer


def on_db_thread(qtbot, window, op):
    """Run `op(services)` the way the app does (database thread) and return its result."""
    box = []
    window.ops.run_query(op, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT)
    return box[0]


def spy(monkeypatch, service, name, calls):
    real = getattr(service, name)

    def recorded(*args, **kwargs):
        calls.append((name, threading.get_ident()))
        return real(*args, **kwargs)

    monkeypatch.setattr(service, name, recorded)


def test_open_a_pdf_and_find_a_word_in_it(qtbot, reader):
    window, evidence_id = reader
    viewer = window.viewer
    open_item(qtbot, window, evidence_id)
    assert viewer.display.showing_pdf and viewer.page == 0
    assert viewer.page_total_label.text() == "of 5" and viewer.display.document.pageCount() == 5

    qtbot.keyClick(viewer.display.pdf_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert viewer.find_edit.hasFocus()  # Ctrl+F in the reader finds in the document, not the store
    qtbot.keyClicks(viewer.find_edit, "quokka")
    qtbot.keyClick(viewer.find_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: viewer.page == PAGE_WORDS.index("quokka"), timeout=WAIT)
    assert viewer.display.result_count() == 1
    assert viewer.find_count_label.text() == "1 of 1"
    assert viewer.page_spin.value() == 4
    assert viewer.notes_pane.page == 3

    viewer.find_edit.setText("notebook")  # on every page: F3 walks them, Shift+F3 goes back
    qtbot.keyClick(viewer.find_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: viewer.find_count_label.text() == "4 of 5", timeout=WAIT)
    assert viewer.page == 3  # the first match from the page shown on
    qtbot.keyClick(viewer.find_edit, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: viewer.page == 4, timeout=WAIT)
    qtbot.keyClick(viewer.find_edit, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: viewer.page == 0, timeout=WAIT)  # wraps round
    qtbot.keyClick(viewer.find_edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: viewer.page == 4, timeout=WAIT)

    viewer.find_edit.setText("zebra")
    qtbot.keyClick(viewer.find_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: viewer.find_count_label.text() == "No matches", timeout=WAIT)


def test_ctrl_f_outside_the_reader_still_searches_the_store(qtbot, reader):
    window, _ = reader
    window.show_area(window.overview)
    window.tabs.tabBar().setFocus()
    qtbot.keyClick(window.tabs.tabBar(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.search


def test_opening_a_pdf_reads_the_store_off_the_gui_thread(qtbot, reader, monkeypatch):
    window, evidence_id = reader
    services = window.ops.services
    calls = []
    for service, name in ((services.reading, "item"), (services.reading, "bytes_of"), (services.notes, "notes")):
        spy(monkeypatch, service, name, calls)
    open_item(qtbot, window, evidence_id, 2)
    assert window.viewer.page == 2
    assert {name for name, _ in calls} == {"item", "bytes_of", "notes"}
    gui = threading.get_ident()
    assert all(thread != gui for _, thread in calls)
    assert {thread for _, thread in calls} == {window.worker.thread_ident}


def test_page_navigation_by_keys_spin_box_and_buttons(qtbot, reader):
    window, evidence_id = reader
    viewer = window.viewer
    open_item(qtbot, window, evidence_id, 1)
    assert viewer.page == 1 and viewer.page_spin.value() == 2
    viewer.display.pdf_view.setFocus()
    qtbot.keyClick(viewer.display.pdf_view, Qt.Key.Key_PageDown)
    assert viewer.page == 2 and viewer.page_spin.value() == 3
    qtbot.keyClick(viewer.display.pdf_view, Qt.Key.Key_PageUp)
    qtbot.keyClick(viewer.display.pdf_view, Qt.Key.Key_PageUp)
    assert viewer.page == 0 and not viewer.previous_button.isEnabled()
    qtbot.keyClick(viewer.display.pdf_view, Qt.Key.Key_PageUp)  # stays on the first page
    assert viewer.page == 0
    viewer.page_spin.selectAll()
    qtbot.keyClicks(viewer.page_spin, "5")
    qtbot.keyClick(viewer.page_spin, Qt.Key.Key_Return)
    assert viewer.page == 4 and not viewer.next_button.isEnabled()
    qtbot.mouseClick(viewer.previous_button, Qt.MouseButton.LeftButton)
    assert viewer.page == 3 and viewer.notes_pane.page == 3


def test_zoom_fit_width_fit_page_and_keys(qtbot, reader):
    window, evidence_id = reader
    viewer = window.viewer
    open_item(qtbot, window, evidence_id)
    assert viewer.display.zoom_mode() == ZoomMode.FIT_WIDTH and viewer.fit_width_button.isChecked()
    fit_width = viewer.display.zoom_factor()
    viewer.display.pdf_view.setFocus()
    qtbot.keyClick(viewer.display.pdf_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert viewer.display.zoom_mode() == ZoomMode.CUSTOM and not viewer.fit_width_button.isChecked()
    assert viewer.display.zoom_factor() == pytest.approx(fit_width * 1.25, rel=0.01)
    assert viewer.zoom_label.text() == f"{round(fit_width * 125)} %"
    qtbot.keyClick(viewer.display.pdf_view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(viewer.display.pdf_view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.display.zoom_factor() == pytest.approx(fit_width / 1.25, rel=0.01)
    qtbot.mouseClick(viewer.fit_page_button, Qt.MouseButton.LeftButton)
    assert viewer.display.zoom_mode() == ZoomMode.FIT_PAGE and viewer.fit_page_button.isChecked()
    assert viewer.display.zoom_factor() < fit_width  # a whole A4 page is narrower than its width fitted


def test_page_note_saved_shown_again_after_reopening_and_undone(qtbot, reader):
    window, evidence_id = reader
    viewer, pane = window.viewer, window.viewer.notes_pane
    open_item(qtbot, window, evidence_id, 2)
    qtbot.mouseClick(pane.editor.viewport(), Qt.MouseButton.LeftButton)
    assert pane.editor.hasFocus() and pane.page == 2
    type_text(pane.editor, "Zoë's doubt: compare with BWV-1")
    qtbot.mouseClick(viewer.find_edit, Qt.MouseButton.LeftButton)  # leaving the editor saves
    qtbot.waitUntil(lambda: pane.state_label.text().startswith("Saved"), timeout=WAIT)
    notes = on_db_thread(qtbot, window, lambda s: s.notes.notes(evidence_id))
    assert [(n.page, n.text) for n in notes] == [(2, "Zoë's doubt: compare with BWV-1")]
    assert window.bench.undo_stack.count() == 1
    assert window.bench.undo_stack.undoText() == "Note on A3 page 3"

    open_item(qtbot, window, window.labels["B1"])
    assert pane.editor.toPlainText() == ""
    open_item(qtbot, window, evidence_id, 2)
    assert pane.editor.toPlainText() == "Zoë's doubt: compare with BWV-1"
    viewer.go_to_page(1)
    assert pane.editor.toPlainText() == ""
    viewer.go_to_page(2)

    viewer.display.pdf_view.setFocus()
    qtbot.keyClick(viewer.display.pdf_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Edit > Undo
    qtbot.waitUntil(lambda: pane.editor.toPlainText() == "", timeout=WAIT)
    assert on_db_thread(qtbot, window, lambda s: s.notes.notes(evidence_id)) == ()
    qtbot.keyClick(viewer.display.pdf_view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # and redo
    qtbot.waitUntil(lambda: pane.editor.toPlainText() == "Zoë's doubt: compare with BWV-1", timeout=WAIT)
    assert on_db_thread(qtbot, window, lambda s: s.verify()).ok


def test_a_note_autosaves_after_a_pause_and_survives_turning_the_page(qtbot, reader):
    window, evidence_id = reader
    viewer, pane = window.viewer, window.viewer.notes_pane
    open_item(qtbot, window, evidence_id, 0)
    pane.editor.setFocus()
    type_text(pane.editor, "First page")
    qtbot.waitUntil(lambda: pane.state_label.text().startswith("Saved"), timeout=WAIT)  # no focus change
    type_text(pane.editor, " — more")
    viewer.step_page(1)  # turning the page saves what was typed before
    qtbot.waitUntil(lambda: window.bench.undo_stack.count() == 2, timeout=WAIT)
    notes = on_db_thread(qtbot, window, lambda s: s.notes.notes(evidence_id))
    assert [(n.page, n.text) for n in notes] == [(0, "First page — more")]


def test_typed_and_reference_only_items_show_their_details(qtbot, reader):
    window, _ = reader
    viewer = window.viewer
    open_item(qtbot, window, window.labels["C1"])
    text = viewer.display.details_browser.toPlainText()
    assert viewer.display.currentWidget() is viewer.display.details_browser
    assert "Reference only" in text and "BWV-1" in text and "Axon Body 3" in text
    assert "3f6c1e0a9b7d2c4e8f1a0b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e" in text
    assert "00:03:18" in text
    assert not viewer.find_edit.isEnabled() and not viewer.page_spin.isEnabled()
    assert viewer.notes_pane.editor.isEnabled()  # a note on the item itself
    assert viewer.notes_pane.title_label.text() == "Private &note — Tab C1"
    first = on_db_thread(qtbot, window, lambda s: s.evidence.citation(window.labels["C1"]))
    assert viewer.stamp_label.text() == f"Bundle pages from <b>{first.strip('[]')}</b>"


def test_an_image_is_shown_from_memory_and_zooms(qtbot, reader, tmp_path):
    from PIL import Image

    window, _ = reader
    path = tmp_path / "scene-photo.png"
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(path)
    [result] = on_db_thread(qtbot, window, lambda s: s.import_files("DEMO-001", [path]))
    assert result.ok, result.message
    viewer = window.viewer
    open_item(qtbot, window, result.evidence_id)
    assert viewer.display.showing_image and not viewer.display.showing_pdf
    assert viewer.notes_pane.title_label.text().endswith("— Tab " + viewer.item.label)  # no pages
    assert not viewer.find_edit.isEnabled() and viewer.zoom_in_button.isEnabled()
    width = viewer.display.image_label.pixmap().width()
    qtbot.mouseClick(viewer.zoom_in_button, Qt.MouseButton.LeftButton)
    assert viewer.display.image_label.pixmap().width() == pytest.approx(width * 1.25, abs=2)
    qtbot.mouseClick(viewer.fit_page_button, Qt.MouseButton.LeftButton)
    assert viewer.display.zoom_mode() == ZoomMode.FIT_PAGE


def test_a_damaged_file_is_refused_with_one_line_not_shown(qtbot, window, demo_store):
    from sqlalchemy import update

    from panelapp.models.schema import AttachmentChunk, EvidenceItem

    with PanelServices.open(demo_store, PASSPHRASE) as services, services.store.session() as s:
        item = next(e for e in services.list_evidence(1) if e.label == "B2")
        attachment_id = s.get(EvidenceItem, item.id).attachment_id
        data = bytearray(s.get(AttachmentChunk, (attachment_id, 0)).data)
        data[200] ^= 0xFF
        s.execute(update(AttachmentChunk).where(AttachmentChunk.attachment_id == attachment_id)
                  .values(data=bytes(data)))
    with qtbot.waitSignal(window.store_opened, timeout=15_000):
        unlock(qtbot, window, demo_store, PASSPHRASE)
    open_item(qtbot, window, item.id)
    viewer = window.viewer
    assert not viewer.display.showing_pdf
    assert ("The file cannot be shown: B2: the stored file does not match the SHA-256 recorded at import; "
            "run Verify in the Audit view") in viewer.display.details_browser.toPlainText()


def test_locking_drops_the_document_and_unlocking_returns_to_the_page(qtbot, reader):
    window, evidence_id = reader
    viewer = window.viewer
    open_item(qtbot, window, evidence_id, 3)
    with qtbot.waitSignal(window.store_locked, timeout=WAIT):
        window.lock()
    assert viewer.item is None and not viewer.display.showing_pdf
    assert viewer.display.document.status() == QPdfDocument.Status.Null
    assert viewer.display._buffer is None and viewer.display._bytes is None
    assert "reading-test" not in viewer.header_label.text()
    with qtbot.waitSignal(window.store_opened, timeout=15_000):
        type_text(window.unlock_widget.passphrase_edit, PASSPHRASE)
        qtbot.mouseClick(window.unlock_widget.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: viewer.item is not None and viewer.item.id == evidence_id, timeout=WAIT)
    assert viewer.page == 3


def test_the_pdf_search_model_passes_the_model_tester(qtbot, reader, qtmodeltester):
    window, evidence_id = reader
    open_item(qtbot, window, evidence_id)
    window.viewer.find_edit.setText("notebook")
    window.viewer.find_step(1)
    qtbot.waitUntil(lambda: window.viewer.display.result_count() == 5, timeout=WAIT)
    qtmodeltester.check(window.viewer.display.search_model)


def test_the_reader_shows_each_page_s_bundle_stamp_beside_the_tab(qtbot, reader):
    """Tab A3 is the item's place in the section; its pages are stamped by page within the section (the
    printed bundle's labels, which citations use): not the same numbers."""
    window, evidence_id = reader
    viewer = window.viewer
    open_item(qtbot, window, evidence_id, page=2)
    stamps = [on_db_thread(qtbot, window, lambda s, p=p: s.evidence.citation(evidence_id, page=p)).strip("[]")
              for p in (1, 3)]
    assert viewer.header_label.text().startswith(f"<b>Tab {viewer.item.label}</b>")
    assert viewer.stamp_label.text() == f"= bundle page <b>{stamps[1]}</b>"
    assert f"cite it as [{stamps[1]}]" in viewer.stamp_label.toolTip()
    viewer.go_to_page(0)
    qtbot.waitUntil(lambda: viewer.page == 0, timeout=WAIT)
    assert viewer.stamp_label.text() == f"= bundle page <b>{stamps[0]}</b>"
    assert viewer.notes_pane.title_label.text() == f"Private &note — Tab {viewer.item.label}, page 1"
