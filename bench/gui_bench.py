"""GUI timings, each in a fresh process (offscreen): cold start, and the bundle tree with many rows.

    python bench/gui_bench.py startup app|bare   -> seconds from interpreter start to the window shown
    python bench/gui_bench.py paint N            -> JSON: ms to fill and paint a bundle of N rows
    python bench/gui_bench.py case STORE REF     -> JSON: ms to read that case's bundle tree from the store
                                                    (unlocked beforehand), fill and paint it
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()  # before any import of ours: the interpreter itself is common to both

import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402


def _startup(which: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    if which == "app":
        from panelapp.ui.main_window import MainWindow

        window: QMainWindow = MainWindow()
        window.start(None)  # type: ignore[attr-defined]
    else:
        window = QMainWindow()
        window.resize(1000, 700)
    window.show()

    def shown() -> None:
        print(time.perf_counter() - _T0, flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(0, shown)
    app.exec()


def _view(app: object) -> tuple[object, object]:
    """The bundle tree's model in a view set up as BundleWidget sets it: fixed widths, uniform rows."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView

    from panelapp.ui.bundle_tree_model import BundleTreeModel

    model = BundleTreeModel()
    view = QTreeView()
    view.setUniformRowHeights(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setModel(model)
    header = view.header()
    header.setStretchLastSection(False)
    for column, width in enumerate((70, 130, 340, 95, 120, 100, 90)):
        header.resizeSection(column, width)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    view.resize(1100, 700)
    view.show()
    app.processEvents()  # type: ignore[attr-defined]
    return model, view


def _fill(app: object, model: object, view: object, tree: object) -> None:
    model.set_tree(tree)  # type: ignore[attr-defined]
    for row in range(len(tree.sections)):  # type: ignore[attr-defined]  # as BundleWidget: sections expanded
        view.setExpanded(model.index(row, 0), True)  # type: ignore[attr-defined]
    view.viewport().repaint()  # type: ignore[attr-defined]
    app.processEvents()  # type: ignore[attr-defined]


def _case(store: str, reference: str) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    sys.path.insert(0, os.path.dirname(__file__))
    import synthetic

    from panelapp.models import keys
    from panelapp.services.panel_services import PanelServices

    app = QApplication(sys.argv[:1])
    model, view = _view(app)
    runs = []
    with PanelServices.open(Path(store), synthetic.PASSPHRASE, kdf=keys.DEFAULT_KDF) as services:
        case_id = services.case_id(reference)
        services.evidence.tree(case_id)  # the store's code and pages warm, as after unlocking
        for _ in range(5):
            model.clear()  # type: ignore[attr-defined]
            app.processEvents()
            t = time.perf_counter()
            _fill(app, model, view, services.evidence.tree(case_id))
            runs.append((time.perf_counter() - t) * 1000)
    runs.sort()
    print(json.dumps({"ms": runs[len(runs) // 2]}))


def _paint(n: int) -> None:
    import datetime as dt

    from PySide6.QtWidgets import QApplication

    from panelapp.domain.evidence_records import BundleTree, ItemNode, SectionNode
    from panelapp.domain.vocabulary import EvidenceKind

    app = QApplication(sys.argv[:1])
    letters = "ABCDE"
    per = n // len(letters)
    sections = []
    for s, letter in enumerate(letters):
        items = tuple(ItemNode(id=s * per + i + 1, section=letter, position=i + 1, kind=EvidenceKind.DOCUMENT,
                               title=f"Exhibit {letter}{i + 1}: statement of a fictional witness",
                               dated=dt.date(2026, 1, 1 + i % 28), author="", exhibit_ref="", pages=1 + i % 12,
                               has_file=True, reference_only=False, allegations=("1", "2"),
                               bundle_pages=f"{letter}{i + 1}") for i in range(per))
        sections.append(SectionNode(letter, f"Section {letter}", s + 1, items))
    tree = BundleTree(1, tuple(sections))

    model, view = _view(app)
    runs = []
    for _ in range(5):
        model.clear()
        app.processEvents()
        t = time.perf_counter()
        _fill(app, model, view, tree)
        runs.append((time.perf_counter() - t) * 1000)
    runs.sort()
    print(json.dumps({"rows": n, "ms": runs[len(runs) // 2]}))


def run_startup(which: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as home:  # no recent stores, no settings: the first-run window
        env.update(HOME=home, XDG_CONFIG_HOME=home, XDG_STATE_HOME=home)
        t = time.perf_counter()
        subprocess.run([sys.executable, __file__, "startup", which], check=True, env=env, capture_output=True,
                       text=True)
        return time.perf_counter() - t


def run_paint(n: int) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, __file__, "paint", str(n)], check=True, env=env, capture_output=True,
                         text=True)
    return float(json.loads(out.stdout.strip().splitlines()[-1])["ms"])


def run_case(store: os.PathLike[str], reference: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, __file__, "case", os.fspath(store), reference], check=True, env=env,
                         capture_output=True, text=True)
    return float(json.loads(out.stdout.strip().splitlines()[-1])["ms"])


if __name__ == "__main__":
    if sys.argv[1] == "startup":
        _startup(sys.argv[2])
    elif sys.argv[1] == "case":
        _case(sys.argv[2], sys.argv[3])
    else:
        _paint(int(sys.argv[2]))
