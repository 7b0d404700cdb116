"""File names as they may appear in a one-line message."""

from __future__ import annotations


def printable_name(name: str, limit: int | None = None) -> str:
    """Control characters (a newline in a file name, say) shown as '?'; shortened in the middle past `limit`."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in name)
    if limit is not None and len(clean) > limit:
        clean = f"{clean[: limit // 2 - 1]}…{clean[-(limit // 2 - 1):]}"
    return clean
