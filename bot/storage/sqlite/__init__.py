from bot.storage.sqlite.database import SQLiteStorage, open_storage

__all__ = ["SQLiteStorage", "open_storage"]
