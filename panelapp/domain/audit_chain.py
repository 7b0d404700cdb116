"""The audit log's hash chain: entry_hash = SHA-256(canonical entry ‖ prev_hash).

Pure functions so the store, `verify` and tests compute the chain the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

GENESIS = "0" * 64
CHAINED_FIELDS = ("seq", "at_utc", "actor", "action", "object_type", "object_id", "content_hash")


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"cannot canonicalise {type(value).__name__}")


def canonical(value: Any) -> bytes:
    """Deterministic JSON bytes: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default).encode()


def content_hash(content: Any) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


def entry_hash(entry: Mapping[str, Any], prev_hash: str) -> str:
    fields = {k: entry[k] for k in CHAINED_FIELDS}
    return hashlib.sha256(canonical(fields) + prev_hash.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(entries: Iterable[Mapping[str, Any]]) -> list[ChainBreak]:
    """Recompute the chain over entries in seq order; every place it does not hold."""
    breaks: list[ChainBreak] = []
    prev = GENESIS
    expected_seq = 1
    for e in entries:
        if e["seq"] != expected_seq:
            breaks.append(ChainBreak(e["seq"], f"sequence gap: expected entry {expected_seq}"))
        if e["prev_hash"] != prev:
            breaks.append(ChainBreak(e["seq"], "previous-hash link does not match"))
        if entry_hash(e, e["prev_hash"]) != e["entry_hash"]:
            breaks.append(ChainBreak(e["seq"], "entry was altered (hash does not match its content)"))
        prev = e["entry_hash"]
        expected_seq = e["seq"] + 1
    return breaks
