"""The main window: the unlock view while locked, the case browser while a store is open.

Window titles never carry personal data or file names (they show in task switchers and screenshots).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from panelapp.domain.case_data import CaseSummary, EvidenceSummary
from panelapp.domain.errors import KnownError
from panelapp.services.panel_services import PanelServices
from panelapp.ui.cases_widget import CasesWidget
from panelapp.ui.ops import DbWorker
from panelapp.ui.unlock_widget import UnlockWidget

APP_TITLE = "panelapp"


def user_message(exc: BaseException) -> str:
    """What the user is shown for a failure: our one-line message, or a plain note for a bug."""
    if isinstance(exc, KnownError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"The file could not be read or written ({exc.strerror or exc.__class__.__name__})."
    return f"Something went wrong inside panelapp ({exc.__class__.__name__}); nothing more was written."


class MainWindow(QMainWindow):
    store_opened = Signal()
    store_locked = Signal()

    def __init__(self, open_store: Callable[[str, str], PanelServices] = PanelServices.open,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open_store = open_store
        self._services: PanelServices | None = None
        self.rollback_box: QMessageBox | None = None
        self.worker = DbWorker(self)
        self.unlock_widget = UnlockWidget()
        self.cases_widget = CasesWidget()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.unlock_widget)
        self.pages.addWidget(self.cases_widget)
        self.setCentralWidget(self.pages)
        self.setWindowTitle(f"{APP_TITLE} — locked")
        self.resize(1100, 720)
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)

        self.lock_action = QAction("&Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setEnabled(False)
        self.lock_action.triggered.connect(self.lock)
        self.addAction(self.lock_action)
        store_menu = self.menuBar().addMenu("&Store")
        store_menu.addAction(self.lock_action)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        store_menu.addAction(quit_action)

        self.unlock_widget.unlock_requested.connect(self._on_unlock_widget_unlock_requested)
        self.cases_widget.case_selected.connect(self._on_cases_widget_case_selected)

    @property
    def is_unlocked(self) -> bool:
        return self._services is not None

    def start(self, store_path: str | None) -> None:
        if store_path:
            self.unlock_widget.set_store_path(store_path)
        self.unlock_widget.reset()

    # --- unlocking and locking ------------------------------------------------------------------
    def _on_unlock_widget_unlock_requested(self, path: str, passphrase: str) -> None:
        opener = self._open_store
        self.worker.run(lambda: opener(path, passphrase), self._on_store_opened, self._on_store_failed)

    def _on_store_opened(self, services: PanelServices) -> None:
        self._services = services
        self.pages.setCurrentWidget(self.cases_widget)
        self.setWindowTitle(APP_TITLE)
        self.lock_action.setEnabled(True)
        self.status_label.setText(services.migration_note or "Unlocked. Ctrl+L locks the store.")
        if services.rollback_warning:
            self._warn_rollback(services.rollback_warning)
        self._run(lambda s: s.list_cases(), self._on_cases_loaded)
        self.store_opened.emit()

    def _warn_rollback(self, text: str) -> None:
        """An older copy of the store was opened: say so plainly, without blocking the window."""
        self.rollback_box = QMessageBox(QMessageBox.Icon.Warning, "Older copy of this store", text,
                                        QMessageBox.StandardButton.Ok, self)
        self.rollback_box.setAccessibleName("Older copy of this store")
        self.rollback_box.open()

    def _on_store_failed(self, exc: BaseException) -> None:
        self.unlock_widget.show_error(user_message(exc))

    def _on_cases_loaded(self, cases: list[CaseSummary]) -> None:
        self.cases_widget.case_model.set_rows(cases)
        self.status_label.setText(f"{len(cases)} case{'s' * (len(cases) != 1)}. Ctrl+L locks the store.")
        if cases:
            self.cases_widget.case_view.selectRow(0)

    def _on_cases_widget_case_selected(self, case_id: int) -> None:
        self._run(lambda s: s.list_evidence(case_id), self._on_evidence_loaded)

    def _on_evidence_loaded(self, items: list[EvidenceSummary]) -> None:
        self.cases_widget.evidence_model.set_rows(items)

    def lock(self) -> None:
        """Close the store (on the database thread), forget everything shown, back to the unlock view."""
        services, self._services = self._services, None
        self.cases_widget.clear()
        self.lock_action.setEnabled(False)
        self.pages.setCurrentWidget(self.unlock_widget)
        self.unlock_widget.reset()
        self.setWindowTitle(f"{APP_TITLE} — locked")
        self.status_label.setText("Locked.")
        if services is not None:
            self.worker.run(services.close, lambda _: self.store_locked.emit(), self._on_store_failed)

    def _run(self, op: Callable[[PanelServices], Any], on_done: Callable[[Any], None]) -> None:
        services = self._services
        if services is None:
            return

        def deliver(value: Any) -> None:
            if self._services is services:  # ignore results that arrive after a lock
                on_done(value)

        self.worker.run(lambda: op(services), deliver, self._on_operation_failed)

    def _on_operation_failed(self, exc: BaseException) -> None:
        self.status_label.setText(user_message(exc))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._services is not None:
            services, self._services = self._services, None
            self.worker.run(services.close, lambda _: None, lambda _: None)
        self.worker.shutdown()
        super().closeEvent(event)
