"""The command line: ``assistant ingest | ask | serve | mcp | eval | corpus check | corpus stale``.

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
    from .inputs import clean_text
    from .types import Turn

    try:
        # before anything echoes them: bytes that are not UTF-8 in argv arrive as lone surrogates
        question = clean_text(question, "the question")
        for item in filter_ or []:
            clean_text(item, "--filter")
        filters = parse_filters(filter_ or [])
        turns = None
        if history is not None:
            try:
                # Python's JSON parser keeps a "\ud800" escape as a lone surrogate, which Turn then names
                turns = TypeAdapter(list[Turn]).validate_python(json.loads(history.read_bytes()))
            except OSError as err:
                _fail(f"cannot read the history file {history} ({err.strerror}); check the path")
            except ValidationError as err:
                problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in err.errors())
                _fail(f"history file {history}: {problems}; give a UTF-8 JSON list of {{role, content}}")
            except ValueError as err:  # not JSON, or not UTF-8
                _fail(f"history file {history} is not UTF-8 JSON ({err}); give a UTF-8 JSON list of "
                      "{role, content}")
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
            publisher = f"{c.publisher} via {c.via}" if c.via else c.publisher
            typer.echo(f"[{c.n}] {publisher}, \"{c.source_title or c.title}\", {c.published}. {c.url}")
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

    from .security import server_options

    settings = _settings(host=host, port=port)
    if workers > 1 and not settings.server_mode:
        _fail("several workers need a shared Chroma server; set ASSISTANT_CHROMA_HOST and ASSISTANT_CHROMA_PORT")
    typer.echo(f"serving on http://{settings.host}:{settings.port}", err=True)
    options = server_options(settings.trusted_proxies)
    if workers > 1:
        uvicorn.run("assistant.api:create_app", factory=True, host=settings.host, port=settings.port,
                    workers=workers, log_level="warning", **options)
    else:
        from .api import create_app

        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning", **options)


@app.command()
def mcp() -> None:
    """Serve the Model Context Protocol over stdio, for MCP clients (desktop and IDE assistants) that start it."""
    import logging

    from .errors import AssistantError

    # stdout carries the protocol: every log line goes to stderr
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    import threading

    from .assistant import build_assistant
    from .mcp_server import serve_stdio

    try:
        assistant = build_assistant(_settings())
    except AssistantError as err:
        _fail(str(err))
    # load the model and index while the client connects; its first call waits for them if it comes sooner
    threading.Thread(target=_warm, args=(assistant,), name="warm-up", daemon=True).start()
    serve_stdio(lambda: assistant)


def _warm(assistant: Any) -> None:
    import logging

    try:
        assistant.warm_up()
    except Exception as err:  # the tools report it (e.g. an empty index) when called
        logging.getLogger(__name__).warning("warm-up: %s", err)


@app.command("serve-cluster")
def serve_cluster(
    workers: Annotated[int, typer.Option(min=1, help="uvicorn worker processes.")] = 2,
    host: Annotated[str | None, typer.Option(help="Address to bind (default ASSISTANT_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default ASSISTANT_PORT, 7860).")] = None,
    chroma_port: Annotated[int | None, typer.Option(help="Chroma server port (default ASSISTANT_CHROMA_PORT, "
                                                    "else 8001).")] = None,
    chroma_path: Annotated[Path | None, typer.Option(help="Chroma server data folder (default "
                                                     "<ASSISTANT_INDEX_DIR>/chroma-server).")] = None,
    ingest: Annotated[bool, typer.Option(help="Bring the index up to date with the corpus first.")] = True,
) -> None:
    """Run a Chroma server and several workers sharing it (or use the server in ASSISTANT_CHROMA_HOST/PORT)."""
    import uvicorn

    from .cluster import cluster_env, start_chroma, stop
    from .errors import AssistantError
    from .security import server_options

    settings = _settings(host=host, port=port)
    chroma = None
    try:
        if not settings.server_mode:
            chroma_port = chroma_port or settings.chroma_port or 8001
            data = chroma_path or settings.index_dir / "chroma-server"
            typer.echo(f"starting chroma on 127.0.0.1:{chroma_port} (data in {data})", err=True)
            chroma = start_chroma(data, "127.0.0.1", chroma_port)
            cluster_env("127.0.0.1", chroma_port)
        if ingest:
            typer.echo(_assistant().ingest(progress=False).summary(), err=True)
        typer.echo(f"serving {workers} workers on http://{settings.host}:{settings.port}", err=True)
        uvicorn.run("assistant.api:create_app", factory=True, host=settings.host, port=settings.port,
                    workers=workers, log_level="warning", **server_options(settings.trusted_proxies))
    except AssistantError as err:
        _fail(str(err))
    finally:
        if chroma is not None:
            stop(chroma)


@app.command("eval", context_settings={"help_option_names": ["--help", "-h"]})
def eval_(
    target: Annotated[str, typer.Argument(help="An eval set (.jsonl, .csv or .xlsx; see evals/questions.jsonl), or "
                                          "`beir DIR`, `template --out FILE`, `review REPORT.json`.")],
    path: Annotated[Path | None, typer.Argument(help="With `beir`: a folder holding corpus.jsonl, queries.jsonl "
                                                "and qrels/SPLIT.tsv; with `review`: a report.json.")] = None,
    out: Annotated[Path | None, typer.Option(help="Folder for the reports (report.json/.md/.html, metrics.json; "
                                             "BEIR: metrics.json, run.json, report.md); with `template`: the "
                                             ".csv or .xlsx file to write.")] = None,
    mode: Annotated[str, typer.Option(help="Retrieval of the primary run: hybrid, dense or bm25.")] = "hybrid",
    compare: Annotated[str | None, typer.Option(help="Systems side by side, e.g. dense,bm25,hybrid (dense = a plain "
                                                "LangChain Chroma similarity search).")] = None,
    against: Annotated[Path | None, typer.Option(help="A previous report.json: add what got better and worse, "
                                                 "and old and new answers of every item whose verdict changed.")
                       ] = None,
    thresholds: Annotated[Path | None, typer.Option(help="A thresholds TOML (evals/thresholds.toml); exit 1 "
                                                    "listing each missed threshold.")] = None,
    label: Annotated[str, typer.Option(help="A name for this run (a corpus version, a setting), shown in the "
                                       "reports.")] = "",
    reviews: Annotated[Path | None, typer.Option(help="Human verdicts (default: SET.reviews.jsonl beside the set; "
                                                 "`review` writes them).")] = None,
    review_all: Annotated[bool, typer.Option("--all", help="With `review`: every answered item, not only those "
                                             "without an automatic check.")] = False,
    blind: Annotated[bool, typer.Option(help="Keep held-out items (split: heldout) out of every listing and "
                                        "strip their questions and answers from report.json; their metrics stay.")
                     ] = False,
    split: Annotated[str, typer.Option(help="With `beir`: the qrels split to score.")] = "test",
    config: Annotated[Path | None, typer.Option(help="A settings TOML for this run (e.g. evals/beir.toml).")] = None,
    quiet: Annotated[bool, typer.Option(help="No progress bars.")] = False,
) -> None:
    """Run an eval set through the full pipeline, or score a BEIR dataset; print the metrics, write reports.

    Bad input to the set itself (missing or unreadable file, no usable item, a sheet without a header row, no item
    carrying any check) exits 2; bad rows are reported with their row number and skipped.
    """
    from .errors import AssistantError
    from .evals.sets import EvalSetError

    try:
        if target == "template":
            _eval_template(out, path)
            return
        if target == "review":
            _eval_review(path, reviews, review_all)
            return
        settings = _eval_settings(config)
        if target == "beir":
            if against or thresholds or mode != "hybrid":
                _fail("--against, --thresholds and --mode apply to eval sets, not to `eval beir`; use --compare")
            _eval_beir(settings, path, split, out, compare, quiet)
            return
        if path is not None:
            _fail(f"unexpected argument {str(path)!r}; only `assistant eval beir DIR` and `assistant eval review "
                  "REPORT.json` take a second argument")
        _eval_set(settings, Path(target), out, mode, compare, against, thresholds, quiet, label, reviews, blind)
    except EvalSetError as err:
        _fail(str(err), code=2)
    except AssistantError as err:
        _fail(str(err))


def _eval_template(out: Path | None, extra: Path | None) -> None:
    from .evals.sets import write_template

    if out is None or extra is not None:
        _fail("give the file to write: assistant eval template --out my-set.xlsx (or .csv)", code=2)
    assert out is not None
    typer.echo(f"wrote {write_template(out)}: fill in one question a row, then `assistant eval {out}`", err=True)


def _eval_review(report_path: Path | None, reviews: Path | None, review_all: bool) -> None:
    """Ask a person for a verdict on each answer no automatic check judged (or on every answer with --all)."""
    from .evals.reviews import answer_sha, load_reviews, record, reviews_path
    from .evals.sets import EvalSetError

    if report_path is None:
        _fail("give the report to review: assistant eval review OUT/report.json", code=2)
    assert report_path is not None
    try:
        payload = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise EvalSetError(f"cannot read report {report_path} ({getattr(err, 'strerror', None) or err}); give "
                           "the report.json an `assistant eval ... --out DIR` wrote") from err
    if not isinstance(payload, dict) or not isinstance(payload.get("items"), list):
        raise EvalSetError(f"{report_path} is not a report.json written by `assistant eval`")
    target = reviews or (reviews_path(Path(payload["eval_set"])) if payload.get("eval_set") else None)
    if target is None:
        _fail("the report names no eval set; give --reviews FILE", code=2)
    assert target is not None
    done = {(str(e.get("id")), e["answer_sha"]) for e in load_reviews(target)}
    todo = [i for i in payload["items"] if i.get("answer") is not None and not i.get("abstained")
            and (review_all or i.get("passed") is None) and (i["id"], answer_sha(i["answer"])) not in done]
    if not todo:
        typer.echo("nothing to review: every answer without an automatic check already has a verdict "
                   "(use --all to review the others)", err=True)
        return
    counted = 0
    for number, item in enumerate(todo, start=1):
        typer.echo(f"\n[{number}/{len(todo)}] {item['id']}: {item['question']}\n")
        typer.echo(item["answer"])
        choice = typer.prompt("\nright, wrong, skip or quit? [r/w/s/q]", default="s").strip().lower()[:1]
        if choice == "q":
            break
        if choice in ("r", "w"):
            record(target, item, "right" if choice == "r" else "wrong")
            counted += 1
    typer.echo(f"recorded {counted} verdict(s) in {target}; the next `assistant eval` of the set counts them",
               err=True)


def _eval_settings(config: Path | None) -> Any:
    if config is None:
        return _settings()
    import tomllib

    try:
        overrides = tomllib.loads(config.read_text(encoding="utf-8"))
    except OSError as err:
        _fail(f"cannot read --config {config} ({err.strerror}); check the path")
    except tomllib.TOMLDecodeError as err:
        _fail(f"--config {config} is not valid TOML ({err})")
    from .settings import Settings

    unknown = sorted(set(overrides) - set(Settings.model_fields))
    if unknown:
        _fail(f"--config {config}: unknown setting(s) {', '.join(unknown)}")
    return _settings(**overrides)


def _eval_set(settings: Any, eval_set: Path, out: Path | None, mode: str, compare: str | None,
              against: Path | None, thresholds: Path | None, quiet: bool, label: str = "",
              reviews: Path | None = None, blind: bool = False) -> None:
    from .assistant import build_assistant
    from .evals import gate, report
    from .evals.baselines import parse_systems
    from .evals.reviews import apply_reviews, load_reviews, reviews_path
    from .evals.sets import read_eval_set
    from .evals.suite import evaluate_set

    if mode not in ("hybrid", "dense", "bm25"):
        _fail(f"mode {mode!r} is not hybrid, dense or bm25")
    systems = parse_systems(compare) if compare else None
    primary = mode if not systems or mode in systems else ("hybrid" if "hybrid" in systems else systems[0])
    limits = gate.load_thresholds(thresholds) if thresholds else None
    previous = report.load_previous(against) if against else None
    loaded = read_eval_set(eval_set)
    for problem in loaded.problems:
        typer.echo(f"warning: {problem}", err=True)
    verdicts_file = reviews or reviews_path(eval_set)
    human = load_reviews(verdicts_file)
    runs, meta = evaluate_set(build_assistant(settings), loaded.items, primary=primary, compare=systems,
                              progress=not quiet, eval_set=str(eval_set))
    meta["label"] = label
    meta["skipped_rows"] = loaded.problems
    if human:
        counts = {name: apply_reviews(results, human) for name, results in runs.items()}
        meta["reviews"] = {"file": str(verdicts_file), **counts[primary]}
    payload = report.build_payload(runs, primary, meta)
    if previous is not None:
        payload["diff"] = report.diff(previous, payload)
    missed: list[str] = []
    if limits is not None and thresholds is not None:
        missed = gate.check(payload["metrics"], limits)
        payload["gate"] = {"file": str(thresholds), "missed": missed,
                           "not_applicable": gate.not_applicable(payload["metrics"], limits)}
    if blind:
        report.blind(payload)
    if out is not None:
        for path in report.write_reports(out, payload):
            typer.echo(f"wrote {path}", err=True)
    typer.echo(report.markdown_report(payload))
    if missed:
        typer.echo(f"gate failed: {len(missed)} threshold(s) of {thresholds} missed:", err=True)
        for line in missed:
            typer.echo(f"  - {line}", err=True)
        raise typer.Exit(1)
    if limits is not None:
        typer.echo(f"gate passed: every threshold of {thresholds} met", err=True)


def _eval_beir(settings: Any, directory: Path | None, split: str, out: Path | None, compare: str | None,
               quiet: bool) -> None:
    from .evals.baselines import parse_systems
    from .evals.suite import beir_markdown, evaluate_beir, write_beir

    if directory is None:
        typer.echo("error: give the BEIR folder: assistant eval beir DIR --split test", err=True)
        raise typer.Exit(1)
    systems = parse_systems(compare) if compare else None
    result = evaluate_beir(settings, directory, split, compare=systems, progress=not quiet,
                           echo=lambda line: typer.echo(line, err=True))
    if out is not None:
        for path in write_beir(out, result):
            typer.echo(f"wrote {path}", err=True)
    typer.echo(beir_markdown(result))


@corpus_app.command("check")
def corpus_check(
    directory: Annotated[Path | None, typer.Argument(help="Corpus folder (default: ASSISTANT_CORPUS_DIR).")] = None,
) -> None:
    """Validate every note: schema, ids, dates, URLs, length, tables, source keys and [^key] markers."""
    from .corpus import check_corpus

    report = check_corpus(directory or _settings().corpus_dir)
    for problem in report.problems:
        typer.echo(str(problem), err=True)
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)


@corpus_app.command("stale")
def corpus_stale(
    directory: Annotated[Path | None, typer.Argument(help="Corpus folder (default: ASSISTANT_CORPUS_DIR).")] = None,
    days: Annotated[int, typer.Option(min=0, help="List notes not reviewed within this many days.")] = 180,
) -> None:
    """List notes to bring up to date: not reviewed within --days, or naming an end date that has passed."""
    from .freshness import render_table, stale_notes

    folder = directory or _settings().corpus_dir
    if not folder.is_dir():
        _fail(f"{folder} is not a folder; pass the corpus folder")
    items = stale_notes(folder, days=days)
    notes = len({item.path for item in items})
    if items:
        typer.echo(render_table(items))
    typer.echo(f"{notes} note(s) to look at ({len(items)} reason(s)); reviewed within {days} days and no passed end "
               "date otherwise", err=True)


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
