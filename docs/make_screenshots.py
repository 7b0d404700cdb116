"""Regenerate docs/screenshots from the real window over a fresh demo store (make screenshots).

Settings live in a temporary file, so the user's own QSettings are never touched.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from panelapp.domain.document_kinds import DocumentKind
from panelapp.models import keys
from panelapp.services.demo_case import build_demo_case
from panelapp.services.panel_services import PanelServices
from panelapp.ui.main_window import MainWindow
from panelapp.ui.settings import AppSettings

OUT = Path(__file__).with_name("screenshots")
PASSPHRASE = "demo-passphrase"


def wait_for(condition: Callable[[], object], timeout_ms: int = 20_000) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: condition() and loop.quit())
    timer.start(50)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def settle(window: MainWindow, ms: int = 400) -> None:
    """Let queued reads finish and the views repaint."""
    wait_for(lambda: not window.worker.busy, 20_000)
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shot(widget: QWidget, name: str) -> None:
    widget.grab().save(str(OUT / f"{name}.png"))


def main() -> int:
    app = QApplication(sys.argv[:1])
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "demo.panel"
        with PanelServices.create(store, PASSPHRASE, kdf=keys.DEFAULT_KDF) as services:
            with services.store.session() as s:  # the demo as the app makes it: just heard, as of today
                build_demo_case(s, date.today())
            case_id = services.case_id("DEMO-001")
            pdf_items = [e.id for e in services.list_evidence(case_id) if e.page_count]
        settings = AppSettings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        settings.remember_store(str(store))
        window = MainWindow(settings=settings)
        window.resize(1280, 800)
        window.start(None)
        window.show()
        settle(window)
        shot(window, "welcome")
        window.start(str(store))
        window.unlock_widget.passphrase_edit.setText("wrong")
        window.unlock_widget.unlock_button.click()
        wait_for(lambda: window.unlock_widget.error_label.text() != "")
        shot(window, "unlock-wrong-passphrase")
        window.unlock_widget.passphrase_edit.setText(PASSPHRASE)
        window.unlock_widget.unlock_button.click()
        wait_for(lambda: window.is_unlocked)
        window.bench.set_case(case_id)
        settle(window)
        names = ["overview", "people", "allegations", "bundle", "reader", "findings", "outcome", "deliberation",
                 "search", "audit"]
        for index, name in enumerate(names):
            if name == "reader" and pdf_items:
                window.bench.open_evidence(pdf_items[0], 0)
            window.tabs.setCurrentIndex(index)
            settle(window, 600)
            shot(window, f"tab-{name}")
        dialog = window.show_document(DocumentKind.OUTCOME_NOTICE, True)
        if dialog is not None:
            wait_for(lambda: dialog.rendered is not None)
            settle(window, 600)
            shot(dialog, "document-preview")
            dialog.reject()
        window.close()
    app.quit()
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
