"""People as identities: who a speaker question means among everyone quoted."""

from __future__ import annotations

import dataclasses
from datetime import date

from bot.qa.aliases import concepts_of
from bot.qa.people import (
    beside_name,
    bodies_in,
    capitalised_words,
    choose_person,
    described_person,
    gender_of,
    matches_name,
    office_index,
    people_of,
    person_key,
    role_mentions,
    role_score,
)
from bot.qa.question import speaker_query
from bot.qa.records import SentenceHit
from tests.qa.hits import sentence_hit


def said(
    speaker: str,
    text: str = "He said so.",
    *,
    role: str | None = None,
    title: str = "A story",
    article_id: int = 1,
    day: date = date(2005, 1, 1),
) -> SentenceHit:
    return sentence_hit(
        text, speaker=speaker, role=role, title=title, article_id=article_id, day=day
    )


def ask(phrase: str):  # type: ignore[no-untyped-def]
    query = speaker_query(phrase)
    assert query is not None
    return query


SMITHS = [
    *[said("Walter Smith", role="Scotland manager") for _ in range(4)],
    said("Jacqui Smith", role="Labour deputy minister for women"),
    said("Jemma Smith", role="Apacs spokeswoman"),
]


def test_a_full_name_matches_only_that_person() -> None:
    choice = choose_person(ask("Jacqui Smith"), SMITHS)
    assert choice.person is not None and choice.person.name == "Jacqui Smith"
    assert choice.others == ()
    assert choose_person(ask("Anna Smith"), SMITHS).person is None


def test_a_bare_surname_picks_the_most_quoted_and_names_the_others() -> None:
    choice = choose_person(ask("Smith"), SMITHS)
    assert choice.person is not None and choice.person.name == "Walter Smith"
    assert {p.name for p in choice.others} == {"Jacqui Smith", "Jemma Smith"}


def test_a_surname_on_a_topic_picks_who_spoke_on_it() -> None:
    choice = choose_person(
        ask("Smith"),
        SMITHS,
        topic_share=lambda person: 1.0 if person.name == "Jemma Smith" else 0.0,
    )
    assert choice.person is not None and choice.person.name == "Jemma Smith"


def test_usual_forms_of_a_first_name_are_one_person() -> None:
    assert person_key("Vince Cable") == person_key("Vincent Cable")
    assert person_key("Mr Vince Cable") == person_key("Vincent Cable")
    people = people_of([said("Vince Cable"), said("Vincent Cable"), said("Vincent Cable")])
    assert len(people) == 1 and people[0].statements == 3
    assert matches_name(ask("Vince Cable"), people[0])


def test_a_person_stored_by_surname_alone_joins_the_only_full_name() -> None:
    choice = choose_person(ask("Wenger"), [said("Arsene Wenger"), said("Wenger")])
    assert choice.person is not None and choice.person.statements == 2
    shared = choose_person(ask("Smith"), [*SMITHS, said("Smith")])
    assert any(p.key == ("smith",) for p in (shared.person, *shared.others))


def test_an_honorific_keeps_the_question_to_one_sex() -> None:
    hits = [
        *[said("Lleyton Hewitt", '"It was a strange match," said Hewitt.') for _ in range(5)],
        said("Patricia Hewitt", "Ms Hewitt said the plans would be paid for by taxpayers."),
    ]
    choice = choose_person(ask("Ms Hewitt"), hits, first_name_gender=lambda name: None)
    assert choice.person is not None and choice.person.name == "Patricia Hewitt"
    lleyton = people_of(hits)[0]
    assert gender_of(lleyton, lambda name: None) is None
    assert gender_of(lleyton, lambda name: "m") == "m"


def test_roles_match_through_their_other_names() -> None:
    concepts = concepts_of(["toffees", "boss"])
    assert role_score(concepts, said("David Moyes", role="Everton manager")) > 0.5
    assert role_score(concepts, said("Freddy Shepherd", role="Magpies chairman")) == 0.0


def test_another_office_is_not_the_one_asked() -> None:
    concepts = concepts_of(["chancellor"])
    assert role_score(concepts, said("Gordon Brown", role="Chancellor")) == 1.0
    assert role_score(concepts, said("Oliver Letwin", role="shadow chancellor")) == 0.0


def test_a_role_word_written_as_a_name_must_match() -> None:
    named = frozenset({"rnid"})
    concepts = concepts_of(["rnid", "technology", "director"])
    intel = said("Mario Paniccia", role="director of Intel's photonics technology lab")
    assert role_score(concepts, intel, named) == 0.0


