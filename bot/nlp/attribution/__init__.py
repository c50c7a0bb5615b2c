"""Who says what: a speaker for each sentence of a news article.

Run once at ingest so that questions such as "what did Putin say?" can be
answered from stored attributions instead of re-reading every article.

The pass is rule-based and linear. It recognises the common news patterns
around reporting verbs ("said", "told", "warned", "according to", ...):

* direct speech: ``"Q," S said.`` / ``"Q," said S.`` / ``S said: "Q"`` / ``S: "Q"``
* reported speech: ``S said (that) ...`` / ``S says ...`` / ``..., S said.`` /
  ``according to S, ...`` / ``..., according to S.``
* quotes running over several sentences or paragraphs, credited to the
  speaker named at their start or end, or to the speaker of the sentence
  just before an unattributed quote;
* pronoun follow-ups ("He said ...", "she added", "they warned", "it said"),
  credited to the latest fitting speaker or sentence subject in the same or
  the previous paragraph. A subject counts when the sentence opens with it,
  behind titles or descriptors ("Wenger's Bayern counterpart Felix Magath"),
  an honorific, an appositive ("His party leader, Michael Howard,") or a
  relative clause; a person named elsewhere in the sentence does not;
* speech hung on the subject by a participle (``S left, adding: "Q"``) or a
  reporting verb followed by a clause without "that" ("S argued a change was
  needed");
* titles speaking without a name: "..., the Trade and Industry Secretary has
  said." is given to the next person named if nobody came before, and "the
  minister" to the one person in view whose known post fits.

Names are resolved across the article: "Russian President Vladimir Putin"
introduces "Vladimir Putin" with role "Russian President", and a later "Putin
said" or "Mr Putin said" maps to the same speaker. Non-person sources are kept
as written ("the British Chamber of Commerce", "officials", "the report").

Modes: ``direct`` when the sentence holds a quotation tagged by its own
reporting verb (even "he said"), ``reported`` for indirect speech naming the
speaker, ``continued`` when the speaker is inferred from elsewhere (a pronoun
in indirect speech, or a quote carried over from another sentence).

Deliberate choices, to stay precise rather than eager:

* "according to <source>" accepts documents and bodies ("the report",
  "a survey") but not rules or plans ("according to the plan").
* "he"/"she" bind to the latest person speaker (or person subject) of the same
  or previous paragraph whose known gender (from Mr/Mrs/Ms) does not clash;
  with no such speaker the sentence gets ``None``.
* Titles of people speaking for someone else ("the rapper's spokesman") are
  never merged with a named person.
* Joint subjects ("Aliyev and Pashinyan said") and speech verbs inside
  relative or subordinate clauses ("the plan, which Putin said ...") give
  ``None``.
* Lower-cased text (no capitals to spot names) relies on verb patterns,
  honorifics and title words only.

The package, by concern: ``lexicon`` (word lists, most of them data files in
``words/``), ``text`` (tokens), ``scanning`` (quotation marks), ``registry`` (names in
the article), ``phrases`` (subject phrases), ``cues`` (reporting patterns), ``subjects``
and ``binding`` (who a pronoun points to), ``attribute`` (the main pass) and ``search``
(what is indexed for a speaker).
"""

from bot.nlp.attribution.attribute import attribute_speakers
from bot.nlp.attribution.records import (
    ATTRIBUTION_VERSION,
    CONTINUED,
    DIRECT,
    REPORTED,
    Attribution,
)
from bot.nlp.attribution.search import speaker_keys, speaker_search_text

__all__ = [
    "ATTRIBUTION_VERSION",
    "CONTINUED",
    "DIRECT",
    "REPORTED",
    "Attribution",
    "attribute_speakers",
    "speaker_keys",
    "speaker_search_text",
]
