"""The outcome picker: every outcome, each with whether the rules allow it, why, and on what authority.

An outcome the rules forbid cannot be picked (its button is disabled) and the reason and citation are
printed under it, not hidden in a tooltip. One that rests on a rule nobody has verified against the
regulation's text is marked so. Arrow keys move between the outcomes that can be picked.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QRadioButton, QWidget

from panelapp.domain.citation_text import shown_source
from panelapp.domain.decision_records import OutcomeOption
from panelapp.domain.rules import OUTCOME_SEVERITY
from panelapp.domain.vocabulary import Outcome
from panelapp.ui.decision_checklist import BLOCKING_COLOUR, WARNING_COLOUR

_GREEN = "#1b5e20"


class OutcomePicker(QWidget):
    """Radio buttons for all outcomes, least severe first; `outcome_chosen(Outcome)` on a user's pick."""

    outcome_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(1, 1)
        self.buttons: dict[Outcome, QRadioButton] = {}
        self.status: dict[Outcome, QLabel] = {}
        self.reasons: dict[Outcome, QLabel] = {}
        for i, outcome in enumerate(OUTCOME_SEVERITY):
            button = QRadioButton(outcome.label)
            button.setObjectName(f"outcome_{outcome.value}")
            self.group.addButton(button)
            button.clicked.connect(lambda _checked=False, o=outcome: self._on_button_clicked(o))
            status = QLabel()
            status.setObjectName(f"outcomeStatus_{outcome.value}")
            reason = QLabel()
            reason.setObjectName(f"outcomeReason_{outcome.value}")
            reason.setWordWrap(True)
            reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            reason.setIndent(24)
            grid.addWidget(button, 2 * i, 0)
            grid.addWidget(status, 2 * i, 1)
            grid.addWidget(reason, 2 * i + 1, 0, 1, 2)
            self.buttons[outcome], self.status[outcome], self.reasons[outcome] = button, status, reason
        self._loading = False

    def set_options(self, options: Sequence[OutcomeOption], chosen: Outcome | None, *, editable: bool,
                    unchecked_note: str = "") -> None:
        """Show every outcome's verdict. With no options (outcome checking unavailable) every outcome can be
        picked, each marked unchecked."""
        self._loading = True
        by_outcome = {o.outcome: o for o in options}
        for outcome, button in self.buttons.items():
            option = by_outcome.get(outcome)
            status, reason = self.status[outcome], self.reasons[outcome]
            if option is None:
                permitted, text, colour = True, "Not checked", WARNING_COLOUR.name()
                why = unchecked_note or "Outcome checking is not available for this rule set: check it by hand."
                detail = f"<span style='color:{colour}'>{_escape(why)}</span>"
            elif not option.permitted:
                permitted, text, colour = False, "Not permitted", BLOCKING_COLOUR.name()
                detail = (f"<span style='color:{colour}'>Reason: {_escape(option.reason or '')}</span>"
                          f"<br><small>Authority: {_escape(shown_source(option.source))}"
                          f"{'' if option.verified else ' — not verified against the text'}</small>")
            elif not option.verified:
                permitted, text, colour = True, "Permitted — rule not verified", WARNING_COLOUR.name()
                detail = (f"<span style='color:{colour}'>Rests on a rule not verified against the regulation's "
                          f"text: have the legal adviser confirm it.</span><br><small>Authority: "
                          f"{_escape(shown_source(option.source))}</small>")
            else:
                permitted, text, colour = True, "Permitted", _GREEN
                detail = f"<small>Authority: {_escape(shown_source(option.source))}</small>"
            status.setText(f"<span style='color:{colour}'><b>{text}</b></span>")
            reason.setText(detail)
            button.setEnabled(editable and permitted)
            name = f"{outcome.label}: {text}" + (f". {option.reason}" if option and option.reason else "")
            button.setAccessibleName(name)
            button.setToolTip(name)
            if outcome is chosen and not button.isChecked():
                button.setChecked(True)
            elif outcome is not chosen and button.isChecked():
                self.group.setExclusive(False)
                button.setChecked(False)
                self.group.setExclusive(True)
        self._loading = False

    def chosen(self) -> Outcome | None:
        return next((o for o, b in self.buttons.items() if b.isChecked()), None)

    def focus_widget(self) -> QWidget:
        """The button to focus: the chosen outcome, else the first that can be picked."""
        chosen = self.chosen()
        if chosen is not None:
            return self.buttons[chosen]
        return next((b for b in self.buttons.values() if b.isEnabled()), next(iter(self.buttons.values())))

    def _on_button_clicked(self, outcome: Outcome) -> None:
        if not self._loading:
            self.outcome_chosen.emit(outcome)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
