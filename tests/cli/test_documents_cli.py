"""`panelapp notice` and `panelapp bundle`: PDFs at a path the user chose, audited, with the CLI's exit
codes and one-line errors (issue #10 command line)."""

from __future__ import annotations

import hashlib

import pypdf
import pytest

from panelapp.cli import main
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = [pytest.mark.db, pytest.mark.pdf]


@pytest.fixture
def run(capsys, monkeypatch):
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)

    def _run(*argv: object) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err and err.count("\n") <= 1
        return code, out, err

    return _run


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_notice_public_notice_and_bundle_are_written_and_audited(run, demo_store, tmp_path):
    notice, public, bundle = tmp_path / "notice.pdf", tmp_path / "public.pdf", tmp_path / "bundle.pdf"
    code, out, _ = run("notice", demo_store, "DEMO-001", "-o", notice, "--draft")
    assert code == 0 and out.startswith("draft outcome notice for DEMO-001 written to")
    assert "OFFICIAL-SENSITIVE" in _text(notice) and "DRAFT" in _text(notice)
    assert run("notice", demo_store, "DEMO-001", "-o", public, "--public", "--draft")[0] == 0
    code, out, _ = run("bundle", demo_store, "DEMO-001", "-o", bundle)
    assert code == 0 and f"sha256 {hashlib.sha256(bundle.read_bytes()).hexdigest()}" in out
    assert pypdf.PdfReader(bundle).page_labels[-1].startswith(("A", "B", "C", "D", "E"))
    for p in (notice, public, bundle):
        assert oct(p.stat().st_mode & 0o777) == "0o600"
    with PanelServices.open(demo_store, PASSPHRASE) as services, services.store.session() as s:
        from sqlalchemy import text

        actions = set(s.scalars(text("SELECT action FROM audit_log")))
        assert services.verify().ok, "exports are audited without disturbing the state check"
    assert {"document.export.outcome_notice", "document.export.public_notice", "document.export.bundle"} <= actions


def test_a_public_notice_still_naming_someone_is_written_with_a_warning_that_does_not_name_them(
        run, demo_store, tmp_path):
    from dataclasses import replace

    with PanelServices.open(demo_store, PASSPHRASE) as services:
        case_id = services.case_id("DEMO-001")
        services.decisions.reopen(services.people.officers(case_id)[0].id, "The particulars name the complainant")
        first = services.allegations.for_case(case_id)[0]
        services.allegations.update(first.id, replace(first.details, particulars="Pushed Mrs Jane Smith over."))
    code, out, err = run("notice", demo_store, "DEMO-001", "-o", tmp_path / "public.pdf", "--public", "--draft")
    assert code == 0 and out.startswith("draft public outcome notice for DEMO-001 written to")
    assert err.startswith("panelapp: warning: allegation 1 of the public notice still names someone after a title")
    assert "Smith" not in err and "Jane" not in err
    code, _, err = run("notice", demo_store, "DEMO-001", "-o", tmp_path / "notice.pdf", "--draft")
    assert code == 0 and err == ""


def test_documents_never_overwrite_and_name_unknown_cases(run, demo_store, tmp_path):
    existing = tmp_path / "n.pdf"
    existing.write_bytes(b"keep")
    code, _, err = run("notice", demo_store, "DEMO-001", "-o", existing, "--draft")
    assert code == 2 and "already exists" in err and existing.read_bytes() == b"keep"
    code, _, err = run("bundle", demo_store, "DEMO-001", "-o", demo_store, "--force")
    assert code == 2 and "store itself" in err
    code, _, err = run("bundle", demo_store, "NOPE-1", "-o", tmp_path / "b.pdf")
    assert code == 2 and "no case" in err and not (tmp_path / "b.pdf").exists()


def test_a_saved_bundle_is_streamed_to_disk_and_equals_the_preview(run, demo_store, tmp_path):
    """`bundle -o` writes the bundle straight to the file (never whole in memory): the same bytes as the
    in-app preview, audited with that hash; no temporary file is left beside it."""
    from panelapp.domain.document_kinds import DocumentKind

    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "bundle.pdf"
    code, stdout, _ = run("bundle", demo_store, "DEMO-001", "-o", out)
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        preview = services.documents.render(services.case_id("DEMO-001"), DocumentKind.BUNDLE).pdf
    assert code == 0 and out.read_bytes() == preview
    assert f"sha256 {hashlib.sha256(preview).hexdigest()}" in stdout
    assert sorted(p.name for p in out.parent.iterdir()) == ["bundle.pdf"]
