"""One constructed sentence (or a few) per attribution shape, each with its expected speaker."""

from __future__ import annotations

from bot.nlp.attribution import CONTINUED, DIRECT, REPORTED, Attribution, attribute_speakers


def credits(*paragraphs: list[str] | str, title: str | None = None) -> list[tuple | None]:
    """(name, role, mode) for every sentence; a paragraph is a list of sentences or one."""
    rows = [[p] if isinstance(p, str) else p for p in paragraphs]
    return [_who(a) for row in attribute_speakers(rows, title) for a in row]


def _who(a: Attribution | None) -> tuple[str, str | None, str] | None:
    return None if a is None else (a.name, a.role, a.mode)


def test_doubled_single_quotes_are_quotation_marks() -> None:
    assert credits(["''We will not raise taxes,'' Mayor Ann Lee said.", "''Not this year.''"]) == [
        ("Ann Lee", "Mayor", DIRECT),
        ("Ann Lee", "Mayor", CONTINUED),
    ]


def test_doubled_single_quotes_running_over_a_tag() -> None:
    assert credits(["''The vote is close,'' said Tom Reed, ''and it will stay close.''"]) == [
        ("Tom Reed", None, DIRECT)
    ]


def test_lower_case_descriptor_after_said() -> None:
    assert credits('"Prices keep rising," said shop owner John Smith.') == [
        ("John Smith", "shop owner", DIRECT)
    ]


def test_lower_case_descriptor_before_said() -> None:
    assert credits("Union leader Peter Brown said the strike would go on.") == [
        ("Peter Brown", "Union leader", REPORTED)
    ]


def test_possessive_descriptor_before_the_name() -> None:
    assert credits('"We are confident," Smith campaign spokesman Brian Fallow said on Sunday.') == [
        ("Brian Fallow", "Smith campaign spokesman", DIRECT)
    ]


def test_modifiers_before_an_agent_noun() -> None:
    assert credits('"It is close," said veteran Republican pollster Dan Hart.') == [
        ("Dan Hart", "veteran Republican pollster", DIRECT)
    ]


def test_a_clause_verb_before_a_name_is_not_a_description() -> None:
    assert credits("Aides recall Smith said too little.") == [None]


def test_role_given_in_apposition_is_stored() -> None:
    assert credits("Mike Shore, chairman of the Harbour Trust, said the pier would reopen.") == [
        ("Mike Shore", "chairman of the Harbour Trust", REPORTED)
    ]


def test_several_appositives_between_name_and_verb() -> None:
    assert credits(
        "Mike Shore, president of the Harbour Fund, a charity run from Leeds, said it would pay."
    ) == [("Mike Shore", "president of the Harbour Fund", REPORTED)]


def test_an_appositive_fragment_is_never_the_speaker() -> None:
    got = credits(
        '"Go," said Representative Ann Hale, Democrat of Ohio.',
        "Sen. Tom Reed, R-Ohio, told reporters the vote would pass.",
    )
    assert got == [("Ann Hale", "Representative", DIRECT), ("Tom Reed", "Sen.", REPORTED)]


def test_a_place_between_commas_is_not_a_speaker() -> None:
    assert credits("Dan Cole, a salesman from Leeds, West Yorkshire, says the town is ready.") == [
        ("Dan Cole", "salesman from Leeds", REPORTED)
    ]


def test_speech_after_a_long_introductory_phrase() -> None:
    assert credits("At a summit in Geneva on Tuesday Mr Doe said the talks had failed.") == [
        ("Doe", None, REPORTED)
    ]


def test_he_binds_to_the_subject_after_an_opening_phrase() -> None:
    assert credits(
        "Tom Reed said the plan was fine.",
        "The day before, at a rally in Leeds, Mr Hale was just as blunt.",
        '"It will fail," he said.',
    )[-1] == ("Hale", None, DIRECT)


def test_she_skips_a_man_known_by_his_first_name() -> None:
    assert credits(
        "Spokeswoman Ann Hale met reporters.",
        "Senator George Reed said the vote was close.",
        '"We will win," she said.',
    )[-1] == ("Ann Hale", "Spokeswoman", DIRECT)


def test_gender_learnt_from_the_sentence_own_pronouns() -> None:
    assert credits(
        "Ms Cole met the press.",
        "Reed said his party was ready.",
        '"We are ready," she said.',
    )[-1] == ("Cole", None, DIRECT)


def test_beliefs_and_intentions_are_statements() -> None:
    assert (
        credits(
            "Senator Ann Hale believes the tax is unfair.",
            "Hale called for a vote on the bill.",
            "Hale likened the plan to a blank cheque.",
            "Hale promised that nothing would change.",
        )
        == [("Ann Hale", "Senator", REPORTED)] * 4
    )


def test_a_stance_verb_needs_its_subject_before_it() -> None:
    assert credits("Hale's plans for the city were dropped.", "The plans Hale praised failed.") == [
        None,
        None,
    ]


def test_a_participle_credits_the_subject_of_its_clause() -> None:
    assert credits("Tom Reed went after the mayor, calling him a fraud.") == [
        ("Tom Reed", None, REPORTED)
    ]


def test_a_bare_tag_gives_the_quotation_before_it() -> None:
    assert credits(['"Is that fair?"', "Tom Reed said on Monday."]) == [
        ("Tom Reed", None, DIRECT),
        None,
    ]


