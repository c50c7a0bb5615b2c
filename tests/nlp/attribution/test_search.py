"""Search keys of stored speakers: name, role and nation twins."""

from __future__ import annotations

from bot.nlp.attribution import DIRECT, REPORTED, Attribution, speaker_keys, speaker_search_text


def test_search_text_has_name_role_and_country():
    a = Attribution("Vladimir Putin", "Russian President", REPORTED)
    assert speaker_search_text(a) == "vladimir putin russian president russia"


def test_search_text_adds_demonym_for_possessive_country():
    a = Attribution("Ararat Mirzoyan", "Armenia’s Foreign Minister", DIRECT)
    assert speaker_search_text(a) == "ararat mirzoyan armenia foreign minister armenian"


def test_speaker_keys_cover_surname_full_name_and_title_words():
    keys = speaker_keys(Attribution("Jeyhun Bayramov", "Azerbaijani Foreign Minister", DIRECT))
    assert {
        "bayramov", "jeyhun bayramov", "azerbaijani foreign minister", "foreign", "minister",
        "azerbaijan", "azerbaijani",
    } <= keys  # fmt: skip


def test_speaker_keys_for_a_body_drop_the_article():
    keys = speaker_keys(Attribution("the British Chamber of Commerce", None, REPORTED))
    assert "british chamber commerce" in keys and "commerce" in keys and "the" not in keys
