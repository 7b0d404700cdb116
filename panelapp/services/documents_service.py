"""DocumentService: build a notice or the bundle in memory for preview, then save or print those bytes.

What the user previewed is what is saved or printed (the same bytes; output is deterministic anyway).
Every save and every print is audited with the PDF's SHA-256. Saving goes through the same target checks as
the command line: never over the store, its side files, or anything that looks like a store.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select

from panelapp.domain.changes import Area, Changes
from panelapp.domain.document_kinds import DocumentKind, RenderedDocument
from panelapp.domain.errors import NotFoundError
from panelapp.models.audit import append_entry
from panelapp.models.schema import Case
from panelapp.services import documents
from panelapp.services.files import check_output_target
from panelapp.services.service_base import AreaService, SessionFactory


class DocumentService(AreaService):
    def __init__(self, session: SessionFactory, store_path: Path | None = None) -> None:
        super().__init__(session)
        self._store_path = store_path

    def render(self, case_id: int, kind: DocumentKind, *, draft: bool = True) -> RenderedDocument:
        """Build the document as PDF bytes (nothing is written or audited until it is saved or printed).

        A final (non-draft) notice is refused with a one-line reason until the decision passes its readiness
        check; the bundle needs evidence.
        """
        with self._session() as s:
            reference = s.scalar(select(Case.reference).where(Case.id == case_id))
            if reference is None:
                raise NotFoundError("that case is no longer in this store")
            warnings: tuple[str, ...] = ()
            if kind is DocumentKind.BUNDLE:
                pdf = documents.bundle_pdf(s, reference)
                draft = False
            elif kind is DocumentKind.PUBLIC_NOTICE:
                pdf, checks = documents.public_notice_with_checks(s, reference, draft=draft)
                warnings = tuple(
                    f"Allegation {n} still names “{name}”: if they must not be named in public, add them to "
                    "“Not named in public” (Edit case)." for n, name in checks.unlisted) + tuple(
                    f"“{name}” shares the name “{word}” with the officer: a mention by “{word}” alone is left as "
                    "written (it may be the officer); check the allegations." for name, word in checks.shared)
            else:
                pdf = documents.outcome_notice_pdf(s, reference, draft=draft)
        return RenderedDocument(kind, case_id, reference, draft, pdf, warnings)

    def save(self, rendered: RenderedDocument, path: str | os.PathLike[str]) -> Changes:
        """Write the previewed bytes atomically to a path the user chose (the file dialog already asked
        before replacing a file); audited with the SHA-256, which `Changes.value` carries."""
        target = check_output_target(path, force=True, store_path=self._store_path)
        with self._session() as s:
            digest = documents.save_pdf(s, rendered.reference, rendered.kind.value, rendered.pdf, target)
        return Changes.of(Area.AUDIT, case_id=rendered.case_id, value=digest)

    def record_print(self, rendered: RenderedDocument, pages: int) -> Changes:
        """Printing also takes the document out of the app: audit it with its hash."""
        with self._session() as s:
            append_entry(s, action=f"document.print.{rendered.kind.value}", object_type="case",
                         object_id=rendered.case_id,
                         content={"sha256": rendered.sha256, "size": len(rendered.pdf), "pages": pages,
                                  "document": rendered.kind.value})
        return Changes.of(Area.AUDIT, case_id=rendered.case_id, value=rendered.sha256)
