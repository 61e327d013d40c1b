"""Ingest, retrieval and answers with the real model and an embedded Chroma."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.errors import BadRequestError, IndexMismatchError
from assistant.figures import normalised as figures
from assistant.store import ChromaStore
from assistant.types import Filters, Turn


def stored_ids(assistant) -> tuple[set[str], set[str]]:  # type: ignore[no-untyped-def]
    return assistant.store.chunk_ids(), assistant.store.sentence_ids()


def test_ingest_is_idempotent_and_incremental(make_assistant, corpus: Path) -> None:
    assistant = make_assistant(corpus)
    first = assistant.ingest(progress=False)
    assert (first.added, first.updated, first.removed, first.unchanged) == (5, 0, 0, 0)
    before = stored_ids(assistant)

    again = assistant.ingest(progress=False)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 5)
    assert again.chunks_added == 0 and again.sentences_embedded == 0
    assert stored_ids(assistant) == before

    note = corpus / "eu-crma.md"
    note.write_text(note.read_text().replace("10% of EU consumption", "11% of EU consumption"))
    (corpus / "germanium-prices.md").unlink()
    changed = assistant.ingest(progress=False)
    assert (changed.added, changed.updated, changed.removed, changed.unchanged) == (0, 1, 1, 3)
    docs = {m["doc_id"] for m in assistant.store.all_chunks()[2]}
    assert "germanium-prices" not in docs
    texts = " ".join(assistant.store.all_chunks()[1])
    assert "11% of EU consumption" in texts and "10% of EU consumption" not in texts


def test_ingest_matches_a_fresh_build_after_changes(make_assistant, corpus: Path, tmp_path: Path) -> None:
    incremental = make_assistant(corpus)
    incremental.ingest(progress=False)
    note = corpus / "mp-materials.md"
    note.write_text(note.read_text().replace("commissioned in 2028", "commissioned in 2029"))
    incremental.ingest(progress=False)
    fresh = make_assistant(corpus, index_dir=tmp_path / "fresh")
    fresh.ingest(progress=False)
    assert stored_ids(incremental) == stored_ids(fresh)


def test_bad_files_are_skipped_and_the_rest_ingested(make_assistant, corpus: Path) -> None:
    (corpus / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody text here\n")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (corpus / "latin1.txt").write_bytes("caf\xe9 na\xefve".encode("latin-1"))
    (corpus / "empty.md").write_text("")
    report = make_assistant(corpus).ingest(progress=False)
    skipped = {Path(p).name: reason for p, reason in report.skipped}
    assert set(skipped) == {"broken.md", "binary.txt", "latin1.txt", "empty.md"}
    assert "UTF-8" in skipped["latin1.txt"] and "binary" in skipped["binary.txt"]
    assert report.added == 5


def test_opening_an_index_with_another_model_is_a_clear_error(fixture_assistant, tmp_path: Path) -> None:
    with pytest.raises(IndexMismatchError, match="re-ingest"):
        ChromaStore.open(model_name="another-model@123", dimension=768, index_dir=tmp_path / "index")


def test_answer_figures_appear_in_their_cited_quotes(fixture_assistant) -> None:
    answer = fixture_assistant.ask("Which MP Materials shares did the Defense Department agree to buy?")
    assert not answer.abstained
    assert answer.citations and answer.citations[0].doc_id == "mp-materials"
    assert re.search(r"400 million|110 per kilogram", answer.text)
    quotes = {c.n: c.quote for c in answer.citations}
    for sentence in answer.sentences:
        assert sentence.citations, sentence.text
        cited = " ".join(quotes[n] for n in sentence.citations)
        assert figures(sentence.text) <= figures(cited), sentence.text
    assert all(c.url.startswith("https://") and c.publisher and c.published for c in answer.citations)


def test_every_answer_sentence_is_a_source_sentence(fixture_assistant) -> None:
    answer = fixture_assistant.ask("How much of the world's gallium comes from China?")
    assert not answer.abstained
    stored = " ".join(fixture_assistant.store.get_sentences(
        [s for s in fixture_assistant.store.sentence_ids()]).get(k, ("", None))[0]
        for k in fixture_assistant.store.sentence_ids())
    for sentence in answer.sentences:
        assert sentence.text in stored
    assert "98%" in answer.text


def test_citation_names_the_source_the_sentence_attributes(fixture_assistant) -> None:
    answer = fixture_assistant.ask("How much of the rare earth ore mined worldwide comes from China?")
    assert not answer.abstained
    by_publisher = {c.publisher for c in answer.citations}
    assert "International Energy Agency" in by_publisher or "U.S. Geological Survey" in by_publisher
    for c in answer.citations:
        if "62%" in c.quote:
            assert c.publisher == "International Energy Agency"
        if "270,000" in c.quote:
            assert c.publisher == "U.S. Geological Survey"


@pytest.mark.parametrize("question", [
    "Who won the 2022 football World Cup?",
    "Which royalty does Bolivia levy on lithium brine?",
    "How much cobalt did Indonesia refine in 2024?",
])
def test_abstains_when_the_sources_do_not_cover_it(fixture_assistant, question: str) -> None:
    answer = fixture_assistant.ask(question)
    assert answer.abstained, answer.text
    assert answer.citations == []
    assert "don't cover" in answer.text and "searched" in answer.text


def test_followup_resolves_against_history(fixture_assistant) -> None:
    history = [Turn(role="user", content="What did China's 2023 export licensing cover for gallium?"),
               Turn(role="assistant", content="China licensed eight gallium items.")]
    answer = fixture_assistant.ask("And germanium?", history)
    assert not answer.abstained
    assert "germanium" in answer.text.lower()
    assert "germanium" in answer.searched


def test_filters_restrict_sources(fixture_assistant) -> None:
    answer = fixture_assistant.ask("export licences and prices", filters=Filters(minerals=["germanium"]))
    assert answer.citations
    assert {c.doc_id for c in answer.citations} <= {"gallium-controls", "germanium-prices"}
    answer = fixture_assistant.ask("What are the 2030 benchmarks?", filters=Filters(countries=["European Union"]))
    assert {c.doc_id for c in answer.citations} == {"eu-crma"}
    hits = fixture_assistant.retriever.retrieve("rare earths", Filters(published_from="2025-01-01"))
    assert hits and all(h.metadata["published_int"] >= 20250101 for h in hits)
    hits = fixture_assistant.retriever.retrieve("anything", Filters(authority=["analysis"]))
    assert {h.doc_id for h in hits} == {"germanium-prices"}


def test_hybrid_beats_dense_on_exact_terms(fixture_assistant) -> None:
    """Identifiers and figures are where lexical matching helps: hybrid must rank the right note higher."""
    queries = {"99.999% germanium export price": "germanium-prices",
               "eight gallium items and six germanium items": "gallium-controls",
               "10X plant commissioning": "mp-materials",
               "65% single third country benchmark": "eu-crma"}

    def mrr(mode: str) -> float:
        total = 0.0
        for query, doc in queries.items():
            ranked = list(dict.fromkeys(h.doc_id for h in fixture_assistant.retriever.retrieve(query, mode=mode)))
            total += 1 / (ranked.index(doc) + 1) if doc in ranked else 0.0
        return total / len(queries)

    assert mrr("hybrid") >= mrr("dense")
    assert mrr("hybrid") >= 0.75


def test_diversity_caps_passages_per_document(make_assistant, corpus: Path) -> None:
    assistant = make_assistant(corpus, max_chunks_per_doc=1)
    assistant.ingest(progress=False)
    hits = assistant.retriever.retrieve("gallium germanium licences China share", k=5)
    doc_ids = [h.doc_id for h in hits]
    assert len(doc_ids) == len(set(doc_ids))


def test_langchain_retriever_returns_documents(fixture_assistant) -> None:
    from langchain_core.documents import Document

    from assistant.retrieval import AssistantRetriever

    docs = AssistantRetriever(retriever=fixture_assistant.retriever, k=3).invoke("MP Materials price floor")
    assert docs and all(isinstance(d, Document) for d in docs)
    assert docs[0].metadata["doc_id"] == "mp-materials"


@pytest.mark.parametrize("question", ["", "   ", "x" * 2001])
def test_bad_questions_are_refused(fixture_assistant, question: str) -> None:
    with pytest.raises(BadRequestError):
        fixture_assistant.ask(question)


def test_an_acronym_the_notes_only_write_out_finds_the_note_that_writes_it(make_assistant, corpus: Path) -> None:
    note = corpus / "germanium-prices.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n## Board\n\nThe Keflavik Zinc Guild set a reference price in "
                    "2031.[^argus-2024]\n\nThe Keflavik Zinc Guild met again in 2032.[^argus-2024]\n", encoding="utf-8")
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    hits = assistant.search("What share of mining does the KZG report?", k=1)
    assert hits[0]["doc_id"] == "germanium-prices" and "Keflavik Zinc Guild" in hits[0]["text"], hits
