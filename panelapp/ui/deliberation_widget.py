"""Deliberation: each member's private notes and votes, and the legally qualified person's advice log.

Notes and votes are private: never exported, never printed, never part of a decision version (the screen
says so plainly). The advice log is not private: the outcome notice states the advice and whether the
panel followed it. Every change is undoable. While a decision of the case is final, deliberation is
closed too (reopen the decision on the Outcome tab).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.changes import Area, Changes
from panelapp.domain.deliberation_records import CASE_AS_A_WHOLE, PRIVATE_LABEL, AdviceDetails, DeliberationRecord
from panelapp.ui.deliberation_dialogs import AdviceDialog
from panelapp.ui.deliberation_models import AdviceTableModel, NoteTableModel, VoteTableModel
from panelapp.ui.ops import user_message
from panelapp.ui.workbench import AreaWidget, Workbench

if TYPE_CHECKING:
    from panelapp.services.panel_services import PanelServices

_NO_VOTE = "— no vote —"


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setTabKeyNavigation(False)
    view.setWordWrap(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class DeliberationWidget(AreaWidget):
    """Private notes and votes per member; the adviser's advice log."""

    areas = frozenset({Area.DECISION, Area.PEOPLE, Area.ALLEGATIONS})

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        self.record: DeliberationRecord | None = None
        self._member_id: int | None = None
        self._request = 0
        self.dialog: AdviceDialog | None = None

        self.private_label = QLabel(f"<b>{PRIVATE_LABEL}.</b> Members' notes and votes stay in this store: "
                                    "no export, notice, bundle or decision version contains them.")
        self.private_label.setObjectName("privateLabel")
        self.private_label.setWordWrap(True)
        self.private_label.setStyleSheet("background: #fff4d6; border: 1px solid #c9a227; padding: 6px;")
        self.closed_label = QLabel()
        self.closed_label.setWordWrap(True)

        self.member_combo = QComboBox()
        self.member_combo.setAccessibleName("Panel member")
        self.member_combo.activated.connect(self._on_member_combo_activated)
        member_label = QLabel("Panel &member:")
        member_label.setBuddy(self.member_combo)
        self.note_model = NoteTableModel(self)
        self.note_view = _table("Private notes of the member")
        self.note_view.setModel(self.note_model)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName("New private note")
        self.note_edit.setPlaceholderText("A private note (Ctrl+Enter adds it)")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(80)
        self.note_subject_combo = QComboBox()
        self.note_subject_combo.setAccessibleName("What the new note is about")
        self.note_subject_combo.setToolTip("A note may be about one allegation, an officer's outcome, or the case "
                                           "as a whole")
        self.add_note_button = QPushButton("Add &note")
        self.add_note_button.clicked.connect(self.add_note)
        QShortcut(QKeySequence("Ctrl+Return"), self.note_edit, self.add_note)
        self.remove_note_button = QPushButton("Remove note")
        self.remove_note_button.clicked.connect(self.remove_note)
        self.vote_form = QFormLayout()
        self.vote_combos: dict[str, QComboBox] = {}
        self.vote_note = QLabel()
        self.vote_note.setWordWrap(True)
        self.vote_model = VoteTableModel(self)
        self.vote_view = _table("Votes of every member")
        self.vote_view.setModel(self.vote_model)

        private_box = QGroupBox("Private notes and votes")
        p = QVBoxLayout(private_box)
        p.addWidget(self.private_label)
        row = QHBoxLayout()
        row.addWidget(member_label)
        row.addWidget(self.member_combo, 1)
        p.addLayout(row)
        p.addWidget(QLabel("<b>Notes</b>"))
        p.addWidget(self.note_view, 1)
        about = QHBoxLayout()
        about_label = QLabel("&Written about:")
        about_label.setBuddy(self.note_subject_combo)
        about.addWidget(about_label)
        about.addWidget(self.note_subject_combo, 1)
        p.addLayout(about)
        p.addWidget(self.note_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_note_button)
        buttons.addWidget(self.remove_note_button)
        buttons.addStretch(1)
        p.addLayout(buttons)
        p.addWidget(QLabel("<b>This member's votes</b> (findings by allegation, and the outcome)"))
        p.addWidget(self.vote_note)
        p.addLayout(self.vote_form)
        p.addWidget(QLabel("<b>All votes</b> (never printed: the decision is the panel's)"))
        p.addWidget(self.vote_view, 1)

        self.advice_model = AdviceTableModel(self)
        self.advice_view = _table("Advice of the legally qualified person")
        self.advice_view.setModel(self.advice_model)
        for column, width in enumerate((90, 100, 240, 90)):
            self.advice_view.setColumnWidth(column, width)
        self.advice_view.doubleClicked.connect(lambda _index: self.edit_advice())
        self.add_advice_button = QPushButton("New ad&vice…")
        self.add_advice_button.clicked.connect(self.add_advice)
        self.edit_advice_button = QPushButton("E&dit…")
        self.edit_advice_button.clicked.connect(self.edit_advice)
        self.remove_advice_button = QPushButton("Remove")
        self.remove_advice_button.clicked.connect(self.remove_advice)
        advice_box = QGroupBox("The legal adviser's advice log")
        a = QVBoxLayout(advice_box)
        advice_note = QLabel("Not private: the panel must have regard to the advice, and the outcome notice "
                             "states it and whether it was followed (and if not, why).")
        advice_note.setWordWrap(True)
        a.addWidget(advice_note)
        a.addWidget(self.advice_view, 1)
        advice_buttons = QHBoxLayout()
        for button in (self.add_advice_button, self.edit_advice_button, self.remove_advice_button):
            advice_buttons.addWidget(button)
        advice_buttons.addStretch(1)
        a.addLayout(advice_buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(private_box)
        splitter.addWidget(advice_box)
        splitter.setSizes([520, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.closed_label)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.member_combo)
        self._apply(None)

    # --- loading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        case_id = self.bench.case_id
        if case_id is None:
            self.clear()
            return
        self._request += 1
        request = self._request

        def loaded(record: DeliberationRecord) -> None:
            if request == self._request and self.bench.case_id == case_id:
                self._apply(record)

        self.bench.ops.run_query(lambda s: s.decisions.deliberation(case_id), loaded,
                                 lambda exc: self.bench.show_status(user_message(exc)))

    def _apply(self, record: DeliberationRecord | None) -> None:
        self.record = record
        open_ = record is not None and not record.final
        self.closed_label.setText("A decision of this case is final: deliberation is closed until it is reopened "
                                  "(Outcome tab)." if record is not None and record.final else "")
        self.closed_label.setVisible(bool(record and record.final))
        members = record.members if record else ()
        if self._member_id not in [m.id for m in members]:
            self._member_id = members[0].id if members else None
        self.member_combo.clear()
        for m in members:
            self.member_combo.addItem(m.label, m.id)
        self.member_combo.setCurrentIndex(max(0, self.member_combo.findData(self._member_id)))
        self.note_model.set_record(record, self._member_id)
        self._fill_note_subjects(record)
        self._build_votes(record, open_)
        self.vote_model.set_record(record)
        self.advice_model.set_rows(record.advice if record else [])
        for widget in (self.note_edit, self.note_subject_combo, self.add_note_button, self.remove_note_button,
                       self.add_advice_button,
                       self.edit_advice_button, self.remove_advice_button):
            widget.setEnabled(open_)
        if record is not None and not members:
            self.vote_note.setText("Add the panel on the People tab first.")
        self.vote_note.setVisible(bool(self.vote_note.text()))

    def _fill_note_subjects(self, record: DeliberationRecord | None) -> None:
        """The note's subject: the case as a whole, or one of the things voted on; the choice is kept."""
        keep = self.note_subject_combo.currentData()
        self.note_subject_combo.clear()
        self.note_subject_combo.addItem(CASE_AS_A_WHOLE, "")
        for subject in record.subjects if record else ():
            self.note_subject_combo.addItem(subject.label, subject.key)
        self.note_subject_combo.setCurrentIndex(max(0, self.note_subject_combo.findData(keep)))

    def _build_votes(self, record: DeliberationRecord | None, open_: bool) -> None:
        while self.vote_form.rowCount():
            self.vote_form.removeRow(0)
        self.vote_combos = {}
        member = record.member(self._member_id) if record else None
        if record is None or member is None:
            self.vote_note.setText("")
            return
        if not member.votes:
            self.vote_note.setText("The legally qualified person advises; only the panel's members vote.")
            return
        self.vote_note.setText("")
        for subject in record.subjects:
            combo = QComboBox()
            combo.setAccessibleName(f"Vote on {subject.label}")
            combo.addItem(_NO_VOTE, None)
            for value, label in subject.choices:
                combo.addItem(label, value)
            vote = record.vote(member.id, subject.key)
            combo.setCurrentIndex(max(0, combo.findData(vote.choice if vote else None)))
            combo.setEnabled(open_)
            combo.activated.connect(lambda _i, key=subject.key, combo=combo: self._on_vote_activated(key, combo))
            self.vote_form.addRow(f"{subject.label}:", combo)
            self.vote_combos[subject.key] = combo

    def clear(self) -> None:
        self._request += 1
        self.note_edit.clear()
        self._apply(None)

    def view_state(self) -> dict[str, object]:
        return {"member_id": self._member_id}

    def restore_view_state(self, state: dict[str, object]) -> None:
        member = state.get("member_id")
        self._member_id = member if isinstance(member, int) else None
        self.refresh()

    def handles_field(self, key: str) -> bool:
        return key == "advice"

    def focus_field(self, key: str) -> None:
        (self.add_advice_button if self.advice_model.rowCount() == 0 else self.advice_view).setFocus()

    def _on_member_combo_activated(self, index: int) -> None:
        self._member_id = self.member_combo.itemData(index)
        self._apply(self.record)

    # --- writes -------------------------------------------------------------------------------------
    def _push(self, text: str, redo: Callable[[Any], Changes], undo: Callable[[Any], Changes] | None = None,
              undo_from: Callable[[Changes], Callable[[Any], Changes]] | None = None) -> None:
        self.bench.push(text, redo, undo, undo_from=undo_from,
                        on_error=lambda exc: self.bench.show_status(user_message(exc)))

    def add_note(self) -> None:
        member, text = self._member_id, self.note_edit.toPlainText().strip()
        subject = self.note_subject_combo.currentData() or ""
        if member is None or not text or self.record is None or self.record.final:
            return
        self.note_edit.clear()
        self._push("Add a private note", lambda s: s.decisions.add_note(member, text, subject),
                   undo_from=lambda ch: lambda s: s.decisions.remove_note(ch.value))

    def remove_note(self) -> None:
        index = self.note_view.currentIndex()
        if not index.isValid():
            return
        note = self.note_model.row(index.row())
        member, text, subject = note.member_id, note.text, note.subject
        if member is None:
            return
        holder: dict[str, int] = {"id": note.id}

        def redo(s: PanelServices) -> Changes:
            return s.decisions.remove_note(holder["id"])

        def undo(s: PanelServices) -> Changes:
            changes = s.decisions.add_note(member, text, subject)
            holder["id"] = changes.value  # put back under a new id: the next redo removes that one
            return changes

        self._push("Remove a private note", redo, undo)

    def _on_vote_activated(self, subject: str, combo: QComboBox) -> None:
        member, record = self._member_id, self.record
        if member is None or record is None:
            return
        before_vote = record.vote(member, subject)
        before, after = (before_vote.choice if before_vote else None), combo.currentData()
        if after != before:
            self._push("Record a vote", lambda s: s.decisions.set_vote(member, subject, after),
                       lambda s: s.decisions.set_vote(member, subject, before))

    def _selected_advice(self) -> tuple[int, AdviceDetails] | None:
        index = self.advice_view.currentIndex()
        if not index.isValid():
            return None
        row = self.advice_model.row(index.row())
        return row.id, row.details

    def add_advice(self) -> AdviceDialog | None:
        record = self.record
        if record is None or record.final:
            return None
        case_id = record.case_id
        dialog = AdviceDialog(None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            details = dialog.details()
            self._push("Record the adviser's advice", lambda s: s.decisions.add_advice(case_id, details),
                       undo_from=lambda ch: lambda s: s.decisions.remove_advice(ch.value))

        dialog.accepted.connect(accepted)
        self.dialog = dialog
        dialog.open()
        return dialog

    def edit_advice(self) -> AdviceDialog | None:
        selected = self._selected_advice()
        if selected is None or self.record is None or self.record.final:
            return None
        advice_id, before = selected
        dialog = AdviceDialog(before, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            after = dialog.details()
            if after != before:
                self._push("Edit the adviser's advice", lambda s: s.decisions.update_advice(advice_id, after),
                           lambda s: s.decisions.update_advice(advice_id, before))

        dialog.accepted.connect(accepted)
        self.dialog = dialog
        dialog.open()
        return dialog

    def remove_advice(self) -> None:
        selected = self._selected_advice()
        if selected is None or self.record is None:
            return
        holder, details, case_id = {"id": selected[0]}, selected[1], self.record.case_id

        def redo(s: PanelServices) -> Changes:
            return s.decisions.remove_advice(holder["id"])

        def undo(s: PanelServices) -> Changes:
            changes = s.decisions.add_advice(case_id, details)
            holder["id"] = changes.value
            return changes

        self._push("Remove the adviser's advice", redo, undo)