def test_affiliation_after_a_name_is_not_part_of_it() -> None:
    assert credits(
        '"It is a stretch," said Jeff Lane of the Martin Center for Studies.',
        "Rep. Lee Zell of New York, a party veteran, said the bill would pass.",
    ) == [("Jeff Lane", None, DIRECT), ("Lee Zell", "Rep.", REPORTED)]


def test_progressive_reporting_verb() -> None:
    assert credits("Tom Reed is now promising to cut taxes.") == [("Tom Reed", None, REPORTED)]


def test_speech_inside_a_subordinate_clause_names_a_person() -> None:
    assert credits(
        "As Ann Hale wrote, the two parties have swapped places.",
        "Shares fell after the firm said profits would drop.",
    ) == [("Ann Hale", None, REPORTED), None]


def test_quotation_inside_a_doubled_quote() -> None:
    assert credits("''We hear it all the time, 'It is a special case,''' Mr. Reed said.") == [
        ("Reed", None, DIRECT)
    ]


def test_names_that_are_also_words() -> None:
    assert credits(
        "Prime Minister Theresa May said the deal was done.",
        '"It is over," columnist Ai Jun wrote.',
        "Will Estrada said the vote was lost.",
    ) == [
        ("Theresa May", "Prime Minister", REPORTED),
        ("Ai Jun", "columnist", DIRECT),
        ("Will Estrada", None, REPORTED),
    ]


def test_quotation_running_on_after_a_bare_tag() -> None:
    assert credits(['"Is that fair?"', "Ms. Hale said.", '"And who will pay for it?"']) == [
        ("Hale", None, DIRECT),
        None,
        ("Hale", None, CONTINUED),
    ]


def test_curly_quotation_inside_a_quotation_runs_into_the_next_sentence() -> None:
    assert credits(
        [
            "Tom Reed wrote, “If you care, show it even when “your team” is wrong.",
            "Otherwise, nobody believes you.”",
        ]
    ) == [("Tom Reed", None, DIRECT), ("Tom Reed", None, CONTINUED)]


def test_he_keeps_the_person_in_view_through_pronoun_sentences() -> None:
    assert credits(
        "Senator Tom Reed opened with a story about his parents.",
        "Then he described a visit to the border.",
        "It was a long day for the campaign.",
        '"Has anyone been there?" he asked.',
    )[-1] == ("Tom Reed", "Senator", DIRECT)


def test_transcript_lines_in_capitals() -> None:
    assert credits(
        "Presenter Jake Tapper spoke to Senator Ann Hale on Sunday.",
        ["TAPPER: Will you back the bill?"],
        ["HALE: I will.", "It is a good bill."],
        ["UPDATE: The vote was delayed."],
    ) == [
        None,
        ("Jake Tapper", "Presenter", DIRECT),
        ("Ann Hale", "Senator", DIRECT),
        ("Ann Hale", "Senator", CONTINUED),
        None,
    ]


def test_signature_after_a_readers_quote() -> None:
    assert credits(
        [
            "“He scares me.",
            "He does not listen.”",
            "― Jane Roe “He is a bully.”",
            "― Tom Reed, 34, Ohio.",
        ]
    ) == [
        ("Jane Roe", None, CONTINUED),
        ("Jane Roe", None, DIRECT),
        ("Tom Reed", None, DIRECT),
        None,
    ]


def test_a_dash_before_an_ordinary_phrase_is_no_signature() -> None:
    assert credits(["“We will cut taxes.”", "— Reduce regulations on small firms."]) == [None, None]


def test_a_colon_hands_the_quotation_to_the_subject() -> None:
    assert credits("Senator Ann Hale has since apologised: “Yes, I should have asked first.”") == [
        ("Ann Hale", "Senator", DIRECT)
    ]


def test_a_bare_tag_gives_the_whole_quotation_before_it() -> None:
    assert credits(['"It is late.', 'We must act."', "Tom Reed said on Monday."]) == [
        ("Tom Reed", None, CONTINUED),
        ("Tom Reed", None, DIRECT),
        None,
    ]


def test_any_tail_after_a_quotation_tag() -> None:
    assert credits(
        '"We met today," Ms. Hale added, referring to herself, Mr. Reed, Mr. Lane and Mr. Cole.'
    ) == [("Hale", None, DIRECT)]


def test_tags_between_a_name_and_its_verb() -> None:
    assert credits(
        "Sen. Tom Reed (D-Ohio), said after lunch that he had not read the plan.",
        "Ohio Rep. Ann Hale (R-Ohio) last week said the plan was dead.",
        "Speaking to reporters in Leeds, Sam Nkosi, 70, said it was too early.",
    ) == [
        ("Tom Reed", "Sen.", REPORTED),
        ("Ann Hale", "Ohio Rep.", REPORTED),
        ("Sam Nkosi", None, REPORTED),
    ]


def test_capitalised_words_before_a_first_name_are_not_the_name() -> None:
    assert credits("Senate Intelligence Ranking Democrat Dianne Fenwick said it was false.") == [
        ("Dianne Fenwick", "Senate Intelligence Ranking Democrat", REPORTED)
    ]


def test_title_after_the_name() -> None:
    assert credits(
        "Former minister Jane Roe MP said the plan was dead.", '"No," said Tom Lane QC.'
    ) == [("Jane Roe", "Former minister MP", REPORTED), ("Tom Lane", "QC", DIRECT)]


def test_sir_stays_with_the_whole_name() -> None:
    assert credits(
        "Sir Alan Reed said the vote was close.", "Sir Alan said delays were likely."
    ) == [
        ("Sir Alan Reed", None, REPORTED),
        ("Sir Alan Reed", None, REPORTED),
    ]


