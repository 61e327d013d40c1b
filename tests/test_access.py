"""Access and abuse control over HTTP: frame-ancestors, API keys, rate limits, CORS, UI login; all off by default."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from assistant.api import create_app
from assistant.security import RateLimiter
from assistant.settings import Settings
from tests.conftest import FIXTURE_CORPUS

QUESTION = {"question": "What is the MP Materials price floor?"}


@pytest.fixture(scope="module")
def shared_assistant(tmp_path_factory: pytest.TempPathFactory, embedder):  # type: ignore[no-untyped-def]
    """One index for the module: these tests change HTTP settings, never the index."""
    from assistant.assistant import build_assistant

    root = tmp_path_factory.mktemp("access")
    assistant = build_assistant(Settings(corpus_dir=FIXTURE_CORPUS, index_dir=root / "index",
                                         feedback_path=root / "feedback.jsonl"), embedder=embedder)
    assistant.ingest(progress=False)
    return assistant


@pytest.fixture
def serve(shared_assistant):  # type: ignore[no-untyped-def]
    """A TestClient over the fixture index with some settings changed."""
    clients: list[TestClient] = []

    def make(*, with_ui: bool = False, **overrides: Any) -> TestClient:
        settings = shared_assistant.settings.model_copy(update=overrides)
        client = TestClient(create_app(settings, shared_assistant, with_ui=with_ui))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def ui_client(serve) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    yield serve(with_ui=True, api_keys=["k-123-secret"])


def test_everything_is_open_by_default_and_framing_is_same_origin(serve) -> None:  # type: ignore[no-untyped-def]
    client = serve(with_ui=True)
    assert client.post("/api/ask", json=QUESTION).status_code == 200
    for path in ("/", "/embed/"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-security-policy"].endswith("; frame-ancestors 'self'")
        assert r.headers["content-security-policy"].startswith("default-src 'self'; ")
    assert "content-security-policy" not in client.get("/healthz").headers
    assert "access-control-allow-origin" not in client.post("/api/ask", json=QUESTION,
                                                            headers={"Origin": "https://intranet.example"}).headers


def test_frame_ancestors_setting_is_sent_on_the_ui(serve) -> None:  # type: ignore[no-untyped-def]
    client = serve(with_ui=True, frame_ancestors="'self' https://intranet.example")
    assert client.get("/embed/").headers["content-security-policy"].endswith(
        "; frame-ancestors 'self' https://intranet.example")


def test_api_keys_guard_every_api_route_with_a_json_401(ui_client: TestClient) -> None:
    for method, path, body in (("post", "/api/ask", QUESTION), ("post", "/api/ask/stream", QUESTION),
                               ("get", "/api/sources", None), ("post", "/api/feedback", {})):
        r = getattr(ui_client, method)(path, json=body) if body is not None else ui_client.get(path)
        assert r.status_code == 401, path
        assert "Authorization: Bearer" in r.json()["error"] and r.headers["www-authenticate"] == "Bearer"
    wrong = ui_client.post("/api/ask", json=QUESTION, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "not a valid key" in wrong.json()["error"]
    ok = ui_client.post("/api/ask", json=QUESTION, headers={"Authorization": "Bearer k-123-secret"})
    assert ok.status_code == 200 and ok.json()["citations"]
    assert ui_client.get("/healthz").status_code == 200 and ui_client.get("/readyz").status_code in (200, 503)


def test_the_ui_needs_no_key_and_never_shows_one(ui_client: TestClient) -> None:
    for path in ("/", "/embed/", "/config", "/embed/config"):
        r = ui_client.get(path)
        assert r.status_code == 200 and "k-123-secret" not in r.text


def test_the_ui_exposes_no_second_keyless_api(ui_client: TestClient) -> None:
    for prefix in ("", "/embed"):
        info = ui_client.get(f"{prefix}/gradio_api/info").json()
        assert info["named_endpoints"] == {} and info["unnamed_endpoints"] == {}


def test_rate_limit_answers_429_with_retry_after_per_client(serve) -> None:  # type: ignore[no-untyped-def]
    client = serve(rate_limit="3/minute", api_keys=["alpha", "beta"])
    alpha = {"Authorization": "Bearer alpha"}
    codes = [client.get("/api/sources", headers=alpha).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = client.post("/api/ask", json=QUESTION, headers=alpha)
    assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 60
    assert "3/minute" in r.json()["error"] and "retry in" in r.json()["error"]
    assert client.get("/api/sources", headers={"Authorization": "Bearer beta"}).status_code == 200  # another client
    assert client.get("/healthz").status_code == 200  # probes are never limited


def test_rate_limiter_counts_per_key() -> None:
    limiter = RateLimiter("2/minute")
    assert [limiter.hit("a"), limiter.hit("a")] == [None, None]
    wait = limiter.hit("a")
    assert wait is not None and 1 <= wait <= 60
    assert limiter.hit("b") is None


def test_cors_allows_only_listed_origins_even_on_errors(serve) -> None:  # type: ignore[no-untyped-def]
    client = serve(cors_origins=["https://intranet.example"], api_keys=["k"])
    preflight = client.options("/api/ask", headers={"Origin": "https://intranet.example",
                                                    "Access-Control-Request-Method": "POST",
                                                    "Access-Control-Request-Headers": "authorization,content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://intranet.example"
    denied = client.post("/api/ask", json=QUESTION, headers={"Origin": "https://intranet.example"})
    assert denied.status_code == 401 and denied.headers["access-control-allow-origin"] == "https://intranet.example"
    other = client.options("/api/ask", headers={"Origin": "https://evil.example",
                                                "Access-Control-Request-Method": "POST"})
    assert other.headers.get("access-control-allow-origin") != "https://evil.example"


def test_ui_login_with_gradio_auth(serve) -> None:  # type: ignore[no-untyped-def]
    client = serve(with_ui=True, ui_auth=["alice:s3cret"])
    assert client.get("/config").status_code == 401
    assert client.post("/login", data={"username": "alice", "password": "wrong"}).status_code in (400, 401)
    assert client.post("/login", data={"username": "alice", "password": "s3cret"}).status_code == 200
    assert client.get("/config").status_code == 200


def test_ui_login_from_a_trusted_proxy_header(serve) -> None:  # type: ignore[no-untyped-def]
    client = serve(with_ui=True, trusted_user_header="X-Remote-User")
    assert client.get("/embed/").status_code == 401
    assert client.get("/embed/", headers={"X-Remote-User": "bob"}).status_code == 200
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize(("env", "value", "needle"), [
    ("ASSISTANT_RATE_LIMIT", "lots", "30/minute"),
    ("ASSISTANT_UI_AUTH", "alice", "user:password"),
    ("ASSISTANT_FRAME_ANCESTORS", "'self'; script-src *", "separate them with spaces"),
])
def test_bad_access_settings_say_how_to_fix_them(monkeypatch: pytest.MonkeyPatch, env: str, value: str,
                                                 needle: str) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(ValidationError, match=needle):
        Settings()


def test_comma_separated_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_API_KEYS", "a1, b2,")
    monkeypatch.setenv("ASSISTANT_CORS_ORIGINS", "https://x.example,https://y.example")
    s = Settings()
    assert s.api_keys == ["a1", "b2"] and s.cors_origins == ["https://x.example", "https://y.example"]
    assert "a1" not in repr(s)
