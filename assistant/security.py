"""Access and abuse control for the HTTP face: security headers, API keys, per-client rate limits, CORS, and who
the client is behind a proxy.

All of it is off by default except same-origin framing and the headers. The checks live in one small ASGI middleware
so streaming responses (SSE, Gradio's queue) pass through untouched; CORS is Starlette's own middleware, placed
outside ours so 401 and 429 answers still carry CORS headers and a browser page can read them.

The client's address is whatever uvicorn's proxy-header support makes it (``server_options``): the direct peer, or,
when that peer is a trusted proxy (``ASSISTANT_TRUSTED_PROXIES``), the address it puts in ``X-Forwarded-For``. No
header is parsed here, so a client that is not a trusted proxy cannot choose its own address.
"""

from __future__ import annotations

import hmac
import json
import math
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Paths that are neither the UI nor the API: probes and docs never get the UI's policy or a login.
_PLAIN = ("/healthz", "/readyz", "/docs", "/openapi.json", "/redoc")
# On every response: no MIME sniffing of a JSON body into HTML, and no full URL (with a question in it) sent on.
_EVERYWHERE = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]


def ui_policy(frame_ancestors: str) -> str:
    """The UI pages' Content-Security-Policy: everything from the server itself, nothing from anywhere else.

    Found by loading the chat in Chromium and reading its violations: Gradio needs ``'unsafe-inline'`` for styles
    (Svelte sets style attributes) and scripts (its inline bootstrap config, our marker script), ``'unsafe-eval'``
    (its client turns the event handlers' ``js=`` code, such as "Copy answer with references", into functions), and
    ``data:`` for the inline icons and fonts of its stylesheets. What the policy still does: nothing is
    loaded from, sent to, or submitted to another origin, no plugin runs, and only the listed origins may frame the
    page. Answers are escaped on the server (ui/render.py), so the policy is the second fence against script, not the
    first.
    """
    return "; ".join([
        "default-src 'self'", "script-src 'self' 'unsafe-inline' 'unsafe-eval'", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'",
        "form-action 'self'", "frame-ancestors " + (frame_ancestors.strip() or "'self'"),
    ])


def server_options(trusted_proxies: list[str]) -> dict[str, Any]:
    """uvicorn's proxy-header options: ``X-Forwarded-For`` is believed only from these addresses or networks.

    >>> server_options([])
    {'proxy_headers': False, 'server_header': False}
    >>> server_options(["10.0.0.0/8"])["forwarded_allow_ips"]
    '10.0.0.0/8'
    """
    options: dict[str, Any] = {"proxy_headers": bool(trusted_proxies), "server_header": False}
    if trusted_proxies:
        options["forwarded_allow_ips"] = ",".join(trusted_proxies)
    return options


def guarded(path: str) -> bool:
    """The APIs behind keys and rate limits: our JSON API, the OpenAI-compatible API and the MCP endpoint. Chart
    images (``/api/chart/``) are not: the chat page shows them as ``<img>``, which cannot send a key."""
    if path.startswith("/api/chart/"):
        return False
    return path.startswith(("/api/", "/v1/")) or path == "/mcp" or path.startswith("/mcp/")


def error_body(path: str, message: str, kind: str, code: str) -> dict[str, Any]:
    """``{"error": message}`` on our API; on /v1 the OpenAI shape, so the OpenAI SDKs raise their own errors."""
    if path.startswith("/v1/"):
        return {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return {"error": message}


class RateLimiter:
    """A moving-window limit per client key, from a spec like ``30/minute`` (the ``limits`` library).

    >>> limiter = RateLimiter("2/minute")
    >>> [limiter.hit("ip:1") for _ in range(3)][-1] is not None
    True
    """

    def __init__(self, spec: str) -> None:
        from limits import parse_many
        from limits.storage import MemoryStorage
        from limits.strategies import MovingWindowRateLimiter

        self.spec = spec
        self.items = parse_many(spec)
        self.strategy = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, key: str) -> int | None:
        """Count one request for ``key``; ``None`` when allowed, else the seconds to wait before retrying."""
        for item in self.items:
            if not self.strategy.hit(item, "assistant", key):
                reset = self.strategy.get_window_stats(item, "assistant", key).reset_time
                return max(1, math.ceil(reset - time.time()))
        return None


def bearer_token(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name.lower() == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None


def key_matches(token: str | None, keys: list[str]) -> bool:
    if token is None:
        return False
    return any(hmac.compare_digest(token.encode(), key.encode()) for key in keys)


def client_address(scope: Scope) -> str:
    """The client's address as uvicorn resolved it (behind a trusted proxy: from X-Forwarded-For)."""
    client = scope.get("client")
    return str(client[0]) if client and client[0] else "unknown"


def client_key(scope: Scope, token: str | None = None) -> str:
    """Who a request counts against: its API key when it has one, else its address."""
    if token:
        return "key:" + token
    return "ip:" + client_address(scope)


async def _send_json(send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": payload})


class AccessMiddleware:
    """API keys and rate limits on ``/api/*``, ``/v1/*`` and ``/mcp``; the UI's Content-Security-Policy (with
    ``frame-ancestors``) on its pages; ``nosniff`` and ``Referrer-Policy`` on every response."""

    def __init__(self, app: ASGIApp, *, frame_ancestors: str = "'self'", api_keys: list[str] | None = None,
                 limiter: RateLimiter | None = None) -> None:
        self.app = app
        self.csp = ui_policy(frame_ancestors).encode()
        self.api_keys = list(api_keys or [])
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        plain = guarded(path) or path.startswith(_PLAIN)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                drop = {name for name, _ in _EVERYWHERE} | (set() if plain else {b"content-security-policy",
                                                                                b"x-frame-options"})
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in drop]
                message["headers"] = [*headers, *_EVERYWHERE,
                                      *([] if plain else [(b"content-security-policy", self.csp)])]
            await send(message)

        await self._route(scope, receive, send_with_headers, path)

    async def _route(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        if guarded(path):
            if scope.get("method") == "OPTIONS":  # a CORS preflight carries no credentials
                await self.app(scope, receive, send)
                return
            token = bearer_token(scope.get("headers", []))
            if self.api_keys and not key_matches(token, self.api_keys):
                reason = "is missing" if token is None else "is not a valid key"
                message = (f"this API needs a key and the Authorization header {reason}; send 'Authorization: "
                           "Bearer YOUR_KEY' (ask the operator for a key)")
                await _send_json(send, 401, error_body(path, message, "invalid_request_error", "invalid_api_key"),
                                 [(b"www-authenticate", b"Bearer")])
                return
            if self.limiter is not None:
                wait = self.limiter.hit(client_key(scope, token if self.api_keys else None))
                if wait is not None:
                    message = f"too many requests (limit {self.limiter.spec}); retry in {wait} s"
                    await _send_json(send, 429, {**error_body(path, message, "requests", "rate_limit_exceeded"),
                                                 "retry_after": wait},
                                     [(b"retry-after", str(wait).encode())])
                    return
        await self.app(scope, receive, send)


def install(app: Any, *, frame_ancestors: str, cors_origins: list[str], api_keys: list[str],
            limiter: RateLimiter | None) -> None:
    """Add the middlewares to a FastAPI app: ours first, CORS outermost."""
    app.add_middleware(AccessMiddleware, frame_ancestors=frame_ancestors, api_keys=api_keys, limiter=limiter)
    if cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET", "POST", "OPTIONS"],
                           allow_headers=["Authorization", "Content-Type"], expose_headers=["Retry-After"],
                           max_age=600)
