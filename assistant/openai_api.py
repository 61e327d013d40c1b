"""The OpenAI-compatible face: ``POST /v1/chat/completions`` and ``GET /v1/models``, thin over the facade.

Any OpenAI-compatible client (Open WebUI, LibreChat, the ``openai`` SDK, LangChain's ``ChatOpenAI``) can ask the
assistant: ``messages`` become the question (the last user message) and the history (the turns before it); the reply's
``content`` is the Markdown answer with its ``[n]`` markers followed by its numbered sources. The structured answer,
exactly as ``/api/ask`` returns it, travels in the extra field ``cited_answer`` (on the response, and on the last
chunk of a stream). Sampling parameters (``temperature``, ``top_p``, ``max_tokens``...) are accepted and ignored: the
answer quotes curated notes. Errors use OpenAI's body, ``{"error": {"message", "type", "param", "code"}}``.

>>> from openai import OpenAI                                                      # doctest: +SKIP
>>> client = OpenAI(base_url="http://127.0.0.1:7860/v1", api_key="YOUR_KEY")      # doctest: +SKIP
>>> reply = client.chat.completions.create(model="critical-minerals-assistant",   # doctest: +SKIP
...     messages=[{"role": "user", "content": "What did China restrict on gallium?"}])
>>> reply.choices[0].message.content, reply.cited_answer["citations"]               # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from .errors import AssistantError, BadRequestError, ConfigError
from .inputs import check_json_text, printable
from .public import redact, server_folders
from .references import answer_text, tail
from .settings import Settings
from .types import Filters, Turn

log = logging.getLogger(__name__)

EXTRACTIVE_SUFFIX = "-extractive"
MAX_TURNS = 50  # the facade's own limit on history
_SKIPPED_ROLES = ("system", "developer")  # instructions to a model: the answer quotes notes, so they change nothing


class OpenAIError(Exception):
    """An error for the OpenAI error body: its status, message, ``param`` and ``code``."""

    def __init__(self, status: int, message: str, *, param: str | None = None, code: str | None = None,
                 kind: str = "invalid_request_error") -> None:
        message, param = printable(message), printable(param)  # bad input echoed back must still encode as JSON
        super().__init__(message)
        self.status, self.message, self.param, self.code, self.kind = status, message, param, code, kind

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status)


def from_domain(err: AssistantError, folders: dict[str, str] | None = None) -> OpenAIError:
    """A domain error as the OpenAI body, without the server's folders: bad input is a 400, a misconfiguration a 500,
    the rest (no index, no store) a 503 the client may retry."""
    message = redact(str(err), folders or {})
    if isinstance(err, BadRequestError):
        return OpenAIError(400, message, param="messages")
    if isinstance(err, ConfigError):
        return OpenAIError(500, message, kind="server_error", code="configuration_error")
    return OpenAIError(503, message, kind="server_error", code="unavailable")


class ChatRequest(BaseModel):
    """The fields of a chat completion request that change what we do; every other field is accepted and ignored.

    ``filters`` is ours (metadata filters as on /api/ask); with the ``openai`` SDK send it in ``extra_body``.
    """

    model_config = ConfigDict(extra="allow")

    model: str = Field(min_length=1)
    messages: list[Any] = Field(min_length=1)
    stream: bool | None = False
    n: int | None = None
    tools: list[Any] | None = None
    functions: list[Any] | None = None
    tool_choice: Any = None
    function_call: Any = None
    response_format: dict[str, Any] | None = None
    logprobs: bool | None = None
    modalities: list[str] | None = None
    audio: Any = None
    stream_options: dict[str, Any] | None = None
    filters: Filters | None = None


def unsupported(request: ChatRequest) -> None:
    """Refuse what the assistant cannot do, naming the parameter, rather than silently doing something else."""
    if request.tools or request.functions:
        name = "tools" if request.tools else "functions"
        raise OpenAIError(400, f"`{name}` is not supported: this model answers from curated notes and calls no "
                               "tools; send the question without it", param=name, code="unsupported_parameter")
    for name in ("tool_choice", "function_call"):
        value = getattr(request, name)
        if value not in (None, "none", "auto"):
            raise OpenAIError(400, f"`{name}` is not supported: this model calls no tools", param=name,
                              code="unsupported_parameter")
    if request.n is not None and request.n != 1:
        raise OpenAIError(400, f"n={request.n} is not supported: the answer is one cited answer; send n=1 or leave "
                               "it out", param="n", code="unsupported_value")
    kind = (request.response_format or {}).get("type", "text")
    if kind != "text":
        raise OpenAIError(400, f"response_format {kind!r} is not supported: the answer is Markdown text with a "
                               "`cited_answer` field beside it; leave response_format out",
                          param="response_format", code="unsupported_value")
    if request.logprobs:
        raise OpenAIError(400, "logprobs are not supported: the answer is quoted, not sampled", param="logprobs",
                          code="unsupported_parameter")
    if request.audio is not None or (request.modalities and set(request.modalities) != {"text"}):
        raise OpenAIError(400, "only text output is supported; leave `modalities` and `audio` out",
                          param="modalities", code="unsupported_value")


def _text(content: Any, where: str) -> str:
    """A message's text: a string, or a list of ``{"type": "text", "text": ...}`` parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for j, part in enumerate(content):
            kind = part.get("type") if isinstance(part, dict) else None
            if kind != "text" or not isinstance(part.get("text"), str):
                shown = kind if isinstance(kind, str) else type(part).__name__
                raise OpenAIError(400, f"{where}.content[{j}] is a {shown!r} part; only text parts are supported "
                                       "(no images, audio or files)", param=f"{where}.content",
                                  code="unsupported_content")
            texts.append(part["text"])
        return "\n".join(texts)
    raise OpenAIError(400, f"{where}.content must be a string or a list of text parts", param=f"{where}.content")