def test_she_told_a_newspaper() -> None:
    assert credits(
        "Health Secretary Ann Cole visited a hospital in Leeds.",
        "She told a newspaper there would be no cuts.",
    )[-1] == ("Ann Cole", "Health Secretary", CONTINUED)


def test_a_namesake_named_later_does_not_take_over_a_surname() -> None:
    assert credits(
        '"We will win," Mr. Trump said.',
        '"He is a fighter," Ivanka Trump said.',
        '"Thank you," Mr. Trump said.',
    ) == [("Trump", None, DIRECT), ("Ivanka Trump", None, DIRECT), ("Trump", None, DIRECT)]


def test_a_bare_surname_is_its_most_named_bearer() -> None:
    assert credits(
        "Sen. Mary Hale said the bill would pass.",
        "Hale said the vote was close.",
        "Police Chief John Hale said the protest was peaceful.",
        '"Nobody was hurt," Hale said.',
    )[-1] == ("Mary Hale", "Sen.", DIRECT)


def test_a_surname_with_a_title_of_gender_picks_that_namesake() -> None:
    assert credits(
        "Bill Reno said the deal was done.",
        "Hillary Reno said it was not.",
        '"It is done," Mr. Reno said.',
    )[-1] == ("Bill Reno", None, DIRECT)


def test_a_title_that_is_also_a_surname_ends_a_name() -> None:
    assert credits(
        "Rep. Steve King said the wall would be built.",
        '"I have a dream," Martin Luther King Jr. said in 1963.',
        "King Abdullah said the border would stay open.",
    ) == [
        ("Steve King", "Rep.", REPORTED),
        ("Martin Luther King Jr", None, DIRECT),
        ("Abdullah", "King", REPORTED),
    ]


def test_a_surname_after_jr_finds_the_full_name() -> None:
    assert credits("Martin Luther King Jr. spoke in 1963.", '"Free at last," King said.')[-1] == (
        "Martin Luther King Jr",
        None,
        DIRECT,
    )


def test_she_goes_to_the_only_woman_named_when_no_one_spoke() -> None:
    assert credits(
        "To political science professor Brigid Hart, Mr. Cole's stare seemed to reflect sadness.",
        '"It really looked like heartbreak," she said.',
    )[-1] == ("Brigid Hart", "professor", DIRECT)


def test_she_binds_nobody_when_two_women_were_named() -> None:
    assert (
        credits(
            "The talks between Ann Cole and Mary Hale ended on Monday.", '"It went well," she said.'
        )[-1]
        is None
    )


def test_a_surname_alone_counts_as_a_person_named() -> None:
    assert (
        credits(
            "The rally was loud and Cole's aide Tom Hale joined it.",
            "Mr. Cole spoke later.",
            "Nobody came.",
            "The hall was empty.",
            '"We will win," he said.',
        )[-1]
        is None
    )


def test_a_tag_set_off_by_commas_reports_the_sentence() -> None:
    assert credits(
        "Bill Bruch said he called Haugland.",
        "Loyalty, he noted, has long been a core tenet of the party, and it keeps the old guard"
        " engaged in the campaign whatever the polls say.",
    )[-1] == ("Bill Bruch", None, CONTINUED)


def test_a_heading_in_capitals_is_not_a_person() -> None:
    assert credits("FULL TEXT.", "He has called the plan provocative, accusing it of waste.") == [
        None,
        None,
    ]


def test_saying_then_a_comma_before_the_quotation() -> None:
    assert credits(
        "Before the vote, Police Chief Cal Wills lobbied to suspend the rally, saying, "
        '"The fewer guns, the better."'
    ) == [("Cal Wills", "Police Chief", DIRECT)]


def test_as_someone_put_it() -> None:
    assert credits(
        [
            'As Jon Corn, the No. 2 in the party, put it: "This person will not be confirmed.',
            'So there is no reason to pretend."',
        ],
        "As the columnist Ruth Marr puts it, the plan is dead.",
    ) == [
        ("Jon Corn", None, DIRECT),
        ("Jon Corn", None, CONTINUED),
        ("Ruth Marr", "columnist", REPORTED),
    ]


def test_put_without_as_is_not_speech() -> None:
    assert credits("Ruth Marr put it on the table.") == [None]


def test_went_on_to_say() -> None:
    assert credits("Ben Carr spoke on Monday.", 'He went on to say the plan is "very different."')[
        -1
    ] == ("Ben Carr", None, CONTINUED)


def test_what_someone_called_a_quoted_phrase() -> None:
    assert credits(
        'The city sought the event to shed what Dan Gilbert called "a perception problem."'
    ) == [("Dan Gilbert", None, DIRECT)]


def test_a_reporting_verb_joined_to_the_subjects_clause() -> None:
    assert credits(
        "Ben Carr spoke on Monday.",
        'Carr did not mention his rivals by name, but told supporters, "We are in trouble."',
        "By the end of the day, Mr. Carr was forced into damage control and said that his"
        " words had been misconstrued.",
        "Carr bought a house and said nothing.",
    )[1:] == [("Ben Carr", None, DIRECT), ("Ben Carr", None, REPORTED), None]


def test_a_colon_hands_over_to_a_quotation_tagged_with_a_pronoun() -> None:
    assert credits(
        '"He was joking," said Tom Cole, his lawyer.',
        'Judge Mark Moss saw it differently: "He meant it," he said.',
    )[-1] == ("Mark Moss", "Judge", DIRECT)


