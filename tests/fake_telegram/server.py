"""A local fake of the Telegram Bot API for end-to-end tests.

The real bot talks to it through python-telegram-bot's own HTTP stack, so every
response follows the shapes documented at https://core.telegram.org/bots/api:
dates in seconds, the ``{"ok": ..., "result": ...}`` envelope, HTTP status equal to
``error_code`` and Telegram's own error wording, because PTB maps those to its
exception classes.  Tests play the user through the "user side" methods
(``send_text``, ``press_button``, ...) and inspect what the bot did through
``sent``, ``calls`` and the ``wait_for_*`` helpers::

    async with FakeTelegram() as fake:
        app = (
            Application.builder().token("1:T")
            .base_url(fake.base_url).base_file_url(fake.base_file_url).build()
        )
        ...  # add handlers, initialize, start, updater.start_polling(poll_interval=0)
        fake.send_text(42, "/start")
        [reply] = await fake.wait_for_messages(42)
        assert reply["text"] == "Welcome!"
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import mimetypes
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from string import hexdigits
from types import TracebackType
from typing import Any, ClassVar

from aiohttp import web

JSON = dict[str, Any]

__all__ = [
    "ApiError",
    "EntityParseError",
    "FakeTelegram",
    "FloodLimits",
    "detect_entities",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
]

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024
MAX_UPLOAD_SIZE = 50 * 1024 * 1024

_MONOTONIC = time.monotonic


class ApiError(Exception):
    """An error answer of the Bot API; the HTTP status equals ``error_code`` like Telegram's."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def _bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


class EntityParseError(ValueError):
    """Raised by the formatting parsers with TDLib's wording of the problem."""


# --------------------------------------------------------------------------------------
# Text measurement helpers: Telegram counts entity offsets in UTF-16 code units.
# --------------------------------------------------------------------------------------


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _u16_offsets(text: str) -> list[int]:
    """UTF-16 offset of every character index (plus the end) so spans convert in O(1)."""
    offsets = [0] * (len(text) + 1)
    total = 0
    for index, char in enumerate(text):
        offsets[index] = total
        total += 2 if ord(char) > 0xFFFF else 1
    offsets[len(text)] = total
    return offsets


def _entity(kind: str, offset: int, length: int, **extra: Any) -> JSON:
    result: JSON = {"offset": offset, "length": length, "type": kind}
    result.update(extra)
    return result


def _sort_entities(entities: list[JSON]) -> list[JSON]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _normalize_url(url: str) -> str | None:
    """Mimics TDLib's check_url: scheme-less links gain http://, junk links are dropped."""
    url = url.strip()
    if not url or any(c.isspace() for c in url):
        return None
    if re.match(r"^(tg|ton)://", url, re.IGNORECASE):
        return url
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        url = "http://" + url
    match = re.match(r"^(https?|ftp)://([^/?#:]+)(:\d{1,5})?([/?#].*)?$", url, re.IGNORECASE)
    if not match:
        return None
    host, rest = match.group(2), match.group(4)
    if "." not in host and host.lower() != "localhost":
        return None
    return url if rest else url + "/"


# --------------------------------------------------------------------------------------
# HTML (parse_mode="HTML"), a port of TDLib's parse_html.
# --------------------------------------------------------------------------------------

