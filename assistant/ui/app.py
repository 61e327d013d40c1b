"""The Gradio chat: streaming cited answers, filters, copy with references, feedback. Callbacks stay thin.

The conversation lives in a server-side ``gr.State`` (raw questions and answer JSON); the chat window only shows
HTML rendered from it by ``render``, so follow-ups use the real text and the page never holds live source text.
"""

# No ``from __future__ import annotations`` here: Gradio reads the callbacks' annotations at runtime to find
# ``gr.Request`` and ``gr.LikeData`` parameters, and ``gr`` is imported lazily inside ``build_blocks``.
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import AssistantError, BadRequestError
from ..feedback import FeedbackLog
from ..security import RateLimiter
from ..types import Filters, Turn
from . import render

EXAMPLES = [
    "Why are rare earths critical to AI?",
    "What did China's April 2025 export controls cover?",
    "What are the US and its allies doing to reduce reliance on China?",
    "How much of the world's gallium does China produce?",
]
STATIC = Path(__file__).resolve().parent.parent / "static"
KINDS = ["policy-note", "data-note", "document"]
AUTHORITIES = ["official", "analysis", "news"]

# Clicking a marker toggles its passage (hover and keyboard focus already show it through CSS).
HEAD = """<script>
document.addEventListener('click', function (e) {
  var t = e.target && e.target.closest ? e.target.closest('.cm-cite') : null;
  document.querySelectorAll('.cm-cite.cm-open').forEach(function (x) { if (x !== t) x.classList.remove('cm-open'); });
  if (t) { t.classList.toggle('cm-open'); }
});
</script>"""

History = list[dict[str, Any]]  # [{"question": str, "answer": dict, "filters": dict | None}]


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
                          authority=authority or None, **dates)
    except ValidationError as err:
        raise BadRequestError(err.errors()[0]["msg"].removeprefix("Value error, ")) from None
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
        turns += [Turn(role="user", content=turn["question"][:20_000]),
                  Turn(role="assistant", content=str(turn["answer"].get("answer", ""))[:20_000])]
    return turns[-50:]


def _user(request: Any) -> str | None:
    return getattr(request, "username", None) if request is not None else None


def _client(request: Any) -> str:
    client = getattr(request, "client", None)
    return "ip:" + (getattr(client, "host", None) or "unknown")


