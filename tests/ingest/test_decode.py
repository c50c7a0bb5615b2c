from __future__ import annotations

import codecs

import pytest

from bot.ingest.decode import check_size, decode_text
from bot.ingest.errors import RejectedInput
from bot.ingest.repair import normalise_for_hash, repair_if_needed, repair_text, split_paragraphs


@pytest.mark.parametrize(
    "data",
    [
        "Café “quoted” — £5".encode(),
        codecs.BOM_UTF8 + "Café “quoted” — £5".encode(),
        "Café “quoted” — £5".encode("utf-16"),
        "Café “quoted” — £5".encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "cp1252"],
)
def test_common_encodings_decode(data: bytes) -> None:
    assert decode_text(data) == "Café “quoted” — £5"


def test_latin1_without_cp1252_symbols() -> None:
    assert decode_text("Zürich straße".encode("latin-1")) == "Zürich straße"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        bytes(range(1, 32)) * 40,
        b"%PDF-1.4\n" + bytes([0x01, 0x02, 0x03, 0x04, 0x05, 0x06]) * 400,
    ],
    ids=["png", "control-bytes", "pdf-like"],
)
def test_binary_is_rejected(data: bytes) -> None:
    with pytest.raises(RejectedInput, match=r"binary|not readable"):
        decode_text(data)


def test_size_checks() -> None:
    with pytest.raises(RejectedInput, match="empty"):
        check_size(b"", 100)
    with pytest.raises(RejectedInput, match="empty"):
        check_size(b"  \n\t ", 100)
    with pytest.raises(RejectedInput, match="too large"):
        check_size(b"x" * 4_000_000, 2_000_000)
    check_size(b"fine", 100)


def test_repair_fixes_mojibake_including_lowercased() -> None:
    assert repair_text("profits of â£110m") == "profits of £110m"
    assert repair_text("Itâ€™s a â€œdealâ€\x9d") == "It’s a “deal”"
    assert repair_text("line one\r\nline two") == "line one\nline two"


def test_repair_keeps_real_text() -> None:
    text = "Fête in Zürich — “ok” 3.5% of $2bn; naïve café"
    assert repair_text(text) == text


def test_invisible_hyphens_and_joiners_leave_words_whole() -> None:
    """A soft hyphen (``&shy;``) marks where a browser may break a long word; kept, it
    would cut "diesem" in two for the search."""
    assert (
        repair_if_needed("Auch in die\u00adsem Jahr wol\u00adlen wir")
        == "Auch in diesem Jahr wollen wir"
    )
    assert repair_text("Gro\u00df\u2060va\u00adter") == "Großvater"


def test_split_paragraphs_blank_lines_or_lines() -> None:
    assert split_paragraphs("a b\nc\n\n\nd\u00a0 e\n") == ["a b c", "d e"]
    assert split_paragraphs("one\ntwo\nthree") == ["one", "two", "three"]


def test_hash_form_ignores_case_spacing_and_quotes() -> None:
    assert normalise_for_hash(["The “Deal”,  done."]) == normalise_for_hash(['the "deal" done'])
