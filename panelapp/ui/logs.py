"""The app's log and its last line of defence against bugs.

- A rotating log file in the platform's log place (`$XDG_STATE_HOME/panelapp/logs/panelapp.log` on Linux,
  `QStandardPaths.AppLocalDataLocation/logs` elsewhere), 0600, 3 × 1 MiB.
- No case content ever: records carry what happened and where in the code; an exception is written as
  its type and stack frames (file, line, function), never its message or source lines (a bug's message
  may hold a name or a value).
- `sys.excepthook` logs a bug that reached the event loop and shows one dialog; the app keeps running.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QStandardPaths

LOG_NAME = "panelapp.log"


def log_dir() -> Path:
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
        return Path(base) / "panelapp" / "logs"
    location = QStandardPaths.StandardLocation.AppLocalDataLocation
    return Path(QStandardPaths.writableLocation(location)) / "logs"


class ContentFreeFormatter(logging.Formatter):
    """Formats exceptions as type + frames only: the message of a bug may carry case content."""

    def formatException(self, ei: tuple[type[BaseException], BaseException, TracebackType | None]
                        | tuple[None, None, None]) -> str:
        kind, _exc, tb = ei
        # file, line and function only: a source line may hold a literal, a message a name or a value
        frames = "".join(f'  File "{f.filename}", line {f.lineno}, in {f.name}\n'
                         for f in traceback.extract_tb(tb)) if tb else ""
        name = kind.__qualname__ if kind else "?"
        return f"Traceback (message and source withheld):\n{frames}{name}"


class PrivateRotatingFileHandler(RotatingFileHandler):
    """Every log file it opens (the first, and each new one after a rotation) is 0600 whatever the umask:
    the stock handler opens the new file with `open()`, 0644 under the usual umask."""

    def _open(self) -> io.TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o600)  # a file left by an older version keeps its mode otherwise
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def install_logging(directory: Path | None = None) -> Path | None:
    """Log to the rotating file; returns its path, or None when the folder cannot be made (never fatal)."""
    folder = directory or log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / LOG_NAME
        handler = PrivateRotatingFileHandler(path, maxBytes=1 << 20, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(ContentFreeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("panelapp")
    root.setLevel(logging.INFO)
    for old in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    return path


def log_bug(exc: BaseException, where: str = "event loop") -> None:
    logging.getLogger("panelapp").error("bug in %s: %s", where, type(exc).__qualname__,
                                        exc_info=(type(exc), exc, exc.__traceback__))


def install_excepthook(show: Callable[[str], None]) -> None:
    """Bugs that reach the event loop are logged and shown once (`show(message)`); Ctrl+C still quits."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(kind, exc, tb)
            return
        log_bug(exc)
        try:
            show(f"Something went wrong inside panelapp ({kind.__qualname__}). Your data is safe in the "
                 f"store; the details (without case content) are in {log_dir() / LOG_NAME}.")
        except Exception:  # the dialog itself failed: the log already has the bug
            sys.__excepthook__(kind, exc, tb)

    sys.excepthook = hook
