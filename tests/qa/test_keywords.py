"""Weighing a keyword question's words, finding them in sentences, and abstaining."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.qa.aliases import concepts_of
from bot.qa.keywords import (
    Capitals,
    Evidence,
    NameBinding,
    Scored,
    Topic,
    WeightedConcept,
    answer_strength,
    answers_question,
    has_answer_type,
    keyword_items,
    name_binding,
    order_key,
    plain_pairs,
    question_concepts,
    score_hit,
    side_by_side,
    unknown,
    weigh,
    written_as_names,
    written_in_lower_case,
)
from bot.qa.rank import stem
from bot.qa.records import SentenceHit
from tests.qa.hits import sentence_hit


def hit(text: str, *, title: str = "A story", article_id: int = 1) -> SentenceHit:
    return sentence_hit(text, title=title, article_id=article_id)


def weighted(
    words: list[str], documents: dict[str, int], names: tuple[str, ...] = ()
) -> list[WeightedConcept]:
    return weigh(concepts_of(words), documents, 10_000, names)


def test_rare_words_weigh_more_than_common_ones() -> None:
    concepts = weighted(["quinlan", "pay", "savoy"], {"quinlan": 1, "pai": 900, "savoi": 3})
    weights = {c.concept.words: c.weight for c in concepts}
    assert weights["quinlan"] > weights["savoy"] > weights["pay"]


def test_names_weigh_more() -> None:
    plain = weighted(["savoy"], {"savoi": 3})[0]
    named = weighted(["savoy"], {"savoi": 3}, names=("savoy",))[0]
    assert named.named and named.weight > plain.weight


def test_a_concept_is_unknown_only_when_no_form_is_indexed() -> None:
    [lib_dem] = concepts_of(["lib", "dem"])
    assert not unknown(lib_dem, {"liber": 5, "democrat": 8})  # "Liberal Democrat" is there
    assert unknown(concepts_of(["tiffany"])[0], {"store": 4})


def test_evidence_holds_alternative_forms_and_stems() -> None:
    concepts = weighted(["lib", "dem", "thresholds"], {"lib": 1, "dem": 1, "threshold": 1})
    held = Evidence(concepts).held("The Liberal Democrats will raise the threshold.")
    assert held == {0, 1}


def test_a_name_counts_only_where_it_is_written_as_a_name() -> None:
    concepts = weighted(["love", "island"], {"love": 50, "island": 50}, names=("love", "island"))
    evidence = Evidence(concepts)
    assert evidence.held("Love Island returns") == {0, 1}
    assert evidence.held("a love of Tracey Island") == {1}


@settings(max_examples=150, deadline=None)
@given(
    question=st.lists(
        st.sampled_from(["talks", "negotiating", "U.S.-hosted", "café", "bureaucracy"]),
        min_size=1,
        max_size=3,
    ),
    sentence=st.lists(
        st.sampled_from(
            ["talk", "negotiations", "U.S.-hosted", "cafe", "bureaucratic", "the", ",", "x1"]
        ),
        max_size=10,
    ),
)
def test_the_quick_token_finder_agrees_with_stemming_every_word(
    question: list[str], sentence: list[str]
) -> None:
    concepts = weighted(question, {})
    text = " ".join(sentence)
    evidence = Evidence(concepts)
    stems = {stem(t) for t in text.lower().replace("-", " ").replace(".", " ").split()}
    expected = {
        i
        for i, c in enumerate(concepts)
        if any(
            all(
                s in stems or (len(s) >= 7 and any(x.startswith(s[:7]) for x in stems))
                for s in form
            )
            for form in c.forms
        )
    }
    assert evidence.held(text) == expected


def test_answer_types() -> None:
    asked = ["india", "economy", "grow", "2004"]
    assert has_answer_type("India's economy grew 6.9% in 2004.", "quantity", asked)
    assert not has_answer_type("India's economy grew strongly in 2004.", "quantity", asked)
    assert has_answer_type("It will cost £39.99 a month.", "money", ["cost"])
    assert not has_answer_type("An eight megabit service was launched.", "money", ["service"])
    assert has_answer_type("The awards are held on 26 February.", "date", ["awards", "held"])
    assert not has_answer_type("The awards were a success.", "date", ["awards"])
    assert has_answer_type("Slovakia clinched the Hopman Cup.", "person", ["hopman", "cup"])
    assert not has_answer_type("The Hopman Cup ended.", "person", ["hopman", "cup"])


def test_how_many_wants_a_number_of_the_thing_counted() -> None:
    asked = ["planes", "air", "deccan", "order"]
    planes = "Air Deccan has ordered 30 Airbus A320 planes in a $1.8bn deal."
    other = "The airline plans to grow its fleet to 60 within five years."
    money = "Air Deccan signed a $1.8bn deal."
    share = "In 2004, 12.5% searches were on Asian people."
    strength = {
        text: answer_strength(text, "quantity", asked, "planes") for text in (planes, other, money)
    }
    assert strength[planes] == 1.0
    assert strength[money] < strength[other] < strength[planes]
    assert answer_strength(share, "quantity", ["searches"], "searches") < 1.0
    # Without a thing counted, any amount will do.
    assert answer_strength(money, "quantity", asked) == 1.0


def test_what_share_wants_a_part_of_a_whole() -> None:
    asked = ["share", "project", "shell"]
    part = answer_strength("The group will own 30% of the project.", "share", asked)
    third = answer_strength("Shell will own a third of it.", "share", asked)
    volume = answer_strength("It will handle 1.4 billion cubic feet of gas.", "share", asked)
    assert part == third == 1.0
    assert volume < 1.0


def test_a_day_answers_when_better_than_a_year() -> None:
    asked = ["london", "marathon"]
    day = answer_strength("She will run the London Marathon on 17 April.", "date", asked)
    weekday = answer_strength("It goes on sale in the US on Thursday.", "date", ["sale"])
    soon = answer_strength("The film opens in the UK next month.", "date", ["film"])
    year = answer_strength("He was third in London in 2002.", "date", asked)
    film_years = answer_strength("He starred in The Boxer (1998).", "date", ["boxer"])
    assert day == weekday == soon == 1.0
    assert 0 < year < day
    assert film_years == 0.0
    # The date the question itself gives answers nothing.
    assert answer_strength("Profits in 2004 rose.", "date", ["profits", "2004"]) == 0.0


def test_a_change_wants_a_percentage_and_a_span_answers_how_long() -> None:
    asked = ["german", "economy", "shrink"]
    assert answer_strength("The economy shrank 0.2% in the last quarter.", "change", asked) == 1
    assert answer_strength("Three years of stagnation came to an end.", "change", asked) == 0
    assert answer_strength("He was banned for seven months.", "duration", ["banned"]) == 1
    assert answer_strength("He was banned by the FA.", "duration", ["banned"]) == 0
    # A period is no amount: "three months" does not answer "how many".
    many = answer_strength("Sales fell in the last three months.", "quantity", ["sales"])
    assert many < answer_strength("Some 5,500 tickets were sold.", "quantity", ["tickets"])


def test_a_winner_is_a_name_beside_a_word_of_winning() -> None:
    asked = ["guardian", "first", "book", "award"]
    both = answer_strength("Armand Leroi won the Guardian First Book Award.", "winner", asked)
    winning = answer_strength("A book about mutants has won the award.", "winner", asked)
    name = answer_strength("Ms Armistead praised the Guardian First Book.", "winner", asked)
    assert both == 1.0 and winning > name > 0.0


def test_the_kind_of_fact_asked_for_outranks_repeating_the_question() -> None:
    concepts = weighted(["awards", "held"], {"award": 20, "held": 40})
    evidence = Evidence(concepts)

    def score(text: str) -> float:
        return score_hit(
            hit(text), concepts, evidence, answer_type="date", asked=["awards", "held"]
        ).score

    assert score("The awards are held on 26 February.") > score("The awards held a big party.")


def test_title_and_earlier_sentences_count_as_evidence_at_a_discount() -> None:
    concepts = weighted(["nelly", "tickets"], {"nelli": 5, "ticket": 50}, names=("nelly",))
    evidence = Evidence(concepts)
    lifted = hit("More than 5,500 tickets had been sold.", title="Church urges Nelly boycott")
    scored = score_hit(
        lifted, concepts, evidence, answer_type="quantity", asked=["nelly", "tickets"]
    )
    assert scored.names_held and scored.context_share > 0
    alone = score_hit(
        hit("More than 5,500 tickets had been sold."),
        concepts,
        evidence,
        answer_type=None,
        asked=[],
    )
    assert not alone.names_held and not answers_question(alone)


def test_a_name_only_further_off_in_the_article_still_counts() -> None:
    concepts = weighted(["sarbanes", "deadline"], {"sarban": 3, "deadlin": 30}, names=("sarbanes",))
    evidence = Evidence(concepts)
    first = hit("The deadline was extended until 15 July 2006.")
    scored = score_hit(
        first,
        concepts,
        evidence,
        answer_type="date",
        asked=[],
        article="The Sarbanes-Oxley Act applies.",
    )
    assert scored.names_held and answers_question(scored)


def test_copies_are_shown_once_and_best_first() -> None:
    concepts = weighted(["talks"], {"talk": 2})
    evidence = Evidence(concepts)
    texts = [("Talks resumed.", 1), ("Talks resumed.", 2), ("Nothing here.", 3)]
    ranked = sorted(
        (
            score_hit(hit(t, article_id=a), concepts, evidence, answer_type=None, asked=[])
            for t, a in texts
        ),
        key=order_key,
    )
    items = keyword_items(ranked, limit=5)
    assert [i.text for i in items] == ["Talks resumed.", "Nothing here."]
    assert items[0].article_id == 2  # the newer copy (higher id, same day)


def test_topic_needs_its_names_somewhere_in_the_article() -> None:
    topic = Topic(weighted(["mutu"], {"mutu": 3}, names=("mutu",)))
    statement = [
        hit("I would meet the player and see what he tells me.", title="Wenger offers Mutu hope")
    ]
    score, held = topic.share(statement)
    assert held == 1.0 and 0 < score < 1
    assert topic.share([hit("We played well.")])[1] == 0.0


def test_a_joined_word_is_one_concept_also_written_solid() -> None:
    celebrity = question_concepts(["won", "i'm", "celebrity"])
    assert [c.asked for c in celebrity] == [("won",), ("i", "m"), ("celebrity",)]
    [email] = question_concepts(["e-mail"])
    assert ("email",) in email.forms
    concepts = weigh(question_concepts(["day-lewis", "award"]), {}, 10_000)
    held = Evidence(concepts).held
    assert held("Daniel Day-Lewis will get the award.") == {0, 1}
    assert held("Jerry Lewis got an award.") == {1}


def test_a_verb_is_found_in_its_irregular_past() -> None:
    concepts = weigh(question_concepts(["german", "economy", "shrink"]), {}, 10_000)
    assert Evidence(concepts).held("The German economy shrank 0.2%.") == {0, 1, 2}
    # Aliases of a phrase stay: "lib dem" is still "Liberal Democrat".
    [lib_dem] = question_concepts(["lib", "dem"])
    assert ("liberal", "democrat") in lib_dem.forms


def test_the_one_who_does_it_holds_the_verb() -> None:
    concepts = weighted(["register", "vote"], {})
    assert Evidence(concepts).held("Voters need to register by 11 March.") == {0, 1}
    # Short stems are left alone: "pay" is not found in "payer".
    assert Evidence(weighted(["pay"], {})).held("The payer was late.") == set()


def test_words_the_archive_writes_with_capitals_are_names() -> None:
    concepts = question_concepts(["lenovo", "pay", "ibm", "pc", "business"])
    texts = [
        "The deal Lenovo signed with IBM is worth $1.75bn.",
        "Shares in IBM rose.",
        "IBM sold its PC business to Lenovo.",
        "Business is good, says the PC maker.",
        "Lenovo will pay for the business.",
    ]
    assert written_as_names(concepts, texts) == {"lenovo", "ibm", "pc"}
    # Once is not enough, and a sentence's first word says nothing.
    assert written_as_names(concepts, ["Business is up at IBM."]) == frozenset()


def test_a_sentence_opening_with_it_reads_its_context_nearly_as_its_own() -> None:
    concepts = weighted(["fockers", "christmas"], {"focker": 5, "christma": 30})
    evidence = Evidence(concepts)
    context = ("Meet the Fockers broke records.",)

    def score(text: str) -> float:
        return score_hit(
            hit(text), concepts, evidence, answer_type=None, asked=[], context=context
        ).score

    assert score("It took $19.1m on Christmas Day.") > score("Cinemas took $9m on Christmas Day.")


def test_the_winner_is_the_subject_of_winning() -> None:
    asked = ["won", "celebrity"]
    assert answer_strength("Just before the end, Joe Pasquale won.", "winner", asked) == 1.0
    assert answer_strength("The prize was won by Armand Leroi.", "winner", asked) == 1.0
    assert answer_strength("Winner of the category was The Simpsons.", "winner", asked) == 1.0
    beaten = answer_strength("Pasquale took it, beating I'm A Celebrity.", "winner", asked)
    assert beaten == 1.0  # "Pasquale took" names the winner
    lost = answer_strength("The show won praise, beating Celebrity Big Brother.", "winner", asked)
    assert lost < 1.0
    # "has beaten", "has taken", "was named": the subject won too.
    assert answer_strength("The Producers has beaten Mary Poppins.", "winner", asked) == 1.0
    assert answer_strength("Sony has taken the prize.", "winner", asked) == 1.0
    assert answer_strength("Kelly Holmes was named the top moment.", "winner", asked) == 1.0
    assert answer_strength("The show was beaten by a rival.", "winner", asked) < 1.0


def test_words_written_right_after_a_name_belong_to_it() -> None:
    prize = Capitals(seen=24, capital=6, alone=0)
    assert name_binding("who won the turner prize", {"turner"}, {"prize": prize}) == NameBinding(
        frozenset({"prize"})
    )
    # A verb closing the question's subject, and what follows a possessive, are not bound.
    assert name_binding("how much did Lenovo pay", {"lenovo"}, {}) == NameBinding()
    assert not name_binding(
        "how much did lenovo pay for ibm's pc business", {"ibm", "pc"}, {}
    ).bound
    assert name_binding(
        "how many quarries does Aggregate Industries run", {"aggregate"}, {}
    ).bound == {"industries"}


def test_names_of_several_words_are_found_side_by_side() -> None:
    national = Capitals(seen=23, capital=20, alone=0)
    grand = name_binding(
        "who won the grand national", {"grand", "national"}, {"national": national}
    )
    assert grand.joined == (("grand", "national"),)
    # Two names each standing on its own are two people, not one name.
    brown = Capitals(seen=50, capital=50, alone=20)
    assert not name_binding("blair brown rift", {"blair", "brown"}, {"brown": brown}).joined
    terminal = name_binding("when will heathrow terminal 5 open", {"heathrow"}, {})
    assert terminal.numbered == (("terminal", "5"),)
    assert side_by_side("Wales won the Grand National.", ("grand", "national"))
    assert not side_by_side("the Grand Slam and the Six Nations", ("grand", "national"))
    assert side_by_side("Sony's Vaio laptop", ("sony", "vaio"))


def test_a_bound_word_or_a_parted_name_missing_leaves_the_question_unanswered() -> None:
    concepts = weigh(
        question_concepts(["won", "turner", "prize"]),
        {"won": 50, "turner": 3, "prize": 20},
        1000,
        names=["turner"],
        bound=["prize"],
    )
    evidence = Evidence(concepts)
    rights = hit("Sophie Turner said they had won the broadcasting rights.")
    scored = score_hit(rights, concepts, evidence, answer_type="winner", asked=["won"])
    assert not scored.names_held and not answers_question(scored)
    winner = hit("Jeremy Deller won the Turner Prize.")
    assert answers_question(
        score_hit(winner, concepts, evidence, answer_type="winner", asked=["won"])
    )
    slam = weigh(question_concepts(["grand", "national"]), {}, 1000, names=["grand", "national"])
    apart = hit("Wales won the Grand Slam and the Six Nations.")
    parted = score_hit(
        apart, slam, Evidence(slam), answer_type=None, asked=[], joined=[("grand", "national")]
    )
    assert parted.sentence_share == 1.0 and not answers_question(parted)


def test_initials_are_found_as_the_words_they_stand_for() -> None:
    concepts = weigh(question_concepts(["m&s", "prices"]), {}, 1000, names=["m&s"])
    evidence = Evidence(concepts)
    assert evidence.held("Marks & Spencer has cut prices by 24%.") == {0, 1}
    assert evidence.held("M&S prices rose.") == {0, 1}
    assert evidence.held("Bradford and Bingley prices") == {1}
    assert evidence.held("Many shoppers saw prices fall.") == {1}


def test_a_sentence_about_a_thing_described_reads_its_context_nearly_as_its_own() -> None:
    concepts = weighted(["studio", "founded", "factory"], {"studio": 40, "found": 30, "factori": 9})
    evidence = Evidence(concepts)
    context = ("The Hit Factory has played host to Madonna.",)

    def score(text: str) -> float:
        return score_hit(
            hit(text), concepts, evidence, answer_type=None, asked=[], context=context
        ).score

    described = score("The studio was founded by Jerry Ragovoy in 1968.")
    assert described > score("A studio was founded by Jerry Ragovoy in 1968.")
    assert score("The game sold 1m copies.") > score("Fans sold 1m copies.")
    # A capitalised word after "The" names something: no thing described.
    assert score("The Studio founded a label.") == score("Studio founded a label.")


def test_plain_pairs_are_lower_case_keywords_side_by_side() -> None:
    keywords = ["love", "island", "winners"]
    assert plain_pairs("love island winners", keywords) == (
        ("love", "island"),
        ("island", "winners"),
    )
    # Words written with a capital, or read as names, pair with nothing.
    assert plain_pairs("Love Island winners", keywords) == ()
    assert plain_pairs("love island winners", keywords, {"island"}) == ()
    # A stop word parts the words; the verb closing the subject is no part of it.
    assert plain_pairs("line of duty finale", ["line", "duty", "finale"]) == (("duty", "finale"),)
    assert plain_pairs("how much did the gamer pay", ["gamer", "pay"]) == ()
    assert plain_pairs("the gamer's island sale", ["gamer", "island", "sale"]) == ()


def test_a_word_written_in_lower_case_away_from_a_sentence_start() -> None:
    assert written_in_lower_case("island", ["The island ferry runs.", "Island life is slow."])
    assert not written_in_lower_case("glasgow", ["The Glasgow concert.", "Fans in Glasgow."])
    # Seen only opening a sentence: how it is written is unknown.
    assert not written_in_lower_case("island", ["Island life is slow."])


def test_a_word_counts_only_beside_its_partner() -> None:
    documents = {"love": 40, "island": 10, "winner": 40}
    concepts = weighted(["love", "island", "winners"], documents)
    evidence = Evidence(concepts)
    partners = {0: frozenset({1}), 1: frozenset({0})}

    def scored(text: str, title: str = "Awards night", article: str = "") -> Scored:
        return score_hit(
            hit(text, title=title),
            concepts,
            evidence,
            answer_type=None,
            asked=[],
            article=article,
            partners=partners,
        )

    apart = scored("Fans love the winners of the awards.")
    assert apart.unpaired and not answers_question(apart)
    loose = score_hit(
        hit("Fans love the winners of the awards."), concepts, evidence, answer_type=None, asked=[]
    )
    assert apart.sentence_share < loose.sentence_share
    # The partner in the title, or anywhere in the article read whole, keeps the word.
    titled = scored("Fans love the winners of the awards.", title="Island awards")
    assert not titled.unpaired and answers_question(titled)
    read = scored("Fans love the winners.", article="The island held its awards.")
    assert not read.unpaired and read.sentence_share == loose.sentence_share