def test_the_role_holder_is_found_where_the_article_names_them() -> None:
    concepts = concepts_of(["spurs", "sporting", "director"])
    [mention] = role_mentions(
        '"He had offers," said Spurs sporting director Frank Arnesen.',
        concepts,
        frozenset({"spurs"}),
    )
    assert (mention.name, mention.role) == ("Frank Arnesen", "Spurs sporting director")
    [fischer] = role_mentions(
        '"It is growing fast," said Rudolf Fischer, head of Telekom Austria\'s fixed line unit.',
        concepts_of(["telekom", "austria", "boss"]),
        frozenset({"telekom", "austria"}),
    )
    assert fischer.name == "Rudolf Fischer"


def test_a_role_belongs_to_the_name_it_stands_before() -> None:
    text = (
        "Talks between Armenian Foreign Minister Ararat Mirzoyan and Azerbaijani Foreign "
        "Minister Jeyhun Bayramov ended."
    )
    found = role_mentions(
        text, concepts_of(["azerbaijani", "foreign", "minister"]), frozenset({"azerbaijani"})
    )
    assert [m.name for m in found] == ["Jeyhun Bayramov"]
    assert beside_name(text, "Ararat Mirzoyan").split()[-3:] == ["Armenian", "Foreign", "Minister"]


def test_role_shown_is_the_articles_or_the_fuller_one() -> None:
    moyes = people_of(
        [
            said("David Moyes", role="Everton manager"),
            said("David Moyes", role="Everton manager"),
            said("David Moyes", role="Manager", article_id=2),
            said("David Moyes", article_id=3),
        ]
    )[0]
    assert [moyes.role_on(h) for h in moyes.hits] == ["Everton manager"] * 4


def test_a_band_singer_is_found_by_its_other_names() -> None:
    concepts = concepts_of(["snow", "patrol", "singer"])
    lightbody = said(
        "Gary Lightbody",
        "Snow Patrol had no other course of action, lead singer Gary Lightbody has said.",
        role="lead singer",
        title="Snow Patrol part with bassist",
    )
    assert role_score(concepts, lightbody) >= 0.5
    kapranos = said("Alex Kapranos", role="Franz Ferdinand frontman")
    assert role_score(concepts_of(["franz", "ferdinand", "singer"]), kapranos) >= 0.5


def test_the_speakers_own_name_carries_no_role_word() -> None:
    concepts = concepts_of(["head", "fox"])
    assert role_score(concepts, said("Liam Fox", role="Tory co-chairman")) < 0.5
    assert role_score(concepts, said("Gail Berman", role="Fox chief executive")) >= 0.5


def test_the_office_is_the_role_word_of_a_title() -> None:
    assert office_index(concepts_of(["cairn", "energy", "boss"])) == 2
    assert office_index(concepts_of(["head", "fox"])) == 0
    assert office_index(concepts_of(["cairn", "shares"])) is None


def article_stems(text: str) -> str:
    return capitalised_words(text)


def test_the_body_of_a_role_may_be_named_elsewhere_in_the_article() -> None:
    concepts = concepts_of(["cairn", "energy", "boss"])
    article = "Shares in Cairn Energy have jumped 6% after the firm found oil."
    bodies = bodies_in(concepts, article_stems(article))
    gammell = said("Bill Gammell", 'Chief executive Bill Gammell added: "We feel good."')
    assert role_score(concepts, gammell) < 0.5
    assert role_score(concepts, gammell, in_article=bodies) >= 0.5
    # The office must still be the speaker's own: an analyst of the same story is not.
    analyst = said("Ann Lee", "The find is big, said analyst Ann Lee.", role="analyst")
    assert role_score(concepts, analyst, in_article=bodies) == 0.0


def test_a_body_is_a_name_written_with_a_capital() -> None:
    concepts = concepts_of(["head", "fox"])
    assert bodies_in(concepts, article_stems("Fox hunting with dogs was banned.")) == {("fox",)}
    assert bodies_in(concepts, article_stems("They went hunting for a fox.")) == frozenset()


def test_a_country_in_a_role_is_no_body_found_elsewhere() -> None:
    concepts = concepts_of(["azerbaijani", "foreign", "minister"])
    article = "Azerbaijani Foreign Minister Jeyhun Bayramov met Antony Blinken."
    assert bodies_in(concepts, article_stems(article)) == frozenset()
    blinken = said("Antony Blinken", role="Secretary of State")
    bodies = bodies_in(concepts, article_stems(article))
    assert role_score(concepts, blinken, in_article=bodies) < 0.5


