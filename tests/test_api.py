"""The HTTP contract over a real index: answers, streaming, sources, health, and 4xx for bad input."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app


@pytest.fixture
def client(fixture_assistant):  # type: ignore[no-untyped-def]
    app = create_app(fixture_assistant.settings, fixture_assistant, with_ui=False)
    with TestClient(app) as c:
        yield c


def test_ask_returns_the_documented_shape(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": "How much of the world's gallium comes from China?"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"answer", "abstained", "citations", "searched", "timings_ms"}
    assert body["abstained"] is False and "[1]" in body["answer"]
    first = body["citations"][0]
    assert set(first) >= {"n", "doc_id", "title", "publisher", "url", "published", "quote", "score"}
    assert first["n"] == 1 and first["quote"] in body["answer"].replace(" [1]", "")


def test_stream_sends_deltas_then_the_full_answer(client: TestClient) -> None:
    r = client.post("/api/ask/stream", json={"question": "What is the MP Materials price floor?"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = [block for block in r.text.split("\n\n") if block.strip()]
    names = [block.split("\n")[0].removeprefix("event: ") for block in events]
    assert names[-1] == "done" and names[0] == "delta"
    done = json.loads(events[-1].split("data: ", 1)[1])
    streamed = "".join(json.loads(b.split("data: ", 1)[1])["text"] for b in events[:-1])
    assert streamed == done["answer"]["answer"]


def test_followup_history_over_http(client: TestClient) -> None:
    history = [{"role": "user", "content": "What did China's 2023 licensing cover for gallium?"},
               {"role": "assistant", "content": "Eight gallium items."}]
    r = client.post("/api/ask", json={"question": "And germanium?", "history": history})
    assert r.status_code == 200 and "germanium" in r.json()["answer"].lower()


@pytest.mark.parametrize(("body", "status", "needle"), [
    ({"question": ""}, 400, "empty"),
    ({"question": "   "}, 400, "empty"),
    ({"question": "x" * 2001}, 400, "2000"),
    ({}, 422, "question is required"),
    ({"question": "gallium", "filters": {"mineral": "gallium"}}, 422, "unknown field 'filters.mineral'"),
    ({"question": "gallium", "history": [{"role": "bot", "content": "hi"}]}, 422, "history.0.role"),
    ({"question": "gallium", "history": "not a list"}, 422, "history"),
    ({"question": "gallium", "filters": {"published_from": "2025-13-01"}}, 422, "published_from"),
    ({"question": "gallium", "filters": {"published_from": "2025-02-01", "published_to": "2024-01-01"}}, 422,
     "swap"),
    ({"question": "gallium", "extra": 1}, 422, "unknown field 'extra'"),
])
def test_bad_input_gets_a_clear_4xx(client: TestClient, body: dict, status: int, needle: str) -> None:
    r = client.post("/api/ask", json=body)
    assert r.status_code == status, r.text
    assert needle in r.json()["error"]
    assert "Traceback" not in r.text


def test_malformed_json_is_a_4xx(client: TestClient) -> None:
    r = client.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "JSON" in r.json()["error"]


def test_sources_health_ready_and_docs(client: TestClient) -> None:
    sources = client.get("/api/sources").json()
    assert sources["count"] == 5
    assert {d["doc_id"] for d in sources["documents"]} >= {"eu-crma", "mp-materials"}
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/openapi.json").status_code == 200
    for _ in range(100):
        if client.get("/readyz").status_code == 200:
            break
        import time

        time.sleep(0.1)
    assert client.get("/readyz").json()["status"] == "ready"


def test_empty_index_is_a_503_with_advice(make_assistant, tmp_path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty-corpus"
    empty.mkdir()
    assistant = make_assistant(empty, index_dir=tmp_path / "empty-index")
    with TestClient(create_app(assistant.settings, assistant, with_ui=False)) as c:
        r = c.post("/api/ask", json={"question": "gallium"})
    assert r.status_code == 503 and "assistant ingest" in r.json()["error"]
