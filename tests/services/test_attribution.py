"""Crediting stored articles again: an archive ingested by older rules catches up."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.nlp.attribution import ATTRIBUTION_VERSION
from bot.services.attribution import AttributionRefresher
from bot.services.ingest import IngestService
from bot.storage.sqlite import SQLiteStorage


def _age_archive(path: Path) -> int:
    """Make every stored article look credited by old rules that found no speakers."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE articles SET attribution_version = 0")
        changed = conn.execute(
            "UPDATE sentences SET speaker = NULL, speaker_role = NULL, speaker_mode = NULL,"
            " speaker_terms = NULL WHERE speaker IS NOT NULL"
        ).rowcount
    conn.close()
    return changed


def _speakers(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT article_id, position, speaker, speaker_role, speaker_mode, speaker_terms"
        " FROM sentences ORDER BY article_id, position"
    ).fetchall()
    conn.close()
    return rows


def _fts_hits(path: Path, term: str) -> int:
    conn = sqlite3.connect(path)
    (count,) = conn.execute(
        "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH ?",
        (f"speaker_terms : {term}",),
    ).fetchone()
    conn.close()
    return count


async def test_new_articles_are_stored_with_the_current_rules(
    storage: SQLiteStorage, sample_path: Path
) -> None:
    await IngestService(storage).ingest_path(sample_path)
    refresher = AttributionRefresher(storage)
    assert await refresher.stale() == 0
    report = await refresher.refresh()
    assert (report.articles, report.sentences, report.remaining) == (0, 0, 0)


async def test_stale_articles_get_the_speakers_fresh_ingest_gives(
    storage: SQLiteStorage, sample_path: Path
) -> None:
    await IngestService(storage).ingest_path(sample_path)
    fresh = _speakers(storage.path)
    blanked = _age_archive(storage.path)
    assert blanked > 0 and _fts_hits(storage.path, "putin") == 0

    refresher = AttributionRefresher(storage)
    assert await refresher.stale() == 1
    report = await refresher.refresh()

    assert (report.articles, report.sentences, report.remaining) == (1, blanked, 0)
    assert _speakers(storage.path) == fresh
    assert _fts_hits(storage.path, "putin") > 0  # the search index follows the rewrite
    assert (await refresher.refresh()).articles == 0


async def test_refresh_in_batches_with_a_limit(storage: SQLiteStorage, tmp_path: Path) -> None:
    service = IngestService(storage)
    for n in range(5):
        path = tmp_path / f"a{n}.txt"
        path.write_text(f"Story {n}\n\nMayor Ann Lee{n} said the park would open in {2020 + n}.")
        assert (await service.ingest_path(path)).status == "added"
    _age_archive(storage.path)
    refresher = AttributionRefresher(storage)
    seen: list[int] = []
    report = await refresher.refresh(limit=3, batch=2, progress=seen.append)
    assert (report.articles, report.sentences, report.remaining) == (3, 3, 2)
    assert seen == [2, 1]
    assert (await refresher.refresh()).articles == 2


async def test_an_older_version_is_stale_and_a_newer_one_is_not(
    storage: SQLiteStorage, sample_path: Path
) -> None:
    await IngestService(storage).ingest_path(sample_path)
    assert await AttributionRefresher(storage, version=ATTRIBUTION_VERSION + 1).stale() == 1
    assert await AttributionRefresher(storage, version=ATTRIBUTION_VERSION).stale() == 0


def test_reattribute_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_path: Path
) -> None:
    db = tmp_path / "x.db"
    assert main(["ingest", "--db", str(db), str(sample_path)]) == 0
    blanked = _age_archive(db)
    capsys.readouterr()
    assert main(["reattribute", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "articles": 1,
        "sentences": blanked,
        "remaining": 0,
    }
    assert main(["reattribute", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip() == "0 articles credited again, 0 sentences changed"
    assert main(["reattribute", "--db", str(db), "--limit", "0"]) == 2


async def test_background_catch_up_credits_and_never_raises(
    storage: SQLiteStorage, sample_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="bot.services.attribution")
    await IngestService(storage).ingest_path(sample_path)
    _age_archive(storage.path)
    refresher = AttributionRefresher(storage)
    await refresher.refresh_in_background()
    assert await refresher.stale() == 0
    assert "credited again in 1 articles" in caplog.text

    broken = SQLiteStorage.__new__(SQLiteStorage)  # a storage whose database is gone
    await AttributionRefresher(broken).refresh_in_background()
    assert "stored speakers kept" in caplog.text
