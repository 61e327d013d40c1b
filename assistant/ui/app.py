"""The Gradio layout: chat, filters, examples, copy with references, feedback. Callbacks forward to ChatHandlers."""

# No ``from __future__ import annotations`` here: Gradio reads the callbacks' annotations at runtime to find
# ``gr.Request`` and ``gr.LikeData`` parameters, and ``gr`` is imported lazily inside ``build_blocks``.
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..inputs import printable
from ..security import RateLimiter
from . import render
from .chat import ChatHandlers, History, client_address, client_key, user_of

FILTER_LABELS = ("Mineral", "Country", "Note kind", "Authority", "Published from", "Published to")
EXAMPLES = [
    "Why are rare earths critical to AI?",
    "What did China's April 2025 export controls cover?",
    "What are the US and its allies doing to reduce reliance on China?",
    "How much of the world's gallium does China produce?",
]
STATIC = Path(__file__).resolve().parent.parent / "static"
KINDS = ["policy-note", "data-note", "document"]
AUTHORITIES = ["official", "analysis", "news"]

# Clicking a marker (or Enter on it) toggles its passage (hover and keyboard focus already show it through CSS);
# Escape closes an open passage, else, inside the script-tag widget's frame, asks the host page to close the panel.
HEAD = """<script>
document.addEventListener('click', function (e) {
  var t = e.target && e.target.closest ? e.target.closest('.cm-cite') : null;
  document.querySelectorAll('.cm-cite.cm-open').forEach(function (x) { if (x !== t) x.classList.remove('cm-open'); });
  if (t) { t.classList.toggle('cm-open'); }
});
document.addEventListener('keydown', function (e) {
  var t = e.target && e.target.closest ? e.target.closest('.cm-cite') : null;
  if (t && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); t.classList.toggle('cm-open'); return; }
  if (e.key !== 'Escape') { return; }
  var open = document.querySelectorAll('.cm-cite.cm-open');
  if (open.length) { open.forEach(function (x) { x.classList.remove('cm-open'); }); open[0].focus(); return; }
  if (document.activeElement && document.activeElement.classList.contains('cm-cite')) {
    document.activeElement.blur(); return; }
  if (window.parent !== window) { window.parent.postMessage({type: 'cm-assistant:close'}, '*'); }
});
// One announcement per answer: the chat's own live regions would read every streamed piece, so they are muted and
// #cm-live (filled once an answer is finished) speaks instead.
new MutationObserver(function () {
  var chat = document.getElementById('cm-chat');
  if (chat) { chat.querySelectorAll('[aria-live]:not([aria-live="off"])').forEach(function (x) {
    x.setAttribute('aria-live', 'off'); }); }
  var live = document.getElementById('cm-live');
  if (live && !live.hasAttribute('aria-live')) { live.setAttribute('role', 'status');
    live.setAttribute('aria-live', 'polite'); }
}).observe(document.documentElement, {subtree: true, childList: true});
</script>"""

# The answer's chart onto the clipboard as an image (it is on this server, so the fetch is same-origin).
COPY_PNG = """async () => { const a = document.querySelector('#cm-chart-links a[href$=".png"]');
  if (!a || !navigator.clipboard || !window.ClipboardItem) { return []; }
  try { const blob = await (await fetch(a.href)).blob();
        await navigator.clipboard.write([new ClipboardItem({'image/png': blob})]); } catch (e) { }
  return []; }"""


