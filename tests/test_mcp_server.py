"""The MCP server called by the ``mcp`` SDK's own client: over stdio (``assistant mcp`` as a subprocess) and over
streamable HTTP (``/mcp`` in a real uvicorn server); every tool, the note resources, bad arguments and abstention."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from tests.conftest import FIXTURE_CORPUS
from tests.test_openai_api import OFF_TOPIC, QUESTION, Server

ROOT = Path(__file__).resolve().parent.parent
TOOLS = {"ask", "search", "get_note", "list_sources"}


def text_of(result: Any) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


async def exercise(session: Any, expected: dict[str, Any]) -> None:
    """What a host does with the server: list, call each tool, read a note, send bad arguments."""
    await session.initialize()
    tools = {tool.name: tool for tool in (await session.list_tools()).tools}
    assert set(tools) == TOOLS
    assert "curated, dated notes" in (tools["ask"].description or "")
    assert "abstained" in (tools["ask"].description or "")
    assert {"question", "history", "filters"} <= set(tools["ask"].input_schema["properties"])

    answer = await session.call_tool("ask", {"question": QUESTION})
    assert not answer.is_error, text_of(answer)
    assert answer.structured_content["answer"] == expected["answer"]
    assert answer.structured_content["citations"][0]["url"] == expected["citations"][0]["url"]
    assert text_of(answer).startswith(expected["answer"]) and "**Sources:**" in text_of(answer)

    follow = await session.call_tool("ask", {"question": "And what did it agree to pay?", "history": [
        {"role": "user", "content": QUESTION}, {"role": "assistant", "content": expected["answer"]}]})
    assert not follow.is_error, text_of(follow)

    refused = await session.call_tool("ask", {"question": OFF_TOPIC})
    assert not refused.is_error and refused.structured_content["abstained"] is True
    assert refused.structured_content["citations"] == [] and refused.structured_content["abstain_reason"]

    found = await session.call_tool("search", {"query": "gallium export licences", "k": 3,
                                               "filters": {"minerals": ["gallium"]}})
    passages = found.structured_content["passages"]
    assert not found.is_error and 1 <= len(passages) <= 3
    assert passages[0]["doc_id"] == "gallium-controls" and passages[0]["sources"][0]["url"]

    listed = await session.call_tool("list_sources", {})
    assert listed.structured_content["count"] == 5 and "path" not in listed.structured_content["notes"][0]
    gallium = await session.call_tool("list_sources", {"filters": {"minerals": ["gallium"]}})
    assert 1 <= gallium.structured_content["count"] < 5

    note = await session.call_tool("get_note", {"doc_id": "mp-materials"})
    assert not note.is_error and text_of(note).startswith("---\n") and "sources:" in text_of(note)
    assert note.structured_content["doc_id"] == "mp-materials"

    resources = {str(r.uri) for r in (await session.list_resources()).resources}
    assert "note://mp-materials" in resources and len(resources) == 5
    read = await session.read_resource("note://eu-crma")
    assert read.contents[0].text.startswith("---\n") and "id: eu-crma" in read.contents[0].text

    for tool, arguments, needle in (("search", {"query": "gallium", "k": 99}, "k"),
                                    ("get_note", {"doc_id": "no-such-note"}, "no indexed note"),
                                    ("ask", {"question": "   "}, "empty"),
                                    ("ask", {"question": QUESTION, "filters": {"metal": ["gallium"]}}, "metal"),
                                    ("ask", {}, "question")):
        bad = await session.call_tool(tool, arguments)
        assert bad.is_error and needle in text_of(bad), (tool, text_of(bad))
    assert not (await session.call_tool("list_sources", {})).is_error  # the server lives on


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory, embedder) -> Any:  # type: ignore[no-untyped-def]
    from assistant.assistant import build_assistant
    from assistant.settings import Settings

    root = tmp_path_factory.mktemp("mcp")
    assistant = build_assistant(Settings(corpus_dir=FIXTURE_CORPUS, index_dir=root / "index",
                                         feedback_path=root / "feedback.jsonl", mcp_http=True))
    assistant._embedder = embedder
    assistant.ingest(progress=False)
    return assistant


def test_stdio_session_lists_and_calls_every_tool(indexed: Any) -> None:
    from mcp import ClientSession, StdioServerParameters, stdio_client

    expected = indexed.ask(QUESTION).to_dict()
    env = {"PYTHONPATH": str(ROOT), "ASSISTANT_CORPUS_DIR": str(FIXTURE_CORPUS),
           "ASSISTANT_INDEX_DIR": str(indexed.settings.index_dir), "ASSISTANT_CONFIG": str(ROOT / "no-such.toml"),
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
           "PATH": os.environ.get("PATH", "")}
    params = StdioServerParameters(command=sys.executable, args=["-m", "assistant", "mcp"], env=env, cwd=str(ROOT))

    async def main() -> None:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            with anyio.fail_after(240):
                await exercise(session, expected)

    anyio.run(main)


def test_http_session_at_mcp_behind_the_api_keys(indexed: Any) -> None:
    import httpx2
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    expected = indexed.ask(QUESTION).to_dict()
    settings = indexed.settings.model_copy(update={"api_keys": ["k-mcp"]})
    with Server(settings, indexed, with_ui=True) as running:
        url = f"{running.base}/mcp"
        refused = httpx.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                             headers={"Accept": "application/json, text/event-stream"})
        assert refused.status_code == 401 and "Bearer" in refused.json()["error"]

        async def main() -> None:
            client = httpx2.AsyncClient(headers={"Authorization": "Bearer k-mcp"}, timeout=120)
            async with client, streamable_http_client(url, http_client=client) as (read, write), \
                    ClientSession(read, write) as session:
                with anyio.fail_after(240):
                    await exercise(session, expected)

        anyio.run(main)


def test_mcp_is_not_served_over_http_unless_turned_on(indexed: Any) -> None:
    with Server(indexed.settings.model_copy(update={"mcp_http": False}), indexed) as running:
        r = httpx.post(f"{running.base}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                       headers={"Accept": "application/json, text/event-stream"})
        assert r.status_code == 404


def test_get_note_rebuilds_a_moved_note_from_its_passages(make_assistant, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    on_disk = assistant.note("mp-materials")["markdown"]
    (corpus / "mp-materials.md").unlink()  # moved away after ingest: the index still holds its passages
    rebuilt = assistant.note("mp-materials")
    assert rebuilt["doc_id"] == "mp-materials" and not rebuilt["markdown"].startswith("---")
    first_heading = next(line for line in on_disk.splitlines() if line.startswith("## "))
    assert first_heading in rebuilt["markdown"]
