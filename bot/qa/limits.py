"""How many answers one question may ask for.

Kept apart from :mod:`bot.services.answers` so that the command line can offer the choice
without loading the answering code.
"""

MAX_ANSWERS = 20