def test_a_bare_tag_after_a_question_speaks_for_it() -> None:
    assert credits(
        [
            "Sam Cole spoke at a rally on Tuesday.",
            '"Is that a bribe?"',
            "Cole asked.",
            '"I think it is a bribe."',
        ]
    ) == [None, ("Sam Cole", None, DIRECT), None, ("Sam Cole", None, CONTINUED)]


def test_a_quoted_fragment_after_a_quotation_continues_it() -> None:
    assert credits(
        [
            '"It is an enormous moment," said Steve Smit, a strategist.',
            'Unless rivals quit the race, "it is very difficult to see how he is stopped."',
            'The plan, which Tom Reed called "a scam," failed.',
        ]
    ) == [
        ("Steve Smit", None, DIRECT),
        ("Steve Smit", None, CONTINUED),
        ("Tom Reed", None, DIRECT),
    ]


def test_joined_verbs_of_manner_need_a_quotation() -> None:
    assert credits(
        "Glen Beck spoke on Monday.",
        'He then put on an accent and joked, "I am going to make it easier for them."',
        "He then laughed and joked about the weather with the crowd.",
    )[1:] == [("Glen Beck", None, DIRECT), None]


def test_as_someone_said_at_some_time() -> None:
    assert credits(
        'As analyst David Byler pointed out in December, "the delegates can change it."'
    ) == [("David Byler", "analyst", DIRECT)]


def test_subject_after_an_opening_phrase_holding_a_place() -> None:
    assert credits(
        [
            "Donald Tramp spoke on Monday.",
            "At a rally in Portland, Maine, on Thursday, Tramp listed countries he distrusts.",
            '"We cannot vet them," he said.',
        ]
    )[-1] == ("Donald Tramp", None, DIRECT)


def test_a_quotation_with_its_own_unread_tag_is_not_carried() -> None:
    assert credits(
        [
            '"Imagine him on the stage," said Brad Thor.',
            '"Not to mention, President Thor," mused the show\'s co-host, a comedian.',
        ]
    )[-1] == ("the show's co-host", None, DIRECT)


def test_ordinals_and_hosts_before_a_name() -> None:
    assert credits(
        '"I do not understand it," said Air Force 1st Lt. Tyler Lee.',
        '"Not to mention that," mused radio co-host Stu Burg.',
    ) == [("Tyler Lee", "Air Force 1st Lt.", DIRECT), ("Stu Burg", "radio co-host", DIRECT)]


def test_an_opening_phrase_ending_in_a_name_is_not_a_place() -> None:
    assert credits(
        "Sen. Ted Cruze of Texas spoke on Monday.",
        "In an interview on Fox, Cruze said any candidate must answer questions.",
    ) == [None, ("Ted Cruze", "Sen.", REPORTED)]


def test_a_speech_noun_of_a_named_person() -> None:
    assert credits(
        "Donald Tramp spoke.",
        "Tramp's claim that Mexico will pay for the wall drew laughs.",
        'Jo Li\'s warning: "The bank will fail."',
        "The claim that Mexico will pay is false.",
    )[1:] == [("Donald Tramp", None, REPORTED), ("Jo Li", None, DIRECT), None]


def test_a_middle_initial_a_is_part_of_the_name() -> None:
    assert credits(
        "Jill A. Marton, the general counsel, said that the claims had no substance.",
        "She added that the company was run well.",
    ) == [
        ("Jill A Marton", "general counsel", REPORTED),
        ("Jill A Marton", "general counsel", CONTINUED),
    ]


def test_a_description_names_the_person_in_view_holding_that_post() -> None:
    assert credits(
        "Texas Sen. Ted Cruze spoke in Iowa.",
        '"We will win," the Texas senator said.',
        '"We will not," the Ohio governor said.',
    )[1:] == [("Ted Cruze", "Texas Sen.", DIRECT), ("the Ohio governor", None, DIRECT)]


def test_a_description_skips_nobody_in_view() -> None:
    assert credits(
        "Sen. Bernie Sandes spoke in Iowa.",
        "Marco Rubo sought to stoke energy at his headquarters.",
        '"We are closing strong," the senator said.',
    )[-1] == ("the senator", None, DIRECT)


def test_present_tense_cues_and_negated_clauses() -> None:
    assert credits(
        "Bill Maher spoke on Friday.",
        "Maher also suggested American politicians don't fully understand the region.",
        '"There were some of us who thought it might work," Bozell points out.',
        "The Trump comments start around the two-minute mark.",
    ) == [
        None,
        ("Bill Maher", None, REPORTED),
        ("Bozell", None, DIRECT),
        None,
    ]


def test_a_name_only_quoted_does_not_stand_between_a_speaker_and_his_pronoun() -> None:
    assert credits(
        ['"We are almost there," Mr. Kamp said.', '"More is being decided than Putin imagined."'],
        "The danger he sees is populism.",
        "Populists have little interest in alliances, he said.",
    )[-1] == ("Kamp", None, CONTINUED)


def test_a_lower_case_phrase_after_said_is_not_a_body() -> None:
    assert credits(
        "Jeff Hems, the co-author of a book, said the days when the nation had one story are over."
    ) == [("Jeff Hems", "co-author of a book", REPORTED)]


