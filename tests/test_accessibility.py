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


# --- 200% zoom ----------------------------------------------------------------------------------------------------
# Browser zoom at 200% halves the CSS pixels a window holds: a 1280x800 window lays the page out in 640x400 CSS px,
# media queries see 640 px, and devicePixelRatio becomes 2. A context with viewport 640x400 and device_scale_factor=2
# is exactly that (a 1280x800 device-pixel window at zoom 2). device_scale_factor=2 alone on a 1280x800 viewport, or
# Chromium's --force-device-scale-factor=2 under Playwright's own viewport emulation, would only render sharper
# pixels: the page would still get 1280 CSS px and the test would prove nothing about zoom.
ZOOM_WINDOW = (1280, 800)


@pytest.fixture
def zoomed(browser: Any) -> Iterator[Any]:  # noqa: F811
    width, height = ZOOM_WINDOW
    context = browser.new_context(viewport={"width": width // 2, "height": height // 2}, device_scale_factor=2,
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    yield page
    context.close()


def _fits_horizontally(page: Any, selector: str) -> bool:
    return page.locator(selector).last.evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.left >= -1 && r.right <= innerWidth + 1; }")


@pytest.mark.parametrize("path", ["/", "/embed/"])
def test_200_percent_zoom(zoomed: Any, app_server: dict[str, Any], axe_source: str, path: str) -> None:  # noqa: F811
    page = zoomed
    page.goto(f"{app_server['base']}{path}")
    _ready(page)
    assert page.evaluate("[innerWidth, devicePixelRatio]") == [ZOOM_WINDOW[0] // 2, 2]
    answer = _ask(page, "How much of the world's gallium does China produce?")
    name = "zoom200-" + (path.strip("/") or "full")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), (
        f"{name}: the page scrolls sideways: scrollWidth {page.evaluate('document.documentElement.scrollWidth')}")
    box = page.locator("#cm-question textarea")
    box.scroll_into_view_if_needed()
    assert box.is_visible() and _fits_horizontally(page, "#cm-question textarea")
    answer.locator(".cm-text").scroll_into_view_if_needed()
    assert answer.locator(".cm-text").is_visible() and _fits_horizontally(page, ".cm-answer .cm-text")
    assert "98%" in answer.locator(".cm-text").inner_text()
    _check(page, axe_source, name, page)


# --- the complete keyboard-only walk ------------------------------------------------------------------------------
FOCUSED = """() => { const el = document.activeElement;
  if (!el || el === document.body) return null;
  const by = el.getAttribute('aria-labelledby');
  const label = el.getAttribute('aria-label') || (by && by.split(' ').map(i => document.getElementById(i))
      .filter(Boolean).map(e => e.textContent).join(' ')) || (el.labels && el.labels[0] && el.labels[0].textContent)
      || (el.innerText || '').trim() || el.getAttribute('placeholder') || el.getAttribute('title') || '';
  const s = getComputedStyle(el);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  const r = el.getBoundingClientRect();
  const shown = s.visibility === 'visible' && r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
      && r.left < innerWidth && r.top < innerHeight;  // the browser scrolls a focused control into view
  const home = el.closest('[id^="cm-"]');
  return {name: label.replace(/\\s+/g, ' ').trim().slice(0, 60), role: el.getAttribute('role') || el.tagName.toLowerCase(),
          id: home ? home.id : '', ring: ring, shown: shown, outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow}; }"""


def _tab_walk(page: Any, limit: int = 80) -> list[dict[str, Any]]:
    """Tab from the top of the page until focus leaves the document or comes back round; what each stop was."""
    seen: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is None or (seen and now == seen[0]):
            break
        seen.append(now)
    return seen


def _first(stops: list[dict[str, Any]], test: Any) -> int:
    return next((i for i, s in enumerate(stops) if test(s)), -1)


def test_keyboard_walk_every_control_in_order_with_a_focus_ring(page: Any,  # noqa: F811
                                                                  app_server: dict[str, Any]) -> None:  # noqa: F811
    page.goto(f"{app_server['base']}/")
    _ready(page)
    stops = _tab_walk(page)
    listing = "\n".join(f"{i:2} {s['role']:<10} {s['id']:<16} {s['name']!r} ring={s['ring']} shown={s['shown']}"
                        for i, s in enumerate(stops))
    order = [_first(stops, lambda s: s["id"] == "cm-question"), _first(stops, lambda s: s["id"] == "cm-ask"),
             _first(stops, lambda s: s["id"] == "cm-clear"), _first(stops, lambda s: s["id"] == "cm-examples"),
             _first(stops, lambda s: s["id"] == "cm-filters-btn"),
             _first(stops, lambda s: s["id"].startswith("cm-copy")),
             _first(stops, lambda s: s["id"] in ("cm-comment", "cm-up", "cm-down"))]
    assert -1 not in order and order == sorted(order), f"Tab order is not sensible {order}:\n{listing}"
    no_ring = [s for s in stops if not s["ring"]]
    assert no_ring == [], f"controls without a visible focus ring:\n{listing}"
    assert all(s["name"] for s in stops), f"a control without an accessible name:\n{listing}"
    assert all(s["shown"] for s in stops), f"Tab reaches a control that is not on screen:\n{listing}"
    assert not any(s["name"] == "Textbox" for s in stops), f"a generic name instead of a label:\n{listing}"
    page.screenshot(path=str(ARTIFACTS / "a11y-tab-walk-end.png"))


def _tab_until(page: Any, test: str, back: bool = False, limit: int = 60) -> None:
    """Press Tab (Shift+Tab with back) until `test` (JS, on document.activeElement as `el`) holds."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({test}); }})()"):
            return
    raise AssertionError(f"Tab never reached {test}; focus is on {page.evaluate(FOCUSED)}")


def test_keyboard_only_ask_open_a_citation_and_filter(page: Any, app_server: dict[str, Any]) -> None:  # noqa: F811
    """Nothing but the keyboard from page load: ask, open and close a [n] marker, open the filters and apply one."""
    page.goto(f"{app_server['base']}/")
    _ready(page)
    _tab_until(page, "el.closest('#cm-question')")
    page.keyboard.type("How much of the world's gallium does China produce?")
    page.keyboard.press("Enter")
    page.locator(".cm-answer .cm-sources").last.wait_for()
    assert page.evaluate("document.activeElement.closest('#cm-question') !== null")  # focus stays to ask again
    _tab_until(page, "el.classList.contains('cm-cite')", back=True)  # the answer sits above the question box
    marker = page.locator(".cm-cite:focus")
    name = (marker.locator(".cm-sr").text_content() or "").strip()  # its accessible name (Gradio drops aria-label)
    assert re.fullmatch(r"Source \d+: .+", name), name
    page.keyboard.press("Enter")
    assert "cm-open" in (marker.get_attribute("class") or "")
    assert marker.locator(".cm-pop").is_visible()
    page.screenshot(path=str(ARTIFACTS / "a11y-keyboard-citation-open.png"))
    page.keyboard.press("Escape")
    assert page.locator(".cm-cite.cm-open").count() == 0
    assert page.evaluate("document.activeElement.classList.contains('cm-cite')")
    assert page.evaluate("document.activeElement.querySelector('.cm-sr').textContent.trim()") == name  # same one
    _tab_until(page, "el.closest('#cm-filters-btn')")
    page.keyboard.press("Enter")
    page.locator("#cm-f-kind input").wait_for(state="visible")
    _tab_until(page, "el.closest('#cm-f-kind') && el.tagName === 'INPUT'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.locator("#cm-filters-btn").get_by_text("1 active").wait_for()
    page.screenshot(path=str(ARTIFACTS / "a11y-keyboard-filter-applied.png"), full_page=True)


def test_keyboard_only_widget_traps_focus_and_returns_it(page: Any, site: str,  # noqa: F811
                                                          app_server: dict[str, Any]) -> None:  # noqa: F811
    page.goto(f"{site}/widget.html")
    page.locator(".cm-assistant-button").wait_for()
    _tab_until(page, "el.classList.contains('cm-assistant-button')", limit=20)
    page.keyboard.press("Enter")
    panel = page.locator(".cm-assistant-panel")
    panel.wait_for(state="visible")
    assert page.locator(".cm-assistant-button").get_attribute("aria-expanded") == "true"
    page.frame_locator(".cm-assistant-panel iframe").locator("#cm-corpus").get_by_text("as of").wait_for()
    inside = "document.querySelector('.cm-assistant-panel').contains(document.activeElement)"
    assert page.evaluate(inside)  # opening moved focus into the panel
    for key in ["Tab"] * 40 + ["Shift+Tab"] * 10:  # round the whole chat and past its ends, both ways
        page.keyboard.press(key)
        assert page.evaluate(inside), f"{key} let focus out of the open panel onto {page.evaluate(FOCUSED)}"
    _tab_until(page, "el.tagName === 'IFRAME'", limit=40)  # Escape from inside the chat's frame
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('cm-assistant-button')")
    assert page.locator(".cm-assistant-button").get_attribute("aria-expanded") == "false"
