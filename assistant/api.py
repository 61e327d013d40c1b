"""The HTTP face: FastAPI routes over the facade, and the Gradio chat mounted at ``/``.

Routes are thin: they validate the request, call the facade and translate domain errors into status codes with a
JSON ``{"error": message}`` body. No traceback ever reaches a client.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import threading
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .assistant import Assistant, build_assistant
from .embeddings import set_torch_threads
from .errors import (
    AssistantError,
    BadRequestError,
    ConfigError,
    IndexEmptyError,
    IndexMismatchError,
    StoreUnavailableError,
)
from .inputs import CleanText, check_json_text, printable, text_problem
from .public import public_path, redact, server_folders
from .security import RateLimiter, client_address, install
from .settings import Settings
from .types import Citation, Filters, Turn

log = logging.getLogger(__name__)
BAD_TEXT = {"bad_text", "string_unicode"}  # validation errors about text that is not text: a 400, not a 422

STATUS = {BadRequestError: 400, IndexEmptyError: 503, StoreUnavailableError: 503, IndexMismatchError: 503,
          ConfigError: 500}


class AskRequest(BaseModel):
    """A question, the conversation so far, and optional filters."""

    model_config = ConfigDict(extra="forbid")

    question: CleanText = Field(description="The question (1-2,000 characters).")
    history: list[Turn] | None = Field(None, description="Earlier turns, oldest first.")
    filters: Filters | None = Field(None, description="Metadata filters.")


class FeedbackRequest(BaseModel):
    """A verdict on an answer: the question, the answer JSON that /api/ask returned, up or down, a comment."""

    model_config = ConfigDict(extra="forbid")

    question: CleanText = Field(min_length=1, max_length=20_000, description="The question that was answered.")
    answer: dict[str, Any] = Field(description="The answer JSON as /api/ask returned it.")
    verdict: Literal["up", "down"] = Field(description="up (helpful) or down (not helpful).")
    comment: CleanText = Field("", max_length=2000, description="Optional comment.")

    @field_validator("answer")
    @classmethod
    def _answer_is_text(cls, value: dict[str, Any]) -> dict[str, Any]:
        try:
            return check_json_text(value, "answer")  # type: ignore[no-any-return]
        except BadRequestError as err:
            raise PydanticCustomError("bad_text", "{problem}", {"problem": str(err)}) from None


class AskResponse(BaseModel):
    answer: str
    abstained: bool
    citations: list[Citation]
    searched: str
    nearest: list[dict[str, Any]] = []
    timings_ms: dict[str, float]
    mode: str = "extractive"
    unsupported: list[str] = Field([], description="Sentences of `answer` (without their [n]) that the passages "
                                                   "they cite do not support; the UI marks them.")
    notice: str = Field("", description="Why the answer is not what was asked for, e.g. the LLM failed and this is "
                                        "the extractive answer; empty when there is nothing to say.")
    answer_type: Literal["factoid", "explanation", "list", "comparison", "trend", "abstention"] = Field(
        "factoid", description="The answer plan used: factoid, explanation, list, comparison, trend or abstention.")
    blocks: list[dict[str, Any]] = Field([], description="The answer as ordered blocks, for clients that render "
                                         "without parsing Markdown: lead {text, citations}, bullets {items: [{text, "
                                         "citations, label}]}, table {columns, rows: [{cells, citations}]}, read_more "
                                         "{notes: [{doc_id, title, as_of}]}.")
    cached: bool = Field(False, description="Served from this process's answer cache; `timings_ms` then holds the "
                         "lookup time (`total`) and how long the answer took when it was composed (`composed_ms`).")
    abstain_reason: str = Field("", description="Why the assistant declined (no_evidence, unknown_name, "
                                "missing_entity, not_together, weak_evidence, undated, unsettled); empty when it "
                                "answered.")


def _readable(errors: list[dict[str, Any]]) -> str:
    parts = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", []) if x != "body"]
        where = ".".join(loc) or "body"
        if e.get("type") == "extra_forbidden":
            parent = loc[0] if loc else "body"
            allowed = ", ".join(Filters.model_fields) if parent == "filters" else ", ".join(AskRequest.model_fields)
            parts.append(f"unknown field {where!r}; allowed: {allowed}")
        elif e.get("type") == "missing":
            parts.append(f"{where} is required")
        elif e.get("type") == "json_invalid":
            parts.append("the body is not valid JSON")
        elif e.get("type") in BAD_TEXT:
            # pydantic itself refuses a lone surrogate in a length-checked string (string_unicode): say why
            msg = str(e.get("msg")) if e.get("type") == "bad_text" else text_problem(str(e.get("input", ""))) or \
                f"is not valid text; {e.get('msg')}"
            parts.append(msg if msg.startswith(where) else f"{where} {msg}")
        else:
            parts.append(f"{where}: {e.get('msg')}")
    return "; ".join(parts)


class WorkerHeader:
    """Adds ``X-Worker: <pid>`` to every response: with ``serve --workers N`` it tells which worker answered."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.value = str(os.getpid()).encode()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-worker", self.value)]
            await send(message)

        await self.app(scope, receive, send_with_header)


