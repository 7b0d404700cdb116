"""The use cases over one open store. One public method = one unit of work; plain data in and out."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from panelapp.domain.case_data import CaseSummary, EvidenceSummary, ImportResult, VerifyReport
from panelapp.models import keys
from panelapp.models.audit import append_entry
from panelapp.models.store import BackupResult, Store
from panelapp.services import case_exchange, case_queries, rule_set_service
from panelapp.services.allegations_service import AllegationService
from panelapp.services.audit_service import AuditService
from panelapp.services.audit_state import record_migrated_state
from panelapp.services.cases_service import CaseService
from panelapp.services.decision_service import DecisionService
from panelapp.services.documents_service import DocumentService
from panelapp.services.evidence_import import DEFAULT_PLACEMENT, EvidenceImportService, Placement
from panelapp.services.evidence_service import EvidenceService
from panelapp.services.files import check_output_target, write_atomically
from panelapp.services.integrity_service import verify_store
from panelapp.services.notes_service import NoteService
from panelapp.services.people_service import PeopleService
from panelapp.services.reading_service import ReadingService
from panelapp.services.rule_set_service import RuleSetView
from panelapp.services.search_service import SearchService

if TYPE_CHECKING:
    from panelapp.services.documents import PublicNoticeChecks


class PanelServices:
    """Everything the UI and the CLI may do with a store: one service per area, plus store-wide methods.

    The area services (`cases`, `people`, `allegations`, `evidence`, `search`, `notes`, `reading`,
    `audit`) share the
    shape in `service_base`: domain data out, `Changes` from every write.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._imports = EvidenceImportService(store.session)
        self.cases = CaseService(store.session)
        self.people = PeopleService(store.session)
        self.allegations = AllegationService(store.session)
        self.evidence = EvidenceService(store.session)
        self.search = SearchService(store.session)
        self.notes = NoteService(store.session)
        self.reading = ReadingService(store.session)
        self.audit = AuditService(store.session)
        self.documents = DocumentService(store.session, store.path)
        self.decisions = DecisionService(store.session)

    # --- opening and closing --------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike[str], passphrase: str, *, kdf: keys.KdfParams | None = None
               ) -> PanelServices:
        return cls(Store.create(path, passphrase, kdf=kdf))

    @classmethod
    def open(cls, path: str | os.PathLike[str], passphrase: str | Callable[[], str], *,
             kdf: keys.KdfParams | None = None, inspect: bool = False) -> PanelServices:
        """Open a store. `inspect=True` (verify) also opens a damaged store, read-only, to report on it.

        A store migrated from an older schema has its objects' states re-recorded in the new shape, in one
        transaction (`audit_state.record_migrated_state`), so `verify` does not call every case altered.
        """
        store = Store.open(path, passphrase, kdf=kdf, inspect=inspect)
        try:
            if store.migrated_from is not None and not store.page_problems:
                with store.session() as s:
                    record_migrated_state(s, store.migrated_from)
        except BaseException:
            store.close()
            raise
        return cls(store)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> PanelServices:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def rollback_warning(self) -> str | None:
        """Set when the store is behind what this computer last saw of it (an older copy put back)."""
        return self.store.rollback_warning

    def accept_as_current(self) -> None:
        """The user restored an older copy on purpose: stop warning about it."""
        self.store.accept_as_current()

    def set_display_name(self, name: str | None) -> None:
        """The name the user gave in settings; the audit log records it beside the operating-system user."""
        self.store.display_name = name or None

    @property
    def migration_note(self) -> str | None:
        """Set when opening migrated an older store: what was done and where the backup is."""
        if self.store.migrated_from is None:
            return None
        return (f"migrated from schema {self.store.migrated_from}; the store as it was is backed up at "
                f"{self.store.migration_backup}")

    # --- cases and evidence ---------------------------------------------------------------------
    def list_cases(self) -> list[CaseSummary]:
        with self.store.session() as s:
            return case_queries.list_cases(s)

    def list_evidence(self, case_id: int) -> list[EvidenceSummary]:
        with self.store.session() as s:
            return case_queries.list_evidence(s, case_id)

    def case_id(self, reference: str) -> int:
        with self.store.session() as s:
            return case_queries.case_id_for(s, reference)

    def import_files(self, case_reference: str, paths: Iterable[str | os.PathLike[str]],
                     placement: Placement = DEFAULT_PLACEMENT) -> list[ImportResult]:
        return self._imports.import_files(case_reference, paths, placement)

    # --- which rules apply ------------------------------------------------------------------------
    def rule_sets(self, reference: str) -> list[RuleSetView]:
        """Per question (outcomes, panel, former-officer schedule): the rule set, why, its source, whether
        that rule was verified, and any recorded override with its reason."""
        with self.store.session() as s:
            return rule_set_service.rule_sets(s, reference)

    def override_rule_set(self, reference: str, question: str, rule_set: str, reason: str) -> RuleSetView:
        """Record a rule-set override for one question with its reason (refused without one); audited."""
        with self.store.session() as s:
            return rule_set_service.override_rule_set(s, reference, question, rule_set, reason)

    # --- exchange -------------------------------------------------------------------------------
    def export_case(self, reference: str) -> dict[str, Any]:
        with self.store.session() as s:
            return case_exchange.export_case(s, reference)

    def export_case_to(self, reference: str, path: str | os.PathLike[str], *, force: bool = False) -> str:
        """Write the case JSON to a path the user chose (atomically); audited with the file's hash.

        An existing file is replaced only with `force`; the store, its side files and anything that looks
        like a store never are.
        """
        target = check_output_target(path, force=force, store_path=self.store.path)
        data = case_exchange.dumps(self.export_case(reference)).encode("utf-8")
        with self.store.session() as s:  # audited in the same unit of work: no entry without the file
            case_id = case_queries.case_id_for(s, reference)
            append_entry(s, action="case.export", object_type="export", object_id=case_id,
                         content={"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})
            digest = write_atomically(target, data)
        return digest

    def import_case(self, document: dict[str, Any]) -> str:
        with self.store.session() as s:
            return case_exchange.import_case(s, document).reference

    def import_case_file(self, path: str | os.PathLike[str]) -> str:
        """Create a case from a case file: read without hanging (FIFOs, devices refused), bounded, validated."""
        return self.import_case(case_exchange.read_case_file(path))

    # --- the store itself -----------------------------------------------------------------------
    def verify(self) -> VerifyReport:
        return verify_store(self.store)

    def backup(self, dest: str | os.PathLike[str]) -> BackupResult:
        return self.store.backup(dest)

    def has_audit_entry(self, entry_hash: str) -> bool:
        """Whether the store's audit chain holds `entry_hash` (a head printed earlier): not rolled back."""
        return self.store.has_audit_entry(entry_hash)

    def change_passphrase(self, new_passphrase: str, *, kdf: keys.KdfParams | None = None) -> None:
        self.store.rekey(new_passphrase, kdf=kdf)

    # --- documents ------------------------------------------------------------------------------
    def save_notice(self, reference: str, path: str | os.PathLike[str], *, public: bool = False,
                    draft: bool = False, force: bool = False) -> str:
        """The outcome notice (or the public notice) as a PDF at a path the user chose; audited with its
        SHA-256 (returned). A final notice needs a decision that passed its readiness check."""
        from panelapp.services import documents

        target = check_output_target(path, force=force, store_path=self.store.path)
        with self.store.session() as s:
            pdf = documents.outcome_notice_pdf(s, reference, public=public, draft=draft)
            name = "public_notice" if public else "outcome_notice"
            return documents.save_pdf(s, reference, name, pdf, target)

    def public_notice_checks(self, reference: str) -> PublicNoticeChecks:
        """What to point out before the public notice leaves the app (`documents.PublicNoticeChecks`): a name it
        still prints after a title or rank, a listed name shared with the officer. A warning, not a refusal."""
        from panelapp.services import documents

        with self.store.session() as s:
            return documents.public_notice_checks(s, reference)

    def save_bundle(self, reference: str, path: str | os.PathLike[str], *, force: bool = False) -> str:
        """The paginated hearing bundle as a PDF at a path the user chose; audited with its SHA-256."""
        from panelapp.services import documents

        target = check_output_target(path, force=force, store_path=self.store.path)
        with self.store.session() as s:
            return documents.save_bundle(s, reference, target)

    def build_demo(self, today: dt.date | None = None) -> str:
        """The fictional demo case; given `today`, its hearing and decision fall in the week before, so its
        time limits read as a live case's (without, its dates are fixed in June 2025, as tests expect)."""
        from panelapp.services.demo_case import build_demo_case

        with self.store.session() as s:
            return build_demo_case(s, today)
