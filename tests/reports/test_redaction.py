"""Keeping people out of the published notice: names as recorded taken apart, and every mention replaced."""

from __future__ import annotations

import pytest

from panelapp.domain.text_rules import letter_label
from panelapp.reports.wording import PersonName, Redaction, officer_names, redact_people, titled_names

pytestmark = pytest.mark.unit


def witness(recorded: str, letter: str) -> Redaction:
    return Redaction(PersonName.parse(recorded).forms(), f"[Witness {letter}]")


PEOPLE = (witness("Lewis Penrose", "A"), witness("PC 3390 N. Brook", "C"), witness("April Jones", "D"),
          Redaction(tuple(officer_names("Owen Hartley", "PC", "4417")), "Officer X", any_case=True))


@pytest.mark.parametrize(("text", "published"), [
    ("PC Hartley struck Mr Lewis Penrose.", "Officer X struck [Witness A]."),
    ("Mr Penrose's head; penrose", "[Witness A]'s head; penrose"),  # a lower-case word is not a name
    ("PC 3390 Brook, Nadia Brook, N. Brook and the brook", "[Witness C], [Witness C], [Witness C] and the brook"),
    ("Officer 4417 and owen hartley", "Officer X and Officer X"),  # the officer: in any case, by number
    ("On 1 April 2025 April Jones met Ms Jones", "On 1 April 2025 [Witness D] met [Witness D]"),
])
def test_each_mention_is_replaced_once_with_its_title(text: str, published: str) -> None:
    assert redact_people(text, PEOPLE) == published


def test_a_placeholder_is_never_matched_again() -> None:
    people = (Redaction(("Witness",), "[Witness A]"), Redaction(("A",), "[Witness B]"))
    assert redact_people("Witness", people) == "[Witness A]"


def test_recorded_names_lose_titles_numbers_and_notes_and_match_the_same_person() -> None:
    okafor = PersonName.parse("Ms R. Okafor, counsel for the appropriate authority (fictional)")
    assert okafor.words == ("R.", "Okafor") and okafor.forms() == ("Okafor", "R. Okafor")
    brook = PersonName.parse("PC 3390 N. Brook")
    assert brook.numbers == ("3390",)
    assert brook.same_person(PersonName.parse("PC 3390 Brook"))
    assert brook.same_person(PersonName.parse("Nadia Brook"))
    assert not brook.same_person(PersonName.parse("Mark Brook"))
    assert PersonName.parse("Owen Hartley 4417").same_person(PersonName.parse("PC 4417 Hartley"))
    assert [letter_label(n) for n in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]


def test_names_left_after_a_title_are_found_once_each_the_officers_and_titles_alone_are_not() -> None:
    text = ("PC Hartley pushed Mrs Jane Smith while Mr Doe filmed; the Chief Constable, PS 12 Green, Dr. Who. "
            "Ms Smith, Mrs J. Smith, Mrs Jane Smith again, [Witness A], Officer X and mr lowercase.")
    assert titled_names(text, officer_names("Owen Hartley", "PC", "4417")) == (
        "Mrs Jane Smith", "Mr Doe", "PS 12 Green", "Dr. Who", "Ms Smith", "Mrs J. Smith")
    assert titled_names("Officer Alpha struck [Witness A]; Officer Alpha denies it.", ["Officer Alpha"]) == ()