def test_continued_with_a_comma_or_colon_before_a_quotation() -> None:
    got = credits(
        ['"Prices are rising," Mayor Ann Lee said.', "She continued, “We will act.”"],
        "Lee continued:",
        "“The budget is ready.",
    )
    assert got == [
        ("Ann Lee", "Mayor", DIRECT),
        ("Ann Lee", "Mayor", DIRECT),
        ("Ann Lee", "Mayor", REPORTED),
        ("Ann Lee", "Mayor", CONTINUED),
    ]


def test_continued_standing_alone_after_a_quotation() -> None:
    got = credits(["Tom Reed spoke last.", "“Is that fair?”", "Reed continued."])
    assert got == [None, ("Tom Reed", None, DIRECT), None]


def test_a_verb_of_manner_without_a_quotation_reports_nothing() -> None:
    assert credits("Tom Reed continued his tour of the county.") == [None]


def test_curly_quotation_marks_typed_the_wrong_way_round() -> None:
    got = credits(
        "“The plan is dead,“ said Tom Reed.",
        "Reed said aides would ”get close” to the mayor.",
    )
    assert got == [("Tom Reed", None, DIRECT), ("Tom Reed", None, DIRECT)]


def test_modifiers_before_a_capitalised_title() -> None:
    got = credits('"We want a reformer," Reed campaign Chairman John Pell told the Herald.')
    assert got == [("John Pell", "Reed campaign Chairman", DIRECT)]


def test_lower_case_nouns_before_a_first_name() -> None:
    got = credits('"It is not a mistake," said retired neurosurgeon Ben Carr, asked about it.')
    assert got == [("Ben Carr", "retired neurosurgeon", DIRECT)]


def test_a_government_of_a_president_is_no_person() -> None:
    got = credits("When the government of President Jo Marsh called elections, rivals fled.")
    assert got == [None]


def test_party_and_state_between_name_and_verb() -> None:
    got = credits('"We must act," Michele Barr, Republican of Ohio, told the mayor last year.')
    assert got == [("Michele Barr", None, DIRECT)]


def test_affiliation_in_lower_case_after_the_name() -> None:
    got = credits('"It resonates," said Phil Moss of digital consulting firm Imge.')
    assert got == [("Phil Moss", None, DIRECT)]


def test_capitalised_things_are_not_people_in_view() -> None:
    got = credits(
        "Tom Reed, the mayor, opened the fair.",
        "Veterans of the World War marched past the Great Wall; the war was long, the wall high.",
        '"It is a proud day," he said.',
    )
    assert got == [None, None, ("Tom Reed", "mayor", DIRECT)]


def test_a_word_opening_the_sentence_is_no_first_name() -> None:
    got = credits(
        "Despite Rubio's efforts, the bill failed.",
        '"It is over," Rubio said.',
    )
    assert got == [None, ("Rubio", None, DIRECT)]


def test_a_party_member_described_is_no_name() -> None:
    got = credits('"It is close," said a New Hampshire Democrat.')
    assert got == [("a New Hampshire Democrat", None, DIRECT)]


def test_a_capitalised_thing_speaking_is_a_body() -> None:
    got = credits(
        [
            "The march began at dawn.",
            "Golden Dawn said it had called the march.",
            "It said more would follow.",
        ]
    )
    assert got == [None, ("Golden Dawn", None, REPORTED), ("Golden Dawn", None, CONTINUED)]


def test_abbreviated_state_in_appositives() -> None:
    got = credits(
        "''I just do not think so,'' Cecelia Pratt, 67, a retired teacher in Allentown, Pa., "
        "said in a follow-up interview."
    )
    assert got == [("Cecelia Pratt", "retired teacher in Allentown", DIRECT)]


def test_appositives_before_who_in_a_subject() -> None:
    got = credits("Donna Rawl, 59, of Ashton, Md., who watched the ceremony, said it moved her.")
    assert got == [("Donna Rawl", None, REPORTED)]


def test_a_role_before_the_name_opening_the_appositives() -> None:
    got = credits(
        "''It may stick,'' the economist Jared Bern, a former adviser in the White House, "
        "wrote on his blog."
    )
    assert got == [("Jared Bern", "economist", DIRECT)]


def test_a_clause_word_before_a_subject_with_appositives() -> None:
    got = credits("But Tom Fitch, the president of Civic Watch, said that the damage was done.")
    assert got == [("Tom Fitch", "president of Civic Watch", REPORTED)]


def test_an_age_and_a_place_in_an_appositive() -> None:
    got = credits('"It was long," Mr. Dano, now 81 and retired in Cambridge, Mass., said.')
    assert got == [("Dano", None, DIRECT)]


def test_participle_in_a_description_after_said() -> None:
    got = credits('"I do not know," said undecided Republican voter Stephanie Hoot of Derry.')
    assert got == [("Stephanie Hoot", "undecided Republican voter", DIRECT)]


def test_a_party_before_the_name() -> None:
    got = credits('"They are frustrated," said Oversight ranking Democrat Eli Cumm (D-Md.).')
    assert got == [("Eli Cumm", "Oversight ranking Democrat", DIRECT)]


def test_sentence_opening_with_said() -> None:
    got = credits("Said Dorothy Poyn, who grew up nearby, “We were all so proud of him.”")
    assert got == [("Dorothy Poyn", None, DIRECT)]


def test_a_particle_opening_a_surname() -> None:
    got = credits("Asked about it, de Blasio said, “I have not heard that.”")
    assert got == [("de Blasio", None, DIRECT)]


def test_however_between_subject_and_verb() -> None:
    assert credits("Carter however said he would welcome it.") == [("Carter", None, REPORTED)]


