"""Short articles written for these tests: varied topics so keyword look-ups are unambiguous."""

# ruff: noqa: E501

from __future__ import annotations

ARTICLES: dict[str, str] = {
    "harbour-bridge.txt": """Harbour bridge reopens after two years of repairs

The old harbour bridge reopened to traffic on Monday after two years of repairs that cost more than the city had planned.

"The bridge is safer now than on the day it was built," the city engineer Maria Lind said at the opening ceremony.

Cyclists will get a separate lane from next month, and the toll stays at one euro for cars.

Shop owners near the bridge said their trade had fallen by a third while it was closed.
""",
    "chess-final.txt": """Teenager wins the national chess final in a long endgame

A sixteen-year-old player won the national chess championship on Sunday after a final game that lasted more than six hours.

The winner, Tomas Berg, said he had prepared the opening with his coach for weeks.

"I was lost in the middle game, but my opponent ran short of time," Berg said.

The championship drew a record number of spectators to the town hall.
""",
    "bakery-strike.txt": """Bakery workers strike over night shifts

Workers at the country's largest industrial bakery walked out on Tuesday in a dispute over night shifts and pay.

The union said its members had worked unpaid overtime for months.

The company said bread deliveries to supermarkets would continue with managers covering the night shift.

Talks between the two sides are due to resume on Friday.
""",
    "satellite-launch.txt": """Weather satellite launched to watch Arctic sea ice

A new weather satellite was launched on Wednesday to measure the thickness of Arctic sea ice through the winter.

Scientists said the satellite would send its first images within a fortnight.

"Sea ice tells us how fast the climate is changing," the mission scientist Ana Ruiz said.

The launch had been delayed twice by strong winds at the launch site.
""",
    "river-flood.txt": """River floods valley villages after heavy rain

The river burst its banks on Thursday after three days of heavy rain, flooding several villages in the valley.

Rescue teams moved more than two hundred people to a school on higher ground.

The regional governor said damaged homes would be inspected as soon as the water fell.

Forecasters expect the rain to ease over the weekend.
""",
    "library-hours.txt": """City library extends its opening hours for students

The central library will open until midnight during the exam season, the city council announced.

Students had collected more than five thousand signatures asking for longer hours.

The extra evenings will be staffed by volunteers and two new librarians.

The council said it would review the trial in the summer.
""",
}

UNSAFE_MARKUP_ARTICLE = """Markup <b>test</b> & friends: 3 < 4

The filing used the characters <, > and & in ways that would break HTML: for example <b>bold</b> and a stray </i> tag.

Markdown users write *stars*, _underscores_ and [brackets] that must also come through literally.

A final line keeps AT&T and R&D as they are.
"""
