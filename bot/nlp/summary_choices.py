"""What a summary may be asked for: which summariser, and how many sentences at most.

Kept apart from :mod:`bot.nlp.summarize` so that the command line can offer the choices
without loading the summarisers (sumy, numpy and nltk take about a third of a second).
"""

ALGORITHMS = ("default", "lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic")
MAX_SENTENCES = 10  # the longest summary offered
