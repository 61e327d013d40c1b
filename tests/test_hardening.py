"""Issue 17: no input reaches a 5xx, no server path leaves the server, client identity behind a proxy, and the
security headers. Real index (fixture corpus), real model; the proxy tests run a real uvicorn on a loopback port."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from typer.testing import CliRunner

from assistant.api import create_app, error_response
from assistant.errors import BadRequestError, ConfigError
from assistant.inputs import clean_text
from assistant.public import public_path, server_folders
from assistant.security import server_options
from assistant.settings import Settings
from tests.conftest import FIXTURE_CORPUS
from tests.test_resilience import free_port

SURROGATE = b"\\ud800"  # a JSON escape: the server's JSON parser turns it into a lone surrogate inside a str
ANSWER = {"answer": "Gallium. [1]", "citations": [{"n": 1, "doc_id": "gallium-controls"}]}


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, embedder):  # type: ignore[no-untyped-def]
    """One index for the module over a private copy of the fixture corpus plus a document from outside it."""
    from assistant.assistant import build_assistant

    root = tmp_path_factory.mktemp("hardening")
    corpus = root / "corpus"
    shutil.copytree(FIXTURE_CORPUS, corpus)
    outside = root / "elsewhere" / "deep" / "briefing.txt"
    outside.parent.mkdir(parents=True)
    outside.write_text("Zorblium briefing\n\nFreedonia exported 40 tonnes of zorblium in 2024.\n", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", feedback_path=root / "feedback.jsonl")
    assistant = build_assistant(settings, embedder=embedder)
    assistant.ingest(progress=False)
    assistant.ingest([outside], progress=False)
    return assistant


@pytest.fixture(scope="module")
def client(shared) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(create_app(shared.settings, shared, with_ui=False), raise_server_exceptions=False) as c:
        yield c


def raw(client: TestClient, path: str, body: bytes) -> httpx.Response:
    return client.post(path, content=body, headers={"content-type": "application/json"})


# -- 1. no 5xx from input --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/ask", b'{"question": "' + SURROGATE + b' x"}', "question"),
    ("/api/ask/stream", b'{"question": "' + SURROGATE + b' x"}', "question"),
    ("/api/ask", b'{"question": "gallium", "history": [{"role": "user", "content": "' + SURROGATE + b'"}]}',
     "history.0.content"),
    ("/api/ask/stream", b'{"question": "gallium", "history": [{"role": "user", "content": "a' + SURROGATE + b'"}]}',
     "history.0.content"),
    ("/api/ask", b'{"question": "gallium", "filters": {"minerals": ["' + SURROGATE + b'"]}}', "filters.minerals.0"),
    ("/api/feedback", b'{"question": "' + SURROGATE + b'", "answer": {}, "verdict": "up"}', "question"),
    ("/api/feedback", b'{"question": "q", "answer": {}, "verdict": "up", "comment": "' + SURROGATE + b'"}',
     "comment"),
    ("/api/feedback", b'{"question": "q", "answer": {"answer": "' + SURROGATE + b'"}, "verdict": "up"}',
     "answer.answer"),
])
def test_a_lone_surrogate_is_a_400_naming_the_field(client: TestClient, path: str, body: bytes, field: str) -> None:
    r = raw(client, path, body)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error.startswith(f"{field} contains a lone UTF-16 surrogate (U+D800)") and "paste the text again" in error
    r.content.decode("utf-8")  # the echoed input was made printable


def test_a_lone_surrogate_in_a_role_or_a_key_is_a_400_too(client: TestClient) -> None:
    r = raw(client, "/api/ask", b'{"question": "gallium", "history": [{"role": "' + SURROGATE + b'", "content": "x"}]}')
    assert r.status_code == 400 and r.json()["error"].startswith("history.0.role contains a lone UTF-16 surrogate")
    r = raw(client, "/api/ask", b'{"question": "gallium", "' + SURROGATE + b'": 1}')
    assert r.status_code == 400 and "lone UTF-16 surrogate" in r.json()["error"]


def test_get_routes_take_a_surrogate_in_the_query_string(client: TestClient) -> None:
    for path in ("/api/sources", "/healthz", "/readyz"):
        r = client.get(path + "?q=%ED%A0%80&x=%00")  # the UTF-8 bytes a lone surrogate would have, and a NUL
        assert r.status_code in (200, 503), (path, r.text)


@pytest.mark.parametrize(("question", "needle"), [
    ("gal\x00lium", "U+0000 (NUL) at character 4"),
    ("gallium\x1b[31m", "U+001B at character 8"),
    ("gallium\x7f", "U+007F"),
])
def test_control_characters_are_a_400(client: TestClient, question: str, needle: str) -> None:
    for path in ("/api/ask", "/api/ask/stream"):
        r = client.post(path, json={"question": question})
        assert r.status_code == 400 and needle in r.json()["error"] and "remove it" in r.json()["error"]


def test_tabs_and_line_breaks_are_kept_and_form_feeds_become_spaces(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": "How much gallium\tdoes China\r\nproduce?\x0c"})
    assert r.status_code == 200 and r.json()["citations"]
    assert clean_text("a\tb\nc\rd", "q") == "a\tb\nc\rd" and clean_text("a\x0bb\x0cc\x85d", "q") == "a b c d"


def test_refused_feedback_writes_nothing(client: TestClient, shared) -> None:  # type: ignore[no-untyped-def]
    log = shared.settings.feedback_path
    before = log.read_bytes() if log.exists() else b""
    r = raw(client, "/api/feedback", b'{"question": "q", "answer": {"citations": [{"quote": "' + SURROGATE +
            b'"}]}, "verdict": "down"}')
    assert r.status_code == 400 and "answer.citations.0.quote" in r.json()["error"]
    assert (log.read_bytes() if log.exists() else b"") == before


def test_the_cli_refuses_bad_text_cleanly(tmp_path: Path) -> None:
    from assistant.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["ask", "gallium\udcff"])  # argv bytes that are not UTF-8 arrive like this
    assert result.exit_code == 1 and "the question contains a lone UTF-16 surrogate (U+DCFF)" in result.output
    result = runner.invoke(app, ["ask", "gallium", "--filter", "minerals=\x00"])
    assert result.exit_code == 1 and "--filter contains the control character U+0000" in result.output
    history = tmp_path / "history.json"
    history.write_bytes(b'[{"role": "user", "content": "' + SURROGATE + b'"}]')
    result = runner.invoke(app, ["ask", "And germanium?", "--history", str(history)])
    assert result.exit_code == 1 and "0.content" in result.output and "surrogate" in result.output
    history.write_bytes(b'[{"role": "user", "content": "\xff"}]')
    result = runner.invoke(app, ["ask", "And germanium?", "--history", str(history)])
    assert result.exit_code == 1 and "UTF-8 JSON list" in result.output
    assert "Traceback" not in result.output


def test_the_chat_shows_bad_text_as_an_error_and_logs_nothing(shared, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.ui.chat import ChatHandlers

    chat = ChatHandlers(lambda: shared, tmp_path / "feedback.jsonl")
    *_, (messages, history, _) = chat.respond("gallium \ud800 exports", [], (None, None, None, None, "", ""))
    assert "lone UTF-16 surrogate" in history[-1]["error"] and "\ud800" not in history[-1]["question"]
    json.dumps(messages, ensure_ascii=False).encode("utf-8")  # Gradio can send it
    *_, (_, history, _) = chat.respond("How much gallium does China produce?", [], (None, None, None, None, "", ""))
    status = chat.record(history, "up", "fine\x00")
    assert status.startswith("⚠️") and "comment contains the control character U+0000" in status
    assert not (tmp_path / "feedback.jsonl").exists()
    assert chat.record(history, "up", "fine", client="10.1.2.3").startswith("Thanks")
    assert json.loads((tmp_path / "feedback.jsonl").read_text())["client"] == "10.1.2.3"


def test_assistant_validate_checks_the_question_and_history(shared) -> None:  # type: ignore[no-untyped-def]
    from assistant.types import Turn

    with pytest.raises(BadRequestError, match="the question contains the control character U\\+0007"):
        shared.validate("bell\x07", None)
    with pytest.raises(BadRequestError, match="history turn 0 contains a lone"):
        shared.validate("gallium", [Turn.model_construct(role="user", content="\udfff")])
    with pytest.raises(ValidationError, match="lone UTF-16 surrogate"):
        Turn(role="user", content="\udfff")


# -- 2. no server paths in responses --------------------------------------------------------------------------------

def test_sources_name_notes_by_relative_path_and_outside_documents_by_file_name(client: TestClient) -> None:
    docs = {d["doc_id"]: d for d in client.get("/api/sources").json()["documents"]}
    assert docs["eu-crma"]["path"] == "eu-crma.md"
    outside = [d for d in docs.values() if d["path"].endswith("briefing.txt")]
    assert [d["path"] for d in outside] == ["briefing.txt"]
    assert public_path("/srv/x/corpus/policy/a.md", Path("/srv/x/corpus")) == "policy/a.md"
    assert public_path("", Path("/srv/x/corpus")) == ""


def test_no_json_response_holds_a_server_folder(client: TestClient, shared, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = shared.settings
    secrets = {str(settings.corpus_dir), str(settings.corpus_dir.resolve()), str(settings.index_dir),
               str(settings.index_dir.resolve()), str(settings.feedback_path.parent), str(FIXTURE_CORPUS)}
    question = {"question": "How much gallium does China produce?"}
    responses = [
        client.get("/api/sources"), client.get("/healthz"), client.get("/readyz"), client.get("/openapi.json"),
        client.post("/api/ask", json=question), client.post("/api/ask/stream", json=question),
        client.post("/api/ask", json={"question": "What is the population of Mars colonies in 2090?"}),
        client.post("/api/ask", json={"question": ""}), client.post("/api/ask", json={"question": 3}),
        client.post("/api/ask", content=b"{", headers={"content-type": "application/json"}),
        client.post("/api/feedback", json={"question": "q", "answer": ANSWER, "verdict": "up"}),
        client.post("/api/feedback", json={"question": "q", "verdict": "sideways"}),
        client.get("/api/nowhere"), client.put("/api/ask"),
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    cold = settings.model_copy(update={"corpus_dir": empty, "index_dir": tmp_path / "cold-index"})
    secrets |= {str(tmp_path)}
    with TestClient(create_app(cold, with_ui=False)) as c:
        responses.append(c.post("/api/ask", json=question))  # built from settings: an empty index, a 503
    for r in responses:
        text = r.text
        assert not any(secret in text for secret in secrets), (r.request.url, text[:300])
    assert responses[-1].status_code == 503


def test_error_messages_name_the_setting_not_the_folder(shared) -> None:  # type: ignore[no-untyped-def]
    folders = server_folders(shared.settings)
    err = ConfigError(f"cannot create the index folder {shared.settings.index_dir} (Permission denied); set "
                      "ASSISTANT_INDEX_DIR to a writable folder")
    body = json.loads(error_response(err, folders).body)
    assert body["error"].startswith("cannot create the index folder <ASSISTANT_INDEX_DIR> (Permission denied)")


# -- 3. client identity behind a proxy ------------------------------------------------------------------------------

@contextmanager
def real_server(settings: Settings, assistant: Any) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, with the proxy options `assistant serve` uses."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, assistant, with_ui=False), host="127.0.0.1",
                                           port=port, log_level="warning", **server_options(settings.trusted_proxies)))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _sources(base: str, forwarded_for: str) -> int:
    return httpx.get(f"{base}/api/sources", headers={"X-Forwarded-For": forwarded_for}, timeout=30).status_code


def test_with_no_trusted_proxy_forwarded_addresses_share_one_limit(shared, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = shared.settings.model_copy(update={"rate_limit": "2/minute", "trusted_proxies": [],
                                                  "feedback_path": tmp_path / "fb.jsonl"})
    with real_server(settings, shared) as base:
        codes = [_sources(base, address) for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3")]
    assert codes == [200, 200, 429]  # the header is ignored: all three are 127.0.0.1


def test_behind_a_trusted_proxy_each_forwarded_user_has_their_own_limit(shared, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = shared.settings.model_copy(update={"rate_limit": "2/minute", "trusted_proxies": ["127.0.0.1"],
                                                  "feedback_path": tmp_path / "fb.jsonl"})
    with real_server(settings, shared) as base:
        alice = [_sources(base, "10.0.0.1") for _ in range(3)]
        bob = [_sources(base, "10.0.0.2") for _ in range(2)]
        r = httpx.post(f"{base}/api/feedback", json={"question": "q", "answer": ANSWER, "verdict": "up"},
                       headers={"X-Forwarded-For": "10.0.0.3"}, timeout=30)
    assert alice == [200, 200, 429] and bob == [200, 200]
    assert r.status_code == 200 and json.loads(settings.feedback_path.read_text())["client"] == "10.0.0.3"


def test_untrusted_peers_cannot_choose_their_address_in_feedback(shared, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = shared.settings.model_copy(update={"trusted_proxies": ["10.9.9.9"],
                                                  "feedback_path": tmp_path / "fb.jsonl"})
    with real_server(settings, shared) as base:
        r = httpx.post(f"{base}/api/feedback", json={"question": "q", "answer": ANSWER, "verdict": "down"},
                       headers={"X-Forwarded-For": "10.0.0.3"}, timeout=30)
    assert r.status_code == 200 and json.loads(settings.feedback_path.read_text())["client"] == "127.0.0.1"
    assert "server" not in r.headers  # uvicorn's Server header is off


def test_trusted_proxies_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().trusted_proxies == ["127.0.0.1", "::1"]
    monkeypatch.setenv("ASSISTANT_TRUSTED_PROXIES", "")
    assert Settings().trusted_proxies == [] and server_options([]) == {"proxy_headers": False, "server_header": False}
    monkeypatch.setenv("ASSISTANT_TRUSTED_PROXIES", "10.0.0.7, 10.1.2.0/16")
    assert Settings().trusted_proxies == ["10.0.0.7", "10.1.0.0/16"]
    assert server_options(Settings().trusted_proxies)["forwarded_allow_ips"] == "10.0.0.7,10.1.0.0/16"
    monkeypatch.setenv("ASSISTANT_TRUSTED_PROXIES", "proxy.intranet")
    with pytest.raises(ValidationError, match="not an IP address or network"):
        Settings()


# -- 4. security headers --------------------------------------------------------------------------------------------

def _has_basic_headers(r: httpx.Response) -> None:
    assert r.headers["x-content-type-options"] == "nosniff", r.request.url
    assert r.headers["referrer-policy"] == "same-origin", r.request.url


def test_every_api_response_carries_nosniff_and_referrer_policy(shared) -> None:  # type: ignore[no-untyped-def]
    settings = shared.settings.model_copy(update={"api_keys": ["k"], "rate_limit": "1/minute"})
    key = {"Authorization": "Bearer k"}
    with TestClient(create_app(settings, shared, with_ui=False)) as c:
        responses = [c.get("/healthz"), c.get("/readyz"), c.get("/openapi.json"), c.get("/api/sources"),
                     c.get("/api/sources", headers=key), c.get("/api/sources", headers=key),
                     c.post("/api/ask", json={}, headers=key), c.get("/api/nowhere", headers=key)]
    assert [r.status_code for r in responses][3:6] == [401, 200, 429]
    for r in responses:
        _has_basic_headers(r)
        assert "content-security-policy" not in r.headers


def test_ui_pages_get_a_policy_that_allows_only_the_server(shared) -> None:  # type: ignore[no-untyped-def]
    settings = shared.settings.model_copy(update={"frame_ancestors": "'self' https://intranet.example"})
    with TestClient(create_app(settings, shared, with_ui=True)) as c:
        for path in ("/", "/embed/", "/config"):
            r = c.get(path)
            _has_basic_headers(r)
            policy = dict(part.split(" ", 1) for part in r.headers["content-security-policy"].split("; "))
            assert policy["default-src"] == "'self'" and policy["connect-src"] == "'self'"
            assert policy["frame-ancestors"] == "'self' https://intranet.example"
            assert policy["object-src"] == "'none'"
            assert all("http" not in value for name, value in policy.items() if name != "frame-ancestors")


@pytest.mark.parametrize("command", [["serve"], ["serve", "--workers", "2"], ["serve-cluster", "--no-ingest"]])
def test_serve_commands_hand_the_trusted_proxies_to_uvicorn(monkeypatch: pytest.MonkeyPatch,
                                                           command: list[str]) -> None:
    import uvicorn

    from assistant.cli import app

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append(kwargs))
    monkeypatch.setattr("assistant.api.create_app", lambda *args, **kwargs: None)
    monkeypatch.setenv("ASSISTANT_CHROMA_HOST", "127.0.0.1")  # a shared server "already running": nothing starts
    monkeypatch.setenv("ASSISTANT_CHROMA_PORT", str(free_port()))
    monkeypatch.setenv("ASSISTANT_TRUSTED_PROXIES", "10.0.0.5,10.1.0.0/16")
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert calls[0]["proxy_headers"] is True and calls[0]["forwarded_allow_ips"] == "10.0.0.5,10.1.0.0/16"
    monkeypatch.setenv("ASSISTANT_TRUSTED_PROXIES", "")
    CliRunner().invoke(app, command)
    assert calls[1]["proxy_headers"] is False and "forwarded_allow_ips" not in calls[1]
