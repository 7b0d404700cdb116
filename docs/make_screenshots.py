"""Regenerate docs/screenshots from the real widgets over a fresh demo store (make screenshots)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from panelapp.models import keys
from panelapp.services.panel_services import PanelServices
from panelapp.ui.main_window import MainWindow

OUT = Path(__file__).with_name("screenshots")
PASSPHRASE = "demo-passphrase"


def wait_for(condition, timeout_ms: int = 20_000) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: condition() and loop.quit())
    timer.start(50)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def main() -> int:
    app = QApplication(sys.argv[:1])
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "demo.panel"
        with PanelServices.create(store, PASSPHRASE, kdf=keys.DEFAULT_KDF) as services:
            services.build_demo()
        window = MainWindow()
        window.resize(1100, 680)
        window.start(str(store))
        window.show()
        window.grab().save(str(OUT / "unlock.png"))
        window.unlock_widget.passphrase_edit.setText("wrong")
        window.unlock_widget.unlock_button.click()
        wait_for(lambda: window.unlock_widget.error_label.text() != "")
        window.grab().save(str(OUT / "unlock-wrong-passphrase.png"))
        window.unlock_widget.passphrase_edit.setText(PASSPHRASE)
        window.unlock_widget.unlock_button.click()
        wait_for(lambda: window.cases_widget.evidence_model.rowCount() > 0)
        window.grab().save(str(OUT / "cases-and-evidence.png"))
        window.close()
    app.quit()
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
