"""Why an input was turned away, in words an admin can act on."""


class RejectedInput(ValueError):
    """Raised by any ingestion step for input that cannot become an article.

    The message is shown to the admin as-is, so it says what was wrong and, where
    possible, what to do instead.
    """