_HTML_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
        "tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote",
    }
)  # fmt: skip
_HTML_SIMPLE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "tg-spoiler": "spoiler", "span": "spoiler",
}  # fmt: skip
_NAMED_HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _decode_html_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decodes ``&...;`` at ``pos`` the way TDLib does (the semicolon is optional)."""
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        value = 0
        if end < n and text[end] == "x":
            end += 1
            start = end
            while end < n and text[end] in hexdigits:
                end += 1
            value = int(text[start:end], 16) if end > start else 0
        else:
            start = end
            while end < n and text[end].isascii() and text[end].isdigit():
                end += 1
            value = int(text[start:end]) if end > start else 0
        if value == 0 or value >= 0x10FFFF or 0xD800 <= value <= 0xDFFF or end - pos >= 10:
            return None
        char = chr(value)
    else:
        start = end
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        named = _NAMED_HTML_ENTITIES.get(text[start:end])
        if named is None:
            return None
        char = named
    if end < n and text[end] == ";":
        end += 1
    return char, end


@dataclass
class _OpenTag:
    tag: str
    offset: int
    attributes: dict[str, str]


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[JSON]]:
    """Returns (plain text, entities) or raises EntityParseError like Telegram.

    Telegram itself keeps a bare ``&`` that starts no known entity as a literal; with
    ``strict_ampersand`` (the default) it is rejected instead, so a missing
    ``html.escape`` is caught before a user's ``&lt;`` silently turns into ``<``.
    """
    out: list[str] = []
    u16 = 0
    entities: list[JSON] = []
    stack: list[_OpenTag] = []
    n = len(text)
    i = 0
    while i < n:
        char = text[i]
        if char == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is not None:
                out.append(decoded[0])
                u16 += _u16(decoded[0])
                i = decoded[1]
                continue
            if strict_ampersand:
                raise EntityParseError(
                    f'Character "&" at byte offset {_byte_offset(text, i)} does not start '
                    'an HTML entity; it must be escaped as "&amp;"'
                )
        if char != "<":
            out.append(char)
            u16 += 2 if ord(char) > 0xFFFF else 1
            i += 1
            continue
        begin = i
        i += 1
        if i >= n or text[i] != "/":
            i = _parse_html_start_tag(text, begin, stack, u16)
            continue
        if not stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
        i += 1
        name_begin = i
        while i < n and not text[i].isspace() and text[i] != ">":
            i += 1
        end_name = text[name_begin:i].lower()
        while i < n and text[i].isspace():
            i += 1
        if i >= n or text[i] != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
        i += 1
        opened = stack.pop()
        if end_name and end_name != opened.tag:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                f'expected "</{opened.tag}>", found "</{end_name}>"'
            )
        length = u16 - opened.offset
        if length > 0:
            _close_html_entity(opened, length, entities, "".join(out))
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    for entity in entities:
        entity.pop("_language", None)
    return "".join(out), _sort_entities(entities)


def _parse_html_start_tag(text: str, begin: int, stack: list[_OpenTag], u16: int) -> int:
    """Parses ``<tag attr=...>`` starting at ``begin``; returns the index after ``>``."""
    n = len(text)
    where = _byte_offset(text, begin)
    i = begin + 1
    while i < n and not text[i].isspace() and text[i] != ">":
        i += 1
    if i >= n:
        raise EntityParseError(f"Unclosed start tag at byte offset {where}")
    tag = text[begin + 1 : i].lower()
    if tag not in _HTML_TAGS:
        raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {where}')
    attributes: dict[str, str] = {}
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {where}")
        if text[i] == ">":
            break
        name_begin = i
        while i < n and not text[i].isspace() and text[i] not in "=>":
            i += 1
        name = text[name_begin:i].lower()
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {where}'
            )
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {where}")
        if text[i] != "=":
            if tag == "blockquote" and name == "expandable":
                attributes[name] = ""
                continue
            raise EntityParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {where}'
            )
        i += 1
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {where}')
        if text[i] not in "'\"":
            token_begin = i
            while i < n and ((text[i].isascii() and text[i].isalnum()) or text[i] in ".-"):
                i += 1
            value = text[token_begin:i].lower()
            if i >= n or (not text[i].isspace() and text[i] != ">"):
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, token_begin)}"
                )
        else:
            quote = text[i]
            i += 1
            parts: list[str] = []
            while i < n and text[i] != quote:
                if text[i] == "&":
                    decoded = _decode_html_entity(text, i)
                    if decoded is not None:
                        parts.append(decoded[0])
                        i = decoded[1]
                        continue
                parts.append(text[i])
                i += 1
            if i < n:
                i += 1
            value = "".join(parts)
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {where}")
        attributes[name] = value
    if tag == "span" and attributes.get("class") != "tg-spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {where}')
    stack.append(_OpenTag(tag, u16, attributes))
    return i + 1


def _close_html_entity(opened: _OpenTag, length: int, entities: list[JSON], plain: str) -> None:
    tag, offset, attributes = opened.tag, opened.offset, opened.attributes
    if tag in _HTML_SIMPLE:
        entities.append(_entity(_HTML_SIMPLE[tag], offset, length))
    elif tag == "a":
        href = attributes.get("href", "")
        if not href:
            plain16 = plain.encode("utf-16-le")
            href = plain16[offset * 2 : (offset + length) * 2].decode("utf-16-le")
        url = _normalize_url(href)
        if url is not None:
            entities.append(_entity("text_link", offset, length, url=url))
    elif tag == "code":
        language = attributes.get("class", "")
        code = _entity("code", offset, length)
        if language.startswith("language-") and len(language) > len("language-"):
            code["_language"] = language[len("language-") :]
        entities.append(code)
    elif tag == "pre":
        pre = _entity("pre", offset, length)
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
        ):
            entities.pop()
            if "_language" in last:
                pre["language"] = last["_language"]
        entities.append(pre)
    elif tag == "blockquote":
        kind = "expandable_blockquote" if "expandable" in attributes else "blockquote"
        entities.append(_entity(kind, offset, length))
    elif tag == "tg-emoji" and attributes.get("emoji-id"):
        entities.append(
            _entity("custom_emoji", offset, length, custom_emoji_id=attributes["emoji-id"])
        )


# --------------------------------------------------------------------------------------
# MarkdownV2, a port of TDLib's parse_markdown_v2 (blockquotes approximated).
# --------------------------------------------------------------------------------------

_MDV2_RESERVED = "_*[]()~`>#+-=|{}.!"
_MDV2_NAMES = {
    "bold": "Bold", "italic": "Italic", "underline": "Underline",
    "strikethrough": "Strikethrough", "spoiler": "Spoiler", "code": "Code", "pre": "Pre",
    "pre_code": "PreCode", "text_link": "TextUrl", "custom_emoji": "CustomEmoji",
}  # fmt: skip


@dataclass
class _MdOpen:
    kind: str
    offset: int
    byte_offset: int
    text_begin: int
    argument: str = ""


def _skip_pre_newline(text: str, i: int) -> int:
    n = len(text)
    if i < n and text[i] in "\r\n":
        if i + 1 < n and text[i + 1] in "\r\n" and text[i] != text[i + 1]:
            return i + 2
        return i + 1
    return i


def parse_markdown_v2(text: str) -> tuple[str, list[JSON]]:
    """Returns (plain text, entities) or raises EntityParseError like Telegram."""
    out: list[str] = []
    u16 = 0
    entities: list[JSON] = []
    stack: list[_MdOpen] = []
    quote_start: int | None = None
    quote_expandable = False
    n = len(text)
    i = 0

    def peek(k: int) -> str:
        return text[k] if k < n else ""

    def end_quote(at: int) -> None:
        nonlocal quote_start, quote_expandable
        if quote_start is not None and at > quote_start:
            kind = "expandable_blockquote" if quote_expandable else "blockquote"
            entities.append(_entity(kind, quote_start, at - quote_start))
        quote_start = None
        quote_expandable = False

    while i < n:
        char = text[i]
        in_code = bool(stack) and stack[-1].kind in ("code", "pre", "pre_code")
        at_line_start = i == 0 or text[i - 1] == "\n"
        if at_line_start and not in_code:
            if text.startswith("**>", i) or char == ">":
                if quote_start is None:
                    quote_start = u16
                    quote_expandable = False
                i += 3 if char == "*" else 1
                continue
            if quote_start is not None:
                end_quote(u16 - 1 if out and out[-1] == "\n" else u16)
        if (
            quote_start is not None
            and not in_code
            and text.startswith("||", i)
            and (i + 2 == n or text[i + 2] == "\n")
            and not any(o.kind == "spoiler" for o in stack)
        ):
            quote_expandable = True
            saved = u16
            i += 2
            end_quote(saved)
            continue
        if char == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
            out.append(text[i + 1])
            u16 += 1
            i += 2
            continue
        reserved = "`" if in_code else _MDV2_RESERVED
        if char not in reserved:
            out.append(char)
            u16 += 2 if ord(char) > 0xFFFF else 1
            i += 1
            continue
        top = stack[-1].kind if stack else None
        is_end = (
            (top == "bold" and char == "*")
            or (top == "italic" and char == "_" and peek(i + 1) != "_")
            or (top == "code" and char == "`")
            or (top in ("pre", "pre_code") and text.startswith("```", i))
            or (top in ("text_link", "custom_emoji") and char == "]")
            or (top == "underline" and text.startswith("__", i))
            or (top == "strikethrough" and char == "~")
            or (top == "spoiler" and text.startswith("||", i))
        )
        if not is_end:
            begin = i
            argument = ""
            if char == "_":
                kind = "underline" if peek(i + 1) == "_" else "italic"
                i += 2 if kind == "underline" else 1
            elif char == "*":
                kind, i = "bold", i + 1
            elif char == "~":
                kind, i = "strikethrough", i + 1
            elif char == "|" and peek(i + 1) == "|":
                kind, i = "spoiler", i + 2
            elif char == "[":
                kind, i = "text_link", i + 1
            elif char == "!" and peek(i + 1) == "[":
                kind, i = "custom_emoji", i + 2
            elif char == "`" and text.startswith("```", i):
                i += 3
                kind = "pre"
                lang_end = i
                while lang_end < n and not text[lang_end].isspace() and text[lang_end] != "`":
                    lang_end += 1
                if lang_end != i and lang_end < n and text[lang_end] != "`":
                    kind = "pre_code"
                    argument = text[i:lang_end]
                    i = lang_end
                i = _skip_pre_newline(text, i)
            elif char == "`":
                kind, i = "code", i + 1
            else:
                raise EntityParseError(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                )
            stack.append(_MdOpen(kind, u16, _byte_offset(text, begin), len(out), argument))
            continue
        opened = stack.pop()
        extra: JSON = {}
        skip = False
        kind = opened.kind
        if kind in ("underline", "spoiler"):
            i += 2
        elif kind in ("pre", "pre_code"):
            i += 3
        elif kind in ("text_link", "custom_emoji"):
            i += 1
            if peek(i) != "(":
                url = "".join(out[opened.text_begin :])
            else:
                i += 1
                url_begin = i
                chars: list[str] = []
                while i < n and text[i] != ")":
                    if text[i] == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
                        chars.append(text[i + 1])
                        i += 2
                        continue
                    chars.append(text[i])
                    i += 1
                if i >= n:
                    raise EntityParseError(
                        f"Can't find end of a URL at byte offset {_byte_offset(text, url_begin)}"
                    )
                i += 1
                url = "".join(chars)
            if kind == "custom_emoji":
                match = re.fullmatch(r"tg://emoji\?id=(\d+)", url)
                if not match:
                    raise EntityParseError("Custom emoji entity must contain a tg://emoji URL")
                extra["custom_emoji_id"] = match.group(1)
            else:
                normalized = _normalize_url(url)
                skip = normalized is None
                extra["url"] = normalized
        else:
            i += 1
        length = u16 - opened.offset
        if length > 0 and not skip:
            if kind == "pre_code":
                entities.append(_entity("pre", opened.offset, length, language=opened.argument))
            else:
                entities.append(_entity(kind, opened.offset, length, **extra))
    if stack:
        opened = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_MDV2_NAMES[opened.kind]} entity at byte offset "
            f"{opened.byte_offset}"
        )
    if quote_start is not None:
        end_quote(u16)
    return "".join(out), _sort_entities(entities)


def parse_markdown(text: str) -> tuple[str, list[JSON]]:
    """Legacy ``Markdown`` mode, a port of TDLib's lenient parse_markdown."""
    out: list[str] = []
    u16 = 0
    entities: list[JSON] = []
    n = len(text)
    i = 0
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            u16 += 1
            i += 2
            continue
        if char not in "_*`[":
            out.append(char)
            u16 += 2 if ord(char) > 0xFFFF else 1
            i += 1
            continue
        begin = i
        end_char = "]" if char == "[" else char
        i += 1
        is_pre = False
        language = ""
        if char == "`" and text.startswith("``", i):
            i += 2
            is_pre = True
            lang_end = i
            while lang_end < n and not text[lang_end].isspace() and text[lang_end] != "`":
                lang_end += 1
            if lang_end != i and lang_end < n and text[lang_end] != "`":
                language = text[i:lang_end]
                i = lang_end
            i = _skip_pre_newline(text, i)
        start_offset = u16
        content_begin = i
        while i < n and (text[i] != end_char or (is_pre and not text.startswith("``", i + 1))):
            out.append(text[i])
            u16 += 2 if ord(text[i]) > 0xFFFF else 1
            i += 1
        if i >= n:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {_byte_offset(text, begin)}"
            )
        length = u16 - start_offset
        content = text[content_begin:i]
        if char == "[":
            url = content
            if i + 1 < n and text[i + 1] == "(":
                i += 2
                url_chars: list[str] = []
                while i < n and text[i] != ")":
                    url_chars.append(text[i])
                    i += 1
                url = "".join(url_chars)
            normalized = _normalize_url(url)
            if length and normalized is not None:
                entities.append(_entity("text_link", start_offset, length, url=normalized))
        elif length:
            if char == "_":
                entities.append(_entity("italic", start_offset, length))
            elif char == "*":
                entities.append(_entity("bold", start_offset, length))
            elif is_pre:
                extra = {"language": language} if language else {}
                entities.append(_entity("pre", start_offset, length, **extra))
            else:
                entities.append(_entity("code", start_offset, length))
        i += 3 if is_pre else 1
    return "".join(out), _sort_entities(entities)


