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


@dataclass(frozen=True, slots=True)
class SendTurn:
    """The turn one message to a chat was given.

    ``at`` is when the turn is, in seconds on the storage's own clock (turns of one storage
    compare with each other, not with other clocks); ``wait`` is how long from the moment
    the turn was handed out until then.
    """

    at: float
    wait: float
