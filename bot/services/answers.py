"""Answering questions from the stored articles, for the bot and the command line alike.

"What did Putin say?" is answered from the speaker columns filled at ingestion: the
question's name (or role) picks one person among everyone quoted, never a mix of people
sharing a surname, and shows what that person says, on the topic if one is asked.
"Lachin corridor" is answered from the sentence index, weighing the question's words by
their rarity and reading the articles about its subject; when no sentence covers the
question's names and most of its weight, the answer says so rather than show loosely
related sentences. Each search reads only the newest matches, so the cost stays flat as
the archive grows.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, tzinfo

from bot.nlp.attribution.gender import first_name_gender
from bot.qa.aliases import Concept, Phrase, concepts_of, first_name_variants, tokens_of
from bot.qa.answer import (
    Answer,
    AnswerItem,
    AnswerSentence,
    Headline,
    PersonOption,
    nothing_found_message,
    speaker_label,
)
from bot.qa.compose import needs_antecedent, with_antecedent
from bot.qa.keywords import (
    Evidence,
    Scored,
    Topic,
    WeightedConcept,
    answers_question,
    capital_shares,
    keyword_items,
    name_binding,
    names_among,
    order_key,
    plain_pairs,
    question_concepts,
    score_hit,
    unknown,
    weigh,
    written_in_lower_case,
)
from bot.qa.limits import MAX_ANSWERS
from bot.qa.people import (
    MIN_ROLE_FIT,
    GenderOf,
    Person,
    RoleMention,
    bodies_in,
    capitalised_words,
    choose_person,
    described_person,
    describes,
    is_description,
    named_role_words,
    office_index,
    person_key,
    role_concepts,
    role_mentions,
    role_score,
)
from bot.qa.question import Question, SpeakerQuery, parse_question, speaker_query
from bot.qa.rank import complete_item, dedupe_items, item_of, runs_of, statement_order, stem
from bot.qa.records import Column, Scope, SentenceHit, TermClause, VocabularyTerm
from bot.qa.spelling import MIN_WORD_LENGTH, closest_terms, lookup_variants, surface_form
from bot.storage.interface import QueryRefused, SearchRepository, Storage

log = logging.getLogger(__name__)

# Candidates read per search: enough to rank well, few enough to stay fast.
CANDIDATE_CAP = 200
# Searches for a keyword question stop widening once this many sentences are in hand.
ENOUGH_CANDIDATES = 60
# Articles about the question's subject (named in the title, or in a sentence holding all
# its key words), read whole for their answer.
TITLE_ARTICLES = 6
ARTICLES_READ = 10
# The best sentences by their own words, then scored again with their context.
CONTEXT_CANDIDATES = 60
# Of those, the best whose context lacks a name of the question are read with their article.
ARTICLE_CANDIDATES = 10
# The best sentences of which one must cover the question for it to be answered.
ANSWER_CANDIDATES = 3
MAX_SUGGESTIONS = 3
# Sentences read to tell how the archive writes a word: as a name, or in lower case.
WRITTEN_SAMPLE = 40
MAX_HEADLINES = 3
# Other people a speaker question's name could mean, offered to choose from.
MAX_OTHERS = 4
# People an article names with an asked role whose statements are then looked up.
MAX_ROLE_HOLDERS = 5
# Articles naming a role's body ("cairn energy") read for its office holder, when no
# statement's speaker carries the whole role.
BODY_ARTICLES = 8
# Articles read for the named person a role description ("the foreign secretary") stands for.
DESCRIBED_ARTICLES = 4


class AnswerService:
    def __init__(
        self,
        storage: Storage,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        zone: tzinfo = UTC,
        candidate_cap: int = CANDIDATE_CAP,
        first_name_gender: GenderOf | None = first_name_gender,
    ) -> None:
        self._storage = storage
        self._clock = clock
        self._zone = zone
        self._cap = candidate_cap
        self._first_name_gender = first_name_gender

    def today(self) -> date:
        """The reader's date, for "today" and "last week"."""
        return self._clock().astimezone(self._zone).date()

    async def answer(self, question: str, *, limit: int = 5) -> Answer:
        """Never raises for odd input: an empty result is an Answer that says so."""
        limit = max(1, min(limit, MAX_ANSWERS))
        sections = await self._storage.search.sections()
        parsed = parse_question(question, today=self.today(), sections=sections)
        return await self._answer(parsed, limit)

    async def answer_about(self, question: str, sentence_id: int, *, limit: int = 5) -> Answer:
        """The question again, about the person who says ``sentence_id``: the choice a
        reader makes among several people the question's name could mean."""
        limit = max(1, min(limit, MAX_ANSWERS))
        found = await self._storage.search.sentence_hits([sentence_id])
        sections = await self._storage.search.sections()
        parsed = parse_question(question, today=self.today(), sections=sections)
        if not found or not found[0].speaker:
            return await self._answer(parsed, limit)
        person = found[0].speaker
        speaker = speaker_query(person)
        if speaker is None:
            return await self._answer(parsed, limit)
        if parsed.kind != "speaker":
            parsed = dataclasses.replace(parsed, kind="speaker", keywords=())
        return await self._answer(dataclasses.replace(parsed, speaker=speaker), limit)

    async def _answer(self, parsed: Question, limit: int) -> Answer:
        try:
            if parsed.kind == "speaker" and parsed.speaker is not None:
                return await self._speaker_answer(parsed, parsed.speaker, limit)
            items = await self._keyword_items(parsed, limit)
        except QueryRefused:
            # The query text is built from quoted terms only; should the index still
            # refuse it, the user gets "nothing found" rather than an error.
            log.exception("search failed for %r", parsed.text[:200])
            items = []
        if items:
            return Answer(parsed, tuple(await self._standing_alone(items)))
        return await self._nothing_found(parsed)

    async def _standing_alone(self, items: list[AnswerItem]) -> list[AnswerItem]:
        """Items whose first sentence leans on the one before ("It has argued …", "But
        …") and names no speaker are shown with that sentence."""
        wanted = {item.sentences[0].sentence_id - 1 for item in items if needs_antecedent(item)}
        if not wanted:
            return items
        before = {
            h.sentence_id: h for h in await self._storage.search.sentence_hits(sorted(wanted))
        }
        shown = []
        for item in items:
            hit = before.get(item.sentences[0].sentence_id - 1) if needs_antecedent(item) else None
            if hit is not None and hit.article_id == item.article_id:
                sentence = AnswerSentence(
                    hit.sentence_id, hit.position, hit.text, hit.speaker, hit.speaker_mode
                )
                item = with_antecedent(item, sentence)
            shown.append(item)
        return shown

    async def _speaker_answer(
        self, question: Question, speaker: SpeakerQuery, limit: int
    ) -> Answer:
        """What one person said: the person the question means, never a mix of people
        sharing a name; the others it could mean are named, to be chosen instead."""
        search = self._storage.search
        scope = question.scope
        topic = await self._topic(question)
        if topic is None:
            return await self._nothing_found(question)
        hits: list[SentenceHit] = []
        concepts, named = role_concepts(speaker), named_role_words(speaker)
        for index, clauses in enumerate(_person_searches(speaker)):
            hits += await search.sentences(clauses, scope=scope, cap=self._cap)
            if topic.concepts and index == 0:
                on_topic = [*clauses, _any_of_clause("text", topic.concepts)]
                hits += await search.sentences(on_topic, scope=scope, cap=self._cap)
            if speaker.name:
                if hits:
                    break
                continue
            # A role found as asked needs no wider search (unless the question is about a
            # topic, which another holder may have spoken on); one found at all needs no
            # looser one.
            fit = max((role_score(concepts, h, named) for h in hits), default=0.0)
            if (fit >= 1.0 and not topic.concepts) or (index >= 1 and fit >= MIN_ROLE_FIT):
                break
        mentions: list[RoleMention] = []
        if speaker.role and not speaker.name:
            mentions, more = await self._role_holders(speaker, hits, scope)
            hits += more
        choice = choose_person(
            speaker,
            hits,
            mentions=mentions,
            topic_share=topic.share_of if topic.concepts else None,
            first_name_gender=self._first_name_gender,
        )
        if choice.person is None and speaker.role and not speaker.name:
            # "The cairn energy boss": the statements say "Chief executive Bill Gammell",
            # the article around them names the firm.
            more, bodies = await self._body_holders(speaker, scope)
            if more:
                choice = choose_person(
                    speaker,
                    [*hits, *more],
                    mentions=mentions,
                    topic_share=topic.share_of if topic.concepts else None,
                    first_name_gender=self._first_name_gender,
                    bodies=bodies,
                )
        person = choice.person
        if person is None:
            return await self._nothing_found(question)
        if speaker.role and not speaker.name:
            person = await self._with_descriptions(speaker, person, choice.others)
        statements = await self._statements_of(person, topic, scope)
        runs = [run for run in runs_of(statements) if run[0].speaker]
        # Without a topic every statement of the person answers the question alike.
        scored = [(1.0, run) for run in runs]
        if topic.concepts:
            scored = await self._on_topic(runs, topic)
        scored.sort(key=lambda pair: statement_order(pair[1], pair[0]))
        items: list[AnswerItem] = []
        for share, run in scored:
            item = item_of(run, share, speaker=person.name, role=person.role_on(run[0]))
            items = dedupe_items([*items, item])
            if len(items) >= limit:
                break
        if not items:
            return await self._nothing_found(question)
        completed = []
        articles: dict[int, list] = {}
        for item in items:
            if item.article_id not in articles:
                articles[item.article_id] = await self._storage.articles.sentences(item.article_id)
            completed.append(complete_item(item, articles[item.article_id]))
        return Answer(
            question,
            tuple(completed),
            person=speaker_label(person.name, person.role),
            others=tuple(_option(p) for p in choice.others[:MAX_OTHERS]),
        )

    async def _with_descriptions(
        self, speaker: SpeakerQuery, person: Person, others: Sequence[Person]
    ) -> Person:
        """The named person a role question's chosen description stands for, or the
        chosen person with the descriptions that stand for them: "the lord chancellor has
        said" opens the story that quotes Lord Falconer after."""
        descriptions = [p for p in (person, *others) if is_description(p)]
        articles = list(dict.fromkeys(h.article_id for p in descriptions for h in p.hits))[
            :DESCRIBED_ARTICLES
        ]
        if not articles:
            return person
        by_article: dict[int, list[SentenceHit]] = {}
        for hit in await self._storage.search.article_hits(articles):
            by_article.setdefault(hit.article_id, []).append(hit)
        # Who each description stands for, article by article; a description is the
        # person most of its statements stand for.
        owners: dict[str, dict[tuple[str, ...], Person]] = {}
        for description in descriptions:
            found = owners.setdefault(description.name, {})
            for article in dict.fromkeys(h.article_id for h in description.hits):
                owner = described_person(speaker, description, by_article.get(article, []))
                if owner is None:
                    continue
                if owner.key in found:
                    found[owner.key].hits.extend(h for h in owner.hits if h.article_id == article)
                else:
                    found[owner.key] = owner
        if is_description(person):
            found = owners.get(person.name, {})
            return max(found.values(), key=_described_statements, default=person)
        for description in descriptions:
            owner = owners[description.name].get(person.key)
            if owner is not None:
                person.hits.extend(h for h in owner.hits if is_description_hit(h, description))
        return person

    async def _role_holders(
        self, speaker: SpeakerQuery, hits: list[SentenceHit], scope: Scope
    ) -> tuple[list[RoleMention], list[SentenceHit]]:
        """People the articles name with the asked role ("Everton manager David Moyes"),
        and what they say: a stored role may be shorter than the one the article gives."""
        concepts = role_concepts(speaker)
        named = named_role_words(speaker)
        read: dict[tuple[str, str], list[RoleMention]] = {}
        for hit in hits:
            if (hit.text, hit.title) not in read:
                read[hit.text, hit.title] = role_mentions(hit.text, concepts, named, hit.title)
        mentions = [mention for found in read.values() for mention in found]
        known = {person_key(h.speaker or "") for h in hits}
        wanted = Counter(person_key(m.name) for m in mentions if person_key(m.name) not in known)
        # Searched as the article writes the name: a key holds one usual form of the
        # first name ("Stephen" for "Steve"), which the speaker column may not.
        written = {person_key(m.name): " ".join(tokens_of(m.name)) for m in mentions}
        names = tuple(written[key] for key, _ in wanted.most_common(MAX_ROLE_HOLDERS))
        if not names:
            return mentions, []
        clause = TermClause("speaker_terms", names, 1)
        return mentions, await self._storage.search.sentences([clause], scope=scope, cap=self._cap)

    async def _body_holders(
        self, speaker: SpeakerQuery, scope: Scope
    ) -> tuple[list[SentenceHit], dict[int, frozenset[Phrase]]]:
        """The quoted people of the articles that name the role's body (the words beside
        its office: "cairn energy" of "the cairn energy boss"), and which of those words
        each article writes."""
        concepts = role_concepts(speaker)
        office = office_index(concepts)
        if office is None or len(concepts) < 2:
            return [], {}
        body = [c for index, c in enumerate(concepts) if index != office]
        clauses = [_any_of_clause("text", [c]) for c in body]
        found = await self._storage.search.sentences(clauses, scope=scope, cap=self._cap)
        counts = Counter(hit.article_id for hit in found)
        articles = [article for article, _ in counts.most_common(BODY_ARTICLES)]
        if not articles:
            return [], {}
        hits = await self._storage.search.article_hits(articles)
        texts: dict[int, list[str]] = {}
        names: dict[int, set[str]] = {}
        for hit in hits:
            # A body is a name: written with a capital (Fox the network, not fox hunting).
            texts.setdefault(hit.article_id, [hit.title]).append(capitalised_words(hit.text))
            # Chris Fox quoted in an article does not make it one about Fox (but a body
            # quoted as itself, "Cairn said", is still that body).
            key = person_key(hit.speaker or "")
            names.setdefault(hit.article_id, set()).update(key if len(key) > 1 else ())
        bodies = {
            article: bodies_in(
                concepts,
                " ".join(w for w in tokens_of(" ".join(text)) if w not in names[article]),
            )
            for article, text in texts.items()
        }
        return [hit for hit in hits if hit.speaker], bodies

    async def _on_topic(
        self, runs: list[list[SentenceHit]], topic: Topic
    ) -> list[tuple[float, list[SentenceHit]]]:
        """The statements on the topic, with how much of it each holds: judged on their
        own words and what precedes them, and the most promising also on their article."""
        search = self._storage.search
        contexts = await search.contexts([run[0].sentence_id for run in runs])
        first = sorted(
            ((topic.share(run, contexts.get(run[0].sentence_id, ())), run) for run in runs),
            key=lambda pair: -pair[0][0],
        )
        articles = list(dict.fromkeys(run[0].article_id for _, run in first))[:ARTICLES_READ]
        texts: dict[int, list[str]] = {}
        for hit in await search.article_hits(articles):
            texts.setdefault(hit.article_id, []).append(hit.text)
        found = []
        for (score, held), run in first:
            if run[0].article_id in texts:
                score, held = topic.share(
                    run,
                    contexts.get(run[0].sentence_id, ()),
                    " ".join(texts[run[0].article_id]),
                )
            if held >= topic.enough:
                found.append((score, run))
        return found

    async def _statements_of(self, person: Person, topic: Topic, scope: Scope) -> list[SentenceHit]:
        """Everything the person says within the scope (the newest first, capped), with
        their statements on the topic searched apart so none is missed."""
        search = self._storage.search
        name = _name_clauses(person.key)
        found = list(person.hits)
        found += await search.sentences(name, scope=scope, cap=self._cap)
        if topic.concepts:
            on_topic = [*name, _any_of_clause("text", topic.concepts)]
            found += await search.sentences(on_topic, scope=scope, cap=self._cap)
        keys = {person_key(h.speaker or "") for h in person.hits}
        unique = {h.sentence_id: h for h in found if person_key(h.speaker or "") in keys}
        return sorted(unique.values(), key=lambda h: (h.article_id, h.position))

    async def _topic(self, question: Question) -> Topic | None:
        """What a speaker question is about, weighed; None when its subject is in no
        article (then nobody said anything about it)."""
        words = question.keywords
        if not words:
            return Topic([])
        concepts = concepts_of(words)
        documents = await _stem_documents(self._storage.search, concepts)
        missing = [c for c in concepts if unknown(c, documents)]
        named = {t for name in question.names for t in tokens_of(name)}
        if any(named.intersection(c.asked) for c in missing) or len(missing) * 2 > len(concepts):
            return None
        concepts = [c for c in concepts if c not in missing]
        total = await self._storage.search.sentence_total()
        return Topic(weigh(concepts, documents, total, question.names))

    async def _keyword_items(self, question: Question, limit: int) -> list[AnswerItem]:
        if not question.keywords:
            return []
        search = self._storage.search
        concepts = question_concepts(question.keywords)
        documents = await _stem_documents(search, concepts)
        missing = [c for c in concepts if unknown(c, documents)]
        named = {t for name in question.names for t in tokens_of(name)}
        if missing and (
            len(missing) * 4 >= len(concepts) or any(named.intersection(c.asked) for c in missing)
        ):
            # The question's subject is in no article: matching its other words would
            # only find unrelated sentences.
            return []
        for phrase in question.phrases:
            # A name with a number ("Windows 11", "Euro 2020") is a different thing from
            # its words apart.
            if any(t[0].isdigit() for t in phrase) and not await search.phrase_found(phrase):
                return []
        concepts = [c for c in concepts if c not in missing]
        if not concepts:
            return []
        total = await search.sentence_total()
        weighted = weigh(concepts, documents, total, question.names)
        hits = _one_copy_each(await self._keyword_candidates(question, weighted))
        if not hits:
            return []
        # A question typed in lower case names what the archive writes with capitals, and
        # what it writes right after a name belongs to it ("turner prize").
        shares = capital_shares(concepts, [h.text for h in hits])
        names = question.names | names_among(shares)
        binding = name_binding(question.text, names, shares)
        for phrase in binding.numbered:
            if not await search.phrase_found(phrase):
                return []
        if names != question.names or binding.bound:
            weighted = weigh(concepts, documents, total, names, binding.bound)
        partners = await self._partners(question, names, weighted, documents)
        if names != question.names and not any(ch.isupper() for ch in question.text):
            # Typed all in lower case: the sentences worth scoring are sought again by
            # the names now known, as the capitalised question would have sought them.
            more = await self._keyword_candidates(question, weighted)
            hits = _one_copy_each([*hits, *more])
        evidence = Evidence(weighted)
        asked = question.keywords

        def scored(hit: SentenceHit, context: tuple[str, ...] = (), article: str = "") -> Scored:
            return score_hit(
                hit,
                weighted,
                evidence,
                answer_type=question.answer_type,
                asked=asked,
                phrases=question.phrases,
                context=context,
                article=article,
                counted=question.counted,
                joined=binding.joined,
                partners=partners,
            )

        # Scored on their own words first; the best again with what precedes them, and
        # the very best that still lack a name of the question with their whole article.
        first = sorted((scored(h) for h in hits), key=order_key)[:CONTEXT_CANDIDATES]
        contexts = await search.contexts([s.hit.sentence_id for s in first])
        ranked = sorted(
            (scored(s.hit, contexts.get(s.hit.sentence_id, ())) for s in first), key=order_key
        )
        lacking = {
            s.hit.article_id for s in ranked[:ARTICLE_CANDIDATES] if not s.names_held or s.unpaired
        }
        if lacking:
            texts: dict[int, list[str]] = {}
            for hit in await search.article_hits(sorted(lacking)):
                texts.setdefault(hit.article_id, []).append(hit.text)
            ranked = sorted(
                (
                    scored(
                        s.hit,
                        contexts.get(s.hit.sentence_id, ()),
                        " ".join(texts.get(s.hit.article_id, ())),
                    )
                    if s.hit.article_id in lacking
                    else s
                    for s in ranked
                ),
                key=order_key,
            )
        # The best by score may lean on the kind of fact alone ("a £1.8bn takeover" for
        # "how many quarries"): the question is answered when one of the first is.
        if not any(answers_question(s) for s in ranked[:ANSWER_CANDIDATES]):
            return []
        return keyword_items(ranked, limit=limit)

    async def _partners(
        self,
        question: Question,
        names: frozenset[str],
        weighted: Sequence[WeightedConcept],
        documents: dict[str, int],
    ) -> dict[int, frozenset[int]]:
        """The question's everyday words that name one thing together ("love island
        winners"), by concept index: next to each other in the question, one of them its
        rarest word, and never in one sentence of the archive. An answer holding one of
        them counts it only with the other near."""
        if not weighted:
            return {}
        rarest = max(range(len(weighted)), key=lambda i: weighted[i].weight)
        concepts = [c.concept for c in weighted]
        partners: dict[int, frozenset[int]] = {}
        for pair in plain_pairs(question.text, question.keywords, names):
            first, second = (_concept_index(concepts, word) for word in pair)
            if first is None or second is None or rarest not in (first, second):
                continue
            if await self._never_together(pair, documents):
                partners[first] = partners.get(first, frozenset()) | {second}
                partners[second] = partners.get(second, frozenset()) | {first}
        return partners

    async def _never_together(self, pair: tuple[str, str], documents: dict[str, int]) -> bool:
        """Two words the archive holds, but never side by side nor in one sentence: what
        the question names by them ("love island") is in no article, and sentences holding
        the words apart are about something else."""
        if not all(documents.get(stem(w), 0) for w in pair):
            return False
        search = self._storage.search
        if await search.phrase_found(pair):
            return False
        clauses = [TermClause("text", (w,)) for w in pair]
        if await search.sentences(clauses, scope=Scope(), cap=1):
            return False
        if await search.titled_articles(clauses, scope=Scope(), limit=1):
            return False
        # A name among them ("glasgow concert", "foreverman superhero") is what the
        # question is about, its neighbour a word about it, found wherever it is.
        for word in pair:
            if word[:1].isdigit():
                continue
            found = await search.sentences(
                [TermClause("text", (word,))], scope=Scope(), cap=WRITTEN_SAMPLE
            )
            if not written_in_lower_case(word, [h.text for h in found]):
                return False
        return True

    async def _keyword_candidates(
        self, question: Question, concepts: list[WeightedConcept]
    ) -> list[SentenceHit]:
        """Sentences worth scoring: those holding every concept, else the rarest ones, and
        the sentences of articles whose title names what the question is about."""
        search = self._storage.search
        scope = question.scope
        by_weight = sorted(concepts, key=lambda c: -c.weight)

        def clause(items: list[WeightedConcept]) -> TermClause:
            forms = tuple(dict.fromkeys(" ".join(f) for c in items for f in c.concept.forms))
            return TermClause("text", forms, 1)

        found: dict[int, SentenceHit] = {}

        def keep(hits: list[SentenceHit]) -> None:
            for hit in hits:
                found.setdefault(hit.sentence_id, hit)

        cap = max(1, self._cap // 2)
        keep(await search.sentences([clause([c]) for c in concepts], scope=scope, cap=cap))
        if len(found) < ENOUGH_CANDIDATES and len(concepts) > 2:
            # All the words but one ("grew" is not "grow" to the index).
            asked = tuple(dict.fromkeys(c.concept.words for c in concepts))
            most = TermClause("text", asked, len(asked) - 1)
            keep(await search.sentences([most], scope=scope, cap=cap))
        key = [c for c in by_weight if c.named] or by_weight[: max(1, len(by_weight) // 2)]
        if len(found) < ENOUGH_CANDIDATES and len(key) < len(concepts):
            keep(await search.sentences([clause([c]) for c in key], scope=scope, cap=cap))
        if len(found) < ENOUGH_CANDIDATES and len(concepts) > 1:
            rarest, rest = by_weight[0], by_weight[1:]
            keep(await search.sentences([clause([rarest]), clause(rest)], scope=scope, cap=cap))
        if len(found) < ENOUGH_CANDIDATES:
            keep(await search.sentences([clause(key)], scope=scope, cap=cap))
        # The answer often does not repeat the subject the title or an earlier sentence
        # named ("The awards are held on 26 February"): read the articles about it whole.
        about = await search.titled_articles(
            [clause([c]) for c in key], scope=scope, limit=TITLE_ARTICLES
        )
        if not about and len(key) > 1:
            about = await search.titled_articles(
                [clause([key[0]])], scope=scope, limit=TITLE_ARTICLES
            )
        # Of the articles with a sentence holding the key words, those whose sentence holds
        # most of the question come first ("The Australian gamer … bought the island" before
        # an article saying "Australian" in every other line).
        evidence, whole = Evidence(key), Evidence(concepts)
        holding: dict[int, tuple[float, int]] = {}
        for hit in found.values():
            if len(evidence.held(hit.text)) == len(key):
                share = sum(concepts[i].weight for i in whole.held(hit.text))
                best, count = holding.get(hit.article_id, (0.0, 0))
                holding[hit.article_id] = (max(best, share), count + 1)
        ranked = sorted(holding, key=lambda article: holding[article], reverse=True)
        about = list(dict.fromkeys([*about, *ranked]))
        if about:
            keep(await search.article_hits(about[:ARTICLES_READ]))
        return list(found.values())

    async def _nothing_found(self, question: Question) -> Answer:
        column: Column = "text"
        words: tuple[str, ...] = question.keywords
        if question.speaker is not None:
            column = "speaker_terms"
            words = question.speaker.name or question.speaker.words
        missing: tuple[str, ...] = ()
        if question.speaker is None and words:
            known = await self._storage.search.known_terms("text", words)
            missing = tuple(w for w in words if w not in known)
        suggestions = await self._suggestions(column, missing or words)
        headlines = await self._headlines(tuple(w for w in words if w not in missing))
        return Answer(
            question,
            message=nothing_found_message(question, missing),
            suggestions=tuple(suggestions),
            headlines=tuple(headlines),
        )

    async def _suggestions(self, column: Column, words: tuple[str, ...]) -> list[str]:
        search = self._storage.search
        found: list[str] = []
        for word in words[:6]:
            word = word.lower()
            if len(word) < MIN_WORD_LENGTH or await search.term_documents(column, [word]):
                continue
            near = await search.close_terms(lookup_variants(word))
            documents = await search.term_documents(column, near)
            vocabulary = [VocabularyTerm(t, d) for t, d in documents.items() if d > 0]
            for term in closest_terms(word, vocabulary):
                text = await search.column_text_with(column, term.term)
                spelled = surface_form(term.term, text)
                if spelled not in found and spelled != word:
                    found.append(spelled)
            if len(found) >= MAX_SUGGESTIONS:
                break
        return found[:MAX_SUGGESTIONS]

    async def _headlines(self, words: tuple[str, ...]) -> list[Headline]:
        """Articles that mention the words, else the latest ones: somewhere to go next."""
        search = self._storage.search
        ids = await search.articles_mentioning(words[:8], limit=MAX_HEADLINES)
        if not ids:
            ids = await search.latest_article_ids(limit=MAX_HEADLINES)
        found = await self._storage.articles.headers(ids)
        return [Headline(i, found[i].title, found[i].published) for i in ids if i in found]


def _person_searches(speaker: SpeakerQuery) -> list[list[TermClause]]:
    """How to find the people a speaker question can mean, strictest first: the name as
    asked (a first name in any of its usual forms), else the role words, all of them and
    then the office with any one of the rest."""
    searches: list[list[TermClause]] = []
    if speaker.name:
        tokens = tokens_of(" ".join(speaker.name))
        surname = TermClause("speaker_terms", (tokens[-1],))
        firsts = sorted({v for t in tokens[:-1] for v in first_name_variants(t)})
        # Any of the first names: an article may give one of two ("Carlos Ferrero").
        searches.append(
            [TermClause("speaker_terms", tuple(firsts)), surname] if firsts else [surname]
        )
        if firsts:
            # The others of that surname, to offer instead.
            searches.append([surname])
    concepts = concepts_of(speaker.role)
    if concepts:
        searches.append([_any_of_clause("speaker_terms", [c]) for c in concepts])
        # The role as the sentence writes it beside the name ("said Spurs sporting
        # director Frank Arnesen") when the stored role is shorter.
        searches.append([_any_of_clause("text", [c]) for c in concepts])
        if len(concepts) > 1:
            office, rest = concepts[-1], concepts[:-1]
            for column in ("speaker_terms", "text"):
                searches.append([_any_of_clause(column, [office]), _any_of_clause(column, rest)])
    return searches


async def _stem_documents(search: SearchRepository, concepts: Sequence[Concept]) -> dict[str, int]:
    """How many sentences hold each of the concepts' words, keyed by the word's stem.

    The storage stems a term as a query word, and the stemmer does not leave a stem alone
    ("conversion" is indexed as "convers", which it stems again to "conver"): the words
    are asked as written.
    """
    words = sorted({t for c in concepts for form in c.forms for t in form})
    found = await search.term_documents("text", words)
    documents: dict[str, int] = {}
    for word, count in found.items():
        key = stem(word)
        documents[key] = max(documents.get(key, 0), count)
    return documents


def _concept_index(concepts: Sequence[Concept], word: str) -> int | None:
    """Where the concept asked as ``word`` stands among the question's concepts."""
    return next((i for i, c in enumerate(concepts) if c.asked == (word,)), None)


def _one_copy_each(hits: Sequence[SentenceHit]) -> list[SentenceHit]:
    """A sentence stored in several copies of a story (filed again, or syndicated) is
    scored once, as its newest copy: an answer shows it once anyway."""
    newest: dict[str, SentenceHit] = {}
    for hit in hits:
        key = " ".join(hit.text.split())
        kept = newest.get(key)
        if kept is None or (hit.day, hit.article_id) > (kept.day, kept.article_id):
            newest[key] = hit
    return list(newest.values())


def _name_clauses(key: Sequence[str]) -> list[TermClause]:
    """A person's name in the speaker column: the surname, and each first name in any of
    its usual forms."""
    clauses = [TermClause("speaker_terms", tuple(sorted(first_name_variants(t)))) for t in key[:-1]]
    return [*clauses, TermClause("speaker_terms", (key[-1],))] if key else clauses


def _any_of_clause(column: Column, concepts: Sequence[Concept | WeightedConcept]) -> TermClause:
    """Any form of any of the concepts, each form matched as a phrase."""
    forms = tuple(
        dict.fromkeys(
            " ".join(form)
            for c in concepts
            for form in (c.concept.forms if isinstance(c, WeightedConcept) else c.forms)
        )
    )
    return TermClause(column, forms, 1)


def _described_statements(owner: Person) -> int:
    """How many statements of a description a named person stands for."""
    return sum(1 for h in owner.hits if describes(h.speaker or ""))


def is_description_hit(hit: SentenceHit, description: Person) -> bool:
    return person_key(hit.speaker or "") == description.key


def _option(person: Person) -> PersonOption:
    return PersonOption(person.name, person.role, person.statements, person.hits[0].sentence_id)