# --------------------------------------------------------------------------------------
# Automatic entities (Telegram detects these in every text message and caption).
# --------------------------------------------------------------------------------------

_COMMON_TLDS = frozenset(
    {
        "com", "org", "net", "io", "ru", "uk", "de", "fr", "it", "es", "nl", "eu", "us",
        "ca", "au", "jp", "cn", "in", "br", "info", "biz", "news", "dev", "app", "edu",
        "gov", "me", "co", "tv", "ly", "gl", "ai", "xyz", "site", "online", "tech", "blog",
        "ua", "by", "kz", "pl", "se", "no", "fi", "ch", "at", "be", "cz", "sk", "dk", "pt",
        "gr", "ie", "il", "tr", "ir", "za", "mx", "ar", "cl", "nz", "sg", "hk", "kr", "tw",
    }
)  # fmt: skip
_COMMAND_RE = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}(?![\w@])")
_HASHTAG_RE = re.compile(r"(?<![\w#])#(?=\w*[^\W\d])\w{1,256}")
_URL_RE = re.compile(
    r"(?<![\w@/.:-])(?:(?P<scheme>https?|ftp)://)?"
    r"(?P<host>(?:[\w-]+\.)+(?P<tld>[^\W\d_]{2,24})|\d{1,3}(?:\.\d{1,3}){3}|localhost)"
    r"(?::\d{1,5})?(?:[/?#][^\s<>\"]*)?",
    re.IGNORECASE,
)


def _trim_url(candidate: str) -> str:
    while candidate:
        last = candidate[-1]
        if last in ".,;:!?'\"" or (last == ")" and candidate.count("(") < candidate.count(")")):
            candidate = candidate[:-1]
            continue
        break
    return candidate


def detect_entities(text: str) -> list[JSON]:
    """Finds bot_command, mention, hashtag and url entities (UTF-16 offsets)."""
    spans: list[tuple[int, int, str]] = []
    for match in _COMMAND_RE.finditer(text):
        spans.append((match.start(), match.end(), "bot_command"))
    for match in _MENTION_RE.finditer(text):
        spans.append((match.start(), match.end(), "mention"))
    for match in _HASHTAG_RE.finditer(text):
        spans.append((match.start(), match.end(), "hashtag"))
    for match in _URL_RE.finditer(text):
        scheme, tld = match.group("scheme"), match.group("tld")
        if not scheme and (tld is None or tld.lower() not in _COMMON_TLDS):
            continue
        url = _trim_url(match.group(0))
        if url:
            spans.append((match.start(), match.start() + len(url), "url"))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    offsets = _u16_offsets(text)
    result: list[JSON] = []
    last_end = -1
    for start, end, kind in spans:
        if start < last_end:
            continue
        result.append(_entity(kind, offsets[start], offsets[end] - offsets[start]))
        last_end = end
    return result


_OPAQUE_ENTITY_TYPES = frozenset({"code", "pre", "text_link", "text_mention", "custom_emoji"})


def _merge_detected(text: str, entities: list[JSON]) -> list[JSON]:
    """Adds automatic entities that do not fall into code, pre or link entities."""
    opaque = [
        (e["offset"], e["offset"] + e["length"])
        for e in entities
        if e["type"] in _OPAQUE_ENTITY_TYPES
    ]
    merged = list(entities)
    for found in detect_entities(text):
        start, end = found["offset"], found["offset"] + found["length"]
        if any(start < o_end and o_start < end for o_start, o_end in opaque):
            continue
        if any(e["type"] == found["type"] and e["offset"] == start for e in entities):
            continue
        merged.append(found)
    return _sort_entities(merged)


def _trim_text(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Telegram strips surrounding whitespace; entities are shifted and clipped to match."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = _u16(text[: len(text) - len(text.lstrip())])
    size = _u16(stripped)
    result: list[JSON] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


# --------------------------------------------------------------------------------------
# Parameter decoding. PTB posts form fields whose non-string values are JSON encoded.
# --------------------------------------------------------------------------------------

_JSON_PARAMS = frozenset(
    {
        "reply_markup", "entities", "caption_entities", "reply_parameters",
        "link_preview_options", "commands", "scope", "menu_button", "allowed_updates",
        "media", "permissions", "rights",
    }
)  # fmt: skip
_INT_PARAMS = frozenset(
    {
        "message_id", "user_id", "offset", "limit", "reply_to_message_id",
        "message_thread_id", "cache_time", "max_connections", "until_date",
    }
)  # fmt: skip
_FLOAT_PARAMS = frozenset({"timeout"})
_BOOL_PARAMS = frozenset(
    {
        "disable_notification", "show_alert", "drop_pending_updates", "protect_content",
        "disable_web_page_preview", "allow_sending_without_reply", "revoke_messages",
        "disable_content_type_detection", "for_channels", "allow_paid_broadcast",
    }
)  # fmt: skip


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    file_name: str
    content_type: str | None
    content: bytes


def _coerce_params(raw: Mapping[str, Any]) -> JSON:
    params: JSON = {}
    for key, value in raw.items():
        if isinstance(value, UploadedFile) or value is None:
            params[key] = value
        elif key in _JSON_PARAMS:
            if isinstance(value, str):
                try:
                    value = json.loads(value)
                except ValueError:
                    what = "reply keyboard markup" if key == "reply_markup" else key
                    raise _bad_request(f"can't parse {what} JSON object") from None
            params[key] = value
        elif key in _INT_PARAMS:
            try:
                params[key] = int(value)
            except (TypeError, ValueError):
                raise _bad_request(f"invalid {key} specified") from None
        elif key in _FLOAT_PARAMS:
            try:
                params[key] = float(value)
            except (TypeError, ValueError):
                raise _bad_request(f"invalid {key} specified") from None
        elif key in _BOOL_PARAMS:
            params[key] = value if isinstance(value, bool) else str(value).lower() in ("true", "1")
        elif key in ("chat_id", "from_chat_id"):
            params[key] = value if isinstance(value, int) else str(value)
        else:
            params[key] = value if isinstance(value, str) else _json_text(value)
    return params


def _json_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _chat_key(value: Any) -> int | str | None:
    """Normalizes a chat_id parameter so fault filters compare equal across encodings."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text.lower()


# --------------------------------------------------------------------------------------
# The server.
# --------------------------------------------------------------------------------------


@dataclass
class FloodLimits:
    """Thresholds modelled on Telegram's published broadcasting limits."""

    global_per_second: int = 30
    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: int = 20


@dataclass
class _Failure:
    method: str
    error_code: int
    description: str
    retry_after: int | None
    remaining: int
    chat_id: int | str | None


@dataclass
class _Disruption:
    """A call that fails on the wire rather than with an error answer."""

    method: str
    mode: str  # "drop" | "drop_after" | "slow"
    seconds: float
    remaining: int
    chat_id: int | str | None


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    content: bytes
    file_size: int
    file_path: str | None = None


@dataclass
class _Signal:
    """Wakes all current waiters from sync code (asyncio.Condition would need the lock)."""

    event: asyncio.Event = field(default_factory=asyncio.Event)

    def fire(self) -> None:
        self.event.set()
        self.event = asyncio.Event()


async def _wait_until(signal: _Signal, predicate: Callable[[], bool], timeout: float) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max(timeout, 0.0)
    while True:
        event = signal.event
        if predicate():
            return True
        remaining = deadline - loop.time()
        if remaining <= 0:
            return False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), remaining)


_DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post",
        "business_connection", "business_message", "edited_business_message",
        "deleted_business_messages", "inline_query", "chosen_inline_result",
        "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media",
        "poll", "poll_answer", "my_chat_member", "chat_join_request", "chat_boost",
        "removed_chat_boost",
    }
)  # fmt: skip
_SEND_METHODS = frozenset(
    {
        "sendmessage", "senddocument", "sendphoto", "sendaudio", "sendvideo", "sendvoice",
        "sendanimation", "sendsticker", "sendmediagroup", "sendlocation", "sendpoll",
        "copymessage", "forwardmessage", "sendchataction",
    }
)  # fmt: skip
_FLOOD_METHODS = _SEND_METHODS - {"sendchataction"}
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice",
        "upload_voice", "upload_document", "choose_sticker", "find_location",
        "record_video_note", "upload_video_note",
    }
)  # fmt: skip
_COMMAND_NAME_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_INLINE_BUTTON_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)  # fmt: skip
_DEFAULT_ERRORS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


