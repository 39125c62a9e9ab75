"""Agreement in words a teacher reads once and understands, for the class dashboard.

Krippendorff's alpha compares how much the students' levels differ with how much they would
differ if each level were drawn at random from the class's own answers: alpha = 1 − observed
disagreement / chance disagreement. So 1 is full agreement, 0 is what chance gives, and a
negative value means the students differ *more* than chance would (−0.74: 1.74 times as much).
"""

from __future__ import annotations

NEAR_CHANCE = 0.1
"""Within this of 0, alpha is read as "about as often as chance"."""
CLOSE = 0.8
"""From here up, agreement is close enough to rely on (Krippendorff's own threshold)."""
TENTATIVE = 0.667
"""Krippendorff's lowest level for tentative conclusions."""


def alpha_sentence(alpha: float | None, note: str = "") -> str:
    """One sentence on how far the students agree with each other (the key aside)."""
    if alpha is None:
        reason = note or "there are too few answers"
        return f"Agreement between students cannot be measured yet: {reason}."
    shown = f"α = {signed(alpha)}"
    if alpha >= CLOSE:
        return (
            f"Students largely agree with each other ({shown}): their levels differ only "
            f"{round(100 * (1 - alpha))}% as much as levels picked at random would."
        )
    if alpha > NEAR_CHANCE:
        strength = "somewhat" if alpha >= TENTATIVE else "only a little"
        return (
            f"Students agree with each other {strength} more often than chance ({shown}): their "
            f"levels differ {round(100 * (1 - alpha))}% as much as levels picked at random would."
        )
    if alpha >= -NEAR_CHANCE:
        return (
            f"Students agree with each other about as often as they would by picking levels at "
            f"random ({shown}): the questions may be read in different ways."
        )
    return (
        f"Students agree with each other less than chance would ({shown}): their levels differ "
        f"{1 - alpha:.1f} times as much as levels picked at random would, so they are probably "
        "reading the questions in different ways."
    )


def signed(value: float) -> str:
    """A figure with a true minus sign, as in the sentences."""
    return f"{value:.2f}".replace("-", "−")


def kappa_sentence(kappa: float | None, pairs: int, note: str, words: str) -> str:
    """One sentence on the class against the key, all questions pooled (`words`: the
    convention's name for the value, such as "moderate")."""
    if kappa is None:
        return f"Weighted kappa against the key is not computed: {note}."
    shown = f"weighted kappa {signed(kappa)}, over {pairs} answers"
    if kappa <= 0:
        return f"Students match the answer key no better than chance would ({shown})."
    return f"Students match the answer key with {words} agreement beyond chance ({shown})."