def conversation(messages: list[Any]) -> tuple[str, list[Turn]]:
    """The question (the last message, a user's) and the turns before it; system messages are skipped."""
    said: list[tuple[str, str]] = []
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(message, dict):
            raise OpenAIError(400, f"{where} must be an object with `role` and `content`", param=where)
        role = message.get("role")
        if role in _SKIPPED_ROLES:
            continue
        if role not in ("user", "assistant"):
            raise OpenAIError(400, f"{where}.role is {role!r}; use user, assistant or system (tool and function "
                                   "messages are not supported)", param=f"{where}.role")
        text = _text(message.get("content"), where).strip()
        if not text:
            raise OpenAIError(400, f"{where} ({role}) has empty content; every message needs text",
                              param=f"{where}.content")
        said.append((role, text))
    if not any(role == "user" for role, _ in said):
        raise OpenAIError(400, "messages hold no user message; send the question as {\"role\": \"user\", "
                               "\"content\": \"...\"}", param="messages")
    if said[-1][0] != "user":
        raise OpenAIError(400, "the last message must be the user's question (it is an assistant message)",
                          param="messages")
    question = said.pop()[1]
    history = []
    # chat clients send the whole conversation and cannot be told to cut it; follow-ups need only the latest turns
    for role, text in said[-MAX_TURNS:]:
        try:
            history.append(Turn(role=role, content=text))  # type: ignore[arg-type]
        except ValidationError:
            raise OpenAIError(400, f"an earlier {role} message has {len(text)} characters; the limit for an earlier "
                                   "turn is 20000", param="messages") from None
    return question, history


def _readable(err: ValidationError) -> tuple[str, str | None]:
    first = err.errors()[0]
    where = ".".join(str(x) for x in first.get("loc", ())) or None
    if first.get("type") == "missing":
        return f"`{where}` is required", where
    return f"{where or 'body'}: {first.get('msg')}", where


def models_list(model_id: str) -> list[str]:
    return [model_id, model_id + EXTRACTIVE_SUFFIX]


