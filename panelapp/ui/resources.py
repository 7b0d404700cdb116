"""Where the app's own files are: the icon (resources/ in a checkout, or beside the package)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def app_icon_path() -> Path | None:
    for candidate in (_PACKAGE / "resources" / "panelapp.svg", _PACKAGE.parent / "resources" / "panelapp.svg"):
        if candidate.is_file():
            return candidate
    return None
