"""Property-based tests (hypothesis): whatever a client or a corpus file throws at us, no 500s, no crashes, and a
4xx always carries a readable message. The index is real (fixture corpus, real model, embedded Chroma), built once
for the module."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

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
    assistant = build_assistant(Settings(corpus_dir=FIXTURE_CORPUS, index_dir=root / "index"), embedder=embedder)
    assistant.ingest(progress=False)
    return assistant


@pytest.fixture(scope="module")
def client(shared):  # type: ignore[no-untyped-def]
    from assistant.api import create_app

    with TestClient(create_app(shared.settings, shared, with_ui=False), raise_server_exceptions=False) as c:
        yield c


json_scalars = st.none() | st.booleans() | st.integers(-10**6, 10**6) | \
    st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) |
                           st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
dates = st.one_of(st.dates().map(str), st.text(alphabet=string.digits + "-", max_size=12), json_scalars)
filter_values = st.one_of(st.lists(st.sampled_from(MINERALS), max_size=3), st.sampled_from(MINERALS),
                          st.text(max_size=20), json_values)
filters = st.dictionaries(st.sampled_from(FILTER_KEYS + ["mineral", "year", ""]),
                          st.one_of(filter_values, dates), max_size=4)
turns = st.lists(st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "assistant", "system", "bot", ""]) | json_scalars,
     "content": st.text(max_size=200) | json_scalars}), max_size=5)
questions = st.one_of(st.text(max_size=300), st.sampled_from(["gallium", "And germanium?", "What about the EU?"]),
                      st.text(min_size=1990, max_size=2010, alphabet="ab "), json_scalars)
bodies = st.one_of(
    st.fixed_dictionaries({"question": questions}, optional={"history": turns | json_values,
                                                             "filters": filters | json_values,
                                                             "surprise": json_values}),
    json_values,
)


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
    _check(client.post("/api/ask", json=body))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_the_stream_route_too(client: TestClient, body: Any) -> None:
    response = client.post("/api/ask/stream", json=body)
    if response.status_code == 200:
        assert response.text.rstrip().splitlines()[-1].startswith("data: ")
        done = json.loads(response.text.rstrip().splitlines()[-1].removeprefix("data: "))
        assert "answer" in done
    else:
        _check(response)


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
def test_followup_resolution_never_crashes(question: str, history: list[dict[str, Any]]) -> None:
    from assistant.answering import analyse
    from assistant.types import Turn

    valid = []
    for turn in history:
        try:
            valid.append(Turn(**turn))
        except (ValidationError, TypeError):
            continue
    assert isinstance(analyse(question, valid or None).text, str)


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