def build_blocks(get_assistant: Callable[[], Any], *, feedback_path: Path, limiter: RateLimiter | None = None,
                 compact: bool = False) -> Any:
    """The chat page; ``compact`` is the iframe version served at ``/embed``."""
    import gradio as gr

    log = FeedbackLog(feedback_path)

    def corpus_line() -> str:
        try:
            info = get_assistant().corpus_info()
        except AssistantError as err:
            return f"Corpus unavailable: {err}"
        except Exception:  # the index may still be loading; the page must still open
            return "Corpus loading…"
        as_of = info.get("as_of") or "unknown"
        return f"Corpus as of **{as_of}** · **{info['sources']}** sources in **{info['documents']}** notes"

    def load_page() -> tuple[Any, ...]:
        try:
            docs = get_assistant().sources()
        except Exception:
            docs = []
        minerals = sorted({m for d in docs for m in d.get("minerals", [])})
        countries = sorted({c for d in docs for c in d.get("countries", [])})
        return corpus_line(), gr.update(choices=minerals), gr.update(choices=countries)

    def respond(message: str, history: History, minerals: list[str], countries: list[str], kind: list[str],
                authority: list[str], date_from: str, date_to: str,
                request: gr.Request) -> Iterator[tuple[Any, ...]]:
        history = list(history or [])
        message = message or ""
        if not message.strip():
            yield transcript(history), history, message, gr.update()
            return
        if limiter is not None:
            wait = limiter.hit(_client(request))
            if wait is not None:
                history.append({"question": message, "error": f"Too many questions (limit {limiter.spec}); "
                                                              f"try again in {wait} s."})
                yield transcript(history), history, "", gr.update()
                return
        yield transcript(history, (message, render.streaming_html(""))), history, "", gr.update()
        try:
            filters = build_filters(minerals, countries, kind, authority, date_from, date_to)
            events = get_assistant().stream(message, turns_of(history), filters)
            text = ""
            answer: dict[str, Any] | None = None
            for event in events:
                if event.get("event") == "delta":
                    text += str(event.get("text", ""))
                    yield transcript(history, (message, render.streaming_html(text))), history, "", gr.update()
                elif event.get("event") == "done":
                    answer = event["answer"]
        except AssistantError as err:
            history.append({"question": message, "error": str(err)})
            yield transcript(history), history, "", gr.update()
            return
        if answer is None:
            history.append({"question": message, "error": "no answer came back; try again"})
            yield transcript(history), history, "", gr.update()
            return
        history.append({"question": message, "answer": answer,
                        "filters": filters.model_dump(mode="json", exclude_none=True) if filters else None})
        yield transcript(history), history, "", render.markdown_with_references(answer)

    def record(history: History, index: int | None, verdict: str, comment: str, request: gr.Request) -> str:
        answered = [t for t in history or [] if "answer" in t]
        if not answered:
            return "Ask a question first; feedback is about an answer."
        turn = answered[-1]
        if index is not None and 0 <= index < len(history or []):
            turn = history[index]
            if "answer" not in turn:
                return "That message has no answer to rate."
        try:
            log.record(question=turn["question"], answer=turn["answer"], verdict=verdict, comment=comment,
                       user=_user(request), filters=turn.get("filters"))
        except AssistantError as err:
            return f"⚠️ {err}"
        except OSError as err:
            return f"⚠️ could not write the feedback log ({err.strerror}); tell the operator"
        return "Thanks, your feedback was recorded" + (" with your comment." if comment.strip() else ".")

    def vote_up(history: History, comment: str, request: gr.Request) -> tuple[str, str]:
        status = record(history, None, "up", comment, request)
        return status, "" if status.startswith("Thanks") else comment

    def vote_down(history: History, comment: str, request: gr.Request) -> tuple[str, str]:
        status = record(history, None, "down", comment, request)
        return status, "" if status.startswith("Thanks") else comment

    def liked(history: History, comment: str, data: gr.LikeData, request: gr.Request) -> tuple[str, str]:
        if data.liked is None or data.liked == "":
            return "", comment
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        verdict = "down" if data.liked is False or str(data.liked).lower() == "dislike" else "up"
        status = record(history, int(index) // 2, verdict, comment, request)
        return status, "" if status.startswith("Thanks") else comment

    def clear() -> tuple[Any, ...]:
        return [], [], "", "", ""

    title = "Critical Minerals Policy Assistant"
    with gr.Blocks(title=title, analytics_enabled=False, fill_height=compact) as demo:
        history_state = gr.State([])
        if compact:
            gr.Markdown(f"**{title}** · every sentence quotes a dated, named source", elem_id="cm-title")
        else:
            gr.Markdown(f"## {title}\nAnswers quote curated, dated sources; every sentence is cited. Click or hover "
                        "a [n] marker to see the quoted passage.", elem_id="cm-title")
        corpus = gr.Markdown("Corpus loading…", elem_id="cm-corpus")
        with gr.Accordion("Filters", open=not compact, elem_id="cm-filters"):
            with gr.Row():
                minerals = gr.Dropdown([], multiselect=True, label="Mineral", elem_id="cm-f-mineral")
                countries = gr.Dropdown([], multiselect=True, label="Country", elem_id="cm-f-country")
                kinds = gr.Dropdown(KINDS, multiselect=True, label="Note kind", elem_id="cm-f-kind")
                authority = gr.Dropdown(AUTHORITIES, multiselect=True, label="Authority", elem_id="cm-f-authority")
            with gr.Row():
                date_from = gr.Textbox(label="Published from", placeholder="YYYY-MM-DD", elem_id="cm-f-from")
                date_to = gr.Textbox(label="Published to", placeholder="YYYY-MM-DD", elem_id="cm-f-to")
        chatbot = gr.Chatbot(label="Conversation", elem_id="cm-chat", height=380 if compact else 520,
                             latex_delimiters=[], sanitize_html=True, feedback_options=("Like", "Dislike"),
                             placeholder="Ask about critical minerals: supply, export controls, prices, policy.")
        with gr.Row():
            question = gr.Textbox(show_label=False, placeholder="Type a question and press Enter", scale=6,
                                  elem_id="cm-question", max_length=20_000)
            ask = gr.Button("Ask", variant="primary", scale=1, elem_id="cm-ask")
            clear_btn = gr.Button("Clear chat", scale=1, elem_id="cm-clear")
        gr.Examples(EXAMPLES, inputs=[question], label="Example questions", elem_id="cm-examples")
        with gr.Accordion("Copy answer with references", open=not compact, elem_id="cm-copy-panel"):
            copy_box = gr.Textbox(label="Answer with references (Markdown)", lines=5, max_lines=14,
                                  interactive=False, buttons=["copy"], elem_id="cm-copy")
            copy_btn = gr.Button("Copy answer with references", size="sm", elem_id="cm-copy-btn")
        with gr.Row(elem_id="cm-feedback"):
            comment = gr.Textbox(label="Comment on the last answer (optional)", scale=4, max_length=2000,
                                 elem_id="cm-comment")
            up = gr.Button("Helpful ✓", scale=1, elem_id="cm-up")
            down = gr.Button("Not helpful ✗", scale=1, elem_id="cm-down")
        status = gr.Markdown("", elem_id="cm-status")

        inputs = [question, history_state, minerals, countries, kinds, authority, date_from, date_to]
        outputs = [chatbot, history_state, question, copy_box]
        question.submit(respond, inputs, outputs, concurrency_limit=4)
        ask.click(respond, inputs, outputs, concurrency_limit=4)
        clear_btn.click(clear, None, [chatbot, history_state, question, copy_box, status])
        copy_btn.click(None, [copy_box], None, js="(text) => { if (navigator.clipboard) "
                       "{ navigator.clipboard.writeText(text).catch(() => {}); } return []; }")
        up.click(vote_up, [history_state, comment], [status, comment])
        down.click(vote_down, [history_state, comment], [status, comment])
        chatbot.like(liked, [history_state, comment], [status, comment])
        demo.load(load_page, None, [corpus, minerals, countries])
    return demo
