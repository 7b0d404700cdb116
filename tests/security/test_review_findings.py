"""What a hostile review of the store found, each reproduced: a stray write-ahead log, side-file names
as backup or export targets, a full disk during backup, an unusable state folder, a corrupt anchor, a
store name too long for its temporary copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from panelapp.cli import main
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE, file_state

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]

LEAVE_A_LOG = """
    import os, shutil, sys
    from panelapp.models import keys
    keys.DEFAULT_KDF = keys.TEST_ONLY_KDF
    from panelapp.services.panel_services import PanelServices
    s = PanelServices.open(sys.argv[1], sys.argv[2])
    doc = s.export_case("DEMO-001"); doc["case"]["reference"] = "LATER-1"; s.import_case(doc)
    shutil.copyfile(sys.argv[1] + "-wal", sys.argv[3])
    os._exit(0)   # a crash: the log is never checkpointed
"""


@pytest.fixture
def run(capsys, monkeypatch):
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("PANELAPP_NEW_PASSPHRASE", "another passphrase")

    def _run(*argv: object) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err and "internal error" not in err, err
        return code, out, err

    return _run


def _log_of(demo_store: Path, tmp_path: Path, *, same_store: bool) -> Path:
    """A crash's log: of a copy of `demo_store` (same key), or of another store (its own salt and key)."""
    other = tmp_path / "other" / "c.panel"
    other.parent.mkdir()
    if same_store:
        shutil.copyfile(demo_store, other)
    else:
        with PanelServices.create(other, PASSPHRASE) as services:
            services.build_demo()
    log = tmp_path / "c.wal"
    subprocess.run([sys.executable, "-c", textwrap.dedent(LEAVE_A_LOG), str(other), PASSPHRASE, str(log)],
                   cwd=ROOT, check=True, timeout=60)
    return log


@pytest.mark.parametrize("command", ["cases", "verify", "backup", "passwd", "wrong passphrase"])
def test_a_write_ahead_log_of_another_file_is_never_applied(run, demo_store, tmp_path, command, monkeypatch):
    """Was: every command, even a wrong passphrase, checkpointed the foreign log into the store for good."""
    store = tmp_path / "a.panel"
    shutil.copyfile(demo_store, store)
    shutil.copyfile(_log_of(demo_store, tmp_path, same_store=False), f"{store}-wal")
    before = store.read_bytes()
    if command == "wrong passphrase":
        monkeypatch.setenv("PANELAPP_PASSPHRASE", "not the passphrase")
        code, _, err = run("cases", store)
    else:
        args = [tmp_path / "b.panel"] if command == "backup" else []
        code, _, err = run(command, store, *args)
    assert code in (3, 4), err
    assert "write-ahead log" in err and err.count("\n") == 1
    assert store.read_bytes() == before, "the store was not touched"
    Path(f"{store}-wal").unlink()
    Path(f"{store}-shm").unlink(missing_ok=True)
    with PanelServices.open(store, PASSPHRASE) as services:  # moving the log away recovers it whole
        assert services.verify().ok


def test_a_stores_own_log_after_a_crash_is_still_recovered(run, demo_store, tmp_path):
    log = _log_of(demo_store, tmp_path, same_store=True)  # the log of c.panel, a copy of the same store
    crashed = tmp_path / "other" / "c.panel"
    shutil.copyfile(log, f"{crashed}-wal")
    code, out, _ = run("cases", crashed)
    assert code == 0 and "LATER-1" in out, "a committed change in the store's own log is kept"


@pytest.mark.parametrize("name", ["x.panel-journal", "y.db-wal", "y.db-shm", "Z.PANEL-WAL"])
def test_backup_and_export_refuse_side_file_names(run, demo_store, tmp_path, name):
    code, _, err = run("backup", demo_store, tmp_path / name)
    assert code == 2 and "side file" in err and not (tmp_path / name).exists()
    code, _, err = run("export-case", demo_store, "DEMO-001", "-o", tmp_path / name, "--force")
    assert code == 2 and not (tmp_path / name).exists()


def test_an_unusable_state_folder_never_stops_the_app(run, demo_store, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "state-is-a-file"
    not_a_folder.write_text("x")
    monkeypatch.setenv("XDG_STATE_HOME", str(not_a_folder))
    assert run("cases", demo_store)[0] == 0
    assert run("backup", demo_store, tmp_path / "b.panel")[0] == 0
    assert run("verify", demo_store)[0] == 0
    assert run("passwd", demo_store)[0] == 0


@pytest.mark.parametrize("content", ['{"seq": 1e400, "head": "' + "a" * 64 + '"}', '{"seq": 99999999999999999999999}',
                                     "[[[[", "fifo"])
def test_a_corrupt_anchor_is_ignored(run, demo_store, content):
    assert run("cases", demo_store)[0] == 0  # writes the anchor
    [anchor] = (Path(os.environ["XDG_STATE_HOME"]) / "panelapp" / "anchors").iterdir()
    anchor.unlink()
    if content == "fifo":
        os.mkfifo(anchor)  # hung every command before
    else:
        anchor.write_text(content)
    code, _, err = run("cases", demo_store)
    assert code == 0 and err == ""


def test_a_long_store_name_can_change_its_passphrase(run, demo_store, tmp_path):
    long = tmp_path / ("Ø" * 115 + ".panel")  # 236 bytes: the temporary copy's name must still fit
    shutil.copyfile(demo_store, long)
    code, _, err = run("passwd", long)
    assert code == 0, err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_success_lines_never_print_control_characters(run, demo_store, tmp_path):
    odd = tmp_path / "evil\nname\x1b[31m.json"
    code, out, _ = run("export-case", demo_store, "DEMO-001", "-o", odd)
    assert code == 0 and "\x1b" not in out and out.count("\n") == 1


def test_a_full_disk_during_backup_is_not_called_damage(run, demo_store, tmp_path):
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root and mount for a real full file system")
    mnt = tmp_path / "full"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        before = file_state(demo_store)
        code, _, err = run("backup", demo_store, mnt / "b.panel")
        assert code == 6 and "full" in err and "damaged" not in err, err
        assert file_state(demo_store) == before
        assert os.listdir(mnt) == []
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)
