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
