"""The published outcome notice (DOMAIN §8): what a force puts on its website.

The input holds only what publication allows: the officer's rank and name, or the pseudonym under an
anonymity order; the panel by role; standards and the finding per allegation; the outcome; the
publication and take-down dates. The particulars come with everyone else the case knows by name replaced
("[Witness A]", "[a panel member]"; see `services.documents`).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from panelapp.reports import styles as S
from panelapp.reports.data import PublicNoticeData, fingerprint, short_fingerprint
from panelapp.reports.parts import (
    Furniture,
    build_document,
    date_range,
    facts_table,
    grid_table,
    long_date,
    para,
    paragraph,
    text,
)

TITLE = "Outcome of a police misconduct hearing"


def render(d: PublicNoticeData) -> bytes:
    st = S.styles()
    officer = d.officer + (" (former officer)" if d.former_officer else "")
    rows = [
        ("Force", d.force),
        ("Reference", d.reference),
        ("Officer", officer),
        ("Proceedings", d.proceeding),
        ("Dates", date_range(d.hearing_start, d.hearing_end)),
        ("Venue", d.venue or "not recorded"),
        ("Held", "in public" if d.held_in_public else "in private"),
        ("Panel", "\n".join(d.panel_roles) or "not recorded"),
    ]
    if d.anonymity_order:
        rows.append(("Anonymity order", "The panel made an anonymity order: the officer is referred to by a "
                                        "pseudonym."))
    story: list[Flowable] = [
        paragraph(TITLE + (" (draft)" if d.draft else ""), st.title),
        paragraph(f"Published by {text(d.force)}", st.subtitle),
        facts_table(rows),
        paragraph("Allegations and findings", st.h1),
        grid_table(
            ("No.", "Allegation", "Standards", "Finding"),
            [(str(f.number), f.summary, "\n".join(f.standards), f.finding) for f in d.findings],
            (11 * mm, 85 * mm, 42 * mm, S.CONTENT_WIDTH - 138 * mm),
        ),
        paragraph("Outcome", st.h1),
        para(d.outcome + (f" ({d.outcome_detail})" if d.outcome_detail else ""), st.h2),
    ]
    if d.barred_list:
        story += [paragraph("Police barred list", st.h1), para(d.barred_list, st.body)]
    story += [
        paragraph("Publication", st.h1),
        facts_table([("Published on", long_date(d.published_on)),
                     ("To be removed on", long_date(d.take_down_on))]),
    ]
    digest = fingerprint(d)
    furniture = Furniture(
        marking=d.marking, left_header=d.force, right_header=f"Published outcome · {d.reference}",
        footer_note=f"Notice fingerprint {short_fingerprint(digest)}", draft=d.draft,
    )
    return build_document(
        story, furniture, title=f"Published outcome {d.reference}" + (" (draft)" if d.draft else ""),
        subject="Outcome of a police misconduct hearing", keywords=(d.reference, f"sha256:{digest}"),
        author=d.force,
    )
