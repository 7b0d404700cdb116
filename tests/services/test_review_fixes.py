"""Hostile review of this session's changes (F2, F6, F7, F12): every text path follows the shared rule,
deliberation about a removed allegation leaves (and comes back) with it, a restored item never links to
another case's allegation, and multi-line case fields keep LF line ends."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from panelapp.domain.allegation_records import AllegationDetails
from panelapp.domain.case_records import CaseDraft
from panelapp.domain.errors import BadInputError, UsageError
from panelapp.domain.people_records import OfficerDetails
from panelapp.domain.vocabulary import FindingLevel, PanelRole, Proceeding
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE
from tests.decision_case import build_mixed_case

pytestmark = pytest.mark.db


@pytest.mark.parametrize("bad", ["Statements\u202e", "Tab\x07", "two\u2028lines", "a\ud800"])
def test_section_titles_page_notes_and_override_reasons_follow_the_text_rule(demo_store: Path, bad: str) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        case_id = services.case_id("DEMO-001")
        item = next(e for e in services.list_evidence(case_id) if e.page_count)
        with pytest.raises(BadInputError):
            services.evidence.set_section_title(case_id, "A", bad)
        with pytest.raises(BadInputError):
            services.notes.set_note(item.id, 0, f"note {bad}")
        with pytest.raises(UsageError):
            services.override_rule_set("DEMO-001", "panel", "2020", f"IOPC direction {bad}")
        doc = services.export_case("DEMO-001")
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        doc["case"]["reference"] = "DEMO-002"
        services.import_case(doc)  # what the store exports, it imports
        assert services.verify().ok


def test_a_removed_allegation_takes_its_notes_and_votes_and_brings_them_back(empty_store: Path,
                                                                             tmp_path: Path) -> None:
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        case = build_mixed_case(services, tmp_path)
        member, third = case.members[PanelRole.CHIEF_OFFICER_CHAIR], case.allegations[2]
        subject = f"allegation:{third}"
        services.decisions.add_note(member, "Private: A3 is weak", subject)
        services.decisions.set_vote(member, subject, "no_breach")
        removed = services.allegations.remove(third).value
        d = services.decisions.deliberation(case.case_id)
        assert d.notes == () and d.votes == ()
        services.allegations.restore(removed)
        d = services.decisions.deliberation(case.case_id)
        assert [(n.subject, n.text) for n in d.notes] == [(subject, "Private: A3 is weak")]
        assert [(v.subject, v.choice) for v in d.votes] == [(subject, "no_breach")]

        services.allegations.remove(third)
        new = services.allegations.add(case.officer_id, AllegationDetails(
            "Unrelated later allegation.", (1,), FindingLevel.MISCONDUCT)).value
        d = services.decisions.deliberation(case.case_id)
        assert new == third and d.notes == () and d.votes == ()  # the reused id inherits nothing
        assert services.verify().ok


def test_a_restored_item_never_links_to_another_cases_allegation(empty_store: Path, tmp_path: Path) -> None:
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        case = build_mixed_case(services, tmp_path)
        third = case.allegations[2]
        services.evidence.link_allegations(case.log, [third])
        snapshot = services.evidence.remove_item(case.log).value
        services.allegations.remove(third)
        other = services.cases.create(CaseDraft("NEW-2", "Force", Proceeding.HEARING, date(2025, 2, 10))).value
        officer = services.people.add_officer(other, OfficerDetails("Sam Roe", "PC", "1")).value
        reused = services.allegations.add(officer, AllegationDetails("Other case.", (1,), FindingLevel.MISCONDUCT))
        assert reused.value == third
        services.evidence.restore_item(snapshot)
        services.allegations.remove(third)  # case 2's edit must not reach case 1's rows
        assert services.verify().ok
        services.cases.set_status(case.case_id, "closed")  # case 1 is still writable


def test_venue_and_presenting_keep_lf_line_ends(empty_store: Path) -> None:
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        case_id = services.cases.create(CaseDraft("LF-1", "Force", Proceeding.HEARING, date(2025, 2, 10),
                                                  venue="Line one\r\nLine two\rLine three")).value
        assert services.cases.get(case_id).draft.venue == "Line one\nLine two\nLine three"


def test_a_file_name_with_control_or_direction_characters_gives_a_printable_title(empty_store: Path,
                                                                                  tmp_path: Path) -> None:
    """Hostile review F2: a file named 'stmt\\u202ex.txt' or with a BEL became a title that printed in the
    bundle index; the title shows such a character as '?', like every message."""
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        case_id = services.cases.create(CaseDraft("T-1", "Force", Proceeding.HEARING, date(2025, 2, 10))).value
        files = []
        for name in ("stmt\u202ex.txt", "log\x07b.txt"):
            files.append(tmp_path / name)
            files[-1].write_text(f"A short statement ({name[:3]}).", encoding="utf-8")
        results = services.evidence.import_files(case_id, files).value.results
        assert all(r.ok for r in results), [r.message for r in results]
        assert sorted(e.title for e in services.list_evidence(case_id)) == ["log?b", "stmt?x"]
