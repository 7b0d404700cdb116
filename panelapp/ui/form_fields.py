"""Small pieces every form shares: typed dates (day first), combo boxes over enum values, line edits."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit

_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%a %d %b %Y")
_SEPARATORS = re.compile(r"[.\-](?=\d)")


def parse_day(text: str) -> date | None:
    """A typed date (day first), or None for an empty text; ValueError when it is not a date."""
    text = " ".join(text.split())
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        text = _SEPARATORS.sub("/", text)
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def show_day(d: date | None) -> str:
    """"9 Jun 2025" ("" for no date)."""
    return "" if d is None else f"{d.day} {d:%b %Y}"


def combo(name: str, items: list[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for text, value in items:
        box.addItem(text, value)
    return box


def select(box: QComboBox, value: Any) -> None:
    box.setCurrentIndex(max(0, box.findData(value)))


def line(name: str, limit: int | None = None) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    if limit:
        edit.setMaxLength(limit + 50)  # room to see "too long" named, rather than typing silently stopping
    return edit