def create_router(get_assistant: Callable[[], Any], settings: Settings) -> APIRouter:
    """The /v1 routes over the facade that ``get_assistant`` returns."""
    router = APIRouter(prefix="/v1", tags=["OpenAI-compatible"])
    model_id = settings.model_id
    folders = server_folders(settings)
    created = int(time.time())

    @router.get("/models")
    def models() -> dict[str, Any]:
        """The model ids: the assistant, and the assistant that always quotes (never an LLM)."""
        return {"object": "list", "data": [{"id": name, "object": "model", "created": created,
                                            "owned_by": "critical-minerals-assistant"}
                                           for name in models_list(model_id)]}

    @router.get("/models/{name}")
    def model(name: str) -> JSONResponse:
        if name not in models_list(model_id):
            return _unknown_model(name, model_id).response()
        return JSONResponse({"id": name, "object": "model", "created": created,
                             "owned_by": "critical-minerals-assistant"})

    # the body is parsed by hand (errors in OpenAI's shape, not FastAPI's 422); the docs still show its schema
    body_schema = {"requestBody": {"required": True, "content": {
        "application/json": {"schema": ChatRequest.model_json_schema(ref_template="#/components/schemas/{model}")}}}}

    @router.post("/chat/completions", openapi_extra=body_schema)
    async def chat_completions(request: Request) -> Any:
        """A chat completion (or, with ``stream: true``, server-sent ``chat.completion.chunk`` events ending in
        ``[DONE]``); the extra field ``cited_answer`` carries the /api/ask JSON."""
        try:
            chat, question, history = await _parse(request, model_id)
        except OpenAIError as err:
            return err.response()
        extractive = chat.model.endswith(EXTRACTIVE_SUFFIX)
        try:
            assistant = await run_in_threadpool(get_assistant)  # the first call loads the model: not on the loop
            if chat.stream:
                include_usage = bool((chat.stream_options or {}).get("include_usage"))
                events = _events(assistant, question, history, chat.filters, extractive)
                first = await run_in_threadpool(_next, events)  # bad input surfaces here, before the response starts
                return StreamingResponse(_sse(events, first, chat.model, include_usage, folders),
                                         media_type="text/event-stream",
                                         headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
            ask = assistant.ask_extractive if extractive else assistant.ask
            answer = (await run_in_threadpool(ask, question, history, chat.filters)).to_dict()
        except AssistantError as err:
            return from_domain(err, folders).response()
        except Exception:  # the OpenAI body, not the app's own, so the SDKs raise InternalServerError
            log.exception("unexpected error in /v1/chat/completions")
            return OpenAIError(500, "internal error; the server log has the details", kind="server_error").response()
        return JSONResponse(completion(answer, chat.model))

    return router


def _unknown_model(name: str, model_id: str) -> OpenAIError:
    return OpenAIError(404, f"the model {name!r} does not exist; use {model_id!r} (or "
                            f"{model_id + EXTRACTIVE_SUFFIX!r} for quotes only), as GET /v1/models lists",
                       param="model", code="model_not_found")


async def _parse(request: Request, model_id: str) -> tuple[ChatRequest, str, list[Turn]]:
    try:
        raw = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise OpenAIError(400, "the body is not valid JSON; send a JSON object with `model` and `messages`") from None
    if not isinstance(raw, dict):
        raise OpenAIError(400, "the body must be a JSON object with `model` and `messages`")
    try:
        raw = check_json_text(raw, "body")  # no lone surrogates or control characters, anywhere
    except BadRequestError as err:
        raise OpenAIError(400, str(err)) from None
    try:
        chat = ChatRequest.model_validate(raw)
    except ValidationError as err:
        message, param = _readable(err)
        raise OpenAIError(400, message, param=param) from None
    if chat.model not in models_list(model_id):
        raise _unknown_model(chat.model, model_id)
    unsupported(chat)
    question, history = conversation(chat.messages)
    return chat, question, history


def completion(answer: dict[str, Any], model: str) -> dict[str, Any]:
    """A ``chat.completion`` object whose content is the answer and its sources."""
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": model, "system_fingerprint": None,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer_text(answer), "refusal": None},
                         "logprobs": None, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            "cited_answer": answer}


def _events(assistant: Any, question: str, history: list[Turn], filters: Filters | None,
            extractive: bool) -> Iterator[dict[str, Any]]:
    if not extractive:
        return iter(assistant.stream(question, history, filters))

    def quoted() -> Iterator[dict[str, Any]]:  # the facade's line-by-line deltas, from the extractive answer
        answer = assistant.ask_extractive(question, history, filters)
        for i, line in enumerate(answer.text.split("\n")):
            yield {"event": "delta", "text": line if i == 0 else "\n" + line}
        yield {"event": "done", "answer": answer.to_dict()}

    return quoted()


_END = object()


def _next(events: Iterator[dict[str, Any]]) -> Any:
    return next(events, _END)


async def _sse(events: Iterator[dict[str, Any]], first: Any, model: str, include_usage: bool,
               folders: dict[str, str]) -> AsyncIterator[str]:
    """The facade's events as OpenAI chunks. Each step of the facade runs in a worker thread; when the client goes
    away Starlette cancels this generator, and ``finally`` closes the facade's generator, which closes the LLM call."""
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        body = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                "system_fingerprint": None,
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}], **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    shown = ""
    try:
        yield chunk({"role": "assistant", "content": ""})
        event = first
        while event is not _END:
            if event["event"] == "delta":
                shown += event["text"]
                yield chunk({"content": event["text"]})
            elif event["event"] == "done":
                answer = event["answer"]
                text = str(answer.get("answer", ""))
                # after a failure mid-stream the facade's final answer replaces what was shown: append it whole
                rest = text[len(shown):] if text.startswith(shown) else "\n\n" + text
                rest += tail(answer)
                if rest:
                    yield chunk({"content": rest})
                yield chunk({}, "stop", cited_answer=answer)
                if include_usage:
                    usage = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
                    body = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                            "choices": [], "usage": usage}
                    yield f"data: {json.dumps(body)}\n\n"
            event = await run_in_threadpool(_next, events)
        yield "data: [DONE]\n\n"
    except AssistantError as err:  # the response has started: the error travels as an event the SDKs raise
        yield f"data: {json.dumps(from_domain(err, folders).body(), ensure_ascii=False)}\n\n"
    finally:
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(_close, events)


def _close(events: Iterator[dict[str, Any]]) -> None:
    close = getattr(events, "close", None)
    if close is not None:
        close()
