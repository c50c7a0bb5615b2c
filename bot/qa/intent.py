"""What a plain message asks for: an article's summary, or an answer from the sentences.

People type "summarize the Armenia story" as often as they use /summary; searching the
sentences for the word "summarize" would answer the wrong question.
"""

from __future__ import annotations

import re

_SUMMARY_REQUEST = re.compile(
    r"""^(?:(?:please|pls|hey|ok|okay)[\s,]+)?
        (?:(?:can|could|would|will)\s+you\s+)?
        (?:
            summari[sz]e|sum\s+up|recap|brief\s+me\s+on|tl;?\s*dr(?:\s+of)?
          | (?:give|send|show)\s+(?:me\s+)?(?:a|the)\s+
            (?:summary|short\s+version|gist|recap)(?:\s+of)?
          | (?:a\s+|the\s+)?(?:summary|short\s+version|gist)(?:\s+of)?
          | what(?:'s|’s|\s+is)\s+the\s+(?:gist|short\s+version|summary)(?:\s+of)?
        )
        (?=[\s?.!,:]|$)
        (?:\s+(?P<topic>.*?))?
        [\s?.!]*$""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)


def summary_request(text: str) -> str | None:
    """The article asked about ("" for "the latest") if ``text`` asks for a summary."""
    match = _SUMMARY_REQUEST.match(text.strip())
    if match is None:
        return None
    topic = (match.group("topic") or "").strip(" ,:;-—")
    topic = re.sub(r"^(?:me\s+)?(?:on|about|of)\s+", "", topic, flags=re.IGNORECASE)
    return topic


_SCOPE_WORDS = (
    r"(?:\s+(?:today|yesterday|lately|recently|so\s+far"
    r"|this\s+(?:morning|week|month)|last\s+week))?"
)
_HEADLINES_REQUEST = re.compile(
    r"""^(?:(?:so|ok|okay|hey|and)[\s,]+)?
        (?:
            (?:what(?:'s|’s|\s+is)|anything|any)\s+(?:new|news|happening|going\s+on)
          | what\s+(?:happened|has\s+happened|is\s+happening|'s\s+happening)
          | (?:the\s+)?(?:latest|top|today(?:'s|’s)|this\s+week(?:'s|’s)|recent)?\s*
            (?:news|headlines|stories|articles)
        )"""
    + _SCOPE_WORDS
    + r"""[\s?.!]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|yo|good\s+(?:morning|afternoon|evening)|thanks|thank\s+you|thx|"
    r"cheers|ok|okay|👋|🙏|👍)(?:\s+(?:there|bot|newsbot|again|so\s+much|a\s+lot))?[\s!.?,]*$",
    re.IGNORECASE,
)


def headlines_request(text: str) -> bool:
    """ "What's new?", "news today", "what happened this week": a list, not a search."""
    return _HEADLINES_REQUEST.match(text.strip()) is not None


def is_small_talk(text: str) -> bool:
    """A greeting or a thank-you: searching the news for "hello" helps nobody."""
    return _GREETING.match(text.strip()) is not None
