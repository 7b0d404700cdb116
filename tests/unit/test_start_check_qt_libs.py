"""tools/check_qt_libs.py (run by `make run`): missing xcb libraries become one install command, not a Qt abort.

The script runs for real, with a stand-in `ldd` first on PATH saying what is "not found".
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "check_qt_libs.py"
LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffc)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibfoo-unheard-of.so.3 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)
"""


def load():
    spec = importlib.util.spec_from_file_location("check_qt_libs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_libraries_are_read_from_ldd():
    tool = load()
    assert tool.missing_libraries(LDD_MISSING) == [
        "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0",
        "libfoo-unheard-of.so.3"]
    assert tool.missing_libraries("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


@pytest.mark.parametrize(("os_release", "family"), [
    ('ID=debian\nVERSION_ID="12"\n', "debian"),
    ('ID=ubuntu\nID_LIKE=debian\n', "debian"),
    ('ID=linuxmint\nID_LIKE="ubuntu debian"\n', "debian"),
    ('ID=fedora\n', "fedora"),
    ('ID="rocky"\nID_LIKE="rhel centos fedora"\n', "fedora"),
    ('ID=arch\n', ""),
    ("", ""),
])
def test_distro_family(os_release, family):
    assert load().distro_family(os_release) == family


def test_one_install_command_per_family():
    tool = load()
    missing = tool.missing_libraries(LDD_MISSING)
    assert tool.install_command(missing, "debian", root=False) == (
        "sudo apt-get install -y libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0",
        ["libfoo-unheard-of.so.3"])
    assert tool.install_command(missing, "fedora", root=True)[0] == (
        "dnf install -y xcb-util-cursor xcb-util-wm xcb-util-keysyms libxkbcommon-x11")
    assert tool.install_command(["libfoo-unheard-of.so.3"], "debian", root=True) == (
        "", ["libfoo-unheard-of.so.3"])


def test_every_library_the_traps_list_names_has_a_package():
    tool = load()
    for so in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0",
               "libxcb-image.so.0", "libxcb-render-util.so.0", "libxcb-randr.so.0", "libxcb-shape.so.0",
               "libxcb-xinerama.so.0", "libxcb-xkb.so.1"):
        assert so in tool.PACKAGES


def run_script(tmp_path, ldd_output, **env):
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "ldd").write_text(f"#!/bin/sh\ncat <<'EOF'\n{ldd_output}EOF\n")
    (fake / "ldd").chmod(0o755)
    environ = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    environ.update({"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}", "DISPLAY": ":0", **env})
    return subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, env=environ,
                          timeout=30, check=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb check runs on Linux only")
def test_the_script_prints_one_command_and_fails(tmp_path):
    done = run_script(tmp_path, LDD_MISSING)
    assert done.returncode == 1
    assert "libxcb-cursor.so.0 libxcb-icccm.so.4" in done.stderr
    commands = [line.strip() for line in done.stderr.splitlines() if "install -y" in line]
    assert len(commands) in (1, 2)  # one; two (apt and dnf, labelled) only when the system is neither
    if len(commands) == 1:
        assert "libxcb-cursor0" in commands[0] or "xcb-util-cursor" in commands[0]
    assert "apt-file search libfoo-unheard-of.so.3" in done.stderr or "*/libfoo-unheard-of.so.3" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb check runs on Linux only")
def test_the_script_passes_when_nothing_is_missing_or_xcb_is_not_used(tmp_path):
    assert run_script(tmp_path, "\tlibc.so.6 => /lib/libc.so.6 (0x1)\n").returncode == 0
    for platform in ("offscreen", "minimal"):
        done = run_script(tmp_path, LDD_MISSING, QT_QPA_PLATFORM=platform)
        assert done.returncode == 0 and done.stderr == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb check runs on Linux only")
def test_no_display_is_said_plainly(tmp_path):
    done = run_script(tmp_path, "", DISPLAY="")
    assert done.returncode == 1 and "no display" in done.stderr