def error_response(err: AssistantError, folders: dict[str, str] | None = None) -> JSONResponse:
    """The status code for a domain error, and its message without the server's folders in it."""
    status = next((code for cls, code in STATUS.items() if isinstance(err, cls)), 500)
    return JSONResponse({"error": printable(redact(str(err), folders or {}))}, status_code=status)


def create_app(settings: Settings | None = None, assistant: Assistant | None = None, *,
               with_ui: bool = True) -> FastAPI:
    """The app that `assistant serve` runs. Loading the model and index happens in the background after start."""
    settings = settings or Settings()
    app = FastAPI(title="Critical Minerals Policy Assistant", version="0.1.0",
                  description="Grounded, cited answers about critical minerals and rare earths.")
    state: dict[str, Any] = {"assistant": assistant, "ready": False, "error": None}
    folders = server_folders(settings)
    lock = threading.Lock()

    def get_assistant() -> Assistant:
        with lock:
            if state["assistant"] is None:
                state["assistant"] = build_assistant(settings)
            return state["assistant"]  # type: ignore[no-any-return]

    def warm() -> None:
        try:
            set_torch_threads(settings.serve_threads)
            get_assistant().warm_up()
            state["ready"] = True
        except AssistantError as err:
            state["error"] = redact(str(err), folders)
            log.error("not ready: %s", err)
        except Exception as err:  # keep serving /healthz and report the cause on /readyz
            state["error"] = redact(f"{type(err).__name__}: {err}", folders)
            log.exception("warm-up failed")

    @app.on_event("startup")
    def _start() -> None:
        threading.Thread(target=warm, name="warm-up", daemon=True).start()

    app.add_middleware(WorkerHeader)
    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        # text that is not text (lone surrogates, control characters) is a 400, like an empty question; a wrong
        # shape stays a 422. The echoed input may hold the very characters that cannot be encoded: make it printable
        status = 400 if any(e.get("type") in BAD_TEXT for e in errors) else 422
        return JSONResponse(printable({"error": _readable(errors), "details": jsonable_encoder(errors)}),
                            status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        # a body that is not even text (not UTF-8) fails before validation, with FastAPI's own {"detail": ...}
        if exc.status_code == 400 and "parsing the body" in str(exc.detail):
            return JSONResponse({"error": "the body is not valid JSON (it is not UTF-8 text); send a UTF-8 JSON "
                                 "object such as {\"question\": \"...\"}"}, status_code=400)
        return await http_exception_handler(request, exc)

    @app.exception_handler(AssistantError)
    async def _domain(_: Request, exc: AssistantError) -> JSONResponse:
        return error_response(exc, folders)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s from %s", request.method, request.url.path,
                      client_address(request.scope))
        return JSONResponse({"error": "internal error; the server log has the details"}, status_code=500)

    limiter = RateLimiter(settings.rate_limit) if settings.rate_limit else None
    install(app, frame_ancestors=settings.frame_ancestors, cors_origins=settings.cors_origins,
            api_keys=settings.api_keys, limiter=limiter)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz() -> JSONResponse:
        """The model and index are loaded."""
        if state["ready"]:
            return JSONResponse({"status": "ready"})
        body = {"status": "starting" if state["error"] is None else "error", "error": state["error"]}
        return JSONResponse(body, status_code=503)

    @app.post("/api/ask", response_model=AskResponse)
    def ask(request: AskRequest) -> dict[str, Any]:
        """Answer a question with numbered citations, or abstain."""
        answer = get_assistant().ask(request.question, request.history, request.filters)
        return answer.to_dict()

    @app.post("/api/ask/stream")
    def ask_stream(request: AskRequest) -> StreamingResponse:
        """Server-sent events: ``delta`` events with the answer as it is composed, then ``done`` with the full JSON."""
        events = get_assistant().stream(request.question, request.history, request.filters)
        first = next(events)  # errors surface here, before the response starts

        def body() -> Iterator[str]:
            for event in itertools.chain([first], events):  # lazily: `(first, *events)` would wait for the end
                name = event.pop("event")
                yield f"event: {name}\ndata: {json.dumps(event, ensure_ascii=False)}\n\n"

        return StreamingResponse(body(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.get("/api/sources")
    def sources() -> dict[str, Any]:
        """The indexed documents with their metadata; ``path`` is relative to the corpus folder (an outside
        document: its file name)."""
        docs = get_assistant().sources()
        for doc in docs:
            doc["path"] = public_path(str(doc.get("path", "")), settings.corpus_dir)
        return {"count": len(docs), "documents": docs}

    @app.post("/api/feedback")
    def feedback(body: FeedbackRequest, request: Request) -> dict[str, Any]:
        """Append a thumbs up/down (and optional comment) on an answer to the feedback log."""
        from .feedback import FeedbackLog

        entry = FeedbackLog(settings.feedback_path).record(question=body.question, answer=body.answer,
                                                           verdict=body.verdict, comment=body.comment,
                                                           client=client_address(request.scope))
        return {"recorded": True, "time": entry["time"]}

    @app.get("/api/chart/{name}", responses={200: {"content": {"image/png": {}, "image/svg+xml": {}}},
                                             404: {"description": "unknown chart id or format"}})
    def chart(name: str) -> Response:
        """A chart of a recent answer (its ``chart`` block's id), drawn server-side: ``{id}.png`` or ``{id}.svg``."""
        chart_id, _, fmt = name.rpartition(".")
        if fmt not in ("png", "svg") or not chart_id:
            return JSONResponse({"error": f"{name!r} is not a chart file; ask for {{id}}.png or {{id}}.svg"},
                                status_code=404)
        image = get_assistant().charts.image(chart_id, "png" if fmt == "png" else "svg")
        if image is None:
            return JSONResponse({"error": f"no chart {chart_id!r}: charts are kept for recent answers only; ask "
                                 "the question again"}, status_code=404)
        return Response(image, media_type="image/png" if fmt == "png" else "image/svg+xml",
                        headers={"Cache-Control": "private, max-age=3600"})

    @app.get("/widget.js", include_in_schema=False)
    def widget() -> Response:
        """The script-tag chat widget: a corner button that opens /embed/ in a panel (README, Embedding)."""
        from .ui.app import STATIC

        allowed = json.dumps((settings.frame_ancestors or "'self'").split())
        script = (STATIC / "widget.js").read_text(encoding="utf-8").replace("__FRAME_ANCESTORS__", allowed)
        return Response(script, media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=300"})

    from .openai_api import create_router

    app.include_router(create_router(get_assistant, settings))
    if settings.mcp_http:
        from .mcp_server import mount_mcp

        mount_mcp(app, get_assistant, host=settings.host)

    if with_ui:  # last: the UI's mount at / catches every path not routed above
        @app.get("/embed", include_in_schema=False)
        def embed_slash(request: Request) -> RedirectResponse:
            """``/embed`` -> ``/embed/`` (the chat is mounted at the slash form), keeping the query string."""
            query = request.url.query
            return RedirectResponse("/embed/" + (f"?{query}" if query else ""), status_code=307)

        from .ui import mount_ui

        app = mount_ui(app, get_assistant, settings, limiter)
    return app
