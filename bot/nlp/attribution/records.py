"""What attribution hands to the rest of the bot: one speaker per sentence."""

from __future__ import annotations

from dataclasses import dataclass

# Raised whenever the rules credit speakers differently, so that articles stored by older
# rules are credited again (``AttributionRefresher``); 0 is an article never versioned.
ATTRIBUTION_VERSION = 11

DIRECT = "direct"
REPORTED = "reported"
CONTINUED = "continued"


@dataclass(frozen=True, slots=True)
class Attribution:
    """The speaker of one sentence, as the search layer stores it."""

    name: str
    role: str | None
    mode: str