def test_a_verb_continued_by_saying() -> None:
    got = credits("Husted continued by saying, “We will appeal this decision.”")
    assert got == [("Husted", None, DIRECT)]


def test_a_name_set_off_after_a_description_after_said() -> None:
    got = credits(
        "''It was his first attempt,'' said his best friend at college, Bruce Tur, who knew him."
    )
    assert got == [("Bruce Tur", "best friend", DIRECT)]


def test_a_sentence_opening_with_a_reporting_verb_before_a_colon() -> None:
    got = credits("Roger Stam spoke on the radio.", "Stated Stam:", "“The stakes are high.”")
    assert got == [None, ("Roger Stam", None, REPORTED), ("Roger Stam", None, CONTINUED)]


def test_shot_back_before_a_quotation() -> None:
    got = credits('Tom Reed shot back, "The mayor called them out."', "Reed shot back at critics.")
    assert got == [("Tom Reed", None, DIRECT), None]


def test_reacted_after_a_quotation() -> None:
    assert credits("“Is that profiling?” reacted Tom Reed.") == [("Tom Reed", None, DIRECT)]


def test_a_closing_tag_outweighs_an_opening_stance_verb() -> None:
    got = credits('Tom Reed plans to help small firms by "taking risks," Ben Carr said Monday.')
    assert got == [("Ben Carr", None, DIRECT)]


def test_a_title_surname_before_an_affiliation() -> None:
    got = credits("''It is hard,'' said Representative Peter T. King of New York, who backs him.")
    assert got == [("Peter T King", "Representative", DIRECT)]


def test_a_pronoun_after_an_opening_phrase_keeps_the_person_in_view() -> None:
    got = credits(
        "Ann Lee spoke first.",
        "Later in the day, she met Tom Reed and Jo Hart.",
        '"We are ready," she said.',
    )
    assert got == [None, None, ("Ann Lee", None, DIRECT)]


def test_the_later_of_two_speakers_is_the_one_in_view() -> None:
    got = credits(
        "While Ann Lee pledged to work with both parties, Tom Reed insisted that change "
        "will come only with a shake-up.",
        '"Nothing will happen unless we fight," he said.',
    )
    assert got == [("Ann Lee", None, REPORTED), ("Tom Reed", None, DIRECT)]


def test_a_wife_named_in_apposition_is_the_subject() -> None:
    got = credits(
        "Tom Reed kept campaigning.",
        "But his wife, Jane, offered a preview of his thinking.",
        '"If he wins, he wants to keep going," she said.',
    )
    assert got == [None, None, ("Jane", "wife", DIRECT)]


def test_a_place_after_an_appositive_in_a_subject() -> None:
    got = credits(
        "Sam Slink, an entrepreneur in San Jose, Calif., gave the candidate $250.",
        "''I know his supporters are here,'' he said.",
    )
    assert got == [None, ("Sam Slink", "entrepreneur in San Jose", DIRECT)]


def test_an_adjective_between_an_article_and_a_name() -> None:
    got = credits(
        "Tom Reed and Ann Lee met.",
        "Later, a terse Lee walked out of the room.",
        "“I am backing someone else,” she said.",
    )
    assert got[-1] == ("Ann Lee", None, DIRECT)


def test_a_slash_inside_a_description() -> None:
    got = credits(["“It does not hold.", "They are wrong,” said 9/11 widow Tess Strand."])
    assert got == [("Tess Strand", "9/11 widow", CONTINUED), ("Tess Strand", "9/11 widow", DIRECT)]


def test_tweeting_hands_over_to_a_quotation() -> None:
    got = credits("Dean, a former party chairman, poked at Reed, tweeting, “Notice him sniffing.”")
    assert got == [("Dean", "former party chairman", DIRECT)]


def test_an_opening_phrase_without_a_comma() -> None:
    got = credits("In a radio interview Tom Reed declared “I think the pact is obsolete.”")
    assert got == [("Tom Reed", None, DIRECT)]


def test_a_quotation_left_open_before_a_new_one() -> None:
    got = credits(
        [
            "“It is a dog whistle,” Rep. Gwen Moss said. “How can you feel good about that.",
            "“I have been thinking about the country,” added Rep. Jim Clay.",
        ]
    )
    assert got[-1] == ("Jim Clay", "Rep.", DIRECT)


def test_curly_marks_inside_a_passage_in_straight_marks_stay_inside() -> None:
    got = credits(
        ['"At the briefing, reporters asked Josh Earl about it.', "“I will not,” Earl said."]
    )
    assert got == [None, None]


def test_a_description_speaking_after_the_person_of_the_paragraph() -> None:
    got = credits(
        ["Tom Reed of Texas warned against it.", "“It is a disaster,” the Texas senator said."]
    )
    assert got[-1] == ("Tom Reed", None, DIRECT)


def test_a_body_described_is_not_the_person_in_view() -> None:
    got = credits(["Tom Reed warned against a deal.", "The Islamic State said it was behind it."])
    assert got[-1] == ("the Islamic State", None, REPORTED)


def test_an_inverted_tag_outweighs_a_noun_read_as_a_stance_verb() -> None:
    got = credits("The tax plans are ''irresponsible,'' said Steve Bell, a director at the Center.")
    assert got == [("Steve Bell", "director at the Center", DIRECT)]


def test_a_closing_mark_typed_for_an_opening_one_at_the_start() -> None:
    got = credits("” … he delivered it with a coolness Reagan admired,” Mark Bara wrote.")
    assert got == [("Mark Bara", None, DIRECT)]


