"""Client/server mode against a real `chroma run` server; helpers for the fault tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import FIXTURE_CORPUS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    chroma = Path(sys.executable).with_name("chroma")
    port = free_port()
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def test_server_mode_ingests_and_answers(make_assistant, corpus: Path, chroma_server: int) -> None:
    assistant = make_assistant(corpus, chroma_host="127.0.0.1", chroma_port=chroma_server)
    assert assistant.settings.server_mode
    report = assistant.ingest(progress=False)
    assert report.added == 5
    answer = assistant.ask("Which MP Materials securities did the Defense Department acquire in mid-2025?")
    assert not answer.abstained and answer.citations[0].doc_id == "mp-materials"
    # a second client (another worker) sees the same index
    other = make_assistant(corpus, chroma_host="127.0.0.1", chroma_port=chroma_server)
    assert other.ingest(progress=False).unchanged == 5
    assert other.store.chunk_ids() == assistant.store.chunk_ids()


def test_unreachable_server_is_a_clear_error(make_assistant, corpus: Path) -> None:
    from assistant.errors import StoreUnavailableError

    with pytest.raises(StoreUnavailableError, match="chroma run"):
        make_assistant(corpus, chroma_host="127.0.0.1", chroma_port=free_port())


def _big_corpus(target: Path, copies: int = 12) -> None:
    target.mkdir()
    for path in FIXTURE_CORPUS.glob("*.md"):
        text = path.read_text()
        for i in range(copies):
            doc_id = f"{path.stem}-{i}"
            body = text.replace(f"id: {path.stem}", f"id: {doc_id}").replace("2030", f"{2030 + i}")
            (target / f"{doc_id}.md").write_text(body)


# The killed-ingest trials (one at a random point by default, twenty with `-m slow`) are in test_faults.py.
