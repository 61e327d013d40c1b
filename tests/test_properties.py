"""Property-based tests (hypothesis): whatever a client or a corpus file throws at us, no 500s, no crashes, and a
4xx always carries a readable message. Text is drawn from all of Unicode, lone surrogates and control characters
included (hypothesis' default text leaves surrogates out), and bodies are sent as the JSON bytes a client would send,
so a ``"\ud800"`` escape reaches the server as it does in real life. The index is real (fixture corpus, real model,
embedded Chroma), built once for the module."""

from __future__ import annotations

import json
import string
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from assistant.errors import CorpusError
from assistant.types import Filters
from tests.conftest import FIXTURE_CORPUS

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
FILTER_KEYS = list(Filters.model_fields)
MINERALS = ["gallium", "germanium", "rare earths", "graphite", "antimony", "lithium", "unobtainium"]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, embedder):  # type: ignore[no-untyped-def]
    from assistant.assistant import build_assistant
    from assistant.settings import Settings

    root = tmp_path_factory.mktemp("properties")
    assistant = build_assistant(Settings(corpus_dir=FIXTURE_CORPUS, index_dir=root / "index",
                                         feedback_path=root / "feedback.jsonl"), embedder=embedder)
    assistant.ingest(progress=False)
    return assistant


@pytest.fixture(scope="module")
def client(shared):  # type: ignore[no-untyped-def]
    from assistant.api import create_app

    with TestClient(create_app(shared.settings, shared, with_ui=False), raise_server_exceptions=False) as c:
        c.app_state_feedback = shared.settings.feedback_path  # type: ignore[attr-defined]
        yield c


# every code point, surrogates (Cs) and controls (Cc) included
ANY_CHAR = st.characters(codec=None, categories=None)


def any_text(**kwargs: Any) -> st.SearchStrategy[str]:
    return st.text(alphabet=ANY_CHAR, **kwargs)


json_scalars = st.none() | st.booleans() | st.integers(-10**6, 10**6) | \
    st.floats(allow_nan=False, allow_infinity=False) | any_text(max_size=40)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) |
                           st.dictionaries(any_text(max_size=10), inner, max_size=4), max_leaves=12)
dates = st.one_of(st.dates().map(str), st.text(alphabet=string.digits + "-", max_size=12), json_scalars)
filter_values = st.one_of(st.lists(st.sampled_from(MINERALS), max_size=3), st.sampled_from(MINERALS),
                          any_text(max_size=20), st.lists(any_text(max_size=8), max_size=3), json_values)
filters = st.dictionaries(st.sampled_from(FILTER_KEYS + ["mineral", "year", ""]),
                          st.one_of(filter_values, dates), max_size=4)
turns = st.lists(st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "assistant", "system", "bot", ""]) | json_scalars,
     "content": any_text(max_size=200) | st.sampled_from(["gallium", "And germanium?"]) | json_scalars}),
    max_size=5)
# a question a user would type, with one character from anywhere in Unicode dropped into it
salted = st.builds(lambda q, c, i: q[:i] + c + q[i:], st.sampled_from(["gallium exports", "And germanium?"]),
                   ANY_CHAR, st.integers(0, 15))
questions = st.one_of(any_text(max_size=300), st.text(max_size=300), salted,
                      st.sampled_from(["gallium", "And germanium?", "What about the EU?"]),
                      st.text(min_size=1990, max_size=2010, alphabet="ab "), json_scalars)
bodies = st.one_of(
    st.fixed_dictionaries({"question": questions}, optional={"history": turns | json_values,
                                                             "filters": filters | json_values,
                                                             "surprise": json_values}),
    json_values,
)


def send(client: TestClient, path: str, body: Any) -> Any:
    """POST ``body`` as a client's JSON bytes: non-ASCII escaped as ``\\uXXXX``, so lone surrogates travel too."""
    return client.post(path, content=json.dumps(body).encode(), headers={"content-type": "application/json"})


def _check(response: Any) -> None:
    assert response.status_code in (200, 400, 422), (response.status_code, response.text)
    body = response.json()
    if response.status_code == 200:
        assert isinstance(body["answer"], str) and body["answer"]
        assert all(c["n"] == i for i, c in enumerate(body["citations"], start=1))
    else:
        assert isinstance(body["error"], str) and len(body["error"]) > 5, body
        assert "Traceback" not in response.text


@FAST
@given(body=bodies)
def test_any_json_body_gets_an_answer_or_a_clear_4xx(client: TestClient, body: Any) -> None:
    _check(send(client, "/api/ask", body))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_the_stream_route_too(client: TestClient, body: Any) -> None:
    response = send(client, "/api/ask/stream", body)
    if response.status_code == 200:
        assert response.text.rstrip().splitlines()[-1].startswith("data: ")
        done = json.loads(response.text.rstrip().splitlines()[-1].removeprefix("data: "))
        assert "answer" in done
    else:
        _check(response)


answers = st.fixed_dictionaries({"answer": any_text(max_size=60), "citations": st.lists(
    st.fixed_dictionaries({"n": st.integers(0, 9), "doc_id": any_text(max_size=12)}), max_size=2)}) | json_values
feedback_bodies = st.one_of(
    st.fixed_dictionaries({"question": questions, "answer": answers, "verdict": st.sampled_from(["up", "down"])},
                          optional={"comment": any_text(max_size=100) | json_scalars, "surprise": json_values}),
    json_values,
)


