"""Access and abuse control for the HTTP face: frame-ancestors CSP, API keys, per-client rate limits, CORS.

All of it is off by default except same-origin framing. The checks live in one small ASGI middleware so streaming
responses (SSE, Gradio's queue) pass through untouched; CORS is Starlette's own middleware, placed outside ours so
401 and 429 answers still carry CORS headers and a browser page can read them.
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

# Paths that are neither the UI nor the API: probes and docs never get a frame policy or a login.
_PLAIN = ("/healthz", "/readyz", "/docs", "/openapi.json", "/redoc")


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


def client_key(scope: Scope, token: str | None = None) -> str:
    """Who a request counts against: its API key when it has one, else its address."""
    if token:
        return "key:" + token
    client = scope.get("client")
    return "ip:" + (client[0] if client else "unknown")


async def _send_json(send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": payload})


class AccessMiddleware:
    """API keys and rate limits on ``/api/*``; ``Content-Security-Policy: frame-ancestors`` on the UI pages."""

    def __init__(self, app: ASGIApp, *, frame_ancestors: str = "'self'", api_keys: list[str] | None = None,
                 limiter: RateLimiter | None = None) -> None:
        self.app = app
        self.csp = ("frame-ancestors " + (frame_ancestors.strip() or "'self'")).encode()
        self.api_keys = list(api_keys or [])
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if path.startswith("/api/") and not path.startswith("/api/chart/"):  # charts: images the chat page shows
            if scope.get("method") == "OPTIONS":  # a CORS preflight carries no credentials
                await self.app(scope, receive, send)
                return
            token = bearer_token(scope.get("headers", []))
            if self.api_keys and not key_matches(token, self.api_keys):
                reason = "is missing" if token is None else "is not a valid key"
                await _send_json(send, 401, {"error": f"this API needs a key and the Authorization header {reason}; "
                                             "send 'Authorization: Bearer YOUR_KEY' (ask the operator for a key)"},
                                 [(b"www-authenticate", b"Bearer")])
                return
            if self.limiter is not None:
                wait = self.limiter.hit(client_key(scope, token if self.api_keys else None))
                if wait is not None:
                    await _send_json(send, 429, {"error": f"too many requests (limit {self.limiter.spec}); "
                                                 f"retry in {wait} s", "retry_after": wait},
                                     [(b"retry-after", str(wait).encode())])
                    return
            await self.app(scope, receive, send)
            return
        if path.startswith(_PLAIN):
            await self.app(scope, receive, send)
            return

        async def send_with_csp(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"content-security-policy", b"x-frame-options")]
                message["headers"] = [*headers, (b"content-security-policy", self.csp)]
            await send(message)

        await self.app(scope, receive, send_with_csp)


def install(app: Any, *, frame_ancestors: str, cors_origins: list[str], api_keys: list[str],
            limiter: RateLimiter | None) -> None:
    """Add the middlewares to a FastAPI app: ours first, CORS outermost."""
    app.add_middleware(AccessMiddleware, frame_ancestors=frame_ancestors, api_keys=api_keys, limiter=limiter)
    if cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET", "POST", "OPTIONS"],
                           allow_headers=["Authorization", "Content-Type"], expose_headers=["Retry-After"],
                           max_age=600)
