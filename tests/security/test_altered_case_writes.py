"""A write never blesses tampering (issue #8 review): before an edit records a case's new state in the audit
log, the case as last committed must match the log's latest state for it. Otherwise the edit is refused,
nothing is written, and `verify` still reports the damage (before this, one ordinary edit recorded the
tampered rows as the case's state and `verify` came back clean)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from panelapp.cli import main
from panelapp.domain.case_records import CaseDraft
from panelapp.domain.errors import AlteredCaseError
from panelapp.domain.vocabulary import CaseStatus, Proceeding
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE, change_outside

pytestmark = pytest.mark.db


def _log_length(services: PanelServices) -> int:
    with services.store.session() as s:
        return int(s.execute(text("SELECT count(*) FROM audit_log")).scalar_one())


@pytest.mark.parametrize("sql", [
    "DELETE FROM outcomes",
    "UPDATE findings SET reasons = 'edited outside' WHERE id = 1",
    "INSERT INTO private_notes (case_id, text, subject, created_at) VALUES (1, 'x', '', '2025-01-01 00:00:00')",
])
def test_an_edit_to_a_tampered_case_is_refused_and_verify_still_sees_it(demo_store: Path, sql: str) -> None:
    change_outside(demo_store, sql)
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        before = _log_length(services)
        with pytest.raises(AlteredCaseError, match=r"^case 1 does not match its audit log .*nothing was written"):
            services.cases.set_status(1, CaseStatus.CLOSED)
        assert _log_length(services) == before
        assert services.cases.get(1).draft.status is not CaseStatus.CLOSED
        report = services.verify()
    assert not report.ok and any(p.startswith("case 1: ") for p in report.problems)


def test_the_cli_refuses_a_write_to_a_tampered_case_with_one_line(demo_store: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    change_outside(demo_store, "DELETE FROM seriousness")
    pdf = tmp_path / "late.txt"
    pdf.write_text("A late statement.", encoding="utf-8")
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)
    code = main(["import", str(demo_store), "DEMO-001", str(pdf)])
    err = capsys.readouterr().err
    assert code != 0 and "does not match its audit log" in err and "Traceback" not in err


def test_other_cases_and_untouched_stores_are_not_affected(demo_store: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        services.cases.set_status(1, CaseStatus.CLOSED)  # a clean case: fine, twice in a row
        services.cases.set_status(1, CaseStatus.HEARD)
        doc = services.export_case("DEMO-001")
    doc["case"]["reference"] = "DEMO-002"
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        services.import_case(doc)  # a case created in this unit of work has nothing committed to compare
    change_outside(demo_store, "UPDATE findings SET reasons = 'edited outside' WHERE id = 1")
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        other = services.case_id("DEMO-002")
        services.cases.set_status(other, CaseStatus.CLOSED)  # case 2 is untouched: its edits go on
        assert services.cases.get(other).draft.status is CaseStatus.CLOSED
        with pytest.raises(AlteredCaseError):
            services.cases.set_status(1, CaseStatus.CLOSED)


def test_importing_a_file_never_blesses_a_tampered_attachment_record(demo_store: Path, empty_store: Path,
                                                                     tmp_path: Path) -> None:
    """Hostile review F1: a file record (imported from a case file, awaiting its bytes) changed outside
    panelapp, then the file's bytes imported: that used to record the forged record as the file's state, and
    verify came back clean."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        case_id = services.case_id("DEMO-001")
        item = next(e for e in services.list_evidence(case_id) if e.page_count)
        pdf = tmp_path / "again.pdf"
        pdf.write_bytes(services.reading.bytes_of(item.id))
        doc = services.export_case("DEMO-001")
    sha = next(e["attachment"]["sha256"] for e in doc["evidence"] if e["title"] == item.title)
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        services.import_case(doc)  # file records without their bytes
        services.cases.create(CaseDraft("OTHER-1", "Force", Proceeding.HEARING, date(2025, 2, 10)))
    change_outside(empty_store, f"UPDATE attachments SET filename = 'forged-name.pdf' WHERE sha256 = '{sha}'")
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        before = _log_length(services)
        with pytest.raises(AlteredCaseError, match=r"^attachment \d+ does not match its audit log"):
            services.import_files("OTHER-1", [pdf])  # damage to the store stops the batch, with one line
        assert _log_length(services) == before
        report = services.verify()
    assert not report.ok and any(p.startswith("attachment ") for p in report.problems)


def test_a_tampered_case_is_neither_exported_nor_printed(demo_store: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Hostile review F8: export-case then import-case into a fresh store used to launder the change (the
    fresh store verified), and the notice printed the forged reasons."""
    change_outside(demo_store, "UPDATE outcomes SET reasons = 'forged reasons'")
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)
    for argv in (["export-case", str(demo_store), "DEMO-001", "-o", str(tmp_path / "c.json")],
                 ["notice", str(demo_store), "DEMO-001", "-o", str(tmp_path / "n.pdf")],
                 ["bundle", str(demo_store), "DEMO-001", "-o", str(tmp_path / "b.pdf")]):
        assert main(argv) == 4, argv
        err = capsys.readouterr().err
        assert "does not match its audit log" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.panel")) == []
