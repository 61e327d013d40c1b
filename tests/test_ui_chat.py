"""The chat's behaviour over a real index, without a browser: streaming updates, errors as chat messages, rate
limit, feedback by turn, and the Gradio page builds with every callback wired."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from assistant.security import RateLimiter
from assistant.ui.chat import ChatHandlers
from tests.conftest import FIXTURE_CORPUS

NO_FILTERS = (None, None, None, None, "", "")


@pytest.fixture(scope="module")
def fixture_assistant(tmp_path_factory: pytest.TempPathFactory, embedder):  # type: ignore[no-untyped-def]
    """One index for the module (these tests only read it)."""
    from assistant.assistant import build_assistant
    from assistant.settings import Settings

    assistant = build_assistant(Settings(corpus_dir=FIXTURE_CORPUS, index_dir=tmp_path_factory.mktemp("chat")), embedder=embedder)
    assistant.ingest(progress=False)
    return assistant


@pytest.fixture
def chat(fixture_assistant, tmp_path: Path) -> ChatHandlers:  # type: ignore[no-untyped-def]
    return ChatHandlers(lambda: fixture_assistant, tmp_path / "feedback.jsonl")


def test_an_answer_streams_then_arrives_with_sources_and_copy_text(chat: ChatHandlers) -> None:
    updates = list(chat.respond("How much of the world's gallium comes from China?", [], NO_FILTERS))
    assert len(updates) >= 3  # the question at once, growing text, then the cited answer
    assert "cm-streaming" in updates[0][0][-1]["content"] and updates[0][2] is None
    assert any("98%" in u[0][-1]["content"] and "cm-streaming" in u[0][-1]["content"] for u in updates[1:-1])
    messages, history, copy = updates[-1]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert "cm-sources" in messages[1]["content"] and "cm-streaming" not in messages[1]["content"]
    assert copy is not None and "**References**" in copy and history[0]["answer"]["citations"]


def test_followup_uses_the_conversation(chat: ChatHandlers) -> None:
    *_, (_, history, _) = chat.respond("What did China's 2023 licensing cover for gallium?", [], NO_FILTERS)
    *_, (messages, history, _) = chat.respond("And germanium?", history, NO_FILTERS)
    assert len(messages) == 4 and "germanium" in history[-1]["answer"]["answer"].lower()


def test_abstention_is_shown_as_such(chat: ChatHandlers) -> None:
    *_, (messages, _, copy) = chat.respond("What is the population of Mars colonies in 2090?", [], NO_FILTERS)
    assert "No answer in the curated notes" in messages[-1]["content"] and "Searched:" in messages[-1]["content"]
    assert copy is not None and "**References**" not in copy


@pytest.mark.parametrize(("filters", "needle"), [
    ((None, None, None, None, "yesterday", ""), "YYYY-MM-DD"),
    ((None, None, None, None, "2025-02-01", "2024-01-01"), "swap"),
])
def test_bad_filters_become_a_readable_chat_message(chat: ChatHandlers, filters: tuple, needle: str) -> None:
    *_, (messages, history, _) = chat.respond("gallium", [], filters)
    assert "cm-error" in messages[-1]["content"] and needle in messages[-1]["content"]
    assert history[-1]["error"]


def test_filters_restrict_the_cited_notes(chat: ChatHandlers) -> None:
    question = "What is the MP Materials price floor?"
    *_, (_, history, _) = chat.respond(question, [], NO_FILTERS)
    assert "mp-materials" in {c["doc_id"] for c in history[-1]["answer"]["citations"]}
    *_, (_, history, _) = chat.respond(question, [], (["germanium"], None, None, None, "", ""))
    assert {c["doc_id"] for c in history[-1]["answer"]["citations"]} <= {"gallium-controls", "germanium-prices"}


def test_the_rate_limit_answers_in_the_chat(fixture_assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chat = ChatHandlers(lambda: fixture_assistant, tmp_path / "f.jsonl", RateLimiter("1/minute"))
    list(chat.respond("gallium", [], NO_FILTERS, client="ip:1"))
    *_, (messages, _, _) = chat.respond("germanium", [], NO_FILTERS, client="ip:1")
    assert "Too many questions (limit 1/minute)" in messages[-1]["content"]
    *_, (messages, _, _) = chat.respond("germanium", [], NO_FILTERS, client="ip:2")
    assert "Too many" not in messages[-1]["content"]


def test_feedback_on_the_latest_or_a_chosen_turn(chat: ChatHandlers, tmp_path: Path) -> None:
    assert "Ask a question first" in chat.record([], "up", "")
    *_, (_, history, _) = chat.respond("What is the MP Materials price floor?", [], NO_FILTERS)
    *_, (_, history, _) = chat.respond("How much of the world's gallium comes from China?", history, NO_FILTERS)
    assert chat.record(history, "up", "great <i>answer</i>", user="alice").startswith("Thanks")
    assert chat.record(history, "down", "", turn_index=0).startswith("Thanks")
    assert "no answer" in chat.record(history, "down", "", turn_index=9)
    assert "2000" in chat.record(history, "down", "x" * 2001)
    log = [json.loads(line) for line in (tmp_path / "feedback.jsonl").read_text().splitlines()]
    assert [e["verdict"] for e in log] == ["up", "down"]
    assert log[0]["question"].startswith("How much") and log[0]["user"] == "alice"
    assert log[1]["question"] == "What is the MP Materials price floor?"


def test_the_page_builds_with_every_callback_wired(fixture_assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.ui.app import build_blocks

    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # Gradio warns when a callback's parameters do not match
        demo = build_blocks(lambda: fixture_assistant, feedback_path=tmp_path / "f.jsonl", compact=True)
    assert demo.analytics_enabled is False and len(demo.fns) >= 7
