"""The answer cache: a repeat is served from memory, and nothing is served across filters, histories or index
versions; eval runs bypass it."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from assistant.cache import AnswerCache
from assistant.types import Answer, Filters, Turn

QUESTION = "What did China's July 2023 licensing cover?"


def _answer(text: str) -> Answer:
    return Answer(question=text, text=text, sentences=[], citations=[], abstained=False, searched="",
                  timings_ms={"total": 40.0})


def test_lru_keeps_the_most_recent_and_evicts_the_oldest() -> None:
    cache = AnswerCache(2)
    cache.put("a", _answer("a"))
    cache.put("b", _answer("b"))
    assert cache.get("a") is not None  # a is now the most recent
    cache.put("c", _answer("c"))
    assert cache.get("b") is None and len(cache) == 2
    served = cache.get("c")
    assert served is not None and served.cached and served.text == "c"
    assert served.timings_ms["composed_ms"] == 40.0
    stored = cache.get("c")
    assert stored is not None and stored is not served  # each caller gets its own copy of the timings


def test_size_zero_stores_nothing() -> None:
    cache = AnswerCache(0)
    cache.put("a", _answer("a"))
    assert cache.get("a") is None and len(cache) == 0


def test_a_repeat_is_served_from_the_cache(fixture_assistant) -> None:
    first = fixture_assistant.ask(QUESTION)
    again = fixture_assistant.ask("  What did China's July 2023   licensing cover? ")
    assert not first.cached and again.cached
    assert again.text == first.text and again.citations == first.citations
    assert again.timings_ms["composed_ms"] == first.timings_ms["total"]


def test_changed_filters_miss(fixture_assistant) -> None:
    plain = fixture_assistant.ask(QUESTION)
    narrowed = fixture_assistant.ask(QUESTION, filters=Filters(minerals=["germanium"]))
    assert not narrowed.cached and narrowed.text != plain.text
    assert fixture_assistant.ask(QUESTION, filters=Filters(minerals=["germanium"])).cached
    assert not fixture_assistant.ask(QUESTION, filters=Filters(minerals=["gallium"])).cached


def test_a_follow_up_is_never_served_across_histories(fixture_assistant) -> None:
    gallium = [Turn(role="user", content="What did China's 2023 export licensing cover for gallium?"),
               Turn(role="assistant", content="China required licences for gallium exports.")]
    prices = [Turn(role="user", content="How far did germanium export prices rise by September 2024?"),
              Turn(role="assistant", content="Argus reported a rise to US$2,580-2,680 per kilogram.")]
    first = fixture_assistant.ask("And in 2024?", gallium)
    other = fixture_assistant.ask("And in 2024?", prices)
    assert not first.cached and not other.cached
    assert fixture_assistant.ask("And in 2024?", gallium).cached
    # a question that stands alone reads the same whatever came before it
    alone = fixture_assistant.ask(QUESTION)
    assert fixture_assistant.ask(QUESTION, prices).text == alone.text


def test_an_ingest_that_changes_the_index_misses(fixture_assistant, corpus: Path) -> None:
    fixture_assistant.ask(QUESTION)
    assert fixture_assistant.ask(QUESTION).cached
    fixture_assistant.ingest(progress=False)  # nothing changed: the index version stays
    assert fixture_assistant.ask(QUESTION).cached
    note = (corpus / "germanium-prices.md").read_text().replace("id: germanium-prices", "id: germanium-prices-2")
    (corpus / "germanium-prices-2.md").write_text(note)
    fixture_assistant.ingest(progress=False)
    assert not fixture_assistant.ask(QUESTION).cached


def test_the_oldest_answer_is_evicted(make_assistant, corpus: Path) -> None:
    assistant = make_assistant(corpus, answer_cache_size=1)
    assistant.ingest(progress=False)
    assistant.ask(QUESTION)
    assistant.ask("How far did germanium export prices rise by September 2024?")
    assert not assistant.ask(QUESTION).cached
    assert assistant.ask(QUESTION).cached and len(assistant.answers) == 1


def test_eval_runs_bypass_the_cache(fixture_assistant) -> None:
    from assistant.evals.runner import EvalItem, run_eval

    fixture_assistant.ask(QUESTION)
    stored = len(fixture_assistant.answers)
    hits = fixture_assistant.answers.hits
    run_eval(fixture_assistant, [EvalItem(id="x1", question=QUESTION),
                                 EvalItem(id="x2", question="Who mines rare earths at Mountain Pass?")])
    assert fixture_assistant.answers.hits == hits and len(fixture_assistant.answers) == stored
    assert not fixture_assistant.ask(QUESTION, use_cache=False).cached


def test_the_api_says_cached_and_times_the_lookup(fixture_assistant) -> None:
    from assistant.api import create_app

    with TestClient(create_app(fixture_assistant.settings, fixture_assistant, with_ui=False)) as client:
        first = client.post("/api/ask", json={"question": QUESTION}).json()
        again = client.post("/api/ask", json={"question": QUESTION}).json()
        narrowed = client.post("/api/ask", json={"question": QUESTION, "filters": {"minerals": ["germanium"]}}).json()
    assert first["cached"] is False and again["cached"] is True and narrowed["cached"] is False
    assert again["answer"] == first["answer"] and again["citations"] == first["citations"]
    assert set(again["timings_ms"]) == {"total", "composed_ms"} and again["timings_ms"]["composed_ms"] > 0


def test_a_cached_answer_keeps_its_charts_drawable(fixture_assistant) -> None:
    from assistant.answering.charts import ChartStore

    fixture_assistant.ask(QUESTION)
    stored = next(iter(fixture_assistant.answers._items.values()))
    stored.blocks.append({"type": "chart", "id": "made-up-chart", "kind": "line"})
    fixture_assistant.charts = ChartStore(capacity=1)  # the chart was pushed out by later answers
    again = fixture_assistant.ask(QUESTION)
    assert again.cached and fixture_assistant.charts.get("made-up-chart") is not None
