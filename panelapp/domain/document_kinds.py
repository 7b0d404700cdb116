"""The documents the app writes, and what each is called where it is shown or audited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum


class DocumentKind(StrEnum):
    OUTCOME_NOTICE = "outcome_notice"  # the reg 43 written outcome to the officer
    PUBLIC_NOTICE = "public_notice"  # the published outcome notice (pseudonym under an anonymity order)
    BUNDLE = "bundle"  # the paginated hearing bundle

    @property
    def label(self) -> str:
        return {"outcome_notice": "Outcome notice", "public_notice": "Public outcome notice",
                "bundle": "Hearing bundle"}[self.value]


@dataclass(frozen=True)
class RenderedDocument:
    """A document built in memory: what the user previews is exactly what is saved or printed."""

    kind: DocumentKind
    case_id: int
    reference: str
    draft: bool
    pdf: bytes = field(repr=False)
    # Before it leaves the app: what the user should check (the public notice: a name it may still print).
    warnings: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    @property
    def suggested_name(self) -> str:
        """A file name without personal data: the case reference and the document."""
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.reference)
        return f"{safe}-{self.kind.value.replace('_', '-')}{'-draft' if self.draft else ''}.pdf"
