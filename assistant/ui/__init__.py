"""The Gradio chat, mounted into the FastAPI app at ``/`` (full page) and ``/embed`` (compact, for an iframe).

Works offline: no analytics, system fonts only, no CDN. The UI calls the facade server-side, so an API key is never
needed in (or leaked through) the page.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from ..security import RateLimiter
from ..settings import Settings

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def mount_ui(app: FastAPI, get_assistant: Callable[[], Any], settings: Settings,
             limiter: RateLimiter | None = None) -> FastAPI:
    """Mount ``/embed`` then ``/`` (order matters: the root mount catches every other path)."""
    import gradio as gr

    from .app import HEAD, STATIC, build_blocks

    theme = gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])
    login: dict[str, Any] = {}
    if settings.trusted_user_header:
        header = settings.trusted_user_header

        def proxy_user(request: Any) -> str | None:
            return request.headers.get(header) or None

        login["auth_dependency"] = proxy_user
    elif settings.ui_auth:
        login["auth"] = [tuple(pair.split(":", 1)) for pair in settings.ui_auth]
        login["auth_message"] = "Sign in to the Critical Minerals Policy Assistant"
    for path, compact in (("/embed", True), ("/", False)):
        blocks = build_blocks(get_assistant, feedback_path=settings.feedback_path, limiter=limiter, compact=compact)
        app = gr.mount_gradio_app(app, blocks, path=path, theme=theme, css_paths=[STATIC / "ui.css"], head=HEAD,
                                  footer_links=[], ssr_mode=False, **login)
    return app
