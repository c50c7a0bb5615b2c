"""Labelled sentence-splitting cases from news copy: input text and the exact expected split.

Real sentences come from the AP article in ``corpus/`` and from the BBC evaluation sets
(``bbc/`` is all lower case, ``bbc-full/`` keeps the original casing). ``known_failure``
marks cases the splitter still gets wrong, so the list stays honest about them.
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    text: str
    expected: tuple[str, ...]
    kind: str
    known_failure: bool = False


def _c(kind: str, text: str, *expected: str, known_failure: bool = False) -> Case:
    return Case(text, expected, kind, known_failure)


CASES: tuple[Case, ...] = (
    # --- "U.S." ---
    _c(
        "us",
        "Blinken says Armenia and Azerbaijan have made “further progress” toward a peace "
        "agreement in three days of U.S.-hosted talks between the two former Soviet republics.",
        "Blinken says Armenia and Azerbaijan have made “further progress” toward a peace "
        "agreement in three days of U.S.-hosted talks between the two former Soviet republics.",
    ),
    _c(
        "us",
        "Nagorno-Karabakh is a mountainous region smaller than the U.S. state of Delaware. "
        "The war ended in 2020.",
        "Nagorno-Karabakh is a mountainous region smaller than the U.S. state of Delaware.",
        "The war ended in 2020.",
    ),
    _c(
        "us",
        "The latest talks were the second round of negotiations the U.S. has hosted between "
        "the two sides. Similar talks have been hosted by the European Union and Russia.",
        "The latest talks were the second round of negotiations the U.S. has hosted between "
        "the two sides.",
        "Similar talks have been hosted by the European Union and Russia.",
    ),
    # "U.S." then a capitalised word is ambiguous; a common word ("The") starts a new
    # sentence, a name-like word ("State Department") continues the noun phrase.
    _c(
        "us-ambiguous",
        "The two sides met for talks hosted by the U.S. The two sides agreed to meet again.",
        "The two sides met for talks hosted by the U.S.",
        "The two sides agreed to meet again.",
    ),
    _c(
        "us-ambiguous",
        "A spokesman for the U.S. State Department declined to comment.",
        "A spokesman for the U.S. State Department declined to comment.",
    ),
    _c(
        "us-ambiguous",
        "Officials flew to the U.S. On Monday they met the president.",
        "Officials flew to the U.S.",
        "On Monday they met the president.",
    ),
    _c(
        "us-ambiguous",
        "She moved to the U.S. She never looked back.",
        "She moved to the U.S.",
        "She never looked back.",
    ),
    _c(
        "us",
        "The U.S. Supreme Court ruled on Thursday. The U.N. Security Council met later.",
        "The U.S. Supreme Court ruled on Thursday.",
        "The U.N. Security Council met later.",
    ),
    _c(
        "us",
        "Secretary of State Antony Blinken says Armenia and Azerbaijan have made “tangible "
        "progress” in four days of U.S.",
        "Secretary of State Antony Blinken says Armenia and Azerbaijan have made “tangible "
        "progress” in four days of U.S.",
    ),
    # --- dates and numbers ---
    _c(
        "date",
        "Members of the Supreme Court sit for a new group portrait at the Supreme Court "
        "building in Washington, Oct. 7, 2022. Bottom row, from left, Associate Justice Sonia "
        "Sotomayor.",
        "Members of the Supreme Court sit for a new group portrait at the Supreme Court "
        "building in Washington, Oct. 7, 2022.",
        "Bottom row, from left, Associate Justice Sonia Sotomayor.",
    ),
    _c(
        "date",
        "The law takes effect on Jan. 5, 2023, officials said. Critics disagree.",
        "The law takes effect on Jan. 5, 2023, officials said.",
        "Critics disagree.",
    ),
    _c(
        "date",
        "People walk by Tiffany's flagship store in New York, Nov. 25, 2019. A fire broke out "
        "Thursday, June 29, 2023, in the basement of the flagship Tiffany & Co. store on New "
        "York's Fifth Avenue, officials said.",
        "People walk by Tiffany's flagship store in New York, Nov. 25, 2019.",
        "A fire broke out Thursday, June 29, 2023, in the basement of the flagship Tiffany & "
        "Co. store on New York's Fifth Avenue, officials said.",
    ),
    _c(
        "date",
        "The attack began on Oct. 7 and lasted for hours. Sept. 11 was worse.",
        "The attack began on Oct. 7 and lasted for hours.",
        "Sept. 11 was worse.",
    ),
    _c(
        "number",
        "Campbell has welcomed baby No. 2. The British supermodel wrote Thursday on Instagram "
        "that her son is a true gift from God.",
        "Campbell has welcomed baby No. 2.",
        "The British supermodel wrote Thursday on Instagram that her son is a true gift from God.",
    ),
    _c(
        "number",
        "The No. 1 seed lost in straight sets. Nobody expected it.",
        "The No. 1 seed lost in straight sets.",
        "Nobody expected it.",
    ),
    _c(
        "number",
        "The economy grew 3.5% last year. Profits rose to $2.7 billion.",
        "The economy grew 3.5% last year.",
        "Profits rose to $2.7 billion.",
    ),
    _c(
        "number",
        "The rupee climbed to 43.305 per US dollar on Thursday, up from a close of 43.41. The "
        "currency has gained almost 1% in the past three sessions.",
        "The rupee climbed to 43.305 per US dollar on Thursday, up from a close of 43.41.",
        "The currency has gained almost 1% in the past three sessions.",
    ),
    _c(
        "number",
        "GM's revenues rose 4.7% to $51.2bn from $48.8bn a year earlier. Shares fell 2.5p.",
        "GM's revenues rose 4.7% to $51.2bn from $48.8bn a year earlier.",
        "Shares fell 2.5p.",
    ),
    _c(
        "number",
        "It cost approx. 3 million euros. That was more than planned.",
        "It cost approx. 3 million euros.",
        "That was more than planned.",
    ),
    # --- titles ---
    _c(
        "title",
        "Gen. Mark Milley met Sen. Chuck Schumer and Rep. Nancy Pelosi. Gov. Gavin Newsom "
        "was absent.",
        "Gen. Mark Milley met Sen. Chuck Schumer and Rep. Nancy Pelosi.",
        "Gov. Gavin Newsom was absent.",
    ),
    _c(
        "title",
        "Dr. Smith and Mr. Jones met Mrs. Brown at St. Paul's Cathedral. They talked.",
        "Dr. Smith and Mr. Jones met Mrs. Brown at St. Paul's Cathedral.",
        "They talked.",
    ),
    _c(
        "title",
        "The report was written by Dr. King. Mr. Young disagreed with it.",
        "The report was written by Dr. King.",
        "Mr. Young disagreed with it.",
    ),
    _c(
        "title",
        "Prof. Jane Doe and Rev. John Roe spoke. Lt. Col. Ann Poe listened.",
        "Prof. Jane Doe and Rev. John Roe spoke.",
        "Lt. Col. Ann Poe listened.",
    ),
    _c(
        "title",
        "Ms. Brown said the plan would work. Sen. Black agreed.",
        "Ms. Brown said the plan would work.",
        "Sen. Black agreed.",
    ),
    _c(
        "title",
        "This will be a landmark for patients with MS. Final approval should follow soon.",
        "This will be a landmark for patients with MS.",
        "Final approval should follow soon.",
    ),
    # --- places and companies ---
    _c(
        "place",
        "They met at the National Foreign Affairs Training Center in Arlington, Va., Thursday, "
        "June 29, 2023. (AP Photo/Jacquelyn Martin)",
        "They met at the National Foreign Affairs Training Center in Arlington, Va., Thursday, "
        "June 29, 2023.",
        "(AP Photo/Jacquelyn Martin)",
    ),
    _c(
        "place",
        "Blinken speaks at the SelectUSA Investment Summit, Thursday, May 4, 2023, in Oxon "
        "Hill, Md. (AP Photo/Alex Brandon)",
        "Blinken speaks at the SelectUSA Investment Summit, Thursday, May 4, 2023, in Oxon "
        "Hill, Md. (AP Photo/Alex Brandon)",
    ),
    _c(
        "place",
        "He grew up in Arlington, Va. He now lives in Bethesda, Md. She lives in Calif.",
        "He grew up in Arlington, Va.",
        "He now lives in Bethesda, Md.",
        "She lives in Calif.",
    ),
    _c(
        "place",
        "The firm moved from San Jose, Calif., to Austin last year. It kept 200 staff.",
        "The firm moved from San Jose, Calif., to Austin last year.",
        "It kept 200 staff.",
    ),
    _c(
        "place",
        "The store is on Main St. The fire started in the basement.",
        "The store is on Main St.",
        "The fire started in the basement.",
    ),
    _c(
        "place",
        "He flew to Washington, D.C. The meeting lasted an hour.",
        "He flew to Washington, D.C.",
        "The meeting lasted an hour.",
    ),
    _c(
        "company",
        "Apple Inc. and Tiffany & Co. sued Acme Corp. and Foo Ltd. on Monday.",
        "Apple Inc. and Tiffany & Co. sued Acme Corp. and Foo Ltd. on Monday.",
    ),
    _c(
        "company",
        "The deal was announced by Acme Corp. The shares rose 5%.",
        "The deal was announced by Acme Corp.",
        "The shares rose 5%.",
    ),
    _c(
        "company",
        "A fire broke out at the flagship Tiffany & Co. store. It was put out quickly.",
        "A fire broke out at the flagship Tiffany & Co. store.",
        "It was put out quickly.",
    ),
    _c(
        "company",
        "The stake was sold to Foo Ltd. Its chairman welcomed the deal.",
        "The stake was sold to Foo Ltd.",
        "Its chairman welcomed the deal.",
    ),
    # --- other abbreviations ---
    _c(
        "abbreviation",
        "It was Smith vs. Jones in the final. Jones won.",
        "It was Smith vs. Jones in the final.",
        "Jones won.",
    ),
    _c(
        "abbreviation",
        "Some gadgets, e.g. the iPod, sold well. Others, i.e. the rest, did not.",
        "Some gadgets, e.g. the iPod, sold well.",
        "Others, i.e. the rest, did not.",
    ),
    _c(
        "abbreviation",
        "Rather than expecting the government - i.e. the taxpayer - to fork out, why don't some "
        "of the megastars put something back in?",
        "Rather than expecting the government - i.e. the taxpayer - to fork out, why don't some "
        "of the megastars put something back in?",
    ),
    _c(
        "abbreviation",
        "The meeting starts at 9 a.m. on Monday. It ends at 5 p.m. The press may attend.",
        "The meeting starts at 9 a.m. on Monday.",
        "It ends at 5 p.m.",
        "The press may attend.",
    ),
    # --- initials ---
    _c(
        "initials",
        "Top row, from left, Associate Justice Amy Coney Barrett and Associate Justice Ketanji "
        "Brown Jackson. (AP Photo/J. Scott Applewhite, File)",
        "Top row, from left, Associate Justice Amy Coney Barrett and Associate Justice Ketanji "
        "Brown Jackson.",
        "(AP Photo/J. Scott Applewhite, File)",
    ),
    _c(
        "initials",
        "George W. Bush read a book by J.R.R. Tolkien. He liked it.",
        "George W. Bush read a book by J.R.R. Tolkien.",
        "He liked it.",
    ),
    _c(
        "initials",
        "The speech was by John F. Kennedy. It was short.",
        "The speech was by John F. Kennedy.",
        "It was short.",
    ),
    _c(
        "initials",
        "The war was compared with World War I. But the BBC said there were no plans.",
        "The war was compared with World War I.",
        "But the BBC said there were no plans.",
    ),
    _c(
        "initials",
        "She starred with Jessica Taylor from Liberty-X. Each celebrity will be paired with a "
        "professional skater.",
        "She starred with Jessica Taylor from Liberty-X.",
        "Each celebrity will be paired with a professional skater.",
    ),
    _c(
        "initials",
        "The novel was written by J.K. Rowling. It sold millions.",
        "The novel was written by J.K. Rowling.",
        "It sold millions.",
    ),
    # --- ellipses ---
    _c(
        "ellipsis",
        "Turkcell said the ruling would \"make more difficult... Turkcell's financial "
        'consolidation of Irancell" because its stake would be reduced to less than 50%.',
        "Turkcell said the ruling would \"make more difficult... Turkcell's financial "
        'consolidation of Irancell" because its stake would be reduced to less than 50%.',
    ),
    _c(
        "ellipsis",
        '"Arrivals to other destinations such as... Maldives and Sri Lanka also thrived."',
        '"Arrivals to other destinations such as... Maldives and Sri Lanka also thrived."',
    ),
    _c(
        "ellipsis",
        "He waited... and waited. Nobody came.",
        "He waited... and waited.",
        "Nobody came.",
    ),
    _c(
        "ellipsis",
        "It was over… The crowd went home.",
        "It was over…",
        "The crowd went home.",
    ),
    # --- quotes ---
    _c("quote", '"I agree," he said.', '"I agree," he said.'),
    _c("quote", '"We will win." He left.', '"We will win."', "He left."),
    _c(
        "quote",
        "“I appreciate it. That is the way.” he said",
        "“I appreciate it.",
        "That is the way.” he said",
    ),
    _c(
        "quote",
        "“We look forward to continuing this process in the weeks ahead,” he said. “I very much "
        "appreciate the spirit of candor. That is the way ultimately to reach understanding and "
        "finally to reach agreement.”",
        "“We look forward to continuing this process in the weeks ahead,” he said.",
        "“I very much appreciate the spirit of candor.",
        "That is the way ultimately to reach understanding and finally to reach agreement.”",
    ),
    _c(
        "quote",
        "But, he stressed that “hard work” remains to be done. Neither Mirzoyan nor Bayramov "
        "spoke at the event.",
        "But, he stressed that “hard work” remains to be done.",
        "Neither Mirzoyan nor Bayramov spoke at the event.",
    ),
    _c(
        "quote",
        "But Putin said that on the “principal issues, there is an agreement,” and later said "
        "all that remained were “surmountable obstacles.” He said representatives would meet "
        "in a week.",
        "But Putin said that on the “principal issues, there is an agreement,” and later said "
        "all that remained were “surmountable obstacles.”",
        "He said representatives would meet in a week.",
    ),
    _c(
        "quote",
        '"How can a German football coach and an Australian rugby coach have anything in '
        'common?" he asked. Nobody knew.',
        '"How can a German football coach and an Australian rugby coach have anything in '
        'common?" he asked.',
        "Nobody knew.",
    ),
    _c(
        "quote",
        '"The cake will be bigger for everybody," said Deputy Prime Minister Abdullatif Sener '
        'earlier this month. "Turkey will not be a burden for the EU budget."',
        '"The cake will be bigger for everybody," said Deputy Prime Minister Abdullatif Sener '
        "earlier this month.",
        '"Turkey will not be a burden for the EU budget."',
    ),
    _c(
        "quote",
        "He said: 'It is over.' Then he left the room.",
        "He said: 'It is over.'",
        "Then he left the room.",
    ),
    _c(
        "quote",
        '"Why?" she asked. "Because," he said.',
        '"Why?" she asked.',
        '"Because," he said.',
    ),
    # --- brackets ---
    _c(
        "bracket",
        "He said it (and he meant it.) Then he left.",
        "He said it (and he meant it.)",
        "Then he left.",
    ),
    _c(
        "bracket",
        "It took decades of work to track down the evidence for these super-slow wobbles. "
        "(Aurore Simonnet/NANOGrav Collaboration)",
        "It took decades of work to track down the evidence for these super-slow wobbles.",
        "(Aurore Simonnet/NANOGrav Collaboration)",
    ),
    _c(
        "bracket",
        "The UK's proposal is so important - increasing world aid flows by over $50 billion "
        "(£27bn). Others agreed.",
        "The UK's proposal is so important - increasing world aid flows by over $50 billion "
        "(£27bn).",
        "Others agreed.",
    ),
    # --- exclamations and titles of works ---
    _c(
        "exclamation",
        'Brett Lock of gay group OutRage! said they were "wiping the slate clean".',
        'Brett Lock of gay group OutRage! said they were "wiping the slate clean".',
    ),
    _c(
        "exclamation",
        "Yahoo! shares rose 5%. Then they fell.",
        "Yahoo! shares rose 5%.",
        "Then they fell.",
    ),
    _c(
        "exclamation",
        "It was a disaster! Nobody came. Was it the weather? Maybe.",
        "It was a disaster!",
        "Nobody came.",
        "Was it the weather?",
        "Maybe.",
    ),
    # --- missing spaces and punctuation ---
    _c(
        "glued",
        "It comes equipped with USB and Firewire ports and an audio/headphone jack.The machine "
        "comes with Mac OS X.",
        "It comes equipped with USB and Firewire ports and an audio/headphone jack.",
        "The machine comes with Mac OS X.",
    ),
    _c(
        "glued",
        "The new variant is called Bagle.AT and spreads by e-mail. Users of Amazon.com were hit.",
        "The new variant is called Bagle.AT and spreads by e-mail.",
        "Users of Amazon.com were hit.",
    ),
    _c("no-final", "Naomi Campbell welcomes baby No. 2", "Naomi Campbell welcomes baby No. 2"),
    _c(
        "no-final",
        "The vote was close. Results are due on Monday",
        "The vote was close.",
        "Results are due on Monday",
    ),
    # --- layout ---
    _c(
        "layout",
        "Tiffany & Co. flagship store fire\nEco-activist Greta Thunberg attends a press "
        "conference in Kyiv, Ukraine. (AP Photo/Efrem Lukatsky)",
        "Tiffany & Co. flagship store fire",
        "Eco-activist Greta Thunberg attends a press conference in Kyiv, Ukraine.",
        "(AP Photo/Efrem Lukatsky)",
    ),
    _c(
        "layout",
        "US says Armenia and Azerbaijan have made ‘further progress’ toward a peace deal\n\n"
        "WASHINGTON (AP) — Secretary of State Antony Blinken says progress was made.",
        "US says Armenia and Azerbaijan have made ‘further progress’ toward a peace deal",
        "WASHINGTON (AP) — Secretary of State Antony Blinken says progress was made.",
    ),
    _c(
        "layout",
        "playstation 3 chip to be unveiled\n\ndetails of the chip designed to power sony's "
        "playstation 3 console will be released in san francisco on monday.",
        "playstation 3 chip to be unveiled",
        "details of the chip designed to power sony's playstation 3 console will be released "
        "in san francisco on monday.",
    ),
    _c(
        "layout",
        "The talks were long and\nhard, officials said. They ended late.",
        "The talks were long and\nhard, officials said.",
        "They ended late.",
    ),
    # --- lower-case text (the older BBC copy) ---
    _c(
        "lower",
        "mr. blair said. the uk economy grew.",
        "mr. blair said.",
        "the uk economy grew.",
    ),
    _c(
        "lower",
        "sony, ibm and toshiba, who have been working on the cell processor for three years, "
        "will unveil the chip at a technology conference. the chip is reported to be up to 10 "
        "times faster than current processors.",
        "sony, ibm and toshiba, who have been working on the cell processor for three years, "
        "will unveil the chip at a technology conference.",
        "the chip is reported to be up to 10 times faster than current processors.",
    ),
    _c(
        "lower",
        "some 7.4 million households have sky boxes and sky is hoping to increase this to 10 "
        "million by 2010. loyalty cards could play a role in this.",
        "some 7.4 million households have sky boxes and sky is hoping to increase this to 10 "
        "million by 2010.",
        "loyalty cards could play a role in this.",
    ),
    _c(
        "lower",
        "the rupee climbed to 43.305 per us dollar on thursday, up from a close of 43.41. the "
        "currency has gained almost 1% in the past three sessions.",
        "the rupee climbed to 43.305 per us dollar on thursday, up from a close of 43.41.",
        "the currency has gained almost 1% in the past three sessions.",
    ),
    _c(
        "lower",
        "the talks were hosted by the u.s. the two sides agreed to meet again.",
        "the talks were hosted by the u.s.",
        "the two sides agreed to meet again.",
    ),
    _c(
        "lower",
        "a spokesman for the u.s. state department declined to comment.",
        "a spokesman for the u.s. state department declined to comment.",
    ),
    _c(
        "lower",
        "the attack came on oct. 7 in the south. dr. smith treated the wounded.",
        "the attack came on oct. 7 in the south.",
        "dr. smith treated the wounded.",
    ),
    _c(
        "lower",
        '"given the resilience of the indian economy... it is possible to launch a direct '
        'assault on poverty," mr chidambaram said.',
        '"given the resilience of the indian economy... it is possible to launch a direct '
        'assault on poverty," mr chidambaram said.',
    ),
    _c(
        "lower",
        '"we will win." he left the room.',
        '"we will win."',
        "he left the room.",
    ),
    _c(
        "lower",
        '"i agree," he said. the others did not.',
        '"i agree," he said.',
        "the others did not.",
    ),
    _c(
        "lower",
        "the firm, bought by gen. electric in 2003, grew 3.5%. sales rose to $2.7bn.",
        "the firm, bought by gen. electric in 2003, grew 3.5%.",
        "sales rose to $2.7bn.",
    ),
    _c(
        "lower",
        "the photo was taken by j. scott applewhite. it shows the court.",
        "the photo was taken by j. scott applewhite.",
        "it shows the court.",
    ),
    _c(
        "lower",
        "it cost â£20m (about $37m). the deal closed on monday",
        "it cost â£20m (about $37m).",
        "the deal closed on monday",
    ),
    # --- the full BBC set (mixed case) ---
    _c(
        "bbc",
        "With its hand-animated sprites and 2D side-scrolling, this was even considered retro "
        "when released in arcades four years ago. But a more frantic shooter you will not find "
        "at the end of your joypad this year. And yes, that includes Halo 2.",
        "With its hand-animated sprites and 2D side-scrolling, this was even considered retro "
        "when released in arcades four years ago.",
        "But a more frantic shooter you will not find at the end of your joypad this year.",
        "And yes, that includes Halo 2.",
    ),
    _c(
        "bbc",
        "Nevertheless, total sales increased 4% to 36bn kroner, thanks to strong sales of "
        "Carlsberg lager in Russia and Poland. Carlsberg is more optimistic than Heineken "
        "about 2005.",
        "Nevertheless, total sales increased 4% to 36bn kroner, thanks to strong sales of "
        "Carlsberg lager in Russia and Poland.",
        "Carlsberg is more optimistic than Heineken about 2005.",
    ),
    _c(
        "bbc",
        "Two presidents and at least three finance ministers resigned in less than a month. "
        "Argentina was on the brink of collapse.",
        "Two presidents and at least three finance ministers resigned in less than a month.",
        "Argentina was on the brink of collapse.",
    ),
    _c(
        "bbc",
        "Mr Saakashvili has accused the Shevardnadze regime of allowing bribery to flourish. "
        "Georgia's economy is in a desperate condition.",
        "Mr Saakashvili has accused the Shevardnadze regime of allowing bribery to flourish.",
        "Georgia's economy is in a desperate condition.",
    ),
    _c(
        "bbc",
        'The oldest "gadget" in the top 100 is the abacus, which the magazine dates at 190 '
        "A.D., and put in 60th place.",
        'The oldest "gadget" in the top 100 is the abacus, which the magazine dates at 190 '
        "A.D., and put in 60th place.",
    ),
    _c(
        "bbc",
        "The new version of the Band Aid song Do They Know It's Christmas? has gone straight in "
        "at number one in the UK singles chart.",
        "The new version of the Band Aid song Do They Know It's Christmas? has gone straight in "
        "at number one in the UK singles chart.",
    ),
    _c(
        "bbc",
        "Arsenal are also without winger Robert Pires, who sustained an ankle injury at St "
        "Mary's. Wenger added: \"It doesn't look like anything is fractured.\"",
        "Arsenal are also without winger Robert Pires, who sustained an ankle injury at St Mary's.",
        'Wenger added: "It doesn\'t look like anything is fractured."',
    ),
    _c(
        "empty",
        "",
    ),
    _c("empty", "   \n\n  "),
)
