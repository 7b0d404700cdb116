"""Search across the store in the window: type, Enter, hits with snippets, a hit opens the reader at its page;
FTS syntax junk gives a one-line message; the search runs on the database thread."""

import threading

import pytest
from PySide6.QtCore import Qt

from panelapp.services.panel_services import PanelServices
from panelapp.ui.search_widget import SNIPPET_COLUMN, SNIPPET_HTML_ROLE
from tests.conftest import PASSPHRASE
from tests.reading_helpers import import_multi_page_pdf
from tests.ui.conftest import unlock

pytestmark = pytest.mark.gui
WAIT = 10_000


@pytest.fixture
def searching(qtbot, window, demo_store, tmp_path):
    """The window unlocked on the demo store (plus a five-page PDF), showing the Search area."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        evidence_id = import_multi_page_pdf(services, tmp_path)
    with qtbot.waitSignal(window.store_opened, timeout=15_000):
        unlock(qtbot, window, demo_store, PASSPHRASE)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Go > Search the store
    assert window.tabs.currentWidget() is window.search
    window.search.query_edit.setFocus()
    return window, evidence_id


def search_for(qtbot, window, query):
    search = window.search
    search.query_edit.clear()
    qtbot.keyClicks(search.query_edit, query)
    qtbot.keyClick(search.query_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: search.status_label.text() not in ("", "Searching…"), timeout=WAIT)
    return search


def test_a_hit_opens_the_item_at_its_page(qtbot, searching, qtmodeltester):
    window, evidence_id = searching
    search = search_for(qtbot, window, "quokka")
    model = search.model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(3)] == ["DEMO-001", "A3 reading-test", "4"]
    assert "quokka near the jetty" in model.index(0, SNIPPET_COLUMN).data()
    assert "<b>quokka</b>" in model.index(0, SNIPPET_COLUMN).data(SNIPPET_HTML_ROLE)
    assert search.status_label.text().startswith("1 page in 1 item.")
    qtmodeltester.check(model)

    search.results_view.setFocus()
    qtbot.keyClick(search.results_view, Qt.Key.Key_Return)
    viewer = window.viewer
    qtbot.waitUntil(lambda: viewer.item is not None and viewer.item.id == evidence_id, timeout=WAIT)
    assert window.tabs.currentWidget() is viewer
    assert viewer.page == 3 and viewer.page_spin.value() == 4
    assert window.bench.case_id == viewer.item.case_id  # the hit's case became the current one


def test_a_word_from_a_demo_pdf_double_clicked(qtbot, searching):
    window, _ = searching
    search = search_for(qtbot, window, "laceration")
    assert search.model.rowCount() == 1 and search.model.row(0).label == "E1"
    rect = search.results_view.visualRect(search.model.index(0, 1))
    viewport = search.results_view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # QTest's double click alone
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # lacks the first press
    qtbot.waitUntil(lambda: window.viewer.item is not None and window.viewer.item.label == "E1", timeout=WAIT)
    assert window.viewer.display.showing_pdf and window.viewer.page == 0


def test_several_pages_of_an_item_are_listed_in_order(qtbot, searching):
    window, evidence_id = searching
    search = search_for(qtbot, window, "notebook")
    pages = [search.model.row(r).page for r in range(search.model.rowCount())
             if search.model.row(r).evidence_id == evidence_id]
    assert pages == [0, 1, 2, 3, 4]
    assert search.status_label.text().startswith("5 pages in 1 item.")


@pytest.mark.parametrize("junk", ['"', "AND(", "NEAR(", "*", "(((", "a:b OR", '"unterminated'])
def test_fts_syntax_junk_gives_results_or_one_line(qtbot, searching, junk):
    window, _ = searching
    search = search_for(qtbot, window, junk)
    text = search.status_label.text()
    assert "\n" not in text and "Traceback" not in text and "went wrong" not in text
    assert text.startswith(("search: ", "Nothing found.")) or search.model.rowCount() > 0


def test_nothing_found_and_empty_query(qtbot, searching):
    window, _ = searching
    assert search_for(qtbot, window, "xylophone").status_label.text() == "Nothing found."
    window.search.query_edit.clear()
    qtbot.keyClick(window.search.query_edit, Qt.Key.Key_Return)
    assert window.search.status_label.text() == "Type a word to search for."


def test_limit_to_the_current_case(qtbot, searching, monkeypatch):
    window, _ = searching
    window.bench.set_case(1)
    search = window.search
    asked = []
    real = window.ops.services.search.search

    def recorded(query, limit=50, *, case_id=None):
        asked.append(case_id)
        return real(query, limit, case_id=case_id)

    monkeypatch.setattr(window.ops.services.search, "search", recorded)
    search_for(qtbot, window, "laceration")
    qtbot.keyClick(search.case_only_check, Qt.Key.Key_Space)  # re-runs the search for this case only
    assert search.case_only_check.isChecked()
    qtbot.waitUntil(lambda: len(asked) == 2 and search.status_label.text() != "Searching…", timeout=WAIT)
    assert asked == [None, 1] and search.model.rowCount() == 1


def test_limit_without_a_case_says_so(qtbot):
    from panelapp.ui.search_widget import SearchWidget
    from panelapp.ui.workbench import Workbench

    bench = Workbench()
    search = SearchWidget(bench)
    qtbot.addWidget(search)
    search.case_only_check.setChecked(True)
    search.query_edit.setText("laceration")
    qtbot.keyClick(search.query_edit, Qt.Key.Key_Return)
    assert search.status_label.text() == "Choose a case first, or search every case."
    search.case_only_check.setChecked(False)
    qtbot.keyClick(search.query_edit, Qt.Key.Key_Return)
    assert search.status_label.text() == "No store is open."


def test_searching_reads_the_store_off_the_gui_thread(qtbot, searching, monkeypatch):
    window, _ = searching
    services = window.ops.services
    calls = []
    real = services.search.search

    def recorded(*args, **kwargs):
        calls.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(services.search, "search", recorded)
    search_for(qtbot, window, "laceration")
    assert window.search.model.rowCount() == 1
    assert calls and all(thread != threading.get_ident() for thread in calls)
    assert set(calls) == {window.worker.thread_ident}


def test_results_are_cleared_on_lock(qtbot, searching):
    window, _ = searching
    search_for(qtbot, window, "laceration")
    with qtbot.waitSignal(window.store_locked, timeout=WAIT):
        window.lock()
    assert window.search.model.rowCount() == 0 and window.search.query_edit.text() == ""


def test_down_in_the_box_moves_to_the_results_and_enter_opens_the_hit(qtbot, searching):
    window, evidence_id = searching
    search = search_for(qtbot, window, "notebook")
    assert search.model.rowCount() > 1 and search.query_edit.hasFocus()
    qtbot.keyClick(search.query_edit, Qt.Key.Key_Down)
    assert search.results_view.hasFocus() and search.results_view.currentIndex().row() == 0
    qtbot.keyClick(search.results_view, Qt.Key.Key_Down)  # then through the hits
    assert search.results_view.currentIndex().row() == 1
    qtbot.keyClick(search.results_view, Qt.Key.Key_Return)
    viewer = window.viewer
    qtbot.waitUntil(lambda: viewer.item is not None and viewer.item.id == evidence_id, timeout=WAIT)
    assert viewer.page == 1


def test_down_in_an_empty_result_stays_in_the_box(qtbot, searching):
    window, _ = searching
    search = window.search
    qtbot.keyClick(search.query_edit, Qt.Key.Key_Down)
    assert search.query_edit.hasFocus()
