"""The bundle tree with a force's largest bundles: items reach the view in batches, all of them reachable."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTreeView

from panelapp.domain.evidence_records import BundleTree, ItemNode, SectionNode
from panelapp.domain.vocabulary import EvidenceKind
from panelapp.ui.bundle_tree_model import BATCH, BundleTreeModel


def _tree(sizes: dict[str, int]) -> BundleTree:
    sections, next_id = [], 1
    for n, (letter, count) in enumerate(sizes.items(), start=1):
        items = tuple(ItemNode(id=next_id + i, section=letter, position=i + 1, kind=EvidenceKind.DOCUMENT,
                               title=f"Exhibit {letter}{i + 1}", dated=dt.date(2026, 1, 1), author="", exhibit_ref="",
                               pages=1, has_file=True, reference_only=False) for i in range(count))
        next_id += count
        sections.append(SectionNode(letter, f"Section {letter}", n, items))
    return BundleTree(1, tuple(sections))


def test_a_big_bundle_passes_the_model_tester_while_fetching(qtmodeltester):
    model = BundleTreeModel()
    model.set_tree(_tree({"A": BATCH * 2 + 7, "B": 3, "C": 0}))
    qtmodeltester.check(model)  # includes fetchMore on every section
    a = model.index(0, 0)
    while model.canFetchMore(a):
        model.fetchMore(a)
    assert model.rowCount(a) == BATCH * 2 + 7
    qtmodeltester.check(model)


def test_only_a_batch_is_laid_out_and_any_item_can_be_found(qtbot):
    model = BundleTreeModel()
    model.set_tree(_tree({"A": 5000, "B": 4}))
    a, b = model.index(0, 0), model.index(1, 0)
    assert (model.rowCount(a), model.rowCount(b)) == (BATCH, 4)
    assert model.hasChildren(a) and model.canFetchMore(a) and not model.canFetchMore(b)
    assert model.index(BATCH, 0, a) == QModelIndex()  # not handed to the view yet
    last = model.index_of_item(5000)  # looked up (select after an import): the batches up to it arrive
    assert last.isValid() and model.item_at(last).label == "A5000"
    assert model.rowCount(a) == 5000
    assert model.item_at(model.index_of_item(5004)).label == "B4"


def test_scrolling_through_a_middle_section_reaches_its_last_item(qtbot):
    """The view asks for more only for the last section; painting a section's last row fetches its next batch,
    so a long section followed by another is never cut short."""
    model = BundleTreeModel()
    view = QTreeView()
    qtbot.addWidget(view)
    view.setUniformRowHeights(True)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    model.set_tree(_tree({"A": BATCH * 3, "B": 5}))
    view.setExpanded(model.index(0, 0), True)
    view.setExpanded(model.index(1, 0), True)
    a = model.index(0, 0)
    for _ in range(20):
        if model.rowCount(a) == BATCH * 3:
            break
        view.scrollTo(model.index(model.rowCount(a) - 1, 0, a))
        qtbot.waitUntil(lambda: view.viewport().isVisible())
        view.viewport().repaint()
        qtbot.wait(1)
    assert model.rowCount(a) == BATCH * 3
    assert model.item_at(model.index(BATCH * 3 - 1, 0, a)).label == f"A{BATCH * 3}"
