"""Records of the limits every bot process must count together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FloodVerdict:
    """What to do with one incoming message."""

    allowed: bool
    retry_after: float = 0.0
    # True only for the first refused message of a burst, so the warning is said once.
    warn: bool = False
