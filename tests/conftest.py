"""Shared fixtures: the real embedding model (loaded once), and every test's state under its own temporary folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

DATA = Path(__file__).parent / "data"
FIXTURE_CORPUS = DATA / "corpus"


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the project's own index or config."""
    for key in list(os.environ):
        if key.startswith("ASSISTANT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("ASSISTANT_CONFIG", str(tmp_path / "no-config.toml"))


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    from assistant.embeddings import SentenceEmbedder
    from assistant.settings import Settings

    return SentenceEmbedder(Settings().embedding_model)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the fixture corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURE_CORPUS, target)
    return target


@pytest.fixture
def make_assistant(tmp_path: Path, embedder):  # type: ignore[no-untyped-def]
    """Build an assistant over a folder, sharing the session's model."""
    from assistant.assistant import build_assistant
    from assistant.settings import Settings

    def make(corpus_dir: Path, **overrides):  # type: ignore[no-untyped-def]
        settings = Settings(corpus_dir=corpus_dir, index_dir=overrides.pop("index_dir", tmp_path / "index"),
                            **overrides)
        assistant = build_assistant(settings, embedder=embedder)
        return assistant

    return make


@pytest.fixture
def fixture_assistant(make_assistant, corpus: Path) -> Iterator:  # type: ignore[no-untyped-def]
    assistant = make_assistant(corpus)
    assistant.ingest(progress=False)
    yield assistant
