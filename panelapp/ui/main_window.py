"""The main window: welcome → unlock → the workspace (cases on the left, the case's areas as tabs).

The window only routes: views share a `Workbench` (operations, undo stack, current case) and refresh
themselves on the `Changes` each write broadcasts. Window titles never carry personal data or file names
(they show in task switchers and screenshots).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from panelapp.domain.document_kinds import DocumentKind
from panelapp.domain.errors import CannotUnlockError
from panelapp.ui.gc_guard import GuiThreadCollector
from panelapp.ui.idle_lock import IdleLock
from panelapp.ui.ops import user_message
from panelapp.ui.settings import AppSettings
from panelapp.ui.store_openers import SERVICES_MODULE, StoreOpener, create_store, open_or_create_demo, open_store
from panelapp.ui.undo_keys import TextUndoKeysFilter
from panelapp.ui.unlock_widget import UnlockWidget
from panelapp.ui.welcome_widget import WelcomeWidget
from panelapp.ui.workbench import AreaWidget, Workbench

APP_TITLE = "panelapp"
DEMO_PASSPHRASE = "demo-passphrase"  # noqa: S105 - the fictional demo store's published passphrase
# The store's code (SQLAlchemy, Alembic, SQLCipher, ReportLab, pikepdf, …) loads on the database thread this
# long after the first screen shows: after it is painted, long before anyone has typed a passphrase
LOAD_AHEAD_MS = 300
# The area tabs in order (Ctrl+1… in the Go menu follow it); the views themselves come with the workspace
AREA_TITLES = ("&Overview", "&People", "&Allegations", "&Bundle", "&Reader", "&Findings", "Ou&tcome",
               "De&liberation", "Searc&h", "A&udit")

# The first screen (welcome, unlock) starts fast: the services load on the database thread when a store is
# opened, and the workspace's views, the dialogs and the PDF viewer when first used.
if TYPE_CHECKING:
    from panelapp.services.panel_services import PanelServices
    from panelapp.ui.allegations_widget import AllegationsWidget
    from panelapp.ui.audit_widget import AuditWidget
    from panelapp.ui.bundle_widget import BundleWidget
    from panelapp.ui.case_list_widget import CaseListWidget
    from panelapp.ui.case_overview_widget import CaseOverviewWidget
    from panelapp.ui.deliberation_widget import DeliberationWidget
    from panelapp.ui.document_dialog import DocumentDialog
    from panelapp.ui.findings_widget import FindingsWidget
    from panelapp.ui.outcome_widget import OutcomeWidget
    from panelapp.ui.people_widget import PeopleWidget
    from panelapp.ui.search_widget import SearchWidget
    from panelapp.ui.viewer_widget import ViewerWidget
    from panelapp.ui.workspace import Workspace


def forget_file_dialog_history() -> None:
    """Qt's own file dialog remembers visited folders in QtProject.conf: evidence folders are often named
    after the people in a case (SECURITY.md: settings hold no case data)."""
    QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, "QtProject").remove("FileDialog")


def demo_store_path() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or os.path.expanduser("~/.local/share/panelapp")) / "demo.panel"


class MainWindow(QMainWindow):
    store_opened = Signal()
    store_locked = Signal()

    def __init__(self, open_store: StoreOpener = open_store, create_store: StoreOpener = create_store,
                 settings: AppSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open_store = open_store
        self._create_store = create_store
        self.settings = settings or AppSettings()
        self.rollback_box: QMessageBox | None = None
        self._store_path: str | None = None
        self._saved_place: dict[str, Any] | None = None  # where the user was when the store locked

        self.gc_guard = GuiThreadCollector(self)  # never collect Qt objects on the database thread
        self.bench = Workbench(self)
        self.ops = self.bench.ops
        self.worker = self.ops.worker
        self.idle_lock = IdleLock(self.settings.idle_minutes, self)
        self.idle_lock.timed_out.connect(self._on_idle_lock_timed_out)

        self.welcome_widget = WelcomeWidget(self.settings)
        self.unlock_widget = UnlockWidget()
        self._workspace: Workspace | None = None  # the third page, built when first needed (`workspace`)
        self._loading_ahead = False

        self.pages = QStackedWidget()
        for page in (self.welcome_widget, self.unlock_widget):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.setWindowTitle(f"{APP_TITLE} — locked")
        self.resize(1280, 800)
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)

        self._build_menus()
        self.text_undo_keys = TextUndoKeysFilter(self)  # Ctrl+Z in a text box with nothing to undo: the window's
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.text_undo_keys)
        self.welcome_widget.new_store_requested.connect(self._on_welcome_widget_new_store_requested)
        self.welcome_widget.open_store_requested.connect(self._on_welcome_widget_open_store_requested)
        self.welcome_widget.open_demo_requested.connect(self._on_welcome_widget_open_demo_requested)
        self.unlock_widget.unlock_requested.connect(self._on_unlock_widget_unlock_requested)
        self.bench.evidence_open_requested.connect(self._on_bench_evidence_open_requested)
        self.bench.status_shown.connect(self.status_label.setText)
        self.ops.failed.connect(self._on_ops_failed)

    # --- the workspace: the case list and the area tabs, built on first use ------------------------------
    @property
    def workspace(self) -> Workspace:
        """Built when a store is first opened (or when anything asks for one of its views), not for the
        first screen: its views and their imports are most of what the window would load before showing."""
        return self._workspace if self._workspace is not None else self._build_workspace()

    def _build_workspace(self) -> Workspace:
        if self._workspace is None:
            from panelapp.ui.workspace import Workspace

            self._workspace = Workspace(self.bench, AREA_TITLES)
            self.pages.addWidget(self._workspace)
            self._workspace.case_list.case_opened.connect(lambda _case_id: self.show_area(self.overview))
        return self._workspace

    @property
    def tabs(self) -> QTabWidget:
        return self.workspace.tabs

    @property
    def case_list(self) -> CaseListWidget:
        return self.workspace.case_list

    @property
    def overview(self) -> CaseOverviewWidget:
        return self.workspace.overview

    @property
    def people(self) -> PeopleWidget:
        return self.workspace.people

    @property
    def allegations(self) -> AllegationsWidget:
        return self.workspace.allegations

    @property
    def bundle(self) -> BundleWidget:
        return self.workspace.bundle

    @property
    def viewer(self) -> ViewerWidget:
        return self.workspace.viewer

    @property
    def findings(self) -> FindingsWidget:
        return self.workspace.findings

    @property
    def outcome(self) -> OutcomeWidget:
        return self.workspace.outcome

    @property
    def deliberation(self) -> DeliberationWidget:
        return self.workspace.deliberation

    @property
    def search(self) -> SearchWidget:
        return self.workspace.search

    @property
    def audit(self) -> AuditWidget:
        return self.workspace.audit

    @property
    def areas(self) -> list[AreaWidget]:
        return [self.case_list, *self.workspace.tab_areas]

    # --- menus ----------------------------------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                *, needs_store: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        if needs_store:
            action.setEnabled(False)
            self._store_actions.append(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        self._store_actions: list[QAction] = []
        store_menu = self.menuBar().addMenu("&Store")
        self.new_store_action = self._action("&New store…", self._on_welcome_widget_new_store_requested,
                                             QKeySequence.StandardKey.New)
        self.open_store_action = self._action("&Open store…", lambda: self._on_welcome_widget_open_store_requested(""),
                                              QKeySequence.StandardKey.Open)
        self.open_demo_action = self._action("Open &demo", self._on_welcome_widget_open_demo_requested)
        self.lock_action = self._action("&Lock", self.lock, "Ctrl+L", needs_store=True)
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # also over open dialogs
        self.settings_action = self._action("&Settings…", self._show_settings, "Ctrl+,")
        quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        for action in (self.new_store_action, self.open_store_action, self.open_demo_action, None,
                       self.lock_action, self.settings_action, None, quit_action):
            if action is None:
                store_menu.addSeparator()
            else:
                store_menu.addAction(action)

        edit_menu = self.menuBar().addMenu("&Edit")
        stack = self.bench.undo_stack
        self.undo_action = self._action("&Undo", partial(self._undo_or_redo, stack.undo), QKeySequence.StandardKey.Undo)
        self.redo_action = self._action("&Redo", partial(self._undo_or_redo, stack.redo), "Ctrl+Shift+Z")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        stack.undoTextChanged.connect(lambda _t: self._sync_undo_actions())
        stack.redoTextChanged.connect(lambda _t: self._sync_undo_actions())
        stack.canUndoChanged.connect(lambda _b: self._sync_undo_actions())
        stack.canRedoChanged.connect(lambda _b: self._sync_undo_actions())
        self._sync_undo_actions()
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        case_menu = self.menuBar().addMenu("&Case")
        self.new_case_action = self._action("&New case…", lambda: self.case_list.new_case(), "Ctrl+Shift+N",
                                            needs_store=True)
        case_menu.addAction(self.new_case_action)
        self.edit_case_action = self._action("&Edit case…", lambda: self.overview.edit_case(), needs_store=True)
        self.close_case_action = self._action("C&lose or reopen case", lambda: self.overview.toggle_closed(),
                                              needs_store=True)
        case_menu.addAction(self.edit_case_action)
        case_menu.addAction(self.close_case_action)
        case_menu.addSeparator()
        self.document_actions: dict[tuple[DocumentKind, bool], QAction] = {}
        for kind, draft, text, key in (
                (DocumentKind.OUTCOME_NOTICE, True, "Outcome notice (&draft)…", "Ctrl+Shift+D"),
                (DocumentKind.OUTCOME_NOTICE, False, "Outcome notice (&final)…", None),
                (DocumentKind.PUBLIC_NOTICE, True, "Public outcome notice (dr&aft)…", None),
                (DocumentKind.PUBLIC_NOTICE, False, "&Public outcome notice (final)…", None),
                (DocumentKind.BUNDLE, False, "Hearing &bundle…", "Ctrl+Shift+B")):
            action = self._action(text, partial(self.show_document, kind, draft), key, needs_store=True)
            self.document_actions[(kind, draft)] = action
            case_menu.addAction(action)

        go_menu = self.menuBar().addMenu("&Go")
        self.find_cases_action = self._action("&Cases", self._focus_cases, "Ctrl+0", needs_store=True)
        go_menu.addAction(self.find_cases_action)
        for i, title in enumerate(AREA_TITLES, start=1):
            key = f"Ctrl+{i}" if i < 10 else None
            action = self._action(title, partial(self._show_area_at, i - 1), key, needs_store=True)
            go_menu.addAction(action)
        self.search_action = self._action("&Search the store", lambda: self.show_area(self.search),
                                          QKeySequence.StandardKey.Find, needs_store=True)
        go_menu.addAction(self.search_action)

    def _sync_undo_actions(self) -> None:
        stack = self.bench.undo_stack
        self.undo_action.setText(f"&Undo {stack.undoText()}".strip())
        self.redo_action.setText(f"&Redo {stack.redoText()}".strip())
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())

    def _undo_or_redo(self, step: Callable[[], None]) -> None:
        """Not while a write is still on its way to the store: its command is pushed only once the store
        took it, so undoing now would undo the edit before it (and the newer one would be lost)."""
        if self.bench.edit_in_flight:
            self.status_label.setText("Still saving the last change; try again in a moment.")
            return
        step()

    def show_document(self, kind: DocumentKind, draft: bool) -> DocumentDialog | None:
        """Build a document for the current case and preview it (save and print from there)."""
        case_id = self.bench.case_id
        if case_id is None:
            self.status_label.setText("Choose a case first.")
            return None
        from panelapp.ui.document_dialog import DocumentDialog  # QtPdf and QtPrintSupport: not at start

        dialog = DocumentDialog(self.bench, case_id, kind, draft=draft, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_area(self, widget: AreaWidget) -> None:
        self.tabs.setCurrentWidget(widget)
        widget.setFocus()

    def _show_area_at(self, index: int) -> None:
        self.show_area(self.workspace.tab_areas[index])

    def _focus_cases(self) -> None:
        self.case_list.setFocus()

    # --- starting ---------------------------------------------------------------------------------------
    @property
    def is_unlocked(self) -> bool:
        return self.ops.is_open

    def start(self, store_path: str | None) -> None:
        """With a store path: straight to its unlock form; without: the welcome screen."""
        if not self._loading_ahead:
            self._loading_ahead = True
            QTimer.singleShot(LOAD_AHEAD_MS, self, lambda: self.worker.load_ahead(SERVICES_MODULE))
        if store_path:
            self._show_unlock(store_path)
        else:
            self.welcome_widget.refresh()
            self.pages.setCurrentWidget(self.welcome_widget)

    def _show_unlock(self, path: str) -> None:
        self.unlock_widget.set_store_path(path)
        self.unlock_widget.reset()
        self.pages.setCurrentWidget(self.unlock_widget)
        self.unlock_widget.passphrase_edit.setFocus()

    def _choose_store(self, path: str) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Open store", "",
                                                  "panelapp stores (*.panel);;All files (*)")
        if path:
            self._show_unlock(path)

    def _on_welcome_widget_open_store_requested(self, path: str) -> None:
        if self.is_unlocked:
            self.lock()
        self._choose_store(path)

    def _on_welcome_widget_new_store_requested(self) -> None:
        from panelapp.ui.new_store_dialog import NewStoreDialog  # with the passphrase meter (zxcvbn's lists)

        dialog = NewStoreDialog(self)
        if dialog.exec() != NewStoreDialog.DialogCode.Accepted:
            return
        if self.is_unlocked:
            self.lock()
        path, passphrase = dialog.path(), dialog.passphrase()
        self._begin_open(path, passphrase, self._create_store)

    def _on_welcome_widget_open_demo_requested(self) -> None:
        if self.is_unlocked:
            self.lock()
        path = str(demo_store_path())
        self._begin_open(path, DEMO_PASSPHRASE, open_or_create_demo)
        self.status_label.setText(f"Opening the fictional demo store (its passphrase is “{DEMO_PASSPHRASE}”)…")

    # --- unlocking and locking ----------------------------------------------------------------------
    def _on_unlock_widget_unlock_requested(self, path: str, passphrase: str) -> None:
        self._begin_open(path, passphrase, self._open_store)

    def _begin_open(self, path: str, passphrase: str, opener: StoreOpener) -> None:
        self.pages.setCurrentWidget(self.unlock_widget)
        self.unlock_widget.set_store_path(path)
        self.unlock_widget.set_busy(True)
        self.display_name = self.settings.display_name

        def open_it() -> PanelServices:
            services = opener(path, passphrase)
            services.set_display_name(self.display_name)
            return services

        self.worker.run(open_it, lambda s: self._on_store_opened(s, path),
                        lambda exc: self._on_store_failed(exc, path))
        # the views are built while the key is derived on the database thread (once the busy form shows)
        QTimer.singleShot(0, self, self._build_workspace)

    def _on_store_opened(self, services: PanelServices, path: str) -> None:
        before = self.ops.attach(services)
        if before is not None and before is not services:  # never two stores open: close the other one
            self.worker.run(before.close, lambda _: None, self._on_store_failed)
        if path != self._store_path:
            self._saved_place = None  # a different store: nothing to return to
        self._store_path = path
        self.settings.remember_store(path)
        self.unlock_widget.set_busy(False)
        self.pages.setCurrentWidget(self.workspace)
        self.setWindowTitle(APP_TITLE)
        for action in self._store_actions:
            action.setEnabled(True)
        self.status_label.setText(services.migration_note or "Unlocked. Ctrl+L locks the store.")
        if services.rollback_warning:
            self._warn_rollback(services.rollback_warning)
        self.idle_lock.set_minutes(self.settings.idle_minutes)
        self.idle_lock.start()
        place = self._saved_place or {}
        self.tabs.setCurrentIndex(int(place.get("tab", 0)))
        for area in self.areas:
            area.refresh()
        self.bench.set_case(place.get("case_id"))
        states = place.get("areas", {})
        for area in self.areas:
            area.restore_view_state(states.get(type(area).__name__, {}))
        self.store_opened.emit()

    def _warn_rollback(self, text: str) -> None:
        """An older copy of the store was opened: say so plainly, without blocking the window."""
        self.rollback_box = QMessageBox(QMessageBox.Icon.Warning, "Older copy of this store", text,
                                        QMessageBox.StandardButton.Ok, self)
        self.rollback_box.setAccessibleName("Older copy of this store")
        self.rollback_box.open()

    def _on_store_failed(self, exc: BaseException, path: str = "") -> None:
        if isinstance(exc, CannotUnlockError) and path:
            # SQLCipher cannot tell a wrong passphrase from a damaged first page; the wrong passphrase is
            # by far the likelier, so it comes first and alone, and damage only as the fallback
            self.unlock_widget.show_error(
                f"Wrong passphrase for {Path(path).name}. Check it (and Caps Lock) and try again.\n\n"
                "If you are sure the passphrase is right, the file may be damaged or may not be a panelapp "
                "store: restore it from a backup.")
            return
        self.unlock_widget.show_error(user_message(exc))

    def _on_idle_lock_timed_out(self) -> None:
        if self.is_unlocked:
            self.lock()
            self.status_label.setText("Locked after a period without use.")

    def lock(self) -> None:
        """Close the store (on the database thread), forget everything shown and the key; remember only
        where the user was (ids, tab), to return there after unlocking."""
        if not self.is_unlocked:
            return
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()  # nothing stays on screen over a locked store
        self._saved_place = {
            "tab": self.tabs.currentIndex(), "case_id": self.bench.case_id,
            "areas": {type(a).__name__: a.view_state() for a in self.areas},
        }
        self.idle_lock.stop()
        self.bench.clipboard.clear_ours()
        forget_file_dialog_history()
        self.bench.forget_edits()
        self.bench.set_case(None)
        for area in self.areas:
            area.clear()
        for action in self._store_actions:
            action.setEnabled(False)
        self._show_unlock(self._store_path or "")
        self.setWindowTitle(f"{APP_TITLE} — locked")
        self.status_label.setText("Locked.")
        self.ops.close_services(self.store_locked.emit)

    def _on_ops_failed(self, message: str) -> None:
        self.status_label.setText(message)

    def _on_bench_evidence_open_requested(self, evidence_id: int, page: int) -> None:
        self.viewer.open_evidence(evidence_id, page)
        self.show_area(self.viewer)

    def _show_settings(self) -> None:
        from panelapp.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.idle_lock.set_minutes(self.settings.idle_minutes)
            services = self.ops.services
            if services is not None:
                name = self.settings.display_name
                self.worker.run(lambda: services.set_display_name(name), lambda _: None, self._on_store_failed)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_unlocked:
            self.lock()  # views save what is being typed (a page note, a field) before the store closes
        forget_file_dialog_history()
        self.idle_lock.stop()
        self.bench.clipboard.clear_ours()
        self.ops.shutdown()
        self.gc_guard.stop()
        super().closeEvent(event)