def test_a_role_naming_its_own_body_is_not_that_of_another_in_the_article() -> None:
    concepts = concepts_of(["millwall", "chairman"])
    article = "Wolves have appointed Glenn Hoddle, days before their game against Millwall."
    bodies = bodies_in(concepts, article_stems(article))
    hayward = said("Rick Hayward", "Wolves chairman Rick Hayward said so.", role="Wolves chairman")
    assert role_score(concepts, hayward, in_article=bodies) == 0.0
    # A role that names no body still takes the one the article names.
    plain = said("Rick Hayward", "Chairman Rick Hayward said so.", role="Chairman")
    assert role_score(concepts, plain, in_article=bodies) >= 0.5


def test_a_role_description_stands_for_the_person_quoted_after_it() -> None:
    lede = said("the lord chancellor", "The bill is no ploy, the lord chancellor has said.")
    article = [
        said("Tony Blair", "Mr Blair said so.", article_id=7, role="Prime Minister"),
        dataclasses.replace(lede, article_id=7),
        *[said("Lord Falconer", f"Lord Falconer said {n}.", article_id=7) for n in range(2)],
        said("Tony Blair", "He added more.", article_id=7, role="Prime Minister"),
    ]
    article = [dataclasses.replace(h, position=i) for i, h in enumerate(article)]
    description = people_of(article[1:2])[0]
    owner = described_person(ask("the lord chancellor"), description, article)
    assert owner is not None and owner.name == "Lord Falconer"
    assert article[1] in owner.hits


def test_a_description_is_nobody_quoted_once_nor_of_another_office() -> None:
    lede = said("the chancellor", "Taxes will rise, the chancellor has said.", article_id=3)
    once = [lede, said("Gordon Brown", "Mr Brown said so.", article_id=3)]
    once = [dataclasses.replace(h, position=i) for i, h in enumerate(once)]
    description = people_of(once[:1])[0]
    assert described_person(ask("the chancellor"), description, once) is None
    other = [*once, said("Gordon Brown", "He said more.", article_id=3, role="Prime Minister")]
    other = [dataclasses.replace(h, position=i) for i, h in enumerate(other)]
    assert described_person(ask("the chancellor"), description, other) is None
    # A spokesman speaks for someone else, never as them.
    spokesman = said("an Arsenal spokesman", "It is untrue, an Arsenal spokesman said.")
    wenger = [said("Arsene Wenger", f"Wenger said {n}.") for n in range(3)]
    club = [dataclasses.replace(h, position=i) for i, h in enumerate([spokesman, *wenger])]
    assert described_person(ask("the Arsenal spokesman"), people_of(club[:1])[0], club) is None


def test_a_managing_director_is_no_manager() -> None:
    concepts = concepts_of(["bt", "boss"])
    ingram = said("Duncan Ingram", "It is fast, said Duncan Ingram.", role="BT's managing director")
    verwaayen = said("Ben Verwaayen", "It grows, said Ben Verwaayen.", role="BT chief executive")
    assert role_score(concepts, ingram) < role_score(concepts, verwaayen)
    moyes = said("David Moyes", "We won, said Moyes.", role="Everton manager")
    assert role_score(concepts_of(["everton", "boss"]), moyes) >= 0.5


def test_a_role_question_prefers_the_office_to_a_narrower_one() -> None:
    hits = [
        *[
            said("Frank Stone", "Artists matter, said Frank Stone.", role=role)
            for role in ["head of the BT's business sector programmes"] * 5
        ],
        *[said("Ben Verwaayen", "Broadband grows, said Mr Verwaayen.", role="BT chief executive")],
    ]
    choice = choose_person(ask("the BT boss"), hits)
    assert choice.person is not None and choice.person.name == "Ben Verwaayen"
    assert [p.name for p in choice.others] == ["Frank Stone"]


def test_a_title_opening_the_sentence_is_the_names_role() -> None:
    text = 'Singer Sam Endicott said he felt "great" about coming top of the list.'
    assert beside_name(text, "Sam Endicott") == "Singer"
    # A sentence's first word alone, before no name, describes nobody.
    assert beside_name("Endicott said he felt great.", "Sam Endicott") == ""
    concepts = concepts_of(["bravery", "singer"])
    article = "New York rock group The Bravery have come top of the poll."
    endicott = said("Sam Endicott", text)
    assert (
        role_score(concepts, endicott, in_article=bodies_in(concepts, article_stems(article)))
        >= 0.5
    )