class FakeTelegram:
    """An in-process Bot API server plus the user side tests need to drive a bot.

    ``token``: when given, other tokens get 401 like a revoked token; otherwise every
    token is accepted and remembered in ``tokens``.  ``max_poll_timeout`` caps the
    long-polling wait so shutdown and slow tests stay fast.  ``flood_limits`` turns on
    429 answers for sends beyond Telegram's limits (``True`` for the defaults).
    ``strict_html_entities`` rejects bare ``&`` in HTML (Telegram keeps it literally).
    """

    _METHODS: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_id: int = 7000000001,
        bot_username: str = "newsbot_test_bot",
        bot_first_name: str = "NewsBot",
        max_poll_timeout: float = 2.0,
        flood_limits: bool | FloodLimits = False,
        strict_html_entities: bool = True,
        first_update_id: int = 100000,
    ) -> None:
        self.expected_token = token
        self.bot_user: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.max_poll_timeout = max_poll_timeout
        if flood_limits is True:
            self.flood_limits: FloodLimits | None = FloodLimits()
        else:
            self.flood_limits = flood_limits or None
        self.strict_html_entities = strict_html_entities

        self.tokens: list[str] = []
        self.calls: list[JSON] = []
        self.sent: list[JSON] = []
        self.edits: list[JSON] = []
        self.deleted: list[JSON] = []
        self.chat_actions: list[JSON] = []
        self.callback_answers: list[JSON] = []
        self.downloads: list[str] = []
        self.flood_rejections = 0
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.menu_buttons: dict[int | None, JSON] = {}
        self.webhook: JSON = {"url": "", "has_custom_certificate": False}

        self._updates: list[JSON] = []
        self._next_update_id = first_update_id
        self._allowed_updates: frozenset[str] = _DEFAULT_UPDATE_TYPES
        self._poll_generation = 0
        self._closing = False
        self._chats: dict[int, JSON] = {}
        self._next_channel_id = -1001000000001
        self._messages: dict[tuple[int, int], JSON] = {}
        self._next_message_id: dict[int, int] = {}
        self._files: dict[str, _StoredFile] = {}
        self._paths: dict[str, str] = {}
        self._members: dict[tuple[int, int], JSON] = {}
        self._blocked: set[int] = set()
        self._failures: list[_Failure] = []
        self._disruptions: list[_Disruption] = []
        self._callback_queries: dict[str, bool] = {}
        self._flood_times: dict[int, list[float]] = {}
        self._global_times: list[float] = []
        self._message_cursor: dict[int, int] = {}
        self._call_cursor: dict[str, int] = {}
        self._updates_signal = _Signal()
        self._activity = _Signal()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._counter = 0

    # ---------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        """Binds 127.0.0.1 on a free port; PTB's clients then need only the two URLs."""
        if self._runner is not None:
            return
        self._closing = False
        self._updates_signal = _Signal()
        self._activity = _Signal()
        app = web.Application(client_max_size=MAX_UPLOAD_SIZE + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{file_path:.+}", self._handle_file)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Releases long polls first so the graceful shutdown does not wait for them."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        self._closing = True
        self._updates_signal.fire()
        await asyncio.wait_for(runner.cleanup(), timeout=5.0)

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeTelegram is not started")
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def token(self) -> str | None:
        """The token of the most recent request."""
        return self.tokens[-1] if self.tokens else None

    # ---------------------------------------------------------------- HTTP layer

    async def _read_params(self, request: web.Request) -> JSON:
        raw: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            content_type = request.content_type
            if content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise _bad_request("can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise _bad_request("JSON object expected")
                raw.update(body)
            elif content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
                try:
                    form = await request.post()
                except web.HTTPRequestEntityTooLarge:
                    raise ApiError(413, "Request Entity Too Large") from None
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        raw[key] = UploadedFile(
                            file_name=value.filename,
                            content_type=value.content_type,
                            content=value.file.read(),
                        )
                    else:
                        raw[key] = value
        return _coerce_params(raw)

    async def _handle_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method_name = request.match_info["method"]
        canonical = self._METHODS.get(method_name.lower())
        record: JSON = {
            "method": canonical or method_name,
            "params": {},
            "token": token,
            "time": _MONOTONIC(),
            "ok": False,
            "error_code": None,
            "description": None,
            "result": None,
        }
        if token not in self.tokens:
            self.tokens.append(token)
        try:
            if self.expected_token is not None and token != self.expected_token:
                raise ApiError(401, "Unauthorized")
            if canonical is None:
                raise ApiError(404, "Not Found")
            params = await self._read_params(request)
            record["params"] = _summarize(params)
            disruption = self._take_disruption(canonical, params)
            if disruption is not None and disruption.mode == "drop":
                record.update(description="connection dropped before the call was handled")
                self._record_call(record)
                return self._drop_connection(request)
            self._check_faults(canonical, params)
            handler = getattr(self, "_api_" + _snake(canonical))
            result = await handler(params)
            if disruption is not None and disruption.mode == "drop_after":
                record.update(ok=True, result=result, description="answer lost: connection dropped")
                self._record_call(record)
                return self._drop_connection(request)
            if disruption is not None and disruption.mode == "slow":
                record.update(description=f"answered after {disruption.seconds} s")
                await asyncio.sleep(disruption.seconds)
        except ApiError as error:
            record.update(error_code=error.error_code, description=error.description)
            self._record_call(record)
            return web.json_response(error.payload(), status=error.error_code)
        except Exception as error:  # a fake bug must show up in the call log, not as a hang
            failure = ApiError(500, f"Internal Server Error: {error!r}")
            record.update(error_code=500, description=failure.description)
            self._record_call(record)
            return web.json_response(failure.payload(), status=500)
        record.update(ok=True, result=result)
        self._record_call(record)
        return web.json_response({"ok": True, "result": result})

    def _record_call(self, record: JSON) -> None:
        self.calls.append(record)
        self._activity.fire()

    async def _handle_file(self, request: web.Request) -> web.Response:
        path = request.match_info["file_path"]
        file_id = self._paths.get(path)
        if file_id is None or (
            self.expected_token is not None and request.match_info["token"] != self.expected_token
        ):
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        stored = self._files[file_id]
        self.downloads.append(path)
        return web.Response(
            body=stored.content, content_type=stored.mime_type or "application/octet-stream"
        )

    # ---------------------------------------------------------------- faults and limits

    def fail_next(
        self,
        method: str,
        *,
        error_code: int = 429,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """Makes the next ``times`` calls of ``method`` (optionally for one chat) fail."""
        if error_code == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            if error_code == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            else:
                description = _DEFAULT_ERRORS.get(error_code, "Error")
        self._failures.append(
            _Failure(
                method=method.lower(),
                error_code=error_code,
                description=description,
                retry_after=retry_after,
                remaining=times,
                chat_id=_chat_key(chat_id),
            )
        )

    def drop_next(
        self,
        method: str,
        *,
        after_handling: bool = False,
        times: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` get no answer: the connection is closed.

        ``after_handling`` carries the call out first (a message is sent) and loses only
        the answer, as when Telegram accepted a request and the network then failed.
        """
        mode = "drop_after" if after_handling else "drop"
        self._disruptions.append(_Disruption(method.lower(), mode, 0.0, times, _chat_key(chat_id)))

    def slow_next(
        self, method: str, seconds: float, *, times: int = 1, chat_id: int | str | None = None
    ) -> None:
        """The next ``times`` calls of ``method`` are carried out at once but answered only
        after ``seconds``, as a Telegram under load does."""
        self._disruptions.append(
            _Disruption(method.lower(), "slow", seconds, times, _chat_key(chat_id))
        )

    def _take_disruption(self, method: str, params: JSON) -> _Disruption | None:
        lowered = method.lower()
        key = _chat_key(params.get("chat_id"))
        for disruption in self._disruptions:
            if disruption.method != lowered or disruption.remaining <= 0:
                continue
            if disruption.chat_id is not None and disruption.chat_id != key:
                continue
            disruption.remaining -= 1
            self._disruptions = [d for d in self._disruptions if d.remaining > 0]
            return disruption
        return None

    @staticmethod
    def _drop_connection(request: web.Request) -> web.Response:
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=500)  # never written: the connection is gone

    def clear_failures(self) -> None:
        self._failures.clear()
        self._disruptions.clear()

    def block_chat(self, chat_id: int) -> None:
        """Every send to the chat answers 403, as after the user blocked the bot."""
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def _check_faults(self, method: str, params: JSON) -> None:
        lowered = method.lower()
        key = _chat_key(params.get("chat_id"))
        for failure in self._failures:
            if failure.method != lowered or failure.remaining <= 0:
                continue
            if failure.chat_id is not None and failure.chat_id != key:
                continue
            failure.remaining -= 1
            self._failures = [f for f in self._failures if f.remaining > 0]
            raise ApiError(failure.error_code, failure.description, failure.retry_after)
        if lowered in _SEND_METHODS and isinstance(key, int) and key in self._blocked:
            chat_type = self._chats.get(key, {}).get("type", "private")
            raise ApiError(403, _blocked_description(chat_type))
        if self.flood_limits is not None and lowered in _FLOOD_METHODS and isinstance(key, int):
            self._check_flood(key)

    def _check_flood(self, chat_id: int) -> None:
        limits = self.flood_limits
        assert limits is not None
        now = _MONOTONIC()
        self._global_times = [t for t in self._global_times if now - t < 1.0]
        if len(self._global_times) >= limits.global_per_second:
            self._reject_flood(self._global_times[0] + 1.0 - now)
        chat_type = self._chats.get(chat_id, {}).get("type", "private" if chat_id > 0 else "group")
        if chat_type == "private":
            window = limits.private_burst / limits.private_per_second
            allowed = limits.private_burst
        else:
            window, allowed = 60.0, limits.group_per_minute
        times = [t for t in self._flood_times.get(chat_id, []) if now - t < window]
        self._flood_times[chat_id] = times
        if len(times) >= allowed:
            self._reject_flood(times[0] + window - now)
        times.append(now)
        self._global_times.append(now)

    def _reject_flood(self, wait: float) -> None:
        self.flood_rejections += 1
        retry_after = max(1, math.ceil(wait))
        raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    def send_times(self, chat_id: int | None = None) -> list[float]:
        """Monotonic timestamps of delivered messages, for rate assertions in benchmarks."""
        return [r["time"] for r in self.sent if chat_id is None or r["chat_id"] == chat_id]

    # ---------------------------------------------------------------- chats and users

    def add_chat(
        self,
        chat_id: int,
        chat_type: str = "private",
        *,
        title: str | None = None,
        username: str | None = None,
        first_name: str | None = None,
    ) -> JSON:
        """Registers (or updates) a chat; groups and channels need it for @username lookup."""
        chat: JSON = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = first_name or "Test"
        else:
            chat["title"] = title or f"Test {chat_type}"
        if username:
            chat["username"] = username.lstrip("@")
        self._chats[chat_id] = chat
        return dict(chat)

    def _chat(self, chat_id: int, chat_type: str | None = None) -> JSON:
        chat = self._chats.get(chat_id)
        if chat is None or (chat_type is not None and chat["type"] != chat_type):
            if chat_type is None:
                if chat_id > 0:
                    chat_type = "private"
                elif str(chat_id).startswith("-100"):
                    chat_type = "supergroup"
                else:
                    chat_type = "group"
            chat = self.add_chat(chat_id, chat_type)
        return dict(self._chats[chat_id])

    def _resolve_chat(self, value: Any, *, required: bool = True) -> int:
        if value is None or value == "":
            if required:
                raise _bad_request("chat_id is empty")
            return 0
        key = _chat_key(value)
        if isinstance(key, int):
            self._chat(key)
            return key
        if key and key.startswith("@") and len(key) > 1:
            name = key[1:]
            for chat in self._chats.values():
                if str(chat.get("username", "")).lower() == name:
                    return int(chat["id"])
            if re.fullmatch(r"[a-z0-9_]{4,32}", name):
                chat_id = self._next_channel_id
                self._next_channel_id -= 1
                self.add_chat(chat_id, "channel", username=name)
                return chat_id
        raise _bad_request("chat not found")

    def default_user(self, user_id: int = 1001) -> JSON:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": "Test",
            "last_name": "User",
            "username": f"test_user_{user_id}",
            "language_code": "en",
        }

    def _user_for(self, chat_id: int, user: JSON | None) -> JSON:
        if user is not None:
            return {"is_bot": False, "first_name": "Test", **user}
        return self.default_user(chat_id if chat_id > 0 else 1001)

    def _user_chat(self, chat_id: int, chat_type: str, user: JSON) -> JSON:
        if chat_type == "private" and chat_id not in self._chats:
            self.add_chat(
                chat_id, "private", first_name=user.get("first_name"), username=user.get("username")
            )
        return self._chat(chat_id, chat_type)

    def set_chat_member(
        self, chat_id: int, user_id: int, status: str = "administrator", **fields: Any
    ) -> None:
        """Sets what getChatMember reports, e.g. an administrator for group-admin checks."""
        user = self.bot_user if user_id == self.bot_user["id"] else self.default_user(user_id)
        self._members[(chat_id, user_id)] = _chat_member(status, user, fields)

    def _next_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _unique(self) -> int:
        self._counter += 1
        return self._counter

    # ---------------------------------------------------------------- files

    def add_file(
        self,
        content: bytes,
        file_name: str,
        mime_type: str | None = None,
        *,
        file_size: int | None = None,
    ) -> JSON:
        """Stores a file as if a user uploaded it; ``file_size`` can fake a huge file."""
        if mime_type is None:
            mime_type = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        number = self._unique()
        stored = _StoredFile(
            file_id=f"BQACAgIAAxkBAAI{number:06d}{secrets.token_urlsafe(24)}",
            file_unique_id=f"AgAD{number:04d}{secrets.token_hex(4)}",
            file_name=file_name,
            mime_type=mime_type,
            content=content,
            file_size=len(content) if file_size is None else file_size,
        )
        self._files[stored.file_id] = stored
        return _document_dict(stored)

    def file_content(self, file_id: str) -> bytes:
        return self._files[file_id].content

    # ---------------------------------------------------------------- user side

    def inject_update(self, update: JSON) -> int:
        """Queues any Update dict (an ``update_id`` is assigned when missing)."""
        update = dict(update)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, int(update["update_id"])) + 1
        query = update.get("callback_query")
        if isinstance(query, dict) and "id" in query:
            self._callback_queries.setdefault(str(query["id"]), False)
        self._updates.append(update)
        self._updates.sort(key=lambda u: u["update_id"])
        self._updates_signal.fire()
        return int(update["update_id"])

    @property
    def pending_updates(self) -> list[JSON]:
        return list(self._updates)

    def _user_message(
        self,
        chat_id: int,
        user: JSON | None,
        chat_type: str,
        reply_to_message_id: int | None,
        body: JSON,
    ) -> JSON:
        sender = self._user_for(chat_id, user)
        message: JSON = {
            "message_id": self._next_id(chat_id),
            "from": sender,
            "chat": self._user_chat(chat_id, chat_type, sender),
            "date": int(time.time()),
            **body,
        }
        if reply_to_message_id is not None:
            replied = self._messages.get((chat_id, reply_to_message_id))
            if replied is None:
                raise KeyError(f"no message {reply_to_message_id} in chat {chat_id}")
            message["reply_to_message"] = _without_reply(replied)
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        user: JSON | None = None,
        chat_type: str = "private",
        reply_to_message_id: int | None = None,
        entities: list[JSON] | None = None,
    ) -> JSON:
        """Delivers a user's text message; commands, mentions and URLs get entities."""
        body: JSON = {"text": text}
        found = detect_entities(text) if entities is None else entities
        if found:
            body["entities"] = found
        message = self._user_message(chat_id, user, chat_type, reply_to_message_id, body)
        update = {"update_id": self._next_update_id, "message": message}
        self.inject_update(update)
        return update

    def send_document(
        self,
        chat_id: int,
        content: bytes,
        file_name: str,
        mime_type: str | None = None,
        caption: str | None = None,
        *,
        user: JSON | None = None,
        chat_type: str = "private",
        file_size: int | None = None,
    ) -> JSON:
        """Delivers a user's document; its bytes are then served by getFile."""
        document = self.add_file(content, file_name, mime_type, file_size=file_size)
        return self._deliver(chat_id, {"document": document}, caption, user, chat_type)

    def _deliver(
        self, chat_id: int, body: JSON, caption: str | None, user: JSON | None, chat_type: str
    ) -> JSON:
        """A user's message with ``body`` (and a caption with its entities) as an update."""
        if caption:
            body["caption"] = caption
            found = detect_entities(caption)
            if found:
                body["caption_entities"] = found
        message = self._user_message(chat_id, user, chat_type, None, body)
        update = {"update_id": self._next_update_id, "message": message}
        self.inject_update(update)
        return update

    def send_photo(
        self,
        chat_id: int,
        caption: str | None = None,
        *,
        user: JSON | None = None,
        chat_type: str = "private",
    ) -> JSON:
        """Delivers a user's photo, with its caption (and the caption's entities) if any."""
        number = self._unique()
        size = {"file_unique_id": f"AQAD{number:04d}", "width": 800, "height": 600}
        body: JSON = {
            "photo": [
                {**size, "file_id": f"AgACAgIAAxkBAAI{number:06d}small", "width": 90},
                {**size, "file_id": f"AgACAgIAAxkBAAI{number:06d}large"},
            ]
        }
        return self._deliver(chat_id, body, caption, user, chat_type)

    def send_media(
        self, chat_id: int, kind: str, *, user: JSON | None = None, chat_type: str = "private"
    ) -> JSON:
        """Delivers a message without words: ``sticker``, ``voice`` or ``location``."""
        number = self._unique()
        file = {"file_id": f"CAACAgIAAxkBAAI{number:06d}", "file_unique_id": f"AgAD{number:04d}"}
        bodies: dict[str, JSON] = {
            "sticker": {
                "sticker": {
                    **file, "type": "regular", "width": 512, "height": 512,
                    "is_animated": False, "is_video": False, "emoji": "👍",
                }
            },
            "voice": {"voice": {**file, "duration": 3, "mime_type": "audio/ogg"}},
            "location": {"location": {"latitude": 52.52, "longitude": 13.405}},
        }  # fmt: skip
        return self._deliver(chat_id, bodies[kind], None, user, chat_type)

    def edit_text(self, chat_id: int, message_id: int, text: str) -> JSON:
        """The user edits an earlier text message of theirs: an ``edited_message`` update."""
        original = self._messages.get((chat_id, message_id))
        if original is None:
            raise KeyError(f"no message {message_id} in chat {chat_id}")
        edited = {**original, "text": text, "edit_date": int(time.time())}
        found = detect_entities(text)
        edited.pop("entities", None)
        if found:
            edited["entities"] = found
        self._messages[(chat_id, message_id)] = edited
        update = {"update_id": self._next_update_id, "edited_message": edited}
        self.inject_update(update)
        return update

    def press_button(
        self,
        chat_id: int,
        message_id: int,
        callback_data: str,
        *,
        user: JSON | None = None,
        strict: bool = True,
    ) -> JSON:
        """Presses an inline button of a bot message; ``strict`` checks the button exists."""
        message = self._messages.get((chat_id, message_id))
        if message is None:
            raise KeyError(f"no message {message_id} in chat {chat_id}")
        if strict:
            buttons = [
                button.get("callback_data")
                for row in message.get("reply_markup", {}).get("inline_keyboard", [])
                for button in row
            ]
            if callback_data not in buttons:
                raise ValueError(
                    f"message {message_id} in chat {chat_id} has no button with callback_data "
                    f"{callback_data!r}; buttons: {buttons}"
                )
        sender = self._user_for(chat_id, user)
        query_id = str(4000000000000000000 + self._unique())
        self._callback_queries[query_id] = False
        update = {
            "update_id": self._next_update_id,
            "callback_query": {
                "id": query_id,
                "from": sender,
                "message": json.loads(json.dumps(message)),
                "chat_instance": str((chat_id * 2654435761) % (1 << 62)),
                "data": callback_data,
            },
        }
        self.inject_update(update)
        return update

    def send_chat_member_update(
        self,
        chat_id: int,
        new_status: str = "kicked",
        old_status: str = "member",
        *,
        user: JSON | None = None,
        chat_type: str = "private",
        member: JSON | None = None,
    ) -> JSON:
        """Sends my_chat_member (or chat_member when ``member`` is another user).

        A private chat moving to "kicked" also blocks it, as Telegram then answers 403.
        """
        sender = self._user_for(chat_id, user)
        subject = self.bot_user if member is None else member
        payload = {
            "chat": self._user_chat(chat_id, chat_type, sender),
            "from": sender,
            "date": int(time.time()),
            "old_chat_member": _chat_member(old_status, subject, {}),
            "new_chat_member": _chat_member(new_status, subject, {}),
        }
        if member is None:
            if new_status in ("kicked", "left"):
                self.block_chat(chat_id)
            elif new_status in ("member", "administrator", "creator"):
                self.unblock_chat(chat_id)
            self._members[(chat_id, self.bot_user["id"])] = payload["new_chat_member"]
        key = "my_chat_member" if member is None else "chat_member"
        update = {"update_id": self._next_update_id, key: payload}
        self.inject_update(update)
        return update

    # ---------------------------------------------------------------- inspection

    def messages_for(self, chat_id: int) -> list[JSON]:
        return [r for r in self.sent if r["chat_id"] == chat_id]

    def edited(self, chat_id: int) -> list[JSON]:
        return [r for r in self.edits if r["chat_id"] == chat_id]

    def message(self, chat_id: int, message_id: int) -> JSON | None:
        """The current state of any message (user's or bot's, after edits)."""
        return self._messages.get((chat_id, message_id))

    def commands_for(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        return list(self.commands.get((_scope_key(scope), language_code), []))

    def calls_of(self, method: str) -> list[JSON]:
        lowered = method.lower()
        return [c for c in self.calls if c["method"].lower() == lowered]

    async def wait_for_messages(
        self, chat_id: int, count: int = 1, timeout: float = 5.0
    ) -> list[JSON]:
        """Returns the next ``count`` messages to the chat that no earlier wait returned."""
        start = self._message_cursor.get(chat_id, 0)
        ok = await _wait_until(
            self._activity, lambda: len(self.messages_for(chat_id)) >= start + count, timeout
        )
        records = self.messages_for(chat_id)
        if not ok:
            raise TimeoutError(
                f"expected {count} new message(s) to chat {chat_id} within {timeout}s, got "
                f"{len(records) - start}.\n{self._describe_activity(chat_id, start)}"
            )
        self._message_cursor[chat_id] = start + count
        return records[start : start + count]

    async def wait_for_call(
        self,
        method: str,
        timeout: float = 5.0,
        *,
        predicate: Callable[[JSON], bool] | None = None,
    ) -> JSON:
        """Returns the next call of ``method`` (matching ``predicate``) not returned before."""
        lowered = method.lower()
        found: list[JSON] = []

        def check() -> bool:
            start = self._call_cursor.get(lowered, 0)
            for index in range(start, len(self.calls)):
                call = self.calls[index]
                if call["method"].lower() == lowered and (predicate is None or predicate(call)):
                    self._call_cursor[lowered] = index + 1
                    found.append(call)
                    return True
            return False

        if not await _wait_until(self._activity, check, timeout):
            recent = ", ".join(c["method"] for c in self.calls[-15:]) or "none"
            raise TimeoutError(f"no {method} call within {timeout}s; recent calls: {recent}")
        return found[0]

    def _describe_activity(self, chat_id: int, start: int) -> str:
        lines = []
        for index, record in enumerate(self.messages_for(chat_id)):
            marker = "new" if index >= start else "old"
            lines.append(f"  [{marker}] {record['method']}: {record['text']!r}")
        others = sorted({r["chat_id"] for r in self.sent} - {chat_id})
        failed = [
            f"  {c['method']} -> {c['error_code']} {c['description']}"
            for c in self.calls[-20:]
            if not c["ok"]
        ]
        parts = ["sent to this chat:", *(lines or ["  (nothing)"])]
        if others:
            parts.append(f"messages also went to chats: {others}")
        if failed:
            parts.extend(["recent failed calls:", *failed])
        return "\n".join(parts)

    # ---------------------------------------------------------------- message building

    def _format(
        self, params: JSON, text_key: str, entities_key: str, limit: int, too_long: str
    ) -> tuple[str, list[JSON]]:
        raw = params.get(text_key)
        text = "" if raw is None else str(raw)
        parse_mode = str(params.get("parse_mode") or "").lower()
        try:
            if parse_mode == "html":
                plain, entities = parse_html(text, strict_ampersand=self.strict_html_entities)
            elif parse_mode == "markdownv2":
                plain, entities = parse_markdown_v2(text)
            elif parse_mode == "markdown":
                plain, entities = parse_markdown(text)
            elif parse_mode:
                raise _bad_request(f"unsupported parse_mode {params.get('parse_mode')}")
            else:
                plain = text
                given = params.get(entities_key) or []
                if not isinstance(given, list):
                    raise _bad_request(f"can't parse {entities_key} JSON object")
                entities = [dict(e) for e in given if isinstance(e, dict)]
        except EntityParseError as error:
            raise _bad_request(f"can't parse entities: {error}") from None
        plain, entities = _trim_text(plain, entities)
        if len(plain) > limit:
            raise _bad_request(too_long)
        return plain, _merge_detected(plain, entities)

    def _reply_to(self, chat_id: int, params: JSON) -> JSON | None:
        reply = params.get("reply_parameters")
        allow_missing = bool(params.get("allow_sending_without_reply"))
        target_chat = chat_id
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow_missing = bool(reply.get("allow_sending_without_reply", allow_missing))
            if reply.get("chat_id") is not None:
                target_chat = self._resolve_chat(reply["chat_id"])
        else:
            message_id = params.get("reply_to_message_id")
        if message_id is None:
            return None
        replied = self._messages.get((target_chat, int(message_id)))
        if replied is None:
            if allow_missing:
                return None
            raise _bad_request("message to be replied not found")
        return _without_reply(replied)

    def _bot_message(self, chat_id: int, params: JSON, body: JSON) -> JSON:
        message: JSON = {
            "message_id": self._next_id(chat_id),
            "from": dict(self.bot_user),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
        }
        if message["chat"]["type"] == "channel":  # channel posts are signed by the chat
            del message["from"]
            message["sender_chat"] = dict(message["chat"])
        reply_to = self._reply_to(chat_id, params)
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(body)
        markup = _validate_reply_markup(params.get("reply_markup"))
        if markup is not None:
            message["reply_markup"] = markup
        if isinstance(params.get("link_preview_options"), dict):
            message["link_preview_options"] = params["link_preview_options"]
        if params.get("message_thread_id") is not None:
            message["message_thread_id"] = params["message_thread_id"]
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _record_sent(self, method: str, params: JSON, message: JSON, raw_key: str) -> None:
        self.sent.append(
            {
                "method": method,
                "chat_id": message["chat"]["id"],
                "message_id": message["message_id"],
                "text": message.get("text", message.get("caption")),
                "raw_text": params.get(raw_key),
                "parse_mode": params.get("parse_mode"),
                "entities": message.get("entities", message.get("caption_entities", [])),
                "reply_markup": params.get("reply_markup"),
                "document": message.get("document"),
                "message": message,
                "params": _summarize(params),
                "time": _MONOTONIC(),
            }
        )

    # ---------------------------------------------------------------- API methods

    async def _api_get_me(self, params: JSON) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_log_out(self, params: JSON) -> bool:
        return True

    async def _api_close(self, params: JSON) -> bool:
        return True

    async def _api_set_webhook(self, params: JSON) -> bool:
        url = str(params.get("url") or "")
        if url and not url.lower().startswith("https://"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise _bad_request("secret token contains unallowed characters")
        self.webhook = {"url": url, "has_custom_certificate": False}
        if params.get("allowed_updates") is not None:
            self.webhook["allowed_updates"] = params["allowed_updates"]
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_delete_webhook(self, params: JSON) -> bool:
        self.webhook = {"url": "", "has_custom_certificate": False}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_get_webhook_info(self, params: JSON) -> JSON:
        return {**self.webhook, "pending_update_count": len(self._updates)}

    async def _api_get_updates(self, params: JSON) -> list[JSON]:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else _DEFAULT_UPDATE_TYPES
        if offset is not None:
            if offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            elif offset < 0:
                self._updates = self._updates[offset:]
        self._poll_generation += 1
        generation = self._poll_generation
        self._updates_signal.fire()
        batch: list[JSON] = []

        def ready() -> bool:
            if generation != self._poll_generation or self._closing:
                return True
            self._updates = [u for u in self._updates if _update_type(u) in self._allowed_updates]
            batch[:] = self._updates[:limit]
            return bool(batch)

        await _wait_until(self._updates_signal, ready, min(timeout, self.max_poll_timeout))
        if generation != self._poll_generation:
            raise ApiError(409, _DEFAULT_ERRORS[409])
        return json.loads(json.dumps(batch))

    async def _api_send_message(self, params: JSON) -> JSON:
        chat_id = self._resolve_chat(params.get("chat_id"))
        text, entities = self._format(
            params, "text", "entities", MAX_MESSAGE_LENGTH, "message is too long"
        )
        if not text:
            raise _bad_request("message text is empty")
        body: JSON = {"text": text}
        if entities:
            body["entities"] = entities
        message = self._bot_message(chat_id, params, body)
        self._record_sent("sendMessage", params, message, "text")
        return message

    async def _api_send_document(self, params: JSON) -> JSON:
        chat_id = self._resolve_chat(params.get("chat_id"))
        document = params.get("document")
        if isinstance(document, UploadedFile):
            if len(document.content) > MAX_UPLOAD_SIZE:
                raise ApiError(413, "Request Entity Too Large")
            stored_doc = self.add_file(
                document.content, document.file_name, document.content_type or None
            )
        elif isinstance(document, str) and document in self._files:
            stored_doc = _document_dict(self._files[document])
        elif isinstance(document, str) and document.startswith("attach://"):
            raise _bad_request("wrong file identifier/HTTP URL specified")
        elif isinstance(document, str) and re.match(r"^https?://", document):
            raise _bad_request("failed to get HTTP URL content")
        elif not document:
            raise _bad_request("there is no document in the request")
        else:
            raise _bad_request("wrong file identifier/HTTP URL specified")
        caption, entities = self._format(
            params, "caption", "caption_entities", MAX_CAPTION_LENGTH, "message caption is too long"
        )
        body: JSON = {"document": stored_doc}
        if caption:
            body["caption"] = caption
            if entities:
                body["caption_entities"] = entities
        message = self._bot_message(chat_id, params, body)
        self._record_sent("sendDocument", params, message, "caption")
        return message

    def _editable(self, params: JSON) -> tuple[int, JSON]:
        if params.get("inline_message_id"):
            raise _bad_request("MESSAGE_ID_INVALID")
        chat_id = self._resolve_chat(params.get("chat_id"))
        message_id = params.get("message_id")
        if message_id is None:
            raise _bad_request("message identifier is not specified")
        message = self._messages.get((chat_id, message_id))
        if message is None:
            raise _bad_request("message to edit not found")
        if (
            message.get("from", {}).get("id") != self.bot_user["id"]
            and "sender_chat" not in message
        ):
            raise _bad_request("message can't be edited")
        return chat_id, message

    def _apply_edit(self, method: str, params: JSON, message: JSON, changes: JSON) -> JSON:
        if all(message.get(key) == value for key, value in changes.items()):
            raise _bad_request(_NOT_MODIFIED)
        for key, value in changes.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        message["edit_date"] = int(time.time())
        self.edits.append(
            {
                "method": method,
                "chat_id": message["chat"]["id"],
                "message_id": message["message_id"],
                "text": message.get("text", message.get("caption")),
                "raw_text": params.get("text"),
                "parse_mode": params.get("parse_mode"),
                "entities": message.get("entities", []),
                "reply_markup": params.get("reply_markup"),
                "message": json.loads(json.dumps(message)),
                "params": _summarize(params),
                "time": _MONOTONIC(),
            }
        )
        return json.loads(json.dumps(message))

    async def _api_edit_message_text(self, params: JSON) -> JSON:
        _, message = self._editable(params)
        if "text" not in message:
            raise _bad_request("there is no text in the message to edit")
        text, entities = self._format(
            params, "text", "entities", MAX_MESSAGE_LENGTH, "MESSAGE_TOO_LONG"
        )
        if not text:
            raise _bad_request("message text is empty")
        changes: JSON = {
            "text": text,
            "entities": entities or None,
            "reply_markup": _validate_reply_markup(params.get("reply_markup")),
        }
        if isinstance(params.get("link_preview_options"), dict):
            changes["link_preview_options"] = params["link_preview_options"]
        return self._apply_edit("editMessageText", params, message, changes)

    async def _api_edit_message_reply_markup(self, params: JSON) -> JSON:
        _, message = self._editable(params)
        changes = {"reply_markup": _validate_reply_markup(params.get("reply_markup"))}
        return self._apply_edit("editMessageReplyMarkup", params, message, changes)

    async def _api_delete_message(self, params: JSON) -> bool:
        chat_id = self._resolve_chat(params.get("chat_id"))
        message_id = params.get("message_id")
        if message_id is None or (chat_id, message_id) not in self._messages:
            raise _bad_request("message to delete not found")
        del self._messages[(chat_id, message_id)]
        self.deleted.append({"chat_id": chat_id, "message_id": message_id, "time": _MONOTONIC()})
        return True

    async def _api_answer_callback_query(self, params: JSON) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if self._callback_queries.get(query_id, True):
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise _bad_request("MESSAGE_TOO_LONG")
        self._callback_queries[query_id] = True
        self.callback_answers.append(
            {
                "callback_query_id": query_id,
                "text": text,
                "show_alert": bool(params.get("show_alert")),
                "url": params.get("url"),
                "cache_time": params.get("cache_time"),
            }
        )
        return True

    async def _api_send_chat_action(self, params: JSON) -> bool:
        chat_id = self._resolve_chat(params.get("chat_id"))
        action = params.get("action")
        if action not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        self.chat_actions.append({"chat_id": chat_id, "action": action, "time": _MONOTONIC()})
        return True

    def _command_key(self, params: JSON) -> tuple[str, str]:
        scope = params.get("scope")
        if scope is not None and not isinstance(scope, dict):
            raise _bad_request("can't parse scope JSON object")
        if isinstance(scope, dict) and scope.get("chat_id") is not None:
            scope = {**scope, "chat_id": self._resolve_chat(scope["chat_id"])}
        language = str(params.get("language_code") or "")
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise _bad_request("invalid language code specified")
        try:
            return _scope_key(scope), language
        except ValueError as error:
            raise _bad_request(str(error)) from None

    async def _api_set_my_commands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad_request("BOT_COMMANDS_TOO_MUCH")
        cleaned: list[JSON] = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad_request("can't parse BotCommand JSON object")
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not _COMMAND_NAME_RE.match(name):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description.strip()) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name, "description": description})
        key = self._command_key(params)
        if cleaned:
            self.commands[key] = cleaned
        else:
            self.commands.pop(key, None)
        return True

    async def _api_get_my_commands(self, params: JSON) -> list[JSON]:
        return list(self.commands.get(self._command_key(params), []))

    async def _api_delete_my_commands(self, params: JSON) -> bool:
        self.commands.pop(self._command_key(params), None)
        return True

    async def _api_set_chat_menu_button(self, params: JSON) -> bool:
        chat_id = params.get("chat_id")
        resolved = None if chat_id is None else self._resolve_chat(chat_id)
        button = params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in (
            "default",
            "commands",
            "web_app",
        ):
            raise _bad_request("can't parse menu button JSON object")
        self.menu_buttons[resolved] = button
        return True

    async def _api_get_chat_menu_button(self, params: JSON) -> JSON:
        chat_id = params.get("chat_id")
        resolved = None if chat_id is None else self._resolve_chat(chat_id)
        return (
            self.menu_buttons.get(resolved) or self.menu_buttons.get(None) or {"type": "commands"}
        )

    async def _api_get_chat(self, params: JSON) -> JSON:
        chat = self._chat(self._resolve_chat(params.get("chat_id")))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def _api_get_chat_member(self, params: JSON) -> JSON:
        chat_id = self._resolve_chat(params.get("chat_id"))
        user_id = params.get("user_id")
        if user_id is None:
            raise _bad_request("invalid user_id specified")
        member = self._members.get((chat_id, user_id))
        if member is not None:
            return member
        user = self.bot_user if user_id == self.bot_user["id"] else self.default_user(user_id)
        return _chat_member("member", user, {})

    async def _api_get_chat_administrators(self, params: JSON) -> list[JSON]:
        chat_id = self._resolve_chat(params.get("chat_id"))
        if self._chat(chat_id)["type"] == "private":
            raise _bad_request("there are no administrators in the private chat")
        return [
            member
            for (member_chat, _), member in self._members.items()
            if member_chat == chat_id and member["status"] in ("administrator", "creator")
        ]

    async def _api_get_chat_member_count(self, params: JSON) -> int:
        chat_id = self._resolve_chat(params.get("chat_id"))
        return max(2, sum(1 for (c, _) in self._members if c == chat_id))

    async def _api_get_file(self, params: JSON) -> JSON:
        file_id = str(params.get("file_id") or "")
        stored = self._files.get(file_id)
        if stored is None:
            raise _bad_request("invalid file_id")
        if stored.file_size > MAX_DOWNLOAD_SIZE:
            raise _bad_request("file is too big")
        if stored.file_path is None:
            suffix = ""
            if stored.file_name and "." in stored.file_name:
                suffix = "." + stored.file_name.rsplit(".", 1)[1]
            stored.file_path = f"documents/file_{self._unique()}{suffix}"
            self._paths[stored.file_path] = stored.file_id
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size,
            "file_path": stored.file_path,
        }


# --------------------------------------------------------------------------------------
# Helpers for the server.
# --------------------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


FakeTelegram._METHODS.update(
    {
        name.lower(): name
        for name in (
            "getMe", "logOut", "close", "setWebhook", "deleteWebhook", "getWebhookInfo",
            "getUpdates", "sendMessage", "sendDocument", "editMessageText",
            "editMessageReplyMarkup", "deleteMessage", "answerCallbackQuery", "sendChatAction",
            "setMyCommands", "getMyCommands", "deleteMyCommands", "setChatMenuButton",
            "getChatMenuButton", "getChat", "getChatMember", "getChatAdministrators",
            "getChatMemberCount", "getFile",
        )
    }
)  # fmt: skip


def _update_type(update: JSON) -> str:
    return next((key for key in update if key != "update_id"), "")


def _without_reply(message: JSON) -> JSON:
    copy = json.loads(json.dumps(message))
    copy.pop("reply_to_message", None)
    return copy


def _document_dict(stored: _StoredFile) -> JSON:
    document: JSON = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.file_size,
    }
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return document


def _summarize(params: JSON) -> JSON:
    """Replaces uploaded bytes by a short description so call logs stay printable."""
    return {
        key: (
            {"file_name": v.file_name, "mime_type": v.content_type, "size": len(v.content)}
            if isinstance(v, UploadedFile)
            else v
        )
        for key, v in params.items()
    }


def _blocked_description(chat_type: str) -> str:
    if chat_type == "private":
        return "Forbidden: bot was blocked by the user"
    if chat_type == "channel":
        return "Forbidden: bot is not a member of the channel chat"
    return f"Forbidden: bot was kicked from the {chat_type} chat"


_RESTRICTED_ALLOWED = (
    "is_member", "can_send_messages", "can_send_audios", "can_send_documents",
    "can_send_photos", "can_send_videos", "can_send_video_notes", "can_send_voice_notes",
    "can_send_polls", "can_send_other_messages", "can_add_web_page_previews",
)  # fmt: skip


def _chat_member(status: str, user: JSON, fields: Mapping[str, Any]) -> JSON:
    member: JSON = {"status": status, "user": dict(user)}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(
            can_be_edited=False,
            is_anonymous=False,
            can_manage_chat=True,
            can_delete_messages=True,
            can_manage_video_chats=True,
            can_restrict_members=True,
            can_promote_members=False,
            can_change_info=True,
            can_invite_users=True,
            can_post_stories=False,
            can_edit_stories=False,
            can_delete_stories=False,
        )
    elif status == "restricted":
        member.update(dict.fromkeys(_RESTRICTED_ALLOWED, True))
        member.update(
            can_change_info=False,
            can_invite_users=False,
            can_pin_messages=False,
            can_manage_topics=False,
            can_edit_tag=False,
            until_date=0,
        )
    elif status == "kicked":
        member["until_date"] = 0
    elif status not in ("member", "left"):
        raise ValueError(f"unknown chat member status {status!r}")
    member.update(fields)
    return member


def _scope_key(scope: JSON | None) -> str:
    """Serializes a BotCommandScope so equal scopes share one command list."""
    if not scope:
        return "default"
    kind = scope.get("type")
    if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
        return str(kind)
    if kind in ("chat", "chat_administrators"):
        if scope.get("chat_id") is None:
            raise ValueError("chat_id is empty")
        return f"{kind}:{_chat_key(scope['chat_id'])}"
    if kind == "chat_member":
        if scope.get("chat_id") is None or scope.get("user_id") is None:
            raise ValueError("chat_id is empty")
        return f"chat_member:{_chat_key(scope['chat_id'])}:{int(scope['user_id'])}"
    raise ValueError("unsupported bot command scope type")


def _validate_reply_markup(markup: Any) -> JSON | None:
    """Checks a reply_markup; returns what Telegram echoes in the Message (inline only)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if not any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list):
        raise _bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for row in rows:
        if not isinstance(row, list):
            raise _bad_request(
                'can\'t parse inline keyboard button: field "inline_keyboard" of the '
                "InlineKeyboardMarkup must be an Array of Arrays"
            )
        for button in row:
            _validate_inline_button(button)
    if not any(rows):
        return None
    return {"inline_keyboard": rows}


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise _bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str):
        raise _bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not text.strip():
        raise _bad_request("BUTTON_TEXT_INVALID")
    if not any(key in button for key in _INLINE_BUTTON_ACTIONS):
        raise _bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise _bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or _normalize_url(url) is None:
            raise _bad_request("BUTTON_URL_INVALID")
