"""Settings read from the environment: the values the composition roots derive from them."""

from __future__ import annotations

import os

import pytest
from pydantic import ValidationError

from bot.config import load_settings


def test_parsing_processes_follow_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_INGEST_WORKERS", "3")
    assert load_settings().ingest_processes == 3
    monkeypatch.setenv("NEWSBOT_INGEST_WORKERS", "0")
    assert load_settings().ingest_processes == 0
    monkeypatch.setenv("NEWSBOT_INGEST_WORKERS", "-1")
    with pytest.raises(ValidationError):
        load_settings()


def test_parsing_processes_by_default_are_one_per_core_when_there_are_several(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NEWSBOT_INGEST_WORKERS", raising=False)
    cores = len(os.sched_getaffinity(0))
    assert load_settings().ingest_processes == (min(cores, 4) if cores > 1 else 0)
