"""Who says what: a speaker for each sentence of a news article.

Run once at ingest so that questions such as "what did Putin say?" can be
answered from stored attributions instead of re-reading every article; articles
record ``ATTRIBUTION_VERSION`` so that better rules can credit them again later.

The pass is rule-based and linear, precise first: a wrong speaker is worse than
none. It recognises the news patterns around reporting cues:

* direct speech: ``"Q," S said.`` / ``"Q," said S.`` / ``S said: "Q"`` / ``S: "Q"`` /
  ``Said S, "Q"`` / ``S continued, "Q"`` / ``S shot back, "Q"`` / ``S continued by saying,
  "Q"``, with any of “ ” " and NYT-style ``''`` as quotation marks, also when a curly
  mark is typed the wrong way round;
* reported speech: ``S said (that) ...`` / ``..., S said.`` / ``according to S`` /
  ``X, S noted, ...`` / ``as S put it`` / ``S voted no and said ...`` / ``S went on
  to say`` / ``S's claim that ...``; beliefs, intentions and judgements count as
  statements too ("S believes", "S called for", "S likened", "S is promising",
  "..., calling him a fraud", 'what S called “a disaster”');
* the speaker phrase may hold descriptors, lower-case or possessive ("Clinton
  campaign spokesman Brian Fallon", "Clinton campaign Chairman John Podesta", "said 9/11
  widow Terry Strada", "said retired neurosurgeon Ben Carson"), appositives ("X, chairman
  of Y, said", stored as the role; "said his best friend at college, Bruce Turry"), ages,
  places ("of Allentown, Pa."), party tags ("R-Ky.", "Republican of Ohio") and
  affiliations ("Jo Li of the Acme Institute", "of digital consulting firm IMGE"),
  which never become the name;
* quotations running over several sentences or paragraphs, credited to the
  speaker named at their start or end, to a bare tag after them ("Smith said."),
  to a signature ("― Jane Roe"), to the speaker just before them, or to one who
  announced them ("Sanders made the following comment:", "Bystrom agreed."); a
  curly mark opening a sentence reopens a quotation left open; transcript lines
  ("TAPPER: ...") credit their paragraph. A quotation that is never closed ends
  where a sentence within it names its speaker in the third person ("“The main
  concern is my age. Bosvelt joined City in 2003. ...”"): that sentence and those after
  it, up to the next quotation mark, are read as narrative;
* speech in a clause about a person: "..., from Mike Lee, who declared, “...”",
  "He was responding to Tory spokesman Julian Lewis who said ...",
  "..., with Sen. John McCain calling it “a Chinese menu”", "Obama responded to her
  by saying ...", and a tag closing the sentence ("..., Ben Carson said Monday.") over
  a stance verb opening it; a bare quotation after one narrative sentence that names
  nobody else continues the quotation before it;
* pronoun follow-ups ("He said ...", "she added", "they warned", "it said"),
  credited to the latest speaker or sentence subject of a fitting gender in this
  or the previous paragraph (two back when nobody else who could fit was named
  outside quotations), else to the one person of that gender named in this or the
  previous paragraph; a colon handing over to a quotation tagged "he said" keeps
  the sentence's own subject, and so does a "he" joined to it by "and" or "but".
  A person a view or a statement comes from ("One dissenting opinion came from Brian
  Gammage") is the one in view after a sentence with no person as its subject.
  A person the quotation itself names is the one addressed or spoken of, not its
  speaker: '“I said to Harry ...,” he said' goes to the one speaking before it, or to
  nobody when nobody else was speaking.
  Subjects count after an opening phrase or clause ("Later in the day, she ...", "As
  speakers had done, Trump ...", "Asked about it, Mrs. Clinton ..."), in apposition
  to a role ("his wife, Jane,"), and the later of two speakers of a sentence is the
  one in view. Gender comes from honorifics, titles ("spokeswoman"),
  bundled first-name lists and the sentence's own subject and possessive pronouns
  ("Reed said his ...");
* titles speaking without a name: "..., the Trade and Industry Secretary has
  said." is given to the next person named if nobody came before, "the Texas
  senator" to the person in view when that person's known post fits ("Texas Sen.
  Ted Cruz") or, with no post known, to the person of the paragraph when "Texas"
  was written beside them, and "the minister" to the one person in view whose
  known post fits; a person described instead of named ("said the American", "the
  28-year-old added", "the Scot", "the Liverpool player") is the latest person in view
  in this or the previous paragraph (or the one person named there) when nothing
  contradicts it: that person named in the same sentence, someone else named since or
  leading a clause of the sentence ("When Hewitt shook his hand, the Australian
  said"), a gender ("the Dutchman"), another known age ("Redknapp, 57,") or nation, or
  a capitalised word of the description never written beside them.

A speaker must look like a person: a capitalised run with no title, honorific or first
name is a thing when the article also writes its last word in lower case ("National
Convention", "World War"), and a party member described ("a New Hampshire Democrat") is
no name; neither counts among the people a pronoun may point to.

Names are resolved across the article: "Russian President Vladimir Putin"
introduces "Vladimir Putin" with role "Russian President", and a later "Putin
said" or "Mr Putin said" maps to the same speaker; "Sir First Last" keeps "Sir".
Namesakes stay two people: a surname joins a full name only when their genders
agree ("Mr. Trump" never becomes "Ivanka Trump"), and a bare surname goes to its
most named bearer, or to the one of the gender an honorific gives. Titles that
are also surnames end a name after a first name ("Steve King", "Martin Luther
King Jr.").
Non-person sources are kept as written ("the British Chamber of Commerce",
"officials", "the report").

Modes: ``direct`` when the sentence holds a quotation tagged by its own
reporting verb (even "he said"), ``reported`` for indirect speech naming the
speaker, ``continued`` when the speaker is inferred from elsewhere (a pronoun
in indirect speech, or a quote carried over from another sentence).

Deliberate choices, to stay precise rather than eager:

* "according to <source>" accepts documents and bodies ("the report",
  "a survey") but not rules or plans ("according to the plan").
* Titles of people speaking for someone else ("the rapper's spokesman") are
  never merged with a named person.
* Joint subjects ("Aliyev and Pashinyan said"), speech verbs inside relative
  clauses ("the plan, which Putin said ..."), and subordinate clauses without a
  named person ("after the firm said ...") give ``None``; Title-Cased headlines
  introduce no names.
* Lower-cased text (no capitals to spot names) relies on verb patterns,
  honorifics and title words only.

The package, by concern: ``lexicon`` (word lists, most of them data files in
``words/``), ``text`` (tokens), ``scanning`` (quotation marks), ``registry`` (names in
the article), ``gender`` (first names and titles), ``phrases`` (subject phrases),
``cues`` (reporting patterns), ``subjects`` and ``binding`` (who a pronoun points to),
``transcripts`` (speaker lines and signatures), ``attribute`` (the main pass) and
``search`` (what is indexed for a speaker).
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