def build_blocks(get_assistant: Callable[[], Any], *, feedback_path: Path, limiter: RateLimiter | None = None,
                 compact: bool = False) -> Any:
    """The chat page; ``compact`` is the iframe version served at ``/embed``."""
    import gradio as gr

    chat = ChatHandlers(get_assistant, feedback_path, limiter)

    def load_page(request: gr.Request) -> tuple[Any, ...]:
        minerals, countries = chat.filter_choices()
        opening = str(request.query_params.get("q", "") if request is not None else "")[:2000]  # widget data-question
        return (chat.corpus_line(), gr.update(choices=minerals), gr.update(choices=countries),
                gr.update(value=opening) if opening else gr.update())

    def respond(message: str, history: History, minerals: list[str], countries: list[str], kind: list[str],
                authority: list[str], date_from: str, date_to: str,
                request: gr.Request) -> Iterator[tuple[Any, ...]]:
        values = (minerals, countries, kind, authority, date_from, date_to)
        for messages, new_history, copy in chat.respond(message, history, values, client=client_key(request)):
            if copy is None:
                last = new_history[-1] if new_history and len(messages) == 2 * len(new_history) else {}
                said = render.error_html(last["error"]) if "error" in last else gr.update()
                yield messages, new_history, "", gr.update(), gr.update(), gr.update(), said, gr.update()
                continue
            answer = new_history[-1].get("answer", {}) if new_history else {}
            csv = render.table_csv(answer)
            links = render.chart_links(answer)
            yield (messages, new_history, "", copy, gr.update(value=csv, visible=bool(csv)),
                   gr.update(value=links), render.live_text(answer), gr.update(visible=bool(links)))

    def filter_count(*values: Any) -> tuple[str, Any]:
        active = [label for label, value in zip(FILTER_LABELS, values, strict=True)
                  if (value.strip() if isinstance(value, str) else value)]
        if not active:
            return "No filters: answers may quote every note.", gr.update(value="Filters")
        return (f"**{len(active)} active:** {', '.join(active)}",
                gr.update(value=f"Filters ({len(active)} active)"))

    def vote(verdict: str) -> Callable[..., tuple[str, str]]:
        def handler(history: History, comment: str, request: gr.Request) -> tuple[str, str]:
            status = chat.record(history, verdict, comment, user=user_of(request), client=client_address(request))
            return status, "" if status.startswith("Thanks") else printable(comment)

        return handler

    def liked(history: History, comment: str, data: gr.LikeData, request: gr.Request) -> tuple[str, str]:
        if data.liked is None or data.liked == "":
            return "", comment
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        verdict = "down" if data.liked is False or str(data.liked).lower() == "dislike" else "up"
        status = chat.record(history, verdict, comment, turn_index=int(index) // 2, user=user_of(request),
                             client=client_address(request))
        return status, "" if status.startswith("Thanks") else printable(comment)

    def clear() -> tuple[Any, ...]:
        return [], [], "", "", "", gr.update(value="", visible=False), "", "", gr.update(visible=False)

    title = "Critical Minerals Policy Assistant"
    with gr.Blocks(title=title, analytics_enabled=False, fill_height=compact) as demo:
        history_state = gr.State([])
        if compact:
            gr.Markdown(f"**{title}** · every sentence quotes a dated, named source", elem_id="cm-title")
        else:
            gr.Markdown(f"## {title}\nAnswers quote curated, dated sources; every sentence is cited. Click or hover "
                        "a [n] marker to see the quoted passage.", elem_id="cm-title")
        corpus = gr.Markdown("Corpus loading…", elem_id="cm-corpus")
        # conversation first, the question box right under it, examples as chips; filters in a side panel
        chatbot = gr.Chatbot(label="Conversation", show_label=False, elem_id="cm-chat",
                             height="58vh" if compact else "62vh", min_height=240,
                             latex_delimiters=[], sanitize_html=True,
                             feedback_options=("Like", "Dislike"),
                             buttons=[],  # its copy buttons would copy our HTML; "Copy answer with references" instead
                             placeholder="Ask about critical minerals: supply, export controls, prices, policy.")
        with gr.Row(elem_id="cm-ask-row", equal_height=True):
            question = gr.Textbox(label="Your question", show_label=False, scale=6,
                                  placeholder="Type a question and press Enter", elem_id="cm-question",
                                  max_length=20_000, lines=1)
            ask = gr.Button("Ask", variant="primary", scale=0, min_width=64, elem_id="cm-ask")
            clear_btn = gr.Button("Clear", scale=0, min_width=64, elem_id="cm-clear")
        gr.Examples(EXAMPLES, inputs=[question], label="Try", elem_id="cm-examples")
        with gr.Row(elem_id="cm-filter-row"):
            filters_btn = gr.Button("Filters", size="sm", scale=0, min_width=90, elem_id="cm-filters-btn")
            filters_line = gr.Markdown("No filters: answers may quote every note.", elem_id="cm-filter-count")
        with gr.Accordion("Copy answer with references, table as CSV, chart as PNG", open=False,
                          elem_id="cm-copy-panel"):
            copy_box = gr.Textbox(label="Answer with references (Markdown)", lines=5, max_lines=14,
                                  interactive=False, buttons=["copy"], elem_id="cm-copy")
            copy_btn = gr.Button("Copy answer with references", size="sm", elem_id="cm-copy-btn")
            csv_box = gr.Textbox(label="Table as CSV", lines=4, max_lines=12, interactive=False, buttons=["copy"],
                                 visible=False, elem_id="cm-csv")
            chart_links = gr.HTML("", elem_id="cm-chart-links")
            png_btn = gr.Button("Copy chart as PNG", size="sm", visible=False, elem_id="cm-copy-png")
        with gr.Row(elem_id="cm-feedback"):
            comment = gr.Textbox(label="Comment on the last answer (optional)", scale=4, max_length=2000,
                                 elem_id="cm-comment")
            up = gr.Button("Helpful ✓", scale=1, elem_id="cm-up")
            down = gr.Button("Not helpful ✗", scale=1, elem_id="cm-down")
        status = gr.Markdown("", elem_id="cm-status")
        live = gr.HTML("", elem_id="cm-live")  # visually hidden; a screen reader hears each finished answer once
        with gr.Sidebar(label="Filters", open=False, position="right", elem_id="cm-filters"):
            gr.Markdown("**Filters** narrow the sources an answer may quote.")
            minerals = gr.Dropdown([], multiselect=True, label="Mineral", elem_id="cm-f-mineral")
            countries = gr.Dropdown([], multiselect=True, label="Country", elem_id="cm-f-country")
            kinds = gr.Dropdown(KINDS, multiselect=True, label="Note kind", elem_id="cm-f-kind")
            authority = gr.Dropdown(AUTHORITIES, multiselect=True, label="Authority", elem_id="cm-f-authority")
            date_from = gr.Textbox(label="Published from", placeholder="YYYY-MM-DD", elem_id="cm-f-from")
            date_to = gr.Textbox(label="Published to", placeholder="YYYY-MM-DD", elem_id="cm-f-to")

        inputs = [question, history_state, minerals, countries, kinds, authority, date_from, date_to]
        outputs = [chatbot, history_state, question, copy_box, csv_box, chart_links, live, png_btn]
        filter_inputs: list[Any] = [minerals, countries, kinds, authority, date_from, date_to]
        # private: the UI's own endpoints are not a second, keyless API (the HTTP API is /api/*)
        private: dict[str, Any] = {"api_visibility": "private"}
        question.submit(respond, inputs, outputs, concurrency_limit=4, **private)
        ask.click(respond, inputs, outputs, concurrency_limit=4, **private)
        cleared = [chatbot, history_state, question, copy_box, status, csv_box, chart_links, live, png_btn]
        clear_btn.click(clear, None, cleared, **private).then(
            None, None, None, js="() => { const b = document.querySelector('#cm-question textarea'); "
                                  "if (b) { b.focus(); } return []; }")
        chatbot.clear(clear, None, cleared, **private)
        for widget in filter_inputs:
            widget.change(filter_count, filter_inputs, [filters_line, filters_btn], **private)
        filters_btn.click(None, None, None, js="() => { const t = document.querySelector("
                          "'#cm-filters button[aria-label=\"Toggle Sidebar\"], button[aria-label=\"Toggle Sidebar\"]');"
                          " if (t) { t.click(); } return []; }")
        png_btn.click(None, None, None, js=COPY_PNG)
        copy_btn.click(None, [copy_box], None, js="(text) => { if (navigator.clipboard) "
                       "{ navigator.clipboard.writeText(text).catch(() => {}); } return []; }")
        up.click(vote("up"), [history_state, comment], [status, comment], **private)
        down.click(vote("down"), [history_state, comment], [status, comment], **private)
        chatbot.like(liked, [history_state, comment], [status, comment], **private)
        demo.load(load_page, None, [corpus, minerals, countries, question], **private)
    return demo
