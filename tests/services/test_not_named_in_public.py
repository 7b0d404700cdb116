"""The people a published notice must not name (DOMAIN.md §8: the officer, or the pseudonym, and the panel by
role; nobody else). A complainant named only in the particulars was published: the case now lists them, the
published notice shows each as listed, and the list is checked, stored, audited, migrated and exported."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, update

from panelapp.domain.case_records import CaseDraft, check_draft, normalised, not_named_entries, public_stand_ins
from panelapp.domain.document_kinds import DocumentKind
from panelapp.domain.errors import BadInputError, RefusedError
from panelapp.domain.vocabulary import Proceeding
from panelapp.models.schema import AuditEntry, Case
from panelapp.models.store import Store, _alembic_config, head_revision
from panelapp.services import documents
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE, keyed_connection
from tests.reports.pdfcheck import full_text
from tests.services.test_case_exchange import as_version_3

REF = "DEMO-001"
PARTICULARS = ("On 14 September 2024 PC Hartley pushed Mrs Jane Smith against a wall while Mark Doe filmed it; "
               "Ms Smith complained the next day.")


# --- the rule --------------------------------------------------------------------------------------------
def test_each_line_is_a_person_with_what_stands_in_their_place() -> None:
    text = "Jane Smith = Complainant A\n\n  Mark Doe  \nMr O'Brien-Lee=Member of the public B"
    assert not_named_entries(text) == (("Jane Smith", "Complainant A"), ("Mark Doe", ""),
                                       ("Mr O'Brien-Lee", "Member of the public B"))
    assert public_stand_ins(text + "\nAnn Lee") == (
        ("Jane Smith", "[Complainant A]"), ("Mark Doe", "[Person A]"),
        ("Mr O'Brien-Lee", "[Member of the public B]"), ("Ann Lee", "[Person B]"))
    assert public_stand_ins("") == ()


@pytest.mark.parametrize(("text", "reason"), [
    ("Jane Smith\n= Complainant A", "line 2 needs a name"),
    ("Jane Smith = Complainant = A", "line 1 has more than one “=”"),
    ("Jane Smith =", "line 1: say after “=” what the notice shows instead"),
    ("Jane Smith = [Complainant A]", "line 1: write what the notice shows without brackets"),
    ("Jane Smith = " + "x" * 61, "line 1: what the notice shows instead is longer than 60 characters"),
    ("42", "line 1 needs a name"),
    ("\n".join(f"Person Number{i}" for i in range(101)), "at most 100 people"),
    ("Jane Smith\x00", "control character"),
    ("Smith, Jane = Complainant A", "line 1: write the name as it is said, first name first, without commas"),
    ("Complainant (Jane Smith)", "line 1: write the name as it is said"),
    ("Jane Smith = Witness A", "line 1: “Witness A” is how the notice shows someone else"),
    ("Jane Smith = person b", "line 1: “person b” is how the notice shows someone else"),
    ("Jane Smith = Mrs Smith", "entry 1: what the notice shows instead repeats a listed name"),
    ("Jane Smith = wife of Mark Doe\nMark Doe", "entry 1: what the notice shows instead repeats a listed name"),
    ("Jane Smith\n\nJANE SMITH = Complainant A", "line 2 lists the same name as an earlier line"),
])
def test_a_line_that_breaks_a_rule_is_named_with_its_reason(text: str, reason: str) -> None:
    draft = normalised(CaseDraft(reference="R-1", force="Force", proceeding=Proceeding.HEARING,
                                 issued_on=date(2025, 2, 10), not_named_in_public=text))
    with pytest.raises(BadInputError, match=f"^Not named in public: .*{reason}") as caught:
        check_draft(draft)
    assert caught.value.field == "Not named in public"


def test_the_list_is_tidied_one_person_a_line() -> None:
    draft = normalised(CaseDraft(reference="R-1", force="Force", proceeding=Proceeding.HEARING,
                                 issued_on=date(2025, 2, 10),
                                 not_named_in_public="\r\n Jane Smith   =Complainant A \r\n\r\nMark Doe\n"))
    assert draft.not_named_in_public == "Jane Smith = Complainant A\nMark Doe"


# --- the published notice ------------------------------------------------------------------------------
def _with_complainant(services: PanelServices) -> int:
    case_id = services.case_id(REF)
    officer = services.people.officers(case_id)[0]
    services.decisions.reopen(officer.id, "The particulars name the complainant")
    first = services.allegations.for_case(case_id)[0]
    services.allegations.update(first.id, replace(first.details, particulars=PARTICULARS))
    return case_id


def _notices(services: PanelServices, tmp_path: Path) -> tuple[str, str]:
    public, private = tmp_path / "public.pdf", tmp_path / "private.pdf"
    services.save_notice(REF, public, public=True, draft=True, force=True)
    services.save_notice(REF, private, draft=True, force=True)
    return (" ".join(full_text(public.read_bytes()).split()), " ".join(full_text(private.read_bytes()).split()))


def test_the_published_notice_shows_listed_people_as_listed_the_officers_notice_names_them(
        demo_store: Path, tmp_path: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        case_id = _with_complainant(services)
        public, _ = _notices(services, tmp_path)
        assert "Mrs Jane Smith" in public and "Mark Doe" in public  # unlisted: published as written
        draft = services.cases.get(case_id).draft
        services.cases.update(case_id, replace(draft, not_named_in_public="Jane Smith = Complainant A\nMark Doe"))
        public, private = _notices(services, tmp_path)
        assert services.verify().ok
    assert ("On 14 September 2024 PC Hartley pushed [Complainant A] against a wall while [Person A] filmed it; "
            "[Complainant A] complained the next day.") in public
    for name in ("Jane", "Smith", "Mark", "Doe"):
        assert name not in public, name
    assert PARTICULARS in private  # the officer's own notice is not published: it names them


def test_a_name_after_a_title_that_nothing_keeps_out_is_pointed_out(demo_store: Path) -> None:
    """A warning before the notice leaves the app: a name printed after a title or rank, not the officer's.
    A name without a title ("Mark Doe") is not found; the list is what keeps people out."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        assert services.public_notice_checks(REF).unlisted == ()  # the demo names its witnesses only: all kept out
        case_id = _with_complainant(services)
        assert services.public_notice_checks(REF).unlisted == ((1, "Mrs Jane Smith"), (1, "Ms Smith"))
        services.cases.update(case_id, replace(services.cases.get(case_id).draft, not_named_in_public="Jane Smith"))
        assert services.public_notice_checks(REF).unlisted == ()


