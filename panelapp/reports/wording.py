"""Fixed wording and small text helpers shared by the documents (plain values in, text out)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from panelapp.reports.bundle import BundlePlan
from panelapp.reports.parts import long_date

SECTION_TITLES: dict[str, str] = {
    "A": "Notices and the officer's response",
    "B": "Witness statements",
    "C": "Video and audio",
    "D": "Records",
    "E": "Other documents",
}

# PAT Rules 2020 r.4 grounds [S]: wording kept here so a later release can correct it in one place.
PAT_GROUNDS = ("that the finding or the disciplinary action was unreasonable; that there is evidence that "
               "could not reasonably have been considered at the hearing which could have materially affected "
               "the finding or decision; or that there was a breach of the procedures or other unfairness which "
               "could have materially affected the finding or decision.")


def clock(moment: datetime | None) -> str:
    return f"{moment:%H:%M:%S} on {long_date(moment.date())}" if moment else ""


def hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


@dataclass(frozen=True)
class CitationRef:
    """A pinpoint reference as stored: the evidence item and a page within it or a media time."""

    evidence_key: int
    page: int | None = None
    at_seconds: int | None = None
    exhibit_ref: str = ""
    note: str = ""


def citation_label(layout: BundlePlan, ref: CitationRef) -> str:
    """"B4", "C1, BWV-1 00:03:18": the bundle page (or item and time) a reference resolves to today."""
    label = layout.label(ref.evidence_key, ref.page)
    if ref.at_seconds is not None:
        label += f", {ref.exhibit_ref + ' ' if ref.exhibit_ref else ''}{hms(ref.at_seconds)}"
    return label + (f": {ref.note}" if ref.note else "")


def redact(value: str, names: Iterable[str], shown: str) -> str:
    """Every occurrence of the officer's names (longest first, whole words, any case) replaced by `shown`."""
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        value = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", shown, value, flags=re.IGNORECASE)
    return value


def officer_names(name: str, rank: str, warrant_number: str) -> list[str]:
    """The forms an officer's identity takes in free text: "PC 4417 Owen Hartley", "PC Hartley", "Owen"…"""
    parts = name.split()
    forms = [name, *parts, warrant_number]
    if rank:
        forms += [f"{rank} {name}", f"{rank} {warrant_number} {name}"]
        forms += [f"{rank} {p}" for p in parts] + [f"{rank} {warrant_number} {p}" for p in parts]
    return [f for f in forms if f.strip()]


def barred_list_text(former_officer: bool, report_due: date | None) -> str:
    who = "the former officer" if former_officer else "the officer"
    due = f" by {long_date(report_due)}" if report_due else " within 5 working days"
    return (f"This outcome means that {who} will be included in the police barred list. The appropriate "
            f"authority must report it to the College of Policing{due}.")


@dataclass(frozen=True)
class AdviceLine:
    subject: str
    given_on: date | None
    advice: str
    followed: bool | None
    reasons_if_not: str = ""


def lqp_text(advice: Iterable[AdviceLine]) -> str:
    paragraphs = []
    for a in advice:
        head = f"Advice on {a.subject.lower() or 'the case'}" + (f", {long_date(a.given_on)}" if a.given_on else "")
        verdict = {True: "The panel followed this advice.",
                   False: f"The panel did not follow this advice, for these reasons: {a.reasons_if_not}",
                   None: "Whether the panel followed this advice is not recorded."}[a.followed]
        paragraphs.append(f"{head}: {a.advice}\n{verdict}")
    return "\n\n".join(paragraphs)
