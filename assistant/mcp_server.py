"""The MCP face: the assistant as a Model Context Protocol server (the maintained ``mcp`` SDK), thin over the facade.

Tools: ``ask`` (the cited answer, or an abstention), ``search`` (passages with their sources), ``get_note`` (a note
with its front matter) and ``list_sources``; every note is also a resource, ``note://<id>``. ``assistant mcp`` serves
it over stdio; ``assistant serve`` mounts it over streamable HTTP at ``/mcp`` when ``ASSISTANT_MCP_HTTP=true``.

>>> server = create_server(lambda: build_assistant(Settings()))   # doctest: +SKIP
>>> server.run("stdio")                                           # doctest: +SKIP
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any

import anyio

try:
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
    from mcp.types import CallToolResult, Resource, TextContent
except ImportError as err:  # pragma: no cover - mcp is a dependency; a trimmed install may lack it
    raise ImportError("the MCP server needs the `mcp` package: pip install 'mcp>=2.3' (it is a dependency of "
                      "critical-minerals-assistant; reinstall with `pip install -e .`)") from err
from pydantic import Field

from .errors import AssistantError
from .public import redact, server_folders
from .references import answer_text
from .types import Filters, Turn

log = logging.getLogger(__name__)

INSTRUCTIONS = (
    "Answers about critical minerals and rare earths (export controls, prices, production, policy) from a curated "
    "set of dated notes, each backed by public sources. Answers quote the notes: every sentence ends in [n], and "
    "citation n names the publisher, URL and date. An abstention means the notes do not cover the question; do not "
    "fill the gap from memory. Each note is also a resource, note://<id>."
)

ASK = (
    "Ask the curated critical-minerals notes a question. The answer is made of quotes of curated, dated notes: each "
    "sentence ends in [n] and citation n (in structured content: publisher, url, published, quote, doc_id) is its "
    "source. abstained=true means the notes do not cover the question: say so rather than answering from memory. "
    "Pass the conversation so far as history for follow-ups such as 'and germanium?'."
)
SEARCH = (
    "Find the passages of the curated notes that best match a query, best first, each with its note (doc_id, "
    "title, published, as_of) and the note's public sources. Use it to read the evidence yourself; use ask for a "
    "cited answer."
)
GET_NOTE = "Read one curated note in full: its Markdown with its YAML front matter (sources, dates, topics)."
LIST_SOURCES = (
    "List the curated notes (doc_id, title, kind, summary, published, as_of, minerals, countries, topics, sources), "
    "optionally only those matching filters."
)

HistoryArg = Annotated[list[Turn] | None, Field(description="Earlier turns, oldest first: [{role: user|assistant, "
                                                            "content}].")]
FiltersArg = Annotated[Filters | None, Field(description="Metadata filters, e.g. {\"minerals\": [\"gallium\"], "
                                                         "\"published_from\": \"2025-01-01\"}.")]


def _public(note: dict[str, Any]) -> dict[str, Any]:
    """A note's metadata without the server's file path."""
    return {k: v for k, v in note.items() if k != "path"}


class NotesServer(MCPServer):
    """The MCP server, listing each indexed note as a resource at the time a client asks (notes come and go with
    ingest)."""

    def __init__(self, get_assistant: Callable[[], Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._get_assistant = get_assistant

    async def list_resources(self) -> list[Resource]:
        notes = await anyio.to_thread.run_sync(self._get_assistant().sources)
        return [Resource(uri=f"note://{n['doc_id']}", name=n["doc_id"], title=n["title"] or None,
                         description=n["summary"] or None, mime_type="text/markdown") for n in notes]


def create_server(get_assistant: Callable[[], Any]) -> NotesServer:
    """The MCP server over the facade that ``get_assistant`` returns (built lazily by the caller)."""
    server = NotesServer(get_assistant, name="critical-minerals-assistant", title="Critical Minerals Policy Assistant",
                         instructions=INSTRUCTIONS, version="0.1.0", log_level="WARNING")

    def call(method: str, *args: Any, **kwargs: Any) -> Any:
        assistant = None
        try:
            assistant = get_assistant()
            return getattr(assistant, method)(*args, **kwargs)
        except AssistantError as err:  # bad input or no index: a tool error with the reason, never a crash
            folders = server_folders(assistant.settings) if assistant is not None else {}
            raise ToolError(redact(str(err), folders)) from None

    @server.tool(description=ASK)
    def ask(question: Annotated[str, Field(description="The question, in plain words.")],
            history: HistoryArg = None, filters: FiltersArg = None) -> CallToolResult:
        answer = call("ask", question, history, filters).to_dict()
        return CallToolResult(content=[TextContent(type="text", text=answer_text(answer))], structured_content=answer)

    @server.tool(description=SEARCH)
    def search(query: Annotated[str, Field(description="What to look for.")], filters: FiltersArg = None,
               k: Annotated[int, Field(ge=1, le=20, description="How many passages (1-20).")] = 5) -> CallToolResult:
        passages = call("search", query, filters, k=k)
        lines = [f"[{p['rank']}] {p['title']} ({p['doc_id']}, as of {p['as_of'] or p['published']})"
                 + (f" - {p['heading']}" if p["heading"] else "") + f"\n{p['text']}" for p in passages]
        return CallToolResult(content=[TextContent(type="text", text="\n\n".join(lines) or "no passage matched")],
                              structured_content={"passages": passages})

    @server.tool(description=GET_NOTE)
    def get_note(doc_id: Annotated[str, Field(min_length=1, max_length=200,
                                              description="The note's id, as list_sources gives it.")]
                 ) -> CallToolResult:
        note = call("note", doc_id)
        return CallToolResult(content=[TextContent(type="text", text=note["markdown"])],
                              structured_content=_public(note))

    @server.tool(description=LIST_SOURCES)
    def list_sources(filters: FiltersArg = None) -> CallToolResult:
        notes = [_public(n) for n in call("sources", filters)]
        text = "\n".join(f"- {n['doc_id']}: {n['title']} ({n['kind']}, as of {n['as_of'] or n['published']})"
                         for n in notes)
        return CallToolResult(content=[TextContent(type="text", text=text or "no note matched")],
                              structured_content={"count": len(notes), "notes": notes})

    def read_note(doc_id: str) -> str:
        try:
            return str(get_assistant().note(doc_id)["markdown"])
        except AssistantError as err:
            raise ResourceNotFoundError(str(err)) from None

    @server.resource("note://{doc_id}", mime_type="text/markdown", description=GET_NOTE)
    async def note(doc_id: str) -> str:
        return await anyio.to_thread.run_sync(read_note, doc_id)  # the first call may load the index

    return server


def mount_mcp(app: Any, get_assistant: Callable[[], Any], *, host: str) -> None:
    """Serve the MCP server at ``/mcp`` (streamable HTTP) inside the FastAPI app, before the UI's catch-all mount.

    Stateless: every request stands alone, so several uvicorn workers can serve one client. Bound to a loopback
    address the SDK also refuses other Host and Origin headers (DNS rebinding protection).
    """
    from starlette.routing import Route

    server = create_server(get_assistant)
    inner = server.streamable_http_app(streamable_http_path="/mcp", stateless_http=True, host=host)
    route = next(r for r in inner.routes if isinstance(r, Route) and r.path == "/mcp")
    app.router.routes.append(Route("/mcp", endpoint=route.endpoint, methods=["GET", "POST", "DELETE"],
                                   include_in_schema=False))
    previous = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(owner: Any) -> AsyncIterator[Any]:
        async with server.session_manager.run(), previous(owner) as state:
            yield state

    app.router.lifespan_context = lifespan


def serve_stdio(get_assistant: Callable[[], Any]) -> None:
    """Serve over stdin/stdout until the client closes them (``assistant mcp``)."""
    create_server(get_assistant).run("stdio")
