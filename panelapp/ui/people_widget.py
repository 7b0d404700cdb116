"""PeopleWidget: the officers concerned (rank, warnings with expiry and whether in force, representative) and
the panel by role, with what a valid panel for this case still lacks according to the rules engine.

Keyboard: Alt+F officers, Alt+N warnings, Alt+L panel; in each table Insert adds, Enter or F2 edits, Delete
removes. Every edit is undoable (Ctrl+Z / Ctrl+Shift+Z) from any view.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.changes import Area, Changes
from panelapp.domain.citation_text import shown_source
from panelapp.domain.people_records import OfficerRecord, PanelView
from panelapp.ui.column_fit import ColumnFitter
from panelapp.ui.ops import user_message
from panelapp.ui.people_dialogs import FormDialog, OfficerDialog, PanelMemberDialog, WarningDialog
from panelapp.ui.people_models import (
    OfficerTableModel,
    PanelTableModel,
    RecordTableModel,
    WarningTableModel,
    day,
)
from panelapp.ui.people_undo import push_add, push_remove
from panelapp.ui.workbench import AreaWidget, Workbench

if TYPE_CHECKING:  # the services load on the database thread when a store opens
    from panelapp.services.panel_services import PanelServices

NEEDS_STYLE = "QTextBrowser#panelNeeds { border: 2px solid %s; background: %s; padding: 4px; }"
NEEDS_COLOURS = {"needs": ("#b3261e", "#fdf3f2"), "complete": ("#1e6b34", "#f1f8f3"), "none": ("#9aa0a6", "#ffffff")}


def make_table(name: str, model: RecordTableModel[Any]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setObjectName(name.replace(" ", "_"))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table: the buttons follow it
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def fit_columns(view: QTableView, widest: int = 260, share: float = 0.3) -> None:
    """Columns as wide as their text, none wider than `widest`, all within the table's width (see
    `column_fit`: the widest are cut, their text elided, the tooltip whole)."""
    ColumnFitter.of(view, widest, share).fit()


def add_table_actions(view: QTableView, add: Callable[[], None], edit: Callable[[], None],
                      remove: Callable[[], None]) -> tuple[QAction, QAction, QAction]:
    """Insert / Enter, F2 / Delete on the table itself; Enter also on a double click."""
    actions = []
    for text, keys, slot in (("Add", [QKeySequence(Qt.Key.Key_Insert)], add),
                             ("Edit", [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter),
                                       QKeySequence(Qt.Key.Key_F2)], edit),
                             ("Remove", [QKeySequence(QKeySequence.StandardKey.Delete)], remove)):
        action = QAction(text, view)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _checked=False, f=slot: f())
        view.addAction(action)
        actions.append(action)
    view.doubleClicked.connect(lambda _index: edit())
    return actions[0], actions[1], actions[2]


def button(text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
    b = QPushButton(text)
    b.setToolTip(tip)
    b.setAccessibleName(text.replace("&", "").rstrip("…"))
    b.clicked.connect(lambda _checked=False: slot())
    return b


def selected_id(view: QTableView) -> int | None:
    index = view.currentIndex()
    if not index.isValid() or not view.selectionModel().isRowSelected(index.row(), index.parent()):
        return None
    model: RecordTableModel[Any] = view.model()  # type: ignore[assignment]
    return int(model.record(index.row()).id)


def select_id(view: QTableView, record_id: int | None) -> None:
    model: RecordTableModel[Any] = view.model()  # type: ignore[assignment]
    row = model.row_of(record_id)
    if row < 0 and model.rowCount() > 0:
        row = 0
    if row >= 0:
        view.selectRow(row)
        view.setCurrentIndex(model.index(row, 0))


def needs_html(view: PanelView) -> tuple[str, str]:
    """The "still needs" box as rich text, and its state ("needs", "complete")."""
    def cite(source: str, verified: bool) -> str:
        flag = "" if verified else ' <b>[unverified: check the regulation]</b>'
        return f'<br><small style="color:#5f6368">Rule: {html.escape(shown_source(source))}</small>{flag}'

    rule_set = view.rule_set.label if view.rule_set else "not decided yet"
    head = (f"<b>Panel rules:</b> {html.escape(rule_set)} — {html.escape(view.rule_set_why)}"
            + cite(view.rule_set_source, view.rule_set_verified))
    needs = view.still_needs
    extras = [g for g in view.gaps if g.kind == "extra"]
    if not view.gaps:
        return (f"<p><b>This panel is complete</b> (officer category: "
                f"{html.escape(view.officer_category.label.lower())}).{cite(view.roles_source, view.roles_verified)}"
                f"</p>{head}", "complete")
    parts = []
    if needs:
        items = "".join(f"<li>{html.escape(g.text)}</li>" for g in needs)
        parts.append(f"<p><b>This panel still needs:</b></p><ul>{items}</ul>"
                     + cite(needs[0].source, needs[0].verified))
    if extras:
        items = "".join(f"<li>{html.escape(g.text)}</li>" for g in extras)
        parts.append(f"<p><b>Not needed by the rules:</b></p><ul>{items}</ul>")
    parts.append(f"<p>{head}</p>")
    return "".join(parts), "needs"


def needs_text(view: PanelView) -> str:
    """The same as plain text (accessible description, status line)."""
    if not view.gaps:
        return "This panel is complete."
    needs = "; ".join(g.text for g in view.still_needs)
    extras = "; ".join(g.text for g in view.gaps if g.kind == "extra")
    return " ".join(p for p in (f"This panel still needs: {needs}." if needs else "",
                                f"Not needed by the rules: {extras}." if extras else "") if p)


class PeopleWidget(AreaWidget):
    """Officers with their warnings and representative; the panel by role and what it still lacks."""

    areas = frozenset({Area.PEOPLE, Area.CASE, Area.ALLEGATIONS})

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        self.officers: list[OfficerRecord] = []
        self.panel_view: PanelView | None = None
        self.dialog: FormDialog | None = None  # the open dialog, if any (tests drive it)
        self._want: dict[str, int | None] = {}  # ids to select after the next load
        self._want_warning: int | None = None
        self.confirm_box: QMessageBox | None = None

        self.officer_model = OfficerTableModel(self)
        self.warning_model = WarningTableModel(self)
        self.panel_model = PanelTableModel(self)
        self.officer_table = make_table("Officers", self.officer_model)
        self.warning_table = make_table("Warnings", self.warning_model)
        self.panel_table = make_table("Panel members", self.panel_model)
        add_table_actions(self.officer_table, self.add_officer, self.edit_officer, self.remove_officer)
        add_table_actions(self.warning_table, self.add_warning, self.edit_warning, self.remove_warning)
        add_table_actions(self.panel_table, self.add_member, self.edit_member, self.remove_member)
        self.officer_table.selectionModel().currentRowChanged.connect(self._on_officer_table_current_changed)
        for view in (self.warning_table, self.panel_table):
            view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.add_officer_button = button("A&dd officer…", "Add an officer concerned (Insert)", self.add_officer)
        self.edit_officer_button = button("Edit officer…", "Edit the selected officer (Enter or F2)",
                                          self.edit_officer)
        self.remove_officer_button = button("Remove officer", "Remove the selected officer and everything "
                                            "recorded about them (Delete; undo with Ctrl+Z)", self.remove_officer)
        self.officer_details = QLabel()
        self.officer_details.setObjectName("officerDetails")
        self.officer_details.setWordWrap(True)
        self.officer_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.officer_details.setAccessibleName("Selected officer")
        officers_box = self._group("Officers concerned", self.officer_table,
                                   [self.add_officer_button, self.edit_officer_button, self.remove_officer_button],
                                   below=self.officer_details)

        self.add_warning_button = button("Add &warning…", "Record a written or final written warning (Insert)",
                                         self.add_warning)
        self.edit_warning_button = button("Edit warning…", "Edit the selected warning (Enter or F2)",
                                          self.edit_warning)
        self.remove_warning_button = button("Remove warning", "Remove the selected warning (Delete)",
                                            self.remove_warning)
        self.warnings_box = self._group("War&nings", self.warning_table,
                                        [self.add_warning_button, self.edit_warning_button,
                                         self.remove_warning_button])

        self.add_member_button = button("Add panel &member…", "Add a panel member (Insert)", self.add_member)
        self.edit_member_button = button("Edit member…", "Edit the selected member (Enter or F2)", self.edit_member)
        self.remove_member_button = button("Remove member", "Remove the selected member (Delete)",
                                           self.remove_member)
        self.needs_label = QTextBrowser()  # read-only, scrolls, reachable by Tab for screen readers
        self.needs_label.setObjectName("panelNeeds")
        self.needs_label.setOpenLinks(False)
        self.needs_label.setAccessibleName("What the panel still needs")
        self.needs_label.setMinimumWidth(300)
        panel_box = self._group("Panel", self.panel_table,
                                [self.add_member_button, self.edit_member_button, self.remove_member_button],
                                beside=self.needs_label)

        self.message = QLabel()
        self.message.setObjectName("peopleMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("People: message")
        self.message.hide()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        for box in (officers_box, self.warnings_box, panel_box):
            self.splitter.addWidget(box)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([220, 180, 320])
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.officer_table)
        self._set_needs(None)
        self._update_buttons()

    # --- layout -------------------------------------------------------------------------------------
    def _group(self, title: str, table: QTableView, buttons: list[QPushButton], *,
               below: QWidget | None = None, beside: QWidget | None = None) -> QGroupBox:
        box = QGroupBox(title)
        box.setAccessibleName(title.replace("&", ""))
        column = QVBoxLayout()
        for b in buttons:
            column.addWidget(b)
        column.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(table, 3)
        row.addLayout(column)
        if beside is not None:
            row.addWidget(beside, 2)
        outer = QVBoxLayout(box)
        outer.addLayout(row, 1)
        if below is not None:
            outer.addWidget(below)
        box.setFocusProxy(table)
        return box

    # --- loading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        case_id = self.bench.case_id
        if case_id is None:
            self.clear()
            return
        self._remember_selection()

        def load(s: PanelServices) -> tuple[tuple[OfficerRecord, ...], PanelView]:
            return s.people.officers(case_id), s.people.panel(case_id)

        self.bench.ops.run_query(load, lambda result: self._on_loaded(case_id, *result),
                                 lambda exc: self._show_message(user_message(exc)))

    def _remember_selection(self) -> None:
        for key, view in (("officer", self.officer_table), ("warning", self.warning_table),
                          ("member", self.panel_table)):
            self._want.setdefault(key, selected_id(view))

    def _on_loaded(self, case_id: int, officers: tuple[OfficerRecord, ...], panel: PanelView) -> None:
        if case_id != self.bench.case_id:
            return  # the user moved to another case meanwhile
        want, self._want = self._want, {}
        self.message.hide()
        self.officers = list(officers)
        self.panel_view = panel
        self.officer_model.set_rows(officers)
        fit_columns(self.officer_table)
        self._want_warning = want.get("warning")
        select_id(self.officer_table, want.get("officer"))
        self._show_officer()
        self.panel_model.set_panel(panel)
        fit_columns(self.panel_table)
        select_id(self.panel_table, want.get("member"))
        self._set_needs(panel)
        self._update_buttons()

    def clear(self) -> None:
        self._want = {}
        self.officers = []
        self.panel_view = None
        self.officer_model.clear()
        self.warning_model.clear()
        self.panel_model.set_panel(None)
        self.officer_details.clear()
        self._set_needs(None)
        self.message.hide()
        if self.dialog is not None:
            self.dialog.abandon()  # a lock forgets what was being typed: nothing of the case stays on screen
        if self.confirm_box is not None:
            self.confirm_box.reject()
        self._update_buttons()

    def view_state(self) -> dict[str, object]:
        return {"officer": selected_id(self.officer_table), "warning": selected_id(self.warning_table),
                "member": selected_id(self.panel_table)}

    def restore_view_state(self, state: dict[str, object]) -> None:
        self._want = {k: v for k, v in state.items() if isinstance(v, int)}

    # --- showing ------------------------------------------------------------------------------------
    def current_officer(self) -> OfficerRecord | None:
        officer_id = selected_id(self.officer_table)
        return next((o for o in self.officers if o.id == officer_id), None)

    def _on_officer_table_current_changed(self, *_: object) -> None:
        self._want_warning = selected_id(self.warning_table)
        self._show_officer()
        self._update_buttons()

    def _show_officer(self) -> None:
        officer = self.current_officer()
        self.warning_model.set_rows(officer.warnings if officer else [])
        fit_columns(self.warning_table)
        select_id(self.warning_table, self._want_warning)
        if officer is None:
            self.warnings_box.setTitle("War&nings")
            self.officer_details.setText("No officer recorded yet: add the officer concerned (Insert)."
                                         if self.bench.case_id is not None else "")
            return
        d = officer.details
        self.warnings_box.setTitle(f"War&nings — {officer.label.replace('&', '&&')}")
        lines = [f"<b>Representative:</b> {html.escape(d.representative) or 'none recorded'}"]
        if d.former_officer:
            lines.append("<b>Former officer</b> (Schedule 1 applies to outcomes)")
        lines.append("<b>Ever reduced in rank:</b> " + ("yes" + (f" — {html.escape(d.reduction_in_rank_note)}"
                                                               if d.reduction_in_rank_note else "")
                                                      if d.ever_reduced_in_rank else "no"))
        live = officer.warnings_in_force
        if live:
            lines.append('<b style="color:#b3261e">In force today:</b> ' + "; ".join(
                f"{html.escape(w.details.kind.label.lower())} to {day(w.last_day)}" for w in live if w.last_day))
        self.officer_details.setText(" · ".join(lines))

    def _set_needs(self, view: PanelView | None) -> None:
        if view is None:
            text, state = ("Choose a case to see its panel." if self.bench.case_id is None else ""), "none"
        else:
            text, state = needs_html(view)
        border, background = NEEDS_COLOURS[state]
        self.needs_label.setStyleSheet(NEEDS_STYLE % (border, background))
        self.needs_label.setHtml(text)
        self.needs_label.setAccessibleDescription(needs_text(view) if view else "")

    def _update_buttons(self) -> None:
        has_case = self.bench.case_id is not None and self.panel_view is not None
        has_officer = self.current_officer() is not None
        has_warning = selected_id(self.warning_table) is not None
        has_member = selected_id(self.panel_table) is not None
        for b, on in ((self.add_officer_button, has_case), (self.edit_officer_button, has_officer),
                      (self.remove_officer_button, has_officer), (self.add_warning_button, has_officer),
                      (self.edit_warning_button, has_warning), (self.remove_warning_button, has_warning),
                      (self.add_member_button, has_case), (self.edit_member_button, has_member),
                      (self.remove_member_button, has_member)):
            b.setEnabled(on)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.bench.show_status(text)

    # --- dialogs ------------------------------------------------------------------------------------
    def _open(self, dialog: FormDialog, submit: Callable[[Any, FormDialog], None]) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog
        dialog.submitted.connect(lambda details: submit(details, dialog))
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _done(self, dialog: FormDialog, key: str, status: str) -> Callable[[Changes], None]:
        def done(changes: Changes) -> None:
            if isinstance(changes.value, int):
                self._want[key] = changes.value
            dialog.finish()
            self.bench.show_status(status)
        return done

    def _failed(self, dialog: FormDialog) -> Callable[[BaseException], None]:
        return lambda exc: dialog.show_error(user_message(exc))

    # --- officers -----------------------------------------------------------------------------------
    def add_officer(self) -> None:
        case_id = self.bench.case_id
        if case_id is None or self.panel_view is None:
            return

        def submit(details: Any, dialog: FormDialog) -> None:
            push_add(self.bench, "Add officer", lambda s: s.people.add_officer(case_id, details),
                     lambda s, i: s.people.remove_officer(i), lambda s, r: s.people.restore(r),
                     on_done=self._done(dialog, "officer", "Officer added. Ctrl+Z undoes it."),
                     on_error=self._failed(dialog))
        self._open(OfficerDialog(parent=self), submit)

    def edit_officer(self) -> None:
        officer = self.current_officer()
        if officer is None:
            return
        before, officer_id = officer.details, officer.id

        def submit(details: Any, dialog: FormDialog) -> None:
            self.bench.push("Edit officer", lambda s: s.people.update_officer(officer_id, details),
                            lambda s: s.people.update_officer(officer_id, before),
                            on_done=self._done(dialog, "officer", "Officer saved."), on_error=self._failed(dialog))
        self._open(OfficerDialog(before, self, title="Edit officer"), submit)

    def remove_officer(self) -> None:
        officer = self.current_officer()
        if officer is None:
            return
        officer_id = officer.id
        if officer.allegation_count or officer.warnings:
            box = QMessageBox(QMessageBox.Icon.Question, "Remove officer",
                              f"Remove {officer.label} with their {officer.allegation_count} allegation(s), "
                              f"{len(officer.warnings)} warning(s) and any findings and outcome recorded? "
                              "Ctrl+Z puts them back until the store is locked.",
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.setAccessibleName("Remove officer")
            self.confirm_box = box
            box.accepted.connect(lambda: self._remove_officer(officer_id))
            box.finished.connect(lambda _r: self._on_confirm_box_finished(box))
            box.open()
            return
        self._remove_officer(officer_id)

    def _on_confirm_box_finished(self, box: QMessageBox) -> None:
        if self.confirm_box is box:
            self.confirm_box = None
        box.deleteLater()

    def _remove_officer(self, officer_id: int) -> None:
        push_remove(self.bench, "Remove officer", lambda s: s.people.remove_officer(officer_id),
                    lambda s, r: s.people.restore(r),
                    on_done=lambda _c: self.bench.show_status("Officer removed. Ctrl+Z puts them back."))

    # --- warnings -----------------------------------------------------------------------------------
    def add_warning(self) -> None:
        officer = self.current_officer()
        if officer is None:
            return
        officer_id = officer.id

        def submit(details: Any, dialog: FormDialog) -> None:
            push_add(self.bench, "Add warning", lambda s: s.people.add_warning(officer_id, details),
                     lambda s, i: s.people.remove_warning(i), lambda s, r: s.people.restore(r),
                     on_done=self._done(dialog, "warning", "Warning added."), on_error=self._failed(dialog))
        self._want["officer"] = officer_id
        self._open(WarningDialog(parent=self, title="Add warning"), submit)

    def edit_warning(self) -> None:
        officer, warning_id = self.current_officer(), selected_id(self.warning_table)
        warning = next((w for w in officer.warnings if w.id == warning_id), None) if officer else None
        if warning is None:
            return
        before = warning.details

        def submit(details: Any, dialog: FormDialog) -> None:
            self.bench.push("Edit warning", lambda s: s.people.update_warning(warning.id, details),
                            lambda s: s.people.update_warning(warning.id, before),
                            on_done=self._done(dialog, "warning", "Warning saved."), on_error=self._failed(dialog))
        self._open(WarningDialog(before, self, title="Edit warning"), submit)

    def remove_warning(self) -> None:
        warning_id = selected_id(self.warning_table)
        if warning_id is None:
            return
        push_remove(self.bench, "Remove warning", lambda s: s.people.remove_warning(warning_id),
                    lambda s, r: s.people.restore(r),
                    on_done=lambda _c: self.bench.show_status("Warning removed. Ctrl+Z puts it back."))

    # --- panel --------------------------------------------------------------------------------------
    def add_member(self) -> None:
        case_id, view = self.bench.case_id, self.panel_view
        if case_id is None or view is None:
            return
        missing = [g.role for g in view.still_needs if g.role is not None]

        def submit(details: Any, dialog: FormDialog) -> None:
            push_add(self.bench, "Add panel member", lambda s: s.people.add_panel_member(case_id, details),
                     lambda s, i: s.people.remove_panel_member(i), lambda s, r: s.people.restore(r),
                     on_done=self._done(dialog, "member", "Panel member added."), on_error=self._failed(dialog))
        self._open(PanelMemberDialog(parent=self, needed=view.needed, suggested=missing[0] if missing else None),
                   submit)

    def edit_member(self) -> None:
        member_id, view = selected_id(self.panel_table), self.panel_view
        member = next((m for m in view.members if m.id == member_id), None) if view else None
        if member is None or view is None:
            return
        before = member.details

        def submit(details: Any, dialog: FormDialog) -> None:
            self.bench.push("Edit panel member", lambda s: s.people.update_panel_member(member.id, details),
                            lambda s: s.people.update_panel_member(member.id, before),
                            on_done=self._done(dialog, "member", "Panel member saved."),
                            on_error=self._failed(dialog))
        self._open(PanelMemberDialog(before, self, title="Edit panel member", needed=view.needed), submit)

    def remove_member(self) -> None:
        member_id = selected_id(self.panel_table)
        if member_id is None:
            return
        push_remove(self.bench, "Remove panel member", lambda s: s.people.remove_panel_member(member_id),
                    lambda s, r: s.people.restore(r),
                    on_done=lambda _c: self.bench.show_status("Panel member removed. Ctrl+Z puts them back."))
