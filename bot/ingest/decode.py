"""Bytes to text: the encodings admins' files really come in, and nothing binary."""

from __future__ import annotations

import codecs
import re

from bot.ingest.errors import RejectedInput

# Tried in order after the BOMs. cp1252 before latin-1: it is what "ANSI" files from
# Windows are, and latin-1 accepts any byte sequence so it must come last.
_FALLBACK_ENCODINGS = ("utf-8", "cp1252", "latin-1")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that text files do not contain (tab, newlines, form feed, vertical tab
# and escape are allowed), C1 controls, and the replacement character of a failed decode.
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffd]")


def check_size(data: bytes, max_bytes: int) -> None:
    if not data or not data.strip():
        raise RejectedInput("the file is empty")
    if len(data) > max_bytes:
        raise RejectedInput(
            f"the file is too large ({_human_size(len(data))}; "
            f"the limit is {_human_size(max_bytes)})"
        )


def decode_text(data: bytes) -> str:
    """Decode an uploaded file, or reject it if it is not text.

    Binary files are recognised by NUL bytes and control characters rather than by
    extension, since admins rename files and Telegram guesses MIME types.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"))
    if b"\x00" in data[:8192]:
        raise RejectedInput("this looks like a binary file, not text (it contains NUL bytes)")
    for encoding in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "latin-1" and _control_ratio(text) > 0.01:
            break
        return _checked(text)
    raise RejectedInput(
        "the file is not readable text (tried UTF-8, UTF-16/32 with a byte-order mark, "
        "Windows-1252 and Latin-1); save it as UTF-8 and send it again"
    )


def _checked(text: str) -> str:
    if _control_ratio(text) > 0.01:
        raise RejectedInput("this looks like a binary file, not text")
    return text


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_NOT_TEXT.findall(sample)) / len(sample)


def _human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size} bytes"
