"""The chat's behaviour without Gradio: answering with streaming updates, filters, feedback, corpus line.

``build_blocks`` (app.py) only lays out widgets and forwards to a ``ChatHandlers``; tests drive the handlers directly
with a real assistant. The conversation is server-side state (raw questions and answer JSON); the chat window only
ever shows HTML rendered from it by ``render``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import AssistantError, BadRequestError
from ..feedback import FeedbackLog
from ..inputs import clean_text, printable
from ..security import RateLimiter
from ..types import Filters, Turn
from . import render

History = list[dict[str, Any]]  # [{"question": str, "answer": dict, "filters": dict | None} or {"question", "error"}]
Update = tuple[list[dict[str, str]], History, str | None]  # chat messages, new history, copy text (None: unchanged)


def build_filters(minerals: list[str] | None, countries: list[str] | None, kind: list[str] | None,
                  authority: list[str] | None, date_from: str | None, date_to: str | None) -> Filters | None:
    """The filter widgets' values as Filters; a bad date is a BadRequestError saying how to write it."""
    from pydantic import ValidationError

    dates: dict[str, dt.date | None] = {}
    for name, label, value in (("published_from", "Published from", date_from), ("published_to", "Published to",
                                                                                  date_to)):
        value = (value or "").strip()
        try:
            dates[name] = dt.date.fromisoformat(value) if value else None
        except ValueError:
            raise BadRequestError(f"{label} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-01-31") from None
    try:
        filters = Filters(minerals=minerals or None, countries=countries or None, kind=kind or None,
                          authority=authority or None, published_from=dates["published_from"],
                          published_to=dates["published_to"])
    except ValidationError as err:
        first = err.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "bad_text" and first["loc"]:
            message = f"the {first['loc'][0]} filter {message}"
        raise BadRequestError(message) from None
    return None if filters.is_empty() else filters


def transcript(history: History, pending: tuple[str, str] | None = None) -> list[dict[str, str]]:
    """Chat messages (role, HTML) for the stored turns, plus a question still being answered."""
    messages = []
    for turn in history:
        messages.append({"role": "user", "content": render.question_html(turn["question"])})
        if "error" in turn:
            messages.append({"role": "assistant", "content": render.error_html(turn["error"])})
        else:
            messages.append({"role": "assistant", "content": render.answer_html(turn["answer"])})
    if pending is not None:
        messages.append({"role": "user", "content": render.question_html(pending[0])})
        messages.append({"role": "assistant", "content": pending[1]})
    return messages


def turns_of(history: History) -> list[Turn]:
    turns: list[Turn] = []
    for turn in history:
        if "error" in turn:
            continue
        # stored questions were checked when asked; an answer is the notes' text, never refused for a stray control
        turns += [Turn(role="user", content=turn["question"][:20_000]),
                  Turn(role="assistant", content=printable(str(turn["answer"].get("answer", "")))[:20_000])]
    return turns[-50:]


def user_of(request: Any) -> str | None:
    return getattr(request, "username", None) if request is not None else None


def client_address(request: Any) -> str:
    """The address uvicorn resolved for the page's request (behind a trusted proxy: the forwarded one)."""
    client = getattr(request, "client", None)
    return getattr(client, "host", None) or "unknown"


def client_key(request: Any) -> str:
    return "ip:" + client_address(request)


class ChatHandlers:
    """What the chat does, given the facade getter, the feedback log and an optional rate limiter."""

    def __init__(self, get_assistant: Callable[[], Any], feedback_path: Path,
                 limiter: RateLimiter | None = None) -> None:
        self.get_assistant = get_assistant
        self.log = FeedbackLog(feedback_path)
        self.limiter = limiter

    def corpus_line(self) -> str:
        try:
            info = self.get_assistant().corpus_info()
        except AssistantError as err:
            return f"Corpus unavailable: {err}"
        except Exception:  # the index may still be loading; the page must still open
            return "Corpus loading…"
        as_of = info.get("as_of") or "unknown"
        return f"Corpus as of **{as_of}** · **{info['sources']}** sources in **{info['documents']}** notes"

    def filter_choices(self) -> tuple[list[str], list[str]]:
        """Minerals and countries present in the index, for the filter dropdowns."""
        try:
            docs = self.get_assistant().sources()
        except Exception:
            docs = []
        return (sorted({m for d in docs for m in d.get("minerals", [])}),
                sorted({c for d in docs for c in d.get("countries", [])}))

    def respond(self, message: str, history: History, filter_values: tuple[Any, ...], *,
                client: str = "ip:unknown") -> Iterator[Update]:
        """Stream one answer: the question at once, the text as it grows, then the cited answer and its Markdown."""
        history = list(history or [])
        message = message or ""
        if not message.strip():
            yield transcript(history), history, None
            return
        try:
            message = clean_text(message, "the question")
        except BadRequestError as err:  # shown, with the refused characters made visible, before any model runs
            history.append({"question": printable(message), "error": str(err)})
            yield transcript(history), history, None
            return
        if self.limiter is not None:
            wait = self.limiter.hit(client)
            if wait is not None:
                history.append({"question": message, "error": f"Too many questions (limit {self.limiter.spec}); "
                                                              f"try again in {wait} s."})
                yield transcript(history), history, None
                return
        yield transcript(history, (message, render.streaming_html(""))), history, None
        try:
            filters = build_filters(*filter_values)
            text = ""
            answer: dict[str, Any] | None = None
            for event in self.get_assistant().stream(message, turns_of(history), filters):
                if event.get("event") == "delta":
                    text += str(event.get("text", ""))
                    yield transcript(history, (message, render.streaming_html(text))), history, None
                elif event.get("event") == "done":
                    answer = event["answer"]
        except AssistantError as err:
            history.append({"question": message, "error": str(err)})
            yield transcript(history), history, None
            return
        if answer is None:
            history.append({"question": message, "error": "no answer came back; try again"})
            yield transcript(history), history, None
            return
        history.append({"question": message, "answer": answer,
                        "filters": filters.model_dump(mode="json", exclude_none=True) if filters else None})
        yield transcript(history), history, render.markdown_with_references(answer)

    def record(self, history: History, verdict: str, comment: str, *, turn_index: int | None = None,
               user: str | None = None, client: str | None = None) -> str:
        """Log a verdict on one turn (default: the latest answer); return the status line for the user."""
        history = history or []
        if turn_index is not None:
            if not 0 <= turn_index < len(history) or "answer" not in history[turn_index]:
                return "That message has no answer to rate."
            turn = history[turn_index]
        else:
            answered = [t for t in history if "answer" in t]
            if not answered:
                return "Ask a question first; feedback is about an answer."
            turn = answered[-1]
        try:
            self.log.record(question=turn["question"], answer=turn["answer"], verdict=verdict, comment=comment,
                            user=user, filters=turn.get("filters"), client=client)
        except AssistantError as err:
            return f"⚠️ {err}"
        except OSError as err:
            return f"⚠️ could not write the feedback log ({err.strerror}); tell the operator"
        return "Thanks, your feedback was recorded" + (" with your comment." if comment.strip() else ".")
