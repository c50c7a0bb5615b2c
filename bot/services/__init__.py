"""Use cases shared by the Telegram bot and the command line."""
