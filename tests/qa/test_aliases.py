"""Other names for what a question asks about, read from the word lists."""

from __future__ import annotations

from bot.qa.aliases import canonical_first_name, concepts_of, first_name_variants, nation_forms


def test_the_longest_listed_phrase_is_one_concept_with_its_forms() -> None:
    concepts = concepts_of(["lib", "dem", "treasury", "spokesman"])
    assert [c.asked for c in concepts] == [("lib", "dem"), ("treasury",), ("spokesman",)]
    assert ("liberal", "democrat") in concepts[0].forms
    assert ("spokeswoman",) in concepts[2].forms


def test_one_way_forms_do_not_run_back() -> None:
    [boss] = concepts_of(["boss"])
    [chief] = concepts_of(["chairman"])
    assert ("manager",) in boss.forms
    assert ("boss",) not in chief.forms


def test_club_nicknames_and_nations() -> None:
    [toffees] = concepts_of(["toffees"])
    assert ("everton",) in toffees.forms
    [lankan] = concepts_of(["sri", "lankan"])
    assert ("sri", "lanka") in lankan.forms
    assert ("sri", "lankan") in nation_forms()


def test_first_names() -> None:
    assert first_name_variants("Vince") == {"vince", "vincent"}
    assert canonical_first_name("dave") == canonical_first_name("david")
    assert first_name_variants("zebedee") == {"zebedee"}
