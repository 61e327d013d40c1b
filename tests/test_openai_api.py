"""The OpenAI-compatible API against a real uvicorn server over the fixture corpus, called by the real clients: the
official ``openai`` SDK (streaming and not) and LangChain's ``ChatOpenAI``; errors in the shapes the SDK raises;
API keys and rate limits on /v1; a client that leaves mid-stream stops the work behind it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
import uvicorn

from assistant.api import create_app
from assistant.references import answer_text
from assistant.settings import Settings
from tests.conftest import FIXTURE_CORPUS
from tests.standins import StandIn, Step, citing
from tests.standins.server import Script, openai_app
from tests.test_resilience import free_port

MODEL = "critical-minerals-assistant"
QUESTION = "Which stake did the Defense Department take in MP Materials?"
OFF_TOPIC = "What is the best recipe for banana bread with walnuts?"


class Server:
    """``create_app`` under uvicorn on a free loopback port, in a thread, ready when entered."""

    def __init__(self, settings: Settings, assistant: Any, *, with_ui: bool = False) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        app = create_app(settings, assistant, with_ui=with_ui)
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("the server did not become ready in 120 s")

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)

    def client(self, key: str = "unused", **options: Any) -> openai.OpenAI:
        return openai.OpenAI(base_url=f"{self.base}/v1", api_key=key, max_retries=0, timeout=60, **options)


@pytest.fixture(scope="module")
def shared_assistant(tmp_path_factory: pytest.TempPathFactory, embedder):  # type: ignore[no-untyped-def]
    from assistant.assistant import build_assistant

    root = tmp_path_factory.mktemp("openai-api")
    assistant = build_assistant(Settings(corpus_dir=FIXTURE_CORPUS, index_dir=root / "index",
                                         feedback_path=root / "feedback.jsonl"))
    assistant._embedder = embedder
    assistant.ingest(progress=False)
    return assistant


@pytest.fixture(scope="module")
def server(shared_assistant) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    """As `assistant serve` runs it: the UI mounted at / too, so /v1 must be routed before the UI catches all."""
    with Server(shared_assistant.settings, shared_assistant, with_ui=True) as running:
        yield running


@pytest.fixture
def serve(shared_assistant) -> Iterator[Callable[..., Server]]:  # type: ignore[no-untyped-def]
    started: list[Server] = []

    def start(**overrides: Any) -> Server:
        running = Server(shared_assistant.settings.model_copy(update=overrides), shared_assistant).__enter__()
        started.append(running)
        return running

    yield start
    for running in started:
        running.__exit__()


def api_ask(server: Server, question: str, **body: Any) -> dict[str, Any]:
    r = httpx.post(f"{server.base}/api/ask", json={"question": question, **body}, timeout=60)
    assert r.status_code == 200, r.text
    return dict(r.json())


def same_answer(cited: dict[str, Any], expected: dict[str, Any]) -> bool:
    """``cited_answer`` holds every field of the /api/ask JSON with the same value (timings and whether the answer
    cache served it aside)."""
    return all(cited[k] == v for k, v in expected.items() if k not in ("timings_ms", "cached"))


def test_models_lists_the_assistant(server: Server) -> None:
    ids = [m.id for m in server.client().models.list()]
    assert ids == [MODEL, f"{MODEL}-extractive"]
    assert server.client().models.retrieve(MODEL).id == MODEL


def test_sdk_gets_the_same_cited_answer_as_api_ask(server: Server) -> None:
    expected = api_ask(server, QUESTION)
    assert expected["citations"] and not expected["abstained"]
    client = server.client()
    reply = client.chat.completions.create(model=MODEL, temperature=0.2, max_tokens=50,
                                           messages=[{"role": "system", "content": "You are terse."},
                                                     {"role": "user", "content": QUESTION}])
    content = reply.choices[0].message.content
    assert content == answer_text(expected)
    assert reply.choices[0].finish_reason == "stop" and reply.choices[0].message.role == "assistant"
    assert "[1]" in content and "**Sources:**" in content and expected["citations"][0]["url"] in content
    extra = reply.model_extra or {}
    assert same_answer(extra["cited_answer"], expected)

    chunks = list(client.chat.completions.create(model=MODEL, stream=True,
                                                 messages=[{"role": "user", "content": QUESTION}]))
    assert all(c.object == "chat.completion.chunk" and c.id == chunks[0].id for c in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert streamed == content
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert same_answer((last.model_extra or {})["cited_answer"], expected)


def test_stream_usage_chunk_when_asked(server: Server) -> None:
    chunks = list(server.client().chat.completions.create(
        model=MODEL, stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": QUESTION}]))
    assert chunks[-1].choices == [] and chunks[-1].usage is not None and chunks[-1].usage.total_tokens == 0
    assert chunks[-2].choices[0].finish_reason == "stop"


def test_history_filters_and_the_extractive_model(server: Server) -> None:
    history = [{"role": "user", "content": "What did China restrict on gallium?"},
               {"role": "assistant", "content": "China required export licences for gallium [1]."}]
    follow_up = "And on germanium?"
    expected = api_ask(server, follow_up, history=history, filters={"minerals": ["germanium"]})
    reply = server.client().chat.completions.create(
        model=f"{MODEL}-extractive", messages=[*history, {"role": "user", "content": [{"type": "text",
                                                                                        "text": follow_up}]}],
        extra_body={"filters": {"minerals": ["germanium"]}})
    assert reply.choices[0].message.content == answer_text(expected)
    assert {c["doc_id"] for c in (reply.model_extra or {})["cited_answer"]["citations"]} <= {"germanium-prices",
                                                                                             "gallium-controls"}


def test_an_off_topic_question_is_an_abstention_without_sources(server: Server) -> None:
    reply = server.client().chat.completions.create(model=MODEL, messages=[{"role": "user", "content": OFF_TOPIC}])
    cited = (reply.model_extra or {})["cited_answer"]
    assert cited["abstained"] and cited["citations"] == [] and cited["abstain_reason"]
    assert "**Sources:**" not in (reply.choices[0].message.content or "")


def test_langchain_chat_openai_works_as_a_client(server: Server) -> None:
    from langchain_openai import ChatOpenAI

    expected = answer_text(api_ask(server, QUESTION))
    llm = ChatOpenAI(base_url=f"{server.base}/v1", api_key="unused", model=MODEL, temperature=0, max_retries=0)
    assert llm.invoke(QUESTION).content == expected
    assert "".join(str(chunk.content) for chunk in llm.stream(QUESTION)) == expected


@pytest.mark.parametrize(("messages", "extra", "needle"), [
    ([{"role": "system", "content": "Be brief."}], {}, "no user message"),
    ([{"role": "tool", "content": "42", "tool_call_id": "x"}], {}, "role is 'tool'"),
    ([{"role": "user", "content": "   "}], {}, "empty content"),
    ([{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}], {}, "last message"),
    ([{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://x.example/a.png"}}]}], {},
     "'image_url' part"),
    ([{"role": "user", "content": QUESTION}], {"n": 2}, "n=2"),
    ([{"role": "user", "content": QUESTION}],
     {"tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]}, "`tools`"),
    ([{"role": "user", "content": QUESTION}], {"response_format": {"type": "json_object"}}, "response_format"),
    ([{"role": "user", "content": "x" * 5000}], {}, "characters"),
    ([{"role": "user", "content": "gallium\x00 prices"}], {}, "control character U+0000"),
    ([{"role": "user", "content": QUESTION}], {"extra_body": {"filters": {"minerals": ["gallium\x07"]}}},
     "control character U+0007"),
])
def test_bad_requests_raise_bad_request_error(server: Server, messages: list[dict[str, Any]],
                                              extra: dict[str, Any], needle: str) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        server.client().chat.completions.create(model=MODEL, messages=messages, **extra)  # type: ignore[arg-type]
    body = caught.value.body
    assert isinstance(body, dict) and set(body) == {"message", "type", "param", "code"}
    assert needle in body["message"] and body["type"] == "invalid_request_error"


def test_malformed_bodies_get_the_openai_error_shape(server: Server) -> None:
    for content in (b"{not json", b"[1, 2]", b'{"model": "critical-minerals-assistant"}'):
        r = httpx.post(f"{server.base}/v1/chat/completions", content=content,
                       headers={"Content-Type": "application/json"})
        assert r.status_code == 400 and set(r.json()["error"]) == {"message", "type", "param", "code"}, r.text


def test_unknown_model_raises_not_found_error(server: Server) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        server.client().chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    body = caught.value.body
    assert isinstance(body, dict) and body["code"] == "model_not_found" and MODEL in body["message"]
    with pytest.raises(openai.NotFoundError):
        server.client().models.retrieve("gpt-4o")


def test_api_keys_and_rate_limits_hold_on_v1(serve: Callable[..., Server]) -> None:
    running = serve(api_keys=["k-alpha"], rate_limit="3/minute")
    ask = {"model": MODEL, "messages": [{"role": "user", "content": QUESTION}]}
    with pytest.raises(openai.AuthenticationError) as caught:
        running.client("wrong").chat.completions.create(**ask)  # type: ignore[arg-type]
    body = caught.value.body
    assert isinstance(body, dict) and body["code"] == "invalid_api_key" and "not a valid key" in body["message"]
    missing = httpx.post(f"{running.base}/v1/chat/completions", json=ask)
    assert missing.status_code == 401 and "is missing" in missing.json()["error"]["message"]
    with pytest.raises(openai.AuthenticationError):
        running.client("wrong").models.list()
    client = running.client("k-alpha")
    assert client.chat.completions.create(**ask).choices[0].message.content  # type: ignore[arg-type]
    client.models.list()
    client.models.list()
    with pytest.raises(openai.RateLimitError) as limited:
        client.chat.completions.create(**ask)  # type: ignore[arg-type]
    assert limited.value.response.headers["retry-after"]
    assert isinstance(limited.value.body, dict) and limited.value.body["code"] == "rate_limit_exceeded"


class CountingScript(Script):
    """Counts the chunks the stand-in has sent (it waits once before each)."""

    sent = 0

    def wait(self, seconds: float) -> None:
        self.sent += 1
        super().wait(seconds)


LONG = " ".join(["According to the U.S. Geological Survey, China produced about 98% of the world's primary low-purity "
                 "gallium in 2023 [[98%]]."] * 12)


def test_a_client_leaving_mid_stream_stops_the_model_behind_it(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    script = CountingScript([Step(citing(LONG), chunk_delay_s=0.05)])
    with StandIn(openai_app(script), script, "/v1") as llm:
        assistant = make_assistant(corpus, llm="openai", llm_base_url=llm.url, llm_model="stand-in")
        assistant.ingest(progress=False)
        with Server(assistant.settings, assistant) as running:
            stream = running.client().chat.completions.create(
                model=MODEL, stream=True, messages=[{"role": "user", "content": "How much gallium does China produce?"}])
            for chunk in stream:
                if chunk.choices and chunk.choices[0].delta.content:
                    break  # the first verified sentence arrived
            stream.close()
            left_at = script.sent
            time.sleep(3)  # the sentence being verified when the client left is finished, then the work stops
            settled = script.sent
            time.sleep(1.5)
    total = LONG.count(" ") + 1
    assert left_at < total / 2, (left_at, total)
    # the model still had over a hundred pieces to send at 20 a second; nobody asks for them any more
    assert script.sent == settled, (left_at, settled, script.sent, total)
