"""No plaintext anywhere (issue #6): a canary in names, statements and files goes through a whole journey
— import, index, notice, bundle, backup, the window unlocked and locked — and then every file the journey
could have touched is scanned. The canary may appear only in the files the user exported on purpose."""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

import pytest
import sqlalchemy
from PySide6.QtCore import Qt
from reportlab.pdfgen import canvas

from panelapp.cli import main
from panelapp.services import documents
from panelapp.services.panel_services import PanelServices
from panelapp.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE

pytestmark = [pytest.mark.db, pytest.mark.gui]
CANARY = "Zqxcanaryvwb"  # in the officer's name, a statement's text and a file's bytes


def _pdf_with(text: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.drawString(72, 720, f"Statement of a witness who saw {text} at the station.")
    c.save()
    return buf.getvalue()


def _scan(root: Path, skip: set[Path]) -> list[str]:
    needles = [CANARY.encode(), CANARY.encode("utf-16-le"), CANARY.lower().encode()]
    hits = []
    for p in root.rglob("*"):
        if p.is_file() and not p.is_symlink() and p not in skip:
            data = p.read_bytes()
            if any(n in data for n in needles):
                hits.append(str(p.relative_to(root)))
    return hits


def test_a_canary_reaches_only_the_files_the_user_exported(tmp_path, demo_store, qtbot, monkeypatch, capsys):
    home = tmp_path / "home"
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "TMPDIR", "HOME"):
        (home / var).mkdir(parents=True)
        monkeypatch.setenv(var, str(home / var))
    monkeypatch.setattr(tempfile, "tempdir", str(home / "TMPDIR"))
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)
    work = tmp_path / "store"
    work.mkdir()
    store = work / "s.panel"
    demo_store.rename(store)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    with PanelServices.open(store, PASSPHRASE) as services:
        doc = services.export_case("DEMO-001")
    doc["case"]["reference"] = "CANARY-1"
    doc["officers"][0]["name"] = f"PC {CANARY} Example"
    doc["officers"][0]["allegations"][0]["particulars"] += f" Witness {CANARY} saw it."
    (inputs / "case.json").write_text(json.dumps(doc))
    (inputs / "statement.pdf").write_bytes(_pdf_with(CANARY))
    (inputs / "note.txt").write_text(f"Note about {CANARY}\n")
    exports = tmp_path / "exports"
    exports.mkdir()
    wanted = {exports / "case.json", exports / "notice.pdf", exports / "bundle.pdf"}

    assert main(["import-case", str(store), str(inputs / "case.json")]) == 0
    assert main(["import", str(store), "CANARY-1", str(inputs / "statement.pdf"), str(inputs / "note.txt")]) == 0
    assert main(["export-case", str(store), "CANARY-1", "-o", str(exports / "case.json")]) == 0
    with PanelServices.open(store, PASSPHRASE) as services, services.store.session() as s:
        hits = s.execute(sqlalchemy.text(
            "SELECT count(*) FROM attachment_text WHERE attachment_text MATCH :q"), {"q": CANARY}).scalar()
        assert hits >= 1, "the canary is indexed (inside the encrypted store)"
        pdf = documents.outcome_notice_pdf(s, "CANARY-1", draft=True)
        documents.save_pdf(s, "CANARY-1", "outcome_notice", pdf, exports / "notice.pdf")
        documents.save_pdf(s, "CANARY-1", "bundle", documents.bundle_pdf(s, "CANARY-1"), exports / "bundle.pdf")
        assert _scan(work, set()) == [], "nothing in the store folder while it is open (store, -wal, -shm)"
    assert main(["backup", str(store), str(work / "backup.panel")]) == 0
    assert main(["verify", str(store)]) == 0

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.start(str(store))
    window.unlock_widget.passphrase_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(window.store_opened, timeout=10_000):
        qtbot.mouseClick(window.unlock_widget.unlock_button, Qt.MouseButton.LeftButton)
    assert CANARY not in window.windowTitle()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.is_unlocked, timeout=10_000)
    window.close()

    _out, err = capsys.readouterr()
    assert CANARY not in err
    assert all(p.exists() for p in wanted)
    assert _scan(tmp_path, wanted | set(inputs.iterdir())) == []
    for p in wanted:
        assert oct(p.stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in work.iterdir()) == ["backup.panel", "s.panel"], "no side files left"
    assert not os.listdir(home / "TMPDIR"), "no temporary files"
