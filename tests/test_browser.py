"""The chat in a real browser: Debian's Chromium driven by Playwright against a real uvicorn server.

The app runs on one loopback port over the fixture corpus plus a hostile note (tests/data/xss); the examples folder
is served as a plain "intranet" site on another port, so the iframe, the script-tag widget and the plain-JS page are
cross-origin, exactly as on an intranet. Screenshots go to test-artifacts/ (git-ignored).

Chromium is installed by ``make chromium`` (a dependency of ``make test``), not here; with ``CI`` set a missing
browser fails the run instead of skipping it.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest

from tests.conftest import DATA, FIXTURE_CORPUS
from tests.test_resilience import free_port

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT = 90_000  # ms; two shared CPU cores make the first answer slow


def _ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"Chromium is missing at {CHROMIUM}; run `make chromium` (apt-get install -y chromium)"
    if os.environ.get("CI"):
        pytest.fail(message + " — CI is set, so the browser tests may not skip")
    pytest.skip(message)


EXAMPLE_BASE = "http://127.0.0.1:7860"  # the assistant URL written in examples/*.html
SITE: dict[str, str] = {}  # {"assistant": base}: the example pages are served pointing at the test's server


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if not self.path.split("?")[0].endswith("widget.html") or "assistant" not in SITE:
            super().do_GET()
            return
        body = (ROOT / "examples" / "widget.html").read_text().replace(EXAMPLE_BASE, SITE["assistant"]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """examples/ served as a plain intranet site on loopback."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()),
                                             functools.partial(_Quiet, directory=str(ROOT / "examples")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def app_server(site: str, tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """A real uvicorn server over the fixture corpus + the hostile note, allowing the intranet site to frame it."""
    import uvicorn

    from assistant.api import create_app
    from assistant.assistant import build_assistant
    from assistant.settings import Settings

    root = tmp_path_factory.mktemp("browser")
    corpus = root / "corpus"
    shutil.copytree(FIXTURE_CORPUS, corpus)
    shutil.copy(DATA / "xss" / "zorblium-hostile.md", corpus)
    shutil.copy(DATA / "xss" / "grolmium-hostile-data.md", corpus)
    shutil.copy(DATA / "charts" / "quibbium-prices.md", corpus)
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", feedback_path=root / "feedback.jsonl",
                        frame_ancestors=f"'self' {site}", cors_origins=[site])
    assistant = build_assistant(settings, embedder=embedder)
    assistant.ingest(progress=False)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, assistant), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    SITE["assistant"] = base
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    else:
        pytest.fail("the app server did not become ready in 120 s")
    yield {"base": base, "feedback": settings.feedback_path}
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _ensure_chromium()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, site: str, app_server: dict[str, Any]) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """A fresh page that records every request it makes and any dialog a script opens."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    for origin in (site, app_server["base"]):
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    page.set_default_timeout(TIMEOUT)
    yield page
    context.close()


def _feedback(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


WATCH_STREAMING = """() => { window.sawStreaming = 0; new MutationObserver(() => {
  if (document.querySelector('.cm-streaming')) window.sawStreaming += 1; })
  .observe(document.body, {subtree: true, childList: true, characterData: true}); }"""


def _ask(frame: Any, question: str) -> None:
    box = frame.locator("#cm-question textarea")
    box.fill(question)
    box.press("Enter")


def _gradio_frame(page: Any, site: str, app_server: dict[str, Any]) -> Any:
    page.goto(f"{site}/intranet.html?assistant={app_server['base']}")
    page.wait_for_function("document.querySelector('#assistant').src.includes('/embed')")
    frame = page.frame_locator("#assistant")
    frame.locator("#cm-corpus").get_by_text("as of").wait_for()
    return frame


def test_intranet_iframe_chat_end_to_end(page: Any, site: str, app_server: dict[str, Any]) -> None:
    frame = _gradio_frame(page, site, app_server)
    corpus_line = frame.locator("#cm-corpus").inner_text()
    assert "as of 2025-" in corpus_line and "sources in 8 notes" in corpus_line
    assert frame.get_by_text("How much of the world's gallium does China produce?").is_visible()  # examples
    inner = page.frames[1]
    inner.evaluate(WATCH_STREAMING)

    question = "How much of the world's gallium does China produce?"
    _ask(frame, question)
    sources = frame.locator(".cm-answer .cm-sources").last
    sources.wait_for()
    assert inner.evaluate("window.sawStreaming") > 0, "the answer was not streamed"
    answer = frame.locator(".cm-answer").last
    assert "98%" in answer.locator(".cm-text").inner_text()
    panel = sources.inner_text()
    assert "U.S. Geological Survey" in panel and "2024-01-31" in panel and "OFFICIAL" in panel.upper()
    assert sources.locator("a[href^='https://example.org/']").count() >= 1

    marker = answer.locator(".cm-text .cm-cite").first
    popup = marker.locator(".cm-pop")
    assert not popup.is_visible()
    answer.scroll_into_view_if_needed()
    answer.evaluate("el => el.scrollIntoView({block: 'start'})")
    marker.click()
    popup.wait_for(state="visible")
    assert "98%" in popup.inner_text() and "Geological Survey" in popup.inner_text()
    page.screenshot(path=str(ARTIFACTS / "intranet-iframe-answer-with-passage.png"), full_page=True)
    frame.locator("#cm-chat").screenshot(path=str(ARTIFACTS / "embed-chat-passage-revealed.png"))

    # copy with references: the textbox holds Markdown; the button puts it on the clipboard
    frame.locator("#cm-copy-panel").get_by_text("Copy answer with references").first.click()  # open the accordion
    copy_box = frame.locator("#cm-copy textarea")
    copy_box.wait_for(state="visible")
    markdown = copy_box.input_value()
    assert "98%" in markdown and "**References**" in markdown and "1. U.S. Geological Survey" in markdown
    frame.locator("#cm-copy-btn").click()
    page.wait_for_timeout(300)
    clip = page.evaluate("navigator.clipboard.readText()")  # the iframe may write, only the page may read
    assert clip == markdown

    # the chat's own thumbs rate that message
    frame.locator("#cm-chat button[aria-label='Dislike']").last.click()
    frame.locator("#cm-status").get_by_text("Thanks").wait_for()
    entry = _feedback(app_server["feedback"])[-1]
    assert entry["question"] == question and entry["verdict"] == "down" and entry["comment"] == ""

    # feedback with a comment, found in the log
    frame.locator("#cm-comment textarea").fill("Clear and <b>sourced</b>")
    frame.locator("#cm-up").click()
    frame.locator("#cm-status").get_by_text("with your comment").wait_for()
    entry = _feedback(app_server["feedback"])[-1]
    assert entry["question"] == question and entry["verdict"] == "up" and entry["comment"] == "Clear and <b>sourced</b>"
    assert entry["citations"] and "98%" in entry["answer"]

    # a follow-up uses the conversation ("how much of the world's rare earths does China produce?"; the fixture
    # notes give no such share for germanium, which is declined)
    _ask(frame, "And rare earths?")
    frame.locator(".cm-answer .cm-sources").nth(1).wait_for()
    followup = frame.locator(".cm-answer").last.inner_text()
    assert "rare earth" in followup.lower() and "270,000" in followup
    page.screenshot(path=str(ARTIFACTS / "intranet-iframe-followup.png"), full_page=True)

    # clear chat
    frame.locator("#cm-clear").click()
    frame.locator(".cm-answer").first.wait_for(state="detached")


def test_filters_narrow_the_sources(page: Any, site: str, app_server: dict[str, Any]) -> None:
    frame = _gradio_frame(page, site, app_server)
    frame.locator("#cm-filters-btn").click()  # opens the side panel
    country = frame.locator("#cm-f-country input")
    country.click()
    country.fill("Freedonia")
    frame.get_by_role("option", name="Freedonia").click()
    page.keyboard.press("Escape")
    frame.locator("#cm-filters-btn").get_by_text("1 active").wait_for()
    page.screenshot(path=str(ARTIFACTS / "filters-panel-open.png"), full_page=True)
    _ask(frame, "What export rules took effect?")
    answer = frame.locator(".cm-answer").last
    answer.locator(".cm-sources, .cm-abstain-label").first.wait_for()
    notes = answer.locator(".cm-note").all_inner_texts()
    assert notes and all("Zorblium" in n for n in notes), notes
    page.screenshot(path=str(ARTIFACTS / "intranet-iframe-filtered.png"), full_page=True)


def test_hostile_note_and_question_never_execute_in_the_chat(page: Any, site: str,
                                                             app_server: dict[str, Any]) -> None:
    frame = _gradio_frame(page, site, app_server)
    inner = page.frames[1]
    question = 'How much zorblium did Freedonia export? <img src=x onerror="window.pwned=\'question\'">'
    _ask(frame, question)
    answer = frame.locator(".cm-answer").last
    answer.locator(".cm-sources").wait_for()
    answer.locator(".cm-text .cm-cite").first.hover()
    page.mouse.move(5, 5)
    text = answer.inner_text()
    assert "<script>window.pwned='body'</script>" in text  # shown as text
    assert "<img src=x onerror=" in text and "javascript:window.pwned='anchor'" in text
    assert "Evil <script>window.pwned='publisher'</script> Press" in text
    assert '<img src=x onerror="window.pwned=\'question\'">' in frame.locator(".cm-question").last.inner_text()
    assert frame.locator("#cm-chat img[src='x'], #cm-chat script, #cm-chat a[href^='javascript']").count() == 0
    assert inner.evaluate("window.pwned") is None and page.evaluate("window.pwned") is None
    assert page.dialogs == []  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "xss-shown-as-text-in-chat.png"), full_page=True)


def test_plain_javascript_example(page: Any, site: str, app_server: dict[str, Any]) -> None:
    page.goto(f"{site}/ask-api.html?api={app_server['base']}")
    page.wait_for_function("document.querySelectorAll('#mineral option').length > 3")
    # count the text pieces the stream appends before the final render replaces them
    page.evaluate("""() => { window.deltas = 0; window.streamed = ""; let done = false;
      new MutationObserver((records) => {
        for (const r of records) { if (r.removedNodes.length) done = true;
          for (const n of r.addedNodes) if (!done && n.nodeType === Node.TEXT_NODE) {
            window.deltas += 1; window.streamed += n.textContent; } } })
        .observe(document.querySelector('#answer'), {childList: true}); }""")
    page.select_option("#mineral", "germanium")
    page.fill("#question", "How did germanium prices change?")
    page.click("#ask button")
    page.locator("#sources li").first.wait_for()
    assert page.evaluate("window.deltas") >= 1, "the answer did not arrive as delta events"
    assert page.evaluate("window.streamed") == page.locator("#answer").inner_text()
    cited = page.locator("#sources li").all_inner_texts()
    assert cited and all("germanium" in s.lower() or "gallium" in s.lower() for s in cited)
    page.locator("#answer .cite").first.click()
    assert page.locator("#passage").is_visible() and page.locator("#passage").inner_text().startswith("[1]")
    page.click("#copy")
    markdown = page.input_value("#copied")
    assert "**References**" in markdown and page.locator("#answer").inner_text().strip().splitlines()[0] in markdown
    assert page.evaluate("navigator.clipboard.readText()") == markdown
    page.fill("#comment", "plain JS works")
    page.click("#down")
    page.get_by_text("Thanks, feedback recorded.").wait_for()
    entry = _feedback(app_server["feedback"])[-1]
    assert entry["verdict"] == "down" and entry["comment"] == "plain JS works"
    assert entry["question"] == "How did germanium prices change?"
    page.screenshot(path=str(ARTIFACTS / "plain-js-example.png"), full_page=True)

    page.fill("#question", 'zorblium exports <img src=x onerror="window.pwned=1">')
    page.select_option("#mineral", "")
    page.click("#ask button")
    page.locator("#sources li").first.wait_for()
    shown = page.locator("#answer").inner_text()
    assert "<script>window.pwned='body'</script>" in shown or "<img src=x onerror=" in shown  # as text
    assert page.locator("#answer script, #answer img, #sources img, #sources script").count() == 0
    assert page.evaluate("window.pwned") is None and page.dialogs == []  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "xss-shown-as-text-plain-js.png"), full_page=True)


def test_pages_make_no_request_off_loopback(page: Any, site: str, app_server: dict[str, Any]) -> None:
    frame = _gradio_frame(page, site, app_server)
    _ask(frame, "What is the MP Materials price floor?")
    frame.locator(".cm-answer .cm-sources").last.wait_for()
    page.goto(f"{site}/ask-api.html?api={app_server['base']}")
    page.wait_for_function("document.querySelectorAll('#mineral option').length > 3")
    page.goto(f"{app_server['base']}/")
    page.locator("#cm-corpus").get_by_text("as of").wait_for()
    page.get_by_text("What did China's April 2025 export controls cover?").first.click()  # an example question
    page.locator("#cm-ask").click()
    page.locator(".cm-answer .cm-sources, .cm-abstain-label").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "full-page-ui.png"), full_page=True)
    hosts = {urlparse(u).hostname for u in page.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}  # type: ignore[attr-defined]
    assert hosts == {"127.0.0.1"}, hosts


def test_other_origins_cannot_frame_the_ui(page: Any, site: str, app_server: dict[str, Any]) -> None:
    other = site.replace("127.0.0.1", "localhost")  # same files, an origin not in ASSISTANT_FRAME_ANCESTORS
    page.goto(f"{other}/intranet.html?assistant={app_server['base']}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        frames = [f for f in page.frames if f is not page.main_frame and f.url not in ("", "about:blank")]
        if frames:  # the browser refused the framed document and shows its error page instead
            break
        page.wait_for_timeout(200)
    assert frames and frames[0].url.startswith("chrome-error://"), [f.url for f in page.frames]
    assert page.frame_locator("#assistant").locator("#cm-question").count() == 0


def _hosts(page: Any) -> set[str | None]:
    return {urlparse(u).hostname for u in page.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}


def _image_loaded(locator: Any) -> bool:
    return bool(locator.evaluate("img => img.complete && img.naturalWidth > 0"))


def test_trend_answer_shows_a_table_and_a_chart_that_loads(page: Any, app_server: dict[str, Any]) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{app_server['base']}/")
    page.locator("#cm-corpus").get_by_text("as of").wait_for()
    page.locator("#cm-question textarea").fill("How has the quibbium price changed since 2019?")
    page.locator("#cm-ask").click()
    answer = page.locator(".cm-answer .cm-sources").last.locator("xpath=..")
    table = answer.locator("table.cm-table")
    table.wait_for()
    assert table.locator("th").first.inner_text() == "Year" and table.locator("tbody tr").count() >= 5
    image = answer.locator(".cm-chart img")
    image.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert _image_loaded(image) and image.get_attribute("alt").startswith("Line chart. Quibbium price")
    caption = answer.locator(".cm-chart figcaption").inner_text()
    assert "Source" in caption and "Ruritania Metals Board" in caption and "[1]" in caption
    answer.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "trend-answer-table.png"), full_page=False)
    answer.locator(".cm-chart").evaluate("el => el.scrollIntoView({block: 'start'})")
    page.locator("#cm-chat").screenshot(path=str(ARTIFACTS / "trend-answer-chart.png"))

    page.locator("#cm-copy-panel").get_by_text("Copy answer with references").first.click()
    csv_box = page.locator("#cm-csv textarea")
    csv_box.wait_for(state="visible")
    assert csv_box.input_value().startswith("Year,") and "Ruritania Metals Board" in csv_box.input_value()
    png = page.locator("#cm-chart-links a", has_text="PNG").first
    assert png.get_attribute("href").startswith("/api/chart/") and png.get_attribute("href").endswith(".png")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server["base"])
    page.locator("#cm-copy-png").click()
    clip: list[str] = []
    for _ in range(20):
        clip = page.evaluate("navigator.clipboard.read().then(items => items.flatMap(i => i.types))")
        if "image/png" in clip:
            break
        page.wait_for_timeout(250)
    assert "image/png" in clip, clip
    page.screenshot(path=str(ARTIFACTS / "copy-panel-csv-and-png.png"), full_page=True)
    assert _hosts(page) == {"127.0.0.1"}, _hosts(page)


def test_hostile_data_note_renders_as_text_in_table_and_chart(page: Any, app_server: dict[str, Any]) -> None:
    page.goto(f"{app_server['base']}/")
    page.locator("#cm-corpus").get_by_text("as of").wait_for()
    page.locator("#cm-question textarea").fill("How has Ruritania's grolmium output changed since 2021?")
    page.locator("#cm-ask").click()
    answer = page.locator(".cm-answer").last
    answer.locator(".cm-sources, .cm-abstain-label").first.wait_for()
    page.wait_for_timeout(500)
    assert page.locator("#cm-chat script, #cm-chat img[src='x'], #cm-chat a[href^='javascript']").count() == 0
    assert page.evaluate("window.pwned") is None and page.dialogs == []  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "xss-data-note-as-text.png"), full_page=True)


def test_widget_opens_asks_streams_and_closes(page: Any, browser: Any, site: str, app_server: dict[str, Any]) -> None:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    baseline = browser.new_page()
    baseline.goto(f"{site}/widget.css")
    plain = set(baseline.evaluate("Object.keys(window)"))
    baseline.close()
    page.goto(f"{site}/widget.html")
    button = page.locator(".cm-assistant-button")
    button.wait_for()
    added = {k for k in page.evaluate("Object.keys(window)") if not k.isdigit()} - plain  # (digits: frames)
    assert added == {"CMAssistant"}, added
    page.screenshot(path=str(ARTIFACTS / "widget-closed.png"))
    button.click()
    panel = page.locator(".cm-assistant-panel")
    panel.wait_for(state="visible")
    assert button.get_attribute("aria-expanded") == "true"
    frame = page.frame_locator(".cm-assistant-panel iframe")
    box = frame.locator("#cm-question textarea")
    box.wait_for()
    frame.locator("#cm-corpus").get_by_text("as of").wait_for()
    assert box.input_value() == "How have gallium prices changed since 2022?"  # data-question
    inner = next(f for f in page.frames if "/embed/" in f.url)
    inner.evaluate(WATCH_STREAMING)
    box.fill("How much of the world's gallium does China produce?")
    box.press("Enter")
    frame.locator(".cm-answer .cm-sources").last.wait_for()
    assert inner.evaluate("window.sawStreaming") > 0, "the answer was not streamed"
    assert "98%" in frame.locator(".cm-answer").last.inner_text()
    page.screenshot(path=str(ARTIFACTS / "widget-open-with-answer.png"))
    closer = page.get_by_role("button", name="Close the assistant")
    closer.focus()
    page.keyboard.press("Tab")  # focus stays inside the open panel
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    closer.focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    box.focus()
    box.press("Escape")  # inside the frame: the chat asks the host page to close the panel
    panel.wait_for(state="hidden")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.className") == "cm-assistant-button"
    page.evaluate("CMAssistant.open()")
    panel.wait_for(state="visible")
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert violations == [], violations
    assert _hosts(page) == {"127.0.0.1"}, _hosts(page)


def test_widget_is_not_added_on_a_page_the_assistant_may_not_be_framed_by(page: Any, site: str,
                                                                          app_server: dict[str, Any]) -> None:
    page.goto(site.replace("127.0.0.1", "localhost") + "/widget.html")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert page.locator(".cm-assistant-button").count() == 0 and page.evaluate("typeof CMAssistant") == "undefined"


def test_phone_width_keeps_the_question_box_visible(page: Any, app_server: dict[str, Any]) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{app_server['base']}/")
    page.locator("#cm-corpus").get_by_text("as of").wait_for()
    box = page.locator("#cm-question textarea")

    def visible_in_viewport() -> bool:
        rect = box.evaluate("el => { const r = el.getBoundingClientRect(); return [r.top, r.bottom, r.right]; }")
        return rect[0] >= 0 and rect[1] <= 740 and rect[2] <= 375

    page.screenshot(path=str(ARTIFACTS / "phone-empty.png"))
    assert visible_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1  # no sideways scrolling
    box.fill("How has the quibbium price changed since 2019?")
    box.press("Enter")
    page.locator(".cm-answer .cm-sources").last.wait_for()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "phone-answer.png"))
    assert visible_in_viewport()


def test_embed_and_root_work_without_and_with_the_slash(page: Any, app_server: dict[str, Any]) -> None:
    response = page.goto(f"{app_server['base']}/embed")
    assert response is not None and response.ok and page.url.endswith("/embed/")
    page.locator("#cm-question textarea").wait_for()
    response = page.goto(f"{app_server['base']}/")
    assert response is not None and response.status == 200
    page.locator("#cm-question textarea").wait_for()
    page.screenshot(path=str(ARTIFACTS / "full-page-empty-1280.png"))


CSP_WATCH = """document.addEventListener('securitypolicyviolation', (e) => {
  (window.top.cspViolations = window.top.cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI); });"""


def test_the_chat_works_under_its_content_security_policy(page: Any, site: str, app_server: dict[str, Any]) -> None:
    """The UI pages send a CSP allowing only the server itself; the chat (full page and framed) still answers, and
    the browser reports no violation, neither as an event nor on the console."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.add_init_script(CSP_WATCH)  # runs in every frame, before the page's own scripts
    response = page.goto(f"{app_server['base']}/")
    policy = response.headers["content-security-policy"]
    assert policy.startswith("default-src 'self'") and response.headers["x-content-type-options"] == "nosniff"
    page.locator("#cm-corpus").get_by_text("as of").wait_for()
    page.locator("#cm-question textarea").fill("How much of the world's gallium does China produce?")
    page.locator("#cm-ask").click()
    page.locator(".cm-answer .cm-sources").last.wait_for()
    page.locator(".cm-answer .cm-text .cm-cite").first.click()
    page.locator("#cm-chat button[aria-label='Like']").last.click()
    page.locator("#cm-status").get_by_text("Thanks").wait_for()
    page.locator("#cm-copy-panel").get_by_text("Copy answer with references").first.click()  # closed by default
    page.locator("#cm-copy-btn").click()
    page.locator("#cm-filters-btn").click()  # the filters' side panel
    page.locator("#cm-f-mineral input").click()
    page.get_by_role("option", name="gallium").wait_for()
    page.keyboard.press("Escape")
    frame = _gradio_frame(page, site, app_server)
    _ask(frame, "What is the MP Materials price floor?")
    frame.locator(".cm-answer .cm-sources").last.wait_for()
    violations = page.evaluate("window.cspViolations || []")
    csp_errors = [e for e in errors if "Content Security Policy" in e or "Content-Security-Policy" in e]
    assert violations == [] and csp_errors == [], (violations, csp_errors)
    page.screenshot(path=str(ARTIFACTS / "csp-chat.png"), full_page=True)
