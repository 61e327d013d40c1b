"""The facade every face (API, UI, CLI) calls, and ``build_assistant``: the one place the parts are wired together."""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from .answering import ExtractiveAnswerer, QType, ResolvedQuery, analyse, note_sources
from .answering.abstain import is_gap
from .answering.charts import ChartStore
from .answering.query import asks_ranking, asks_which, asks_who, asks_why, named_alone, part_texts, without_exclusions
from .cache import AnswerCache
from .chunking import Chunker
from .corpus import CheckReport, check_corpus
from .embeddings import SentenceEmbedder, model_identity
from .errors import BadRequestError, IndexEmptyError
from .figures import month_years
from .ingest import Ingestor, IngestReport
from .inputs import clean_text
from .lexicon import GENERIC, expand_aliases, mentions, symbols_spelled, title_country, title_possessors
from .llm import LLMAnswerer, LLMError, answer_deltas, build_llm
from .retrieval import HybridRetriever, Mode, matches
from .settings import Settings
from .store import ChromaStore
from .text import plain_question, shouted, split_sentences
from .types import Answer, Filters, Hit, Turn
from .verify import Passage, Verifier

log = logging.getLogger(__name__)


class Assistant:
    """Answers questions from the indexed corpus, with citations.

    >>> assistant = build_assistant(Settings())                      # doctest: +SKIP
    >>> assistant.ingest()                                           # doctest: +SKIP
    >>> print(assistant.ask("Which licences did China require for gallium exports?").text)  # doctest: +SKIP
    """

    def __init__(self, settings: Settings, store: ChromaStore, chunker: Chunker, *,
                 llm: LLMAnswerer | None = None, embedder: SentenceEmbedder | None = None) -> None:
        self.settings = settings
        self.store = store
        self.chunker = chunker
        self.llm = llm  # None: extractive answers only
        self.verifier = llm.verifier if llm is not None else Verifier(self._embed_texts)
        self._embedder: SentenceEmbedder | None = embedder  # None: loaded on first use
        self._retriever: HybridRetriever | None = None
        self._answerer: ExtractiveAnswerer | None = None
        self._answerer_lexical: object | None = None
        self._lock = threading.Lock()
        self.answers = AnswerCache(settings.answer_cache_size)
        self._document_count: tuple[object, int] = (None, 0)
        self._titled: tuple[object, dict[str, dict[str, list[str]]], dict[str, list[str]]] = (None, {}, {})
        # a query's embedding, remembered for the parts of a question that are embedded twice (search, scoring)
        self._embed_cached = functools.lru_cache(maxsize=256)(lambda text: self.embedder.embed_query(text))
        self.charts = ChartStore()  # the charts of recent answers, drawn on request by GET /api/chart/{id}.png

    # -- lazily built parts -------------------------------------------------------------------------------------
    @property
    def embedder(self) -> SentenceEmbedder:
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = self._configure(SentenceEmbedder(self.settings.embedding_model,
                                                                      batch_size=self.settings.embedding_batch_size))
        return self._embedder

    def _configure(self, embedder: SentenceEmbedder) -> SentenceEmbedder:
        """The query encoder the settings ask for (ONNX falls back to torch when it cannot be had)."""
        if self.settings.query_encoder != "torch":
            embedder.prefer_onnx_for_queries(self.settings.index_dir / "onnx",
                                             threads=max(1, self.settings.serve_threads),
                                             required=self.settings.query_encoder == "onnx")
        return embedder

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            embedder = self.embedder
            with self._lock:
                if self._retriever is None:
                    s = self.settings
                    self._retriever = HybridRetriever(
                        self.store, embedder, fusion=s.fusion, rrf_k=s.rrf_k, dense_weight=s.dense_weight,
                        candidates=s.candidates, top_k=s.top_k, max_per_doc=s.max_chunks_per_doc,
                        bm25_k1=s.bm25_k1, bm25_b=s.bm25_b, prf_docs=s.prf_docs, prf_terms=s.prf_terms,
                        prf_lexical_weight=s.prf_lexical_weight, prf_dense_weight=s.prf_dense_weight,
                        fusion_unit=s.fusion_unit)
        return self._retriever

    @property
    def answerer(self) -> ExtractiveAnswerer:
        retriever = self.retriever
        lexical = retriever.lexical
        if self._answerer is None or self._answerer_lexical is not lexical:  # the BM25 index was rebuilt
            self._answerer_lexical = lexical
            self._answerer = ExtractiveAnswerer(
                self.settings.answer, tokens=lexical.tokens, idf=lexical.idf, in_vocabulary=lexical.in_vocabulary,
                embed=self._embed_cached)
        return self._answerer

    def warm_up(self) -> None:
        """Load the model and the index, and run one query, so the first user does not wait."""
        self.retriever.refresh(force=True)
        if self.retriever.size:
            self.ask_extractive("rare earth export controls")  # never spends an LLM call
            _ = self.retriever.names  # read once here rather than by the first "what about acme metals?"

    @property
    def ready(self) -> bool:
        return self._retriever is not None

    # -- ingest and corpus ----------------------------------------------------------------------------------------
    def ingest(self, paths: list[Path] | None = None, *, rebuild: bool = False, progress: bool = True) -> IngestReport:
        if rebuild:
            self.store.drop()
        ingestor = Ingestor(self.store, lambda: self.embedder, self.chunker, progress=progress,
                            max_file_bytes=int(self.settings.max_file_mb * 1024 * 1024),
                            group=self.settings.ingest_batch,
                            kill_after_writes=self.settings.ingest_kill_after_writes)
        report = ingestor.run(paths or [self.settings.corpus_dir])
        if self._retriever is not None:
            self._retriever.refresh(force=True)
        return report

    def check_corpus(self, directory: Path | None = None) -> CheckReport:
        return check_corpus(directory or self.settings.corpus_dir)

    def sources(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        """The indexed documents with their metadata (those with a passage that ``filters`` admits)."""
        retriever = self.retriever
        retriever.refresh()
        docs: dict[str, dict[str, Any]] = {}
        for meta in retriever.metas:
            if filters is not None and not matches(meta, filters):
                continue
            doc_id = str(meta.get("doc_id", ""))
            entry = docs.get(doc_id)
            if entry is None:
                entry = docs[doc_id] = {
                    "doc_id": doc_id, "title": meta.get("title", ""), "kind": meta.get("kind", ""),
                    "authority": meta.get("authority", ""), "summary": meta.get("summary", ""),
                    "published": meta.get("published", ""), "as_of": meta.get("as_of", ""),
                    "minerals": [m for m in str(meta.get("minerals", "")).split("|") if m],
                    "countries": [c for c in str(meta.get("countries", "")).split("|") if c],
                    "topics": [t for t in str(meta.get("topics", "")).split("|") if t],
                    "sources": note_sources(meta), "path": meta.get("path", ""),
                    "passages": 0,
                }
            entry["passages"] += 1
        return sorted(docs.values(), key=lambda d: d["doc_id"])

    def search(self, query: str, filters: Filters | None = None, *, k: int = 5) -> list[dict[str, Any]]:
        """The passages that best match ``query`` (hybrid retrieval, no answer composed), each with its note's
        metadata and sources: for a client that wants to read the evidence itself."""
        query = self.validate(query, None)
        if not 1 <= k <= 50:
            raise BadRequestError(f"k={k} is out of range; ask for 1 to 50 passages")
        retriever = self.retriever
        if retriever.size == 0:
            raise IndexEmptyError("the index is empty; run `assistant ingest` first")
        query = retriever.names.with_acronyms_written_out(query)
        hits = retriever.retrieve(expand_aliases(query), filters, k=k,
                                  query_vector=self.embedder.embed_query(query))
        return [{"rank": rank, "doc_id": h.doc_id, "title": h.metadata.get("title", ""),
                 "heading": h.metadata.get("heading", ""), "text": h.text, "score": round(float(h.score), 4),
                 "kind": h.metadata.get("kind", ""), "authority": h.metadata.get("authority", ""),
                 "published": h.metadata.get("published", ""), "as_of": h.metadata.get("as_of", ""),
                 "sources": note_sources(h.metadata)} for rank, h in enumerate(hits, start=1)]

    def note(self, doc_id: str) -> dict[str, Any]:
        """One indexed note: its metadata and its Markdown with the front matter, as the curator wrote it (rebuilt
        from the indexed passages when the file is no longer where it was ingested from)."""
        entry = next((d for d in self.sources() if d["doc_id"] == doc_id), None)
        if entry is None:
            raise BadRequestError(f"no indexed note has the id {doc_id!r}; list the ids with /api/sources")
        path = Path(str(entry.get("path", "")))
        try:
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
        except OSError:
            text = ""
        if not text:
            retriever = self.retriever
            parts = sorted((int(m.get("position", 0)), m.get("heading", ""), t)
                           for t, m in zip(retriever.texts, retriever.metas, strict=True)
                           if m.get("doc_id") == doc_id)
            text = "\n\n".join(f"## {heading}\n\n{body}" if heading else body for _, heading, body in parts)
        return {**entry, "markdown": text}

    # -- questions --------------------------------------------------------------------------------------------------
    def validate(self, question: str, history: list[Turn] | None) -> str:
        """The question, stripped, when it and the history are acceptable text; else a BadRequestError saying why."""
        if not isinstance(question, str) or not question.strip():
            raise BadRequestError("the question is empty; type a question")
        if len(question) > self.settings.max_question_chars:
            raise BadRequestError(f"the question has {len(question)} characters; the limit is "
                                  f"{self.settings.max_question_chars}, so shorten it")
        question = clean_text(question, "the question")
        if history and len(history) > 50:
            raise BadRequestError(f"the history has {len(history)} turns; send at most the last 50")
        for i, turn in enumerate(history or []):  # a Turn built without validation (model_construct) still fails here
            clean_text(turn.content, f"history turn {i}")
        return " ".join(question.split())  # runs of spaces and line breaks carry no meaning: one question, one key

    def ask(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None, *,
            mode: Mode = "hybrid", k: int | None = None, use_cache: bool = True) -> Answer:
        """Answer a question (with the conversation so far and optional filters): by the LLM when one is configured,
        verified sentence by sentence, else (or when it fails) extractively. A repeat comes from the answer cache
        (``use_cache=False``, as eval runs do, composes it again)."""
        started = time.perf_counter()
        key = None
        resolved = None
        if use_cache and self.answers.size:
            question = self.validate(question, history)
            resolved = self.analyse(question, history)
            key = self._cache_key(resolved, history, filters, mode, k)
            cached = self.answers.get(key)
            if cached is not None:
                self.charts.keep(cached.blocks)  # its charts stay drawable while the answer is served
                cached.timings_ms["total"] = (time.perf_counter() - started) * 1000
                return cached
        answer: Answer | None = None
        if self.llm is None:
            answer = self.ask_extractive(question, history, filters, mode=mode, k=k, resolved=resolved)
        else:
            for event in self._llm_events(question, history, filters, mode=mode, k=k):
                if event["event"] == "done":
                    answer = event["answer"]
        assert answer is not None
        if key is not None and not answer.notice:  # a fallback after a failure is not worth keeping
            self.answers.put(key, answer)
        return answer

    def _cache_key(self, resolved: ResolvedQuery, history: list[Turn] | None, filters: Filters | None, mode: Mode,
                   k: int | None) -> tuple[object, ...]:
        """Everything an answer depends on. The extractive path reads the conversation only through the analysis;
        an LLM condenses the whole conversation, so then the turns themselves are part of the key."""
        retriever = self.retriever
        retriever.refresh()  # the generation of the index this process answers from
        turns = tuple((t.role, " ".join(t.content.split())) for t in history or ()) if self.llm is not None else ()
        scope = filters.model_dump_json(exclude_none=True) if filters is not None and not filters.is_empty() else ""
        return (repr(resolved), turns, scope, mode, k, retriever.generation)

    def _embed_texts(self, texts: list[str]) -> Any:
        return self.embedder.encode(texts)

    def _llm_events(self, question: str, history: list[Turn] | None, filters: Filters | None, *,
                    mode: Mode = "hybrid", k: int | None = None) -> Iterator[dict[str, Any]]:
        """Condense the conversation (by the LLM, else by rules), retrieve, then generate and verify."""
        assert self.llm is not None
        started = time.perf_counter()
        question = self.validate(question, history)
        query = None
        condense_ms = 0.0
        if history:
            mark = time.perf_counter()
            try:
                query = self.llm.generator.condense(question, history, max_chars=self.settings.max_question_chars)
            except LLMError as err:  # the rule-based resolver is the fallback
                log.warning("condensing the conversation failed, using rules: %s", err)
            condense_ms = (time.perf_counter() - mark) * 1000
        resolved = self.analyse(question, history, query=query).text
        fallback = self.ask_extractive(question, history, filters, mode=mode, k=k, query=resolved)
        fallback.timings_ms["condense"] = condense_ms
        if fallback.abstained:  # no evidence: the LLM would have nothing to cite
            yield from answer_deltas(fallback)
            yield {"event": "done", "answer": fallback}
            return
        hits = fallback.passages[:self.settings.llm_max_passages]
        ids = [f"{h.chunk_id}:{i}" for h in hits for i in range(int(h.metadata.get("n_sentences", 0)))]
        stored = self.store.get_sentences(ids)
        numbered = []
        for hit in hits:
            records = [stored[f"{hit.chunk_id}:{i}"] for i in range(int(hit.metadata.get("n_sentences", 0)))
                       if f"{hit.chunk_id}:{i}" in stored]
            sentences = [str(r[0]) for r in records]
            vectors = np.asarray([r[1] for r in records], dtype=np.float32) if records else None
            context = " ".join([str(hit.metadata.get("title", "")), str(hit.metadata.get("heading", "")),
                                str(hit.metadata.get("sources_json", ""))])
            numbered.append((hit, Passage(hit.text, sentences, context=context, vectors=vectors)))
        for event in self.llm.run(resolved, numbered, fallback=fallback):
            if event["event"] == "done":
                event["answer"].timings_ms["total"] = (time.perf_counter() - started) * 1000
            yield event

    def analyse(self, question: str, history: list[Turn] | None = None, *, query: str | None = None) -> ResolvedQuery:
        """The one analysis of a question; ``query`` (a standalone rewrite, e.g. by an LLM) replaces the rules'."""
        # (typed as the notes write it: "Acme’s" is read as "Acme's", "Hi, why ...?? Thanks!" as "why ...?"; a question
        # typed all in capitals is read as if typed in lower case, its capitals marking no names)
        def plainly(text: str) -> str:
            text = plain_question(text)
            return text.lower() if shouted(text) else text

        question = plainly(question)
        if history:
            history = [Turn(role=t.role, content=plainly(t.content)) if t.role == "user" else t for t in history]
        typed, turns = question, history
        if self.retriever.size:
            # "the Commerce Dept": a contraction as the word the corpus uses ("Department"); "data center" as the
            # corpus spells it ("data centre"); "galium" as the mineral it misspells ("gallium")
            lexical = self.retriever.lexical

            def spell(text: str) -> str:
                # (and an everyday word opening a sentence, "Back in 2031, ...", is no name: in lower case, as the
                # notes write it)
                text = lexical.expand_contractions(lexical.british_spellings(lexical.corrected_names(
                    symbols_spelled(text))))
                return self.retriever.names.sentence_case(text)

            typed = spell(typed)
            turns = [Turn(role=t.role, content=spell(t.content)) if t.role == "user" else t
                     for t in turns] if turns else turns
        if history and self.retriever.size:
            # "what about bolt, how much did the ministry give them?" after "how much has acme metals received?":
            # names typed in lower case, in the follow-up and the questions before it, as the corpus writes them
            # (one everyday word is left as typed: "how big are ...?" though the corpus writes only "Big Tech")
            def restore(text: str) -> str:
                return self.retriever.names.restore_in(text, self.embedder.common_word)

            typed = restore(typed)
            turns = [Turn(role=t.role, content=restore(t.content)) if t.role == "user" else t for t in turns or []]
        resolved = analyse(typed, turns)
        resolved.question = question
        alone = named_alone(question) if history and "context" in resolved.from_history else None
        if alone and alone.islower() and self.retriever.size and (name := self.retriever.names.restore(alone)):
            # "what about acme metals?": a name typed in lower case, as the corpus writes it, takes its slot
            resolved = analyse(question.replace(alone, name, 1), history)
            resolved.question = question
        if query and query.strip() != resolved.text:
            rewritten = analyse(query)
            rewritten.question = question
            rewritten.from_history = resolved.from_history or ({"context": "condensed"} if history else {})
            return rewritten
        if resolved.alternatives and self.retriever.size:
            resolved = max([resolved, *resolved.alternatives], key=self._support)
        return resolved

    def _support(self, reading: ResolvedQuery) -> float:
        """How well the corpus answers one reading of a question: the best cosine of its nearest passages that name
        all its countries, minerals and organisations but the corpus-wide group words (a reading whose names no
        passage holds together scores nothing)."""
        names = [n for n in reading.names("country", "mineral", "organisation") if n not in GENERIC]
        vector = self._embed_cached(reading.text)
        retriever = self.retriever  # a passage is read with its note's title and heading ("China's exports": rows)
        return max((score for cid, score in retriever.dense(vector, None, self.settings.answer.reading_top_k)
                    if cid in retriever.position
                    and all(mentions(retriever.lexical_texts[retriever.position[cid]], n) for n in names)),
                   default=0.0)

    def ask_extractive(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None, *,
                       mode: Mode = "hybrid", k: int | None = None, query: str | None = None,
                       resolved: ResolvedQuery | None = None) -> Answer:
        """The extractive answer: sentences of the sources, each cited. ``query`` replaces follow-up resolution;
        ``resolved`` is the question's analysis when the caller made it already."""
        started = time.perf_counter()
        question = self.validate(question, history)
        timings: dict[str, float] = {}
        mark = time.perf_counter()
        if resolved is None or query is not None:
            resolved = self.analyse(question, history, query=query)
        query = resolved.text
        timings["resolve"] = (time.perf_counter() - mark) * 1000
        retriever = self.retriever
        if retriever.size == 0:
            raise IndexEmptyError("the index is empty; run `assistant ingest` first")
        mark = time.perf_counter()
        own_words = without_exclusions(query)  # "outside China": not searched for
        # (an acronym the notes only ever write out in full is searched for as they write it)
        search = retriever.names.with_acronyms_written_out(own_words)
        vector = self.embedder.embed_query(search)
        timings["embed"] = (time.perf_counter() - mark) * 1000
        mark = time.perf_counter()
        lexical_query = expand_aliases(search)
        broad = resolved.qtype is not QType.FACTOID and k is None
        hits = retriever.retrieve(lexical_query, filters, k=self.settings.answer.broad_top_k if broad else k,
                                  mode=mode, query_vector=vector,
                                  max_per_doc=self.settings.answer.broad_per_doc if broad else None,
                                  lead_extra=0 if broad else self.settings.answer.lead_extra_passages)
        if broad:
            hits = self._about_country(resolved, hits, lexical_query, filters, mode, vector)
            hits = self._titled_on_first_country(resolved, hits, lexical_query, filters, mode, vector)
        hits = self._searched_too(resolved, hits, filters, mode)
        if resolved.qtype is QType.TREND:  # a series needs a table: the best data notes', when none ranked
            if not any(h.metadata.get("kind") == "data-note" and "|" in h.text for h in hits):
                hits = hits + self._more(hits, lexical_query, filters, {"kind": ["data-note"]}, k=3, max_per_doc=1,
                                         mode=mode, vector=vector)
            hits = self._expand(hits, lambda h: h.metadata.get("kind") == "data-note", whole_note=True, limit=1)
        elif broad:  # the notes ranked best (an explainer, one package or programme) may frame the answer: all their
            # sections are candidates
            hits = self._expand(hits, lambda h: h.metadata.get("kind") == "explainer", whole_note=True, among=5)
            if resolved.qtype is QType.LIST and resolved.asks_for in ("country", "mineral"):
                # "which countries hold the most ...?": the best data note's tables, whose rows may rank them (one
                # asking which lead by an amount needs such a table, so the best data note wherever it ranked)
                hits = self._expand(hits, lambda h: h.metadata.get("kind") == "data-note", whole_note=True, limit=1,
                                    among=None if asks_ranking(resolved.focus) else 5)
            hits = self._expand(hits, lambda h: h.metadata.get("kind") not in ("explainer", "data-note"),
                                whole_note=True, limit=1, among=5)
            # "why is the deadline hard to meet?": the sections of the best-ranked notes headed as the answer to
            # that why ("Why the 2031 deadline is demanding"), though the passages per note left them out
            hits = self._why_headed(resolved, hits)
            if resolved.qtype is QType.COMPARISON:  # "compare their tin output and reserves": each amount asked
                # may have its own table in the best data note, and a side-by-side row of each is the comparison
                hits = self._tables_headed(resolved, hits)
            # the one note whose title holds the question's own word is about what is asked, wherever it ranked
            # ("how is Ruritania stockpiling tin?": the note on Ruritania's stockpiles): all of it
            titled = self.answerer.planner.titled_on_asked(
                {h.doc_id: str(h.metadata.get("title", "")) for h in hits}, resolved)
            if titled is not None:
                hits = self._expand(hits, lambda h: h.doc_id == titled, whole_note=True, limit=1)
            # a note titled with the month asked is about that very event (not the month of an event that opens the
            # window: "what followed after the May 2030 ban?")
            months = month_years(resolved.event_free or resolved.focus)
            if months:
                hits = self._expand(hits, lambda h: bool(months & month_years(str(h.metadata.get("title", "")))),
                                    whole_note=True, limit=1)
        elif resolved.dated or month_years(resolved.focus):  # a year's or a month's figure: the rest of the best
            # data note, whose tables' rows may give it though the two passages per note left them out ("and in
            # 2031?" after a question on 2033; a later month's row often gives the month a year before: "+32%
            # (December 2029: 3,100)")
            hits = self._expand(hits, lambda h: h.metadata.get("kind") == "data-note", whole_note=True, limit=1,
                                among=5)
            if asks_who(resolved.focus):  # "which minister flew to Oslo in May 2031?": as below
                hits = self._on_named(resolved, hits)
        else:  # a figure a data note tabulates ("how big are Ruritania's tin reserves?"): the note's tables headed
            # with the question's own word, though the two passages per note left them out
            hits = self._tables_headed(resolved, hits)
            if asks_who(resolved.focus):
                hits = self._on_named(resolved, hits)
            if "context" in resolved.from_history:  # "who flew to Oslo to sell it?" after a question on a plan: a
                # new question on the same thing, which the rest of the note best ranked may answer
                hits = self._expand(hits, lambda h: h.metadata.get("kind") != "data-note", whole_note=True, limit=1,
                                    among=3)
        if resolved.qtype is QType.FACTOID and asks_which(resolved.focus):
            hits = self._headed_asked(resolved, hits)
        if resolved.qtype is QType.FACTOID:
            hits = self._gaps_of_best(hits)
        timings["retrieve"] = (time.perf_counter() - mark) * 1000

        mark = time.perf_counter()
        ids = [f"{h.chunk_id}:{i}" for h in hits for i in range(int(h.metadata.get("n_sentences", 0)))]
        sentences = self.store.get_sentences(ids)
        timings["evidence"] = (time.perf_counter() - mark) * 1000
        mark = time.perf_counter()
        documents = self._documents(retriever)
        shown = query[:1].upper() + query[1:]  # (as a sentence, though an everyday opening word is read in lower case)
        searched = f'{retriever.size} passages from {documents} documents for "{shown}"'
        if filters is not None and not filters.is_empty():
            searched += f" with filters {filters.describe()}"
        # (each sentence is weighed by the question's own words: an acronym counts as one word, held by a sentence
        # writing it out, not as the four or five words of its full name)
        answer = self.answerer.compose(resolved, hits, sentences, vector, searched=searched,
                                       lexical_query=own_words)
        timings["compose"] = (time.perf_counter() - mark) * 1000
        timings["total"] = (time.perf_counter() - started) * 1000
        answer.timings_ms = timings
        answer.retrieved = list(dict.fromkeys(h.doc_id for h in hits))
        answer.passages = hits
        answer.unsupported = self.verifier.unsupported_in(answer)  # quotes of its own citations: passes at once
        self.charts.keep(answer.blocks)
        return answer

    def _on_named(self, resolved: ResolvedQuery, hits: list[Hit]) -> list[Hit]:
        """"Who chairs the council overseeing Decree 9?": the person is named in some section of the note on what the
        question names (of the first five, titled with one of its names), maybe not among its two best passages."""
        named = [n for n in resolved.names() if n not in GENERIC]
        return self._expand(hits, lambda h: h.metadata.get("kind") != "data-note" and any(
            mentions(str(h.metadata.get("title", "")), n) for n in named), whole_note=True, limit=1, among=5)

    def _gaps_of_best(self, hits: list[Hit]) -> list[Hit]:
        """The hits, then the passages of the best-ranked note (of the first three, not a data note) that say where
        the public record stops ("no public source named the buyer"), though the passages per note left them out:
        such a statement settles a question on what it says is missing."""
        best = next((h.doc_id for h in hits[:3] if h.metadata.get("kind") != "data-note"), None)
        if best is None:
            return hits
        return hits + self._note_passages(hits, best, lambda s: any(is_gap(x) for x in split_sentences(s.text)))

    def _why_headed(self, resolved: ResolvedQuery, hits: list[Hit]) -> list[Hit]:
        """The hits, then the passages of the first five notes ranked whose headings answer the why the question
        asks (``FramingPlan.why_headed``)."""
        if not asks_why(resolved.focus):  # (no heading answers a question that asks no why)
            return hits
        planner = self.answerer.planner
        docs = list(dict.fromkeys(h.doc_id for h in hits))[:5]
        return hits + [s for doc in docs for s in self._note_passages(
            hits, doc, lambda s: planner.why_headed(str(s.metadata.get("heading", "")), resolved))]

    def _note_passages(self, hits: list[Hit], doc: str, keep: Callable[[Hit], bool]) -> list[Hit]:
        """The passages of a note among the hits that are not hits themselves and that ``keep`` keeps."""
        seen = {h.chunk_id for h in hits}
        first = next(h for h in hits if h.doc_id == doc)
        return [s for s in self.retriever.section(first, whole_note=True) if s.chunk_id not in seen and keep(s)]

    def _tables_headed(self, resolved: ResolvedQuery, hits: list[Hit]) -> list[Hit]:
        """The hits, then the tables of the best-ranked data note (among the first five) whose headings the
        question asks for (``FramingPlan.headed_on_asked``)."""
        planner = self.answerer.planner
        # (of the data notes among the first five, the best-ranked one holding such a table)
        for best in dict.fromkeys(h.doc_id for h in hits[:5] if h.metadata.get("kind") == "data-note"):
            tables = self._note_passages(hits, best, lambda s: "|" in s.text and planner.headed_on_asked(
                str(s.metadata.get("heading", "")), resolved))
            if tables:
                return hits + tables
        return hits

    def _documents(self, retriever: HybridRetriever) -> int:
        """How many documents the index holds (counted once per index generation, not per question)."""
        key = (retriever.generation, retriever.size)
        if self._document_count[0] != key:
            self._document_count = (key, len({m.get("doc_id") for m in retriever.metas}))
        return self._document_count[1]

    def _about_country(self, resolved: ResolvedQuery, hits: list[Hit], query: str, filters: Filters | None,
                       mode: Mode, vector: list[float]) -> list[Hit]:
        """A broad question about a country ("what is Ruritania doing about ...?") whose best passages are mostly
        from notes about other countries: add the best passages of the notes whose front matter lists it."""
        country = resolved.first_named("country")
        if country is None or (filters is not None and filters.countries):
            return hits
        about = sum(1 for h in hits[:5] if country in str(h.metadata.get("countries", "")).split("|"))
        if about >= 2:
            return hits
        extra = self._more(hits, query, filters, {"countries": [country]}, k=6, max_per_doc=2, mode=mode,
                           vector=vector)
        # interleaved, so that rank alone does not put the notes about the country behind the others
        merged: list[Hit] = []
        for i in range(max(len(hits), len(extra))):
            merged += hits[i:i + 1] + extra[i:i + 1]
        return merged

    def _titled_on_first_country(self, resolved: ResolvedQuery, hits: list[Hit], query: str, filters: Filters | None,
                                 mode: Mode, vector: list[float]) -> list[Hit]:
        """A list question asking what one country did about another ("how has Ruritania answered Freedonia's tin
        ban?", ``ResolvedQuery.deeds_of``), or a broad question whose verb has a country as its subject ("how is
        Ruritania cutting its need for tin?", ``ResolvedQuery.subject_country``): the whole note of the best
        explainer whose title opens on that country, else (no explainer is) of the best note that is no data note,
        found apart when retrieval ranked none (it favours other countries' notes when the question's words are
        about what they did, or about the corpus's common themes)."""
        first = resolved.acting_country
        if first is None or (filters is not None and filters.countries):
            return hits
        opening, owning = self._titled_on()
        by_kind = opening.get(first, {})
        titled = by_kind.get("explainer") or [d for kind, docs in by_kind.items() if kind != "data-note"
                                              for d in docs] or owning.get(first, [])
        if not titled:
            return hits
        extra = [] if any(h.doc_id in titled for h in hits) else self._more(
            hits, query, filters, {"doc_id": titled}, k=1, mode=mode, vector=vector)
        best = next((h.doc_id for h in hits + extra if h.doc_id in titled), None)
        # (all of it: its opening may frame the answer)
        return self._expand(hits + extra, lambda h: h.doc_id == best, whole_note=True, limit=1)

    def _titled_on(self) -> tuple[dict[str, dict[str, list[str]]], dict[str, list[str]]]:
        """The notes by the country their titles open on, by kind; and the notes (no data notes) by the countries
        their titles name as owners ("... and Ruritania's tin alliance", ``title_possessors``). Read once per index
        generation."""
        retriever = self.retriever
        key = (retriever.generation, retriever.size)
        if self._titled[0] != key:
            titled: dict[str, dict[str, list[str]]] = {}
            owned: dict[str, list[str]] = {}
            for meta in retriever.metas:
                title, doc = str(meta.get("title", "")), str(meta.get("doc_id", ""))
                country = title_country(title)
                if country is not None:
                    docs = titled.setdefault(country, {}).setdefault(str(meta.get("kind", "")), [])
                    if doc not in docs:
                        docs.append(doc)
                for owner_country in title_possessors(title) if meta.get("kind") != "data-note" else ():
                    if doc not in owned.setdefault(owner_country, []):
                        owned[owner_country].append(doc)
            self._titled = (key, titled, owned)
        return self._titled[1], self._titled[2]

    def _headed_asked(self, resolved: ResolvedQuery, hits: list[Hit]) -> list[Hit]:
        """For a factoid asking which one of a kind ("under which law ...?"), when no passage retrieved uses the
        kind's word: the rest of the best-ranked prose note, whose other sections may name it."""
        gate = self.answerer.gate
        asked = gate.known_tokens(gate.head_words(resolved))
        if not asked or any(asked & set(gate.tokens(h.text)) for h in hits):
            return hits
        return self._expand(hits, lambda h: h.metadata.get("kind") != "data-note", whole_note=True, limit=1,
                            among=5)

    def _searched_too(self, resolved: ResolvedQuery, hits: list[Hit], filters: Filters | None,
                      mode: Mode) -> list[Hit]:
        """The best passages for readings of the question that its whole embedding underserves: each part of a
        compound question ("how long do X permits take, and what fund did Y set up?": the whole leans to one part),
        and an explanation or a list without the dated event that opens its window ("what followed for carmakers
        after Acme began licensing exports in May 2030?": the event's words pull the search to the event itself)."""
        if resolved.context or not self.settings.answer.part_top_k:
            return hits
        texts = [*part_texts(resolved)] if len(resolved.parts) >= 2 else []
        if resolved.event_free:
            texts.append(resolved.event_free)
        for text in texts:
            hits = hits + self._more(hits, expand_aliases(text), filters, {}, k=self.settings.answer.part_top_k,
                                     mode=mode, vector=self._embed_cached(text))
        return hits

    def _more(self, hits: list[Hit], query: str, filters: Filters | None, narrower: dict[str, list[str]], *, k: int,
              max_per_doc: int | None = None, mode: Mode, vector: list[float]) -> list[Hit]:
        """The best passages under ``filters`` narrowed further (``{"kind": ["data-note"]}``; ``{}``: as they are)
        that ``hits`` lacks."""
        narrowed = (filters or Filters()).model_copy(update=narrower)
        seen = {h.chunk_id for h in hits}
        return [h for h in self.retriever.retrieve(query, narrowed, k=k, mode=mode, query_vector=vector,
                                                   max_per_doc=max_per_doc) if h.chunk_id not in seen]

    def _expand(self, hits: list[Hit], wanted: Callable[[Hit], bool], *, whole_note: bool = False,
                limit: int = 2, among: int | None = None) -> list[Hit]:
        """The hits, then the rest of the section (or note) of the first ``limit`` wanted hits among the first
        ``among``."""
        out = list(hits)
        seen = {h.chunk_id for h in hits}
        for hit in [h for h in hits[:among] if wanted(h)][:limit]:
            for sibling in self.retriever.section(hit, whole_note=whole_note):
                if sibling.chunk_id not in seen:
                    seen.add(sibling.chunk_id)
                    out.append(sibling)
        return out

    def stream(self, question: str, history: list[Turn] | None = None,
               filters: Filters | None = None) -> Iterator[dict[str, Any]]:
        """The answer as events: ``delta`` for each sentence as it is composed, then ``done`` with the whole answer."""
        if self.llm is not None:
            for event in self._llm_events(question, history, filters):
                if event["event"] == "done":
                    event = {"event": "done", "answer": event["answer"].to_dict()}
                yield event
            return
        answer = self.ask(question, history, filters)
        yield from answer_deltas(answer)
        yield {"event": "done", "answer": answer.to_dict()}

    def corpus_info(self) -> dict[str, Any]:
        sources = self.sources()
        return {"documents": len(sources), "sources": sum(len(d["sources"]) for d in sources),
                "as_of": max((d["as_of"] for d in sources if d["as_of"]), default="")}


def build_assistant(settings: Settings | None = None, *, embedder: SentenceEmbedder | None = None) -> Assistant:
    """Wire the parts together from settings: the only place that does. ``embedder`` shares an already loaded
    model (tests, several assistants in one process)."""
    settings = settings or Settings()
    identity = model_identity(settings.embedding_model) if embedder is None else (embedder.model_name,
                                                                                   embedder.dimension)
    own = None
    if identity is None:  # a model name, or a folder without the usual files: load it to learn its identity
        embedder = own = SentenceEmbedder(settings.embedding_model, batch_size=settings.embedding_batch_size)
        identity = (embedder.model_name, embedder.dimension)
    store = ChromaStore.open(model_name=identity[0], dimension=identity[1], index_dir=settings.index_dir,
                             host=settings.chroma_host, port=settings.chroma_port, collection=settings.collection,
                             search_ef=settings.search_ef)
    llm = None
    if settings.llm != "none":
        llm = build_llm(settings, Verifier(lambda texts: assistant.embedder.encode(texts)))
    assistant = Assistant(settings, store, Chunker(settings.chunk_size, settings.chunk_overlap), llm=llm,
                          embedder=embedder)
    if own is not None:  # a shared embedder keeps the query encoder its owner chose
        assistant._configure(own)
    return assistant
