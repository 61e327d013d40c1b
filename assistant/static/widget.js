/* Critical Minerals Policy Assistant: the script-tag chat widget.
 *   <script src="https://assistant.example.org/widget.js" defer
 *           data-title="Ask the minerals desk" data-accent="#0b5394" data-corner="bottom-right"
 *           data-question="How have China's rare earth quotas changed?"></script>
 * Adds a button in a corner that opens the compact chat (an iframe of /embed/) in a panel. One global:
 * window.CMAssistant {open, close, toggle}. No inline styles or scripts (styles are set through the CSSOM), so it
 * works under a strict host CSP that allows this origin in script-src and frame-src. Escape closes the panel. */
(function () {
  "use strict";
  if (window.CMAssistant) { return; }
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var origin = new URL(script.src, location.href).origin;
  var allowed = __FRAME_ANCESTORS__; /* ASSISTANT_FRAME_ANCESTORS, filled in by the server */

  function permitted(host) {
    return allowed.some(function (source) {
      if (source === "*" || source === "'self'" && host === origin) { return true; }
      if (source.indexOf("*.") >= 0) {
        var parts = source.split("*.");
        return host.indexOf(parts[0]) === 0 && host.slice(-parts[1].length) === parts[1];
      }
      return source.replace(/\/$/, "") === host;
    });
  }
  if (!permitted(location.origin)) {
    if (window.console) {
      console.warn("CMAssistant: " + location.origin + " is not in the assistant's ASSISTANT_FRAME_ANCESTORS; " +
                   "no chat button added");
    }
    return;
  }

  var data = script.dataset;
  var title = data.title || "Ask the Critical Minerals Assistant";
  var accent = /^#[0-9a-fA-F]{3,8}$/.test(data.accent || "") ? data.accent : "#1d4ed8";
  var corner = /^(top|bottom)-(left|right)$/.test(data.corner || "") ? data.corner : "bottom-right";
  var vertical = corner.split("-")[0], side = corner.split("-")[1];
  var button, panel, frame, closer, opened = false;

  function css(el, styles) { for (var k in styles) { el.style[k] = styles[k]; } return el; }

  function make(tag, attrs) {
    var el = document.createElement(tag);
    for (var k in attrs) { el.setAttribute(k, attrs[k]); }
    return el;
  }

  function icon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("width", "22"); svg.setAttribute("height", "22");
    svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }

  function build() {
    button = make("button", {type: "button", "aria-haspopup": "dialog", "aria-expanded": "false",
                             "aria-label": title, "class": "cm-assistant-button"});
    button.appendChild(icon());
    var label = make("span", {});
    label.textContent = "Ask";
    css(label, {marginLeft: "6px"});
    button.appendChild(label);
    var place = {position: "fixed", zIndex: "2147483000"};
    place[vertical] = "20px"; place[side] = "20px";
    css(button, place);
    css(button, {display: "flex", alignItems: "center", padding: "10px 16px", border: "0", borderRadius: "999px",
                 background: accent, color: "#fff", font: "600 15px system-ui, sans-serif", cursor: "pointer",
                 boxShadow: "0 4px 14px rgba(0,0,0,.25)"});
    button.addEventListener("click", function () { toggle(); });

    panel = make("div", {role: "dialog", "aria-modal": "true", "aria-label": title,
                         "class": "cm-assistant-panel"});
    var at = {position: "fixed", zIndex: "2147483001", display: "none", flexDirection: "column",
              width: "min(420px, calc(100vw - 24px))", height: "min(640px, calc(100vh - 96px))",
              background: "#fff", border: "1px solid #d1d5db", borderRadius: "12px", overflow: "hidden",
              boxShadow: "0 12px 40px rgba(0,0,0,.3)"};
    at[vertical] = "76px"; at[side] = "12px";
    css(panel, at);
    var bar = make("div", {});
    css(bar, {display: "flex", alignItems: "center", justifyContent: "space-between", padding: "8px 12px",
              background: accent, color: "#fff", font: "600 15px system-ui, sans-serif"});
    var heading = make("span", {});
    heading.textContent = title;
    closer = make("button", {type: "button", "aria-label": "Close the assistant"});
    closer.textContent = "\u00d7";
    css(closer, {background: "transparent", color: "#fff", border: "0", font: "700 22px system-ui, sans-serif",
                 cursor: "pointer", lineHeight: "1", padding: "0 4px"});
    closer.addEventListener("click", function () { close(); });
    bar.appendChild(heading); bar.appendChild(closer);
    var src = origin + "/embed/" + (data.question ? "?q=" + encodeURIComponent(data.question) : "");
    frame = make("iframe", {title: title, src: src, referrerpolicy: "strict-origin-when-cross-origin"});
    css(frame, {border: "0", width: "100%", flex: "1 1 auto"});
    /* focus stays in the open panel: leaving the chat frame's last control comes back to the close button */
    var last = make("span", {tabindex: "0"});
    last.addEventListener("focus", function () { closer.focus(); });
    panel.appendChild(bar); panel.appendChild(frame); panel.appendChild(last);
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); close(); }
      if (e.key === "Tab") {  /* keep focus inside the open panel: the close button and the chat */
        var inside = document.activeElement === frame;
        if (e.shiftKey && !inside) { e.preventDefault(); frame.focus(); }
        else if (!e.shiftKey && inside) { e.preventDefault(); closer.focus(); }
      }
    });
    document.body.appendChild(panel);
    document.body.appendChild(button);
  }

  function open() {
    if (!panel) { return; }
    opened = true;
    panel.style.display = "flex";
    button.setAttribute("aria-expanded", "true");
    frame.focus();
  }

  function close() {
    if (!panel || !opened) { return; }
    opened = false;
    panel.style.display = "none";
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }

  function toggle() { if (opened) { close(); } else { open(); } }

  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && opened) { close(); } });
  /* Escape pressed inside the chat: the framed page tells us (it cannot reach this document itself) */
  window.addEventListener("message", function (e) {
    if (e.origin === origin && e.data && e.data.type === "cm-assistant:close") { close(); }
  });

  window.CMAssistant = {open: open, close: close, toggle: toggle};
  if (document.body) { build(); } else { document.addEventListener("DOMContentLoaded", build); }
})();
