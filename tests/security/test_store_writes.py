"""Issue #6 items 1, 2, 4 and 8: no export over a store, no write into a damaged store, rollback noticed,
no hang or crash on a FIFO or a non-UTF-8 passphrase. Each test reproduces the failure a review found."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from panelapp.cli import main
from panelapp.models.store_files import PAGE_SIZE
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE, file_state

pytestmark = pytest.mark.db


@pytest.fixture
def run(capsys, monkeypatch):
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)

    def _run(*argv: object) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err and "internal error" not in err
        return code, out, err

    return _run


def _opens(path: Path) -> bool:
    with PanelServices.open(path, PASSPHRASE) as services:
        return [c.reference for c in services.list_cases()] == ["DEMO-001"]


# --- 1. export never destroys the store or an existing file ------------------------------------------
@pytest.mark.parametrize("target", ["store", "store_wal_name", "symlink_to_store"])
def test_export_never_writes_over_the_store_even_with_force(run, demo_store, tmp_path, target):
    before = file_state(demo_store)
    if target == "store":
        out = demo_store
    elif target == "store_wal_name":
        out = Path(f"{demo_store}-wal")
    else:
        out = tmp_path / "case.json"
        out.symlink_to(demo_store)
    for extra in ([], ["--force"]):
        code, _, err = run("export-case", demo_store, "DEMO-001", "-o", out, *extra)
        assert code == 2 and err.count("\n") == 1, err
        assert demo_store.read_bytes() == before[0]
    assert _opens(demo_store)


def test_export_never_overwrites_another_store_even_renamed(run, demo_store, tmp_path):
    other = tmp_path / "archive.bin"  # a store under a name that does not say so
    shutil.copyfile(demo_store, other)
    before = other.read_bytes()
    code, _, err = run("export-case", demo_store, "DEMO-001", "-o", other, "--force")
    assert code == 2 and "looks like an encrypted panelapp store" in err
    assert other.read_bytes() == before


def test_export_refuses_an_existing_file_unless_forced(run, demo_store, tmp_path):
    existing = tmp_path / "x.json"
    existing.write_text("keep me\n")
    code, _, err = run("export-case", demo_store, "DEMO-001", "-o", existing)
    assert code == 2 and "already exists" in err and "--force" in err
    assert existing.read_text() == "keep me\n"
    code, _out, _ = run("export-case", demo_store, "DEMO-001", "-o", existing, "--force")
    assert code == 0 and '"panelapp-case"' in existing.read_text()
    assert oct(existing.stat().st_mode & 0o777) == "0o600"


# --- 2. a damaged store is never written and every command says so ------------------------------------
def _damage(kind: str, path: Path) -> None:
    data = bytearray(path.read_bytes())
    if kind == "late_page_bit":
        data[len(data) - PAGE_SIZE + 1500] ^= 0x04
    elif kind == "garbage_pages_appended":
        data += os.urandom(3 * PAGE_SIZE)
    elif kind == "valid_page_appended":
        data += data[2 * PAGE_SIZE: 3 * PAGE_SIZE]  # a real page of this store, valid HMAC, past the end
    path.write_bytes(bytes(data))


WRITES = [
    ("import", "DEMO-001", "{note}"),
    ("import-case", "{case_json}"),
    ("export-case", "DEMO-001", "-o", "{out}"),
    ("backup", "{backup}"),
    ("passwd",),
    ("cases",),
]


@pytest.mark.parametrize("kind", ["late_page_bit", "garbage_pages_appended", "valid_page_appended"])
def test_damaged_store_refuses_every_command_but_verify(run, demo_store, tmp_path, kind, monkeypatch):
    case_json = tmp_path / "case.json"
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        doc = services.export_case("DEMO-001")
    doc["case"]["reference"] = "OTHER-1"
    import json

    case_json.write_text(json.dumps(doc))
    note = tmp_path / "note.txt"
    note.write_text("a note\n")
    _damage(kind, demo_store)
    before = file_state(demo_store)
    monkeypatch.setenv("PANELAPP_NEW_PASSPHRASE", "another passphrase")
    fill = {"note": note, "case_json": case_json, "out": tmp_path / "out.json", "backup": tmp_path / "b.panel"}
    for command, *args in WRITES:
        code, out, err = run(command, demo_store, *(a.format(**fill) for a in args))
        assert code == 4, (command, out, err)
        assert err.count("\n") == 1 and "damaged" in err and "nothing was written" in err, (command, err)
        assert file_state(demo_store) == before, command
    assert not (tmp_path / "out.json").exists() and not (tmp_path / "b.panel").exists()
    code, out, _ = run("verify", demo_store)
    assert code == 1 and "DAMAGE: page check" in out
    assert file_state(demo_store) == before


# --- 4. the head printed by backup, --expect-head, and the anchor outside the store --------------------
def test_backup_prints_the_head_verify_can_check(run, demo_store, tmp_path):
    code, out, _ = run("backup", demo_store, tmp_path / "b.panel")
    assert code == 0
    head = next(line.split()[2] for line in out.splitlines() if line.startswith("audit head "))
    code, out, _ = run("verify", demo_store)
    assert f"head {head}" in out, "the printed head is the store's head after the backup"
    assert run("verify", demo_store, "--expect-head", head)[0] == 0
    code, out, _ = run("verify", tmp_path / "b.panel", "--expect-head", head)
    assert code == 1 and "does not hold the expected head" in out, "the backup is behind that point"


def test_a_rolled_back_store_is_noticed(run, demo_store, tmp_path):
    older = tmp_path / "older-copy"
    shutil.copyfile(demo_store, older)
    note = tmp_path / "note.txt"
    note.write_text("written after the copy\n")
    assert run("import", demo_store, "DEMO-001", note)[0] == 0
    code, out, _ = run("verify", demo_store)
    head = out.split("head ")[1].split()[0]
    shutil.copyfile(older, demo_store)  # the whole file put back: every page valid
    code, out, err = run("cases", demo_store)
    assert code == 0 and "panelapp: warning:" in err and "older than what this computer last saw" in err
    code, out, _ = run("verify", demo_store, "--expect-head", head)
    assert code == 1 and "does not hold the expected head" in out
    code, out, _ = run("verify", demo_store, "--accept-rollback")
    assert code == 0 and "rollback accepted" in out
    code, _, err = run("cases", demo_store)
    assert code == 0 and "warning" not in err


def test_anchor_holds_no_personal_data(run, demo_store, tmp_path):
    run("cases", demo_store)
    state = Path(os.environ["XDG_STATE_HOME"]) / "panelapp"
    files = [p for p in state.rglob("*") if p.is_file()]
    assert files, "an anchor was written"
    for p in files:
        text = p.read_bytes()
        assert b"demo" not in text.lower() and b"Hartley" not in text and str(tmp_path).encode() not in text
        assert oct(p.stat().st_mode & 0o777) == "0o600"


# --- 8. a FIFO as the store, a passphrase that is not UTF-8 -------------------------------------------
_MAIN = ("import sys; from panelapp.models import keys; keys.DEFAULT_KDF = keys.TEST_ONLY_KDF; "
         "from panelapp.cli import main; sys.exit(main(sys.argv[1:]))")


def _cli(*argv: str, env: dict[str, str] | None = None, **kw: object) -> subprocess.CompletedProcess[bytes]:
    """The CLI in a child process (a hang ends in a timeout, not a stuck suite), with the tests' cheap KDF."""
    return subprocess.run([sys.executable, "-c", _MAIN, *argv], capture_output=True, timeout=60,
                          env={**os.environ, "PANELAPP_PASSPHRASE": PASSPHRASE, **(env or {})}, **kw)


