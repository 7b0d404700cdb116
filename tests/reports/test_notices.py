"""The outcome notice and the public notice, built to memory and read back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from panelapp.reports import outcome_notice, public_notice
from panelapp.reports.data import (
    AppealRoute,
    FindingNotice,
    OutcomeNotice,
    OutcomeNoticeData,
    PanelLine,
    PublicFinding,
    PublicNoticeData,
    fingerprint,
    short_fingerprint,
)
from tests.reports.pdfcheck import (
    assert_fonts_embedded_and_subset,
    fonts,
    full_text,
    in_order,
    lang,
    metadata_text,
    page_texts,
    qpdf_check,
    reader,
)

pytestmark = pytest.mark.pdf

NAMES = ("Zoë Ó Súilleabháin", "Łukasz Wiśniewski", "Nguyễn Thị Minh", "Σωκράτης Παπαδόπουλος", "Иван Петров")
HEBREW = "דוד לוי"
D = dt.date


def notice(**changes: object) -> OutcomeNoticeData:
    findings = tuple(FindingNotice(
        number=n, particulars=f"Particulars of allegation {n} concerning {NAMES[n % 5]}.",
        standards=("4 — Use of Force",), alleged_level="Gross misconduct", facts="Proved",
        level="Gross misconduct" if n == 1 else "Misconduct", standards_breached=("4 — Use of Force",),
        reasons=f"Reasons for allegation {n}. " + "The panel preferred the independent account. " * 6,
        citations=(f"B{n}", f"C1, BWV-1 00:{n:02d}:18")) for n in range(1, 11))
    data = OutcomeNoticeData(
        reference="NM-2025-0042", force="Northmoor Constabulary", officer_name=NAMES[0], officer_rank="PC",
        warrant_number="4417", unit="Response Team 3", former_officer=False, proceeding="Misconduct hearing",
        rules="Conduct Regs 2020 as amended", hearing_start=D(2025, 6, 9), hearing_end=D(2025, 6, 11),
        venue="Headquarters", held_in_public=True,
        panel=(PanelLine("Chair (chief officer or delegate)", NAMES[1]), PanelLine("Independent member", NAMES[2]),
               PanelLine("Independent member", NAMES[3]), PanelLine("Legally qualified person (adviser)", HEBREW)),
        findings=findings,
        seriousness=(("Culpability", "Deliberate."), ("Harm", "Serious harm to public confidence.")),
        outcome=OutcomeNotice("Final written warning", "Reasons for the outcome.", "3 years", D(2028, 6, 10),
                              "Exceptional circumstances: long unblemished service.",
                              (("Written warning", "Too lenient for the harm caused."),)),
        appeal=AppealRoute("the Police Appeals Tribunal", "PAT Rules 2020 r.9: 10 working days", D(2025, 6, 25),
                           D(2025, 6, 11), grounds="Unreasonable finding."),
        barred_list="", decided_on=D(2025, 6, 11), issued_on=D(2025, 6, 11),
        signatory=PanelLine("Chair (chief officer or delegate)", NAMES[1]), representative=NAMES[4],
    )
    return dataclasses.replace(data, **changes)


@pytest.fixture(scope="module")
def final_pdf() -> bytes:
    return outcome_notice.render(notice())


def test_notice_text_in_reading_order(final_pdf: bytes) -> None:
    text = full_text(final_pdf)
    assert in_order(text, "OFFICIAL-SENSITIVE", "Outcome of misconduct proceedings", "NM-2025-0042",
                    "The panel", "Findings", "Allegation 1", "Allegation 10", "Assessment of seriousness",
                    "Outcome", "Final written warning", "Duration: 3 years", "In force until: 10 June 2028",
                    "Why a less severe outcome is not enough", "Written warning", "Your right of appeal",
                    "25 June 2025", "Signed on behalf of the panel")
    assert "[B3]; [C1, BWV-1 00:03:18]" in text
    assert "DRAFT" not in text


def test_every_page_has_marking_page_x_of_y_and_fingerprint(final_pdf: bytes) -> None:
    pages = page_texts(final_pdf)
    assert len(pages) >= 3
    short = short_fingerprint(fingerprint(notice()))
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") == 2, number  # header and footer
        assert f"Page {number} of {len(pages)}" in text
        assert f"Decision fingerprint {short}" in text


def test_unicode_names_extract_exactly_from_embedded_subset_fonts(final_pdf: bytes) -> None:
    text = full_text(final_pdf)
    for name in NAMES:
        assert name in text
    # right-to-left: drawn in visual order; readers (pypdf, poppler) turn it back into the logical order
    assert HEBREW in text
    assert_fonts_embedded_and_subset(final_pdf)
    # the house faces, and the shaped face for the right-to-left name only (see styles)
    assert {str(f["/BaseFont"])[8:] for f in fonts(final_pdf)} == {"DejaVuSans", "DejaVuSans-Bold",
                                                                   "DejaVuSans-Shaped"}


def test_same_decision_same_bytes_changed_decision_new_fingerprint(final_pdf: bytes) -> None:
    assert outcome_notice.render(notice()) == final_pdf
    changed = notice(outcome=dataclasses.replace(notice().outcome, reasons="Different reasons."))
    old, new = short_fingerprint(fingerprint(notice())), short_fingerprint(fingerprint(changed))
    assert old != new
    text = full_text(outcome_notice.render(changed))
    assert f"Decision fingerprint {new}" in text and old not in text


def test_metadata_has_title_and_reference_but_no_names(final_pdf: bytes) -> None:
    meta = metadata_text(final_pdf)
    assert "NM-2025-0042" in meta and "Outcome notice" in meta
    for name in (*NAMES, "Zo", "Súilleabháin"):
        assert name not in meta
    assert lang(final_pdf) == "en-GB"
    assert reader(final_pdf).metadata.title == "Outcome notice NM-2025-0042"


def test_draft_carries_watermark_on_every_page_and_same_fingerprint() -> None:
    draft = outcome_notice.render(notice(draft=True))
    pages = page_texts(draft)
    assert all("DRAFT" in p for p in pages)
    assert "(draft)" in pages[0]
    assert short_fingerprint(fingerprint(notice())) in pages[0]


def test_notice_for_ten_allegations_is_valid_pdf(final_pdf: bytes) -> None:
    qpdf_check(final_pdf)
    assert len(re.findall(r"Allegation \d+:", full_text(final_pdf))) == 10


def public(**changes: object) -> PublicNoticeData:
    data = PublicNoticeData(
        reference="NM-2025-0042", force="Northmoor Constabulary", officer="Officer X", anonymity_order=True,
        former_officer=False, proceeding="Misconduct hearing", hearing_start=D(2025, 6, 9),
        hearing_end=D(2025, 6, 11), venue="Headquarters", held_in_public=True,
        panel_roles=("Chair (chief officer or delegate)", "Independent member", "Independent member"),
        findings=(PublicFinding(1, "Used unnecessary force.", ("4 — Use of Force",), "Gross misconduct"),
                  PublicFinding(2, "Failed to complete a form.", ("6 — Duties and Responsibilities",),
                                "Not proved")),
        outcome="Dismissal without notice", barred_list="The officer's name will be included in the police "
        "barred list.", published_on=D(2025, 6, 11), take_down_on=D(2025, 7, 9),
    )
    return dataclasses.replace(data, **changes)


def test_public_notice_content_order_and_marking() -> None:
    pdf = public_notice.render(public())
    text = full_text(pdf)
    assert in_order(text, "OFFICIAL", "Outcome of a police misconduct hearing", "Officer X", "Anonymity order",
                    "Allegations and findings", "Used unnecessary force.", "Gross misconduct", "Not proved",
                    "Outcome", "Dismissal without notice", "Police barred list", "Published on", "11 June 2025",
                    "To be removed on", "9 July 2025")
    assert "OFFICIAL-SENSITIVE" not in text
    assert public_notice.render(public()) == pdf
    assert_fonts_embedded_and_subset(pdf)
    qpdf_check(pdf)


LONG = "The officer pushed Mr Dale against the wall of the custody suite without any lawful reason. " * 214


@pytest.mark.parametrize("where", ["particulars", "why_not", "public summary"])
def test_text_as_long_as_the_store_allows_runs_on_over_pages(where: str) -> None:
    """Particulars and reasons may hold 20,000 characters: a table row that tall used to stop the notice."""
    text = LONG[:19_980] + " END-OF-TEXT"
    assert len(text) <= 20_000
    d = notice()
    if where == "particulars":
        pdf = outcome_notice.render(dataclasses.replace(
            d, findings=(dataclasses.replace(d.findings[0], particulars=text), *d.findings[1:])))
    elif where == "why_not":
        pdf = outcome_notice.render(dataclasses.replace(
            d, outcome=dataclasses.replace(d.outcome, why_not=(("Written warning", text),))))
    else:
        pdf = public_notice.render(dataclasses.replace(
            public(), findings=(PublicFinding(1, text, ("4 — Use of Force",), "Gross misconduct"),)))
    pages = page_texts(pdf)
    assert len(pages) >= 4 and "END-OF-TEXT" in " ".join(pages)
    assert all("OFFICIAL" in p for p in pages)  # the marking on every page, the long ones too
