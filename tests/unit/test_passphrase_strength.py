"""The passphrase strength rule for new stores: zxcvbn's score, accepted from 3 ("offline slow hash")."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panelapp.domain.passphrase_strength import MIN_SCORE, PassphraseStrength, passphrase_strength

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("passphrase", "acceptable"), [
    ("", False),
    ("password", False),
    ("password123", False),
    ("Tr0ub4dour&3", False),
    ("qwertyuiop", False),
    ("panelapp2024", False),  # the application's own name is among the first guesses
    ("correct horse battery staple", True),
    ("lantern orchard velvet tundra", True),
    ("x7$kQ!p2-Lm9#vR4", True),
])
def test_common_and_strong_passphrases(passphrase, acceptable):
    strength = passphrase_strength(passphrase)
    assert strength.acceptable is acceptable
    assert (strength.score >= MIN_SCORE) is acceptable


def test_a_weak_passphrase_gets_advice_in_plain_words():
    strength = passphrase_strength("password")
    assert strength.score == 0 and strength.label == "very weak"
    assert "common" in strength.advice


def test_the_file_name_counts_against_the_passphrase():
    alone = passphrase_strength("westmidlands2024")
    with_context = passphrase_strength("westmidlands2024", ("westmidlands",))
    assert with_context.score <= alone.score
    assert not with_context.acceptable


def test_a_very_long_passphrase_is_scored_without_error():
    strength = passphrase_strength("violet ferry quartz " * 20)  # zxcvbn itself refuses more than 72
    assert strength.acceptable


@given(st.text(max_size=200))
def test_any_text_gets_a_score_on_the_scale(text):
    strength = passphrase_strength(text)
    assert isinstance(strength, PassphraseStrength)
    assert 0 <= strength.score <= 4
    assert strength.label
