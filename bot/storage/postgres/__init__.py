from bot.storage.postgres.database import PostgresStorage, open_storage

__all__ = ["PostgresStorage", "open_storage"]