@pytest.mark.parametrize("command", ["cases", "verify", "passwd"])
def test_a_fifo_as_store_is_refused_at_once(tmp_path, command):
    fifo = tmp_path / "pipe.panel"
    os.mkfifo(fifo)
    result = _cli(command, str(fifo))  # hung forever before: open() blocked waiting for a writer
    assert result.returncode == 4
    assert result.stderr.decode().count("\n") == 1 and b"not a regular file" in result.stderr


def test_a_passphrase_that_is_not_utf8_is_a_one_line_error(demo_store):
    env = {**os.environ}
    env.pop("PANELAPP_PASSPHRASE", None)
    result = subprocess.run([sys.executable, "-m", "panelapp", "cases", str(demo_store)], capture_output=True,
                            timeout=60, env={**{k.encode(): v.encode() for k, v in env.items()},
                                             b"PANELAPP_PASSPHRASE": b"caf\xe9 latte"})
    assert result.returncode == 2, result.stderr
    assert result.stderr == b"panelapp: error: the passphrase is not valid UTF-8 text; nothing was done\n"


def test_a_fifo_as_case_file_is_refused_by_the_cli(tmp_path, demo_store):
    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    result = _cli("import-case", str(demo_store), str(fifo))  # hung forever before
    assert result.returncode == 1 and b"case.json" in result.stderr and result.stderr.count(b"\n") == 1
