"""One text rule everywhere (issue #8 review): the case, people, allegation, evidence and deliberation forms
refuse the same characters with the same words, and keep what names in any script need."""

from __future__ import annotations

from datetime import date

import pytest

from panelapp.domain import text_rules
from panelapp.domain.allegation_records import AllegationDetails, check_allegation
from panelapp.domain.case_records import CaseDraft, check_draft
from panelapp.domain.deliberation_records import check_note
from panelapp.domain.errors import BadInputError
from panelapp.domain.evidence_records import ItemHeader
from panelapp.domain.people_records import OfficerDetails, check_officer
from panelapp.domain.vocabulary import EvidenceKind, FindingLevel, Proceeding
from panelapp.services.evidence_details import check_header

BAD = {
    "control": "Ann\x07e",
    "surrogate": "Ann\ud800e",
    "direction": "Ann\u202ee",
}


@pytest.mark.parametrize("code", sorted(BAD))
def test_every_form_refuses_the_same_characters_with_the_same_code(code: str) -> None:
    value = BAD[code]
    attempts = [
        lambda: check_officer(OfficerDetails(value, "PC", "1")),
        lambda: check_draft(CaseDraft(value, "F", Proceeding.HEARING, date(2025, 2, 10))),
        lambda: check_header(ItemHeader(EvidenceKind.DOCUMENT, value)),
        lambda: check_note(value),
        lambda: check_allegation(AllegationDetails(value, (1,), FindingLevel.MISCONDUCT)),
    ]
    for attempt in attempts:
        with pytest.raises(BadInputError) as caught:
            attempt()
        assert caught.value.code == code, (code, str(caught.value))


@pytest.mark.parametrize("name", [
    "Zoë Ó Súilleabháin", "Nguyễn Thị Minh", "محمد عبد الله", "דוד כהן", "می\u200cخواهم", "Ann\u200fe",
    "Łukasz Wiśniewski", "Σωκράτης Παπαδόπουλος", "Иван Петров", "Jo\u00a0Bloggs",
])
def test_names_in_any_script_pass_unchanged(name: str) -> None:
    assert text_rules.one_line("Name", f"  {name} ", 200) == name


def test_many_lines_keep_line_feeds_and_tabs_and_make_line_ends_lf() -> None:
    assert text_rules.many_lines("Notes", "one\r\ntwo\rthree\n\tfour", 100) == "one\ntwo\nthree\n\tfour"
    with pytest.raises(BadInputError, match=r"^Name: must be one line without control characters$"):
        text_rules.one_line("Name", "one\ntwo", 100)
    with pytest.raises(BadInputError, match=r"^Notes: is longer than 3 characters \(this has 4\)$"):
        text_rules.many_lines("Notes", "four", 3)
