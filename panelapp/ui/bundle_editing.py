"""The bundle's editing flows: load an item's details, show its editor, write what was saved (undoably).

Dialogs open without blocking (`open()`); Save keeps the dialog until the store has taken the change, so
a refusal ("Key moment 2: 00:25:00 is after the recording ends") shows in the dialog and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from panelapp.domain.changes import Changes
from panelapp.domain.evidence_records import (
    AllegationLink,
    AnyDetails,
    DocumentDetails,
    EvidenceDetails,
    ItemNode,
    MediaDetails,
    StatementDetails,
    VettingDetails,
)
from panelapp.domain.vocabulary import EvidenceKind
from panelapp.ui.evidence_editors import AllegationLinksDialog, EvidenceEditorDialog, blank
from panelapp.ui.ops import ServiceCall, user_message
from panelapp.ui.people_undo import push_add

if TYPE_CHECKING:  # the services load on the database thread when a store opens
    from panelapp.services.panel_services import PanelServices

if TYPE_CHECKING:
    from panelapp.ui.bundle_widget import BundleWidget


def update_call(item_id: int, details: AnyDetails) -> ServiceCall:
    """The one service method that writes details of this shape."""
    if isinstance(details, MediaDetails):
        return lambda s: s.evidence.update_media(item_id, details)
    if isinstance(details, VettingDetails):
        return lambda s: s.evidence.update_vetting(item_id, details)
    if isinstance(details, StatementDetails):
        return lambda s: s.evidence.update_statement(item_id, details)
    assert isinstance(details, DocumentDetails)
    return lambda s: s.evidence.update_document(item_id, details)


class BundleEditing(QObject):
    """Editors and the allegation links of the bundle widget's items."""

    def __init__(self, widget: BundleWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.bench = widget.bench
        self.editor: EvidenceEditorDialog | None = None
        self.links_dialog: AllegationLinksDialog | None = None

    def load(self, op: Callable[[PanelServices], Any], then: Callable[[Any], None]) -> None:
        self.bench.ops.run_query(op, then, lambda exc: self.bench.show_status(user_message(exc)))

    def close_all(self) -> None:
        for dialog in (self.editor, self.links_dialog):
            if dialog is not None:
                dialog.close()
        self.editor = self.links_dialog = None

    def _replace(self, dialog: QDialog) -> None:
        for old in (self.editor, self.links_dialog):
            if old is not None and old is not dialog:
                old.close()

    # --- editing an item -----------------------------------------------------------------------------------
    def edit_item(self, item: ItemNode) -> None:
        item_id = item.id
        self.load(lambda s: s.evidence.details(item_id), self._show_editor)

    def _show_editor(self, details: EvidenceDetails) -> None:
        before = details.editable()
        dialog = EvidenceEditorDialog(before, details.label, details, self.widget)
        self._replace(dialog)
        self.editor = dialog

        def save(after: AnyDetails) -> None:
            if after == before:
                dialog.accept()
                return
            self.bench.push(f"Edit {details.label}", redo=update_call(details.id, after),
                            undo=update_call(details.id, before),
                            on_done=lambda _ch: dialog.accept(),
                            on_error=lambda exc: dialog.show_error(user_message(exc)))

        dialog.submitted.connect(save)
        dialog.open()

    # --- a new typed item ------------------------------------------------------------------------------------
    def new_item(self, kind: EvidenceKind) -> EvidenceEditorDialog | None:
        case_id = self.bench.case_id
        if case_id is None:
            return None
        dialog = EvidenceEditorDialog(blank(kind), "", None, self.widget)
        self._replace(dialog)
        self.editor = dialog

        def save(details: AnyDetails) -> None:
            def created(changes: Changes) -> None:
                self.widget._select_id = int(changes.value)
                dialog.accept()

            # undo parks the item's snapshot and redo restores it with the same id, so later steps that name
            # it (a link, an edit) still find it, whatever was imported in between
            push_add(self.bench, f"New {details.kind.label.lower()}",
                     lambda s: s.evidence.add_typed_item(case_id, details),
                     remove=lambda s, item_id: s.evidence.remove_item(item_id),
                     restore=lambda s, snapshot: s.evidence.restore_item(snapshot),
                     on_done=created, on_error=lambda exc: dialog.show_error(user_message(exc)))

        dialog.submitted.connect(save)
        dialog.open()
        return dialog

    # --- allegations -----------------------------------------------------------------------------------------
    def link_item(self, item: ItemNode) -> None:
        item_id, label = item.id, item.label
        self.load(lambda s: s.evidence.allegation_links(item_id), lambda links: self._show_links(item_id, label, links))

    def _show_links(self, item_id: int, label: str, links: tuple[AllegationLink, ...]) -> None:
        dialog = AllegationLinksDialog(label, links, self.widget)
        self._replace(dialog)
        self.links_dialog = dialog
        before = tuple(sorted(link.id for link in links if link.linked))

        def save(ids: list[int]) -> None:
            after = tuple(sorted(ids))
            if after == before:
                dialog.accept()
                return
            self.bench.push(f"Link {label} to allegations",
                            redo=lambda s: s.evidence.link_allegations(item_id, after),
                            undo=lambda s: s.evidence.link_allegations(item_id, before),
                            on_done=lambda _ch: dialog.accept(),
                            on_error=lambda exc: dialog.show_error(user_message(exc)))

        dialog.submitted.connect(save)
        dialog.open()
