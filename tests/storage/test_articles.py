"""Articles and sentences: the storage contract, on every backend."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.ingest.article import ParsedArticle
from bot.qa.records import Scope, TermClause
from bot.storage.backends import opened_storage
from bot.storage.interface import Storage
from bot.storage.records import AddStatus, NewSentence, SpeakerUpdate

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _article(title: str = "Talks resume", url: str | None = None, **kw: object) -> ParsedArticle:
    return ParsedArticle(
        title=title,
        paragraphs=("The talks resumed on Monday.", "Officials said more work remains."),
        published=date(2024, 4, 30),
        url=url,
        **kw,  # type: ignore[arg-type]
    )


SENTENCES = [
    NewSentence(0, 0, "The talks resumed on Monday."),
    NewSentence(
        1, 1, "Officials said more work remains.", "officials", None, "reported", "officials"
    ),
]


async def _matches(storage: Storage, word: str) -> int:
    hits = await storage.search.sentences([TermClause("text", (word,))], scope=Scope(), cap=100)
    return len(hits)


async def test_add_get_roundtrip(storage: Storage) -> None:
    outcome = await storage.articles.add(
        _article(section="World", byline="Jane Roe", dateline_place="PARIS", dateline_agency="AP"),
        SENTENCES,
        content_hash="h1",
        ingested_at=NOW,
    )
    assert outcome.status is AddStatus.ADDED
    article = await storage.articles.get(outcome.article_id)
    assert article is not None
    assert article.title == "Talks resume"
    assert article.published == date(2024, 4, 30)
    assert article.dateline == "PARIS (AP)"
    assert article.paragraphs == _article().paragraphs
    assert article.ingested_at == NOW
    sentences = await storage.articles.sentences(outcome.article_id)
    assert [s.text for s in sentences] == [s.text for s in SENTENCES]
    assert sentences[1].speaker == "officials"
    assert await storage.articles.get(outcome.article_id + 1) is None


async def test_duplicates_by_content_and_by_url(storage: Storage) -> None:
    first = await storage.articles.add(
        _article(url="https://example.com/a"), SENTENCES, content_hash="h1", ingested_at=NOW
    )
    same_content = await storage.articles.add(
        _article("Other title"), SENTENCES, content_hash="h1", ingested_at=NOW
    )
    same_url = await storage.articles.add(
        _article(url="https://example.com/a"), SENTENCES, content_hash="h2", ingested_at=NOW
    )
    assert same_content.status is AddStatus.DUPLICATE
    assert same_content.article_id == first.article_id
    assert same_content.duplicate_reason == "same content"
    assert same_url.status is AddStatus.DUPLICATE
    assert same_url.duplicate_reason == "same URL"
    assert await storage.articles.find_duplicate(content_hash="h9", url=None) is None
    assert await storage.articles.count() == 1


async def test_the_same_article_added_at_once_by_two_writers_is_stored_once(
    database_setting: str,
) -> None:
    async with (
        opened_storage(database_setting) as first,
        opened_storage(database_setting) as second,
    ):
        outcomes = await asyncio.gather(
            *(
                store.articles.add(_article(), SENTENCES, content_hash="h1", ingested_at=NOW)
                for store in (first, second, first, second)
            )
        )
        assert sorted(o.status for o in outcomes) == ["added"] + ["duplicate"] * 3
        assert len({o.article_id for o in outcomes}) == 1
        assert await first.articles.count() == 1


async def test_failed_insert_leaves_nothing_half_written(storage: Storage) -> None:
    bad = [*SENTENCES, NewSentence(0, 0, "same position twice violates the unique rule")]
    with pytest.raises(Exception, match=r"(?i)unique"):
        await storage.articles.add(_article(), bad, content_hash="h1", ingested_at=NOW)
    assert await storage.articles.count() == 0
    assert await _matches(storage, "talks") == 0
    assert await storage.search.term_documents("text", ["talk"]) == {}
    ok = await storage.articles.add(_article(), SENTENCES, content_hash="h1", ingested_at=NOW)
    assert ok.status is AddStatus.ADDED
    assert await _matches(storage, "talks") == 1


async def test_delete_takes_sentences_index_and_summaries_along(storage: Storage) -> None:
    outcome = await storage.articles.add(_article(), SENTENCES, content_hash="h1", ingested_at=NOW)
    kept = await storage.articles.add(
        _article("Other talks"), SENTENCES[:1], content_hash="h2", ingested_at=NOW
    )
    await storage.summaries.put(outcome.article_id, algorithm="default", length=2, positions=[0])
    assert await storage.articles.delete(outcome.article_id)
    assert not await storage.articles.delete(outcome.article_id)
    assert await storage.articles.get(outcome.article_id) is None
    assert await storage.articles.sentences(outcome.article_id) == []
    assert await storage.summaries.get(outcome.article_id, algorithm="default", length=2) is None
    assert await _matches(storage, "officials") == 0
    assert await _matches(storage, "talks") == 1
    assert await storage.search.term_documents("text", ["offici", "talk"]) == {"talk": 1}
    assert await storage.articles.count() == 1
    assert [h.id for h in await storage.articles.list_latest()] == [kept.article_id]


async def test_latest_and_since(storage: Storage) -> None:
    ids = []
    for n in range(3):
        outcome = await storage.articles.add(
            ParsedArticle(title=f"Story {n}", paragraphs=(f"Body number {n}.",)),
            [NewSentence(0, 0, f"Body number {n}.")],
            content_hash=f"h{n}",
            ingested_at=NOW + timedelta(hours=n),
        )
        ids.append(outcome.article_id)
    latest = await storage.articles.list_latest(limit=2)
    assert [h.id for h in latest] == [ids[2], ids[1]]
    assert [h.id for h in await storage.articles.list_latest(limit=2, offset=2)] == [ids[0]]
    since = await storage.articles.ingested_since(NOW + timedelta(minutes=30))
    assert {h.id for h in since} == {ids[1], ids[2]}
    assert await storage.articles.last_ingested_at() == NOW + timedelta(hours=2)
    headers = await storage.articles.headers([ids[0], ids[2], 999])
    assert sorted(headers) == [ids[0], ids[2]] and headers[ids[0]].title == "Story 0"


async def test_find_by_words_prefers_titles(storage: Storage) -> None:
    body = await storage.articles.add(
        ParsedArticle("Markets today", ("Armenia signed a deal.",)),
        [NewSentence(0, 0, "Armenia signed a deal.")],
        content_hash="h1",
        ingested_at=NOW,
    )
    titled = await storage.articles.add(
        ParsedArticle("Armenia deal signed", ("Talks ended.",)),
        [NewSentence(0, 0, "Talks ended.")],
        content_hash="h2",
        ingested_at=NOW,
    )
    found = await storage.articles.find_by_words(["armenia", "deal"])
    assert [h.id for h in found] == [titled.article_id, body.article_id]
    assert await storage.articles.find_by_words(["nowhere"]) == []
    assert await storage.articles.find_by_words([]) == []


async def test_text_with_nul_characters_is_stored_without_them(storage: Storage) -> None:
    outcome = await storage.articles.add(
        ParsedArticle("Odd\x00 title", ("Body\x00 text.",)),
        [NewSentence(0, 0, "Body\x00 text.")],
        content_hash="h1",
        ingested_at=NOW,
    )
    article = await storage.articles.get(outcome.article_id)
    assert article is not None and article.title.replace("\x00", "") == "Odd title"


async def test_naive_timestamps_are_refused(storage: Storage) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await storage.articles.add(
            _article(), SENTENCES, content_hash="h1", ingested_at=datetime(2024, 1, 1)
        )


async def test_summaries_are_cached_once_and_only_for_stored_articles(storage: Storage) -> None:
    outcome = await storage.articles.add(_article(), SENTENCES, content_hash="h1", ingested_at=NOW)
    summaries = storage.summaries
    assert await summaries.get(outcome.article_id, algorithm="default", length=1) is None
    await summaries.put(outcome.article_id, algorithm="default", length=1, positions=[1])
    await summaries.put(outcome.article_id, algorithm="default", length=1, positions=[0])
    assert await summaries.get(outcome.article_id, algorithm="default", length=1) == [1]
    await summaries.put(999, algorithm="default", length=1, positions=[0])
    assert await summaries.get(999, algorithm="default", length=1) is None


async def test_speakers_credited_again_are_searched_by_their_new_names(storage: Storage) -> None:
    old = await storage.articles.add(
        _article(), SENTENCES, content_hash="h1", ingested_at=NOW, attribution_version=1
    )
    current = await storage.articles.add(
        _article("Other"), SENTENCES, content_hash="h2", ingested_at=NOW, attribution_version=2
    )
    assert await storage.articles.count_stale_attributions(2) == 1
    [stale] = await storage.articles.stale_attributions(2, limit=10)
    assert stale.article_id == old.article_id and stale.title == "Talks resume"
    assert [s.text for s in stale.sentences] == [s.text for s in SENTENCES]
    first = stale.sentences[0]
    await storage.articles.update_speakers(
        old.article_id,
        [
            SpeakerUpdate(
                first.id, "Nikol Pashinyan", "prime minister", "reported", "nikol pashinyan"
            )
        ],
        version=2,
    )
    assert await storage.articles.count_stale_attributions(2) == 0
    [updated, _] = await storage.articles.sentences(old.article_id)
    assert (updated.speaker, updated.speaker_mode) == ("Nikol Pashinyan", "reported")
    speaker = [TermClause("speaker_terms", ("pashinyan",))]
    hits = await storage.search.sentences(speaker, scope=Scope(), cap=10)
    assert [h.sentence_id for h in hits] == [first.id]
    documents = await storage.search.term_documents("speaker_terms", ["pashinyan", "offici"])
    assert documents == {"pashinyan": 1, "offici": 2}
    assert current.article_id not in {
        a.article_id for a in await storage.articles.stale_attributions(2, limit=10)
    }


async def test_new_articles_are_counted_in_a_window(storage: Storage) -> None:
    for n in range(5):
        await storage.articles.add(
            ParsedArticle(title=f"Story {n}", paragraphs=(f"Body number {n}.",)),
            [NewSentence(0, 0, f"Body number {n}.")],
            content_hash=f"h{n}",
            ingested_at=NOW + timedelta(hours=n),
        )
    count = storage.articles.count_ingested
    assert await count(since=NOW - timedelta(hours=1), until=NOW + timedelta(hours=9)) == 5
    assert await count(since=NOW, until=NOW + timedelta(hours=3)) == 3  # (since, until]
    assert await count(since=NOW + timedelta(hours=4), until=NOW + timedelta(hours=9)) == 0


@pytest.mark.parametrize("number", [0, -1, 2**63, 10**30])
async def test_numbers_no_row_can_have_are_simply_not_found(storage: Storage, number: int) -> None:
    await storage.articles.add(_article(), SENTENCES, content_hash="x", ingested_at=NOW)
    assert await storage.articles.get(number) is None
    assert await storage.articles.sentences(number) == []
    assert await storage.articles.headers([number]) == {}
    assert not await storage.articles.delete(number)
    assert await storage.summaries.get(number, algorithm="default", length=3) is None
    await storage.summaries.put(number, algorithm="default", length=3, positions=[0])
    assert await storage.articles.count() == 1