def test_a_witness_on_the_list_is_shown_as_the_list_says(demo_store: Path, tmp_path: Path) -> None:
    """Lewis Penrose gave a statement (so is "[Witness A]" unlisted); listed, the list's words win, and the
    next witness takes the first letter."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        case_id = services.case_id(REF)
        services.cases.update(case_id, replace(services.cases.get(case_id).draft,
                                               not_named_in_public="Lewis Penrose = Complainant A"))
        public, _ = _notices(services, tmp_path)
    assert "[Complainant A]" in public and "Penrose" not in public and "[Witness A]" not in public


def test_a_list_no_form_would_take_stops_the_published_notice_not_the_officers(demo_store: Path) -> None:
    """A list no form or case file would take (a line with no name: only a change outside panelapp, which
    `save_notice` refuses first as an altered case) is never half-applied: the published notice is refused
    with the field and the line."""
    with PanelServices.open(demo_store, PASSPHRASE) as services, services.store.session() as s:
        s.execute(update(Case).values(not_named_in_public="Jane Smith\n= Complainant A"))
        with pytest.raises(BadInputError, match=r"^Not named in public: line 2 needs a name"):
            documents.outcome_notice_pdf(s, REF, public=True, draft=True)
        assert "Penrose" in full_text(documents.outcome_notice_pdf(s, REF, draft=True))


def _public_with(demo_store: Path, tmp_path: Path, particulars: str, listed: str, *,
                 anonymity: bool = False) -> tuple[str, PanelServices]:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        case_id = _with_complainant(services)
        first = services.allegations.for_case(case_id)[0]
        services.allegations.update(first.id, replace(first.details, particulars=particulars))
        draft = replace(services.cases.get(case_id).draft, not_named_in_public=listed, anonymity_order=anonymity,
                        pseudonym="Officer A" if anonymity else "")
        services.cases.update(case_id, draft)
        public, _ = _notices(services, tmp_path)
    return public, services


def test_under_an_anonymity_order_the_officer_stays_the_pseudonym_beside_a_listed_complainant(
        demo_store: Path, tmp_path: Path) -> None:
    """Review (this session): the complainant's stand-in replaced the officer too, so the notice said the
    complainant had done it."""
    public, _ = _public_with(demo_store, tmp_path, "PC Hartley pushed Jane Smith. Owen Hartley then left.",
                             "Jane Smith = Complainant A", anonymity=True)
    assert "Officer A pushed [Complainant A]. Officer A then left." in public
    assert "Hartley" not in public and "Smith" not in public


def test_a_listed_name_shared_with_the_officer_leaves_the_officer_named_and_is_warned_of(
        demo_store: Path, tmp_path: Path) -> None:
    """Review: "Jane Hartley" on the list turned "PC Hartley" into her stand-in. Without an anonymity order the
    officer may be named: the shared word alone is left as written, and the preview says so."""
    public, _ = _public_with(demo_store, tmp_path, "PC Hartley pushed Mrs Jane Hartley; Mrs Hartley fell.",
                             "Jane Hartley = Complainant A")
    assert "PC Hartley pushed [Complainant A]; Mrs Hartley fell." in public
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        assert services.public_notice_checks(REF).shared == (("Jane Hartley", "Hartley"),)
        rendered = services.documents.render(services.case_id(REF), DocumentKind.PUBLIC_NOTICE)
    assert ("“Jane Hartley” shares the name “Hartley” with the officer: a mention by “Hartley” alone is left as "
            "written (it may be the officer); check the allegations.") in rendered.warnings


@pytest.mark.parametrize(("particulars", "listed", "published"), [
    ("Later MS SMITH complained; smith cried.", "Jane Smith", "Later [Person A] complained; [Person A] cried."),
    ("Pushed Jane Smith; Ms Smith complained.", "jane smith", "Pushed [Person A]; [Person A] complained."),
    ("Pushed Anna Lord; Mrs Lord complained.", "Anna Lord", "Pushed [Person A]; [Person A] complained."),
    ("Pushed Tom Constable.", "Tom Constable = Complainant A", "Pushed [Complainant A]."),
    ("Pushed Sean O’Brien; Mr O'Brien fell.", "Sean O'Brien", "Pushed [Person A]; [Person A] fell."),
    ("Pushed Zoe\u0308 Hart; Ms Sm\u00adith saw.", "Zoë Hart\nAnn Smith", "Pushed [Person A]; [Person B] saw."),
    ("Struck Lewis Penrose twice; Lewis fell.", "Penrose", "Struck [Witness A] twice; [Witness A] fell."),
])
def test_listed_people_are_kept_out_however_the_particulars_write_them(
        demo_store: Path, tmp_path: Path, particulars: str, listed: str, published: str) -> None:
    """Review (this session): case (MS SMITH), a surname that is also a title (Lord, Constable), the other
    apostrophe, a decomposed accent or a soft hyphen, and a listed witness surname (which left "Lewis") each let
    a listed name through."""
    public, _ = _public_with(demo_store, tmp_path, particulars, listed)
    assert published in public


# --- stored, audited, migrated, exported -------------------------------------------------------------------
def test_the_list_is_part_of_the_audited_case_state(demo_store: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        case_id = services.case_id(REF)
        services.cases.update(case_id, replace(services.cases.get(case_id).draft, not_named_in_public="Jane Smith"))
        assert services.cases.get(case_id).draft.not_named_in_public == "Jane Smith"
        assert services.verify().ok
        with services.store.engine.begin() as conn:  # taken off the list outside panelapp
            conn.exec_driver_sql("UPDATE cases SET not_named_in_public = ''")
        report = services.verify()
    assert not report.ok and any(REF in p or "case" in p for p in report.problems)


def test_a_store_from_before_the_list_migrates_with_nobody_listed_and_its_log_still_verifies(
        demo_store: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        _with_complainant(services)
    with Store.open(demo_store, PASSPHRASE) as store, store.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0011")
    with keyed_connection(demo_store) as conn:
        assert "not_named_in_public" not in {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(cases)")}
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        assert services.store.migrated_from == "0011" and services.store.revision == head_revision()
        assert services.cases.get(services.case_id(REF)).draft.not_named_in_public == ""
        assert services.verify().ok
        with services.store.session() as s:  # the column is hashed only when set: no state was re-recorded
            migrated = s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("%state-migrated"))).all()
        assert migrated == []


def test_the_list_round_trips_through_a_case_file_and_an_older_file_lists_nobody(
        demo_store: Path, empty_store: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        case_id = services.case_id(REF)
        services.cases.update(case_id, replace(services.cases.get(case_id).draft,
                                               not_named_in_public="Jane Smith = Complainant A\nMark Doe"))
        document = services.export_case(REF)
    assert document["version"] == 4
    assert document["case"]["not_named_in_public"] == "Jane Smith = Complainant A\nMark Doe"
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        services.import_case(copy.deepcopy(document))
        assert services.export_case(REF) == document
        older = as_version_3(document)
        older["case"]["reference"] = "DEMO-003"
        services.import_case(older)
        assert services.export_case("DEMO-003")["case"]["not_named_in_public"] == ""
        assert services.verify().ok


@pytest.mark.parametrize(("value", "reason"), [
    ("= Quarrington", "case/not_named_in_public: line 1 needs a name"),
    ("Quarrington" * 200, "case/not_named_in_public: must be at most 2000 characters long"),
])
def test_a_case_file_with_a_bad_list_is_refused_and_nothing_written(
        demo_store: Path, empty_store: Path, value: str, reason: str) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        document = services.export_case(REF)
    document["case"]["not_named_in_public"] = value
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        with pytest.raises(RefusedError, match=f"invalid case file at {reason}") as caught:
            services.import_case(document)
        assert "Quarrington" not in str(caught.value)  # never the value
        assert services.list_cases() == []
