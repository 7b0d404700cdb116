"""Screens show a rule's citation without the researchers' notes (the CLI's `rules` keeps them whole)."""

import pytest

from panelapp.domain import legal_tables as T
from panelapp.domain.citation_text import shown_source

pytestmark = pytest.mark.unit


def test_research_notes_and_repository_paths_are_not_shown():
    source = ("SI 2024/521 reg 1(2) and reg 2(1) read [U]: keyed on the notice date as ../shared/DOMAIN.md "
              "directs; Conduct Regs reg 42(3) [S: reg 42(7)-(8) not read]")
    assert shown_source(source) == "SI 2024/521 reg 1(2) and reg 2(1) read; Conduct Regs reg 42(3)"
    assert shown_source("reg 31(1)-(3)") == "reg 31(1)-(3)"


def test_no_source_in_the_tables_shows_a_note_or_a_path():
    texts = [v for v in vars(T).values() if isinstance(v, str)]
    texts += [getattr(row, "source", "") for v in vars(T).values() if isinstance(v, dict) for row in v.values()]
    shown = [shown_source(t) for t in texts if t]
    assert shown and not [s for s in shown if "[S:" in s or "[U]" in s or "DOMAIN.md" in s]
