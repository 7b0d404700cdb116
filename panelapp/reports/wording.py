"""Fixed wording and small text helpers shared by the documents (plain values in, text out)."""

from __future__ import annotations

import re
import unicodedata
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


# Titles and ranks that may stand before a name in free text ("Mr Penrose", "PC 3390 Brook"): taken out
# with the name, so the placeholder does not read "Mr [Witness A]".
_TITLE_WORDS = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame", "Lord", "Lady", "Rev", "Cllr",
                "PC", "DC", "PCSO", "PS", "DS", "Sgt", "Sergeant", "Constable", "Insp", "Inspector", "DI", "CI",
                "DCI", "Supt", "Superintendent", "DSupt", "CSupt", "ACC", "DCC", "CC", "Commander", "Chief",
                "Detective", "Custody", "Acting", "Temporary", "Officer")
_TITLES = {t.lower() for t in _TITLE_WORDS}
_TITLE = "(?i:" + "|".join(sorted(_TITLE_WORDS, key=len, reverse=True)) + r")\.?"  # MS SMITH too
# Given names that are also calendar words are only taken out as part of the whole name ("May", "June").
_CALENDAR = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


@dataclass(frozen=True)
class PersonName:
    """A name as recorded ("PC 3390 N. Brook", "Ms R. Okafor, counsel (fictional)") taken apart."""

    words: tuple[str, ...]  # the name without titles, ranks, numbers or notes: ("N.", "Brook")
    numbers: tuple[str, ...]  # warrant or collar numbers: ("3390",)

    @classmethod
    def parse(cls, recorded: str) -> PersonName:
        core = re.sub(r"\([^)]*\)", " ", recorded).split(",")[0]
        tokens = core.split()
        return cls(tuple(t for t in tokens if not t.isdigit() and t.rstrip(".").lower() not in _TITLES),
                   tuple(t for t in tokens if t.isdigit()))

    @classmethod
    def parse_listed(cls, recorded: str) -> PersonName:
        """A name as the user listed it to be kept out ("Anna Lord", "Mrs Jane Smith"): titles are dropped only
        at the start, so a surname that is also a title or rank ("Lord", "Constable") stays a name."""
        tokens = unicodedata.normalize("NFC", recorded).split()
        while tokens and tokens[0].rstrip(".").lower() in _TITLES:
            tokens = tokens[1:]
        return cls(tuple(t for t in tokens if not t.isdigit()), tuple(t for t in tokens if t.isdigit()))

    @property
    def parts(self) -> tuple[str, ...]:
        """The words that are names, not initials."""
        return tuple(w for w in self.words if len(w.rstrip(".")) > 1)

    def forms(self) -> tuple[str, ...]:
        """How the person may be named in free text: in full, without initials, by each name, by number."""
        parts = self.parts
        alone = [p for p in parts if p not in _CALENDAR or len(parts) == 1]
        found = {" ".join(self.words), " ".join(parts), *alone, *self.numbers}
        return tuple(sorted(f for f in found if f))

    def same_person(self, other: PersonName) -> bool:
        """The same surname with no clash of first initials, or the same warrant number."""
        if set(self.numbers) & set(other.numbers):
            return True
        if not self.parts or not other.parts or self.parts[-1].lower() != other.parts[-1].lower():
            return False
        mine, theirs = self.words[:-1], other.words[:-1]
        return not mine or not theirs or mine[0][0].lower() == theirs[0][0].lower()


@dataclass(frozen=True)
class Redaction:
    """A person to keep out of a published text: the forms of their name, and what stands in their place.
    Names of one word match in the case written ("Brook", not "brook") unless `any_case`."""

    forms: tuple[str, ...]
    shown: str
    any_case: bool = False


def _word_pattern(word: str) -> str:
    """An initial ("N." in "N. Brook") stands for any given name with that letter: "Nadia Brook" too. A
    straight and a curly apostrophe are the same letter ("O'Brien", "O’Brien")."""
    if len(word.rstrip(".")) == 1 and word[0].isalpha():
        return rf"{re.escape(word[0])}[\w'’-]*\.?"
    return re.sub(r"['’]", "['’]", re.escape(word))


def published_form(text: str) -> str:
    """Free text as a published notice checks and prints it: composed Unicode (a pasted "Zoë" may be "e" and a
    combining mark), without soft hyphens (invisible, yet they split a name for a search)."""
    return unicodedata.normalize("NFC", text).replace("\u00ad", "")


def redact_people(value: str, people: Iterable[Redaction]) -> str:
    """Every mention of each person (whole words, with a title or rank before it) replaced, in one pass, so
    a placeholder is never matched again; the longest form wins where forms overlap. An initial in a form
    matches the given names it may stand for."""
    pairs = sorted(((form, p) for p in people for form in p.forms if form.strip()), key=lambda fp: -len(fp[0]))
    if not pairs:
        return value
    groups = []
    for i, (form, p) in enumerate(pairs):
        words = r"\s+".join(_word_pattern(w) for w in form.split())
        groups.append(f"(?P<p{i}>{words})" if " " not in form.strip() and not p.any_case
                      else f"(?P<p{i}>(?i:{words}))")
    pattern = re.compile(rf"(?<![\w.])(?:{_TITLE}\s+(?:\d+\s+)?)?(?:{'|'.join(groups)})(?!\w)")
    return pattern.sub(lambda m: pairs[int(str(m.lastgroup)[1:])][1].shown, value)


_TITLED_NAME = re.compile(rf"(?<![\w.\[])(?:{_TITLE})\s+(?:\d+\s+)?((?:[A-Z]\.\s*|[A-Z][\w'’-]+\s+)*[A-Z][\w'’-]+)")


def titled_names(text: str, allowed: Iterable[str] = ()) -> tuple[str, ...]:
    """Names still standing after a title or rank in `text` ("Mrs Jane Smith", "PS 12 Green"), each once, in
    order: in a published text, someone nobody kept out. A name whose words are all in `allowed` (the officer
    the notice may name) or are all titles ("Chief Constable") is not one."""
    allowed_words = {w.lower() for form in allowed for w in form.split()}
    found: list[str] = []
    for match in _TITLED_NAME.finditer(text):
        words = [w.rstrip(".") for w in match.group(1).split()]
        names = [w for w in words if w.lower() not in _TITLES]
        if names and not all(w.lower() in allowed_words for w in names) and match.group(0) not in found:
            found.append(match.group(0))
    return tuple(found)


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
