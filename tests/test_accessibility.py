"""Accessibility in Chromium: axe-core (npm, package.json; `make test` installs it) over each view at WCAG 2.0/2.1 A
and AA, and a keyboard-only walk. Uses the real server and intranet site of tests/test_browser.py."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.test_browser import ARTIFACTS, ROOT, TIMEOUT, app_server, browser, site  # noqa: F401 (fixtures)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = f"axe-core is missing at {AXE}; run `npm install` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)  # to inject axe
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    yield page
    context.close()


def violations(target: Any, source: str) -> list[str]:
    """axe's WCAG A/AA violations in a page or frame, one line each: rule, impact, element and its HTML."""
    target.evaluate(source)
    result = target.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    out = []
    for v in result["violations"]:
        for node in v["nodes"]:
            why = (node.get("any") or [{}])[0].get("message", "") if v["id"] == "color-contrast" else ""
            out.append(f"{v['id']} ({v['impact']}): {' '.join(map(str, node['target']))} :: {node['html'][:120]}"
                       + (f" :: {why}" if why else ""))
    return out


def _ready(target: Any) -> None:
    target.locator("#cm-corpus").get_by_text("as of").wait_for()


def _ask(target: Any, question: str) -> Any:
    box = target.locator("#cm-question textarea")
    box.fill(question)
    box.press("Enter")
    answer = target.locator(".cm-answer").last
    answer.locator(".cm-sources, .cm-abstain-label").first.wait_for()
    return answer


def _check(target: Any, source: str, name: str, page: Any) -> None:
    found = violations(target, source)
    page.screenshot(path=str(ARTIFACTS / f"a11y-{name}.png"), full_page=True)
    assert found == [], f"{name}: {len(found)} axe violations\n" + "\n".join(found)


def test_axe_full_page_with_a_table_and_chart_answer(page: Any, app_server: dict[str, Any],  # noqa: F811
                                                      axe_source: str) -> None:
    page.goto(f"{app_server['base']}/")
    _ready(page)
    _check(page, axe_source, "full-page-empty", page)
    answer = _ask(page, "How has the quibbium price changed since 2019?")
    answer.locator(".cm-chart img").wait_for()
    _check(page, axe_source, "full-page-chart-answer", page)


def test_axe_embed_with_an_abstention_and_the_filters_open(page: Any, app_server: dict[str, Any],  # noqa: F811
                                                           axe_source: str) -> None:
    page.goto(f"{app_server['base']}/embed/")
    _ready(page)
    _check(page, axe_source, "embed-empty", page)
    _ask(page, "What is the population of the lunar colonies in 2090?")
    _check(page, axe_source, "embed-abstention", page)
    page.locator("#cm-filters-btn").click()
    page.locator("#cm-f-mineral").wait_for(state="visible")
    _check(page, axe_source, "embed-filters-open", page)


def test_axe_widget_panel(page: Any, site: str, app_server: dict[str, Any], axe_source: str) -> None:  # noqa: F811
    page.goto(f"{site}/widget.html")
    page.locator(".cm-assistant-button").click()
    page.locator(".cm-assistant-panel").wait_for(state="visible")
    frame = page.frame_locator(".cm-assistant-panel iframe")
    frame.locator("#cm-corpus").get_by_text("as of").wait_for()
    inner = next(f for f in page.frames if "/embed/" in f.url)
    _check(page, axe_source, "widget-host", page)
    _check(inner, axe_source, "widget-panel", page)


def test_keyboard_only_walk(page: Any, app_server: dict[str, Any]) -> None:  # noqa: F811
    page.goto(f"{app_server['base']}/")
    _ready(page)
    for _ in range(15):  # the question box is reached by Tab
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#cm-question') !== null"):
            break
    assert page.evaluate("document.activeElement.closest('#cm-question') !== null")
    page.keyboard.type("How much of the world's gallium does China produce?")
    page.keyboard.press("Enter")
    page.locator(".cm-answer .cm-sources").last.wait_for()
    live = page.locator("#cm-live")
    live.get_by_text("98%").wait_for(state="attached")
    assert live.inner_text().count("98%") == 1  # the finished answer once, not every streamed piece
    marker = page.locator(".cm-answer .cm-cite").first
    assert page.get_by_role("button", name=re.compile(r"Source 1: U\.S\. Geological Survey")).count() >= 1
    marker.focus()
    page.keyboard.press("Enter")
    assert "cm-open" in (marker.get_attribute("class") or "")
    page.keyboard.press("Escape")
    assert "cm-open" not in (marker.get_attribute("class") or "")
    assert page.evaluate("document.activeElement.classList.contains('cm-cite')")
    page.locator("#cm-filters-btn").focus()
    page.keyboard.press("Enter")
    kind = page.locator("#cm-f-kind input")
    kind.wait_for(state="visible")
    kind.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.locator("#cm-filters-btn").get_by_text("1 active").wait_for()
    page.screenshot(path=str(ARTIFACTS / "a11y-keyboard-walk.png"), full_page=True)


def test_reduced_motion_and_320_px(browser: Any, app_server: dict[str, Any]) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 320, "height": 700}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{app_server['base']}/")
    _ready(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 321  # no sideways scrolling of the page
    assert page.locator("#cm-ask").evaluate("b => b.getBoundingClientRect().right") <= 320
    page.screenshot(path=str(ARTIFACTS / "a11y-320px.png"))
    context.close()
