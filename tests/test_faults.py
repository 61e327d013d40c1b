"""Faults, with real processes: ingests killed with SIGKILL at random points, queries during an ingest, the Chroma
server stopped and restarted under a serving API, and corpus files that cannot be read.

A killed ingest dies at a point chosen by its progress, not by a clock: ``ASSISTANT_INGEST_KILL_AFTER_WRITES=N``
makes the ingest SIGKILL itself right after its N-th write to the store, so every trial lands mid-write however busy
the machine is (a wall-clock delay once let all ten kills land before the first write)."""

from __future__ import annotations

import math
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient

from assistant.cluster import start_chroma, stop
from tests.conftest import FIXTURE_CORPUS
from tests.test_resilience import _big_corpus, free_port

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What did China's July 2023 licensing cover?"


class ChromaServer:
    """A real `chroma run` that a test can stop and start again on the same port and data folder."""

    def __init__(self, data: Path) -> None:
        self.data, self.port = data, free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = start_chroma(self.data, "127.0.0.1", self.port)

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)
            self.proc = None


@pytest.fixture
def chroma(tmp_path: Path):  # type: ignore[no-untyped-def]
    server = ChromaServer(tmp_path / "chroma-data")
    server.start()
    yield server
    server.stop()


def ingest_cmd(env: dict[str, str]) -> subprocess.Popen[bytes]:
    # small write groups: many points where a kill leaves a partly written index
    return subprocess.Popen([sys.executable, "-m", "assistant", "ingest", "--quiet"], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "ASSISTANT_INGEST_BATCH": "16", **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def snapshot(assistant: Any) -> tuple[set[str], set[str], dict[str, Any]]:
    """Passage ids, sentence ids, and passage vectors."""
    ids = sorted(assistant.store.chunk_ids())
    chunks = assistant.store.get_chunks(ids, embeddings=True)
    return set(ids), assistant.store.sentence_ids(), {cid: np.asarray(v[2]) for cid, v in chunks.items()}


def assert_converged(survivor: Any, reference: tuple[set[str], set[str], dict[str, Any]]) -> None:
    ids, sentences, vectors = snapshot(survivor)
    assert ids == reference[0], f"lost {len(reference[0] - ids)}, extra {len(ids - reference[0])} passages"
    assert sentences == reference[1], "evidence sentences differ from a clean ingest"
    assert survivor.store.count() == len(reference[0])  # no duplicates
    for cid, vector in vectors.items():  # and no half-written vectors
        assert np.allclose(vector, reference[2][cid], atol=1e-3), cid


# -- SIGKILL at random points ---------------------------------------------------------------------------------------
GROUP = 16  # ASSISTANT_INGEST_BATCH of ingest_cmd


def _killed_ingest(env: dict[str, str], writes: int) -> None:
    """An ingest that kills itself (SIGKILL) right after its ``writes``-th write to the store."""
    proc = ingest_cmd({**env, "ASSISTANT_INGEST_KILL_AFTER_WRITES": str(writes)})
    assert proc.wait(timeout=600) == -signal.SIGKILL, "the ingest finished before its kill point"


def _add_writes(passages: int) -> int:
    """Store writes of an ingest adding ``passages``: each group of 16 writes its sentences, then its passages."""
    return 2 * math.ceil(passages / GROUP)


def test_one_ingest_killed_at_a_random_point_converges(make_assistant, tmp_path: Path) -> None:
    """The quick version for every run; the slow test below does ten trials in each store mode."""
    corpus = tmp_path / "big"
    _big_corpus(corpus, copies=6)
    reference = make_assistant(corpus, index_dir=tmp_path / "clean")
    reference.ingest(progress=False)
    expected = snapshot(reference)
    index = tmp_path / "killed"
    writes = random.Random(20261129).randrange(1, _add_writes(len(expected[0])))
    _killed_ingest({"ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(index)}, writes)
    survivor = make_assistant(corpus, index_dir=index)
    assert survivor.store.count() < len(expected[0])  # the kill left the index half written
    survivor.ingest(progress=False)
    assert_converged(survivor, expected)


@pytest.mark.slow
def test_ten_embedded_ingests_killed_at_random_points_converge(make_assistant, tmp_path: Path) -> None:
    corpus = tmp_path / "big"
    _big_corpus(corpus)
    reference = make_assistant(corpus, index_dir=tmp_path / "clean")
    reference.ingest(progress=False)
    expected = snapshot(reference)
    total = _add_writes(len(expected[0]))
    rng = random.Random(7)
    # ten distinct kill points over the whole ingest: after a group's sentences (odd) or its passages (even)
    points = sorted(rng.sample(range(1, total), 10))
    for trial, writes in enumerate(points):
        index = tmp_path / f"killed-{trial}"
        _killed_ingest({"ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(index)}, writes)
        survivor = make_assistant(corpus, index_dir=index)
        stored = survivor.store.count()
        assert stored < len(expected[0]), (writes, stored)  # the kill left the index half written
        if stored:  # what a killed ingest left still answers
            answer = survivor.ask(QUESTION, use_cache=False)
            assert answer.text and (answer.abstained or answer.citations)
        survivor.ingest(progress=False)
        assert_converged(survivor, expected)


def _edit(corpus: Path, version: int) -> None:
    """Version 0 is the big corpus; version 1 changes a third of its notes, drops a sixth and adds two."""
    for i, path in enumerate(sorted(corpus.glob("*.md"))):
        text = path.read_text()
        if version and i % 3 == 0:
            path.write_text(text.replace("2023", "2022"))
        if version and i % 6 == 1:
            path.rename(path.with_suffix(".md.off"))
    for path in corpus.glob("*.md.off"):
        if not version:
            path.rename(path.with_suffix(""))


@pytest.mark.slow
def test_ten_server_ingests_killed_at_random_points_converge(make_assistant, tmp_path: Path, chroma) -> None:
    """One index on a Chroma server, the corpus switching between two versions at every trial, so each killed ingest
    is adding, replacing and deleting passages."""
    corpus = tmp_path / "big"
    _big_corpus(corpus)
    pristine = {p.name: p.read_text() for p in corpus.glob("*.md")}
    references = []
    for version in (0, 1):
        for name, text in pristine.items():
            (corpus / name).write_text(text)
        for path in corpus.glob("*.md.off"):
            path.unlink()
        _edit(corpus, version)
        clean = make_assistant(corpus, index_dir=tmp_path / f"clean-{version}")
        clean.ingest(progress=False)
        references.append(snapshot(clean))
    server_env = {"ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_CHROMA_HOST": "127.0.0.1",
                  "ASSISTANT_CHROMA_PORT": str(chroma.port)}
    assert ingest_cmd(server_env).wait(timeout=600) == 0  # the index now holds version 1
    survivor = make_assistant(corpus, chroma_host="127.0.0.1", chroma_port=chroma.port)
    rng = random.Random(11)
    for trial in range(10):
        version = trial % 2  # 0, 1, 0, ...: always a change to make
        for name, text in pristine.items():
            (corpus / name).write_text(text)
        for path in corpus.glob("*.md.off"):
            path.unlink()
        _edit(corpus, version)
        # the index holds the other version: this ingest adds the passages only this one has, then deletes
        adds = len(references[version][0] - references[1 - version][0])
        _killed_ingest(server_env, rng.randrange(1, _add_writes(adds) + 1))
        assert survivor.ask(QUESTION, use_cache=False).text  # the index answers between a kill and the rerun
        survivor.ingest(progress=False)
        assert_converged(survivor, references[version])


# -- queries during an ingest ---------------------------------------------------------------------------------------
def test_queries_keep_answering_while_an_ingest_runs(make_assistant, corpus: Path, tmp_path: Path, chroma) -> None:
    from assistant.api import create_app

    serving = make_assistant(corpus, chroma_host="127.0.0.1", chroma_port=chroma.port)
    serving.ingest(progress=False)
    before = len(serving.sources())
    more = tmp_path / "more"
    _big_corpus(more, copies=2)
    for path in more.glob("*.md"):
        (corpus / path.name).write_text(path.read_text())
    proc = ingest_cmd({"ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_CHROMA_HOST": "127.0.0.1",
                       "ASSISTANT_CHROMA_PORT": str(chroma.port)})
    statuses: list[int] = []
    with TestClient(create_app(serving.settings, serving, with_ui=False)) as client:
        while proc.poll() is None:
            r = client.post("/api/ask", json={"question": QUESTION})
            statuses.append(r.status_code)
            assert r.status_code == 200, r.text
            assert r.json()["citations"] and "gallium" in r.json()["answer"].lower()
        assert proc.returncode == 0
        time.sleep(2.5)  # the retriever checks the index generation at most every 2 s
        after = client.get("/api/sources").json()["count"]
    assert len(statuses) >= 5 and after == before + 10


# -- the Chroma server goes away and comes back ---------------------------------------------------------------------
def test_chroma_server_stopped_gives_503_then_recovers(make_assistant, corpus: Path, chroma) -> None:
    make_assistant(corpus, chroma_host="127.0.0.1", chroma_port=chroma.port).ingest(progress=False)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ASSISTANT_CHROMA_HOST": "127.0.0.1",
           "ASSISTANT_CHROMA_PORT": str(chroma.port), "ASSISTANT_PORT": str(port), "ASSISTANT_HOST": "127.0.0.1"}
    api = subprocess.Popen([sys.executable, "-m", "assistant", "serve"], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def ask(question: str = QUESTION) -> httpx.Response:
        return httpx.post(base + "/api/ask", json={"question": question}, timeout=60)

    try:
        deadline = time.monotonic() + 240
        while True:
            assert time.monotonic() < deadline and api.poll() is None, "the API did not become ready"
            try:
                if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        first = ask()
        assert first.status_code == 200

        chroma.stop()
        # a question not asked before: the answer cache may still hold the first one for a moment
        down = ask("Which price floor did the Department of Defense guarantee for NdPr?")
        assert down.status_code == 503, down.text
        assert "Chroma server" in down.json()["error"] and "chroma run" in down.json()["error"]
        assert httpx.get(base + "/healthz", timeout=5).status_code == 200  # the process itself stays up

        chroma.start()  # same port, same data folder
        deadline = time.monotonic() + 60
        while (again := ask()).status_code != 200:
            assert time.monotonic() < deadline, f"no recovery: {again.status_code} {again.text}"
            time.sleep(0.5)
        assert again.json()["answer"] == first.json()["answer"]
    finally:
        api.terminate()
        api.wait(timeout=30)


# -- files that cannot be read ----------------------------------------------------------------------------------------
def _bad_files(corpus: Path) -> dict[str, str]:
    """Each bad entry and a word its warning must contain."""
    (corpus / "gone.md").symlink_to(corpus / "no-such-target.md")  # root reads every file: a broken link instead
    (corpus / "folder.md").mkdir()
    (corpus / "binary.md").write_bytes(b"---\nid: x\n---\n\x00\x01\x02" * 50)
    (corpus / "latin1.md").write_bytes("## Notes\n\nLes r\u00e9serves de gallium \u00e0 Pechiney.".encode("latin-1"))
    (corpus / "empty.md").write_bytes(b"")
    huge = (FIXTURE_CORPUS / "eu-crma.md").read_text().replace("id: eu-crma", "id: huge-note")
    (corpus / "huge.md").write_text(huge + "\nThe regulation sets benchmarks for the EU. " * 4000)
    return {"gone.md": "broken link", "folder.md": "cannot be read", "binary.md": "binary",
            "latin1.md": "UTF-8", "empty.md": "empty", "huge.md": "limit"}


def test_unreadable_binary_non_utf8_empty_and_huge_files_are_skipped(make_assistant, corpus: Path) -> None:
    bad = _bad_files(corpus)
    assistant = make_assistant(corpus, max_file_mb=0.1)
    report = assistant.ingest(progress=False)
    assert report.added == 5  # every good note
    reasons = {Path(path).name: reason for path, reason in report.skipped}
    assert set(reasons) == set(bad)
    for name, word in bad.items():
        assert name in reasons[name] and word in reasons[name], reasons[name]
    assert not assistant.ask(QUESTION).abstained


def test_the_cli_warns_about_each_skipped_file_and_succeeds(corpus: Path, tmp_path: Path) -> None:
    bad = _bad_files(corpus)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ASSISTANT_CORPUS_DIR": str(corpus),
           "ASSISTANT_INDEX_DIR": str(tmp_path / "cli-index"), "ASSISTANT_MAX_FILE_MB": "0.1"}
    result = subprocess.run([sys.executable, "-m", "assistant", "ingest", "--quiet"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: skipped")]
    assert len(warnings) == len(bad)
    for name in bad:
        assert any(str(corpus / name) in w for w in warnings), name
    assert "added 5" in result.stdout and "skipped 6 file(s)" in result.stdout
    assert "Traceback" not in result.stderr
