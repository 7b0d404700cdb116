"""The command line contract: output, exit codes, one-line errors (run in-process on real stores)."""

import json
import subprocess
import sys

import pytest

from panelapp.cli import main
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db


@pytest.fixture
def run(capsys, monkeypatch):
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)

    def _run(*argv):
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        for line in err.splitlines():
            assert line.startswith("panelapp: ") or ": refused: " in line, line
        return code, out, err

    return _run


def test_init_then_cases_on_an_empty_store(run, tmp_path):
    store = tmp_path / "new.panel"
    assert run("init", store)[0] == 0
    code, out, _ = run("cases", store)
    assert code == 0 and out.splitlines() == ["REFERENCE  OFFICERS  PROCEEDING  STATUS"]
    code, _, err = run("init", store)
    assert code == 2 and "already exists" in err


def test_demo_and_cases(run, tmp_path):
    store = tmp_path / "demo.panel"
    code, out, _ = run("demo", store)
    assert code == 0 and "DEMO-001" in out
    code, out, _ = run("cases", store)
    assert out.splitlines() == [
        "REFERENCE  OFFICERS         PROCEEDING  STATUS",
        "DEMO-001   PC Owen Hartley  hearing     heard",
    ]


def test_import_prints_a_line_per_file_and_exits_1_on_a_refusal(run, demo_store, tmp_path):
    good = tmp_path / "note.txt"
    good.write_text("Chair's reading list\n")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    code, out, err = run("import", demo_store, "DEMO-001", good, empty, "--section", "E", "--kind", "document")
    assert code == 1
    assert out.splitlines()[0].startswith("note.txt: imported as E2 (stored, sha256 ")
    assert out.splitlines()[-1] == "1 imported, 1 refused"
    assert err == "empty.pdf: refused: empty file (0 bytes)\n"
    code, out, err = run("import", demo_store, "DEMO-001", good)
    assert code == 1 and "note.txt: refused: already in this case as E2" in err


def test_import_into_an_unknown_case(run, demo_store, tmp_path):
    code, _, err = run("import", demo_store, "NOPE", tmp_path)
    assert code == 2 and err == "panelapp: error: no case 'NOPE' in this store\n"


def test_export_and_import_case_round_trip(run, demo_store, tmp_path):
    out_file = tmp_path / "demo.json"
    code, out, _ = run("export-case", demo_store, "DEMO-001", "-o", out_file)
    assert code == 0 and "sha256" in out
    other = tmp_path / "other.panel"
    run("init", other)
    assert run("import-case", other, out_file) == (0, "imported case DEMO-001\n", "")
    again = tmp_path / "again.json"
    run("export-case", other, "DEMO-001", "-o", again)
    assert again.read_bytes() == out_file.read_bytes()
    code, out, _ = run("export-case", other, "DEMO-001", "-o", "-")
    assert json.loads(out)["case"]["reference"] == "DEMO-001"


def test_import_case_refuses_bad_json(run, empty_store, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = run("import-case", empty_store, bad)
    assert code == 1 and err.startswith("panelapp: error: bad.json: not valid JSON (")
    assert err.endswith("; nothing was imported\n") and err.count("\n") == 1


def test_verify_backup_passwd(run, demo_store, tmp_path, monkeypatch):
    code, out, _ = run("verify", demo_store)
    assert code == 0 and out.splitlines()[-1] == "verify: ok"
    dest = tmp_path / "copy.panel"
    code, out, _ = run("backup", demo_store, dest)
    assert code == 0 and out.startswith(f"backup written to {dest} and verified")
    assert run("verify", dest)[0] == 0
    monkeypatch.setenv("PANELAPP_NEW_PASSPHRASE", "another passphrase")
    assert run("passwd", demo_store)[0] == 0
    code, _, err = run("cases", demo_store)
    assert code == 3 and "wrong passphrase" in err
    monkeypatch.setenv("PANELAPP_PASSPHRASE", "another passphrase")
    assert run("cases", demo_store)[0] == 0


def test_usage_errors_are_one_line_with_code_2(run):
    for argv in (["cases"], ["frobnicate"], ["export-case", "x.panel", "C"]):
        code, _, err = run(*argv)
        assert code == 2 and err.count("\n") == 1 and err.startswith("panelapp: error: ")


def test_no_passphrase_and_no_terminal(capsys, demo_store, monkeypatch):
    monkeypatch.setattr(sys, "stdin", open("/dev/null"))  # noqa: SIM115
    assert main(["cases", str(demo_store)]) == 2
    assert "set PANELAPP_PASSPHRASE" in capsys.readouterr().err


def test_module_and_console_script_start():
    for cmd in ([sys.executable, "-m", "panelapp", "--help"], [sys.executable, "-m", "panelapp", "--version"]):
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "panelapp" in result.stdout


def test_cli_leaves_the_store_closed(run, demo_store):
    run("cases", demo_store)
    PanelServices.open(demo_store, PASSPHRASE).close()  # the lock was released


def test_rules_prints_every_rule_with_its_source_and_flag(run):
    """`panelapp rules`: what the app enforces, each rule with its citation and verified/UNVERIFIED."""
    code, out, _ = run("rules")
    assert code == 0
    rules = [line for line in out.splitlines() if line.startswith("- [")]
    sources = [line for line in out.splitlines() if line.startswith("    source: ")]
    assert rules and len(rules) == len(sources)
    assert all(s.endswith(("[verified]", "[UNVERIFIED]")) for s in sources)
    assert "SI 2025/558 reg 64(1)" in out
    code, only_2012, _ = run("rules", "--regime", "2012")
    assert code == 0 and "outcome checking is not available" in only_2012
    assert len(only_2012.splitlines()) < len(out.splitlines())
    code, _, err = run("rules", "--regime", "1999")
    assert code == 2 and "invalid choice" in err
