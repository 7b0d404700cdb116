"""The allegation editor: particulars, the ten Standards of Professional Behaviour (each with its title and
one-line description), the alleged level, the date it came to attention and the panel's incident label.

As the People dialogs: OK checks the input with the domain's check and emits `submitted(details)`; the caller
pushes the undoable change and calls `finish()` or `show_error(text)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from panelapp.domain.allegation_records import (
    ALLEGED_LEVELS,
    INCIDENT_CHARS,
    AllegationDetails,
    Standard,
    check_allegation,
    standards,
)
from panelapp.domain.vocabulary import FindingLevel
from panelapp.ui.form_fields import DateField, combo, line, select
from panelapp.ui.people_dialogs import FormDialog

PARAPHRASE_NOTE = ("Descriptions paraphrase Schedule 2 to the Police (Conduct) Regulations 2020; "
                   "the wording is not verified — the headings are.")


class StandardsBox(QGroupBox):
    """Ten check boxes, "4 · Use of Force", each with its description beneath (and as its tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Standards of Professional Behaviour said to be breached", parent)
        self.setAccessibleName("Standards of Professional Behaviour")
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        self.boxes: dict[int, QCheckBox] = {}
        ten = standards()
        half = (len(ten) + 1) // 2
        for i, s in enumerate(ten):
            column, row = divmod(i, half)
            mnemonic = f"&{s.number}" if s.number < 10 else f"{s.number // 10}&{s.number % 10}"
            box = QCheckBox(f"{mnemonic} · {s.title}")  # Alt+1 … Alt+9, Alt+0 for the tenth
            box.setToolTip(self._tip(s))
            box.setAccessibleName(f"Standard {s.number}: {s.title}")
            box.setAccessibleDescription(s.description)
            note = QLabel(s.description)
            note.setWordWrap(True)
            note.setStyleSheet("color: #5f6368; margin-left: 22px; margin-bottom: 4px;")
            note.setBuddy(box)
            note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(box, row * 2, column)
            grid.addWidget(note, row * 2 + 1, column)
            self.boxes[s.number] = box
        footnote = QLabel(PARAPHRASE_NOTE if not ten[0].wording_verified else "")
        footnote.setWordWrap(True)
        footnote.setStyleSheet("color: #5f6368; font-style: italic;")
        grid.addWidget(footnote, half * 2, 0, 1, 2)

    @staticmethod
    def _tip(s: Standard) -> str:
        return f"Standard {s.number} — {s.title}: {s.description}"

    def value(self) -> tuple[int, ...]:
        return tuple(n for n, box in self.boxes.items() if box.isChecked())

    def set_value(self, numbers: Sequence[int]) -> None:
        for n, box in self.boxes.items():
            box.setChecked(n in numbers)


class AllegationDialog(FormDialog):
    """Add or edit an allegation."""

    def __init__(self, details: AllegationDetails | None = None, parent: QWidget | None = None, *,
                 title: str = "Add allegation", incidents: Sequence[str] = (),
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(title, parent)
        self._today = today
        self.particulars = QPlainTextEdit()
        self.particulars.setAccessibleName("Particulars")
        self.particulars.setTabChangesFocus(True)
        self.particulars.setPlaceholderText("The particulars as set out in the notice")
        self.particulars.setMinimumHeight(self.particulars.fontMetrics().lineSpacing() * 5 + 12)
        self.add_row("&Particulars", self.particulars)
        self.standards = StandardsBox()
        self.form.addRow(self.standards)
        self.level = self.add_row("Alleged &level", combo("Alleged level", [(lv.label, lv) for lv in ALLEGED_LEVELS]))
        self.came_to_attention = self.add_row("Came to &attention", DateField("Came to attention on"))
        self.came_to_attention.setToolTip("When the allegation came to the attention of the appropriate authority: "
                                          "it decides which outcome rules apply (SI 2025/558 reg 64(1))")
        self.earlier = self.add_row("&Earlier related", DateField("Earlier related allegation came to attention on"))
        self.earlier.setToolTip("Only if it relates to an earlier allegation still handled under the old rules "
                                "(SI 2025/558 reg 64(1)(b)): that allegation's date")
        self.incident = self.add_row("&Incident", line("Incident", INCIDENT_CHARS))
        self.incident.setPlaceholderText("the panel's label grouping allegations from one incident (reg 42(6))")
        if incidents:
            completer = QCompleter(sorted(set(incidents)), self.incident)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.incident.setCompleter(completer)
        if details is not None:
            self.particulars.setPlainText(details.particulars)
            self.standards.set_value(details.standards)
            select(self.level, details.alleged_level)
            self.came_to_attention.set_value(details.came_to_attention_on)
            self.earlier.set_value(details.related_to_earlier_on)
            self.incident.setText(details.incident or "")
        else:
            select(self.level, FindingLevel.MISCONDUCT)
        self.resize(820, min(self.sizeHint().height(), 680))  # fits a 1280×800 screen

    def collect(self) -> AllegationDetails:
        return check_allegation(AllegationDetails(
            particulars=self.particulars.toPlainText(), standards=self.standards.value(),
            alleged_level=self.level.currentData(), came_to_attention_on=self.came_to_attention.value(),
            incident=self.incident.text() or None, related_to_earlier_on=self.earlier.value()), self._today())
