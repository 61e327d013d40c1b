"""The Gradio chat, mounted into the FastAPI app at ``/``. Works offline: no analytics, no external fonts."""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from .errors import AssistantError
from .types import Turn

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

EXAMPLES = [
    "Why are rare earths critical to AI?",
    "What did China's April 2025 export controls cover?",
    "What are the US and its allies doing to reduce reliance on China?",
]


def format_answer(answer: Any) -> str:
    """Markdown for the chat: the answer, then its numbered sources. Source text is escaped, never live HTML."""
    text = html.escape(answer.text, quote=False)
    if answer.abstained or not answer.citations:
        return text
    lines = [text, "", "**Sources**"]
    for c in answer.citations:
        title = html.escape(c.source_title or c.title, quote=False)
        link = f"[{title}]({c.url})" if c.url.startswith(("http://", "https://")) else title
        lines.append(f"{c.n}. {html.escape(c.publisher, quote=False)}, {link}, {c.published} "
                     f"(note `{c.doc_id}`, {c.authority})")
    return "\n".join(lines)


def mount_ui(app: FastAPI, get_assistant: Callable[[], Any]) -> FastAPI:
    import gradio as gr

    def respond(message: str, history: list[dict[str, Any]]) -> str:
        turns = [Turn(role=h["role"], content=str(h["content"])) for h in history
                 if h.get("role") in ("user", "assistant") and isinstance(h.get("content"), str)]
        try:
            return format_answer(get_assistant().ask(message, turns))
        except AssistantError as err:
            return f"⚠️ {err}"

    theme = gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])
    with gr.Blocks(title="Critical Minerals Policy Assistant", analytics_enabled=False) as demo:
        gr.Markdown("## Critical Minerals Policy Assistant\nAnswers quote curated, dated sources; every sentence is "
                    "cited.")
        gr.ChatInterface(respond, examples=EXAMPLES, cache_examples=False)
    return gr.mount_gradio_app(app, demo, path="/", theme=theme)
