"""Cleaning an extracted web-page body: the page furniture that extractors let through.

Each rule recognises a *shape* that recurs across sites, never one site's wording: a
line that is only a timestamp or a link, a newsletter or tip-line plea, a copyright
notice, a run of tags, a paragraph that is wholly a link to another story, a second
copy of the story from the page's structured data. Rules look at short lines only
(real paragraphs are long and varied), so a story's own text is not touched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.ingest.byline import is_date_text, read_byline_line

_WORD = re.compile(r"\w+")
_SHINGLE = 4
_CONTACT_LINE_WORDS = 8


@dataclass(frozen=True, slots=True)
class Block:
    """One line of extracted text: a paragraph, heading, list item, table row or quote."""

    kind: str  # "p" | "head" | "item" | "row" | "quote" | "code"
    text: str
    link_chars: int = 0  # letters and digits inside links

    @property
    def link_share(self) -> float:
        """The share of the line's letters and digits that are link text.

        Separators between links ("Home › News", "ひらがな ←→ English") are no words: a
        line of links and the marks between them is wholly links.
        """
        if not self.link_chars:
            return 0.0
        letters = word_chars(self.text)
        return self.link_chars / letters if letters else 0.0


_NOT_A_LETTER = re.compile(r"[\W_]+")


def word_chars(text: str) -> int:
    """Letters and digits in a text, in any script."""
    return len(_NOT_A_LETTER.sub("", text))


# --- lines that are data, not prose --------------------------------------------------

_ISO_TIMESTAMP = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+\.(?:jpe?g|png|gif|webp|svg|avif)(?:\?\S*)?$")
# a phone number: "(202) 555-0187", "+44 20 7946 0958"; alone on a line, any 7+ digits
_PHONE = re.compile(r"\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b|\+\d{1,3}[ .-]?\d[\d .-]{6,}\d")
_PHONE_LINE = re.compile(r"^(?=(?:\D*\d){7})\+?[\d ().-]{7,20}$")
_PHONE_LINE_CHARS = 21  # "+" and twenty figures or separators
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_NOT_A_DIGIT = re.compile(r"\D+")
_PHONE_DIGITS = 3  # the fewest figures a number _PHONE matches can hold
_DATE_LINE_CHARS = 120  # a date alone: at most nine words


def is_data_line(text: str) -> bool:
    """A timestamp, a date, a URL, an image file, an email address or a phone number alone."""
    stripped = text.strip()
    if _ISO_TIMESTAMP.match(stripped) or _BARE_URL.match(stripped):
        return True
    if _EMAIL.fullmatch(stripped):
        return True
    # (a number alone is short: its pattern scans the whole line for seven figures)
    if len(stripped) <= _PHONE_LINE_CHARS and _PHONE_LINE.match(stripped):
        return True
    return len(stripped) <= _DATE_LINE_CHARS and is_date_text(stripped)


# --- page furniture, by shape ---------------------------------------------------------

_I = re.IGNORECASE
# Furniture talks to the reader ("sign up for our newsletter", "you agree"); news prose
# about newsletters, comments or cookies does not, so some shapes need that address too.
_TO_THE_READER = re.compile(
    r"\b(?:you|your|we|our|us|please)\b|^(?:sign up|subscribe|get|join|register|click|tap"
    r"|follow|download|read|listen|watch|share|log in|sign in)\b",
    _I,
)


CONTACT_HEADING = re.compile(
    r"^(?:media|press|news) (?:contacts?|enquiries|inquiries)\W*$|^(?:contacts?|kontakt)\W*$", _I
)
_CONTACT_WORDS = re.compile(
    r"\b(?:contacts?|information|enquiries|inquiries|media|press|relations|spokes\w*)\b", _I
)


@dataclass(frozen=True, slots=True)
class _Shape:
    pattern: re.Pattern[str]
    max_words: int
    addresses_reader: bool = False


_FURNITURE: tuple[_Shape, ...] = (
    # newsletters and sign-up pleas
    _Shape(
        re.compile(
            r"\b(?:sign(?:ing)? up|subscribe|register)\b.{0,80}\b(?:newsletters?|inbox|e-?mails?"
            r"|updates|briefings?|alerts|digest)\b|\b(?:in|to|into) your inbox\b"
            r"|\bnewsletters?\b",
            _I,
        ),
        35,
        addresses_reader=True,
    ),
    _Shape(re.compile(r"\bnewsletters?\b", _I), 8),  # a sign-up box's tagline
    _Shape(
        re.compile(
            r"newsletter abonnieren|abonnez-vous|inscrivez-vous|recevez notre newsletter"
            r"|suscr[ií]bete|iscriviti alla newsletter|subscreva a nossa newsletter"
            r"|schrijf je in voor|подпишитесь на",
            _I,
        ),
        35,
    ),
    # subscription walls
    _Shape(
        re.compile(
            r"\b(?:subscribe|subscription|subscribers?)\b.{0,60}\b(?:continue reading|to read"
            r"|unlimited access|log ?in|sign ?in|full article)\b"
            r"|^(?:continue reading|read the full (?:story|article))\b",
            _I,
        ),
        40,
        addresses_reader=True,
    ),
    _Shape(re.compile(r"^already (?:a subscriber|have an account)\b", _I), 12),
    # tip lines and reporter contacts
    _Shape(
        re.compile(
            r"\b(?:may|can) be reached at\b|\bhave a (?:news )?tip\b|^send (?:us )?(?:your )?"
            r"(?:news )?tips\b|^contact(?: us)?\s*:|\bcontact (?:the )?(?:author|reporter|writer"
            r"|newsroom)\b",
            _I,
        ),
        45,
    ),
    # press-release furniture
    _Shape(re.compile(r"^for immediate release\b", _I), 12),
    _Shape(CONTACT_HEADING, 4),
    # copyright and reuse notices
    _Shape(re.compile(r"^(?:©|\(c\)|copyright\b.{0,60}\b(?:19|20)\d\d\b)", _I), 25),
    _Shape(
        re.compile(
            r"\ball rights reserved\b|may not be (?:re)?published, broadcast"
            r"|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados"
            r"|tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden"
            r"|все права защищены",
            _I,
        ),
        40,
    ),
    # comment sections and their policies
    _Shape(
        re.compile(
            r"\b(?:comments?|commenting|posting)\b.{0,80}\b(?:moderated|guidelines|policy|civil"
            r"|on topic|terms of (?:use|service))\b|\byour email address will not be published\b",
            _I,
        ),
        40,
        addresses_reader=True,
    ),
    _Shape(
        re.compile(
            r"^(?:leave a (?:reply|comment)|join the (?:discussion|conversation)"
            r"|\d+ (?:comments?|thoughts? on\b.*)|comments?|show comments|view comments)\W*$",
            _I,
        ),
        12,
    ),
    # tags, topics, categories
    _Shape(
        re.compile(
            r"^(?:tags?|tagged(?: with)?|topics?|related topics|filed under|categor(?:y|ies)"
            r"|posted in|keywords|schlagw(?:o|ö)rte?r?|themen|mots-clés|thèmes|etiquetas|temas"
            r"|argomenti|onderwerpen|теги|темы)\s*[:：]|^(?:tagged|filed under|posted in)\s",
            _I,
        ),
        30,
    ),
    # pointers to other stories
    _Shape(
        re.compile(
            r"^(?:read more|read also|also read|see also|related(?: coverage| stories| articles"
            r"| content| links?)?|more (?:from|on) [\w ]{1,30}|recommended|watch|listen"
            r"|lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|lire aussi|à lire aussi"
            r"|sur le même sujet|lea también|le(?:e|er) (?:también|más)|te puede interesar"
            r"|leggi anche|potrebbe interessarti|leia também|veja também|lees ook"
            r"|zobacz (?:też|także)|czytaj (?:też|także)|čtěte také|läs (?:också|även)"
            r"|læs også|les også|lue myös|citește și|ilginizi çekebilir|διαβάστε επίσης"
            r"|читайте также|читайте також|関連記事|相关阅读|延伸阅读|相關閱讀)"
            r"\s*(?:[:：|»>–—-]|$)",
            _I,
        ),
        25,
    ),
    # advertising markers and sharing buttons standing alone
    _Shape(
        re.compile(
            r"^(?:advertisement|advertising|sponsored(?: content)?|anzeige|werbung|publicité"
            r"|publicidad|pubblicità|publicidade|advertentie|реклама|(?:story|article) continues"
            r"(?: below)?(?: advertisement)?|continue reading below|scroll to continue.*"
            r"|share(?: this)?(?: article| story| page| post)?|share on \w+|click to share.*"
            r"|copy link(?: copied)?|print|email|(?:like )?loading\W*)\s*[:：.]?$",
            _I,
        ),
        8,
    ),
    # cookie banners
    _Shape(
        re.compile(
            r"\bcookies?\b.{0,200}\b(?:consent|accept|policy|settings|preferences)\b", _I | re.S
        ),
        70,
        addresses_reader=True,
    ),
    # photo credits left without their caption
    _Shape(
        re.compile(r"^(?:photo|image|picture|foto|photograph|credit|bild)\s*[:：]\s*\S", _I), 12
    ),
)
_FURNITURE_MAX_WORDS = max(shape.max_words for shape in _FURNITURE)
_TIP_WORDS = re.compile(r"\b(?:tips?|reached|follow|twitter|signal|reporter|covers)\b", _I)


def is_furniture(text: str) -> bool:
    """Newsletter, paywall, tip-line, copyright, comment, tag, 'read more', ad or share lines."""
    words = len(text.split())
    if words > _FURNITURE_MAX_WORDS:  # a paragraph of the story, whatever its wording
        return False
    for shape in _FURNITURE:
        if (
            words <= shape.max_words
            and shape.pattern.search(text)
            and (not shape.addresses_reader or _TO_THE_READER.search(text))
        ):
            return True
    # a short line giving a reporter's or press office's address is a tip or contact line
    # (the address and number patterns are slow: most lines have no "@" or no figures)
    if words <= 40 and "@" in text and _EMAIL.search(text):
        return bool(_TIP_WORDS.search(text) or _CONTACT_WORDS.search(text))
    return (
        words <= 25
        and bool(_CONTACT_WORDS.search(text))
        and len(_NOT_A_DIGIT.sub("", text)) >= _PHONE_DIGITS
        and bool(_PHONE.search(text))
    )


def drop_contact_sections(blocks: Sequence[Block]) -> list[Block]:
    """A "Media contact" heading and the short name, office and number lines under it."""
    kept: list[Block] = []
    in_contact = False
    for block in blocks:
        if CONTACT_HEADING.match(block.text):
            in_contact = True
            continue
        if in_contact and len(block.text.split()) <= _CONTACT_LINE_WORDS:
            continue
        in_contact = False
        kept.append(block)
    return kept


def is_byline(text: str) -> bool:
    """``By Jane Doe`` (or ``23 May 2023 - by Jane Doe``) standing alone: not a sentence."""
    found = read_byline_line(text)
    return found is not None and found[0] is not None


def is_link_teaser(block: Block) -> bool:
    """A paragraph that is wholly a link is a pointer to another story, not this one."""
    return block.kind in ("p", "head") and block.link_share >= 0.8 and len(block.text.split()) <= 25


_CRUMB_SEPARATOR = re.compile(r"\s[>›»/]\s|\s[>›»]|[>›»]\s")
_CRUMB_WORDS = 8


def is_breadcrumb(block: Block) -> bool:
    """``Home > World > Europe > This story``: a trail of section links above the story."""
    if block.kind not in ("p", "head") or block.link_share < 0.3:
        return False  # the trail's sections are links (the story's name may not be)
    parts = [part.strip() for part in _CRUMB_SEPARATOR.split(block.text)]
    return len(parts) >= 3 and all(part and len(part.split()) <= _CRUMB_WORDS for part in parts)


_LABEL_WORDS = 6
_LABEL_CHARS = 40  # also bounds labels in scripts written without spaces
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’)]*$")


def drop_link_list_labels(blocks: Sequence[Block]) -> list[Block]:
    """A short label over a run of links ("Official links:", a sidebar's section name) goes.

    The links themselves go as teasers; the line naming them is navigation as well. A
    label is short, not a sentence and not itself a link; a subheading over the story's
    own paragraphs is untouched, since those are not links.
    """
    kept = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if following is not None and is_link_teaser(following) and _is_label(block):
            continue
        kept.append(block)
    return kept


_TEASER_LINK_SHARE = 0.5
_STANDFIRST_WORDS = 60


def drop_teaser_runs(blocks: Sequence[Block]) -> list[Block]:
    """Lists of other stories: linked headlines, each with its short summary, one after another.

    Pages close (or open) with "Other columns" or "More stories": headlines that are links,
    each followed by a sentence or two about that story. Two such pairs in a row are a
    list of other stories, never this one; the label above the list goes with it.
    """
    dropped: set[int] = set()
    index = 0
    while index < len(blocks):
        units = []  # (start, end) of each headline and its summary
        cursor = index
        while cursor < len(blocks) and _is_teaser_headline(blocks[cursor]):
            end = cursor + 1
            if end < len(blocks) and _is_standfirst(blocks[end]):
                end += 1
            units.append((cursor, end))
            cursor = end
        if len(units) >= 2:
            start = units[0][0]
            if start > 0 and _is_label(blocks[start - 1]):
                start -= 1
            dropped.update(range(start, cursor))
            index = cursor
        else:
            index += 1
    return [b for i, b in enumerate(blocks) if i not in dropped]


def _is_teaser_headline(block: Block) -> bool:
    return block.kind == "head" and block.link_share >= _TEASER_LINK_SHARE


def _is_standfirst(block: Block) -> bool:
    return (
        block.kind in ("p", "item")
        and block.link_share < _TEASER_LINK_SHARE
        and len(block.text.split()) <= _STANDFIRST_WORDS
    )


def _is_label(block: Block) -> bool:
    text = block.text
    return (
        block.kind in ("p", "head")
        and not is_link_teaser(block)
        and len(text) <= _LABEL_CHARS
        and len(text.split()) <= _LABEL_WORDS
        and not _SENTENCE_END.search(text)
    )


# --- repeats ----------------------------------------------------------------------------

# table rows and program code repeat by nature ("| 0 | 0 |", "}"): never taken for copies
_DATA_KINDS = frozenset({"row", "code"})


def normalised(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def drop_title_repeats(blocks: Sequence[Block], titles: Iterable[str]) -> list[Block]:
    """The headline printed again inside the body (any form the page gives it)."""
    forms = {normalised(t) for t in titles if t}
    forms.discard("")
    if not forms:
        return list(blocks)
    # a block much longer than every form cannot normalise to one of them
    longest = 2 * max(len(form) for form in forms) + 40
    return [b for b in blocks if len(b.text) > longest or normalised(b.text) not in forms]


def drop_copies(blocks: Sequence[Block]) -> list[Block]:
    """Second copies of the story's text: repeated paragraphs, pull quotes, summaries.

    A block is a copy when at least 80 % of its shingles (runs of 4 words) appear in the
    rest of the body. Covered mostly by one other block, it is a repeat or an excerpt:
    the shorter (or, equal, the later) one goes. Covered only by several blocks together,
    it is an aggregate (the whole story again as one paragraph, from structured data): it
    goes if it is longer than each of its parts. Program code is never a copy: a tutorial
    shows a line, then the whole file holding it.
    """
    shingles = [_shingles(b.text) for b in blocks]
    # only a block most of whose shingles occur twice in the page can be a copy: most
    # pages have none, and the cheap count spares them the index below
    counts: Counter[tuple[str, ...]] = Counter()
    for found in shingles:
        counts.update(found)
    candidates = [
        index
        for index, own in enumerate(shingles)
        if len(own) >= 2
        and blocks[index].kind not in _DATA_KINDS
        and sum(counts[shingle] > 1 for shingle in own) >= 0.8 * len(own)
    ]
    if not candidates:
        return list(blocks)
    needed = set().union(*(shingles[index] for index in candidates))
    where: dict[tuple[str, ...], set[int]] = {}
    for index, found in enumerate(shingles):
        for shingle in found & needed:
            where.setdefault(shingle, set()).add(index)
    dropped: set[int] = set()
    # aggregates first, largest first, so their parts are judged without them
    for index in sorted(candidates, key=lambda i: -len(shingles[i])):
        own = shingles[index]
        overlap: dict[int, int] = {}
        covered = 0
        for shingle in own:
            others = where[shingle] - dropped - {index}
            if others:
                covered += 1
                for other in others:
                    overlap[other] = overlap.get(other, 0) + 1
        if covered < 0.8 * len(own):
            continue
        best, best_overlap = max(overlap.items(), key=lambda item: (item[1], -item[0]))
        if best_overlap >= 0.8 * len(own):
            longer = len(shingles[best]) > len(own)
            if longer or (len(shingles[best]) == len(own) and best < index):
                dropped.add(index)
        elif len(own) > max(len(shingles[o]) for o in overlap):
            dropped.add(index)
    return [b for i, b in enumerate(blocks) if i not in dropped]


def drop_exact_repeats(blocks: Sequence[Block]) -> list[Block]:
    """Short lines repeated word for word (too short for shingles): keep the first."""
    seen: set[str] = set()
    kept = []
    for block in blocks:
        key = normalised(block.text)
        if block.kind not in _DATA_KINDS and key in seen and len(key.split()) < _SHINGLE + 1:
            continue
        seen.add(key)
        kept.append(block)
    return kept


def _shingles(text: str) -> set[tuple[str, ...]]:
    tokens = _WORD.findall(text.casefold())
    return {tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1)}