@FAST
@given(body=feedback_bodies)
def test_any_feedback_body_is_recorded_or_a_clear_4xx(client: TestClient, body: Any) -> None:
    response = send(client, "/api/feedback", body)
    assert response.status_code in (200, 400, 422), (response.status_code, response.text)
    if response.status_code == 200:
        assert response.json()["recorded"] is True
    else:
        assert len(response.json()["error"]) > 5 and "Traceback" not in response.text
    # every line of the log is whole JSON: a refused body writes nothing, an accepted one one full line
    log = client.app_state_feedback  # type: ignore[attr-defined]
    if log.exists():
        for line in log.read_bytes().decode("utf-8").splitlines():
            json.loads(line)


@FAST
@given(data=st.data())
def test_every_route_the_app_declares_survives_any_input(client: TestClient, data: st.DataObject) -> None:
    """Routes are read from the app, so a route added later is covered without editing this test."""
    from fastapi.routing import APIRoute

    routes = sorted((method, route.path) for route in client.app.routes if isinstance(route, APIRoute)  # type: ignore[attr-defined]
                    for method in route.methods if method in ("GET", "POST"))
    assert ("POST", "/api/ask") in routes and ("GET", "/api/sources") in routes
    method, path = data.draw(st.sampled_from(routes))
    if method == "POST":
        response = send(client, path, data.draw(json_values | bodies | feedback_bodies))
    else:
        params = data.draw(st.dictionaries(any_text(max_size=8), any_text(max_size=20), max_size=3))
        query = urlencode({k.encode("utf-8", "surrogatepass"): v.encode("utf-8", "surrogatepass")
                           for k, v in params.items()})
        response = client.get(f"{path}?{query}")
    assert response.status_code < 500 or (path == "/readyz" and response.status_code == 503), \
        (method, path, response.status_code, response.text[:300])


@FAST
@given(path=st.sampled_from(["/api/ask", "/api/ask/stream", "/api/feedback"]), raw=st.binary(max_size=200))
def test_raw_bytes_to_every_post_route(client: TestClient, path: str, raw: bytes) -> None:
    response = client.post(path, content=raw, headers={"content-type": "application/json"})
    assert response.status_code in (200, 400, 422), (response.status_code, response.text)
    if response.status_code != 200:
        assert len(response.json()["error"]) > 5


@FAST
@given(raw=st.binary(max_size=200))
def test_raw_bytes_are_a_4xx(client: TestClient, raw: bytes) -> None:
    response = client.post("/api/ask", content=raw, headers={"content-type": "application/json"})
    try:
        json.loads(raw)
        parsed = True
    except ValueError:
        parsed = False
    if parsed:
        _check(response)
    else:
        error = response.json()["error"]
        assert response.status_code in (400, 422) and ("JSON" in error or error == "body is required"), error


@FAST
@given(raw=filters)
def test_filters_chroma_and_python_agree(shared, raw: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    """Where Filters accepts a value, the Chroma ``where`` clause and the in-Python check select the same passages,
    and every hybrid hit honours the filters; where it refuses, the message names the field."""
    from assistant.retrieval import chroma_where, matches

    try:
        parsed = Filters(**raw)
    except ValidationError as err:
        assert all(e["loc"] for e in err.errors()) and str(err)
        return
    except TypeError:  # a non-string key cannot even be passed as a keyword
        return
    retriever = shared.retriever
    where = chroma_where(parsed)
    stored = shared.store._chunks.get(where=where, include=[])["ids"] if where else retriever.ids
    expected = {cid for cid, meta in zip(retriever.ids, retriever.metas, strict=True) if matches(meta, parsed)}
    assert set(stored) == expected
    for hit in retriever.retrieve("gallium export controls", parsed):
        assert matches(hit.metadata, parsed)


@FAST
@given(question=st.text(max_size=200), history=turns)
def test_question_analysis_never_crashes(question: str, history: list[dict[str, Any]]) -> None:
    from assistant.answering import analyse
    from assistant.types import Turn

    valid = []
    for turn in history:
        try:
            valid.append(Turn(**turn))
        except (ValidationError, TypeError):
            continue
    assert isinstance(analyse(question, valid or None).text, str)


@FAST
@given(text=any_text(max_size=60))
def test_clean_text_accepts_exactly_utf8_text_without_controls(text: str) -> None:
    """Whatever clean_text accepts encodes as UTF-8 and holds no control character but tab, LF and CR."""
    from assistant.errors import BadRequestError
    from assistant.inputs import clean_text

    try:
        cleaned = clean_text(text, "question")
    except BadRequestError as err:
        assert str(err).startswith("question contains ") and ("surrogate" in str(err) or "control" in str(err))
        return
    cleaned.encode("utf-8")
    assert all(ch in "\t\n\r" or not unicodedata.category(ch).startswith("Cc") for ch in cleaned)


front_keys = st.sampled_from(["id", "title", "kind", "published", "as_of", "minerals", "countries", "topics",
                              "authority", "summary", "sources", "extra"])
yaml_values = st.one_of(st.text(max_size=30), st.dates().map(str), st.integers(), st.lists(st.text(max_size=10),
                                                                                          max_size=3))
notes = st.one_of(
    st.builds(lambda meta, body: "---\n" + "\n".join(f"{k}: {json.dumps(v)}" for k, v in meta.items()) +
              "\n---\n" + body, st.dictionaries(front_keys, yaml_values, max_size=8), st.text(max_size=300)),
    st.text(max_size=400),
)


@FAST
@given(text=notes)
def test_the_corpus_parser_never_crashes(tmp_path: Path, text: str) -> None:
    """Any note either loads into a record with an id, or is refused with a message naming the file."""
    from assistant.chunking import Chunker
    from assistant.corpus import check_corpus
    from assistant.loaders import load_file

    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        record = load_file(path)
    except CorpusError as err:
        assert str(path) in str(err)
    else:
        assert record.doc_id and record.text.strip()
        Chunker().split(record)
    report = check_corpus(tmp_path)
    assert isinstance(report.summary(), str)
