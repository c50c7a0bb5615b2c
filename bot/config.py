"""Settings: one typed object, read from the environment and `.env` in one place."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_MAX_AUTO_INGEST_WORKERS = 4


class Settings(BaseSettings):
    """Everything the bot and the command line can be configured with.

    Only :func:`load_settings` (called by the composition roots) reads the environment;
    every other module receives what it needs from here.
    """

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    # A file path or a URL; its form chooses the backend (bot/storage/backends.py).
    db_path: str = Field("data/newsbot.db", alias="NEWSBOT_DB")
    corpus_dir: Path = Field(Path("corpus"), alias="NEWSBOT_CORPUS_DIR")
    telegram_bot_token: str | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(frozenset(), alias="NEWSBOT_ADMIN_IDS")
    telegram_api_base_url: str | None = Field(None, alias="TELEGRAM_API_BASE_URL")
    telegram_file_base_url: str | None = Field(None, alias="TELEGRAM_FILE_BASE_URL")
    timezone: str = Field("UTC", alias="NEWSBOT_TIMEZONE")

    max_upload_bytes: int = Field(2_000_000, alias="NEWSBOT_MAX_UPLOAD_BYTES", gt=0)
    fetch_timeout: float = Field(15.0, alias="NEWSBOT_FETCH_TIMEOUT", gt=0)
    fetch_allow_private: bool = Field(False, alias="NEWSBOT_FETCH_ALLOW_PRIVATE")
    summary_algorithm: str = Field("default", alias="NEWSBOT_SUMMARY_ALGORITHM")
    summary_sentences: int = Field(3, alias="NEWSBOT_SUMMARY_SENTENCES", ge=1, le=20)
    flood_limit_per_minute: int = Field(20, alias="NEWSBOT_FLOOD_LIMIT_PER_MINUTE", ge=1)
    digest_catch_up_hours: float = Field(6.0, alias="NEWSBOT_DIGEST_CATCH_UP_HOURS", ge=0)
    log_level: str = Field("INFO", alias="NEWSBOT_LOG_LEVEL")
    feeds: Annotated[tuple[str, ...], NoDecode] = Field((), alias="NEWSBOT_FEEDS")
    feed_interval_minutes: float = Field(15.0, alias="NEWSBOT_FEED_INTERVAL_MINUTES", ge=5)
    # Processes that parse the inputs while a `newsbot ingest` of many web pages stores them;
    # 0 parses in the ingesting process itself; unset, one per CPU core (at most 4).
    ingest_workers: int | None = Field(None, alias="NEWSBOT_INGEST_WORKERS", ge=0, le=32)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",")]
            try:
                return frozenset(int(p) for p in parts if p)
            except ValueError as exc:
                raise ValueError(
                    "NEWSBOT_ADMIN_IDS must be comma-separated numeric Telegram user ids"
                ) from exc
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("db_path", mode="before")
    @classmethod
    def _path_as_text(cls, value: object) -> object:
        return os.fspath(value) if isinstance(value, os.PathLike) else value

    @field_validator("feeds", mode="before")
    @classmethod
    def _parse_feeds(cls, value: object) -> object:
        if isinstance(value, str):
            urls = tuple(u.strip() for u in value.replace(";", ",").split(",") if u.strip())
            bad = [u for u in urls if not u.startswith(("http://", "https://"))]
            if bad:
                raise ValueError(
                    f"NEWSBOT_FEEDS must be comma-separated http(s) addresses, not {bad[0]!r}"
                )
            return urls
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"NEWSBOT_TIMEZONE: unknown time zone {value!r}") from exc
        return value

    @field_validator("telegram_bot_token", "telegram_api_base_url", "telegram_file_base_url")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if isinstance(value, str) else value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def feed_interval(self) -> timedelta:
        return timedelta(minutes=self.feed_interval_minutes)

    @property
    def ingest_processes(self) -> int:
        """How many parsing processes a large `newsbot ingest` starts (0: none)."""
        if self.ingest_workers is not None:
            return self.ingest_workers
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        return min(cores, _MAX_AUTO_INGEST_WORKERS) if cores > 1 else 0


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment and `.env`; keyword overrides win (CLI flags)."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)
