from __future__ import annotations

from bot.nlp.attribution import attribute_speakers
from bot.nlp.language import reads_as_english
from bot.nlp.sentences import split_sentences

ENGLISH = (
    "The minister said on Tuesday that the talks would resume next week, and that both sides "
    "had agreed to a ceasefire along the border while a new round of negotiations was prepared. "
    "Officials from the two countries have met three times this year."
)
GERMAN = (
    "Der Minister sagte am Dienstag, die Gespräche würden in der kommenden Woche fortgesetzt. "
    "Beide Seiten hätten sich auf eine Waffenruhe entlang der Grenze geeinigt, während eine "
    "neue Verhandlungsrunde vorbereitet werde. Vertreter beider Länder trafen sich dieses Jahr "
    "bereits dreimal in der Hauptstadt."
)
FRENCH = (
    "Le ministre a déclaré mardi que les négociations reprendraient la semaine prochaine et que "
    "les deux parties s'étaient mises d'accord sur un cessez-le-feu le long de la frontière, "
    "pendant qu'une nouvelle série de discussions était préparée par les diplomates des deux pays."
)


def test_english_prose_reads_as_english() -> None:
    assert reads_as_english([ENGLISH, ENGLISH])


def test_german_and_french_prose_do_not() -> None:
    assert not reads_as_english([GERMAN])
    assert not reads_as_english([FRENCH])


def test_too_few_words_tell_nothing() -> None:
    assert reads_as_english(["Merkel trifft Macron in Berlin"])
    assert reads_as_english([])


def test_speakers_are_credited_in_english_only() -> None:
    english = [['"We will not give up," Merkel said.', ENGLISH]]
    # read by the English rules, the name before the quotation would be its speaker
    french = [
        split_sentences(
            "La revue porte sur les voix qui ouvrent la voie à une relation particulière avec "
            "les auditeurs. « Comment le grain d’une voix peut-il faire la couleur d’une radio ? "
            "» Laura Frémy analyse « la fabrique d’un phonostyle radiophonique féminin » dans "
            "les années 70 : « une voix en mini-jupe », « intime et rieuse. Un mélange de "
            "charme, d’ironie et d’autodérision » selon Kriss Graffiti."
        )
    ]
    assert attribute_speakers(english)[0][0] is not None
    assert attribute_speakers(french) == [[None] * len(french[0])]