def test_a_cue_verb_before_a_name_closing_the_sentence() -> None:
    got = credits("Debates are not likely to alter the campaign, noted NBC’s Dante Chin.")
    assert got == [("Dante Chin", None, REPORTED)]


def test_an_announced_utterance_before_a_quoted_paragraph() -> None:
    got = credits(
        "Bernie Sand spoke.",
        "On July 6, Sand made the following comment:",
        "“For young people, the rate is 33 percent.",
    )
    assert got == [None, None, ("Bernie Sand", None, CONTINUED)]


def test_the_subject_after_an_opening_clause_is_in_view() -> None:
    got = credits(
        "Tom Reed spoke on Monday.",
        "Dan Hart left early.",
        "As speakers all week had done, Reed walked out of the hall.",
        '"We cannot afford it," he said.',
    )
    assert got[-1] == ("Tom Reed", None, DIRECT)


def test_a_pronoun_joined_to_the_subject_of_its_sentence() -> None:
    got = credits(
        ["Tom Reed has not said whether he has a plan, and he insisted that he would stay."]
    )
    assert got == [("Tom Reed", None, CONTINUED)]


def test_went_on_before_a_quotation() -> None:
    got = credits(["Tom Reed went on, “But you have to get over it.”"])
    assert got == [("Tom Reed", None, DIRECT)]


def test_a_bare_tag_with_an_adverb_after_a_quotation() -> None:
    got = credits(["“Should the dealer be sued?”", "Tom Reed asked rhetorically."])
    assert got == [("Tom Reed", None, DIRECT), None]


def test_a_reporting_verb_with_nothing_said_announces_the_next_quotation() -> None:
    got = credits("Iowa State's Dianne Byst agreed.", '"Time is running out for them."')
    assert got == [None, ("Dianne Byst", None, CONTINUED)]


def test_a_speaking_who_clause_after_a_name() -> None:
    got = credits(
        "Reed won the backing of Mike Lem, who declared in the spin room, “It is time to unite.”",
        "Tom Reed, who has blasted the plan, is leading the polls.",
    )
    assert got == [("Mike Lem", None, DIRECT), None]


def test_a_person_speaking_in_a_with_phrase() -> None:
    got = credits("Republicans were irritated, with Sen. John Mac calling it a “Chinese menu.”")
    assert got == [("John Mac", "Sen.", DIRECT)]


def test_the_subject_after_an_opening_asked_phrase() -> None:
    got = credits(
        "Mary Kerr spoke first.",
        "Asked on Monday whether she would serve, Ann Lee shook her head.",
        "“No,” she said.",
    )
    assert got[-1] == ("Ann Lee", None, DIRECT)


def test_fired_back_that() -> None:
    got = credits("Ann Lee fired back that voters had chosen her twice.")
    assert got == [("Ann Lee", None, REPORTED)]


def test_present_tense_verbs_of_manner_before_a_quotation() -> None:
    got = credits("Tom Reed jokes, “It is a never ending line!”")
    assert got == [("Tom Reed", None, DIRECT)]


def test_an_article_and_an_adjective_before_a_name_after_a_quotation() -> None:
    got = credits("“France will always be France,” an angry Hollan retaliated.")
    assert got == [("Hollan", None, DIRECT)]


def test_as_with_appositives_put_it() -> None:
    got = credits(
        "Or, as Tom Ridd, a former secretary, put it: ''The barbarians are not at the gate.''",
        "As the firm's chief executive, Jeff Wein, put it in a memo, ''Imagine a world.''",
    )
    assert got == [
        ("Tom Ridd", "former secretary", DIRECT),
        ("Jeff Wein", "firm's chief executive", DIRECT),
    ]


def test_an_affiliation_after_a_subject_is_no_name() -> None:
    got = credits(
        "Representative Debbie Wass of Florida, the party chairwoman, also expressed concern.",
        "''We will be reaching out,'' she said.",
    )
    assert got[-1] == ("Debbie Wass", "Representative", DIRECT)


def test_an_age_after_a_long_opening_phrase_starts_the_subject() -> None:
    got = credits(
        [
            "Ann Fleis spoke first.",
            "At a June event in St. Clairsville, Ohio, 62-year-old Brenda John railed at them.",
            "“They should speak English,” she said.",
        ]
    )
    assert got[-1] == ("Brenda John", None, DIRECT)


def test_a_bare_quotation_after_one_narrative_sentence() -> None:
    got = credits(
        [
            "''I am more skilled with my hands,'' said Robin Mayn, half joking.",
            "He has worked at the plant almost 24 years.",
            "''But I like working with my hands.''",
        ],
        [
            "''We are frustrated,'' said Jack Moz.",
            "Tom Reed was not there.",
            "''It is too much.''",
        ],
    )
    assert got == [
        ("Robin Mayn", None, DIRECT),
        None,
        ("Robin Mayn", None, CONTINUED),
        ("Jack Moz", None, DIRECT),
        None,
        None,
    ]


def test_and_said_after_a_quoted_phrase() -> None:
    got = credits('Tom Reed exhorted voters to "vote their conscience" and said he was right.')
    assert got == [("Tom Reed", None, REPORTED)]


def test_responded_by_saying_far_from_the_verb() -> None:
    got = credits("Tom Reed replied to her on Monday night by saying “terror” was made up.")
    assert got == [("Tom Reed", None, REPORTED)]


