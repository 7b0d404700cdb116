"""The outcome notice to the officer: the regulation 43 report and the written notice of appeal rights.

Plain data in (`OutcomeNoticeData`), PDF bytes out. Deliberation (private notes, votes) is not part of
the input, so it cannot appear.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from panelapp.reports import styles as S
from panelapp.reports.data import OutcomeNoticeData, fingerprint, short_fingerprint
from panelapp.reports.parts import (
    Furniture,
    build_document,
    date_range,
    facts_table,
    grid_table,
    long_date,
    para,
    paragraph,
    signature_block,
    text,
)

NBSP = "\u00a0"  # the appeal date never breaks across lines
TITLE = "Outcome of misconduct proceedings"
SUBTITLE = ("Report under regulation 43 of the Police (Conduct) Regulations 2020 "
            "and notice of the right of appeal")


def _officer_line(d: OutcomeNoticeData) -> str:
    who = f"{d.officer_rank} {d.officer_name}".strip()
    if d.warrant_number:
        who += f", warrant number {d.warrant_number}"
    if d.unit:
        who += f"\n{d.unit}"
    if d.former_officer:
        who += "\nFormer officer"
    return who


def _case_facts(d: OutcomeNoticeData) -> list[Flowable]:
    rows = [
        ("Force", d.force),
        ("Case reference", d.reference),
        ("Officer concerned", _officer_line(d)),
    ]
    if d.representative:
        rows.append(("Representative", d.representative))
    rows += [
        ("Proceedings", d.proceeding),
        ("Rules applied", d.rules),
        ("Dates", date_range(d.hearing_start, d.hearing_end)),
        ("Venue", d.venue or "not recorded"),
        ("Held", "in public" if d.held_in_public else "in private"),
        ("Decision given", long_date(d.decided_on)),
        ("Date of this notice", long_date(d.issued_on)),
    ]
    return [facts_table(rows)]


def _panel(d: OutcomeNoticeData) -> list[Flowable]:
    st = S.styles()
    rows = [(m.role, m.name) for m in d.panel]
    return [paragraph("The panel", st.h1),
            grid_table(("Role", "Name"), rows, (70 * mm, S.CONTENT_WIDTH - 70 * mm))]


def _findings(d: OutcomeNoticeData) -> list[Flowable]:
    st = S.styles()
    out: list[Flowable] = []
    for f in d.findings:
        head = paragraph(f"Allegation {f.number}: {text(f.level)}", st.h2)
        rows = [
            ("Particulars", f.particulars),
            ("Standards alleged", "\n".join(f.standards) or "none recorded"),
            ("Alleged to amount to", f.alleged_level),
            ("Facts", f.facts),
            ("Finding", f.level),
            ("Standards breached", "\n".join(f.standards_breached) or "none"),
        ]
        lead = [] if out else [paragraph("Findings", st.h1)]  # the section heading never ends a page
        out.append(KeepTogether([*lead, head, facts_table(rows)]))
        out.append(Spacer(1, 1.5 * mm))
        out.append(paragraph("Reasons", st.label))
        out.append(para(f.reasons, st.body))
        if f.citations:
            refs = "; ".join(f"[{c}]" for c in f.citations)
            out.append(para(f"Evidence relied on: {refs}", st.small))
        out.append(Spacer(1, 2 * mm))
    return out


def _seriousness(d: OutcomeNoticeData) -> list[Flowable]:
    if not d.seriousness:
        return []
    st = S.styles()
    out: list[Flowable] = []
    for heading, body in d.seriousness:
        lead = [] if out else [paragraph("Assessment of seriousness", st.h1)]
        out.append(KeepTogether([*lead, paragraph(text(heading), st.label), para(body, st.body)]))
    return out


def _outcome_box(label: str, detail: str) -> Table:
    st = S.styles()
    cells = [[paragraph(text(label), S.styles().h1)]]
    if detail:
        cells.append([para(detail, st.cell)])
    box = Table(cells, colWidths=[S.CONTENT_WIDTH], hAlign="LEFT")
    box.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), S.FONT),
        ("BACKGROUND", (0, 0), (-1, -1), S.SHADE),
        ("LINEBEFORE", (0, 0), (0, -1), 2.5, S.ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, 0), 0),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
    ]))
    return box


def _outcome(d: OutcomeNoticeData) -> list[Flowable]:
    st = S.styles()
    out: list[Flowable] = [paragraph("Outcome", st.h1)]
    o = d.outcome
    if o is None:
        return [*out, para("No outcome has been decided.", st.body)]
    detail = []
    if o.duration:
        detail.append(f"Duration: {o.duration}")
    if o.expires_on:
        detail.append(f"In force until: {long_date(o.expires_on)}")
    out.append(_outcome_box(o.label, "\n".join(detail)))
    out.append(Spacer(1, 3 * mm))
    out.append(paragraph("Reasons for the outcome", st.label))
    out.append(para(o.reasons, st.body))
    if o.exceptional_circumstances:
        out.append(paragraph("Exceptional circumstances", st.label))
        out.append(para(o.exceptional_circumstances, st.body))
    if o.why_not:
        out.append(paragraph("Why a less severe outcome is not enough", st.h2))
        out.append(grid_table(("Less severe outcome", "Why it is not enough"), list(o.why_not),
                              (52 * mm, S.CONTENT_WIDTH - 52 * mm)))
    return out


def _consequences(d: OutcomeNoticeData) -> list[Flowable]:
    st = S.styles()
    out: list[Flowable] = []
    if d.lqp_advice:
        out += [paragraph("Advice of the legally qualified person", st.h1), para(d.lqp_advice, st.body)]
    if d.barred_list:
        out += [paragraph("Police barred list", st.h1), para(d.barred_list, st.body)]
    if d.local_policing_body:
        out += [paragraph("Local policing body", st.h1), para(d.local_policing_body, st.body)]
    return out


def _appeal(d: OutcomeNoticeData) -> list[Flowable]:
    st = S.styles()
    a = d.appeal
    if a is None:
        return []
    out: list[Flowable] = [paragraph("Your right of appeal", st.h1)]
    if a.deadline:
        lead = (f"You may appeal to {a.body}. Your notice of appeal must be given by "
                f"<b>{long_date(a.deadline).replace(' ', NBSP)}</b>.")
    else:
        lead = (f"You may appeal to {a.body}. The last day for your notice of appeal is counted from the day "
                "you receive this notice.")
    out.append(paragraph(lead, st.body))
    rows = [("Rule", a.regulation)]
    if a.counted_from:
        rows.append(("Counted from", f"{long_date(a.counted_from)}, the day this notice is supplied to you "
                                     "(working days, excluding bank holidays in England and Wales)"))
    if a.grounds:
        rows.append(("Grounds", a.grounds))
    out.append(facts_table(rows))
    if not a.verified and d.draft:
        out.append(para("Draft check: this time limit is marked unverified in panelapp's rule tables; "
                        "confirm it before the notice is issued.", st.small))
    return out


def render(d: OutcomeNoticeData) -> bytes:
    """The notice as PDF bytes; the same data always gives the same bytes."""
    st = S.styles()
    digest = fingerprint(d)
    story: list[Flowable] = [
        paragraph(TITLE + (" (draft)" if d.draft else ""), st.title),
        paragraph(SUBTITLE, st.subtitle),
        *_case_facts(d),
        *_panel(d),
        *_findings(d),
        *_seriousness(d),
        *_outcome(d),
        *_consequences(d),
        *_appeal(d),
    ]
    if d.signatory:
        story.append(signature_block(d.signatory.role, d.signatory.name, d.decided_on))
    furniture = Furniture(
        marking=d.marking, left_header=d.force, right_header=f"Outcome notice · {d.reference}",
        footer_note=f"Decision fingerprint {short_fingerprint(digest)}", draft=d.draft,
    )
    return build_document(
        story, furniture, title=f"Outcome notice {d.reference}" + (" (draft)" if d.draft else ""),
        subject="Regulation 43 report and notice of appeal rights", keywords=(d.reference, f"sha256:{digest}"),
        author=d.force,
    )
