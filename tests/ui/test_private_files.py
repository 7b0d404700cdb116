"""Files the app writes are for this user only: the GUI sets umask 077, and every log file (also the new
one after a rotation) is 0600 whatever the umask."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from panelapp.ui import logs

pytestmark = [pytest.mark.gui]


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def usual_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def panel_log_handlers():
    root = logging.getLogger("panelapp")
    before = list(root.handlers)
    yield root
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()


def test_a_rotated_log_is_private_even_under_the_usual_umask(tmp_path, usual_umask, panel_log_handlers):
    path = logs.install_logging(tmp_path / "logs")
    handler = next(h for h in panel_log_handlers.handlers if isinstance(h, logs.PrivateRotatingFileHandler))
    logging.getLogger("panelapp.test").warning("first")
    handler.doRollover()
    logging.getLogger("panelapp.test").warning("second")
    handler.flush()
    rotated = path.with_name(path.name + ".1")
    assert "first" in rotated.read_text() and "second" in path.read_text()
    assert (_mode(path), _mode(rotated), _mode(path.parent)) == (0o600, 0o600, 0o700)


GUI_RUN = """
import os, sys
from PySide6.QtWidgets import QApplication
from panelapp import app
QApplication.exec = lambda self: 0  # start the app as 'panelapp open' does, then return instead of running
os.umask(0o022)
assert app.run_gui() == 0
open(os.path.join(sys.argv[1], "made-by-the-app"), "w").close()
print(oct(os.umask(0o022)))
"""


def test_the_gui_makes_everything_it_writes_private(tmp_path):
    """In a process of its own: run_gui changes the process (umask, excepthook, logging)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", GUI_RUN, str(tmp_path)], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "0o77"
    log = tmp_path / "state" / "panelapp" / "logs" / logs.LOG_NAME
    assert _mode(log) == 0o600 and _mode(tmp_path / "made-by-the-app") == 0o600


def test_the_tests_demo_template_leaves_the_users_state_folder_alone(_demo_template, _private_state_dir):
    """The session's demo store is made once, outside any test's private state folder: its anchor (the
    store's id and audit head) must not land in the real ~/.local/state/panelapp/anchors."""
    from panelapp.services.panel_services import PanelServices
    from tests.conftest import PASSPHRASE

    with PanelServices.open(_demo_template, PASSPHRASE) as services:  # its anchor: this test's own folder
        store_id = services.store.store_id
    assert (_private_state_dir / "panelapp" / "anchors" / f"{store_id}.json").exists()
    real = Path(os.path.expanduser("~")) / ".local" / "state" / "panelapp" / "anchors" / f"{store_id}.json"
    assert not real.exists()
