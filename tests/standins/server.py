"""Scripted stand-ins for an OpenAI-compatible server (``POST /v1/chat/completions``, streaming and not) and for
Ollama (``POST /api/chat`` NDJSON, ``GET /api/tags``), served by uvicorn on a free loopback port.

They are stand-ins because no LLM can be installed here; they let the real LangChain clients (ChatOpenAI,
ChatOllama) run end to end over real HTTP. A test scripts the steps: each request takes the next step (the last one
repeats): a reply, a status code, a delay before the first byte, or a connection closed after some chunks.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse


@dataclass
class Step:
    """What the stand-in does for one request."""

    reply: str | Callable[[dict[str, Any]], str] = ""  # a text, or made from the request body
    status: int = 200
    delay_s: float = 0.0  # before the first byte
    close_after: int | None = None  # streaming: drop the connection after this many content chunks
    chunk_delay_s: float = 0.0


@dataclass
class Script:
    steps: list[Step] = field(default_factory=lambda: [Step()])
    requests: list[dict[str, Any]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def next(self, body: dict[str, Any]) -> Step:
        self.requests.append(body)
        return self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]

    def set(self, *steps: Step) -> None:
        self.steps = list(steps)

    def wait(self, seconds: float) -> None:
        self.stopping.wait(seconds)  # returns early when the server stops


def tokens(text: str) -> list[str]:
    """The reply in word-sized pieces, as a model streams it."""
    return re.findall(r"\S+\s*|\s+", text)


class _Abort(Exception):
    """Raised inside a streaming body: uvicorn then closes the connection mid-response."""


def reply_of(step: Step, body: dict[str, Any]) -> str:
    return step.reply(body) if callable(step.reply) else step.reply


def prompt_of(body: dict[str, Any]) -> str:
    """All message texts of a chat request (both wire formats use ``messages: [{role, content}]``)."""
    return "\n".join(str(m.get("content", "")) for m in body.get("messages", []))


def citing(template: str) -> Callable[[dict[str, Any]], str]:
    """A reply whose ``[[phrase]]`` markers become ``[n]``: the number of the passage in the prompt that contains the
    phrase (``[[#9]]`` is a literal ``[9]``), the way a model would cite what it read."""

    def make(body: dict[str, Any]) -> str:
        prompt = prompt_of(body)
        blocks = re.findall(r'<passage n="(\d+)"[^>]*>(.*?)</passage>', prompt, re.DOTALL)

        def number(match: re.Match[str]) -> str:
            phrase = match.group(1)
            if phrase.startswith("#"):
                return f"[{phrase[1:]}]"
            found = next((n for n, text in blocks if phrase.lower() in text.lower()), None)
            if found is None:
                raise AssertionError(f"no passage in the prompt contains {phrase!r}")
            return f"[{found}]"

        return re.sub(r"\[\[(.+?)\]\]", number, template)

    return make


def _stream(script: Script, step: Step, body: dict[str, Any], encode: Any, final: Any) -> Iterator[bytes]:
    for i, piece in enumerate(tokens(reply_of(step, body))):
        if step.close_after is not None and i >= step.close_after:
            raise _Abort("closing mid-stream as scripted")
        if step.chunk_delay_s:
            script.wait(step.chunk_delay_s)
        yield encode(piece)
    yield final()


def openai_app(script: Script) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        body = await request.json()
        step = script.next(body)
        if step.delay_s:
            await _sleep(script, step.delay_s)
        if step.status != 200:
            return JSONResponse({"error": {"message": "scripted failure", "type": "server_error", "code": None}},
                                status_code=step.status)
        created = int(time.time())
        model = body.get("model", "stand-in")
        if not body.get("stream"):
            return {"id": "chatcmpl-standin", "object": "chat.completion", "created": created, "model": model,
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": reply_of(step, body)},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}

        def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
            data = {"id": "chatcmpl-standin", "object": "chat.completion.chunk", "created": created, "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            return f"data: {json.dumps(data)}\n\n".encode()

        def final() -> bytes:
            return chunk({}, "stop") + b"data: [DONE]\n\n"

        def piece(text: str) -> bytes:
            return chunk({"role": "assistant", "content": text})

        return StreamingResponse(_stream(script, step, body, piece, final), media_type="text/event-stream")

    return app


def ollama_app(script: Script) -> FastAPI:
    app = FastAPI()

    @app.get("/api/tags")
    def tags() -> dict[str, Any]:
        return {"models": [{"name": "stand-in:latest", "model": "stand-in:latest"}]}

    @app.post("/api/chat")
    async def chat(request: Request) -> Any:
        body = await request.json()
        step = script.next(body)
        if step.delay_s:
            await _sleep(script, step.delay_s)
        if step.status != 200:
            return JSONResponse({"error": "scripted failure"}, status_code=step.status)
        model = body.get("model", "stand-in")
        stamp = "2025-01-01T00:00:00Z"

        def line(content: str, done: bool = False) -> bytes:
            data: dict[str, Any] = {"model": model, "created_at": stamp,
                                    "message": {"role": "assistant", "content": content}, "done": done}
            if done:
                data.update(done_reason="stop", total_duration=1, eval_count=1, prompt_eval_count=1)
            return (json.dumps(data) + "\n").encode()

        if body.get("stream") is False:
            return JSONResponse(json.loads(line(reply_of(step, body), True)))
        return StreamingResponse(_stream(script, step, body, line, lambda: line("", True)),
                                 media_type="application/x-ndjson")

    return app


async def _sleep(script: Script, seconds: float) -> None:
    import asyncio

    end = time.monotonic() + seconds
    while time.monotonic() < end and not script.stopping.is_set():
        await asyncio.sleep(0.05)


class StandIn:
    """A stand-in server on a free loopback port, in a background thread.

    >>> with StandIn(openai_app(Script([Step("Hi [1].")]))) as server:   # doctest: +SKIP
    ...     server.url
    """

    def __init__(self, app: Any, script: Script | None = None, path: str = "") -> None:
        self.app = app
        self.script = script or Script()
        self.path = path
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}{path}"
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="critical", lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True)

    def __enter__(self) -> StandIn:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the stand-in server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.script.stopping.set()
        self._server.should_exit = True
        self._thread.join(timeout=5)
        self._sock.close()


def openai_standin(*steps: Step) -> StandIn:
    """An OpenAI-compatible stand-in; its ``url`` is the base URL a client takes (ending in ``/v1``)."""
    script = Script(list(steps) or [Step()])
    return StandIn(openai_app(script), script, "/v1")


def ollama_standin(*steps: Step) -> StandIn:
    """An Ollama stand-in; its ``url`` is the host a client takes."""
    script = Script(list(steps) or [Step()])
    return StandIn(ollama_app(script), script)
