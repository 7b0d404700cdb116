"""The first screen does not wait for the database stack (issue #11: import what the first screen needs).

SQLAlchemy, Alembic, SQLCipher, ReportLab, pikepdf, pypdf and jsonschema load on the database thread when
a store is opened; importing the window must not pull them in (a top-level `PanelServices` import in any
view would).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui

HEAVY = ("sqlalchemy", "alembic", "sqlcipher3", "reportlab", "pikepdf", "pypdf", "jsonschema")


def test_the_window_module_loads_without_the_database_stack():
    code = ("import sys, panelapp.app, panelapp.ui.main_window; "
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
