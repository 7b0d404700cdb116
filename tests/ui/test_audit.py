"""The audit view: the log read-only, newest first, loaded a page at a time; Verify on the database thread."""

import threading

import pytest
from PySide6.QtCore import QModelIndex, Qt

from panelapp.domain.reading_records import AuditRow
from panelapp.ui import audit_widget
from panelapp.ui.audit_widget import AuditTableModel

pytestmark = pytest.mark.gui
WAIT = 10_000


@pytest.fixture
def audit(qtbot, opened):
    opened.show_area(opened.audit)
    assert opened.tabs.currentWidget() is opened.audit
    qtbot.waitUntil(lambda: opened.audit.model.rowCount() > 0, timeout=WAIT)
    return opened


def on_db_thread(qtbot, window, op):
    box = []
    window.ops.run_query(op, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT)
    return box[0]


def test_the_log_is_listed_newest_first_and_read_only(qtbot, audit, qtmodeltester):
    view = audit.audit
    total = on_db_thread(qtbot, audit, lambda s: s.audit.count())
    model = view.model
    assert model.total == total and model.rowCount() == total
    seqs = [int(model.index(r, 0).data()) for r in range(model.rowCount())]
    assert seqs == list(range(total, 0, -1))
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Seq", "Time", "Actor", "Action", "Object"]
    assert len(model.index(0, 1).data()) == 19 and model.index(0, 1).data()[10] == " "
    assert any(model.index(r, 4).data() == "case 1" for r in range(model.rowCount()))
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert view.count_label.text().startswith(f"{total} entries, newest first.")
    qtmodeltester.check(model)


def test_verify_reports_ok_on_the_demo_store_off_the_gui_thread(qtbot, audit, monkeypatch):
    view = audit.audit
    services = audit.ops.services
    threads = []
    real = services.verify

    def recorded():
        threads.append(threading.get_ident())
        return real()

    monkeypatch.setattr(services, "verify", recorded)
    qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    assert not view.verify_button.isEnabled() and view.busy_bar.isVisible()
    qtbot.waitUntil(lambda: view.verify_button.isEnabled(), timeout=WAIT)
    assert not view.busy_bar.isVisible()
    text = view.result_view.toPlainText()
    assert text.startswith("Verified: no problems found.")
    assert "Audit chain head: " in text
    assert threads and threads[0] != threading.get_ident()


def test_verify_lists_problems(qtbot, audit, monkeypatch):
    from panelapp.domain.case_data import VerifyReport

    services = audit.ops.services
    report = VerifyReport(("attachment 3: bytes do not match the SHA-256 recorded at import",), 40, "ab" * 32, 7, 0)
    monkeypatch.setattr(services, "verify", lambda: report)
    view = audit.audit
    qtbot.keyClick(view.verify_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.verify_button.isEnabled() and "problem" in view.result_view.toPlainText(),
                    timeout=WAIT)
    assert view.result_view.toPlainText().splitlines()[:2] == [
        "1 problem(s) found:", "• attachment 3: bytes do not match the SHA-256 recorded at import"]


def test_a_long_log_loads_page_by_page(qtbot, audit, monkeypatch):
    monkeypatch.setattr(audit_widget, "PAGE_ROWS", 4)
    view = audit.audit
    view.refresh()
    qtbot.waitUntil(lambda: view.model.total > 0 and view.model.rowCount() >= 4, timeout=WAIT)
    total = view.model.total
    assert total > 8
    view.log_view.setFocus()
    for _ in range(total):  # walking down the list pulls in the older entries
        qtbot.keyClick(view.log_view, Qt.Key.Key_End)
        if view.model.rowCount() == total:
            break
        qtbot.waitUntil(lambda: not view.model._fetching, timeout=WAIT)
    qtbot.waitUntil(lambda: view.model.rowCount() == total, timeout=WAIT)
    seqs = [view.model.row(r).seq for r in range(total)]
    assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == total


def test_a_write_adds_an_entry_at_the_top(qtbot, audit):
    view = audit.audit
    before = view.model.total
    evidence_id = on_db_thread(qtbot, audit, lambda s: s.list_evidence(1)[0].id)
    audit.bench.push("Note", redo=lambda s: s.notes.set_note(evidence_id, 0, "private"),
                     undo=lambda s: s.notes.set_note(evidence_id, 0, ""))
    qtbot.waitUntil(lambda: view.model.total == before + 1, timeout=WAIT)
    assert view.model.row(0).action == "notes.set"
    assert view.model.index(0, 3).data() == "Private page note saved"  # words; the code in the tooltip
    assert view.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == "Recorded as “notes.set”"


def test_actions_read_as_words_and_times_are_local(monkeypatch):
    import time

    from panelapp.ui.audit_words import action_words, local_time

    assert action_words("evidence.move") == "Bundle item moved"
    assert action_words("document.print.bundle") == "Hearing bundle printed"
    assert action_words("document.export.outcome_notice") == "Outcome notice saved to a file"
    assert action_words("people.panel-member-restored") == "Panel member put back"
    assert action_words("case.close") == "Case closed"
    assert action_words("store.something-new") == "Store something new"  # a code this version does not know
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        assert local_time("2026-07-01T09:15:02.123456+00:00") == "2026-07-01 10:15:02"  # BST
        assert local_time("2026-01-01T09:15:02+00:00") == "2026-01-01 09:15:02"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_lazy_model_passes_the_model_tester_while_fetching(qtmodeltester):
    rows = [AuditRow(seq, "2026-01-01T00:00:00.000000+00:00", "tester", "x.y", "case", "1")
            for seq in range(30, 0, -1)]
    model = AuditTableModel()
    asked = []
    model.request_more = asked.append
    model.reset(30, rows[:10])
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert asked == [21] and not model.canFetchMore(QModelIndex())  # one request at a time
    model.append_rows(rows[10:20])
    qtmodeltester.check(model)
    model.append_rows(rows[20:])
    assert model.rowCount() == 30 and not model.canFetchMore(QModelIndex())
