#!/usr/bin/env python3
"""Before `make run` opens the window: are the system libraries Qt's xcb platform plugin needs installed?

The PySide6 wheels bring Qt itself but not the X11/xcb libraries of the system. Without them Qt aborts
("Could not load the Qt platform plugin xcb"). This script asks `ldd` which libraries of the plugin are
missing, names them, prints ONE command that installs them (apt-get on Debian/Ubuntu, dnf on Fedora-like
systems) and exits 1. It exits 0 when nothing is missing, when the window will not use xcb
(QT_QPA_PLATFORM=offscreen, minimal, wayland, …), when this is not Linux, or when it cannot tell.

Standard library only; run it with the project's Python: `.venv/bin/python tools/check_qt_libs.py`.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# The library file (soname) → the package that ships it, on Debian/Ubuntu and on Fedora/RHEL.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-present.so.0": ("libxcb-present0", "libxcb"),
    "libxcb-dri3.so.0": ("libxcb-dri3-0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libXext.so.6": ("libxext6", "libXext"),
    "libXrender.so.1": ("libxrender1", "libXrender"),
    "libXi.so.6": ("libxi6", "libXi"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libharfbuzz.so.0": ("libharfbuzz0b", "harfbuzz"),
    "libpng16.so.16": ("libpng16-16", "libpng"),
    "libz.so.1": ("zlib1g", "zlib"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgobject-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd"),
    "libXau.so.6": ("libxau6", "libXau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp"),
    "libpcre2-8.so.0": ("libpcre2-8-0", "pcre2"),
    "libbrotlidec.so.1": ("libbrotli1", "libbrotli"),
    "libbrotlicommon.so.1": ("libbrotli1", "libbrotli"),
    "libexpat.so.1": ("libexpat1", "expat"),
    "libbsd.so.0": ("libbsd0", "libbsd"),
    "libmd.so.0": ("libmd0", "libmd"),
    "libzstd.so.1": ("libzstd1", "libzstd"),
    "libsystemd.so.0": ("libsystemd0", "systemd-libs"),
}
# Platforms that never load the xcb plugin: nothing of the X11 stack is needed for them.
NOT_XCB = ("offscreen", "minimal", "vnc", "wayland", "eglfs", "linuxfb", "vkkhrdisplay")
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def missing_libraries(ldd_output: str) -> list[str]:
    """The sonames `ldd` reports as "not found", in order, without repeats."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def distro_family(os_release: str) -> str:
    """"debian", "fedora" or "" from the text of /etc/os-release."""
    fields = dict(re.findall(r'^(ID|ID_LIKE)="?([^"\n]*)"?$', os_release, re.MULTILINE))
    words = f"{fields.get('ID', '')} {fields.get('ID_LIKE', '')}".split()
    if any(w in ("debian", "ubuntu") for w in words):
        return "debian"
    if any(w in ("fedora", "rhel", "centos") for w in words):
        return "fedora"
    return ""


def install_command(missing: list[str], family: str, *, root: bool) -> tuple[str, list[str]]:
    """ONE command installing the packages for `missing` ("" when none is known), and the sonames no
    package is known for."""
    column = 1 if family == "fedora" else 0
    packages = list(dict.fromkeys(PACKAGES[so][column] for so in missing if so in PACKAGES))
    unknown = [so for so in missing if so not in PACKAGES]
    sudo = "" if root else "sudo "
    if not packages:
        return "", unknown
    if family == "fedora":
        return f"{sudo}dnf install -y {' '.join(packages)}", unknown
    return f"{sudo}apt-get install -y {' '.join(packages)}", unknown


def xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")  # finds the package without loading Qt
    for location in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(location) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def report(missing: list[str], family: str, *, root: bool) -> str:
    lines = ["panelapp: the window cannot start: Qt's xcb platform plugin needs system libraries that are "
             "not installed:", "  " + " ".join(missing)]
    if family in ("debian", "fedora"):
        command, unknown = install_command(missing, family, root=root)
        if command:
            lines += ["Install them with:", f"  {command}"]
        for so in unknown:
            finder = f"apt-file search {so}" if family == "debian" else f"dnf provides '*/{so}'"
            lines.append(f"(no package known here for {so}; find it with: {finder})")
    else:
        debian, _ = install_command(missing, "debian", root=root)
        fedora, _ = install_command(missing, "fedora", root=root)
        lines += ["Install them with your package manager, e.g.:", f"  Debian/Ubuntu: {debian}",
                  f"  Fedora:        {fedora}"]
    lines.append("Then run `make run` again. (Headless use: QT_QPA_PLATFORM=offscreen.)")
    return "\n".join(lines)


def main() -> int:
    if not sys.platform.startswith("linux"):
        return 0
    platform = os.environ.get("QT_QPA_PLATFORM", "").strip().lower()
    if platform.startswith(NOT_XCB):
        return 0
    plugin = xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return 0  # cannot tell: let Qt speak for itself
    done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, check=False)
    missing = missing_libraries(done.stdout + done.stderr)
    if missing:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
        except OSError:
            os_release = ""
        print(report(missing, distro_family(os_release), root=os.geteuid() == 0), file=sys.stderr)
        return 1
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        print("panelapp: no display to open the window on (DISPLAY is not set). Run `make run` from a "
              "desktop session, or over ssh with -X.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