def test_a_tag_inside_brackets() -> None:
    got = credits(["Mr. Tom Madd spoke.", "(The French are fans of ''Lost,'' Mr. Madd said.)"])
    assert got == [None, ("Tom Madd", None, DIRECT)]


def test_a_person_the_quotation_speaks_to_is_not_its_speaker() -> None:
    got = credits(
        [
            "Club chairman Milo Vance said he was disappointed.",
            "According to Vance, Harry Reed promised he would stay.",
            "\"I said to Harry 'please stay', and he told me 'of course'\", he said.",
        ]
    )
    assert got[2] == ("Milo Vance", "Club chairman", DIRECT)


def test_a_person_the_quotation_speaks_of_with_nobody_else_speaking_is_left_open() -> None:
    got = credits(["Harry Reed left the club.", '"Harry has made a big mistake," he said.'])
    assert got == [None, None]


def test_a_speaker_naming_a_body_that_bears_his_name_keeps_the_quotation() -> None:
    got = credits(["Tom Clay spoke on Monday.", '"The Clay Foundation will go on," he said.'])
    assert got[1] == ("Tom Clay", None, DIRECT)


def test_an_unclosed_quotation_does_not_swallow_the_narrative_after_it() -> None:
    got = credits(
        [
            "The midfielder Paul Bos is out of contract in the summer.",
            '"I would like to stay one more year," he said.',
            '"The main concern is my age.',
            "Bos joined the club in 2003 and struggled at first.",
            "But his work impressed manager Kevin Kay.",
            '"He drove himself back into the team.',
            'He is an unsung hero," said Kay.',
        ]
    )
    assert got == [
        None,
        ("Paul Bos", "midfielder", DIRECT),
        ("Paul Bos", "midfielder", CONTINUED),
        None,
        None,
        ("Kevin Kay", "manager", CONTINUED),
        ("Kevin Kay", "manager", DIRECT),
    ]


def test_narrative_after_an_unclosed_quotation_is_read_for_its_own_speech() -> None:
    got = credits(
        [
            'Ann Lowe said: "We are ready.',
            "Meanwhile, spokesman Tim Shaw said no one had put pressure on Lowe.",
            '"It makes her a bigger star," Shaw said.',
        ]
    )
    assert got == [
        ("Ann Lowe", None, DIRECT),
        ("Tim Shaw", "spokesman", REPORTED),
        ("Tim Shaw", "spokesman", DIRECT),
    ]


def test_a_quotation_left_open_resumes_with_the_tag_of_the_person_the_narrative_names() -> None:
    got = credits(
        [
            '"We took to it well," said Steve Mack.',
            'And after they did just that he said: "It was a perfect night.',
            "Mack's only criticism was that they should have scored more.",
            '"It should have been more convincing," said Mack.',
        ]
    )
    assert got == [
        ("Steve Mack", None, DIRECT),
        ("Steve Mack", None, CONTINUED),
        None,
        ("Steve Mack", None, DIRECT),
    ]


def test_a_closed_quotation_may_name_its_own_speaker() -> None:
    got = credits(
        [
            "“Taxes are unfair,” Don Tramp said.",
            "“But I am working for you now.",
            "I am not working for Tramp.",
            "Believe me.”",
        ]
    )
    assert got == [("Don Tramp", None, DIRECT)] + [("Don Tramp", None, CONTINUED)] * 3


def test_a_view_coming_from_a_person_puts_them_in_view() -> None:
    got = credits(
        [
            '"It is a natural next step," said analyst Ian Fogh.',
            "One dissenting opinion came from Brian Gamm, of Gartner.",
            'He said: "I do not think it changes the world."',
        ]
    )
    assert got[2] == ("Brian Gamm", None, DIRECT)


def test_a_who_clause_right_after_a_name_reports_that_person() -> None:
    got = credits(
        [
            "Alan Milb defended the posters.",
            "He was responding to Tory spokesman Julian Lew who said the ads were a smear.",
        ]
    )
    assert got[1] == ("Julian Lew", "Tory spokesman", REPORTED)


def test_a_nationality_speaks_for_the_person_of_the_paragraph() -> None:
    got = credits(
        "World number one Lindsey Daven has criticised Wimbledon.",
        'Reacting to a comment by club chairman Tim Phil, the American said: "It is insulting."',
    )
    assert got[1] == ("Lindsey Daven", None, DIRECT)


def test_an_age_speaks_for_the_person_in_view() -> None:
    got = credits(
        ["Marcel Desa said his side had improved.", '"They are stronger," the 36-year-old said.']
    )
    assert got[1] == ("Marcel Desa", None, DIRECT)


def test_a_description_that_contradicts_the_person_in_view_stays_as_written() -> None:
    got = credits(
        ["Harry Redd, 57, said he was pleased.", '"I am ready," said the 28-year-old.'],
        ["Sandra Li said she was pleased.", '"I am ready," said the Dutchman.'],
        [
            "Tom Bax said he was pleased.",
            "The club also signed Ann Cole.",
            '"I am ready," said the Scot.',
        ],
    )
    assert [got[1], got[3], got[6]] == [
        ("the 28-year-old", None, DIRECT),
        ("the Dutchman", None, DIRECT),
        ("the Scot", None, DIRECT),
    ]


def test_a_description_after_a_clause_led_by_another_person_stays_as_written() -> None:
    got = credits(
        [
            "Roger Fedd won again.",
            'When Lleyton Hewi shook his hand, the Australian said: "You are the best."',
        ]
    )
    assert got[1] == ("the Australian", None, DIRECT)
