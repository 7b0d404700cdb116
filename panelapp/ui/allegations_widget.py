"""AllegationsWidget: per officer, the allegations (number, particulars, Standards, alleged level, the date
each came to attention, incident), the selected one in full with the Standards' titles and descriptions,
and an editor for each (`AllegationDialog`).

Keyboard: Alt+F chooses the officer; in the list Insert adds, Enter or F2 edits, Delete removes,
Ctrl+Up / Ctrl+Down move an allegation up or down (renumbering the two). Every edit is undoable.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.allegation_records import AllegationRecord, standards
from panelapp.domain.changes import Area, Changes
from panelapp.domain.people_records import OfficerRecord
from panelapp.ui.allegation_dialogs import PARAPHRASE_NOTE, AllegationDialog
from panelapp.ui.ops import user_message
from panelapp.ui.people_dialogs import FormDialog
from panelapp.ui.people_models import AllegationTableModel, day
from panelapp.ui.people_undo import push_add, push_remove
from panelapp.ui.people_widget import add_table_actions, button, fit_columns, make_table, select_id, selected_id
from panelapp.ui.workbench import AreaWidget, Workbench

if TYPE_CHECKING:  # the services load on the database thread when a store opens
    from panelapp.services.panel_services import PanelServices


def allegation_html(a: AllegationRecord) -> str:
    """The allegation in full, for the detail pane."""
    d = a.details
    by_number = {s.number: s for s in standards()}
    rows = "".join(
        f"<li><b>{n} {html.escape(by_number[n].title)}</b> — {html.escape(by_number[n].description)}</li>"
        for n in d.standards if n in by_number) or "<li>none recorded</li>"
    facts = [f"<b>Alleged level:</b> {html.escape(d.alleged_level.label)}",
             f"<b>Came to attention:</b> {day(d.came_to_attention_on) or 'not recorded (needed to decide the rules)'}"]
    if d.related_to_earlier_on:
        facts.append(f"<b>Relates to an earlier allegation of</b> {day(d.related_to_earlier_on)}")
    facts.append(f"<b>Incident:</b> {html.escape(d.incident) if d.incident else 'not grouped'}")
    facts.append(f"<b>Evidence linked:</b> {a.evidence_links or 'none'}"
                 + (" · <b>finding recorded</b>" if a.has_finding else ""))
    particulars = html.escape(d.particulars).replace("\n", "<br>")
    return (f"<h3>Allegation {a.number}</h3><p>{particulars}</p><p>{'<br>'.join(facts)}</p>"
            f"<p><b>Standards said to be breached:</b></p><ul>{rows}</ul>"
            f'<p><small style="color:#5f6368">{html.escape(PARAPHRASE_NOTE)}</small></p>')


class AllegationsWidget(AreaWidget):
    """The allegations of one officer at a time, with a full view of the selected one."""

    areas = frozenset({Area.ALLEGATIONS, Area.PEOPLE})

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        self.officers: list[OfficerRecord] = []
        self.allegations: list[AllegationRecord] = []  # every allegation of the case
        self.dialog: FormDialog | None = None
        self._want_officer: int | None = None
        self._want_allegation: int | None = None

        self.officer_combo = QComboBox()
        self.officer_combo.setAccessibleName("Officer")
        self.officer_combo.setMinimumContentsLength(30)
        self.officer_combo.currentIndexChanged.connect(self._on_officer_combo_current_index_changed)
        officer_label = QLabel("Officer:")
        officer_label.setBuddy(self.officer_combo)
        self.message = QLabel()
        self.message.setObjectName("allegationsMessage")
        self.message.setAccessibleName("Allegations: message")
        self.message.setWordWrap(True)

        self.model = AllegationTableModel(self)
        self.table = make_table("Allegations", self.model)
        self.table.horizontalHeader().setStretchLastSection(False)
        add_table_actions(self.table, self.add_allegation, self.edit_allegation, self.remove_allegation)
        for text, key, step in (("Move up", "Ctrl+Up", -1), ("Move down", "Ctrl+Down", 1)):
            action = QAction(text, self.table)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _checked=False, st=step: self.move_allegation(st))
            self.table.addAction(action)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

        self.add_button = button("A&dd allegation…", "Add an allegation against this officer (Insert)",
                                 self.add_allegation)
        self.edit_button = button("Edit allegation…", "Edit the selected allegation (Enter or F2)",
                                  self.edit_allegation)
        self.remove_button = button("Remove allegation", "Remove the selected allegation with its finding and "
                                    "evidence links (Delete; undo with Ctrl+Z)", self.remove_allegation)
        self.up_button = button("Move up", "Swap with the allegation above (Ctrl+Up)",
                                lambda: self.move_allegation(-1))
        self.down_button = button("Move down", "Swap with the allegation below (Ctrl+Down)",
                                  lambda: self.move_allegation(1))
        self.renumber_button = button("Renumber 1…n", "Number the allegations 1, 2, 3… in their order, closing "
                                      "gaps left by removals", self.renumber)
        self.detail = QTextBrowser()
        self.detail.setObjectName("allegationDetail")
        self.detail.setAccessibleName("Selected allegation")
        self.detail.setOpenLinks(False)

        top = QHBoxLayout()
        top.addWidget(officer_label)
        top.addWidget(self.officer_combo)
        top.addStretch(1)
        buttons = QVBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button, self.up_button, self.down_button,
                  self.renumber_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        upper = QWidget()
        row = QHBoxLayout(upper)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.table, 1)
        row.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([320, 380])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.table)
        self.clear()

    # --- loading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        case_id = self.bench.case_id
        if case_id is None:
            self.clear()
            return
        if self._want_officer is None:
            self._want_officer = self.current_officer_id()
        if self._want_allegation is None:
            self._want_allegation = selected_id(self.table)

        def load(s: PanelServices) -> tuple[tuple[OfficerRecord, ...], tuple[AllegationRecord, ...]]:
            return s.people.officers(case_id), s.allegations.for_case(case_id)

        self.bench.ops.run_query(load, lambda result: self._on_loaded(case_id, *result),
                                 lambda exc: self._show_message(user_message(exc)))

    def _on_loaded(self, case_id: int, officers: tuple[OfficerRecord, ...],
                   allegations: tuple[AllegationRecord, ...]) -> None:
        if case_id != self.bench.case_id:
            return
        want_officer, self._want_officer = self._want_officer, None
        self.officers, self.allegations = list(officers), list(allegations)
        self.officer_combo.blockSignals(True)
        self.officer_combo.clear()
        for o in officers:
            self.officer_combo.addItem(o.label, o.id)
        index = self.officer_combo.findData(want_officer)
        self.officer_combo.setCurrentIndex(index if index >= 0 else (0 if officers else -1))
        self.officer_combo.blockSignals(False)
        self.officer_combo.setEnabled(bool(officers))
        self._show_message("" if officers else "No officer recorded yet: add the officer concerned in People "
                                               "(Ctrl+2) first.")
        self._show_officer()

    def clear(self) -> None:
        self.officers, self.allegations = [], []
        self._want_officer = self._want_allegation = None
        self.officer_combo.clear()
        self.model.clear()
        self.detail.clear()
        self._show_message("")
        if self.dialog is not None:
            self.dialog.abandon()  # a lock forgets what was being typed: nothing of the case stays on screen
        self._update_buttons()

    def view_state(self) -> dict[str, object]:
        return {"officer": self.current_officer_id(), "allegation": selected_id(self.table)}

    def restore_view_state(self, state: dict[str, object]) -> None:
        officer, allegation = state.get("officer"), state.get("allegation")
        self._want_officer = officer if isinstance(officer, int) else None
        self._want_allegation = allegation if isinstance(allegation, int) else None

    # --- showing ------------------------------------------------------------------------------------
    def current_officer_id(self) -> int | None:
        data = self.officer_combo.currentData()
        return int(data) if data is not None else None

    def officer_allegations(self) -> list[AllegationRecord]:
        officer_id = self.current_officer_id()
        return [a for a in self.allegations if a.officer_id == officer_id]

    def current_allegation(self) -> AllegationRecord | None:
        allegation_id = selected_id(self.table)
        return next((a for a in self.allegations if a.id == allegation_id), None)

    def _on_officer_combo_current_index_changed(self, _index: int) -> None:
        self._want_allegation = None
        self._show_officer()

    def _show_officer(self) -> None:
        want, self._want_allegation = self._want_allegation, None
        self.model.set_rows(self.officer_allegations())
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        fit_columns(self.table, widest=280, share=0.45)  # the particulars keep at least 45 % of the width
        select_id(self.table, want)
        self._show_allegation()

    def _on_table_selection_changed(self, *_: object) -> None:
        self._show_allegation()

    def _show_allegation(self) -> None:
        a = self.current_allegation()
        if a is None:
            self.detail.setHtml("<p>No allegation recorded for this officer yet: add one (Insert).</p>"
                                if self.current_officer_id() is not None else "")
        else:
            self.detail.setHtml(allegation_html(a))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_officer = self.current_officer_id() is not None
        a = self.current_allegation()
        rows = self.model.rowCount()
        row = self.model.row_of(a.id) if a else -1
        numbered = [r.number for r in self.model.records] == list(range(1, rows + 1))
        for b, on in ((self.add_button, has_officer), (self.edit_button, a is not None),
                      (self.remove_button, a is not None), (self.up_button, row > 0),
                      (self.down_button, 0 <= row < rows - 1), (self.renumber_button, rows > 0 and not numbered)):
            b.setEnabled(on)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        if text and self.bench.case_id is not None and self.officers:
            self.bench.show_status(text)

    # --- editing ------------------------------------------------------------------------------------
    def _open(self, dialog: FormDialog, submit: Callable[[Any, FormDialog], None]) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog
        dialog.submitted.connect(lambda details: submit(details, dialog))
        dialog.finished.connect(lambda _r: self._on_dialog_finished(dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _done(self, dialog: FormDialog, status: str) -> Callable[[Changes], None]:
        officer_id = self.current_officer_id()

        def done(changes: Changes) -> None:
            self._want_officer = officer_id
            if isinstance(changes.value, int):
                self._want_allegation = changes.value
            dialog.finish()
            self.bench.show_status(status)
        return done

    def _incidents(self) -> list[str]:
        return [a.details.incident for a in self.allegations if a.details.incident]

    def add_allegation(self) -> None:
        officer_id = self.current_officer_id()
        if officer_id is None:
            return

        def submit(details: Any, dialog: FormDialog) -> None:
            push_add(self.bench, "Add allegation", lambda s: s.allegations.add(officer_id, details),
                     lambda s, i: s.allegations.remove(i), lambda s, r: s.allegations.restore(r),
                     on_done=self._done(dialog, "Allegation added. Ctrl+Z undoes it."),
                     on_error=lambda exc: dialog.show_error(user_message(exc)))
        self._open(AllegationDialog(parent=self, incidents=self._incidents()), submit)

    def edit_allegation(self) -> None:
        a = self.current_allegation()
        if a is None:
            return
        allegation_id, before = a.id, a.details

        def submit(details: Any, dialog: FormDialog) -> None:
            self.bench.push(f"Edit allegation {a.number}", lambda s: s.allegations.update(allegation_id, details),
                            lambda s: s.allegations.update(allegation_id, before),
                            on_done=self._done(dialog, "Allegation saved."),
                            on_error=lambda exc: dialog.show_error(user_message(exc)))
        self._open(AllegationDialog(before, self, title=f"Edit allegation {a.number}", incidents=self._incidents()),
                   submit)

    def remove_allegation(self) -> None:
        a = self.current_allegation()
        if a is None:
            return
        allegation_id = a.id
        self._want_officer = a.officer_id
        push_remove(self.bench, f"Remove allegation {a.number}", lambda s: s.allegations.remove(allegation_id),
                    lambda s, r: s.allegations.restore(r),
                    on_done=lambda _c: self.bench.show_status("Allegation removed. Ctrl+Z puts it back."))

    def _renumber(self, text: str, numbers: dict[int, int], keep: int | None) -> None:
        officer_id = self.current_officer_id()
        if officer_id is None:
            return
        before = {a.id: a.number for a in self.officer_allegations()}
        self._want_officer, self._want_allegation = officer_id, keep
        self.bench.push(text, lambda s: s.allegations.renumber(officer_id, numbers),
                        lambda s: s.allegations.renumber(officer_id, before))

    def move_allegation(self, step: int) -> None:
        """Swap the selected allegation's number with its neighbour's (step -1: up, 1: down)."""
        a, rows = self.current_allegation(), self.model.records
        if a is None:
            return
        i = self.model.row_of(a.id)
        j = i + step
        if not 0 <= j < len(rows):
            return
        numbers = {r.id: r.number for r in rows}
        numbers[a.id], numbers[rows[j].id] = rows[j].number, a.number
        self._renumber(f"Move allegation {a.number} {'up' if step < 0 else 'down'}", numbers, a.id)

    def renumber(self) -> None:
        rows = self.model.records
        if rows:
            self._renumber("Renumber allegations", {r.id: n for n, r in enumerate(rows, start=1)},
                           selected_id(self.table))
