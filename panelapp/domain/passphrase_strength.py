"""How hard a new store's passphrase is to guess (zxcvbn), and whether panelapp accepts it.

The threat is an offline attack on a copied store file: the attacker can try guesses as fast as Argon2id
allows, for as long as they like. zxcvbn's score 3 means "safely unguessable: moderate protection from an
offline slow-hash scenario" (fewer than 10^10 guesses would not find it), which is exactly this case, so a
new store needs score 3 or more. Scoring is pure CPU (a few milliseconds), done as the user types.
"""

from __future__ import annotations

from dataclasses import dataclass

from zxcvbn import zxcvbn

MIN_SCORE = 3
# zxcvbn refuses longer input (its matching is quadratic); a longer passphrase is scored on its first
# 72 characters, which can only under-rate it.
_SCORED_CHARS = 72
# Words an attacker would try first for this application's stores.
_CONTEXT_WORDS = ("panelapp", "panel", "police", "misconduct", "hearing", "chair", "store", "passphrase",
                  "password")
LABELS = ("very weak", "weak", "fair", "strong", "very strong")


@dataclass(frozen=True)
class PassphraseStrength:
    score: int  # 0 (guessable in seconds) … 4 (very strong), zxcvbn's scale
    warning: str  # zxcvbn's warning, "" when it has none
    suggestions: tuple[str, ...]

    @property
    def label(self) -> str:
        return LABELS[self.score]

    @property
    def acceptable(self) -> bool:
        return self.score >= MIN_SCORE

    @property
    def advice(self) -> str:
        """One or two short sentences for the user: what is wrong, or what would make it stronger."""
        parts = [self.warning, *self.suggestions[:1]] if self.warning else list(self.suggestions[:2])
        return " ".join(p for p in parts if p)


def passphrase_strength(passphrase: str, context: tuple[str, ...] = ()) -> PassphraseStrength:
    """Score a passphrase; `context` adds words the user's own situation makes obvious (a file name)."""
    if not passphrase:
        return PassphraseStrength(0, "", ("Use a few uncommon words, or a long phrase only you would think of.",))
    result = zxcvbn(passphrase[:_SCORED_CHARS], user_inputs=[*_CONTEXT_WORDS, *(w for w in context if w)])
    feedback = result.get("feedback") or {}
    score = max(0, min(4, int(result["score"])))
    return PassphraseStrength(score, str(feedback.get("warning") or ""),
                              tuple(str(s) for s in feedback.get("suggestions") or ()))
