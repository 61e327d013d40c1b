"""The command line: ``assistant ingest | ask | serve | corpus check``.

Commands call the facade and translate its errors into a one-line message and a non-zero exit; no tracebacks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Critical Minerals Policy Assistant: grounded, cited answers from curated sources.")
corpus_app = typer.Typer(no_args_is_help=True, help="Work with the curated corpus.")
app.add_typer(corpus_app, name="corpus")
feedback_app = typer.Typer(no_args_is_help=True, help="Work with the feedback log the chat UI writes.")
app.add_typer(feedback_app, name="feedback")


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _settings(**overrides: Any) -> Any:
    from pydantic import ValidationError

    from .settings import Settings

    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as err:
        problems = "; ".join(f"ASSISTANT_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in err.errors())
        _fail(f"bad setting: {problems}")


def _assistant(**overrides: Any) -> Any:
    from .assistant import build_assistant

    return build_assistant(_settings(**overrides))


def parse_filters(items: list[str]) -> Any:
    """``--filter minerals=gallium,germanium --filter published_from=2025-01-01`` into Filters."""
    from pydantic import ValidationError

    from .errors import BadRequestError
    from .types import Filters

    raw: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise BadRequestError(f"filter {item!r} is not KEY=VALUE; for example --filter minerals=gallium")
        key, value = item.split("=", 1)
        raw[key.strip()] = value.strip()
    try:
        return Filters(**raw) if raw else None
    except ValidationError as err:
        raise BadRequestError(describe_validation(err, Filters)) from err


def describe_validation(err: Any, model: Any) -> str:
    messages = []
    for e in err.errors():
        where = ".".join(str(x) for x in e["loc"]) or "input"
        if e["type"] == "extra_forbidden":
            allowed = ", ".join(model.model_fields)
            messages.append(f"unknown filter {where!r}; use one of: {allowed}")
        else:
            messages.append(f"{where}: {e['msg']}")
    return "; ".join(messages)


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: the corpus folder).")] = None,
    rebuild: Annotated[bool, typer.Option(help="Drop the index first (after changing the embedding model).")] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Embed new and changed files into the index; delete what was removed."""
    from .errors import AssistantError

    try:
        assistant = _assistant()
        report = assistant.ingest(paths or None, rebuild=rebuild, progress=not quiet)
    except AssistantError as err:
        _fail(str(err))
    for _path, reason in report.skipped:
        typer.echo(f"warning: skipped {reason}", err=True)
    typer.echo(report.summary())


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON instead of text.")] = False,
    filter_: Annotated[list[str] | None, typer.Option("--filter", help="KEY=VALUE, repeatable "
                                                      "(minerals, countries, kind, authority, doc_id, topics, "
                                                      "published_from, published_to).")] = None,
    history: Annotated[Path | None, typer.Option(help="A JSON file with the conversation so far.")] = None,
) -> None:
    """Ask one question and print the cited answer."""
    from pydantic import TypeAdapter, ValidationError

    from .errors import AssistantError
    from .types import Turn

    try:
        filters = parse_filters(filter_ or [])
        turns = None
        if history is not None:
            try:
                turns = TypeAdapter(list[Turn]).validate_json(history.read_text(encoding="utf-8"))
            except (OSError, ValidationError) as err:
                _fail(f"history file {history}: {err}; give a JSON list of {{role, content}}")
        answer = _assistant().ask(question, turns, filters)
    except AssistantError as err:
        _fail(str(err))
    if as_json:
        typer.echo(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
        return
    typer.echo(answer.text)
    if answer.citations:
        typer.echo("")
        for c in answer.citations:
            typer.echo(f"[{c.n}] {c.publisher}, \"{c.source_title or c.title}\", {c.published}. {c.url}")
            typer.echo(f"     note: {c.doc_id}")
    for sentence in answer.unsupported:
        typer.echo(f"unsupported by its sources: {sentence}", err=True)
    if answer.notice:
        typer.echo(f"note: {answer.notice}", err=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default ASSISTANT_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default ASSISTANT_PORT, 7860).")] = None,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes (use a Chroma server beyond 1).")] = 1,
) -> None:
    """Serve the chat UI and the HTTP API."""
    import uvicorn

    settings = _settings(host=host, port=port)
    if workers > 1 and not settings.server_mode:
        _fail("several workers need a shared Chroma server; set ASSISTANT_CHROMA_HOST and ASSISTANT_CHROMA_PORT")
    typer.echo(f"serving on http://{settings.host}:{settings.port}", err=True)
    if workers > 1:
        uvicorn.run("assistant.api:create_app", factory=True, host=settings.host, port=settings.port,
                    workers=workers, log_level="warning")
    else:
        from .api import create_app

        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")


@app.command("eval")
def eval_(
    eval_set: Annotated[Path, typer.Argument(help="A JSONL eval set (see evals/questions.jsonl).")],
    out: Annotated[Path | None, typer.Option(help="Folder for report.json and report.md.")] = None,
    mode: Annotated[str, typer.Option(help="hybrid, dense or bm25 retrieval.")] = "hybrid",
) -> None:
    """Run an eval set through the full pipeline and print the metrics."""
    from .errors import AssistantError
    from .evals import load_eval_set, markdown_report, metrics, run_eval, write_reports

    if mode not in ("hybrid", "dense", "bm25"):
        _fail(f"mode {mode!r} is not hybrid, dense or bm25")
    try:
        items = load_eval_set(eval_set)
        results = run_eval(_assistant(), items, mode=mode)
    except AssistantError as err:
        _fail(str(err))
    m = metrics(results)
    if out is not None:
        write_reports(out, m, results)
    typer.echo(markdown_report(m, results))


@corpus_app.command("check")
def corpus_check(
    directory: Annotated[Path | None, typer.Argument(help="Corpus folder (default: ASSISTANT_CORPUS_DIR).")] = None,
) -> None:
    """Validate every note: schema, ids, dates, URLs, length, tables."""
    from .corpus import check_corpus

    report = check_corpus(directory or _settings().corpus_dir)
    for problem in report.problems:
        typer.echo(str(problem), err=True)
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)


@feedback_app.command("export")
def feedback_export(
    out: Annotated[Path | None, typer.Option(help="Write the candidates here (JSONL) instead of stdout.")] = None,
    log: Annotated[Path | None, typer.Option(help="The feedback log (default: ASSISTANT_FEEDBACK_PATH).")] = None,
    verdict: Annotated[str | None, typer.Option(help="Only 'up' or only 'down' verdicts.")] = None,
) -> None:
    """Turn the feedback log into eval-set candidates (evals/questions.jsonl lines) for a curator to review."""
    from .errors import AssistantError
    from .feedback import FeedbackLog, export_candidates

    if verdict not in (None, "up", "down"):
        _fail(f"--verdict {verdict!r} is not up or down")
    try:
        items = export_candidates(FeedbackLog(log or _settings().feedback_path).entries(), verdict=verdict)
    except AssistantError as err:
        _fail(str(err))
    lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    if out is None:
        typer.echo(lines, nl=False)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(lines, encoding="utf-8")
    except OSError as err:
        _fail(f"cannot write {out} ({err.strerror}); choose another --out")
    typer.echo(f"wrote {len(items)} eval candidates to {out}", err=True)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
